import type { LedgerStore } from '../db/ledger-store.ts';
import type { FundChart } from '../domain/chart.ts';

/** What every capability call needs, built once per app by createApp. */
export interface LedgerDeps {
  store: LedgerStore;
  nowMs: () => number;
  chart: FundChart;
}

/** Hono's typed environment: per-request values live on `c.var`. */
export interface AppEnv {
  Variables: {
    requestId: string;
    deps: LedgerDeps;
  };
}

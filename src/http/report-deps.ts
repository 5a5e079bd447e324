import type { Context } from 'hono';
import { ReportQueries } from '../db/report-queries.ts';
import type { ReportHeading } from '../web/report-pages.tsx';
import type { AppEnv } from './env.ts';

/** The reports' store for one request: their queries over the app's store (src/db/report-queries.ts). */
export function reportDeps(c: Context<AppEnv>) {
  return { store: new ReportQueries(c.var.deps.store), nowMs: c.var.deps.nowMs };
}

/**
 * What a printable report's head names: the fund and its unit, or the unit (and whether the units below
 * it are included), or the account. Read after the report's capability allowed the request.
 */
export async function headingOf(
  c: Context<AppEnv>,
  scope: { fundId: string | null; unitId: string | null; descendants?: boolean; accountId?: string | null },
): Promise<ReportHeading> {
  const store = c.var.deps.store;
  const account = scope.accountId ? await store.getAccount(scope.accountId) : null;
  const fund = await store.getFund(scope.fundId ?? account?.fundId ?? '');
  const unit = await store.getUnit(scope.unitId ?? fund?.unitId ?? '');
  const consolidated = scope.unitId !== null && scope.descendants === true && scope.fundId === null;
  return {
    unitName: unit?.name ?? null,
    fundName: fund?.name ?? null,
    scopeNote: account
      ? `Tài khoản ${account.code} — ${account.name}`
      : consolidated
        ? 'Tổng hợp các quỹ của đơn vị và các đơn vị trực thuộc'
        : null,
  };
}

import type { SessionRecord } from '../capabilities/sessions.ts';
import type { ProjectStore } from '../db/project-store.ts';
import type { Actor } from '../domain/access.ts';
import type { FundChart } from '../domain/chart.ts';
import type { FundRulesByKind } from '../domain/disbursements.ts';

/** What every capability call needs, built once per app by createApp. */
export interface AppDeps {
  store: ProjectStore;
  nowMs: () => number;
  chart: FundChart;
  fundRules: FundRulesByKind;
  passwordIterations: number;
}

/** Hono's typed environment: per-request values live on `c.var`. */
export interface AppEnv {
  Variables: {
    requestId: string;
    deps: AppDeps;
    /** Set by the authentication middleware on every /api/v1 route that is not public. */
    actor: Actor;
    /** The web session, when the request was authenticated by its cookie. */
    session: SessionRecord | null;
    /** The audited action of the matched route, e.g. `entries.create`. */
    action: string;
    /** The client's address as the runtime knows it (socket on Node, CF-Connecting-IP on Workers). */
    clientIp: string | null;
    /** Scheme and host the client used: the request URL's, or the trusted proxy's X-Forwarded-* headers. */
    publicOrigin: string;
  };
}

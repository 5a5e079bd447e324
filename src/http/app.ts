import type { Client } from '@libsql/client';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { LedgerStore } from '../db/ledger-store.ts';
import { DEFAULT_FUND_CHART, type FundChart } from '../domain/chart.ts';
import { newId } from '../domain/ids.ts';
import { BODY_BYTES_MAX } from '../domain/limits.ts';
import type { AppEnv, LedgerDeps } from './env.ts';
import { isProblemCode, PROBLEMS, problem, toProblem } from './problem.ts';
import { accountRoutes } from './routes/accounts.ts';
import { entryRoutes } from './routes/entries.ts';
import { fundRoutes } from './routes/funds.ts';
import { reportRoutes } from './routes/reports.ts';
import { unitRoutes } from './routes/units.ts';

export interface AppOptions {
  /** A libSQL client: embedded file or memory on Node, HTTP on Workers. */
  db: Client;
  nowMs?: () => number;
  chart?: FundChart;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Builds the Sổ Quỹ API. Node, Workers and the tests all serve this same app. */
export function createApp(options: AppOptions) {
  const deps: LedgerDeps = {
    store: new LedgerStore(options.db),
    nowMs: options.nowMs ?? Date.now,
    chart: options.chart ?? DEFAULT_FUND_CHART,
  };

  const api = new Hono<AppEnv>()
    .route('/units', unitRoutes)
    .route('/funds', fundRoutes)
    .route('/accounts', accountRoutes)
    .route('/entries', entryRoutes)
    .route('/reports', reportRoutes);

  const app = new Hono<AppEnv>()
    .use(async (c, next) => {
      const incoming = c.req.header('X-Request-Id');
      c.set('requestId', incoming && REQUEST_ID.test(incoming) ? incoming : newId());
      c.set('deps', deps);
      await next();
      c.header('X-Request-Id', c.get('requestId'));
    })
    .use(secureHeaders())
    .use(
      bodyLimit({
        maxSize: BODY_BYTES_MAX,
        onError: (c) =>
          problem(c, 'payload-too-large', `Request bodies may be at most ${BODY_BYTES_MAX} bytes.`),
      }),
    )
    .get('/healthz', (c) => c.json({ status: 'ok' }))
    .get('/problems/:code', (c) => {
      const code = c.req.param('code');
      if (!isProblemCode(code)) return problem(c, 'route-not-found', `There is no problem type ${code}.`);
      return c.json({ type: `/problems/${code}`, ...PROBLEMS[code] });
    })
    .route('/api/v1', api);

  app.notFound((c) => problem(c, 'route-not-found', `There is no endpoint ${c.req.method} ${c.req.path}.`));
  app.onError(toProblem);
  return app;
}

export type AppType = ReturnType<typeof createApp>;

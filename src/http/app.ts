import type { Client } from '@libsql/client';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import { ProjectStore } from '../db/project-store.ts';
import { DEFAULT_FUND_CHART, type FundChart } from '../domain/chart.ts';
import { DEFAULT_FUND_RULES, type FundRulesByKind } from '../domain/disbursements.ts';
import { newId } from '../domain/ids.ts';
import {
  BATCH_BODY_BYTES_MAX,
  BODY_BYTES_MAX,
  EVIDENCE_BODY_BYTES_MAX,
  STATEMENT_UPLOAD_BODY_BYTES_MAX,
} from '../domain/limits.ts';
import { PASSWORD_ITERATIONS_DEFAULT } from '../domain/passwords.ts';
import { auditRefusals } from './audit.ts';
import { authenticate, resolveAction } from './auth.ts';
import type { AppDeps, AppEnv } from './env.ts';
import { isProblemCode, PROBLEMS, problem, toProblem } from './problem.ts';
import { accountRoutes } from './routes/accounts.ts';
import { assetRoutes } from './routes/assets.ts';
import { auditRoutes } from './routes/audit.ts';
import { authRoutes } from './routes/auth.ts';
import { bankStatementRoutes } from './routes/bank-statements.ts';
import { beneficiaryRoutes } from './routes/beneficiaries.ts';
import { campaignRoutes } from './routes/campaigns.ts';
import { disbursementRoutes } from './routes/disbursements.ts';
import { donationRoutes } from './routes/donations.ts';
import { donorRoutes } from './routes/donors.ts';
import { entryRoutes } from './routes/entries.ts';
import { exportRoutes } from './routes/export.ts';
import { fundRoutes } from './routes/funds.ts';
import { integrityRoutes } from './routes/integrity.ts';
import { periodCloseRoutes } from './routes/period-closes.ts';
import { pledgeRoutes } from './routes/pledges.ts';
import { projectRoutes } from './routes/projects.ts';
import { publicRoutes } from './routes/public.ts';
import { publicPageRoutes } from './routes/public-pages.ts';
import { receiptPageRoutes } from './routes/receipt-page.ts';
import { receiptRoutes } from './routes/receipts.ts';
import { reportPageRoutes } from './routes/report-pages.ts';
import { reportRoutes } from './routes/reports.ts';
import { tokenRoutes } from './routes/tokens.ts';
import { traceRoutes } from './routes/trace.ts';
import { transferRoutes } from './routes/transfers.ts';
import { unitRoutes } from './routes/units.ts';
import { userRoutes } from './routes/users.ts';

export interface AppOptions {
  /** A libSQL client: embedded file or memory on Node, HTTP on Workers. */
  db: Client;
  nowMs?: () => number;
  chart?: FundChart;
  /** Per fund kind: allowed categories, costs from donations, the cap on costs (defaults in src/domain/disbursements.ts). */
  fundRules?: FundRulesByKind;
  /** PBKDF2 iterations for new password hashes (tests lower it; production keeps the default). */
  passwordIterations?: number;
  /** The client's address as the runtime knows it; without one, per-address limits do not apply. */
  clientIp?: (c: Context) => string | null;
  /** Origins allowed to call the public API from a browser; none by default. */
  corsOrigins?: string[];
  /**
   * Behind a TLS-terminating proxy (or the edge), believe its X-Forwarded-Proto / X-Forwarded-Host for
   * the scheme and host the client used: secure cookies and the sign-in origin check depend on them.
   */
  trustProxy?: boolean;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
const FORWARDED_PROTO = /^https?$/;
const FORWARDED_HOST = /^[A-Za-z0-9.-]{1,253}(:\d{1,5})?$/;

function publicOriginOf(request: Request, trustProxy: boolean): string {
  const url = new URL(request.url);
  if (!trustProxy) return url.origin;
  const proto = request.headers.get('X-Forwarded-Proto')?.split(',')[0]?.trim() ?? '';
  const host = request.headers.get('X-Forwarded-Host')?.split(',')[0]?.trim() ?? '';
  return `${FORWARDED_PROTO.test(proto) ? proto : url.protocol.slice(0, -1)}://${FORWARDED_HOST.test(host) ? host : url.host}`;
}

const bodyLimitDefault = bodyLimit({
  maxSize: BODY_BYTES_MAX,
  onError: (c) =>
    problem(
      c as Context<AppEnv>,
      'payload-too-large',
      `Request bodies may be at most ${BODY_BYTES_MAX} bytes.`,
    ),
});
/** A batch of up to DONATIONS_PER_BATCH_MAX gifts needs room: about 800 bytes a row. */
const batchBodyLimit = bodyLimit({
  maxSize: BATCH_BODY_BYTES_MAX,
  onError: (c) =>
    problem(
      c as Context<AppEnv>,
      'payload-too-large',
      `A batch body may be at most ${BATCH_BODY_BYTES_MAX} bytes.`,
    ),
});

/** An evidence upload carries a file of up to 2 MiB in base64. */
const evidenceBodyLimit = bodyLimit({
  maxSize: EVIDENCE_BODY_BYTES_MAX,
  onError: (c) =>
    problem(
      c as Context<AppEnv>,
      'payload-too-large',
      `An evidence upload may be at most ${EVIDENCE_BODY_BYTES_MAX} bytes: a file of up to 2 MiB in base64. Keep larger files elsewhere and send a link.`,
    ),
});
const EVIDENCE_UPLOAD_PATH = /^\/api\/v1\/projects\/[^/]+\/evidence$/;

/** A bank statement upload carries a statement file (an .xlsx or CSV of a week of relief transfers). */
const statementBodyLimit = bodyLimit({
  maxSize: STATEMENT_UPLOAD_BODY_BYTES_MAX,
  onError: (c) =>
    problem(
      c as Context<AppEnv>,
      'payload-too-large',
      `A statement upload may be at most ${STATEMENT_UPLOAD_BODY_BYTES_MAX} bytes. Split a larger statement by period and import each part: lines already imported are skipped.`,
    ),
});
const STATEMENT_UPLOAD_PATH = /^\/api\/v1\/bank-accounts\/[^/]+\/statements$/;

function bodyLimitFor(path: string) {
  if (path === '/api/v1/donations/batch') return batchBodyLimit;
  if (STATEMENT_UPLOAD_PATH.test(path)) return statementBodyLimit;
  return EVIDENCE_UPLOAD_PATH.test(path) ? evidenceBodyLimit : bodyLimitDefault;
}

/** Builds the Sổ Quỹ API. Node, Workers and the tests all serve this same app. */
export function createApp(options: AppOptions) {
  const deps: AppDeps = {
    store: new ProjectStore(options.db),
    nowMs: options.nowMs ?? Date.now,
    chart: options.chart ?? DEFAULT_FUND_CHART,
    fundRules: options.fundRules ?? DEFAULT_FUND_RULES,
    passwordIterations: options.passwordIterations ?? PASSWORD_ITERATIONS_DEFAULT,
  };
  const clientIp = options.clientIp ?? (() => null);

  const api = new Hono<AppEnv>()
    .route('/auth', authRoutes)
    .route('/units', unitRoutes)
    .route('/funds', fundRoutes)
    .route('/accounts', accountRoutes)
    .route('/entries', entryRoutes)
    .route('/reports', reportRoutes)
    .route('/export', exportRoutes)
    .route('/users', userRoutes)
    .route('/tokens', tokenRoutes)
    .route('/audit', auditRoutes)
    .route('/campaigns', campaignRoutes)
    .route('/donations', donationRoutes)
    .route('/pledges', pledgeRoutes)
    .route('/donors', donorRoutes)
    .route('/beneficiaries', beneficiaryRoutes)
    .route('/projects', projectRoutes)
    .route('/receipts', receiptRoutes)
    .route('/disbursements', disbursementRoutes)
    .route('/transfers', transferRoutes)
    .route('/period-closes', periodCloseRoutes)
    .route('/bank-accounts', bankStatementRoutes)
    .route('/public/integrity', integrityRoutes)
    .route('/public', publicRoutes)
    .route('/', traceRoutes);

  const app = new Hono<AppEnv>()
    .use(async (c, next) => {
      const incoming = c.req.header('X-Request-Id');
      c.set('requestId', incoming && REQUEST_ID.test(incoming) ? incoming : newId());
      c.set('deps', deps);
      c.set('clientIp', clientIp(c));
      c.set('publicOrigin', publicOriginOf(c.req.raw, options.trustProxy ?? false));
      await next();
      c.header('X-Request-Id', c.get('requestId'));
    })
    .use(
      secureHeaders({
        contentSecurityPolicy: {
          defaultSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          styleSrc: ["'self'"],
          scriptSrc: ["'self'"],
          frameAncestors: ["'none'"],
          formAction: ["'self'"],
          baseUri: ["'none'"],
          objectSrc: ["'none'"],
        },
        referrerPolicy: 'strict-origin-when-cross-origin',
        xFrameOptions: 'DENY',
      }),
    )
    .use('/api/v1/public/*', cors({ origin: options.corsOrigins ?? [], allowMethods: ['GET', 'HEAD'] }))
    .use(auditRefusals)
    .use(resolveAction)
    .use((c, next) => bodyLimitFor(c.req.path)(c, next))
    .use(authenticate)
    .get('/healthz', (c) => c.json({ status: 'ok' }))
    .get('/problems/:code', (c) => {
      const code = c.req.param('code');
      if (!isProblemCode(code)) return problem(c, 'route-not-found', `There is no problem type ${code}.`);
      return c.json({ type: `/problems/${code}`, ...PROBLEMS[code] });
    })
    .route('/api/v1', api)
    .route('/receipts', receiptPageRoutes)
    .route('/reports', reportPageRoutes)
    .route('/assets', assetRoutes)
    .route('/', publicPageRoutes);

  app.notFound((c) => problem(c, 'route-not-found', `There is no endpoint ${c.req.method} ${c.req.path}.`));
  app.onError(toProblem);
  return app;
}

export type AppType = ReturnType<typeof createApp>;

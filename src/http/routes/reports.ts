import { Hono } from 'hono';
import { pledgeReport } from '../../capabilities/pledges.ts';
import { trialBalance } from '../../capabilities/trial-balance.ts';
import type { AppEnv } from '../env.ts';
import { pledgeReportQuery, trialBalanceQuery } from '../schemas.ts';
import { validate } from '../validation.ts';

export const reportRoutes = new Hono<AppEnv>()
  .get('/trial-balance', validate('query', trialBalanceQuery), async (c) => {
    const query = c.req.valid('query');
    const scope = {
      fundId: query.fundId ?? null,
      unitId: query.unitId ?? null,
      descendants: query.descendants ?? false,
    };
    return c.json(await trialBalance(c.var.deps, c.var.actor, { scope, asOf: query.asOf ?? null }));
  })
  .get('/pledges', validate('query', pledgeReportQuery), async (c) =>
    c.json(await pledgeReport(c.var.deps, c.var.actor, c.req.valid('query'))),
  );

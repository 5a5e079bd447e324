import { Hono } from 'hono';
import { createFund, getFund, listFunds } from '../../capabilities/funds.ts';
import { writeContext } from '../context.ts';
import type { AppEnv } from '../env.ts';
import { sendWrite } from '../idempotency.ts';
import { createFundBody, listFundsQuery } from '../schemas.ts';
import { validate } from '../validation.ts';

export const fundRoutes = new Hono<AppEnv>()
  .post('/', validate('json', createFundBody), async (c) => {
    const input = c.req.valid('json');
    return sendWrite(c, await createFund(c.var.deps, await writeContext(c, input), input));
  })
  .get('/', validate('query', listFundsQuery), async (c) =>
    c.json(await listFunds(c.var.deps, c.var.actor, c.req.valid('query'))),
  )
  .get('/:id', async (c) => c.json(await getFund(c.var.deps, c.var.actor, c.req.param('id'))));

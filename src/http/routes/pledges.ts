import { Hono } from 'hono';
import { cancelPledge, createPledge, listPledges } from '../../capabilities/pledges.ts';
import { writeContext } from '../context.ts';
import type { AppEnv } from '../env.ts';
import { sendWrite } from '../idempotency.ts';
import { cancelPledgeBody, createPledgeBody, listPledgesQuery } from '../schemas.ts';
import { validate } from '../validation.ts';

export const pledgeRoutes = new Hono<AppEnv>()
  .post('/', validate('json', createPledgeBody), async (c) => {
    const input = c.req.valid('json');
    return sendWrite(c, await createPledge(c.var.deps, await writeContext(c, input), input));
  })
  .get('/', validate('query', listPledgesQuery), async (c) =>
    c.json(await listPledges(c.var.deps, c.var.actor, c.req.valid('query'))),
  )
  .post('/:id/cancel', validate('json', cancelPledgeBody), async (c) => {
    const input = { pledgeId: c.req.param('id'), ...c.req.valid('json') };
    return sendWrite(c, await cancelPledge(c.var.deps, await writeContext(c, input, 200), input));
  });

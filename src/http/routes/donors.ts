import { Hono } from 'hono';
import { mergeDonor, readDonor, searchDonors } from '../../capabilities/donors.ts';
import { requestContext, writeContext } from '../context.ts';
import type { AppEnv } from '../env.ts';
import { sendWrite } from '../idempotency.ts';
import { listDonorsQuery, mergeDonorBody } from '../schemas.ts';
import { validate } from '../validation.ts';

/** The donor registry: staff only; a donor's private fields are audited on every read. */
export const donorRoutes = new Hono<AppEnv>()
  .get('/', validate('query', listDonorsQuery), async (c) =>
    c.json(await searchDonors(c.var.deps, c.var.actor, c.req.valid('query'))),
  )
  .get('/:id', async (c) => {
    const donor = await readDonor(c.var.deps, requestContext(c), c.req.param('id'));
    c.header('Cache-Control', 'no-store');
    return c.json(donor);
  })
  .post('/:id/merge', validate('json', mergeDonorBody), async (c) => {
    const input = { donorId: c.req.param('id'), ...c.req.valid('json') };
    return sendWrite(c, await mergeDonor(c.var.deps, await writeContext(c, input, 200), input));
  });

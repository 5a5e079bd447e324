import { Hono } from 'hono';
import { createUnit, getUnit, listUnits, recordUnitSuccession } from '../../capabilities/units.ts';
import { writeContext } from '../context.ts';
import type { AppEnv } from '../env.ts';
import { sendWrite } from '../idempotency.ts';
import { createUnitBody, listUnitsQuery, unitSuccessionBody } from '../schemas.ts';
import { validate } from '../validation.ts';

export const unitRoutes = new Hono<AppEnv>()
  .post('/', validate('json', createUnitBody), async (c) => {
    const input = c.req.valid('json');
    return sendWrite(c, await createUnit(c.var.deps, await writeContext(c, input), input));
  })
  .get('/', validate('query', listUnitsQuery), async (c) =>
    c.json(await listUnits(c.var.deps, c.var.actor, c.req.valid('query'))),
  )
  .get('/:id', async (c) => c.json(await getUnit(c.var.deps, c.var.actor, c.req.param('id'))))
  .post('/:id/succession', validate('json', unitSuccessionBody), async (c) => {
    const input = { unitId: c.req.param('id'), ...c.req.valid('json') };
    return sendWrite(c, await recordUnitSuccession(c.var.deps, await writeContext(c, input, 200), input));
  });

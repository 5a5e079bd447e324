import { Hono } from 'hono';
import { closePeriod, listPeriodCloses, reopenPeriod } from '../../capabilities/period-closes.ts';
import { writeContext } from '../context.ts';
import type { AppEnv } from '../env.ts';
import { sendWrite } from '../idempotency.ts';
import { closePeriodBody, listPeriodClosesQuery, reopenPeriodQuery } from '../report-schemas.ts';
import { validate } from '../validation.ts';

/** Khóa sổ: close a fund's books through a month's or a year's end, list the closes, reopen one. */
export const periodCloseRoutes = new Hono<AppEnv>()
  .post('/', validate('json', closePeriodBody), async (c) => {
    const input = c.req.valid('json');
    return sendWrite(c, await closePeriod(c.var.deps, await writeContext(c, input), input));
  })
  .get('/', validate('query', listPeriodClosesQuery), async (c) =>
    c.json(await listPeriodCloses(c.var.deps, c.var.actor, c.req.valid('query'))),
  )
  .delete('/:id', validate('query', reopenPeriodQuery), async (c) => {
    const input = { id: c.req.param('id'), reason: c.req.valid('query').reason ?? null };
    return sendWrite(c, await reopenPeriod(c.var.deps, await writeContext(c, input, 200), input));
  });

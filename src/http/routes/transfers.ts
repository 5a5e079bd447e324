import { Hono } from 'hono';
import { getTransfer, listTransfers, recordTransfer, reverseTransfer } from '../../capabilities/transfers.ts';
import { writeContext } from '../context.ts';
import type { AppEnv } from '../env.ts';
import { sendWrite } from '../idempotency.ts';
import { listTransfersQuery, recordTransferBody, reverseTransferBody } from '../schemas.ts';
import { validate } from '../validation.ts';

export const transferRoutes = new Hono<AppEnv>()
  .post('/', validate('json', recordTransferBody), async (c) => {
    const input = c.req.valid('json');
    return sendWrite(c, await recordTransfer(c.var.deps, await writeContext(c, input), input));
  })
  .get('/', validate('query', listTransfersQuery), async (c) =>
    c.json(await listTransfers(c.var.deps, c.var.actor, c.req.valid('query'))),
  )
  .get('/:id', async (c) => c.json(await getTransfer(c.var.deps, c.var.actor, c.req.param('id'))))
  .post('/:id/reverse', validate('json', reverseTransferBody), async (c) => {
    const input = { transferId: c.req.param('id'), ...c.req.valid('json') };
    return sendWrite(c, await reverseTransfer(c.var.deps, await writeContext(c, input, 200), input));
  });

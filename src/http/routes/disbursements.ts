import { Hono } from 'hono';
import {
  approveDisbursement,
  payDisbursement,
  rejectDisbursement,
  reverseDisbursement,
} from '../../capabilities/disbursement-steps.ts';
import { draftDisbursement, getDisbursement, listDisbursements } from '../../capabilities/disbursements.ts';
import { writeContext } from '../context.ts';
import type { AppEnv } from '../env.ts';
import { sendWrite } from '../idempotency.ts';
import {
  approveDisbursementBody,
  draftDisbursementBody,
  listDisbursementsQuery,
  payDisbursementBody,
  rejectDisbursementBody,
  reverseDisbursementBody,
} from '../schemas.ts';
import { validate } from '../validation.ts';

export const disbursementRoutes = new Hono<AppEnv>()
  .post('/', validate('json', draftDisbursementBody), async (c) => {
    const input = c.req.valid('json');
    return sendWrite(c, await draftDisbursement(c.var.deps, await writeContext(c, input), input));
  })
  .get('/', validate('query', listDisbursementsQuery), async (c) =>
    c.json(await listDisbursements(c.var.deps, c.var.actor, c.req.valid('query'))),
  )
  .get('/:id', async (c) => c.json(await getDisbursement(c.var.deps, c.var.actor, c.req.param('id'))))
  .post('/:id/approve', validate('json', approveDisbursementBody), async (c) => {
    const input = { disbursementId: c.req.param('id'), ...c.req.valid('json') };
    return sendWrite(c, await approveDisbursement(c.var.deps, await writeContext(c, input, 200), input));
  })
  .post('/:id/reject', validate('json', rejectDisbursementBody), async (c) => {
    const input = { disbursementId: c.req.param('id'), ...c.req.valid('json') };
    return sendWrite(c, await rejectDisbursement(c.var.deps, await writeContext(c, input, 200), input));
  })
  .post('/:id/pay', validate('json', payDisbursementBody), async (c) => {
    const input = { disbursementId: c.req.param('id'), ...c.req.valid('json') };
    return sendWrite(c, await payDisbursement(c.var.deps, await writeContext(c, input, 200), input));
  })
  .post('/:id/reverse', validate('json', reverseDisbursementBody), async (c) => {
    const input = { disbursementId: c.req.param('id'), ...c.req.valid('json') };
    return sendWrite(c, await reverseDisbursement(c.var.deps, await writeContext(c, input, 200), input));
  });

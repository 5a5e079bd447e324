import { Hono } from 'hono';
import {
  editBeneficiary,
  listBeneficiaries,
  readBeneficiary,
  recordBeneficiary,
} from '../../capabilities/beneficiaries.ts';
import { requestContext, writeContext } from '../context.ts';
import type { AppEnv } from '../env.ts';
import { sendWrite } from '../idempotency.ts';
import { editBeneficiaryBody, listBeneficiariesQuery, recordBeneficiaryBody } from '../schemas.ts';
import { validate } from '../validation.ts';

/** Đối tượng thụ hưởng: staff only; private details are read (and audited) one beneficiary at a time. */
export const beneficiaryRoutes = new Hono<AppEnv>()
  .post('/', validate('json', recordBeneficiaryBody), async (c) => {
    const input = c.req.valid('json');
    return sendWrite(c, await recordBeneficiary(c.var.deps, await writeContext(c, input), input));
  })
  .get('/', validate('query', listBeneficiariesQuery), async (c) =>
    c.json(await listBeneficiaries(c.var.deps, c.var.actor, c.req.valid('query'))),
  )
  .get('/:id', async (c) => {
    const beneficiary = await readBeneficiary(c.var.deps, requestContext(c), c.req.param('id'));
    c.header('Cache-Control', 'no-store');
    return c.json(beneficiary);
  })
  .patch('/:id', validate('json', editBeneficiaryBody), async (c) => {
    const input = { beneficiaryId: c.req.param('id'), ...c.req.valid('json') };
    return sendWrite(c, await editBeneficiary(c.var.deps, await writeContext(c, input, 200), input));
  });

import { Hono } from 'hono';
import { getDonation, listDonations, recordDonation, voidDonation } from '../../capabilities/donations.ts';
import { writeContext } from '../context.ts';
import type { AppEnv } from '../env.ts';
import { sendWrite } from '../idempotency.ts';
import { listDonationsQuery, recordDonationBody, voidDonationBody } from '../schemas.ts';
import { validate } from '../validation.ts';

export const donationRoutes = new Hono<AppEnv>()
  .post('/', validate('json', recordDonationBody), async (c) => {
    const input = c.req.valid('json');
    return sendWrite(c, await recordDonation(c.var.deps, await writeContext(c, input), input));
  })
  .get('/', validate('query', listDonationsQuery), async (c) =>
    c.json(await listDonations(c.var.deps, c.var.actor, c.req.valid('query'))),
  )
  .get('/:id', async (c) => c.json(await getDonation(c.var.deps, c.var.actor, c.req.param('id'))))
  .post('/:id/void', validate('json', voidDonationBody), async (c) => {
    const input = { donationId: c.req.param('id'), ...c.req.valid('json') };
    return sendWrite(c, await voidDonation(c.var.deps, await writeContext(c, input, 200), input));
  });

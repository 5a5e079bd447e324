import { Hono } from 'hono';
import { recordDonationBatch } from '../../capabilities/donation-batch.ts';
import { getDonation, listDonations, recordDonation, voidDonation } from '../../capabilities/donations.ts';
import { DomainError, type FieldError } from '../../domain/errors.ts';
import { BATCH_ERRORS_REPORTED_MAX } from '../../domain/limits.ts';
import { writeContext } from '../context.ts';
import type { AppEnv } from '../env.ts';
import { sendWrite } from '../idempotency.ts';
import { donationBatchBody, listDonationsQuery, recordDonationBody, voidDonationBody } from '../schemas.ts';
import { validate } from '../validation.ts';

export const donationRoutes = new Hono<AppEnv>()
  .post('/', validate('json', recordDonationBody), async (c) => {
    const input = c.req.valid('json');
    return sendWrite(c, await recordDonation(c.var.deps, await writeContext(c, input), input));
  })
  .post('/batch', validate('json', donationBatchBody), async (c) => {
    const rows = c.req.valid('json').donations;
    const inputs = [];
    const errors: FieldError[] = [];
    for (const [index, row] of rows.entries()) {
      const parsed = recordDonationBody.safeParse(row);
      if (parsed.success) inputs.push(parsed.data);
      else
        for (const issue of parsed.error.issues)
          errors.push({
            index,
            field: issue.path.map(String).join('.') || 'donation',
            detail: issue.message,
          });
    }
    if (errors.length > 0) {
      const rowsInError = new Set(errors.map((error) => error.index)).size;
      throw new DomainError(
        'validation-failed',
        `${rowsInError} of ${rows.length} rows are not valid, so none was recorded.`,
        {
          fieldErrors: errors.slice(0, BATCH_ERRORS_REPORTED_MAX),
          extra: { errorCount: errors.length },
        },
      );
    }
    return sendWrite(c, await recordDonationBatch(c.var.deps, await writeContext(c, inputs), inputs));
  })
  .get('/', validate('query', listDonationsQuery), async (c) =>
    c.json(await listDonations(c.var.deps, c.var.actor, c.req.valid('query'))),
  )
  .get('/:id', async (c) => c.json(await getDonation(c.var.deps, c.var.actor, c.req.param('id'))))
  .post('/:id/void', validate('json', voidDonationBody), async (c) => {
    const input = { donationId: c.req.param('id'), ...c.req.valid('json') };
    return sendWrite(c, await voidDonation(c.var.deps, await writeContext(c, input, 200), input));
  });

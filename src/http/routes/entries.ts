import { Hono } from 'hono';
import { getEntry, postEntry, reverseEntry } from '../../capabilities/entries.ts';
import { writeContext } from '../context.ts';
import type { AppEnv } from '../env.ts';
import { sendWrite } from '../idempotency.ts';
import { createEntryBody, reverseEntryBody } from '../schemas.ts';
import { validate } from '../validation.ts';

export const entryRoutes = new Hono<AppEnv>()
  .post('/', validate('json', createEntryBody), async (c) => {
    const input = c.req.valid('json');
    const draft = {
      date: input.date,
      description: input.description,
      kind: input.kind,
      reversesEntryId: null,
      postings: input.postings.map((posting) => ({
        accountId: posting.accountId,
        side: posting.side,
        amountMinor: posting.amount,
        memo: posting.memo ?? null,
      })),
    };
    // The fingerprint covers the normalised draft, so an omitted memo and `memo: null` are the same request.
    return sendWrite(c, await postEntry(c.var.deps, await writeContext(c, draft), draft));
  })
  .get('/:id', async (c) => c.json(await getEntry(c.var.deps, c.var.actor, c.req.param('id'))))
  .post('/:id/reverse', validate('json', reverseEntryBody), async (c) => {
    const input = { entryId: c.req.param('id'), ...c.req.valid('json') };
    return sendWrite(c, await reverseEntry(c.var.deps, await writeContext(c, input), input));
  });

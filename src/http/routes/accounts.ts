import { Hono } from 'hono';
import { createAccount, getAccount, listAccountPostings, listAccounts } from '../../capabilities/accounts.ts';
import { writeContext } from '../context.ts';
import type { AppEnv } from '../env.ts';
import { sendWrite } from '../idempotency.ts';
import { createAccountBody, listAccountsQuery, pageQuery } from '../schemas.ts';
import { validate } from '../validation.ts';

export const accountRoutes = new Hono<AppEnv>()
  .post('/', validate('json', createAccountBody), async (c) => {
    const input = c.req.valid('json');
    return sendWrite(c, await createAccount(c.var.deps, await writeContext(c, input), input));
  })
  .get('/', validate('query', listAccountsQuery), async (c) =>
    c.json(await listAccounts(c.var.deps, c.var.actor, c.req.valid('query'))),
  )
  .get('/:id', async (c) => c.json(await getAccount(c.var.deps, c.var.actor, c.req.param('id'))))
  .get('/:id/postings', validate('query', pageQuery), async (c) =>
    c.json(
      await listAccountPostings(c.var.deps, c.var.actor, {
        accountId: c.req.param('id'),
        ...c.req.valid('query'),
      }),
    ),
  );

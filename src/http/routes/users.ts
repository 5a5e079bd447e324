import { Hono } from 'hono';
import { createToken } from '../../capabilities/tokens.ts';
import { addGrant, createUser, listUsers, revokeGrant } from '../../capabilities/users.ts';
import { writeContext } from '../context.ts';
import type { AppEnv } from '../env.ts';
import { sendWrite } from '../idempotency.ts';
import { createGrantBody, createTokenBody, createUserBody, listUsersQuery } from '../schemas.ts';
import { validate } from '../validation.ts';

export const userRoutes = new Hono<AppEnv>()
  .post('/', validate('json', createUserBody), async (c) => {
    const input = c.req.valid('json');
    return sendWrite(
      c,
      await createUser(
        c.var.deps,
        await writeContext(c, { ...input, password: input.password ? '(set)' : null }),
        input,
      ),
    );
  })
  .get('/', validate('query', listUsersQuery), async (c) =>
    c.json(await listUsers(c.var.deps, c.var.actor, c.req.valid('query'))),
  )
  .post('/:id/grants', validate('json', createGrantBody), async (c) => {
    const input = { userId: c.req.param('id'), ...c.req.valid('json') };
    return sendWrite(c, await addGrant(c.var.deps, await writeContext(c, input), input));
  })
  .delete('/:id/grants/:grantId', async (c) => {
    const input = { userId: c.req.param('id'), grantId: c.req.param('grantId') };
    return sendWrite(c, await revokeGrant(c.var.deps, await writeContext(c, input, 200), input));
  })
  .post('/:id/tokens', validate('json', createTokenBody), async (c) => {
    const input = { userId: c.req.param('id'), ...c.req.valid('json') };
    const outcome = await createToken(c.var.deps, await writeContext(c, input), input);
    c.header('Cache-Control', 'no-store');
    return sendWrite(c, outcome);
  });

import { Hono } from 'hono';
import { revokeToken } from '../../capabilities/tokens.ts';
import { writeContext } from '../context.ts';
import type { AppEnv } from '../env.ts';
import { sendWrite } from '../idempotency.ts';

export const tokenRoutes = new Hono<AppEnv>().delete('/:id', async (c) => {
  const tokenId = c.req.param('id');
  return sendWrite(c, await revokeToken(c.var.deps, await writeContext(c, { tokenId }, 200), tokenId));
});

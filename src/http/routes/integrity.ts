import { Hono } from 'hono';
import { integrityLink } from '../../capabilities/integrity.ts';
import type { AppEnv } from '../env.ts';
import { integrityQuery } from '../schemas.ts';
import { validate } from '../validation.ts';

/**
 * GET /api/v1/public/integrity → `{seq, hash, at}`: the hash chain's head, or with `?seq=N` its link at
 * N. No credentials. A past link never changes, so it may be cached; the head moves with every write.
 */
export const integrityRoutes = new Hono<AppEnv>().get('/', validate('query', integrityQuery), async (c) => {
  const { seq } = c.req.valid('query');
  const link = await integrityLink(c.var.deps, seq ?? null);
  c.header('Cache-Control', seq !== undefined && link.hash !== null ? 'public, max-age=86400' : 'no-store');
  return c.json({ seq: link.seq, hash: link.hash, at: link.at });
});

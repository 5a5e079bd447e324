import { Hono } from 'hono';
import { listAudit } from '../../capabilities/audit.ts';
import type { AppEnv } from '../env.ts';
import { auditQuery } from '../schemas.ts';
import { validate } from '../validation.ts';

export const auditRoutes = new Hono<AppEnv>().get('/', validate('query', auditQuery), async (c) =>
  c.json(await listAudit(c.var.deps, c.var.actor, c.req.valid('query'))),
);

import { Hono } from 'hono';
import { projectSources, traceDonation, traceReceipt } from '../../capabilities/trace.ts';
import type { AppEnv } from '../env.ts';

/** Tracing for staff: a gift forward to what it paid for, a project back to the gifts that paid it. */
export const traceRoutes = new Hono<AppEnv>()
  .get('/donations/:id/trace', async (c) =>
    c.json(await traceDonation(c.var.deps, c.var.actor, c.req.param('id'))),
  )
  .get('/receipts/:receiptNo/trace', async (c) =>
    c.json(await traceReceipt(c.var.deps, c.var.actor, c.req.param('receiptNo'))),
  )
  .get('/projects/:id/sources', async (c) =>
    c.json(await projectSources(c.var.deps, c.var.actor, c.req.param('id'))),
  );

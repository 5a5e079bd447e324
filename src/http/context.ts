import type { Context } from 'hono';
import type { RequestContext, WriteContext } from '../capabilities/context.ts';
import type { AppEnv } from './env.ts';
import { idempotencyOf } from './idempotency.ts';

export function requestContext(c: Context<AppEnv>): RequestContext {
  return { actor: c.var.actor, requestId: c.var.requestId, ip: c.var.clientIp };
}

/** A write's context: actor, request, the audited action and the idempotency key over the validated input. */
export async function writeContext(
  c: Context<AppEnv>,
  input: unknown,
  successStatus = 201,
): Promise<WriteContext> {
  return {
    ...requestContext(c),
    action: c.var.action,
    idempotency: await idempotencyOf(c, input, successStatus),
  };
}

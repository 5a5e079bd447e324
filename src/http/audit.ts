import type { MiddlewareHandler } from 'hono';
import type { AuditOutcome } from '../capabilities/context.ts';
import { newId } from '../domain/ids.ts';
import type { AppEnv } from './env.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function outcomeOf(status: number): AuditOutcome {
  if (status === 401 || status === 403) return 'denied';
  return status >= 500 ? 'error' : 'refused';
}

/**
 * Refused and denied writes leave a trace too (successful writes are audited inside their own batch).
 * A read denied by access control is recorded as well: someone looked where they may not.
 */
export const auditRefusals: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  const status = c.res.status;
  const unsafe = !SAFE_METHODS.has(c.req.method);
  if (status < 400 || (!unsafe && status !== 403) || !c.var.action) return;
  const atMs = c.var.deps.nowMs();
  try {
    await c.var.deps.store.appendAudit({
      id: newId(atMs),
      atMs,
      actorId: c.var.actor?.userId ?? null,
      action: c.var.action,
      objectType: c.var.action.split('.')[0] ?? null,
      objectId: c.req.param('id') ?? null,
      unitId: null,
      requestId: c.var.requestId,
      outcome: outcomeOf(status),
      status,
      ip: c.var.clientIp,
      detail: null,
    });
  } catch (error) {
    console.error(
      JSON.stringify({
        level: 'error',
        requestId: c.var.requestId,
        message: 'audit append failed',
        error: String(error),
      }),
    );
  }
};

import type { Context, MiddlewareHandler } from 'hono';
import type { AuditOutcome } from '../capabilities/context.ts';
import { successAudit } from '../capabilities/idempotency.ts';
import type { Actor } from '../domain/access.ts';
import { newId } from '../domain/ids.ts';
import { ID_LENGTH_MAX } from '../domain/limits.ts';
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
      // The id comes from the URL, unchecked: keep no more of it than an id can be (the log is append-only).
      objectId: c.req.param('id')?.slice(0, ID_LENGTH_MAX) ?? null,
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

/**
 * Signing in and out write a session row rather than ledger data, outside idempotentWrite: their
 * success is recorded here, naming the user (and their first unit, so a scoped auditor sees it).
 */
export async function auditSessionChange(c: Context<AppEnv>, actor: Actor, status: number): Promise<void> {
  const context = {
    actor,
    requestId: c.var.requestId,
    ip: c.var.clientIp,
    action: c.var.action,
    idempotency: null,
  };
  const unitId = actor.grants[0]?.unitId ?? null;
  await c.var.deps.store.appendAudit(successAudit(context, c.var.deps.nowMs(), status, actor.userId, unitId));
}

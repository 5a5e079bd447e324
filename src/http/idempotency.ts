import type { Context } from 'hono';
import type { IdempotencyRequest, WriteOutcome } from '../capabilities/idempotency.ts';
import { DomainError } from '../domain/errors.ts';
import { IDEMPOTENCY_KEY_LENGTH_MAX } from '../domain/limits.ts';
import { sha256Hex } from '../domain/passwords.ts';
import type { AppEnv } from './env.ts';

const KEY_FORMAT = /^[\x21-\x7E]+$/;

/**
 * Reads the Idempotency-Key header. The key is scoped to the caller and the request path, and the
 * fingerprint covers the path and the validated body, so a retry with the same JSON (whatever its
 * spacing) replays. Scoping by caller matters: a replay skips the capability's permission checks, so
 * another user's key must never replay to someone who may not make that write.
 */
export async function idempotencyOf(
  c: Context<AppEnv>,
  input: unknown,
  statusCode = 201,
): Promise<IdempotencyRequest | null> {
  const key = c.req.header('Idempotency-Key');
  if (key === undefined) return null;
  if (key.length === 0 || key.length > IDEMPOTENCY_KEY_LENGTH_MAX || !KEY_FORMAT.test(key)) {
    throw new DomainError(
      'validation-failed',
      `Idempotency-Key must be 1–${IDEMPOTENCY_KEY_LENGTH_MAX} visible ASCII characters.`,
      {
        fieldErrors: [{ field: 'Idempotency-Key', detail: 'invalid header value' }],
      },
    );
  }
  const path = c.req.path;
  const canonical = JSON.stringify(input, (_name, value) =>
    typeof value === 'bigint' ? value.toString() : value,
  );
  const fingerprint = await sha256Hex(`${c.req.method} ${path}\n${canonical}`);
  return { key: `${c.var.actor.userId} ${c.req.method} ${path} ${key}`, fingerprint, statusCode };
}

/** Sends a write's outcome: the new resource, or the first result again with Idempotency-Hit. */
export function sendWrite<T>(c: Context<AppEnv>, outcome: WriteOutcome<T>): Response {
  if (outcome.replayed) c.header('Idempotency-Hit', 'true');
  return c.json(outcome.value as object, outcome.statusCode as 200 | 201);
}

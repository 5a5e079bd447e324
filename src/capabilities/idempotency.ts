import { DomainError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import type { AuditRecord, WriteContext, WriteExtras } from './context.ts';

/**
 * Idempotent writes: a repeated key with the same input replays the first result; the same key with a
 * different input is a conflict; never a second posting. The record is written in the same atomic
 * batch as the effect, so a crash can never leave one without the other.
 */
export interface IdempotencyRequest {
  /** Scoped key: the route and the client's key, so two routes never collide. */
  key: string;
  /** Hash of the request's method, path and canonical body. */
  fingerprint: string;
  statusCode: number;
}

export interface IdempotencyRecord extends IdempotencyRequest {
  body: string;
  createdAtMs: number;
}

export interface IdempotencyStore {
  /** Runs `work` with no other write of this process in between (see src/db/write-queue.ts). */
  serialized<T>(work: () => Promise<T>): Promise<T>;
  findIdempotency(key: string): Promise<IdempotencyRecord | null>;
}

/** Thrown by a store when another writer committed the same key first (unique constraint). */
export class IdempotencyRace extends Error {
  constructor() {
    super('idempotency key committed concurrently');
    this.name = 'IdempotencyRace';
  }
}

export type WriteOutcome<T> =
  | { replayed: false; statusCode: number; value: T }
  | { replayed: true; statusCode: number; value: unknown };

/**
 * Builds what is written with the effect: the idempotency record (when the request carried a key) and
 * the audit record of the write, naming the unit the object belongs to.
 */
export type Seal<T> = (value: T, unitId: string | null) => WriteExtras;

export async function idempotentWrite<T>(
  store: IdempotencyStore,
  context: WriteContext,
  nowMs: () => number,
  perform: (seal: Seal<T>) => Promise<T>,
  successStatus = 201,
): Promise<WriteOutcome<T>> {
  const request = context.idempotency;
  return store.serialized(async () => {
    if (request) {
      const existing = await store.findIdempotency(request.key);
      if (existing) return replayOrConflict(existing, request);
    }
    const seal: Seal<T> = (value, unitId) => {
      const atMs = nowMs();
      return {
        idempotency: request ? { ...request, body: JSON.stringify(value), createdAtMs: atMs } : null,
        audit: successAudit(context, atMs, successStatus, objectIdOf(value), unitId),
      };
    };
    try {
      return { replayed: false, statusCode: successStatus, value: await perform(seal) };
    } catch (error) {
      if (!(request && error instanceof IdempotencyRace)) throw error;
      const existing = await store.findIdempotency(request.key);
      if (!existing) throw error;
      return replayOrConflict(existing, request);
    }
  });
}

function objectIdOf(value: unknown): string | null {
  const id = typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id : null;
}

/** The audit record of a successful write. */
export function successAudit(
  context: WriteContext,
  atMs: number,
  status: number,
  objectId: string | null,
  unitId: string | null,
  detail: string | null = null,
): AuditRecord {
  return {
    id: newId(atMs),
    atMs,
    actorId: context.actor.userId,
    action: context.action,
    objectType: context.action.split('.')[0] ?? null,
    objectId,
    unitId,
    requestId: context.requestId,
    outcome: 'success',
    status,
    ip: context.ip,
    detail,
  };
}

function replayOrConflict<T>(existing: IdempotencyRecord, request: IdempotencyRequest): WriteOutcome<T> {
  if (existing.fingerprint !== request.fingerprint) {
    throw new DomainError(
      'idempotency-conflict',
      'This Idempotency-Key was already used for a different request. Use a new key for a new request.',
    );
  }
  return { replayed: true, statusCode: existing.statusCode, value: JSON.parse(existing.body) as unknown };
}

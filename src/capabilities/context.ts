import type { Actor } from '../domain/access.ts';
import type { IdempotencyRecord, IdempotencyRequest } from './idempotency.ts';

/** Who asks, and from where: every capability call carries one. */
export interface RequestContext {
  actor: Actor;
  requestId: string | null;
  ip: string | null;
}

/** A write's context: the request's, plus its idempotency key and the audited action name. */
export interface WriteContext extends RequestContext {
  /** Audited action, `<resource>.<verb>`, e.g. `entries.create`. */
  action: string;
  idempotency: IdempotencyRequest | null;
}

export const AUDIT_OUTCOMES = ['success', 'refused', 'denied', 'error'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export interface AuditRecord {
  id: string;
  atMs: number;
  actorId: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  unitId: string | null;
  requestId: string | null;
  outcome: AuditOutcome;
  status: number;
  ip: string | null;
  detail: string | null;
}

/** What a store writes in the same batch as the effect: the idempotency record and the audit record. */
export interface WriteExtras {
  idempotency: IdempotencyRecord | null;
  audit: AuditRecord | null;
}

export const NO_EXTRAS: WriteExtras = { idempotency: null, audit: null };

/** The server itself (migrations, demo data, bootstrap): a global admin that logs in as nobody. */
export const SYSTEM_ACTOR: Actor = {
  userId: 'system',
  name: 'Sổ Quỹ (system)',
  grants: [{ id: 'system', unitId: null, role: 'admin' }],
};

export function systemContext(action: string): WriteContext {
  return { actor: SYSTEM_ACTOR, requestId: null, ip: null, action, idempotency: null };
}

import type { Actor } from '../domain/access.ts';
import { DomainError } from '../domain/errors.ts';
import { visibleRoots } from './authorize.ts';
import type { AuditRecord } from './context.ts';
import { decodeNumberCursor, pageOf, pageSize } from './cursor.ts';
import type { Page } from './views.ts';

/** An audit record as read back: its place in the log (`seq`) and its instant as ISO text. */
export interface AuditView extends Omit<AuditRecord, 'id' | 'atMs'> {
  seq: number;
  at: string;
}

export interface AuditQuery {
  actor?: string;
  action?: string;
  objectId?: string;
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
}

export interface AuditStore {
  appendAudit(record: AuditRecord): Promise<void>;
  listAudit(query: {
    roots: string[] | null;
    actorId: string | null;
    action: string | null;
    objectId: string | null;
    fromMs: number | null;
    toMs: number | null;
    beforeSeq: number | null;
    limit: number;
  }): Promise<AuditView[]>;
}

/** Newest first. A scoped admin or auditor sees the records of objects in their units. */
export async function listAudit(
  deps: { store: AuditStore },
  actor: Actor,
  query: AuditQuery,
): Promise<Page<AuditView>> {
  const roots = visibleRoots(actor, 'audit.read');
  if (roots !== null && roots.length === 0)
    throw new DomainError('forbidden', 'You may not read the audit trail.');
  const limit = pageSize(query.limit);
  const rows = await deps.store.listAudit({
    roots,
    actorId: query.actor ?? null,
    action: query.action ?? null,
    objectId: query.objectId ?? null,
    fromMs: query.from ? Date.parse(`${query.from}T00:00:00+07:00`) : null,
    // `to` is a whole day in Vietnam time, included.
    toMs: query.to ? Date.parse(`${query.to}T00:00:00+07:00`) + 86_400_000 - 1 : null,
    beforeSeq: query.cursor ? decodeNumberCursor(query.cursor) : null,
    limit: limit + 1,
  });
  return pageOf(rows, limit, (last) => [last.seq]);
}

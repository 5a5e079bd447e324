import type { Actor } from '../domain/access.ts';
import { type DonorKind, foldForSearch } from '../domain/donations.ts';
import { DomainError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { DONOR_HISTORY_MAX, DONOR_MERGE_DEPTH_MAX } from '../domain/limits.ts';
import type { CurrencyCode } from '../domain/money.ts';
import { type AuthorizeStore, requirePermission, visibleRoots } from './authorize.ts';
import type { AuditRecord, RequestContext, WriteContext, WriteExtras } from './context.ts';
import { decodeCursor, pageOf, pageSize } from './cursor.ts';
import type { DonationView, DonorRecord } from './donations.ts';
import { type IdempotencyStore, idempotentWrite, type WriteOutcome } from './idempotency.ts';
import type { Page } from './views.ts';

/**
 * The donor registry, for staff only. Donors belong to the unit that registered them; their address
 * and contact are private: each read of them is written to the audit trail. A duplicate is merged into
 * another donor: its gifts keep pointing at it, and reads follow the merge to the survivor.
 */
export interface DonorSummaryView {
  id: string;
  kind: DonorKind;
  name: string;
  unitId: string;
  /** The donor this one was merged into (a duplicate), or null for a surviving record. */
  mergedIntoId: string | null;
  createdAt: string;
}

export interface DonorDetailView extends DonorSummaryView {
  address: string | null;
  contact: string | null;
  /** The donor asked for, when it was merged into this one. */
  requestedId: string;
  /** Duplicates merged into this donor (directly or through others). */
  mergedIds: string[];
  /** Gifts of this donor and its merged duplicates in the reader's scope, newest first. */
  history: DonationView[];
  historyTruncated: boolean;
  /** Valid gifts in the reader's scope, per currency, over the whole history. */
  totals: { currency: CurrencyCode; amount: string; count: number }[];
}

export interface DonorStore extends IdempotencyStore, AuthorizeStore {
  /** The donor, following merges to the surviving record. */
  getDonor(id: string): Promise<DonorRecord | null>;
  /** The donor row itself, merges not followed. */
  findDonor(id: string): Promise<{ record: DonorRecord; mergedIntoId: string | null } | null>;
  searchDonors(query: {
    nameSearch: string | null;
    roots: string[] | null;
    after: { nameSearch: string; id: string } | null;
    limit: number;
  }): Promise<DonorRecord[]>;
  /** The donor and every donor merged into it, directly or not, with the length of each chain. */
  donorFamily(id: string): Promise<{ id: string; depth: number }[]>;
  familyDonations(query: { donorId: string; roots: string[] | null; limit: number }): Promise<DonationView[]>;
  familyTotals(query: {
    donorId: string;
    roots: string[] | null;
  }): Promise<{ currency: CurrencyCode; amount: string; count: number }[]>;
  mergeDonor(id: string, intoId: string, extras: WriteExtras): Promise<void>;
  appendAudit(record: AuditRecord): Promise<void>;
}

function summaryOf(record: DonorRecord, mergedIntoId: string | null): DonorSummaryView {
  return {
    id: record.id,
    kind: record.kind,
    name: record.name,
    unitId: record.unitId,
    mergedIntoId,
    createdAt: new Date(record.createdAtMs).toISOString(),
  };
}

/** Donors registered in the reader's units, by name without accents ("nguyen van a" finds "Nguyễn Văn A"). */
export async function searchDonors(
  deps: { store: DonorStore },
  actor: Actor,
  query: { q?: string; cursor?: string; limit?: number },
): Promise<Page<DonorSummaryView>> {
  const limit = pageSize(query.limit);
  const after = query.cursor ? decodeCursor(query.cursor, 2) : null;
  const folded = query.q ? foldForSearch(query.q) : '';
  const rows = await deps.store.searchDonors({
    nameSearch: folded === '' ? null : folded,
    roots: visibleRoots(actor, 'ledger.read'),
    after: after ? { nameSearch: String(after[0]), id: String(after[1]) } : null,
    limit: limit + 1,
  });
  const page = pageOf(rows, limit, (last) => [last.nameSearch, last.id]);
  return { items: page.items.map((record) => summaryOf(record, null)), nextCursor: page.nextCursor };
}

/**
 * One donor with private fields, history and totals. Reading the private fields is audited
 * (`donors.read-private`), in the unit the donor belongs to, before anything is returned.
 */
export async function readDonor(
  deps: { store: DonorStore; nowMs: () => number },
  context: RequestContext,
  id: string,
): Promise<DonorDetailView> {
  const donor = await deps.store.getDonor(id);
  if (!donor) throw new DomainError('not-found', `There is no donor ${id}.`);
  await requirePermission(deps.store, context.actor, 'ledger.read', donor.unitId);
  await requirePermission(deps.store, context.actor, 'private.read', donor.unitId);
  const roots = visibleRoots(context.actor, 'ledger.read');
  const family = await deps.store.donorFamily(donor.id);
  const history = await deps.store.familyDonations({
    donorId: donor.id,
    roots,
    limit: DONOR_HISTORY_MAX + 1,
  });
  const totals = await deps.store.familyTotals({ donorId: donor.id, roots });
  const atMs = deps.nowMs();
  await deps.store.appendAudit({
    id: newId(atMs),
    atMs,
    actorId: context.actor.userId,
    action: 'donors.read-private',
    objectType: 'donors',
    objectId: donor.id,
    unitId: donor.unitId,
    requestId: context.requestId,
    outcome: 'success',
    status: 200,
    ip: context.ip,
    detail: id === donor.id ? null : `requested as ${id}`,
  });
  return {
    ...summaryOf(donor, null),
    address: donor.address,
    contact: donor.contact,
    requestedId: id,
    mergedIds: family.filter((member) => member.id !== donor.id).map((member) => member.id),
    history: history.slice(0, DONOR_HISTORY_MAX),
    historyTruncated: history.length > DONOR_HISTORY_MAX,
    totals,
  };
}

/**
 * Merges a duplicate into another donor, both in the caller's scope. Refused: merging a donor into
 * itself, a donor already merged, or into a donor that was itself merged elsewhere.
 */
export async function mergeDonor(
  deps: { store: DonorStore; nowMs: () => number },
  context: WriteContext,
  input: { donorId: string; intoId: string },
): Promise<WriteOutcome<DonorSummaryView>> {
  return idempotentWrite(
    deps.store,
    context,
    deps.nowMs,
    async (seal) => {
      const duplicate = await deps.store.findDonor(input.donorId);
      if (!duplicate) throw new DomainError('not-found', `There is no donor ${input.donorId}.`);
      await requirePermission(deps.store, context.actor, 'ledger.record', duplicate.record.unitId);
      if (input.intoId === input.donorId) {
        throw new DomainError('validation-failed', 'A donor cannot be merged into itself.', {
          fieldErrors: [{ field: 'intoId', detail: 'must be another donor' }],
        });
      }
      if (duplicate.mergedIntoId !== null) {
        throw new DomainError(
          'conflict',
          `Donor ${input.donorId} was already merged into ${duplicate.mergedIntoId}.`,
        );
      }
      const survivor = await deps.store.findDonor(input.intoId);
      if (!survivor) {
        throw new DomainError('validation-failed', `There is no donor ${input.intoId}.`, {
          fieldErrors: [{ field: 'intoId', detail: 'unknown donor' }],
        });
      }
      await requirePermission(deps.store, context.actor, 'ledger.record', survivor.record.unitId);
      if (survivor.mergedIntoId !== null) {
        throw new DomainError(
          'validation-failed',
          `Donor ${input.intoId} was itself merged into ${survivor.mergedIntoId}; merge into that donor instead.`,
          { fieldErrors: [{ field: 'intoId', detail: `merged into ${survivor.mergedIntoId}` }] },
        );
      }
      const family = await deps.store.donorFamily(input.donorId);
      const deepest = Math.max(...family.map((member) => member.depth));
      if (deepest + 1 >= DONOR_MERGE_DEPTH_MAX) {
        throw new DomainError(
          'conflict',
          `Donor ${input.donorId} heads a chain of merges too long to extend.`,
        );
      }
      const merged = summaryOf(duplicate.record, input.intoId);
      await deps.store.mergeDonor(input.donorId, input.intoId, seal(merged, duplicate.record.unitId));
      return merged;
    },
    200,
  );
}

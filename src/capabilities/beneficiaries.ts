import { type Actor, isAllowedAt, type Permission } from '../domain/access.ts';
import {
  BENEFICIARY_PRIVATE_FIELDS,
  type BeneficiaryKind,
  type BeneficiaryPrivateDetails,
  type BeneficiaryPrivateField,
  type PovertyStatus,
  publicAliasOf,
} from '../domain/beneficiaries.ts';
import { foldForSearch } from '../domain/donations.ts';
import { DomainError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { BENEFICIARY_SEARCH_SCAN_MAX, PAGE_SIZE_MAX } from '../domain/limits.ts';
import { type AuthorizeStore, requirePermission, visibleRoots } from './authorize.ts';
import type { AuditRecord, RequestContext, WriteContext, WriteExtras } from './context.ts';
import { decodeCursor, encodeCursor, pageOf, pageSize } from './cursor.ts';
import { type IdempotencyStore, idempotentWrite, type WriteOutcome } from './idempotency.ts';
import type { Page, UnitView } from './views.ts';

/**
 * Đối tượng thụ hưởng, recorded and edited by accountants in their units. Staff views carry the name and
 * village; the private details (national ID, phone, address, ethnicity, health notes) are shown only by
 * `readBeneficiary`, to readers allowed to see them, and each such read is audited. Out of scope, a
 * beneficiary does not exist (404): staff of a neighbouring commune learn nothing about who is helped.
 */
export interface BeneficiaryView {
  id: string;
  unitId: string;
  kind: BeneficiaryKind;
  name: string;
  village: string;
  povertyStatus: PovertyStatus;
  /** What public surfaces show instead of the name, e.g. "Hộ L.V.Q., bản Huổi Én". */
  publicAlias: string;
  createdAt: string;
  updatedAt: string;
}

/** The answer to a write: no private values (they would be kept with the idempotency key), only which are set. */
export interface BeneficiaryWriteView extends BeneficiaryView {
  privateFields: BeneficiaryPrivateField[];
}

export type BeneficiaryDetailView = BeneficiaryView &
  (({ privateIncluded: true } & BeneficiaryPrivateDetails) | { privateIncluded: false });

export type BeneficiaryRecord = BeneficiaryView & BeneficiaryPrivateDetails;

export interface BeneficiaryStore extends IdempotencyStore, AuthorizeStore {
  getUnit(id: string): Promise<UnitView | null>;
  getBeneficiary(id: string): Promise<BeneficiaryRecord | null>;
  insertBeneficiary(record: BeneficiaryRecord, extras: WriteExtras): Promise<void>;
  updateBeneficiary(record: BeneficiaryRecord, extras: WriteExtras): Promise<void>;
  /** Staff views (no private column is read), by name then id. */
  listBeneficiaries(query: {
    unitId: string | null;
    roots: string[] | null;
    after: { name: string; id: string } | null;
    limit: number;
  }): Promise<BeneficiaryView[]>;
  appendAudit(record: AuditRecord): Promise<void>;
}

type Deps = { store: BeneficiaryStore; nowMs: () => number };

export interface RecordBeneficiaryInput extends Partial<BeneficiaryPrivateDetails> {
  unitId: string;
  kind: BeneficiaryKind;
  name: string;
  village: string;
  povertyStatus: PovertyStatus;
  /** Overrides the alias built from kind, name and village. */
  publicAlias?: string | null;
}

/** Only the fields given change; null clears a private field, or (for publicAlias) rebuilds the alias. */
export interface EditBeneficiaryInput extends Partial<BeneficiaryPrivateDetails> {
  beneficiaryId: string;
  kind?: BeneficiaryKind;
  name?: string;
  village?: string;
  povertyStatus?: PovertyStatus;
  publicAlias?: string | null;
}

export function beneficiaryViewOf(record: BeneficiaryRecord): BeneficiaryView {
  return {
    id: record.id,
    unitId: record.unitId,
    kind: record.kind,
    name: record.name,
    village: record.village,
    povertyStatus: record.povertyStatus,
    publicAlias: record.publicAlias,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

function writeViewOf(record: BeneficiaryRecord): BeneficiaryWriteView {
  return {
    ...beneficiaryViewOf(record),
    privateFields: BENEFICIARY_PRIVATE_FIELDS.filter((field) => record[field] !== null),
  };
}

const NO_PRIVATE: BeneficiaryPrivateDetails = {
  nationalId: null,
  phone: null,
  address: null,
  ethnicity: null,
  notes: null,
};

/** The private details only: those given (null clears one), the others as in `base`. */
function privateOf(
  input: Partial<BeneficiaryPrivateDetails>,
  base: BeneficiaryPrivateDetails,
): BeneficiaryPrivateDetails {
  const details = { ...NO_PRIVATE };
  for (const field of BENEFICIARY_PRIVATE_FIELDS) {
    const given = input[field];
    details[field] = given === undefined ? base[field] : given;
  }
  return details;
}

export async function recordBeneficiary(
  deps: Deps,
  context: WriteContext,
  input: RecordBeneficiaryInput,
): Promise<WriteOutcome<BeneficiaryWriteView>> {
  return idempotentWrite(deps.store, context, deps.nowMs, async (seal) => {
    const unit = await deps.store.getUnit(input.unitId);
    if (!unit) {
      throw new DomainError('unit-not-found', `There is no unit ${input.unitId}.`, {
        fieldErrors: [{ field: 'unitId', detail: 'unknown unit' }],
      });
    }
    await requirePermission(deps.store, context.actor, 'ledger.record', unit.id, unit.name);
    const nowMs = deps.nowMs();
    const at = new Date(nowMs).toISOString();
    const record: BeneficiaryRecord = {
      id: newId(nowMs),
      unitId: unit.id,
      kind: input.kind,
      name: input.name,
      village: input.village,
      povertyStatus: input.povertyStatus,
      publicAlias: input.publicAlias ?? publicAliasOf(input.kind, input.name, input.village),
      createdAt: at,
      updatedAt: at,
      ...privateOf(input, NO_PRIVATE),
    };
    const view = writeViewOf(record);
    await deps.store.insertBeneficiary(record, seal(view, unit.id));
    return view;
  });
}

export async function editBeneficiary(
  deps: Deps,
  context: WriteContext,
  input: EditBeneficiaryInput,
): Promise<WriteOutcome<BeneficiaryWriteView>> {
  return idempotentWrite(
    deps.store,
    context,
    deps.nowMs,
    async (seal) => {
      const current = await beneficiaryInScope(deps.store, context.actor, input.beneficiaryId);
      await requirePermission(deps.store, context.actor, 'ledger.record', current.unitId);
      const kind = input.kind ?? current.kind;
      const name = input.name ?? current.name;
      const village = input.village ?? current.village;
      const edited: BeneficiaryRecord = {
        ...current,
        kind,
        name,
        village,
        povertyStatus: input.povertyStatus ?? current.povertyStatus,
        publicAlias: input.publicAlias ?? publicAliasOf(kind, name, village),
        updatedAt: new Date(deps.nowMs()).toISOString(),
        ...privateOf(input, current),
      };
      const view = writeViewOf(edited);
      await deps.store.updateBeneficiary(edited, seal(view, current.unitId));
      return view;
    },
    200,
  );
}

/**
 * One beneficiary. A reader allowed to see private details gets them, and the read is written to the
 * audit trail (`beneficiary.private.read`, in the beneficiary's unit) before anything is returned.
 */
export async function readBeneficiary(
  deps: Deps,
  context: RequestContext,
  id: string,
): Promise<BeneficiaryDetailView> {
  const record = await beneficiaryInScope(deps.store, context.actor, id);
  if (!(await allowedAt(deps.store, context.actor, 'private.read', record.unitId))) {
    return { ...beneficiaryViewOf(record), privateIncluded: false };
  }
  const atMs = deps.nowMs();
  await deps.store.appendAudit({
    id: newId(atMs),
    atMs,
    actorId: context.actor.userId,
    action: 'beneficiary.private.read',
    objectType: 'beneficiaries',
    objectId: record.id,
    unitId: record.unitId,
    requestId: context.requestId,
    outcome: 'success',
    status: 200,
    ip: context.ip,
    detail: null,
  });
  return { ...beneficiaryViewOf(record), privateIncluded: true, ...privateOf(record, NO_PRIVATE) };
}

/**
 * Beneficiaries in the reader's units (or one unit), by name. `q` matches name, village and alias
 * without accents or case ("lo van quang" finds "Lò Văn Quang"); a search reads at most
 * BENEFICIARY_SEARCH_SCAN_MAX rows per page, so a page may come back short with a cursor to go on.
 */
export async function listBeneficiaries(
  deps: { store: BeneficiaryStore },
  actor: Actor,
  query: { unitId?: string; q?: string; cursor?: string; limit?: number },
): Promise<Page<BeneficiaryView>> {
  if (query.unitId) await requirePermission(deps.store, actor, 'ledger.read', query.unitId);
  const limit = pageSize(query.limit);
  const cursor = query.cursor ? decodeCursor(query.cursor, 2) : null;
  const base = {
    unitId: query.unitId ?? null,
    roots: visibleRoots(actor, 'ledger.read'),
  };
  let after = cursor ? { name: String(cursor[0]), id: String(cursor[1]) } : null;
  const keyOf = (row: BeneficiaryView) => [row.name, row.id];
  const folded = query.q ? foldForSearch(query.q) : '';
  if (folded === '')
    return pageOf(await deps.store.listBeneficiaries({ ...base, after, limit: limit + 1 }), limit, keyOf);
  const matches: BeneficiaryView[] = [];
  for (let scanned = 0; scanned < BENEFICIARY_SEARCH_SCAN_MAX; scanned += PAGE_SIZE_MAX) {
    const rows = await deps.store.listBeneficiaries({ ...base, after, limit: PAGE_SIZE_MAX });
    for (const row of rows) {
      if (!foldForSearch(`${row.name} ${row.village} ${row.publicAlias}`).includes(folded)) continue;
      matches.push(row);
      if (matches.length > limit) return pageOf(matches, limit, keyOf);
    }
    const last = rows.at(-1);
    if (rows.length < PAGE_SIZE_MAX || !last) return { items: matches, nextCursor: null };
    after = { name: last.name, id: last.id };
  }
  return { items: matches, nextCursor: after ? encodeCursor([after.name, after.id]) : null };
}

/** The beneficiary, if the actor may read its unit; otherwise, as for an unknown id, 404. */
async function beneficiaryInScope(store: BeneficiaryStore, actor: Actor, id: string) {
  const record = await store.getBeneficiary(id);
  if (!record || !(await allowedAt(store, actor, 'ledger.read', record.unitId))) {
    throw new DomainError('not-found', `There is no beneficiary ${id}.`);
  }
  return record;
}

async function allowedAt(store: AuthorizeStore, actor: Actor, permission: Permission, unitId: string) {
  return isAllowedAt(actor, permission, await store.unitAndAncestors(unitId));
}

import type { Actor, Permission } from '../domain/access.ts';
import type { LedgerAccount } from '../domain/accounts.ts';
import type { EntryFlow } from '../domain/allocation.ts';
import { todayInVietnam } from '../domain/dates.ts';
import {
  applyPostings,
  type CheckedPosting,
  checkEntry,
  type EntryDraft,
  reversalOf,
} from '../domain/entries.ts';
import { assert, DomainError } from '../domain/errors.ts';
import { idSequence, newId } from '../domain/ids.ts';
import { ENTRIES_PER_BULK_MAX } from '../domain/limits.ts';
import { type AuthorizeStore, requirePermission } from './authorize.ts';
import type { WriteContext, WriteExtras } from './context.ts';
import { type IdempotencyStore, idempotentWrite, successAudit, type WriteOutcome } from './idempotency.ts';
import type { EntryView } from './views.ts';

/** An entry that passed every rule, ready to be written; the store gives it its sequence number. */
export interface NewEntry {
  id: string;
  date: string;
  description: string;
  kind: EntryDraft['kind'];
  reversesEntryId: string | null;
  createdAtMs: number;
  postings: CheckedPosting[];
  /** What the entry's movement of spendable money is for (tracing); absent for manual entries. */
  flow?: EntryFlow;
}

export interface EntryStore extends IdempotencyStore, AuthorizeStore {
  /** Accounts with their current totals, read inside the serialized write. */
  loadLedgerAccounts(ids: readonly string[]): Promise<Map<string, LedgerAccount>>;
  /**
   * Writes the entries, their postings and the balance changes as one atomic batch, plus the
   * idempotency record built from the committed views. Returns the views in input order.
   */
  commitEntries(
    entries: readonly NewEntry[],
    seal: (views: EntryView[]) => WriteExtras,
  ): Promise<EntryView[]>;
  getEntry(id: string): Promise<EntryView | null>;
  /** The units that own the given accounts. */
  unitsOfAccounts(accountIds: readonly string[]): Promise<string[]>;
}

type Deps = { store: EntryStore; nowMs: () => number };

/** The actor must hold the permission at every unit whose accounts the entries touch. */
async function requireAtUnits(
  store: AuthorizeStore,
  actor: Actor,
  permission: Permission,
  unitIds: Iterable<string>,
): Promise<void> {
  for (const unitId of new Set(unitIds)) await requirePermission(store, actor, permission, unitId);
}

/** Checks the drafts in order against running balances; a refusal anywhere refuses them all. */
async function prepare(
  deps: Deps,
  actor: Actor,
  permission: Permission,
  drafts: readonly EntryDraft[],
): Promise<NewEntry[]> {
  const accountIds = new Set<string>();
  for (const draft of drafts) {
    for (const posting of draft.postings) accountIds.add(posting.accountId);
  }
  const accounts = await deps.store.loadLedgerAccounts([...accountIds]);
  await requireAtUnits(
    deps.store,
    actor,
    permission,
    [...accounts.values()].map((account) => account.unitId),
  );
  const nowMs = deps.nowMs();
  const ids = entryIds(drafts.length, nowMs);
  return drafts.map((draft, index) => {
    const postings = checkEntry(draft, accounts);
    applyPostings(postings, accounts);
    return {
      id: ids[index]!,
      date: draft.date,
      description: draft.description,
      kind: draft.kind,
      reversesEntryId: draft.reversesEntryId,
      createdAtMs: nowMs,
      postings,
    };
  });
}

/**
 * Ids for the entries of one write: UUIDv7 with the write's time, the first with fresh random bits and
 * the others counting up from it in its last 48 bits (RFC 9562 §6.2, method 2: monotonic random). So a
 * batch's ids sort in journal order and its index inserts append to the B-trees instead of landing
 * at random places in them. The counter starts below 2^47, so it never carries out of its field.
 */
export function entryIds(count: number, nowMs: number): string[] {
  const next = idSequence(nowMs);
  return Array.from({ length: count }, next);
}

export async function postEntry(
  deps: Deps,
  context: WriteContext,
  draft: EntryDraft,
): Promise<WriteOutcome<EntryView>> {
  if (draft.kind === 'reversal' || draft.reversesEntryId !== null) {
    throw new DomainError('validation-failed', 'Reversals are made with POST /api/v1/entries/{id}/reverse.', {
      fieldErrors: [{ field: 'kind', detail: 'use the reverse action for reversals' }],
    });
  }
  return idempotentWrite(deps.store, context, deps.nowMs, async (seal) => {
    const prepared = await prepare(deps, context.actor, 'ledger.record', [draft]);
    const [view] = await deps.store.commitEntries(prepared, (views) => seal(views[0]!, unitOf(prepared[0]!)));
    assert(view, 'one entry committed');
    return view;
  });
}

/**
 * Posts many entries at once, all or nothing, in one atomic batch (imports, payroll lists, the demo
 * data and the benchmark). Not idempotent by key: callers that need it dedupe on their own records.
 */
export async function postEntries(
  deps: Deps,
  context: WriteContext,
  drafts: readonly EntryDraft[],
): Promise<EntryView[]> {
  if (drafts.length > ENTRIES_PER_BULK_MAX) {
    throw new DomainError(
      'validation-failed',
      `At most ${ENTRIES_PER_BULK_MAX} entries can be posted at once.`,
    );
  }
  if (drafts.some((draft) => draft.kind === 'reversal')) {
    throw new DomainError('validation-failed', 'Reversals are made one at a time with the reverse action.');
  }
  return deps.store.serialized(async () => {
    const prepared = await prepare(deps, context.actor, 'ledger.record', drafts);
    const first = prepared[0];
    // One audit record for the whole list: what was posted, by whom, how many.
    return deps.store.commitEntries(prepared, (views) => ({
      idempotency: null,
      audit: successAudit(
        context,
        deps.nowMs(),
        201,
        views[0]?.id ?? null,
        first ? unitOf(first) : null,
        `${views.length} entries`,
      ),
    }));
  });
}

export async function getEntry(deps: { store: EntryStore }, actor: Actor, id: string): Promise<EntryView> {
  const entry = await deps.store.getEntry(id);
  if (!entry) throw new DomainError('not-found', `There is no journal entry ${id}.`);
  const units = await deps.store.unitsOfAccounts(entry.postings.map((posting) => posting.accountId));
  await requireAtUnits(deps.store, actor, 'ledger.read', units);
  return entry;
}

function unitOf(entry: NewEntry): string {
  return entry.postings[0]!.unitId;
}

/** A correction is a new entry that cancels the original; the original is never changed. */
export async function reverseEntry(
  deps: Deps,
  context: WriteContext,
  input: { entryId: string; reason: string; date?: string },
): Promise<WriteOutcome<EntryView>> {
  return idempotentWrite(deps.store, context, deps.nowMs, async (seal) => {
    const original = await getEntry(deps, context.actor, input.entryId);
    if (original.reversedByEntryId) {
      throw new DomainError(
        'already-reversed',
        `Entry ${original.id} was already reversed by ${original.reversedByEntryId}.`,
        {
          extra: { reversedByEntryId: original.reversedByEntryId },
        },
      );
    }
    const date = input.date ?? maxDate(todayInVietnam(deps.nowMs()), original.date);
    if (date < original.date) {
      throw new DomainError(
        'validation-failed',
        `A reversal cannot be dated before its original entry (${original.date}).`,
        {
          fieldErrors: [{ field: 'date', detail: `must be ${original.date} or later` }],
        },
      );
    }
    const draft = reversalOfStored(original, date, input.reason);
    const prepared = await prepare(deps, context.actor, 'ledger.reverse', [draft]);
    const [view] = await deps.store.commitEntries(prepared, (views) => seal(views[0]!, unitOf(prepared[0]!)));
    assert(view, 'one reversal committed');
    return view;
  });
}

/** The reversal draft of a stored entry (amounts back from their digit strings). */
export function reversalOfStored(original: EntryView, date: string, reason: string): EntryDraft {
  return reversalOf(
    {
      id: original.id,
      kind: original.kind,
      postings: original.postings.map((posting) => ({
        accountId: posting.accountId,
        side: posting.side,
        amountMinor: BigInt(posting.amount),
        memo: posting.memo,
      })),
    },
    date,
    reason,
  );
}

function maxDate(left: string, right: string): string {
  return left > right ? left : right;
}

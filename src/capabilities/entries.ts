import type { LedgerAccount } from '../domain/accounts.ts';
import { todayInVietnam } from '../domain/dates.ts';
import {
  applyPostings,
  type CheckedPosting,
  checkEntry,
  type EntryDraft,
  reversalOf,
} from '../domain/entries.ts';
import { assert, DomainError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { ENTRIES_PER_BULK_MAX } from '../domain/limits.ts';
import {
  type IdempotencyRecord,
  type IdempotencyRequest,
  type IdempotencyStore,
  idempotentWrite,
  type WriteOutcome,
} from './idempotency.ts';
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
}

export interface EntryStore extends IdempotencyStore {
  /** Accounts with their current totals, read inside the serialized write. */
  loadLedgerAccounts(ids: readonly string[]): Promise<Map<string, LedgerAccount>>;
  /**
   * Writes the entries, their postings and the balance changes as one atomic batch, plus the
   * idempotency record built from the committed views. Returns the views in input order.
   */
  commitEntries(
    entries: readonly NewEntry[],
    seal: (views: EntryView[]) => IdempotencyRecord | null,
  ): Promise<EntryView[]>;
  getEntry(id: string): Promise<EntryView | null>;
}

type Deps = { store: EntryStore; nowMs: () => number };

/** Checks the drafts in order against running balances; a refusal anywhere refuses them all. */
async function prepare(deps: Deps, drafts: readonly EntryDraft[]): Promise<NewEntry[]> {
  const accountIds = new Set(drafts.flatMap((draft) => draft.postings.map((posting) => posting.accountId)));
  const accounts = await deps.store.loadLedgerAccounts([...accountIds]);
  const nowMs = deps.nowMs();
  return drafts.map((draft) => {
    const postings = checkEntry(draft, accounts);
    applyPostings(postings, accounts);
    return {
      id: newId(nowMs),
      date: draft.date,
      description: draft.description,
      kind: draft.kind,
      reversesEntryId: draft.reversesEntryId,
      createdAtMs: nowMs,
      postings,
    };
  });
}

export async function postEntry(
  deps: Deps,
  draft: EntryDraft,
  idempotency: IdempotencyRequest | null,
): Promise<WriteOutcome<EntryView>> {
  if (draft.kind === 'reversal' || draft.reversesEntryId !== null) {
    throw new DomainError('validation-failed', 'Reversals are made with POST /api/v1/entries/{id}/reverse.', {
      fieldErrors: [{ field: 'kind', detail: 'use the reverse action for reversals' }],
    });
  }
  return idempotentWrite(deps.store, idempotency, deps.nowMs, async (seal) => {
    const prepared = await prepare(deps, [draft]);
    const [view] = await deps.store.commitEntries(prepared, (views) => seal(views[0]!));
    assert(view, 'one entry committed');
    return view;
  });
}

/**
 * Posts many entries at once, all or nothing, in one atomic batch (imports, payroll lists, the demo
 * data and the benchmark). Not idempotent by key: callers that need it dedupe on their own records.
 */
export async function postEntries(deps: Deps, drafts: readonly EntryDraft[]): Promise<EntryView[]> {
  if (drafts.length > ENTRIES_PER_BULK_MAX) {
    throw new DomainError(
      'validation-failed',
      `At most ${ENTRIES_PER_BULK_MAX} entries can be posted at once.`,
    );
  }
  if (drafts.some((draft) => draft.kind === 'reversal')) {
    throw new DomainError('validation-failed', 'Reversals are made one at a time with the reverse action.');
  }
  return deps.store.serialized(async () => deps.store.commitEntries(await prepare(deps, drafts), () => null));
}

export async function getEntry(deps: { store: EntryStore }, id: string): Promise<EntryView> {
  const entry = await deps.store.getEntry(id);
  if (!entry) throw new DomainError('not-found', `There is no journal entry ${id}.`);
  return entry;
}

/** A correction is a new entry that cancels the original; the original is never changed. */
export async function reverseEntry(
  deps: Deps,
  input: { entryId: string; reason: string; date?: string },
  idempotency: IdempotencyRequest | null,
): Promise<WriteOutcome<EntryView>> {
  return idempotentWrite(deps.store, idempotency, deps.nowMs, async (seal) => {
    const original = await getEntry(deps, input.entryId);
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
    const draft = reversalOf(
      {
        id: original.id,
        kind: original.kind,
        postings: original.postings.map((posting) => ({ ...posting, amountMinor: BigInt(posting.amount) })),
      },
      date,
      input.reason,
    );
    const prepared = await prepare(deps, [draft]);
    const [view] = await deps.store.commitEntries(prepared, (views) => seal(views[0]!));
    assert(view, 'one reversal committed');
    return view;
  });
}

function maxDate(left: string, right: string): string {
  return left > right ? left : right;
}

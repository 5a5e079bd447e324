import type { Actor } from '../domain/access.ts';
import type { LedgerAccount } from '../domain/accounts.ts';
import { type Earmark, isEarmarked } from '../domain/allocation.ts';
import { todayInVietnam } from '../domain/dates.ts';
import { assert, DomainError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { DESCRIPTION_LENGTH_MAX } from '../domain/limits.ts';
import type { CurrencyCode } from '../domain/money.ts';
import { accountsByRole } from './accounts.ts';
import { type AuthorizeStore, requirePermission, visibleRoots } from './authorize.ts';
import type { WriteContext, WriteExtras } from './context.ts';
import { decodeCursor, pageOf, pageSize } from './cursor.ts';
import { prepareEntry } from './donations.ts';
import { type NewEntry, reversalOfStored } from './entries.ts';
import { type IdempotencyStore, idempotentWrite, type WriteOutcome } from './idempotency.ts';
import type { AccountView, EntryView, FundView, Page } from './views.ts';

/**
 * Điều chuyển: a commune remitting to the province, the province allocating to communes, or one fund
 * to another. One entry in both funds (transfers out ↔ bank, bank ↔ transfers in): neither income nor
 * expense, and the gifts it carries arrive in the receiving fund as they were (same donor, same earmark).
 */
export interface TransferView {
  id: string;
  fromFundId: string;
  toFundId: string;
  fromUnitId: string;
  toUnitId: string;
  amount: string;
  currency: CurrencyCode;
  date: string;
  purpose: string;
  /** Earmarked money may go only where the transfer names the same purpose. */
  earmark: Earmark | null;
  entryId: string;
  status: 'done' | 'reversed';
  reversalEntryId: string | null;
  reverseReason: string | null;
  createdBy: string;
  createdAt: string;
}

export interface TransferStore extends IdempotencyStore, AuthorizeStore {
  getFund(id: string): Promise<FundView | null>;
  listFundAccounts(fundId: string): Promise<AccountView[]>;
  loadLedgerAccounts(ids: readonly string[]): Promise<Map<string, LedgerAccount>>;
  getEntry(id: string): Promise<EntryView | null>;
  getTransfer(id: string): Promise<TransferView | null>;
  projectFacts(id: string): Promise<{ fundId: string; name: string } | null>;
  beneficiaryUnit(id: string): Promise<string | null>;
  commitTransfer(
    transfer: TransferView,
    entry: NewEntry,
    seal: (views: EntryView[]) => WriteExtras,
  ): Promise<void>;
  commitTransferReversal(
    transfer: TransferView,
    entry: NewEntry,
    seal: (views: EntryView[]) => WriteExtras,
  ): Promise<void>;
  listTransfers(query: {
    fundId: string | null;
    roots: string[] | null;
    after: { date: string; id: string } | null;
    limit: number;
  }): Promise<TransferView[]>;
}

type Deps = { store: TransferStore; nowMs: () => number };

export interface RecordTransferInput {
  fromFundId: string;
  toFundId: string;
  amount: bigint;
  currency?: CurrencyCode;
  date: string;
  purpose: string;
  earmark?: Partial<Earmark> | null;
}

/** The sending fund's staff record it (the money leaves from there); the receiving fund must be open. */
export async function recordTransfer(
  deps: Deps,
  context: WriteContext,
  input: RecordTransferInput,
): Promise<WriteOutcome<TransferView>> {
  return idempotentWrite(deps.store, context, deps.nowMs, async (seal) => {
    const from = await fundOf(deps.store, input.fromFundId, 'fromFundId');
    const to = await fundOf(deps.store, input.toFundId, 'toFundId');
    await requirePermission(deps.store, context.actor, 'ledger.record', from.unitId, from.name);
    if (from.id === to.id) {
      throw new DomainError('validation-failed', 'A transfer moves money between two different funds.', {
        fieldErrors: [{ field: 'toFundId', detail: 'must differ from fromFundId' }],
      });
    }
    for (const fund of [from, to]) {
      if (fund.status !== 'active') throw new DomainError('fund-closed', `Fund ${fund.name} is closed.`);
    }
    const currency = input.currency ?? from.currency;
    const accountsFrom = await roleAccounts(deps.store, from, currency);
    const accountsTo = await roleAccounts(deps.store, to, currency);
    const out = accountsFrom.get('transfers_out');
    const bankFrom = accountsFrom.get('bank');
    const bankTo = accountsTo.get('bank');
    const into = accountsTo.get('transfers_in');
    if (!out || !bankFrom) throw new DomainError('insufficient-funds', `${from.name} holds no ${currency}.`);
    if (!bankTo || !into) {
      throw new DomainError(
        'currency-mismatch',
        `${to.name} has no ${currency} accounts to receive this transfer.`,
      );
    }
    const nowMs = deps.nowMs();
    const amountMinor = input.amount;
    const entry = await prepareEntry(
      deps,
      {
        date: input.date,
        description: `Điều chuyển: ${from.name} → ${to.name} — ${input.purpose}`.slice(
          0,
          DESCRIPTION_LENGTH_MAX,
        ),
        kind: 'transfer',
        reversesEntryId: null,
        postings: [
          { accountId: out.id, side: 'debit', amountMinor, memo: null },
          { accountId: bankFrom.id, side: 'credit', amountMinor, memo: null },
          { accountId: bankTo.id, side: 'debit', amountMinor, memo: null },
          { accountId: into.id, side: 'credit', amountMinor, memo: null },
        ],
      },
      nowMs,
    );
    const earmark = await earmarkOfTransfer(deps.store, from, to, input.earmark ?? null);
    const transfer: TransferView = {
      id: newId(nowMs),
      fromFundId: from.id,
      toFundId: to.id,
      fromUnitId: from.unitId,
      toUnitId: to.unitId,
      amount: amountMinor.toString(),
      currency,
      date: input.date,
      purpose: input.purpose,
      earmark: isEarmarked(earmark) ? earmark : null,
      entryId: entry.id,
      status: 'done',
      reversalEntryId: null,
      reverseReason: null,
      createdBy: context.actor.userId,
      createdAt: new Date(nowMs).toISOString(),
    };
    await deps.store.commitTransfer(
      transfer,
      { ...entry, flow: { kind: 'transfer', transferId: transfer.id, target: transfer.earmark } },
      () => seal(transfer, from.unitId),
    );
    return transfer;
  });
}

/** Undone by an approver of the sending unit; refused if the receiving fund already spent the money. */
export async function reverseTransfer(
  deps: Deps,
  context: WriteContext,
  input: { transferId: string; reason: string },
): Promise<WriteOutcome<TransferView>> {
  return idempotentWrite(
    deps.store,
    context,
    deps.nowMs,
    async (seal) => {
      const transfer = await getTransfer(deps, context.actor, input.transferId);
      await requirePermission(deps.store, context.actor, 'ledger.reverse', transfer.fromUnitId);
      if (transfer.status === 'reversed') {
        throw new DomainError('already-reversed', `Transfer ${transfer.id} was already reversed.`);
      }
      const original = await deps.store.getEntry(transfer.entryId);
      assert(original, 'a transfer has its entry');
      const nowMs = deps.nowMs();
      const today = todayInVietnam(nowMs);
      const draft = reversalOfStored(original, today > transfer.date ? today : transfer.date, input.reason);
      const entry = await prepareEntry(deps, draft, nowMs);
      const reversed: TransferView = {
        ...transfer,
        status: 'reversed',
        reversalEntryId: entry.id,
        reverseReason: input.reason,
      };
      await deps.store.commitTransferReversal(reversed, entry, () => seal(reversed, transfer.fromUnitId));
      return reversed;
    },
    200,
  );
}

export async function getTransfer(
  deps: { store: TransferStore },
  actor: Actor,
  id: string,
): Promise<TransferView> {
  const transfer = await deps.store.getTransfer(id);
  if (!transfer) throw new DomainError('not-found', `There is no transfer ${id}.`);
  try {
    await requirePermission(deps.store, actor, 'ledger.read', transfer.fromUnitId);
  } catch {
    try {
      await requirePermission(deps.store, actor, 'ledger.read', transfer.toUnitId);
    } catch {
      throw new DomainError('not-found', `There is no transfer ${id}.`);
    }
  }
  return transfer;
}

export async function listTransfers(
  deps: { store: TransferStore },
  actor: Actor,
  query: { fundId?: string; cursor?: string; limit?: number },
): Promise<Page<TransferView>> {
  const limit = pageSize(query.limit);
  const after = query.cursor ? decodeCursor(query.cursor, 2) : null;
  const rows = await deps.store.listTransfers({
    fundId: query.fundId ?? null,
    roots: visibleRoots(actor, 'ledger.read'),
    after: after ? { date: String(after[0]), id: String(after[1]) } : null,
    limit: limit + 1,
  });
  return pageOf(rows, limit, (row) => [row.date, row.id]);
}

/**
 * A transfer's earmark says which earmarked money may travel with it: exactly one of a category, a
 * project of either fund, or a recorded beneficiary — like a gift's earmark.
 */
async function earmarkOfTransfer(
  store: TransferStore,
  from: FundView,
  to: FundView,
  earmark: Partial<Earmark> | null,
): Promise<Earmark | null> {
  if (!earmark) return null;
  const named = [earmark.category, earmark.projectId, earmark.beneficiaryId].filter((value) => value != null);
  if (named.length !== 1) {
    throw new DomainError(
      'validation-failed',
      'An earmark names exactly one of a project, a beneficiary or a purpose category.',
      {
        fieldErrors: [{ field: 'earmark', detail: 'give exactly one of projectId, beneficiaryId, category' }],
      },
    );
  }
  if (earmark.projectId) {
    const project = await store.projectFacts(earmark.projectId);
    if (!project || (project.fundId !== from.id && project.fundId !== to.id)) {
      throw new DomainError(
        'validation-failed',
        `The earmark names project ${earmark.projectId}, which is not a project of either fund.`,
        {
          fieldErrors: [{ field: 'earmark.projectId', detail: 'unknown project for these funds' }],
        },
      );
    }
  }
  if (earmark.beneficiaryId && !(await store.beneficiaryUnit(earmark.beneficiaryId))) {
    throw new DomainError(
      'validation-failed',
      `The earmark names beneficiary ${earmark.beneficiaryId}, who is not recorded.`,
      {
        fieldErrors: [{ field: 'earmark.beneficiaryId', detail: 'unknown beneficiary' }],
      },
    );
  }
  return {
    category: earmark.category ?? null,
    projectId: earmark.projectId ?? null,
    beneficiaryId: earmark.beneficiaryId ?? null,
  };
}

async function fundOf(store: TransferStore, id: string, field: string): Promise<FundView> {
  const fund = await store.getFund(id);
  if (!fund) {
    throw new DomainError('fund-not-found', `There is no fund ${id}.`, {
      fieldErrors: [{ field, detail: 'unknown fund' }],
    });
  }
  return fund;
}

async function roleAccounts(store: TransferStore, fund: FundView, currency: CurrencyCode) {
  return accountsByRole(await store.listFundAccounts(fund.id), currency);
}

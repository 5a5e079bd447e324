import type { Actor } from '../domain/access.ts';
import type { LedgerAccount } from '../domain/accounts.ts';
import { todayInVietnam } from '../domain/dates.ts';
import { assert, DomainError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { CLOSING_ACCOUNTS_MAX } from '../domain/limits.ts';
import type { CurrencyCode } from '../domain/money.ts';
import {
  type ClosingBalance,
  closingPostings,
  type PeriodKind,
  periodKindOf,
  periodLabel,
  type StandingClose,
} from '../domain/period-close.ts';
import { type AuthorizeStore, requirePermission } from './authorize.ts';
import type { WriteContext, WriteExtras } from './context.ts';
import { decodeCursor, pageOf, pageSize } from './cursor.ts';
import { prepareEntry } from './donations.ts';
import type { NewEntry } from './entries.ts';
import { type IdempotencyStore, idempotentWrite, type WriteOutcome } from './idempotency.ts';
import type { AccountView, EntryView, FundView, Page } from './views.ts';

/**
 * Khóa sổ (src/domain/period-close.ts): an approver closes a fund's books through the end of a month
 * or a year; a year-end close posts the entry that carries the year's surplus into the fund balance, in
 * the same batch as the close. Reopening marks the close (who, when, why) and is audited.
 */
export interface PeriodCloseView {
  id: string;
  fundId: string;
  unitId: string;
  periodEnd: string;
  kind: PeriodKind;
  status: 'closed' | 'reopened';
  closedBy: string;
  closedAt: string;
  /** The year-end entry that closed revenue and expense into the fund balance (null: nothing to close). */
  closingEntryId: string | null;
  reopenedBy: string | null;
  reopenedAt: string | null;
  reopenReason: string | null;
}

/** A new close, with what its year-end entry carried into the fund balance per currency. */
export interface PeriodCloseResult extends PeriodCloseView {
  carriedForward: { currency: CurrencyCode; revenue: string; expense: string; surplus: string }[];
}

export interface PeriodCloseStore extends IdempotencyStore, AuthorizeStore {
  getFund(id: string): Promise<FundView | null>;
  listFundAccounts(fundId: string): Promise<AccountView[]>;
  insertAccount(account: AccountView, createdAtMs: number, extras: WriteExtras): Promise<void>;
  loadLedgerAccounts(ids: readonly string[]): Promise<Map<string, LedgerAccount>>;
  latestStandingClose(fundId: string): Promise<StandingClose | null>;
  /** The fund's revenue and expense accounts with their totals through the end of `periodEnd`. */
  closingBalances(fundId: string, periodEnd: string): Promise<ClosingBalance[]>;
  /** The closing entry (if any), then the close row, in one batch with the write's extras. */
  commitPeriodClose(
    close: PeriodCloseView,
    closingEntry: NewEntry | null,
    seal: (views: EntryView[]) => WriteExtras,
  ): Promise<void>;
  getPeriodClose(id: string): Promise<PeriodCloseView | null>;
  reopenPeriodClose(close: PeriodCloseView, extras: WriteExtras): Promise<void>;
  listPeriodCloses(query: {
    fundId: string;
    after: { periodEnd: string; id: string } | null;
    limit: number;
  }): Promise<PeriodCloseView[]>;
}

type Deps = { store: PeriodCloseStore; nowMs: () => number };

async function fundOf(store: PeriodCloseStore, fundId: string): Promise<FundView> {
  const fund = await store.getFund(fundId);
  if (!fund) {
    throw new DomainError('fund-not-found', `There is no fund ${fundId}.`, {
      fieldErrors: [{ field: 'fundId', detail: 'unknown fund' }],
    });
  }
  return fund;
}

/** Checks the period an approver asks to close: a month's or a year's end that has passed. */
function checkPeriodEnd(periodEnd: string, nowMs: number): PeriodKind {
  const kind = periodKindOf(periodEnd);
  if (!kind) {
    throw new DomainError(
      'validation-failed',
      `A period closes on the last day of a month (such as 2024-09-30, or 2024-12-31 for the year); ${periodEnd} is not one.`,
      { fieldErrors: [{ field: 'periodEnd', detail: 'must be the last day of a month' }] },
    );
  }
  const today = todayInVietnam(nowMs);
  if (periodEnd > today) {
    throw new DomainError(
      'validation-failed',
      `The period ending ${periodEnd} is not over yet (today is ${today}): a period is closed once it has ended.`,
      { fieldErrors: [{ field: 'periodEnd', detail: 'must not be in the future' }] },
    );
  }
  return kind;
}

/** Overlapping closes are fine (the latest stands); the same close twice, or a year-end inside one, is not. */
function checkAgainstStanding(
  fund: FundView,
  periodEnd: string,
  kind: PeriodKind,
  standing: StandingClose | null,
): void {
  if (!standing) return;
  if (standing.periodEnd === periodEnd) {
    throw new DomainError(
      'conflict',
      `The books of ${fund.name} are already closed through ${periodEnd} (close ${standing.id}).`,
      { extra: { periodEnd, periodCloseId: standing.id } },
    );
  }
  if (kind === 'year' && standing.periodEnd > periodEnd) {
    throw new DomainError(
      'period-closed',
      `The books of ${fund.name} are closed through ${standing.periodEnd}, which covers ${periodEnd}: ` +
        `reopen that close first, so the year-end closing entry can be dated ${periodEnd}.`,
      { extra: { periodEnd: standing.periodEnd, fundId: fund.id, periodCloseId: standing.id } },
    );
  }
}

export async function closePeriod(
  deps: Deps,
  context: WriteContext,
  input: { fundId: string; periodEnd: string },
): Promise<WriteOutcome<PeriodCloseResult>> {
  return idempotentWrite(deps.store, context, deps.nowMs, async (seal) => {
    const fund = await fundOf(deps.store, input.fundId);
    await requirePermission(deps.store, context.actor, 'period.close', fund.unitId, fund.name);
    const nowMs = deps.nowMs();
    const kind = checkPeriodEnd(input.periodEnd, nowMs);
    checkAgainstStanding(fund, input.periodEnd, kind, await deps.store.latestStandingClose(fund.id));
    const yearEnd = kind === 'year' ? await yearEndEntry(deps, fund, input.periodEnd, nowMs) : null;
    const close: PeriodCloseResult = {
      id: newId(nowMs),
      fundId: fund.id,
      unitId: fund.unitId,
      periodEnd: input.periodEnd,
      kind,
      status: 'closed',
      closedBy: context.actor.userId,
      closedAt: new Date(nowMs).toISOString(),
      closingEntryId: yearEnd?.entry?.id ?? null,
      reopenedBy: null,
      reopenedAt: null,
      reopenReason: null,
      carriedForward: (yearEnd?.carriedForward ?? []).map((carried) => ({
        currency: carried.currency,
        revenue: carried.revenueMinor.toString(),
        expense: carried.expenseMinor.toString(),
        surplus: carried.surplusMinor.toString(),
      })),
    };
    const { carriedForward: _shown, ...row } = close;
    await deps.store.commitPeriodClose(row, yearEnd?.entry ?? null, () => seal(close, fund.unitId));
    return close;
  });
}

/**
 * Kết chuyển: the entry dated the year's last day that brings every revenue and expense account of the
 * fund to zero through that day and puts the difference (the surplus) into the fund balance of its
 * currency. Null when nothing is left to close (a quiet year, or a year closed before and reopened).
 */
async function yearEndEntry(deps: Deps, fund: FundView, periodEnd: string, nowMs: number) {
  const balances = (await deps.store.closingBalances(fund.id, periodEnd)).filter(
    (balance) => balance.debitTotalMinor !== balance.creditTotalMinor,
  );
  if (balances.length === 0) return null;
  if (balances.length > CLOSING_ACCOUNTS_MAX) {
    throw new DomainError(
      'validation-failed',
      `${fund.name} has ${balances.length} revenue and expense accounts to close; one closing entry closes at most ${CLOSING_ACCOUNTS_MAX}.`,
    );
  }
  const fundBalance = await fundBalanceAccounts(deps, fund, new Set(balances.map((b) => b.currency)), nowMs);
  const label = periodLabel(periodEnd, 'year');
  const { postings, carriedForward } = closingPostings(
    balances,
    (currency) => fundBalance.get(currency)!,
    `Kết chuyển ${label}`,
  );
  const entry = await prepareEntry(
    deps,
    {
      date: periodEnd,
      description: `Kết chuyển thu, chi ${label} vào số dư quỹ (khóa sổ ${periodEnd})`,
      kind: 'adjustment',
      reversesEntryId: null,
      postings,
    },
    nowMs,
  );
  return { entry, carriedForward };
}

/**
 * The fund balance account of each currency to close into. A foreign currency's is opened like its
 * other accounts on a first gift (code suffixed with the currency), from the fund's own.
 */
async function fundBalanceAccounts(
  deps: Deps,
  fund: FundView,
  currencies: Set<CurrencyCode>,
  nowMs: number,
): Promise<Map<CurrencyCode, string>> {
  const accounts = (await deps.store.listFundAccounts(fund.id)).filter(
    (account) => account.role === 'fund_balance',
  );
  const found = new Map(accounts.map((account) => [account.currency, account.id]));
  const template = accounts.find((account) => account.currency === fund.currency);
  for (const currency of currencies) {
    if (found.has(currency)) continue;
    assert(template, 'a fund has its fund balance account');
    const account: AccountView = {
      ...template,
      id: newId(nowMs),
      code: `${template.code}-${currency}`,
      name: `${template.name} — ${currency}`,
      currency,
      debitTotal: '0',
      creditTotal: '0',
      balance: '0',
    };
    await deps.store.insertAccount(account, nowMs, { idempotency: null, audit: null });
    found.set(currency, account.id);
  }
  return found;
}

/** Reopening needs an approver of the fund's unit; the close stays, marked, in the record. */
export async function reopenPeriod(
  deps: Deps,
  context: WriteContext,
  input: { id: string; reason: string | null },
): Promise<WriteOutcome<PeriodCloseView>> {
  return idempotentWrite(
    deps.store,
    context,
    deps.nowMs,
    async (seal) => {
      const close = await deps.store.getPeriodClose(input.id);
      if (!close) throw new DomainError('not-found', `There is no period close ${input.id}.`);
      const fund = await fundOf(deps.store, close.fundId);
      await requirePermission(deps.store, context.actor, 'period.close', fund.unitId, fund.name);
      if (close.status === 'reopened') {
        throw new DomainError(
          'invalid-state',
          `The close of ${fund.name} through ${close.periodEnd} was already reopened (${close.reopenedAt}).`,
        );
      }
      const reopened: PeriodCloseView = {
        ...close,
        status: 'reopened',
        reopenedBy: context.actor.userId,
        reopenedAt: new Date(deps.nowMs()).toISOString(),
        reopenReason: input.reason,
      };
      await deps.store.reopenPeriodClose(reopened, seal(reopened, fund.unitId));
      return reopened;
    },
    200,
  );
}

export async function listPeriodCloses(
  deps: { store: PeriodCloseStore },
  actor: Actor,
  query: { fundId: string; cursor?: string; limit?: number },
): Promise<Page<PeriodCloseView>> {
  const fund = await fundOf(deps.store, query.fundId);
  await requirePermission(deps.store, actor, 'ledger.read', fund.unitId, fund.name);
  const limit = pageSize(query.limit);
  const after = query.cursor ? decodeCursor(query.cursor, 2) : null;
  const rows = await deps.store.listPeriodCloses({
    fundId: fund.id,
    after: after ? { periodEnd: String(after[0]), id: String(after[1]) } : null,
    limit: limit + 1,
  });
  return pageOf(rows, limit, (last) => [last.periodEnd, last.id]);
}

import type { Side } from './accounts.ts';
import { type IsoDate, isIsoDate } from './dates.ts';
import type { PostingDraft } from './entries.ts';
import { DomainError } from './errors.ts';
import { AMOUNT_MINOR_MAX } from './limits.ts';
import type { CurrencyCode } from './money.ts';

/**
 * Khóa sổ: an approver closes a fund's books through the last day of a month (or of a year). While the
 * close stands, no entry of the fund may be dated on or before that day; reopening marks the close, it
 * never deletes it. A year-end close also closes the year's revenue and expense into the fund balance
 * with an explicit entry dated the year's last day, so the surplus carries over into the next year.
 */
export const PERIOD_KINDS = ['month', 'year'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

/** A close ends on the last day of a month: December's closes the year, any other month's that month. */
export function periodKindOf(periodEnd: IsoDate): PeriodKind | null {
  if (!isIsoDate(periodEnd)) return null;
  const [year, month, day] = periodEnd.split('-').map(Number) as [number, number, number];
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day !== lastDay) return null;
  return month === 12 ? 'year' : 'month';
}

/** "tháng 9/2024" or "năm 2024": how pages and the closing entry name the period. */
export function periodLabel(periodEnd: IsoDate, kind: PeriodKind): string {
  const [year, month] = periodEnd.split('-');
  return kind === 'year' ? `năm ${year}` : `tháng ${Number(month)}/${year}`;
}

/** The standing close that refuses an entry: the latest one of the fund. */
export interface StandingClose {
  id: string;
  fundId: string;
  fundName: string;
  periodEnd: IsoDate;
}

/** The refusal of an entry dated on or before the end of a standing close: it names the period. */
export function periodClosedError(close: StandingClose, entryDate: IsoDate): DomainError {
  return new DomainError(
    'period-closed',
    `The books of ${close.fundName} are closed through ${close.periodEnd}: nothing may be dated ${entryDate}. ` +
      `Date it after ${close.periodEnd}, or ask an approver to reopen the period.`,
    { extra: { periodEnd: close.periodEnd, fundId: close.fundId, periodCloseId: close.id } },
  );
}

/** A revenue or expense account's totals through the end of the year being closed. */
export interface ClosingBalance {
  accountId: string;
  currency: CurrencyCode;
  type: 'revenue' | 'expense';
  debitTotalMinor: bigint;
  creditTotalMinor: bigint;
}

/** What a year-end closing entry moved into the fund balance, per currency. */
export interface CarriedForward {
  currency: CurrencyCode;
  /** Revenue of the year (net credit of revenue accounts). */
  revenueMinor: bigint;
  /** Expense of the year (net debit of expense accounts). */
  expenseMinor: bigint;
  /** revenue − expense: credited to (or, when negative, debited from) the fund balance. */
  surplusMinor: bigint;
}

/**
 * The postings of a year-end closing entry (kết chuyển): each revenue and expense account brought to
 * zero, the difference into the fund balance account of its currency. Accounts already at zero take no
 * posting; an amount past the per-posting limit is split.
 */
export function closingPostings(
  balances: readonly ClosingBalance[],
  fundBalanceAccountOf: (currency: CurrencyCode) => string,
  memo: string,
): { postings: PostingDraft[]; carriedForward: CarriedForward[] } {
  const postings: PostingDraft[] = [];
  const byCurrency = new Map<CurrencyCode, CarriedForward>();
  for (const balance of balances) {
    const net = balance.debitTotalMinor - balance.creditTotalMinor;
    if (net === 0n) continue;
    const carried = byCurrency.get(balance.currency) ?? {
      currency: balance.currency,
      revenueMinor: 0n,
      expenseMinor: 0n,
      surplusMinor: 0n,
    };
    if (balance.type === 'revenue') carried.revenueMinor -= net;
    else carried.expenseMinor += net;
    carried.surplusMinor -= net;
    byCurrency.set(balance.currency, carried);
    postings.push(...pieces(balance.accountId, net > 0n ? 'credit' : 'debit', net > 0n ? net : -net, memo));
  }
  const carriedForward = [...byCurrency.values()];
  for (const carried of carriedForward) {
    if (carried.surplusMinor === 0n) continue;
    const side: Side = carried.surplusMinor > 0n ? 'credit' : 'debit';
    const amount = carried.surplusMinor > 0n ? carried.surplusMinor : -carried.surplusMinor;
    postings.push(...pieces(fundBalanceAccountOf(carried.currency), side, amount, memo));
  }
  return { postings, carriedForward };
}

function pieces(accountId: string, side: Side, amountMinor: bigint, memo: string): PostingDraft[] {
  const out: PostingDraft[] = [];
  let left = amountMinor;
  for (; left > AMOUNT_MINOR_MAX; left -= AMOUNT_MINOR_MAX) {
    out.push({ accountId, side, amountMinor: AMOUNT_MINOR_MAX, memo });
  }
  out.push({ accountId, side, amountMinor: left, memo });
  return out;
}

import type { Actor } from '../domain/access.ts';
import { RECONCILIATION_ITEMS_LISTED_MAX } from '../domain/bank-statements/limits.ts';
import { todayInVietnam } from '../domain/dates.ts';
import type { CurrencyCode } from '../domain/money.ts';
import {
  bankAccountFor,
  type Listed,
  type PrintedLine,
  type StatementLineView,
  type StatementStore,
  type UnmatchedEntry,
} from './bank-statements.ts';

/**
 * Đối soát: the bank's balance of an account at the end of a day against the books', and what makes the
 * difference. The bank's side is the balance the statement printed after the day's last line (then the
 * lines after that day without one added), or, when the statements print no balance, the sum of every
 * line (the account's statements then have to start from a zero balance). The differences:
 *
 * - lines the books do not hold: unmatched or only suggested, ignored, or matched to a record dated
 *   after the report's date;
 * - entries on the account no line is matched to (a gift recorded before its money shows on a statement,
 *   an opening balance, a record matched to a later line); an entry and its reversal that both stand
 *   unmatched cancel out and are not listed;
 * - the part of the bank's balance that predates the first imported line (printed balances only).
 *
 * They add up to the difference by construction; `unexplained` is what they do not explain, and is
 * zero unless the stored data contradict the rules (a check on a second path, as `soquy verify` makes).
 */

type Group<T> = { count: number; total: string; items: T[] };

export interface ReconciliationReport {
  accountId: string;
  fundId: string;
  currency: CurrencyCode;
  asOf: string;
  bank: {
    balance: string;
    /** `statement`: from a printed balance; `computed`: the sum of the lines. */
    basis: 'statement' | 'computed';
    /** Lines dated on or before asOf, and the first and last of their dates. */
    lines: number;
    firstDate: string | null;
    lastDate: string | null;
    /** The day whose printed balance the bank's side starts from. */
    printedBalanceDate: string | null;
    /** What the account held before the first imported line (bank balance − every line). */
    balanceBeforeLines: string;
  };
  ledger: { balance: string };
  /** bank − ledger. */
  difference: string;
  reconciled: boolean;
  differences: {
    openLines: Group<StatementLineView>;
    ignoredLines: Group<StatementLineView>;
    linesMatchedLater: Group<StatementLineView>;
    unmatchedEntries: Group<UnmatchedEntry>;
  };
  /** balanceBeforeLines + the three groups of lines − the unmatched entries. */
  explained: string;
  unexplained: string;
}

function group<T>(listed: Listed<T>): Group<T> {
  return { count: listed.count, total: listed.totalMinor.toString(), items: listed.items };
}

/**
 * The balance after the last line of a day: among the day's lines, the balance no other line starts from
 * (each line starts from its balance less its credit plus its debit), whichever way the file was sorted.
 * When that does not single one out (lines missing from the day), the last line of the latest import.
 */
export function closingBalanceOfDay(lines: readonly PrintedLine[]): bigint {
  const starts = new Map<bigint, number>();
  for (const line of lines) {
    const start = line.balanceMinor - line.creditMinor + line.debitMinor;
    starts.set(start, (starts.get(start) ?? 0) + 1);
  }
  const ends: bigint[] = [];
  for (const line of lines) {
    const left = starts.get(line.balanceMinor) ?? 0;
    if (left > 0) starts.set(line.balanceMinor, left - 1);
    else ends.push(line.balanceMinor);
  }
  if (ends.length === 1) return ends[0]!;
  const last = [...lines].sort(
    (left, right) =>
      (left.importId < right.importId ? -1 : left.importId > right.importId ? 1 : 0) ||
      left.lineNo - right.lineNo,
  );
  return last.at(-1)!.balanceMinor;
}

async function bankSide(store: StatementStore, accountId: string, asOf: string) {
  const totals = await store.statementTotals(accountId, asOf);
  const sum = totals.creditMinor - totals.debitMinor;
  const printed = await store.lastPrintedDay(accountId, asOf);
  let balance = sum;
  if (printed !== null) {
    balance = closingBalanceOfDay(printed.lines) + (await store.lineMovement(accountId, printed.date, asOf));
  }
  return {
    balanceMinor: balance,
    view: {
      balance: balance.toString(),
      basis: printed === null ? ('computed' as const) : ('statement' as const),
      lines: totals.lines,
      firstDate: totals.firstDate,
      lastDate: totals.lastDate,
      printedBalanceDate: printed?.date ?? null,
      balanceBeforeLines: (balance - sum).toString(),
    },
    beforeLinesMinor: balance - sum,
  };
}

export async function reconcileBankAccount(
  deps: { store: StatementStore; nowMs: () => number },
  actor: Actor,
  query: { accountId: string; asOf?: string },
): Promise<ReconciliationReport> {
  const { store } = deps;
  const account = await bankAccountFor(store, actor, query.accountId, 'ledger.read');
  const asOf = query.asOf ?? todayInVietnam(deps.nowMs());
  const bank = await bankSide(store, account.id, asOf);
  const ledgerMinor = await store.ledgerBalanceAsOf(account.id, asOf);
  const limit = RECONCILIATION_ITEMS_LISTED_MAX;
  const openLines = await store.reconcilingLines(account.id, asOf, 'open', limit);
  const ignoredLines = await store.reconcilingLines(account.id, asOf, 'ignored', limit);
  const linesMatchedLater = await store.reconcilingLines(account.id, asOf, 'matched-later', limit);
  const unmatchedEntries = await store.unmatchedEntries(account.id, asOf, limit);
  const explained =
    bank.beforeLinesMinor +
    openLines.totalMinor +
    ignoredLines.totalMinor +
    linesMatchedLater.totalMinor -
    unmatchedEntries.totalMinor;
  const difference = bank.balanceMinor - ledgerMinor;
  return {
    accountId: account.id,
    fundId: account.fundId,
    currency: account.currency,
    asOf,
    bank: bank.view,
    ledger: { balance: ledgerMinor.toString() },
    difference: difference.toString(),
    reconciled: difference === 0n,
    differences: {
      openLines: group(openLines),
      ignoredLines: group(ignoredLines),
      linesMatchedLater: group(linesMatchedLater),
      unmatchedEntries: group(unmatchedEntries),
    },
    explained: explained.toString(),
    unexplained: (difference - explained).toString(),
  };
}

import type { AccountTotals, AccountType } from '../accounts.ts';
import type { DisbursementCategory } from '../disbursements.ts';
import type { DonationChannel } from '../donations.ts';
import { assert } from '../errors.ts';
import type { CurrencyCode } from '../money.ts';

/**
 * Báo cáo thu chi: what a fund (or every fund of a unit, consolidated) held at the start of a period,
 * what came in and went out during it, and what it held at the end — per currency, from the ledger.
 *
 * - **Receipts** are the movement of revenue accounts, **disbursements** that of expense accounts;
 *   both are broken down by the record behind each entry (the gift's channel, campaign and earmark; the
 *   payment's category and project). Entries posted directly (no gift or payment behind them) show as
 *   `manual`. A void or a reversal counts against the record it undoes, in the period it is dated.
 * - **Transfers** in and out between funds and levels are neither: they are shown on their own, and
 *   in a consolidated statement a transfer between two funds both in scope is `internal` (it appears on
 *   both sides and nets to zero).
 * - Year-end closing entries (kết chuyển) only move revenue and expense into the fund balance: they are
 *   left out of every movement, so a year's receipts are the same before and after its close.
 * - The balance is net assets: cash + bank + goods received in kind + other assets − liabilities.
 *   closing = opening + receipts − disbursements + transfers in − transfers out + exchange + other,
 *   checked for every currency.
 */

export interface StatementAccount {
  accountId: string;
  fundId: string;
  currency: CurrencyCode;
  type: AccountType;
  role: string | null;
}

/** Revenue movement of one group of entries (net credit), with the gift behind them if any. */
export interface ReceiptRow {
  currency: CurrencyCode;
  /** null: posted directly, no gift behind the entry. */
  channel: DonationChannel | null;
  campaignId: string | null;
  campaignName: string | null;
  earmarkCategory: DisbursementCategory | null;
  earmarkProjectId: string | null;
  earmarkBeneficiaryId: string | null;
  /** What the earmark names, readable (a project's name, a beneficiary's public alias). */
  earmarkLabel: string | null;
  amountMinor: bigint;
}

/** Expense movement of one group of entries (net debit), with the payment behind them if any. */
export interface DisbursementRow {
  currency: CurrencyCode;
  role: string | null;
  /** null: posted directly, no disbursement behind the entry. */
  category: DisbursementCategory | null;
  projectId: string | null;
  projectName: string | null;
  amountMinor: bigint;
}

/** Transfer account movement of one counterpart fund: in = net credit of 4318, out = net debit of 4319. */
export interface TransferRow {
  currency: CurrencyCode;
  direction: 'in' | 'out';
  /** The fund at the other end (null: an entry posted directly to a transfer account). */
  counterpartFundId: string | null;
  counterpartFundName: string | null;
  amountMinor: bigint;
}

export interface FundStatementInput {
  accounts: readonly StatementAccount[];
  /** Totals as of the end of the day before the period, and as of its last day, by account id. */
  totalsBefore: ReadonlyMap<string, AccountTotals>;
  totalsAtEnd: ReadonlyMap<string, AccountTotals>;
  /** Postings of year-end closing entries (and their reversals) dated in the period, by account id. */
  excluded: ReadonlyMap<string, AccountTotals>;
  receipts: readonly ReceiptRow[];
  disbursements: readonly DisbursementRow[];
  transfers: readonly TransferRow[];
  /** Earmarked money not yet spent on its purpose at the end of the period, per currency. */
  restrictedAtEnd: ReadonlyMap<CurrencyCode, bigint>;
  /** The funds of the statement: a transfer between two of them is internal. */
  fundIds: ReadonlySet<string>;
}

export interface Position {
  cash: string;
  bank: string;
  inKindGoods: string;
  otherAssets: string;
  liabilities: string;
  /** cash + bank + inKindGoods + otherAssets − liabilities. */
  total: string;
}

export interface TransferSide {
  total: string;
  /** Between funds both in the statement's scope: nets out in a consolidated statement. */
  internal: string;
  external: string;
  byFund: { fundId: string | null; fundName: string | null; amount: string }[];
}

export interface FundStatementCurrency {
  currency: CurrencyCode;
  opening: Position;
  receipts: {
    total: string;
    earmarked: string;
    inKind: string;
    byChannel: { channel: DonationChannel | 'manual'; amount: string }[];
    byCampaign: { campaignId: string | null; campaignName: string | null; amount: string }[];
    byEarmark: {
      category: DisbursementCategory | null;
      projectId: string | null;
      beneficiaryId: string | null;
      label: string | null;
      amount: string;
    }[];
  };
  disbursements: {
    total: string;
    adminCosts: string;
    byCategory: { category: DisbursementCategory | 'manual'; amount: string }[];
    byProject: { projectId: string | null; projectName: string | null; amount: string }[];
  };
  transfers: { in: TransferSide; out: TransferSide; net: string };
  /** Currency sold or bought (the currency-trading account): negative in the currency sold. */
  exchange: string;
  /** Other changes of net assets: opening balances recorded, direct adjustments of the fund balance. */
  otherMovements: string;
  /** receipts − disbursements: the period's result, transfers not counted. */
  surplus: string;
  closing: Position;
  /** Money (cash and bank) at the end that earmarked gifts still hold, and the rest. */
  restricted: string;
  unrestricted: string;
}

interface Sums {
  cash: bigint;
  bank: bigint;
  goods: bigint;
  otherAssets: bigint;
  liabilities: bigint;
  receipts: bigint;
  disbursements: bigint;
  transfersIn: bigint;
  transfersOut: bigint;
  exchange: bigint;
  other: bigint;
}

const ZERO_TOTALS: AccountTotals = { debitTotalMinor: 0n, creditTotalMinor: 0n };

function emptySums(): Sums {
  return {
    cash: 0n,
    bank: 0n,
    goods: 0n,
    otherAssets: 0n,
    liabilities: 0n,
    receipts: 0n,
    disbursements: 0n,
    transfersIn: 0n,
    transfersOut: 0n,
    exchange: 0n,
    other: 0n,
  };
}

function netDebit(totals: AccountTotals | undefined): bigint {
  const { debitTotalMinor, creditTotalMinor } = totals ?? ZERO_TOTALS;
  return debitTotalMinor - creditTotalMinor;
}

/** Adds an asset's or liability's balance (net debit) to a position. */
function addHolding(sums: Sums, account: StatementAccount, balance: bigint): void {
  if (account.type === 'liability') sums.liabilities -= balance;
  else if (account.role === 'cash') sums.cash += balance;
  else if (account.role === 'bank') sums.bank += balance;
  else if (account.role === 'in_kind_goods') sums.goods += balance;
  else sums.otherAssets += balance;
}

/** Adds an account's movement over the period (net debit) to the line it belongs to. */
function addMovement(sums: Sums, account: StatementAccount, movement: bigint): void {
  if (account.type === 'revenue') sums.receipts -= movement;
  else if (account.type === 'expense') sums.disbursements += movement;
  else if (account.type !== 'net_assets') return;
  else if (account.role === 'transfers_in') sums.transfersIn -= movement;
  else if (account.role === 'transfers_out') sums.transfersOut += movement;
  else if (account.role === 'currency_trading') sums.exchange -= movement;
  else sums.other -= movement;
}

function position(sums: Sums): Position {
  const total = sums.cash + sums.bank + sums.goods + sums.otherAssets - sums.liabilities;
  return {
    cash: sums.cash.toString(),
    bank: sums.bank.toString(),
    inKindGoods: sums.goods.toString(),
    otherAssets: sums.otherAssets.toString(),
    liabilities: sums.liabilities.toString(),
    total: total.toString(),
  };
}

function totalOf(position: Position): bigint {
  return BigInt(position.total);
}

/** Sums amounts by a key, keeping the first row's fields for each key, largest first. */
function grouped<Row extends { amountMinor: bigint }, Out>(
  rows: readonly Row[],
  keyOf: (row: Row) => string,
  make: (row: Row, amountMinor: bigint) => Out & { amount: string },
): (Out & { amount: string })[] {
  const sums = new Map<string, { row: Row; amountMinor: bigint }>();
  for (const row of rows) {
    const key = keyOf(row);
    const sum = sums.get(key);
    if (sum) sum.amountMinor += row.amountMinor;
    else sums.set(key, { row, amountMinor: row.amountMinor });
  }
  return [...sums.values()]
    .filter((sum) => sum.amountMinor !== 0n)
    .sort((left, right) =>
      left.amountMinor === right.amountMinor ? 0 : left.amountMinor > right.amountMinor ? -1 : 1,
    )
    .map((sum) => make(sum.row, sum.amountMinor));
}

function sumOf<Row extends { amountMinor: bigint }>(rows: readonly Row[]): bigint {
  return rows.reduce((sum, row) => sum + row.amountMinor, 0n);
}

function transferSide(rows: readonly TransferRow[], fundIds: ReadonlySet<string>): TransferSide {
  const internal = sumOf(
    rows.filter((row) => row.counterpartFundId !== null && fundIds.has(row.counterpartFundId)),
  );
  const total = sumOf(rows);
  return {
    total: total.toString(),
    internal: internal.toString(),
    external: (total - internal).toString(),
    byFund: grouped(
      rows,
      (row) => row.counterpartFundId ?? '',
      (row, amountMinor) => ({
        fundId: row.counterpartFundId,
        fundName: row.counterpartFundName,
        amount: amountMinor.toString(),
      }),
    ),
  };
}

function receiptsOf(rows: readonly ReceiptRow[]): FundStatementCurrency['receipts'] {
  const earmarked = rows.filter(
    (row) =>
      row.earmarkCategory !== null || row.earmarkProjectId !== null || row.earmarkBeneficiaryId !== null,
  );
  return {
    total: sumOf(rows).toString(),
    earmarked: sumOf(earmarked).toString(),
    inKind: sumOf(rows.filter((row) => row.channel === 'in_kind')).toString(),
    byChannel: grouped(
      rows,
      (row) => row.channel ?? 'manual',
      (row, amountMinor) => ({ channel: row.channel ?? 'manual', amount: amountMinor.toString() }),
    ),
    byCampaign: grouped(
      rows,
      (row) => row.campaignId ?? '',
      (row, amountMinor) => ({
        campaignId: row.campaignId,
        campaignName: row.campaignName,
        amount: amountMinor.toString(),
      }),
    ),
    byEarmark: grouped(
      earmarked,
      (row) => `${row.earmarkCategory} ${row.earmarkProjectId} ${row.earmarkBeneficiaryId}`,
      (row, amountMinor) => ({
        category: row.earmarkCategory,
        projectId: row.earmarkProjectId,
        beneficiaryId: row.earmarkBeneficiaryId,
        label: row.earmarkLabel,
        amount: amountMinor.toString(),
      }),
    ),
  };
}

function disbursementsOf(rows: readonly DisbursementRow[]): FundStatementCurrency['disbursements'] {
  return {
    total: sumOf(rows).toString(),
    adminCosts: sumOf(rows.filter((row) => row.role === 'admin_expense')).toString(),
    byCategory: grouped(
      rows,
      (row) => row.category ?? 'manual',
      (row, amountMinor) => ({ category: row.category ?? 'manual', amount: amountMinor.toString() }),
    ),
    byProject: grouped(
      rows,
      (row) => row.projectId ?? '',
      (row, amountMinor) => ({
        projectId: row.projectId,
        projectName: row.projectName,
        amount: amountMinor.toString(),
      }),
    ),
  };
}

function currencyOrder(left: CurrencyCode, right: CurrencyCode): number {
  if (left === right) return 0;
  if (left === 'VND') return -1;
  if (right === 'VND') return 1;
  return left < right ? -1 : 1;
}

export function fundStatement(input: FundStatementInput): FundStatementCurrency[] {
  const opening = new Map<CurrencyCode, Sums>();
  const closing = new Map<CurrencyCode, Sums>();
  const movement = new Map<CurrencyCode, Sums>();
  const sumsIn = (map: Map<CurrencyCode, Sums>, currency: CurrencyCode) => {
    let sums = map.get(currency);
    if (!sums) {
      sums = emptySums();
      map.set(currency, sums);
    }
    return sums;
  };
  for (const account of input.accounts) {
    const before = netDebit(input.totalsBefore.get(account.accountId));
    const atEnd = netDebit(input.totalsAtEnd.get(account.accountId));
    const excluded = netDebit(input.excluded.get(account.accountId));
    if (account.type === 'asset' || account.type === 'liability') {
      addHolding(sumsIn(opening, account.currency), account, before);
      addHolding(sumsIn(closing, account.currency), account, atEnd);
    }
    addMovement(sumsIn(movement, account.currency), account, atEnd - before - excluded);
  }
  const currencies = [...new Set([...opening.keys(), ...movement.keys()])].sort(currencyOrder);
  return currencies.map((currency) => {
    const moved = movement.get(currency) ?? emptySums();
    const inCurrency = <Row extends { currency: CurrencyCode }>(rows: readonly Row[]) =>
      rows.filter((row) => row.currency === currency);
    const receipts = receiptsOf(inCurrency(input.receipts));
    const disbursements = disbursementsOf(inCurrency(input.disbursements));
    const transfers = inCurrency(input.transfers);
    const transfersIn = transferSide(
      transfers.filter((row) => row.direction === 'in'),
      input.fundIds,
    );
    const transfersOut = transferSide(
      transfers.filter((row) => row.direction === 'out'),
      input.fundIds,
    );
    // The breakdowns are read from the postings; the totals from the maintained balances: two paths.
    assert(BigInt(receipts.total) === moved.receipts, `receipts in ${currency} agree with revenue`);
    assert(BigInt(disbursements.total) === moved.disbursements, `payments in ${currency} agree with expense`);
    assert(BigInt(transfersIn.total) === moved.transfersIn, `transfers in (${currency}) agree`);
    assert(BigInt(transfersOut.total) === moved.transfersOut, `transfers out (${currency}) agree`);
    const openingPosition = position(opening.get(currency) ?? emptySums());
    const closingPosition = position(closing.get(currency) ?? emptySums());
    const change =
      moved.receipts -
      moved.disbursements +
      moved.transfersIn -
      moved.transfersOut +
      moved.exchange +
      moved.other;
    assert(
      totalOf(closingPosition) - totalOf(openingPosition) === change,
      `closing = opening + movements in ${currency}`,
    );
    const closingSums = closing.get(currency) ?? emptySums();
    const money = closingSums.cash + closingSums.bank;
    const restricted = input.restrictedAtEnd.get(currency) ?? 0n;
    return {
      currency,
      opening: openingPosition,
      receipts,
      disbursements,
      transfers: {
        in: transfersIn,
        out: transfersOut,
        net: (moved.transfersIn - moved.transfersOut).toString(),
      },
      exchange: moved.exchange.toString(),
      otherMovements: moved.other.toString(),
      surplus: (moved.receipts - moved.disbursements).toString(),
      closing: closingPosition,
      restricted: restricted.toString(),
      unrestricted: (money - restricted).toString(),
    };
  });
}

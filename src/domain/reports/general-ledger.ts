import { type AccountTotals, type AccountType, balanceOf, type Side } from '../accounts.ts';
import type { EntryKind } from '../entries.ts';
import type { CurrencyCode } from '../money.ts';

/**
 * Sổ cái chi tiết: one account's register over a period — its balance at the start, every posting in
 * date order with the running balance after it, the period's debits and credits, and the balance at
 * the end. Balances are on the account's normal side (a bank account's balance is what it holds).
 */
export interface RegisterAccount {
  accountId: string;
  fundId: string;
  fundName: string;
  code: string;
  name: string;
  type: AccountType;
  currency: CurrencyCode;
  normalSide: Side;
}

export interface RegisterPosting {
  postingId: number;
  entryId: string;
  seq: number;
  date: string;
  description: string;
  kind: EntryKind;
  memo: string | null;
  side: Side;
  amountMinor: bigint;
}

export interface RegisterLine extends RegisterPosting {
  /** Balance after this posting, on the account's normal side. */
  balanceMinor: bigint;
}

export interface AccountRegister {
  account: RegisterAccount;
  openingMinor: bigint;
  lines: RegisterLine[];
  debitMinor: bigint;
  creditMinor: bigint;
  closingMinor: bigint;
}

/** Date order, then journal order (an entry's seq), then the posting's own order within the entry. */
export function comparePostings(left: RegisterPosting, right: RegisterPosting): number {
  if (left.date !== right.date) return left.date < right.date ? -1 : 1;
  if (left.seq !== right.seq) return left.seq - right.seq;
  return left.postingId - right.postingId;
}

export function accountRegister(
  account: RegisterAccount,
  openingTotals: AccountTotals,
  postings: readonly RegisterPosting[],
): AccountRegister {
  const openingMinor = balanceOf(account.normalSide, openingTotals);
  let balanceMinor = openingMinor;
  let debitMinor = 0n;
  let creditMinor = 0n;
  const lines = [...postings].sort(comparePostings).map((posting): RegisterLine => {
    if (posting.side === 'debit') debitMinor += posting.amountMinor;
    else creditMinor += posting.amountMinor;
    balanceMinor += posting.side === account.normalSide ? posting.amountMinor : -posting.amountMinor;
    return { ...posting, balanceMinor };
  });
  return { account, openingMinor, lines, debitMinor, creditMinor, closingMinor: balanceMinor };
}

import type { CurrencyCode } from './money.ts';

export const ACCOUNT_TYPES = ['asset', 'liability', 'net_assets', 'revenue', 'expense'] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];

export const SIDES = ['debit', 'credit'] as const;
export type Side = (typeof SIDES)[number];

export const ACCOUNT_STATUSES = ['open', 'closed'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

/** Assets and expenses grow on the debit side; liabilities, net assets and revenue on the credit side. */
export function normalSideOf(type: AccountType): Side {
  return type === 'asset' || type === 'expense' ? 'debit' : 'credit';
}

export interface AccountTotals {
  debitTotalMinor: bigint;
  creditTotalMinor: bigint;
}

/** What the posting rules need to know of an account. */
export interface LedgerAccount extends AccountTotals {
  id: string;
  code: string;
  fundId: string;
  unitId: string;
  currency: CurrencyCode;
  normalSide: Side;
  status: AccountStatus;
  /** Bank and cash accounts: the balance may never go below zero. */
  nonNegative: boolean;
}

/** Balance on the account's normal side; negative when the account sits on the other side. */
export function balanceOf(normalSide: Side, totals: AccountTotals): bigint {
  return normalSide === 'debit'
    ? totals.debitTotalMinor - totals.creditTotalMinor
    : totals.creditTotalMinor - totals.debitTotalMinor;
}

/** A trial-balance row shows a balance in the debit or the credit column, never both. */
export function trialBalanceColumns(totals: AccountTotals): { debitMinor: bigint; creditMinor: bigint } {
  const net = totals.debitTotalMinor - totals.creditTotalMinor;
  return net >= 0n ? { debitMinor: net, creditMinor: 0n } : { debitMinor: 0n, creditMinor: -net };
}

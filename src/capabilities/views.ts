import type { AccountType, Side } from '../domain/accounts.ts';
import type { EntryKind } from '../domain/entries.ts';
import type { FundKind, FundStatus } from '../domain/funds.ts';
import type { CurrencyCode } from '../domain/money.ts';
import type { UnitKind } from '../domain/units.ts';

/**
 * What capabilities answer with: JSON-ready shapes (amounts as digit strings, dates as YYYY-MM-DD,
 * instants as ISO strings), so the same value can be sent, stored with an idempotency key and replayed.
 */
export interface UnitView {
  id: string;
  name: string;
  kind: UnitKind;
  level: string | null;
  code: string;
  parentId: string | null;
  depth: number;
  successorId: string | null;
  succeededOn: string | null;
  createdAt: string;
}

export interface AccountView {
  id: string;
  fundId: string;
  unitId: string;
  code: string;
  name: string;
  type: AccountType;
  role: string | null;
  currency: CurrencyCode;
  normalSide: Side;
  nonNegative: boolean;
  status: 'open' | 'closed';
  debitTotal: string;
  creditTotal: string;
  /** On the account's normal side; may start with "-" when the account sits on the other side. */
  balance: string;
}

export interface FundView {
  id: string;
  unitId: string;
  kind: FundKind;
  name: string;
  currency: CurrencyCode;
  status: FundStatus;
  createdAt: string;
}

export interface FundDetailView extends FundView {
  /** Money the fund holds (cash, bank and treasury), per currency. */
  available: { currency: CurrencyCode; amount: string }[];
  /** Earmarked money (valid gifts for a named purpose or recipient), per currency. */
  restricted: { currency: CurrencyCode; amount: string }[];
  /** available − restricted, per currency: what the fund may spend on any of its purposes. */
  unrestricted: { currency: CurrencyCode; amount: string }[];
  balances: {
    accountId: string;
    code: string;
    name: string;
    role: string | null;
    type: AccountType;
    currency: CurrencyCode;
    balance: string;
  }[];
}

export interface PostingView {
  id: number;
  accountId: string;
  side: Side;
  amount: string;
  currency: CurrencyCode;
  memo: string | null;
}

export interface EntryView {
  id: string;
  seq: number;
  date: string;
  description: string;
  kind: EntryKind;
  reversesEntryId: string | null;
  reversedByEntryId: string | null;
  createdAt: string;
  postings: PostingView[];
}

export interface AccountPostingView extends PostingView {
  entryId: string;
  date: string;
  description: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

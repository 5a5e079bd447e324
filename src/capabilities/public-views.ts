import type { DisbursementCategory } from '../domain/disbursements.ts';
import type { CurrencyCode } from '../domain/money.ts';

/**
 * Shapes shared by the public capabilities (public-*.ts, disclosure-notices.ts). Every public view is
 * built field by field from these allow-lists: nothing private (a beneficiary's ID, phone, address,
 * ethnicity or notes; a donor's contact or address; the name of a donor who did not choose to be
 * named) has a field to travel in.
 */
export interface MoneyTotal {
  currency: CurrencyCode;
  /** Digits in the currency's minor unit. */
  amount: string;
}

export interface MoneyCount extends MoneyTotal {
  count: number;
}

export interface PublicRef {
  id: string;
  name: string;
}

export interface PublicCategoryTotal {
  category: DisbursementCategory;
  /** Vietnamese label (CATEGORY_LABELS_VI). */
  label: string;
  currency: CurrencyCode;
  amount: string;
  count: number;
}

/** A handover (bàn giao) as the public sees it: who received it is left out (it names a person). */
export interface PublicHandoverView {
  date: string;
  place: string;
  handedOverBy: string;
  minutesNo: string;
}

export interface PublicHandoverItem extends PublicHandoverView {
  project: PublicRef;
  fund: PublicRef;
  unit: PublicRef;
  village: string | null;
  beneficiaryAlias: string | null;
}

export interface PublicProjectSummary {
  id: string;
  name: string;
  kind: string;
  status: string;
  village: string | null;
  beneficiaryAlias: string | null;
  budget: string;
  currency: CurrencyCode;
  unit: PublicRef;
}

/** Totals in one list ordered by currency, from (currency → amount) pairs. */
export function moneyTotals(entries: Iterable<[CurrencyCode, bigint]>): MoneyTotal[] {
  return [...entries]
    .sort(([left], [right]) => left.localeCompare(right))
    .map(([currency, amount]) => ({ currency, amount: amount.toString() }));
}

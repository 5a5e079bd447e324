import Decimal from 'decimal.js';
import { DomainError } from './errors.ts';
import { AMOUNT_MINOR_MAX } from './limits.ts';

export const DONATION_CHANNELS = ['cash', 'bank_transfer', 'in_kind', 'payroll', 'other'] as const;
export type DonationChannel = (typeof DONATION_CHANNELS)[number];

/** public: named on public pages; anonymous: never named; on_request: named only when the donor asks. */
export const DISCLOSURES = ['public', 'anonymous', 'on_request'] as const;
export type Disclosure = (typeof DISCLOSURES)[number];

export const DONOR_KINDS = ['individual', 'organisation'] as const;
export type DonorKind = (typeof DONOR_KINDS)[number];

export const DONATION_STATUSES = ['valid', 'void'] as const;
export type DonationStatus = (typeof DONATION_STATUSES)[number];

export const ANONYMOUS_DONOR_LABEL = 'Nhà hảo tâm ẩn danh';

/** The name a public page may show: only a donor who chose `public` is named. */
export function disclosedDonorName(disclosure: Disclosure, name: string): string {
  return disclosure === 'public' ? name : ANONYMOUS_DONOR_LABEL;
}

/**
 * Lower-case and without diacritics, so "nguyen van a" finds "Nguyễn Văn A" (bank memos are ASCII
 * upper-case). đ/Đ are letters of their own in Unicode and need their own rule.
 */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Receipt numbers: PT-<unit code>-<year>-<six digits>, gap-free per issuing unit and year. */
export function receiptNumber(unitCode: string, year: number, number: number): string {
  return `PT-${unitCode}-${year}-${String(number).padStart(6, '0')}`;
}

/**
 * An in-kind gift's value: quantity × unit value. The product must be a whole number of đồng — a
 * fractional value would be money the ledger cannot hold exactly.
 */
export function inKindAmountMinor(quantity: string, unitValueMinor: bigint): bigint {
  let product: Decimal;
  try {
    product = new Decimal(quantity).times(new Decimal(unitValueMinor.toString()));
  } catch {
    throw inKindError('inKind.quantity', 'must be a number such as 12 or 12.5');
  }
  if (!product.isFinite() || product.lte(0)) throw inKindError('inKind.quantity', 'must be more than zero');
  if (!product.isInteger()) {
    throw inKindError('inKind.quantity', 'quantity × unit value must come to a whole amount');
  }
  const amount = BigInt(product.toFixed(0));
  if (amount > AMOUNT_MINOR_MAX)
    throw inKindError('inKind.quantity', 'the total value is above the largest allowed amount');
  return amount;
}

function inKindError(field: string, detail: string): DomainError {
  return new DomainError('validation-failed', `The in-kind gift's value cannot be worked out: ${detail}.`, {
    fieldErrors: [{ field, detail }],
  });
}

/** Nghị định 93/2021: a receiving window of at most 90 days (unless extended), distribution within 20 days after. */
export const RECEIVING_WINDOW_DAYS_MAX = 90;
export const DISTRIBUTION_DAYS_AFTER_MAX = 20;

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

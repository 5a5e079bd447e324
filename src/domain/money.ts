import Decimal from 'decimal.js';
import { AMOUNT_MINOR_MAX } from './limits.ts';

// Every `toFixed` in this file is Decimal#toFixed (exact decimal text), never Number#toFixed.

/**
 * Money is an integer count of a currency's minor unit, held as a bigint. Scales are fixed up front;
 * VND has no minor unit in practice (ISO 4217 says 0 decimals).
 */
export const CURRENCY_SCALES = {
  VND: 0,
  USD: 2,
  EUR: 2,
  JPY: 0,
  KRW: 0,
  CNY: 2,
  GBP: 2,
  AUD: 2,
  SGD: 2,
  THB: 2,
  LAK: 0,
  KHR: 0,
  TWD: 2,
  CAD: 2,
  CHF: 2,
  HKD: 2,
} as const satisfies Record<string, number>;

export type CurrencyCode = keyof typeof CURRENCY_SCALES;
export const CURRENCY_CODES = Object.keys(CURRENCY_SCALES) as CurrencyCode[];

export function isCurrencyCode(value: string): value is CurrencyCode {
  return Object.hasOwn(CURRENCY_SCALES, value);
}

export function currencyScale(currency: CurrencyCode): number {
  return CURRENCY_SCALES[currency];
}

const DIGITS = /^[0-9]{1,19}$/;

/**
 * Parses the API's amount form: a string of decimal digits in minor units ("1500000"). Returns null for
 * anything else (signs, exponents, fractions, spaces, leading zeros beyond "0") so callers name the field.
 */
export function parseAmountMinor(text: string): bigint | null {
  if (!DIGITS.test(text)) return null;
  if (text.length > 1 && text.startsWith('0')) return null;
  return BigInt(text);
}

export function isAmountInRange(amountMinor: bigint): boolean {
  return amountMinor >= 1n && amountMinor <= AMOUNT_MINOR_MAX;
}

/** Converts a major-unit decimal string ("12.50" USD) to minor units; refuses more decimals than the scale. */
export function majorToMinor(major: string, currency: CurrencyCode): bigint | null {
  let value: Decimal;
  try {
    value = new Decimal(major);
  } catch {
    return null;
  }
  if (!value.isFinite()) return null;
  const minor = value.times(new Decimal(10).pow(currencyScale(currency)));
  if (!minor.isInteger()) return null;
  return BigInt(minor.toFixed(0));
}

/** Renders minor units as a major-unit decimal string with the currency's scale ("1250" USD → "12.50"). */
export function minorToMajor(amountMinor: bigint, currency: CurrencyCode): string {
  const scale = currencyScale(currency);
  return new Decimal(amountMinor.toString()).dividedBy(new Decimal(10).pow(scale)).toFixed(scale);
}

/**
 * Converts an amount at a quoted rate (units of `to` per one major unit of `from`), rounding half-even
 * to the target's minor unit — the bank's figure is still what gets recorded when it is known.
 */
export function convertMinor(
  amountMinor: bigint,
  from: CurrencyCode,
  rate: string,
  to: CurrencyCode,
): bigint {
  const major = new Decimal(amountMinor.toString()).dividedBy(new Decimal(10).pow(currencyScale(from)));
  const target = major.times(new Decimal(rate)).times(new Decimal(10).pow(currencyScale(to)));
  return BigInt(target.toDecimalPlaces(0, Decimal.ROUND_HALF_EVEN).toFixed(0));
}

/** Display form used on pages: "1.000.000 ₫", "12,50 USD" (Vietnamese grouping, exact — no float). */
export function formatMoney(amountMinor: bigint, currency: CurrencyCode): string {
  const negative = amountMinor < 0n;
  const absolute = negative ? -amountMinor : amountMinor;
  const [whole = '0', fraction] = minorToMajor(absolute, currency).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const body = fraction ? `${grouped},${fraction}` : grouped;
  const symbol = currency === 'VND' ? '₫' : currency;
  return `${negative ? '-' : ''}${body} ${symbol}`;
}

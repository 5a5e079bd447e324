import { DomainError } from '../errors.ts';
import { AMOUNT_MINOR_MAX } from '../limits.ts';
import { STATEMENT_AMOUNT_TEXT_LENGTH_MAX } from './limits.ts';

/**
 * Amounts as Vietnamese banks print them, read into whole đồng (bigint). Banks disagree on separators:
 * "1.000.000" (dot thousands, the Vietnamese way), "1,000,000" (English exports), "1.000.000,00" and
 * "1,000,000.00" (with decimals), "1 000 000", plain "1000000", with or without "VND"/"đ". The rules:
 *
 * - both "." and "," present: the right-most one is the decimal separator, the other groups thousands;
 * - one of them, several times: it groups thousands;
 * - one of them, once: a trailing group of exactly 3 digits after a first group of 1–3 digits (not "0") is
 *   thousands ("500.000", "1,000"); anything else is a decimal separator ("1000000,00", "12.5");
 * - spaces between digits group thousands;
 * - grouped digits must come in threes after the first group, or the text is refused;
 * - decimals must be zero: VND has no minor unit, so "1.000,50" is refused, never rounded.
 *
 * Empty cells and a lone dash are "no amount" (null). A leading minus or parentheses make it negative.
 */

const SPACES = /[\s\u00A0\u202F\u2009]+/gu;
const CURRENCY_PREFIX = /^(?:vnd|vnđ|đồng|dong|đ|₫)\s*/iu;
const CURRENCY_SUFFIX = /\s*(?:vnd|vnđ|đồng|dong|đ|₫)$/iu;
const EMPTY_MARKS = new Set(['', '-', '–', '—']);
const NUMBER_BODY = /^[0-9](?:[0-9., ]*[0-9])?$/;

interface SplitNumber {
  integer: string;
  thousands: string | null;
  fraction: string;
}

/** Reads one amount cell; null for an empty cell. Throws DomainError('validation-failed') for junk. */
export function parseStatementAmount(text: string, field = 'amount'): bigint | null {
  if (text.length > STATEMENT_AMOUNT_TEXT_LENGTH_MAX) {
    throw amountError(text, field, `longer than ${STATEMENT_AMOUNT_TEXT_LENGTH_MAX} characters`);
  }
  const { negative, body } = stripMarks(text);
  if (body === null) return null;
  if (!NUMBER_BODY.test(body)) throw amountError(text, field, 'not a number');
  const split = splitSeparators(body);
  if (split === null) throw amountError(text, field, 'the digit groups are not thousands');
  if (!isGroupingValid(split)) throw amountError(text, field, 'the digit groups are not thousands');
  if (/[^0]/.test(split.fraction)) {
    throw amountError(text, field, 'VND has no fraction of a đồng, but the amount has one');
  }
  const digits = split.thousands === null ? split.integer : split.integer.split(split.thousands).join('');
  const value = BigInt(digits);
  if (value > AMOUNT_MINOR_MAX) throw amountError(text, field, `more than ${AMOUNT_MINOR_MAX} đồng`);
  return negative ? -value : value;
}

/** Removes currency marks, spacing and the sign; body null means "no amount". */
function stripMarks(text: string): { negative: boolean; body: string | null } {
  let body = text.replace(SPACES, ' ').trim();
  body = body.replace(CURRENCY_PREFIX, '').replace(CURRENCY_SUFFIX, '').trim();
  if (EMPTY_MARKS.has(body)) return { negative: false, body: null };
  let negative = false;
  if (body.startsWith('(') && body.endsWith(')')) {
    negative = true;
    body = body.slice(1, -1).trim();
  } else if (/^[-−+]/u.test(body)) {
    negative = !body.startsWith('+');
    body = body.slice(1).trim();
  }
  body = body.replace(CURRENCY_PREFIX, '').replace(CURRENCY_SUFFIX, '').trim();
  return { negative, body };
}

/** Decides which separator groups thousands and which (if any) starts decimals. Null when ambiguous. */
function splitSeparators(body: string): SplitNumber | null {
  const spaced = body.includes(' ');
  const marks = [...body].filter((character) => character === '.' || character === ',');
  if (spaced) {
    if (marks.length > 1) return null;
    return splitAt(body, marks.length === 1 ? body.search(/[.,]/) : -1, ' ');
  }
  if (marks.length === 0) return { integer: body, thousands: null, fraction: '' };
  const last = body.lastIndexOf(marks[marks.length - 1]!);
  if (new Set(marks).size === 2) return splitAt(body, last, marks[0]!);
  if (marks.length > 1) return { integer: body, thousands: marks[0]!, fraction: '' };
  const before = body.slice(0, last);
  const after = body.slice(last + 1);
  const looksGrouped = after.length === 3 && before.length <= 3 && before !== '0';
  if (looksGrouped) return { integer: body, thousands: marks[0]!, fraction: '' };
  return { integer: before, thousands: null, fraction: after };
}

function splitAt(body: string, decimalIndex: number, thousands: string): SplitNumber | null {
  const integer = decimalIndex < 0 ? body : body.slice(0, decimalIndex);
  const fraction = decimalIndex < 0 ? '' : body.slice(decimalIndex + 1);
  if (!/^[0-9]*$/.test(fraction)) return null;
  return { integer, thousands: integer.includes(thousands) ? thousands : null, fraction };
}

function isGroupingValid(split: SplitNumber): boolean {
  if (split.thousands === null) return /^[0-9]+$/.test(split.integer);
  const groups = split.integer.split(split.thousands);
  const [first, ...rest] = groups;
  if (first === undefined || !/^[1-9][0-9]{0,2}$/.test(first)) return false;
  return rest.every((group) => /^[0-9]{3}$/.test(group));
}

function amountError(text: string, field: string, detail: string): DomainError {
  const shown = text.length > STATEMENT_AMOUNT_TEXT_LENGTH_MAX ? `${text.slice(0, 20)}…` : text;
  return new DomainError('validation-failed', `"${shown}" is not an amount in đồng: ${detail}.`, {
    fieldErrors: [{ field, detail }],
  });
}

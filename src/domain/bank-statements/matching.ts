import type { IsoDate } from '../dates.ts';
import { daysBetween } from '../donations.ts';
import {
  MATCH_DATE_WINDOW_DAYS_DEFAULT,
  MATCH_NAME_SIMILARITY_MIN,
  MATCH_REFERENCE_IN_MEMO_LENGTH_MIN,
} from './limits.ts';
import { foldKeepingCase, memoNameSimilarity } from './memo.ts';
import type { StatementLine } from './statement.ts';

export { donorNameFromMemo } from './memo.ts';

/**
 * Pairs statement lines with what the accountants recorded: credits with gifts (`donation`), debits with
 * payments (`disbursement`). Rules, in order; the first that applies decides:
 *
 * 1. `payment-code`: the memo holds a record's VietQR payment code (prefix + sequence, `YAGI000123`, spaces
 *    and separators between the words of the prefix and the digits allowed, leading zeros not significant)
 *    → matched when the amounts agree; a suggestion when they do not (the donor changed the amount).
 * 2. `bank-reference`: a record's bank reference equals the line's reference, or stands as a word in the
 *    memo (references of 8 characters or more: "FT24254608201092"), and the amounts agree → matched.
 * 3. `amount-date-name`: same amount, dates at most `dateWindowDays` apart, and the donor's name in the memo
 *    at least `nameSimilarityMin` alike (memo.ts) → suggested, the closest name first, then the closest date.
 *
 * Anything else is unmatched. Several records answering a matching rule make a suggestion, never a match:
 * money is only matched automatically when exactly one record fits.
 */

export type MatchKind = 'donation' | 'disbursement';

export interface MatchCandidate {
  kind: MatchKind;
  id: string;
  amountMinor: bigint;
  date: IsoDate;
  bankRef: string | null;
  paymentCode: string | null;
  donorName: string | null;
}

export type MatchRule = 'payment-code' | 'bank-reference' | 'amount-date-name';

export interface MatchResult {
  status: 'matched' | 'suggested' | 'unmatched';
  rule: MatchRule | null;
  candidateId: string | null;
  /** Name similarity (0–1) of an amount-date-name suggestion; null otherwise. */
  score: number | null;
  /** Why, in words, for the accountant. */
  detail: string;
}

export interface MatchOptions {
  dateWindowDays?: number;
  nameSimilarityMin?: number;
}

export type MatchableLine = Pick<
  StatementLine,
  'date' | 'reference' | 'debitMinor' | 'creditMinor' | 'description'
> & {
  counterparty?: string | null;
};

const UNMATCHED: MatchResult = {
  status: 'unmatched',
  rule: null,
  candidateId: null,
  score: null,
  detail: 'no record fits',
};

/** Upper-case ASCII letters and digits only: how codes and references are compared. */
function compact(text: string): string {
  return foldKeepingCase(text)
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');
}

interface PaymentCodeParts {
  prefix: string;
  key: string;
}

/** "VNN D000123" → prefix words "VNN D", key "VNND#123"; null for a code without a trailing number. */
function paymentCodeParts(code: string): PaymentCodeParts | null {
  const match = /^(.*?[A-Za-z])\s*([0-9]+)$/.exec(code.trim());
  if (!match) return null;
  return { prefix: match[1]!.toUpperCase(), key: `${compact(match[1]!)}#${BigInt(match[2]!)}` };
}

/** A pattern for one prefix: its words with any separators between them, then the sequence digits. */
function prefixPattern(prefix: string): RegExp {
  const words = prefix.split(/[^A-Z0-9]+/).filter((word) => word !== '');
  const boundary = compact(prefix).length < 3 ? '(?<![A-Z0-9])' : '';
  return new RegExp(`${boundary}${words.join('[^A-Z0-9]*')}[^A-Z0-9]*([0-9]+)(?![0-9])`, 'g');
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Candidates looked up by payment code, bank reference and kind + amount, built once per statement. */
export class MatchIndex {
  readonly #byCode = new Map<string, MatchCandidate[]>();
  readonly #byReference = new Map<string, MatchCandidate[]>();
  readonly #byAmount = new Map<string, MatchCandidate[]>();
  readonly #prefixes = new Map<string, RegExp>();
  readonly #taken = new Set<string>();

  constructor(candidates: readonly MatchCandidate[]) {
    for (const candidate of candidates) {
      const code = candidate.paymentCode === null ? null : paymentCodeParts(candidate.paymentCode);
      if (code !== null) {
        push(this.#byCode, code.key, candidate);
        if (!this.#prefixes.has(code.prefix)) this.#prefixes.set(code.prefix, prefixPattern(code.prefix));
      }
      const reference = candidate.bankRef === null ? '' : compact(candidate.bankRef);
      if (reference !== '') push(this.#byReference, reference, candidate);
      push(this.#byAmount, amountKey(candidate.kind, candidate.amountMinor), candidate);
    }
  }

  /** Marks a record as paired with a line, so no other line of the statement gets it. */
  take(candidateId: string): void {
    this.#taken.add(candidateId);
  }

  isTaken(candidateId: string): boolean {
    return this.#taken.has(candidateId);
  }

  #open(list: readonly MatchCandidate[] | undefined, kind: MatchKind): MatchCandidate[] {
    return (list ?? []).filter((candidate) => candidate.kind === kind && !this.#taken.has(candidate.id));
  }

  byPaymentCode(memo: string, kind: MatchKind): MatchCandidate[] {
    const text = foldKeepingCase(memo).toUpperCase();
    const found: MatchCandidate[] = [];
    for (const [prefix, pattern] of this.#prefixes) {
      for (const match of text.matchAll(pattern)) {
        const key = `${compact(prefix)}#${BigInt(match[1]!)}`;
        for (const candidate of this.#open(this.#byCode.get(key), kind)) {
          if (!found.includes(candidate)) found.push(candidate);
        }
      }
    }
    return found;
  }

  byReference(line: MatchableLine, kind: MatchKind, amountMinor: bigint): MatchCandidate[] {
    const words = foldKeepingCase(line.description)
      .toUpperCase()
      .split(/[^A-Z0-9]+/)
      .filter((word) => word.length >= MATCH_REFERENCE_IN_MEMO_LENGTH_MIN);
    const references = new Set([...(line.reference === null ? [] : [compact(line.reference)]), ...words]);
    const found = [...references].flatMap((reference) => this.#open(this.#byReference.get(reference), kind));
    return [...new Set(found)].filter((candidate) => candidate.amountMinor === amountMinor);
  }

  byAmount(kind: MatchKind, amountMinor: bigint): MatchCandidate[] {
    return this.#open(this.#byAmount.get(amountKey(kind, amountMinor)), kind);
  }
}

function amountKey(kind: MatchKind, amountMinor: bigint): string {
  return `${kind}:${amountMinor}`;
}

function lineSide(line: MatchableLine): { kind: MatchKind; amountMinor: bigint } {
  return line.creditMinor > 0n
    ? { kind: 'donation', amountMinor: line.creditMinor }
    : { kind: 'disbursement', amountMinor: line.debitMinor };
}

function result(
  status: 'matched' | 'suggested',
  rule: MatchRule,
  candidateId: string,
  detail: string,
): MatchResult {
  return { status, rule, candidateId, score: null, detail };
}

/** Rules 1 and 2; null when neither applies. */
function strongMatch(line: MatchableLine, index: MatchIndex): MatchResult | null {
  const { kind, amountMinor } = lineSide(line);
  const coded = index.byPaymentCode(line.description, kind);
  if (coded.length > 0) {
    const sameAmount = coded.filter((candidate) => candidate.amountMinor === amountMinor);
    if (coded.length === 1 && sameAmount.length === 1) {
      return result('matched', 'payment-code', coded[0]!.id, 'the memo holds its payment code');
    }
    const best = sameAmount[0] ?? coded[0]!;
    const detail =
      sameAmount.length === 0
        ? 'the memo holds its payment code, but the amounts differ'
        : `the memo holds the payment codes of ${coded.length} records`;
    return result('suggested', 'payment-code', best.id, detail);
  }
  const referenced = index.byReference(line, kind, amountMinor);
  if (referenced.length === 1) {
    return result('matched', 'bank-reference', referenced[0]!.id, 'same amount and bank reference');
  }
  if (referenced.length > 1) {
    return result(
      'suggested',
      'bank-reference',
      referenced[0]!.id,
      `${referenced.length} records share the reference`,
    );
  }
  return null;
}

/** Rule 3: the best same-amount record of the date window whose donor the memo names. */
function nameMatch(line: MatchableLine, index: MatchIndex, options: MatchOptions): MatchResult | null {
  const { kind, amountMinor } = lineSide(line);
  const window = options.dateWindowDays ?? MATCH_DATE_WINDOW_DAYS_DEFAULT;
  const minimum = options.nameSimilarityMin ?? MATCH_NAME_SIMILARITY_MIN;
  let best: { candidate: MatchCandidate; score: number; distance: number } | null = null;
  let equallyNamed = 0;
  for (const candidate of index.byAmount(kind, amountMinor)) {
    const distance = Math.abs(daysBetween(line.date, candidate.date));
    if (distance > window || candidate.donorName === null) continue;
    const score = memoNameSimilarity(line.description, candidate.donorName, line.counterparty ?? null);
    if (score < minimum) continue;
    if (best === null || score > best.score) equallyNamed = 0;
    else if (score === best.score) equallyNamed += 1;
    const better = best === null || score > best.score || (score === best.score && distance < best.distance);
    if (better) best = { candidate, score, distance };
  }
  if (best === null) return null;
  const others = equallyNamed === 0 ? '' : `; ${equallyNamed} other record(s) fit as well`;
  const detail = `same amount, ${best.distance} day(s) apart, the memo names the donor${others}`;
  const { candidate, score } = best;
  return { status: 'suggested', rule: 'amount-date-name', candidateId: candidate.id, score, detail };
}

/** One line against a set of records (for a whole statement, use matchStatementLines). */
export function matchStatementLine(
  line: MatchableLine,
  candidates: readonly MatchCandidate[],
  options: MatchOptions = {},
): MatchResult {
  const index = new MatchIndex(candidates);
  return strongMatch(line, index) ?? nameMatch(line, index, options) ?? UNMATCHED;
}

/**
 * A whole statement, one record per line at most: first every line's payment-code and reference matches
 * (so a certain match is never lost to an earlier line's guess), then suggestions for the rest, in order.
 */
export function matchStatementLines(
  lines: readonly MatchableLine[],
  candidates: readonly MatchCandidate[],
  options: MatchOptions = {},
): MatchResult[] {
  const index = new MatchIndex(candidates);
  const results: (MatchResult | null)[] = lines.map((line) => {
    const strong = strongMatch(line, index);
    if (strong?.status === 'matched') index.take(strong.candidateId!);
    return strong;
  });
  return results.map((strong, position) => {
    if (strong?.status === 'matched') return strong;
    if (strong !== null && !index.isTaken(strong.candidateId!)) {
      index.take(strong.candidateId!);
      return strong;
    }
    const suggestion = nameMatch(lines[position]!, index, options);
    if (suggestion === null) return UNMATCHED;
    index.take(suggestion.candidateId!);
    return suggestion;
  });
}

import type { IsoDate } from '../dates.ts';
import { daysBetween } from '../donations.ts';
import {
  MATCH_DATE_WINDOW_DAYS_DEFAULT,
  MATCH_NAME_SIMILARITY_MIN,
  MATCH_REFERENCE_IN_MEMO_LENGTH_MIN,
} from './limits.ts';
import {
  foldKeepingCase,
  nameTokens,
  type PreparedMemo,
  preparedNameSimilarity,
  prepareMemo,
} from './memo.ts';
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
 *    at least `nameSimilarityMin` alike (memo.ts) → suggested. Over a statement the pairs are given best
 *    first — the closest name, then the closest date — so a line that merely names the same donor cannot
 *    take the record from the line that fits it better.
 *
 * Anything else is unmatched. Several records answering a matching rule make a suggestion, never a match:
 * money is only matched automatically when exactly one record fits. `suggestByAmountAndDate` adds a fourth
 * rule for records without a donor's name (payments, transfers): the one record of the amount in the window.
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

export type MatchRule = 'payment-code' | 'bank-reference' | 'amount-date-name' | 'amount-date';

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

/** A record with what name comparisons need, and its place in the order records were given. */
export interface MatchEntry {
  candidate: MatchCandidate;
  position: number;
  /** The donor's name as words (nameTokens); empty without a name. */
  donorWords: string[];
  /** The record's date as a day number (dayNumber). */
  day: number;
}

/** Days since 1970-01-01 of a `YYYY-MM-DD` date: distances in days without parsing dates per pair. */
export function dayNumber(date: string): number {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  return Date.UTC(year, month - 1, day) / 86_400_000;
}

/**
 * Fewest words a donor's name of `donorWords` words and a name of `nameWords` words read from a memo must
 * share for their Dice coefficient to reach `minimum`: 2c ≥ m(a + b).
 */
function sharedWordsMin(donorWords: number, nameWords: number, minimum: number): number {
  return Math.max(1, Math.ceil((minimum * (donorWords + nameWords)) / 2 - 1e-9));
}

/**
 * Candidates looked up by payment code, bank reference and kind + amount, built once per statement. For
 * the name rule, the named records of each amount are also filed under keys a memo that names the donor
 * well enough must produce (wordIndex), so a line compares names with the few records that can fit,
 * not with the thousands of gifts of a common amount (200.000 ₫) in a relief account.
 */
export class MatchIndex {
  readonly #byCode = new Map<string, MatchCandidate[]>();
  readonly #byReference = new Map<string, MatchCandidate[]>();
  readonly #byAmount = new Map<string, MatchEntry[]>();
  /** amount key → name key → entries; null when the name threshold is 0 (every record fits). */
  readonly #byAmountName: Map<string, Map<string, MatchEntry[]>> | null;
  readonly #minimum: number;
  /** Words of the longest named record's name. */
  readonly #wordsMax: number;
  readonly #prefixes = new Map<string, RegExp>();
  readonly #taken = new Set<string>();

  constructor(candidates: readonly MatchCandidate[], options: MatchOptions = {}) {
    const entries = candidates.map((candidate, position) => ({
      candidate,
      position,
      donorWords: candidate.donorName === null ? [] : nameTokens(candidate.donorName),
      day: dayNumber(candidate.date),
    }));
    for (const entry of entries) {
      const { candidate } = entry;
      const code = candidate.paymentCode === null ? null : paymentCodeParts(candidate.paymentCode);
      if (code !== null) {
        push(this.#byCode, code.key, candidate);
        if (!this.#prefixes.has(code.prefix)) this.#prefixes.set(code.prefix, prefixPattern(code.prefix));
      }
      const reference = candidate.bankRef === null ? '' : compact(candidate.bankRef);
      if (reference !== '') push(this.#byReference, reference, candidate);
      push(this.#byAmount, amountKey(candidate.kind, candidate.amountMinor), entry);
    }
    this.#minimum = options.nameSimilarityMin ?? MATCH_NAME_SIMILARITY_MIN;
    this.#wordsMax = Math.max(0, ...entries.map((entry) => entry.donorWords.length));
    this.#byAmountName = this.#minimum > 0 ? nameIndex(entries, this.#minimum) : null;
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
    const entries = this.#byAmount.get(amountKey(kind, amountMinor)) ?? [];
    return entries.map((entry) => entry.candidate).filter((candidate) => !this.#taken.has(candidate.id));
  }

  /**
   * The open named records of the amount that reach the name threshold against the memo (nameIndex), in
   * the order they were given: ties in the name rule go to the first.
   */
  namedByAmount(kind: MatchKind, amountMinor: bigint, memo: PreparedMemo): MatchEntry[] {
    const key = amountKey(kind, amountMinor);
    let entries: readonly MatchEntry[];
    if (this.#byAmountName === null) entries = this.#byAmount.get(key) ?? [];
    else {
      const byName = this.#byAmountName.get(key);
      if (byName === undefined) return [];
      const all = this.#byAmount.get(key)!;
      if (all.length <= NAME_SCAN_MAX) return all.filter((entry) => this.#isOpenNamed(entry));
      const found = new Set<MatchEntry>();
      for (const nameKey of memoNameKeys(memo, this.#minimum, this.#wordsMax)) {
        for (const entry of byName.get(nameKey) ?? []) found.add(entry);
      }
      entries = [...found].sort((left, right) => left.position - right.position);
    }
    return entries.filter((entry) => this.#isOpenNamed(entry));
  }

  #isOpenNamed(entry: MatchEntry): boolean {
    return entry.donorWords.length > 0 && !this.#taken.has(entry.candidate.id);
  }
}

/** Records of one amount few enough to compare every name rather than look names up. */
const NAME_SCAN_MAX = 16;

/** The subsets of `size` words of sorted distinct `words`, each joined with spaces. */
function subsets(words: readonly string[], size: number): string[] {
  if (size === 0) return [''];
  const found: string[] = [];
  const pick = (start: number, chosen: string[]): void => {
    if (chosen.length === size) {
      found.push(chosen.join(' '));
      return;
    }
    for (let index = start; index <= words.length - (size - chosen.length); index += 1) {
      pick(index + 1, [...chosen, words[index]!]);
    }
  };
  pick(0, []);
  return found;
}

/** Names read from memos longer than this (a company as counterparty) are compared by their words alone. */
const NAME_WORDS_INDEXED_MAX = 12;

/**
 * The keys of nameIndex a memo produces: each run of its words (for a donor named word for word), and,
 * for each name it gives (b words) and each donor length a, each set of sharedWordsMin(a, b) of the
 * name's words.
 */
function memoNameKeys(memo: PreparedMemo, minimum: number, wordsMax: number): Set<string> {
  const keys = new Set<string>();
  if (wordsMax >= 2) {
    for (let index = 1; index < memo.words.length; index += 1) {
      keys.add(`r|${memo.words[index - 1]} ${memo.words[index]}`);
    }
  }
  for (const name of memo.names) {
    const distinct = [...new Set(name)].sort();
    for (const word of distinct) keys.add(`d|${word}`);
    if (distinct.length > NAME_WORDS_INDEXED_MAX) {
      for (const word of distinct) keys.add(`w|${word}`);
      continue;
    }
    for (let donorWords = 1; donorWords <= wordsMax; donorWords += 1) {
      const shared = sharedWordsMin(donorWords, name.length, minimum);
      if (shared > Math.min(donorWords, distinct.length)) continue;
      for (const subset of subsets(distinct, shared)) keys.add(`${donorWords}|${subset}`);
    }
  }
  return keys;
}

/**
 * Named records by amount, filed under the keys a memo naming the donor well enough produces (and only
 * such a memo: every record found reaches the threshold):
 *
 * - `r|<two words>`: the memo holds the donor's name word for word (similarity 1), so it holds each two
 *   adjacent words of it: the record is filed under its rarest such pair;
 * - `<a>|<words>`: a name read from the memo (b words) shares c ≥ sharedWordsMin(a, b) of the donor's a
 *   words, so it holds every set of that many of them: the record is filed under each set of each size
 *   some name length calls for;
 * - `w|<word>`: under each word, for names read from a memo that are too long to take apart, and for
 *   donors whose name repeats a word (the Dice coefficient counts repeats).
 *
 * "NGUYEN THI" alone would bring back half the gifts of a common amount in a relief statement; the name
 * "NGUYEN THI HONG" brings back only the donors it can be (and "HONG NGUYEN", "NGUYEN THI HONG NHUNG").
 */
function nameIndex(entries: readonly MatchEntry[], minimum: number): Map<string, Map<string, MatchEntry[]>> {
  const index = new Map<string, Map<string, MatchEntry[]>>();
  const adjacent = (words: readonly string[]) => words.slice(1).map((word, at) => `${words[at]} ${word}`);
  const pairFrequency = new Map<string, number>();
  for (const entry of entries) {
    for (const pair of new Set(adjacent(entry.donorWords))) {
      pairFrequency.set(pair, (pairFrequency.get(pair) ?? 0) + 1);
    }
  }
  for (const entry of entries) {
    const words = entry.donorWords;
    if (words.length === 0) continue;
    const key = amountKey(entry.candidate.kind, entry.candidate.amountMinor);
    let byName = index.get(key);
    if (byName === undefined) {
      byName = new Map();
      index.set(key, byName);
    }
    const distinct = [...new Set(words)].sort();
    const keys = new Set<string>();
    if (words.length >= 2) {
      const rarest = adjacent(words).reduce((left, right) =>
        pairFrequency.get(right)! < pairFrequency.get(left)! ? right : left,
      );
      keys.add(`r|${rarest}`);
    }
    for (const word of distinct) keys.add(`w|${word}`);
    if (distinct.length === words.length) {
      for (let nameWords = 1; nameWords <= NAME_WORDS_INDEXED_MAX; nameWords += 1) {
        const shared = sharedWordsMin(words.length, nameWords, minimum);
        if (shared > Math.min(words.length, nameWords)) continue;
        for (const subset of subsets(distinct, shared)) keys.add(`${words.length}|${subset}`);
      }
    } else {
      // A repeated word: the sets above would not be exact; every name sharing a word is compared.
      for (const word of distinct) keys.add(`d|${word}`);
    }
    for (const nameKey of keys) push(byName, nameKey, entry);
  }
  return index;
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

/** A record the name rule could give a line: how well the memo names its donor, how many days apart. */
interface NamePair {
  /** The line's place in the statement. */
  line: number;
  entry: MatchEntry;
  score: number;
  distance: number;
}

/** Rule 3's pairs for one line: every open same-amount record of the window the memo names well enough. */
function namePairs(
  line: MatchableLine,
  position: number,
  index: MatchIndex,
  options: MatchOptions,
): NamePair[] {
  const { kind, amountMinor } = lineSide(line);
  const window = options.dateWindowDays ?? MATCH_DATE_WINDOW_DAYS_DEFAULT;
  const minimum = options.nameSimilarityMin ?? MATCH_NAME_SIMILARITY_MIN;
  const memo = prepareMemo(line.description, line.counterparty ?? null);
  const lineDay = dayNumber(line.date);
  const pairs: NamePair[] = [];
  for (const entry of index.namedByAmount(kind, amountMinor, memo)) {
    const distance = Math.abs(entry.day - lineDay);
    if (distance > window) continue;
    const score = preparedNameSimilarity(memo, entry.donorWords);
    if (score >= minimum) pairs.push({ line: position, entry, score, distance });
  }
  return pairs;
}

/** Best first: the closest name, then the closest date, then the earlier line, then the earlier record. */
function byFit(left: NamePair, right: NamePair): number {
  return (
    right.score - left.score ||
    left.distance - right.distance ||
    left.line - right.line ||
    left.entry.position - right.entry.position
  );
}

function nameSuggestion(pair: NamePair, equallyNamed: number): MatchResult {
  const others = equallyNamed === 0 ? '' : `; ${equallyNamed} other record(s) fit as well`;
  const detail = `same amount, ${pair.distance} day(s) apart, the memo names the donor${others}`;
  return {
    status: 'suggested',
    rule: 'amount-date-name',
    candidateId: pair.entry.candidate.id,
    score: pair.score,
    detail,
  };
}

/**
 * Rule 3 over lines at once: every fitting (line, record) pair, best first (byFit), each line and each
 * record given once. A line that merely names the same donor as another cannot take the record from the
 * line that fits it better (the same amount the day the gift was recorded, rather than two days off).
 * `found[position]` already decided (by the rules before) stays as it is.
 */
function assignNames(
  lines: readonly MatchableLine[],
  found: (MatchResult | null)[],
  index: MatchIndex,
  options: MatchOptions,
): void {
  const pairsOf = new Map<number, NamePair[]>();
  const all: NamePair[] = [];
  lines.forEach((line, position) => {
    if (found[position] !== null) return;
    const pairs = namePairs(line, position, index, options);
    if (pairs.length === 0) return;
    pairsOf.set(position, pairs);
    all.push(...pairs);
  });
  all.sort(byFit);
  for (const pair of all) {
    if (found[pair.line] !== null || index.isTaken(pair.entry.candidate.id)) continue;
    const equallyNamed = pairsOf
      .get(pair.line)!
      .filter((other) => other.score === pair.score && !index.isTaken(other.entry.candidate.id)).length;
    index.take(pair.entry.candidate.id);
    found[pair.line] = nameSuggestion(pair, equallyNamed - 1);
  }
}

/** One line against a set of records (for a whole statement, use matchStatementLines). */
export function matchStatementLine(
  line: MatchableLine,
  candidates: readonly MatchCandidate[],
  options: MatchOptions = {},
): MatchResult {
  const index = new MatchIndex(candidates, options);
  const found: (MatchResult | null)[] = [strongMatch(line, index)];
  if (found[0] === null) assignNames([line], found, index, options);
  return found[0] ?? UNMATCHED;
}

/**
 * A whole statement, one record per line at most: first every line's payment-code and reference matches
 * (so a certain match is never lost to an earlier line's guess), then the suggestions of those rules in
 * line order, then the name rule over every line left (assignNames: best fits first).
 */
export function matchStatementLines(
  lines: readonly MatchableLine[],
  candidates: readonly MatchCandidate[],
  options: MatchOptions = {},
): MatchResult[] {
  const index = new MatchIndex(candidates, options);
  const strong: (MatchResult | null)[] = lines.map((line) => {
    const result = strongMatch(line, index);
    if (result?.status === 'matched') index.take(result.candidateId!);
    return result;
  });
  const found = strong.map((result) => (result?.status === 'matched' ? result : null));
  strong.forEach((result, position) => {
    if (result === null || result.status === 'matched' || index.isTaken(result.candidateId!)) return;
    index.take(result.candidateId!);
    found[position] = result;
  });
  assignNames(lines, found, index, options);
  return found.map((result) => result ?? UNMATCHED);
}

/**
 * Rule 4, for records that name nobody a memo would (payments, transfers, other entries): a line the
 * other rules left unmatched is offered the one record of its side with the same amount within the date
 * window — a suggestion, and only when exactly one open record fits. `results` are matchStatementLines'
 * for the same lines; records they already took are not offered again. Gifts should not be passed here:
 * amounts of gifts repeat too often for an amount alone to point at one.
 */
export function suggestByAmountAndDate(
  lines: readonly MatchableLine[],
  results: readonly MatchResult[],
  candidates: readonly MatchCandidate[],
  options: MatchOptions = {},
): MatchResult[] {
  const window = options.dateWindowDays ?? MATCH_DATE_WINDOW_DAYS_DEFAULT;
  const taken = new Set(results.map((result) => result.candidateId).filter((id) => id !== null));
  const byAmount = new Map<string, MatchCandidate[]>();
  for (const candidate of candidates)
    push(byAmount, amountKey(candidate.kind, candidate.amountMinor), candidate);
  return results.map((result, position) => {
    if (result.status !== 'unmatched') return result;
    const line = lines[position]!;
    const { kind, amountMinor } = lineSide(line);
    const fits = (byAmount.get(amountKey(kind, amountMinor)) ?? []).filter(
      (candidate) => !taken.has(candidate.id) && Math.abs(daysBetween(line.date, candidate.date)) <= window,
    );
    if (fits.length !== 1) return result;
    const candidate = fits[0]!;
    taken.add(candidate.id);
    const distance = Math.abs(daysBetween(line.date, candidate.date));
    const detail = `the only record of this amount within ${window} day(s) (${distance} day(s) apart)`;
    return { status: 'suggested', rule: 'amount-date', candidateId: candidate.id, score: null, detail };
  });
}

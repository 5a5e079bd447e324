import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/domain/bank-statements/csv.ts';
import {
  donorNameFromMemo,
  type MatchableLine,
  type MatchCandidate,
  type MatchResult,
  matchStatementLines,
  suggestByAmountAndDate,
} from '../../src/domain/bank-statements/matching.ts';
import { memoNameSimilarity } from '../../src/domain/bank-statements/memo.ts';
import { SAOKE_PRESET } from '../../src/domain/bank-statements/presets.ts';
import { readStatementRows } from '../../src/domain/bank-statements/statement.ts';
import { daysBetween } from '../../src/domain/donations.ts';

/**
 * The name rule looks records up in an index (matching.ts, nameIndex) instead of comparing every record
 * of the amount. The index must change nothing: on the real rows of the fixture, against gifts whose
 * names are the memos' own, cut, reordered, misspelt, or another donor's, at several thresholds, it gives
 * what comparing every record with every line gives — computed here the slow way (on the first 600 rows:
 * the slow way is slow), then given best fit first as matching.ts does.
 */

/** Lines of the fixture compared (the slow way is slow). */
const LINES = 600;
const FIXTURE = new URL('../fixtures/saoke-2024/MTTQ_BIDV_10-17.first-2000.csv.gz', import.meta.url);

function fixtureLines(): MatchableLine[] {
  const rows = readCsv(gunzipSync(readFileSync(FIXTURE)).toString('utf8'));
  return readStatementRows(rows.slice(0, LINES + 1), SAOKE_PRESET).lines;
}

/** A small deterministic generator (mulberry32), so the sample is the same on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const GIVEN = ['ANH', 'HUONG', 'LINH', 'NGOC', 'THAO', 'MINH', 'HUNG', 'TRANG', 'HA', 'DUNG'];

/** A name for a gift, from the memo's own: as is, cut, swapped, misspelt, longer, or someone else's. */
function variant(name: string, next: () => number, others: readonly string[]): string {
  const words = name.split(' ');
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  switch (Math.floor(next() * 7)) {
    case 0:
      return words.slice(1).join(' ') || name;
    case 1:
      return [...words.slice(0, -1), pick(GIVEN)].join(' ');
    case 2:
      return [words.at(-1)!, ...words.slice(0, -1)].join(' ');
    case 3:
      return [...words, pick(GIVEN)].join(' ');
    case 4:
      return pick(others);
    case 5:
      return words.join(' ').toLowerCase();
    default:
      return name;
  }
}

function sample(seed: number): { lines: MatchableLine[]; candidates: MatchCandidate[] } {
  const next = random(seed);
  const lines = fixtureLines();
  const names = lines.map((line) => donorNameFromMemo(line.description)).filter((name) => name !== null);
  // Few amounts, so that every amount has many records (as in a relief statement).
  const amounts = [100_000n, 200_000n, 500_000n];
  const shaped = lines.map((line, index) => ({ ...line, creditMinor: amounts[index % 3]! }));
  const candidates: MatchCandidate[] = [];
  shaped.forEach((line, index) => {
    if (next() < 0.4) return;
    const own = donorNameFromMemo(line.description);
    candidates.push({
      kind: 'donation',
      id: `g${index}`,
      amountMinor: next() < 0.9 ? line.creditMinor : 300_000n,
      date: `2024-09-${String(8 + Math.floor(next() * 6)).padStart(2, '0')}`,
      bankRef: null,
      paymentCode: null,
      donorName:
        own === null
          ? next() < 0.5
            ? null
            : names[Math.floor(next() * names.length)]!
          : variant(own, next, names),
    });
  });
  return { lines: shaped, candidates };
}

/** The name rule the slow way: every open record of the amount, in order (matching.ts before the index). */
function slowNameRule(
  lines: readonly MatchableLine[],
  candidates: readonly MatchCandidate[],
  minimum: number,
  window: number,
): MatchResult[] {
  // Every fitting pair, comparing every record with every line; then best first, each line and record once.
  const pairs: { line: number; record: number; score: number; distance: number }[] = [];
  lines.forEach((line, position) => {
    candidates.forEach((candidate, record) => {
      if (candidate.amountMinor !== line.creditMinor || candidate.donorName === null) return;
      const distance = Math.abs(daysBetween(line.date, candidate.date));
      if (distance > window) return;
      const score = memoNameSimilarity(line.description, candidate.donorName, line.counterparty ?? null);
      if (score >= minimum) pairs.push({ line: position, record, score, distance });
    });
  });
  pairs.sort(
    (left, right) =>
      right.score - left.score ||
      left.distance - right.distance ||
      left.line - right.line ||
      left.record - right.record,
  );
  const results: MatchResult[] = lines.map(() => ({
    status: 'unmatched',
    rule: null,
    candidateId: null,
    score: null,
    detail: 'no record fits',
  }));
  const taken = new Set<number>();
  for (const pair of pairs) {
    if (results[pair.line]!.status !== 'unmatched' || taken.has(pair.record)) continue;
    const equallyNamed =
      pairs.filter(
        (other) => other.line === pair.line && other.score === pair.score && !taken.has(other.record),
      ).length - 1;
    taken.add(pair.record);
    const others = equallyNamed === 0 ? '' : `; ${equallyNamed} other record(s) fit as well`;
    results[pair.line] = {
      status: 'suggested',
      rule: 'amount-date-name',
      candidateId: candidates[pair.record]!.id,
      score: pair.score,
      detail: `same amount, ${pair.distance} day(s) apart, the memo names the donor${others}`,
    };
  }
  return results;
}

describe('the name index of matchStatementLines', () => {
  it.each([
    [1, 0.8, 3],
    [2, 0.6, 1],
    [3, 0.5, 3],
    [4, 1, 3],
  ])(
    'gives what comparing every record gives (seed %i, threshold %f, window %i days)',
    (seed, minimum, window) => {
      const { lines, candidates } = sample(seed);
      const fast = matchStatementLines(lines, candidates, {
        nameSimilarityMin: minimum,
        dateWindowDays: window,
      });
      const slow = slowNameRule(lines, candidates, minimum, window);
      expect(fast).toEqual(slow);
      // The sample exercises the rule: many suggestions, several with other records fitting as well.
      expect(fast.filter((result) => result.status === 'suggested').length).toBeGreaterThan(40);
    },
  );
});

describe('suggestByAmountAndDate', () => {
  const debit = (amountMinor: bigint, date: string): MatchableLine => ({
    date,
    reference: null,
    debitMinor: amountMinor,
    creditMinor: 0n,
    description: 'Chi ho tro ho ngheo',
  });
  const payment = (id: string, amountMinor: bigint, date: string): MatchCandidate => ({
    kind: 'disbursement',
    id,
    amountMinor,
    date,
    bankRef: null,
    paymentCode: null,
    donorName: null,
  });

  it('offers the one record of the amount within the window, never one taken or one of two', () => {
    const lines = [
      debit(1_500_000n, '2024-10-03'),
      debit(2_000_000n, '2024-10-03'),
      debit(700_000n, '2024-10-03'),
      debit(900_000n, '2024-10-03'),
    ];
    const candidates = [
      payment('p1', 1_500_000n, '2024-10-01'),
      payment('p2', 2_000_000n, '2024-10-02'),
      payment('p3', 2_000_000n, '2024-10-04'),
      payment('p4', 700_000n, '2024-09-20'),
      payment('p5', 900_000n, '2024-10-03'),
    ];
    const first = matchStatementLines(lines, candidates);
    expect(first.map((result) => result.status)).toEqual([
      'unmatched',
      'unmatched',
      'unmatched',
      'unmatched',
    ]);
    const taken: MatchResult[] = [
      ...first.slice(0, 3),
      { ...first[3]!, status: 'matched', candidateId: 'p5' },
    ];
    const results = suggestByAmountAndDate(lines, taken, candidates);
    expect(results.map((result) => [result.status, result.rule, result.candidateId])).toEqual([
      ['suggested', 'amount-date', 'p1'],
      ['unmatched', null, null],
      ['unmatched', null, null],
      ['matched', null, 'p5'],
    ]);
    expect(results[0]!.detail).toBe('the only record of this amount within 3 day(s) (2 day(s) apart)');
  });
});

import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/domain/bank-statements/csv.ts';
import {
  type MatchableLine,
  type MatchCandidate,
  type MatchResult,
  matchStatementLines,
} from '../../src/domain/bank-statements/matching.ts';
import { SAOKE_PRESET } from '../../src/domain/bank-statements/presets.ts';
import { readStatementRows } from '../../src/domain/bank-statements/statement.ts';
import { LABELS } from '../fixtures/saoke-2024/labels.ts';

/**
 * A labelled reconciliation sample built from 200 real transfers (ids 1061–1260 of MTTQ_BIDV_10-17, shared
 * data, 10/09/2024). LABELS (test/fixtures/saoke-2024/labels.ts) is the donor each memo names, read by hand
 * (diacritics added as an accountant would type them; mixed-case and company names included); rows without
 * one are anonymous gifts. On top of the real
 * memos the sample simulates the records an accountant would have:
 *
 * - a gift record per line, dated 0–2 days after the bank date, anonymous when the memo names nobody; 8 lines
 *   (id % 25 = 7) have no record yet;
 * - a bank reference copied from the donor's screenshot for lines whose memo carries an FT number (id % 3 = 0);
 * - VietQR transfers: 20 lines (id % 10 = 3) get a payment code appended to the memo; on one (1093) the donor
 *   changed the amount;
 * - decoys: a namesake (same amount and day, another given name) for labelled ids % 5 = 0, the same donor's
 *   other gift (another amount) for ids % 7 = 0, and the next labelled donor's name on this line's amount for
 *   ids % 4 = 1 (unless that donor gave the same amount: such a record would be a true duplicate, not a decoy).
 */

const FIRST_ID = 1061;
const LAST_ID = 1260;
const CHANGED_AMOUNT_ID = 1093;
const OTHER_GIVEN_NAMES = ['An', 'Bình', 'Chi', 'Dũng', 'Giang', 'Khoa', 'Linh', 'Minh', 'Nam', 'Quân'];

function plusDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function namesake(name: string): string {
  const words = name.split(' ');
  const last = words[words.length - 1]!;
  const other = OTHER_GIVEN_NAMES.find((given) => given !== last)!;
  return [...words.slice(0, -1), other].join(' ');
}

function paymentCodeOf(id: number): string {
  return `YAGI${String(id).padStart(6, '0')}`;
}

function sampleLines(): { id: number; line: MatchableLine }[] {
  const text = gunzipSync(
    readFileSync(new URL('../fixtures/saoke-2024/MTTQ_BIDV_10-17.first-2000.csv.gz', import.meta.url)),
  )
    .toString('utf8')
    .split('\n')
    .slice(0, LAST_ID + 1)
    .join('\n');
  const [header, ...data] = readCsv(text);
  const { lines } = readStatementRows([header!, ...data.slice(FIRST_ID - 1)], SAOKE_PRESET);
  return lines.map((line) => {
    const id = Number(line.reference);
    const code = id % 10 === 3 ? (id % 20 === 13 ? ` yagi ${id}` : ` ${paymentCodeOf(id)}`) : '';
    return { id, line: { ...line, description: `${line.description}${code}` } };
  });
}

function sampleCandidates(lines: readonly { id: number; line: MatchableLine }[]): MatchCandidate[] {
  const labelled = lines.filter(({ id }) => LABELS[id] !== undefined);
  const candidates: MatchCandidate[] = [];
  for (const { id, line } of lines) {
    if (id % 25 === 7) continue;
    const reference = /\bFT\d{14}\b/.exec(line.description)?.[0] ?? null;
    candidates.push({
      kind: 'donation',
      id: `d${id}`,
      amountMinor: line.creditMinor + (id === CHANGED_AMOUNT_ID ? 100_000n : 0n),
      date: plusDays(line.date, id % 3),
      bankRef: id % 3 === 0 ? reference : null,
      paymentCode: id % 10 === 3 ? paymentCodeOf(id) : null,
      donorName: LABELS[id] ?? null,
    });
  }
  labelled.forEach(({ id, line }, index) => {
    const base = { kind: 'donation' as const, date: line.date, bankRef: null, paymentCode: null };
    const name = LABELS[id]!;
    if (id % 5 === 0)
      candidates.push({ ...base, id: `n${id}`, amountMinor: line.creditMinor, donorName: namesake(name) });
    if (id % 7 === 0)
      candidates.push({ ...base, id: `o${id}`, amountMinor: line.creditMinor + 50_000n, donorName: name });
    const next = labelled[(index + 1) % labelled.length]!;
    if (id % 4 === 1 && next.line.creditMinor !== line.creditMinor) {
      candidates.push({ ...base, id: `s${id}`, amountMinor: line.creditMinor, donorName: LABELS[next.id]! });
    }
  });
  return candidates;
}

interface Tally {
  matched: number;
  matchedWrong: number;
  suggested: number;
  suggestedWrong: number;
  unmatched: number;
  unmatchedFindable: number;
  byRule: Record<string, number>;
}

function tally(
  lines: readonly { id: number }[],
  results: readonly MatchResult[],
  recorded: Set<string>,
): Tally {
  const counts: Tally = {
    matched: 0,
    matchedWrong: 0,
    suggested: 0,
    suggestedWrong: 0,
    unmatched: 0,
    unmatchedFindable: 0,
    byRule: {},
  };
  results.forEach((result, index) => {
    const expected = `d${lines[index]!.id}`;
    const right = recorded.has(expected) && result.candidateId === expected;
    if (result.rule !== null)
      counts.byRule[`${result.status}:${result.rule}`] =
        (counts.byRule[`${result.status}:${result.rule}`] ?? 0) + 1;
    if (result.status === 'matched') {
      counts.matched += 1;
      if (!right) counts.matchedWrong += 1;
    } else if (result.status === 'suggested') {
      counts.suggested += 1;
      if (!right) counts.suggestedWrong += 1;
    } else {
      counts.unmatched += 1;
      if (recorded.has(expected) && LABELS[lines[index]!.id] !== undefined) counts.unmatchedFindable += 1;
    }
  });
  return counts;
}

describe('matching on a labelled sample of 200 real transfers', () => {
  const lines = sampleLines();
  const candidates = sampleCandidates(lines);
  const results = matchStatementLines(
    lines.map(({ line }) => line),
    candidates,
  );
  const recorded = new Set(candidates.map((candidate) => candidate.id));
  const counts = tally(lines, results, recorded);

  it('builds the sample it describes', () => {
    expect(lines).toHaveLength(200);
    expect(lines[0]!.id).toBe(FIRST_ID);
    expect(lines[199]!.id).toBe(LAST_ID);
    expect(Object.keys(LABELS)).toHaveLength(115);
    const byPrefix = (prefix: string) =>
      candidates.filter((candidate) => candidate.id.startsWith(prefix)).length;
    expect([byPrefix('d'), byPrefix('n'), byPrefix('o'), byPrefix('s')]).toEqual([192, 22, 18, 31]);
    expect(candidates.filter((candidate) => candidate.bankRef !== null)).toHaveLength(8);
    expect(candidates.filter((candidate) => candidate.paymentCode !== null)).toHaveLength(20);
  });

  it('matches 26 of 200 lines automatically (payment code 19, bank reference 7), none wrongly', () => {
    expect(counts.matched).toBe(26);
    expect(counts.matchedWrong).toBe(0);
    expect(counts.byRule['matched:payment-code']).toBe(19);
    expect(counts.byRule['matched:bank-reference']).toBe(7);
  });

  it('suggests the right record for 95 more lines and a wrong one for none, despite the decoys', () => {
    expect(counts.suggested).toBe(95);
    expect(counts.suggestedWrong).toBe(0);
    expect(counts.byRule['suggested:amount-date-name']).toBe(94);
    expect(counts.byRule['suggested:payment-code']).toBe(1);
  });

  it('leaves unmatched only lines no rule can pair: anonymous memos and gifts not recorded yet', () => {
    expect(counts.unmatched).toBe(79);
    expect(counts.unmatchedFindable).toBe(0);
    const unrecordedNamed = lines.filter(({ id }) => id % 25 === 7 && LABELS[id] !== undefined);
    expect(unrecordedNamed.map(({ id }) => id)).toEqual([1082, 1132, 1157, 1182, 1207, 1232, 1257]);
    for (const { id } of unrecordedNamed) {
      expect(results[lines.findIndex((entry) => entry.id === id)]!.status).toBe('unmatched');
    }
  });

  it('needs its name threshold: at 0.5 a namesake decoy is offered for a gift not recorded yet', () => {
    const loose = matchStatementLines(
      lines.map(({ line }) => line),
      candidates,
      { nameSimilarityMin: 0.5 },
    );
    const looseCounts = tally(lines, loose, recorded);
    expect(looseCounts.matchedWrong).toBe(0);
    expect(looseCounts.suggested).toBe(96);
    expect(looseCounts.suggestedWrong).toBe(1);
  });

  it('gives the changed-amount QR transfer as a suggestion of its own record', () => {
    const index = lines.findIndex(({ id }) => id === CHANGED_AMOUNT_ID);
    expect(results[index]).toMatchObject({
      status: 'suggested',
      rule: 'payment-code',
      candidateId: `d${CHANGED_AMOUNT_ID}`,
    });
  });
});

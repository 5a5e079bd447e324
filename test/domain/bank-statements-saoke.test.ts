import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CsvReader } from '../../src/domain/bank-statements/csv.ts';
import { SAOKE_PRESET } from '../../src/domain/bank-statements/presets.ts';
import { readStatementRows } from '../../src/domain/bank-statements/statement.ts';

/**
 * The community-parsed 2024 Yagi relief statement of the central MTTQ committee's BIDV account (shared data,
 * ../shared/data/saoke-2024; its first 2,000 transactions are committed as test/fixtures/saoke-2024): 10/09/2024. The expected figures were looked up
 * in the file with another CSV reader (Python's csv module).
 */
const SHARED = new URL('../fixtures/saoke-2024/MTTQ_BIDV_10-17.first-2000.csv.gz', import.meta.url);
const ROWS = 2_000;

function firstLines(count: number): string {
  const text = gunzipSync(readFileSync(SHARED)).toString('utf8');
  let end = -1;
  for (let line = 0; line < count; line += 1) end = text.indexOf('\n', end + 1);
  return text.slice(0, end + 1);
}

function readStreamed(text: string, chunkSize: number): string[][] {
  const reader = new CsvReader();
  const rows: string[][] = [];
  for (let start = 0; start < text.length; start += chunkSize)
    rows.push(...reader.push(text.slice(start, start + chunkSize)));
  rows.push(...reader.end());
  return rows;
}

describe('the saoke preset on the first 2,000 real rows of MTTQ_BIDV_10-17', () => {
  const text = firstLines(ROWS + 1);
  const rows = readStreamed(text, 4_096);
  const result = readStatementRows(rows, SAOKE_PRESET);

  it('reads every row, with the total the file adds up to', () => {
    expect(rows).toHaveLength(ROWS + 1);
    expect(result.headerRow).toBe(1);
    expect(result.problemCount).toBe(0);
    expect(result.skippedRows).toBe(0);
    expect(result.lines).toHaveLength(ROWS);
    expect(result.lines.reduce((total, line) => total + line.creditMinor, 0n)).toBe(2_242_747_085n);
    expect(result.lines.every((line) => line.debitMinor === 0n && line.balanceMinor === null)).toBe(true);
    expect(new Set(result.lines.map((line) => line.date))).toEqual(new Set(['2024-09-10']));
    expect(new Set(result.lines.map((line) => line.fingerprint)).size).toBe(ROWS);
  });

  it('reads known rows exactly', () => {
    const byReference = new Map(result.lines.map((line) => [line.reference, line]));
    expect(byReference.get('1')).toMatchObject({
      lineNo: 2,
      date: '2024-09-10',
      creditMinor: 20_000_000n,
      occurrence: 0,
    });
    expect(byReference.get('1')!.description).toMatch(
      /^0501000016xxx TKThe :0501000016xxx tai VCB\. MBVCB\.6988288617\.227295\.TANG THI BICH NGOC ung ho/,
    );
    expect(byReference.get('520')).toMatchObject({ lineNo: 521, creditMinor: 200_000_000n });
    expect(byReference.get('1000')).toMatchObject({ lineNo: 1001, creditMinor: 500_000n });
    expect(byReference.get('1000')!.description).toContain(
      'CT tu 1018017xxx PHAM THI THUY NHI toi 1261122666',
    );
    expect(byReference.get('2000')).toMatchObject({
      lineNo: 2001,
      creditMinor: 200_000n,
      description:
        '1770260xxx REM Tfr Ac:1770260xxx O@L_080005_211601_0_0_509786206_66519269260 0903025785 ung ho khac phuc hau qua bao yagi',
    });
  });

  it('gives the same lines however the text is cut into chunks', () => {
    const other = readStatementRows(readStreamed(text, 977), SAOKE_PRESET);
    expect(other.lines.map((line) => line.fingerprint)).toEqual(result.lines.map((line) => line.fingerprint));
  });

  it('knows every line of an overlapping later export (rows 1,001–2,000) by fingerprint', () => {
    const [header, ...data] = rows;
    const overlapping = readStatementRows([header!, ...data.slice(1_000)], SAOKE_PRESET);
    const known = new Set(result.lines.map((line) => line.fingerprint));
    expect(overlapping.lines).toHaveLength(1_000);
    expect(overlapping.lines.every((line) => known.has(line.fingerprint))).toBe(true);
  });

  it('takes another year when told', () => {
    const other = readStatementRows(rows.slice(0, 3), SAOKE_PRESET, { defaultYear: 2025 });
    expect(other.lines.map((line) => line.date)).toEqual(['2025-09-10', '2025-09-10']);
  });
});

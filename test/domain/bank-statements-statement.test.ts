import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/domain/bank-statements/csv.ts';
import {
  STATEMENT_LINE_LENGTH_MAX,
  STATEMENT_PROBLEMS_REPORTED_MAX,
  STATEMENT_ROWS_MAX,
} from '../../src/domain/bank-statements/limits.ts';
import { GENERIC_VN_PRESET } from '../../src/domain/bank-statements/presets.ts';
import {
  fingerprintContent,
  lineFingerprint,
  readStatementRows,
} from '../../src/domain/bank-statements/statement.ts';
import { sha256Hex } from '../../src/domain/passwords.ts';
import { sha256HexOfText as sha256HexSync } from '../../src/domain/sha256.ts';

const HEADER = 'Ngày giao dịch;Số tham chiếu;Ghi nợ;Ghi có;Số dư;Nội dung';

function statement(...rows: string[]): string[][] {
  return readCsv([HEADER, ...rows].join('\n'));
}

describe('fingerprints', () => {
  const september = [
    '01/09/2024;;;200.000;;NGUYEN VAN AN chuyen tien',
    '01/09/2024;;;200.000;;NGUYEN VAN AN chuyen tien',
    '02/09/2024;FT1;;500.000;;TRAN THI BINH ung ho',
    '03/09/2024;FT2;1.000.000;;;Chi ho tro ho ngheo',
  ];

  it('gives two genuinely identical transfers of one day their own occurrence and fingerprint', () => {
    const { lines } = readStatementRows(statement(...september), GENERIC_VN_PRESET);
    expect(lines.map((line) => line.occurrence)).toEqual([0, 1, 0, 0]);
    expect(new Set(lines.map((line) => line.fingerprint)).size).toBe(4);
    for (const line of lines) expect(line.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is the same on a second import and on an overlapping file with another header block', () => {
    const first = readStatementRows(statement(...september), GENERIC_VN_PRESET).lines;
    const again = readStatementRows(statement(...september), GENERIC_VN_PRESET).lines;
    expect(again.map((line) => line.fingerprint)).toEqual(first.map((line) => line.fingerprint));
    const overlapping = readCsv(
      [
        'SAO KÊ TÀI KHOẢN 0011000123456',
        'Từ 01/09/2024 đến 05/09/2024',
        HEADER,
        ...september.slice(0, 3),
        '05/09/2024;FT9;;50.000;;LE VAN C ung ho',
      ].join('\r\n'),
    );
    const second = readStatementRows(overlapping, GENERIC_VN_PRESET).lines;
    const known = new Set(first.map((line) => line.fingerprint));
    expect(second.map((line) => known.has(line.fingerprint))).toEqual([true, true, true, false]);
  });

  it('ignores case, diacritics and spacing of the memo, but not its words, amounts or dates', () => {
    const [plain] = readStatementRows(
      statement('01/09/2024;;;200.000;;Nguyễn Văn An  chuyển tiền'),
      GENERIC_VN_PRESET,
    ).lines;
    const variants = [
      ['01/09/2024;;;200.000;;NGUYEN VAN AN CHUYEN TIEN', true],
      ['01/09/2024;;;200,000;;nguyen van an chuyen tien', true],
      ['01/09/2024;;;200.001;;nguyen van an chuyen tien', false],
      ['02/09/2024;;;200.000;;nguyen van an chuyen tien', false],
      ['01/09/2024;X;;200.000;;nguyen van an chuyen tien', false],
      ['01/09/2024;;;200.000;10;nguyen van an chuyen tien', false],
      ['01/09/2024;;200.000;;;nguyen van an chuyen tien', false],
      ['01/09/2024;;;200.000;;nguyen van an chuyen tien ung ho', false],
    ] as const;
    for (const [row, same] of variants) {
      const [line] = readStatementRows(statement(row), GENERIC_VN_PRESET).lines;
      expect(line!.fingerprint === plain!.fingerprint, row).toBe(same);
    }
  });

  it('is the SHA-256 of a documented text, the same digest as the project sha256Hex', async () => {
    const [line] = readStatementRows(
      statement('01/09/2024;ft1;;200.000;5.000;Nguyễn Văn An'),
      GENERIC_VN_PRESET,
    ).lines;
    const content = fingerprintContent(line!);
    expect(content).toBe('2024-09-01\u001fFT1\u001f0\u001f200000\u001f5000\u001fnguyen van an');
    expect(line!.fingerprint).toBe(await sha256Hex(`soquy-statement-line-v1\u001f0\u001f${content}`));
    expect(lineFingerprint(content, 1)).toBe(
      await sha256Hex(`soquy-statement-line-v1\u001f1\u001f${content}`),
    );
  });
});

describe('sha256HexSync', () => {
  it('agrees with node:crypto on the standard vectors and on any text, block edges included', () => {
    expect(sha256HexSync('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256HexSync('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const node = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
    for (const length of [55, 56, 63, 64, 65, 119, 120, 1000])
      expect(sha256HexSync('a'.repeat(length))).toBe(node('a'.repeat(length)));
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 300 }),
        (text) => sha256HexSync(text) === node(text),
      ),
    );
  });
});

describe('rows that are not lines', () => {
  it('reports each unreadable row with its file row and reason, and reads the rest', () => {
    const rows = statement(
      '31/04/2024;;;100.000;;impossible day',
      '01/09/2024;;;1.000,50;;half a dong',
      '01/09/2024;;;;;no money at all',
      '01/09/2024;;5.000;5.000;;both sides',
      '01/09/2024;;;-5.000;;negative credit',
      '01/09/2024;;;abc;;junk amount',
      '02/09/2024;;;300.000;;good one',
    );
    const spreadsheetRow = ['03/09/2024', '', '', '1', '', 'x'.repeat(STATEMENT_LINE_LENGTH_MAX)];
    const result = readStatementRows([...rows, spreadsheetRow], GENERIC_VN_PRESET);
    expect(result.lines.map((line) => [line.lineNo, line.description])).toEqual([[8, 'good one']]);
    expect(result.problemCount).toBe(7);
    expect(result.problems.map((problem) => problem.row)).toEqual([2, 3, 4, 5, 6, 7, 9]);
    expect(result.problems[0]!.detail).toContain('no such day');
    expect(result.problems[1]!.detail).toContain('fraction of a đồng');
    expect(result.problems[2]!.detail).toBe('the row has neither a debit nor a credit');
    expect(result.problems[3]!.detail).toBe('the row has both a debit and a credit');
    expect(result.problems[4]!.detail).toBe('the credit is negative');
    expect(result.problems[5]!.detail).toContain('"abc" is not an amount');
    expect(result.problems[6]!.detail).toContain('longer than');
  });

  it('skips blank rows, repeated headers, signatures and totals without a problem', () => {
    const result = readStatementRows(
      statement(
        '01/09/2024;;;100.000;;one',
        ';;;;;',
        HEADER,
        'Tổng phát sinh;;;100.000;;',
        'Kế toán trưởng;;;;;Giám đốc',
        'Chữ ký;;;;;',
      ),
      GENERIC_VN_PRESET,
    );
    expect(result.lines).toHaveLength(1);
    expect(result.skippedRows).toBe(5);
    expect(result.problemCount).toBe(0);
  });

  it('lists at most the reporting limit of problems and counts them all', () => {
    const bad = Array.from({ length: STATEMENT_PROBLEMS_REPORTED_MAX + 50 }, () => 'x;;;1;;bad date');
    const result = readStatementRows(statement(...bad), GENERIC_VN_PRESET);
    expect(result.problems).toHaveLength(STATEMENT_PROBLEMS_REPORTED_MAX);
    expect(result.problemCount).toBe(STATEMENT_PROBLEMS_REPORTED_MAX + 50);
  });

  it('refuses a file with more rows than the limit before reading any', () => {
    const rows = Array.from({ length: STATEMENT_ROWS_MAX + 1 }, () => ['']);
    expect(() => readStatementRows(rows, GENERIC_VN_PRESET)).toThrow(/more than 200000/);
  });
});

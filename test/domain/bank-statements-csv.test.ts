import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvReader, detectDelimiter, readCsv } from '../../src/domain/bank-statements/csv.ts';
import { STATEMENT_COLUMNS_MAX, STATEMENT_LINE_LENGTH_MAX } from '../../src/domain/bank-statements/limits.ts';
import { DomainError } from '../../src/domain/errors.ts';

/** Feeds the text in chunks cut at the given offsets. */
function readInChunks(text: string, cuts: readonly number[]): string[][] {
  const reader = new CsvReader();
  const records: string[][] = [];
  let start = 0;
  for (const cut of [...cuts].sort((left, right) => left - right)) {
    records.push(...reader.push(text.slice(start, cut)));
    start = cut;
  }
  records.push(...reader.push(text.slice(start)));
  records.push(...reader.end());
  return records;
}

describe('CsvReader', () => {
  it('reads quotes, doubled quotes, delimiters and line breaks inside quoted fields', () => {
    const text = 'a,b,c\r\n"x, y","he said ""hi""","line one\r\nline two"\r\nplain,,end\r\n';
    expect(readCsv(text)).toEqual([
      ['a', 'b', 'c'],
      ['x, y', 'he said "hi"', 'line one\r\nline two'],
      ['plain', '', 'end'],
    ]);
  });

  it('keeps a quoted field with a newline whole when a chunk ends inside it', () => {
    const text = 'date,desc,money\n10/09,"NGUYEN VAN A\nung ho ""bao"" Yagi",500000\n';
    const inside = text.indexOf('\nung ho');
    const expected = [
      ['date', 'desc', 'money'],
      ['10/09', 'NGUYEN VAN A\nung ho "bao" Yagi', '500000'],
    ];
    expect(readInChunks(text, [inside])).toEqual(expected);
    expect(readInChunks(text, [inside + 1])).toEqual(expected);
    const doubledQuote = text.indexOf('""bao') + 1;
    expect(readInChunks(text, [doubledQuote])).toEqual(expected);
  });

  it('gives the same records for every way of cutting the text into chunks', () => {
    const text =
      '\uFEFFNgày;Nội dung;Số tiền\r\n01/09/2024;"Ung ho; ""mien Bac""\r\nYagi";1.000.000\r\n02/09/2024;;2.000\r\n"";x;\r\n';
    const whole = readCsv(text);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: text.length }), { maxLength: 8 }), (cuts) => {
        expect(readInChunks(text, cuts)).toEqual(whole);
      }),
    );
    expect(whole).toEqual([
      ['Ngày', 'Nội dung', 'Số tiền'],
      ['01/09/2024', 'Ung ho; "mien Bac"\r\nYagi', '1.000.000'],
      ['02/09/2024', '', '2.000'],
      ['', 'x', ''],
    ]);
  });

  it('drops a byte-order mark, also when it arrives alone', () => {
    expect(readCsv('\uFEFFa,b\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(readInChunks('\uFEFFa,b\n1,2', [1])).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('splits CRLF across chunks without an empty record, and reads lone CR and LF endings', () => {
    expect(readInChunks('a,b\r\nc,d\r\n', [4])).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(readCsv('a\rb\nc')).toEqual([['a'], ['b'], ['c']]);
  });

  it('keeps blank lines as one-empty-field records so record numbers stay line numbers', () => {
    expect(readCsv('a,b\n\n1,2\n')).toEqual([['a', 'b'], [''], ['1', '2']]);
  });

  it('detects ";" from the header line below a header block', () => {
    const text = [
      'NGÂN HÀNG TMCP NGOẠI THƯƠNG VIỆT NAM',
      'Từ ngày 01/09/2024, đến ngày 30/09/2024',
      'Ngày giao dịch;Số tham chiếu;Số tiền ghi nợ;Số tiền ghi có;Số dư;Mô tả',
      '01/09/2024;5078.1;;1.000.000,00;2.000.000,00;NGUYEN VAN A, ung ho',
    ].join('\n');
    const reader = new CsvReader();
    const records = [...reader.push(text), ...reader.end()];
    expect(reader.delimiter).toBe(';');
    expect(records[2]).toHaveLength(6);
    expect(records[3]).toEqual([
      '01/09/2024',
      '5078.1',
      '',
      '1.000.000,00',
      '2.000.000,00',
      'NGUYEN VAN A, ung ho',
    ]);
  });

  it('detects "," and tab, ignores delimiters inside quotes, and looks only at the first lines', () => {
    expect(detectDelimiter('date,bank,id,money,desc,page\n10/09,Agri,1,5,"a;b;c;d;e;f;g",1\n')).toBe(',');
    expect(detectDelimiter('Ngày\tSố tiền\tNội dung\n')).toBe('\t');
    expect(detectDelimiter('just one cell\n')).toBe(',');
    const memoWithSemicolons = 'x;y;z;w;v;u;t;s;r;q\n';
    const text = `a,b,c\n${'1,2,3\n'.repeat(30)}${memoWithSemicolons}`;
    expect(detectDelimiter(text)).toBe(',');
  });

  it('uses a given delimiter without detection', () => {
    expect(readCsv('a;b,c\n', { delimiter: ',' })).toEqual([['a;b', 'c']]);
  });

  it('keeps a quote inside an unquoted field, and text after a closing quote', () => {
    expect(readCsv('5" screen,"ab"cd\n')).toEqual([['5" screen', 'abcd']]);
  });

  it('refuses an unterminated quoted field at the end', () => {
    const reader = new CsvReader();
    reader.push('a,b\n1,"open\nstill open');
    expect(() => reader.end()).toThrow(/not closed by the end of the file \(line 3\)/);
  });

  it('refuses records over the line length and column limits', () => {
    const long = `a,${'x'.repeat(STATEMENT_LINE_LENGTH_MAX)}\n`;
    expect(() => readCsv(long)).toThrow(DomainError);
    const wide = `${Array.from({ length: STATEMENT_COLUMNS_MAX + 1 }, (_, index) => index).join(',')}\n`;
    expect(() => readCsv(wide)).toThrow(/more than 64 fields/);
    const widest = `${Array.from({ length: STATEMENT_COLUMNS_MAX }, (_, index) => index).join(',')}\n`;
    expect(readCsv(widest)[0]).toHaveLength(STATEMENT_COLUMNS_MAX);
  });

  it('refuses push after end', () => {
    const reader = new CsvReader();
    reader.end();
    expect(() => reader.push('a')).toThrow(/assertion failed/);
  });

  it('holds back only the delimiter sample, then returns records as they complete', () => {
    const reader = new CsvReader();
    const header = 'a,b\n';
    expect(reader.push(header)).toEqual([]);
    const rows = '1,2\n'.repeat(25);
    const first = reader.push(rows);
    expect(first).toHaveLength(26);
    expect(reader.push('3,')).toEqual([]);
    expect(reader.push('4\n')).toEqual([['3', '4']]);
    expect(reader.end()).toEqual([]);
  });
});

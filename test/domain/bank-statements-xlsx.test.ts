import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { VCB_PRESET } from '../../src/domain/bank-statements/presets.ts';
import { readStatementRows } from '../../src/domain/bank-statements/statement.ts';
import { excelSerialToDate, readXlsxFirstSheet } from '../../src/domain/bank-statements/xlsx.ts';
import { listZipEntries, readZipEntry } from '../../src/domain/bank-statements/zip.ts';

/** A minimal but real .xlsx: the parts Excel writes, built as text and zipped with fflate. */
interface WorkbookParts {
  sheet: string;
  sharedStrings?: string[];
  styles?: string;
  date1904?: boolean;
  storedSheet?: boolean;
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELATIONSHIPS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

function buildXlsx(parts: WorkbookParts): Uint8Array {
  const workbook =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="${MAIN}" xmlns:r="${RELATIONSHIPS}">` +
    `<workbookPr${parts.date1904 ? ' date1904="1"' : ''}/><sheets>` +
    '<sheet name="Sao kê" sheetId="1" r:id="rId3"/><sheet name="Ghi chú" sheetId="2" r:id="rId4"/></sheets></workbook>';
  const relationships =
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    '<Relationship Id="rId4" Type="worksheet" Target="worksheets/sheet1.xml"/>' +
    '<Relationship Id="rId3" Type="worksheet" Target="worksheets/saoke.xml"/></Relationships>';
  const files: Record<string, Uint8Array | [Uint8Array, { level: 0 }]> = {
    '[Content_Types].xml': strToU8('<?xml version="1.0"?><Types/>'),
    'xl/workbook.xml': strToU8(workbook),
    'xl/_rels/workbook.xml.rels': strToU8(relationships),
    'xl/worksheets/saoke.xml': parts.storedSheet
      ? [strToU8(parts.sheet), { level: 0 }]
      : strToU8(parts.sheet),
    'xl/worksheets/sheet1.xml': strToU8(
      sheetXml('<row r="1"><c r="A1" t="inlineStr"><is><t>wrong sheet</t></is></c></row>'),
    ),
  };
  if (parts.sharedStrings) {
    const items = parts.sharedStrings.map((item) => `<si>${item}</si>`).join('');
    files['xl/sharedStrings.xml'] = strToU8(`<?xml version="1.0"?><sst xmlns="${MAIN}">${items}</sst>`);
  }
  if (parts.styles) files['xl/styles.xml'] = strToU8(parts.styles);
  return zipSync(files);
}

function sheetXml(rows: string, prefix = ''): string {
  const p = prefix === '' ? '' : `${prefix}:`;
  const namespace = prefix === '' ? `xmlns="${MAIN}"` : `xmlns:${prefix}="${MAIN}"`;
  return `<?xml version="1.0"?><${p}worksheet ${namespace}><${p}sheetData>${rows}</${p}sheetData></${p}worksheet>`;
}

const STYLES =
  `<?xml version="1.0"?><styleSheet xmlns="${MAIN}"><numFmts count="2">` +
  '<numFmt numFmtId="164" formatCode="dd/mm/yyyy;@"/><numFmt numFmtId="165" formatCode="#,##0 &quot;đ&quot;"/></numFmts>' +
  '<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164"><alignment wrapText="1"/></xf>' +
  '<xf numFmtId="3"/><xf numFmtId="165"/></cellXfs></styleSheet>';

const STATEMENT_STRINGS = [
  '<t>NGÂN HÀNG TMCP NGOẠI THƯƠNG VIỆT NAM</t>',
  '<t>Ngày giao dịch</t>',
  '<t>Số tham chiếu</t>',
  '<t>Số tiền ghi nợ</t>',
  '<t>Số tiền ghi có</t>',
  '<t>Số dư</t>',
  '<t>Mô tả</t>',
  '<r><t xml:space="preserve">NGUYEN </t></r><r><rPr><b/></rPr><t>VAN AN ung ho</t></r><rPh sb="0" eb="1"><t>ヌ</t></rPh>',
  '<t>Chi hỗ trợ &amp; thăm hỏi_x000D_\nhộ nghèo</t>',
  '<t>5078.97128</t>',
];

const STATEMENT_SHEET = sheetXml(
  '<row r="1" spans="1:6"><c r="A1" t="s"><v>0</v></c></row>' +
    '<row r="2"><c r="A2" t="inlineStr"><is><t>Số tài khoản: 0011000123456</t></is></c><c r="D2" s="3"/></row>' +
    '<row r="4"><c r="A4" t="s"><v>1</v></c><c r="B4" t="s"><v>2</v></c><c r="C4" t="s"><v>3</v></c>' +
    '<c r="D4" t="s"><v>4</v></c><c r="E4" t="s"><v>5</v></c><c r="F4" t="s"><v>6</v></c></row>' +
    '<row r="5"><c r="A5" s="1"><v>45545</v></c><c r="B5" t="s"><v>9</v></c>' +
    '<c r="D5" s="3"><v>1000000</v></c><c r="E5" s="4"><v>1.1E+7</v></c><c r="F5" t="s"><v>7</v></c></row>' +
    '<row r="6"><c r="A6" s="2"><v>45546.5</v></c><c r="B6" t="str"><f>B5&amp;"x"</f><v>5078.97128x</v></c>' +
    '<c r="C6" s="3"><v>250000</v></c><c r="E6"><v>10750000</v></c><c r="F6" t="s"><v>8</v></c></row>' +
    '<row r="8"><c r="A8" t="b"><v>1</v></c><c r="B8" t="e"><v>#N/A</v></c><c r="C8" t="d"><v>2024-09-12T08:30:00</v></c></row>',
);

describe('readXlsxFirstSheet', () => {
  const rows = readXlsxFirstSheet(
    buildXlsx({ sheet: STATEMENT_SHEET, sharedStrings: STATEMENT_STRINGS, styles: STYLES }),
  );

  it('reads the first sheet by its relationship, keeping row places and gaps', () => {
    expect(rows).toHaveLength(8);
    expect(rows[0]).toEqual(['NGÂN HÀNG TMCP NGOẠI THƯƠNG VIỆT NAM']);
    expect(rows[1]).toEqual(['Số tài khoản: 0011000123456']);
    expect(rows[2]).toEqual([]);
    expect(rows[3]).toEqual([
      'Ngày giao dịch',
      'Số tham chiếu',
      'Số tiền ghi nợ',
      'Số tiền ghi có',
      'Số dư',
      'Mô tả',
    ]);
    expect(rows[6]).toEqual([]);
  });

  it('reads shared, rich, inline and formula strings, numbers, dates, booleans and errors', () => {
    expect(rows[4]).toEqual(['10/09/2024', '5078.97128', '', '1000000', '11000000', 'NGUYEN VAN AN ung ho']);
    expect(rows[5]).toEqual([
      '11/09/2024 12:00:00',
      '5078.97128x',
      '250000',
      '',
      '10750000',
      'Chi hỗ trợ & thăm hỏi\r\nhộ nghèo',
    ]);
    expect(rows[7]).toEqual(['TRUE', '#N/A', '12/09/2024 08:30:00']);
  });

  it('feeds the statement reader like a CSV file would', () => {
    const result = readStatementRows(rows, VCB_PRESET);
    expect(result.headerRow).toBe(4);
    expect(
      result.lines.map((line) => [line.lineNo, line.date, line.reference, line.debitMinor, line.creditMinor]),
    ).toEqual([
      [5, '2024-09-10', '5078.97128', 0n, 1_000_000n],
      [6, '2024-09-11', '5078.97128x', 250_000n, 0n],
    ]);
    expect(result.problems).toEqual([
      { row: 8, detail: expect.stringContaining('"TRUE" is not a statement date') },
    ]);
  });

  it('reads tags with a namespace prefix and a stored (uncompressed) sheet', () => {
    const sheet = sheetXml(
      '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>Ngày</x:t></x:is></x:c><x:c r="B1"><x:v>42</x:v></x:c></x:row>',
      'x',
    );
    expect(readXlsxFirstSheet(buildXlsx({ sheet, storedSheet: true }))).toEqual([['Ngày', '42']]);
  });

  it('reads serials of the 1904 date system', () => {
    const sheet = sheetXml('<row r="1"><c r="A1" s="1"><v>0</v></c><c r="B1" s="1"><v>44083</v></c></row>');
    expect(readXlsxFirstSheet(buildXlsx({ sheet, styles: STYLES, date1904: true }))).toEqual([
      ['01/01/1904', '10/09/2024'],
    ]);
  });

  it('refuses a value beyond the column limit, a missing shared string, and files that are no workbook', () => {
    const wide = sheetXml('<row r="1"><c r="BM1"><v>1</v></c></row>');
    expect(() => readXlsxFirstSheet(buildXlsx({ sheet: wide }))).toThrow(/beyond column 64/);
    const dangling = sheetXml('<row r="1"><c r="A1" t="s"><v>3</v></c></row>');
    expect(() => readXlsxFirstSheet(buildXlsx({ sheet: dangling, sharedStrings: ['<t>a</t>'] }))).toThrow(
      /shared string 3/,
    );
    expect(() => readXlsxFirstSheet(strToU8('Ngày,Số tiền\n'))).toThrow(/not a ZIP archive/);
    expect(() => readXlsxFirstSheet(zipSync({ 'word/document.xml': strToU8('<w/>') }))).toThrow(
      /no xl\/workbook.xml/,
    );
  });
});

describe('excelSerialToDate', () => {
  it('knows the 1900 system, its phantom 29 February and times of day', () => {
    expect(excelSerialToDate(1)).toBe('01/01/1900');
    expect(excelSerialToDate(59)).toBe('28/02/1900');
    expect(excelSerialToDate(60)).toBe('29/02/1900');
    expect(excelSerialToDate(61)).toBe('01/03/1900');
    expect(excelSerialToDate(45351)).toBe('29/02/2024');
    expect(excelSerialToDate(45545.75)).toBe('10/09/2024 18:00:00');
    expect(excelSerialToDate(45545.999999999)).toBe('11/09/2024');
  });
});

describe('zip entries', () => {
  const zeros = new Uint8Array(1_048_576);
  const archive = zipSync({ 'xl/worksheets/sheet1.xml': zeros });

  it('inflate up to the limit and no further', () => {
    const [entry] = listZipEntries(archive);
    expect(entry).toMatchObject({ name: 'xl/worksheets/sheet1.xml', method: 8, uncompressedSize: 1_048_576 });
    const inflated = readZipEntry(archive, entry!, 1_048_576);
    expect(inflated.length).toBe(1_048_576);
    expect(inflated.every((byte) => byte === 0)).toBe(true);
    expect(() => readZipEntry(archive, entry!, 65_536)).toThrow(/more than 65536 bytes/);
  });

  it('stop inflating at the limit even when the directory lies about the size', () => {
    const lying = archive.slice();
    const [entry] = listZipEntries(lying);
    const view = new DataView(lying.buffer);
    const end = lying.length - 22;
    const directory = view.getUint32(end + 16, true);
    view.setUint32(directory + 24, 10, true);
    const [lie] = listZipEntries(lying);
    expect(lie!.uncompressedSize).toBe(10);
    expect(entry!.uncompressedSize).toBe(1_048_576);
    expect(() => readZipEntry(lying, lie!, 65_536)).toThrow(/more than 65536 bytes/);
    expect(() => readZipEntry(lying, lie!, 2_000_000)).toThrow(/is damaged/);
  });
});

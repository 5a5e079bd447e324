import Decimal from 'decimal.js';
import { DomainError } from '../errors.ts';
import { STATEMENT_COLUMNS_MAX, STATEMENT_ROWS_MAX, XLSX_BYTES_MAX, XLSX_PART_BYTES_MAX } from './limits.ts';
import { listZipEntries, readZipEntry, type ZipEntry } from './zip.ts';

/**
 * The first sheet of an .xlsx workbook as rows of text, the shape the CSV reader gives: shared strings,
 * inline and rich-text strings, numbers as written in the file (exponents expanded with decimal.js, never
 * through a float), booleans as TRUE/FALSE, and numbers in a date format (built-in or custom) as
 * `dd/mm/yyyy`, with ` hh:mm:ss` when the serial has a time of day. Both the 1900 and the 1904 date systems
 * are read. Rows and columns keep their places: row n of the sheet is `rows[n - 1]`, missing cells are ''.
 *
 * The XML is read with a few patterns, not a general parser: OOXML parts are machine-written, and tags
 * may carry a namespace prefix (`<x:c>`), which the patterns allow. No formulas are evaluated: a formula
 * cell gives the value Excel cached for it.
 */

const PREFIX = '(?:[A-Za-z_][\\w.-]*:)?';

function elements(xml: string, tag: string): RegExpMatchArray[] {
  const pattern = new RegExp(`<${PREFIX}${tag}\\b([^>]*?)(?:/>|>([\\s\\S]*?)</${PREFIX}${tag}>)`, 'g');
  return [...xml.matchAll(pattern)];
}

function attribute(attributes: string, name: string): string | null {
  const match = new RegExp(`(?:^|\\s)${name}="([^"]*)"`).exec(attributes);
  return match ? decodeXml(match[1]!) : null;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML entities, then OOXML's `_xHHHH_` escapes of characters XML cannot hold. */
function decodeXml(text: string): string {
  return text
    .replace(/&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);/g, (_, entity: string) => {
      if (entity.startsWith('#x')) return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
      if (entity.startsWith('#')) return String.fromCodePoint(Number.parseInt(entity.slice(1), 10));
      return ENTITIES[entity]!;
    })
    .replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

/** The text of a string item (`<si>` or `<is>`): its `<t>` runs, phonetic runs (`<rPh>`) left out. */
function richText(xml: string): string {
  const withoutPhonetic = xml.replace(new RegExp(`<${PREFIX}rPh\\b[\\s\\S]*?</${PREFIX}rPh>`, 'g'), '');
  return elements(withoutPhonetic, 't')
    .map((match) => decodeXml(match[2] ?? ''))
    .join('');
}

interface Workbook {
  part(name: string): string | null;
}

function openWorkbook(bytes: Uint8Array): Workbook {
  const entries = new Map<string, ZipEntry>(listZipEntries(bytes).map((entry) => [entry.name, entry]));
  return {
    part(name) {
      const entry = entries.get(name);
      return entry ? new TextDecoder().decode(readZipEntry(bytes, entry, XLSX_PART_BYTES_MAX)) : null;
    },
  };
}

/** The path of the workbook's first sheet, from workbook.xml and its relationships. */
function firstSheetPath(workbookXml: string, relationships: string | null): string {
  const sheet = elements(workbookXml, 'sheet')[0];
  const relationId = sheet ? /\s[\w]+:id="([^"]*)"/.exec(sheet[1] ?? '')?.[1] : undefined;
  if (relationId === undefined || relationships === null) return 'xl/worksheets/sheet1.xml';
  const relation = elements(relationships, 'Relationship').find(
    (match) => attribute(match[1] ?? '', 'Id') === relationId,
  );
  const target = relation ? attribute(relation[1] ?? '', 'Target') : null;
  if (target === null) return 'xl/worksheets/sheet1.xml';
  return target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`;
}

const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 30, 36, 45, 46, 47, 50, 57]);

/** A number format shows a date when, quoted text and [colour] blocks aside, it has a day or a year. */
function isDateFormatCode(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\\./g, '');
  return /[dy]/i.test(bare);
}

/** For each cell style index (`s`), whether its number format is a date. */
function dateStyles(stylesXml: string | null): boolean[] {
  if (stylesXml === null) return [];
  const custom = new Map<number, string>();
  for (const match of elements(stylesXml, 'numFmt')) {
    const attributes = match[1] ?? '';
    custom.set(Number(attribute(attributes, 'numFmtId')), attribute(attributes, 'formatCode') ?? '');
  }
  const cellXfs = elements(stylesXml, 'cellXfs')[0]?.[2] ?? '';
  return elements(cellXfs, 'xf').map((match) => {
    const id = Number(attribute(match[1] ?? '', 'numFmtId') ?? '0');
    const code = custom.get(id);
    return code === undefined ? BUILT_IN_DATE_FORMATS.has(id) : isDateFormatCode(code);
  });
}

const DAY_MS = 86_400_000;

/** An Excel serial day → dd/mm/yyyy (1900 system with its phantom 29/02/1900, or 1904). */
export function excelSerialToDate(serial: number, date1904 = false): string {
  const days = Math.floor(serial);
  let seconds = Math.round((serial - days) * 86_400);
  const dayShift = seconds >= 86_400 ? 1 : 0;
  seconds %= 86_400;
  let epochMs: number;
  if (date1904) epochMs = Date.UTC(1904, 0, 1);
  else if (days < 60) epochMs = Date.UTC(1899, 11, 31);
  else if (days === 60) return '29/02/1900';
  else epochMs = Date.UTC(1899, 11, 30);
  const date = new Date(epochMs + (days + dayShift) * DAY_MS);
  const pad = (value: number): string => String(value).padStart(2, '0');
  const day = `${pad(date.getUTCDate())}/${pad(date.getUTCMonth() + 1)}/${date.getUTCFullYear()}`;
  if (seconds === 0) return day;
  return `${day} ${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`;
}

interface SheetContext {
  sharedStrings: string[];
  dateStyle: boolean[];
  date1904: boolean;
}

function cellText(attributes: string, inner: string, context: SheetContext): string {
  const type = attribute(attributes, 't') ?? 'n';
  if (type === 'inlineStr') return richText(elements(inner, 'is')[0]?.[2] ?? '');
  const value = decodeXml(elements(inner, 'v')[0]?.[2] ?? '');
  if (value === '') return '';
  if (type === 's') {
    const text = context.sharedStrings[Number(value)];
    if (text === undefined) throw xlsxError(`a cell points at shared string ${value}, which does not exist`);
    return text;
  }
  if (type === 'b') return value === '1' ? 'TRUE' : 'FALSE';
  if (type === 'd') return value.replace(/^(\d{4})-(\d{2})-(\d{2})T?/, '$3/$2/$1 ').trim();
  if (type !== 'n') return value;
  const style = Number(attribute(attributes, 's') ?? '0');
  if (context.dateStyle[style] === true) return excelSerialToDate(Number(value), context.date1904);
  return /e/i.test(value) ? new Decimal(value).toFixed() : value;
}

/** "BC12" → 54 (0-based column); null when the reference has no letters. */
function columnOf(reference: string): number | null {
  const letters = /^[A-Z]+/.exec(reference)?.[0];
  if (letters === undefined) return null;
  return [...letters].reduce((total, letter) => total * 26 + letter.charCodeAt(0) - 64, 0) - 1;
}

function readRow(xml: string, context: SheetContext, rowNumber: number): string[] {
  const cells: string[] = [];
  let nextColumn = 0;
  for (const match of elements(xml, 'c')) {
    const attributes = match[1] ?? '';
    const column = columnOf(attribute(attributes, 'r') ?? '') ?? nextColumn;
    nextColumn = column + 1;
    const text = cellText(attributes, match[2] ?? '', context);
    if (text === '') continue;
    if (column >= STATEMENT_COLUMNS_MAX) {
      throw xlsxError(`row ${rowNumber} has a value beyond column ${STATEMENT_COLUMNS_MAX}`);
    }
    while (cells.length < column) cells.push('');
    cells[column] = text;
  }
  return cells;
}

function readSheet(xml: string, context: SheetContext): string[][] {
  const rows: string[][] = [];
  for (const match of elements(xml, 'row')) {
    const rowNumber = Number(attribute(match[1] ?? '', 'r') ?? rows.length + 1);
    if (rowNumber > STATEMENT_ROWS_MAX) throw xlsxError(`the sheet has more than ${STATEMENT_ROWS_MAX} rows`);
    const cells = readRow(match[2] ?? '', context, rowNumber);
    while (rows.length < rowNumber - 1) rows.push([]);
    rows[rowNumber - 1] = cells;
  }
  while (rows.length > 0 && rows[rows.length - 1]!.length === 0) rows.pop();
  return rows;
}

/** The first sheet of an .xlsx file (bytes as uploaded) as rows of cell text. */
export function readXlsxFirstSheet(bytes: Uint8Array): string[][] {
  if (bytes.length > XLSX_BYTES_MAX) throw xlsxError(`the file is larger than ${XLSX_BYTES_MAX} bytes`);
  const workbook = openWorkbook(bytes);
  const workbookXml = workbook.part('xl/workbook.xml');
  if (workbookXml === null) throw xlsxError('it has no xl/workbook.xml: not an .xlsx workbook');
  const sheetXml = workbook.part(firstSheetPath(workbookXml, workbook.part('xl/_rels/workbook.xml.rels')));
  if (sheetXml === null) throw xlsxError('its first sheet is missing');
  const workbookPr = elements(workbookXml, 'workbookPr')[0]?.[1] ?? '';
  const date1904 = ['1', 'true'].includes(attribute(workbookPr, 'date1904') ?? '');
  const sharedXml = workbook.part('xl/sharedStrings.xml');
  const sharedStrings =
    sharedXml === null ? [] : elements(sharedXml, 'si').map((match) => richText(match[2] ?? ''));
  return readSheet(sheetXml, {
    sharedStrings,
    dateStyle: dateStyles(workbook.part('xl/styles.xml')),
    date1904,
  });
}

function xlsxError(detail: string): DomainError {
  return new DomainError('validation-failed', `The spreadsheet cannot be read: ${detail}.`, {
    fieldErrors: [{ field: 'file', detail }],
  });
}

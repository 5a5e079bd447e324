/**
 * CSV as spreadsheets read it (RFC 4180): fields separated by commas, quoted when they hold a comma, a
 * quote or a line break, lines ending CRLF. Files start with a UTF-8 byte order mark so Excel reads the
 * Vietnamese letters. Text that a spreadsheet would run as a formula (=, +, -, @ first) is prefixed with
 * an apostrophe; numbers are written as they are (amounts are integers in minor units, maybe negative).
 */
export const CSV_BYTE_ORDER_MARK = '\uFEFF';

export type CsvCell = string | number | bigint | null;

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;

function field(cell: CsvCell): string {
  if (cell === null) return '';
  if (typeof cell !== 'string') return cell.toString();
  const text = FORMULA_START.test(cell) ? `'${cell}` : cell;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(cells: readonly CsvCell[]): string {
  return `${cells.map(field).join(',')}\r\n`;
}

import type { IsoDate } from '../dates.ts';
import { foldForSearch } from '../donations.ts';
import { DomainError } from '../errors.ts';
import { sha256HexOfText } from '../sha256.ts';
import { parseStatementAmount } from './amounts.ts';
import { parseStatementDate } from './dates.ts';
import {
  STATEMENT_HEADER_SEARCH_ROWS_MAX,
  STATEMENT_LINE_LENGTH_MAX,
  STATEMENT_PROBLEMS_REPORTED_MAX,
  STATEMENT_REFERENCE_LENGTH_MAX,
  STATEMENT_ROWS_MAX,
} from './limits.ts';
import {
  type ColumnIndexes,
  foldHeaderName,
  headerCellNames,
  headerColumnsOf,
  locateHeader,
  type StatementField,
  type StatementPreset,
} from './presets.ts';

/** One transaction of a bank statement, amounts in đồng. Exactly one of debit and credit is non-zero. */
export interface StatementLine {
  /** 1-based row of the file (CSV record or sheet row) the line came from. */
  lineNo: number;
  date: IsoDate;
  reference: string | null;
  debitMinor: bigint;
  creditMinor: bigint;
  balanceMinor: bigint | null;
  /** The memo as printed, whitespace collapsed. */
  description: string;
  /** The other party's name where the bank gives it a column of its own (Techcombank, MB). */
  counterparty: string | null;
  /** 0 for the first line of its content in this file, 1 for a second identical line, and so on. */
  occurrence: number;
  /**
   * SHA-256 (hex) of the occurrence and the content: date, reference, debit, credit, balance and the folded
   * description. Equal for the same transaction in any re-import or overlapping file (as long as the files
   * hold whole days), different for two genuinely identical transfers of one day; store it unique per
   * bank account and skip lines whose fingerprint is already there.
   */
  fingerprint: string;
}

export interface StatementProblem {
  /** 1-based row of the file. */
  row: number;
  detail: string;
}

export interface StatementReadResult {
  lines: StatementLine[];
  /** The first STATEMENT_PROBLEMS_REPORTED_MAX problems; `problemCount` counts all. */
  problems: StatementProblem[];
  problemCount: number;
  /** 1-based row of the header (0 for a custom layout without one). */
  headerRow: number;
  /** Blank rows, repeated headers, summary and signature rows below the header: no transaction in them. */
  skippedRows: number;
}

export interface ReadStatementOptions {
  /** Year of dates printed without one; overrides the preset's (the `saoke` preset says 2024). */
  defaultYear?: number;
}

/** A line before it is fingerprinted. */
export type StatementLineContent = Omit<StatementLine, 'occurrence' | 'fingerprint'>;

/** Rows of a statement (from csv.ts or xlsx.ts) → its lines and the rows that could not be read. */
export function readStatementRows(
  rows: readonly (readonly string[])[],
  preset: StatementPreset,
  options: ReadStatementOptions = {},
): StatementReadResult {
  if (rows.length > STATEMENT_ROWS_MAX) {
    throw tooManyRows(`${rows.length} rows, more than ${STATEMENT_ROWS_MAX}`);
  }
  const reader = new StatementRowReader(preset, options);
  for (const row of rows) reader.push(row);
  return reader.end();
}

function tooManyRows(what: string): DomainError {
  const detail = `the file has ${what}`;
  return new DomainError('validation-failed', `The statement is too large: ${detail}.`, {
    fieldErrors: [{ field: 'file', detail }],
  });
}

/**
 * readStatementRows for a file that arrives row by row (a streamed CSV): the header is looked for in each
 * of the first STATEMENT_HEADER_SEARCH_ROWS_MAX rows as it comes, and every row below it becomes a line
 * (fingerprinted) at once, so only the lines are kept, never the file. The same lines, problems and
 * counts as readStatementRows on the whole file.
 */
export class StatementRowReader {
  readonly #preset: StatementPreset;
  readonly #defaultYear: number | undefined;
  /** The rows above the header, held until it is found (at most STATEMENT_HEADER_SEARCH_ROWS_MAX). */
  readonly #top: (readonly string[])[] = [];
  #columns: ColumnIndexes | null = null;
  #headerIndex = -1;
  #rowCount = 0;
  readonly #lines: StatementLine[] = [];
  readonly #occurrences = new Map<string, number>();
  readonly #problems: StatementProblem[] = [];
  #problemCount = 0;
  #skippedRows = 0;

  constructor(preset: StatementPreset, options: ReadStatementOptions = {}) {
    this.#preset = preset;
    this.#defaultYear = options.defaultYear ?? preset.defaultYear ?? undefined;
    if (preset.fixedLayout !== null) {
      const location = locateHeader([], preset);
      this.#columns = location.columns;
      this.#headerIndex = location.headerIndex;
    }
  }

  /** Rows pushed so far. */
  get rowCount(): number {
    return this.#rowCount;
  }

  /** Lines read so far. */
  get lineCount(): number {
    return this.#lines.length;
  }

  push(row: readonly string[]): void {
    const index = this.#rowCount;
    this.#rowCount += 1;
    if (this.#rowCount > STATEMENT_ROWS_MAX) throw tooManyRows(`more than ${STATEMENT_ROWS_MAX} rows`);
    if (this.#columns === null) this.#findHeader(row, index);
    else if (index > this.#headerIndex) this.#readRow(rowCells(row, this.#columns), index);
  }

  end(): StatementReadResult {
    if (this.#columns === null) locateHeader(this.#top, this.#preset);
    return {
      lines: this.#lines,
      problems: this.#problems,
      problemCount: this.#problemCount,
      headerRow: this.#preset.fixedLayout === null ? this.#headerIndex + 1 : 0,
      skippedRows: this.#skippedRows,
    };
  }

  #findHeader(row: readonly string[], index: number): void {
    const columns = headerColumnsOf(row, this.#preset);
    if (columns !== null) {
      this.#columns = columns;
      this.#headerIndex = index;
      this.#top.length = 0;
      return;
    }
    this.#top.push(row);
    // No header in the rows it may be in: throws the refusal that names the expected headers.
    if (this.#top.length >= STATEMENT_HEADER_SEARCH_ROWS_MAX) locateHeader(this.#top, this.#preset);
  }

  #readRow(cells: RowCells, index: number): void {
    if (isNotATransaction(cells, this.#preset)) {
      this.#skippedRows += 1;
      return;
    }
    const read = readRow(cells, index + 1, this.#preset, this.#defaultYear);
    if (typeof read === 'string') {
      this.#problemCount += 1;
      if (this.#problems.length < STATEMENT_PROBLEMS_REPORTED_MAX) {
        this.#problems.push({ row: index + 1, detail: read });
      }
      return;
    }
    const key = fingerprintContent(read);
    const occurrence = this.#occurrences.get(key) ?? 0;
    this.#occurrences.set(key, occurrence + 1);
    this.#lines.push({ ...read, occurrence, fingerprint: lineFingerprint(key, occurrence) });
  }
}

interface RowCells {
  row: readonly string[];
  /** The trimmed cell of a field; '' when the file has no such column or the row is short. */
  get(field: StatementField): string;
}

function rowCells(row: readonly string[], columns: ColumnIndexes): RowCells {
  return {
    row,
    get(field) {
      const column = columns[field];
      return column === null ? '' : (row[column] ?? '').trim();
    },
  };
}

/** Labels of total and balance rows below the transactions (folded). */
const SUMMARY_LABELS = [
  'tong cong',
  'tong phat sinh',
  'cong phat sinh',
  'doanh so',
  'so du dau ky',
  'so du cuoi ky',
  'total',
  'opening balance',
  'closing balance',
  'ending balance',
];

/**
 * A row without a digit in its date cell is no transaction when it is blank, repeats the header (bilingual
 * exports have a second header line, PDF conversions one per page), moves no money (signatures, closing
 * balance), or is labelled as a total. Any other row goes on to be read, and fails there with its reason.
 */
function isNotATransaction(cells: RowCells, preset: StatementPreset): boolean {
  if (cells.row.every((cell) => cell.trim() === '')) return true;
  const date = cells.get('date');
  if (/[0-9]/.test(date)) return false;
  if (headerCellNames(date).some((name) => preset.headers.date.includes(name))) return true;
  if (cells.get('debit') === '' && cells.get('credit') === '') return true;
  return cells.row.some((cell) => SUMMARY_LABELS.some((label) => foldHeaderName(cell).startsWith(label)));
}

/** One transaction row → its content, or the reason it cannot be read. */
function readRow(
  cells: RowCells,
  lineNo: number,
  preset: StatementPreset,
  defaultYear: number | undefined,
): StatementLineContent | string {
  const length = cells.row.reduce((total, cell) => total + cell.length, 0);
  if (length > STATEMENT_LINE_LENGTH_MAX)
    return `the row is longer than ${STATEMENT_LINE_LENGTH_MAX} characters`;
  try {
    const [dateText = '', ...afterDate] = cells.get('date').split(/\r?\n/);
    const date = parseStatementDate(dateText, { defaultYear });
    const referenceText =
      cells.get('reference') || (preset.referenceAfterDate ? afterDate.join(' ').trim() : '');
    if (referenceText.length > STATEMENT_REFERENCE_LENGTH_MAX) {
      return `the reference is longer than ${STATEMENT_REFERENCE_LENGTH_MAX} characters`;
    }
    const amounts = readAmounts(cells);
    if (typeof amounts === 'string') return amounts;
    return {
      lineNo,
      date,
      reference: referenceText === '' ? null : referenceText,
      ...amounts,
      description: cells.get('description').replace(/\s+/g, ' '),
      counterparty: cells.get('counterparty').replace(/\s+/g, ' ') || null,
    };
  } catch (error) {
    if (error instanceof DomainError) return error.message;
    throw error;
  }
}

type Amounts = Pick<StatementLine, 'debitMinor' | 'creditMinor' | 'balanceMinor'>;

/** Some banks print debits with a minus sign: a debit's sign is dropped; a negative credit is refused. */
function readAmounts(cells: RowCells): Amounts | string {
  const debit = parseStatementAmount(cells.get('debit'), 'debit') ?? 0n;
  const creditMinor = parseStatementAmount(cells.get('credit'), 'credit') ?? 0n;
  const balanceMinor = parseStatementAmount(cells.get('balance'), 'balance');
  const debitMinor = debit < 0n ? -debit : debit;
  if (creditMinor < 0n) return 'the credit is negative';
  if (debitMinor === 0n && creditMinor === 0n) return 'the row has neither a debit nor a credit';
  if (debitMinor !== 0n && creditMinor !== 0n) return 'the row has both a debit and a credit';
  return { debitMinor, creditMinor, balanceMinor };
}

/** The text a fingerprint covers: every field that tells one transaction from another, normalised. */
export function fingerprintContent(line: StatementLineContent): string {
  return [
    line.date,
    (line.reference ?? '').toUpperCase(),
    line.debitMinor.toString(),
    line.creditMinor.toString(),
    line.balanceMinor === null ? '' : line.balanceMinor.toString(),
    foldDescription(line.description),
  ].join('\u001f');
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: the whole ASCII range is the point.
const ASCII = /^[\x00-\x7F]*$/;

/** foldForSearch, without its Unicode normalisation for ASCII text (bank memos mostly are): the same result. */
function foldDescription(text: string): string {
  return ASCII.test(text) ? text.toLowerCase().replace(/\s+/g, ' ').trim() : foldForSearch(text);
}

const FINGERPRINT_VERSION = 'soquy-statement-line-v1';

/** SHA-256 hex of the version, the occurrence and the content (the same digest as sha256Hex gives). */
export function lineFingerprint(content: string, occurrence: number): string {
  return sha256HexOfText(`${FINGERPRINT_VERSION}\u001f${occurrence}\u001f${content}`);
}

import { assert, DomainError } from '../errors.ts';
import {
  CSV_DELIMITER_SAMPLE_CHARS_MAX,
  CSV_DELIMITER_SAMPLE_LINES,
  STATEMENT_COLUMNS_MAX,
  STATEMENT_LINE_LENGTH_MAX,
} from './limits.ts';

/**
 * A streaming CSV reader (RFC 4180, read leniently): feed it text chunks as they arrive with `push`, get the
 * records completed so far, and call `end` once. Quoted fields may hold delimiters, doubled quotes and line
 * breaks, and may be split anywhere across chunks (even between the two quotes of a `""`, or CR and LF).
 * Lines end in CRLF, LF or a lone CR; a leading byte-order mark is dropped.
 *
 * The delimiter (`,`, `;` or tab) is found from the first lines unless given: the one that occurs most often
 * (outside quotes) on a single line wins, which is the header line's — bank exports put a few
 * one-cell lines (bank name, account, period) above it. Only those first lines are held back; after that,
 * memory holds one record at most, so large files never sit whole in memory.
 *
 * A blank line is a record with one empty field (so record numbers stay line numbers when no quoted field
 * spans lines); the statement reader skips blank records. A quote inside an unquoted field is kept as text,
 * and text right after a closing quote is appended, as spreadsheet programs do.
 */

export type CsvDelimiter = ',' | ';' | '\t';
const DELIMITERS: readonly CsvDelimiter[] = [',', ';', '\t'];

export interface CsvReaderOptions {
  /** Skip detection and use this delimiter. */
  delimiter?: CsvDelimiter;
}

export class CsvReader {
  #delimiter: CsvDelimiter | null;
  #sample = '';
  #started = false;
  #ended = false;
  #field = '';
  #record: string[] = [];
  #recordStarted = false;
  #recordLength = 0;
  #inQuotes = false;
  #quotePending = false;
  #crPending = false;
  #line = 1;

  constructor(options: CsvReaderOptions = {}) {
    this.#delimiter = options.delimiter ?? null;
  }

  /** The delimiter in use, once known. */
  get delimiter(): CsvDelimiter | null {
    return this.#delimiter;
  }

  push(chunk: string): string[][] {
    assert(!this.#ended, 'CsvReader.push after end');
    let text = chunk;
    if (!this.#started && text.length > 0) {
      this.#started = true;
      if (text.startsWith('\uFEFF')) text = text.slice(1);
    }
    if (this.#delimiter === null) {
      this.#sample += text;
      if (!isSampleComplete(this.#sample)) return [];
      this.#delimiter = detectDelimiter(this.#sample);
      text = this.#sample;
      this.#sample = '';
    }
    return this.#scan(text);
  }

  end(): string[][] {
    assert(!this.#ended, 'CsvReader.end called twice');
    const records: string[][] = [];
    if (this.#delimiter === null) {
      this.#delimiter = detectDelimiter(this.#sample);
      records.push(...this.#scan(this.#sample));
      this.#sample = '';
    }
    this.#ended = true;
    if (this.#inQuotes && !this.#quotePending) {
      throw csvError(`a quoted field is not closed by the end of the file (line ${this.#line})`);
    }
    if (this.#recordStarted) records.push(this.#finishRecord());
    return records;
  }

  #scan(text: string): string[][] {
    const records: string[][] = [];
    const special = new RegExp(`[${this.#delimiter === '\t' ? '\\t' : this.#delimiter}\r\n"]`, 'g');
    let index = 0;
    while (index < text.length) {
      if (this.#crPending) {
        this.#crPending = false;
        if (text[index] === '\n') index += 1;
        continue;
      }
      if (this.#inQuotes) {
        index = this.#scanQuoted(text, index);
        continue;
      }
      special.lastIndex = index;
      const found = special.exec(text);
      const stop = found ? found.index : text.length;
      if (stop > index) this.#append(text.slice(index, stop));
      if (!found) break;
      index = stop + 1;
      const character = text[stop];
      if (character === this.#delimiter) this.#finishField();
      else if (character !== '"') {
        records.push(this.#finishRecord());
        this.#line += 1;
        this.#crPending = character === '\r';
      } else if (this.#field === '') {
        this.#inQuotes = true;
        this.#recordStarted = true;
      } else this.#append('"');
    }
    return records;
  }

  /** Inside a quoted field: up to the next quote, which closes the field unless another follows it. */
  #scanQuoted(text: string, index: number): number {
    if (this.#quotePending) {
      this.#quotePending = false;
      if (text[index] === '"') {
        this.#append('"');
        return index + 1;
      }
      this.#inQuotes = false;
      return index;
    }
    const quote = text.indexOf('"', index);
    const stop = quote < 0 ? text.length : quote;
    if (stop > index) {
      const part = text.slice(index, stop);
      this.#append(part);
      this.#line += part.split('\n').length - 1;
    }
    if (quote < 0) return text.length;
    this.#quotePending = true;
    return quote + 1;
  }

  #append(text: string): void {
    this.#field += text;
    this.#recordStarted = true;
    this.#recordLength += text.length;
    if (this.#recordLength > STATEMENT_LINE_LENGTH_MAX) {
      throw csvError(
        `the record on line ${this.#line} is longer than ${STATEMENT_LINE_LENGTH_MAX} characters`,
      );
    }
  }

  #finishField(): void {
    this.#record.push(this.#field);
    this.#field = '';
    this.#recordStarted = true;
    if (this.#record.length >= STATEMENT_COLUMNS_MAX) {
      throw csvError(`the record on line ${this.#line} has more than ${STATEMENT_COLUMNS_MAX} fields`);
    }
  }

  #finishRecord(): string[] {
    this.#record.push(this.#field);
    const record = this.#record;
    this.#record = [];
    this.#field = '';
    this.#recordStarted = false;
    this.#recordLength = 0;
    return record;
  }
}

/** Reads a whole text at once (small files, tests); the same rules as the streaming reader. */
export function readCsv(text: string, options: CsvReaderOptions = {}): string[][] {
  const reader = new CsvReader(options);
  return [...reader.push(text), ...reader.end()];
}

function isSampleComplete(sample: string): boolean {
  if (sample.length >= CSV_DELIMITER_SAMPLE_CHARS_MAX) return true;
  let lines = 0;
  for (let index = sample.indexOf('\n'); index >= 0; index = sample.indexOf('\n', index + 1)) {
    lines += 1;
    if (lines >= CSV_DELIMITER_SAMPLE_LINES) return true;
  }
  return false;
}

/**
 * The candidate with the most occurrences outside quotes on any one of the first lines; ',' when none occurs.
 */
export function detectDelimiter(sample: string): CsvDelimiter {
  const best = new Map<CsvDelimiter, number>(DELIMITERS.map((delimiter) => [delimiter, 0]));
  let counts = new Map<CsvDelimiter, number>();
  let inQuotes = false;
  let lines = 0;
  const closeLine = (): void => {
    for (const [delimiter, count] of counts) best.set(delimiter, Math.max(best.get(delimiter)!, count));
    counts = new Map();
    lines += 1;
  };
  for (const character of sample.slice(0, CSV_DELIMITER_SAMPLE_CHARS_MAX)) {
    if (lines >= CSV_DELIMITER_SAMPLE_LINES) break;
    if (character === '"') inQuotes = !inQuotes;
    else if (!inQuotes && character === '\n') closeLine();
    else if (!inQuotes && (DELIMITERS as readonly string[]).includes(character)) {
      const delimiter = character as CsvDelimiter;
      counts.set(delimiter, (counts.get(delimiter) ?? 0) + 1);
    }
  }
  closeLine();
  let chosen: CsvDelimiter = ',';
  for (const delimiter of DELIMITERS) if (best.get(delimiter)! > best.get(chosen)!) chosen = delimiter;
  return chosen;
}

function csvError(detail: string): DomainError {
  return new DomainError('validation-failed', `The CSV file cannot be read: ${detail}.`, {
    fieldErrors: [{ field: 'file', detail }],
  });
}

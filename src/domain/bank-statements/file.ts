import { Gunzip } from 'fflate';
import { DomainError } from '../errors.ts';
import { CsvReader } from './csv.ts';
import { STATEMENT_TEXT_BYTES_MAX } from './limits.ts';
import type { StatementPreset } from './presets.ts';
import {
  type ReadStatementOptions,
  readStatementRows,
  type StatementReadResult,
  StatementRowReader,
} from './statement.ts';
import { readXlsxFirstSheet } from './xlsx.ts';

/**
 * A statement file as it arrives (an upload, a file on disk) → its lines. What the file is, is read from
 * its first bytes, never from its name: an .xlsx workbook (a ZIP), a gzip-compressed CSV (the shared
 * 2024 sao kê rows are kept so), or CSV text in UTF-8 (with or without a byte-order mark) or in UTF-16
 * with one, as Excel's "Unicode text" saves it. Text is decoded strictly: a file in a legacy code page is
 * refused with a message saying how to save it, never read as mojibake.
 */

export type StatementFileKind = 'xlsx' | 'gzip' | 'pdf' | 'text';

/** The kind of a file from its first bytes (four are enough). */
export function statementFileKind(head: Uint8Array): StatementFileKind {
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'xlsx';
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head[0] === 0x25 && head[1] === 0x50 && head[2] === 0x44 && head[3] === 0x46) return 'pdf';
  return 'text';
}

function encodingOf(head: Uint8Array): 'utf-8' | 'utf-16le' | 'utf-16be' {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}

function fileError(detail: string): DomainError {
  return new DomainError('validation-failed', `The statement file cannot be read: ${detail}.`, {
    fieldErrors: [{ field: 'file', detail }],
  });
}

const PDF_REFUSAL =
  'it is a PDF; export the statement from internet banking as Excel (.xlsx) or CSV and import that';

/**
 * CSV text arriving as bytes in chunks of any size → statement lines: decoding, the CSV reader and the
 * row reader in one, holding nothing but the lines read so far.
 */
export class StatementTextReader {
  readonly #rows: StatementRowReader;
  readonly #csv = new CsvReader();
  #decoder: TextDecoder | null = null;
  #head = new Uint8Array(0);
  #bytes = 0;

  constructor(preset: StatementPreset, options: ReadStatementOptions = {}) {
    this.#rows = new StatementRowReader(preset, options);
  }

  /** Bytes of text taken so far. */
  get bytes(): number {
    return this.#bytes;
  }

  get rowCount(): number {
    return this.#rows.rowCount;
  }

  get lineCount(): number {
    return this.#rows.lineCount;
  }

  push(chunk: Uint8Array): void {
    this.#bytes += chunk.length;
    if (this.#bytes > STATEMENT_TEXT_BYTES_MAX) {
      throw fileError(`its text is larger than ${STATEMENT_TEXT_BYTES_MAX} bytes`);
    }
    if (this.#decoder === null) {
      // The first bytes decide the encoding: wait for four of them.
      const head = new Uint8Array(this.#head.length + chunk.length);
      head.set(this.#head);
      head.set(chunk, this.#head.length);
      if (head.length < 4) {
        this.#head = head;
        return;
      }
      this.#start(head);
      this.#decode(head, true);
      return;
    }
    this.#decode(chunk, true);
  }

  end(): StatementReadResult {
    if (this.#decoder === null) {
      this.#start(this.#head);
      this.#decode(this.#head, false);
    } else this.#decode(new Uint8Array(0), false);
    for (const row of this.#csv.end()) this.#rows.push(row);
    return this.#rows.end();
  }

  #start(head: Uint8Array): void {
    if (statementFileKind(head) === 'pdf') throw fileError(PDF_REFUSAL);
    const encoding = encodingOf(head);
    try {
      this.#decoder = new TextDecoder(encoding, { fatal: true });
    } catch {
      // A runtime without that decoder (UTF-16 is optional on some): say so rather than fail.
      throw fileError(
        `it is ${encoding.toUpperCase()} text, which cannot be read here; save it as "CSV UTF-8"`,
      );
    }
  }

  #decode(bytes: Uint8Array, stream: boolean): void {
    let text: string;
    try {
      text = this.#decoder!.decode(bytes, { stream });
    } catch {
      throw fileError('it is not UTF-8 text (in Excel, save it as "CSV UTF-8"), nor an .xlsx workbook');
    }
    for (const row of this.#csv.push(text)) this.#rows.push(row);
  }
}

/** A whole statement file (an upload) → its lines: .xlsx, gzip-compressed CSV, or CSV text. */
export function readStatementFile(
  bytes: Uint8Array,
  preset: StatementPreset,
  options: ReadStatementOptions = {},
): StatementReadResult {
  if (bytes.length === 0) throw fileError('it is empty');
  const kind = statementFileKind(bytes);
  if (kind === 'xlsx') return readStatementRows(readXlsxFirstSheet(bytes), preset, options);
  const reader = new StatementTextReader(preset, options);
  if (kind === 'gzip') gunzipInto(bytes, reader);
  else reader.push(bytes);
  return reader.end();
}

/** Inflates a gzip file into the reader slice by slice: its text limit stops a gzip bomb early. */
function gunzipInto(bytes: Uint8Array, reader: StatementTextReader): void {
  const gunzip = new Gunzip((chunk) => reader.push(chunk));
  const slice = 16_384;
  try {
    for (let offset = 0; offset < bytes.length; offset += slice) {
      gunzip.push(bytes.subarray(offset, offset + slice), offset + slice >= bytes.length);
    }
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw fileError('it looks gzip-compressed but does not inflate');
  }
}

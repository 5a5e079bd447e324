import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { createGunzip } from 'node:zlib';
import type { Client } from '@libsql/client';
import {
  importStatement,
  STATEMENT_FORMATS,
  type StatementFormat,
  type StatementImportView,
} from '../capabilities/bank-statements.ts';
import { systemContext } from '../capabilities/context.ts';
import { SqlStatementStore } from '../db/statement-store.ts';
import { StatementTextReader, statementFileKind } from '../domain/bank-statements/file.ts';
import { XLSX_BYTES_MAX } from '../domain/bank-statements/limits.ts';
import {
  type CustomMapping,
  customPreset,
  presetById,
  SAOKE_DEFAULT_YEAR,
  type StatementPreset,
} from '../domain/bank-statements/presets.ts';
import {
  type ReadStatementOptions,
  readStatementRows,
  type StatementReadResult,
} from '../domain/bank-statements/statement.ts';
import { readXlsxFirstSheet } from '../domain/bank-statements/xlsx.ts';
import { DomainError } from '../domain/errors.ts';
import { customMapping, statementYear } from '../http/statement-schemas.ts';

export const IMPORT_STATEMENT_USAGE = `soquy import statement FILE --account ACCOUNT_ID
                    --format vcb|vietinbank|bidv|agribank|techcombank|mb|generic-vn|saoke|custom
                    [--year YYYY] [--mapping MAPPING.json] [--json]
                    imports a bank statement (CSV, .xlsx, or gzip-compressed CSV) into a fund's
                    bank account and matches its lines with the gifts, payments and transfers
                    recorded there. Lines already imported (the same file again, an overlapping
                    period) are skipped. saoke reads the community-parsed 2024 sao kê rows (dates
                    in ${SAOKE_DEFAULT_YEAR} unless --year); custom takes a column mapping (JSON). The file is
                    streamed; a file with a row that cannot be read is refused whole`;

export interface ImportStatementOptions {
  file: string;
  accountId: string;
  format: StatementFormat;
  year?: number;
  mapping?: CustomMapping;
  nowMs?: () => number;
  onProgress?: (progress: ReadProgress) => void;
}

export interface ReadProgress {
  phase: 'reading' | 'matching';
  rows: number;
  lines: number;
  /** Bytes of the file read so far, and its size. */
  bytes: number;
  fileBytes: number;
  elapsedMs: number;
}

const PROGRESS_EVERY_MS = 250;

function presetOf(options: ImportStatementOptions): StatementPreset {
  if (options.format === 'custom') return customPreset(options.mapping!);
  return presetById(options.format)!;
}

async function fileHead(path: string): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const head = new Uint8Array(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * Reads a statement file from disk: an .xlsx whole (within XLSX_BYTES_MAX), anything else streamed —
 * ungzipped on the way when it is gzip-compressed — into the statement reader, so only the lines stay in
 * memory. The SHA-256 is of the file as stored.
 */
export async function readStatementPath(
  path: string,
  preset: StatementPreset,
  options: ReadStatementOptions,
  onProgress?: (progress: ReadProgress) => void,
): Promise<{ read: StatementReadResult; sha256: string }> {
  const fileBytes = statSync(path).size;
  const kind = statementFileKind(await fileHead(path));
  if (kind === 'xlsx') {
    if (fileBytes > XLSX_BYTES_MAX) {
      throw new DomainError('validation-failed', `The spreadsheet is larger than ${XLSX_BYTES_MAX} bytes.`, {
        fieldErrors: [{ field: 'file', detail: `larger than ${XLSX_BYTES_MAX} bytes` }],
      });
    }
    const bytes = readFileSync(path);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    return { read: readStatementRows(readXlsxFirstSheet(bytes), preset, options), sha256 };
  }
  const started = performance.now();
  const hash = createHash('sha256');
  const reader = new StatementTextReader(preset, options);
  const raw = createReadStream(path);
  let bytes = 0;
  raw.on('data', (chunk) => {
    hash.update(chunk);
    bytes += chunk.length;
  });
  const text = kind === 'gzip' ? raw.pipe(createGunzip()) : raw;
  let reported = 0;
  try {
    for await (const chunk of text) {
      reader.push(chunk as Uint8Array);
      const elapsedMs = performance.now() - started;
      if (onProgress && elapsedMs - reported >= PROGRESS_EVERY_MS) {
        reported = elapsedMs;
        onProgress({
          phase: 'reading',
          rows: reader.rowCount,
          lines: reader.lineCount,
          bytes,
          fileBytes,
          elapsedMs,
        });
      }
    }
  } catch (error) {
    if (error instanceof DomainError) throw error;
    const detail = kind === 'gzip' ? 'it looks gzip-compressed but does not inflate' : String(error);
    throw new DomainError('validation-failed', `The statement file cannot be read: ${detail}.`, {
      fieldErrors: [{ field: 'file', detail }],
    });
  } finally {
    raw.destroy();
  }
  const read = reader.end();
  const elapsedMs = performance.now() - started;
  onProgress?.({
    phase: 'matching',
    rows: reader.rowCount,
    lines: read.lines.length,
    bytes,
    fileBytes,
    elapsedMs,
  });
  return { read, sha256: hash.digest('hex') };
}

/** Reads the file and imports it as the system (like `soquy import donations`). Prints nothing. */
export async function importStatementFile(
  client: Client,
  options: ImportStatementOptions,
): Promise<StatementImportView> {
  const preset = presetOf(options);
  const readOptions = options.year === undefined ? {} : { defaultYear: options.year };
  const { read, sha256 } = await readStatementPath(options.file, preset, readOptions, options.onProgress);
  const store = new SqlStatementStore(client);
  const outcome = await importStatement(
    { store, nowMs: options.nowMs ?? Date.now },
    systemContext('statements.import'),
    {
      accountId: options.accountId,
      format: options.format,
      fileName: options.file.replace(/^.*[/\\]/, ''),
      fileSha256: sha256,
      read,
    },
  );
  return outcome.value as StatementImportView;
}

// — the command —

function usage(problem: string): number {
  console.error(`soquy import statement: ${problem}`);
  console.error(`usage: ${IMPORT_STATEMENT_USAGE}`);
  return 2;
}

function thousands(value: number): string {
  return value.toLocaleString('en-US').replaceAll(',', '.');
}

function progressLine({ phase, rows, lines, bytes, fileBytes, elapsedMs }: ReadProgress): string {
  const perSecond = Math.round(rows / Math.max(elapsedMs / 1_000, 0.001));
  if (phase === 'matching') return `\rmatching and recording ${thousands(lines)} lines…                    `;
  const share = fileBytes > 0 ? ` ${Math.min(100, Math.floor((100 * bytes) / fileBytes))}%` : '';
  return `\rreading${share}: ${thousands(rows)} rows, ${thousands(lines)} lines (${thousands(perSecond)} rows/s)   `;
}

/** `soquy import statement …` as the server itself (system actor). Exit 0 done, 1 refused, 2 misused. */
export async function importStatementCommand(client: Client, args: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseStatementArgs>;
  try {
    parsed = parseStatementArgs(args);
  } catch (error) {
    return usage(error instanceof Error ? error.message : String(error));
  }
  if (typeof parsed === 'string') return usage(parsed);
  const { options, json } = parsed;
  const tty = process.stderr.isTTY === true;
  let imported: StatementImportView;
  try {
    imported = await importStatementFile(client, {
      ...options,
      ...(tty ? { onProgress: (progress) => process.stderr.write(progressLine(progress)) } : {}),
    });
  } catch (error) {
    if (tty) process.stderr.write('\n');
    if (!(error instanceof DomainError)) throw error;
    console.error(`soquy import statement: ${error.message}`);
    const problems = (error.extra.problems ?? []) as { row: number; detail: string }[];
    for (const problem of problems) console.error(`row ${problem.row}: ${problem.detail}`);
    return 1;
  }
  if (tty) process.stderr.write('\n');
  const { read, duplicates, matched, suggested, unmatched } = imported;
  if (!json) {
    console.log(
      `Imported ${options.file} into account ${options.accountId}: ${thousands(read)} lines read, ${thousands(imported.new)} new, ${thousands(duplicates)} already imported.`,
    );
    console.log(
      `New lines: ${thousands(matched)} matched, ${thousands(suggested)} suggested (to confirm), ${thousands(unmatched)} unmatched.`,
    );
  } else {
    console.log(JSON.stringify({ read, new: imported.new, duplicates, matched, suggested, unmatched }));
  }
  return 0;
}

function parseStatementArgs(args: string[]): { options: ImportStatementOptions; json: boolean } | string {
  const { values, positionals } = parseArgs({
    args,
    options: {
      account: { type: 'string' },
      format: { type: 'string' },
      year: { type: 'string' },
      mapping: { type: 'string' },
      json: { type: 'boolean' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) return 'give exactly one FILE';
  const file = positionals[0]!;
  if (!values.account) return '--account is required';
  if (!values.format) return '--format is required';
  if (!(STATEMENT_FORMATS as readonly string[]).includes(values.format))
    return `--format must be one of ${STATEMENT_FORMATS.join(', ')}`;
  const year = values.year === undefined ? undefined : statementYear.safeParse(Number(values.year));
  if (year !== undefined && (!year.success || !/^\d{4}$/.test(values.year!)))
    return '--year must be a year such as 2024';
  if ((values.format === 'custom') !== (values.mapping !== undefined))
    return '--mapping is given with --format custom, and only then';
  if (!existsSync(file)) return `no file ${file}`;
  const options: ImportStatementOptions = {
    file,
    accountId: values.account,
    format: values.format as StatementFormat,
    ...(year?.success ? { year: year.data } : {}),
  };
  if (values.mapping !== undefined) {
    if (!existsSync(values.mapping)) return `no file ${values.mapping}`;
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(values.mapping, 'utf8'));
    } catch {
      return `${values.mapping} is not JSON`;
    }
    const mapping = customMapping.safeParse(json);
    if (!mapping.success) {
      const issue = mapping.error.issues[0]!;
      return `--mapping ${issue.path.join('.') || 'file'}: ${issue.message}`;
    }
    options.mapping = mapping.data as CustomMapping;
  }
  return { options, json: values.json === true };
}

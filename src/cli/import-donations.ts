import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { Client } from '@libsql/client';
import { systemContext } from '../capabilities/context.ts';
import { recordDonationBatch } from '../capabilities/donation-batch.ts';
import type { RecordDonationInput } from '../capabilities/donations.ts';
import { ProjectStore } from '../db/project-store.ts';
import { DISCLOSURES, type Disclosure, foldForSearch } from '../domain/donations.ts';
import { BATCH_ERRORS_REPORTED_MAX, DONATIONS_PER_BATCH_MAX } from '../domain/limits.ts';
import { recordDonationBody } from '../http/schemas.ts';

export const IMPORT_DONATIONS_USAGE = `soquy import donations FILE.csv --fund FUND_ID [--campaign ID]
                    [--received-on YYYY-MM-DD] [--channel payroll|bank_transfer|cash|other]
                    [--disclosure public|anonymous|on_request] [--json]
                    records a list of gifts from a CSV file (UTF-8, comma or semicolon separated;
                    columns Họ và tên, Số tiền, Ngày, and optionally Loại, Đơn vị, Ghi chú,
                    Số tham chiếu, Công khai). The whole file is checked first; any bad row
                    is reported and nothing is recorded. A clean file is then recorded in
                    chunks of ${DONATIONS_PER_BATCH_MAX.toLocaleString('en-US')} rows, each atomic: should a later chunk fail
                    (only a concurrent writer can cause it) the earlier ones stay recorded,
                    the command says which rows were, and re-running with the remaining rows
                    is safe because a bank reference already recorded is refused`;

export const IMPORT_CHANNELS = ['payroll', 'bank_transfer', 'cash', 'other'] as const;
export type ImportChannel = (typeof IMPORT_CHANNELS)[number];

/** A physical record longer than this (an unclosed quotation mark swallowing the file) stops the import. */
const RECORD_LENGTH_MAX = 64 * 1024;
const PROGRESS_EVERY_ROWS = 1_000;

type Column = 'name' | 'amount' | 'date' | 'organisation' | 'kind' | 'memo' | 'bankRef' | 'disclosure';

/** Header names, folded (no accents, lower case, punctuation and "(…)" dropped), by column. */
const HEADER_ALIASES: Record<Column, readonly string[]> = {
  name: ['ho va ten', 'ho ten', 'ten', 'name'],
  amount: ['so tien', 'amount'],
  date: ['ngay', 'ngay nop', 'date'],
  organisation: ['don vi', 'organisation', 'organization'],
  kind: ['loai', 'kind'],
  memo: ['ghi chu', 'memo'],
  bankRef: ['so tham chieu', 'bank ref', 'bankref'],
  disclosure: ['cong khai', 'disclosure'],
};
const COLUMN_OF = new Map<string, Column>(
  Object.entries(HEADER_ALIASES).flatMap(([column, aliases]) =>
    aliases.map((alias) => [alias, column as Column] as const),
  ),
);

const ORGANISATION_WORDS = new Set(['to chuc', 'organisation', 'organization', 'doanh nghiep', 'co quan']);
const INDIVIDUAL_WORDS = new Set(['', 'ca nhan', 'individual']);
const DISCLOSURE_WORDS = new Map<string, Disclosure>([
  ['public', 'public'],
  ['co', 'public'],
  ['yes', 'public'],
  ['cong khai', 'public'],
  ['x', 'public'],
  ['anonymous', 'anonymous'],
  ['khong', 'anonymous'],
  ['no', 'anonymous'],
  ['an danh', 'anonymous'],
  ['on request', 'on_request'],
  ['theo yeu cau', 'on_request'],
]);

/** recordDonationBody, with the donor always a new named donor (so errors name donor.name, not a union). */
const rowSchema = recordDonationBody.extend({ donor: recordDonationBody.shape.donor.options[1] });

function fold(text: string): string {
  return foldForSearch(text)
    .replace(/\([^)]*\)/g, ' ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

// — CSV —

interface CsvRecord {
  fields: string[];
  /** Line of the file where the record starts (the header is line 1). */
  line: number;
  problem: string | null;
}

class FileProblem extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

function detectDelimiter(header: string): ';' | ',' {
  const count = (character: string) => header.split(character).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

function quotesIn(text: string): number {
  let count = 0;
  for (let index = text.indexOf('"'); index >= 0; index = text.indexOf('"', index + 1)) count += 1;
  return count;
}

/** One record's fields; quoted fields may hold the delimiter, line breaks and "" for a quotation mark. */
function splitRecord(text: string, delimiter: string): { fields: string[]; problem: string | null } {
  const fields: string[] = [];
  let index = 0;
  for (;;) {
    if (text[index] === '"') {
      let value = '';
      index += 1;
      for (;;) {
        const close = text.indexOf('"', index);
        if (close < 0) return { fields, problem: 'a quoted field is not closed' };
        value += text.slice(index, close);
        if (text[close + 1] === '"') {
          value += '"';
          index = close + 2;
          continue;
        }
        index = close + 1;
        break;
      }
      while (text[index] === ' ') index += 1;
      if (index < text.length && text[index] !== delimiter)
        return { fields, problem: 'text after a closing quotation mark' };
      fields.push(value);
    } else {
      const next = text.indexOf(delimiter, index);
      const end = next < 0 ? text.length : next;
      fields.push(text.slice(index, end));
      index = end;
    }
    if (index >= text.length) return { fields, problem: null };
    index += 1;
  }
}

/** Streams the file's records, line by line: never the whole file in memory. */
async function* csvRecords(path: string): AsyncGenerator<CsvRecord> {
  const input = createReadStream(path, { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let lineNo = 0;
  let delimiter: ';' | ',' | null = null;
  let pending: string | null = null;
  let pendingLine = 0;
  let quotes = 0;
  try {
    for await (const raw of lines) {
      lineNo += 1;
      const text = lineNo === 1 && raw.startsWith('\uFEFF') ? raw.slice(1) : raw;
      delimiter ??= detectDelimiter(text);
      if (pending === null) {
        pending = text;
        pendingLine = lineNo;
        quotes = quotesIn(text);
      } else {
        pending += `\n${text}`;
        quotes += quotesIn(text);
      }
      if (quotes % 2 === 1) {
        if (pending.length > RECORD_LENGTH_MAX)
          throw new FileProblem('a quoted field is never closed', pendingLine);
        continue;
      }
      const record = pending;
      pending = null;
      const { fields, problem } = splitRecord(record, delimiter);
      yield {
        fields,
        line: pendingLine,
        problem:
          problem ?? (record.includes('\uFFFD') ? 'not valid UTF-8 (save the list as "CSV UTF-8")' : null),
      };
    }
    if (pending !== null) throw new FileProblem('a quoted field is never closed', pendingLine);
  } finally {
    lines.close();
    input.destroy();
  }
}

// — rows —

interface Columns {
  index: Map<Column, number>;
  /** Each column's header as the file writes it, to name it in errors. */
  label: Map<Column, string>;
  width: number;
  ignored: string[];
}

function readHeader(fields: string[], options: ImportDonationsOptions): Columns | string[] {
  const columns: Columns = { index: new Map(), label: new Map(), width: fields.length, ignored: [] };
  const problems: string[] = [];
  for (const [index, header] of fields.entries()) {
    const column = COLUMN_OF.get(fold(header));
    if (!column) {
      if (header.trim()) columns.ignored.push(header.trim());
      continue;
    }
    if (columns.index.has(column)) {
      problems.push(`header (line 1), ${header.trim()}: same column as ${columns.label.get(column)}`);
      continue;
    }
    columns.index.set(column, index);
    columns.label.set(column, header.trim());
  }
  if (!columns.index.has('name')) problems.push('header (line 1): no name column ("Họ và tên")');
  if (!columns.index.has('amount')) problems.push('header (line 1): no amount column ("Số tiền")');
  if (!columns.index.has('date') && !options.receivedOn)
    problems.push('header (line 1): no date column ("Ngày"), and no --received-on');
  return problems.length > 0 ? problems : columns;
}

/** "1.000.000", "1,000,000" or "1000000" (with an optional đ / ₫ / VND): VND has no decimals. */
export function amountDigits(text: string): string | null {
  const compact = text
    .replace(/[\s\u00A0]/g, '')
    .replace(/(₫|đ|vnđ|vnd)$/i, '')
    .trim();
  if (/^\d+$/.test(compact)) return compact;
  if (/^\d{1,3}(\.\d{3})+$/.test(compact)) return compact.replaceAll('.', '');
  if (/^\d{1,3}(,\d{3})+$/.test(compact)) return compact.replaceAll(',', '');
  return null;
}

/** YYYY-MM-DD, or dd/mm/yyyy (also with . or -) as Vietnamese lists write it. */
export function isoDateOf(text: string): string | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return text;
  const match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  if (!match) return null;
  return `${match[3]}-${match[2]!.padStart(2, '0')}-${match[1]!.padStart(2, '0')}`;
}

type FieldProblem = { field: string; detail: string };

function rowInput(
  fields: string[],
  columns: Columns,
  options: ImportDonationsOptions,
): { input: RecordDonationInput | null; problems: FieldProblem[] } {
  const cell = (column: Column) => {
    const index = columns.index.get(column);
    return index === undefined ? '' : (fields[index] ?? '').trim();
  };
  const label = (column: Column) => columns.label.get(column) ?? column;
  const problems: FieldProblem[] = [];
  if (fields.length > columns.width && fields.slice(columns.width).some((field) => field.trim()))
    problems.push({ field: 'row', detail: `has ${fields.length} fields, the header ${columns.width}` });

  const amountText = cell('amount');
  const amount = amountDigits(amountText);
  if (amount === null)
    problems.push({
      field: label('amount'),
      detail: amountText
        ? `"${amountText}" must be a whole number of đồng such as 1.000.000 or 1000000 (VND has no decimals)`
        : 'must not be empty',
    });
  const dateText = cell('date');
  const receivedOn = dateText ? isoDateOf(dateText) : (options.receivedOn ?? null);
  if (receivedOn === null)
    problems.push({
      field: label('date'),
      detail: dateText
        ? `"${dateText}" must be a date written dd/mm/yyyy or YYYY-MM-DD`
        : 'must not be empty',
    });
  const kindText = fold(cell('kind'));
  const kind = ORGANISATION_WORDS.has(kindText)
    ? 'organisation'
    : INDIVIDUAL_WORDS.has(kindText)
      ? 'individual'
      : null;
  if (kind === null)
    problems.push({ field: label('kind'), detail: `"${cell('kind')}" must be cá nhân or tổ chức` });
  const disclosureText = fold(cell('disclosure')).replaceAll('_', ' ');
  const disclosure = disclosureText
    ? DISCLOSURE_WORDS.get(disclosureText)
    : (options.disclosure ?? DEFAULT_DISCLOSURE);
  if (!disclosure)
    problems.push({
      field: label('disclosure'),
      detail: `"${cell('disclosure')}" must be có (public), không (anonymous) or theo yêu cầu (on_request)`,
    });
  if (problems.length > 0) return { input: null, problems };

  const organisation = cell('organisation');
  const name = cell('name') || (kind === 'organisation' ? organisation : '');
  // An individual's unit (a payroll list's "Đơn vị") is kept in the memo.
  const memo = [cell('memo'), kind === 'individual' && organisation ? `Đơn vị: ${organisation}` : '']
    .filter(Boolean)
    .join('; ');
  const parsed = rowSchema.safeParse({
    fundId: options.fundId,
    campaignId: options.campaignId ?? null,
    amount,
    currency: 'VND',
    receivedOn,
    channel: options.channel ?? DEFAULT_CHANNEL,
    donor: { kind, name },
    disclosure,
    bankRef: cell('bankRef') || null,
    memo: memo || null,
  });
  if (parsed.success) return { input: parsed.data, problems };
  const fieldLabel: Record<string, string> = {
    fundId: '--fund',
    campaignId: '--campaign',
    channel: '--channel',
    amount: label('amount'),
    receivedOn: columns.index.has('date') ? label('date') : '--received-on',
    'donor.name': label('name'),
    'donor.kind': label('kind'),
    disclosure: label('disclosure'),
    bankRef: label('bankRef'),
    memo: label('memo'),
  };
  for (const issue of parsed.error.issues) {
    const path = issue.path.map(String).join('.');
    const detail =
      path === 'receivedOn' && dateText && dateText !== receivedOn
        ? `"${dateText}" is not a valid date (${issue.message})`
        : issue.message;
    problems.push({ field: fieldLabel[path] ?? path, detail });
  }
  return { input: null, problems };
}

// — the import —

export const DEFAULT_CHANNEL: ImportChannel = 'bank_transfer';
/** Nobody is named on public pages unless the list says so. */
export const DEFAULT_DISCLOSURE: Disclosure = 'on_request';

export interface ImportDonationsOptions {
  file: string;
  fundId: string;
  campaignId?: string | null;
  /** The date of rows whose date is empty (or of every row, when the file has no date column). */
  receivedOn?: string | null;
  channel?: ImportChannel;
  disclosure?: Disclosure;
  /** Rows per recordDonationBatch call (at most DONATIONS_PER_BATCH_MAX). */
  chunkRows?: number;
  nowMs?: () => number;
  onProgress?: (progress: { phase: 'checking' | 'recording'; rows: number; elapsedMs: number }) => void;
}

export interface ImportDonationsResult {
  /** Data rows read (blank lines not counted). */
  read: number;
  recorded: number;
  /** Every problem found; `errors` holds the first BATCH_ERRORS_REPORTED_MAX of them. */
  errorCount: number;
  errors: string[];
  rowsInError: number;
  ignoredColumns: string[];
  totalAmount: bigint;
  /** Set when a chunk could not be recorded after the file was checked (rows 1–recorded stay recorded). */
  failure: string | null;
}

class Problems {
  readonly shown: string[] = [];
  count = 0;
  rows = 0;
  private lastRow = -1;

  add(row: number | null, line: number, field: string, detail: string): void {
    this.count += 1;
    if (row !== null && row !== this.lastRow) {
      this.rows += 1;
      this.lastRow = row;
    }
    if (this.shown.length < BATCH_ERRORS_REPORTED_MAX)
      this.shown.push(`${row === null ? 'file' : `row ${row}`} (line ${line}), ${field}: ${detail}`);
  }
}

/** Data rows with their numbers (1 = the first row under the header); blank rows are skipped. */
async function* dataRows(
  path: string,
  options: ImportDonationsOptions,
): AsyncGenerator<{ row: number; record: CsvRecord } | { columns: Columns } | { header: string[] }> {
  let row = 0;
  let header = true;
  for await (const record of csvRecords(path)) {
    if (header) {
      header = false;
      const columns = readHeader(record.fields, options);
      yield Array.isArray(columns) ? { header: columns } : { columns };
      if (Array.isArray(columns)) return;
      continue;
    }
    if (!record.problem && record.fields.every((field) => field.trim() === '')) continue;
    row += 1;
    yield { row, record };
  }
}

/**
 * Imports a CSV list of gifts into one fund, all or nothing: a first pass streams and checks every row
 * (mapping, the API's own schema, duplicates within the file and bank references already recorded,
 * the campaign's window); only a clean file is recorded, by a second pass in chunks of
 * DONATIONS_PER_BATCH_MAX through recordDonationBatch as the system. Prints nothing.
 */
export async function importDonations(
  client: Client,
  options: ImportDonationsOptions,
): Promise<ImportDonationsResult> {
  const store = new ProjectStore(client);
  const nowMs = options.nowMs ?? Date.now;
  const chunkRows = Math.min(options.chunkRows ?? DONATIONS_PER_BATCH_MAX, DONATIONS_PER_BATCH_MAX);
  const problems = new Problems();
  const result = (read: number, recorded: number, totalAmount: bigint, failure: string | null) => ({
    read,
    recorded,
    errorCount: problems.count,
    errors: problems.shown,
    rowsInError: problems.rows,
    ignoredColumns,
    totalAmount,
    failure,
  });
  let ignoredColumns: string[] = [];

  const fund = await store.getFund(options.fundId);
  if (!fund) problems.add(null, 0, '--fund', `there is no fund ${options.fundId}`);
  else if (fund.status !== 'active') problems.add(null, 0, '--fund', `fund ${fund.name} is closed`);
  const campaign = options.campaignId ? await store.getCampaign(options.campaignId) : null;
  if (options.campaignId && (!campaign || campaign.fundId !== options.fundId))
    problems.add(null, 0, '--campaign', `fund ${options.fundId} has no campaign ${options.campaignId}`);
  if (problems.count > 0) return result(0, 0, 0n, null);

  // — pass 1: check everything —
  const started = performance.now();
  const progress = (phase: 'checking' | 'recording', rows: number) =>
    options.onProgress?.({ phase, rows, elapsedMs: performance.now() - started });
  const seenRefs = new Map<string, number>();
  const seenRows = new Map<string, number>();
  let pendingRefs: { ref: string; row: number; line: number }[] = [];
  const bankRefColumn = () => columns?.label.get('bankRef') ?? 'bankRef';
  const checkRecordedRefs = async () => {
    if (pendingRefs.length === 0) return;
    const found = await store.existingBankRefs(
      options.fundId,
      pendingRefs.map((pending) => pending.ref),
    );
    for (const pending of pendingRefs)
      if (found.has(pending.ref))
        problems.add(
          pending.row,
          pending.line,
          bankRefColumn(),
          `duplicate: bank reference ${pending.ref} is already recorded in this fund`,
        );
    pendingRefs = [];
  };
  let columns: Columns | null = null;
  let read = 0;
  let totalAmount = 0n;
  try {
    for await (const item of dataRows(options.file, options)) {
      if ('header' in item) {
        for (const problem of item.header) problems.add(null, 1, 'header', problem);
        return result(0, 0, 0n, null);
      }
      if ('columns' in item) {
        columns = item.columns;
        ignoredColumns = columns.ignored;
        continue;
      }
      const { row, record } = item;
      read = row;
      if (row % PROGRESS_EVERY_ROWS === 0) progress('checking', row);
      if (record.problem) {
        problems.add(row, record.line, 'row', record.problem);
        continue;
      }
      const { input, problems: rowProblems } = rowInput(record.fields, columns!, options);
      for (const problem of rowProblems) problems.add(row, record.line, problem.field, problem.detail);
      if (!input) continue;
      if (campaign && (input.receivedOn < campaign.receivingFrom || input.receivedOn > campaign.receivingTo))
        problems.add(
          row,
          record.line,
          columns!.label.get('date') ?? '--received-on',
          `must be within ${campaign.receivingFrom} – ${campaign.receivingTo} (campaign ${campaign.name})`,
        );
      if (input.bankRef) {
        const earlier = seenRefs.get(input.bankRef);
        if (earlier !== undefined)
          problems.add(row, record.line, bankRefColumn(), `duplicate: same bank reference as row ${earlier}`);
        else seenRefs.set(input.bankRef, row);
        pendingRefs.push({ ref: input.bankRef, row, line: record.line });
        if (pendingRefs.length >= 500) await checkRecordedRefs();
      }
      const donor = input.donor as { name: string };
      const key = `${foldForSearch(donor.name)}|${input.amount}|${input.receivedOn}|${input.bankRef ?? ''}`;
      const earlierRow = seenRows.get(key);
      if (earlierRow !== undefined)
        problems.add(
          row,
          record.line,
          columns!.label.get('name') ?? 'name',
          `duplicate: same donor, amount and date as row ${earlierRow}`,
        );
      else seenRows.set(key, row);
      totalAmount += input.amount ?? 0n;
    }
    await checkRecordedRefs();
  } catch (error) {
    if (!(error instanceof FileProblem)) throw error;
    problems.add(null, error.line, 'file', error.message);
  }
  if (!columns) problems.add(null, 1, 'header', 'the file is empty');
  else if (read === 0 && problems.count === 0) problems.add(null, 2, 'file', 'no rows under the header');
  if (problems.count > 0 || !columns) return result(read, 0, totalAmount, null);
  progress('checking', read);

  // — pass 2: record, chunk by chunk —
  const deps = { store, nowMs };
  let recorded = 0;
  let chunk: RecordDonationInput[] = [];
  let chunkFirst = 1;
  const flush = async (): Promise<string | null> => {
    if (chunk.length === 0) return null;
    const last = chunkFirst + chunk.length - 1;
    try {
      await recordDonationBatch(deps, systemContext('donations.import'), chunk);
    } catch (error) {
      const fieldErrors = (error as { fieldErrors?: { index?: number; field: string; detail: string }[] })
        .fieldErrors;
      for (const field of fieldErrors ?? [])
        problems.add(chunkFirst + (field.index ?? 0), 0, field.field, field.detail);
      return `rows ${chunkFirst}–${last} could not be recorded: ${error instanceof Error ? error.message : String(error)}`;
    }
    recorded += chunk.length;
    progress('recording', recorded);
    chunk = [];
    chunkFirst = last + 1;
    return null;
  };
  for await (const item of dataRows(options.file, options)) {
    if (!('row' in item)) continue;
    const mapped = item.record.problem ? null : rowInput(item.record.fields, columns, options).input;
    if (!mapped)
      return result(read, recorded, totalAmount, `the file changed after it was checked (row ${item.row})`);
    chunk.push(mapped);
    if (chunk.length === chunkRows) {
      const failure = await flush();
      if (failure) return result(read, recorded, totalAmount, failure);
    }
  }
  const failure = await flush();
  return result(read, recorded, totalAmount, failure);
}

// — the command —

function usage(problem: string): number {
  console.error(`soquy import donations: ${problem}`);
  console.error(`usage: ${IMPORT_DONATIONS_USAGE}`);
  return 2;
}

function thousands(value: number | bigint): string {
  return value.toLocaleString('en-US').replaceAll(',', '.');
}

/** `soquy import donations …` as the server itself (system actor), like `soquy user create`. */
export async function importDonationsCommand(client: Client, args: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseImportArgs>;
  try {
    parsed = parseImportArgs(args);
  } catch (error) {
    return usage(error instanceof Error ? error.message : String(error));
  }
  if (typeof parsed === 'string') return usage(parsed);
  const { options, json } = parsed;
  const tty = process.stderr.isTTY === true;
  const result = await importDonations(client, {
    ...options,
    onProgress: tty
      ? ({ phase, rows, elapsedMs }) =>
          process.stderr.write(
            `\r${phase} ${thousands(rows)} rows (${thousands(Math.round(rows / Math.max(elapsedMs / 1_000, 0.001)))} rows/s)   `,
          )
      : undefined,
  });
  if (tty) process.stderr.write('\n');
  if (result.ignoredColumns.length > 0)
    console.error(`soquy import donations: ignored columns: ${result.ignoredColumns.join(', ')}`);
  for (const error of result.errors) console.error(error);
  if (result.errorCount > result.errors.length)
    console.error(`… and ${thousands(result.errorCount - result.errors.length)} more errors`);
  const outcome = { read: result.read, recorded: result.recorded, errors: result.errorCount };
  if (result.failure) {
    console.error(`soquy import donations: ${result.failure}`);
    console.error(
      result.recorded > 0
        ? `Rows 1–${result.recorded} were recorded; rows ${result.recorded + 1}–${result.read} were not. Re-run with the remaining rows only (bank references already recorded are refused).`
        : 'Nothing was recorded.',
    );
  } else if (result.errorCount > 0) {
    console.error(
      `${thousands(result.rowsInError)} of ${thousands(result.read)} rows cannot be recorded (${thousands(result.errorCount)} errors); nothing was recorded.`,
    );
  } else if (!json) {
    console.log(
      `Recorded ${thousands(result.recorded)} donations (${thousands(result.totalAmount)} ₫) from ${options.file} into fund ${options.fundId}.`,
    );
  }
  if (json) console.log(JSON.stringify(outcome));
  return result.failure || result.errorCount > 0 ? 1 : 0;
}

function parseImportArgs(args: string[]): { options: ImportDonationsOptions; json: boolean } | string {
  const { values, positionals } = parseArgs({
    args,
    options: {
      fund: { type: 'string' },
      campaign: { type: 'string' },
      'received-on': { type: 'string' },
      channel: { type: 'string' },
      disclosure: { type: 'string' },
      json: { type: 'boolean' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) return 'give exactly one FILE.csv';
  const file = positionals[0]!;
  if (!values.fund) return '--fund is required';
  if (values.channel !== undefined && !(IMPORT_CHANNELS as readonly string[]).includes(values.channel))
    return `--channel must be one of ${IMPORT_CHANNELS.join(', ')}`;
  if (values.disclosure !== undefined && !(DISCLOSURES as readonly string[]).includes(values.disclosure))
    return `--disclosure must be one of ${DISCLOSURES.join(', ')}`;
  const receivedOn = values['received-on'];
  if (receivedOn !== undefined && !rowSchema.shape.receivedOn.safeParse(receivedOn).success)
    return '--received-on must be a date written YYYY-MM-DD';
  if (!existsSync(file)) return `no file ${file}`;
  return {
    options: {
      file,
      fundId: values.fund,
      campaignId: values.campaign ?? null,
      receivedOn: receivedOn ?? null,
      channel: (values.channel as ImportChannel | undefined) ?? DEFAULT_CHANNEL,
      disclosure: (values.disclosure as Disclosure | undefined) ?? DEFAULT_DISCLOSURE,
    },
    json: values.json === true,
  };
}

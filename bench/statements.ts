/**
 * (6) Bank statements: `soquy import statement --format saoke` of the community-parsed 2024 sao kê rows
 * (../shared/data/saoke-2024: four gzip-compressed files, ~59,000 real relief transfers) into a fresh
 * file database, in-process through importStatementFile — reading and ungzipping the file, fingerprints,
 * the duplicate check, matching and the one-batch insert, all timed. Each file goes into the bank account
 * of a fund of its own (two of the BIDV files overlap on 10–12/9, printed differently: they are two
 * statements, not one). Before the timed imports, gifts are recorded for a quarter of the rows (every
 * fourth line, dated 0–1 day after the bank, with the donor's name as the memo gives it, and an eighth
 * with the FT reference the memo carries), so matching has real work: names to compare across thousands
 * of gifts of the same common amounts. Then the largest file is imported again (every line a duplicate).
 * Skipped, with a message, when the shared data is not there.
 */

import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemContext } from '../src/capabilities/context.ts';
import { recordDonationBatch } from '../src/capabilities/donation-batch.ts';
import type { RecordDonationInput } from '../src/capabilities/donations.ts';
import { importStatementFile, readStatementPath } from '../src/cli/import-statement.ts';
import { ProjectStore } from '../src/db/project-store.ts';
import { donorNameFromMemo } from '../src/domain/bank-statements/matching.ts';
import { SAOKE_PRESET } from '../src/domain/bank-statements/presets.ts';
import { DONATIONS_PER_BATCH_MAX } from '../src/domain/limits.ts';
import { type BenchDatabase, freshBenchDatabase } from './setup.ts';
import { msSince, perSecond, round } from './stats.ts';

/** The memo of a gift recorded for a line: which line it was made from, to check matches against. */
const LINE_MEMO = 'sao kê dòng ';

export const SAOKE_FOLDER = fileURLToPath(new URL('../../shared/data/saoke-2024/', import.meta.url));

export interface StatementFileRun {
  file: string;
  rows: number;
  ms: number;
  rowsPerSecond: number;
  matched: number;
  suggested: number;
  unmatched: number;
  /** Matches and suggestions pointing at a gift recorded for another line. */
  wrong: number;
}

export interface StatementRun {
  files: StatementFileRun[];
  rows: number;
  giftsRecorded: number;
  /** Every file, reading to commit. */
  ms: number;
  rowsPerSecond: number;
  matched: number;
  suggested: number;
  unmatched: number;
  wrong: number;
  reimport: { file: string; rows: number; duplicates: number; ms: number; rowsPerSecond: number };
}

export function saokeFiles(): string[] | null {
  if (!existsSync(SAOKE_FOLDER)) return null;
  const files = readdirSync(SAOKE_FOLDER).filter((name) => name.endsWith('.csv.gz'));
  return files.length === 0 ? null : files.sort().map((name) => join(SAOKE_FOLDER, name));
}

async function call(database: BenchDatabase, method: string, path: string, body: unknown) {
  const response = await database.app.request(path, {
    method,
    headers: { ...database.auth, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const parsed = (await response.json()) as Record<string, unknown>;
  if (response.status >= 300)
    throw new Error(`${method} ${path} → ${response.status}: ${JSON.stringify(parsed)}`);
  return parsed;
}

/** A fund of the bench unit with its bank account, for one statement file. */
async function fundFor(database: BenchDatabase, name: string): Promise<{ fundId: string; bankId: string }> {
  const fund = await call(database, 'POST', '/api/v1/funds', {
    unitId: database.fund.unitId,
    kind: 'relief_campaign',
    name: `Quỹ cứu trợ bão Yagi — ${name}`,
  });
  const response = await database.app.request(`/api/v1/funds/${fund.id as string}`, {
    headers: database.auth,
  });
  const detail = (await response.json()) as { balances: { role: string; accountId: string }[] };
  return {
    fundId: fund.id as string,
    bankId: detail.balances.find((account) => account.role === 'bank')!.accountId,
  };
}

function plusDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Gifts for every fourth line of the file, as an accountant would have recorded them from notices. */
async function recordGifts(database: BenchDatabase, file: string, fundId: string): Promise<number> {
  const { read } = await readStatementPath(file, SAOKE_PRESET, {});
  const gifts: RecordDonationInput[] = read.lines
    .filter((_line, index) => index % 4 === 0)
    .map((line, index) => ({
      fundId,
      amount: line.creditMinor,
      currency: 'VND',
      receivedOn: plusDays(line.date, index % 2),
      channel: 'bank_transfer',
      donor: {
        kind: 'individual',
        name: donorNameFromMemo(line.description) ?? `Nhà hảo tâm ${line.lineNo}`,
      },
      disclosure: 'anonymous',
      memo: `${LINE_MEMO}${line.lineNo}`,
      bankRef: index % 2 === 0 ? (/\bFT\d{14}\b/.exec(line.description)?.[0] ?? null) : null,
    }));
  // A batch refuses a repeated bank reference, or the same donor, amount and date twice: keep the first.
  const seen = new Set<string>();
  const distinct = gifts.filter((gift) => {
    const key = `${(gift.donor as { name: string }).name}|${gift.amount}|${gift.receivedOn}`;
    if (seen.has(key)) return false;
    seen.add(key);
    if (gift.bankRef && seen.has(gift.bankRef)) gift.bankRef = null;
    else if (gift.bankRef) seen.add(gift.bankRef);
    return true;
  });
  const deps = { store: new ProjectStore(database.client), nowMs: Date.now };
  for (let start = 0; start < distinct.length; start += DONATIONS_PER_BATCH_MAX) {
    const chunk = distinct.slice(start, start + DONATIONS_PER_BATCH_MAX);
    await recordDonationBatch(deps, systemContext('donations.import'), chunk);
  }
  return distinct.length;
}

/** Lines matched or suggested to a gift that was recorded for another line of the file. */
async function wrongMatches(database: BenchDatabase, bankId: string): Promise<number> {
  const result = await database.client.execute({
    sql: `SELECT count(*) AS n FROM bank_statement_lines l JOIN donations d ON d.id = l.match_id
          WHERE l.account_id = ? AND l.status IN ('matched', 'suggested') AND d.memo <> ? || l.line_no`,
    args: [bankId, LINE_MEMO],
  });
  return Number(result.rows[0]!.n);
}

export async function statementBench(
  folder: string,
  files: readonly string[],
  progress: (message: string) => void,
): Promise<StatementRun> {
  const database = await freshBenchDatabase(folder, 'statements');
  const targets: { file: string; bankId: string }[] = [];
  let giftsRecorded = 0;
  for (const file of files) {
    const name = file.replace(/^.*[/\\]/, '');
    const { fundId, bankId } = await fundFor(database, name);
    giftsRecorded += await recordGifts(database, file, fundId);
    targets.push({ file, bankId });
  }
  progress(`    recorded ${giftsRecorded} gifts to match against; importing…`);
  const runs: StatementFileRun[] = [];
  const start = process.hrtime.bigint();
  for (const { file, bankId } of targets) {
    const fileStart = process.hrtime.bigint();
    const view = await importStatementFile(database.client, { file, accountId: bankId, format: 'saoke' });
    const ms = msSince(fileStart);
    const { read: rows, matched, suggested, unmatched } = view;
    runs.push({
      file: file.replace(/^.*[/\\]/, ''),
      rows,
      ms: round(ms, 1),
      rowsPerSecond: perSecond(rows, ms),
      matched,
      suggested,
      unmatched,
      wrong: await wrongMatches(database, bankId),
    });
  }
  const ms = msSince(start);
  const largest = targets.reduce((left, right, index) =>
    runs[index]!.rows > runs[targets.indexOf(left)]!.rows ? right : left,
  );
  const againStart = process.hrtime.bigint();
  const again = await importStatementFile(database.client, {
    file: largest.file,
    accountId: largest.bankId,
    format: 'saoke',
  });
  const againMs = msSince(againStart);
  database.client.close();
  const rows = runs.reduce((total, run) => total + run.rows, 0);
  const sum = (key: 'matched' | 'suggested' | 'unmatched' | 'wrong') =>
    runs.reduce((total, run) => total + run[key], 0);
  return {
    files: runs,
    rows,
    giftsRecorded,
    ms: round(ms, 1),
    rowsPerSecond: perSecond(rows, ms),
    matched: sum('matched'),
    suggested: sum('suggested'),
    unmatched: sum('unmatched'),
    wrong: sum('wrong'),
    reimport: {
      file: largest.file.replace(/^.*[/\\]/, ''),
      rows: again.read,
      duplicates: again.duplicates,
      ms: round(againMs, 1),
      rowsPerSecond: perSecond(again.read, againMs),
    },
  };
}

/**
 * The ledger benchmark: `npm run bench` (BENCH_ENTRIES_MAX=100000 for a quick run).
 *
 * One run, on fresh file databases in a temp folder, opened exactly as the server opens them (WAL,
 * synchronous=FULL):
 *   (1) the raw limit — the postings and journal_entries rows of 100,000 two-leg entries as multi-row
 *       INSERTs in one libSQL batch, into a separate copy of the schema (with, then without, the guards);
 *   (2) the same 100,000 entries through the ledger's bulk path, postEntries, and its ratio to (1);
 *   (3) single entries through the HTTP app, one at a time and 32 in flight;
 *   (4) trial-balance latency with 100,000 and with BENCH_ENTRIES_MAX entries stored;
 *   (5) `soquy import donations` of a 100,000-row CSV into a fresh database, in-process (bench/import.ts).
 *   (7) `soquy import statement` of the shared 2024 sao kê rows (../shared/data/saoke-2024, ~59,000 real
 *       transfers, gzip CSV), reading to matching to the insert, after gifts were recorded for a quarter of
 *       them (bench/statements.ts); skipped with a message when the shared data is missing, or when
 *       BENCH_STATEMENTS=0; BENCH_STATEMENTS_ONLY=1 runs it alone.
 * After (4), `soquy verify`'s checks over the grown ledger and, timed on its own, the walk of its hash chain.
 * Prints a table and writes bench/results/latest.json. Timings are reported, never asserted.
 */

import { execSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Client } from '@libsql/client';
import { systemContext } from '../src/capabilities/context.ts';
import { postEntries } from '../src/capabilities/entries.ts';
import { verifyLedger } from '../src/capabilities/verify-ledger.ts';
import { LedgerStore } from '../src/db/ledger-store.ts';
import { ENTRIES_PER_BULK_MAX } from '../src/domain/limits.ts';
import { getRequests, postEntryRequests, type RequestRun, runRequests } from './http.ts';
import { IMPORT_ROWS, importBench } from './import.ts';
import { type PublicSiteRun, publicSiteBench } from './public.ts';
import { insertRaw, type RawTiming, rawRowsOf } from './raw.ts';
import { type BenchDatabase, countEntries, databaseBytes, freshBenchDatabase } from './setup.ts';
import { SAOKE_FOLDER, type StatementRun, saokeFiles, statementBench } from './statements.ts';
import { type LatencySummary, msSince, perSecond, round, summarize, table, thousands } from './stats.ts';
import { entryBody, Workload } from './workload.ts';

const ENTRIES_MAX = positiveInteger('BENCH_ENTRIES_MAX', 1_000_000);
/** The first stage: raw limit, bulk call and the smaller trial-balance database. */
const STAGE_ENTRIES = Math.min(ENTRIES_PER_BULK_MAX, ENTRIES_MAX);
const SINGLES_SEQUENTIAL = Math.min(2_000, Math.max(100, Math.floor(ENTRIES_MAX / 50)));
const SINGLES_CONCURRENT = 2 * SINGLES_SEQUENTIAL;
const IN_FLIGHT = 32;
const REPORT_WARMUP = 50;
const REPORT_REQUESTS = positiveInteger('BENCH_REPORT_REQUESTS', 1_000);
/** (1) and (2) are each run this many times on fresh databases, alternating; the best run counts. */
const REPEATS = positiveInteger('BENCH_REPEATS', 2);
const AS_OF = '2024-06-30';
const RESULTS_PATH = fileURLToPath(new URL('./results/latest.json', import.meta.url));
/** (6) the public site: gifts in one fund, requests per measurement; BENCH_PUBLIC_ONLY=1 runs it alone. */
const PUBLIC_GIFTS = positiveInteger('BENCH_PUBLIC_GIFTS', 1_000_000);
const PUBLIC_REQUESTS = positiveInteger('BENCH_PUBLIC_REQUESTS', 200);
const PUBLIC_RESULTS_PATH = fileURLToPath(new URL('./results/public-site.json', import.meta.url));
/** (7) bank statements; BENCH_STATEMENTS_ONLY=1 runs it alone and writes this file. */
const STATEMENTS_RESULTS_PATH = fileURLToPath(new URL('./results/statements.json', import.meta.url));

/**
 * A full collection before each latency run, so garbage the benchmark itself left (100,000-entry
 * batches) is not collected on some report request's time.
 */
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const started = process.hrtime.bigint();
function progress(message: string): void {
  console.log(`[${(msSince(started) / 1_000).toFixed(1).padStart(7)}s] ${message}`);
}

/** Objects, not arrays, so that the JSON written is already as biome formats it. */
function loadAverage() {
  const [oneMinute, fiveMinutes, fifteenMinutes] = os.loadavg().map((load) => round(load, 2));
  return { oneMinute, fiveMinutes, fifteenMinutes };
}

function positiveInteger(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw.replaceAll('_', ''));
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be a positive integer, got ${raw}`);
  return value;
}

async function pragma(client: Client, name: string): Promise<string | number> {
  const row = (await client.execute(`PRAGMA ${name}`)).rows[0];
  const value = row ? Object.values(row)[0] : null;
  return typeof value === 'number' || typeof value === 'string' ? value : String(value);
}

const SYNCHRONOUS_NAMES = ['OFF', 'NORMAL', 'FULL', 'EXTRA'];

function gitRevision(): string | null {
  try {
    const head = execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
    const dirty = execSync('git status --porcelain -- src', { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
    return dirty ? `${head}+src-changes` : head;
  } catch {
    return null;
  }
}

// — (1) raw limit —

type RawRun = RawTiming & { entriesPerSecond: number };

function best<T extends { entriesPerSecond: number }>(runs: readonly T[]): T {
  return runs.reduce((left, right) => (right.entriesPerSecond > left.entriesPerSecond ? right : left));
}

function dropDatabase(database: BenchDatabase): void {
  database.client.close();
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${database.path}${suffix}`, { force: true });
}

async function rawLimit(folder: string, guarded: boolean): Promise<RawRun> {
  const name = guarded ? 'raw-guarded' : 'raw-unguarded';
  const database = await freshBenchDatabase(folder, name);
  if (!guarded) {
    await database.client.execute('DROP TRIGGER postings_guard_insert');
    await database.client.execute('DROP TRIGGER journal_entries_guard_insert');
    await database.client.execute('DROP TRIGGER journal_entries_chain_insert');
  }
  const rows = rawRowsOf(new Workload(database.fund).take(STAGE_ENTRIES), database.fund.fundId, Date.now());
  collectGarbage();
  const timing = await insertRaw(database.client, rows);
  const { entries } = await countEntries(database.client);
  if (entries !== STAGE_ENTRIES) throw new Error(`raw insert stored ${entries} entries`);
  dropDatabase(database);
  return { ...timing, entriesPerSecond: perSecond(timing.entries, timing.totalMs) };
}

// — (2) bulk path —

interface BulkCall {
  entriesBefore: number;
  entries: number;
  ms: number;
  entriesPerSecond: number;
}

async function bulkPost(database: BenchDatabase, workload: Workload, count: number): Promise<BulkCall> {
  // A store of its own (sharing the client's write queue); it reads the journal head afresh.
  const deps = { store: new LedgerStore(database.client), nowMs: Date.now };
  const { entries: entriesBefore } = await countEntries(database.client);
  const drafts = workload.take(count);
  collectGarbage();
  const start = process.hrtime.bigint();
  const views = await postEntries(deps, systemContext('entries.import'), drafts);
  const ms = msSince(start);
  if (views.length !== count) throw new Error(`postEntries returned ${views.length} of ${count} entries`);
  return { entriesBefore, entries: count, ms: round(ms, 1), entriesPerSecond: perSecond(count, ms) };
}

// — (3) HTTP singles —

interface SinglesResult extends LatencySummary {
  inFlight: number;
  wallMs: number;
  entriesPerSecond: number;
}

async function postSingles(
  database: BenchDatabase,
  workload: Workload,
  count: number,
  inFlight: number,
  key: string,
): Promise<SinglesResult> {
  const bodies = workload.take(count).map(entryBody);
  collectGarbage();
  const requests = postEntryRequests(bodies, key, database.auth);
  const run: RequestRun = await runRequests(database.app, requests, inFlight);
  return {
    inFlight,
    wallMs: round(run.wallMs, 1),
    entriesPerSecond: perSecond(run.count, run.wallMs),
    ...summarize(run.latenciesMs),
  };
}

// — (4) trial balance —

interface ReportResult {
  entriesStored: number;
  plain: LatencySummary & { path: string };
  asOf: LatencySummary & { path: string };
}

async function trialBalances(database: BenchDatabase): Promise<ReportResult> {
  const { entries } = await countEntries(database.client);
  const plainPath = `/api/v1/reports/trial-balance?fundId=${database.fund.fundId}`;
  const asOfPath = `${plainPath}&asOf=${AS_OF}`;
  for (const path of [plainPath, asOfPath]) {
    const response = await database.app.request(path, { headers: database.auth });
    const body = (await response.json()) as { totals: { debit: string; credit: string }; rows: unknown[] };
    if (response.status !== 200 || body.totals.debit !== body.totals.credit || body.totals.debit === '0') {
      throw new Error(`trial balance ${path} → ${response.status} ${JSON.stringify(body.totals)}`);
    }
    await runRequests(database.app, getRequests(path, REPORT_WARMUP, database.auth), 1);
  }
  collectGarbage();
  const plain = await runRequests(database.app, getRequests(plainPath, REPORT_REQUESTS, database.auth), 1);
  const asOf = await runRequests(database.app, getRequests(asOfPath, REPORT_REQUESTS, database.auth), 1);
  return {
    entriesStored: entries,
    plain: { path: '/api/v1/reports/trial-balance?fundId=…', ...summarize(plain.latenciesMs) },
    asOf: { path: `/api/v1/reports/trial-balance?fundId=…&asOf=${AS_OF}`, ...summarize(asOf.latenciesMs) },
  };
}

// — (6) the public site —

async function publicSite(folder: string): Promise<PublicSiteRun> {
  progress(
    `(6) public site: ${thousands(PUBLIC_GIFTS)} gifts in one fund through the batch path, then ${PUBLIC_REQUESTS} requests of each kind…`,
  );
  collectGarbage();
  const run = await publicSiteBench(folder, PUBLIC_GIFTS, PUBLIC_REQUESTS, progress);
  progress(
    `    recorded at ${thousands(run.insert.giftsPerSecond)} gifts/s (${thousands(run.insert.ms)} ms)`,
  );
  const results = {
    ranAt: new Date().toISOString(),
    git: gitRevision(),
    machine: {
      node: process.version,
      cpus: os.availableParallelism(),
      cpuModel: os.cpus()[0]?.model ?? null,
      loadAverageAtEnd: loadAverage(),
    },
    ...run,
  };
  writeFileSync(PUBLIC_RESULTS_PATH, `${JSON.stringify(results, null, 2)}\n`);
  progress(`wrote ${PUBLIC_RESULTS_PATH}`);
  return run;
}

function publicSiteRows(run: PublicSiteRun): string[][] {
  return Object.entries(run.measurements).map(([name, summary]) => [
    `(6) public ${name} @ ${shortCount(run.gifts)}`,
    thousands(summary.count),
    '',
    '',
    '',
    summary.p50Ms.toFixed(3),
    summary.p95Ms.toFixed(3),
    'target p95 ≤ 30 ms',
  ]);
}

// — the run —

async function main(): Promise<void> {
  const loadAtStart = loadAverage();
  const folder = mkdtempSync(join(os.tmpdir(), 'soquy-bench-'));
  if (process.env.BENCH_STATEMENTS_ONLY === '1') {
    const run = await bankStatements(folder);
    if (typeof run !== 'string') {
      console.log('');
      console.log(
        table(
          ['measurement', 'count', 'time ms', 'entries/s', 'rows/s', 'p50 ms', 'p95 ms', 'notes'],
          statementRows(run),
        ),
      );
      writeFileSync(
        STATEMENTS_RESULTS_PATH,
        `${JSON.stringify({ ranAt: new Date().toISOString(), loadAverageAtStart: loadAtStart, loadAverageAtEnd: loadAverage(), bankStatements: run }, null, 2)}\n`,
      );
      progress(`wrote ${STATEMENTS_RESULTS_PATH}`);
    }
    rmSync(folder, { recursive: true, force: true });
    return;
  }
  if (process.env.BENCH_PUBLIC_ONLY === '1') {
    const run = await publicSite(folder);
    console.log('');
    console.log(
      table(
        ['measurement', 'count', 'time ms', 'entries/s', 'rows/s', 'p50 ms', 'p95 ms', 'notes'],
        publicSiteRows(run),
      ),
    );
    rmSync(folder, { recursive: true, force: true });
    return;
  }
  const packageJson = JSON.parse(
    readFileSync(fileURLToPath(new URL('../package.json', import.meta.url)), 'utf8'),
  ) as { dependencies: Record<string, string> };
  progress(
    `BENCH_ENTRIES_MAX=${ENTRIES_MAX}; stage ${STAGE_ENTRIES} entries; databases in ${folder} ` +
      `(node ${process.version}, ${os.availableParallelism()} CPUs)`,
  );

  // (1) and (2) alternate so that a slow spell of the disk does not land on one side only.
  const rawGuardedRuns: RawRun[] = [];
  const rawUnguardedRuns: RawRun[] = [];
  const bulkRuns: BulkCall[] = [];
  let ledger: BenchDatabase | null = null;
  let workload: Workload | null = null;
  for (let repeat = 1; repeat <= REPEATS; repeat += 1) {
    const of = `[${repeat}/${REPEATS}]`;
    progress(`(1) ${of} raw limit: ${STAGE_ENTRIES} entries' rows as multi-row INSERTs, guard triggers on…`);
    rawGuardedRuns.push(await rawLimit(folder, true));
    progress(
      `    ${thousands(rawGuardedRuns.at(-1)!.entriesPerSecond)} entries/s (${round(rawGuardedRuns.at(-1)!.totalMs)} ms)`,
    );
    progress(`(1) ${of} raw limit without the insert guard triggers…`);
    rawUnguardedRuns.push(await rawLimit(folder, false));
    progress(
      `    ${thousands(rawUnguardedRuns.at(-1)!.entriesPerSecond)} entries/s (${round(rawUnguardedRuns.at(-1)!.totalMs)} ms)`,
    );

    // The last repetition's database goes on to (3) and (4); earlier ones are dropped.
    if (ledger) dropDatabase(ledger);
    ledger = await freshBenchDatabase(folder, `ledger-${repeat}`);
    workload = new Workload(ledger.fund);
    progress(`(2) ${of} postEntries: ${STAGE_ENTRIES} entries in one call on a fresh database…`);
    bulkRuns.push(await bulkPost(ledger, workload, STAGE_ENTRIES));
    progress(`    ${thousands(bulkRuns.at(-1)!.entriesPerSecond)} entries/s (${bulkRuns.at(-1)!.ms} ms)`);
  }
  if (!ledger || !workload) throw new Error('BENCH_REPEATS must be at least 1');
  const rawGuarded = best(rawGuardedRuns);
  const rawUnguarded = best(rawUnguardedRuns);
  const bulk = best(bulkRuns);
  const bulkRatio = bulk.entriesPerSecond / rawGuarded.entriesPerSecond;
  progress(
    `    best of ${REPEATS}: postEntries ${thousands(bulk.entriesPerSecond)} entries/s = ${(bulkRatio * 100).toFixed(1)}% of raw ${thousands(rawGuarded.entriesPerSecond)} entries/s`,
  );
  const synchronous = await pragma(ledger.client, 'synchronous');
  const journalMode = await pragma(ledger.client, 'journal_mode');

  progress(`(3) POST /api/v1/entries: ${SINGLES_SEQUENTIAL} one at a time…`);
  const sequential = await postSingles(ledger, workload, SINGLES_SEQUENTIAL, 1, 'bench-seq');
  progress(`    ${thousands(sequential.entriesPerSecond)} entries/s, p95 ${sequential.p95Ms} ms`);
  progress(`(3) POST /api/v1/entries: ${SINGLES_CONCURRENT} with ${IN_FLIGHT} in flight…`);
  const concurrent = await postSingles(ledger, workload, SINGLES_CONCURRENT, IN_FLIGHT, 'bench-conc');
  progress(`    ${thousands(concurrent.entriesPerSecond)} entries/s, p95 ${concurrent.p95Ms} ms`);

  progress('(4) trial balance at the first stage…');
  const reportsSmall = await trialBalances(ledger);
  progress(
    `    ${thousands(reportsSmall.entriesStored)} entries: p95 ${reportsSmall.plain.p95Ms} ms, asOf p95 ${reportsSmall.asOf.p95Ms} ms`,
  );

  const growth: BulkCall[] = [];
  let stored = reportsSmall.entriesStored;
  const growStart = process.hrtime.bigint();
  while (stored < ENTRIES_MAX) {
    const call = await bulkPost(ledger, workload, Math.min(ENTRIES_PER_BULK_MAX, ENTRIES_MAX - stored));
    growth.push(call);
    stored = call.entriesBefore + call.entries;
    progress(
      `    grew to ${thousands(stored)} entries: ${thousands(call.entriesPerSecond)} entries/s (${call.ms} ms), ` +
        `db ${(databaseBytes(ledger.path) / 1e6).toFixed(0)} MB`,
    );
  }
  const growMs = msSince(growStart);

  let reportsLarge: ReportResult | null = null;
  if (growth.length > 0) {
    progress(`(4) trial balance at ${thousands(stored)} entries…`);
    reportsLarge = await trialBalances(ledger);
    progress(`    p95 ${reportsLarge.plain.p95Ms} ms, asOf p95 ${reportsLarge.asOf.p95Ms} ms`);
  }
  let verification: { ok: boolean; ms: number; failed: string } | null = null;
  if (process.env.BENCH_VERIFY !== '0') {
    progress(`auditing the benchmark ledger (soquy verify's checks over ${thousands(stored)} entries)…`);
    const auditStart = process.hrtime.bigint();
    const report = await verifyLedger({ store: new LedgerStore(ledger.client) });
    verification = {
      ok: report.ok,
      ms: round(msSince(auditStart), 1),
      failed: report.checks
        .filter((check) => check.violations > 0)
        .map((check) => check.name)
        .join(', '),
    };
    progress(`    ${report.ok ? 'ok' : `FAILED: ${verification.failed}`} (${thousands(verification.ms)} ms)`);
  }
  // The hash chain's walk alone (part of the audit above): every entry and posting read back and hashed.
  progress(`walking the hash chain (${thousands(stored)} entries)…`);
  const chainStart = process.hrtime.bigint();
  const chain = await new LedgerStore(ledger.client).verifyChain(5);
  const chainMs = msSince(chainStart);
  const chainVerification = {
    ok: chain.check.violations === 0,
    entries: chain.summary.entries,
    ms: round(chainMs, 1),
    entriesPerSecond: perSecond(chain.summary.entries, chainMs),
  };
  progress(
    `    ${chainVerification.ok ? 'ok' : 'BROKEN'}: ${thousands(chainVerification.entriesPerSecond)} entries/s (${thousands(chainVerification.ms)} ms)`,
  );
  const ledgerBytes = databaseBytes(ledger.path);
  ledger.client.close();
  progress(`(5) soquy import donations: a ${thousands(IMPORT_ROWS)}-row CSV into a fresh database…`);
  collectGarbage();
  const imported = await importBench(folder, IMPORT_ROWS);
  progress(
    `    ${thousands(imported.rowsPerSecond)} rows/s (${thousands(imported.ms)} ms; check pass ${thousands(imported.checkMs)} ms)`,
  );
  const publicRun = await publicSite(folder);
  const statementRun = await bankStatements(folder);
  if (process.env.BENCH_KEEP_DB) progress(`kept ${ledger.path}`);
  else rmSync(folder, { recursive: true, force: true });

  // — report —

  const growthRates = growth.map((call) => call.entriesPerSecond).sort((left, right) => left - right);
  const rows: string[][] = [
    row(`(1) raw INSERT, guards on`, rawGuarded.entries, rawGuarded.totalMs, rawGuarded.entriesPerSecond, {
      rows: perSecond(rawGuarded.rows, rawGuarded.totalMs),
      note: `best of ${REPEATS}; ${rawGuarded.statements} statements, batch ${round(rawGuarded.batchMs)} ms`,
    }),
    row(
      `(1) raw INSERT, no guards`,
      rawUnguarded.entries,
      rawUnguarded.totalMs,
      rawUnguarded.entriesPerSecond,
      {
        rows: perSecond(rawUnguarded.rows, rawUnguarded.totalMs),
        note: `batch ${round(rawUnguarded.batchMs)} ms`,
      },
    ),
    row(`(2) postEntries, fresh db`, bulk.entries, bulk.ms, bulk.entriesPerSecond, {
      rows: perSecond(bulk.entries * 3, bulk.ms),
      note: `best of ${REPEATS}; ${(bulkRatio * 100).toFixed(1)}% of raw (target ≥ 50%)`,
    }),
  ];
  if (growth.length > 0) {
    const total = growth.reduce((sum, call) => sum + call.entries, 0);
    rows.push(
      row(`(2) postEntries, grow to ${shortCount(stored)}`, total, growMs, perSecond(total, growMs), {
        note: `${growth.length} calls: ${thousands(growthRates[0]!)}–${thousands(growthRates.at(-1)!)} /s`,
      }),
    );
  }
  rows.push(
    row('(3) POST /entries, 1 in flight', sequential.count, sequential.wallMs, sequential.entriesPerSecond, {
      p50: sequential.p50Ms,
      p95: sequential.p95Ms,
      note: `at ~${shortCount(bulk.entries)} entries`,
    }),
    row(
      `(3) POST /entries, ${IN_FLIGHT} in flight`,
      concurrent.count,
      concurrent.wallMs,
      concurrent.entriesPerSecond,
      { p50: concurrent.p50Ms, p95: concurrent.p95Ms },
    ),
  );
  for (const reports of [reportsSmall, reportsLarge]) {
    if (!reports) continue;
    for (const [label, summary] of [
      ['', reports.plain],
      [' asOf', reports.asOf],
    ] as const) {
      rows.push([
        `(4) trial balance${label} @ ${shortCount(reports.entriesStored)}`,
        thousands(summary.count),
        '',
        '',
        '',
        summary.p50Ms.toFixed(3),
        summary.p95Ms.toFixed(3),
        reports === reportsLarge || !reportsLarge ? 'target p95 ≤ 10 ms' : '',
      ]);
    }
  }
  rows.push(
    row(
      `verify: hash chain @ ${shortCount(chainVerification.entries)}`,
      chainVerification.entries,
      chainVerification.ms,
      chainVerification.entriesPerSecond,
      { note: 'read back and re-hash every entry with its postings' },
    ),
  );
  rows.push(
    row(
      `(5) import donations CSV ${shortCount(imported.rows)} rows`,
      imported.rows,
      imported.ms,
      imported.rowsPerSecond,
      {
        rows: imported.rowsPerSecond,
        note: `check pass ${thousands(imported.checkMs)} ms; ${round(imported.fileBytes / 1e6, 1)} MB file`,
      },
    ),
  );
  rows.push(
    row(
      `(6) public: record ${shortCount(publicRun.gifts)} gifts`,
      publicRun.gifts,
      publicRun.insert.ms,
      publicRun.insert.giftsPerSecond,
      {
        note: `batches of ${thousands(publicRun.insert.batchSize)}, search index by trigger`,
      },
    ),
    ...publicSiteRows(publicRun),
  );
  if (typeof statementRun !== 'string') rows.push(...statementRows(statementRun));
  console.log('');
  console.log(
    table(['measurement', 'count', 'time ms', 'entries/s', 'rows/s', 'p50 ms', 'p95 ms', 'notes'], rows),
  );
  console.log('');
  console.log(
    `bulk/raw = ${(bulkRatio * 100).toFixed(1)}% (postEntries ${thousands(bulk.entriesPerSecond)} entries/s ÷ ` +
      `raw ${thousands(rawGuarded.entriesPerSecond)} entries/s); synchronous=${SYNCHRONOUS_NAMES[Number(synchronous)] ?? synchronous}, journal_mode=${journalMode}`,
  );

  const results = {
    ranAt: new Date().toISOString(),
    durationSeconds: round(msSince(started) / 1_000, 1),
    git: gitRevision(),
    machine: {
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
      arch: os.arch(),
      cpus: os.availableParallelism(),
      cpuModel: os.cpus()[0]?.model ?? null,
      memoryGB: round(os.totalmem() / 1e9, 1),
      /** Other work on the machine skews every figure; these say how busy it was. */
      loadAverageAtStart: loadAtStart,
      loadAverageAtEnd: loadAverage(),
      libsqlClient: packageJson.dependencies['@libsql/client'] ?? null,
    },
    database: {
      kind: 'file (fresh, temp dir)',
      synchronous: { value: synchronous, name: SYNCHRONOUS_NAMES[Number(synchronous)] ?? null },
      journalMode,
      finalBytes: ledgerBytes,
    },
    config: {
      entriesMax: ENTRIES_MAX,
      stageEntries: STAGE_ENTRIES,
      repeats: REPEATS,
      bulkCallMax: ENTRIES_PER_BULK_MAX,
      rowsPerInsert: 1_000,
      singlesSequential: SINGLES_SEQUENTIAL,
      singlesConcurrent: SINGLES_CONCURRENT,
      inFlight: IN_FLIGHT,
      reportRequests: REPORT_REQUESTS,
      asOf: AS_OF,
    },
    rawLimit: {
      guarded: rawGuarded,
      unguarded: rawUnguarded,
      runs: { guarded: rawGuardedRuns, unguarded: rawUnguardedRuns },
    },
    bulk: {
      fresh: bulk,
      freshRuns: bulkRuns,
      ratioToRaw: round(bulkRatio, 3),
      ratioToRawUnguarded: round(bulk.entriesPerSecond / rawUnguarded.entriesPerSecond, 3),
      target: 0.5,
      growth: { calls: growth, totalMs: round(growMs, 1), entriesStored: stored },
    },
    singles: { sequential, concurrent },
    trialBalance: { small: reportsSmall, large: reportsLarge, targetP95Ms: 10 },
    verification,
    chainVerification,
    importDonations: imported,
    publicSite: publicRun,
    bankStatements: typeof statementRun === 'string' ? { skipped: statementRun } : statementRun,
  };
  writeFileSync(RESULTS_PATH, `${JSON.stringify(results, null, 2)}\n`);
  progress(`wrote ${RESULTS_PATH}`);
  if ((verification && !verification.ok) || !chainVerification.ok) process.exitCode = 1;
}

function statementRows(run: StatementRun): string[][] {
  return [
    row(`(7) import statements, ${shortCount(run.rows)} sao kê rows`, run.rows, run.ms, run.rowsPerSecond, {
      rows: run.rowsPerSecond,
      note: `${run.files.length} files; ${thousands(run.matched)} matched, ${thousands(run.suggested)} suggested of ${thousands(run.giftsRecorded)} gifts, ${run.wrong} wrong`,
    }),
    row(
      '(7) the largest file again (duplicates)',
      run.reimport.rows,
      run.reimport.ms,
      run.reimport.rowsPerSecond,
      {
        rows: run.reimport.rowsPerSecond,
        note: `${thousands(run.reimport.duplicates)} duplicates, nothing stored`,
      },
    ),
  ];
}

/** (7) `soquy import statement` of the shared sao kê rows; the reason when it is skipped. */
async function bankStatements(folder: string): Promise<StatementRun | string> {
  const files = saokeFiles();
  let skipped: string | null = null;
  if (process.env.BENCH_STATEMENTS === '0') skipped = 'BENCH_STATEMENTS=0';
  else if (files === null)
    skipped = `no shared sao kê data at ${SAOKE_FOLDER} (../shared/data/saoke-2024/*.csv.gz)`;
  if (skipped !== null || files === null) {
    progress(`(7) soquy import statement: skipped — ${skipped}`);
    return skipped ?? 'no data';
  }
  progress(
    `(7) soquy import statement: ${files.length} sao kê files into a fresh database (gifts recorded first)…`,
  );
  collectGarbage();
  const run = await statementBench(folder, files, progress);
  progress(
    `    ${thousands(run.rowsPerSecond)} rows/s (${thousands(run.rows)} rows, ${thousands(run.ms)} ms): ${thousands(run.matched)} matched, ${thousands(run.suggested)} suggested, ${thousands(run.unmatched)} unmatched, ${run.wrong} wrong; again: ${thousands(run.reimport.rowsPerSecond)} rows/s`,
  );
  return run;
}

function row(
  label: string,
  count: number,
  ms: number,
  entriesPerSecond: number,
  extra: { rows?: number; p50?: number; p95?: number; note?: string },
): string[] {
  return [
    label,
    thousands(count),
    thousands(ms),
    thousands(entriesPerSecond),
    extra.rows === undefined ? '' : thousands(extra.rows),
    extra.p50 === undefined ? '' : extra.p50.toFixed(3),
    extra.p95 === undefined ? '' : extra.p95.toFixed(3),
    extra.note ?? '',
  ];
}

function shortCount(count: number): string {
  if (count >= 1_000_000) return `${round(count / 1_000_000, 2)}M`;
  if (count >= 1_000) return `${round(count / 1_000, 1)}k`;
  return String(count);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

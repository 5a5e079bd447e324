/**
 * (6) The public site at the scale of the 2024 appeal: BENCH_PUBLIC_GIFTS gifts (default 1,000,000) in
 * one fund, recorded through the store's batch path (recordDonationBatch: entries, postings, receipts,
 * allocation sources and — by trigger — the public search index, 20,000 gifts per atomic batch), a few
 * paid disbursements so that early gifts have somewhere to go, then p50/p95 through the HTTP app of
 * the fund page, name, reference, amount and date searches, a deep keyset page and the trace.
 */

import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { systemContext } from '../src/capabilities/context.ts';
import { encodeCursor } from '../src/capabilities/cursor.ts';
import { recordDonationBatch } from '../src/capabilities/donation-batch.ts';
import type { RecordDonationInput } from '../src/capabilities/donations.ts';
import { ProjectStore } from '../src/db/project-store.ts';
import type { Disclosure } from '../src/domain/donations.ts';
import { DONATIONS_PER_BATCH_MAX } from '../src/domain/limits.ts';
import { runRequests } from './http.ts';
import { type BenchDatabase, databaseBytes, freshBenchDatabase } from './setup.ts';
import { type LatencySummary, msSince, perSecond, round, summarize } from './stats.ts';
import { seededRandom } from './workload.ts';

// Family names by their share of Vietnam's population (Nguyễn ≈ 38%), then middle and given names.
const SURNAMES: [string, number][] = [
  ['Nguyễn', 38],
  ['Trần', 11],
  ['Lê', 9.5],
  ['Phạm', 7],
  ['Hoàng', 5],
  ['Huỳnh', 4],
  ['Phan', 4.5],
  ['Vũ', 3.9],
  ['Võ', 3],
  ['Đặng', 2.1],
  ['Bùi', 2],
  ['Đỗ', 1.4],
  ['Hồ', 1.3],
  ['Ngô', 1.3],
  ['Dương', 1],
  ['Lý', 0.5],
  ['Lò', 0.3],
  ['Giàng', 0.2],
];
const MIDDLE = ['Văn', 'Thị', 'Đức', 'Minh', 'Ngọc', 'Thanh', 'Hữu', 'Quang', 'Thu', 'Xuân', 'Hoàng', 'Kim'];
const GIVEN = [
  'An',
  'Anh',
  'Bình',
  'Cường',
  'Dũng',
  'Dương',
  'Giang',
  'Hà',
  'Hải',
  'Hạnh',
  'Hiếu',
  'Hoa',
  'Hùng',
  'Hương',
  'Huy',
  'Khánh',
  'Lan',
  'Linh',
  'Long',
  'Mai',
  'Minh',
  'Nam',
  'Nga',
  'Ngọc',
  'Nhung',
  'Phong',
  'Phương',
  'Quân',
  'Quỳnh',
  'Sơn',
  'Tâm',
  'Thảo',
  'Thắng',
  'Thành',
  'Trang',
  'Trung',
  'Tuấn',
  'Tú',
  'Vân',
  'Việt',
  'Vy',
  'Yến',
];
const ORGANISATIONS = [
  'Công ty TNHH',
  'Công ty Cổ phần',
  'Trường THCS',
  'Hội Phụ nữ xã',
  'Chi đoàn',
  'Nhóm thiện nguyện',
];
/** Amounts people send (in đồng), the small round ones far more often. */
const AMOUNTS: [number, number][] = [
  [10_000, 6],
  [20_000, 6],
  [50_000, 14],
  [100_000, 20],
  [200_000, 15],
  [300_000, 5],
  [500_000, 14],
  [1_000_000, 9],
  [2_000_000, 4],
  [5_000_000, 2],
  [10_000_000, 0.7],
  [50_000_000, 0.2],
];
const FIRST_DAY_MS = Date.parse('2024-09-01T00:00:00Z');
const DAYS = 90;

function weighted<T>(random: () => number, table: [T, number][]): T {
  const total = table.reduce((sum, [, weight]) => sum + weight, 0);
  let point = random() * total;
  for (const [value, weight] of table) {
    point -= weight;
    if (point <= 0) return value;
  }
  return table.at(-1)![0];
}

/** The gifts, as a bank's days of transfers: Vietnamese names, 39% anonymous or on request. */
function* gifts(count: number, fundId: string, campaignId: string): Generator<RecordDonationInput> {
  const random = seededRandom(2024_09_12);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  for (let index = 0; index < count; index += 1) {
    const day = Math.min(DAYS - 1, Math.floor((index / count) * DAYS));
    const receivedOn = new Date(FIRST_DAY_MS + day * 86_400_000).toISOString().slice(0, 10);
    const organisation = random() < 0.04;
    const name = organisation
      ? `${pick(ORGANISATIONS)} ${pick(GIVEN)} ${pick(GIVEN)} ${index % 997}`
      : `${weighted(random, SURNAMES)} ${pick(MIDDLE)} ${pick(GIVEN)}`;
    const draw = random();
    const disclosure: Disclosure = draw < 0.31 ? 'anonymous' : draw < 0.39 ? 'on_request' : 'public';
    const amount = random() < 0.05 ? 1_000 * (1 + Math.floor(random() * 9_999)) : weighted(random, AMOUNTS);
    yield {
      fundId,
      // A gift to the campaign is checked against its window one by one: a few, as in a fund's year.
      campaignId: index % 20 === 0 ? campaignId : null,
      amount: BigInt(amount),
      currency: 'VND',
      receivedOn,
      channel: 'bank_transfer',
      donor: { kind: organisation ? 'organisation' : 'individual', name },
      disclosure,
      bankRef: publicBenchRef(index),
      memo: null,
    };
  }
}

/** Unique transfer references shaped like Vietcombank's (FT + year + day + sequence). */
export function publicBenchRef(index: number): string {
  return `FT24${String(245 + Math.floor(index / 20_000)).padStart(3, '0')}${String(index).padStart(9, '0')}`;
}

export interface PublicSiteRun {
  gifts: number;
  insert: { ms: number; giftsPerSecond: number; batches: number; batchSize: number };
  databaseBytes: number;
  requestsPerMeasurement: number;
  measurements: Record<string, LatencySummary & { example: string }>;
  targetP95Ms: number;
}

export async function publicSiteBench(
  folder: string,
  count: number,
  requests: number,
  progress: (message: string) => void,
  keepDatabase = false,
): Promise<PublicSiteRun> {
  const database = await freshBenchDatabase(folder, 'public');
  const { fundId } = database.fund;
  const campaign = await call(database, 'POST', '/api/v1/campaigns', {
    fundId,
    name: 'Ủng hộ đồng bào bị thiệt hại do bão số 3 (Yagi)',
    purpose: 'Khắc phục hậu quả bão số 3',
    receivingFrom: '2024-09-01',
    receivingTo: '2024-11-29',
    distributionDeadline: '2024-12-19',
    paymentCodePrefix: 'YAGI',
  });
  const deps = { store: new ProjectStore(database.client), nowMs: Date.now };
  const batchSize = DONATIONS_PER_BATCH_MAX;
  const source = gifts(count, fundId, campaign.id as string);
  const start = process.hrtime.bigint();
  let recorded = 0;
  let batches = 0;
  while (recorded < count) {
    const chunk: RecordDonationInput[] = [];
    for (let index = 0; index < batchSize && recorded + index < count; index += 1)
      chunk.push(source.next().value!);
    const outcome = await recordDonationBatch(deps, systemContext('donations.batch'), chunk);
    if (outcome.replayed) throw new Error('a bench batch was replayed');
    recorded += chunk.length;
    batches += 1;
    if (batches % 5 === 0 || recorded === count) {
      progress(
        `    ${recorded.toLocaleString('en-US')} gifts, ${perSecond(recorded, msSince(start)).toLocaleString('en-US')} gifts/s`,
      );
    }
  }
  const insertMs = msSince(start);
  await payDisbursements(database, fundId);

  const plan = await requestPlan(database, fundId, count, requests);
  const measurements: PublicSiteRun['measurements'] = {};
  for (const [name, paths] of Object.entries(plan)) {
    // Warm up each kind once over its paths, then measure.
    await runRequests(database.app, paths.slice(0, 20).map(get), 1);
    const run = await runRequests(database.app, paths.map(get), 1);
    measurements[name] = { example: paths[0]!.replace(fundId, '{fund}'), ...summarize(run.latenciesMs) };
    progress(`    ${name}: p50 ${measurements[name]!.p50Ms} ms, p95 ${measurements[name]!.p95Ms} ms`);
  }
  const bytes = databaseBytes(database.path);
  database.client.close();
  if (!keepDatabase)
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${database.path}${suffix}`, { force: true });
  return {
    gifts: count,
    insert: { ms: round(insertMs, 1), giftsPerSecond: perSecond(count, insertMs), batches, batchSize },
    databaseBytes: bytes,
    requestsPerMeasurement: requests,
    measurements,
    targetP95Ms: 30,
  };
}

function get(path: string) {
  return { path, init: { method: 'GET' }, expect: 200 };
}

async function call(database: BenchDatabase, method: string, path: string, body?: unknown, token?: string) {
  const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : { ...database.auth };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await database.app.request(path, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const parsed = (await response.json()) as Record<string, unknown>;
  if (response.status >= 300)
    throw new Error(`${method} ${path} → ${response.status}: ${JSON.stringify(parsed)}`);
  return parsed;
}

/** Five paid relief payments (four eyes: the bench admin drafts, an approver approves). */
async function payDisbursements(database: BenchDatabase, fundId: string): Promise<void> {
  const approver = await call(database, 'POST', '/api/v1/users', {
    name: 'Người phê duyệt',
    username: `bench-approver-${randomBytes(4).toString('hex')}`,
    grants: [{ unitId: null, role: 'approver' }],
  });
  const token = await call(database, 'POST', `/api/v1/users/${approver.id as string}/tokens`, {
    name: 'bench',
  });
  for (let index = 0; index < 5; index += 1) {
    const draft = await call(database, 'POST', '/api/v1/disbursements', {
      fundId,
      amount: '500000000',
      category: 'relief',
      purpose: `Hỗ trợ khắc phục hậu quả bão, đợt ${index + 1}`,
      date: `2024-09-${String(20 + index).padStart(2, '0')}`,
    });
    await call(
      database,
      'POST',
      `/api/v1/disbursements/${draft.id as string}/approve`,
      {
        decisionNo: `${100 + index}/QĐ-MTTQ`,
        decisionDate: `2024-09-${String(20 + index).padStart(2, '0')}`,
      },
      token.token as string,
    );
    await call(database, 'POST', `/api/v1/disbursements/${draft.id as string}/pay`, {
      paidOn: `2024-09-${String(21 + index).padStart(2, '0')}`,
    });
  }
}

/** The requests of each measurement, varied (names, references, amounts, dates, cursors, receipts). */
async function requestPlan(
  database: BenchDatabase,
  fundId: string,
  count: number,
  requests: number,
): Promise<Record<string, string[]>> {
  const random = seededRandom(7);
  const base = `/api/v1/public/funds/${fundId}/donations`;
  const many = (make: (index: number) => string) =>
    Array.from({ length: requests }, (_, index) => make(index));
  const names = [
    'nguyen van',
    'tran thi',
    'le minh',
    'pham duc thang',
    'hoang ngoc lan',
    'vu thi',
    'nguyen thi thu',
    'dang quang huy',
    'giang xuan',
    'lo kim',
    'cong ty',
    'bui huu tam',
  ];
  const day = (offset: number) => new Date(FIRST_DAY_MS + offset * 86_400_000).toISOString().slice(0, 10);
  const ranges: [number, number][] = [
    [100_000, 200_000],
    [1_000_000, 5_000_000],
    [500_000, 500_000],
    [123_000, 123_000],
    [2_500_000, 100_000_000],
    [15_000, 45_000],
  ];
  const sorts = ['amount_desc', 'date_asc', 'amount_asc', 'date_desc'];
  const pids = (
    await database.client.execute({
      sql: 'SELECT pid FROM public_donations WHERE fund_id = ? ORDER BY pid LIMIT 64',
      args: [fundId],
    })
  ).rows.map((row) => Number(row.pid));
  const deepPids: number[] = [];
  for (let index = 0; index < 50; index += 1) {
    // A page far into the sao kê: a key among the oldest tenth of the gifts (newest-first order).
    const [row] = (
      await database.client.execute({
        sql: 'SELECT pid FROM public_donations WHERE fund_id = ? AND pid >= ? ORDER BY pid LIMIT 1',
        args: [fundId, pids[0]! + Math.floor(random() * 9) * 4_294_967_296],
      })
    ).rows;
    deepPids.push(Number(row!.pid) + Math.floor(random() * Math.min(count / DAYS, 1_000)));
  }
  const receipts = (
    await database.client.execute({
      sql: 'SELECT receipt_no FROM donations WHERE fund_id = ? AND rowid % 997 = 0 LIMIT 200',
      args: [fundId],
    })
  ).rows.map((row) => String(row.receipt_no));
  return {
    fundPage: many(() => `/api/v1/public/funds/${fundId}?year=2024`),
    searchByName: many((index) => `${base}?q=${encodeURIComponent(names[index % names.length]!)}`),
    searchByReference: many((index) => {
      const ref = publicBenchRef(Math.floor(random() * count));
      return `${base}?ref=${index % 2 === 0 ? ref : ref.slice(-7)}`;
    }),
    searchByAmountRange: many((index) => {
      const [min, max] = ranges[index % ranges.length]!;
      return `${base}?amountMin=${min}&amountMax=${max}`;
    }),
    dateRangeSorted: many((index) => {
      const from = Math.floor(random() * (DAYS - 7));
      return `${base}?from=${day(from)}&to=${day(from + 1 + (index % 7))}&sort=${sorts[index % sorts.length]}`;
    }),
    deepKeysetPage: many(
      (index) => `${base}?cursor=${encodeCursor(['date_desc', deepPids[index % deepPids.length]!])}`,
    ),
    trace: many(
      (index) => `/api/v1/public/trace?receipt=${encodeURIComponent(receipts[index % receipts.length]!)}`,
    ),
  };
}

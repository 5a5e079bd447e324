import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@libsql/client';
import { ensureBootstrapAdmin } from '../src/capabilities/bootstrap.ts';
import { AppStore } from '../src/db/access-store.ts';
import { openNodeDatabase } from '../src/db/client.ts';
import { migrateDatabase } from '../src/db/migrate.ts';
import { createApp } from '../src/http/app.ts';
import type { BenchFund } from './workload.ts';

export type App = ReturnType<typeof createApp>;

export interface BenchDatabase {
  client: Client;
  path: string;
  app: App;
  /** Headers every API call sends: the bench admin's bearer token. */
  auth: Record<string, string>;
  fund: BenchFund;
}

/**
 * A fresh file database in `folder`, opened the way the server opens it, migrated, with a global admin
 * token (as SOQUY_BOOTSTRAP_TOKEN makes one; random per database) and one fund made through the API.
 */
export async function freshBenchDatabase(folder: string, name: string): Promise<BenchDatabase> {
  const path = join(folder, `${name}.db`);
  const client = await openNodeDatabase(`file:${path}`);
  await migrateDatabase(client);
  const token = `sq_bench_${randomBytes(24).toString('hex')}`;
  await ensureBootstrapAdmin(
    { store: new AppStore(client), nowMs: Date.now, passwordIterations: 1_000 },
    token,
  );
  const app = createApp({ db: client });
  const auth = { Authorization: `Bearer ${token}` };
  const fund = await provinceWithFund(app, auth);
  return { client, path, app, auth, fund };
}

async function call(
  app: App,
  auth: Record<string, string>,
  method: string,
  path: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const response = await app.request(path, {
    method,
    headers: body === undefined ? auth : { ...auth, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const parsed = (await response.json()) as Record<string, unknown>;
  if (response.status >= 300) {
    throw new Error(`${method} ${path} → ${response.status}: ${JSON.stringify(parsed)}`);
  }
  return parsed;
}

/** Same as test/support/api.ts: a province MTTQ unit with one "Vì người nghèo" fund. */
async function provinceWithFund(app: App, auth: Record<string, string>): Promise<BenchFund> {
  const unit = await call(app, auth, 'POST', '/api/v1/units', {
    name: 'Ủy ban MTTQ Việt Nam tỉnh Lai Châu',
    kind: 'mttq',
    level: 'province',
  });
  const fund = await call(app, auth, 'POST', '/api/v1/funds', {
    unitId: unit.id,
    kind: 'vi_nguoi_ngheo',
    name: 'Quỹ "Vì người nghèo" tỉnh Lai Châu',
  });
  const detail = await call(app, auth, 'GET', `/api/v1/funds/${fund.id as string}`);
  const byRole = new Map(
    (detail.balances as { role: string; accountId: string }[]).map((account) => [
      account.role,
      account.accountId,
    ]),
  );
  const role = (name: string): string => {
    const id = byRole.get(name);
    if (!id) throw new Error(`the fund has no ${name} account`);
    return id;
  };
  return {
    unitId: unit.id as string,
    fundId: fund.id as string,
    bank: role('bank'),
    cash: role('cash'),
    donationRevenue: role('donation_revenue'),
    disbursementExpense: role('disbursement_expense'),
    adminExpense: role('admin_expense'),
  };
}

/** Bytes of the database file plus its WAL. */
export function databaseBytes(path: string): number {
  let bytes = 0;
  for (const file of [path, `${path}-wal`]) {
    try {
      bytes += statSync(file).size;
    } catch {
      // no WAL yet
    }
  }
  return bytes;
}

export async function countEntries(client: Client): Promise<{ entries: number; postings: number }> {
  const result = await client.execute(
    'SELECT (SELECT count(*) FROM journal_entries) AS entries, (SELECT count(*) FROM postings) AS postings',
  );
  const row = result.rows[0]!;
  return { entries: Number(row.entries), postings: Number(row.postings) };
}

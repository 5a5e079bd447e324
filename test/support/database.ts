import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@libsql/client';
import { ensureBootstrapAdmin } from '../../src/capabilities/bootstrap.ts';
import { AppStore } from '../../src/db/access-store.ts';
import { openNodeDatabase } from '../../src/db/client.ts';
import { migrateDatabase } from '../../src/db/migrate.ts';
import { DEFAULT_FUND_CHART } from '../../src/domain/chart.ts';

/** The bootstrap admin's token in every test database (a global admin, as SOQUY_BOOTSTRAP_TOKEN gives). */
export const TEST_ADMIN_TOKEN = 'sq_test_bootstrap_token_0123456789abcdef';
/** Fast password hashing for tests only; the server keeps the slow default. */
export const TEST_PASSWORD_ITERATIONS = 1_000;

async function bootstrapTestAdmin(client: Client): Promise<void> {
  const deps = {
    store: new AppStore(client),
    nowMs: Date.now,
    chart: DEFAULT_FUND_CHART,
    passwordIterations: TEST_PASSWORD_ITERATIONS,
  };
  await ensureBootstrapAdmin(deps, TEST_ADMIN_TOKEN);
}

/** A real libSQL database built by running the migrations, with the test bootstrap admin: in memory, or a file in a fresh temp folder. */
export async function freshDatabase(
  kind: 'memory' | 'file' = 'memory',
): Promise<{ client: Client; url: string; cleanup: () => void }> {
  if (kind === 'memory') {
    const client = await openNodeDatabase(':memory:');
    await migrateDatabase(client);
    await bootstrapTestAdmin(client);
    return { client, url: ':memory:', cleanup: () => client.close() };
  }
  const folder = mkdtempSync(join(tmpdir(), 'soquy-test-'));
  const url = `file:${join(folder, 'ledger.db')}`;
  const client = await openNodeDatabase(url);
  await migrateDatabase(client);
  await bootstrapTestAdmin(client);
  return {
    client,
    url,
    cleanup: () => {
      client.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

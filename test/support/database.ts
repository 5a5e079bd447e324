import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@libsql/client';
import { openNodeDatabase } from '../../src/db/client.ts';
import { migrateDatabase } from '../../src/db/migrate.ts';

/** A real libSQL database built by running the migrations: in memory, or a file in a fresh temp folder. */
export async function freshDatabase(
  kind: 'memory' | 'file' = 'memory',
): Promise<{ client: Client; url: string; cleanup: () => void }> {
  if (kind === 'memory') {
    const client = await openNodeDatabase(':memory:');
    await migrateDatabase(client);
    return { client, url: ':memory:', cleanup: () => client.close() };
  }
  const folder = mkdtempSync(join(tmpdir(), 'soquy-test-'));
  const url = `file:${join(folder, 'ledger.db')}`;
  const client = await openNodeDatabase(url);
  await migrateDatabase(client);
  return {
    client,
    url,
    cleanup: () => {
      client.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

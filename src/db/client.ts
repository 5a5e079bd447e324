import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Client, createClient } from '@libsql/client';

export const DEFAULT_DATABASE_URL = 'file:./data/soquy.db';

/**
 * Opens the embedded libSQL database on Node (file: or :memory:). WAL lets readers run beside the one
 * writer; synchronous=FULL makes every committed batch survive a power cut — this is a ledger.
 */
export async function openNodeDatabase(url: string = DEFAULT_DATABASE_URL): Promise<Client> {
  const path = filePathOf(url);
  if (path) mkdirSync(dirname(path), { recursive: true });
  const client = createClient({ url });
  if (path) {
    await client.execute('PRAGMA journal_mode = WAL');
    await client.execute('PRAGMA synchronous = FULL');
    await client.execute('PRAGMA busy_timeout = 5000');
  }
  await client.execute('PRAGMA foreign_keys = ON');
  return client;
}

/** The file a `file:` URL names, or null for memory and remote databases. */
export function filePathOf(url: string): string | null {
  if (!url.startsWith('file:')) return null;
  const rest = url.slice('file:'.length).split('?')[0] ?? '';
  if (rest === '' || rest.startsWith(':memory:')) return null;
  return rest.startsWith('//') ? fileURLToPath(url.split('?')[0]!) : rest;
}

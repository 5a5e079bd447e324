import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Client } from '@libsql/client';
import { afterEach, describe, expect, it } from 'vitest';
import { systemContext } from '../src/capabilities/context.ts';
import { postEntries } from '../src/capabilities/entries.ts';
import { type VerificationReport, verifyLedger } from '../src/capabilities/verify-ledger.ts';
import { openNodeDatabase } from '../src/db/client.ts';
import { LedgerStore } from '../src/db/ledger-store.ts';
import { ProjectStore } from '../src/db/project-store.ts';
import { seedLaiChauDemo } from '../src/demo/lai-chau.ts';
import { DEFAULT_FUND_CHART } from '../src/domain/chart.ts';
import { DEFAULT_FUND_RULES } from '../src/domain/disbursements.ts';
import type { EntryDraft } from '../src/domain/entries.ts';
import { type Json, provinceWithFund, TestApi } from './support/api.ts';
import { freshDatabase } from './support/database.ts';
import { disbursement, donation } from './support/ledger.ts';

/**
 * The journal's hash chain (docs/decisions/0006-hash-chain.md): every write path chains its entries,
 * `soquy verify` finds every edit made behind the application's back and names the first broken link,
 * old databases are hashed once, and concurrent writers — two clients, two processes — keep one chain.
 */

const GENESIS = '0'.repeat(64);

/**
 * The chain recomputed from the raw rows with node:crypto and the format as the ADR writes it — not
 * with src/domain/chain.ts — so that a mistake there cannot hide itself.
 */
async function recomputedChain(
  client: Client,
): Promise<{ seq: number; id: string; stored: string | null; hash: string }[]> {
  const entries = (
    await client.execute(
      'SELECT seq, id, entry_date, description, kind, reverses_entry_id, created_at_ms, hash FROM journal_entries ORDER BY seq',
    )
  ).rows;
  const postings = (
    await client.execute(
      'SELECT entry_id, id, account_id, fund_id, side, amount_minor, currency, memo FROM postings ORDER BY id',
    )
  ).rows;
  const byEntry = new Map<string, unknown[][]>();
  for (const p of postings) {
    const list = byEntry.get(String(p.entry_id)) ?? [];
    list.push([p.id, p.account_id, p.fund_id, p.side, String(p.amount_minor), p.currency, p.memo]);
    byEntry.set(String(p.entry_id), list);
  }
  let previous = GENESIS;
  return entries.map((e) => {
    const text = JSON.stringify([
      'soquy-chain-1',
      previous,
      e.seq,
      e.id,
      e.entry_date,
      e.description,
      e.kind,
      e.reverses_entry_id,
      e.created_at_ms,
      byEntry.get(String(e.id)) ?? [],
    ]);
    previous = createHash('sha256').update(text, 'utf8').digest('hex');
    return { seq: Number(e.seq), id: String(e.id), stored: e.hash as string | null, hash: previous };
  });
}

async function verify(client: Client): Promise<VerificationReport> {
  return verifyLedger({ store: new LedgerStore(client) });
}

function chainCheck(report: VerificationReport) {
  const check = report.checks.find((candidate) => candidate.name === 'hash-chain');
  expect(check).toBeDefined();
  return check!;
}

/** Every check but the chain passes, and the chain holds, from its first entry to its head. */
async function expectWholeChain(client: Client): Promise<void> {
  const report = await verify(client);
  const failed = report.checks.filter((check) => check.violations > 0);
  expect(failed).toEqual([]);
  const chain = await recomputedChain(client);
  for (const link of chain) expect(link.stored, `entry ${link.id} (seq ${link.seq})`).toBe(link.hash);
  expect(report.chain.firstBroken).toBeNull();
  expect(report.chain.entries).toBe(chain.length);
  expect(report.chain.head).toMatchObject({ seq: chain.length, hash: chain.at(-1)?.hash ?? GENESIS });
}

/** The statement of drizzle/0019_hash_chain.sql that creates the named trigger. */
function migrationStatement(name: string): string {
  const sql = readFileSync(new URL('../drizzle/0019_hash_chain.sql', import.meta.url), 'utf8');
  const statement = sql
    .split('--> statement-breakpoint')
    .map((part) => part.replace(/^\s*--.*$/gm, '').trim())
    .find((part) => part.startsWith(`CREATE TRIGGER ${name} `));
  if (!statement) throw new Error(`no trigger ${name} in 0019_hash_chain.sql`);
  return statement;
}

const gift = (accounts: Record<string, string>, index: number): EntryDraft => ({
  date: `2024-${String((index % 12) + 1).padStart(2, '0')}-${String((index % 28) + 1).padStart(2, '0')}`,
  description: `Ủng hộ #${index}`,
  kind: 'donation',
  reversesEntryId: null,
  postings: [
    { accountId: accounts.bank!, side: 'debit', amountMinor: BigInt(1_000 + index), memo: null },
    {
      accountId: accounts.donation_revenue!,
      side: 'credit',
      amountMinor: BigInt(1_000 + index),
      memo: 'ghi chú',
    },
  ],
});

describe('the journal hash chain', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  async function ledger(kind: 'memory' | 'file' = 'memory') {
    const database = await freshDatabase(kind);
    cleanup = database.cleanup;
    const api = new TestApi(database.client);
    const { fund, accounts } = await provinceWithFund(api);
    return { ...database, api, fund, accounts };
  }

  it('chains every write path: entries, reversals, bulk writes, gifts, voids, payments and transfers', async () => {
    const { client, api, accounts } = await ledger();
    // The demo records gifts, a void, pledges, four-eyes disbursements paid in tranches and transfers
    // between levels, each through its own store method — all of them through commitWithEntries.
    const demo = await seedLaiChauDemo({
      store: new ProjectStore(client),
      nowMs: Date.now,
      chart: DEFAULT_FUND_CHART,
      passwordIterations: 1_000,
      fundRules: DEFAULT_FUND_RULES,
    });
    expect(demo.entries).toBeGreaterThan(10);
    const entry = await api.create('/api/v1/entries', donation(accounts, '2500000'));
    await api.create(`/api/v1/entries/${entry.id}/reverse`, { reason: 'Nhập trùng' });
    await api.create('/api/v1/entries', donation(accounts, '900000'));
    await api.create('/api/v1/entries', disbursement(accounts, '400000'));
    const deps = { store: new LedgerStore(client), nowMs: Date.now };
    const bulk = await postEntries(
      deps,
      systemContext('entries.import'),
      Array.from({ length: 3_000 }, (_, index) => gift(accounts, index)),
    );
    expect(bulk).toHaveLength(3_000);
    const kinds = (await client.execute('SELECT DISTINCT kind FROM journal_entries ORDER BY kind')).rows.map(
      (row) => row.kind,
    );
    expect(kinds).toEqual(expect.arrayContaining(['donation', 'disbursement', 'reversal', 'transfer']));
    await expectWholeChain(client);
  });

  describe('finds an edit made behind the application’s back, naming the entry', () => {
    async function sixEntries() {
      const env = await ledger();
      const entries: Json[] = [];
      for (const amount of ['500000', '700000', '900000']) {
        entries.push(await env.api.create('/api/v1/entries', donation(env.accounts, amount)));
      }
      entries.push(await env.api.create('/api/v1/entries', disbursement(env.accounts, '300000')));
      entries.push(await env.api.create(`/api/v1/entries/${entries[1]!.id}/reverse`, { reason: 'Sai' }));
      entries.push(await env.api.create('/api/v1/entries', donation(env.accounts, '100000')));
      expect(entries.map((entry) => entry.seq)).toEqual([1, 2, 3, 4, 5, 6]);
      await expectWholeChain(env.client);
      return { ...env, entries };
    }

    function expectBrokenAt(report: VerificationReport, seq: number, entryId: string, fault: string) {
      expect(report.ok).toBe(false);
      const check = chainCheck(report);
      expect(check.violations).toBeGreaterThan(0);
      expect(report.chain.firstBroken).toEqual({ seq, entryId, fault });
      expect(check.examples[0]).toContain(`entry ${entryId} (seq ${seq})`);
    }

    it('a posting’s amount', async () => {
      const { client, entries } = await sixEntries();
      await client.execute('DROP TRIGGER postings_immutable_update');
      await client.execute({
        sql: 'UPDATE postings SET amount_minor = amount_minor + 1 WHERE entry_id = ?',
        args: [entries[2]!.id],
      });
      const report = await verify(client);
      expectBrokenAt(report, 3, entries[2]!.id, 'mismatch');
      expect(chainCheck(report).violations).toBe(1);
    });

    it('a posting’s memo, which no other check looks at', async () => {
      const { client, entries } = await sixEntries();
      await client.execute('DROP TRIGGER postings_immutable_update');
      await client.execute({
        sql: "UPDATE postings SET memo = 'Nguyễn Văn B' WHERE entry_id = ?",
        args: [entries[3]!.id],
      });
      const report = await verify(client);
      expect(report.checks.filter((check) => check.violations > 0).map((check) => check.name)).toEqual([
        'hash-chain',
      ]);
      expectBrokenAt(report, 4, entries[3]!.id, 'mismatch');
    });

    it('an entry’s description', async () => {
      const { client, entries } = await sixEntries();
      await client.execute('DROP TRIGGER journal_entries_immutable_update');
      await client.execute({
        sql: "UPDATE journal_entries SET description = 'Ủng hộ (đã sửa)' WHERE id = ?",
        args: [entries[1]!.id],
      });
      const report = await verify(client);
      expect(report.checks.filter((check) => check.violations > 0).map((check) => check.name)).toEqual([
        'hash-chain',
      ]);
      expectBrokenAt(report, 2, entries[1]!.id, 'mismatch');
      expect(chainCheck(report).violations).toBe(1);
    });

    it('a deleted entry: the next one names the gap', async () => {
      const { client, entries } = await sixEntries();
      await client.execute('DROP TRIGGER journal_entries_immutable_delete');
      await client.execute('DROP TRIGGER postings_immutable_delete');
      await client.execute({ sql: 'DELETE FROM postings WHERE entry_id = ?', args: [entries[5]!.id] });
      await client.execute({ sql: 'DELETE FROM journal_entries WHERE id = ?', args: [entries[5]!.id] });
      // The last entry is gone: nothing in the database says so, but its hash was the head anyone may
      // have noted (the integrity endpoint), and that link is no longer there.
      expect((await verify(client)).chain.firstBroken).toBeNull();
      await client.execute({ sql: 'DELETE FROM postings WHERE entry_id = ?', args: [entries[2]!.id] });
      await client.execute({ sql: 'DELETE FROM journal_entries WHERE id = ?', args: [entries[2]!.id] });
      const report = await verify(client);
      expectBrokenAt(report, 4, entries[3]!.id, 'missing-before');
      expect(chainCheck(report).examples[0]).toMatch(/from seq 3 to 3 are missing/);
    });

    it('two entries swapped in the order', async () => {
      const { client, entries } = await sixEntries();
      await client.execute('DROP TRIGGER journal_entries_immutable_update');
      await client.batch(
        [
          'UPDATE journal_entries SET seq = 1000 WHERE seq = 3',
          'UPDATE journal_entries SET seq = 3 WHERE seq = 4',
          'UPDATE journal_entries SET seq = 4 WHERE seq = 1000',
        ],
        'write',
      );
      const report = await verify(client);
      expectBrokenAt(report, 3, entries[3]!.id, 'mismatch');
      expect(chainCheck(report).examples.join('\n')).toContain(`entry ${entries[2]!.id} (seq 4)`);
    });

    it('an entry rewritten and its own hash recomputed: the next link breaks', async () => {
      const { client, entries } = await sixEntries();
      await client.execute('DROP TRIGGER journal_entries_immutable_update');
      await client.execute({
        sql: "UPDATE journal_entries SET description = 'Chi hỗ trợ (giả)' WHERE id = ?",
        args: [entries[3]!.id],
      });
      const forged = (await recomputedChain(client))[3]!;
      await client.execute({ sql: 'UPDATE journal_entries SET hash = ? WHERE seq = 4', args: [forged.hash] });
      const report = await verify(client);
      expectBrokenAt(report, 5, entries[4]!.id, 'mismatch');
    });

    it('the whole tail rewritten and re-hashed: the chain holds again, but not the head someone noted', async () => {
      const { client, api, entries } = await sixEntries();
      const noted = (await api.anonymous().get('/api/v1/public/integrity')).body;
      expect(noted).toMatchObject({ seq: 6 });
      await client.execute('DROP TRIGGER journal_entries_immutable_update');
      await client.execute({
        sql: "UPDATE journal_entries SET description = 'Ủng hộ (giả)' WHERE id = ?",
        args: [entries[0]!.id],
      });
      for (const link of await recomputedChain(client)) {
        await client.execute({
          sql: 'UPDATE journal_entries SET hash = ? WHERE seq = ?',
          args: [link.hash, link.seq],
        });
      }
      expect((await verify(client)).chain.firstBroken).toBeNull();
      const now = (await api.anonymous().get('/api/v1/public/integrity?seq=6')).body;
      expect(now.seq).toBe(6);
      expect(now.hash).not.toBe(noted.hash);
    });
  });

  describe('the database’s own guards', () => {
    it('refuse an entry without a well-formed hash, a gap in the sequence, and any change of a hash', async () => {
      const { client, api, accounts, fund } = await ledger();
      const entry = await api.create('/api/v1/entries', donation(accounts, '500000'));
      const raw = (seq: number | null, hash: unknown) =>
        client.batch(
          [
            {
              sql: `INSERT INTO postings (entry_id, account_id, fund_id, side, amount_minor, currency, entry_date, memo)
                    VALUES ('raw', ?, ?, 'debit', 5, 'VND', '2024-09-12', NULL), ('raw', ?, ?, 'credit', 5, 'VND', '2024-09-12', NULL)`,
              args: [accounts.pledges_receivable!, fund.id, accounts.donation_revenue!, fund.id],
            },
            {
              sql: `INSERT INTO journal_entries (seq, id, entry_date, description, kind, reverses_entry_id, posting_count, created_at_ms, hash)
                    VALUES (?, 'raw', '2024-09-12', 'raw', 'donation', NULL, 2, 0, ?)`,
              args: [seq, hash as string | null],
            },
          ],
          'write',
        );
      await expect(raw(null, null)).rejects.toThrow(/soquy:entry-unhashed/);
      await expect(raw(null, 'A'.repeat(64))).rejects.toThrow(/soquy:entry-unhashed/);
      await expect(raw(null, 'a'.repeat(63))).rejects.toThrow(/soquy:entry-unhashed/);
      await expect(raw(5, 'a'.repeat(64))).rejects.toThrow(/soquy:journal-gap/);
      await expect(
        client.execute({
          sql: 'UPDATE journal_entries SET hash = ? WHERE id = ?',
          args: ['b'.repeat(64), entry.id],
        }),
      ).rejects.toThrow(/soquy:journal-immutable/);
      await expect(
        client.execute({ sql: 'UPDATE journal_entries SET hash = NULL WHERE id = ?', args: [entry.id] }),
      ).rejects.toThrow(/soquy:journal-immutable/);
      expect(Number((await client.execute('SELECT count(*) AS n FROM journal_entries')).rows[0]!.n)).toBe(1);
      await expectWholeChain(client);
    });
  });

  describe('a database made before the chain existed', () => {
    /** Takes every hash away, as if the entries were written before migration 0019. */
    async function forgetHashes(client: Client): Promise<string[]> {
      const before = (await client.execute('SELECT hash FROM journal_entries ORDER BY seq')).rows.map((row) =>
        String(row.hash),
      );
      await client.execute('DROP TRIGGER journal_entries_immutable_update');
      await client.execute('UPDATE journal_entries SET hash = NULL');
      await client.execute(migrationStatement('journal_entries_immutable_update'));
      return before;
    }

    it('is reported by verify, then hashed once — in batches — at the next write, to the same hashes', async () => {
      const { client, accounts } = await ledger();
      const deps = { store: new LedgerStore(client), nowMs: Date.now };
      await postEntries(
        deps,
        systemContext('entries.import'),
        Array.from({ length: 2_500 }, (_, index) => gift(accounts, index)),
      );
      const before = await forgetHashes(client);

      const report = await verify(client);
      expect(report.ok).toBe(false);
      expect(chainCheck(report).violations).toBe(2_500);
      expect(report.chain.firstBroken).toMatchObject({ seq: 1, fault: 'unhashed' });
      expect(chainCheck(report).examples[0]).toMatch(/has no hash/);

      // Only setting a missing hash gets through, and only on its own.
      const first = (await client.execute('SELECT id FROM journal_entries WHERE seq = 1')).rows[0]!
        .id as string;
      await expect(
        client.execute({
          sql: "UPDATE journal_entries SET hash = ?, description = 'sửa' WHERE id = ?",
          args: [before[0]!, first],
        }),
      ).rejects.toThrow(/soquy:journal-immutable/);
      await expect(
        client.execute({ sql: 'UPDATE journal_entries SET hash = ? WHERE id = ?', args: ['xyz', first] }),
      ).rejects.toThrow(/soquy:journal-immutable/);

      // A fresh store (a restarted server): its first write hashes the old entries, then chains on.
      const next = { store: new LedgerStore(client), nowMs: Date.now };
      await postEntries(next, systemContext('entries.create'), [gift(accounts, 9_999)]);
      const after = (await client.execute('SELECT hash FROM journal_entries ORDER BY seq')).rows.map((row) =>
        String(row.hash),
      );
      expect(after.slice(0, 2_500)).toEqual(before);
      expect(after).toHaveLength(2_501);
      await expectWholeChain(client);
      expect(await new LedgerStore(client).backfillChain()).toBe(0);
    });

    it('is hashed the same by two writers starting at once', async () => {
      const { client, url, accounts } = await ledger('file');
      const deps = { store: new LedgerStore(client), nowMs: Date.now };
      await postEntries(
        deps,
        systemContext('entries.import'),
        Array.from({ length: 1_500 }, (_, index) => gift(accounts, index)),
      );
      const before = await forgetHashes(client);
      const other = await openNodeDatabase(url);
      try {
        const counts = await Promise.all([
          new LedgerStore(client).backfillChain(),
          new LedgerStore(other).backfillChain(),
        ]);
        expect(counts[0]! + counts[1]!).toBeGreaterThanOrEqual(1_500);
      } finally {
        other.close();
      }
      const after = (await client.execute('SELECT hash FROM journal_entries ORDER BY seq')).rows.map((row) =>
        String(row.hash),
      );
      expect(after).toEqual(before);
      await expectWholeChain(client);
    });
  });

  describe('concurrent writers on one database file', () => {
    it('two clients in flight at once, singles and bulk writes mixed, keep one chain', async () => {
      const { client, url, api, accounts } = await ledger('file');
      const second = await openNodeDatabase(url);
      try {
        const other = new TestApi(second);
        const both = (index: number) => (index % 2 === 0 ? api : other);
        const work: Promise<unknown>[] = Array.from({ length: 40 }, (_, index) =>
          both(index).create('/api/v1/entries', donation(accounts, String(1_000 + index))),
        );
        work.push(
          postEntries(
            { store: new LedgerStore(second), nowMs: Date.now },
            systemContext('entries.import'),
            Array.from({ length: 500 }, (_, index) => gift(accounts, index)),
          ),
        );
        await Promise.all(work);
        expect(Number((await client.execute('SELECT count(*) AS n FROM journal_entries')).rows[0]!.n)).toBe(
          540,
        );
      } finally {
        second.close();
      }
      await expectWholeChain(client);
    });

    it('two processes writing at once keep one chain', async () => {
      const { client, url, accounts } = await ledger('file');
      const startAtMs = Date.now() + 4_000;
      const run = () =>
        new Promise<{ written: number; failed: number; stderr: string }>((resolve, reject) => {
          const child = spawn(
            process.execPath,
            [
              '--import',
              'tsx',
              'test/support/chain-writer.ts',
              url,
              accounts.bank!,
              accounts.donation_revenue!,
              '100',
              '0',
              String(startAtMs),
            ],
            { stdio: ['ignore', 'pipe', 'pipe'] },
          );
          let stdout = '';
          let stderr = '';
          child.stdout.on('data', (chunk) => {
            stdout += chunk;
          });
          child.stderr.on('data', (chunk) => {
            stderr += chunk;
          });
          child.on('error', reject);
          child.on('close', () => {
            try {
              resolve({ ...JSON.parse(stdout.trim().split('\n').at(-1)!), stderr });
            } catch (error) {
              reject(new Error(`writer said: ${stdout} ${stderr} (${error})`));
            }
          });
        });
      const results = await Promise.all([run(), run()]);
      for (const result of results) expect(result, result.stderr).toMatchObject({ written: 100, failed: 0 });
      expect(Number((await client.execute('SELECT count(*) AS n FROM journal_entries')).rows[0]!.n)).toBe(
        200,
      );
      await expectWholeChain(client);
    });
  });
});

import type { Client, InStatement } from '@libsql/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Json, provinceWithFund, TestApi } from './support/api.ts';
import { freshDatabase } from './support/database.ts';
import { disbursement, donation } from './support/ledger.ts';

/**
 * The database's own guards (drizzle/0001_ledger_guards.sql and the CHECKs), exercised with raw SQL on
 * the libSQL client: no path around the application may write a mutable, unbalanced or misdirected journal.
 */
describe('database guards', () => {
  let client: Client;
  let api: TestApi;
  let cleanup = () => {};
  let fund: Json;
  let accounts: Record<string, string>;
  let entry: Json;

  beforeEach(async () => {
    const database = await freshDatabase('memory');
    client = database.client;
    cleanup = database.cleanup;
    api = new TestApi(client);
    ({ fund, accounts } = await provinceWithFund(api));
    entry = await api.create('/api/v1/entries', donation(accounts, '1000000'));
  });
  afterEach(() => cleanup());

  async function count(sql: string, args: (string | number)[] = []): Promise<number> {
    return Number((await client.execute({ sql, args })).rows[0]!.n);
  }

  async function ledgerState() {
    return {
      entries: await count('SELECT count(*) AS n FROM journal_entries'),
      postings: await count('SELECT count(*) AS n FROM postings'),
      accounts: (
        await client.execute(
          'SELECT id, debit_total_minor, credit_total_minor, status FROM accounts ORDER BY id',
        )
      ).rows.map((row) => [row.id, row.debit_total_minor, row.credit_total_minor, row.status]),
    };
  }

  interface RawPosting {
    accountId: string;
    side: 'debit' | 'credit';
    amount: number;
    fundId?: string;
    currency?: string;
    date?: string;
  }

  function postingInsert(entryId: string, posting: RawPosting, date = '2024-09-12'): InStatement {
    return {
      sql: `INSERT INTO postings (entry_id, account_id, fund_id, side, amount_minor, currency, entry_date, memo)
            VALUES (?, ?, ?, ?, ?, ?, ?, NULL)`,
      args: [
        entryId,
        posting.accountId,
        posting.fundId ?? fund.id,
        posting.side,
        posting.amount,
        posting.currency ?? 'VND',
        posting.date ?? date,
      ],
    };
  }

  function entryInsert(
    entryId: string,
    postingCount: number,
    options: { kind?: string; reverses?: string | null; date?: string } = {},
  ): InStatement {
    return {
      // A well-formed hash (drizzle/0019_hash_chain.sql refuses an entry without one); SQL cannot check
      // that it chains, `soquy verify` does (test/hash-chain.test.ts).
      sql: `INSERT INTO journal_entries (id, entry_date, description, kind, reverses_entry_id, posting_count, created_at_ms, hash)
            VALUES (?, ?, 'raw', ?, ?, ?, 0, '${'0'.repeat(64)}')`,
      args: [
        entryId,
        options.date ?? '2024-09-12',
        options.kind ?? 'donation',
        options.reverses ?? null,
        postingCount,
      ],
    };
  }

  /** Postings first, then the entry row, in one atomic batch — the way the store writes. */
  function rawEntry(
    entryId: string,
    postings: RawPosting[],
    options: { kind?: string; reverses?: string | null; date?: string; postingCount?: number } = {},
  ) {
    return client.batch(
      [
        ...postings.map((p) => postingInsert(entryId, p, options.date)),
        entryInsert(entryId, options.postingCount ?? postings.length, options),
      ],
      'write',
    );
  }

  const balanced = (amount = 5_000): RawPosting[] => [
    { accountId: accounts.pledges_receivable!, side: 'debit', amount },
    { accountId: accounts.donation_revenue!, side: 'credit', amount },
  ];

  it('accepts a well-formed raw entry (the guards are not simply refusing everything)', async () => {
    await rawEntry('raw-ok', balanced());
    expect(await count("SELECT count(*) AS n FROM journal_entries WHERE id = 'raw-ok'")).toBe(1);
    expect(await count("SELECT count(*) AS n FROM postings WHERE entry_id = 'raw-ok'")).toBe(2);
  });

  describe('the journal is append-only', () => {
    it.each([
      ['UPDATE journal_entries', "UPDATE journal_entries SET description = 'sửa' WHERE id = ?"],
      ['UPDATE journal_entries date', "UPDATE journal_entries SET entry_date = '2024-01-01' WHERE id = ?"],
      ['DELETE journal_entries', 'DELETE FROM journal_entries WHERE id = ?'],
      ['UPDATE postings', 'UPDATE postings SET amount_minor = amount_minor + 1 WHERE entry_id = ?'],
      ['UPDATE postings memo', "UPDATE postings SET memo = 'x' WHERE entry_id = ?"],
      ['DELETE postings', 'DELETE FROM postings WHERE entry_id = ?'],
    ])('%s fails with soquy:journal-immutable', async (_label, sql) => {
      const before = await ledgerState();
      await expect(client.execute({ sql, args: [entry.id] })).rejects.toThrow(/soquy:journal-immutable/);
      expect(await ledgerState()).toEqual(before);
      expect((await api.get(`/api/v1/entries/${entry.id}`)).body).toEqual(entry);
    });

    it('refuses deleting the whole journal', async () => {
      await expect(client.execute('DELETE FROM postings')).rejects.toThrow(/soquy:journal-immutable/);
      await expect(client.execute('DELETE FROM journal_entries')).rejects.toThrow(/soquy:journal-immutable/);
      expect(await count('SELECT count(*) AS n FROM postings')).toBe(2);
    });
  });

  describe('entries balance and seal', () => {
    it('refuses an unbalanced entry with soquy:entry-unbalanced, keeping none of its postings', async () => {
      const before = await ledgerState();
      await expect(
        rawEntry('raw-unbalanced', [
          { accountId: accounts.pledges_receivable!, side: 'debit', amount: 5_001 },
          { accountId: accounts.donation_revenue!, side: 'credit', amount: 5_000 },
        ]),
      ).rejects.toThrow(/soquy:entry-unbalanced/);
      expect(await ledgerState()).toEqual(before);
    });

    it('refuses an entry balanced overall but not within each fund', async () => {
      const other = await api.create('/api/v1/funds', {
        unitId: fund.unitId,
        kind: 'other',
        name: 'Quỹ khác',
      });
      const otherRevenue = ((await api.get(`/api/v1/funds/${other.id}`)).body.balances as Json[]).find(
        (b) => b.role === 'donation_revenue',
      )!.accountId;
      await expect(
        rawEntry('raw-cross-fund', [
          { accountId: accounts.pledges_receivable!, side: 'debit', amount: 5_000 },
          { accountId: otherRevenue, fundId: other.id, side: 'credit', amount: 5_000 },
        ]),
      ).rejects.toThrow(/soquy:entry-unbalanced/);
    });

    it('refuses a posting to an entry already written (sealed)', async () => {
      await expect(
        client.execute(postingInsert(entry.id, { accountId: accounts.bank!, side: 'debit', amount: 1 })),
      ).rejects.toThrow(/soquy:entry-sealed/);
      // Even a balanced pair, added together, cannot reopen it.
      await expect(
        client.batch(
          [
            postingInsert(entry.id, { accountId: accounts.pledges_receivable!, side: 'debit', amount: 7 }),
            postingInsert(entry.id, { accountId: accounts.donation_revenue!, side: 'credit', amount: 7 }),
          ],
          'write',
        ),
      ).rejects.toThrow(/soquy:entry-sealed/);
      expect(await count('SELECT count(*) AS n FROM postings WHERE entry_id = ?', [entry.id])).toBe(2);
    });

    it('refuses an entry declaring a different number of postings', async () => {
      await expect(rawEntry('raw-count', balanced(), { postingCount: 3 })).rejects.toThrow(
        /soquy:posting-count/,
      );
      await expect(rawEntry('raw-none', [], { postingCount: 2 })).rejects.toThrow(/soquy:posting-count/);
    });

    it('refuses postings dated differently from their entry', async () => {
      await expect(
        client.batch(
          [
            postingInsert('raw-date', { ...balanced()[0]!, date: '2024-09-11' }),
            postingInsert('raw-date', balanced()[1]!),
            entryInsert('raw-date', 2),
          ],
          'write',
        ),
      ).rejects.toThrow(/soquy:entry-date-mismatch/);
    });

    it.each([
      ['zero', 0],
      ['negative', -5],
      ['above 10^15', 1_000_000_000_000_001],
    ])('refuses a %s amount (CHECK postings_amount_range)', async (_label, amount) => {
      await expect(
        rawEntry('raw-amount', [
          { accountId: accounts.pledges_receivable!, side: 'debit', amount },
          { accountId: accounts.donation_revenue!, side: 'credit', amount },
        ]),
      ).rejects.toThrow(/postings_amount_range/);
    });

    it('refuses an unknown side (CHECK postings_side)', async () => {
      await expect(
        client.execute(
          postingInsert('raw-side', { accountId: accounts.bank!, side: 'up' as 'debit', amount: 1 }),
        ),
      ).rejects.toThrow(/postings_side/);
    });
  });

  describe('postings go to the account they name', () => {
    it('refuses a posting whose currency differs from its account', async () => {
      await expect(
        rawEntry('raw-currency', [
          { accountId: accounts.pledges_receivable!, side: 'debit', amount: 5_000, currency: 'USD' },
          { accountId: accounts.donation_revenue!, side: 'credit', amount: 5_000, currency: 'USD' },
        ]),
      ).rejects.toThrow(/soquy:account-not-open/);
    });

    it('refuses a posting whose fund differs from its account', async () => {
      const other = await api.create('/api/v1/funds', {
        unitId: fund.unitId,
        kind: 'other',
        name: 'Quỹ khác',
      });
      await expect(
        rawEntry('raw-fund', [
          { accountId: accounts.pledges_receivable!, side: 'debit', amount: 5_000, fundId: other.id },
          { accountId: accounts.donation_revenue!, side: 'credit', amount: 5_000, fundId: other.id },
        ]),
      ).rejects.toThrow(/soquy:account-not-open/);
    });

    it('refuses a posting to an unknown or closed account', async () => {
      await expect(
        rawEntry('raw-unknown', [
          { accountId: 'no-such-account', side: 'debit', amount: 5_000 },
          { accountId: accounts.donation_revenue!, side: 'credit', amount: 5_000 },
        ]),
      ).rejects.toThrow(/soquy:account-not-open/);
      await client.execute({
        sql: "UPDATE accounts SET status = 'closed' WHERE id = ?",
        args: [accounts.pledges_receivable!],
      });
      await expect(rawEntry('raw-closed', balanced())).rejects.toThrow(/soquy:account-not-open/);
    });
  });

  describe('reversals', () => {
    it('refuses a second reversal of the same entry (unique index)', async () => {
      const reversal = await api.create(`/api/v1/entries/${entry.id}/reverse`, { reason: 'x' });
      expect(reversal.reversesEntryId).toBe(entry.id);
      await api.create('/api/v1/entries', donation(accounts, '1000000'));
      const mirror: RawPosting[] = [
        { accountId: accounts.bank!, side: 'credit', amount: 1_000_000 },
        { accountId: accounts.donation_revenue!, side: 'debit', amount: 1_000_000 },
      ];
      await expect(
        rawEntry('raw-reversal-2', mirror, { kind: 'reversal', reverses: entry.id, date: reversal.date }),
      ).rejects.toThrow(/UNIQUE constraint failed: journal_entries\.reverses_entry_id/);
      expect(
        await count('SELECT count(*) AS n FROM journal_entries WHERE reverses_entry_id = ?', [entry.id]),
      ).toBe(1);
    });

    it('refuses a reversal of a reversal, and of a missing entry', async () => {
      const reversal = await api.create(`/api/v1/entries/${entry.id}/reverse`, {
        reason: 'x',
        date: '2024-09-12',
      });
      await expect(
        rawEntry('raw-rr', balanced(), { kind: 'reversal', reverses: reversal.id }),
      ).rejects.toThrow(/soquy:reversal-of-reversal/);
      await expect(
        rawEntry('raw-rmissing', balanced(), { kind: 'reversal', reverses: 'no-such-entry' }),
      ).rejects.toThrow(/soquy:reversal-of-reversal/);
    });

    it('refuses a reversal link on a non-reversal and a reversal without one (CHECK)', async () => {
      await expect(
        rawEntry('raw-link', balanced(), { kind: 'donation', reverses: entry.id }),
      ).rejects.toThrow(/journal_entries_reversal_link/);
      await expect(rawEntry('raw-nolink', balanced(), { kind: 'reversal', reverses: null })).rejects.toThrow(
        /journal_entries_reversal_link/,
      );
    });
  });

  describe('accounts', () => {
    it('refuses taking a no-negative bank account below zero (CHECK accounts_non_negative)', async () => {
      await expect(
        client.execute({
          sql: 'UPDATE accounts SET credit_total_minor = credit_total_minor + 1000001 WHERE id = ?',
          args: [accounts.bank!],
        }),
      ).rejects.toThrow(/accounts_non_negative/);
      // Down to exactly zero is allowed; one more is not.
      await client.execute({
        sql: 'UPDATE accounts SET credit_total_minor = credit_total_minor + 1000000 WHERE id = ?',
        args: [accounts.bank!],
      });
      await expect(
        client.execute({
          sql: 'UPDATE accounts SET credit_total_minor = credit_total_minor + 1 WHERE id = ?',
          args: [accounts.bank!],
        }),
      ).rejects.toThrow(/accounts_non_negative/);
    });

    it('lets an account without the rule go below zero', async () => {
      await client.execute({
        sql: 'UPDATE accounts SET credit_total_minor = credit_total_minor + 5 WHERE id = ?',
        args: [accounts.disbursement_expense!],
      });
      expect((await api.get(`/api/v1/accounts/${accounts.disbursement_expense}`)).body.balance).toBe('-5');
    });

    it('refuses totals past 2^53 − 1 or below zero (CHECK accounts_totals_range)', async () => {
      await expect(
        client.execute({
          sql: 'UPDATE accounts SET debit_total_minor = 9007199254740992 WHERE id = ?',
          args: [accounts.pledges_receivable!],
        }),
      ).rejects.toThrow(/accounts_totals_range/);
      await expect(
        client.execute({
          sql: 'UPDATE accounts SET debit_total_minor = -1 WHERE id = ?',
          args: [accounts.disbursement_expense!],
        }),
      ).rejects.toThrow(/accounts_totals_range/);
    });

    it.each([
      ['fund_id', "fund_id = 'x'"],
      ['unit_id', "unit_id = 'x'"],
      ['currency', "currency = 'USD'"],
      ['normal_side', "normal_side = 'credit'"],
      ['type', "type = 'liability'"],
    ])('refuses changing an account %s', async (_label, assignment) => {
      await expect(
        client.execute({ sql: `UPDATE accounts SET ${assignment} WHERE id = ?`, args: [accounts.bank!] }),
      ).rejects.toThrow(/soquy:account-identity-fixed/);
    });

    it('refuses a second account with the same code in a fund (unique index)', async () => {
      await expect(
        client.execute({
          sql: `INSERT INTO accounts (id, fund_id, unit_id, code, name, type, role, currency, normal_side, non_negative, status, created_at_ms)
                VALUES ('dup', ?, ?, '112', 'dup', 'asset', NULL, 'VND', 'debit', 1, 'open', 0)`,
          args: [fund.id, fund.unitId],
        }),
      ).rejects.toThrow(/UNIQUE constraint failed: accounts\.fund_id, accounts\.code/);
    });
  });

  describe('nothing is ever deleted', () => {
    it.each([
      ['accounts', 'soquy:account-permanent'],
      ['funds', 'soquy:fund-permanent'],
      ['units', 'soquy:unit-permanent'],
    ])('DELETE FROM %s fails', async (table, message) => {
      const before = await count(`SELECT count(*) AS n FROM ${table}`);
      expect(before).toBeGreaterThan(0);
      await expect(client.execute(`DELETE FROM ${table}`)).rejects.toThrow(new RegExp(message));
      expect(await count(`SELECT count(*) AS n FROM ${table}`)).toBe(before);
    });
  });

  it('rolls the whole batch back when a guard fires part-way', async () => {
    const before = await ledgerState();
    await expect(
      client.batch(
        [
          ...balanced().map((p) => postingInsert('raw-good', p)),
          entryInsert('raw-good', 2),
          {
            sql: 'UPDATE accounts SET debit_total_minor = debit_total_minor + 5000 WHERE id = ?',
            args: [accounts.pledges_receivable!],
          },
          {
            sql: 'UPDATE accounts SET credit_total_minor = credit_total_minor + 2000000 WHERE id = ?',
            args: [accounts.bank!],
          },
        ],
        'write',
      ),
    ).rejects.toThrow(/accounts_non_negative/);
    expect(await ledgerState()).toEqual(before);
    // The application still works after the refused batch.
    await api.create('/api/v1/entries', disbursement(accounts, '1000000'));
    expect((await api.get(`/api/v1/accounts/${accounts.bank}`)).body.balance).toBe('0');
  });
});

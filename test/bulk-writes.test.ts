import { afterEach, describe, expect, it } from 'vitest';
import { systemContext } from '../src/capabilities/context.ts';
import { postEntries } from '../src/capabilities/entries.ts';
import { verifyLedger } from '../src/capabilities/verify-ledger.ts';
import { LedgerStore } from '../src/db/ledger-store.ts';
import { DomainError } from '../src/domain/errors.ts';
import { isId } from '../src/domain/ids.ts';
import { freshApi, provinceWithFund } from './support/api.ts';
import { countRows } from './support/ledger.ts';

type Accounts = Record<string, string>;

const gift = (accounts: Accounts, amount: bigint, date: string) => ({
  date,
  description: 'Ủng hộ',
  kind: 'donation' as const,
  reversesEntryId: null,
  postings: [
    { accountId: accounts.bank!, side: 'debit' as const, amountMinor: amount, memo: null },
    { accountId: accounts.donation_revenue!, side: 'credit' as const, amountMinor: amount, memo: null },
  ],
});

const payment = (accounts: Accounts, amount: bigint, date: string) => ({
  date,
  description: 'Chi hỗ trợ',
  kind: 'disbursement' as const,
  reversesEntryId: null,
  postings: [
    { accountId: accounts.disbursement_expense!, side: 'debit' as const, amountMinor: amount, memo: null },
    { accountId: accounts.bank!, side: 'credit' as const, amountMinor: amount, memo: null },
  ],
});

describe('the bulk write path (postEntries)', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  async function setup() {
    const env = await freshApi();
    cleanup = env.cleanup;
    const { accounts, fund } = await provinceWithFund(env.api);
    const store = new LedgerStore(env.client);
    return { ...env, accounts, fund, store, deps: { store, nowMs: Date.now } };
  }

  it('accepts a batch whose days arrive out of order when every day stays covered', async () => {
    const { api, accounts, fund, store, deps } = await setup();
    // Bank as of 1/3: 500; as of 10/3: 500 + 500 − 800 = 200. Never below zero on any day, but 10/3
    // comes first in the batch with a net −300 of its own.
    await postEntries(deps, systemContext('entries.create'), [
      gift(accounts, 500n, '2024-03-10'),
      gift(accounts, 500n, '2024-03-01'),
      payment(accounts, 800n, '2024-03-10'),
    ]);
    const bankAsOf = async (asOf: string) => {
      const tb = await api.get(`/api/v1/reports/trial-balance?fundId=${fund.id}&asOf=${asOf}`);
      return tb.body.rows.find((row: { accountId: string }) => row.accountId === accounts.bank).debit;
    };
    expect(await bankAsOf('2024-03-01')).toBe('500');
    expect(await bankAsOf('2024-03-09')).toBe('500');
    expect(await bankAsOf('2024-03-10')).toBe('200');
    expect((await verifyLedger({ store })).ok).toBe(true);
  });

  it('still refuses a batch that leaves the bank below zero on a past day, and writes nothing', async () => {
    const { api, accounts, client, deps } = await setup();
    const refused = postEntries(deps, systemContext('entries.create'), [
      gift(accounts, 500n, '2024-03-10'),
      payment(accounts, 100n, '2024-03-05'),
    ]);
    await expect(refused).rejects.toBeInstanceOf(DomainError);
    await expect(refused).rejects.toMatchObject({ code: 'insufficient-funds' });
    expect(await countRows(api, 'journal_entries')).toBe(0);
    const days = await client.execute('SELECT count(*) AS n FROM account_day_totals');
    expect(Number(days.rows[0]!.n)).toBe(0);
  });

  it('gives the entries of one batch ids that sort in journal order', async () => {
    const { accounts, deps } = await setup();
    const views = await postEntries(
      deps,
      systemContext('entries.create'),
      Array.from({ length: 500 }, (_, index) => gift(accounts, BigInt(index + 1), '2024-05-01')),
    );
    const ids = views.map((view) => view.id);
    expect(ids.every(isId)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    expect(views.map((view) => view.seq)).toEqual(views.map((_, index) => views[0]!.seq + index));
  });

  it('keeps the per-day totals exact for batches reaching back over thousands of days', async () => {
    const { api, accounts, fund, store, deps } = await setup();
    let state = 7;
    const random = () => {
      state = (state * 48_271) % 2_147_483_647;
      return state / 2_147_483_647;
    };
    const day = (from: number, span: number) =>
      new Date(Date.UTC(from, 0, 1) + Math.floor(random() * span) * 86_400_000).toISOString().slice(0, 10);
    // Gifts from 1990 on; payments only from 2030 on, each far below what came in before 2030.
    await postEntries(deps, systemContext('entries.create'), [
      gift(accounts, 10_000_000n, '1990-01-01'),
      ...Array.from({ length: 2_500 }, () =>
        gift(accounts, BigInt(1 + Math.floor(random() * 1_000)), day(1990, 14_000)),
      ),
    ]);
    await postEntries(deps, systemContext('entries.create'), [
      ...Array.from({ length: 1_500 }, () =>
        payment(accounts, BigInt(1 + Math.floor(random() * 1_000)), day(2030, 20_000)),
      ),
      ...Array.from({ length: 1_500 }, () =>
        gift(accounts, BigInt(1 + Math.floor(random() * 1_000)), day(1990, 40_000)),
      ),
    ]);
    expect((await verifyLedger({ store })).ok).toBe(true);
    for (const asOf of ['1995-06-30', '2030-01-01', '2060-12-31']) {
      const tb = await api.get(`/api/v1/reports/trial-balance?fundId=${fund.id}&asOf=${asOf}`);
      const { rows } = await store.client.execute({
        sql: `SELECT account_id, sum(CASE side WHEN 'debit' THEN amount_minor ELSE -amount_minor END) AS net
              FROM postings WHERE entry_date <= ? GROUP BY account_id`,
        args: [asOf],
      });
      const nets = new Map(rows.map((row) => [row.account_id as string, BigInt(row.net as number)]));
      for (const row of tb.body.rows as { accountId: string; debit: string; credit: string }[]) {
        expect(BigInt(row.debit) - BigInt(row.credit)).toBe(nets.get(row.accountId) ?? 0n);
      }
    }
  });
});

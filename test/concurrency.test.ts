import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyLedger } from '../src/capabilities/verify-ledger.ts';
import { openNodeDatabase } from '../src/db/client.ts';
import { LedgerStore } from '../src/db/ledger-store.ts';
import { type ApiResponse, type Json, provinceWithFund, TestApi } from './support/api.ts';
import { freshDatabase } from './support/database.ts';
import { balanceOf, countRows, disbursement, donation, expectProblem } from './support/ledger.ts';

/**
 * Many requests in flight at once through the app, on a file database (WAL, synchronous=FULL): the
 * write queue and the database guards must give the same ledger as one request after another.
 */
describe('concurrent requests on a file database', () => {
  let api: TestApi;
  let cleanup = () => {};
  let accounts: Record<string, string>;
  let fund: Json;
  let url = '';

  beforeEach(async () => {
    const database = await freshDatabase('file');
    url = database.url;
    expect(database.url.startsWith('file:')).toBe(true);
    cleanup = database.cleanup;
    api = new TestApi(database.client);
    ({ fund, accounts } = await provinceWithFund(api));
  });

  afterEach(async () => {
    try {
      // The auditor's pass over the whole database, from a separate store on the same file.
      const report = await verifyLedger({ store: new LedgerStore(api.client) });
      for (const check of report.checks) {
        expect(check.violations, `${check.name}: ${check.examples.join('; ')}`).toBe(0);
      }
      expect(report.checks.length).toBeGreaterThan(0);
      expect(report.ok).toBe(true);
      expect(report.counts.entries).toBe(await countRows(api, 'journal_entries'));
    } finally {
      cleanup();
    }
  });

  function statuses(responses: ApiResponse[]): Record<number, number> {
    const counts: Record<number, number> = {};
    for (const response of responses) counts[response.status] = (counts[response.status] ?? 0) + 1;
    return counts;
  }

  it('posts 48 entries in flight at once, all 201, with the hand-computed balances', async () => {
    const amounts = Array.from({ length: 48 }, (_, index) => (index + 1) * 1_000);
    const responses = await Promise.all(
      amounts.map((amount, index) =>
        api.post(
          '/api/v1/entries',
          donation(
            accounts,
            String(amount),
            `2024-09-${String((index % 28) + 1).padStart(2, '0')}`,
            index % 3 === 0 ? accounts.cash : accounts.bank,
          ),
        ),
      ),
    );
    expect(statuses(responses)).toEqual({ 201: 48 });
    expect(responses.every((r) => r.status < 500)).toBe(true);

    const ids = responses.map((r) => r.body.id);
    expect(new Set(ids).size).toBe(48);
    const seqs = responses.map((r) => r.body.seq as number).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 48 }, (_, index) => index + 1));
    const postingIds = responses.flatMap((r) => r.body.postings.map((p: Json) => p.id as number));
    expect(new Set(postingIds).size).toBe(96);

    const cashTotal = amounts.filter((_, index) => index % 3 === 0).reduce((sum, amount) => sum + amount, 0);
    const bankTotal = amounts.filter((_, index) => index % 3 !== 0).reduce((sum, amount) => sum + amount, 0);
    expect(cashTotal + bankTotal).toBe((48 * 49 * 1_000) / 2);
    expect(await balanceOf(api, accounts.cash!)).toBe(String(cashTotal));
    expect(await balanceOf(api, accounts.bank!)).toBe(String(bankTotal));
    expect(await balanceOf(api, accounts.donation_revenue!)).toBe(String(cashTotal + bankTotal));
    expect(await countRows(api, 'journal_entries')).toBe(48);
    expect(await countRows(api, 'postings')).toBe(96);
    const tb = (await api.get(`/api/v1/reports/trial-balance?fundId=${fund.id}`)).body;
    expect(tb.totals).toEqual({
      currency: 'VND',
      debit: String(cashTotal + bankTotal),
      credit: String(cashTotal + bankTotal),
    });
  });

  it('turns 20 concurrent retries of one idempotency key and body into exactly one entry', async () => {
    const headers = { 'Idempotency-Key': 'gift-concurrent-1' };
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => api.post('/api/v1/entries', donation(accounts, '750000'), headers)),
    );
    expect(statuses(responses)).toEqual({ 201: 20 });
    const fresh = responses.filter((r) => r.headers.get('Idempotency-Hit') === null);
    const replays = responses.filter((r) => r.headers.get('Idempotency-Hit') === 'true');
    expect(fresh).toHaveLength(1);
    expect(replays).toHaveLength(19);
    for (const replay of replays) expect(replay.body).toEqual(fresh[0]!.body);
    expect(await countRows(api, 'journal_entries')).toBe(1);
    expect(await balanceOf(api, accounts.bank!)).toBe('750000');
  });

  it('refuses all but one of the same key with different bodies, in flight at once', async () => {
    const headers = { 'Idempotency-Key': 'gift-concurrent-2' };
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        api.post('/api/v1/entries', donation(accounts, String(1_000 + index)), headers),
      ),
    );
    expect(statuses(responses)).toEqual({ 201: 1, 409: 9 });
    for (const response of responses.filter((r) => r.status === 409))
      expectProblem(response, 'idempotency-conflict');
    const winner = responses.find((r) => r.status === 201)!;
    expect(await balanceOf(api, accounts.bank!)).toBe(winner.body.postings[0].amount);
    expect(await countRows(api, 'journal_entries')).toBe(1);
  });

  it('lets exactly one of 10 concurrent reversals of an entry through', async () => {
    const original = await api.create('/api/v1/entries', donation(accounts, '1000000'));
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        api.post(`/api/v1/entries/${original.id}/reverse`, { reason: `Nhập trùng #${index}` }),
      ),
    );
    expect(statuses(responses)).toEqual({ 201: 1, 409: 9 });
    const reversal = responses.find((r) => r.status === 201)!.body;
    for (const response of responses.filter((r) => r.status === 409)) {
      expect(expectProblem(response, 'already-reversed').reversedByEntryId).toBe(reversal.id);
    }
    expect((await api.get(`/api/v1/entries/${original.id}`)).body.reversedByEntryId).toBe(reversal.id);
    expect(await countRows(api, 'journal_entries')).toBe(2);
    expect(await balanceOf(api, accounts.bank!)).toBe('0');
    expect(await balanceOf(api, accounts.donation_revenue!)).toBe('0');
  });

  it('never lets concurrent withdrawals take the bank below zero', async () => {
    await api.create('/api/v1/entries', donation(accounts, '1000000'));
    const responses = await Promise.all(
      Array.from({ length: 30 }, () => api.post('/api/v1/entries', disbursement(accounts, '100000'))),
    );
    expect(statuses(responses)).toEqual({ 201: 10, 422: 20 });
    for (const response of responses.filter((r) => r.status === 422)) {
      expect(expectProblem(response, 'insufficient-funds').accountId).toBe(accounts.bank);
    }
    expect(await balanceOf(api, accounts.bank!)).toBe('0');
    expect(await balanceOf(api, accounts.disbursement_expense!)).toBe('1000000');
    expect(await countRows(api, 'journal_entries')).toBe(11);
  });

  it('keeps a mix of gifts, withdrawals, reversals and reads consistent', async () => {
    await api.create('/api/v1/entries', donation(accounts, '500000'));
    const gift = await api.create(
      '/api/v1/entries',
      donation(accounts, '200000', '2024-09-13', accounts.cash),
    );
    const work: Promise<ApiResponse>[] = [];
    for (let index = 0; index < 12; index += 1) {
      work.push(api.post('/api/v1/entries', donation(accounts, '10000')));
      work.push(api.post('/api/v1/entries', disbursement(accounts, '60000')));
      work.push(api.get(`/api/v1/accounts/${accounts.bank}`));
      work.push(api.get('/api/v1/reports/trial-balance'));
    }
    work.push(api.post(`/api/v1/entries/${gift.id}/reverse`, { reason: 'x' }));
    const responses = await Promise.all(work);
    expect(responses.every((r) => r.status < 500)).toBe(true);
    for (const response of responses) {
      if (response.status !== 200) continue;
      if ('balance' in response.body) expect(BigInt(response.body.balance)).toBeGreaterThanOrEqual(0n);
      if ('totals' in response.body) expect(response.body.totals.debit).toBe(response.body.totals.credit);
    }
    const withdrawals = responses.filter((r) => r.status === 201 && r.body.kind === 'disbursement').length;
    const refused = responses.filter((r) => r.status === 422).length;
    expect(withdrawals + refused).toBe(12);
    const bank = BigInt(await balanceOf(api, accounts.bank!));
    expect(bank).toBe(500_000n + 12n * 10_000n - BigInt(withdrawals) * 60_000n);
    expect(bank).toBeGreaterThanOrEqual(0n);
    expect(await balanceOf(api, accounts.cash!)).toBe('0');
  });

  it('holds across two writers on the same file, each with its own client and write queue', async () => {
    // Like two processes: the in-process queue no longer orders them; the database guards must.
    const other = new TestApi(await openNodeDatabase(url));
    try {
      const both = (index: number) => (index % 2 === 0 ? api : other);
      const gifts = await Promise.all(
        Array.from({ length: 24 }, (_, index) =>
          both(index).post('/api/v1/entries', donation(accounts, '5000')),
        ),
      );
      expect(statuses(gifts)).toEqual({ 201: 24 });
      expect(new Set(gifts.map((r) => r.body.seq)).size).toBe(24);

      const draws = await Promise.all(
        Array.from({ length: 30 }, (_, index) =>
          both(index).post('/api/v1/entries', disbursement(accounts, '10000')),
        ),
      );
      expect(statuses(draws)).toEqual({ 201: 12, 422: 18 });
      expect(await balanceOf(api, accounts.bank!)).toBe('0');

      const headers = { 'Idempotency-Key': 'two-writers' };
      const retries = await Promise.all(
        Array.from({ length: 10 }, (_, index) =>
          both(index).post('/api/v1/entries', donation(accounts, '7'), headers),
        ),
      );
      expect(statuses(retries)).toEqual({ 201: 10 });
      expect(retries.filter((r) => r.headers.get('Idempotency-Hit') === 'true')).toHaveLength(9);
      expect(new Set(retries.map((r) => r.body.id)).size).toBe(1);

      const original = retries[0]!.body;
      const reversals = await Promise.all(
        Array.from({ length: 10 }, (_, index) =>
          both(index).post(`/api/v1/entries/${original.id}/reverse`, { reason: 'x' }),
        ),
      );
      expect(statuses(reversals)).toEqual({ 201: 1, 409: 9 });
      expect(await balanceOf(api, accounts.bank!)).toBe('0');
      expect(await balanceOf(other, accounts.bank!)).toBe('0');
      expect(await countRows(api, 'journal_entries')).toBe(24 + 12 + 1 + 1);
    } finally {
      other.client.close();
    }
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Json, provinceWithFund, TestApi } from '../support/api.ts';
import { freshDatabase } from '../support/database.ts';
import {
  accountOf,
  balanceOf,
  countRows,
  disbursement,
  donation,
  entryBody,
  expectProblem,
  type PostingInput,
} from '../support/ledger.ts';

/** "Now" for these tests: 1 October 2024, 10:00 in Vietnam. */
const NOW_MS = Date.parse('2024-10-01T03:00:00Z');

describe('entries API', () => {
  let api: TestApi;
  let cleanup = () => {};
  let fund: Json;
  let unit: Json;
  let accounts: Record<string, string>;
  beforeEach(async () => {
    const database = await freshDatabase('memory');
    cleanup = database.cleanup;
    api = new TestApi(database.client, () => NOW_MS);
    ({ fund, unit, accounts } = await provinceWithFund(api));
  });
  afterEach(() => cleanup());

  /** Every balance of the fund, the trial balance and the row counts: what a refusal must not change. */
  async function snapshot() {
    return {
      fund: (await api.get(`/api/v1/funds/${fund.id}`)).body,
      trialBalance: (await api.get('/api/v1/reports/trial-balance')).body,
      bankPostings: (await api.get(`/api/v1/accounts/${accounts.bank}/postings?limit=500`)).body,
      entries: await countRows(api, 'journal_entries'),
      postings: await countRows(api, 'postings'),
    };
  }

  describe('POST /api/v1/entries', () => {
    it('records a balanced entry and returns it', async () => {
      const body = entryBody([
        { accountId: accounts.bank!, side: 'debit', amount: '1500000', memo: 'UNC 0912' },
        { accountId: accounts.donation_revenue!, side: 'credit', amount: '1500000' },
      ]);
      const response = await api.post('/api/v1/entries', body);
      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        id: expect.any(String),
        seq: 1,
        date: '2024-09-12',
        description: 'Ủng hộ đồng bào',
        kind: 'donation',
        reversesEntryId: null,
        reversedByEntryId: null,
        createdAt: new Date(NOW_MS).toISOString(),
        postings: [
          {
            id: 1,
            accountId: accounts.bank,
            side: 'debit',
            amount: '1500000',
            currency: 'VND',
            memo: 'UNC 0912',
          },
          {
            id: 2,
            accountId: accounts.donation_revenue,
            side: 'credit',
            amount: '1500000',
            currency: 'VND',
            memo: null,
          },
        ],
      });
      expect(await balanceOf(api, accounts.bank!)).toBe('1500000');
      expect(await balanceOf(api, accounts.donation_revenue!)).toBe('1500000');
    });

    it('numbers entries and postings in order', async () => {
      const first = await api.create('/api/v1/entries', donation(accounts, '100'));
      const second = await api.create('/api/v1/entries', donation(accounts, '200'));
      expect([first.seq, second.seq]).toEqual([1, 2]);
      expect(second.postings.map((p: Json) => p.id)).toEqual([3, 4]);
    });

    it('records the largest amount, 10^15 đồng', async () => {
      await api.create('/api/v1/entries', donation(accounts, '1000000000000000'));
      expect(await balanceOf(api, accounts.bank!)).toBe('1000000000000000');
    });

    it('accepts 500 postings', async () => {
      const postings: PostingInput[] = [];
      for (let index = 0; index < 250; index += 1) {
        postings.push({ accountId: accounts.bank!, side: 'debit', amount: '1000' });
        postings.push({ accountId: accounts.donation_revenue!, side: 'credit', amount: '1000' });
      }
      const entry = await api.create('/api/v1/entries', entryBody(postings));
      expect(entry.postings).toHaveLength(500);
      expect(await balanceOf(api, accounts.bank!)).toBe('250000');
    });

    it('refuses an unbalanced entry with 422 and writes nothing', async () => {
      const before = await snapshot();
      const body = expectProblem(
        await api.post(
          '/api/v1/entries',
          entryBody([
            { accountId: accounts.bank!, side: 'debit', amount: '1500000' },
            { accountId: accounts.donation_revenue!, side: 'credit', amount: '1499999' },
          ]),
        ),
        'entry-unbalanced',
        ['postings'],
      );
      expect(body.detail).toContain('debits exceed credits by 1');
      expect(await snapshot()).toEqual(before);
    });

    it('refuses an entry balanced overall but not within each fund', async () => {
      const other = await api.create('/api/v1/funds', { unitId: unit.id, kind: 'other', name: 'Quỹ nhận' });
      const otherBank = ((await api.get(`/api/v1/funds/${other.id}`)).body.balances as Json[]).find(
        (b) => b.role === 'bank',
      )!.accountId;
      await api.create('/api/v1/entries', donation(accounts, '1000000'));
      const before = await snapshot();
      const body = expectProblem(
        await api.post(
          '/api/v1/entries',
          entryBody(
            [
              { accountId: otherBank, side: 'debit', amount: '500000' },
              { accountId: accounts.bank!, side: 'credit', amount: '500000' },
            ],
            { kind: 'transfer' },
          ),
        ),
        'entry-unbalanced',
        ['postings'],
      );
      expect(body.detail).toContain('within each fund');
      expect(await snapshot()).toEqual(before);
    });

    describe('in two currencies', () => {
      async function usdAccounts() {
        const bankUsd = await api.create('/api/v1/accounts', {
          fundId: fund.id,
          code: '1122',
          name: 'Tiền gửi USD',
          type: 'asset',
          currency: 'USD',
          role: 'bank',
          nonNegative: true,
        });
        const tradingUsd = await api.create('/api/v1/accounts', {
          fundId: fund.id,
          code: '4132',
          name: 'Mua bán ngoại tệ (USD)',
          type: 'net_assets',
          currency: 'USD',
        });
        return { bankUsd: bankUsd.id as string, tradingUsd: tradingUsd.id as string };
      }

      it('accepts an exchange balanced in each currency', async () => {
        const { bankUsd, tradingUsd } = await usdAccounts();
        await api.create('/api/v1/entries', donation(accounts, '5000000'));
        const entry = await api.create(
          '/api/v1/entries',
          entryBody(
            [
              { accountId: bankUsd, side: 'debit', amount: '10000' },
              { accountId: tradingUsd, side: 'credit', amount: '10000' },
              { accountId: accounts.currency_trading!, side: 'debit', amount: '2534550' },
              { accountId: accounts.bank!, side: 'credit', amount: '2534550' },
            ],
            { kind: 'exchange', description: 'Mua 100 USD' },
          ),
        );
        expect(entry.postings.map((p: Json) => p.currency)).toEqual(['USD', 'USD', 'VND', 'VND']);
        expect(await balanceOf(api, bankUsd)).toBe('10000');
        expect(await balanceOf(api, accounts.bank!)).toBe('2465450');
        const tb = (await api.get(`/api/v1/reports/trial-balance?fundId=${fund.id}`)).body;
        expect(tb.totalsByCurrency).toEqual([
          { currency: 'VND', debit: '5000000', credit: '5000000' },
          { currency: 'USD', debit: '10000', credit: '10000' },
        ]);
      });

      it('refuses an exchange unbalanced in one currency', async () => {
        const { bankUsd, tradingUsd } = await usdAccounts();
        await api.create('/api/v1/entries', donation(accounts, '5000000'));
        const before = await snapshot();
        const body = expectProblem(
          await api.post(
            '/api/v1/entries',
            entryBody(
              [
                { accountId: bankUsd, side: 'debit', amount: '10000' },
                { accountId: tradingUsd, side: 'credit', amount: '9000' },
                { accountId: accounts.currency_trading!, side: 'debit', amount: '2534550' },
                { accountId: accounts.bank!, side: 'credit', amount: '2534550' },
              ],
              { kind: 'exchange' },
            ),
          ),
          'entry-unbalanced',
        );
        expect(body.detail).toContain('USD');
        expect(await snapshot()).toEqual(before);
        expect(await balanceOf(api, bankUsd)).toBe('0');
      });
    });

    it('refuses an unknown account with 422 account-not-found naming the posting', async () => {
      expectProblem(
        await api.post(
          '/api/v1/entries',
          entryBody([
            { accountId: accounts.bank!, side: 'debit', amount: '100' },
            { accountId: 'no-such-account', side: 'credit', amount: '100' },
          ]),
        ),
        'account-not-found',
        ['postings.1.accountId'],
      );
      expect(await countRows(api, 'journal_entries')).toBe(0);
    });

    it('refuses a closed account with 422 account-closed', async () => {
      await api.client.execute({
        sql: "UPDATE accounts SET status = 'closed' WHERE id = ?",
        args: [accounts.cash!],
      });
      expectProblem(
        await api.post('/api/v1/entries', donation(accounts, '100', '2024-09-12', accounts.cash)),
        'account-closed',
        ['postings.0.accountId'],
      );
      expect(await countRows(api, 'journal_entries')).toBe(0);
    });

    it('refuses an entry that would take the bank below zero, and changes nothing', async () => {
      await api.create('/api/v1/entries', donation(accounts, '1000000'));
      await api.create('/api/v1/entries', donation(accounts, '300000', '2024-09-12', accounts.cash));
      const before = await snapshot();
      const body = expectProblem(
        await api.post('/api/v1/entries', disbursement(accounts, '1000001')),
        'insufficient-funds',
      );
      expect(body.accountId).toBe(accounts.bank);
      expect(await snapshot()).toEqual(before);
      expect(before.entries).toBe(2);
      expect(before.trialBalance.totals).toEqual({ currency: 'VND', debit: '1300000', credit: '1300000' });
      expect(await balanceOf(api, accounts.bank!)).toBe('1000000');
      // Exactly the balance is fine.
      await api.create('/api/v1/entries', disbursement(accounts, '1000000'));
      expect(await balanceOf(api, accounts.bank!)).toBe('0');
    });

    it('refuses an account total past 2^53 − 1 with 422 account-total-limit', async () => {
      const tenTimes = (accountId: string, side: 'debit' | 'credit') =>
        Array.from({ length: 10 }, (): PostingInput => ({ accountId, side, amount: '1000000000000000' }));
      const before = await snapshot();
      expectProblem(
        await api.post(
          '/api/v1/entries',
          entryBody([
            ...tenTimes(accounts.pledges_receivable!, 'debit'),
            ...tenTimes(accounts.donation_revenue!, 'credit'),
          ]),
        ),
        'account-total-limit',
      );
      expect(await snapshot()).toEqual(before);
    });

    describe('field validation (422, every field named)', () => {
      const bank = (amount: unknown) => ({ accountId: 'A', side: 'debit', amount });
      it.each([
        ['one posting', { postings: [{ accountId: 'A', side: 'debit', amount: '1' }] }, ['postings']],
        ['no postings', { postings: [] }, ['postings']],
        ['postings not an array', { postings: {} }, ['postings']],
        ['an amount as a JSON number', { amount: 1500000 }, ['postings.0.amount']],
        ['a negative amount', { amount: '-1500000' }, ['postings.0.amount']],
        ['a signed amount', { amount: '+1500000' }, ['postings.0.amount']],
        ['a fractional amount', { amount: '1500000.5' }, ['postings.0.amount']],
        ['a decimal-point amount', { amount: '1500000.0' }, ['postings.0.amount']],
        ['an exponent amount', { amount: '1e6' }, ['postings.0.amount']],
        ['an amount with spaces', { amount: ' 1500000' }, ['postings.0.amount']],
        ['an amount with grouping', { amount: '1.500.000' }, ['postings.0.amount']],
        ['an amount with a leading zero', { amount: '01500000' }, ['postings.0.amount']],
        ['a zero amount', { amount: '0' }, ['postings.0.amount']],
        ['an amount above 10^15', { amount: '1000000000000001' }, ['postings.0.amount']],
        ['an amount of 20 digits', { amount: '1'.repeat(20) }, ['postings.0.amount']],
        ['an empty amount', { amount: '' }, ['postings.0.amount']],
        ['a null amount', { amount: null }, ['postings.0.amount']],
        ['an unknown side', { side: 'left' }, ['postings.0.side']],
        ['an empty account id', { accountId: '' }, ['postings.0.accountId']],
        ['an account id too long', { accountId: 'a'.repeat(65) }, ['postings.0.accountId']],
        ['a memo too long', { memo: 'm'.repeat(501) }, ['postings.0.memo']],
        ['an unknown posting field', { currency: 'VND' }, ['postings.0.currency']],
      ])('refuses %s', async (_label, change, fields) => {
        const first = { ...bank('1000'), accountId: accounts.bank, ...change };
        const body =
          'postings' in change
            ? { ...entryBody([]), ...change }
            : entryBody([
                first as PostingInput,
                { accountId: accounts.donation_revenue!, side: 'credit', amount: '1000' },
              ]);
        expectProblem(await api.post('/api/v1/entries', body), 'validation-failed', fields);
        expect(await countRows(api, 'journal_entries')).toBe(0);
      });

      it.each([
        ['30 February', '2024-02-30'],
        ['29 February of a common year', '2023-02-29'],
        ['month 13', '2024-13-01'],
        ['day 0', '2024-01-00'],
        ['a two-digit year', '24-01-01'],
        ['slashes', '2024/01/01'],
        ['a time', '2024-01-01T00:00:00Z'],
        ['a date before 1990', '1989-12-31'],
        ['a date after 2099', '2100-01-01'],
        ['an empty date', ''],
      ])('refuses %s as a date', async (_label, date) => {
        expectProblem(
          await api.post('/api/v1/entries', donation(accounts, '100', date)),
          'validation-failed',
          ['date'],
        );
      });

      it('accepts 29 February of a leap year and the range ends', async () => {
        for (const date of ['2024-02-29', '1990-01-01', '2099-12-31']) {
          expect((await api.post('/api/v1/entries', donation(accounts, '100', date))).status).toBe(201);
        }
      });

      it.each([
        ['a missing description', { description: undefined }, ['description']],
        ['a blank description', { description: '  ' }, ['description']],
        ['a description too long', { description: 'd'.repeat(501) }, ['description']],
        ['an unknown kind', { kind: 'gift' }, ['kind']],
        ['an unknown top-level field', { unitId: 'x' }, ['unitId']],
        ['a reversesEntryId field', { reversesEntryId: 'x' }, ['reversesEntryId']],
      ])('refuses %s', async (_label, change, fields) => {
        expectProblem(
          await api.post('/api/v1/entries', { ...donation(accounts, '100'), ...change }),
          'validation-failed',
          fields,
        );
      });

      it('names every bad field of one request', async () => {
        const body = {
          date: '2024-02-30',
          description: '',
          kind: 'donation',
          postings: [
            { accountId: accounts.bank, side: 'debit', amount: 100 },
            { accountId: accounts.donation_revenue, side: 'up', amount: '1e2', extra: true },
          ],
        };
        expectProblem(await api.post('/api/v1/entries', body), 'validation-failed', [
          'date',
          'description',
          'postings.0.amount',
          'postings.1.side',
          'postings.1.amount',
          'postings.1.extra',
        ]);
      });

      it('refuses 501 postings', async () => {
        const postings = Array.from({ length: 501 }, (_, index) => ({
          accountId: index % 2 === 0 ? accounts.bank : accounts.donation_revenue,
          side: index % 2 === 0 ? 'debit' : 'credit',
          amount: '1',
        }));
        expectProblem(
          await api.post('/api/v1/entries', { ...entryBody([]), postings }),
          'validation-failed',
          ['postings'],
        );
      });

      it('sends reversals to the reverse action', async () => {
        expectProblem(
          await api.post('/api/v1/entries', { ...donation(accounts, '100'), kind: 'reversal' }),
          'validation-failed',
          ['kind'],
        );
        expect(await countRows(api, 'journal_entries')).toBe(0);
      });
    });

    describe('idempotency', () => {
      const headers = { 'Idempotency-Key': 'gift-2024-09-12-001' };

      it('replays the same key and body: same entry, Idempotency-Hit, no second posting', async () => {
        const first = await api.post('/api/v1/entries', donation(accounts, '1500000'), headers);
        expect(first.status).toBe(201);
        expect(first.headers.get('Idempotency-Hit')).toBeNull();
        const again = await api.post('/api/v1/entries', donation(accounts, '1500000'), headers);
        expect(again.status).toBe(201);
        expect(again.headers.get('Idempotency-Hit')).toBe('true');
        expect(again.body).toEqual(first.body);
        expect(await balanceOf(api, accounts.bank!)).toBe('1500000');
        expect(await countRows(api, 'journal_entries')).toBe(1);
        expect((await api.get(`/api/v1/accounts/${accounts.bank}/postings`)).body.items).toHaveLength(1);
      });

      it('replays a retry whose JSON differs only in key order and spacing', async () => {
        const first = await api.post('/api/v1/entries', donation(accounts, '1500000'), headers);
        const body = donation(accounts, '1500000');
        const reordered = `{ "postings": ${JSON.stringify(body.postings, null, 2)},
          "kind": "donation", "description": ${JSON.stringify(body.description)}, "date": "2024-09-12" }`;
        const again = await api.post('/api/v1/entries', reordered, headers);
        expect(again.status).toBe(201);
        expect(again.headers.get('Idempotency-Hit')).toBe('true');
        expect(again.body.id).toBe(first.body.id);
        expect(await balanceOf(api, accounts.bank!)).toBe('1500000');
      });

      it('refuses the same key with a different body with 409 and posts nothing', async () => {
        await api.create('/api/v1/entries', donation(accounts, '1500000'), headers);
        expectProblem(
          await api.post('/api/v1/entries', donation(accounts, '1500001'), headers),
          'idempotency-conflict',
        );
        expect(await balanceOf(api, accounts.bank!)).toBe('1500000');
        expect(await countRows(api, 'journal_entries')).toBe(1);
      });

      it('keeps keys apart per client key: another key is another entry', async () => {
        await api.create('/api/v1/entries', donation(accounts, '100'), headers);
        await api.create('/api/v1/entries', donation(accounts, '100'), { 'Idempotency-Key': 'gift-2' });
        expect(await balanceOf(api, accounts.bank!)).toBe('200');
      });

      it('does not remember a refusal: the same key succeeds once the request can', async () => {
        expectProblem(
          await api.post('/api/v1/entries', disbursement(accounts, '500'), headers),
          'insufficient-funds',
        );
        await api.create('/api/v1/entries', donation(accounts, '500'));
        const retry = await api.post('/api/v1/entries', disbursement(accounts, '500'), headers);
        expect(retry.status).toBe(201);
        expect(retry.headers.get('Idempotency-Hit')).toBeNull();
        expect(await balanceOf(api, accounts.bank!)).toBe('0');
      });
    });
  });

  describe('GET /api/v1/entries/:id', () => {
    it('returns the entry as it was posted', async () => {
      const entry = await api.create('/api/v1/entries', donation(accounts, '1500000'));
      const response = await api.get(`/api/v1/entries/${entry.id}`);
      expect(response.status).toBe(200);
      expect(response.body).toEqual(entry);
    });

    it('answers 404 for an unknown entry', async () => {
      expectProblem(await api.get('/api/v1/entries/01900000-0000-7000-8000-000000000000'), 'not-found');
    });
  });

  describe('POST /api/v1/entries/:id/reverse', () => {
    it('posts the mirror entry, links both ways and restores every balance', async () => {
      const original = await api.create('/api/v1/entries', donation(accounts, '1500000'));
      const response = await api.post(`/api/v1/entries/${original.id}/reverse`, { reason: 'Nhập trùng' });
      expect(response.status).toBe(201);
      const reversal = response.body;
      expect(reversal).toMatchObject({
        seq: 2,
        kind: 'reversal',
        reversesEntryId: original.id,
        reversedByEntryId: null,
        description: 'Reversal: Nhập trùng',
        date: '2024-10-01',
      });
      expect(reversal.postings.map((p: Json) => [p.accountId, p.side, p.amount])).toEqual([
        [accounts.bank, 'credit', '1500000'],
        [accounts.donation_revenue, 'debit', '1500000'],
      ]);
      expect((await api.get(`/api/v1/entries/${original.id}`)).body.reversedByEntryId).toBe(reversal.id);
      expect((await api.get(`/api/v1/entries/${reversal.id}`)).body).toEqual(reversal);
      expect(await accountOf(api, accounts.bank!)).toMatchObject({
        debitTotal: '1500000',
        creditTotal: '1500000',
        balance: '0',
      });
      expect(await balanceOf(api, accounts.donation_revenue!)).toBe('0');
    });

    it('dates the reversal on the original date when that is later than today', async () => {
      const original = await api.create('/api/v1/entries', donation(accounts, '100', '2024-12-31'));
      const reversal = await api.create(`/api/v1/entries/${original.id}/reverse`, { reason: 'Sai ngày' });
      expect(reversal.date).toBe('2024-12-31');
    });

    it('takes an explicit date on or after the original, and refuses one before it', async () => {
      const original = await api.create('/api/v1/entries', donation(accounts, '100', '2024-09-12'));
      expectProblem(
        await api.post(`/api/v1/entries/${original.id}/reverse`, { reason: 'x', date: '2024-09-11' }),
        'validation-failed',
        ['date'],
      );
      const reversal = await api.create(`/api/v1/entries/${original.id}/reverse`, {
        reason: 'x',
        date: '2024-09-12',
      });
      expect(reversal.date).toBe('2024-09-12');
    });

    it('refuses a second reversal with 409 and names the first', async () => {
      const original = await api.create('/api/v1/entries', donation(accounts, '1500000'));
      const reversal = await api.create(`/api/v1/entries/${original.id}/reverse`, { reason: 'x' });
      const body = expectProblem(
        await api.post(`/api/v1/entries/${original.id}/reverse`, { reason: 'again' }),
        'already-reversed',
      );
      expect(body.reversedByEntryId).toBe(reversal.id);
      expect(await countRows(api, 'journal_entries')).toBe(2);
      expect(await balanceOf(api, accounts.bank!)).toBe('0');
    });

    it('refuses to reverse a reversal with 409', async () => {
      const original = await api.create('/api/v1/entries', donation(accounts, '1500000'));
      const reversal = await api.create(`/api/v1/entries/${original.id}/reverse`, { reason: 'x' });
      expectProblem(
        await api.post(`/api/v1/entries/${reversal.id}/reverse`, { reason: 'undo the undo' }),
        'reversal-of-reversal',
      );
      expect(await countRows(api, 'journal_entries')).toBe(2);
    });

    it('answers 404 for an unknown entry', async () => {
      expectProblem(await api.post('/api/v1/entries/nope/reverse', { reason: 'x' }), 'not-found');
    });

    it('refuses a reversal that would take the bank below zero', async () => {
      const gift = await api.create('/api/v1/entries', donation(accounts, '1000000'));
      await api.create('/api/v1/entries', disbursement(accounts, '600000'));
      expectProblem(
        await api.post(`/api/v1/entries/${gift.id}/reverse`, { reason: 'x' }),
        'insufficient-funds',
      );
      expect((await api.get(`/api/v1/entries/${gift.id}`)).body.reversedByEntryId).toBeNull();
      expect(await balanceOf(api, accounts.bank!)).toBe('400000');
    });

    it.each([
      ['a missing reason', {}, ['reason']],
      ['a blank reason', { reason: ' ' }, ['reason']],
      ['a reason too long', { reason: 'r'.repeat(501) }, ['reason']],
      ['a bad date', { reason: 'x', date: '2024-02-30' }, ['date']],
      ['an unknown field', { reason: 'x', amount: '1' }, ['amount']],
    ])('refuses %s with 422', async (_label, body, fields) => {
      const original = await api.create('/api/v1/entries', donation(accounts, '100'));
      expectProblem(
        await api.post(`/api/v1/entries/${original.id}/reverse`, body),
        'validation-failed',
        fields,
      );
      expect(await countRows(api, 'journal_entries')).toBe(1);
    });

    it('replays an idempotent reversal instead of refusing it', async () => {
      const original = await api.create('/api/v1/entries', donation(accounts, '100'));
      const headers = { 'Idempotency-Key': 'reverse-1' };
      const first = await api.post(`/api/v1/entries/${original.id}/reverse`, { reason: 'x' }, headers);
      const again = await api.post(`/api/v1/entries/${original.id}/reverse`, { reason: 'x' }, headers);
      expect(first.status).toBe(201);
      expect(again.status).toBe(201);
      expect(again.headers.get('Idempotency-Hit')).toBe('true');
      expect(again.body.id).toBe(first.body.id);
      expect(await countRows(api, 'journal_entries')).toBe(2);
      expectProblem(
        await api.post(`/api/v1/entries/${original.id}/reverse`, { reason: 'y' }, headers),
        'idempotency-conflict',
      );
    });
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_FUND_CHART } from '../../src/domain/chart.ts';
import { freshApi, type Json, provinceWithFund, type TestApi } from '../support/api.ts';
import {
  collectPages,
  countRows,
  disbursement,
  donation,
  entryBody,
  expectProblem,
} from '../support/ledger.ts';

describe('funds API', () => {
  let api: TestApi;
  let cleanup = () => {};
  let unit: Json;
  beforeEach(async () => {
    const env = await freshApi();
    api = env.api;
    cleanup = env.cleanup;
    unit = await api.create('/api/v1/units', { name: 'MTTQ tỉnh Lai Châu', kind: 'mttq', level: 'province' });
  });
  afterEach(() => cleanup());

  const fundBody = () => ({ unitId: unit.id, kind: 'vi_nguoi_ngheo', name: 'Quỹ Vì người nghèo' });

  describe('POST /api/v1/funds', () => {
    it('creates an active VND fund with the template accounts', async () => {
      const response = await api.post('/api/v1/funds', fundBody());
      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        id: expect.any(String),
        unitId: unit.id,
        kind: 'vi_nguoi_ngheo',
        name: 'Quỹ Vì người nghèo',
        currency: 'VND',
        status: 'active',
        createdAt: expect.any(String),
      });
      const accounts = (await api.get(`/api/v1/accounts?fundId=${response.body.id}&limit=500`)).body
        .items as Json[];
      expect(accounts.map((a) => a.code)).toEqual(DEFAULT_FUND_CHART.map((line) => line.code).sort());
      for (const line of DEFAULT_FUND_CHART) {
        const account = accounts.find((a) => a.code === line.code)!;
        expect(account).toMatchObject({
          role: line.role,
          type: line.type,
          nonNegative: line.nonNegative,
          currency: 'VND',
          unitId: unit.id,
          status: 'open',
          balance: '0',
        });
      }
      expect(accounts.find((a) => a.role === 'transfers_out')!.normalSide).toBe('debit');
      expect(accounts.find((a) => a.role === 'donation_revenue')!.normalSide).toBe('credit');
    });

    it('creates a fund in another currency whose accounts follow it', async () => {
      const fund = await api.create('/api/v1/funds', {
        ...fundBody(),
        kind: 'relief_campaign',
        currency: 'USD',
      });
      expect(fund.currency).toBe('USD');
      const detail = (await api.get(`/api/v1/funds/${fund.id}`)).body;
      expect(detail.available).toEqual([{ currency: 'USD', amount: '0' }]);
      expect(new Set((detail.balances as Json[]).map((b) => b.currency))).toEqual(new Set(['USD']));
    });

    it('refuses an unknown unit with 422 unit-not-found and creates no accounts', async () => {
      expectProblem(await api.post('/api/v1/funds', { ...fundBody(), unitId: 'nowhere' }), 'unit-not-found', [
        'unitId',
      ]);
      expect(await countRows(api, 'funds')).toBe(0);
      expect(await countRows(api, 'accounts')).toBe(0);
    });

    it.each([
      ['missing fields', {}, ['unitId', 'kind', 'name']],
      ['an unknown kind', { kind: 'slush' }, ['kind']],
      ['an unknown currency', { currency: 'XYZ' }, ['currency']],
      ['a lower-case currency', { currency: 'usd' }, ['currency']],
      ['an empty name', { name: ' ' }, ['name']],
      ['a null currency', { currency: null }, ['currency']],
      ['an unknown field', { balance: '100' }, ['balance']],
    ])('refuses %s with 422', async (_label, change, fields) => {
      const body = Object.keys(change).length === 0 ? {} : { ...fundBody(), ...change };
      expectProblem(await api.post('/api/v1/funds', body), 'validation-failed', fields);
      expect(await countRows(api, 'funds')).toBe(0);
    });

    it('replays an idempotent creation without a second fund or second set of accounts', async () => {
      const headers = { 'Idempotency-Key': 'fund-1' };
      const first = await api.post('/api/v1/funds', fundBody(), headers);
      const again = await api.post('/api/v1/funds', fundBody(), headers);
      expect(again.status).toBe(201);
      expect(again.headers.get('Idempotency-Hit')).toBe('true');
      expect(again.body.id).toBe(first.body.id);
      expect(await countRows(api, 'funds')).toBe(1);
      expect(await countRows(api, 'accounts')).toBe(DEFAULT_FUND_CHART.length);
      expectProblem(
        await api.post('/api/v1/funds', { ...fundBody(), name: 'Quỹ khác' }, headers),
        'idempotency-conflict',
      );
      expect(await countRows(api, 'funds')).toBe(1);
    });
  });

  describe('GET /api/v1/funds/:id', () => {
    it('answers 404 for an unknown fund', async () => {
      expectProblem(await api.get('/api/v1/funds/nope'), 'not-found');
    });

    it('shows what the fund holds in cash and bank, and every account balance', async () => {
      const { fund, accounts } = await provinceWithFund(api);
      await api.create('/api/v1/entries', donation(accounts, '1500000'));
      await api.create('/api/v1/entries', donation(accounts, '200000', '2024-09-13', accounts.cash));
      await api.create('/api/v1/entries', disbursement(accounts, '300000', '2024-09-14'));
      // A pledge is not money held: it must not count as available.
      await api.create(
        '/api/v1/entries',
        entryBody([
          { accountId: accounts.pledges_receivable!, side: 'debit', amount: '5000000' },
          { accountId: accounts.donation_revenue!, side: 'credit', amount: '5000000' },
        ]),
      );
      const response = await api.get(`/api/v1/funds/${fund.id}`);
      expect(response.status).toBe(200);
      const detail = response.body;
      expect(detail).toMatchObject({
        id: fund.id,
        unitId: fund.unitId,
        name: fund.name,
        currency: 'VND',
        status: 'active',
      });
      expect(detail.available).toEqual([{ currency: 'VND', amount: '1400000' }]);
      const byRole = Object.fromEntries((detail.balances as Json[]).map((b) => [b.role, b.balance]));
      expect(byRole).toMatchObject({
        bank: '1200000',
        cash: '200000',
        pledges_receivable: '5000000',
        donation_revenue: '6700000',
        disbursement_expense: '300000',
        fund_balance: '0',
      });
      expect(detail.balances).toHaveLength(DEFAULT_FUND_CHART.length);
      expect((detail.balances as Json[]).map((b) => b.code)).toEqual(
        DEFAULT_FUND_CHART.map((line) => line.code).sort(),
      );
      expect(detail.balances[0]).toEqual({
        accountId: accounts.cash,
        code: '111',
        name: expect.any(String),
        role: 'cash',
        type: 'asset',
        currency: 'VND',
        balance: '200000',
      });
    });

    it('counts an extra bank account in another currency separately', async () => {
      const { fund, accounts } = await provinceWithFund(api);
      const usdBank = await api.create('/api/v1/accounts', {
        fundId: fund.id,
        code: '1122',
        name: 'Tiền gửi ngoại tệ',
        type: 'asset',
        currency: 'USD',
        role: 'bank',
        nonNegative: true,
      });
      const usdRevenue = await api.create('/api/v1/accounts', {
        fundId: fund.id,
        code: '5112',
        name: 'Thu ủng hộ ngoại tệ',
        type: 'revenue',
        currency: 'USD',
      });
      await api.create('/api/v1/entries', donation(accounts, '1000000'));
      await api.create(
        '/api/v1/entries',
        entryBody([
          { accountId: usdBank.id, side: 'debit', amount: '12550' },
          { accountId: usdRevenue.id, side: 'credit', amount: '12550' },
        ]),
      );
      const detail = (await api.get(`/api/v1/funds/${fund.id}`)).body;
      expect(detail.available).toEqual(
        expect.arrayContaining([
          { currency: 'VND', amount: '1000000' },
          { currency: 'USD', amount: '12550' },
        ]),
      );
      expect(detail.available).toHaveLength(2);
    });
  });

  describe('GET /api/v1/funds', () => {
    it('lists every fund once across pages, and filters by unit', async () => {
      const other = await api.create('/api/v1/units', { name: 'Hội Nông dân', kind: 'farmers_union' });
      const mine: string[] = [];
      for (let index = 0; index < 5; index += 1) {
        mine.push((await api.create('/api/v1/funds', { ...fundBody(), name: `Quỹ ${index}` })).id);
      }
      const theirs = (await api.create('/api/v1/funds', { unitId: other.id, kind: 'other', name: 'Quỹ Hội' }))
        .id;

      const all = await collectPages(api, '/api/v1/funds');
      const ids = all.map((fund) => fund.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect([...ids].sort()).toEqual([...mine, theirs].sort());

      const filtered = await collectPages(api, `/api/v1/funds?unitId=${unit.id}`);
      expect(filtered.map((fund) => fund.id).sort()).toEqual([...mine].sort());
      expect(filtered.every((fund) => fund.unitId === unit.id)).toBe(true);
    });

    it('refuses a bad cursor or limit with 422', async () => {
      await api.create('/api/v1/funds', fundBody());
      expectProblem(await api.get('/api/v1/funds?cursor=%%%'), 'validation-failed', ['cursor']);
      expectProblem(await api.get('/api/v1/funds?cursor=bm90LWpzb24'), 'validation-failed', ['cursor']);
      expectProblem(await api.get('/api/v1/funds?limit=-1'), 'validation-failed', ['limit']);
    });
  });
});

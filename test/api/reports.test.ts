import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshApi, type Json, provinceWithFund, type TestApi } from '../support/api.ts';
import { disbursement, donation, entryBody, expectProblem } from '../support/ledger.ts';

describe('GET /api/v1/reports/trial-balance', () => {
  let api: TestApi;
  let cleanup = () => {};
  beforeEach(async () => {
    const env = await freshApi();
    api = env.api;
    cleanup = env.cleanup;
  });
  afterEach(() => cleanup());

  async function trialBalance(query: string): Promise<Json> {
    const response = await api.get(`/api/v1/reports/trial-balance${query}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const body = response.body;
    for (const total of body.totalsByCurrency as Json[]) expect(total.debit).toBe(total.credit);
    for (const row of body.rows as Json[]) {
      // A row shows its balance in one column only.
      expect(row.debit === '0' || row.credit === '0').toBe(true);
    }
    return body;
  }

  /** Net balances by account id, debit positive: what the rows say. */
  function netByAccount(body: Json): Record<string, bigint> {
    return Object.fromEntries(
      (body.rows as Json[]).map((row) => [row.accountId, BigInt(row.debit) - BigInt(row.credit)]),
    );
  }

  it('is empty and zero for an empty ledger', async () => {
    const body = await trialBalance('');
    expect(body).toEqual({
      asOf: null,
      scope: { fundId: null, unitId: null, descendants: false },
      rows: [],
      totals: { currency: 'VND', debit: '0', credit: '0' },
      totalsByCurrency: [],
    });
  });

  it('balances, with each account in its column', async () => {
    const { fund, accounts } = await provinceWithFund(api);
    await api.create('/api/v1/entries', donation(accounts, '2000000'));
    await api.create('/api/v1/entries', donation(accounts, '500000', '2024-09-12', accounts.cash));
    await api.create('/api/v1/entries', disbursement(accounts, '700000'));
    const body = await trialBalance(`?fundId=${fund.id}`);
    expect(body.scope).toEqual({ fundId: fund.id, unitId: null, descendants: false });
    expect(body.rows).toHaveLength(12);
    expect(body.totals).toEqual({ currency: 'VND', debit: '2500000', credit: '2500000' });
    expect(body.totalsByCurrency).toEqual([{ currency: 'VND', debit: '2500000', credit: '2500000' }]);
    const byId = Object.fromEntries((body.rows as Json[]).map((row) => [row.accountId, row]));
    expect(byId[accounts.bank!]).toMatchObject({
      code: '112',
      type: 'asset',
      currency: 'VND',
      debit: '1300000',
      credit: '0',
    });
    expect(byId[accounts.cash!]).toMatchObject({ debit: '500000', credit: '0' });
    expect(byId[accounts.disbursement_expense!]).toMatchObject({ debit: '700000', credit: '0' });
    expect(byId[accounts.donation_revenue!]).toMatchObject({ debit: '0', credit: '2500000' });
    expect(byId[accounts.fund_balance!]).toMatchObject({ debit: '0', credit: '0' });
  });

  describe('as of a date', () => {
    it('counts only entries dated on or before asOf', async () => {
      const { fund, accounts } = await provinceWithFund(api);
      await api.create('/api/v1/entries', donation(accounts, '1000000', '2024-03-01'));
      await api.create('/api/v1/entries', donation(accounts, '500000', '2024-03-10', accounts.cash));
      await api.create('/api/v1/entries', disbursement(accounts, '300000', '2024-03-20'));
      await api.create('/api/v1/entries', donation(accounts, '40000', '2024-03-20'));

      const at = async (asOf: string) => netByAccount(await trialBalance(`?fundId=${fund.id}&asOf=${asOf}`));
      const expectNets = (nets: Record<string, bigint>, bank: bigint, cash: bigint, expense: bigint) => {
        expect(nets[accounts.bank!]).toBe(bank);
        expect(nets[accounts.cash!]).toBe(cash);
        expect(nets[accounts.disbursement_expense!]).toBe(expense);
        expect(nets[accounts.donation_revenue!]).toBe(-(bank + cash + expense));
      };

      expectNets(await at('2024-02-29'), 0n, 0n, 0n);
      expectNets(await at('2024-03-01'), 1_000_000n, 0n, 0n);
      expectNets(await at('2024-03-05'), 1_000_000n, 0n, 0n);
      expectNets(await at('2024-03-10'), 1_000_000n, 500_000n, 0n);
      expectNets(await at('2024-03-19'), 1_000_000n, 500_000n, 0n);
      expectNets(await at('2024-03-20'), 740_000n, 500_000n, 300_000n);
      expectNets(await at('2099-12-31'), 740_000n, 500_000n, 300_000n);

      const middle = await trialBalance(`?fundId=${fund.id}&asOf=2024-03-15`);
      expect(middle.asOf).toBe('2024-03-15');
      expect(middle.totals).toEqual({ currency: 'VND', debit: '1500000', credit: '1500000' });
      const latest = await trialBalance(`?fundId=${fund.id}`);
      expect(latest.rows).toEqual((await trialBalance(`?fundId=${fund.id}&asOf=2024-12-31`)).rows);
    });

    it('stays right when an entry is back-dated before entries already posted', async () => {
      const { fund, accounts } = await provinceWithFund(api);
      await api.create('/api/v1/entries', donation(accounts, '500000', '2024-03-20'));
      await api.create('/api/v1/entries', donation(accounts, '1000000', '2024-03-01'));
      await api.create('/api/v1/entries', disbursement(accounts, '200000', '2024-03-10'));
      await api.create('/api/v1/entries', donation(accounts, '7000', '2024-03-10'));
      await api.create('/api/v1/entries', donation(accounts, '30000', '2024-03-25'));

      const bankAt = async (asOf: string) =>
        netByAccount(await trialBalance(`?fundId=${fund.id}&asOf=${asOf}`))[accounts.bank!];
      expect(await bankAt('2024-02-01')).toBe(0n);
      expect(await bankAt('2024-03-01')).toBe(1_000_000n);
      expect(await bankAt('2024-03-05')).toBe(1_000_000n);
      expect(await bankAt('2024-03-10')).toBe(807_000n);
      expect(await bankAt('2024-03-15')).toBe(807_000n);
      expect(await bankAt('2024-03-20')).toBe(1_307_000n);
      expect(await bankAt('2024-03-24')).toBe(1_307_000n);
      expect(await bankAt('2024-03-25')).toBe(1_337_000n);
      expect(netByAccount(await trialBalance(`?fundId=${fund.id}`))[accounts.bank!]).toBe(1_337_000n);
      const expenseAt = netByAccount(await trialBalance(`?fundId=${fund.id}&asOf=2024-03-09`));
      expect(expenseAt[accounts.disbursement_expense!]).toBe(0n);
    });

    it('shows a reversal from its own date, leaving earlier dates as they were', async () => {
      const { fund, accounts } = await provinceWithFund(api);
      const gift = await api.create('/api/v1/entries', donation(accounts, '900000', '2024-05-01'));
      await api.create(`/api/v1/entries/${gift.id}/reverse`, { reason: 'Trả lại', date: '2024-06-01' });
      const bankAt = async (asOf: string) =>
        netByAccount(await trialBalance(`?fundId=${fund.id}&asOf=${asOf}`))[accounts.bank!];
      expect(await bankAt('2024-05-31')).toBe(900_000n);
      expect(await bankAt('2024-06-01')).toBe(0n);
    });
  });

  describe('scope by unit', () => {
    /** Province → commune → village, plus an unrelated unit, each with one fund holding a different gift. */
    async function tree() {
      const province = await provinceWithFund(api);
      const commune = await api.create('/api/v1/units', {
        name: 'MTTQ xã Bản Lang',
        kind: 'mttq',
        level: 'commune',
        parentId: province.unit.id,
      });
      const village = await api.create('/api/v1/units', {
        name: 'Ban công tác Mặt trận bản Nà Luồng',
        kind: 'mttq',
        level: 'village',
        parentId: commune.id,
      });
      const stranger = await api.create('/api/v1/units', { name: 'Hội Phụ nữ', kind: 'womens_union' });
      const fundOf = async (unitId: string, name: string) => {
        const fund = await api.create('/api/v1/funds', { unitId, kind: 'vi_nguoi_ngheo', name });
        const accounts = Object.fromEntries(
          ((await api.get(`/api/v1/funds/${fund.id}`)).body.balances as Json[]).map((b) => [
            b.role,
            b.accountId,
          ]),
        ) as Record<string, string>;
        return { fund, accounts };
      };
      const communeFund = await fundOf(commune.id, 'Quỹ xã');
      const villageFund = await fundOf(village.id, 'Quỹ bản');
      const strangerFund = await fundOf(stranger.id, 'Quỹ Hội');
      await api.create('/api/v1/entries', donation(province.accounts, '1000000'));
      await api.create('/api/v1/entries', donation(communeFund.accounts, '200000'));
      await api.create('/api/v1/entries', donation(villageFund.accounts, '30000'));
      await api.create('/api/v1/entries', donation(strangerFund.accounts, '4000'));
      return { province, commune, village, stranger, communeFund, villageFund, strangerFund };
    }

    const fundsIn = (body: Json) => new Set((body.rows as Json[]).map((row) => row.fundId));

    it('includes the funds of every descendant unit with descendants=true', async () => {
      const t = await tree();
      for (const flag of ['true', '1']) {
        const body = await trialBalance(`?unitId=${t.province.unit.id}&descendants=${flag}`);
        expect(body.scope).toEqual({ fundId: null, unitId: t.province.unit.id, descendants: true });
        expect(fundsIn(body)).toEqual(
          new Set([t.province.fund.id, t.communeFund.fund.id, t.villageFund.fund.id]),
        );
        expect(body.rows).toHaveLength(36);
        expect(body.totals).toEqual({ currency: 'VND', debit: '1230000', credit: '1230000' });
      }
      const fromCommune = await trialBalance(`?unitId=${t.commune.id}&descendants=true`);
      expect(fundsIn(fromCommune)).toEqual(new Set([t.communeFund.fund.id, t.villageFund.fund.id]));
      expect(fromCommune.totals).toEqual({ currency: 'VND', debit: '230000', credit: '230000' });
    });

    it('keeps to the unit own funds with descendants=false or absent', async () => {
      const t = await tree();
      for (const query of [
        `?unitId=${t.province.unit.id}&descendants=false`,
        `?unitId=${t.province.unit.id}&descendants=0`,
        `?unitId=${t.province.unit.id}`,
      ]) {
        const body = await trialBalance(query);
        expect(body.scope.descendants).toBe(false);
        expect(fundsIn(body)).toEqual(new Set([t.province.fund.id]));
        expect(body.totals).toEqual({ currency: 'VND', debit: '1000000', credit: '1000000' });
      }
      const leaf = await trialBalance(`?unitId=${t.village.id}&descendants=true`);
      expect(fundsIn(leaf)).toEqual(new Set([t.villageFund.fund.id]));
    });

    it('covers every fund with no scope', async () => {
      const t = await tree();
      const body = await trialBalance('');
      expect(fundsIn(body).size).toBe(4);
      expect(body.totals).toEqual({ currency: 'VND', debit: '1234000', credit: '1234000' });
      expect(fundsIn(await trialBalance(`?fundId=${t.strangerFund.fund.id}`))).toEqual(
        new Set([t.strangerFund.fund.id]),
      );
    });

    it('combines asOf with a unit scope', async () => {
      const t = await tree();
      await api.create('/api/v1/entries', donation(t.villageFund.accounts, '5', '2025-01-01'));
      const before = await trialBalance(`?unitId=${t.commune.id}&descendants=true&asOf=2024-12-31`);
      const after = await trialBalance(`?unitId=${t.commune.id}&descendants=true&asOf=2025-01-01`);
      expect(before.totals.debit).toBe('230000');
      expect(after.totals.debit).toBe('230005');
    });
  });

  it('reports a USD-only scope in USD and a mixed scope with VND first', async () => {
    const unit = await api.create('/api/v1/units', { name: 'Hội Chữ thập đỏ', kind: 'other' });
    const usdFund = await api.create('/api/v1/funds', {
      unitId: unit.id,
      kind: 'relief_campaign',
      name: 'Cứu trợ bão Yagi',
      currency: 'USD',
    });
    const usd = Object.fromEntries(
      ((await api.get(`/api/v1/funds/${usdFund.id}`)).body.balances as Json[]).map((b) => [
        b.role,
        b.accountId,
      ]),
    ) as Record<string, string>;
    await api.create('/api/v1/entries', donation(usd, '12550'));
    const onlyUsd = await trialBalance(`?fundId=${usdFund.id}`);
    expect(onlyUsd.totals).toEqual({ currency: 'USD', debit: '12550', credit: '12550' });

    const vndFund = await api.create('/api/v1/funds', { unitId: unit.id, kind: 'other', name: 'Quỹ VND' });
    const vnd = Object.fromEntries(
      ((await api.get(`/api/v1/funds/${vndFund.id}`)).body.balances as Json[]).map((b) => [
        b.role,
        b.accountId,
      ]),
    ) as Record<string, string>;
    await api.create('/api/v1/entries', donation(vnd, '3000000'));
    const mixed = await trialBalance(`?unitId=${unit.id}`);
    expect(mixed.totals).toEqual({ currency: 'VND', debit: '3000000', credit: '3000000' });
    expect(mixed.totalsByCurrency).toEqual([
      { currency: 'VND', debit: '3000000', credit: '3000000' },
      { currency: 'USD', debit: '12550', credit: '12550' },
    ]);
  });

  it('refuses an unknown fund or unit with 422', async () => {
    expectProblem(await api.get('/api/v1/reports/trial-balance?fundId=nope'), 'fund-not-found', ['fundId']);
    expectProblem(await api.get('/api/v1/reports/trial-balance?unitId=nope'), 'unit-not-found', ['unitId']);
  });

  it.each([
    ['asOf=2024-02-30', ['asOf']],
    ['asOf=2024-1-1', ['asOf']],
    ['asOf=1989-12-31', ['asOf']],
    ['descendants=yes', ['descendants']],
    ['fundId=', ['fundId']],
  ])('refuses %s with 422', async (query, fields) => {
    expectProblem(await api.get(`/api/v1/reports/trial-balance?${query}`), 'validation-failed', fields);
  });

  it('keeps balancing after entries across funds and a transfer', async () => {
    const { unit, accounts } = await provinceWithFund(api);
    const other = await api.create('/api/v1/funds', { unitId: unit.id, kind: 'other', name: 'Quỹ nhận' });
    const otherAccounts = Object.fromEntries(
      ((await api.get(`/api/v1/funds/${other.id}`)).body.balances as Json[]).map((b) => [
        b.role,
        b.accountId,
      ]),
    ) as Record<string, string>;
    await api.create('/api/v1/entries', donation(accounts, '1000000'));
    await api.create(
      '/api/v1/entries',
      entryBody(
        [
          { accountId: accounts.transfers_out!, side: 'debit', amount: '400000' },
          { accountId: accounts.bank!, side: 'credit', amount: '400000' },
          { accountId: otherAccounts.bank!, side: 'debit', amount: '400000' },
          { accountId: otherAccounts.transfers_in!, side: 'credit', amount: '400000' },
        ],
        { kind: 'transfer' },
      ),
    );
    const body = await trialBalance(`?unitId=${unit.id}`);
    expect(body.totals).toEqual({ currency: 'VND', debit: '1400000', credit: '1400000' });
    const receiving = await trialBalance(`?fundId=${other.id}`);
    expect(receiving.totals).toEqual({ currency: 'VND', debit: '400000', credit: '400000' });
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeCursor } from '../../src/capabilities/cursor.ts';
import { freshApi, type Json, provinceWithFund, type TestApi } from '../support/api.ts';
import {
  accountOf,
  collectPages,
  countRows,
  disbursement,
  donation,
  entryBody,
  expectProblem,
} from '../support/ledger.ts';

describe('accounts API', () => {
  let api: TestApi;
  let cleanup = () => {};
  let fund: Json;
  let unit: Json;
  let accounts: Record<string, string>;
  beforeEach(async () => {
    const env = await freshApi();
    api = env.api;
    cleanup = env.cleanup;
    ({ fund, unit, accounts } = await provinceWithFund(api));
  });
  afterEach(() => cleanup());

  const accountBody = (change: Json = {}) => ({
    fundId: fund.id,
    code: '1121',
    name: 'Tiền gửi Agribank',
    type: 'asset',
    ...change,
  });

  describe('POST /api/v1/accounts', () => {
    it('creates an account with defaults from its type and fund', async () => {
      const response = await api.post('/api/v1/accounts', accountBody());
      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        id: expect.any(String),
        fundId: fund.id,
        unitId: unit.id,
        code: '1121',
        name: 'Tiền gửi Agribank',
        type: 'asset',
        role: null,
        currency: 'VND',
        normalSide: 'debit',
        nonNegative: false,
        status: 'open',
        debitTotal: '0',
        creditTotal: '0',
        balance: '0',
      });
      expect((await api.get(`/api/v1/accounts/${response.body.id}`)).body).toEqual(response.body);
    });

    it.each([
      ['asset', 'debit'],
      ['expense', 'debit'],
      ['liability', 'credit'],
      ['net_assets', 'credit'],
      ['revenue', 'credit'],
    ])('gives a %s account the %s normal side', async (type, side) => {
      const account = await api.create('/api/v1/accounts', accountBody({ code: `X-${type}`, type }));
      expect(account.normalSide).toBe(side);
    });

    it('takes an explicit currency, role, normal side and no-negative rule', async () => {
      const account = await api.create(
        '/api/v1/accounts',
        accountBody({
          currency: 'USD',
          role: 'bank',
          normalSide: 'credit',
          nonNegative: true,
          type: 'net_assets',
        }),
      );
      expect(account).toMatchObject({
        currency: 'USD',
        role: 'bank',
        normalSide: 'credit',
        nonNegative: true,
      });
    });

    it('refuses a code already used in the fund with 409, but allows it in another fund', async () => {
      expectProblem(await api.post('/api/v1/accounts', accountBody({ code: '112' })), 'duplicate-code', [
        'code',
      ]);
      await api.create('/api/v1/accounts', accountBody());
      expectProblem(await api.post('/api/v1/accounts', accountBody({ name: 'Khác' })), 'duplicate-code', [
        'code',
      ]);
      const other = await api.create('/api/v1/funds', { unitId: unit.id, kind: 'other', name: 'Quỹ khác' });
      expect((await api.post('/api/v1/accounts', accountBody({ fundId: other.id }))).status).toBe(201);
      expect((await api.get(`/api/v1/accounts?fundId=${fund.id}&limit=500`)).body.items).toHaveLength(13);
    });

    it('refuses an unknown fund with 422 fund-not-found', async () => {
      expectProblem(await api.post('/api/v1/accounts', accountBody({ fundId: 'nope' })), 'fund-not-found', [
        'fundId',
      ]);
    });

    it('refuses a closed fund with 409 fund-closed', async () => {
      await api.client.execute({ sql: "UPDATE funds SET status = 'closed' WHERE id = ?", args: [fund.id] });
      expectProblem(await api.post('/api/v1/accounts', accountBody()), 'fund-closed');
      expect((await api.get(`/api/v1/accounts?fundId=${fund.id}&limit=500`)).body.items).toHaveLength(12);
    });

    it.each([
      ['missing fields', null, ['fundId', 'code', 'name', 'type']],
      ['a code with a space', { code: '112 1' }, ['code']],
      ['a code with a slash', { code: '112/1' }, ['code']],
      ['a code too long', { code: '1'.repeat(33) }, ['code']],
      ['an unknown type', { type: 'equity' }, ['type']],
      ['an unknown role', { role: 'slush' }, ['role']],
      ['an unknown normal side', { normalSide: 'left' }, ['normalSide']],
      ['a string for nonNegative', { nonNegative: 'yes' }, ['nonNegative']],
      ['an unknown currency', { currency: 'BTC' }, ['currency']],
      ['an unknown field', { balance: '1000' }, ['balance']],
    ])('refuses %s with 422', async (_label, change, fields) => {
      const before = await countRows(api, 'accounts');
      expectProblem(
        await api.post('/api/v1/accounts', change ? accountBody(change) : {}),
        'validation-failed',
        fields,
      );
      expect(await countRows(api, 'accounts')).toBe(before);
    });

    it('accepts a code of 32 characters', async () => {
      expect((await api.post('/api/v1/accounts', accountBody({ code: 'A'.repeat(32) }))).status).toBe(201);
    });
  });

  describe('GET /api/v1/accounts/:id', () => {
    it('answers 404 for an unknown account', async () => {
      expectProblem(await api.get('/api/v1/accounts/nope'), 'not-found');
    });

    it('shows totals and the balance on the normal side', async () => {
      await api.create('/api/v1/entries', donation(accounts, '1500000'));
      await api.create('/api/v1/entries', disbursement(accounts, '400000'));
      expect(await accountOf(api, accounts.bank!)).toMatchObject({
        debitTotal: '1500000',
        creditTotal: '400000',
        balance: '1100000',
        normalSide: 'debit',
      });
      // Revenue grows on the credit side: its balance is positive.
      expect(await accountOf(api, accounts.donation_revenue!)).toMatchObject({
        debitTotal: '0',
        creditTotal: '1500000',
        balance: '1500000',
        normalSide: 'credit',
      });
      expect((await accountOf(api, accounts.disbursement_expense!)).balance).toBe('400000');
    });

    it('shows a negative balance when an account sits on its other side', async () => {
      // A refund credited to an expense that has no debits yet; payables debited.
      await api.create(
        '/api/v1/entries',
        entryBody([
          { accountId: accounts.payables!, side: 'debit', amount: '250000' },
          { accountId: accounts.admin_expense!, side: 'credit', amount: '250000' },
        ]),
      );
      expect((await accountOf(api, accounts.admin_expense!)).balance).toBe('-250000');
      expect((await accountOf(api, accounts.payables!)).balance).toBe('-250000');
    });

    it('keeps transfers out on the debit side, as a contra account', async () => {
      const other = await api.create('/api/v1/funds', { unitId: unit.id, kind: 'other', name: 'Quỹ nhận' });
      const otherAccounts = Object.fromEntries(
        ((await api.get(`/api/v1/funds/${other.id}`)).body.balances as Json[]).map((b) => [
          b.role,
          b.accountId,
        ]),
      );
      await api.create('/api/v1/entries', donation(accounts, '1000000'));
      await api.create(
        '/api/v1/entries',
        entryBody(
          [
            { accountId: accounts.transfers_out!, side: 'debit', amount: '600000' },
            { accountId: accounts.bank!, side: 'credit', amount: '600000' },
            { accountId: otherAccounts.bank, side: 'debit', amount: '600000' },
            { accountId: otherAccounts.transfers_in, side: 'credit', amount: '600000' },
          ],
          { kind: 'transfer' },
        ),
      );
      expect(await accountOf(api, accounts.transfers_out!)).toMatchObject({
        normalSide: 'debit',
        balance: '600000',
      });
      expect(await accountOf(api, otherAccounts.transfers_in)).toMatchObject({
        normalSide: 'credit',
        balance: '600000',
      });
      expect((await accountOf(api, accounts.bank!)).balance).toBe('400000');
      expect((await accountOf(api, otherAccounts.bank)).balance).toBe('600000');
    });
  });

  describe('GET /api/v1/accounts', () => {
    it('lists a fund accounts in code order', async () => {
      const response = await api.get(`/api/v1/accounts?fundId=${fund.id}`);
      expect(response.status).toBe(200);
      const codes = (response.body.items as Json[]).map((a) => a.code);
      expect(codes).toEqual([...codes].sort());
      expect(codes).toHaveLength(12);
      expect(response.body.nextCursor).toBeNull();
    });

    it('pages through every account of every fund once, and filters by fund and unit', async () => {
      const otherUnit = await api.create('/api/v1/units', { name: 'Hội Cựu chiến binh', kind: 'veterans' });
      const otherFund = await api.create('/api/v1/funds', {
        unitId: otherUnit.id,
        kind: 'other',
        name: 'Quỹ CCB',
      });
      await api.create('/api/v1/accounts', accountBody());

      const all = await collectPages(api, '/api/v1/accounts');
      const ids = all.map((a) => a.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toHaveLength(25);
      expect(await countRows(api, 'accounts')).toBe(25);

      const mine = await collectPages(api, `/api/v1/accounts?fundId=${fund.id}`);
      expect(mine).toHaveLength(13);
      expect(mine.every((a) => a.fundId === fund.id)).toBe(true);
      expect(mine.map((a) => a.code)).toEqual(mine.map((a) => a.code).sort());

      const byUnit = await collectPages(api, `/api/v1/accounts?unitId=${otherUnit.id}`, 5);
      expect(byUnit).toHaveLength(12);
      expect(byUnit.every((a) => a.fundId === otherFund.id && a.unitId === otherUnit.id)).toBe(true);
    });

    it('refuses a bad cursor with 422', async () => {
      expectProblem(await api.get('/api/v1/accounts?cursor=nonsense'), 'validation-failed', ['cursor']);
      // A cursor of the wrong shape (one part where two are expected).
      expectProblem(await api.get(`/api/v1/accounts?cursor=${encodeCursor(['x'])}`), 'validation-failed', [
        'cursor',
      ]);
    });
  });

  describe('GET /api/v1/accounts/:id/postings', () => {
    it('answers 404 for an unknown account', async () => {
      expectProblem(await api.get('/api/v1/accounts/nope/postings'), 'not-found');
    });

    it('answers an empty page for an account without postings', async () => {
      const response = await api.get(`/api/v1/accounts/${accounts.cash}/postings`);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ items: [], nextCursor: null });
    });

    it('pages through every posting of the account once, in order', async () => {
      const entryIds: string[] = [];
      for (let index = 1; index <= 5; index += 1) {
        const entry = await api.create(
          '/api/v1/entries',
          donation(accounts, String(index * 100_000), `2024-09-1${index}`),
        );
        entryIds.push(entry.id);
      }
      // A posting on another account must not appear.
      await api.create('/api/v1/entries', donation(accounts, '1', '2024-09-20', accounts.cash));

      const items = await collectPages(api, `/api/v1/accounts/${accounts.bank}/postings`);
      expect(items.map((p) => p.entryId)).toEqual(entryIds);
      const ids = items.map((p) => p.id as number);
      expect(new Set(ids).size).toBe(5);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      expect(items[2]).toEqual({
        id: expect.any(Number),
        entryId: entryIds[2],
        accountId: accounts.bank,
        side: 'debit',
        amount: '300000',
        currency: 'VND',
        memo: null,
        date: '2024-09-13',
        description: 'Ủng hộ đồng bào',
      });
    });

    it('refuses a bad cursor, including one naming something other than a posting id', async () => {
      await api.create('/api/v1/entries', donation(accounts, '100'));
      const path = `/api/v1/accounts/${accounts.bank}/postings`;
      expectProblem(await api.get(`${path}?cursor=xyz`), 'validation-failed', ['cursor']);
      expectProblem(await api.get(`${path}?cursor=${encodeCursor(['abc'])}`), 'validation-failed', [
        'cursor',
      ]);
      expectProblem(await api.get(`${path}?cursor=${encodeCursor([1, 2])}`), 'validation-failed', ['cursor']);
      expectProblem(await api.get(`${path}?limit=0`), 'validation-failed', ['limit']);
    });
  });
});

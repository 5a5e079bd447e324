import { afterEach, describe, expect, it } from 'vitest';
import { verifyLedger } from '../../src/capabilities/verify-ledger.ts';
import { LedgerStore } from '../../src/db/ledger-store.ts';
import { freshApi, provinceWithFund } from '../support/api.ts';
import { balanceOf, countRows, disbursement, donation, expectProblem } from '../support/ledger.ts';

describe('a no-negative account stays at or above zero on every date', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  it('refuses a payment back-dated before the money arrived, and changes nothing', async () => {
    const env = await freshApi();
    cleanup = env.cleanup;
    const { api } = env;
    const { fund, accounts } = await provinceWithFund(api);
    expect((await api.post('/api/v1/entries', donation(accounts, '500000', '2024-03-20'))).status).toBe(201);

    const entriesBefore = await countRows(api, 'journal_entries');
    const refused = await api.post('/api/v1/entries', disbursement(accounts, '200000', '2024-03-01'));
    expectProblem(refused, 'insufficient-funds');
    expect(refused.body.detail).toMatch(/past date/);
    expect(await countRows(api, 'journal_entries')).toBe(entriesBefore);
    expect(await balanceOf(api, accounts.bank!)).toBe('500000');

    const asOf = await api.get(`/api/v1/reports/trial-balance?fundId=${fund.id}&asOf=2024-03-05`);
    expect(asOf.body.totals).toEqual({ currency: 'VND', debit: '0', credit: '0' });
  });

  it('accepts the same payment dated on or after the day the money arrived', async () => {
    const env = await freshApi();
    cleanup = env.cleanup;
    const { api } = env;
    const { accounts } = await provinceWithFund(api);
    expect((await api.post('/api/v1/entries', donation(accounts, '500000', '2024-03-20'))).status).toBe(201);
    expect((await api.post('/api/v1/entries', disbursement(accounts, '200000', '2024-03-20'))).status).toBe(
      201,
    );
    // Back-dated between two movements, still covered on every later day.
    expect((await api.post('/api/v1/entries', donation(accounts, '100000', '2024-04-01'))).status).toBe(201);
    expect((await api.post('/api/v1/entries', disbursement(accounts, '300000', '2024-03-25'))).status).toBe(
      201,
    );
    expect(await balanceOf(api, accounts.bank!)).toBe('100000');
    // One more đồng on 25/3 would leave the bank at −1 from 25/3 to 31/3.
    expectProblem(
      await api.post('/api/v1/entries', disbursement(accounts, '1', '2024-03-25')),
      'insufficient-funds',
    );
    const report = await verifyLedger({ store: new LedgerStore(env.client) });
    expect(report.ok).toBe(true);
  });

  it('verify reports a past-day overdraft written behind the application', async () => {
    const env = await freshApi();
    cleanup = env.cleanup;
    const { api } = env;
    const { accounts } = await provinceWithFund(api);
    expect((await api.post('/api/v1/entries', donation(accounts, '500000', '2024-03-20'))).status).toBe(201);
    await env.client.execute('DROP TRIGGER account_day_totals_non_negative_update');
    await env.client.execute({
      sql: "UPDATE account_day_totals SET credit_total_minor = 600000 WHERE account_id = ? AND day = '2024-03-20'",
      args: [accounts.bank!],
    });
    const report = await verifyLedger({ store: new LedgerStore(env.client) });
    const check = report.checks.find((candidate) => candidate.name === 'non-negative-accounts');
    expect(check?.violations).toBe(1);
    expect(check?.examples[0]).toMatch(/below zero as of 2024-03-20/);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyLedger } from '../../src/capabilities/verify-ledger.ts';
import { SoquyStore } from '../../src/db/donation-store.ts';
import { freshApi, type Json, provinceWithFund, type TestApi } from '../support/api.ts';
import { balanceOf, countRows, expectProblem } from '../support/ledger.ts';

describe('POST /api/v1/donations/batch', () => {
  let api: TestApi;
  let cleanup = () => {};
  let fund: Json;
  let accounts: Record<string, string>;
  let client: import('@libsql/client').Client;

  beforeEach(async () => {
    const env = await freshApi('file');
    ({ api, cleanup, client } = env);
    ({ fund, accounts } = await provinceWithFund(api));
  });
  afterEach(async () => {
    const report = await verifyLedger({ store: new SoquyStore(client) });
    expect(report.checks.filter((check) => check.violations > 0)).toEqual([]);
    cleanup();
  });

  const row = (index: number, overrides: Json = {}): Json => ({
    fundId: fund.id,
    amount: String(300_000 + index),
    currency: 'VND',
    receivedOn: '2024-09-20',
    channel: 'payroll',
    donor: { kind: 'individual', name: `Cán bộ số ${index + 1}` },
    disclosure: 'public',
    memo: 'Ủng hộ một ngày lương',
    ...overrides,
  });

  it('records a payroll list all at once, with consecutive receipt numbers', async () => {
    const response = await api.post('/api/v1/donations/batch', { donations: [row(0), row(1), row(2)] });
    expect(response.status).toBe(201);
    expect(response.body.count).toBe(3);
    const numbers = response.body.items.map((item: Json) => Number(String(item.receiptNo).slice(-6)));
    expect(numbers).toEqual([1, 2, 3]);
    expect(await balanceOf(api, accounts.bank!)).toBe(String(300_000 * 3 + 0 + 1 + 2));
  });

  it('refuses the whole list when any row is bad, naming each row and field, and records nothing', async () => {
    const response = await api.post('/api/v1/donations/batch', {
      donations: [
        row(0),
        row(1, { amount: '-5' }),
        row(2),
        row(3, { donor: { id: '01a00000-0000-7000-8000-000000000000' } }),
        row(4, { receivedOn: '2024-02-30' }),
      ],
    });
    expectProblem(response, 'validation-failed');
    const byIndex = response.body.errors.map((error: Json) => [error.index, error.field]);
    expect(byIndex).toEqual(
      expect.arrayContaining([
        [1, 'amount'],
        [4, 'receivedOn'],
      ]),
    );
    expect(await countRows(api, 'journal_entries')).toBe(0);
    const unknownDonor = await api.post('/api/v1/donations/batch', {
      donations: [row(0), row(1, { donor: { id: '01a00000-0000-7000-8000-000000000000' } })],
    });
    expectProblem(unknownDonor, 'validation-failed');
    expect(unknownDonor.body.errors).toEqual([{ index: 1, field: 'donor.id', detail: 'unknown donor' }]);
    expect(Number((await client.execute('SELECT count(*) AS n FROM donations')).rows[0]!.n)).toBe(0);
    expect(Number((await client.execute('SELECT count(*) AS n FROM receipts')).rows[0]!.n)).toBe(0);
  });

  it('detects duplicates within the list and against gifts already recorded', async () => {
    const twice = await api.post('/api/v1/donations/batch', {
      donations: [row(0, { bankRef: 'FT1' }), row(1, { bankRef: 'FT1' }), row(0), row(0)],
    });
    expectProblem(twice, 'validation-failed');
    expect(twice.body.errors.map((error: Json) => [error.index, error.field])).toEqual([
      [1, 'bankRef'],
      [3, 'donor'],
    ]);
    await api.create('/api/v1/donations', row(9, { bankRef: 'FT9', channel: 'bank_transfer' }));
    const again = await api.post('/api/v1/donations/batch', {
      donations: [row(9, { bankRef: 'FT9', channel: 'bank_transfer' })],
    });
    expectProblem(again, 'validation-failed');
    expect(again.body.errors[0]).toMatchObject({ index: 0, field: 'bankRef' });
  });

  it('takes 10,000 gifts in one request', async () => {
    const donations = Array.from({ length: 10_000 }, (_, index) => row(index));
    const response = await api.post('/api/v1/donations/batch', { donations });
    expect(response.status).toBe(201);
    expect(response.body.count).toBe(10_000);
    expect(await countRows(api, 'journal_entries')).toBe(10_000);
    const last = response.body.items.at(-1);
    expect(last.receiptNo.endsWith('-2024-010000')).toBe(true);
  });

  it('refuses an empty list and more than the documented limit', async () => {
    expectProblem(await api.post('/api/v1/donations/batch', { donations: [] }), 'validation-failed', [
      'donations',
    ]);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { freshApi, provinceWithFund } from '../support/api.ts';
import { countRows } from '../support/ledger.ts';

describe('idempotency fingerprints cover the meaning of a request, not its spelling', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  it('treats an omitted memo and memo: null as the same request', async () => {
    const env = await freshApi();
    cleanup = env.cleanup;
    const { api } = env;
    const { accounts } = await provinceWithFund(api);
    const posting = (memo: boolean) => [
      { accountId: accounts.bank, side: 'debit', amount: '1000', ...(memo ? { memo: null } : {}) },
      { accountId: accounts.donation_revenue, side: 'credit', amount: '1000' },
    ];
    const body = (memo: boolean) => ({
      date: '2024-09-12',
      description: 'Ủng hộ',
      kind: 'donation',
      postings: posting(memo),
    });
    const first = await api.post('/api/v1/entries', body(false), { 'Idempotency-Key': 'memo-null-1' });
    expect(first.status).toBe(201);
    const retry = await api.post('/api/v1/entries', body(true), { 'Idempotency-Key': 'memo-null-1' });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('Idempotency-Hit')).toBe('true');
    expect(retry.body.id).toBe(first.body.id);
    expect(await countRows(api, 'journal_entries')).toBe(1);
  });
});

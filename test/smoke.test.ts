import { afterEach, describe, expect, it } from 'vitest';
import { freshApi, provinceWithFund } from './support/api.ts';

describe('smoke', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  it('records a gift and reports it', async () => {
    const env = await freshApi();
    cleanup = env.cleanup;
    const { api } = env;
    const { fund, accounts } = await provinceWithFund(api);
    const entry = await api.create('/api/v1/entries', {
      date: '2024-09-12',
      description: 'Ủng hộ',
      kind: 'donation',
      postings: [
        { accountId: accounts.bank, side: 'debit', amount: '1500000' },
        { accountId: accounts.donation_revenue, side: 'credit', amount: '1500000' },
      ],
    });
    expect(entry.postings).toHaveLength(2);
    const tb = await api.get(`/api/v1/reports/trial-balance?fundId=${fund.id}`);
    expect(tb.status).toBe(200);
    expect(tb.body.totals).toEqual({ currency: 'VND', debit: '1500000', credit: '1500000' });
  });
});

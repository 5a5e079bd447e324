import { it } from 'vitest';
import { freshApi, provinceWithFund } from './support/api.ts';
import { encodeCursor } from '../src/capabilities/cursor.ts';

it('probe', async () => {
  const { api } = await freshApi();
  const { fund, accounts, unit } = await provinceWithFund(api);
  const show = (label: string, r: any) => console.log(label, r.status, r.headers.get('content-type'), JSON.stringify(r.body).slice(0, 600));
  show('unknown field', await api.post('/api/v1/units', { name: 'x', kind: 'mttq', bogus: 1 }));
  show('number amount', await api.post('/api/v1/entries', { date: '2024-01-01', description: 'd', kind: 'donation', postings: [{ accountId: accounts.bank, side: 'debit', amount: 5 }, { accountId: accounts.donation_revenue, side: 'credit', amount: '5' }] }));
  show('text/plain', await api.post('/api/v1/units', JSON.stringify({ name: 'x', kind: 'mttq' }), { 'Content-Type': 'text/plain' }));
  show('malformed', await api.post('/api/v1/units', '{"name":', {}));
  show('big', await api.post('/api/v1/units', { name: 'x'.repeat(1_100_000), kind: 'mttq' }));
  show('bad cursor', await api.get('/api/v1/units?cursor=zzz'));
  show('string cursor postings', await api.get(`/api/v1/accounts/${accounts.bank}/postings?cursor=${encodeCursor(['abc'])}`));
  show('404', await api.get('/nope'));
  show('problems', await api.get('/problems/entry-unbalanced'));
  show('problems unknown', await api.get('/problems/nope'));
  show('tb', await api.get(`/api/v1/reports/trial-balance?unitId=${unit.id}`));
  show('fund', await api.get(`/api/v1/funds/${fund.id}`));
  show('limit0', await api.get('/api/v1/units?limit=0'));
  show('date', await api.post('/api/v1/entries', { date: '2024-02-30', description: 'd', kind: 'donation', postings: [{ accountId: accounts.bank, side: 'debit', amount: '-5' }, { accountId: accounts.donation_revenue, side: 'credit', amount: '1e6' }] }));
});

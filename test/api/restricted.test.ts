import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshApi, type Json, provinceWithFund, type TestApi } from '../support/api.ts';
import { disbursement } from '../support/ledger.ts';

describe('restricted and unrestricted money of a fund', () => {
  let api: TestApi;
  let cleanup = () => {};
  let fund: Json;
  let accounts: Record<string, string>;

  beforeEach(async () => {
    const env = await freshApi();
    api = env.api;
    cleanup = env.cleanup;
    const setup = await provinceWithFund(api);
    fund = setup.fund;
    accounts = setup.accounts;
  });
  afterEach(() => cleanup());

  const gift = (amount: string, overrides: Json = {}): Json => ({
    fundId: fund.id,
    amount,
    currency: 'VND',
    receivedOn: '2024-09-12',
    channel: 'bank_transfer',
    donor: { kind: 'organisation', name: 'Ngân hàng TMCP Ngoại thương — CN Lai Châu' },
    disclosure: 'public',
    ...overrides,
  });

  const detail = async () => {
    const response = await api.get(`/api/v1/funds/${fund.id}`);
    expect(response.status).toBe(200);
    return response.body;
  };

  it('starts with nothing restricted', async () => {
    const body = await detail();
    expect(body.available).toEqual([{ currency: 'VND', amount: '0' }]);
    expect(body.restricted).toEqual([{ currency: 'VND', amount: '0' }]);
    expect(body.unrestricted).toEqual([{ currency: 'VND', amount: '0' }]);
  });

  it('restricts valid earmarked money per currency; the rest of what is available is unrestricted', async () => {
    const household = await api.create('/api/v1/beneficiaries', {
      unitId: fund.unitId,
      kind: 'household',
      name: 'Lò Văn Pao',
      village: 'bản Huổi Én',
      povertyStatus: 'poor',
    });
    const school = await api.create('/api/v1/projects', {
      unitId: fund.unitId,
      fundId: fund.id,
      kind: 'scholarship',
      name: 'Học bổng trường mầm non bản Huổi Én',
      budget: '20000000',
    });
    await api.create('/api/v1/donations', gift('1000000'));
    await api.create('/api/v1/donations', gift('3000000', { earmark: { category: 'new_house' } }));
    const cash = await api.create(
      '/api/v1/donations',
      gift('500000', { channel: 'cash', earmark: { beneficiaryId: household.id } }),
    );
    await api.create(
      '/api/v1/donations',
      gift('10000', { currency: 'USD', earmark: { projectId: school.id } }),
    );
    // An earmark must name something real: an unknown project or beneficiary is refused.
    const unknown = await api.post(
      '/api/v1/donations',
      gift('10000', { earmark: { projectId: 'truong-mam-non' } }),
    );
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([
      { field: 'earmark.projectId', detail: 'unknown project for this fund' },
    ]);
    // Earmarked goods are not money the fund holds: they restrict nothing in `available`.
    await api.create(
      '/api/v1/donations',
      gift('', {
        amount: undefined,
        channel: 'in_kind',
        inKind: { description: 'Xi măng', quantity: '50', unit: 'bao', unitValue: '90000' },
        earmark: { category: 'new_house' },
      }),
    );

    let body = await detail();
    // available VND: bank 1,000,000 + 3,000,000 and cash 500,000; restricted 3,000,000 + 500,000.
    expect(body.available).toEqual(
      expect.arrayContaining([
        { currency: 'VND', amount: '4500000' },
        { currency: 'USD', amount: '10000' },
      ]),
    );
    expect(body.restricted).toEqual([
      { currency: 'VND', amount: '3500000' },
      { currency: 'USD', amount: '10000' },
    ]);
    expect(body.unrestricted).toEqual([
      { currency: 'VND', amount: '1000000' },
      { currency: 'USD', amount: '0' },
    ]);

    await api.post(`/api/v1/donations/${cash.id}/void`, { reason: 'Sai đối tượng' });
    body = await detail();
    expect(body.restricted).toContainEqual({ currency: 'VND', amount: '3000000' });
    expect(body.unrestricted).toContainEqual({ currency: 'VND', amount: '1000000' });
  });

  it('refuses a manual entry that would spend earmarked money on something else, and changes nothing', async () => {
    await api.create('/api/v1/donations', gift('1000000'));
    await api.create('/api/v1/donations', gift('3000000', { earmark: { category: 'new_house' } }));
    const refused = await api.post('/api/v1/entries', disbursement(accounts, '2500000', '2024-09-20'));
    expect(refused.status).toBe(422);
    expect(refused.body.type).toBe('/problems/insufficient-funds');
    expect(refused.body.detail).toContain('1.000.000 ₫');
    const body = await detail();
    expect(body.available).toEqual([{ currency: 'VND', amount: '4000000' }]);
    expect(body.restricted).toEqual([{ currency: 'VND', amount: '3000000' }]);
    expect(body.unrestricted).toEqual([{ currency: 'VND', amount: '1000000' }]);

    // What the unrestricted money covers goes through, first in first out.
    await api.create('/api/v1/entries', disbursement(accounts, '600000', '2024-09-20'));
    const after = await detail();
    expect(after.restricted).toEqual([{ currency: 'VND', amount: '3000000' }]);
    expect(after.unrestricted).toEqual([{ currency: 'VND', amount: '400000' }]);
  });
});

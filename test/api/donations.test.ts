import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyLedger } from '../../src/capabilities/verify-ledger.ts';
import { SoquyStore } from '../../src/db/donation-store.ts';
import { freshApi, type Json, provinceWithFund, type TestApi } from '../support/api.ts';
import { balanceOf, expectProblem } from '../support/ledger.ts';

describe('donations and receipts', () => {
  let api: TestApi;
  let cleanup = () => {};
  let fund: Json;
  let accounts: Record<string, string>;
  let unitCode: string;
  let client: import('@libsql/client').Client;

  beforeEach(async () => {
    const env = await freshApi('file');
    cleanup = env.cleanup;
    api = env.api;
    client = env.client;
    const setup = await provinceWithFund(api);
    fund = setup.fund;
    accounts = setup.accounts;
    unitCode = setup.unit.code;
  });
  afterEach(async () => {
    const report = await verifyLedger({ store: new SoquyStore(client) });
    expect(report.checks.filter((check) => check.violations > 0)).toEqual([]);
    cleanup();
  });

  const gift = (overrides: Json = {}): Json => ({
    fundId: fund.id,
    amount: '500000',
    currency: 'VND',
    receivedOn: '2024-09-12',
    channel: 'bank_transfer',
    donor: {
      kind: 'individual',
      name: 'Nguyễn Văn An',
      address: 'số 1 phố Huế, Hà Nội',
      contact: '0912345678',
    },
    disclosure: 'public',
    bankRef: 'FT24256123456789',
    ...overrides,
  });

  it('records a gift with its entry and the first receipt number of the unit and year', async () => {
    const response = await api.post('/api/v1/donations', gift());
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      amount: '500000',
      currency: 'VND',
      receiptNo: `PT-${unitCode}-2024-000001`,
      status: 'valid',
      donor: { kind: 'individual', name: 'Nguyễn Văn An' },
    });
    expect(await balanceOf(api, accounts.bank!)).toBe('500000');
    expect(await balanceOf(api, accounts.donation_revenue!)).toBe('500000');
    const entry = await api.get(`/api/v1/entries/${response.body.entryId}`);
    expect(entry.body.kind).toBe('donation');

    const receipt = await api.get(`/api/v1/receipts/${response.body.receiptNo}`);
    expect(receipt.status).toBe(200);
    expect(receipt.body).toMatchObject({
      status: 'valid',
      amountInWords: 'Năm trăm nghìn đồng',
      amount: '500000',
    });
  });

  it('voids a gift by reversal, keeps its receipt number and never reuses it', async () => {
    const first = await api.create('/api/v1/donations', gift());
    const second = await api.create('/api/v1/donations', gift({ amount: '200000' }));
    expect(second.receiptNo).toBe(`PT-${unitCode}-2024-000002`);
    const voided = await api.post(`/api/v1/donations/${first.id}/void`, { reason: 'Nhập trùng' });
    expect(voided.status).toBe(200);
    expect(voided.body).toMatchObject({
      status: 'void',
      voidReason: 'Nhập trùng',
      receiptNo: first.receiptNo,
    });
    expect(await balanceOf(api, accounts.bank!)).toBe('200000');
    expect((await api.get(`/api/v1/receipts/${first.receiptNo}`)).body.status).toBe('void');
    expectProblem(await api.post(`/api/v1/donations/${first.id}/void`, { reason: 'again' }), 'conflict');
    const third = await api.create('/api/v1/donations', gift({ amount: '100000' }));
    expect(third.receiptNo).toBe(`PT-${unitCode}-2024-000003`);
  });

  it('refuses to void a gift whose money was already spent', async () => {
    const first = await api.create('/api/v1/donations', gift());
    await api.create('/api/v1/entries', {
      date: '2024-09-13',
      description: 'Chi hỗ trợ',
      kind: 'disbursement',
      postings: [
        { accountId: accounts.disbursement_expense, side: 'debit', amount: '400000' },
        { accountId: accounts.bank, side: 'credit', amount: '400000' },
      ],
    });
    expectProblem(
      await api.post(`/api/v1/donations/${first.id}/void`, { reason: 'Sai' }),
      'insufficient-funds',
    );
    expect((await api.get(`/api/v1/donations/${first.id}`)).body.status).toBe('valid');
  });

  it('gives gap-free, unique receipt numbers to dozens of gifts in flight, and replays retries', async () => {
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        api.post('/api/v1/donations', gift({ amount: String(1000 + (index % 20)) }), {
          'Idempotency-Key': `gift-${index % 20}`,
        }),
      ),
    );
    expect(responses.every((response) => response.status === 201)).toBe(true);
    const fresh = responses.filter((response) => response.headers.get('Idempotency-Hit') !== 'true');
    expect(fresh).toHaveLength(20);
    const numbers = fresh
      .map((response) => Number(String(response.body.receiptNo).slice(-6)))
      .sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, index) => index + 1));
  });

  it('refuses a gift dated outside its campaign window, naming the window', async () => {
    const campaign = await api.create('/api/v1/campaigns', {
      fundId: fund.id,
      name: 'Ủng hộ đồng bào bị thiệt hại do bão số 3',
      purpose: 'Khắc phục hậu quả bão Yagi',
      receivingFrom: '2024-09-10',
      receivingTo: '2024-10-31',
      distributionDeadline: '2024-11-20',
      paymentCodePrefix: 'YAGI',
    });
    const late = await api.post(
      '/api/v1/donations',
      gift({ campaignId: campaign.id, receivedOn: '2024-11-05' }),
    );
    expectProblem(late, 'validation-failed', ['receivedOn']);
    expect(late.body.detail).toContain('2024-09-10 to 2024-10-31');
    expect((await api.post('/api/v1/donations', gift({ campaignId: campaign.id }))).status).toBe(201);
    const long = await api.post('/api/v1/campaigns', {
      fundId: fund.id,
      name: 'Quá dài',
      purpose: 'x',
      receivingFrom: '2024-01-01',
      receivingTo: '2024-06-30',
      distributionDeadline: '2024-07-10',
      paymentCodePrefix: 'LONG',
    });
    expectProblem(long, 'validation-failed', ['receivingTo']);
  });

  it('values in-kind gifts as quantity × unit value on the goods account', async () => {
    const rice = await api.create(
      '/api/v1/donations',
      gift({
        amount: undefined,
        channel: 'in_kind',
        inKind: { description: 'Gạo tẻ', quantity: '12.5', unit: 'kg', unitValue: '20000' },
      }),
    );
    expect(rice.amount).toBe('250000');
    expect(await balanceOf(api, accounts.in_kind_goods!)).toBe('250000');
    const wrong = await api.post(
      '/api/v1/donations',
      gift({
        amount: '1',
        channel: 'in_kind',
        inKind: { description: 'Gạo', quantity: '2', unit: 'kg', unitValue: '20000' },
      }),
    );
    expectProblem(wrong, 'validation-failed', ['amount']);
  });

  it('records a foreign gift in its own currency, opening that currency\u2019s accounts', async () => {
    const usd = await api.create('/api/v1/donations', gift({ amount: '100000', currency: 'USD' }));
    expect(usd.currency).toBe('USD');
    const detail = await api.get(`/api/v1/funds/${fund.id}`);
    expect(detail.body.available).toContainEqual({ currency: 'USD', amount: '100000' });
    const tb = await api.get(`/api/v1/reports/trial-balance?fundId=${fund.id}`);
    expect(tb.body.totalsByCurrency).toContainEqual({ currency: 'USD', debit: '100000', credit: '100000' });
  });

  it('requires an earmark to name exactly one purpose', async () => {
    expectProblem(await api.post('/api/v1/donations', gift({ earmark: {} })), 'validation-failed', [
      'earmark',
    ]);
    const earmarked = await api.create('/api/v1/donations', gift({ earmark: { category: 'new_house' } }));
    expect(earmarked.earmark).toEqual({ category: 'new_house', projectId: null, beneficiaryId: null });
  });

  it('lists gifts by fund with keyset pagination and refuses other units\u2019 accountants', async () => {
    for (const day of ['2024-09-12', '2024-09-10', '2024-09-11'])
      await api.create('/api/v1/donations', gift({ receivedOn: day }));
    const page = await api.get(`/api/v1/donations?fundId=${fund.id}&limit=2`);
    expect(page.body.items.map((item: Json) => item.receivedOn)).toEqual(['2024-09-10', '2024-09-11']);
    const next = await api.get(`/api/v1/donations?fundId=${fund.id}&limit=2&cursor=${page.body.nextCursor}`);
    expect(next.body.items.map((item: Json) => item.receivedOn)).toEqual(['2024-09-12']);
    expect(next.body.nextCursor).toBeNull();

    const other = await api.create('/api/v1/units', { name: 'Tỉnh khác', kind: 'mttq' });
    const user = await api.create('/api/v1/users', {
      name: 'Kế toán',
      username: 'ketoan.khac',
      grants: [{ unitId: other.id, role: 'accountant' }],
    });
    const token = await api.create(`/api/v1/users/${user.id}/tokens`, { name: 't' });
    const outsider = api.as(token.token);
    expect((await outsider.post('/api/v1/donations', gift())).status).toBe(403);
    expect((await outsider.get(`/api/v1/donations?fundId=${fund.id}`)).status).toBe(403);
  });
});

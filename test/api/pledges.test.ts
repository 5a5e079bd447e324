import type { Client } from '@libsql/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyLedger } from '../../src/capabilities/verify-ledger.ts';
import { SoquyStore } from '../../src/db/donation-store.ts';
import { freshApi, type Json, provinceWithFund, type TestApi } from '../support/api.ts';
import { balanceOf, countRows, expectProblem } from '../support/ledger.ts';

describe('pledges (đăng ký ủng hộ)', () => {
  let api: TestApi;
  let client: Client;
  let cleanup = () => {};
  let fund: Json;
  let accounts: Record<string, string>;
  let campaign: Json;

  beforeEach(async () => {
    const env = await freshApi();
    api = env.api;
    client = env.client;
    cleanup = env.cleanup;
    const setup = await provinceWithFund(api);
    fund = setup.fund;
    accounts = setup.accounts;
    campaign = await api.create('/api/v1/campaigns', {
      fundId: fund.id,
      name: 'Ủng hộ đồng bào bị thiệt hại do bão số 3',
      purpose: 'Khắc phục hậu quả bão Yagi',
      receivingFrom: '2024-09-10',
      receivingTo: '2024-10-31',
      distributionDeadline: '2024-11-20',
      paymentCodePrefix: 'YAGI',
    });
  });
  afterEach(async () => {
    const report = await verifyLedger({ store: new SoquyStore(client) });
    expect(report.checks.filter((check) => check.violations > 0)).toEqual([]);
    cleanup();
  });

  const pledgeBody = (overrides: Json = {}): Json => ({
    fundId: fund.id,
    campaignId: campaign.id,
    donor: { kind: 'organisation', name: 'Công ty TNHH Minh Phát', contact: '0203 3876 543' },
    amount: '10000000',
    currency: 'VND',
    pledgedOn: '2024-09-10',
    dueOn: '2024-10-31',
    ...overrides,
  });

  const giftFor = (pledge: Json, amount: string, overrides: Json = {}): Json => ({
    fundId: pledge.fundId,
    campaignId: pledge.campaignId,
    amount,
    currency: pledge.currency,
    receivedOn: '2024-09-20',
    channel: 'bank_transfer',
    donor: { id: pledge.donor.id },
    disclosure: 'public',
    pledgeId: pledge.id,
    ...overrides,
  });

  async function pledgeById(id: string, query = `campaignId=${campaign.id}`): Promise<Json> {
    const list = await api.get(`/api/v1/pledges?${query}&limit=500`);
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    const found = (list.body.items as Json[]).find((item) => item.id === id);
    expect(found).toBeDefined();
    return found!;
  }

  it('records a pledge off the ledger: no entry, no money, an audit record', async () => {
    const entries = await countRows(api, 'journal_entries');
    const headers = { 'Idempotency-Key': 'pledge-minh-phat' };
    const response = await api.post('/api/v1/pledges', pledgeBody(), headers);
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      fundId: fund.id,
      unitId: fund.unitId,
      campaignId: campaign.id,
      donor: { kind: 'organisation', name: 'Công ty TNHH Minh Phát' },
      amount: '10000000',
      currency: 'VND',
      pledgedOn: '2024-09-10',
      dueOn: '2024-10-31',
      status: 'open',
      received: '0',
      outstanding: '10000000',
    });
    expect(await countRows(api, 'journal_entries')).toBe(entries);
    expect(await balanceOf(api, accounts.pledges_receivable!)).toBe('0');

    const replay = await api.post('/api/v1/pledges', pledgeBody(), headers);
    expect(replay.headers.get('Idempotency-Hit')).toBe('true');
    expect(replay.body.id).toBe(response.body.id);
    const pledges = await client.execute('SELECT count(*) AS n FROM pledges');
    expect(Number(pledges.rows[0]!.n)).toBe(1);

    const audit = await api.get(`/api/v1/audit?objectId=${response.body.id}`);
    expect(audit.body.items).toHaveLength(1);
    expect(audit.body.items[0]).toMatchObject({
      action: 'pledges.create',
      objectType: 'pledges',
      unitId: fund.unitId,
      outcome: 'success',
      status: 201,
    });
  });

  it('refuses a pledge to another fund’s campaign or falling due before it was made', async () => {
    expectProblem(
      await api.post('/api/v1/pledges', pledgeBody({ campaignId: 'no-such-campaign' })),
      'validation-failed',
      ['campaignId'],
    );
    expectProblem(
      await api.post('/api/v1/pledges', pledgeBody({ dueOn: '2024-09-01' })),
      'validation-failed',
      ['dueOn'],
    );
    expectProblem(await api.post('/api/v1/pledges', pledgeBody({ amount: '0' })), 'validation-failed', [
      'amount',
    ]);
  });

  it('is fulfilled by gifts: partial, refused over-fulfilment, completion, then a void reopens it', async () => {
    const pledge = await api.create('/api/v1/pledges', pledgeBody());

    const first = await api.create('/api/v1/donations', giftFor(pledge, '4000000'));
    expect(first.pledgeId).toBe(pledge.id);
    expect(await balanceOf(api, accounts.bank!)).toBe('4000000');
    expect(await pledgeById(pledge.id)).toMatchObject({
      status: 'open',
      received: '4000000',
      outstanding: '6000000',
    });

    const entries = await countRows(api, 'journal_entries');
    const over = await api.post('/api/v1/donations', giftFor(pledge, '7000000'));
    expectProblem(over, 'pledge-exceeded', ['amount']);
    expect(over.body.outstanding).toBe('6000000');
    expect(over.body.detail).toContain('6000000');
    expect(await countRows(api, 'journal_entries')).toBe(entries);
    expect(await balanceOf(api, accounts.bank!)).toBe('4000000');

    const second = await api.create(
      '/api/v1/donations',
      giftFor(pledge, '6000000', { receivedOn: '2024-10-01' }),
    );
    expect(await pledgeById(pledge.id)).toMatchObject({
      status: 'fulfilled',
      received: '10000000',
      outstanding: '0',
    });
    expectProblem(await api.post('/api/v1/donations', giftFor(pledge, '1000')), 'conflict');
    expectProblem(
      await api.post(`/api/v1/pledges/${pledge.id}/cancel`, { reason: 'Đã nhận đủ' }),
      'conflict',
    );

    const voided = await api.post(`/api/v1/donations/${second.id}/void`, { reason: 'Nhập nhầm số tiền' });
    expect(voided.status).toBe(200);
    expect(await pledgeById(pledge.id)).toMatchObject({
      status: 'open',
      received: '4000000',
      outstanding: '6000000',
    });
    // The voided money can be given again against the reopened pledge.
    await api.create('/api/v1/donations', giftFor(pledge, '6000000', { receivedOn: '2024-10-02' }));
    expect((await pledgeById(pledge.id)).status).toBe('fulfilled');
    const stored = await client.execute({
      sql: "SELECT count(*) AS n FROM donations WHERE pledge_id = ? AND status = 'valid'",
      args: [pledge.id],
    });
    expect(Number(stored.rows[0]!.n)).toBe(2);
  });

  it('refuses a gift of another fund, campaign, currency or donor, or against an unknown pledge', async () => {
    const pledge = await api.create('/api/v1/pledges', pledgeBody());
    const other = await api.create('/api/v1/donations', {
      ...giftFor(pledge, '100000', { donor: { kind: 'individual', name: 'Lò Văn Páo' } }),
      pledgeId: null,
    });
    const otherFund = await api.create('/api/v1/funds', {
      unitId: fund.unitId,
      kind: 'relief_campaign',
      name: 'Quỹ cứu trợ tỉnh Lai Châu',
    });
    const entries = await countRows(api, 'journal_entries');
    expectProblem(
      await api.post(
        '/api/v1/donations',
        giftFor(pledge, '1000', { fundId: otherFund.id, campaignId: null }),
      ),
      'validation-failed',
      ['pledgeId'],
    );
    expectProblem(
      await api.post('/api/v1/donations', giftFor(pledge, '1000', { campaignId: null })),
      'validation-failed',
      ['campaignId'],
    );
    expectProblem(
      await api.post('/api/v1/donations', giftFor(pledge, '1000', { currency: 'USD' })),
      'validation-failed',
      ['currency'],
    );
    const wrongDonor = await api.post(
      '/api/v1/donations',
      giftFor(pledge, '1000', { donor: { id: other.donor.id } }),
    );
    expectProblem(wrongDonor, 'validation-failed', ['donor']);
    expect(wrongDonor.body.detail).toContain(pledge.donor.id);
    expectProblem(
      await api.post('/api/v1/donations', giftFor(pledge, '1000', { pledgeId: 'no-such-pledge' })),
      'validation-failed',
      ['pledgeId'],
    );
    expect(await countRows(api, 'journal_entries')).toBe(entries);
  });

  it('cancels an open pledge once, with its reason; gifts no longer count towards it', async () => {
    const pledge = await api.create('/api/v1/pledges', pledgeBody());
    await api.create('/api/v1/donations', giftFor(pledge, '1000000'));
    const cancelled = await api.post(`/api/v1/pledges/${pledge.id}/cancel`, {
      reason: 'Doanh nghiệp gặp khó khăn, rút đăng ký',
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({
      status: 'cancelled',
      cancelReason: 'Doanh nghiệp gặp khó khăn, rút đăng ký',
      outstanding: '0',
    });
    expect(await pledgeById(pledge.id)).toMatchObject({
      status: 'cancelled',
      received: '1000000',
      outstanding: '0',
    });
    expectProblem(await api.post(`/api/v1/pledges/${pledge.id}/cancel`, { reason: 'lần nữa' }), 'conflict');
    expectProblem(await api.post('/api/v1/donations', giftFor(pledge, '1000')), 'conflict');
    expectProblem(await api.post('/api/v1/pledges/no-such-pledge/cancel', { reason: 'x' }), 'not-found');
    const audit = await api.get(`/api/v1/audit?objectId=${pledge.id}&action=pledges.cancel`);
    expect(audit.body.items.map((item: Json) => item.outcome).sort()).toEqual(['refused', 'success']);
  });

  it('lists pledges by fund, campaign and status, page by page', async () => {
    const dates = ['2024-09-12', '2024-09-10', '2024-09-11'];
    for (const pledgedOn of dates)
      await api.create('/api/v1/pledges', pledgeBody({ pledgedOn, dueOn: null }));
    const fundLevel = await api.create('/api/v1/pledges', pledgeBody({ campaignId: null, dueOn: null }));
    const page = await api.get(`/api/v1/pledges?campaignId=${campaign.id}&limit=2`);
    expect(page.body.items.map((item: Json) => item.pledgedOn)).toEqual(['2024-09-10', '2024-09-11']);
    const next = await api.get(
      `/api/v1/pledges?campaignId=${campaign.id}&limit=2&cursor=${page.body.nextCursor}`,
    );
    expect(next.body.items.map((item: Json) => item.pledgedOn)).toEqual(['2024-09-12']);
    expect(next.body.nextCursor).toBeNull();
    const all = await api.get(`/api/v1/pledges?fundId=${fund.id}`);
    expect(all.body.items).toHaveLength(4);
    await api.post(`/api/v1/pledges/${fundLevel.id}/cancel`, { reason: 'Rút' });
    const open = await api.get(`/api/v1/pledges?fundId=${fund.id}&status=open`);
    expect(open.body.items).toHaveLength(3);
    expectProblem(await api.get('/api/v1/pledges?campaignId=no-such-campaign'), 'not-found');
  });

  it('reports pledged, received and outstanding per campaign, cancelled pledges left out', async () => {
    // Campaign: A 10,000,000 with 4,000,000 received; B 5,000,000 fully received; C 3,000,000 with
    // 1,000,000 received and then cancelled (left out). The fund itself: D 2,000,000, nothing received.
    const a = await api.create('/api/v1/pledges', pledgeBody());
    const b = await api.create(
      '/api/v1/pledges',
      pledgeBody({ amount: '5000000', donor: { kind: 'individual', name: 'Giàng A Chư' } }),
    );
    const c = await api.create(
      '/api/v1/pledges',
      pledgeBody({ amount: '3000000', donor: { kind: 'individual', name: 'Tẩn Láo Lở' } }),
    );
    await api.create(
      '/api/v1/pledges',
      pledgeBody({
        amount: '2000000',
        campaignId: null,
        donor: { kind: 'organisation', name: 'Hội Nông dân' },
      }),
    );
    await api.create('/api/v1/donations', giftFor(a, '4000000'));
    await api.create('/api/v1/donations', giftFor(b, '2000000'));
    await api.create('/api/v1/donations', giftFor(b, '3000000'));
    await api.create('/api/v1/donations', giftFor(c, '1000000'));
    await api.post(`/api/v1/pledges/${c.id}/cancel`, { reason: 'Rút đăng ký' });

    const byCampaign = await api.get(`/api/v1/reports/pledges?campaignId=${campaign.id}`);
    expect(byCampaign.status).toBe(200);
    expect(byCampaign.body).toEqual({
      scope: { fundId: null, campaignId: campaign.id },
      rows: [
        {
          campaignId: campaign.id,
          campaignName: campaign.name,
          currency: 'VND',
          pledgeCount: 2,
          pledged: '15000000',
          received: '9000000',
          outstanding: '6000000',
        },
      ],
      totals: [{ currency: 'VND', pledged: '15000000', received: '9000000', outstanding: '6000000' }],
    });

    const byFund = await api.get(`/api/v1/reports/pledges?fundId=${fund.id}`);
    expect(byFund.body.rows).toEqual([
      {
        campaignId: null,
        campaignName: null,
        currency: 'VND',
        pledgeCount: 1,
        pledged: '2000000',
        received: '0',
        outstanding: '2000000',
      },
      expect.objectContaining({ campaignId: campaign.id, pledged: '15000000', received: '9000000' }),
    ]);
    expect(byFund.body.totals).toEqual([
      { currency: 'VND', pledged: '17000000', received: '9000000', outstanding: '8000000' },
    ]);
    expectProblem(await api.get('/api/v1/reports/pledges'), 'validation-failed', ['campaignId']);
  });

  it('keeps the database’s own guard: no gift past the pledge, no change to what was pledged', async () => {
    const pledge = await api.create('/api/v1/pledges', pledgeBody({ amount: '1000' }));
    await expect(
      client.execute({ sql: 'UPDATE pledges SET amount_minor = 5 WHERE id = ?', args: [pledge.id] }),
    ).rejects.toThrow(/soquy:pledge-status/);
    await expect(
      client.execute({ sql: "UPDATE pledges SET status = 'fulfilled' WHERE id = ?", args: [pledge.id] }),
    ).rejects.toThrow(/soquy:pledge-status/);
    await expect(
      client.execute({ sql: 'DELETE FROM pledges WHERE id = ?', args: [pledge.id] }),
    ).rejects.toThrow(/soquy:pledge-permanent/);
    const gift = await api.create('/api/v1/donations', giftFor(pledge, '600'));
    // A second writer that skipped the domain's check: the insert trigger refuses it.
    await expect(
      client.execute({
        sql: `INSERT INTO donations (id, fund_id, unit_id, campaign_id, donor_id, pledge_id, amount_minor, currency, received_on,
                channel, disclosure, receipt_no, entry_id, status, created_at_ms)
              SELECT 'x', fund_id, unit_id, campaign_id, donor_id, pledge_id, 500, currency, received_on, channel, disclosure,
                'PT-X', 'entry-x', 'valid', 0 FROM donations WHERE id = ?`,
        args: [gift.id],
      }),
    ).rejects.toThrow(/soquy:pledge-exceeded/);
  });
});

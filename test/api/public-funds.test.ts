import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, noticeDueOn, noticeStatus } from '../../src/domain/public-disclosure.ts';
import { createUserWithToken, type TreeUser } from '../support/access.ts';
import { type Json, provinceWithFund, TestApi } from '../support/api.ts';
import { freshDatabase } from '../support/database.ts';
import { expectProblem } from '../support/ledger.ts';

/**
 * The fund pages' data and the disclosure notices on a hand-computed example, "today" being 10/12/2024
 * in Vietnam:
 *   campaign A: receiving 1/9–30/9/2024, distribution by 15/10 → received notice due 15/10, distributed
 *     due 14/11: both overdue (until published);
 *   campaign B: receiving 20/11–5/12, distribution by 20/12 → received due 20/12 (10 days left: due),
 *     distributed due 19/1/2025 (its period still runs: not yet due).
 * Gifts: 300.000 (5/3, voided on 10/12), 250.000 earmarked for new houses (6/3), A: 1.000.000 (10/9) and
 * 500.000 anonymous (12/9), B: 2.000.000 (25/11). Paid: 400.000 relief from A (1/10).
 */
const TODAY_MS = Date.parse('2024-12-10T03:00:00Z');

describe('public funds, disbursements and disclosure notices', () => {
  let api: TestApi;
  let cleanup = () => {};
  let fund: Json;
  let unit: Json;
  let campaignA: Json;
  let campaignB: Json;
  let approver: TreeUser;

  beforeAll(async () => {
    const database = await freshDatabase();
    cleanup = database.cleanup;
    api = new TestApi(database.client, () => TODAY_MS);
    ({ fund, unit } = await provinceWithFund(api));
    approver = await createUserWithToken(api, 'pheduyet', [{ unitId: null, role: 'approver' }]);
    const campaign = (name: string, prefix: string, from: string, to: string, deadline: string) =>
      api.create('/api/v1/campaigns', {
        fundId: fund.id,
        name,
        purpose: 'Hỗ trợ đồng bào',
        receivingFrom: from,
        receivingTo: to,
        distributionDeadline: deadline,
        paymentCodePrefix: prefix,
      });
    campaignA = await campaign('Đợt A', 'PFA', '2024-09-01', '2024-09-30', '2024-10-15');
    campaignB = await campaign('Đợt B', 'PFB', '2024-11-20', '2024-12-05', '2024-12-20');
    const gift = (amount: string, receivedOn: string, overrides: Json = {}) =>
      api.create('/api/v1/donations', {
        fundId: fund.id,
        amount,
        currency: 'VND',
        receivedOn,
        channel: 'bank_transfer',
        donor: { kind: 'individual', name: `Người ủng hộ ${amount}` },
        disclosure: 'public',
        ...overrides,
      });
    const voided = await gift('300000', '2024-03-05');
    await gift('250000', '2024-03-06', { earmark: { category: 'new_house' } });
    await gift('1000000', '2024-09-10', { campaignId: campaignA.id });
    await gift('500000', '2024-09-12', { campaignId: campaignA.id, disclosure: 'anonymous' });
    await gift('2000000', '2024-11-25', { campaignId: campaignB.id });
    expect((await api.post(`/api/v1/donations/${voided.id}/void`, { reason: 'Ghi trùng' })).status).toBe(200);
    const drafted = await api.create('/api/v1/disbursements', {
      fundId: fund.id,
      amount: '400000',
      category: 'relief',
      campaignId: campaignA.id,
      purpose: 'Cứu trợ hộ bị lũ quét',
      date: '2024-09-30',
    });
    const approved = await api.as(approver.token).post(`/api/v1/disbursements/${drafted.id}/approve`, {
      decisionNo: '45/QĐ-MTTQ',
      decisionDate: '2024-09-30',
    });
    expect(approved.status).toBe(200);
    const paid = await api.post(`/api/v1/disbursements/${drafted.id}/pay`, { paidOn: '2024-10-01' });
    expect(paid.status, JSON.stringify(paid.body)).toBe(200);
  });
  afterAll(() => cleanup());

  it('shows the fund with its balances, the year by month and spending by category', async () => {
    const response = await api.anonymous().get(`/api/v1/public/funds/${fund.id}?year=2024`);
    expect(response.status).toBe(200);
    const body = response.body;
    expect(body).toMatchObject({
      id: fund.id,
      name: fund.name,
      kind: 'vi_nguoi_ngheo',
      asOf: '2024-12-10',
      year: 2024,
      unit: { id: unit.id, name: unit.name, level: 'province', code: unit.code },
      available: [{ currency: 'VND', amount: '3350000' }],
      restricted: [{ currency: 'VND', amount: '250000' }],
      unrestricted: [{ currency: 'VND', amount: '3100000' }],
      receivedThisYear: [{ currency: 'VND', amount: '3750000' }],
      spentThisYear: [{ currency: 'VND', amount: '400000' }],
      spendingByCategory: [
        { category: 'relief', label: 'Cứu trợ khẩn cấp', currency: 'VND', amount: '400000', count: 1 },
      ],
    });
    const months = Object.fromEntries(
      (body.months as Json[]).map((month) => [month.month, { received: month.received, spent: month.spent }]),
    );
    expect(Object.keys(months)).toEqual(
      Array.from({ length: 12 }, (_, i) => `2024-${String(i + 1).padStart(2, '0')}`),
    );
    const vnd = (amount: string) => [{ currency: 'VND', amount }];
    expect(months['2024-03']).toEqual({ received: vnd('550000'), spent: [] });
    expect(months['2024-09']).toEqual({ received: vnd('1500000'), spent: [] });
    expect(months['2024-10']).toEqual({ received: [], spent: vnd('400000') });
    expect(months['2024-11']).toEqual({ received: vnd('2000000'), spent: [] });
    // The void is booked on the day it was made: December gives the 300.000 back.
    expect(months['2024-12']).toEqual({ received: vnd('-300000'), spent: [] });
    expect(months['2024-01']).toEqual({ received: [], spent: [] });
    expect(body.campaigns.map((campaign: Json) => [campaign.name, campaign.received])).toEqual([
      ['Đợt A', [{ currency: 'VND', amount: '1500000', count: 2 }]],
      ['Đợt B', [{ currency: 'VND', amount: '2000000', count: 1 }]],
    ]);
    const other = await api.get(`/api/v1/public/funds/${fund.id}?year=2023`);
    expect(other.body.receivedThisYear).toEqual([]);
    expect(other.body.available).toEqual(body.available);
    expectProblem(await api.get('/api/v1/public/funds/nope'), 'not-found');
    expectProblem(await api.get(`/api/v1/public/funds/${fund.id}?year=1900`), 'validation-failed');
  });

  it('lists units with their funds, this year by default', async () => {
    const response = await api.anonymous().get('/api/v1/public/funds');
    expect(response.status).toBe(200);
    expect(response.body.year).toBe(2024);
    const entry = (response.body.items as Json[]).find((item) => item.id === unit.id)!;
    expect(entry.funds).toEqual([
      {
        id: fund.id,
        name: fund.name,
        kind: 'vi_nguoi_ngheo',
        currency: 'VND',
        status: 'active',
        unitId: unit.id,
        available: [{ currency: 'VND', amount: '3350000' }],
        restricted: [{ currency: 'VND', amount: '250000' }],
        unrestricted: [{ currency: 'VND', amount: '3100000' }],
        year: 2024,
        receivedThisYear: [{ currency: 'VND', amount: '3750000' }],
        spentThisYear: [{ currency: 'VND', amount: '400000' }],
      },
    ]);
    expect(response.body.latestHandovers).toEqual([]);
    expect(response.body.nextCursor).toBeNull();
  });

  it('lists paid disbursements with their decision, as JSON and CSV', async () => {
    const response = await api.anonymous().get(`/api/v1/public/funds/${fund.id}/disbursements`);
    expect(response.body).toEqual({
      items: [
        {
          id: expect.any(String),
          paidOn: '2024-10-01',
          category: 'relief',
          categoryLabel: 'Cứu trợ khẩn cấp',
          amount: '400000',
          currency: 'VND',
          beneficiaryAlias: null,
          village: null,
          decisionNo: '45/QĐ-MTTQ',
          decisionDate: '2024-09-30',
          project: null,
          campaign: { id: campaignA.id, name: 'Đợt A' },
        },
      ],
      nextCursor: null,
    });
    expect(JSON.stringify(response.body)).not.toContain('lũ quét');
    const csv = await api.app.request(`/api/v1/public/funds/${fund.id}/disbursements?format=csv`);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await csv.arrayBuffer());
    expect(text).toBe(
      '\uFEFFNgày chi,Nội dung hỗ trợ,Số tiền,Loại tiền,Đối tượng thụ hưởng,Thôn/bản,Số quyết định,Ngày quyết định,Công trình/dự án,Đợt vận động\r\n' +
        '2024-10-01,Cứu trợ khẩn cấp,400000,VND,,,45/QĐ-MTTQ,2024-09-30,,Đợt A\r\n',
    );
    const none = await api.get(`/api/v1/public/funds/${fund.id}/disbursements?category=new_house`);
    expect(none.body.items).toEqual([]);
  });

  it('computes the due dates of Nghị định 93 (15 and 30 days) and the status on a given day', () => {
    const windows = {
      receivingFrom: '2024-09-01',
      receivingTo: '2024-09-30',
      distributionDeadline: '2024-10-15',
    };
    expect(noticeDueOn('received', windows)).toBe('2024-10-15');
    expect(noticeDueOn('distributed', windows)).toBe('2024-11-14');
    expect(addDays('2024-12-20', 30)).toBe('2025-01-19');
    expect(addDays('2024-02-20', 15)).toBe('2024-03-06');
    const notice = { periodEnd: '2024-09-30', dueOn: '2024-10-15', publishedOn: null };
    expect(noticeStatus(notice, '2024-09-30')).toBe('not-yet-due');
    expect(noticeStatus(notice, '2024-10-01')).toBe('due');
    expect(noticeStatus(notice, '2024-10-15')).toBe('due');
    expect(noticeStatus(notice, '2024-10-16')).toBe('overdue');
    expect(noticeStatus({ ...notice, publishedOn: '2024-10-20' }, '2024-10-16')).toBe('published');
  });

  it('generates each campaign’s notices from the ledger, due, overdue or not yet due on 10/12/2024', async () => {
    const a = await api.anonymous().get(`/api/v1/public/campaigns/${campaignA.id}/notices`);
    expect(a.status).toBe(200);
    expect(a.body.asOf).toBe('2024-12-10');
    expect(a.body.notices).toEqual([
      {
        campaign: { id: campaignA.id, name: 'Đợt A' },
        fundId: fund.id,
        kind: 'received',
        periodFrom: '2024-09-01',
        periodEnd: '2024-09-30',
        dueOn: '2024-10-15',
        status: 'overdue',
        daysUntilDue: -56,
        totals: [{ currency: 'VND', amount: '1500000', count: 2 }],
        published: null,
      },
      {
        campaign: { id: campaignA.id, name: 'Đợt A' },
        fundId: fund.id,
        kind: 'distributed',
        periodFrom: '2024-09-01',
        periodEnd: '2024-10-15',
        dueOn: '2024-11-14',
        status: 'overdue',
        daysUntilDue: -26,
        totals: [{ currency: 'VND', amount: '400000', count: 1 }],
        published: null,
      },
    ]);
    const b = await api.get(`/api/v1/public/campaigns/${campaignB.id}/notices`);
    expect(
      b.body.notices.map((notice: Json) => [notice.kind, notice.dueOn, notice.status, notice.daysUntilDue]),
    ).toEqual([
      ['received', '2024-12-20', 'due', 10],
      ['distributed', '2025-01-19', 'not-yet-due', 40],
    ]);
    expect(b.body.notices[1].totals).toEqual([]);
    expectProblem(await api.get('/api/v1/public/campaigns/nope/notices'), 'not-found');
  });

  it('publishes a notice once its period has ended, once, and shows it published (late here)', async () => {
    expectProblem(
      await api.post(`/api/v1/campaigns/${campaignB.id}/notices`, { kind: 'distributed' }),
      'invalid-state',
    );
    expectProblem(
      await api.as(approver.token).post(`/api/v1/campaigns/${campaignA.id}/notices`, { kind: 'received' }),
      'forbidden',
    );
    const published = await api.post(`/api/v1/campaigns/${campaignA.id}/notices`, { kind: 'received' });
    expect(published.status).toBe(201);
    expect(published.body).toMatchObject({
      kind: 'received',
      status: 'published',
      published: {
        publishedOn: '2024-12-10',
        late: true,
        totals: [{ currency: 'VND', amount: '1500000', count: 2 }],
      },
    });
    expectProblem(
      await api.post(`/api/v1/campaigns/${campaignA.id}/notices`, { kind: 'received' }),
      'conflict',
    );
    // A published notice is a public record: the database refuses to change or delete it.
    await expect(
      api.client.execute("UPDATE disclosure_notices SET published_on = '2024-10-10'"),
    ).rejects.toThrow(/disclosure-notice-permanent/);
    await expect(api.client.execute('DELETE FROM disclosure_notices')).rejects.toThrow(
      /disclosure-notice-permanent/,
    );
    const audit = await api.client.execute(
      "SELECT count(*) AS n FROM audit_log WHERE action = 'campaigns.publish-notice' AND outcome = 'success'",
    );
    expect(Number(audit.rows[0]!.n)).toBe(1);
    const fundPage = await api.get(`/api/v1/public/funds/${fund.id}?year=2024`);
    expect(
      fundPage.body.notices.map((notice: Json) => [notice.campaign.name, notice.kind, notice.status]),
    ).toEqual([
      ['Đợt A', 'received', 'published'],
      ['Đợt A', 'distributed', 'overdue'],
      ['Đợt B', 'received', 'due'],
      ['Đợt B', 'distributed', 'not-yet-due'],
    ]);
  });

  it('answers with Cache-Control and a strong ETag, 304 for If-None-Match, a new ETag after a write', async () => {
    const path = `/api/v1/public/funds/${fund.id}/donations?limit=2`;
    const first = await api.anonymous().get(path);
    const etag = first.headers.get('ETag');
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(first.headers.get('Cache-Control')).toBe('public, max-age=60, stale-while-revalidate=300');
    expect((await api.anonymous().get(path)).headers.get('ETag')).toBe(etag);
    const other = await api.anonymous().get(`/api/v1/public/funds/${fund.id}/donations?limit=3`);
    expect(other.headers.get('ETag')).not.toBe(etag);
    for (const header of [etag!, `W/${etag}`, `"x", ${etag}`, '*']) {
      const cached = await api.anonymous().request('GET', path, undefined, { 'If-None-Match': header });
      expect(cached.status).toBe(304);
      expect(cached.body).toEqual({});
      expect(cached.headers.get('ETag')).toBe(etag);
      expect(cached.headers.get('Cache-Control')).toBe('public, max-age=60, stale-while-revalidate=300');
    }
    const stale = await api.anonymous().request('GET', path, undefined, { 'If-None-Match': '"other"' });
    expect(stale.status).toBe(200);
    await api.create('/api/v1/donations', {
      fundId: fund.id,
      amount: '10000',
      currency: 'VND',
      receivedOn: '2024-12-01',
      channel: 'cash',
      donor: { kind: 'individual', name: 'Người mới' },
      disclosure: 'public',
    });
    const after = await api.anonymous().request('GET', path, undefined, { 'If-None-Match': etag! });
    expect(after.status).toBe(200);
    expect(after.headers.get('ETag')).not.toBe(etag);
    expect(after.body.items[0].amount).toBe('10000');
    // A refusal is not cached.
    const refused = await api.anonymous().get('/api/v1/public/funds/nope');
    expect(refused.headers.get('Cache-Control')).toBeNull();
    expect(refused.headers.get('ETag')).toBeNull();
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUserWithToken, type TreeUser } from '../support/access.ts';
import { freshApi, type Json, provinceWithFund, type TestApi } from '../support/api.ts';
import { balanceOf, expectProblem, expectVerified } from '../support/ledger.ts';

/** Disbursements: lifecycle, four eyes, every refusal, and the entry and allocations a payment makes. */
describe('disbursements', () => {
  let api: TestApi;
  let cleanup = () => {};
  let unit: Json;
  let fund: Json;
  let accounts: Record<string, string>;
  let accountant: TreeUser;
  let approver: TreeUser;

  beforeEach(async () => {
    const env = await freshApi();
    api = env.api;
    cleanup = env.cleanup;
    const setup = await provinceWithFund(api);
    unit = setup.unit;
    fund = setup.fund;
    accounts = setup.accounts;
    accountant = await createUserWithToken(api, 'ketoan', [{ unitId: unit.id, role: 'accountant' }]);
    approver = await createUserWithToken(api, 'chutich', [{ unitId: unit.id, role: 'approver' }]);
  });
  const gift = (amount: string, receivedOn: string, overrides: Json = {}) =>
    api.create('/api/v1/donations', {
      fundId: fund.id,
      amount,
      currency: 'VND',
      receivedOn,
      channel: 'bank_transfer',
      donor: { kind: 'individual', name: 'Nguyễn Văn An' },
      disclosure: 'public',
      ...overrides,
    });

  const draft = (overrides: Json = {}, as: TestApi = api.as(accountant.token)) =>
    as.post('/api/v1/disbursements', {
      fundId: fund.id,
      amount: '1500000',
      category: 'livelihood',
      purpose: 'Hỗ trợ giống bò sinh sản cho hộ nghèo bản Huổi Én',
      date: '2024-10-01',
      ...overrides,
    });

  const approve = (id: string, as: TestApi = api.as(approver.token)) =>
    as.post(`/api/v1/disbursements/${id}/approve`, { decisionNo: '125/QĐ-MTTQ', decisionDate: '2024-10-02' });

  const pay = (id: string, as: TestApi = api.as(accountant.token)) =>
    as.post(`/api/v1/disbursements/${id}/pay`, { paidOn: '2024-10-03' });

  async function paid(overrides: Json = {}): Promise<Json> {
    const drafted = await draft(overrides);
    expect(drafted.status).toBe(201);
    expect((await approve(drafted.body.id)).status).toBe(200);
    const done = await pay(drafted.body.id);
    expect(done.status).toBe(200);
    return done.body;
  }

  afterEach(async () => {
    await expectVerified(api.client);
    cleanup();
  });

  it('goes draft → approved → paid → reversed, posting and reversing the entry', async () => {
    await gift('5000000', '2024-09-12');
    const drafted = await draft();
    expect(drafted.status).toBe(201);
    expect(drafted.body).toMatchObject({
      status: 'draft',
      amount: '1500000',
      currency: 'VND',
      draftedBy: accountant.id,
    });

    const approved = await approve(drafted.body.id);
    expect(approved.status).toBe(200);
    expect(approved.body.approval).toEqual({
      by: approver.id,
      decisionNo: '125/QĐ-MTTQ',
      decisionDate: '2024-10-02',
    });

    const done = await pay(drafted.body.id);
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('paid');
    expect(await balanceOf(api, accounts.bank!)).toBe('3500000');
    expect(await balanceOf(api, accounts.disbursement_expense!)).toBe('1500000');
    const entry = await api.get(`/api/v1/entries/${done.body.payment.entryId}`);
    expect(entry.body.kind).toBe('disbursement');

    expectProblem(await pay(drafted.body.id), 'invalid-state');
    expectProblem(
      await api
        .as(accountant.token)
        .post(`/api/v1/disbursements/${drafted.body.id}/reverse`, { reason: 'Sai hộ' }),
      'forbidden',
    );
    const reversed = await api
      .as(approver.token)
      .post(`/api/v1/disbursements/${drafted.body.id}/reverse`, { reason: 'Chi nhầm hộ, thu hồi' });
    expect(reversed.status).toBe(200);
    expect(reversed.body.status).toBe('reversed');
    expect(reversed.body.reversal).toMatchObject({ by: approver.id, reason: 'Chi nhầm hộ, thu hồi' });
    expect(await balanceOf(api, accounts.bank!)).toBe('5000000');
    expectProblem(
      await api
        .as(approver.token)
        .post(`/api/v1/disbursements/${drafted.body.id}/reverse`, { reason: 'again' }),
      'invalid-state',
    );
    const listed = await api.get(`/api/v1/disbursements?fundId=${fund.id}&status=reversed`);
    expect(listed.body.items.map((item: Json) => item.id)).toEqual([drafted.body.id]);
  });

  it('holds the four-eyes rule: the drafter never approves, even an admin', async () => {
    await gift('5000000', '2024-09-12');
    const own = await draft({}, api);
    const refused = expectProblem(await approve(own.body.id, api), 'four-eyes');
    expect(refused.detail).toContain('someone else');
    expect((await api.get(`/api/v1/disbursements/${own.body.id}`)).body.status).toBe('draft');
    expectProblem(await approve(own.body.id, api.as(accountant.token)), 'forbidden');
    expect((await approve(own.body.id)).status).toBe(200);
  });

  it('refuses paying before approval, and anything after a rejection', async () => {
    await gift('5000000', '2024-09-12');
    const drafted = await draft();
    const early = expectProblem(await pay(drafted.body.id), 'invalid-state');
    expect(early.detail).toContain('approved first');
    const rejected = await api
      .as(approver.token)
      .post(`/api/v1/disbursements/${drafted.body.id}/reject`, { reason: 'Hộ đã được hỗ trợ năm 2023' });
    expect(rejected.status).toBe(200);
    expect(rejected.body.rejection).toEqual({ by: approver.id, reason: 'Hộ đã được hỗ trợ năm 2023' });
    expectProblem(await approve(drafted.body.id), 'invalid-state');
    expectProblem(await pay(drafted.body.id), 'invalid-state');
    expect(await balanceOf(api, accounts.bank!)).toBe('5000000');
  });

  it('refuses more than the fund can spend, naming what it can', async () => {
    await gift('1000000', '2024-09-12');
    await gift('3000000', '2024-09-12', { earmark: { category: 'new_house' } });
    const refused = expectProblem(await draft({ amount: '1500000' }), 'insufficient-funds');
    expect(refused.detail).toContain('1.000.000 ₫');
    // The earmarked money reaches a new house: 3,000,000 earmarked + 1,000,000 free.
    expect((await draft({ amount: '4000000', category: 'new_house' })).status).toBe(201);
    expectProblem(await draft({ amount: '4000001', category: 'new_house' }), 'insufficient-funds');
  });

  it("refuses a category the fund's rules do not allow", async () => {
    await gift('1000000', '2024-09-12');
    const costs = expectProblem(
      await draft({ category: 'admin_costs', amount: '10000' }),
      'category-not-allowed',
    );
    expect(costs.detail).toContain('administrative costs');
    const other = expectProblem(
      await draft({ category: 'mutual_aid', amount: '10000' }),
      'category-not-allowed',
    );
    expect(other.detail).toContain('Allowed: new_house');
    expectProblem(await draft({ category: 'bribes' }), 'validation-failed', ['category']);
  });

  it('caps the gratitude fund’s administrative costs at 5% of the year’s receipts', async () => {
    const gratitude = await api.create('/api/v1/funds', {
      unitId: unit.id,
      kind: 'den_on_dap_nghia',
      name: 'Quỹ "Đền ơn đáp nghĩa" tỉnh Lai Châu',
    });
    await api.create('/api/v1/donations', {
      fundId: gratitude.id,
      amount: '10000000',
      currency: 'VND',
      receivedOn: '2024-07-01',
      channel: 'bank_transfer',
      donor: { kind: 'organisation', name: 'Công ty Điện lực Lai Châu' },
      disclosure: 'public',
    });
    const over = await draft({
      fundId: gratitude.id,
      category: 'admin_costs',
      amount: '600000',
      purpose: 'Văn phòng phẩm',
    });
    expect(over.status).toBe(201);
    expect((await approve(over.body.id)).status).toBe(200);
    const capped = expectProblem(await pay(over.body.id), 'cap-exceeded');
    expect(capped.detail).toContain('500.000 ₫');
    const within = await paid({
      fundId: gratitude.id,
      category: 'admin_costs',
      amount: '500000',
      purpose: 'Văn phòng phẩm',
    });
    expect(within.status).toBe('paid');
    const more = await draft({
      fundId: gratitude.id,
      category: 'admin_costs',
      amount: '1',
      purpose: 'Tem thư',
    });
    await approve(more.body.id);
    expectProblem(await pay(more.body.id), 'cap-exceeded');
  });

  it('refuses spending past the campaign’s distribution deadline, naming the date', async () => {
    await gift('5000000', '2024-09-12');
    const campaign = await api.create('/api/v1/campaigns', {
      fundId: fund.id,
      name: 'Ủng hộ đồng bào bị thiệt hại do bão số 3 (Yagi)',
      purpose: 'Khắc phục hậu quả bão Yagi',
      receivingFrom: '2024-09-08',
      receivingTo: '2024-09-30',
      distributionDeadline: '2024-10-20',
      paymentCodePrefix: 'YAGI',
    });
    const late = expectProblem(
      await draft({ campaignId: campaign.id, category: 'relief', date: '2024-10-25' }),
      'past-deadline',
    );
    expect(late.detail).toContain('2024-10-20');
    const inTime = await draft({ campaignId: campaign.id, category: 'relief', date: '2024-10-15' });
    expect(inTime.status).toBe(201);
    await approve(inTime.body.id);
    const paidLate = await api
      .as(accountant.token)
      .post(`/api/v1/disbursements/${inTime.body.id}/pay`, { paidOn: '2024-10-21' });
    expect(expectProblem(paidLate, 'past-deadline').detail).toContain('2024-10-20');
  });

  it('refuses going over the project budget, counting drafts and approvals but not rejections', async () => {
    await gift('5000000', '2024-09-12');
    const project = await api.create('/api/v1/projects', {
      unitId: unit.id,
      fundId: fund.id,
      kind: 'livelihood',
      name: 'Mô hình nuôi bò sinh sản bản Huổi Én',
      budget: '2000000',
    });
    const first = await draft({ projectId: project.id, amount: '1500000' });
    expect(first.status).toBe(201);
    const over = expectProblem(await draft({ projectId: project.id, amount: '600000' }), 'over-budget');
    expect(over.detail).toContain('2.000.000 ₫');
    expect(over.detail).toContain('500.000 ₫');
    await api
      .as(approver.token)
      .post(`/api/v1/disbursements/${first.body.id}/reject`, { reason: 'Làm lại dự toán' });
    expect((await draft({ projectId: project.id, amount: '600000' })).status).toBe(201);
    expectProblem(await draft({ projectId: 'no-such-project' }), 'validation-failed', ['projectId']);
    expectProblem(await draft({ beneficiaryId: 'no-such-household' }), 'validation-failed', [
      'beneficiaryId',
    ]);
  });

  it('replays a payment sent twice with the same Idempotency-Key', async () => {
    await gift('5000000', '2024-09-12');
    const drafted = await draft();
    await approve(drafted.body.id);
    const headers = { 'Idempotency-Key': 'pay-125-once' };
    const first = await api
      .as(accountant.token)
      .post(`/api/v1/disbursements/${drafted.body.id}/pay`, { paidOn: '2024-10-03' }, headers);
    const second = await api
      .as(accountant.token)
      .post(`/api/v1/disbursements/${drafted.body.id}/pay`, { paidOn: '2024-10-03' }, headers);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.headers.get('Idempotency-Hit')).toBe('true');
    expect(second.body).toEqual(first.body);
    expect(await balanceOf(api, accounts.bank!)).toBe('3500000');
  });

  it('answers 404 for an unknown disbursement and for one outside the caller’s units', async () => {
    await gift('5000000', '2024-09-12');
    const drafted = await draft();
    expectProblem(await api.get('/api/v1/disbursements/nope'), 'not-found');
    const other = await api.create('/api/v1/units', {
      name: 'MTTQ tỉnh Điện Biên',
      kind: 'mttq',
      level: 'province',
    });
    const stranger = await createUserWithToken(api, 'dienbien', [{ unitId: other.id, role: 'auditor' }]);
    expectProblem(await api.as(stranger.token).get(`/api/v1/disbursements/${drafted.body.id}`), 'not-found');
    const listed = await api.as(stranger.token).get('/api/v1/disbursements');
    expect(listed.body.items).toEqual([]);
  });
});

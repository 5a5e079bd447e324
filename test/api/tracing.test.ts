import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUserWithToken, type TreeUser } from '../support/access.ts';
import { freshApi, type Json, provinceWithFund, type TestApi } from '../support/api.ts';
import { expectProblem, expectVerified } from '../support/ledger.ts';

/**
 * Tracing on hand-computed examples: earmarks first, then first in, first out by the date received;
 * a void re-allocates what the gift paid for, a reversal releases, transfers carry gifts along.
 */
describe('tracing gifts to disbursements', () => {
  let api: TestApi;
  let cleanup = () => {};
  let unit: Json;
  let fund: Json;
  let approver: TreeUser;

  beforeEach(async () => {
    const env = await freshApi();
    api = env.api;
    cleanup = env.cleanup;
    const setup = await provinceWithFund(api);
    unit = setup.unit;
    fund = setup.fund;
    approver = await createUserWithToken(api, 'chutich', [{ unitId: null, role: 'approver' }]);
  });
  afterEach(async () => {
    await expectVerified(api.client);
    cleanup();
  });

  const gift = (amount: string, receivedOn: string, name: string, overrides: Json = {}) =>
    api.create('/api/v1/donations', {
      fundId: fund.id,
      amount,
      currency: 'VND',
      receivedOn,
      channel: 'bank_transfer',
      donor: { kind: 'individual', name },
      disclosure: 'public',
      ...overrides,
    });

  /** Drafted by the admin, approved by the approver, paid by the admin. */
  async function paid(amount: string, category: string, overrides: Json = {}): Promise<Json> {
    const drafted = await api.create('/api/v1/disbursements', {
      fundId: fund.id,
      amount,
      category,
      purpose: `Chi ${category}`,
      date: '2024-10-01',
      ...overrides,
    });
    const approved = await api.as(approver.token).post(`/api/v1/disbursements/${drafted.id}/approve`, {
      decisionNo: `${amount}/QĐ`,
      decisionDate: '2024-10-02',
    });
    expect(approved.status).toBe(200);
    const done = await api.post(`/api/v1/disbursements/${drafted.id}/pay`, { paidOn: '2024-10-03' });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    return done.body;
  }

  const trace = async (donationId: string) => {
    const response = await api.get(`/api/v1/donations/${donationId}/trace`);
    expect(response.status).toBe(200);
    return response.body;
  };
  const uses = (body: Json) =>
    (body.allocations as Json[]).map((allocation) => [allocation.disbursementId, allocation.amount]);

  it('spends earmarks first, then FIFO by date received; a void and a reversal move allocations as computed by hand', async () => {
    const an = await gift('1000000', '2024-09-10', 'Nguyễn Văn An');
    const binh = await gift('2000000', '2024-09-12', 'Trần Thị Bình');
    const house = await gift('3000000', '2024-09-11', 'Công ty Điện lực Lai Châu', {
      earmark: { category: 'new_house' },
    });

    // 1,500,000 for livelihood: An (10/9) 1,000,000, then Bình (12/9) 500,000. The earmark cannot pay it.
    const d1 = await paid('1500000', 'livelihood');
    expect(uses(await trace(an.id))).toEqual([[d1.id, '1000000']]);
    expect(uses(await trace(binh.id))).toEqual([[d1.id, '500000']]);
    // 3,500,000 for a new house: the earmarked 3,000,000 first, then Bình's next 500,000.
    const d2 = await paid('3500000', 'new_house');
    expect(uses(await trace(house.id))).toEqual([[d2.id, '3000000']]);
    expect(uses(await trace(binh.id))).toEqual([
      [d1.id, '500000'],
      [d2.id, '500000'],
    ]);
    expect((await trace(binh.id)).unallocated).toBe('1000000');

    // Voiding An's gift: the 1,000,000 it paid for d1 is paid again by the next money in line (Bình's).
    expect(
      (await api.post(`/api/v1/donations/${an.id}/void`, { reason: 'Chuyển nhầm, hoàn trả' })).status,
    ).toBe(200);
    const anAfter = await trace(an.id);
    expect(anAfter.allocations).toEqual([]);
    expect(anAfter.unallocated).toBe('0');
    expect(uses(await trace(binh.id))).toEqual([
      [d1.id, '1500000'],
      [d2.id, '500000'],
    ]);
    expect((await trace(binh.id)).unallocated).toBe('0');

    // Reversing d2 releases the earmarked 3,000,000 and Bình's 500,000.
    const reversed = await api
      .as(approver.token)
      .post(`/api/v1/disbursements/${d2.id}/reverse`, { reason: 'Hộ đã được hỗ trợ từ nguồn khác' });
    expect(reversed.status).toBe(200);
    expect((await trace(house.id)).allocations).toEqual([]);
    expect((await trace(house.id)).unallocated).toBe('3000000');
    expect(uses(await trace(binh.id))).toEqual([[d1.id, '1500000']]);

    // Only 500,000 is free for livelihood now: the earmarked money waits for a house.
    const drafted = await api.post('/api/v1/disbursements', {
      fundId: fund.id,
      amount: '600000',
      category: 'livelihood',
      purpose: 'Giống ngô',
      date: '2024-10-05',
    });
    expect(expectProblem(drafted, 'insufficient-funds').detail).toContain('500.000 ₫');

    const byReceipt = await api.get(`/api/v1/receipts/${binh.receiptNo}/trace`);
    expect(byReceipt.status).toBe(200);
    expect(byReceipt.body.donation.id).toBe(binh.id);
    expect(byReceipt.body.allocations[0]).toMatchObject({
      disbursementId: d1.id,
      category: 'livelihood',
      paidOn: '2024-10-03',
    });
  });

  it('refuses a void that would leave a payment unfunded, and changes nothing', async () => {
    const only = await gift('1000000', '2024-09-10', 'Lò Văn Pao');
    const d1 = await paid('1000000', 'livelihood');
    // The bank account is empty after the payment: the void itself cannot take the money back out.
    const refused = await api.post(`/api/v1/donations/${only.id}/void`, { reason: 'Sai' });
    expect(refused.status).toBe(422);
    expect(uses(await trace(only.id))).toEqual([[d1.id, '1000000']]);
  });

  it('follows a gift through a transfer to the commune that spent it; the sender cannot void it before the transfer is undone', async () => {
    const commune = await api.create('/api/v1/units', {
      name: 'Ủy ban MTTQ xã Mường So',
      kind: 'mttq',
      level: 'commune',
      parentId: unit.id,
    });
    const communeFund = await api.create('/api/v1/funds', {
      unitId: commune.id,
      kind: 'vi_nguoi_ngheo',
      name: 'Quỹ "Vì người nghèo" xã Mường So',
    });
    const older = await gift('700000', '2024-09-01', 'Hoàng Văn Chiến');
    const newer = await gift('2000000', '2024-09-15', 'Vàng Thị Dung', {
      earmark: { category: 'new_house' },
    });
    // An earmarked transfer takes the matching earmark first, then FIFO: all of Dung's, then 300,000 of Chiến's.
    const transfer = await api.create('/api/v1/transfers', {
      fromFundId: fund.id,
      toFundId: communeFund.id,
      amount: '2300000',
      date: '2024-09-20',
      purpose: 'Phân bổ kinh phí xây nhà Đại đoàn kết bản Huổi Én',
      earmark: { category: 'new_house' },
    });
    expect(transfer.status).toBe('done');
    const house = await api.create('/api/v1/disbursements', {
      fundId: communeFund.id,
      amount: '2300000',
      category: 'new_house',
      purpose: 'Xây nhà Đại đoàn kết cho hộ ông L.V.Q., bản Huổi Én',
      date: '2024-10-01',
    });
    await api.as(approver.token).post(`/api/v1/disbursements/${house.id}/approve`, {
      decisionNo: '45/QĐ-MTTQ',
      decisionDate: '2024-10-02',
    });
    expect((await api.post(`/api/v1/disbursements/${house.id}/pay`, { paidOn: '2024-10-03' })).status).toBe(
      200,
    );

    const dung = await trace(newer.id);
    expect(uses(dung)).toEqual([[house.id, '2000000']]);
    expect(dung.transfers).toEqual([
      { transferId: transfer.id, fromFundId: fund.id, amount: '2000000', date: '2024-09-20' },
    ]);
    expect(dung.unallocated).toBe('0');
    const chien = await trace(older.id);
    expect(uses(chien)).toEqual([[house.id, '300000']]);
    expect(chien.unallocated).toBe('400000');

    // Even with money in the bank to hand back, the gift's money already belongs to the commune's house.
    await gift('3000000', '2024-09-25', 'Công ty Cổ phần Thủy điện Lai Châu');
    const refusedVoid = await api.post(`/api/v1/donations/${newer.id}/void`, { reason: 'Sai' });
    expect(expectProblem(refusedVoid, 'conflict').detail).toContain(transfer.id);
    // Undoing the transfer would leave the commune's house unpaid: refused too.
    const refusedUndo = await api
      .as(approver.token)
      .post(`/api/v1/transfers/${transfer.id}/reverse`, { reason: 'Phân bổ nhầm xã' });
    expect(refusedUndo.status).toBe(422);

    const listed = await api.get(`/api/v1/transfers?fundId=${communeFund.id}`);
    expect(listed.body.items.map((item: Json) => item.id)).toEqual([transfer.id]);
  });

  it('reverses an unspent transfer: the pieces go home and the sender may void the gift', async () => {
    const communeFund = await api.create('/api/v1/funds', {
      unitId: unit.id,
      kind: 'relief_campaign',
      name: 'Quỹ cứu trợ bão Yagi tỉnh Lai Châu',
    });
    const g = await gift('900000', '2024-09-10', 'Đèo Văn Hùng');
    const transfer = await api.create('/api/v1/transfers', {
      fromFundId: fund.id,
      toFundId: communeFund.id,
      amount: '900000',
      date: '2024-09-20',
      purpose: 'Chuyển sang quỹ cứu trợ',
    });
    expect((await trace(g.id)).transfers).toHaveLength(1);
    const undone = await api
      .as(approver.token)
      .post(`/api/v1/transfers/${transfer.id}/reverse`, { reason: 'Chuyển nhầm quỹ' });
    expect(undone.status).toBe(200);
    expect(undone.body.status).toBe('reversed');
    expect((await trace(g.id)).transfers).toEqual([]);
    expect((await trace(g.id)).unallocated).toBe('900000');
    expect(
      (await api.post(`/api/v1/donations/${g.id}/void`, { reason: 'Hoàn trả nhà hảo tâm' })).status,
    ).toBe(200);
  });

  it('lists the sources of a project: gifts as disclosed, anonymous donors unnamed, other money as opening balance', async () => {
    await api.create('/api/v1/entries', {
      date: '2024-01-01',
      description: 'Số dư đầu năm 2024',
      kind: 'opening',
      postings: [
        { accountId: (await accountsOf(fund.id)).bank, side: 'debit', amount: '400000' },
        { accountId: (await accountsOf(fund.id)).fund_balance, side: 'credit', amount: '400000' },
      ],
    });
    const hidden = await gift('1000000', '2024-09-10', 'Người giấu tên thật', { disclosure: 'anonymous' });
    const named = await gift('2000000', '2024-09-12', 'Ngân hàng BIDV chi nhánh Lai Châu');
    const project = await api.create('/api/v1/projects', {
      unitId: unit.id,
      fundId: fund.id,
      kind: 'new_house',
      name: 'Nhà Đại đoàn kết hộ ông L.V.Q., bản Huổi Én',
      budget: '3000000',
      village: 'bản Huổi Én',
    });
    await paid('3000000', 'new_house', { projectId: project.id });
    const sources = await api.get(`/api/v1/projects/${project.id}/sources`);
    expect(sources.status).toBe(200);
    expect(sources.body.sources).toEqual([
      expect.objectContaining({
        source: 'opening',
        donationId: null,
        amount: '400000',
        label: 'opening balance',
      }),
      expect.objectContaining({
        source: 'donation',
        donationId: hidden.id,
        donor: 'Nhà hảo tâm ẩn danh',
        amount: '1000000',
      }),
      expect.objectContaining({
        source: 'donation',
        donationId: named.id,
        donor: 'Ngân hàng BIDV chi nhánh Lai Châu',
        amount: '1600000',
      }),
    ]);
    expect(JSON.stringify(sources.body)).not.toContain('Người giấu tên thật');
  });

  it('never carries a beneficiary’s private details in traces, sources or disbursements', async () => {
    const secrets = {
      nationalId: '012078004512',
      phone: '0912 000 345',
      address: 'Nhà số 12, tổ 3, bản Huổi Én',
      ethnicity: 'Dao',
      notes: 'Chủ hộ bị tai biến năm 2022',
    };
    const household = await api.create('/api/v1/beneficiaries', {
      unitId: unit.id,
      kind: 'household',
      name: 'Lò Văn Quang',
      village: 'bản Huổi Én',
      povertyStatus: 'poor',
      ...secrets,
    });
    const project = await api.create('/api/v1/projects', {
      unitId: unit.id,
      fundId: fund.id,
      kind: 'new_house',
      name: 'Nhà Đại đoàn kết hộ ông L.V.Q.',
      beneficiaryId: household.id,
      budget: '1000000',
    });
    const g = await gift('1000000', '2024-09-10', 'Nguyễn Văn An', {
      earmark: { beneficiaryId: household.id },
    });
    const d = await paid('1000000', 'new_house', { projectId: project.id, beneficiaryId: household.id });
    expect(uses(await trace(g.id))).toEqual([[d.id, '1000000']]);
    const bodies = [
      await trace(g.id),
      (await api.get(`/api/v1/projects/${project.id}/sources`)).body,
      (await api.get(`/api/v1/disbursements/${d.id}`)).body,
      (await api.get(`/api/v1/disbursements?fundId=${fund.id}`)).body,
    ].map((body) => JSON.stringify(body));
    for (const body of bodies)
      for (const secret of Object.values(secrets)) expect(body).not.toContain(secret);
  });

  async function accountsOf(fundId: string): Promise<Record<string, string>> {
    const detail = await api.get(`/api/v1/funds/${fundId}`);
    return Object.fromEntries((detail.body.balances as Json[]).map((a) => [a.role, a.accountId]));
  }
});

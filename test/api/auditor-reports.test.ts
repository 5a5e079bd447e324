import type { Client } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../src/capabilities/context.ts';
import { postEntries } from '../../src/capabilities/entries.ts';
import { ProjectStore } from '../../src/db/project-store.ts';
import { createUserWithToken, fundWithAccounts, type TreeFund, type TreeUser } from '../support/access.ts';
import { type ApiResponse, type Json, TestApi } from '../support/api.ts';
import { freshDatabase } from '../support/database.ts';
import { entryBody, expectProblem, expectVerified } from '../support/ledger.ts';

/**
 * The reports on a small ledger built through the API and computed by hand: province P (fund F) and
 * its commune C (fund G), September 2024.
 *
 * F: 10.000.000 opening balance in the bank (15/8). In September: a campaign (Bão Yagi) with a pledge of
 * 5.000.000 from Minh Phát, who gives 3.000.000 of it by transfer (10/9); 500.000 cash (11/9); 100 kg of
 * rice at 15.000 for the campaign (12/9, in kind); 100.00 USD for the campaign (13/9); 2.000.000
 * earmarked for new houses (14/9); 800.000 by payroll (15/9, recorded late, voided 2/10); 100.000 posted
 * directly as an entry (26/9). Paid: 1.200.000 livelihood for a project (18/9), 1.500.000 new house
 * (19/9, from the earmark), 600.000 relief for the campaign (22/9, reversed 3/10), 400.000 relief for the
 * campaign (23/9). 1.000.000 transferred to G (20/9). 100 USD sold for 2.500.000 (24/9).
 * G: the 1.000.000 in, 300.000 cash (21/9), 500.000 livelihood paid (27/9).
 */
describe('reports', () => {
  let client: Client;
  let cleanup = () => {};
  let clockMs = 0;
  let api: TestApi;
  let province: Json;
  let commune: Json;
  let F: TreeFund;
  let G: TreeFund;
  let campaign: Json;
  let project: Json;
  let auditor: TreeUser;
  let accountantC: TreeUser;
  const ids: Record<string, string> = {};

  const setToday = (date: string) => {
    clockMs = Date.parse(`${date}T03:00:00Z`);
  };

  beforeAll(async () => {
    const database = await freshDatabase();
    client = database.client;
    cleanup = database.cleanup;
    setToday('2024-09-30');
    api = new TestApi(client, () => clockMs);
    province = await api.create('/api/v1/units', {
      name: 'Ủy ban MTTQ Việt Nam tỉnh Lai Châu',
      kind: 'mttq',
      level: 'province',
      code: 'LCH',
    });
    commune = await api.create('/api/v1/units', {
      name: 'Ủy ban MTTQ xã Mường So',
      kind: 'mttq',
      level: 'commune',
      code: 'MSO',
      parentId: province.id,
    });
    F = await fundWithAccounts(api, province.id, 'Quỹ "Vì người nghèo" tỉnh Lai Châu');
    G = await fundWithAccounts(api, commune.id, 'Quỹ "Vì người nghèo" xã Mường So');
    const approver = await createUserWithToken(api, 'chutich', [{ unitId: province.id, role: 'approver' }]);
    auditor = await createUserWithToken(api, 'kiemtoan', [{ unitId: province.id, role: 'auditor' }]);
    accountantC = await createUserWithToken(api, 'ketoanxa', [{ unitId: commune.id, role: 'accountant' }]);

    await api.create(
      '/api/v1/entries',
      entryBody(
        [
          { accountId: F.accounts.bank!, side: 'debit', amount: '10000000' },
          { accountId: F.accounts.fund_balance!, side: 'credit', amount: '10000000' },
        ],
        { date: '2024-08-15', kind: 'opening', description: 'Số dư chuyển sang' },
      ),
    );
    campaign = await api.create('/api/v1/campaigns', {
      fundId: F.id,
      name: 'Ủng hộ đồng bào bị thiệt hại do bão Yagi',
      purpose: 'Khắc phục hậu quả bão số 3',
      receivingFrom: '2024-09-08',
      receivingTo: '2024-10-31',
      distributionDeadline: '2024-11-20',
      paymentCodePrefix: 'YAGI',
    });
    project = await api.create('/api/v1/projects', {
      unitId: province.id,
      fundId: F.id,
      kind: 'livelihood',
      name: 'Bò giống cho hộ nghèo bản Huổi Én',
      budget: '5000000',
      status: 'approved',
    });
    const pledge = await api.create('/api/v1/pledges', {
      fundId: F.id,
      campaignId: campaign.id,
      donor: { kind: 'organisation', name: 'Công ty TNHH Minh Phát' },
      amount: '5000000',
      currency: 'VND',
      pledgedOn: '2024-09-09',
    });
    const gift = (fund: TreeFund, amount: string | null, receivedOn: string, overrides: Json = {}) =>
      api.create('/api/v1/donations', {
        fundId: fund.id,
        ...(amount ? { amount } : {}),
        currency: 'VND',
        receivedOn,
        channel: 'bank_transfer',
        donor: { kind: 'individual', name: 'Nguyễn Văn An' },
        disclosure: 'public',
        ...overrides,
      });
    await gift(F, '3000000', '2024-09-10', {
      campaignId: campaign.id,
      pledgeId: pledge.id,
      donor: { id: pledge.donor.id },
    });
    await gift(F, '500000', '2024-09-11', { channel: 'cash' });
    await gift(F, null, '2024-09-12', {
      campaignId: campaign.id,
      channel: 'in_kind',
      inKind: { description: 'Gạo tẻ', quantity: '100', unit: 'kg', unitValue: '15000' },
    });
    await gift(F, '10000', '2024-09-13', { currency: 'USD', campaignId: campaign.id });
    await gift(F, '2000000', '2024-09-14', { earmark: { category: 'new_house' } });

    const pay = async (amount: string, date: string, overrides: Json = {}, fund: TreeFund = F) => {
      const drafted = await api.create('/api/v1/disbursements', {
        fundId: fund.id,
        amount,
        category: 'livelihood',
        purpose: 'Hỗ trợ hộ nghèo',
        date,
        ...overrides,
      });
      const approved = await api.as(approver.token).post(`/api/v1/disbursements/${drafted.id}/approve`, {
        decisionNo: `${amount}/QĐ-MTTQ`,
        decisionDate: date,
      });
      expect(approved.status, JSON.stringify(approved.body)).toBe(200);
      const paid = await api.post(`/api/v1/disbursements/${drafted.id}/pay`, { paidOn: date });
      expect(paid.status, JSON.stringify(paid.body)).toBe(200);
      return drafted.id as string;
    };
    await pay('1200000', '2024-09-18', { projectId: project.id });
    await pay('1500000', '2024-09-19', { category: 'new_house' });
    await api.create('/api/v1/transfers', {
      fromFundId: F.id,
      toFundId: G.id,
      amount: '1000000',
      date: '2024-09-20',
      purpose: 'Phân bổ kinh phí hỗ trợ hộ nghèo xã Mường So',
    });
    ids.reversedRelief = await pay('600000', '2024-09-22', { category: 'relief', campaignId: campaign.id });
    await pay('400000', '2024-09-23', { category: 'relief', campaignId: campaign.id });
    const detail = await api.get(`/api/v1/funds/${F.id}`);
    const usd = (role: string) =>
      (detail.body.balances as Json[]).find((account) => account.role === role && account.currency === 'USD')!
        .accountId as string;
    await api.create(
      '/api/v1/entries',
      entryBody(
        [
          { accountId: F.accounts.bank!, side: 'debit', amount: '2500000' },
          { accountId: F.accounts.currency_trading!, side: 'credit', amount: '2500000' },
          { accountId: usd('currency_trading'), side: 'debit', amount: '10000' },
          { accountId: usd('bank'), side: 'credit', amount: '10000' },
        ],
        { date: '2024-09-24', kind: 'exchange', description: 'Bán 100 USD cho ngân hàng' },
      ),
    );
    // Recorded after the payments, dated before them: the registers sort by date.
    ids.payroll = (await gift(F, '800000', '2024-09-15', { channel: 'payroll' })).id;
    await api.create(
      '/api/v1/entries',
      entryBody(
        [
          { accountId: F.accounts.cash!, side: 'debit', amount: '100000' },
          { accountId: F.accounts.donation_revenue!, side: 'credit', amount: '100000' },
        ],
        { date: '2024-09-26', description: 'Thu ủng hộ tại hội nghị' },
      ),
    );
    await api.as(accountantC.token).create('/api/v1/donations', {
      fundId: G.id,
      amount: '300000',
      currency: 'VND',
      receivedOn: '2024-09-21',
      channel: 'cash',
      donor: { kind: 'individual', name: 'Lò Văn Pọm' },
      disclosure: 'anonymous',
    });
    await pay('500000', '2024-09-27', {}, G);

    setToday('2024-10-05');
    expect(
      (await api.post(`/api/v1/donations/${ids.payroll}/void`, { reason: 'Nhập trùng danh sách' })).status,
    ).toBe(200);
    const reversed = await api
      .as(approver.token)
      .post(`/api/v1/disbursements/${ids.reversedRelief}/reverse`, {
        reason: 'Chi nhầm hộ',
        date: '2024-10-03',
      });
    expect(reversed.status, JSON.stringify(reversed.body)).toBe(200);
  });
  afterAll(async () => {
    await expectVerified(client);
    cleanup();
  });

  const report = async (path: string, as: TestApi = api): Promise<Json> => {
    const response = await as.get(path);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body;
  };
  const september = 'from=2024-09-01&to=2024-09-30';
  const inCurrency = (body: Json, currency: string) =>
    (body.currencies as Json[]).find((block) => block.currency === currency)!;
  const amounts = (rows: Json[], key: string) =>
    Object.fromEntries(rows.map((row) => [row[key] ?? 'none', row.amount]));

  describe('fund statement', () => {
    it("shows a fund's month as computed by hand, per currency", async () => {
      const body = await report(`/api/v1/reports/fund-statement?fundId=${F.id}&${september}`);
      expect(body).toMatchObject({ from: '2024-09-01', to: '2024-09-30', scope: { fundId: F.id } });
      expect(body.currencies.map((block: Json) => block.currency)).toEqual(['VND', 'USD']);
      const vnd = inCurrency(body, 'VND');
      expect(vnd.opening).toEqual({
        cash: '0',
        bank: '10000000',
        inKindGoods: '0',
        otherAssets: '0',
        liabilities: '0',
        total: '10000000',
      });
      expect(vnd.receipts.total).toBe('7900000');
      expect(amounts(vnd.receipts.byChannel, 'channel')).toEqual({
        bank_transfer: '5000000',
        in_kind: '1500000',
        payroll: '800000',
        cash: '500000',
        manual: '100000',
      });
      expect(vnd.receipts.byCampaign).toEqual([
        { campaignId: campaign.id, campaignName: campaign.name, amount: '4500000' },
        { campaignId: null, campaignName: null, amount: '3400000' },
      ]);
      expect(vnd.receipts.earmarked).toBe('2000000');
      expect(vnd.receipts.byEarmark).toEqual([
        { category: 'new_house', projectId: null, beneficiaryId: null, label: null, amount: '2000000' },
      ]);
      expect(vnd.receipts.inKind).toBe('1500000');
      expect(vnd.disbursements.total).toBe('3700000');
      expect(amounts(vnd.disbursements.byCategory, 'category')).toEqual({
        new_house: '1500000',
        livelihood: '1200000',
        relief: '1000000',
      });
      expect(vnd.disbursements.byProject).toEqual([
        { projectId: null, projectName: null, amount: '2500000' },
        { projectId: project.id, projectName: project.name, amount: '1200000' },
      ]);
      expect(vnd.disbursements.adminCosts).toBe('0');
      expect(vnd.transfers.out).toEqual({
        total: '1000000',
        internal: '0',
        external: '1000000',
        byFund: [{ fundId: G.id, fundName: 'Quỹ "Vì người nghèo" xã Mường So', amount: '1000000' }],
      });
      expect(vnd.transfers.in.total).toBe('0');
      expect(vnd.transfers.net).toBe('-1000000');
      expect(vnd.exchange).toBe('2500000');
      expect(vnd.otherMovements).toBe('0');
      expect(vnd.surplus).toBe('4200000');
      expect(vnd.closing).toEqual({
        cash: '600000',
        bank: '13600000',
        inKindGoods: '1500000',
        otherAssets: '0',
        liabilities: '0',
        total: '15700000',
      });
      // 500.000 of the house earmark is not spent yet; the rest of the money is free.
      expect([vnd.restricted, vnd.unrestricted]).toEqual(['500000', '13700000']);
      const usd = inCurrency(body, 'USD');
      expect([usd.opening.total, usd.receipts.total, usd.exchange, usd.closing.total]).toEqual([
        '0',
        '10000',
        '-10000',
        '0',
      ]);
      expect(amounts(usd.receipts.byCampaign, 'campaignId')).toEqual({ [campaign.id]: '10000' });
    });

    it('counts a void and a reversal against their records in the period they are dated', async () => {
      const october = await report(
        `/api/v1/reports/fund-statement?fundId=${F.id}&from=2024-10-01&to=2024-10-31`,
      );
      const vnd = inCurrency(october, 'VND');
      expect(vnd.opening.total).toBe('15700000');
      expect(vnd.receipts.byChannel).toEqual([{ channel: 'payroll', amount: '-800000' }]);
      expect(vnd.disbursements.byCategory).toEqual([{ category: 'relief', amount: '-600000' }]);
      expect(vnd.closing.total).toBe('15500000');
      // August holds the opening balance, an "other" movement of the fund balance.
      const august = await report(
        `/api/v1/reports/fund-statement?fundId=${F.id}&from=2024-08-01&to=2024-08-31`,
      );
      expect(inCurrency(august, 'VND')).toMatchObject({
        otherMovements: '10000000',
        receipts: { total: '0' },
        closing: { total: '10000000' },
      });
    });

    it('consolidates a unit with its communes without counting transfers between them as income or expense', async () => {
      const commune = inCurrency(
        await report(`/api/v1/reports/fund-statement?fundId=${G.id}&${september}`),
        'VND',
      );
      expect([commune.receipts.total, commune.disbursements.total, commune.transfers.in.total]).toEqual([
        '300000',
        '500000',
        '1000000',
      ]);
      expect(commune.transfers.in.byFund).toEqual([
        { fundId: F.id, fundName: 'Quỹ "Vì người nghèo" tỉnh Lai Châu', amount: '1000000' },
      ]);
      expect(commune.closing).toMatchObject({ cash: '300000', bank: '500000', total: '800000' });

      const all = await report(
        `/api/v1/reports/fund-statement?unitId=${province.id}&descendants=true&${september}`,
      );
      expect(all.funds.map((fund: Json) => fund.id).sort()).toEqual([F.id, G.id].sort());
      const vnd = inCurrency(all, 'VND');
      expect(vnd.receipts.total).toBe('8200000');
      expect(vnd.disbursements.total).toBe('4200000');
      expect(vnd.surplus).toBe('4000000');
      expect(vnd.transfers.in).toMatchObject({ total: '1000000', internal: '1000000', external: '0' });
      expect(vnd.transfers.out).toMatchObject({ total: '1000000', internal: '1000000', external: '0' });
      expect(vnd.transfers.net).toBe('0');
      expect([vnd.opening.total, vnd.closing.total]).toEqual(['10000000', '16500000']);

      // Without descendants, the province's own funds only: F's figures.
      const own = inCurrency(
        await report(`/api/v1/reports/fund-statement?unitId=${province.id}&${september}`),
        'VND',
      );
      expect([own.receipts.total, own.closing.total, own.transfers.out.external]).toEqual([
        '7900000',
        '15700000',
        '1000000',
      ]);
    });

    it('answers CSV with a byte order mark, and a printable page with the key figures', async () => {
      const csv = await download(`/api/v1/reports/fund-statement?fundId=${F.id}&${september}&format=csv`);
      const rows = parseCsv(csv.text);
      expect(rows[0]).toEqual(['currency', 'section', 'item', 'label', 'amount_minor', 'amount']);
      const find = (section: string, item: string, currency = 'VND') =>
        rows.find((row) => row[0] === currency && row[1] === section && row[2] === item);
      expect(find('opening', 'total')?.[4]).toBe('10000000');
      expect(find('receipts', 'channel:in_kind')?.[4]).toBe('1500000');
      expect(find('closing', 'total')?.slice(4)).toEqual(['15700000', '15.700.000 ₫']);
      expect(find('exchange', 'total', 'USD')?.[4]).toBe('-10000');
      expect(csv.disposition).toBe('attachment; filename="fund-statement-2024-09-01-2024-09-30.csv"');

      const page = await html(`/reports/fund-statement?fundId=${F.id}&${september}`);
      expect(page).toContain('BÁO CÁO THU CHI QUỸ');
      expect(page).toContain('Ủy ban MTTQ Việt Nam tỉnh Lai Châu');
      expect(page).toContain('Từ ngày 01/09/2024 đến ngày 30/09/2024');
      expect(page).toContain('15.700.000 ₫');
      expect(page).toContain('7.900.000 ₫');
      expect(page).toContain('href="/assets/report.css"');
    });
  });

  describe('general ledger', () => {
    it("gives each account's register with its running balance in date order", async () => {
      const body = await report(`/api/v1/reports/general-ledger?fundId=${F.id}&${september}`);
      const bank = (body.accounts as Json[]).find((account) => account.accountId === F.accounts.bank)!;
      expect(bank).toMatchObject({
        code: '112',
        opening: '10000000',
        debit: '8300000',
        credit: '4700000',
        closing: '13600000',
      });
      expect(
        (bank.lines as Json[]).map((line) => [line.date, line.debit, line.credit, line.balance]),
      ).toEqual([
        ['2024-09-10', '3000000', '0', '13000000'],
        ['2024-09-14', '2000000', '0', '15000000'],
        ['2024-09-15', '800000', '0', '15800000'],
        ['2024-09-18', '0', '1200000', '14600000'],
        ['2024-09-19', '0', '1500000', '13100000'],
        ['2024-09-20', '0', '1000000', '12100000'],
        ['2024-09-22', '0', '600000', '11500000'],
        ['2024-09-23', '0', '400000', '11100000'],
        ['2024-09-24', '2500000', '0', '13600000'],
      ]);
      // Accounts with neither a balance nor a movement are left out (pledges receivable, payables…).
      expect((body.accounts as Json[]).map((account) => account.code)).not.toContain('138');
      const revenue = (body.accounts as Json[]).find((account) => account.code === '511')!;
      expect([revenue.opening, revenue.credit, revenue.closing]).toEqual(['0', '7900000', '7900000']);

      const one = await report(`/api/v1/reports/general-ledger?accountId=${F.accounts.cash}&${september}`);
      expect(one.accounts).toHaveLength(1);
      expect(one.accounts[0].lines.map((line: Json) => line.balance)).toEqual(['500000', '600000']);
    });

    it('streams CSV with opening and closing rows, and prints a page', async () => {
      const csv = await download(`/api/v1/reports/general-ledger?fundId=${F.id}&${september}&format=csv`);
      const rows = parseCsv(csv.text);
      const header = rows[0]!;
      const column = (name: string) => header.indexOf(name);
      const bankRows = rows.filter((row) => row[column('account_code')] === '112');
      expect(bankRows.map((row) => row[column('row')])).toEqual([
        'opening',
        ...Array(9).fill('posting'),
        'closing',
      ]);
      expect(bankRows.at(-1)!.slice(column('debit_minor'))).toEqual([
        '8300000',
        '4700000',
        '13600000',
        '13.600.000 ₫',
      ]);
      expect(bankRows[0]![column('fund_name')]).toBe('Quỹ "Vì người nghèo" tỉnh Lai Châu');
      const page = await html(`/reports/general-ledger?fundId=${F.id}&${september}`);
      expect(page).toContain('SỔ CÁI CHI TIẾT TÀI KHOẢN');
      expect(page).toContain('13.600.000 ₫');
    });
  });

  describe('journal', () => {
    it("lists a fund's entries with their postings in scope, in date order, balanced per currency", async () => {
      const body = await report(`/api/v1/reports/journal?fundId=${F.id}&${september}`);
      expect(body.entries).toHaveLength(13);
      const dates = (body.entries as Json[]).map((entry) => entry.date);
      expect(dates).toEqual([...dates].sort());
      expect(body.totals).toEqual([
        { currency: 'VND', debit: '15100000', credit: '15100000' },
        { currency: 'USD', debit: '20000', credit: '20000' },
      ]);
      const transfer = (body.entries as Json[]).find((entry) => entry.kind === 'transfer')!;
      expect(transfer.postings.map((posting: Json) => posting.fundId)).toEqual([F.id, F.id]);

      const unit = await report(
        `/api/v1/reports/journal?unitId=${province.id}&descendants=true&${september}`,
      );
      expect(unit.entries).toHaveLength(15);
      const both = (unit.entries as Json[]).find((entry) => entry.kind === 'transfer')!;
      expect(both.postings).toHaveLength(4);
      expect(unit.totals[0]).toEqual({ currency: 'VND', debit: '16900000', credit: '16900000' });
      const own = await report(`/api/v1/reports/journal?unitId=${province.id}&${september}`);
      expect(own.entries).toHaveLength(13);
    });

    it('streams CSV, one row per posting, and prints a page', async () => {
      const csv = await download(`/api/v1/reports/journal?fundId=${F.id}&${september}&format=csv`);
      const rows = parseCsv(csv.text);
      expect(rows[0]!.slice(0, 3)).toEqual(['date', 'seq', 'entry_id']);
      expect(rows).toHaveLength(1 + 13 * 2 + 2);
      const debit = rows
        .slice(1)
        .filter((row) => row[9] === 'VND')
        .reduce((sum, row) => sum + BigInt(row[10]!), 0n);
      expect(debit).toBe(15100000n);
      const page = await html(`/reports/journal?fundId=${F.id}&${september}`);
      expect(page).toContain('SỔ NHẬT KÝ CHUNG');
      expect(page).toContain('Bán 100 USD cho ngân hàng');
    });
  });

  describe('trial balance', () => {
    it('downloads as CSV with a byte order mark and prints a page', async () => {
      const csv = await download(`/api/v1/reports/trial-balance?fundId=${F.id}&asOf=2024-09-30&format=csv`);
      const rows = parseCsv(csv.text);
      expect(rows[0]).toEqual([
        'fund_id',
        'account_id',
        'code',
        'name',
        'type',
        'currency',
        'debit_minor',
        'credit_minor',
      ]);
      const bank = rows.find((row) => row[1] === F.accounts.bank)!;
      expect(bank.slice(6)).toEqual(['13600000', '0']);
      expect(rows.at(-2)).toEqual(['', '', '', 'Tổng cộng', '', 'VND', '20400000', '20400000']);
      expect(csv.disposition).toBe('attachment; filename="trial-balance-2024-09-30.csv"');
      const page = await html(`/reports/trial-balance?fundId=${F.id}&asOf=2024-09-30`);
      expect(page).toContain('BẢNG CÂN ĐỐI SỐ PHÁT SINH');
      expect(page).toContain('Số dư đến hết ngày 30/09/2024');
      expect(page).toContain('20.400.000 ₫');
    });
  });

  describe('campaign result', () => {
    it('gives mobilised, received, distributed and remaining per campaign and currency', async () => {
      const body = await report(`/api/v1/reports/campaign-result?campaignId=${campaign.id}`);
      expect(body.asOf).toBe('2024-10-05');
      expect(body.campaigns).toHaveLength(1);
      expect(body.campaigns[0]).toMatchObject({
        campaignId: campaign.id,
        name: campaign.name,
        phase: 'receiving',
        receivingTo: '2024-10-31',
      });
      expect(body.campaigns[0].lines).toEqual([
        {
          currency: 'VND',
          pledgeCount: 1,
          mobilised: '5000000',
          giftCount: 2,
          received: '3000000',
          receivedInKind: '1500000',
          disbursementCount: 1,
          distributed: '400000',
          remaining: '2600000',
          receivedOfMobilisedPercent: 90,
        },
        {
          currency: 'USD',
          pledgeCount: 0,
          mobilised: '0',
          giftCount: 1,
          received: '10000',
          receivedInKind: '0',
          disbursementCount: 0,
          distributed: '0',
          remaining: '10000',
          receivedOfMobilisedPercent: null,
        },
      ]);
      const byFund = await report(`/api/v1/reports/campaign-result?fundId=${F.id}`);
      expect(byFund.totals).toContainEqual({
        currency: 'VND',
        mobilised: '5000000',
        received: '3000000',
        receivedInKind: '1500000',
        distributed: '400000',
        remaining: '2600000',
      });
      const csv = parseCsv(
        (await download(`/api/v1/reports/campaign-result?campaignId=${campaign.id}&format=csv`)).text,
      );
      expect(csv[1]!.slice(6)).toEqual([
        'VND',
        '1',
        '5000000',
        '2',
        '3000000',
        '1500000',
        '1',
        '400000',
        '2600000',
      ]);
      const page = await html(`/reports/campaign-result?campaignId=${campaign.id}`);
      expect(page).toContain('BÁO CÁO KẾT QUẢ VẬN ĐỘNG, TIẾP NHẬN VÀ PHÂN PHỐI');
      expect(page).toContain('2.600.000 ₫');
      expectProblem(await api.get('/api/v1/reports/campaign-result'), 'validation-failed', ['campaignId']);
    });
  });

  describe('access and limits', () => {
    it('lets auditors read every report and page in scope, and no one out of scope', async () => {
      await report(`/api/v1/reports/fund-statement?fundId=${F.id}&${september}`, api.as(auditor.token));
      await report(
        `/api/v1/reports/general-ledger?unitId=${province.id}&descendants=true`,
        api.as(auditor.token),
      );
      expect((await api.as(auditor.token).get(`/reports/journal?fundId=${G.id}&${september}`)).status).toBe(
        200,
      );
      const commune = api.as(accountantC.token);
      expectProblem(await commune.get(`/api/v1/reports/fund-statement?fundId=${F.id}`), 'forbidden');
      expectProblem(
        await commune.get(`/api/v1/reports/journal?unitId=${province.id}&descendants=true`),
        'forbidden',
      );
      expectProblem(
        await commune.get(`/api/v1/reports/campaign-result?campaignId=${campaign.id}`),
        'forbidden',
      );
      expect((await commune.get(`/reports/general-ledger?fundId=${F.id}`)).status).toBe(403);
      expectProblem(await commune.get('/api/v1/reports/journal'), 'forbidden');
      await report(`/api/v1/reports/journal?fundId=${G.id}&${september}`, commune);
    });

    it('refuses a period that ends before it starts, and unknown scopes', async () => {
      expectProblem(
        await api.get(`/api/v1/reports/journal?fundId=${F.id}&from=2024-10-01&to=2024-09-01`),
        'validation-failed',
        ['to'],
      );
      expectProblem(
        await api.get(`/api/v1/reports/general-ledger?fundId=${F.id}&from=2030-01-01`),
        'validation-failed',
        ['from'],
      );
      expectProblem(await api.get('/api/v1/reports/fund-statement?fundId=nope'), 'fund-not-found', [
        'fundId',
      ]);
      expectProblem(await api.get('/api/v1/reports/general-ledger?accountId=nope'), 'account-not-found', [
        'accountId',
      ]);
      expectProblem(
        await api.get(`/api/v1/reports/journal?fundId=${F.id}&format=xlsx`),
        'validation-failed',
        ['format'],
      );
    });
  });

  async function download(path: string): Promise<{ text: string; disposition: string | null }> {
    const response = await api.app.request(path, { headers: { Authorization: `Bearer ${api.token}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    return {
      text: new TextDecoder().decode(bytes.slice(3)),
      disposition: response.headers.get('Content-Disposition'),
    };
  }

  async function html(path: string): Promise<string> {
    const response: ApiResponse = await api.get(path);
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toMatch(/^text\/html/);
    expect(response.headers.get('Cache-Control')).toBe('private, no-store');
    return response.body.raw as string;
  }
});

/** RFC 4180: quoted fields may hold commas, doubled quotes and line breaks; lines end CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index]!;
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\r' && text[index + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      index += 1;
    } else field += char;
  }
  expect(field).toBe('');
  expect(row).toEqual([]);
  return rows;
}

describe('reports larger than a page', () => {
  it('refuses the JSON and the page past REPORT_LINES_MAX lines and streams the whole CSV', async () => {
    const database = await freshDatabase();
    try {
      const api = new TestApi(database.client, () => Date.parse('2024-10-05T03:00:00Z'));
      const unit = await api.create('/api/v1/units', { name: 'MTTQ tỉnh Sơn La', kind: 'mttq' });
      const fund = await fundWithAccounts(api, unit.id, 'Quỹ "Vì người nghèo" tỉnh Sơn La');
      // 10,001 gifts through the ledger's bulk path (what imports use), each one entry of two postings.
      const drafts = Array.from({ length: 10_001 }, (_, index) => ({
        date: '2024-09-20',
        description: `Ủng hộ của cán bộ số ${index + 1}`,
        kind: 'donation' as const,
        reversesEntryId: null,
        postings: [
          {
            accountId: fund.accounts.bank!,
            side: 'debit' as const,
            amountMinor: BigInt(100_000 + index),
            memo: null,
          },
          {
            accountId: fund.accounts.donation_revenue!,
            side: 'credit' as const,
            amountMinor: BigInt(100_000 + index),
            memo: null,
          },
        ],
      }));
      await postEntries(
        { store: new ProjectStore(database.client), nowMs: Date.now },
        systemContext('entries.create'),
        drafts,
      );
      const query = `fundId=${fund.id}&from=2024-09-01&to=2024-09-30`;
      // 10,001 entries of two postings each: 20,002 lines.
      for (const path of [
        `/api/v1/reports/journal?${query}`,
        `/api/v1/reports/general-ledger?${query}`,
        `/reports/journal?${query}`,
      ]) {
        const refused = expectProblem(await api.get(path), 'report-too-large');
        expect(refused.detail).toContain('format=csv');
        expect(refused.linesMax).toBe(20_000);
      }
      const response = await api.app.request(`/api/v1/reports/journal?${query}&format=csv`, {
        headers: { Authorization: `Bearer ${api.token}` },
      });
      expect(response.status).toBe(200);
      const lines = (await response.text()).split('\r\n').filter((line) => line !== '');
      expect(lines).toHaveLength(1 + 20_002);
      const ledger = await api.app.request(`/api/v1/reports/general-ledger?${query}&format=csv`, {
        headers: { Authorization: `Bearer ${api.token}` },
      });
      const rows = (await ledger.text()).split('\r\n').filter((line) => line !== '');
      // Header, then per account (bank, revenue): opening, 10,001 postings, closing.
      expect(rows).toHaveLength(1 + 2 * (1 + 10_001 + 1));
      const total = (10_001n * 100_000n + (10_000n * 10_001n) / 2n).toString();
      expect(rows.at(-1)).toContain(`,0,${total},${total},`);
    } finally {
      database.cleanup();
    }
  });
});

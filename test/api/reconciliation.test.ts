import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closingBalanceOfDay } from '../../src/capabilities/reconciliation.ts';
import { createUserWithToken } from '../support/access.ts';
import { freshApi, type Json, provinceWithFund, type TestApi } from '../support/api.ts';
import { entryBody, expectProblem, expectVerified } from '../support/ledger.ts';
import { lineStep, linesOf, lineWith, reconciliation, uploadStatement } from '../support/statements.ts';

/**
 * Reconciliation on a hand-computed month of a commune fund's bank account (figures in đồng):
 *
 * | date | bank statement (VCB export, balances printed) | books |
 * |---|---|---|
 * | 01/09 | +10.000.000 opening deposit → 10.000.000 | opening entry 10.000.000 |
 * | 02/09 | +1.000.000 NGUYEN VAN AN, ref 5078.97128 → 11.000.000 | gift, bankRef 5078.97128 |
 * | 03/09 | −500.000 support paid → 10.500.000 | disbursement paid 03/09 |
 * | 04/09 | −2.000.000 transfer to the commune fund → 8.500.000 | transfer 04/09 |
 * | 05/09 | −11.000 account fee → 8.489.000 | — (then an entry) |
 * | 06/09 | +300.000 TRAN THI BINH → 8.789.000 | gift of Trần Thị Bình recorded 05/09 |
 * | 07/09 | +250.000 LE VAN CUONG, payment code YAGI D000042 → 9.039.000 | — (then a gift from the line) |
 */

const STATEMENT = [
  'NGÂN HÀNG TMCP NGOẠI THƯƠNG VIỆT NAM,,,,,',
  'SAO KÊ TÀI KHOẢN/ STATEMENT OF ACCOUNT,,,,,',
  'Số tài khoản/ Account number:,0011000123456,,,,',
  ',,,,,',
  'Ngày giao dịch/ Transaction Date,Số tham chiếu/ Reference No.,Số tiền ghi nợ/ Debit,Số tiền ghi có/ Credit,Số dư/ Balance,Mô tả/ Description',
  '01/09/2024,5078.00001,,"10,000,000","10,000,000",Nop tien mo tai khoan quy Vi nguoi ngheo',
  '02/09/2024,5078.97128,,"1,000,000","11,000,000",MBVCB.6988288617.227295.NGUYEN VAN AN ung ho.CT tu 0011004361228 NGUYEN VAN AN toi 0011000123456',
  '03/09/2024,5079.00012,"500,000",,"10,500,000",Chi ho tro ho ngheo ban Huoi En',
  '04/09/2024,5079.00100,"2,000,000",,"8,500,000",Chuyen kinh phi ve xa Muong So',
  '05/09/2024,5079.00200,"11,000",,"8,489,000",Phi quan ly tai khoan',
  '06/09/2024,5079.00300,,"300,000","8,789,000",TRAN THI BINH chuyen tien ung ho',
  '07/09/2024,5079.00400,,"250,000","9,039,000",LE VAN CUONG ung ho YAGI D000042',
  'Tổng cộng/ Total,,"2,511,000","11,550,000",,',
].join('\n');

describe('reconciling a bank account with the books', () => {
  let api: TestApi;
  let cleanup = () => {};
  let accounts: Record<string, string>;
  let fundId: string;
  let communeFund: Json;
  const records: Record<string, string> = {};

  beforeAll(async () => {
    const env = await freshApi();
    api = env.api;
    cleanup = env.cleanup;
    const made = await provinceWithFund(api);
    accounts = made.accounts;
    fundId = made.fund.id;
    const commune = await api.create('/api/v1/units', {
      name: 'MTTQ xã Mường So',
      kind: 'mttq',
      level: 'commune',
      parentId: made.unit.id,
    });
    communeFund = await api.create('/api/v1/funds', {
      unitId: commune.id,
      kind: 'vi_nguoi_ngheo',
      name: 'Quỹ Vì người nghèo xã Mường So',
    });
    await api.create('/api/v1/campaigns', {
      fundId,
      name: 'Ủng hộ đồng bào bị bão lũ',
      purpose: 'Khắc phục hậu quả bão Yagi',
      receivingFrom: '2024-09-01',
      receivingTo: '2024-10-31',
      distributionDeadline: '2024-11-15',
      paymentCodePrefix: 'YAGI',
    });
    records.opening = (
      await api.create(
        '/api/v1/entries',
        entryBody(
          [
            { accountId: accounts.bank!, side: 'debit', amount: '10000000' },
            { accountId: accounts.fund_balance!, side: 'credit', amount: '10000000' },
          ],
          { date: '2024-09-01', kind: 'opening', description: 'Số dư đầu kỳ' },
        ),
      )
    ).id;
    const gift = (name: string, amount: string, receivedOn: string, bankRef?: string) =>
      api.create('/api/v1/donations', {
        fundId,
        amount,
        currency: 'VND',
        receivedOn,
        channel: 'bank_transfer',
        donor: { kind: 'individual', name },
        disclosure: 'public',
        ...(bankRef ? { bankRef } : {}),
      });
    records.giftAn = (await gift('Nguyễn Văn An', '1000000', '2024-09-02', '5078.97128')).id;
    records.giftBinh = (await gift('Trần Thị Bình', '300000', '2024-09-05')).id;
    const approver = api.as(
      (await createUserWithToken(api, 'pheduyet', [{ unitId: null, role: 'approver' }])).token,
    );
    const draft = await api.create('/api/v1/disbursements', {
      fundId,
      amount: '500000',
      category: 'livelihood',
      purpose: 'Hỗ trợ hộ nghèo bản Huổi Én',
      date: '2024-09-03',
    });
    expect(
      (
        await approver.post(`/api/v1/disbursements/${draft.id}/approve`, {
          decisionNo: '12/QĐ-MTTQ',
          decisionDate: '2024-09-03',
        })
      ).status,
    ).toBe(200);
    expect((await api.post(`/api/v1/disbursements/${draft.id}/pay`, { paidOn: '2024-09-03' })).status).toBe(
      200,
    );
    records.payment = draft.id;
    records.transfer = (
      await api.create('/api/v1/transfers', {
        fromFundId: fundId,
        toFundId: communeFund.id,
        amount: '2000000',
        date: '2024-09-04',
        purpose: 'Chuyển kinh phí về xã Mường So',
      })
    ).id;
  });
  afterAll(() => cleanup());

  it('matches and suggests what it can at import: the gift by reference; the opening, the payment and the transfer by amount and date; the gift by name', async () => {
    const imported = await uploadStatement(api, accounts.bank!, { format: 'vcb', file: STATEMENT });
    expect(imported.body).toMatchObject({ read: 7, new: 7, matched: 1, suggested: 4, unmatched: 2 });
    const lines = await linesOf(api, accounts.bank!);
    expect(
      lines.map((line) => [
        line.date,
        line.status,
        line.match?.kind ?? null,
        line.match?.id ?? null,
        line.match?.rule ?? null,
      ]),
    ).toEqual([
      ['2024-09-01', 'suggested', 'entry', records.opening, 'amount-date'],
      ['2024-09-02', 'matched', 'donation', records.giftAn, 'bank-reference'],
      ['2024-09-03', 'suggested', 'disbursement', records.payment, 'amount-date'],
      ['2024-09-04', 'suggested', 'transfer', records.transfer, 'amount-date'],
      ['2024-09-05', 'unmatched', null, null, null],
      ['2024-09-06', 'suggested', 'donation', records.giftBinh, 'amount-date-name'],
      ['2024-09-07', 'unmatched', null, null, null],
    ]);
  });

  it('before anything is confirmed, lists every difference and explains the whole of it', async () => {
    const report = await reconciliation(api, accounts.bank!, '2024-09-07');
    expect(report).toMatchObject({
      asOf: '2024-09-07',
      bank: {
        balance: '9039000',
        basis: 'statement',
        printedBalanceDate: '2024-09-07',
        balanceBeforeLines: '0',
        lines: 7,
      },
      ledger: { balance: '8800000' },
      difference: '239000',
      reconciled: false,
      explained: '239000',
      unexplained: '0',
    });
    const { openLines, ignoredLines, linesMatchedLater, unmatchedEntries } = report.differences;
    // Open lines: the four suggestions and the two lines no record fits (+10.000.000 −500.000 −2.000.000 −11.000 +300.000 +250.000).
    expect([openLines.count, openLines.total]).toEqual([6, '8039000']);
    expect([ignoredLines.count, linesMatchedLater.count]).toEqual([0, 0]);
    expect(unmatchedEntries.items.map((item: Json) => [item.kind, item.recordId, item.amount])).toEqual([
      ['entry', records.opening, '10000000'],
      ['disbursement', records.payment, '-500000'],
      ['transfer', records.transfer, '-2000000'],
      ['donation', records.giftBinh, '300000'],
    ]);
    expect(unmatchedEntries.total).toBe('7800000');
  });

  it('after confirming, setting the fee aside and making the coded transfer a gift, only the fee differs', async () => {
    for (const line of await linesOf(api, accounts.bank!, 'suggested')) {
      const confirmed = await lineStep(api, accounts.bank!, line.id, 'confirm');
      expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    }
    const fee = await lineWith(api, accounts.bank!, 'Phi quan ly');
    expect(
      (await lineStep(api, accounts.bank!, fee.id, 'ignore', { reason: 'Phí ngân hàng, ghi sổ cuối tháng' }))
        .status,
    ).toBe(200);
    const coded = await lineWith(api, accounts.bank!, 'YAGI D000042');
    const gift = await lineStep(api, accounts.bank!, coded.id, 'donation', {});
    expect(gift.status, JSON.stringify(gift.body)).toBe(201);
    expect(gift.body).toMatchObject({
      donor: { name: 'Le Van Cuong' },
      campaignId: expect.any(String),
      bankRef: '5079.00400',
      disclosure: 'anonymous',
    });
    const campaign = await api.get(`/api/v1/campaigns/${gift.body.campaignId}`);
    expect(campaign.body.paymentCodePrefix).toBe('YAGI');

    const report = await reconciliation(api, accounts.bank!, '2024-09-07');
    expect(report).toMatchObject({
      bank: { balance: '9039000' },
      ledger: { balance: '9050000' },
      difference: '-11000',
      reconciled: false,
      explained: '-11000',
      unexplained: '0',
    });
    expect(report.differences.ignoredLines).toMatchObject({
      count: 1,
      total: '-11000',
      items: [{ id: fee.id, note: 'Phí ngân hàng, ghi sổ cuối tháng' }],
    });
    expect(report.differences.openLines.count).toBe(0);
    expect(report.differences.unmatchedEntries.count).toBe(0);
    await expectVerified(api.client);
  });

  it('is zero once the fee is in the books and matched: everything matched, nothing to explain', async () => {
    const entry = await api.create(
      '/api/v1/entries',
      entryBody(
        [
          { accountId: accounts.admin_expense!, side: 'debit', amount: '11000' },
          { accountId: accounts.bank!, side: 'credit', amount: '11000' },
        ],
        { date: '2024-09-05', kind: 'adjustment', description: 'Phí quản lý tài khoản tháng 9' },
      ),
    );
    const fee = await lineWith(api, accounts.bank!, 'Phi quan ly');
    const matched = await lineStep(api, accounts.bank!, fee.id, 'match', { kind: 'entry', id: entry.id });
    expect(matched.body).toMatchObject({
      status: 'matched',
      note: null,
      match: { kind: 'entry', id: entry.id, rule: 'manual' },
    });
    const report = await reconciliation(api, accounts.bank!, '2024-09-07');
    expect(report).toMatchObject({
      bank: { balance: '9039000', basis: 'statement' },
      ledger: { balance: '9039000' },
      difference: '0',
      reconciled: true,
      explained: '0',
      unexplained: '0',
    });
    for (const group of Object.values(report.differences) as Json[])
      expect(group).toEqual({ count: 0, total: '0', items: [] });
  });

  it('at an earlier date, shows the gift the books hold before the bank does', async () => {
    const report = await reconciliation(api, accounts.bank!, '2024-09-05');
    expect(report).toMatchObject({
      bank: { balance: '8489000', printedBalanceDate: '2024-09-05', lines: 5 },
      ledger: { balance: '8789000' },
      difference: '-300000',
      explained: '-300000',
      unexplained: '0',
    });
    const binh = await lineWith(api, accounts.bank!, 'TRAN THI BINH');
    expect(report.differences.unmatchedEntries.items).toEqual([
      expect.objectContaining({
        kind: 'donation',
        recordId: records.giftBinh,
        date: '2024-09-05',
        amount: '300000',
        matchedLine: { id: binh.id, date: '2024-09-06' },
      }),
    ]);
  });

  it('matches the transfer on the receiving fund too: each account has its own line for it', async () => {
    const detail = await api.get(`/api/v1/funds/${communeFund.id}`);
    const communeBank = (detail.body.balances as Json[]).find(
      (account) => account.role === 'bank',
    )!.accountId;
    const statement = [
      'Ngày giao dịch,Số tham chiếu,Ghi nợ,Ghi có,Số dư,Nội dung',
      '04/09/2024,MS0001,,2.000.000,2.000.000,MTTQ tinh chuyen kinh phi',
    ].join('\n');
    expect(
      (await uploadStatement(api, communeBank, { format: 'generic-vn', file: statement })).body,
    ).toMatchObject({ suggested: 1 });
    const line = (await linesOf(api, communeBank))[0]!;
    expect(line.match).toMatchObject({ kind: 'transfer', id: records.transfer });
    expect((await lineStep(api, communeBank, line.id, 'confirm')).body.status).toBe('matched');
    expect((await reconciliation(api, communeBank, '2024-09-30')).reconciled).toBe(true);
  });

  it('never turns a debit into a gift, nor a line of a second bank account gifts do not go to', async () => {
    const payment = await lineWith(api, accounts.bank!, 'Chi ho tro');
    expect((await lineStep(api, accounts.bank!, payment.id, 'unmatch')).status).toBe(200);
    expectProblem(await lineStep(api, accounts.bank!, payment.id, 'donation', {}), 'invalid-state');
    // A second bank account: gifts by transfer now go to it (recordDonation takes the fund's last bank
    // account by code), so a credit on it may become a gift, and one on the first may not.
    const second = await api.create('/api/v1/accounts', {
      fundId,
      code: '1121',
      name: 'Tiền gửi Agribank',
      type: 'asset',
      role: 'bank',
    });
    const credit = (date: string, name: string) =>
      `Ngày giao dịch,Ghi có,Nội dung\n${date},100.000,${name} ung ho\n`;
    await uploadStatement(api, second.id, {
      format: 'generic-vn',
      file: credit('08/09/2024', 'PHAM VAN DUC'),
    });
    const [onSecond] = await linesOf(api, second.id);
    expect((await lineStep(api, second.id, onSecond!.id, 'donation', {})).status).toBe(201);
    expect((await reconciliation(api, second.id, '2024-09-30')).reconciled).toBe(true);
    await uploadStatement(api, accounts.bank!, {
      format: 'generic-vn',
      file: credit('08/09/2024', 'VU THI LAN'),
    });
    const onFirst = await lineWith(api, accounts.bank!, 'VU THI LAN');
    const refused = expectProblem(
      await lineStep(api, accounts.bank!, onFirst.id, 'donation', {}),
      'validation-failed',
      ['accountId'],
    );
    expect(refused.detail).toContain('recorded into account 1121 of the fund, not 112');
  });

  it('reads the closing balance of a day whichever way the export is sorted', async () => {
    const account = await api.create('/api/v1/accounts', {
      fundId,
      code: '1122',
      name: 'Tiền gửi BIDV',
      type: 'asset',
      role: 'bank',
    });
    const newestFirst = [
      'Ngày giao dịch,Số tham chiếu,Ghi nợ,Ghi có,Số dư,Nội dung',
      '03/09/2024,R4,500.000,,10.500.000,Chi ho tro',
      '02/09/2024,R3,,1.000.000,11.000.000,NGUYEN VAN AN ung ho',
      '02/09/2024,R2,,1.000.000,10.000.000,LE THI HOA ung ho',
      '01/09/2024,R1,,9.000.000,9.000.000,Nop tien',
    ].join('\n');
    await uploadStatement(api, account.id, { format: 'generic-vn', file: newestFirst });
    expect((await reconciliation(api, account.id, '2024-09-02')).bank).toMatchObject({
      balance: '11000000',
      basis: 'statement',
      printedBalanceDate: '2024-09-02',
      balanceBeforeLines: '0',
    });
    expect((await reconciliation(api, account.id, '2024-09-30')).bank.balance).toBe('10500000');
    expect((await reconciliation(api, account.id, '2024-08-31')).bank).toMatchObject({
      balance: '0',
      basis: 'computed',
      lines: 0,
    });
  });

  it('refuses an account that is not a bank account, or a date that is not one', async () => {
    expectProblem(
      await api.get(`/api/v1/bank-accounts/${accounts.cash}/reconciliation`),
      'validation-failed',
      ['accountId'],
    );
    expectProblem(
      await api.get(`/api/v1/bank-accounts/${accounts.bank}/reconciliation?asOf=2024-02-30`),
      'validation-failed',
      ['asOf'],
    );
    expectProblem(
      await api.get(`/api/v1/bank-accounts/01900000-0000-7000-8000-000000000000/reconciliation`),
      'not-found',
    );
  });
});

describe('closingBalanceOfDay', () => {
  const line = (id: string, lineNo: number, credit: bigint, debit: bigint, balance: bigint) => ({
    id,
    importId: 'i',
    lineNo,
    creditMinor: credit,
    debitMinor: debit,
    balanceMinor: balance,
  });

  it('takes the balance no other line of the day starts from, in either order', () => {
    const day = [
      line('a', 1, 100n, 0n, 1_100n),
      line('b', 2, 0n, 50n, 1_050n),
      line('c', 3, 200n, 0n, 1_250n),
    ];
    expect(closingBalanceOfDay(day)).toBe(1_250n);
    expect(closingBalanceOfDay([...day].reverse())).toBe(1_250n);
  });

  it('falls back to the last line of the latest import when the day does not chain', () => {
    expect(closingBalanceOfDay([line('a', 1, 100n, 0n, 500n), line('b', 2, 100n, 0n, 900n)])).toBe(900n);
  });
});

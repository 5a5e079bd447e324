import { createAccount } from '../capabilities/accounts.ts';
import { createCampaign } from '../capabilities/campaigns.ts';
import { systemContext } from '../capabilities/context.ts';
import { recordDonation } from '../capabilities/donations.ts';
import { postEntries } from '../capabilities/entries.ts';
import { createFund } from '../capabilities/funds.ts';
import type { WriteOutcome } from '../capabilities/idempotency.ts';
import { createPledge } from '../capabilities/pledges.ts';
import { createUnit } from '../capabilities/units.ts';
import { createUser } from '../capabilities/users.ts';
import type { AccountView, FundView, UnitView } from '../capabilities/views.ts';
import type { ProjectStore } from '../db/project-store.ts';
import type { FundChart } from '../domain/chart.ts';
import type { FundRulesByKind } from '../domain/disbursements.ts';
import type { EntryDraft } from '../domain/entries.ts';
import { assert } from '../domain/errors.ts';
import { seedHuoiEnStory } from './huoi-en.ts';
import { seedDemoUsers } from './users.ts';

/**
 * The demo data set: Lai Châu province's MTTQ committee and some of its communes (Mường So, where the
 * seed article's house was handed over in bản Huổi Én), the provincial Labour Federation and Women's
 * Union, one fund of each kind, and a year of plausible journal entries. Organisations and places are
 * real; every amount and every donor here is illustrative (later issues replace the raw entries with
 * donations, disbursements and a charity-house project).
 */
export interface DemoSummary {
  units: number;
  funds: { id: string; name: string }[];
  entries: number;
  donations: number;
}

function created<T>(outcome: WriteOutcome<T>): T {
  assert(!outcome.replayed, 'demo writes carry no idempotency key');
  return outcome.value;
}

export interface DemoDeps {
  store: ProjectStore;
  nowMs: () => number;
  chart: FundChart;
  passwordIterations: number;
  fundRules: FundRulesByKind;
}

export { DEMO_USERS } from './users.ts';

export async function seedLaiChauDemo(deps: DemoDeps): Promise<DemoSummary> {
  const unit = async (
    name: string,
    kind: UnitView['kind'],
    level: string,
    parentId: string | null,
    code: string,
  ) => created(await createUnit(deps, systemContext('units.create'), { name, kind, level, parentId, code }));
  const fund = async (owner: UnitView, kind: FundView['kind'], name: string) => {
    const made = created(
      await createFund(deps, systemContext('funds.create'), { unitId: owner.id, kind, name }),
    );
    const accounts = await deps.store.listFundAccounts(made.id);
    const byRole = new Map(accounts.map((account) => [account.role ?? account.code, account]));
    const role = (name: string): AccountView => {
      const account = byRole.get(name);
      assert(account, `template account ${name}`);
      return account;
    };
    return { ...made, role };
  };

  const central = await unit('Ủy ban Trung ương MTTQ Việt Nam', 'mttq', 'central', null, 'TW');
  const province = await unit('Ủy ban MTTQ Việt Nam tỉnh Lai Châu', 'mttq', 'province', central.id, 'LCH');
  const phongTho = await unit(
    'Ủy ban MTTQ huyện Phong Thổ (đến 30/6/2025)',
    'mttq',
    'district',
    province.id,
    'PTH',
  );
  const muongSo = await unit('Ủy ban MTTQ Việt Nam xã Mường So', 'mttq', 'commune', province.id, 'MSO');
  await unit('Ban công tác Mặt trận bản Huổi Én', 'mttq', 'village', muongSo.id, 'HUOIEN');
  await unit('Ủy ban MTTQ Việt Nam xã Phong Thổ', 'mttq', 'commune', province.id, 'XPT');
  await unit('Ủy ban MTTQ Việt Nam phường Tân Phong', 'mttq', 'commune', province.id, 'TPH');
  const labour = await unit(
    'Liên đoàn Lao động tỉnh Lai Châu',
    'labour_federation',
    'province',
    null,
    'LDLD',
  );
  const women = await unit('Hội Liên hiệp Phụ nữ tỉnh Lai Châu', 'womens_union', 'province', null, 'HLHPN');
  // Districts ended on 1/7/2025; the old district committee's records stay under it.
  await deps.store.recordSuccession(phongTho.id, muongSo.id, '2025-07-01', {
    idempotency: null,
    audit: null,
  });

  const poorFund = await fund(province, 'vi_nguoi_ngheo', 'Quỹ "Vì người nghèo" tỉnh Lai Châu');
  const gratitude = await fund(province, 'den_on_dap_nghia', 'Quỹ "Đền ơn đáp nghĩa" tỉnh Lai Châu');
  const relief = await fund(
    province,
    'relief_campaign',
    'Cuộc vận động ủng hộ khắc phục thiệt hại do bão số 3 (Yagi) năm 2024',
  );
  const communeFund = await fund(muongSo, 'vi_nguoi_ngheo', 'Quỹ "Vì người nghèo" xã Mường So');
  const mutualAid = await fund(labour, 'cong_doan_tuong_ho', 'Quỹ "Tương hỗ công đoàn" tỉnh Lai Châu');
  const womenFund = await fund(women, 'other', 'Quỹ "Giúp phụ nữ nghèo có địa chỉ"');

  const usdBank = created(
    await createAccount(deps, systemContext('accounts.create'), {
      fundId: relief.id,
      code: '1122',
      name: 'Tiền gửi ngoại tệ USD (USD bank)',
      type: 'asset',
      currency: 'USD',
      role: 'bank',
      nonNegative: true,
    }),
  );
  const usdTrading = created(
    await createAccount(deps, systemContext('accounts.create'), {
      fundId: relief.id,
      code: '4132',
      name: 'Mua bán ngoại tệ USD (USD trading)',
      type: 'net_assets',
      currency: 'USD',
      role: 'currency_trading',
    }),
  );

  const entry = (
    date: string,
    kind: EntryDraft['kind'],
    description: string,
    lines: [AccountView, 'debit' | 'credit', bigint][],
  ): EntryDraft => ({
    date,
    kind,
    description,
    reversesEntryId: null,
    postings: lines.map(([account, side, amountMinor]) => ({
      accountId: account.id,
      side,
      amountMinor,
      memo: null,
    })),
  });
  const gift = (
    target: typeof poorFund,
    date: string,
    description: string,
    amount: bigint,
    via: 'bank' | 'cash' = 'bank',
  ) =>
    entry(date, 'donation', description, [
      [target.role(via), 'debit', amount],
      [target.role('donation_revenue'), 'credit', amount],
    ]);
  const spend = (
    target: typeof poorFund,
    date: string,
    description: string,
    amount: bigint,
    via: 'bank' | 'cash' = 'bank',
  ) =>
    entry(date, 'disbursement', description, [
      [target.role('disbursement_expense'), 'debit', amount],
      [target.role(via), 'credit', amount],
    ]);
  const opening = (target: typeof poorFund, bank: bigint, cash: bigint) =>
    entry('2024-01-01', 'opening', 'Số dư chuyển sang từ năm 2023 (opening balance)', [
      [target.role('bank'), 'debit', bank],
      [target.role('cash'), 'debit', cash],
      [target.role('fund_balance'), 'credit', bank + cash],
    ]);

  const drafts: EntryDraft[] = [
    opening(poorFund, 3_450_000_000n, 25_000_000n),
    opening(gratitude, 1_180_000_000n, 12_500_000n),
    opening(communeFund, 86_000_000n, 4_200_000n),
    opening(mutualAid, 412_000_000n, 8_000_000n),
    opening(womenFund, 57_300_000n, 1_500_000n),
    gift(gratitude, '2024-07-05', 'Các cơ quan, doanh nghiệp ủng hộ tháng tri ân 27/7', 265_000_000n),
    spend(gratitude, '2024-07-25', 'Tặng quà người có công nhân dịp 27/7', 98_000_000n),
    spend(gratitude, '2024-10-12', 'Sửa chữa nhà tình nghĩa cho mẹ liệt sĩ, xã Phong Thổ', 30_000_000n),
    entry('2024-09-15', 'transfer', 'Nhận phân bổ đợt 1 từ Ban Vận động cứu trợ Trung ương', [
      [relief.role('bank'), 'debit', 15_000_000_000n],
      [relief.role('transfers_in'), 'credit', 15_000_000_000n],
    ]),
    gift(relief, '2024-09-16', 'Ủng hộ đồng bào bị thiệt hại do bão số 3 qua chuyển khoản', 1_238_500_000n),
    // A foreign gift through the currency-trading accounts: USD held, its VND value (spot 24.500) recognised.
    entry('2024-09-17', 'donation', 'Kiều bào tại Hoa Kỳ ủng hộ 1.000,00 USD (tỷ giá ghi nhận 24.500)', [
      [usdBank, 'debit', 100_000n],
      [usdTrading, 'credit', 100_000n],
      [relief.role('currency_trading'), 'debit', 24_500_000n],
      [relief.role('donation_revenue'), 'credit', 24_500_000n],
    ]),
    spend(relief, '2024-09-20', 'Hỗ trợ 312 hộ có nhà bị sập, trôi hoàn toàn', 12_480_000_000n),
    gift(mutualAid, '2024-03-01', 'Đoàn viên đóng góp quỹ tương hỗ quý I', 96_000_000n),
    spend(
      mutualAid,
      '2024-06-12',
      'Hỗ trợ đoàn viên gặp hoàn cảnh khó khăn đột xuất (3 trường hợp)',
      15_000_000n,
    ),
    gift(womenFund, '2024-03-08', 'Hội viên ủng hộ nhân ngày Quốc tế Phụ nữ 8/3', 18_600_000n, 'cash'),
    spend(womenFund, '2024-04-20', 'Hỗ trợ con giống cho 6 phụ nữ nghèo', 24_000_000n),
  ];
  // Selling the USD to the bank at 24.550: the 50.000 đồng difference stays on the trading account.
  drafts.push(
    entry('2024-09-19', 'exchange', 'Bán 1.000,00 USD cho ngân hàng, tỷ giá 24.550', [
      [relief.role('bank'), 'debit', 24_550_000n],
      [relief.role('currency_trading'), 'credit', 24_550_000n],
      [usdTrading, 'debit', 100_000n],
      [usdBank, 'credit', 100_000n],
    ]),
  );
  const committed = await postEntries(deps, systemContext('entries.create'), drafts);
  const users = await seedDemoUsers(deps, province.id, muongSo.id);
  // Gifts recorded as donations, with receipts: a campaign with its own BIDV account (VietQR), a public
  // company gift, an anonymous transfer, a pledge partly paid, rice given in kind, an earmarked gift.
  const yagi = created(
    await createCampaign(deps, systemContext('campaigns.create'), {
      fundId: relief.id,
      name: 'Ủng hộ đồng bào bị thiệt hại do bão số 3 (Yagi)',
      purpose: 'Khắc phục hậu quả bão số 3 và mưa lũ sau bão tại tỉnh Lai Châu',
      legalBasis:
        'Nghị định 93/2021/NĐ-CP; Lời kêu gọi của Ủy ban MTTQ Việt Nam tỉnh Lai Châu ngày 10/9/2024',
      bankAccount: { bin: '970418', accountNo: '8800123456', holder: 'UY BAN MTTQ VIET NAM TINH LAI CHAU' },
      receivingFrom: '2024-09-10',
      receivingTo: '2024-11-30',
      distributionDeadline: '2024-12-20',
      paymentCodePrefix: 'YAGI',
    }),
  );
  let donations = 0;
  const donate = (input: Omit<Parameters<typeof recordDonation>[2], 'currency'>) => {
    donations += 1;
    return recordDonation(deps, systemContext('donations.create'), { currency: 'VND', ...input });
  };
  await donate({
    fundId: relief.id,
    campaignId: yagi.id,
    amount: 200_000_000n,
    receivedOn: '2024-09-18',
    channel: 'bank_transfer',
    donor: { kind: 'organisation', name: 'Công ty Điện lực Lai Châu', contact: 'phòng Tổng hợp' },
    disclosure: 'public',
    bankRef: 'FT24262000000001',
    memo: 'YAGI D000001 Dien luc Lai Chau ung ho',
  });
  await donate({
    fundId: relief.id,
    campaignId: yagi.id,
    amount: 5_000_000n,
    receivedOn: '2024-09-19',
    channel: 'bank_transfer',
    donor: {
      kind: 'individual',
      name: 'Trần Thị Hạnh',
      address: 'phường Tân Phong, Lai Châu',
      contact: '0987 000 111',
    },
    disclosure: 'anonymous',
    bankRef: 'FT24263000000002',
  });
  const hydro = created(
    await createPledge(deps, systemContext('pledges.create'), {
      fundId: relief.id,
      campaignId: yagi.id,
      donor: { kind: 'organisation', name: 'Công ty Cổ phần Thủy điện Nậm Na' },
      amount: 300_000_000n,
      currency: 'VND',
      pledgedOn: '2024-09-12',
      dueOn: '2024-11-30',
    }),
  );
  await donate({
    fundId: relief.id,
    campaignId: yagi.id,
    pledgeId: hydro.id,
    amount: 150_000_000n,
    receivedOn: '2024-09-25',
    channel: 'bank_transfer',
    donor: { id: hydro.donor.id },
    disclosure: 'public',
    bankRef: 'FT24269000000003',
  });
  await donate({
    fundId: relief.id,
    campaignId: yagi.id,
    receivedOn: '2024-09-21',
    channel: 'in_kind',
    donor: { kind: 'organisation', name: 'Hội Liên hiệp Phụ nữ phường Đông Phong' },
    disclosure: 'public',
    inKind: { description: 'Gạo tẻ', quantity: '1500', unit: 'kg', unitValue: 18_000n },
  });
  donations += await seedHuoiEnStory(deps, { province, muongSo, poorFund, communeFund, users });
  return {
    units: 9,
    funds: [poorFund, gratitude, relief, communeFund, mutualAid, womenFund].map(({ id, name }) => ({
      id,
      name,
    })),
    entries: committed.length + donations,
    donations,
  };
}

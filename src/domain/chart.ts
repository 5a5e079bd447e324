import type { AccountType, Side } from './accounts.ts';

/**
 * The accounts every new fund gets. Later capabilities find accounts by `role`, never by code, so the
 * codes and names can follow whatever chart the unit keeps (Thông tư 24/2024/TT-BTC or a union's own):
 * pass another FundChart to createApp to change them.
 */
export const ACCOUNT_ROLES = [
  'cash',
  'bank',
  'pledges_receivable',
  'in_kind_goods',
  'payables',
  'fund_balance',
  'currency_trading',
  'transfers_in',
  'transfers_out',
  'donation_revenue',
  'disbursement_expense',
  'admin_expense',
] as const;
export type AccountRole = (typeof ACCOUNT_ROLES)[number];

export interface ChartLine {
  role: AccountRole;
  code: string;
  name: string;
  type: AccountType;
  /** Defaults to the type's normal side; contra accounts (transfers out) say otherwise. */
  normalSide?: Side;
  nonNegative: boolean;
}

export type FundChart = readonly ChartLine[];

export const DEFAULT_FUND_CHART: FundChart = [
  { role: 'cash', code: '111', name: 'Tiền mặt (cash on hand)', type: 'asset', nonNegative: true },
  {
    role: 'bank',
    code: '112',
    name: 'Tiền gửi ngân hàng, kho bạc (bank and treasury)',
    type: 'asset',
    nonNegative: true,
  },
  {
    role: 'pledges_receivable',
    code: '138',
    name: 'Phải thu cam kết ủng hộ (pledges receivable)',
    type: 'asset',
    nonNegative: false,
  },
  {
    role: 'in_kind_goods',
    code: '152',
    name: 'Hiện vật nhận ủng hộ (in-kind goods held)',
    type: 'asset',
    nonNegative: true,
  },
  {
    role: 'payables',
    code: '338',
    name: 'Phải trả khác (other payables)',
    type: 'liability',
    nonNegative: false,
  },
  {
    role: 'fund_balance',
    code: '431',
    name: 'Số dư quỹ (fund balance)',
    type: 'net_assets',
    nonNegative: false,
  },
  {
    role: 'currency_trading',
    code: '413',
    name: 'Mua bán ngoại tệ (currency trading)',
    type: 'net_assets',
    nonNegative: false,
  },
  {
    role: 'transfers_in',
    code: '4318',
    name: 'Nhận điều chuyển (transfers in)',
    type: 'net_assets',
    nonNegative: false,
  },
  {
    role: 'transfers_out',
    code: '4319',
    name: 'Điều chuyển đi (transfers out)',
    type: 'net_assets',
    normalSide: 'debit',
    nonNegative: false,
  },
  {
    role: 'donation_revenue',
    code: '511',
    name: 'Thu ủng hộ, đóng góp (donations received)',
    type: 'revenue',
    nonNegative: false,
  },
  {
    role: 'disbursement_expense',
    code: '611',
    name: 'Chi hỗ trợ (support disbursed)',
    type: 'expense',
    nonNegative: false,
  },
  {
    role: 'admin_expense',
    code: '642',
    name: 'Chi phí quản lý (administrative costs)',
    type: 'expense',
    nonNegative: false,
  },
];

/**
 * A chart is usable when every role appears exactly once (capabilities find accounts by role) and codes
 * are unique. Returns the problems found, empty when the chart is fine.
 */
export function problemsOfFundChart(chart: FundChart): string[] {
  const problems: string[] = [];
  for (const role of ACCOUNT_ROLES) {
    const count = chart.filter((line) => line.role === role).length;
    if (count !== 1) problems.push(`role ${role} appears ${count} times; it must appear once`);
  }
  const codes = new Set<string>();
  for (const line of chart) {
    if (codes.has(line.code)) problems.push(`code ${line.code} is used twice`);
    codes.add(line.code);
  }
  return problems;
}

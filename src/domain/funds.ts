import type { CurrencyCode } from './money.ts';

export const FUND_KINDS = [
  'vi_nguoi_ngheo',
  'den_on_dap_nghia',
  'cong_doan_tuong_ho',
  'relief_campaign',
  'other',
] as const;
export type FundKind = (typeof FUND_KINDS)[number];

export const FUND_STATUSES = ['active', 'closed'] as const;
export type FundStatus = (typeof FUND_STATUSES)[number];

export interface Fund {
  id: string;
  unitId: string;
  kind: FundKind;
  name: string;
  currency: CurrencyCode;
  status: FundStatus;
  createdAtMs: number;
}

import Decimal from 'decimal.js';
import { DomainError } from './errors.ts';
import type { FundKind } from './funds.ts';

/** What a disbursement pays for. Earmarks on gifts name one of these too. */
export const DISBURSEMENT_CATEGORIES = [
  'new_house',
  'house_repair',
  'livelihood',
  'scholarship',
  'health',
  'tet_gifts',
  'relief',
  'gratitude_gifts',
  'memorial_repair',
  'mutual_aid',
  'admin_costs',
  'other',
] as const;
export type DisbursementCategory = (typeof DISBURSEMENT_CATEGORIES)[number];

/** How each category reads on receipts and public pages. */
export const CATEGORY_LABELS_VI: Record<DisbursementCategory, string> = {
  new_house: 'Xây nhà mới (nhà Đại đoàn kết, nhà tình nghĩa)',
  house_repair: 'Sửa chữa nhà ở',
  livelihood: 'Hỗ trợ sinh kế, phát triển sản xuất',
  scholarship: 'Học bổng, hỗ trợ học tập',
  health: 'Hỗ trợ khám chữa bệnh',
  tet_gifts: 'Quà Tết',
  relief: 'Cứu trợ khẩn cấp',
  gratitude_gifts: 'Quà tặng người có công',
  memorial_repair: 'Tu bổ công trình ghi công liệt sĩ',
  mutual_aid: 'Trợ cấp tương hỗ đoàn viên',
  admin_costs: 'Chi phí quản lý',
  other: 'Mục đích khác',
};

/** Administrative costs post to the admin expense account and fall under the fund's cost rules. */
export const ADMIN_COSTS: DisbursementCategory = 'admin_costs';

export const DISBURSEMENT_STATUSES = ['draft', 'approved', 'rejected', 'paid', 'reversed'] as const;
export type DisbursementStatus = (typeof DISBURSEMENT_STATUSES)[number];

/**
 * A fund kind's rules, as configuration (createApp's `fundRules`, or SOQUY_FUND_RULES_FILE): which
 * categories it may spend on, whether costs may be paid from donations, and a cap on administrative
 * costs as a percentage of the calendar year's receipts.
 */
export interface FundRules {
  categories: readonly DisbursementCategory[];
  costsFromDonations: boolean;
  /** Decimal text, e.g. "5" for 5% (Nghị định 131/2021 for the gratitude fund); null: no cap. */
  adminCostsCapPercent: string | null;
}

export type FundRulesByKind = Record<FundKind, FundRules>;

const SUPPORT: readonly DisbursementCategory[] = [
  'new_house',
  'house_repair',
  'livelihood',
  'scholarship',
  'health',
  'tet_gifts',
  'relief',
  'other',
];

export const DEFAULT_FUND_RULES: FundRulesByKind = {
  // QĐ 1198/QĐ-MTTW-ĐCT: houses, production, schooling, health, Tết, hunger relief.
  vi_nguoi_ngheo: { categories: SUPPORT, costsFromDonations: false, adminCostsCapPercent: null },
  // Nghị định 131/2021 arts. 173–181: gifts, hardship support, nhà tình nghĩa, memorials; costs ≤ 5%.
  den_on_dap_nghia: {
    categories: [
      'gratitude_gifts',
      'new_house',
      'house_repair',
      'memorial_repair',
      'health',
      'tet_gifts',
      'other',
      ADMIN_COSTS,
    ],
    costsFromDonations: true,
    adminCostsCapPercent: '5',
  },
  // The Labour Federation's own rules: configure per union.
  cong_doan_tuong_ho: {
    categories: ['mutual_aid', 'health', 'relief', 'tet_gifts', 'scholarship', 'other', ADMIN_COSTS],
    costsFromDonations: true,
    adminCostsCapPercent: null,
  },
  // Nghị định 93/2021: costs from donations only with the donors' consent — not by default.
  relief_campaign: { categories: SUPPORT, costsFromDonations: false, adminCostsCapPercent: null },
  other: { categories: DISBURSEMENT_CATEGORIES, costsFromDonations: true, adminCostsCapPercent: null },
};

/** Refuses a category the fund's rules do not allow, naming the fund and the allowed ones. */
export function checkCategoryAllowed(
  rules: FundRules,
  fundName: string,
  category: DisbursementCategory,
): void {
  if (category === ADMIN_COSTS && !rules.costsFromDonations) {
    throw new DomainError(
      'category-not-allowed',
      `The rules of ${fundName} do not allow administrative costs to be paid from donations.`,
      { fieldErrors: [{ field: 'category', detail: 'costs may not be paid from this fund' }] },
    );
  }
  if (!rules.categories.includes(category)) {
    throw new DomainError(
      'category-not-allowed',
      `The rules of ${fundName} do not allow spending on "${category}". Allowed: ${rules.categories.join(', ')}.`,
      { fieldErrors: [{ field: 'category', detail: 'not allowed for this fund' }] },
    );
  }
}

/** The most the fund may spend on costs in a year: the cap's share of the year's receipts, rounded down. */
export function adminCostsCapMinor(capPercent: string, yearReceiptsMinor: bigint): bigint {
  const cap = new Decimal(yearReceiptsMinor.toString()).times(new Decimal(capPercent)).dividedBy(100);
  return BigInt(cap.floor().toFixed(0));
}

/** Which lifecycle steps are possible from a status (the database trigger holds the same line). */
const NEXT: Record<DisbursementStatus, readonly DisbursementStatus[]> = {
  draft: ['approved', 'rejected'],
  approved: ['paid', 'rejected'],
  rejected: [],
  paid: ['reversed'],
  reversed: [],
};

export function checkTransition(from: DisbursementStatus, to: DisbursementStatus, what: string): void {
  if (NEXT[from].includes(to)) return;
  const hint =
    to === 'paid' && from === 'draft'
      ? ' It must be approved first.'
      : from === 'reversed'
        ? ' It was already reversed.'
        : '';
  throw new DomainError('invalid-state', `${what} is ${from}; it cannot be ${to}.${hint}`, {
    extra: { currentStatus: from },
  });
}

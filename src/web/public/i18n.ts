import { CATEGORY_LABELS_VI, type DisbursementCategory } from '../../domain/disbursements.ts';
import type { DonationChannel } from '../../domain/donations.ts';
import type { FundKind } from '../../domain/funds.ts';
import { type CurrencyCode, formatMoney, isCurrencyCode } from '../../domain/money.ts';
import type { ProjectKind, ProjectStatus } from '../../domain/projects.ts';

/**
 * The public site's two languages. Vietnamese is the default; English is chosen per URL (`?lang=en`,
 * carried by every link and form) so that each page is one cacheable document, and remembered in a
 * cookie by the language switch (GET /lang/:code).
 */
export const LANGS = ['vi', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = 'vi';
export const LANG_COOKIE = 'soquy_lang';

export function isLang(value: string | undefined | null): value is Lang {
  return value === 'vi' || value === 'en';
}

type Params = Record<string, string | number | null | undefined>;

/**
 * A site-local link that keeps the language: `href('en', '/funds/x', { q: 'an' })` →
 * `/funds/x?q=an&lang=en`. Empty parameters are left out, so a form's blank fields don't clutter links.
 */
export function href(lang: Lang, path: string, params: Params = {}): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === '') continue;
    query.set(name, String(value));
  }
  if (lang !== DEFAULT_LANG) query.set('lang', lang);
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

/** "1.000.000 ₫" in Vietnamese, "1,000,000 ₫" in English; exact (bigint), never a float. */
export function money(lang: Lang, amount: string | bigint, currency: string = 'VND'): string {
  const code: CurrencyCode = isCurrencyCode(currency) ? currency : 'VND';
  const text = formatMoney(typeof amount === 'bigint' ? amount : BigInt(amount), code);
  if (lang === 'vi') return text;
  // Swap the separators: 1.234.567,50 → 1,234,567.50.
  return text.replace(/[.,]/g, (mark) => (mark === '.' ? ',' : '.'));
}

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2024-09-12` → "12/09/2024" (vi) or "12 Sep 2024" (en). */
export function date(lang: Lang, iso: string | null | undefined): string {
  if (!iso) return '—';
  const [year, month, day] = iso.slice(0, 10).split('-');
  if (!year || !month || !day) return iso;
  if (lang === 'vi') return `${day}/${month}/${year}`;
  return `${Number(day)} ${MONTHS_EN[Number(month) - 1] ?? month} ${year}`;
}

/** `2024-09` → "T9/2024" (vi) or "Sep 2024" (en), for chart axes. */
export function monthLabel(lang: Lang, yearMonth: string, short = false): string {
  const [year, month] = yearMonth.split('-');
  const number = Number(month);
  if (lang === 'vi') return short ? `T${number}` : `Tháng ${number}/${year}`;
  const name = MONTHS_EN[number - 1] ?? String(number);
  return short ? name : `${name} ${year}`;
}

const CATEGORY_LABELS_EN: Record<DisbursementCategory, string> = {
  new_house: 'New houses (Great Solidarity, gratitude houses)',
  house_repair: 'House repairs',
  livelihood: 'Livelihood and production support',
  scholarship: 'Scholarships and schooling',
  health: 'Medical care',
  tet_gifts: 'Tết gifts',
  relief: 'Emergency relief',
  gratitude_gifts: 'Gifts to people with meritorious service',
  memorial_repair: 'Repairing martyrs’ memorials',
  mutual_aid: 'Union mutual aid',
  admin_costs: 'Administrative costs',
  other: 'Other purposes',
};

export function categoryLabel(lang: Lang, category: string | null | undefined): string {
  if (!category) return '—';
  const labels = lang === 'vi' ? CATEGORY_LABELS_VI : CATEGORY_LABELS_EN;
  return (labels as Record<string, string>)[category] ?? category;
}

const CHANNELS: Record<Lang, Record<DonationChannel, string>> = {
  vi: {
    cash: 'Tiền mặt',
    bank_transfer: 'Chuyển khoản',
    in_kind: 'Hiện vật',
    payroll: 'Trích lương',
    other: 'Khác',
  },
  en: {
    cash: 'Cash',
    bank_transfer: 'Bank transfer',
    in_kind: 'In kind',
    payroll: 'Payroll',
    other: 'Other',
  },
};

export function channelLabel(lang: Lang, channel: string): string {
  return (CHANNELS[lang] as Record<string, string>)[channel] ?? channel;
}

const FUND_KINDS: Record<Lang, Record<FundKind, string>> = {
  vi: {
    vi_nguoi_ngheo: 'Quỹ "Vì người nghèo"',
    den_on_dap_nghia: 'Quỹ "Đền ơn đáp nghĩa"',
    cong_doan_tuong_ho: 'Quỹ tương hỗ công đoàn',
    relief_campaign: 'Cuộc vận động cứu trợ',
    other: 'Quỹ khác',
  },
  en: {
    vi_nguoi_ngheo: '“For the Poor” fund',
    den_on_dap_nghia: 'Gratitude fund',
    cong_doan_tuong_ho: 'Union mutual-aid fund',
    relief_campaign: 'Relief campaign',
    other: 'Other fund',
  },
};

export function fundKindLabel(lang: Lang, kind: string): string {
  return (FUND_KINDS[lang] as Record<string, string>)[kind] ?? kind;
}

const PROJECT_KINDS: Record<Lang, Record<ProjectKind, string>> = {
  vi: {
    new_house: 'Xây nhà mới',
    house_repair: 'Sửa chữa nhà',
    livelihood: 'Sinh kế',
    scholarship: 'Học bổng',
    health: 'Y tế',
    tet_gifts: 'Quà Tết',
    relief: 'Cứu trợ',
    other: 'Khác',
  },
  en: {
    new_house: 'New house',
    house_repair: 'House repair',
    livelihood: 'Livelihood',
    scholarship: 'Scholarship',
    health: 'Health',
    tet_gifts: 'Tết gifts',
    relief: 'Relief',
    other: 'Other',
  },
};

export function projectKindLabel(lang: Lang, kind: string): string {
  return (PROJECT_KINDS[lang] as Record<string, string>)[kind] ?? kind;
}

const PROJECT_STATUSES: Record<Lang, Record<ProjectStatus, string>> = {
  vi: {
    proposed: 'Đề xuất',
    approved: 'Đã phê duyệt',
    under_construction: 'Đang thi công',
    handed_over: 'Đã bàn giao',
    closed: 'Đã kết thúc',
    cancelled: 'Đã hủy',
  },
  en: {
    proposed: 'Proposed',
    approved: 'Approved',
    under_construction: 'Under construction',
    handed_over: 'Handed over',
    closed: 'Closed',
    cancelled: 'Cancelled',
  },
};

export function projectStatusLabel(lang: Lang, status: string): string {
  return (PROJECT_STATUSES[lang] as Record<string, string>)[status] ?? status;
}

const MILESTONES: Record<Lang, Record<string, string>> = {
  vi: {
    approved: 'Phê duyệt',
    construction_started: 'Khởi công',
    handed_over: 'Bàn giao',
    closed: 'Kết thúc',
    cancelled: 'Hủy',
    other: 'Ghi chú',
  },
  en: {
    approved: 'Approved',
    construction_started: 'Construction started',
    handed_over: 'Handed over',
    closed: 'Closed',
    cancelled: 'Cancelled',
    other: 'Note',
  },
};

export function milestoneLabel(lang: Lang, kind: string): string {
  return MILESTONES[lang][kind] ?? kind;
}

const EVIDENCE_KINDS: Record<Lang, Record<string, string>> = {
  vi: { decision: 'Quyết định', minutes: 'Biên bản', photo: 'Ảnh', invoice: 'Hóa đơn', other: 'Tài liệu' },
  en: { decision: 'Decision', minutes: 'Minutes', photo: 'Photo', invoice: 'Invoice', other: 'Document' },
};

export function evidenceKindLabel(lang: Lang, kind: string): string {
  return EVIDENCE_KINDS[lang][kind] ?? kind;
}

const ANONYMOUS: Record<Lang, string> = { vi: 'Nhà hảo tâm ẩn danh', en: 'Anonymous donor' };

/**
 * The donor as a public page shows them. The read model already replaces an anonymous or on-request
 * donor's name with the anonymous label (or null); the English page translates that label.
 */
export function donorLabel(lang: Lang, name: string | null | undefined, anonymous = false): string {
  if (anonymous || !name || name === ANONYMOUS.vi) return ANONYMOUS[lang];
  return name;
}

const LEVELS: Record<Lang, Record<string, string>> = {
  vi: {
    central: 'Trung ương',
    province: 'Cấp tỉnh',
    district: 'Cấp huyện',
    commune: 'Cấp xã',
    village: 'Thôn, bản',
  },
  en: {
    central: 'Central',
    province: 'Province',
    district: 'District',
    commune: 'Commune',
    village: 'Village',
  },
};

export function levelLabel(lang: Lang, level: string | null | undefined): string {
  if (!level) return '';
  return LEVELS[lang][level] ?? level;
}

const NOTICE_KINDS: Record<Lang, Record<string, string>> = {
  vi: { received: 'Tổng số tiền đã tiếp nhận', distributed: 'Tổng số tiền đã phân phối' },
  en: { received: 'Total received', distributed: 'Total distributed' },
};

export function noticeKindLabel(lang: Lang, kind: string): string {
  return NOTICE_KINDS[lang][kind] ?? kind;
}

const NOTICE_STATUSES: Record<Lang, Record<string, string>> = {
  vi: {
    'not-yet-due': 'Chưa đến kỳ',
    due: 'Đến hạn công khai',
    overdue: 'Quá hạn, chưa công khai',
    published: 'Đã công khai',
  },
  en: {
    'not-yet-due': 'Period still running',
    due: 'Due for publication',
    overdue: 'Overdue, not published',
    published: 'Published',
  },
};

export function noticeStatusLabel(lang: Lang, status: string): string {
  return NOTICE_STATUSES[lang][status] ?? status;
}

const SPONSOR_KINDS: Record<Lang, Record<string, string>> = {
  vi: { fund: 'Quỹ', sponsor: 'Nhà tài trợ', household: 'Gia đình đóng góp' },
  en: { fund: 'Fund', sponsor: 'Sponsor', household: 'Household’s own share' },
};

export function sponsorKindLabel(lang: Lang, kind: string): string {
  return SPONSOR_KINDS[lang][kind] ?? kind;
}

/** Labels the read model writes in Vietnamese for money that was not a gift. */
const SOURCE_LABELS_EN: Record<string, string> = {
  'Số dư đầu kỳ': 'Opening balance',
  'Nguồn khác của quỹ': 'Other money of the fund',
  'Hỗ trợ có địa chỉ cụ thể': 'For a named recipient',
};

export function sourceLabel(lang: Lang, label: string | null | undefined): string {
  if (!label) return '—';
  return lang === 'en' ? (SOURCE_LABELS_EN[label] ?? label) : label;
}

import { type IsoDate, isIsoDate } from './dates.ts';
import type { DonationChannel } from './donations.ts';

/**
 * What the public site may show, and when Nghị định 93/2021 (art. 14) wants it shown. Pure rules: the
 * capabilities build every public view from explicit allow-lists and use these for the rest.
 */

/**
 * A bank reference as banks mask them in published statements: the first and last characters, with at
 * least four hidden in between (`FT24260341614260` → `FT2426…614260`). Short references keep less; one
 * of four characters or fewer is hidden entirely.
 */
export function maskBankRef(reference: string): string {
  const characters = [...reference];
  const hiddenMin = 4;
  const last = Math.min(6, Math.max(0, characters.length - hiddenMin));
  const first = Math.min(6, Math.max(0, characters.length - hiddenMin - last));
  return `${characters.slice(0, first).join('')}…${characters.slice(characters.length - last).join('')}`;
}

export const CHANNEL_LABELS_VI: Record<DonationChannel, string> = {
  cash: 'Tiền mặt',
  bank_transfer: 'Chuyển khoản',
  in_kind: 'Hiện vật',
  payroll: 'Trích lương',
  other: 'Khác',
};

/** Disclosure notices: the totals a campaign received, and the totals it distributed. */
export const NOTICE_KINDS = ['received', 'distributed'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** Days after the period's end within which each notice is due (Nghị định 93/2021, art. 14). */
export const NOTICE_DUE_DAYS: Record<NoticeKind, number> = { received: 15, distributed: 30 };

/**
 * `not-yet-due`: the period it reports on has not ended (its totals are still running);
 * `due`: the period has ended and the due date has not passed; `overdue`: the due date has passed and
 * it has not been published; `published`: the unit published it (on time or late).
 */
export const NOTICE_STATUSES = ['not-yet-due', 'due', 'overdue', 'published'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];

export function addDays(date: IsoDate, days: number): IsoDate {
  if (!isIsoDate(date)) throw new Error(`not a date: ${date}`);
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export interface CampaignWindows {
  receivingFrom: IsoDate;
  receivingTo: IsoDate;
  distributionDeadline: IsoDate;
}

/** The last day each notice reports on: the receiving window's last day, or the distribution deadline. */
export function noticePeriodEnd(kind: NoticeKind, campaign: CampaignWindows): IsoDate {
  return kind === 'received' ? campaign.receivingTo : campaign.distributionDeadline;
}

export function noticeDueOn(kind: NoticeKind, campaign: CampaignWindows): IsoDate {
  return addDays(noticePeriodEnd(kind, campaign), NOTICE_DUE_DAYS[kind]);
}

/** A notice's status on `today` (Vietnam's calendar). */
export function noticeStatus(
  notice: { periodEnd: IsoDate; dueOn: IsoDate; publishedOn: IsoDate | null },
  today: IsoDate,
): NoticeStatus {
  if (notice.publishedOn !== null) return 'published';
  if (today <= notice.periodEnd) return 'not-yet-due';
  return today <= notice.dueOn ? 'due' : 'overdue';
}

/** Whole days from `today` to the due date: negative once it has passed. */
export function daysUntil(today: IsoDate, date: IsoDate): number {
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

/**
 * The public search's order key: days since 1970-01-01 × 2^32 plus the gift's place among that day's
 * gifts, as the database assigns it (drizzle/0014_public_search.sql). A date range is a key range.
 */
export const PUBLIC_KEY_DAY_FACTOR = 4_294_967_296;

export function publicKeyRange(from: IsoDate | null, to: IsoDate | null): { min: number; max: number } {
  const dayOf = (date: IsoDate) => Math.floor(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
  return {
    min: from === null ? 0 : dayOf(from) * PUBLIC_KEY_DAY_FACTOR,
    max: to === null ? Number.MAX_SAFE_INTEGER : (dayOf(to) + 1) * PUBLIC_KEY_DAY_FACTOR - 1,
  };
}

/**
 * A CSV cell: quoted when it holds a separator, quote or line break; a cell that a spreadsheet would
 * run as a formula (`=`, `+`, `-`, `@`, tab, carriage return first) is prefixed with `'` (OWASP).
 */
export function csvCell(value: string | null): string {
  if (value === null) return '';
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

import { DATE_MAX, DATE_MIN } from './limits.ts';

/** Accounting dates are calendar days, `YYYY-MM-DD`, with no time zone; compared as strings. */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function isDateInRange(value: IsoDate): boolean {
  return value >= DATE_MIN && value <= DATE_MAX;
}

/** Today's date in Vietnam (UTC+7), the calendar the accountants keep. */
export function todayInVietnam(nowMs: number = Date.now()): IsoDate {
  return new Date(nowMs + 7 * 3_600_000).toISOString().slice(0, 10);
}

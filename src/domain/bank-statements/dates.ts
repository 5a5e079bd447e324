import { type IsoDate, isDateInRange, isIsoDate } from '../dates.ts';
import { DomainError } from '../errors.ts';
import { DATE_MAX, DATE_MIN } from '../limits.ts';

/**
 * Statement dates as banks print them, read into `YYYY-MM-DD`. Accepted, each optionally followed by a time
 * (`h:mm`, `hh:mm:ss`, after a space or a `T`), which is checked and dropped — the ledger keeps calendar days:
 *
 * - `dd/mm/yyyy`, `dd-mm-yyyy`, `dd.mm.yyyy`, one-digit day or month allowed (`1/9/2024`);
 * - `dd/mm/yy` (two-digit years are 20yy: statements from before 2000 are not imported);
 * - `yyyy-mm-dd` (and `yyyy/mm/dd`);
 * - `dd/mm` with the year given by the caller (community exports such as the 2024 sao kê leave it out).
 *
 * Impossible days (31/04, 29/02 in a common year) and days outside the ledger's range are refused.
 */

const TIME = String.raw`(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?`;
const DAY_FIRST = new RegExp(String.raw`^(\d{1,2})([/.-])(\d{1,2})(?:\2(\d{4}|\d{2}))?${TIME}$`);
const YEAR_FIRST = new RegExp(String.raw`^(\d{4})([/-])(\d{1,2})\2(\d{1,2})${TIME}$`);

export interface StatementDateOptions {
  /** The year of dates printed without one (`dd/mm`); without it such dates are refused. */
  defaultYear?: number;
}

/** Reads one date cell; throws DomainError('validation-failed') naming the text when it is not a date. */
export function parseStatementDate(text: string, options: StatementDateOptions = {}): IsoDate {
  const trimmed = text.trim();
  const dayFirst = DAY_FIRST.exec(trimmed);
  if (dayFirst) {
    const [, day, , month, year, hours, minutes, seconds] = dayFirst;
    checkTime(text, hours, minutes, seconds);
    return isoDate(text, yearOf(text, year, options), Number(month), Number(day));
  }
  const yearFirst = YEAR_FIRST.exec(trimmed);
  if (yearFirst) {
    const [, year, , month, day, hours, minutes, seconds] = yearFirst;
    checkTime(text, hours, minutes, seconds);
    return isoDate(text, Number(year), Number(month), Number(day));
  }
  throw dateError(text, 'expected dd/mm/yyyy, dd-mm-yyyy, yyyy-mm-dd or dd/mm');
}

function yearOf(text: string, year: string | undefined, options: StatementDateOptions): number {
  if (year === undefined) {
    const { defaultYear } = options;
    if (defaultYear === undefined)
      throw dateError(text, 'the date has no year and no default year was given');
    if (!Number.isInteger(defaultYear)) throw dateError(text, 'the default year is not a whole year');
    return defaultYear;
  }
  return year.length === 2 ? 2000 + Number(year) : Number(year);
}

function checkTime(text: string, hours?: string, minutes?: string, seconds?: string): void {
  if (hours === undefined) return;
  if (Number(hours) > 23 || Number(minutes) > 59 || Number(seconds ?? '0') > 59) {
    throw dateError(text, 'the time of day is impossible');
  }
}

function isoDate(text: string, year: number, month: number, day: number): IsoDate {
  const iso = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  if (!isIsoDate(iso)) throw dateError(text, 'no such day');
  if (!isDateInRange(iso)) throw dateError(text, `outside ${DATE_MIN} – ${DATE_MAX}`);
  return iso;
}

function dateError(text: string, detail: string): DomainError {
  const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return new DomainError('validation-failed', `"${shown}" is not a statement date: ${detail}.`, {
    fieldErrors: [{ field: 'date', detail }],
  });
}

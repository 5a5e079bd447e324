import type { IsoDate } from '../dates.ts';

/**
 * A report's period: both ends inclusive. Without `to` it ends today; without `from` it starts on the
 * first day of the year `to` falls in (a fund's books run by calendar year).
 */
export interface ReportPeriod {
  from: IsoDate;
  to: IsoDate;
}

export function reportPeriod(
  from: IsoDate | undefined,
  to: IsoDate | undefined,
  today: IsoDate,
): ReportPeriod {
  const end = to ?? today;
  return { from: from ?? `${end.slice(0, 4)}-01-01`, to: end };
}

/** The day before a date: balances "at the start of" a period are balances as of the end of this day. */
export function dayBefore(date: IsoDate): IsoDate {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day - 1)).toISOString().slice(0, 10);
}

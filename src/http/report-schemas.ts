import { z } from 'zod';
import { PAGE_SIZE_MAX, REASON_LENGTH_MAX } from '../domain/limits.ts';
import { id, isoDate, text } from './schemas.ts';

/** Query and body schemas of the reports and period closes (issue 7); shared pieces from schemas.ts. */

const booleanFlag = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');

/** `json` (the default) or `csv` (UTF-8 with a byte order mark, streamed). */
const format = z.enum(['json', 'csv']).optional();

const fromNotAfterTo = {
  check: (query: { from?: string; to?: string }) => !query.from || !query.to || query.from <= query.to,
  message: { message: 'must not be before from', path: ['to'] },
};

const reportScope = {
  fundId: id.optional(),
  unitId: id.optional(),
  descendants: booleanFlag.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  format,
};

export const trialBalanceReportQuery = z.object({
  fundId: id.optional(),
  unitId: id.optional(),
  descendants: booleanFlag.optional(),
  asOf: isoDate.optional(),
  format,
});

export const generalLedgerQuery = z
  .object({ ...reportScope, accountId: id.optional() })
  .refine(fromNotAfterTo.check, fromNotAfterTo.message);

export const journalQuery = z.object(reportScope).refine(fromNotAfterTo.check, fromNotAfterTo.message);

export const fundStatementQuery = z.object(reportScope).refine(fromNotAfterTo.check, fromNotAfterTo.message);

export const campaignResultQuery = z.object({ campaignId: id.optional(), fundId: id.optional(), format });

export const closePeriodBody = z.strictObject({ fundId: id, periodEnd: isoDate });

/** DELETE takes no body: the reason for reopening, if any, comes as a query parameter. */
export const reopenPeriodQuery = z.object({ reason: text(REASON_LENGTH_MAX).optional() });

export const listPeriodClosesQuery = z.object({
  fundId: id,
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(PAGE_SIZE_MAX).optional(),
});

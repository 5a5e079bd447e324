import { z } from 'zod';
import { PUBLIC_DONATION_SORTS } from '../capabilities/public-donations.ts';
import { DISBURSEMENT_CATEGORIES } from '../domain/disbursements.ts';
import { DATE_MAX, DATE_MIN, PAGE_SIZE_MAX, PUBLIC_SEARCH_TEXT_LENGTH_MAX } from '../domain/limits.ts';
import { NOTICE_KINDS } from '../domain/public-disclosure.ts';
import { amount, id, isoDate } from './schemas.ts';

/**
 * Query schemas of the public API (/api/v1/public). A parameter sent empty (`?q=`, as an HTML form
 * sends an unfilled field) counts as not sent.
 */
function optional<Schema extends z.ZodType>(schema: Schema) {
  return z.preprocess((value) => (value === '' ? undefined : value), schema.optional());
}

const limit = optional(z.coerce.number().int().min(1).max(PAGE_SIZE_MAX));
const cursor = optional(z.string().max(500));
const format = optional(z.enum(['json', 'csv']));
const searchText = z
  .string()
  .max(PUBLIC_SEARCH_TEXT_LENGTH_MAX, `must be at most ${PUBLIC_SEARCH_TEXT_LENGTH_MAX} characters`);
const year = optional(
  z.coerce
    .number()
    .int()
    .min(Number(DATE_MIN.slice(0, 4)))
    .max(Number(DATE_MAX.slice(0, 4))),
);

export const publicFundsQuery = z.object({ unitId: optional(id), year, cursor, limit });

export const publicFundQuery = z.object({ year });

export const publicDonationsQuery = z.object({
  q: optional(searchText),
  ref: optional(searchText),
  amountMin: optional(amount),
  amountMax: optional(amount),
  from: optional(isoDate),
  to: optional(isoDate),
  campaignId: optional(id),
  sort: optional(z.enum(PUBLIC_DONATION_SORTS)),
  cursor,
  limit,
  format,
});

export const publicDisbursementsQuery = z.object({
  from: optional(isoDate),
  to: optional(isoDate),
  category: optional(z.enum(DISBURSEMENT_CATEGORIES)),
  campaignId: optional(id),
  cursor,
  limit,
  format,
});

export const publicTraceQuery = z
  .object({ receipt: optional(searchText), bankRef: optional(searchText) })
  .refine((query) => (query.receipt === undefined) !== (query.bankRef === undefined), {
    message: 'give either receipt or bankRef',
    path: ['receipt'],
  });

export const publishNoticeBody = z.strictObject({ kind: z.enum(NOTICE_KINDS) });

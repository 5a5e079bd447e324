import { z } from 'zod';
import { LINE_STATUSES, RECORD_KINDS, STATEMENT_FORMATS } from '../capabilities/bank-statements.ts';
import { STATEMENT_COLUMNS_MAX, STATEMENT_HEADER_SEARCH_ROWS_MAX } from '../domain/bank-statements/limits.ts';
import { STATEMENT_FIELDS } from '../domain/bank-statements/presets.ts';
import { DISCLOSURES, DONOR_KINDS } from '../domain/donations.ts';
import {
  DATE_MAX,
  DATE_MIN,
  NAME_LENGTH_MAX,
  REASON_LENGTH_MAX,
  STATEMENT_UPLOAD_BODY_BYTES_MAX,
} from '../domain/limits.ts';
import { id, isoDate, pageQuery, recordDonationBody, text } from './schemas.ts';

/** Zod schemas of the bank statement routes (issue 7); limits from src/domain/limits.ts and bank-statements/limits.ts. */

const YEAR_MIN = Number(DATE_MIN.slice(0, 4));
const YEAR_MAX = Number(DATE_MAX.slice(0, 4));

export const statementFormat = z.enum(STATEMENT_FORMATS, {
  error: `must be one of ${STATEMENT_FORMATS.join(', ')}`,
});

/** The year of dates printed without one (the 2024 sao kê rows): a whole year the ledger accepts. */
export const statementYear = z
  .number({ error: 'must be a year such as 2024' })
  .int('must be a whole year')
  .min(YEAR_MIN, `must be from ${YEAR_MIN}`)
  .max(YEAR_MAX, `must be at most ${YEAR_MAX}`);

const headerName = text(100);

/** A custom column mapping: header names (or synonyms) per field, or 0-based column positions. */
export const customMapping = z.strictObject({
  label: text(100).optional(),
  columns: z
    .partialRecord(
      z.enum(STATEMENT_FIELDS),
      z.union([
        headerName,
        z.array(headerName).min(1).max(10),
        z
          .number()
          .int()
          .min(0)
          .max(STATEMENT_COLUMNS_MAX - 1),
      ]),
    )
    .refine(
      (columns) => Object.keys(columns).length > 0,
      'name the columns of date, description, debit or credit',
    ),
  firstDataRow: z.number().int().min(1).max(STATEMENT_HEADER_SEARCH_ROWS_MAX).optional(),
  defaultYear: statementYear.optional(),
});
export type CustomMappingBody = z.infer<typeof customMapping>;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The JSON form of an upload: the file in base64 (the multipart form is the usual one). */
export const statementUploadJson = z
  .strictObject({
    format: statementFormat,
    fileName: text(NAME_LENGTH_MAX)
      .refine((value) => !/[/\\]/.test(value), 'must be a file name without folders')
      .nullish(),
    contentBase64: z
      .string({ error: 'must be the file in base64' })
      .min(4, 'must not be empty')
      .max(STATEMENT_UPLOAD_BODY_BYTES_MAX, `must be at most ${STATEMENT_UPLOAD_BODY_BYTES_MAX} characters`)
      .regex(BASE64, 'must be the file in base64 (A–Z, a–z, 0–9, +, / and = padding)'),
    year: statementYear.optional(),
    mapping: customMapping.optional(),
  })
  .superRefine((body, context) => {
    if (body.format === 'custom' && body.mapping === undefined)
      context.addIssue({ code: 'custom', path: ['mapping'], message: 'required with format custom' });
    if (body.format !== 'custom' && body.mapping !== undefined)
      context.addIssue({ code: 'custom', path: ['mapping'], message: 'only with format custom' });
  });

/** The multipart form's text fields, as strings. */
export const statementUploadForm = z.object({
  format: statementFormat,
  year: z
    .string()
    .regex(/^\d{4}$/, 'must be a year such as 2024')
    .transform(Number)
    .pipe(statementYear)
    .optional(),
  mapping: z
    .string()
    .max(20_000, 'must be at most 20000 characters')
    .transform((value, context) => {
      try {
        return JSON.parse(value) as unknown;
      } catch {
        context.addIssue({ code: 'custom', message: 'must be the column mapping as JSON' });
        return z.NEVER;
      }
    })
    .pipe(customMapping)
    .optional(),
});

export const listStatementLinesQuery = pageQuery.extend({
  status: z.enum(LINE_STATUSES, { error: `must be one of ${LINE_STATUSES.join(', ')}` }).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
});

export const matchLineBody = z.strictObject({
  kind: z.enum(RECORD_KINDS, { error: `must be one of ${RECORD_KINDS.join(', ')}` }),
  id,
});

export const ignoreLineBody = z.strictObject({ reason: text(REASON_LENGTH_MAX) });

export const lineDonationBody = z.strictObject({
  fundId: id.nullish(),
  campaignId: id.nullish(),
  donorName: text(NAME_LENGTH_MAX).nullish(),
  donorKind: z.enum(DONOR_KINDS).nullish(),
  disclosure: z.enum(DISCLOSURES).nullish(),
  earmark: recordDonationBody.shape.earmark,
});

export const reconciliationQuery = z.object({ asOf: isoDate.optional() });

import { z } from 'zod';
import { ROLES } from '../domain/access.ts';
import { ACCOUNT_TYPES, SIDES } from '../domain/accounts.ts';
import { BENEFICIARY_KINDS, POVERTY_STATUSES } from '../domain/beneficiaries.ts';
import { ACCOUNT_ROLES } from '../domain/chart.ts';
import { isDateInRange, isIsoDate } from '../domain/dates.ts';
import { DISBURSEMENT_CATEGORIES, DISBURSEMENT_STATUSES } from '../domain/disbursements.ts';
import { DISCLOSURES, DONATION_CHANNELS, DONOR_KINDS } from '../domain/donations.ts';
import { ENTRY_KINDS } from '../domain/entries.ts';
import { FUND_KINDS } from '../domain/funds.ts';
import {
  ACCOUNT_CODE_LENGTH_MAX,
  AMOUNT_MINOR_MAX,
  DATE_MAX,
  DATE_MIN,
  DESCRIPTION_LENGTH_MAX,
  DONATIONS_PER_BATCH_MAX,
  EVIDENCE_FILE_BYTES_MAX,
  EVIDENCE_URL_LENGTH_MAX,
  GRANTS_PER_REQUEST_MAX,
  ID_LENGTH_MAX,
  MEMO_LENGTH_MAX,
  NAME_LENGTH_MAX,
  PAGE_SIZE_MAX,
  POSTINGS_PER_ENTRY_MAX,
  PROJECT_SPONSORS_MAX,
  REASON_LENGTH_MAX,
  USERNAME_LENGTH_MAX,
  VIETQR_AMOUNT_VND_MAX,
} from '../domain/limits.ts';
import { CURRENCY_CODES, isAmountInRange, parseAmountMinor } from '../domain/money.ts';
import { PASSWORD_LENGTH_MAX, PASSWORD_LENGTH_MIN } from '../domain/passwords.ts';
import { PLEDGE_STATUSES } from '../domain/pledges.ts';
import {
  base64LengthFor,
  EVIDENCE_CONTENT_TYPES,
  EVIDENCE_KINDS,
  INITIAL_PROJECT_STATUSES,
  PROJECT_KINDS,
  PROJECT_STATUSES,
  SPONSOR_KINDS,
} from '../domain/projects.ts';
import { UNIT_CODE_PATTERN, UNIT_KINDS } from '../domain/units.ts';

/** Zod schemas for every request; limits come from src/domain/limits.ts. */

// C0 controls other than tab/newline, and DEL: never part of a name or memo a person typed.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

export function text(max: number) {
  return z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((value) => !CONTROL_CHARACTERS.test(value), 'must not contain control characters')
    .refine((value) => value.isWellFormed(), 'must be valid Unicode text');
}

export const id = z.string().min(1).max(ID_LENGTH_MAX);

export const isoDate = z
  .string()
  .refine(isIsoDate, 'must be a date written YYYY-MM-DD')
  .refine(isDateInRange, `must be between ${DATE_MIN} and ${DATE_MAX}`);

/** Amounts travel as strings of digits in minor units ("1500000"), never as JSON numbers. */
export const amount = z
  .string({ error: 'must be a string of digits, e.g. "1500000"' })
  .refine(
    (value) => parseAmountMinor(value) !== null,
    'must be a whole number written as digits, e.g. "1500000"',
  )
  .refine((value) => {
    const parsed = parseAmountMinor(value);
    return parsed === null || isAmountInRange(parsed);
  }, 'must be from 1 to 1000000000000000')
  .transform((value) => parseAmountMinor(value)!);

export const currency = z.enum(CURRENCY_CODES, { error: `must be one of ${CURRENCY_CODES.join(', ')}` });

export const createUnitBody = z.strictObject({
  name: text(NAME_LENGTH_MAX),
  kind: z.enum(UNIT_KINDS),
  level: text(50).nullish(),
  code: z
    .string()
    .regex(UNIT_CODE_PATTERN, 'must be 2–12 upper-case letters or digits, e.g. "LCH"')
    .nullish(),
  parentId: id.nullish(),
});

export const unitSuccessionBody = z.strictObject({ successorId: id, effectiveOn: isoDate });

export const createFundBody = z.strictObject({
  unitId: id,
  kind: z.enum(FUND_KINDS),
  name: text(NAME_LENGTH_MAX),
  currency: currency.optional(),
});

export const createAccountBody = z.strictObject({
  fundId: id,
  code: text(ACCOUNT_CODE_LENGTH_MAX).regex(
    /^[0-9A-Za-z._-]+$/,
    'may use letters, digits, dot, dash and underscore',
  ),
  name: text(NAME_LENGTH_MAX),
  type: z.enum(ACCOUNT_TYPES),
  currency: currency.optional(),
  role: z.enum(ACCOUNT_ROLES).nullish(),
  normalSide: z.enum(SIDES).optional(),
  nonNegative: z.boolean().optional(),
});

export const createEntryBody = z.strictObject({
  date: isoDate,
  description: text(DESCRIPTION_LENGTH_MAX),
  kind: z.enum(ENTRY_KINDS),
  postings: z
    .array(
      z.strictObject({
        accountId: id,
        side: z.enum(SIDES),
        amount,
        memo: text(MEMO_LENGTH_MAX).nullish(),
      }),
    )
    .min(2, 'an entry needs at least two postings')
    .max(POSTINGS_PER_ENTRY_MAX, `an entry may have at most ${POSTINGS_PER_ENTRY_MAX} postings`),
});

export const reverseEntryBody = z.strictObject({ reason: text(REASON_LENGTH_MAX), date: isoDate.optional() });

const limit = z.coerce.number().int().min(1).max(PAGE_SIZE_MAX).optional();
const cursor = z.string().max(500).optional();

export const listUnitsQuery = z.object({ parentId: id.optional(), cursor, limit });
export const listFundsQuery = z.object({ unitId: id.optional(), cursor, limit });
export const listAccountsQuery = z.object({ fundId: id.optional(), unitId: id.optional(), cursor, limit });
export const pageQuery = z.object({ cursor, limit });

const booleanFlag = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');

export const trialBalanceQuery = z.object({
  fundId: id.optional(),
  unitId: id.optional(),
  descendants: booleanFlag.optional(),
  asOf: isoDate.optional(),
});

/** Entries dated from `from` through `to` (both inclusive) of a fund's, a unit subtree's or every account. */
export const hledgerExportQuery = z
  .object({
    fundId: id.optional(),
    unitId: id.optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, {
    message: 'must not be before from',
    path: ['to'],
  });

// — access control —

const grant = z.strictObject({ unitId: id.nullable(), role: z.enum(ROLES) });

export const password = z
  .string()
  .min(PASSWORD_LENGTH_MIN, `must be at least ${PASSWORD_LENGTH_MIN} characters`)
  .max(PASSWORD_LENGTH_MAX, `must be at most ${PASSWORD_LENGTH_MAX} characters`)
  .refine((value) => value.isWellFormed(), 'must be valid Unicode text');

export const username = z
  .string()
  .min(2, 'must be at least 2 characters')
  .max(USERNAME_LENGTH_MAX, `must be at most ${USERNAME_LENGTH_MAX} characters`)
  .regex(/^[A-Za-z0-9._-]+$/, 'may use letters, digits, dot, dash and underscore');

export const createUserBody = z.strictObject({
  name: text(NAME_LENGTH_MAX),
  username,
  password: password.nullish(),
  grants: z.array(grant).max(GRANTS_PER_REQUEST_MAX, `at most ${GRANTS_PER_REQUEST_MAX} grants`),
});

export const createGrantBody = grant;

export const createTokenBody = z.strictObject({
  name: text(NAME_LENGTH_MAX),
  expiresAt: z.iso
    .datetime({ offset: true, error: 'must be a date and time like 2026-12-31T00:00:00Z' })
    .nullish(),
});

export const loginBody = z.strictObject({
  username: z.string().min(1).max(USERNAME_LENGTH_MAX),
  password: z.string().min(1).max(PASSWORD_LENGTH_MAX),
});

export const listUsersQuery = z.object({ cursor, limit });

export const auditQuery = z.object({
  actor: id.optional(),
  action: z.string().max(100).optional(),
  objectId: id.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  cursor,
  limit,
});

// — donations and campaigns —

const shortText = text(200);

export const createCampaignBody = z.strictObject({
  fundId: id,
  name: text(NAME_LENGTH_MAX),
  purpose: text(DESCRIPTION_LENGTH_MAX),
  legalBasis: text(DESCRIPTION_LENGTH_MAX).nullish(),
  bankAccount: z
    .strictObject({
      bin: z.string().regex(/^\d{6}$/, "must be the bank's 6-digit BIN"),
      accountNo: z.string().regex(/^[0-9A-Za-z]{1,19}$/, 'must be 1–19 letters or digits'),
      holder: text(NAME_LENGTH_MAX),
    })
    .nullish(),
  receivingFrom: isoDate,
  receivingTo: isoDate,
  distributionDeadline: isoDate,
  windowExtended: z.boolean().optional(),
  paymentCodePrefix: z.string().regex(/^[A-Z0-9]{2,8}$/, 'must be 2–8 upper-case letters or digits'),
});

export const listCampaignsQuery = z.object({ fundId: id });

const quantity = z.string().regex(/^\d{1,12}(\.\d{1,6})?$/, 'must be a number such as 12 or 12.5');

/** A gift's earmark names a disbursement category, so the money can ever be spent on it. */
const earmarkCategoryOfGift = z.enum(DISBURSEMENT_CATEGORIES, {
  error: `must be one of ${DISBURSEMENT_CATEGORIES.join(', ')}`,
});

export const recordDonationBody = z.strictObject({
  fundId: id,
  campaignId: id.nullish(),
  amount: amount.nullish(),
  currency,
  receivedOn: isoDate,
  channel: z.enum(DONATION_CHANNELS),
  donor: z.union([
    z.strictObject({ id }),
    z.strictObject({
      kind: z.enum(DONOR_KINDS),
      name: text(NAME_LENGTH_MAX),
      address: text(DESCRIPTION_LENGTH_MAX).nullish(),
      contact: text(NAME_LENGTH_MAX).nullish(),
    }),
  ]),
  disclosure: z.enum(DISCLOSURES),
  bankRef: z
    .string()
    .regex(/^[\x21-\x7E]{1,64}$/, 'must be the bank reference as printed (no spaces)')
    .nullish(),
  memo: text(MEMO_LENGTH_MAX).nullish(),
  earmark: z
    .strictObject({
      projectId: id.nullish(),
      beneficiaryId: id.nullish(),
      category: earmarkCategoryOfGift.nullish(),
    })
    .nullish(),
  inKind: z
    .strictObject({ description: text(DESCRIPTION_LENGTH_MAX), quantity, unit: text(50), unitValue: amount })
    .nullish(),
  pledgeId: id.nullish(),
});

export const voidDonationBody = z.strictObject({ reason: text(REASON_LENGTH_MAX) });

export const listDonationsQuery = z.object({
  fundId: id.optional(),
  campaignId: id.optional(),
  donorId: id.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  cursor,
  limit,
});

export const donationBatchBody = z.strictObject({
  donations: z
    .array(z.unknown())
    .min(1, 'needs at least one donation')
    .max(DONATIONS_PER_BATCH_MAX, `at most ${DONATIONS_PER_BATCH_MAX} donations per batch`),
});

// — VietQR and printable receipts —

/** The sequence of a campaign's payment code: at most 9 digits keeps "<prefix> D<sequence>" within 25. */
const PAYMENT_SEQUENCE_MAX = 999_999_999;

export const campaignVietQrQuery = z.object({
  amount: amount
    .refine((value) => value <= VIETQR_AMOUNT_VND_MAX, `must be at most ${VIETQR_AMOUNT_VND_MAX} đồng`)
    .optional(),
  seq: z
    .string()
    .regex(/^\d{1,9}$/, `must be a whole number from 0 to ${PAYMENT_SEQUENCE_MAX}`)
    .transform(Number)
    .optional(),
});

export const receiptPageQuery = z.object({
  size: z.enum(['A5', 'A4'], { error: 'must be A5 (the default) or A4' }).optional(),
});

// — pledges and the donor registry —

export const createPledgeBody = z.strictObject({
  fundId: id,
  campaignId: id.nullish(),
  donor: recordDonationBody.shape.donor,
  amount,
  currency,
  pledgedOn: isoDate,
  dueOn: isoDate.nullish(),
});

export const cancelPledgeBody = z.strictObject({ reason: text(REASON_LENGTH_MAX) });

export const listPledgesQuery = z.object({
  fundId: id.optional(),
  campaignId: id.optional(),
  status: z.enum(PLEDGE_STATUSES).optional(),
  cursor,
  limit,
});

export const pledgeReportQuery = z.object({ fundId: id.optional(), campaignId: id.optional() });

export const listDonorsQuery = z.object({
  q: z.string().max(NAME_LENGTH_MAX, `must be at most ${NAME_LENGTH_MAX} characters`).optional(),
  cursor,
  limit,
});

export const mergeDonorBody = z.strictObject({ intoId: id });

// — beneficiaries and projects —

const nationalId = z
  .string()
  .regex(/^(\d{9}|\d{12})$/, 'must be the 12-digit CCCD number (or a 9-digit CMND)');
const phone = z
  .string()
  .regex(/^\+?[0-9][0-9 .-]{5,19}$/, 'must be a phone number of digits, e.g. "0912 345 678"');

/** Private details: null clears one on an edit. */
const beneficiaryPrivate = {
  nationalId: nationalId.nullish(),
  phone: phone.nullish(),
  address: text(DESCRIPTION_LENGTH_MAX).nullish(),
  ethnicity: text(50).nullish(),
  notes: text(MEMO_LENGTH_MAX).nullish(),
};

export const recordBeneficiaryBody = z.strictObject({
  unitId: id,
  kind: z.enum(BENEFICIARY_KINDS),
  name: text(NAME_LENGTH_MAX),
  village: text(NAME_LENGTH_MAX),
  povertyStatus: z.enum(POVERTY_STATUSES),
  publicAlias: text(NAME_LENGTH_MAX).nullish(),
  ...beneficiaryPrivate,
});

export const editBeneficiaryBody = z
  .strictObject({
    kind: z.enum(BENEFICIARY_KINDS).optional(),
    name: text(NAME_LENGTH_MAX).optional(),
    village: text(NAME_LENGTH_MAX).optional(),
    povertyStatus: z.enum(POVERTY_STATUSES).optional(),
    publicAlias: text(NAME_LENGTH_MAX).nullish(),
    ...beneficiaryPrivate,
  })
  .refine((body) => Object.keys(body).length > 0, {
    message: 'name at least one field to change',
    when: (payload) => payload.issues.length === 0,
  });

export const listBeneficiariesQuery = z.object({
  unitId: id.optional(),
  q: z.string().max(NAME_LENGTH_MAX, `must be at most ${NAME_LENGTH_MAX} characters`).optional(),
  cursor,
  limit,
});

/** A co-funder's share may be nothing in money (a household giving its labour), so zero is allowed here. */
const shareAmount = z
  .string({ error: 'must be a string of digits, e.g. "1500000"' })
  .refine(
    (value) => parseAmountMinor(value) !== null,
    'must be a whole number written as digits, e.g. "1500000"',
  )
  .refine((value) => {
    const parsed = parseAmountMinor(value);
    return parsed === null || parsed <= AMOUNT_MINOR_MAX;
  }, `must be from 0 to ${AMOUNT_MINOR_MAX}`)
  .transform((value) => parseAmountMinor(value)!);

export const createProjectBody = z.strictObject({
  unitId: id,
  fundId: id,
  campaignId: id.nullish(),
  kind: z.enum(PROJECT_KINDS),
  name: text(NAME_LENGTH_MAX),
  beneficiaryId: id.nullish(),
  village: text(NAME_LENGTH_MAX).nullish(),
  budget: amount,
  status: z.enum(INITIAL_PROJECT_STATUSES).optional(),
  sponsors: z
    .array(
      z.strictObject({
        kind: z.enum(SPONSOR_KINDS),
        fundId: id.nullish(),
        name: text(NAME_LENGTH_MAX),
        amount: shareAmount,
        note: text(MEMO_LENGTH_MAX).nullish(),
      }),
    )
    .max(PROJECT_SPONSORS_MAX, `at most ${PROJECT_SPONSORS_MAX} sponsors`)
    .optional(),
});

export const listProjectsQuery = z.object({
  fundId: id.optional(),
  unitId: id.optional(),
  status: z.enum(PROJECT_STATUSES).optional(),
  cursor,
  limit,
});

export const projectStatusBody = z.strictObject({
  status: z.enum(PROJECT_STATUSES),
  date: isoDate,
  decisionNo: shortText.nullish(),
  note: text(MEMO_LENGTH_MAX).nullish(),
});

export const projectMilestoneBody = z.strictObject({
  kind: z.literal('other', { error: 'must be "other": the other kinds are recorded by status changes' }),
  date: isoDate,
  note: text(MEMO_LENGTH_MAX),
});

const sha256 = z
  .string()
  .regex(/^[0-9a-fA-F]{64}$/, 'must be a SHA-256 written as 64 hexadecimal digits')
  .transform((value) => value.toLowerCase());

const EVIDENCE_BASE64_LENGTH_MAX = base64LengthFor(EVIDENCE_FILE_BYTES_MAX);

/** A link `{url}` or a file `{fileName, contentType, contentBase64}`, never both. */
export const projectEvidenceBody = z
  .strictObject({
    kind: z.enum(EVIDENCE_KINDS),
    title: text(NAME_LENGTH_MAX),
    documentNo: shortText.nullish(),
    isPublic: z.boolean().optional(),
    sha256: sha256.nullish(),
    url: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) link' })
      .max(EVIDENCE_URL_LENGTH_MAX, `must be at most ${EVIDENCE_URL_LENGTH_MAX} characters`)
      .nullish(),
    fileName: text(NAME_LENGTH_MAX)
      .refine((value) => !/[/\\]/.test(value), 'must be a file name without folders')
      .nullish(),
    contentType: z
      .enum(EVIDENCE_CONTENT_TYPES, { error: `must be one of ${EVIDENCE_CONTENT_TYPES.join(', ')}` })
      .nullish(),
    contentBase64: z
      .string()
      .min(1, 'must not be empty')
      .max(
        EVIDENCE_BASE64_LENGTH_MAX,
        `the file may be at most ${EVIDENCE_FILE_BYTES_MAX} bytes (2 MiB); keep larger files elsewhere and send a link`,
      )
      .nullish(),
  })
  .superRefine((body, context) => {
    const file = body.contentBase64 != null;
    if (file === (body.url != null)) {
      context.addIssue({
        code: 'custom',
        path: file ? ['url'] : ['contentBase64'],
        message: file
          ? 'send either a link or a file, not both'
          : 'send a link (url) or a file (contentBase64)',
      });
    }
    for (const field of ['fileName', 'contentType'] as const) {
      if (file && body[field] == null)
        context.addIssue({ code: 'custom', path: [field], message: 'required with a file' });
      if (!file && body[field] != null)
        context.addIssue({ code: 'custom', path: [field], message: 'only with a file' });
    }
  });

export const projectHandoverBody = z.strictObject({
  date: isoDate,
  place: text(DESCRIPTION_LENGTH_MAX),
  handedOverBy: text(NAME_LENGTH_MAX),
  receivedBy: text(NAME_LENGTH_MAX),
  minutesNo: shortText,
});

// — disbursements, transfers and tracing (issue 5) —

const earmarkCategory = z.enum(DISBURSEMENT_CATEGORIES, {
  error: `must be one of ${DISBURSEMENT_CATEGORIES.join(', ')}`,
});

export const draftDisbursementBody = z.strictObject({
  fundId: id,
  amount,
  currency: currency.optional(),
  category: earmarkCategory,
  projectId: id.nullish(),
  beneficiaryId: id.nullish(),
  campaignId: id.nullish(),
  purpose: text(DESCRIPTION_LENGTH_MAX),
  date: isoDate,
});

export const approveDisbursementBody = z.strictObject({
  decisionNo: text(NAME_LENGTH_MAX),
  decisionDate: isoDate,
});
export const rejectDisbursementBody = z.strictObject({ reason: text(REASON_LENGTH_MAX) });
export const payDisbursementBody = z.strictObject({
  paidOn: isoDate,
  from: z.enum(['bank', 'cash']).optional(),
});
export const reverseDisbursementBody = z.strictObject({
  reason: text(REASON_LENGTH_MAX),
  date: isoDate.optional(),
});

export const listDisbursementsQuery = z.object({
  fundId: id.optional(),
  projectId: id.optional(),
  status: z.enum(DISBURSEMENT_STATUSES).optional(),
  cursor,
  limit,
});

export const recordTransferBody = z.strictObject({
  fromFundId: id,
  toFundId: id,
  amount,
  currency: currency.optional(),
  date: isoDate,
  purpose: text(DESCRIPTION_LENGTH_MAX),
  earmark: z
    .strictObject({
      category: earmarkCategory.nullish(),
      projectId: id.nullish(),
      beneficiaryId: id.nullish(),
    })
    .nullish(),
});

export const reverseTransferBody = z.strictObject({ reason: text(REASON_LENGTH_MAX) });

export const listTransfersQuery = z.object({ fundId: id.optional(), cursor, limit });

/** The hash chain's link at a sequence number (0: the chain's start), written as plain digits. */
export const integrityQuery = z.object({
  seq: z
    .string()
    .regex(/^\d{1,15}$/, 'must be a sequence number written as digits, e.g. 1200')
    .transform(Number)
    .optional(),
});

/**
 * Every limit the ledger enforces, in one place (TIGER_STYLE: put a limit on everything).
 * The zod schemas at the HTTP edge reuse these, and the database CHECKs repeat the money limits.
 */

/** Largest amount of a single posting, in minor units (10^15 VND ≈ 40 bn USD). */
export const AMOUNT_MINOR_MAX = 1_000_000_000_000_000n;
/**
 * Largest debit or credit total an account may accumulate, in minor units. Kept at 2^53 − 1 so that every
 * stored total reads back exactly as a JS number as well; the database refuses a write that would pass it.
 */
export const ACCOUNT_TOTAL_MINOR_MAX = 9_007_199_254_740_991n;

export const POSTINGS_PER_ENTRY_MIN = 2;
export const POSTINGS_PER_ENTRY_MAX = 500;
/** Entries per call of the bulk posting path (one libSQL batch per chunk). */
export const ENTRIES_PER_BULK_MAX = 100_000;

export const DESCRIPTION_LENGTH_MAX = 500;
export const MEMO_LENGTH_MAX = 500;
export const REASON_LENGTH_MAX = 500;
export const NAME_LENGTH_MAX = 200;
export const ACCOUNT_CODE_LENGTH_MAX = 32;
export const IDEMPOTENCY_KEY_LENGTH_MAX = 200;
export const ID_LENGTH_MAX = 64;
/** Unit tree depth: central → province → commune → village leaves plenty of room. */
export const UNIT_DEPTH_MAX = 12;
export const ACCOUNTS_PER_FUND_MAX = 500;

export const PAGE_SIZE_DEFAULT = 50;
export const PAGE_SIZE_MAX = 500;
/** Request bodies larger than this are refused before parsing. */
export const BODY_BYTES_MAX = 1_048_576;

/** Accounting dates the ledger accepts (inclusive). */
export const DATE_MIN = '1990-01-01';
export const DATE_MAX = '2099-12-31';

/** Failed logins allowed per account, and per client address, within the window before 429. */
export const LOGIN_FAILURES_PER_ACCOUNT_MAX = 5;
export const LOGIN_FAILURES_PER_ADDRESS_MAX = 20;
export const LOGIN_FAILURE_WINDOW_MS = 15 * 60_000;
/** A web session ends after this long without a request. */
export const SESSION_IDLE_MS = 30 * 60_000;
/** A session's last-seen time is written at most this often (not on every request). */
export const SESSION_TOUCH_INTERVAL_MS = 60_000;
export const USERNAME_LENGTH_MAX = 64;
export const GRANTS_PER_REQUEST_MAX = 50;
export const AUDIT_DETAIL_LENGTH_MAX = 2_000;

/**
 * VietQR (NAPAS/EMVCo) field limits. EMVCo allows at most 13 characters in field 54, so the largest amount a
 * QR can carry is 13 nines; the transfer memo is kept short because bank apps truncate or mangle long ones.
 */
export const VIETQR_AMOUNT_VND_MAX = 9_999_999_999_999n;
export const VIETQR_MEMO_LENGTH_MAX = 25;
/** Bank account numbers in field 38/01/01 (digits and letters, e.g. virtual accounts). */
export const BANK_ACCOUNT_NUMBER_LENGTH_MAX = 19;
/** Payment codes pad their sequence to at least this many digits so codes of one prefix line up. */
export const PAYMENT_CODE_SEQUENCE_DIGITS_MIN = 6;
/** EMVCo caps a merchant-presented QR payload at 512 characters; longer scanned text is refused unread. */
export const VIETQR_PAYLOAD_LENGTH_MAX = 512;

/** Gifts per batch request or import chunk: a payroll list of a large agency fits in one. */
export const DONATIONS_PER_BATCH_MAX = 20_000;
/** Row errors reported for one refused batch; the rest are counted. */
export const BATCH_ERRORS_REPORTED_MAX = 200;
/** Request bodies of a donation batch may be this large (the default stays BODY_BYTES_MAX). */
export const BATCH_BODY_BYTES_MAX = 16 * 1_048_576;

/** Gifts shown in a donor's history (newest first); totals always cover every gift. */
export const DONOR_HISTORY_MAX = 500;
/** Merged donors point at the survivor; a merge that would make the chain longer is refused. */
export const DONOR_MERGE_DEPTH_MAX = 16;

/** Journal entries read per query by the hledger export, which streams them and never holds them all. */
export const EXPORT_ENTRIES_PER_PAGE = 500;

/** A file kept as project evidence (a scanned decision, handover minutes, a photo): 2 MiB. */
export const EVIDENCE_FILE_BYTES_MAX = 2 * 1_048_576;
/** Bodies of an evidence upload carry the file in base64 (4 characters per 3 bytes) and a few short fields. */
export const EVIDENCE_BODY_BYTES_MAX = Math.ceil(EVIDENCE_FILE_BYTES_MAX / 3) * 4 + 65_536;
/** Links given as evidence (a photo album, a published decision). */
export const EVIDENCE_URL_LENGTH_MAX = 2_000;
/** Pieces of evidence and milestones a project keeps (its detail lists them all). */
export const PROJECT_EVIDENCE_MAX = 200;
export const PROJECT_MILESTONES_MAX = 100;
/** Co-funding sources named on one project. */
export const PROJECT_SPONSORS_MAX = 50;
/** Beneficiaries a name search reads through for one page before it answers with what it found. */
export const BENEFICIARY_SEARCH_SCAN_MAX = 20_000;

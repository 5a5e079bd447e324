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

// — reports and period closes (issue 7) —

/**
 * Posting lines a general ledger or journal answers as JSON or as a printable page; a larger report is
 * refused with the advice to narrow it or download it as CSV, which streams and has no limit.
 */
export const REPORT_LINES_MAX = 20_000;
/** Postings or entries a report reads per query while it streams. */
export const REPORT_ROWS_PER_PAGE = 1_000;
/** Campaigns one campaign-result report covers (a fund's whole list). */
export const REPORT_CAMPAIGNS_MAX = 500;
/** Revenue and expense accounts one year-end closing entry can close (one posting each, plus the fund balance). */
export const CLOSING_ACCOUNTS_MAX = 400;

/** Public sao kê search (issue 6): a name fragment or bank reference has at least this many characters. */
export const PUBLIC_SEARCH_TEXT_LENGTH_MIN = 3;
export const PUBLIC_SEARCH_TEXT_LENGTH_MAX = 100;
/**
 * The search first walks the newest PUBLIC_SEARCH_QUICK_ROWS gifts in sort order (a common filter fills
 * the page there); then a filter matching fewer gifts than PUBLIC_SEARCH_SET_MAX is read whole and
 * sorted; otherwise the walk goes on for at most PUBLIC_SEARCH_WINDOW_ROWS gifts per page (a page may
 * then come back short, with a `nextCursor` to go on).
 */
export const PUBLIC_SEARCH_QUICK_ROWS = 2_000;
export const PUBLIC_SEARCH_SET_MAX = 5_000;
export const PUBLIC_SEARCH_WINDOW_ROWS = 25_000;
/**
 * An amount order within a date range steps through the distinct amounts, this many per step, at most
 * this many steps per page (then a short page with a `nextCursor`).
 */
export const PUBLIC_SEARCH_AMOUNTS_PER_STEP = 200;
export const PUBLIC_SEARCH_AMOUNT_STEPS = 10;
/** Gifts one bank reference may match in the public trace (a reference is unique within a fund). */
export const PUBLIC_TRACE_GIFTS_MAX = 20;
/** Handovers on the home and fund pages; projects listed on a fund page (newest first). */
export const PUBLIC_LATEST_HANDOVERS = 10;
export const PUBLIC_FUND_PROJECTS_MAX = 100;
/** Rows read per query while streaming a public CSV download. */
export const PUBLIC_CSV_ROWS_PER_QUERY = 500;

/**
 * Bodies of a bank statement upload (`POST /api/v1/bank-accounts/:accountId/statements`): a statement
 * file of a busy relief account (an .xlsx or CSV of a week's transfers) in multipart form, or in base64
 * inside JSON (up to three quarters of it). The default stays BODY_BYTES_MAX.
 */
export const STATEMENT_UPLOAD_BODY_BYTES_MAX = 32 * 1_048_576;

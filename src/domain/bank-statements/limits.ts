/**
 * Limits of bank statement import (TIGER_STYLE: put a limit on everything). Kept beside the statement code
 * rather than in `src/domain/limits.ts` so the groundwork lands without touching the shared file; the
 * import endpoint of the later issue reuses them in its zod schema.
 */

/** Rows of one statement file, header block and footer included (a busy relief account: ~45,000 a week). */
export const STATEMENT_ROWS_MAX = 200_000;
/** Characters of one statement row (all cells together, or one raw CSV record). */
export const STATEMENT_LINE_LENGTH_MAX = 4_000;
/** Cells of one row; cells to the right of this are refused, not silently dropped. */
export const STATEMENT_COLUMNS_MAX = 64;
/** The header row must be within this many rows from the top (bank name, account, period come first). */
export const STATEMENT_HEADER_SEARCH_ROWS_MAX = 50;
/** Row problems listed for one file; the rest are only counted. */
export const STATEMENT_PROBLEMS_REPORTED_MAX = 200;
/** Characters of one amount cell, currency marks included. */
export const STATEMENT_AMOUNT_TEXT_LENGTH_MAX = 40;
/** Characters of a bank reference kept on a line. */
export const STATEMENT_REFERENCE_LENGTH_MAX = 100;

/** Characters the CSV reader looks at (at most) before it decides on the delimiter. */
export const CSV_DELIMITER_SAMPLE_CHARS_MAX = 65_536;
/** Lines the CSV reader looks at before it decides on the delimiter. */
export const CSV_DELIMITER_SAMPLE_LINES = 20;

/** An uploaded .xlsx file, compressed. */
export const XLSX_BYTES_MAX = 32 * 1_048_576;
/** One part of the .xlsx (the sheet, the shared strings) once inflated: refuses zip bombs as they inflate. */
export const XLSX_PART_BYTES_MAX = 128 * 1_048_576;
/** Entries in the .xlsx zip directory. */
export const XLSX_ENTRIES_MAX = 10_000;

/** Days between a statement line and a recorded gift for an amount-and-name suggestion, either way. */
export const MATCH_DATE_WINDOW_DAYS_DEFAULT = 3;
/**
 * Smallest token Dice coefficient between the donor name in a memo and a recorded donor name for a
 * suggestion: 0.8 needs every token of a three-word name (2·3/6 = 1), or 3 of 4 against 3 (2·3/7 ≈ 0.86);
 * "NGUYEN THI HONG" against "NGUYEN THI HUONG" (2·2/6 ≈ 0.67) stays below it.
 */
export const MATCH_NAME_SIMILARITY_MIN = 0.8;
/** Bank references shorter than this are not searched for inside a memo (too many chance hits). */
export const MATCH_REFERENCE_IN_MEMO_LENGTH_MIN = 8;

/** A statement's text once ungzipped: a gzip bomb is refused as it inflates. */
export const STATEMENT_TEXT_BYTES_MAX = 256 * 1_048_576;
/**
 * Days before the first and after the last line of an import within which recorded money is offered to
 * its lines: the rules themselves compare payment codes and references whatever the dates, and amounts
 * and names within MATCH_DATE_WINDOW_DAYS_DEFAULT.
 */
export const MATCH_CANDIDATE_DAYS_AROUND = 62;
/** Lines and entries a reconciliation report lists in each group of differences; the totals count all. */
export const RECONCILIATION_ITEMS_LISTED_MAX = 500;

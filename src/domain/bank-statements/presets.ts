/**
 * # Bank statements (sao kê) — pure groundwork for statement import and reconciliation
 *
 * A statement file goes through small pure steps, each in its own file of `src/domain/bank-statements/`:
 *
 * 1. bytes → rows: `csv.ts` (a streaming RFC 4180 reader fed text chunks, `,`/`;`/tab detected) or
 *    `xlsx.ts` (the first sheet of an .xlsx, via `zip.ts` and fflate's inflater, bounded against zip bombs);
 * 2. rows → statement lines: `statement.ts` finds the header row of a preset (this file), skips the header
 *    block above it (bank name, account number, period) and summary rows below, reads each cell with
 *    `dates.ts` and `amounts.ts`, and gives every line a SHA-256 fingerprint (`sha256.ts`) so that a second
 *    import of the same file, or of an overlapping period holding whole days, can skip what is already in;
 * 3. lines → records: `matching.ts` (with `memo.ts`) pairs credits with recorded gifts and debits with
 *    disbursements: payment code in the memo, then bank reference, then amount + date + donor name.
 *
 * Nothing here touches a database or HTTP: the import endpoint of a later issue stores lines keyed by
 * fingerprint and shows problems and suggestions to the accountant. Limits are in `./limits.ts`.
 *
 * ## Presets
 *
 * A preset says which header names mean which field. Header cells are compared after folding (no
 * diacritics, lower case, punctuation and parenthesised parts such as "(VND)" dropped), and a bilingual
 * cell ("Số tiền ghi có/ Credit", "Ngày GD\nTNX Date") matches on either language. The header row is the
 * first of the top `STATEMENT_HEADER_SEARCH_ROWS_MAX` rows that has a date, a description and a debit or a
 * credit column. Synonyms are listed in order of preference: when a file has both "Ngày hiệu lực" and
 * "Ngày giao dịch", BIDV's value date wins, because that is the day the money is on the account.
 *
 * The header wording is our best reading of the banks' internet-banking Excel/CSV exports and of the
 * statements the Fatherland Front published in 2024 — no bank publishes a specification, and banks change
 * wording without notice, so each field takes synonyms and `generic-vn` takes them all:
 *
 * | preset | date | reference | debit | credit | balance | description |
 * |---|---|---|---|---|---|---|
 * | `vcb` | Ngày giao dịch · Ngày GD / TNX Date | Số tham chiếu · Số CT / Doc No | Số tiền ghi nợ / Debit | Số tiền ghi có / Credit | Số dư / Balance | Mô tả · Nội dung chi tiết / Transactions in detail |
 * | `vietinbank` | Ngày giao dịch · Ngày hạch toán | Số giao dịch · Số tham chiếu | Ghi nợ · Nợ | Ghi có · Có | Số dư | Mô tả giao dịch · Chi tiết giao dịch |
 * | `bidv` | Ngày hiệu lực · Ngày giao dịch | Số tham chiếu | Ghi nợ | Ghi có | Số dư | Mô tả giao dịch |
 * | `agribank` | Ngày giao dịch · Ngày GD | Số chứng từ · Mã giao dịch | Phát sinh nợ · Ghi nợ | Phát sinh có · Ghi có | Số dư | Nội dung giao dịch · Diễn giải |
 * | `techcombank` | Ngày giao dịch / Transaction date | Số bút toán / Reference | Nợ / Debit | Có / Credit | Số dư / Balance | Diễn giải / Description (+ counterparty: Đối tác · Tên tài khoản đối ứng) |
 * | `mb` | Ngày giao dịch | Mã giao dịch · Số bút toán · Số tham chiếu | Số tiền ghi nợ · Ghi nợ | Số tiền ghi có · Ghi có | Số dư | Nội dung · Mô tả |
 * | `generic-vn` | Ngày giao dịch | Số tham chiếu | Ghi nợ | Ghi có | Số dư | Nội dung · Diễn giải (and every synonym above) |
 * | `saoke` | date | id | — | money | — | desc |
 *
 * `vcb` also reads the layout of Vietcombank's published statements where one cell holds the date and, on
 * its second line, the document number ("10/09/2024\n5078.97128"): the second line becomes the reference
 * when the file has no reference column. `saoke` reads the community-parsed 2024 Yagi relief statements
 * (`date,bank,id,money,desc,page`, dates without a year: 2024 unless the caller says otherwise).
 *
 * A file no preset fits is read with `customPreset`: header names per field, or, for a file without a
 * header row, column positions and the first data row.
 */

import { foldForSearch } from '../donations.ts';
import { DomainError } from '../errors.ts';
import { STATEMENT_HEADER_SEARCH_ROWS_MAX } from './limits.ts';

export const STATEMENT_FIELDS = [
  'date',
  'reference',
  'debit',
  'credit',
  'balance',
  'description',
  'counterparty',
] as const;
export type StatementField = (typeof STATEMENT_FIELDS)[number];
export type ColumnIndexes = Record<StatementField, number | null>;

export interface StatementPreset {
  id: string;
  label: string;
  /** Folded header names per field, most preferred first; empty when the export has no such column. */
  headers: Readonly<Record<StatementField, readonly string[]>>;
  /** Year of dates printed without one. */
  defaultYear: number | null;
  /** The date cell may carry the reference on its second line (Vietcombank's published statements). */
  referenceAfterDate: boolean;
  /** Fixed column positions for a file without a header row (custom mappings only). */
  fixedLayout: { firstDataRow: number; columns: ColumnIndexes } | null;
}

type HeaderLists = Partial<Record<StatementField, readonly string[]>>;

function preset(
  id: string,
  label: string,
  headers: HeaderLists,
  extra: Partial<StatementPreset> = {},
): StatementPreset {
  const folded = Object.fromEntries(
    STATEMENT_FIELDS.map((field) => [field, (headers[field] ?? []).map(foldHeaderName)]),
  ) as Record<StatementField, string[]>;
  const base: StatementPreset = {
    id,
    label,
    headers: folded,
    defaultYear: null,
    referenceAfterDate: false,
    fixedLayout: null,
  };
  return { ...base, ...extra };
}

const DATE_NAMES = ['Ngày giao dịch', 'Ngày GD', 'Ngày hạch toán', 'Transaction date', 'TNX Date', 'Date'];
const DEBIT_NAMES = ['Số tiền ghi nợ', 'Ghi nợ', 'Phát sinh nợ', 'Nợ', 'Debit', 'Rút ra'];
const CREDIT_NAMES = ['Số tiền ghi có', 'Ghi có', 'Phát sinh có', 'Có', 'Credit', 'Gửi vào'];
const BALANCE_NAMES = ['Số dư', 'Số dư cuối', 'Balance'];
const COUNTERPARTY_NAMES = ['Đối tác', 'Tên tài khoản đối ứng', 'Tên đối ứng', "Remitter's account name"];

export const VCB_PRESET = preset(
  'vcb',
  'Vietcombank',
  {
    date: DATE_NAMES,
    reference: ['Số tham chiếu', 'Số CT', 'Doc No', 'Reference No', 'Số bút toán'],
    debit: ['Số tiền ghi nợ', 'Ghi nợ', 'Debit'],
    credit: ['Số tiền ghi có', 'Ghi có', 'Credit'],
    balance: BALANCE_NAMES,
    description: ['Mô tả', 'Nội dung chi tiết', 'Transactions in detail', 'Nội dung', 'Description'],
  },
  { referenceAfterDate: true },
);

export const VIETINBANK_PRESET = preset('vietinbank', 'VietinBank', {
  date: DATE_NAMES,
  reference: ['Số giao dịch', 'Số tham chiếu', 'Số bút toán', 'Mã giao dịch', 'Transaction No'],
  debit: DEBIT_NAMES,
  credit: CREDIT_NAMES,
  balance: BALANCE_NAMES,
  description: ['Mô tả giao dịch', 'Chi tiết giao dịch', 'Nội dung', 'Diễn giải', 'Description'],
  counterparty: COUNTERPARTY_NAMES,
});

export const BIDV_PRESET = preset('bidv', 'BIDV', {
  date: ['Ngày hiệu lực', ...DATE_NAMES],
  reference: ['Số tham chiếu', 'Số bút toán', 'Reference'],
  debit: DEBIT_NAMES,
  credit: CREDIT_NAMES,
  balance: BALANCE_NAMES,
  description: ['Mô tả giao dịch', 'Mô tả', 'Nội dung', 'Description'],
});

export const AGRIBANK_PRESET = preset('agribank', 'Agribank', {
  date: DATE_NAMES,
  reference: ['Số chứng từ', 'Số CT', 'Mã giao dịch', 'Số tham chiếu', 'Số bút toán'],
  debit: ['Phát sinh nợ', ...DEBIT_NAMES],
  credit: ['Phát sinh có', ...CREDIT_NAMES],
  balance: BALANCE_NAMES,
  description: ['Nội dung giao dịch', 'Nội dung', 'Diễn giải', 'Mô tả'],
});

export const TECHCOMBANK_PRESET = preset('techcombank', 'Techcombank', {
  date: DATE_NAMES,
  reference: ['Số bút toán', 'Reference', 'Số tham chiếu'],
  debit: ['Nợ', 'Debit', 'Ghi nợ'],
  credit: ['Có', 'Credit', 'Ghi có'],
  balance: BALANCE_NAMES,
  description: ['Diễn giải', 'Description', 'Nội dung'],
  counterparty: COUNTERPARTY_NAMES,
});

export const MB_PRESET = preset('mb', 'MB (Ngân hàng Quân đội)', {
  date: DATE_NAMES,
  reference: ['Mã giao dịch', 'Số bút toán', 'Số tham chiếu', 'Số CT'],
  debit: DEBIT_NAMES,
  credit: CREDIT_NAMES,
  balance: BALANCE_NAMES,
  description: ['Nội dung', 'Nội dung giao dịch', 'Mô tả', 'Diễn giải'],
  counterparty: COUNTERPARTY_NAMES,
});

export const GENERIC_VN_PRESET = preset('generic-vn', 'Sao kê (tên cột tiếng Việt)', {
  date: ['Ngày giao dịch', 'Ngày hiệu lực', ...DATE_NAMES, 'Ngày'],
  reference: ['Số tham chiếu', 'Số bút toán', 'Số chứng từ', 'Mã giao dịch', 'Số giao dịch', 'Số CT'],
  debit: DEBIT_NAMES,
  credit: CREDIT_NAMES,
  balance: BALANCE_NAMES,
  description: [
    'Nội dung',
    'Diễn giải',
    'Mô tả',
    'Mô tả giao dịch',
    'Nội dung giao dịch',
    'Chi tiết giao dịch',
  ],
  counterparty: COUNTERPARTY_NAMES,
});

export const SAOKE_DEFAULT_YEAR = 2024;
export const SAOKE_PRESET = preset(
  'saoke',
  'Sao kê 2024 (cộng đồng)',
  { date: ['date'], reference: ['id'], credit: ['money'], description: ['desc'] },
  { defaultYear: SAOKE_DEFAULT_YEAR },
);

export const STATEMENT_PRESETS: readonly StatementPreset[] = [
  VCB_PRESET,
  VIETINBANK_PRESET,
  BIDV_PRESET,
  AGRIBANK_PRESET,
  TECHCOMBANK_PRESET,
  MB_PRESET,
  GENERIC_VN_PRESET,
  SAOKE_PRESET,
];

export function presetById(id: string): StatementPreset | null {
  return STATEMENT_PRESETS.find((candidate) => candidate.id === id) ?? null;
}

/** "Số tiền ghi có (VND)" → "so tien ghi co"; one header name, folded for comparison. */
export function foldHeaderName(text: string): string {
  return foldForSearch(text.replace(/\([^)]*\)/g, ' '))
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** The names one header cell answers to: the whole cell and each side of a "/" or a line break. */
export function headerCellNames(cell: string): string[] {
  const parts = cell.split(/[/\n|]/).map(foldHeaderName);
  return [...new Set([foldHeaderName(cell), ...parts])].filter((name) => name !== '');
}

/** A custom mapping: header names (a string or synonyms) per field, or column positions (0-based). */
export interface CustomMapping {
  label?: string;
  columns: Partial<Record<StatementField, string | readonly string[] | number>>;
  /** With column positions: the 1-based row of the first transaction (default 1: no header). */
  firstDataRow?: number;
  defaultYear?: number;
}

/** Builds a preset from a custom mapping; refuses one without date, description and debit or credit. */
export function customPreset(mapping: CustomMapping): StatementPreset {
  const { columns } = mapping;
  const values = Object.values(columns);
  const missing = requiredFieldsMissing((field) => columns[field] !== undefined);
  const positional = values.length > 0 && values.every((value) => typeof value === 'number');
  const mixed = !positional && values.some((value) => typeof value === 'number');
  if (missing.length > 0 || mixed) {
    const detail = mixed ? 'use header names or column positions, not both' : `missing ${missing.join(', ')}`;
    throw new DomainError('validation-failed', `The column mapping is not usable: ${detail}.`, {
      fieldErrors: [{ field: 'columns', detail }],
    });
  }
  const headers = Object.fromEntries(
    STATEMENT_FIELDS.map((field) => {
      const value = columns[field];
      return [field, typeof value === 'string' ? [value] : typeof value === 'number' ? [] : (value ?? [])];
    }),
  );
  const fixedLayout = positional
    ? {
        firstDataRow: mapping.firstDataRow ?? 1,
        columns: Object.fromEntries(
          STATEMENT_FIELDS.map((field) => [field, (columns[field] as number | undefined) ?? null]),
        ) as ColumnIndexes,
      }
    : null;
  return preset('custom', mapping.label ?? 'Custom', headers, {
    defaultYear: mapping.defaultYear ?? null,
    fixedLayout,
  });
}

function requiredFieldsMissing(has: (field: StatementField) => boolean): string[] {
  const missing: string[] = [];
  if (!has('date')) missing.push('date');
  if (!has('description')) missing.push('description');
  if (!has('debit') && !has('credit')) missing.push('debit or credit');
  return missing;
}

export interface HeaderLocation {
  /** 0-based index of the header row in the rows (−1 for a fixed layout without a header). */
  headerIndex: number;
  columns: ColumnIndexes;
}

/** Finds the header row of a preset in the top rows; throws DomainError naming the expected headers. */
export function locateHeader(
  rows: readonly (readonly string[])[],
  statementPreset: StatementPreset,
): HeaderLocation {
  if (statementPreset.fixedLayout !== null) {
    const { firstDataRow, columns } = statementPreset.fixedLayout;
    return { headerIndex: firstDataRow - 2, columns };
  }
  const searched = Math.min(rows.length, STATEMENT_HEADER_SEARCH_ROWS_MAX);
  for (let index = 0; index < searched; index += 1) {
    const columns = columnsOfRow(rows[index]!, statementPreset);
    if (requiredFieldsMissing((field) => columns[field] !== null).length === 0) {
      return { headerIndex: index, columns };
    }
  }
  const expected = ['date', 'description', 'credit']
    .map((field) => `"${statementPreset.headers[field as StatementField][0] ?? field}"`)
    .join(', ');
  const detail = `no row among the first ${searched} has the columns ${expected} of the ${statementPreset.label} layout`;
  throw new DomainError('validation-failed', `The statement's header row was not found: ${detail}.`, {
    fieldErrors: [{ field: 'preset', detail }],
  });
}

/** The columns of a row when it is a header row of the preset (date, description, debit or credit), else null. */
export function headerColumnsOf(
  row: readonly string[],
  statementPreset: StatementPreset,
): ColumnIndexes | null {
  const columns = columnsOfRow(row, statementPreset);
  return requiredFieldsMissing((field) => columns[field] !== null).length === 0 ? columns : null;
}

/** Assigns each field the first cell that answers to its most preferred name; a cell serves one field. */
function columnsOfRow(row: readonly string[], statementPreset: StatementPreset): ColumnIndexes {
  const names = row.map(headerCellNames);
  const used = new Set<number>();
  const columns = Object.fromEntries(STATEMENT_FIELDS.map((field) => [field, null])) as ColumnIndexes;
  for (const field of STATEMENT_FIELDS) {
    for (const wanted of statementPreset.headers[field]) {
      const index = names.findIndex((cellNames, cell) => !used.has(cell) && cellNames.includes(wanted));
      if (index >= 0) {
        columns[field] = index;
        used.add(index);
        break;
      }
    }
  }
  return columns;
}

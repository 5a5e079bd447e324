import type { AccountType, Side } from './accounts.ts';
import type { EntryKind } from './entries.ts';
import { assert } from './errors.ts';
import { type CurrencyCode, currencyScale } from './money.ts';

/**
 * The ledger as an hledger journal (https://hledger.org/hledger.html#journal): an auditor runs
 * `hledger check` and `hledger balance` on it and gets our trial balance from a tool we did not write.
 *
 * hledger's syntax is line-based and whitespace-sensitive: two spaces (or a tab) end an account name,
 * `:` separates account components, `;` starts a comment, and a description may begin with a status
 * mark (`*`, `!`) or a `(code)`. Every text we write is made safe for its place here, so a fund named
 * `Quỹ: "A;B"  C` can never split an account, start a comment or change a posting's date.
 */

/** What hledger calls account types: Asset, Liability, Equity, Revenue, eXpense. */
export type HledgerAccountType = 'A' | 'L' | 'E' | 'R' | 'X';

const ACCOUNT_TYPE_CODES: Record<AccountType, HledgerAccountType> = {
  asset: 'A',
  liability: 'L',
  net_assets: 'E',
  revenue: 'R',
  expense: 'X',
};

export function hledgerAccountType(type: AccountType): HledgerAccountType {
  return ACCOUNT_TYPE_CODES[type];
}

export interface HledgerFund {
  id: string;
  unitId: string;
  name: string;
}

export interface HledgerAccount {
  id: string;
  fundId: string;
  unitCode: string;
  code: string;
  name: string;
  type: AccountType;
  currency: CurrencyCode;
}

export interface HledgerPosting {
  accountId: string;
  side: Side;
  amountMinor: bigint;
  currency: CurrencyCode;
}

export interface HledgerEntry {
  id: string;
  seq: number;
  date: string;
  description: string;
  kind: EntryKind;
  reversesEntryId: string | null;
  /** The postings to show, in posting order (a scoped export leaves out other funds' postings). */
  postings: HledgerPosting[];
}

// Any run of whitespace (tabs, newlines, no-break and ideographic spaces included) becomes one space.
const WHITESPACE_RUN = /\s+/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
const CONTROL_CHARACTERS = /[\u0000-\u001F\u007F-\u009F]/g;

function oneLine(text: string): string {
  return text.replace(CONTROL_CHARACTERS, ' ').replace(WHITESPACE_RUN, ' ').trim();
}

/**
 * One component of an account name: a single line with single spaces, no `:` (which would add a level)
 * and no `;`; never empty.
 */
export function accountNameComponent(text: string): string {
  const safe = oneLine(text.replaceAll(':', '-').replaceAll(';', ','));
  return safe === '' ? '_' : safe;
}

/** A transaction description: one line, no `;` (it would start the comment); "-" when nothing is left. */
export function descriptionText(text: string): string {
  const safe = oneLine(text.replaceAll(';', ','));
  return safe === '' ? '-' : safe;
}

/**
 * The label of each fund in account names: its name made safe, followed by its id when another fund of
 * the same unit would otherwise get the same label. `funds` must hold every fund of each unit concerned,
 * so a fund keeps its label whatever the export's scope.
 */
export function fundLabels(funds: readonly HledgerFund[]): Map<string, string> {
  const byUnitAndLabel = new Map<string, number>();
  const keyOf = (fund: HledgerFund) => `${fund.unitId}\u0000${accountNameComponent(fund.name)}`;
  for (const fund of funds) byUnitAndLabel.set(keyOf(fund), (byUnitAndLabel.get(keyOf(fund)) ?? 0) + 1);
  const labels = new Map<string, string>();
  for (const fund of funds) {
    const label = accountNameComponent(fund.name);
    labels.set(fund.id, byUnitAndLabel.get(keyOf(fund))! > 1 ? `${label} (${fund.id})` : label);
  }
  return labels;
}

/** `<unit code>:<fund label>:<account code> <account name>`, e.g. `LCH:Quỹ Vì người nghèo:111 Tiền mặt`. */
export function accountPath(account: HledgerAccount, fundLabel: string): string {
  const leaf = accountNameComponent(`${account.code} ${account.name}`);
  const path = `${accountNameComponent(account.unitCode)}:${fundLabel}:${leaf}`;
  // A posting's account in brackets or parentheses is virtual, and `*`/`!` before it is a status mark.
  return /^[([*!]/.test(path) ? `_${path}` : path;
}

/**
 * The hledger name of every account, by account id. Account codes are unique within a fund, so two
 * accounts get the same path only if making their codes safe merged them; the id then tells them apart.
 */
export function accountNames(
  accounts: readonly HledgerAccount[],
  labels: ReadonlyMap<string, string>,
): Map<string, string> {
  const paths = accounts.map((account) => {
    const label = labels.get(account.fundId);
    assert(label !== undefined, `fund ${account.fundId} of account ${account.id} has a label`);
    return accountPath(account, label);
  });
  const counts = new Map<string, number>();
  for (const path of paths) counts.set(path, (counts.get(path) ?? 0) + 1);
  const names = new Map<string, string>();
  accounts.forEach((account, index) => {
    const path = paths[index]!;
    names.set(account.id, counts.get(path)! > 1 ? `${path} (${account.id})` : path);
  });
  return names;
}

/** `1000000 VND`, `-12.50 USD`: exact decimal text of the currency's scale, never a float. */
export function hledgerAmount(amountMinor: bigint, currency: CurrencyCode): string {
  const negative = amountMinor < 0n;
  const scale = currencyScale(currency);
  const digits = (negative ? -amountMinor : amountMinor).toString();
  // Plain digit shuffling on the bigint's text: exact, and cheap enough for millions of postings.
  const padded = digits.padStart(scale + 1, '0');
  const major = scale === 0 ? digits : `${padded.slice(0, -scale)}.${padded.slice(-scale)}`;
  return `${negative ? '-' : ''}${major} ${currency}`;
}

/** A `commodity` directive fixing the display: no digit groups, `.` as decimal mark, the currency's scale. */
export function commodityDirective(currency: CurrencyCode): string {
  const scale = currencyScale(currency);
  return `commodity 1000.${'0'.repeat(scale)} ${currency}\n`;
}

export function accountDirective(name: string, type: AccountType): string {
  return `account ${name}  ; type: ${hledgerAccountType(type)}\n`;
}

/**
 * The journal's opening: comments naming the export, `decimal-mark`, one `commodity` directive per
 * currency and one `account` directive (with its type) per account, sorted by name.
 */
export function journalPreamble(
  comments: readonly string[],
  accounts: readonly HledgerAccount[],
  names: ReadonlyMap<string, string>,
): string {
  const currencies = [...new Set(accounts.map((account) => account.currency))].sort();
  const declared = accounts
    .map((account) => ({ name: names.get(account.id)!, type: account.type }))
    .sort((left, right) => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0));
  return [
    ...comments.map((comment) => `; ${oneLine(comment)}\n`),
    '\ndecimal-mark .\n\n',
    ...currencies.map(commodityDirective),
    currencies.length > 0 ? '\n' : '',
    ...declared.map((account) => accountDirective(account.name, account.type)),
    declared.length > 0 ? '\n' : '',
  ].join('');
}

/**
 * One journal entry as one transaction: `DATE (SEQ) DESCRIPTION  ; entry:ID, seq:N, kind:KIND[, reverses:ID]`
 * and one posting per line with its amount always written: debits positive, credits negative. The code
 * `(SEQ)` also keeps a description that starts with `*`, `!` or `(` from being read as a status or code.
 * Tags are separated by commas because an hledger tag's value runs to the next comma.
 */
export function transactionText(entry: HledgerEntry, names: ReadonlyMap<string, string>): string {
  assert(entry.postings.length > 0, `entry ${entry.id} has postings to export`);
  const tags = [`entry:${entry.id}`, `seq:${entry.seq}`, `kind:${entry.kind}`];
  if (entry.reversesEntryId) tags.push(`reverses:${entry.reversesEntryId}`);
  const lines = [`${entry.date} (${entry.seq}) ${descriptionText(entry.description)}  ; ${tags.join(', ')}`];
  for (const posting of entry.postings) {
    const name = names.get(posting.accountId);
    assert(name !== undefined, `account ${posting.accountId} of entry ${entry.id} is in the export`);
    const signed = posting.side === 'debit' ? posting.amountMinor : -posting.amountMinor;
    lines.push(`    ${name}  ${hledgerAmount(signed, posting.currency)}`);
  }
  return `${lines.join('\n')}\n\n`;
}

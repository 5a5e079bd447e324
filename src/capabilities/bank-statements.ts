import type { Actor, Permission } from '../domain/access.ts';
import { MATCH_CANDIDATE_DAYS_AROUND } from '../domain/bank-statements/limits.ts';
import {
  type MatchCandidate,
  type MatchResult,
  matchStatementLines,
  suggestByAmountAndDate,
} from '../domain/bank-statements/matching.ts';
import { type CampaignCode, findPaymentCode } from '../domain/bank-statements/payment-codes.ts';
import { presetById } from '../domain/bank-statements/presets.ts';
import type { StatementLine, StatementReadResult } from '../domain/bank-statements/statement.ts';
import { DomainError } from '../domain/errors.ts';
import { idSequence, newId } from '../domain/ids.ts';
import { type AuthorizeStore, requirePermission } from './authorize.ts';
import type { WriteContext, WriteExtras } from './context.ts';
import type { DonationStore } from './donations.ts';
import { type IdempotencyStore, idempotentWrite, type WriteOutcome } from './idempotency.ts';
import type { AccountView, FundView } from './views.ts';

/**
 * Bank statements (sao kê) of a fund's bank account: importing a file's lines once each, and pairing each
 * line with what the accountants recorded (src/domain/bank-statements/ does the reading and the rules).
 * A line is `unmatched`, `suggested` (a record the rules point at, waiting for a click), `matched` to one
 * record, or `ignored` (set aside with a reason). Records are whatever moved money on the account: a gift
 * (`donation`), a payment (`disbursement`), a `transfer` between funds, or any other journal `entry`.
 */

export const STATEMENT_FORMATS = [
  'vcb',
  'vietinbank',
  'bidv',
  'agribank',
  'techcombank',
  'mb',
  'generic-vn',
  'saoke',
  'custom',
] as const;
export type StatementFormat = (typeof STATEMENT_FORMATS)[number];

export const LINE_STATUSES = ['unmatched', 'suggested', 'matched', 'ignored'] as const;
export type LineStatus = (typeof LINE_STATUSES)[number];

export const RECORD_KINDS = ['donation', 'disbursement', 'transfer', 'entry'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** How a line was paired: the rules of matching.ts, a click (`manual`), or the gift it became. */
export type MatchedBy = MatchResult['rule'] | 'manual' | 'new-donation';

export interface StatementLineView {
  id: string;
  accountId: string;
  importId: string;
  /** Row of the imported file the line came from. */
  lineNo: number;
  date: string;
  reference: string | null;
  debit: string;
  credit: string;
  /** The balance the bank printed after the line, if it did. */
  balance: string | null;
  description: string;
  counterparty: string | null;
  status: LineStatus;
  match: {
    kind: RecordKind;
    id: string;
    rule: string;
    /** Name similarity of an amount-date-name suggestion, 0–1. */
    score: number | null;
    /** Who matched or confirmed it (the importer for automatic matches); null for a suggestion. */
    by: string | null;
    at: string | null;
  } | null;
  /** Why the line was set aside (ignored). */
  note: string | null;
  createdAt: string;
}

export interface StatementImportView {
  id: string;
  accountId: string;
  format: StatementFormat;
  fileName: string | null;
  fileSha256: string;
  importedBy: string;
  importedAt: string;
  periodFrom: string | null;
  periodTo: string | null;
  /** Transaction lines in the file. */
  read: number;
  /** Lines not imported before (by fingerprint), now stored. */
  new: number;
  /** Lines already imported from an earlier file (the same file again, an overlapping period). */
  duplicates: number;
  /** What matching made of the new lines. */
  matched: number;
  suggested: number;
  unmatched: number;
}

/** Something recorded that moved money on a bank account, as matching and reconciliation see it. */
export interface LedgerRecord {
  kind: RecordKind;
  id: string;
  entryId: string;
  date: string;
  /** Debits minus credits of the record's entry on the account: positive when money came in. */
  netMinor: bigint;
  description: string;
  bankRef: string | null;
  memo: string | null;
  campaignId: string | null;
  /** The donor (gifts) or beneficiary (payments) the bank memo may name. */
  name: string | null;
  /** The entry was reversed (a voided gift, a reversed payment), or is itself a reversal. */
  reversed: boolean;
  isReversal: boolean;
  /** The line of this account matched to the record, if any. */
  matchedLineId: string | null;
}

/** A new line as stored: what the bank printed, and what matching made of it. */
export interface NewStatementLine {
  id: string;
  line: StatementLine;
  status: LineStatus;
  match: { kind: RecordKind; id: string; rule: string; scorePerMille: number | null } | null;
}

export interface LineChange {
  status: LineStatus;
  match: {
    kind: RecordKind;
    id: string;
    rule: string;
    scorePerMille: number | null;
    by: string | null;
    atMs: number | null;
  } | null;
  note: string | null;
}

export interface StatementStore extends IdempotencyStore, AuthorizeStore {
  getAccount(id: string): Promise<AccountView | null>;
  getFund(id: string): Promise<FundView | null>;
  listFundAccounts(fundId: string): Promise<AccountView[]>;
  /** Which of the fingerprints (of lines dated within the period) the account's lines already have. */
  existingFingerprints(
    accountId: string,
    period: { from: string; to: string },
    fingerprints: readonly string[],
  ): Promise<Set<string>>;
  /** Records moving money on the account, dated from–to, that no line of the account is matched to. */
  openRecords(accountId: string, from: string, to: string): Promise<LedgerRecord[]>;
  /** One record as it moves money on the account (null when it does not, or does not exist). */
  recordOf(accountId: string, kind: RecordKind, id: string): Promise<LedgerRecord | null>;
  /** Payment-code prefixes of the fund's campaigns, with their receiving windows. */
  fundCampaignCodes(
    fundId: string,
  ): Promise<(CampaignCode & { receivingFrom: string; receivingTo: string })[]>;
  insertStatementImport(
    view: StatementImportView,
    lines: readonly NewStatementLine[],
    nowMs: number,
    extras: WriteExtras,
  ): Promise<void>;
  getStatementLine(id: string): Promise<StatementLineView | null>;
  listStatementLines(query: {
    accountId: string;
    status: LineStatus | null;
    from: string | null;
    to: string | null;
    after: { date: string; id: string } | null;
    limit: number;
  }): Promise<StatementLineView[]>;
  updateStatementLine(id: string, change: LineChange, extras: WriteExtras): Promise<void>;
  /**
   * A store for recordDonation whose next gift is committed in one batch with the line matched to it
   * (`new-donation`), provided the line is still unmatched then.
   */
  donationStoreMatchingLine(line: { id: string; by: string; atMs: number }): DonationStore;
  // — reconciliation (src/capabilities/reconciliation.ts) —
  statementTotals(accountId: string, asOf: string): Promise<StatementTotals>;
  /** The lines of the last day on or before asOf whose lines carry a printed balance. */
  lastPrintedDay(accountId: string, asOf: string): Promise<{ date: string; lines: PrintedLine[] } | null>;
  /** Credits minus debits of the lines dated after `after`, up to and including `to`. */
  lineMovement(accountId: string, after: string, to: string): Promise<bigint>;
  /** Debits minus credits of the account's postings up to the end of asOf. */
  ledgerBalanceAsOf(accountId: string, asOf: string): Promise<bigint>;
  reconcilingLines(
    accountId: string,
    asOf: string,
    group: ReconcilingLineGroup,
    limit: number,
  ): Promise<Listed<StatementLineView>>;
  unmatchedEntries(accountId: string, asOf: string, limit: number): Promise<Listed<UnmatchedEntry>>;
}

export interface StatementTotals {
  lines: number;
  creditMinor: bigint;
  debitMinor: bigint;
  firstDate: string | null;
  lastDate: string | null;
}

export interface PrintedLine {
  id: string;
  importId: string;
  lineNo: number;
  creditMinor: bigint;
  debitMinor: bigint;
  balanceMinor: bigint;
}

/**
 * Lines dated on or before the report's date that the books do not hold (yet): `open` (unmatched or only
 * suggested), `ignored`, or `matched-later` (matched to a record dated after the report's date).
 */
export type ReconcilingLineGroup = 'open' | 'ignored' | 'matched-later';

export interface Listed<T> {
  count: number;
  /** Signed: money in positive. */
  totalMinor: bigint;
  items: T[];
}

/** A journal entry on the account no line dated on or before the report's date is matched to. */
export interface UnmatchedEntry {
  entryId: string;
  kind: RecordKind;
  /** The gift, payment or transfer of the entry (the entry's own id for other entries). */
  recordId: string;
  date: string;
  /** Debits minus credits on the account: positive when money came in. */
  amount: string;
  description: string;
  /** The line matched to it, dated after the report's date, if any. */
  matchedLine: { id: string; date: string } | null;
}

export type StatementDeps = { store: StatementStore; nowMs: () => number };

/** The bank account a statement belongs to: it exists, has role `bank`, and the actor may act there. */
export async function bankAccountFor(
  store: StatementStore,
  actor: Actor,
  accountId: string,
  permission: Permission,
): Promise<AccountView> {
  const account = await store.getAccount(accountId);
  if (!account) throw new DomainError('not-found', `There is no account ${accountId}.`);
  await requirePermission(
    store,
    actor,
    permission,
    account.unitId,
    `account ${account.code} ${account.name}`,
  );
  if (account.role !== 'bank') {
    const role = account.role ?? 'none';
    throw new DomainError(
      'validation-failed',
      `Account ${account.code} ${account.name} is not a bank account (its role is ${role}): statements are imported into a fund's bank account.`,
      { fieldErrors: [{ field: 'accountId', detail: `the account's role is ${role}, not bank` }] },
    );
  }
  return account;
}

export interface ImportStatementInput {
  accountId: string;
  format: StatementFormat;
  fileName: string | null;
  /** SHA-256 (hex) of the file as received. */
  fileSha256: string;
  read: StatementReadResult;
}

/**
 * Imports a read statement into its bank account in one atomic batch: lines already imported (by
 * fingerprint: the same file again, an overlapping period) are counted and skipped, the new ones matched
 * against the records the account's lines do not yet have, and stored with what matching made of them.
 * A file with a row that could not be read is refused whole, naming the rows (the first 200).
 */
export async function importStatement(
  deps: StatementDeps,
  context: WriteContext,
  input: ImportStatementInput,
): Promise<WriteOutcome<StatementImportView>> {
  return idempotentWrite(deps.store, context, deps.nowMs, async (seal) => {
    const account = await bankAccountFor(deps.store, context.actor, input.accountId, 'ledger.record');
    checkReadable(account, input);
    const { lines } = input.read;
    const dates = lines.map((line) => line.date).sort();
    const known = await deps.store.existingFingerprints(
      account.id,
      { from: dates[0]!, to: dates.at(-1)! },
      lines.map((line) => line.fingerprint),
    );
    const fresh = lines.filter((line) => !known.has(line.fingerprint));
    const results = await matchNewLines(deps.store, account, fresh);
    const nowMs = deps.nowMs();
    const nextId = idSequence(nowMs);
    const stored = fresh.map((line, index) => storedLine(nextId(), line, results[index]!));
    const count = (status: LineStatus) => stored.filter((line) => line.status === status).length;
    const view: StatementImportView = {
      id: newId(nowMs),
      accountId: account.id,
      format: input.format,
      fileName: input.fileName,
      fileSha256: input.fileSha256,
      importedBy: context.actor.userId,
      importedAt: new Date(nowMs).toISOString(),
      periodFrom: dates[0] ?? null,
      periodTo: dates.at(-1) ?? null,
      read: lines.length,
      new: fresh.length,
      duplicates: lines.length - fresh.length,
      matched: count('matched'),
      suggested: count('suggested'),
      unmatched: count('unmatched'),
    };
    await deps.store.insertStatementImport(view, stored, nowMs, seal(view, account.unitId));
    return view;
  });
}

function checkReadable(account: AccountView, input: ImportStatementInput): void {
  if (account.currency !== 'VND') {
    throw new DomainError(
      'validation-failed',
      `Statements are read in đồng; account ${account.code} is in ${account.currency}.`,
      { fieldErrors: [{ field: 'accountId', detail: `the account is in ${account.currency}, not VND` }] },
    );
  }
  if (presetById(input.format) === null && input.format !== 'custom') {
    throw new DomainError('validation-failed', `There is no statement format ${input.format}.`, {
      fieldErrors: [{ field: 'format', detail: `must be one of ${STATEMENT_FORMATS.join(', ')}` }],
    });
  }
  const { read } = input;
  if (read.problemCount > 0) {
    const shown = read.problems.slice(0, 3).map((problem) => `row ${problem.row}: ${problem.detail}`);
    throw new DomainError(
      'validation-failed',
      `${read.problemCount} row(s) of the statement cannot be read, so nothing was imported — ${shown.join('; ')}.`,
      {
        fieldErrors: [{ field: 'file', detail: `${read.problemCount} row(s) cannot be read` }],
        extra: { problems: read.problems, problemCount: read.problemCount },
      },
    );
  }
  if (read.lines.length === 0) {
    const detail = `no transaction under the header (row ${read.headerRow})`;
    throw new DomainError('validation-failed', `The statement has ${detail}.`, {
      fieldErrors: [{ field: 'file', detail }],
    });
  }
}

function storedLine(id: string, line: StatementLine, result: MatchResult): NewStatementLine {
  if (result.status === 'unmatched') return { id, line, status: 'unmatched', match: null };
  const [kind, recordId] = splitCandidateId(result.candidateId!);
  const scorePerMille = result.score === null ? null : Math.round(result.score * 1000);
  return {
    id,
    line,
    status: result.status,
    match: { kind, id: recordId, rule: result.rule!, scorePerMille },
  };
}

/** Candidates carry `<kind>:<id>`: the domain's kinds are sides (money in, money out), ours are tables. */
function candidateIdOf(record: LedgerRecord): string {
  return `${record.kind}:${record.id}`;
}

function splitCandidateId(candidateId: string): [RecordKind, string] {
  const at = candidateId.indexOf(':');
  return [candidateId.slice(0, at) as RecordKind, candidateId.slice(at + 1)];
}

function plusDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The rules of matching.ts over the new lines and the account's open records: payment code, bank
 * reference, amount + date + name; then, for payments and transfers (which name no donor), the one record
 * of the amount within the window. Reversed records and reversals are left to staff: they usually cancel
 * out in the books without touching the bank.
 */
async function matchNewLines(
  store: StatementStore,
  account: AccountView,
  lines: readonly StatementLine[],
): Promise<MatchResult[]> {
  if (lines.length === 0) return [];
  const dates = lines.map((line) => line.date).sort();
  const records = await store.openRecords(
    account.id,
    plusDays(dates[0]!, -MATCH_CANDIDATE_DAYS_AROUND),
    plusDays(dates.at(-1)!, MATCH_CANDIDATE_DAYS_AROUND),
  );
  const codes = await store.fundCampaignCodes(account.fundId);
  const candidates = records
    .filter((record) => !record.reversed && !record.isReversal && record.netMinor !== 0n)
    .map((record) => candidateOf(record, codes));
  const results = matchStatementLines(lines, candidates);
  const nameless = candidates.filter((candidate) => !candidate.id.startsWith('donation:'));
  return suggestByAmountAndDate(lines, results, nameless);
}

export function candidateOf(record: LedgerRecord, codes: readonly CampaignCode[]): MatchCandidate {
  const campaigns =
    record.campaignId === null ? codes : codes.filter((code) => code.campaignId === record.campaignId);
  const code =
    record.kind === 'donation'
      ? (findPaymentCode(record.memo, campaigns) ?? findPaymentCode(record.bankRef, campaigns))
      : null;
  return {
    kind: record.netMinor > 0n ? 'donation' : 'disbursement',
    id: candidateIdOf(record),
    amountMinor: record.netMinor > 0n ? record.netMinor : -record.netMinor,
    date: record.date,
    bankRef: record.bankRef,
    paymentCode: code?.code ?? null,
    donorName: record.name,
  };
}

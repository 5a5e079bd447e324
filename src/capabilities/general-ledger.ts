import type { Actor } from '../domain/access.ts';
import type { AccountTotals } from '../domain/accounts.ts';
import { DomainError } from '../domain/errors.ts';
import { REPORT_LINES_MAX, REPORT_ROWS_PER_PAGE } from '../domain/limits.ts';
import {
  type AccountRegister,
  accountRegister,
  type RegisterAccount,
  type RegisterPosting,
} from '../domain/reports/general-ledger.ts';
import { dayBefore, type ReportPeriod } from '../domain/reports/period.ts';
import {
  type ReportQuery,
  type ReportScope,
  type ReportScopeStore,
  type ResolvedReport,
  resolveReport,
} from './report-scope.ts';

/**
 * Sổ cái chi tiết: the register of every account in scope over a period (src/domain/reports/
 * general-ledger.ts). As JSON or a page it is bounded (REPORT_LINES_MAX lines); as CSV it streams
 * account by account, holding one account's lines of the period at a time.
 */
export interface GeneralLedgerStore extends ReportScopeStore {
  /** The accounts in scope, by fund then code. */
  reportAccounts(scope: ReportScope): Promise<RegisterAccount[]>;
  /** Totals through the end of `date` of the accounts in scope (absent: nothing posted by then). */
  totalsAsOf(scope: ReportScope, date: string): Promise<Map<string, AccountTotals>>;
  /** An account's postings dated in the period, in posting id order after `afterPostingId`. */
  accountPostings(
    accountId: string,
    period: ReportPeriod,
    afterPostingId: number,
    limit: number,
  ): Promise<RegisterPosting[]>;
}

type Deps = { store: GeneralLedgerStore; nowMs: () => number };

export interface RegisterView {
  accountId: string;
  fundId: string;
  fundName: string;
  code: string;
  name: string;
  type: RegisterAccount['type'];
  currency: RegisterAccount['currency'];
  normalSide: RegisterAccount['normalSide'];
  opening: string;
  debit: string;
  credit: string;
  closing: string;
  lines: {
    date: string;
    seq: number;
    entryId: string;
    kind: RegisterPosting['kind'];
    description: string;
    memo: string | null;
    debit: string;
    credit: string;
    balance: string;
  }[];
}

export interface GeneralLedgerReport {
  scope: ReportScope;
  from: string;
  to: string;
  accounts: RegisterView[];
}

/** Checks the request, then the registers one account at a time (accounts with nothing to show skipped). */
export async function generalLedgerRegisters(
  deps: Deps,
  actor: Actor,
  query: ReportQuery,
): Promise<{ resolved: ResolvedReport; registers: AsyncIterable<AccountRegister> }> {
  const resolved = await resolveReport(deps, actor, query);
  return { resolved, registers: registersOf(deps.store, resolved) };
}

async function* registersOf(
  store: GeneralLedgerStore,
  { scope, period }: ResolvedReport,
): AsyncGenerator<AccountRegister> {
  const accounts = await store.reportAccounts(scope);
  const opening = await store.totalsAsOf(scope, dayBefore(period.from));
  for (const account of accounts) {
    const postings: RegisterPosting[] = [];
    for (let after = 0; ; ) {
      const page = await store.accountPostings(account.accountId, period, after, REPORT_ROWS_PER_PAGE);
      postings.push(...page);
      if (page.length < REPORT_ROWS_PER_PAGE) break;
      after = page.at(-1)!.postingId;
    }
    const totals = opening.get(account.accountId) ?? { debitTotalMinor: 0n, creditTotalMinor: 0n };
    const register = accountRegister(account, totals, postings);
    if (register.lines.length === 0 && register.openingMinor === 0n) continue;
    yield register;
  }
}

/** The general ledger as one document: refused when it would pass REPORT_LINES_MAX lines. */
export async function generalLedger(
  deps: Deps,
  actor: Actor,
  query: ReportQuery,
): Promise<GeneralLedgerReport> {
  const { resolved, registers } = await generalLedgerRegisters(deps, actor, query);
  const accounts: RegisterView[] = [];
  let lineCount = 0;
  for await (const register of registers) {
    lineCount += register.lines.length;
    if (lineCount > REPORT_LINES_MAX) throw tooLarge('general ledger', resolved);
    accounts.push(registerView(register));
  }
  return { scope: resolved.scope, from: resolved.period.from, to: resolved.period.to, accounts };
}

export function tooLarge(what: string, resolved: ResolvedReport): DomainError {
  return new DomainError(
    'report-too-large',
    `The ${what} from ${resolved.period.from} to ${resolved.period.to} has more than ${REPORT_LINES_MAX} lines: ` +
      'narrow the period or the scope, or download it with format=csv, which has no limit.',
    { extra: { linesMax: REPORT_LINES_MAX } },
  );
}

export function registerView(register: AccountRegister): RegisterView {
  const { account } = register;
  return {
    accountId: account.accountId,
    fundId: account.fundId,
    fundName: account.fundName,
    code: account.code,
    name: account.name,
    type: account.type,
    currency: account.currency,
    normalSide: account.normalSide,
    opening: register.openingMinor.toString(),
    debit: register.debitMinor.toString(),
    credit: register.creditMinor.toString(),
    closing: register.closingMinor.toString(),
    lines: register.lines.map((line) => ({
      date: line.date,
      seq: line.seq,
      entryId: line.entryId,
      kind: line.kind,
      description: line.description,
      memo: line.memo,
      debit: line.side === 'debit' ? line.amountMinor.toString() : '0',
      credit: line.side === 'credit' ? line.amountMinor.toString() : '0',
      balance: line.balanceMinor.toString(),
    })),
  };
}

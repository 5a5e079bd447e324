import type { Actor } from '../domain/access.ts';
import type { Side } from '../domain/accounts.ts';
import type { EntryKind } from '../domain/entries.ts';
import { REPORT_LINES_MAX, REPORT_ROWS_PER_PAGE } from '../domain/limits.ts';
import type { CurrencyCode } from '../domain/money.ts';
import type { ReportPeriod } from '../domain/reports/period.ts';
import { tooLarge } from './general-ledger.ts';
import {
  type ReportQuery,
  type ReportScope,
  type ReportScopeStore,
  type ResolvedReport,
  resolveReport,
} from './report-scope.ts';

/**
 * Sổ nhật ký chung: the entries dated in a period that touch the scope, in date then journal order,
 * each with its postings in scope (an entry between two funds shows only the scope's side). Bounded as
 * JSON or a page (REPORT_LINES_MAX postings); streamed as CSV.
 */
export interface JournalPosting {
  accountId: string;
  fundId: string;
  code: string;
  name: string;
  side: Side;
  amountMinor: bigint;
  currency: CurrencyCode;
  memo: string | null;
}

export interface JournalEntryRow {
  id: string;
  seq: number;
  date: string;
  description: string;
  kind: EntryKind;
  reversesEntryId: string | null;
  postings: JournalPosting[];
}

export interface JournalStore extends ReportScopeStore {
  /** Entries of the period touching the scope after (date, seq), in that order, with their postings in scope. */
  journalPage(
    scope: ReportScope,
    period: ReportPeriod,
    after: { date: string; seq: number } | null,
    limit: number,
  ): Promise<JournalEntryRow[]>;
}

type Deps = { store: JournalStore; nowMs: () => number };

export interface JournalReport {
  scope: ReportScope;
  from: string;
  to: string;
  entries: {
    id: string;
    seq: number;
    date: string;
    description: string;
    kind: EntryKind;
    reversesEntryId: string | null;
    postings: (Omit<JournalPosting, 'amountMinor'> & { amount: string })[];
  }[];
  /** Debits and credits of the postings shown, per currency: equal for a fund's or a unit's journal. */
  totals: { currency: CurrencyCode; debit: string; credit: string }[];
}

export async function journalEntries(
  deps: Deps,
  actor: Actor,
  query: ReportQuery,
): Promise<{ resolved: ResolvedReport; entries: AsyncIterable<JournalEntryRow> }> {
  const resolved = await resolveReport(deps, actor, query);
  return { resolved, entries: entriesOf(deps.store, resolved) };
}

async function* entriesOf(
  store: JournalStore,
  { scope, period }: ResolvedReport,
): AsyncGenerator<JournalEntryRow> {
  let after: { date: string; seq: number } | null = null;
  for (;;) {
    const page = await store.journalPage(scope, period, after, REPORT_ROWS_PER_PAGE);
    yield* page;
    const last = page.at(-1);
    if (!last || page.length < REPORT_ROWS_PER_PAGE) return;
    after = { date: last.date, seq: last.seq };
  }
}

export async function journal(deps: Deps, actor: Actor, query: ReportQuery): Promise<JournalReport> {
  const { resolved, entries } = await journalEntries(deps, actor, query);
  const out: JournalReport['entries'] = [];
  const sums = new Map<CurrencyCode, { debit: bigint; credit: bigint }>();
  let lineCount = 0;
  for await (const entry of entries) {
    lineCount += entry.postings.length;
    if (lineCount > REPORT_LINES_MAX) throw tooLarge('journal', resolved);
    for (const posting of entry.postings) {
      const sum = sums.get(posting.currency) ?? { debit: 0n, credit: 0n };
      if (posting.side === 'debit') sum.debit += posting.amountMinor;
      else sum.credit += posting.amountMinor;
      sums.set(posting.currency, sum);
    }
    out.push({
      ...entry,
      postings: entry.postings.map(({ amountMinor, ...posting }) => ({
        ...posting,
        amount: amountMinor.toString(),
      })),
    });
  }
  return {
    scope: resolved.scope,
    from: resolved.period.from,
    to: resolved.period.to,
    entries: out,
    totals: [...sums]
      .sort(([left], [right]) => (left === 'VND' ? -1 : right === 'VND' ? 1 : left.localeCompare(right)))
      .map(([currency, sum]) => ({ currency, debit: sum.debit.toString(), credit: sum.credit.toString() })),
  };
}

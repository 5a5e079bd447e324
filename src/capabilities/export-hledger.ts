import type { Actor } from '../domain/access.ts';
import { DomainError } from '../domain/errors.ts';
import {
  accountNames,
  fundLabels,
  type HledgerAccount,
  type HledgerEntry,
  type HledgerFund,
  journalPreamble,
  transactionText,
} from '../domain/hledger.ts';
import { EXPORT_ENTRIES_PER_PAGE } from '../domain/limits.ts';
import { type AuthorizeStore, requireEverywhere, requirePermission } from './authorize.ts';
import type { FundView, UnitView } from './views.ts';

/**
 * Which accounts an export covers: one fund's, or the funds of a unit and all its descendants, or (both
 * null) every fund. Both given: the fund's accounts if the fund lies under the unit, else none.
 */
export interface HledgerScope {
  fundId: string | null;
  unitId: string | null;
}

/** Entries dated from `from` through `to`, both inclusive; null: no bound. */
export interface HledgerDateRange {
  from: string | null;
  to: string | null;
}

export interface HledgerExportStore extends AuthorizeStore {
  getFund(id: string): Promise<FundView | null>;
  getUnit(id: string): Promise<UnitView | null>;
  /** The journal's last sequence number now: the export covers entries up to it, a consistent prefix. */
  hledgerLastSeq(): Promise<number>;
  /** Every fund of every unit that has a fund in scope (so fund labels do not depend on the scope). */
  hledgerFunds(scope: HledgerScope): Promise<HledgerFund[]>;
  /** Every account in scope, with its unit's code. */
  hledgerAccounts(scope: HledgerScope): Promise<HledgerAccount[]>;
  /**
   * Up to `limit` entries with `afterSeq < seq ≤ throughSeq` dated within `range` that have a posting in
   * scope, in seq order, each with only its postings in scope (in posting order).
   */
  hledgerEntries(
    scope: HledgerScope,
    range: HledgerDateRange,
    seqs: { afterSeq: number; throughSeq: number },
    limit: number,
  ): Promise<HledgerEntry[]>;
}

export interface HledgerExportQuery {
  scope: HledgerScope;
  range: HledgerDateRange;
}

/**
 * Checks access (reading the books of the fund or unit; everything needs a global reader) and returns
 * the journal as text chunks: the preamble, then one chunk per page of entries, then a closing line
 * that counts the entries (a truncated download lacks it). Read errors after the first chunk end the
 * stream; access and unknown ids are refused before any text is produced.
 */
export async function exportHledger(
  deps: { store: HledgerExportStore },
  actor: Actor,
  query: HledgerExportQuery,
): Promise<AsyncIterable<string>> {
  await authorize(deps.store, actor, query.scope);
  return journalChunks(deps.store, query);
}

async function authorize(store: HledgerExportStore, actor: Actor, scope: HledgerScope): Promise<void> {
  if (!scope.fundId && !scope.unitId)
    requireEverywhere(actor, 'ledger.read', 'export the books of every fund (choose a fund or a unit)');
  if (scope.fundId) {
    const fund = await store.getFund(scope.fundId);
    if (!fund) {
      throw new DomainError('fund-not-found', `There is no fund ${scope.fundId}.`, {
        fieldErrors: [{ field: 'fundId', detail: 'unknown fund' }],
      });
    }
    await requirePermission(store, actor, 'ledger.read', fund.unitId, fund.name);
  }
  if (scope.unitId) {
    const unit = await store.getUnit(scope.unitId);
    if (!unit) {
      throw new DomainError('unit-not-found', `There is no unit ${scope.unitId}.`, {
        fieldErrors: [{ field: 'unitId', detail: 'unknown unit' }],
      });
    }
    await requirePermission(store, actor, 'ledger.read', unit.id, unit.name);
  }
}

function describeQuery(query: HledgerExportQuery, throughSeq: number): string[] {
  const { scope, range } = query;
  const covers = [
    scope.fundId ? `fund ${scope.fundId}` : null,
    scope.unitId ? `unit ${scope.unitId} and its descendants` : null,
  ].filter(Boolean);
  return [
    'Sổ Quỹ — hledger journal export',
    `scope: ${covers.length > 0 ? covers.join(' within ') : 'every fund'}`,
    `entries dated ${range.from ?? 'from the first'} through ${range.to ?? 'the last'}, journal sequence 1–${throughSeq}`,
  ];
}

async function* journalChunks(store: HledgerExportStore, query: HledgerExportQuery): AsyncIterable<string> {
  // The sequence is fixed first: every entry up to it was written after its accounts, which are read next.
  const throughSeq = await store.hledgerLastSeq();
  const labels = fundLabels(await store.hledgerFunds(query.scope));
  const accounts = await store.hledgerAccounts(query.scope);
  const names = accountNames(accounts, labels);
  yield journalPreamble(describeQuery(query, throughSeq), accounts, names);
  let afterSeq = 0;
  let entryCount = 0;
  for (;;) {
    const page = await store.hledgerEntries(
      query.scope,
      query.range,
      { afterSeq, throughSeq },
      EXPORT_ENTRIES_PER_PAGE,
    );
    if (page.length > 0) yield page.map((entry) => transactionText(entry, names)).join('');
    entryCount += page.length;
    if (page.length < EXPORT_ENTRIES_PER_PAGE) break;
    afterSeq = page.at(-1)!.seq;
  }
  yield `; end of export: ${entryCount} entries\n`;
}

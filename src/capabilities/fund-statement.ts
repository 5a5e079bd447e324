import type { Actor } from '../domain/access.ts';
import type { AccountTotals } from '../domain/accounts.ts';
import type { CurrencyCode } from '../domain/money.ts';
import {
  fundStatement as buildFundStatement,
  type DisbursementRow,
  type FundStatementCurrency,
  type ReceiptRow,
  type StatementAccount,
  type TransferRow,
} from '../domain/reports/fund-statement.ts';
import { dayBefore, type ReportPeriod } from '../domain/reports/period.ts';
import { type ReportQuery, type ReportScope, type ReportScopeStore, resolveReport } from './report-scope.ts';

/**
 * Báo cáo thu chi for a fund, or every fund of a unit (and the units below it) consolidated, over a
 * period: the arithmetic is in src/domain/reports/fund-statement.ts; this reads what it needs.
 */
export interface FundStatementStore extends ReportScopeStore {
  statementAccounts(scope: ReportScope): Promise<StatementAccount[]>;
  totalsAsOf(scope: ReportScope, date: string): Promise<Map<string, AccountTotals>>;
  /** Postings of year-end closing entries and their reversals dated in the period, summed per account. */
  closingEntryTotals(scope: ReportScope, period: ReportPeriod): Promise<Map<string, AccountTotals>>;
  receiptRows(scope: ReportScope, period: ReportPeriod): Promise<ReceiptRow[]>;
  disbursementRows(scope: ReportScope, period: ReportPeriod): Promise<DisbursementRow[]>;
  transferRows(scope: ReportScope, period: ReportPeriod): Promise<TransferRow[]>;
  /** Earmarked money (cash and bank) not yet spent on its purpose at the end of `date`, per currency. */
  restrictedAsOf(scope: ReportScope, date: string): Promise<Map<CurrencyCode, bigint>>;
  scopeFunds(scope: ReportScope): Promise<{ id: string; unitId: string; name: string }[]>;
}

export interface FundStatementReport {
  scope: { fundId: string | null; unitId: string | null; descendants: boolean };
  from: string;
  to: string;
  funds: { id: string; unitId: string; name: string }[];
  currencies: FundStatementCurrency[];
}

export async function fundStatement(
  deps: { store: FundStatementStore; nowMs: () => number },
  actor: Actor,
  query: Omit<ReportQuery, 'accountId'>,
): Promise<FundStatementReport> {
  const { scope, period } = await resolveReport(deps, actor, { ...query, accountId: undefined });
  const store = deps.store;
  const funds = await store.scopeFunds(scope);
  const currencies = buildFundStatement({
    accounts: await store.statementAccounts(scope),
    totalsBefore: await store.totalsAsOf(scope, dayBefore(period.from)),
    totalsAtEnd: await store.totalsAsOf(scope, period.to),
    excluded: await store.closingEntryTotals(scope, period),
    receipts: await store.receiptRows(scope, period),
    disbursements: await store.disbursementRows(scope, period),
    transfers: await store.transferRows(scope, period),
    restrictedAtEnd: await store.restrictedAsOf(scope, period.to),
    fundIds: new Set(funds.map((fund) => fund.id)),
  });
  return {
    scope: { fundId: scope.fundId, unitId: scope.unitId, descendants: scope.descendants },
    from: period.from,
    to: period.to,
    funds,
    currencies,
  };
}

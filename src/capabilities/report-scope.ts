import type { Actor } from '../domain/access.ts';
import { todayInVietnam } from '../domain/dates.ts';
import { DomainError } from '../domain/errors.ts';
import { type ReportPeriod, reportPeriod } from '../domain/reports/period.ts';
import { type AuthorizeStore, requireEverywhere, requirePermission } from './authorize.ts';
import type { AccountView, FundView, UnitView } from './views.ts';

/**
 * What the ledger reports (general ledger, journal, fund statement) cover: the accounts of a fund, of a
 * unit (with or without the units below it), or one account — every filter given applies (their
 * intersection) — over a period. With no filter, the whole ledger: global readers only.
 */
export interface ReportScope {
  fundId: string | null;
  unitId: string | null;
  descendants: boolean;
  accountId: string | null;
}

export interface ReportQuery {
  fundId?: string;
  unitId?: string;
  descendants?: boolean;
  accountId?: string;
  from?: string;
  to?: string;
}

export interface ReportScopeStore extends AuthorizeStore {
  getFund(id: string): Promise<FundView | null>;
  getUnit(id: string): Promise<UnitView | null>;
  getAccount(id: string): Promise<AccountView | null>;
}

/** A checked report request: its scope and period, and what the scope names (for titles). */
export interface ResolvedReport {
  scope: ReportScope;
  period: ReportPeriod;
  fund: FundView | null;
  unit: UnitView | null;
  account: AccountView | null;
}

/** Checks that what the scope names exists and that the actor may read the books there. */
export async function resolveReport(
  deps: { store: ReportScopeStore; nowMs: () => number },
  actor: Actor,
  query: ReportQuery,
): Promise<ResolvedReport> {
  const scope: ReportScope = {
    fundId: query.fundId ?? null,
    unitId: query.unitId ?? null,
    descendants: query.descendants ?? false,
    accountId: query.accountId ?? null,
  };
  if (!scope.fundId && !scope.unitId && !scope.accountId) {
    requireEverywhere(actor, 'ledger.read', 'report on every fund (choose a fund, a unit or an account)');
  }
  const fund = scope.fundId ? await deps.store.getFund(scope.fundId) : null;
  if (scope.fundId && !fund) throw unknown('fundId', 'fund-not-found', `There is no fund ${scope.fundId}.`);
  if (fund) await requirePermission(deps.store, actor, 'ledger.read', fund.unitId, fund.name);
  const unit = scope.unitId ? await deps.store.getUnit(scope.unitId) : null;
  if (scope.unitId && !unit) throw unknown('unitId', 'unit-not-found', `There is no unit ${scope.unitId}.`);
  if (unit) await requirePermission(deps.store, actor, 'ledger.read', unit.id, unit.name);
  const account = scope.accountId ? await deps.store.getAccount(scope.accountId) : null;
  if (scope.accountId && !account) {
    throw unknown('accountId', 'account-not-found', `There is no account ${scope.accountId}.`);
  }
  if (account) await requirePermission(deps.store, actor, 'ledger.read', account.unitId);
  const period = reportPeriod(query.from, query.to, todayInVietnam(deps.nowMs()));
  if (period.from > period.to) {
    throw new DomainError(
      'validation-failed',
      `The period starts after it ends (${period.from} > ${period.to}).`,
      {
        fieldErrors: [{ field: 'from', detail: `must not be after ${period.to}` }],
      },
    );
  }
  return { scope, period, fund, unit, account };
}

function unknown(
  field: string,
  code: 'fund-not-found' | 'unit-not-found' | 'account-not-found',
  detail: string,
): DomainError {
  return new DomainError(code, detail, { fieldErrors: [{ field, detail: 'unknown id' }] });
}

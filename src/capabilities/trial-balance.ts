import type { Actor } from '../domain/access.ts';
import { type AccountType, trialBalanceColumns } from '../domain/accounts.ts';
import { assert, DomainError } from '../domain/errors.ts';
import type { CurrencyCode } from '../domain/money.ts';
import { type AuthorizeStore, requireEverywhere, requirePermission } from './authorize.ts';
import type { FundView, UnitView } from './views.ts';

export interface TrialBalanceScope {
  fundId: string | null;
  unitId: string | null;
  descendants: boolean;
}

export interface AccountTotalsRow {
  accountId: string;
  fundId: string;
  code: string;
  name: string;
  type: AccountType;
  currency: CurrencyCode;
  debitTotalMinor: bigint;
  creditTotalMinor: bigint;
}

export interface TrialBalanceStore extends AuthorizeStore {
  getFund(id: string): Promise<FundView | null>;
  getUnit(id: string): Promise<UnitView | null>;
  /** Totals per account as of the end of `asOf` (null: everything posted), one index seek per account. */
  accountTotalsAsOf(scope: TrialBalanceScope, asOf: string | null): Promise<AccountTotalsRow[]>;
}

export interface TrialBalance {
  asOf: string | null;
  scope: TrialBalanceScope;
  rows: {
    accountId: string;
    fundId: string;
    code: string;
    name: string;
    type: AccountType;
    currency: CurrencyCode;
    debit: string;
    credit: string;
  }[];
  /** In VND, or in the scope's only currency when it holds no VND. */
  totals: { currency: CurrencyCode; debit: string; credit: string };
  totalsByCurrency: { currency: CurrencyCode; debit: string; credit: string }[];
}

export async function trialBalance(
  deps: { store: TrialBalanceStore },
  actor: Actor,
  query: { scope: TrialBalanceScope; asOf: string | null },
): Promise<TrialBalance> {
  const { scope } = query;
  if (!scope.fundId && !scope.unitId)
    requireEverywhere(actor, 'ledger.read', 'see the trial balance of every fund (choose a fund or a unit)');
  if (scope.fundId) {
    const fund = await deps.store.getFund(scope.fundId);
    if (!fund) {
      throw new DomainError('fund-not-found', `There is no fund ${scope.fundId}.`, {
        fieldErrors: [{ field: 'fundId', detail: 'unknown fund' }],
      });
    }
    await requirePermission(deps.store, actor, 'ledger.read', fund.unitId, fund.name);
  }
  if (scope.unitId) {
    const unit = await deps.store.getUnit(scope.unitId);
    if (!unit) {
      throw new DomainError('unit-not-found', `There is no unit ${scope.unitId}.`, {
        fieldErrors: [{ field: 'unitId', detail: 'unknown unit' }],
      });
    }
    await requirePermission(deps.store, actor, 'ledger.read', unit.id, unit.name);
  }
  const accounts = await deps.store.accountTotalsAsOf(scope, query.asOf);
  const sums = new Map<CurrencyCode, { debit: bigint; credit: bigint }>();
  const rows = accounts.map((account) => {
    const { debitMinor, creditMinor } = trialBalanceColumns(account);
    const sum = sums.get(account.currency) ?? { debit: 0n, credit: 0n };
    sum.debit += debitMinor;
    sum.credit += creditMinor;
    sums.set(account.currency, sum);
    return {
      accountId: account.accountId,
      fundId: account.fundId,
      code: account.code,
      name: account.name,
      type: account.type,
      currency: account.currency,
      debit: debitMinor.toString(),
      credit: creditMinor.toString(),
    };
  });
  const totalsByCurrency = [...sums]
    .sort(([left], [right]) => (left === 'VND' ? -1 : right === 'VND' ? 1 : left.localeCompare(right)))
    .map(([currency, sum]) => {
      // Every entry balances within each fund and currency, so every scope's trial balance must too.
      assert(sum.debit === sum.credit, `trial balance in ${currency} nets to zero`);
      return { currency, debit: sum.debit.toString(), credit: sum.credit.toString() };
    });
  return {
    asOf: query.asOf,
    scope,
    rows,
    totals: totalsByCurrency[0] ?? { currency: 'VND', debit: '0', credit: '0' },
    totalsByCurrency,
  };
}

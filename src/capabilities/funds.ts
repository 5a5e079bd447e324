import type { Actor } from '../domain/access.ts';
import { balanceOf, normalSideOf } from '../domain/accounts.ts';
import type { FundChart } from '../domain/chart.ts';
import { DomainError } from '../domain/errors.ts';
import type { FundKind } from '../domain/funds.ts';
import { newId } from '../domain/ids.ts';
import type { CurrencyCode } from '../domain/money.ts';
import { type AuthorizeStore, requirePermission, visibleRoots } from './authorize.ts';
import type { WriteContext, WriteExtras } from './context.ts';
import { decodeCursor, pageOf, pageSize } from './cursor.ts';
import { type IdempotencyStore, idempotentWrite, type WriteOutcome } from './idempotency.ts';
import type { AccountView, FundDetailView, FundView, Page, UnitView } from './views.ts';

export interface FundStore extends IdempotencyStore, AuthorizeStore {
  getUnit(id: string): Promise<UnitView | null>;
  getFund(id: string): Promise<FundView | null>;
  /** Inserts the fund and its template accounts in one atomic batch. */
  insertFund(fund: FundView, accounts: AccountView[], extras: WriteExtras): Promise<void>;
  listFunds(query: {
    unitId: string | null;
    roots: string[] | null;
    afterId: string | null;
    limit: number;
  }): Promise<FundView[]>;
  listFundAccounts(fundId: string): Promise<AccountView[]>;
}

/** What a fund's detail needs beyond its accounts: the earmarked gifts it holds. */
export interface FundBalanceStore extends FundStore {
  /** Valid earmarked money gifts (not goods) per currency. */
  earmarkedTotals(fundId: string): Promise<{ currency: CurrencyCode; amountMinor: bigint }[]>;
}

export interface CreateFundInput {
  unitId: string;
  kind: FundKind;
  name: string;
  currency?: CurrencyCode;
}

export async function createFund(
  deps: { store: FundStore; nowMs: () => number; chart: FundChart },
  context: WriteContext,
  input: CreateFundInput,
): Promise<WriteOutcome<FundView>> {
  return idempotentWrite(deps.store, context, deps.nowMs, async (seal) => {
    const unit = await deps.store.getUnit(input.unitId);
    if (!unit) {
      throw new DomainError('unit-not-found', `There is no unit ${input.unitId} to own this fund.`, {
        fieldErrors: [{ field: 'unitId', detail: 'unknown unit' }],
      });
    }
    await requirePermission(deps.store, context.actor, 'fund.manage', unit.id, unit.name);
    const nowMs = deps.nowMs();
    const fund: FundView = {
      id: newId(nowMs),
      unitId: unit.id,
      kind: input.kind,
      name: input.name,
      currency: input.currency ?? 'VND',
      status: 'active',
      createdAt: new Date(nowMs).toISOString(),
    };
    const accounts = deps.chart.map(
      (line): AccountView => ({
        id: newId(nowMs),
        fundId: fund.id,
        unitId: unit.id,
        code: line.code,
        name: line.name,
        type: line.type,
        role: line.role,
        currency: fund.currency,
        normalSide: line.normalSide ?? normalSideOf(line.type),
        nonNegative: line.nonNegative,
        status: 'open',
        debitTotal: '0',
        creditTotal: '0',
        balance: '0',
      }),
    );
    await deps.store.insertFund(fund, accounts, seal(fund, fund.unitId));
    return fund;
  });
}

export async function getFund(
  deps: { store: FundBalanceStore },
  actor: Actor,
  id: string,
): Promise<FundDetailView> {
  const fund = await deps.store.getFund(id);
  if (!fund) throw new DomainError('not-found', `There is no fund ${id}.`);
  await requirePermission(deps.store, actor, 'ledger.read', fund.unitId, fund.name);
  const accounts = await deps.store.listFundAccounts(id);
  const available = new Map<CurrencyCode, bigint>();
  for (const account of accounts) {
    if (account.role !== 'cash' && account.role !== 'bank') continue;
    const balance = balanceOf(account.normalSide, {
      debitTotalMinor: BigInt(account.debitTotal),
      creditTotalMinor: BigInt(account.creditTotal),
    });
    available.set(account.currency, (available.get(account.currency) ?? 0n) + balance);
  }
  // Restricted = every valid earmarked gift for now. When disbursements record which earmarked gifts they
  // spend (allocations), those allocations will reduce `restricted` here.
  const restricted = new Map<CurrencyCode, bigint>();
  for (const total of await deps.store.earmarkedTotals(id)) restricted.set(total.currency, total.amountMinor);
  const currencies = [...new Set([...available.keys(), ...restricted.keys()])];
  return {
    ...fund,
    available: [...available].map(([currency, amount]) => ({ currency, amount: amount.toString() })),
    restricted: currencies.map((currency) => ({
      currency,
      amount: (restricted.get(currency) ?? 0n).toString(),
    })),
    // May be negative until allocations exist: earmarked money spent for its purpose still counts here.
    unrestricted: currencies.map((currency) => ({
      currency,
      amount: ((available.get(currency) ?? 0n) - (restricted.get(currency) ?? 0n)).toString(),
    })),
    balances: accounts.map((account) => ({
      accountId: account.id,
      code: account.code,
      name: account.name,
      role: account.role,
      type: account.type,
      currency: account.currency,
      balance: account.balance,
    })),
  };
}

/** The funds the actor may read; with `unitId`, that unit's own funds (refused outside the actor's scope). */
export async function listFunds(
  deps: { store: FundStore },
  actor: Actor,
  query: { unitId?: string; cursor?: string; limit?: number },
): Promise<Page<FundView>> {
  if (query.unitId) await requirePermission(deps.store, actor, 'ledger.read', query.unitId);
  const roots = query.unitId ? null : visibleRoots(actor, 'ledger.read');
  const limit = pageSize(query.limit);
  const afterId = query.cursor ? String(decodeCursor(query.cursor, 1)[0]) : null;
  const rows = await deps.store.listFunds({ unitId: query.unitId ?? null, roots, afterId, limit: limit + 1 });
  return pageOf(rows, limit, (last) => [last.id]);
}

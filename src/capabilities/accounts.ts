import type { Actor } from '../domain/access.ts';
import { type AccountType, normalSideOf, type Side } from '../domain/accounts.ts';
import { ACCOUNT_ROLES, type AccountRole } from '../domain/chart.ts';
import { DomainError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { ACCOUNTS_PER_FUND_MAX } from '../domain/limits.ts';
import type { CurrencyCode } from '../domain/money.ts';
import { type AuthorizeStore, requirePermission, visibleRoots } from './authorize.ts';
import type { WriteContext, WriteExtras } from './context.ts';
import { decodeCursor, decodeNumberCursor, pageOf, pageSize } from './cursor.ts';
import { type IdempotencyStore, idempotentWrite, type WriteOutcome } from './idempotency.ts';
import type { AccountPostingView, AccountView, FundView, Page } from './views.ts';

export interface AccountStore extends IdempotencyStore, AuthorizeStore {
  getFund(id: string): Promise<FundView | null>;
  getAccount(id: string): Promise<AccountView | null>;
  countFundAccounts(fundId: string): Promise<number>;
  findAccountByCode(fundId: string, code: string): Promise<AccountView | null>;
  insertAccount(account: AccountView, createdAtMs: number, extras: WriteExtras): Promise<void>;
  listAccounts(query: {
    fundId: string | null;
    unitId: string | null;
    roots: string[] | null;
    after: { fundId: string; code: string } | null;
    limit: number;
  }): Promise<AccountView[]>;
  listAccountPostings(query: {
    accountId: string;
    afterPostingId: number | null;
    limit: number;
  }): Promise<AccountPostingView[]>;
}

export interface CreateAccountInput {
  fundId: string;
  code: string;
  name: string;
  type: AccountType;
  currency?: CurrencyCode;
  role?: AccountRole | null;
  normalSide?: Side;
  nonNegative?: boolean;
}

/** Adds an account to a fund beyond its template: a second bank account, a foreign-currency account… */
export async function createAccount(
  deps: { store: AccountStore; nowMs: () => number },
  context: WriteContext,
  input: CreateAccountInput,
): Promise<WriteOutcome<AccountView>> {
  return idempotentWrite(deps.store, context, deps.nowMs, async (seal) => {
    const fund = await deps.store.getFund(input.fundId);
    if (!fund) {
      throw new DomainError('fund-not-found', `There is no fund ${input.fundId}.`, {
        fieldErrors: [{ field: 'fundId', detail: 'unknown fund' }],
      });
    }
    await requirePermission(deps.store, context.actor, 'fund.manage', fund.unitId, fund.name);
    if (fund.status !== 'active') throw new DomainError('fund-closed', `Fund ${fund.name} is closed.`);
    if (await deps.store.findAccountByCode(fund.id, input.code)) {
      throw new DomainError(
        'duplicate-code',
        `Fund ${fund.name} already has an account with code ${input.code}.`,
        {
          fieldErrors: [{ field: 'code', detail: 'already used in this fund' }],
        },
      );
    }
    if ((await deps.store.countFundAccounts(fund.id)) >= ACCOUNTS_PER_FUND_MAX) {
      throw new DomainError(
        'validation-failed',
        `A fund may have at most ${ACCOUNTS_PER_FUND_MAX} accounts.`,
      );
    }
    const nowMs = deps.nowMs();
    const account: AccountView = {
      id: newId(nowMs),
      fundId: fund.id,
      unitId: fund.unitId,
      code: input.code,
      name: input.name,
      type: input.type,
      role: input.role ?? null,
      currency: input.currency ?? fund.currency,
      normalSide: input.normalSide ?? normalSideOf(input.type),
      nonNegative: input.nonNegative ?? false,
      status: 'open',
      debitTotal: '0',
      creditTotal: '0',
      balance: '0',
    };
    await deps.store.insertAccount(account, nowMs, seal(account, account.unitId));
    return account;
  });
}

export function isAccountRole(value: string): value is AccountRole {
  return (ACCOUNT_ROLES as readonly string[]).includes(value);
}

export async function getAccount(
  deps: { store: AccountStore },
  actor: Actor,
  id: string,
): Promise<AccountView> {
  const account = await deps.store.getAccount(id);
  if (!account) throw new DomainError('not-found', `There is no account ${id}.`);
  await requirePermission(deps.store, actor, 'ledger.read', account.unitId);
  return account;
}

export async function listAccounts(
  deps: { store: AccountStore },
  actor: Actor,
  query: { fundId?: string; unitId?: string; cursor?: string; limit?: number },
): Promise<Page<AccountView>> {
  if (query.unitId) await requirePermission(deps.store, actor, 'ledger.read', query.unitId);
  if (query.fundId) {
    const fund = await deps.store.getFund(query.fundId);
    if (fund) await requirePermission(deps.store, actor, 'ledger.read', fund.unitId, fund.name);
  }
  const roots = query.unitId || query.fundId ? null : visibleRoots(actor, 'ledger.read');
  const limit = pageSize(query.limit);
  const after = query.cursor ? decodeCursor(query.cursor, 2) : null;
  const rows = await deps.store.listAccounts({
    fundId: query.fundId ?? null,
    unitId: query.unitId ?? null,
    roots,
    after: after ? { fundId: String(after[0]), code: String(after[1]) } : null,
    limit: limit + 1,
  });
  return pageOf(rows, limit, (last) => [last.fundId, last.code]);
}

export async function listAccountPostings(
  deps: { store: AccountStore },
  actor: Actor,
  query: { accountId: string; cursor?: string; limit?: number },
): Promise<Page<AccountPostingView>> {
  await getAccount(deps, actor, query.accountId);
  const limit = pageSize(query.limit);
  const afterPostingId = query.cursor ? decodeNumberCursor(query.cursor) : null;
  const rows = await deps.store.listAccountPostings({
    accountId: query.accountId,
    afterPostingId,
    limit: limit + 1,
  });
  return pageOf(rows, limit, (last) => [last.id]);
}

/** A fund's accounts in one currency, by chart role (accounts without a role are left out). */
export function accountsByRole(
  accounts: readonly AccountView[],
  currency: CurrencyCode,
): Map<AccountRole, AccountView> {
  const byRole = new Map<AccountRole, AccountView>();
  for (const account of accounts) {
    if (account.currency === currency && account.role) byRole.set(account.role as AccountRole, account);
  }
  return byRole;
}

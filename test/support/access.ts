import type { Json, TestApi } from './api.ts';
import { TEST_ADMIN_TOKEN } from './api.ts';
import { donation } from './ledger.ts';

/** A password long enough for the 12-character minimum, shared by every user the access tests make. */
export const TEST_USER_PASSWORD = 'mật khẩu đủ dài 2025';

export type UnitKey = 'P' | 'A' | 'B';
export type RoleName = 'admin' | 'accountant' | 'approver' | 'auditor';

/** The callers of the access tests: a global admin and one user per role and unit. */
export const CALLERS = {
  globalAdmin: { unit: null, role: 'admin' },
  adminA: { unit: 'A', role: 'admin' },
  accountantA: { unit: 'A', role: 'accountant' },
  approverA: { unit: 'A', role: 'approver' },
  auditorA: { unit: 'A', role: 'auditor' },
  accountantP: { unit: 'P', role: 'accountant' },
} as const satisfies Record<string, { unit: UnitKey | null; role: RoleName }>;
export type CallerName = keyof typeof CALLERS;

export interface TreeUser {
  id: string;
  username: string;
  token: string;
}

export interface TreeFund {
  id: string;
  unitId: string;
  /** Account ids by chart role (bank, cash, donation_revenue, disbursement_expense…). */
  accounts: Record<string, string>;
}

/**
 * Province P with communes A and B, a fund in each (with money in its bank account), one user per
 * caller of CALLERS (the global admin is the bootstrap admin) and one plain accountant per unit
 * ("clerks", targets for user management).
 */
export interface AccessTree {
  units: Record<UnitKey, string>;
  funds: Record<UnitKey, TreeFund>;
  callers: Record<CallerName, TreeUser>;
  clerks: Record<UnitKey, TreeUser>;
  /** A donation already posted in each unit's fund. */
  entries: Record<UnitKey, string>;
}

export const UNIT_KEYS: readonly UnitKey[] = ['P', 'A', 'B'];

let userCounter = 0;

/** A username no other test of this process has used. */
export function uniqueUsername(prefix: string): string {
  userCounter += 1;
  return `${prefix}-${userCounter}-${Math.random().toString(36).slice(2, 8)}`;
}

export async function createUserWithToken(
  api: TestApi,
  prefix: string,
  grants: { unitId: string | null; role: RoleName }[],
): Promise<TreeUser> {
  const username = uniqueUsername(prefix);
  const user = await api.create('/api/v1/users', {
    name: `Người dùng ${username}`,
    username,
    password: TEST_USER_PASSWORD,
    grants,
  });
  const token = await api.create(`/api/v1/users/${user.id}/tokens`, { name: `token of ${username}` });
  return { id: user.id as string, username, token: token.token as string };
}

export async function fundWithAccounts(api: TestApi, unitId: string, name: string): Promise<TreeFund> {
  const fund = await api.create('/api/v1/funds', { unitId, kind: 'vi_nguoi_ngheo', name });
  const detail = await api.get(`/api/v1/funds/${fund.id}`);
  const accounts = Object.fromEntries(
    (detail.body.balances as Json[]).map((account) => [account.role as string, account.accountId as string]),
  ) as Record<string, string>;
  return { id: fund.id as string, unitId, accounts };
}

/** Builds the tree with the global admin `api` (which must carry the bootstrap token). */
export async function buildAccessTree(api: TestApi): Promise<AccessTree> {
  const P = await api.create('/api/v1/units', {
    name: 'MTTQ tỉnh Lai Châu',
    kind: 'mttq',
    level: 'province',
  });
  const A = await api.create('/api/v1/units', {
    name: 'MTTQ xã Bản Lang',
    kind: 'mttq',
    level: 'commune',
    parentId: P.id,
  });
  const B = await api.create('/api/v1/units', {
    name: 'MTTQ xã Nậm Tăm',
    kind: 'mttq',
    level: 'commune',
    parentId: P.id,
  });
  const units: Record<UnitKey, string> = { P: P.id, A: A.id, B: B.id };
  const funds = {} as Record<UnitKey, TreeFund>;
  const entries = {} as Record<UnitKey, string>;
  for (const key of UNIT_KEYS) {
    funds[key] = await fundWithAccounts(api, units[key], `Quỹ Vì người nghèo ${key}`);
    entries[key] = (await api.create('/api/v1/entries', donation(funds[key].accounts, '50000000')))
      .id as string;
  }
  const me = await api.get('/api/v1/auth/me');
  const callers = {
    globalAdmin: { id: me.body.id as string, username: 'bootstrap', token: TEST_ADMIN_TOKEN },
  } as Record<CallerName, TreeUser>;
  for (const [name, grant] of Object.entries(CALLERS) as [CallerName, (typeof CALLERS)[CallerName]][]) {
    if (grant.unit === null) continue;
    callers[name] = await createUserWithToken(api, name.toLowerCase(), [
      { unitId: units[grant.unit], role: grant.role },
    ]);
  }
  const clerks = {} as Record<UnitKey, TreeUser>;
  for (const key of UNIT_KEYS) {
    clerks[key] = await createUserWithToken(api, `clerk${key.toLowerCase()}`, [
      { unitId: units[key], role: 'accountant' },
    ]);
  }
  return { units, funds, callers, clerks, entries };
}

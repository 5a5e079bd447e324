import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTE_RULES, type RouteKey } from '../../src/http/access-rules.ts';
import {
  type AccessTree,
  buildAccessTree,
  CALLERS,
  type CallerName,
  createUserWithToken,
  type RoleName,
  TEST_USER_PASSWORD,
  type TreeUser,
  type UnitKey,
  uniqueUsername,
} from '../support/access.ts';
import { type ApiResponse, freshApi, type Json, type TestApi } from '../support/api.ts';
import { countRows, donation, entryBody, expectProblem } from '../support/ledger.ts';

/**
 * The route × role × scope matrix. Which routes exist comes from the app and ROUTE_RULES; who may call
 * them comes from the role table below (written out here, not imported, so a wrong rule in
 * src/domain/access.ts shows up as a failure); each route's requests come from CASES.
 */

/** The roles, as the permissions the routes check. */
const ROLE_PERMISSIONS: Record<RoleName, readonly string[]> = {
  admin: [
    'ledger.read',
    'ledger.record',
    'ledger.reverse',
    'disbursement.pay',
    'disbursement.approve',
    'period.close',
    'unit.manage',
    'fund.manage',
    'user.manage',
    'audit.read',
  ],
  accountant: ['ledger.read', 'ledger.record', 'disbursement.pay'],
  approver: ['ledger.read', 'ledger.reverse', 'disbursement.pay', 'disbursement.approve', 'period.close'],
  auditor: ['ledger.read', 'audit.read'],
};

/** Whether the caller's grant covers the unit: a province grant covers its communes, none covers upward. */
function covers(grantUnit: UnitKey | null, target: UnitKey): boolean {
  return grantUnit === null || grantUnit === target || grantUnit === 'P';
}

function holdsAnywhere(caller: CallerName, permission: string): boolean {
  return ROLE_PERMISSIONS[CALLERS[caller].role].includes(permission);
}

function holdsAt(caller: CallerName, permission: string, target: UnitKey): boolean {
  return holdsAnywhere(caller, permission) && covers(CALLERS[caller].unit, target);
}

interface Req {
  method: 'GET' | 'POST' | 'DELETE' | 'PATCH';
  path: string;
  body?: unknown;
}

/** Builds one request against the tree; may first make fresh objects with the global admin. */
type Builder = (tree: AccessTree, admin: TestApi) => Promise<Req>;

interface Case {
  /** Status of an allowed call. */
  success: 200 | 201 | 204 | 303;
  /** The permission the capability checks at the target, when the route's access is wider (`signed-in`). */
  permission?: string;
  /** Status for a caller who holds the permission, but not at the target (404: users out of scope are not found). */
  outOfScope?: 403 | 404;
  /** A list: allowed for everyone holding the access anywhere; says whether the target unit's object is listed. */
  lists?: (body: Json, tree: AccessTree, target: UnitKey) => boolean;
  /** A read audited on success too (private fields: donors.read-private). */
  auditsRead?: boolean;
  /** One request per target unit: A is commune A, B the neighbouring commune, P their province. */
  targets: { A: Builder } & Partial<Record<UnitKey, Builder>>;
}

const get =
  (path: (tree: AccessTree, target: UnitKey) => string) =>
  (target: UnitKey): Builder =>
  async (tree) => ({ method: 'GET', path: path(tree, target) });

function perUnit(make: (target: UnitKey) => Builder, units: UnitKey[] = ['A', 'B']): Case['targets'] {
  return Object.fromEntries(units.map((unit) => [unit, make(unit)])) as Case['targets'];
}

let counter = 0;
const next = () => {
  counter += 1;
  return counter;
};

/** A campaign of the target unit's fund, with a payment-code prefix no other request used. */
function campaignBody(tree: AccessTree, target: UnitKey): Json {
  return {
    fundId: tree.funds[target].id,
    name: `Đợt vận động ${next()}`,
    purpose: 'Hỗ trợ đồng bào bị ảnh hưởng bởi bão',
    receivingFrom: '2025-01-01',
    receivingTo: '2025-03-01',
    distributionDeadline: '2025-03-15',
    paymentCodePrefix: `MX${next()}`,
  };
}

/** A bank-transfer gift into the target unit's fund from a new donor. */
function giftBody(tree: AccessTree, target: UnitKey): Json {
  return {
    fundId: tree.funds[target].id,
    amount: '500000',
    currency: 'VND',
    receivedOn: '2024-09-12',
    channel: 'bank_transfer',
    donor: { kind: 'individual', name: 'Nguyễn Văn An' },
    disclosure: 'public',
  };
}

/** A pledge to the target unit's fund from a new donor. */
function pledgeBody(tree: AccessTree, target: UnitKey): Json {
  return {
    fundId: tree.funds[target].id,
    donor: { kind: 'organisation', name: 'Công ty TNHH Minh Phát' },
    amount: '1000000',
    currency: 'VND',
    pledgedOn: '2024-09-10',
  };
}

/** A gift into the target unit's fund from a new donor with a name no other request used; its donor id. */
async function newDonor(tree: AccessTree, admin: TestApi, target: UnitKey, name: string): Promise<string> {
  const gift = await admin.create('/api/v1/donations', {
    ...giftBody(tree, target),
    donor: { kind: 'individual', name },
  });
  return gift.donor.id as string;
}

/** A household of the target unit, with a name no other request used. */
function beneficiaryBody(tree: AccessTree, target: UnitKey): Json {
  return {
    unitId: tree.units[target],
    kind: 'household',
    name: `Lò Văn Quang ${next()}`,
    village: 'bản Huổi Én',
    povertyStatus: 'poor',
    phone: '0912 345 678',
  };
}

/** A house to build in the target unit, paid from its fund. */
function projectBody(tree: AccessTree, target: UnitKey, status = 'proposed'): Json {
  return {
    unitId: tree.units[target],
    fundId: tree.funds[target].id,
    kind: 'new_house',
    name: `Nhà Đại đoàn kết ${next()}`,
    budget: '60000000',
    status,
  };
}

async function newProject(admin: TestApi, tree: AccessTree, target: UnitKey, status = 'proposed') {
  return (await admin.create('/api/v1/projects', projectBody(tree, target, status))).id as string;
}

/** A small payment out of the target unit's fund (each fund holds enough for every case). */
function disbursementBody(tree: AccessTree, target: UnitKey): Json {
  return {
    fundId: tree.funds[target].id,
    amount: '10000',
    category: 'livelihood',
    purpose: `Hỗ trợ giống bò cho hộ nghèo ${next()}`,
    date: '2024-10-01',
  };
}

/** A lifecycle step (approve, pay…) made while building a request: it must answer 200. */
async function step(as: TestApi, path: string, body: Json): Promise<Json> {
  const response = await as.post(path, body);
  if (response.status !== 200) {
    throw new Error(`POST ${path} → ${response.status}: ${JSON.stringify(response.body)}`);
  }
  return response.body;
}

/** A global approver who is none of CALLERS: approves the drafts the pay and reverse cases need. */
let approverUser: Promise<TreeUser> | undefined;
async function approverApi(admin: TestApi): Promise<TestApi> {
  approverUser ??= createUserWithToken(admin, 'duyetchi', [{ unitId: null, role: 'approver' }]);
  return admin.as((await approverUser).token);
}

/**
 * A disbursement of the target unit's fund in the given state. The unit's clerk drafts it (no caller
 * did, so the four-eyes rule never stands in a caller's way), the global approver above approves it
 * and the global admin pays it.
 */
async function newDisbursement(
  admin: TestApi,
  tree: AccessTree,
  target: UnitKey,
  state: 'draft' | 'approved' | 'paid' = 'draft',
): Promise<string> {
  const clerk = admin.as(tree.clerks[target].token);
  const id = (await clerk.create('/api/v1/disbursements', disbursementBody(tree, target))).id as string;
  if (state === 'draft') return id;
  await step(await approverApi(admin), `/api/v1/disbursements/${id}/approve`, {
    decisionNo: `${next()}/QĐ-MTTQ`,
    decisionDate: '2024-10-02',
  });
  if (state === 'approved') return id;
  await step(admin, `/api/v1/disbursements/${id}/pay`, { paidOn: '2024-10-03' });
  return id;
}

/**
 * A transfer out of the target unit's fund: a commune remits to the province, the province allocates to
 * B. None reaches A, so none is readable by A's staff unless sent from A.
 */
function transferBody(tree: AccessTree, target: UnitKey): Json {
  return {
    fromFundId: tree.funds[target].id,
    toFundId: tree.funds[target === 'P' ? 'B' : 'P'].id,
    amount: '10000',
    date: '2024-09-20',
    purpose: `Điều chuyển kinh phí ${next()}`,
  };
}

async function newTransfer(admin: TestApi, tree: AccessTree, target: UnitKey): Promise<string> {
  return (await admin.create('/api/v1/transfers', transferBody(tree, target))).id as string;
}

/** A new fund of the target unit, whose periods a case may close without refusing another case's entries. */
async function closableFund(admin: TestApi, tree: AccessTree, target: UnitKey): Promise<string> {
  const fund = await admin.create('/api/v1/funds', {
    unitId: tree.units[target],
    kind: 'other',
    name: `Quỹ khóa sổ ${next()}`,
  });
  return fund.id as string;
}

/** A one-line bank statement of the target unit's bank account, imported by the global admin: its line id. */
async function statementLine(
  admin: TestApi,
  tree: AccessTree,
  target: UnitKey,
  line: { amount: number; memo: string; reference?: string },
): Promise<string> {
  const bank = tree.funds[target].accounts.bank!;
  const csv = `Ngày giao dịch,Số tham chiếu,Ghi nợ,Ghi có,Số dư,Nội dung\n15/09/2024,${line.reference ?? ''},,${line.amount},,${line.memo}\n`;
  await admin.create(`/api/v1/bank-accounts/${bank}/statements`, {
    format: 'generic-vn',
    contentBase64: Buffer.from(csv).toString('base64'),
  });
  const found = await admin.client.execute({
    sql: 'SELECT id FROM bank_statement_lines WHERE account_id = ? AND description = ?',
    args: [bank, line.memo],
  });
  return String(found.rows[0]!.id);
}

/** A gift of `amount` into the target unit's bank account, dated as statementLine's lines. */
async function giftOf(admin: TestApi, tree: AccessTree, target: UnitKey, amount: number, extra: Json = {}) {
  return (
    await admin.create('/api/v1/donations', {
      ...giftBody(tree, target),
      amount: String(amount),
      receivedOn: '2024-09-15',
      ...extra,
    })
  ).id as string;
}

/** A request on a line of the target unit's bank account. */
function lineRequest(tree: AccessTree, target: UnitKey, lineId: string, step: string, body?: Json): Req {
  return {
    method: 'POST',
    path: `/api/v1/bank-accounts/${tree.funds[target].accounts.bank}/lines/${lineId}/${step}`,
    ...(body === undefined ? {} : { body }),
  };
}

/** Keyed by route: a route of ROUTE_RULES without a case here fails the suite (see below). */
const CASES: Partial<Record<RouteKey, Case>> = {
  'GET /healthz': { success: 200, targets: perUnit(get(() => '/healthz')) },
  'GET /problems/:code': { success: 200, targets: perUnit(get(() => '/problems/forbidden')) },
  'POST /api/v1/auth/login': {
    success: 200,
    targets: perUnit((target) => async (tree) => ({
      method: 'POST',
      path: '/api/v1/auth/login',
      body: { username: tree.clerks[target].username, password: TEST_USER_PASSWORD },
    })),
  },
  'POST /api/v1/auth/logout': {
    success: 204,
    targets: perUnit(() => async () => ({ method: 'POST', path: '/api/v1/auth/logout' })),
  },
  'GET /api/v1/auth/me': { success: 200, targets: perUnit(get(() => '/api/v1/auth/me')) },
  'POST /api/v1/units': {
    success: 201,
    targets: perUnit(
      (target) => async (tree) => ({
        method: 'POST',
        path: '/api/v1/units',
        body: { name: `Thôn ${next()}`, kind: 'mttq', level: 'village', parentId: tree.units[target] },
      }),
      ['A', 'B', 'P'],
    ),
  },
  'GET /api/v1/units': {
    success: 200,
    lists: (body, tree, target) => (body.items as Json[]).some((unit) => unit.id === tree.units[target]),
    targets: perUnit(get((tree) => `/api/v1/units?parentId=${tree.units.P}&limit=500`)),
  },
  'GET /api/v1/units/:id': {
    success: 200,
    targets: perUnit(
      get((tree, target) => `/api/v1/units/${tree.units[target]}`),
      ['A', 'B', 'P'],
    ),
  },
  'POST /api/v1/units/:id/succession': {
    success: 200,
    targets: perUnit((target) => async (tree, admin) => {
      const village = (name: string) =>
        admin.create('/api/v1/units', { name, kind: 'mttq', level: 'village', parentId: tree.units[target] });
      const old = await village(`Thôn cũ ${next()}`);
      const merged = await village(`Thôn mới ${next()}`);
      return {
        method: 'POST',
        path: `/api/v1/units/${old.id}/succession`,
        body: { successorId: merged.id, effectiveOn: '2025-07-01' },
      };
    }),
  },
  'POST /api/v1/funds': {
    success: 201,
    targets: perUnit(
      (target) => async (tree) => ({
        method: 'POST',
        path: '/api/v1/funds',
        body: { unitId: tree.units[target], kind: 'relief_campaign', name: `Quỹ cứu trợ ${next()}` },
      }),
      ['A', 'B', 'P'],
    ),
  },
  'GET /api/v1/funds': {
    success: 200,
    lists: (body, tree, target) => (body.items as Json[]).some((fund) => fund.id === tree.funds[target].id),
    targets: perUnit(
      get(() => '/api/v1/funds?limit=500'),
      ['A', 'B', 'P'],
    ),
  },
  'GET /api/v1/funds/:id': {
    success: 200,
    targets: perUnit(
      get((tree, target) => `/api/v1/funds/${tree.funds[target].id}`),
      ['A', 'B', 'P'],
    ),
  },
  'POST /api/v1/accounts': {
    success: 201,
    targets: perUnit(
      (target) => async (tree) => ({
        method: 'POST',
        path: '/api/v1/accounts',
        body: {
          fundId: tree.funds[target].id,
          code: `1121.${next()}`,
          name: 'Tiền gửi ngân hàng 2',
          type: 'asset',
        },
      }),
      ['A', 'B', 'P'],
    ),
  },
  'GET /api/v1/accounts': {
    success: 200,
    targets: perUnit(
      get((tree, target) => `/api/v1/accounts?fundId=${tree.funds[target].id}`),
      ['A', 'B', 'P'],
    ),
  },
  'GET /api/v1/accounts/:id': {
    success: 200,
    targets: perUnit(get((tree, target) => `/api/v1/accounts/${tree.funds[target].accounts.bank}`)),
  },
  'GET /api/v1/accounts/:id/postings': {
    success: 200,
    targets: perUnit(get((tree, target) => `/api/v1/accounts/${tree.funds[target].accounts.bank}/postings`)),
  },
  'POST /api/v1/entries': {
    success: 201,
    targets: perUnit(
      (target) => async (tree) => ({
        method: 'POST',
        path: '/api/v1/entries',
        body: donation(tree.funds[target].accounts, '10000'),
      }),
      ['A', 'B', 'P'],
    ),
  },
  'GET /api/v1/entries/:id': {
    success: 200,
    targets: perUnit(
      get((tree, target) => `/api/v1/entries/${tree.entries[target]}`),
      ['A', 'B', 'P'],
    ),
  },
  'POST /api/v1/entries/:id/reverse': {
    success: 201,
    targets: perUnit(
      (target) => async (tree, admin) => {
        const entry = await admin.create('/api/v1/entries', donation(tree.funds[target].accounts, '20000'));
        return {
          method: 'POST',
          path: `/api/v1/entries/${entry.id}/reverse`,
          body: { reason: 'Ghi nhầm số tiền' },
        };
      },
      ['A', 'B', 'P'],
    ),
  },
  'GET /api/v1/reports/trial-balance': {
    success: 200,
    targets: perUnit(
      get((tree, target) => `/api/v1/reports/trial-balance?unitId=${tree.units[target]}`),
      ['A', 'B', 'P'],
    ),
  },
  'GET /api/v1/export/hledger': {
    success: 200,
    targets: perUnit(
      get((tree, target) => `/api/v1/export/hledger?fundId=${tree.funds[target].id}`),
      ['A', 'B', 'P'],
    ),
  },
  'POST /api/v1/users': {
    success: 201,
    targets: perUnit(
      (target) => async (tree) => ({
        method: 'POST',
        path: '/api/v1/users',
        body: {
          name: 'Kế toán mới',
          username: uniqueUsername('new'),
          password: TEST_USER_PASSWORD,
          grants: [{ unitId: tree.units[target], role: 'accountant' }],
        },
      }),
      ['A', 'B', 'P'],
    ),
  },
  'GET /api/v1/users': {
    success: 200,
    lists: (body, tree, target) => (body.items as Json[]).some((user) => user.id === tree.clerks[target].id),
    targets: perUnit(
      get(() => '/api/v1/users?limit=500'),
      ['A', 'B', 'P'],
    ),
  },
  'POST /api/v1/users/:id/grants': {
    success: 201,
    outOfScope: 404,
    targets: perUnit(
      (target) => async (tree) => ({
        method: 'POST',
        path: `/api/v1/users/${tree.clerks[target].id}/grants`,
        body: { unitId: tree.units[target], role: 'auditor' },
      }),
      ['A', 'B', 'P'],
    ),
  },
  'DELETE /api/v1/users/:id/grants/:grantId': {
    success: 200,
    outOfScope: 404,
    targets: perUnit(
      (target) => async (tree, admin) => {
        const user = tree.clerks[target].id;
        const grant = await admin.create(`/api/v1/users/${user}/grants`, {
          unitId: tree.units[target],
          role: 'approver',
        });
        return { method: 'DELETE', path: `/api/v1/users/${user}/grants/${grant.id}` };
      },
      ['A', 'B', 'P'],
    ),
  },
  'POST /api/v1/users/:id/tokens': {
    success: 201,
    permission: 'user.manage',
    outOfScope: 404,
    targets: perUnit(
      (target) => async (tree) => ({
        method: 'POST',
        path: `/api/v1/users/${tree.clerks[target].id}/tokens`,
        body: { name: `máy chủ báo cáo ${next()}` },
      }),
      ['A', 'B', 'P'],
    ),
  },
  'DELETE /api/v1/tokens/:id': {
    success: 200,
    permission: 'user.manage',
    outOfScope: 404,
    targets: perUnit(
      (target) => async (tree, admin) => {
        const token = await admin.create(`/api/v1/users/${tree.clerks[target].id}/tokens`, { name: 'tạm' });
        return { method: 'DELETE', path: `/api/v1/tokens/${token.id}` };
      },
      ['A', 'B', 'P'],
    ),
  },
  'POST /api/v1/campaigns': {
    success: 201,
    targets: perUnit(
      (target) => async (tree) => ({
        method: 'POST',
        path: '/api/v1/campaigns',
        body: campaignBody(tree, target),
      }),
      ['A', 'B', 'P'],
    ),
  },
  'GET /api/v1/campaigns': {
    success: 200,
    targets: perUnit(
      get((tree, target) => `/api/v1/campaigns?fundId=${tree.funds[target].id}`),
      ['A', 'B', 'P'],
    ),
  },
  'GET /api/v1/campaigns/:id': {
    success: 200,
    targets: perUnit(
      (target) => async (tree, admin) => {
        const campaign = await admin.create('/api/v1/campaigns', campaignBody(tree, target));
        return { method: 'GET', path: `/api/v1/campaigns/${campaign.id}` };
      },
      ['A', 'B', 'P'],
    ),
  },
  'POST /api/v1/donations': {
    success: 201,
    targets: perUnit(
      (target) => async (tree) => ({
        method: 'POST',
        path: '/api/v1/donations',
        body: giftBody(tree, target),
      }),
      ['A', 'B', 'P'],
    ),
  },
  'POST /api/v1/donations/batch': {
    success: 201,
    targets: perUnit(
      (target) => async (tree) => ({
        method: 'POST',
        path: '/api/v1/donations/batch',
        body: { donations: [giftBody(tree, target), { ...giftBody(tree, target), amount: '250000' }] },
      }),
      ['A', 'B', 'P'],
    ),
  },
  'GET /api/v1/donations': {
    success: 200,
    lists: (body, tree, target) =>
      (body.items as Json[]).some((donation) => donation.unitId === tree.units[target]),
    targets: perUnit(
      (target) => async (tree, admin) => {
        await admin.create('/api/v1/donations', giftBody(tree, target));
        return { method: 'GET', path: '/api/v1/donations?limit=500' };
      },
      ['A', 'B', 'P'],
    ),
  },
  'GET /api/v1/donations/:id': {
    success: 200,
    targets: perUnit(
      (target) => async (tree, admin) => {
        const donation = await admin.create('/api/v1/donations', giftBody(tree, target));
        return { method: 'GET', path: `/api/v1/donations/${donation.id}` };
      },
      ['A', 'B', 'P'],
    ),
  },
  'POST /api/v1/donations/:id/void': {
    success: 200,
    targets: perUnit(
      (target) => async (tree, admin) => {
        const donation = await admin.create('/api/v1/donations', giftBody(tree, target));
        return {
          method: 'POST',
          path: `/api/v1/donations/${donation.id}/void`,
          body: { reason: 'Nhập trùng' },
        };
      },
      ['A', 'B', 'P'],
    ),
  },
  'GET /api/v1/receipts/:receiptNo': {
    success: 200,
    targets: perUnit(
      (target) => async (tree, admin) => {
        const donation = await admin.create('/api/v1/donations', giftBody(tree, target));
        return { method: 'GET', path: `/api/v1/receipts/${encodeURIComponent(donation.receiptNo)}` };
      },
      ['A', 'B', 'P'],
    ),
  },
  'POST /api/v1/pledges': {
    success: 201,
    targets: perUnit(
      (target) => async (tree) => ({
        method: 'POST',
        path: '/api/v1/pledges',
        body: pledgeBody(tree, target),
      }),
      ['A', 'B', 'P'],
    ),
  },
  'GET /api/v1/pledges': {
    success: 200,
    lists: (body, tree, target) =>
      (body.items as Json[]).some((pledge) => pledge.unitId === tree.units[target]),
    targets: perUnit(
      (target) => async (tree, admin) => {
        await admin.create('/api/v1/pledges', pledgeBody(tree, target));
        return { method: 'GET', path: '/api/v1/pledges?limit=500' };
      },
      ['A', 'B', 'P'],
    ),
  },
  'POST /api/v1/pledges/:id/cancel': {
    success: 200,
    targets: perUnit(
      (target) => async (tree, admin) => {
        const pledge = await admin.create('/api/v1/pledges', pledgeBody(tree, target));
        return {
          method: 'POST',
          path: `/api/v1/pledges/${pledge.id}/cancel`,
          body: { reason: 'Rút đăng ký' },
        };
      },
      ['A', 'B', 'P'],
    ),
  },
  'GET /api/v1/reports/pledges': {
    success: 200,
    targets: perUnit(
      get((tree, target) => `/api/v1/reports/pledges?fundId=${tree.funds[target].id}`),
      ['A', 'B', 'P'],
    ),
  },
  'GET /api/v1/reports/general-ledger': {
    success: 200,
    targets: perUnit(
      get((tree, target) => `/api/v1/reports/general-ledger?fundId=${tree.funds[target].id}&from=2024-01-01`),
      ['A', 'B', 'P'],
    ),
  },
  'GET /api/v1/reports/journal': {
    success: 200,
    targets: perUnit(
      get(
        (tree, target) => `/api/v1/reports/journal?unitId=${tree.units[target]}&descendants=true&format=csv`,
      ),
      ['A', 'B', 'P'],
    ),
  },
  'GET /api/v1/reports/fund-statement': {
    success: 200,
    targets: perUnit(
      get((tree, target) => `/api/v1/reports/fund-statement?fundId=${tree.funds[target].id}&from=2024-01-01`),
      ['A', 'B', 'P'],
    ),
  },
  'GET /api/v1/reports/campaign-result': {
    success: 200,
    targets: perUnit(
      get((tree, target) => `/api/v1/reports/campaign-result?fundId=${tree.funds[target].id}`),
      ['A', 'B', 'P'],
    ),
  },
  // Closing touches a fresh fund of the target unit, so no other case's dated writes are refused.
  'POST /api/v1/period-closes': {
    success: 201,
    targets: perUnit(
      (target) => async (tree, admin) => ({
        method: 'POST',
        path: '/api/v1/period-closes',
        body: { fundId: await closableFund(admin, tree, target), periodEnd: '2024-06-30' },
      }),
      ['A', 'B', 'P'],
    ),
  },
  'GET /api/v1/period-closes': {
    success: 200,
    targets: perUnit(
      get((tree, target) => `/api/v1/period-closes?fundId=${tree.funds[target].id}`),
      ['A', 'B', 'P'],
    ),
  },
  'DELETE /api/v1/period-closes/:id': {
    success: 200,
    targets: perUnit(
      (target) => async (tree, admin) => {
        const fundId = await closableFund(admin, tree, target);
        const closed = await admin.create('/api/v1/period-closes', { fundId, periodEnd: '2024-06-30' });
        return {
          method: 'DELETE',
          path: `/api/v1/period-closes/${closed.id}?reason=${encodeURIComponent('Bổ sung chứng từ')}`,
        };
      },
      ['A', 'B', 'P'],
    ),
  },
  'GET /api/v1/donors': {
    success: 200,
    lists: (body, tree, target) =>
      (body.items as Json[]).some((donor) => donor.unitId === tree.units[target]),
    targets: perUnit(
      (target) => async (tree, admin) => {
        const name = `Nhà hảo tâm ${next()} ${target}`;
        await newDonor(tree, admin, target, name);
        return { method: 'GET', path: `/api/v1/donors?q=${encodeURIComponent(name)}&limit=500` };
      },
      ['A', 'B', 'P'],
    ),
  },
  'GET /api/v1/donors/:id': {
    success: 200,
    auditsRead: true,
    targets: perUnit(
      (target) => async (tree, admin) => {
        const donorId = await newDonor(tree, admin, target, `Nhà hảo tâm ${next()}`);
        return { method: 'GET', path: `/api/v1/donors/${donorId}` };
      },
      ['A', 'B', 'P'],
    ),
  },
  'POST /api/v1/donors/:id/merge': {
    success: 200,
    targets: perUnit(
      (target) => async (tree, admin) => {
        const survivor = await newDonor(tree, admin, target, `Nguyễn Văn ${next()}`);
        const duplicate = await newDonor(tree, admin, target, `Nguyen Van ${next()}`);
        return { method: 'POST', path: `/api/v1/donors/${duplicate}/merge`, body: { intoId: survivor } };
      },
      ['A', 'B', 'P'],
    ),
  },
  'GET /api/v1/campaigns/:id/vietqr': {
    success: 200,
    targets: perUnit(
      (target) => async (tree, admin) => {
        const campaign = await admin.create('/api/v1/campaigns', {
          ...campaignBody(tree, target),
          bankAccount: { bin: '970436', accountNo: '0011001932418', holder: 'UB MTTQ' },
        });
        return { method: 'GET', path: `/api/v1/campaigns/${campaign.id}/vietqr?amount=500000` };
      },
      ['A', 'B', 'P'],
    ),
  },
  'POST /api/v1/beneficiaries': {
    success: 201,
    targets: perUnit(
      (target) => async (tree) => ({
        method: 'POST',
        path: '/api/v1/beneficiaries',
        body: beneficiaryBody(tree, target),
      }),
      ['A', 'B', 'P'],
    ),
  },
  'GET /api/v1/beneficiaries': {
    success: 200,
    lists: (body, tree, target) => (body.items as Json[]).some((item) => item.unitId === tree.units[target]),
    targets: perUnit(
      (target) => async (tree, admin) => {
        await admin.create('/api/v1/beneficiaries', beneficiaryBody(tree, target));
        return { method: 'GET', path: '/api/v1/beneficiaries?limit=500' };
      },
      ['A', 'B', 'P'],
    ),
  },
  'GET /api/v1/beneficiaries/:id': {
    success: 200,
    auditsRead: true,
    outOfScope: 404,
    targets: perUnit(
      (target) => async (tree, admin) => {
        const made = await admin.create('/api/v1/beneficiaries', beneficiaryBody(tree, target));
        return { method: 'GET', path: `/api/v1/beneficiaries/${made.id}` };
      },
      ['A', 'B', 'P'],
    ),
  },
  'PATCH /api/v1/beneficiaries/:id': {
    success: 200,
    outOfScope: 404,
    targets: perUnit(
      (target) => async (tree, admin) => {
        const made = await admin.create('/api/v1/beneficiaries', beneficiaryBody(tree, target));
        return {
          method: 'PATCH',
          path: `/api/v1/beneficiaries/${made.id}`,
          body: { povertyStatus: 'near_poor' },
        };
      },
      ['A', 'B', 'P'],
    ),
  },
  'POST /api/v1/projects': {
    success: 201,
    targets: perUnit(
      (target) => async (tree) => ({
        method: 'POST',
        path: '/api/v1/projects',
        body: projectBody(tree, target),
      }),
      ['A', 'B', 'P'],
    ),
  },
  'GET /api/v1/projects': {
    success: 200,
    lists: (body, tree, target) => (body.items as Json[]).some((item) => item.unitId === tree.units[target]),
    targets: perUnit(
      (target) => async (tree, admin) => {
        await newProject(admin, tree, target);
        return { method: 'GET', path: '/api/v1/projects?limit=500' };
      },
      ['A', 'B', 'P'],
    ),
  },
  'GET /api/v1/projects/:id': {
    success: 200,
    targets: perUnit(
      (target) => async (tree, admin) => ({
        method: 'GET',
        path: `/api/v1/projects/${await newProject(admin, tree, target)}`,
      }),
      ['A', 'B', 'P'],
    ),
  },
  'POST /api/v1/projects/:id/status': {
    success: 200,
    targets: perUnit(
      (target) => async (tree, admin) => ({
        method: 'POST',
        path: `/api/v1/projects/${await newProject(admin, tree, target)}/status`,
        body: { status: 'approved', date: '2025-01-10', decisionNo: '45/QĐ-MTTQ' },
      }),
      ['A', 'B', 'P'],
    ),
  },
  'POST /api/v1/projects/:id/milestones': {
    success: 201,
    targets: perUnit(
      (target) => async (tree, admin) => ({
        method: 'POST',
        path: `/api/v1/projects/${await newProject(admin, tree, target)}/milestones`,
        body: { kind: 'other', date: '2025-01-05', note: 'Khảo sát hiện trạng' },
      }),
      ['A', 'B', 'P'],
    ),
  },
  'POST /api/v1/projects/:id/evidence': {
    success: 201,
    targets: perUnit(
      (target) => async (tree, admin) => ({
        method: 'POST',
        path: `/api/v1/projects/${await newProject(admin, tree, target)}/evidence`,
        body: {
          kind: 'photo',
          title: 'Ảnh khởi công',
          fileName: 'anh.png',
          contentType: 'image/png',
          contentBase64: 'iVBORw0KGgo=',
        },
      }),
      ['A', 'B', 'P'],
    ),
  },
  'GET /api/v1/projects/:id/evidence/:evidenceId': {
    success: 200,
    targets: perUnit(
      (target) => async (tree, admin) => {
        const project = await newProject(admin, tree, target);
        const evidence = await admin.create(`/api/v1/projects/${project}/evidence`, {
          kind: 'minutes',
          title: 'Biên bản',
          fileName: 'bien-ban.pdf',
          contentType: 'application/pdf',
          contentBase64: 'JVBERi0xLjQK',
        });
        return { method: 'GET', path: `/api/v1/projects/${project}/evidence/${evidence.id}` };
      },
      ['A', 'B', 'P'],
    ),
  },
  'POST /api/v1/projects/:id/handover': {
    success: 201,
    targets: perUnit(
      (target) => async (tree, admin) => ({
        method: 'POST',
        path: `/api/v1/projects/${await newProject(admin, tree, target, 'under_construction')}/handover`,
        body: {
          date: '2025-01-15',
          place: 'bản Huổi Én',
          handedOverBy: 'Ủy ban MTTQ xã',
          receivedBy: 'Ông Lò Văn Quang',
          minutesNo: '12/BB-MTTQ',
        },
      }),
      ['A', 'B', 'P'],
    ),
  },
  'POST /api/v1/disbursements': {
    success: 201,
    targets: perUnit(
      (target) => async (tree) => ({
        method: 'POST',
        path: '/api/v1/disbursements',
        body: disbursementBody(tree, target),
      }),
      ['A', 'B', 'P'],
    ),
  },
  'GET /api/v1/disbursements': {
    success: 200,
    lists: (body, tree, target) => (body.items as Json[]).some((item) => item.unitId === tree.units[target]),
    targets: perUnit(
      (target) => async (tree, admin) => {
        await newDisbursement(admin, tree, target);
        return { method: 'GET', path: `/api/v1/disbursements?fundId=${tree.funds[target].id}&limit=500` };
      },
      ['A', 'B', 'P'],
    ),
  },
  'GET /api/v1/disbursements/:id': {
    success: 200,
    outOfScope: 404,
    targets: perUnit(
      (target) => async (tree, admin) => ({
        method: 'GET',
        path: `/api/v1/disbursements/${await newDisbursement(admin, tree, target)}`,
      }),
      ['A', 'B', 'P'],
    ),
  },
  'POST /api/v1/disbursements/:id/approve': {
    success: 200,
    outOfScope: 404,
    targets: perUnit(
      (target) => async (tree, admin) => ({
        method: 'POST',
        path: `/api/v1/disbursements/${await newDisbursement(admin, tree, target)}/approve`,
        body: { decisionNo: `${next()}/QĐ-MTTQ`, decisionDate: '2024-10-02' },
      }),
      ['A', 'B', 'P'],
    ),
  },
  'POST /api/v1/disbursements/:id/reject': {
    success: 200,
    outOfScope: 404,
    targets: perUnit(
      (target) => async (tree, admin) => ({
        method: 'POST',
        path: `/api/v1/disbursements/${await newDisbursement(admin, tree, target)}/reject`,
        body: { reason: 'Hộ đã được hỗ trợ năm 2023' },
      }),
      ['A', 'B', 'P'],
    ),
  },
  'POST /api/v1/disbursements/:id/pay': {
    success: 200,
    outOfScope: 404,
    targets: perUnit(
      (target) => async (tree, admin) => ({
        method: 'POST',
        path: `/api/v1/disbursements/${await newDisbursement(admin, tree, target, 'approved')}/pay`,
        body: { paidOn: '2024-10-03' },
      }),
      ['A', 'B', 'P'],
    ),
  },
  'POST /api/v1/disbursements/:id/reverse': {
    success: 200,
    outOfScope: 404,
    targets: perUnit(
      (target) => async (tree, admin) => ({
        method: 'POST',
        path: `/api/v1/disbursements/${await newDisbursement(admin, tree, target, 'paid')}/reverse`,
        body: { reason: 'Chi nhầm hộ, thu hồi' },
      }),
      ['A', 'B', 'P'],
    ),
  },
  'POST /api/v1/transfers': {
    success: 201,
    targets: perUnit(
      (target) => async (tree) => ({
        method: 'POST',
        path: '/api/v1/transfers',
        body: transferBody(tree, target),
      }),
      ['A', 'B', 'P'],
    ),
  },
  'GET /api/v1/transfers': {
    success: 200,
    lists: (body, tree, target) =>
      (body.items as Json[]).some((item) => item.fromFundId === tree.funds[target].id),
    targets: perUnit(
      (target) => async (tree, admin) => {
        await newTransfer(admin, tree, target);
        return { method: 'GET', path: `/api/v1/transfers?fundId=${tree.funds[target].id}&limit=500` };
      },
      ['A', 'B', 'P'],
    ),
  },
  'GET /api/v1/transfers/:id': {
    success: 200,
    outOfScope: 404,
    targets: perUnit(
      (target) => async (tree, admin) => ({
        method: 'GET',
        path: `/api/v1/transfers/${await newTransfer(admin, tree, target)}`,
      }),
      ['A', 'B', 'P'],
    ),
  },
  'POST /api/v1/transfers/:id/reverse': {
    success: 200,
    outOfScope: 404,
    targets: perUnit(
      (target) => async (tree, admin) => ({
        method: 'POST',
        path: `/api/v1/transfers/${await newTransfer(admin, tree, target)}/reverse`,
        body: { reason: 'Chuyển nhầm quỹ' },
      }),
      ['A', 'B', 'P'],
    ),
  },
  'GET /api/v1/donations/:id/trace': {
    success: 200,
    targets: perUnit(
      (target) => async (tree, admin) => {
        const donation = await admin.create('/api/v1/donations', giftBody(tree, target));
        return { method: 'GET', path: `/api/v1/donations/${donation.id}/trace` };
      },
      ['A', 'B', 'P'],
    ),
  },
  'GET /api/v1/receipts/:receiptNo/trace': {
    success: 200,
    targets: perUnit(
      (target) => async (tree, admin) => {
        const donation = await admin.create('/api/v1/donations', giftBody(tree, target));
        return { method: 'GET', path: `/api/v1/receipts/${encodeURIComponent(donation.receiptNo)}/trace` };
      },
      ['A', 'B', 'P'],
    ),
  },
  'GET /api/v1/projects/:id/sources': {
    success: 200,
    outOfScope: 404,
    targets: perUnit(
      (target) => async (tree, admin) => ({
        method: 'GET',
        path: `/api/v1/projects/${await newProject(admin, tree, target)}/sources`,
      }),
      ['A', 'B', 'P'],
    ),
  },
  // Bank statements and reconciliation (issue 7): at the bank account's unit; every line is a fresh one.
  'POST /api/v1/bank-accounts/:accountId/statements': {
    success: 201,
    targets: perUnit(
      (target) => async (tree) => ({
        method: 'POST',
        path: `/api/v1/bank-accounts/${tree.funds[target].accounts.bank}/statements`,
        body: {
          format: 'generic-vn',
          contentBase64: Buffer.from(
            `Ngày giao dịch,Ghi có,Nội dung\n16/09/2024,${10_000 + next()},Ung ho ${next()}\n`,
          ).toString('base64'),
        },
      }),
      ['A', 'B', 'P'],
    ),
  },
  'GET /api/v1/bank-accounts/:accountId/lines': {
    success: 200,
    targets: perUnit(
      get(
        (tree, target) => `/api/v1/bank-accounts/${tree.funds[target].accounts.bank}/lines?status=unmatched`,
      ),
      ['A', 'B', 'P'],
    ),
  },
  'POST /api/v1/bank-accounts/:accountId/lines/:lineId/match': {
    success: 200,
    targets: perUnit(
      (target) => async (tree, admin) => {
        const amount = 20_000 + next();
        const line = await statementLine(admin, tree, target, { amount, memo: `Chuyen tien ${next()}` });
        const gift = await giftOf(admin, tree, target, amount);
        return lineRequest(tree, target, line, 'match', { kind: 'donation', id: gift });
      },
      ['A', 'B', 'P'],
    ),
  },
  'POST /api/v1/bank-accounts/:accountId/lines/:lineId/confirm': {
    success: 200,
    targets: perUnit(
      (target) => async (tree, admin) => {
        const amount = 30_000 + next();
        await giftOf(admin, tree, target, amount);
        const line = await statementLine(admin, tree, target, {
          amount,
          memo: `NGUYEN VAN AN chuyen tien ${next()}`,
        });
        return lineRequest(tree, target, line, 'confirm');
      },
      ['A', 'B', 'P'],
    ),
  },
  'POST /api/v1/bank-accounts/:accountId/lines/:lineId/unmatch': {
    success: 200,
    targets: perUnit(
      (target) => async (tree, admin) => {
        const amount = 40_000 + next();
        const reference = `MTX${next()}`;
        await giftOf(admin, tree, target, amount, { bankRef: reference });
        const line = await statementLine(admin, tree, target, {
          amount,
          memo: `Ung ho ${next()}`,
          reference,
        });
        return lineRequest(tree, target, line, 'unmatch');
      },
      ['A', 'B', 'P'],
    ),
  },
  'POST /api/v1/bank-accounts/:accountId/lines/:lineId/ignore': {
    success: 200,
    targets: perUnit(
      (target) => async (tree, admin) => {
        const line = await statementLine(admin, tree, target, {
          amount: 50_000 + next(),
          memo: `Hoan tien ${next()}`,
        });
        return lineRequest(tree, target, line, 'ignore', { reason: 'Ngân hàng chuyển nhầm, sẽ hoàn trả' });
      },
      ['A', 'B', 'P'],
    ),
  },
  'POST /api/v1/bank-accounts/:accountId/lines/:lineId/donation': {
    success: 201,
    targets: perUnit(
      (target) => async (tree, admin) => {
        const line = await statementLine(admin, tree, target, {
          amount: 60_000 + next(),
          memo: `TRAN THI BINH ung ho ${next()}`,
        });
        return lineRequest(tree, target, line, 'donation', {});
      },
      ['A', 'B', 'P'],
    ),
  },
  'GET /api/v1/bank-accounts/:accountId/reconciliation': {
    success: 200,
    targets: perUnit(
      get(
        (tree, target) =>
          `/api/v1/bank-accounts/${tree.funds[target].accounts.bank}/reconciliation?asOf=2024-09-30`,
      ),
      ['A', 'B', 'P'],
    ),
  },
  'GET /api/v1/public/integrity': { success: 200, targets: perUnit(get(() => '/api/v1/public/integrity')) },
  // The public site's API (issue 6): everyone gets the same answer, signed in or not.
  'GET /api/v1/public/funds': { success: 200, targets: perUnit(get(() => '/api/v1/public/funds')) },
  'GET /api/v1/public/funds/:id': {
    success: 200,
    targets: perUnit(get((tree, target) => `/api/v1/public/funds/${tree.funds[target].id}`)),
  },
  'GET /api/v1/public/funds/:id/donations': {
    success: 200,
    targets: perUnit((target) => async (tree, admin) => {
      await admin.create('/api/v1/donations', giftBody(tree, target));
      return { method: 'GET', path: `/api/v1/public/funds/${tree.funds[target].id}/donations?q=nguyen` };
    }),
  },
  'GET /api/v1/public/funds/:id/donations.csv': {
    success: 200,
    targets: perUnit(get((tree, target) => `/api/v1/public/funds/${tree.funds[target].id}/donations.csv`)),
  },
  'GET /api/v1/public/funds/:id/disbursements': {
    success: 200,
    targets: perUnit(get((tree, target) => `/api/v1/public/funds/${tree.funds[target].id}/disbursements`)),
  },
  'GET /api/v1/public/funds/:id/disbursements.csv': {
    success: 200,
    targets: perUnit(
      get((tree, target) => `/api/v1/public/funds/${tree.funds[target].id}/disbursements.csv`),
    ),
  },
  'GET /api/v1/public/projects/:id': {
    success: 200,
    targets: perUnit((target) => async (tree, admin) => ({
      method: 'GET',
      path: `/api/v1/public/projects/${await newProject(admin, tree, target)}`,
    })),
  },
  'GET /api/v1/public/projects/:id/evidence/:evidenceId': {
    success: 200,
    targets: perUnit((target) => async (tree, admin) => {
      const project = await newProject(admin, tree, target);
      const evidence = await admin.create(`/api/v1/projects/${project}/evidence`, {
        kind: 'photo',
        title: 'Ảnh ngôi nhà',
        fileName: 'nha.pdf',
        contentType: 'application/pdf',
        contentBase64: 'JVBERi0xLjQK',
        isPublic: true,
      });
      return { method: 'GET', path: `/api/v1/public/projects/${project}/evidence/${evidence.id}` };
    }),
  },
  'GET /api/v1/public/trace': {
    success: 200,
    targets: perUnit((target) => async (tree, admin) => {
      const donation = await admin.create('/api/v1/donations', giftBody(tree, target));
      return {
        method: 'GET',
        path: `/api/v1/public/trace?receipt=${encodeURIComponent(donation.receiptNo)}`,
      };
    }),
  },
  'GET /api/v1/public/campaigns/:id/notices': {
    success: 200,
    targets: perUnit((target) => async (tree, admin) => {
      const campaign = await admin.create('/api/v1/campaigns', campaignBody(tree, target));
      return { method: 'GET', path: `/api/v1/public/campaigns/${campaign.id}/notices` };
    }),
  },
  'POST /api/v1/campaigns/:id/notices': {
    success: 201,
    targets: perUnit(
      (target) => async (tree, admin) => {
        const campaign = await admin.create('/api/v1/campaigns', campaignBody(tree, target));
        return {
          method: 'POST',
          path: `/api/v1/campaigns/${campaign.id}/notices`,
          body: { kind: 'received' },
        };
      },
      ['A', 'B', 'P'],
    ),
  },
  'GET /receipts/:receiptNo': {
    success: 200,
    targets: perUnit(
      (target) => async (tree, admin) => {
        const donation = await admin.create('/api/v1/donations', giftBody(tree, target));
        return { method: 'GET', path: `/receipts/${encodeURIComponent(donation.receiptNo)}` };
      },
      ['A', 'B', 'P'],
    ),
  },
  'GET /assets/:name': { success: 200, targets: perUnit(get(() => '/assets/receipt.css')) },
  // The public site's pages (issue 6): the same page for everyone, signed in or not.
  'GET /': { success: 200, targets: perUnit(get(() => '/')) },
  'GET /funds/:id': {
    success: 200,
    targets: perUnit(get((tree, target) => `/funds/${tree.funds[target].id}`)),
  },
  'GET /funds/:id/donations': {
    success: 200,
    targets: perUnit(get((tree, target) => `/funds/${tree.funds[target].id}/donations?q=nguyen`)),
  },
  'GET /campaigns/:id/donations': {
    success: 200,
    targets: perUnit((target) => async (tree, admin) => {
      const campaign = await admin.create('/api/v1/campaigns', campaignBody(tree, target));
      return { method: 'GET', path: `/campaigns/${campaign.id}/donations` };
    }),
  },
  'GET /funds/:id/disbursements': {
    success: 200,
    targets: perUnit(get((tree, target) => `/funds/${tree.funds[target].id}/disbursements`)),
  },
  'GET /trace': {
    success: 200,
    targets: perUnit((target) => async (tree, admin) => {
      const donation = await admin.create('/api/v1/donations', giftBody(tree, target));
      return { method: 'GET', path: `/trace?q=${encodeURIComponent(donation.receiptNo)}` };
    }),
  },
  'GET /projects/:id': {
    success: 200,
    targets: perUnit((target) => async (tree, admin) => ({
      method: 'GET',
      path: `/projects/${await newProject(admin, tree, target)}`,
    })),
  },
  // The language switch remembers the choice and goes back to the page (a redirect).
  'GET /lang/:code': { success: 303, targets: perUnit(get(() => '/lang/en?next=%2Ftrace')) },
  'GET /reports/trial-balance': {
    success: 200,
    targets: perUnit(
      get((tree, target) => `/reports/trial-balance?fundId=${tree.funds[target].id}`),
      ['A', 'B', 'P'],
    ),
  },
  'GET /reports/general-ledger': {
    success: 200,
    targets: perUnit(
      get((tree, target) => `/reports/general-ledger?unitId=${tree.units[target]}&from=2024-01-01`),
      ['A', 'B', 'P'],
    ),
  },
  'GET /reports/journal': {
    success: 200,
    targets: perUnit(
      get((tree, target) => `/reports/journal?fundId=${tree.funds[target].id}&from=2024-01-01`),
      ['A', 'B', 'P'],
    ),
  },
  'GET /reports/fund-statement': {
    success: 200,
    targets: perUnit(
      get((tree, target) => `/reports/fund-statement?unitId=${tree.units[target]}&descendants=true`),
      ['A', 'B', 'P'],
    ),
  },
  'GET /reports/campaign-result': {
    success: 200,
    targets: perUnit(
      (target) => async (tree, admin) => {
        const campaign = await admin.create('/api/v1/campaigns', campaignBody(tree, target));
        return { method: 'GET', path: `/reports/campaign-result?campaignId=${campaign.id}` };
      },
      ['A', 'B', 'P'],
    ),
  },
  'GET /api/v1/audit': {
    success: 200,
    lists: (body) =>
      (body.items as Json[]).some((item) => item.action === 'funds.create' && item.outcome === 'success'),
    targets: perUnit(
      get((tree, target) => `/api/v1/audit?objectId=${tree.funds[target].id}&limit=500`),
      ['A', 'B', 'P'],
    ),
  },
};

type Caller = CallerName | 'anonymous';

interface Expected {
  status: number;
  problem?: 'unauthenticated' | 'forbidden' | 'not-found';
  /** For lists: whether the target's object must be in the page. */
  listed?: boolean;
}

/** The outcome the issue asks for, from ROUTE_RULES' access and the role table above. */
function expectedOutcome(key: RouteKey, kase: Case, caller: Caller, target: UnitKey): Expected {
  const access: string = ROUTE_RULES[key].access;
  if (access === 'public') return { status: kase.success };
  if (caller === 'anonymous') return { status: 401, problem: 'unauthenticated' };
  if (access !== 'signed-in' && !holdsAnywhere(caller, access)) return { status: 403, problem: 'forbidden' };
  const permission = kase.permission ?? access;
  const inScope = permission === 'signed-in' || holdsAt(caller, permission, target);
  if (kase.lists) return { status: kase.success, listed: inScope };
  if (inScope) return { status: kase.success };
  const status = kase.outOfScope ?? 403;
  return { status, problem: status === 404 ? 'not-found' : 'forbidden' };
}

/**
 * What the audit trail must hold for one request: writes and their refusals always; reads only when
 * denied, or on success when they show private fields (`auditedRead`).
 */
function expectedAudit(method: string, status: number, auditedRead = false): string[] {
  const unsafe = method !== 'GET';
  if (status < 400) return unsafe || auditedRead ? ['success'] : [];
  if (status === 401 || status === 403) return unsafe || status === 403 ? ['denied'] : [];
  return unsafe ? ['refused'] : [];
}

const registeredRoutes = (api: TestApi) =>
  [
    ...new Set(api.app.routes.filter((route) => route.method !== 'ALL').map((r) => `${r.method} ${r.path}`)),
  ].sort();

describe('access matrix: every route × role × scope', () => {
  let api: TestApi;
  let tree: AccessTree;
  let cleanup = () => {};
  const callers: Record<Caller, TestApi> = {} as Record<Caller, TestApi>;

  beforeAll(async () => {
    const env = await freshApi();
    api = env.api;
    cleanup = env.cleanup;
    tree = await buildAccessTree(api);
    for (const name of Object.keys(CALLERS) as CallerName[]) callers[name] = api.as(tree.callers[name].token);
    callers.anonymous = api.anonymous();
  });
  afterAll(() => cleanup());

  it('has a rule for every route the app registers, and a route for every rule', async () => {
    const env = await freshApi();
    try {
      expect(registeredRoutes(env.api)).toEqual(Object.keys(ROUTE_RULES).sort());
    } finally {
      env.cleanup();
    }
  });

  it('has a case for every rule, each with an in-scope (A) and an out-of-scope (B or P) request', () => {
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(ROUTE_RULES).sort());
    for (const [key, kase] of Object.entries(CASES) as [string, Case][]) {
      expect(typeof kase.targets.A, key).toBe('function');
      expect(Boolean(kase.targets.B ?? kase.targets.P), key).toBe(true);
    }
  });

  it('refuses a route without a rule even to a global admin (fails closed)', async () => {
    const env = await freshApi();
    try {
      env.api.app.get('/api/v1/secret', (c) => c.json({ secret: 'do-not-leak-this' }));
      const response = await env.api.get('/api/v1/secret');
      expectProblem(response, 'forbidden');
      expect(JSON.stringify(response.body)).not.toContain('do-not-leak-this');
    } finally {
      env.cleanup();
    }
  });

  for (const key of Object.keys(ROUTE_RULES) as RouteKey[]) {
    const kase = CASES[key];
    if (!kase) {
      it(`${key} has a case in CASES`, () => {
        expect.fail(`${key} has no case: add one to CASES in test/access/matrix.test.ts`);
      });
      continue;
    }
    describe(key, () => {
      const rows: [Caller, UnitKey][] = [];
      for (const caller of Object.keys(CALLERS) as CallerName[]) {
        for (const target of Object.keys(kase.targets) as UnitKey[]) rows.push([caller, target]);
      }
      rows.push(['anonymous', 'A']);

      it.each(rows)('%s → %s', async (caller, target) => {
        const expected = expectedOutcome(key, kase, caller, target);
        const request = await kase.targets[target]!(tree, api);
        expect(`${request.method} ${request.path}`).toMatch(new RegExp(`^${key.split(' ')[0]} `));
        const requestId = `matrix-${next()}`;
        const response: ApiResponse = await callers[caller].request(
          request.method,
          request.path,
          request.body,
          {
            'X-Request-Id': requestId,
          },
        );
        const label = `${caller} ${request.method} ${request.path} → ${response.status} ${JSON.stringify(response.body)}`;
        expect(response.status, label).toBe(expected.status);
        if (expected.problem) {
          expectProblem(response, expected.problem);
          if (expected.status === 401) expect(response.headers.get('WWW-Authenticate')).toMatch(/^Bearer /);
        }
        if (expected.listed !== undefined) {
          expect(kase.lists!(response.body, tree, target), label).toBe(expected.listed);
        }
        const audit = await api.client.execute({
          sql: 'SELECT outcome, status FROM audit_log WHERE request_id = ? ORDER BY seq',
          args: [requestId],
        });
        expect(
          audit.rows.map((row) => row.outcome),
          label,
        ).toEqual(expectedAudit(request.method, response.status, kase.auditsRead));
        for (const row of audit.rows) expect(Number(row.status)).toBe(response.status);
      });
    });
  }

  describe('scope edges', () => {
    it('lets only a global admin create a root unit', async () => {
      const root = { name: 'MTTQ tỉnh Điện Biên', kind: 'mttq', level: 'province' };
      expectProblem(await callers.adminA.post('/api/v1/units', root), 'forbidden');
      expect((await callers.globalAdmin.post('/api/v1/units', root)).status).toBe(201);
    });

    it('refuses an entry touching commune A and commune B to an accountant of A, writing nothing', async () => {
      const entries = await countRows(api, 'journal_entries');
      const mixed = entryBody([
        { accountId: tree.funds.A.accounts.bank!, side: 'debit', amount: '100' },
        { accountId: tree.funds.A.accounts.donation_revenue!, side: 'credit', amount: '100' },
        { accountId: tree.funds.B.accounts.bank!, side: 'debit', amount: '100' },
        { accountId: tree.funds.B.accounts.donation_revenue!, side: 'credit', amount: '100' },
      ]);
      expectProblem(await callers.accountantA.post('/api/v1/entries', mixed), 'forbidden');
      expect(await countRows(api, 'journal_entries')).toBe(entries);
      expect((await callers.accountantP.post('/api/v1/entries', mixed)).status).toBe(201);
    });

    it('refuses a scoped admin a grant over the whole tree or above their unit', async () => {
      const clerk = tree.clerks.A.id;
      expectProblem(
        await callers.adminA.post(`/api/v1/users/${clerk}/grants`, { unitId: null, role: 'auditor' }),
        'forbidden',
      );
      expectProblem(
        await callers.adminA.post(`/api/v1/users/${clerk}/grants`, { unitId: tree.units.P, role: 'auditor' }),
        'forbidden',
      );
      const grants = await api.client.execute({
        sql: 'SELECT count(*) AS n FROM grants WHERE user_id = ? AND (unit_id IS NULL OR unit_id = ?)',
        args: [clerk, tree.units.P],
      });
      expect(Number(grants.rows[0]!.n)).toBe(0);
    });

    it('refuses a scoped admin a user with no role, whom only a global admin could manage', async () => {
      const body = () => ({ name: 'Không vai trò', username: uniqueUsername('norole'), grants: [] });
      expectProblem(await callers.adminA.post('/api/v1/users', body()), 'forbidden');
      expect((await callers.globalAdmin.post('/api/v1/users', body())).status).toBe(201);
    });

    it('keeps a scoped admin from managing a user who also holds a role elsewhere', async () => {
      const both = await api.create('/api/v1/users', {
        name: 'Hai nơi',
        username: uniqueUsername('both'),
        grants: [
          { unitId: tree.units.A, role: 'accountant' },
          { unitId: tree.units.B, role: 'accountant' },
        ],
      });
      expectProblem(await callers.adminA.post(`/api/v1/users/${both.id}/tokens`, { name: 'x' }), 'not-found');
      expectProblem(
        await callers.adminA.post(`/api/v1/users/${both.id}/grants`, {
          unitId: tree.units.A,
          role: 'auditor',
        }),
        'not-found',
      );
      expectProblem(
        await callers.adminA.post(`/api/v1/users/${tree.callers.globalAdmin.id}/tokens`, { name: 'x' }),
        'not-found',
      );
    });

    it('does not replay another user’s idempotent write to a caller without the right', async () => {
      const headers = { 'Idempotency-Key': `shared-key-${next()}` };
      const body = donation(tree.funds.B.accounts, '3000');
      const first = await callers.globalAdmin.post('/api/v1/entries', body, headers);
      expect(first.status).toBe(201);
      const entries = await countRows(api, 'journal_entries');
      const replay = await callers.accountantA.post('/api/v1/entries', body, headers);
      expectProblem(replay, 'forbidden');
      expect(replay.headers.get('Idempotency-Hit')).toBeNull();
      expect(JSON.stringify(replay.body)).not.toContain(first.body.id as string);
      // The same key is the caller's own: a second user's key never collides with the first's.
      const own = await callers.accountantP.post('/api/v1/entries', body, headers);
      expect(own.status).toBe(201);
      expect(own.body.id).not.toBe(first.body.id);
      expect(await countRows(api, 'journal_entries')).toBe(entries + 1);
      const again = await callers.accountantP.post('/api/v1/entries', body, headers);
      expect(again.headers.get('Idempotency-Hit')).toBe('true');
      expect(again.body.id).toBe(own.body.id);
    });

    it('lists only the funds and users in the caller’s scope', async () => {
      const funds = await callers.accountantA.get('/api/v1/funds?limit=500');
      const units = new Set((funds.body.items as Json[]).map((fund) => fund.unitId));
      expect(units.has(tree.units.A)).toBe(true);
      expect(units.has(tree.units.B)).toBe(false);
      expect(units.has(tree.units.P)).toBe(false);
      expectProblem(await callers.accountantA.get(`/api/v1/funds?unitId=${tree.units.B}`), 'forbidden');
      expectProblem(await callers.accountantA.get(`/api/v1/accounts?unitId=${tree.units.P}`), 'forbidden');
      expectProblem(await callers.accountantA.get('/api/v1/reports/trial-balance'), 'forbidden');
      const users = await callers.adminA.get('/api/v1/users?limit=500');
      const ids = new Set((users.body.items as Json[]).map((user) => user.id));
      expect(ids.has(tree.callers.accountantA.id)).toBe(true);
      expect(ids.has(tree.callers.accountantP.id)).toBe(false);
      expect(ids.has(tree.clerks.B.id)).toBe(false);
    });
  });
});

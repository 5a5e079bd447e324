import type { Client } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTE_RULES, type RouteKey } from '../../src/http/access-rules.ts';
import {
  type AccessTree,
  buildAccessTree,
  createUserWithToken,
  TEST_USER_PASSWORD,
  uniqueUsername,
} from '../support/access.ts';
import { type ApiResponse, type Json, TestApi } from '../support/api.ts';
import { freshDatabase } from '../support/database.ts';
import {
  collectPages,
  countRows,
  disbursement,
  donation,
  entryBody,
  expectProblem,
} from '../support/ledger.ts';

const CLIENT_IP = '192.0.2.44';

async function auditRows(client: Client, requestId: string): Promise<Json[]> {
  const result = await client.execute({
    sql: 'SELECT * FROM audit_log WHERE request_id = ? ORDER BY seq',
    args: [requestId],
  });
  return result.rows.map((row) => ({ ...row }));
}

async function auditCount(client: Client, where = '1 = 1', args: (string | number)[] = []): Promise<number> {
  const result = await client.execute({ sql: `SELECT count(*) AS n FROM audit_log WHERE ${where}`, args });
  return Number(result.rows[0]!.n);
}

describe('audit trail', () => {
  let clockMs: number;
  let client: Client;
  let api: TestApi;
  let tree: AccessTree;
  let cleanup = () => {};

  beforeAll(async () => {
    const database = await freshDatabase();
    client = database.client;
    cleanup = database.cleanup;
    clockMs = Date.parse('2025-01-02T03:00:00Z');
    api = new TestApi(client, () => clockMs);
    tree = await buildAccessTree(api);
  });
  afterAll(() => cleanup());

  const as = (name: keyof AccessTree['callers']) => api.as(tree.callers[name].token);

  /** Sends a request and returns it with the one audit record it must have left. */
  async function audited(
    caller: TestApi,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ response: ApiResponse; record: Json }> {
    const before = await auditCount(client);
    const response = await caller.request(method, path, body, { 'X-Test-Client-Ip': CLIENT_IP, ...headers });
    const requestId = response.headers.get('X-Request-Id')!;
    expect(requestId).toMatch(/^[A-Za-z0-9._-]{1,64}$/);
    const rows = await auditRows(client, requestId);
    expect(rows, `${method} ${path} → ${response.status}`).toHaveLength(1);
    expect(await auditCount(client)).toBe(before + 1);
    return { response, record: rows[0]! };
  }

  const campaign = (prefix: string) => ({
    fundId: tree.funds.A.id,
    name: 'Đợt vận động mùa lũ',
    purpose: 'Hỗ trợ đồng bào vùng lũ',
    receivingFrom: '2025-01-01',
    receivingTo: '2025-03-01',
    distributionDeadline: '2025-03-15',
    paymentCodePrefix: prefix,
  });
  const gift = () => ({
    fundId: tree.funds.A.id,
    amount: '300000',
    currency: 'VND',
    receivedOn: '2024-09-12',
    channel: 'bank_transfer',
    donor: { kind: 'organisation', name: 'Công ty TNHH Sao Mai' },
    disclosure: 'public',
  });
  const beneficiary = () => ({
    unitId: tree.units.A,
    kind: 'household',
    name: 'Lò Văn Quang',
    village: 'bản Huổi Én',
    povertyStatus: 'poor',
    nationalId: '038090001234',
  });
  const project = async (status = 'proposed') =>
    (
      await api.create('/api/v1/projects', {
        unitId: tree.units.A,
        fundId: tree.funds.A.id,
        kind: 'new_house',
        name: 'Nhà Đại đoàn kết hộ L.V.Q.',
        budget: '60000000',
        status,
      })
    ).id as string;
  const pledge = () => ({
    fundId: tree.funds.A.id,
    donor: { kind: 'organisation', name: 'Công ty TNHH Sao Mai' },
    amount: '2000000',
    currency: 'VND',
    pledgedOn: '2024-09-10',
  });
  const disbursementBody = () => ({
    fundId: tree.funds.A.id,
    amount: '1500000',
    category: 'livelihood',
    purpose: 'Hỗ trợ giống bò sinh sản cho hộ nghèo bản Huổi Én',
    date: '2024-10-01',
  });
  /** A disbursement of A that A's clerk drafted (so A's approver may approve it: four eyes). */
  const disbursementOfA = async (state: 'draft' | 'approved' | 'paid' = 'draft') => {
    const id = (await api.as(tree.clerks.A.token).create('/api/v1/disbursements', disbursementBody()))
      .id as string;
    const step = async (caller: TestApi, action: string, body: Json) =>
      expect((await caller.post(`/api/v1/disbursements/${id}/${action}`, body)).status).toBe(200);
    if (state === 'draft') return id;
    await step(as('approverA'), 'approve', { decisionNo: '125/QĐ-MTTQ', decisionDate: '2024-10-02' });
    if (state === 'paid') await step(api, 'pay', { paidOn: '2024-10-03' });
    return id;
  };
  /** A new fund of A: closing its periods refuses none of the other cases' dated writes. */
  const closableFundOfA = async () =>
    (await api.create('/api/v1/funds', { unitId: tree.units.A, kind: 'other', name: 'Quỹ khóa sổ' }))
      .id as string;
  const transferBody = () => ({
    fromFundId: tree.funds.A.id,
    toFundId: tree.funds.P.id,
    amount: '400000',
    date: '2024-09-20',
    purpose: 'Nộp quỹ cấp tỉnh',
  });

  describe('successful writes', () => {
    interface WriteCase {
      caller: keyof AccessTree['callers'] | 'anonymous';
      /** Who the record must name: the caller unless given. */
      actor?: () => string;
      request: () => Promise<{
        method: string;
        path: string;
        body?: unknown;
        headers?: Record<string, string>;
      }>;
      status: number;
      /** The audited object: the response's id unless given. */
      objectId?: (response: ApiResponse) => string;
      unit: () => string | null;
    }
    // Bank statements (issue 7): a fresh one-line statement of A's bank account per case; its line id.
    let statementCount = 0;
    const statementLineOfA = async (amount: number, memo: string, reference = ''): Promise<string> => {
      const bank = tree.funds.A.accounts.bank!;
      const csv = `Ngày giao dịch,Số tham chiếu,Ghi nợ,Ghi có,Số dư,Nội dung\n15/09/2024,${reference},,${amount},,${memo}\n`;
      await api.create(`/api/v1/bank-accounts/${bank}/statements`, {
        format: 'generic-vn',
        contentBase64: Buffer.from(csv).toString('base64'),
      });
      const found = await client.execute({
        sql: 'SELECT id FROM bank_statement_lines WHERE account_id = ? AND description = ?',
        args: [bank, memo],
      });
      return String(found.rows[0]!.id);
    };
    const giftOfA = async (amount: number, extra: Json = {}): Promise<string> =>
      (
        await api.create('/api/v1/donations', {
          fundId: tree.funds.A.id,
          amount: String(amount),
          currency: 'VND',
          receivedOn: '2024-09-15',
          channel: 'bank_transfer',
          donor: { kind: 'individual', name: 'Nguyễn Văn An' },
          disclosure: 'public',
          ...extra,
        })
      ).id as string;
    const linePath = (lineId: string, step: string) =>
      `/api/v1/bank-accounts/${tree.funds.A.accounts.bank}/lines/${lineId}/${step}`;
    const nextAmount = () => {
      statementCount += 1;
      return 70_000 + statementCount;
    };
    const writeCases: Partial<Record<RouteKey, WriteCase>> = {
      'POST /api/v1/auth/login': {
        caller: 'anonymous',
        actor: () => tree.clerks.A.id,
        request: async () => ({
          method: 'POST',
          path: '/api/v1/auth/login',
          body: { username: tree.clerks.A.username, password: TEST_USER_PASSWORD },
        }),
        status: 200,
        objectId: () => tree.clerks.A.id,
        unit: () => tree.units.A,
      },
      'POST /api/v1/auth/logout': {
        caller: 'accountantA',
        request: async () => ({ method: 'POST', path: '/api/v1/auth/logout' }),
        status: 204,
        objectId: () => tree.callers.accountantA.id,
        unit: () => tree.units.A,
      },
      'POST /api/v1/units': {
        caller: 'adminA',
        request: async () => ({
          method: 'POST',
          path: '/api/v1/units',
          body: { name: 'Thôn Nà Khum', kind: 'mttq', parentId: tree.units.A },
        }),
        status: 201,
        unit: () => null,
      },
      'POST /api/v1/units/:id/succession': {
        caller: 'adminA',
        request: async () => {
          const old = await api.create('/api/v1/units', {
            name: 'Thôn cũ',
            kind: 'mttq',
            parentId: tree.units.A,
          });
          const next = await api.create('/api/v1/units', {
            name: 'Thôn mới',
            kind: 'mttq',
            parentId: tree.units.A,
          });
          return {
            method: 'POST',
            path: `/api/v1/units/${old.id}/succession`,
            body: { successorId: next.id, effectiveOn: '2025-07-01' },
          };
        },
        status: 200,
        unit: () => null,
      },
      'POST /api/v1/funds': {
        caller: 'adminA',
        request: async () => ({
          method: 'POST',
          path: '/api/v1/funds',
          body: { unitId: tree.units.A, kind: 'relief_campaign', name: 'Quỹ cứu trợ bão Yagi' },
        }),
        status: 201,
        unit: () => tree.units.A,
      },
      'POST /api/v1/accounts': {
        caller: 'adminA',
        request: async () => ({
          method: 'POST',
          path: '/api/v1/accounts',
          body: { fundId: tree.funds.A.id, code: '1121.2', name: 'Tiền gửi ngân hàng 2', type: 'asset' },
        }),
        status: 201,
        unit: () => tree.units.A,
      },
      'POST /api/v1/entries': {
        caller: 'accountantA',
        request: async () => ({
          method: 'POST',
          path: '/api/v1/entries',
          body: donation(tree.funds.A.accounts, '700000'),
        }),
        status: 201,
        unit: () => tree.units.A,
      },
      'POST /api/v1/entries/:id/reverse': {
        caller: 'approverA',
        request: async () => {
          const entry = await api.create('/api/v1/entries', donation(tree.funds.A.accounts, '1000'));
          return {
            method: 'POST',
            path: `/api/v1/entries/${entry.id}/reverse`,
            body: { reason: 'Nhập trùng' },
          };
        },
        status: 201,
        unit: () => tree.units.A,
      },
      'POST /api/v1/users': {
        caller: 'adminA',
        request: async () => ({
          method: 'POST',
          path: '/api/v1/users',
          body: {
            name: 'Thủ quỹ xã',
            username: uniqueUsername('thuquy'),
            password: TEST_USER_PASSWORD,
            grants: [{ unitId: tree.units.A, role: 'accountant' }],
          },
        }),
        status: 201,
        unit: () => tree.units.A,
      },
      'POST /api/v1/users/:id/grants': {
        caller: 'adminA',
        request: async () => ({
          method: 'POST',
          path: `/api/v1/users/${tree.clerks.A.id}/grants`,
          body: { unitId: tree.units.A, role: 'auditor' },
        }),
        status: 201,
        unit: () => tree.units.A,
      },
      'DELETE /api/v1/users/:id/grants/:grantId': {
        caller: 'adminA',
        request: async () => {
          const grant = await api.create(`/api/v1/users/${tree.clerks.A.id}/grants`, {
            unitId: tree.units.A,
            role: 'approver',
          });
          return { method: 'DELETE', path: `/api/v1/users/${tree.clerks.A.id}/grants/${grant.id}` };
        },
        status: 200,
        unit: () => tree.units.A,
      },
      'POST /api/v1/users/:id/tokens': {
        caller: 'adminA',
        request: async () => ({
          method: 'POST',
          path: `/api/v1/users/${tree.clerks.A.id}/tokens`,
          body: { name: 'nhập liệu' },
        }),
        status: 201,
        unit: () => tree.units.A,
      },
      'POST /api/v1/campaigns': {
        caller: 'adminA',
        request: async () => ({ method: 'POST', path: '/api/v1/campaigns', body: campaign('AUD1') }),
        status: 201,
        unit: () => tree.units.A,
      },
      'POST /api/v1/campaigns/:id/notices': {
        caller: 'adminA',
        request: async () => {
          // A campaign whose receiving window has closed, so its notice can be published.
          const closed = await api.create('/api/v1/campaigns', {
            ...campaign('AUDN'),
            receivingFrom: '2024-10-01',
            receivingTo: '2024-12-01',
            distributionDeadline: '2024-12-15',
          });
          return {
            method: 'POST',
            path: `/api/v1/campaigns/${closed.id}/notices`,
            body: { kind: 'received' },
          };
        },
        status: 201,
        unit: () => tree.units.A,
      },
      'POST /api/v1/donations': {
        caller: 'accountantA',
        request: async () => ({ method: 'POST', path: '/api/v1/donations', body: gift() }),
        status: 201,
        unit: () => tree.units.A,
      },
      'POST /api/v1/donations/batch': {
        caller: 'accountantA',
        request: async () => ({
          method: 'POST',
          path: '/api/v1/donations/batch',
          body: { donations: [gift(), { ...gift(), amount: '250000' }] },
        }),
        status: 201,
        objectId: (response) => response.body.items[0].id as string,
        unit: () => tree.units.A,
      },
      'POST /api/v1/donations/:id/void': {
        caller: 'accountantA',
        request: async () => {
          const donation = await api.create('/api/v1/donations', gift());
          return {
            method: 'POST',
            path: `/api/v1/donations/${donation.id}/void`,
            body: { reason: 'Nhập trùng' },
          };
        },
        status: 200,
        unit: () => tree.units.A,
      },
      'POST /api/v1/pledges': {
        caller: 'accountantA',
        request: async () => ({ method: 'POST', path: '/api/v1/pledges', body: pledge() }),
        status: 201,
        unit: () => tree.units.A,
      },
      'POST /api/v1/pledges/:id/cancel': {
        caller: 'accountantA',
        request: async () => {
          const made = await api.create('/api/v1/pledges', pledge());
          return {
            method: 'POST',
            path: `/api/v1/pledges/${made.id}/cancel`,
            body: { reason: 'Rút đăng ký' },
          };
        },
        status: 200,
        unit: () => tree.units.A,
      },
      'POST /api/v1/donors/:id/merge': {
        caller: 'accountantA',
        request: async () => {
          const survivor = await api.create('/api/v1/donations', gift());
          const duplicate = await api.create('/api/v1/donations', gift());
          return {
            method: 'POST',
            path: `/api/v1/donors/${duplicate.donor.id}/merge`,
            body: { intoId: survivor.donor.id },
          };
        },
        status: 200,
        unit: () => tree.units.A,
      },
      'POST /api/v1/beneficiaries': {
        caller: 'accountantA',
        request: async () => ({ method: 'POST', path: '/api/v1/beneficiaries', body: beneficiary() }),
        status: 201,
        unit: () => tree.units.A,
      },
      'PATCH /api/v1/beneficiaries/:id': {
        caller: 'accountantA',
        request: async () => {
          const made = await api.create('/api/v1/beneficiaries', beneficiary());
          return { method: 'PATCH', path: `/api/v1/beneficiaries/${made.id}`, body: { phone: '0912345678' } };
        },
        status: 200,
        unit: () => tree.units.A,
      },
      'POST /api/v1/projects': {
        caller: 'accountantA',
        request: async () => ({
          method: 'POST',
          path: '/api/v1/projects',
          body: {
            unitId: tree.units.A,
            fundId: tree.funds.A.id,
            kind: 'livelihood',
            name: 'Nuôi bò',
            budget: '9000000',
          },
        }),
        status: 201,
        unit: () => tree.units.A,
      },
      'POST /api/v1/projects/:id/status': {
        caller: 'accountantA',
        request: async () => ({
          method: 'POST',
          path: `/api/v1/projects/${await project()}/status`,
          body: { status: 'approved', date: '2024-12-20', decisionNo: '45/QĐ-MTTQ' },
        }),
        status: 200,
        unit: () => tree.units.A,
      },
      'POST /api/v1/projects/:id/milestones': {
        caller: 'accountantA',
        request: async () => ({
          method: 'POST',
          path: `/api/v1/projects/${await project()}/milestones`,
          body: { kind: 'other', date: '2024-12-01', note: 'Khảo sát hiện trạng' },
        }),
        status: 201,
        unit: () => tree.units.A,
      },
      'POST /api/v1/projects/:id/evidence': {
        caller: 'accountantA',
        request: async () => ({
          method: 'POST',
          path: `/api/v1/projects/${await project()}/evidence`,
          body: {
            kind: 'photo',
            title: 'Ảnh',
            fileName: 'a.png',
            contentType: 'image/png',
            contentBase64: 'iVBORw0KGgo=',
          },
        }),
        status: 201,
        unit: () => tree.units.A,
      },
      'POST /api/v1/projects/:id/handover': {
        caller: 'accountantA',
        request: async () => ({
          method: 'POST',
          path: `/api/v1/projects/${await project('under_construction')}/handover`,
          body: {
            date: '2024-12-28',
            place: 'bản Huổi Én',
            handedOverBy: 'Ủy ban MTTQ xã',
            receivedBy: 'Ông Lò Văn Quang',
            minutesNo: '12/BB-MTTQ',
          },
        }),
        status: 201,
        unit: () => tree.units.A,
      },
      'POST /api/v1/disbursements': {
        caller: 'accountantA',
        request: async () => ({ method: 'POST', path: '/api/v1/disbursements', body: disbursementBody() }),
        status: 201,
        unit: () => tree.units.A,
      },
      'POST /api/v1/disbursements/:id/approve': {
        caller: 'approverA',
        request: async () => ({
          method: 'POST',
          path: `/api/v1/disbursements/${await disbursementOfA()}/approve`,
          body: { decisionNo: '126/QĐ-MTTQ', decisionDate: '2024-10-02' },
        }),
        status: 200,
        unit: () => tree.units.A,
      },
      'POST /api/v1/disbursements/:id/reject': {
        caller: 'approverA',
        request: async () => ({
          method: 'POST',
          path: `/api/v1/disbursements/${await disbursementOfA()}/reject`,
          body: { reason: 'Hộ đã được hỗ trợ năm 2023' },
        }),
        status: 200,
        unit: () => tree.units.A,
      },
      'POST /api/v1/disbursements/:id/pay': {
        caller: 'accountantA',
        request: async () => ({
          method: 'POST',
          path: `/api/v1/disbursements/${await disbursementOfA('approved')}/pay`,
          body: { paidOn: '2024-10-03' },
        }),
        status: 200,
        unit: () => tree.units.A,
      },
      'POST /api/v1/disbursements/:id/reverse': {
        caller: 'approverA',
        request: async () => ({
          method: 'POST',
          path: `/api/v1/disbursements/${await disbursementOfA('paid')}/reverse`,
          body: { reason: 'Chi nhầm hộ, thu hồi' },
        }),
        status: 200,
        unit: () => tree.units.A,
      },
      'POST /api/v1/transfers': {
        caller: 'accountantA',
        request: async () => ({ method: 'POST', path: '/api/v1/transfers', body: transferBody() }),
        status: 201,
        unit: () => tree.units.A,
      },
      'POST /api/v1/transfers/:id/reverse': {
        caller: 'approverA',
        request: async () => {
          const transfer = await api.create('/api/v1/transfers', transferBody());
          return {
            method: 'POST',
            path: `/api/v1/transfers/${transfer.id}/reverse`,
            body: { reason: 'Chuyển nhầm quỹ' },
          };
        },
        status: 200,
        unit: () => tree.units.A,
      },
      'POST /api/v1/period-closes': {
        caller: 'approverA',
        request: async () => ({
          method: 'POST',
          path: '/api/v1/period-closes',
          body: { fundId: await closableFundOfA(), periodEnd: '2024-06-30' },
        }),
        status: 201,
        unit: () => tree.units.A,
      },
      'DELETE /api/v1/period-closes/:id': {
        caller: 'approverA',
        request: async () => {
          const closed = await api.create('/api/v1/period-closes', {
            fundId: await closableFundOfA(),
            periodEnd: '2024-06-30',
          });
          return { method: 'DELETE', path: `/api/v1/period-closes/${closed.id}` };
        },
        status: 200,
        unit: () => tree.units.A,
      },
      'POST /api/v1/bank-accounts/:accountId/statements': {
        caller: 'accountantA',
        request: async () => ({
          method: 'POST',
          path: `/api/v1/bank-accounts/${tree.funds.A.accounts.bank}/statements`,
          body: {
            format: 'generic-vn',
            fileName: 'sao-ke.csv',
            contentBase64: Buffer.from(
              `Ngày giao dịch,Ghi có,Nội dung\n16/09/2024,${nextAmount()},Ung ho qua ngan hang\n`,
            ).toString('base64'),
          },
        }),
        status: 201,
        unit: () => tree.units.A,
      },
      'POST /api/v1/bank-accounts/:accountId/lines/:lineId/match': {
        caller: 'accountantA',
        request: async () => {
          const amount = nextAmount();
          const line = await statementLineOfA(amount, `Chuyen tien ${amount}`);
          return {
            method: 'POST',
            path: linePath(line, 'match'),
            body: { kind: 'donation', id: await giftOfA(amount) },
          };
        },
        status: 200,
        unit: () => tree.units.A,
      },
      'POST /api/v1/bank-accounts/:accountId/lines/:lineId/confirm': {
        caller: 'accountantA',
        request: async () => {
          const amount = nextAmount();
          await giftOfA(amount);
          const line = await statementLineOfA(amount, `NGUYEN VAN AN chuyen tien ${amount}`);
          return { method: 'POST', path: linePath(line, 'confirm') };
        },
        status: 200,
        unit: () => tree.units.A,
      },
      'POST /api/v1/bank-accounts/:accountId/lines/:lineId/unmatch': {
        caller: 'accountantA',
        request: async () => {
          const amount = nextAmount();
          await giftOfA(amount, { bankRef: `AUD${amount}` });
          const line = await statementLineOfA(amount, `Ung ho ${amount}`, `AUD${amount}`);
          return { method: 'POST', path: linePath(line, 'unmatch') };
        },
        status: 200,
        unit: () => tree.units.A,
      },
      'POST /api/v1/bank-accounts/:accountId/lines/:lineId/ignore': {
        caller: 'accountantA',
        request: async () => {
          const line = await statementLineOfA(nextAmount(), `Hoan tien ${statementCount}`);
          return {
            method: 'POST',
            path: linePath(line, 'ignore'),
            body: { reason: 'Ngân hàng chuyển nhầm' },
          };
        },
        status: 200,
        unit: () => tree.units.A,
      },
      'POST /api/v1/bank-accounts/:accountId/lines/:lineId/donation': {
        caller: 'accountantA',
        request: async () => {
          const line = await statementLineOfA(nextAmount(), `TRAN THI BINH ung ho ${statementCount}`);
          return { method: 'POST', path: linePath(line, 'donation'), body: {} };
        },
        status: 201,
        unit: () => tree.units.A,
      },
      'DELETE /api/v1/tokens/:id': {
        caller: 'adminA',
        request: async () => {
          const token = await api.create(`/api/v1/users/${tree.clerks.A.id}/tokens`, { name: 'tạm' });
          return { method: 'DELETE', path: `/api/v1/tokens/${token.id}` };
        },
        status: 200,
        unit: () => null,
      },
    };

    it('covers every write route of ROUTE_RULES', () => {
      const writes = Object.keys(ROUTE_RULES).filter((key) => !key.startsWith('GET '));
      expect(Object.keys(writeCases).sort()).toEqual(writes.sort());
    });

    for (const [key, kase] of Object.entries(writeCases) as [RouteKey, WriteCase][]) {
      it(`${key}: one success record with actor, action, object, request id and address`, async () => {
        clockMs += 60_000;
        const request = await kase.request();
        const actorId = kase.actor?.() ?? tree.callers[kase.caller as keyof AccessTree['callers']].id;
        const { response, record } = await audited(
          kase.caller === 'anonymous' ? api.anonymous() : as(kase.caller),
          request.method,
          request.path,
          request.body,
          request.headers,
        );
        expect(response.status, JSON.stringify(response.body)).toBe(kase.status);
        const objectId = kase.objectId ? kase.objectId(response) : (response.body.id as string);
        expect(objectId).toEqual(expect.any(String));
        const unitId = kase.unit() ?? (key.startsWith('POST /api/v1/units') ? response.body.id : null);
        expect(record).toMatchObject({
          at_ms: clockMs,
          actor_id: actorId,
          action: ROUTE_RULES[key].action,
          object_type: ROUTE_RULES[key].action.split('.')[0],
          object_id: objectId,
          request_id: response.headers.get('X-Request-Id'),
          outcome: 'success',
          status: kase.status,
          ip: CLIENT_IP,
          unit_id: unitId,
        });
        const listed = await api.get(`/api/v1/audit?objectId=${encodeURIComponent(objectId)}&limit=500`);
        const item = (listed.body.items as Json[]).find((candidate) => candidate.seq === Number(record.seq));
        expect(item).toEqual({
          seq: Number(record.seq),
          at: new Date(clockMs).toISOString(),
          actorId,
          action: ROUTE_RULES[key].action,
          objectType: ROUTE_RULES[key].action.split('.')[0],
          objectId,
          unitId,
          requestId: response.headers.get('X-Request-Id'),
          outcome: 'success',
          status: kase.status,
          ip: CLIENT_IP,
          detail: null,
        });
      });
    }

    it('records the request id the client sent', async () => {
      const { response, record } = await audited(
        as('accountantA'),
        'POST',
        '/api/v1/entries',
        donation(tree.funds.A.accounts, '5000'),
        { 'X-Request-Id': 'client-chosen.id-42' },
      );
      expect(response.headers.get('X-Request-Id')).toBe('client-chosen.id-42');
      expect(record.request_id).toBe('client-chosen.id-42');
      expect(record.object_id).toBe(response.body.id);
    });

    it('writes no second record when an idempotent write is replayed', async () => {
      const headers = { 'Idempotency-Key': 'audit-replay-1' };
      const body = donation(tree.funds.A.accounts, '6000');
      const first = await as('accountantA').post('/api/v1/entries', body, headers);
      expect(first.status).toBe(201);
      const again = await as('accountantA').post('/api/v1/entries', body, headers);
      expect(again.headers.get('Idempotency-Hit')).toBe('true');
      expect(await auditCount(client, 'object_id = ?', [first.body.id])).toBe(1);
    });
  });

  describe('refused and denied writes', () => {
    it('records a 422 validation refusal', async () => {
      const { response, record } = await audited(as('accountantA'), 'POST', '/api/v1/entries', {
        date: 'hôm nay',
      });
      expectProblem(response, 'validation-failed');
      expect(record).toMatchObject({
        actor_id: tree.callers.accountantA.id,
        action: 'entries.create',
        outcome: 'refused',
        status: 422,
        ip: CLIENT_IP,
        request_id: response.headers.get('X-Request-Id'),
      });
    });

    it('records a 422 refused by the ledger rules (unbalanced entry)', async () => {
      const unbalanced = entryBody([
        { accountId: tree.funds.A.accounts.bank!, side: 'debit', amount: '100' },
        { accountId: tree.funds.A.accounts.donation_revenue!, side: 'credit', amount: '99' },
      ]);
      const { response, record } = await audited(as('accountantA'), 'POST', '/api/v1/entries', unbalanced);
      expectProblem(response, 'entry-unbalanced');
      expect(record).toMatchObject({ action: 'entries.create', outcome: 'refused', status: 422 });
    });

    it('records a 409 conflict against the object it names', async () => {
      const entry = await api.create('/api/v1/entries', donation(tree.funds.A.accounts, '2000'));
      await api.create(`/api/v1/entries/${entry.id}/reverse`, { reason: 'Nhầm' });
      const { response, record } = await audited(
        as('approverA'),
        'POST',
        `/api/v1/entries/${entry.id}/reverse`,
        {
          reason: 'Lần nữa',
        },
      );
      expectProblem(response, 'already-reversed');
      expect(record).toMatchObject({
        actor_id: tree.callers.approverA.id,
        action: 'entries.reverse',
        object_id: entry.id,
        outcome: 'refused',
        status: 409,
      });
    });

    it('records a 403 denial, with the caller', async () => {
      const entries = await countRows(api, 'journal_entries');
      const { response, record } = await audited(
        as('accountantA'),
        'POST',
        '/api/v1/entries',
        donation(tree.funds.B.accounts, '100'),
      );
      expectProblem(response, 'forbidden');
      expect(record).toMatchObject({
        actor_id: tree.callers.accountantA.id,
        action: 'entries.create',
        outcome: 'denied',
        status: 403,
      });
      expect(await countRows(api, 'journal_entries')).toBe(entries);
      const { record: byRole } = await audited(as('auditorA'), 'POST', '/api/v1/funds', {
        unitId: tree.units.A,
        kind: 'other',
        name: 'Kiểm toán không được tạo quỹ',
      });
      expect(byRole).toMatchObject({ actor_id: tree.callers.auditorA.id, outcome: 'denied', status: 403 });
    });

    it('records a 401 denial with no actor, for no token and for an unknown one', async () => {
      const body = { name: 'Ẩn danh', kind: 'mttq', parentId: tree.units.A };
      const { response, record } = await audited(api.anonymous(), 'POST', '/api/v1/units', body);
      expectProblem(response, 'unauthenticated');
      expect(record).toMatchObject({
        actor_id: null,
        action: 'units.create',
        outcome: 'denied',
        status: 401,
        ip: CLIENT_IP,
      });
      const { record: unknown } = await audited(api.as('sq_not_a_real_token'), 'POST', '/api/v1/units', body);
      expect(unknown).toMatchObject({ actor_id: null, outcome: 'denied', status: 401 });
    });

    it('records a failed sign-in as denied', async () => {
      const { response, record } = await audited(api.anonymous(), 'POST', '/api/v1/auth/login', {
        username: tree.clerks.B.username,
        password: 'sai mật khẩu hoàn toàn',
      });
      expectProblem(response, 'unauthenticated');
      expect(record).toMatchObject({ actor_id: null, action: 'auth.login', outcome: 'denied', status: 401 });
    });

    it('records a denied read, but not an allowed one', async () => {
      const { record } = await audited(as('accountantA'), 'GET', `/api/v1/funds/${tree.funds.B.id}`);
      expect(record).toMatchObject({
        action: 'funds.read',
        object_id: tree.funds.B.id,
        outcome: 'denied',
        status: 403,
      });
      const before = await auditCount(client);
      expect((await as('accountantA').get(`/api/v1/funds/${tree.funds.A.id}`)).status).toBe(200);
      expect(await auditCount(client)).toBe(before);
    });

    it('leaves no success record for a write the database rolled back', async () => {
      const fund = tree.funds.B.accounts;
      const entries = await countRows(api, 'journal_entries');
      const postings = await countRows(api, 'postings');
      // The bank had no money before 2024-09-12: the database's as-of guard refuses the batch.
      const { response, record } = await audited(
        as('globalAdmin'),
        'POST',
        '/api/v1/entries',
        disbursement(fund, '100', '2024-01-02'),
      );
      expectProblem(response, 'insufficient-funds');
      expect(record).toMatchObject({ action: 'entries.create', outcome: 'refused', status: 422 });
      // And the same when the domain check refuses before writing.
      const { response: tooMuch, record: refused } = await audited(
        as('globalAdmin'),
        'POST',
        '/api/v1/entries',
        disbursement(fund, '900000000000'),
      );
      expectProblem(tooMuch, 'insufficient-funds');
      expect(refused.outcome).toBe('refused');
      expect(await countRows(api, 'journal_entries')).toBe(entries);
      expect(await countRows(api, 'postings')).toBe(postings);
      for (const requestId of [response, tooMuch].map((r) => r.headers.get('X-Request-Id')!)) {
        expect(await auditCount(client, "request_id = ? AND outcome = 'success'", [requestId])).toBe(0);
      }
    });
  });

  describe('GET /api/v1/audit', () => {
    /** Three writes at known instants (Vietnam is UTC+7). */
    const moments = {
      jan10morning: Date.parse('2025-01-10T03:00:00Z'), // 10:00 on 10/1 in Vietnam
      jan11night: Date.parse('2025-01-10T18:00:00Z'), // 01:00 on 11/1 in Vietnam
      jan20: Date.parse('2025-01-20T03:00:00Z'),
    };
    const written: Record<keyof typeof moments, string> = {} as Record<keyof typeof moments, string>;

    beforeAll(async () => {
      for (const [name, atMs] of Object.entries(moments) as [keyof typeof moments, number][]) {
        clockMs = atMs;
        const entry = await as('accountantA').create(
          '/api/v1/entries',
          donation(tree.funds.A.accounts, '1234'),
        );
        written[name] = entry.id as string;
      }
      clockMs = Date.parse('2025-02-01T00:00:00Z');
    });

    const ids = (response: ApiResponse) => (response.body.items as Json[]).map((item) => item.objectId);

    it('filters by day, in Vietnam time, both ends included', async () => {
      const query = (range: string) => api.get(`/api/v1/audit?action=entries.create&${range}`);
      expect(ids(await query('from=2025-01-10&to=2025-01-10'))).toEqual([written.jan10morning]);
      expect(ids(await query('from=2025-01-11&to=2025-01-19'))).toEqual([written.jan11night]);
      expect(ids(await query('from=2025-01-11&to=2025-01-20'))).toEqual([written.jan20, written.jan11night]);
      expect(ids(await query('from=2025-01-21&to=2025-01-31'))).toEqual([]);
      expectProblem(await query('from=2025-02-30'), 'validation-failed', ['from']);
    });

    it('filters by actor, action and object', async () => {
      const byActor = await api.get(`/api/v1/audit?actor=${tree.callers.accountantA.id}&limit=500`);
      const actorItems = byActor.body.items as Json[];
      expect(actorItems.length).toBe(await auditCount(client, 'actor_id = ?', [tree.callers.accountantA.id]));
      expect(actorItems.every((item) => item.actorId === tree.callers.accountantA.id)).toBe(true);
      expect(ids(byActor)).toContain(written.jan20);

      const byAction = await api.get('/api/v1/audit?action=funds.create&limit=500');
      const actionItems = byAction.body.items as Json[];
      expect(actionItems.length).toBe(await auditCount(client, "action = 'funds.create'"));
      expect(actionItems.length).toBeGreaterThanOrEqual(3);
      expect(actionItems.every((item) => item.action === 'funds.create')).toBe(true);

      const byObject = await api.get(`/api/v1/audit?objectId=${written.jan11night}`);
      expect(byObject.body.items).toEqual([
        expect.objectContaining({
          objectId: written.jan11night,
          action: 'entries.create',
          at: new Date(moments.jan11night).toISOString(),
          outcome: 'success',
        }),
      ]);

      const combined = await api.get(
        `/api/v1/audit?actor=${tree.callers.globalAdmin.id}&objectId=${written.jan20}`,
      );
      expect(combined.body.items).toEqual([]);
    });

    it('pages newest first with a cursor', async () => {
      const all = await api.get('/api/v1/audit?limit=500');
      const everything = all.body.items as Json[];
      expect(everything.length).toBe(await auditCount(client));
      const seqs = everything.map((item) => item.seq as number);
      expect(seqs).toEqual([...seqs].sort((left, right) => right - left));
      const paged = await collectPages(api, '/api/v1/audit', 7);
      expect(paged).toEqual(everything);
      const filtered = await collectPages(api, '/api/v1/audit?action=entries.create', 2);
      expect(filtered.map((item) => item.seq)).toEqual(
        everything.filter((item) => item.action === 'entries.create').map((item) => item.seq),
      );
      expectProblem(await api.get('/api/v1/audit?cursor=bm90LWEtY3Vyc29y'), 'validation-failed', ['cursor']);
    });

    it('shows an auditor of A only the records of A’s units; a global auditor sees all', async () => {
      const underA = new Set(
        (
          await client.execute({
            sql: 'SELECT descendant_id FROM unit_closure WHERE ancestor_id = ?',
            args: [tree.units.A],
          })
        ).rows.map((row) => String(row.descendant_id)),
      );
      const scoped = await collectPages(as('auditorA'), '/api/v1/audit', 100);
      expect(scoped.length).toBe(
        await auditCount(
          client,
          'unit_id IN (SELECT descendant_id FROM unit_closure WHERE ancestor_id = ?)',
          [tree.units.A],
        ),
      );
      expect(scoped.every((item) => underA.has(item.unitId))).toBe(true);
      const objects = new Set(scoped.map((item) => item.objectId));
      expect(objects.has(tree.funds.A.id)).toBe(true);
      expect(objects.has(tree.funds.B.id)).toBe(false);
      expect(objects.has(tree.funds.P.id)).toBe(false);
      expect(objects.has(written.jan20)).toBe(true);
      expect((await as('auditorA').get(`/api/v1/audit?objectId=${tree.funds.B.id}`)).body.items).toEqual([]);

      const globalAuditor = await createUserWithToken(api, 'kiemtoan', [{ unitId: null, role: 'auditor' }]);
      const all = await collectPages(api.as(globalAuditor.token), '/api/v1/audit', 250);
      expect(all.length).toBe(await auditCount(client));
      expect(new Set(all.map((item) => item.objectId)).has(tree.funds.B.id)).toBe(true);
    });

    it('refuses the audit trail to an accountant and an approver (403)', async () => {
      expectProblem(await as('accountantA').get('/api/v1/audit'), 'forbidden');
      expectProblem(await as('approverA').get('/api/v1/audit'), 'forbidden');
      expectProblem(await as('accountantP').get(`/api/v1/audit?objectId=${tree.funds.A.id}`), 'forbidden');
    });
  });

  describe('append-only', () => {
    it('refuses UPDATE and DELETE on audit_log from raw SQL', async () => {
      const count = await auditCount(client);
      const statements = [
        "UPDATE audit_log SET outcome = 'success' WHERE outcome = 'denied'",
        'UPDATE audit_log SET actor_id = NULL',
        'DELETE FROM audit_log',
        'DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)',
      ];
      for (const sql of statements) {
        await expect(client.execute(sql), sql).rejects.toThrow(/soquy:audit-append-only/);
      }
      await expect(client.batch(['DELETE FROM audit_log'], 'write')).rejects.toThrow(
        /soquy:audit-append-only/,
      );
      expect(await auditCount(client)).toBe(count);
      expect(await auditCount(client, "outcome = 'denied'")).toBeGreaterThan(0);
    });

    it('refuses deleting users and grants, which the trail names', async () => {
      await expect(
        client.execute({ sql: 'DELETE FROM users WHERE id = ?', args: [tree.clerks.A.id] }),
      ).rejects.toThrow(/soquy:user-permanent/);
      await expect(
        client.execute({ sql: 'DELETE FROM grants WHERE user_id = ?', args: [tree.clerks.A.id] }),
      ).rejects.toThrow(/soquy:grant-permanent/);
    });
  });
});

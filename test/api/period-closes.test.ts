import type { Client } from '@libsql/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { translateSqlError } from '../../src/db/sql-errors.ts';
import { DomainError } from '../../src/domain/errors.ts';
import { createUserWithToken, type TreeUser } from '../support/access.ts';
import { type Json, provinceWithFund, TestApi } from '../support/api.ts';
import { freshDatabase } from '../support/database.ts';
import { countRows, donation, entryBody, expectProblem, expectVerified } from '../support/ledger.ts';

/**
 * Khóa sổ: closing a fund's period refuses every write dated in it (the refusal names the period), on
 * two paths (the write path and the database's trigger); reopening needs an approver, is audited and
 * keeps the close on record; a year-end close carries the surplus into the fund balance.
 */
describe('period closes', () => {
  let client: Client;
  let cleanup = () => {};
  let clockMs: number;
  let api: TestApi;
  let unit: Json;
  let fund: Json;
  let accounts: Record<string, string>;
  let otherFund: Json;
  let accountant: TreeUser;
  let approver: TreeUser;
  let auditor: TreeUser;

  /** Vietnam is UTC+7: 03:00Z is 10:00 the same day there. */
  const setToday = (date: string) => {
    clockMs = Date.parse(`${date}T03:00:00Z`);
  };

  beforeEach(async () => {
    const database = await freshDatabase();
    client = database.client;
    cleanup = database.cleanup;
    setToday('2025-01-15');
    api = new TestApi(client, () => clockMs);
    const setup = await provinceWithFund(api);
    unit = setup.unit;
    fund = setup.fund;
    accounts = setup.accounts;
    otherFund = await api.create('/api/v1/funds', {
      unitId: unit.id,
      kind: 'den_on_dap_nghia',
      name: 'Quỹ "Đền ơn đáp nghĩa" tỉnh Lai Châu',
    });
    accountant = await createUserWithToken(api, 'ketoan', [{ unitId: unit.id, role: 'accountant' }]);
    approver = await createUserWithToken(api, 'chutich', [{ unitId: unit.id, role: 'approver' }]);
    auditor = await createUserWithToken(api, 'kiemtoan', [{ unitId: unit.id, role: 'auditor' }]);
  });
  afterEach(async () => {
    await expectVerified(client);
    cleanup();
  });

  const as = (user: TreeUser) => api.as(user.token);
  const close = (periodEnd: string, fundId: string = fund.id, by: TreeUser = approver) =>
    as(by).post('/api/v1/period-closes', { fundId, periodEnd });
  const gift = (amount: string, receivedOn: string, overrides: Json = {}) => ({
    fundId: fund.id,
    amount,
    currency: 'VND',
    receivedOn,
    channel: 'bank_transfer',
    donor: { kind: 'individual', name: 'Nguyễn Văn An' },
    disclosure: 'public',
    ...overrides,
  });
  const draftAndApprove = async (date: string, amount = '1500000') => {
    const drafted = await as(accountant).create('/api/v1/disbursements', {
      fundId: fund.id,
      amount,
      category: 'livelihood',
      purpose: 'Hỗ trợ giống bò sinh sản cho hộ nghèo bản Huổi Én',
      date,
    });
    const approved = await as(approver).post(`/api/v1/disbursements/${drafted.id}/approve`, {
      decisionNo: '125/QĐ-MTTQ',
      decisionDate: date,
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    return drafted.id as string;
  };
  const journalRows = async () => [await countRows(api, 'journal_entries'), await countRows(api, 'postings')];

  /** A refusal that names the closed period, and wrote nothing. */
  async function expectClosed(
    response: Promise<{ status: number; headers: Headers; body: Json }>,
    periodEnd: string,
  ) {
    const before = await journalRows();
    const body = expectProblem(await response, 'period-closed');
    expect(body.detail).toContain(periodEnd);
    expect(body.periodEnd).toBe(periodEnd);
    expect(await journalRows()).toEqual(before);
    return body;
  }

  it('refuses every kind of write dated in a closed month, naming it; later dates and other funds go on', async () => {
    await as(accountant).create('/api/v1/donations', gift('5000000', '2024-09-10'));
    const approved = await draftAndApprove('2024-09-20');
    const closed = await close('2024-09-30');
    expect(closed.status, JSON.stringify(closed.body)).toBe(201);
    expect(closed.body).toMatchObject({
      fundId: fund.id,
      unitId: unit.id,
      periodEnd: '2024-09-30',
      kind: 'month',
      status: 'closed',
      closedBy: approver.id,
      closingEntryId: null,
      reopenedBy: null,
      carriedForward: [],
    });

    const entry = await expectClosed(
      as(accountant).post('/api/v1/entries', donation(accounts, '10000', '2024-09-15')),
      '2024-09-30',
    );
    expect(entry.detail).toContain(fund.name);
    expect(entry.periodCloseId).toBe(closed.body.id);
    // The last day of the period is inside it.
    await expectClosed(as(accountant).post('/api/v1/donations', gift('200000', '2024-09-30')), '2024-09-30');
    await expectClosed(
      as(accountant).post('/api/v1/donations/batch', {
        donations: [gift('100000', '2024-10-02'), gift('100000', '2024-08-02')],
      }),
      '2024-09-30',
    );
    await expectClosed(
      as(accountant).post(`/api/v1/disbursements/${approved}/pay`, { paidOn: '2024-09-25' }),
      '2024-09-30',
    );
    const transfer = { amount: '100000', date: '2024-09-12', purpose: 'Điều chuyển hỗ trợ' };
    await expectClosed(
      as(accountant).post('/api/v1/transfers', { fromFundId: fund.id, toFundId: otherFund.id, ...transfer }),
      '2024-09-30',
    );

    // After the period, and in a fund with no close, writes go through.
    expect(
      (await as(accountant).post('/api/v1/entries', donation(accounts, '10000', '2024-10-01'))).status,
    ).toBe(201);
    expect(
      (await as(accountant).post(`/api/v1/disbursements/${approved}/pay`, { paidOn: '2024-10-03' })).status,
    ).toBe(200);
    const other = await api.get(`/api/v1/funds/${otherFund.id}`);
    const otherBank = (other.body.balances as Json[]).find((account) => account.role === 'bank')!.accountId;
    const otherRevenue = (other.body.balances as Json[]).find(
      (account) => account.role === 'donation_revenue',
    )!.accountId;
    const otherGift = entryBody(
      [
        { accountId: otherBank, side: 'debit', amount: '700000' },
        { accountId: otherRevenue, side: 'credit', amount: '700000' },
      ],
      { date: '2024-09-15' },
    );
    expect((await as(accountant).post('/api/v1/entries', otherGift)).status).toBe(201);
    // A transfer into the closed fund dated in its closed month is refused too: both funds' books move.
    await expectClosed(
      as(accountant).post('/api/v1/transfers', { fromFundId: otherFund.id, toFundId: fund.id, ...transfer }),
      '2024-09-30',
    );
  });

  it('refuses voids and reversals that would be dated in a closed period', async () => {
    setToday('2024-10-31');
    const given = await as(accountant).create('/api/v1/donations', gift('5000000', '2024-10-05'));
    const approved = await draftAndApprove('2024-10-10');
    expect(
      (await as(accountant).post(`/api/v1/disbursements/${approved}/pay`, { paidOn: '2024-10-12' })).status,
    ).toBe(200);
    const transfer = await as(accountant).create('/api/v1/transfers', {
      fromFundId: fund.id,
      toFundId: otherFund.id,
      amount: '100000',
      date: '2024-10-20',
      purpose: 'Điều chuyển',
    });
    const manual = await as(accountant).create('/api/v1/entries', donation(accounts, '10000', '2024-10-21'));
    // Received last, this gift paid for nothing (first in, first out): only the close stands in the way of its void.
    const unspent = await as(accountant).create('/api/v1/donations', gift('200000', '2024-10-25'));
    // The month ends today: it may be closed, and today's voids and reversals fall inside it.
    expect((await close('2024-10-31')).status).toBe(201);
    await expectClosed(
      as(accountant).post(`/api/v1/donations/${unspent.id}/void`, { reason: 'Nhập trùng' }),
      '2024-10-31',
    );
    await expectClosed(
      as(approver).post(`/api/v1/transfers/${transfer.id}/reverse`, { reason: 'Nhầm quỹ' }),
      '2024-10-31',
    );
    await expectClosed(
      as(approver).post(`/api/v1/entries/${manual.id}/reverse`, { reason: 'Sai số' }),
      '2024-10-31',
    );
    await expectClosed(
      as(approver).post(`/api/v1/disbursements/${approved}/reverse`, { reason: 'Chi nhầm hộ' }),
      '2024-10-31',
    );
    // Dated after the period, a reversal goes through.
    const later = await as(approver).post(`/api/v1/entries/${manual.id}/reverse`, {
      reason: 'Sai số',
      date: '2024-11-01',
    });
    expect(later.status, JSON.stringify(later.body)).toBe(201);
    expect((await api.get(`/api/v1/donations/${unspent.id}`)).body.status).toBe('valid');
    expect((await api.get(`/api/v1/donations/${given.id}`)).body.status).toBe('valid');
  });

  it('reopening needs an approver, is audited, keeps the close on record; the latest standing close is the one named', async () => {
    const august = await close('2024-08-31');
    const september = await close('2024-09-30');
    expect([august.status, september.status]).toEqual([201, 201]);
    // Overlapping closes stand together; the refusal names the latest.
    await expectClosed(
      as(accountant).post('/api/v1/entries', donation(accounts, '10000', '2024-08-20')),
      '2024-09-30',
    );

    expectProblem(
      await as(accountant).request('DELETE', `/api/v1/period-closes/${september.body.id}`),
      'forbidden',
    );
    expectProblem(
      await as(auditor).request('DELETE', `/api/v1/period-closes/${september.body.id}`),
      'forbidden',
    );
    const reason = encodeURIComponent('Bổ sung chứng từ tháng 9');
    const reopened = await as(approver).request(
      'DELETE',
      `/api/v1/period-closes/${september.body.id}?reason=${reason}`,
    );
    expect(reopened.status, JSON.stringify(reopened.body)).toBe(200);
    expect(reopened.body).toMatchObject({
      id: september.body.id,
      status: 'reopened',
      reopenedBy: approver.id,
      reopenedAt: new Date(clockMs).toISOString(),
      reopenReason: 'Bổ sung chứng từ tháng 9',
      periodEnd: '2024-09-30',
    });
    const audit = await api.get(`/api/v1/audit?objectId=${september.body.id}`);
    const actions = (audit.body.items as Json[]).map((item) => [item.action, item.outcome, item.actorId]);
    expect(actions).toContainEqual(['period-closes.reopen', 'success', approver.id]);
    expect(actions).toContainEqual(['period-closes.create', 'success', approver.id]);
    const denied = await client.execute({
      sql: "SELECT actor_id FROM audit_log WHERE action = 'period-closes.reopen' AND outcome = 'denied' ORDER BY seq",
      args: [],
    });
    expect(denied.rows.map((row) => row.actor_id)).toEqual([accountant.id, auditor.id]);

    // September takes entries again; August is still closed, and now it is the one named.
    expect(
      (await as(accountant).post('/api/v1/entries', donation(accounts, '10000', '2024-09-10'))).status,
    ).toBe(201);
    await expectClosed(
      as(accountant).post('/api/v1/entries', donation(accounts, '10000', '2024-08-20')),
      '2024-08-31',
    );
    expectProblem(
      await as(approver).request('DELETE', `/api/v1/period-closes/${september.body.id}`),
      'invalid-state',
    );

    const listed = await as(auditor).get(`/api/v1/period-closes?fundId=${fund.id}`);
    expect(listed.status).toBe(200);
    expect((listed.body.items as Json[]).map((item) => [item.periodEnd, item.status])).toEqual([
      ['2024-09-30', 'reopened'],
      ['2024-08-31', 'closed'],
    ]);
    const rows = await client.execute(
      'SELECT count(*) AS n FROM period_closes WHERE reopened_at_ms IS NOT NULL',
    );
    expect(Number(rows.rows[0]!.n)).toBe(1);
  });

  it('refuses closing a period not over yet, a day that ends no month, the same close twice, and callers without the right', async () => {
    const future = expectProblem(await close('2025-01-31'), 'validation-failed', ['periodEnd']);
    expect(future.detail).toContain('2025-01-15');
    expectProblem(await close('2024-09-15'), 'validation-failed', ['periodEnd']);
    expectProblem(await close('2024-02-30'), 'validation-failed', ['periodEnd']);
    expect((await close('2024-02-29')).status).toBe(201);
    expectProblem(await close('2024-02-29'), 'conflict');
    expectProblem(await close('2024-06-30', fund.id, accountant), 'forbidden');
    expectProblem(await close('2024-06-30', fund.id, auditor), 'forbidden');
    expectProblem(await close('2024-06-30', '01900000-0000-7000-8000-000000000000'), 'fund-not-found', [
      'fundId',
    ]);
    // An approver of another unit: the fund is out of their scope.
    const elsewhere = await api.create('/api/v1/units', { name: 'MTTQ tỉnh Điện Biên', kind: 'mttq' });
    const stranger = await createUserWithToken(api, 'nguoila', [{ unitId: elsewhere.id, role: 'approver' }]);
    expectProblem(await close('2024-06-30', fund.id, stranger), 'forbidden');
    // An admin may close (admins hold every permission in scope).
    expect(
      (await api.post('/api/v1/period-closes', { fundId: fund.id, periodEnd: '2024-06-30' })).status,
    ).toBe(201);
  });

  it('carries a year-end surplus into the fund balance by an explicit entry, per currency, and again after a reopening', async () => {
    await as(accountant).create('/api/v1/donations', gift('5000000', '2024-03-10'));
    await as(accountant).create('/api/v1/donations', gift('300000', '2024-04-02', { channel: 'cash' }));
    await as(accountant).create('/api/v1/donations', gift('10000', '2024-05-05', { currency: 'USD' }));
    const approved = await draftAndApprove('2024-06-01');
    expect(
      (await as(accountant).post(`/api/v1/disbursements/${approved}/pay`, { paidOn: '2024-06-03' })).status,
    ).toBe(200);
    await as(accountant).create('/api/v1/donations', gift('800000', '2025-01-05'));

    const closed = await close('2024-12-31');
    expect(closed.status, JSON.stringify(closed.body)).toBe(201);
    expect(closed.body.kind).toBe('year');
    expect(closed.body.carriedForward).toEqual([
      { currency: 'VND', revenue: '5300000', expense: '1500000', surplus: '3800000' },
      { currency: 'USD', revenue: '10000', expense: '0', surplus: '10000' },
    ]);
    const entry = await api.get(`/api/v1/entries/${closed.body.closingEntryId}`);
    expect(entry.body).toMatchObject({ date: '2024-12-31', kind: 'adjustment' });
    expect(entry.body.description).toContain('năm 2024');
    const detail = await api.get(`/api/v1/funds/${fund.id}`);
    const codeOf = new Map(
      (detail.body.balances as Json[]).map((account) => [account.accountId, account.code]),
    );
    expect(
      (entry.body.postings as Json[]).map((posting) => [
        codeOf.get(posting.accountId),
        posting.side,
        posting.amount,
        posting.currency,
      ]),
    ).toEqual([
      ['511', 'debit', '5300000', 'VND'],
      ['611', 'credit', '1500000', 'VND'],
      ['511-USD', 'debit', '10000', 'USD'],
      ['431', 'credit', '3800000', 'VND'],
      ['431-USD', 'credit', '10000', 'USD'],
    ]);

    const balanceAt = async (asOf: string) => {
      const tb = await api.get(`/api/v1/reports/trial-balance?fundId=${fund.id}&asOf=${asOf}`);
      return new Map(
        (tb.body.rows as Json[]).map((row) => [row.code, BigInt(row.credit) - BigInt(row.debit)]),
      );
    };
    const yearEnd = await balanceAt('2024-12-31');
    expect([
      yearEnd.get('511'),
      yearEnd.get('611'),
      yearEnd.get('431'),
      yearEnd.get('431-USD'),
      yearEnd.get('511-USD'),
    ]).toEqual([0n, 0n, 3800000n, 10000n, 0n]);
    // The next year starts with only its own revenue.
    expect((await balanceAt('2025-01-15')).get('511')).toBe(800000n);
    // The year's receipts and payments are what they were before the close.
    const statement = await api.get(
      `/api/v1/reports/fund-statement?fundId=${fund.id}&from=2024-01-01&to=2024-12-31`,
    );
    const vnd = (statement.body.currencies as Json[]).find((block) => block.currency === 'VND')!;
    expect([vnd.receipts.total, vnd.disbursements.total, vnd.surplus, vnd.otherMovements]).toEqual([
      '5300000',
      '1500000',
      '3800000',
      '0',
    ]);

    // Reopened, a late 2024 gift recorded, closed again: the second entry carries only what is new.
    expect((await as(approver).request('DELETE', `/api/v1/period-closes/${closed.body.id}`)).status).toBe(
      200,
    );
    await as(accountant).create('/api/v1/donations', gift('200000', '2024-12-20'));
    const again = await close('2024-12-31');
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    expect(again.body.carriedForward).toEqual([
      { currency: 'VND', revenue: '200000', expense: '0', surplus: '200000' },
    ]);
    expect((await balanceAt('2024-12-31')).get('431')).toBe(4000000n);
  });

  it('refuses a year-end close inside a later standing close (its entry could not be dated), and closes a quiet year with no entry', async () => {
    setToday('2025-03-10');
    await as(accountant).create('/api/v1/donations', gift('5000000', '2024-03-10'));
    expect((await close('2025-01-31')).status).toBe(201);
    const refused = expectProblem(await close('2024-12-31'), 'period-closed');
    expect(refused.detail).toContain('2025-01-31');
    expect(await countRows(api, 'journal_entries')).toBe(1);
    const quiet = await close('2024-12-31', otherFund.id);
    expect(quiet.status).toBe(201);
    expect(quiet.body).toMatchObject({ kind: 'year', closingEntryId: null, carriedForward: [] });
  });

  it('has the database refuse a posting dated in a closed period on its own, naming the period, and keep closes permanent', async () => {
    expect((await close('2024-09-30')).status).toBe(201);
    const rawPosting = (date: string) => ({
      sql: `INSERT INTO postings (id, entry_id, account_id, fund_id, side, amount_minor, currency, entry_date)
            VALUES (900001, 'raw-entry', ?, ?, 'debit', 1000, 'VND', ?)`,
      args: [accounts.bank!, fund.id, date],
    });
    let caught: unknown = null;
    try {
      await client.batch([rawPosting('2024-09-15')], 'write');
    } catch (error) {
      caught = error;
    }
    expect(String(caught)).toContain('soquy:period-closed:2024-09-30');
    const translated = translateSqlError(caught);
    expect(translated).toBeInstanceOf(DomainError);
    expect((translated as DomainError).code).toBe('period-closed');
    expect((translated as DomainError).message).toContain('2024-09-30');
    expect(await countRows(api, 'postings')).toBe(0);

    await expect(client.execute('DELETE FROM period_closes')).rejects.toThrow(/soquy:period-close-permanent/);
    await expect(client.execute("UPDATE period_closes SET period_end = '2024-06-30'")).rejects.toThrow(
      /soquy:period-close-permanent/,
    );
    await client.execute("UPDATE period_closes SET reopened_by = 'x', reopened_at_ms = 1");
    await expect(
      client.execute("UPDATE period_closes SET reopened_by = 'y', reopened_at_ms = 2"),
    ).rejects.toThrow(/soquy:period-close-permanent/);
    // A close cannot be born reopened.
    await expect(
      client.execute({
        sql: `INSERT INTO period_closes (id, fund_id, period_end, kind, closed_by, closed_at_ms, reopened_by, reopened_at_ms)
              VALUES ('raw', ?, '2024-10-31', 'month', 'x', 1, 'x', 1)`,
        args: [fund.id],
      }),
    ).rejects.toThrow(/soquy:period-close-permanent/);
    // A year close whose revenue was never carried into the fund balance is refused by the database.
    await as(accountant).create('/api/v1/donations', gift('5000000', '2024-10-10'));
    await expect(
      client.execute({
        sql: `INSERT INTO period_closes (id, fund_id, period_end, kind, closed_by, closed_at_ms)
              VALUES ('raw-year', ?, '2024-12-31', 'year', 'x', 1)`,
        args: [fund.id],
      }),
    ).rejects.toThrow(/soquy:year-not-carried-forward/);
  });
});

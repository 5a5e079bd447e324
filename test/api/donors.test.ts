import type { Client } from '@libsql/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUserWithToken } from '../support/access.ts';
import { freshApi, type Json, type TestApi } from '../support/api.ts';
import { collectPages, expectProblem } from '../support/ledger.ts';

/**
 * The donor registry: province P with communes A and B, a fund in each. Donors belong to the unit whose
 * staff registered them (here: the unit of the fund they first gave to).
 */
describe('donor registry', () => {
  let api: TestApi;
  let client: Client;
  let cleanup = () => {};
  let units: Record<'P' | 'A' | 'B', string>;
  let funds: Record<'P' | 'A' | 'B', string>;
  let accountantA: TestApi;
  let accountantB: TestApi;
  let auditorP: TestApi;

  beforeEach(async () => {
    const env = await freshApi();
    api = env.api;
    client = env.client;
    cleanup = env.cleanup;
    const P = await api.create('/api/v1/units', {
      name: 'MTTQ tỉnh Lai Châu',
      kind: 'mttq',
      level: 'province',
    });
    const A = await api.create('/api/v1/units', {
      name: 'MTTQ xã Mường So',
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
    units = { P: P.id, A: A.id, B: B.id };
    funds = {} as typeof funds;
    for (const key of ['P', 'A', 'B'] as const) {
      const fund = await api.create('/api/v1/funds', {
        unitId: units[key],
        kind: 'vi_nguoi_ngheo',
        name: `Quỹ Vì người nghèo ${key}`,
      });
      funds[key] = fund.id;
    }
    const token = async (prefix: string, unitId: string, role: 'accountant' | 'auditor') =>
      api.as((await createUserWithToken(api, prefix, [{ unitId, role }])).token);
    accountantA = await token('ketoan-a', units.A, 'accountant');
    accountantB = await token('ketoan-b', units.B, 'accountant');
    auditorP = await token('kiemtoan-p', units.P, 'auditor');
  });
  afterEach(() => cleanup());

  const gift = (fundId: string, donor: Json, overrides: Json = {}): Json => ({
    fundId,
    amount: '500000',
    currency: 'VND',
    receivedOn: '2024-09-12',
    channel: 'bank_transfer',
    donor,
    disclosure: 'public',
    ...overrides,
  });

  const person = (name: string, extra: Json = {}): Json => ({ kind: 'individual', name, ...extra });

  async function register(fundKey: 'P' | 'A' | 'B', name: string, extra: Json = {}, amount = '500000') {
    const donation = await api.create(
      '/api/v1/donations',
      gift(funds[fundKey], person(name, extra), { amount }),
    );
    return { donorId: donation.donor.id as string, donation };
  }

  async function privateReads(donorId: string): Promise<Json[]> {
    const result = await client.execute({
      sql: "SELECT * FROM audit_log WHERE action = 'donors.read-private' AND object_id = ? ORDER BY seq",
      args: [donorId],
    });
    return result.rows.map((row) => ({ ...row }));
  }

  it('finds donors by name without accents or case, listing no private fields', async () => {
    const a = await register('A', 'Nguyễn Văn A', { address: 'bản Huổi Én', contact: '0912345678' });
    const anh = await register('A', 'Nguyễn Văn Ánh');
    await register('A', 'Trần Thị Bích');
    await register('A', 'Đỗ Đức Độ');

    const found = await api.get('/api/v1/donors?q=nguyen van a');
    expect(found.status).toBe(200);
    expect(found.body.items.map((item: Json) => item.id)).toEqual([a.donorId, anh.donorId]);
    expect(found.body.items[0]).toEqual({
      id: a.donorId,
      kind: 'individual',
      name: 'Nguyễn Văn A',
      unitId: units.A,
      mergedIntoId: null,
      createdAt: expect.any(String),
    });
    expect(JSON.stringify(found.body)).not.toContain('0912345678');
    expect(
      (await api.get('/api/v1/donors?q=NGUYEN%20VAN%20ANH')).body.items.map((i: Json) => i.name),
    ).toEqual(['Nguyễn Văn Ánh']);
    expect((await api.get(`/api/v1/donors?q=${encodeURIComponent('Trần thị')}`)).body.items).toHaveLength(1);
    expect((await api.get('/api/v1/donors?q=do duc do')).body.items.map((i: Json) => i.name)).toEqual([
      'Đỗ Đức Độ',
    ]);
    // LIKE wildcards in the query are taken literally.
    expect((await api.get('/api/v1/donors?q=%25')).body.items).toEqual([]);
    expect((await api.get('/api/v1/donors?q=_')).body.items).toEqual([]);
    const pages = await collectPages(api, '/api/v1/donors', 1);
    expect(pages.map((item) => item.name)).toEqual([
      'Đỗ Đức Độ',
      'Nguyễn Văn A',
      'Nguyễn Văn Ánh',
      'Trần Thị Bích',
    ]);
  });

  it('lists to staff only the donors of their own units', async () => {
    await register('A', 'Lò Văn Páo');
    await register('B', 'Lò Thị Mai');
    const namesFor = async (caller: TestApi) =>
      ((await caller.get('/api/v1/donors?q=lo')).body.items as Json[]).map((item) => item.name);
    expect(await namesFor(accountantA)).toEqual(['Lò Văn Páo']);
    expect(await namesFor(accountantB)).toEqual(['Lò Thị Mai']);
    expect(await namesFor(auditorP)).toEqual(['Lò Thị Mai', 'Lò Văn Páo']);
    expectProblem(await api.anonymous().get('/api/v1/donors'), 'unauthenticated');
  });

  it('shows private fields, history and totals to staff in scope, each read audited', async () => {
    const { donorId } = await register('A', 'Nguyễn Văn A', {
      address: 'bản Huổi Én',
      contact: '0912345678',
    });
    await api.create(
      '/api/v1/donations',
      gift(funds.A, { id: donorId }, { amount: '200000', receivedOn: '2024-09-13' }),
    );
    await api.create(
      '/api/v1/donations',
      gift(funds.A, { id: donorId }, { amount: '10000', currency: 'USD' }),
    );
    const voided = await api.create('/api/v1/donations', gift(funds.A, { id: donorId }, { amount: '999' }));
    await api.post(`/api/v1/donations/${voided.id}/void`, { reason: 'Nhập trùng' });

    const read = await accountantA.request('GET', `/api/v1/donors/${donorId}`, undefined, {
      'X-Test-Client-Ip': '192.0.2.7',
    });
    expect(read.status).toBe(200);
    expect(read.headers.get('Cache-Control')).toBe('no-store');
    expect(read.body).toMatchObject({
      id: donorId,
      requestedId: donorId,
      name: 'Nguyễn Văn A',
      unitId: units.A,
      address: 'bản Huổi Én',
      contact: '0912345678',
      mergedIds: [],
      historyTruncated: false,
      totals: [
        { currency: 'USD', amount: '10000', count: 1 },
        { currency: 'VND', amount: '700000', count: 2 },
      ],
    });
    expect(read.body.history).toHaveLength(4);
    expect(read.body.history.map((item: Json) => item.status)).toContain('void');

    const records = await privateReads(donorId);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      action: 'donors.read-private',
      object_type: 'donors',
      object_id: donorId,
      unit_id: units.A,
      outcome: 'success',
      status: 200,
      ip: '192.0.2.7',
      request_id: read.headers.get('X-Request-Id'),
    });
    await auditorP.get(`/api/v1/donors/${donorId}`);
    const again = await privateReads(donorId);
    expect(again).toHaveLength(2);
    // A province auditor sees the records of the commune's private reads.
    const trail = await auditorP.get(`/api/v1/audit?objectId=${donorId}&action=donors.read-private`);
    expect(trail.body.items).toHaveLength(2);
  });

  it('refuses a donor of another unit (403), reveals nothing and records no private read', async () => {
    const { donorId } = await register('A', 'Nguyễn Văn A', {
      address: 'bản Huổi Én',
      contact: '0912345678',
    });
    const refused = await accountantB.get(`/api/v1/donors/${donorId}`);
    expectProblem(refused, 'forbidden');
    expect(JSON.stringify(refused.body)).not.toContain('Huổi Én');
    expect(await privateReads(donorId)).toHaveLength(0);
    const denied = await client.execute({
      sql: "SELECT outcome, status FROM audit_log WHERE action = 'donors.read' AND object_id = ?",
      args: [donorId],
    });
    expect(denied.rows.map((row) => [row.outcome, Number(row.status)])).toEqual([['denied', 403]]);
    expectProblem(await api.get('/api/v1/donors/no-such-donor'), 'not-found');
  });

  it('shows in a donor’s history only the gifts made in the reader’s scope', async () => {
    const { donorId } = await register('A', 'Nguyễn Văn A', {}, '100000');
    await api.create('/api/v1/donations', gift(funds.P, { id: donorId }, { amount: '300000' }));
    const own = await accountantA.get(`/api/v1/donors/${donorId}`);
    expect(own.body.history.map((item: Json) => item.fundId)).toEqual([funds.A]);
    expect(own.body.totals).toEqual([{ currency: 'VND', amount: '100000', count: 1 }]);
    const province = await auditorP.get(`/api/v1/donors/${donorId}`);
    expect(province.body.totals).toEqual([{ currency: 'VND', amount: '400000', count: 2 }]);
  });

  it('merges a duplicate: reads follow it, the survivor’s history and totals include its gifts', async () => {
    const survivor = await register('A', 'Nguyễn Văn A', { contact: '0912345678' }, '500000');
    const duplicate = await register('A', 'NGUYEN VAN A', {}, '200000');
    const pledge = await api.create('/api/v1/pledges', {
      fundId: funds.A,
      donor: { id: duplicate.donorId },
      amount: '300000',
      currency: 'VND',
      pledgedOn: '2024-09-01',
    });

    const merged = await accountantA.post(`/api/v1/donors/${duplicate.donorId}/merge`, {
      intoId: survivor.donorId,
    });
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({ id: duplicate.donorId, mergedIntoId: survivor.donorId });
    const audit = await api.get(`/api/v1/audit?objectId=${duplicate.donorId}&action=donors.merge`);
    expect(audit.body.items[0]).toMatchObject({ outcome: 'success', status: 200, unitId: units.A });

    // Donations keep pointing at the merged donor; reads follow the merge.
    const stored = await client.execute({
      sql: 'SELECT donor_id FROM donations WHERE id = ?',
      args: [duplicate.donation.id],
    });
    expect(stored.rows[0]!.donor_id).toBe(duplicate.donorId);
    const read = await api.get(`/api/v1/donors/${survivor.donorId}`);
    expect(read.body.mergedIds).toEqual([duplicate.donorId]);
    expect(read.body.history.map((item: Json) => item.id).sort()).toEqual(
      [survivor.donation.id, duplicate.donation.id].sort(),
    );
    expect(read.body.totals).toEqual([{ currency: 'VND', amount: '700000', count: 2 }]);
    const viaOld = await api.get(`/api/v1/donors/${duplicate.donorId}`);
    expect(viaOld.body).toMatchObject({ id: survivor.donorId, requestedId: duplicate.donorId });
    expect((await privateReads(survivor.donorId)).map((record) => record.detail)).toEqual([
      null,
      `requested as ${duplicate.donorId}`,
    ]);
    expect((await api.get('/api/v1/donors?q=nguyen van a')).body.items.map((i: Json) => i.id)).toEqual([
      survivor.donorId,
    ]);
    // A gift naming the old id is the survivor's, and fulfils the duplicate's pledge.
    const later = await api.create(
      '/api/v1/donations',
      gift(funds.A, { id: duplicate.donorId }, { amount: '300000', pledgeId: pledge.id }),
    );
    expect(later.donor.id).toBe(survivor.donorId);
    const pledges = await api.get(`/api/v1/pledges?fundId=${funds.A}`);
    expect(pledges.body.items[0]).toMatchObject({ status: 'fulfilled', outstanding: '0' });
  });

  it('refuses merging into itself, twice, into a merged donor, or across scopes', async () => {
    const a = await register('A', 'Nguyễn Văn A');
    const b = await register('A', 'Nguyen Van A');
    const c = await register('A', 'Nguyễn văn A.');
    const other = await register('B', 'Nguyễn Văn A');
    const merge = (caller: TestApi, id: string, intoId: string) =>
      caller.post(`/api/v1/donors/${id}/merge`, { intoId });

    expectProblem(await merge(api, a.donorId, a.donorId), 'validation-failed', ['intoId']);
    expect((await merge(api, b.donorId, a.donorId)).status).toBe(200);
    expectProblem(await merge(api, b.donorId, c.donorId), 'conflict');
    const intoMerged = await merge(api, c.donorId, b.donorId);
    expectProblem(intoMerged, 'validation-failed', ['intoId']);
    expect(intoMerged.body.detail).toContain(a.donorId);
    expectProblem(await merge(api, c.donorId, 'no-such-donor'), 'validation-failed', ['intoId']);
    expectProblem(await merge(api, 'no-such-donor', a.donorId), 'not-found');
    expectProblem(await merge(accountantA, other.donorId, a.donorId), 'forbidden');
    expectProblem(await merge(accountantA, a.donorId, other.donorId), 'forbidden');
    expectProblem(await merge(auditorP, c.donorId, a.donorId), 'forbidden');
    // A chain: c merged into a; a stays the survivor of both.
    expect((await merge(accountantA, c.donorId, a.donorId)).status).toBe(200);
    expect((await api.get(`/api/v1/donors/${a.donorId}`)).body.mergedIds.sort()).toEqual(
      [b.donorId, c.donorId].sort(),
    );
    await expect(
      client.execute({ sql: 'UPDATE donors SET merged_into_id = NULL WHERE id = ?', args: [b.donorId] }),
    ).rejects.toThrow(/soquy:donor-merge/);
  });
});

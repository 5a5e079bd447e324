import type { Client } from '@libsql/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { initialsOf, publicAliasOf } from '../../src/domain/beneficiaries.ts';
import { createUserWithToken } from '../support/access.ts';
import { type Json, TestApi } from '../support/api.ts';
import { freshDatabase } from '../support/database.ts';
import { collectPages, expectProblem } from '../support/ledger.ts';

const STAFF_VIEW_KEYS = [
  'createdAt',
  'id',
  'kind',
  'name',
  'povertyStatus',
  'publicAlias',
  'unitId',
  'updatedAt',
  'village',
];
const PRIVATE_VALUES = ['038090001234', '0912 345 678', 'Nhà thứ ba sau trường', 'Thái', 'Bệnh tim'];

describe('public alias', () => {
  it('is "Hộ" and the initials for a household, the initials for a person, then the village as written', () => {
    expect(initialsOf('Lò Văn Quang')).toBe('L.V.Q.');
    expect(initialsOf('  đỗ   đức độ ')).toBe('Đ.Đ.Đ.');
    expect(initialsOf('Giàng A - Páo')).toBe('G.A.P.');
    expect(publicAliasOf('household', 'Lò Văn Quang', 'bản Huổi Én')).toBe('Hộ L.V.Q., bản Huổi Én');
    expect(publicAliasOf('person', 'Tòng Thị Hoa', 'thôn Nà Khum ')).toBe('T.T.H., thôn Nà Khum');
    expect(publicAliasOf('person', '123', 'bản Lả')).toBe('?, bản Lả');
  });
});

/** Province P with communes A and B; beneficiaries are registered by the communes' accountants. */
describe('beneficiaries', () => {
  let clockMs: number;
  let api: TestApi;
  let client: Client;
  let cleanup = () => {};
  let units: Record<'P' | 'A' | 'B', string>;
  let accountantA: TestApi;
  let accountantB: TestApi;
  let auditorP: TestApi;
  let auditorId: string;
  let accountantAId: string;

  beforeEach(async () => {
    const database = await freshDatabase();
    client = database.client;
    cleanup = database.cleanup;
    clockMs = Date.parse('2025-03-01T02:00:00Z');
    api = new TestApi(client, () => clockMs);
    const P = await api.create('/api/v1/units', {
      name: 'MTTQ tỉnh Lai Châu',
      kind: 'mttq',
      level: 'province',
    });
    const unit = (name: string) =>
      api.create('/api/v1/units', { name, kind: 'mttq', level: 'commune', parentId: P.id });
    units = { P: P.id, A: (await unit('MTTQ xã Mường So')).id, B: (await unit('MTTQ xã Nậm Tăm')).id };
    const user = (prefix: string, unitId: string, role: 'accountant' | 'auditor') =>
      createUserWithToken(api, prefix, [{ unitId, role }]);
    const a = await user('ketoan-a', units.A, 'accountant');
    const auditor = await user('kiemtoan-p', units.P, 'auditor');
    accountantA = api.as(a.token);
    accountantAId = a.id;
    accountantB = api.as((await user('ketoan-b', units.B, 'accountant')).token);
    auditorP = api.as(auditor.token);
    auditorId = auditor.id;
  });
  afterEach(() => cleanup());

  const household = (overrides: Json = {}): Json => ({
    unitId: units.A,
    kind: 'household',
    name: 'Lò Văn Quang',
    village: 'bản Huổi Én',
    povertyStatus: 'poor',
    nationalId: '038090001234',
    phone: '0912 345 678',
    address: 'Nhà thứ ba sau trường',
    ethnicity: 'Thái',
    notes: 'Bệnh tim',
    ...overrides,
  });

  const countRows = async (_api: TestApi, table: 'beneficiaries') =>
    Number((await client.execute(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n);

  async function privateReads(id: string): Promise<Json[]> {
    const result = await client.execute({
      sql: "SELECT * FROM audit_log WHERE action = 'beneficiary.private.read' AND object_id = ? ORDER BY seq",
      args: [id],
    });
    return result.rows.map((row) => ({ ...row }));
  }

  it('records a household with its public alias; the answer names the private fields set but not their values', async () => {
    const created = await accountantA.post('/api/v1/beneficiaries', household());
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      unitId: units.A,
      kind: 'household',
      name: 'Lò Văn Quang',
      village: 'bản Huổi Én',
      povertyStatus: 'poor',
      publicAlias: 'Hộ L.V.Q., bản Huổi Én',
      createdAt: '2025-03-01T02:00:00.000Z',
      updatedAt: '2025-03-01T02:00:00.000Z',
      privateFields: ['nationalId', 'phone', 'address', 'ethnicity', 'notes'],
    });
    for (const value of PRIVATE_VALUES) expect(JSON.stringify(created.body)).not.toContain(value);
    const row = await client.execute({
      sql: 'SELECT * FROM beneficiaries WHERE id = ?',
      args: [created.body.id],
    });
    expect(row.rows[0]).toMatchObject({
      national_id: '038090001234',
      phone: '0912 345 678',
      ethnicity: 'Thái',
      notes: 'Bệnh tim',
      public_alias: 'Hộ L.V.Q., bản Huổi Én',
    });

    const person = await accountantA.create('/api/v1/beneficiaries', {
      unitId: units.A,
      kind: 'person',
      name: 'Tòng Thị Hoa',
      village: 'thôn Nà Khum',
      povertyStatus: 'policy_family',
    });
    expect(person.publicAlias).toBe('T.T.H., thôn Nà Khum');
    expect(person.privateFields).toEqual([]);
    const named = await accountantA.create(
      '/api/v1/beneficiaries',
      household({ name: 'Lò Thị Mai', publicAlias: 'Hộ bà L.T.M., bản Huổi Én' }),
    );
    expect(named.publicAlias).toBe('Hộ bà L.T.M., bản Huổi Én');
  });

  it('shows private fields to an accountant in scope and an auditor above, auditing every such read', async () => {
    const created = await accountantA.create('/api/v1/beneficiaries', household());
    clockMs += 60_000;
    const read = await accountantA.get(`/api/v1/beneficiaries/${created.id}`);
    expect(read.status).toBe(200);
    expect(read.headers.get('Cache-Control')).toBe('no-store');
    expect(read.body).toEqual({
      ...created,
      privateFields: undefined,
      privateIncluded: true,
      nationalId: '038090001234',
      phone: '0912 345 678',
      address: 'Nhà thứ ba sau trường',
      ethnicity: 'Thái',
      notes: 'Bệnh tim',
    });
    const byAuditor = await auditorP.get(`/api/v1/beneficiaries/${created.id}`);
    expect(byAuditor.body.nationalId).toBe('038090001234');
    const reads = await privateReads(created.id);
    expect(
      reads.map((row) => [row.actor_id, row.unit_id, row.object_type, row.outcome, Number(row.status)]),
    ).toEqual([
      [accountantAId, units.A, 'beneficiaries', 'success', 200],
      [auditorId, units.A, 'beneficiaries', 'success', 200],
    ]);
    expect(Number(reads[0]!.at_ms)).toBe(clockMs);
    expect(reads[0]!.request_id).toBe(read.headers.get('X-Request-Id'));
  });

  it('does not find a beneficiary out of scope (404), revealing nothing and recording no private read', async () => {
    const created = await accountantA.create('/api/v1/beneficiaries', household());
    const read = await accountantB.get(`/api/v1/beneficiaries/${created.id}`);
    expectProblem(read, 'not-found');
    for (const value of [...PRIVATE_VALUES, 'Lò Văn Quang'])
      expect(JSON.stringify(read.body)).not.toContain(value);
    expectProblem(
      await accountantB.request('PATCH', `/api/v1/beneficiaries/${created.id}`, { name: 'X' }),
      'not-found',
    );
    expectProblem(await accountantA.get('/api/v1/beneficiaries/no-such-beneficiary'), 'not-found');
    expect(await privateReads(created.id)).toEqual([]);
    const unchanged = await client.execute({
      sql: 'SELECT name FROM beneficiaries WHERE id = ?',
      args: [created.id],
    });
    expect(unchanged.rows[0]!.name).toBe('Lò Văn Quang');
  });

  it('lets only those who record in the unit register and edit (an auditor reads, writes nothing)', async () => {
    expectProblem(await auditorP.post('/api/v1/beneficiaries', household()), 'forbidden');
    expectProblem(await accountantB.post('/api/v1/beneficiaries', household()), 'forbidden');
    const created = await accountantA.create('/api/v1/beneficiaries', household());
    expectProblem(
      await auditorP.request('PATCH', `/api/v1/beneficiaries/${created.id}`, { povertyStatus: 'near_poor' }),
      'forbidden',
    );
    expect(await countRows(api, 'beneficiaries')).toBe(1);
    expectProblem(
      await accountantA.post('/api/v1/beneficiaries', household({ unitId: 'no-such-unit' })),
      'unit-not-found',
      ['unitId'],
    );
  });

  it('lists beneficiaries in scope by name, without private fields, searching without accents', async () => {
    const quang = await accountantA.create('/api/v1/beneficiaries', household());
    const hoa = await accountantA.create(
      '/api/v1/beneficiaries',
      household({
        kind: 'person',
        name: 'Tòng Thị Hoa',
        village: 'thôn Nà Khum',
        povertyStatus: 'near_poor',
      }),
    );
    const duc = await accountantA.create('/api/v1/beneficiaries', household({ name: 'Đỗ Đức Độ' }));
    const other = await accountantB.create(
      '/api/v1/beneficiaries',
      household({ unitId: units.B, name: 'Lò Văn Sơn' }),
    );

    const mine = await accountantA.get('/api/v1/beneficiaries');
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((item: Json) => item.id)).toEqual([quang.id, hoa.id, duc.id]);
    for (const item of mine.body.items as Json[]) expect(Object.keys(item).sort()).toEqual(STAFF_VIEW_KEYS);
    for (const value of PRIVATE_VALUES) expect(JSON.stringify(mine.body)).not.toContain(value);

    const all = await collectPages(auditorP, '/api/v1/beneficiaries', 1);
    expect(all.map((item) => item.id)).toEqual([quang.id, other.id, hoa.id, duc.id]);
    const search = async (caller: TestApi, q: string) =>
      (await caller.get(`/api/v1/beneficiaries?q=${encodeURIComponent(q)}`)).body.items.map(
        (item: Json) => item.id,
      );
    expect(await search(auditorP, 'lo van')).toEqual([quang.id, other.id]);
    expect(await search(accountantA, 'LO VAN')).toEqual([quang.id]);
    expect(await search(accountantA, 'do duc')).toEqual([duc.id]);
    expect(await search(accountantA, 'na khum')).toEqual([hoa.id]);
    expect(await search(accountantA, 'T.T.H.')).toEqual([hoa.id]);
    expect(await search(accountantA, '038090001234')).toEqual([]);
    expect(
      (await collectPages(auditorP, '/api/v1/beneficiaries?q=lo%20van', 1)).map((item) => item.id),
    ).toEqual([quang.id, other.id]);
    const inB = await auditorP.get(`/api/v1/beneficiaries?unitId=${units.B}`);
    expect(inB.body.items.map((item: Json) => item.id)).toEqual([other.id]);
    expectProblem(await accountantA.get(`/api/v1/beneficiaries?unitId=${units.B}`), 'forbidden');
    expectProblem(await accountantA.get('/api/v1/beneficiaries?cursor=bm9wZQ'), 'validation-failed', [
      'cursor',
    ]);
  });

  it('edits a beneficiary: the alias follows the name unless given, null clears a private field', async () => {
    const created = await accountantA.create('/api/v1/beneficiaries', household());
    clockMs += 3_600_000;
    const edited = await accountantA.request('PATCH', `/api/v1/beneficiaries/${created.id}`, {
      name: 'Lò Văn Quảng',
      village: 'bản Huổi Én 2',
      phone: null,
      notes: 'Đã phẫu thuật',
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toEqual({
      ...created,
      name: 'Lò Văn Quảng',
      village: 'bản Huổi Én 2',
      publicAlias: 'Hộ L.V.Q., bản Huổi Én 2',
      updatedAt: '2025-03-01T03:00:00.000Z',
      privateFields: ['nationalId', 'address', 'ethnicity', 'notes'],
    });
    const audit = await client.execute({
      sql: "SELECT actor_id, unit_id, outcome, status FROM audit_log WHERE action = 'beneficiaries.update' AND object_id = ?",
      args: [created.id],
    });
    expect(audit.rows.map((row) => ({ ...row }))).toEqual([
      { actor_id: accountantAId, unit_id: units.A, outcome: 'success', status: 200 },
    ]);
    const aliased = await accountantA.request('PATCH', `/api/v1/beneficiaries/${created.id}`, {
      publicAlias: 'Hộ ông Q., bản Huổi Én',
      povertyStatus: 'near_poor',
    });
    expect(aliased.body).toMatchObject({ publicAlias: 'Hộ ông Q., bản Huổi Én', povertyStatus: 'near_poor' });
    const read = await accountantA.get(`/api/v1/beneficiaries/${created.id}`);
    expect(read.body).toMatchObject({
      name: 'Lò Văn Quảng',
      phone: null,
      notes: 'Đã phẫu thuật',
      nationalId: '038090001234',
      createdAt: created.createdAt,
    });
    const empty = await accountantA.request('PATCH', `/api/v1/beneficiaries/${created.id}`, {});
    expectProblem(empty, 'validation-failed');
    expectProblem(
      await accountantA.request('PATCH', `/api/v1/beneficiaries/${created.id}`, { unitId: units.B }),
      'validation-failed',
      ['unitId'],
    );
  });

  it('refuses invalid input as a 422 problem naming each field', async () => {
    const response = await accountantA.post(
      '/api/v1/beneficiaries',
      household({
        name: '',
        povertyStatus: 'rich',
        nationalId: '12345',
        kind: 'family',
        phone: 'gọi tôi',
        extra: 1,
      }),
    );
    expectProblem(response, 'validation-failed', [
      'name',
      'povertyStatus',
      'nationalId',
      'kind',
      'phone',
      'extra',
    ]);
    const { village: _village, ...withoutVillage } = household();
    expectProblem(await accountantA.post('/api/v1/beneficiaries', withoutVillage), 'validation-failed', [
      'village',
    ]);
    expect(await countRows(api, 'beneficiaries')).toBe(0);
  });

  it('replays an idempotent registration and refuses the key with another body', async () => {
    const headers = { 'Idempotency-Key': 'ho-lo-van-quang' };
    const first = await accountantA.post('/api/v1/beneficiaries', household(), headers);
    const again = await accountantA.post('/api/v1/beneficiaries', household(), headers);
    expect(again.status).toBe(201);
    expect(again.headers.get('Idempotency-Hit')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await countRows(api, 'beneficiaries')).toBe(1);
    const stored = await client.execute(
      "SELECT body FROM idempotency_records WHERE key LIKE '%ho-lo-van-quang'",
    );
    for (const value of PRIVATE_VALUES) expect(String(stored.rows[0]!.body)).not.toContain(value);
    expectProblem(
      await accountantA.post('/api/v1/beneficiaries', household({ name: 'Lò Văn Khác' }), headers),
      'idempotency-conflict',
    );
    const patch = { 'Idempotency-Key': 'sua-ho-quang' };
    const path = `/api/v1/beneficiaries/${first.body.id}`;
    const edit = await accountantA.request('PATCH', path, { povertyStatus: 'near_poor' }, patch);
    const replay = await accountantA.request('PATCH', path, { povertyStatus: 'near_poor' }, patch);
    expect(replay.headers.get('Idempotency-Hit')).toBe('true');
    expect(replay.body).toEqual(edit.body);
    const updates = await client.execute(
      "SELECT count(*) AS n FROM audit_log WHERE action = 'beneficiaries.update'",
    );
    expect(Number(updates.rows[0]!.n)).toBe(1);
  });
});

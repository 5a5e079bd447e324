import { createHash } from 'node:crypto';
import type { Client } from '@libsql/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProjectStore } from '../../src/db/project-store.ts';
import { EVIDENCE_BODY_BYTES_MAX, EVIDENCE_FILE_BYTES_MAX } from '../../src/domain/limits.ts';
import { checkStatusChange, nextStatuses } from '../../src/domain/projects.ts';
import { createUserWithToken } from '../support/access.ts';
import { type ApiResponse, type Json, TEST_ADMIN_TOKEN, TestApi } from '../support/api.ts';
import { freshDatabase } from '../support/database.ts';
import { collectPages, expectProblem } from '../support/ledger.ts';

describe('project lifecycle rules', () => {
  it('moves one step at a time; a house is started before it is handed over', () => {
    expect(nextStatuses('new_house', 'proposed')).toEqual(['approved', 'cancelled']);
    expect(nextStatuses('new_house', 'approved')).toEqual(['under_construction', 'cancelled']);
    expect(nextStatuses('scholarship', 'approved')).toEqual([
      'under_construction',
      'handed_over',
      'cancelled',
    ]);
    expect(nextStatuses('house_repair', 'under_construction')).toEqual(['handed_over']);
    expect(nextStatuses('new_house', 'handed_over')).toEqual(['closed']);
    expect(nextStatuses('new_house', 'closed')).toEqual([]);
    expect(nextStatuses('livelihood', 'cancelled')).toEqual([]);
    const house = {
      id: 'p',
      name: 'Nhà Đại đoàn kết',
      kind: 'new_house' as const,
      status: 'approved' as const,
    };
    expect(() => checkStatusChange(house, 'closed')).toThrow(/is approved; it cannot move to closed/);
    expect(() => checkStatusChange(house, 'proposed')).toThrow(/cannot move to proposed/);
    expect(() => checkStatusChange(house, 'under_construction')).not.toThrow();
  });
});

/** Province P with communes A and B and a fund in each; the clock stands at 1 June 2025 in Vietnam. */
describe('projects', () => {
  let clockMs: number;
  let api: TestApi;
  let client: Client;
  let cleanup = () => {};
  let units: Record<'P' | 'A' | 'B', string>;
  let funds: Record<'P' | 'A' | 'B', string>;
  let accountantA: TestApi;
  let accountantB: TestApi;
  let auditorA: TestApi;
  let beneficiary: Json;

  beforeEach(async () => {
    const database = await freshDatabase();
    client = database.client;
    cleanup = database.cleanup;
    clockMs = Date.parse('2025-06-01T03:00:00Z');
    api = new TestApi(client, () => clockMs);
    const P = await api.create('/api/v1/units', {
      name: 'MTTQ tỉnh Lai Châu',
      kind: 'mttq',
      level: 'province',
    });
    const unit = (name: string) =>
      api.create('/api/v1/units', { name, kind: 'mttq', level: 'commune', parentId: P.id });
    units = { P: P.id, A: (await unit('MTTQ xã Mường So')).id, B: (await unit('MTTQ xã Nậm Tăm')).id };
    funds = {} as typeof funds;
    for (const key of ['P', 'A', 'B'] as const) {
      funds[key] = (
        await api.create('/api/v1/funds', {
          unitId: units[key],
          kind: 'vi_nguoi_ngheo',
          name: `Quỹ VNN ${key}`,
        })
      ).id;
    }
    const user = async (prefix: string, unitId: string, role: 'accountant' | 'auditor') =>
      api.as((await createUserWithToken(api, prefix, [{ unitId, role }])).token);
    accountantA = await user('ketoan-a', units.A, 'accountant');
    accountantB = await user('ketoan-b', units.B, 'accountant');
    auditorA = await user('kiemtoan-a', units.A, 'auditor');
    beneficiary = await accountantA.create('/api/v1/beneficiaries', {
      unitId: units.A,
      kind: 'household',
      name: 'Lò Văn Quang',
      village: 'bản Huổi Én',
      povertyStatus: 'poor',
      nationalId: '038090001234',
    });
  });
  afterEach(() => cleanup());

  const house = (overrides: Json = {}): Json => ({
    unitId: units.A,
    fundId: funds.A,
    kind: 'new_house',
    name: 'Nhà Đại đoàn kết hộ L.V.Q.',
    beneficiaryId: beneficiary.id,
    budget: '60000000',
    sponsors: [
      { kind: 'fund', fundId: funds.P, name: 'Quỹ Vì người nghèo tỉnh', amount: '40000000' },
      { kind: 'sponsor', name: 'Ủy ban MTTQ tỉnh Điện Biên', amount: '10000000', note: 'Kết nghĩa' },
      { kind: 'household', name: 'Hộ tự góp', amount: '0', note: 'Ngày công' },
    ],
    ...overrides,
  });

  const status = (caller: TestApi, id: string, body: Json, headers: Record<string, string> = {}) =>
    caller.post(`/api/v1/projects/${id}/status`, body, headers);
  const handover = (overrides: Json = {}): Json => ({
    date: '2025-05-20',
    place: 'bản Huổi Én, xã Mường So',
    handedOverBy: 'Ủy ban MTTQ xã Mường So',
    receivedBy: 'Ông Lò Văn Quang',
    minutesNo: '12/BB-MTTQ',
    ...overrides,
  });
  const count = async (table: string, where = '1 = 1', args: string[] = []) =>
    Number(
      (await client.execute({ sql: `SELECT count(*) AS n FROM ${table} WHERE ${where}`, args })).rows[0]!.n,
    );

  it('creates a project with its co-funders, shows it whole and lists it in scope', async () => {
    const created = await accountantA.post('/api/v1/projects', house());
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      unitId: units.A,
      fundId: funds.A,
      campaignId: null,
      kind: 'new_house',
      name: 'Nhà Đại đoàn kết hộ L.V.Q.',
      beneficiaryId: beneficiary.id,
      beneficiary: { id: beneficiary.id, publicAlias: 'Hộ L.V.Q., bản Huổi Én' },
      village: 'bản Huổi Én',
      budget: '60000000',
      currency: 'VND',
      status: 'proposed',
      createdAt: '2025-06-01T03:00:00.000Z',
      updatedAt: '2025-06-01T03:00:00.000Z',
      sponsors: [
        {
          id: expect.any(String),
          kind: 'fund',
          fundId: funds.P,
          name: 'Quỹ Vì người nghèo tỉnh',
          amount: '40000000',
          note: null,
        },
        {
          id: expect.any(String),
          kind: 'sponsor',
          fundId: null,
          name: 'Ủy ban MTTQ tỉnh Điện Biên',
          amount: '10000000',
          note: 'Kết nghĩa',
        },
        {
          id: expect.any(String),
          kind: 'household',
          fundId: null,
          name: 'Hộ tự góp',
          amount: '0',
          note: 'Ngày công',
        },
      ],
      milestones: [],
      evidence: [],
      handover: null,
    });
    expect(JSON.stringify(created.body)).not.toContain('038090001234');
    expect((await auditorA.get(`/api/v1/projects/${created.body.id}`)).body).toEqual(created.body);

    clockMs += 1;
    const scholarship = await accountantA.create(
      '/api/v1/projects',
      house({
        kind: 'scholarship',
        name: 'Học bổng 2025',
        beneficiaryId: null,
        village: 'bản Lả',
        sponsors: [],
      }),
    );
    clockMs += 1;
    const inB = await accountantB.create(
      '/api/v1/projects',
      house({ unitId: units.B, fundId: funds.B, beneficiaryId: undefined, sponsors: undefined }),
    );
    expect(inB).toMatchObject({ village: null, beneficiary: null, sponsors: [] });
    const ids = (response: ApiResponse) => response.body.items.map((item: Json) => item.id);
    expect(ids(await accountantA.get('/api/v1/projects'))).toEqual([created.body.id, scholarship.id]);
    expect(ids(await accountantA.get('/api/v1/projects?status=proposed&limit=1'))).toEqual([created.body.id]);
    expect((await collectPages(api, '/api/v1/projects', 1)).map((item) => item.id)).toEqual([
      created.body.id,
      scholarship.id,
      inB.id,
    ]);
    expect(ids(await api.get(`/api/v1/projects?fundId=${funds.B}`))).toEqual([inB.id]);
    expect(ids(await api.get(`/api/v1/projects?unitId=${units.A}&status=approved`))).toEqual([]);
    expectProblem(await accountantA.get(`/api/v1/projects?unitId=${units.B}`), 'forbidden');
    expectProblem(await accountantB.get(`/api/v1/projects/${created.body.id}`), 'forbidden');
    expectProblem(await api.get('/api/v1/projects/no-such-project'), 'not-found');
  });

  it('refuses a fund, campaign, beneficiary or sponsor that does not fit, and a unit out of scope', async () => {
    expectProblem(
      await accountantA.post('/api/v1/projects', house({ fundId: funds.B })),
      'validation-failed',
      ['fundId'],
    );
    // The province's fund may pay for a commune's project, but only staff who can read it may name it.
    expectProblem(await accountantA.post('/api/v1/projects', house({ fundId: funds.P })), 'forbidden');
    expect((await api.post('/api/v1/projects', house({ fundId: funds.P }))).status).toBe(201);
    expectProblem(
      await accountantA.post('/api/v1/projects', house({ fundId: 'no-such-fund' })),
      'fund-not-found',
      ['fundId'],
    );
    expectProblem(
      await accountantA.post('/api/v1/projects', house({ campaignId: 'no-such' })),
      'validation-failed',
      ['campaignId'],
    );
    const inB = await accountantB.create('/api/v1/beneficiaries', {
      unitId: units.B,
      kind: 'person',
      name: 'Giàng A Páo',
      village: 'bản Nậm Tăm',
      povertyStatus: 'near_poor',
    });
    expectProblem(
      await accountantA.post('/api/v1/projects', house({ beneficiaryId: inB.id })),
      'validation-failed',
      ['beneficiaryId'],
    );
    expectProblem(
      await accountantA.post(
        '/api/v1/projects',
        house({ sponsors: [{ kind: 'fund', name: 'Quỹ', amount: '1' }] }),
      ),
      'validation-failed',
      ['sponsors.0.fundId'],
    );
    expectProblem(
      await accountantA.post(
        '/api/v1/projects',
        house({ sponsors: [{ kind: 'sponsor', fundId: funds.P, name: 'X', amount: '1' }] }),
      ),
      'validation-failed',
      ['sponsors.0.fundId'],
    );
    expectProblem(
      await accountantA.post('/api/v1/projects', house({ unitId: units.B, fundId: funds.B })),
      'forbidden',
    );
    expectProblem(await auditorA.post('/api/v1/projects', house()), 'forbidden');
    const invalid = await accountantA.post(
      '/api/v1/projects',
      house({
        kind: 'palace',
        budget: 60000000,
        status: 'closed',
        sponsors: [{ kind: 'fund', name: '', amount: '-1' }],
      }),
    );
    expectProblem(invalid, 'validation-failed', [
      'kind',
      'budget',
      'status',
      'sponsors.0.name',
      'sponsors.0.amount',
    ]);
    expect(await count('projects')).toBe(1);
  });

  it('takes a house through its whole life, each step a milestone, refusing skips, repeats and going back', async () => {
    const project = await accountantA.create('/api/v1/projects', house());
    const skip = await status(accountantA, project.id, { status: 'under_construction', date: '2025-03-01' });
    expectProblem(skip, 'invalid-state');
    expect(skip.body).toMatchObject({
      currentStatus: 'proposed',
      requestedStatus: 'under_construction',
      allowedStatuses: ['approved', 'cancelled'],
    });
    expect(skip.body.detail).toContain('is proposed; it cannot move to under_construction');

    const approved = await status(accountantA, project.id, {
      status: 'approved',
      date: '2025-02-10',
      decisionNo: '45/QĐ-MTTQ',
      note: 'Hội nghị bình xét',
    });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', updatedAt: '2025-06-01T03:00:00.000Z' });
    expect(approved.body.milestones).toEqual([
      {
        id: expect.any(String),
        projectId: project.id,
        kind: 'approved',
        date: '2025-02-10',
        note: 'Hội nghị bình xét',
        createdAt: '2025-06-01T03:00:00.000Z',
      },
    ]);
    expect(approved.body.evidence).toEqual([
      expect.objectContaining({
        kind: 'decision',
        documentNo: '45/QĐ-MTTQ',
        hasFile: false,
        isPublic: false,
      }),
    ]);
    expectProblem(
      await status(accountantA, project.id, { status: 'approved', date: '2025-02-11' }),
      'invalid-state',
    );
    expectProblem(
      await status(accountantA, project.id, { status: 'proposed', date: '2025-02-11' }),
      'invalid-state',
    );
    const early = await accountantA.post(`/api/v1/projects/${project.id}/handover`, handover());
    expectProblem(early, 'invalid-state');
    expect(early.body).toMatchObject({ currentStatus: 'approved', requestedStatus: 'handed_over' });
    expectProblem(
      await status(accountantA, project.id, { status: 'under_construction', date: '2025-02-01' }),
      'validation-failed',
      ['date'],
    );
    expectProblem(
      await status(accountantA, project.id, { status: 'under_construction', date: '2025-06-02' }),
      'validation-failed',
      ['date'],
    );
    const started = await status(accountantA, project.id, {
      status: 'under_construction',
      date: '2025-03-01',
    });
    expect(started.body.status).toBe('under_construction');
    expectProblem(
      await status(accountantA, project.id, { status: 'handed_over', date: '2025-05-20' }),
      'validation-failed',
      ['status'],
    );
    expectProblem(
      await status(accountantB, project.id, { status: 'cancelled', date: '2025-05-20' }),
      'forbidden',
    );
    expectProblem(
      await status(auditorA, project.id, { status: 'cancelled', date: '2025-05-20' }),
      'forbidden',
    );

    clockMs += 60_000;
    const handed = await accountantA.post(`/api/v1/projects/${project.id}/handover`, handover());
    expect(handed.status).toBe(201);
    expect(handed.body).toMatchObject({
      id: project.id,
      status: 'handed_over',
      updatedAt: '2025-06-01T03:01:00.000Z',
      handover: {
        projectId: project.id,
        date: '2025-05-20',
        place: 'bản Huổi Én, xã Mường So',
        handedOverBy: 'Ủy ban MTTQ xã Mường So',
        receivedBy: 'Ông Lò Văn Quang',
        minutesNo: '12/BB-MTTQ',
        createdAt: '2025-06-01T03:01:00.000Z',
      },
    });
    const twice = await accountantA.post(
      `/api/v1/projects/${project.id}/handover`,
      handover({ minutesNo: '13/BB' }),
    );
    expectProblem(twice, 'conflict');
    expect(twice.body.detail).toContain('already handed over on 2025-05-20');
    expect(await count('project_handovers')).toBe(1);

    const closed = await status(accountantA, project.id, { status: 'closed', date: '2025-05-31' });
    expect(closed.body.status).toBe('closed');
    const reopened = await status(accountantA, project.id, { status: 'cancelled', date: '2025-05-31' });
    expectProblem(reopened, 'invalid-state');
    expect(reopened.body.detail).toContain('it may move to nothing: it is final');

    const read = await auditorA.get(`/api/v1/projects/${project.id}`);
    expect(
      read.body.milestones.map((milestone: Json) => [milestone.kind, milestone.date, milestone.note]),
    ).toEqual([
      ['approved', '2025-02-10', 'Hội nghị bình xét'],
      ['construction_started', '2025-03-01', null],
      ['handed_over', '2025-05-20', 'Biên bản bàn giao số 12/BB-MTTQ'],
      ['closed', '2025-05-31', null],
    ]);
    expect(read.body.handover).toEqual(handed.body.handover);
    const actions = await client.execute({
      sql: "SELECT action, outcome, status FROM audit_log WHERE object_id = ? AND action LIKE 'projects.%' ORDER BY seq",
      args: [project.id],
    });
    expect(actions.rows.map((row) => [row.action, row.outcome, Number(row.status)])).toEqual([
      ['projects.create', 'success', 201],
      ['projects.status', 'refused', 409],
      ['projects.status', 'success', 200],
      ['projects.status', 'refused', 409],
      ['projects.status', 'refused', 409],
      ['projects.handover', 'refused', 409],
      ['projects.status', 'refused', 422],
      ['projects.status', 'refused', 422],
      ['projects.status', 'success', 200],
      ['projects.status', 'refused', 422],
      ['projects.status', 'denied', 403],
      ['projects.handover', 'success', 201],
      ['projects.handover', 'refused', 409],
      ['projects.status', 'success', 200],
      ['projects.status', 'refused', 409],
    ]);
  });

  it('hands over a programme that is not built straight from approved, and cancels only before work starts', async () => {
    const scholarship = await accountantA.create(
      '/api/v1/projects',
      house({ kind: 'scholarship', name: 'Học bổng' }),
    );
    await status(accountantA, scholarship.id, { status: 'approved', date: '2025-04-01' });
    const handed = await accountantA.post(`/api/v1/projects/${scholarship.id}/handover`, handover());
    expect(handed.status).toBe(201);
    expect(handed.body.milestones.map((milestone: Json) => milestone.kind)).toEqual([
      'approved',
      'handed_over',
    ]);

    const cancelled = await accountantA.create('/api/v1/projects', house({ name: 'Nhà hủy' }));
    const done = await status(accountantA, cancelled.id, {
      status: 'cancelled',
      date: '2025-04-02',
      note: 'Hộ chuyển đi',
    });
    expect(done.body).toMatchObject({
      status: 'cancelled',
      milestones: [expect.objectContaining({ kind: 'cancelled' })],
    });
    expectProblem(
      await status(accountantA, cancelled.id, { status: 'approved', date: '2025-04-03' }),
      'invalid-state',
    );
    expectProblem(
      await accountantA.post(`/api/v1/projects/${cancelled.id}/handover`, handover()),
      'invalid-state',
    );

    const running = await accountantA.create(
      '/api/v1/projects',
      house({ name: 'Nhà đang xây', status: 'under_construction' }),
    );
    expect(running.status).toBe('under_construction');
    expectProblem(
      await status(accountantA, running.id, { status: 'cancelled', date: '2025-04-03' }),
      'invalid-state',
    );
  });

  it('records other dated notes as milestones', async () => {
    const project = await accountantA.create('/api/v1/projects', house());
    const note = await accountantA.post(`/api/v1/projects/${project.id}/milestones`, {
      kind: 'other',
      date: '2025-01-15',
      note: 'Khảo sát hiện trạng',
    });
    expect(note.status).toBe(201);
    expect(note.body).toEqual({
      id: expect.any(String),
      projectId: project.id,
      kind: 'other',
      date: '2025-01-15',
      note: 'Khảo sát hiện trạng',
      createdAt: '2025-06-01T03:00:00.000Z',
    });
    expectProblem(
      await accountantA.post(`/api/v1/projects/${project.id}/milestones`, {
        kind: 'approved',
        date: '2025-01-15',
        note: 'x',
      }),
      'validation-failed',
      ['kind'],
    );
    expectProblem(
      await accountantB.post(`/api/v1/projects/${project.id}/milestones`, {
        kind: 'other',
        date: '2025-01-15',
        note: 'x',
      }),
      'forbidden',
    );
    expect((await api.get(`/api/v1/projects/${project.id}`)).body.milestones).toEqual([note.body]);
  });

  it('keeps a file as evidence with its SHA-256 and gives the same bytes back', async () => {
    const project = await accountantA.create('/api/v1/projects', house());
    const bytes = new Uint8Array(70_000);
    bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    for (let index = 8; index < bytes.length; index += 1) bytes[index] = (index * 7919) % 251;
    const digest = createHash('sha256').update(bytes).digest();
    const body = {
      kind: 'photo',
      title: 'Ảnh nhà sau bàn giao',
      fileName: 'nha-lo-van-quang.png',
      contentType: 'image/png',
      contentBase64: Buffer.from(bytes).toString('base64'),
      isPublic: true,
    };
    const added = await accountantA.post(`/api/v1/projects/${project.id}/evidence`, body);
    expect(added.status).toBe(201);
    expect(added.body).toEqual({
      id: expect.any(String),
      projectId: project.id,
      kind: 'photo',
      title: 'Ảnh nhà sau bàn giao',
      documentNo: null,
      url: null,
      sha256: digest.toString('hex'),
      contentType: 'image/png',
      sizeBytes: 70_000,
      hasFile: true,
      isPublic: true,
      createdAt: '2025-06-01T03:00:00.000Z',
    });
    const path = `/api/v1/projects/${project.id}/evidence/${added.body.id}`;
    const file = await api.app.request(path, { headers: { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` } });
    expect(file.status).toBe(200);
    expect(file.headers.get('Content-Type')).toBe('image/png');
    expect(file.headers.get('ETag')).toBe(`"${digest.toString('hex')}"`);
    expect(file.headers.get('Repr-Digest')).toBe(`sha-256=:${digest.toString('base64')}:`);
    expect(file.headers.get('Content-Disposition')).toBe(`inline; filename="evidence-${added.body.id}.png"`);
    expect(file.headers.get('X-Content-Type-Options')).toBe('nosniff');
    const returned = new Uint8Array(await file.arrayBuffer());
    expect(returned.length).toBe(70_000);
    expect(Buffer.from(returned).equals(Buffer.from(bytes))).toBe(true);
    expect((await api.get(`/api/v1/projects/${project.id}`)).body.evidence).toEqual([added.body]);

    const checked = await accountantA.post(`/api/v1/projects/${project.id}/evidence`, {
      ...body,
      sha256: digest.toString('hex').toUpperCase(),
    });
    expect(checked.body.sha256).toBe(digest.toString('hex'));
    const tampered = await accountantA.post(`/api/v1/projects/${project.id}/evidence`, {
      ...body,
      sha256: 'ab'.repeat(32),
    });
    expectProblem(tampered, 'validation-failed', ['sha256']);
    expect(tampered.body.detail).toContain(digest.toString('hex'));
    expectProblem(await accountantB.get(path), 'forbidden');
    expectProblem(await api.get(`/api/v1/projects/${project.id}/evidence/no-such-evidence`), 'not-found');
    const otherProject = await accountantA.create('/api/v1/projects', house({ name: 'Dự án khác' }));
    expectProblem(
      await api.get(`/api/v1/projects/${otherProject.id}/evidence/${added.body.id}`),
      'not-found',
    );
  });

  it('keeps a link with the checksum the client gave, and has no file to give for it', async () => {
    const project = await accountantA.create('/api/v1/projects', house());
    const link = await accountantA.create(`/api/v1/projects/${project.id}/evidence`, {
      kind: 'decision',
      title: 'Quyết định hỗ trợ làm nhà',
      documentNo: '45/QĐ-UBND',
      url: 'https://muongso.laichau.gov.vn/qd-45.pdf',
      sha256: 'AB'.repeat(32),
    });
    expect(link).toMatchObject({
      url: 'https://muongso.laichau.gov.vn/qd-45.pdf',
      sha256: 'ab'.repeat(32),
      hasFile: false,
      contentType: null,
      sizeBytes: null,
      isPublic: false,
    });
    const file = await api.get(`/api/v1/projects/${project.id}/evidence/${link.id}`);
    expectProblem(file, 'not-found');
    expect(file.body.detail).toContain('is a link');
    const both = {
      kind: 'photo',
      title: 'Ảnh',
      url: 'https://example.org/a.png',
      fileName: 'a.png',
      contentType: 'image/png',
      contentBase64: 'iVBORw0KGgo=',
    };
    expectProblem(
      await accountantA.post(`/api/v1/projects/${project.id}/evidence`, both),
      'validation-failed',
      ['url'],
    );
    const { url: _url, ...fileOnly } = both;
    expectProblem(
      await accountantA.post(`/api/v1/projects/${project.id}/evidence`, {
        ...fileOnly,
        contentType: 'text/html',
      }),
      'validation-failed',
      ['contentType'],
    );
    expectProblem(
      await accountantA.post(`/api/v1/projects/${project.id}/evidence`, { ...fileOnly, fileName: undefined }),
      'validation-failed',
      ['fileName'],
    );
    expectProblem(
      await accountantA.post(`/api/v1/projects/${project.id}/evidence`, {
        ...fileOnly,
        contentBase64: 'not base64!',
      }),
      'validation-failed',
      ['contentBase64'],
    );
    expectProblem(
      await accountantA.post(`/api/v1/projects/${project.id}/evidence`, {
        kind: 'photo',
        title: 'Ảnh',
        url: 'javascript:alert(1)',
      }),
      'validation-failed',
      ['url'],
    );
    expect(await count('project_evidence')).toBe(1);
  });

  it('takes a file of exactly 2 MiB, refuses one byte more (422) and a larger body (413)', async () => {
    const project = await accountantA.create('/api/v1/projects', house());
    const upload = (size: number) => ({
      kind: 'minutes',
      title: 'Biên bản bàn giao',
      fileName: 'bien-ban.pdf',
      contentType: 'application/pdf',
      contentBase64: Buffer.alloc(size, 0x25).toString('base64'),
    });
    const largest = await accountantA.post(
      `/api/v1/projects/${project.id}/evidence`,
      upload(EVIDENCE_FILE_BYTES_MAX),
    );
    expect(largest.status).toBe(201);
    expect(largest.body.sizeBytes).toBe(2_097_152);
    const tooLarge = await accountantA.post(
      `/api/v1/projects/${project.id}/evidence`,
      upload(EVIDENCE_FILE_BYTES_MAX + 1),
    );
    expectProblem(tooLarge, 'validation-failed', ['contentBase64']);
    expect(tooLarge.body.errors[0].detail).toContain('at most 2097152 bytes (2 MiB)');
    expect(tooLarge.body.detail).toContain('The file is 2097153 bytes');
    // Longer base64 is refused by its length, before it is decoded.
    const longer = await accountantA.post(
      `/api/v1/projects/${project.id}/evidence`,
      upload(EVIDENCE_FILE_BYTES_MAX + 3),
    );
    expectProblem(longer, 'validation-failed', ['contentBase64']);
    expect(longer.body.errors[0].detail).toContain('at most 2097152 bytes (2 MiB)');
    const huge = await accountantA.post(`/api/v1/projects/${project.id}/evidence`, {
      ...upload(10),
      title: 'x'.repeat(EVIDENCE_BODY_BYTES_MAX),
    });
    expectProblem(huge, 'payload-too-large');
    expect(huge.body.detail).toContain('2 MiB');
    // Other routes keep the 1 MiB limit.
    expectProblem(
      await accountantA.post('/api/v1/projects', { ...house(), name: 'x'.repeat(1_100_000) }),
      'payload-too-large',
    );
    expect(await count('project_evidence')).toBe(1);
  });

  it('replays an idempotent status change without a second milestone', async () => {
    const project = await accountantA.create('/api/v1/projects', house());
    const headers = { 'Idempotency-Key': 'duyet-nha-lvq' };
    const body = { status: 'approved', date: '2025-02-10', decisionNo: '45/QĐ-MTTQ' };
    const first = await status(accountantA, project.id, body, headers);
    const again = await status(accountantA, project.id, body, headers);
    expect(again.status).toBe(200);
    expect(again.headers.get('Idempotency-Hit')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await count('project_milestones', 'project_id = ?', [project.id])).toBe(1);
    expect(await count('project_evidence', 'project_id = ?', [project.id])).toBe(1);
    expectProblem(
      await status(accountantA, project.id, { ...body, date: '2025-02-11' }, headers),
      'idempotency-conflict',
    );
  });

  it('writes nothing when another writer moved the project first (the batch checks what it read)', async () => {
    const project = await accountantA.create('/api/v1/projects', house());
    await status(accountantA, project.id, { status: 'approved', date: '2025-02-10' });
    const store = new ProjectStore(client);
    const stale = {
      projectId: project.id,
      from: 'proposed' as const,
      to: 'cancelled' as const,
      updatedAtMs: clockMs,
      milestone: {
        id: '01973000-0000-7000-8000-000000000001',
        projectId: project.id,
        kind: 'cancelled' as const,
        date: '2025-02-11',
        note: null,
        createdAt: new Date(clockMs).toISOString(),
      },
      evidence: null,
    };
    await expect(store.changeProjectStatus(stale, { idempotency: null, audit: null })).rejects.toMatchObject({
      code: 'invalid-state',
    });
    expect((await store.getProject(project.id))?.status).toBe('approved');
    expect(await count('project_milestones', 'project_id = ?', [project.id])).toBe(1);
  });
});

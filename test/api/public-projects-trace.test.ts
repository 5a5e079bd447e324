import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserWithToken } from '../support/access.ts';
import { freshApi, type Json, provinceWithFund, type TestApi } from '../support/api.ts';
import { expectProblem } from '../support/ledger.ts';

/**
 * A charity house on a hand-computed example: Bắc Ninh gives 35.000.000 earmarked for the house, an
 * anonymous donor 50.000.000 earlier; the first tranche of 60.000.000 takes the earmarked gift first,
 * then 25.000.000 of the anonymous one (first in, first out). The project page and the trace show
 * the beneficiary's alias and village only, donors as disclosed, public evidence only.
 */
describe('public project pages and "where did my money go"', () => {
  let api: TestApi;
  let cleanup = () => {};
  let fund: Json;
  let project: Json;
  let bacNinh: Json;
  let anonymous: Json;
  let rice: Json;
  let voided: Json;
  const evidence: Record<string, Json> = {};

  beforeAll(async () => {
    const env = await freshApi();
    api = env.api;
    cleanup = env.cleanup;
    const setup = await provinceWithFund(api);
    fund = setup.fund;
    const approver = await createUserWithToken(api, 'duyet', [{ unitId: null, role: 'approver' }]);
    const household = await api.create('/api/v1/beneficiaries', {
      unitId: setup.unit.id,
      kind: 'household',
      name: 'Lò Văn Quang',
      village: 'bản Huổi Én',
      povertyStatus: 'poor',
      nationalId: '012078004512',
      phone: '0912 000 345',
      address: 'Nhà số 12, tổ 3, bản Huổi Én',
      ethnicity: 'Dao',
      notes: 'Chủ hộ bị tai biến năm 2022',
    });
    project = await api.create('/api/v1/projects', {
      unitId: setup.unit.id,
      fundId: fund.id,
      kind: 'new_house',
      name: 'Nhà Đại đoàn kết hộ ông L.V.Q.',
      beneficiaryId: household.id,
      budget: '100000000',
      status: 'under_construction',
      sponsors: [{ kind: 'household', name: 'Gia đình ông L.V.Q.', amount: '15000000', note: 'ngày công' }],
    });
    const gift = (body: Json) =>
      api.create('/api/v1/donations', {
        fundId: fund.id,
        currency: 'VND',
        channel: 'bank_transfer',
        ...body,
      });
    anonymous = await gift({
      amount: '50000000',
      receivedOn: '2024-03-01',
      donor: { kind: 'individual', name: 'Trần Thị Hạnh', contact: '0987 000 111' },
      disclosure: 'anonymous',
      bankRef: 'FT24061000000007',
    });
    bacNinh = await gift({
      amount: '35000000',
      receivedOn: '2024-04-02',
      donor: { kind: 'organisation', name: 'Ủy ban MTTQ Việt Nam tỉnh Bắc Ninh' },
      disclosure: 'public',
      bankRef: 'FT24093000000001',
      earmark: { projectId: project.id },
    });
    rice = await gift({
      channel: 'in_kind',
      receivedOn: '2024-04-03',
      donor: { kind: 'organisation', name: 'Hợp tác xã Mường So' },
      disclosure: 'public',
      inKind: { description: 'Xi măng', quantity: '100', unit: 'bao', unitValue: '90000' },
    });
    voided = await gift({
      amount: '70000',
      receivedOn: '2024-04-04',
      donor: { kind: 'individual', name: 'Người ghi nhầm' },
      disclosure: 'public',
      bankRef: 'FT24095000000009',
    });
    expect((await api.post(`/api/v1/donations/${voided.id}/void`, { reason: 'Trùng' })).status).toBe(200);
    const drafted = await api.create('/api/v1/disbursements', {
      fundId: fund.id,
      amount: '60000000',
      category: 'new_house',
      projectId: project.id,
      beneficiaryId: household.id,
      purpose: 'Đợt 1 — ông Lò Văn Quang',
      date: '2024-04-21',
    });
    await api.as(approver.token).post(`/api/v1/disbursements/${drafted.id}/approve`, {
      decisionNo: '16/QĐ-MTTQ',
      decisionDate: '2024-04-21',
    });
    expect((await api.post(`/api/v1/disbursements/${drafted.id}/pay`, { paidOn: '2024-04-22' })).status).toBe(
      200,
    );
    await api.create(`/api/v1/projects/${project.id}/handover`, {
      date: '2024-06-15',
      place: 'bản Huổi Én, xã Mường So',
      handedOverBy: 'Lãnh đạo tỉnh Bắc Ninh và tỉnh Lai Châu',
      receivedBy: 'Ông Lò Văn Quang',
      minutesNo: 'BB-12/2024',
    });
    const file = (title: string, isPublic: boolean) =>
      api.create(`/api/v1/projects/${project.id}/evidence`, {
        kind: 'photo',
        title,
        fileName: 'anh.pdf',
        contentType: 'application/pdf',
        contentBase64: 'JVBERi0xLjQK',
        isPublic,
      });
    evidence.public = await file('Ảnh ngôi nhà', true);
    evidence.private = await file('Biên bản có chữ ký', false);
    evidence.link = await api.create(`/api/v1/projects/${project.id}/evidence`, {
      kind: 'decision',
      title: 'Quyết định hỗ trợ',
      documentNo: '15/QĐ-MTTQ',
      url: 'https://laichau.gov.vn/',
      isPublic: true,
    });
  });
  afterAll(() => cleanup());

  it('shows the project with alias and village, sponsors, sources as disclosed, handover, public evidence', async () => {
    const response = await api.anonymous().get(`/api/v1/public/projects/${project.id}`);
    expect(response.status).toBe(200);
    const body = response.body;
    expect(body).toMatchObject({
      id: project.id,
      name: 'Nhà Đại đoàn kết hộ ông L.V.Q.',
      kind: 'new_house',
      status: 'handed_over',
      village: 'bản Huổi Én',
      budget: '100000000',
      paid: '60000000',
      currency: 'VND',
      fund: { id: fund.id, name: fund.name },
      campaign: null,
      beneficiary: { publicAlias: 'Hộ L.V.Q., bản Huổi Én', village: 'bản Huổi Én' },
      sponsors: [{ kind: 'household', name: 'Gia đình ông L.V.Q.', amount: '15000000', note: 'ngày công' }],
      handover: {
        date: '2024-06-15',
        place: 'bản Huổi Én, xã Mường So',
        handedOverBy: 'Lãnh đạo tỉnh Bắc Ninh và tỉnh Lai Châu',
        minutesNo: 'BB-12/2024',
      },
    });
    expect(body.sources).toEqual([
      {
        source: 'donation',
        receiptNo: anonymous.receiptNo,
        receivedOn: '2024-03-01',
        donor: 'Nhà hảo tâm ẩn danh',
        fund: { id: fund.id, name: fund.name },
        label: null,
        amount: '25000000',
      },
      {
        source: 'donation',
        receiptNo: bacNinh.receiptNo,
        receivedOn: '2024-04-02',
        donor: 'Ủy ban MTTQ Việt Nam tỉnh Bắc Ninh',
        fund: { id: fund.id, name: fund.name },
        label: null,
        amount: '35000000',
      },
    ]);
    expect(body.milestones.map((milestone: Json) => milestone.kind)).toEqual(['handed_over']);
    expect(body.evidence.map((item: Json) => [item.title, item.fileUrl])).toEqual([
      ['Ảnh ngôi nhà', `/api/v1/public/projects/${project.id}/evidence/${evidence.public!.id}`],
      ['Quyết định hỗ trợ', null],
    ]);
    expect(body.disbursements).toEqual([
      expect.objectContaining({
        paidOn: '2024-04-22',
        amount: '60000000',
        decisionNo: '16/QĐ-MTTQ',
        beneficiaryAlias: 'Hộ L.V.Q., bản Huổi Én',
        village: 'bản Huổi Én',
        project: { id: project.id, name: 'Nhà Đại đoàn kết hộ ông L.V.Q.' },
      }),
    ]);
    const text = JSON.stringify(body);
    for (const secret of [
      'Lò Văn Quang',
      '012078004512',
      '0912 000 345',
      'tổ 3',
      'Dao',
      'tai biến',
      'Trần Thị Hạnh',
      'Biên bản có chữ ký',
    ]) {
      expect(text).not.toContain(secret);
    }
    expectProblem(await api.get('/api/v1/public/projects/nope'), 'not-found');
  });

  it('serves a public evidence file, and no file its unit kept private', async () => {
    const file = await api.app.request(
      `/api/v1/public/projects/${project.id}/evidence/${evidence.public!.id}`,
    );
    expect(file.status).toBe(200);
    expect(file.headers.get('Content-Type')).toBe('application/pdf');
    expect(file.headers.get('ETag')).toBe(`"${evidence.public!.sha256}"`);
    expect(new TextDecoder().decode(await file.arrayBuffer())).toBe('%PDF-1.4\n');
    const again = await api.app.request(
      `/api/v1/public/projects/${project.id}/evidence/${evidence.public!.id}`,
      {
        headers: { 'If-None-Match': `"${evidence.public!.sha256}"` },
      },
    );
    expect(again.status).toBe(304);
    expectProblem(
      await api.anonymous().get(`/api/v1/public/projects/${project.id}/evidence/${evidence.private!.id}`),
      'not-found',
    );
  });

  it('traces a gift by receipt number to the disbursement, the house and its handover', async () => {
    const response = await api
      .anonymous()
      .get(`/api/v1/public/trace?receipt=${encodeURIComponent(bacNinh.receiptNo)}`);
    expect(response.status).toBe(200);
    expect(response.body.gifts).toHaveLength(1);
    const [trace] = response.body.gifts as Json[];
    expect(trace!.gift).toMatchObject({
      receiptNo: bacNinh.receiptNo,
      amount: '35000000',
      donor: 'Ủy ban MTTQ Việt Nam tỉnh Bắc Ninh',
      bankRef: 'FT2409…000001',
      status: 'valid',
      earmark: { kind: 'project', projectId: project.id, label: 'Nhà Đại đoàn kết hộ ông L.V.Q.' },
      fund: { id: fund.id, name: fund.name },
    });
    expect(trace!.traced).toBe(true);
    expect(trace!.unallocated).toBe('0');
    expect(trace!.transfers).toEqual([]);
    expect(trace!.uses).toEqual([
      {
        kind: 'disbursement',
        fund: { id: fund.id, name: fund.name },
        amount: '35000000',
        date: '2024-04-22',
        disbursement: {
          id: expect.any(String),
          category: 'new_house',
          categoryLabel: 'Xây nhà mới (nhà Đại đoàn kết, nhà tình nghĩa)',
          decisionNo: '16/QĐ-MTTQ',
          beneficiaryAlias: 'Hộ L.V.Q., bản Huổi Én',
          village: 'bản Huổi Én',
        },
        project: {
          id: project.id,
          name: 'Nhà Đại đoàn kết hộ ông L.V.Q.',
          status: 'handed_over',
          village: 'bản Huổi Én',
          handover: {
            date: '2024-06-15',
            place: 'bản Huổi Én, xã Mường So',
            handedOverBy: 'Lãnh đạo tỉnh Bắc Ninh và tỉnh Lai Châu',
            minutesNo: 'BB-12/2024',
          },
        },
      },
    ]);
    expect(JSON.stringify(response.body)).not.toContain('Lò Văn Quang');
  });

  it('traces an anonymous gift by its bank reference without naming its donor', async () => {
    const response = await api.anonymous().get('/api/v1/public/trace?bankRef=FT24061000000007');
    expect(response.status).toBe(200);
    const [trace] = response.body.gifts as Json[];
    expect(trace!.gift).toMatchObject({ donor: 'Nhà hảo tâm ẩn danh', anonymous: true, amount: '50000000' });
    expect(trace!.uses.map((use: Json) => use.amount)).toEqual(['25000000']);
    expect(trace!.unallocated).toBe('25000000');
    expect(JSON.stringify(response.body)).not.toContain('Hạnh');
    expect(JSON.stringify(response.body)).not.toContain('0987');
  });

  it('shows a voided gift as void with nothing traced, goods as not traced through cash', async () => {
    const gone = await api.get(`/api/v1/public/trace?receipt=${encodeURIComponent(voided.receiptNo)}`);
    expect(gone.body.gifts[0]).toMatchObject({ gift: { status: 'void' }, uses: [], unallocated: '0' });
    const goods = await api.get(`/api/v1/public/trace?receipt=${encodeURIComponent(rice.receiptNo)}`);
    expect(goods.body.gifts[0]).toMatchObject({
      traced: false,
      uses: [],
      unallocated: '9000000',
      gift: { inKind: { description: 'Xi măng', quantity: '100', unit: 'bao' }, channel: 'in_kind' },
    });
  });

  it('refuses a trace without exactly one of receipt and bankRef; an unknown one is not found', async () => {
    expectProblem(await api.get('/api/v1/public/trace'), 'validation-failed');
    expectProblem(
      await api.get('/api/v1/public/trace?receipt=PT-X-2024-000001&bankRef=FT1'),
      'validation-failed',
    );
    expectProblem(await api.get('/api/v1/public/trace?receipt=PT-NONE-2024-000001'), 'not-found');
    expectProblem(await api.get('/api/v1/public/trace?bankRef=FT00000000'), 'not-found');
  });
});

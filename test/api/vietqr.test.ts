import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hasValidCrc, parseTlv, type TlvField } from '../../src/domain/vietqr.ts';
import { freshApi, type Json, provinceWithFund, type TestApi } from '../support/api.ts';
import { expectProblem } from '../support/ledger.ts';

const BANK_ACCOUNT = { bin: '970436', accountNo: '0011001932418', holder: 'UB MTTQ TINH LAI CHAU' };

function field(fields: TlvField[] | null, id: string): TlvField {
  const found = fields?.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no field ${id} in ${JSON.stringify(fields)}`);
  return found;
}

/** Field 62's sub-fields are plain TLV too: read them one level down. */
function memoOf(payload: string): string {
  const additional = field(parseTlv(payload), '62');
  const inner = additional.children ?? parseTlv(additional.value);
  return field(inner, '08').value;
}

/** A user of another unit, with one role there, and an API token. */
async function userOf(api: TestApi, unitId: string, role: string): Promise<TestApi> {
  const username = `${role}-${Math.random().toString(36).slice(2, 10)}`;
  const user = await api.create('/api/v1/users', {
    name: `Cán bộ ${username}`,
    username,
    password: 'mật khẩu đủ dài 2025',
    grants: [{ unitId, role }],
  });
  const token = await api.create(`/api/v1/users/${user.id}/tokens`, { name: 'vietqr test' });
  return api.as(token.token as string);
}

describe('GET /api/v1/campaigns/:id/vietqr', () => {
  let api: TestApi;
  let cleanup = () => {};
  let fund: Json;
  let unit: Json;

  beforeEach(async () => {
    const env = await freshApi();
    api = env.api;
    cleanup = env.cleanup;
    ({ fund, unit } = await provinceWithFund(api));
  });
  afterEach(() => cleanup());

  const campaign = (overrides: Json = {}) =>
    api.create('/api/v1/campaigns', {
      fundId: fund.id,
      name: 'Ủng hộ đồng bào bị thiệt hại do bão số 3',
      purpose: 'Khắc phục hậu quả bão Yagi',
      bankAccount: BANK_ACCOUNT,
      receivingFrom: '2024-09-10',
      receivingTo: '2024-10-31',
      distributionDeadline: '2024-11-20',
      paymentCodePrefix: 'YAGI',
      ...overrides,
    });

  const gift = (campaignId: string) =>
    api.create('/api/v1/donations', {
      fundId: fund.id,
      campaignId,
      amount: '200000',
      currency: 'VND',
      receivedOn: '2024-09-12',
      channel: 'bank_transfer',
      donor: { kind: 'individual', name: 'Nguyễn Văn An' },
      disclosure: 'public',
    });

  it('returns a dynamic VietQR to the campaign account with the amount, a payment code memo and an SVG', async () => {
    const yagi = await campaign();
    const response = await api.get(`/api/v1/campaigns/${yagi.id}/vietqr?amount=500000&seq=42`);
    expect(response.status).toBe(200);
    const { payload, svg, memo } = response.body;
    expect(memo).toBe('YAGI D000042');
    expect(response.body).toMatchObject({
      campaignId: yagi.id,
      sequence: 42,
      amount: '500000',
      bank: { bin: '970436', shortName: 'Vietcombank', accountNo: '0011001932418' },
    });

    const fields = parseTlv(payload);
    expect(field(fields, '00').value).toBe('01');
    expect(field(fields, '01').value).toBe('12');
    const merchant = field(fields, '38');
    expect(field(merchant.children, '00').value).toBe('A000000727');
    const beneficiary = field(merchant.children, '01');
    expect(field(beneficiary.children, '00').value).toBe('970436');
    expect(field(beneficiary.children, '01').value).toBe('0011001932418');
    expect(field(merchant.children, '02').value).toBe('QRIBFTTA');
    expect(field(fields, '53').value).toBe('704');
    expect(field(fields, '54').value).toBe('500000');
    expect(field(fields, '58').value).toBe('VN');
    expect(memoOf(payload)).toBe('YAGI D000042');
    expect(fields.at(-1)!.id).toBe('63');
    expect(hasValidCrc(payload)).toBe(true);

    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('<path');
    expect(svg).toContain('<rect');
    expect(svg).toContain('viewBox=');
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
  });

  it('without an amount gives a static QR, and numbers the memo after the campaign’s donations so far', async () => {
    const yagi = await campaign();
    const first = await api.get(`/api/v1/campaigns/${yagi.id}/vietqr`);
    expect(first.status).toBe(200);
    expect(first.body.memo).toBe('YAGI D000001');
    expect(first.body.amount).toBeNull();
    const fields = parseTlv(first.body.payload);
    expect(field(fields, '01').value).toBe('11');
    expect(fields.some((candidate) => candidate.id === '54')).toBe(false);
    expect(hasValidCrc(first.body.payload)).toBe(true);

    await gift(yagi.id);
    await gift(yagi.id);
    const third = await api.get(`/api/v1/campaigns/${yagi.id}/vietqr?amount=100000`);
    expect(third.body.memo).toBe('YAGI D000003');
    expect(memoOf(third.body.payload)).toBe('YAGI D000003');
  });

  it('keeps the digits apart from a prefix that ends in a digit', async () => {
    const lc = await campaign({ paymentCodePrefix: 'LC2024' });
    const response = await api.get(`/api/v1/campaigns/${lc.id}/vietqr?seq=7`);
    expect(response.status).toBe(200);
    expect(response.body.memo).toBe('LC2024 D000007');
  });

  it('refuses with 422 a campaign without a bank account, or a bank not in the table', async () => {
    const noAccount = await campaign({ bankAccount: null, paymentCodePrefix: 'NOACCT' });
    expectProblem(await api.get(`/api/v1/campaigns/${noAccount.id}/vietqr`), 'validation-failed', [
      'bankAccount',
    ]);
    const unknownBank = await campaign({
      bankAccount: { ...BANK_ACCOUNT, bin: '970001' },
      paymentCodePrefix: 'NOBANK',
    });
    expectProblem(await api.get(`/api/v1/campaigns/${unknownBank.id}/vietqr`), 'validation-failed', [
      'bankAccount.bin',
    ]);
  });

  it('refuses with 422 an amount or sequence that is not valid', async () => {
    const yagi = await campaign();
    const path = `/api/v1/campaigns/${yagi.id}/vietqr`;
    for (const amount of ['abc', '0', '-5', '1.5', '10000000000000', '']) {
      expectProblem(await api.get(`${path}?amount=${amount}`), 'validation-failed', ['amount']);
    }
    for (const seq of ['-1', 'x', '1234567890']) {
      expectProblem(await api.get(`${path}?seq=${seq}`), 'validation-failed', ['seq']);
    }
    expect((await api.get(`${path}?amount=9999999999999`)).status).toBe(200);
  });

  it('is for staff of the campaign’s unit: 403 to another unit’s accountant, 401 anonymous, 404 unknown', async () => {
    const yagi = await campaign();
    const path = `/api/v1/campaigns/${yagi.id}/vietqr?amount=500000`;
    const other = await api.create('/api/v1/units', {
      name: 'Ủy ban MTTQ Việt Nam tỉnh Điện Biên',
      kind: 'mttq',
      level: 'province',
    });
    const outsider = await userOf(api, other.id, 'accountant');
    expectProblem(await outsider.get(path), 'forbidden');
    const insider = await userOf(api, unit.id, 'accountant');
    expect((await insider.get(path)).status).toBe(200);
    expectProblem(await api.anonymous().get(path), 'unauthenticated');
    expectProblem(await api.get('/api/v1/campaigns/no-such-campaign/vietqr'), 'not-found');
  });
});

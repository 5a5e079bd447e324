import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ApiResponse, freshApi, type Json, provinceWithFund, type TestApi } from '../support/api.ts';
import { expectProblem } from '../support/ledger.ts';

const DONOR = {
  kind: 'individual',
  name: 'Trần Thị Bích Ngọc',
  address: 'số 12 đường Trần Phú, phường Tân Phong',
  contact: '0987654321',
};

const SIGNATURE_BLOCKS = [
  'Người nộp tiền',
  'Người lập phiếu',
  'Thủ quỹ',
  'Kế toán trưởng',
  'Thủ trưởng đơn vị',
];

function html(response: ApiResponse): string {
  expect(response.status, JSON.stringify(response.body).slice(0, 500)).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/html/);
  return response.body.raw as string;
}

function expectNothingPrivate(page: string) {
  for (const secret of [DONOR.name, DONOR.address, DONOR.contact, 'Tân Phong', '0987654321']) {
    expect(page).not.toContain(secret);
  }
}

describe('GET /receipts/:receiptNo (printable receipt)', () => {
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

  const gift = (overrides: Json = {}) =>
    api.create('/api/v1/donations', {
      fundId: fund.id,
      amount: '1000000',
      currency: 'VND',
      receivedOn: '2024-09-12',
      channel: 'cash',
      donor: DONOR,
      disclosure: 'public',
      ...overrides,
    });

  it('prints a cash phiếu thu with the voucher fields, the amount in figures and in words, and five signature blocks', async () => {
    const donation = await gift({ earmark: { category: 'new_house' } });
    const page = html(await api.get(`/receipts/${donation.receiptNo}`));
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page).toContain('<html lang="vi">');
    expect(page).toContain(donation.receiptNo);
    expect(page).toContain('PHIẾU THU');
    expect(page).toContain(unit.name);
    expect(page).toContain(fund.name.replace(/"/g, '&quot;'));
    expect(page).toContain('Ngày 12 tháng 09 năm 2024');
    expect(page).toContain('1.000.000 ₫');
    expect(page).toContain('Một triệu đồng');
    expect(page).toContain('Tiền mặt');
    expect(page).toContain('Có chỉ định: Xây nhà mới (nhà Đại đoàn kết, nhà tình nghĩa)');
    for (const block of SIGNATURE_BLOCKS) expect(page).toContain(block);
    // A donor who chose public disclosure is named; their address and phone never are.
    expect(page).toContain(DONOR.name);
    expect(page).not.toContain(DONOR.address);
    expect(page).not.toContain(DONOR.contact);
    expect(page).not.toContain('ĐÃ HỦY');
    expect(page).not.toContain('Nhà hảo tâm ẩn danh');
  });

  it('names an anonymous or on-request donor "Nhà hảo tâm ẩn danh", never by name, address or phone', async () => {
    for (const disclosure of ['anonymous', 'on_request']) {
      const donation = await gift({
        disclosure,
        channel: 'bank_transfer',
        amount: '250000',
        bankRef: 'FT24256123456789',
      });
      const page = html(await api.get(`/receipts/${donation.receiptNo}`));
      expect(page).toContain('Nhà hảo tâm ẩn danh');
      expect(page).toContain('BIÊN NHẬN');
      expect(page).toContain('Hai trăm năm mươi nghìn đồng');
      expect(page).toContain('Chuyển khoản ngân hàng');
      expectNothingPrivate(page);
    }
  });

  it('shows the goods of an in-kind gift and their value', async () => {
    const donation = await gift({
      channel: 'in_kind',
      amount: null,
      inKind: { description: 'Gạo tẻ', quantity: '12.5', unit: 'kg', unitValue: '20000' },
      disclosure: 'anonymous',
    });
    const page = html(await api.get(`/receipts/${donation.receiptNo}`));
    expect(page).toContain('Gạo tẻ: 12,5 kg × 20.000 ₫');
    expect(page).toContain('250.000 ₫');
    expect(page).toContain('Hai trăm năm mươi nghìn đồng');
    expectNothingPrivate(page);
  });

  it('marks a voided receipt ĐÃ HỦY / VOID with the reason', async () => {
    const donation = await gift();
    const voided = await api.post(`/api/v1/donations/${donation.id}/void`, { reason: 'Nhập trùng' });
    expect(voided.status).toBe(200);
    const page = html(await api.get(`/receipts/${donation.receiptNo}`));
    expect(page).toContain('class="void-mark"');
    expect(page).toContain('ĐÃ HỦY');
    expect(page).toContain('VOID');
    expect(page).toContain('Nhập trùng');
    expect(page).toContain(donation.receiptNo);
  });

  it('styles the page from /assets under the CSP: A5 landscape by default, A4 with ?size=A4', async () => {
    const donation = await gift();
    const response = await api.get(`/receipts/${donation.receiptNo}`);
    const page = html(response);
    expect(response.headers.get('content-security-policy')).toContain("style-src 'self'");
    expect(response.headers.get('cache-control')).toContain('no-store');
    expect(page).not.toMatch(/<style|style=|<script/);
    expect(page).toContain('href="/assets/receipt.css"');
    expect(page).not.toContain('receipt-a4.css');

    const a4 = html(await api.get(`/receipts/${donation.receiptNo}?size=A4`));
    expect(a4).toContain('href="/assets/receipt.css"');
    expect(a4).toContain('href="/assets/receipt-a4.css"');
    expectProblem(await api.get(`/receipts/${donation.receiptNo}?size=Letter`), 'validation-failed', [
      'size',
    ]);

    const css = await api.anonymous().request('GET', '/assets/receipt.css');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    expect(css.body.raw).toContain('size: A5 landscape');
    expect(css.body.raw).toContain('.void-mark');
    const a4Css = await api.anonymous().request('GET', '/assets/receipt-a4.css');
    expect(a4Css.body.raw).toContain('size: A4');
    expectProblem(await api.anonymous().request('GET', '/assets/secret.env'), 'route-not-found');
  });

  it('is for staff who may read the unit’s books: 401 anonymous, 403 another unit’s accountant, 404 unknown', async () => {
    const donation = await gift();
    const path = `/receipts/${donation.receiptNo}`;
    expectProblem(await api.anonymous().get(path), 'unauthenticated');

    const other = await api.create('/api/v1/units', {
      name: 'Ủy ban MTTQ Việt Nam tỉnh Điện Biên',
      kind: 'mttq',
      level: 'province',
    });
    const user = await api.create('/api/v1/users', {
      name: 'Kế toán Điện Biên',
      username: `ketoan-db-${Math.random().toString(36).slice(2, 8)}`,
      password: 'mật khẩu đủ dài 2025',
      grants: [{ unitId: other.id, role: 'accountant' }],
    });
    const token = await api.create(`/api/v1/users/${user.id}/tokens`, { name: 'receipt test' });
    const outsider = api.as(token.token as string);
    const refused = await outsider.get(path);
    expectProblem(refused, 'forbidden');
    expect(JSON.stringify(refused.body)).not.toContain(DONOR.name);

    expectProblem(await api.get('/receipts/PT-XX-2024-999999'), 'not-found');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { verifyLedger } from '../../src/capabilities/verify-ledger.ts';
import { ProjectStore } from '../../src/db/project-store.ts';
import { seedLaiChauDemo } from '../../src/demo/lai-chau.ts';
import { DEFAULT_FUND_CHART } from '../../src/domain/chart.ts';
import { DEFAULT_FUND_RULES } from '../../src/domain/disbursements.ts';
import { type Json, TestApi } from '../support/api.ts';
import { freshDatabase } from '../support/database.ts';

describe('Lai Châu demo data', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  it('builds the unit tree, one fund of each kind and balanced entries that verify', async () => {
    const database = await freshDatabase();
    cleanup = database.cleanup;
    const store = new ProjectStore(database.client);
    const summary = await seedLaiChauDemo({
      store,
      nowMs: Date.now,
      chart: DEFAULT_FUND_CHART,
      passwordIterations: 1_000,
      fundRules: DEFAULT_FUND_RULES,
    });
    expect(summary.entries).toBeGreaterThanOrEqual(20);

    const api = new TestApi(database.client);
    const funds = (await api.get('/api/v1/funds')).body.items as { kind: string; name: string }[];
    expect(new Set(funds.map((fund) => fund.kind))).toEqual(
      new Set(['vi_nguoi_ngheo', 'den_on_dap_nghia', 'cong_doan_tuong_ho', 'relief_campaign', 'other']),
    );
    const units = (await api.get('/api/v1/units?limit=100')).body.items as {
      name: string;
      successorId: string | null;
    }[];
    expect(units.some((unit) => unit.name.includes('Mường So'))).toBe(true);
    expect(units.some((unit) => unit.name.includes('Huổi Én'))).toBe(true);
    expect(units.filter((unit) => unit.successorId !== null)).toHaveLength(1);

    // The commune fund: opening, 120.000.000 from the province and Bắc Ninh's 35.000.000; it paid the
    // Huổi Én house in two tranches (60 + 40) and the Nậm Cáy house (55).
    const communeFund = funds.find((fund) => fund.name.includes('xã Mường So')) as unknown as { id: string };
    const detail = (await api.get(`/api/v1/funds/${communeFund.id}`)).body;
    expect(detail.available).toEqual([
      {
        currency: 'VND',
        amount: String(
          86_000_000 + 4_200_000 + 120_000_000 + 35_000_000 - 60_000_000 - 40_000_000 - 55_000_000,
        ),
      },
    ]);

    // Real donations with receipts, an anonymous gift among them, and a pledge half paid.
    const donations = (await api.get('/api/v1/donations?limit=100')).body.items as {
      disclosure: string;
      receiptNo: string;
    }[];
    expect(donations.length).toBeGreaterThanOrEqual(5);
    expect(donations.some((donation) => donation.disclosure === 'anonymous')).toBe(true);
    const receipt = (await api.get(`/api/v1/receipts/${donations[0]!.receiptNo}`)).body;
    expect(receipt.amountInWords).toMatch(/đồng$/);

    // The seed article's house, traced end to end: handed over, paid by Bắc Ninh's gifts first.
    const projects = (await api.get('/api/v1/projects?limit=100')).body.items as Json[];
    const house = projects.find((project) => String(project.name).includes('Huổi Én'));
    expect(house).toMatchObject({ status: 'handed_over', village: 'bản Huổi Én' });
    const sources = (await api.get(`/api/v1/projects/${house!.id}/sources`)).body.sources as Json[];
    expect(sources.map((source) => [source.donor, source.amount])).toEqual([
      ['Ủy ban MTTQ Việt Nam tỉnh Bắc Ninh', '35000000'],
      ['Ủy ban MTTQ Việt Nam tỉnh Bắc Ninh', '65000000'],
    ]);
    const bacNinh = (await api.get('/api/v1/donations?limit=100')).body.items.find(
      (gift: Json) => gift.amount === '70000000',
    );
    const trace = (await api.get(`/api/v1/donations/${bacNinh.id}/trace`)).body;
    expect(trace.allocations.map((use: Json) => [use.projectId, use.amount])).toEqual([
      [house!.id, '25000000'],
      [house!.id, '40000000'],
      [null, '5000000'],
    ]);
    expect(trace.unallocated).toBe('0');
    const statuses = (await api.get('/api/v1/disbursements?limit=100')).body.items.map((d: Json) => d.status);
    expect(statuses).toEqual(['paid', 'paid', 'paid', 'paid', 'paid']);

    const tb = (await api.get('/api/v1/reports/trial-balance')).body;
    for (const total of tb.totalsByCurrency) expect(total.debit).toBe(total.credit);
    const report = await verifyLedger({ store });
    expect(report.checks.filter((check) => check.violations > 0)).toEqual([]);
    expect(report.ok).toBe(true);
  });
});

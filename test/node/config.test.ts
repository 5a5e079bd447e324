import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readNodeConfig, shouldSeedDemo } from '../../src/config.ts';
import { DEFAULT_FUND_CHART } from '../../src/domain/chart.ts';
import { DEFAULT_FUND_RULES } from '../../src/domain/disbursements.ts';

describe('node configuration', () => {
  it('defaults to port 8787 and the embedded file at ./data/soquy.db', () => {
    const config = readNodeConfig({});
    expect(config.port).toBe(8787);
    expect(config.databaseUrl).toBe('file:./data/soquy.db');
    expect(config.databaseIsDefault).toBe(true);
    expect(config.chart).toBe(DEFAULT_FUND_CHART);
  });

  it('refuses a port that is not a port', () => {
    expect(() => readNodeConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => readNodeConfig({ PORT: '70000' })).toThrow(/PORT/);
  });

  it.each([
    // [DATABASE_URL set?, SOQUY_DEMO, ledger empty?, seeds?]
    [false, undefined, true, true],
    [false, '0', true, false],
    [false, '1', true, true],
    [false, undefined, false, false],
    [true, undefined, true, false],
    [true, '1', true, true],
    [true, '1', false, false],
    [true, '0', true, false],
  ] as const)('named=%s SOQUY_DEMO=%s empty=%s → demo %s', (named, demo, empty, expected) => {
    const env: Record<string, string> = {};
    if (named) env.DATABASE_URL = 'file:/srv/soquy/production.db';
    if (demo !== undefined) env.SOQUY_DEMO = demo;
    expect(shouldSeedDemo(readNodeConfig(env), empty)).toBe(expected);
  });

  it('reads a chart of accounts file and refuses one that misses a role', () => {
    const folder = mkdtempSync(join(tmpdir(), 'soquy-chart-'));
    const good = join(folder, 'good.json');
    writeFileSync(
      good,
      JSON.stringify(DEFAULT_FUND_CHART.map((line) => ({ ...line, code: `9${line.code}` }))),
    );
    expect(readNodeConfig({ SOQUY_CHART_FILE: good }).chart.map((line) => line.code)).toContain('9112');

    const missing = join(folder, 'missing.json');
    writeFileSync(missing, JSON.stringify(DEFAULT_FUND_CHART.filter((line) => line.role !== 'bank')));
    expect(() => readNodeConfig({ SOQUY_CHART_FILE: missing })).toThrow(/role bank appears 0 times/);

    const duplicate = join(folder, 'duplicate.json');
    writeFileSync(duplicate, JSON.stringify(DEFAULT_FUND_CHART.map((line) => ({ ...line, code: '100' }))));
    expect(() => readNodeConfig({ SOQUY_CHART_FILE: duplicate })).toThrow(/code 100 is used twice/);
  });

  it('accepts the Thông tư 24 example chart shipped in docs/charts', () => {
    const config = readNodeConfig({ SOQUY_CHART_FILE: 'docs/charts/tt24-special-funds.example.json' });
    expect(config.chart.find((line) => line.role === 'bank')?.code).toBe('1121');
  });

  it('reads fund rules per kind from a file, keeping the defaults of kinds it does not name', () => {
    const folder = mkdtempSync(join(tmpdir(), 'soquy-rules-'));
    const good = join(folder, 'rules.json');
    writeFileSync(
      good,
      JSON.stringify({
        relief_campaign: {
          categories: ['relief', 'admin_costs'],
          costsFromDonations: true,
          adminCostsCapPercent: '2.5',
        },
      }),
    );
    const rules = readNodeConfig({ SOQUY_FUND_RULES_FILE: good }).fundRules;
    expect(rules.relief_campaign).toEqual({
      categories: ['relief', 'admin_costs'],
      costsFromDonations: true,
      adminCostsCapPercent: '2.5',
    });
    expect(rules.den_on_dap_nghia).toEqual(DEFAULT_FUND_RULES.den_on_dap_nghia);
    expect(readNodeConfig({}).fundRules).toBe(DEFAULT_FUND_RULES);

    const bad = join(folder, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({
        relief_campaign: { categories: ['parties'], costsFromDonations: true, adminCostsCapPercent: null },
      }),
    );
    expect(() => readNodeConfig({ SOQUY_FUND_RULES_FILE: bad })).toThrow(/is not a set of fund rules/);
  });
});

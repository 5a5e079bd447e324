import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { DEFAULT_DATABASE_URL } from './db/client.ts';
import { ACCOUNT_TYPES, SIDES } from './domain/accounts.ts';
import { ACCOUNT_ROLES, DEFAULT_FUND_CHART, type FundChart, problemsOfFundChart } from './domain/chart.ts';
import { DEFAULT_FUND_RULES, DISBURSEMENT_CATEGORIES, type FundRulesByKind } from './domain/disbursements.ts';
import { FUND_KINDS } from './domain/funds.ts';
import { ACCOUNT_CODE_LENGTH_MAX, NAME_LENGTH_MAX } from './domain/limits.ts';

/** Node configuration, read once from the environment. */
export interface NodeConfig {
  port: number;
  databaseUrl: string;
  /** True when DATABASE_URL was not set and the default embedded file is used. */
  databaseIsDefault: boolean;
  /** SOQUY_DEMO: "1" asks for demo data, "0" refuses it, unset follows the default rule. */
  demo: 'on' | 'off' | 'default';
  chart: FundChart;
  /** SOQUY_FUND_RULES_FILE: per fund kind, the categories, cost rule and cost cap (defaults otherwise). */
  fundRules: FundRulesByKind;
  /** SOQUY_BOOTSTRAP_TOKEN: an admin token over the whole tree, for first setup and automated tests. */
  bootstrapToken: string | null;
  /** SOQUY_CORS_ORIGINS: comma-separated origins allowed to call /api/v1/public from browsers. */
  corsOrigins: string[];
  /** SOQUY_TRUST_PROXY=1: a TLS-terminating proxy in front sets X-Forwarded-Proto/Host. */
  trustProxy: boolean;
}

export function readNodeConfig(env: NodeJS.ProcessEnv = process.env): NodeConfig {
  const port = Number(env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 1 || port > 65_535)
    throw new Error(`PORT must be 1–65535, got ${env.PORT}`);
  const demo = env.SOQUY_DEMO === '1' ? 'on' : env.SOQUY_DEMO === '0' ? 'off' : 'default';
  return {
    port,
    databaseUrl: env.DATABASE_URL || DEFAULT_DATABASE_URL,
    databaseIsDefault: !env.DATABASE_URL,
    demo,
    chart: env.SOQUY_CHART_FILE ? readChartFile(env.SOQUY_CHART_FILE) : DEFAULT_FUND_CHART,
    fundRules: env.SOQUY_FUND_RULES_FILE ? readFundRulesFile(env.SOQUY_FUND_RULES_FILE) : DEFAULT_FUND_RULES,
    bootstrapToken: readBootstrapToken(env.SOQUY_BOOTSTRAP_TOKEN),
    trustProxy: env.SOQUY_TRUST_PROXY === '1',
    corsOrigins: (env.SOQUY_CORS_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
  };
}

const chartFile = z.array(
  z.strictObject({
    role: z.enum(ACCOUNT_ROLES),
    code: z.string().min(1).max(ACCOUNT_CODE_LENGTH_MAX),
    name: z.string().min(1).max(NAME_LENGTH_MAX),
    type: z.enum(ACCOUNT_TYPES),
    normalSide: z.enum(SIDES).optional(),
    nonNegative: z.boolean(),
  }),
);

/** Reads SOQUY_CHART_FILE; a chart that would leave a role without an account stops the server at start. */
export function readChartFile(path: string): FundChart {
  const parsed = chartFile.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new Error(`${path} is not a chart of accounts: ${parsed.error.message}`);
  const problems = problemsOfFundChart(parsed.data);
  if (problems.length > 0) throw new Error(`${path}: ${problems.join('; ')}`);
  return parsed.data;
}

const fundRulesFile = z.partialRecord(
  z.enum(FUND_KINDS),
  z.strictObject({
    categories: z.array(z.enum(DISBURSEMENT_CATEGORIES)).min(1),
    costsFromDonations: z.boolean(),
    adminCostsCapPercent: z
      .string()
      .regex(/^(100|\d{1,2})(\.\d{1,2})?$/, 'a percentage such as "5" or "2.5"')
      .nullable(),
  }),
);

/** Reads SOQUY_FUND_RULES_FILE: the kinds it names replace the defaults; the others keep them. */
export function readFundRulesFile(path: string): FundRulesByKind {
  const parsed = fundRulesFile.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new Error(`${path} is not a set of fund rules: ${parsed.error.message}`);
  return { ...DEFAULT_FUND_RULES, ...parsed.data };
}

/**
 * Demo data goes only into an empty ledger: by default at the default location (a first `npm start`),
 * and into a database named by DATABASE_URL only when SOQUY_DEMO=1 — so production never gets it by accident.
 */
export function shouldSeedDemo(config: NodeConfig, ledgerIsEmpty: boolean): boolean {
  if (!ledgerIsEmpty || config.demo === 'off') return false;
  return config.demo === 'on' || config.databaseIsDefault;
}

/** A bootstrap token must be long enough not to be guessed. */
function readBootstrapToken(value: string | undefined): string | null {
  if (!value) return null;
  if (value.length < 24 || !/^[\x21-\x7E]+$/.test(value)) {
    throw new Error('SOQUY_BOOTSTRAP_TOKEN must be at least 24 visible ASCII characters');
  }
  return value;
}

import { DEFAULT_DATABASE_URL } from './db/client.ts';

/** Node configuration, read once from the environment. */
export interface NodeConfig {
  port: number;
  databaseUrl: string;
  /** True when DATABASE_URL was not set and the default embedded file is used. */
  databaseIsDefault: boolean;
  /** SOQUY_DEMO: "1" asks for demo data, "0" refuses it, unset follows the default rule. */
  demo: 'on' | 'off' | 'default';
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
  };
}

/**
 * Demo data goes only into an empty ledger: by default at the default location (a first `npm start`),
 * and into a database named by DATABASE_URL only when SOQUY_DEMO=1 — so production never gets it by accident.
 */
export function shouldSeedDemo(config: NodeConfig, ledgerIsEmpty: boolean): boolean {
  if (!ledgerIsEmpty || config.demo === 'off') return false;
  return config.demo === 'on' || config.databaseIsDefault;
}

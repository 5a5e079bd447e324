import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { ensureBootstrapAdmin } from './capabilities/bootstrap.ts';
import { readNodeConfig, shouldSeedDemo } from './config.ts';
import { openNodeDatabase } from './db/client.ts';
import { migrateDatabase } from './db/migrate.ts';
import { ProjectStore } from './db/project-store.ts';
import { DEMO_USERS, seedLaiChauDemo } from './demo/lai-chau.ts';
import { PASSWORD_ITERATIONS_DEFAULT } from './domain/passwords.ts';
import { createApp } from './http/app.ts';

/** Node entry: the embedded libSQL file, migrations at start, demo data on a first run, then serve. */
const config = readNodeConfig();
const client = await openNodeDatabase(config.databaseUrl);
await migrateDatabase(client);

const deps = {
  store: new ProjectStore(client),
  nowMs: Date.now,
  chart: config.chart,
  passwordIterations: PASSWORD_ITERATIONS_DEFAULT,
  fundRules: config.fundRules,
};
// Entries recorded before the hash chain existed get their hashes once (docs/decisions/0006-hash-chain.md).
const chained = await deps.store.backfillChain();
if (chained > 0) console.log(`Hash chain: hashed ${chained} journal entries recorded before it existed.`);
const counts = await deps.store.countLedgerRows();
let demoNote = '';
if (shouldSeedDemo(config, counts.units === 0)) {
  const demo = await seedLaiChauDemo(deps);
  demoNote = [
    `Demo data: ${demo.units} units, ${demo.funds.length} funds, ${demo.entries} journal entries, ${demo.donations} of them donations with receipts (Lai Châu, illustrative).`,
    `Demo users (passwords are public — demo only): ${DEMO_USERS.map((user) => `${user.username} / ${user.password}`).join(', ')}`,
  ].join('\n');
}
if (config.bootstrapToken) await ensureBootstrapAdmin(deps, config.bootstrapToken);

const app = createApp({
  db: client,
  chart: config.chart,
  fundRules: config.fundRules,
  corsOrigins: config.corsOrigins,
  trustProxy: config.trustProxy,
  clientIp: (c) => getConnInfo(c).remote.address ?? null,
});
const server = serve({ fetch: app.fetch, port: config.port }, (info) => {
  const base = `http://localhost:${info.port}`;
  console.log(`Sổ Quỹ is running at ${base}  (database: ${config.databaseUrl})`);
  if (demoNote) console.log(demoNote);
  console.log(
    `Sign in with POST ${base}/api/v1/auth/login or send "Authorization: Bearer <token>" (SOQUY_BOOTSTRAP_TOKEN or \`npx soquy user create\`).`,
  );
  console.log(
    `Then open ${base}/api/v1/funds for the funds and ${base}/api/v1/reports/trial-balance for the trial balance;`,
  );
  console.log('run `npx soquy verify` to check every ledger invariant.');
});

function shutdown() {
  server.close(() => {
    client.close();
    process.exit(0);
  });
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);

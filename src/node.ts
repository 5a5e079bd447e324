import { serve } from '@hono/node-server';
import { readNodeConfig, shouldSeedDemo } from './config.ts';
import { openNodeDatabase } from './db/client.ts';
import { LedgerStore } from './db/ledger-store.ts';
import { migrateDatabase } from './db/migrate.ts';
import { seedLaiChauDemo } from './demo/lai-chau.ts';
import { createApp } from './http/app.ts';

/** Node entry: the embedded libSQL file, migrations at start, demo data on a first run, then serve. */
const config = readNodeConfig();
const client = await openNodeDatabase(config.databaseUrl);
await migrateDatabase(client);

const store = new LedgerStore(client);
const counts = await store.countLedgerRows();
let demoNote = '';
if (shouldSeedDemo(config, counts.units === 0)) {
  const demo = await seedLaiChauDemo({ store, nowMs: Date.now, chart: config.chart });
  demoNote = `Demo data: ${demo.units} units, ${demo.funds.length} funds, ${demo.entries} journal entries (Lai Châu, illustrative).`;
}

const app = createApp({ db: client, chart: config.chart });
const server = serve({ fetch: app.fetch, port: config.port }, (info) => {
  const base = `http://localhost:${info.port}`;
  console.log(`Sổ Quỹ is running at ${base}  (database: ${config.databaseUrl})`);
  if (demoNote) console.log(demoNote);
  console.log(
    `Open ${base}/api/v1/funds for the funds, ${base}/api/v1/reports/trial-balance for the trial balance,`,
  );
  console.log(`and run \`npx soquy verify\` to check every ledger invariant.`);
});

function shutdown() {
  server.close(() => {
    client.close();
    process.exit(0);
  });
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);

import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Client } from '@libsql/client';
import { ProjectStore } from '../../src/db/project-store.ts';
import { seedLaiChauDemo } from '../../src/demo/lai-chau.ts';
import { DEFAULT_FUND_CHART } from '../../src/domain/chart.ts';
import { DEFAULT_FUND_RULES } from '../../src/domain/disbursements.ts';
import { createApp } from '../../src/http/app.ts';
import { freshDatabase, TEST_PASSWORD_ITERATIONS } from './database.ts';

/** A fresh database holding the Lai Châu demo, and the real app over it (called in-process). */
export async function demoApp(): Promise<{
  client: Client;
  app: ReturnType<typeof createApp>;
  cleanup: () => void;
}> {
  const database = await freshDatabase();
  await seedLaiChauDemo({
    store: new ProjectStore(database.client),
    nowMs: Date.now,
    chart: DEFAULT_FUND_CHART,
    passwordIterations: TEST_PASSWORD_ITERATIONS,
    fundRules: DEFAULT_FUND_RULES,
  });
  const app = createApp({ db: database.client, passwordIterations: TEST_PASSWORD_ITERATIONS });
  return { client: database.client, app, cleanup: database.cleanup };
}

/**
 * The demo app served over real HTTP by @hono/node-server on a random local port (as src/node.ts
 * serves it), for a browser to open.
 */
export async function serveDemoSite(): Promise<{
  baseUrl: string;
  client: Client;
  close: () => Promise<void>;
}> {
  const demo = await demoApp();
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: demo.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    client: demo.client,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          demo.cleanup();
          resolve();
        });
        // Keep-alive connections from the browser would hold close() open.
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}

import { createClient } from '@libsql/client/web';
import { createApp } from './http/app.ts';

/** Cloudflare Workers entry: the same app over Turso/libSQL via HTTP. Migrations are applied ahead of deploys. */
export interface WorkerBindings {
  DATABASE_URL?: string;
  DATABASE_AUTH_TOKEN?: string;
}

export default {
  async fetch(request: Request, env: WorkerBindings, context: ExecutionContext): Promise<Response> {
    if (!env.DATABASE_URL) {
      const problem = {
        type: '/problems/internal-error',
        title: 'Not configured',
        status: 503,
        detail: 'DATABASE_URL is not set for this worker.',
      };
      return new Response(JSON.stringify(problem), {
        status: 503,
        headers: { 'Content-Type': 'application/problem+json' },
      });
    }
    // One client per request: nothing about the database outlives the request in a module variable.
    const db = createClient({ url: env.DATABASE_URL, authToken: env.DATABASE_AUTH_TOKEN });
    try {
      return await createApp({
        db,
        trustProxy: false,
        clientIp: (c) => c.req.header('CF-Connecting-IP') ?? null,
      }).fetch(request, env, context);
    } finally {
      db.close();
    }
  },
};

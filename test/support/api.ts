import type { Client } from '@libsql/client';
import { createApp } from '../../src/http/app.ts';
import { freshDatabase, TEST_ADMIN_TOKEN, TEST_PASSWORD_ITERATIONS } from './database.ts';

export { TEST_ADMIN_TOKEN, TEST_PASSWORD_ITERATIONS } from './database.ts';

// biome-ignore lint/suspicious/noExplicitAny: test bodies are read loosely; assertions check their shape.
export type Json = { [key: string]: any };

export interface ApiResponse {
  status: number;
  headers: Headers;
  body: Json;
}

/**
 * The real app over a real database, called in-process through app.request. Requests carry the
 * bootstrap admin's token unless the test names other credentials (`as(token)`, `anonymous()`), or
 * sends its own Authorization header or Cookie.
 */
export class TestApi {
  readonly app: ReturnType<typeof createApp>;

  constructor(
    readonly client: Client,
    nowMs?: () => number,
    readonly token: string | null = TEST_ADMIN_TOKEN,
    app?: ReturnType<typeof createApp>,
  ) {
    this.app =
      app ??
      createApp({
        db: client,
        passwordIterations: TEST_PASSWORD_ITERATIONS,
        clientIp: (c) => c.req.header('X-Test-Client-Ip') ?? null,
        ...(nowMs ? { nowMs } : {}),
      });
  }

  /** The same app and database, calling with another token. */
  as(token: string): TestApi {
    return new TestApi(this.client, undefined, token, this.app);
  }

  anonymous(): TestApi {
    return new TestApi(this.client, undefined, null, this.app);
  }

  async request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse> {
    const sent = { ...headers };
    const named = Object.keys(sent).some((name) => ['authorization', 'cookie'].includes(name.toLowerCase()));
    if (this.token && !named) sent.Authorization = `Bearer ${this.token}`;
    const init: RequestInit = { method, headers: sent };
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
      (init.headers as Record<string, string>)['Content-Type'] ??= 'application/json';
    }
    const response = await this.app.request(path, init);
    const text = await response.text();
    let parsed: Json = {};
    if (text) {
      try {
        parsed = JSON.parse(text) as Json;
      } catch {
        parsed = { raw: text };
      }
    }
    return { status: response.status, headers: response.headers, body: parsed };
  }

  get(path: string) {
    return this.request('GET', path);
  }

  post(path: string, body: unknown, headers: Record<string, string> = {}) {
    return this.request('POST', path, body, headers);
  }

  /** POST that must succeed with 201; returns the body. */
  async create(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Json> {
    const response = await this.post(path, body, headers);
    if (response.status !== 201) {
      throw new Error(`POST ${path} → ${response.status}: ${JSON.stringify(response.body)}`);
    }
    return response.body;
  }
}

export async function freshApi(kind: 'memory' | 'file' = 'memory') {
  const database = await freshDatabase(kind);
  return { api: new TestApi(database.client), ...database };
}

/** A province MTTQ unit with one "Vì người nghèo" fund; returns the ids and accounts by role. */
export async function provinceWithFund(api: TestApi) {
  const unit = await api.create('/api/v1/units', {
    name: 'Ủy ban MTTQ Việt Nam tỉnh Lai Châu',
    kind: 'mttq',
    level: 'province',
  });
  const fund = await api.create('/api/v1/funds', {
    unitId: unit.id,
    kind: 'vi_nguoi_ngheo',
    name: 'Quỹ "Vì người nghèo" tỉnh Lai Châu',
  });
  const detail = await api.get(`/api/v1/funds/${fund.id}`);
  const byRole = Object.fromEntries(
    (detail.body.balances as Json[]).map((account) => [account.role as string, account.accountId as string]),
  ) as Record<string, string>;
  return { unit, fund, accounts: byRole };
}

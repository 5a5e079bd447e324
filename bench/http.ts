import type { App } from './setup.ts';
import { msSince } from './stats.ts';

export interface RequestRun {
  count: number;
  wallMs: number;
  latenciesMs: number[];
}

/**
 * Calls the app in-process (app.request, as the tests do) with `concurrency` requests in flight until
 * every request has been made; each latency runs from the call to the last byte of the response body.
 */
export async function runRequests(
  app: App,
  requests: readonly { path: string; init: RequestInit; expect: number }[],
  concurrency: number,
): Promise<RequestRun> {
  const latenciesMs: number[] = new Array(requests.length);
  let next = 0;
  const worker = async () => {
    for (;;) {
      const index = next;
      next += 1;
      if (index >= requests.length) return;
      const request = requests[index]!;
      const start = process.hrtime.bigint();
      const response = await app.request(request.path, request.init);
      const text = await response.text();
      latenciesMs[index] = msSince(start);
      if (response.status !== request.expect) {
        throw new Error(`${request.path} → ${response.status} (expected ${request.expect}): ${text}`);
      }
    }
  };
  const start = process.hrtime.bigint();
  await Promise.all(Array.from({ length: Math.min(concurrency, requests.length) }, worker));
  return { count: requests.length, wallMs: msSince(start), latenciesMs };
}

export function postEntryRequests(
  bodies: readonly string[],
  keyPrefix: string,
  auth: Record<string, string>,
) {
  return bodies.map((body, index) => ({
    path: '/api/v1/entries',
    init: {
      method: 'POST',
      body,
      headers: { ...auth, 'Content-Type': 'application/json', 'Idempotency-Key': `${keyPrefix}-${index}` },
    },
    expect: 201,
  }));
}

export function getRequests(path: string, count: number, auth: Record<string, string>) {
  return Array.from({ length: count }, () => ({ path, init: { method: 'GET', headers: auth }, expect: 200 }));
}

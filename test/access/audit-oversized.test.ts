import { afterEach, describe, expect, it } from 'vitest';
import { freshApi } from '../support/api.ts';

describe('an oversized write is refused and audited', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  it('records a 413 under the route\u2019s action', async () => {
    const env = await freshApi();
    cleanup = env.cleanup;
    const huge = JSON.stringify({ name: 'x'.repeat(1_100_000), kind: 'mttq' });
    const response = await env.api.request('POST', '/api/v1/units', huge, { 'X-Request-Id': 'oversized-1' });
    expect(response.status).toBe(413);
    const rows = await env.client.execute(
      "SELECT action, outcome, status FROM audit_log WHERE request_id = 'oversized-1'",
    );
    expect(rows.rows.map((row) => ({ ...row }))).toEqual([
      { action: 'units.create', outcome: 'refused', status: 413 },
    ]);
  });
});

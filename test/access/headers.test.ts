import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../src/http/app.ts';
import {
  type ApiResponse,
  freshApi,
  TEST_ADMIN_TOKEN,
  TEST_PASSWORD_ITERATIONS,
  TestApi,
} from '../support/api.ts';
import { freshDatabase } from '../support/database.ts';
import { expectProblem } from '../support/ledger.ts';

const GENERATED_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const LEAKS = ['SQLITE', 'at /', '.ts:', 'node_modules', 'closed', 'Error'];

function expectSecurityHeaders(response: ApiResponse) {
  const { headers } = response;
  expect(headers.get('X-Content-Type-Options')).toBe('nosniff');
  const csp = headers.get('Content-Security-Policy') ?? '';
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("object-src 'none'");
  expect(headers.get('Referrer-Policy')).toBe('strict-origin-when-cross-origin');
  expect(headers.get('X-Frame-Options')).toBe('DENY');
  expect(headers.get('X-Powered-By')).toBeNull();
}

describe('response headers', () => {
  let api: TestApi;
  let cleanup = () => {};
  beforeEach(async () => {
    const env = await freshApi();
    api = env.api;
    cleanup = env.cleanup;
  });
  afterEach(() => cleanup());

  describe('security headers on every response', () => {
    it.each([
      ['a 200 (health)', () => api.anonymous().get('/healthz'), 200],
      ['a 200 (funds)', () => api.get('/api/v1/funds'), 200],
      ['a 201', () => api.post('/api/v1/units', { name: 'MTTQ tỉnh', kind: 'mttq' }), 201],
      ['a 404 (no such route)', () => api.get('/api/v1/khong-co'), 404],
      ['a 404 (no such fund)', () => api.get('/api/v1/funds/01900000-0000-7000-8000-000000000000'), 404],
      ['a 422', () => api.post('/api/v1/units', {}), 422],
      ['a 415', () => api.request('POST', '/api/v1/units', 'x', { 'Content-Type': 'text/plain' }), 415],
      ['a 401', () => api.anonymous().get('/api/v1/funds'), 401],
    ])('on %s', async (_label, send, status) => {
      const response = await send();
      expect(response.status).toBe(status);
      expectSecurityHeaders(response);
      expect(response.headers.get('X-Request-Id')).toMatch(GENERATED_ID);
      if (status >= 400) expect(response.body.requestId).toBe(response.headers.get('X-Request-Id'));
    });
  });

  describe('X-Request-Id', () => {
    it('echoes a well-formed request id, on success and on refusal', async () => {
      const ok = await api.request('GET', '/api/v1/funds', undefined, { 'X-Request-Id': 'req-2025.01_x' });
      expect(ok.headers.get('X-Request-Id')).toBe('req-2025.01_x');
      const refused = await api.request('POST', '/api/v1/units', {}, { 'X-Request-Id': 'req-422' });
      expect(refused.headers.get('X-Request-Id')).toBe('req-422');
      expect(refused.body.requestId).toBe('req-422');
    });

    it.each([
      ['too long', 'r'.repeat(65)],
      ['with a space', 'two words'],
      ['with markup', '<script>'],
      ['with a quote', "a'b"],
    ])('replaces a request id %s with its own', async (_label, sent) => {
      const response = await api.request('POST', '/api/v1/units', {}, { 'X-Request-Id': sent });
      const id = response.headers.get('X-Request-Id');
      expect(id).toMatch(GENERATED_ID);
      expect(response.body.requestId).toBe(id);
      expect(JSON.stringify(response.body)).not.toContain(sent);
    });
  });

  describe('CORS', () => {
    it('gives a foreign origin no Access-Control-Allow-Origin on the API', async () => {
      const origin = { Origin: 'https://evil.example' };
      const read = await api.request('GET', '/api/v1/funds', undefined, origin);
      expect(read.status).toBe(200);
      expect(read.headers.get('Access-Control-Allow-Origin')).toBeNull();
      expect(read.headers.get('Access-Control-Allow-Credentials')).toBeNull();
      const preflight = await api.anonymous().request('OPTIONS', '/api/v1/funds', undefined, {
        ...origin,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization, content-type',
      });
      expect(preflight.status).toBeGreaterThanOrEqual(400);
      expect(preflight.headers.get('Access-Control-Allow-Origin')).toBeNull();
      expect(preflight.headers.get('Access-Control-Allow-Methods')).toBeNull();
    });

    it('keeps the API closed even to an origin allowed for the public pages', async () => {
      const app = createApp({
        db: api.client,
        passwordIterations: TEST_PASSWORD_ITERATIONS,
        corsOrigins: ['https://cong-khai.example'],
      });
      const response = await app.request('/api/v1/funds', {
        headers: { Origin: 'https://cong-khai.example', Authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('Access-Control-Allow-Origin')).toBeNull();
    });
  });

  describe('5xx', () => {
    it('answers an internal failure with a generic problem naming only the request id', async () => {
      const database = await freshDatabase();
      const broken = new TestApi(database.client);
      database.client.close();
      const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
      try {
        const response = await broken.request('GET', '/api/v1/funds', undefined, {
          'X-Request-Id': 'boom-1',
        });
        expectProblem(response, 'internal-error');
        expect(response.status).toBe(500);
        expectSecurityHeaders(response);
        expect(response.body.requestId).toBe('boom-1');
        expect(response.body.detail).toContain('boom-1');
        expect(Object.keys(response.body).sort()).toEqual([
          'detail',
          'instance',
          'requestId',
          'status',
          'title',
          'type',
        ]);
        const text = JSON.stringify(response.body);
        for (const leak of LEAKS) expect(text).not.toContain(leak);
        // The details go to the server log instead, under the same request id.
        expect(logged).toHaveBeenCalled();
        expect(String(logged.mock.calls[0]![0])).toContain('boom-1');
      } finally {
        logged.mockRestore();
      }
    });
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WRITES_WAITING_MAX } from '../../src/db/ledger-store.ts';
import { writeQueueFor } from '../../src/db/write-queue.ts';
import { BODY_BYTES_MAX } from '../../src/domain/limits.ts';
import { PROBLEMS } from '../../src/http/problem.ts';
import { freshApi, provinceWithFund, type TestApi } from '../support/api.ts';
import { countRows, donation, expectProblem, type ProblemCode } from '../support/ledger.ts';

describe('app-level endpoints and refusals', () => {
  let api: TestApi;
  let cleanup = () => {};
  beforeEach(async () => {
    const env = await freshApi();
    api = env.api;
    cleanup = env.cleanup;
  });
  afterEach(() => cleanup());

  it('GET /healthz answers {"status":"ok"}', async () => {
    const response = await api.app.request('/healthz');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.text()).toBe('{"status":"ok"}');
  });

  describe('GET /problems/:code', () => {
    it.each(Object.keys(PROBLEMS))('explains %s', async (code) => {
      const response = await api.get(`/problems/${code}`);
      expect(response.status).toBe(200);
      const { status, title } = PROBLEMS[code as ProblemCode];
      expect(response.body).toEqual({ type: `/problems/${code}`, status, title });
    });

    it('answers 404 for an unknown problem type', async () => {
      const body = expectProblem(await api.get('/problems/no-such-problem'), 'route-not-found');
      expect(body.detail).toContain('no-such-problem');
    });

    it('does not treat inherited object keys as problem types', async () => {
      expectProblem(await api.get('/problems/constructor'), 'route-not-found');
      expectProblem(await api.get('/problems/toString'), 'route-not-found');
    });
  });

  describe('unknown routes', () => {
    it.each([
      // `/` is the public site's home page (issue 6); other paths outside the API are still unknown.
      ['GET', '/khong-co-trang-nay'],
      ['GET', '/api/v1'],
      ['GET', '/api/v1/nothing'],
      ['GET', '/api/v2/units'],
      ['POST', '/api/v1/reports/trial-balance'],
      ['DELETE', '/api/v1/units/some-id'],
      ['PUT', '/api/v1/entries/some-id'],
      ['PATCH', '/api/v1/accounts/some-id'],
      ['GET', '/api/v1/entries'],
      ['GET', '/api/v1/units/a/b/c'],
    ])('%s %s answers 404 route-not-found', async (method, path) => {
      const body = expectProblem(await api.request(method, path), 'route-not-found');
      expect(body.instance).toBe(path);
      expect(body.detail).toContain(method);
    });
  });

  describe('problem documents', () => {
    it('carry the path as instance and the request id, echoed in X-Request-Id', async () => {
      const response = await api.request('GET', '/api/v1/units/nope', undefined, {
        'X-Request-Id': 'trace-42',
      });
      const body = expectProblem(response, 'not-found');
      expect(body.instance).toBe('/api/v1/units/nope');
      expect(body.requestId).toBe('trace-42');
      expect(response.headers.get('X-Request-Id')).toBe('trace-42');
    });

    it('replace an unusable request id with a fresh one', async () => {
      const response = await api.request('GET', '/api/v1/units/nope', undefined, {
        'X-Request-Id': 'bad id!',
      });
      expect(response.body.requestId).not.toBe('bad id!');
      expect(response.body.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(response.headers.get('X-Request-Id')).toBe(response.body.requestId);
    });

    it('come with the secure headers on success and on failure', async () => {
      for (const response of [await api.get('/api/v1/units'), await api.get('/api/v1/units/nope')]) {
        expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
        expect(response.headers.get('X-Request-Id')).toBeTruthy();
      }
    });
  });

  describe('request bodies', () => {
    const writes = ['/api/v1/units', '/api/v1/funds', '/api/v1/accounts', '/api/v1/entries'];

    it.each(writes)('POST %s with malformed JSON answers 400', async (path) => {
      const body = expectProblem(await api.post(path, '{"name": "Lai Châu",'), 'malformed-body');
      expect(body.instance).toBe(path);
    });

    it('answers 400 for malformed JSON on the action endpoints too', async () => {
      const { unit, accounts } = await provinceWithFund(api);
      const entry = await api.create('/api/v1/entries', donation(accounts, '100'));
      expectProblem(await api.post(`/api/v1/entries/${entry.id}/reverse`, '{reason:'), 'malformed-body');
      expectProblem(await api.post(`/api/v1/units/${unit.id}/succession`, "{'a':1}"), 'malformed-body');
      expect(await countRows(api, 'journal_entries')).toBe(1);
    });

    it.each([
      ['an array', '[]'],
      ['a string', '"unit"'],
      ['null', 'null'],
      ['a number', '42'],
    ])('refuses %s as the body with 422', async (_label, raw) => {
      expectProblem(await api.post('/api/v1/units', raw), 'validation-failed');
      expect(await countRows(api, 'units')).toBe(0);
    });

    it.each([
      ['text/plain', { 'Content-Type': 'text/plain' }],
      ['form encoding', { 'Content-Type': 'application/x-www-form-urlencoded' }],
    ])('refuses a JSON body sent as %s with 415', async (_label, headers) => {
      expectProblem(
        await api.post('/api/v1/units', JSON.stringify({ name: 'Lai Châu', kind: 'mttq' }), headers),
        'unsupported-media-type',
      );
      expect(await countRows(api, 'units')).toBe(0);
    });

    it('accepts application/json with a charset', async () => {
      const response = await api.post('/api/v1/units', JSON.stringify({ name: 'Lai Châu', kind: 'mttq' }), {
        'Content-Type': 'application/json; charset=utf-8',
      });
      expect(response.status).toBe(201);
    });

    it('refuses a body over 1 MiB with 413 and writes nothing', async () => {
      const body = JSON.stringify({ name: 'x'.repeat(BODY_BYTES_MAX), kind: 'mttq' });
      expectProblem(await api.post('/api/v1/units', body), 'payload-too-large');
      const { accounts } = await provinceWithFund(api);
      const huge = donation(accounts, '100');
      huge.description = 'd'.repeat(BODY_BYTES_MAX);
      expectProblem(await api.post('/api/v1/entries', huge), 'payload-too-large');
      expect(await countRows(api, 'journal_entries')).toBe(0);
    });

    it('refuses a body declaring more than 1 MiB in Content-Length before reading it', async () => {
      const body = 'x'.repeat(BODY_BYTES_MAX + 1);
      const response = await api.app.request('/api/v1/units', {
        method: 'POST',
        body,
        headers: { 'Content-Type': 'application/json', 'Content-Length': String(body.length) },
      });
      expect(response.status).toBe(413);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(await response.text()).type).toBe('/problems/payload-too-large');
    });

    it('reads a body of exactly 1 MiB', async () => {
      // Just under the limit is parsed (and refused only for its content).
      const padding = BODY_BYTES_MAX - JSON.stringify({ name: '', kind: 'mttq' }).length;
      const body = JSON.stringify({ name: 'x'.repeat(padding), kind: 'mttq' });
      expect(new TextEncoder().encode(body).length).toBe(BODY_BYTES_MAX);
      expectProblem(await api.post('/api/v1/units', body), 'validation-failed', ['name']);
    });
  });

  it('answers 503 with Retry-After when too many writes are waiting, and recovers', async () => {
    const queue = writeQueueFor(api.client, WRITES_WAITING_MAX);
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const held = Array.from({ length: WRITES_WAITING_MAX }, () => queue.run(() => gate));
    expect(queue.depth).toBe(WRITES_WAITING_MAX);
    const response = await api.post('/api/v1/units', { name: 'Lai Châu', kind: 'mttq' });
    expectProblem(response, 'service-busy');
    expect(response.headers.get('Retry-After')).toBe('1');
    release();
    await Promise.all(held);
    expect(queue.depth).toBe(0);
    expect((await api.post('/api/v1/units', { name: 'Lai Châu', kind: 'mttq' })).status).toBe(201);
    expect(await countRows(api, 'units')).toBe(1);
  });

  it('answers 500 without internals when the database fails', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      api.client.close();
      const response = await api.get('/api/v1/units');
      const body = expectProblem(response, 'internal-error');
      expect(body.detail).toContain(body.requestId);
      expect(body.detail).not.toMatch(/sql|libsql|closed|stack/i);
      expect(errors).toHaveBeenCalledTimes(1);
      expect(String(errors.mock.calls[0]![0])).toContain(body.requestId);
    } finally {
      errors.mockRestore();
    }
  });
});

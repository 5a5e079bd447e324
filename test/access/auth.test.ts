import { createHash } from 'node:crypto';
import type { Client } from '@libsql/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  LOGIN_FAILURE_WINDOW_MS,
  LOGIN_FAILURES_PER_ACCOUNT_MAX,
  LOGIN_FAILURES_PER_ADDRESS_MAX,
  SESSION_IDLE_MS,
} from '../../src/domain/limits.ts';
import { verifyPassword } from '../../src/domain/passwords.ts';
import { createUserWithToken, TEST_USER_PASSWORD, type TreeUser, uniqueUsername } from '../support/access.ts';
import { type ApiResponse, TEST_PASSWORD_ITERATIONS, TestApi } from '../support/api.ts';
import { freshDatabase } from '../support/database.ts';
import { countRows, expectProblem } from '../support/ledger.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function expectUnauthenticated(response: ApiResponse) {
  expectProblem(response, 'unauthenticated');
  expect(response.headers.get('WWW-Authenticate')).toBe('Bearer realm="soquy"');
}

/** Every text cell of every table, to prove a secret is stored nowhere in the clear. */
async function everyStoredText(client: Client): Promise<string[]> {
  const tables = await client.execute("SELECT name FROM sqlite_master WHERE type = 'table'");
  const texts: string[] = [];
  for (const table of tables.rows) {
    const rows = await client.execute(`SELECT * FROM "${String(table.name)}"`);
    for (const row of rows.rows) {
      for (const value of Object.values(row)) if (typeof value === 'string') texts.push(value);
    }
  }
  return texts;
}

function sessionCookieOf(response: ApiResponse): string {
  const header = response.headers.get('Set-Cookie') ?? '';
  const match = /soquy_session=([^;]+)/.exec(header);
  if (!match) throw new Error(`no session cookie in ${JSON.stringify(header)}`);
  return `soquy_session=${match[1]}`;
}

describe('authentication', () => {
  let clockMs: number;
  let client: Client;
  let api: TestApi;
  let cleanup = () => {};
  let unitA: string;
  let unitP: string;

  beforeEach(async () => {
    const database = await freshDatabase();
    client = database.client;
    cleanup = database.cleanup;
    clockMs = Date.parse('2026-03-02T02:00:00Z');
    api = new TestApi(client, () => clockMs);
    unitP = (await api.create('/api/v1/units', { name: 'MTTQ tỉnh', kind: 'mttq', level: 'province' })).id;
    unitA = (await api.create('/api/v1/units', { name: 'MTTQ xã A', kind: 'mttq', parentId: unitP })).id;
  });
  afterEach(() => cleanup());

  /** A user with a password (and a token, unused by the login tests). */
  const userAt = (unitId: string | null, role: 'admin' | 'accountant' | 'auditor' = 'accountant') =>
    createUserWithToken(api, role, [{ unitId, role }]);

  const login = (user: { username: string }, password = TEST_USER_PASSWORD, headers = {}, url = '') =>
    api
      .anonymous()
      .request('POST', `${url}/api/v1/auth/login`, { username: user.username, password }, headers);

  async function signIn(user: TreeUser) {
    const response = await login(user);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return { cookie: sessionCookieOf(response), csrf: response.body.csrfToken as string };
  }

  describe('API tokens', () => {
    it.each([
      ['a scheme other than Bearer', 'Basic YWRtaW46YWRtaW4='],
      ['Bearer with no token', 'Bearer'],
      ['Bearer and a blank', 'Bearer '],
      ['two words', 'Bearer sq_a sq_b'],
      ['a non-ASCII token', 'Bearer sq_é'],
      ['a token too long to be one', `Bearer sq_${'x'.repeat(600)}`],
      ['an unknown token', `Bearer sq_${'A'.repeat(43)}`],
      ['an empty header', ''],
    ])('refuses %s with 401 and WWW-Authenticate', async (_label, authorization) => {
      const units = await countRows(api, 'units');
      expectUnauthenticated(
        await api.request('GET', '/api/v1/funds', undefined, { Authorization: authorization }),
      );
      expectUnauthenticated(
        await api.request(
          'POST',
          '/api/v1/units',
          { name: 'X', kind: 'mttq' },
          { Authorization: authorization },
        ),
      );
      expect(await countRows(api, 'units')).toBe(units);
    });

    it('refuses a request with no credential at all', async () => {
      expectUnauthenticated(await api.anonymous().get('/api/v1/funds'));
      expectUnauthenticated(await api.anonymous().get('/api/v1/auth/me'));
    });

    it('accepts a token until the instant it expires, then refuses it', async () => {
      const user = await userAt(unitA);
      const expiresAtMs = clockMs + 3_600_000;
      const made = await api.post(`/api/v1/users/${user.id}/tokens`, {
        name: 'báo cáo tháng',
        expiresAt: new Date(expiresAtMs).toISOString(),
      });
      expect(made.status).toBe(201);
      expect(made.body.expiresAt).toBe(new Date(expiresAtMs).toISOString());
      const caller = api.as(made.body.token);
      clockMs = expiresAtMs - 1;
      expect((await caller.get('/api/v1/auth/me')).body.id).toBe(user.id);
      clockMs = expiresAtMs;
      expectUnauthenticated(await caller.get('/api/v1/auth/me'));
      clockMs = expiresAtMs + 86_400_000;
      expectUnauthenticated(await caller.get('/api/v1/funds'));
    });

    it('refuses a token whose expiry is not in the future', async () => {
      const user = await userAt(unitA);
      const past = new Date(clockMs - 1000).toISOString();
      expectProblem(
        await api.post(`/api/v1/users/${user.id}/tokens`, { name: 'x', expiresAt: past }),
        'validation-failed',
        ['expiresAt'],
      );
      expectProblem(
        await api.post(`/api/v1/users/${user.id}/tokens`, { name: 'x', expiresAt: '2030-02-30T00:00:00Z' }),
        'validation-failed',
        ['expiresAt'],
      );
    });

    it('refuses a revoked token, and a second revocation', async () => {
      const user = await userAt(unitA);
      const made = await api.create(`/api/v1/users/${user.id}/tokens`, { name: 'máy trạm' });
      expect((await api.as(made.token).get('/api/v1/auth/me')).status).toBe(200);
      const revoked = await api.request('DELETE', `/api/v1/tokens/${made.id}`);
      expect(revoked.status).toBe(200);
      expect(revoked.body).toMatchObject({
        id: made.id,
        userId: user.id,
        revokedAt: new Date(clockMs).toISOString(),
      });
      expect(JSON.stringify(revoked.body)).not.toContain(made.token);
      expectUnauthenticated(await api.as(made.token).get('/api/v1/auth/me'));
      expectUnauthenticated(await api.as(made.token).post('/api/v1/units', { name: 'X', kind: 'mttq' }));
      expectProblem(await api.request('DELETE', `/api/v1/tokens/${made.id}`), 'conflict');
      // The user's other token still works.
      expect((await api.as(user.token).get('/api/v1/auth/me')).status).toBe(200);
    });

    it('shows a token only once: never in a list, and a replay returns token null', async () => {
      const user = await userAt(unitA);
      const headers = { 'Idempotency-Key': 'token-once-1' };
      const made = await api.post(`/api/v1/users/${user.id}/tokens`, { name: 'đồng bộ' }, headers);
      expect(made.status).toBe(201);
      expect(made.headers.get('Cache-Control')).toBe('no-store');
      expect(made.body).toEqual({
        id: expect.any(String),
        userId: user.id,
        name: 'đồng bộ',
        expiresAt: null,
        createdAt: new Date(clockMs).toISOString(),
        token: expect.stringMatching(/^sq_[A-Za-z0-9_-]{43}$/),
      });
      const secret = made.body.token as string;
      const replay = await api.post(`/api/v1/users/${user.id}/tokens`, { name: 'đồng bộ' }, headers);
      expect(replay.status).toBe(201);
      expect(replay.headers.get('Idempotency-Hit')).toBe('true');
      expect(replay.body.id).toBe(made.body.id);
      expect(replay.body.token).toBeNull();
      const tokens = await client.execute({
        sql: 'SELECT count(*) AS n FROM api_tokens WHERE user_id = ?',
        args: [user.id],
      });
      expect(Number(tokens.rows[0]!.n)).toBe(2);
      for (const path of ['/api/v1/users?limit=500', '/api/v1/audit?limit=500', '/api/v1/auth/me']) {
        const response = await api.get(path);
        expect(response.status).toBe(200);
        expect(JSON.stringify(response.body)).not.toContain(secret);
      }
      expect(JSON.stringify((await api.as(secret).get('/api/v1/auth/me')).body)).not.toContain(secret);
    });

    it('stores a token only as its SHA-256, nowhere in the clear', async () => {
      const user = await userAt(unitA);
      const made = await api.create(
        `/api/v1/users/${user.id}/tokens`,
        { name: 'lưu trữ' },
        { 'Idempotency-Key': 'h-1' },
      );
      const row = await client.execute({
        sql: 'SELECT token_hash FROM api_tokens WHERE id = ?',
        args: [made.id],
      });
      const stored = String(row.rows[0]!.token_hash);
      expect(stored).not.toBe(made.token);
      expect(stored).toBe(sha256(made.token));
      const texts = await everyStoredText(client);
      expect(texts.length).toBeGreaterThan(50);
      expect(texts.filter((text) => text.includes(made.token))).toEqual([]);
      expect(texts.filter((text) => text.includes(user.token))).toEqual([]);
    });

    it('lets a user make, use and revoke their own tokens, but not another user’s', async () => {
      const user = await userAt(unitA, 'auditor');
      const other = await userAt(unitA);
      const self = api.as(user.token);
      const made = await self.post(`/api/v1/users/${user.id}/tokens`, { name: 'của tôi' });
      expect(made.status).toBe(201);
      expect((await api.as(made.body.token).get('/api/v1/auth/me')).body.id).toBe(user.id);
      expectProblem(
        await self.post(`/api/v1/users/${other.id}/tokens`, { name: 'của người khác' }),
        'not-found',
      );
      const othersToken = await api.create(`/api/v1/users/${other.id}/tokens`, { name: 'x' });
      expectProblem(await self.request('DELETE', `/api/v1/tokens/${othersToken.id}`), 'not-found');
      expect((await api.as(othersToken.token).get('/api/v1/auth/me')).status).toBe(200);
      expect((await self.request('DELETE', `/api/v1/tokens/${made.body.id}`)).status).toBe(200);
      expectUnauthenticated(await api.as(made.body.token).get('/api/v1/auth/me'));
    });

    it('does not let an admin of a commune mint or revoke a token for a province user (404)', async () => {
      const adminA = await userAt(unitA, 'admin');
      const provinceUser = await userAt(unitP);
      const communeUser = await userAt(unitA);
      const asAdminA = api.as(adminA.token);
      const refused = await asAdminA.post(`/api/v1/users/${provinceUser.id}/tokens`, { name: 'x' });
      expectProblem(refused, 'not-found');
      expect(JSON.stringify(refused.body)).not.toContain('token":"sq_');
      const tokens = await client.execute({
        sql: 'SELECT count(*) AS n FROM api_tokens WHERE user_id = ?',
        args: [provinceUser.id],
      });
      expect(Number(tokens.rows[0]!.n)).toBe(1);
      const provinceToken = await api.create(`/api/v1/users/${provinceUser.id}/tokens`, { name: 'x' });
      expectProblem(await asAdminA.request('DELETE', `/api/v1/tokens/${provinceToken.id}`), 'not-found');
      expect((await api.as(provinceToken.token).get('/api/v1/auth/me')).status).toBe(200);
      expect((await asAdminA.post(`/api/v1/users/${communeUser.id}/tokens`, { name: 'x' })).status).toBe(201);
    });
  });

  describe('password login', () => {
    it('signs in with an HttpOnly, SameSite=Lax cookie (not Secure over http) and a CSRF token', async () => {
      const user = await userAt(unitA);
      const response = await login(user);
      expect(response.status).toBe(200);
      const cookie = response.headers.get('Set-Cookie')!;
      expect(cookie).toMatch(/^soquy_session=sqs_[A-Za-z0-9_-]{43};/);
      expect(cookie).toMatch(/; HttpOnly(;|$)/);
      expect(cookie).toMatch(/; SameSite=Lax(;|$)/);
      expect(cookie).toMatch(/; Path=\/(;|$)/);
      expect(cookie).not.toMatch(/Secure/i);
      expect(response.headers.get('Cache-Control')).toBe('no-store');
      expect(response.body).toEqual({
        user: {
          id: user.id,
          name: expect.any(String),
          grants: [{ id: expect.any(String), unitId: unitA, role: 'accountant' }],
        },
        csrfToken: expect.stringMatching(/^csrf_/),
      });
      const me = await api.request('GET', '/api/v1/auth/me', undefined, {
        Cookie: sessionCookieOf(response),
      });
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ id: user.id, csrfToken: response.body.csrfToken });
      const stored = await client.execute({
        sql: 'SELECT secret_hash FROM sessions WHERE user_id = ?',
        args: [user.id],
      });
      const secret = sessionCookieOf(response).slice('soquy_session='.length);
      expect(String(stored.rows[0]!.secret_hash)).toBe(sha256(secret));
    });

    it('marks the cookie Secure when the request came over https', async () => {
      const user = await userAt(unitA);
      const response = await login(user, TEST_USER_PASSWORD, {}, 'https://soquy.example');
      expect(response.status).toBe(200);
      expect(response.headers.get('Set-Cookie')).toMatch(/; Secure(;|$)/);
      expect(response.headers.get('Set-Cookie')).toMatch(/; HttpOnly(;|$)/);
    });

    it('refuses a wrong password, an unknown user and a user without a password alike (401)', async () => {
      const user = await userAt(unitA);
      const noPassword = await api.create('/api/v1/users', {
        name: 'Chỉ dùng token',
        username: uniqueUsername('tokenonly'),
        grants: [{ unitId: unitA, role: 'auditor' }],
      });
      const answers = [
        await login(user, `${TEST_USER_PASSWORD}!`),
        await login({ username: 'không-có-ai' }),
        await login({ username: noPassword.username }, TEST_USER_PASSWORD),
      ];
      for (const response of answers) {
        expectUnauthenticated(response);
        expect(response.headers.get('Set-Cookie')).toBeNull();
      }
      expect(new Set(answers.map((response) => response.body.detail)).size).toBe(1);
      expect(await countRows(api, 'units')).toBe(2);
      const sessions = await client.execute('SELECT count(*) AS n FROM sessions');
      expect(Number(sessions.rows[0]!.n)).toBe(0);
    });

    it('accepts the username in any case', async () => {
      const user = await userAt(unitA);
      expect((await login({ username: user.username.toUpperCase() })).status).toBe(200);
    });

    it.each([
      ['11 characters', 'a'.repeat(11), 422],
      ['12 characters', 'a'.repeat(12), 201],
    ])('refuses a password under 12 characters at user creation (%s)', async (_label, password, status) => {
      const response = await api.post('/api/v1/users', {
        name: 'Mật khẩu',
        username: uniqueUsername('pw'),
        password,
        grants: [{ unitId: unitA, role: 'accountant' }],
      });
      if (status === 422) expectProblem(response, 'validation-failed', ['password']);
      else expect(response.status).toBe(201);
    });

    it('stores passwords as pbkdf2-sha256 hashes, never in the clear', async () => {
      const user = await userAt(unitA);
      const row = await client.execute({
        sql: 'SELECT password_hash FROM users WHERE id = ?',
        args: [user.id],
      });
      const stored = String(row.rows[0]!.password_hash);
      expect(stored).toMatch(
        new RegExp(`^pbkdf2-sha256\\$${TEST_PASSWORD_ITERATIONS}\\$[A-Za-z0-9+/=]{24}\\$[A-Za-z0-9+/=]{44}$`),
      );
      expect(await verifyPassword(TEST_USER_PASSWORD, stored)).toBe(true);
      expect(await verifyPassword(`${TEST_USER_PASSWORD}x`, stored)).toBe(false);
      await login(user);
      await login(user, 'sai mật khẩu rồi');
      const texts = await everyStoredText(client);
      expect(
        texts.filter((text) => text.includes(TEST_USER_PASSWORD) || text.includes('sai mật khẩu')),
      ).toEqual([]);
    });

    it(`refuses the ${LOGIN_FAILURES_PER_ACCOUNT_MAX + 1}th attempt after ${LOGIN_FAILURES_PER_ACCOUNT_MAX} failures on one account (429), until the window passes`, async () => {
      const user = await userAt(unitA);
      const bystander = await userAt(unitA);
      for (let attempt = 0; attempt < LOGIN_FAILURES_PER_ACCOUNT_MAX; attempt += 1) {
        expectUnauthenticated(await login(user, `sai ${attempt} mật khẩu`));
        clockMs += 1000;
      }
      const blocked = await login(user);
      expectProblem(blocked, 'too-many-attempts');
      expect(blocked.headers.get('Retry-After')).toBe('900');
      expect(blocked.headers.get('Set-Cookie')).toBeNull();
      expect((await login(bystander)).status).toBe(200);
      // The first failure leaves the window first.
      clockMs += LOGIN_FAILURE_WINDOW_MS - LOGIN_FAILURES_PER_ACCOUNT_MAX * 1000 + 1;
      expect((await login(user)).status).toBe(200);
    });

    it(`limits failures per client address (${LOGIN_FAILURES_PER_ADDRESS_MAX}) across accounts`, async () => {
      const user = await userAt(unitA);
      const address = { 'X-Test-Client-Ip': '203.0.113.7' };
      for (let attempt = 0; attempt < LOGIN_FAILURES_PER_ADDRESS_MAX; attempt += 1) {
        expectUnauthenticated(await login({ username: `khach-${attempt}` }, 'không đúng mật khẩu', address));
      }
      expectProblem(await login(user, TEST_USER_PASSWORD, address), 'too-many-attempts');
      expect((await login(user, TEST_USER_PASSWORD, { 'X-Test-Client-Ip': '198.51.100.9' })).status).toBe(
        200,
      );
      expect((await login(user)).status).toBe(200);
    });

    it('ends the session at logout: the cookie is then refused', async () => {
      const user = await userAt(unitA);
      const { cookie, csrf } = await signIn(user);
      expect((await api.request('GET', '/api/v1/auth/me', undefined, { Cookie: cookie })).status).toBe(200);
      const out = await api.request('POST', '/api/v1/auth/logout', undefined, {
        Cookie: cookie,
        'X-CSRF-Token': csrf,
      });
      expect(out.status).toBe(204);
      expect(out.headers.get('Set-Cookie')).toMatch(/^soquy_session=;.*Max-Age=0/);
      expectUnauthenticated(await api.request('GET', '/api/v1/auth/me', undefined, { Cookie: cookie }));
      expectUnauthenticated(
        await api.request('POST', '/api/v1/auth/logout', undefined, { Cookie: cookie, 'X-CSRF-Token': csrf }),
      );
    });

    it('ends a session left idle for SESSION_IDLE_MS, and keeps a used one alive', async () => {
      const user = await userAt(unitA);
      const me = (cookie: string) => api.request('GET', '/api/v1/auth/me', undefined, { Cookie: cookie });
      const busy = await signIn(user);
      const idle = await signIn(user);
      clockMs += SESSION_IDLE_MS - 1000;
      expect((await me(busy.cookie)).status).toBe(200);
      clockMs += SESSION_IDLE_MS - 1000;
      expect((await me(busy.cookie)).status).toBe(200);
      expectUnauthenticated(await me(idle.cookie));
      clockMs += SESSION_IDLE_MS + 1;
      expectUnauthenticated(await me(busy.cookie));
    });
  });

  describe('CSRF', () => {
    let admin: TreeUser;
    const unit = () => ({ name: `Thôn ${Math.random()}`, kind: 'mttq', parentId: unitA });

    beforeEach(async () => {
      admin = await userAt(unitA, 'admin');
    });

    it('refuses a cookie-authenticated write without the CSRF token (403) and writes nothing', async () => {
      const { cookie, csrf } = await signIn(admin);
      const units = await countRows(api, 'units');
      const refused = await api.post('/api/v1/units', unit(), { Cookie: cookie });
      expectProblem(refused, 'csrf-failed');
      expect(refused.status).toBe(403);
      expectProblem(
        await api.post('/api/v1/units', unit(), { Cookie: cookie, 'X-CSRF-Token': `${csrf}x` }),
        'csrf-failed',
      );
      expectProblem(
        await api.post('/api/v1/units', unit(), { Cookie: cookie, 'X-CSRF-Token': '' }),
        'csrf-failed',
      );
      expect(await countRows(api, 'units')).toBe(units);
      const made = await api.post('/api/v1/units', unit(), { Cookie: cookie, 'X-CSRF-Token': csrf });
      expect(made.status).toBe(201);
      expect(await countRows(api, 'units')).toBe(units + 1);
    });

    it('binds the CSRF token to its session', async () => {
      const first = await signIn(admin);
      const second = await signIn(admin);
      expect(second.csrf).not.toBe(first.csrf);
      expectProblem(
        await api.post('/api/v1/units', unit(), { Cookie: second.cookie, 'X-CSRF-Token': first.csrf }),
        'csrf-failed',
      );
    });

    it('accepts the token as the _csrf form field', async () => {
      const { cookie, csrf } = await signIn(admin);
      const form = { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' };
      expectProblem(await api.request('POST', '/api/v1/auth/logout', '_csrf=wrong', form), 'csrf-failed');
      expect((await api.request('GET', '/api/v1/auth/me', undefined, { Cookie: cookie })).status).toBe(200);
      const out = await api.request('POST', '/api/v1/auth/logout', `_csrf=${encodeURIComponent(csrf)}`, form);
      expect(out.status).toBe(204);
      expectUnauthenticated(await api.request('GET', '/api/v1/auth/me', undefined, { Cookie: cookie }));
    });

    it('needs no CSRF token for reads or for bearer-token writes', async () => {
      const { cookie } = await signIn(admin);
      expect((await api.request('GET', '/api/v1/funds', undefined, { Cookie: cookie })).status).toBe(200);
      expect((await api.as(admin.token).post('/api/v1/units', unit())).status).toBe(201);
    });

    it('refuses a login posted from a foreign origin (403) and starts no session', async () => {
      const foreign = await login(admin, TEST_USER_PASSWORD, { Origin: 'https://evil.example' });
      expectProblem(foreign, 'csrf-failed');
      expect(foreign.headers.get('Set-Cookie')).toBeNull();
      const sessions = await client.execute('SELECT count(*) AS n FROM sessions');
      expect(Number(sessions.rows[0]!.n)).toBe(0);
      expect((await login(admin, TEST_USER_PASSWORD, { Origin: 'http://localhost' })).status).toBe(200);
    });
  });
});

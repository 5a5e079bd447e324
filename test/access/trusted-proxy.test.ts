import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.ts';
import { freshApi, TEST_PASSWORD_ITERATIONS, TestApi } from '../support/api.ts';

describe('behind a TLS-terminating proxy', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  async function setup(trustProxy: boolean) {
    const env = await freshApi();
    cleanup = env.cleanup;
    await env.api.create('/api/v1/users', {
      name: 'Kế toán',
      username: 'ketoan',
      password: 'mat-khau-du-dai-2024',
      grants: [],
    });
    const app = createApp({ db: env.client, passwordIterations: TEST_PASSWORD_ITERATIONS, trustProxy });
    return new TestApi(env.client, undefined, null, app);
  }

  const viaProxy = {
    'X-Forwarded-Proto': 'https',
    'X-Forwarded-Host': 'soquy.example.vn',
    Origin: 'https://soquy.example.vn',
  };

  it('sets a Secure cookie and accepts the public origin when the proxy is trusted', async () => {
    const api = await setup(true);
    const login = await api.post(
      '/api/v1/auth/login',
      { username: 'ketoan', password: 'mat-khau-du-dai-2024' },
      viaProxy,
    );
    expect(login.status).toBe(200);
    expect(login.headers.get('Set-Cookie')).toMatch(/; Secure/);
  });

  it('believes no forwarded header when the proxy is not trusted', async () => {
    const api = await setup(false);
    const login = await api.post(
      '/api/v1/auth/login',
      { username: 'ketoan', password: 'mat-khau-du-dai-2024' },
      viaProxy,
    );
    expect(login.status).toBe(403);
    const direct = await api.post('/api/v1/auth/login', {
      username: 'ketoan',
      password: 'mat-khau-du-dai-2024',
    });
    expect(direct.status).toBe(200);
    expect(direct.headers.get('Set-Cookie')).not.toMatch(/Secure/);
  });
});

import { Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { login, logout } from '../../capabilities/sessions.ts';
import { DomainError } from '../../domain/errors.ts';
import { SESSION_IDLE_MS } from '../../domain/limits.ts';
import { auditSessionChange } from '../audit.ts';
import { SESSION_COOKIE } from '../auth.ts';
import type { AppEnv } from '../env.ts';
import { loginBody } from '../schemas.ts';
import { validate } from '../validation.ts';

/** Signing in for the web screens: an HttpOnly, SameSite session cookie (Secure over HTTPS) and a CSRF token. */
export const authRoutes = new Hono<AppEnv>()
  .post('/login', validate('json', loginBody), async (c) => {
    // A cross-site page must not sign a visitor in to our site (login CSRF).
    const origin = c.req.header('Origin');
    if (origin && origin !== c.var.publicOrigin) {
      throw new DomainError('csrf-failed', 'Sign in from Sổ Quỹ itself.');
    }
    const input = c.req.valid('json');
    const session = await login(c.var.deps, { ...input, ip: c.var.clientIp });
    await auditSessionChange(c, session.actor, 200);
    setCookie(c, SESSION_COOKIE, session.secret, {
      httpOnly: true,
      secure: c.var.publicOrigin.startsWith('https:'),
      sameSite: 'Lax',
      path: '/',
      maxAge: Math.floor(SESSION_IDLE_MS / 1000) * 16,
    });
    c.header('Cache-Control', 'no-store');
    return c.json({
      user: { id: session.actor.userId, name: session.actor.name, grants: session.actor.grants },
      csrfToken: session.csrfToken,
    });
  })
  .post('/logout', async (c) => {
    if (c.var.session) await logout(c.var.deps, c.var.session.id);
    await auditSessionChange(c, c.var.actor, 204);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.body(null, 204);
  })
  .get('/me', (c) =>
    c.json({
      id: c.var.actor.userId,
      name: c.var.actor.name,
      grants: c.var.actor.grants,
      csrfToken: c.var.session?.csrfToken ?? null,
    }),
  );

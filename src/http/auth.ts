import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { authenticateToken } from '../capabilities/authenticate.ts';
import { authenticateSession } from '../capabilities/sessions.ts';
import { unitsWhereAllowed } from '../domain/access.ts';
import { DomainError } from '../domain/errors.ts';
import { ruleFor } from './access-rules.ts';
import type { AppEnv } from './env.ts';

export const SESSION_COOKIE = 'soquy_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The endpoint Hono matched (middleware are registered for method ALL). */
export function matchedEndpoint(c: Context<AppEnv>): { method: string; path: string } | null {
  const route = c.req.matchedRoutes.find((candidate) => candidate.method !== 'ALL');
  return route ? { method: route.method, path: route.path } : null;
}

/**
 * Names the request's audited action before anything can refuse it (an oversized body included), so
 * that every refusal of a write is recorded under its action.
 */
export const resolveAction: MiddlewareHandler<AppEnv> = async (c, next) => {
  const endpoint = matchedEndpoint(c);
  const rule = endpoint ? ruleFor(endpoint.method, endpoint.path) : null;
  if (rule) c.set('action', rule.action);
  return next();
};

/**
 * Looks the endpoint up in ROUTE_RULES (an endpoint without a rule is refused: fail closed), then
 * authenticates by bearer token or session cookie (with its CSRF token on unsafe methods), and refuses
 * early a user who holds the route's permission nowhere. Scope is checked by the capability.
 */
export const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const endpoint = matchedEndpoint(c);
  if (!endpoint) return next();
  const rule = ruleFor(endpoint.method, endpoint.path);
  if (!rule) throw new DomainError('forbidden', 'This endpoint has no access rule, so nobody may call it.');
  c.set('session', null);
  if (rule.access === 'public') return next();

  const authorization = c.req.header('Authorization');
  if (authorization !== undefined) {
    const match = /^Bearer ([\x21-\x7E]{1,512})$/i.exec(authorization);
    if (!match)
      throw new DomainError('unauthenticated', 'Send the token as "Authorization: Bearer <token>".');
    c.set('actor', await authenticateToken(c.var.deps, match[1]!));
  } else {
    const secret = getCookie(c, SESSION_COOKIE);
    if (!secret)
      throw new DomainError(
        'unauthenticated',
        'Sign in, or send an API token as "Authorization: Bearer <token>".',
      );
    const { actor, session } = await authenticateSession(c.var.deps, secret);
    if (!SAFE_METHODS.has(c.req.method) && !(await csrfTokenMatches(c, session.csrfToken))) {
      throw new DomainError(
        'csrf-failed',
        'This form is missing its security token or it has expired. Reload the page and try again.',
      );
    }
    c.set('actor', actor);
    c.set('session', session);
  }
  if (rule.access !== 'signed-in') {
    const where = unitsWhereAllowed(c.var.actor, rule.access);
    if (!where.everywhere && where.unitIds.length === 0) {
      throw new DomainError('forbidden', 'Your role does not allow this.');
    }
  }
  return next();
};

async function csrfTokenMatches(c: Context<AppEnv>, expected: string): Promise<boolean> {
  const header = c.req.header('X-CSRF-Token');
  if (header !== undefined) return header === expected;
  const type = c.req.header('Content-Type') ?? '';
  if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
    const form = await c.req.parseBody();
    return form._csrf === expected;
  }
  return false;
}

import type { Context } from 'hono';
import { todayInVietnam } from '../domain/dates.ts';
import type { AppEnv } from './env.ts';
import { publicDeps } from './public-deps.ts';

/** Edge and browser caching of public responses: a minute fresh, five more minutes served while refetched. */
export const PUBLIC_CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=300';

/**
 * A strong ETag for a public response: SHA-256 over the data version (the journal head and the audit
 * head, which every write moves: PublicStore.publicVersion), today's date in Vietnam (notice statuses
 * and "this year" depend on it), the method, path and query. Cheap to compute before any query runs.
 */
export async function publicEtag(c: Context<AppEnv>, variant = ''): Promise<string> {
  const deps = publicDeps(c.var.deps);
  const url = new URL(c.req.url);
  const query = [...url.searchParams].sort(([left], [right]) => left.localeCompare(right));
  const material = [
    await deps.store.publicVersion(),
    todayInVietnam(deps.nowMs()),
    url.pathname,
    new URLSearchParams(query).toString(),
    variant,
  ].join('\n');
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(material));
  const hex = [...new Uint8Array(digest).slice(0, 16)].map((byte) => byte.toString(16).padStart(2, '0'));
  return `"${hex.join('')}"`;
}

/** Whether an If-None-Match header names this ETag (weak comparison, as RFC 9110 asks for it). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === etag);
}

/**
 * Answers 304 when the client already holds this representation; otherwise builds the response and
 * marks it cacheable. Only successful responses carry the cache headers (errors are thrown past them).
 */
export async function publicCached(
  c: Context<AppEnv>,
  build: () => Promise<Response>,
  variant = '',
): Promise<Response> {
  const etag = await publicEtag(c, variant);
  if (etagMatches(c.req.header('If-None-Match'), etag)) {
    return c.body(null, 304, { ETag: etag, 'Cache-Control': PUBLIC_CACHE_CONTROL });
  }
  const response = await build();
  if (response.status === 200) {
    response.headers.set('ETag', etag);
    response.headers.set('Cache-Control', PUBLIC_CACHE_CONTROL);
  }
  return response;
}

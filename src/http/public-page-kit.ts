import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { HtmlEscapedString } from 'hono/utils/html';
import { DomainError } from '../domain/errors.ts';
import { renderErrorPage } from '../web/public/error-page.tsx';
import { DEFAULT_LANG, isLang, LANG_COOKIE, type Lang } from '../web/public/i18n.ts';
import type { IntegrityHead, PageFrame } from '../web/public/layout.tsx';
import type { AppEnv } from './env.ts';
import { etagMatches, publicEtag } from './public-cache.ts';

/**
 * What every public page route shares: the language (from `?lang=`, else the remembered cookie, else
 * Vietnamese), caching fit for an edge cache, and errors shown as pages rather than problem documents.
 */

/** Pages change when the books do: a minute at the edge, then revalidated (ETag) in the background. */
export const PAGE_CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=300';
const LANG_COOKIE_MAX_AGE_S = 365 * 24 * 3600;

/** Where the chain head comes from once the instance publishes one; null until then. */
export type IntegrityReader = (c: Context<AppEnv>) => Promise<IntegrityHead | null>;

/** The request's path and query without `lang`: the language switch leads back here. */
export function hereOf(c: Context<AppEnv>): string {
  const url = new URL(c.req.url);
  url.searchParams.delete('lang');
  const query = url.searchParams.toString();
  return query ? `${url.pathname}?${query}` : url.pathname;
}

/** `next` for the language switch: a path on this site only (no scheme, no `//host`, no backslash). */
export function localPath(next: string | undefined): string {
  if (!next?.startsWith('/') || next.startsWith('//') || /[\\\r\n\t]/.test(next)) return '/';
  return next.length <= 2000 ? next : '/';
}

/** The same local path with the language in its query (`lang=en`), or without it for the default. */
export function withLang(path: string, lang: Lang): string {
  const url = new URL(path, 'http://local');
  url.searchParams.delete('lang');
  if (lang !== DEFAULT_LANG) url.searchParams.set('lang', lang);
  const query = url.searchParams.toString();
  return query ? `${url.pathname}?${query}` : url.pathname;
}

/**
 * The page's language. A URL without `lang` whose visitor chose English earlier is sent to the English
 * URL (a private redirect), so every rendered page is one language per URL and safe to cache.
 */
export function resolveLang(c: Context<AppEnv>): { lang: Lang } | { redirect: string } {
  const asked = c.req.query('lang');
  if (isLang(asked)) return { lang: asked };
  const remembered = getCookie(c, LANG_COOKIE);
  if (isLang(remembered) && remembered !== DEFAULT_LANG) {
    return { redirect: withLang(hereOf(c), remembered) };
  }
  return { lang: DEFAULT_LANG };
}

/** GET /lang/:code?next=… — remembers the choice for a year and goes back to the page in that language. */
export function switchLanguage(c: Context<AppEnv>): Response {
  const code = c.req.param('code');
  const next = localPath(c.req.query('next'));
  if (!isLang(code)) return c.redirect(next, 303);
  setCookie(c, LANG_COOKIE, code, {
    path: '/',
    maxAge: LANG_COOKIE_MAX_AGE_S,
    sameSite: 'Lax',
    httpOnly: true,
    secure: c.var.publicOrigin.startsWith('https:'),
  });
  c.header('Cache-Control', 'no-store');
  return c.redirect(withLang(next, code), 303);
}

type Rendered = HtmlEscapedString | Promise<HtmlEscapedString>;

function isNotFound(error: unknown): boolean {
  return (
    error instanceof DomainError &&
    ['not-found', 'fund-not-found', 'unit-not-found', 'account-not-found'].includes(error.code)
  );
}

/**
 * Runs a page: resolves the language, renders, and sets the caching headers. An unknown id is a 404
 * page; a validation refusal the page itself handles; anything else goes to app.onError (a 500 problem
 * with the request id, logged).
 */
export async function renderPage(
  c: Context<AppEnv>,
  integrity: IntegrityReader,
  render: (frame: PageFrame) => Promise<Rendered> | Rendered,
): Promise<Response> {
  const resolved = resolveLang(c);
  c.header('Vary', 'Cookie');
  if ('redirect' in resolved) {
    c.header('Cache-Control', 'private, no-store');
    return c.redirect(resolved.redirect, 302);
  }
  // The same data version as the public API's ETags (every write moves it), so a revalidation costs one
  // tiny query and no rendering.
  const etag = await publicEtag(c, 'page');
  if (etagMatches(c.req.header('If-None-Match'), etag)) {
    return c.body(null, 304, { ETag: etag, 'Cache-Control': PAGE_CACHE_CONTROL });
  }
  const frame: PageFrame = { lang: resolved.lang, here: hereOf(c), integrity: await integrity(c) };
  try {
    const body = await render(frame);
    c.header('Cache-Control', PAGE_CACHE_CONTROL);
    c.header('ETag', etag);
    return c.html(body);
  } catch (error) {
    c.header('Cache-Control', 'public, max-age=60');
    if (isNotFound(error)) return c.html(renderErrorPage(frame, 'not-found'), 404);
    if (error instanceof DomainError && error.code === 'validation-failed') {
      return c.html(renderErrorPage(frame, 'invalid'), 422);
    }
    c.header('Cache-Control', 'no-store');
    throw error;
  }
}

import { raw } from 'hono/html';
import type { Child, FC } from 'hono/jsx';
import { href, type Lang } from './i18n.ts';
import { messagesFor } from './messages.ts';

/**
 * The shell of every public page: language, skip link, header with the navigation and the language
 * switch, breadcrumbs, the page's main content and the footer with the ledger's integrity chain head.
 * No script at all; one stylesheet from /assets (the CSP allows no inline style).
 */

export interface Crumb {
  label: string;
  href?: string;
}

/** The head of the ledger's integrity chain, when the instance publishes one. */
export interface IntegrityHead {
  /** The last journal entry's sequence number. */
  seq: number;
  hash: string;
  at: string | null;
}

export interface PageFrame {
  lang: Lang;
  /** The request's path and query without `lang`: where the language switch leads back to. */
  here: string;
  integrity: IntegrityHead | null;
}

/** The language switch goes through /lang/:code, which remembers the choice and comes back here. */
function switchHref(frame: PageFrame): string {
  const other: Lang = frame.lang === 'vi' ? 'en' : 'vi';
  return `/lang/${other}?${new URLSearchParams({ next: frame.here }).toString()}`;
}

const Breadcrumbs: FC<{ lang: Lang; crumbs: Crumb[] }> = ({ lang, crumbs }) => {
  const t = messagesFor(lang);
  if (crumbs.length === 0) return null;
  return (
    <nav class="crumbs" aria-label={t.breadcrumb}>
      <ol>
        <li>
          <a href={href(lang, '/')}>{t.navHome}</a>
        </li>
        {crumbs.map((crumb, index) => (
          <li>
            {crumb.href && index < crumbs.length - 1 ? (
              <a href={crumb.href}>{crumb.label}</a>
            ) : (
              <span aria-current={index === crumbs.length - 1 ? 'page' : undefined}>{crumb.label}</span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
};

const Integrity: FC<{ lang: Lang; integrity: IntegrityHead | null }> = ({ lang, integrity }) => {
  const t = messagesFor(lang);
  // The chain head comes from GET /api/v1/public/integrity when the instance has it.
  if (!integrity) {
    return (
      <p class="integrity" data-slot="integrity">
        {t.footerIntegrityPending}
      </p>
    );
  }
  return (
    <p class="integrity" data-slot="integrity">
      {t.footerIntegrity}: {t.integrityHead} #{integrity.seq} <code class="hash">{integrity.hash}</code>
      {' · '}
      <a href="/api/v1/public/integrity">{t.integrityCheck}</a>
    </p>
  );
};

export const Page: FC<{
  frame: PageFrame;
  title: string;
  crumbs?: Crumb[];
  description?: string;
  children?: Child;
}> = ({ frame, title, crumbs = [], description, children }) => {
  const { lang } = frame;
  const t = messagesFor(lang);
  const other = lang === 'vi' ? 'en' : 'vi';
  return (
    <>
      {raw('<!doctype html>')}
      <html lang={lang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`${title} · ${t.siteShort}`}</title>
          <meta name="description" content={description ?? t.tagline} />
          <link rel="stylesheet" href="/assets/public.css" />
          <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
          <link rel="alternate" hreflang={other} href={switchHref(frame)} />
        </head>
        <body>
          <a class="skip" href="#main">
            {t.skip}
          </a>
          <header class="site">
            <div class="bar">
              <a class="brand" href={href(lang, '/')}>
                {t.siteName}
              </a>
              <a
                class="lang"
                href={switchHref(frame)}
                hreflang={other}
                lang={other}
                aria-label={t.langSwitchLabel}
              >
                {t.langSwitch}
              </a>
            </div>
            <nav aria-label={t.navLabel}>
              <ul>
                <li>
                  <a href={href(lang, '/')}>{t.navHome}</a>
                </li>
                <li>
                  <a href={href(lang, '/trace')}>{t.navTrace}</a>
                </li>
                <li>
                  <a href="/api/v1/public/funds">{t.navApi}</a>
                </li>
              </ul>
            </nav>
          </header>
          <Breadcrumbs lang={lang} crumbs={crumbs} />
          <main id="main" tabindex={-1}>
            {children}
          </main>
          <footer class="site">
            <p>{t.footerAbout}</p>
            <Integrity lang={lang} integrity={frame.integrity} />
          </footer>
        </body>
      </html>
    </>
  );
};

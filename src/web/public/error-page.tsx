import { href } from './i18n.ts';
import { Page, type PageFrame } from './layout.tsx';
import { messagesFor } from './messages.ts';

/** A public page that could not be shown: not found (404), a link it cannot read (422), or a failure on our side. */
export function renderErrorPage(
  frame: PageFrame,
  kind: 'not-found' | 'invalid' | 'error',
  requestId?: string,
) {
  const t = messagesFor(frame.lang);
  const title =
    kind === 'not-found' ? t.notFoundTitle : kind === 'invalid' ? t.invalidLinkTitle : t.errorTitle;
  const text = kind === 'not-found' ? t.notFoundText : kind === 'invalid' ? t.invalidLinkText : t.errorText;
  return (
    <Page frame={frame} title={title}>
      <h1>{title}</h1>
      <p>{text}</p>
      {requestId ? (
        <p class="hint">
          Request id: <code>{requestId}</code>
        </p>
      ) : null}
      <p>
        <a href={href(frame.lang, '/')}>{t.backHome}</a>
      </p>
    </Page>
  );
}

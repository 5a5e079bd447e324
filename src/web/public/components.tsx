import type { Child, FC } from 'hono/jsx';
import type { FieldError } from '../../domain/errors.ts';
import { type Lang, money } from './i18n.ts';
import { type Messages, messagesFor } from './messages.ts';

/** Small building blocks the public pages share. Server-rendered, semantic, no script. */

/** An amount, right-aligned in tables by its class; `data-amount` keeps the exact figure for machines. */
export const Money: FC<{ lang: Lang; amount: string | bigint; currency?: string }> = ({
  lang,
  amount,
  currency = 'VND',
}) => (
  <span class="money" data-amount={String(amount)}>
    {money(lang, amount, currency)}
  </span>
);

/** A section with a heading whose id other links (and the skip link's targets) can point at. */
export const Section: FC<{ id: string; title: string; children?: Child }> = ({ id, title, children }) => (
  <section aria-labelledby={`${id}-h`} class="block">
    <h2 id={`${id}-h`}>{title}</h2>
    {children}
  </section>
);

/**
 * A wide table scrolls sideways on a phone; the wrapper is a focusable, labelled region so a keyboard
 * user can scroll it too (WCAG 2.1.1).
 */
export const TableWrap: FC<{ label: string; children?: Child }> = ({ label, children }) => (
  <section class="table-wrap" aria-label={label} tabindex={0}>
    {children}
  </section>
);

/** Links to the same list as CSV and JSON, through the public API with the same filters. */
export const Downloads: FC<{ lang: Lang; csv: string; json: string; label?: string }> = ({
  lang,
  csv,
  json,
  label,
}) => {
  const t = messagesFor(lang);
  return (
    <p class="downloads">
      <span>{label ?? t.downloads}:</span>{' '}
      <a href={csv} download="" type="text/csv" class="download csv">
        {t.downloadCsv}
      </a>{' '}
      <a href={json} type="application/json" class="download json">
        {t.downloadJson}
      </a>
    </p>
  );
};

export const Empty: FC<{ children?: Child }> = ({ children }) => <p class="empty">{children}</p>;

export type BadgeTone = 'ok' | 'warn' | 'bad' | 'info';

export const Badge: FC<{ tone: BadgeTone; children?: Child }> = ({ tone, children }) => (
  <span class={`badge ${tone}`}>{children}</span>
);

/** Key figures as a definition list laid out as cards. */
export const Figures: FC<{ items: { label: string; value: Child; note?: string }[] }> = ({ items }) => (
  <dl class="figures">
    {items.map((item) => (
      <div>
        <dt>{item.label}</dt>
        <dd>
          {item.value}
          {item.note ? <small>{item.note}</small> : null}
        </dd>
      </div>
    ))}
  </dl>
);

/** Share of a total in whole percent (for a bar or a table cell); 0 when the total is 0. */
export function percentOf(part: bigint, total: bigint): number {
  if (total <= 0n) return 0;
  return Number((part * 1000n) / total) / 10;
}

/** Per-currency totals, one per line; an empty list is zero in the fund's currency. */
export const Amounts: FC<{
  lang: Lang;
  totals: readonly { currency: string; amount: string }[];
  currency?: string;
}> = ({ lang, totals, currency = 'VND' }) => {
  // A currency the fund once held but holds no more (a foreign gift sold to the bank) is left out.
  const shown = totals.filter((total) => total.currency === currency || BigInt(total.amount) !== 0n);
  if (shown.length === 0) return <Money lang={lang} amount="0" currency={currency} />;
  return (
    <>
      {shown.map((total, index) => (
        <>
          {index > 0 ? <br /> : null}
          <Money lang={lang} amount={total.amount} currency={total.currency} />
        </>
      ))}
    </>
  );
};

/** The amount of one currency in a list of totals (zero when absent). */
export function amountIn(totals: readonly { currency: string; amount: string }[], currency: string): bigint {
  const found = totals.find((total) => total.currency === currency);
  return found ? BigInt(found.amount) : 0n;
}

/** Links to the years that have figures; the shown year is marked as current. */
export const YearNav: FC<{
  label: string;
  years: number[];
  selected: number;
  link: (year: number) => string;
}> = ({ label, years, selected, link }) => {
  if (years.length <= 1) return null;
  return (
    <nav class="years" aria-label={label}>
      <span>{label}:</span>
      <ul>
        {years.map((year) => (
          <li>
            {year === selected ? <span aria-current="page">{year}</span> : <a href={link(year)}>{year}</a>}
          </li>
        ))}
      </ul>
    </nav>
  );
};

/** A small bar for a share, drawn as SVG (the CSP forbids inline style widths); the number is beside it. */
export const ShareBar: FC<{ percent: number }> = ({ percent }) => (
  <svg class="sharebar" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true" focusable="false">
    <rect width={Math.max(0, Math.min(100, percent))} height="8" />
  </svg>
);

/** Which message explains a refused filter, and which label names it. */
const FIELD_ERRORS: Record<string, keyof Messages> = {
  q: 'errorText3',
  ref: 'errorText3',
  amount: 'errorAmount',
  amountMin: 'errorAmount',
  amountMax: 'errorAmount',
  from: 'errorDate',
  to: 'errorDate',
};

/**
 * The problems of a search the page could not run, in the page's language: each names the field by its
 * label (the server's own wording is for the API). One line per field.
 */
export const SearchErrors: FC<{ lang: Lang; errors: FieldError[]; labels: Record<string, string> }> = ({
  lang,
  errors,
  labels,
}) => {
  const t = messagesFor(lang);
  if (errors.length === 0) return null;
  const fields = [...new Set(errors.map((error) => error.field))];
  return (
    <div class="errors" role="alert">
      <p>
        <strong>{t.invalidSearch}</strong>
      </p>
      <ul>
        {fields.map((field) => (
          <li data-field={field}>
            {labels[field] ? `${labels[field]}: ` : ''}
            {t[FIELD_ERRORS[field] ?? 'errorOther']}
          </li>
        ))}
      </ul>
    </div>
  );
};

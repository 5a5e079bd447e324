import type { FC } from 'hono/jsx';
import type { PublicDonationView } from '../../capabilities/public-donations.ts';
import type { PublicCampaignHeader, PublicFundHeader } from '../../capabilities/public-home.ts';
import type { Page as ListPage } from '../../capabilities/views.ts';
import type { FieldError } from '../../domain/errors.ts';
import { PUBLIC_SEARCH_TEXT_LENGTH_MAX } from '../../domain/limits.ts';
import { Downloads, Empty, Money, SearchErrors, TableWrap } from './components.tsx';
import { categoryLabel, channelLabel, date, donorLabel, href, type Lang, sourceLabel } from './i18n.ts';
import { Page, type PageFrame } from './layout.tsx';
import { type Messages, messagesFor } from './messages.ts';

/**
 * GET /funds/:id/donations (and /campaigns/:id/donations) — the sao kê: a GET form (no script needed)
 * over the public search, a results table with masked references and anonymous gifts as anonymous,
 * keyset "next page" links, and the same filters as CSV and JSON downloads.
 */

export interface DonationSearchForm {
  q: string;
  ref: string;
  amount: string;
  amountMin: string;
  amountMax: string;
  from: string;
  to: string;
  sort: string;
}

export interface DonationsPageData {
  fund: PublicFundHeader;
  campaign: PublicCampaignHeader | null;
  /** The page's own path, where the form is sent. */
  action: string;
  form: DonationSearchForm;
  errors: FieldError[];
  result: ListPage<PublicDonationView> | null;
  nextHref: string | null;
  firstHref: string | null;
  csvHref: string;
  jsonHref: string;
}

const SORTS: [string, keyof Messages][] = [
  ['date_desc', 'sortDateDesc'],
  ['date_asc', 'sortDateAsc'],
  ['amount_desc', 'sortAmountDesc'],
  ['amount_asc', 'sortAmountAsc'],
];

const Field: FC<{
  id: string;
  label: string;
  name: keyof DonationSearchForm;
  form: DonationSearchForm;
  type?: string;
  hint?: string;
  wide?: boolean;
  invalid: boolean;
  inputmode?: 'numeric' | 'text';
}> = ({ id, label, name, form, type = 'text', hint, wide, invalid, inputmode }) => (
  <div class={wide ? 'field wide' : 'field'}>
    <label for={id}>{label}</label>
    <input
      id={id}
      name={name}
      type={type}
      value={form[name]}
      inputmode={inputmode}
      maxlength={PUBLIC_SEARCH_TEXT_LENGTH_MAX}
      autocomplete="off"
      aria-invalid={invalid ? 'true' : undefined}
      aria-describedby={hint ? `${id}-hint` : undefined}
    />
    {hint ? (
      <p class="hint" id={`${id}-hint`}>
        {hint}
      </p>
    ) : null}
  </div>
);

const SearchForm: FC<{ lang: Lang; data: DonationsPageData }> = ({ lang, data }) => {
  const t = messagesFor(lang);
  const { form } = data;
  const invalid = (...fields: string[]) => data.errors.some((error) => fields.includes(error.field));
  return (
    <form class="search block" method="get" action={data.action} aria-labelledby="search-h">
      <h2 id="search-h" class="wide">
        {t.searchForm}
      </h2>
      {lang !== 'vi' ? <input type="hidden" name="lang" value={lang} /> : null}
      <Field
        id="f-q"
        name="q"
        label={t.nameFragment}
        hint={t.nameHint}
        form={form}
        wide
        invalid={invalid('q')}
      />
      <Field id="f-ref" name="ref" label={t.reference} form={form} invalid={invalid('ref')} />
      <Field
        id="f-amount"
        name="amount"
        label={t.amountExact}
        form={form}
        inputmode="numeric"
        invalid={invalid('amount')}
      />
      <Field
        id="f-amount-min"
        name="amountMin"
        label={t.amountMin}
        form={form}
        inputmode="numeric"
        invalid={invalid('amountMin')}
      />
      <Field
        id="f-amount-max"
        name="amountMax"
        label={t.amountMax}
        form={form}
        inputmode="numeric"
        invalid={invalid('amountMax')}
      />
      <Field id="f-from" name="from" type="date" label={t.dateFrom} form={form} invalid={invalid('from')} />
      <Field id="f-to" name="to" type="date" label={t.dateTo} form={form} invalid={invalid('to')} />
      <div class="field">
        <label for="f-sort">{t.sort}</label>
        <select id="f-sort" name="sort">
          {SORTS.map(([value, label]) => (
            <option value={value} selected={form.sort === value}>
              {t[label]}
            </option>
          ))}
        </select>
      </div>
      <div class="actions">
        <button type="submit">{t.search}</button>
        <a href={href(lang, data.action)}>{t.reset}</a>
      </div>
    </form>
  );
};

function earmarkText(lang: Lang, gift: PublicDonationView): string {
  if (!gift.earmark) return '';
  if (gift.earmark.kind === 'category') return categoryLabel(lang, gift.earmark.category);
  return sourceLabel(lang, gift.earmark.label);
}

const Results: FC<{ lang: Lang; data: DonationsPageData }> = ({ lang, data }) => {
  const t = messagesFor(lang);
  const items = data.result?.items ?? [];
  if (!data.result) return null;
  if (items.length === 0) return <Empty>{t.noResults}</Empty>;
  return (
    <TableWrap label={t.results}>
      <table class="donations">
        <caption>
          {items.length} {t.shownCount}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t.date}</th>
            <th scope="col">{t.donor}</th>
            <th scope="col" class="num">
              {t.amount}
            </th>
            <th scope="col">{t.channel}</th>
            <th scope="col">{t.bankRef}</th>
            <th scope="col">{t.receiptNo}</th>
            <th scope="col">{t.trace}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((gift) => (
            <tr>
              <td>{date(lang, gift.receivedOn)}</td>
              <td>
                <span class={gift.anonymous ? 'anonymous' : 'donor'}>
                  {donorLabel(lang, gift.donor, gift.anonymous)}
                </span>
                {gift.earmark ? (
                  <>
                    <br />
                    <small>
                      {t.earmark}: {earmarkText(lang, gift)}
                    </small>
                  </>
                ) : null}
                {gift.campaign && !data.campaign ? (
                  <>
                    <br />
                    <small>{gift.campaign.name}</small>
                  </>
                ) : null}
              </td>
              <td class="num">
                <Money lang={lang} amount={gift.amount} currency={gift.currency} />
              </td>
              <td>
                {channelLabel(lang, gift.channel)}
                {gift.inKind ? (
                  <>
                    <br />
                    <small>
                      {gift.inKind.description}: {gift.inKind.quantity} {gift.inKind.unit}
                    </small>
                  </>
                ) : null}
              </td>
              <td>{gift.bankRef ? <span class="masked">{gift.bankRef}</span> : '—'}</td>
              <td>
                <span class="masked">{gift.receiptNo}</span>
              </td>
              <td>
                <a class="trace-link" href={href(lang, '/trace', { q: gift.receiptNo })}>
                  {t.trace}
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
};

export function renderDonationsPage(frame: PageFrame, data: DonationsPageData) {
  const { lang } = frame;
  const t = messagesFor(lang);
  const subject = data.campaign ? data.campaign.name : data.fund.name;
  const crumbs = [
    { label: data.fund.name, href: href(lang, `/funds/${data.fund.id}`) },
    ...(data.campaign ? [{ label: data.campaign.name }] : [{ label: t.donationsTitle }]),
  ];
  return (
    <Page frame={frame} title={`${t.donationsTitle}: ${subject}`} crumbs={crumbs}>
      <h1>
        {t.donationsTitle}: {subject}
      </h1>
      <p class="lead">
        {data.campaign ? (
          <>
            {data.fund.name} · {t.receivingWindow} {date(lang, data.campaign.receivingFrom)} –{' '}
            {date(lang, data.campaign.receivingTo)}
            <br />
          </>
        ) : (
          <>
            {data.fund.unit.name}
            <br />
          </>
        )}
        {t.donationsIntro}
      </p>
      <SearchForm lang={lang} data={data} />
      <SearchErrors
        lang={lang}
        errors={data.errors}
        labels={{
          q: t.nameFragment,
          ref: t.reference,
          amount: t.amountExact,
          amountMin: t.amountMin,
          amountMax: t.amountMax,
          from: t.dateFrom,
          to: t.dateTo,
        }}
      />
      <section aria-labelledby="results-h" class="block">
        <h2 id="results-h">{t.results}</h2>
        <Results lang={lang} data={data} />
        <nav class="pager" aria-label={t.results}>
          {data.firstHref ? <a href={data.firstHref}>{t.firstPage}</a> : <span />}
          {data.nextHref ? (
            <a rel="next" href={data.nextHref}>
              {t.nextPage}
            </a>
          ) : null}
        </nav>
        {data.errors.length === 0 ? <Downloads lang={lang} csv={data.csvHref} json={data.jsonHref} /> : null}
      </section>
    </Page>
  );
}

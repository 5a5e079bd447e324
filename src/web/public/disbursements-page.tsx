import type { FC } from 'hono/jsx';
import type { PublicDisbursementView } from '../../capabilities/public-disbursements.ts';
import type { PublicFundHeader } from '../../capabilities/public-home.ts';
import type { Page as ListPage } from '../../capabilities/views.ts';
import { DISBURSEMENT_CATEGORIES } from '../../domain/disbursements.ts';
import type { FieldError } from '../../domain/errors.ts';
import { Downloads, Empty, Money, SearchErrors, TableWrap } from './components.tsx';
import { categoryLabel, date, href, type Lang } from './i18n.ts';
import { Page, type PageFrame } from './layout.tsx';
import { messagesFor } from './messages.ts';

/**
 * GET /funds/:id/disbursements — what a fund paid out: date, category, the recipient's public alias and
 * village, amount and the approval decision; filters by category and dates, keyset pages, CSV and JSON.
 */

export interface DisbursementFilterForm {
  category: string;
  from: string;
  to: string;
}

export interface DisbursementsPageData {
  fund: PublicFundHeader;
  form: DisbursementFilterForm;
  errors: FieldError[];
  result: ListPage<PublicDisbursementView> | null;
  nextHref: string | null;
  firstHref: string | null;
  csvHref: string;
  jsonHref: string;
}

export const DisbursementRows: FC<{ lang: Lang; items: PublicDisbursementView[]; caption?: string }> = ({
  lang,
  items,
  caption,
}) => {
  const t = messagesFor(lang);
  if (items.length === 0) return <Empty>{t.noDisbursements}</Empty>;
  return (
    <TableWrap label={caption ?? t.disbursementsTitle}>
      <table class="disbursements">
        {caption ? <caption>{caption}</caption> : null}
        <thead>
          <tr>
            <th scope="col">{t.paidOn}</th>
            <th scope="col">{t.category}</th>
            <th scope="col">{t.recipient}</th>
            <th scope="col">{t.village}</th>
            <th scope="col" class="num">
              {t.amount}
            </th>
            <th scope="col">{t.decisionNo}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((row) => (
            <tr>
              <td>{date(lang, row.paidOn)}</td>
              <td>
                {categoryLabel(lang, row.category)}
                {row.project ? (
                  <>
                    <br />
                    <small>
                      <a href={href(lang, `/projects/${row.project.id}`)}>{row.project.name}</a>
                    </small>
                  </>
                ) : null}
                {row.campaign ? (
                  <>
                    <br />
                    <small>{row.campaign.name}</small>
                  </>
                ) : null}
              </td>
              <td>{row.beneficiaryAlias ?? '—'}</td>
              <td>{row.village ?? '—'}</td>
              <td class="num">
                <Money lang={lang} amount={row.amount} currency={row.currency} />
              </td>
              <td>
                {row.decisionNo ?? '—'}
                {row.decisionDate ? (
                  <>
                    <br />
                    <small>{date(lang, row.decisionDate)}</small>
                  </>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
};

const FilterForm: FC<{ lang: Lang; data: DisbursementsPageData }> = ({ lang, data }) => {
  const t = messagesFor(lang);
  const action = `/funds/${data.fund.id}/disbursements`;
  return (
    <form class="search block" method="get" action={action} aria-labelledby="filter-h">
      <h2 id="filter-h">{t.filterForm}</h2>
      {lang !== 'vi' ? <input type="hidden" name="lang" value={lang} /> : null}
      <div class="field">
        <label for="d-category">{t.category}</label>
        <select id="d-category" name="category">
          <option value="">—</option>
          {DISBURSEMENT_CATEGORIES.map((category) => (
            <option value={category} selected={data.form.category === category}>
              {categoryLabel(lang, category)}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="d-from">{t.dateFrom}</label>
        <input id="d-from" name="from" type="date" value={data.form.from} />
      </div>
      <div class="field">
        <label for="d-to">{t.dateTo}</label>
        <input id="d-to" name="to" type="date" value={data.form.to} />
      </div>
      <div class="actions">
        <button type="submit">{t.search}</button>
        <a href={href(lang, action)}>{t.reset}</a>
      </div>
    </form>
  );
};

export function renderDisbursementsPage(frame: PageFrame, data: DisbursementsPageData) {
  const { lang } = frame;
  const t = messagesFor(lang);
  const crumbs = [
    { label: data.fund.name, href: href(lang, `/funds/${data.fund.id}`) },
    { label: t.disbursementsTitle },
  ];
  return (
    <Page frame={frame} title={`${t.disbursementsTitle}: ${data.fund.name}`} crumbs={crumbs}>
      <h1>
        {t.disbursementsTitle}: {data.fund.name}
      </h1>
      <p class="lead">
        {data.fund.unit.name}
        <br />
        {t.disbursementsIntro}
      </p>
      <FilterForm lang={lang} data={data} />
      <SearchErrors
        lang={lang}
        errors={data.errors}
        labels={{ category: t.category, from: t.dateFrom, to: t.dateTo }}
      />
      <section aria-labelledby="results-h" class="block">
        <h2 id="results-h">{t.results}</h2>
        {data.result ? <DisbursementRows lang={lang} items={data.result.items} /> : null}
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

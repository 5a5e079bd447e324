import type { FC } from 'hono/jsx';
import type { PublicFundsView, PublicUnitFunds } from '../../capabilities/public-funds.ts';
import type { PublicYears } from '../../capabilities/public-home.ts';
import type { PublicHandoverItem } from '../../capabilities/public-views.ts';
import { Amounts, Empty, Section, TableWrap, YearNav } from './components.tsx';
import { date, fundKindLabel, href, type Lang, levelLabel } from './i18n.ts';
import { Page, type PageFrame } from './layout.tsx';
import { messagesFor } from './messages.ts';

/** GET / — the units and their funds with balances, the year's receipts and spending, latest handovers. */

const UnitFunds: FC<{ lang: Lang; unit: PublicUnitFunds; year: number }> = ({ lang, unit, year }) => {
  const t = messagesFor(lang);
  const headingId = `unit-${unit.id}`;
  return (
    <section class="block unit" aria-labelledby={headingId}>
      <h2 id={headingId}>{unit.name}</h2>
      <p class="level">{levelLabel(lang, unit.level)}</p>
      <TableWrap label={`${t.unitFunds}: ${unit.name}`}>
        <table class="funds">
          <thead>
            <tr>
              <th scope="col">{t.fund}</th>
              <th scope="col">{t.kind}</th>
              <th scope="col" class="num">
                {t.balance}
              </th>
              <th scope="col" class="num">
                {t.received} {year}
              </th>
              <th scope="col" class="num">
                {t.spent} {year}
              </th>
            </tr>
          </thead>
          <tbody>
            {unit.funds.map((fund) => (
              <tr>
                <th scope="row">
                  <a href={href(lang, `/funds/${fund.id}`, { year })}>{fund.name}</a>
                </th>
                <td>{fundKindLabel(lang, fund.kind)}</td>
                <td class="num">
                  <Amounts lang={lang} totals={fund.available} currency={fund.currency} />
                </td>
                <td class="num">
                  <Amounts lang={lang} totals={fund.receivedThisYear} currency={fund.currency} />
                </td>
                <td class="num">
                  <Amounts lang={lang} totals={fund.spentThisYear} currency={fund.currency} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
};

export const Handovers: FC<{ lang: Lang; items: PublicHandoverItem[] }> = ({ lang, items }) => {
  const t = messagesFor(lang);
  if (items.length === 0) return <Empty>{t.noHandovers}</Empty>;
  return (
    <ul class="handovers">
      {items.map((item) => (
        <li>
          <a href={href(lang, `/projects/${item.project.id}`)}>{item.project.name}</a>
          {item.beneficiaryAlias ? ` — ${item.beneficiaryAlias}` : ''}
          <br />
          <small>
            {t.handedOverOn} {date(lang, item.date)} · {item.unit.name} · {t.minutesNo} {item.minutesNo}
          </small>
        </li>
      ))}
    </ul>
  );
};

/** The short form to look a gift up, on the home page and the trace page. */
export const TraceForm: FC<{ lang: Lang; value?: string; id?: string }> = ({
  lang,
  value = '',
  id = 'trace-q',
}) => {
  const t = messagesFor(lang);
  return (
    <form class="trace" method="get" action="/trace">
      {lang !== 'vi' ? <input type="hidden" name="lang" value={lang} /> : null}
      <div class="field">
        <label for={id}>{t.traceQuery}</label>
        <input
          id={id}
          name="q"
          type="search"
          value={value}
          maxlength={200}
          autocomplete="off"
          spellcheck={false}
          placeholder="PT-LCH-2024-000001 / FT24…"
        />
      </div>
      <div class="actions">
        <button type="submit">{t.traceSubmit}</button>
      </div>
    </form>
  );
};

export function renderHomePage(frame: PageFrame, view: PublicFundsView, years: PublicYears) {
  const { lang } = frame;
  const t = messagesFor(lang);
  return (
    <Page frame={frame} title={t.homeTitle}>
      <h1>{t.homeTitle}</h1>
      <p class="lead">{t.homeIntro}</p>
      <YearNav
        label={t.homeYear}
        years={years.years}
        selected={view.year}
        link={(year) => href(lang, '/', { year })}
      />
      <div class="units">
        {view.items.length === 0 ? <Empty>{t.noFunds}</Empty> : null}
        {view.items.map((unit) => (
          <UnitFunds lang={lang} unit={unit} year={view.year} />
        ))}
      </div>
      {view.nextCursor ? (
        <p class="pager">
          <a rel="next" href={href(lang, '/', { year: view.year, cursor: view.nextCursor })}>
            {t.nextPage}
          </a>
        </p>
      ) : null}
      <Section id="find" title={t.searchYourGift}>
        <p>{t.searchYourGiftText}</p>
        <TraceForm lang={lang} id="home-trace-q" />
      </Section>
      <Section id="handovers" title={t.latestHandovers}>
        <Handovers lang={lang} items={view.latestHandovers} />
      </Section>
      <p class="downloads">
        <span>{t.downloads}:</span>{' '}
        <a class="download json" href={`/api/v1/public/funds?year=${view.year}`} type="application/json">
          {t.downloadJson}
        </a>
      </p>
    </Page>
  );
}

import type { FC } from 'hono/jsx';
import type { PublicGiftTrace, PublicTraceView } from '../../capabilities/public-trace.ts';
import { Empty, Figures, Money, Section, TableWrap } from './components.tsx';
import { TraceForm } from './home-page.tsx';
import {
  categoryLabel,
  channelLabel,
  date,
  donorLabel,
  href,
  type Lang,
  projectStatusLabel,
  sourceLabel,
} from './i18n.ts';
import { Page, type PageFrame } from './layout.tsx';
import { messagesFor } from './messages.ts';

/**
 * GET /trace?q=… — "where did my money go": a receipt number or bank reference → the gift, the
 * transfers that carried it to another fund or level, and what it paid for, down to the house and its
 * handover.
 */

export interface TracePageData {
  query: string;
  result: PublicTraceView | null;
  notFound: boolean;
  invalid: string | null;
  apiHref: string | null;
}

const Uses: FC<{ lang: Lang; trace: PublicGiftTrace }> = ({ lang, trace }) => {
  const t = messagesFor(lang);
  if (!trace.traced) return <Empty>{t.traceNotTraced}</Empty>;
  if (trace.uses.length === 0) return <Empty>{t.traceNoUses}</Empty>;
  return (
    <TableWrap label={t.traceUses}>
      <table class="uses">
        <thead>
          <tr>
            <th scope="col">{t.paidOn}</th>
            <th scope="col">{t.purpose}</th>
            <th scope="col">{t.recipient}</th>
            <th scope="col">{t.decisionNo}</th>
            <th scope="col" class="num">
              {t.amount}
            </th>
          </tr>
        </thead>
        <tbody>
          {trace.uses.map((use) => (
            <tr>
              <td>{date(lang, use.date)}</td>
              <td>
                {use.disbursement ? categoryLabel(lang, use.disbursement.category) : sourceLabel(lang, null)}
                {use.project ? (
                  <>
                    <br />
                    <a class="project-link" href={href(lang, `/projects/${use.project.id}`)}>
                      {use.project.name}
                    </a>
                    <br />
                    <small>
                      {projectStatusLabel(lang, use.project.status)}
                      {use.project.handover
                        ? ` · ${t.handedOverOn} ${date(lang, use.project.handover.date)} (${t.minutesNo} ${use.project.handover.minutesNo})`
                        : ''}
                    </small>
                  </>
                ) : null}
                <br />
                <small>
                  {t.fund}: <a href={href(lang, `/funds/${use.fund.id}`)}>{use.fund.name}</a>
                </small>
              </td>
              <td>
                {use.disbursement?.beneficiaryAlias ?? '—'}
                {use.disbursement?.village ? (
                  <>
                    <br />
                    <small>{use.disbursement.village}</small>
                  </>
                ) : null}
              </td>
              <td>{use.disbursement?.decisionNo ?? '—'}</td>
              <td class="num">
                <Money lang={lang} amount={use.amount} currency={trace.gift.currency} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
};

const Transfers: FC<{ lang: Lang; trace: PublicGiftTrace }> = ({ lang, trace }) => {
  const t = messagesFor(lang);
  if (trace.transfers.length === 0) return null;
  return (
    <>
      <h3>{t.traceTransfers}</h3>
      <ul>
        {trace.transfers.map((transfer) => (
          <li>
            {date(lang, transfer.date)}:{' '}
            <Money lang={lang} amount={transfer.amount} currency={trace.gift.currency} /> —{' '}
            <a href={href(lang, `/funds/${transfer.from.id}`)}>{transfer.from.name}</a> →{' '}
            <a href={href(lang, `/funds/${transfer.to.id}`)}>{transfer.to.name}</a>
          </li>
        ))}
      </ul>
    </>
  );
};

const GiftTrace: FC<{ lang: Lang; trace: PublicGiftTrace; index: number }> = ({ lang, trace, index }) => {
  const t = messagesFor(lang);
  const { gift } = trace;
  return (
    <Section id={`gift-${index}`} title={`${t.traceGift} ${gift.receiptNo}`}>
      {gift.status === 'void' ? (
        <p class="void">{lang === 'vi' ? 'Biên nhận đã hủy' : 'Receipt voided'}</p>
      ) : null}
      <dl class="kv">
        <dt>{t.donor}</dt>
        <dd class={gift.anonymous ? 'anonymous' : undefined}>
          {donorLabel(lang, gift.donor, gift.anonymous)}
        </dd>
        <dt>{t.date}</dt>
        <dd>{date(lang, gift.receivedOn)}</dd>
        <dt>{t.amount}</dt>
        <dd>
          <Money lang={lang} amount={gift.amount} currency={gift.currency} />
        </dd>
        <dt>{t.channel}</dt>
        <dd>
          {channelLabel(lang, gift.channel)}
          {gift.bankRef ? (
            <>
              {' · '}
              <span class="masked">{gift.bankRef}</span>
            </>
          ) : null}
        </dd>
        <dt>{t.fund}</dt>
        <dd>
          <a href={href(lang, `/funds/${gift.fund.id}`)}>{gift.fund.name}</a> · {gift.unit.name}
        </dd>
        {gift.campaign ? (
          <>
            <dt>{t.campaign}</dt>
            <dd>
              <a href={href(lang, `/campaigns/${gift.campaign.id}/donations`)}>{gift.campaign.name}</a>
            </dd>
          </>
        ) : null}
        {gift.earmark ? (
          <>
            <dt>{t.earmark}</dt>
            <dd>
              {gift.earmark.kind === 'category' ? (
                categoryLabel(lang, gift.earmark.category)
              ) : gift.earmark.kind === 'project' && gift.earmark.projectId ? (
                <a href={href(lang, `/projects/${gift.earmark.projectId}`)}>{gift.earmark.label}</a>
              ) : (
                sourceLabel(lang, gift.earmark.label)
              )}
            </dd>
          </>
        ) : null}
      </dl>
      <Transfers lang={lang} trace={trace} />
      <h3>{t.traceUses}</h3>
      <Uses lang={lang} trace={trace} />
      {trace.traced ? (
        <Figures
          items={[
            {
              label: t.traceUnallocated,
              value: <Money lang={lang} amount={trace.unallocated} currency={gift.currency} />,
            },
          ]}
        />
      ) : null}
    </Section>
  );
};

export function renderTracePage(frame: PageFrame, data: TracePageData) {
  const { lang } = frame;
  const t = messagesFor(lang);
  return (
    <Page frame={frame} title={t.traceTitle} crumbs={[{ label: t.traceTitle }]}>
      <h1>{t.traceTitle}</h1>
      <p class="lead">{t.traceIntro}</p>
      <div class="block">
        <TraceForm lang={lang} value={data.query} />
      </div>
      {data.invalid ? (
        <div class="errors" role="alert">
          <p>{data.invalid}</p>
        </div>
      ) : null}
      {data.notFound ? (
        <div class="errors" role="alert">
          <p>{t.traceNotFound}</p>
        </div>
      ) : null}
      {data.result?.gifts.map((trace, index) => (
        <GiftTrace lang={lang} trace={trace} index={index} />
      ))}
      {data.result && data.apiHref ? (
        <p class="downloads">
          <span>{t.downloads}:</span>{' '}
          <a class="download json" href={data.apiHref} type="application/json">
            {t.downloadJson}
          </a>
        </p>
      ) : null}
    </Page>
  );
}

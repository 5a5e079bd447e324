import type { FC } from 'hono/jsx';
import type { DisclosureNoticeView } from '../../capabilities/disclosure-notices.ts';
import type { PublicCampaignView, PublicFundDetailView } from '../../capabilities/public-funds.ts';
import type { PublicYears } from '../../capabilities/public-home.ts';
import type { PublicProjectSummary } from '../../capabilities/public-views.ts';
import { MonthChart } from './chart.tsx';
import {
  Amounts,
  amountIn,
  Badge,
  type BadgeTone,
  Empty,
  Figures,
  Money,
  percentOf,
  Section,
  ShareBar,
  TableWrap,
  YearNav,
} from './components.tsx';
import { Handovers } from './home-page.tsx';
import {
  categoryLabel,
  date,
  fundKindLabel,
  href,
  type Lang,
  monthLabel,
  noticeKindLabel,
  noticeStatusLabel,
  projectKindLabel,
  projectStatusLabel,
} from './i18n.ts';
import { Page, type PageFrame } from './layout.tsx';
import { messagesFor } from './messages.ts';

/**
 * GET /funds/:id — a fund: its balance (earmarked and not), received vs spent by month as a chart,
 * spending by category, campaigns, projects and the disclosure notices its campaigns owe.
 */

const MonthTable: FC<{ lang: Lang; fund: PublicFundDetailView }> = ({ lang, fund }) => {
  const t = messagesFor(lang);
  return (
    <TableWrap label={t.byMonth}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t.month}</th>
            <th scope="col" class="num">
              {t.received}
            </th>
            <th scope="col" class="num">
              {t.spent}
            </th>
          </tr>
        </thead>
        <tbody>
          {fund.months.map((month) => (
            <tr>
              <th scope="row">{monthLabel(lang, month.month)}</th>
              <td class="num">
                <Amounts lang={lang} totals={month.received} currency={fund.currency} />
              </td>
              <td class="num">
                <Amounts lang={lang} totals={month.spent} currency={fund.currency} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
};

const Categories: FC<{ lang: Lang; fund: PublicFundDetailView }> = ({ lang, fund }) => {
  const t = messagesFor(lang);
  if (fund.spendingByCategory.length === 0) return <Empty>{t.nothingYet}</Empty>;
  const total = fund.spendingByCategory
    .filter((row) => row.currency === fund.currency)
    .reduce((sum, row) => sum + BigInt(row.amount), 0n);
  return (
    <TableWrap label={t.byCategory}>
      <table class="categories">
        <thead>
          <tr>
            <th scope="col">{t.category}</th>
            <th scope="col" class="num">
              {t.amount}
            </th>
            <th scope="col">{t.share}</th>
          </tr>
        </thead>
        <tbody>
          {fund.spendingByCategory.map((row) => {
            const share = row.currency === fund.currency ? percentOf(BigInt(row.amount), total) : 0;
            return (
              <tr>
                <th scope="row">{categoryLabel(lang, row.category)}</th>
                <td class="num">
                  <Money lang={lang} amount={row.amount} currency={row.currency} />
                </td>
                <td>
                  <ShareBar percent={share} />
                  {share.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-US')} %
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableWrap>
  );
};

const Campaigns: FC<{ lang: Lang; campaigns: PublicCampaignView[] }> = ({ lang, campaigns }) => {
  const t = messagesFor(lang);
  if (campaigns.length === 0) return <Empty>{t.noCampaigns}</Empty>;
  return (
    <TableWrap label={t.campaigns}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t.campaign}</th>
            <th scope="col">{t.receivingWindow}</th>
            <th scope="col">{t.distributionDeadline}</th>
            <th scope="col" class="num">
              {t.received}
            </th>
          </tr>
        </thead>
        <tbody>
          {campaigns.map((campaign) => (
            <tr>
              <th scope="row">
                <a class="to-campaign" href={href(lang, `/campaigns/${campaign.id}/donations`)}>
                  {campaign.name}
                </a>
                <br />
                <small>{campaign.purpose}</small>
                {campaign.bankAccount ? (
                  <>
                    <br />
                    <small>
                      {campaign.bankAccount.bankName ?? campaign.bankAccount.bin} ·{' '}
                      <code>{campaign.bankAccount.accountNo}</code> · {campaign.bankAccount.holder}
                    </small>
                  </>
                ) : null}
              </th>
              <td>
                {date(lang, campaign.receivingFrom)} – {date(lang, campaign.receivingTo)}
              </td>
              <td>{date(lang, campaign.distributionDeadline)}</td>
              <td class="num">
                <Amounts lang={lang} totals={campaign.received} />
                <br />
                <small>{campaign.received.reduce((sum, row) => sum + row.count, 0)}</small>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
};

const NOTICE_TONES: Record<DisclosureNoticeView['status'], BadgeTone> = {
  'not-yet-due': 'info',
  due: 'warn',
  overdue: 'bad',
  published: 'ok',
};

export const Notices: FC<{ lang: Lang; notices: DisclosureNoticeView[] }> = ({ lang, notices }) => {
  const t = messagesFor(lang);
  if (notices.length === 0) return <Empty>{t.noDisclosures}</Empty>;
  return (
    <TableWrap label={t.disclosures}>
      <table class="notices">
        <thead>
          <tr>
            <th scope="col">{t.disclosure}</th>
            <th scope="col">{t.dueOn}</th>
            <th scope="col">{t.status}</th>
            <th scope="col" class="num">
              {t.amount}
            </th>
          </tr>
        </thead>
        <tbody>
          {notices.map((notice) => (
            <tr class={notice.status}>
              <th scope="row">
                {noticeKindLabel(lang, notice.kind)}
                <br />
                <small>
                  {notice.campaign.name} ({date(lang, notice.periodFrom)} – {date(lang, notice.periodEnd)})
                </small>
              </th>
              <td>{date(lang, notice.dueOn)}</td>
              <td>
                <Badge tone={NOTICE_TONES[notice.status]}>{noticeStatusLabel(lang, notice.status)}</Badge>
                {notice.published ? (
                  <>
                    <br />
                    <small>
                      {t.publishedOn} {date(lang, notice.published.publishedOn)}
                      {notice.published.late ? ` (${t.overdue.toLowerCase()})` : ''}
                    </small>
                  </>
                ) : null}
              </td>
              <td class="num">
                <Amounts lang={lang} totals={notice.published?.totals ?? notice.totals} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
};

export const Projects: FC<{ lang: Lang; projects: PublicProjectSummary[] }> = ({ lang, projects }) => {
  const t = messagesFor(lang);
  if (projects.length === 0) return <Empty>{t.noProjects}</Empty>;
  return (
    <TableWrap label={t.projects}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t.project}</th>
            <th scope="col">{t.status}</th>
            <th scope="col">{t.village}</th>
            <th scope="col" class="num">
              {t.budget}
            </th>
          </tr>
        </thead>
        <tbody>
          {projects.map((project) => (
            <tr>
              <th scope="row">
                <a href={href(lang, `/projects/${project.id}`)}>{project.name}</a>
                <br />
                <small>
                  {projectKindLabel(lang, project.kind)}
                  {project.beneficiaryAlias ? ` · ${project.beneficiaryAlias}` : ''}
                </small>
              </th>
              <td>{projectStatusLabel(lang, project.status)}</td>
              <td>{project.village ?? '—'}</td>
              <td class="num">
                <Money lang={lang} amount={project.budget} currency={project.currency} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
};

export function renderFundPage(frame: PageFrame, fund: PublicFundDetailView, years: PublicYears) {
  const { lang } = frame;
  const t = messagesFor(lang);
  const months = fund.months.map((month) => ({
    month: month.month,
    receivedMinor: amountIn(month.received, fund.currency),
    spentMinor: amountIn(month.spent, fund.currency),
  }));
  return (
    <Page frame={frame} title={fund.name} crumbs={[{ label: fund.name }]}>
      <h1>{fund.name}</h1>
      <p class="lead">
        {fund.unit.name} · {fundKindLabel(lang, fund.kind)}
      </p>
      <YearNav
        label={t.homeYear}
        years={years.years}
        selected={fund.year}
        link={(year) => href(lang, `/funds/${fund.id}`, { year })}
      />
      <Figures
        items={[
          {
            label: t.fundBalance,
            value: <Amounts lang={lang} totals={fund.available} currency={fund.currency} />,
            note: date(lang, fund.asOf),
          },
          {
            label: t.restricted,
            value: <Amounts lang={lang} totals={fund.restricted} currency={fund.currency} />,
          },
          {
            label: t.unrestricted,
            value: <Amounts lang={lang} totals={fund.unrestricted} currency={fund.currency} />,
          },
          {
            label: `${t.received} ${fund.year}`,
            value: <Amounts lang={lang} totals={fund.receivedThisYear} currency={fund.currency} />,
          },
          {
            label: `${t.spent} ${fund.year}`,
            value: <Amounts lang={lang} totals={fund.spentThisYear} currency={fund.currency} />,
          },
        ]}
      />
      <p class="actions">
        <a class="button to-donations" href={href(lang, `/funds/${fund.id}/donations`)}>
          {t.seeDonations}
        </a>
        <a class="button to-disbursements" href={href(lang, `/funds/${fund.id}/disbursements`)}>
          {t.seeDisbursements}
        </a>
      </p>
      <Section id="months" title={`${t.byMonth} ${fund.year}`}>
        <MonthChart
          lang={lang}
          months={months}
          currency={fund.currency}
          text={{
            title: `${t.byMonth} ${fund.year}`,
            description: t.chartDescription,
            received: t.received,
            spent: t.spent,
          }}
        />
        <details>
          <summary>{t.chartTable}</summary>
          <MonthTable lang={lang} fund={fund} />
        </details>
      </Section>
      <Section id="categories" title={`${t.byCategory} ${fund.year}`}>
        <Categories lang={lang} fund={fund} />
      </Section>
      <Section id="notices" title={t.disclosures}>
        <Notices lang={lang} notices={fund.notices} />
        {fund.campaigns.length > 0 ? (
          <p class="downloads">
            <span>{t.downloads}:</span>
            {fund.campaigns.map((campaign) => (
              <a
                class="download json"
                href={`/api/v1/public/campaigns/${campaign.id}/notices`}
                type="application/json"
              >
                {t.downloadJson} — {campaign.name}
              </a>
            ))}
          </p>
        ) : null}
      </Section>
      <Section id="campaigns" title={t.campaigns}>
        <Campaigns lang={lang} campaigns={fund.campaigns} />
      </Section>
      <Section id="projects" title={t.projects}>
        <Projects lang={lang} projects={fund.projects} />
      </Section>
      <Section id="handovers" title={t.latestHandovers}>
        <Handovers lang={lang} items={fund.latestHandovers} />
      </Section>
      <p class="downloads">
        <span>{t.downloads}:</span>{' '}
        <a
          class="download json"
          href={`/api/v1/public/funds/${fund.id}?year=${fund.year}`}
          type="application/json"
        >
          {t.downloadJson}
        </a>
      </p>
    </Page>
  );
}

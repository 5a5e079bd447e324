import type { FC } from 'hono/jsx';
import type { PublicEvidenceView, PublicProjectView } from '../../capabilities/public-projects.ts';
import { Empty, Figures, Money, Section, TableWrap } from './components.tsx';
import { DisbursementRows } from './disbursements-page.tsx';
import {
  date,
  donorLabel,
  evidenceKindLabel,
  href,
  type Lang,
  milestoneLabel,
  projectKindLabel,
  projectStatusLabel,
  sourceLabel,
  sponsorKindLabel,
} from './i18n.ts';
import { Page, type PageFrame } from './layout.tsx';
import { messagesFor } from './messages.ts';

/**
 * GET /projects/:id — a charity house or a programme: the household's public alias and village, budget,
 * co-funders and the gifts and funds that paid for it (donors as disclosed), milestones, the handover
 * record and the evidence its unit made public. Never the beneficiary's name, ID, phone or address.
 */

const Sources: FC<{ lang: Lang; project: PublicProjectView }> = ({ lang, project }) => {
  const t = messagesFor(lang);
  if (project.sources.length === 0) return <Empty>{t.nothingYet}</Empty>;
  return (
    <TableWrap label={t.fundedGifts}>
      <table class="sources">
        <thead>
          <tr>
            <th scope="col">{t.date}</th>
            <th scope="col">{t.source}</th>
            <th scope="col">{t.fund}</th>
            <th scope="col" class="num">
              {t.amount}
            </th>
          </tr>
        </thead>
        <tbody>
          {project.sources.map((source) => (
            <tr>
              <td>{date(lang, source.receivedOn)}</td>
              <td>
                {source.source === 'donation' ? (
                  <>
                    {donorLabel(lang, source.donor)}
                    {source.receiptNo ? (
                      <>
                        <br />
                        <small>
                          <a href={href(lang, '/trace', { q: source.receiptNo })}>{source.receiptNo}</a>
                        </small>
                      </>
                    ) : null}
                  </>
                ) : (
                  sourceLabel(lang, source.label)
                )}
              </td>
              <td>
                <a href={href(lang, `/funds/${source.fund.id}`)}>{source.fund.name}</a>
              </td>
              <td class="num">
                <Money lang={lang} amount={source.amount} currency={project.currency} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
};

const Sponsors: FC<{ lang: Lang; project: PublicProjectView }> = ({ lang, project }) => {
  const t = messagesFor(lang);
  if (project.sponsors.length === 0) return null;
  return (
    <TableWrap label={t.sponsors}>
      <table class="sponsors">
        <caption>{t.sponsors}</caption>
        <thead>
          <tr>
            <th scope="col">{t.source}</th>
            <th scope="col">{t.kind}</th>
            <th scope="col" class="num">
              {t.amount}
            </th>
            <th scope="col">{t.note}</th>
          </tr>
        </thead>
        <tbody>
          {project.sponsors.map((sponsor) => (
            <tr>
              <th scope="row">{sponsor.name}</th>
              <td>{sponsorKindLabel(lang, sponsor.kind)}</td>
              <td class="num">
                <Money lang={lang} amount={sponsor.amount} currency={project.currency} />
              </td>
              <td>{sponsor.note ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
};

const Evidence: FC<{ lang: Lang; items: PublicEvidenceView[] }> = ({ lang, items }) => {
  const t = messagesFor(lang);
  if (items.length === 0) return <Empty>{t.noEvidence}</Empty>;
  return (
    <ul class="evidence">
      {items.map((item) => {
        const link = item.fileUrl ?? item.url;
        const label = `${evidenceKindLabel(lang, item.kind)}: ${item.title}${item.documentNo ? ` (${item.documentNo})` : ''}`;
        return (
          <li>
            {link ? (
              <a href={link} rel={item.fileUrl ? undefined : 'noopener noreferrer external'}>
                {label}
              </a>
            ) : (
              label
            )}
            {item.fileUrl && item.contentType?.startsWith('image/') ? (
              <>
                <br />
                <img src={item.fileUrl} alt={item.title} loading="lazy" width="320" />
              </>
            ) : null}
            {item.sha256 ? (
              <>
                <br />
                <small>
                  SHA-256 <code class="hash">{item.sha256}</code>
                </small>
              </>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
};

const Handover: FC<{ lang: Lang; project: PublicProjectView }> = ({ lang, project }) => {
  const t = messagesFor(lang);
  const { handover } = project;
  if (!handover) return <Empty>{t.noHandover}</Empty>;
  return (
    <dl class="kv">
      <dt>{t.date}</dt>
      <dd>{date(lang, handover.date)}</dd>
      <dt>{t.handoverPlace}</dt>
      <dd>{handover.place}</dd>
      <dt>{t.handoverBy}</dt>
      <dd>{handover.handedOverBy}</dd>
      <dt>{t.minutesNo}</dt>
      <dd>{handover.minutesNo}</dd>
    </dl>
  );
};

export function renderProjectPage(frame: PageFrame, project: PublicProjectView) {
  const { lang } = frame;
  const t = messagesFor(lang);
  const crumbs = [
    { label: project.fund.name, href: href(lang, `/funds/${project.fund.id}`) },
    { label: project.name },
  ];
  return (
    <Page frame={frame} title={project.name} crumbs={crumbs}>
      <h1>{project.name}</h1>
      <p class="lead">
        {projectKindLabel(lang, project.kind)} · {projectStatusLabel(lang, project.status)} ·{' '}
        {project.unit.name}
      </p>
      <Figures
        items={[
          {
            label: t.budget,
            value: <Money lang={lang} amount={project.budget} currency={project.currency} />,
          },
          { label: t.spent, value: <Money lang={lang} amount={project.paid} currency={project.currency} /> },
        ]}
      />
      <dl class="kv block">
        {project.beneficiary ? (
          <>
            <dt>{t.beneficiary}</dt>
            <dd>{project.beneficiary.publicAlias}</dd>
          </>
        ) : null}
        <dt>{t.village}</dt>
        <dd>{project.village ?? project.beneficiary?.village ?? '—'}</dd>
        <dt>{t.fund}</dt>
        <dd>
          <a href={href(lang, `/funds/${project.fund.id}`)}>{project.fund.name}</a>
        </dd>
        {project.campaign ? (
          <>
            <dt>{t.campaign}</dt>
            <dd>
              <a href={href(lang, `/campaigns/${project.campaign.id}/donations`)}>{project.campaign.name}</a>
            </dd>
          </>
        ) : null}
      </dl>
      <Section id="sources" title={t.sources}>
        <Sponsors lang={lang} project={project} />
        <h3>{t.fundedGifts}</h3>
        <Sources lang={lang} project={project} />
      </Section>
      <Section id="milestones" title={t.milestones}>
        {project.milestones.length === 0 ? (
          <Empty>{t.nothingYet}</Empty>
        ) : (
          <ol class="timeline">
            {project.milestones.map((milestone) => (
              <li>
                <strong>{date(lang, milestone.date)}</strong> — {milestoneLabel(lang, milestone.kind)}
                {milestone.note ? `: ${milestone.note}` : ''}
              </li>
            ))}
          </ol>
        )}
      </Section>
      <Section id="handover" title={t.handover}>
        <Handover lang={lang} project={project} />
      </Section>
      <Section id="disbursements" title={t.disbursementsTitle}>
        <DisbursementRows lang={lang} items={project.disbursements} />
      </Section>
      <Section id="evidence" title={t.evidence}>
        <Evidence lang={lang} items={project.evidence} />
      </Section>
      <p class="downloads">
        <span>{t.downloads}:</span>{' '}
        <a class="download json" href={`/api/v1/public/projects/${project.id}`} type="application/json">
          {t.downloadJson}
        </a>
      </p>
    </Page>
  );
}

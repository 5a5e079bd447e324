import { todayInVietnam } from '../domain/dates.ts';
import { DomainError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import type { CurrencyCode } from '../domain/money.ts';
import {
  daysUntil,
  NOTICE_KINDS,
  type NoticeKind,
  type NoticeStatus,
  noticeDueOn,
  noticePeriodEnd,
  noticeStatus,
} from '../domain/public-disclosure.ts';
import { type AuthorizeStore, requirePermission } from './authorize.ts';
import type { CampaignView } from './campaigns.ts';
import type { WriteContext, WriteExtras } from './context.ts';
import { type IdempotencyStore, idempotentWrite, type WriteOutcome } from './idempotency.ts';
import type { MoneyCount, PublicRef } from './public-views.ts';

/**
 * Disclosure notices (Nghị định 93/2021, art. 14) for each campaign: the totals received, due within
 * 15 days after the receiving window ends, and the totals distributed, due within 30 days after the
 * distribution deadline. Both are generated from the ledger at any time (`totals`, live). A notice is
 * *published* when the unit publishes it (`publishDisclosureNotice`): its totals are kept as they were
 * that day, and its status becomes `published`; until then it is `not-yet-due` while its period runs,
 * `due` until its due date, and `overdue` after.
 */
export interface DisclosureNoticeView {
  campaign: PublicRef;
  fundId: string;
  kind: NoticeKind;
  /** The period reported on: the receiving window, or from its start to the distribution deadline. */
  periodFrom: string;
  periodEnd: string;
  dueOn: string;
  status: NoticeStatus;
  /** Whole days from today to the due date; negative once it has passed. */
  daysUntilDue: number;
  /** From the ledger today: valid gifts (received) or paid, unreversed disbursements (distributed). */
  totals: MoneyCount[];
  published: { publishedOn: string; late: boolean; totals: MoneyCount[] } | null;
}

export interface CampaignNoticesView {
  campaign: PublicRef & {
    fundId: string;
    receivingFrom: string;
    receivingTo: string;
    distributionDeadline: string;
  };
  asOf: string;
  notices: DisclosureNoticeView[];
}

export interface PublishedNoticeRow {
  id: string;
  campaignId: string;
  kind: NoticeKind;
  periodEnd: string;
  dueOn: string;
  publishedOn: string;
  totals: MoneyCount[];
  publishedBy: string;
  createdAtMs: number;
}

type TotalsRow = { campaignId: string; currency: CurrencyCode; amountMinor: bigint; count: number };

export interface DisclosureNoticeStore {
  getCampaign(id: string): Promise<CampaignView | null>;
  campaignGiftTotals(campaignIds: string[]): Promise<TotalsRow[]>;
  campaignDistributedTotals(campaignIds: string[]): Promise<TotalsRow[]>;
  publishedNotices(campaignIds: string[]): Promise<PublishedNoticeRow[]>;
}

export interface DisclosureNoticeWriteStore extends DisclosureNoticeStore, AuthorizeStore, IdempotencyStore {
  /** The unique (campaign, kind) index refuses a second publication, whoever writes. */
  insertDisclosureNotice(notice: PublishedNoticeRow, extras: WriteExtras): Promise<void>;
}

type Deps = { store: DisclosureNoticeStore; nowMs: () => number };

export async function campaignNotices(deps: Deps, campaignId: string): Promise<CampaignNoticesView> {
  const campaign = await deps.store.getCampaign(campaignId);
  if (!campaign) throw new DomainError('not-found', `There is no campaign ${campaignId}.`);
  return {
    campaign: {
      id: campaign.id,
      name: campaign.name,
      fundId: campaign.fundId,
      receivingFrom: campaign.receivingFrom,
      receivingTo: campaign.receivingTo,
      distributionDeadline: campaign.distributionDeadline,
    },
    asOf: todayInVietnam(deps.nowMs()),
    notices: await noticesOfCampaigns(deps, [campaign]),
  };
}

/** Both notices of each campaign, in the campaigns' order. */
export async function noticesOfCampaigns(
  deps: Deps,
  campaigns: CampaignView[],
): Promise<DisclosureNoticeView[]> {
  if (campaigns.length === 0) return [];
  const ids = campaigns.map((campaign) => campaign.id);
  const received = await deps.store.campaignGiftTotals(ids);
  const distributed = await deps.store.campaignDistributedTotals(ids);
  const published = await deps.store.publishedNotices(ids);
  const today = todayInVietnam(deps.nowMs());
  return campaigns.flatMap((campaign) =>
    NOTICE_KINDS.map((kind) =>
      noticeView(
        campaign,
        kind,
        (kind === 'received' ? received : distributed).filter((row) => row.campaignId === campaign.id),
        published.find((row) => row.campaignId === campaign.id && row.kind === kind) ?? null,
        today,
      ),
    ),
  );
}

function noticeView(
  campaign: CampaignView,
  kind: NoticeKind,
  totals: TotalsRow[],
  published: PublishedNoticeRow | null,
  today: string,
): DisclosureNoticeView {
  const periodEnd = noticePeriodEnd(kind, campaign);
  const dueOn = noticeDueOn(kind, campaign);
  return {
    campaign: { id: campaign.id, name: campaign.name },
    fundId: campaign.fundId,
    kind,
    periodFrom: campaign.receivingFrom,
    periodEnd,
    dueOn,
    status: noticeStatus({ periodEnd, dueOn, publishedOn: published?.publishedOn ?? null }, today),
    daysUntilDue: daysUntil(today, dueOn),
    totals: moneyCounts(totals),
    published: published
      ? { publishedOn: published.publishedOn, late: published.publishedOn > dueOn, totals: published.totals }
      : null,
  };
}

function moneyCounts(rows: TotalsRow[]): MoneyCount[] {
  return [...rows]
    .sort((left, right) => left.currency.localeCompare(right.currency))
    .map((row) => ({ currency: row.currency, amount: row.amountMinor.toString(), count: row.count }));
}

/**
 * Publishes a campaign's notice (staff with `fund.manage` at the campaign's unit): its totals as the
 * ledger gives them today are kept with the date. Only once the period it reports on has ended, and
 * only once (409 otherwise).
 */
export async function publishDisclosureNotice(
  deps: { store: DisclosureNoticeWriteStore; nowMs: () => number },
  context: WriteContext,
  input: { campaignId: string; kind: NoticeKind },
): Promise<WriteOutcome<DisclosureNoticeView & { id: string }>> {
  return idempotentWrite(deps.store, context, deps.nowMs, async (seal) => {
    const campaign = await deps.store.getCampaign(input.campaignId);
    if (!campaign) throw new DomainError('not-found', `There is no campaign ${input.campaignId}.`);
    await requirePermission(deps.store, context.actor, 'fund.manage', campaign.unitId, campaign.name);
    const nowMs = deps.nowMs();
    const today = todayInVietnam(nowMs);
    const periodEnd = noticePeriodEnd(input.kind, campaign);
    if (today <= periodEnd) {
      throw new DomainError(
        'invalid-state',
        `The ${input.kind === 'received' ? 'receiving window' : 'distribution period'} of ${campaign.name} ends on ${periodEnd}: its notice can be published from the day after.`,
        { extra: { periodEnd } },
      );
    }
    const [existing] = await deps.store
      .publishedNotices([campaign.id])
      .then((rows) => rows.filter((row) => row.kind === input.kind));
    if (existing) {
      throw new DomainError(
        'conflict',
        `The ${input.kind} notice of ${campaign.name} was published on ${existing.publishedOn}.`,
      );
    }
    const totals =
      input.kind === 'received'
        ? await deps.store.campaignGiftTotals([campaign.id])
        : await deps.store.campaignDistributedTotals([campaign.id]);
    const record: PublishedNoticeRow = {
      id: newId(nowMs),
      campaignId: campaign.id,
      kind: input.kind,
      periodEnd,
      dueOn: noticeDueOn(input.kind, campaign),
      publishedOn: today,
      totals: moneyCounts(totals),
      publishedBy: context.actor.userId,
      createdAtMs: nowMs,
    };
    const view = { id: record.id, ...noticeView(campaign, input.kind, totals, record, today) };
    await deps.store.insertDisclosureNotice(record, seal(view, campaign.unitId));
    return view;
  });
}

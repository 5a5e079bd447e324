import type { Actor } from '../domain/access.ts';
import { todayInVietnam } from '../domain/dates.ts';
import { DomainError } from '../domain/errors.ts';
import { REPORT_CAMPAIGNS_MAX } from '../domain/limits.ts';
import type { CurrencyCode } from '../domain/money.ts';
import {
  type CampaignFigures,
  type CampaignPhase,
  type CampaignResultLine,
  campaignPhase,
  campaignResultLine,
} from '../domain/reports/campaign-result.ts';
import { type AuthorizeStore, requirePermission } from './authorize.ts';
import type { CampaignView } from './campaigns.ts';
import type { FundView } from './views.ts';

/** Kết quả vận động (src/domain/reports/campaign-result.ts): one campaign, or every campaign of a fund. */
export interface CampaignResultStore extends AuthorizeStore {
  getFund(id: string): Promise<FundView | null>;
  getCampaign(id: string): Promise<CampaignView | null>;
  listCampaigns(fundId: string): Promise<CampaignView[]>;
  /** Pledges, gifts and payments of the campaigns, per campaign and currency. */
  campaignFigures(campaignIds: readonly string[]): Promise<Map<string, CampaignFigures[]>>;
}

export interface CampaignResult {
  campaignId: string;
  name: string;
  fundId: string;
  fundName: string;
  unitId: string;
  purpose: string;
  legalBasis: string | null;
  receivingFrom: string;
  receivingTo: string;
  distributionDeadline: string;
  /** Where the campaign stands today (not_started, receiving, distributing, ended). */
  phase: CampaignPhase;
  lines: CampaignResultLine[];
}

export interface CampaignResultReport {
  scope: { campaignId: string | null; fundId: string | null };
  asOf: string;
  campaigns: CampaignResult[];
  totals: {
    currency: CurrencyCode;
    mobilised: string;
    received: string;
    receivedInKind: string;
    distributed: string;
    remaining: string;
  }[];
}

async function campaignsOf(
  store: CampaignResultStore,
  actor: Actor,
  query: { campaignId?: string; fundId?: string },
): Promise<{ fund: FundView; campaigns: CampaignView[] }> {
  if (query.campaignId) {
    const campaign = await store.getCampaign(query.campaignId);
    if (!campaign || (query.fundId && campaign.fundId !== query.fundId)) {
      throw new DomainError(
        'not-found',
        `There is no campaign ${query.campaignId}${query.fundId ? ' in that fund' : ''}.`,
      );
    }
    const fund = await store.getFund(campaign.fundId);
    if (!fund) throw new DomainError('not-found', `There is no campaign ${query.campaignId}.`);
    await requirePermission(store, actor, 'ledger.read', fund.unitId, fund.name);
    return { fund, campaigns: [campaign] };
  }
  if (!query.fundId) {
    throw new DomainError(
      'validation-failed',
      'Name the campaign, or the fund whose campaigns to report on.',
      {
        fieldErrors: [{ field: 'campaignId', detail: 'give campaignId or fundId' }],
      },
    );
  }
  const fund = await store.getFund(query.fundId);
  if (!fund) {
    throw new DomainError('fund-not-found', `There is no fund ${query.fundId}.`, {
      fieldErrors: [{ field: 'fundId', detail: 'unknown fund' }],
    });
  }
  await requirePermission(store, actor, 'ledger.read', fund.unitId, fund.name);
  const campaigns = await store.listCampaigns(fund.id);
  if (campaigns.length > REPORT_CAMPAIGNS_MAX) {
    throw new DomainError(
      'report-too-large',
      `${fund.name} has ${campaigns.length} campaigns; report on at most ${REPORT_CAMPAIGNS_MAX} at once (name one with campaignId).`,
    );
  }
  return { fund, campaigns };
}

export async function campaignResult(
  deps: { store: CampaignResultStore; nowMs: () => number },
  actor: Actor,
  query: { campaignId?: string; fundId?: string },
): Promise<CampaignResultReport> {
  const { fund, campaigns } = await campaignsOf(deps.store, actor, query);
  const figures = await deps.store.campaignFigures(campaigns.map((campaign) => campaign.id));
  const today = todayInVietnam(deps.nowMs());
  const results = campaigns.map(
    (campaign): CampaignResult => ({
      campaignId: campaign.id,
      name: campaign.name,
      fundId: fund.id,
      fundName: fund.name,
      unitId: campaign.unitId,
      purpose: campaign.purpose,
      legalBasis: campaign.legalBasis,
      receivingFrom: campaign.receivingFrom,
      receivingTo: campaign.receivingTo,
      distributionDeadline: campaign.distributionDeadline,
      phase: campaignPhase(campaign, today),
      lines: (figures.get(campaign.id) ?? []).map(campaignResultLine),
    }),
  );
  return {
    scope: { campaignId: query.campaignId ?? null, fundId: query.fundId ?? null },
    asOf: today,
    campaigns: results,
    totals: totalsOf(results),
  };
}

function totalsOf(results: readonly CampaignResult[]): CampaignResultReport['totals'] {
  const keys = ['mobilised', 'received', 'receivedInKind', 'distributed', 'remaining'] as const;
  const sums = new Map<CurrencyCode, Record<(typeof keys)[number], bigint>>();
  for (const line of results.flatMap((result) => result.lines)) {
    const sum = sums.get(line.currency) ?? {
      mobilised: 0n,
      received: 0n,
      receivedInKind: 0n,
      distributed: 0n,
      remaining: 0n,
    };
    for (const key of keys) sum[key] += BigInt(line[key]);
    sums.set(line.currency, sum);
  }
  return [...sums].map(([currency, sum]) => ({
    currency,
    mobilised: sum.mobilised.toString(),
    received: sum.received.toString(),
    receivedInKind: sum.receivedInKind.toString(),
    distributed: sum.distributed.toString(),
    remaining: sum.remaining.toString(),
  }));
}

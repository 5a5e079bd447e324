import { todayInVietnam } from '../domain/dates.ts';
import { DomainError } from '../domain/errors.ts';
import type { FundKind } from '../domain/funds.ts';
import type { CurrencyCode } from '../domain/money.ts';
import type { CampaignView } from './campaigns.ts';
import type { PublicRef } from './public-views.ts';
import type { FundView, UnitView } from './views.ts';

/**
 * What the public pages need beyond the public read model (public-funds.ts and its siblings): which
 * years have figures to show, and the name of a fund or campaign for a page's heading. Small reads,
 * one index seek each; nothing private.
 */

/** The first and last day with ledger activity (`YYYY-MM-DD`), or nulls for an empty ledger or fund. */
export interface ActivitySpan {
  first: string | null;
  last: string | null;
}

export interface PublicHomeStore {
  /** Entry dates of the whole ledger. */
  ledgerSpan(): Promise<ActivitySpan>;
  /** Days on which the fund's accounts moved. */
  fundSpan(fundId: string): Promise<ActivitySpan>;
}

export interface PublicYears {
  /** Years that can be shown, newest first: from the first active year to this year (at most YEARS_SHOWN_MAX). */
  years: number[];
  /** The year asked for, else the latest year with activity (this year once it has any). */
  selected: number;
  current: number;
}

export const YEARS_SHOWN_MAX = 10;

export async function publicYears(
  deps: { store: PublicHomeStore; nowMs: () => number },
  scope: { fundId: string } | 'ledger',
  asked?: number,
): Promise<PublicYears> {
  const current = Number(todayInVietnam(deps.nowMs()).slice(0, 4));
  const span = scope === 'ledger' ? await deps.store.ledgerSpan() : await deps.store.fundSpan(scope.fundId);
  const last = Math.min(current, span.last ? Number(span.last.slice(0, 4)) : current);
  const first = Math.max(
    span.first ? Number(span.first.slice(0, 4)) : current,
    current - YEARS_SHOWN_MAX + 1,
  );
  const years: number[] = [];
  for (let year = current; year >= Math.min(first, last); year -= 1) years.push(year);
  const selected = asked ?? last;
  if (!years.includes(selected)) years.push(selected);
  years.sort((left, right) => right - left);
  return { years, selected, current };
}

export interface PublicFundHeader {
  id: string;
  name: string;
  kind: FundKind;
  currency: CurrencyCode;
  unit: PublicRef;
}

export interface PublicHeaderStore {
  getFund(id: string): Promise<FundView | null>;
  getUnit(id: string): Promise<UnitView | null>;
  getCampaign(id: string): Promise<CampaignView | null>;
}

/** A fund's name and unit, for the heading of its sao kê and disbursement pages (404 when unknown). */
export async function publicFundHeader(
  deps: { store: PublicHeaderStore },
  fundId: string,
): Promise<PublicFundHeader> {
  const fund = await deps.store.getFund(fundId);
  const unit = fund ? await deps.store.getUnit(fund.unitId) : null;
  if (!fund || !unit) throw new DomainError('not-found', `There is no fund ${fundId}.`);
  return {
    id: fund.id,
    name: fund.name,
    kind: fund.kind,
    currency: fund.currency,
    unit: { id: unit.id, name: unit.name },
  };
}

export interface PublicCampaignHeader {
  id: string;
  name: string;
  purpose: string;
  receivingFrom: string;
  receivingTo: string;
  distributionDeadline: string;
  fund: PublicFundHeader;
}

/** A campaign's name, windows and fund, for the heading of its sao kê (404 when unknown). */
export async function publicCampaignHeader(
  deps: { store: PublicHeaderStore },
  campaignId: string,
): Promise<PublicCampaignHeader> {
  const campaign = await deps.store.getCampaign(campaignId);
  if (!campaign) throw new DomainError('not-found', `There is no campaign ${campaignId}.`);
  return {
    id: campaign.id,
    name: campaign.name,
    purpose: campaign.purpose,
    receivingFrom: campaign.receivingFrom,
    receivingTo: campaign.receivingTo,
    distributionDeadline: campaign.distributionDeadline,
    fund: await publicFundHeader(deps, campaign.fundId),
  };
}

import type { CurrencyCode } from '../money.ts';

/**
 * Kết quả vận động, tiếp nhận và phân phối (Nghị định 93/2021, art. 13), per campaign and currency:
 * what was **mobilised** (pledged at the launch and after: open and fulfilled pledges — a cancelled one
 * is no longer expected), **received** (valid gifts; goods received in kind shown apart, at the value
 * recorded), **distributed** (disbursements paid for the campaign and not reversed) and **remaining**
 * (money received − distributed). Pledges stay off the ledger (docs/decisions/0004-pledges.md).
 */
export interface CampaignFigures {
  currency: CurrencyCode;
  pledgeCount: number;
  pledgedMinor: bigint;
  giftCount: number;
  /** Money received: every channel but goods. */
  receivedMinor: bigint;
  receivedInKindMinor: bigint;
  disbursementCount: number;
  distributedMinor: bigint;
}

export interface CampaignResultLine {
  currency: CurrencyCode;
  pledgeCount: number;
  mobilised: string;
  giftCount: number;
  received: string;
  receivedInKind: string;
  disbursementCount: number;
  distributed: string;
  remaining: string;
  /** Share of what was pledged that has come in (money and goods), in whole percent; null without pledges. */
  receivedOfMobilisedPercent: number | null;
}

export function campaignResultLine(figures: CampaignFigures): CampaignResultLine {
  const receivedAll = figures.receivedMinor + figures.receivedInKindMinor;
  return {
    currency: figures.currency,
    pledgeCount: figures.pledgeCount,
    mobilised: figures.pledgedMinor.toString(),
    giftCount: figures.giftCount,
    received: figures.receivedMinor.toString(),
    receivedInKind: figures.receivedInKindMinor.toString(),
    disbursementCount: figures.disbursementCount,
    distributed: figures.distributedMinor.toString(),
    remaining: (figures.receivedMinor - figures.distributedMinor).toString(),
    receivedOfMobilisedPercent:
      figures.pledgedMinor > 0n ? Number((receivedAll * 100n) / figures.pledgedMinor) : null,
  };
}

/** Where a campaign stands on a day: before, receiving, distributing (until the deadline), or over. */
export type CampaignPhase = 'not_started' | 'receiving' | 'distributing' | 'ended';

export function campaignPhase(
  window: { receivingFrom: string; receivingTo: string; distributionDeadline: string },
  today: string,
): CampaignPhase {
  if (today < window.receivingFrom) return 'not_started';
  if (today <= window.receivingTo) return 'receiving';
  if (today <= window.distributionDeadline) return 'distributing';
  return 'ended';
}

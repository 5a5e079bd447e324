import { DomainError } from './errors.ts';
import type { CurrencyCode } from './money.ts';

/**
 * Đăng ký ủng hộ: a promise to give, tracked off the ledger (docs/decisions/0004-pledges.md). Gifts
 * fulfil it; it is `fulfilled` once everything pledged was received, and `cancelled` (final) when the
 * donor withdraws.
 */
export const PLEDGE_STATUSES = ['open', 'fulfilled', 'cancelled'] as const;
export type PledgeStatus = (typeof PLEDGE_STATUSES)[number];

/** What a pledge promised and what has come in so far (valid gifts only). */
export interface PledgeTerms {
  id: string;
  fundId: string;
  campaignId: string | null;
  /** The pledging donor, merges followed to the surviving record. */
  donorId: string;
  currency: CurrencyCode;
  amountMinor: bigint;
  receivedMinor: bigint;
  status: PledgeStatus;
}

export interface PledgedGift {
  fundId: string;
  campaignId: string | null;
  /** The giving donor, merges followed to the surviving record. */
  donorId: string;
  currency: CurrencyCode;
  amountMinor: bigint;
}

/** Still expected: nothing for a cancelled pledge, otherwise what was pledged less what was received. */
export function outstandingMinor(
  terms: Pick<PledgeTerms, 'amountMinor' | 'receivedMinor' | 'status'>,
): bigint {
  if (terms.status === 'cancelled') return 0n;
  const rest = terms.amountMinor - terms.receivedMinor;
  return rest > 0n ? rest : 0n;
}

/**
 * Refuses a gift that cannot count towards the pledge: another fund or campaign, a pledge no longer
 * open, another currency or donor, or more than is outstanding.
 */
export function checkPledgedGift(pledge: PledgeTerms, gift: PledgedGift): void {
  if (pledge.fundId !== gift.fundId) {
    throw mismatch('pledgeId', `Pledge ${pledge.id} was made to another fund.`, 'pledge of another fund');
  }
  if (pledge.campaignId !== gift.campaignId) {
    const named = pledge.campaignId ? `campaign ${pledge.campaignId}` : 'the fund, not a campaign';
    throw mismatch('campaignId', `Pledge ${pledge.id} was made to ${named}.`, `must be ${pledge.campaignId}`);
  }
  if (pledge.status !== 'open') {
    throw new DomainError(
      'conflict',
      `Pledge ${pledge.id} is ${pledge.status}: no more gifts count towards it.`,
    );
  }
  if (pledge.currency !== gift.currency) {
    throw mismatch(
      'currency',
      `Pledge ${pledge.id} was made in ${pledge.currency}; this gift is in ${gift.currency}.`,
      `must be ${pledge.currency}`,
    );
  }
  if (pledge.donorId !== gift.donorId) {
    throw mismatch(
      'donor',
      `Pledge ${pledge.id} was made by donor ${pledge.donorId}; record the gift with donor {"id": "${pledge.donorId}"}.`,
      `must be the pledging donor ${pledge.donorId}`,
    );
  }
  const outstanding = outstandingMinor(pledge);
  if (gift.amountMinor > outstanding) {
    throw new DomainError(
      'pledge-exceeded',
      `Pledge ${pledge.id} has ${outstanding} ${pledge.currency} outstanding (${pledge.amountMinor} pledged, ${pledge.receivedMinor} received); this gift of ${gift.amountMinor} would exceed it. Record the difference as a gift without pledgeId.`,
      {
        fieldErrors: [{ field: 'amount', detail: `at most ${outstanding} is outstanding on the pledge` }],
        extra: { outstanding: outstanding.toString(), currency: pledge.currency },
      },
    );
  }
}

function mismatch(field: string, detail: string, fieldDetail: string): DomainError {
  return new DomainError('validation-failed', detail, { fieldErrors: [{ field, detail: fieldDetail }] });
}

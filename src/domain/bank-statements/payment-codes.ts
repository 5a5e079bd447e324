import { PAYMENT_CODE_SEQUENCE_DIGITS_MIN } from '../limits.ts';
import { foldKeepingCase } from './memo.ts';

/**
 * Campaign payment codes (`<prefix> D<sequence>`, src/capabilities/campaign-vietqr.ts) found in free text:
 * the memo an accountant typed on a gift, its bank reference, or a statement line's memo. Bank apps strip
 * accents, change case and eat or add separators, so the prefix, the "D" and the digits may be joined by
 * anything that is not a letter or a digit ("yagi d000042", "YAGI-D-42", "YAGID000042"); leading zeros are
 * not significant.
 */

export interface CampaignCode {
  campaignId: string;
  /** The campaign's payment-code prefix, e.g. "YAGI". */
  prefix: string;
}

export interface FoundPaymentCode {
  campaignId: string;
  /** As the QR writes it: "YAGI D000042". */
  code: string;
  sequence: number;
}

function pattern(prefix: string): RegExp {
  // A prefix of two characters could sit inside any word: it must start one.
  const boundary = prefix.length < 3 ? '(?<![A-Z0-9])' : '';
  return new RegExp(`${boundary}${prefix}[^A-Z0-9]*D[^A-Z0-9]*([0-9]{1,9})(?![0-9])`, 'g');
}

/** The first payment code of one of the campaigns in the text, or null. */
export function findPaymentCode(
  text: string | null,
  campaigns: readonly CampaignCode[],
): FoundPaymentCode | null {
  if (text === null || text === '') return null;
  const folded = foldKeepingCase(text).toUpperCase();
  let best: (FoundPaymentCode & { at: number }) | null = null;
  for (const campaign of campaigns) {
    const match = pattern(campaign.prefix).exec(folded);
    if (match === null || (best !== null && best.at <= match.index)) continue;
    const sequence = Number(match[1]);
    const digits = String(sequence).padStart(PAYMENT_CODE_SEQUENCE_DIGITS_MIN, '0');
    best = {
      campaignId: campaign.campaignId,
      code: `${campaign.prefix} D${digits}`,
      sequence,
      at: match.index,
    };
  }
  if (best === null) return null;
  const { at: _at, ...found } = best;
  return found;
}

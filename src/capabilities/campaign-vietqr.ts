import type { Actor } from '../domain/access.ts';
import { bankByBin } from '../domain/banks.ts';
import { DomainError } from '../domain/errors.ts';
import { buildVietQrPayload, paymentCode } from '../domain/vietqr.ts';
import { type CampaignStore, type CampaignView, getCampaign } from './campaigns.ts';

export interface CampaignVietQrStore extends CampaignStore {
  /** Donations recorded for the campaign so far, valid or void. */
  countCampaignDonations(campaignId: string): Promise<number>;
}

export interface CampaignVietQr {
  campaignId: string;
  /** The EMVCo/VietQR text a banking app reads. */
  payload: string;
  /** The payment code put in the transfer memo (field 62/08), e.g. "YAGI D000042". */
  memo: string;
  sequence: number;
  /** Whole đồng, or null for a QR where the donor types the amount. */
  amount: string | null;
  bank: { bin: string; shortName: string | null; accountNo: string; holder: string };
}

/**
 * The payment code of a campaign's transfer memo: "<prefix> D<sequence, 6 digits or more>". The " D"
 * (đóng góp) keeps the digits apart from a prefix that itself ends in a digit ("LC2024 D000001"), so a
 * statement line's memo can be read back unambiguously as campaign + sequence.
 */
export function campaignPaymentCode(prefix: string, sequence: number): string {
  return paymentCode(`${prefix} D`, sequence);
}

/** The request's names for the fields the payload builder checks. */
const API_FIELDS: Record<string, string> = {
  bin: 'bankAccount.bin',
  accountNumber: 'bankAccount.accountNo',
  amountVnd: 'amount',
  memo: 'seq',
};

function payloadFor(
  campaign: CampaignView,
  account: NonNullable<CampaignView['bankAccount']>,
  memo: string,
  amountVnd: bigint | undefined,
): string {
  try {
    return buildVietQrPayload({
      bin: account.bin,
      accountNumber: account.accountNo,
      memo,
      ...(amountVnd === undefined ? {} : { amountVnd }),
    });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const fieldErrors = error.fieldErrors.map((fieldError) => ({
      ...fieldError,
      field: API_FIELDS[fieldError.field] ?? fieldError.field,
    }));
    const named = fieldErrors.map((fieldError) => `${fieldError.field} ${fieldError.detail}`).join('; ');
    throw new DomainError('validation-failed', `No VietQR for campaign "${campaign.name}": ${named}.`, {
      fieldErrors,
    });
  }
}

/**
 * A VietQR for a transfer to the campaign's dedicated account. The memo carries a payment code so the
 * statement line can be matched back: with `sequence` (a pledge or list number the caller keeps) or,
 * without one, the number the campaign's next donation would have (donations so far + 1).
 */
export async function campaignVietQr(
  deps: { store: CampaignVietQrStore },
  actor: Actor,
  input: { campaignId: string; amountVnd?: bigint; sequence?: number },
): Promise<CampaignVietQr> {
  const campaign = await getCampaign(deps, actor, input.campaignId);
  const account = campaign.bankAccount;
  if (!account) {
    throw new DomainError(
      'validation-failed',
      `Campaign "${campaign.name}" has no bank account, so there is nothing to transfer to.`,
      { fieldErrors: [{ field: 'bankAccount', detail: 'the campaign has no bank account' }] },
    );
  }
  const sequence = input.sequence ?? (await deps.store.countCampaignDonations(campaign.id)) + 1;
  const memo = campaignPaymentCode(campaign.paymentCodePrefix, sequence);
  const payload = payloadFor(campaign, account, memo, input.amountVnd);
  return {
    campaignId: campaign.id,
    payload,
    memo,
    sequence,
    amount: input.amountVnd?.toString() ?? null,
    bank: {
      bin: account.bin,
      shortName: bankByBin(account.bin)?.shortName ?? null,
      accountNo: account.accountNo,
      holder: account.holder,
    },
  };
}

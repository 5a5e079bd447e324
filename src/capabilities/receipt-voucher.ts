import type { Actor } from '../domain/access.ts';
import { disclosedDonorName } from '../domain/donations.ts';
import { assert } from '../domain/errors.ts';
import { type DonationStore, type DonationView, getReceipt } from './donations.ts';

/**
 * What a printed receipt (phiếu thu / biên nhận) shows: the voucher fields of Luật Kế toán 2015 art. 16
 * — issuer, number, date, payer, description, amount — and nothing private. The donor is named only when
 * they chose public disclosure; their address and contact never reach the page.
 */
export interface ReceiptVoucher {
  receiptNo: string;
  status: DonationView['status'];
  voidReason: string | null;
  date: string;
  issuingUnit: { name: string; code: string };
  fundName: string;
  campaignName: string | null;
  /** The donor's name, or the anonymous label when they did not choose `public`. */
  payerName: string;
  amount: string;
  currency: DonationView['currency'];
  channel: DonationView['channel'];
  bankRef: string | null;
  earmark: DonationView['earmark'];
  inKind: DonationView['inKind'];
}

/** The receipt as a voucher, for staff who may read the issuing unit's books (same rule as its JSON). */
export async function getReceiptVoucher(
  deps: { store: DonationStore },
  actor: Actor,
  receiptNo: string,
): Promise<ReceiptVoucher> {
  const donation = await getReceipt(deps, actor, receiptNo);
  const [unit, fund, campaign] = await Promise.all([
    deps.store.getUnit(donation.unitId),
    deps.store.getFund(donation.fundId),
    donation.campaignId ? deps.store.getCampaign(donation.campaignId) : Promise.resolve(null),
  ]);
  assert(unit && fund, 'a donation has its unit and fund');
  return {
    receiptNo: donation.receiptNo,
    status: donation.status,
    voidReason: donation.voidReason,
    date: donation.receivedOn,
    issuingUnit: { name: unit.name, code: unit.code },
    fundName: fund.name,
    campaignName: campaign?.name ?? null,
    payerName: disclosedDonorName(donation.disclosure, donation.donor.name),
    amount: donation.amount,
    currency: donation.currency,
    channel: donation.channel,
    bankRef: donation.bankRef,
    earmark: donation.earmark,
    inKind: donation.inKind,
  };
}

import { Hono } from 'hono';
import { getReceipt } from '../../capabilities/donations.ts';
import { amountInWords } from '../../domain/amount-words.ts';
import type { AppEnv } from '../env.ts';

/** A receipt is the donation seen as a voucher: amount in figures and in words, status valid or void. */
export const receiptRoutes = new Hono<AppEnv>().get('/:receiptNo', async (c) => {
  const donation = await getReceipt(c.var.deps, c.var.actor, c.req.param('receiptNo'));
  return c.json({
    receiptNo: donation.receiptNo,
    status: donation.status,
    donationId: donation.id,
    issuingUnitId: donation.unitId,
    date: donation.receivedOn,
    donor: donation.donor,
    disclosure: donation.disclosure,
    amount: donation.amount,
    currency: donation.currency,
    amountInWords: donation.currency === 'VND' ? amountInWords(BigInt(donation.amount)) : null,
    channel: donation.channel,
    earmark: donation.earmark,
    inKind: donation.inKind,
    voidReason: donation.voidReason,
  });
});

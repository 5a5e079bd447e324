import { CATEGORY_LABELS_VI, type DisbursementCategory } from '../domain/disbursements.ts';
import type { DonationStatus } from '../domain/donations.ts';
import { DomainError } from '../domain/errors.ts';
import { PUBLIC_TRACE_GIFTS_MAX } from '../domain/limits.ts';
import type { PublicDonationView, PublicGiftRow } from './public-donations.ts';
import { publicDonationView } from './public-donations.ts';
import type { PublicHandoverView, PublicRef } from './public-views.ts';
import type { TracedUse } from './trace.ts';

/**
 * "Where did my money go": a gift found by its receipt number or its bank reference, and what its
 * money paid for — disbursements (with the project, the beneficiary's public alias and village, the
 * approval decision) and the handover of the house it helped build — followed through transfers to
 * other funds and levels. Read from the stored allocations (docs/decisions/0005-allocations.md), as
 * the staff trace is (`usesOfDonation`), and shown through the public allow-lists.
 */
export interface PublicTraceView {
  /** One gift for a receipt number; for a bank reference, each gift recorded with it (one per fund). */
  gifts: PublicGiftTrace[];
}

export interface PublicGiftTrace {
  gift: PublicDonationView & { status: DonationStatus; fund: PublicRef; unit: PublicRef };
  /** In-kind gifts are goods: they are not traced through cash. */
  traced: boolean;
  /** What the gift paid for, oldest first. */
  uses: PublicTraceUse[];
  /** Money of the gift passed on to another fund or level. */
  transfers: { from: PublicRef; to: PublicRef; amount: string; date: string }[];
  /** Not spent yet (0 for a voided gift). */
  unallocated: string;
}

export interface PublicTraceUse {
  kind: 'disbursement' | 'other';
  fund: PublicRef;
  amount: string;
  date: string;
  disbursement: {
    id: string;
    category: DisbursementCategory | null;
    categoryLabel: string | null;
    decisionNo: string | null;
    beneficiaryAlias: string | null;
    village: string | null;
  } | null;
  project: {
    id: string;
    name: string;
    status: string;
    village: string | null;
    handover: PublicHandoverView | null;
  } | null;
}

export interface PublicTraceGift {
  donationId: string;
  status: DonationStatus;
  inKind: boolean;
  fundId: string;
  unitId: string;
  row: PublicGiftRow;
}

export interface PublicTraceStore {
  giftByReceipt(receiptNo: string): Promise<PublicTraceGift | null>;
  giftsByBankRef(bankRef: string, limit: number): Promise<PublicTraceGift[]>;
  usesOfDonation(donationId: string): Promise<TracedUse[]>;
  unallocatedOfDonation(donationId: string): Promise<bigint>;
  fundNames(ids: string[]): Promise<Map<string, string>>;
  unitNames(ids: string[]): Promise<Map<string, string>>;
  transferEnds(ids: string[]): Promise<Map<string, { fromFundId: string; toFundId: string }>>;
  /** Public facts of the disbursements and projects a trace reaches. */
  traceTargets(disbursementIds: string[]): Promise<
    Map<
      string,
      {
        decisionNo: string | null;
        beneficiaryAlias: string | null;
        village: string | null;
        project: { id: string; name: string; status: string; village: string | null } | null;
        handover: PublicHandoverView | null;
      }
    >
  >;
}

export async function publicTrace(
  deps: { store: PublicTraceStore },
  query: { receipt: string } | { bankRef: string },
): Promise<PublicTraceView> {
  const gifts =
    'receipt' in query
      ? [await deps.store.giftByReceipt(query.receipt.trim())].filter((gift) => gift !== null)
      : await deps.store.giftsByBankRef(query.bankRef.trim(), PUBLIC_TRACE_GIFTS_MAX);
  if (gifts.length === 0) {
    throw new DomainError(
      'not-found',
      'receipt' in query
        ? `There is no receipt ${query.receipt}.`
        : `No gift was recorded with the bank reference ${query.bankRef}.`,
    );
  }
  const traces: PublicGiftTrace[] = [];
  for (const gift of gifts) traces.push(await traceOf(deps.store, gift));
  return { gifts: traces };
}

async function traceOf(store: PublicTraceStore, gift: PublicTraceGift): Promise<PublicGiftTrace> {
  const uses = gift.status === 'valid' ? await store.usesOfDonation(gift.donationId) : [];
  const transferIds = uses.flatMap((use) =>
    use.useKind === 'transfer' && use.transferId ? [use.transferId] : [],
  );
  const ends = await store.transferEnds(transferIds);
  const fundIds = new Set([gift.fundId, ...uses.map((use) => use.fundId)]);
  for (const end of ends.values()) fundIds.add(end.toFundId);
  const funds = await store.fundNames([...fundIds]);
  const units = await store.unitNames([gift.unitId]);
  const targets = await store.traceTargets(
    uses.flatMap((use) => (use.useKind === 'disbursement' && use.disbursementId ? [use.disbursementId] : [])),
  );
  const fund = (id: string): PublicRef => ({ id, name: funds.get(id) ?? id });
  const traced = !gift.inKind;
  return {
    gift: {
      ...publicDonationView(gift.row),
      status: gift.status,
      fund: fund(gift.fundId),
      unit: { id: gift.unitId, name: units.get(gift.unitId) ?? gift.unitId },
    },
    traced,
    uses: uses
      .filter((use) => use.useKind !== 'transfer')
      .map((use) => {
        const target = use.disbursementId ? targets.get(use.disbursementId) : undefined;
        return {
          kind: use.useKind === 'disbursement' ? 'disbursement' : 'other',
          fund: fund(use.fundId),
          amount: use.amountMinor.toString(),
          date: use.date,
          disbursement:
            use.disbursementId && target
              ? {
                  id: use.disbursementId,
                  category: use.category,
                  categoryLabel: use.category ? (CATEGORY_LABELS_VI[use.category] ?? use.category) : null,
                  decisionNo: target.decisionNo,
                  beneficiaryAlias: target.beneficiaryAlias,
                  village: target.village,
                }
              : null,
          project: target?.project ? { ...target.project, handover: target.handover } : null,
        };
      }),
    transfers: uses.flatMap((use) => {
      const end = use.transferId ? ends.get(use.transferId) : undefined;
      if (use.useKind !== 'transfer' || !end) return [];
      return [
        {
          from: fund(end.fromFundId),
          to: fund(end.toFundId),
          amount: use.amountMinor.toString(),
          date: use.date,
        },
      ];
    }),
    unallocated:
      gift.status !== 'valid'
        ? '0'
        : traced
          ? (await store.unallocatedOfDonation(gift.donationId)).toString()
          : gift.row.amountMinor.toString(),
  };
}

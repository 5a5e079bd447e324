import type { Actor } from '../domain/access.ts';
import type { DisbursementCategory } from '../domain/disbursements.ts';
import { type Disclosure, disclosedDonorName } from '../domain/donations.ts';
import { DomainError } from '../domain/errors.ts';
import { type AuthorizeStore, requirePermission } from './authorize.ts';
import { type DonationView, getDonation } from './donations.ts';

/**
 * Where a gift went (forward) and what paid for a project (backward), read from the stored allocations.
 * Transfers are followed: money a gift sent to another fund is traced to what that fund paid with it.
 */
export interface TracedUse {
  useKind: 'disbursement' | 'transfer' | 'other';
  disbursementId: string | null;
  transferId: string | null;
  entryId: string;
  fundId: string;
  amountMinor: bigint;
  projectId: string | null;
  beneficiaryId: string | null;
  category: DisbursementCategory | null;
  purpose: string | null;
  date: string;
}

export interface TraceSourceRow {
  kind: 'donation' | 'transfer' | 'other';
  donationId: string | null;
  /** The fund the money was first received in. */
  fundId: string;
  label: string;
  amountMinor: bigint;
  receiptNo: string | null;
  receivedOn: string | null;
  disclosure: Disclosure | null;
  donorName: string | null;
}

export interface TraceStore extends AuthorizeStore {
  getDonation(id: string): Promise<DonationView | null>;
  getDonationByReceipt(receiptNo: string): Promise<DonationView | null>;
  usesOfDonation(donationId: string): Promise<TracedUse[]>;
  unallocatedOfDonation(donationId: string): Promise<bigint>;
  projectFacts(id: string): Promise<{ id: string; unitId: string; name: string } | null>;
  sourcesOfProject(projectId: string): Promise<TraceSourceRow[]>;
}

export interface DonationTrace {
  donation: DonationView;
  /** What the gift paid for: disbursements, and other outflows (`kind: other`), oldest first. */
  allocations: {
    kind: 'disbursement' | 'other';
    disbursementId: string | null;
    projectId: string | null;
    beneficiaryId: string | null;
    category: DisbursementCategory | null;
    purpose: string | null;
    fundId: string;
    entryId: string;
    amount: string;
    paidOn: string;
  }[];
  /** Money of the gift passed on to other funds (its further uses are in `allocations`). */
  transfers: { transferId: string; fromFundId: string; amount: string; date: string }[];
  /** Not spent yet (in the fund, or in a fund it was transferred to); 0 for a voided gift. */
  unallocated: string;
  /** In-kind gifts are goods, not money: they are not traced through cash. */
  traced: boolean;
}

export async function traceDonation(
  deps: { store: TraceStore },
  actor: Actor,
  id: string,
): Promise<DonationTrace> {
  return traceOf(deps, await getDonation(deps, actor, id));
}

export async function traceReceipt(
  deps: { store: TraceStore },
  actor: Actor,
  receiptNo: string,
): Promise<DonationTrace> {
  const donation = await deps.store.getDonationByReceipt(receiptNo);
  if (!donation) throw new DomainError('not-found', `There is no receipt ${receiptNo}.`);
  return traceOf(deps, await getDonation(deps, actor, donation.id));
}

async function traceOf(deps: { store: TraceStore }, donation: DonationView): Promise<DonationTrace> {
  const uses = await deps.store.usesOfDonation(donation.id);
  const traced = donation.inKind === null;
  return {
    donation,
    allocations: uses
      .filter((use) => use.useKind !== 'transfer')
      .map((use) => ({
        kind: use.useKind === 'disbursement' ? 'disbursement' : 'other',
        disbursementId: use.disbursementId,
        projectId: use.projectId,
        beneficiaryId: use.beneficiaryId,
        category: use.category,
        purpose: use.purpose,
        fundId: use.fundId,
        entryId: use.entryId,
        amount: use.amountMinor.toString(),
        paidOn: use.date,
      })),
    transfers: uses
      .filter((use) => use.useKind === 'transfer' && use.transferId !== null)
      .map((use) => ({
        transferId: use.transferId as string,
        fromFundId: use.fundId,
        amount: use.amountMinor.toString(),
        date: use.date,
      })),
    unallocated: traced
      ? (await deps.store.unallocatedOfDonation(donation.id)).toString()
      : donation.status === 'valid'
        ? donation.amount
        : '0',
    traced,
  };
}

export interface ProjectSources {
  projectId: string;
  sources: {
    source: 'donation' | 'fund' | 'opening';
    donationId: string | null;
    receiptNo: string | null;
    receivedOn: string | null;
    /** The donor as disclosed: anonymous and on-request donors are never named here. */
    donor: string | null;
    fundId: string;
    label: string | null;
    amount: string;
  }[];
}

/** The gifts (and other money) that paid a project's disbursements, as stored by the allocations. */
export async function projectSources(
  deps: { store: TraceStore },
  actor: Actor,
  projectId: string,
): Promise<ProjectSources> {
  const project = await deps.store.projectFacts(projectId);
  if (!project) throw new DomainError('not-found', `There is no project ${projectId}.`);
  try {
    await requirePermission(deps.store, actor, 'ledger.read', project.unitId);
  } catch {
    throw new DomainError('not-found', `There is no project ${projectId}.`);
  }
  const rows = await deps.store.sourcesOfProject(projectId);
  return {
    projectId,
    sources: rows.map((row) => {
      const isGift = row.donationId !== null;
      return {
        source: isGift ? 'donation' : row.kind === 'transfer' ? 'fund' : 'opening',
        donationId: row.donationId,
        receiptNo: row.receiptNo,
        receivedOn: row.receivedOn,
        donor:
          isGift && row.disclosure && row.donorName
            ? disclosedDonorName(row.disclosure, row.donorName)
            : null,
        fundId: row.fundId,
        label: isGift ? null : row.label,
        amount: row.amountMinor.toString(),
      };
    }),
  };
}

import { type Disclosure, disclosedDonorName } from '../domain/donations.ts';
import { DomainError } from '../domain/errors.ts';
import type { CurrencyCode } from '../domain/money.ts';
import type {
  EvidenceKind,
  MilestoneKind,
  ProjectKind,
  ProjectStatus,
  SponsorKind,
} from '../domain/projects.ts';
import type { CampaignView } from './campaigns.ts';
import type { ProjectParts, ProjectView } from './projects.ts';
import {
  type PublicDisbursementStore,
  type PublicDisbursementView,
  publicDisbursementView,
} from './public-disbursements.ts';
import type { PublicHandoverView, PublicRef } from './public-views.ts';
import type { TraceSourceRow } from './trace.ts';
import type { UnitView } from './views.ts';

/**
 * A project's public page: a charity house or a programme, with its beneficiary's public alias and
 * village only, its budget and co-funders, the gifts and funds that paid for it (donors as disclosed:
 * the same sources as GET /projects/:id/sources), its milestones, the handover, the evidence its unit
 * marked public, and its paid disbursements.
 */
export interface PublicProjectView {
  id: string;
  name: string;
  kind: ProjectKind;
  status: ProjectStatus;
  village: string | null;
  budget: string;
  currency: CurrencyCode;
  /** Paid (unreversed) disbursements of the project, summed. */
  paid: string;
  unit: PublicRef;
  fund: PublicRef;
  campaign: PublicRef | null;
  beneficiary: { publicAlias: string; village: string } | null;
  sponsors: { kind: SponsorKind; name: string; amount: string; note: string | null }[];
  sources: PublicProjectSource[];
  milestones: { kind: MilestoneKind; date: string; note: string | null }[];
  handover: PublicHandoverView | null;
  evidence: PublicEvidenceView[];
  disbursements: PublicDisbursementView[];
}

export interface PublicProjectSource {
  source: 'donation' | 'fund' | 'opening';
  receiptNo: string | null;
  receivedOn: string | null;
  /** The donor as disclosed ("Nhà hảo tâm ẩn danh" unless they chose to be named); null for fund money. */
  donor: string | null;
  /** The fund the money was first received in. */
  fund: PublicRef;
  /** For money that was not a gift: "Số dư đầu kỳ" (opening balance) or "Nguồn khác của quỹ". */
  label: string | null;
  amount: string;
}

export interface PublicEvidenceView {
  id: string;
  kind: EvidenceKind;
  title: string;
  documentNo: string | null;
  url: string | null;
  sha256: string | null;
  contentType: string | null;
  sizeBytes: number | null;
  /** Where to download the stored file (public), or null for a link. */
  fileUrl: string | null;
}

export interface PublicProjectStore extends PublicDisbursementStore {
  getProject(id: string): Promise<ProjectView | null>;
  projectParts(id: string): Promise<ProjectParts>;
  /** Only what a public page may show of a beneficiary. */
  beneficiaryAlias(id: string): Promise<{ publicAlias: string; village: string } | null>;
  getUnit(id: string): Promise<UnitView | null>;
  getCampaign(id: string): Promise<CampaignView | null>;
  fundNames(ids: string[]): Promise<Map<string, string>>;
  sourcesOfProject(projectId: string): Promise<TraceSourceRow[]>;
  /** A stored evidence file of the project, only if its unit marked it public. */
  publicEvidenceFile(
    projectId: string,
    evidenceId: string,
  ): Promise<{ contentType: string; sha256: string; content: Uint8Array<ArrayBuffer> } | null>;
}

export const OPENING_SOURCE_LABEL = 'Số dư đầu kỳ';
export const OTHER_SOURCE_LABEL = 'Nguồn khác của quỹ';

export async function publicProject(
  deps: { store: PublicProjectStore },
  id: string,
): Promise<PublicProjectView> {
  const { store } = deps;
  const project = await store.getProject(id);
  if (!project) throw new DomainError('not-found', `There is no project ${id}.`);
  const [unit, fund, parts, sources] = [
    await store.getUnit(project.unitId),
    await store.getFund(project.fundId),
    await store.projectParts(project.id),
    await store.sourcesOfProject(project.id),
  ];
  const campaign = project.campaignId ? await store.getCampaign(project.campaignId) : null;
  const beneficiary = project.beneficiaryId ? await store.beneficiaryAlias(project.beneficiaryId) : null;
  const fundNames = await store.fundNames([...new Set(sources.map((row) => row.fundId))]);
  const disbursements = (
    await store.publicDisbursements({
      fundId: null,
      projectId: project.id,
      from: null,
      to: null,
      category: null,
      campaignId: null,
      after: null,
      limit: 1_000,
    })
  ).map(publicDisbursementView);
  return {
    id: project.id,
    name: project.name,
    kind: project.kind,
    status: project.status,
    village: project.village,
    budget: project.budget,
    currency: project.currency,
    paid: disbursements.reduce((sum, row) => sum + BigInt(row.amount), 0n).toString(),
    unit: { id: project.unitId, name: unit?.name ?? project.unitId },
    fund: { id: project.fundId, name: fund?.name ?? project.fundId },
    campaign: campaign ? { id: campaign.id, name: campaign.name } : null,
    beneficiary,
    sponsors: parts.sponsors.map((sponsor) => ({
      kind: sponsor.kind,
      name: sponsor.name,
      amount: sponsor.amount,
      note: sponsor.note,
    })),
    sources: sources.map((row) => publicSource(row, fundNames)),
    milestones: parts.milestones.map((milestone) => ({
      kind: milestone.kind,
      date: milestone.date,
      note: milestone.note,
    })),
    handover: parts.handover
      ? {
          date: parts.handover.date,
          place: parts.handover.place,
          handedOverBy: parts.handover.handedOverBy,
          minutesNo: parts.handover.minutesNo,
        }
      : null,
    evidence: parts.evidence
      .filter((item) => item.isPublic)
      .map((item) => ({
        id: item.id,
        kind: item.kind,
        title: item.title,
        documentNo: item.documentNo,
        url: item.url,
        sha256: item.sha256,
        contentType: item.contentType,
        sizeBytes: item.sizeBytes,
        fileUrl: item.hasFile ? `/api/v1/public/projects/${project.id}/evidence/${item.id}` : null,
      })),
    disbursements,
  };
}

function publicSource(row: TraceSourceRow, fundNames: Map<string, string>): PublicProjectSource {
  const isGift = row.donationId !== null;
  return {
    source: isGift ? 'donation' : row.kind === 'transfer' ? 'fund' : 'opening',
    receiptNo: isGift ? row.receiptNo : null,
    receivedOn: row.receivedOn,
    donor:
      isGift && row.donorName !== null
        ? disclosedDonorName(row.disclosure as Disclosure, row.donorName)
        : null,
    fund: { id: row.fundId, name: fundNames.get(row.fundId) ?? row.fundId },
    // A non-gift source's stored label is an entry's description (text for the books): never shown.
    label: isGift ? null : row.label === 'opening balance' ? OPENING_SOURCE_LABEL : OTHER_SOURCE_LABEL,
    amount: row.amountMinor.toString(),
  };
}

/** A public evidence file of a project (404 for one its unit did not mark public). */
export async function publicEvidenceFile(
  deps: { store: PublicProjectStore },
  projectId: string,
  evidenceId: string,
): Promise<{ contentType: string; sha256: string; content: Uint8Array<ArrayBuffer> }> {
  const file = await deps.store.publicEvidenceFile(projectId, evidenceId);
  if (!file) throw new DomainError('not-found', `Project ${projectId} has no public file ${evidenceId}.`);
  return file;
}

import type { Actor, Permission } from '../domain/access.ts';
import { DomainError, type FieldError } from '../domain/errors.ts';
import { idSequence, newId } from '../domain/ids.ts';
import type { CurrencyCode } from '../domain/money.ts';
import type {
  EvidenceKind,
  MilestoneKind,
  ProjectKind,
  ProjectStatus,
  SponsorKind,
} from '../domain/projects.ts';
import { type AuthorizeStore, requirePermission, visibleRoots } from './authorize.ts';
import type { BeneficiaryRecord } from './beneficiaries.ts';
import type { CampaignView } from './campaigns.ts';
import type { WriteContext, WriteExtras } from './context.ts';
import { decodeCursor, pageOf, pageSize } from './cursor.ts';
import { type IdempotencyStore, idempotentWrite, type WriteOutcome } from './idempotency.ts';
import type { FundView, Page, UnitView } from './views.ts';

/**
 * Projects (a nhà Đại đoàn kết, a nhà tình nghĩa, a livelihood or scholarship programme): recorded by
 * accountants in their units against a fund of the unit or of a unit above it. Co-funding sources are
 * information for the public page; money moves only through disbursements.
 */
export interface ProjectView {
  id: string;
  unitId: string;
  fundId: string;
  campaignId: string | null;
  kind: ProjectKind;
  name: string;
  beneficiaryId: string | null;
  village: string | null;
  budget: string;
  currency: CurrencyCode;
  status: ProjectStatus;
  createdAt: string;
  updatedAt: string;
}

export interface SponsorView {
  id: string;
  kind: SponsorKind;
  fundId: string | null;
  name: string;
  /** In the project's currency; the household's own contribution is information only. */
  amount: string;
  note: string | null;
}

export interface MilestoneView {
  id: string;
  projectId: string;
  kind: MilestoneKind;
  date: string;
  note: string | null;
  createdAt: string;
}

/** Evidence metadata; a stored file is fetched on its own (`hasFile`), a link is `url`. */
export interface EvidenceView {
  id: string;
  projectId: string;
  kind: EvidenceKind;
  title: string;
  documentNo: string | null;
  url: string | null;
  /** Lower-case hex SHA-256 of the stored file, or the checksum the client gave for a link. */
  sha256: string | null;
  contentType: string | null;
  sizeBytes: number | null;
  hasFile: boolean;
  isPublic: boolean;
  createdAt: string;
}

/** Evidence as written: its metadata and, for a file, the bytes. */
export interface NewEvidence {
  view: EvidenceView;
  content: Uint8Array<ArrayBuffer> | null;
}

/**
 * A move along the lifecycle with the milestone it records. The store writes it only if the project is
 * still in `from` (another writer may have moved it since it was read).
 */
export interface ProjectStatusChange {
  projectId: string;
  from: ProjectStatus;
  to: ProjectStatus;
  updatedAtMs: number;
  milestone: MilestoneView;
  /** The decision named with the change (its number), kept as evidence. */
  evidence: NewEvidence | null;
}

/** Bàn giao: one per project. */
export interface HandoverView {
  projectId: string;
  date: string;
  place: string;
  handedOverBy: string;
  receivedBy: string;
  minutesNo: string;
  createdAt: string;
}

export interface ProjectParts {
  sponsors: SponsorView[];
  milestones: MilestoneView[];
  evidence: EvidenceView[];
  handover: HandoverView | null;
}

export interface ProjectDetailView extends ProjectView, ProjectParts {
  /** The household or person helped, as public pages name them. */
  beneficiary: { id: string; publicAlias: string } | null;
}

/** What every project use case reads; each writer adds its own write. */
export interface ProjectReadStore extends AuthorizeStore {
  getProject(id: string): Promise<ProjectView | null>;
  /** Sponsors in order given, milestones by date, evidence in order added, and the handover. */
  projectParts(id: string): Promise<ProjectParts>;
  getBeneficiary(id: string): Promise<BeneficiaryRecord | null>;
}

export interface ProjectCatalogStore extends ProjectReadStore, IdempotencyStore {
  getUnit(id: string): Promise<UnitView | null>;
  getFund(id: string): Promise<FundView | null>;
  getCampaign(id: string): Promise<CampaignView | null>;
  insertProject(project: ProjectView, sponsors: SponsorView[], extras: WriteExtras): Promise<void>;
  listProjects(query: {
    fundId: string | null;
    unitId: string | null;
    status: ProjectStatus | null;
    roots: string[] | null;
    afterId: string | null;
    limit: number;
  }): Promise<ProjectView[]>;
}

export interface CreateProjectInput {
  unitId: string;
  fundId: string;
  campaignId?: string | null;
  kind: ProjectKind;
  name: string;
  beneficiaryId?: string | null;
  village?: string | null;
  budget: bigint;
  status?: 'proposed' | 'approved' | 'under_construction';
  sponsors?: {
    kind: SponsorKind;
    fundId?: string | null;
    name: string;
    amount: bigint;
    note?: string | null;
  }[];
}

export async function createProject(
  deps: { store: ProjectCatalogStore; nowMs: () => number },
  context: WriteContext,
  input: CreateProjectInput,
): Promise<WriteOutcome<ProjectDetailView>> {
  return idempotentWrite(deps.store, context, deps.nowMs, async (seal) => {
    const { store } = deps;
    const unit = await store.getUnit(input.unitId);
    if (!unit) throw invalid('unit-not-found', 'unitId', 'unknown unit', `There is no unit ${input.unitId}.`);
    await requirePermission(store, context.actor, 'ledger.record', unit.id, unit.name);
    const fund = await fundForUnit(store, context.actor, input.fundId, unit);
    if (input.campaignId) {
      const campaign = await store.getCampaign(input.campaignId);
      if (!campaign || campaign.fundId !== fund.id) {
        throw invalid(
          'validation-failed',
          'campaignId',
          'unknown campaign for this fund',
          `Fund ${fund.name} has no campaign ${input.campaignId}.`,
        );
      }
    }
    const beneficiary = input.beneficiaryId
      ? await beneficiaryForUnit(store, context.actor, input.beneficiaryId, unit)
      : null;
    const nowMs = deps.nowMs();
    const sponsors = await sponsorsOf(store, input.sponsors ?? [], idSequence(nowMs));
    const at = new Date(nowMs).toISOString();
    const project: ProjectView = {
      id: newId(nowMs),
      unitId: unit.id,
      fundId: fund.id,
      campaignId: input.campaignId ?? null,
      kind: input.kind,
      name: input.name,
      beneficiaryId: beneficiary?.id ?? null,
      village: input.village ?? beneficiary?.village ?? null,
      budget: input.budget.toString(),
      currency: fund.currency,
      status: input.status ?? 'proposed',
      createdAt: at,
      updatedAt: at,
    };
    const detail: ProjectDetailView = {
      ...project,
      beneficiary: beneficiary ? { id: beneficiary.id, publicAlias: beneficiary.publicAlias } : null,
      sponsors,
      milestones: [],
      evidence: [],
      handover: null,
    };
    await store.insertProject(project, sponsors, seal(detail, unit.id));
    return detail;
  });
}

/** One project with its sponsors, milestones, evidence metadata and handover. */
export async function readProject(
  deps: { store: ProjectReadStore },
  actor: Actor,
  id: string,
): Promise<ProjectDetailView> {
  const project = await projectFor(deps.store, actor, id, 'ledger.read');
  return projectDetail(deps.store, project);
}

export async function listProjects(
  deps: { store: ProjectCatalogStore },
  actor: Actor,
  query: { fundId?: string; unitId?: string; status?: ProjectStatus; cursor?: string; limit?: number },
): Promise<Page<ProjectView>> {
  if (query.unitId) await requirePermission(deps.store, actor, 'ledger.read', query.unitId);
  const limit = pageSize(query.limit);
  const after = query.cursor ? decodeCursor(query.cursor, 1) : null;
  const rows = await deps.store.listProjects({
    fundId: query.fundId ?? null,
    unitId: query.unitId ?? null,
    status: query.status ?? null,
    roots: visibleRoots(actor, 'ledger.read'),
    afterId: after ? String(after[0]) : null,
    limit: limit + 1,
  });
  return pageOf(rows, limit, (last) => [last.id]);
}

/** The project, after checking the actor holds the permission at its unit (404 unknown, 403 out of scope). */
export async function projectFor(
  store: ProjectReadStore,
  actor: Actor,
  id: string,
  permission: Permission,
): Promise<ProjectView> {
  const project = await store.getProject(id);
  if (!project) throw new DomainError('not-found', `There is no project ${id}.`);
  await requirePermission(store, actor, permission, project.unitId, `project "${project.name}"`);
  return project;
}

/** The project with its parts: as stored, or as given (a write answering with what it is about to store). */
export async function projectDetail(
  store: ProjectReadStore,
  project: ProjectView,
  parts?: ProjectParts,
): Promise<ProjectDetailView> {
  const beneficiary = project.beneficiaryId ? await store.getBeneficiary(project.beneficiaryId) : null;
  return {
    ...project,
    beneficiary: beneficiary ? { id: beneficiary.id, publicAlias: beneficiary.publicAlias } : null,
    ...(parts ?? (await store.projectParts(project.id))),
  };
}

/** The date of the last lifecycle step (notes of kind `other` aside), or null before any. */
export function latestStepDate(milestones: readonly MilestoneView[]): string | null {
  let latest: string | null = null;
  for (const milestone of milestones) {
    if (milestone.kind !== 'other' && (latest === null || milestone.date > latest)) latest = milestone.date;
  }
  return latest;
}

/** A fund of the project's unit or of a unit above it, that the actor may read. */
async function fundForUnit(store: ProjectCatalogStore, actor: Actor, fundId: string, unit: UnitView) {
  const fund = await store.getFund(fundId);
  if (!fund) throw invalid('fund-not-found', 'fundId', 'unknown fund', `There is no fund ${fundId}.`);
  if (!(await store.unitAndAncestors(unit.id)).includes(fund.unitId)) {
    throw invalid(
      'validation-failed',
      'fundId',
      `must be a fund of ${unit.name} or of a unit above it`,
      `Fund ${fund.name} belongs to another unit than ${unit.name} or those above it.`,
    );
  }
  await requirePermission(store, actor, 'ledger.read', fund.unitId, fund.name);
  if (fund.status !== 'active') throw new DomainError('fund-closed', `Fund ${fund.name} is closed.`);
  return fund;
}

/** A beneficiary the actor may read, registered in the project's unit or below it. */
async function beneficiaryForUnit(
  store: ProjectCatalogStore,
  actor: Actor,
  beneficiaryId: string,
  unit: UnitView,
): Promise<BeneficiaryRecord> {
  const beneficiary = await store.getBeneficiary(beneficiaryId);
  const unknown = invalid(
    'validation-failed',
    'beneficiaryId',
    'unknown beneficiary',
    `There is no beneficiary ${beneficiaryId}.`,
  );
  if (!beneficiary) throw unknown;
  try {
    await requirePermission(store, actor, 'ledger.read', beneficiary.unitId);
  } catch {
    throw unknown;
  }
  if (!(await store.unitAndAncestors(beneficiary.unitId)).includes(unit.id)) {
    throw invalid(
      'validation-failed',
      'beneficiaryId',
      `must be a beneficiary of ${unit.name} or a unit below it`,
      `Beneficiary ${beneficiary.publicAlias} is registered outside ${unit.name}.`,
    );
  }
  return beneficiary;
}

async function sponsorsOf(
  store: ProjectCatalogStore,
  given: NonNullable<CreateProjectInput['sponsors']>,
  nextId: () => string,
): Promise<SponsorView[]> {
  const sponsors: SponsorView[] = [];
  for (const [index, sponsor] of given.entries()) {
    const fundId = sponsor.fundId ?? null;
    if ((sponsor.kind === 'fund') !== (fundId !== null)) {
      const detail =
        sponsor.kind === 'fund' ? 'a fund sponsor names its fundId' : `a ${sponsor.kind} has no fundId`;
      throw invalid(
        'validation-failed',
        `sponsors.${index}.fundId`,
        detail,
        `Sponsor ${index + 1}: ${detail}.`,
      );
    }
    if (fundId !== null && !(await store.getFund(fundId))) {
      throw invalid(
        'validation-failed',
        `sponsors.${index}.fundId`,
        'unknown fund',
        `There is no fund ${fundId}.`,
      );
    }
    sponsors.push({
      id: nextId(),
      kind: sponsor.kind,
      fundId,
      name: sponsor.name,
      amount: sponsor.amount.toString(),
      note: sponsor.note ?? null,
    });
  }
  return sponsors;
}

function invalid(
  code: 'validation-failed' | 'unit-not-found' | 'fund-not-found',
  field: string,
  detail: string,
  message: string,
): DomainError {
  const fieldErrors: FieldError[] = [{ field, detail }];
  return new DomainError(code, message, { fieldErrors });
}

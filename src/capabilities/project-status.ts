import { todayInVietnam } from '../domain/dates.ts';
import { DomainError } from '../domain/errors.ts';
import { idSequence } from '../domain/ids.ts';
import { PROJECT_MILESTONES_MAX } from '../domain/limits.ts';
import {
  checkStatusChange,
  checkStepDate,
  milestoneKindFor,
  type ProjectStatus,
} from '../domain/projects.ts';
import type { WriteContext, WriteExtras } from './context.ts';
import { type IdempotencyStore, idempotentWrite, type WriteOutcome } from './idempotency.ts';
import { checkEvidenceRoom } from './project-evidence.ts';
import {
  latestStepDate,
  type MilestoneView,
  type NewEvidence,
  type ProjectDetailView,
  type ProjectReadStore,
  type ProjectStatusChange,
  projectDetail,
  projectFor,
} from './projects.ts';

/**
 * A project moves one step at a time (proposed → approved → under_construction → handed_over → closed,
 * or → cancelled before work starts); each step records its dated milestone, and a decision number given
 * with it is kept as evidence. Other dated notes are milestones of kind `other`.
 */
export interface ProjectStatusStore extends ProjectReadStore, IdempotencyStore {
  changeProjectStatus(change: ProjectStatusChange, extras: WriteExtras): Promise<void>;
  insertMilestone(milestone: MilestoneView, extras: WriteExtras): Promise<void>;
}

type Deps = { store: ProjectStatusStore; nowMs: () => number };

/** How a decision named with a status change is titled among the project's evidence. */
const DECISION_TITLES: Record<ProjectStatus, string> = {
  proposed: 'Quyết định',
  approved: 'Quyết định phê duyệt',
  under_construction: 'Quyết định khởi công',
  handed_over: 'Quyết định bàn giao',
  closed: 'Quyết định kết thúc',
  cancelled: 'Quyết định hủy bỏ',
};

export interface ChangeProjectStatusInput {
  projectId: string;
  status: ProjectStatus;
  date: string;
  decisionNo?: string | null;
  note?: string | null;
}

export async function changeProjectStatus(
  deps: Deps,
  context: WriteContext,
  input: ChangeProjectStatusInput,
): Promise<WriteOutcome<ProjectDetailView>> {
  return idempotentWrite(
    deps.store,
    context,
    deps.nowMs,
    async (seal) => {
      const project = await projectFor(deps.store, context.actor, input.projectId, 'ledger.record');
      checkStatusChange(project, input.status);
      const nowMs = deps.nowMs();
      const parts = await deps.store.projectParts(project.id);
      checkStepDate(input.date, latestStepDate(parts.milestones), todayInVietnam(nowMs));
      checkMilestoneRoom(parts.milestones);
      if (input.decisionNo) checkEvidenceRoom(parts.evidence);
      const nextId = idSequence(nowMs);
      const at = new Date(nowMs).toISOString();
      const change: ProjectStatusChange = {
        projectId: project.id,
        from: project.status,
        to: input.status,
        updatedAtMs: nowMs,
        milestone: {
          id: nextId(),
          projectId: project.id,
          kind: milestoneKindFor(input.status),
          date: input.date,
          note: input.note ?? null,
          createdAt: at,
        },
        evidence: input.decisionNo
          ? decisionEvidence(project.id, input, input.decisionNo, nextId(), at)
          : null,
      };
      const after = await projectDetail(
        deps.store,
        { ...project, status: input.status, updatedAt: at },
        {
          ...parts,
          milestones: [...parts.milestones, change.milestone].sort(byDate),
          evidence: change.evidence ? [...parts.evidence, change.evidence.view] : parts.evidence,
        },
      );
      await deps.store.changeProjectStatus(change, seal(after, project.unitId));
      return after;
    },
    200,
  );
}

/** The decision named with a status change, kept among the project's evidence (private, like all evidence by default). */
function decisionEvidence(
  projectId: string,
  input: ChangeProjectStatusInput,
  decisionNo: string,
  id: string,
  at: string,
): NewEvidence {
  return {
    view: {
      id,
      projectId,
      kind: 'decision',
      title: `${DECISION_TITLES[input.status]} (${input.date})`,
      documentNo: decisionNo,
      url: null,
      sha256: null,
      contentType: null,
      sizeBytes: null,
      hasFile: false,
      isPublic: false,
      createdAt: at,
    },
    content: null,
  };
}

export async function addProjectMilestone(
  deps: Deps,
  context: WriteContext,
  input: { projectId: string; kind: 'other'; date: string; note: string },
): Promise<WriteOutcome<MilestoneView>> {
  return idempotentWrite(deps.store, context, deps.nowMs, async (seal) => {
    const project = await projectFor(deps.store, context.actor, input.projectId, 'ledger.record');
    const { milestones } = await deps.store.projectParts(project.id);
    checkMilestoneRoom(milestones);
    const nowMs = deps.nowMs();
    const milestone: MilestoneView = {
      id: idSequence(nowMs)(),
      projectId: project.id,
      kind: input.kind,
      date: input.date,
      note: input.note,
      createdAt: new Date(nowMs).toISOString(),
    };
    await deps.store.insertMilestone(milestone, seal(milestone, project.unitId));
    return milestone;
  });
}

export function checkMilestoneRoom(milestones: readonly MilestoneView[]): void {
  if (milestones.length >= PROJECT_MILESTONES_MAX) {
    throw new DomainError(
      'conflict',
      `This project already has ${PROJECT_MILESTONES_MAX} milestones, the most one project keeps.`,
    );
  }
}

/** Milestones by date, then in the order they were recorded (ids grow with time). */
export function byDate(left: MilestoneView, right: MilestoneView): number {
  if (left.date !== right.date) return left.date < right.date ? -1 : 1;
  return left.id < right.id ? -1 : left.id > right.id ? 1 : 0;
}

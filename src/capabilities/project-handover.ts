import { todayInVietnam } from '../domain/dates.ts';
import { DomainError } from '../domain/errors.ts';
import { idSequence } from '../domain/ids.ts';
import { checkHandover, checkStepDate } from '../domain/projects.ts';
import type { WriteContext, WriteExtras } from './context.ts';
import { type IdempotencyStore, idempotentWrite, type WriteOutcome } from './idempotency.ts';
import { byDate, checkMilestoneRoom } from './project-status.ts';
import {
  type HandoverView,
  latestStepDate,
  type ProjectDetailView,
  type ProjectReadStore,
  type ProjectStatusChange,
  projectDetail,
  projectFor,
} from './projects.ts';

/**
 * Bàn giao: the handover of a house or a programme to the household, with its minutes (biên bản bàn
 * giao). One per project; it moves the project to handed_over and adds the milestone, in one batch.
 */
export interface ProjectHandoverStore extends ProjectReadStore, IdempotencyStore {
  recordHandover(handover: HandoverView, change: ProjectStatusChange, extras: WriteExtras): Promise<void>;
}

export interface RecordHandoverInput {
  projectId: string;
  date: string;
  place: string;
  handedOverBy: string;
  receivedBy: string;
  minutesNo: string;
}

export async function recordHandover(
  deps: { store: ProjectHandoverStore; nowMs: () => number },
  context: WriteContext,
  input: RecordHandoverInput,
): Promise<WriteOutcome<ProjectDetailView>> {
  return idempotentWrite(deps.store, context, deps.nowMs, async (seal) => {
    const project = await projectFor(deps.store, context.actor, input.projectId, 'ledger.record');
    const parts = await deps.store.projectParts(project.id);
    if (parts.handover) {
      throw new DomainError(
        'conflict',
        `Project "${project.name}" was already handed over on ${parts.handover.date} (minutes ${parts.handover.minutesNo}); a project has one handover.`,
      );
    }
    checkHandover(project);
    const nowMs = deps.nowMs();
    checkStepDate(input.date, latestStepDate(parts.milestones), todayInVietnam(nowMs));
    checkMilestoneRoom(parts.milestones);
    const at = new Date(nowMs).toISOString();
    const handover: HandoverView = {
      projectId: project.id,
      date: input.date,
      place: input.place,
      handedOverBy: input.handedOverBy,
      receivedBy: input.receivedBy,
      minutesNo: input.minutesNo,
      createdAt: at,
    };
    const change: ProjectStatusChange = {
      projectId: project.id,
      from: project.status,
      to: 'handed_over',
      updatedAtMs: nowMs,
      milestone: {
        id: idSequence(nowMs)(),
        projectId: project.id,
        kind: 'handed_over',
        date: input.date,
        note: `Biên bản bàn giao số ${input.minutesNo}`,
        createdAt: at,
      },
      evidence: null,
    };
    const after = await projectDetail(
      deps.store,
      { ...project, status: 'handed_over', updatedAt: at },
      { ...parts, milestones: [...parts.milestones, change.milestone].sort(byDate), handover },
    );
    await deps.store.recordHandover(handover, change, seal(after, project.unitId));
    return after;
  });
}

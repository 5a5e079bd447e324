import { DomainError } from './errors.ts';

/**
 * Dự án / công trình: a nhà Đại đoàn kết, a nhà tình nghĩa, a livelihood or scholarship programme. Its
 * status moves one way: proposed → approved → under_construction → handed_over → closed, or to cancelled
 * before work starts. Each step is a dated milestone; the handover (bàn giao) is a record of its own.
 */
export const PROJECT_KINDS = [
  'new_house',
  'house_repair',
  'livelihood',
  'scholarship',
  'health',
  'tet_gifts',
  'relief',
  'other',
] as const;
export type ProjectKind = (typeof PROJECT_KINDS)[number];

export const PROJECT_STATUSES = [
  'proposed',
  'approved',
  'under_construction',
  'handed_over',
  'closed',
  'cancelled',
] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

/** What a project may be recorded in: one already under way is recorded as it stands. */
export const INITIAL_PROJECT_STATUSES = ['proposed', 'approved', 'under_construction'] as const;

/** Khởi công is `construction_started`, bàn giao `handed_over`. */
export const MILESTONE_KINDS = [
  'approved',
  'construction_started',
  'handed_over',
  'closed',
  'cancelled',
  'other',
] as const;
export type MilestoneKind = (typeof MILESTONE_KINDS)[number];

export const EVIDENCE_KINDS = ['decision', 'minutes', 'photo', 'invoice', 'other'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** A fund of the ledger, a named sponsor (another province's committee, a company), or the household itself. */
export const SPONSOR_KINDS = ['fund', 'sponsor', 'household'] as const;
export type SponsorKind = (typeof SPONSOR_KINDS)[number];

/** Kinds that are built: they are handed over only once construction has started (khởi công). */
export const CONSTRUCTION_KINDS: readonly ProjectKind[] = ['new_house', 'house_repair'];

/**
 * Files kept as evidence: scanned documents and photos. Nothing a browser would run (HTML, SVG, scripts)
 * is accepted, so a stored file served back from this origin can never become a page.
 */
export const EVIDENCE_CONTENT_TYPES = [
  'application/pdf',
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/heic',
] as const;
export type EvidenceContentType = (typeof EVIDENCE_CONTENT_TYPES)[number];

const FORWARD: Record<ProjectStatus, readonly ProjectStatus[]> = {
  proposed: ['approved', 'cancelled'],
  approved: ['under_construction', 'handed_over', 'cancelled'],
  under_construction: ['handed_over'],
  handed_over: ['closed'],
  closed: [],
  cancelled: [],
};

/** The statuses a project of this kind may move to next (a built project is started before it is handed over). */
export function nextStatuses(kind: ProjectKind, status: ProjectStatus): ProjectStatus[] {
  return FORWARD[status].filter(
    (next) => !(next === 'handed_over' && status === 'approved' && CONSTRUCTION_KINDS.includes(kind)),
  );
}

export interface ProjectState {
  id: string;
  name: string;
  kind: ProjectKind;
  status: ProjectStatus;
}

/**
 * Refuses a status change that skips a step, goes back, or repeats one (409 naming both statuses). The
 * handover is not a bare status change: it is recorded with its minutes (see checkHandover).
 */
export function checkStatusChange(project: ProjectState, asked: ProjectStatus): void {
  if (asked === 'handed_over') {
    throw new DomainError(
      'validation-failed',
      'A project becomes handed_over by recording its handover (bàn giao) with date, place, who handed over, who received and the minutes number.',
      { fieldErrors: [{ field: 'status', detail: 'record the handover instead' }] },
    );
  }
  if (!nextStatuses(project.kind, project.status).includes(asked)) throw invalidMove(project, asked);
}

/** The handover needs the project started (or only approved, for a project that is not built). */
export function checkHandover(project: ProjectState): void {
  if (!nextStatuses(project.kind, project.status).includes('handed_over')) {
    throw invalidMove(project, 'handed_over');
  }
}

function invalidMove(project: ProjectState, asked: ProjectStatus): DomainError {
  const allowed = nextStatuses(project.kind, project.status);
  const options = allowed.length === 0 ? 'nothing: it is final' : allowed.join(' or ');
  return new DomainError(
    'invalid-state',
    `Project "${project.name}" is ${project.status}; it cannot move to ${asked}. From ${project.status} it may move to ${options}.`,
    { extra: { currentStatus: project.status, requestedStatus: asked, allowedStatuses: allowed } },
  );
}

/** The milestone a status change records. */
export function milestoneKindFor(status: ProjectStatus): MilestoneKind {
  const kinds: Record<ProjectStatus, MilestoneKind | null> = {
    proposed: null,
    approved: 'approved',
    under_construction: 'construction_started',
    handed_over: 'handed_over',
    closed: 'closed',
    cancelled: 'cancelled',
  };
  const kind = kinds[status];
  if (kind === null) throw new DomainError('validation-failed', 'A project never moves back to proposed.');
  return kind;
}

/**
 * A step of a project happened on a day that has come, and not before the step recorded before it
 * (khởi công cannot precede the approval).
 */
export function checkStepDate(date: string, latestStepDate: string | null, today: string): void {
  if (date > today) {
    throw new DomainError('validation-failed', `The date ${date} has not come yet (today is ${today}).`, {
      fieldErrors: [{ field: 'date', detail: `must be on or before ${today}` }],
    });
  }
  if (latestStepDate !== null && date < latestStepDate) {
    throw new DomainError(
      'validation-failed',
      `The date ${date} is before the project's last recorded step (${latestStepDate}).`,
      { fieldErrors: [{ field: 'date', detail: `must be on or after ${latestStepDate}` }] },
    );
  }
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Standard base64 (RFC 4648 §4, padded, no whitespace) to bytes; null for anything else. */
export function decodeBase64(text: string): Uint8Array<ArrayBuffer> | null {
  if (!BASE64.test(text)) return null;
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

/** The RFC 9530 `Repr-Digest` value of a file whose SHA-256 is `sha256Hex`: `sha-256=:<base64>:`. */
export function reprDigestOf(sha256Hex: string): string {
  const binary = (sha256Hex.match(/../g) ?? []).map((pair) => String.fromCharCode(Number.parseInt(pair, 16)));
  return `sha-256=:${btoa(binary.join(''))}:`;
}

const EXTENSIONS: Record<EvidenceContentType, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/heic': 'heic',
};

/** The name a stored file is downloaded under: its id and the extension of its type. */
export function evidenceFileName(id: string, contentType: string): string {
  const extension = EXTENSIONS[contentType as EvidenceContentType] ?? 'bin';
  return `evidence-${id}.${extension}`;
}

/** Base64 text this long decodes to at most `bytes` bytes. */
export function base64LengthFor(bytes: number): number {
  return Math.ceil(bytes / 3) * 4;
}

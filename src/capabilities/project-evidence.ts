import type { Actor } from '../domain/access.ts';
import { DomainError } from '../domain/errors.ts';
import { idSequence } from '../domain/ids.ts';
import { EVIDENCE_FILE_BYTES_MAX, PROJECT_EVIDENCE_MAX } from '../domain/limits.ts';
import { sha256Hex } from '../domain/passwords.ts';
import { decodeBase64, type EvidenceContentType, type EvidenceKind } from '../domain/projects.ts';
import type { WriteContext, WriteExtras } from './context.ts';
import { type IdempotencyStore, idempotentWrite, type WriteOutcome } from './idempotency.ts';
import { type EvidenceView, type NewEvidence, type ProjectReadStore, projectFor } from './projects.ts';

/**
 * Evidence of a project: decision numbers, handover minutes, photos, invoices. A file is kept in the
 * database with its SHA-256 (computed here; one the client sent must agree), a link keeps the checksum
 * the client gave. Evidence is never changed or deleted (the database refuses it).
 */
export interface ProjectEvidenceStore extends ProjectReadStore, IdempotencyStore {
  insertEvidence(evidence: NewEvidence, extras: WriteExtras): Promise<void>;
  /** A stored file with its metadata; null for an unknown id (a link has `content` null). */
  getEvidence(id: string): Promise<NewEvidence | null>;
}

export interface AddEvidenceInput {
  projectId: string;
  kind: EvidenceKind;
  title: string;
  documentNo?: string | null;
  isPublic?: boolean;
  /** A link, or */
  url?: string | null;
  /** a file, in standard base64. */
  file?: { fileName: string; contentType: EvidenceContentType; contentBase64: string } | null;
  /** Lower-case hex; for a file, checked against the bytes. */
  sha256?: string | null;
}

export async function addEvidence(
  deps: { store: ProjectEvidenceStore; nowMs: () => number },
  context: WriteContext,
  input: AddEvidenceInput,
): Promise<WriteOutcome<EvidenceView>> {
  return idempotentWrite(deps.store, context, deps.nowMs, async (seal) => {
    const project = await projectFor(deps.store, context.actor, input.projectId, 'ledger.record');
    checkEvidenceRoom((await deps.store.projectParts(project.id)).evidence);
    const content = input.file ? fileBytes(input.file.contentBase64) : null;
    const sha256 = content ? await checkedChecksum(content, input.sha256 ?? null) : (input.sha256 ?? null);
    const nowMs = deps.nowMs();
    const view: EvidenceView = {
      id: idSequence(nowMs)(),
      projectId: project.id,
      kind: input.kind,
      title: input.title,
      documentNo: input.documentNo ?? null,
      url: input.url ?? null,
      sha256,
      contentType: input.file?.contentType ?? null,
      sizeBytes: content?.byteLength ?? null,
      hasFile: content !== null,
      isPublic: input.isPublic ?? false,
      createdAt: new Date(nowMs).toISOString(),
    };
    await deps.store.insertEvidence({ view, content }, seal(view, project.unitId));
    return view;
  });
}

/** A stored file of a project, for readers of the project's unit. */
export async function readEvidenceFile(
  deps: { store: ProjectEvidenceStore },
  actor: Actor,
  projectId: string,
  evidenceId: string,
): Promise<{ view: EvidenceView; content: Uint8Array<ArrayBuffer> }> {
  const project = await projectFor(deps.store, actor, projectId, 'ledger.read');
  const evidence = await deps.store.getEvidence(evidenceId);
  if (!evidence || evidence.view.projectId !== project.id) {
    throw new DomainError('not-found', `Project "${project.name}" has no evidence ${evidenceId}.`);
  }
  if (!evidence.content) {
    throw new DomainError(
      'not-found',
      `Evidence ${evidenceId} is a link${evidence.view.url ? ` (${evidence.view.url})` : ''}, not a stored file.`,
    );
  }
  return { view: evidence.view, content: evidence.content };
}

export function checkEvidenceRoom(evidence: readonly EvidenceView[]): void {
  if (evidence.length >= PROJECT_EVIDENCE_MAX) {
    throw new DomainError(
      'conflict',
      `This project already has ${PROJECT_EVIDENCE_MAX} pieces of evidence, the most one project keeps.`,
    );
  }
}

function fileBytes(contentBase64: string): Uint8Array<ArrayBuffer> {
  const bytes = decodeBase64(contentBase64);
  if (!bytes) {
    throw new DomainError('validation-failed', 'The file must be sent in standard base64 (RFC 4648).', {
      fieldErrors: [{ field: 'contentBase64', detail: 'must be standard base64 with padding' }],
    });
  }
  if (bytes.byteLength > EVIDENCE_FILE_BYTES_MAX) {
    const detail = `the file may be at most ${EVIDENCE_FILE_BYTES_MAX} bytes (2 MiB); keep larger files elsewhere and send a link`;
    throw new DomainError('validation-failed', `The file is ${bytes.byteLength} bytes: ${detail}.`, {
      fieldErrors: [{ field: 'contentBase64', detail }],
    });
  }
  return bytes;
}

async function checkedChecksum(content: Uint8Array<ArrayBuffer>, given: string | null): Promise<string> {
  const computed = await sha256Hex(content);
  if (given !== null && given !== computed) {
    throw new DomainError(
      'validation-failed',
      `The file's SHA-256 is ${computed}, not the ${given} that was sent with it: it changed on the way.`,
      { fieldErrors: [{ field: 'sha256', detail: `does not match the file (${computed})` }] },
    );
  }
  return computed;
}

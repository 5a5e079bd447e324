import type { InStatement, Row } from '@libsql/client';
import type { BeneficiaryRecord, BeneficiaryStore, BeneficiaryView } from '../capabilities/beneficiaries.ts';
import type { WriteExtras } from '../capabilities/context.ts';
import type { ProjectEvidenceStore } from '../capabilities/project-evidence.ts';
import type { ProjectHandoverStore } from '../capabilities/project-handover.ts';
import type { ProjectStatusStore } from '../capabilities/project-status.ts';
import type {
  EvidenceView,
  HandoverView,
  MilestoneView,
  NewEvidence,
  ProjectCatalogStore,
  ProjectParts,
  ProjectStatusChange,
  ProjectView,
  SponsorView,
} from '../capabilities/projects.ts';
import type { BeneficiaryKind, PovertyStatus } from '../domain/beneficiaries.ts';
import type { CurrencyCode } from '../domain/money.ts';
import type {
  EvidenceKind,
  MilestoneKind,
  ProjectKind,
  ProjectStatus,
  SponsorKind,
} from '../domain/projects.ts';
import { DisbursementStoreImpl } from './disbursement-store.ts';
import { Filters } from './filters.ts';
import { rootsCondition } from './ledger-store.ts';
import { isoInstant, optionalText, textOf } from './rows.ts';

/** The columns every staff view reads; the private ones are read only for one beneficiary at a time. */
const BENEFICIARY_COLUMNS =
  'id, unit_id, kind, name, village, poverty_status, public_alias, created_at_ms, updated_at_ms';

/** Evidence metadata; the file itself is read only when it is asked for. */
const EVIDENCE_COLUMNS =
  'id, project_id, kind, title, document_no, url, sha256, content_type, size_bytes, content IS NOT NULL AS has_file, is_public, created_at_ms';

/**
 * The store of every capability, with beneficiaries and projects (their sponsors, milestones, evidence
 * and handover) on top of the ledger, access control and donations.
 */
export class ProjectStore
  extends DisbursementStoreImpl
  implements
    BeneficiaryStore,
    ProjectCatalogStore,
    ProjectStatusStore,
    ProjectHandoverStore,
    ProjectEvidenceStore
{
  // — beneficiaries —

  async getBeneficiary(id: string): Promise<BeneficiaryRecord | null> {
    const [row] = await this.rows('SELECT * FROM beneficiaries WHERE id = ?', [id]);
    if (!row) return null;
    return {
      ...beneficiaryFromRow(row),
      nationalId: optionalText(row.national_id),
      phone: optionalText(row.phone),
      address: optionalText(row.address),
      ethnicity: optionalText(row.ethnicity),
      notes: optionalText(row.notes),
    };
  }

  async insertBeneficiary(record: BeneficiaryRecord, extras: WriteExtras): Promise<void> {
    await this.write(
      [
        {
          sql: `INSERT INTO beneficiaries (id, unit_id, kind, name, village, poverty_status, public_alias, national_id, phone,
                  address, ethnicity, notes, created_at_ms, updated_at_ms)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          args: [
            record.id,
            record.unitId,
            record.kind,
            record.name,
            record.village,
            record.povertyStatus,
            record.publicAlias,
            record.nationalId,
            record.phone,
            record.address,
            record.ethnicity,
            record.notes,
            Date.parse(record.createdAt),
            Date.parse(record.updatedAt),
          ],
        },
      ],
      extras,
    );
  }

  /** The unit and creation time never change. */
  async updateBeneficiary(record: BeneficiaryRecord, extras: WriteExtras): Promise<void> {
    await this.write(
      [
        {
          sql: `UPDATE beneficiaries SET kind = ?, name = ?, village = ?, poverty_status = ?, public_alias = ?, national_id = ?,
                  phone = ?, address = ?, ethnicity = ?, notes = ?, updated_at_ms = ?
                WHERE id = ?`,
          args: [
            record.kind,
            record.name,
            record.village,
            record.povertyStatus,
            record.publicAlias,
            record.nationalId,
            record.phone,
            record.address,
            record.ethnicity,
            record.notes,
            Date.parse(record.updatedAt),
            record.id,
          ],
        },
      ],
      extras,
    );
  }

  async listBeneficiaries(
    query: Parameters<BeneficiaryStore['listBeneficiaries']>[0],
  ): Promise<BeneficiaryView[]> {
    const visible = rootsCondition('unit_id', query.roots);
    const where = new Filters()
      .when(query.unitId, 'unit_id = ?')
      .when(query.after?.name, '(name, id) > (?, ?)', [query.after?.name ?? null, query.after?.id ?? null])
      .add(visible.sql, visible.args);
    const rows = await this.rows(
      `SELECT ${BENEFICIARY_COLUMNS} FROM beneficiaries WHERE ${where.sql} ORDER BY name, id LIMIT ?`,
      [...where.args, query.limit],
    );
    return rows.map(beneficiaryFromRow);
  }

  // — projects —

  async getProject(id: string): Promise<ProjectView | null> {
    const [row] = await this.rows('SELECT * FROM projects WHERE id = ?', [id]);
    return row ? projectFromRow(row) : null;
  }

  async projectParts(id: string): Promise<ProjectParts> {
    const sponsors = await this.rows('SELECT * FROM project_sponsors WHERE project_id = ? ORDER BY id', [id]);
    const milestones = await this.rows(
      'SELECT * FROM project_milestones WHERE project_id = ? ORDER BY date, id',
      [id],
    );
    const evidence = await this.rows(
      `SELECT ${EVIDENCE_COLUMNS} FROM project_evidence WHERE project_id = ? ORDER BY id`,
      [id],
    );
    const [handover] = await this.rows('SELECT * FROM project_handovers WHERE project_id = ?', [id]);
    return {
      sponsors: sponsors.map(sponsorFromRow),
      milestones: milestones.map(milestoneFromRow),
      evidence: evidence.map(evidenceFromRow),
      handover: handover ? handoverFromRow(handover) : null,
    };
  }

  async insertProject(project: ProjectView, sponsors: SponsorView[], extras: WriteExtras): Promise<void> {
    const createdAtMs = Date.parse(project.createdAt);
    await this.write(
      [
        {
          sql: `INSERT INTO projects (id, unit_id, fund_id, campaign_id, kind, name, beneficiary_id, village, budget_minor,
                  currency, status, created_at_ms, updated_at_ms)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          args: [
            project.id,
            project.unitId,
            project.fundId,
            project.campaignId,
            project.kind,
            project.name,
            project.beneficiaryId,
            project.village,
            Number(project.budget),
            project.currency,
            project.status,
            createdAtMs,
            Date.parse(project.updatedAt),
          ],
        },
        ...sponsors.map((sponsor) => ({
          sql: `INSERT INTO project_sponsors (id, project_id, kind, fund_id, name, amount_minor, note, created_at_ms)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
          args: [
            sponsor.id,
            project.id,
            sponsor.kind,
            sponsor.fundId,
            sponsor.name,
            Number(sponsor.amount),
            sponsor.note,
            createdAtMs,
          ],
        })),
      ],
      extras,
    );
  }

  async listProjects(query: Parameters<ProjectCatalogStore['listProjects']>[0]): Promise<ProjectView[]> {
    const visible = rootsCondition('unit_id', query.roots);
    const where = new Filters()
      .when(query.fundId, 'fund_id = ?')
      .when(query.unitId, 'unit_id = ?')
      .when(query.status, 'status = ?')
      .when(query.afterId, 'id > ?')
      .add(visible.sql, visible.args);
    const rows = await this.rows(`SELECT * FROM projects WHERE ${where.sql} ORDER BY id LIMIT ?`, [
      ...where.args,
      query.limit,
    ]);
    return rows.map(projectFromRow);
  }

  async changeProjectStatus(change: ProjectStatusChange, extras: WriteExtras): Promise<void> {
    await this.write(statusChangeStatements(change), extras);
  }

  async insertMilestone(milestone: MilestoneView, extras: WriteExtras): Promise<void> {
    await this.write([milestoneInsert(milestone)], extras);
  }

  /** The handover's primary key refuses a second one, even from another process. */
  async recordHandover(
    handover: HandoverView,
    change: ProjectStatusChange,
    extras: WriteExtras,
  ): Promise<void> {
    await this.write(
      [
        ...statusChangeStatements(change),
        {
          sql: `INSERT INTO project_handovers (project_id, date, place, handed_over_by, received_by, minutes_no, created_at_ms)
                VALUES (?, ?, ?, ?, ?, ?, ?)`,
          args: [
            handover.projectId,
            handover.date,
            handover.place,
            handover.handedOverBy,
            handover.receivedBy,
            handover.minutesNo,
            Date.parse(handover.createdAt),
          ],
        },
      ],
      extras,
    );
  }

  async insertEvidence(evidence: NewEvidence, extras: WriteExtras): Promise<void> {
    await this.write([evidenceInsert(evidence)], extras);
  }

  async getEvidence(id: string): Promise<NewEvidence | null> {
    const [row] = await this.rows(`SELECT ${EVIDENCE_COLUMNS}, content FROM project_evidence WHERE id = ?`, [
      id,
    ]);
    if (!row) return null;
    const content = row.content as ArrayBuffer | null;
    return { view: evidenceFromRow(row), content: content === null ? null : new Uint8Array(content) };
  }
}

/**
 * A status change: the project moves only if it is still where it was read. `changes()` is the number of
 * rows the UPDATE just before it changed, so when another writer moved the project first the milestone's
 * kind becomes one its CHECK refuses, and the whole batch is rolled back (sql-errors.ts: invalid-state).
 */
function statusChangeStatements(change: ProjectStatusChange): InStatement[] {
  const { milestone } = change;
  return [
    {
      sql: 'UPDATE projects SET status = ?, updated_at_ms = ? WHERE id = ? AND status = ?',
      args: [change.to, change.updatedAtMs, change.projectId, change.from],
    },
    {
      sql: `INSERT INTO project_milestones (id, project_id, kind, date, note, created_at_ms)
            VALUES (?, ?, CASE changes() WHEN 1 THEN ? ELSE 'stale-project-status' END, ?, ?, ?)`,
      args: [
        milestone.id,
        milestone.projectId,
        milestone.kind,
        milestone.date,
        milestone.note,
        Date.parse(milestone.createdAt),
      ],
    },
    ...(change.evidence ? [evidenceInsert(change.evidence)] : []),
  ];
}

function milestoneInsert(milestone: MilestoneView): InStatement {
  return {
    sql: `INSERT INTO project_milestones (id, project_id, kind, date, note, created_at_ms) VALUES (?, ?, ?, ?, ?, ?)`,
    args: [
      milestone.id,
      milestone.projectId,
      milestone.kind,
      milestone.date,
      milestone.note,
      Date.parse(milestone.createdAt),
    ],
  };
}

function evidenceInsert({ view, content }: NewEvidence): InStatement {
  return {
    sql: `INSERT INTO project_evidence (id, project_id, kind, title, document_no, url, sha256, content_type, size_bytes,
            content, is_public, created_at_ms)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    args: [
      view.id,
      view.projectId,
      view.kind,
      view.title,
      view.documentNo,
      view.url,
      view.sha256,
      view.contentType,
      view.sizeBytes,
      content,
      view.isPublic ? 1 : 0,
      Date.parse(view.createdAt),
    ],
  };
}

function beneficiaryFromRow(row: Row): BeneficiaryView {
  return {
    id: textOf(row.id),
    unitId: textOf(row.unit_id),
    kind: textOf(row.kind) as BeneficiaryKind,
    name: textOf(row.name),
    village: textOf(row.village),
    povertyStatus: textOf(row.poverty_status) as PovertyStatus,
    publicAlias: textOf(row.public_alias),
    createdAt: isoInstant(row.created_at_ms),
    updatedAt: isoInstant(row.updated_at_ms),
  };
}

function projectFromRow(row: Row): ProjectView {
  return {
    id: textOf(row.id),
    unitId: textOf(row.unit_id),
    fundId: textOf(row.fund_id),
    campaignId: optionalText(row.campaign_id),
    kind: textOf(row.kind) as ProjectKind,
    name: textOf(row.name),
    beneficiaryId: optionalText(row.beneficiary_id),
    village: optionalText(row.village),
    budget: String(row.budget_minor),
    currency: textOf(row.currency) as CurrencyCode,
    status: textOf(row.status) as ProjectStatus,
    createdAt: isoInstant(row.created_at_ms),
    updatedAt: isoInstant(row.updated_at_ms),
  };
}

function sponsorFromRow(row: Row): SponsorView {
  return {
    id: textOf(row.id),
    kind: textOf(row.kind) as SponsorKind,
    fundId: optionalText(row.fund_id),
    name: textOf(row.name),
    amount: String(row.amount_minor),
    note: optionalText(row.note),
  };
}

function milestoneFromRow(row: Row): MilestoneView {
  return {
    id: textOf(row.id),
    projectId: textOf(row.project_id),
    kind: textOf(row.kind) as MilestoneKind,
    date: textOf(row.date),
    note: optionalText(row.note),
    createdAt: isoInstant(row.created_at_ms),
  };
}

function evidenceFromRow(row: Row): EvidenceView {
  return {
    id: textOf(row.id),
    projectId: textOf(row.project_id),
    kind: textOf(row.kind) as EvidenceKind,
    title: textOf(row.title),
    documentNo: optionalText(row.document_no),
    url: optionalText(row.url),
    sha256: optionalText(row.sha256),
    contentType: optionalText(row.content_type),
    sizeBytes: row.size_bytes === null ? null : Number(row.size_bytes),
    hasFile: Number(row.has_file) === 1,
    isPublic: Number(row.is_public) === 1,
    createdAt: isoInstant(row.created_at_ms),
  };
}

function handoverFromRow(row: Row): HandoverView {
  return {
    projectId: textOf(row.project_id),
    date: textOf(row.date),
    place: textOf(row.place),
    handedOverBy: textOf(row.handed_over_by),
    receivedBy: textOf(row.received_by),
    minutesNo: textOf(row.minutes_no),
    createdAt: isoInstant(row.created_at_ms),
  };
}

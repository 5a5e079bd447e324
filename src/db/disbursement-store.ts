import type { Row } from '@libsql/client';
import type { WriteExtras } from '../capabilities/context.ts';
import type { DisbursementStore, DisbursementView } from '../capabilities/disbursements.ts';
import type { NewEntry } from '../capabilities/entries.ts';
import type { PeriodCloseView } from '../capabilities/period-closes.ts';
import type { TracedUse, TraceSourceRow, TraceStore } from '../capabilities/trace.ts';
import type { TransferStore, TransferView } from '../capabilities/transfers.ts';
import type { EntryView } from '../capabilities/views.ts';
import type { UseTarget } from '../domain/allocation.ts';
import type { DisbursementCategory, DisbursementStatus } from '../domain/disbursements.ts';
import type { Disclosure } from '../domain/donations.ts';
import type { CurrencyCode } from '../domain/money.ts';
import { SoquyStore } from './donation-store.ts';
import { Filters } from './filters.ts';
import { rootsCondition } from './ledger-store.ts';
import {
  closingBalances,
  getPeriodClose,
  latestStandingClose,
  listPeriodCloses,
  periodCloseInsert,
  periodReopenUpdate,
} from './period-guard.ts';
import { bigintOf, isoInstant, optionalText, textOf } from './rows.ts';

/** Disbursements, transfers and the allocations that trace them to the gifts that paid for them. */
export class DisbursementStoreImpl
  extends SoquyStore
  implements DisbursementStore, TransferStore, TraceStore
{
  async getDisbursement(id: string): Promise<DisbursementView | null> {
    const [row] = await this.rows('SELECT * FROM disbursements WHERE id = ?', [id]);
    return row ? disbursementFromRow(row) : null;
  }

  async insertDisbursement(d: DisbursementView, extras: WriteExtras): Promise<void> {
    await this.write(
      [
        {
          sql: `INSERT INTO disbursements (id, fund_id, unit_id, campaign_id, amount_minor, currency, category, project_id,
                  beneficiary_id, purpose, date, status, drafted_by, created_at_ms, updated_at_ms)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          args: [
            d.id,
            d.fundId,
            d.unitId,
            d.campaignId,
            Number(d.amount),
            d.currency,
            d.category,
            d.projectId,
            d.beneficiaryId,
            d.purpose,
            d.date,
            d.status,
            d.draftedBy,
            Date.parse(d.createdAt),
            Date.parse(d.updatedAt),
          ],
        },
      ],
      extras,
    );
  }

  async decideDisbursement(next: DisbursementView, extras: WriteExtras): Promise<void> {
    await this.write([stateUpdate(next)], extras);
  }

  async commitDisbursementEntry(
    next: DisbursementView,
    entry: NewEntry,
    seal: (views: EntryView[]) => WriteExtras,
  ): Promise<void> {
    await this.commitWithEntries([entry], () => [stateUpdate(next)], seal);
  }

  async listDisbursements(
    query: Parameters<DisbursementStore['listDisbursements']>[0],
  ): Promise<DisbursementView[]> {
    const visible = rootsCondition('unit_id', query.roots);
    const where = new Filters()
      .when(query.fundId, 'fund_id = ?')
      .when(query.projectId, 'project_id = ?')
      .when(query.status, 'status = ?')
      .when(query.after?.date, '(date, id) > (?, ?)', [query.after?.date ?? null, query.after?.id ?? null])
      .add(visible.sql, visible.args);
    const rows = await this.rows(`SELECT * FROM disbursements WHERE ${where.sql} ORDER BY date, id LIMIT ?`, [
      ...where.args,
      query.limit,
    ]);
    return rows.map(disbursementFromRow);
  }

  async spendableFor(fundId: string, currency: CurrencyCode, target: UseTarget | null): Promise<bigint> {
    const [row] = await this.rows(
      `SELECT CAST(coalesce(sum(amount_minor - allocated_minor), 0) AS TEXT) AS spendable FROM allocation_sources
       WHERE fund_id = ? AND currency = ? AND allocated_minor < amount_minor AND removed_by_entry_id IS NULL
         AND (earmarked = 0 OR (? AND (earmark_category IS NULL OR earmark_category = ?)
           AND (earmark_project_id IS NULL OR earmark_project_id = ?)
           AND (earmark_beneficiary_id IS NULL OR earmark_beneficiary_id = ?)))`,
      [
        fundId,
        currency,
        target === null ? 0 : 1,
        target?.category ?? null,
        target?.projectId ?? null,
        target?.beneficiaryId ?? null,
      ],
    );
    return bigintOf(row?.spendable);
  }

  async projectCommittedMinor(projectId: string, exceptId: string | null): Promise<bigint> {
    const [row] = await this.rows(
      `SELECT CAST(coalesce(sum(amount_minor), 0) AS TEXT) AS total FROM disbursements
       WHERE project_id = ? AND status IN ('draft', 'approved', 'paid') AND id IS NOT ?`,
      [projectId, exceptId],
    );
    return bigintOf(row?.total);
  }

  async yearReceiptsMinor(fundId: string, currency: CurrencyCode, year: string): Promise<bigint> {
    const [row] = await this.rows(
      `SELECT CAST(coalesce(sum(amount_minor), 0) AS TEXT) AS total FROM donations
       WHERE fund_id = ? AND received_on BETWEEN ? AND ? AND currency = ? AND status = 'valid'`,
      [fundId, `${year}-01-01`, `${year}-12-31`, currency],
    );
    return bigintOf(row?.total);
  }

  async yearAdminCostsMinor(fundId: string, currency: CurrencyCode, year: string): Promise<bigint> {
    const [row] = await this.rows(
      `SELECT CAST(coalesce(sum(amount_minor), 0) AS TEXT) AS total FROM disbursements
       WHERE fund_id = ? AND status = 'paid' AND category = 'admin_costs' AND currency = ?
         AND paid_on BETWEEN ? AND ?`,
      [fundId, currency, `${year}-01-01`, `${year}-12-31`],
    );
    return bigintOf(row?.total);
  }

  // — transfers —

  async getTransfer(id: string): Promise<TransferView | null> {
    const [row] = await this.rows(`${TRANSFER_SELECT} WHERE t.id = ?`, [id]);
    return row ? transferFromRow(row) : null;
  }

  async commitTransfer(
    transfer: TransferView,
    entry: NewEntry,
    seal: (views: EntryView[]) => WriteExtras,
  ): Promise<void> {
    const earmark = transfer.earmark;
    await this.commitWithEntries(
      [entry],
      () => [
        {
          sql: `INSERT INTO transfers (id, from_fund_id, to_fund_id, amount_minor, currency, date, purpose, earmark_category,
                  earmark_project_id, earmark_beneficiary_id, entry_id, status, created_by, created_at_ms)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'done', ?, ?)`,
          args: [
            transfer.id,
            transfer.fromFundId,
            transfer.toFundId,
            Number(transfer.amount),
            transfer.currency,
            transfer.date,
            transfer.purpose,
            earmark?.category ?? null,
            earmark?.projectId ?? null,
            earmark?.beneficiaryId ?? null,
            transfer.entryId,
            transfer.createdBy,
            Date.parse(transfer.createdAt),
          ],
        },
      ],
      seal,
    );
  }

  async commitTransferReversal(
    transfer: TransferView,
    entry: NewEntry,
    seal: (views: EntryView[]) => WriteExtras,
  ): Promise<void> {
    await this.commitWithEntries(
      [entry],
      () => [
        {
          sql: "UPDATE transfers SET status = 'reversed', reversal_entry_id = ?, reverse_reason = ? WHERE id = ?",
          args: [entry.id, transfer.reverseReason, transfer.id],
        },
      ],
      seal,
    );
  }

  async listTransfers(query: Parameters<TransferStore['listTransfers']>[0]): Promise<TransferView[]> {
    const from = rootsCondition('f.unit_id', query.roots);
    const to = rootsCondition('g.unit_id', query.roots);
    const where = new Filters()
      .when(query.fundId, '(t.from_fund_id = ? OR t.to_fund_id = ?)', [
        query.fundId ?? null,
        query.fundId ?? null,
      ])
      .when(query.after?.date, '(t.date, t.id) > (?, ?)', [
        query.after?.date ?? null,
        query.after?.id ?? null,
      ])
      .add(`((${from.sql}) OR (${to.sql}))`, [...from.args, ...to.args]);
    const rows = await this.rows(`${TRANSFER_SELECT} WHERE ${where.sql} ORDER BY t.date, t.id LIMIT ?`, [
      ...where.args,
      query.limit,
    ]);
    return rows.map(transferFromRow);
  }

  // — tracing —

  async usesOfDonation(donationId: string): Promise<TracedUse[]> {
    const rows = await this.rows(
      `SELECT a.use_kind, a.disbursement_id, a.transfer_id, a.entry_id, a.fund_id, CAST(sum(a.amount_minor) AS TEXT) AS amount,
              d.project_id, d.beneficiary_id, d.category, d.purpose, d.paid_on, e.entry_date
       FROM allocation_sources s
       JOIN allocations a ON a.source_id = s.id AND a.released_by_entry_id IS NULL
       LEFT JOIN disbursements d ON d.id = a.disbursement_id
       JOIN journal_entries e ON e.id = a.entry_id
       WHERE s.donation_id = ?
       GROUP BY a.use_kind, a.disbursement_id, a.transfer_id, a.entry_id, a.fund_id
       ORDER BY e.seq`,
      [donationId],
    );
    return rows.map((row) => ({
      useKind: textOf(row.use_kind) as TracedUse['useKind'],
      disbursementId: optionalText(row.disbursement_id),
      transferId: optionalText(row.transfer_id),
      entryId: textOf(row.entry_id),
      fundId: textOf(row.fund_id),
      amountMinor: bigintOf(row.amount),
      projectId: optionalText(row.project_id),
      beneficiaryId: optionalText(row.beneficiary_id),
      category: optionalText(row.category) as DisbursementCategory | null,
      purpose: optionalText(row.purpose),
      date: optionalText(row.paid_on) ?? textOf(row.entry_date),
    }));
  }

  async unallocatedOfDonation(donationId: string): Promise<bigint> {
    const [row] = await this.rows(
      `SELECT CAST(coalesce(sum(amount_minor - allocated_minor), 0) AS TEXT) AS open FROM allocation_sources
       WHERE donation_id = ? AND removed_by_entry_id IS NULL`,
      [donationId],
    );
    return bigintOf(row?.open);
  }

  async sourcesOfProject(projectId: string): Promise<TraceSourceRow[]> {
    const rows = await this.rows(
      `SELECT s.kind, s.donation_id, s.fund_id, s.label, s.origin_source_id, o.fund_id AS origin_fund_id,
              CAST(sum(a.amount_minor) AS TEXT) AS amount, g.receipt_no, g.received_on, g.disclosure,
              g.currency, r.name AS donor_name
       FROM disbursements d
       JOIN allocations a ON a.disbursement_id = d.id AND a.released_by_entry_id IS NULL
       JOIN allocation_sources s ON s.id = a.source_id
       LEFT JOIN allocation_sources o ON o.id = s.origin_source_id
       LEFT JOIN donations g ON g.id = s.donation_id
       LEFT JOIN donors r ON r.id = g.donor_id
       WHERE d.project_id = ?
       GROUP BY s.kind, s.donation_id, s.fund_id, s.label, s.origin_source_id
       ORDER BY min(s.received_on), min(s.entry_seq)`,
      [projectId],
    );
    return rows.map((row) => ({
      kind: textOf(row.kind) as TraceSourceRow['kind'],
      donationId: optionalText(row.donation_id),
      fundId: optionalText(row.origin_fund_id) ?? textOf(row.fund_id),
      label: textOf(row.label),
      amountMinor: bigintOf(row.amount),
      receiptNo: optionalText(row.receipt_no),
      receivedOn: optionalText(row.received_on),
      disclosure: optionalText(row.disclosure) as Disclosure | null,
      donorName: optionalText(row.donor_name),
    }));
  }

  // — reports and period closes (src/capabilities/period-closes.ts; SQL in src/db/period-guard.ts) —

  latestStandingClose(fundId: string) {
    return latestStandingClose(this.client, fundId);
  }

  closingBalances(fundId: string, periodEnd: string) {
    return closingBalances(this.client, fundId, periodEnd);
  }

  async commitPeriodClose(
    close: PeriodCloseView,
    closingEntry: NewEntry | null,
    seal: (views: EntryView[]) => WriteExtras,
  ): Promise<void> {
    if (!closingEntry) await this.write([periodCloseInsert(close)], seal([]));
    else await this.commitWithEntries([closingEntry], () => [periodCloseInsert(close)], seal);
  }

  getPeriodClose(id: string) {
    return getPeriodClose(this.client, id);
  }

  async reopenPeriodClose(close: PeriodCloseView, extras: WriteExtras): Promise<void> {
    await this.write([periodReopenUpdate(close)], extras);
  }

  listPeriodCloses(query: Parameters<typeof listPeriodCloses>[1]) {
    return listPeriodCloses(this.client, query);
  }
}

function stateUpdate(d: DisbursementView) {
  return {
    sql: `UPDATE disbursements SET status = ?, approved_by = ?, decision_no = ?, decision_date = ?, rejected_by = ?,
            reject_reason = ?, paid_by = ?, paid_on = ?, pay_entry_id = ?, reversed_by = ?, reverse_reason = ?,
            reversal_entry_id = ?, updated_at_ms = ?
          WHERE id = ?`,
    args: [
      d.status,
      d.approval?.by ?? null,
      d.approval?.decisionNo ?? null,
      d.approval?.decisionDate ?? null,
      d.rejection?.by ?? null,
      d.rejection?.reason ?? null,
      d.payment?.by ?? null,
      d.payment?.paidOn ?? null,
      d.payment?.entryId ?? null,
      d.reversal?.by ?? null,
      d.reversal?.reason ?? null,
      d.reversal?.entryId ?? null,
      Date.parse(d.updatedAt),
      d.id,
    ],
  };
}

function disbursementFromRow(row: Row): DisbursementView {
  const approvedBy = optionalText(row.approved_by);
  const rejectedBy = optionalText(row.rejected_by);
  const paidBy = optionalText(row.paid_by);
  const reversedBy = optionalText(row.reversed_by);
  return {
    id: textOf(row.id),
    fundId: textOf(row.fund_id),
    unitId: textOf(row.unit_id),
    campaignId: optionalText(row.campaign_id),
    amount: bigintOf(row.amount_minor).toString(),
    currency: textOf(row.currency) as CurrencyCode,
    category: textOf(row.category) as DisbursementCategory,
    projectId: optionalText(row.project_id),
    beneficiaryId: optionalText(row.beneficiary_id),
    purpose: textOf(row.purpose),
    date: textOf(row.date),
    status: textOf(row.status) as DisbursementStatus,
    draftedBy: textOf(row.drafted_by),
    approval: approvedBy
      ? { by: approvedBy, decisionNo: textOf(row.decision_no), decisionDate: textOf(row.decision_date) }
      : null,
    rejection: rejectedBy ? { by: rejectedBy, reason: textOf(row.reject_reason) } : null,
    payment: paidBy ? { by: paidBy, paidOn: textOf(row.paid_on), entryId: textOf(row.pay_entry_id) } : null,
    reversal: reversedBy
      ? { by: reversedBy, reason: textOf(row.reverse_reason), entryId: textOf(row.reversal_entry_id) }
      : null,
    createdAt: isoInstant(row.created_at_ms),
    updatedAt: isoInstant(row.updated_at_ms),
  };
}

const TRANSFER_SELECT = `SELECT t.*, f.unit_id AS from_unit_id, g.unit_id AS to_unit_id
  FROM transfers t JOIN funds f ON f.id = t.from_fund_id JOIN funds g ON g.id = t.to_fund_id`;

function transferFromRow(row: Row): TransferView {
  const category = optionalText(row.earmark_category);
  const projectId = optionalText(row.earmark_project_id);
  const beneficiaryId = optionalText(row.earmark_beneficiary_id);
  return {
    id: textOf(row.id),
    fromFundId: textOf(row.from_fund_id),
    toFundId: textOf(row.to_fund_id),
    fromUnitId: textOf(row.from_unit_id),
    toUnitId: textOf(row.to_unit_id),
    amount: bigintOf(row.amount_minor).toString(),
    currency: textOf(row.currency) as CurrencyCode,
    date: textOf(row.date),
    purpose: textOf(row.purpose),
    earmark: category || projectId || beneficiaryId ? { category, projectId, beneficiaryId } : null,
    entryId: textOf(row.entry_id),
    status: textOf(row.status) as TransferView['status'],
    reversalEntryId: optionalText(row.reversal_entry_id),
    reverseReason: optionalText(row.reverse_reason),
    createdBy: textOf(row.created_by),
    createdAt: isoInstant(row.created_at_ms),
  };
}

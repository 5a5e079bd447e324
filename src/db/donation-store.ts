import type { InStatement, Row } from '@libsql/client';
import type { CampaignStore, CampaignView } from '../capabilities/campaigns.ts';
import type { WriteExtras } from '../capabilities/context.ts';
import type { ProjectFacts } from '../capabilities/disbursements.ts';
import type { DonationStore, DonationView, DonorRecord, NewDonation } from '../capabilities/donations.ts';
import type { DonorStore } from '../capabilities/donors.ts';
import type { NewEntry } from '../capabilities/entries.ts';
import type { FundBalanceStore } from '../capabilities/funds.ts';
import type { PledgeStore, PledgeTotalsRow, PledgeView } from '../capabilities/pledges.ts';
import type { EntryView } from '../capabilities/views.ts';
import type { Disclosure, DonationChannel, DonationStatus, DonorKind } from '../domain/donations.ts';
import { DONOR_MERGE_DEPTH_MAX } from '../domain/limits.ts';
import type { CurrencyCode } from '../domain/money.ts';
import { outstandingMinor, type PledgeStatus } from '../domain/pledges.ts';
import { AppStore } from './access-store.ts';
import { Filters } from './filters.ts';
import { rootsCondition } from './ledger-store.ts';
import { multiRowInsert } from './multi-row-insert.ts';
import { bigintOf, isoInstant, optionalText, textOf } from './rows.ts';

const DONATION_SELECT = `SELECT d.*, o.kind AS donor_kind, o.name AS donor_name FROM donations d JOIN donors o ON o.id = d.donor_id`;

/** The store of every capability: ledger, access control, and donations with campaigns and receipts. */
export class SoquyStore
  extends AppStore
  implements DonationStore, CampaignStore, PledgeStore, DonorStore, FundBalanceStore
{
  // — campaigns —

  async getCampaign(id: string): Promise<CampaignView | null> {
    const [row] = await this.rows('SELECT * FROM campaigns WHERE id = ?', [id]);
    return row ? campaignFromRow(row) : null;
  }

  async findCampaignIdByPrefix(prefix: string): Promise<string | null> {
    const [row] = await this.rows('SELECT id FROM campaigns WHERE payment_code_prefix = ?', [prefix]);
    return row ? textOf(row.id) : null;
  }

  async insertCampaign(campaign: CampaignView, extras: WriteExtras): Promise<void> {
    await this.write(
      [
        {
          sql: `INSERT INTO campaigns (id, fund_id, unit_id, name, purpose, legal_basis, bank_bin, bank_account_no, bank_account_holder,
                  receiving_from, receiving_to, distribution_deadline, payment_code_prefix, created_at_ms)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          args: [
            campaign.id,
            campaign.fundId,
            campaign.unitId,
            campaign.name,
            campaign.purpose,
            campaign.legalBasis,
            campaign.bankAccount?.bin ?? null,
            campaign.bankAccount?.accountNo ?? null,
            campaign.bankAccount?.holder ?? null,
            campaign.receivingFrom,
            campaign.receivingTo,
            campaign.distributionDeadline,
            campaign.paymentCodePrefix,
            Date.parse(campaign.createdAt),
          ],
        },
      ],
      extras,
    );
  }

  async listCampaigns(fundId: string): Promise<CampaignView[]> {
    return (
      await this.rows('SELECT * FROM campaigns WHERE fund_id = ? ORDER BY receiving_from, id', [fundId])
    ).map(campaignFromRow);
  }

  async countCampaignDonations(campaignId: string): Promise<number> {
    const [row] = await this.rows('SELECT count(*) AS n FROM donations WHERE campaign_id = ?', [campaignId]);
    return Number(row?.n ?? 0);
  }

  // — donors —

  async getDonor(id: string): Promise<DonorRecord | null> {
    let currentId = id;
    for (let depth = 0; depth < DONOR_MERGE_DEPTH_MAX; depth += 1) {
      const [row] = await this.rows('SELECT * FROM donors WHERE id = ?', [currentId]);
      if (!row) return null;
      if (row.merged_into_id === null) return donorFromRow(row);
      currentId = textOf(row.merged_into_id);
    }
    return null;
  }

  // — donations and receipts —

  async nextReceiptNumber(unitId: string, year: number): Promise<number> {
    const [row] = await this.rows(
      'SELECT coalesce(max(number), 0) + 1 AS next FROM receipts WHERE unit_id = ? AND year = ?',
      [unitId, year],
    );
    return Number(row?.next ?? 1);
  }

  async commitDonation(gift: NewDonation, seal: (views: EntryView[]) => WriteExtras): Promise<void> {
    await this.commitDonations([gift], seal);
  }

  /** Gifts in one batch (one gift, or an import): entries, donors, donations, receipts and pledge updates. */
  async commitDonations(gifts: NewDonation[], seal: (views: EntryView[]) => WriteExtras): Promise<void> {
    await this.commitWithEntries(
      gifts.map((gift) => ({
        ...gift.entry,
        flow: { kind: 'donation', donationId: gift.donation.id, earmark: gift.donation.earmark },
      })),
      () => giftStatements(gifts),
      seal,
    );
  }

  async existingBankRefs(fundId: string, bankRefs: string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (let start = 0; start < bankRefs.length; start += 500) {
      const chunk = bankRefs.slice(start, start + 500);
      const rows = await this.rows(
        // `+fund_id`: look the references up by their own index; the fund's index would scan all its gifts.
        `SELECT bank_ref FROM donations WHERE +fund_id = ? AND status = 'valid' AND bank_ref IN (${chunk.map(() => '?').join(', ')})`,
        [fundId, ...chunk],
      );
      for (const row of rows) found.add(textOf(row.bank_ref));
    }
    return found;
  }

  async commitDonationVoid(
    donationId: string,
    reason: string,
    reversal: NewEntry,
    seal: (views: EntryView[]) => WriteExtras,
  ): Promise<string> {
    await this.commitWithEntries(
      [reversal],
      () => [
        {
          sql: "UPDATE donations SET status = 'void', void_reason = ?, void_entry_id = ? WHERE id = ? AND status = 'valid'",
          args: [reason, reversal.id, donationId],
        },
        // A fulfilled pledge whose gift is voided is open again (a cancelled one stays cancelled).
        {
          sql: "UPDATE pledges SET status = 'open' WHERE status = 'fulfilled' AND id = (SELECT pledge_id FROM donations WHERE id = ?)",
          args: [donationId],
        },
      ],
      seal,
    );
    return reversal.id;
  }

  async getDonation(id: string): Promise<DonationView | null> {
    const [row] = await this.rows(`${DONATION_SELECT} WHERE d.id = ?`, [id]);
    return row ? donationFromRow(row) : null;
  }

  async getDonationByReceipt(receiptNo: string): Promise<DonationView | null> {
    const [row] = await this.rows(`${DONATION_SELECT} WHERE d.receipt_no = ?`, [receiptNo]);
    return row ? donationFromRow(row) : null;
  }

  async listDonations(query: Parameters<DonationStore['listDonations']>[0]): Promise<DonationView[]> {
    const visible = rootsCondition('d.unit_id', query.roots);
    const where = new Filters()
      .when(query.fundId, 'd.fund_id = ?')
      .when(query.campaignId, 'd.campaign_id = ?')
      .when(query.donorId, 'd.donor_id = ?')
      .when(query.from, 'd.received_on >= ?')
      .when(query.to, 'd.received_on <= ?')
      .when(query.after?.receivedOn, '(d.received_on, d.id) > (?, ?)', [
        query.after?.receivedOn ?? null,
        query.after?.id ?? null,
      ])
      .add(visible.sql, visible.args);
    const rows = await this.rows(
      `${DONATION_SELECT} WHERE ${where.sql} ORDER BY d.received_on, d.id LIMIT ?`,
      [...where.args, query.limit],
    );
    return rows.map(donationFromRow);
  }

  // — pledges (commitments tracked off the ledger: docs/decisions/0004-pledges.md) —

  async getPledge(id: string): Promise<PledgeView | null> {
    const [row] = await this.rows(`${PLEDGE_SELECT} WHERE p.id = ?`, [id]);
    return row ? pledgeFromRow(row) : null;
  }

  async insertPledge(pledge: PledgeView, newDonor: DonorRecord | null, extras: WriteExtras): Promise<void> {
    await this.write(
      [
        ...(newDonor ? [donorInsert(newDonor)] : []),
        {
          sql: `INSERT INTO pledges (id, fund_id, unit_id, campaign_id, donor_id, amount_minor, currency, pledged_on, due_on,
                  status, cancel_reason, created_at_ms)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', NULL, ?)`,
          args: [
            pledge.id,
            pledge.fundId,
            pledge.unitId,
            pledge.campaignId,
            pledge.donor.id,
            Number(pledge.amount),
            pledge.currency,
            pledge.pledgedOn,
            pledge.dueOn,
            Date.parse(pledge.createdAt),
          ],
        },
      ],
      extras,
    );
  }

  /** Unconditional: the status trigger refuses (and aborts the batch) if the pledge is no longer open. */
  async cancelPledge(id: string, reason: string, extras: WriteExtras): Promise<void> {
    await this.write(
      [
        {
          sql: "UPDATE pledges SET status = 'cancelled', cancel_reason = ? WHERE id = ?",
          args: [reason, id],
        },
      ],
      extras,
    );
  }

  async listPledges(query: Parameters<PledgeStore['listPledges']>[0]): Promise<PledgeView[]> {
    const visible = rootsCondition('p.unit_id', query.roots);
    const where = new Filters()
      .when(query.fundId, 'p.fund_id = ?')
      .when(query.campaignId, 'p.campaign_id = ?')
      .when(query.status, 'p.status = ?')
      .when(query.after?.pledgedOn, '(p.pledged_on, p.id) > (?, ?)', [
        query.after?.pledgedOn ?? null,
        query.after?.id ?? null,
      ])
      .add(visible.sql, visible.args);
    const rows = await this.rows(`${PLEDGE_SELECT} WHERE ${where.sql} ORDER BY p.pledged_on, p.id LIMIT ?`, [
      ...where.args,
      query.limit,
    ]);
    return rows.map(pledgeFromRow);
  }

  async pledgeTotals(
    query: Parameters<PledgeStore['pledgeTotals']>[0],
  ): Promise<Omit<PledgeTotalsRow, 'outstanding'>[]> {
    const where = new Filters()
      .when(query.fundId, 'p.fund_id = ?')
      .when(query.campaignId, 'p.campaign_id = ?');
    const rows = await this.rows(
      `SELECT p.campaign_id, c.name AS campaign_name, p.currency, count(*) AS pledge_count,
              CAST(sum(p.amount_minor) AS TEXT) AS pledged, CAST(sum(${PLEDGE_RECEIVED}) AS TEXT) AS received
       FROM pledges p LEFT JOIN campaigns c ON c.id = p.campaign_id
       WHERE p.status <> 'cancelled' AND ${where.sql}
       GROUP BY p.campaign_id, p.currency
       ORDER BY p.campaign_id IS NOT NULL, c.receiving_from, p.campaign_id, p.currency`,
      where.args,
    );
    return rows.map((row) => ({
      campaignId: optionalText(row.campaign_id),
      campaignName: optionalText(row.campaign_name),
      currency: textOf(row.currency) as CurrencyCode,
      pledgeCount: Number(row.pledge_count),
      pledged: bigintOf(row.pledged).toString(),
      received: bigintOf(row.received).toString(),
    }));
  }

  // — the donor registry —

  async findDonor(id: string): Promise<{ record: DonorRecord; mergedIntoId: string | null } | null> {
    const [row] = await this.rows('SELECT * FROM donors WHERE id = ?', [id]);
    return row ? { record: donorFromRow(row), mergedIntoId: optionalText(row.merged_into_id) } : null;
  }

  /** Surviving donors only (merged duplicates are found through their survivor). */
  async searchDonors(query: Parameters<DonorStore['searchDonors']>[0]): Promise<DonorRecord[]> {
    const visible = rootsCondition('unit_id', query.roots);
    const pattern = query.nameSearch === null ? null : `%${query.nameSearch.replace(/[\\%_]/g, '\\$&')}%`;
    const where = new Filters()
      .add('merged_into_id IS NULL')
      .when(pattern, "name_search LIKE ? ESCAPE '\\'")
      .when(query.after?.nameSearch, '(name_search, id) > (?, ?)', [
        query.after?.nameSearch ?? null,
        query.after?.id ?? null,
      ])
      .add(visible.sql, visible.args);
    const rows = await this.rows(`SELECT * FROM donors WHERE ${where.sql} ORDER BY name_search, id LIMIT ?`, [
      ...where.args,
      query.limit,
    ]);
    return rows.map(donorFromRow);
  }

  async donorFamily(id: string): Promise<{ id: string; depth: number }[]> {
    const rows = await this.rows(`${DONOR_FAMILY} SELECT id, depth FROM family ORDER BY depth, id`, [
      id,
      DONOR_MERGE_DEPTH_MAX,
    ]);
    return rows.map((row) => ({ id: textOf(row.id), depth: Number(row.depth) }));
  }

  async familyDonations(query: Parameters<DonorStore['familyDonations']>[0]): Promise<DonationView[]> {
    const visible = rootsCondition('d.unit_id', query.roots);
    const rows = await this.rows(
      `${DONOR_FAMILY} ${DONATION_SELECT}
       WHERE d.donor_id IN (SELECT id FROM family) AND ${visible.sql}
       ORDER BY d.received_on DESC, d.id DESC LIMIT ?`,
      [query.donorId, DONOR_MERGE_DEPTH_MAX, ...visible.args, query.limit],
    );
    return rows.map(donationFromRow);
  }

  async familyTotals(
    query: Parameters<DonorStore['familyTotals']>[0],
  ): Promise<{ currency: CurrencyCode; amount: string; count: number }[]> {
    const visible = rootsCondition('d.unit_id', query.roots);
    const rows = await this.rows(
      `${DONOR_FAMILY} SELECT d.currency, CAST(sum(d.amount_minor) AS TEXT) AS amount, count(*) AS n FROM donations d
       WHERE d.donor_id IN (SELECT id FROM family) AND d.status = 'valid' AND ${visible.sql}
       GROUP BY d.currency ORDER BY d.currency`,
      [query.donorId, DONOR_MERGE_DEPTH_MAX, ...visible.args],
    );
    return rows.map((row) => ({
      currency: textOf(row.currency) as CurrencyCode,
      amount: bigintOf(row.amount).toString(),
      count: Number(row.n),
    }));
  }

  /** The merge trigger refuses a donor already merged, or a survivor that was merged elsewhere. */
  async mergeDonor(id: string, intoId: string, extras: WriteExtras): Promise<void> {
    await this.write(
      [{ sql: 'UPDATE donors SET merged_into_id = ? WHERE id = ?', args: [intoId, id] }],
      extras,
    );
  }

  // — what earmarks and disbursements may name —

  async projectFacts(id: string): Promise<ProjectFacts | null> {
    const [row] = await this.rows(
      'SELECT id, unit_id, fund_id, name, budget_minor, currency, status, beneficiary_id FROM projects WHERE id = ?',
      [id],
    );
    if (!row) return null;
    return {
      id: textOf(row.id),
      unitId: textOf(row.unit_id),
      fundId: textOf(row.fund_id),
      name: textOf(row.name),
      budgetMinor: bigintOf(row.budget_minor),
      currency: textOf(row.currency) as CurrencyCode,
      status: textOf(row.status),
      beneficiaryId: optionalText(row.beneficiary_id),
    };
  }

  async beneficiaryUnit(id: string): Promise<string | null> {
    const [row] = await this.rows('SELECT unit_id FROM beneficiaries WHERE id = ?', [id]);
    return row ? textOf(row.unit_id) : null;
  }

  // — restricted money —

  async earmarkedTotals(fundId: string): Promise<{ currency: CurrencyCode; amountMinor: bigint }[]> {
    const rows = await this.rows(
      // What earmarked gifts (and earmarked money transferred in) still hold: not yet spent on their purpose.
      `SELECT currency, CAST(sum(amount_minor - allocated_minor) AS TEXT) AS amount FROM allocation_sources
       WHERE fund_id = ? AND earmarked = 1 AND removed_by_entry_id IS NULL
       GROUP BY currency ORDER BY currency`,
      [fundId],
    );
    return rows.map((row) => ({
      currency: textOf(row.currency) as CurrencyCode,
      amountMinor: bigintOf(row.amount),
    }));
  }
}

/** Valid gifts against pledge `p`. */
const PLEDGE_RECEIVED = `(SELECT coalesce(sum(g.amount_minor), 0) FROM donations g WHERE g.pledge_id = p.id AND g.status = 'valid')`;

const PLEDGE_SELECT = `SELECT p.*, o.kind AS donor_kind, o.name AS donor_name, ${PLEDGE_RECEIVED} AS received_minor
  FROM pledges p JOIN donors o ON o.id = p.donor_id`;

/** `family`: a donor (first argument) and every donor merged into it, to a depth (second argument). */
const DONOR_FAMILY = `WITH RECURSIVE family(id, depth) AS (
  SELECT ?, 0
  UNION ALL
  SELECT m.id, f.depth + 1 FROM donors m JOIN family f ON m.merged_into_id = f.id WHERE f.depth < ?
)`;

/**
 * Marks a pledge fulfilled once its valid gifts add up to what was pledged; runs after the gift's insert
 * in the same batch, so a partial gift leaves it open.
 */
function pledgeFulfilment(pledgeId: string): InStatement {
  return {
    sql: `UPDATE pledges SET status = 'fulfilled' WHERE id = ? AND status = 'open'
            AND amount_minor = (SELECT coalesce(sum(amount_minor), 0) FROM donations WHERE pledge_id = ? AND status = 'valid')`,
    args: [pledgeId, pledgeId],
  };
}

function pledgeFromRow(row: Row): PledgeView {
  const status = textOf(row.status) as PledgeStatus;
  const amountMinor = bigintOf(row.amount_minor);
  const receivedMinor = bigintOf(row.received_minor);
  return {
    id: textOf(row.id),
    fundId: textOf(row.fund_id),
    unitId: textOf(row.unit_id),
    campaignId: optionalText(row.campaign_id),
    donor: {
      id: textOf(row.donor_id),
      kind: textOf(row.donor_kind) as DonorKind,
      name: textOf(row.donor_name),
    },
    amount: amountMinor.toString(),
    currency: textOf(row.currency) as CurrencyCode,
    pledgedOn: textOf(row.pledged_on),
    dueOn: optionalText(row.due_on),
    status,
    cancelReason: optionalText(row.cancel_reason),
    received: receivedMinor.toString(),
    outstanding: outstandingMinor({ amountMinor, receivedMinor, status }).toString(),
    createdAt: isoInstant(row.created_at_ms),
  };
}

const DONORS = multiRowInsert(
  'donors (id, kind, name, name_search, address, contact, unit_id, merged_into_id, created_at_ms)',
  9,
);
const DONATIONS = multiRowInsert(
  `donations (id, fund_id, unit_id, campaign_id, donor_id, pledge_id, amount_minor, currency, received_on, channel,
     disclosure, bank_ref, memo, earmark_category, earmark_project_id, earmark_beneficiary_id, in_kind_description,
     in_kind_quantity, in_kind_unit, in_kind_unit_value_minor, receipt_no, entry_id, status, void_reason, void_entry_id,
     created_at_ms)`,
  26,
);
const RECEIPTS = multiRowInsert('receipts (receipt_no, unit_id, year, number, donation_id, issued_at_ms)', 6);

/**
 * The rows of recorded gifts as multi-row INSERTs (an import of 20,000 gifts is a few dozen statements,
 * not 60,000), then the pledges they complete. Receipts go in number order, as their trigger requires.
 */
function giftStatements(gifts: readonly NewDonation[]): InStatement[] {
  const donors: unknown[] = [];
  const donations: unknown[] = [];
  const receipts: unknown[] = [];
  for (const { donation, newDonor, receipt } of gifts) {
    if (newDonor) donors.push(...donorRow(newDonor));
    donations.push(...donationRow(donation));
    receipts.push(
      donation.receiptNo,
      receipt.unitId,
      receipt.year,
      receipt.number,
      donation.id,
      Date.parse(donation.createdAt),
    );
  }
  const pledges = [
    ...new Set(gifts.flatMap((gift) => (gift.donation.pledgeId ? [gift.donation.pledgeId] : []))),
  ];
  return [
    ...DONORS.statements(donors),
    ...DONATIONS.statements(donations),
    ...RECEIPTS.statements(receipts),
    ...pledges.map(pledgeFulfilment),
  ];
}

function donorInsert(donor: DonorRecord): InStatement {
  return DONORS.statements(donorRow(donor))[0]!;
}

function donorRow(donor: DonorRecord): unknown[] {
  return [
    donor.id,
    donor.kind,
    donor.name,
    donor.nameSearch,
    donor.address,
    donor.contact,
    donor.unitId,
    null,
    donor.createdAtMs,
  ];
}

function donationRow(donation: DonationView): unknown[] {
  return [
    donation.id,
    donation.fundId,
    donation.unitId,
    donation.campaignId,
    donation.donor.id,
    donation.pledgeId,
    Number(donation.amount),
    donation.currency,
    donation.receivedOn,
    donation.channel,
    donation.disclosure,
    donation.bankRef,
    donation.memo,
    donation.earmark?.category ?? null,
    donation.earmark?.projectId ?? null,
    donation.earmark?.beneficiaryId ?? null,
    donation.inKind?.description ?? null,
    donation.inKind?.quantity ?? null,
    donation.inKind?.unit ?? null,
    donation.inKind ? Number(donation.inKind.unitValue) : null,
    donation.receiptNo,
    donation.entryId,
    'valid',
    null,
    null,
    Date.parse(donation.createdAt),
  ];
}

function donorFromRow(row: Row): DonorRecord {
  return {
    id: textOf(row.id),
    kind: textOf(row.kind) as DonorKind,
    name: textOf(row.name),
    nameSearch: textOf(row.name_search),
    address: optionalText(row.address),
    contact: optionalText(row.contact),
    unitId: textOf(row.unit_id),
    createdAtMs: Number(row.created_at_ms),
  };
}

function campaignFromRow(row: Row): CampaignView {
  return {
    id: textOf(row.id),
    fundId: textOf(row.fund_id),
    unitId: textOf(row.unit_id),
    name: textOf(row.name),
    purpose: textOf(row.purpose),
    legalBasis: optionalText(row.legal_basis),
    bankAccount:
      row.bank_bin === null
        ? null
        : {
            bin: textOf(row.bank_bin),
            accountNo: textOf(row.bank_account_no),
            holder: textOf(row.bank_account_holder),
          },
    receivingFrom: textOf(row.receiving_from),
    receivingTo: textOf(row.receiving_to),
    distributionDeadline: textOf(row.distribution_deadline),
    paymentCodePrefix: textOf(row.payment_code_prefix),
    createdAt: isoInstant(row.created_at_ms),
  };
}

function donationFromRow(row: Row): DonationView {
  const hasEarmark =
    row.earmark_category !== null || row.earmark_project_id !== null || row.earmark_beneficiary_id !== null;
  return {
    id: textOf(row.id),
    fundId: textOf(row.fund_id),
    unitId: textOf(row.unit_id),
    campaignId: optionalText(row.campaign_id),
    donor: {
      id: textOf(row.donor_id),
      kind: textOf(row.donor_kind) as DonorKind,
      name: textOf(row.donor_name),
    },
    disclosure: textOf(row.disclosure) as Disclosure,
    amount: String(row.amount_minor),
    currency: textOf(row.currency) as CurrencyCode,
    receivedOn: textOf(row.received_on),
    channel: textOf(row.channel) as DonationChannel,
    bankRef: optionalText(row.bank_ref),
    memo: optionalText(row.memo),
    earmark: hasEarmark
      ? {
          category: optionalText(row.earmark_category),
          projectId: optionalText(row.earmark_project_id),
          beneficiaryId: optionalText(row.earmark_beneficiary_id),
        }
      : null,
    inKind:
      row.in_kind_description === null
        ? null
        : {
            description: textOf(row.in_kind_description),
            quantity: textOf(row.in_kind_quantity),
            unit: textOf(row.in_kind_unit),
            unitValue: String(row.in_kind_unit_value_minor),
          },
    receiptNo: textOf(row.receipt_no),
    entryId: textOf(row.entry_id),
    status: textOf(row.status) as DonationStatus,
    voidReason: optionalText(row.void_reason),
    voidEntryId: optionalText(row.void_entry_id),
    pledgeId: optionalText(row.pledge_id),
    createdAt: isoInstant(row.created_at_ms),
  };
}

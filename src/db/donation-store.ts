import type { InStatement, Row } from '@libsql/client';
import type { CampaignStore, CampaignView } from '../capabilities/campaigns.ts';
import type { WriteExtras } from '../capabilities/context.ts';
import type { DonationStore, DonationView, DonorRecord, NewDonation } from '../capabilities/donations.ts';
import type { NewEntry } from '../capabilities/entries.ts';
import type { EntryView } from '../capabilities/views.ts';
import type { Disclosure, DonationChannel, DonationStatus, DonorKind } from '../domain/donations.ts';
import type { CurrencyCode } from '../domain/money.ts';
import { AppStore } from './access-store.ts';
import { rootsCondition } from './ledger-store.ts';
import { isoInstant, optionalText, textOf } from './rows.ts';

/** Merged donors point at the survivor; chains are short, but never followed forever. */
const DONOR_MERGE_DEPTH_MAX = 16;

const DONATION_SELECT = `SELECT d.*, o.kind AS donor_kind, o.name AS donor_name FROM donations d JOIN donors o ON o.id = d.donor_id`;

/** The store of every capability: ledger, access control, and donations with campaigns and receipts. */
export class SoquyStore extends AppStore implements DonationStore, CampaignStore {
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
    const { donation, newDonor, receipt } = gift;
    await this.commitWithEntries(
      [gift.entry],
      () => [
        ...(newDonor ? [donorInsert(newDonor)] : []),
        donationInsert(donation),
        {
          sql: 'INSERT INTO receipts (receipt_no, unit_id, year, number, donation_id, issued_at_ms) VALUES (?, ?, ?, ?, ?, ?)',
          args: [
            donation.receiptNo,
            receipt.unitId,
            receipt.year,
            receipt.number,
            donation.id,
            Date.parse(donation.createdAt),
          ],
        },
      ],
      seal,
    );
  }

  /** Many gifts in one batch (imports, payroll lists): entries, donors, donations and receipts together. */
  async commitDonations(gifts: NewDonation[], seal: (views: EntryView[]) => WriteExtras): Promise<void> {
    await this.commitWithEntries(
      gifts.map((gift) => gift.entry),
      () =>
        gifts.flatMap((gift) => [
          ...(gift.newDonor ? [donorInsert(gift.newDonor)] : []),
          donationInsert(gift.donation),
          {
            sql: 'INSERT INTO receipts (receipt_no, unit_id, year, number, donation_id, issued_at_ms) VALUES (?, ?, ?, ?, ?, ?)',
            args: [
              gift.donation.receiptNo,
              gift.receipt.unitId,
              gift.receipt.year,
              gift.receipt.number,
              gift.donation.id,
              Date.parse(gift.donation.createdAt),
            ],
          },
        ]),
      seal,
    );
  }

  async existingBankRefs(fundId: string, bankRefs: string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (let start = 0; start < bankRefs.length; start += 500) {
      const chunk = bankRefs.slice(start, start + 500);
      const rows = await this.rows(
        `SELECT bank_ref FROM donations WHERE fund_id = ? AND status = 'valid' AND bank_ref IN (${chunk.map(() => '?').join(', ')})`,
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
    const rows = await this.rows(
      `${DONATION_SELECT}
       WHERE (? IS NULL OR d.fund_id = ?) AND (? IS NULL OR d.campaign_id = ?) AND (? IS NULL OR d.donor_id = ?)
         AND (? IS NULL OR d.received_on >= ?) AND (? IS NULL OR d.received_on <= ?)
         AND (? IS NULL OR (d.received_on, d.id) > (?, ?)) AND ${visible.sql}
       ORDER BY d.received_on, d.id LIMIT ?`,
      [
        query.fundId,
        query.fundId,
        query.campaignId,
        query.campaignId,
        query.donorId,
        query.donorId,
        query.from,
        query.from,
        query.to,
        query.to,
        query.after?.receivedOn ?? null,
        query.after?.receivedOn ?? null,
        query.after?.id ?? null,
        ...visible.args,
        query.limit,
      ],
    );
    return rows.map(donationFromRow);
  }
}

function donorInsert(donor: DonorRecord): InStatement {
  return {
    sql: `INSERT INTO donors (id, kind, name, name_search, address, contact, unit_id, merged_into_id, created_at_ms)
          VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?)`,
    args: [
      donor.id,
      donor.kind,
      donor.name,
      donor.nameSearch,
      donor.address,
      donor.contact,
      donor.unitId,
      donor.createdAtMs,
    ],
  };
}

function donationInsert(donation: DonationView): InStatement {
  return {
    sql: `INSERT INTO donations (id, fund_id, unit_id, campaign_id, donor_id, pledge_id, amount_minor, currency, received_on, channel,
            disclosure, bank_ref, memo, earmark_category, earmark_project_id, earmark_beneficiary_id, in_kind_description,
            in_kind_quantity, in_kind_unit, in_kind_unit_value_minor, receipt_no, entry_id, status, void_reason, void_entry_id, created_at_ms)
          VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'valid', NULL, NULL, ?)`,
    args: [
      donation.id,
      donation.fundId,
      donation.unitId,
      donation.campaignId,
      donation.donor.id,
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
      Date.parse(donation.createdAt),
    ],
  };
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
    createdAt: isoInstant(row.created_at_ms),
  };
}

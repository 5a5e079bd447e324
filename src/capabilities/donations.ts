import type { Actor } from '../domain/access.ts';
import type { LedgerAccount } from '../domain/accounts.ts';
import type { AccountRole } from '../domain/chart.ts';
import { todayInVietnam } from '../domain/dates.ts';
import {
  type Disclosure,
  type DonationChannel,
  type DonationStatus,
  type DonorKind,
  foldForSearch,
  inKindAmountMinor,
  receiptNumber,
} from '../domain/donations.ts';
import { applyPostings, checkEntry, type EntryDraft, reversalOf } from '../domain/entries.ts';
import { assert, DomainError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { DESCRIPTION_LENGTH_MAX } from '../domain/limits.ts';
import type { CurrencyCode } from '../domain/money.ts';
import { checkPledgedGift, type PledgedGift } from '../domain/pledges.ts';
import { accountsByRole } from './accounts.ts';
import { type AuthorizeStore, requirePermission, visibleRoots } from './authorize.ts';
import type { CampaignView } from './campaigns.ts';
import type { WriteContext, WriteExtras } from './context.ts';
import { decodeCursor, pageOf, pageSize } from './cursor.ts';
import type { NewEntry } from './entries.ts';
import { type IdempotencyStore, idempotentWrite, type WriteOutcome } from './idempotency.ts';
import type { PledgeView } from './pledges.ts';
import type { AccountView, EntryView, FundView, Page, UnitView } from './views.ts';

export interface DonorRecord {
  id: string;
  kind: DonorKind;
  name: string;
  nameSearch: string;
  address: string | null;
  contact: string | null;
  unitId: string;
  createdAtMs: number;
}

export interface DonationView {
  id: string;
  fundId: string;
  unitId: string;
  campaignId: string | null;
  donor: { id: string; kind: DonorKind; name: string };
  disclosure: Disclosure;
  amount: string;
  currency: CurrencyCode;
  receivedOn: string;
  channel: DonationChannel;
  bankRef: string | null;
  memo: string | null;
  earmark: { category: string | null; projectId: string | null; beneficiaryId: string | null } | null;
  inKind: { description: string; quantity: string; unit: string; unitValue: string } | null;
  receiptNo: string;
  entryId: string;
  status: DonationStatus;
  voidReason: string | null;
  voidEntryId: string | null;
  /** The pledge this gift fulfils (in part or in full), if any. */
  pledgeId: string | null;
  createdAt: string;
}

export interface NewDonation {
  donation: DonationView;
  /** A donor registered by this gift, written in the same batch. */
  newDonor: DonorRecord | null;
  receipt: { unitId: string; year: number; number: number };
  entry: NewEntry;
}

export interface DonationStore extends IdempotencyStore, AuthorizeStore {
  getUnit(id: string): Promise<UnitView | null>;
  getFund(id: string): Promise<FundView | null>;
  getCampaign(id: string): Promise<CampaignView | null>;
  listFundAccounts(fundId: string): Promise<AccountView[]>;
  insertAccount(account: AccountView, createdAtMs: number, extras: WriteExtras): Promise<void>;
  loadLedgerAccounts(ids: readonly string[]): Promise<Map<string, LedgerAccount>>;
  getEntry(id: string): Promise<EntryView | null>;
  /** The donor, following merges to the surviving record. */
  getDonor(id: string): Promise<DonorRecord | null>;
  getPledge(id: string): Promise<PledgeView | null>;
  /** What an earmark may name: a project of the fund, a known beneficiary. */
  projectFacts(id: string): Promise<{ fundId: string; name: string } | null>;
  beneficiaryUnit(id: string): Promise<string | null>;
  nextReceiptNumber(unitId: string, year: number): Promise<number>;
  commitDonation(gift: NewDonation, seal: (views: EntryView[]) => WriteExtras): Promise<void>;
  commitDonationVoid(
    donationId: string,
    reason: string,
    reversal: NewEntry,
    seal: (views: EntryView[]) => WriteExtras,
  ): Promise<string>;
  getDonation(id: string): Promise<DonationView | null>;
  getDonationByReceipt(receiptNo: string): Promise<DonationView | null>;
  listDonations(query: {
    fundId: string | null;
    campaignId: string | null;
    donorId: string | null;
    from: string | null;
    to: string | null;
    roots: string[] | null;
    after: { receivedOn: string; id: string } | null;
    limit: number;
  }): Promise<DonationView[]>;
}

export interface RecordDonationInput {
  fundId: string;
  campaignId?: string | null;
  amount?: bigint | null;
  currency: CurrencyCode;
  receivedOn: string;
  channel: DonationChannel;
  donor: { id: string } | { kind: DonorKind; name: string; address?: string | null; contact?: string | null };
  disclosure: Disclosure;
  bankRef?: string | null;
  memo?: string | null;
  earmark?: { projectId?: string | null; beneficiaryId?: string | null; category?: string | null } | null;
  inKind?: { description: string; quantity: string; unit: string; unitValue: bigint } | null;
  /** A gift that fulfils a pledge (đăng ký ủng hộ), in part or in full. */
  pledgeId?: string | null;
}

type Deps = { store: DonationStore; nowMs: () => number };

/** Where the money lands: the cash box, the bank account, or the store of goods. */
export const ASSET_ROLE: Record<DonationChannel, AccountRole> = {
  cash: 'cash',
  bank_transfer: 'bank',
  payroll: 'bank',
  other: 'bank',
  in_kind: 'in_kind_goods',
};

/**
 * Records a gift: the donor (existing, or registered now), the journal entry (asset account by channel
 * ↔ donations received, in the gift's own currency), and the next gap-free receipt number of the
 * fund's unit for the year, all in one atomic batch.
 */
export async function recordDonation(
  deps: Deps,
  context: WriteContext,
  input: RecordDonationInput,
): Promise<WriteOutcome<DonationView>> {
  return idempotentWrite(deps.store, context, deps.nowMs, async (seal) => {
    const fund = await deps.store.getFund(input.fundId);
    if (!fund)
      throw new DomainError('fund-not-found', `There is no fund ${input.fundId}.`, {
        fieldErrors: [{ field: 'fundId', detail: 'unknown fund' }],
      });
    await requirePermission(deps.store, context.actor, 'ledger.record', fund.unitId, fund.name);
    if (fund.status !== 'active') throw new DomainError('fund-closed', `Fund ${fund.name} is closed.`);
    const campaign = input.campaignId
      ? await campaignOf(deps, fund, input.campaignId, input.receivedOn)
      : null;
    await checkEarmarkTargets(deps.store, fund, input.earmark);
    const amountMinor = amountOf(input);
    const nowMs = deps.nowMs();
    const donor = await donorOf(deps, fund, input.donor, nowMs);
    const pledgeId = input.pledgeId
      ? await pledgeFor(deps, input.pledgeId, {
          fundId: fund.id,
          campaignId: campaign?.id ?? null,
          donorId: donor.record.id,
          currency: input.currency,
          amountMinor,
        })
      : null;
    const accounts = await accountsFor(deps, fund, input.currency, nowMs);
    const debit = accounts.get(ASSET_ROLE[input.channel]);
    const credit = accounts.get('donation_revenue');
    assert(debit && credit, 'template accounts exist for the currency');
    const draft = giftEntryDraft(input, donor.record.name, campaign, debit.id, credit.id, amountMinor);
    const entry = await prepareEntry(deps, draft, nowMs);
    const unit = await deps.store.getUnit(fund.unitId);
    assert(unit, 'a fund has a unit');
    const year = Number(input.receivedOn.slice(0, 4));
    const number = await deps.store.nextReceiptNumber(unit.id, year);
    const donation = giftView(input, {
      fund,
      campaignId: campaign?.id ?? null,
      donor: donor.record,
      amountMinor,
      receiptNo: receiptNumber(unit.code, year, number),
      entryId: entry.id,
      pledgeId,
      nowMs,
    });
    await deps.store.commitDonation(
      {
        donation,
        newDonor: donor.isNew ? donor.record : null,
        receipt: { unitId: unit.id, year, number },
        entry,
      },
      () => seal(donation, fund.unitId),
    );
    return donation;
  });
}

/** The journal entry of a gift: asset account by channel ↔ donations received, memos kept. */
export function giftEntryDraft(
  input: RecordDonationInput,
  donorName: string,
  campaign: CampaignView | null,
  debitAccountId: string,
  creditAccountId: string,
  amountMinor: bigint,
): EntryDraft {
  const what = input.inKind ? 'Ủng hộ hiện vật' : 'Ủng hộ';
  return {
    date: input.receivedOn,
    description: `${what}: ${donorName}${campaign ? ` — ${campaign.name}` : ''}`.slice(
      0,
      DESCRIPTION_LENGTH_MAX,
    ),
    kind: 'donation',
    reversesEntryId: null,
    postings: [
      { accountId: debitAccountId, side: 'debit', amountMinor, memo: input.bankRef ?? null },
      { accountId: creditAccountId, side: 'credit', amountMinor, memo: input.memo ?? null },
    ],
  };
}

/** The donation as recorded (and answered), from its input and what recording it decided. */
export function giftView(
  input: RecordDonationInput,
  decided: {
    fund: FundView;
    campaignId: string | null;
    donor: DonorRecord;
    amountMinor: bigint;
    receiptNo: string;
    entryId: string;
    pledgeId: string | null;
    nowMs: number;
    /** Given by batches, which number their rows in order. */
    id?: string;
  },
): DonationView {
  const { fund, donor } = decided;
  const inKind = input.inKind;
  return {
    id: decided.id ?? newId(decided.nowMs),
    fundId: fund.id,
    unitId: fund.unitId,
    campaignId: decided.campaignId,
    donor: { id: donor.id, kind: donor.kind, name: donor.name },
    disclosure: input.disclosure,
    amount: decided.amountMinor.toString(),
    currency: input.currency,
    receivedOn: input.receivedOn,
    channel: input.channel,
    bankRef: input.bankRef ?? null,
    memo: input.memo ?? null,
    earmark: earmarkOf(input.earmark),
    inKind: inKind
      ? {
          description: inKind.description,
          quantity: inKind.quantity,
          unit: inKind.unit,
          unitValue: inKind.unitValue.toString(),
        }
      : null,
    receiptNo: decided.receiptNo,
    entryId: decided.entryId,
    status: 'valid',
    voidReason: null,
    voidEntryId: null,
    pledgeId: decided.pledgeId,
    createdAt: new Date(decided.nowMs).toISOString(),
  };
}

/**
 * The pledge a gift counts towards, checked (src/domain/pledges.ts). The store marks it fulfilled in the
 * gift's own batch once everything pledged has come in; the database checks the same rules again.
 */
async function pledgeFor(deps: Deps, pledgeId: string, gift: PledgedGift): Promise<string> {
  const pledge = await deps.store.getPledge(pledgeId);
  if (!pledge) {
    throw new DomainError('validation-failed', `There is no pledge ${pledgeId}.`, {
      fieldErrors: [{ field: 'pledgeId', detail: 'unknown pledge' }],
    });
  }
  const pledgeDonor = await deps.store.getDonor(pledge.donor.id);
  assert(pledgeDonor, 'a pledge has its donor');
  checkPledgedGift(
    {
      id: pledge.id,
      fundId: pledge.fundId,
      campaignId: pledge.campaignId,
      donorId: pledgeDonor.id,
      currency: pledge.currency,
      amountMinor: BigInt(pledge.amount),
      receivedMinor: BigInt(pledge.received),
      status: pledge.status,
    },
    gift,
  );
  return pledge.id;
}

export async function campaignOf(
  deps: Deps,
  fund: FundView,
  campaignId: string,
  receivedOn: string,
): Promise<CampaignView> {
  const campaign = await deps.store.getCampaign(campaignId);
  if (!campaign || campaign.fundId !== fund.id) {
    throw new DomainError('validation-failed', `Fund ${fund.name} has no campaign ${campaignId}.`, {
      fieldErrors: [{ field: 'campaignId', detail: 'unknown campaign for this fund' }],
    });
  }
  if (receivedOn < campaign.receivingFrom || receivedOn > campaign.receivingTo) {
    throw new DomainError(
      'validation-failed',
      `Campaign "${campaign.name}" receives gifts from ${campaign.receivingFrom} to ${campaign.receivingTo}; this gift is dated ${receivedOn}.`,
      {
        fieldErrors: [
          {
            field: 'receivedOn',
            detail: `must be within ${campaign.receivingFrom} – ${campaign.receivingTo}`,
          },
        ],
      },
    );
  }
  return campaign;
}

export function amountOf(input: RecordDonationInput): bigint {
  if (input.channel === 'in_kind' && !input.inKind) {
    throw new DomainError(
      'validation-failed',
      'An in-kind gift needs its description, quantity, unit and unit value.',
      {
        fieldErrors: [{ field: 'inKind', detail: 'required when channel is in_kind' }],
      },
    );
  }
  if (input.inKind && input.channel !== 'in_kind') {
    throw new DomainError('validation-failed', 'Goods are recorded with channel "in_kind".', {
      fieldErrors: [{ field: 'channel', detail: 'must be in_kind when inKind is given' }],
    });
  }
  if (input.inKind) {
    const value = inKindAmountMinor(input.inKind.quantity, input.inKind.unitValue);
    if (input.amount != null && input.amount !== value) {
      throw new DomainError('validation-failed', `The amount must equal quantity × unit value (${value}).`, {
        fieldErrors: [{ field: 'amount', detail: `must be ${value} or left out` }],
      });
    }
    return value;
  }
  if (input.amount == null) {
    throw new DomainError('validation-failed', 'How much was given?', {
      fieldErrors: [{ field: 'amount', detail: 'required' }],
    });
  }
  return input.amount;
}

export function earmarkOf(earmark: RecordDonationInput['earmark']): DonationView['earmark'] {
  if (!earmark) return null;
  const named = [earmark.projectId, earmark.beneficiaryId, earmark.category].filter((value) => value != null);
  if (named.length !== 1) {
    throw new DomainError(
      'validation-failed',
      'An earmark names exactly one of a project, a beneficiary or a purpose category.',
      {
        fieldErrors: [{ field: 'earmark', detail: 'give exactly one of projectId, beneficiaryId, category' }],
      },
    );
  }
  return {
    category: earmark.category ?? null,
    projectId: earmark.projectId ?? null,
    beneficiaryId: earmark.beneficiaryId ?? null,
  };
}

export async function donorOf(
  deps: { store: Pick<DonationStore, 'getDonor'> },
  fund: Pick<FundView, 'unitId'>,
  donor: RecordDonationInput['donor'],
  nowMs: number,
  makeId: () => string = () => newId(nowMs),
): Promise<{ record: DonorRecord; isNew: boolean }> {
  if ('id' in donor) {
    const existing = await deps.store.getDonor(donor.id);
    if (!existing)
      throw new DomainError('validation-failed', `There is no donor ${donor.id}.`, {
        fieldErrors: [{ field: 'donor.id', detail: 'unknown donor' }],
      });
    return { record: existing, isNew: false };
  }
  return {
    record: {
      id: makeId(),
      kind: donor.kind,
      name: donor.name,
      nameSearch: foldForSearch(donor.name),
      address: donor.address ?? null,
      contact: donor.contact ?? null,
      unitId: fund.unitId,
      createdAtMs: nowMs,
    },
    isNew: true,
  };
}

const CURRENCY_ROLES: AccountRole[] = [
  'cash',
  'bank',
  'in_kind_goods',
  'donation_revenue',
  'currency_trading',
];

/**
 * The fund's accounts by role in the gift's currency. A first gift in a foreign currency opens that
 * currency's cash, bank, revenue and trading accounts (codes suffixed with the currency).
 */
export async function accountsFor(
  deps: Deps,
  fund: FundView,
  currency: CurrencyCode,
  nowMs: number,
): Promise<Map<string, AccountView>> {
  const all = await deps.store.listFundAccounts(fund.id);
  const inCurrency: Map<string, AccountView> = accountsByRole(all, currency);
  if (currency === fund.currency) return inCurrency;
  const templates = accountsByRole(all, fund.currency);
  for (const role of CURRENCY_ROLES) {
    if (inCurrency.has(role)) continue;
    const template = templates.get(role);
    assert(template, `fund has a ${role} account`);
    const account: AccountView = {
      ...template,
      id: newId(nowMs),
      code: `${template.code}-${currency}`,
      name: `${template.name} — ${currency}`,
      currency,
      debitTotal: '0',
      creditTotal: '0',
      balance: '0',
    };
    await deps.store.insertAccount(account, nowMs, { idempotency: null, audit: null });
    inCurrency.set(role, account);
  }
  return inCurrency;
}

/** Checks one draft against the accounts' current totals: the entry ready to commit, or a refusal. */
export async function prepareEntry(
  deps: { store: Pick<DonationStore, 'loadLedgerAccounts'> },
  draft: EntryDraft,
  nowMs: number,
): Promise<NewEntry> {
  const accounts = await deps.store.loadLedgerAccounts(draft.postings.map((posting) => posting.accountId));
  const postings = checkEntry(draft, accounts);
  applyPostings(postings, accounts);
  return {
    id: newId(nowMs),
    date: draft.date,
    description: draft.description,
    kind: draft.kind,
    reversesEntryId: draft.reversesEntryId,
    createdAtMs: nowMs,
    postings,
  };
}

/**
 * An earmark must name something the money can reach: a project of this fund, a known beneficiary (a
 * category is checked by the request schema). Money earmarked for nothing real could never be spent.
 */
export async function checkEarmarkTargets(
  store: Pick<DonationStore, 'projectFacts' | 'beneficiaryUnit'>,
  fund: FundView,
  earmark: RecordDonationInput['earmark'],
): Promise<void> {
  if (earmark?.projectId) {
    const project = await store.projectFacts(earmark.projectId);
    if (!project || project.fundId !== fund.id) {
      throw new DomainError(
        'validation-failed',
        `The earmark names project ${earmark.projectId}, which is not a project of ${fund.name}.`,
        {
          fieldErrors: [{ field: 'earmark.projectId', detail: 'unknown project for this fund' }],
        },
      );
    }
  }
  if (earmark?.beneficiaryId && !(await store.beneficiaryUnit(earmark.beneficiaryId))) {
    throw new DomainError(
      'validation-failed',
      `The earmark names beneficiary ${earmark.beneficiaryId}, who is not recorded.`,
      {
        fieldErrors: [{ field: 'earmark.beneficiaryId', detail: 'unknown beneficiary' }],
      },
    );
  }
}

/** Staff see every field of a donation in their scope. */
export async function getDonation(
  deps: { store: Pick<DonationStore, 'getDonation'> & AuthorizeStore },
  actor: Actor,
  id: string,
): Promise<DonationView> {
  const donation = await deps.store.getDonation(id);
  if (!donation) throw new DomainError('not-found', `There is no donation ${id}.`);
  await requirePermission(deps.store, actor, 'ledger.read', donation.unitId);
  return donation;
}

export async function listDonations(
  deps: { store: DonationStore },
  actor: Actor,
  query: {
    fundId?: string;
    campaignId?: string;
    donorId?: string;
    from?: string;
    to?: string;
    cursor?: string;
    limit?: number;
  },
): Promise<Page<DonationView>> {
  if (query.fundId) {
    const fund = await deps.store.getFund(query.fundId);
    if (fund) await requirePermission(deps.store, actor, 'ledger.read', fund.unitId, fund.name);
  }
  const limit = pageSize(query.limit);
  const after = query.cursor ? decodeCursor(query.cursor, 2) : null;
  const rows = await deps.store.listDonations({
    fundId: query.fundId ?? null,
    campaignId: query.campaignId ?? null,
    donorId: query.donorId ?? null,
    from: query.from ?? null,
    to: query.to ?? null,
    roots: query.fundId ? null : visibleRoots(actor, 'ledger.read'),
    after: after ? { receivedOn: String(after[0]), id: String(after[1]) } : null,
    limit: limit + 1,
  });
  return pageOf(rows, limit, (last) => [last.receivedOn, last.id]);
}

/**
 * Voiding a gift reverses its entry and marks the donation and its receipt void; the receipt number is
 * never reused. Refused when the money has already been spent (the bank or cash would go below zero).
 */
export async function voidDonation(
  deps: Deps,
  context: WriteContext,
  input: { donationId: string; reason: string },
): Promise<WriteOutcome<DonationView>> {
  return idempotentWrite(
    deps.store,
    context,
    deps.nowMs,
    async (seal) => {
      const donation = await getDonation(deps, context.actor, input.donationId);
      await requirePermission(deps.store, context.actor, 'ledger.record', donation.unitId);
      if (donation.status === 'void') {
        throw new DomainError(
          'conflict',
          `Donation ${donation.receiptNo} was already voided: ${donation.voidReason}.`,
        );
      }
      const entryPostings = await entryPostingsOf(deps, donation);
      const nowMs = deps.nowMs();
      const draft = reversalOf(
        { id: donation.entryId, kind: 'donation', postings: entryPostings },
        laterOf(donation.receivedOn, nowMs),
        input.reason,
      );
      const reversal = await prepareEntry(deps, draft, nowMs);
      const voided: DonationView = {
        ...donation,
        status: 'void',
        voidReason: input.reason,
        voidEntryId: reversal.id,
      };
      await deps.store.commitDonationVoid(donation.id, input.reason, reversal, () =>
        seal(voided, donation.unitId),
      );
      return voided;
    },
    200,
  );
}

async function entryPostingsOf(deps: { store: DonationStore }, donation: DonationView) {
  const entry = await deps.store.getEntry(donation.entryId);
  assert(entry, 'a donation has its entry');
  return entry.postings.map((posting) => ({
    accountId: posting.accountId,
    side: posting.side,
    amountMinor: BigInt(posting.amount),
    memo: posting.memo,
  }));
}

function laterOf(date: string, nowMs: number): string {
  const today = todayInVietnam(nowMs);
  return today > date ? today : date;
}

export async function getReceipt(
  deps: { store: DonationStore },
  actor: Actor,
  receiptNo: string,
): Promise<DonationView> {
  const donation = await deps.store.getDonationByReceipt(receiptNo);
  if (!donation) throw new DomainError('not-found', `There is no receipt ${receiptNo}.`);
  await requirePermission(deps.store, actor, 'ledger.read', donation.unitId);
  return donation;
}

import type { Actor } from '../domain/access.ts';
import type { DonorKind } from '../domain/donations.ts';
import { DomainError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import type { CurrencyCode } from '../domain/money.ts';
import type { PledgeStatus } from '../domain/pledges.ts';
import { type AuthorizeStore, requirePermission, visibleRoots } from './authorize.ts';
import type { CampaignView } from './campaigns.ts';
import type { WriteContext, WriteExtras } from './context.ts';
import { decodeCursor, pageOf, pageSize } from './cursor.ts';
import { type DonorRecord, donorOf, type RecordDonationInput } from './donations.ts';
import { type IdempotencyStore, idempotentWrite, type WriteOutcome } from './idempotency.ts';
import type { FundView, Page } from './views.ts';

/**
 * Đăng ký ủng hộ: promises made at a launch ceremony, fulfilled later by gifts that name them. Pledges
 * are commitments tracked off the ledger: no journal entry until the money arrives
 * (docs/decisions/0004-pledges.md).
 */
export interface PledgeView {
  id: string;
  fundId: string;
  unitId: string;
  campaignId: string | null;
  donor: { id: string; kind: DonorKind; name: string };
  amount: string;
  currency: CurrencyCode;
  pledgedOn: string;
  dueOn: string | null;
  status: PledgeStatus;
  cancelReason: string | null;
  /** Valid gifts against the pledge so far. */
  received: string;
  /** Still expected: amount − received, or 0 once cancelled. */
  outstanding: string;
  createdAt: string;
}

/** One row of the pledge report: a campaign (null: pledges to the fund itself) in one currency. */
export interface PledgeTotalsRow {
  campaignId: string | null;
  campaignName: string | null;
  currency: CurrencyCode;
  pledgeCount: number;
  pledged: string;
  received: string;
  outstanding: string;
}

export interface PledgeReport {
  scope: { fundId: string | null; campaignId: string | null };
  /** Open and fulfilled pledges only: a cancelled pledge is no longer expected money. */
  rows: PledgeTotalsRow[];
  totals: { currency: CurrencyCode; pledged: string; received: string; outstanding: string }[];
}

export interface PledgeStore extends IdempotencyStore, AuthorizeStore {
  getFund(id: string): Promise<FundView | null>;
  getCampaign(id: string): Promise<CampaignView | null>;
  getDonor(id: string): Promise<DonorRecord | null>;
  getPledge(id: string): Promise<PledgeView | null>;
  insertPledge(pledge: PledgeView, newDonor: DonorRecord | null, extras: WriteExtras): Promise<void>;
  cancelPledge(id: string, reason: string, extras: WriteExtras): Promise<void>;
  listPledges(query: {
    fundId: string | null;
    campaignId: string | null;
    status: PledgeStatus | null;
    roots: string[] | null;
    after: { pledgedOn: string; id: string } | null;
    limit: number;
  }): Promise<PledgeView[]>;
  /** Sums of open and fulfilled pledges per campaign and currency, with what was received on them. */
  pledgeTotals(query: {
    fundId: string | null;
    campaignId: string | null;
  }): Promise<Omit<PledgeTotalsRow, 'outstanding'>[]>;
}

type Deps = { store: PledgeStore; nowMs: () => number };

export interface CreatePledgeInput {
  fundId: string;
  campaignId?: string | null;
  donor: RecordDonationInput['donor'];
  amount: bigint;
  currency: CurrencyCode;
  pledgedOn: string;
  dueOn?: string | null;
}

export async function createPledge(
  deps: Deps,
  context: WriteContext,
  input: CreatePledgeInput,
): Promise<WriteOutcome<PledgeView>> {
  return idempotentWrite(deps.store, context, deps.nowMs, async (seal) => {
    const fund = await deps.store.getFund(input.fundId);
    if (!fund) {
      throw new DomainError('fund-not-found', `There is no fund ${input.fundId}.`, {
        fieldErrors: [{ field: 'fundId', detail: 'unknown fund' }],
      });
    }
    await requirePermission(deps.store, context.actor, 'ledger.record', fund.unitId, fund.name);
    if (fund.status !== 'active') throw new DomainError('fund-closed', `Fund ${fund.name} is closed.`);
    if (input.campaignId) await campaignOfFund(deps.store, fund, input.campaignId);
    if (input.dueOn && input.dueOn < input.pledgedOn) {
      throw new DomainError('validation-failed', 'A pledge cannot fall due before it was made.', {
        fieldErrors: [{ field: 'dueOn', detail: `must be on or after ${input.pledgedOn}` }],
      });
    }
    const nowMs = deps.nowMs();
    const donor = await donorOf(deps, fund, input.donor, nowMs);
    const pledge: PledgeView = {
      id: newId(nowMs),
      fundId: fund.id,
      unitId: fund.unitId,
      campaignId: input.campaignId ?? null,
      donor: { id: donor.record.id, kind: donor.record.kind, name: donor.record.name },
      amount: input.amount.toString(),
      currency: input.currency,
      pledgedOn: input.pledgedOn,
      dueOn: input.dueOn ?? null,
      status: 'open',
      cancelReason: null,
      received: '0',
      outstanding: input.amount.toString(),
      createdAt: new Date(nowMs).toISOString(),
    };
    await deps.store.insertPledge(pledge, donor.isNew ? donor.record : null, seal(pledge, fund.unitId));
    return pledge;
  });
}

/** Only an open pledge is cancelled; gifts already received against it stay recorded. */
export async function cancelPledge(
  deps: Deps,
  context: WriteContext,
  input: { pledgeId: string; reason: string },
): Promise<WriteOutcome<PledgeView>> {
  return idempotentWrite(
    deps.store,
    context,
    deps.nowMs,
    async (seal) => {
      const pledge = await deps.store.getPledge(input.pledgeId);
      if (!pledge) throw new DomainError('not-found', `There is no pledge ${input.pledgeId}.`);
      await requirePermission(deps.store, context.actor, 'ledger.record', pledge.unitId);
      if (pledge.status !== 'open') {
        throw new DomainError(
          'conflict',
          `Pledge ${pledge.id} is ${pledge.status}; only an open pledge is cancelled.`,
        );
      }
      const cancelled: PledgeView = {
        ...pledge,
        status: 'cancelled',
        cancelReason: input.reason,
        outstanding: '0',
      };
      await deps.store.cancelPledge(pledge.id, input.reason, seal(cancelled, pledge.unitId));
      return cancelled;
    },
    200,
  );
}

export async function listPledges(
  deps: { store: PledgeStore },
  actor: Actor,
  query: { fundId?: string; campaignId?: string; status?: PledgeStatus; cursor?: string; limit?: number },
): Promise<Page<PledgeView>> {
  const scoped = await scopeUnit(deps.store, query);
  if (scoped) await requirePermission(deps.store, actor, 'ledger.read', scoped.unitId, scoped.name);
  const limit = pageSize(query.limit);
  const after = query.cursor ? decodeCursor(query.cursor, 2) : null;
  const rows = await deps.store.listPledges({
    fundId: query.fundId ?? null,
    campaignId: query.campaignId ?? null,
    status: query.status ?? null,
    roots: scoped ? null : visibleRoots(actor, 'ledger.read'),
    after: after ? { pledgedOn: String(after[0]), id: String(after[1]) } : null,
    limit: limit + 1,
  });
  return pageOf(rows, limit, (last) => [last.pledgedOn, last.id]);
}

/** Pledged, received and outstanding per campaign and currency, for one fund or one campaign. */
export async function pledgeReport(
  deps: { store: PledgeStore },
  actor: Actor,
  query: { fundId?: string; campaignId?: string },
): Promise<PledgeReport> {
  const scoped = await scopeUnit(deps.store, query);
  if (!scoped) {
    throw new DomainError('validation-failed', 'Name the fund or the campaign to report on.', {
      fieldErrors: [{ field: 'campaignId', detail: 'give campaignId or fundId' }],
    });
  }
  await requirePermission(deps.store, actor, 'ledger.read', scoped.unitId, scoped.name);
  const sums = await deps.store.pledgeTotals({
    fundId: query.fundId ?? null,
    campaignId: query.campaignId ?? null,
  });
  const rows = sums.map((row) => ({
    ...row,
    outstanding: (BigInt(row.pledged) - BigInt(row.received)).toString(),
  }));
  const byCurrency = new Map<CurrencyCode, { pledged: bigint; received: bigint }>();
  for (const row of rows) {
    const total = byCurrency.get(row.currency) ?? { pledged: 0n, received: 0n };
    total.pledged += BigInt(row.pledged);
    total.received += BigInt(row.received);
    byCurrency.set(row.currency, total);
  }
  return {
    scope: { fundId: query.fundId ?? null, campaignId: query.campaignId ?? null },
    rows,
    totals: [...byCurrency].map(([currency, total]) => ({
      currency,
      pledged: total.pledged.toString(),
      received: total.received.toString(),
      outstanding: (total.pledged - total.received).toString(),
    })),
  };
}

/** The unit a fund or campaign filter reads from (checked to agree when both are given), or null. */
async function scopeUnit(
  store: PledgeStore,
  query: { fundId?: string; campaignId?: string },
): Promise<{ unitId: string; name: string } | null> {
  if (query.campaignId) {
    const campaign = await store.getCampaign(query.campaignId);
    if (!campaign || (query.fundId && campaign.fundId !== query.fundId)) {
      throw new DomainError(
        'not-found',
        `There is no campaign ${query.campaignId}${query.fundId ? ` in fund ${query.fundId}` : ''}.`,
      );
    }
    return { unitId: campaign.unitId, name: campaign.name };
  }
  if (query.fundId) {
    const fund = await store.getFund(query.fundId);
    if (!fund) throw new DomainError('not-found', `There is no fund ${query.fundId}.`);
    return { unitId: fund.unitId, name: fund.name };
  }
  return null;
}

async function campaignOfFund(store: PledgeStore, fund: FundView, campaignId: string): Promise<CampaignView> {
  const campaign = await store.getCampaign(campaignId);
  if (!campaign || campaign.fundId !== fund.id) {
    throw new DomainError('validation-failed', `Fund ${fund.name} has no campaign ${campaignId}.`, {
      fieldErrors: [{ field: 'campaignId', detail: 'unknown campaign for this fund' }],
    });
  }
  return campaign;
}

import type { Actor } from '../domain/access.ts';
import { DISTRIBUTION_DAYS_AFTER_MAX, daysBetween, RECEIVING_WINDOW_DAYS_MAX } from '../domain/donations.ts';
import { DomainError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { type AuthorizeStore, requirePermission } from './authorize.ts';
import type { WriteContext, WriteExtras } from './context.ts';
import { type IdempotencyStore, idempotentWrite, type WriteOutcome } from './idempotency.ts';
import type { FundView } from './views.ts';

export interface CampaignView {
  id: string;
  fundId: string;
  unitId: string;
  name: string;
  purpose: string;
  legalBasis: string | null;
  bankAccount: { bin: string; accountNo: string; holder: string } | null;
  receivingFrom: string;
  receivingTo: string;
  distributionDeadline: string;
  paymentCodePrefix: string;
  createdAt: string;
}

export interface CampaignStore extends IdempotencyStore, AuthorizeStore {
  getFund(id: string): Promise<FundView | null>;
  getCampaign(id: string): Promise<CampaignView | null>;
  findCampaignIdByPrefix(prefix: string): Promise<string | null>;
  insertCampaign(campaign: CampaignView, extras: WriteExtras): Promise<void>;
  listCampaigns(fundId: string): Promise<CampaignView[]>;
}

export interface CreateCampaignInput {
  fundId: string;
  name: string;
  purpose: string;
  legalBasis?: string | null;
  bankAccount?: { bin: string; accountNo: string; holder: string } | null;
  receivingFrom: string;
  receivingTo: string;
  distributionDeadline: string;
  /** A window longer than 90 days needs the province's extension (Nghị định 93, art. 8). */
  windowExtended?: boolean;
  paymentCodePrefix: string;
}

/** Đợt vận động: its windows follow Nghị định 93 unless the province extended them. */
export async function createCampaign(
  deps: { store: CampaignStore; nowMs: () => number },
  context: WriteContext,
  input: CreateCampaignInput,
): Promise<WriteOutcome<CampaignView>> {
  return idempotentWrite(deps.store, context, deps.nowMs, async (seal) => {
    const fund = await deps.store.getFund(input.fundId);
    if (!fund) {
      throw new DomainError('fund-not-found', `There is no fund ${input.fundId}.`, {
        fieldErrors: [{ field: 'fundId', detail: 'unknown fund' }],
      });
    }
    await requirePermission(deps.store, context.actor, 'fund.manage', fund.unitId, fund.name);
    checkWindows(input);
    if (await deps.store.findCampaignIdByPrefix(input.paymentCodePrefix)) {
      throw new DomainError(
        'duplicate-code',
        `Another campaign already uses the payment code prefix ${input.paymentCodePrefix}.`,
        {
          fieldErrors: [{ field: 'paymentCodePrefix', detail: 'already used' }],
        },
      );
    }
    const nowMs = deps.nowMs();
    const campaign: CampaignView = {
      id: newId(nowMs),
      fundId: fund.id,
      unitId: fund.unitId,
      name: input.name,
      purpose: input.purpose,
      legalBasis: input.legalBasis ?? null,
      bankAccount: input.bankAccount ?? null,
      receivingFrom: input.receivingFrom,
      receivingTo: input.receivingTo,
      distributionDeadline: input.distributionDeadline,
      paymentCodePrefix: input.paymentCodePrefix,
      createdAt: new Date(nowMs).toISOString(),
    };
    await deps.store.insertCampaign(campaign, seal(campaign, fund.unitId));
    return campaign;
  });
}

function checkWindows(input: CreateCampaignInput): void {
  const receivingDays = daysBetween(input.receivingFrom, input.receivingTo) + 1;
  if (receivingDays < 1) {
    throw new DomainError('validation-failed', 'The receiving window ends before it starts.', {
      fieldErrors: [{ field: 'receivingTo', detail: `must be on or after ${input.receivingFrom}` }],
    });
  }
  if (receivingDays > RECEIVING_WINDOW_DAYS_MAX && !input.windowExtended) {
    throw new DomainError(
      'validation-failed',
      `A receiving window may last at most ${RECEIVING_WINDOW_DAYS_MAX} days (Nghị định 93/2021) unless the province extended it; this one lasts ${receivingDays}.`,
      {
        fieldErrors: [
          {
            field: 'receivingTo',
            detail: `at most ${RECEIVING_WINDOW_DAYS_MAX} days after receivingFrom, or set windowExtended`,
          },
        ],
      },
    );
  }
  const distributionDays = daysBetween(input.receivingTo, input.distributionDeadline);
  if (distributionDays < 0 || distributionDays > DISTRIBUTION_DAYS_AFTER_MAX) {
    throw new DomainError(
      'validation-failed',
      `Distribution must end within ${DISTRIBUTION_DAYS_AFTER_MAX} days after receiving closes (${input.receivingTo}).`,
      {
        fieldErrors: [
          {
            field: 'distributionDeadline',
            detail: `between ${input.receivingTo} and ${DISTRIBUTION_DAYS_AFTER_MAX} days later`,
          },
        ],
      },
    );
  }
}

export async function getCampaign(
  deps: { store: CampaignStore },
  actor: Actor,
  id: string,
): Promise<CampaignView> {
  const campaign = await deps.store.getCampaign(id);
  if (!campaign) throw new DomainError('not-found', `There is no campaign ${id}.`);
  await requirePermission(deps.store, actor, 'ledger.read', campaign.unitId);
  return campaign;
}

export async function listCampaigns(
  deps: { store: CampaignStore },
  actor: Actor,
  fundId: string,
): Promise<{ items: CampaignView[]; nextCursor: null }> {
  const fund = await deps.store.getFund(fundId);
  if (!fund)
    throw new DomainError('fund-not-found', `There is no fund ${fundId}.`, {
      fieldErrors: [{ field: 'fundId', detail: 'unknown fund' }],
    });
  await requirePermission(deps.store, actor, 'ledger.read', fund.unitId, fund.name);
  return { items: await deps.store.listCampaigns(fundId), nextCursor: null };
}

import type { Actor } from '../domain/access.ts';
import type { LedgerAccount } from '../domain/accounts.ts';
import type { UseTarget } from '../domain/allocation.ts';
import {
  checkCategoryAllowed,
  type DisbursementCategory,
  type DisbursementStatus,
  type FundRulesByKind,
} from '../domain/disbursements.ts';
import { DomainError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { type CurrencyCode, formatMoney } from '../domain/money.ts';
import { type AuthorizeStore, requirePermission, visibleRoots } from './authorize.ts';
import type { CampaignView } from './campaigns.ts';
import type { WriteContext, WriteExtras } from './context.ts';
import { decodeCursor, pageOf, pageSize } from './cursor.ts';
import type { NewEntry } from './entries.ts';
import { type IdempotencyStore, idempotentWrite, type WriteOutcome } from './idempotency.ts';
import type { AccountView, EntryView, FundView, Page } from './views.ts';

/**
 * Khoản chi: money goes out only with an approval on record, to a known beneficiary or project.
 * draft (accountant) → approved (approver, never the drafter) | rejected → paid (posts the entry;
 * allocations follow) → reversed (approver, with a reason). See docs/decisions/0005-allocations.md.
 */
export interface DisbursementView {
  id: string;
  fundId: string;
  unitId: string;
  campaignId: string | null;
  amount: string;
  currency: CurrencyCode;
  category: DisbursementCategory;
  projectId: string | null;
  beneficiaryId: string | null;
  purpose: string;
  date: string;
  status: DisbursementStatus;
  draftedBy: string;
  approval: { by: string; decisionNo: string; decisionDate: string } | null;
  rejection: { by: string; reason: string } | null;
  payment: { by: string; paidOn: string; entryId: string } | null;
  reversal: { by: string; reason: string; entryId: string } | null;
  createdAt: string;
  updatedAt: string;
}

/** What a disbursement needs to know of the project it pays for. */
export interface ProjectFacts {
  id: string;
  unitId: string;
  fundId: string;
  name: string;
  budgetMinor: bigint;
  currency: CurrencyCode;
  status: string;
  beneficiaryId: string | null;
}

export interface DisbursementStore extends IdempotencyStore, AuthorizeStore {
  getFund(id: string): Promise<FundView | null>;
  getCampaign(id: string): Promise<CampaignView | null>;
  projectFacts(id: string): Promise<ProjectFacts | null>;
  beneficiaryUnit(id: string): Promise<string | null>;
  getDisbursement(id: string): Promise<DisbursementView | null>;
  insertDisbursement(disbursement: DisbursementView, extras: WriteExtras): Promise<void>;
  /** Approve or reject: the row's new state, written only if it is still in `from`. */
  decideDisbursement(next: DisbursementView, extras: WriteExtras): Promise<void>;
  commitDisbursementEntry(
    next: DisbursementView,
    entry: NewEntry,
    seal: (views: EntryView[]) => WriteExtras,
  ): Promise<void>;
  listDisbursements(query: {
    fundId: string | null;
    projectId: string | null;
    status: DisbursementStatus | null;
    roots: string[] | null;
    after: { date: string; id: string } | null;
    limit: number;
  }): Promise<DisbursementView[]>;
  /** Money of the fund that may pay for `target`: unrestricted plus earmarks that reach it. */
  spendableFor(fundId: string, currency: CurrencyCode, target: UseTarget): Promise<bigint>;
  /** Drafted, approved and paid disbursements of a project (not rejected or reversed). */
  projectCommittedMinor(projectId: string, exceptId: string | null): Promise<bigint>;
  /** Valid gifts received in the year, and costs paid in it (for the fund's cost cap). */
  yearReceiptsMinor(fundId: string, currency: CurrencyCode, year: string): Promise<bigint>;
  yearAdminCostsMinor(fundId: string, currency: CurrencyCode, year: string): Promise<bigint>;
  listFundAccounts(fundId: string): Promise<AccountView[]>;
  loadLedgerAccounts(ids: readonly string[]): Promise<Map<string, LedgerAccount>>;
  getEntry(id: string): Promise<EntryView | null>;
}

export type DisbursementDeps = { store: DisbursementStore; nowMs: () => number; fundRules: FundRulesByKind };

export interface DraftDisbursementInput {
  fundId: string;
  amount: bigint;
  currency?: CurrencyCode;
  category: DisbursementCategory;
  projectId?: string | null;
  beneficiaryId?: string | null;
  campaignId?: string | null;
  purpose: string;
  date: string;
}

export async function draftDisbursement(
  deps: DisbursementDeps,
  context: WriteContext,
  input: DraftDisbursementInput,
): Promise<WriteOutcome<DisbursementView>> {
  return idempotentWrite(deps.store, context, deps.nowMs, async (seal) => {
    const fund = await fundFor(deps.store, input.fundId);
    await requirePermission(deps.store, context.actor, 'ledger.record', fund.unitId, fund.name);
    if (fund.status !== 'active') throw new DomainError('fund-closed', `Fund ${fund.name} is closed.`);
    checkCategoryAllowed(deps.fundRules[fund.kind], fund.name, input.category);
    const currency = input.currency ?? fund.currency;
    const nowMs = deps.nowMs();
    const draft: DisbursementView = {
      id: newId(nowMs),
      fundId: fund.id,
      unitId: fund.unitId,
      campaignId: input.campaignId ?? null,
      amount: input.amount.toString(),
      currency,
      category: input.category,
      projectId: input.projectId ?? null,
      beneficiaryId: input.beneficiaryId ?? null,
      purpose: input.purpose,
      date: input.date,
      status: 'draft',
      draftedBy: context.actor.userId,
      approval: null,
      rejection: null,
      payment: null,
      reversal: null,
      createdAt: new Date(nowMs).toISOString(),
      updatedAt: new Date(nowMs).toISOString(),
    };
    await checkPayable(deps, fund, draft, input.date);
    await deps.store.insertDisbursement(draft, seal(draft, fund.unitId));
    return draft;
  });
}

/**
 * The refusals shared by drafting and paying: unknown or foreign project/beneficiary, over the project
 * budget, past the campaign's distribution deadline, more than the fund can spend on this.
 */
export async function checkPayable(
  deps: DisbursementDeps,
  fund: FundView,
  disbursement: DisbursementView,
  onDate: string,
): Promise<void> {
  const amountMinor = BigInt(disbursement.amount);
  const currency = disbursement.currency;
  if (disbursement.projectId) {
    const project = await deps.store.projectFacts(disbursement.projectId);
    if (!project || project.fundId !== fund.id) {
      throw new DomainError(
        'validation-failed',
        `Project ${disbursement.projectId} is not a project of ${fund.name}.`,
        {
          fieldErrors: [{ field: 'projectId', detail: 'unknown project for this fund' }],
        },
      );
    }
    if (project.status === 'cancelled' || project.status === 'closed') {
      throw new DomainError(
        'invalid-state',
        `Project ${project.name} is ${project.status}; nothing more can be paid for it.`,
      );
    }
    const committed = await deps.store.projectCommittedMinor(project.id, disbursement.id);
    if (project.currency === currency && committed + amountMinor > project.budgetMinor) {
      throw new DomainError(
        'over-budget',
        `Project ${project.name} has a budget of ${formatMoney(project.budgetMinor, project.currency)}; ${formatMoney(committed, currency)} is already committed, so at most ${formatMoney(project.budgetMinor - committed, currency)} more can be paid.`,
        { fieldErrors: [{ field: 'amount', detail: 'over the project budget' }] },
      );
    }
  }
  if (disbursement.beneficiaryId) {
    const unitId = await deps.store.beneficiaryUnit(disbursement.beneficiaryId);
    if (!unitId) {
      throw new DomainError('validation-failed', `There is no beneficiary ${disbursement.beneficiaryId}.`, {
        fieldErrors: [{ field: 'beneficiaryId', detail: 'unknown beneficiary' }],
      });
    }
  }
  if (disbursement.campaignId) {
    const campaign = await deps.store.getCampaign(disbursement.campaignId);
    if (!campaign || campaign.fundId !== fund.id) {
      throw new DomainError(
        'validation-failed',
        `Campaign ${disbursement.campaignId} is not a campaign of ${fund.name}.`,
        {
          fieldErrors: [{ field: 'campaignId', detail: 'unknown campaign for this fund' }],
        },
      );
    }
    if (onDate > campaign.distributionDeadline) {
      throw new DomainError(
        'past-deadline',
        `The campaign "${campaign.name}" had to finish distributing by ${campaign.distributionDeadline}; ${onDate} is after that.`,
        { extra: { distributionDeadline: campaign.distributionDeadline } },
      );
    }
  }
  const spendable = await deps.store.spendableFor(fund.id, currency, targetOf(disbursement));
  if (amountMinor > spendable) {
    throw new DomainError(
      'insufficient-funds',
      `${fund.name} can spend ${formatMoney(spendable, currency)} on this (money not earmarked, plus gifts earmarked for exactly this use); ${formatMoney(amountMinor, currency)} was asked.`,
      { extra: { availableMinor: spendable.toString() } },
    );
  }
}

export function targetOf(
  disbursement: Pick<DisbursementView, 'category' | 'projectId' | 'beneficiaryId'>,
): UseTarget {
  return {
    category: disbursement.category,
    projectId: disbursement.projectId,
    beneficiaryId: disbursement.beneficiaryId,
  };
}

export async function fundFor(store: Pick<DisbursementStore, 'getFund'>, fundId: string): Promise<FundView> {
  const fund = await store.getFund(fundId);
  if (!fund) {
    throw new DomainError('fund-not-found', `There is no fund ${fundId}.`, {
      fieldErrors: [{ field: 'fundId', detail: 'unknown fund' }],
    });
  }
  return fund;
}

export async function getDisbursement(
  deps: { store: DisbursementStore },
  actor: Actor,
  id: string,
): Promise<DisbursementView> {
  const disbursement = await deps.store.getDisbursement(id);
  if (!disbursement) throw new DomainError('not-found', `There is no disbursement ${id}.`);
  try {
    await requirePermission(deps.store, actor, 'ledger.read', disbursement.unitId);
  } catch (error) {
    // Out of scope looks the same as unknown: ids of other units' payments are not confirmed.
    if (error instanceof DomainError && error.code === 'forbidden') {
      throw new DomainError('not-found', `There is no disbursement ${id}.`);
    }
    throw error;
  }
  return disbursement;
}

export async function listDisbursements(
  deps: { store: DisbursementStore },
  actor: Actor,
  query: {
    fundId?: string;
    projectId?: string;
    status?: DisbursementStatus;
    cursor?: string;
    limit?: number;
  },
): Promise<Page<DisbursementView>> {
  const limit = pageSize(query.limit);
  const after = query.cursor ? decodeCursor(query.cursor, 2) : null;
  const rows = await deps.store.listDisbursements({
    fundId: query.fundId ?? null,
    projectId: query.projectId ?? null,
    status: query.status ?? null,
    roots: visibleRoots(actor, 'ledger.read'),
    after: after ? { date: String(after[0]), id: String(after[1]) } : null,
    limit: limit + 1,
  });
  return pageOf(rows, limit, (row) => [row.date, row.id]);
}

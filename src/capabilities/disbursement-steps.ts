import { todayInVietnam } from '../domain/dates.ts';
import { ADMIN_COSTS, adminCostsCapMinor, checkTransition } from '../domain/disbursements.ts';
import { assert, DomainError } from '../domain/errors.ts';
import { DESCRIPTION_LENGTH_MAX } from '../domain/limits.ts';
import { formatMoney } from '../domain/money.ts';
import { accountsByRole } from './accounts.ts';
import { requirePermission } from './authorize.ts';
import type { WriteContext } from './context.ts';
import {
  checkPayable,
  type DisbursementDeps,
  type DisbursementView,
  fundFor,
  getDisbursement,
  targetOf,
} from './disbursements.ts';
import { prepareEntry } from './donations.ts';
import { reversalOfStored } from './entries.ts';
import { idempotentWrite, type WriteOutcome } from './idempotency.ts';

/** Approval: a decision number and date, by someone who may approve at the unit and did not draft it. */
export async function approveDisbursement(
  deps: DisbursementDeps,
  context: WriteContext,
  input: { disbursementId: string; decisionNo: string; decisionDate: string },
): Promise<WriteOutcome<DisbursementView>> {
  return idempotentWrite(
    deps.store,
    context,
    deps.nowMs,
    async (seal) => {
      const current = await getDisbursement(deps, context.actor, input.disbursementId);
      await requirePermission(deps.store, context.actor, 'disbursement.approve', current.unitId);
      checkTransition(current.status, 'approved', `Disbursement ${current.id}`);
      if (current.draftedBy === context.actor.userId) {
        throw new DomainError(
          'four-eyes',
          'You drafted this disbursement, so someone else must approve it (the four-eyes rule).',
        );
      }
      if (input.decisionDate > todayInVietnam(deps.nowMs())) {
        throw new DomainError('validation-failed', 'The decision cannot be dated in the future.', {
          fieldErrors: [{ field: 'decisionDate', detail: 'must be today or earlier' }],
        });
      }
      const next: DisbursementView = {
        ...current,
        status: 'approved',
        approval: {
          by: context.actor.userId,
          decisionNo: input.decisionNo,
          decisionDate: input.decisionDate,
        },
        updatedAt: new Date(deps.nowMs()).toISOString(),
      };
      await deps.store.decideDisbursement(next, seal(next, next.unitId));
      return next;
    },
    200,
  );
}

export async function rejectDisbursement(
  deps: DisbursementDeps,
  context: WriteContext,
  input: { disbursementId: string; reason: string },
): Promise<WriteOutcome<DisbursementView>> {
  return idempotentWrite(
    deps.store,
    context,
    deps.nowMs,
    async (seal) => {
      const current = await getDisbursement(deps, context.actor, input.disbursementId);
      await requirePermission(deps.store, context.actor, 'disbursement.approve', current.unitId);
      checkTransition(current.status, 'rejected', `Disbursement ${current.id}`);
      const next: DisbursementView = {
        ...current,
        status: 'rejected',
        rejection: { by: context.actor.userId, reason: input.reason },
        updatedAt: new Date(deps.nowMs()).toISOString(),
      };
      await deps.store.decideDisbursement(next, seal(next, next.unitId));
      return next;
    },
    200,
  );
}

/**
 * Paying posts the entry (support or cost expense ↔ bank or cash) and, in the same batch, allocates it
 * to the gifts that fund it: earmarks that name it first, then first in, first out.
 */
export async function payDisbursement(
  deps: DisbursementDeps,
  context: WriteContext,
  input: { disbursementId: string; paidOn: string; from?: 'bank' | 'cash' },
): Promise<WriteOutcome<DisbursementView>> {
  return idempotentWrite(
    deps.store,
    context,
    deps.nowMs,
    async (seal) => {
      const current = await getDisbursement(deps, context.actor, input.disbursementId);
      await requirePermission(deps.store, context.actor, 'disbursement.pay', current.unitId);
      checkTransition(current.status, 'paid', `Disbursement ${current.id}`);
      const approval = current.approval;
      assert(approval, 'an approved disbursement has its approval');
      if (input.paidOn < approval.decisionDate) {
        throw new DomainError(
          'validation-failed',
          `Payment cannot come before the approval decision (${approval.decisionDate}).`,
          {
            fieldErrors: [{ field: 'paidOn', detail: `must be ${approval.decisionDate} or later` }],
          },
        );
      }
      const fund = await fundFor(deps.store, current.fundId);
      if (fund.status !== 'active') throw new DomainError('fund-closed', `Fund ${fund.name} is closed.`);
      await checkPayable(deps, fund, current, input.paidOn);
      await checkCostCap(deps, fund, current, input.paidOn);
      const accounts = accountsByRole(await deps.store.listFundAccounts(fund.id), current.currency);
      const expense = accounts.get(
        current.category === ADMIN_COSTS ? 'admin_expense' : 'disbursement_expense',
      );
      const money = accounts.get(input.from ?? 'bank');
      if (!expense || !money) {
        throw new DomainError('insufficient-funds', `${fund.name} holds no ${current.currency} to pay from.`);
      }
      const nowMs = deps.nowMs();
      const entry = await prepareEntry(
        deps,
        {
          date: input.paidOn,
          description: `Chi: ${current.purpose}`.slice(0, DESCRIPTION_LENGTH_MAX),
          kind: 'disbursement',
          reversesEntryId: null,
          postings: [
            {
              accountId: expense.id,
              side: 'debit',
              amountMinor: BigInt(current.amount),
              memo: approval.decisionNo,
            },
            { accountId: money.id, side: 'credit', amountMinor: BigInt(current.amount), memo: null },
          ],
        },
        nowMs,
      );
      const next: DisbursementView = {
        ...current,
        status: 'paid',
        payment: { by: context.actor.userId, paidOn: input.paidOn, entryId: entry.id },
        updatedAt: new Date(nowMs).toISOString(),
      };
      await deps.store.commitDisbursementEntry(
        next,
        { ...entry, flow: { kind: 'disbursement', disbursementId: current.id, target: targetOf(current) } },
        () => seal(next, next.unitId),
      );
      return next;
    },
    200,
  );
}

/** The fund's cap on administrative costs: a share of the calendar year's receipts (gratitude fund: 5%). */
async function checkCostCap(
  deps: DisbursementDeps,
  fund: { id: string; kind: keyof DisbursementDeps['fundRules']; name: string },
  disbursement: DisbursementView,
  paidOn: string,
): Promise<void> {
  const capPercent = deps.fundRules[fund.kind].adminCostsCapPercent;
  if (disbursement.category !== ADMIN_COSTS || capPercent === null) return;
  const year = paidOn.slice(0, 4);
  const receipts = await deps.store.yearReceiptsMinor(fund.id, disbursement.currency, year);
  const spent = await deps.store.yearAdminCostsMinor(fund.id, disbursement.currency, year);
  const cap = adminCostsCapMinor(capPercent, receipts);
  if (spent + BigInt(disbursement.amount) > cap) {
    throw new DomainError(
      'cap-exceeded',
      `${fund.name} may spend at most ${capPercent}% of ${year}'s receipts (${formatMoney(receipts, disbursement.currency)}) on administrative costs: ${formatMoney(cap, disbursement.currency)}; ${formatMoney(spent, disbursement.currency)} is already spent.`,
      { extra: { capMinor: cap.toString(), spentMinor: spent.toString() } },
    );
  }
}

/** A paid disbursement undone by an approver: a reversal entry, and its allocations released. */
export async function reverseDisbursement(
  deps: DisbursementDeps,
  context: WriteContext,
  input: { disbursementId: string; reason: string; date?: string },
): Promise<WriteOutcome<DisbursementView>> {
  return idempotentWrite(
    deps.store,
    context,
    deps.nowMs,
    async (seal) => {
      const current = await getDisbursement(deps, context.actor, input.disbursementId);
      await requirePermission(deps.store, context.actor, 'ledger.reverse', current.unitId);
      checkTransition(current.status, 'reversed', `Disbursement ${current.id}`);
      const payment = current.payment;
      assert(payment, 'a paid disbursement has its payment');
      const original = await deps.store.getEntry(payment.entryId);
      assert(original, 'a payment has its entry');
      const nowMs = deps.nowMs();
      const today = todayInVietnam(nowMs);
      const date = input.date ?? (today > payment.paidOn ? today : payment.paidOn);
      if (date < payment.paidOn) {
        throw new DomainError(
          'validation-failed',
          `A reversal cannot be dated before the payment (${payment.paidOn}).`,
          {
            fieldErrors: [{ field: 'date', detail: `must be ${payment.paidOn} or later` }],
          },
        );
      }
      const draft = reversalOfStored(original, date, input.reason);
      const entry = await prepareEntry(deps, draft, nowMs);
      const next: DisbursementView = {
        ...current,
        status: 'reversed',
        reversal: { by: context.actor.userId, reason: input.reason, entryId: entry.id },
        updatedAt: new Date(nowMs).toISOString(),
      };
      await deps.store.commitDisbursementEntry(next, entry, () => seal(next, next.unitId));
      return next;
    },
    200,
  );
}

import type { LedgerAccount } from '../domain/accounts.ts';
import { foldForSearch, receiptNumber } from '../domain/donations.ts';
import { applyPostings, checkEntry } from '../domain/entries.ts';
import { assert, DomainError, type FieldError } from '../domain/errors.ts';
import { idSequence } from '../domain/ids.ts';
import { BATCH_ERRORS_REPORTED_MAX, DONATIONS_PER_BATCH_MAX } from '../domain/limits.ts';
import { requirePermission } from './authorize.ts';
import type { WriteContext, WriteExtras } from './context.ts';
import {
  ASSET_ROLE,
  accountsFor,
  amountOf,
  campaignOf,
  checkEarmarkTargets,
  type DonationStore,
  type DonationView,
  donorOf,
  giftEntryDraft,
  giftView,
  type NewDonation,
  type RecordDonationInput,
} from './donations.ts';
import { entryIds } from './entries.ts';
import { type IdempotencyStore, idempotentWrite, type WriteOutcome } from './idempotency.ts';
import type { AccountView, EntryView, FundView, UnitView } from './views.ts';

export interface DonationBatchStore extends DonationStore, IdempotencyStore {
  commitDonations(gifts: NewDonation[], seal: (views: EntryView[]) => WriteExtras): Promise<void>;
  /** Bank references already recorded in the fund, among those given. */
  existingBankRefs(fundId: string, bankRefs: string[]): Promise<Set<string>>;
}

type Deps = { store: DonationBatchStore; nowMs: () => number };

/** What one batch has read and used so far: running balances, next receipt numbers, funds. */
interface BatchState {
  funds: Map<string, { fund: FundView; unit: UnitView; existingRefs: Set<string> }>;
  accounts: Map<string, Map<string, AccountView>>;
  ledger: Map<string, LedgerAccount>;
  nextReceipt: Map<string, number>;
  /** Monotonic ids for the batch's donations and donors. */
  nextId: () => string;
  seenRefs: Map<string, number>;
  seenRows: Map<string, number>;
}

/**
 * A list of gifts — an agency's payroll list, a bank's day of transfers — recorded all or nothing: every
 * row is checked first and every bad row reported with its index and field; only a clean list is
 * written, in one atomic batch. Duplicates (the same bank reference twice, or one already recorded;
 * the same donor, amount and date twice) are refused as bad rows.
 */
export async function recordDonationBatch(
  deps: Deps,
  context: WriteContext,
  inputs: RecordDonationInput[],
): Promise<WriteOutcome<{ count: number; items: DonationView[] }>> {
  if (inputs.length === 0 || inputs.length > DONATIONS_PER_BATCH_MAX) {
    throw new DomainError(
      'validation-failed',
      `A batch holds 1 to ${DONATIONS_PER_BATCH_MAX} donations; this one has ${inputs.length}.`,
      {
        fieldErrors: [{ field: 'donations', detail: `1–${DONATIONS_PER_BATCH_MAX} items` }],
      },
    );
  }
  return idempotentWrite(deps.store, context, deps.nowMs, async (seal) => {
    const nowMs = deps.nowMs();
    const state: BatchState = {
      funds: new Map(),
      accounts: new Map(),
      ledger: new Map(),
      nextReceipt: new Map(),
      nextId: idSequence(nowMs),
      seenRefs: new Map(),
      seenRows: new Map(),
    };
    const ids = entryIds(inputs.length, nowMs);
    // Bank references already recorded are looked up once per fund, not once per row.
    const refsByFund = new Map<string, string[]>();
    for (const input of inputs) {
      if (!input.bankRef) continue;
      const refs = refsByFund.get(input.fundId) ?? [];
      refs.push(input.bankRef);
      refsByFund.set(input.fundId, refs);
    }
    const gifts: NewDonation[] = [];
    const errors: FieldError[] = [];
    for (const [index, input] of inputs.entries()) {
      try {
        gifts.push(
          await prepareGift(
            deps,
            context,
            input,
            index,
            ids[index]!,
            nowMs,
            state,
            refsByFund.get(input.fundId) ?? [],
          ),
        );
      } catch (error) {
        // A row the caller may not write at all is no data error: the whole request is refused (403).
        if (!(error instanceof DomainError) || error.code === 'forbidden') throw error;
        const fields =
          error.fieldErrors.length > 0 ? error.fieldErrors : [{ field: '', detail: error.message }];
        for (const field of fields) errors.push({ index, field: field.field, detail: field.detail });
      }
    }
    if (errors.length > 0) {
      const shown = errors.slice(0, BATCH_ERRORS_REPORTED_MAX);
      throw new DomainError(
        'validation-failed',
        `${new Set(errors.map((error) => error.index)).size} of ${inputs.length} rows cannot be recorded, so none was. First: row ${shown[0]!.index} — ${shown[0]!.field}: ${shown[0]!.detail}.`,
        { fieldErrors: shown, extra: { errorCount: errors.length } },
      );
    }
    const items = gifts.map((gift) => gift.donation);
    const result = { count: items.length, items };
    const firstUnit = items[0]!.unitId;
    await deps.store.commitDonations(gifts, () => {
      // One audit record for the list, naming its first gift.
      const extras = seal(result, firstUnit);
      return extras.audit ? { ...extras, audit: { ...extras.audit, objectId: items[0]!.id } } : extras;
    });
    return result;
  });
}

async function fundState(
  deps: Deps,
  context: WriteContext,
  fundId: string,
  state: BatchState,
  refs: string[],
) {
  const known = state.funds.get(fundId);
  if (known) return known;
  const fund = await deps.store.getFund(fundId);
  if (!fund)
    throw new DomainError('fund-not-found', `There is no fund ${fundId}.`, {
      fieldErrors: [{ field: 'fundId', detail: 'unknown fund' }],
    });
  await requirePermission(deps.store, context.actor, 'ledger.record', fund.unitId, fund.name);
  if (fund.status !== 'active')
    throw new DomainError('fund-closed', `Fund ${fund.name} is closed.`, {
      fieldErrors: [{ field: 'fundId', detail: 'fund is closed' }],
    });
  const unit = await deps.store.getUnit(fund.unitId);
  assert(unit, 'a fund has a unit');
  const entry = { fund, unit, existingRefs: await deps.store.existingBankRefs(fund.id, refs) };
  state.funds.set(fundId, entry);
  return entry;
}

async function prepareGift(
  deps: Deps,
  context: WriteContext,
  input: RecordDonationInput,
  index: number,
  entryId: string,
  nowMs: number,
  state: BatchState,
  fundRefs: string[],
): Promise<NewDonation> {
  const { fund, unit, existingRefs } = await fundState(deps, context, input.fundId, state, fundRefs);
  if (input.pledgeId) {
    throw new DomainError('validation-failed', 'Gifts against a pledge are recorded one at a time.', {
      fieldErrors: [{ field: 'pledgeId', detail: 'record this gift with POST /api/v1/donations' }],
    });
  }
  if (input.bankRef) {
    if (existingRefs.has(input.bankRef))
      throw duplicate('bankRef', `bank reference ${input.bankRef} is already recorded in this fund`);
    const earlier = state.seenRefs.get(input.bankRef);
    if (earlier !== undefined) throw duplicate('bankRef', `same bank reference as row ${earlier}`);
    state.seenRefs.set(input.bankRef, index);
  }
  const campaign = input.campaignId ? await campaignOf(deps, fund, input.campaignId, input.receivedOn) : null;
  await checkEarmarkTargets(deps.store, fund, input.earmark);
  const amountMinor = amountOf(input);
  const donor = await donorOf(deps, fund, input.donor, nowMs, state.nextId);
  const rowKey = `${fund.id}|${foldForSearch(donor.record.name)}|${amountMinor}|${input.currency}|${input.receivedOn}|${input.bankRef ?? ''}`;
  const earlierRow = state.seenRows.get(rowKey);
  if (earlierRow !== undefined) throw duplicate('donor', `same donor, amount and date as row ${earlierRow}`);
  state.seenRows.set(rowKey, index);

  const accountsKey = `${fund.id} ${input.currency}`;
  let accounts = state.accounts.get(accountsKey);
  if (!accounts) {
    accounts = await accountsFor(deps, fund, input.currency, nowMs);
    state.accounts.set(accountsKey, accounts);
  }
  const debit = accounts.get(ASSET_ROLE[input.channel]);
  const credit = accounts.get('donation_revenue');
  assert(debit && credit, 'template accounts exist for the currency');
  const missing = [debit.id, credit.id].filter((id) => !state.ledger.has(id));
  if (missing.length > 0)
    for (const [id, account] of await deps.store.loadLedgerAccounts(missing)) state.ledger.set(id, account);
  const draft = giftEntryDraft(input, donor.record.name, campaign, debit.id, credit.id, amountMinor);
  const postings = checkEntry(draft, state.ledger);
  applyPostings(postings, state.ledger);
  const year = Number(input.receivedOn.slice(0, 4));
  const counterKey = `${unit.id} ${year}`;
  const number = state.nextReceipt.get(counterKey) ?? (await deps.store.nextReceiptNumber(unit.id, year));
  state.nextReceipt.set(counterKey, number + 1);
  const donation = giftView(input, {
    id: state.nextId(),
    fund,
    campaignId: campaign?.id ?? null,
    donor: donor.record,
    amountMinor,
    receiptNo: receiptNumber(unit.code, year, number),
    entryId,
    pledgeId: null,
    nowMs,
  });
  return {
    donation,
    newDonor: donor.isNew ? donor.record : null,
    receipt: { unitId: unit.id, year, number },
    entry: {
      id: entryId,
      date: draft.date,
      description: draft.description,
      kind: 'donation',
      reversesEntryId: null,
      createdAtMs: nowMs,
      postings,
    },
  };
}

function duplicate(field: string, detail: string): DomainError {
  return new DomainError('validation-failed', `Duplicate: ${detail}.`, {
    fieldErrors: [{ field, detail: `duplicate: ${detail}` }],
  });
}

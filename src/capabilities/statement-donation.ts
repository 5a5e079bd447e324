import { donorNameFromMemo } from '../domain/bank-statements/matching.ts';
import { findPaymentCode } from '../domain/bank-statements/payment-codes.ts';
import type { Disclosure, DonorKind } from '../domain/donations.ts';
import { DomainError } from '../domain/errors.ts';
import { MEMO_LENGTH_MAX, NAME_LENGTH_MAX } from '../domain/limits.ts';
import { bankAccountFor, type StatementDeps, type StatementLineView } from './bank-statements.ts';
import type { WriteContext } from './context.ts';
import { type DonationView, type RecordDonationInput, recordDonation } from './donations.ts';
import type { WriteOutcome } from './idempotency.ts';
import type { AccountView } from './views.ts';

/**
 * An unmatched credit turned into a gift in one action: recorded through recordDonation (so the receipt
 * number, the entry and the allocation source are those of any gift), into the fund of the line's bank
 * account, on the line's date, with the line's reference as the bank reference — and, in the same batch,
 * the line matched to it. The donor is named from the memo where it names one (the counterparty column,
 * else donorNameFromMemo), and is anonymous unless staff say otherwise.
 */

/** The donor's name when neither staff nor the memo give one. */
export const UNNAMED_DONOR = 'Nhà hảo tâm (sao kê, chưa rõ tên)';
/** Bank references a gift keeps: visible ASCII without spaces (recordDonationBody's rule). */
const BANK_REF = /^[\x21-\x7E]{1,64}$/;

export interface LineToDonationInput {
  accountId: string;
  lineId: string;
  fundId?: string | null;
  campaignId?: string | null;
  donorName?: string | null;
  donorKind?: DonorKind | null;
  disclosure?: Disclosure | null;
  earmark?: RecordDonationInput['earmark'];
}

/** "NGUYEN THI MAI" → "Nguyen Thi Mai": memos are upper-case ASCII; the registry reads better this way. */
function titleCase(name: string): string {
  return name
    .toLowerCase()
    .replace(/(^|\s)(\p{L})/gu, (_, space: string, letter: string) => space + letter.toUpperCase());
}

function donorNameOf(line: StatementLineView, given: string | null | undefined): string {
  if (given) return given;
  const read = line.counterparty ?? donorNameFromMemo(line.description);
  return read ? titleCase(read).slice(0, NAME_LENGTH_MAX) : UNNAMED_DONOR;
}

function bankRefOf(line: StatementLineView): string | null {
  const reference = (line.reference ?? '').replace(/\s+/g, '');
  return BANK_REF.test(reference) ? reference : null;
}

/** The campaign named, or the one whose payment code the memo carries and whose window holds the date. */
async function campaignOf(
  deps: StatementDeps,
  account: AccountView,
  line: StatementLineView,
  given: string | null | undefined,
): Promise<string | null> {
  if (given !== undefined) return given;
  const codes = await deps.store.fundCampaignCodes(account.fundId);
  const open = codes.filter((code) => code.receivingFrom <= line.date && line.date <= code.receivingTo);
  return findPaymentCode(line.description, open)?.campaignId ?? null;
}

/** recordDonation posts a bank transfer to the fund's bank account in the currency: it must be this one. */
async function checkGiftLandsHere(deps: StatementDeps, account: AccountView): Promise<void> {
  const banks = (await deps.store.listFundAccounts(account.fundId)).filter(
    (candidate) => candidate.role === 'bank' && candidate.currency === account.currency,
  );
  const target = banks.at(-1);
  if (target?.id !== account.id) {
    throw new DomainError(
      'validation-failed',
      `Gifts by bank transfer are recorded into account ${target?.code ?? '?'} of the fund, not ${account.code}: record this gift with an entry and match the line to it.`,
      { fieldErrors: [{ field: 'accountId', detail: "not the fund's bank account for gifts" }] },
    );
  }
}

async function checkLine(
  deps: StatementDeps,
  account: AccountView,
  line: StatementLineView,
  input: LineToDonationInput,
): Promise<void> {
  if (line.status !== 'unmatched' || BigInt(line.credit) === 0n) {
    const what = BigInt(line.credit) === 0n ? 'a debit' : line.status;
    throw new DomainError(
      'invalid-state',
      `Statement line ${line.lineNo} (${line.date}) is ${what}; only an unmatched credit can become a gift.`,
      { extra: { lineStatus: line.status, allowedStatuses: ['unmatched'] } },
    );
  }
  if (input.fundId != null && input.fundId !== account.fundId) {
    throw new DomainError(
      'validation-failed',
      `The line's money is in the account of fund ${account.fundId}.`,
      { fieldErrors: [{ field: 'fundId', detail: "must be the fund of the line's bank account" }] },
    );
  }
  await checkGiftLandsHere(deps, account);
}

export async function statementLineToDonation(
  deps: StatementDeps,
  context: WriteContext,
  input: LineToDonationInput,
): Promise<WriteOutcome<DonationView>> {
  const account = await bankAccountFor(deps.store, context.actor, input.accountId, 'ledger.record');
  const line = await deps.store.getStatementLine(input.lineId);
  if (!line || line.accountId !== account.id) {
    throw new DomainError('not-found', `Account ${account.code} has no statement line ${input.lineId}.`);
  }
  // A retry of a request that was answered replays its gift (recordDonation), though the line is matched now.
  const key = context.idempotency?.key;
  const replay = key !== undefined && (await deps.store.findIdempotency(key)) !== null;
  if (!replay) await checkLine(deps, account, line, input);
  const store = deps.store.donationStoreMatchingLine({
    id: line.id,
    by: context.actor.userId,
    atMs: deps.nowMs(),
  });
  return recordDonation({ store, nowMs: deps.nowMs }, context, {
    fundId: account.fundId,
    campaignId: await campaignOf(deps, account, line, input.campaignId),
    amount: BigInt(line.credit),
    currency: account.currency,
    receivedOn: line.date,
    channel: 'bank_transfer',
    donor: { kind: input.donorKind ?? 'individual', name: donorNameOf(line, input.donorName) },
    disclosure: input.disclosure ?? 'anonymous',
    bankRef: bankRefOf(line),
    memo: line.description.slice(0, MEMO_LENGTH_MAX) || null,
    earmark: input.earmark ?? null,
  });
}

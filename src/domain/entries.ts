import { balanceOf, type LedgerAccount, type Side } from './accounts.ts';
import { assert, DomainError, type FieldError } from './errors.ts';
import { ACCOUNT_TOTAL_MINOR_MAX, POSTINGS_PER_ENTRY_MAX, POSTINGS_PER_ENTRY_MIN } from './limits.ts';
import { type CurrencyCode, isAmountInRange } from './money.ts';

export const ENTRY_KINDS = [
  'opening',
  'donation',
  'disbursement',
  'transfer',
  'exchange',
  'reversal',
  'adjustment',
] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

export interface PostingDraft {
  accountId: string;
  side: Side;
  amountMinor: bigint;
  memo: string | null;
}

export interface EntryDraft {
  date: string;
  description: string;
  kind: EntryKind;
  postings: PostingDraft[];
  /** Set only on a reversal: the entry it cancels. */
  reversesEntryId: string | null;
}

export interface CheckedPosting extends PostingDraft {
  currency: CurrencyCode;
  fundId: string;
  unitId: string;
}

/**
 * The double-entry rule, checked before anything is written (the database checks it again):
 * 2..N postings, every amount within limits, every account known and open, and per currency
 * the debits equal the credits.
 */
export function checkEntry(
  draft: EntryDraft,
  accounts: ReadonlyMap<string, LedgerAccount>,
): CheckedPosting[] {
  const count = draft.postings.length;
  if (count < POSTINGS_PER_ENTRY_MIN || count > POSTINGS_PER_ENTRY_MAX) {
    throw new DomainError(
      'validation-failed',
      `An entry needs between ${POSTINGS_PER_ENTRY_MIN} and ${POSTINGS_PER_ENTRY_MAX} postings; this one has ${count}.`,
      {
        fieldErrors: [
          {
            field: 'postings',
            detail: `must have ${POSTINGS_PER_ENTRY_MIN}–${POSTINGS_PER_ENTRY_MAX} postings`,
          },
        ],
      },
    );
  }
  const fieldErrors: FieldError[] = [];
  const checked: CheckedPosting[] = [];
  draft.postings.forEach((posting, index) => {
    const account = accounts.get(posting.accountId);
    if (!isAmountInRange(posting.amountMinor)) {
      fieldErrors.push({
        field: `postings.${index}.amount`,
        detail: 'must be a whole amount from 1 to 10^15',
      });
    }
    if (!account) {
      fieldErrors.push({ field: `postings.${index}.accountId`, detail: `no account ${posting.accountId}` });
      return;
    }
    if (account.status !== 'open') {
      throw new DomainError('account-closed', `Account ${account.code} is closed and takes no postings.`, {
        fieldErrors: [{ field: `postings.${index}.accountId`, detail: 'account is closed' }],
      });
    }
    // Fields spelled out, not spread: V8 copies spreads slowly and into a slower shape (bulk paths feel it).
    checked.push({
      accountId: posting.accountId,
      side: posting.side,
      amountMinor: posting.amountMinor,
      memo: posting.memo,
      currency: account.currency,
      fundId: account.fundId,
      unitId: account.unitId,
    });
  });
  if (fieldErrors.some((error) => error.field.endsWith('accountId'))) {
    throw new DomainError('account-not-found', 'One or more postings name an account that does not exist.', {
      fieldErrors,
    });
  }
  if (fieldErrors.length > 0) {
    throw new DomainError(
      'amount-out-of-range',
      'Every posting amount must be from 1 to 10^15 minor units.',
      {
        fieldErrors,
      },
    );
  }
  assertBalanced(checked);
  return checked;
}

/** Net debit minus credit per fund and currency; an entry is balanced when every net is zero. */
export function netByFundAndCurrency(postings: readonly CheckedPosting[]): Map<string, bigint> {
  const nets = new Map<string, bigint>();
  for (const posting of postings) {
    const key = `${posting.fundId} ${posting.currency}`;
    const signed = posting.side === 'debit' ? posting.amountMinor : -posting.amountMinor;
    nets.set(key, (nets.get(key) ?? 0n) + signed);
  }
  return nets;
}

/**
 * Debits equal credits in each currency and within each fund, so every fund's own books balance too:
 * money moving between funds goes through each fund's transfer accounts.
 */
function assertBalanced(postings: readonly CheckedPosting[]): void {
  const unbalanced = [...netByFundAndCurrency(postings)].filter(([, net]) => net !== 0n);
  if (unbalanced.length === 0) return;
  const fundCount = new Set(postings.map((posting) => posting.fundId)).size;
  const detail = unbalanced
    .map(([key, net]) => {
      const currency = key.split(' ')[1];
      return net > 0n
        ? `${currency}: debits exceed credits by ${net}`
        : `${currency}: credits exceed debits by ${-net}`;
    })
    .join('; ');
  const scope =
    fundCount > 1 ? ' within each fund (move money between funds through their transfer accounts)' : '';
  throw new DomainError(
    'entry-unbalanced',
    `Debits must equal credits in each currency${scope}: ${detail}.`,
    {
      fieldErrors: [{ field: 'postings', detail: 'debits and credits differ' }],
    },
  );
}

/**
 * Applies checked postings to running account totals (mutating the given map of totals) and refuses
 * a balance below zero on a no-negative account or a total past the exact-number limit.
 */
export function applyPostings(
  postings: readonly CheckedPosting[],
  accounts: Map<string, LedgerAccount>,
): void {
  for (const posting of postings) {
    const account = accounts.get(posting.accountId);
    assert(account, `account ${posting.accountId} was checked`);
    if (posting.side === 'debit') account.debitTotalMinor += posting.amountMinor;
    else account.creditTotalMinor += posting.amountMinor;
  }
  for (const posting of postings) {
    const account = accounts.get(posting.accountId)!;
    if (
      account.debitTotalMinor > ACCOUNT_TOTAL_MINOR_MAX ||
      account.creditTotalMinor > ACCOUNT_TOTAL_MINOR_MAX
    ) {
      throw new DomainError('account-total-limit', `Account ${account.code} would pass its total limit.`);
    }
    const balance = balanceOf(account.normalSide, account);
    if (account.nonNegative && balance < 0n) {
      throw new DomainError(
        'insufficient-funds',
        `Account ${account.code} may not go below zero; after this entry its balance would be ${balance}.`,
        { extra: { accountId: account.id } },
      );
    }
  }
}

/** The reversal of an entry: the same postings with sides swapped, pointing at the original. */
export function reversalOf(
  original: { id: string; kind: EntryKind; postings: readonly PostingDraft[] },
  date: string,
  reason: string,
): EntryDraft {
  if (original.kind === 'reversal') {
    throw new DomainError(
      'reversal-of-reversal',
      'A reversal cannot itself be reversed; record a new entry instead.',
    );
  }
  return {
    date,
    description: `Reversal: ${reason}`,
    kind: 'reversal',
    reversesEntryId: original.id,
    postings: original.postings.map((posting) => ({
      accountId: posting.accountId,
      side: posting.side === 'debit' ? 'credit' : 'debit',
      amountMinor: posting.amountMinor,
      memo: posting.memo,
    })),
  };
}

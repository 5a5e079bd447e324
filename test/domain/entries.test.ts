import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { balanceOf, type LedgerAccount, type Side } from '../../src/domain/accounts.ts';
import {
  applyPostings,
  type CheckedPosting,
  checkEntry,
  type EntryDraft,
  netByFundAndCurrency,
  type PostingDraft,
  reversalOf,
} from '../../src/domain/entries.ts';
import { DomainError } from '../../src/domain/errors.ts';
import { ACCOUNT_TOTAL_MINOR_MAX } from '../../src/domain/limits.ts';
import type { CurrencyCode } from '../../src/domain/money.ts';

function account(id: string, overrides: Partial<LedgerAccount> = {}): [string, LedgerAccount] {
  return [
    id,
    {
      id,
      code: id,
      fundId: 'fund-a',
      unitId: 'unit-a',
      currency: 'VND',
      normalSide: 'debit',
      status: 'open',
      nonNegative: false,
      debitTotalMinor: 0n,
      creditTotalMinor: 0n,
      ...overrides,
    },
  ];
}

/** Fund A (VND and USD) and fund B (VND): bank, revenue, transfer accounts. */
function ledger(): Map<string, LedgerAccount> {
  return new Map([
    account('bank', { nonNegative: true }),
    account('cash', { nonNegative: true }),
    account('revenue', { normalSide: 'credit' }),
    account('expense'),
    account('transfer-out', { normalSide: 'debit' }),
    account('bank-usd', { currency: 'USD', nonNegative: true }),
    account('trading-usd', { currency: 'USD', normalSide: 'credit' }),
    account('trading-vnd', { normalSide: 'credit' }),
    account('b-bank', { fundId: 'fund-b', nonNegative: true }),
    account('b-transfer-in', { fundId: 'fund-b', normalSide: 'credit' }),
    account('closed', { status: 'closed' }),
  ]);
}

function posting(
  accountId: string,
  side: Side,
  amountMinor: bigint,
  memo: string | null = null,
): PostingDraft {
  return { accountId, side, amountMinor, memo };
}

function draft(postings: PostingDraft[], overrides: Partial<EntryDraft> = {}): EntryDraft {
  return {
    date: '2024-09-12',
    description: 'Ủng hộ',
    kind: 'donation',
    postings,
    reversesEntryId: null,
    ...overrides,
  };
}

function refusal(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('expected a DomainError, but nothing was thrown');
}

describe('checkEntry', () => {
  it('accepts a balanced entry and tags each posting with its account currency and fund', () => {
    const checked = checkEntry(
      draft([posting('bank', 'debit', 1_500_000n, 'chuyển khoản'), posting('revenue', 'credit', 1_500_000n)]),
      ledger(),
    );
    expect(checked).toEqual([
      {
        accountId: 'bank',
        side: 'debit',
        amountMinor: 1_500_000n,
        memo: 'chuyển khoản',
        currency: 'VND',
        fundId: 'fund-a',
        unitId: 'unit-a',
      },
      {
        accountId: 'revenue',
        side: 'credit',
        amountMinor: 1_500_000n,
        memo: null,
        currency: 'VND',
        fundId: 'fund-a',
        unitId: 'unit-a',
      },
    ]);
  });

  it('accepts several debits against one credit when they sum up', () => {
    const checked = checkEntry(
      draft([
        posting('bank', 'debit', 700_000n),
        posting('cash', 'debit', 300_000n),
        posting('revenue', 'credit', 1_000_000n),
      ]),
      ledger(),
    );
    expect(checked).toHaveLength(3);
  });

  it('refuses an unbalanced entry with entry-unbalanced and says by how much', () => {
    const error = refusal(() =>
      checkEntry(
        draft([posting('bank', 'debit', 1_500_001n), posting('revenue', 'credit', 1_500_000n)]),
        ledger(),
      ),
    );
    expect(error.code).toBe('entry-unbalanced');
    expect(error.message).toContain('VND: debits exceed credits by 1');
    expect(error.fieldErrors).toEqual([{ field: 'postings', detail: 'debits and credits differ' }]);
  });

  it('refuses an entry whose credits exceed its debits', () => {
    const error = refusal(() =>
      checkEntry(draft([posting('bank', 'debit', 100n), posting('revenue', 'credit', 250n)]), ledger()),
    );
    expect(error.code).toBe('entry-unbalanced');
    expect(error.message).toContain('credits exceed debits by 150');
  });

  it('refuses an entry balanced overall but not within each fund', () => {
    // Fund A's bank pays out, fund B's bank receives: balanced in VND, not per fund.
    const error = refusal(() =>
      checkEntry(
        draft([posting('b-bank', 'debit', 500_000n), posting('bank', 'credit', 500_000n)]),
        ledger(),
      ),
    );
    expect(error.code).toBe('entry-unbalanced');
    expect(error.message).toContain('within each fund');
  });

  it('accepts a transfer between funds that balances within each fund', () => {
    const checked = checkEntry(
      draft(
        [
          posting('transfer-out', 'debit', 500_000n),
          posting('bank', 'credit', 500_000n),
          posting('b-bank', 'debit', 500_000n),
          posting('b-transfer-in', 'credit', 500_000n),
        ],
        { kind: 'transfer' },
      ),
      ledger(),
    );
    expect(new Set(checked.map((p) => p.fundId))).toEqual(new Set(['fund-a', 'fund-b']));
  });

  it('accepts a multi-currency entry balanced in each currency', () => {
    const checked = checkEntry(
      draft(
        [
          posting('bank-usd', 'debit', 10_000n),
          posting('trading-usd', 'credit', 10_000n),
          posting('trading-vnd', 'debit', 2_534_550n),
          posting('bank', 'credit', 2_534_550n),
        ],
        { kind: 'exchange' },
      ),
      ledger(),
    );
    expect(checked.map((p) => p.currency)).toEqual(['USD', 'USD', 'VND', 'VND']);
    expect([...netByFundAndCurrency(checked).values()]).toEqual([0n, 0n]);
  });

  it('refuses a multi-currency entry unbalanced in one currency, naming that currency', () => {
    const error = refusal(() =>
      checkEntry(
        draft(
          [
            posting('bank-usd', 'debit', 10_000n),
            posting('trading-usd', 'credit', 9_999n),
            posting('trading-vnd', 'debit', 2_534_550n),
            posting('bank', 'credit', 2_534_550n),
          ],
          { kind: 'exchange' },
        ),
        ledger(),
      ),
    );
    expect(error.code).toBe('entry-unbalanced');
    expect(error.message).toContain('USD: debits exceed credits by 1');
    expect(error.message).not.toContain('VND');
  });

  it('refuses an entry that balances only by adding amounts of different currencies', () => {
    const error = refusal(() =>
      checkEntry(
        draft([posting('bank-usd', 'debit', 10_000n), posting('revenue', 'credit', 10_000n)]),
        ledger(),
      ),
    );
    expect(error.code).toBe('entry-unbalanced');
  });

  it('refuses an entry with one posting', () => {
    const error = refusal(() => checkEntry(draft([posting('bank', 'debit', 1n)]), ledger()));
    expect(error.code).toBe('validation-failed');
    expect(error.fieldErrors[0]?.field).toBe('postings');
  });

  it('refuses an entry with no postings', () => {
    expect(refusal(() => checkEntry(draft([]), ledger())).code).toBe('validation-failed');
  });

  it('accepts 500 postings and refuses 501', () => {
    const pairs = (count: number) =>
      Array.from({ length: count }, (_, index) =>
        posting(index % 2 === 0 ? 'bank' : 'revenue', index % 2 === 0 ? 'debit' : 'credit', 1_000n),
      );
    expect(checkEntry(draft(pairs(500)), ledger())).toHaveLength(500);
    const error = refusal(() =>
      checkEntry(draft([...pairs(500), posting('bank', 'debit', 1_000n)]), ledger()),
    );
    expect(error.code).toBe('validation-failed');
    expect(error.message).toContain('501');
  });

  it('refuses an unknown account with account-not-found naming the posting', () => {
    const error = refusal(() =>
      checkEntry(draft([posting('bank', 'debit', 100n), posting('nowhere', 'credit', 100n)]), ledger()),
    );
    expect(error.code).toBe('account-not-found');
    expect(error.fieldErrors).toEqual([{ field: 'postings.1.accountId', detail: 'no account nowhere' }]);
  });

  it('refuses a closed account with account-closed', () => {
    const error = refusal(() =>
      checkEntry(draft([posting('closed', 'debit', 100n), posting('revenue', 'credit', 100n)]), ledger()),
    );
    expect(error.code).toBe('account-closed');
    expect(error.fieldErrors[0]?.field).toBe('postings.0.accountId');
  });

  it.each([
    ['zero', 0n],
    ['10^15 + 1', 10n ** 15n + 1n],
    ['negative', -100n],
  ])('refuses an amount of %s with amount-out-of-range', (_label, amount) => {
    const error = refusal(() =>
      checkEntry(draft([posting('bank', 'debit', amount), posting('revenue', 'credit', amount)]), ledger()),
    );
    expect(error.code).toBe('amount-out-of-range');
    expect(error.fieldErrors.map((e) => e.field)).toEqual(['postings.0.amount', 'postings.1.amount']);
  });

  it('accepts the largest amount, 10^15', () => {
    const max = 10n ** 15n;
    expect(
      checkEntry(draft([posting('bank', 'debit', max), posting('revenue', 'credit', max)]), ledger()),
    ).toHaveLength(2);
  });
});

describe('applyPostings', () => {
  it('adds to the totals and leaves balances on the normal side', () => {
    const accounts = ledger();
    applyPostings(
      checkEntry(
        draft([posting('bank', 'debit', 1_500_000n), posting('revenue', 'credit', 1_500_000n)]),
        accounts,
      ),
      accounts,
    );
    const bank = accounts.get('bank')!;
    const revenue = accounts.get('revenue')!;
    expect([bank.debitTotalMinor, bank.creditTotalMinor]).toEqual([1_500_000n, 0n]);
    expect([revenue.debitTotalMinor, revenue.creditTotalMinor]).toEqual([0n, 1_500_000n]);
    expect(balanceOf(bank.normalSide, bank)).toBe(1_500_000n);
    expect(balanceOf(revenue.normalSide, revenue)).toBe(1_500_000n);
  });

  it('lets a nonNegative account reach exactly zero', () => {
    const accounts = ledger();
    accounts.get('bank')!.debitTotalMinor = 100n;
    applyPostings(
      checkEntry(draft([posting('expense', 'debit', 100n), posting('bank', 'credit', 100n)]), accounts),
      accounts,
    );
    expect(balanceOf('debit', accounts.get('bank')!)).toBe(0n);
  });

  it('refuses to take a nonNegative account below zero with insufficient-funds', () => {
    const accounts = ledger();
    accounts.get('bank')!.debitTotalMinor = 100n;
    const postings = checkEntry(
      draft([posting('expense', 'debit', 101n), posting('bank', 'credit', 101n)]),
      accounts,
    );
    const error = refusal(() => applyPostings(postings, accounts));
    expect(error.code).toBe('insufficient-funds');
    expect(error.extra).toEqual({ accountId: 'bank' });
    expect(error.message).toContain('-1');
  });

  it('lets an account without the rule go negative', () => {
    const accounts = ledger();
    applyPostings(
      checkEntry(draft([posting('bank', 'debit', 50n), posting('expense', 'credit', 50n)]), accounts),
      accounts,
    );
    expect(balanceOf('debit', accounts.get('expense')!)).toBe(-50n);
  });

  it('checks the balance after all the entry postings, not one at a time', () => {
    // The bank is credited first and debited later in the same entry: never below zero at the end.
    const accounts = ledger();
    applyPostings(
      checkEntry(
        draft([
          posting('bank', 'credit', 100n),
          posting('cash', 'debit', 100n),
          posting('bank', 'debit', 100n),
          posting('revenue', 'credit', 100n),
        ]),
        accounts,
      ),
      accounts,
    );
    expect(balanceOf('debit', accounts.get('bank')!)).toBe(0n);
  });

  it('refuses totals past 2^53 − 1 with account-total-limit', () => {
    const accounts = ledger();
    accounts.get('revenue')!.creditTotalMinor = ACCOUNT_TOTAL_MINOR_MAX - 10n;
    const postings = checkEntry(
      draft([posting('bank', 'debit', 11n), posting('revenue', 'credit', 11n)]),
      accounts,
    );
    expect(refusal(() => applyPostings(postings, accounts)).code).toBe('account-total-limit');
    const accounts2 = ledger();
    accounts2.get('revenue')!.creditTotalMinor = ACCOUNT_TOTAL_MINOR_MAX - 10n;
    applyPostings(
      checkEntry(draft([posting('bank', 'debit', 10n), posting('revenue', 'credit', 10n)]), accounts2),
      accounts2,
    );
    expect(accounts2.get('revenue')!.creditTotalMinor).toBe(ACCOUNT_TOTAL_MINOR_MAX);
  });
});

describe('balanceOf', () => {
  const totals = { debitTotalMinor: 700n, creditTotalMinor: 200n };

  it('is debits minus credits for a debit-normal account', () => {
    expect(balanceOf('debit', totals)).toBe(500n);
  });

  it('is credits minus debits for a credit-normal account', () => {
    expect(balanceOf('credit', totals)).toBe(-500n);
    expect(balanceOf('credit', { debitTotalMinor: 200n, creditTotalMinor: 700n })).toBe(500n);
  });

  it('is zero for an untouched account on either side', () => {
    expect(balanceOf('debit', { debitTotalMinor: 0n, creditTotalMinor: 0n })).toBe(0n);
    expect(balanceOf('credit', { debitTotalMinor: 0n, creditTotalMinor: 0n })).toBe(0n);
  });
});

describe('reversalOf', () => {
  const original = {
    id: 'entry-1',
    kind: 'donation' as const,
    postings: [posting('bank', 'debit', 1_500_000n, 'memo'), posting('revenue', 'credit', 1_500_000n)],
  };

  it('swaps every side, keeps amounts and memos, and points at the original', () => {
    const reversal = reversalOf(original, '2024-10-01', 'nhập sai');
    expect(reversal).toEqual({
      date: '2024-10-01',
      description: 'Reversal: nhập sai',
      kind: 'reversal',
      reversesEntryId: 'entry-1',
      postings: [posting('bank', 'credit', 1_500_000n, 'memo'), posting('revenue', 'debit', 1_500_000n)],
    });
  });

  it('does not change the original', () => {
    reversalOf(original, '2024-10-01', 'x');
    expect(original.postings[0]!.side).toBe('debit');
  });

  it('brings every account back to its balance before the original', () => {
    const accounts = ledger();
    applyPostings(checkEntry(draft(original.postings), accounts), accounts);
    applyPostings(checkEntry(reversalOf(original, '2024-10-01', 'x'), accounts), accounts);
    expect(balanceOf('debit', accounts.get('bank')!)).toBe(0n);
    expect(balanceOf('credit', accounts.get('revenue')!)).toBe(0n);
  });

  it('refuses to reverse a reversal', () => {
    const error = refusal(() => reversalOf({ ...original, kind: 'reversal' }, '2024-10-01', 'x'));
    expect(error.code).toBe('reversal-of-reversal');
  });
});

describe('property: balanced drafts keep the books balanced', () => {
  const accountIds = [
    'bank',
    'cash',
    'revenue',
    'expense',
    'transfer-out',
    'bank-usd',
    'trading-usd',
    'trading-vnd',
    'b-bank',
    'b-transfer-in',
  ];

  function openLedger(): Map<string, LedgerAccount> {
    // No no-negative rule here: the property is about balance, not about overdrafts.
    const accounts = ledger();
    accounts.delete('closed');
    for (const entry of accounts.values()) entry.nonNegative = false;
    return accounts;
  }

  const groups = (() => {
    const accounts = openLedger();
    const byGroup = new Map<string, string[]>();
    for (const id of accountIds) {
      const a = accounts.get(id)!;
      const key = `${a.fundId} ${a.currency}`;
      byGroup.set(key, [...(byGroup.get(key) ?? []), id]);
    }
    return [...byGroup.values()];
  })();

  /** A debit and a credit of the same amount within one fund and currency. */
  const pair = fc
    .record({
      group: fc.integer({ min: 0, max: groups.length - 1 }),
      debitIndex: fc.nat(),
      creditIndex: fc.nat(),
      amount: fc.bigInt({ min: 1n, max: 10n ** 15n }),
    })
    .map(({ group, debitIndex, creditIndex, amount }) => {
      const members = groups[group]!;
      return [
        posting(members[debitIndex % members.length]!, 'debit', amount),
        posting(members[creditIndex % members.length]!, 'credit', amount),
      ];
    });

  const balancedDraft = fc
    .array(pair, { minLength: 1, maxLength: 8 })
    .chain((pairs) =>
      fc.shuffledSubarray(pairs.flat(), { minLength: pairs.length * 2, maxLength: pairs.length * 2 }),
    )
    .map((postings) => draft(postings));

  function sumsByCurrency(accounts: Map<string, LedgerAccount>) {
    const sums = new Map<CurrencyCode, { debit: bigint; credit: bigint }>();
    for (const a of accounts.values()) {
      const sum = sums.get(a.currency) ?? { debit: 0n, credit: 0n };
      sum.debit += a.debitTotalMinor;
      sum.credit += a.creditTotalMinor;
      sums.set(a.currency, sum);
    }
    return sums;
  }

  it('debits equal credits per currency (and per fund) after applying any sequence of balanced drafts', () => {
    fc.assert(
      fc.property(fc.array(balancedDraft, { minLength: 1, maxLength: 6 }), (drafts) => {
        const accounts = openLedger();
        let posted = 0n;
        for (const d of drafts) {
          const checked: CheckedPosting[] = checkEntry(d, accounts);
          for (const net of netByFundAndCurrency(checked).values()) expect(net).toBe(0n);
          applyPostings(checked, accounts);
          posted += d.postings.reduce((total, p) => total + (p.side === 'debit' ? p.amountMinor : 0n), 0n);
        }
        const sums = sumsByCurrency(accounts);
        let debits = 0n;
        for (const sum of sums.values()) {
          expect(sum.debit).toBe(sum.credit);
          debits += sum.debit;
        }
        expect(debits).toBe(posted);
        const perFund = new Map<string, bigint>();
        for (const a of accounts.values()) {
          const key = `${a.fundId} ${a.currency}`;
          perFund.set(key, (perFund.get(key) ?? 0n) + a.debitTotalMinor - a.creditTotalMinor);
        }
        for (const net of perFund.values()) expect(net).toBe(0n);
      }),
      { seed: 20240912, numRuns: 300 },
    );
  });

  /** One minor unit up or down, staying within 1..10^15 so only the balance rule can object. */
  function nudge(amount: bigint, up: boolean): bigint {
    if (amount === 1n) return 2n;
    if (amount === 10n ** 15n) return amount - 1n;
    return up ? amount + 1n : amount - 1n;
  }

  it('any change of one amount by one minor unit is refused as unbalanced', () => {
    fc.assert(
      fc.property(balancedDraft, fc.nat(), fc.boolean(), (d, pick, up) => {
        const index = pick % d.postings.length;
        const postings = d.postings.map((p, i) =>
          i === index ? { ...p, amountMinor: nudge(p.amountMinor, up) } : p,
        );
        const error = refusal(() => checkEntry({ ...d, postings }, openLedger()));
        expect(error.code).toBe('entry-unbalanced');
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it('a draft followed by its reversal leaves every balance where it was', () => {
    fc.assert(
      fc.property(balancedDraft, (d) => {
        const accounts = openLedger();
        applyPostings(checkEntry(d, accounts), accounts);
        applyPostings(
          checkEntry(reversalOf({ id: 'e', kind: d.kind, postings: d.postings }, d.date, 'x'), accounts),
          accounts,
        );
        for (const a of accounts.values()) expect(balanceOf(a.normalSide, a)).toBe(0n);
      }),
      { seed: 99, numRuns: 200 },
    );
  });
});

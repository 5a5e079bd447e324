import { describe, expect, it } from 'vitest';
import { AMOUNT_MINOR_MAX } from '../../src/domain/limits.ts';
import { closingPostings, periodKindOf, periodLabel } from '../../src/domain/period-close.ts';
import { campaignPhase, campaignResultLine } from '../../src/domain/reports/campaign-result.ts';
import { CSV_BYTE_ORDER_MARK, csvLine } from '../../src/domain/reports/csv.ts';
import { accountRegister, type RegisterPosting } from '../../src/domain/reports/general-ledger.ts';
import { dayBefore, reportPeriod } from '../../src/domain/reports/period.ts';

describe('CSV lines', () => {
  it('quotes what needs quoting, keeps numbers as they are and defuses formulas in text', () => {
    expect(csvLine(['a', 'b,c', 'say "hi"', 'two\nlines', null, 12n, -5n, 3])).toBe(
      'a,"b,c","say ""hi""","two\nlines",,12,-5,3\r\n',
    );
    expect(csvLine(['=SUM(A1:A9)', '+84912', '-1', '@cmd', 'Quỹ "Vì người nghèo"'])).toBe(
      `'=SUM(A1:A9),'+84912,'-1,'@cmd,"Quỹ ""Vì người nghèo"""\r\n`,
    );
    expect(CSV_BYTE_ORDER_MARK).toBe('\uFEFF');
  });
});

describe('periods', () => {
  it('closes on the last day of a month; December closes the year', () => {
    expect(periodKindOf('2024-09-30')).toBe('month');
    expect(periodKindOf('2024-02-29')).toBe('month');
    expect(periodKindOf('2023-02-28')).toBe('month');
    expect(periodKindOf('2024-12-31')).toBe('year');
    expect(periodKindOf('2024-02-28')).toBeNull();
    expect(periodKindOf('2024-09-29')).toBeNull();
    expect(periodKindOf('2024-09-31')).toBeNull();
    expect(periodKindOf('30/09/2024')).toBeNull();
    expect(periodLabel('2024-09-30', 'month')).toBe('tháng 9/2024');
    expect(periodLabel('2024-12-31', 'year')).toBe('năm 2024');
  });

  it('defaults a report to the year so far, and steps back a day across months and years', () => {
    expect(reportPeriod(undefined, undefined, '2024-10-05')).toEqual({
      from: '2024-01-01',
      to: '2024-10-05',
    });
    expect(reportPeriod(undefined, '2023-06-30', '2024-10-05')).toEqual({
      from: '2023-01-01',
      to: '2023-06-30',
    });
    expect(reportPeriod('2024-09-01', undefined, '2024-10-05')).toEqual({
      from: '2024-09-01',
      to: '2024-10-05',
    });
    expect(dayBefore('2024-03-01')).toBe('2024-02-29');
    expect(dayBefore('2025-01-01')).toBe('2024-12-31');
    expect(dayBefore('2024-09-15')).toBe('2024-09-14');
  });
});

describe('year-end closing postings', () => {
  it('brings revenue and expense to zero and carries the difference to the fund balance per currency', () => {
    const { postings, carriedForward } = closingPostings(
      [
        {
          accountId: 'rev',
          currency: 'VND',
          type: 'revenue',
          debitTotalMinor: 200n,
          creditTotalMinor: 5_300_200n,
        },
        {
          accountId: 'exp',
          currency: 'VND',
          type: 'expense',
          debitTotalMinor: 1_500_000n,
          creditTotalMinor: 0n,
        },
        { accountId: 'adm', currency: 'VND', type: 'expense', debitTotalMinor: 7n, creditTotalMinor: 7n },
        { accountId: 'usd', currency: 'USD', type: 'expense', debitTotalMinor: 900n, creditTotalMinor: 0n },
      ],
      (currency) => `fb-${currency}`,
      'Kết chuyển năm 2024',
    );
    expect(postings.map((p) => [p.accountId, p.side, p.amountMinor])).toEqual([
      ['rev', 'debit', 5_300_000n],
      ['exp', 'credit', 1_500_000n],
      ['usd', 'credit', 900n],
      ['fb-VND', 'credit', 3_800_000n],
      ['fb-USD', 'debit', 900n],
    ]);
    expect(carriedForward).toEqual([
      { currency: 'VND', revenueMinor: 5_300_000n, expenseMinor: 1_500_000n, surplusMinor: 3_800_000n },
      { currency: 'USD', revenueMinor: 0n, expenseMinor: 900n, surplusMinor: -900n },
    ]);
  });

  it('splits an amount past the per-posting limit, and posts nothing when revenue equals expense', () => {
    const big = AMOUNT_MINOR_MAX * 2n + 5n;
    const { postings } = closingPostings(
      [{ accountId: 'rev', currency: 'VND', type: 'revenue', debitTotalMinor: 0n, creditTotalMinor: big }],
      () => 'fb',
      'x',
    );
    expect(postings.map((p) => p.amountMinor)).toEqual([
      AMOUNT_MINOR_MAX,
      AMOUNT_MINOR_MAX,
      5n,
      AMOUNT_MINOR_MAX,
      AMOUNT_MINOR_MAX,
      5n,
    ]);
    const even = closingPostings(
      [
        { accountId: 'rev', currency: 'VND', type: 'revenue', debitTotalMinor: 0n, creditTotalMinor: 10n },
        { accountId: 'exp', currency: 'VND', type: 'expense', debitTotalMinor: 10n, creditTotalMinor: 0n },
      ],
      () => 'fb',
      'x',
    );
    expect(even.postings.map((p) => p.accountId)).toEqual(['rev', 'exp']);
    expect(even.carriedForward[0]!.surplusMinor).toBe(0n);
  });
});

describe('account register', () => {
  const posting = (
    postingId: number,
    date: string,
    seq: number,
    side: 'debit' | 'credit',
    amount: bigint,
  ): RegisterPosting => ({
    postingId,
    entryId: `e${seq}`,
    seq,
    date,
    description: 'x',
    kind: 'donation',
    memo: null,
    side,
    amountMinor: amount,
  });

  it('runs the balance on the normal side in date, then journal order', () => {
    const bank = {
      accountId: 'b',
      fundId: 'f',
      fundName: 'F',
      code: '112',
      name: 'Bank',
      type: 'asset' as const,
      currency: 'VND' as const,
      normalSide: 'debit' as const,
    };
    const register = accountRegister(bank, { debitTotalMinor: 1_000n, creditTotalMinor: 200n }, [
      posting(9, '2024-09-20', 9, 'credit', 300n),
      posting(4, '2024-09-10', 4, 'debit', 100n),
      posting(7, '2024-09-10', 2, 'debit', 50n),
    ]);
    expect(register.openingMinor).toBe(800n);
    expect(register.lines.map((line) => [line.postingId, line.balanceMinor])).toEqual([
      [7, 850n],
      [4, 950n],
      [9, 650n],
    ]);
    expect([register.debitMinor, register.creditMinor, register.closingMinor]).toEqual([150n, 300n, 650n]);
    const revenue = accountRegister(
      { ...bank, type: 'revenue', normalSide: 'credit' },
      { debitTotalMinor: 0n, creditTotalMinor: 0n },
      [posting(1, '2024-09-01', 1, 'credit', 500n), posting(2, '2024-09-02', 2, 'debit', 200n)],
    );
    expect(revenue.lines.map((line) => line.balanceMinor)).toEqual([500n, 300n]);
  });
});

describe('campaign result', () => {
  it('computes what remains and how much of the mobilised came in, and where the campaign stands', () => {
    expect(
      campaignResultLine({
        currency: 'VND',
        pledgeCount: 2,
        pledgedMinor: 3_000_000n,
        giftCount: 3,
        receivedMinor: 1_000_000n,
        receivedInKindMinor: 500_000n,
        disbursementCount: 1,
        distributedMinor: 400_000n,
      }),
    ).toEqual({
      currency: 'VND',
      pledgeCount: 2,
      mobilised: '3000000',
      giftCount: 3,
      received: '1000000',
      receivedInKind: '500000',
      disbursementCount: 1,
      distributed: '400000',
      remaining: '600000',
      receivedOfMobilisedPercent: 50,
    });
    const window = {
      receivingFrom: '2024-09-08',
      receivingTo: '2024-10-31',
      distributionDeadline: '2024-11-20',
    };
    expect(
      ['2024-09-07', '2024-09-08', '2024-10-31', '2024-11-01', '2024-11-20', '2024-11-21'].map((day) =>
        campaignPhase(window, day),
      ),
    ).toEqual(['not_started', 'receiving', 'receiving', 'distributing', 'distributing', 'ended']);
  });
});

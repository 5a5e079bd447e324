import type { EntryDraft } from '../src/domain/entries.ts';

/** The accounts of the one fund the benchmark posts to (found by role, as the app does). */
export interface BenchFund {
  unitId: string;
  fundId: string;
  bank: string;
  cash: string;
  donationRevenue: string;
  disbursementExpense: string;
  adminExpense: string;
}

/** mulberry32: a small seeded generator, so every run posts the same entries. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const DAYS_2024: readonly string[] = (() => {
  const days: string[] = [];
  for (let ms = Date.UTC(2024, 0, 1); ms < Date.UTC(2025, 0, 1); ms += 86_400_000) {
    days.push(new Date(ms).toISOString().slice(0, 10));
  }
  return days;
})();

/**
 * Two-leg entries dated anywhere in 2024: donations into the bank and the cash box, support paid out of
 * the bank and small running costs paid from cash. The no-negative bank and cash accounts may not go
 * below zero on any day (drizzle/0002), so the generator keeps each one's balance as of every day of
 * the year and pays out only what had come in by the payment's date and stays there on every later
 * day, with a fourfold margin so that entries posted a few at a time slightly out of order (32 HTTP
 * requests in flight) are still covered.
 */
export class Workload {
  private readonly random: () => number;
  /** Balance as of the end of each day of 2024. */
  private readonly bankAsOf = new Float64Array(DAYS_2024.length);
  private readonly cashAsOf = new Float64Array(DAYS_2024.length);
  private count = 0;

  constructor(
    private readonly fund: BenchFund,
    seed = 20_240_101,
  ) {
    this.random = seededRandom(seed);
  }

  private amount(minThousands: number, maxThousands: number): number {
    return (minThousands + Math.floor(this.random() * (maxThousands - minThousands + 1))) * 1_000;
  }

  next(): EntryDraft {
    this.count += 1;
    const n = this.count;
    const day = Math.floor(this.random() * DAYS_2024.length);
    const date = DAYS_2024[day]!;
    const roll = this.random();
    const { fund } = this;
    const leg = (debit: string, credit: string, amountMinor: number, memo: string | null = null) => [
      { accountId: debit, side: 'debit' as const, amountMinor: BigInt(amountMinor), memo },
      { accountId: credit, side: 'credit' as const, amountMinor: BigInt(amountMinor), memo: null },
    ];
    if (roll < 0.25) {
      const amountMinor = this.amount(100, 3_000);
      if (covered(this.bankAsOf, day, amountMinor * 4)) {
        move(this.bankAsOf, day, -amountMinor);
        return draft(date, `Chi hỗ trợ hộ nghèo #${n}`, 'disbursement', [
          ...leg(fund.disbursementExpense, fund.bank, amountMinor, `Hộ số ${n % 997}`),
        ]);
      }
    } else if (roll < 0.3) {
      const amountMinor = this.amount(10, 500);
      if (covered(this.cashAsOf, day, amountMinor * 4)) {
        move(this.cashAsOf, day, -amountMinor);
        return draft(
          date,
          `Chi phí quản lý #${n}`,
          'disbursement',
          leg(fund.adminExpense, fund.cash, amountMinor),
        );
      }
    } else if (roll < 0.45) {
      const amountMinor = this.amount(10, 1_000);
      move(this.cashAsOf, day, amountMinor);
      return draft(
        date,
        `Ủng hộ tiền mặt #${n}`,
        'donation',
        leg(fund.cash, fund.donationRevenue, amountMinor),
      );
    }
    const amountMinor = this.amount(50, 5_000);
    move(this.bankAsOf, day, amountMinor);
    return draft(
      date,
      `Ủng hộ chuyển khoản #${n}`,
      'donation',
      leg(fund.bank, fund.donationRevenue, amountMinor),
    );
  }

  take(count: number): EntryDraft[] {
    return Array.from({ length: count }, () => this.next());
  }
}

/** Whether the balance is at least `amountMinor` on `day` and every later day. */
function covered(asOf: Float64Array, day: number, amountMinor: number): boolean {
  for (let later = day; later < asOf.length; later += 1) {
    if (asOf[later]! < amountMinor) return false;
  }
  return true;
}

/** A movement on `day` changes the balance as of that day and every later one. */
function move(asOf: Float64Array, day: number, amountMinor: number): void {
  for (let later = day; later < asOf.length; later += 1) asOf[later]! += amountMinor;
}

function draft(
  date: string,
  description: string,
  kind: EntryDraft['kind'],
  postings: EntryDraft['postings'],
): EntryDraft {
  return { date, description, kind, reversesEntryId: null, postings };
}

/** The JSON body POST /api/v1/entries takes for a draft (amounts as digit strings). */
export function entryBody(entry: EntryDraft): string {
  return JSON.stringify({
    date: entry.date,
    description: entry.description,
    kind: entry.kind,
    postings: entry.postings.map((posting) => ({
      accountId: posting.accountId,
      side: posting.side,
      amount: posting.amountMinor.toString(),
      ...(posting.memo === null ? {} : { memo: posting.memo }),
    })),
  });
}

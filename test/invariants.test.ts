/**
 * Ledger invariants under random sequences of real operations (in the manner of Blnk's fuzz test).
 *
 * fast-check, with fixed seeds, generates lists of operations; each list runs through the real HTTP app
 * on a freshly migrated libSQL database. A small model kept here (totals per account as bigints, the
 * entries that succeeded, the keyed writes) predicts every outcome — success, or which refusal — and
 * after every operation the suite checks that:
 *   (a) the trial balance nets to zero in every currency and matches the model row by row;
 *   (b) every account's debit/credit totals and balance equal the model's, and the maintained totals
 *       equal the sum of postings (verifyLedger, every check 0 violations: after every second operation
 *       in memory, every third on the file database, and at the end of every run);
 *   (c) no bank, cash or other no-negative account is below zero, today or in any as-of report;
 *   (d) a refused, replayed or conflicting request changed nothing (accounts, per-day totals, counts of
 *       entries, postings and idempotency records before vs after), and a successful one changed
 *       exactly one entry's worth.
 * As-of trial balances (entries are back-dated at random within 2024) are compared with the model
 * recomputed from the successful entries dated on or before each date.
 */
import type { Client } from '@libsql/client';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { verifyLedger } from '../src/capabilities/verify-ledger.ts';
import { LedgerStore } from '../src/db/ledger-store.ts';
import { type ApiResponse, type Json, TestApi } from './support/api.ts';
import { freshDatabase } from './support/database.ts';

// — the contract, restated independently of src/domain/limits.ts —

/** Largest single posting amount, in minor units. */
const AMOUNT_MAX = 10n ** 15n;
/** Largest debit or credit total of an account. */
const TOTAL_MAX = 2n ** 53n - 1n;
/** The app's clock: 10:00 on 31 Dec 2024 in Vietnam, so a reversal without a date is dated 2024-12-31. */
const CLOCK_MS = Date.UTC(2024, 11, 31, 3, 0, 0);
const TODAY = '2024-12-31';

type Side = 'debit' | 'credit';
type Currency = 'VND' | 'USD';

interface Leg {
  accountId: string;
  side: Side;
  amount: bigint;
  memo?: string;
}

interface Totals {
  debit: bigint;
  credit: bigint;
}

interface AccountInfo {
  id: string;
  fund: number;
  fundId: string;
  unitId: string;
  role: string | null;
  code: string;
  currency: Currency;
  normalSide: Side;
  nonNegative: boolean;
}

interface World {
  parentUnitId: string;
  childUnitId: string;
  fundIds: string[];
  accounts: AccountInfo[];
  byId: Map<string, AccountInfo>;
  /** The account of a fund by role (and currency, for the multi-currency fund). */
  acct(fund: number, role: string, currency?: Currency): AccountInfo;
}

interface ModelEntry {
  id: string;
  seq: number;
  date: string;
  kind: string;
  legs: Leg[];
  reversesEntryId: string | null;
  reversedBy: string | null;
}

interface KeyedWrite {
  kind: 'entry' | 'reverse' | 'account';
  path: string;
  key: string;
  body: Json;
  status: number;
  response: Json;
}

/** A prediction: success, or the refusal; a past day's overdraft is refused as insufficient-funds too. */
type Outcome = 'ok' | 'insufficient-funds' | 'account-total-limit' | 'below-zero-as-of';

function problemOf(outcome: Exclude<Outcome, 'ok'>): string {
  return outcome === 'below-zero-as-of' ? 'insufficient-funds' : outcome;
}

function balanceOf(normalSide: Side, totals: Totals): bigint {
  return normalSide === 'debit' ? totals.debit - totals.credit : totals.credit - totals.debit;
}

/** A trial-balance row: the net in the debit or the credit column. */
function columns(totals: Totals): { debit: string; credit: string } {
  const net = totals.debit - totals.credit;
  return net >= 0n ? { debit: net.toString(), credit: '0' } : { debit: '0', credit: (-net).toString() };
}

function isoDay(day: number): string {
  return new Date(Date.UTC(2024, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
}

function minBig(left: bigint, right: bigint): bigint {
  return left < right ? left : right;
}

/** A positive part of a balance: per-mille of it, at least 1 and at most one posting's limit. */
function portion(balance: bigint, perMille: number): bigint {
  const share = (balance * BigInt(perMille)) / 1000n;
  return share < 1n ? 1n : minBig(share, AMOUNT_MAX);
}

/** Splits an amount into postings of at most AMOUNT_MAX each. */
function chunks(amount: bigint): bigint[] {
  const parts: bigint[] = [];
  let rest = amount;
  while (rest > 0n) {
    const part = minBig(rest, AMOUNT_MAX);
    parts.push(part);
    rest -= part;
  }
  return parts;
}

function legs(side: Side, accountId: string, amount: bigint): Leg[] {
  return chunks(amount).map((part) => ({ accountId, side, amount: part }));
}

/** The model: what the ledger must hold, from the operations that succeeded. */
class Model {
  readonly totals = new Map<string, Totals>();
  readonly entries: ModelEntry[] = [];
  readonly keyed: KeyedWrite[] = [];
  postings = 0;

  constructor(readonly world: World) {
    for (const account of world.accounts) this.totals.set(account.id, { debit: 0n, credit: 0n });
  }

  balance(accountId: string): bigint {
    const account = this.world.byId.get(accountId)!;
    return balanceOf(account.normalSide, this.totals.get(accountId)!);
  }

  /**
   * What posting these legs dated `date` must do now: go through, or which refusal. The posting rules
   * first (in posting order: total limit, then today's balance), then the rule that a no-negative
   * account is at or above zero on every day from the entry's date on (a back-dated payment may not
   * spend money that had not arrived yet).
   */
  predict(entryLegs: readonly Leg[], date: string): Outcome {
    const next = new Map<string, Totals>();
    for (const leg of entryLegs) {
      const current = next.get(leg.accountId) ?? { ...this.totals.get(leg.accountId)! };
      if (leg.side === 'debit') current.debit += leg.amount;
      else current.credit += leg.amount;
      next.set(leg.accountId, current);
    }
    for (const leg of entryLegs) {
      const totals = next.get(leg.accountId)!;
      const account = this.world.byId.get(leg.accountId)!;
      if (totals.debit > TOTAL_MAX || totals.credit > TOTAL_MAX) return 'account-total-limit';
      if (account.nonNegative && balanceOf(account.normalSide, totals) < 0n) return 'insufficient-funds';
    }
    for (const accountId of next.keys()) {
      const account = this.world.byId.get(accountId)!;
      if (!account.nonNegative) continue;
      const change = { debit: 0n, credit: 0n };
      for (const leg of entryLegs) {
        if (leg.accountId === accountId) change[leg.side] += leg.amount;
      }
      const delta = balanceOf(account.normalSide, change);
      if (delta >= 0n) continue;
      const days = new Set([date]);
      for (const entry of this.entries) {
        if (entry.date >= date && entry.legs.some((leg) => leg.accountId === accountId)) days.add(entry.date);
      }
      for (const day of days) {
        if (this.balanceAsOf(accountId, day) + delta < 0n) return 'below-zero-as-of';
      }
    }
    return 'ok';
  }

  /** The date of the account's latest movement, or null. */
  lastDate(accountId: string): string | null {
    let last: string | null = null;
    for (const entry of this.entries) {
      if ((last === null || entry.date > last) && entry.legs.some((leg) => leg.accountId === accountId)) {
        last = entry.date;
      }
    }
    return last;
  }

  /** An account's balance (on its normal side) from the entries dated on or before `date`. */
  balanceAsOf(accountId: string, date: string): bigint {
    const totals = { debit: 0n, credit: 0n };
    for (const entry of this.entries) {
      if (entry.date > date) continue;
      for (const leg of entry.legs) {
        if (leg.accountId === accountId) totals[leg.side] += leg.amount;
      }
    }
    return balanceOf(this.world.byId.get(accountId)!.normalSide, totals);
  }

  commit(entry: ModelEntry): void {
    for (const leg of entry.legs) {
      const totals = this.totals.get(leg.accountId)!;
      if (leg.side === 'debit') totals.debit += leg.amount;
      else totals.credit += leg.amount;
    }
    if (entry.reversesEntryId) {
      const original = this.entries.find((candidate) => candidate.id === entry.reversesEntryId)!;
      original.reversedBy = entry.id;
    }
    this.entries.push(entry);
    this.postings += entry.legs.length;
  }

  /** Totals per account from the successful entries dated on or before `date`. */
  totalsAsOf(date: string): Map<string, Totals> {
    const totals = new Map<string, Totals>();
    for (const account of this.world.accounts) totals.set(account.id, { debit: 0n, credit: 0n });
    for (const entry of this.entries) {
      if (entry.date > date) continue;
      for (const leg of entry.legs) {
        const row = totals.get(leg.accountId)!;
        if (leg.side === 'debit') row.debit += leg.amount;
        else row.credit += leg.amount;
      }
    }
    return totals;
  }
}

// — operations —

type Role3 = 'bank' | 'cash' | 'in_kind_goods';

type Op =
  | { t: 'donation'; fund: number; into: Role3 | 'split'; amount: bigint; day: number; keyed: boolean }
  | { t: 'donationUsd'; cents: bigint; rate: number; day: number; keyed: boolean }
  | {
      t: 'disburse';
      fund: number;
      from: Role3;
      expense: 'disbursement_expense' | 'admin_expense';
      perMille: number;
      day: number;
      late: boolean;
      keyed: boolean;
    }
  | {
      t: 'transfer';
      from: number;
      offset: number;
      perMille: number;
      day: number;
      late: boolean;
      keyed: boolean;
    }
  | {
      t: 'exchange';
      buyUsd: boolean;
      perMille: number;
      rate: number;
      day: number;
      late: boolean;
      keyed: boolean;
    }
  | { t: 'adjust'; fund: number; amount: bigint; day: number }
  | { t: 'whale'; fund: number; parts: number; day: number }
  | { t: 'reverse'; pick: number; explicitDate: boolean; day: number; keyed: boolean }
  | {
      t: 'overdraw';
      fund: number;
      via: Role3 | 'usd_bank' | 'transfer' | 'exchange';
      extra: bigint;
      day: number;
      keyed: boolean;
    }
  | { t: 'replay'; pick: number; respace: boolean; reorder: boolean }
  | { t: 'conflict'; pick: number; mutation: number }
  | { t: 'malformed'; variant: number; pick: number; keyed: boolean }
  | { t: 'race'; fund: number; copies: number; perMille: number; sameKey: boolean; day: number }
  | { t: 'asOf'; day: number; fund: number };

const day = fc.integer({ min: 0, max: 365 });
const fund = fc.integer({ min: 0, max: 2 });
const perMille = fc.integer({ min: 1, max: 1000 });
const rate = fc.integer({ min: 23_000, max: 26_500 });
const pick = fc.nat({ max: 10_000 });

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record({
      t: fc.constant('donation' as const),
      fund,
      into: fc.constantFrom<Role3 | 'split'>('bank', 'bank', 'cash', 'in_kind_goods', 'split'),
      amount: fc.oneof(fc.bigInt({ min: 1n, max: 5_000_000n }), fc.bigInt({ min: 1n, max: 2_000_000_000n })),
      day,
      keyed: fc.boolean(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      t: fc.constant('donationUsd' as const),
      cents: fc.bigInt({ min: 1n, max: 5_000_000n }),
      rate,
      day,
      keyed: fc.boolean(),
    }),
  },
  {
    weight: 8,
    arbitrary: fc.record({
      t: fc.constant('disburse' as const),
      fund,
      from: fc.constantFrom<Role3>('bank', 'bank', 'cash', 'in_kind_goods'),
      expense: fc.constantFrom('disbursement_expense' as const, 'admin_expense' as const),
      perMille,
      day,
      late: fc.boolean(),
      keyed: fc.boolean(),
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      t: fc.constant('transfer' as const),
      from: fund,
      offset: fc.integer({ min: 1, max: 2 }),
      perMille,
      day,
      late: fc.boolean(),
      keyed: fc.boolean(),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      t: fc.constant('exchange' as const),
      buyUsd: fc.boolean(),
      perMille,
      rate,
      day,
      late: fc.boolean(),
      keyed: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('adjust' as const),
      fund,
      amount: fc.bigInt({ min: 1n, max: 10_000_000n }),
      day,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      t: fc.constant('whale' as const),
      fund,
      parts: fc.integer({ min: 1, max: 10 }),
      day,
    }),
  },
  {
    weight: 7,
    arbitrary: fc.record({
      t: fc.constant('reverse' as const),
      pick,
      explicitDate: fc.boolean(),
      day,
      keyed: fc.boolean(),
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      t: fc.constant('overdraw' as const),
      fund,
      via: fc
        .constantFrom('bank' as const, 'cash' as const, 'in_kind_goods' as const, 'usd_bank' as const)
        .chain((via) => fc.constantFrom(via, 'transfer' as const, 'exchange' as const)),
      extra: fc.bigInt({ min: 0n, max: 1_000_000n }),
      day,
      keyed: fc.boolean(),
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      t: fc.constant('replay' as const),
      pick,
      respace: fc.boolean(),
      reorder: fc.boolean(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ t: fc.constant('conflict' as const), pick, mutation: fc.nat({ max: 2 }) }),
  },
  {
    weight: 9,
    arbitrary: fc.record({
      t: fc.constant('malformed' as const),
      variant: fc.nat({ max: 1_000 }),
      pick,
      keyed: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('race' as const),
      fund,
      copies: fc.integer({ min: 2, max: 4 }),
      perMille: fc.integer({ min: 150, max: 1000 }),
      sameKey: fc.boolean(),
      day,
    }),
  },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('asOf' as const), day, fund }) },
);

const DESCRIPTIONS = [
  'Ủng hộ đồng bào vùng lũ',
  'Chi hỗ trợ hộ nghèo xã Mường Tè',
  'Điều chuyển kinh phí',
  'Mua bán ngoại tệ',
  '  Ủng hộ Tết vì người nghèo  ',
  'Quà tặng hiện vật: gạo, mì tôm',
];

/** Which outcomes the runs reached, so a generator that stops reaching a path is noticed. */
const seen = new Map<string, number>();
const malformedLabels = new Set<string>();

function tally(outcome: string): void {
  seen.set(outcome, (seen.get(outcome) ?? 0) + 1);
}

// — malformed requests: each must be a 4xx problem and change nothing —

interface BadRequest {
  label: string;
  path: string;
  body: string | Json;
  headers?: Record<string, string>;
  /** Exact status and problem type when the contract names one; otherwise any 4xx. */
  expect: { status: number; type: string } | 'any-4xx';
}

/** Built once: bodies too big or too deep to be worth rebuilding for every malformed request. */
const OVERSIZED_DESCRIPTION = 'x'.repeat(1_100_000);
const DEEP_ARRAYS = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;

function unknownId(seed: number): string {
  const hex = seed.toString(16).padStart(12, '0').slice(-12);
  return `0190a1b2-c3d4-7e5f-8a9b-${hex}`;
}

function malformedRequests(world: World, model: Model, seed: number): BadRequest[] {
  const f = seed % 3;
  const bank = world.acct(f, 'bank').id;
  const revenue = world.acct(f, 'donation_revenue').id;
  const valid = (amount = '1000'): Json => ({
    date: isoDay(seed % 366),
    description: 'Ủng hộ',
    kind: 'donation',
    postings: [
      { accountId: bank, side: 'debit', amount },
      { accountId: revenue, side: 'credit', amount },
    ],
  });
  const withPosting = (index: number, change: Json): Json => {
    const body = valid();
    body.postings[index] = { ...body.postings[index], ...change };
    return body;
  };
  const invalid = (type = 'validation-failed') => ({ status: 422, type });
  const entries = '/api/v1/entries';
  const target = model.entries.length > 0 ? model.entries[seed % model.entries.length]! : null;
  const reversePath = `${entries}/${target ? target.id : unknownId(seed)}/reverse`;
  const { postings: _dropped, ...withoutPostings } = valid();
  const { date: _date, ...withoutDate } = valid();
  return [
    {
      label: 'amount as a JSON number',
      path: entries,
      body: withPosting(0, { amount: 1000 }),
      expect: invalid(),
    },
    { label: 'missing date', path: entries, body: withoutDate, expect: invalid() },
    { label: 'missing postings', path: entries, body: withoutPostings, expect: invalid() },
    { label: 'negative amount', path: entries, body: valid('-1000'), expect: invalid() },
    { label: 'fractional amount', path: entries, body: valid('1000.5'), expect: invalid() },
    { label: 'exponent amount', path: entries, body: valid('1e3'), expect: invalid() },
    { label: 'zero amount', path: entries, body: valid('0'), expect: invalid() },
    { label: 'leading zeros', path: entries, body: valid('01000'), expect: invalid() },
    { label: 'signed amount', path: entries, body: valid('+1000'), expect: invalid() },
    { label: 'amount with spaces', path: entries, body: valid(' 1000'), expect: invalid() },
    { label: 'amount over the limit', path: entries, body: valid('1000000000000001'), expect: invalid() },
    { label: 'amount of 25 digits', path: entries, body: valid('9'.repeat(25)), expect: invalid() },
    {
      label: 'unbalanced postings',
      path: entries,
      body: withPosting(1, { amount: '999' }),
      expect: invalid('entry-unbalanced'),
    },
    {
      label: 'balanced overall but not within each fund',
      path: entries,
      body: withPosting(1, { accountId: world.acct((f + 1) % 3, 'donation_revenue').id }),
      expect: invalid('entry-unbalanced'),
    },
    {
      label: 'USD debit against a VND credit',
      path: entries,
      body: {
        ...valid(),
        postings: [
          { accountId: world.acct(2, 'bank', 'USD').id, side: 'debit', amount: '1000' },
          { accountId: world.acct(2, 'donation_revenue').id, side: 'credit', amount: '1000' },
        ],
      },
      expect: invalid('entry-unbalanced'),
    },
    {
      label: 'unknown account id',
      path: entries,
      body: withPosting(seed % 2, { accountId: unknownId(seed) }),
      expect: invalid('account-not-found'),
    },
    {
      label: 'account id of 65 characters',
      path: entries,
      body: withPosting(0, { accountId: 'a'.repeat(65) }),
      expect: invalid(),
    },
    {
      label: 'NUL byte in the account id',
      path: entries,
      body: withPosting(0, { accountId: `${bank}\u0000` }),
      expect: invalid('account-not-found'),
    },
    {
      label: 'NUL byte in the description',
      path: entries,
      body: { ...valid(), description: 'Ủng\u0000hộ' },
      expect: invalid(),
    },
    {
      label: 'control character in a memo',
      path: entries,
      body: withPosting(0, { memo: 'a\u0007b' }),
      expect: invalid(),
    },
    {
      label: 'lone surrogate in the description',
      path: entries,
      body: { ...valid(), description: 'x\ud800' },
      expect: invalid(),
    },
    {
      label: 'blank description',
      path: entries,
      body: { ...valid(), description: ' \t ' },
      expect: invalid(),
    },
    {
      label: 'description of 501 characters',
      path: entries,
      body: { ...valid(), description: 'ư'.repeat(501) },
      expect: invalid(),
    },
    {
      label: 'body over 1 MiB',
      path: entries,
      body: { ...valid(), description: OVERSIZED_DESCRIPTION },
      expect: { status: 413, type: 'payload-too-large' },
    },
    {
      label: 'not JSON',
      path: entries,
      body: 'date=2024-01-01&amount=5',
      expect: { status: 400, type: 'malformed-body' },
    },
    {
      label: 'truncated JSON',
      path: entries,
      body: JSON.stringify(valid()).slice(0, -3),
      expect: { status: 400, type: 'malformed-body' },
    },
    {
      label: 'NaN literal',
      path: entries,
      body: '{"amount": NaN}',
      expect: { status: 400, type: 'malformed-body' },
    },
    { label: 'empty body', path: entries, body: '', expect: { status: 400, type: 'malformed-body' } },
    { label: 'JSON null', path: entries, body: 'null', expect: invalid() },
    { label: 'JSON array', path: entries, body: JSON.stringify([valid()]), expect: invalid() },
    {
      label: 'deeply nested arrays',
      path: entries,
      body: DEEP_ARRAYS,
      expect: invalid(),
    },
    {
      label: '__proto__ key',
      path: entries,
      body: `{"__proto__":{"kind":"donation"},${JSON.stringify(valid()).slice(1)}`,
      expect: invalid(),
    },
    { label: 'unknown field', path: entries, body: { ...valid(), approved: true }, expect: invalid() },
    {
      label: 'kind reversal on the plain route',
      path: entries,
      body: { ...valid(), kind: 'reversal' },
      expect: invalid(),
    },
    { label: 'unknown kind', path: entries, body: { ...valid(), kind: 'gift' }, expect: invalid() },
    { label: 'unknown side', path: entries, body: withPosting(0, { side: 'left' }), expect: invalid() },
    {
      label: 'one posting',
      path: entries,
      body: { ...valid(), postings: [valid().postings[0]] },
      expect: invalid(),
    },
    {
      label: '501 postings',
      path: entries,
      body: {
        ...valid(),
        postings: Array.from({ length: 501 }, (_, index) => ({
          accountId: index % 2 === 0 ? bank : revenue,
          side: index % 2 === 0 ? 'debit' : 'credit',
          amount: '1',
        })),
      },
      expect: invalid(),
    },
    { label: 'impossible date', path: entries, body: { ...valid(), date: '2024-02-30' }, expect: invalid() },
    { label: 'date before 1990', path: entries, body: { ...valid(), date: '1989-12-31' }, expect: invalid() },
    {
      label: 'date with a time',
      path: entries,
      body: { ...valid(), date: '2024-05-01T00:00:00Z' },
      expect: invalid(),
    },
    {
      label: 'valid body with an over-long Idempotency-Key',
      path: entries,
      body: valid(),
      headers: { 'Idempotency-Key': 'k'.repeat(201) },
      expect: invalid(),
    },
    {
      label: 'valid body with a spaced Idempotency-Key',
      path: entries,
      body: valid(),
      headers: { 'Idempotency-Key': 'two words' },
      expect: invalid(),
    },
    {
      // Hono reads a body that is not declared JSON as {}: refused field by field (a 415 would be clearer).
      label: 'valid body sent as text/plain',
      path: entries,
      body: JSON.stringify(valid()),
      headers: { 'Content-Type': 'text/plain' },
      expect: 'any-4xx',
    },
    {
      label: 'reverse an unknown entry',
      path: `${entries}/${unknownId(seed)}/reverse`,
      body: { reason: 'sai' },
      expect: { status: 404, type: 'not-found' },
    },
    { label: 'reverse with a blank reason', path: reversePath, body: { reason: '   ' }, expect: invalid() },
    { label: 'reverse with no reason', path: reversePath, body: {}, expect: invalid() },
    {
      label: 'reverse with an impossible date',
      path: reversePath,
      body: { reason: 'sai', date: '2024-13-01' },
      expect: invalid(),
    },
    {
      label: 'reverse with an unknown field',
      path: reversePath,
      body: { reason: 'sai', postings: [] },
      expect: invalid(),
    },
    {
      label: 'reverse with a non-JSON body',
      path: reversePath,
      body: 'reason: sai',
      expect: { status: 400, type: 'malformed-body' },
    },
    {
      label: 'account with an unknown type',
      path: '/api/v1/accounts',
      body: { fundId: world.fundIds[f], code: 'X1', name: 'x', type: 'equity' },
      expect: invalid(),
    },
    {
      label: 'account in an unknown fund',
      path: '/api/v1/accounts',
      body: { fundId: unknownId(seed), code: 'X1', name: 'x', type: 'asset' },
      expect: invalid('fund-not-found'),
    },
    {
      label: 'account code already used in the fund',
      path: '/api/v1/accounts',
      body: { fundId: world.fundIds[f], code: '112', name: 'Ngân hàng 2', type: 'asset' },
      expect: { status: 409, type: 'duplicate-code' },
    },
    {
      label: 'account code with a NUL byte',
      path: '/api/v1/accounts',
      body: { fundId: world.fundIds[f], code: '11\u00002', name: 'x', type: 'asset' },
      expect: invalid(),
    },
  ];
}

// — the harness: runs operations, predicts outcomes with the model, checks invariants —

interface Snapshot {
  accounts: string[];
  dayTotals: string[];
  entries: number;
  postings: number;
  idempotency: number;
  units: number;
  funds: number;
}

class Harness {
  private keys = 0;
  private ops = 0;
  readonly store: LedgerStore;

  constructor(
    readonly api: TestApi,
    readonly client: Client,
    readonly world: World,
    readonly model: Model,
    /** Run the full verifyLedger after every n-th operation (1: after every one). */
    readonly verifyEvery: number,
  ) {
    this.store = new LedgerStore(client);
  }

  private nextKey(): string {
    this.keys += 1;
    return `inv-${this.keys}`;
  }

  async snapshot(): Promise<Snapshot> {
    const accounts = await this.client.execute(
      "SELECT id || ' ' || debit_total_minor || ' ' || credit_total_minor AS r FROM accounts ORDER BY id",
    );
    const days = await this.client.execute(
      `SELECT account_id || ' ' || day || ' ' || debit_total_minor || ' ' || credit_total_minor AS r
       FROM account_day_totals ORDER BY account_id, day`,
    );
    const [counts] = (
      await this.client.execute(
        `SELECT (SELECT count(*) FROM journal_entries) AS entries, (SELECT count(*) FROM postings) AS postings,
                (SELECT count(*) FROM idempotency_records) AS idempotency, (SELECT count(*) FROM units) AS units,
                (SELECT count(*) FROM funds) AS funds`,
      )
    ).rows;
    return {
      accounts: accounts.rows.map((row) => String(row.r)),
      dayTotals: days.rows.map((row) => String(row.r)),
      entries: Number(counts!.entries),
      postings: Number(counts!.postings),
      idempotency: Number(counts!.idempotency),
      units: Number(counts!.units),
      funds: Number(counts!.funds),
    };
  }

  async run(op: Op): Promise<void> {
    this.ops += 1;
    const label = `op #${this.ops} ${JSON.stringify(op, (_key, value) => (typeof value === 'bigint' ? `${value}n` : value))}`;
    switch (op.t) {
      case 'donation':
        await this.donation(op, label);
        break;
      case 'donationUsd':
        await this.donationUsd(op, label);
        break;
      case 'disburse': {
        // From the chosen account when it holds money, else from any of the fund's that does (an empty
        // fund still tries the chosen one, and must be refused).
        const roles: Role3[] = [op.from, 'bank', 'cash', 'in_kind_goods'];
        const funded = roles.find((role) => this.model.balance(this.world.acct(op.fund, role).id) > 0n);
        const from = this.world.acct(op.fund, funded ?? op.from);
        const amount = portion(this.model.balance(from.id), op.perMille);
        await this.postEntry(label, 'disbursement', this.spendDate(op.day, op.late, from.id), op.keyed, [
          {
            accountId: this.world.acct(op.fund, op.expense).id,
            side: 'debit',
            amount,
            memo: 'Hỗ trợ hộ nghèo',
          },
          { accountId: from.id, side: 'credit', amount },
        ]);
        break;
      }
      case 'transfer': {
        const to = (op.from + op.offset) % 3;
        const bank = this.world.acct(op.from, 'bank').id;
        const amount = portion(this.model.balance(bank), op.perMille);
        await this.postEntry(
          label,
          'transfer',
          this.spendDate(op.day, op.late, bank),
          op.keyed,
          this.transferLegs(op.from, to, amount),
        );
        break;
      }
      case 'exchange':
        await this.exchange(op, label);
        break;
      case 'adjust':
        // Pledges receivable may go negative (no no-negative flag): this must be accepted.
        await this.postEntry(label, 'adjustment', isoDay(op.day), false, [
          { accountId: this.world.acct(op.fund, 'payables').id, side: 'debit', amount: op.amount },
          { accountId: this.world.acct(op.fund, 'pledges_receivable').id, side: 'credit', amount: op.amount },
        ]);
        break;
      case 'whale': {
        const amount = AMOUNT_MAX * BigInt(op.parts);
        await this.postEntry(label, 'donation', isoDay(op.day), false, [
          ...legs('debit', this.world.acct(op.fund, 'bank').id, amount),
          ...legs('credit', this.world.acct(op.fund, 'donation_revenue').id, amount),
        ]);
        break;
      }
      case 'reverse':
        await this.reverse(op, label);
        break;
      case 'overdraw':
        await this.overdraw(op, label);
        break;
      case 'replay':
        await this.replay(op, label);
        break;
      case 'conflict':
        await this.conflict(op, label);
        break;
      case 'malformed':
        await this.malformed(op, label);
        break;
      case 'race':
        await this.race(op, label);
        break;
      case 'asOf': {
        const before = await this.snapshot();
        await this.checkAsOf(isoDay(op.day), op.fund, label);
        expect(await this.snapshot(), `${label}: reports changed nothing`).toEqual(before);
        break;
      }
    }
    await this.checkInvariants(label);
  }

  /** The op's day, or — for a late one — no earlier than the paying account's latest movement. */
  private spendDate(day: number, late: boolean, accountId: string): string {
    const date = isoDay(day);
    const last = late ? this.model.lastDate(accountId) : null;
    return last !== null && last > date ? last : date;
  }

  private transferLegs(from: number, to: number, amount: bigint): Leg[] {
    return [
      { accountId: this.world.acct(from, 'transfers_out').id, side: 'debit', amount },
      { accountId: this.world.acct(from, 'bank').id, side: 'credit', amount, memo: 'Chuyển đi' },
      { accountId: this.world.acct(to, 'bank').id, side: 'debit', amount, memo: 'Nhận về' },
      { accountId: this.world.acct(to, 'transfers_in').id, side: 'credit', amount },
    ];
  }

  /** Buying USD spends VND; selling USD brings VND in. Each currency balances through 413. */
  private exchangeLegs(buyUsd: boolean, vnd: bigint, cents: bigint): Leg[] {
    const vndBank = this.world.acct(2, 'bank').id;
    const vndTrading = this.world.acct(2, 'currency_trading').id;
    const usdBank = this.world.acct(2, 'bank', 'USD').id;
    const usdTrading = this.world.acct(2, 'currency_trading', 'USD').id;
    return buyUsd
      ? [
          { accountId: usdBank, side: 'debit', amount: cents },
          { accountId: usdTrading, side: 'credit', amount: cents },
          { accountId: vndTrading, side: 'debit', amount: vnd },
          { accountId: vndBank, side: 'credit', amount: vnd },
        ]
      : [
          { accountId: vndBank, side: 'debit', amount: vnd },
          { accountId: vndTrading, side: 'credit', amount: vnd },
          { accountId: usdTrading, side: 'debit', amount: cents },
          { accountId: usdBank, side: 'credit', amount: cents },
        ];
  }

  private async donation(op: Extract<Op, { t: 'donation' }>, label: string): Promise<void> {
    const revenue = this.world.acct(op.fund, 'donation_revenue').id;
    const entryLegs: Leg[] =
      op.into === 'split'
        ? [
            {
              accountId: this.world.acct(op.fund, 'bank').id,
              side: 'debit',
              amount: op.amount,
              memo: 'Chuyển khoản',
            },
            {
              accountId: this.world.acct(op.fund, 'cash').id,
              side: 'debit',
              amount: op.amount + 1n,
              memo: 'Tiền mặt',
            },
            { accountId: revenue, side: 'credit', amount: op.amount * 2n + 1n },
          ]
        : [
            { accountId: this.world.acct(op.fund, op.into).id, side: 'debit', amount: op.amount },
            { accountId: revenue, side: 'credit', amount: op.amount },
          ];
    await this.postEntry(label, 'donation', isoDay(op.day), op.keyed, entryLegs);
  }

  private async donationUsd(op: Extract<Op, { t: 'donationUsd' }>, label: string): Promise<void> {
    const vnd = (op.cents * BigInt(op.rate)) / 100n + 1n;
    await this.postEntry(label, 'donation', isoDay(op.day), op.keyed, [
      { accountId: this.world.acct(2, 'bank', 'USD').id, side: 'debit', amount: op.cents },
      { accountId: this.world.acct(2, 'currency_trading', 'USD').id, side: 'credit', amount: op.cents },
      { accountId: this.world.acct(2, 'currency_trading').id, side: 'debit', amount: vnd },
      { accountId: this.world.acct(2, 'donation_revenue').id, side: 'credit', amount: vnd },
    ]);
  }

  private async exchange(op: Extract<Op, { t: 'exchange' }>, label: string): Promise<void> {
    let vnd: bigint;
    let cents: bigint;
    if (op.buyUsd) {
      vnd = portion(this.model.balance(this.world.acct(2, 'bank').id), op.perMille);
      cents = (vnd * 100n) / BigInt(op.rate);
      if (cents < 1n) cents = 1n;
    } else {
      cents = portion(this.model.balance(this.world.acct(2, 'bank', 'USD').id), op.perMille);
      vnd = minBig((cents * BigInt(op.rate)) / 100n + 1n, AMOUNT_MAX);
    }
    const source = op.buyUsd ? this.world.acct(2, 'bank') : this.world.acct(2, 'bank', 'USD');
    await this.postEntry(
      label,
      'exchange',
      this.spendDate(op.day, op.late, source.id),
      op.keyed,
      this.exchangeLegs(op.buyUsd, vnd, cents),
    );
  }

  private async overdraw(op: Extract<Op, { t: 'overdraw' }>, label: string): Promise<void> {
    const date = isoDay(op.day);
    let entryLegs: Leg[];
    let kind: string;
    if (op.via === 'transfer') {
      const amount = this.model.balance(this.world.acct(op.fund, 'bank').id) + 1n + op.extra;
      const to = (op.fund + 1) % 3;
      kind = 'transfer';
      entryLegs = chunks(amount).flatMap((part) => this.transferLegs(op.fund, to, part));
    } else if (op.via === 'exchange') {
      const cents = this.model.balance(this.world.acct(2, 'bank', 'USD').id) + 1n + op.extra;
      kind = 'exchange';
      entryLegs = chunks(cents).flatMap((part) => this.exchangeLegs(false, minBig(part, AMOUNT_MAX), part));
    } else {
      const account =
        op.via === 'usd_bank' ? this.world.acct(2, 'bank', 'USD') : this.world.acct(op.fund, op.via);
      const counter =
        op.via === 'usd_bank'
          ? this.world.acct(2, 'currency_trading', 'USD')
          : this.world.acct(op.fund, 'disbursement_expense');
      const amount = this.model.balance(account.id) + 1n + op.extra;
      kind = 'disbursement';
      entryLegs = [...legs('credit', account.id, amount), ...legs('debit', counter.id, amount)];
    }
    const outcome = this.model.predict(entryLegs, date);
    expect(outcome, `${label}: an overdraft can never be accepted`).not.toBe('ok');
    await this.postEntry(label, kind, date, op.keyed, entryLegs);
  }

  /** Posts one entry, checks the answer against the model's prediction, and commits it to the model. */
  private async postEntry(
    label: string,
    kind: string,
    date: string,
    keyed: boolean,
    entryLegs: Leg[],
  ): Promise<void> {
    const description = DESCRIPTIONS[(this.ops + entryLegs.length) % DESCRIPTIONS.length]!;
    const body: Json = {
      date,
      description,
      kind,
      postings: entryLegs.map((leg) => ({
        accountId: leg.accountId,
        side: leg.side,
        amount: leg.amount.toString(),
        ...(leg.memo ? { memo: leg.memo } : {}),
      })),
    };
    const key = keyed ? this.nextKey() : null;
    const expected = this.model.predict(entryLegs, date);
    tally(`entry ${kind} ${expected}`);
    const before = await this.snapshot();
    const response = await this.api.post('/api/v1/entries', body, key ? { 'Idempotency-Key': key } : {});
    if (expected !== 'ok') {
      expectProblem(response, 422, problemOf(expected), label);
      expect(await this.snapshot(), `${label}: a refused entry changed nothing`).toEqual(before);
      return;
    }
    expect(response.status, `${label}: ${JSON.stringify(response.body)}`).toBe(201);
    expect(response.headers.get('Idempotency-Hit'), label).toBeNull();
    this.checkEntryView(
      response.body,
      { kind, date, description, legs: entryLegs, reversesEntryId: null },
      label,
    );
    this.model.commit({
      id: response.body.id,
      seq: response.body.seq,
      date,
      kind,
      legs: entryLegs,
      reversesEntryId: null,
      reversedBy: null,
    });
    if (key) {
      this.model.keyed.push({
        kind: 'entry',
        path: '/api/v1/entries',
        key,
        body,
        status: 201,
        response: response.body,
      });
    }
    await this.expectGrowth(before, entryLegs.length, key ? 1 : 0, label);
  }

  /** The committed view: what was sent, in order, with the next gapless sequence and posting ids. */
  private checkEntryView(
    view: Json,
    expected: {
      kind: string;
      date: string;
      description: string;
      legs: Leg[];
      reversesEntryId: string | null;
    },
    label: string,
  ): void {
    const firstPostingId = this.model.postings + 1;
    expect(
      {
        seq: view.seq,
        date: view.date,
        kind: view.kind,
        description: view.description,
        reversesEntryId: view.reversesEntryId,
        reversedByEntryId: view.reversedByEntryId,
        postings: view.postings,
      },
      label,
    ).toEqual({
      seq: this.model.entries.length + 1,
      date: expected.date,
      kind: expected.kind,
      description: expected.description.trim(),
      reversesEntryId: expected.reversesEntryId,
      reversedByEntryId: null,
      postings: expected.legs.map((leg, index) => ({
        id: firstPostingId + index,
        accountId: leg.accountId,
        side: leg.side,
        amount: leg.amount.toString(),
        currency: this.world.byId.get(leg.accountId)!.currency,
        memo: leg.memo ?? null,
      })),
    });
    expect(
      typeof view.id === 'string' && !this.model.entries.some((entry) => entry.id === view.id),
      label,
    ).toBe(true);
  }

  private async expectGrowth(
    before: Snapshot,
    postings: number,
    keyed: number,
    label: string,
  ): Promise<void> {
    const after = await this.snapshot();
    expect(
      {
        entries: after.entries,
        postings: after.postings,
        idempotency: after.idempotency,
        units: after.units,
        funds: after.funds,
      },
      `${label}: one entry written`,
    ).toEqual({
      entries: before.entries + 1,
      postings: before.postings + postings,
      idempotency: before.idempotency + keyed,
      units: before.units,
      funds: before.funds,
    });
  }

  private async reverse(op: Extract<Op, { t: 'reverse' }>, label: string): Promise<void> {
    const before = await this.snapshot();
    if (this.model.entries.length === 0) {
      const response = await this.api.post(`/api/v1/entries/${unknownId(op.pick)}/reverse`, {
        reason: 'Nhầm',
      });
      tally('reverse not-found');
      expectProblem(response, 404, 'not-found', label);
      expect(await this.snapshot(), label).toEqual(before);
      return;
    }
    const target = this.model.entries[op.pick % this.model.entries.length]!;
    const body: Json = { reason: `Ghi nhầm số tiền (${this.ops})` };
    if (op.explicitDate) body.date = isoDay(op.day);
    const date = op.explicitDate ? isoDay(op.day) : target.date > TODAY ? target.date : TODAY;
    const reversal = target.legs.map(
      (leg): Leg => ({ ...leg, side: leg.side === 'debit' ? 'credit' : 'debit' }),
    );
    // The order in which the reverse action checks: already reversed, the date, a reversal, the money.
    let refusal: { status: number; type: string; reason?: string } | null = null;
    if (target.reversedBy) refusal = { status: 409, type: 'already-reversed' };
    else if (date < target.date) refusal = { status: 422, type: 'validation-failed' };
    else if (target.kind === 'reversal') refusal = { status: 409, type: 'reversal-of-reversal' };
    else {
      const outcome = this.model.predict(reversal, date);
      if (outcome !== 'ok') refusal = { status: 422, type: problemOf(outcome), reason: outcome };
    }
    tally(`reverse ${refusal ? (refusal.reason ?? refusal.type) : 'ok'}`);
    const key = op.keyed ? this.nextKey() : null;
    const path = `/api/v1/entries/${target.id}/reverse`;
    const response = await this.api.post(path, body, key ? { 'Idempotency-Key': key } : {});
    if (refusal) {
      expectProblem(response, refusal.status, refusal.type, label);
      expect(await this.snapshot(), `${label}: a refused reversal changed nothing`).toEqual(before);
      return;
    }
    expect(response.status, `${label}: ${JSON.stringify(response.body)}`).toBe(201);
    expect(response.headers.get('Idempotency-Hit'), label).toBeNull();
    this.checkEntryView(
      response.body,
      {
        kind: 'reversal',
        date,
        description: `Reversal: ${body.reason}`,
        legs: reversal,
        reversesEntryId: target.id,
      },
      label,
    );
    this.model.commit({
      id: response.body.id,
      seq: response.body.seq,
      date,
      kind: 'reversal',
      legs: reversal,
      reversesEntryId: target.id,
      reversedBy: null,
    });
    if (key)
      this.model.keyed.push({ kind: 'reverse', path, key, body, status: 201, response: response.body });
    await this.expectGrowth(before, reversal.length, key ? 1 : 0, label);
    const original = await this.api.get(`/api/v1/entries/${target.id}`);
    expect(original.status, label).toBe(200);
    expect(original.body.reversedByEntryId, `${label}: the original points at its reversal`).toBe(
      response.body.id,
    );
    const stored = await this.api.get(`/api/v1/entries/${response.body.id}`);
    expect(stored.body, `${label}: the stored reversal reads back as committed`).toEqual(response.body);
  }

  private async replay(op: Extract<Op, { t: 'replay' }>, label: string): Promise<void> {
    if (this.model.keyed.length === 0) return;
    const write = this.model.keyed[op.pick % this.model.keyed.length]!;
    // The same JSON, re-spaced and with its keys in another order, is the same request.
    tally(`replay ${write.kind}`);
    const body = op.reorder ? reversedKeys(write.body) : write.body;
    const text = JSON.stringify(body, null, op.respace ? 2 : undefined);
    const before = await this.snapshot();
    const response = await this.api.post(write.path, text, { 'Idempotency-Key': write.key });
    expect(response.status, `${label}: ${JSON.stringify(response.body)}`).toBe(write.status);
    expect(response.headers.get('Idempotency-Hit'), label).toBe('true');
    expect(response.body, `${label}: a replay answers with the first result`).toEqual(write.response);
    expect(await this.snapshot(), `${label}: a replay changed nothing`).toEqual(before);
  }

  private async conflict(op: Extract<Op, { t: 'conflict' }>, label: string): Promise<void> {
    if (this.model.keyed.length === 0) return;
    const write = this.model.keyed[op.pick % this.model.keyed.length]!;
    tally(`conflict ${write.kind}`);
    const body: Json = structuredClone(write.body);
    if (write.kind === 'entry') {
      if (op.mutation === 0) body.description = `${body.description} (sửa)`;
      else if (op.mutation === 1) body.date = body.date === '2024-06-15' ? '2024-06-16' : '2024-06-15';
      else body.postings[0].memo = 'khác';
    } else if (write.kind === 'reverse') {
      if (op.mutation === 0) body.reason = `${body.reason} lần 2`;
      else body.date = body.date === '2024-12-30' ? '2024-12-29' : '2024-12-30';
    } else {
      body.name = `${body.name} mới`;
    }
    const before = await this.snapshot();
    const response = await this.api.post(write.path, body, { 'Idempotency-Key': write.key });
    expectProblem(response, 409, 'idempotency-conflict', label);
    expect(await this.snapshot(), `${label}: a key conflict changed nothing`).toEqual(before);
  }

  private async malformed(op: Extract<Op, { t: 'malformed' }>, label: string): Promise<void> {
    const requests = malformedRequests(this.world, this.model, op.pick);
    const request = requests[op.variant % requests.length]!;
    for (const each of requests) malformedLabels.add(each.label);
    tally(`malformed ${request.label}`);
    const headers = { ...(op.keyed ? { 'Idempotency-Key': this.nextKey() } : {}), ...request.headers };
    const before = await this.snapshot();
    const response = await this.api.post(request.path, request.body, headers);
    const context = `${label} [${request.label}] → ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`;
    if (request.expect === 'any-4xx') {
      expect(response.status >= 400 && response.status < 500, context).toBe(true);
      expect(response.body.status, context).toBe(response.status);
      expect(String(response.body.type), context).toMatch(/^\/problems\/[a-z-]+$/);
    } else {
      expectProblem(response, request.expect.status, request.expect.type, context);
    }
    expect(await this.snapshot(), `${context}: a refused request changed nothing`).toEqual(before);
  }

  /**
   * Identical disbursements sent at once. The writes are serialized, so exactly as many succeed as the
   * model allows one after another; with one Idempotency-Key for all, one entry is written and the others
   * replay it.
   */
  private async race(op: Extract<Op, { t: 'race' }>, label: string): Promise<void> {
    const bank = this.world.acct(op.fund, 'bank');
    const amount = portion(this.model.balance(bank.id), op.perMille);
    const entryLegs: Leg[] = [
      { accountId: this.world.acct(op.fund, 'disbursement_expense').id, side: 'debit', amount },
      { accountId: bank.id, side: 'credit', amount },
    ];
    const date = this.spendDate(op.day, true, bank.id);
    const description = 'Chi hỗ trợ khẩn cấp';
    const body = {
      date,
      description,
      kind: 'disbursement',
      postings: entryLegs.map((leg) => ({
        accountId: leg.accountId,
        side: leg.side,
        amount: leg.amount.toString(),
      })),
    };
    // The model, one request after another: how many go through, and the refusal of the rest.
    const trial = new Model(this.world);
    for (const [id, totals] of this.model.totals) trial.totals.set(id, { ...totals });
    trial.entries.push(...this.model.entries.map((entry) => ({ ...entry })));
    let accepted = 0;
    let refusal: Outcome = 'ok';
    const copies = op.sameKey ? 1 : op.copies;
    while (accepted < copies) {
      refusal = trial.predict(entryLegs, date);
      if (refusal !== 'ok') break;
      trial.commit({
        id: `trial-${accepted}`,
        seq: 0,
        date,
        kind: 'disbursement',
        legs: entryLegs,
        reversesEntryId: null,
        reversedBy: null,
      });
      accepted += 1;
    }
    const key = op.sameKey ? this.nextKey() : null;
    if (op.sameKey) tally(`race same-key ${accepted === 1 ? 'one written, rest replayed' : 'all refused'}`);
    else tally(`race ${accepted === 0 ? 'none' : accepted === op.copies ? 'all' : 'some'} written`);
    const before = await this.snapshot();
    const responses = await Promise.all(
      Array.from({ length: op.copies }, () =>
        this.api.post('/api/v1/entries', body, key ? { 'Idempotency-Key': key } : {}),
      ),
    );
    const fresh = responses.filter(
      (response) => response.status === 201 && response.headers.get('Idempotency-Hit') === null,
    );
    const replays = responses.filter((response) => response.headers.get('Idempotency-Hit') === 'true');
    const refused = responses.filter((response) => response.status !== 201);
    expect(fresh.length, `${label}: entries written by the race`).toBe(accepted);
    if (op.sameKey) expect(replays.length, label).toBe(accepted === 1 ? op.copies - 1 : 0);
    else expect(replays.length, label).toBe(0);
    expect(refused.length, label).toBe(op.copies - fresh.length - replays.length);
    for (const response of refused) {
      expectProblem(response, 422, refusal === 'ok' ? 'ok' : problemOf(refusal), label);
    }
    for (const response of replays) {
      expect(response.status, label).toBe(201);
      expect(response.body, `${label}: a concurrent duplicate replays the one entry`).toEqual(fresh[0]!.body);
    }
    fresh.sort((left, right) => left.body.seq - right.body.seq);
    for (const response of fresh) {
      this.checkEntryView(
        response.body,
        { kind: 'disbursement', date, description, legs: entryLegs, reversesEntryId: null },
        label,
      );
      this.model.commit({
        id: response.body.id,
        seq: response.body.seq,
        date,
        kind: 'disbursement',
        legs: entryLegs,
        reversesEntryId: null,
        reversedBy: null,
      });
    }
    if (key && accepted === 1) {
      this.model.keyed.push({
        kind: 'entry',
        path: '/api/v1/entries',
        key,
        body,
        status: 201,
        response: fresh[0]!.body,
      });
    }
    const after = await this.snapshot();
    expect(after.entries - before.entries, label).toBe(accepted);
    expect(after.postings - before.postings, label).toBe(accepted * entryLegs.length);
    expect(after.idempotency - before.idempotency, label).toBe(key ? accepted : 0);
    if (accepted === 0) expect(after, `${label}: refused racers changed nothing`).toEqual(before);
  }

  /** After every operation: (a) trial balance, (b) balances and verifyLedger, (c) no-negative accounts. */
  async checkInvariants(label: string): Promise<void> {
    const listed = await this.api.get('/api/v1/accounts?limit=500');
    expect(listed.status, label).toBe(200);
    expect(listed.body.nextCursor, label).toBeNull();
    const items = listed.body.items as Json[];
    const actual = items
      .map((item) => ({
        id: item.id,
        debitTotal: item.debitTotal,
        creditTotal: item.creditTotal,
        balance: item.balance,
      }))
      .sort((left, right) => left.id.localeCompare(right.id));
    const expected = [...this.model.totals]
      .map(([id, totals]) => ({
        id,
        debitTotal: totals.debit.toString(),
        creditTotal: totals.credit.toString(),
        balance: balanceOf(this.world.byId.get(id)!.normalSide, totals).toString(),
      }))
      .sort((left, right) => left.id.localeCompare(right.id));
    expect(actual, `${label}: account totals and balances equal the model`).toEqual(expected);
    for (const item of items) {
      if (item.nonNegative) {
        expect(BigInt(item.balance) >= 0n, `${label}: ${item.code} (${item.currency}) is below zero`).toBe(
          true,
        );
      }
    }

    const tb = await this.api.get('/api/v1/reports/trial-balance');
    this.expectTrialBalance(tb, this.model.totals, this.world.accounts, `${label}: trial balance`);

    const [row] = (await this.client.execute('SELECT count(*) AS n FROM journal_entries')).rows;
    expect(Number(row!.n), `${label}: journal entries`).toBe(this.model.entries.length);

    if (this.ops % this.verifyEvery === 0) {
      const report = await verifyLedger({ store: this.store });
      const failing = report.checks.filter((check) => check.violations !== 0);
      expect(failing, `${label}: verifyLedger`).toEqual([]);
      expect(report.ok, label).toBe(true);
      expect(report.checks.length, label).toBeGreaterThanOrEqual(9);
      expect(report.counts, label).toEqual({
        units: 2,
        funds: 3,
        accounts: this.world.accounts.length,
        entries: this.model.entries.length,
        postings: this.model.postings,
      });
    }
  }

  /** A trial balance, row by row, against model totals for the accounts in scope; each currency nets to zero. */
  expectTrialBalance(
    response: ApiResponse,
    totals: Map<string, Totals>,
    scope: AccountInfo[],
    label: string,
  ): void {
    expect(response.status, `${label}: ${JSON.stringify(response.body).slice(0, 300)}`).toBe(200);
    const rows = (response.body.rows as Json[])
      .map((row) => ({
        accountId: row.accountId,
        currency: row.currency,
        debit: row.debit,
        credit: row.credit,
      }))
      .sort((left, right) => left.accountId.localeCompare(right.accountId));
    const expectedRows = scope
      .map((account) => ({
        accountId: account.id,
        currency: account.currency,
        ...columns(totals.get(account.id)!),
      }))
      .sort((left, right) => left.accountId.localeCompare(right.accountId));
    expect(rows, `${label}: rows`).toEqual(expectedRows);
    // (c) on every date asked for, independently of the model: no no-negative account on its wrong side.
    for (const row of rows) {
      const account = this.world.byId.get(row.accountId)!;
      if (!account.nonNegative) continue;
      const wrongSide = account.normalSide === 'debit' ? row.credit : row.debit;
      expect(wrongSide, `${label}: ${account.code} (${account.currency}) is below zero`).toBe('0');
    }

    const sums = new Map<string, { debit: bigint; credit: bigint }>();
    for (const row of expectedRows) {
      const sum = sums.get(row.currency) ?? { debit: 0n, credit: 0n };
      sum.debit += BigInt(row.debit);
      sum.credit += BigInt(row.credit);
      sums.set(row.currency, sum);
    }
    const expectedTotals = [...sums]
      .sort(([left], [right]) => (left === 'VND' ? -1 : right === 'VND' ? 1 : left.localeCompare(right)))
      .map(([currency, sum]) => ({ currency, debit: sum.debit.toString(), credit: sum.credit.toString() }));
    const byCurrency = response.body.totalsByCurrency as Json[];
    for (const total of byCurrency) {
      expect(total.debit, `${label}: ${total.currency} debits equal credits`).toBe(total.credit);
    }
    expect(byCurrency, `${label}: totals by currency`).toEqual(expectedTotals);
    expect(response.body.totals, `${label}: headline totals`).toEqual(
      expectedTotals[0] ?? { currency: 'VND', debit: '0', credit: '0' },
    );
  }

  /** As of a date: whole ledger, one fund, and the unit tree, against the model's back-dated totals. */
  async checkAsOf(date: string, fundIndex: number, label: string): Promise<void> {
    const totals = this.model.totalsAsOf(date);
    const everything = await this.api.get(`/api/v1/reports/trial-balance?asOf=${date}`);
    this.expectTrialBalance(everything, totals, this.world.accounts, `${label}: as of ${date}`);
    expect(everything.body.asOf, label).toBe(date);

    const fundId = this.world.fundIds[fundIndex]!;
    const ofFund = await this.api.get(`/api/v1/reports/trial-balance?asOf=${date}&fundId=${fundId}`);
    this.expectTrialBalance(
      ofFund,
      totals,
      this.world.accounts.filter((account) => account.fundId === fundId),
      `${label}: fund ${fundIndex} as of ${date}`,
    );
    const { parentUnitId, childUnitId } = this.world;
    const scopes: [string, AccountInfo[]][] = [
      [`unitId=${parentUnitId}`, this.world.accounts.filter((account) => account.unitId === parentUnitId)],
      [`unitId=${parentUnitId}&descendants=true`, this.world.accounts],
      [
        `unitId=${childUnitId}&descendants=1`,
        this.world.accounts.filter((account) => account.unitId === childUnitId),
      ],
    ];
    for (const [query, accounts] of scopes) {
      const scoped = await this.api.get(`/api/v1/reports/trial-balance?asOf=${date}&${query}`);
      this.expectTrialBalance(scoped, totals, accounts, `${label}: ${query} as of ${date}`);
    }

    // The fund's money on hand now: its cash and bank accounts, per currency.
    const detail = await this.api.get(`/api/v1/funds/${fundId}`);
    expect(detail.status, label).toBe(200);
    const available = new Map<string, bigint>();
    for (const account of this.world.accounts) {
      if (account.fundId !== fundId || (account.role !== 'cash' && account.role !== 'bank')) continue;
      available.set(
        account.currency,
        (available.get(account.currency) ?? 0n) + this.model.balance(account.id),
      );
    }
    const shown = (detail.body.available as Json[]).map((row) => [row.currency, row.amount]).sort();
    expect(shown, `${label}: fund ${fundIndex} available`).toEqual(
      [...available].map(([currency, amount]) => [currency, amount.toString()]).sort(),
    );
  }
}

function expectProblem(response: ApiResponse, status: number, type: string, label: string): void {
  const context = `${label} → ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`;
  expect(response.status, context).toBe(status);
  expect(response.headers.get('Content-Type'), context).toBe('application/problem+json');
  expect(response.body.type, context).toBe(`/problems/${type}`);
  expect(response.body.status, context).toBe(status);
}

/** The same object with its keys (at every level) in reverse order. */
function reversedKeys(value: Json): Json {
  if (Array.isArray(value))
    return value.map((item) => (item && typeof item === 'object' ? reversedKeys(item) : item));
  const entries = Object.entries(value).reverse();
  return Object.fromEntries(
    entries.map(([key, item]) => [key, item && typeof item === 'object' ? reversedKeys(item as Json) : item]),
  );
}

// — setup: two units, three funds, and the multi-currency fund's USD accounts —

async function createdOk(
  api: TestApi,
  path: string,
  body: Json,
  headers: Record<string, string> = {},
): Promise<Json> {
  const response = await api.post(path, body, headers);
  expect(response.status, `${path}: ${JSON.stringify(response.body)}`).toBe(201);
  return response.body;
}

async function setUp(api: TestApi): Promise<{ world: World; keyed: KeyedWrite[] }> {
  const parent = await createdOk(api, '/api/v1/units', {
    name: 'Ủy ban MTTQ Việt Nam tỉnh Lai Châu',
    kind: 'mttq',
    level: 'province',
  });
  const child = await createdOk(api, '/api/v1/units', {
    name: 'Ủy ban MTTQ Việt Nam xã Mường Tè',
    kind: 'mttq',
    level: 'commune',
    parentId: parent.id,
  });
  const funds = [
    await createdOk(api, '/api/v1/funds', {
      unitId: parent.id,
      kind: 'vi_nguoi_ngheo',
      name: 'Quỹ "Vì người nghèo" tỉnh Lai Châu',
    }),
    await createdOk(api, '/api/v1/funds', {
      unitId: child.id,
      kind: 'den_on_dap_nghia',
      name: 'Quỹ Đền ơn đáp nghĩa xã',
    }),
    await createdOk(api, '/api/v1/funds', {
      unitId: child.id,
      kind: 'relief_campaign',
      name: 'Cứu trợ bão Yagi',
    }),
  ];
  const fundC = funds[2]!.id as string;
  const usdBankBody = {
    fundId: fundC,
    code: '112.USD',
    name: 'Tiền gửi ngân hàng (USD)',
    type: 'asset',
    currency: 'USD',
    role: 'bank',
    nonNegative: true,
  };
  const usdBank = await createdOk(api, '/api/v1/accounts', usdBankBody, {
    'Idempotency-Key': 'setup-usd-bank',
  });
  const usdTradingBody = {
    fundId: fundC,
    code: '413.USD',
    name: 'Mua bán ngoại tệ (USD)',
    type: 'net_assets',
    currency: 'USD',
    role: 'currency_trading',
  };
  const usdTrading = await createdOk(api, '/api/v1/accounts', usdTradingBody, {
    'Idempotency-Key': 'setup-usd-trading',
  });
  expect(usdBank).toMatchObject({ currency: 'USD', normalSide: 'debit', nonNegative: true, balance: '0' });
  expect(usdTrading).toMatchObject({
    currency: 'USD',
    normalSide: 'credit',
    nonNegative: false,
    balance: '0',
  });

  const listed = await api.get('/api/v1/accounts?limit=500');
  expect(listed.status).toBe(200);
  const fundIds = funds.map((fundView) => fundView.id as string);
  const accounts: AccountInfo[] = (listed.body.items as Json[]).map((item) => ({
    id: item.id,
    fund: fundIds.indexOf(item.fundId),
    fundId: item.fundId,
    unitId: item.unitId,
    role: item.role,
    code: item.code,
    currency: item.currency,
    normalSide: item.normalSide,
    nonNegative: item.nonNegative,
  }));
  expect(accounts).toHaveLength(3 * 12 + 2);
  expect(accounts.every((account) => account.fund >= 0)).toBe(true);
  expect(items(listed).every((item) => item.debitTotal === '0' && item.creditTotal === '0')).toBe(true);
  const byId = new Map(accounts.map((account) => [account.id, account]));
  const world: World = {
    parentUnitId: parent.id,
    childUnitId: child.id,
    fundIds,
    accounts,
    byId,
    acct(fundIndex, role, currency = 'VND') {
      const found = accounts.find(
        (account) => account.fund === fundIndex && account.role === role && account.currency === currency,
      );
      if (!found) throw new Error(`no ${role} ${currency} account in fund ${fundIndex}`);
      return found;
    },
  };
  for (const role of ['bank', 'cash', 'in_kind_goods'] as const) {
    expect(world.acct(0, role).nonNegative).toBe(true);
  }
  expect(world.acct(0, 'pledges_receivable').nonNegative).toBe(false);
  expect(world.acct(0, 'transfers_out').normalSide).toBe('debit');
  const keyed: KeyedWrite[] = [
    {
      kind: 'account',
      path: '/api/v1/accounts',
      key: 'setup-usd-bank',
      body: usdBankBody,
      status: 201,
      response: usdBank,
    },
    {
      kind: 'account',
      path: '/api/v1/accounts',
      key: 'setup-usd-trading',
      body: usdTradingBody,
      status: 201,
      response: usdTrading,
    },
  ];
  return { world, keyed };
}

function items(response: ApiResponse): Json[] {
  return response.body.items as Json[];
}

async function runLedger(
  kind: 'memory' | 'file',
  ops: readonly Op[],
  options: { verifyEvery: number; asOfDays: readonly number[]; sweepMalformed?: boolean },
): Promise<number> {
  const database = await freshDatabase(kind);
  try {
    const api = new TestApi(database.client, () => CLOCK_MS);
    const { world, keyed } = await setUp(api);
    const model = new Model(world);
    model.keyed.push(...keyed);
    const harness = new Harness(api, database.client, world, model, options.verifyEvery);
    await harness.checkInvariants('after setup');
    for (const op of ops) await harness.run(op);
    if (options.sweepMalformed) {
      // Every malformed request once more, on a ledger that now holds entries, with and without a key.
      const variants = malformedRequests(world, model, 0).length;
      for (let variant = 0; variant < variants; variant += 1) {
        await harness.run({ t: 'malformed', variant, pick: variant * 7_919, keyed: variant % 2 === 0 });
      }
    }
    // The end of the year holds everything; the other dates hold what was dated on or before them.
    for (const [index, asOfDay] of [...options.asOfDays, 365].entries()) {
      await harness.checkAsOf(isoDay(asOfDay), index % 3, 'final as-of');
    }
    const everything = model.totalsAsOf(TODAY);
    expect(everything, 'as of 2024-12-31 is everything').toEqual(model.totals);
    const report = await verifyLedger({ store: harness.store });
    expect(report.ok, JSON.stringify(report.checks.filter((check) => check.violations > 0))).toBe(true);
    return model.entries.length;
  } finally {
    database.cleanup();
  }
}

const SEED = 20261129;
/**
 * Shrinking a failing list replays it on fresh databases many times; past this budget fast-check stops
 * and reports the smallest counterexample found so far (a run cut short without a failure fails too).
 */
const PROPERTY_TIME_LIMIT_MS = 90_000;
const TEST_TIMEOUT_MS = 180_000;
const MEMORY_RUNS = 22;
const FILE_RUNS = 2;

/** Outcomes the in-memory runs must reach: each path of the ledger the suite claims to exercise. */
const REQUIRED_OUTCOMES = [
  'entry donation ok',
  'entry disbursement ok',
  'entry transfer ok',
  'entry exchange ok',
  'entry adjustment ok',
  'entry donation account-total-limit',
  'entry disbursement insufficient-funds',
  'entry transfer insufficient-funds',
  'entry exchange insufficient-funds',
  'entry disbursement below-zero-as-of',
  'entry transfer below-zero-as-of',
  'entry exchange below-zero-as-of',
  'reverse ok',
  'reverse already-reversed',
  'reverse reversal-of-reversal',
  'reverse validation-failed',
  'reverse insufficient-funds',
  'replay entry',
  'replay reverse',
  'replay account',
  'conflict entry',
  'conflict reverse',
  'conflict account',
  'race some written',
  'race same-key one written, rest replayed',
  'race same-key all refused',
];

describe('ledger invariants under random operations', () => {
  it(
    'holds on an in-memory database',
    async () => {
      let operations = 0;
      let entries = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(opArb, { minLength: 20, maxLength: 80, size: 'max' }),
          fc.array(day, { minLength: 3, maxLength: 3 }),
          async (ops, asOfDays) => {
            operations += ops.length;
            // verifyLedger after every second operation; the model, the API balances, the trial balance
            // and the before/after snapshot after every one.
            entries += await runLedger('memory', ops, { verifyEvery: 2, asOfDays });
          },
        ),
        {
          seed: SEED,
          numRuns: MEMORY_RUNS,
          interruptAfterTimeLimit: PROPERTY_TIME_LIMIT_MS,
          markInterruptAsFailure: true,
        },
      );
      const missing = REQUIRED_OUTCOMES.filter((outcome) => !seen.has(outcome));
      expect(missing, 'outcomes the generated operations never reached').toEqual([]);
      expect(operations).toBeGreaterThan(900);
      expect(entries).toBeGreaterThan(350);
      const outcomes = [...seen].filter(([outcome]) => !outcome.startsWith('malformed ')).sort();
      const malformed = [...seen].filter(([outcome]) => outcome.startsWith('malformed '));
      console.info(
        `in-memory: ${MEMORY_RUNS} runs, ${operations} operations, ${entries} entries committed; ` +
          `${outcomes.map(([outcome, count]) => `${outcome}: ${count}`).join(', ')}; ` +
          `malformed: ${malformed.reduce((sum, [, count]) => sum + count, 0)} requests over ${malformed.length} kinds`,
      );
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'holds on a file database (WAL, synchronous=FULL)',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(opArb, { minLength: 30, maxLength: 60, size: 'max' }),
          fc.array(day, { minLength: 3, maxLength: 3 }),
          async (ops, asOfDays) => {
            await runLedger('file', ops, { verifyEvery: 3, asOfDays, sweepMalformed: true });
          },
        ),
        {
          seed: SEED + 1,
          numRuns: FILE_RUNS,
          interruptAfterTimeLimit: PROPERTY_TIME_LIMIT_MS,
          markInterruptAsFailure: true,
        },
      );
      const missing = [...malformedLabels].filter((label) => !seen.has(`malformed ${label}`));
      expect(missing, 'malformed requests never sent').toEqual([]);
      expect(malformedLabels.size).toBeGreaterThanOrEqual(50);
    },
    TEST_TIMEOUT_MS,
  );
});

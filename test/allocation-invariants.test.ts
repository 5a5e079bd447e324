import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createUserWithToken } from './support/access.ts';
import { freshApi, type Json, type TestApi } from './support/api.ts';
import { expectVerified } from './support/ledger.ts';

/**
 * Random sequences of real operations — gifts (some earmarked), paid disbursements, voids, reversals,
 * transfers and their reversals — against the API, checked after every step against an independent
 * model of the allocation rules (earmarks that reach the use first, then first in, first out; a void
 * re-allocates what the gift paid for; a reversal releases), and against `soquy verify`. A refused
 * operation must change nothing.
 */

const CATEGORIES = ['new_house', 'livelihood', 'health'] as const;
type Category = (typeof CATEGORIES)[number];

type Op =
  | { kind: 'gift'; fund: 0 | 1; amountThousands: number; day: number; earmark: Category | null }
  | { kind: 'pay'; fund: 0 | 1; perMille: number; category: Category }
  | { kind: 'void'; pick: number }
  | { kind: 'reverse'; pick: number }
  | { kind: 'transfer'; perMille: number }
  | { kind: 'undoTransfer'; pick: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('gift' as const),
      fund: fc.constantFrom(0 as const, 1 as const),
      amountThousands: fc.integer({ min: 1, max: 5_000 }),
      day: fc.integer({ min: 1, max: 30 }),
      earmark: fc.oneof(fc.constant(null), fc.constantFrom(...CATEGORIES)),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('pay' as const),
      fund: fc.constantFrom(0 as const, 1 as const),
      perMille: fc.integer({ min: 1, max: 1_200 }),
      category: fc.constantFrom(...CATEGORIES),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('void' as const), pick: fc.nat(1_000) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('reverse' as const), pick: fc.nat(1_000) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('transfer' as const),
      perMille: fc.integer({ min: 1, max: 1_200 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('undoTransfer' as const), pick: fc.nat(1_000) }) },
);

interface Source {
  id: number;
  fund: number;
  donationId: string;
  earmark: Category | null;
  key: [string, number, number];
  amount: bigint;
  remaining: bigint;
  removed: boolean;
}

interface Allocation {
  id: number;
  source: Source;
  use: { kind: 'disbursement' | 'transfer'; id: string; category: Category | null };
  amount: bigint;
  live: boolean;
}

/** The allocation rules, written again from the words: the expected state after every step. */
class Model {
  sources: Source[] = [];
  allocations: Allocation[] = [];
  gifts: { id: string; fund: number; amount: bigint; valid: boolean }[] = [];
  paid: { id: string; fund: number; amount: bigint; live: boolean }[] = [];
  transfers: { id: string; amount: bigint; live: boolean; pieces: Source[] }[] = [];
  bank = [0n, 0n];
  private nextId = 0;
  private seq = 0;

  nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }

  private candidates(fund: number, category: Category | null): Source[] {
    const open = this.sources.filter(
      (s) =>
        s.fund === fund && !s.removed && s.remaining > 0n && (s.earmark === null || s.earmark === category),
    );
    const byKey = (a: Source, b: Source) =>
      a.key[0] !== b.key[0] ? (a.key[0] < b.key[0] ? -1 : 1) : a.key[1] - b.key[1] || a.key[2] - b.key[2];
    return [
      ...open.filter((s) => s.earmark !== null).sort(byKey),
      ...open.filter((s) => s.earmark === null).sort(byKey),
    ];
  }

  spendable(fund: number, category: Category | null): bigint {
    return this.candidates(fund, category).reduce((sum, s) => sum + s.remaining, 0n);
  }

  /** Takes `need` for the use; returns false (and changes nothing) when the money is not there. */
  allocate(fund: number, use: Allocation['use'], need: bigint): Allocation[] | null {
    const candidates = this.candidates(fund, use.category);
    if (candidates.reduce((sum, s) => sum + s.remaining, 0n) < need) return null;
    const made: Allocation[] = [];
    let left = need;
    for (const source of candidates) {
      if (left === 0n) break;
      const take = source.remaining < left ? source.remaining : left;
      source.remaining -= take;
      left -= take;
      this.nextId += 1;
      made.push({ id: this.nextId, source, use, amount: take, live: true });
    }
    this.allocations.push(...made);
    return made;
  }

  release(allocation: Allocation): void {
    allocation.live = false;
    allocation.source.remaining += allocation.amount;
  }

  /** A void or an undone transfer: 'conflict' (passed on), 'short' (nothing left to pay with), or done. */
  remove(sources: Source[]): 'ok' | 'conflict' | 'short' {
    const live = sources.map((source) =>
      this.allocations.filter((a) => a.live && a.source === source).sort((a, b) => a.id - b.id),
    );
    if (live.flat().some((a) => a.use.kind === 'transfer')) return 'conflict';
    const snapshot = this.snapshot();
    for (const [index, source] of sources.entries()) {
      for (const a of live[index]!) this.release(a);
      source.removed = true;
      source.remaining = 0n;
    }
    for (const a of live.flat()) {
      if (!this.allocate(a.source.fund, a.use, a.amount)) {
        this.restore(snapshot);
        return 'short';
      }
    }
    return 'ok';
  }

  snapshot() {
    return {
      sources: this.sources.map((s) => ({ s, remaining: s.remaining, removed: s.removed })),
      allocations: this.allocations.map((a) => ({ a, live: a.live })),
      count: this.allocations.length,
      nextId: this.nextId,
    };
  }

  restore(snapshot: ReturnType<Model['snapshot']>): void {
    for (const { s, remaining, removed } of snapshot.sources) {
      s.remaining = remaining;
      s.removed = removed;
    }
    this.allocations.length = snapshot.count;
    for (const { a, live } of snapshot.allocations) a.live = live;
    this.nextId = snapshot.nextId;
  }

  addSource(
    fund: number,
    donationId: string,
    earmark: Category | null,
    key: Source['key'],
    amount: bigint,
  ): Source {
    const source: Source = {
      id: this.sources.length,
      fund,
      donationId,
      earmark,
      key,
      amount,
      remaining: amount,
      removed: false,
    };
    this.sources.push(source);
    return source;
  }

  /** Live allocations to disbursements, per gift, as "gift → disbursement: amount" lines. */
  expected(): string[] {
    const totals = new Map<string, bigint>();
    for (const a of this.allocations) {
      if (!a.live || a.use.kind !== 'disbursement') continue;
      const key = `${a.source.donationId} → ${a.use.id}`;
      totals.set(key, (totals.get(key) ?? 0n) + a.amount);
    }
    return [...totals].map(([key, amount]) => `${key}: ${amount}`).sort();
  }
}

async function actual(api: TestApi): Promise<string[]> {
  const { rows } = await api.client.execute(
    `SELECT s.donation_id, a.disbursement_id, sum(a.amount_minor) AS amount FROM allocations a
     JOIN allocation_sources s ON s.id = a.source_id
     WHERE a.released_by_entry_id IS NULL AND a.use_kind = 'disbursement'
     GROUP BY s.donation_id, a.disbursement_id`,
  );
  return rows.map((row) => `${row.donation_id} → ${row.disbursement_id}: ${row.amount}`).sort();
}

/** What a refusal must leave untouched. */
async function fingerprint(api: TestApi): Promise<string> {
  const { rows } = await api.client.execute(
    `SELECT (SELECT count(*) FROM journal_entries) AS entries, (SELECT count(*) FROM allocations) AS allocations,
            (SELECT coalesce(sum(allocated_minor), 0) FROM allocation_sources) AS allocated,
            (SELECT count(*) FROM allocation_sources WHERE removed_by_entry_id IS NOT NULL) AS removed,
            (SELECT count(*) FROM disbursements WHERE status = 'paid') AS paid`,
  );
  return JSON.stringify(rows[0]);
}

async function run(ops: Op[]): Promise<Record<string, number>> {
  const { api, cleanup } = await freshApi();
  const outcomes: Record<string, number> = {};
  const tally = (label: string) => {
    outcomes[label] = (outcomes[label] ?? 0) + 1;
  };
  try {
    const province = await api.create('/api/v1/units', {
      name: 'MTTQ tỉnh Lai Châu',
      kind: 'mttq',
      level: 'province',
    });
    const funds = [
      await api.create('/api/v1/funds', {
        unitId: province.id,
        kind: 'vi_nguoi_ngheo',
        name: 'Quỹ Vì người nghèo',
      }),
      await api.create('/api/v1/funds', {
        unitId: province.id,
        kind: 'relief_campaign',
        name: 'Quỹ cứu trợ',
      }),
    ];
    const approver = api.as(
      (await createUserWithToken(api, 'duyet', [{ unitId: null, role: 'approver' }])).token,
    );
    const model = new Model();

    for (const op of ops) {
      const before = await fingerprint(api);
      const label = await step(api, approver, funds, model, op);
      tally(label);
      if (label.endsWith('refused')) expect(await fingerprint(api), `${label} changed nothing`).toBe(before);
      expect(await actual(api), `allocations after ${op.kind}`).toEqual(model.expected());
      await expectVerified(api.client);
    }
  } finally {
    cleanup();
  }
  return outcomes;
}

async function step(api: TestApi, approver: TestApi, funds: Json[], model: Model, op: Op): Promise<string> {
  switch (op.kind) {
    case 'gift': {
      const amount = BigInt(op.amountThousands) * 1000n;
      const receivedOn = `2024-09-${String(op.day).padStart(2, '0')}`;
      const gift = await api.create('/api/v1/donations', {
        fundId: funds[op.fund]!.id,
        amount: amount.toString(),
        currency: 'VND',
        receivedOn,
        channel: 'bank_transfer',
        donor: { kind: 'individual', name: 'Nhà hảo tâm' },
        disclosure: 'public',
        earmark: op.earmark ? { category: op.earmark } : null,
      });
      model.gifts.push({ id: gift.id, fund: op.fund, amount, valid: true });
      model.addSource(op.fund, gift.id, op.earmark, [receivedOn, model.nextSeq(), 0], amount);
      model.bank[op.fund]! += amount;
      return 'gift';
    }
    case 'pay': {
      const spendable = model.spendable(op.fund, op.category);
      const amount = (spendable * BigInt(op.perMille)) / 1000n;
      if (amount <= 0n) return 'pay skipped';
      const drafted = await api.post('/api/v1/disbursements', {
        fundId: funds[op.fund]!.id,
        amount: amount.toString(),
        category: op.category,
        purpose: 'Chi hỗ trợ',
        date: '2024-11-01',
      });
      if (amount > spendable) {
        expect(drafted.status, JSON.stringify(drafted.body)).toBe(422);
        return 'pay refused';
      }
      expect(drafted.status, JSON.stringify(drafted.body)).toBe(201);
      await approver.post(`/api/v1/disbursements/${drafted.body.id}/approve`, {
        decisionNo: '1/QĐ',
        decisionDate: '2024-11-02',
      });
      const paid = await api.post(`/api/v1/disbursements/${drafted.body.id}/pay`, { paidOn: '2024-11-03' });
      expect(paid.status, JSON.stringify(paid.body)).toBe(200);
      model.nextSeq();
      model.allocate(op.fund, { kind: 'disbursement', id: drafted.body.id, category: op.category }, amount);
      model.paid.push({ id: drafted.body.id, fund: op.fund, amount, live: true });
      model.bank[op.fund]! -= amount;
      return 'pay';
    }
    case 'void': {
      const valid = model.gifts.filter((g) => g.valid);
      const gift = valid[op.pick % Math.max(valid.length, 1)];
      if (!gift) return 'void skipped';
      const response = await api.post(`/api/v1/donations/${gift.id}/void`, { reason: 'Ghi nhầm' });
      if (model.bank[gift.fund]! < gift.amount) {
        expect(response.status, JSON.stringify(response.body)).toBe(422);
        return 'void (bank) refused';
      }
      const source = model.sources.find(
        (s) => s.donationId === gift.id && s.fund === gift.fund && s.key[2] === 0 && !s.removed,
      );
      const result = model.remove([source!]);
      if (result === 'conflict') {
        expect(response.status, JSON.stringify(response.body)).toBe(409);
        return 'void (passed on) refused';
      }
      if (result === 'short') {
        expect(response.status, JSON.stringify(response.body)).toBe(422);
        return 'void (unfunded) refused';
      }
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      model.nextSeq();
      gift.valid = false;
      model.bank[gift.fund]! -= gift.amount;
      return 'void';
    }
    case 'reverse': {
      const live = model.paid.filter((p) => p.live);
      const target = live[op.pick % Math.max(live.length, 1)];
      if (!target) return 'reverse skipped';
      const response = await approver.post(`/api/v1/disbursements/${target.id}/reverse`, {
        reason: 'Thu hồi',
      });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      model.nextSeq();
      for (const a of model.allocations) if (a.live && a.use.id === target.id) model.release(a);
      target.live = false;
      model.bank[target.fund]! += target.amount;
      return 'reverse';
    }
    case 'transfer': {
      const spendable = model.spendable(0, null);
      const amount = (spendable * BigInt(op.perMille)) / 1000n;
      if (amount <= 0n) return 'transfer skipped';
      const response = await api.post('/api/v1/transfers', {
        fromFundId: funds[0]!.id,
        toFundId: funds[1]!.id,
        amount: amount.toString(),
        date: '2024-10-15',
        purpose: 'Điều chuyển',
      });
      if (amount > spendable) {
        expect(response.status, JSON.stringify(response.body)).toBe(422);
        return 'transfer refused';
      }
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      const seq = model.nextSeq();
      const taken = model.allocate(0, { kind: 'transfer', id: response.body.id, category: null }, amount)!;
      const pieces = taken.map((a, piece) =>
        model.addSource(1, a.source.donationId, a.source.earmark, ['2024-10-15', seq, piece], a.amount),
      );
      model.transfers.push({ id: response.body.id, amount, live: true, pieces });
      model.bank[0]! -= amount;
      model.bank[1]! += amount;
      return 'transfer';
    }
    case 'undoTransfer': {
      const live = model.transfers.filter((t) => t.live);
      const transfer = live[op.pick % Math.max(live.length, 1)];
      if (!transfer) return 'undo transfer skipped';
      const response = await approver.post(`/api/v1/transfers/${transfer.id}/reverse`, {
        reason: 'Nhầm quỹ',
      });
      if (model.bank[1]! < transfer.amount) {
        expect(response.status, JSON.stringify(response.body)).toBe(422);
        return 'undo transfer (bank) refused';
      }
      const snapshot = model.snapshot();
      for (const a of model.allocations) if (a.live && a.use.id === transfer.id) model.release(a);
      if (model.remove(transfer.pieces) !== 'ok') {
        model.restore(snapshot);
        expect(response.status, JSON.stringify(response.body)).toBe(422);
        return 'undo transfer (spent) refused';
      }
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      model.nextSeq();
      transfer.live = false;
      model.bank[0]! += transfer.amount;
      model.bank[1]! -= transfer.amount;
      return 'undo transfer';
    }
  }
}

describe('allocation invariants under random operations', () => {
  it('match the model and `soquy verify` after every step; refusals change nothing', async () => {
    const seen: Record<string, number> = {};
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 15, maxLength: 40 }), async (ops) => {
        for (const [label, count] of Object.entries(await run(ops))) seen[label] = (seen[label] ?? 0) + count;
      }),
      { seed: 20261129, numRuns: 30, endOnFailure: true },
    );
    // The runs must have reached the interesting paths, or the property proved little.
    for (const label of [
      'gift',
      'pay',
      'void',
      'reverse',
      'transfer',
      'undo transfer',
      'pay refused',
      'void (bank) refused',
      'void (passed on) refused',
      'transfer refused',
    ]) {
      expect(seen[label] ?? 0, `${label} happened`).toBeGreaterThan(0);
    }
  }, 240_000);
});

import type { InStatement, Row } from '@libsql/client';
import {
  type AllocationPiece,
  compareSourceOrder,
  type Earmark,
  earmarkReaches,
  isEarmarked,
  type OpenSource,
  pickSources,
  type SourceOrder,
  type UseTarget,
} from '../domain/allocation.ts';
import { assert, DomainError } from '../domain/errors.ts';
import { type CurrencyCode, formatMoney } from '../domain/money.ts';
import type { SequencedEntry } from './entry-writes.ts';
import { multiRowInsert } from './multi-row-insert.ts';
import { bigintOf, optionalText, textOf } from './rows.ts';

/**
 * Keeps allocations in step with the journal, inside the same batch as the entries that move money.
 * For each entry, the net change of each fund's cash and bank accounts per currency (a pool) is:
 * - positive: new sources (the gift, the pieces of a transfer in, or "other" money such as an opening
 *   balance);
 * - negative: a use (a disbursement, a transfer out, or another outflow), allocated by pickSources;
 * - a reversal undoes its original: uses are released, sources removed and whatever they paid for
 *   re-allocated to the next money in line.
 * Refusals (not enough money that may be spent on this) abort the whole write.
 */

/** Open sources fetched per query while looking for enough money. */
const SOURCES_PER_PAGE = 500;
/** Earmarked sources of one pool considered at once; far above any real fund's count. */
const EARMARKED_SOURCES_MAX = 10_000;

type Read = (sql: string, args: unknown[]) => Promise<Row[]>;

interface SourceState extends OpenSource {
  fundId: string;
  currency: string;
  kind: 'donation' | 'transfer' | 'other';
  donationId: string | null;
  transferId: string | null;
  originSourceId: string | null;
  entryId: string;
  label: string;
  amountMinor: bigint;
  allocatedMinor: bigint;
  /** What the database holds now (0 for a new source): updates add the difference. */
  allocatedInDatabaseMinor: bigint;
  removedByEntryId: string | null;
  removedInDatabase: boolean;
  isNew: boolean;
}

interface NewAllocation {
  sourceId: string;
  fundId: string;
  currency: string;
  useKind: 'disbursement' | 'transfer' | 'other';
  disbursementId: string | null;
  transferId: string | null;
  entryId: string;
  target: UseTarget | null;
  amountMinor: bigint;
  createdByEntryId: string;
}

const FIRST_KEY: SourceOrder = { receivedOn: '', entrySeq: -1, piece: -1 };

/**
 * The sources of one pool known to this write. Unrestricted ones sit in a min-heap in FIFO order, so a
 * use costs O(k log n) for the k sources it takes — a bulk write of 100,000 entries must not rescan or
 * re-sort every source for every use. Spent or removed sources are dropped lazily when they surface.
 */
class Pool {
  /** The last unrestricted source read from the database, in FIFO order. */
  lastKey: SourceOrder = FIRST_KEY;
  exhausted = false;
  private readonly heap: SourceState[] = [];
  private readonly inHeap = new Set<string>();
  private readonly earmarked: SourceState[] = [];

  add(source: SourceState): void {
    if (isEarmarked(source.earmark)) this.earmarked.push(source);
    else this.reopened(source);
  }

  /** A source that has money (new, read, or given some back by a release) can be taken again. */
  reopened(source: SourceState): void {
    if (isEarmarked(source.earmark) || !isOpen(source) || this.inHeap.has(source.id)) return;
    this.inHeap.add(source.id);
    this.heap.push(source);
    this.siftUp(this.heap.length - 1);
  }

  /** Open earmarked sources that reach the target (few per pool). */
  reaching(target: UseTarget | null): SourceState[] {
    return this.earmarked.filter(
      (source) => isOpen(source) && source.earmark !== null && earmarkReaches(source.earmark, target),
    );
  }

  /**
   * Takes open unrestricted sources out in FIFO order — only those up to `lastKey` until the database
   * has no more — until they cover `needMinor`. Give back what still has money with `putBack`.
   */
  takeUpTo(needMinor: bigint, taken: SourceState[]): bigint {
    let sum = taken.reduce((total, source) => total + source.remainingMinor, 0n);
    while (sum < needMinor && this.heap.length > 0) {
      const first = this.heap[0]!;
      if (!this.exhausted && compareSourceOrder(first, this.lastKey) > 0) break;
      this.pop();
      if (!isOpen(first)) continue;
      taken.push(first);
      sum += first.remainingMinor;
    }
    return sum;
  }

  putBack(sources: readonly SourceState[]): void {
    for (const source of sources) this.reopened(source);
  }

  private pop(): void {
    const top = this.heap[0]!;
    const last = this.heap.pop()!;
    this.inHeap.delete(top.id);
    if (this.heap.length > 0) {
      this.heap[0] = last;
      this.siftDown(0);
    }
  }

  private siftUp(index: number): void {
    const heap = this.heap;
    let child = index;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      if (compareSourceOrder(heap[child]!, heap[parent]!) >= 0) break;
      [heap[child], heap[parent]] = [heap[parent]!, heap[child]!];
      child = parent;
    }
  }

  private siftDown(index: number): void {
    const heap = this.heap;
    let parent = index;
    for (;;) {
      const left = 2 * parent + 1;
      const right = left + 1;
      let smallest = parent;
      if (left < heap.length && compareSourceOrder(heap[left]!, heap[smallest]!) < 0) smallest = left;
      if (right < heap.length && compareSourceOrder(heap[right]!, heap[smallest]!) < 0) smallest = right;
      if (smallest === parent) return;
      [heap[parent], heap[smallest]] = [heap[smallest]!, heap[parent]!];
      parent = smallest;
    }
  }
}

function isOpen(source: SourceState): boolean {
  return source.removedByEntryId === null && source.remainingMinor > 0n;
}

const SOURCES = multiRowInsert(
  `allocation_sources (id, fund_id, currency, kind, donation_id, transfer_id, origin_source_id, entry_id, label,
     earmarked, earmark_category, earmark_project_id, earmark_beneficiary_id, received_on, entry_seq, piece,
     amount_minor, allocated_minor, removed_by_entry_id)`,
  19,
);
const ALLOCATIONS = multiRowInsert(
  `allocations (source_id, fund_id, currency, use_kind, disbursement_id, transfer_id, entry_id, use_category,
     use_project_id, use_beneficiary_id, amount_minor, created_by_entry_id, released_by_entry_id)`,
  13,
);

export class AllocationPlanner {
  private readonly sources = new Map<string, SourceState>();
  private readonly pools = new Map<string, Pool>();
  private readonly newAllocations: NewAllocation[] = [];
  private readonly releases: { id: number; byEntryId: string }[] = [];
  private readonly releasedIds = new Set<number>();

  constructor(
    private readonly read: Read,
    /** Account id → whether it is a cash or bank account (spendable money). */
    private readonly spendable: (accountIds: string[]) => Promise<Set<string>>,
  ) {}

  async plan(entries: readonly SequencedEntry[]): Promise<InStatement[]> {
    const accountIds = [
      ...new Set(entries.flatMap((entry) => entry.postings.map((posting) => posting.accountId))),
    ];
    const spendable = await this.spendable(accountIds);
    for (const entry of entries) {
      if (entry.reversesEntryId) await this.undo(entry.reversesEntryId, entry.id);
      else await this.follow(entry, spendable);
    }
    return this.statements();
  }

  /** Uses first (a transfer's pieces must be known before the receiving side's sources). */
  private async follow(entry: SequencedEntry, spendable: Set<string>): Promise<void> {
    const changes = netChanges(entry, spendable);
    let taken: AllocationPiece[] = [];
    for (const change of changes.filter((c) => c.netMinor < 0n)) {
      taken = taken.concat(await this.use(entry, change.fundId, change.currency, -change.netMinor));
    }
    let piece = 0;
    for (const change of changes.filter((c) => c.netMinor > 0n)) {
      piece = this.addSources(entry, change.fundId, change.currency, change.netMinor, taken, piece);
    }
  }

  private async use(
    entry: SequencedEntry,
    fundId: string,
    currency: string,
    needMinor: bigint,
  ): Promise<AllocationPiece[]> {
    const flow = entry.flow ?? null;
    const target = flow?.kind === 'disbursement' || flow?.kind === 'transfer' ? flow.target : null;
    const pieces = await this.allocate(fundId, currency, target, needMinor, null);
    for (const piece of pieces) {
      this.newAllocations.push({
        sourceId: piece.sourceId,
        fundId,
        currency,
        useKind:
          flow?.kind === 'disbursement' ? 'disbursement' : flow?.kind === 'transfer' ? 'transfer' : 'other',
        disbursementId: flow?.kind === 'disbursement' ? flow.disbursementId : null,
        transferId: flow?.kind === 'transfer' ? flow.transferId : null,
        entryId: entry.id,
        target,
        amountMinor: piece.amountMinor,
        createdByEntryId: entry.id,
      });
    }
    return pieces;
  }

  /** Picks and applies the pieces, or refuses naming the shortfall. */
  private async allocate(
    fundId: string,
    currency: string,
    target: UseTarget | null,
    needMinor: bigint,
    what: string | null,
  ): Promise<AllocationPiece[]> {
    const { pool, candidates } = await this.candidates(fundId, currency, target, needMinor);
    const { pieces, shortMinor } = pickSources(candidates, target, needMinor);
    if (shortMinor > 0n) {
      pool.putBack(candidates.filter((source) => !isEarmarked(source.earmark)));
      const available = needMinor - shortMinor;
      throw new DomainError(
        'insufficient-funds',
        `${what ?? 'This'} needs ${formatMoney(needMinor, currency as CurrencyCode)}, but the fund can spend only ${formatMoney(available, currency as CurrencyCode)} on it (money not earmarked, plus gifts earmarked for exactly this use).`,
        { extra: { fundId, neededMinor: needMinor.toString(), availableMinor: available.toString() } },
      );
    }
    for (const piece of pieces) {
      const source = this.sources.get(piece.sourceId);
      assert(source, 'a picked source is known');
      source.allocatedMinor += piece.amountMinor;
      source.remainingMinor -= piece.amountMinor;
      assert(source.remainingMinor >= 0n, 'a source is never over-allocated');
    }
    pool.putBack(candidates.filter((source) => !isEarmarked(source.earmark)));
    return pieces;
  }

  private addSources(
    entry: SequencedEntry,
    fundId: string,
    currency: string,
    amountMinor: bigint,
    taken: AllocationPiece[],
    firstPiece: number,
  ): number {
    const flow = entry.flow ?? null;
    const base = { fundId, currency, entryId: entry.id, receivedOn: entry.date, entrySeq: entry.seq };
    if (flow?.kind === 'transfer') {
      // The pieces taken from the sending fund arrive as they were: same donor, same earmark.
      const total = taken.reduce((sum, piece) => sum + piece.amountMinor, 0n);
      assert(total === amountMinor, 'a transfer brings in exactly what it took out');
      let piece = firstPiece;
      for (const from of taken) {
        const origin = this.sources.get(from.sourceId);
        assert(origin, 'the origin of a transferred piece is known');
        this.addSource({
          ...base,
          piece,
          kind: 'transfer',
          donationId: origin.donationId,
          transferId: flow.transferId,
          originSourceId: origin.id,
          label: origin.label,
          earmark: origin.earmark,
          amountMinor: from.amountMinor,
        });
        piece += 1;
      }
      return piece;
    }
    const isGift = flow?.kind === 'donation';
    this.addSource({
      ...base,
      piece: firstPiece,
      kind: isGift ? 'donation' : 'other',
      donationId: isGift ? flow.donationId : null,
      transferId: null,
      originSourceId: null,
      label: isGift ? 'gift' : entry.kind === 'opening' ? 'opening balance' : entry.description,
      earmark: isGift && isEarmarked(flow.earmark) ? flow.earmark : null,
      amountMinor,
    });
    return firstPiece + 1;
  }

  private addSource(
    fields: Omit<
      SourceState,
      | 'id'
      | 'allocatedMinor'
      | 'allocatedInDatabaseMinor'
      | 'remainingMinor'
      | 'removedByEntryId'
      | 'removedInDatabase'
      | 'isNew'
    >,
  ): void {
    const id = `${fields.entryId}.${fields.piece}`;
    assert(!this.sources.has(id), 'source ids are unique');
    // Spelled out rather than spread: bulk writes make 100,000 of these, and one shape keeps them fast.
    const source: SourceState = {
      id,
      fundId: fields.fundId,
      currency: fields.currency,
      kind: fields.kind,
      donationId: fields.donationId,
      transferId: fields.transferId,
      originSourceId: fields.originSourceId,
      entryId: fields.entryId,
      label: fields.label,
      earmark: fields.earmark,
      receivedOn: fields.receivedOn,
      entrySeq: fields.entrySeq,
      piece: fields.piece,
      amountMinor: fields.amountMinor,
      allocatedMinor: 0n,
      allocatedInDatabaseMinor: 0n,
      remainingMinor: fields.amountMinor,
      removedByEntryId: null,
      removedInDatabase: false,
      isNew: true,
    };
    this.sources.set(id, source);
    this.poolOf(source.fundId, source.currency).add(source);
  }

  /**
   * Reversal of `originalEntryId`: its uses are released, then its sources removed. What the removed
   * sources paid for is paid again from the next money in line — never from a source being removed in
   * the same reversal (all of them are marked first). Money already passed on to another fund cannot
   * be re-attributed there: refused.
   */
  private async undo(originalEntryId: string, byEntryId: string): Promise<void> {
    const uses = await this.read(
      'SELECT * FROM allocations WHERE entry_id = ? AND released_by_entry_id IS NULL ORDER BY id',
      [originalEntryId],
    );
    for (const row of uses) await this.release(row, byEntryId);
    const sourceRows = await this.read(
      'SELECT * FROM allocation_sources WHERE entry_id = ? AND removed_by_entry_id IS NULL ORDER BY piece',
      [originalEntryId],
    );
    const removing: { source: SourceState; live: Row[] }[] = [];
    for (const row of sourceRows) {
      const source = this.remember(row);
      const live = await this.read(
        'SELECT * FROM allocations WHERE source_id = ? AND released_by_entry_id IS NULL ORDER BY id',
        [source.id],
      );
      const passedOn = live.find((allocation) => textOf(allocation.use_kind) === 'transfer');
      if (passedOn) {
        throw new DomainError(
          'conflict',
          `This money was passed on to another fund by transfer ${textOf(passedOn.transfer_id)}. Reverse that transfer first, then try again.`,
          { extra: { transferId: textOf(passedOn.transfer_id) } },
        );
      }
      assert(
        !this.newAllocations.some((allocation) => allocation.sourceId === source.id),
        'a source is not undone in the write that used it',
      );
      removing.push({ source, live });
    }
    for (const { source, live } of removing) {
      for (const row of live) await this.release(row, byEntryId);
      assert(source.allocatedMinor === 0n, 'a removed source holds no allocations');
      source.removedByEntryId = byEntryId;
      source.remainingMinor = 0n;
    }
    for (const { live } of removing) {
      for (const row of live) await this.reallocate(row, byEntryId);
    }
  }

  private async release(row: Row, byEntryId: string): Promise<void> {
    const id = Number(row.id);
    assert(!this.releasedIds.has(id), 'an allocation is released once');
    const [sourceRow] = await this.read('SELECT * FROM allocation_sources WHERE id = ?', [
      textOf(row.source_id),
    ]);
    assert(sourceRow, 'an allocation has its source');
    const source = this.remember(sourceRow);
    const amountMinor = bigintOf(row.amount_minor);
    source.allocatedMinor -= amountMinor;
    source.remainingMinor += amountMinor;
    assert(source.allocatedMinor >= 0n, 'release never takes a source below zero');
    this.poolOf(source.fundId, source.currency).reopened(source);
    this.releases.push({ id, byEntryId });
    this.releasedIds.add(id);
  }

  private async reallocate(row: Row, byEntryId: string): Promise<void> {
    const target = targetOfRow(row);
    const useKind = textOf(row.use_kind) as NewAllocation['useKind'];
    const disbursementId = optionalText(row.disbursement_id);
    const fundId = textOf(row.fund_id);
    const currency = textOf(row.currency);
    const what = disbursementId
      ? `Disbursement ${disbursementId}, paid from this money,`
      : 'An earlier payment from this money';
    const pieces = await this.allocate(fundId, currency, target, bigintOf(row.amount_minor), what);
    for (const piece of pieces) {
      this.newAllocations.push({
        sourceId: piece.sourceId,
        fundId,
        currency,
        useKind,
        disbursementId,
        transferId: optionalText(row.transfer_id),
        entryId: textOf(row.entry_id),
        target,
        amountMinor: piece.amountMinor,
        createdByEntryId: byEntryId,
      });
    }
  }

  /**
   * The pool's open sources that could pay `needMinor` for `target`: the earmarks that reach it, then
   * unrestricted sources taken out of the pool in FIFO order, read from the database as far as needed.
   */
  private async candidates(
    fundId: string,
    currency: string,
    target: UseTarget | null,
    needMinor: bigint,
  ): Promise<{ pool: Pool; candidates: SourceState[] }> {
    if (target !== null) {
      const rows = await this.read(
        `SELECT * FROM allocation_sources WHERE fund_id = ? AND currency = ? AND earmarked = 1
           AND allocated_minor < amount_minor AND removed_by_entry_id IS NULL
           AND (earmark_category IS NULL OR earmark_category = ?)
           AND (earmark_project_id IS NULL OR earmark_project_id = ?)
           AND (earmark_beneficiary_id IS NULL OR earmark_beneficiary_id = ?)
         ORDER BY received_on, entry_seq, piece LIMIT ?`,
        [fundId, currency, target.category, target.projectId, target.beneficiaryId, EARMARKED_SOURCES_MAX],
      );
      for (const row of rows) this.remember(row);
    }
    const pool = this.poolOf(fundId, currency);
    const candidates = pool.reaching(target);
    let sum = pool.takeUpTo(needMinor, candidates);
    while (sum < needMinor && !pool.exhausted) {
      const { receivedOn, entrySeq, piece } = pool.lastKey;
      const rows = await this.read(
        `SELECT * FROM allocation_sources WHERE fund_id = ? AND currency = ? AND earmarked = 0
           AND allocated_minor < amount_minor AND removed_by_entry_id IS NULL
           AND (received_on, entry_seq, piece) > (?, ?, ?)
         ORDER BY received_on, entry_seq, piece LIMIT ?`,
        [fundId, currency, receivedOn, entrySeq, piece, SOURCES_PER_PAGE],
      );
      for (const row of rows) this.remember(row);
      const last = rows.at(-1);
      if (last) pool.lastKey = orderOfRow(last);
      if (rows.length < SOURCES_PER_PAGE) pool.exhausted = true;
      sum = pool.takeUpTo(needMinor, candidates);
    }
    return { pool, candidates };
  }

  private poolOf(fundId: string, currency: string): Pool {
    const key = `${fundId}\u0000${currency}`;
    let pool = this.pools.get(key);
    if (!pool) {
      pool = new Pool();
      this.pools.set(key, pool);
    }
    return pool;
  }

  /** The in-memory state of a stored source: the first read wins (later reads are stale). */
  private remember(row: Row): SourceState {
    const id = textOf(row.id);
    const known = this.sources.get(id);
    if (known) return known;
    const amountMinor = bigintOf(row.amount_minor);
    const allocatedMinor = bigintOf(row.allocated_minor);
    const removedByEntryId = optionalText(row.removed_by_entry_id);
    const earmark: Earmark = {
      category: optionalText(row.earmark_category),
      projectId: optionalText(row.earmark_project_id),
      beneficiaryId: optionalText(row.earmark_beneficiary_id),
    };
    const state: SourceState = {
      id,
      fundId: textOf(row.fund_id),
      currency: textOf(row.currency),
      kind: textOf(row.kind) as SourceState['kind'],
      donationId: optionalText(row.donation_id),
      transferId: optionalText(row.transfer_id),
      originSourceId: optionalText(row.origin_source_id),
      entryId: textOf(row.entry_id),
      label: textOf(row.label),
      earmark: Number(row.earmarked) === 1 ? earmark : null,
      ...orderOfRow(row),
      amountMinor,
      allocatedMinor,
      allocatedInDatabaseMinor: allocatedMinor,
      remainingMinor: removedByEntryId === null ? amountMinor - allocatedMinor : 0n,
      removedByEntryId,
      removedInDatabase: removedByEntryId !== null,
      isNew: false,
    };
    this.sources.set(id, state);
    this.poolOf(state.fundId, state.currency).add(state);
    return state;
  }

  private statements(): InStatement[] {
    const statements: InStatement[] = [];
    const sourceRows: unknown[] = [];
    for (const source of this.sources.values()) if (source.isNew) pushSourceArgs(sourceRows, source);
    statements.push(...SOURCES.statements(sourceRows));
    const allocationRows: unknown[] = [];
    for (const allocation of this.newAllocations) pushAllocationArgs(allocationRows, allocation);
    statements.push(...ALLOCATIONS.statements(allocationRows));
    for (const release of this.releases) {
      statements.push({
        sql: 'UPDATE allocations SET released_by_entry_id = ? WHERE id = ? AND released_by_entry_id IS NULL',
        args: [release.byEntryId, release.id],
      });
    }
    // New sources are inserted as they end this write; stored ones add what this write allocated.
    for (const source of this.sources.values()) {
      if (source.isNew) continue;
      const deltaMinor = source.allocatedMinor - source.allocatedInDatabaseMinor;
      const removing = source.removedByEntryId !== null && !source.removedInDatabase;
      if (deltaMinor === 0n && !removing) continue;
      statements.push({
        sql: 'UPDATE allocation_sources SET allocated_minor = allocated_minor + ?, removed_by_entry_id = ? WHERE id = ?',
        args: [Number(deltaMinor), source.removedByEntryId, source.id],
      });
    }
    return statements;
  }
}

/** Net change of each fund's spendable (cash and bank) money per currency in one entry. */
export function netChanges(
  entry: SequencedEntry,
  spendable: Set<string>,
): { fundId: string; currency: string; netMinor: bigint }[] {
  const byPool = new Map<string, { fundId: string; currency: string; netMinor: bigint }>();
  for (const posting of entry.postings) {
    if (!spendable.has(posting.accountId)) continue;
    const key = `${posting.fundId}\u0000${posting.currency}`;
    const pool = byPool.get(key) ?? { fundId: posting.fundId, currency: posting.currency, netMinor: 0n };
    pool.netMinor += posting.side === 'debit' ? posting.amountMinor : -posting.amountMinor;
    byPool.set(key, pool);
  }
  return [...byPool.values()].filter((pool) => pool.netMinor !== 0n);
}

function orderOfRow(row: Row): SourceOrder {
  return { receivedOn: textOf(row.received_on), entrySeq: Number(row.entry_seq), piece: Number(row.piece) };
}

function targetOfRow(row: Row): UseTarget | null {
  const useKind = textOf(row.use_kind);
  if (useKind === 'other') return null;
  const target = {
    category: optionalText(row.use_category),
    projectId: optionalText(row.use_project_id),
    beneficiaryId: optionalText(row.use_beneficiary_id),
  };
  return useKind === 'transfer' && !isEarmarked(target) ? null : target;
}

function pushSourceArgs(args: unknown[], source: SourceState): void {
  const earmark = source.earmark;
  args.push(
    source.id,
    source.fundId,
    source.currency,
    source.kind,
    source.donationId,
    source.transferId,
    source.originSourceId,
    source.entryId,
    source.label,
    earmark ? 1 : 0,
    earmark?.category ?? null,
    earmark?.projectId ?? null,
    earmark?.beneficiaryId ?? null,
    source.receivedOn,
    source.entrySeq,
    source.piece,
    Number(source.amountMinor),
    Number(source.allocatedMinor),
    source.removedByEntryId,
  );
}

function pushAllocationArgs(args: unknown[], allocation: NewAllocation): void {
  args.push(
    allocation.sourceId,
    allocation.fundId,
    allocation.currency,
    allocation.useKind,
    allocation.disbursementId,
    allocation.transferId,
    allocation.entryId,
    allocation.target?.category ?? null,
    allocation.target?.projectId ?? null,
    allocation.target?.beneficiaryId ?? null,
    Number(allocation.amountMinor),
    allocation.createdByEntryId,
    null,
  );
}

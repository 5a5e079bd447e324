import type { Client, InArgs, InStatement, Row } from '@libsql/client';
import type { AccountStore } from '../capabilities/accounts.ts';
import type { AuditRecord, WriteExtras } from '../capabilities/context.ts';
import type { EntryStore, NewEntry } from '../capabilities/entries.ts';
import type { HledgerDateRange, HledgerExportStore, HledgerScope } from '../capabilities/export-hledger.ts';
import type { FundStore } from '../capabilities/funds.ts';
import type { IdempotencyRecord } from '../capabilities/idempotency.ts';
import type {
  AccountTotalsRow,
  TrialBalanceScope,
  TrialBalanceStore,
} from '../capabilities/trial-balance.ts';
import type { UnitStore } from '../capabilities/units.ts';
import type { VerifyStore } from '../capabilities/verify-ledger.ts';
import type {
  AccountPostingView,
  AccountView,
  EntryView,
  FundView,
  UnitView,
} from '../capabilities/views.ts';
import type { AccountType, LedgerAccount, Side } from '../domain/accounts.ts';
import type { EntryKind } from '../domain/entries.ts';
import { assert, DomainError } from '../domain/errors.ts';
import type { HledgerAccount, HledgerEntry, HledgerFund, HledgerPosting } from '../domain/hledger.ts';
import type { CurrencyCode } from '../domain/money.ts';
import { AllocationPlanner } from './allocation-planner.ts';
import {
  backfillChain,
  chainedHash,
  chainLinkAt,
  type JournalHead,
  readJournalHead,
  verifyChain,
} from './chain.ts';
import { entryWriteStatements, type SequencedEntry } from './entry-writes.ts';
import { Filters } from './filters.ts';
import { refuseEntriesInClosedPeriods } from './period-guard.ts';
import {
  ACCOUNT_COLUMNS,
  accountFromRow,
  bigintOf,
  FUND_COLUMNS,
  fundFromRow,
  isoInstant,
  optionalText,
  textOf,
  UNIT_COLUMNS,
  unitFromRow,
} from './rows.ts';
import { isSequenceConflict, translateSqlError } from './sql-errors.ts';
import { countLedgerRows, runVerificationChecks } from './verification.ts';
import { type WriteQueue, writeQueueFor } from './write-queue.ts';

/** Writes waiting for their turn before new ones are turned away (HTTP 503, retry later). */
export const WRITES_WAITING_MAX = 10_000;
/**
 * A batch that lost a sequence number to another process is retried this many times. Two processes
 * writing without a pause each win about every other race, so five tries lost about one write in thirty
 * (test/hash-chain.test.ts, two processes); with a random pause after each loss this many leaves none.
 */
const SEQUENCE_RETRIES_MAX = 25;

/**
 * The ledger's storage on libSQL. Every write is one `batch` (atomic, and the same over HTTP at the
 * edge); reads are plain queries. Implements the store interface of every ledger capability.
 */
export class LedgerStore
  implements
    UnitStore,
    FundStore,
    AccountStore,
    EntryStore,
    TrialBalanceStore,
    VerifyStore,
    HledgerExportStore
{
  private readonly queue: WriteQueue;
  /**
   * Next journal sequence number and posting id, and the last entry's hash (the hash chain's head), read
   * once and then kept by the serialized writer; re-read after a batch lost its sequence numbers.
   */
  private head: JournalHead | null = null;
  private readonly spendableById = new Map<string, boolean>();

  constructor(readonly client: Client) {
    this.queue = writeQueueFor(client, WRITES_WAITING_MAX);
  }

  serialized<T>(work: () => Promise<T>): Promise<T> {
    return this.queue.run(work);
  }

  protected async rows(sql: string, args: InArgs = []): Promise<Row[]> {
    return (await this.client.execute({ sql, args })).rows;
  }

  protected async write(statements: InStatement[], extras: WriteExtras): Promise<void> {
    const all = [...statements];
    if (extras.idempotency) all.push(idempotencyInsert(extras.idempotency));
    if (extras.audit) all.push(auditInsert(extras.audit));
    try {
      await this.client.batch(all, 'write');
    } catch (error) {
      throw translateSqlError(error);
    }
  }

  // — idempotency —

  async findIdempotency(key: string): Promise<IdempotencyRecord | null> {
    const [row] = await this.rows(
      'SELECT key, fingerprint, status_code, body, created_at_ms FROM idempotency_records WHERE key = ?',
      [key],
    );
    if (!row) return null;
    return {
      key: textOf(row.key),
      fingerprint: textOf(row.fingerprint),
      statusCode: Number(row.status_code),
      body: textOf(row.body),
      createdAtMs: Number(row.created_at_ms),
    };
  }

  // — units —

  async getUnit(id: string): Promise<UnitView | null> {
    const [row] = await this.rows(`SELECT ${UNIT_COLUMNS} FROM units WHERE id = ?`, [id]);
    return row ? unitFromRow(row) : null;
  }

  async findUnitIdByCode(code: string): Promise<string | null> {
    const [row] = await this.rows('SELECT id FROM units WHERE code = ?', [code]);
    return row ? textOf(row.id) : null;
  }

  async insertUnit(unit: UnitView, extras: WriteExtras): Promise<void> {
    await this.write(
      [
        {
          sql: `INSERT INTO units (${UNIT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?)`,
          args: [
            unit.id,
            unit.name,
            unit.kind,
            unit.level,
            unit.code,
            unit.parentId,
            unit.depth,
            Date.parse(unit.createdAt),
          ],
        },
        {
          sql: `INSERT INTO unit_closure (ancestor_id, descendant_id, depth)
                SELECT ancestor_id, ?1, depth + 1 FROM unit_closure WHERE descendant_id = ?2
                UNION ALL SELECT ?1, ?1, 0`,
          args: [unit.id, unit.parentId],
        },
      ],
      extras,
    );
  }

  async listUnits(query: {
    parentId: string | null;
    afterId: string | null;
    limit: number;
  }): Promise<UnitView[]> {
    const rows = await this.rows(
      `SELECT ${UNIT_COLUMNS} FROM units
       WHERE (?1 IS NULL OR parent_id = ?1) AND (?2 IS NULL OR id > ?2) ORDER BY id LIMIT ?3`,
      [query.parentId, query.afterId, query.limit],
    );
    return rows.map(unitFromRow);
  }

  async recordSuccession(
    unitId: string,
    successorId: string,
    effectiveOn: string,
    extras: WriteExtras,
  ): Promise<void> {
    await this.write(
      [
        {
          sql: 'UPDATE units SET successor_id = ?, succeeded_on = ? WHERE id = ? AND successor_id IS NULL',
          args: [successorId, effectiveOn, unitId],
        },
      ],
      extras,
    );
  }

  // — funds —

  async getFund(id: string): Promise<FundView | null> {
    const [row] = await this.rows(`SELECT ${FUND_COLUMNS} FROM funds WHERE id = ?`, [id]);
    return row ? fundFromRow(row) : null;
  }

  async insertFund(fund: FundView, accounts: AccountView[], extras: WriteExtras): Promise<void> {
    await this.write(
      [
        {
          sql: `INSERT INTO funds (${FUND_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`,
          args: [
            fund.id,
            fund.unitId,
            fund.kind,
            fund.name,
            fund.currency,
            fund.status,
            Date.parse(fund.createdAt),
          ],
        },
        ...accounts.map((account) => accountInsert(account, Date.parse(fund.createdAt))),
      ],
      extras,
    );
  }

  async listFunds(query: {
    unitId: string | null;
    roots: string[] | null;
    afterId: string | null;
    limit: number;
  }): Promise<FundView[]> {
    const visible = rootsCondition('unit_id', query.roots);
    const rows = await this.rows(
      `SELECT ${FUND_COLUMNS} FROM funds
       WHERE (? IS NULL OR unit_id = ?) AND (? IS NULL OR id > ?) AND ${visible.sql} ORDER BY id LIMIT ?`,
      [query.unitId, query.unitId, query.afterId, query.afterId, ...visible.args, query.limit],
    );
    return rows.map(fundFromRow);
  }

  async listFundAccounts(fundId: string): Promise<AccountView[]> {
    const rows = await this.rows(`SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE fund_id = ? ORDER BY code`, [
      fundId,
    ]);
    return rows.map(accountFromRow);
  }

  // — accounts —

  async getAccount(id: string): Promise<AccountView | null> {
    const [row] = await this.rows(`SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE id = ?`, [id]);
    return row ? accountFromRow(row) : null;
  }

  async countFundAccounts(fundId: string): Promise<number> {
    const [row] = await this.rows('SELECT count(*) AS n FROM accounts WHERE fund_id = ?', [fundId]);
    return Number(row?.n ?? 0);
  }

  async findAccountByCode(fundId: string, code: string): Promise<AccountView | null> {
    const [row] = await this.rows(`SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE fund_id = ? AND code = ?`, [
      fundId,
      code,
    ]);
    return row ? accountFromRow(row) : null;
  }

  async insertAccount(account: AccountView, createdAtMs: number, extras: WriteExtras): Promise<void> {
    await this.write([accountInsert(account, createdAtMs)], extras);
  }

  async listAccounts(query: {
    fundId: string | null;
    unitId: string | null;
    roots: string[] | null;
    after: { fundId: string; code: string } | null;
    limit: number;
  }): Promise<AccountView[]> {
    const visible = rootsCondition('unit_id', query.roots);
    const afterFund = query.after?.fundId ?? null;
    const rows = await this.rows(
      `SELECT ${ACCOUNT_COLUMNS} FROM accounts
       WHERE (? IS NULL OR fund_id = ?) AND (? IS NULL OR unit_id = ?)
         AND (? IS NULL OR (fund_id, code) > (?, ?)) AND ${visible.sql}
       ORDER BY fund_id, code LIMIT ?`,
      [
        query.fundId,
        query.fundId,
        query.unitId,
        query.unitId,
        afterFund,
        afterFund,
        query.after?.code ?? null,
        ...visible.args,
        query.limit,
      ],
    );
    return rows.map(accountFromRow);
  }

  async unitsOfAccounts(accountIds: readonly string[]): Promise<string[]> {
    if (accountIds.length === 0) return [];
    const rows = await this.rows(
      `SELECT DISTINCT unit_id FROM accounts WHERE id IN (${accountIds.map(() => '?').join(', ')})`,
      accountIds as string[],
    );
    return rows.map((row) => textOf(row.unit_id));
  }

  async unitAndAncestors(unitId: string): Promise<string[]> {
    const rows = await this.rows(
      'SELECT ancestor_id FROM unit_closure WHERE descendant_id = ? ORDER BY depth',
      [unitId],
    );
    return rows.map((row) => textOf(row.ancestor_id));
  }

  async listAccountPostings(query: {
    accountId: string;
    afterPostingId: number | null;
    limit: number;
  }): Promise<AccountPostingView[]> {
    // The cursor is a real range condition (not `? IS NULL OR …`), so a deep page seeks instead of scanning.
    const where = new Filters()
      .add('p.account_id = ?', [query.accountId])
      .when(query.afterPostingId, 'p.id > ?');
    const rows = await this.rows(
      `SELECT p.id, p.entry_id, p.account_id, p.side, p.amount_minor, p.currency, p.memo, p.entry_date, e.description
       FROM postings p JOIN journal_entries e ON e.id = p.entry_id
       WHERE ${where.sql} ORDER BY p.id LIMIT ?`,
      [...where.args, query.limit],
    );
    return rows.map((row) => ({
      ...postingFromRow(row),
      entryId: textOf(row.entry_id),
      date: textOf(row.entry_date),
      description: textOf(row.description),
    }));
  }

  // — entries —

  async loadLedgerAccounts(ids: readonly string[]): Promise<Map<string, LedgerAccount>> {
    const accounts = new Map<string, LedgerAccount>();
    const chunkSize = 500;
    for (let start = 0; start < ids.length; start += chunkSize) {
      const chunk = ids.slice(start, start + chunkSize);
      const rows = await this.rows(
        `SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE id IN (${chunk.map(() => '?').join(', ')})`,
        chunk as string[],
      );
      for (const row of rows) {
        const view = accountFromRow(row);
        accounts.set(view.id, {
          id: view.id,
          code: view.code,
          unitId: view.unitId,
          fundId: view.fundId,
          currency: view.currency,
          normalSide: view.normalSide,
          status: view.status,
          nonNegative: view.nonNegative,
          debitTotalMinor: BigInt(view.debitTotal),
          creditTotalMinor: BigInt(view.creditTotal),
        });
      }
    }
    return accounts;
  }

  async commitEntries(
    entries: readonly NewEntry[],
    seal: (views: EntryView[]) => WriteExtras,
  ): Promise<EntryView[]> {
    return this.commitWithEntries(entries, () => [], seal);
  }

  /**
   * Writes entries together with the statements of the record they belong to (a donation, a void…)
   * and the write's extras, as one batch. Sequence numbers lost to another writer are retried.
   */
  protected async commitWithEntries(
    entries: readonly NewEntry[],
    alongside: (views: EntryView[]) => InStatement[],
    seal: (views: EntryView[]) => WriteExtras,
  ): Promise<EntryView[]> {
    await refuseEntriesInClosedPeriods(this.client, entries);
    for (let attempt = 1; ; attempt += 1) {
      const head = await this.readHead();
      const sequenced = sequence(entries, head);
      const views = sequenced.map(entryViewMaker());
      const planner = new AllocationPlanner(
        (sql, args) => this.rows(sql, args as InArgs),
        (ids) => this.spendableAccounts(ids),
      );
      const allocations = await planner.plan(sequenced);
      try {
        await this.write(
          [...entryWriteStatements(sequenced), ...alongside(views), ...allocations],
          seal(views),
        );
        const last = sequenced.at(-1);
        if (last)
          this.head = {
            nextSeq: last.seq + 1,
            nextPostingId: last.firstPostingId + last.postings.length,
            lastHash: last.hash,
          };
        return views;
      } catch (error) {
        this.head = null;
        if (!isSequenceConflict(error)) throw error;
        if (attempt >= SEQUENCE_RETRIES_MAX) {
          throw new DomainError(
            'conflict',
            'Other writers kept taking the next place in the journal. Send the request again.',
          );
        }
        // Two writers in step would keep colliding: wait a random moment, a little longer after each loss.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(attempt, 10)));
      }
    }
  }

  /** Which of the accounts are cash or bank accounts (roles never change, so the answer is kept). */
  private async spendableAccounts(ids: readonly string[]): Promise<Set<string>> {
    const unknown = ids.filter((id) => !this.spendableById.has(id));
    for (let start = 0; start < unknown.length; start += 500) {
      const chunk = unknown.slice(start, start + 500);
      const rows = await this.rows(
        `SELECT id, role IN ('cash', 'bank') AS spendable FROM accounts WHERE id IN (${chunk.map(() => '?').join(', ')})`,
        chunk,
      );
      for (const row of rows) this.spendableById.set(textOf(row.id), Number(row.spendable) === 1);
    }
    return new Set(ids.filter((id) => this.spendableById.get(id) === true));
  }

  private async readHead(): Promise<JournalHead> {
    this.head ??= await readJournalHead(this.client);
    return this.head;
  }

  // — the hash chain —

  /** Hashes the entries recorded before the chain existed (at start; writes do it too when needed). */
  backfillChain(): Promise<number> {
    return backfillChain(this.client);
  }

  /** The chain's link at `seq` (its head when null); null when no entry has that number. */
  chainLink(seq: number | null) {
    return chainLinkAt(this.client, seq);
  }

  verifyChain(exampleLimit: number) {
    return verifyChain(this.client, exampleLimit);
  }

  async getEntry(id: string): Promise<EntryView | null> {
    const [entry] = await this.rows(
      `SELECT e.seq, e.id, e.entry_date, e.description, e.kind, e.reverses_entry_id, e.created_at_ms,
              (SELECT r.id FROM journal_entries r WHERE r.reverses_entry_id = e.id) AS reversed_by
       FROM journal_entries e WHERE e.id = ?`,
      [id],
    );
    if (!entry) return null;
    const postings = await this.rows(
      'SELECT id, account_id, side, amount_minor, currency, memo FROM postings WHERE entry_id = ? ORDER BY id',
      [id],
    );
    return {
      id: textOf(entry.id),
      seq: Number(entry.seq),
      date: textOf(entry.entry_date),
      description: textOf(entry.description),
      kind: textOf(entry.kind) as EntryKind,
      reversesEntryId: optionalText(entry.reverses_entry_id),
      reversedByEntryId: optionalText(entry.reversed_by),
      createdAt: isoInstant(entry.created_at_ms),
      postings: postings.map(postingFromRow),
    };
  }

  // — reports —

  async accountTotalsAsOf(scope: TrialBalanceScope, asOf: string | null): Promise<AccountTotalsRow[]> {
    const where = scopeCondition(scope);
    const totals = asOf
      ? `coalesce(d.debit_total_minor, 0) AS debit_total, coalesce(d.credit_total_minor, 0) AS credit_total
         FROM accounts a LEFT JOIN account_day_totals d ON d.account_id = a.id
           AND d.day = (SELECT max(x.day) FROM account_day_totals x WHERE x.account_id = a.id AND x.day <= ?)`
      : 'a.debit_total_minor AS debit_total, a.credit_total_minor AS credit_total FROM accounts a';
    const rows = await this.rows(
      `SELECT a.id, a.fund_id, a.code, a.name, a.type, a.currency, ${totals} WHERE ${where.sql} ORDER BY a.fund_id, a.code`,
      asOf ? [asOf, ...where.args] : where.args,
    );
    return rows.map((row) => ({
      accountId: textOf(row.id),
      fundId: textOf(row.fund_id),
      code: textOf(row.code),
      name: textOf(row.name),
      type: textOf(row.type) as AccountTotalsRow['type'],
      currency: textOf(row.currency) as CurrencyCode,
      debitTotalMinor: bigintOf(row.debit_total),
      creditTotalMinor: bigintOf(row.credit_total),
    }));
  }

  // — verification —

  countLedgerRows() {
    return countLedgerRows(this.client);
  }

  runVerificationChecks(exampleLimit: number) {
    return runVerificationChecks(this.client, exampleLimit);
  }

  // — hledger export —

  async hledgerLastSeq(): Promise<number> {
    const [row] = await this.rows('SELECT coalesce(max(seq), 0) AS seq FROM journal_entries');
    return Number(row?.seq ?? 0);
  }

  async hledgerFunds(scope: HledgerScope): Promise<HledgerFund[]> {
    const where = hledgerScopeCondition(scope);
    const rows = await this.rows(
      `SELECT f.id, f.unit_id, f.name FROM funds f
       WHERE f.unit_id IN (SELECT a.unit_id FROM accounts a WHERE ${where.sql}) ORDER BY f.id`,
      where.args,
    );
    return rows.map((row) => ({ id: textOf(row.id), unitId: textOf(row.unit_id), name: textOf(row.name) }));
  }

  async hledgerAccounts(scope: HledgerScope): Promise<HledgerAccount[]> {
    const where = hledgerScopeCondition(scope);
    const rows = await this.rows(
      `SELECT a.id, a.fund_id, u.code AS unit_code, a.code, a.name, a.type, a.currency
       FROM accounts a JOIN units u ON u.id = a.unit_id WHERE ${where.sql} ORDER BY a.fund_id, a.code`,
      where.args,
    );
    return rows.map((row) => ({
      id: textOf(row.id),
      fundId: textOf(row.fund_id),
      unitCode: textOf(row.unit_code),
      code: textOf(row.code),
      name: textOf(row.name),
      type: textOf(row.type) as AccountType,
      currency: textOf(row.currency) as CurrencyCode,
    }));
  }

  async hledgerEntries(
    scope: HledgerScope,
    range: HledgerDateRange,
    seqs: { afterSeq: number; throughSeq: number },
    limit: number,
  ): Promise<HledgerEntry[]> {
    const inScope = hledgerScopeCondition(scope);
    const scoped = scope.fundId !== null || scope.unitId !== null;
    // Walks the journal in seq (rowid) order: the unary + keeps the planner off the date index, whose
    // order would have to be re-sorted for every page.
    const where = new Filters()
      .add('e.seq > ? AND e.seq <= ?', [seqs.afterSeq, seqs.throughSeq])
      .when(range.from, '+e.entry_date >= ?')
      .when(range.to, '+e.entry_date <= ?');
    // CROSS JOIN keeps postings the outer loop (one seek by entry on postings_entry): otherwise the
    // planner may start from the fund's accounts and read every posting they ever had, on every page.
    if (scoped) {
      where.add(
        `EXISTS (SELECT 1 FROM postings p CROSS JOIN accounts a ON a.id = p.account_id WHERE p.entry_id = e.id AND ${inScope.sql})`,
        inScope.args,
      );
    }
    const entries = await this.rows(
      `SELECT e.seq, e.id, e.entry_date, e.description, e.kind, e.reverses_entry_id FROM journal_entries e
       WHERE ${where.sql} ORDER BY e.seq LIMIT ?`,
      [...where.args, limit],
    );
    if (entries.length === 0) return [];
    const ids = entries.map((row) => textOf(row.id));
    const postings = await this.rows(
      `SELECT p.entry_id, p.account_id, p.side, p.amount_minor, p.currency
       FROM postings p CROSS JOIN accounts a ON a.id = p.account_id
       WHERE p.entry_id IN (${ids.map(() => '?').join(', ')}) AND ${inScope.sql} ORDER BY p.id`,
      [...ids, ...inScope.args],
    );
    const byEntry = new Map<string, HledgerPosting[]>(ids.map((id) => [id, []]));
    for (const row of postings) {
      byEntry.get(textOf(row.entry_id))!.push({
        accountId: textOf(row.account_id),
        side: textOf(row.side) as Side,
        amountMinor: bigintOf(row.amount_minor),
        currency: textOf(row.currency) as CurrencyCode,
      });
    }
    return entries.map((row) => ({
      id: textOf(row.id),
      seq: Number(row.seq),
      date: textOf(row.entry_date),
      description: textOf(row.description),
      kind: textOf(row.kind) as EntryKind,
      reversesEntryId: optionalText(row.reverses_entry_id),
      postings: byEntry.get(textOf(row.id))!,
    }));
  }
}

/** The accounts (alias `a`) an hledger export covers: a fund's, a unit subtree's, both, or all. */
function hledgerScopeCondition(scope: HledgerScope): { sql: string; args: string[] } {
  const where = new Filters()
    .when(scope.fundId, 'a.fund_id = ?')
    .when(scope.unitId, 'a.unit_id IN (SELECT descendant_id FROM unit_closure WHERE ancestor_id = ?)');
  return { sql: where.sql, args: where.args as string[] };
}

function scopeCondition(scope: TrialBalanceScope): { sql: string; args: string[] } {
  if (scope.fundId) return { sql: 'a.fund_id = ?', args: [scope.fundId] };
  if (scope.unitId && scope.descendants) {
    return {
      sql: 'a.unit_id IN (SELECT descendant_id FROM unit_closure WHERE ancestor_id = ?)',
      args: [scope.unitId],
    };
  }
  if (scope.unitId) return { sql: 'a.unit_id = ?', args: [scope.unitId] };
  return { sql: '1 = 1', args: [] };
}

function accountInsert(account: AccountView, createdAtMs: number): InStatement {
  return {
    sql: `INSERT INTO accounts (id, fund_id, unit_id, code, name, type, role, currency, normal_side, non_negative, status,
            debit_total_minor, credit_total_minor, created_at_ms)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?)`,
    args: [
      account.id,
      account.fundId,
      account.unitId,
      account.code,
      account.name,
      account.type,
      account.role,
      account.currency,
      account.normalSide,
      account.nonNegative ? 1 : 0,
      account.status,
      createdAtMs,
    ],
  };
}

/** Only the units under `roots` (null: no restriction; empty: nothing). */
export function rootsCondition(column: string, roots: string[] | null): { sql: string; args: string[] } {
  if (roots === null) return { sql: '1 = 1', args: [] };
  if (roots.length === 0) return { sql: '0 = 1', args: [] };
  return {
    sql: `${column} IN (SELECT descendant_id FROM unit_closure WHERE ancestor_id IN (${roots.map(() => '?').join(', ')}))`,
    args: roots,
  };
}

export function auditInsert(record: AuditRecord): InStatement {
  return {
    sql: `INSERT INTO audit_log (id, at_ms, actor_id, action, object_type, object_id, unit_id, request_id, outcome, status, ip, detail)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    args: [
      record.id,
      record.atMs,
      record.actorId,
      record.action,
      record.objectType,
      record.objectId,
      record.unitId,
      record.requestId,
      record.outcome,
      record.status,
      record.ip,
      record.detail,
    ],
  };
}

function idempotencyInsert(record: IdempotencyRecord): InStatement {
  return {
    sql: 'INSERT INTO idempotency_records (key, fingerprint, status_code, body, created_at_ms) VALUES (?, ?, ?, ?, ?)',
    args: [record.key, record.fingerprint, record.statusCode, record.body, record.createdAtMs],
  };
}

function sequence(entries: readonly NewEntry[], head: JournalHead): SequencedEntry[] {
  let nextPostingId = head.nextPostingId;
  let previousHash = head.lastHash;
  return entries.map((entry, index) => {
    const seq = head.nextSeq + index;
    const hash = chainedHash(previousHash, entry, seq, nextPostingId);
    previousHash = hash;
    // Spelled out rather than spread: V8 copies a spread object slowly and into a slower shape, which
    // every later read of 100,000 bulk entries pays for again.
    const sequenced: SequencedEntry = {
      id: entry.id,
      date: entry.date,
      description: entry.description,
      kind: entry.kind,
      reversesEntryId: entry.reversesEntryId,
      createdAtMs: entry.createdAtMs,
      postings: entry.postings,
      flow: entry.flow,
      seq,
      firstPostingId: nextPostingId,
      hash,
    };
    nextPostingId += entry.postings.length;
    return sequenced;
  });
}

/** Builds the committed views; the entries of one write share an instant, so its text is made once. */
function entryViewMaker(): (entry: SequencedEntry) => EntryView {
  let instantMs = Number.NaN;
  let instant = '';
  return (entry) => {
    assert(entry.postings.length >= 2, 'an entry has postings');
    if (entry.createdAtMs !== instantMs) {
      instantMs = entry.createdAtMs;
      instant = new Date(instantMs).toISOString();
    }
    return {
      id: entry.id,
      seq: entry.seq,
      date: entry.date,
      description: entry.description,
      kind: entry.kind,
      reversesEntryId: entry.reversesEntryId,
      reversedByEntryId: null,
      createdAt: instant,
      postings: entry.postings.map((posting, index) => ({
        id: entry.firstPostingId + index,
        accountId: posting.accountId,
        side: posting.side,
        amount: posting.amountMinor.toString(),
        currency: posting.currency,
        memo: posting.memo,
      })),
    };
  };
}

function postingFromRow(row: Row) {
  return {
    id: Number(row.id),
    accountId: textOf(row.account_id),
    side: textOf(row.side) as Side,
    amount: bigintOf(row.amount_minor).toString(),
    currency: textOf(row.currency) as CurrencyCode,
    memo: optionalText(row.memo),
  };
}

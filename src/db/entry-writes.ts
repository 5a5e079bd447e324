import type { InStatement } from '@libsql/client';
import type { NewEntry } from '../capabilities/entries.ts';
import { multiRowInsert } from './multi-row-insert.ts';

/**
 * The statements that write entries: postings first, then the entry rows (whose insert trigger checks
 * balance and seals them), then the maintained account totals and per-day cumulative totals. Rows go
 * in multi-row INSERTs; balance changes are summed per account and per account-day first, and each
 * account's per-day rows are brought up to date with two statements however many days the write moves.
 */
/** Days of one account per per-day statement (4 arguments each, far below SQLite's 32,766). */
const DAYS_PER_STATEMENT_MAX = 1_000;
/** Sorts after every accounting date (DATE_MAX is 2099-12-31): the open end of the last day range. */
const AFTER_EVERY_DAY = '9999-12-31';

export interface SequencedEntry extends NewEntry {
  seq: number;
  firstPostingId: number;
  /** Its link in the journal's hash chain (src/db/chain.ts). */
  hash: string;
}

export function entryWriteStatements(entries: readonly SequencedEntry[]): InStatement[] {
  return [...postingInserts(entries), ...entryInserts(entries), ...balanceUpdates(entries)];
}

const POSTINGS = multiRowInsert(
  'postings (id, entry_id, account_id, fund_id, side, amount_minor, currency, entry_date, memo)',
  9,
);
const JOURNAL_ENTRIES = multiRowInsert(
  'journal_entries (seq, id, entry_date, description, kind, reverses_entry_id, posting_count, created_at_ms, hash)',
  9,
);

function postingInserts(entries: readonly SequencedEntry[]): InStatement[] {
  const args: unknown[] = [];
  for (const entry of entries) {
    let id = entry.firstPostingId;
    for (const posting of entry.postings) {
      args.push(
        id,
        entry.id,
        posting.accountId,
        posting.fundId,
        posting.side,
        Number(posting.amountMinor),
        posting.currency,
        entry.date,
        posting.memo,
      );
      id += 1;
    }
  }
  return POSTINGS.statements(args);
}

function entryInserts(entries: readonly SequencedEntry[]): InStatement[] {
  const args: unknown[] = [];
  for (const entry of entries) {
    args.push(
      entry.seq,
      entry.id,
      entry.date,
      entry.description,
      entry.kind,
      entry.reversesEntryId,
      entry.postings.length,
      entry.createdAtMs,
      entry.hash,
    );
  }
  return JOURNAL_ENTRIES.statements(args);
}

interface Delta {
  debitMinor: bigint;
  creditMinor: bigint;
}

function addDelta<K>(map: Map<K, Delta>, key: K, side: 'debit' | 'credit', amountMinor: bigint): void {
  let delta = map.get(key);
  if (!delta) {
    delta = { debitMinor: 0n, creditMinor: 0n };
    map.set(key, delta);
  }
  if (side === 'debit') delta.debitMinor += amountMinor;
  else delta.creditMinor += amountMinor;
}

function balanceUpdates(entries: readonly SequencedEntry[]): InStatement[] {
  const byAccount = new Map<string, Delta>();
  const byAccountDay = new Map<string, Map<string, Delta>>();
  for (const entry of entries) {
    for (const posting of entry.postings) {
      addDelta(byAccount, posting.accountId, posting.side, posting.amountMinor);
      let days = byAccountDay.get(posting.accountId);
      if (!days) {
        days = new Map();
        byAccountDay.set(posting.accountId, days);
      }
      addDelta(days, entry.date, posting.side, posting.amountMinor);
    }
  }
  const statements: InStatement[] = [];
  for (const [accountId, delta] of byAccount) {
    statements.push({
      sql: 'UPDATE accounts SET debit_total_minor = debit_total_minor + ?, credit_total_minor = credit_total_minor + ? WHERE id = ?',
      args: [Number(delta.debitMinor), Number(delta.creditMinor), accountId],
    });
  }
  for (const [accountId, days] of byAccountDay) statements.push(...dayTotalUpdates(accountId, days));
  return statements;
}

/**
 * One account's per-day cumulative totals. First every day the write moves gets a row, started from the
 * cumulative totals of the account's previous day with a row (all still as before this write). Then
 * each stored day from the earliest moved day on gets the sum of this write's changes up to and
 * including it: the days fall into ranges [moved day, next moved day), each range adding one running
 * sum, so each row is updated once however far back the write reaches.
 */
function dayTotalUpdates(accountId: string, deltas: ReadonlyMap<string, Delta>): InStatement[] {
  const days = [...deltas.keys()].sort();
  const statements: InStatement[] = [];
  let debitMinor = 0n;
  let creditMinor = 0n;
  for (let start = 0; start < days.length; start += DAYS_PER_STATEMENT_MAX) {
    const chunk = days.slice(start, start + DAYS_PER_STATEMENT_MAX);
    statements.push({
      sql: `INSERT OR IGNORE INTO account_day_totals (account_id, day, debit_total_minor, credit_total_minor)
            SELECT ?1, v.day, coalesce(p.debit_total_minor, 0), coalesce(p.credit_total_minor, 0)
            FROM (SELECT column1 AS day FROM (VALUES ${chunk.map(() => '(?)').join(', ')})) v
            LEFT JOIN account_day_totals p ON p.account_id = ?1 AND p.day = (
              SELECT max(x.day) FROM account_day_totals x WHERE x.account_id = ?1 AND x.day < v.day)`,
      args: [accountId, ...chunk],
    });
  }
  for (let start = 0; start < days.length; start += DAYS_PER_STATEMENT_MAX) {
    const ranges: unknown[] = [];
    const end = Math.min(days.length, start + DAYS_PER_STATEMENT_MAX);
    for (let index = start; index < end; index += 1) {
      const delta = deltas.get(days[index]!)!;
      debitMinor += delta.debitMinor;
      creditMinor += delta.creditMinor;
      ranges.push(days[index]!, days[index + 1] ?? AFTER_EVERY_DAY, Number(debitMinor), Number(creditMinor));
    }
    statements.push({
      sql: `UPDATE account_day_totals
            SET debit_total_minor = debit_total_minor + r.column3, credit_total_minor = credit_total_minor + r.column4
            FROM (VALUES ${Array.from({ length: end - start }, () => '(?, ?, ?, ?)').join(', ')}) AS r
            WHERE account_day_totals.account_id = ? AND account_day_totals.day >= r.column1
              AND account_day_totals.day < r.column2`,
      args: [...ranges, accountId] as never[],
    });
  }
  return statements;
}

import type { InStatement } from '@libsql/client';
import type { NewEntry } from '../capabilities/entries.ts';

/**
 * The statements that write entries: postings first, then the entry rows (whose insert trigger checks
 * balance and seals them), then the maintained account totals and per-day cumulative totals. Rows go
 * in multi-row INSERTs; balance changes are summed per account and per account-day first.
 */
const ROWS_PER_INSERT_MAX = 1_000;

export interface SequencedEntry extends NewEntry {
  seq: number;
  firstPostingId: number;
}

export function entryWriteStatements(entries: readonly SequencedEntry[]): InStatement[] {
  return [...postingInserts(entries), ...entryInserts(entries), ...balanceUpdates(entries)];
}

function postingInserts(entries: readonly SequencedEntry[]): InStatement[] {
  const rows: unknown[][] = [];
  for (const entry of entries) {
    entry.postings.forEach((posting, index) => {
      rows.push([
        entry.firstPostingId + index,
        entry.id,
        posting.accountId,
        posting.fundId,
        posting.side,
        Number(posting.amountMinor),
        posting.currency,
        entry.date,
        posting.memo,
      ]);
    });
  }
  return multiRowInserts(
    'postings (id, entry_id, account_id, fund_id, side, amount_minor, currency, entry_date, memo)',
    rows,
  );
}

function entryInserts(entries: readonly SequencedEntry[]): InStatement[] {
  const rows = entries.map((entry) => [
    entry.seq,
    entry.id,
    entry.date,
    entry.description,
    entry.kind,
    entry.reversesEntryId,
    entry.postings.length,
    entry.createdAtMs,
  ]);
  return multiRowInserts(
    'journal_entries (seq, id, entry_date, description, kind, reverses_entry_id, posting_count, created_at_ms)',
    rows,
  );
}

function multiRowInserts(target: string, rows: unknown[][]): InStatement[] {
  const statements: InStatement[] = [];
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT_MAX) {
    const chunk = rows.slice(start, start + ROWS_PER_INSERT_MAX);
    const placeholders = `(${chunk[0]!.map(() => '?').join(', ')})`;
    statements.push({
      sql: `INSERT INTO ${target} VALUES ${chunk.map(() => placeholders).join(', ')}`,
      args: chunk.flat() as never[],
    });
  }
  return statements;
}

interface Delta {
  debitMinor: bigint;
  creditMinor: bigint;
}

function addDelta(map: Map<string, Delta>, key: string, side: 'debit' | 'credit', amountMinor: bigint): void {
  const delta = map.get(key) ?? { debitMinor: 0n, creditMinor: 0n };
  if (side === 'debit') delta.debitMinor += amountMinor;
  else delta.creditMinor += amountMinor;
  map.set(key, delta);
}

function balanceUpdates(entries: readonly SequencedEntry[]): InStatement[] {
  const byAccount = new Map<string, Delta>();
  const byAccountDay = new Map<string, Delta>();
  for (const entry of entries) {
    for (const posting of entry.postings) {
      addDelta(byAccount, posting.accountId, posting.side, posting.amountMinor);
      addDelta(byAccountDay, `${posting.accountId} ${entry.date}`, posting.side, posting.amountMinor);
    }
  }
  const statements: InStatement[] = [];
  for (const [accountId, delta] of byAccount) {
    statements.push({
      sql: 'UPDATE accounts SET debit_total_minor = debit_total_minor + ?, credit_total_minor = credit_total_minor + ? WHERE id = ?',
      args: [Number(delta.debitMinor), Number(delta.creditMinor), accountId],
    });
  }
  for (const [key, delta] of byAccountDay) {
    const [accountId, day] = key.split(' ') as [string, string];
    // Start the day's row from the cumulative totals of the account's previous day with movement…
    statements.push({
      sql: `INSERT OR IGNORE INTO account_day_totals (account_id, day, debit_total_minor, credit_total_minor)
            SELECT ?1, ?2, coalesce(max(debit_total_minor), 0), coalesce(max(credit_total_minor), 0)
            FROM (SELECT debit_total_minor, credit_total_minor FROM account_day_totals
                  WHERE account_id = ?1 AND day < ?2 ORDER BY day DESC LIMIT 1)`,
      args: [accountId, day],
    });
    // …then add the change to that day and to every later day (back-dated entries move them all).
    statements.push({
      sql: `UPDATE account_day_totals SET debit_total_minor = debit_total_minor + ?, credit_total_minor = credit_total_minor + ?
            WHERE account_id = ? AND day >= ?`,
      args: [Number(delta.debitMinor), Number(delta.creditMinor), accountId, day],
    });
  }
  return statements;
}

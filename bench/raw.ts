import type { Client, InStatement } from '@libsql/client';
import { entryIds } from '../src/capabilities/entries.ts';
import { type ChainPosting, entryHash, GENESIS_HASH } from '../src/domain/chain.ts';
import type { EntryDraft } from '../src/domain/entries.ts';

/** Same chunk size as src/db/entry-writes.ts. */
const ROWS_PER_INSERT = 1_000;

const POSTINGS_TARGET =
  'postings (id, entry_id, account_id, fund_id, side, amount_minor, currency, entry_date, memo)';
const ENTRIES_TARGET =
  'journal_entries (seq, id, entry_date, description, kind, reverses_entry_id, posting_count, created_at_ms, hash)';

export interface RawRows {
  postings: unknown[][];
  entries: unknown[][];
}

/**
 * The exact rows the ledger writes for these drafts (same columns, same kinds of values, UUIDv7 ids
 * made by the ledger's own entryIds, the hash chain's hashes), numbered from the start of an empty
 * journal. Built before the clock starts: the raw limit is the database's work alone.
 */
export function rawRowsOf(drafts: readonly EntryDraft[], fundId: string, nowMs: number): RawRows {
  const postings: unknown[][] = [];
  const entries: unknown[][] = [];
  const ids = entryIds(drafts.length, nowMs);
  let postingId = 1;
  let previousHash = GENESIS_HASH;
  drafts.forEach((draft, index) => {
    const id = ids[index]!;
    const chained: ChainPosting[] = [];
    for (const posting of draft.postings) {
      chained.push({ ...posting, id: postingId, fundId, currency: 'VND' });
      postings.push([
        postingId,
        id,
        posting.accountId,
        fundId,
        posting.side,
        Number(posting.amountMinor),
        'VND',
        draft.date,
        posting.memo,
      ]);
      postingId += 1;
    }
    previousHash = entryHash(previousHash, {
      ...draft,
      seq: index + 1,
      id,
      createdAtMs: nowMs,
      postings: chained,
    });
    entries.push([
      index + 1,
      id,
      draft.date,
      draft.description,
      draft.kind,
      draft.reversesEntryId,
      draft.postings.length,
      nowMs,
      previousHash,
    ]);
  });
  return { postings, entries };
}

/** Full chunks share one SQL text; arguments go straight into one flat array per chunk. */
function multiRowInserts(target: string, rows: readonly unknown[][]): InStatement[] {
  const statements: InStatement[] = [];
  const columns = rows[0]?.length ?? 0;
  const row = `(${Array.from({ length: columns }, () => '?').join(', ')})`;
  const sqlFor = (count: number) =>
    `INSERT INTO ${target} VALUES ${Array.from({ length: count }, () => row).join(', ')}`;
  const fullSql = sqlFor(ROWS_PER_INSERT);
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    const end = Math.min(rows.length, start + ROWS_PER_INSERT);
    const args: unknown[] = new Array((end - start) * columns);
    let at = 0;
    for (let index = start; index < end; index += 1) {
      for (const value of rows[index]!) args[at++] = value;
    }
    statements.push({
      sql: end - start === ROWS_PER_INSERT ? fullSql : sqlFor(end - start),
      args: args as never[],
    });
  }
  return statements;
}

export interface RawTiming {
  rows: number;
  entries: number;
  statements: number;
  buildMs: number;
  batchMs: number;
  totalMs: number;
}

/** Postings then entries, in one write batch (one transaction), as the ledger orders them. */
export async function insertRaw(client: Client, rows: RawRows): Promise<RawTiming> {
  const start = performance.now();
  const statements = [
    ...multiRowInserts(POSTINGS_TARGET, rows.postings),
    ...multiRowInserts(ENTRIES_TARGET, rows.entries),
  ];
  const built = performance.now();
  await client.batch(statements, 'write');
  const done = performance.now();
  return {
    rows: rows.postings.length + rows.entries.length,
    entries: rows.entries.length,
    statements: statements.length,
    buildMs: built - start,
    batchMs: done - built,
    totalMs: done - start,
  };
}

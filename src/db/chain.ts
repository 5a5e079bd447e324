import type { Client, InStatement, Row } from '@libsql/client';
import type { NewEntry } from '../capabilities/entries.ts';
import type { ChainLink, ChainSummary, VerificationCheck } from '../capabilities/verify-ledger.ts';
import type { Side } from '../domain/accounts.ts';
import {
  type ChainEntry,
  type ChainPosting,
  checkLink,
  entryHash,
  GENESIS_HASH,
  type LinkFault,
} from '../domain/chain.ts';
import { isoInstant, optionalText, textOf } from './rows.ts';

/**
 * The journal's hash chain on libSQL (docs/decisions/0006-hash-chain.md): the hash of an entry being
 * written, the chain's head and its link at a sequence number, the one-time hashing of entries recorded
 * before the chain existed, and the auditor's walk over the whole chain.
 */

/** Entries read per query when walking the chain (with their postings: a few thousand rows). */
const WALK_PAGE_ENTRIES = 2_000;
/** Entries hashed per batch by the backfill: one batch of UPDATEs, small enough for libSQL over HTTP. */
const BACKFILL_BATCH_ENTRIES = 1_000;

/** The hash of an entry about to be written as `seq`, its postings numbered from `firstPostingId`. */
export function chainedHash(
  previousHash: string,
  entry: NewEntry,
  seq: number,
  firstPostingId: number,
): string {
  const postings = new Array<ChainPosting>(entry.postings.length);
  for (let index = 0; index < entry.postings.length; index += 1) {
    const posting = entry.postings[index]!;
    postings[index] = {
      id: firstPostingId + index,
      accountId: posting.accountId,
      fundId: posting.fundId,
      side: posting.side,
      amountMinor: posting.amountMinor,
      currency: posting.currency,
      memo: posting.memo ?? null,
    };
  }
  return entryHash(previousHash, {
    seq,
    id: entry.id,
    date: entry.date,
    description: entry.description,
    kind: entry.kind,
    reversesEntryId: entry.reversesEntryId,
    createdAtMs: entry.createdAtMs,
    postings,
  });
}

/** Where the next write goes: its sequence number, its first posting id, and the hash it chains from. */
export interface JournalHead {
  nextSeq: number;
  nextPostingId: number;
  lastHash: string;
}

async function readHeadRow(client: Client): Promise<Row | undefined> {
  const { rows } = await client.execute({
    sql: `SELECT (SELECT coalesce(max(seq), 0) + 1 FROM journal_entries) AS next_seq,
                 (SELECT coalesce(max(id), 0) + 1 FROM postings) AS next_posting_id,
                 coalesce((SELECT hash FROM journal_entries ORDER BY seq DESC LIMIT 1), ?) AS last_hash,
                 EXISTS (SELECT 1 FROM journal_entries WHERE hash IS NULL) AS unhashed`,
    args: [GENESIS_HASH],
  });
  return rows[0];
}

/**
 * The journal's head as it is in the database. Entries recorded before the chain existed are hashed
 * first (once), so that the next entry chains on from a hash. A writer that read a head another writer
 * has moved on from loses the race for `seq` (a unique key) and reads it again.
 */
export async function readJournalHead(client: Client): Promise<JournalHead> {
  let row = await readHeadRow(client);
  if (Number(row?.unhashed) === 1) {
    await backfillChain(client);
    row = await readHeadRow(client);
  }
  return {
    nextSeq: Number(row?.next_seq ?? 1),
    nextPostingId: Number(row?.next_posting_id ?? 1),
    lastHash: textOf(row?.last_hash ?? GENESIS_HASH),
  };
}

function linkFromRow(row: Row): ChainLink {
  return { seq: Number(row.seq), hash: optionalText(row.hash), at: isoInstant(row.created_at_ms) };
}

/**
 * The link at `seq`, or the chain's head when `seq` is null. Seq 0 is the chain's start: GENESIS_HASH,
 * no time. Null when there is no entry with that sequence number.
 */
export async function chainLinkAt(client: Client, seq: number | null): Promise<ChainLink | null> {
  const { rows } =
    seq === null
      ? await client.execute('SELECT seq, hash, created_at_ms FROM journal_entries ORDER BY seq DESC LIMIT 1')
      : await client.execute({
          sql: 'SELECT seq, hash, created_at_ms FROM journal_entries WHERE seq = ?',
          args: [seq],
        });
  const [row] = rows;
  if (row) return linkFromRow(row);
  if (seq === null || seq === 0) return { seq: 0, hash: GENESIS_HASH, at: null };
  return null;
}

interface StoredEntry {
  entry: ChainEntry;
  hash: string | null;
}

/** Entries with seq > afterSeq in seq order, at most `limit`, with their postings in id order. */
async function readEntries(client: Client, afterSeq: number, limit: number): Promise<StoredEntry[]> {
  const entries = await client.execute({
    sql: `SELECT seq, id, entry_date, description, kind, reverses_entry_id, created_at_ms, hash
          FROM journal_entries WHERE seq > ? ORDER BY seq LIMIT ?`,
    args: [afterSeq, limit],
  });
  if (entries.rows.length === 0) return [];
  const lastSeq = Number(entries.rows.at(-1)!.seq);
  const postings = await client.execute({
    sql: `SELECT entry_id, id, account_id, fund_id, side, amount_minor, currency, memo FROM postings
          WHERE entry_id IN (SELECT id FROM journal_entries WHERE seq > ? AND seq <= ?) ORDER BY id`,
    args: [afterSeq, lastSeq],
  });
  const byEntry = new Map<string, ChainPosting[]>();
  for (const row of postings.rows) {
    const entryId = textOf(row.entry_id);
    let list = byEntry.get(entryId);
    if (!list) {
      list = [];
      byEntry.set(entryId, list);
    }
    list.push({
      id: Number(row.id),
      accountId: textOf(row.account_id),
      fundId: textOf(row.fund_id),
      side: textOf(row.side) as Side,
      amountMinor: row.amount_minor as number | bigint,
      currency: textOf(row.currency),
      memo: optionalText(row.memo),
    });
  }
  return entries.rows.map((row) => {
    const id = textOf(row.id);
    return {
      entry: {
        seq: Number(row.seq),
        id,
        date: textOf(row.entry_date),
        description: textOf(row.description),
        kind: textOf(row.kind),
        reversesEntryId: optionalText(row.reverses_entry_id),
        createdAtMs: Number(row.created_at_ms),
        postings: byEntry.get(id) ?? [],
      },
      hash: optionalText(row.hash),
    };
  });
}

/**
 * Hashes every entry that has no hash yet, in seq order, each after the stored hash of the entry before
 * it: databases made before the chain existed (their entries were written with none). Only the change
 * of `hash` from NULL to a hash gets past the journal's immutability trigger (drizzle/0015_hash_chain.sql).
 * Two writers may run it at once: both compute the same hashes, and the second one's UPDATEs do nothing.
 * Returns how many entries it hashed.
 */
export async function backfillChain(client: Client): Promise<number> {
  let hashed = 0;
  for (;;) {
    const [first] = (await client.execute('SELECT min(seq) AS seq FROM journal_entries WHERE hash IS NULL'))
      .rows;
    if (first?.seq === null || first?.seq === undefined) return hashed;
    const fromSeq = Number(first.seq);
    const [before] = (
      await client.execute({
        sql: 'SELECT hash FROM journal_entries WHERE seq < ? ORDER BY seq DESC LIMIT 1',
        args: [fromSeq],
      })
    ).rows;
    let previousHash = before ? optionalText(before.hash) : GENESIS_HASH;
    if (previousHash === null) throw new Error(`journal entry before seq ${fromSeq} has no hash`);
    const page = await readEntries(client, fromSeq - 1, BACKFILL_BATCH_ENTRIES);
    const updates: InStatement[] = [];
    for (const stored of page) {
      if (stored.hash === null) {
        const hash = entryHash(previousHash, stored.entry);
        updates.push({
          sql: 'UPDATE journal_entries SET hash = ? WHERE seq = ? AND hash IS NULL',
          args: [hash, stored.entry.seq],
        });
        previousHash = hash;
      } else {
        previousHash = stored.hash;
      }
    }
    await client.batch(updates, 'write');
    hashed += updates.length;
  }
}

function faultText(fault: LinkFault, stored: StoredEntry): string {
  const { id, seq } = stored.entry;
  switch (fault.kind) {
    case 'missing-before':
      return `entry ${id} (seq ${seq}): the entries from seq ${fault.fromSeq} to ${seq - 1} are missing before it`;
    case 'unhashed':
      return `entry ${id} (seq ${seq}) has no hash: it is outside the chain (entries recorded before the chain existed are hashed at the server's next start or write)`;
    case 'mismatch':
      return `entry ${id} (seq ${seq}): its hash does not match its content and the hash before it (changed, moved, or an entry before it rewritten)`;
  }
}

/**
 * Walks the whole chain from seq 1 and recomputes every link: the auditor's path (`soquy verify`).
 * The first example is the first broken link.
 */
export async function verifyChain(
  client: Client,
  exampleLimit: number,
): Promise<{ check: VerificationCheck; summary: ChainSummary }> {
  const examples: string[] = [];
  let violations = 0;
  let firstBroken: ChainSummary['firstBroken'] = null;
  let previous: { seq: number; hash: string | null } | null = null;
  let entries = 0;
  for (;;) {
    const page = await readEntries(client, previous?.seq ?? 0, WALK_PAGE_ENTRIES);
    for (const stored of page) {
      const fault = checkLink(previous, stored.entry, stored.hash);
      if (fault) {
        violations += 1;
        firstBroken ??= { seq: stored.entry.seq, entryId: stored.entry.id, fault: fault.kind };
        if (examples.length < exampleLimit) examples.push(faultText(fault, stored));
      }
      previous = { seq: stored.entry.seq, hash: stored.hash };
      entries += 1;
    }
    if (page.length < WALK_PAGE_ENTRIES) break;
  }
  const head = await chainLinkAt(client, null);
  return {
    check: {
      name: 'hash-chain',
      description:
        "every entry's hash covers its content, postings included, and the hash of the entry before it (seq 1, 2, … without a gap)",
      violations,
      examples,
    },
    summary: { entries, head, firstBroken },
  };
}

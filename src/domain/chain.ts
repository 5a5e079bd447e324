import type { Side } from './accounts.ts';
import { sha256HexOfBytes } from './sha256.ts';

/**
 * The journal's hash chain (docs/decisions/0006-hash-chain.md). Entry n's hash is
 *
 *   hash(n) = SHA-256( UTF-8( canonical(hash(n − 1), entry n) ) )   as 64 lower-case hex digits,
 *
 * hash(0) being GENESIS_HASH, and canonical(...) the JSON text (no spaces, keys by position) of
 *
 *   ["soquy-chain-1", previousHash, seq, id, date, description, kind, reversesEntryId, createdAtMs,
 *    [[postingId, accountId, fundId, side, amount, currency, memo], ...]]
 *
 * with the postings in posting-id order, `amount` the minor units as a decimal string, absent values as
 * null, and every string as the database holds it (ECMAScript JSON.stringify; Python's
 * json.dumps(value, ensure_ascii=False, separators=(',', ':')) writes the same bytes). An auditor can
 * recompute every hash from the database file alone: see README, "Tamper evidence".
 */

export const CHAIN_VERSION = 'soquy-chain-1';
/** The hash "at seq 0": what the first entry's previous hash is. */
export const GENESIS_HASH = '0'.repeat(64);
const HASH_PATTERN = /^[0-9a-f]{64}$/;

export interface ChainPosting {
  id: number;
  accountId: string;
  fundId: string;
  side: Side;
  /** Minor units: a bigint when written, a number or bigint when read back; hashed as decimal digits. */
  amountMinor: bigint | number;
  currency: string;
  memo: string | null;
}

export interface ChainEntry {
  seq: number;
  id: string;
  date: string;
  description: string;
  kind: string;
  reversesEntryId: string | null;
  createdAtMs: number;
  /** In posting-id order. */
  postings: readonly ChainPosting[];
}

export function isChainHash(value: unknown): value is string {
  return typeof value === 'string' && HASH_PATTERN.test(value);
}

/** Printable ASCII but `"` and `\\`: text JSON writes as itself between quotes, one byte a character. */
const PLAIN_ASCII = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/**
 * A string as JSON.stringify writes it. The database stores text as UTF-8, where a lone surrogate cannot
 * exist (it is written as U+FFFD): hash what will be read back. The HTTP layer refuses such text anyway;
 * other writers might not.
 */
function jsonText(text: string): string {
  return JSON.stringify(text.isWellFormed() ? text : text.toWellFormed());
}

/**
 * The exact text whose UTF-8 bytes are hashed for an entry following `previousHash`: JSON.stringify of
 * the array in this module's comment. The reference; entryHash writes the same bytes directly.
 */
export function canonicalEntry(previousHash: string, entry: ChainEntry): string {
  const text = (value: string | null | undefined) => (value == null ? null : value.toWellFormed());
  return JSON.stringify([
    CHAIN_VERSION,
    previousHash,
    entry.seq,
    text(entry.id),
    text(entry.date),
    text(entry.description),
    text(entry.kind),
    text(entry.reversesEntryId),
    entry.createdAtMs,
    entry.postings.map((posting) => [
      posting.id,
      text(posting.accountId),
      text(posting.fundId),
      posting.side,
      String(posting.amountMinor),
      text(posting.currency),
      text(posting.memo),
    ]),
  ]);
}

/**
 * Writes canonicalEntry's UTF-8 bytes straight into one reused buffer: a bulk write hashes 100,000
 * entries, and building each text, then flattening and encoding it, cost three times the hashing.
 * Almost every field is plain ASCII (ids, dates, hashes, digits), copied a byte a character; anything
 * else goes through JSON.stringify and TextEncoder. test/domain/chain.test.ts checks both agree.
 */
class CanonicalWriter {
  private readonly encoder = new TextEncoder();
  bytes = new Uint8Array(16_384);
  length = 0;

  private reserve(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + extra));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  /** Text known to be ASCII without anything to escape: digits, separators, this module's literals. */
  raw(ascii: string): void {
    this.reserve(ascii.length);
    for (let index = 0; index < ascii.length; index += 1) this.bytes[this.length++] = ascii.charCodeAt(index);
  }

  text(value: string | null | undefined): void {
    if (value === null || value === undefined) {
      this.raw('null');
    } else if (PLAIN_ASCII.test(value)) {
      this.reserve(value.length + 2);
      this.bytes[this.length++] = 0x22;
      for (let index = 0; index < value.length; index += 1)
        this.bytes[this.length++] = value.charCodeAt(index);
      this.bytes[this.length++] = 0x22;
    } else {
      const json = jsonText(value);
      this.reserve(json.length * 3);
      this.length += this.encoder.encodeInto(json, this.bytes.subarray(this.length)).written;
    }
  }

  entry(previousHash: string, entry: ChainEntry): void {
    this.length = 0;
    this.raw('[');
    this.text(CHAIN_VERSION);
    this.raw(',');
    this.text(previousHash);
    this.raw(`,${entry.seq},`);
    this.text(entry.id);
    this.raw(',');
    this.text(entry.date);
    this.raw(',');
    this.text(entry.description);
    this.raw(',');
    this.text(entry.kind);
    this.raw(',');
    this.text(entry.reversesEntryId);
    this.raw(`,${entry.createdAtMs},[`);
    for (let index = 0; index < entry.postings.length; index += 1) {
      const posting = entry.postings[index]!;
      this.raw(index === 0 ? `[${posting.id},` : `,[${posting.id},`);
      this.text(posting.accountId);
      this.raw(',');
      this.text(posting.fundId);
      this.raw(',');
      this.text(posting.side);
      this.raw(`,"${posting.amountMinor}",`);
      this.text(posting.currency);
      this.raw(',');
      this.text(posting.memo);
      this.raw(']');
    }
    this.raw(']]');
  }
}

const writer = new CanonicalWriter();

/** canonicalEntry's UTF-8 bytes, as entryHash hashes them (a copy). */
export function canonicalEntryBytes(previousHash: string, entry: ChainEntry): Uint8Array {
  writer.entry(previousHash, entry);
  return writer.bytes.slice(0, writer.length);
}

export function entryHash(previousHash: string, entry: ChainEntry): string {
  writer.entry(previousHash, entry);
  return sha256HexOfBytes(writer.bytes, writer.length);
}

/** Each entry's hash, chained from `previousHash` (the hash of the entry before the first). */
export function chainHashes(previousHash: string, entries: readonly ChainEntry[]): string[] {
  const hashes = new Array<string>(entries.length);
  let previous = previousHash;
  for (let index = 0; index < entries.length; index += 1) {
    previous = entryHash(previous, entries[index]!);
    hashes[index] = previous;
  }
  return hashes;
}

/** Why a link of the chain does not hold; null when it does. */
export type LinkFault =
  | { kind: 'missing-before'; fromSeq: number }
  | { kind: 'unhashed' }
  | { kind: 'mismatch' };

/**
 * Checks one link: `entry` with its stored hash, following the entry stored before it in seq order
 * (`previous`, null for the first). The previous *stored* hash is used, so each altered row breaks the
 * links it touches and no more: a changed entry its own; a deleted one the next; two swapped entries
 * both; a rewritten hash its own and the next.
 */
export function checkLink(
  previous: { seq: number; hash: string | null } | null,
  entry: ChainEntry,
  storedHash: string | null,
): LinkFault | null {
  const expectedSeq = previous ? previous.seq + 1 : 1;
  if (entry.seq !== expectedSeq) return { kind: 'missing-before', fromSeq: expectedSeq };
  if (storedHash === null) return { kind: 'unhashed' };
  const previousHash = previous ? previous.hash : GENESIS_HASH;
  // An entry after an unhashed one cannot be checked on its own: that one's fault is reported already.
  if (previousHash === null) return null;
  return entryHash(previousHash, entry) === storedHash ? null : { kind: 'mismatch' };
}

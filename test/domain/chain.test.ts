import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ChainEntry,
  canonicalEntry,
  canonicalEntryBytes,
  chainHashes,
  checkLink,
  entryHash,
  GENESIS_HASH,
  isChainHash,
} from '../../src/domain/chain.ts';
import { sha256HexOfBytes, sha256HexOfText } from '../../src/domain/sha256.ts';

const nodeSha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/** The test vector of docs/decisions/0006-hash-chain.md. */
const ENTRY: ChainEntry = {
  seq: 1,
  id: '0190f3a2-7b4c-7d1e-8f00-000000000001',
  date: '2024-09-12',
  description: 'Ủng hộ đồng bào "bão Yagi"\\',
  kind: 'donation',
  reversesEntryId: null,
  createdAtMs: 1726100000000,
  postings: [
    {
      id: 1,
      accountId: 'acc-bank',
      fundId: 'fund-1',
      side: 'debit',
      amountMinor: 1500000n,
      currency: 'VND',
      memo: null,
    },
    {
      id: 2,
      accountId: 'acc-revenue',
      fundId: 'fund-1',
      side: 'credit',
      amountMinor: 1500000,
      currency: 'VND',
      memo: 'Nguyễn Văn An\n',
    },
  ],
};

describe('SHA-256', () => {
  it('gives the digests of node:crypto for every length around the block boundaries', () => {
    for (let length = 0; length <= 300; length += 1) {
      const bytes = Uint8Array.from({ length }, (_, index) => (index * 31 + length) & 0xff);
      expect(sha256HexOfBytes(bytes), `length ${length}`).toBe(nodeSha256(bytes));
    }
  });

  it('hashes text as UTF-8, short and long', () => {
    for (const text of ['', 'abc', 'Quỹ "Vì người nghèo" 🏠', 'đ'.repeat(10_000), 'x'.repeat(1_000_003)]) {
      expect(sha256HexOfText(text)).toBe(nodeSha256(text));
    }
    expect(sha256HexOfText('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('the canonical form of an entry', () => {
  it('is JSON with the fields by position, amounts as decimal strings, no spaces', () => {
    expect(canonicalEntry(GENESIS_HASH, ENTRY)).toBe(
      `["soquy-chain-1","${'0'.repeat(64)}",1,"0190f3a2-7b4c-7d1e-8f00-000000000001","2024-09-12",` +
        `"Ủng hộ đồng bào \\"bão Yagi\\"\\\\","donation",null,1726100000000,` +
        `[[1,"acc-bank","fund-1","debit","1500000","VND",null],` +
        `[2,"acc-revenue","fund-1","credit","1500000","VND","Nguyễn Văn An\\n"]]]`,
    );
  });

  it('is hashed as SHA-256 of its UTF-8 bytes (the ADR test vector)', () => {
    const hash = entryHash(GENESIS_HASH, ENTRY);
    expect(hash).toBe(nodeSha256(canonicalEntry(GENESIS_HASH, ENTRY)));
    expect(hash).toBe('66d717aa4773d7f1e8b09862aabf9bba284a6cc688558d1f97bcf87b40365ffa');
    expect(isChainHash(hash)).toBe(true);
  });

  it('changes with every field, every posting field and the previous hash', () => {
    const base = entryHash(GENESIS_HASH, ENTRY);
    const posting = ENTRY.postings[1]!;
    const variants: ChainEntry[] = [
      { ...ENTRY, seq: 2 },
      { ...ENTRY, id: `${ENTRY.id}x` },
      { ...ENTRY, date: '2024-09-13' },
      { ...ENTRY, description: 'Ủng hộ' },
      { ...ENTRY, kind: 'adjustment' },
      { ...ENTRY, reversesEntryId: 'x' },
      { ...ENTRY, createdAtMs: ENTRY.createdAtMs + 1 },
      { ...ENTRY, postings: [ENTRY.postings[0]!] },
      { ...ENTRY, postings: [...ENTRY.postings].reverse() },
      ...(
        [
          { id: 3 },
          { accountId: 'acc-other' },
          { fundId: 'fund-2' },
          { side: 'debit' },
          { amountMinor: 1500001n },
          { currency: 'USD' },
          { memo: null },
        ] as const
      ).map((change) => ({ ...ENTRY, postings: [ENTRY.postings[0]!, { ...posting, ...change }] })),
    ];
    const hashes = new Set(variants.map((variant) => entryHash(GENESIS_HASH, variant)));
    expect(hashes.size).toBe(variants.length);
    expect(hashes.has(base)).toBe(false);
    expect(entryHash('f'.repeat(64), ENTRY)).not.toBe(base);
  });

  it('is exactly JSON.stringify of the array the ADR describes, whatever the text holds', () => {
    // Any UTF-16 code units: control characters, quotes, backslashes, pairs and lone surrogates.
    const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit));
    const text = fc.oneof(fc.string({ unit: codeUnit }), fc.string({ unit: 'grapheme' }));
    fc.assert(
      fc.property(
        text,
        text,
        fc.option(text),
        fc.integer({ min: 1, max: 2 ** 40 }),
        (description, id, memo, seq) => {
          const entry: ChainEntry = {
            ...ENTRY,
            seq,
            id,
            description,
            postings: [{ ...ENTRY.postings[0]!, memo }, ENTRY.postings[1]!],
          };
          const wellFormed = (value: string | null) => value?.toWellFormed() ?? null;
          const reference = JSON.stringify([
            'soquy-chain-1',
            GENESIS_HASH,
            seq,
            wellFormed(id),
            entry.date,
            wellFormed(description),
            entry.kind,
            null,
            entry.createdAtMs,
            entry.postings.map((posting) => [
              posting.id,
              posting.accountId,
              posting.fundId,
              posting.side,
              String(posting.amountMinor),
              posting.currency,
              wellFormed(posting.memo),
            ]),
          ]);
          expect(canonicalEntry(GENESIS_HASH, entry)).toBe(reference);
          // The bytes entryHash writes directly are the UTF-8 of that text.
          expect(Buffer.from(canonicalEntryBytes(GENESIS_HASH, entry)).toString('hex')).toBe(
            Buffer.from(reference, 'utf8').toString('hex'),
          );
          expect(entryHash(GENESIS_HASH, entry)).toBe(nodeSha256(reference));
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it('hashes long entries too (the write buffer grows)', () => {
    const long: ChainEntry = {
      ...ENTRY,
      description: 'đ'.repeat(20_000),
      postings: [{ ...ENTRY.postings[0]!, memo: 'x'.repeat(50_000) }, ENTRY.postings[1]!],
    };
    expect(entryHash(GENESIS_HASH, long)).toBe(nodeSha256(canonicalEntry(GENESIS_HASH, long)));
    expect(entryHash(GENESIS_HASH, ENTRY)).toBe(nodeSha256(canonicalEntry(GENESIS_HASH, ENTRY)));
  });

  it('hashes a lone surrogate as the U+FFFD the database stores for it', () => {
    const lone = { ...ENTRY, description: 'a\ud800b' };
    expect(entryHash(GENESIS_HASH, lone)).toBe(
      entryHash(GENESIS_HASH, { ...ENTRY, description: 'a\ufffdb' }),
    );
  });
});

describe('links', () => {
  const second: ChainEntry = { ...ENTRY, seq: 2, id: 'second' };
  const third: ChainEntry = { ...ENTRY, seq: 3, id: 'third' };
  const [h1, h2, h3] = chainHashes(GENESIS_HASH, [ENTRY, second, third]) as [string, string, string];

  it('chain each hash from the one before', () => {
    expect(h1).toBe(entryHash(GENESIS_HASH, ENTRY));
    expect(h2).toBe(entryHash(h1, second));
    expect(h3).toBe(entryHash(h2, third));
  });

  it('hold for an untouched chain and break where it was touched', () => {
    expect(checkLink(null, ENTRY, h1)).toBeNull();
    expect(checkLink({ seq: 1, hash: h1 }, second, h2)).toBeNull();
    expect(checkLink({ seq: 2, hash: h2 }, third, h3)).toBeNull();
    // A changed description.
    expect(checkLink({ seq: 1, hash: h1 }, { ...second, description: 'sửa' }, h2)).toEqual({
      kind: 'mismatch',
    });
    // The second entry deleted: the third now follows the first.
    expect(checkLink({ seq: 1, hash: h1 }, third, h3)).toEqual({ kind: 'missing-before', fromSeq: 2 });
    // A first entry that is not seq 1.
    expect(checkLink(null, second, h2)).toEqual({ kind: 'missing-before', fromSeq: 1 });
    // Two entries swapped: each sits at the other's seq.
    expect(checkLink({ seq: 1, hash: h1 }, { ...third, seq: 2 }, h3)).toEqual({ kind: 'mismatch' });
    expect(checkLink({ seq: 2, hash: h3 }, { ...second, seq: 3 }, h2)).toEqual({ kind: 'mismatch' });
    // A hash removed.
    expect(checkLink({ seq: 1, hash: h1 }, second, null)).toEqual({ kind: 'unhashed' });
  });
});

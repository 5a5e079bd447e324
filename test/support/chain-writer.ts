/**
 * A second process writing to the same database file (test/hash-chain.test.ts): `node --import tsx
 * test/support/chain-writer.ts <url> <bankAccountId> <revenueAccountId> <singles> <bulk> <startAtMs>`
 * waits until `startAtMs`, then posts `singles`
 * gifts one entry per write, then `bulk` gifts in one write, each through the ledger's own store (its
 * own client, head and write queue). Prints `{"written": N, "failed": N}` on its last line.
 */
import { systemContext } from '../../src/capabilities/context.ts';
import { postEntries } from '../../src/capabilities/entries.ts';
import { openNodeDatabase } from '../../src/db/client.ts';
import { LedgerStore } from '../../src/db/ledger-store.ts';
import type { EntryDraft } from '../../src/domain/entries.ts';

const [url, bank, revenue, singlesText, bulkText, startAtText] = process.argv.slice(2);
const client = await openNodeDatabase(url!);
const deps = { store: new LedgerStore(client), nowMs: Date.now };
// Both writers start at the same moment, whichever process was slower to load.
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAtText ?? 0) - Date.now())));
const gift = (index: number): EntryDraft => ({
  date: `2024-10-${String((index % 28) + 1).padStart(2, '0')}`,
  description: `Ủng hộ từ tiến trình ${process.pid} #${index}`,
  kind: 'donation',
  reversesEntryId: null,
  postings: [
    { accountId: bank!, side: 'debit', amountMinor: BigInt(1_000 + index), memo: null },
    { accountId: revenue!, side: 'credit', amountMinor: BigInt(1_000 + index), memo: `pid ${process.pid}` },
  ],
});

let written = 0;
let failed = 0;
for (let index = 0; index < Number(singlesText); index += 1) {
  try {
    written += (await postEntries(deps, systemContext('entries.create'), [gift(index)])).length;
  } catch (error) {
    failed += 1;
    console.error(error instanceof Error ? error.message : error);
  }
}
if (Number(bulkText) > 0) {
  try {
    const drafts = Array.from({ length: Number(bulkText) }, (_, index) => gift(10_000 + index));
    written += (await postEntries(deps, systemContext('entries.import'), drafts)).length;
  } catch (error) {
    failed += Number(bulkText);
    console.error(error instanceof Error ? error.message : error);
  }
}
client.close();
console.log(JSON.stringify({ written, failed }));

import { afterEach, describe, expect, it } from 'vitest';
import { LedgerStore } from '../../src/db/ledger-store.ts';
import { freshApi, provinceWithFund } from '../support/api.ts';
import { donation, expectProblem } from '../support/ledger.ts';

/** GET /api/v1/public/integrity: the hash chain's head, or its link at ?seq=N, for anyone. */
describe('GET /api/v1/public/integrity', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  async function setup() {
    const env = await freshApi();
    cleanup = env.cleanup;
    return { ...env, anonymous: env.api.anonymous() };
  }

  it('answers the chain’s start on an empty journal, without credentials', async () => {
    const { anonymous } = await setup();
    const response = await anonymous.get('/api/v1/public/integrity');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ seq: 0, hash: '0'.repeat(64), at: null });
    expect(response.headers.get('Cache-Control')).toBe('no-store');
  });

  it('answers the head — the last entry’s seq, hash and time — and any earlier link by ?seq', async () => {
    const { api, anonymous, client } = await setup();
    const { accounts } = await provinceWithFund(api);
    const first = await api.create('/api/v1/entries', donation(accounts, '500000'));
    const noted = (await anonymous.get('/api/v1/public/integrity')).body;
    const second = await api.create('/api/v1/entries', donation(accounts, '700000'));
    const hashes = (await client.execute('SELECT hash FROM journal_entries ORDER BY seq')).rows.map(
      (row) => row.hash,
    );

    expect(noted).toEqual({ seq: 1, hash: hashes[0], at: first.createdAt });
    const head = await anonymous.get('/api/v1/public/integrity');
    expect(head.body).toEqual({ seq: 2, hash: hashes[1], at: second.createdAt });
    expect(head.body.hash).toMatch(/^[0-9a-f]{64}$/);
    // Whoever noted the head at seq 1 checks it later: the same hash, so nothing up to it was rewritten.
    const past = await anonymous.get('/api/v1/public/integrity?seq=1');
    expect(past.status).toBe(200);
    expect(past.body).toEqual(noted);
    expect(past.headers.get('Cache-Control')).toBe('public, max-age=86400');
    expect((await anonymous.get('/api/v1/public/integrity?seq=0')).body).toEqual({
      seq: 0,
      hash: '0'.repeat(64),
      at: null,
    });
    // The same as `soquy verify` reports.
    const chain = await new LedgerStore(client).verifyChain(5);
    expect(chain.summary.head).toEqual(head.body);
  });

  it('is 404 past the head and 422 for a seq that is not a number', async () => {
    const { api, anonymous } = await setup();
    const { accounts } = await provinceWithFund(api);
    await api.create('/api/v1/entries', donation(accounts, '500000'));
    const beyond = expectProblem(await anonymous.get('/api/v1/public/integrity?seq=2'), 'not-found');
    expect(beyond.detail).toMatch(/head is at 1/);
    for (const seq of ['abc', '-1', '1.5', '', '1e3', '9'.repeat(16)]) {
      expectProblem(await anonymous.get(`/api/v1/public/integrity?seq=${seq}`), 'validation-failed', ['seq']);
    }
  });
});

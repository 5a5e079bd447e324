import { afterEach, describe, expect, it } from 'vitest';
import { verifyLedger } from '../../src/capabilities/verify-ledger.ts';
import { openNodeDatabase } from '../../src/db/client.ts';
import { SoquyStore } from '../../src/db/donation-store.ts';
import { freshApi, provinceWithFund, TestApi } from '../support/api.ts';

describe('receipt numbers with two writers on one database file', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  it('stay gap-free and unique; a number lost to the other writer is a 409, never a 500', async () => {
    const env = await freshApi('file');
    const second = await openNodeDatabase(env.url);
    cleanup = () => {
      second.close();
      env.cleanup();
    };
    const { fund } = await provinceWithFund(env.api);
    const other = new TestApi(second);
    const gift = (index: number) => ({
      fundId: fund.id,
      amount: String(10_000 + index),
      currency: 'VND',
      receivedOn: '2024-09-12',
      channel: 'cash',
      donor: { kind: 'individual', name: `Người ủng hộ ${index}` },
      disclosure: 'public',
    });
    const responses = await Promise.all(
      Array.from({ length: 24 }, (_, index) =>
        (index % 2 === 0 ? env.api : other).post('/api/v1/donations', gift(index)),
      ),
    );
    const statuses = responses.map((response) => response.status);
    expect(
      statuses.every((status) => status === 201 || status === 409),
      JSON.stringify(statuses),
    ).toBe(true);
    const numbers = responses
      .filter((response) => response.status === 201)
      .map((response) => Number(String(response.body.receiptNo).slice(-6)))
      .sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, index) => index + 1));
    expect((await verifyLedger({ store: new SoquyStore(env.client) })).ok).toBe(true);
  });
});

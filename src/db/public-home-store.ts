import type { Client } from '@libsql/client';
import type { ActivitySpan, PublicHomeStore } from '../capabilities/public-home.ts';

/**
 * The public pages' own small reads (src/capabilities/public-home.ts): the span of dates with ledger
 * activity, from the journal's date index or the fund's per-day account totals (one index seek per
 * account), never a scan.
 */
export class PublicHomeStoreImpl implements PublicHomeStore {
  constructor(private readonly client: Client) {}

  async ledgerSpan(): Promise<ActivitySpan> {
    return this.span(
      'SELECT (SELECT min(entry_date) FROM journal_entries) AS first, (SELECT max(entry_date) FROM journal_entries) AS last',
      [],
    );
  }

  async fundSpan(fundId: string): Promise<ActivitySpan> {
    return this.span(
      `SELECT min((SELECT min(day) FROM account_day_totals WHERE account_id = a.id)) AS first,
              max((SELECT max(day) FROM account_day_totals WHERE account_id = a.id)) AS last
         FROM accounts a WHERE a.fund_id = ?`,
      [fundId],
    );
  }

  private async span(sql: string, args: string[]): Promise<ActivitySpan> {
    const [row] = (await this.client.execute({ sql, args })).rows;
    const text = (value: unknown) => (typeof value === 'string' ? value : null);
    return { first: text(row?.first), last: text(row?.last) };
  }
}

const stores = new WeakMap<Client, PublicHomeStoreImpl>();

export function publicHomeStoreFor(client: Client): PublicHomeStoreImpl {
  let store = stores.get(client);
  if (!store) {
    store = new PublicHomeStoreImpl(client);
    stores.set(client, store);
  }
  return store;
}

import type { Client, InStatement } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PublicDonationQuery, searchPublicDonations } from '../src/capabilities/public-donations.ts';
import { publicFund } from '../src/capabilities/public-funds.ts';
import { publicTrace } from '../src/capabilities/public-trace.ts';
import { PublicStore } from '../src/db/public-store.ts';
import { freshDatabase } from './support/database.ts';

/**
 * The plans of the public site's hot queries, pinned: the statements the store really sends are
 * recorded and explained. A page of the sao kê is one range of one index in the sort's order (never a
 * sort of the fund's gifts, never a scan of the table); a search by a rare name or a reference reads
 * the trigram index; the fund page's figures are seeks in the maintained totals.
 */
describe('query plans of the public site', () => {
  let client: Client;
  let cleanup = () => {};
  const sent: { sql: string; args: unknown[] }[] = [];
  let store: PublicStore;

  beforeAll(async () => {
    const database = await freshDatabase();
    client = database.client;
    cleanup = database.cleanup;
    await client.execute(
      "INSERT INTO units (id, name, kind, depth, code, created_at_ms) VALUES ('u', 'U', 'mttq', 0, 'UQ', 0)",
    );
    await client.execute(
      "INSERT INTO funds (id, unit_id, kind, name, currency, status, created_at_ms) VALUES ('f', 'u', 'other', 'F', 'VND', 'active', 0)",
    );
    const recording = new Proxy(client, {
      get(target, property) {
        if (property === 'execute') {
          return (statement: InStatement) => {
            if (typeof statement === 'object')
              sent.push({ sql: statement.sql, args: [...(statement.args as unknown[])] });
            return target.execute(statement);
          };
        }
        const value = Reflect.get(target, property);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    store = new PublicStore(recording);
    await client.execute(
      `INSERT INTO campaigns (id, fund_id, unit_id, name, purpose, receiving_from, receiving_to, distribution_deadline,
         payment_code_prefix, created_at_ms)
       VALUES ('c', 'f', 'u', 'C', 'P', '2024-09-01', '2024-10-01', '2024-10-15', 'QP', 0)`,
    );
  });
  afterAll(() => cleanup());

  interface Plan {
    sql: string;
    lines: { id: number; parent: number; detail: string }[];
  }

  async function plansOf(run: () => Promise<unknown>): Promise<Plan[]> {
    sent.length = 0;
    await run();
    const plans: Plan[] = [];
    for (const statement of sent) {
      const result = await client.execute({
        sql: `EXPLAIN QUERY PLAN ${statement.sql}`,
        args: statement.args as never[],
      });
      plans.push({
        sql: statement.sql.replace(/\s+/g, ' '),
        lines: result.rows.map((row) => ({
          id: Number(row.id),
          parent: Number(row.parent),
          detail: String(row.detail),
        })),
      });
    }
    return plans;
  }

  /** How the search's first chunk of keys is read in sort order (the `chunk` CTE's plan). */
  function pagePlan(plans: Plan[]): string {
    const plan = plans.find((candidate) => candidate.sql.startsWith('WITH chunk AS MATERIALIZED'))!;
    const root = plan.lines.find((line) => line.detail === 'MATERIALIZE chunk')!;
    const inside = new Set([root.id]);
    for (const line of plan.lines) if (inside.has(line.parent)) inside.add(line.id);
    return plan.lines
      .filter((line) => line.id !== root.id && inside.has(line.id))
      .map((line) => line.detail)
      .join('\n');
  }

  const search = (query: Omit<PublicDonationQuery, 'fundId'>) =>
    plansOf(() => searchPublicDonations({ store }, { fundId: 'f', ...query }));

  it('reads a page newest first, and a deep keyset page, by one range of the fund index', async () => {
    for (const query of [{}, { cursor: 'WyJkYXRlX2Rlc2MiLDg1NzU3NjExOTk5MjU5XQ' }]) {
      const page = pagePlan(await search(query));
      expect(page).toMatch(
        /SEARCH p USING COVERING INDEX public_donations_fund \(fund_id=\?( AND pid<\?)?\)/,
      );
      expect(page).not.toMatch(/TEMP B-TREE|SCAN p\b/);
    }
  });

  it('reads an exact amount in date order, and an amount range in amount order, from the amount index', async () => {
    const exact = pagePlan(await search({ amountMin: 500_000n, amountMax: 500_000n }));
    expect(exact).toMatch(/COVERING INDEX public_donations_fund_amount \(fund_id=\? AND amount_minor=\?\)/);
    expect(exact).not.toMatch(/TEMP B-TREE/);
    const range = pagePlan(await search({ amountMin: 100_000n, amountMax: 200_000n, sort: 'amount_desc' }));
    expect(range).toMatch(
      /COVERING INDEX public_donations_fund_amount \(fund_id=\? AND amount_minor>\? AND amount_minor<\?\)/,
    );
    expect(range).not.toMatch(/TEMP B-TREE/);
  });

  it('reads a name from the word index in date order, and a reference from its own index', async () => {
    const name = await search({ q: 'nguyen van' });
    const wordsPlan = pagePlan(name);
    expect(wordsPlan).toMatch(/SCAN public_donation_search VIRTUAL TABLE INDEX/);
    expect(wordsPlan).toMatch(/SEARCH p USING INTEGER PRIMARY KEY \(rowid=\?\)/);
    const ref = await search({ ref: '614260' });
    const refPlan = ref
      .find((plan) => plan.sql.includes('hits(pid)'))!
      .lines.map((line) => line.detail)
      .join('\n');
    expect(refPlan).toMatch(
      /SEARCH public_donations USING (COVERING )?INDEX public_donations_ref \(fund_id=\? AND ref_tail=\?\)/,
    );
    // The word index's matches, then one lookup each: never a scan of the gifts.
    expect(wordsPlan).not.toMatch(/^SCAN (p|public_donations)\b/m);
    for (const plan of [...name, ...ref]) {
      for (const line of plan.lines) {
        expect(line.detail, plan.sql).not.toMatch(/^SCAN (public_donations|donations|d)\b/);
      }
    }
  });

  it('probes a rare name in the word index when the first keys do not fill the page', async () => {
    await client.execute(
      "INSERT INTO public_donations (pid, donation_id, fund_id, amount_minor, currency) VALUES (1, 'x1', 'f', 1, 'VND'), (2, 'x2', 'f', 1, 'VND')",
    );
    const tuned = new PublicStore((store as unknown as { client: Client }).client, {
      quickRows: 1,
      amountsPerStep: 200,
      amountSteps: 10,
      setMax: 5_000,
      windowRows: 25_000,
    });
    const plans = await plansOf(() =>
      searchPublicDonations(
        { store: tuned },
        { fundId: 'f', q: 'nguyen van', sort: 'amount_desc', limit: 1 },
      ),
    );
    expect(
      plans.some((plan) =>
        plan.sql.startsWith('SELECT count(*) AS n FROM (SELECT rowid AS pid FROM public_donation_search'),
      ),
    ).toBe(true);
  });

  it('walks a campaign by its own index, and a date range as a range of keys', async () => {
    const campaign = pagePlan(await search({ campaignId: 'c', amountMin: 100_000n }));
    expect(campaign).toMatch(/SEARCH p USING COVERING INDEX public_donations_campaign \(campaign_id=\?\)/);
    expect(campaign).not.toMatch(/TEMP B-TREE/);
    // An amount order within a date range: the distinct amounts by seeks, each one's gifts in the range.
    const ranged = await search({ from: '2024-09-01', to: '2024-09-03', sort: 'amount_desc' });
    const text = ranged.map((plan) => plan.lines.map((line) => line.detail).join('\n')).join('\n');
    expect(text).toMatch(
      /SEARCH public_donations USING COVERING INDEX public_donations_fund_amount \(fund_id=\? AND amount_minor>\? AND amount_minor<\?\)/,
    );
    expect(text).toMatch(
      /SEARCH p USING COVERING INDEX public_donations_fund_amount \(fund_id=\? AND amount_minor=\? AND pid>\? AND pid<\?\)/,
    );
    const dates = pagePlan(await search({ from: '2024-09-01', to: '2024-09-03' }));
    expect(dates).toMatch(/COVERING INDEX public_donations_fund \(fund_id=\? AND pid>\? AND pid<\?\)/);
    expect(dates).not.toMatch(/TEMP B-TREE/);
  });

  it('computes the fund page from seeks in the maintained totals, never from the gifts', async () => {
    const plans = await plansOf(() => publicFund({ store, nowMs: Date.now }, 'f', { year: 2024 }));
    const text = plans.map((plan) => plan.lines.map((line) => line.detail).join('\n')).join('\n');
    expect(text).toMatch(/SEARCH a USING INDEX accounts_fund_code/);
    expect(text).toMatch(
      /SEARCH t USING INDEX sqlite_autoindex_account_day_totals_1 \(account_id=\? AND day=\?\)/,
    );
    expect(text).toMatch(
      /SEARCH y USING COVERING INDEX sqlite_autoindex_account_day_totals_1 \(account_id=\? AND day<\?\)/,
    );
    expect(text).toMatch(
      /SEARCH s USING INDEX allocation_sources_open \(fund_id=\? AND currency=\? AND earmarked=\?\)/,
    );
    expect(text).toMatch(/SEARCH disbursements USING INDEX disbursements_fund \(fund_id=\? AND status=\?\)/);
    for (const plan of plans) {
      for (const line of plan.lines) {
        expect(line.detail, plan.sql).not.toMatch(
          /^SCAN (accounts|account_day_totals|allocation_sources|postings|journal_entries|donations|public_donations|disbursements|projects)\b/,
        );
      }
    }
  });

  it('traces a gift by its receipt and by its bank reference through their indexes', async () => {
    const byRef = await plansOf(() =>
      publicTrace({ store }, { bankRef: 'FT24263041614260' }).catch(() => null),
    );
    expect(byRef[0]!.lines.map((line) => line.detail).join('\n')).toMatch(
      /SEARCH d USING INDEX donations_bank_ref/,
    );
    const byReceipt = await plansOf(() =>
      publicTrace({ store }, { receipt: 'PT-UQ-2024-000001' }).catch(() => null),
    );
    expect(byReceipt[0]!.lines.map((line) => line.detail).join('\n')).toMatch(
      /SEARCH d USING INDEX donations_receipt/,
    );
  });
});

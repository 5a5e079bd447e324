import { afterEach, describe, expect, it } from 'vitest';
import { freshDatabase } from './support/database.ts';

/**
 * The hot reads must use their indexes whatever the data: a wrong plan turned the duplicate check of an
 * import quadratic once. No ANALYZE statistics exist, so these plans are the planner's defaults.
 */
describe('query plans of the hot reads', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  async function planOf(sql: string, args: unknown[]): Promise<string> {
    const database = await freshDatabase();
    cleanup = database.cleanup;
    const result = await database.client.execute({ sql: `EXPLAIN QUERY PLAN ${sql}`, args: args as never[] });
    return result.rows.map((row) => String(row.detail)).join('\n');
  }

  it('finds recorded bank references by their own index, not by scanning the fund', async () => {
    const plan = await planOf(
      "SELECT bank_ref FROM donations WHERE +fund_id = ? AND status = 'valid' AND bank_ref IN (?, ?, ?)",
      ['fund', 'FT1', 'FT2', 'FT3'],
    );
    expect(plan).toMatch(/USING INDEX donations_bank_ref/);
  });

  it('reads an as-of balance with one seek per account', async () => {
    const plan = await planOf(
      `SELECT a.id, coalesce(d.debit_total_minor, 0) FROM accounts a LEFT JOIN account_day_totals d ON d.account_id = a.id
         AND d.day = (SELECT max(x.day) FROM account_day_totals x WHERE x.account_id = a.id AND x.day <= ?)
       WHERE a.fund_id = ?`,
      ['2024-06-30', 'fund'],
    );
    expect(plan).toMatch(/SEARCH a USING INDEX accounts_fund_code/);
    expect(plan).toMatch(/SEARCH d USING INDEX sqlite_autoindex_account_day_totals_1/);
    expect(plan).toMatch(/SEARCH x USING COVERING INDEX sqlite_autoindex_account_day_totals_1/);
    expect(plan).not.toMatch(/SCAN (d|x)\b/);
  });

  it('pages a fund\u2019s donations by date without sorting them all', async () => {
    const plan = await planOf(
      `SELECT d.id FROM donations d WHERE d.fund_id = ? AND (d.received_on, d.id) > (?, ?) ORDER BY d.received_on, d.id LIMIT 50`,
      ['fund', '2024-09-01', ''],
    );
    expect(plan).toMatch(/USING (COVERING )?INDEX donations_fund_received/);
    expect(plan).not.toMatch(/USE TEMP B-TREE FOR ORDER BY/);
  });

  it('lists a fund\u2019s donations with their donors (the store\u2019s query) by index, newest filters only', async () => {
    const plan = await planOf(
      `SELECT d.*, o.kind AS donor_kind, o.name AS donor_name FROM donations d JOIN donors o ON o.id = d.donor_id
       WHERE d.fund_id = ? AND 1 = 1 ORDER BY d.received_on, d.id LIMIT ?`,
      ['fund', 51],
    );
    expect(plan).toMatch(/SEARCH d USING INDEX donations_fund_received/);
    expect(plan).not.toMatch(/TEMP B-TREE/);
  });

  it('finds an object\u2019s audit records by index, newest first', async () => {
    const plan = await planOf(
      'SELECT seq FROM audit_log WHERE object_id = ? AND 1 = 1 ORDER BY seq DESC LIMIT ?',
      ['obj', 51],
    );
    expect(plan).toMatch(/USING (COVERING )?INDEX audit_log_object/);
    expect(plan).not.toMatch(/TEMP B-TREE/);
  });

  it('lists an account\u2019s postings by its index', async () => {
    const plan = await planOf(
      'SELECT p.id FROM postings p WHERE p.account_id = ? AND p.id > ? ORDER BY p.id LIMIT 50',
      ['acc', 0],
    );
    expect(plan).toMatch(/USING (COVERING )?INDEX postings_account/);
    expect(plan).not.toMatch(/TEMP B-TREE/);
  });
});

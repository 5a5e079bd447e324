import type { Client } from '@libsql/client';
import type { VerificationCheck } from '../capabilities/verify-ledger.ts';

/**
 * Each check recomputes something from the raw postings and lists the rows that disagree. They read
 * the whole database: this is the auditor's path, not a request path.
 */
interface CheckQuery {
  name: string;
  description: string;
  /** Selects one column `example` per violation. */
  sql: string;
}

const SIGNED = "CASE side WHEN 'debit' THEN amount_minor ELSE -amount_minor END";

const CHECKS: CheckQuery[] = [
  {
    name: 'entries-balanced',
    description: 'every entry has debits equal to credits in each fund and currency',
    sql: `SELECT 'entry ' || entry_id || ' (' || currency || '): debits − credits = ' || sum(${SIGNED}) AS example
          FROM postings GROUP BY entry_id, fund_id, currency HAVING sum(${SIGNED}) <> 0`,
  },
  {
    name: 'posting-counts',
    description: 'every entry has the postings it declares, and at least two',
    sql: `SELECT 'entry ' || e.id || ' declares ' || e.posting_count || ' postings, has ' || coalesce(p.n, 0) AS example
          FROM journal_entries e LEFT JOIN (SELECT entry_id, count(*) AS n FROM postings GROUP BY entry_id) p ON p.entry_id = e.id
          WHERE coalesce(p.n, 0) <> e.posting_count OR e.posting_count < 2`,
  },
  {
    name: 'no-orphan-postings',
    description: 'every posting belongs to a recorded entry',
    sql: `SELECT 'posting ' || p.id || ' names missing entry ' || p.entry_id AS example
          FROM postings p LEFT JOIN journal_entries e ON e.id = p.entry_id WHERE e.id IS NULL`,
  },
  {
    name: 'postings-match-accounts',
    description:
      "every posting's account exists, and its fund, currency and date agree with the account and entry",
    sql: `SELECT 'posting ' || p.id || ' disagrees with its account or entry' AS example
          FROM postings p LEFT JOIN accounts a ON a.id = p.account_id LEFT JOIN journal_entries e ON e.id = p.entry_id
          WHERE a.id IS NULL OR a.currency <> p.currency OR a.fund_id <> p.fund_id OR (e.id IS NOT NULL AND e.entry_date <> p.entry_date)
             OR p.amount_minor < 1 OR p.amount_minor > 1000000000000000`,
  },
  {
    name: 'account-totals',
    description: "every account's maintained debit and credit totals equal the sum of its postings",
    sql: `SELECT 'account ' || a.code || ' (' || a.id || '): stored ' || a.debit_total_minor || '/' || a.credit_total_minor
                 || ', postings ' || coalesce(p.d, 0) || '/' || coalesce(p.c, 0) AS example
          FROM accounts a LEFT JOIN (
            SELECT account_id,
                   sum(CASE side WHEN 'debit' THEN amount_minor ELSE 0 END) AS d,
                   sum(CASE side WHEN 'credit' THEN amount_minor ELSE 0 END) AS c
            FROM postings GROUP BY account_id) p ON p.account_id = a.id
          WHERE a.debit_total_minor <> coalesce(p.d, 0) OR a.credit_total_minor <> coalesce(p.c, 0)`,
  },
  {
    name: 'account-day-totals',
    description: 'the per-day cumulative totals behind as-of balances equal the running sum of postings',
    sql: `WITH daily AS (
            SELECT account_id, entry_date AS day,
                   sum(CASE side WHEN 'debit' THEN amount_minor ELSE 0 END) AS d,
                   sum(CASE side WHEN 'credit' THEN amount_minor ELSE 0 END) AS c
            FROM postings GROUP BY account_id, entry_date),
          running AS (
            SELECT account_id, day, sum(d) OVER w AS d, sum(c) OVER w AS c FROM daily
            WINDOW w AS (PARTITION BY account_id ORDER BY day))
          SELECT 'account ' || r.account_id || ' on ' || r.day || ': cumulative totals differ' AS example
          FROM running r LEFT JOIN account_day_totals t ON t.account_id = r.account_id AND t.day = r.day
          WHERE t.account_id IS NULL OR t.debit_total_minor <> r.d OR t.credit_total_minor <> r.c
          UNION ALL
          SELECT 'account ' || t.account_id || ' on ' || t.day || ': day total without postings' AS example
          FROM account_day_totals t LEFT JOIN daily x ON x.account_id = t.account_id AND x.day = t.day
          WHERE x.account_id IS NULL`,
  },
  {
    name: 'non-negative-accounts',
    description: 'no bank, cash or other no-negative account is below zero, today or as of any past day',
    sql: `SELECT 'account ' || code || ' (' || id || ') balance ' ||
                 (CASE normal_side WHEN 'debit' THEN debit_total_minor - credit_total_minor ELSE credit_total_minor - debit_total_minor END) AS example
          FROM accounts WHERE non_negative = 1
            AND (CASE normal_side WHEN 'debit' THEN debit_total_minor - credit_total_minor ELSE credit_total_minor - debit_total_minor END) < 0
          UNION ALL
          SELECT 'account ' || a.code || ' (' || a.id || ') below zero as of ' || t.day AS example
          FROM account_day_totals t JOIN accounts a ON a.id = t.account_id
          WHERE a.non_negative = 1
            AND (CASE a.normal_side WHEN 'debit' THEN t.debit_total_minor - t.credit_total_minor
                 ELSE t.credit_total_minor - t.debit_total_minor END) < 0`,
  },
  {
    name: 'reversals-mirror-originals',
    description: 'every reversal points at an existing, non-reversal entry and mirrors its postings exactly',
    sql: `WITH r AS (SELECT id AS rid, reverses_entry_id AS oid FROM journal_entries WHERE kind = 'reversal'),
          rp AS (SELECT r.rid, p.account_id, CASE p.side WHEN 'debit' THEN 'credit' ELSE 'debit' END AS side, sum(p.amount_minor) AS amount
                 FROM r JOIN postings p ON p.entry_id = r.rid GROUP BY 1, 2, 3),
          op AS (SELECT r.rid, p.account_id, p.side, sum(p.amount_minor) AS amount
                 FROM r JOIN postings p ON p.entry_id = r.oid GROUP BY 1, 2, 3)
          SELECT 'reversal ' || r.rid || ' points at a missing entry or a reversal' AS example
          FROM r LEFT JOIN journal_entries o ON o.id = r.oid WHERE o.id IS NULL OR o.kind = 'reversal'
          UNION ALL
          SELECT 'reversal ' || rp.rid || ' does not mirror its original' AS example
          FROM rp LEFT JOIN op ON op.rid = rp.rid AND op.account_id = rp.account_id AND op.side = rp.side
          WHERE op.amount IS NULL OR op.amount <> rp.amount
          UNION ALL
          SELECT 'reversal ' || op.rid || ' misses a posting of its original' AS example
          FROM op LEFT JOIN rp ON rp.rid = op.rid AND rp.account_id = op.account_id AND rp.side = op.side
          WHERE rp.amount IS NULL`,
  },
  {
    name: 'trial-balance-nets-to-zero',
    description: 'across all accounts, debits equal credits in each currency',
    sql: `SELECT currency || ': debits − credits = ' || sum(debit_total_minor - credit_total_minor) AS example
          FROM accounts GROUP BY currency HAVING sum(debit_total_minor - credit_total_minor) <> 0`,
  },
  {
    name: 'pledges-match-gifts',
    description:
      'no pledge received more than was pledged; a pledge is fulfilled exactly when everything has come in',
    sql: `SELECT 'pledge ' || p.id || ' (' || p.status || '): pledged ' || p.amount_minor || ', received ' || coalesce(g.received, 0) AS example
          FROM pledges p LEFT JOIN (
            SELECT pledge_id, sum(amount_minor) AS received FROM donations WHERE status = 'valid' AND pledge_id IS NOT NULL GROUP BY pledge_id
          ) g ON g.pledge_id = p.id
          WHERE coalesce(g.received, 0) > p.amount_minor
             OR (p.status = 'fulfilled') <> (coalesce(g.received, 0) = p.amount_minor AND p.status <> 'cancelled')`,
  },
  {
    name: 'allocations-within-sources',
    description:
      "no source (a gift, a transfer's piece, other money) is allocated beyond its amount, and its stored total is its live allocations",
    sql: `SELECT 'source ' || s.id || ': amount ' || s.amount_minor || ', stored allocated ' || s.allocated_minor
                 || ', live allocations ' || coalesce(a.total, 0) AS example
          FROM allocation_sources s LEFT JOIN (
            SELECT source_id, sum(amount_minor) AS total FROM allocations WHERE released_by_entry_id IS NULL GROUP BY source_id
          ) a ON a.source_id = s.id
          WHERE coalesce(a.total, 0) <> s.allocated_minor OR s.allocated_minor > s.amount_minor
             OR (s.removed_by_entry_id IS NOT NULL AND s.allocated_minor <> 0)`,
  },
  {
    name: 'gifts-match-sources',
    description:
      "a valid gift of money is a source of exactly its amount (with the earmark it carries); a voided gift's source is removed",
    sql: `SELECT 'donation ' || d.id || ' (' || d.status || ', ' || d.amount_minor || '): source ' || coalesce(s.amount_minor, 'missing') AS example
          FROM donations d LEFT JOIN allocation_sources s ON s.donation_id = d.id AND s.kind = 'donation'
          WHERE d.channel <> 'in_kind' AND (
            s.id IS NULL OR s.amount_minor <> d.amount_minor OR s.fund_id <> d.fund_id OR s.currency <> d.currency
            OR (d.status = 'valid') <> (s.removed_by_entry_id IS NULL)
            OR s.earmark_category IS NOT d.earmark_category OR s.earmark_project_id IS NOT d.earmark_project_id
            OR s.earmark_beneficiary_id IS NOT d.earmark_beneficiary_id)`,
  },
  {
    name: 'disbursements-fully-allocated',
    description: "a paid disbursement's live allocations equal its amount; any other has none",
    sql: `SELECT 'disbursement ' || d.id || ' (' || d.status || ', ' || d.amount_minor || '): allocated ' || coalesce(a.total, 0) AS example
          FROM disbursements d LEFT JOIN (
            SELECT disbursement_id, sum(amount_minor) AS total FROM allocations
            WHERE released_by_entry_id IS NULL AND disbursement_id IS NOT NULL GROUP BY disbursement_id
          ) a ON a.disbursement_id = d.id
          WHERE coalesce(a.total, 0) <> CASE d.status WHEN 'paid' THEN d.amount_minor ELSE 0 END`,
  },
  {
    name: 'earmarks-reach-only-what-they-name',
    description: 'earmarked money is allocated only to uses with the same category, project or beneficiary',
    sql: `SELECT 'allocation ' || a.id || ' takes earmarked source ' || s.id || ' for another purpose' AS example
          FROM allocations a JOIN allocation_sources s ON s.id = a.source_id
          WHERE a.released_by_entry_id IS NULL AND s.earmarked = 1 AND NOT (
            (s.earmark_category IS NULL OR s.earmark_category IS a.use_category)
            AND (s.earmark_project_id IS NULL OR s.earmark_project_id IS a.use_project_id)
            AND (s.earmark_beneficiary_id IS NULL OR s.earmark_beneficiary_id IS a.use_beneficiary_id))`,
  },
  {
    name: 'unallocated-equals-spendable',
    description:
      "each fund's unallocated money (per currency) equals the balance of its cash and bank accounts",
    sql: `SELECT 'fund ' || coalesce(b.fund_id, s.fund_id) || ' (' || coalesce(b.currency, s.currency) || '): cash and bank '
                 || coalesce(b.balance, 0) || ', unallocated ' || coalesce(s.open, 0) AS example
          FROM (
            SELECT fund_id, currency, sum(debit_total_minor - credit_total_minor) AS balance FROM accounts
            WHERE role IN ('cash', 'bank') GROUP BY fund_id, currency
          ) b FULL OUTER JOIN (
            SELECT fund_id, currency, sum(amount_minor - allocated_minor) AS open FROM allocation_sources
            WHERE removed_by_entry_id IS NULL GROUP BY fund_id, currency
          ) s ON s.fund_id = b.fund_id AND s.currency = b.currency
          WHERE coalesce(b.balance, 0) <> coalesce(s.open, 0)`,
  },
];

export async function runVerificationChecks(
  client: Client,
  exampleLimit: number,
): Promise<VerificationCheck[]> {
  const results: VerificationCheck[] = [];
  for (const check of CHECKS) {
    // The window count is taken over every violation before LIMIT keeps only the first few.
    const { rows } = await client.execute({
      sql: `SELECT count(*) OVER () AS violations, example FROM (${check.sql}) LIMIT ?`,
      args: [exampleLimit],
    });
    results.push({
      name: check.name,
      description: check.description,
      violations: Number(rows[0]?.violations ?? 0),
      examples: rows.map((row) => String(row.example)),
    });
  }
  return results;
}

export async function countLedgerRows(client: Client) {
  const [row] = (
    await client.execute(
      `SELECT (SELECT count(*) FROM units) AS units, (SELECT count(*) FROM funds) AS funds,
              (SELECT count(*) FROM accounts) AS accounts, (SELECT count(*) FROM journal_entries) AS entries,
              (SELECT count(*) FROM postings) AS postings`,
    )
  ).rows;
  return {
    units: Number(row?.units ?? 0),
    funds: Number(row?.funds ?? 0),
    accounts: Number(row?.accounts ?? 0),
    entries: Number(row?.entries ?? 0),
    postings: Number(row?.postings ?? 0),
  };
}

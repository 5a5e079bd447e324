import type { Client, InValue, Row } from '@libsql/client';
import type { AuthorizeStore } from '../capabilities/authorize.ts';
import type { CampaignResultStore } from '../capabilities/campaign-result.ts';
import type { CampaignView } from '../capabilities/campaigns.ts';
import type { FundStatementStore } from '../capabilities/fund-statement.ts';
import type { GeneralLedgerStore } from '../capabilities/general-ledger.ts';
import type { JournalEntryRow, JournalStore } from '../capabilities/journal-report.ts';
import type { ReportScope } from '../capabilities/report-scope.ts';
import type { AccountView, FundView, UnitView } from '../capabilities/views.ts';
import type { AccountTotals, AccountType, Side } from '../domain/accounts.ts';
import type { DisbursementCategory } from '../domain/disbursements.ts';
import type { DonationChannel } from '../domain/donations.ts';
import type { EntryKind } from '../domain/entries.ts';
import type { CurrencyCode } from '../domain/money.ts';
import type { CampaignFigures } from '../domain/reports/campaign-result.ts';
import type {
  DisbursementRow,
  ReceiptRow,
  StatementAccount,
  TransferRow,
} from '../domain/reports/fund-statement.ts';
import type { RegisterAccount, RegisterPosting } from '../domain/reports/general-ledger.ts';
import type { ReportPeriod } from '../domain/reports/period.ts';
import { Filters } from './filters.ts';
import { bigintOf, optionalText, textOf } from './rows.ts';

/** What the reports need of the app's store besides their own queries: lookups and the unit tree. */
export interface ReportLookups extends AuthorizeStore {
  readonly client: Client;
  getFund(id: string): Promise<FundView | null>;
  getUnit(id: string): Promise<UnitView | null>;
  getAccount(id: string): Promise<AccountView | null>;
  getCampaign(id: string): Promise<CampaignView | null>;
  listCampaigns(fundId: string): Promise<CampaignView[]>;
}

/** Identifiers an IN list names at a time. */
const IDS_PER_QUERY = 500;

/**
 * The reports' reads on libSQL (general ledger, journal, fund statement, campaign result), next to the
 * app's store rather than inside it: built per request from it (`new ReportQueries(c.var.deps.store)`).
 * Reads only; nothing here writes. Balances at a date come from the per-day cumulative totals (one seek
 * per account); movements by kind of record read the postings of the period.
 */
export class ReportQueries
  implements GeneralLedgerStore, JournalStore, FundStatementStore, CampaignResultStore
{
  private readonly client: Client;

  constructor(private readonly lookups: ReportLookups) {
    this.client = lookups.client;
  }

  private async rows(sql: string, args: InValue[] = []): Promise<Row[]> {
    return (await this.client.execute({ sql, args })).rows;
  }

  unitAndAncestors(unitId: string) {
    return this.lookups.unitAndAncestors(unitId);
  }

  getFund(id: string) {
    return this.lookups.getFund(id);
  }

  getUnit(id: string) {
    return this.lookups.getUnit(id);
  }

  getAccount(id: string) {
    return this.lookups.getAccount(id);
  }

  getCampaign(id: string) {
    return this.lookups.getCampaign(id);
  }

  listCampaigns(fundId: string) {
    return this.lookups.listCampaigns(fundId);
  }

  // — accounts and balances —

  async reportAccounts(scope: ReportScope): Promise<RegisterAccount[]> {
    const where = accountScope(scope);
    const rows = await this.rows(
      `SELECT a.id, a.fund_id, f.name AS fund_name, a.code, a.name, a.type, a.currency, a.normal_side
       FROM accounts a JOIN funds f ON f.id = a.fund_id WHERE ${where.sql} ORDER BY a.fund_id, a.code`,
      where.args,
    );
    return rows.map((row) => ({
      accountId: textOf(row.id),
      fundId: textOf(row.fund_id),
      fundName: textOf(row.fund_name),
      code: textOf(row.code),
      name: textOf(row.name),
      type: textOf(row.type) as AccountType,
      currency: textOf(row.currency) as CurrencyCode,
      normalSide: textOf(row.normal_side) as Side,
    }));
  }

  async statementAccounts(scope: ReportScope): Promise<StatementAccount[]> {
    const where = accountScope(scope);
    const rows = await this.rows(
      `SELECT a.id, a.fund_id, a.currency, a.type, a.role FROM accounts a WHERE ${where.sql} ORDER BY a.fund_id, a.code`,
      where.args,
    );
    return rows.map((row) => ({
      accountId: textOf(row.id),
      fundId: textOf(row.fund_id),
      currency: textOf(row.currency) as CurrencyCode,
      type: textOf(row.type) as AccountType,
      role: optionalText(row.role),
    }));
  }

  async scopeFunds(scope: ReportScope): Promise<{ id: string; unitId: string; name: string }[]> {
    const where = accountScope(scope);
    const rows = await this.rows(
      `SELECT f.id, f.unit_id, f.name FROM funds f WHERE f.id IN (SELECT a.fund_id FROM accounts a WHERE ${where.sql})
       ORDER BY f.id`,
      where.args,
    );
    return rows.map((row) => ({ id: textOf(row.id), unitId: textOf(row.unit_id), name: textOf(row.name) }));
  }

  /** Cumulative totals through the end of `date`: the latest per-day row on or before it. */
  async totalsAsOf(scope: ReportScope, date: string): Promise<Map<string, AccountTotals>> {
    const where = accountScope(scope);
    const rows = await this.rows(
      `SELECT a.id, d.debit_total_minor, d.credit_total_minor FROM accounts a
       JOIN account_day_totals d ON d.account_id = a.id
         AND d.day = (SELECT max(x.day) FROM account_day_totals x WHERE x.account_id = a.id AND x.day <= ?)
       WHERE ${where.sql}`,
      [date, ...where.args],
    );
    return new Map(rows.map((row) => [textOf(row.id), totalsOf(row)]));
  }

  // — general ledger and journal —

  async accountPostings(
    accountId: string,
    period: ReportPeriod,
    afterPostingId: number,
    limit: number,
  ): Promise<RegisterPosting[]> {
    // Walks the account's postings by (account, id): one index range however back-dated they are.
    const rows = await this.rows(
      `SELECT p.id, p.entry_id, p.side, p.amount_minor, p.memo, p.entry_date, e.seq, e.description, e.kind
       FROM postings p JOIN journal_entries e ON e.id = p.entry_id
       WHERE p.account_id = ? AND p.id > ? AND p.entry_date >= ? AND p.entry_date <= ?
       ORDER BY p.id LIMIT ?`,
      [accountId, afterPostingId, period.from, period.to, limit],
    );
    return rows.map((row) => ({
      postingId: Number(row.id),
      entryId: textOf(row.entry_id),
      seq: Number(row.seq),
      date: textOf(row.entry_date),
      description: textOf(row.description),
      kind: textOf(row.kind) as EntryKind,
      memo: optionalText(row.memo),
      side: textOf(row.side) as Side,
      amountMinor: bigintOf(row.amount_minor),
    }));
  }

  async journalPage(
    scope: ReportScope,
    period: ReportPeriod,
    after: { date: string; seq: number } | null,
    limit: number,
  ): Promise<JournalEntryRow[]> {
    const inScope = accountScope(scope);
    const inScopeEntry = isScoped(scope)
      ? `EXISTS (SELECT 1 FROM postings p CROSS JOIN accounts a ON a.id = p.account_id WHERE p.entry_id = e.id AND ${inScope.sql})`
      : '1 = 1';
    const select = (range: string, args: InValue[], count: number) =>
      this.rows(
        `SELECT e.seq, e.id, e.entry_date, e.description, e.kind, e.reverses_entry_id FROM journal_entries e
         WHERE ${range} AND ${inScopeEntry} ORDER BY e.entry_date, e.seq LIMIT ?`,
        [...args, ...(isScoped(scope) ? inScope.args : []), count],
      );
    // Two seeks on the date index (its entries are in seq order within a day): the rest of the last
    // page's day, then the days after it. One range with an OR would re-read the day on every page.
    const entries = after
      ? await select('e.entry_date = ? AND e.seq > ?', [after.date, after.seq], limit)
      : [];
    if (entries.length < limit) {
      const range = after
        ? 'e.entry_date > ? AND e.entry_date <= ?'
        : 'e.entry_date >= ? AND e.entry_date <= ?';
      entries.push(...(await select(range, [after?.date ?? period.from, period.to], limit - entries.length)));
    }
    if (entries.length === 0) return [];
    const ids = entries.map((row) => textOf(row.id));
    const postings = await this.rows(
      `SELECT p.entry_id, p.account_id, p.fund_id, a.code, a.name, p.side, p.amount_minor, p.currency, p.memo
       FROM postings p CROSS JOIN accounts a ON a.id = p.account_id
       WHERE p.entry_id IN (${ids.map(() => '?').join(', ')}) AND ${inScope.sql} ORDER BY p.id`,
      [...ids, ...inScope.args],
    );
    const byEntry = new Map<string, JournalEntryRow['postings']>(ids.map((id) => [id, []]));
    for (const row of postings) {
      byEntry.get(textOf(row.entry_id))!.push({
        accountId: textOf(row.account_id),
        fundId: textOf(row.fund_id),
        code: textOf(row.code),
        name: textOf(row.name),
        side: textOf(row.side) as Side,
        amountMinor: bigintOf(row.amount_minor),
        currency: textOf(row.currency) as CurrencyCode,
        memo: optionalText(row.memo),
      });
    }
    return entries.map((row) => ({
      id: textOf(row.id),
      seq: Number(row.seq),
      date: textOf(row.entry_date),
      description: textOf(row.description),
      kind: textOf(row.kind) as EntryKind,
      reversesEntryId: optionalText(row.reverses_entry_id),
      postings: byEntry.get(textOf(row.id))!,
    }));
  }

  // — fund statement —

  async closingEntryTotals(scope: ReportScope, period: ReportPeriod): Promise<Map<string, AccountTotals>> {
    const where = accountScope(scope);
    const rows = await this.rows(
      `WITH closing(id) AS (SELECT closing_entry_id FROM period_closes WHERE closing_entry_id IS NOT NULL),
            excluded(id) AS (SELECT id FROM closing
                             UNION SELECT r.id FROM journal_entries r JOIN closing c ON r.reverses_entry_id = c.id)
       SELECT p.account_id AS id,
              CAST(sum(CASE p.side WHEN 'debit' THEN p.amount_minor ELSE 0 END) AS TEXT) AS debit_total_minor,
              CAST(sum(CASE p.side WHEN 'credit' THEN p.amount_minor ELSE 0 END) AS TEXT) AS credit_total_minor
       FROM excluded x CROSS JOIN postings p ON p.entry_id = x.id CROSS JOIN accounts a ON a.id = p.account_id
       WHERE p.entry_date >= ? AND p.entry_date <= ? AND ${where.sql}
       GROUP BY p.account_id`,
      [period.from, period.to, ...where.args],
    );
    return new Map(rows.map((row) => [textOf(row.id), totalsOf(row)]));
  }

  async receiptRows(scope: ReportScope, period: ReportPeriod): Promise<ReceiptRow[]> {
    const where = accountScope(scope);
    const rows = await this.rows(
      `SELECT p.currency, d.channel, d.campaign_id, c.name AS campaign_name, d.earmark_category,
              d.earmark_project_id, d.earmark_beneficiary_id, coalesce(pr.name, b.public_alias) AS earmark_label,
              CAST(sum(CASE p.side WHEN 'credit' THEN p.amount_minor ELSE -p.amount_minor END) AS TEXT) AS amount
       ${movementsOf("a.type = 'revenue'", where.sql)}
       LEFT JOIN donations d ON d.entry_id = coalesce(e.reverses_entry_id, e.id)
       LEFT JOIN campaigns c ON c.id = d.campaign_id
       LEFT JOIN projects pr ON pr.id = d.earmark_project_id
       LEFT JOIN beneficiaries b ON b.id = d.earmark_beneficiary_id
       WHERE ${MOVEMENT_WHERE}
       GROUP BY p.currency, d.channel, d.campaign_id, d.earmark_category, d.earmark_project_id, d.earmark_beneficiary_id`,
      [...where.args, period.from, period.to],
    );
    return rows.map((row) => ({
      currency: textOf(row.currency) as CurrencyCode,
      channel: optionalText(row.channel) as DonationChannel | null,
      campaignId: optionalText(row.campaign_id),
      campaignName: optionalText(row.campaign_name),
      earmarkCategory: optionalText(row.earmark_category) as DisbursementCategory | null,
      earmarkProjectId: optionalText(row.earmark_project_id),
      earmarkBeneficiaryId: optionalText(row.earmark_beneficiary_id),
      earmarkLabel: optionalText(row.earmark_label),
      amountMinor: bigintOf(row.amount),
    }));
  }

  async disbursementRows(scope: ReportScope, period: ReportPeriod): Promise<DisbursementRow[]> {
    const where = accountScope(scope);
    const rows = await this.rows(
      `SELECT p.currency, a.role, s.category, s.project_id, pr.name AS project_name,
              CAST(sum(CASE p.side WHEN 'debit' THEN p.amount_minor ELSE -p.amount_minor END) AS TEXT) AS amount
       ${movementsOf("a.type = 'expense'", where.sql)}
       LEFT JOIN disbursements s ON s.pay_entry_id = coalesce(e.reverses_entry_id, e.id)
       LEFT JOIN projects pr ON pr.id = s.project_id
       WHERE ${MOVEMENT_WHERE}
       GROUP BY p.currency, a.role, s.category, s.project_id`,
      [...where.args, period.from, period.to],
    );
    return rows.map((row) => ({
      currency: textOf(row.currency) as CurrencyCode,
      role: optionalText(row.role),
      category: optionalText(row.category) as DisbursementCategory | null,
      projectId: optionalText(row.project_id),
      projectName: optionalText(row.project_name),
      amountMinor: bigintOf(row.amount),
    }));
  }

  async transferRows(scope: ReportScope, period: ReportPeriod): Promise<TransferRow[]> {
    const where = accountScope(scope);
    const rows = await this.rows(
      `SELECT p.currency, a.role,
              CASE a.role WHEN 'transfers_in' THEN t.from_fund_id ELSE t.to_fund_id END AS counterpart_id,
              CAST(sum(CASE p.side WHEN 'credit' THEN p.amount_minor ELSE -p.amount_minor END) AS TEXT) AS net_credit
       ${movementsOf("a.type = 'net_assets' AND a.role IN ('transfers_in', 'transfers_out')", where.sql)}
       LEFT JOIN transfers t ON t.entry_id = coalesce(e.reverses_entry_id, e.id)
       WHERE ${MOVEMENT_WHERE}
       GROUP BY p.currency, a.role, counterpart_id`,
      [...where.args, period.from, period.to],
    );
    const names = await this.fundNames(rows.map((row) => optionalText(row.counterpart_id)));
    return rows.map((row) => {
      const direction = textOf(row.role) === 'transfers_in' ? 'in' : 'out';
      const netCredit = bigintOf(row.net_credit);
      const counterpartFundId = optionalText(row.counterpart_id);
      return {
        currency: textOf(row.currency) as CurrencyCode,
        direction,
        counterpartFundId,
        counterpartFundName: counterpartFundId ? (names.get(counterpartFundId) ?? null) : null,
        amountMinor: direction === 'in' ? netCredit : -netCredit,
      };
    });
  }

  private async fundNames(ids: readonly (string | null)[]): Promise<Map<string, string>> {
    const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
    const names = new Map<string, string>();
    for (let start = 0; start < wanted.length; start += IDS_PER_QUERY) {
      const chunk = wanted.slice(start, start + IDS_PER_QUERY);
      const rows = await this.rows(
        `SELECT id, name FROM funds WHERE id IN (${chunk.map(() => '?').join(', ')})`,
        chunk,
      );
      for (const row of rows) names.set(textOf(row.id), textOf(row.name));
    }
    return names;
  }

  /**
   * Earmarked money as it stood at the end of `date`: sources created by entries dated on or before it
   * and not undone by then, less what was allocated from them by then and not released by then.
   */
  async restrictedAsOf(scope: ReportScope, date: string): Promise<Map<CurrencyCode, bigint>> {
    const where = accountScope(scope);
    const rows = await this.rows(
      `SELECT s.currency, CAST(sum(s.amount_minor - coalesce((
                SELECT sum(x.amount_minor) FROM allocations x
                JOIN journal_entries made ON made.id = x.created_by_entry_id
                LEFT JOIN journal_entries freed ON freed.id = x.released_by_entry_id
                WHERE x.source_id = s.id AND made.entry_date <= ?1 AND (freed.id IS NULL OR freed.entry_date > ?1)
              ), 0)) AS TEXT) AS amount
       FROM allocation_sources s
       JOIN journal_entries created ON created.id = s.entry_id
       LEFT JOIN journal_entries undone ON undone.id = s.removed_by_entry_id
       WHERE s.earmarked = 1 AND s.fund_id IN (SELECT a.fund_id FROM accounts a WHERE ${where.sql})
         AND created.entry_date <= ?1 AND (undone.id IS NULL OR undone.entry_date > ?1)
       GROUP BY s.currency`,
      [date, ...where.args],
    );
    return new Map(rows.map((row) => [textOf(row.currency) as CurrencyCode, bigintOf(row.amount)]));
  }

  // — campaign result —

  async campaignFigures(campaignIds: readonly string[]): Promise<Map<string, CampaignFigures[]>> {
    const figures = new Map<string, Map<CurrencyCode, CampaignFigures>>();
    const figureOf = (campaignId: string, currency: CurrencyCode) => {
      let byCurrency = figures.get(campaignId);
      if (!byCurrency) {
        byCurrency = new Map();
        figures.set(campaignId, byCurrency);
      }
      let figure = byCurrency.get(currency);
      if (!figure) {
        figure = {
          currency,
          pledgeCount: 0,
          pledgedMinor: 0n,
          giftCount: 0,
          receivedMinor: 0n,
          receivedInKindMinor: 0n,
          disbursementCount: 0,
          distributedMinor: 0n,
        };
        byCurrency.set(currency, figure);
      }
      return figure;
    };
    for (let start = 0; start < campaignIds.length; start += IDS_PER_QUERY) {
      const chunk = campaignIds.slice(start, start + IDS_PER_QUERY);
      const list = chunk.map(() => '?').join(', ');
      const sums = (sql: string) => this.rows(sql, chunk as string[]);
      for (const row of await sums(
        `SELECT campaign_id, currency, count(*) AS n, CAST(sum(amount_minor) AS TEXT) AS amount FROM pledges
         WHERE campaign_id IN (${list}) AND status <> 'cancelled' GROUP BY campaign_id, currency`,
      )) {
        const figure = figureOf(textOf(row.campaign_id), textOf(row.currency) as CurrencyCode);
        figure.pledgeCount = Number(row.n);
        figure.pledgedMinor = bigintOf(row.amount);
      }
      for (const row of await sums(
        `SELECT campaign_id, currency, channel = 'in_kind' AS in_kind, count(*) AS n,
                CAST(sum(amount_minor) AS TEXT) AS amount FROM donations
         WHERE campaign_id IN (${list}) AND status = 'valid' GROUP BY campaign_id, currency, in_kind`,
      )) {
        const figure = figureOf(textOf(row.campaign_id), textOf(row.currency) as CurrencyCode);
        figure.giftCount += Number(row.n);
        if (Number(row.in_kind) === 1) figure.receivedInKindMinor = bigintOf(row.amount);
        else figure.receivedMinor = bigintOf(row.amount);
      }
      for (const row of await sums(
        `SELECT campaign_id, currency, count(*) AS n, CAST(sum(amount_minor) AS TEXT) AS amount FROM disbursements
         WHERE campaign_id IN (${list}) AND status = 'paid' GROUP BY campaign_id, currency`,
      )) {
        const figure = figureOf(textOf(row.campaign_id), textOf(row.currency) as CurrencyCode);
        figure.disbursementCount = Number(row.n);
        figure.distributedMinor = bigintOf(row.amount);
      }
    }
    return new Map(
      [...figures].map(([campaignId, byCurrency]) => [
        campaignId,
        [...byCurrency.values()].sort((left, right) =>
          left.currency === 'VND'
            ? -1
            : right.currency === 'VND'
              ? 1
              : left.currency.localeCompare(right.currency),
        ),
      ]),
    );
  }
}

function totalsOf(row: Row): AccountTotals {
  return {
    debitTotalMinor: bigintOf(row.debit_total_minor),
    creditTotalMinor: bigintOf(row.credit_total_minor),
  };
}

function isScoped(scope: ReportScope): boolean {
  return scope.fundId !== null || scope.unitId !== null || scope.accountId !== null;
}

/** The accounts (alias `a`) of the scope: every filter given applies. */
function accountScope(scope: ReportScope): { sql: string; args: InValue[] } {
  const where = new Filters()
    .when(scope.accountId, 'a.id = ?')
    .when(scope.fundId, 'a.fund_id = ?')
    .when(
      scope.unitId,
      scope.descendants
        ? 'a.unit_id IN (SELECT descendant_id FROM unit_closure WHERE ancestor_id = ?)'
        : 'a.unit_id = ?',
    );
  return { sql: where.sql, args: where.args };
}

/**
 * The postings of the scope's accounts of one kind, with their entries; the caller joins the record
 * behind each entry (an entry, or the entry a reversal undoes) and ends with MOVEMENT_WHERE. Year-end
 * closing entries and their reversals are left out (src/domain/reports/fund-statement.ts).
 */
function movementsOf(accountKind: string, scopeSql: string): string {
  return `FROM accounts a CROSS JOIN postings p ON p.account_id = a.id
       JOIN journal_entries e ON e.id = p.entry_id AND ${accountKind} AND ${scopeSql}`;
}

const MOVEMENT_WHERE = `p.entry_date >= ? AND p.entry_date <= ?
         AND coalesce(e.reverses_entry_id, e.id) NOT IN
           (SELECT closing_entry_id FROM period_closes WHERE closing_entry_id IS NOT NULL)`;

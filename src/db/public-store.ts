import type { Client, InValue, Row } from '@libsql/client';
import type { CampaignView } from '../capabilities/campaigns.ts';
import type { WriteExtras } from '../capabilities/context.ts';
import type { DisclosureNoticeWriteStore, PublishedNoticeRow } from '../capabilities/disclosure-notices.ts';
import type { PublicDisbursementRow, PublicDisbursementStore } from '../capabilities/public-disbursements.ts';
import type {
  PublicDonationStore,
  PublicGiftKey,
  PublicGiftRow,
  PublicGiftSearch,
} from '../capabilities/public-donations.ts';
import type { PublicFundStore, RoleBalanceRow } from '../capabilities/public-funds.ts';
import type { PublicProjectStore } from '../capabilities/public-projects.ts';
import type { PublicTraceGift, PublicTraceStore } from '../capabilities/public-trace.ts';
import type { MoneyCount, PublicHandoverItem, PublicProjectSummary } from '../capabilities/public-views.ts';
import type { FundView, UnitView } from '../capabilities/views.ts';
import { balanceOf, type Side } from '../domain/accounts.ts';
import type { AccountRole } from '../domain/chart.ts';
import type { DisbursementCategory } from '../domain/disbursements.ts';
import type { Disclosure, DonationChannel, DonationStatus } from '../domain/donations.ts';
import {
  PUBLIC_SEARCH_AMOUNT_STEPS,
  PUBLIC_SEARCH_AMOUNTS_PER_STEP,
  PUBLIC_SEARCH_QUICK_ROWS,
  PUBLIC_SEARCH_SET_MAX,
  PUBLIC_SEARCH_WINDOW_ROWS,
} from '../domain/limits.ts';
import type { CurrencyCode } from '../domain/money.ts';
import type { NoticeKind } from '../domain/public-disclosure.ts';
import { publicKeyRange } from '../domain/public-disclosure.ts';
import { Filters } from './filters.ts';
import { ProjectStore } from './project-store.ts';
import {
  bigintOf,
  FUND_COLUMNS,
  fundFromRow,
  optionalText,
  textOf,
  UNIT_COLUMNS,
  unitFromRow,
} from './rows.ts';

/**
 * The public site's reads (issue 6) on top of the full store: the sao kê search over the public read
 * model (drizzle/0014_public_search.sql), the funds' figures from the maintained account totals, and
 * the public facts of projects, disbursements and traces. Every query names the columns it returns;
 * none reads a beneficiary's or donor's private column.
 */
export class PublicStore
  extends ProjectStore
  implements
    PublicDonationStore,
    PublicFundStore,
    PublicDisbursementStore,
    PublicProjectStore,
    PublicTraceStore,
    DisclosureNoticeWriteStore
{
  /** The search's thresholds (src/domain/limits.ts); tests lower them to reach every path on small data. */
  constructor(
    client: Client,
    private readonly tuning: PublicSearchTuning = {
      quickRows: PUBLIC_SEARCH_QUICK_ROWS,
      amountsPerStep: PUBLIC_SEARCH_AMOUNTS_PER_STEP,
      amountSteps: PUBLIC_SEARCH_AMOUNT_STEPS,
      setMax: PUBLIC_SEARCH_SET_MAX,
      windowRows: PUBLIC_SEARCH_WINDOW_ROWS,
    },
  ) {
    super(client);
  }

  /**
   * Cheap to read (two rowid maxima) and changed by every write: every journal entry, and every other
   * successful write through its audit record in the same batch. The public ETags are derived from it.
   */
  async publicVersion(): Promise<string> {
    const [row] = await this.rows(
      'SELECT (SELECT coalesce(max(seq), 0) FROM journal_entries) AS j, (SELECT coalesce(max(seq), 0) FROM audit_log) AS a',
    );
    return `${Number(row?.j ?? 0)}.${Number(row?.a ?? 0)}`;
  }

  // — the sao kê —

  async campaignFund(campaignId: string): Promise<string | null> {
    const [row] = await this.rows('SELECT fund_id FROM campaigns WHERE id = ?', [campaignId]);
    return row ? textOf(row.fund_id) : null;
  }

  /**
   * A page of gifts. The sort order's index (or, for a name, the word index, which gives its matches in
   * date order) is read in chunks of keys with the columns the filters need, and the filters are checked
   * on them here; reading stops when the page is full. If the first PUBLIC_SEARCH_QUICK_ROWS keys do not
   * fill it, a filter whose own index names fewer than PUBLIC_SEARCH_SET_MAX gifts is read whole and
   * sorted instead; otherwise reading goes on for at most PUBLIC_SEARCH_WINDOW_ROWS keys, and the page
   * says where it stopped.
   */
  async searchPublicGifts(
    search: PublicGiftSearch,
  ): Promise<{ rows: PublicGiftRow[]; resumeAfter: PublicGiftKey | null }> {
    if (search.ref !== null) return { rows: await this.setPage(search, refSet(search)), resumeAfter: null };
    if (
      search.sort !== 'date_desc' &&
      search.sort !== 'date_asc' &&
      (search.from !== null || search.to !== null)
    ) {
      return this.amountsWithinDates(search);
    }
    const driver = driverOf(search);
    const matched: PublicGiftKey[] = [];
    let after = search.after;
    let scanned = 0;
    let probed = false;
    for (let chunk = search.limit; ; chunk = Math.min(chunk * 4, 5_000)) {
      const read = await this.driverChunk(search, driver, after, chunk, search.limit - matched.length);
      matched.push(...read.matched);
      scanned += read.count;
      if (matched.length >= search.limit || read.count < chunk || read.last === null) break;
      after = read.last;
      if (!probed && scanned >= this.tuning.quickRows) {
        probed = true;
        const set = await this.smallestCandidateSet(search, driver.name);
        if (set) return { rows: await this.setPage(search, set), resumeAfter: null };
      }
      if (scanned >= this.tuning.windowRows) {
        return { rows: await this.giftsByKeys(matched, search), resumeAfter: read.last };
      }
    }
    return { rows: await this.giftsByKeys(matched.slice(0, search.limit), search), resumeAfter: null };
  }

  /**
   * The next `count` keys of the driver in sort order after `after`, read and filtered inside the
   * database: only the matches (at most `wanted`) come back, with the number read and the last key.
   */
  private async driverChunk(
    search: PublicGiftSearch,
    driver: Driver,
    after: PublicGiftKey | null,
    count: number,
    wanted: number,
  ): Promise<{ matched: PublicGiftKey[]; count: number; last: PublicGiftKey | null }> {
    const columns = 'p.pid, p.amount_minor, p.fund_id, p.campaign_id, p.name_search';
    let chunk: { sql: string; args: InValue[] };
    if (driver.name === 'words') {
      const range = publicKeyRange(search.from, search.to);
      const descending = search.sort === 'date_desc';
      const low = !descending && after ? Math.max(range.min, after.pid + 1) : range.min;
      const high = descending && after ? Math.min(range.max, after.pid - 1) : range.max;
      chunk = {
        sql: `SELECT ${columns} FROM (SELECT rowid AS pid FROM public_donation_search
                WHERE public_donation_search MATCH ? AND rowid BETWEEN ? AND ?
                ORDER BY rowid ${descending ? 'DESC' : 'ASC'} LIMIT ?) w
              CROSS JOIN public_donations p ON p.pid = w.pid`,
        args: [wordQuery(search.nameFragment ?? ''), low, high, count],
      };
    } else {
      const where = driver.conditions({ ...search, after });
      chunk = {
        sql: `SELECT ${columns} FROM public_donations p INDEXED BY ${driver.index} WHERE ${where.sql}
              ORDER BY ${ORDER[search.sort]} LIMIT ?`,
        args: [...where.args, count],
      };
    }
    const filters = searchConditions({ ...search, after: null });
    const descending = search.sort.endsWith('desc');
    const byDate = search.sort === 'date_desc' || search.sort === 'date_asc';
    // The last key read: the smallest key (descending) or the largest, amounts as one comparable text.
    const edge = byDate
      ? `${descending ? 'min' : 'max'}(p.pid)`
      : `${descending ? 'min' : 'max'}(printf('%020d:%020d', p.amount_minor, p.pid))`;
    const rows = await this.rows(
      `WITH chunk AS MATERIALIZED (${chunk.sql})
       SELECT * FROM (SELECT p.pid, p.amount_minor, 1 AS hit, NULL AS n FROM chunk p WHERE ${filters.sql}
                      ORDER BY ${ORDER[search.sort]} LIMIT ?)
       UNION ALL SELECT ${edge}, NULL, 0, count(*) FROM chunk p`,
      [...chunk.args, ...filters.args, wanted],
    );
    const matched: PublicGiftKey[] = [];
    let last: PublicGiftKey | null = null;
    let read = 0;
    for (const row of rows) {
      if (Number(row.hit) === 1) {
        matched.push({ pid: Number(row.pid), amountMinor: Number(row.amount_minor) });
        continue;
      }
      read = Number(row.n);
      if (row.pid === null) continue;
      if (byDate) last = { pid: Number(row.pid), amountMinor: 0 };
      else {
        const [amount, pid] = String(row.pid).split(':');
        last = { pid: Number(pid), amountMinor: Number(amount) };
      }
    }
    return { matched, count: read, last };
  }

  /**
   * An amount order within a date range. Gifts of one amount lie in the amount index in date order, so
   * a walk by amount would cross every gift of a common amount outside the range; instead the distinct
   * amounts are stepped through (one seek each) and each one's gifts within the range are read (one
   * seek each), a batch of amounts at a time, until the page is full — at most
   * `tuning.amountSteps` batches per page, after which the page says where it stopped.
   */
  private async amountsWithinDates(
    search: PublicGiftSearch,
  ): Promise<{ rows: PublicGiftRow[]; resumeAfter: PublicGiftKey | null }> {
    const descending = search.sort === 'amount_desc';
    const low = search.amountMin === null ? 0 : Number(search.amountMin);
    const high = search.amountMax === null ? Number.MAX_SAFE_INTEGER : Number(search.amountMax);
    const matched: PublicGiftKey[] = [];
    // The first batch starts at the cursor's amount (its remaining gifts), later ones after the last amount.
    let bound = search.after ? search.after.amountMinor : descending ? high : low;
    let inclusive = true;
    for (let step = 0; step < this.tuning.amountSteps; step += 1) {
      // Few amounts first (a common amount alone may fill the page), more when they are sparse.
      const count = Math.min(this.tuning.amountsPerStep, 16 * 4 ** step);
      const amounts = await this.distinctAmounts(
        search.fundId,
        descending,
        bound,
        inclusive,
        low,
        high,
        count,
      );
      if (amounts.length === 0) return { rows: await this.giftsByKeys(matched, search), resumeAfter: null };
      const conditions = searchConditions(search).add('p.amount_minor IN (SELECT value FROM json_each(?))', [
        JSON.stringify(amounts),
      ]);
      const rows = await this.rows(
        `SELECT p.pid, p.amount_minor FROM public_donations p INDEXED BY public_donations_fund_amount
         WHERE ${conditions.sql} ORDER BY ${ORDER[search.sort]} LIMIT ?`,
        [...conditions.args, search.limit - matched.length],
      );
      for (const row of rows) matched.push({ pid: Number(row.pid), amountMinor: Number(row.amount_minor) });
      if (matched.length >= search.limit || amounts.length < count) {
        return { rows: await this.giftsByKeys(matched, search), resumeAfter: null };
      }
      bound = amounts.at(-1)!;
      inclusive = false;
    }
    // Stopped after the last amount read: the next page starts after every gift of it.
    const resumeAfter = { amountMinor: bound, pid: descending ? 0 : Number.MAX_SAFE_INTEGER };
    return {
      rows: await this.giftsByKeys(matched, search),
      resumeAfter: matched.length < search.limit ? resumeAfter : null,
    };
  }

  /** The next distinct amounts of a fund's gifts in order from `bound`, one index seek each. */
  private async distinctAmounts(
    fundId: string,
    descending: boolean,
    bound: number,
    inclusive: boolean,
    low: number,
    high: number,
    count: number,
  ): Promise<number[]> {
    const order = descending ? 'DESC' : 'ASC';
    const beyond = descending ? '<' : '>';
    // One bound on each side, so that the seek starts where it should: the far end of the amount range,
    // and the amount already reached (ORDER BY … LIMIT 1, not min()/max(), which would read the range).
    const far = descending ? 'amount_minor >= ?3' : 'amount_minor <= ?4';
    const start = descending ? Math.min(bound, high) : Math.max(bound, low);
    const startInclusive = inclusive || (descending ? bound > high : bound < low);
    const seek = (near: string) =>
      `(SELECT amount_minor FROM public_donations INDEXED BY public_donations_fund_amount
        WHERE fund_id = ?1 AND ${near} AND ${far} ORDER BY amount_minor ${order} LIMIT 1)`;
    const rows = await this.rows(
      `WITH RECURSIVE amounts(value, n) AS (
         SELECT ${seek(`amount_minor ${beyond}${startInclusive ? '=' : ''} ?2`)}, 1
         UNION ALL
         SELECT ${seek(`amount_minor ${beyond} amounts.value`)}, n + 1 FROM amounts WHERE amounts.value IS NOT NULL AND n < ?5
       )
       SELECT value FROM amounts WHERE value IS NOT NULL`,
      [fundId, start, low, high, count],
    );
    return rows.map((row) => Number(row.value));
  }

  /** The filter whose own index names the fewest gifts, if some names fewer than PUBLIC_SEARCH_SET_MAX. */
  private async smallestCandidateSet(
    search: PublicGiftSearch,
    driver: Driver['name'],
  ): Promise<{ sql: string; args: InValue[] } | null> {
    let best: { sql: string; args: InValue[]; count: number } | null = null;
    for (const candidate of candidateSets(search).filter((set) => set.name !== driver)) {
      const [row] = await this.rows(`SELECT count(*) AS n FROM (${candidate.sql} LIMIT ?)`, [
        ...candidate.args,
        this.tuning.setMax,
      ]);
      const count = Number(row?.n ?? 0);
      if (count < this.tuning.setMax && (!best || count < best.count)) best = { ...candidate, count };
    }
    return best;
  }

  /** A small set of candidate gifts, filtered and sorted in one query. */
  private async setPage(
    search: PublicGiftSearch,
    set: { sql: string; args: InValue[] },
  ): Promise<PublicGiftRow[]> {
    const conditions = searchConditions(search);
    const page = `SELECT p.pid, p.amount_minor FROM hits CROSS JOIN public_donations p ON p.pid = hits.pid
                  WHERE ${conditions.sql} ORDER BY ${ORDER[search.sort]} LIMIT ?`;
    return this.giftPage(
      `WITH hits(pid) AS (${set.sql}), page AS (${page})`,
      [...set.args, ...conditions.args, search.limit],
      search,
    );
  }

  private async giftsByKeys(keys: PublicGiftKey[], search: PublicGiftSearch): Promise<PublicGiftRow[]> {
    if (keys.length === 0) return [];
    return this.giftPage(
      'WITH page AS (SELECT p.pid, p.amount_minor FROM public_donations p WHERE p.pid IN (SELECT value FROM json_each(?)))',
      [JSON.stringify(keys.map((key) => key.pid))],
      search,
    );
  }

  /** The page's gifts with what the public may see of them (the donor's name only if disclosed). */
  private async giftPage(
    withClause: string,
    args: InValue[],
    search: PublicGiftSearch,
  ): Promise<PublicGiftRow[]> {
    const rows = await this.rows(
      `${withClause}
       SELECT page.pid, page.amount_minor AS key_amount, ${GIFT_COLUMNS}
       FROM page CROSS JOIN public_donations p ON p.pid = page.pid ${GIFT_JOINS}
       ORDER BY ${ORDER[search.sort].replaceAll('p.', 'page.')}`,
      args,
    );
    return rows.map((row) => giftFromRow(row, { pid: Number(row.pid), amountMinor: Number(row.key_amount) }));
  }

  // — funds —

  async unitsWithFunds(query: Parameters<PublicFundStore['unitsWithFunds']>[0]): Promise<UnitView[]> {
    const where = new Filters()
      .add('EXISTS (SELECT 1 FROM funds f WHERE f.unit_id = u.id)')
      .when(query.withinUnitId, 'u.id IN (SELECT descendant_id FROM unit_closure WHERE ancestor_id = ?)')
      .when(query.after?.id, '(u.depth, u.name, u.id) > (?, ?, ?)', [
        query.after?.depth ?? null,
        query.after?.name ?? null,
        query.after?.id ?? null,
      ]);
    const columns = UNIT_COLUMNS.split(', ')
      .map((column) => `u.${column}`)
      .join(', ');
    const rows = await this.rows(
      `SELECT ${columns} FROM units u WHERE ${where.sql} ORDER BY u.depth, u.name, u.id LIMIT ?`,
      [...where.args, query.limit],
    );
    return rows.map(unitFromRow);
  }

  async fundsOfUnits(unitIds: string[]): Promise<FundView[]> {
    if (unitIds.length === 0) return [];
    const rows = await this.rows(
      `SELECT ${FUND_COLUMNS} FROM funds WHERE unit_id IN (SELECT value FROM json_each(?)) ORDER BY name, id`,
      [JSON.stringify(unitIds)],
    );
    return rows.map(fundFromRow);
  }

  async cashBalances(fundIds: string[]) {
    const rows = await this.rows(
      `SELECT fund_id, currency, normal_side, debit_total_minor, credit_total_minor FROM accounts
       WHERE fund_id IN (SELECT value FROM json_each(?)) AND role IN ('cash', 'bank')`,
      [JSON.stringify(fundIds)],
    );
    return rows.map((row) => ({
      fundId: textOf(row.fund_id),
      currency: textOf(row.currency) as CurrencyCode,
      amountMinor: balanceOf(textOf(row.normal_side) as Side, {
        debitTotalMinor: bigintOf(row.debit_total_minor),
        creditTotalMinor: bigintOf(row.credit_total_minor),
      }),
    }));
  }

  /** Open earmarked sources only (a spent one holds nothing): seeks in allocation_sources_open. */
  async restrictedBalances(fundIds: string[]) {
    const rows = await this.rows(
      `SELECT k.fund_id, k.currency,
              (SELECT CAST(coalesce(sum(s.amount_minor - s.allocated_minor), 0) AS TEXT) FROM allocation_sources s
               WHERE s.fund_id = k.fund_id AND s.currency = k.currency AND s.earmarked = 1
                 AND s.allocated_minor < s.amount_minor AND s.removed_by_entry_id IS NULL) AS amount
       FROM (SELECT DISTINCT fund_id, currency FROM accounts WHERE fund_id IN (SELECT value FROM json_each(?))) k`,
      [JSON.stringify(fundIds)],
    );
    return rows
      .map((row) => ({
        fundId: textOf(row.fund_id),
        currency: textOf(row.currency) as CurrencyCode,
        amountMinor: bigintOf(row.amount),
      }))
      .filter((row) => row.amountMinor !== 0n);
  }

  async roleBalancesAsOf(
    fundIds: string[],
    roles: readonly AccountRole[],
    dates: string[],
  ): Promise<RoleBalanceRow[]> {
    const rows = await this.rows(
      `SELECT a.fund_id, a.role, a.currency, a.normal_side, x.value AS as_of,
              coalesce(t.debit_total_minor, 0) AS debit, coalesce(t.credit_total_minor, 0) AS credit
       FROM accounts a JOIN json_each(?) x
       LEFT JOIN account_day_totals t ON t.account_id = a.id
         AND t.day = (SELECT max(y.day) FROM account_day_totals y WHERE y.account_id = a.id AND y.day <= x.value)
       WHERE a.fund_id IN (SELECT value FROM json_each(?)) AND a.role IN (SELECT value FROM json_each(?))`,
      [JSON.stringify(dates), JSON.stringify(fundIds), JSON.stringify(roles)],
    );
    return sumByRole(
      rows.map((row) => ({
        fundId: textOf(row.fund_id),
        role: textOf(row.role) as AccountRole,
        currency: textOf(row.currency) as CurrencyCode,
        date: textOf(row.as_of),
        balanceMinor: balanceOf(textOf(row.normal_side) as Side, {
          debitTotalMinor: bigintOf(row.debit),
          creditTotalMinor: bigintOf(row.credit),
        }),
      })),
    );
  }

  async closingEffects(
    fundIds: string[],
    roles: readonly AccountRole[],
    from: string,
    to: string,
  ): Promise<RoleBalanceRow[]> {
    const rows = await this.rows(
      `WITH closing(id) AS (
         SELECT closing_entry_id FROM period_closes
         WHERE fund_id IN (SELECT value FROM json_each(?1)) AND closing_entry_id IS NOT NULL
       )
       SELECT a.fund_id, a.role, a.currency, a.normal_side, p.entry_date, p.side, p.amount_minor
       FROM postings p JOIN accounts a ON a.id = p.account_id
       WHERE p.entry_id IN (SELECT id FROM closing UNION SELECT e.id FROM journal_entries e WHERE e.reverses_entry_id IN (SELECT id FROM closing))
         AND a.role IN (SELECT value FROM json_each(?2)) AND p.entry_date BETWEEN ?3 AND ?4`,
      [JSON.stringify(fundIds), JSON.stringify(roles), from, to],
    );
    return sumByRole(
      rows.map((row) => {
        const amount = bigintOf(row.amount_minor);
        return {
          fundId: textOf(row.fund_id),
          role: textOf(row.role) as AccountRole,
          currency: textOf(row.currency) as CurrencyCode,
          date: textOf(row.entry_date),
          balanceMinor: textOf(row.side) === textOf(row.normal_side) ? amount : -amount,
        };
      }),
    );
  }

  async categoryTotals(fundId: string, from: string, to: string) {
    const rows = await this.rows(
      `SELECT category, currency, CAST(sum(amount_minor) AS TEXT) AS amount, count(*) AS n FROM disbursements
       WHERE fund_id = ? AND status = 'paid' AND paid_on BETWEEN ? AND ?
       GROUP BY category, currency ORDER BY sum(amount_minor) DESC, category, currency`,
      [fundId, from, to],
    );
    return rows.map((row) => ({
      category: textOf(row.category) as DisbursementCategory,
      currency: textOf(row.currency) as CurrencyCode,
      amountMinor: bigintOf(row.amount),
      count: Number(row.n),
    }));
  }

  async fundCampaigns(fundId: string): Promise<CampaignView[]> {
    return this.listCampaigns(fundId);
  }

  async campaignGiftTotals(campaignIds: string[]) {
    const rows = await this.rows(
      `SELECT c.id AS campaign_id, g.currency, CAST(sum(g.amount_minor) AS TEXT) AS amount, sum(g.gift_count) AS n
       FROM campaigns c JOIN public_gift_days g ON g.fund_id = c.fund_id AND g.campaign_key = c.id
       WHERE c.id IN (SELECT value FROM json_each(?))
       GROUP BY c.id, g.currency HAVING sum(g.gift_count) > 0 ORDER BY c.id, g.currency`,
      [JSON.stringify(campaignIds)],
    );
    return rows.map(totalsFromRow);
  }

  async campaignDistributedTotals(campaignIds: string[]) {
    const rows = await this.rows(
      `SELECT c.id AS campaign_id, d.currency, CAST(sum(d.amount_minor) AS TEXT) AS amount, count(*) AS n
       FROM campaigns c JOIN disbursements d ON d.fund_id = c.fund_id AND d.status = 'paid' AND d.campaign_id = c.id
       WHERE c.id IN (SELECT value FROM json_each(?))
       GROUP BY c.id, d.currency ORDER BY c.id, d.currency`,
      [JSON.stringify(campaignIds)],
    );
    return rows.map(totalsFromRow);
  }

  async publishedNotices(campaignIds: string[]): Promise<PublishedNoticeRow[]> {
    const rows = await this.rows(
      `SELECT id, campaign_id, kind, period_end, due_on, published_on, totals, published_by, created_at_ms
       FROM disclosure_notices WHERE campaign_id IN (SELECT value FROM json_each(?)) ORDER BY campaign_id, kind`,
      [JSON.stringify(campaignIds)],
    );
    return rows.map((row) => ({
      id: textOf(row.id),
      campaignId: textOf(row.campaign_id),
      kind: textOf(row.kind) as NoticeKind,
      periodEnd: textOf(row.period_end),
      dueOn: textOf(row.due_on),
      publishedOn: textOf(row.published_on),
      totals: JSON.parse(textOf(row.totals)) as MoneyCount[],
      publishedBy: textOf(row.published_by),
      createdAtMs: Number(row.created_at_ms),
    }));
  }

  async insertDisclosureNotice(notice: PublishedNoticeRow, extras: WriteExtras): Promise<void> {
    await this.write(
      [
        {
          sql: `INSERT INTO disclosure_notices (id, campaign_id, kind, period_end, due_on, published_on, totals, published_by,
                  created_at_ms)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          args: [
            notice.id,
            notice.campaignId,
            notice.kind,
            notice.periodEnd,
            notice.dueOn,
            notice.publishedOn,
            JSON.stringify(notice.totals),
            notice.publishedBy,
            notice.createdAtMs,
          ],
        },
      ],
      extras,
    );
  }

  async fundProjects(fundId: string, limit: number): Promise<PublicProjectSummary[]> {
    const rows = await this.rows(
      `SELECT p.id, p.name, p.kind, p.status, p.village, p.budget_minor, p.currency, p.unit_id, u.name AS unit_name,
              b.public_alias
       FROM projects p JOIN units u ON u.id = p.unit_id LEFT JOIN beneficiaries b ON b.id = p.beneficiary_id
       WHERE p.fund_id = ? ORDER BY p.created_at_ms DESC, p.id DESC LIMIT ?`,
      [fundId, limit],
    );
    return rows.map((row) => ({
      id: textOf(row.id),
      name: textOf(row.name),
      kind: textOf(row.kind),
      status: textOf(row.status),
      village: optionalText(row.village),
      beneficiaryAlias: optionalText(row.public_alias),
      budget: bigintOf(row.budget_minor).toString(),
      currency: textOf(row.currency) as CurrencyCode,
      unit: { id: textOf(row.unit_id), name: textOf(row.unit_name) },
    }));
  }

  async latestHandovers(fundIds: string[] | null, limit: number): Promise<PublicHandoverItem[]> {
    const where = new Filters().when(
      fundIds === null ? null : JSON.stringify(fundIds),
      'p.fund_id IN (SELECT value FROM json_each(?))',
    );
    const rows = await this.rows(
      `SELECT h.date, h.place, h.handed_over_by, h.minutes_no, p.id AS project_id, p.name AS project_name, p.village,
              p.fund_id, f.name AS fund_name, p.unit_id, u.name AS unit_name, b.public_alias
       FROM project_handovers h JOIN projects p ON p.id = h.project_id JOIN funds f ON f.id = p.fund_id
       JOIN units u ON u.id = p.unit_id LEFT JOIN beneficiaries b ON b.id = p.beneficiary_id
       WHERE ${where.sql} ORDER BY h.date DESC, h.project_id DESC LIMIT ?`,
      [...where.args, limit],
    );
    return rows.map((row) => ({
      date: textOf(row.date),
      place: textOf(row.place),
      handedOverBy: textOf(row.handed_over_by),
      minutesNo: textOf(row.minutes_no),
      project: { id: textOf(row.project_id), name: textOf(row.project_name) },
      fund: { id: textOf(row.fund_id), name: textOf(row.fund_name) },
      unit: { id: textOf(row.unit_id), name: textOf(row.unit_name) },
      village: optionalText(row.village),
      beneficiaryAlias: optionalText(row.public_alias),
    }));
  }

  // — disbursements and projects —

  async publicDisbursements(
    query: Parameters<PublicDisbursementStore['publicDisbursements']>[0],
  ): Promise<PublicDisbursementRow[]> {
    const where = new Filters()
      .add("d.status = 'paid'")
      .when(query.fundId, 'd.fund_id = ?')
      .when(query.projectId, 'd.project_id = ?')
      .when(query.from, 'd.paid_on >= ?')
      .when(query.to, 'd.paid_on <= ?')
      .when(query.category, 'd.category = ?')
      .when(query.campaignId, 'd.campaign_id = ?')
      .when(query.after?.id, '(d.paid_on, d.id) < (?, ?)', [
        query.after?.paidOn ?? null,
        query.after?.id ?? null,
      ]);
    const rows = await this.rows(
      `SELECT d.id, d.paid_on, d.category, d.amount_minor, d.currency, d.decision_no, d.decision_date, d.project_id,
              p.name AS project_name, d.campaign_id, c.name AS campaign_name, b.public_alias,
              coalesce(p.village, b.village) AS village
       FROM disbursements d LEFT JOIN projects p ON p.id = d.project_id
       LEFT JOIN beneficiaries b ON b.id = coalesce(d.beneficiary_id, p.beneficiary_id)
       LEFT JOIN campaigns c ON c.id = d.campaign_id
       WHERE ${where.sql} ORDER BY d.paid_on DESC, d.id DESC LIMIT ?`,
      [...where.args, query.limit],
    );
    return rows.map((row) => ({
      id: textOf(row.id),
      paidOn: textOf(row.paid_on),
      category: textOf(row.category) as DisbursementCategory,
      amountMinor: bigintOf(row.amount_minor),
      currency: textOf(row.currency) as CurrencyCode,
      beneficiaryAlias: optionalText(row.public_alias),
      village: optionalText(row.village),
      decisionNo: optionalText(row.decision_no),
      decisionDate: optionalText(row.decision_date),
      projectId: optionalText(row.project_id),
      projectName: optionalText(row.project_name),
      campaignId: optionalText(row.campaign_id),
      campaignName: optionalText(row.campaign_name),
    }));
  }

  async beneficiaryAlias(id: string): Promise<{ publicAlias: string; village: string } | null> {
    const [row] = await this.rows('SELECT public_alias, village FROM beneficiaries WHERE id = ?', [id]);
    return row ? { publicAlias: textOf(row.public_alias), village: textOf(row.village) } : null;
  }

  async fundNames(ids: string[]): Promise<Map<string, string>> {
    return this.names('funds', ids);
  }

  async unitNames(ids: string[]): Promise<Map<string, string>> {
    return this.names('units', ids);
  }

  private async names(table: 'funds' | 'units', ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.rows(
      `SELECT id, name FROM ${table} WHERE id IN (SELECT value FROM json_each(?))`,
      [JSON.stringify(ids)],
    );
    return new Map(rows.map((row) => [textOf(row.id), textOf(row.name)]));
  }

  async publicEvidenceFile(projectId: string, evidenceId: string) {
    const [row] = await this.rows(
      `SELECT content_type, sha256, content FROM project_evidence
       WHERE id = ? AND project_id = ? AND is_public = 1 AND content IS NOT NULL`,
      [evidenceId, projectId],
    );
    if (!row) return null;
    return {
      contentType: textOf(row.content_type),
      sha256: textOf(row.sha256),
      content: new Uint8Array(row.content as ArrayBuffer),
    };
  }

  // — the public trace —

  async giftByReceipt(receiptNo: string): Promise<PublicTraceGift | null> {
    const [row] = await this.rows(`${TRACE_GIFT_SELECT} WHERE d.receipt_no = ?`, [receiptNo]);
    return row ? traceGiftFromRow(row) : null;
  }

  async giftsByBankRef(bankRef: string, limit: number): Promise<PublicTraceGift[]> {
    const rows = await this.rows(
      `${TRACE_GIFT_SELECT} WHERE d.bank_ref = ? ORDER BY d.received_on, d.id LIMIT ?`,
      [bankRef, limit],
    );
    return rows.map(traceGiftFromRow);
  }

  async transferEnds(ids: string[]): Promise<Map<string, { fromFundId: string; toFundId: string }>> {
    if (ids.length === 0) return new Map();
    const rows = await this.rows(
      'SELECT id, from_fund_id, to_fund_id FROM transfers WHERE id IN (SELECT value FROM json_each(?))',
      [JSON.stringify(ids)],
    );
    return new Map(
      rows.map((row) => [
        textOf(row.id),
        { fromFundId: textOf(row.from_fund_id), toFundId: textOf(row.to_fund_id) },
      ]),
    );
  }

  async traceTargets(disbursementIds: string[]) {
    const targets: Awaited<ReturnType<PublicTraceStore['traceTargets']>> = new Map();
    if (disbursementIds.length === 0) return targets;
    const rows = await this.rows(
      `SELECT d.id, d.decision_no, b.public_alias, coalesce(p.village, b.village) AS village, p.id AS project_id,
              p.name AS project_name, p.status AS project_status, p.village AS project_village, h.date AS handover_date,
              h.place, h.handed_over_by, h.minutes_no
       FROM disbursements d LEFT JOIN projects p ON p.id = d.project_id
       LEFT JOIN beneficiaries b ON b.id = coalesce(d.beneficiary_id, p.beneficiary_id)
       LEFT JOIN project_handovers h ON h.project_id = p.id
       WHERE d.id IN (SELECT value FROM json_each(?))`,
      [JSON.stringify(disbursementIds)],
    );
    for (const row of rows) {
      targets.set(textOf(row.id), {
        decisionNo: optionalText(row.decision_no),
        beneficiaryAlias: optionalText(row.public_alias),
        village: optionalText(row.village),
        project:
          row.project_id === null
            ? null
            : {
                id: textOf(row.project_id),
                name: textOf(row.project_name),
                status: textOf(row.project_status),
                village: optionalText(row.project_village),
              },
        handover:
          row.handover_date === null
            ? null
            : {
                date: textOf(row.handover_date),
                place: textOf(row.place),
                handedOverBy: textOf(row.handed_over_by),
                minutesNo: textOf(row.minutes_no),
              },
      });
    }
    return targets;
  }
}

export interface PublicSearchTuning {
  /** Gifts a first walk reads before the filters' own indexes are tried. */
  quickRows: number;
  /** Distinct amounts read per step of an amount order within dates, and steps per page. */
  amountsPerStep: number;
  amountSteps: number;
  /** A filter matching fewer gifts is read whole and sorted. */
  setMax: number;
  /** Gifts a walk reads per page at most. */
  windowRows: number;
}

const stores = new WeakMap<Client, PublicStore>();

/** One public store per database client (it keeps no state of its own beyond the client's write queue). */
export function publicStoreFor(client: Client): PublicStore {
  let store = stores.get(client);
  if (!store) {
    store = new PublicStore(client);
    stores.set(client, store);
  }
  return store;
}

// — the search's SQL —

const ORDER: Record<PublicGiftSearch['sort'], string> = {
  date_desc: 'p.pid DESC',
  date_asc: 'p.pid ASC',
  amount_desc: 'p.amount_minor DESC, p.pid DESC',
  amount_asc: 'p.amount_minor ASC, p.pid ASC',
};

/** What the public may see of a gift; the donor's name is selected only when they chose to be named. */
const GIFT_COLUMNS = `d.receipt_no, d.received_on, d.amount_minor, d.currency, d.channel, d.disclosure,
  CASE WHEN d.disclosure = 'public' THEN o.name END AS donor_name, d.bank_ref, d.campaign_id, c.name AS campaign_name,
  d.earmark_category, d.earmark_project_id, pr.name AS earmark_project_name, d.earmark_beneficiary_id,
  d.in_kind_description, d.in_kind_quantity, d.in_kind_unit`;

const GIFT_JOINS = `JOIN donations d ON d.id = p.donation_id JOIN donors o ON o.id = d.donor_id
  LEFT JOIN campaigns c ON c.id = d.campaign_id LEFT JOIN projects pr ON pr.id = d.earmark_project_id`;

const TRACE_GIFT_SELECT = `SELECT d.id, d.status, d.fund_id, d.unit_id, ${GIFT_COLUMNS} FROM donations d
  JOIN donors o ON o.id = d.donor_id LEFT JOIN campaigns c ON c.id = d.campaign_id
  LEFT JOIN projects pr ON pr.id = d.earmark_project_id`;

/**
 * The word index's query for a folded name fragment: its words in order, the last one a prefix. It
 * finds a superset of the fragment's matches (words are split on any punctuation), which the filter
 * below then narrows to the fragment as written.
 */
function wordQuery(fragment: string): string {
  const words = fragment.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  return `"${words.join(' ')}" *`;
}

/** A name matches a fragment when the fragment starts at the beginning of one of its words. */
const NAME_CONDITION = "instr(' ' || p.name_search, ' ' || ?) > 0";

/** Every condition of the search on `p` (public_donations), the keyset included. */
function searchConditions(search: PublicGiftSearch): Filters {
  const range = publicKeyRange(search.from, search.to);
  const where = new Filters().add('p.fund_id = ?', [search.fundId]);
  if (search.from !== null || search.to !== null) where.add('p.pid BETWEEN ? AND ?', [range.min, range.max]);
  if (search.amountMin !== null && search.amountMin === search.amountMax) {
    // An equality, so that the amount index gives the gifts of that amount in date order.
    where.add('p.amount_minor = ?', [Number(search.amountMin)]);
  } else {
    where
      .when(search.amountMin === null ? null : Number(search.amountMin), 'p.amount_minor >= ?')
      .when(search.amountMax === null ? null : Number(search.amountMax), 'p.amount_minor <= ?');
  }
  where.when(search.campaignId, 'p.campaign_id = ?').when(search.nameFragment, NAME_CONDITION);
  if (search.ref !== null) {
    // Six characters or more: the end of the reference; fewer: the whole of it.
    if ([...search.ref].length >= 6) where.add('substr(p.ref, -?) = ?', [[...search.ref].length, search.ref]);
    else where.add('p.ref = ?', [search.ref]);
  }
  const after = search.after;
  if (after) {
    if (search.sort === 'date_desc') where.add('p.pid < ?', [after.pid]);
    else if (search.sort === 'date_asc') where.add('p.pid > ?', [after.pid]);
    else if (search.sort === 'amount_desc')
      where.add('(p.amount_minor, p.pid) < (?, ?)', [after.amountMinor, after.pid]);
    else where.add('(p.amount_minor, p.pid) > (?, ?)', [after.amountMinor, after.pid]);
  }
  return where;
}

type SetName = 'words' | 'amount' | 'campaign' | 'dates';

/** The gift sets a filter names by its own index: candidates for a search read whole. */
function candidateSets(search: PublicGiftSearch): { name: SetName; sql: string; args: InValue[] }[] {
  const sets: { name: SetName; sql: string; args: InValue[] }[] = [];
  if (search.nameFragment) {
    sets.push({
      name: 'words',
      sql: 'SELECT rowid AS pid FROM public_donation_search WHERE public_donation_search MATCH ?',
      args: [wordQuery(search.nameFragment)],
    });
  }
  if (search.amountMin !== null || search.amountMax !== null) {
    sets.push({
      name: 'amount',
      sql: 'SELECT pid FROM public_donations INDEXED BY public_donations_fund_amount WHERE fund_id = ? AND amount_minor BETWEEN ? AND ?',
      args: [
        search.fundId,
        search.amountMin === null ? 0 : Number(search.amountMin),
        search.amountMax === null ? Number.MAX_SAFE_INTEGER : Number(search.amountMax),
      ],
    });
  }
  if (search.campaignId) {
    sets.push({
      name: 'campaign',
      sql: 'SELECT pid FROM public_donations INDEXED BY public_donations_campaign WHERE campaign_id = ?',
      args: [search.campaignId],
    });
  }
  if (search.from !== null || search.to !== null) {
    const range = publicKeyRange(search.from, search.to);
    sets.push({
      name: 'dates',
      sql: 'SELECT pid FROM public_donations INDEXED BY public_donations_fund WHERE fund_id = ? AND pid BETWEEN ? AND ?',
      args: [search.fundId, range.min, range.max],
    });
  }
  return sets;
}

/** A reference's gifts: by the last six characters, in the fund (a handful at most). */
function refSet(search: PublicGiftSearch): { sql: string; args: InValue[] } {
  const ref = search.ref ?? '';
  return {
    sql: 'SELECT pid FROM public_donations INDEXED BY public_donations_ref WHERE fund_id = ? AND ref_tail = ?',
    args: [search.fundId, [...ref].slice(-6).join('')],
  };
}

interface Driver {
  /** `words`: the name's word index in date order; otherwise an index of public_donations. */
  name: SetName | 'fund';
  index: string;
  /** The conditions the index answers as a range, and the keyset after a key. */
  conditions: (search: PublicGiftSearch) => Filters;
}

/**
 * What a search reads in its sort order: for a date order, the name's words, the gifts of an exact
 * amount, a campaign's gifts or the fund's, as the filters allow; for an amount order, the fund's gifts
 * by amount (within the amount range).
 */
function driverOf(search: PublicGiftSearch): Driver {
  const byDate = search.sort === 'date_desc' || search.sort === 'date_asc';
  const exactAmount = search.amountMin !== null && search.amountMin === search.amountMax;
  const only = (kept: Partial<PublicGiftSearch>) => (current: PublicGiftSearch) =>
    searchConditions({
      ...current,
      nameFragment: null,
      ref: null,
      campaignId: null,
      amountMin: null,
      amountMax: null,
      from: byDate ? current.from : null,
      to: byDate ? current.to : null,
      ...kept,
    });
  if (!byDate) {
    const amounts = { amountMin: search.amountMin, amountMax: search.amountMax };
    return { name: 'amount', index: 'public_donations_fund_amount', conditions: only(amounts) };
  }
  if (search.nameFragment) return { name: 'words', index: '', conditions: only({}) };
  if (exactAmount) {
    const amounts = { amountMin: search.amountMin, amountMax: search.amountMax };
    return { name: 'amount', index: 'public_donations_fund_amount', conditions: only(amounts) };
  }
  if (search.campaignId) {
    const campaign = { campaignId: search.campaignId };
    return { name: 'campaign', index: 'public_donations_campaign', conditions: only(campaign) };
  }
  return { name: 'fund', index: 'public_donations_fund', conditions: only({}) };
}

function giftFromRow(row: Row, key: PublicGiftKey): PublicGiftRow {
  return {
    key,
    receiptNo: textOf(row.receipt_no),
    receivedOn: textOf(row.received_on),
    amountMinor: bigintOf(row.amount_minor),
    currency: textOf(row.currency) as CurrencyCode,
    channel: textOf(row.channel) as DonationChannel,
    disclosure: textOf(row.disclosure) as Disclosure,
    donorName: optionalText(row.donor_name),
    bankRef: optionalText(row.bank_ref),
    campaignId: optionalText(row.campaign_id),
    campaignName: optionalText(row.campaign_name),
    earmarkCategory: optionalText(row.earmark_category),
    earmarkProjectId: optionalText(row.earmark_project_id),
    earmarkProjectName: optionalText(row.earmark_project_name),
    earmarkBeneficiaryId: optionalText(row.earmark_beneficiary_id),
    inKindDescription: optionalText(row.in_kind_description),
    inKindQuantity: optionalText(row.in_kind_quantity),
    inKindUnit: optionalText(row.in_kind_unit),
  };
}

function traceGiftFromRow(row: Row): PublicTraceGift {
  return {
    donationId: textOf(row.id),
    status: textOf(row.status) as DonationStatus,
    inKind: row.in_kind_description !== null,
    fundId: textOf(row.fund_id),
    unitId: textOf(row.unit_id),
    row: giftFromRow(row, { pid: 0, amountMinor: 0 }),
  };
}

function totalsFromRow(row: Row) {
  return {
    campaignId: textOf(row.campaign_id),
    currency: textOf(row.currency) as CurrencyCode,
    amountMinor: bigintOf(row.amount),
    count: Number(row.n),
  };
}

function sumByRole(rows: RoleBalanceRow[]): RoleBalanceRow[] {
  const sums = new Map<string, RoleBalanceRow>();
  for (const row of rows) {
    const key = `${row.fundId}|${row.role}|${row.currency}|${row.date}`;
    const found = sums.get(key);
    if (found) found.balanceMinor += row.balanceMinor;
    else sums.set(key, { ...row });
  }
  return [...sums.values()];
}

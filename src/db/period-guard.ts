import type { Client, InStatement, Row } from '@libsql/client';
import type { PeriodCloseView } from '../capabilities/period-closes.ts';
import { DomainError } from '../domain/errors.ts';
import type { CurrencyCode } from '../domain/money.ts';
import {
  type ClosingBalance,
  type PeriodKind,
  periodClosedError,
  type StandingClose,
} from '../domain/period-close.ts';
import { bigintOf, isoInstant, optionalText, textOf } from './rows.ts';

/**
 * Period closes on libSQL: the write path's check that no entry is dated inside a closed period (called
 * once per write by LedgerStore.commitWithEntries, before anything is written), and the queries of the
 * period-close capability. The database refuses the same postings by trigger
 * (drizzle/0013_auditor_guards.sql), which only another writer getting in between can reach.
 */

/** Funds a query names at a time (far below SQLite's limit on arguments). */
const FUNDS_PER_QUERY = 500;

/**
 * Refuses the write when any of its entries is dated on or before the end of its fund's standing close;
 * the refusal names the latest close of the fund (overlapping closes are allowed: the latest matters).
 */
export async function refuseEntriesInClosedPeriods(
  client: Client,
  entries: readonly { date: string; postings: readonly { fundId: string }[] }[],
): Promise<void> {
  const earliestByFund = new Map<string, string>();
  for (const entry of entries) {
    for (const posting of entry.postings) {
      const earliest = earliestByFund.get(posting.fundId);
      if (earliest === undefined || entry.date < earliest) earliestByFund.set(posting.fundId, entry.date);
    }
  }
  const fundIds = [...earliestByFund.keys()];
  for (let start = 0; start < fundIds.length; start += FUNDS_PER_QUERY) {
    const chunk = fundIds.slice(start, start + FUNDS_PER_QUERY);
    for (const close of await standingCloses(client, chunk)) {
      const earliest = earliestByFund.get(close.fundId)!;
      if (earliest <= close.periodEnd) throw periodClosedError(close, earliest);
    }
  }
}

/** The latest standing close of each of the funds that has one. */
async function standingCloses(client: Client, fundIds: readonly string[]): Promise<StandingClose[]> {
  const result = await client.execute({
    sql: `SELECT c.id, c.fund_id, c.period_end, f.name AS fund_name FROM period_closes c JOIN funds f ON f.id = c.fund_id
          WHERE c.fund_id IN (${fundIds.map(() => '?').join(', ')}) AND c.reopened_at_ms IS NULL
          ORDER BY c.fund_id, c.period_end DESC, c.closed_at_ms DESC`,
    args: fundIds as string[],
  });
  const latest = new Map<string, StandingClose>();
  for (const row of result.rows) {
    const fundId = textOf(row.fund_id);
    if (latest.has(fundId)) continue;
    latest.set(fundId, {
      id: textOf(row.id),
      fundId,
      fundName: textOf(row.fund_name),
      periodEnd: textOf(row.period_end),
    });
  }
  return [...latest.values()];
}

export async function latestStandingClose(client: Client, fundId: string): Promise<StandingClose | null> {
  const [close] = await standingCloses(client, [fundId]);
  return close ?? null;
}

const PERIOD_CLOSED_MESSAGE = /soquy:period-closed:(\d{4}-\d{2}-\d{2})/;

/** The posting guard's refusal as the domain error, naming the period when the message carries it. */
export function periodClosedByDatabase(message: string): DomainError {
  const periodEnd = PERIOD_CLOSED_MESSAGE.exec(message)?.[1] ?? null;
  if (!periodEnd) {
    return new DomainError(
      'period-closed',
      'An entry is dated inside a closed period of its fund. Date it after the closed period, or ask an approver to reopen it.',
    );
  }
  return new DomainError(
    'period-closed',
    `The fund's books were closed through ${periodEnd} in the meantime: nothing may be dated on or before it. ` +
      `Date it after ${periodEnd}, or ask an approver to reopen the period.`,
    { extra: { periodEnd } },
  );
}

/** Totals of the fund's revenue and expense accounts through the end of `periodEnd` (one seek each). */
export async function closingBalances(
  client: Client,
  fundId: string,
  periodEnd: string,
): Promise<ClosingBalance[]> {
  const result = await client.execute({
    sql: `SELECT a.id, a.currency, a.type, coalesce(d.debit_total_minor, 0) AS debit_total,
                 coalesce(d.credit_total_minor, 0) AS credit_total
          FROM accounts a LEFT JOIN account_day_totals d ON d.account_id = a.id
            AND d.day = (SELECT max(x.day) FROM account_day_totals x WHERE x.account_id = a.id AND x.day <= ?)
          WHERE a.fund_id = ? AND a.type IN ('revenue', 'expense') ORDER BY a.currency <> 'VND', a.currency, a.code`,
    args: [periodEnd, fundId],
  });
  return result.rows.map((row) => ({
    accountId: textOf(row.id),
    currency: textOf(row.currency) as CurrencyCode,
    type: textOf(row.type) as ClosingBalance['type'],
    debitTotalMinor: bigintOf(row.debit_total),
    creditTotalMinor: bigintOf(row.credit_total),
  }));
}

// — the period_closes rows —

export function periodCloseInsert(close: PeriodCloseView): InStatement {
  return {
    sql: `INSERT INTO period_closes (id, fund_id, period_end, kind, closed_by, closed_at_ms, closing_entry_id)
          VALUES (?, ?, ?, ?, ?, ?, ?)`,
    args: [
      close.id,
      close.fundId,
      close.periodEnd,
      close.kind,
      close.closedBy,
      Date.parse(close.closedAt),
      close.closingEntryId,
    ],
  };
}

/** Marks the close reopened, only if it still stands (the trigger refuses a second reopening too). */
export function periodReopenUpdate(close: PeriodCloseView): InStatement {
  return {
    sql: `UPDATE period_closes SET reopened_by = ?, reopened_at_ms = ?, reopen_reason = ?
          WHERE id = ? AND reopened_at_ms IS NULL`,
    args: [
      close.reopenedBy,
      close.reopenedAt ? Date.parse(close.reopenedAt) : null,
      close.reopenReason,
      close.id,
    ],
  };
}

const CLOSE_SELECT = 'SELECT c.*, f.unit_id FROM period_closes c JOIN funds f ON f.id = c.fund_id';

export async function getPeriodClose(client: Client, id: string): Promise<PeriodCloseView | null> {
  const [row] = (await client.execute({ sql: `${CLOSE_SELECT} WHERE c.id = ?`, args: [id] })).rows;
  return row ? periodCloseFromRow(row) : null;
}

/** A fund's closes, latest period first (reopened ones included: they are part of the record). */
export async function listPeriodCloses(
  client: Client,
  query: { fundId: string; after: { periodEnd: string; id: string } | null; limit: number },
): Promise<PeriodCloseView[]> {
  const after = query.after ? 'AND (c.period_end, c.id) < (?, ?)' : '';
  const result = await client.execute({
    sql: `${CLOSE_SELECT} WHERE c.fund_id = ? ${after} ORDER BY c.period_end DESC, c.id DESC LIMIT ?`,
    args: [query.fundId, ...(query.after ? [query.after.periodEnd, query.after.id] : []), query.limit],
  });
  return result.rows.map(periodCloseFromRow);
}

function periodCloseFromRow(row: Row): PeriodCloseView {
  const reopenedAtMs = row.reopened_at_ms;
  return {
    id: textOf(row.id),
    fundId: textOf(row.fund_id),
    unitId: textOf(row.unit_id),
    periodEnd: textOf(row.period_end),
    kind: textOf(row.kind) as PeriodKind,
    status: reopenedAtMs === null || reopenedAtMs === undefined ? 'closed' : 'reopened',
    closedBy: textOf(row.closed_by),
    closedAt: isoInstant(row.closed_at_ms),
    closingEntryId: optionalText(row.closing_entry_id),
    reopenedBy: optionalText(row.reopened_by),
    reopenedAt: reopenedAtMs === null || reopenedAtMs === undefined ? null : isoInstant(reopenedAtMs),
    reopenReason: optionalText(row.reopen_reason),
  };
}

import type { Context } from 'hono';
import type { CampaignResultReport } from '../capabilities/campaign-result.ts';
import type { FundStatementReport } from '../capabilities/fund-statement.ts';
import type { JournalEntryRow } from '../capabilities/journal-report.ts';
import type { TrialBalance } from '../capabilities/trial-balance.ts';
import { formatMoney } from '../domain/money.ts';
import { CSV_BYTE_ORDER_MARK, csvLine } from '../domain/reports/csv.ts';
import type { AccountRegister } from '../domain/reports/general-ledger.ts';
import type { ReportPeriod } from '../domain/reports/period.ts';
import { statementLines } from '../web/report-lines.ts';
import type { AppEnv } from './env.ts';

/**
 * The reports as CSV (UTF-8 with a byte order mark, so spreadsheets read the Vietnamese): amounts in
 * integer minor units (`…_minor`), with a formatted column where a person reads along. Lines are sent as
 * they are made, in chunks, so a general ledger or journal of any size streams.
 */

/** Characters gathered before a chunk is sent. */
const CHUNK_CHARACTERS = 64 * 1024;

export function csvResponse(
  c: Context<AppEnv>,
  fileName: string,
  lines: AsyncIterable<string> | Iterable<string>,
): Response {
  const encoder = new TextEncoder();
  const iterator = (async function* () {
    let chunk = CSV_BYTE_ORDER_MARK;
    for await (const line of lines) {
      chunk += line;
      if (chunk.length >= CHUNK_CHARACTERS) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
  })();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await iterator.return(undefined);
    },
  });
  c.header('Content-Type', 'text/csv; charset=utf-8');
  c.header('Content-Disposition', `attachment; filename="${fileName}"`);
  c.header('Cache-Control', 'private, no-store');
  return c.body(body);
}

/** A file name of ASCII letters, digits and dashes: `so-cai-2024-01-01-2024-12-31.csv`. */
export function csvFileName(report: string, ...parts: (string | null)[]): string {
  const safe = parts
    .filter((part): part is string => part !== null)
    .map((part) => part.replace(/[^0-9A-Za-z-]/g, ''));
  return `${[report, ...safe].join('-')}.csv`;
}

export function* trialBalanceCsv(report: TrialBalance): Generator<string> {
  yield csvLine(['fund_id', 'account_id', 'code', 'name', 'type', 'currency', 'debit_minor', 'credit_minor']);
  for (const row of report.rows) {
    yield csvLine([
      row.fundId,
      row.accountId,
      row.code,
      row.name,
      row.type,
      row.currency,
      BigInt(row.debit),
      BigInt(row.credit),
    ]);
  }
  for (const total of report.totalsByCurrency) {
    yield csvLine(['', '', '', 'Tổng cộng', '', total.currency, BigInt(total.debit), BigInt(total.credit)]);
  }
}

export async function* generalLedgerCsv(
  period: ReportPeriod,
  registers: AsyncIterable<AccountRegister>,
): AsyncGenerator<string> {
  yield csvLine([
    'fund_id',
    'fund_name',
    'account_code',
    'account_name',
    'currency',
    'row',
    'date',
    'seq',
    'entry_id',
    'kind',
    'description',
    'memo',
    'debit_minor',
    'credit_minor',
    'balance_minor',
    'balance',
  ]);
  for await (const register of registers) {
    const { account } = register;
    const head = [account.fundId, account.fundName, account.code, account.name, account.currency];
    const balance = (minor: bigint) => [minor, formatMoney(minor, account.currency)];
    yield csvLine([
      ...head,
      'opening',
      period.from,
      null,
      null,
      null,
      'Số dư đầu kỳ',
      null,
      null,
      null,
      ...balance(register.openingMinor),
    ]);
    for (const line of register.lines) {
      yield csvLine([
        ...head,
        'posting',
        line.date,
        line.seq,
        line.entryId,
        line.kind,
        line.description,
        line.memo,
        line.side === 'debit' ? line.amountMinor : 0n,
        line.side === 'credit' ? line.amountMinor : 0n,
        line.balanceMinor,
        // Formatted on the opening and closing rows only: formatting every line would double the time.
        null,
      ]);
    }
    yield csvLine([
      ...head,
      'closing',
      period.to,
      null,
      null,
      null,
      'Cộng phát sinh và số dư cuối kỳ',
      null,
      register.debitMinor,
      register.creditMinor,
      ...balance(register.closingMinor),
    ]);
  }
}

export async function* journalCsv(entries: AsyncIterable<JournalEntryRow>): AsyncGenerator<string> {
  yield csvLine([
    'date',
    'seq',
    'entry_id',
    'kind',
    'description',
    'reverses_entry_id',
    'fund_id',
    'account_code',
    'account_name',
    'currency',
    'debit_minor',
    'credit_minor',
    'memo',
  ]);
  for await (const entry of entries) {
    for (const posting of entry.postings) {
      yield csvLine([
        entry.date,
        entry.seq,
        entry.id,
        entry.kind,
        entry.description,
        entry.reversesEntryId,
        posting.fundId,
        posting.code,
        posting.name,
        posting.currency,
        posting.side === 'debit' ? posting.amountMinor : 0n,
        posting.side === 'credit' ? posting.amountMinor : 0n,
        posting.memo,
      ]);
    }
  }
}

export function* fundStatementCsv(report: FundStatementReport): Generator<string> {
  yield csvLine(['currency', 'section', 'item', 'label', 'amount_minor', 'amount']);
  for (const block of report.currencies) {
    for (const line of statementLines(block)) {
      yield csvLine([
        block.currency,
        line.section,
        line.item,
        line.label,
        line.amountMinor,
        formatMoney(line.amountMinor, block.currency),
      ]);
    }
  }
}

export function* campaignResultCsv(report: CampaignResultReport): Generator<string> {
  yield csvLine([
    'campaign_id',
    'campaign_name',
    'phase',
    'receiving_from',
    'receiving_to',
    'distribution_deadline',
    'currency',
    'pledges',
    'mobilised_minor',
    'gifts',
    'received_minor',
    'received_in_kind_minor',
    'disbursements',
    'distributed_minor',
    'remaining_minor',
  ]);
  for (const campaign of report.campaigns) {
    for (const line of campaign.lines) {
      yield csvLine([
        campaign.campaignId,
        campaign.name,
        campaign.phase,
        campaign.receivingFrom,
        campaign.receivingTo,
        campaign.distributionDeadline,
        line.currency,
        line.pledgeCount,
        BigInt(line.mobilised),
        line.giftCount,
        BigInt(line.received),
        BigInt(line.receivedInKind),
        line.disbursementCount,
        BigInt(line.distributed),
        BigInt(line.remaining),
      ]);
    }
  }
}

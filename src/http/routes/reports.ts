import { Hono } from 'hono';
import { campaignResult } from '../../capabilities/campaign-result.ts';
import { fundStatement } from '../../capabilities/fund-statement.ts';
import { generalLedger, generalLedgerRegisters } from '../../capabilities/general-ledger.ts';
import { journal, journalEntries } from '../../capabilities/journal-report.ts';
import { pledgeReport } from '../../capabilities/pledges.ts';
import { trialBalance } from '../../capabilities/trial-balance.ts';
import { todayInVietnam } from '../../domain/dates.ts';
import type { AppEnv } from '../env.ts';
import {
  campaignResultCsv,
  csvFileName,
  csvResponse,
  fundStatementCsv,
  generalLedgerCsv,
  journalCsv,
  trialBalanceCsv,
} from '../report-csv.ts';
import { reportDeps } from '../report-deps.ts';
import {
  campaignResultQuery,
  fundStatementQuery,
  generalLedgerQuery,
  journalQuery,
  trialBalanceReportQuery,
} from '../report-schemas.ts';
import { pledgeReportQuery } from '../schemas.ts';
import { validate } from '../validation.ts';

/** The ledger's reports as JSON, or with `format=csv` as CSV (printable pages: routes/report-pages.ts). */
export const reportRoutes = new Hono<AppEnv>()
  .get('/trial-balance', validate('query', trialBalanceReportQuery), async (c) => {
    const query = c.req.valid('query');
    const scope = {
      fundId: query.fundId ?? null,
      unitId: query.unitId ?? null,
      descendants: query.descendants ?? false,
    };
    const report = await trialBalance(c.var.deps, c.var.actor, { scope, asOf: query.asOf ?? null });
    if (query.format !== 'csv') return c.json(report);
    const asOf = report.asOf ?? todayInVietnam(c.var.deps.nowMs());
    return csvResponse(c, csvFileName('trial-balance', asOf), trialBalanceCsv(report));
  })
  .get('/pledges', validate('query', pledgeReportQuery), async (c) =>
    c.json(await pledgeReport(c.var.deps, c.var.actor, c.req.valid('query'))),
  )
  .get('/general-ledger', validate('query', generalLedgerQuery), async (c) => {
    const query = c.req.valid('query');
    if (query.format !== 'csv') return c.json(await generalLedger(reportDeps(c), c.var.actor, query));
    const { resolved, registers } = await generalLedgerRegisters(reportDeps(c), c.var.actor, query);
    const { from, to } = resolved.period;
    return csvResponse(
      c,
      csvFileName('general-ledger', from, to),
      generalLedgerCsv(resolved.period, registers),
    );
  })
  .get('/journal', validate('query', journalQuery), async (c) => {
    const query = c.req.valid('query');
    if (query.format !== 'csv') return c.json(await journal(reportDeps(c), c.var.actor, query));
    const { resolved, entries } = await journalEntries(reportDeps(c), c.var.actor, query);
    const { from, to } = resolved.period;
    return csvResponse(c, csvFileName('journal', from, to), journalCsv(entries));
  })
  .get('/fund-statement', validate('query', fundStatementQuery), async (c) => {
    const query = c.req.valid('query');
    const report = await fundStatement(reportDeps(c), c.var.actor, query);
    if (query.format !== 'csv') return c.json(report);
    return csvResponse(c, csvFileName('fund-statement', report.from, report.to), fundStatementCsv(report));
  })
  .get('/campaign-result', validate('query', campaignResultQuery), async (c) => {
    const query = c.req.valid('query');
    const report = await campaignResult(reportDeps(c), c.var.actor, query);
    if (query.format !== 'csv') return c.json(report);
    return csvResponse(c, csvFileName('campaign-result', report.asOf), campaignResultCsv(report));
  });

import { Hono } from 'hono';
import { campaignResult } from '../../capabilities/campaign-result.ts';
import { fundStatement } from '../../capabilities/fund-statement.ts';
import { generalLedger } from '../../capabilities/general-ledger.ts';
import { journal } from '../../capabilities/journal-report.ts';
import { trialBalance } from '../../capabilities/trial-balance.ts';
import { todayInVietnam } from '../../domain/dates.ts';
import {
  renderCampaignResultPage,
  renderFundStatementPage,
  renderGeneralLedgerPage,
  renderJournalPage,
  renderTrialBalancePage,
} from '../../web/report-pages.tsx';
import type { AppEnv } from '../env.ts';
import { headingOf, reportDeps } from '../report-deps.ts';
import {
  campaignResultQuery,
  fundStatementQuery,
  generalLedgerQuery,
  journalQuery,
  trialBalanceReportQuery,
} from '../report-schemas.ts';
import { validate } from '../validation.ts';

/**
 * GET /reports/<report> — the printable pages of the reports, for whoever may read the same JSON
 * (staff and auditors in scope); the query is the JSON's (`format` is ignored). Never cached.
 */
export const reportPageRoutes = new Hono<AppEnv>()
  .use(async (c, next) => {
    await next();
    c.header('Cache-Control', 'private, no-store');
  })
  .get('/trial-balance', validate('query', trialBalanceReportQuery), async (c) => {
    const query = c.req.valid('query');
    const scope = {
      fundId: query.fundId ?? null,
      unitId: query.unitId ?? null,
      descendants: query.descendants ?? false,
    };
    const report = await trialBalance(c.var.deps, c.var.actor, { scope, asOf: query.asOf ?? null });
    const asOf = report.asOf ?? todayInVietnam(c.var.deps.nowMs());
    return c.html(renderTrialBalancePage(report, await headingOf(c, scope), asOf));
  })
  .get('/general-ledger', validate('query', generalLedgerQuery), async (c) => {
    const report = await generalLedger(reportDeps(c), c.var.actor, c.req.valid('query'));
    return c.html(renderGeneralLedgerPage(report, await headingOf(c, report.scope)));
  })
  .get('/journal', validate('query', journalQuery), async (c) => {
    const report = await journal(reportDeps(c), c.var.actor, c.req.valid('query'));
    return c.html(renderJournalPage(report, await headingOf(c, report.scope)));
  })
  .get('/fund-statement', validate('query', fundStatementQuery), async (c) => {
    const report = await fundStatement(reportDeps(c), c.var.actor, c.req.valid('query'));
    return c.html(renderFundStatementPage(report, await headingOf(c, report.scope)));
  })
  .get('/campaign-result', validate('query', campaignResultQuery), async (c) => {
    const report = await campaignResult(reportDeps(c), c.var.actor, c.req.valid('query'));
    const fundId = report.campaigns[0]?.fundId ?? report.scope.fundId;
    return c.html(renderCampaignResultPage(report, await headingOf(c, { fundId, unitId: null })));
  });

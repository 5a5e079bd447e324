import type { Permission } from '../domain/access.ts';

/**
 * Every endpoint, its audited action and who may call it: one table, checked at run time (an endpoint
 * missing from it is refused) and by the test suite (which derives its route × role × scope matrix from
 * it). `public`: anyone; `signed-in`: any user; a permission: a user holding it somewhere — the
 * capability then checks it at the unit the request touches.
 */
export type Access = 'public' | 'signed-in' | Permission;

export interface RouteRule {
  action: string;
  access: Access;
}

export const ROUTE_RULES = {
  'GET /healthz': { action: 'health.read', access: 'public' },
  'GET /problems/:code': { action: 'problems.read', access: 'public' },
  'POST /api/v1/auth/login': { action: 'auth.login', access: 'public' },
  'POST /api/v1/auth/logout': { action: 'auth.logout', access: 'signed-in' },
  'GET /api/v1/auth/me': { action: 'auth.me', access: 'signed-in' },
  'POST /api/v1/units': { action: 'units.create', access: 'unit.manage' },
  'GET /api/v1/units': { action: 'units.list', access: 'signed-in' },
  'GET /api/v1/units/:id': { action: 'units.read', access: 'signed-in' },
  'POST /api/v1/units/:id/succession': { action: 'units.succession', access: 'unit.manage' },
  'POST /api/v1/funds': { action: 'funds.create', access: 'fund.manage' },
  'GET /api/v1/funds': { action: 'funds.list', access: 'ledger.read' },
  'GET /api/v1/funds/:id': { action: 'funds.read', access: 'ledger.read' },
  'POST /api/v1/accounts': { action: 'accounts.create', access: 'fund.manage' },
  'GET /api/v1/accounts': { action: 'accounts.list', access: 'ledger.read' },
  'GET /api/v1/accounts/:id': { action: 'accounts.read', access: 'ledger.read' },
  'GET /api/v1/accounts/:id/postings': { action: 'accounts.postings', access: 'ledger.read' },
  'POST /api/v1/entries': { action: 'entries.create', access: 'ledger.record' },
  'GET /api/v1/entries/:id': { action: 'entries.read', access: 'ledger.read' },
  'POST /api/v1/entries/:id/reverse': { action: 'entries.reverse', access: 'ledger.reverse' },
  'GET /api/v1/reports/trial-balance': { action: 'reports.trial-balance', access: 'ledger.read' },
  'GET /api/v1/export/hledger': { action: 'export.hledger', access: 'ledger.read' },
  'POST /api/v1/users': { action: 'users.create', access: 'user.manage' },
  'GET /api/v1/users': { action: 'users.list', access: 'user.manage' },
  'POST /api/v1/users/:id/grants': { action: 'grants.create', access: 'user.manage' },
  'DELETE /api/v1/users/:id/grants/:grantId': { action: 'grants.revoke', access: 'user.manage' },
  // A user may make and revoke their own tokens; for someone else's, the capability asks for user.manage.
  'POST /api/v1/users/:id/tokens': { action: 'tokens.create', access: 'signed-in' },
  'DELETE /api/v1/tokens/:id': { action: 'tokens.revoke', access: 'signed-in' },
  'GET /api/v1/audit': { action: 'audit.list', access: 'audit.read' },
  'POST /api/v1/campaigns': { action: 'campaigns.create', access: 'fund.manage' },
  'GET /api/v1/campaigns': { action: 'campaigns.list', access: 'ledger.read' },
  'GET /api/v1/campaigns/:id': { action: 'campaigns.read', access: 'ledger.read' },
  'GET /api/v1/campaigns/:id/vietqr': { action: 'campaigns.vietqr', access: 'ledger.read' },
  'POST /api/v1/donations': { action: 'donations.create', access: 'ledger.record' },
  'POST /api/v1/donations/batch': { action: 'donations.batch', access: 'ledger.record' },
  'GET /api/v1/donations': { action: 'donations.list', access: 'ledger.read' },
  'GET /api/v1/donations/:id': { action: 'donations.read', access: 'ledger.read' },
  'POST /api/v1/donations/:id/void': { action: 'donations.void', access: 'ledger.record' },
  'GET /api/v1/receipts/:receiptNo': { action: 'receipts.read', access: 'ledger.read' },
  'POST /api/v1/pledges': { action: 'pledges.create', access: 'ledger.record' },
  'GET /api/v1/pledges': { action: 'pledges.list', access: 'ledger.read' },
  'POST /api/v1/pledges/:id/cancel': { action: 'pledges.cancel', access: 'ledger.record' },
  'GET /api/v1/reports/pledges': { action: 'reports.pledges', access: 'ledger.read' },
  // Reports (issue 7): whoever may read the books in scope, auditors included; `format=csv` is the same rule.
  'GET /api/v1/reports/general-ledger': { action: 'reports.general-ledger', access: 'ledger.read' },
  'GET /api/v1/reports/journal': { action: 'reports.journal', access: 'ledger.read' },
  'GET /api/v1/reports/fund-statement': { action: 'reports.fund-statement', access: 'ledger.read' },
  'GET /api/v1/reports/campaign-result': { action: 'reports.campaign-result', access: 'ledger.read' },
  // Khóa sổ: approvers (and admins) close and reopen a fund's periods; reopening is audited like any write.
  'POST /api/v1/period-closes': { action: 'period-closes.create', access: 'period.close' },
  'GET /api/v1/period-closes': { action: 'period-closes.list', access: 'ledger.read' },
  'DELETE /api/v1/period-closes/:id': { action: 'period-closes.reopen', access: 'period.close' },
  // The donor registry is staff-only; reading a donor's private fields is audited as donors.read-private.
  'GET /api/v1/donors': { action: 'donors.list', access: 'ledger.read' },
  'GET /api/v1/donors/:id': { action: 'donors.read', access: 'ledger.read' },
  'POST /api/v1/donors/:id/merge': { action: 'donors.merge', access: 'ledger.record' },
  // Beneficiaries: out of scope they are not found; reading one's private details is audited as
  // beneficiary.private.read (all four roles hold private.read; a reader without it gets no private field).
  'POST /api/v1/beneficiaries': { action: 'beneficiaries.create', access: 'ledger.record' },
  'GET /api/v1/beneficiaries': { action: 'beneficiaries.list', access: 'ledger.read' },
  'GET /api/v1/beneficiaries/:id': { action: 'beneficiaries.read', access: 'ledger.read' },
  'PATCH /api/v1/beneficiaries/:id': { action: 'beneficiaries.update', access: 'ledger.record' },
  'POST /api/v1/projects': { action: 'projects.create', access: 'ledger.record' },
  'GET /api/v1/projects': { action: 'projects.list', access: 'ledger.read' },
  'GET /api/v1/projects/:id': { action: 'projects.read', access: 'ledger.read' },
  'POST /api/v1/projects/:id/status': { action: 'projects.status', access: 'ledger.record' },
  'POST /api/v1/projects/:id/milestones': { action: 'projects.milestone', access: 'ledger.record' },
  'POST /api/v1/projects/:id/evidence': { action: 'projects.evidence', access: 'ledger.record' },
  'GET /api/v1/projects/:id/evidence/:evidenceId': {
    action: 'projects.evidence-file',
    access: 'ledger.read',
  },
  'POST /api/v1/projects/:id/handover': { action: 'projects.handover', access: 'ledger.record' },
  'POST /api/v1/disbursements': { action: 'disbursements.create', access: 'ledger.record' },
  'GET /api/v1/disbursements': { action: 'disbursements.list', access: 'ledger.read' },
  'GET /api/v1/disbursements/:id': { action: 'disbursements.read', access: 'ledger.read' },
  'POST /api/v1/disbursements/:id/approve': {
    action: 'disbursements.approve',
    access: 'disbursement.approve',
  },
  'POST /api/v1/disbursements/:id/reject': { action: 'disbursements.reject', access: 'disbursement.approve' },
  'POST /api/v1/disbursements/:id/pay': { action: 'disbursements.pay', access: 'disbursement.pay' },
  'POST /api/v1/disbursements/:id/reverse': { action: 'disbursements.reverse', access: 'ledger.reverse' },
  'POST /api/v1/transfers': { action: 'transfers.create', access: 'ledger.record' },
  'GET /api/v1/transfers': { action: 'transfers.list', access: 'ledger.read' },
  'GET /api/v1/transfers/:id': { action: 'transfers.read', access: 'ledger.read' },
  'POST /api/v1/transfers/:id/reverse': { action: 'transfers.reverse', access: 'ledger.reverse' },
  'GET /api/v1/donations/:id/trace': { action: 'donations.trace', access: 'ledger.read' },
  'GET /api/v1/receipts/:receiptNo/trace': { action: 'receipts.trace', access: 'ledger.read' },
  'GET /api/v1/projects/:id/sources': { action: 'projects.sources', access: 'ledger.read' },
  // Bank statements and reconciliation (issue 7): at the bank account's unit, importing and matching
  // record; reading the lines and the reconciliation read the books.
  'POST /api/v1/bank-accounts/:accountId/statements': {
    action: 'statements.import',
    access: 'ledger.record',
  },
  'GET /api/v1/bank-accounts/:accountId/lines': { action: 'statements.lines', access: 'ledger.read' },
  'POST /api/v1/bank-accounts/:accountId/lines/:lineId/match': {
    action: 'statements.match',
    access: 'ledger.record',
  },
  'POST /api/v1/bank-accounts/:accountId/lines/:lineId/confirm': {
    action: 'statements.confirm',
    access: 'ledger.record',
  },
  'POST /api/v1/bank-accounts/:accountId/lines/:lineId/unmatch': {
    action: 'statements.unmatch',
    access: 'ledger.record',
  },
  'POST /api/v1/bank-accounts/:accountId/lines/:lineId/ignore': {
    action: 'statements.ignore',
    access: 'ledger.record',
  },
  'POST /api/v1/bank-accounts/:accountId/lines/:lineId/donation': {
    action: 'statements.donation',
    access: 'ledger.record',
  },
  'GET /api/v1/bank-accounts/:accountId/reconciliation': {
    action: 'statements.reconciliation',
    access: 'ledger.read',
  },
  // The hash chain's head (or its link at ?seq=N): anyone may note it and check it later.
  'GET /api/v1/public/integrity': { action: 'public.integrity', access: 'public' },
  // The public site's API (issue 6): no credentials; nothing private in any answer.
  'GET /api/v1/public/funds': { action: 'public.funds', access: 'public' },
  'GET /api/v1/public/funds/:id': { action: 'public.fund', access: 'public' },
  'GET /api/v1/public/funds/:id/donations': { action: 'public.donations', access: 'public' },
  'GET /api/v1/public/funds/:id/donations.csv': { action: 'public.donations', access: 'public' },
  'GET /api/v1/public/funds/:id/disbursements': { action: 'public.disbursements', access: 'public' },
  'GET /api/v1/public/funds/:id/disbursements.csv': { action: 'public.disbursements', access: 'public' },
  'GET /api/v1/public/projects/:id': { action: 'public.project', access: 'public' },
  'GET /api/v1/public/projects/:id/evidence/:evidenceId': {
    action: 'public.evidence-file',
    access: 'public',
  },
  'GET /api/v1/public/trace': { action: 'public.trace', access: 'public' },
  'GET /api/v1/public/campaigns/:id/notices': { action: 'public.notices', access: 'public' },
  // Publishing a campaign's disclosure notice (Nghị định 93/2021, art. 14) is the unit's management's act.
  'POST /api/v1/campaigns/:id/notices': { action: 'campaigns.publish-notice', access: 'fund.manage' },
  // Pages: the printable receipt is staff-only like its JSON; its stylesheets are public static files.
  'GET /receipts/:receiptNo': { action: 'receipts.print', access: 'ledger.read' },
  // The printable reports: the same readers as their JSON.
  'GET /reports/trial-balance': { action: 'reports.print-trial-balance', access: 'ledger.read' },
  'GET /reports/general-ledger': { action: 'reports.print-general-ledger', access: 'ledger.read' },
  'GET /reports/journal': { action: 'reports.print-journal', access: 'ledger.read' },
  'GET /reports/fund-statement': { action: 'reports.print-fund-statement', access: 'ledger.read' },
  'GET /reports/campaign-result': { action: 'reports.print-campaign-result', access: 'ledger.read' },
  'GET /assets/:name': { action: 'assets.read', access: 'public' },
  // The public transparency site's pages (issue 6): anyone, no credentials, nothing private.
  'GET /': { action: 'pages.home', access: 'public' },
  'GET /funds/:id': { action: 'pages.fund', access: 'public' },
  'GET /funds/:id/donations': { action: 'pages.donations', access: 'public' },
  'GET /campaigns/:id/donations': { action: 'pages.campaign-donations', access: 'public' },
  'GET /funds/:id/disbursements': { action: 'pages.disbursements', access: 'public' },
  'GET /trace': { action: 'pages.trace', access: 'public' },
  'GET /projects/:id': { action: 'pages.project', access: 'public' },
  'GET /lang/:code': { action: 'pages.language', access: 'public' },
} as const satisfies Record<string, RouteRule>;

export type RouteKey = keyof typeof ROUTE_RULES;

export function ruleFor(method: string, path: string): RouteRule | null {
  return (ROUTE_RULES as Record<string, RouteRule>)[`${method} ${path}`] ?? null;
}

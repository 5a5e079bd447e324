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
  // Pages: the printable receipt is staff-only like its JSON; its stylesheets are public static files.
  'GET /receipts/:receiptNo': { action: 'receipts.print', access: 'ledger.read' },
  'GET /assets/:name': { action: 'assets.read', access: 'public' },
} as const satisfies Record<string, RouteRule>;

export type RouteKey = keyof typeof ROUTE_RULES;

export function ruleFor(method: string, path: string): RouteRule | null {
  return (ROUTE_RULES as Record<string, RouteRule>)[`${method} ${path}`] ?? null;
}

import { type Context, Hono } from 'hono';
import { integrityLink } from '../../capabilities/integrity.ts';
import { listPublicDisbursements } from '../../capabilities/public-disbursements.ts';
import { searchPublicDonations } from '../../capabilities/public-donations.ts';
import { listPublicFunds, publicFund } from '../../capabilities/public-funds.ts';
import {
  type PublicCampaignHeader,
  publicCampaignHeader,
  publicFundHeader,
  publicYears,
} from '../../capabilities/public-home.ts';
import { publicProject } from '../../capabilities/public-projects.ts';
import { publicTrace } from '../../capabilities/public-trace.ts';
import { publicHomeStoreFor } from '../../db/public-home-store.ts';
import { DomainError, type FieldError } from '../../domain/errors.ts';
import { type DisbursementsPageData, renderDisbursementsPage } from '../../web/public/disbursements-page.tsx';
import {
  type DonationSearchForm,
  type DonationsPageData,
  renderDonationsPage,
} from '../../web/public/donations-page.tsx';
import { renderFundPage } from '../../web/public/fund-page.tsx';
import { renderHomePage } from '../../web/public/home-page.tsx';
import { href, type Lang } from '../../web/public/i18n.ts';
import type { IntegrityHead } from '../../web/public/layout.tsx';
import { renderProjectPage } from '../../web/public/project-page.tsx';
import { renderTracePage } from '../../web/public/trace-page.tsx';
import type { AppEnv } from '../env.ts';
import { publicDeps } from '../public-deps.ts';
import { renderPage, switchLanguage } from '../public-page-kit.ts';
import {
  publicDisbursementsQuery,
  publicDonationsQuery,
  publicFundQuery,
  publicFundsQuery,
} from '../public-schemas.ts';

/**
 * The public transparency site (issue 6): server-rendered pages over the public read model, in
 * Vietnamese or English, that work without JavaScript. Every list links to the same data in the public
 * API (/api/v1/public) as CSV and JSON with the same filters.
 */

/** Rows per page of the sao kê and the disbursement list. */
const PAGE_ROWS = 50;
/** Form values longer than this are cut (the API refuses longer search text anyway). */
const FORM_VALUE_LENGTH_MAX = 200;

function homeDeps(c: Context<AppEnv>) {
  return { store: publicHomeStoreFor(c.var.deps.store.client), nowMs: c.var.deps.nowMs };
}

/** The chain head for the footer; a page never fails because the chain cannot be read. */
async function integrityHead(c: Context<AppEnv>): Promise<IntegrityHead | null> {
  try {
    const link = await integrityLink(c.var.deps, null);
    return link.hash ? { seq: link.seq, hash: link.hash, at: link.at } : null;
  } catch {
    return null;
  }
}

function formValue(c: Context<AppEnv>, name: string): string {
  return (c.req.query(name) ?? '').trim().slice(0, FORM_VALUE_LENGTH_MAX);
}

/** A year from the query, or undefined when absent or not a year the API accepts. */
function askedYear(c: Context<AppEnv>): number | undefined {
  const parsed = publicFundQuery.safeParse({ year: c.req.query('year') });
  return parsed.success ? parsed.data.year : undefined;
}

function fieldErrorsOf(issues: { path: PropertyKey[]; message: string }[]): FieldError[] {
  return issues.map((issue) => ({
    field: issue.path.map(String).join('.') || 'query',
    detail: issue.message,
  }));
}

function validationErrors(error: unknown): FieldError[] | null {
  if (!(error instanceof DomainError) || error.code !== 'validation-failed') return null;
  return error.fieldErrors.length > 0 ? error.fieldErrors : [{ field: 'query', detail: error.message }];
}

// — the sao kê —

function donationForm(c: Context<AppEnv>): DonationSearchForm {
  return {
    q: formValue(c, 'q'),
    ref: formValue(c, 'ref'),
    amount: formValue(c, 'amount'),
    amountMin: formValue(c, 'amountMin'),
    amountMax: formValue(c, 'amountMax'),
    from: formValue(c, 'from'),
    to: formValue(c, 'to'),
    sort: formValue(c, 'sort'),
  };
}

/** The API's filters for a form: an exact amount is a range of one value. */
function donationFilters(form: DonationSearchForm, campaignId: string | null): Record<string, string> {
  const filters: Record<string, string> = {
    q: form.q,
    ref: form.ref,
    amountMin: form.amount || form.amountMin,
    amountMax: form.amount || form.amountMax,
    from: form.from,
    to: form.to,
    sort: form.sort === 'date_desc' ? '' : form.sort,
    campaignId: campaignId ?? '',
  };
  return Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== ''));
}

function apiLink(path: string, params: Record<string, string>): string {
  const query = new URLSearchParams(params).toString();
  return query ? `${path}?${query}` : path;
}

async function donationsPage(
  c: Context<AppEnv>,
  lang: Lang,
  fundId: string,
  campaign: PublicCampaignHeader | null,
): Promise<DonationsPageData> {
  const deps = publicDeps(c.var.deps);
  const fund = campaign ? campaign.fund : await publicFundHeader(deps, fundId);
  const action = campaign ? `/campaigns/${campaign.id}/donations` : `/funds/${fund.id}/donations`;
  const form = donationForm(c);
  // The page's own parameters: what the form shows (the exact amount stays one field).
  const pageParams = Object.fromEntries(Object.entries(form).filter(([, value]) => value !== ''));
  const filters = donationFilters(form, campaign?.id ?? null);
  const cursor = formValue(c, 'cursor');
  const parsed = publicDonationsQuery.safeParse({
    ...filters,
    cursor: cursor || undefined,
    limit: PAGE_ROWS,
  });
  let errors: FieldError[] = parsed.success ? [] : fieldErrorsOf(parsed.error.issues);
  if (form.amount && !/^\d{1,16}$/.test(form.amount)) errors.push({ field: 'amount', detail: 'digits only' });
  let result = null;
  if (errors.length === 0 && parsed.success) {
    try {
      const { format: _format, ...query } = parsed.data;
      result = await searchPublicDonations(deps, { ...query, fundId: fund.id });
    } catch (error) {
      const invalid = validationErrors(error);
      if (!invalid) throw error;
      errors = invalid;
    }
  }
  if (errors.length > 0) c.status(422);
  const apiPath = `/api/v1/public/funds/${fund.id}/donations`;
  return {
    fund,
    campaign,
    action,
    form,
    errors,
    result,
    nextHref: result?.nextCursor ? href(lang, action, { ...pageParams, cursor: result.nextCursor }) : null,
    firstHref: cursor ? href(lang, action, pageParams) : null,
    csvHref: apiLink(`${apiPath}.csv`, filters),
    jsonHref: apiLink(apiPath, filters),
  };
}

// — disbursements —

async function disbursementsPage(
  c: Context<AppEnv>,
  lang: Lang,
  fundId: string,
): Promise<DisbursementsPageData> {
  const deps = publicDeps(c.var.deps);
  const fund = await publicFundHeader(deps, fundId);
  const form = { category: formValue(c, 'category'), from: formValue(c, 'from'), to: formValue(c, 'to') };
  const filters = Object.fromEntries(Object.entries(form).filter(([, value]) => value !== ''));
  const cursor = formValue(c, 'cursor');
  const parsed = publicDisbursementsQuery.safeParse({
    ...filters,
    cursor: cursor || undefined,
    limit: PAGE_ROWS,
  });
  let errors: FieldError[] = parsed.success ? [] : fieldErrorsOf(parsed.error.issues);
  let result = null;
  if (parsed.success) {
    try {
      const { format: _format, ...query } = parsed.data;
      result = await listPublicDisbursements(deps, { ...query, fundId: fund.id });
    } catch (error) {
      const invalid = validationErrors(error);
      if (!invalid) throw error;
      errors = invalid;
    }
  }
  if (errors.length > 0) c.status(422);
  const action = `/funds/${fund.id}/disbursements`;
  const apiPath = `/api/v1/public/funds/${fund.id}/disbursements`;
  return {
    fund,
    form,
    errors,
    result,
    nextHref: result?.nextCursor ? href(lang, action, { ...filters, cursor: result.nextCursor }) : null,
    firstHref: cursor ? href(lang, action, filters) : null,
    csvHref: apiLink(`${apiPath}.csv`, filters),
    jsonHref: apiLink(apiPath, filters),
  };
}

// — trace —

const RECEIPT_NUMBER = /^PT-[A-Z0-9]+-\d{4}-\d{6}$/i;

/**
 * A receipt number or a bank reference: the receipt's shape decides; a reference is tried as typed, then
 * in capitals (banks print them so), then as a receipt number.
 */
async function traceOf(c: Context<AppEnv>, query: string) {
  const deps = publicDeps(c.var.deps);
  const upper = query.toUpperCase();
  const attempts: ({ receipt: string } | { bankRef: string })[] = RECEIPT_NUMBER.test(query)
    ? [{ receipt: upper }]
    : [{ bankRef: query }, ...(upper !== query ? [{ bankRef: upper }] : []), { receipt: upper }];
  for (const attempt of attempts) {
    try {
      const result = await publicTrace(deps, attempt);
      const [name, value] = Object.entries(attempt)[0]!;
      return { result, apiHref: apiLink('/api/v1/public/trace', { [name]: value }) };
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'not-found')) throw error;
    }
  }
  return null;
}

/** The routes; every one is `public` in ROUTE_RULES (src/http/access-rules.ts). */
export const publicPageRoutes = new Hono<AppEnv>()
  .get('/', (c) =>
    renderPage(c, integrityHead, async (frame) => {
      const years = await publicYears(homeDeps(c), 'ledger', askedYear(c));
      const parsed = publicFundsQuery.safeParse({ cursor: c.req.query('cursor') });
      const cursor = parsed.success ? parsed.data.cursor : undefined;
      const view = await listPublicFunds(publicDeps(c.var.deps), {
        year: years.selected,
        cursor: cursor ?? null,
      });
      return renderHomePage(frame, view, years);
    }),
  )
  .get('/funds/:id', (c) =>
    renderPage(c, integrityHead, async (frame) => {
      const fundId = c.req.param('id');
      const years = await publicYears(homeDeps(c), { fundId }, askedYear(c));
      const fund = await publicFund(publicDeps(c.var.deps), fundId, { year: years.selected });
      return renderFundPage(frame, fund, years);
    }),
  )
  .get('/funds/:id/donations', (c) =>
    renderPage(c, integrityHead, async (frame) =>
      renderDonationsPage(frame, await donationsPage(c, frame.lang, c.req.param('id'), null)),
    ),
  )
  .get('/campaigns/:id/donations', (c) =>
    renderPage(c, integrityHead, async (frame) => {
      const campaign = await publicCampaignHeader(publicDeps(c.var.deps), c.req.param('id'));
      return renderDonationsPage(frame, await donationsPage(c, frame.lang, campaign.fund.id, campaign));
    }),
  )
  .get('/funds/:id/disbursements', (c) =>
    renderPage(c, integrityHead, async (frame) =>
      renderDisbursementsPage(frame, await disbursementsPage(c, frame.lang, c.req.param('id'))),
    ),
  )
  .get('/trace', (c) =>
    renderPage(c, integrityHead, async (frame) => {
      const query = formValue(c, 'q') || formValue(c, 'receipt') || formValue(c, 'bankRef');
      const found = query ? await traceOf(c, query) : null;
      if (query && !found) c.status(404);
      return renderTracePage(frame, {
        query,
        result: found?.result ?? null,
        notFound: Boolean(query) && !found,
        invalid: null,
        apiHref: found?.apiHref ?? null,
      });
    }),
  )
  .get('/projects/:id', (c) =>
    renderPage(c, integrityHead, async (frame) =>
      renderProjectPage(frame, await publicProject(publicDeps(c.var.deps), c.req.param('id'))),
    ),
  )
  .get('/lang/:code', (c) => switchLanguage(c));

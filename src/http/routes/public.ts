import { type Context, Hono } from 'hono';
import { campaignNotices } from '../../capabilities/disclosure-notices.ts';
import {
  eachPublicDisbursement,
  listPublicDisbursements,
  type PublicDisbursementQuery,
  type PublicDisbursementView,
} from '../../capabilities/public-disbursements.ts';
import {
  eachPublicDonation,
  type PublicDonationQuery,
  type PublicDonationView,
  publicSearchOf,
  searchPublicDonations,
} from '../../capabilities/public-donations.ts';
import { listPublicFunds, publicFund } from '../../capabilities/public-funds.ts';
import { publicEvidenceFile, publicProject } from '../../capabilities/public-projects.ts';
import { publicTrace } from '../../capabilities/public-trace.ts';
import { DomainError } from '../../domain/errors.ts';
import { PUBLIC_CSV_ROWS_PER_QUERY } from '../../domain/limits.ts';
import { evidenceFileName, reprDigestOf } from '../../domain/projects.ts';
import { CHANNEL_LABELS_VI, csvCell } from '../../domain/public-disclosure.ts';
import type { AppEnv } from '../env.ts';
import { publicCached } from '../public-cache.ts';
import { publicDeps } from '../public-deps.ts';
import {
  publicDisbursementsQuery,
  publicDonationsQuery,
  publicFundQuery,
  publicFundsQuery,
  publicTraceQuery,
} from '../public-schemas.ts';
import { validate } from '../validation.ts';

/**
 * The public API (issue 6), mounted at /api/v1/public: no credentials, CORS as configured, every
 * answer cacheable (Cache-Control and a strong ETag; If-None-Match → 304). The lists also come as CSV
 * (`?format=csv` or a `.csv` path): UTF-8 with a BOM so that Excel reads Vietnamese, streamed a page at
 * a time, with the same filters.
 */
export const publicRoutes = new Hono<AppEnv>()
  .get('/funds', validate('query', publicFundsQuery), (c) =>
    publicCached(c, async () => c.json(await listPublicFunds(publicDeps(c.var.deps), c.req.valid('query')))),
  )
  .get('/funds/:id', validate('query', publicFundQuery), (c) =>
    publicCached(c, async () =>
      c.json(await publicFund(publicDeps(c.var.deps), c.req.param('id'), c.req.valid('query'))),
    ),
  )
  .get('/funds/:id/donations', validate('query', publicDonationsQuery), (c) =>
    donations(c, c.req.valid('query'), c.req.valid('query').format === 'csv'),
  )
  .get('/funds/:id/donations.csv', validate('query', publicDonationsQuery), (c) =>
    donations(c, c.req.valid('query'), true),
  )
  .get('/funds/:id/disbursements', validate('query', publicDisbursementsQuery), (c) =>
    disbursements(c, c.req.valid('query'), c.req.valid('query').format === 'csv'),
  )
  .get('/funds/:id/disbursements.csv', validate('query', publicDisbursementsQuery), (c) =>
    disbursements(c, c.req.valid('query'), true),
  )
  .get('/projects/:id', (c) =>
    publicCached(c, async () => c.json(await publicProject(publicDeps(c.var.deps), c.req.param('id')))),
  )
  .get('/projects/:id/evidence/:evidenceId', async (c) => {
    const file = await publicEvidenceFile(
      publicDeps(c.var.deps),
      c.req.param('id'),
      c.req.param('evidenceId'),
    );
    const etag = `"${file.sha256}"`;
    const headers = { ETag: etag, 'Cache-Control': 'public, max-age=86400, immutable' };
    if (
      c.req
        .header('If-None-Match')
        ?.split(',')
        .some((tag) => tag.trim().replace(/^W\//, '') === etag)
    ) {
      return c.body(null, 304, headers);
    }
    return c.body(file.content, 200, {
      ...headers,
      'Content-Type': file.contentType,
      'Content-Disposition': `inline; filename="${evidenceFileName(c.req.param('evidenceId'), file.contentType)}"`,
      'Repr-Digest': reprDigestOf(file.sha256),
    });
  })
  .get('/trace', validate('query', publicTraceQuery), (c) => {
    const query = c.req.valid('query');
    return publicCached(c, async () =>
      c.json(
        await publicTrace(
          publicDeps(c.var.deps),
          query.receipt !== undefined ? { receipt: query.receipt } : { bankRef: query.bankRef ?? '' },
        ),
      ),
    );
  })
  .get('/campaigns/:id/notices', (c) =>
    publicCached(c, async () => c.json(await campaignNotices(publicDeps(c.var.deps), c.req.param('id')))),
  );

type DonationsQuery = Omit<PublicDonationQuery, 'fundId'> & { format?: 'json' | 'csv' | undefined };

async function donations(c: Context<AppEnv>, query: DonationsQuery, csv: boolean): Promise<Response> {
  const deps = publicDeps(c.var.deps);
  const { format: _format, ...filters } = query;
  const search: PublicDonationQuery = { ...filters, fundId: c.req.param('id') ?? '' };
  if (!csv) return publicCached(c, async () => c.json(await searchPublicDonations(deps, search)));
  // Refusals (an unknown fund, a short name…) are answered before the download starts.
  await publicSearchOf(deps, search);
  const { cursor: _cursor, limit: _limit, ...all } = search;
  return publicCached(
    c,
    async () =>
      csvResponse(
        `sao-ke-${search.fundId}.csv`,
        DONATION_CSV_HEADER,
        eachPublicDonation(deps, all, PUBLIC_CSV_ROWS_PER_QUERY),
        donationCsvRow,
      ),
    'csv',
  );
}

async function disbursements(
  c: Context<AppEnv>,
  query: Omit<PublicDisbursementQuery, 'fundId'> & { format?: 'json' | 'csv' | undefined },
  csv: boolean,
): Promise<Response> {
  const deps = publicDeps(c.var.deps);
  const { format: _format, ...filters } = query;
  const list: PublicDisbursementQuery = { ...filters, fundId: c.req.param('id') ?? '' };
  if (!csv) return publicCached(c, async () => c.json(await listPublicDisbursements(deps, list)));
  if (!(await deps.store.getFund(list.fundId)))
    throw new DomainError('not-found', `There is no fund ${list.fundId}.`);
  const { cursor: _cursor, limit: _limit, ...all } = list;
  return publicCached(
    c,
    async () =>
      csvResponse(
        `khoan-chi-${list.fundId}.csv`,
        DISBURSEMENT_CSV_HEADER,
        eachPublicDisbursement(deps, all, PUBLIC_CSV_ROWS_PER_QUERY),
        disbursementCsvRow,
      ),
    'csv',
  );
}

export const DONATION_CSV_HEADER = [
  'Ngày nhận',
  'Số tiền',
  'Loại tiền',
  'Hình thức',
  'Nhà hảo tâm',
  'Số tham chiếu',
  'Đợt vận động',
  'Số biên nhận',
  'Mục đích chỉ định',
];

function donationCsvRow(gift: PublicDonationView): (string | null)[] {
  return [
    gift.receivedOn,
    gift.amount,
    gift.currency,
    CHANNEL_LABELS_VI[gift.channel],
    gift.donor,
    gift.bankRef,
    gift.campaign?.name ?? null,
    gift.receiptNo,
    gift.earmark?.label ?? null,
  ];
}

export const DISBURSEMENT_CSV_HEADER = [
  'Ngày chi',
  'Nội dung hỗ trợ',
  'Số tiền',
  'Loại tiền',
  'Đối tượng thụ hưởng',
  'Thôn/bản',
  'Số quyết định',
  'Ngày quyết định',
  'Công trình/dự án',
  'Đợt vận động',
];

function disbursementCsvRow(row: PublicDisbursementView): (string | null)[] {
  return [
    row.paidOn,
    row.categoryLabel,
    row.amount,
    row.currency,
    row.beneficiaryAlias,
    row.village,
    row.decisionNo,
    row.decisionDate,
    row.project?.name ?? null,
    row.campaign?.name ?? null,
  ];
}

/** CSV rows per chunk written to the stream. */
const CSV_ROWS_PER_CHUNK = 200;

/**
 * A CSV download, UTF-8 with a byte-order mark (Excel then reads Vietnamese), CRLF line ends: one chunk
 * of rows per pull, so the list is never held in memory.
 */
function csvResponse<T>(
  fileName: string,
  header: string[],
  rows: AsyncGenerator<T>,
  cells: (row: T) => (string | null)[],
): Response {
  const encoder = new TextEncoder();
  const line = (values: (string | null)[]) => `${values.map(csvCell).join(',')}\r\n`;
  let started = false;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(`\uFEFF${line(header)}`));
        return;
      }
      let chunk = '';
      for (let count = 0; count < CSV_ROWS_PER_CHUNK; count += 1) {
        const next = await rows.next();
        if (next.done) {
          if (chunk) controller.enqueue(encoder.encode(chunk));
          controller.close();
          return;
        }
        chunk += line(cells(next.value));
      }
      controller.enqueue(encoder.encode(chunk));
    },
    async cancel() {
      await rows.return(undefined);
    },
  });
  return new Response(stream, {
    status: 200,
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${fileName}"`,
    },
  });
}

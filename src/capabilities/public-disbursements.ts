import { CATEGORY_LABELS_VI, type DisbursementCategory } from '../domain/disbursements.ts';
import { DomainError } from '../domain/errors.ts';
import type { CurrencyCode } from '../domain/money.ts';
import { decodeCursor, pageOf, pageSize } from './cursor.ts';
import type { PublicRef } from './public-views.ts';
import type { FundView, Page } from './views.ts';

/**
 * A fund's spending as the public sees it: paid disbursements (a reversed one is not spending), newest
 * first, each with its category, the beneficiary's public alias and village, the amount and the number
 * of the decision that approved it. Purposes are left out: they are free text written for the books.
 */
export interface PublicDisbursementView {
  id: string;
  paidOn: string;
  category: DisbursementCategory;
  categoryLabel: string;
  amount: string;
  currency: CurrencyCode;
  beneficiaryAlias: string | null;
  village: string | null;
  decisionNo: string | null;
  decisionDate: string | null;
  project: PublicRef | null;
  campaign: PublicRef | null;
}

export interface PublicDisbursementQuery {
  fundId: string;
  from?: string | null;
  to?: string | null;
  category?: DisbursementCategory | null;
  campaignId?: string | null;
  projectId?: string | null;
  cursor?: string | null;
  limit?: number;
}

export interface PublicDisbursementRow {
  id: string;
  paidOn: string;
  category: DisbursementCategory;
  amountMinor: bigint;
  currency: CurrencyCode;
  beneficiaryAlias: string | null;
  village: string | null;
  decisionNo: string | null;
  decisionDate: string | null;
  projectId: string | null;
  projectName: string | null;
  campaignId: string | null;
  campaignName: string | null;
}

export interface PublicDisbursementStore {
  getFund(id: string): Promise<FundView | null>;
  /** Paid disbursements, newest payment first (then id, descending), after `after`. */
  publicDisbursements(query: {
    fundId: string | null;
    projectId: string | null;
    from: string | null;
    to: string | null;
    category: DisbursementCategory | null;
    campaignId: string | null;
    after: { paidOn: string; id: string } | null;
    limit: number;
  }): Promise<PublicDisbursementRow[]>;
}

export async function listPublicDisbursements(
  deps: { store: PublicDisbursementStore },
  query: PublicDisbursementQuery,
): Promise<Page<PublicDisbursementView>> {
  const fund = await deps.store.getFund(query.fundId);
  if (!fund) throw new DomainError('not-found', `There is no fund ${query.fundId}.`);
  const limit = pageSize(query.limit);
  let after: { paidOn: string; id: string } | null = null;
  if (query.cursor) {
    const [paidOn, id] = decodeCursor(query.cursor, 2);
    after = { paidOn: String(paidOn), id: String(id) };
  }
  const rows = await deps.store.publicDisbursements({
    fundId: fund.id,
    projectId: query.projectId ?? null,
    from: query.from ?? null,
    to: query.to ?? null,
    category: query.category ?? null,
    campaignId: query.campaignId ?? null,
    after,
    limit: limit + 1,
  });
  const page = pageOf(rows, limit, (last) => [last.paidOn, last.id]);
  return { items: page.items.map(publicDisbursementView), nextCursor: page.nextCursor };
}

/** Every paid disbursement the query matches, a page at a time, for a streamed download. */
export async function* eachPublicDisbursement(
  deps: { store: PublicDisbursementStore },
  query: Omit<PublicDisbursementQuery, 'cursor' | 'limit'>,
  rowsPerQuery: number,
): AsyncGenerator<PublicDisbursementView> {
  let cursor: string | null = null;
  do {
    const page: Page<PublicDisbursementView> = await listPublicDisbursements(deps, {
      ...query,
      cursor,
      limit: rowsPerQuery,
    });
    yield* page.items;
    cursor = page.nextCursor;
  } while (cursor !== null);
}

/** The allow-list of a disbursement's public fields. */
export function publicDisbursementView(row: PublicDisbursementRow): PublicDisbursementView {
  return {
    id: row.id,
    paidOn: row.paidOn,
    category: row.category,
    categoryLabel: CATEGORY_LABELS_VI[row.category] ?? row.category,
    amount: row.amountMinor.toString(),
    currency: row.currency,
    beneficiaryAlias: row.beneficiaryAlias,
    village: row.village,
    decisionNo: row.decisionNo,
    decisionDate: row.decisionDate,
    project: row.projectId === null ? null : { id: row.projectId, name: row.projectName ?? row.projectId },
    campaign:
      row.campaignId === null ? null : { id: row.campaignId, name: row.campaignName ?? row.campaignId },
  };
}

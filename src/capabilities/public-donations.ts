import { CATEGORY_LABELS_VI, type DisbursementCategory } from '../domain/disbursements.ts';
import {
  ANONYMOUS_DONOR_LABEL,
  type Disclosure,
  type DonationChannel,
  foldForSearch,
} from '../domain/donations.ts';
import { DomainError } from '../domain/errors.ts';
import { PUBLIC_SEARCH_TEXT_LENGTH_MIN } from '../domain/limits.ts';
import type { CurrencyCode } from '../domain/money.ts';
import { maskBankRef } from '../domain/public-disclosure.ts';
import { decodeCursor, encodeCursor, pageSize } from './cursor.ts';
import type { PublicRef } from './public-views.ts';
import type { FundView, Page } from './views.ts';

/**
 * The public sao kê: every valid gift of a fund (a voided gift was never money received, so it is not
 * listed), searchable by bank reference, amount, date and the donor's name as disclosed. Anonymous and
 * on-request gifts are listed, with their amounts, as "Nhà hảo tâm ẩn danh" — and a name search never
 * finds them: their names are not in the search index at all (drizzle/0014_public_search.sql).
 */
export const PUBLIC_DONATION_SORTS = ['date_desc', 'date_asc', 'amount_desc', 'amount_asc'] as const;
export type PublicDonationSort = (typeof PUBLIC_DONATION_SORTS)[number];

export interface PublicDonationQuery {
  fundId: string;
  /**
   * A fragment of the donor's name as disclosed, from the beginning of one of its words ("nguyen van a"
   * finds Nguyễn Văn A and Nguyễn Văn Anh; "van a" too); accents, case and spacing do not matter.
   */
  q?: string | null;
  /** The bank reference, or its last characters: six or more match the end of it, fewer the whole. */
  ref?: string | null;
  amountMin?: bigint | null;
  amountMax?: bigint | null;
  from?: string | null;
  to?: string | null;
  campaignId?: string | null;
  sort?: PublicDonationSort;
  cursor?: string | null;
  limit?: number;
}

export interface PublicEarmark {
  kind: 'category' | 'project' | 'beneficiary';
  category: DisbursementCategory | null;
  projectId: string | null;
  /** Vietnamese: the category's label, the project's name, or "Hỗ trợ có địa chỉ cụ thể". */
  label: string;
}

export interface PublicDonationView {
  receiptNo: string;
  receivedOn: string;
  amount: string;
  currency: CurrencyCode;
  channel: DonationChannel;
  /** The donor's name when they chose to be named; "Nhà hảo tâm ẩn danh" otherwise. */
  donor: string;
  anonymous: boolean;
  /** Masked as banks mask them (`FT2426…614260`); null when the gift had none. */
  bankRef: string | null;
  campaign: PublicRef | null;
  earmark: PublicEarmark | null;
  inKind: { description: string; quantity: string; unit: string } | null;
}

/** A gift as the public store reads it; `donorName` is null unless the donor chose `public`. */
export interface PublicGiftRow {
  key: PublicGiftKey;
  receiptNo: string;
  receivedOn: string;
  amountMinor: bigint;
  currency: CurrencyCode;
  channel: DonationChannel;
  disclosure: Disclosure;
  donorName: string | null;
  bankRef: string | null;
  campaignId: string | null;
  campaignName: string | null;
  earmarkCategory: string | null;
  earmarkProjectId: string | null;
  earmarkProjectName: string | null;
  earmarkBeneficiaryId: string | null;
  inKindDescription: string | null;
  inKindQuantity: string | null;
  inKindUnit: string | null;
}

/** The search's order key: `pid` orders by date received (drizzle/0014_public_search.sql). */
export interface PublicGiftKey {
  pid: number;
  amountMinor: number;
}

export interface PublicGiftSearch {
  fundId: string;
  /** Folded ("nguyen van a"). */
  nameFragment: string | null;
  ref: string | null;
  amountMin: bigint | null;
  amountMax: bigint | null;
  from: string | null;
  to: string | null;
  campaignId: string | null;
  sort: PublicDonationSort;
  after: PublicGiftKey | null;
  /** Rows wanted (the page size plus one). */
  limit: number;
}

export interface PublicDonationStore {
  getFund(id: string): Promise<FundView | null>;
  campaignFund(campaignId: string): Promise<string | null>;
  /**
   * Gifts in the sort's order after `after`. When the filters are rare the store stops after reading a
   * bounded window of gifts and says where it stopped (`resumeAfter`), so a page may come back short.
   */
  searchPublicGifts(
    search: PublicGiftSearch,
  ): Promise<{ rows: PublicGiftRow[]; resumeAfter: PublicGiftKey | null }>;
}

type Deps = { store: PublicDonationStore };

export async function searchPublicDonations(
  deps: Deps,
  query: PublicDonationQuery,
): Promise<Page<PublicDonationView>> {
  const search = await publicSearchOf(deps, query);
  const limit = search.limit - 1;
  const { rows, resumeAfter } = await deps.store.searchPublicGifts(search);
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  const nextKey = rows.length > limit && last ? last.key : resumeAfter;
  return {
    items: items.map(publicDonationView),
    nextCursor: nextKey ? encodeSearchCursor(search.sort, nextKey) : null,
  };
}

/**
 * Every gift the query matches, page after page, for a streamed download: never more than one page
 * in memory.
 */
export async function* eachPublicDonation(
  deps: Deps,
  query: Omit<PublicDonationQuery, 'cursor' | 'limit'>,
  rowsPerQuery: number,
): AsyncGenerator<PublicDonationView> {
  let cursor: string | null = null;
  do {
    const page: Page<PublicDonationView> = await searchPublicDonations(deps, {
      ...query,
      cursor,
      limit: rowsPerQuery,
    });
    yield* page.items;
    cursor = page.nextCursor;
  } while (cursor !== null);
}

/** Checks a query and turns it into the store's search (refusals are 404 for an unknown fund, else 422). */
export async function publicSearchOf(deps: Deps, query: PublicDonationQuery): Promise<PublicGiftSearch> {
  const fund = await deps.store.getFund(query.fundId);
  if (!fund) throw new DomainError('not-found', `There is no fund ${query.fundId}.`);
  if (query.campaignId && (await deps.store.campaignFund(query.campaignId)) !== fund.id) {
    throw invalid('campaignId', `Fund ${fund.name} has no campaign ${query.campaignId}.`);
  }
  const nameFragment = query.q ? foldForSearch(query.q) : '';
  if (
    query.q &&
    ([...nameFragment].length < PUBLIC_SEARCH_TEXT_LENGTH_MIN || !/[\p{L}\p{N}]/u.test(nameFragment))
  ) {
    throw invalid('q', `A name search needs at least ${PUBLIC_SEARCH_TEXT_LENGTH_MIN} letters.`);
  }
  const ref = query.ref ? query.ref.trim().toUpperCase() : '';
  if (query.ref && ref.length < PUBLIC_SEARCH_TEXT_LENGTH_MIN) {
    throw invalid('ref', `A reference search needs at least ${PUBLIC_SEARCH_TEXT_LENGTH_MIN} characters.`);
  }
  if (query.amountMin && query.amountMax && query.amountMin > query.amountMax) {
    throw invalid('amountMax', 'amountMax must not be less than amountMin.');
  }
  if (query.from && query.to && query.from > query.to) {
    throw invalid('to', 'to must not be before from.');
  }
  const sort = query.sort ?? 'date_desc';
  return {
    fundId: fund.id,
    nameFragment: nameFragment || null,
    ref: ref || null,
    amountMin: query.amountMin ?? null,
    amountMax: query.amountMax ?? null,
    from: query.from ?? null,
    to: query.to ?? null,
    campaignId: query.campaignId ?? null,
    sort,
    after: query.cursor ? decodeSearchCursor(sort, query.cursor) : null,
    limit: pageSize(query.limit) + 1,
  };
}

const isAmountSort = (sort: PublicDonationSort) => sort === 'amount_desc' || sort === 'amount_asc';

function encodeSearchCursor(sort: PublicDonationSort, key: PublicGiftKey): string {
  return encodeCursor(isAmountSort(sort) ? [sort, key.amountMinor, key.pid] : [sort, key.pid]);
}

function decodeSearchCursor(sort: PublicDonationSort, cursor: string): PublicGiftKey {
  const amountSort = isAmountSort(sort);
  const parts = decodeCursor(cursor, amountSort ? 3 : 2);
  const numbers = parts.slice(1);
  if (parts[0] !== sort || !numbers.every((part) => typeof part === 'number')) {
    throw invalid('cursor', 'This cursor belongs to another sort order; start again without it.');
  }
  const [first, second] = numbers as number[];
  return amountSort ? { amountMinor: first!, pid: second! } : { pid: first!, amountMinor: 0 };
}

function invalid(field: string, detail: string): DomainError {
  return new DomainError('validation-failed', detail, { fieldErrors: [{ field, detail }] });
}

/** The allow-list: only these fields of a gift ever leave for the public. */
export function publicDonationView(row: PublicGiftRow): PublicDonationView {
  const named = row.disclosure === 'public' && row.donorName !== null;
  return {
    receiptNo: row.receiptNo,
    receivedOn: row.receivedOn,
    amount: row.amountMinor.toString(),
    currency: row.currency,
    channel: row.channel,
    donor: named ? (row.donorName as string) : ANONYMOUS_DONOR_LABEL,
    anonymous: !named,
    bankRef: row.bankRef === null ? null : maskBankRef(row.bankRef),
    campaign:
      row.campaignId === null ? null : { id: row.campaignId, name: row.campaignName ?? row.campaignId },
    earmark: publicEarmark(row),
    inKind:
      row.inKindDescription === null
        ? null
        : {
            description: row.inKindDescription,
            quantity: row.inKindQuantity ?? '',
            unit: row.inKindUnit ?? '',
          },
  };
}

export const EARMARKED_RECIPIENT_LABEL = 'Hỗ trợ có địa chỉ cụ thể';

function publicEarmark(row: PublicGiftRow): PublicEarmark | null {
  if (row.earmarkCategory !== null) {
    const category = row.earmarkCategory as DisbursementCategory;
    return {
      kind: 'category',
      category,
      projectId: null,
      label: CATEGORY_LABELS_VI[category] ?? category,
    };
  }
  if (row.earmarkProjectId !== null) {
    return {
      kind: 'project',
      category: null,
      projectId: row.earmarkProjectId,
      label: row.earmarkProjectName ?? row.earmarkProjectId,
    };
  }
  if (row.earmarkBeneficiaryId !== null) {
    // A named recipient: the gift says it was for someone, never who.
    return { kind: 'beneficiary', category: null, projectId: null, label: EARMARKED_RECIPIENT_LABEL };
  }
  return null;
}

import { bankByBin } from '../domain/banks.ts';
import type { AccountRole } from '../domain/chart.ts';
import { todayInVietnam } from '../domain/dates.ts';
import { CATEGORY_LABELS_VI, type DisbursementCategory } from '../domain/disbursements.ts';
import { DomainError } from '../domain/errors.ts';
import type { FundKind, FundStatus } from '../domain/funds.ts';
import { PUBLIC_FUND_PROJECTS_MAX, PUBLIC_LATEST_HANDOVERS } from '../domain/limits.ts';
import type { CurrencyCode } from '../domain/money.ts';
import type { UnitKind } from '../domain/units.ts';
import type { CampaignView } from './campaigns.ts';
import { decodeCursor, encodeCursor, pageSize } from './cursor.ts';
import {
  type DisclosureNoticeStore,
  type DisclosureNoticeView,
  noticesOfCampaigns,
} from './disclosure-notices.ts';
import {
  type MoneyCount,
  type MoneyTotal,
  moneyTotals,
  type PublicCategoryTotal,
  type PublicHandoverItem,
  type PublicProjectSummary,
  type PublicRef,
} from './public-views.ts';
import type { FundView, UnitView } from './views.ts';

/**
 * The public site's home and fund pages: units and their funds with balances, received and spent in a
 * year, received vs spent by month, spending by category, campaigns (with their disclosure notices),
 * projects and the latest handovers. Figures come from the ledger's maintained totals (one index seek
 * per account and date), so they cost the same with a thousand gifts or a million.
 *
 * "Received" is what the fund's donation revenue accounts took in (gifts, in kind included, less voided
 * ones); "spent" what its support and administrative expense accounts paid out (less reversals).
 * Transfers between funds and levels are neither. A year-end closing entry (period close, issue 7)
 * is left out of both.
 */
export interface PublicFundSummary {
  id: string;
  name: string;
  kind: FundKind;
  currency: CurrencyCode;
  status: FundStatus;
  unitId: string;
  /** Cash and bank, per currency. */
  available: MoneyTotal[];
  /** What earmarked gifts still hold for their purpose. */
  restricted: MoneyTotal[];
  /** available − restricted. */
  unrestricted: MoneyTotal[];
  year: number;
  receivedThisYear: MoneyTotal[];
  spentThisYear: MoneyTotal[];
}

export interface PublicUnitFunds {
  id: string;
  name: string;
  kind: UnitKind;
  level: string | null;
  code: string;
  parentId: string | null;
  funds: PublicFundSummary[];
}

export interface PublicFundsView {
  /** Today in Vietnam, the date the balances are as of. */
  asOf: string;
  year: number;
  /** Units that keep at least one fund, by level then name. */
  items: PublicUnitFunds[];
  nextCursor: string | null;
  latestHandovers: PublicHandoverItem[];
}

export interface PublicMonthTotals {
  /** `YYYY-MM`. */
  month: string;
  received: MoneyTotal[];
  spent: MoneyTotal[];
}

export interface PublicCampaignView {
  id: string;
  fundId: string;
  name: string;
  purpose: string;
  legalBasis: string | null;
  receivingFrom: string;
  receivingTo: string;
  distributionDeadline: string;
  /** The campaign's own account, published so donors can give to it. */
  bankAccount: { bin: string; bankName: string | null; accountNo: string; holder: string } | null;
  paymentCodePrefix: string;
  /** Valid gifts, per currency. */
  received: MoneyCount[];
}

export interface PublicFundDetailView extends PublicFundSummary {
  asOf: string;
  unit: PublicRef & { level: string | null; code: string };
  /** Twelve months of the year, January first. */
  months: PublicMonthTotals[];
  /** Paid disbursements of the year (reversed ones excluded), by category and currency. */
  spendingByCategory: PublicCategoryTotal[];
  campaigns: PublicCampaignView[];
  /** Disclosure notices of the fund's campaigns (Nghị định 93/2021, art. 14). */
  notices: DisclosureNoticeView[];
  /** The newest projects (at most PUBLIC_FUND_PROJECTS_MAX). */
  projects: PublicProjectSummary[];
  latestHandovers: PublicHandoverItem[];
}

/** A balance on the account's normal side as of a date, summed per fund, role and currency. */
export interface RoleBalanceRow {
  fundId: string;
  role: AccountRole;
  currency: CurrencyCode;
  date: string;
  balanceMinor: bigint;
}

export interface PublicFundStore extends DisclosureNoticeStore {
  getFund(id: string): Promise<FundView | null>;
  getUnit(id: string): Promise<UnitView | null>;
  /** Units keeping at least one fund (within `withinUnitId`'s subtree), by depth, name and id. */
  unitsWithFunds(query: {
    withinUnitId: string | null;
    after: { depth: number; name: string; id: string } | null;
    limit: number;
  }): Promise<UnitView[]>;
  fundsOfUnits(unitIds: string[]): Promise<FundView[]>;
  /** Cash and bank balances per fund and currency. */
  cashBalances(fundIds: string[]): Promise<{ fundId: string; currency: CurrencyCode; amountMinor: bigint }[]>;
  /** What earmarked sources still hold, per fund and currency. */
  restrictedBalances(
    fundIds: string[],
  ): Promise<{ fundId: string; currency: CurrencyCode; amountMinor: bigint }[]>;
  roleBalancesAsOf(
    fundIds: string[],
    roles: readonly AccountRole[],
    dates: string[],
  ): Promise<RoleBalanceRow[]>;
  /** What year-end closing entries (and their reversals) did to those balances, per day, in the range. */
  closingEffects(
    fundIds: string[],
    roles: readonly AccountRole[],
    from: string,
    to: string,
  ): Promise<RoleBalanceRow[]>;
  categoryTotals(
    fundId: string,
    from: string,
    to: string,
  ): Promise<
    { category: DisbursementCategory; currency: CurrencyCode; amountMinor: bigint; count: number }[]
  >;
  fundCampaigns(fundId: string): Promise<CampaignView[]>;
  campaignGiftTotals(
    campaignIds: string[],
  ): Promise<{ campaignId: string; currency: CurrencyCode; amountMinor: bigint; count: number }[]>;
  fundProjects(fundId: string, limit: number): Promise<PublicProjectSummary[]>;
  latestHandovers(fundIds: string[] | null, limit: number): Promise<PublicHandoverItem[]>;
}

type Deps = { store: PublicFundStore; nowMs: () => number };

export const RECEIVED_ROLES: readonly AccountRole[] = ['donation_revenue'];
export const SPENT_ROLES: readonly AccountRole[] = ['disbursement_expense', 'admin_expense'];

/** The home page: units that keep funds, each fund with its balances and the year's totals. */
export async function listPublicFunds(
  deps: Deps,
  query: { unitId?: string | null; year?: number; cursor?: string | null; limit?: number } = {},
): Promise<PublicFundsView> {
  const asOf = todayInVietnam(deps.nowMs());
  const year = query.year ?? Number(asOf.slice(0, 4));
  if (query.unitId && !(await deps.store.getUnit(query.unitId))) {
    throw new DomainError('not-found', `There is no unit ${query.unitId}.`);
  }
  const limit = pageSize(query.limit);
  const after = query.cursor ? decodeUnitCursor(query.cursor) : null;
  const units = await deps.store.unitsWithFunds({
    withinUnitId: query.unitId ?? null,
    after,
    limit: limit + 1,
  });
  const page = units.slice(0, limit);
  const funds = await deps.store.fundsOfUnits(page.map((unit) => unit.id));
  const summaries = await fundSummaries(deps, funds, year);
  const last = page.at(-1);
  return {
    asOf,
    year,
    items: page.map((unit) => ({
      id: unit.id,
      name: unit.name,
      kind: unit.kind,
      level: unit.level,
      code: unit.code,
      parentId: unit.parentId,
      funds: summaries.filter((fund) => fund.unitId === unit.id),
    })),
    nextCursor: units.length > limit && last ? encodeCursor([last.depth, last.name, last.id]) : null,
    latestHandovers: await deps.store.latestHandovers(
      query.unitId ? funds.map((fund) => fund.id) : null,
      PUBLIC_LATEST_HANDOVERS,
    ),
  };
}

/** The fund page. */
export async function publicFund(
  deps: Deps,
  fundId: string,
  options: { year?: number } = {},
): Promise<PublicFundDetailView> {
  const fund = await deps.store.getFund(fundId);
  if (!fund) throw new DomainError('not-found', `There is no fund ${fundId}.`);
  const unit = await deps.store.getUnit(fund.unitId);
  if (!unit) throw new DomainError('not-found', `There is no fund ${fundId}.`);
  const asOf = todayInVietnam(deps.nowMs());
  const year = options.year ?? Number(asOf.slice(0, 4));
  const [summary] = await fundSummaries(deps, [fund], year);
  const campaigns = await deps.store.fundCampaigns(fund.id);
  return {
    ...summary!,
    asOf,
    unit: { id: unit.id, name: unit.name, level: unit.level, code: unit.code },
    months: await monthTotals(deps.store, fund.id, year),
    spendingByCategory: (await deps.store.categoryTotals(fund.id, `${year}-01-01`, `${year}-12-31`)).map(
      (row) => ({
        category: row.category,
        label: CATEGORY_LABELS_VI[row.category] ?? row.category,
        currency: row.currency,
        amount: row.amountMinor.toString(),
        count: row.count,
      }),
    ),
    campaigns: await publicCampaigns(deps.store, campaigns),
    notices: await noticesOfCampaigns(deps, campaigns),
    projects: await deps.store.fundProjects(fund.id, PUBLIC_FUND_PROJECTS_MAX),
    latestHandovers: await deps.store.latestHandovers([fund.id], PUBLIC_LATEST_HANDOVERS),
  };
}

function decodeUnitCursor(cursor: string): { depth: number; name: string; id: string } {
  const [depth, name, id] = decodeCursor(cursor, 3);
  if (typeof depth !== 'number' || typeof name !== 'string' || typeof id !== 'string') {
    throw new DomainError('validation-failed', 'The cursor is not one this server gave out.', {
      fieldErrors: [{ field: 'cursor', detail: 'unknown cursor; start again without it' }],
    });
  }
  return { depth, name, id };
}

async function fundSummaries(deps: Deps, funds: FundView[], year: number): Promise<PublicFundSummary[]> {
  if (funds.length === 0) return [];
  const ids = funds.map((fund) => fund.id);
  const cash = await deps.store.cashBalances(ids);
  const restricted = await deps.store.restrictedBalances(ids);
  const movements = await movementsOver(deps.store, ids, [`${year - 1}-12-31`, `${year}-12-31`]);
  return funds.map((fund) => {
    const available = perCurrency(cash.filter((row) => row.fundId === fund.id));
    const held = perCurrency(restricted.filter((row) => row.fundId === fund.id));
    const currencies = [...new Set([...available.keys(), ...held.keys()])];
    const moved = movements.get(fund.id);
    return {
      id: fund.id,
      name: fund.name,
      kind: fund.kind,
      currency: fund.currency,
      status: fund.status,
      unitId: fund.unitId,
      available: moneyTotals(available),
      restricted: moneyTotals(currencies.map((currency) => [currency, held.get(currency) ?? 0n])),
      unrestricted: moneyTotals(
        currencies.map((currency) => [
          currency,
          (available.get(currency) ?? 0n) - (held.get(currency) ?? 0n),
        ]),
      ),
      year,
      receivedThisYear: nonZero(moved?.received[0]),
      spentThisYear: nonZero(moved?.spent[0]),
    };
  });
}

function perCurrency(rows: { currency: CurrencyCode; amountMinor: bigint }[]): Map<CurrencyCode, bigint> {
  const totals = new Map<CurrencyCode, bigint>();
  for (const row of rows) totals.set(row.currency, (totals.get(row.currency) ?? 0n) + row.amountMinor);
  return totals;
}

async function monthTotals(
  store: PublicFundStore,
  fundId: string,
  year: number,
): Promise<PublicMonthTotals[]> {
  const ends = [`${year - 1}-12-31`, ...Array.from({ length: 12 }, (_, month) => monthEnd(year, month + 1))];
  const moved = (await movementsOver(store, [fundId], ends)).get(fundId);
  return ends.slice(1).map((end, index) => ({
    month: end.slice(0, 7),
    received: nonZero(moved?.received[index]),
    spent: nonZero(moved?.spent[index]),
  }));
}

/** A period's totals, currencies that did not move left out. */
function nonZero(totals: Map<CurrencyCode, bigint> | undefined): MoneyTotal[] {
  return moneyTotals([...(totals ?? new Map<CurrencyCode, bigint>())].filter(([, amount]) => amount !== 0n));
}

function monthEnd(year: number, month: number): string {
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

type Movements = Map<string, { received: Map<CurrencyCode, bigint>[]; spent: Map<CurrencyCode, bigint>[] }>;

/**
 * What each fund received and spent in each period between consecutive dates of `ends` (the first
 * period starts the day after `ends[0]`): balance differences of the revenue and expense accounts, less
 * what closing entries did to them.
 */
async function movementsOver(store: PublicFundStore, fundIds: string[], ends: string[]): Promise<Movements> {
  const roles = [...RECEIVED_ROLES, ...SPENT_ROLES];
  const balances = await store.roleBalancesAsOf(fundIds, roles, ends);
  const closings = await store.closingEffects(fundIds, roles, nextDay(ends[0]!), ends.at(-1)!);
  const result: Movements = new Map();
  const periods = ends.length - 1;
  const slot = (fundId: string) => {
    let found = result.get(fundId);
    if (!found) {
      found = {
        received: Array.from({ length: periods }, () => new Map()),
        spent: Array.from({ length: periods }, () => new Map()),
      };
      result.set(fundId, found);
    }
    return found;
  };
  const add = (row: RoleBalanceRow, period: number, amount: bigint) => {
    if (period < 0 || period >= periods || amount === 0n) return;
    const side = RECEIVED_ROLES.includes(row.role) ? slot(row.fundId).received : slot(row.fundId).spent;
    const totals = side[period]!;
    totals.set(row.currency, (totals.get(row.currency) ?? 0n) + amount);
  };
  for (const row of balances) {
    const index = ends.indexOf(row.date);
    add(row, index - 1, row.balanceMinor);
    add(row, index, -row.balanceMinor);
  }
  for (const row of closings) add(row, ends.findIndex((end) => row.date <= end) - 1, -row.balanceMinor);
  return result;
}

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

async function publicCampaigns(
  store: PublicFundStore,
  campaigns: CampaignView[],
): Promise<PublicCampaignView[]> {
  const totals = await store.campaignGiftTotals(campaigns.map((campaign) => campaign.id));
  return campaigns.map((campaign) => ({
    id: campaign.id,
    fundId: campaign.fundId,
    name: campaign.name,
    purpose: campaign.purpose,
    legalBasis: campaign.legalBasis,
    receivingFrom: campaign.receivingFrom,
    receivingTo: campaign.receivingTo,
    distributionDeadline: campaign.distributionDeadline,
    bankAccount: campaign.bankAccount
      ? {
          bin: campaign.bankAccount.bin,
          bankName: bankByBin(campaign.bankAccount.bin)?.shortName ?? null,
          accountNo: campaign.bankAccount.accountNo,
          holder: campaign.bankAccount.holder,
        }
      : null,
    paymentCodePrefix: campaign.paymentCodePrefix,
    received: totals
      .filter((row) => row.campaignId === campaign.id)
      .map((row) => ({ currency: row.currency, amount: row.amountMinor.toString(), count: row.count })),
  }));
}

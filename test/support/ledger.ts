import type { Client } from '@libsql/client';
import { expect } from 'vitest';
import { verifyLedger } from '../../src/capabilities/verify-ledger.ts';
import { LedgerStore } from '../../src/db/ledger-store.ts';
import { PROBLEMS } from '../../src/http/problem.ts';
import type { ApiResponse, Json, TestApi } from './api.ts';

export type ProblemCode = keyof typeof PROBLEMS;

/**
 * Asserts an RFC 9457 problem: status, media type, stable type, title from the one table, a detail,
 * and (when given) exactly the set of fields its `errors` list names.
 */
export function expectProblem(response: ApiResponse, code: ProblemCode, fields?: string[]): Json {
  const { status, title } = PROBLEMS[code];
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(response.body.type).toBe(`/problems/${code}`);
  expect(response.body.title).toBe(title);
  expect(response.body.status).toBe(status);
  expect(typeof response.body.detail).toBe('string');
  expect(response.body.detail.length).toBeGreaterThan(0);
  if (fields) {
    expect(Array.isArray(response.body.errors)).toBe(true);
    const named = new Set((response.body.errors as Json[]).map((error) => error.field as string));
    expect([...named].sort()).toEqual([...new Set(fields)].sort());
    for (const error of response.body.errors as Json[]) {
      expect(typeof error.detail).toBe('string');
      expect(error.detail.length).toBeGreaterThan(0);
    }
  }
  return response.body;
}

export interface PostingInput {
  accountId: string;
  side: 'debit' | 'credit';
  amount: string;
  memo?: string | null;
}

export function entryBody(
  postings: PostingInput[],
  overrides: Partial<{ date: string; description: string; kind: string }> = {},
): Json {
  return { date: '2024-09-12', description: 'Ủng hộ đồng bào', kind: 'donation', postings, ...overrides };
}

/** A gift into `assetAccountId` (bank or cash), credited to donation revenue. */
export function donation(
  accounts: Record<string, string>,
  amount: string,
  date = '2024-09-12',
  assetAccountId = accounts.bank!,
): Json {
  return entryBody(
    [
      { accountId: assetAccountId, side: 'debit', amount },
      { accountId: accounts.donation_revenue!, side: 'credit', amount },
    ],
    { date },
  );
}

/** Support paid out of `assetAccountId` (bank or cash) as a disbursement expense. */
export function disbursement(
  accounts: Record<string, string>,
  amount: string,
  date = '2024-09-12',
  assetAccountId = accounts.bank!,
): Json {
  return entryBody(
    [
      { accountId: accounts.disbursement_expense!, side: 'debit', amount },
      { accountId: assetAccountId, side: 'credit', amount },
    ],
    { date, kind: 'disbursement', description: 'Chi hỗ trợ hộ nghèo' },
  );
}

export async function accountOf(api: TestApi, accountId: string): Promise<Json> {
  const response = await api.get(`/api/v1/accounts/${accountId}`);
  expect(response.status).toBe(200);
  return response.body;
}

export async function balanceOf(api: TestApi, accountId: string): Promise<string> {
  return (await accountOf(api, accountId)).balance as string;
}

/**
 * Follows nextCursor from `path` (which has no query of its own or ends with one) with limit=2 until it
 * is null, checking every page's size, and returns the items in order.
 */
export async function collectPages(api: TestApi, path: string, pageLimit = 2): Promise<Json[]> {
  const items: Json[] = [];
  const join = path.includes('?') ? '&' : '?';
  let cursor: string | null = null;
  for (let page = 0; page < 1_000; page += 1) {
    const url: string = `${path}${join}limit=${pageLimit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const response = await api.get(url);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const pageItems = response.body.items as Json[];
    expect(pageItems.length).toBeLessThanOrEqual(pageLimit);
    items.push(...pageItems);
    cursor = response.body.nextCursor as string | null;
    if (cursor === null) return items;
    expect(pageItems.length).toBe(pageLimit);
  }
  throw new Error('pagination did not end');
}

export async function countRows(
  api: TestApi,
  table: 'journal_entries' | 'postings' | 'units' | 'funds' | 'accounts',
) {
  const result = await api.client.execute(`SELECT count(*) AS n FROM ${table}`);
  return Number(result.rows[0]!.n);
}

/** Runs every `soquy verify` check on the database and fails the test with the violations found. */
export async function expectVerified(client: Client): Promise<void> {
  const report = await verifyLedger({ store: new LedgerStore(client) });
  const failed = report.checks.filter((check) => check.violations > 0);
  expect(failed).toEqual([]);
  expect(report.ok).toBe(true);
}

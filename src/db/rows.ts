import type { Row } from '@libsql/client';
import type { AccountView, FundView, UnitView } from '../capabilities/views.ts';
import { type AccountType, balanceOf, type Side } from '../domain/accounts.ts';
import type { FundKind, FundStatus } from '../domain/funds.ts';
import type { CurrencyCode } from '../domain/money.ts';
import type { UnitKind } from '../domain/units.ts';

/** Integers come back as numbers (every stored total is ≤ 2^53 − 1 by CHECK) or, from SUM casts, strings. */
export function bigintOf(value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new Error(`unsafe integer from database: ${value}`);
    return BigInt(value);
  }
  if (typeof value === 'string') return BigInt(value);
  if (value === null || value === undefined) return 0n;
  throw new Error(`not an integer: ${String(value)}`);
}

export function textOf(value: unknown): string {
  return String(value);
}

export function optionalText(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

export function isoInstant(ms: unknown): string {
  return new Date(Number(ms)).toISOString();
}

export const UNIT_COLUMNS =
  'id, name, kind, level, code, parent_id, depth, successor_id, succeeded_on, created_at_ms';

export function unitFromRow(row: Row): UnitView {
  return {
    id: textOf(row.id),
    name: textOf(row.name),
    kind: textOf(row.kind) as UnitKind,
    level: optionalText(row.level),
    code: textOf(row.code),
    parentId: optionalText(row.parent_id),
    depth: Number(row.depth),
    successorId: optionalText(row.successor_id),
    succeededOn: optionalText(row.succeeded_on),
    createdAt: isoInstant(row.created_at_ms),
  };
}

export const FUND_COLUMNS = 'id, unit_id, kind, name, currency, status, created_at_ms';

export function fundFromRow(row: Row): FundView {
  return {
    id: textOf(row.id),
    unitId: textOf(row.unit_id),
    kind: textOf(row.kind) as FundKind,
    name: textOf(row.name),
    currency: textOf(row.currency) as CurrencyCode,
    status: textOf(row.status) as FundStatus,
    createdAt: isoInstant(row.created_at_ms),
  };
}

export const ACCOUNT_COLUMNS =
  'id, fund_id, unit_id, code, name, type, role, currency, normal_side, non_negative, status, debit_total_minor, credit_total_minor';

export function accountFromRow(row: Row): AccountView {
  const normalSide = textOf(row.normal_side) as Side;
  const totals = {
    debitTotalMinor: bigintOf(row.debit_total_minor),
    creditTotalMinor: bigintOf(row.credit_total_minor),
  };
  return {
    id: textOf(row.id),
    fundId: textOf(row.fund_id),
    unitId: textOf(row.unit_id),
    code: textOf(row.code),
    name: textOf(row.name),
    type: textOf(row.type) as AccountType,
    role: optionalText(row.role),
    currency: textOf(row.currency) as CurrencyCode,
    normalSide,
    nonNegative: Number(row.non_negative) === 1,
    status: textOf(row.status) as 'open' | 'closed',
    debitTotal: totals.debitTotalMinor.toString(),
    creditTotal: totals.creditTotalMinor.toString(),
    balance: balanceOf(normalSide, totals).toString(),
  };
}

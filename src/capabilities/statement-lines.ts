import type { Actor, Permission } from '../domain/access.ts';
import { DomainError } from '../domain/errors.ts';
import {
  bankAccountFor,
  type LedgerRecord,
  type LineChange,
  type LineStatus,
  type RecordKind,
  type StatementDeps,
  type StatementLineView,
  type StatementStore,
} from './bank-statements.ts';
import type { WriteContext } from './context.ts';
import { decodeCursor, pageOf, pageSize } from './cursor.ts';
import { idempotentWrite, type WriteOutcome } from './idempotency.ts';
import type { AccountView, Page } from './views.ts';

/**
 * What staff do with statement lines: read them, confirm a suggestion, match one by hand, unmatch, set one
 * aside. A record is matched to one line of an account at most, and only to a line that moves the same
 * money on the account (the database holds both rules too: drizzle/0017_statement_guards.sql).
 */

async function lineOf(
  store: StatementStore,
  actor: Actor,
  accountId: string,
  lineId: string,
  permission: Permission,
): Promise<{ account: AccountView; line: StatementLineView }> {
  const account = await bankAccountFor(store, actor, accountId, permission);
  const line = await store.getStatementLine(lineId);
  if (!line || line.accountId !== account.id) {
    throw new DomainError('not-found', `Account ${account.code} has no statement line ${lineId}.`);
  }
  return { account, line };
}

export async function listStatementLines(
  deps: { store: StatementStore },
  actor: Actor,
  query: {
    accountId: string;
    status?: LineStatus;
    from?: string;
    to?: string;
    cursor?: string;
    limit?: number;
  },
): Promise<Page<StatementLineView>> {
  const account = await bankAccountFor(deps.store, actor, query.accountId, 'ledger.read');
  const limit = pageSize(query.limit);
  const after = query.cursor ? decodeCursor(query.cursor, 2) : null;
  const rows = await deps.store.listStatementLines({
    accountId: account.id,
    status: query.status ?? null,
    from: query.from ?? null,
    to: query.to ?? null,
    after: after ? { date: String(after[0]), id: String(after[1]) } : null,
    limit: limit + 1,
  });
  return pageOf(rows, limit, (line) => [line.date, line.id]);
}

function signedAmount(line: StatementLineView): bigint {
  return BigInt(line.credit) - BigInt(line.debit);
}

function vnd(amountMinor: bigint): string {
  return `${(amountMinor < 0n ? -amountMinor : amountMinor).toLocaleString('vi-VN')} ₫`;
}

/** The record a line may be matched to: moving the same money on the account, and no other line's. */
async function matchableRecord(
  store: StatementStore,
  account: AccountView,
  line: StatementLineView,
  kind: RecordKind,
  id: string,
): Promise<LedgerRecord> {
  const record = await store.recordOf(account.id, kind, id);
  if (!record) {
    throw new DomainError('validation-failed', `No ${kind} ${id} moves money on account ${account.code}.`, {
      fieldErrors: [{ field: 'id', detail: `no such ${kind} on this account` }],
    });
  }
  if (record.matchedLineId !== null && record.matchedLineId !== line.id) {
    throw new DomainError(
      'conflict',
      `This ${kind} is already matched to statement line ${record.matchedLineId}; unmatch that line first.`,
    );
  }
  if (record.netMinor !== signedAmount(line)) {
    const side = (amount: bigint) => `${amount < 0n ? 'out' : 'in'} ${vnd(amount)}`;
    throw new DomainError(
      'validation-failed',
      `The amounts differ: the line moves ${side(signedAmount(line))}, the ${kind} ${side(record.netMinor)} on this account. Correct the record (void and record it again), or match another.`,
      { fieldErrors: [{ field: 'id', detail: 'moves another amount on this account' }] },
    );
  }
  return record;
}

function refuseState(line: StatementLineView, allowed: readonly LineStatus[], what: string): void {
  if (allowed.includes(line.status)) return;
  const matched = line.match ? ` to ${line.match.kind} ${line.match.id}` : '';
  throw new DomainError(
    'invalid-state',
    `Statement line ${line.lineNo} (${line.date}) is ${line.status}${matched}; only a line that is ${allowed.join(' or ')} can be ${what}.`,
    { extra: { lineStatus: line.status, allowedStatuses: allowed } },
  );
}

type LineStep = (
  store: StatementStore,
  account: AccountView,
  line: StatementLineView,
  context: WriteContext,
  nowMs: number,
) => Promise<LineChange>;

/** One step on a line, idempotent and audited, answering the line as it now stands. */
async function stepLine(
  deps: StatementDeps,
  context: WriteContext,
  input: { accountId: string; lineId: string },
  step: LineStep,
): Promise<WriteOutcome<StatementLineView>> {
  return idempotentWrite(
    deps.store,
    context,
    deps.nowMs,
    async (seal) => {
      const { account, line } = await lineOf(
        deps.store,
        context.actor,
        input.accountId,
        input.lineId,
        'ledger.record',
      );
      const nowMs = deps.nowMs();
      const change = await step(deps.store, account, line, context, nowMs);
      const next: StatementLineView = {
        ...line,
        status: change.status,
        note: change.note,
        match: change.match && {
          kind: change.match.kind,
          id: change.match.id,
          rule: change.match.rule,
          score: change.match.scorePerMille === null ? null : change.match.scorePerMille / 1000,
          by: change.match.by,
          at: change.match.atMs === null ? null : new Date(change.match.atMs).toISOString(),
        },
      };
      await deps.store.updateStatementLine(line.id, change, seal(next, account.unitId));
      return next;
    },
    200,
  );
}

/** Matches a line by hand to a record of the account: `{kind, id}`. */
export function matchStatementLine(
  deps: StatementDeps,
  context: WriteContext,
  input: { accountId: string; lineId: string; kind: RecordKind; id: string },
): Promise<WriteOutcome<StatementLineView>> {
  return stepLine(deps, context, input, async (store, account, line, _context, nowMs) => {
    refuseState(line, ['unmatched', 'suggested', 'ignored'], 'matched (unmatch it first)');
    const record = await matchableRecord(store, account, line, input.kind, input.id);
    return {
      status: 'matched',
      match: {
        kind: record.kind,
        id: record.id,
        rule: 'manual',
        scorePerMille: null,
        by: context.actor.userId,
        atMs: nowMs,
      },
      note: null,
    };
  });
}

/** Confirms a suggestion: the line becomes matched to the record the rules pointed at. */
export function confirmStatementLine(
  deps: StatementDeps,
  context: WriteContext,
  input: { accountId: string; lineId: string },
): Promise<WriteOutcome<StatementLineView>> {
  return stepLine(deps, context, input, async (store, account, line, _context, nowMs) => {
    refuseState(line, ['suggested'], 'confirmed');
    const suggested = line.match!;
    const record = await matchableRecord(store, account, line, suggested.kind, suggested.id);
    const scorePerMille = suggested.score === null ? null : Math.round(suggested.score * 1000);
    return {
      status: 'matched',
      match: {
        kind: record.kind,
        id: record.id,
        rule: suggested.rule,
        scorePerMille,
        by: context.actor.userId,
        atMs: nowMs,
      },
      note: null,
    };
  });
}

/** Unmatches a line: a match undone, a suggestion turned down, or an ignored line taken up again. */
export function unmatchStatementLine(
  deps: StatementDeps,
  context: WriteContext,
  input: { accountId: string; lineId: string },
): Promise<WriteOutcome<StatementLineView>> {
  return stepLine(deps, context, input, async (_store, _account, line) => {
    refuseState(line, ['matched', 'suggested', 'ignored'], 'unmatched');
    return { status: 'unmatched', match: null, note: null };
  });
}

/** Sets a line aside with a reason (a bank fee booked elsewhere, a test transfer…); it stays a difference. */
export function ignoreStatementLine(
  deps: StatementDeps,
  context: WriteContext,
  input: { accountId: string; lineId: string; reason: string },
): Promise<WriteOutcome<StatementLineView>> {
  return stepLine(deps, context, input, async (_store, _account, line) => {
    refuseState(line, ['unmatched', 'suggested'], 'ignored (unmatch it first)');
    return { status: 'ignored', match: null, note: input.reason };
  });
}

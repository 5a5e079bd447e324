import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { WriteQueueFull } from '../db/write-queue.ts';
import { DomainError, type ErrorCode, type FieldError } from '../domain/errors.ts';
import type { AppEnv } from './env.ts';

/**
 * The one table from error codes to HTTP. Problems are RFC 9457 documents; `type` is stable per code
 * and resolves to a short explanation at /problems/{code}.
 */
type ProblemCode =
  | ErrorCode
  | 'malformed-body'
  | 'unsupported-media-type'
  | 'payload-too-large'
  | 'route-not-found'
  | 'service-busy'
  | 'internal-error';

export const PROBLEMS: Record<ProblemCode, { status: ContentfulStatusCode; title: string }> = {
  'validation-failed': { status: 422, title: 'Some fields are not valid' },
  'not-found': { status: 404, title: 'Not found' },
  'entry-unbalanced': { status: 422, title: 'Debits and credits do not balance' },
  'amount-out-of-range': { status: 422, title: 'Amount out of range' },
  'currency-mismatch': { status: 422, title: 'Currency does not match the account' },
  'account-closed': { status: 422, title: 'Account is closed' },
  'account-not-found': { status: 422, title: 'Unknown account' },
  'insufficient-funds': { status: 422, title: 'Not enough money in the account' },
  'account-total-limit': { status: 422, title: 'Account total limit reached' },
  'already-reversed': { status: 409, title: 'Entry already reversed' },
  'reversal-of-reversal': { status: 409, title: 'A reversal cannot be reversed' },
  'idempotency-conflict': { status: 409, title: 'Idempotency key reused with a different request' },
  'duplicate-code': { status: 409, title: 'Code already in use' },
  'unit-not-found': { status: 422, title: 'Unknown organisation unit' },
  'fund-not-found': { status: 422, title: 'Unknown fund' },
  'fund-closed': { status: 409, title: 'Fund is closed' },
  'unit-depth-limit': { status: 422, title: 'Unit tree too deep' },
  conflict: { status: 409, title: 'Conflict with the current state' },
  'pledge-exceeded': { status: 422, title: 'More than is outstanding on the pledge' },
  unauthenticated: { status: 401, title: 'Sign in first' },
  forbidden: { status: 403, title: 'Not allowed' },
  'too-many-attempts': { status: 429, title: 'Too many attempts' },
  'csrf-failed': { status: 403, title: 'The form has expired; reload the page and try again' },
  'invalid-state': { status: 409, title: 'Not possible in its current state' },
  'four-eyes': { status: 403, title: 'Someone else must approve' },
  'category-not-allowed': { status: 422, title: "Not allowed by the fund's rules" },
  'over-budget': { status: 422, title: 'Over the project budget' },
  'past-deadline': { status: 422, title: 'Past the deadline' },
  'cap-exceeded': { status: 422, title: "Over the fund's spending cap" },
  'period-closed': { status: 409, title: 'The period is closed' },
  'report-too-large': { status: 422, title: 'Too large for one report page' },
  'malformed-body': { status: 400, title: 'The request body is not valid JSON' },
  'unsupported-media-type': { status: 415, title: 'Send the body as application/json' },
  'payload-too-large': { status: 413, title: 'Request body too large' },
  'route-not-found': { status: 404, title: 'No such endpoint' },
  'service-busy': { status: 503, title: 'Too many writes waiting; try again shortly' },
  'internal-error': { status: 500, title: 'Internal error' },
};

export function isProblemCode(value: string): value is ProblemCode {
  return Object.hasOwn(PROBLEMS, value);
}

const PROBLEM_DETAIL_LENGTH_MAX = 500;

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function problem(
  c: Context<AppEnv>,
  code: ProblemCode,
  detail: string,
  extra: { errors?: FieldError[] } & Record<string, unknown> = {},
): Response {
  const { status, title } = PROBLEMS[code];
  const body = {
    type: `/problems/${code}`,
    title,
    status,
    // Details may quote what the client sent (an id from the URL…): never echo more than a sentence's worth.
    detail: clip(detail, PROBLEM_DETAIL_LENGTH_MAX),
    instance: clip(c.req.path, PROBLEM_DETAIL_LENGTH_MAX),
    requestId: c.get('requestId'),
    ...extra,
  };
  return c.body(JSON.stringify(body), status, { 'Content-Type': 'application/problem+json' });
}

/** app.onError: every thrown error becomes a problem; unexpected ones say nothing about internals. */
export function toProblem(error: Error, c: Context<AppEnv>): Response {
  if (error instanceof DomainError) {
    if (error.code === 'unauthenticated') c.header('WWW-Authenticate', 'Bearer realm="soquy"');
    if (error.code === 'too-many-attempts') c.header('Retry-After', '900');
    const extra = error.fieldErrors.length > 0 ? { errors: error.fieldErrors, ...error.extra } : error.extra;
    return problem(c, error.code, error.message, extra);
  }
  if (error instanceof WriteQueueFull) {
    c.header('Retry-After', '1');
    return problem(c, 'service-busy', 'The ledger is handling many writes right now. Retry in a moment.');
  }
  if (error instanceof HTTPException) return fromHttpException(c, error);
  console.error(
    JSON.stringify({ level: 'error', requestId: c.get('requestId'), error: String(error.stack ?? error) }),
  );
  return problem(
    c,
    'internal-error',
    `Something went wrong on our side. Quote request id ${c.get('requestId')} when reporting it.`,
  );
}

function fromHttpException(c: Context<AppEnv>, error: HTTPException): Response {
  if (error.status === 413)
    return problem(c, 'payload-too-large', 'The request body is larger than this endpoint accepts.');
  if (error.status === 415 || /content-type/i.test(error.message)) {
    return problem(c, 'unsupported-media-type', 'Send the body as JSON with Content-Type: application/json.');
  }
  if (error.status === 400)
    return problem(c, 'malformed-body', 'The request body could not be read as JSON.');
  return problem(c, 'internal-error', `Request id ${c.get('requestId')}.`);
}

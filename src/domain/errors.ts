/**
 * Expected refusals are typed domain errors with a stable code; the HTTP layer maps each code once
 * (src/http/problem.ts). Programmer errors are assertion failures, never domain errors.
 */
export type ErrorCode =
  | 'validation-failed'
  | 'not-found'
  | 'entry-unbalanced'
  | 'amount-out-of-range'
  | 'currency-mismatch'
  | 'account-closed'
  | 'account-not-found'
  | 'insufficient-funds'
  | 'account-total-limit'
  | 'already-reversed'
  | 'reversal-of-reversal'
  | 'idempotency-conflict'
  | 'duplicate-code'
  | 'unit-not-found'
  | 'fund-not-found'
  | 'fund-closed'
  | 'unit-depth-limit'
  | 'conflict'
  | 'pledge-exceeded'
  | 'unauthenticated'
  | 'forbidden'
  | 'too-many-attempts'
  | 'csrf-failed'
  | 'invalid-state'
  | 'four-eyes'
  | 'category-not-allowed'
  | 'over-budget'
  | 'past-deadline'
  | 'cap-exceeded'
  | 'period-closed'
  | 'report-too-large';

export interface FieldError {
  /** Position of the offending row in a list request (batch imports), 0-based. */
  index?: number;
  /** Dotted path of the offending field, e.g. `postings.1.amount`. */
  field: string;
  detail: string;
}

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly fieldErrors: FieldError[];
  readonly extra: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    detail: string,
    options: { fieldErrors?: FieldError[]; extra?: Record<string, unknown> } = {},
  ) {
    super(detail);
    this.name = 'DomainError';
    this.code = code;
    this.fieldErrors = options.fieldErrors ?? [];
    this.extra = options.extra ?? {};
  }
}

export class AssertionFailed extends Error {
  constructor(message: string) {
    super(`assertion failed: ${message}`);
    this.name = 'AssertionFailed';
  }
}

/** Invariant check for programmer errors; a failure is a bug, reported as a 500 with no detail. */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new AssertionFailed(message);
}

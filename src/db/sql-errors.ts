import { IdempotencyRace } from '../capabilities/idempotency.ts';
import { DomainError } from '../domain/errors.ts';
import { periodClosedByDatabase } from './period-guard.ts';

/**
 * The database's guards speak in constraint names and `soquy:` trigger messages; the domain checks the
 * same rules first, so reaching one of these means another writer (another process or edge isolate)
 * got in between, or a rule was bypassed. Each becomes the domain error a client can act on.
 */
const GUARDS: [pattern: string, make: (message: string) => Error][] = [
  ['idempotency_records.key', () => new IdempotencyRace()],
  // Another process issued the same receipt number first (one process never races itself): retry.
  [
    'soquy:receipt-gap',
    () =>
      new DomainError('conflict', 'Another receipt was issued at the same moment. Send the request again.'),
  ],
  [
    'donations.receipt_no',
    () =>
      new DomainError('conflict', 'Another receipt was issued at the same moment. Send the request again.'),
  ],
  [
    'receipts.',
    () =>
      new DomainError('conflict', 'Another receipt was issued at the same moment. Send the request again.'),
  ],
  ['units.code', () => new DomainError('duplicate-code', 'Another unit already uses that code.')],
  [
    'journal_entries.reverses_entry_id',
    () => new DomainError('already-reversed', 'This entry was already reversed.'),
  ],
  ['journal_entries_reverses', () => new DomainError('already-reversed', 'This entry was already reversed.')],
  [
    'accounts_non_negative',
    () => new DomainError('insufficient-funds', 'An account that may not go below zero would have.'),
  ],
  [
    'soquy:below-zero-as-of',
    () =>
      new DomainError(
        'insufficient-funds',
        'A bank, cash or other no-negative account would be below zero on a past date: the money was not there yet on the date of this entry.',
      ),
  ],
  [
    'accounts_totals_range',
    () => new DomainError('account-total-limit', 'An account would pass its total limit.'),
  ],
  [
    'accounts.fund_id, accounts.code',
    () => new DomainError('duplicate-code', 'That account code is already used in this fund.'),
  ],
  [
    'soquy:entry-unbalanced',
    () => new DomainError('entry-unbalanced', 'Debits must equal credits in each currency within each fund.'),
  ],
  [
    'soquy:account-not-open',
    () => new DomainError('account-closed', 'A posting names an account that is not open for it.'),
  ],
  [
    'soquy:pledge-exceeded',
    () =>
      new DomainError(
        'pledge-exceeded',
        'This gift would take what was received past what was pledged (another gift was recorded first).',
      ),
  ],
  [
    'soquy:pledge-not-open',
    () =>
      new DomainError('conflict', 'The pledge is no longer open, or belongs to another fund or campaign.'),
  ],
  ['soquy:pledge-status', () => new DomainError('conflict', 'The pledge changed state in the meantime.')],
  [
    'soquy:donor-merge',
    () => new DomainError('conflict', 'One of the donors was merged in the meantime; read them again.'),
  ],
  [
    'soquy:reversal-of-reversal',
    () => new DomainError('reversal-of-reversal', 'A reversal cannot itself be reversed.'),
  ],
  [
    'soquy:disbursement-transition',
    () => new DomainError('invalid-state', 'The disbursement changed state in the meantime; read it again.'),
  ],
  [
    'disbursements_four_eyes',
    () => new DomainError('four-eyes', 'The person who drafted a disbursement cannot approve it.'),
  ],
  [
    'soquy:transfer-transition',
    () => new DomainError('invalid-state', 'The transfer changed state in the meantime; read it again.'),
  ],
  [
    'allocation_sources_within',
    () =>
      new DomainError(
        'conflict',
        'Another payment used the same money at the same moment. Send the request again.',
      ),
  ],
  [
    'soquy:earmark-mismatch',
    () => new DomainError('conflict', 'Earmarked money can only pay for what the donor named.'),
  ],
  ['soquy:handover-permanent', () => new DomainError('conflict', 'A handover record cannot be changed.')],
  [
    'project_handovers.project_id',
    () => new DomainError('conflict', 'This project already has its handover record.'),
  ],
  // A status change's milestone refuses itself when the project was no longer where it was read
  // (src/db/project-store.ts, statusChangeStatements).
  [
    'project_milestones_kind',
    () => new DomainError('invalid-state', 'The project changed state in the meantime; read it again.'),
  ],
  // Period closes (drizzle/0013_auditor_guards.sql): the posting guard's error carries the period's end.
  ['soquy:period-closed', (message) => periodClosedByDatabase(message)],
  [
    'soquy:year-not-carried-forward',
    () =>
      new DomainError(
        'conflict',
        'An entry was recorded in the year while it was being closed. Close the year again.',
      ),
  ],
  [
    'soquy:period-close-permanent',
    () => new DomainError('invalid-state', 'This period close was reopened in the meantime; read it again.'),
  ],
];

/** Whether a failed batch lost a race for a sequence number and may simply be tried again. */
export function isSequenceConflict(error: unknown): boolean {
  const message = error instanceof Error ? error.message : '';
  return (
    message.includes('UNIQUE constraint failed: journal_entries.seq') ||
    message.includes('UNIQUE constraint failed: postings.id')
  );
}

export function translateSqlError(error: unknown): unknown {
  const message = error instanceof Error ? error.message : '';
  for (const [pattern, make] of GUARDS) {
    if (message.includes(pattern)) return make(message);
  }
  return error;
}

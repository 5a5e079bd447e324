/**
 * Recomputes what the ledger maintains and checks every invariant over the whole database. Each check
 * is answered by the store from the raw postings, independently of the maintained totals it audits.
 */
export interface VerificationCheck {
  name: string;
  description: string;
  violations: number;
  /** Up to a few offending rows, described for a person. */
  examples: string[];
}

export interface VerifyStore {
  countLedgerRows(): Promise<{
    units: number;
    funds: number;
    accounts: number;
    entries: number;
    postings: number;
  }>;
  runVerificationChecks(exampleLimit: number): Promise<VerificationCheck[]>;
}

export interface VerificationReport {
  ok: boolean;
  counts: { units: number; funds: number; accounts: number; entries: number; postings: number };
  checks: VerificationCheck[];
}

const EXAMPLES_PER_CHECK_MAX = 5;

export async function verifyLedger(deps: { store: VerifyStore }): Promise<VerificationReport> {
  const counts = await deps.store.countLedgerRows();
  const checks = await deps.store.runVerificationChecks(EXAMPLES_PER_CHECK_MAX);
  return { ok: checks.every((check) => check.violations === 0), counts, checks };
}

import type { LinkFault } from '../domain/chain.ts';

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
  /** Walks the journal's hash chain from its start (docs/decisions/0006-hash-chain.md). */
  verifyChain(exampleLimit: number): Promise<{ check: VerificationCheck; summary: ChainSummary }>;
}

/** One link of the hash chain: an entry's sequence number, its hash and when it was recorded. */
export interface ChainLink {
  seq: number;
  /** Null only for an entry recorded before the chain existed and not hashed yet. */
  hash: string | null;
  /** ISO instant; null for seq 0, the chain's start. */
  at: string | null;
}

export interface ChainSummary {
  /** Entries walked. */
  entries: number;
  /** The last entry's link (seq 0 and the genesis hash for an empty journal). */
  head: ChainLink | null;
  /** The first link that does not hold, naming its entry; null when the chain is whole. */
  firstBroken: { seq: number; entryId: string; fault: LinkFault['kind'] } | null;
}

export interface VerificationReport {
  ok: boolean;
  counts: { units: number; funds: number; accounts: number; entries: number; postings: number };
  checks: VerificationCheck[];
  chain: ChainSummary;
}

const EXAMPLES_PER_CHECK_MAX = 5;

export async function verifyLedger(deps: { store: VerifyStore }): Promise<VerificationReport> {
  const counts = await deps.store.countLedgerRows();
  const checks = await deps.store.runVerificationChecks(EXAMPLES_PER_CHECK_MAX);
  const chain = await deps.store.verifyChain(EXAMPLES_PER_CHECK_MAX);
  checks.push(chain.check);
  return { ok: checks.every((check) => check.violations === 0), counts, checks, chain: chain.summary };
}

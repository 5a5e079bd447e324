import { DomainError } from '../domain/errors.ts';
import type { ChainLink } from './verify-ledger.ts';

/**
 * The journal's hash chain as the public sees it (docs/decisions/0006-hash-chain.md): its head — the
 * last entry's sequence number, hash and time — and the link at any earlier sequence number. Whoever
 * noted a head can later ask for the link at that number: the same hash proves that nothing up to it
 * was rewritten since. Public: a hash says nothing about what an entry holds.
 */
export interface IntegrityStore {
  /** The link at `seq` (seq 0: the chain's start), the head when null; null when there is none. */
  chainLink(seq: number | null): Promise<ChainLink | null>;
}

export async function integrityLink(deps: { store: IntegrityStore }, seq: number | null): Promise<ChainLink> {
  const link = await deps.store.chainLink(seq);
  if (link) return link;
  const head = await deps.store.chainLink(null);
  throw new DomainError(
    'not-found',
    `The journal has no entry ${seq} yet: its head is at ${head?.seq ?? 0}.`,
    { extra: { headSeq: head?.seq ?? 0 } },
  );
}

import { assert } from './errors.ts';

/**
 * Tracing: every đồng that leaves a fund's cash and bank accounts is allocated to the sources that
 * brought it in — earmarked gifts that name the use first, then first in, first out over the fund's
 * unrestricted money. A pool is one fund's spendable money in one currency. See
 * docs/decisions/0005-allocations.md.
 */

/** What a gift (or a transfer of it) was given for; null fields are not restrictions. */
export interface Earmark {
  category: string | null;
  projectId: string | null;
  beneficiaryId: string | null;
}

/** What a use of money pays for. `null` target: an outflow with no purpose (may take unrestricted money only). */
export type UseTarget = Earmark;

export function isEarmarked(earmark: Earmark | null): earmark is Earmark {
  return (
    earmark !== null &&
    (earmark.category !== null || earmark.projectId !== null || earmark.beneficiaryId !== null)
  );
}

/** Earmarked money only reaches what it names: every field the donor named must match the use. */
export function earmarkReaches(earmark: Earmark, target: UseTarget | null): boolean {
  if (target === null) return false;
  return (
    (earmark.category === null || earmark.category === target.category) &&
    (earmark.projectId === null || earmark.projectId === target.projectId) &&
    (earmark.beneficiaryId === null || earmark.beneficiaryId === target.beneficiaryId)
  );
}

/**
 * What an entry's movement of spendable money is, told by the capability that writes it. An entry with
 * no flow (a manual entry, an opening balance, a currency sale) brings "other" money in or takes it out.
 */
export type EntryFlow =
  | { kind: 'donation'; donationId: string; earmark: Earmark | null }
  | { kind: 'disbursement'; disbursementId: string; target: UseTarget }
  | { kind: 'transfer'; transferId: string; target: UseTarget | null };

/** First in, first out: by the day the money came, then the order it was recorded in. */
export interface SourceOrder {
  receivedOn: string;
  entrySeq: number;
  piece: number;
}

export function compareSourceOrder(a: SourceOrder, b: SourceOrder): number {
  if (a.receivedOn !== b.receivedOn) return a.receivedOn < b.receivedOn ? -1 : 1;
  if (a.entrySeq !== b.entrySeq) return a.entrySeq - b.entrySeq;
  return a.piece - b.piece;
}

export interface OpenSource extends SourceOrder {
  id: string;
  earmark: Earmark | null;
  remainingMinor: bigint;
}

export interface AllocationPiece {
  sourceId: string;
  amountMinor: bigint;
}

/**
 * Picks the sources that pay `needMinor` for `target`: earmarked sources that reach the target first
 * (oldest first), then unrestricted ones (oldest first). Earmarked sources for anything else are never
 * taken. Returns the pieces and what could not be covered (0 when fully covered). Pure and
 * deterministic: the same open sources and need give the same pieces.
 */
export function pickSources(
  candidates: readonly OpenSource[],
  target: UseTarget | null,
  needMinor: bigint,
): { pieces: AllocationPiece[]; shortMinor: bigint } {
  assert(needMinor > 0n, 'a use needs a positive amount');
  const usable = candidates.filter(
    (source) =>
      source.remainingMinor > 0n && (!isEarmarked(source.earmark) || earmarkReaches(source.earmark, target)),
  );
  const earmarked = usable.filter((source) => isEarmarked(source.earmark)).sort(compareSourceOrder);
  const unrestricted = usable.filter((source) => !isEarmarked(source.earmark)).sort(compareSourceOrder);
  const pieces: AllocationPiece[] = [];
  let left = needMinor;
  for (const source of [...earmarked, ...unrestricted]) {
    if (left === 0n) break;
    const take = source.remainingMinor < left ? source.remainingMinor : left;
    pieces.push({ sourceId: source.id, amountMinor: take });
    left -= take;
  }
  const taken = pieces.reduce((sum, piece) => sum + piece.amountMinor, 0n);
  assert(taken + left === needMinor, 'pieces and shortfall add up to the need');
  return { pieces, shortMinor: left };
}

export const UNIT_KINDS = [
  'mttq',
  'womens_union',
  'labour_federation',
  'farmers_union',
  'veterans',
  'youth_union',
  'other',
] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/**
 * An organisation unit. The tree (central → province → commune → village) is data: `level` is a free
 * label, and depth is limited only by UNIT_DEPTH_MAX. A merged unit keeps its history and points at
 * its successor from the merge's effective date.
 */
export interface Unit {
  id: string;
  name: string;
  kind: UnitKind;
  level: string | null;
  code: string;
  parentId: string | null;
  successorId: string | null;
  succeededOn: string | null;
  createdAtMs: number;
}

/** Unit codes appear in receipt numbers: 2–12 upper-case letters or digits. */
export const UNIT_CODE_PATTERN = /^[A-Z0-9]{2,12}$/;

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A code for a unit created without one: "U" and five characters that cannot be misread. */
export function generatedUnitCode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(5));
  return `U${Array.from(bytes, (byte) => CODE_ALPHABET[byte % CODE_ALPHABET.length]).join('')}`;
}

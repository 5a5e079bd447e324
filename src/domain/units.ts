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
  parentId: string | null;
  successorId: string | null;
  succeededOn: string | null;
  createdAtMs: number;
}

/**
 * Who may do what, where. Roles are granted per unit and cover the unit's descendants; a grant with no
 * unit covers the whole tree, present and future (the bootstrap admin). Pure rules: the store resolves
 * "is unit X inside grant unit Y" through the unit closure.
 */
export const ROLES = ['admin', 'accountant', 'approver', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'ledger.read',
  'ledger.record',
  'ledger.reverse',
  'disbursement.pay',
  'disbursement.approve',
  'period.close',
  'private.read',
  'unit.manage',
  'fund.manage',
  'user.manage',
  'audit.read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  // Admins may do everything in scope; the four-eyes rule on disbursements still binds them.
  admin: PERMISSIONS,
  accountant: ['ledger.read', 'ledger.record', 'disbursement.pay', 'private.read'],
  approver: [
    'ledger.read',
    'ledger.reverse',
    'disbursement.pay',
    'disbursement.approve',
    'period.close',
    'private.read',
  ],
  auditor: ['ledger.read', 'private.read', 'audit.read'],
};

export function roleAllows(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

export interface Grant {
  id: string;
  /** null: the whole tree. */
  unitId: string | null;
  role: Role;
}

export interface Actor {
  userId: string;
  name: string;
  grants: readonly Grant[];
}

/** Units (or null for everywhere) where the actor holds the permission. */
export function unitsWhereAllowed(
  actor: Actor,
  permission: Permission,
): { everywhere: boolean; unitIds: string[] } {
  const grants = actor.grants.filter((grant) => roleAllows(grant.role, permission));
  return {
    everywhere: grants.some((grant) => grant.unitId === null),
    unitIds: grants.flatMap((grant) => (grant.unitId === null ? [] : [grant.unitId])),
  };
}

/**
 * Whether the actor holds the permission at a unit, given the unit's ancestors (itself included).
 */
export function isAllowedAt(
  actor: Actor,
  permission: Permission,
  unitAndAncestors: readonly string[],
): boolean {
  const where = unitsWhereAllowed(actor, permission);
  return where.everywhere || where.unitIds.some((unitId) => unitAndAncestors.includes(unitId));
}

export function isGlobalAdmin(actor: Actor): boolean {
  return actor.grants.some((grant) => grant.unitId === null && grant.role === 'admin');
}

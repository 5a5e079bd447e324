import { type Actor, isAllowedAt, type Permission, unitsWhereAllowed } from '../domain/access.ts';
import { DomainError } from '../domain/errors.ts';

export interface AuthorizeStore {
  /** The unit and all its ancestors, nearest first. */
  unitAndAncestors(unitId: string): Promise<string[]>;
}

const PERMISSION_WORDS: Record<Permission, string> = {
  'ledger.read': 'read the books of',
  'ledger.record': 'record entries for',
  'ledger.reverse': 'reverse entries of',
  'disbursement.pay': 'record payments for',
  'disbursement.approve': 'approve disbursements for',
  'period.close': 'close periods for',
  'private.read': 'read private details of',
  'unit.manage': 'manage units under',
  'fund.manage': 'manage funds of',
  'user.manage': 'manage users of',
  'audit.read': 'read the audit trail of',
};

/** Refuses (403) unless the actor holds the permission at the unit or one of its ancestors. */
export async function requirePermission(
  store: AuthorizeStore,
  actor: Actor,
  permission: Permission,
  unitId: string,
  unitName?: string,
): Promise<void> {
  if (unitsWhereAllowed(actor, permission).everywhere) return;
  if (isAllowedAt(actor, permission, await store.unitAndAncestors(unitId))) return;
  throw new DomainError(
    'forbidden',
    `You may not ${PERMISSION_WORDS[permission]} ${unitName ?? `unit ${unitId}`}.`,
  );
}

/** Refuses (403) unless the actor holds the permission over the whole tree. */
export function requireEverywhere(actor: Actor, permission: Permission, what: string): void {
  if (!unitsWhereAllowed(actor, permission).everywhere) {
    throw new DomainError('forbidden', `Only an administrator of the whole organisation may ${what}.`);
  }
}

/** For lists: null = no restriction; otherwise the grant units whose subtrees the actor may see. */
export function visibleRoots(actor: Actor, permission: Permission): string[] | null {
  const where = unitsWhereAllowed(actor, permission);
  return where.everywhere ? null : where.unitIds;
}

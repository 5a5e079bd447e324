import { type Actor, isGlobalAdmin, type Role } from '../domain/access.ts';
import { DomainError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { hashPassword } from '../domain/passwords.ts';
import { type AuthorizeStore, requireEverywhere, requirePermission, visibleRoots } from './authorize.ts';
import type { WriteContext, WriteExtras } from './context.ts';
import { decodeCursor, pageOf, pageSize } from './cursor.ts';
import { type IdempotencyStore, idempotentWrite, type WriteOutcome } from './idempotency.ts';
import type { Page, UnitView } from './views.ts';

export interface GrantView {
  id: string;
  unitId: string | null;
  role: Role;
  createdAt: string;
}

export interface UserView {
  id: string;
  name: string;
  username: string;
  status: 'active' | 'disabled';
  isDemo: boolean;
  createdAt: string;
  grants: GrantView[];
}

export interface UserStore extends IdempotencyStore, AuthorizeStore {
  getUnit(id: string): Promise<UnitView | null>;
  getUser(id: string): Promise<UserView | null>;
  findUserIdByUsername(username: string): Promise<string | null>;
  insertUser(
    user: UserView,
    passwordHash: string | null,
    createdBy: string,
    extras: WriteExtras,
  ): Promise<void>;
  insertGrant(userId: string, grant: GrantView, createdBy: string, extras: WriteExtras): Promise<void>;
  revokeGrant(grantId: string, revokedBy: string, revokedAtMs: number, extras: WriteExtras): Promise<void>;
  listUsers(query: { roots: string[] | null; afterId: string | null; limit: number }): Promise<UserView[]>;
}

export interface UserDeps {
  store: UserStore;
  nowMs: () => number;
  passwordIterations: number;
}

/** An admin may grant a role at a unit inside their scope; a grant over the whole tree needs a global admin. */
async function requireCanGrant(
  deps: UserDeps,
  actor: Actor,
  unitId: string | null,
  field: string,
): Promise<void> {
  if (unitId === null) {
    requireEverywhere(actor, 'user.manage', 'grant a role over the whole organisation');
    return;
  }
  const unit = await deps.store.getUnit(unitId);
  if (!unit) {
    throw new DomainError('unit-not-found', `There is no unit ${unitId}.`, {
      fieldErrors: [{ field, detail: 'unknown unit' }],
    });
  }
  await requirePermission(deps.store, actor, 'user.manage', unit.id, unit.name);
}

/** Whether the actor may manage every grant the user holds (so no one reaches above their own scope). */
export async function requireCanManageUser(
  deps: { store: UserStore },
  actor: Actor,
  user: UserView,
): Promise<void> {
  if (isGlobalAdmin(actor)) return;
  const active = user.grants;
  if (active.length === 0) requireEverywhere(actor, 'user.manage', 'manage a user with no role');
  for (const grant of active) {
    if (grant.unitId === null)
      requireEverywhere(actor, 'user.manage', 'manage an administrator of the whole organisation');
    else await requirePermission(deps.store, actor, 'user.manage', grant.unitId);
  }
}

export async function createUser(
  deps: UserDeps,
  context: WriteContext,
  input: {
    name: string;
    username: string;
    password?: string | null;
    grants: { unitId: string | null; role: Role }[];
  },
): Promise<WriteOutcome<UserView>> {
  return idempotentWrite(deps.store, context, deps.nowMs, async (seal) => {
    // A user with no role is in no unit's scope: only a global admin may manage one (requireCanManageUser).
    if (input.grants.length === 0)
      requireEverywhere(context.actor, 'user.manage', 'create a user with no role');
    for (const [index, grant] of input.grants.entries()) {
      await requireCanGrant(deps, context.actor, grant.unitId, `grants.${index}.unitId`);
    }
    const username = input.username.toLowerCase();
    if (await deps.store.findUserIdByUsername(username)) {
      throw new DomainError('conflict', `The username ${username} is taken.`, {
        fieldErrors: [{ field: 'username', detail: 'already in use' }],
      });
    }
    const nowMs = deps.nowMs();
    const createdAt = new Date(nowMs).toISOString();
    const user: UserView = {
      id: newId(nowMs),
      name: input.name,
      username,
      status: 'active',
      isDemo: false,
      createdAt,
      grants: input.grants.map((grant) => ({
        id: newId(nowMs),
        unitId: grant.unitId,
        role: grant.role,
        createdAt,
      })),
    };
    const passwordHash = input.password ? await hashPassword(input.password, deps.passwordIterations) : null;
    await deps.store.insertUser(
      user,
      passwordHash,
      context.actor.userId,
      seal(user, user.grants[0]?.unitId ?? null),
    );
    return user;
  });
}

export async function listUsers(
  deps: { store: UserStore },
  actor: Actor,
  query: { cursor?: string; limit?: number },
): Promise<Page<UserView>> {
  const roots = visibleRoots(actor, 'user.manage');
  if (roots !== null && roots.length === 0) throw new DomainError('forbidden', 'You may not manage users.');
  const limit = pageSize(query.limit);
  const afterId = query.cursor ? String(decodeCursor(query.cursor, 1)[0]) : null;
  const rows = await deps.store.listUsers({ roots, afterId, limit: limit + 1 });
  return pageOf(rows, limit, (last) => [last.id]);
}

/** A user outside the actor's scope is "not found": confirming that a login exists would leak it. */
export async function getManagedUser(
  deps: { store: UserStore },
  actor: Actor,
  userId: string,
): Promise<UserView> {
  const user = await deps.store.getUser(userId);
  if (!user) throw new DomainError('not-found', `There is no user ${userId}.`);
  try {
    await requireCanManageUser(deps, actor, user);
  } catch (error) {
    if (error instanceof DomainError && error.code === 'forbidden')
      throw new DomainError('not-found', `There is no user ${userId}.`);
    throw error;
  }
  return user;
}

export async function addGrant(
  deps: UserDeps,
  context: WriteContext,
  input: { userId: string; unitId: string | null; role: Role },
): Promise<WriteOutcome<GrantView>> {
  return idempotentWrite(deps.store, context, deps.nowMs, async (seal) => {
    await getManagedUser(deps, context.actor, input.userId);
    await requireCanGrant(deps, context.actor, input.unitId, 'unitId');
    const nowMs = deps.nowMs();
    const grant: GrantView = {
      id: newId(nowMs),
      unitId: input.unitId,
      role: input.role,
      createdAt: new Date(nowMs).toISOString(),
    };
    await deps.store.insertGrant(input.userId, grant, context.actor.userId, seal(grant, grant.unitId));
    return grant;
  });
}

export async function revokeGrant(
  deps: UserDeps,
  context: WriteContext,
  input: { userId: string; grantId: string },
): Promise<WriteOutcome<GrantView>> {
  return idempotentWrite(
    deps.store,
    context,
    deps.nowMs,
    async (seal) => {
      const user = await getManagedUser(deps, context.actor, input.userId);
      const grant = user.grants.find((candidate) => candidate.id === input.grantId);
      if (!grant)
        throw new DomainError('not-found', `User ${user.username} has no active grant ${input.grantId}.`);
      await requireCanGrant(deps, context.actor, grant.unitId, 'grantId');
      await deps.store.revokeGrant(grant.id, context.actor.userId, deps.nowMs(), seal(grant, grant.unitId));
      return grant;
    },
    200,
  );
}

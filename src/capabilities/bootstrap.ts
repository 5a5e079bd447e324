import { newId } from '../domain/ids.ts';
import { sha256Hex } from '../domain/passwords.ts';
import { systemContext } from './context.ts';
import type { TokenView } from './tokens.ts';
import { createUser, type UserDeps, type UserStore } from './users.ts';

export interface BootstrapStore extends UserStore {
  ensureToken(token: TokenView, tokenHash: string): Promise<void>;
}

export const BOOTSTRAP_USERNAME = 'bootstrap';

/**
 * Makes SOQUY_BOOTSTRAP_TOKEN a working admin token over the whole tree, present and future units
 * alike: for first setup and automated tests. Safe to run at every start.
 */
export async function ensureBootstrapAdmin(
  deps: UserDeps & { store: BootstrapStore },
  secret: string,
): Promise<void> {
  let userId = await deps.store.findUserIdByUsername(BOOTSTRAP_USERNAME);
  if (!userId) {
    const outcome = await createUser(deps, systemContext('users.bootstrap'), {
      name: 'Bootstrap administrator',
      username: BOOTSTRAP_USERNAME,
      grants: [{ unitId: null, role: 'admin' }],
    });
    userId = (outcome.value as { id: string }).id;
  }
  const nowMs = deps.nowMs();
  await deps.store.ensureToken(
    {
      id: newId(nowMs),
      userId,
      name: 'SOQUY_BOOTSTRAP_TOKEN',
      expiresAt: null,
      createdAt: new Date(nowMs).toISOString(),
    },
    await sha256Hex(secret),
  );
}

import type { Actor, Grant } from '../domain/access.ts';
import { DomainError } from '../domain/errors.ts';
import { sha256Hex } from '../domain/passwords.ts';

export interface CredentialOwner {
  userId: string;
  name: string;
  status: 'active' | 'disabled';
  grants: Grant[];
}

export interface AuthenticateStore {
  /** The owner of a live token (not revoked, not expired at `nowMs`), or null. */
  findTokenOwner(tokenHash: string, nowMs: number): Promise<CredentialOwner | null>;
}

/** Bearer token → actor; a missing, unknown, expired or revoked token is 401, all alike. */
export async function authenticateToken(
  deps: { store: AuthenticateStore; nowMs: () => number },
  secret: string,
): Promise<Actor> {
  const owner = await deps.store.findTokenOwner(await sha256Hex(secret), deps.nowMs());
  if (owner?.status !== 'active') {
    throw new DomainError('unauthenticated', 'This token is not valid: it is unknown, expired or revoked.');
  }
  return { userId: owner.userId, name: owner.name, grants: owner.grants };
}

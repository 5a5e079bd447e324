import { DomainError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { newSecret, sha256Hex } from '../domain/passwords.ts';
import type { WriteContext, WriteExtras } from './context.ts';
import { type IdempotencyStore, idempotentWrite, type WriteOutcome } from './idempotency.ts';
import { getManagedUser, type UserDeps, type UserStore } from './users.ts';

export interface TokenView {
  id: string;
  userId: string;
  name: string;
  expiresAt: string | null;
  createdAt: string;
}

export interface TokenStore extends IdempotencyStore, UserStore {
  insertToken(token: TokenView, tokenHash: string, extras: WriteExtras): Promise<void>;
  getToken(id: string): Promise<(TokenView & { revokedAt: string | null }) | null>;
  revokeToken(id: string, revokedAtMs: number, extras: WriteExtras): Promise<void>;
}

/**
 * A new API token for a user: the secret is returned this once and stored only as its SHA-256. A retry
 * with the same Idempotency-Key finds the token made but cannot show its secret again.
 */
export async function createToken(
  deps: UserDeps & { store: TokenStore },
  context: WriteContext,
  input: { userId: string; name: string; expiresAt?: string | null },
): Promise<WriteOutcome<TokenView & { token: string | null }>> {
  const outcome = await idempotentWrite<TokenView & { token: string | null }>(
    deps.store,
    context,
    deps.nowMs,
    async (seal) => {
      const self = input.userId === context.actor.userId;
      const user = self
        ? await deps.store.getUser(input.userId)
        : await getManagedUser(deps, context.actor, input.userId);
      if (!user) throw new DomainError('not-found', `There is no user ${input.userId}.`);
      const nowMs = deps.nowMs();
      if (input.expiresAt && Date.parse(input.expiresAt) <= nowMs) {
        throw new DomainError('validation-failed', 'A token must expire in the future.', {
          fieldErrors: [{ field: 'expiresAt', detail: 'must be in the future' }],
        });
      }
      const token: TokenView = {
        id: newId(nowMs),
        userId: user.id,
        name: input.name,
        expiresAt: input.expiresAt ? new Date(input.expiresAt).toISOString() : null,
        createdAt: new Date(nowMs).toISOString(),
      };
      const secret = newSecret();
      // The idempotency record keeps the token's description, never its secret.
      await deps.store.insertToken(
        token,
        await sha256Hex(secret),
        seal({ ...token, token: null }, user.grants[0]?.unitId ?? null),
      );
      return { ...token, token: secret };
    },
  );
  return outcome;
}

export async function revokeToken(
  deps: UserDeps & { store: TokenStore },
  context: WriteContext,
  tokenId: string,
): Promise<WriteOutcome<TokenView & { revokedAt: string }>> {
  return idempotentWrite(
    deps.store,
    context,
    deps.nowMs,
    async (seal) => {
      const token = await deps.store.getToken(tokenId);
      if (!token) throw new DomainError('not-found', `There is no token ${tokenId}.`);
      if (token.userId !== context.actor.userId) await getManagedUser(deps, context.actor, token.userId);
      if (token.revokedAt)
        throw new DomainError('conflict', `Token ${token.name} was already revoked at ${token.revokedAt}.`);
      const nowMs = deps.nowMs();
      const revoked = { ...token, revokedAt: new Date(nowMs).toISOString() };
      await deps.store.revokeToken(token.id, nowMs, seal(revoked, null));
      return revoked;
    },
    200,
  );
}

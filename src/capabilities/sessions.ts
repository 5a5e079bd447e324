import type { Actor } from '../domain/access.ts';
import { DomainError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import {
  LOGIN_FAILURE_WINDOW_MS,
  LOGIN_FAILURES_PER_ACCOUNT_MAX,
  LOGIN_FAILURES_PER_ADDRESS_MAX,
  SESSION_IDLE_MS,
  SESSION_TOUCH_INTERVAL_MS,
} from '../domain/limits.ts';
import { hashPassword, newSecret, sha256Hex, verifyPassword } from '../domain/passwords.ts';
import type { CredentialOwner } from './authenticate.ts';

export interface SessionRecord {
  id: string;
  userId: string;
  csrfToken: string;
  lastSeenAtMs: number;
}

export interface SessionStore {
  findLoginCandidate(username: string): Promise<(CredentialOwner & { passwordHash: string | null }) | null>;
  countLoginFailures(subject: string, sinceMs: number): Promise<number>;
  recordLoginFailures(subjects: string[], atMs: number): Promise<void>;
  insertSession(session: SessionRecord & { secretHash: string; createdAtMs: number }): Promise<void>;
  findSession(
    secretHash: string,
  ): Promise<(SessionRecord & { endedAtMs: number | null; owner: CredentialOwner }) | null>;
  touchSession(id: string, atMs: number): Promise<void>;
  endSession(id: string, atMs: number): Promise<void>;
}

export interface SessionDeps {
  store: SessionStore;
  nowMs: () => number;
  passwordIterations: number;
}

/** Hashing a password for no one takes as long as for someone, so timing does not reveal usernames. */
let decoyHash: Promise<string> | null = null;

export async function login(
  deps: SessionDeps,
  input: { username: string; password: string; ip: string | null },
): Promise<{ secret: string; csrfToken: string; actor: Actor }> {
  const nowMs = deps.nowMs();
  const username = input.username.toLowerCase();
  const subjects = [`user:${username}`, ...(input.ip ? [`ip:${input.ip}`] : [])];
  const since = nowMs - LOGIN_FAILURE_WINDOW_MS;
  const byAccount = await deps.store.countLoginFailures(subjects[0]!, since);
  const byAddress = input.ip ? await deps.store.countLoginFailures(`ip:${input.ip}`, since) : 0;
  if (byAccount >= LOGIN_FAILURES_PER_ACCOUNT_MAX || byAddress >= LOGIN_FAILURES_PER_ADDRESS_MAX) {
    throw new DomainError('too-many-attempts', 'Too many failed sign-ins. Wait 15 minutes and try again.');
  }
  const candidate = await deps.store.findLoginCandidate(username);
  decoyHash ??= hashPassword('decoy password for timing', deps.passwordIterations);
  const matches = await verifyPassword(input.password, candidate?.passwordHash ?? (await decoyHash));
  if (!candidate?.passwordHash || !matches || candidate.status !== 'active') {
    await deps.store.recordLoginFailures(subjects, nowMs);
    throw new DomainError('unauthenticated', 'The username or password is not right.');
  }
  const secret = newSecret('sqs_');
  const csrfToken = newSecret('csrf_');
  await deps.store.insertSession({
    id: newId(nowMs),
    userId: candidate.userId,
    csrfToken,
    lastSeenAtMs: nowMs,
    secretHash: await sha256Hex(secret),
    createdAtMs: nowMs,
  });
  return {
    secret,
    csrfToken,
    actor: { userId: candidate.userId, name: candidate.name, grants: candidate.grants },
  };
}

/** Cookie secret → actor and session; an ended or idle session is 401. */
export async function authenticateSession(
  deps: { store: SessionStore; nowMs: () => number },
  secret: string,
): Promise<{ actor: Actor; session: SessionRecord }> {
  const nowMs = deps.nowMs();
  const found = await deps.store.findSession(await sha256Hex(secret));
  if (
    !found ||
    found.endedAtMs !== null ||
    nowMs - found.lastSeenAtMs > SESSION_IDLE_MS ||
    found.owner.status !== 'active'
  ) {
    throw new DomainError('unauthenticated', 'Your session has ended. Sign in again.');
  }
  if (nowMs - found.lastSeenAtMs > SESSION_TOUCH_INTERVAL_MS) await deps.store.touchSession(found.id, nowMs);
  const { owner } = found;
  return { actor: { userId: owner.userId, name: owner.name, grants: owner.grants }, session: found };
}

export async function logout(
  deps: { store: SessionStore; nowMs: () => number },
  sessionId: string,
): Promise<void> {
  await deps.store.endSession(sessionId, deps.nowMs());
}

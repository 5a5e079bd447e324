import type { Row } from '@libsql/client';
import type { AuditStore, AuditView } from '../capabilities/audit.ts';
import type { AuthenticateStore, CredentialOwner } from '../capabilities/authenticate.ts';
import type { AuditOutcome, AuditRecord, WriteExtras } from '../capabilities/context.ts';
import type { SessionRecord, SessionStore } from '../capabilities/sessions.ts';
import type { TokenStore, TokenView } from '../capabilities/tokens.ts';
import type { GrantView, UserStore, UserView } from '../capabilities/users.ts';
import type { Grant, Role } from '../domain/access.ts';
import { Filters } from './filters.ts';
import { auditInsert, LedgerStore, rootsCondition } from './ledger-store.ts';
import { isoInstant, optionalText, textOf } from './rows.ts';

/**
 * Users, grants, tokens, sessions and the audit trail, on the same client and write queue as the ledger.
 * One class so that every capability's store interface is met by one object per app.
 */
export class AppStore
  extends LedgerStore
  implements UserStore, TokenStore, AuthenticateStore, SessionStore, AuditStore
{
  // — users and grants —

  private async activeGrants(userIds: string[]): Promise<Map<string, GrantView[]>> {
    const byUser = new Map<string, GrantView[]>(userIds.map((id) => [id, []]));
    if (userIds.length === 0) return byUser;
    const rows = await this.rows(
      `SELECT id, user_id, unit_id, role, created_at_ms FROM grants
       WHERE revoked_at_ms IS NULL AND user_id IN (${userIds.map(() => '?').join(', ')}) ORDER BY created_at_ms, id`,
      userIds,
    );
    for (const row of rows) {
      byUser.get(textOf(row.user_id))?.push({
        id: textOf(row.id),
        unitId: optionalText(row.unit_id),
        role: textOf(row.role) as Role,
        createdAt: isoInstant(row.created_at_ms),
      });
    }
    return byUser;
  }

  private async usersFromRows(rows: Row[]): Promise<UserView[]> {
    const grants = await this.activeGrants(rows.map((row) => textOf(row.id)));
    return rows.map((row) => ({
      id: textOf(row.id),
      name: textOf(row.name),
      username: textOf(row.username),
      status: textOf(row.status) as UserView['status'],
      isDemo: Number(row.is_demo) === 1,
      createdAt: isoInstant(row.created_at_ms),
      grants: grants.get(textOf(row.id)) ?? [],
    }));
  }

  async getUser(id: string): Promise<UserView | null> {
    const rows = await this.rows(
      'SELECT id, name, username, status, is_demo, created_at_ms FROM users WHERE id = ?',
      [id],
    );
    return (await this.usersFromRows(rows))[0] ?? null;
  }

  async findUserIdByUsername(username: string): Promise<string | null> {
    const [row] = await this.rows('SELECT id FROM users WHERE username = ?', [username]);
    return row ? textOf(row.id) : null;
  }

  async insertUser(
    user: UserView,
    passwordHash: string | null,
    createdBy: string,
    extras: WriteExtras,
  ): Promise<void> {
    await this.write(
      [
        {
          sql: 'INSERT INTO users (id, name, username, password_hash, status, is_demo, created_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)',
          args: [
            user.id,
            user.name,
            user.username,
            passwordHash,
            user.status,
            user.isDemo ? 1 : 0,
            Date.parse(user.createdAt),
          ],
        },
        ...user.grants.map((grant) => grantInsert(user.id, grant, createdBy)),
      ],
      extras,
    );
  }

  async insertGrant(userId: string, grant: GrantView, createdBy: string, extras: WriteExtras): Promise<void> {
    await this.write([grantInsert(userId, grant, createdBy)], extras);
  }

  async revokeGrant(
    grantId: string,
    revokedBy: string,
    revokedAtMs: number,
    extras: WriteExtras,
  ): Promise<void> {
    await this.write(
      [
        {
          sql: 'UPDATE grants SET revoked_at_ms = ?, revoked_by = ? WHERE id = ? AND revoked_at_ms IS NULL',
          args: [revokedAtMs, revokedBy, grantId],
        },
      ],
      extras,
    );
  }

  async listUsers(query: {
    roots: string[] | null;
    afterId: string | null;
    limit: number;
  }): Promise<UserView[]> {
    const visible = rootsCondition('g.unit_id', query.roots);
    const scope =
      query.roots === null
        ? '1 = 1'
        : `EXISTS (SELECT 1 FROM grants g WHERE g.user_id = u.id AND g.revoked_at_ms IS NULL AND ${visible.sql})`;
    const rows = await this.rows(
      `SELECT u.id, u.name, u.username, u.status, u.is_demo, u.created_at_ms FROM users u
       WHERE (? IS NULL OR u.id > ?) AND ${scope} ORDER BY u.id LIMIT ?`,
      [query.afterId, query.afterId, ...visible.args, query.limit],
    );
    return this.usersFromRows(rows);
  }

  /** Marks a user as a demo account (documented password): shown as such wherever users are listed. */
  async markDemoUser(id: string): Promise<void> {
    await this.client.execute({ sql: 'UPDATE users SET is_demo = 1 WHERE id = ?', args: [id] });
  }

  // — tokens —

  async insertToken(token: TokenView, tokenHash: string, extras: WriteExtras): Promise<void> {
    await this.write(
      [
        {
          sql: 'INSERT INTO api_tokens (id, user_id, name, token_hash, expires_at_ms, revoked_at_ms, created_at_ms) VALUES (?, ?, ?, ?, ?, NULL, ?)',
          args: [
            token.id,
            token.userId,
            token.name,
            tokenHash,
            token.expiresAt ? Date.parse(token.expiresAt) : null,
            Date.parse(token.createdAt),
          ],
        },
      ],
      extras,
    );
  }

  async getToken(id: string): Promise<(TokenView & { revokedAt: string | null }) | null> {
    const [row] = await this.rows(
      'SELECT id, user_id, name, expires_at_ms, revoked_at_ms, created_at_ms FROM api_tokens WHERE id = ?',
      [id],
    );
    if (!row) return null;
    return {
      id: textOf(row.id),
      userId: textOf(row.user_id),
      name: textOf(row.name),
      expiresAt: row.expires_at_ms === null ? null : isoInstant(row.expires_at_ms),
      createdAt: isoInstant(row.created_at_ms),
      revokedAt: row.revoked_at_ms === null ? null : isoInstant(row.revoked_at_ms),
    };
  }

  async revokeToken(id: string, revokedAtMs: number, extras: WriteExtras): Promise<void> {
    await this.write(
      [
        {
          sql: 'UPDATE api_tokens SET revoked_at_ms = ? WHERE id = ? AND revoked_at_ms IS NULL',
          args: [revokedAtMs, id],
        },
      ],
      extras,
    );
  }

  /** Inserts a token with a known secret's hash unless it exists (the bootstrap token). */
  async ensureToken(token: TokenView, tokenHash: string): Promise<void> {
    await this.write(
      [
        {
          sql: `INSERT INTO api_tokens (id, user_id, name, token_hash, expires_at_ms, revoked_at_ms, created_at_ms)
                VALUES (?, ?, ?, ?, NULL, NULL, ?) ON CONFLICT (token_hash) DO NOTHING`,
          args: [token.id, token.userId, token.name, tokenHash, Date.parse(token.createdAt)],
        },
      ],
      { idempotency: null, audit: null },
    );
  }

  // — authentication —

  private async owner(userId: string, row: Row): Promise<CredentialOwner> {
    const grants = (await this.activeGrants([userId])).get(userId) ?? [];
    return {
      userId,
      name: textOf(row.name),
      status: textOf(row.status) as CredentialOwner['status'],
      grants: grants.map((grant): Grant => ({ id: grant.id, unitId: grant.unitId, role: grant.role })),
    };
  }

  async findTokenOwner(tokenHash: string, nowMs: number): Promise<CredentialOwner | null> {
    const [row] = await this.rows(
      `SELECT u.id, u.name, u.status FROM api_tokens t JOIN users u ON u.id = t.user_id
       WHERE t.token_hash = ? AND t.revoked_at_ms IS NULL AND (t.expires_at_ms IS NULL OR t.expires_at_ms > ?)`,
      [tokenHash, nowMs],
    );
    return row ? this.owner(textOf(row.id), row) : null;
  }

  async findLoginCandidate(
    username: string,
  ): Promise<(CredentialOwner & { passwordHash: string | null }) | null> {
    const [row] = await this.rows('SELECT id, name, status, password_hash FROM users WHERE username = ?', [
      username,
    ]);
    if (!row) return null;
    return { ...(await this.owner(textOf(row.id), row)), passwordHash: optionalText(row.password_hash) };
  }

  async countLoginFailures(subject: string, sinceMs: number): Promise<number> {
    const [row] = await this.rows(
      'SELECT count(*) AS n FROM login_failures WHERE subject = ? AND at_ms >= ?',
      [subject, sinceMs],
    );
    return Number(row?.n ?? 0);
  }

  async recordLoginFailures(subjects: string[], atMs: number): Promise<void> {
    await this.client.batch(
      subjects.map((subject) => ({
        sql: 'INSERT INTO login_failures (subject, at_ms) VALUES (?, ?)',
        args: [subject, atMs],
      })),
      'write',
    );
  }

  async insertSession(session: SessionRecord & { secretHash: string; createdAtMs: number }): Promise<void> {
    await this.client.execute({
      sql: `INSERT INTO sessions (id, secret_hash, user_id, csrf_token, created_at_ms, last_seen_at_ms, ended_at_ms)
            VALUES (?, ?, ?, ?, ?, ?, NULL)`,
      args: [
        session.id,
        session.secretHash,
        session.userId,
        session.csrfToken,
        session.createdAtMs,
        session.lastSeenAtMs,
      ],
    });
  }

  async findSession(
    secretHash: string,
  ): Promise<(SessionRecord & { endedAtMs: number | null; owner: CredentialOwner }) | null> {
    const [row] = await this.rows(
      `SELECT s.id AS session_id, s.user_id, s.csrf_token, s.last_seen_at_ms, s.ended_at_ms, u.name, u.status
       FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.secret_hash = ?`,
      [secretHash],
    );
    if (!row) return null;
    return {
      id: textOf(row.session_id),
      userId: textOf(row.user_id),
      csrfToken: textOf(row.csrf_token),
      lastSeenAtMs: Number(row.last_seen_at_ms),
      endedAtMs: row.ended_at_ms === null ? null : Number(row.ended_at_ms),
      owner: await this.owner(textOf(row.user_id), row),
    };
  }

  async touchSession(id: string, atMs: number): Promise<void> {
    await this.client.execute({
      sql: 'UPDATE sessions SET last_seen_at_ms = ? WHERE id = ?',
      args: [atMs, id],
    });
  }

  async endSession(id: string, atMs: number): Promise<void> {
    await this.client.execute({
      sql: 'UPDATE sessions SET ended_at_ms = ? WHERE id = ? AND ended_at_ms IS NULL',
      args: [atMs, id],
    });
  }

  // — audit —

  async appendAudit(record: AuditRecord): Promise<void> {
    await this.client.execute(auditInsert(record));
  }

  async listAudit(query: Parameters<AuditStore['listAudit']>[0]): Promise<AuditView[]> {
    const visible = rootsCondition('unit_id', query.roots);
    const where = new Filters()
      .when(query.actorId, 'actor_id = ?')
      .when(query.action, 'action = ?')
      .when(query.objectId, 'object_id = ?')
      .when(query.fromMs, 'at_ms >= ?')
      .when(query.toMs, 'at_ms <= ?')
      .when(query.beforeSeq, 'seq < ?')
      .add(visible.sql, visible.args);
    const rows = await this.rows(
      `SELECT seq, at_ms, actor_id, action, object_type, object_id, unit_id, request_id, outcome, status, ip, detail
       FROM audit_log WHERE ${where.sql} ORDER BY seq DESC LIMIT ?`,
      [...where.args, query.limit],
    );
    return rows.map((row) => ({
      seq: Number(row.seq),
      at: isoInstant(row.at_ms),
      actorId: optionalText(row.actor_id),
      action: textOf(row.action),
      objectType: optionalText(row.object_type),
      objectId: optionalText(row.object_id),
      unitId: optionalText(row.unit_id),
      requestId: optionalText(row.request_id),
      outcome: textOf(row.outcome) as AuditOutcome,
      status: Number(row.status),
      ip: optionalText(row.ip),
      detail: optionalText(row.detail),
    }));
  }
}

function grantInsert(userId: string, grant: GrantView, createdBy: string) {
  return {
    sql: 'INSERT INTO grants (id, user_id, unit_id, role, created_at_ms, created_by) VALUES (?, ?, ?, ?, ?, ?)',
    args: [grant.id, userId, grant.unitId, grant.role, Date.parse(grant.createdAt), createdBy],
  };
}

-- The audit trail is append-only: no code path updates or deletes a record, and the database refuses it.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'soquy:audit-append-only');
END;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'soquy:audit-append-only');
END;
--> statement-breakpoint
-- Users, grants and tokens are disabled or revoked, never deleted: the audit trail names them.
CREATE TRIGGER users_no_delete BEFORE DELETE ON users
BEGIN
  SELECT RAISE(ABORT, 'soquy:user-permanent');
END;
--> statement-breakpoint
CREATE TRIGGER grants_no_delete BEFORE DELETE ON grants
BEGIN
  SELECT RAISE(ABORT, 'soquy:grant-permanent');
END;

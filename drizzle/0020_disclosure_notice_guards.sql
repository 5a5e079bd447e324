-- A published disclosure notice (issue 6) is a public record: it is never changed or deleted.
CREATE TRIGGER disclosure_notices_no_update BEFORE UPDATE ON disclosure_notices
BEGIN
  SELECT RAISE(ABORT, 'soquy:disclosure-notice-permanent');
END;
--> statement-breakpoint
CREATE TRIGGER disclosure_notices_no_delete BEFORE DELETE ON disclosure_notices
BEGIN
  SELECT RAISE(ABORT, 'soquy:disclosure-notice-permanent');
END;

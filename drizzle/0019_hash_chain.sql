-- The journal's hash chain (issue 7, docs/decisions/0006-hash-chain.md). The writer computes each entry's
-- hash (SQLite has no SHA-256); the database makes sure every new entry carries one, in an unbroken run
-- of sequence numbers, and that the only change the journal ever accepts is giving an entry recorded
-- before the chain existed its hash, once.

-- After the insert guards of 0001 (an AFTER trigger), so their refusals keep their own messages.
CREATE TRIGGER journal_entries_chain_insert AFTER INSERT ON journal_entries
BEGIN
  SELECT RAISE(ABORT, 'soquy:entry-unhashed')
    WHERE NEW.hash IS NULL OR typeof(NEW.hash) <> 'text' OR length(NEW.hash) <> 64
       OR NEW.hash GLOB '*[^0-9a-f]*';
  SELECT RAISE(ABORT, 'soquy:journal-gap')
    WHERE NEW.seq <> 1 + coalesce((SELECT max(seq) FROM journal_entries WHERE seq < NEW.seq), 0);
END;
--> statement-breakpoint
-- Replaces 0001's trigger of the same name, which refused every UPDATE: still every one, except setting
-- a missing hash (NULL to 64 hex digits) with every other column unchanged. Entries written from now on
-- have a hash from the start, so this only ever lets the one-time backfill through.
DROP TRIGGER journal_entries_immutable_update;
--> statement-breakpoint
CREATE TRIGGER journal_entries_immutable_update BEFORE UPDATE ON journal_entries
WHEN NOT (
  OLD.hash IS NULL AND typeof(NEW.hash) = 'text' AND length(NEW.hash) = 64
  AND NEW.hash NOT GLOB '*[^0-9a-f]*'
  AND NEW.seq IS OLD.seq AND NEW.id IS OLD.id AND NEW.entry_date IS OLD.entry_date
  AND NEW.description IS OLD.description AND NEW.kind IS OLD.kind
  AND NEW.reverses_entry_id IS OLD.reverses_entry_id AND NEW.posting_count IS OLD.posting_count
  AND NEW.created_at_ms IS OLD.created_at_ms
)
BEGIN
  SELECT RAISE(ABORT, 'soquy:journal-immutable');
END;
--> statement-breakpoint
-- Finds the entries still to be hashed without a scan (empty once they are; new entries never enter it).
CREATE INDEX journal_entries_unhashed ON journal_entries (seq) WHERE hash IS NULL;

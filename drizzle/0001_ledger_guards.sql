-- Ledger guards: the database's own copy of the posting rules, so that no path (a bug, a script, a
-- hand-edit through the API of another tool) can write an unbalanced, mutable or misdirected journal.
-- A posting is written before its entry, in the same batch; once the entry row exists the entry is sealed.

CREATE TRIGGER postings_guard_insert BEFORE INSERT ON postings
BEGIN
  SELECT RAISE(ABORT, 'soquy:entry-sealed')
    WHERE EXISTS (SELECT 1 FROM journal_entries WHERE id = NEW.entry_id);
  SELECT RAISE(ABORT, 'soquy:account-not-open')
    WHERE NOT EXISTS (
      SELECT 1 FROM accounts
      WHERE id = NEW.account_id AND status = 'open' AND currency = NEW.currency AND fund_id = NEW.fund_id
    );
END;
--> statement-breakpoint
CREATE TRIGGER journal_entries_guard_insert BEFORE INSERT ON journal_entries
BEGIN
  SELECT RAISE(ABORT, 'soquy:posting-count')
    WHERE (SELECT count(*) FROM postings WHERE entry_id = NEW.id) <> NEW.posting_count;
  SELECT RAISE(ABORT, 'soquy:entry-unbalanced')
    WHERE EXISTS (
      SELECT 1 FROM postings WHERE entry_id = NEW.id GROUP BY fund_id, currency
      HAVING sum(CASE side WHEN 'debit' THEN amount_minor ELSE -amount_minor END) <> 0
    );
  SELECT RAISE(ABORT, 'soquy:entry-date-mismatch')
    WHERE EXISTS (SELECT 1 FROM postings WHERE entry_id = NEW.id AND entry_date <> NEW.entry_date);
  SELECT RAISE(ABORT, 'soquy:reversal-of-reversal')
    WHERE NEW.reverses_entry_id IS NOT NULL AND NOT EXISTS (
      SELECT 1 FROM journal_entries WHERE id = NEW.reverses_entry_id AND kind <> 'reversal'
    );
END;
--> statement-breakpoint
CREATE TRIGGER journal_entries_immutable_update BEFORE UPDATE ON journal_entries
BEGIN
  SELECT RAISE(ABORT, 'soquy:journal-immutable');
END;
--> statement-breakpoint
CREATE TRIGGER journal_entries_immutable_delete BEFORE DELETE ON journal_entries
BEGIN
  SELECT RAISE(ABORT, 'soquy:journal-immutable');
END;
--> statement-breakpoint
CREATE TRIGGER postings_immutable_update BEFORE UPDATE ON postings
BEGIN
  SELECT RAISE(ABORT, 'soquy:journal-immutable');
END;
--> statement-breakpoint
CREATE TRIGGER postings_immutable_delete BEFORE DELETE ON postings
BEGIN
  SELECT RAISE(ABORT, 'soquy:journal-immutable');
END;
--> statement-breakpoint
-- Accounts are never deleted (retention: 10 years, Nghị định 174/2016) and never change what they hold.
CREATE TRIGGER accounts_no_delete BEFORE DELETE ON accounts
BEGIN
  SELECT RAISE(ABORT, 'soquy:account-permanent');
END;
--> statement-breakpoint
CREATE TRIGGER accounts_fixed_identity BEFORE UPDATE OF fund_id, unit_id, currency, normal_side, type ON accounts
BEGIN
  SELECT RAISE(ABORT, 'soquy:account-identity-fixed');
END;
--> statement-breakpoint
CREATE TRIGGER funds_no_delete BEFORE DELETE ON funds
BEGIN
  SELECT RAISE(ABORT, 'soquy:fund-permanent');
END;
--> statement-breakpoint
CREATE TRIGGER units_no_delete BEFORE DELETE ON units
BEGIN
  SELECT RAISE(ABORT, 'soquy:unit-permanent');
END;

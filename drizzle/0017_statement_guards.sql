-- Guards of bank statements and reconciliation (issue 7), held by the database as well as by the
-- capabilities (src/capabilities/bank-statements.ts and statement-lines.ts).
-- Imports are of bank accounts only, and an import is a fact: never changed, never deleted.
CREATE TRIGGER bank_statement_imports_bank_account BEFORE INSERT ON bank_statement_imports
WHEN NOT EXISTS (SELECT 1 FROM accounts a WHERE a.id = NEW.account_id AND a.role = 'bank')
BEGIN
  SELECT RAISE(ABORT, 'soquy:statement-not-bank');
END;
--> statement-breakpoint
CREATE TRIGGER bank_statement_imports_no_update BEFORE UPDATE ON bank_statement_imports
BEGIN
  SELECT RAISE(ABORT, 'soquy:statement-permanent');
END;
--> statement-breakpoint
CREATE TRIGGER bank_statement_imports_no_delete BEFORE DELETE ON bank_statement_imports
BEGIN
  SELECT RAISE(ABORT, 'soquy:statement-permanent');
END;
--> statement-breakpoint
-- A line comes with an import of its own account.
CREATE TRIGGER bank_statement_lines_import BEFORE INSERT ON bank_statement_lines
WHEN NOT EXISTS (
  SELECT 1 FROM bank_statement_imports i WHERE i.id = NEW.import_id AND i.account_id = NEW.account_id)
BEGIN
  SELECT RAISE(ABORT, 'soquy:statement-line-import');
END;
--> statement-breakpoint
-- What the bank printed is kept as printed: a line is never deleted, and only its match (status, match
-- columns, note) ever changes.
CREATE TRIGGER bank_statement_lines_no_delete BEFORE DELETE ON bank_statement_lines
BEGIN
  SELECT RAISE(ABORT, 'soquy:statement-permanent');
END;
--> statement-breakpoint
CREATE TRIGGER bank_statement_lines_content_fixed BEFORE UPDATE ON bank_statement_lines
WHEN NOT (NEW.id = OLD.id AND NEW.account_id = OLD.account_id AND NEW.import_id = OLD.import_id
  AND NEW.line_no = OLD.line_no AND NEW.date = OLD.date AND NEW.reference IS OLD.reference
  AND NEW.debit_minor = OLD.debit_minor AND NEW.credit_minor = OLD.credit_minor
  AND NEW.balance_minor IS OLD.balance_minor AND NEW.description = OLD.description
  AND NEW.counterparty IS OLD.counterparty AND NEW.fingerprint = OLD.fingerprint
  AND NEW.created_at_ms = OLD.created_at_ms)
BEGIN
  SELECT RAISE(ABORT, 'soquy:statement-permanent');
END;
--> statement-breakpoint
-- The status says what the match columns hold: a record for a suggestion or a match, none otherwise.
CREATE TRIGGER bank_statement_lines_match_shape_insert BEFORE INSERT ON bank_statement_lines
WHEN NOT (CASE WHEN NEW.status IN ('matched', 'suggested')
  THEN NEW.match_kind IS NOT NULL AND NEW.match_id IS NOT NULL
  ELSE NEW.match_kind IS NULL AND NEW.match_id IS NULL END)
BEGIN
  SELECT RAISE(ABORT, 'soquy:statement-match-shape');
END;
--> statement-breakpoint
CREATE TRIGGER bank_statement_lines_match_shape_update BEFORE UPDATE ON bank_statement_lines
WHEN NOT (CASE WHEN NEW.status IN ('matched', 'suggested')
  THEN NEW.match_kind IS NOT NULL AND NEW.match_id IS NOT NULL
  ELSE NEW.match_kind IS NULL AND NEW.match_id IS NULL END)
BEGIN
  SELECT RAISE(ABORT, 'soquy:statement-match-shape');
END;
--> statement-breakpoint
-- A matched line leaves its record only by being unmatched: never straight to another record, never
-- set aside while it is matched.
CREATE TRIGGER bank_statement_lines_matched_stays BEFORE UPDATE ON bank_statement_lines
WHEN OLD.status = 'matched' AND NEW.status <> 'unmatched'
  AND NOT (NEW.status = 'matched' AND NEW.match_kind = OLD.match_kind AND NEW.match_id = OLD.match_id)
BEGIN
  SELECT RAISE(ABORT, 'soquy:statement-line-changed');
END;
--> statement-breakpoint
-- A matched line and its record move the same money on the line's account: the record's entry (a gift's,
-- a payment's, a transfer's, or the entry itself) nets to the line's credit minus its debit there.
CREATE TRIGGER bank_statement_lines_match_amount_insert BEFORE INSERT ON bank_statement_lines
WHEN NEW.status = 'matched' AND (
  SELECT coalesce(sum(CASE p.side WHEN 'debit' THEN p.amount_minor ELSE -p.amount_minor END), 0)
  FROM postings p
  WHERE p.account_id = NEW.account_id AND p.entry_id = (CASE NEW.match_kind
    WHEN 'donation' THEN (SELECT d.entry_id FROM donations d WHERE d.id = NEW.match_id)
    WHEN 'disbursement' THEN (SELECT b.pay_entry_id FROM disbursements b WHERE b.id = NEW.match_id)
    WHEN 'transfer' THEN (SELECT t.entry_id FROM transfers t WHERE t.id = NEW.match_id)
    ELSE NEW.match_id END)
) <> NEW.credit_minor - NEW.debit_minor
BEGIN
  SELECT RAISE(ABORT, 'soquy:statement-match-amount');
END;
--> statement-breakpoint
CREATE TRIGGER bank_statement_lines_match_amount_update BEFORE UPDATE OF status, match_kind, match_id ON bank_statement_lines
WHEN NEW.status = 'matched' AND (
  SELECT coalesce(sum(CASE p.side WHEN 'debit' THEN p.amount_minor ELSE -p.amount_minor END), 0)
  FROM postings p
  WHERE p.account_id = NEW.account_id AND p.entry_id = (CASE NEW.match_kind
    WHEN 'donation' THEN (SELECT d.entry_id FROM donations d WHERE d.id = NEW.match_id)
    WHEN 'disbursement' THEN (SELECT b.pay_entry_id FROM disbursements b WHERE b.id = NEW.match_id)
    WHEN 'transfer' THEN (SELECT t.entry_id FROM transfers t WHERE t.id = NEW.match_id)
    ELSE NEW.match_id END)
) <> NEW.credit_minor - NEW.debit_minor
BEGIN
  SELECT RAISE(ABORT, 'soquy:statement-match-amount');
END;
--> statement-breakpoint
-- A record is matched to one line of an account at most (a transfer is matched once on each side).
CREATE UNIQUE INDEX bank_statement_lines_one_match ON bank_statement_lines (account_id, match_kind, match_id)
WHERE status = 'matched';
--> statement-breakpoint
-- Lines of an account by date (the lines list, reconciliation's sums).
CREATE INDEX bank_statement_lines_account_date ON bank_statement_lines (account_id, date, id);

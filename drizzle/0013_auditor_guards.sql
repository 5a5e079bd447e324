-- Guards of the auditor's toolkit (issue 7): period closes (khóa sổ). The domain checks the same rules
-- first (src/db/period-guard.ts); these hold the line for another process, an edge isolate or a script.
--
-- A posting dated on or before the end of a standing close of its fund is refused. SQLite 3.45 takes only
-- a literal message in RAISE, so the first statement makes the error name the period: json_extract with
-- a path that is not one fails with "bad JSON path: 'soquy:period-closed:2024-09-30'", which
-- src/db/sql-errors.ts reads. The RAISE after it refuses the posting should an engine word that otherwise.
CREATE TRIGGER postings_period_closed BEFORE INSERT ON postings
WHEN EXISTS (
  SELECT 1 FROM period_closes
  WHERE fund_id = NEW.fund_id AND period_end >= NEW.entry_date AND reopened_at_ms IS NULL
)
BEGIN
  SELECT json_extract('{}', 'soquy:period-closed:' || (
    SELECT max(period_end) FROM period_closes WHERE fund_id = NEW.fund_id AND reopened_at_ms IS NULL
  ));
  SELECT RAISE(ABORT, 'soquy:period-closed');
END;
--> statement-breakpoint
-- A close is made standing. A year-end close stands only once the fund's revenue and expense accounts
-- are closed into its fund balance through the year's end: its closing entry is written earlier in the
-- same batch, so an entry another writer slipped into the year in the meantime refuses the close.
CREATE TRIGGER period_closes_guard_insert BEFORE INSERT ON period_closes
BEGIN
  SELECT RAISE(ABORT, 'soquy:period-close-permanent')
    WHERE NEW.reopened_at_ms IS NOT NULL OR NEW.reopened_by IS NOT NULL OR NEW.reopen_reason IS NOT NULL;
  SELECT RAISE(ABORT, 'soquy:year-not-carried-forward')
    WHERE NEW.kind = 'year' AND EXISTS (
      SELECT 1 FROM accounts a
      WHERE a.fund_id = NEW.fund_id AND a.type IN ('revenue', 'expense')
        AND coalesce((
          SELECT d.debit_total_minor - d.credit_total_minor FROM account_day_totals d
          WHERE d.account_id = a.id AND d.day <= NEW.period_end ORDER BY d.day DESC LIMIT 1
        ), 0) <> 0
    );
END;
--> statement-breakpoint
-- Reopening marks the row once (who, when, why); nothing else about a close ever changes.
CREATE TRIGGER period_closes_reopen_only BEFORE UPDATE ON period_closes
WHEN NOT (OLD.reopened_at_ms IS NULL AND NEW.reopened_at_ms IS NOT NULL AND NEW.reopened_by IS NOT NULL
  AND NEW.id = OLD.id AND NEW.fund_id = OLD.fund_id AND NEW.period_end = OLD.period_end
  AND NEW.kind = OLD.kind AND NEW.closed_by = OLD.closed_by AND NEW.closed_at_ms = OLD.closed_at_ms
  AND NEW.closing_entry_id IS OLD.closing_entry_id)
BEGIN
  SELECT RAISE(ABORT, 'soquy:period-close-permanent');
END;
--> statement-breakpoint
CREATE TRIGGER period_closes_no_delete BEFORE DELETE ON period_closes
BEGIN
  SELECT RAISE(ABORT, 'soquy:period-close-permanent');
END;

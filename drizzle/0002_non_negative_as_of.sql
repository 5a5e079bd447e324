-- A no-negative account (bank, cash, in-kind goods) may not go below zero on ANY day, not only today:
-- a payment back-dated before the money arrived would show the bank overdrawn as of that date.
-- The cumulative per-day totals are the as-of balances, so the rule is checked on every row they change.
CREATE TRIGGER account_day_totals_non_negative_insert AFTER INSERT ON account_day_totals
WHEN EXISTS (
  SELECT 1 FROM accounts a WHERE a.id = NEW.account_id AND a.non_negative = 1
    AND (CASE a.normal_side WHEN 'debit' THEN NEW.debit_total_minor - NEW.credit_total_minor
         ELSE NEW.credit_total_minor - NEW.debit_total_minor END) < 0
)
BEGIN
  SELECT RAISE(ABORT, 'soquy:below-zero-as-of');
END;
--> statement-breakpoint
CREATE TRIGGER account_day_totals_non_negative_update AFTER UPDATE ON account_day_totals
WHEN EXISTS (
  SELECT 1 FROM accounts a WHERE a.id = NEW.account_id AND a.non_negative = 1
    AND (CASE a.normal_side WHEN 'debit' THEN NEW.debit_total_minor - NEW.credit_total_minor
         ELSE NEW.credit_total_minor - NEW.debit_total_minor END) < 0
)
BEGIN
  SELECT RAISE(ABORT, 'soquy:below-zero-as-of');
END;

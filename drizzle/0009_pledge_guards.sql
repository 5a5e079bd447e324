-- Pledges (đăng ký ủng hộ) and donor merges, guarded by the database as well as by the domain.
-- A gift against a pledge: the pledge is open, of the same fund, campaign and currency.
CREATE TRIGGER donations_pledge_open BEFORE INSERT ON donations
WHEN NEW.pledge_id IS NOT NULL AND NOT EXISTS (
  SELECT 1 FROM pledges p WHERE p.id = NEW.pledge_id AND p.status = 'open' AND p.fund_id = NEW.fund_id
    AND p.currency = NEW.currency AND p.campaign_id IS NEW.campaign_id)
BEGIN
  SELECT RAISE(ABORT, 'soquy:pledge-not-open');
END;
--> statement-breakpoint
-- ... and does not take what was received past what was pledged.
CREATE TRIGGER donations_pledge_within BEFORE INSERT ON donations
WHEN NEW.pledge_id IS NOT NULL AND NEW.amount_minor
  + (SELECT coalesce(sum(d.amount_minor), 0) FROM donations d WHERE d.pledge_id = NEW.pledge_id AND d.status = 'valid')
  > (SELECT p.amount_minor FROM pledges p WHERE p.id = NEW.pledge_id)
BEGIN
  SELECT RAISE(ABORT, 'soquy:pledge-exceeded');
END;
--> statement-breakpoint
-- The pledge a gift fulfils is part of the gift: never changed afterwards.
CREATE TRIGGER donations_pledge_fixed BEFORE UPDATE OF pledge_id ON donations
WHEN NEW.pledge_id IS NOT OLD.pledge_id
BEGIN
  SELECT RAISE(ABORT, 'soquy:donation-immutable');
END;
--> statement-breakpoint
CREATE TRIGGER pledges_no_delete BEFORE DELETE ON pledges
BEGIN
  SELECT RAISE(ABORT, 'soquy:pledge-permanent');
END;
--> statement-breakpoint
-- What was pledged never changes. The status moves open → fulfilled (everything received), fulfilled →
-- open (a gift against it was voided), or open → cancelled (with a reason; final).
CREATE TRIGGER pledges_status_only BEFORE UPDATE ON pledges
WHEN NOT (NEW.id = OLD.id AND NEW.fund_id = OLD.fund_id AND NEW.unit_id = OLD.unit_id
  AND NEW.campaign_id IS OLD.campaign_id AND NEW.donor_id = OLD.donor_id AND NEW.amount_minor = OLD.amount_minor
  AND NEW.currency = OLD.currency AND NEW.pledged_on = OLD.pledged_on AND NEW.due_on IS OLD.due_on
  AND NEW.created_at_ms = OLD.created_at_ms
  AND (
    (OLD.status = 'open' AND NEW.status = 'fulfilled' AND NEW.cancel_reason IS NULL
      AND (SELECT coalesce(sum(d.amount_minor), 0) FROM donations d WHERE d.pledge_id = OLD.id AND d.status = 'valid') = OLD.amount_minor)
    OR (OLD.status = 'fulfilled' AND NEW.status = 'open' AND NEW.cancel_reason IS NULL
      AND (SELECT coalesce(sum(d.amount_minor), 0) FROM donations d WHERE d.pledge_id = OLD.id AND d.status = 'valid') < OLD.amount_minor)
    OR (OLD.status = 'open' AND NEW.status = 'cancelled' AND NEW.cancel_reason IS NOT NULL)
  ))
BEGIN
  SELECT RAISE(ABORT, 'soquy:pledge-status');
END;
--> statement-breakpoint
-- A duplicate donor is merged once, into another donor that is not itself merged elsewhere.
CREATE TRIGGER donors_merge_once BEFORE UPDATE OF merged_into_id ON donors
WHEN NOT (OLD.merged_into_id IS NULL AND NEW.merged_into_id IS NOT NULL AND NEW.merged_into_id <> NEW.id
  AND EXISTS (SELECT 1 FROM donors t WHERE t.id = NEW.merged_into_id AND t.merged_into_id IS NULL))
BEGIN
  SELECT RAISE(ABORT, 'soquy:donor-merge');
END;

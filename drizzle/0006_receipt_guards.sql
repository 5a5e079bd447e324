-- Receipt numbers are gap-free per issuing unit and year: only the next number is accepted, and a
-- receipt, once issued, is never changed or removed (a void marks the donation, the number stays).
CREATE TRIGGER receipts_next_number BEFORE INSERT ON receipts
BEGIN
  SELECT RAISE(ABORT, 'soquy:receipt-gap')
    WHERE NEW.number <> coalesce((SELECT max(number) FROM receipts WHERE unit_id = NEW.unit_id AND year = NEW.year), 0) + 1;
END;
--> statement-breakpoint
CREATE TRIGGER receipts_no_update BEFORE UPDATE ON receipts
BEGIN
  SELECT RAISE(ABORT, 'soquy:receipt-permanent');
END;
--> statement-breakpoint
CREATE TRIGGER receipts_no_delete BEFORE DELETE ON receipts
BEGIN
  SELECT RAISE(ABORT, 'soquy:receipt-permanent');
END;
--> statement-breakpoint
CREATE TRIGGER donations_no_delete BEFORE DELETE ON donations
BEGIN
  SELECT RAISE(ABORT, 'soquy:donation-permanent');
END;
--> statement-breakpoint
-- Only a void may change a donation, once: from valid to void, with its reason and reversal entry.
CREATE TRIGGER donations_void_only BEFORE UPDATE ON donations
WHEN NOT (OLD.status = 'valid' AND NEW.status = 'void' AND NEW.void_reason IS NOT NULL AND NEW.void_entry_id IS NOT NULL
  AND NEW.amount_minor = OLD.amount_minor AND NEW.fund_id = OLD.fund_id AND NEW.donor_id IS OLD.donor_id
  AND NEW.receipt_no = OLD.receipt_no AND NEW.entry_id = OLD.entry_id AND NEW.received_on = OLD.received_on)
BEGIN
  SELECT RAISE(ABORT, 'soquy:donation-immutable');
END;

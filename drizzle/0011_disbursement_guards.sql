-- Disbursements, transfers and allocations are records an auditor relies on: never deleted, and only the
-- changes their lifecycle allows. The domain checks the same rules first; these hold the line for any
-- other writer.
CREATE TRIGGER disbursements_no_delete BEFORE DELETE ON disbursements
BEGIN
  SELECT RAISE(ABORT, 'soquy:disbursement-permanent');
END;
--> statement-breakpoint
-- What was drafted never changes; the status moves draft → approved | rejected, approved → paid |
-- rejected, paid → reversed, each step filling in its own fields only.
CREATE TRIGGER disbursements_lifecycle BEFORE UPDATE ON disbursements
WHEN NOT (NEW.id = OLD.id AND NEW.fund_id = OLD.fund_id AND NEW.unit_id = OLD.unit_id
  AND NEW.campaign_id IS OLD.campaign_id AND NEW.amount_minor = OLD.amount_minor AND NEW.currency = OLD.currency
  AND NEW.category = OLD.category AND NEW.project_id IS OLD.project_id
  AND NEW.beneficiary_id IS OLD.beneficiary_id AND NEW.purpose = OLD.purpose AND NEW.date = OLD.date
  AND NEW.drafted_by = OLD.drafted_by AND NEW.created_at_ms = OLD.created_at_ms
  AND (
    (OLD.status = 'draft' AND NEW.status = 'approved' AND NEW.approved_by IS NOT NULL
      AND NEW.decision_no IS NOT NULL AND NEW.decision_date IS NOT NULL)
    OR (OLD.status IN ('draft', 'approved') AND NEW.status = 'rejected' AND NEW.rejected_by IS NOT NULL
      AND NEW.reject_reason IS NOT NULL AND NEW.approved_by IS OLD.approved_by)
    OR (OLD.status = 'approved' AND NEW.status = 'paid' AND NEW.pay_entry_id IS NOT NULL
      AND NEW.paid_on IS NOT NULL AND NEW.paid_by IS NOT NULL AND NEW.approved_by IS OLD.approved_by
      AND NEW.decision_no IS OLD.decision_no)
    OR (OLD.status = 'paid' AND NEW.status = 'reversed' AND NEW.reversal_entry_id IS NOT NULL
      AND NEW.reversed_by IS NOT NULL AND NEW.reverse_reason IS NOT NULL
      AND NEW.pay_entry_id IS OLD.pay_entry_id AND NEW.paid_on IS OLD.paid_on)
  ))
BEGIN
  SELECT RAISE(ABORT, 'soquy:disbursement-transition');
END;
--> statement-breakpoint
CREATE TRIGGER transfers_no_delete BEFORE DELETE ON transfers
BEGIN
  SELECT RAISE(ABORT, 'soquy:transfer-permanent');
END;
--> statement-breakpoint
CREATE TRIGGER transfers_reverse_only BEFORE UPDATE ON transfers
WHEN NOT (NEW.id = OLD.id AND NEW.from_fund_id = OLD.from_fund_id AND NEW.to_fund_id = OLD.to_fund_id
  AND NEW.amount_minor = OLD.amount_minor AND NEW.currency = OLD.currency AND NEW.date = OLD.date
  AND NEW.entry_id = OLD.entry_id AND OLD.status = 'done' AND NEW.status = 'reversed'
  AND NEW.reversal_entry_id IS NOT NULL AND NEW.reverse_reason IS NOT NULL)
BEGIN
  SELECT RAISE(ABORT, 'soquy:transfer-transition');
END;
--> statement-breakpoint
CREATE TRIGGER allocation_sources_no_delete BEFORE DELETE ON allocation_sources
BEGIN
  SELECT RAISE(ABORT, 'soquy:allocation-permanent');
END;
--> statement-breakpoint
-- A source's identity and amount are fixed; what is allocated from it moves, and it can be undone once.
CREATE TRIGGER allocation_sources_fixed BEFORE UPDATE ON allocation_sources
WHEN NOT (NEW.id = OLD.id AND NEW.fund_id = OLD.fund_id AND NEW.currency = OLD.currency
  AND NEW.kind = OLD.kind AND NEW.donation_id IS OLD.donation_id AND NEW.transfer_id IS OLD.transfer_id
  AND NEW.origin_source_id IS OLD.origin_source_id AND NEW.entry_id = OLD.entry_id
  AND NEW.earmarked = OLD.earmarked AND NEW.earmark_category IS OLD.earmark_category
  AND NEW.earmark_project_id IS OLD.earmark_project_id AND NEW.earmark_beneficiary_id IS OLD.earmark_beneficiary_id
  AND NEW.received_on = OLD.received_on AND NEW.entry_seq = OLD.entry_seq AND NEW.piece = OLD.piece
  AND NEW.amount_minor = OLD.amount_minor
  AND (OLD.removed_by_entry_id IS NULL OR NEW.removed_by_entry_id IS OLD.removed_by_entry_id))
BEGIN
  SELECT RAISE(ABORT, 'soquy:allocation-permanent');
END;
--> statement-breakpoint
CREATE TRIGGER allocations_no_delete BEFORE DELETE ON allocations
BEGIN
  SELECT RAISE(ABORT, 'soquy:allocation-permanent');
END;
--> statement-breakpoint
-- An allocation is released once (its use reversed, or its source undone); nothing else changes.
CREATE TRIGGER allocations_release_once BEFORE UPDATE ON allocations
WHEN NOT (NEW.id = OLD.id AND NEW.source_id = OLD.source_id AND NEW.use_kind = OLD.use_kind
  AND NEW.disbursement_id IS OLD.disbursement_id AND NEW.transfer_id IS OLD.transfer_id
  AND NEW.entry_id = OLD.entry_id AND NEW.amount_minor = OLD.amount_minor
  AND NEW.created_by_entry_id = OLD.created_by_entry_id
  AND OLD.released_by_entry_id IS NULL AND NEW.released_by_entry_id IS NOT NULL)
BEGIN
  SELECT RAISE(ABORT, 'soquy:allocation-permanent');
END;
--> statement-breakpoint
-- Earmarked money only reaches what it names (a named category, project or beneficiary must match).
CREATE TRIGGER allocations_earmark BEFORE INSERT ON allocations
WHEN EXISTS (SELECT 1 FROM allocation_sources s WHERE s.id = NEW.source_id AND s.earmarked = 1 AND NOT (
  (s.earmark_category IS NULL OR s.earmark_category IS NEW.use_category)
  AND (s.earmark_project_id IS NULL OR s.earmark_project_id IS NEW.use_project_id)
  AND (s.earmark_beneficiary_id IS NULL OR s.earmark_beneficiary_id IS NEW.use_beneficiary_id)))
BEGIN
  SELECT RAISE(ABORT, 'soquy:earmark-mismatch');
END;
--> statement-breakpoint
CREATE TRIGGER project_handovers_permanent BEFORE DELETE ON project_handovers
BEGIN
  SELECT RAISE(ABORT, 'soquy:handover-permanent');
END;
--> statement-breakpoint
CREATE TRIGGER project_handovers_fixed BEFORE UPDATE ON project_handovers
BEGIN
  SELECT RAISE(ABORT, 'soquy:handover-permanent');
END;
--> statement-breakpoint
CREATE TRIGGER project_evidence_permanent BEFORE DELETE ON project_evidence
BEGIN
  SELECT RAISE(ABORT, 'soquy:evidence-permanent');
END;
--> statement-breakpoint
CREATE TRIGGER beneficiaries_permanent BEFORE DELETE ON beneficiaries
BEGIN
  SELECT RAISE(ABORT, 'soquy:beneficiary-permanent');
END;

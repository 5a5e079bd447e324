DROP INDEX `allocation_sources_donation`;--> statement-breakpoint
DROP INDEX `allocation_sources_origin`;--> statement-breakpoint
CREATE INDEX `allocation_sources_donation` ON `allocation_sources` (`donation_id`) WHERE "allocation_sources"."donation_id" is not null;--> statement-breakpoint
CREATE INDEX `allocation_sources_origin` ON `allocation_sources` (`origin_source_id`) WHERE "allocation_sources"."origin_source_id" is not null;--> statement-breakpoint
DROP INDEX `allocations_disbursement`;--> statement-breakpoint
DROP INDEX `allocations_transfer`;--> statement-breakpoint
CREATE INDEX `allocations_disbursement` ON `allocations` (`disbursement_id`) WHERE "allocations"."disbursement_id" is not null;--> statement-breakpoint
CREATE INDEX `allocations_transfer` ON `allocations` (`transfer_id`) WHERE "allocations"."transfer_id" is not null;
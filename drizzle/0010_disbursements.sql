CREATE TABLE `allocation_sources` (
	`id` text PRIMARY KEY NOT NULL,
	`fund_id` text NOT NULL,
	`currency` text NOT NULL,
	`kind` text NOT NULL,
	`donation_id` text,
	`transfer_id` text,
	`origin_source_id` text,
	`entry_id` text NOT NULL,
	`label` text NOT NULL,
	`earmarked` integer NOT NULL,
	`earmark_category` text,
	`earmark_project_id` text,
	`earmark_beneficiary_id` text,
	`received_on` text NOT NULL,
	`entry_seq` integer NOT NULL,
	`piece` integer NOT NULL,
	`amount_minor` integer NOT NULL,
	`allocated_minor` integer NOT NULL,
	`removed_by_entry_id` text,
	CONSTRAINT "allocation_sources_kind" CHECK("allocation_sources"."kind" in ('donation','transfer','other')),
	CONSTRAINT "allocation_sources_amount" CHECK("allocation_sources"."amount_minor" between 1 and 9007199254740991),
	CONSTRAINT "allocation_sources_within" CHECK("allocation_sources"."allocated_minor" >= 0 and "allocation_sources"."allocated_minor" <= "allocation_sources"."amount_minor"),
	CONSTRAINT "allocation_sources_removed_empty" CHECK("allocation_sources"."removed_by_entry_id" is null or "allocation_sources"."allocated_minor" = 0)
);
--> statement-breakpoint
CREATE INDEX `allocation_sources_open` ON `allocation_sources` (`fund_id`,`currency`,`earmarked`,`received_on`,`entry_seq`,`piece`) WHERE "allocation_sources"."allocated_minor" < "allocation_sources"."amount_minor" and "allocation_sources"."removed_by_entry_id" is null;--> statement-breakpoint
CREATE INDEX `allocation_sources_donation` ON `allocation_sources` (`donation_id`);--> statement-breakpoint
CREATE INDEX `allocation_sources_entry` ON `allocation_sources` (`entry_id`);--> statement-breakpoint
CREATE INDEX `allocation_sources_origin` ON `allocation_sources` (`origin_source_id`);--> statement-breakpoint
CREATE TABLE `allocations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source_id` text NOT NULL,
	`fund_id` text NOT NULL,
	`currency` text NOT NULL,
	`use_kind` text NOT NULL,
	`disbursement_id` text,
	`transfer_id` text,
	`entry_id` text NOT NULL,
	`use_category` text,
	`use_project_id` text,
	`use_beneficiary_id` text,
	`amount_minor` integer NOT NULL,
	`created_by_entry_id` text NOT NULL,
	`released_by_entry_id` text,
	CONSTRAINT "allocations_use_kind" CHECK("allocations"."use_kind" in ('disbursement','transfer','other')),
	CONSTRAINT "allocations_amount" CHECK("allocations"."amount_minor" between 1 and 9007199254740991)
);
--> statement-breakpoint
CREATE INDEX `allocations_source` ON `allocations` (`source_id`,`id`);--> statement-breakpoint
CREATE INDEX `allocations_disbursement` ON `allocations` (`disbursement_id`);--> statement-breakpoint
CREATE INDEX `allocations_transfer` ON `allocations` (`transfer_id`);--> statement-breakpoint
CREATE INDEX `allocations_entry` ON `allocations` (`entry_id`);--> statement-breakpoint
CREATE TABLE `beneficiaries` (
	`id` text PRIMARY KEY NOT NULL,
	`unit_id` text NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`village` text NOT NULL,
	`poverty_status` text NOT NULL,
	`public_alias` text NOT NULL,
	`national_id` text,
	`phone` text,
	`address` text,
	`ethnicity` text,
	`notes` text,
	`created_at_ms` integer NOT NULL,
	`updated_at_ms` integer NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "beneficiaries_kind" CHECK("beneficiaries"."kind" in ('household','person')),
	CONSTRAINT "beneficiaries_poverty_status" CHECK("beneficiaries"."poverty_status" in ('poor','near_poor','policy_family','special_hardship','other'))
);
--> statement-breakpoint
CREATE INDEX `beneficiaries_unit` ON `beneficiaries` (`unit_id`);--> statement-breakpoint
CREATE TABLE `disbursements` (
	`id` text PRIMARY KEY NOT NULL,
	`fund_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`campaign_id` text,
	`amount_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`category` text NOT NULL,
	`project_id` text,
	`beneficiary_id` text,
	`purpose` text NOT NULL,
	`date` text NOT NULL,
	`status` text NOT NULL,
	`drafted_by` text NOT NULL,
	`approved_by` text,
	`decision_no` text,
	`decision_date` text,
	`rejected_by` text,
	`reject_reason` text,
	`paid_by` text,
	`paid_on` text,
	`pay_entry_id` text,
	`reversed_by` text,
	`reverse_reason` text,
	`reversal_entry_id` text,
	`created_at_ms` integer NOT NULL,
	`updated_at_ms` integer NOT NULL,
	FOREIGN KEY (`fund_id`) REFERENCES `funds`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "disbursements_amount" CHECK("disbursements"."amount_minor" between 1 and 1000000000000000),
	CONSTRAINT "disbursements_status" CHECK("disbursements"."status" in ('draft','approved','rejected','paid','reversed')),
	CONSTRAINT "disbursements_four_eyes" CHECK("disbursements"."approved_by" is null or "disbursements"."approved_by" <> "disbursements"."drafted_by"),
	CONSTRAINT "disbursements_paid_has_entry" CHECK(("disbursements"."status" in ('paid','reversed')) = ("disbursements"."pay_entry_id" is not null))
);
--> statement-breakpoint
CREATE INDEX `disbursements_fund` ON `disbursements` (`fund_id`,`status`,`date`);--> statement-breakpoint
CREATE INDEX `disbursements_project` ON `disbursements` (`project_id`);--> statement-breakpoint
CREATE INDEX `disbursements_beneficiary` ON `disbursements` (`beneficiary_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `disbursements_pay_entry` ON `disbursements` (`pay_entry_id`);--> statement-breakpoint
CREATE TABLE `project_evidence` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`document_no` text,
	`url` text,
	`sha256` text,
	`content_type` text,
	`size_bytes` integer,
	`content` blob,
	`is_public` integer NOT NULL,
	`created_at_ms` integer NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "project_evidence_kind" CHECK("project_evidence"."kind" in ('decision','minutes','photo','invoice','other'))
);
--> statement-breakpoint
CREATE INDEX `project_evidence_project` ON `project_evidence` (`project_id`);--> statement-breakpoint
CREATE TABLE `project_handovers` (
	`project_id` text PRIMARY KEY NOT NULL,
	`date` text NOT NULL,
	`place` text NOT NULL,
	`handed_over_by` text NOT NULL,
	`received_by` text NOT NULL,
	`minutes_no` text NOT NULL,
	`created_at_ms` integer NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `project_milestones` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`kind` text NOT NULL,
	`date` text NOT NULL,
	`note` text,
	`created_at_ms` integer NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "project_milestones_kind" CHECK("project_milestones"."kind" in ('approved','construction_started','handed_over','closed','cancelled','other'))
);
--> statement-breakpoint
CREATE INDEX `project_milestones_project` ON `project_milestones` (`project_id`,`date`);--> statement-breakpoint
CREATE TABLE `project_sponsors` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`kind` text NOT NULL,
	`fund_id` text,
	`name` text NOT NULL,
	`amount_minor` integer NOT NULL,
	`note` text,
	`created_at_ms` integer NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "project_sponsors_kind" CHECK("project_sponsors"."kind" in ('fund','sponsor','household')),
	CONSTRAINT "project_sponsors_amount" CHECK("project_sponsors"."amount_minor" between 0 and 1000000000000000)
);
--> statement-breakpoint
CREATE INDEX `project_sponsors_project` ON `project_sponsors` (`project_id`);--> statement-breakpoint
CREATE TABLE `projects` (
	`id` text PRIMARY KEY NOT NULL,
	`unit_id` text NOT NULL,
	`fund_id` text NOT NULL,
	`campaign_id` text,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`beneficiary_id` text,
	`village` text,
	`budget_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`status` text NOT NULL,
	`created_at_ms` integer NOT NULL,
	`updated_at_ms` integer NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`fund_id`) REFERENCES `funds`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "projects_kind" CHECK("projects"."kind" in ('new_house','house_repair','livelihood','scholarship','health','tet_gifts','relief','other')),
	CONSTRAINT "projects_status" CHECK("projects"."status" in ('proposed','approved','under_construction','handed_over','closed','cancelled')),
	CONSTRAINT "projects_budget" CHECK("projects"."budget_minor" between 1 and 1000000000000000)
);
--> statement-breakpoint
CREATE INDEX `projects_fund` ON `projects` (`fund_id`);--> statement-breakpoint
CREATE INDEX `projects_unit` ON `projects` (`unit_id`);--> statement-breakpoint
CREATE INDEX `projects_beneficiary` ON `projects` (`beneficiary_id`);--> statement-breakpoint
CREATE TABLE `transfers` (
	`id` text PRIMARY KEY NOT NULL,
	`from_fund_id` text NOT NULL,
	`to_fund_id` text NOT NULL,
	`amount_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`date` text NOT NULL,
	`purpose` text NOT NULL,
	`earmark_category` text,
	`earmark_project_id` text,
	`earmark_beneficiary_id` text,
	`entry_id` text NOT NULL,
	`status` text NOT NULL,
	`reversal_entry_id` text,
	`reverse_reason` text,
	`created_by` text NOT NULL,
	`created_at_ms` integer NOT NULL,
	FOREIGN KEY (`from_fund_id`) REFERENCES `funds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`to_fund_id`) REFERENCES `funds`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "transfers_amount" CHECK("transfers"."amount_minor" between 1 and 1000000000000000),
	CONSTRAINT "transfers_status" CHECK("transfers"."status" in ('done','reversed')),
	CONSTRAINT "transfers_distinct_funds" CHECK("transfers"."from_fund_id" <> "transfers"."to_fund_id")
);
--> statement-breakpoint
CREATE INDEX `transfers_from` ON `transfers` (`from_fund_id`,`date`);--> statement-breakpoint
CREATE INDEX `transfers_to` ON `transfers` (`to_fund_id`,`date`);--> statement-breakpoint
CREATE UNIQUE INDEX `transfers_entry` ON `transfers` (`entry_id`);
CREATE TABLE `campaigns` (
	`id` text PRIMARY KEY NOT NULL,
	`fund_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`name` text NOT NULL,
	`purpose` text NOT NULL,
	`legal_basis` text,
	`bank_bin` text,
	`bank_account_no` text,
	`bank_account_holder` text,
	`receiving_from` text NOT NULL,
	`receiving_to` text NOT NULL,
	`distribution_deadline` text NOT NULL,
	`payment_code_prefix` text NOT NULL,
	`created_at_ms` integer NOT NULL,
	FOREIGN KEY (`fund_id`) REFERENCES `funds`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "campaigns_window" CHECK("campaigns"."receiving_from" <= "campaigns"."receiving_to" and "campaigns"."receiving_to" <= "campaigns"."distribution_deadline")
);
--> statement-breakpoint
CREATE INDEX `campaigns_fund` ON `campaigns` (`fund_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `campaigns_payment_code_prefix` ON `campaigns` (`payment_code_prefix`);--> statement-breakpoint
CREATE TABLE `donations` (
	`id` text PRIMARY KEY NOT NULL,
	`fund_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`campaign_id` text,
	`donor_id` text NOT NULL,
	`pledge_id` text,
	`amount_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`received_on` text NOT NULL,
	`channel` text NOT NULL,
	`disclosure` text NOT NULL,
	`bank_ref` text,
	`memo` text,
	`earmark_category` text,
	`earmark_project_id` text,
	`earmark_beneficiary_id` text,
	`in_kind_description` text,
	`in_kind_quantity` text,
	`in_kind_unit` text,
	`in_kind_unit_value_minor` integer,
	`receipt_no` text NOT NULL,
	`entry_id` text NOT NULL,
	`status` text NOT NULL,
	`void_reason` text,
	`void_entry_id` text,
	`created_at_ms` integer NOT NULL,
	FOREIGN KEY (`fund_id`) REFERENCES `funds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`donor_id`) REFERENCES `donors`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "donations_amount" CHECK("donations"."amount_minor" between 1 and 1000000000000000),
	CONSTRAINT "donations_channel" CHECK("donations"."channel" in ('cash','bank_transfer','in_kind','payroll','other')),
	CONSTRAINT "donations_disclosure" CHECK("donations"."disclosure" in ('public','anonymous','on_request')),
	CONSTRAINT "donations_status" CHECK("donations"."status" in ('valid','void'))
);
--> statement-breakpoint
CREATE INDEX `donations_fund_received` ON `donations` (`fund_id`,`received_on`,`id`);--> statement-breakpoint
CREATE INDEX `donations_campaign` ON `donations` (`campaign_id`,`received_on`);--> statement-breakpoint
CREATE INDEX `donations_donor` ON `donations` (`donor_id`);--> statement-breakpoint
CREATE INDEX `donations_bank_ref` ON `donations` (`bank_ref`);--> statement-breakpoint
CREATE UNIQUE INDEX `donations_receipt` ON `donations` (`receipt_no`);--> statement-breakpoint
CREATE UNIQUE INDEX `donations_entry` ON `donations` (`entry_id`);--> statement-breakpoint
CREATE TABLE `donors` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`name_search` text NOT NULL,
	`address` text,
	`contact` text,
	`unit_id` text NOT NULL,
	`merged_into_id` text,
	`created_at_ms` integer NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "donors_kind" CHECK("donors"."kind" in ('individual','organisation'))
);
--> statement-breakpoint
CREATE INDEX `donors_name_search` ON `donors` (`name_search`);--> statement-breakpoint
CREATE INDEX `donors_unit` ON `donors` (`unit_id`);--> statement-breakpoint
CREATE TABLE `pledges` (
	`id` text PRIMARY KEY NOT NULL,
	`fund_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`campaign_id` text,
	`donor_id` text NOT NULL,
	`amount_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`pledged_on` text NOT NULL,
	`due_on` text,
	`status` text NOT NULL,
	`cancel_reason` text,
	`created_at_ms` integer NOT NULL,
	CONSTRAINT "pledges_status" CHECK("pledges"."status" in ('open','fulfilled','cancelled')),
	CONSTRAINT "pledges_amount" CHECK("pledges"."amount_minor" between 1 and 1000000000000000)
);
--> statement-breakpoint
CREATE INDEX `pledges_campaign` ON `pledges` (`campaign_id`);--> statement-breakpoint
CREATE INDEX `pledges_fund` ON `pledges` (`fund_id`);--> statement-breakpoint
CREATE TABLE `receipts` (
	`receipt_no` text PRIMARY KEY NOT NULL,
	`unit_id` text NOT NULL,
	`year` integer NOT NULL,
	`number` integer NOT NULL,
	`donation_id` text NOT NULL,
	`issued_at_ms` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `receipts_unit_year_number` ON `receipts` (`unit_id`,`year`,`number`);
CREATE TABLE `account_day_totals` (
	`account_id` text NOT NULL,
	`day` text NOT NULL,
	`debit_total_minor` integer NOT NULL,
	`credit_total_minor` integer NOT NULL,
	PRIMARY KEY(`account_id`, `day`)
);
--> statement-breakpoint
CREATE TABLE `accounts` (
	`id` text PRIMARY KEY NOT NULL,
	`fund_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`type` text NOT NULL,
	`role` text,
	`currency` text NOT NULL,
	`normal_side` text NOT NULL,
	`non_negative` integer NOT NULL,
	`status` text NOT NULL,
	`debit_total_minor` integer DEFAULT 0 NOT NULL,
	`credit_total_minor` integer DEFAULT 0 NOT NULL,
	`created_at_ms` integer NOT NULL,
	FOREIGN KEY (`fund_id`) REFERENCES `funds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "accounts_type" CHECK("accounts"."type" in ('asset','liability','net_assets','revenue','expense')),
	CONSTRAINT "accounts_normal_side" CHECK("accounts"."normal_side" in ('debit','credit')),
	CONSTRAINT "accounts_status" CHECK("accounts"."status" in ('open','closed')),
	CONSTRAINT "accounts_totals_range" CHECK("accounts"."debit_total_minor" between 0 and 9007199254740991 and "accounts"."credit_total_minor" between 0 and 9007199254740991),
	CONSTRAINT "accounts_non_negative" CHECK("accounts"."non_negative" = 0 or (case "accounts"."normal_side" when 'debit' then "accounts"."debit_total_minor" - "accounts"."credit_total_minor" else "accounts"."credit_total_minor" - "accounts"."debit_total_minor" end) >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `accounts_fund_code` ON `accounts` (`fund_id`,`code`);--> statement-breakpoint
CREATE INDEX `accounts_unit` ON `accounts` (`unit_id`);--> statement-breakpoint
CREATE TABLE `funds` (
	`id` text PRIMARY KEY NOT NULL,
	`unit_id` text NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`currency` text NOT NULL,
	`status` text NOT NULL,
	`created_at_ms` integer NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "funds_status" CHECK("funds"."status" in ('active','closed'))
);
--> statement-breakpoint
CREATE INDEX `funds_unit` ON `funds` (`unit_id`);--> statement-breakpoint
CREATE TABLE `idempotency_records` (
	`key` text PRIMARY KEY NOT NULL,
	`fingerprint` text NOT NULL,
	`status_code` integer NOT NULL,
	`body` text NOT NULL,
	`created_at_ms` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `journal_entries` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`entry_date` text NOT NULL,
	`description` text NOT NULL,
	`kind` text NOT NULL,
	`reverses_entry_id` text,
	`posting_count` integer NOT NULL,
	`created_at_ms` integer NOT NULL,
	CONSTRAINT "journal_entries_kind" CHECK("journal_entries"."kind" in ('opening','donation','disbursement','transfer','exchange','reversal','adjustment')),
	CONSTRAINT "journal_entries_reversal_link" CHECK(("journal_entries"."kind" = 'reversal') = ("journal_entries"."reverses_entry_id" is not null)),
	CONSTRAINT "journal_entries_posting_count" CHECK("journal_entries"."posting_count" between 2 and 500)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `journal_entries_id` ON `journal_entries` (`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `journal_entries_reverses` ON `journal_entries` (`reverses_entry_id`);--> statement-breakpoint
CREATE INDEX `journal_entries_date` ON `journal_entries` (`entry_date`);--> statement-breakpoint
CREATE TABLE `postings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entry_id` text NOT NULL,
	`account_id` text NOT NULL,
	`fund_id` text NOT NULL,
	`side` text NOT NULL,
	`amount_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`entry_date` text NOT NULL,
	`memo` text,
	CONSTRAINT "postings_side" CHECK("postings"."side" in ('debit','credit')),
	CONSTRAINT "postings_amount_range" CHECK("postings"."amount_minor" between 1 and 1000000000000000)
);
--> statement-breakpoint
CREATE INDEX `postings_entry` ON `postings` (`entry_id`);--> statement-breakpoint
CREATE INDEX `postings_account` ON `postings` (`account_id`,`id`);--> statement-breakpoint
CREATE TABLE `unit_closure` (
	`ancestor_id` text NOT NULL,
	`descendant_id` text NOT NULL,
	`depth` integer NOT NULL,
	PRIMARY KEY(`ancestor_id`, `descendant_id`)
);
--> statement-breakpoint
CREATE INDEX `unit_closure_descendant` ON `unit_closure` (`descendant_id`);--> statement-breakpoint
CREATE TABLE `units` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`level` text,
	`parent_id` text,
	`depth` integer NOT NULL,
	`successor_id` text,
	`succeeded_on` text,
	`created_at_ms` integer NOT NULL,
	FOREIGN KEY (`parent_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "units_kind" CHECK("units"."kind" in ('mttq','womens_union','labour_federation','farmers_union','veterans','youth_union','other'))
);
--> statement-breakpoint
CREATE INDEX `units_parent` ON `units` (`parent_id`);
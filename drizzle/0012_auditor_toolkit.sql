CREATE TABLE `bank_statement_imports` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`format` text NOT NULL,
	`file_name` text,
	`file_sha256` text NOT NULL,
	`imported_by` text NOT NULL,
	`imported_at_ms` integer NOT NULL,
	`lines_read` integer NOT NULL,
	`lines_new` integer NOT NULL,
	`lines_duplicate` integer NOT NULL,
	`period_from` text,
	`period_to` text,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `bank_statement_imports_account` ON `bank_statement_imports` (`account_id`,`imported_at_ms`);--> statement-breakpoint
CREATE TABLE `bank_statement_lines` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`import_id` text NOT NULL,
	`line_no` integer NOT NULL,
	`date` text NOT NULL,
	`reference` text,
	`debit_minor` integer NOT NULL,
	`credit_minor` integer NOT NULL,
	`balance_minor` integer,
	`description` text NOT NULL,
	`counterparty` text,
	`fingerprint` text NOT NULL,
	`status` text NOT NULL,
	`match_kind` text,
	`match_id` text,
	`match_rule` text,
	`match_score_per_mille` integer,
	`matched_by` text,
	`matched_at_ms` integer,
	`created_at_ms` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "bank_statement_lines_status" CHECK("bank_statement_lines"."status" in ('unmatched','suggested','matched','ignored')),
	CONSTRAINT "bank_statement_lines_match_kind" CHECK("bank_statement_lines"."match_kind" is null or "bank_statement_lines"."match_kind" in ('donation','disbursement','transfer','entry')),
	CONSTRAINT "bank_statement_lines_one_side" CHECK("bank_statement_lines"."debit_minor" >= 0 and "bank_statement_lines"."credit_minor" >= 0 and ("bank_statement_lines"."debit_minor" = 0 or "bank_statement_lines"."credit_minor" = 0))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `bank_statement_lines_fingerprint` ON `bank_statement_lines` (`account_id`,`fingerprint`);--> statement-breakpoint
CREATE INDEX `bank_statement_lines_status` ON `bank_statement_lines` (`account_id`,`status`,`date`);--> statement-breakpoint
CREATE INDEX `bank_statement_lines_match` ON `bank_statement_lines` (`match_id`);--> statement-breakpoint
CREATE TABLE `period_closes` (
	`id` text PRIMARY KEY NOT NULL,
	`fund_id` text NOT NULL,
	`period_end` text NOT NULL,
	`kind` text NOT NULL,
	`closed_by` text NOT NULL,
	`closed_at_ms` integer NOT NULL,
	`closing_entry_id` text,
	`reopened_by` text,
	`reopened_at_ms` integer,
	`reopen_reason` text,
	FOREIGN KEY (`fund_id`) REFERENCES `funds`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "period_closes_kind" CHECK("period_closes"."kind" in ('month','year','other'))
);
--> statement-breakpoint
CREATE INDEX `period_closes_fund` ON `period_closes` (`fund_id`,`period_end`);--> statement-breakpoint
ALTER TABLE `journal_entries` ADD `hash` text;
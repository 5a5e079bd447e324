CREATE TABLE `disclosure_notices` (
	`id` text PRIMARY KEY NOT NULL,
	`campaign_id` text NOT NULL,
	`kind` text NOT NULL,
	`period_end` text NOT NULL,
	`due_on` text NOT NULL,
	`published_on` text NOT NULL,
	`totals` text NOT NULL,
	`published_by` text NOT NULL,
	`created_at_ms` integer NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "disclosure_notices_kind" CHECK("disclosure_notices"."kind" in ('received','distributed'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `disclosure_notices_campaign_kind` ON `disclosure_notices` (`campaign_id`,`kind`);
ALTER TABLE `units` ADD `code` text;--> statement-breakpoint
CREATE UNIQUE INDEX `units_code` ON `units` (`code`);
CREATE INDEX `donations_pledge` ON `donations` (`pledge_id`);--> statement-breakpoint
CREATE INDEX `pledges_donor` ON `pledges` (`donor_id`);
ALTER TABLE "rule_values" ADD COLUMN "reason" text;--> statement-breakpoint
ALTER TABLE "rule_values" ADD COLUMN "created_by" integer;--> statement-breakpoint
ALTER TABLE "rule_values" ADD COLUMN "created_by_name" text;--> statement-breakpoint
ALTER TABLE "meeting_rules" ADD COLUMN "reason" text;--> statement-breakpoint
ALTER TABLE "meeting_rules" ADD COLUMN "created_by" integer;--> statement-breakpoint
ALTER TABLE "meeting_rules" ADD COLUMN "created_by_name" text;--> statement-breakpoint
UPDATE "roles" SET "permissions" = array_append("permissions", 'rule:manage') WHERE "code" = 'county_admin' AND "builtin" AND NOT ('rule:manage' = ANY("permissions"));
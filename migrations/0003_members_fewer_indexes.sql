DROP INDEX "members_county_idx";--> statement-breakpoint
DROP INDEX "members_name_idx";--> statement-breakpoint
DROP INDEX "members_org_idx";--> statement-breakpoint
CREATE INDEX "members_org_idx" ON "members" USING btree ("org_id");
DROP INDEX "members_id_number_idx";--> statement-breakpoint
CREATE UNIQUE INDEX "members_active_id_number_idx" ON "members" USING btree ("id_number") WHERE status = 'active';
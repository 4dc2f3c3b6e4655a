CREATE TABLE "plan_target_revisions" (
	"id" serial PRIMARY KEY NOT NULL,
	"target_id" integer NOT NULL,
	"before" jsonb NOT NULL,
	"after" jsonb NOT NULL,
	"reason" text NOT NULL,
	"actor_id" integer,
	"actor_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "plan_targets" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
CREATE INDEX "plan_target_revisions_idx" ON "plan_target_revisions" USING btree ("target_id");--> statement-breakpoint
-- Adjustments of a target are facts: never changed or removed.
CREATE TRIGGER plan_target_revisions_append_only BEFORE UPDATE OR DELETE ON plan_target_revisions FOR EACH ROW EXECUTE FUNCTION refuse_change();

CREATE TABLE "leave_decisions" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"reason" text NOT NULL,
	"proposed_by" integer NOT NULL,
	"proposed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"decided_by" integer,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	CONSTRAINT "leave_decisions_status_chk" CHECK ("leave_decisions"."status" in ('pending','approved','rejected'))
);
--> statement-breakpoint
CREATE INDEX "leave_decisions_member_idx" ON "leave_decisions" USING btree ("member_id");
CREATE TABLE "meeting_attendance" (
	"id" serial PRIMARY KEY NOT NULL,
	"meeting_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"status" text NOT NULL,
	"reason" text,
	CONSTRAINT "meeting_attendance_status_chk" CHECK ("meeting_attendance"."status" in ('present','leave','absent'))
);
--> statement-breakpoint
CREATE TABLE "meeting_revisions" (
	"id" serial PRIMARY KEY NOT NULL,
	"meeting_id" integer NOT NULL,
	"revision" integer NOT NULL,
	"snapshot" jsonb NOT NULL,
	"actor_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meeting_rules" (
	"id" serial PRIMARY KEY NOT NULL,
	"meeting_type" text NOT NULL,
	"applies_to" text NOT NULL,
	"period" text NOT NULL,
	"min_per_period" integer DEFAULT 1 NOT NULL,
	"quorum" numeric,
	"source" text NOT NULL,
	"effective_from" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "meeting_rules_period_chk" CHECK ("meeting_rules"."period" in ('month','quarter','year'))
);
--> statement-breakpoint
CREATE TABLE "meetings" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"meeting_type" text NOT NULL,
	"held_on" date NOT NULL,
	"place" text,
	"host" text,
	"recorder" text,
	"topic" text NOT NULL,
	"minutes" text,
	"resolutions" jsonb,
	"status" text DEFAULT 'draft' NOT NULL,
	"submitted_at" timestamp with time zone,
	"is_late" boolean DEFAULT false NOT NULL,
	"expected_count" integer DEFAULT 0 NOT NULL,
	"present_count" integer DEFAULT 0 NOT NULL,
	"voting_present" integer DEFAULT 0 NOT NULL,
	"voting_total" integer DEFAULT 0 NOT NULL,
	"revision" integer DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "meetings_status_chk" CHECK ("meetings"."status" in ('draft','submitted')),
	CONSTRAINT "meetings_type_chk" CHECK ("meetings"."meeting_type" in ('general_meeting','committee_meeting','group_meeting','party_lecture','themed_party_day','life_meeting','member_appraisal','heart_talk'))
);
--> statement-breakpoint
ALTER TABLE "meeting_attendance" ADD CONSTRAINT "meeting_attendance_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_revisions" ADD CONSTRAINT "meeting_revisions_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "meeting_attendance_meeting_member_idx" ON "meeting_attendance" USING btree ("meeting_id","member_id");--> statement-breakpoint
CREATE INDEX "meeting_attendance_member_idx" ON "meeting_attendance" USING btree ("member_id");--> statement-breakpoint
CREATE UNIQUE INDEX "meeting_revisions_meeting_rev_idx" ON "meeting_revisions" USING btree ("meeting_id","revision");--> statement-breakpoint
CREATE UNIQUE INDEX "meeting_rules_type_from_idx" ON "meeting_rules" USING btree ("meeting_type","effective_from");--> statement-breakpoint
CREATE INDEX "meetings_org_held_idx" ON "meetings" USING btree ("org_id","held_on");--> statement-breakpoint
CREATE INDEX "meetings_county_held_idx" ON "meetings" USING btree ("county_id","held_on");
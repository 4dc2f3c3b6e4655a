CREATE TABLE "inspection_findings" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_id" integer NOT NULL,
	"plan_id" integer NOT NULL,
	"visit_id" integer,
	"org_id" integer NOT NULL,
	"found_on" date NOT NULL,
	"checklist_code" text,
	"category" text NOT NULL,
	"severity" text NOT NULL,
	"description" text NOT NULL,
	"attachments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"indicator_id" integer,
	"assessment_finding_id" integer,
	"recorded_by" integer,
	"recorded_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inspection_findings_severity_chk" CHECK ("inspection_findings"."severity" in ('minor','general','serious'))
);
--> statement-breakpoint
CREATE TABLE "inspection_plans" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_id" integer NOT NULL,
	"owner_org_id" integer NOT NULL,
	"title" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"scope_org_id" integer NOT NULL,
	"team" text NOT NULL,
	"team_members" text,
	"checklist" jsonb NOT NULL,
	"scheme_id" integer,
	"rectify_days" integer DEFAULT 30 NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inspection_plans_period_chk" CHECK ("inspection_plans"."period_end" >= "inspection_plans"."period_start")
);
--> statement-breakpoint
CREATE TABLE "inspection_visits" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_id" integer NOT NULL,
	"plan_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"visited_on" date NOT NULL,
	"inspectors" text NOT NULL,
	"summary" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rectification_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"item_id" integer NOT NULL,
	"kind" text NOT NULL,
	"note" text,
	"attachments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"happened_on" date NOT NULL,
	"actor_id" integer,
	"actor_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rectification_files" (
	"id" serial PRIMARY KEY NOT NULL,
	"item_id" integer NOT NULL,
	"file_id" integer NOT NULL,
	"name" text NOT NULL,
	"content_type" text NOT NULL,
	"uploaded_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rectification_items" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"responsible_person" text NOT NULL,
	"source" text NOT NULL,
	"finding_id" integer,
	"source_ref" text,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"found_on" date NOT NULL,
	"deadline" date NOT NULL,
	"measures" text,
	"checker_org_id" integer NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"last_progress_on" date,
	"escalated_to_org_id" integer,
	"returned_times" integer DEFAULT 0 NOT NULL,
	"accepted_on" date,
	"closed_on" date,
	"created_by" integer,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "rectification_items_deadline_chk" CHECK ("rectification_items"."deadline" >= "rectification_items"."found_on"),
	CONSTRAINT "rectification_items_status_chk" CHECK ("rectification_items"."status" in ('open','in_progress','pending_acceptance','accepted','closed'))
);
--> statement-breakpoint
CREATE TABLE "nonpublic_entities" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_id" integer NOT NULL,
	"owner_org_id" integer NOT NULL,
	"name" text NOT NULL,
	"uscc" text,
	"uscc_warning" text,
	"kind" text NOT NULL,
	"size" text NOT NULL,
	"industry" text,
	"employees" integer NOT NULL,
	"party_members" integer NOT NULL,
	"cover_kind" text NOT NULL,
	"party_org_id" integer,
	"liaison" text,
	"address" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "nonpublic_counts_chk" CHECK ("nonpublic_entities"."employees" >= 0 and "nonpublic_entities"."party_members" >= 0 and "nonpublic_entities"."party_members" <= "nonpublic_entities"."employees"),
	CONSTRAINT "nonpublic_cover_chk" CHECK ("nonpublic_entities"."cover_kind" in ('own','joint','none') and ("nonpublic_entities"."cover_kind" = 'none' or "nonpublic_entities"."party_org_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "nonpublic_snapshots" (
	"month" date NOT NULL,
	"owner_org_id" integer NOT NULL,
	"county_id" integer NOT NULL,
	"entities" integer NOT NULL,
	"covered" integer NOT NULL,
	"eligible" integer NOT NULL,
	"eligible_covered" integer NOT NULL,
	CONSTRAINT "nonpublic_snapshots_month_owner_org_id_pk" PRIMARY KEY("month","owner_org_id")
);
--> statement-breakpoint
CREATE TABLE "screening_candidates" (
	"run_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"hits" jsonb NOT NULL,
	CONSTRAINT "screening_candidates_run_id_org_id_pk" PRIMARY KEY("run_id","org_id")
);
--> statement-breakpoint
CREATE TABLE "screening_runs" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_id" integer NOT NULL,
	"year" integer NOT NULL,
	"as_of" date NOT NULL,
	"criteria" jsonb NOT NULL,
	"ratio_target" numeric(5, 4),
	"screened" integer NOT NULL,
	"candidates" integer NOT NULL,
	"ran_by" integer,
	"ran_by_name" text NOT NULL,
	"ran_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "three_lacks_entries" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"year" integer NOT NULL,
	"has_person_in_charge" boolean NOT NULL,
	"person_in_charge" text,
	"collective_income" numeric(12, 2) NOT NULL,
	"service_funds" numeric(12, 2) NOT NULL,
	"has_venue" boolean NOT NULL,
	"venue_area" numeric(10, 1),
	"actions" text,
	"recorded_by" integer,
	"recorded_by_name" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "three_lacks_amounts_chk" CHECK ("three_lacks_entries"."collective_income" >= 0 and "three_lacks_entries"."service_funds" >= 0 and coalesce("three_lacks_entries"."venue_area", 0) >= 0)
);
--> statement-breakpoint
CREATE TABLE "weak_org_criteria" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_id" integer NOT NULL,
	"year" integer NOT NULL,
	"criteria" jsonb NOT NULL,
	"ratio_target" numeric(5, 4),
	"updated_by" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "weak_orgs" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_id" integer NOT NULL,
	"year" integer NOT NULL,
	"org_id" integer NOT NULL,
	"run_id" integer,
	"categories" jsonb NOT NULL,
	"hits" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"reason" text NOT NULL,
	"contact_leader" text NOT NULL,
	"first_secretary" text,
	"rectification_item_id" integer NOT NULL,
	"confirmed_by" integer,
	"confirmed_by_name" text NOT NULL,
	"confirmed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "inspection_findings_plan_idx" ON "inspection_findings" USING btree ("plan_id");--> statement-breakpoint
CREATE INDEX "inspection_findings_org_idx" ON "inspection_findings" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "inspection_plans_county_idx" ON "inspection_plans" USING btree ("county_id");--> statement-breakpoint
CREATE INDEX "inspection_visits_plan_idx" ON "inspection_visits" USING btree ("plan_id","org_id");--> statement-breakpoint
CREATE INDEX "rectification_events_item_idx" ON "rectification_events" USING btree ("item_id","id");--> statement-breakpoint
CREATE INDEX "rectification_files_item_idx" ON "rectification_files" USING btree ("item_id");--> statement-breakpoint
CREATE INDEX "rectification_items_org_idx" ON "rectification_items" USING btree ("org_id","status");--> statement-breakpoint
CREATE INDEX "rectification_items_county_idx" ON "rectification_items" USING btree ("county_id","status","deadline");--> statement-breakpoint
CREATE INDEX "nonpublic_owner_idx" ON "nonpublic_entities" USING btree ("owner_org_id");--> statement-breakpoint
CREATE INDEX "nonpublic_county_idx" ON "nonpublic_entities" USING btree ("county_id");--> statement-breakpoint
CREATE INDEX "screening_runs_county_idx" ON "screening_runs" USING btree ("county_id","year");--> statement-breakpoint
CREATE INDEX "three_lacks_org_idx" ON "three_lacks_entries" USING btree ("org_id","year","id");--> statement-breakpoint
CREATE UNIQUE INDEX "weak_org_criteria_uq" ON "weak_org_criteria" USING btree ("county_id","year");--> statement-breakpoint
CREATE UNIQUE INDEX "weak_orgs_uq" ON "weak_orgs" USING btree ("county_id","year","org_id");--> statement-breakpoint
CREATE INDEX "weak_orgs_org_idx" ON "weak_orgs" USING btree ("org_id");--> statement-breakpoint
-- Findings, rectification events and files, three-lacks entries and screening candidates are facts: never changed or removed.
CREATE TRIGGER inspection_findings_append_only BEFORE DELETE ON inspection_findings
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER rectification_events_append_only BEFORE UPDATE OR DELETE ON rectification_events
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER rectification_files_append_only BEFORE UPDATE OR DELETE ON rectification_files
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER three_lacks_entries_append_only BEFORE UPDATE OR DELETE ON three_lacks_entries
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER screening_candidates_append_only BEFORE UPDATE OR DELETE ON screening_candidates
  FOR EACH ROW EXECUTE FUNCTION refuse_change();

CREATE TABLE "notice_files" (
	"id" serial PRIMARY KEY NOT NULL,
	"notice_id" integer,
	"file_id" integer NOT NULL,
	"name" text NOT NULL,
	"content_type" text NOT NULL,
	"uploaded_by" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notice_reads" (
	"notice_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"read_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notice_reads_notice_id_user_id_pk" PRIMARY KEY("notice_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "notice_recipients" (
	"notice_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	CONSTRAINT "notice_recipients_notice_id_user_id_pk" PRIMARY KEY("notice_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "notice_reminders" (
	"id" serial PRIMARY KEY NOT NULL,
	"notice_id" integer NOT NULL,
	"reminded_on" date NOT NULL,
	"unread" integer NOT NULL,
	"actor_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notices" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_id" integer NOT NULL,
	"sender_org_id" integer NOT NULL,
	"issuer" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"target" jsonb NOT NULL,
	"recipients" integer NOT NULL,
	"published_on" date NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" integer,
	"created_by_name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "campaign_files" (
	"id" serial PRIMARY KEY NOT NULL,
	"campaign_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"file_id" integer NOT NULL,
	"name" text NOT NULL,
	"content_type" text NOT NULL,
	"uploaded_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "campaign_orgs" (
	"campaign_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"county_id" integer NOT NULL,
	"role" text NOT NULL,
	"joined_on" date NOT NULL,
	"met_on" date,
	"met_note" text,
	CONSTRAINT "campaign_orgs_campaign_id_org_id_pk" PRIMARY KEY("campaign_id","org_id")
);
--> statement-breakpoint
CREATE TABLE "campaign_reports" (
	"id" serial PRIMARY KEY NOT NULL,
	"campaign_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"highlight" boolean DEFAULT false NOT NULL,
	"attachments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"reported_on" date NOT NULL,
	"reported_by" integer,
	"reported_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "campaign_stage_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"campaign_id" integer NOT NULL,
	"stage" text NOT NULL,
	"happened_on" date NOT NULL,
	"summary" text NOT NULL,
	"actor_id" integer,
	"actor_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "campaigns" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_id" integer NOT NULL,
	"owner_org_id" integer NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"criteria" jsonb NOT NULL,
	"stage" text DEFAULT 'pilot' NOT NULL,
	"started_on" date NOT NULL,
	"rollout_org_id" integer NOT NULL,
	"rollout_categories" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "campaigns_stage_chk" CHECK ("campaigns"."stage" in ('pilot','summary','rollout','closed'))
);
--> statement-breakpoint
CREATE TABLE "plan_files" (
	"id" serial PRIMARY KEY NOT NULL,
	"plan_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"file_id" integer NOT NULL,
	"name" text NOT NULL,
	"content_type" text NOT NULL,
	"uploaded_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plan_goals" (
	"id" serial PRIMARY KEY NOT NULL,
	"plan_id" integer NOT NULL,
	"aspect" text NOT NULL,
	"title" text NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plan_reviews" (
	"id" serial PRIMARY KEY NOT NULL,
	"plan_id" integer NOT NULL,
	"county_id" integer NOT NULL,
	"title" text NOT NULL,
	"as_of" date NOT NULL,
	"self_due_on" date NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plan_target_reports" (
	"id" serial PRIMARY KEY NOT NULL,
	"target_id" integer NOT NULL,
	"value" numeric NOT NULL,
	"reported_on" date NOT NULL,
	"note" text NOT NULL,
	"attachments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"reported_by" integer,
	"reported_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plan_targets" (
	"id" serial PRIMARY KEY NOT NULL,
	"plan_id" integer NOT NULL,
	"goal_id" integer NOT NULL,
	"county_id" integer NOT NULL,
	"title" text NOT NULL,
	"metric_key" text,
	"comparator" text DEFAULT 'gte' NOT NULL,
	"target_value" numeric NOT NULL,
	"baseline" numeric NOT NULL,
	"unit" text DEFAULT '%' NOT NULL,
	"responsible_org_id" integer NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plan_targets_cmp_chk" CHECK ("plan_targets"."comparator" in ('gte','lte'))
);
--> statement-breakpoint
CREATE TABLE "plan_task_reports" (
	"id" serial PRIMARY KEY NOT NULL,
	"task_id" integer NOT NULL,
	"reported_on" date NOT NULL,
	"percent" integer NOT NULL,
	"note" text NOT NULL,
	"complete" boolean DEFAULT false NOT NULL,
	"attachments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"reported_by" integer,
	"reported_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plan_tasks" (
	"id" serial PRIMARY KEY NOT NULL,
	"plan_id" integer NOT NULL,
	"county_id" integer NOT NULL,
	"target_id" integer,
	"parent_id" integer,
	"org_id" integer NOT NULL,
	"assigned_by_org_id" integer NOT NULL,
	"title" text NOT NULL,
	"deliverable" text NOT NULL,
	"deadline" date NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"percent" integer DEFAULT 0 NOT NULL,
	"review_gap_id" integer,
	"closed_on" date,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "plan_tasks_status_chk" CHECK ("plan_tasks"."status" in ('open','done','closed')),
	CONSTRAINT "plan_tasks_percent_chk" CHECK ("plan_tasks"."percent" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "plans" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_id" integer NOT NULL,
	"owner_org_id" integer NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"start_year" integer NOT NULL,
	"end_year" integer NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "plans_years_chk" CHECK ("plans"."end_year" >= "plans"."start_year" and "plans"."end_year" - "plans"."start_year" < 10)
);
--> statement-breakpoint
CREATE TABLE "review_gaps" (
	"id" serial PRIMARY KEY NOT NULL,
	"review_id" integer NOT NULL,
	"line_key" text NOT NULL,
	"category" text NOT NULL,
	"gap" text NOT NULL,
	"rectification_item_id" integer,
	"task_id" integer,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "review_self_assessments" (
	"id" serial PRIMARY KEY NOT NULL,
	"review_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"rating" text NOT NULL,
	"achievements" text NOT NULL,
	"shortfalls" text NOT NULL,
	"next_steps" text NOT NULL,
	"submitted_by" integer,
	"submitted_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "notice_files_notice_idx" ON "notice_files" USING btree ("notice_id");--> statement-breakpoint
CREATE INDEX "notice_recipients_user_idx" ON "notice_recipients" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "notice_reminders_idx" ON "notice_reminders" USING btree ("notice_id","reminded_on");--> statement-breakpoint
CREATE INDEX "notices_county_idx" ON "notices" USING btree ("county_id","published_at");--> statement-breakpoint
CREATE INDEX "campaign_files_idx" ON "campaign_files" USING btree ("campaign_id");--> statement-breakpoint
CREATE INDEX "campaign_orgs_org_idx" ON "campaign_orgs" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "campaign_reports_idx" ON "campaign_reports" USING btree ("campaign_id","id");--> statement-breakpoint
CREATE INDEX "campaign_stage_events_idx" ON "campaign_stage_events" USING btree ("campaign_id","id");--> statement-breakpoint
CREATE INDEX "campaigns_county_idx" ON "campaigns" USING btree ("county_id");--> statement-breakpoint
CREATE INDEX "plan_files_plan_idx" ON "plan_files" USING btree ("plan_id");--> statement-breakpoint
CREATE INDEX "plan_goals_plan_idx" ON "plan_goals" USING btree ("plan_id");--> statement-breakpoint
CREATE INDEX "plan_reviews_plan_idx" ON "plan_reviews" USING btree ("plan_id");--> statement-breakpoint
CREATE INDEX "plan_target_reports_idx" ON "plan_target_reports" USING btree ("target_id","id");--> statement-breakpoint
CREATE INDEX "plan_targets_plan_idx" ON "plan_targets" USING btree ("plan_id");--> statement-breakpoint
CREATE INDEX "plan_task_reports_idx" ON "plan_task_reports" USING btree ("task_id","id");--> statement-breakpoint
CREATE INDEX "plan_tasks_plan_idx" ON "plan_tasks" USING btree ("plan_id");--> statement-breakpoint
CREATE INDEX "plan_tasks_org_idx" ON "plan_tasks" USING btree ("org_id","status");--> statement-breakpoint
CREATE INDEX "plans_county_idx" ON "plans" USING btree ("county_id","end_year");--> statement-breakpoint
CREATE INDEX "review_gaps_review_idx" ON "review_gaps" USING btree ("review_id","line_key");--> statement-breakpoint
CREATE INDEX "review_self_idx" ON "review_self_assessments" USING btree ("review_id","org_id","id");--> statement-breakpoint
-- Reports, stage events, uploaded files, self-assessments, review gaps and read receipts are facts: never changed or removed.
CREATE TRIGGER plan_target_reports_append_only BEFORE UPDATE OR DELETE ON plan_target_reports FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER plan_task_reports_append_only BEFORE UPDATE OR DELETE ON plan_task_reports FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER plan_files_append_only BEFORE UPDATE OR DELETE ON plan_files FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER review_self_assessments_append_only BEFORE UPDATE OR DELETE ON review_self_assessments FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER review_gaps_append_only BEFORE UPDATE OR DELETE ON review_gaps FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER campaign_stage_events_append_only BEFORE UPDATE OR DELETE ON campaign_stage_events FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER campaign_reports_append_only BEFORE UPDATE OR DELETE ON campaign_reports FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER campaign_files_append_only BEFORE UPDATE OR DELETE ON campaign_files FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER notice_reads_append_only BEFORE UPDATE OR DELETE ON notice_reads FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER notice_reminders_append_only BEFORE UPDATE OR DELETE ON notice_reminders FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER notice_recipients_append_only BEFORE UPDATE OR DELETE ON notice_recipients FOR EACH ROW EXECUTE FUNCTION refuse_change();

CREATE TABLE "accountability_actions" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_id" integer NOT NULL,
	"scheme_id" integer NOT NULL,
	"org_id" integer,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"doc_no" text,
	"happened_on" date NOT NULL,
	"persons" text,
	"problems" text,
	"commitments" text,
	"follow_up" text,
	"decision" text,
	"body" text,
	"created_by" integer,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "accountability_actions_kind_chk" CHECK ("accountability_actions"."kind" in ('circular','interview','honour_ban','adjustment'))
);
--> statement-breakpoint
CREATE TABLE "assessment_findings" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_id" integer NOT NULL,
	"scheme_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"indicator_id" integer NOT NULL,
	"team" text NOT NULL,
	"found_on" date NOT NULL,
	"description" text NOT NULL,
	"occurrences" integer DEFAULT 1 NOT NULL,
	"attachments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"entry_id" bigint,
	"recorded_by" integer,
	"recorded_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assessment_indicators" (
	"id" serial PRIMARY KEY NOT NULL,
	"scheme_id" integer NOT NULL,
	"parent_id" integer,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	"method" text NOT NULL,
	"max_points" numeric DEFAULT '0' NOT NULL,
	"weight" numeric DEFAULT '1' NOT NULL,
	"per_item" numeric,
	"metric_key" text,
	"metric_target" numeric,
	"veto_effect" text,
	"criteria" text,
	"copied_from_id" integer,
	CONSTRAINT "assessment_indicators_method_chk" CHECK ("assessment_indicators"."method" in ('group','manual','metric','deduction','bonus','veto','daily','ballot','duty')),
	CONSTRAINT "assessment_indicators_max_chk" CHECK ("assessment_indicators"."max_points" >= 0 and "assessment_indicators"."weight" > 0)
);
--> statement-breakpoint
CREATE TABLE "assessment_orgs" (
	"scheme_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"county_id" integer NOT NULL,
	"group_key" text NOT NULL,
	CONSTRAINT "assessment_orgs_scheme_id_org_id_pk" PRIMARY KEY("scheme_id","org_id")
);
--> statement-breakpoint
CREATE TABLE "assessment_results" (
	"id" serial PRIMARY KEY NOT NULL,
	"scheme_id" integer NOT NULL,
	"stage" text NOT NULL,
	"org_id" integer NOT NULL,
	"group_key" text NOT NULL,
	"total" numeric(8, 2) NOT NULL,
	"rank" integer NOT NULL,
	"grade" text NOT NULL,
	"vetoed" boolean DEFAULT false NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assessment_schemes" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_id" integer NOT NULL,
	"owner_org_id" integer NOT NULL,
	"year" integer NOT NULL,
	"name" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"copied_from_id" integer,
	"base_scheme_id" integer,
	"deviation_approval" text,
	"status" text DEFAULT 'draft' NOT NULL,
	"groups" jsonb NOT NULL,
	"org_types" jsonb NOT NULL,
	"grade_rule" jsonb NOT NULL,
	"bonus_cap" numeric DEFAULT '0' NOT NULL,
	"objection_days" integer DEFAULT 7 NOT NULL,
	"objection_until" date,
	"published_at" timestamp with time zone,
	"results_at" timestamp with time zone,
	"final_at" timestamp with time zone,
	"rev" integer DEFAULT 1 NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assessment_schemes_status_chk" CHECK ("assessment_schemes"."status" in ('draft','scoring','review','objection','final'))
);
--> statement-breakpoint
CREATE TABLE "ballot_campaigns" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_id" integer NOT NULL,
	"scheme_id" integer NOT NULL,
	"indicator_id" integer NOT NULL,
	"name" text NOT NULL,
	"opens_at" timestamp with time zone NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"choices" jsonb NOT NULL,
	"counted_at" timestamp with time zone,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ballot_campaigns_time_chk" CHECK ("ballot_campaigns"."closes_at" > "ballot_campaigns"."opens_at")
);
--> statement-breakpoint
CREATE TABLE "ballot_groups" (
	"id" serial PRIMARY KEY NOT NULL,
	"campaign_id" integer NOT NULL,
	"name" text NOT NULL,
	"weight" numeric NOT NULL,
	CONSTRAINT "ballot_groups_weight_chk" CHECK ("ballot_groups"."weight" > 0)
);
--> statement-breakpoint
CREATE TABLE "ballot_marks" (
	"ballot_id" uuid NOT NULL,
	"org_id" integer NOT NULL,
	"choice" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ballot_tokens" (
	"id" serial PRIMARY KEY NOT NULL,
	"campaign_id" integer NOT NULL,
	"group_id" integer NOT NULL,
	"seq" integer NOT NULL,
	"token_hash" text NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "ballots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" integer NOT NULL,
	"group_id" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "daily_records" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_id" integer NOT NULL,
	"scheme_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"indicator_id" integer NOT NULL,
	"title" text NOT NULL,
	"content" text NOT NULL,
	"done_on" date NOT NULL,
	"attachments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'submitted' NOT NULL,
	"submitted_by" integer,
	"submitted_by_name" text NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reviewed_by" integer,
	"reviewed_by_name" text,
	"reviewed_at" timestamp with time zone,
	"review_note" text,
	"points" numeric(8, 2),
	"entry_id" bigint
);
--> statement-breakpoint
CREATE TABLE "duty_scores" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_id" integer NOT NULL,
	"scheme_id" integer NOT NULL,
	"indicator_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"reviewer_id" integer NOT NULL,
	"reviewer_name" text NOT NULL,
	"score" numeric(8, 2) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "score_entries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"scheme_id" integer NOT NULL,
	"seq" integer NOT NULL,
	"county_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"indicator_id" integer NOT NULL,
	"points" numeric(8, 2) NOT NULL,
	"channel" text NOT NULL,
	"evidence_kind" text,
	"evidence_id" integer,
	"reason" text,
	"reverses_id" bigint,
	"scheme_version" integer NOT NULL,
	"recorded_by" integer,
	"recorded_by_name" text NOT NULL,
	"approved_by" integer,
	"approved_by_name" text,
	"recorded_at" timestamp (3) with time zone NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "score_objections" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_id" integer NOT NULL,
	"scheme_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"entry_id" bigint NOT NULL,
	"reason" text NOT NULL,
	"filed_by" integer,
	"filed_by_name" text NOT NULL,
	"filed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"decision" text,
	"decided_by_name" text,
	"decided_at" timestamp with time zone,
	"correction_entry_id" bigint
);
--> statement-breakpoint
CREATE INDEX "accountability_actions_scheme_idx" ON "accountability_actions" USING btree ("scheme_id","kind");--> statement-breakpoint
CREATE INDEX "assessment_findings_scheme_idx" ON "assessment_findings" USING btree ("scheme_id","org_id");--> statement-breakpoint
CREATE INDEX "assessment_indicators_scheme_idx" ON "assessment_indicators" USING btree ("scheme_id");--> statement-breakpoint
CREATE UNIQUE INDEX "assessment_results_uq" ON "assessment_results" USING btree ("scheme_id","stage","org_id");--> statement-breakpoint
CREATE INDEX "assessment_schemes_owner_idx" ON "assessment_schemes" USING btree ("county_id","year");--> statement-breakpoint
CREATE INDEX "ballot_marks_ballot_idx" ON "ballot_marks" USING btree ("ballot_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ballot_tokens_hash_uq" ON "ballot_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "ballot_tokens_campaign_idx" ON "ballot_tokens" USING btree ("campaign_id","group_id");--> statement-breakpoint
CREATE INDEX "ballots_campaign_idx" ON "ballots" USING btree ("campaign_id");--> statement-breakpoint
CREATE INDEX "daily_records_scheme_idx" ON "daily_records" USING btree ("scheme_id","status");--> statement-breakpoint
CREATE INDEX "daily_records_org_idx" ON "daily_records" USING btree ("org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "duty_scores_uq" ON "duty_scores" USING btree ("indicator_id","org_id","reviewer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "score_entries_seq_uq" ON "score_entries" USING btree ("scheme_id","seq");--> statement-breakpoint
CREATE INDEX "score_entries_org_idx" ON "score_entries" USING btree ("scheme_id","org_id","indicator_id");--> statement-breakpoint
CREATE INDEX "score_objections_scheme_idx" ON "score_objections" USING btree ("scheme_id");
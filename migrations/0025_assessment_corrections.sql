CREATE TABLE "assessment_correction_changes" (
	"correction_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"old_total" numeric(8, 2) NOT NULL,
	"new_total" numeric(8, 2) NOT NULL,
	"old_rank" integer NOT NULL,
	"new_rank" integer NOT NULL,
	"old_grade" text NOT NULL,
	"new_grade" text NOT NULL,
	CONSTRAINT "assessment_correction_changes_correction_id_org_id_pk" PRIMARY KEY("correction_id","org_id")
);
--> statement-breakpoint
CREATE TABLE "assessment_corrections" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_id" integer NOT NULL,
	"scheme_id" integer NOT NULL,
	"reason" text NOT NULL,
	"first_seq" integer NOT NULL,
	"last_seq" integer NOT NULL,
	"created_by" integer,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "assessment_schemes" ADD COLUMN "not_applicable_share" numeric DEFAULT '1' NOT NULL;--> statement-breakpoint
CREATE INDEX "assessment_corrections_scheme_idx" ON "assessment_corrections" USING btree ("scheme_id");
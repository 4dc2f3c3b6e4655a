CREATE TABLE "heart_talks" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"talker_name" text NOT NULL,
	"talked_on" date NOT NULL,
	"summary" text NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_appraisals" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"year" integer NOT NULL,
	"grade" text NOT NULL,
	"follow_up" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "member_appraisals_grade_chk" CHECK ("member_appraisals"."grade" in ('excellent','qualified','basically_qualified','unqualified'))
);
--> statement-breakpoint
ALTER TABLE "heart_talks" ADD CONSTRAINT "heart_talks_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_appraisals" ADD CONSTRAINT "member_appraisals_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "heart_talks_org_idx" ON "heart_talks" USING btree ("org_id","talked_on");--> statement-breakpoint
CREATE INDEX "member_appraisals_org_year_idx" ON "member_appraisals" USING btree ("org_id","year");
CREATE TABLE "assessment_group_scores" (
	"scheme_id" integer NOT NULL,
	"group_key" text NOT NULL,
	"indicator_id" integer NOT NULL,
	"average" numeric NOT NULL,
	"orgs" integer NOT NULL,
	CONSTRAINT "assessment_group_scores_scheme_id_group_key_indicator_id_pk" PRIMARY KEY("scheme_id","group_key","indicator_id")
);
--> statement-breakpoint
CREATE TABLE "score_sums" (
	"scheme_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"indicator_id" integer NOT NULL,
	"county_id" integer NOT NULL,
	"raw" numeric(12, 2) NOT NULL,
	"entries" integer NOT NULL,
	CONSTRAINT "score_sums_scheme_id_org_id_indicator_id_pk" PRIMARY KEY("scheme_id","org_id","indicator_id")
);
--> statement-breakpoint
ALTER TABLE "assessment_schemes" ADD COLUMN "live_seq" integer;--> statement-breakpoint
CREATE INDEX "assessment_results_rank_idx" ON "assessment_results" USING btree ("scheme_id","stage","group_key","total");--> statement-breakpoint
INSERT INTO "score_sums" ("scheme_id", "org_id", "indicator_id", "county_id", "raw", "entries")
  SELECT "scheme_id", "org_id", "indicator_id", min("county_id"), sum("points"), count(*)::int FROM "score_entries" GROUP BY 1, 2, 3;

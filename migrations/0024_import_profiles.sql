CREATE TABLE "import_profiles" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_id" integer NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"mapping" jsonb NOT NULL,
	"created_by" integer,
	"created_by_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "import_profiles_kind_chk" CHECK ("import_profiles"."kind" in ('members','orgs'))
);
--> statement-breakpoint
CREATE INDEX "import_profiles_county_idx" ON "import_profiles" USING btree ("county_id","kind");
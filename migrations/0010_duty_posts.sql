CREATE TABLE "duty_assignments" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"post_id" integer NOT NULL,
	"year" integer NOT NULL,
	"performance_note" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "duty_posts" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_id" integer,
	"org_id" integer,
	"name" text NOT NULL,
	"description" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "duty_assignments" ADD CONSTRAINT "duty_assignments_post_id_duty_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."duty_posts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "duty_assignments_org_year_idx" ON "duty_assignments" USING btree ("org_id","year");
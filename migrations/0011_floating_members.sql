CREATE TABLE "floating_register" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"direction" text NOT NULL,
	"region" text NOT NULL,
	"employer" text,
	"contact_phone" text,
	"since" date NOT NULL,
	"receiving_org" text,
	"ended_on" date,
	"end_reason" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "floating_register_direction_chk" CHECK ("floating_register"."direction" in ('outflow','inflow'))
);
--> statement-breakpoint
CREATE TABLE "member_contacts" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"contacted_on" date NOT NULL,
	"method" text NOT NULL,
	"reached" boolean NOT NULL,
	"note" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "member_contacts_method_chk" CHECK ("member_contacts"."method" in ('phone','wechat','visit','letter','other'))
);
--> statement-breakpoint
CREATE INDEX "floating_register_org_idx" ON "floating_register" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "floating_register_member_idx" ON "floating_register" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "member_contacts_member_idx" ON "member_contacts" USING btree ("member_id","contacted_on");
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"county_id" integer,
	"actor_id" integer,
	"actor_name" text,
	"ip" text,
	"action" text NOT NULL,
	"entity" text NOT NULL,
	"entity_id" text,
	"org_id" integer,
	"before" jsonb,
	"after" jsonb
);
--> statement-breakpoint
CREATE TABLE "login_log" (
	"id" serial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"username" text NOT NULL,
	"user_id" integer,
	"ip" text,
	"user_agent" text,
	"event" text NOT NULL,
	"success" boolean NOT NULL,
	"reason" text
);
--> statement-breakpoint
CREATE TABLE "role_assignments" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"role_id" integer NOT NULL,
	"county_id" integer NOT NULL,
	"org_id" integer,
	"scope" text NOT NULL,
	"custom_org_ids" integer[],
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "role_assignments_scope_chk" CHECK ("role_assignments"."scope" in ('all','org_and_below','own_org','self','custom'))
);
--> statement-breakpoint
CREATE TABLE "roles" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"permissions" text[] NOT NULL,
	"admin_duty" text,
	"builtin" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "roles_duty_chk" CHECK ("roles"."admin_duty" is null or "roles"."admin_duty" in ('system','security','audit'))
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"csrf_token" text NOT NULL,
	"ip" text,
	"user_agent" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_id" integer NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"member_id" integer,
	"must_change_password" boolean DEFAULT true NOT NULL,
	"failed_logins" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"is_active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "generated_files" (
	"id" serial PRIMARY KEY NOT NULL,
	"token" text NOT NULL,
	"owner_id" integer NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"content" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_transfers" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"from_org_id" integer NOT NULL,
	"to_org_id" integer NOT NULL,
	"transferred_on" date NOT NULL,
	"reason" text,
	"actor_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "members" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"name" text NOT NULL,
	"gender" text NOT NULL,
	"ethnicity" text DEFAULT '01' NOT NULL,
	"id_number" text NOT NULL,
	"birth_date" date NOT NULL,
	"education" text,
	"member_category" text NOT NULL,
	"join_date" date NOT NULL,
	"full_member_date" date,
	"job_position" text,
	"mobile" text,
	"home_address" text,
	"employer_and_post" text,
	"membership_status" text DEFAULT 'normal' NOT NULL,
	"is_floating" boolean DEFAULT false NOT NULL,
	"floating_since" date,
	"outflow_region" text,
	"is_lost_contact" boolean DEFAULT false NOT NULL,
	"lost_contact_since" date,
	"is_without_post" boolean DEFAULT false NOT NULL,
	"duty_post" text,
	"status" text DEFAULT 'active' NOT NULL,
	"imported_raw" jsonb,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "members_category_chk" CHECK ("members"."member_category" in ('full','probationary')),
	CONSTRAINT "members_status_chk" CHECK ("members"."status" in ('active','left')),
	CONSTRAINT "members_membership_chk" CHECK ("members"."membership_status" in ('normal','suspended'))
);
--> statement-breakpoint
CREATE TABLE "counties" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"region_code" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "org_categories" (
	"code" text PRIMARY KEY NOT NULL,
	"label" text NOT NULL,
	"sort" smallint DEFAULT 0 NOT NULL,
	"is_new_economic_social" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "org_posts" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"member_id" integer,
	"person_name" text NOT NULL,
	"post" text NOT NULL,
	"started_on" date NOT NULL,
	"ended_on" date,
	"end_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "org_posts_post_chk" CHECK ("org_posts"."post" in ('secretary','deputy_secretary','organization_member','publicity_member','discipline_member','committee_member','full_time_staff','group_leader','first_secretary'))
);
--> statement-breakpoint
CREATE TABLE "orgs" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_id" integer NOT NULL,
	"parent_id" integer,
	"path" text NOT NULL,
	"depth" smallint NOT NULL,
	"name" text NOT NULL,
	"short_name" text,
	"org_type" text NOT NULL,
	"category" text NOT NULL,
	"is_temporary" boolean DEFAULT false NOT NULL,
	"unit_name" text,
	"unit_uscc" text,
	"contact_name" text,
	"contact_phone" text,
	"founded_on" date,
	"term_start" date,
	"term_end" date,
	"status" text DEFAULT 'active' NOT NULL,
	"dissolved_on" date,
	"dissolved_reason" text,
	"sort" integer DEFAULT 0 NOT NULL,
	"member_count" integer DEFAULT 0 NOT NULL,
	"subtree_member_count" integer DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "orgs_type_chk" CHECK ("orgs"."org_type" in ('county_committee','sector_committee','township_committee','grassroots_committee','general_branch','branch','party_group')),
	CONSTRAINT "orgs_status_chk" CHECK ("orgs"."status" in ('active','dissolved'))
);
--> statement-breakpoint
CREATE TABLE "rule_values" (
	"id" serial PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"value" jsonb NOT NULL,
	"source" text NOT NULL,
	"effective_from" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "role_assignments" ADD CONSTRAINT "role_assignments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_assignments" ADD CONSTRAINT "role_assignments_role_id_roles_id_fk" FOREIGN KEY ("role_id") REFERENCES "public"."roles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_transfers" ADD CONSTRAINT "member_transfers_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "members" ADD CONSTRAINT "members_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_posts" ADD CONSTRAINT "org_posts_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orgs" ADD CONSTRAINT "orgs_county_id_counties_id_fk" FOREIGN KEY ("county_id") REFERENCES "public"."counties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orgs" ADD CONSTRAINT "orgs_category_org_categories_code_fk" FOREIGN KEY ("category") REFERENCES "public"."org_categories"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_log_entity_idx" ON "audit_log" USING btree ("entity","entity_id");--> statement-breakpoint
CREATE INDEX "login_log_at_idx" ON "login_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "role_assignments_user_idx" ON "role_assignments" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "roles_code_idx" ON "roles" USING btree ("code");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_username_idx" ON "users" USING btree ("username");--> statement-breakpoint
CREATE INDEX "generated_files_token_idx" ON "generated_files" USING btree ("token");--> statement-breakpoint
CREATE INDEX "member_transfers_member_idx" ON "member_transfers" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "members_org_idx" ON "members" USING btree ("org_id","name","id");--> statement-breakpoint
CREATE INDEX "members_county_idx" ON "members" USING btree ("county_id");--> statement-breakpoint
CREATE INDEX "members_id_number_idx" ON "members" USING btree ("id_number");--> statement-breakpoint
CREATE INDEX "members_name_idx" ON "members" USING btree ("name");--> statement-breakpoint
CREATE INDEX "org_posts_org_idx" ON "org_posts" USING btree ("org_id","post");--> statement-breakpoint
CREATE INDEX "org_posts_member_idx" ON "org_posts" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "orgs_path_idx" ON "orgs" USING btree ("path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "orgs_parent_idx" ON "orgs" USING btree ("parent_id","sort","id");--> statement-breakpoint
CREATE INDEX "orgs_county_idx" ON "orgs" USING btree ("county_id");--> statement-breakpoint
CREATE INDEX "orgs_name_idx" ON "orgs" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "rule_values_key_from_idx" ON "rule_values" USING btree ("key","effective_from");
CREATE TABLE "training_attempts" (
	"id" serial PRIMARY KEY NOT NULL,
	"enrollment_id" integer NOT NULL,
	"paper_id" integer NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deadline" timestamp with time zone NOT NULL,
	"submitted_at" timestamp with time zone,
	"answers" jsonb,
	"score" integer,
	"passed" boolean
);
--> statement-breakpoint
CREATE TABLE "training_checkins" (
	"id" serial PRIMARY KEY NOT NULL,
	"session_id" integer NOT NULL,
	"enrollment_id" integer NOT NULL,
	"checked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"is_late" boolean NOT NULL,
	"method" text NOT NULL,
	"reason" text,
	"recorded_by" integer
);
--> statement-breakpoint
CREATE TABLE "training_classes" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_id" integer NOT NULL,
	"plan_item_id" integer,
	"name" text NOT NULL,
	"class_type" text NOT NULL,
	"target_group" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"venue" text,
	"organiser_org_id" integer NOT NULL,
	"head_teacher" text,
	"capacity" integer NOT NULL,
	"leave_limit" numeric NOT NULL,
	"late_minutes" integer DEFAULT 10 NOT NULL,
	"pass_mark" integer DEFAULT 60 NOT NULL,
	"test_minutes" integer DEFAULT 30 NOT NULL,
	"test_attempts" integer DEFAULT 2 NOT NULL,
	"require_reflection" boolean DEFAULT true NOT NULL,
	"notice" text,
	"status" text DEFAULT 'enrolling' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "training_courses" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_id" integer NOT NULL,
	"title" text NOT NULL,
	"teacher" text NOT NULL,
	"materials" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "training_enrollments" (
	"id" serial PRIMARY KEY NOT NULL,
	"class_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"quota_org_id" integer,
	"status" text DEFAULT 'nominated' NOT NULL,
	"reason" text,
	"substitute_for" integer,
	"nominated_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed" boolean,
	"completion_note" text,
	"completed_hours" numeric,
	"confirmed_by" integer,
	"confirmed_at" timestamp with time zone,
	"certificate_serial" text,
	"certificate_code" text,
	CONSTRAINT "training_enrollments_status_chk" CHECK ("training_enrollments"."status" in ('nominated','confirmed','withdrawn'))
);
--> statement-breakpoint
CREATE TABLE "training_evaluation_receipts" (
	"class_id" integer NOT NULL,
	"member_id" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "training_evaluations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"class_id" integer NOT NULL,
	"overall" integer NOT NULL,
	"course_scores" jsonb NOT NULL,
	"comment" text,
	"submitted_on" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "training_leaves" (
	"id" serial PRIMARY KEY NOT NULL,
	"enrollment_id" integer NOT NULL,
	"session_ids" jsonb NOT NULL,
	"reason" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"decided_by" integer,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "training_papers" (
	"id" serial PRIMARY KEY NOT NULL,
	"class_id" integer NOT NULL,
	"question_ids" jsonb NOT NULL,
	"points_each" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "training_plan_items" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_id" integer NOT NULL,
	"year" integer NOT NULL,
	"name" text NOT NULL,
	"class_type" text NOT NULL,
	"target_group" text NOT NULL,
	"planned_month" integer NOT NULL,
	"days" integer NOT NULL,
	"quota" integer NOT NULL,
	"organiser" text NOT NULL,
	"budget" numeric,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "training_plan_items_month_chk" CHECK ("training_plan_items"."planned_month" between 1 and 12)
);
--> statement-breakpoint
CREATE TABLE "training_questions" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_id" integer NOT NULL,
	"kind" text NOT NULL,
	"stem" text NOT NULL,
	"options" jsonb NOT NULL,
	"answer" jsonb NOT NULL,
	"topic" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "training_questions_kind_chk" CHECK ("training_questions"."kind" in ('single','multiple','judge'))
);
--> statement-breakpoint
CREATE TABLE "training_quotas" (
	"id" serial PRIMARY KEY NOT NULL,
	"class_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"quota" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "training_reflections" (
	"id" serial PRIMARY KEY NOT NULL,
	"enrollment_id" integer NOT NULL,
	"text" text NOT NULL,
	"file_id" integer,
	"file_name" text,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" text DEFAULT 'submitted' NOT NULL,
	"review_note" text,
	"reviewed_by" integer
);
--> statement-breakpoint
CREATE TABLE "training_sessions" (
	"id" serial PRIMARY KEY NOT NULL,
	"class_id" integer NOT NULL,
	"course_id" integer NOT NULL,
	"held_on" date NOT NULL,
	"starts_at" text NOT NULL,
	"ends_at" text NOT NULL,
	"study_hours" numeric NOT NULL,
	"secret" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "training_study_entries" (
	"id" serial PRIMARY KEY NOT NULL,
	"member_id" integer NOT NULL,
	"studied_on" date NOT NULL,
	"title" text NOT NULL,
	"provider" text,
	"hours" numeric NOT NULL,
	"file_id" integer,
	"status" text DEFAULT 'pending' NOT NULL,
	"decided_by" integer,
	"decision_note" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "training_attempts" ADD CONSTRAINT "training_attempts_enrollment_id_training_enrollments_id_fk" FOREIGN KEY ("enrollment_id") REFERENCES "public"."training_enrollments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_attempts" ADD CONSTRAINT "training_attempts_paper_id_training_papers_id_fk" FOREIGN KEY ("paper_id") REFERENCES "public"."training_papers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_checkins" ADD CONSTRAINT "training_checkins_session_id_training_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."training_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_checkins" ADD CONSTRAINT "training_checkins_enrollment_id_training_enrollments_id_fk" FOREIGN KEY ("enrollment_id") REFERENCES "public"."training_enrollments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_enrollments" ADD CONSTRAINT "training_enrollments_class_id_training_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "public"."training_classes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_leaves" ADD CONSTRAINT "training_leaves_enrollment_id_training_enrollments_id_fk" FOREIGN KEY ("enrollment_id") REFERENCES "public"."training_enrollments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_papers" ADD CONSTRAINT "training_papers_class_id_training_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "public"."training_classes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_quotas" ADD CONSTRAINT "training_quotas_class_id_training_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "public"."training_classes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_reflections" ADD CONSTRAINT "training_reflections_enrollment_id_training_enrollments_id_fk" FOREIGN KEY ("enrollment_id") REFERENCES "public"."training_enrollments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_sessions" ADD CONSTRAINT "training_sessions_class_id_training_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "public"."training_classes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_sessions" ADD CONSTRAINT "training_sessions_course_id_training_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."training_courses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "training_attempts_enrollment_idx" ON "training_attempts" USING btree ("enrollment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "training_checkins_session_enrollment_idx" ON "training_checkins" USING btree ("session_id","enrollment_id");--> statement-breakpoint
CREATE INDEX "training_classes_county_idx" ON "training_classes" USING btree ("county_id","starts_on");--> statement-breakpoint
CREATE UNIQUE INDEX "training_enrollments_class_member_idx" ON "training_enrollments" USING btree ("class_id","member_id");--> statement-breakpoint
CREATE UNIQUE INDEX "training_enrollments_serial_idx" ON "training_enrollments" USING btree ("certificate_serial");--> statement-breakpoint
CREATE UNIQUE INDEX "training_enrollments_code_idx" ON "training_enrollments" USING btree ("certificate_code");--> statement-breakpoint
CREATE INDEX "training_enrollments_member_idx" ON "training_enrollments" USING btree ("member_id");--> statement-breakpoint
CREATE UNIQUE INDEX "training_evaluation_receipts_idx" ON "training_evaluation_receipts" USING btree ("class_id","member_id");--> statement-breakpoint
CREATE INDEX "training_evaluations_class_idx" ON "training_evaluations" USING btree ("class_id");--> statement-breakpoint
CREATE INDEX "training_leaves_enrollment_idx" ON "training_leaves" USING btree ("enrollment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "training_papers_class_idx" ON "training_papers" USING btree ("class_id");--> statement-breakpoint
CREATE INDEX "training_plan_items_year_idx" ON "training_plan_items" USING btree ("county_id","year");--> statement-breakpoint
CREATE UNIQUE INDEX "training_quotas_class_org_idx" ON "training_quotas" USING btree ("class_id","org_id");--> statement-breakpoint
CREATE INDEX "training_reflections_enrollment_idx" ON "training_reflections" USING btree ("enrollment_id");--> statement-breakpoint
CREATE INDEX "training_sessions_class_idx" ON "training_sessions" USING btree ("class_id","held_on");--> statement-breakpoint
CREATE INDEX "training_study_entries_member_idx" ON "training_study_entries" USING btree ("member_id","studied_on");
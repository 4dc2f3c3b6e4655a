import { sql } from 'drizzle-orm';
import {
  boolean, check, date, index, integer, jsonb, numeric, pgTable, serial, text, timestamp, uniqueIndex, uuid,
} from 'drizzle-orm/pg-core';
import { CLASS_TYPES, TARGET_GROUPS, type ClassType, type TargetGroup } from '../../../shared/codes.js';
export { CLASS_TYPES, TARGET_GROUPS, type ClassType, type TargetGroup };

/** Who a class is for: the target group that coverage is counted against (docs/rules.md §4). */

/** 年度培训计划: one row per planned class of a county's year. */
export const trainingPlanItems = pgTable('training_plan_items', {
  id: serial('id').primaryKey(),
  countyId: integer('county_id').notNull(),
  year: integer('year').notNull(),
  name: text('name').notNull(),
  classType: text('class_type').notNull().$type<ClassType>(),
  targetGroup: text('target_group').notNull().$type<TargetGroup>(),
  plannedMonth: integer('planned_month').notNull(),
  days: integer('days').notNull(),
  quota: integer('quota').notNull(),
  organiser: text('organiser').notNull(),
  budget: numeric('budget'),
  version: integer('version').notNull().default(1),
  createdBy: integer('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('training_plan_items_year_idx').on(t.countyId, t.year),
  check('training_plan_items_month_chk', sql`${t.plannedMonth} between 1 and 12`),
]);

/** 培训班. The settings that decide completion are stored with the class, so a result says which rule made it. */
export const trainingClasses = pgTable('training_classes', {
  id: serial('id').primaryKey(),
  countyId: integer('county_id').notNull(),
  planItemId: integer('plan_item_id'),
  name: text('name').notNull(),
  classType: text('class_type').notNull().$type<ClassType>(),
  targetGroup: text('target_group').notNull().$type<TargetGroup>(),
  startsOn: date('starts_on').notNull(),
  endsOn: date('ends_on').notNull(),
  venue: text('venue'),
  /** the org that runs the class (the county organisation department's org) */
  organiserOrgId: integer('organiser_org_id').notNull(),
  headTeacher: text('head_teacher'),
  capacity: integer('capacity').notNull(),
  /** leave beyond this share of class hours means not completing (docs/rules.md §4: 1/7) */
  leaveLimit: numeric('leave_limit').notNull(),
  lateMinutes: integer('late_minutes').notNull().default(10),
  passMark: integer('pass_mark').notNull().default(60),
  testMinutes: integer('test_minutes').notNull().default(30),
  testAttempts: integer('test_attempts').notNull().default(2),
  requireReflection: boolean('require_reflection').notNull().default(true),
  notice: text('notice'),
  status: text('status').notNull().default('enrolling').$type<'enrolling' | 'running' | 'finished'>(),
  version: integer('version').notNull().default(1),
  createdBy: integer('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('training_classes_county_idx').on(t.countyId, t.startsOn)]);

/** 调训名额: how many trainees an org (and its subtree) may nominate. */
export const trainingQuotas = pgTable('training_quotas', {
  id: serial('id').primaryKey(),
  classId: integer('class_id').notNull().references(() => trainingClasses.id),
  orgId: integer('org_id').notNull(),
  quota: integer('quota').notNull(),
}, (t) => [uniqueIndex('training_quotas_class_org_idx').on(t.classId, t.orgId)]);

/** A trainee on a class. Withdrawal and substitution change the status with a reason; the row stays. */
export const trainingEnrollments = pgTable('training_enrollments', {
  id: serial('id').primaryKey(),
  classId: integer('class_id').notNull().references(() => trainingClasses.id),
  memberId: integer('member_id').notNull(),
  /** the quota the nomination counts against; null for direct enrollment by the organiser */
  quotaOrgId: integer('quota_org_id'),
  status: text('status').notNull().default('nominated').$type<'nominated' | 'confirmed' | 'withdrawn'>(),
  reason: text('reason'),
  substituteFor: integer('substitute_for'),
  nominatedBy: integer('nominated_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  /** completion, decided from the rules and confirmed by the organiser */
  completed: boolean('completed'),
  completionNote: text('completion_note'),
  completedHours: numeric('completed_hours'),
  confirmedBy: integer('confirmed_by'),
  confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
  certificateSerial: text('certificate_serial'),
  certificateCode: text('certificate_code'),
}, (t) => [
  uniqueIndex('training_enrollments_class_member_idx').on(t.classId, t.memberId),
  uniqueIndex('training_enrollments_serial_idx').on(t.certificateSerial),
  uniqueIndex('training_enrollments_code_idx').on(t.certificateCode),
  index('training_enrollments_member_idx').on(t.memberId),
  check('training_enrollments_status_chk', sql`${t.status} in ('nominated','confirmed','withdrawn')`),
]);

/** Courses, reusable across classes. */
export const trainingCourses = pgTable('training_courses', {
  id: serial('id').primaryKey(),
  countyId: integer('county_id').notNull(),
  title: text('title').notNull(),
  teacher: text('teacher').notNull(),
  materials: text('materials'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** 课程安排: one session of a class, with its study hours; the secret signs the rotating check-in token. */
export const trainingSessions = pgTable('training_sessions', {
  id: serial('id').primaryKey(),
  classId: integer('class_id').notNull().references(() => trainingClasses.id),
  courseId: integer('course_id').notNull().references(() => trainingCourses.id),
  heldOn: date('held_on').notNull(),
  startsAt: text('starts_at').notNull(),
  endsAt: text('ends_at').notNull(),
  studyHours: numeric('study_hours').notNull(),
  secret: text('secret').notNull(),
}, (t) => [index('training_sessions_class_idx').on(t.classId, t.heldOn)]);

/** 签到. Append-only; one per trainee and session. */
export const trainingCheckins = pgTable('training_checkins', {
  id: serial('id').primaryKey(),
  sessionId: integer('session_id').notNull().references(() => trainingSessions.id),
  enrollmentId: integer('enrollment_id').notNull().references(() => trainingEnrollments.id),
  checkedAt: timestamp('checked_at', { withTimezone: true }).notNull().defaultNow(),
  isLate: boolean('is_late').notNull(),
  method: text('method').notNull().$type<'scan' | 'manual'>(),
  reason: text('reason'),
  recordedBy: integer('recorded_by'),
}, (t) => [uniqueIndex('training_checkins_session_enrollment_idx').on(t.sessionId, t.enrollmentId)]);

/** 请假: for one or more sessions, decided by the organiser. */
export const trainingLeaves = pgTable('training_leaves', {
  id: serial('id').primaryKey(),
  enrollmentId: integer('enrollment_id').notNull().references(() => trainingEnrollments.id),
  sessionIds: jsonb('session_ids').notNull().$type<number[]>(),
  reason: text('reason').notNull(),
  status: text('status').notNull().default('pending').$type<'pending' | 'approved' | 'rejected'>(),
  decidedBy: integer('decided_by'),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  decisionNote: text('decision_note'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('training_leaves_enrollment_idx').on(t.enrollmentId)]);

/**
 * Anonymous course evaluation. The receipt says THAT a trainee answered (one per class); the answer says
 * WHAT was answered, with a random id, the day only, and nothing that leads back to the trainee.
 */
export const trainingEvaluationReceipts = pgTable('training_evaluation_receipts', {
  classId: integer('class_id').notNull(),
  memberId: integer('member_id').notNull(),
}, (t) => [uniqueIndex('training_evaluation_receipts_idx').on(t.classId, t.memberId)]);

export const trainingEvaluations = pgTable('training_evaluations', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  classId: integer('class_id').notNull(),
  overall: integer('overall').notNull(),
  /** [{ courseId, score }] */
  courseScores: jsonb('course_scores').notNull().$type<{ courseId: number; score: number }[]>(),
  comment: text('comment'),
  submittedOn: date('submitted_on').notNull(),
}, (t) => [index('training_evaluations_class_idx').on(t.classId)]);

/** 学习心得, reviewed by the organiser. */
export const trainingReflections = pgTable('training_reflections', {
  id: serial('id').primaryKey(),
  enrollmentId: integer('enrollment_id').notNull().references(() => trainingEnrollments.id),
  text: text('text').notNull(),
  fileId: integer('file_id'),
  fileName: text('file_name'),
  submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
  status: text('status').notNull().default('submitted').$type<'submitted' | 'accepted' | 'returned'>(),
  reviewNote: text('review_note'),
  reviewedBy: integer('reviewed_by'),
}, (t) => [index('training_reflections_enrollment_idx').on(t.enrollmentId)]);

/** 题库. */
export const trainingQuestions = pgTable('training_questions', {
  id: serial('id').primaryKey(),
  countyId: integer('county_id').notNull(),
  kind: text('kind').notNull().$type<'single' | 'multiple' | 'judge'>(),
  stem: text('stem').notNull(),
  options: jsonb('options').notNull().$type<string[]>(),
  /** indexes of the right options (for judge: [0] true, [1] false) */
  answer: jsonb('answer').notNull().$type<number[]>(),
  topic: text('topic'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [check('training_questions_kind_chk', sql`${t.kind} in ('single','multiple','judge')`)]);

/** A class's final test paper: fixed question ids with points. */
export const trainingPapers = pgTable('training_papers', {
  id: serial('id').primaryKey(),
  classId: integer('class_id').notNull().references(() => trainingClasses.id),
  questionIds: jsonb('question_ids').notNull().$type<number[]>(),
  pointsEach: integer('points_each').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('training_papers_class_idx').on(t.classId)]);

/** A trainee's attempt: started, deadline, answers and score when submitted. */
export const trainingAttempts = pgTable('training_attempts', {
  id: serial('id').primaryKey(),
  enrollmentId: integer('enrollment_id').notNull().references(() => trainingEnrollments.id),
  paperId: integer('paper_id').notNull().references(() => trainingPapers.id),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
  deadline: timestamp('deadline', { withTimezone: true }).notNull(),
  submittedAt: timestamp('submitted_at', { withTimezone: true }),
  answers: jsonb('answers').$type<Record<string, number[]>>(),
  score: integer('score'),
  passed: boolean('passed'),
}, (t) => [index('training_attempts_enrollment_idx').on(t.enrollmentId)]);

/** 个人培训档案 entries from outside the platform's classes (online study, external classes), approved. */
export const trainingStudyEntries = pgTable('training_study_entries', {
  id: serial('id').primaryKey(),
  memberId: integer('member_id').notNull(),
  studiedOn: date('studied_on').notNull(),
  title: text('title').notNull(),
  provider: text('provider'),
  hours: numeric('hours').notNull(),
  fileId: integer('file_id'),
  status: text('status').notNull().default('pending').$type<'pending' | 'approved' | 'rejected'>(),
  decidedBy: integer('decided_by'),
  decisionNote: text('decision_note'),
  createdBy: integer('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('training_study_entries_member_idx').on(t.memberId, t.studiedOn)]);

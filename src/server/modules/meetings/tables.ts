import { sql } from 'drizzle-orm';
import {
  boolean, check, customType, date, index, integer, jsonb, numeric, pgTable, serial, text, timestamp, uniqueIndex,
} from 'drizzle-orm/pg-core';

const customBytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });
import { orgs } from '../orgs/tables.js';
import { APPRAISAL_GRADES, MEETING_TYPES, type AppraisalGrade, type MeetingType, type Period } from '../../../shared/codes.js';
export type { Period };
export { MEETING_TYPES, type MeetingType };


/** How often a meeting type must be held, for which orgs, from which document and date (docs/rules.md §2). */
export const meetingRules = pgTable('meeting_rules', {
  id: serial('id').primaryKey(),
  meetingType: text('meeting_type').notNull().$type<MeetingType>(),
  /** the rule applies to branches; `committee` only to branches with a committee, `groups` only to branches with party groups */
  appliesTo: text('applies_to').notNull().$type<'branch' | 'committee' | 'groups'>(),
  period: text('period').notNull().$type<Period>(),
  minPerPeriod: integer('min_per_period').notNull().default(1),
  /** share of voting members that must be present, strictly more than (general meetings) */
  quorum: numeric('quorum'),
  source: text('source').notNull(),
  effectiveFrom: date('effective_from').notNull(),
  /** why the county changed it (null: a default shipped with the platform) */
  reason: text('reason'),
  createdBy: integer('created_by'),
  createdByName: text('created_by_name'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('meeting_rules_type_from_idx').on(t.meetingType, t.effectiveFrom),
  check('meeting_rules_period_chk', sql`${t.period} in ('month','quarter','year')`),
]);

export const meetings = pgTable('meetings', {
  id: serial('id').primaryKey(),
  countyId: integer('county_id').notNull(),
  orgId: integer('org_id').notNull().references(() => orgs.id),
  meetingType: text('meeting_type').notNull().$type<MeetingType>(),
  heldOn: date('held_on').notNull(),
  place: text('place'),
  host: text('host'),
  recorder: text('recorder'),
  topic: text('topic').notNull(),
  minutes: text('minutes'),
  /** general meetings: [{ text, yes, no, abstain }] */
  resolutions: jsonb('resolutions').$type<{ text: string; yes: number; no: number; abstain: number }[]>(),
  status: text('status').notNull().default('draft').$type<'draft' | 'submitted'>(),
  submittedAt: timestamp('submitted_at', { withTimezone: true }),
  isLate: boolean('is_late').notNull().default(false),
  expectedCount: integer('expected_count').notNull().default(0),
  presentCount: integer('present_count').notNull().default(0),
  /** voting members present / entitled, for general meetings */
  votingPresent: integer('voting_present').notNull().default(0),
  votingTotal: integer('voting_total').notNull().default(0),
  revision: integer('revision').notNull().default(0),
  version: integer('version').notNull().default(1),
  createdBy: integer('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('meetings_org_held_idx').on(t.orgId, t.heldOn),
  index('meetings_county_held_idx').on(t.countyId, t.heldOn),
  check('meetings_status_chk', sql`${t.status} in ('draft','submitted')`),
  check('meetings_type_chk', sql`${t.meetingType} in ('general_meeting','committee_meeting','group_meeting','party_lecture','themed_party_day','life_meeting','member_appraisal','heart_talk')`),
]);

export const meetingAttendance = pgTable('meeting_attendance', {
  id: serial('id').primaryKey(),
  meetingId: integer('meeting_id').notNull().references(() => meetings.id),
  memberId: integer('member_id').notNull(),
  status: text('status').notNull().$type<'present' | 'leave' | 'absent'>(),
  reason: text('reason'),
}, (t) => [
  uniqueIndex('meeting_attendance_meeting_member_idx').on(t.meetingId, t.memberId),
  index('meeting_attendance_member_idx').on(t.memberId),
  check('meeting_attendance_status_chk', sql`${t.status} in ('present','leave','absent')`),
]);

/** Each submitted state of a record, kept: a correction is a new revision, never an overwrite. */
export const meetingRevisions = pgTable('meeting_revisions', {
  id: serial('id').primaryKey(),
  meetingId: integer('meeting_id').notNull().references(() => meetings.id),
  revision: integer('revision').notNull(),
  snapshot: jsonb('snapshot').notNull(),
  actorId: integer('actor_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('meeting_revisions_meeting_rev_idx').on(t.meetingId, t.revision)]);

/** Evidence files, stored once per content (sha256), whoever uploads them. */
export const storedFiles = pgTable('stored_files', {
  id: serial('id').primaryKey(),
  sha256: text('sha256').notNull(),
  size: integer('size').notNull(),
  contentType: text('content_type').notNull(),
  content: customBytea('content').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('stored_files_sha256_idx').on(t.sha256)]);

/** Photos and scanned sign-in sheets of a meeting: optional evidence, never a condition of completeness. */
export const meetingAttachments = pgTable('meeting_attachments', {
  id: serial('id').primaryKey(),
  meetingId: integer('meeting_id').notNull().references(() => meetings.id),
  fileId: integer('file_id').notNull().references(() => storedFiles.id),
  fileName: text('file_name').notNull(),
  createdBy: integer('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('meeting_attachments_meeting_idx').on(t.meetingId)]);

export { APPRAISAL_GRADES as GRADES };
export type Grade = AppraisalGrade;

/** 民主评议党员 results: one row per decision; a correction is a newer row, the latest counts. Append-only. */
export const memberAppraisals = pgTable('member_appraisals', {
  id: serial('id').primaryKey(),
  countyId: integer('county_id').notNull(),
  orgId: integer('org_id').notNull().references(() => orgs.id),
  memberId: integer('member_id').notNull(),
  year: integer('year').notNull(),
  grade: text('grade').notNull().$type<Grade>(),
  followUp: text('follow_up'),
  createdBy: integer('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('member_appraisals_org_year_idx').on(t.orgId, t.year),
  check('member_appraisals_grade_chk', sql`${t.grade} in ('excellent','qualified','basically_qualified','unqualified')`),
]);

/** 谈心谈话 log. Append-only. */
export const heartTalks = pgTable('heart_talks', {
  id: serial('id').primaryKey(),
  countyId: integer('county_id').notNull(),
  orgId: integer('org_id').notNull().references(() => orgs.id),
  memberId: integer('member_id').notNull(),
  talkerName: text('talker_name').notNull(),
  talkedOn: date('talked_on').notNull(),
  summary: text('summary').notNull(),
  createdBy: integer('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('heart_talks_org_idx').on(t.orgId, t.talkedOn)]);

/** 设岗定责: duty posts for members without a formal post. A county-wide catalogue (orgId null) or a branch's own. */
export const dutyPosts = pgTable('duty_posts', {
  id: serial('id').primaryKey(),
  countyId: integer('county_id'),
  orgId: integer('org_id'),
  name: text('name').notNull(),
  description: text('description'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A member's duty post for a year, with the year's performance note. Ended, never deleted. */
export const dutyAssignments = pgTable('duty_assignments', {
  id: serial('id').primaryKey(),
  countyId: integer('county_id').notNull(),
  orgId: integer('org_id').notNull(),
  memberId: integer('member_id').notNull(),
  postId: integer('post_id').notNull().references(() => dutyPosts.id),
  year: integer('year').notNull(),
  performanceNote: text('performance_note'),
  createdBy: integer('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('duty_assignments_org_year_idx').on(t.orgId, t.year)]);

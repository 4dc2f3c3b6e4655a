import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, jsonb, numeric, pgTable, primaryKey, serial, text, timestamp } from 'drizzle-orm/pg-core';
import type { Attachment } from '../inspections/tables.js';
import { PLAN_KINDS, ASPECTS, COMPARATORS, TASK_STATUSES, SELF_RATINGS, GAP_CATEGORIES, CAMPAIGN_STAGES, type PlanKind, type Aspect, type Comparator, type TaskStatus, type GapCategory, type CampaignStage } from '../../../shared/codes.js';
export { PLAN_KINDS, ASPECTS, COMPARATORS, TASK_STATUSES, SELF_RATINGS, GAP_CATEGORIES, CAMPAIGN_STAGES, type PlanKind, type Aspect, type Comparator, type TaskStatus, type GapCategory, type CampaignStage };

/** The six aspects of the three-year plan (docs/rules.md §7); work points use them too, so every figure sorts the same way. */

/** 三年规划 / 五年规划 / 年度工作要点 of an org (the county committee, or a township for its own work points). */
export const plans = pgTable('plans', {
  id: serial('id').primaryKey(),
  countyId: integer('county_id').notNull(),
  ownerOrgId: integer('owner_org_id').notNull(),
  kind: text('kind').notNull().$type<PlanKind>(),
  title: text('title').notNull(),
  startYear: integer('start_year').notNull(),
  endYear: integer('end_year').notNull(),
  createdBy: integer('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  version: integer('version').notNull().default(1),
}, (t) => [
  index('plans_county_idx').on(t.countyId, t.endYear),
  check('plans_years_chk', sql`${t.endYear} >= ${t.startYear} and ${t.endYear} - ${t.startYear} < 10`),
]);

/** 目标: a goal under one aspect of a plan. */
export const planGoals = pgTable('plan_goals', {
  id: serial('id').primaryKey(),
  planId: integer('plan_id').notNull(),
  aspect: text('aspect').notNull().$type<Aspect>(),
  title: text('title').notNull(),
  sort: integer('sort').notNull().default(0),
}, (t) => [index('plan_goals_plan_idx').on(t.planId)]);

/**
 * 指标: a measurable target of a goal. Bound to a metric of the catalogue (its value is read live, in percent)
 * or manual (its value is the latest report with evidence). Targets are in the metric's unit: percent for rates.
 */
export const planTargets = pgTable('plan_targets', {
  id: serial('id').primaryKey(),
  planId: integer('plan_id').notNull(),
  goalId: integer('goal_id').notNull(),
  countyId: integer('county_id').notNull(),
  title: text('title').notNull(),
  metricKey: text('metric_key'),
  comparator: text('comparator').notNull().$type<Comparator>().default('gte'),
  targetValue: numeric('target_value', { mode: 'number' }).notNull(),
  baseline: numeric('baseline', { mode: 'number' }).notNull(),
  unit: text('unit').notNull().default('%'),
  /** the org answerable for it; the plan's owner unless handed down */
  responsibleOrgId: integer('responsible_org_id').notNull(),
  createdBy: integer('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  /** raised by each adjustment (plan_target_revisions); a stale form is refused */
  version: integer('version').notNull().default(1),
}, (t) => [index('plan_targets_plan_idx').on(t.planId), check('plan_targets_cmp_chk', sql`${t.comparator} in ('gte','lte')`)]);

/** 指标调整: each change of a target's name, target value or baseline, with what it was, what it became and why; append-only. */
export const planTargetRevisions = pgTable('plan_target_revisions', {
  id: serial('id').primaryKey(),
  targetId: integer('target_id').notNull(),
  before: jsonb('before').notNull().$type<TargetTerms>(),
  after: jsonb('after').notNull().$type<TargetTerms>(),
  reason: text('reason').notNull(),
  actorId: integer('actor_id'),
  actorName: text('actor_name').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('plan_target_revisions_idx').on(t.targetId)]);

export type TargetTerms = { title: string; targetValue: number; baseline: number };

/** A manual target's reported value with its evidence: append-only, the latest counts. */
export const planTargetReports = pgTable('plan_target_reports', {
  id: serial('id').primaryKey(),
  targetId: integer('target_id').notNull(),
  value: numeric('value', { mode: 'number' }).notNull(),
  reportedOn: date('reported_on').notNull(),
  note: text('note').notNull(),
  attachments: jsonb('attachments').notNull().$type<Attachment[]>().default([]),
  reportedBy: integer('reported_by'),
  reportedByName: text('reported_by_name').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('plan_target_reports_idx').on(t.targetId, t.id)]);


/**
 * 任务: work handed down level by level (一级抓一级): the county assigns a task to a township, the township
 * breaks it down for its branches (`parentId`). `status` is maintained from the reports: done when the
 * responsible org reports it complete, closed when the assigning org accepts the deliverable.
 */
export const planTasks = pgTable('plan_tasks', {
  id: serial('id').primaryKey(),
  planId: integer('plan_id').notNull(),
  countyId: integer('county_id').notNull(),
  targetId: integer('target_id'),
  parentId: integer('parent_id'),
  orgId: integer('org_id').notNull(),
  assignedByOrgId: integer('assigned_by_org_id').notNull(),
  title: text('title').notNull(),
  deliverable: text('deliverable').notNull(),
  deadline: date('deadline').notNull(),
  status: text('status').notNull().$type<TaskStatus>().default('open'),
  percent: integer('percent').notNull().default(0),
  /** a mid-term review gap this task was raised from */
  reviewGapId: integer('review_gap_id'),
  closedOn: date('closed_on'),
  createdBy: integer('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  version: integer('version').notNull().default(1),
}, (t) => [
  index('plan_tasks_plan_idx').on(t.planId),
  index('plan_tasks_org_idx').on(t.orgId, t.status),
  check('plan_tasks_status_chk', sql`${t.status} in ('open','done','closed')`),
  check('plan_tasks_percent_chk', sql`${t.percent} between 0 and 100`),
]);

/** 进展报送: append-only. */
export const planTaskReports = pgTable('plan_task_reports', {
  id: serial('id').primaryKey(),
  taskId: integer('task_id').notNull(),
  reportedOn: date('reported_on').notNull(),
  percent: integer('percent').notNull(),
  note: text('note').notNull(),
  complete: boolean('complete').notNull().default(false),
  attachments: jsonb('attachments').notNull().$type<Attachment[]>().default([]),
  reportedBy: integer('reported_by'),
  reportedByName: text('reported_by_name').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('plan_task_reports_idx').on(t.taskId, t.id)]);

/** Evidence uploaded to a plan (for a target or a task report), cited by the report: append-only. */
export const planFiles = pgTable('plan_files', {
  id: serial('id').primaryKey(),
  planId: integer('plan_id').notNull(),
  orgId: integer('org_id').notNull(),
  fileId: integer('file_id').notNull(),
  name: text('name').notNull(),
  contentType: text('content_type').notNull(),
  uploadedBy: integer('uploaded_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('plan_files_plan_idx').on(t.planId)]);

/** 中期评估: a review round of a plan as of a date. */
export const planReviews = pgTable('plan_reviews', {
  id: serial('id').primaryKey(),
  planId: integer('plan_id').notNull(),
  countyId: integer('county_id').notNull(),
  title: text('title').notNull(),
  asOf: date('as_of').notNull(),
  selfDueOn: date('self_due_on').notNull(),
  createdBy: integer('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('plan_reviews_plan_idx').on(t.planId)]);


/** 自评: one per responsible org and review; a correction is a new entry, the latest counts. */
export const reviewSelfAssessments = pgTable('review_self_assessments', {
  id: serial('id').primaryKey(),
  reviewId: integer('review_id').notNull(),
  orgId: integer('org_id').notNull(),
  rating: text('rating').notNull().$type<(typeof SELF_RATINGS)[number]>(),
  achievements: text('achievements').notNull(),
  shortfalls: text('shortfalls').notNull(),
  nextSteps: text('next_steps').notNull(),
  submittedBy: integer('submitted_by'),
  submittedByName: text('submitted_by_name').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('review_self_idx').on(t.reviewId, t.orgId, t.id)]);


/** A checklist line acted on: the gap as it stood and what it was turned into (a rectification item or a task). Append-only. */
export const reviewGaps = pgTable('review_gaps', {
  id: serial('id').primaryKey(),
  reviewId: integer('review_id').notNull(),
  lineKey: text('line_key').notNull(),
  category: text('category').notNull().$type<GapCategory>(),
  gap: text('gap').notNull(),
  rectificationItemId: integer('rectification_item_id'),
  taskId: integer('task_id'),
  createdBy: integer('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('review_gaps_review_idx').on(t.reviewId, t.lineKey)]);


/** 载体活动 (e.g. a "五星支部" creation): piloted in a few orgs, summed up, rolled out to the branches of a range. */
export const campaigns = pgTable('campaigns', {
  id: serial('id').primaryKey(),
  countyId: integer('county_id').notNull(),
  ownerOrgId: integer('owner_org_id').notNull(),
  title: text('title').notNull(),
  description: text('description').notNull(),
  criteria: jsonb('criteria').notNull().$type<string[]>(),
  stage: text('stage').notNull().$type<CampaignStage>().default('pilot'),
  startedOn: date('started_on').notNull(),
  /** the rollout reaches the branches of this org and below, of these categories (all when empty) */
  rolloutOrgId: integer('rollout_org_id').notNull(),
  rolloutCategories: jsonb('rollout_categories').notNull().$type<string[]>().default([]),
  createdBy: integer('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  version: integer('version').notNull().default(1),
}, (t) => [index('campaigns_county_idx').on(t.countyId), check('campaigns_stage_chk', sql`${t.stage} in ('pilot','summary','rollout','closed')`)]);

/** Stage changes with the summary of experience that justified them: append-only. */
export const campaignStageEvents = pgTable('campaign_stage_events', {
  id: serial('id').primaryKey(),
  campaignId: integer('campaign_id').notNull(),
  stage: text('stage').notNull().$type<CampaignStage>(),
  happenedOn: date('happened_on').notNull(),
  summary: text('summary').notNull(),
  actorId: integer('actor_id'),
  actorName: text('actor_name').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('campaign_stage_events_idx').on(t.campaignId, t.id)]);

/** An org taking part: a pilot, or joined in the rollout; `metOn` when the owner confirms it meets the criteria. */
export const campaignOrgs = pgTable('campaign_orgs', {
  campaignId: integer('campaign_id').notNull(),
  orgId: integer('org_id').notNull(),
  countyId: integer('county_id').notNull(),
  role: text('role').notNull().$type<'pilot' | 'rollout'>(),
  joinedOn: date('joined_on').notNull(),
  metOn: date('met_on'),
  metNote: text('met_note'),
}, (t) => [primaryKey({ columns: [t.campaignId, t.orgId] }), index('campaign_orgs_org_idx').on(t.orgId)]);

/** 工作报送 / 亮点: what a participating org did, with optional photos; append-only. */
export const campaignReports = pgTable('campaign_reports', {
  id: serial('id').primaryKey(),
  campaignId: integer('campaign_id').notNull(),
  orgId: integer('org_id').notNull(),
  title: text('title').notNull(),
  body: text('body').notNull(),
  highlight: boolean('highlight').notNull().default(false),
  attachments: jsonb('attachments').notNull().$type<Attachment[]>().default([]),
  reportedOn: date('reported_on').notNull(),
  reportedBy: integer('reported_by'),
  reportedByName: text('reported_by_name').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('campaign_reports_idx').on(t.campaignId, t.id)]);

/** Photos uploaded for a campaign report before it is sent: append-only. */
export const campaignFiles = pgTable('campaign_files', {
  id: serial('id').primaryKey(),
  campaignId: integer('campaign_id').notNull(),
  orgId: integer('org_id').notNull(),
  fileId: integer('file_id').notNull(),
  name: text('name').notNull(),
  contentType: text('content_type').notNull(),
  uploadedBy: integer('uploaded_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('campaign_files_idx').on(t.campaignId)]);

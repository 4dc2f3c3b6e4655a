import { sql } from 'drizzle-orm';
import { check, date, index, integer, jsonb, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { FINDING_CATEGORIES, SEVERITIES, RECTIFICATION_SOURCES, RECTIFICATION_STATUSES, EVENT_KINDS, type FindingCategory, type Severity, type RectificationSource, type RectificationStatus, type EventKind } from '../../../shared/codes.js';
export { FINDING_CATEGORIES, SEVERITIES, RECTIFICATION_SOURCES, RECTIFICATION_STATUSES, EVENT_KINDS, type FindingCategory, type Severity, type RectificationSource, type RectificationStatus, type EventKind };

export type Attachment = { fileId: number; name: string; contentType: string };
export type ChecklistItem = { code: string; text: string; category: string };


/** 巡察督查计划: a period, the orgs it covers (a subtree), the team and a checklist copied from a template. */
export const inspectionPlans = pgTable('inspection_plans', {
  id: serial('id').primaryKey(),
  countyId: integer('county_id').notNull(),
  ownerOrgId: integer('owner_org_id').notNull(),
  title: text('title').notNull(),
  periodStart: date('period_start').notNull(),
  periodEnd: date('period_end').notNull(),
  /** the orgs inspected: this org and below */
  scopeOrgId: integer('scope_org_id').notNull(),
  team: text('team').notNull(),
  teamMembers: text('team_members'),
  checklist: jsonb('checklist').notNull().$type<ChecklistItem[]>(),
  /** where findings linked to an indicator deduct points (an assessment scheme of the same year), optional */
  schemeId: integer('scheme_id'),
  /** default days given to rectify a finding */
  rectifyDays: integer('rectify_days').notNull().default(30),
  createdBy: integer('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [check('inspection_plans_period_chk', sql`${t.periodEnd} >= ${t.periodStart}`), index('inspection_plans_county_idx').on(t.countyId)]);

/** One visit of the team to one org. */
export const inspectionVisits = pgTable('inspection_visits', {
  id: serial('id').primaryKey(),
  countyId: integer('county_id').notNull(),
  planId: integer('plan_id').notNull(),
  orgId: integer('org_id').notNull(),
  visitedOn: date('visited_on').notNull(),
  inspectors: text('inspectors').notNull(),
  summary: text('summary'),
  createdBy: integer('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('inspection_visits_plan_idx').on(t.planId, t.orgId)]);

/** 督查发现: a fact, never edited; a wrong one is withdrawn by closing its rectification with a note. */
export const inspectionFindings = pgTable('inspection_findings', {
  id: serial('id').primaryKey(),
  countyId: integer('county_id').notNull(),
  planId: integer('plan_id').notNull(),
  visitId: integer('visit_id'),
  orgId: integer('org_id').notNull(),
  foundOn: date('found_on').notNull(),
  checklistCode: text('checklist_code'),
  category: text('category').notNull().$type<FindingCategory>(),
  severity: text('severity').notNull().$type<Severity>(),
  description: text('description').notNull(),
  attachments: jsonb('attachments').notNull().$type<Attachment[]>().default([]),
  /** the assessment indicator this finding deducts from, and the assessment finding recorded there */
  indicatorId: integer('indicator_id'),
  assessmentFindingId: integer('assessment_finding_id'),
  recordedBy: integer('recorded_by'),
  recordedByName: text('recorded_by_name').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('inspection_findings_plan_idx').on(t.planId),
  index('inspection_findings_org_idx').on(t.orgId),
  check('inspection_findings_severity_chk', sql`${t.severity} in ('minor','general','serious')`),
]);


/**
 * 整改事项: every problem, whatever its source, until the checker accepts it and it is closed (销号).
 * `status`, `lastProgressOn` and `escalatedToOrgId` are maintained from the events in the same transaction.
 */
export const rectificationItems = pgTable('rectification_items', {
  id: serial('id').primaryKey(),
  countyId: integer('county_id').notNull(),
  orgId: integer('org_id').notNull(),
  responsiblePerson: text('responsible_person').notNull(),
  source: text('source').notNull().$type<RectificationSource>(),
  findingId: integer('finding_id'),
  sourceRef: text('source_ref'),
  title: text('title').notNull(),
  description: text('description').notNull(),
  foundOn: date('found_on').notNull(),
  deadline: date('deadline').notNull(),
  measures: text('measures'),
  /** who accepts and closes: the org that raised it (inspection owner, county for weak orgs) */
  checkerOrgId: integer('checker_org_id').notNull(),
  status: text('status').notNull().$type<RectificationStatus>().default('open'),
  lastProgressOn: date('last_progress_on'),
  escalatedToOrgId: integer('escalated_to_org_id'),
  returnedTimes: integer('returned_times').notNull().default(0),
  acceptedOn: date('accepted_on'),
  closedOn: date('closed_on'),
  createdBy: integer('created_by'),
  createdByName: text('created_by_name').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  version: integer('version').notNull().default(1),
}, (t) => [
  index('rectification_items_org_idx').on(t.orgId, t.status),
  index('rectification_items_county_idx').on(t.countyId, t.status, t.deadline),
  check('rectification_items_deadline_chk', sql`${t.deadline} >= ${t.foundOn}`),
  check('rectification_items_status_chk', sql`${t.status} in ('open','in_progress','pending_acceptance','accepted','closed')`),
]);


/** What happened to an item, in order: append-only (trigger). */
export const rectificationEvents = pgTable('rectification_events', {
  id: serial('id').primaryKey(),
  itemId: integer('item_id').notNull(),
  kind: text('kind').notNull().$type<EventKind>(),
  note: text('note'),
  attachments: jsonb('attachments').notNull().$type<Attachment[]>().default([]),
  happenedOn: date('happened_on').notNull(),
  actorId: integer('actor_id'),
  actorName: text('actor_name').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('rectification_events_item_idx').on(t.itemId, t.id)]);

/** Evidence uploaded for an item (photos, scans), before the progress report that cites it. Append-only. */
export const rectificationFiles = pgTable('rectification_files', {
  id: serial('id').primaryKey(),
  itemId: integer('item_id').notNull(),
  fileId: integer('file_id').notNull(),
  name: text('name').notNull(),
  contentType: text('content_type').notNull(),
  uploadedBy: integer('uploaded_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('rectification_files_item_idx').on(t.itemId)]);

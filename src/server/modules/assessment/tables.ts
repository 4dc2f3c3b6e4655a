import { sql } from 'drizzle-orm';
import {
  bigserial, bigint, boolean, check, date, index, integer, jsonb, numeric, pgTable, primaryKey, serial, text, timestamp, uniqueIndex, uuid,
} from 'drizzle-orm/pg-core';
import { SCHEME_STATUSES, METHODS, CHANNELS, ACTION_KINDS, type SchemeStatus, type Method, type Channel, type ActionKind, type DailyRecordStatus } from '../../../shared/codes.js';
export { SCHEME_STATUSES, METHODS, CHANNELS, ACTION_KINDS, type SchemeStatus, type Method, type Channel, type ActionKind, type DailyRecordStatus };

/** Where a scheme stands: built (draft) → locked and scored → reviewed → results shown to orgs with an objection window → final. */

/**
 * How a leaf indicator is scored. `group` is an inner node. Every method ends in ledger entries:
 * manual (a scorer's points), metric (a named platform metric), deduction (findings), bonus, veto (a flag),
 * daily (approved daily records), ballot (year-end evaluation), duty (duty report review panel).
 */

export type RankGroup = { key: string; label: string; categories: string[] };
export type GradeRule = { excellent: number; good: number; fair: number; excellentQuota: number | null };

/** 考核方案: one per owner org and year (a new version is a copy); an owner may be the county or a committee under it (cascade). */
export const assessmentSchemes = pgTable('assessment_schemes', {
  id: serial('id').primaryKey(),
  countyId: integer('county_id').notNull(),
  ownerOrgId: integer('owner_org_id').notNull(),
  year: integer('year').notNull(),
  name: text('name').notNull(),
  version: integer('version').notNull().default(1),
  copiedFromId: integer('copied_from_id'),
  /** the scheme of the level above that this one follows (一级抓一级); differences need a recorded approval */
  baseSchemeId: integer('base_scheme_id'),
  deviationApproval: text('deviation_approval'),
  status: text('status').notNull().$type<SchemeStatus>().default('draft'),
  groups: jsonb('groups').notNull().$type<RankGroup[]>(),
  orgTypes: jsonb('org_types').notNull().$type<string[]>(),
  gradeRule: jsonb('grade_rule').notNull().$type<GradeRule>(),
  bonusCap: numeric('bonus_cap').notNull().default('0'),
  objectionDays: integer('objection_days').notNull().default(7),
  /**
   * 无适用对象: the share of an indicator's points a platform metric gives an org it has nothing to measure in
   * (no floating members to reach, no rectification item due). A vacancy is never this: post-based metrics give 0.
   */
  notApplicableShare: numeric('not_applicable_share').notNull().default('1'),
  objectionUntil: date('objection_until'),
  publishedAt: timestamp('published_at', { withTimezone: true }),
  resultsAt: timestamp('results_at', { withTimezone: true }),
  finalAt: timestamp('final_at', { withTimezone: true }),
  rev: integer('rev').notNull().default(1),
  /** the ledger seq the live results were derived at (null: none yet) */
  liveSeq: integer('live_seq'),
  createdBy: integer('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('assessment_schemes_owner_idx').on(t.countyId, t.year),
  check('assessment_schemes_status_chk', sql`${t.status} in ('draft','scoring','review','objection','final')`),
]);

/** The orgs a published scheme assesses, fixed at publication with the rank group each falls in. */
export const assessmentOrgs = pgTable('assessment_orgs', {
  schemeId: integer('scheme_id').notNull(),
  orgId: integer('org_id').notNull(),
  countyId: integer('county_id').notNull(),
  groupKey: text('group_key').notNull(),
}, (t) => [primaryKey({ columns: [t.schemeId, t.orgId] })]);

/** 考核指标: a tree. Leaves carry the scoring method; weights multiply down the tree. */
export const assessmentIndicators = pgTable('assessment_indicators', {
  id: serial('id').primaryKey(),
  schemeId: integer('scheme_id').notNull(),
  parentId: integer('parent_id'),
  code: text('code').notNull(),
  name: text('name').notNull(),
  sort: integer('sort').notNull().default(0),
  method: text('method').notNull().$type<Method>(),
  maxPoints: numeric('max_points').notNull().default('0'),
  weight: numeric('weight').notNull().default('1'),
  /** deduction per finding, points per approved daily record, bonus per item */
  perItem: numeric('per_item'),
  metricKey: text('metric_key'),
  /** the metric value that earns full points (e.g. 0.95); below it points are proportional */
  metricTarget: numeric('metric_target'),
  vetoEffect: text('veto_effect').$type<'poor' | 'no_excellent'>(),
  criteria: text('criteria'),
  copiedFromId: integer('copied_from_id'),
}, (t) => [
  index('assessment_indicators_scheme_idx').on(t.schemeId),
  check('assessment_indicators_method_chk', sql`${t.method} in ('group','manual','metric','deduction','bonus','veto','daily','ballot','duty')`),
  check('assessment_indicators_max_chk', sql`${t.maxPoints} >= 0 and ${t.weight} > 0`),
]);

/** 得分台账: append-only, hash-chained per scheme (seq 1, 2, …). A correction is a reversing entry. */
export const scoreEntries = pgTable('score_entries', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  schemeId: integer('scheme_id').notNull(),
  seq: integer('seq').notNull(),
  countyId: integer('county_id').notNull(),
  orgId: integer('org_id').notNull(),
  indicatorId: integer('indicator_id').notNull(),
  points: numeric('points', { precision: 8, scale: 2 }).notNull(),
  channel: text('channel').notNull().$type<Channel>(),
  evidenceKind: text('evidence_kind'),
  evidenceId: integer('evidence_id'),
  reason: text('reason'),
  reversesId: bigint('reverses_id', { mode: 'number' }),
  schemeVersion: integer('scheme_version').notNull(),
  recordedBy: integer('recorded_by'),
  recordedByName: text('recorded_by_name').notNull(),
  approvedBy: integer('approved_by'),
  approvedByName: text('approved_by_name'),
  recordedAt: timestamp('recorded_at', { withTimezone: true, precision: 3 }).notNull(),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
}, (t) => [
  uniqueIndex('score_entries_seq_uq').on(t.schemeId, t.seq),
  index('score_entries_org_idx').on(t.schemeId, t.orgId, t.indicatorId),
]);

/**
 * Maintained sums of the ledger per org and indicator, updated in the transaction that appends the entries
 * (the scheme row is locked there); `rebuildScoreSums` recomputes them from the ledger and must agree.
 */
export const scoreSums = pgTable('score_sums', {
  schemeId: integer('scheme_id').notNull(),
  orgId: integer('org_id').notNull(),
  indicatorId: integer('indicator_id').notNull(),
  countyId: integer('county_id').notNull(),
  raw: numeric('raw', { precision: 12, scale: 2 }).notNull(),
  entries: integer('entries').notNull(),
}, (t) => [primaryKey({ columns: [t.schemeId, t.orgId, t.indicatorId] })]);

/**
 * Per rank group, kept with the live results for the explanation page: for each leaf indicator the group's
 * average shown score, and under indicator 0 the average total; `orgs` is the group's size.
 */
export const assessmentGroupScores = pgTable('assessment_group_scores', {
  schemeId: integer('scheme_id').notNull(),
  groupKey: text('group_key').notNull(),
  indicatorId: integer('indicator_id').notNull(),
  average: numeric('average').notNull(),
  orgs: integer('orgs').notNull(),
}, (t) => [primaryKey({ columns: [t.schemeId, t.groupKey, t.indicatorId] })]);

type Attachment = { fileId: number; name: string; contentType: string };

/** 日常记实: an org's work record against an indicator; a reviewer approves (→ ledger) or rejects with a reason. */
export const dailyRecords = pgTable('daily_records', {
  id: serial('id').primaryKey(),
  countyId: integer('county_id').notNull(),
  schemeId: integer('scheme_id').notNull(),
  orgId: integer('org_id').notNull(),
  indicatorId: integer('indicator_id').notNull(),
  title: text('title').notNull(),
  content: text('content').notNull(),
  doneOn: date('done_on').notNull(),
  attachments: jsonb('attachments').notNull().$type<Attachment[]>().default([]),
  status: text('status').notNull().$type<DailyRecordStatus>().default('submitted'),
  submittedBy: integer('submitted_by'),
  submittedByName: text('submitted_by_name').notNull(),
  submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
  reviewedBy: integer('reviewed_by'),
  reviewedByName: text('reviewed_by_name'),
  reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
  reviewNote: text('review_note'),
  points: numeric('points', { precision: 8, scale: 2 }),
  entryId: bigint('entry_id', { mode: 'number' }),
}, (t) => [index('daily_records_scheme_idx').on(t.schemeId, t.status), index('daily_records_org_idx').on(t.orgId)]);

/** 督查发现 as assessment sees them: a finding against an org and a deduction indicator, with its deduction. */
export const assessmentFindings = pgTable('assessment_findings', {
  id: serial('id').primaryKey(),
  countyId: integer('county_id').notNull(),
  schemeId: integer('scheme_id').notNull(),
  orgId: integer('org_id').notNull(),
  indicatorId: integer('indicator_id').notNull(),
  team: text('team').notNull(),
  foundOn: date('found_on').notNull(),
  description: text('description').notNull(),
  occurrences: integer('occurrences').notNull().default(1),
  attachments: jsonb('attachments').notNull().$type<Attachment[]>().default([]),
  entryId: bigint('entry_id', { mode: 'number' }),
  recordedBy: integer('recorded_by'),
  recordedByName: text('recorded_by_name').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('assessment_findings_scheme_idx').on(t.schemeId, t.orgId)]);

export type BallotChoice = { label: string; score: number };

/** 年末测评: a ballot campaign over the scheme's orgs, scored into one indicator. */
export const ballotCampaigns = pgTable('ballot_campaigns', {
  id: serial('id').primaryKey(),
  countyId: integer('county_id').notNull(),
  schemeId: integer('scheme_id').notNull(),
  indicatorId: integer('indicator_id').notNull(),
  name: text('name').notNull(),
  opensAt: timestamp('opens_at', { withTimezone: true }).notNull(),
  closesAt: timestamp('closes_at', { withTimezone: true }).notNull(),
  choices: jsonb('choices').notNull().$type<BallotChoice[]>(),
  countedAt: timestamp('counted_at', { withTimezone: true }),
  createdBy: integer('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [check('ballot_campaigns_time_chk', sql`${t.closesAt} > ${t.opensAt}`)]);

/** Rater groups with weights (leaders 40%, peers 30%, members 30%). */
export const ballotGroups = pgTable('ballot_groups', {
  id: serial('id').primaryKey(),
  campaignId: integer('campaign_id').notNull(),
  name: text('name').notNull(),
  weight: numeric('weight').notNull(),
}, (t) => [check('ballot_groups_weight_chk', sql`${t.weight} > 0`)]);

/** One single-use token per rater; only its hash is kept. Nothing links a token to the ballot it cast. */
export const ballotTokens = pgTable('ballot_tokens', {
  id: serial('id').primaryKey(),
  campaignId: integer('campaign_id').notNull(),
  groupId: integer('group_id').notNull(),
  seq: integer('seq').notNull(),
  tokenHash: text('token_hash').notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
}, (t) => [uniqueIndex('ballot_tokens_hash_uq').on(t.tokenHash), index('ballot_tokens_campaign_idx').on(t.campaignId, t.groupId)]);

/** A cast ballot: a random id, its group, no time, no token. */
export const ballots = pgTable('ballots', {
  id: uuid('id').primaryKey().defaultRandom(),
  campaignId: integer('campaign_id').notNull(),
  groupId: integer('group_id').notNull(),
}, (t) => [index('ballots_campaign_idx').on(t.campaignId)]);

export const ballotMarks = pgTable('ballot_marks', {
  ballotId: uuid('ballot_id').notNull(),
  orgId: integer('org_id').notNull(),
  choice: integer('choice').notNull(),
}, (t) => [index('ballot_marks_ballot_idx').on(t.ballotId)]);

/** 述职评议: one panel member's score for one org's secretary report. */
export const dutyScores = pgTable('duty_scores', {
  id: serial('id').primaryKey(),
  countyId: integer('county_id').notNull(),
  schemeId: integer('scheme_id').notNull(),
  indicatorId: integer('indicator_id').notNull(),
  orgId: integer('org_id').notNull(),
  reviewerId: integer('reviewer_id').notNull(),
  reviewerName: text('reviewer_name').notNull(),
  score: numeric('score', { precision: 8, scale: 2 }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('duty_scores_uq').on(t.indicatorId, t.orgId, t.reviewerId)]);

export type ObjectionStatus = 'open' | 'upheld' | 'rejected';

/** 异议: an org objects to a ledger entry during the objection window; the decision and any correction are kept. */
export const scoreObjections = pgTable('score_objections', {
  id: serial('id').primaryKey(),
  countyId: integer('county_id').notNull(),
  schemeId: integer('scheme_id').notNull(),
  orgId: integer('org_id').notNull(),
  entryId: bigint('entry_id', { mode: 'number' }).notNull(),
  reason: text('reason').notNull(),
  filedBy: integer('filed_by'),
  filedByName: text('filed_by_name').notNull(),
  filedAt: timestamp('filed_at', { withTimezone: true }).notNull().defaultNow(),
  status: text('status').notNull().$type<ObjectionStatus>().default('open'),
  decision: text('decision'),
  decidedByName: text('decided_by_name'),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  correctionEntryId: bigint('correction_entry_id', { mode: 'number' }),
}, (t) => [index('score_objections_scheme_idx').on(t.schemeId)]);

/** The results as published (at the objection stage and again when final): what circulars and bans point to. */
export const assessmentResults = pgTable('assessment_results', {
  id: serial('id').primaryKey(),
  schemeId: integer('scheme_id').notNull(),
  /** live: derived from the ledger at `assessment_schemes.live_seq`, replaced when the ledger has moved on; objection and final: snapshots */
  stage: text('stage').notNull().$type<'live' | 'objection' | 'final'>(),
  orgId: integer('org_id').notNull(),
  groupKey: text('group_key').notNull(),
  total: numeric('total', { precision: 8, scale: 2 }).notNull(),
  rank: integer('rank').notNull(),
  grade: text('grade').notNull(),
  vetoed: boolean('vetoed').notNull().default(false),
  computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('assessment_results_uq').on(t.schemeId, t.stage, t.orgId), index('assessment_results_rank_idx').on(t.schemeId, t.stage, t.groupKey, t.total)]);


/** 问责: circulars, rectification interviews, honour bans and organisational adjustments, each tied to the results that caused it. */
export const accountabilityActions = pgTable('accountability_actions', {
  id: serial('id').primaryKey(),
  countyId: integer('county_id').notNull(),
  schemeId: integer('scheme_id').notNull(),
  orgId: integer('org_id'),
  kind: text('kind').notNull().$type<ActionKind>(),
  title: text('title').notNull(),
  docNo: text('doc_no'),
  happenedOn: date('happened_on').notNull(),
  persons: text('persons'),
  problems: text('problems'),
  commitments: text('commitments'),
  followUp: text('follow_up'),
  decision: text('decision'),
  body: text('body'),
  createdBy: integer('created_by'),
  createdByName: text('created_by_name').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('accountability_actions_scheme_idx').on(t.schemeId, t.kind),
  check('accountability_actions_kind_chk', sql`${t.kind} in ('circular','interview','honour_ban','adjustment')`),
]);

/**
 * 计算口径更正 of a scheme already final: the run that brought its platform-metric entries to the rule now in force,
 * with the reason, the ledger range it wrote and who ran it. The old final results are kept in the changes below.
 */
export const assessmentCorrections = pgTable('assessment_corrections', {
  id: serial('id').primaryKey(),
  countyId: integer('county_id').notNull(),
  schemeId: integer('scheme_id').notNull(),
  reason: text('reason').notNull(),
  firstSeq: integer('first_seq').notNull(),
  lastSeq: integer('last_seq').notNull(),
  createdBy: integer('created_by'),
  createdByName: text('created_by_name').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('assessment_corrections_scheme_idx').on(t.schemeId)]);

/** Per org whose final result moved in a correction: the total, rank and grade before and after. */
export const assessmentCorrectionChanges = pgTable('assessment_correction_changes', {
  correctionId: integer('correction_id').notNull(),
  orgId: integer('org_id').notNull(),
  oldTotal: numeric('old_total', { precision: 8, scale: 2 }).notNull(),
  newTotal: numeric('new_total', { precision: 8, scale: 2 }).notNull(),
  oldRank: integer('old_rank').notNull(),
  newRank: integer('new_rank').notNull(),
  oldGrade: text('old_grade').notNull(),
  newGrade: text('new_grade').notNull(),
}, (t) => [primaryKey({ columns: [t.correctionId, t.orgId] })]);

import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, jsonb, numeric, pgTable, primaryKey, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { TRIGGER_KEYS, WEAK_CATEGORIES, type TriggerKey } from '../../../shared/codes.js';
export { TRIGGER_KEYS, WEAK_CATEGORIES, type TriggerKey };

/** The measurable triggers a screening run may use (docs/rules.md §5); thresholds live in `weak_org_criteria`. */
export type Criterion = { key: TriggerKey; enabled: boolean; threshold: number | null };
export type TriggerHit = { key: TriggerKey; value: number | string | null; evidence: string };

/** A county's screening criteria for a year: rules as data, with an optional ratio target (应整尽整: may be empty). */
export const weakOrgCriteria = pgTable('weak_org_criteria', {
  id: serial('id').primaryKey(),
  countyId: integer('county_id').notNull(),
  year: integer('year').notNull(),
  criteria: jsonb('criteria').notNull().$type<Criterion[]>(),
  ratioTarget: numeric('ratio_target', { precision: 5, scale: 4 }),
  updatedBy: integer('updated_by'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  version: integer('version').notNull().default(1),
}, (t) => [uniqueIndex('weak_org_criteria_uq').on(t.countyId, t.year)]);

/** One screening run: the criteria as they were, and when. */
export const screeningRuns = pgTable('screening_runs', {
  id: serial('id').primaryKey(),
  countyId: integer('county_id').notNull(),
  year: integer('year').notNull(),
  asOf: date('as_of').notNull(),
  criteria: jsonb('criteria').notNull().$type<Criterion[]>(),
  ratioTarget: numeric('ratio_target', { precision: 5, scale: 4 }),
  screened: integer('screened').notNull(),
  candidates: integer('candidates').notNull(),
  ranBy: integer('ran_by'),
  ranByName: text('ran_by_name').notNull(),
  ranAt: timestamp('ran_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('screening_runs_county_idx').on(t.countyId, t.year)]);

/** An org a run listed, with the evidence for each trigger it met. */
export const screeningCandidates = pgTable('screening_candidates', {
  runId: integer('run_id').notNull(),
  orgId: integer('org_id').notNull(),
  hits: jsonb('hits').notNull().$type<TriggerHit[]>(),
}, (t) => [primaryKey({ columns: [t.runId, t.orgId] })]);


/** 软弱涣散党组织: confirmed by the county; its rectification is one rectification item (source weak_org). */
export const weakOrgs = pgTable('weak_orgs', {
  id: serial('id').primaryKey(),
  countyId: integer('county_id').notNull(),
  year: integer('year').notNull(),
  orgId: integer('org_id').notNull(),
  runId: integer('run_id'),
  categories: jsonb('categories').notNull().$type<string[]>(),
  hits: jsonb('hits').notNull().$type<TriggerHit[]>().default([]),
  reason: text('reason').notNull(),
  contactLeader: text('contact_leader').notNull(),
  firstSecretary: text('first_secretary'),
  rectificationItemId: integer('rectification_item_id').notNull(),
  confirmedBy: integer('confirmed_by'),
  confirmedByName: text('confirmed_by_name').notNull(),
  confirmedAt: timestamp('confirmed_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('weak_orgs_uq').on(t.countyId, t.year, t.orgId), index('weak_orgs_org_idx').on(t.orgId)]);

/**
 * “三无” ledger for villages and communities: one entry per org and year is current (the latest);
 * a correction is a new entry (append-only by trigger).
 */
export const threeLacksEntries = pgTable('three_lacks_entries', {
  id: serial('id').primaryKey(),
  countyId: integer('county_id').notNull(),
  orgId: integer('org_id').notNull(),
  year: integer('year').notNull(),
  hasPersonInCharge: boolean('has_person_in_charge').notNull(),
  personInCharge: text('person_in_charge'),
  /** 村集体经济收入, 万元 */
  collectiveIncome: numeric('collective_income', { precision: 12, scale: 2 }).notNull(),
  /** 服务群众专项经费, 万元 */
  serviceFunds: numeric('service_funds', { precision: 12, scale: 2 }).notNull(),
  hasVenue: boolean('has_venue').notNull(),
  /** 活动场所面积, m² */
  venueArea: numeric('venue_area', { precision: 10, scale: 1 }),
  actions: text('actions'),
  recordedBy: integer('recorded_by'),
  recordedByName: text('recorded_by_name').notNull(),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('three_lacks_org_idx').on(t.orgId, t.year, t.id),
  check('three_lacks_amounts_chk', sql`${t.collectiveIncome} >= 0 and ${t.serviceFunds} >= 0 and coalesce(${t.venueArea}, 0) >= 0`),
]);

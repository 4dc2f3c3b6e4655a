import { sql } from 'drizzle-orm';
import {
  boolean, check, date, index, integer, jsonb, pgTable, serial, smallint, text, timestamp, uniqueIndex,
} from 'drizzle-orm/pg-core';
import { ORG_TYPES, POSTS, type OrgType, type Post } from '../../../shared/codes.js';
export { ORG_TYPES, POSTS, type OrgType, type Post };

export const counties = pgTable('counties', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  regionCode: text('region_code').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** 组织类别 dictionary; rankings and rules are per category. */
export const orgCategories = pgTable('org_categories', {
  code: text('code').primaryKey(),
  label: text('label').notNull(),
  sort: smallint('sort').notNull().default(0),
  /** true for 两新组织 (non-public enterprises and social organisations) */
  isNewEconomicSocial: boolean('is_new_economic_social').notNull().default(false),
});


export const orgs = pgTable('orgs', {
  id: serial('id').primaryKey(),
  countyId: integer('county_id').notNull().references(() => counties.id),
  parentId: integer('parent_id'),
  /** materialised path of ids, e.g. /1/17/342/ */
  path: text('path').notNull(),
  depth: smallint('depth').notNull(),
  name: text('name').notNull(),
  shortName: text('short_name'),
  orgType: text('org_type').notNull().$type<OrgType>(),
  category: text('category').notNull().references(() => orgCategories.code),
  isTemporary: boolean('is_temporary').notNull().default(false),
  unitName: text('unit_name'),
  unitUscc: text('unit_uscc'),
  contactName: text('contact_name'),
  contactPhone: text('contact_phone'),
  foundedOn: date('founded_on'),
  termStart: date('term_start'),
  termEnd: date('term_end'),
  status: text('status').notNull().default('active').$type<'active' | 'dissolved'>(),
  dissolvedOn: date('dissolved_on'),
  dissolvedReason: text('dissolved_reason'),
  sort: integer('sort').notNull().default(0),
  /** maintained with the member facts (see members/service adjustCounts); rebuildable by refreshOrgCounts */
  memberCount: integer('member_count').notNull().default(0),
  subtreeMemberCount: integer('subtree_member_count').notNull().default(0),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('orgs_path_idx').using('btree', sql`${t.path} text_pattern_ops`),
  index('orgs_parent_idx').on(t.parentId, t.sort, t.id),
  index('orgs_county_idx').on(t.countyId),
  index('orgs_name_idx').on(t.name),
  check('orgs_type_chk', sql`${t.orgType} in ('county_committee','sector_committee','township_committee','grassroots_committee','general_branch','branch','party_group')`),
  check('orgs_status_chk', sql`${t.status} in ('active','dissolved')`),
]);


/** 党内职务 held in an org: the committee and the party-affairs worker roster. Ended, never deleted. */
export const orgPosts = pgTable('org_posts', {
  id: serial('id').primaryKey(),
  countyId: integer('county_id').notNull(),
  orgId: integer('org_id').notNull().references(() => orgs.id),
  memberId: integer('member_id'),
  personName: text('person_name').notNull(),
  post: text('post').notNull().$type<Post>(),
  startedOn: date('started_on').notNull(),
  endedOn: date('ended_on'),
  endReason: text('end_reason'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('org_posts_org_idx').on(t.orgId, t.post),
  index('org_posts_member_idx').on(t.memberId),
  check('org_posts_post_chk', sql`${t.post} in ('secretary','deputy_secretary','organization_member','publicity_member','discipline_member','committee_member','full_time_staff','group_leader','first_secretary')`),
]);

/** A rule value with its source and the date it takes effect (docs/rules.md: rules are data). */
export const ruleValues = pgTable('rule_values', {
  id: serial('id').primaryKey(),
  key: text('key').notNull(),
  value: jsonb('value').notNull(),
  source: text('source').notNull(),
  effectiveFrom: date('effective_from').notNull(),
  /** why the county changed it (null: a default shipped with the platform) */
  reason: text('reason'),
  createdBy: integer('created_by'),
  createdByName: text('created_by_name'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('rule_values_key_from_idx').on(t.key, t.effectiveFrom)]);

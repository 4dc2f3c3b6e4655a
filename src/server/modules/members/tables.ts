import { sql } from 'drizzle-orm';
import {
  boolean, check, date, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex,
} from 'drizzle-orm/pg-core';
import { orgs } from '../orgs/tables.js';

export const members = pgTable('members', {
  id: serial('id').primaryKey(),
  countyId: integer('county_id').notNull(),
  orgId: integer('org_id').notNull().references(() => orgs.id),
  name: text('name').notNull(),
  gender: text('gender').notNull(),
  ethnicity: text('ethnicity').notNull().default('01'),
  idNumber: text('id_number').notNull(),
  birthDate: date('birth_date').notNull(),
  education: text('education'),
  memberCategory: text('member_category').notNull().$type<'full' | 'probationary'>(),
  joinDate: date('join_date').notNull(),
  fullMemberDate: date('full_member_date'),
  jobPosition: text('job_position'),
  mobile: text('mobile'),
  homeAddress: text('home_address'),
  employerAndPost: text('employer_and_post'),
  membershipStatus: text('membership_status').notNull().default('normal').$type<'normal' | 'suspended'>(),
  isFloating: boolean('is_floating').notNull().default(false),
  floatingSince: date('floating_since'),
  outflowRegion: text('outflow_region'),
  isLostContact: boolean('is_lost_contact').notNull().default(false),
  lostContactSince: date('lost_contact_since'),
  isWithoutPost: boolean('is_without_post').notNull().default(false),
  dutyPost: text('duty_post'),
  status: text('status').notNull().default('active').$type<'active' | 'left'>(),
  /** raw text of imported cells, kept next to the parsed values (docs/registers.md) */
  importedRaw: jsonb('imported_raw'),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  // subtree pages and their counts read active members by org in id order, index-only;
  // few indexes on purpose: every one costs on each imported row (bench/results.md)
  index('members_active_org_idx').on(t.orgId, t.id).where(sql`status = 'active'`),
  index('members_org_idx').on(t.orgId),
  // one active record per person: the database itself refuses a second (imports and concurrent adds)
  uniqueIndex('members_active_id_number_idx').on(t.idNumber).where(sql`status = 'active'`),
  check('members_category_chk', sql`${t.memberCategory} in ('full','probationary')`),
  check('members_status_chk', sql`${t.status} in ('active','left')`),
  check('members_membership_chk', sql`${t.membershipStatus} in ('normal','suspended')`),
]);

/** 组织关系转接: append-only history of a member's moves between orgs. */
export const memberTransfers = pgTable('member_transfers', {
  id: serial('id').primaryKey(),
  countyId: integer('county_id').notNull(),
  memberId: integer('member_id').notNull().references(() => members.id),
  fromOrgId: integer('from_org_id').notNull(),
  toOrgId: integer('to_org_id').notNull(),
  transferredOn: date('transferred_on').notNull(),
  reason: text('reason'),
  actorId: integer('actor_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('member_transfers_member_idx').on(t.memberId)]);

/** SQL types of the member columns, for bulk inserts (demo data, imports). */
export const MEMBER_SQL_TYPES: Record<string, string> = {
  id: 'int', countyId: 'int', orgId: 'int', name: 'text', gender: 'text', ethnicity: 'text', idNumber: 'text', birthDate: 'date',
  education: 'text', memberCategory: 'text', joinDate: 'date', fullMemberDate: 'date', jobPosition: 'text', mobile: 'text',
  homeAddress: 'text', employerAndPost: 'text', isFloating: 'boolean', floatingSince: 'date', outflowRegion: 'text',
  isLostContact: 'boolean', lostContactSince: 'date', isWithoutPost: 'boolean', dutyPost: 'text', importedRaw: 'jsonb', membershipStatus: 'text',
};

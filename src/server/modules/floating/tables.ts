import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';

/** 流动党员登记: where a member went (outflow) or came from (inflow), with whom to reach them. Ended, never deleted. */
export const floatingRegister = pgTable('floating_register', {
  id: serial('id').primaryKey(),
  countyId: integer('county_id').notNull(),
  orgId: integer('org_id').notNull(),
  memberId: integer('member_id').notNull(),
  direction: text('direction').notNull().$type<'outflow' | 'inflow'>(),
  region: text('region').notNull(),
  employer: text('employer'),
  contactPhone: text('contact_phone'),
  since: date('since').notNull(),
  receivingOrg: text('receiving_org'),
  endedOn: date('ended_on'),
  endReason: text('end_reason'),
  createdBy: integer('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('floating_register_org_idx').on(t.orgId),
  index('floating_register_member_idx').on(t.memberId),
  check('floating_register_direction_chk', sql`${t.direction} in ('outflow','inflow')`),
]);

/** Every attempt to reach a member, reached or not: the record of search efforts. Append-only. */
export const memberContacts = pgTable('member_contacts', {
  id: serial('id').primaryKey(),
  countyId: integer('county_id').notNull(),
  orgId: integer('org_id').notNull(),
  memberId: integer('member_id').notNull(),
  contactedOn: date('contacted_on').notNull(),
  method: text('method').notNull().$type<'phone' | 'wechat' | 'visit' | 'letter' | 'other'>(),
  reached: boolean('reached').notNull(),
  note: text('note'),
  createdBy: integer('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('member_contacts_member_idx').on(t.memberId, t.contactedOn),
  check('member_contacts_method_chk', sql`${t.method} in ('phone','wechat','visit','letter','other')`),
]);

/**
 * 按自行脱党处理: a branch proposes, a higher level decides. Nothing is automatic and nothing is deleted:
 * an approved decision sets the member's status to `left`. Rows are inserted and decided once.
 */
export const leaveDecisions = pgTable('leave_decisions', {
  id: serial('id').primaryKey(),
  countyId: integer('county_id').notNull(),
  orgId: integer('org_id').notNull(),
  memberId: integer('member_id').notNull(),
  reason: text('reason').notNull(),
  proposedBy: integer('proposed_by').notNull(),
  proposedAt: timestamp('proposed_at', { withTimezone: true }).notNull().defaultNow(),
  status: text('status').notNull().default('pending').$type<'pending' | 'approved' | 'rejected'>(),
  decidedBy: integer('decided_by'),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  decisionNote: text('decision_note'),
}, (t) => [
  index('leave_decisions_member_idx').on(t.memberId),
  check('leave_decisions_status_chk', sql`${t.status} in ('pending','approved','rejected')`),
]);

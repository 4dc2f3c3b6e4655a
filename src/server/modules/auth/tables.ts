import { sql } from 'drizzle-orm';
import {
  boolean, check, index, integer, pgTable, serial, text, timestamp, uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { Scope } from '../../core/actor.js';

export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  countyId: integer('county_id').notNull(),
  username: text('username').notNull(),
  displayName: text('display_name').notNull(),
  passwordHash: text('password_hash').notNull(),
  memberId: integer('member_id'),
  mustChangePassword: boolean('must_change_password').notNull().default(true),
  failedLogins: integer('failed_logins').notNull().default(0),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  isActive: boolean('is_active').notNull().default(true),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('users_username_idx').on(t.username)]);

export const roles = pgTable('roles', {
  id: serial('id').primaryKey(),
  code: text('code').notNull(),
  name: text('name').notNull(),
  permissions: text('permissions').array().notNull(),
  /** one of the three separated admin duties, if any */
  adminDuty: text('admin_duty').$type<'system' | 'security' | 'audit' | null>(),
  builtin: boolean('builtin').notNull().default(false),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('roles_code_idx').on(t.code),
  check('roles_duty_chk', sql`${t.adminDuty} is null or ${t.adminDuty} in ('system','security','audit')`),
]);


export const roleAssignments = pgTable('role_assignments', {
  id: serial('id').primaryKey(),
  userId: integer('user_id').notNull().references(() => users.id),
  roleId: integer('role_id').notNull().references(() => roles.id),
  countyId: integer('county_id').notNull(),
  orgId: integer('org_id'),
  scope: text('scope').notNull().$type<Scope>(),
  customOrgIds: integer('custom_org_ids').array(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('role_assignments_user_idx').on(t.userId),
  check('role_assignments_scope_chk', sql`${t.scope} in ('all','org_and_below','own_org','self','custom')`),
]);

export const sessions = pgTable('sessions', {
  id: text('id').primaryKey(),
  userId: integer('user_id').notNull().references(() => users.id),
  csrfToken: text('csrf_token').notNull(),
  ip: text('ip'),
  userAgent: text('user_agent'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  endedAt: timestamp('ended_at', { withTimezone: true }),
}, (t) => [index('sessions_user_idx').on(t.userId)]);

export const loginLog = pgTable('login_log', {
  id: serial('id').primaryKey(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  username: text('username').notNull(),
  userId: integer('user_id'),
  ip: text('ip'),
  userAgent: text('user_agent'),
  event: text('event').notNull().$type<'login' | 'logout' | 'expired'>(),
  success: boolean('success').notNull(),
  reason: text('reason'),
}, (t) => [index('login_log_at_idx').on(t.at)]);

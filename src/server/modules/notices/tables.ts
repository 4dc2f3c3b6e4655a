import { date, index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp } from 'drizzle-orm/pg-core';

export type NoticeTarget = { orgIds: number[]; roles: string[] };

/** 通知公告: published to the users of a set of org subtrees (optionally of some roles only); recipients fixed at publishing. */
export const notices = pgTable('notices', {
  id: serial('id').primaryKey(),
  countyId: integer('county_id').notNull(),
  senderOrgId: integer('sender_org_id').notNull(),
  /** 发文机关 as printed on the notice (e.g. 中共××县委组织部): what recipients see of the sender */
  issuer: text('issuer').notNull(),
  title: text('title').notNull(),
  body: text('body').notNull(),
  target: jsonb('target').notNull().$type<NoticeTarget>(),
  recipients: integer('recipients').notNull(),
  publishedOn: date('published_on').notNull(),
  publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
  createdBy: integer('created_by'),
  createdByName: text('created_by_name').notNull(),
  /** 撤回: the notice stays, its recipients see that it was withdrawn and why, and no longer its text */
  withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
  withdrawnByName: text('withdrawn_by_name'),
  withdrawReason: text('withdraw_reason'),
}, (t) => [index('notices_county_idx').on(t.countyId, t.publishedAt)]);

/** Who a notice went to, and through which org (for scope and the per-org unread list). */
export const noticeRecipients = pgTable('notice_recipients', {
  noticeId: integer('notice_id').notNull(),
  userId: integer('user_id').notNull(),
  orgId: integer('org_id').notNull(),
}, (t) => [primaryKey({ columns: [t.noticeId, t.userId] }), index('notice_recipients_user_idx').on(t.userId)]);

/** 已读回执: one row when a recipient first opens the notice; append-only. */
export const noticeReads = pgTable('notice_reads', {
  noticeId: integer('notice_id').notNull(),
  userId: integer('user_id').notNull(),
  readAt: timestamp('read_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.noticeId, t.userId] })]);

/** Attachments: uploaded first (noticeId null, by their uploader), bound when the notice is published. */
export const noticeFiles = pgTable('notice_files', {
  id: serial('id').primaryKey(),
  noticeId: integer('notice_id'),
  fileId: integer('file_id').notNull(),
  name: text('name').notNull(),
  contentType: text('content_type').notNull(),
  uploadedBy: integer('uploaded_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('notice_files_notice_idx').on(t.noticeId)]);

/** 提醒: a reminder to those who have not read, at most one a day (quiet messaging, docs/rules.md §8.9); append-only. */
export const noticeReminders = pgTable('notice_reminders', {
  id: serial('id').primaryKey(),
  noticeId: integer('notice_id').notNull(),
  remindedOn: date('reminded_on').notNull(),
  unread: integer('unread').notNull(),
  actorId: integer('actor_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('notice_reminders_idx').on(t.noticeId, t.remindedOn)]);

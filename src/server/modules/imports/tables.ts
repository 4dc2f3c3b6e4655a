import { sql } from 'drizzle-orm';
import { check, customType, index, integer, jsonb, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

/** Files produced for a user (import error reports); readable by their owner only. */
export const generatedFiles = pgTable('generated_files', {
  id: serial('id').primaryKey(),
  token: text('token').notNull(),
  ownerId: integer('owner_id').notNull(),
  fileName: text('file_name').notNull(),
  contentType: text('content_type').notNull(),
  content: bytea('content').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('generated_files_token_idx').on(t.token)]);

/**
 * A saved column mapping ("import profile"): how a county's own roster layout maps to the register, so that the next
 * file of the same shape imports without mapping again. Matched by column labels.
 */
export const importProfiles = pgTable('import_profiles', {
  id: serial('id').primaryKey(),
  countyId: integer('county_id').notNull(),
  kind: text('kind').notNull().$type<'members' | 'orgs'>(),
  name: text('name').notNull(),
  /** one entry per column label of the sheet: the field it fills, or null when left out */
  mapping: jsonb('mapping').notNull().$type<{ label: string; field: string | null }[]>(),
  createdBy: integer('created_by'),
  createdByName: text('created_by_name'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('import_profiles_county_idx').on(t.countyId, t.kind),
  check('import_profiles_kind_chk', sql`${t.kind} in ('members','orgs')`),
]);

import { customType, index, integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';

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

import { bigserial, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Every write, in the same transaction as the write. Append-only: a trigger refuses UPDATE and DELETE. */
export const auditLog = pgTable('audit_log', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  countyId: integer('county_id'),
  actorId: integer('actor_id'),
  actorName: text('actor_name'),
  ip: text('ip'),
  action: text('action').notNull(),
  entity: text('entity').notNull(),
  entityId: text('entity_id'),
  orgId: integer('org_id'),
  before: jsonb('before'),
  after: jsonb('after'),
}, (t) => [
  index('audit_log_at_idx').on(t.at),
  index('audit_log_entity_idx').on(t.entity, t.entityId),
]);

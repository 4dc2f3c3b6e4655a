import { and, desc, eq } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { Actor } from './actor.js';
import { bulkInsert, type Db } from './db.js';

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

export type AuditEntry = {
  action: string;
  entity: string;
  entityId?: string | number | null;
  orgId?: number | null;
  before?: unknown;
  after?: unknown;
};

/** Write the audit row in the caller's transaction: if the write rolls back, so does its audit. */
export async function audit(tx: Db, actor: Actor | null, e: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    countyId: actor?.countyId ?? null,
    actorId: actor?.userId ?? null,
    actorName: actor?.displayName ?? '系统',
    ip: actor?.ip ?? null,
    action: e.action,
    entity: e.entity,
    entityId: e.entityId == null ? null : String(e.entityId),
    orgId: e.orgId ?? null,
    before: e.before === undefined ? null : strip(e.before),
    after: e.after === undefined ? null : strip(e.after),
  });
}

/** The change history of one record, for pages that show it; the caller has already checked the record is in scope. */
export async function entityHistory(db: Db, entity: string, entityId: number | string) {
  return db.select({ id: auditLog.id, at: auditLog.at, actorName: auditLog.actorName, action: auditLog.action, before: auditLog.before, after: auditLog.after })
    .from(auditLog).where(and(eq(auditLog.entity, entity), eq(auditLog.entityId, String(entityId)))).orderBy(desc(auditLog.id)).limit(200);
}

/** Many audit rows at once, in the caller's transaction, as audit() writes each (bulk loads such as the demo county). */
export async function auditMany(tx: Db, actor: Actor | null, list: AuditEntry[]): Promise<void> {
  // JSON round trip: before/after stored as audit() stores them (dates as ISO strings)
  const values = list.map((e) => JSON.parse(JSON.stringify({
    countyId: actor?.countyId ?? null, actorId: actor?.userId ?? null, actorName: actor?.displayName ?? '系统', ip: actor?.ip ?? null,
    action: e.action, entity: e.entity, entityId: e.entityId == null ? null : String(e.entityId), orgId: e.orgId ?? null,
    before: e.before === undefined ? null : strip(e.before), after: e.after === undefined ? null : strip(e.after),
  })) as Record<string, unknown>);
  await bulkInsert(tx, 'audit_log', [['countyId', 'int'], ['actorId', 'int'], ['actorName', 'text'], ['ip', 'text'], ['action', 'text'], ['entity', 'text'],
    ['entityId', 'text'], ['orgId', 'int'], ['before', 'jsonb'], ['after', 'jsonb']], values, 2000);
}

/** Secrets never enter the audit log. */
function strip(v: unknown): unknown {
  if (!v || typeof v !== 'object') return v;
  const o = { ...(v as Record<string, unknown>) };
  delete o.passwordHash;
  return o;
}

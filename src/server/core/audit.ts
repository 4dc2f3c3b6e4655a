import type { Actor } from './actor.js';
import { bulkInsert, type Db } from './db.js';
import { auditLog } from '../modules/audit/tables.js';

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

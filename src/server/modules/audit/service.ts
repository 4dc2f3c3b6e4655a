import { and, desc, eq, gte, ilike, lte, sql } from 'drizzle-orm';
import { require, type Actor } from '../../core/actor.js';
import { auditLog } from '../../core/audit.js';
import type { Db } from '../../core/db.js';
import { contains, offset } from '../../core/paging.js';
import { P } from '../../core/permissions.js';
import { loginLog, users } from '../auth/tables.js';

export type AuditFilter = { actor?: string; entity?: string; entityId?: string; action?: string; from?: string; to?: string; page: number; pageSize: number };

const dayEnd = (d: string) => sql`(${d}::date + 1)::timestamptz`;

export async function findAuditEntries(db: Db, actor: Actor, f: AuditFilter) {
  require(actor, P.auditRead);
  const where = and(
    sql`(${auditLog.countyId} = ${actor.countyId} or ${auditLog.countyId} is null)`,
    f.actor ? ilike(auditLog.actorName, contains(f.actor)) : undefined,
    f.entity ? eq(auditLog.entity, f.entity) : undefined,
    f.entityId ? eq(auditLog.entityId, f.entityId) : undefined,
    f.action ? eq(auditLog.action, f.action) : undefined,
    f.from ? gte(auditLog.at, sql`${f.from}::timestamptz`) : undefined,
    f.to ? sql`${auditLog.at} < ${dayEnd(f.to)}` : undefined,
  );
  const [items, [total]] = await Promise.all([
    db.select().from(auditLog).where(where).orderBy(desc(auditLog.id)).limit(f.pageSize).offset(offset(f)),
    db.select({ n: sql<number>`count(*)::int` }).from(auditLog).where(where),
  ]);
  return { items, total: total?.n ?? 0 };
}

export type LoginLogFilter = { username?: string; success?: boolean; from?: string; to?: string; page: number; pageSize: number };

export async function findLoginLog(db: Db, actor: Actor, f: LoginLogFilter) {
  require(actor, P.loginLogRead);
  const where = and(
    sql`(${loginLog.userId} is null or exists (select 1 from ${users} u where u.id = ${loginLog.userId} and u.county_id = ${actor.countyId}))`,
    f.username ? ilike(loginLog.username, contains(f.username)) : undefined,
    f.success !== undefined ? eq(loginLog.success, f.success) : undefined,
    f.from ? gte(loginLog.at, sql`${f.from}::timestamptz`) : undefined,
    f.to ? lte(loginLog.at, dayEnd(f.to)) : undefined,
  );
  const [items, [total]] = await Promise.all([
    db.select().from(loginLog).where(where).orderBy(desc(loginLog.id)).limit(f.pageSize).offset(offset(f)),
    db.select({ n: sql<number>`count(*)::int` }).from(loginLog).where(where),
  ]);
  return { items, total: total?.n ?? 0 };
}

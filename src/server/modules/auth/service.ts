import crypto from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { eq, sql } from 'drizzle-orm';
import type { Actor, Assignment, SessionInfo } from '../../core/actor.js';
import { audit } from '../../core/audit.js';
import type { Config } from '../../core/config.js';
import { inTx, rows, type Db } from '../../core/db.js';
import { errors } from '../../core/errors.js';
import type { Permission } from '../../core/permissions.js';
import { orgs } from '../orgs/tables.js';
import { members } from '../members/tables.js';
import { loginLog, roleAssignments, roles, sessions, users } from './tables.js';
import { afterFailure, isIdleExpired, isLocked, minutesLeft, passwordProblems } from './rules.js';

export const SESSION_COOKIE = 'jiceng_sid';

export const hashPassword = (pw: string) => hash(pw, { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 });

const sha256 = (v: string) => crypto.createHash('sha256').update(v).digest('hex');
/** A session row is keyed by the hash of its cookie, never the cookie itself. */
export const sessionIdOf = sha256;

type Client = { ip: string | null; userAgent: string | null };

export async function login(db: Db, config: Config, input: { username: string; password: string }, client: Client) {
  const now = new Date();
  const [user] = await db.select().from(users).where(eq(users.username, input.username));
  const log = (success: boolean, reason: string | null, userId: number | null = user?.id ?? null) =>
    db.insert(loginLog).values({ username: input.username, userId, ip: client.ip, userAgent: client.userAgent, event: 'login', success, reason });

  if (!user || !user.isActive) {
    await log(false, user ? '账号已停用' : '用户不存在');
    throw errors.unauthenticated('用户名或密码错误');
  }
  if (isLocked(user, now)) {
    await log(false, '账号锁定中');
    throw errors.locked(minutesLeft(user, now));
  }
  if (!(await verify(user.passwordHash, input.password))) {
    const next = afterFailure(user, now, config.lockoutFailures, config.lockoutMinutes);
    await db.update(users).set({ failedLogins: next.failedLogins, lockedUntil: next.lockedUntil }).where(eq(users.id, user.id));
    await log(false, next.nowLocked ? '密码错误，账号被锁定' : '密码错误');
    if (next.nowLocked) throw errors.locked(config.lockoutMinutes);
    throw errors.unauthenticated(`用户名或密码错误（再错 ${config.lockoutFailures - next.failedLogins} 次将锁定账号）`);
  }
  const token = crypto.randomBytes(32).toString('base64url');
  const csrfToken = crypto.randomBytes(24).toString('base64url');
  await db.transaction(async (tx) => {
    await tx.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, user.id));
    await tx.insert(sessions).values({ id: sha256(token), userId: user.id, csrfToken, ip: client.ip, userAgent: client.userAgent });
    await tx.insert(loginLog).values({ username: user.username, userId: user.id, ip: client.ip, userAgent: client.userAgent, event: 'login', success: true });
  });
  return { token, csrfToken, mustChangePassword: user.mustChangePassword };
}

/**
 * Resolve a cookie to a live session, ending it when idle too long. The check-in function (migration 0021) repeats
 * these checks in SQL for its one-statement path; test/integration/training.test.ts holds the two together.
 */
export async function resolveSession(db: Db, config: Config, token: string, ip: string | null): Promise<SessionInfo | null> {
  const id = sha256(token);
  // the session, its user, the user's member org and role assignments in one plain join (a row per assignment):
  // every request pays for it, so it is the cheapest form measured (bench/training.ts check-in load)
  const list = await rows<{ lastSeenAt: Date; csrfToken: string; userId: number; username: string; displayName: string; memberId: number | null;
    countyId: number; isActive: boolean; must: boolean; memberOrgId: number | null } & Partial<AssignmentRow>>(db, sql`
    select s.last_seen_at as "lastSeenAt", s.csrf_token as "csrfToken", u.id as "userId", u.username, u.display_name as "displayName",
      u.member_id as "memberId", u.county_id as "countyId", u.is_active as "isActive", u.must_change_password as must, m.org_id as "memberOrgId",
      r.code as "roleCode", r.permissions, ra.scope, ra.county_id as "aCountyId", ra.org_id as "orgId", o.path as "orgPath", ra.custom_org_ids as "customOrgIds"
    from sessions s join users u on u.id = s.user_id left join members m on m.id = u.member_id
      left join role_assignments ra on ra.user_id = u.id left join roles r on r.id = ra.role_id left join orgs o on o.id = ra.org_id
    where s.id = ${id} and s.ended_at is null`);
  const s = list[0] && { ...list[0], lastSeenAt: new Date(list[0].lastSeenAt) }; // a timestamp comes back as text from one driver
  if (!s) return null;
  const now = new Date();
  if (isIdleExpired(s.lastSeenAt, now, config.sessionIdleMinutes)) {
    await db.update(sessions).set({ endedAt: now }).where(eq(sessions.id, id));
    await db.insert(loginLog).values({ username: s.username, userId: s.userId, ip, event: 'expired', success: true, reason: '超时未操作' });
    return null;
  }
  // one write a minute at most, not one per request
  if (now.getTime() - s.lastSeenAt.getTime() > 60_000) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id));
  }
  if (!s.isActive) return null;
  const actor: Actor = { userId: s.userId, username: s.username, displayName: s.displayName, memberId: s.memberId,
    memberOrgId: s.memberOrgId ?? null, countyId: s.countyId, ip,
    assignments: list.filter((r) => r.roleCode).map((r) => toAssignment({ ...(r as AssignmentRow), countyId: (r as unknown as { aCountyId: number }).aCountyId })) };
  return { sessionId: id, csrfToken: s.csrfToken, mustChangePassword: !!s.must, actor };
}

type AssignmentRow = { roleCode: string; permissions: unknown; scope: Assignment['scope']; countyId: number; orgId: number | null; orgPath: string | null; customOrgIds: number[] | null };
const toAssignment = (r: AssignmentRow): Assignment => ({
  roleCode: r.roleCode, permissions: r.permissions as Permission[], scope: r.scope, countyId: r.countyId,
  orgId: r.orgId, orgPath: r.orgPath, customOrgIds: r.customOrgIds ?? [],
});

async function assignmentsOf(db: Db, userId: number): Promise<Assignment[]> {
  const rows = await db
    .select({ roleCode: roles.code, permissions: roles.permissions, scope: roleAssignments.scope, countyId: roleAssignments.countyId,
      orgId: roleAssignments.orgId, orgPath: orgs.path, customOrgIds: roleAssignments.customOrgIds })
    .from(roleAssignments)
    .innerJoin(roles, eq(roles.id, roleAssignments.roleId))
    .leftJoin(orgs, eq(orgs.id, roleAssignments.orgId))
    .where(eq(roleAssignments.userId, userId));
  return rows.map(toAssignment);
}

export async function loadActor(db: Db, userId: number, ip: string | null): Promise<Actor | null> {
  const [u] = await db
    .select({ id: users.id, username: users.username, displayName: users.displayName, memberId: users.memberId,
      countyId: users.countyId, isActive: users.isActive, memberOrgId: members.orgId })
    .from(users).leftJoin(members, eq(members.id, users.memberId)).where(eq(users.id, userId));
  if (!u || !u.isActive) return null;
  return { userId: u.id, username: u.username, displayName: u.displayName, memberId: u.memberId,
    memberOrgId: u.memberOrgId ?? null, countyId: u.countyId, ip, assignments: await assignmentsOf(db, userId) };
}

export async function logout(db: Db, s: SessionInfo): Promise<void> {
  await db.update(sessions).set({ endedAt: new Date() }).where(eq(sessions.id, s.sessionId));
  await db.insert(loginLog).values({ username: s.actor.username, userId: s.actor.userId, ip: s.actor.ip, event: 'logout', success: true });
}

export async function changePassword(db: Db, actor: Actor, input: { oldPassword: string; newPassword: string }) {
  const [u] = await db.select().from(users).where(eq(users.id, actor.userId));
  if (!u || !(await verify(u.passwordHash, input.oldPassword))) throw errors.field('oldPassword', '原密码不正确');
  const problem = passwordProblems(input.newPassword);
  if (problem) throw errors.field('newPassword', problem);
  if (input.newPassword === input.oldPassword) throw errors.field('newPassword', '新密码不能与原密码相同');
  const passwordHash = await hashPassword(input.newPassword);
  await inTx(db, async (tx) => {
    await tx.update(users).set({ passwordHash, mustChangePassword: false, updatedAt: new Date(), version: sql`${users.version} + 1` })
      .where(eq(users.id, actor.userId));
    await audit(tx, actor, { action: 'change_password', entity: 'user', entityId: actor.userId });
  });
}

/**
 * Whether an account looks across organisations (a county or township account) rather than at one branch: its menu
 * then offers the tools for many organisations (cockpit, inspections, screening), which a branch has no use for.
 */
export async function looksAcross(db: Db, actor: Actor): Promise<boolean> {
  if (actor.assignments.some((a) => a.scope === 'all' || a.scope === 'custom')) return true;
  const ids = actor.assignments.filter((a) => a.scope === 'org_and_below' && a.orgId).map((a) => a.orgId!);
  if (!ids.length) return false;
  const [r] = await rows<{ wide: boolean }>(db, sql`select exists (select 1 from orgs where id in ${ids} and org_type not in ('branch', 'party_group')) as wide`);
  return !!r?.wide;
}

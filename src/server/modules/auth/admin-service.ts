import { and, asc, count, eq, ilike, inArray, or, sql } from 'drizzle-orm';
import { can, require, type Actor, type Scope } from '../../core/actor.js';
import { audit } from '../../core/audit.js';
import { inTx, type Db } from '../../core/db.js';
import { errors } from '../../core/errors.js';
import { contains } from '../../core/paging.js';
import { ALL_PERMISSIONS, P, type Permission } from '../../core/permissions.js';
import { orgs } from '../orgs/tables.js';
import { roleAssignments, roles, users } from './tables.js';
import { passwordProblems } from './rules.js';
import { hashPassword } from './service.js';

const publicUser = {
  id: users.id, username: users.username, displayName: users.displayName, memberId: users.memberId,
  mustChangePassword: users.mustChangePassword, isActive: users.isActive, lockedUntil: users.lockedUntil,
  version: users.version, createdAt: users.createdAt,
};

export async function findUsers(db: Db, actor: Actor, q: { keyword?: string; page: number; pageSize: number }) {
  require(actor, P.userRead);
  const where = and(eq(users.countyId, actor.countyId),
    q.keyword ? or(ilike(users.username, contains(q.keyword)), ilike(users.displayName, contains(q.keyword))) : undefined);
  const [items, [total]] = await Promise.all([
    db.select(publicUser).from(users).where(where).orderBy(asc(users.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    db.select({ n: count() }).from(users).where(where),
  ]);
  const ids = items.map((u) => u.id);
  const asg = ids.length ? await db
    .select({ id: roleAssignments.id, userId: roleAssignments.userId, roleId: roles.id, roleName: roles.name, scope: roleAssignments.scope,
      orgId: roleAssignments.orgId, orgName: orgs.name, customOrgIds: roleAssignments.customOrgIds })
    .from(roleAssignments).innerJoin(roles, eq(roles.id, roleAssignments.roleId)).leftJoin(orgs, eq(orgs.id, roleAssignments.orgId))
    .where(inArray(roleAssignments.userId, ids)) : [];
  return {
    items: items.map((u) => ({ ...u, assignments: asg.filter((a) => a.userId === u.id).map(({ userId: _, ...a }) => a) })),
    total: total?.n ?? 0,
  };
}

export async function createUser(db: Db, actor: Actor, input: { username: string; displayName: string; password: string; memberId?: number | null }) {
  require(actor, P.userWrite);
  const problem = passwordProblems(input.password);
  if (problem) throw errors.field('password', problem);
  const [dupe] = await db.select({ id: users.id }).from(users).where(eq(users.username, input.username));
  if (dupe) throw errors.field('username', '用户名已存在');
  const passwordHash = await hashPassword(input.password);
  return inTx(db, async (tx) => {
    const [u] = await tx.insert(users).values({ countyId: actor.countyId, username: input.username, displayName: input.displayName,
      passwordHash, memberId: input.memberId ?? null, mustChangePassword: true }).returning(publicUser);
    await audit(tx, actor, { action: 'create', entity: 'user', entityId: u!.id, after: u });
    return u!;
  });
}

async function userInCounty(db: Db, actor: Actor, id: number) {
  const [u] = await db.select().from(users).where(and(eq(users.id, id), eq(users.countyId, actor.countyId)));
  if (!u) throw errors.notFound('用户');
  return u;
}

export async function updateUser(db: Db, actor: Actor, id: number,
  input: { version: number; displayName?: string; isActive?: boolean; resetPassword?: string; unlock?: boolean }) {
  require(actor, P.userWrite);
  const before = await userInCounty(db, actor, id);
  if (before.version !== input.version) throw errors.stale();
  if (id === actor.userId && input.isActive === false) throw errors.badRequest('不能停用自己的账号');
  const patch: Partial<typeof users.$inferInsert> = { updatedAt: new Date() };
  if (input.displayName !== undefined) patch.displayName = input.displayName;
  if (input.isActive !== undefined) patch.isActive = input.isActive;
  if (input.unlock) { patch.lockedUntil = null; patch.failedLogins = 0; }
  if (input.resetPassword) {
    const problem = passwordProblems(input.resetPassword);
    if (problem) throw errors.field('resetPassword', problem);
    patch.passwordHash = await hashPassword(input.resetPassword);
    patch.mustChangePassword = true;
  }
  return inTx(db, async (tx) => {
    const [u] = await tx.update(users).set({ ...patch, version: sql`${users.version} + 1` })
      .where(and(eq(users.id, id), eq(users.version, input.version))).returning(publicUser);
    if (!u) throw errors.stale();
    await audit(tx, actor, { action: input.resetPassword ? 'reset_password' : 'update', entity: 'user', entityId: id,
      before: { displayName: before.displayName, isActive: before.isActive }, after: { displayName: u.displayName, isActive: u.isActive } });
    return u;
  });
}

export async function findRoles(db: Db, actor: Actor) {
  if (!can(actor, P.userRead) && !can(actor, P.roleWrite)) throw errors.forbidden();
  return db.select().from(roles).orderBy(asc(roles.id));
}

function checkPermissions(perms: string[]): Permission[] {
  const bad = perms.filter((p) => !ALL_PERMISSIONS.includes(p as Permission));
  if (bad.length) throw errors.field('permissions', `未知的权限：${bad.join('、')}`);
  return perms as Permission[];
}

export async function createRole(db: Db, actor: Actor, input: { code: string; name: string; permissions: string[] }) {
  require(actor, P.roleWrite);
  const permissions = checkPermissions(input.permissions);
  const [dupe] = await db.select({ id: roles.id }).from(roles).where(eq(roles.code, input.code));
  if (dupe) throw errors.field('code', '角色编码已存在');
  return inTx(db, async (tx) => {
    const [r] = await tx.insert(roles).values({ code: input.code, name: input.name, permissions }).returning();
    await audit(tx, actor, { action: 'create', entity: 'role', entityId: r!.id, after: r });
    return r!;
  });
}

export async function updateRole(db: Db, actor: Actor, id: number, input: { version: number; name: string; permissions: string[] }) {
  require(actor, P.roleWrite);
  const permissions = checkPermissions(input.permissions);
  const [before] = await db.select().from(roles).where(eq(roles.id, id));
  if (!before) throw errors.notFound('角色');
  if (before.adminDuty) throw errors.badRequest('三员角色的权限由系统固定，不能修改');
  return inTx(db, async (tx) => {
    const [r] = await tx.update(roles).set({ name: input.name, permissions, version: sql`${roles.version} + 1` })
      .where(and(eq(roles.id, id), eq(roles.version, input.version))).returning();
    if (!r) throw errors.stale();
    await audit(tx, actor, { action: 'update', entity: 'role', entityId: id, before, after: r });
    return r;
  });
}

export async function assignRole(db: Db, actor: Actor,
  input: { userId: number; roleId: number; scope: Scope; orgId?: number | null; customOrgIds?: number[] }) {
  require(actor, P.roleWrite);
  const user = await userInCounty(db, actor, input.userId);
  const [role] = await db.select().from(roles).where(eq(roles.id, input.roleId));
  if (!role) throw errors.field('roleId', '角色不存在');
  if ((input.scope === 'org_and_below' || input.scope === 'own_org') && !input.orgId) throw errors.field('orgId', '请选择授权的党组织');
  if (input.scope === 'custom' && !input.customOrgIds?.length) throw errors.field('customOrgIds', '请选择至少一个党组织');
  const orgIds = [input.orgId, ...(input.customOrgIds ?? [])].filter((x): x is number => !!x);
  if (orgIds.length) {
    const found = await db.select({ id: orgs.id }).from(orgs).where(and(inArray(orgs.id, orgIds), eq(orgs.countyId, actor.countyId)));
    if (found.length !== new Set(orgIds).size) throw errors.field('orgId', '党组织不存在');
  }
  if (input.scope === 'self' && !user.memberId) throw errors.field('scope', '该用户未关联党员，不能授予“本人”范围');
  // three-admin separation: no user holds two of the three duties, and no admin duty is self-granted
  if (role.adminDuty) {
    if (input.userId === actor.userId) throw errors.badRequest('不能给自己授予管理员角色');
    const held = await db.select({ duty: roles.adminDuty }).from(roleAssignments).innerJoin(roles, eq(roles.id, roleAssignments.roleId))
      .where(eq(roleAssignments.userId, input.userId));
    if (held.some((h) => h.duty && h.duty !== role.adminDuty)) {
      throw errors.badRequest('三员分立：系统管理员、安全管理员、审计员不能由同一人兼任');
    }
  }
  return inTx(db, async (tx) => {
    const [a] = await tx.insert(roleAssignments).values({ userId: input.userId, roleId: input.roleId, countyId: actor.countyId,
      scope: input.scope, orgId: input.orgId ?? null, customOrgIds: input.customOrgIds ?? null }).returning();
    await audit(tx, actor, { action: 'assign_role', entity: 'user', entityId: input.userId, orgId: input.orgId, after: a });
    return a!;
  });
}

export async function revokeAssignment(db: Db, actor: Actor, id: number) {
  require(actor, P.roleWrite);
  const [a] = await db.select().from(roleAssignments).where(and(eq(roleAssignments.id, id), eq(roleAssignments.countyId, actor.countyId)));
  if (!a) throw errors.notFound('授权');
  if (a.userId === actor.userId) throw errors.badRequest('不能撤销自己的授权');
  await inTx(db, async (tx) => {
    await tx.delete(roleAssignments).where(eq(roleAssignments.id, id));
    await audit(tx, actor, { action: 'revoke_role', entity: 'user', entityId: a.userId, orgId: a.orgId, before: a });
  });
}

import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { errors } from './errors.js';
import type { Permission } from './permissions.js';

/** The reach of a role assignment: whole county, an org and its subtree, one org, oneself, or a chosen set. */
import { SCOPES, type Scope } from '../../shared/codes.js';
/** The data scopes a role assignment can give (the codes live in src/shared/codes). */
export { SCOPES, type Scope };

export type Assignment = {
  roleCode: string;
  permissions: Permission[];
  scope: Scope;
  countyId: number;
  orgId: number | null;
  orgPath: string | null;
  customOrgIds: number[];
};

/** Who is acting, from where, with which role assignments. Built once per request. */
export type Actor = {
  userId: number;
  username: string;
  displayName: string;
  memberId: number | null;
  memberOrgId: number | null;
  countyId: number;
  ip: string | null;
  assignments: Assignment[];
};

/** A signed-in request: the session row (by the hash of its cookie), its CSRF token, and who acts. */
export type SessionInfo = { sessionId: string; csrfToken: string; mustChangePassword: boolean; actor: Actor };

export function can(actor: Actor, perm: Permission): boolean {
  return actor.assignments.some((a) => a.permissions.includes(perm));
}

export function require(actor: Actor, perm: Permission): void {
  if (!can(actor, perm)) throw errors.forbidden();
}

/** The part of the county a permission reaches: union over the assignments that grant it. */
export type DataScope = {
  countyIds: number[];
  paths: string[];
  orgIds: number[];
  selfMemberId: number | null;
  /** the org of a `self` scope's member: visible as an org, but not its other members */
  selfOrgId: number | null;
};

export function scopeOf(actor: Actor, perm: Permission): DataScope {
  const s: DataScope = { countyIds: [], paths: [], orgIds: [], selfMemberId: null, selfOrgId: null };
  for (const a of actor.assignments) {
    if (!a.permissions.includes(perm)) continue;
    switch (a.scope) {
      case 'all': s.countyIds.push(a.countyId); break;
      case 'org_and_below': if (a.orgPath) s.paths.push(a.orgPath); break;
      case 'own_org': if (a.orgId) s.orgIds.push(a.orgId); break;
      case 'custom': s.orgIds.push(...a.customOrgIds); break;
      case 'self':
        s.selfMemberId = actor.memberId;
        s.selfOrgId = actor.memberOrgId;
        break;
    }
  }
  return s;
}

type OrgCols = { countyId: AnyPgColumn | SQL; path: AnyPgColumn | SQL; id: AnyPgColumn | SQL };

/**
 * The one data-scope helper: a SQL predicate over an org's county, path and id.
 * Every query over org-owned rows goes through it (or through memberScopeSql).
 * Values are bound parameters, never spliced text.
 */
export function orgScopeSql(scope: DataScope, o: OrgCols): SQL {
  const parts: SQL[] = [];
  if (scope.countyIds.length) parts.push(sql`${o.countyId} in ${scope.countyIds}`);
  for (const p of scope.paths) parts.push(sql`${o.path} like ${p + '%'}`);
  const ids = scope.selfOrgId ? [...scope.orgIds, scope.selfOrgId] : scope.orgIds;
  if (ids.length) parts.push(sql`${o.id} in ${ids}`);
  if (!parts.length) return sql`false`;
  return sql`(${sql.join(parts, sql` or `)})`;
}

/** Members: like orgs, except that a `self` scope reaches the member's own record only. */
export function memberScopeSql(scope: DataScope, o: OrgCols, memberId: AnyPgColumn | SQL): SQL {
  const orgPart = orgScopeSql({ ...scope, selfOrgId: null }, o);
  if (scope.selfMemberId === null) return orgPart;
  return sql`(${orgPart} or ${memberId} = ${scope.selfMemberId})`;
}

export function scopeIsEmpty(scope: DataScope): boolean {
  return !scope.countyIds.length && !scope.paths.length && !scope.orgIds.length
    && scope.selfMemberId === null && scope.selfOrgId === null;
}

const segments = (path: string) => path.split('/').filter(Boolean).length;

/**
 * The org a row rolls up to in a drill-down: the child of `underPath` on the row's path (/county/…/under/child/…),
 * or without it the top of the scope — the county root, the org of a subtree scope, or the org itself.
 * So that a rollup never names an org above what the actor may see.
 */
export function rollupKey(scope: DataScope, underPath: string | null, path: SQL, id: SQL): SQL {
  // a row of `under` itself (e.g. an entity registered at the township) rolls up to `under`
  if (underPath) return sql`coalesce(nullif(split_part(${path}, '/', ${segments(underPath) + 2}), '')::int, ${id})`;
  if (scope.countyIds.length) return sql`split_part(${path}, '/', 2)::int`;
  if (scope.paths.length) return sql`split_part(${path}, '/', ${Math.min(...scope.paths.map(segments)) + 1})::int`;
  return id;
}

/** `memberScopeSql` for an actor and permission: a member row (`m`) of an org (`o`) the actor may read person by person. */
export function memberScopeAt(actor: Actor, perm: Permission, orgAlias = 'o', memberAlias = 'm'): SQL {
  return memberScopeSql(scopeOf(actor, perm), { countyId: sql.raw(`${orgAlias}.county_id`), path: sql.raw(`${orgAlias}.path`), id: sql.raw(`${orgAlias}.id`) },
    sql.raw(`${memberAlias}.id`));
}

/** `orgScopeSql` for an actor and permission over the org table under a query alias (`o`, `c`, …); the alias comes from code, never input. */
export function scopeAt(actor: Actor, perm: Permission, alias = 'o'): SQL {
  return orgScopeSql(scopeOf(actor, perm), { countyId: sql.raw(`${alias}.county_id`), path: sql.raw(`${alias}.path`), id: sql.raw(`${alias}.id`) });
}

/** An org's name where the actor's scope for `perm` reaches it, else a neutral word (an outside org is never named). */
export const nameIn = (actor: Actor, perm: Permission, alias: string, otherwise: string) =>
  sql`case when ${sql.raw(alias)}.id is null then null when ${scopeAt(actor, perm, alias)} then ${sql.raw(alias)}.name else ${otherwise} end`;

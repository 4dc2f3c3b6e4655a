import { and, asc, getTableColumns, desc, eq, ilike, inArray, isNull, ne, sql, type SQL } from 'drizzle-orm';
import { orgScopeSql, require, rollupKey, scopeOf, type Actor } from '../../core/actor.js';
import { audit, entityHistory } from '../../core/audit.js';
import { inTx, rows, type Db } from '../../core/db.js';
import { errors } from '../../core/errors.js';
import { contains, offset, today } from '../../core/paging.js';
import { checkEffectiveFrom } from '../../core/rule-dates.js';
import { P, type Permission } from '../../core/permissions.js';
import { GRASSROOTS_ORG_TYPES, type OrgFigure } from '../../../shared/figures.js';
import { orgCategories, orgPosts, orgs, ruleValues, type OrgType, type Post } from './tables.js';
import {
  ALLOWED_CHILDREN, DEFAULT_STRUCTURE_RULES, isInsideSubtree, STRUCTURE_RULE_SOURCES, STRUCTURE_RULE_SPECS, structureWarnings, termState,
  type StructureRules, type Warning,
} from './rules.js';

const scopeWhere = (actor: Actor, perm: Permission = P.orgRead) => orgScopeSql(scopeOf(actor, perm), orgs);

/** Children of an active org, as one correlated count (uses orgs_parent_idx). */
const childCount = sql<number>`(select count(*)::int from orgs c where c.parent_id = "orgs"."id" and c.status = 'active')`;

/** Posts in the order people read a committee: secretary first. */
const postRank = sql`array_position(array['secretary','deputy_secretary','organization_member','publicity_member','discipline_member','committee_member','first_secretary','full_time_staff','group_leader'], ${orgPosts.post})`;

const listColumns = {
  id: orgs.id, parentId: orgs.parentId, path: orgs.path, depth: orgs.depth, name: orgs.name, orgType: orgs.orgType,
  category: orgs.category, status: orgs.status, termEnd: orgs.termEnd, memberCount: orgs.memberCount,
  subtreeMemberCount: orgs.subtreeMemberCount, childCount, version: orgs.version,
};

/** Rule values in force on a date (the latest row of each key effective by then), a default where the county set none. */
export async function ruleValuesAt<T extends Record<string, number>>(db: Db, defaults: T, on = today()): Promise<T> {
  const r = await db.select().from(ruleValues)
    .where(and(inArray(ruleValues.key, Object.keys(defaults)), sql`${ruleValues.effectiveFrom} <= ${on}`))
    .orderBy(asc(ruleValues.effectiveFrom));
  const out: Record<string, number> = { ...defaults };
  for (const row of r) out[row.key] = Number(row.value);
  return out as T;
}

export function loadStructureRules(db: Db, on = today()): Promise<StructureRules> {
  return ruleValuesAt(db, DEFAULT_STRUCTURE_RULES, on);
}

/** A structure rule with its versions, newest first (the one in force today marked), for the rules page. */
export type StructureRuleRow = { key: keyof StructureRules; label: string; unit: string; min: number; max: number; current: number;
  versions: { id: number | null; value: number; source: string; effectiveFrom: string | null; reason: string | null; createdByName: string | null; inForce: boolean }[] };

export async function findStructureRules(db: Db, actor: Actor): Promise<StructureRuleRow[]> {
  require(actor, P.orgRead);
  const t = today();
  const keys = Object.keys(DEFAULT_STRUCTURE_RULES) as (keyof StructureRules)[];
  const all = await db.select().from(ruleValues).where(inArray(ruleValues.key, keys)).orderBy(desc(ruleValues.effectiveFrom));
  return keys.map((key) => {
    const mine = all.filter((r) => r.key === key);
    const inForce = mine.find((r) => String(r.effectiveFrom) <= t);
    const versions: StructureRuleRow['versions'] = mine.map((r) => ({ id: r.id, value: Number(r.value), source: r.source, effectiveFrom: String(r.effectiveFrom), reason: r.reason,
      createdByName: r.createdByName, inForce: r === inForce }));
    // a rule never seeded in this database runs on the platform's default, shown as such
    if (!mine.length) versions.push({ id: null, value: DEFAULT_STRUCTURE_RULES[key], source: STRUCTURE_RULE_SOURCES[key], effectiveFrom: null, reason: null, createdByName: null, inForce: true });
    // the value in force today, as loadStructureRules reads it: the latest version that has taken effect, else the default
    return { key, ...STRUCTURE_RULE_SPECS[key], current: inForce ? Number(inForce.value) : DEFAULT_STRUCTURE_RULES[key], versions };
  });
}

/** A county's new value of a structure rule, within its allowed range, with source, effective date and reason. Audited. */
export async function addStructureRule(db: Db, actor: Actor, input: { key: keyof StructureRules; value: number; source: string; effectiveFrom: string; reason: string }) {
  require(actor, P.ruleManage);
  const spec = STRUCTURE_RULE_SPECS[input.key];
  if (!spec) throw errors.field('key', '没有这项规则');
  if (!Number.isInteger(input.value) || input.value < spec.min || input.value > spec.max) {
    throw errors.field('value', `“${spec.label}”须为 ${spec.min}–${spec.max} 之间的整数（${spec.unit}）`);
  }
  const [latest] = await db.select().from(ruleValues).where(eq(ruleValues.key, input.key)).orderBy(desc(ruleValues.effectiveFrom)).limit(1);
  checkEffectiveFrom(input.effectiveFrom, latest ? String(latest.effectiveFrom) : null, today());
  const current = latest ? Number(latest.value) : DEFAULT_STRUCTURE_RULES[input.key];
  if (current === input.value) throw errors.field('value', '与现行规则相同，无需修改');
  return inTx(db, async (tx) => {
    const [r] = await tx.insert(ruleValues).values({ key: input.key, value: input.value, source: input.source, effectiveFrom: input.effectiveFrom,
      reason: input.reason, createdBy: actor.userId, createdByName: actor.displayName }).returning();
    await audit(tx, actor, { action: 'create', entity: 'rule_value', entityId: r!.id, before: latest ?? null, after: r });
    return { id: r!.id, key: input.key, value: input.value, effectiveFrom: String(r!.effectiveFrom) };
  });
}

/** The roots a user sees in the tree: the top-most orgs of their scope. */
export async function findTreeRoots(db: Db, actor: Actor) {
  require(actor, P.orgRead);
  const visible = scopeWhere(actor);
  return db.select(listColumns).from(orgs)
    .where(and(visible, sql`not exists (select 1 from orgs p where p.id = "orgs"."parent_id" and ${orgScopeSql(scopeOf(actor, P.orgRead), { countyId: sql`p.county_id`, path: sql`p.path`, id: sql`p.id` })})`))
    .orderBy(asc(orgs.depth), asc(orgs.sort), asc(orgs.id)).limit(200);
}

type TreeNode = {
  id: number; parentId: number | null; path: string; depth: number; name: string; orgType: OrgType; category: string; status: 'active' | 'dissolved';
  termEnd: string | null; memberCount: number; subtreeMemberCount: number; childCount: number; version: number;
};

/**
 * Children visible to the actor, in one round trip: the tree is opened node by node, so this is the
 * hottest read of the platform and is written as plain SQL (bench (b)). An invisible parent is a 404,
 * checked only when nothing came back.
 */
export async function findChildren(db: Db, actor: Actor, parentId: number, includeDissolved = false) {
  require(actor, P.orgRead);
  const visible = orgScopeSql(scopeOf(actor, P.orgRead), { countyId: sql`o.county_id`, path: sql`o.path`, id: sql`o.id` });
  const kids = await rows<TreeNode>(db, sql`
    select o.id, o.parent_id as "parentId", o.path, o.depth, o.name, o.org_type as "orgType", o.category, o.status,
      o.term_end as "termEnd", o.member_count as "memberCount", o.subtree_member_count as "subtreeMemberCount",
      (select count(*)::int from orgs c where c.parent_id = o.id and c.status = 'active') as "childCount", o.version
    from orgs o where o.parent_id = ${parentId} and ${visible} ${includeDissolved ? sql`` : sql`and o.status = 'active'`}
    order by o.sort, o.id`);
  if (!kids.length) await getOrgRow(db, actor, parentId);
  return kids;
}

export type OrgFilter = {
  keyword?: string; under?: number; parentId?: number; orgType?: OrgType; category?: string;
  status?: 'active' | 'dissolved'; termState?: 'due_soon' | 'overdue'; figure?: OrgFigure;
  page: number; pageSize: number; sort?: 'name' | 'path' | 'memberCount' | 'termEnd'; order: 'asc' | 'desc';
};

function orgFilterWhere(actor: Actor, f: Omit<OrgFilter, 'page' | 'pageSize' | 'order'>, underPath?: string): SQL | undefined {
  const t = today();
  return and(
    scopeWhere(actor),
    f.keyword ? ilike(orgs.name, contains(f.keyword)) : undefined,
    underPath ? sql`${orgs.path} like ${underPath + '%'}` : undefined,
    f.parentId ? eq(orgs.parentId, f.parentId) : undefined,
    f.orgType ? eq(orgs.orgType, f.orgType) : undefined,
    f.category ? eq(orgs.category, f.category) : undefined,
    f.figure === 'orgs.grassroots' ? inArray(orgs.orgType, [...GRASSROOTS_ORG_TYPES]) : f.figure === 'orgs.branches' ? eq(orgs.orgType, 'branch') : undefined,
    eq(orgs.status, f.status ?? 'active'),
    f.termState === 'overdue' ? sql`${orgs.termEnd} < ${t}` : undefined,
    f.termState === 'due_soon'
      ? sql`${orgs.termEnd} >= ${t} and ${orgs.termEnd} <= (${t}::date + make_interval(months => ${DEFAULT_STRUCTURE_RULES.electionWarningMonths}))::date`
      : undefined,
  );
}

export async function findOrgs(db: Db, actor: Actor, f: OrgFilter) {
  require(actor, P.orgRead);
  const underPath = f.under ? (await getOrgRow(db, actor, f.under)).path : undefined;
  const where = orgFilterWhere(actor, f, underPath);
  const sortCol = { name: orgs.name, path: orgs.path, memberCount: orgs.subtreeMemberCount, termEnd: orgs.termEnd }[f.sort ?? 'path'];
  const dir = f.order === 'desc' ? desc : asc;
  const [items, [total]] = await Promise.all([
    db.select({ ...listColumns, parentName: sql<string | null>`(select p.name from orgs p where p.id = "orgs"."parent_id"
      and ${orgScopeSql(scopeOf(actor, P.orgRead), { countyId: sql`p.county_id`, path: sql`p.path`, id: sql`p.id` })})` })
      .from(orgs).where(where).orderBy(dir(sortCol), asc(orgs.id)).limit(f.pageSize).offset(offset(f)),
    db.select({ n: sql<number>`count(*)::int` }).from(orgs).where(where),
  ]);
  return { items: items.map((o) => ({ ...o, termState: termState(o.termEnd, today()) })), total: total?.n ?? 0 };
}

/** The register rows of a list's filter, every column of the register and its secretary, so that an export re-imports unchanged. */
export async function exportOrgs(db: Db, actor: Actor, f: Omit<OrgFilter, 'page' | 'pageSize'>, limit: number) {
  require(actor, P.orgRead);
  const underPath = f.under ? (await getOrgRow(db, actor, f.under)).path : undefined;
  const where = orgFilterWhere(actor, f, underPath);
  return db.select({ ...getTableColumns(orgs),
    parentName: sql<string | null>`(select p.name from orgs p where p.id = "orgs"."parent_id"
      and ${orgScopeSql(scopeOf(actor, P.orgRead), { countyId: sql`p.county_id`, path: sql`p.path`, id: sql`p.id` })})`,
    categoryLabel: sql<string>`(select c.label from org_categories c where c.code = "orgs"."category")`,
    secretary: sql<string | null>`(select p.person_name from org_posts p where p.org_id = "orgs"."id" and p.post = 'secretary' and p.ended_on is null
      order by p.started_on desc limit 1)` })
    .from(orgs).where(where).orderBy(asc(orgs.path), asc(orgs.id)).limit(limit);
}

/** An org the actor may see; 404 otherwise (an outsider learns nothing, not even that it exists). */
export async function getOrgRow(db: Db, actor: Actor, id: number, perm: Permission = P.orgRead) {
  require(actor, perm);
  const [o] = await db.select().from(orgs).where(and(eq(orgs.id, id), scopeWhere(actor, perm)));
  if (!o) throw errors.notFound('党组织');
  return o;
}

async function structureFacts(db: Db, ids: number[]) {
  if (!ids.length) return new Map<number, { full: number; total: number; subtree: number; committee: number; hasSecretary: boolean; vacantSince: string | null }>();
  const r = await rows<{ id: number; full: number; total: number; subtree: number; committee: number; has_secretary: boolean; vacant_since: string | null }>(db, sql`
    select o.id, o.subtree_member_count as subtree,
      (select count(*)::int from members m where m.org_id = o.id and m.status = 'active' and m.member_category = 'full') as full,
      (select count(*)::int from members m where m.org_id = o.id and m.status = 'active') as total,
      (select count(*)::int from org_posts p where p.org_id = o.id and p.ended_on is null
         and p.post in ('organization_member','publicity_member','discipline_member','committee_member','deputy_secretary')) as committee,
      exists (select 1 from org_posts p where p.org_id = o.id and p.ended_on is null and p.post = 'secretary') as has_secretary,
      coalesce((select max(p.ended_on) from org_posts p where p.org_id = o.id and p.post = 'secretary'), o.founded_on, o.created_at::date) as vacant_since
    from orgs o where o.id in ${ids}`);
  return new Map(r.map((x) => [x.id, { full: x.full, total: x.total, subtree: x.subtree, committee: x.committee, hasSecretary: x.has_secretary, vacantSince: x.vacant_since }]));
}

export async function getOrg(db: Db, actor: Actor, id: number) {
  const o = await getOrgRow(db, actor, id);
  const rules = await loadStructureRules(db);
  const facts = (await structureFacts(db, [id])).get(id)!;
  // the parent is named only when it is itself in scope: an outsider's name never leaks through a child
  const [parent] = o.parentId ? await db.select({ id: orgs.id, name: orgs.name }).from(orgs).where(and(eq(orgs.id, o.parentId), scopeWhere(actor))) : [];
  const ancestors = await db.select({ id: orgs.id, name: orgs.name }).from(orgs)
    .where(and(inArray(orgs.id, o.path.split('/').filter(Boolean).map(Number)), scopeWhere(actor))).orderBy(asc(orgs.depth));
  const posts = await db.select().from(orgPosts).where(eq(orgPosts.orgId, id)).orderBy(sql`${orgPosts.endedOn} nulls first`, postRank, asc(orgPosts.id));
  const [{ n: childCount } = { n: 0 }] = await db.select({ n: sql<number>`count(*)::int` }).from(orgs)
    .where(and(eq(orgs.parentId, id), eq(orgs.status, 'active')));
  const warnings: Warning[] = structureWarnings({
    orgType: o.orgType, status: o.status, fullMembers: facts.full, totalMembers: facts.total, subtreeMembers: facts.subtree,
    committeeMembers: facts.committee, hasSecretary: facts.hasSecretary, secretaryVacantSince: facts.vacantSince,
  }, today(), rules);
  return {
    ...o, parentName: parent?.name ?? null, ancestors, childCount, fullMembers: facts.full,
    termState: termState(o.termEnd, today(), rules), warnings, posts,
  };
}

export type OrgInput = {
  name: string; shortName?: string | null; orgType: OrgType; category: string; isTemporary?: boolean;
  unitName?: string | null; unitUscc?: string | null; contactName?: string | null; contactPhone?: string | null;
  foundedOn?: string | null; termStart?: string | null; termEnd?: string | null; sort?: number;
};

async function checkCategory(db: Db, code: string) {
  const [c] = await db.select().from(orgCategories).where(eq(orgCategories.code, code));
  if (!c) throw errors.field('category', `组织类别「${code}」不存在`);
}

function checkTerm(input: Partial<OrgInput>) {
  if (input.termStart && input.termEnd && input.termEnd <= input.termStart) throw errors.field('termEnd', '届满日期须晚于本届开始日期');
}

function checkChildType(parentType: string, childType: string) {
  if (!ALLOWED_CHILDREN[parentType]?.includes(childType)) {
    throw errors.field('orgType', '该上级组织下不能设立此类型的组织');
  }
}

export async function createOrg(db: Db, actor: Actor, parentId: number, input: OrgInput) {
  const parent = await getOrgRow(db, actor, parentId, P.orgWrite);
  if (parent.status !== 'active') throw errors.field('parentId', '上级组织已撤销');
  checkChildType(parent.orgType, input.orgType);
  await checkCategory(db, input.category);
  checkTerm(input);
  return inTx(db, async (tx) => {
    const [o] = await tx.insert(orgs).values({ ...input, countyId: parent.countyId, parentId, path: 'pending', depth: parent.depth + 1 }).returning();
    const [done] = await tx.update(orgs).set({ path: `${parent.path}${o!.id}/` }).where(eq(orgs.id, o!.id)).returning();
    await audit(tx, actor, { action: 'create', entity: 'org', entityId: o!.id, orgId: o!.id, after: done });
    return done!;
  });
}

export async function updateOrg(db: Db, actor: Actor, id: number, input: Partial<OrgInput> & { version: number }) {
  const before = await getOrgRow(db, actor, id, P.orgWrite);
  if (before.version !== input.version) throw errors.stale();
  if (input.category) await checkCategory(db, input.category);
  if (input.orgType && input.orgType !== before.orgType && before.parentId) {
    const [parent] = await db.select().from(orgs).where(eq(orgs.id, before.parentId));
    checkChildType(parent!.orgType, input.orgType);
  }
  checkTerm({ termStart: input.termStart ?? before.termStart, termEnd: input.termEnd ?? before.termEnd });
  const { version, ...patch } = input;
  return inTx(db, async (tx) => {
    const [o] = await tx.update(orgs).set({ ...patch, updatedAt: new Date(), version: sql`${orgs.version} + 1` })
      .where(and(eq(orgs.id, id), eq(orgs.version, version))).returning();
    if (!o) throw errors.stale();
    await audit(tx, actor, { action: 'update', entity: 'org', entityId: id, orgId: id, before, after: o });
    return o;
  });
}

/** Move a subtree: every path below is rewritten, and member totals move with it, in one transaction. */
export async function moveOrg(db: Db, actor: Actor, id: number, input: { newParentId: number; version: number }) {
  const o = await getOrgRow(db, actor, id, P.orgWrite);
  if (!o.parentId) throw errors.badRequest('根组织不能移动');
  if (o.version !== input.version) throw errors.stale();
  const target = await getOrgRow(db, actor, input.newParentId, P.orgWrite);
  if (isInsideSubtree(target.path, o.path)) throw errors.field('newParentId', '不能把组织移动到它自己或它的下级组织之下');
  if (target.status !== 'active') throw errors.field('newParentId', '目标上级组织已撤销');
  checkChildType(target.orgType, o.orgType);
  const newPath = `${target.path}${o.id}/`;
  const depthDelta = target.depth + 1 - o.depth;
  return inTx(db, async (tx) => {
    await tx.execute(sql`update orgs set path = ${newPath} || substr(path, ${o.path.length + 1}),
      depth = depth + ${depthDelta}, updated_at = now() where path like ${o.path + '%'}`);
    await tx.execute(sql`update orgs set parent_id = ${target.id}, version = version + 1 where id = ${o.id}`);
    await adjustAncestorCounts(tx, o.path, -o.subtreeMemberCount, false);
    await adjustAncestorCounts(tx, target.path, o.subtreeMemberCount, true);
    await audit(tx, actor, { action: 'move', entity: 'org', entityId: id, orgId: id,
      before: { parentId: o.parentId, path: o.path }, after: { parentId: target.id, path: newPath } });
    const [moved] = await tx.select().from(orgs).where(eq(orgs.id, id));
    return moved!;
  });
}

/** Add delta to the subtree totals of the orgs on a path; includeLast says whether its last org counts too. */
export async function adjustAncestorCounts(tx: Db, path: string, delta: number, includeLast: boolean) {
  if (!delta) return;
  const ids = path.split('/').filter(Boolean).map(Number);
  const target = includeLast ? ids : ids.slice(0, -1);
  if (!target.length) return;
  await tx.update(orgs).set({ subtreeMemberCount: sql`${orgs.subtreeMemberCount} + ${delta}` }).where(inArray(orgs.id, target));
}

/** Record a change of active member count in one org: its own count and every total above it. */
export async function adjustMemberCounts(tx: Db, orgId: number, delta: number) {
  await adjustMemberCountsMany(tx, new Map([[orgId, delta]]));
}

/**
 * The same for many orgs at once (an import into a county's branches): two statements, whatever the number of orgs,
 * each total above them moved by the sum of its orgs' changes.
 */
export async function adjustMemberCountsMany(tx: Db, deltas: Map<number, number>) {
  const changed = [...deltas].filter(([, n]) => n);
  if (!changed.length) return;
  const ids = changed.map(([id]) => id).join(','); const ns = changed.map(([, n]) => n).join(',');
  const d = sql`select unnest(string_to_array(${ids}, ',')::int[]) as id, unnest(string_to_array(${ns}, ',')::int[]) as n`;
  await tx.execute(sql`update orgs o set member_count = o.member_count + d.n from (${d}) d where o.id = d.id`);
  await tx.execute(sql`update orgs a set subtree_member_count = a.subtree_member_count + s.n
    from (select x::int as id, sum(d.n)::int as n from (${d}) d join orgs o on o.id = d.id
      cross join lateral unnest(string_to_array(o.path, '/')) as x where x <> '' group by x) s
    where a.id = s.id`);
}

/** Rebuild every total from the member facts, leaves upward; idempotent, and must agree with the maintained values. */
export async function refreshOrgCounts(db: Db) {
  await db.execute(sql`update orgs o set member_count = coalesce(c.n, 0), subtree_member_count = coalesce(c.n, 0)
    from orgs o2 left join (select org_id, count(*)::int as n from members where status = 'active' group by org_id) c on c.org_id = o2.id
    where o2.id = o.id`);
  const [{ d = 0 } = {}] = await rows<{ d: number }>(db, sql`select coalesce(max(depth), 0)::int as d from orgs`);
  for (let depth = d; depth >= 1; depth--) {
    await db.execute(sql`update orgs p set subtree_member_count = p.member_count + s.n
      from (select parent_id, sum(subtree_member_count)::int as n from orgs where depth = ${depth} group by parent_id) s
      where p.id = s.parent_id`);
  }
}

export async function dissolveOrg(db: Db, actor: Actor, id: number, input: { reason: string; dissolvedOn: string; version: number }) {
  const o = await getOrgRow(db, actor, id, P.orgWrite);
  if (!o.parentId) throw errors.badRequest('根组织不能撤销');
  if (o.status !== 'active') throw errors.badRequest('该组织已撤销');
  if (o.version !== input.version) throw errors.stale();
  const [{ n: kids } = { n: 0 }] = await db.select({ n: sql<number>`count(*)::int` }).from(orgs).where(and(eq(orgs.parentId, id), eq(orgs.status, 'active')));
  if (kids > 0) throw errors.badRequest(`该组织还有 ${kids} 个下级组织，请先撤销或移走`);
  if (o.memberCount > 0) throw errors.badRequest(`该组织还有 ${o.memberCount} 名党员，请先办理组织关系转接`);
  return inTx(db, async (tx) => {
    const [d] = await tx.update(orgs).set({ status: 'dissolved', dissolvedOn: input.dissolvedOn, dissolvedReason: input.reason,
      updatedAt: new Date(), version: sql`${orgs.version} + 1` }).where(and(eq(orgs.id, id), eq(orgs.version, input.version))).returning();
    if (!d) throw errors.stale();
    await tx.update(orgPosts).set({ endedOn: input.dissolvedOn, endReason: '组织撤销' }).where(and(eq(orgPosts.orgId, id), isNull(orgPosts.endedOn)));
    await audit(tx, actor, { action: 'dissolve', entity: 'org', entityId: id, orgId: id, before: o, after: d });
    return d!;
  });
}

export async function addPost(db: Db, actor: Actor, orgId: number,
  input: { post: Post; memberId?: number | null; personName?: string | null; startedOn: string }) {
  const o = await getOrgRow(db, actor, orgId, P.orgWrite);
  if (o.status !== 'active') throw errors.badRequest('该组织已撤销');
  let personName = input.personName?.trim() || null;
  if (input.memberId) {
    const [m] = await rows<{ name: string }>(db, sql`select name from members where id = ${input.memberId} and county_id = ${o.countyId}`);
    if (!m) throw errors.field('memberId', '党员不存在');
    personName = m.name;
  }
  if (!personName) throw errors.field('personName', '请选择党员或填写姓名');
  if (input.post === 'secretary') {
    const [held] = await db.select({ id: orgPosts.id }).from(orgPosts)
      .where(and(eq(orgPosts.orgId, orgId), eq(orgPosts.post, 'secretary'), isNull(orgPosts.endedOn)));
    if (held) throw errors.field('post', '该组织已有在任书记，请先办理原书记离任');
  }
  return inTx(db, async (tx) => {
    const [p] = await tx.insert(orgPosts).values({ countyId: o.countyId, orgId, memberId: input.memberId ?? null, personName: personName!,
      post: input.post, startedOn: input.startedOn }).returning();
    await audit(tx, actor, { action: 'add_post', entity: 'org', entityId: orgId, orgId, after: p });
    return p!;
  });
}

export async function endPost(db: Db, actor: Actor, postId: number, input: { endedOn: string; reason?: string | null }) {
  const [p] = await db.select().from(orgPosts).where(eq(orgPosts.id, postId));
  if (!p) throw errors.notFound('职务');
  await getOrgRow(db, actor, p.orgId, P.orgWrite);
  if (p.endedOn) throw errors.badRequest('该职务已离任');
  if (input.endedOn < p.startedOn) throw errors.field('endedOn', '离任日期不能早于任职日期');
  return inTx(db, async (tx) => {
    const [e] = await tx.update(orgPosts).set({ endedOn: input.endedOn, endReason: input.reason ?? null }).where(eq(orgPosts.id, postId)).returning();
    await audit(tx, actor, { action: 'end_post', entity: 'org', entityId: p.orgId, orgId: p.orgId, before: p, after: e });
    return e!;
  });
}

/** Party-affairs worker roster: current holders of posts in orgs within scope. */
export async function findWorkers(db: Db, actor: Actor, f: { keyword?: string; post?: Post; under?: number; page: number; pageSize: number }) {
  require(actor, P.orgRead);
  const underPath = f.under ? (await getOrgRow(db, actor, f.under)).path : undefined;
  const where = and(scopeWhere(actor), isNull(orgPosts.endedOn), eq(orgs.status, 'active'),
    f.keyword ? ilike(orgPosts.personName, contains(f.keyword)) : undefined,
    f.post ? eq(orgPosts.post, f.post) : undefined,
    underPath ? sql`${orgs.path} like ${underPath + '%'}` : undefined);
  const [items, [total]] = await Promise.all([
    db.select({ id: orgPosts.id, personName: orgPosts.personName, memberId: orgPosts.memberId, post: orgPosts.post,
      startedOn: orgPosts.startedOn, orgId: orgs.id, orgName: orgs.name,
      mobile: sql<string | null>`(select m.mobile from members m where m.id = ${orgPosts.memberId})` })
      .from(orgPosts).innerJoin(orgs, eq(orgs.id, orgPosts.orgId))
      .where(where).orderBy(asc(orgs.path), postRank, asc(orgPosts.id)).limit(f.pageSize).offset(offset(f)),
    db.select({ n: sql<number>`count(*)::int` }).from(orgPosts).innerJoin(orgs, eq(orgs.id, orgPosts.orgId)).where(where),
  ]);
  return { items, total: total?.n ?? 0 };
}

/** County-wide structure check: every active org in scope that breaks a rule of docs/rules.md §1. */
export async function findStructureWarnings(db: Db, actor: Actor, f: { under?: number; code?: string; page: number; pageSize: number }) {
  require(actor, P.orgRead);
  const underPath = f.under ? (await getOrgRow(db, actor, f.under)).path : undefined;
  const rules = await loadStructureRules(db);
  const candidates = await db.select({ id: orgs.id, name: orgs.name, orgType: orgs.orgType, category: orgs.category, status: orgs.status, path: orgs.path })
    .from(orgs).where(and(scopeWhere(actor), eq(orgs.status, 'active'), ne(orgs.orgType, 'party_group'),
      underPath ? sql`${orgs.path} like ${underPath + '%'}` : undefined)).orderBy(asc(orgs.path));
  const facts = await structureFacts(db, candidates.map((c) => c.id));
  const t = today();
  const all = candidates.flatMap((c) => {
    const x = facts.get(c.id)!;
    const warnings = structureWarnings({ orgType: c.orgType, status: c.status, fullMembers: x.full, totalMembers: x.total, subtreeMembers: x.subtree,
      committeeMembers: x.committee, hasSecretary: x.hasSecretary, secretaryVacantSince: x.vacantSince }, t, rules)
      .filter((w) => !f.code || w.code === f.code);
    return warnings.length ? [{ id: c.id, name: c.name, orgType: c.orgType, category: c.category, fullMembers: x.full, totalMembers: x.total, subtreeMembers: x.subtree, warnings }] : [];
  });
  return { items: all.slice(offset(f), offset(f) + f.pageSize), total: all.length };
}

export async function findCategories(db: Db) {
  return db.select().from(orgCategories).orderBy(asc(orgCategories.sort));
}

export async function getOrgHistory(db: Db, actor: Actor, id: number) {
  await getOrgRow(db, actor, id);
  return entityHistory(db, 'org', id);
}

/**
 * For screening (weak-org triggers): the date since which an org's secretary post has been vacant, or null
 * while a secretary is in post — the same rule as the structure warnings (last secretary's end, else founding).
 */
export const secretaryVacantSinceSql = (orgAlias: string) => sql.raw(`case when not exists (select 1 from org_posts p where p.org_id = ${orgAlias}.id
  and p.post = 'secretary' and p.ended_on is null) then coalesce((select max(p.ended_on) from org_posts p where p.org_id = ${orgAlias}.id and p.post = 'secretary'),
  ${orgAlias}.founded_on, ${orgAlias}.created_at::date) end`);

/**
 * The cockpit's org figures: active orgs in scope (below `under`) by type and by category, and per child of
 * `under` (or the top of the scope) for the drill-down.
 */
export async function orgFigures(db: Db, actor: Actor, f: { under?: number }) {
  require(actor, P.orgRead);
  const scope = scopeOf(actor, P.orgRead);
  const under = f.under ? await getOrgRow(db, actor, f.under, P.orgRead) : null;
  // figure orgs.grassroots (src/shared/figures.ts): 基层党组织 of the area, the selected org itself included when it is one
  const where = sql`o.status = 'active' and ${orgScopeSql(scope, { countyId: sql`o.county_id`, path: sql`o.path`, id: sql`o.id` })}
    ${under ? sql`and o.path like ${under.path + '%'}` : sql``}`;
  const grassroots = sql`o.org_type in (${sql.join(GRASSROOTS_ORG_TYPES.map((t) => sql`${t}`), sql`, `)})`;
  const key = rollupKey(scope, under?.path ?? null, sql`o.path`, sql`o.id`);
  const [byType, byCategory, byChild] = await Promise.all([
    rows<{ orgType: string; n: number }>(db, sql`select o.org_type as "orgType", count(*)::int as n from orgs o where ${where} group by 1 order by 2 desc`),
    rows<{ category: string; n: number }>(db, sql`select o.category, count(*)::int as n from orgs o where ${where} and ${grassroots} group by 1 order by 2 desc`),
    rows<{ id: number; name: string; orgs: number; branches: number }>(db, sql`with per as (select ${key} as child, count(*) filter (where ${grassroots})::int as orgs,
        count(*) filter (where o.org_type = 'branch')::int as branches from orgs o where ${where} group by 1)
      select g.id, g.name, per.orgs, per.branches from per join orgs g on g.id = per.child where per.orgs > 0 order by g.path`),
  ]);
  const grassrootsTotal = byType.filter((x) => (GRASSROOTS_ORG_TYPES as readonly string[]).includes(x.orgType)).reduce((a, x) => a + x.n, 0);
  return { under: under && { id: under.id, name: under.name }, total: grassrootsTotal, byType, byCategory, byChild };
}

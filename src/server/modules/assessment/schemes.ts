/**
 * Schemes: drafting a year's scheme (from the template, a copy or the level above's base scheme), its indicator
 * tree, publishing it, and who may see or manage it.
 */
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { can, require, type Actor, scopeAt } from '../../core/actor.js';
import { audit } from '../../core/audit.js';
import { inTx, rows, type Db } from '../../core/db.js';
import { errors } from '../../core/errors.js';
import { P, type Permission } from '../../core/permissions.js';
import { getOrgRow } from '../orgs/service.js';
import { METRIC_KEYS, METRICS } from '../metrics/catalogue.js';
import { ASSESSED_TYPES, COUNTY_GROUPS, COUNTY_TEMPLATE, DEFAULT_GRADE_RULE, flattenTemplate, TOWNSHIP_GROUPS, validateTree, type IndicatorDef } from './rules.js';
import type { OrgType } from '../../../shared/codes.js';
import { assessmentIndicators, assessmentOrgs, assessmentSchemes, type GradeRule, type Method, type RankGroup, type SchemeStatus } from './tables.js';

export type Scheme = typeof assessmentSchemes.$inferSelect;

/**
 * A scheme the actor may see: its owner org is in scope, or some org in scope lies under the owner
 * (a township sees the county's scheme it is assessed by). `manage`: the owner itself must be in scope.
 */
export async function getScheme(db: Db, actor: Actor, id: number, perm: Permission = P.assessmentRead): Promise<Scheme & { ownerPath: string; ownerName: string }> {
  require(actor, perm);
  const owner = perm === P.assessmentRead || perm === P.assessmentSubmit
    ? sql`(${scopeAt(actor, perm)} or exists (select 1 from orgs x where x.path like o.path || '%' and ${scopeAt(actor, perm, 'x')}))`
    : scopeAt(actor, perm);
  const [s] = await rows<Scheme & { ownerPath: string; ownerName: string }>(db, sql`
    select s.*, o.path as "ownerPath", o.name as "ownerName" from assessment_schemes s join orgs o on o.id = s.owner_org_id where s.id = ${id} and ${owner}`);
  if (!s) throw errors.notFound('考核方案');
  return camel(s);
}

/** rows() returns snake_case columns for `s.*`; the scheme's own fields in camelCase. */
function camel<T>(r: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) out[k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())] = v;
  return out as T;
}

/** A line of the scheme list; the owner is named only where the actor's scope reaches it. */
export type SchemeListRow = {
  id: number; year: number; name: string; version: number; status: SchemeStatus; ownerOrgId: number; ownerName: string | null; ownerType: OrgType;
  copiedFromId: number | null; baseSchemeId: number | null; objectionUntil: string | null; indicators: number; orgs: number; manageable: boolean;
};

export async function findSchemes(db: Db, actor: Actor, f: { year?: number }) {
  require(actor, P.assessmentRead);
  return rows<SchemeListRow>(db, sql`
    select s.id, s.year, s.name, s.version, s.status, s.owner_org_id as "ownerOrgId", case when ${scopeAt(actor, P.assessmentRead)} then o.name end as "ownerName", o.org_type as "ownerType",
      s.copied_from_id as "copiedFromId", s.base_scheme_id as "baseSchemeId", s.objection_until as "objectionUntil",
      (select count(*)::int from assessment_indicators i where i.scheme_id = s.id and i.method <> 'group') as indicators,
      (select count(*)::int from assessment_orgs a where a.scheme_id = s.id) as orgs,
      ${scopeAt(actor, P.assessmentManage)} as manageable
    from assessment_schemes s join orgs o on o.id = s.owner_org_id
    where (${scopeAt(actor, P.assessmentRead)} or exists (select 1 from orgs x where x.path like o.path || '%' and ${scopeAt(actor, P.assessmentRead, 'x')}))
      ${f.year ? sql`and s.year = ${f.year}` : sql``}
    order by s.year desc, o.path, s.version desc`);
}

export type SchemeInput = { name: string; year: number; ownerOrgId: number; groups?: RankGroup[]; orgTypes?: string[]; gradeRule?: GradeRule;
  bonusCap?: number; objectionDays?: number; notApplicableShare?: number; template?: 'county' | 'blank'; baseSchemeId?: number | null };

/** A new draft from the template (the county's six aspects) or blank; a committee's scheme may follow a base scheme of the level above. */
export async function createScheme(db: Db, actor: Actor, input: SchemeInput) {
  const owner = await getOrgRow(db, actor, input.ownerOrgId, P.assessmentManage).catch(() => { throw errors.field('ownerOrgId', '考核单位不存在或不在您的管理范围内'); });
  const isCounty = owner.parentId === null;
  let base: Awaited<ReturnType<typeof getScheme>> | null = null;
  if (input.baseSchemeId) base = await getScheme(db, actor, input.baseSchemeId).catch(() => { throw errors.field('baseSchemeId', '上级方案不存在'); });
  return inTx(db, async (tx) => {
    const [s] = await tx.insert(assessmentSchemes).values({
      countyId: owner.countyId, ownerOrgId: owner.id, year: input.year, name: input.name, groups: input.groups ?? (isCounty ? COUNTY_GROUPS : TOWNSHIP_GROUPS),
      orgTypes: input.orgTypes ?? ASSESSED_TYPES, gradeRule: input.gradeRule ?? DEFAULT_GRADE_RULE, bonusCap: String(input.bonusCap ?? 5),
      objectionDays: input.objectionDays ?? 7, notApplicableShare: String(input.notApplicableShare ?? 1), baseSchemeId: base?.id ?? null, createdBy: actor.userId,
    }).returning();
    if (base) await copyIndicators(tx, base.id, s!.id);
    else if (input.template !== 'blank') await insertTemplate(tx, s!.id);
    await audit(tx, actor, { action: 'create', entity: 'assessment_scheme', entityId: s!.id, orgId: owner.id, after: s });
    return s!;
  });
}

async function insertTemplate(tx: Db, schemeId: number) {
  const ids = new Map<number, number>();
  for (const r of flattenTemplate(COUNTY_TEMPLATE)) {
    const [i] = await tx.insert(assessmentIndicators).values({ schemeId, parentId: r.parentKey ? ids.get(r.parentKey)! : null, code: r.code, name: r.name, sort: r.sort,
      method: r.method, maxPoints: String(r.maxPoints), perItem: r.perItem == null ? null : String(r.perItem), metricKey: r.metricKey ?? null,
      metricTarget: r.metricTarget == null ? null : String(r.metricTarget), vetoEffect: r.vetoEffect ?? null, criteria: r.criteria ?? null }).returning({ id: assessmentIndicators.id });
    ids.set(r.key, i!.id);
  }
}

async function copyIndicators(tx: Db, fromId: number, toId: number) {
  const src = await tx.select().from(assessmentIndicators).where(eq(assessmentIndicators.schemeId, fromId)).orderBy(asc(assessmentIndicators.id));
  const ids = new Map<number, number>();
  for (const i of src) {
    const { id, schemeId: _s, parentId, copiedFromId: _c, ...rest } = i;
    const [n] = await tx.insert(assessmentIndicators).values({ ...rest, schemeId: toId, parentId: parentId ? ids.get(parentId)! : null, copiedFromId: id }).returning({ id: assessmentIndicators.id });
    ids.set(id, n!.id);
  }
}

/** A new version of a scheme (same year) or next year's scheme starts as a copy; the copy is a draft. */
export async function copyScheme(db: Db, actor: Actor, id: number, input: { year?: number; name?: string }) {
  const s = await getScheme(db, actor, id, P.assessmentManage);
  const year = input.year ?? s.year;
  const [{ v = 0 } = {}] = await rows<{ v: number }>(db, sql`select coalesce(max(version), 0)::int as v from assessment_schemes where owner_org_id = ${s.ownerOrgId} and year = ${year}`);
  return inTx(db, async (tx) => {
    const [n] = await tx.insert(assessmentSchemes).values({
      countyId: s.countyId, ownerOrgId: s.ownerOrgId, year, name: input.name ?? (year === s.year ? s.name : s.name.replace(String(s.year), String(year))),
      version: v + 1, copiedFromId: s.id, baseSchemeId: s.baseSchemeId, groups: s.groups, orgTypes: s.orgTypes, gradeRule: s.gradeRule,
      bonusCap: String(s.bonusCap), objectionDays: s.objectionDays, notApplicableShare: String(s.notApplicableShare), createdBy: actor.userId,
    }).returning();
    await copyIndicators(tx, s.id, n!.id);
    await audit(tx, actor, { action: 'copy', entity: 'assessment_scheme', entityId: n!.id, orgId: s.ownerOrgId, after: { from: s.id, year } });
    return n!;
  });
}

const LOCKED = '方案已发布，不能修改；如需调整，请“复制为新版本”后修改';
function draftOnly(s: Scheme) { if (s.status !== 'draft') throw errors.invalidState(LOCKED); }

export async function updateScheme(db: Db, actor: Actor, id: number, input: Partial<SchemeInput> & { rev: number; deviationApproval?: string | null }) {
  const s = await getScheme(db, actor, id, P.assessmentManage);
  draftOnly(s);
  return inTx(db, async (tx) => {
    const [n] = await tx.update(assessmentSchemes).set({
      name: input.name ?? s.name, year: input.year ?? s.year, groups: input.groups ?? s.groups, orgTypes: input.orgTypes ?? s.orgTypes,
      gradeRule: input.gradeRule ?? s.gradeRule, bonusCap: input.bonusCap === undefined ? s.bonusCap : String(input.bonusCap),
      objectionDays: input.objectionDays ?? s.objectionDays,
      notApplicableShare: input.notApplicableShare === undefined ? s.notApplicableShare : String(input.notApplicableShare), deviationApproval: input.deviationApproval === undefined ? s.deviationApproval : input.deviationApproval,
      rev: s.rev + 1,
    }).where(and(eq(assessmentSchemes.id, id), eq(assessmentSchemes.rev, input.rev))).returning();
    if (!n) throw errors.stale();
    await audit(tx, actor, { action: 'update', entity: 'assessment_scheme', entityId: id, orgId: s.ownerOrgId, before: s, after: n });
    return n;
  });
}

export type IndicatorInput = { key: number; parentKey: number | null; code: string; name: string; method: Method; maxPoints: number; weight?: number;
  perItem?: number | null; metricKey?: string | null; metricTarget?: number | null; vetoEffect?: 'poor' | 'no_excellent' | null; criteria?: string | null; copiedFromId?: number | null };

/** Replace a draft's indicator tree as a whole (keys are the editor's own); checked before it is saved. */
export async function saveIndicators(db: Db, actor: Actor, id: number, list: IndicatorInput[], rev: number) {
  const s = await getScheme(db, actor, id, P.assessmentManage);
  draftOnly(s);
  const defs: IndicatorDef[] = list.map((i) => ({ ...i, id: i.key, parentId: i.parentKey, weight: i.weight ?? 1 }));
  const problems = validateTree(defs, METRIC_KEYS);
  const dupe = list.find((i, k) => list.findIndex((j) => j.code === i.code) !== k);
  if (dupe) problems.unshift(`指标编号「${dupe.code}」重复`);
  if (problems.length) throw errors.badRequest(problems[0]!, problems.map((m) => ({ field: 'indicators', message: m })));
  return inTx(db, async (tx) => {
    const [n] = await tx.update(assessmentSchemes).set({ rev: s.rev + 1 }).where(and(eq(assessmentSchemes.id, id), eq(assessmentSchemes.rev, rev))).returning();
    if (!n) throw errors.stale();
    const before = await tx.select().from(assessmentIndicators).where(eq(assessmentIndicators.schemeId, id));
    await tx.delete(assessmentIndicators).where(eq(assessmentIndicators.schemeId, id));
    const ids = new Map<number, number>();
    const ordered = topo(list);
    for (const [sort, i] of ordered.entries()) {
      const [r] = await tx.insert(assessmentIndicators).values({ schemeId: id, parentId: i.parentKey === null ? null : ids.get(i.parentKey)!, code: i.code, name: i.name,
        sort, method: i.method, maxPoints: String(i.maxPoints), weight: String(i.weight ?? 1), perItem: i.perItem == null ? null : String(i.perItem),
        metricKey: i.method === 'metric' ? i.metricKey ?? null : null, metricTarget: i.metricTarget == null ? null : String(i.metricTarget),
        vetoEffect: i.method === 'veto' ? i.vetoEffect ?? 'poor' : null, criteria: i.criteria ?? null, copiedFromId: i.copiedFromId ?? null }).returning({ id: assessmentIndicators.id });
      ids.set(i.key, r!.id);
    }
    await audit(tx, actor, { action: 'update', entity: 'assessment_indicators', entityId: id, orgId: s.ownerOrgId, before: { count: before.length }, after: { count: list.length } });
    return { rev: n.rev };
  });
}

function topo(list: IndicatorInput[]): IndicatorInput[] {
  const out: IndicatorInput[] = []; const seen = new Set<number>();
  const visit = (parent: number | null) => list.filter((i) => i.parentKey === parent).forEach((i) => { if (!seen.has(i.key)) { seen.add(i.key); out.push(i); visit(i.key); } });
  visit(null);
  return out;
}

export async function indicatorsOf(db: Db, schemeId: number): Promise<(IndicatorDef & { sort: number; criteria: string | null; copiedFromId: number | null })[]> {
  const r = await db.select().from(assessmentIndicators).where(eq(assessmentIndicators.schemeId, schemeId)).orderBy(asc(assessmentIndicators.sort), asc(assessmentIndicators.id));
  return r.map((i) => ({ id: i.id, parentId: i.parentId, code: i.code, name: i.name, method: i.method, maxPoints: Number(i.maxPoints), weight: Number(i.weight),
    perItem: i.perItem === null ? null : Number(i.perItem), metricKey: i.metricKey, metricTarget: i.metricTarget === null ? null : Number(i.metricTarget),
    vetoEffect: i.vetoEffect, sort: i.sort, criteria: i.criteria, copiedFromId: i.copiedFromId }));
}

/** The orgs a scheme covers: under the owner, of the scheme's types and categories, the topmost such org on each line. */
async function coveredOrgs(db: Db, s: Pick<Scheme, 'ownerOrgId' | 'groups' | 'orgTypes'>) {
  const cats = s.groups.flatMap((g) => g.categories);
  if (!cats.length || !s.orgTypes.length) return [];
  const list = await rows<{ id: number; name: string; category: string; parentId: number; countyId: number }>(db, sql`
    with own as (select path, id from orgs where id = ${s.ownerOrgId}),
    c as (select o.id, o.name, o.category, o.parent_id, o.county_id, o.path from orgs o, own
      where o.path like own.path || '%' and o.id <> own.id and o.status = 'active' and o.category in ${cats} and o.org_type in ${s.orgTypes})
    select c.id, c.name, c.category, c.parent_id as "parentId", c.county_id as "countyId" from c
    where not exists (select 1 from c a where a.id <> c.id and c.path like a.path || '%') order by c.path`);
  return list.map((o) => ({ ...o, groupKey: s.groups.find((g) => g.categories.includes(o.category))!.key }));
}

/** What a base scheme of the level above and this one differ in: indicators added, removed, or with other points. */
export async function deviations(db: Db, s: Pick<Scheme, 'id' | 'baseSchemeId'>) {
  if (!s.baseSchemeId) return [];
  const [mine, base] = await Promise.all([indicatorsOf(db, s.id), indicatorsOf(db, s.baseSchemeId)]);
  const out: string[] = [];
  for (const i of mine) {
    const b = base.find((x) => x.code === i.code);
    if (!b) out.push(`新增指标「${i.code} ${i.name}」（${i.maxPoints} 分）`);
    else if (b.maxPoints !== i.maxPoints || b.weight !== i.weight || (b.metricTarget ?? null) !== (i.metricTarget ?? null)) {
      out.push(`「${i.code} ${i.name}」：上级 ${b.maxPoints} 分${b.metricTarget ? `、目标 ${b.metricTarget}` : ''}，本级 ${i.maxPoints} 分${i.metricTarget ? `、目标 ${i.metricTarget}` : ''}`);
    }
  }
  for (const b of base) if (!mine.some((i) => i.code === b.code)) out.push(`删去指标「${b.code} ${b.name}」`);
  return out;
}

/** Publish: the tree is checked, the covered orgs fixed, and the scheme locked for scoring. */
export async function publishScheme(db: Db, actor: Actor, id: number, rev: number) {
  const s = await getScheme(db, actor, id, P.assessmentManage);
  draftOnly(s);
  const inds = await indicatorsOf(db, id);
  const problems = validateTree(inds, METRIC_KEYS);
  if (!inds.some((i) => i.method !== 'group')) problems.unshift('方案还没有计分指标');
  if (problems.length) throw errors.badRequest(problems[0]!, problems.map((m) => ({ field: 'indicators', message: m })));
  const dev = await deviations(db, s);
  if (dev.length && !s.deviationApproval?.trim()) {
    throw errors.badRequest(`本方案与上级方案有 ${dev.length} 处不同（${dev[0]}${dev.length > 1 ? '等' : ''}），不得层层加码：请填写上级审批意见后再发布`,
      [{ field: 'deviationApproval', message: '请填写上级审批意见' }]);
  }
  const covered = await coveredOrgs(db, s);
  if (!covered.length) throw errors.badRequest('按方案的考核类别和组织类型，没有可考核的党组织');
  return inTx(db, async (tx) => {
    const [n] = await tx.update(assessmentSchemes).set({ status: 'scoring', publishedAt: new Date(), rev: s.rev + 1 })
      .where(and(eq(assessmentSchemes.id, id), eq(assessmentSchemes.rev, rev), eq(assessmentSchemes.status, 'draft'))).returning();
    if (!n) throw errors.stale();
    await tx.insert(assessmentOrgs).values(covered.map((o) => ({ schemeId: id, orgId: o.id, countyId: o.countyId, groupKey: o.groupKey })));
    await audit(tx, actor, { action: 'publish', entity: 'assessment_scheme', entityId: id, orgId: s.ownerOrgId, after: { orgs: covered.length } });
    return n;
  });
}

/** The scheme with its tree and covered orgs, for its page. */
export async function schemeDetail(db: Db, actor: Actor, id: number) {
  const s = await getScheme(db, actor, id);
  const [inds, covered, dev] = await Promise.all([indicatorsOf(db, id), schemeOrgs(db, actor, s), deviations(db, s)]);
  const seesOwner = await inScope(db, actor, P.assessmentRead, s.ownerOrgId);
  return { ...s, ownerName: seesOwner ? s.ownerName : null, ownerPath: null, bonusCap: Number(s.bonusCap), notApplicableShare: Number(s.notApplicableShare), indicators: inds, orgs: covered, deviations: dev,
    canManage: can(actor, P.assessmentManage) && await inScope(db, actor, P.assessmentManage, s.ownerOrgId),
    canScore: can(actor, P.assessmentScore) && await inScope(db, actor, P.assessmentScore, s.ownerOrgId),
    metrics: METRICS.map(({ key, label, module, describe }) => ({ key, label, module, describe })) };
}

export async function inScope(db: Db, actor: Actor, perm: Permission, orgId: number) {
  const [r] = await rows<{ ok: boolean }>(db, sql`select ${scopeAt(actor, perm)} as ok from orgs o where o.id = ${orgId}`);
  return !!r?.ok;
}

/** Covered orgs the actor may see (all of them for the owner's people; one's own for an assessed org). */
async function schemeOrgs(db: Db, actor: Actor, s: Scheme) {
  if (s.status === 'draft') {
    const list = await coveredOrgs(db, s);
    return list.map((o) => ({ id: o.id, name: o.name, category: o.category, groupKey: o.groupKey }));
  }
  return rows<{ id: number; name: string; category: string; groupKey: string }>(db, sql`
    select o.id, o.name, o.category, a.group_key as "groupKey" from assessment_orgs a join orgs o on o.id = a.org_id
    where a.scheme_id = ${s.id} and (${scopeAt(actor, P.assessmentRead)} or ${await ownerSees(db, actor, s)}) order by o.path`);
}

/** Whether the actor sees every covered org of a scheme: the owner is in their read scope. */
export async function ownerSees(db: Db, actor: Actor, s: Pick<Scheme, 'ownerOrgId'>): Promise<SQL> {
  return (await inScope(db, actor, P.assessmentRead, s.ownerOrgId)) ? sql`true` : sql`false`;
}

export async function leaf(db: Db, schemeId: number, indicatorId: number, methods: Method[]) {
  const i = (await indicatorsOf(db, schemeId)).find((x) => x.id === indicatorId);
  if (!i) throw errors.field('indicatorId', '指标不属于本方案');
  if (!methods.includes(i.method)) throw errors.field('indicatorId', `指标「${i.code} ${i.name}」的计分方式不是${methods.map((m) => ({ manual: '评分', deduction: '扣分', bonus: '加分', veto: '否决', daily: '日常记实', ballot: '年末测评', duty: '述职评议', metric: '平台数据', group: '分组' })[m]).join('或')}`);
  return i;
}

import crypto from 'node:crypto';
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { can, require, rollupKey, scopeOf, type Actor, scopeAt } from '../../core/actor.js';
import { audit } from '../../core/audit.js';
import { inTx, rows, type Db } from '../../core/db.js';
import { errors } from '../../core/errors.js';
import { offset, today } from '../../core/paging.js';
import { P, type Permission } from '../../core/permissions.js';
import { getOrgRow } from '../orgs/service.js';
import { checkEvidence, readStoredFile, storeFile } from '../meetings/service.js';
import { assessmentLink } from '../inspections/service.js';
import { screeningSignals } from '../weak-orgs/service.js';
import { circularDocx } from './documents.js';
import { metricValues, METRIC_KEYS, METRICS } from '../metrics/catalogue.js';
import {
  ASSESSED_TYPES, ballotPoints, checkEntry, computeTotals, COUNTY_GROUPS, COUNTY_TEMPLATE, DEFAULT_BALLOT_CHOICES, DEFAULT_GRADE_RULE, entryHash,
  flattenTemplate, GENESIS, indicatorScore, metricPoints, rankAndGrade, round2, TOWNSHIP_GROUPS, validateTree, verifyChain, weightProducts,
  type IndicatorDef, type Ranked,
} from './rules.js';
import {
  accountabilityActions, assessmentFindings, assessmentIndicators, assessmentOrgs, assessmentResults, assessmentSchemes, ballotCampaigns, ballotGroups,
  ballotMarks, ballots, ballotTokens, dailyRecords, dutyScores, scoreEntries, scoreObjections,
  type ActionKind, type Channel, type GradeRule, type Method, type RankGroup, type SchemeStatus,
} from './tables.js';

type Scheme = typeof assessmentSchemes.$inferSelect;

// ───────────────────────────── schemes ─────────────────────────────

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

export async function findSchemes(db: Db, actor: Actor, f: { year?: number }) {
  require(actor, P.assessmentRead);
  return rows(db, sql`
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
  bonusCap?: number; objectionDays?: number; template?: 'county' | 'blank'; baseSchemeId?: number | null };

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
      objectionDays: input.objectionDays ?? 7, baseSchemeId: base?.id ?? null, createdBy: actor.userId,
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
      bonusCap: String(s.bonusCap), objectionDays: s.objectionDays, createdBy: actor.userId,
    }).returning();
    await copyIndicators(tx, s.id, n!.id);
    await audit(tx, actor, { action: 'copy', entity: 'assessment_scheme', entityId: n!.id, orgId: s.ownerOrgId, after: { from: s.id, year } });
    return n!;
  });
}

const LOCKED = '方案已发布，不能修改；如需调整，请“复制为新版本”后修改';
function draftOnly(s: Scheme) { if (s.status !== 'draft') throw errors.conflict(LOCKED); }

export async function updateScheme(db: Db, actor: Actor, id: number, input: Partial<SchemeInput> & { rev: number; deviationApproval?: string | null }) {
  const s = await getScheme(db, actor, id, P.assessmentManage);
  draftOnly(s);
  return inTx(db, async (tx) => {
    const [n] = await tx.update(assessmentSchemes).set({
      name: input.name ?? s.name, year: input.year ?? s.year, groups: input.groups ?? s.groups, orgTypes: input.orgTypes ?? s.orgTypes,
      gradeRule: input.gradeRule ?? s.gradeRule, bonusCap: input.bonusCap === undefined ? s.bonusCap : String(input.bonusCap),
      objectionDays: input.objectionDays ?? s.objectionDays, deviationApproval: input.deviationApproval === undefined ? s.deviationApproval : input.deviationApproval,
      rev: s.rev + 1,
    }).where(and(eq(assessmentSchemes.id, id), eq(assessmentSchemes.rev, input.rev))).returning();
    if (!n) throw errors.conflict();
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
    if (!n) throw errors.conflict();
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
    if (!n) throw errors.conflict();
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
  return { ...s, ownerName: seesOwner ? s.ownerName : null, ownerPath: null, bonusCap: Number(s.bonusCap), indicators: inds, orgs: covered, deviations: dev,
    canManage: can(actor, P.assessmentManage) && await inScope(db, actor, P.assessmentManage, s.ownerOrgId),
    canScore: can(actor, P.assessmentScore) && await inScope(db, actor, P.assessmentScore, s.ownerOrgId),
    metrics: METRICS.map(({ key, label, module, describe }) => ({ key, label, module, describe })) };
}

async function inScope(db: Db, actor: Actor, perm: Permission, orgId: number) {
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
async function ownerSees(db: Db, actor: Actor, s: Pick<Scheme, 'ownerOrgId'>): Promise<SQL> {
  return (await inScope(db, actor, P.assessmentRead, s.ownerOrgId)) ? sql`true` : sql`false`;
}

// ───────────────────────────── the ledger ─────────────────────────────

export type NewEntry = { orgId: number; indicatorId: number; points: number; channel: Channel; evidenceKind?: string | null; evidenceId?: number | null;
  reason?: string | null; reversesId?: number | null; approvedBy?: number | null; approvedByName?: string | null };

const OPEN_FOR: Record<SchemeStatus, string | null> = {
  draft: '方案尚未发布，不能计分', scoring: null, review: null, objection: '结果公示期间只能通过异议处理更正', final: '考核已定稿，不能再计分',
};

/**
 * Append entries to a scheme's ledger in the caller's transaction: the scheme row is locked, each entry is
 * checked against its indicator's bounds and the scheme's orgs, then chained to the previous hash.
 */
export async function appendEntries(tx: Db, actor: Actor, schemeId: number, list: NewEntry[], opts: { viaObjection?: boolean } = {}) {
  if (!list.length) return [];
  const [s] = await rows<{ status: SchemeStatus; version: number; county_id: number }>(tx, sql`select status, version, county_id from assessment_schemes where id = ${schemeId} for update`);
  if (!s) throw errors.notFound('考核方案');
  const closed = opts.viaObjection && s.status === 'objection' ? null : OPEN_FOR[s.status];
  if (closed) throw errors.conflict(closed);
  const inds = new Map((await indicatorsOf(tx, schemeId)).map((i) => [i.id, i]));
  const orgIds = [...new Set(list.map((e) => e.orgId))];
  const covered = new Set((await rows<{ org_id: number }>(tx, sql`select org_id from assessment_orgs where scheme_id = ${schemeId} and org_id in ${orgIds}`)).map((r) => r.org_id));
  const sums = new Map<string, number>();
  for (const r of await rows<{ org_id: number; indicator_id: number; raw: string }>(tx, sql`
    select org_id, indicator_id, raw from score_sums where scheme_id = ${schemeId} and org_id in ${orgIds}`)) {
    sums.set(`${r.org_id}:${r.indicator_id}`, Number(r.raw));
  }
  for (const [k, e] of list.entries()) {
    const where = list.length > 1 ? `第 ${k + 1} 条：` : '';
    const i = inds.get(e.indicatorId);
    if (!i) throw errors.field('indicatorId', `${where}指标不属于本方案`);
    if (!covered.has(e.orgId)) throw errors.field('orgId', `${where}该党组织不在本方案的考核范围（考核类别）内`);
    const key = `${e.orgId}:${e.indicatorId}`;
    const msg = checkEntry(i, sums.get(key) ?? 0, e.points, e.channel === 'correction');
    if (msg) throw errors.field('points', where + msg);
    sums.set(key, round2((sums.get(key) ?? 0) + e.points));
  }
  const [last] = await rows<{ seq: number; hash: string }>(tx, sql`select seq, hash from score_entries where scheme_id = ${schemeId} order by seq desc limit 1`);
  let seq = last?.seq ?? 0; let prev = last?.hash ?? GENESIS;
  const values = list.map((e) => {
    seq += 1;
    const recordedAt = new Date();
    const f = { schemeId, seq, orgId: e.orgId, indicatorId: e.indicatorId, points: round2(e.points), channel: e.channel, evidenceKind: e.evidenceKind ?? null,
      evidenceId: e.evidenceId ?? null, reason: e.reason ?? null, reversesId: e.reversesId ?? null, schemeVersion: s.version, recordedBy: actor.userId,
      approvedBy: e.approvedBy ?? null, recordedAt };
    const hash = entryHash(prev, f);
    const row = { ...f, points: f.points.toFixed(2), countyId: s.county_id, recordedByName: actor.displayName, approvedByName: e.approvedByName ?? null, prevHash: prev, hash };
    prev = hash;
    return row;
  });
  const out: (typeof scoreEntries.$inferSelect)[] = [];
  for (let k = 0; k < values.length; k += 1000) out.push(...await tx.insert(scoreEntries).values(values.slice(k, k + 1000)).returning());
  await addToSums(tx, schemeId, s.county_id, values.map((v) => ({ orgId: v.orgId, indicatorId: v.indicatorId, points: Number(v.points) })));
  await audit(tx, actor, { action: 'score', entity: 'score_entry', entityId: out[0]!.id, after: { schemeId, entries: out.length, first: values[0]!.reason } });
  return out;
}

/** The maintained sums move with each batch of entries (one upsert per org and indicator touched). */
async function addToSums(tx: Db, schemeId: number, countyId: number, list: { orgId: number; indicatorId: number; points: number }[]) {
  const delta = new Map<string, { orgId: number; indicatorId: number; points: number; n: number }>();
  for (const e of list) {
    const k = `${e.orgId}:${e.indicatorId}`;
    const d = delta.get(k) ?? { orgId: e.orgId, indicatorId: e.indicatorId, points: 0, n: 0 };
    d.points = round2(d.points + e.points); d.n += 1; delta.set(k, d);
  }
  const all = [...delta.values()];
  for (let k = 0; k < all.length; k += 1000) {
    const v = sql.join(all.slice(k, k + 1000).map((d) => sql`(${schemeId}::int, ${d.orgId}::int, ${d.indicatorId}::int, ${countyId}::int, ${d.points.toFixed(2)}::numeric, ${d.n}::int)`), sql`, `);
    await tx.execute(sql`insert into score_sums (scheme_id, org_id, indicator_id, county_id, raw, entries) values ${v}
      on conflict (scheme_id, org_id, indicator_id) do update set raw = score_sums.raw + excluded.raw, entries = score_sums.entries + excluded.entries`);
  }
}

/** The idempotent refresh: the sums rebuilt from the ledger (after a restore, or to check the maintained ones). */
export async function rebuildScoreSums(db: Db, schemeId: number) {
  return inTx(db, async (tx) => {
    await tx.execute(sql`select 1 from assessment_schemes where id = ${schemeId} for update`);
    await tx.execute(sql`delete from score_sums where scheme_id = ${schemeId}`);
    await tx.execute(sql`insert into score_sums (scheme_id, org_id, indicator_id, county_id, raw, entries)
      select ${schemeId}, org_id, indicator_id, county_id, raw, entries from (${ledgerSums(schemeId)}) l`);
    await tx.execute(sql`update assessment_schemes set live_seq = null where id = ${schemeId}`);
  });
}

/** Maintained sums that differ from the ledger (none when all is well). */
async function sumsDrift(db: Db, schemeId: number) {
  return rows<{ orgId: number; indicatorId: number; maintained: number | null; ledger: number | null }>(db, sql`
    with l as (${ledgerSums(schemeId)}),
      m as (select org_id, indicator_id, raw from score_sums where scheme_id = ${schemeId})
    select coalesce(l.org_id, m.org_id) as "orgId", coalesce(l.indicator_id, m.indicator_id) as "indicatorId", m.raw::float8 as maintained, l.raw::float8 as ledger
    from l full join m on m.org_id = l.org_id and m.indicator_id = l.indicator_id
    where l.raw is distinct from m.raw and not (coalesce(l.raw, 0) = 0 and coalesce(m.raw, 0) = 0)
    order by 1, 2 limit 20`);
}

/** Verify a scheme's chain (names the first entry that does not hold) and that the maintained sums agree with the ledger. */
export async function verifyLedger(db: Db, actor: Actor, schemeId: number) {
  await getScheme(db, actor, schemeId);
  return checkLedger(db, schemeId);
}

/** The check itself, for the command line (`main.ts verify-ledger`), which runs without a user. */
export async function checkLedger(db: Db, schemeId: number) {
  const list = await db.select().from(scoreEntries).where(eq(scoreEntries.schemeId, schemeId)).orderBy(asc(scoreEntries.seq));
  const chain = verifyChain(list.map((e) => ({ ...e, points: Number(e.points) })));
  if (!chain.ok) return chain;
  const drift = await sumsDrift(db, schemeId);
  if (drift.length) return { ok: false as const, entryId: 0, seq: 0, message: `汇总表与台账不符：党组织 ${drift[0]!.orgId}、指标 ${drift[0]!.indicatorId}（汇总 ${drift[0]!.maintained ?? 0}，台账 ${drift[0]!.ledger ?? 0}）等 ${drift.length} 处，可重建汇总` };
  return chain;
}

export async function findEntries(db: Db, actor: Actor, schemeId: number, f: { orgId?: number; indicatorId?: number; channel?: string; page: number; pageSize: number }) {
  const s = await getScheme(db, actor, schemeId);
  const where = sql`e.scheme_id = ${schemeId} ${f.orgId ? sql`and e.org_id = ${f.orgId}` : sql``} ${f.indicatorId ? sql`and e.indicator_id = ${f.indicatorId}` : sql``}
    ${f.channel ? sql`and e.channel = ${f.channel}` : sql``} and (${scopeAt(actor, P.assessmentRead)} or ${await ownerSees(db, actor, s)})`;
  const [items, [{ n = 0 } = {}]] = await Promise.all([
    rows(db, sql`select e.id::int as id, e.seq, e.org_id as "orgId", o.name as "orgName", e.indicator_id as "indicatorId", i.code as "indicatorCode", i.name as "indicatorName",
        e.points::float8 as points, e.channel, e.evidence_kind as "evidenceKind", e.evidence_id as "evidenceId", e.reason, e.reverses_id::int as "reversesId",
        e.recorded_by_name as "recordedByName", e.approved_by_name as "approvedByName", e.recorded_at as "recordedAt", e.scheme_version as "schemeVersion",
        exists (select 1 from score_entries r where r.reverses_id = e.id) as reversed, left(e.hash, 12) as hash
      from score_entries e join orgs o on o.id = e.org_id join assessment_indicators i on i.id = e.indicator_id where ${where}
      order by e.seq desc limit ${f.pageSize} offset ${offset(f)}`),
    rows<{ n: number }>(db, sql`select count(*)::int as n from score_entries e join orgs o on o.id = e.org_id where ${where}`),
  ]);
  return { items, total: n };
}

/** A correction: the reversing entry, with a reason; the original stays. */
export async function reverseEntry(db: Db, actor: Actor, schemeId: number, entryId: number, reason: string) {
  const s = await getScheme(db, actor, schemeId, P.assessmentScore);
  return inTx(db, async (tx) => reverseIn(tx, actor, s.id, entryId, reason, false));
}

async function reverseIn(tx: Db, actor: Actor, schemeId: number, entryId: number, reason: string, viaObjection: boolean) {
  const [e] = await tx.select().from(scoreEntries).where(and(eq(scoreEntries.id, entryId), eq(scoreEntries.schemeId, schemeId)));
  if (!e) throw errors.notFound('得分记录');
  const [done] = await rows(tx, sql`select 1 from score_entries where reverses_id = ${entryId}`);
  if (done) throw errors.conflict('这条记录已经更正过');
  if (e.reversesId) throw errors.conflict('更正记录不能再更正，请重新计分');
  const [r] = await appendEntries(tx, actor, schemeId, [{ orgId: e.orgId, indicatorId: e.indicatorId, points: -Number(e.points), channel: 'correction',
    evidenceKind: e.evidenceKind, evidenceId: e.evidenceId, reason: `更正第 ${e.seq} 条：${reason}`, reversesId: e.id }], { viaObjection });
  return r!;
}

// ───────────────────────────── scoring channels ─────────────────────────────

async function scorer(db: Db, actor: Actor, schemeId: number) {
  const s = await getScheme(db, actor, schemeId, P.assessmentScore);
  if (OPEN_FOR[s.status]) throw errors.conflict(OPEN_FOR[s.status]!);
  return s;
}
async function leaf(db: Db, schemeId: number, indicatorId: number, methods: Method[]) {
  const i = (await indicatorsOf(db, schemeId)).find((x) => x.id === indicatorId);
  if (!i) throw errors.field('indicatorId', '指标不属于本方案');
  if (!methods.includes(i.method)) throw errors.field('indicatorId', `指标「${i.code} ${i.name}」的计分方式不是${methods.map((m) => ({ manual: '评分', deduction: '扣分', bonus: '加分', veto: '否决', daily: '日常记实', ballot: '年末测评', duty: '述职评议', metric: '平台数据', group: '分组' })[m]).join('或')}`);
  return i;
}
async function currentSum(db: Db, schemeId: number, orgId: number, indicatorId: number) {
  const [r] = await rows<{ raw: number }>(db, sql`select coalesce(sum(points), 0)::float8 as raw from score_entries where scheme_id = ${schemeId} and org_id = ${orgId} and indicator_id = ${indicatorId}`);
  return r?.raw ?? 0;
}

/** A scorer sets a manual indicator's score (the ledger gets the difference), adds a bonus item, or records a veto event. */
export async function recordScore(db: Db, actor: Actor, schemeId: number, input: { orgId: number; indicatorId: number; points: number; reason: string }) {
  await scorer(db, actor, schemeId);
  const i = await leaf(db, schemeId, input.indicatorId, ['manual', 'bonus', 'veto']);
  return inTx(db, async (tx) => {
    if (i.method === 'manual') {
      if (input.points < 0 || input.points > i.maxPoints) throw errors.field('points', `「${i.code} ${i.name}」得分须在 0 到 ${i.maxPoints} 分之间`);
      const delta = round2(input.points - await currentSum(tx, schemeId, input.orgId, i.id));
      if (delta === 0) throw errors.field('points', '得分与现有得分相同，无需记录');
      return (await appendEntries(tx, actor, schemeId, [{ orgId: input.orgId, indicatorId: i.id, points: delta, channel: 'manual', reason: `评定为 ${input.points} 分：${input.reason}` }]))[0];
    }
    return (await appendEntries(tx, actor, schemeId, [{ orgId: input.orgId, indicatorId: i.id, points: i.method === 'veto' ? 1 : input.points,
      channel: i.method === 'veto' ? 'veto' : 'bonus', reason: input.reason }]))[0];
  });
}

/** Platform metrics → entries: each covered org's metric-indicator score brought to what the data says now. */
export async function computeMetrics(db: Db, actor: Actor, schemeId: number) {
  const s = await getScheme(db, actor, schemeId, P.assessmentManage);
  const inds = (await indicatorsOf(db, schemeId)).filter((i) => i.method === 'metric');
  const orgsList = await rows<{ id: number; parentId: number }>(db, sql`select o.id, o.parent_id as "parentId" from assessment_orgs a join orgs o on o.id = a.org_id where a.scheme_id = ${schemeId}`);
  const sums = await sumsOf(db, schemeId);
  const add: NewEntry[] = [];
  for (const i of inds) {
    const metric = METRICS.find((m) => m.key === i.metricKey)!;
    const values = await metricValues(db, actor, i.metricKey!, orgsList, s.year);
    for (const o of orgsList) {
      const v = values.get(o.id) ?? null;
      const target = v === null ? i.maxPoints : metricPoints(i, v); // nothing to measure (no branches, nobody away): nothing failed
      const delta = round2(target - (sums.get(o.id)?.get(i.id) ?? 0));
      if (delta) add.push({ orgId: o.id, indicatorId: i.id, points: delta, channel: 'metric', evidenceKind: 'metric',
        reason: v === null ? `${metric.label}：无适用对象，按满分计` : `${metric.label} ${(v * 100).toFixed(1)}%（满分目标 ${((i.metricTarget ?? 1) * 100).toFixed(0)}%）→ ${target} 分` });
    }
  }
  await inTx(db, (tx) => appendEntries(tx, actor, schemeId, add));
  return { entries: add.length };
}

async function sumsOf(db: Db, schemeId: number, orgIds?: number[]) {
  const out = new Map<number, Map<number, number>>();
  if (orgIds && !orgIds.length) return out;
  for (const r of await rows<{ org_id: number; indicator_id: number; raw: number }>(db, sql`
    select org_id, indicator_id, raw::float8 as raw from score_sums where scheme_id = ${schemeId} ${orgIds ? sql`and org_id in ${orgIds}` : sql``}`)) {
    if (!out.has(r.org_id)) out.set(r.org_id, new Map());
    out.get(r.org_id)!.set(r.indicator_id, r.raw);
  }
  return out;
}

type Upload = { name: string; content: Buffer };
async function attach(tx: Db, file: Upload | null) {
  if (!file) return [];
  const kind = checkEvidence(file.content);
  const { fileId } = await storeFile(tx, file.content, kind.type);
  return [{ fileId, name: file.name, contentType: kind.type }];
}

/** 督查发现: recorded with its deduction (per occurrence); every finding is kept even beyond the cap, which the score respects. */
export async function recordFinding(db: Db, actor: Actor, schemeId: number, input: { orgId: number; indicatorId: number; team: string; foundOn: string; description: string; occurrences: number }, file: Upload | null = null) {
  await scorer(db, actor, schemeId);
  const i = await leaf(db, schemeId, input.indicatorId, ['deduction']);
  const points = -round2((i.perItem ?? 1) * input.occurrences);
  return inTx(db, async (tx) => {
    const [f] = await tx.insert(assessmentFindings).values({ ...input, countyId: actor.countyId, schemeId, attachments: await attach(tx, file), recordedBy: actor.userId, recordedByName: actor.displayName }).returning();
    const [e] = await appendEntries(tx, actor, schemeId, [{ orgId: input.orgId, indicatorId: i.id, points, channel: 'inspection', evidenceKind: 'finding', evidenceId: f!.id,
      reason: `${input.team}：${input.description.slice(0, 60)}${input.occurrences > 1 ? `（${input.occurrences} 处）` : ''}` }]);
    await tx.update(assessmentFindings).set({ entryId: e!.id, countyId: e!.countyId }).where(eq(assessmentFindings.id, f!.id));
    return { ...f!, entryId: e!.id, points };
  });
}

export async function findFindings(db: Db, actor: Actor, schemeId: number) {
  const s = await getScheme(db, actor, schemeId);
  return rows(db, sql`select f.id, f.org_id as "orgId", o.name as "orgName", i.code || ' ' || i.name as indicator, f.team, f.found_on as "foundOn", f.description,
      f.occurrences, f.attachments, f.recorded_by_name as "recordedByName", f.entry_id::int as "entryId", e.points::float8 as points
    from assessment_findings f join orgs o on o.id = f.org_id join assessment_indicators i on i.id = f.indicator_id left join score_entries e on e.id = f.entry_id
    where f.scheme_id = ${schemeId} and (${scopeAt(actor, P.assessmentRead)} or ${await ownerSees(db, actor, s)}) order by f.found_on desc, f.id desc`);
}

// daily records

export async function submitDailyRecord(db: Db, actor: Actor, input: { schemeId: number; orgId: number; indicatorId: number; title: string; content: string; doneOn: string }, file: Upload | null = null) {
  const s = await getScheme(db, actor, input.schemeId, P.assessmentSubmit);
  if (s.status !== 'scoring') throw errors.conflict(s.status === 'draft' ? '方案尚未发布' : '日常记实报送已截止');
  await getOrgRow(db, actor, input.orgId, P.assessmentSubmit).catch(() => { throw errors.field('orgId', '党组织不存在或不在您的管理范围内'); });
  const [covered] = await rows(db, sql`select 1 from assessment_orgs where scheme_id = ${s.id} and org_id = ${input.orgId}`);
  if (!covered) throw errors.field('orgId', '该党组织不在本方案的考核范围（考核类别）内');
  await leaf(db, s.id, input.indicatorId, ['daily']);
  if (input.doneOn > today()) throw errors.field('doneOn', '工作日期不能晚于今天');
  return inTx(db, async (tx) => {
    const [r] = await tx.insert(dailyRecords).values({ ...input, countyId: s.countyId, attachments: await attach(tx, file), submittedBy: actor.userId, submittedByName: actor.displayName }).returning();
    await audit(tx, actor, { action: 'create', entity: 'daily_record', entityId: r!.id, orgId: input.orgId, after: r });
    return r!;
  });
}

/** Daily records the actor may see: their own orgs' (submitters) or all of a scheme they score. */
export async function findDailyRecords(db: Db, actor: Actor, f: { schemeId?: number; status?: string; orgId?: number; page: number; pageSize: number }) {
  require(actor, P.assessmentRead);
  const s = f.schemeId ? await getScheme(db, actor, f.schemeId) : null;
  const all = s ? (can(actor, P.assessmentScore) && await inScope(db, actor, P.assessmentScore, s.ownerOrgId)) || await inScope(db, actor, P.assessmentRead, s.ownerOrgId) : false;
  const where = sql`${s ? sql`d.scheme_id = ${s.id}` : sql`true`} ${f.status ? sql`and d.status = ${f.status}` : sql``} ${f.orgId ? sql`and d.org_id = ${f.orgId}` : sql``}
    and (${all ? sql`true` : sql`false`} or ${scopeAt(actor, P.assessmentRead)})`;
  const [items, [{ n = 0 } = {}]] = await Promise.all([
    rows(db, sql`select d.id, d.org_id as "orgId", o.name as "orgName", d.indicator_id as "indicatorId", i.code || ' ' || i.name as indicator, i.per_item::float8 as "perItem",
        i.max_points::float8 as "maxPoints", d.title, d.content, d.done_on as "doneOn", d.attachments, d.status, d.submitted_by_name as "submittedByName", d.submitted_at as "submittedAt",
        d.reviewed_by_name as "reviewedByName", d.reviewed_at as "reviewedAt", d.review_note as "reviewNote", d.points::float8 as points
      from daily_records d join orgs o on o.id = d.org_id join assessment_indicators i on i.id = d.indicator_id where ${where}
      order by d.submitted_at desc limit ${f.pageSize} offset ${offset(f)}`),
    rows<{ n: number }>(db, sql`select count(*)::int as n from daily_records d join orgs o on o.id = d.org_id where ${where}`),
  ]);
  return { items, total: n };
}

/** A reviewer approves (points proposed by the indicator's rule, at most what is left) or rejects with a reason. */
export async function reviewDailyRecord(db: Db, actor: Actor, id: number, input: { approve: boolean; points?: number | null; note?: string | null }) {
  const [d] = await db.select().from(dailyRecords).where(eq(dailyRecords.id, id));
  if (!d) throw errors.notFound('日常记实');
  await scorer(db, actor, d.schemeId);
  if (d.status !== 'submitted') throw errors.conflict('该记实已审核');
  if (!input.approve && !input.note?.trim()) throw errors.field('note', '退回须写明原因');
  const i = await leaf(db, d.schemeId, d.indicatorId, ['daily']);
  return inTx(db, async (tx) => {
    let entryId: number | null = null; let points: number | null = null;
    if (input.approve) {
      const left = round2(i.maxPoints - await currentSum(tx, d.schemeId, d.orgId, i.id));
      points = input.points ?? Math.min(i.perItem ?? 1, left);
      if (points <= 0) throw errors.field('points', `「${i.code} ${i.name}」已得满 ${i.maxPoints} 分，不能再加分；可通过并记 0 分以外的方式处理：请退回并说明`);
      const [e] = await appendEntries(tx, actor, d.schemeId, [{ orgId: d.orgId, indicatorId: i.id, points, channel: 'daily_record', evidenceKind: 'daily_record', evidenceId: d.id,
        reason: `日常记实：${d.title}`, approvedBy: actor.userId, approvedByName: actor.displayName }]);
      entryId = e!.id;
    }
    const [n] = await tx.update(dailyRecords).set({ status: input.approve ? 'approved' : 'rejected', reviewedBy: actor.userId, reviewedByName: actor.displayName, reviewedAt: new Date(),
      reviewNote: input.note ?? null, points: points === null ? null : String(points), entryId }).where(and(eq(dailyRecords.id, id), eq(dailyRecords.status, 'submitted'))).returning();
    if (!n) throw errors.conflict('该记实已审核');
    await audit(tx, actor, { action: input.approve ? 'approve' : 'reject', entity: 'daily_record', entityId: id, orgId: d.orgId, before: d, after: n });
    return n;
  });
}

// duty report review

export async function recordDutyScore(db: Db, actor: Actor, schemeId: number, input: { indicatorId: number; orgId: number; score: number }) {
  const s = await scorer(db, actor, schemeId);
  if (OPEN_FOR[s.status]) throw errors.conflict(OPEN_FOR[s.status]!);
  const i = await leaf(db, schemeId, input.indicatorId, ['duty']);
  if (input.score < 0 || input.score > i.maxPoints) throw errors.field('score', `评分须在 0 到 ${i.maxPoints} 分之间`);
  const [covered] = await rows(db, sql`select 1 from assessment_orgs where scheme_id = ${schemeId} and org_id = ${input.orgId}`);
  if (!covered) throw errors.field('orgId', '该党组织不在本方案的考核范围（考核类别）内');
  return inTx(db, async (tx) => {
    const [r] = await tx.insert(dutyScores).values({ ...input, score: String(input.score), countyId: s.countyId, schemeId, reviewerId: actor.userId, reviewerName: actor.displayName })
      .onConflictDoNothing().returning();
    if (!r) throw errors.conflict('您已为该单位的述职评过分');
    await audit(tx, actor, { action: 'create', entity: 'duty_score', entityId: r.id, orgId: input.orgId, after: r });
    return r;
  });
}

export async function dutySummary(db: Db, actor: Actor, schemeId: number, indicatorId: number) {
  const s = await getScheme(db, actor, schemeId);
  return rows(db, sql`select a.org_id as "orgId", o.name as "orgName", count(d.id)::int as reviewers, round(avg(d.score), 2)::float8 as average,
      bool_or(d.reviewer_id = ${actor.userId}) as mine,
      (select coalesce(sum(points), 0)::float8 from score_entries e where e.scheme_id = a.scheme_id and e.org_id = a.org_id and e.indicator_id = ${indicatorId}) as recorded
    from assessment_orgs a join orgs o on o.id = a.org_id left join duty_scores d on d.org_id = a.org_id and d.indicator_id = ${indicatorId}
    where a.scheme_id = ${schemeId} and (${scopeAt(actor, P.assessmentRead)} or ${await ownerSees(db, actor, s)}) group by a.org_id, o.name, o.path, a.scheme_id order by o.path`);
}

/** The panel's averages into the ledger (the difference from what it holds). */
export async function finalizeDuty(db: Db, actor: Actor, schemeId: number, indicatorId: number) {
  await getScheme(db, actor, schemeId, P.assessmentManage);
  await leaf(db, schemeId, indicatorId, ['duty']);
  const avgs = await rows<{ org_id: number; avg: number; n: number }>(db, sql`select org_id, round(avg(score), 2)::float8 as avg, count(*)::int as n from duty_scores where scheme_id = ${schemeId} and indicator_id = ${indicatorId} group by 1`);
  const sums = await sumsOf(db, schemeId);
  const add = avgs.map((a) => ({ orgId: a.org_id, indicatorId, points: round2(a.avg - (sums.get(a.org_id)?.get(indicatorId) ?? 0)), channel: 'duty_report' as const,
    evidenceKind: 'duty_review', reason: `述职评议：${a.n} 位评议人平均 ${a.avg} 分` })).filter((e) => e.points !== 0);
  await inTx(db, (tx) => appendEntries(tx, actor, schemeId, add));
  return { entries: add.length };
}

// ───────────────────────────── year-end ballots ─────────────────────────────

const tokenHash = (t: string) => crypto.createHash('sha256').update(t).digest('hex');

export async function createCampaign(db: Db, actor: Actor, schemeId: number, input: { name: string; indicatorId: number; opensAt: string; closesAt: string;
  groups: { name: string; weight: number; count: number }[] }) {
  const s = await getScheme(db, actor, schemeId, P.assessmentManage);
  if (OPEN_FOR[s.status]) throw errors.conflict(OPEN_FOR[s.status]!);
  await leaf(db, schemeId, input.indicatorId, ['ballot']);
  if (new Date(input.closesAt) <= new Date(input.opensAt)) throw errors.field('closesAt', '截止时间须晚于开始时间');
  if (!input.groups.length) throw errors.field('groups', '请至少设一个测评组');
  const wsum = input.groups.reduce((a, g) => a + g.weight, 0);
  if (Math.abs(wsum - 1) > 0.001) throw errors.field('groups', `各测评组权重之和须为 100%（现为 ${round2(wsum * 100)}%）`);
  return inTx(db, async (tx) => {
    const [c] = await tx.insert(ballotCampaigns).values({ countyId: s.countyId, schemeId, indicatorId: input.indicatorId, name: input.name, opensAt: new Date(input.opensAt),
      closesAt: new Date(input.closesAt), choices: DEFAULT_BALLOT_CHOICES, createdBy: actor.userId }).returning();
    const tokens: { group: string; seq: number; token: string }[] = [];
    for (const g of input.groups) {
      const [gr] = await tx.insert(ballotGroups).values({ campaignId: c!.id, name: g.name, weight: String(g.weight) }).returning();
      const made = Array.from({ length: g.count }, (_, k) => ({ seq: k + 1, token: crypto.randomBytes(12).toString('base64url') }));
      if (made.length) await tx.insert(ballotTokens).values(made.map((t) => ({ campaignId: c!.id, groupId: gr!.id, seq: t.seq, tokenHash: tokenHash(t.token) })));
      tokens.push(...made.map((t) => ({ group: g.name, ...t })));
    }
    await audit(tx, actor, { action: 'create', entity: 'ballot_campaign', entityId: c!.id, orgId: s.ownerOrgId, after: { ...c, tokens: tokens.length } });
    return { campaign: c!, tokens };
  });
}

export async function findCampaigns(db: Db, actor: Actor, schemeId: number) {
  await getScheme(db, actor, schemeId);
  const list = await rows<{ id: number; name: string; indicatorId: number; opensAt: string; closesAt: string; countedAt: string | null }>(db, sql`
    select id, name, indicator_id as "indicatorId", opens_at as "opensAt", closes_at as "closesAt", counted_at as "countedAt" from ballot_campaigns where scheme_id = ${schemeId} order by id`);
  const groups = await rows<{ campaignId: number; id: number; name: string; weight: number; issued: number; used: number }>(db, sql`
    select g.campaign_id as "campaignId", g.id, g.name, g.weight::float8 as weight, count(t.id)::int as issued, count(t.used_at)::int as used
    from ballot_groups g join ballot_campaigns c on c.id = g.campaign_id left join ballot_tokens t on t.group_id = g.id where c.scheme_id = ${schemeId} group by g.id order by g.id`);
  return list.map((c) => ({ ...c, groups: groups.filter((g) => g.campaignId === c.id) }));
}

/** The ballot page: which campaign a token belongs to, and whether it can still vote. Public: the token is the credential. */
export async function ballotByToken(db: Db, token: string) {
  const [t] = await rows<{ id: number; used_at: string | null; campaign_id: number; group_id: number; group_name: string; name: string; opens_at: Date; closes_at: Date; scheme_id: number; choices: { label: string; score: number }[] }>(db, sql`
    select t.id, t.used_at, t.campaign_id, t.group_id, g.name as group_name, c.name, c.opens_at, c.closes_at, c.scheme_id, c.choices
    from ballot_tokens t join ballot_groups g on g.id = t.group_id join ballot_campaigns c on c.id = t.campaign_id where t.token_hash = ${tokenHash(token)}`);
  if (!t) throw errors.notFound('测评票');
  const now = new Date();
  const state = t.used_at ? 'used' : now < new Date(t.opens_at) ? 'not_open' : now > new Date(t.closes_at) ? 'closed' : 'open';
  const orgsList = await rows<{ id: number; name: string }>(db, sql`select o.id, o.name from assessment_orgs a join orgs o on o.id = a.org_id where a.scheme_id = ${t.scheme_id} order by o.path`);
  return { campaign: t.name, group: t.group_name, opensAt: t.opens_at, closesAt: t.closes_at, state, choices: t.choices.map((c, k) => ({ value: k, label: c.label })), orgs: orgsList, t };
}

const BALLOT_STATE: Record<string, string> = { used: '这张测评票已经投过，每票只能投一次', not_open: '测评尚未开始', closed: '测评已经结束' };

/** Cast a ballot: the token is spent and the ballot stored in one transaction, with nothing that links them. */
export async function castBallot(db: Db, token: string, marks: { orgId: number; choice: number }[]) {
  const b = await ballotByToken(db, token);
  if (b.state !== 'open') throw errors.conflict(BALLOT_STATE[b.state]!);
  const ids = new Set(b.orgs.map((o) => o.id));
  const given = new Map(marks.map((m) => [m.orgId, m.choice]));
  const missing = b.orgs.filter((o) => !given.has(o.id));
  if (missing.length) throw errors.field('marks', `还有 ${missing.length} 个单位未评价（如：${missing[0]!.name}）`);
  if (marks.some((m) => !ids.has(m.orgId))) throw errors.field('marks', '票面上没有这个单位');
  if (marks.some((m) => !Number.isInteger(m.choice) || m.choice < 0 || m.choice >= b.choices.length)) throw errors.field('marks', '评价选项无效');
  return inTx(db, async (tx) => {
    const spent = await rows(tx, sql`update ballot_tokens t set used_at = now() from ballot_campaigns c
      where t.id = ${b.t.id} and t.used_at is null and c.id = t.campaign_id and now() between c.opens_at and c.closes_at returning t.id`);
    if (!spent.length) throw errors.conflict(BALLOT_STATE.used!); // a second tab, or the close, got there first
    const [ballot] = await tx.insert(ballots).values({ campaignId: b.t.campaign_id, groupId: b.t.group_id }).returning();
    await tx.insert(ballotMarks).values(marks.map((m) => ({ ballotId: ballot!.id, orgId: m.orgId, choice: m.choice })));
    return { ok: true };
  });
}

/** After closing: per org the weighted score into the ballot indicator (the difference from the ledger). */
export async function countCampaign(db: Db, actor: Actor, campaignId: number) {
  const [c] = await db.select().from(ballotCampaigns).where(eq(ballotCampaigns.id, campaignId));
  if (!c) throw errors.notFound('测评');
  await getScheme(db, actor, c.schemeId, P.assessmentManage);
  if (new Date() < c.closesAt) throw errors.conflict('测评尚未结束，结束后才能计票');
  const i = await leaf(db, c.schemeId, c.indicatorId, ['ballot']);
  const r = await campaignResults(db, c);
  const sums = await sumsOf(db, c.schemeId);
  const add: NewEntry[] = [];
  for (const [orgId, perGroup] of r) {
    const pts = ballotPoints(i.maxPoints, perGroup);
    if (pts === null) continue;
    const delta = round2(pts - (sums.get(orgId)?.get(i.id) ?? 0));
    if (delta) add.push({ orgId, indicatorId: i.id, points: delta, channel: 'ballot', evidenceKind: 'ballot_campaign', evidenceId: c.id,
      reason: `${c.name}：${perGroup.map((g) => `${g.name} ${g.count} 票 均分 ${g.count ? round2(g.sum / g.count) : '-'}`).join('，')}` });
  }
  await inTx(db, async (tx) => {
    await appendEntries(tx, actor, c.schemeId, add);
    await tx.update(ballotCampaigns).set({ countedAt: new Date() }).where(eq(ballotCampaigns.id, c.id));
  });
  return { entries: add.length };
}

async function campaignResults(db: Db, c: typeof ballotCampaigns.$inferSelect) {
  const scores = c.choices.map((x) => x.score);
  const r = await rows<{ org_id: number; group_id: number; name: string; weight: number; sum: number; count: number }>(db, sql`
    select m.org_id, g.id as group_id, g.name, g.weight::float8 as weight,
      sum((${JSON.stringify(scores)}::jsonb ->> m.choice)::numeric)::float8 as sum, count(*)::int as count
    from ballot_marks m join ballots b on b.id = m.ballot_id join ballot_groups g on g.id = b.group_id where b.campaign_id = ${c.id} group by 1, 2, 3, 4`);
  const groups = await db.select().from(ballotGroups).where(eq(ballotGroups.campaignId, c.id));
  const out = new Map<number, { name: string; weight: number; sum: number; count: number }[]>();
  for (const x of r) {
    if (!out.has(x.org_id)) out.set(x.org_id, groups.map((g) => ({ name: g.name, weight: Number(g.weight), sum: 0, count: 0 })));
    const g = out.get(x.org_id)!.find((y) => y.name === x.name)!;
    g.sum = x.sum; g.count = x.count;
  }
  return out;
}

// ───────────────────────────── results ─────────────────────────────

/**
 * Totals, ranks and grades from the ledger in one SQL statement (the scale path): per org and indicator the
 * sum, clamped to the indicator's bounds, weighted, bonus capped; competition rank per group; grades by
 * thresholds, quota and vetoes — the same rules as rules.computeTotals / rankAndGrade.
 */
export type ResultRow = { orgId: number; groupKey: string; total: number; rank: number; groupSize: number; grade: string; vetoed: boolean };

/** The leaves of a scheme as an SQL VALUES list (id, method, max, weight product, veto effect), and the deduction base. */
function leafValues(list: IndicatorDef[]) {
  const w = weightProducts(list);
  const leaves = list.filter((i) => i.method !== 'group');
  const base = leaves.filter((i) => i.method === 'deduction').reduce((a, i) => a + i.maxPoints * w.get(i.id)!, 0);
  const values = leaves.length ? sql.join(leaves.map((i) => sql`(${i.id}::int, ${i.method}::text, ${i.maxPoints}::numeric, ${w.get(i.id)!}::numeric, ${i.vetoEffect ?? ''}::text)`), sql`, `) : null;
  return { leaves, base, values };
}
/**
 * One indicator's weighted points from its raw sum, as the explanation shows them (less a deduction's full marks,
 * added back in code): deductions down to −max, others up to max, vetoes none.
 */
const SHOWN = sql.raw(`case ind.method when 'deduction' then greatest(least(s.raw, 0), -ind.m) * ind.w
          when 'veto' then 0 else least(greatest(s.raw, 0), ind.m) * ind.w end`);
/** The same for the base score, where bonus items are left to their own capped sum. */
const CLAMPED = sql`case when ind.method = 'bonus' then 0 else ${SHOWN} end`;

/** The ledger summed per org and indicator: what `score_sums` maintains, recomputed from the entries. */
const ledgerSums = (schemeId: number) => sql`
  select org_id, indicator_id, min(county_id) as county_id, sum(points) as raw, count(*)::int as entries
  from score_entries where scheme_id = ${schemeId} group by org_id, indicator_id`;

/**
 * `source: 'sums'` reads the maintained sums (what pages use); `'ledger'` recomputes everything from the
 * ledger's entries (the full rebuild, which must give the same answer).
 */
export async function computeResults(db: Db, s: Pick<Scheme, 'id' | 'gradeRule' | 'bonusCap'>, inds?: IndicatorDef[], source: 'sums' | 'ledger' = 'sums'): Promise<ResultRow[]> {
  const q = resultsSql(s, inds ?? await indicatorsOf(db, s.id), source);
  return q ? rows<ResultRow>(db, q) : [];
}

function resultsSql(s: Pick<Scheme, 'id' | 'gradeRule' | 'bonusCap'>, list: IndicatorDef[], source: 'sums' | 'ledger'): SQL | null {
  const { base, values: ind } = leafValues(list);
  if (!ind) return null;
  const g = s.gradeRule;
  const quota = g.excellentQuota === null || g.excellentQuota === undefined ? null : g.excellentQuota;
  const sums = source === 'ledger' ? ledgerSums(s.id) : sql`select org_id, indicator_id, raw from score_sums where scheme_id = ${s.id}`;
  return sql`
    with ind(id, method, m, w, veto) as (values ${ind}),
    s as (${sums}),
    per as (
      select s.org_id,
        sum(${CLAMPED}) as score,
        sum(case when ind.method = 'bonus' then ${SHOWN} else 0 end) as bonus,
        bool_or(ind.method = 'veto' and ind.veto = 'poor' and s.raw > 0) as veto_poor,
        bool_or(ind.method = 'veto' and ind.veto = 'no_excellent' and s.raw > 0) as veto_noex
      from s join ind on ind.id = s.indicator_id group by 1),
    t as (
      select a.org_id, a.group_key, round(${base}::numeric + coalesce(per.score, 0) + least(coalesce(per.bonus, 0), ${Number(s.bonusCap)}::numeric), 2) as total,
        coalesce(per.veto_poor, false) as veto_poor, coalesce(per.veto_noex, false) as veto_noex
      from assessment_orgs a left join per on per.org_id = a.org_id where a.scheme_id = ${s.id}),
    r as (
      select t.*, rank() over (partition by group_key order by total desc) as rk, count(*) over (partition by group_key) as n,
        count(*) over (partition by group_key, total) as ties from t)
    select org_id as "orgId", group_key as "groupKey", total::float8 as total, rk::int as rank, n::int as "groupSize", (veto_poor or veto_noex) as vetoed,
      case when veto_poor then 'poor'
        when total >= ${g.excellent} and not veto_noex ${quota === null ? sql`` : sql`and rk + ties - 1 <= floor(n * ${quota}::numeric + 0.000000001)`} then 'excellent'
        when total >= ${g.good} then 'good' when total >= ${g.fair} then 'fair' else 'poor' end as grade
    from r order by group_key, rk, org_id`;
}

/**
 * The live results, kept in assessment_results (stage 'live') with the group averages per indicator, as of the
 * ledger's last seq: rebuilt when the ledger has moved on since, read as they are otherwise.
 */
export async function liveResults(db: Db, s: Pick<Scheme, 'id' | 'gradeRule' | 'bonusCap'>, inds?: IndicatorDef[]): Promise<ResultRow[]> {
  await ensureLive(db, s, inds);
  return rows<ResultRow>(db, sql`
    select org_id as "orgId", group_key as "groupKey", total::float8 as total, rank, grade, vetoed,
      count(*) over (partition by group_key)::int as "groupSize"
    from assessment_results where scheme_id = ${s.id} and stage = 'live' order by group_key, rank, org_id`);
}

/** Bring the kept live results up to the ledger's last entry, when they are behind it. */
export async function ensureLive(db: Db, s: Pick<Scheme, 'id' | 'gradeRule' | 'bonusCap'>, inds?: IndicatorDef[]): Promise<void> {
  const state = async (d: Db, lock = false) => (await rows<{ live: number | null; last: number }>(d, sql`
    select live_seq as live, (select coalesce(max(seq), 0)::int from score_entries where scheme_id = ${s.id}) as last
    from assessment_schemes where id = ${s.id} ${lock ? sql`for update` : sql``}`))[0]!;
  const now = await state(db);
  if (now.live === now.last) return;
  await inTx(db, async (tx) => {
    const st = await state(tx, true);  // one refresh at a time; a second reader finds it done
    if (st.live === st.last) return;
    const list = inds ?? await indicatorsOf(tx, s.id);
    await tx.execute(sql`delete from assessment_results where scheme_id = ${s.id} and stage = 'live'`);
    await tx.execute(sql`delete from assessment_group_scores where scheme_id = ${s.id}`);
    const q = resultsSql(s, list, 'sums');
    const { values: ind } = leafValues(list);
    if (q && ind) {
      await tx.execute(sql`set local work_mem = '64MB'`);  // a heavy recompute at province scale (PLATFORM-NOTES.md)
      await tx.execute(sql`insert into assessment_results (scheme_id, stage, org_id, group_key, total, rank, grade, vetoed)
        select ${s.id}, 'live', "orgId", "groupKey", total, rank, grade, vetoed from (${q}) x`);
      // per group: its size and average total (indicator 0), and each leaf's average shown score
      await tx.execute(sql`insert into assessment_group_scores (scheme_id, group_key, indicator_id, average, orgs)
        select ${s.id}, group_key, 0, avg(total), count(*) from assessment_results where scheme_id = ${s.id} and stage = 'live' group by group_key`);
      await tx.execute(sql`
        with ind(id, method, m, w, veto) as (values ${ind}),
          n as (select group_key, orgs as n from assessment_group_scores where scheme_id = ${s.id} and indicator_id = 0),
          s as (select a.group_key, x.indicator_id, x.raw from score_sums x join assessment_orgs a on a.scheme_id = x.scheme_id and a.org_id = x.org_id where x.scheme_id = ${s.id})
        insert into assessment_group_scores (scheme_id, group_key, indicator_id, average, orgs)
        select ${s.id}, s.group_key, ind.id, sum(${SHOWN}) / max(n.n), max(n.n) from s join ind on ind.id = s.indicator_id join n on n.group_key = s.group_key group by 2, 3`);
    }
    await tx.execute(sql`update assessment_schemes set live_seq = ${st.last} where id = ${s.id}`);
  });
}

/** The results the actor may see: live while scoring, the published snapshot afterwards (and live beside it for the owner). */
export async function results(db: Db, actor: Actor, schemeId: number, f: { groupKey?: string } = {}) {
  const s = await getScheme(db, actor, schemeId);
  const ownerView = await inScope(db, actor, P.assessmentRead, s.ownerOrgId);
  const all = ownerView ? sql`true` : sql`false`;
  if (s.status === 'draft') return { scheme: s, items: [], published: false };
  const live = await liveResults(db, s);
  const visible = new Set((await rows<{ id: number }>(db, sql`select o.id from assessment_orgs a join orgs o on o.id = a.org_id where a.scheme_id = ${s.id} and (${all} or ${scopeAt(actor, P.assessmentRead)})`)).map((r) => r.id));
  const names = new Map((await rows<{ id: number; name: string; category: string }>(db, sql`select o.id, o.name, o.category from assessment_orgs a join orgs o on o.id = a.org_id where a.scheme_id = ${s.id}`)).map((r) => [r.id, r]));
  // an assessed org's own people see results only once they are published
  if (!ownerView && !['objection', 'final'].includes(s.status)) return { scheme: s, items: [], published: false };
  const items = live.filter((r) => visible.has(r.orgId) && (!f.groupKey || r.groupKey === f.groupKey))
    .map((r) => ({ ...r, orgName: names.get(r.orgId)?.name ?? '', category: names.get(r.orgId)?.category ?? '' }));
  return { scheme: s, items, published: ['objection', 'final'].includes(s.status) };
}

/** An org's total broken down along the tree to each entry, beside its group's average and the org ranked just above. */
export async function explain(db: Db, actor: Actor, schemeId: number, orgId: number) {
  const s = await getScheme(db, actor, schemeId);
  const all = await inScope(db, actor, P.assessmentRead, s.ownerOrgId);
  if (!all && !(await rows(db, sql`select 1 from orgs o where o.id = ${orgId} and ${scopeAt(actor, P.assessmentRead)}`)).length) throw errors.notFound('党组织');
  const [covered] = await rows<{ group_key: string; name: string }>(db, sql`select a.group_key, o.name from assessment_orgs a join orgs o on o.id = a.org_id where a.scheme_id = ${schemeId} and a.org_id = ${orgId}`);
  if (!covered) throw errors.notFound('考核对象');
  const inds = await indicatorsOf(db, schemeId);
  await ensureLive(db, s, inds);
  // the org, its group's size and average, and the org ranked just above — read from the live results by index
  const [me] = await rows<ResultRow & { groupAverage: number }>(db, sql`
    select r.org_id as "orgId", r.group_key as "groupKey", r.total::float8 as total, r.rank, r.grade, r.vetoed, g.orgs as "groupSize", g.average::float8 as "groupAverage"
    from assessment_results r join assessment_group_scores g on g.scheme_id = r.scheme_id and g.group_key = r.group_key and g.indicator_id = 0
    where r.scheme_id = ${schemeId} and r.stage = 'live' and r.org_id = ${orgId}`);
  if (!me) throw errors.notFound('考核对象');
  const [above] = await rows<{ orgId: number; total: number; rank: number }>(db, sql`
    select org_id as "orgId", total::float8 as total, rank from assessment_results
    where scheme_id = ${schemeId} and stage = 'live' and group_key = ${me.groupKey} and total > ${me.total}
    order by total, org_id limit 1`);
  const sums = await sumsOf(db, schemeId, above ? [orgId, above.orgId] : [orgId]);
  const avg = new Map((await rows<{ indicatorId: number; average: number }>(db, sql`
    select indicator_id as "indicatorId", average::float8 as average from assessment_group_scores where scheme_id = ${schemeId} and group_key = ${me.groupKey} and indicator_id <> 0`)).map((r) => [r.indicatorId, r.average]));
  const w = weightProducts(inds);
  const scoreOf = (org: number, i: IndicatorDef) => indicatorScore(i, sums.get(org)?.get(i.id) ?? 0) * w.get(i.id)!;
  const entries = await rows<{ id: number; seq: number; indicatorId: number; points: number; channel: string; reason: string; evidenceKind: string | null; evidenceId: number | null;
    recordedByName: string; approvedByName: string | null; recordedAt: string; reversesId: number | null; schemeVersion: number }>(db, sql`
    select id::int as id, seq, indicator_id as "indicatorId", points::float8 as points, channel, reason, evidence_kind as "evidenceKind", evidence_id as "evidenceId",
      recorded_by_name as "recordedByName", approved_by_name as "approvedByName", recorded_at as "recordedAt", reverses_id::int as "reversesId", scheme_version as "schemeVersion"
    from score_entries where scheme_id = ${schemeId} and org_id = ${orgId} order by seq`);
  const tree = inds.map((i) => {
    const leafIds = descendantsOrSelf(inds, i.id).filter((x) => x.method !== 'group');
    const sum = (org: number) => round2(leafIds.filter((x) => x.method !== 'veto').reduce((a, x) => a + scoreOf(org, x), 0));
    return { ...i, weightProduct: w.get(i.id)!, raw: round2(sums.get(orgId)?.get(i.id) ?? 0), score: sum(orgId),
      groupAverage: round2(leafIds.filter((x) => x.method !== 'veto').reduce((a, x) => a + (avg.get(x.id) ?? 0) + (x.method === 'deduction' ? x.maxPoints * w.get(x.id)! : 0), 0)), above: above ? sum(above.orgId) : null,
      capped: i.method === 'deduction' && (sums.get(orgId)?.get(i.id) ?? 0) < -i.maxPoints,
      entries: entries.filter((e) => e.indicatorId === i.id) };
  });
  return { scheme: { id: s.id, name: s.name, year: s.year, status: s.status, bonusCap: Number(s.bonusCap), groups: s.groups }, org: { id: orgId, name: covered.name },
    result: { orgId: me.orgId, groupKey: me.groupKey, total: me.total, rank: me.rank, groupSize: me.groupSize, grade: me.grade, vetoed: me.vetoed },
    groupAverage: round2(me.groupAverage), groupSize: me.groupSize,
    above: above && { orgId: above.orgId, total: above.total, rank: above.rank, name: all ? (await rows<{ name: string }>(db, sql`select name from orgs where id = ${above.orgId}`))[0]!.name : '（上一名）' },
    tree };
}

function descendantsOrSelf(inds: IndicatorDef[], id: number): IndicatorDef[] {
  const out = inds.filter((i) => i.id === id);
  for (const c of inds.filter((i) => i.parentId === id)) out.push(...descendantsOrSelf(inds, c.id));
  return out;
}

/**
 * What-if on a draft copy: the source scheme's ledger read with the copy's weights, bounds and grade rule
 * (indicators matched by what they were copied from); who moves and by how much.
 */
export async function whatIf(db: Db, actor: Actor, draftId: number, override?: { gradeRule?: GradeRule; weights?: Record<number, number>; maxPoints?: Record<number, number>; bonusCap?: number }) {
  const d = await getScheme(db, actor, draftId, P.assessmentManage);
  if (d.status !== 'draft' || !d.copiedFromId) throw errors.conflict('模拟测算需在“复制为新版本”得到的草稿上进行');
  const src = await getScheme(db, actor, d.copiedFromId);
  const [srcInds, draftInds] = await Promise.all([indicatorsOf(db, src.id), indicatorsOf(db, d.id)]);
  const sums = await sumsOf(db, src.id);
  const orgsList = await rows<{ orgId: number; groupKey: string; name: string }>(db, sql`select a.org_id as "orgId", a.group_key as "groupKey", o.name from assessment_orgs a join orgs o on o.id = a.org_id where a.scheme_id = ${src.id}`);
  const rule = override?.gradeRule ?? d.gradeRule;
  const inds = draftInds.map((i) => ({ ...i, weight: override?.weights?.[i.id] ?? i.weight, maxPoints: override?.maxPoints?.[i.id] ?? i.maxPoints }));
  const mapped = new Map<number, Map<number, number>>();
  for (const [org, m] of sums) {
    const n = new Map<number, number>();
    for (const i of inds) if (i.copiedFromId && m.has(i.copiedFromId)) n.set(i.id, m.get(i.copiedFromId)!);
    mapped.set(org, n);
  }
  const before = rankAndGrade(computeTotals(srcInds, orgsList, sums, Number(src.bonusCap)), src.gradeRule);
  const after = rankAndGrade(computeTotals(inds, orgsList, mapped, override?.bonusCap ?? Number(d.bonusCap)), rule);
  const b = new Map(before.map((r) => [r.orgId, r]));
  const names = new Map(orgsList.map((o) => [o.orgId, o.name]));
  const items = after.map((a) => {
    const x = b.get(a.orgId)!;
    return { orgId: a.orgId, orgName: names.get(a.orgId)!, groupKey: a.groupKey, before: { total: x.total, rank: x.rank, grade: x.grade },
      after: { total: a.total, rank: a.rank, grade: a.grade }, moved: x.rank - a.rank, delta: round2(a.total - x.total) };
  }).sort((p, q) => p.groupKey.localeCompare(q.groupKey) || p.after.rank - q.after.rank);
  return { source: { id: src.id, name: src.name }, draft: { id: d.id, name: d.name }, items, moved: items.filter((i) => i.moved !== 0 || i.before.grade !== i.after.grade).length };
}

// ───────────────────────────── workflow and objections ─────────────────────────────

const NEXT: Partial<Record<SchemeStatus, SchemeStatus>> = { scoring: 'review', review: 'objection', objection: 'final' };

/** scoring → review → results published with an objection window → final. Snapshots are taken when results are published and when final. */
export async function advance(db: Db, actor: Actor, id: number, to: SchemeStatus, rev: number) {
  const s = await getScheme(db, actor, id, P.assessmentManage);
  if (NEXT[s.status] !== to) throw errors.conflict(`当前为“${({ draft: '草稿', scoring: '评分中', review: '审核中', objection: '异议期', final: '已定稿' })[s.status]}”，不能转到该阶段`);
  if (to === 'final') {
    const [{ n = 0 } = {}] = await rows<{ n: number }>(db, sql`select count(*)::int as n from score_objections where scheme_id = ${id} and status = 'open'`);
    if (n) throw errors.conflict(`还有 ${n} 条异议未处理，处理后才能定稿`);
    if (s.objectionUntil && String(s.objectionUntil) >= today()) throw errors.conflict(`异议期到 ${s.objectionUntil} 为止，期满后才能定稿`);
  }
  return inTx(db, async (tx) => {
    const objectionUntil = to === 'objection' ? new Date(Date.parse(today()) + s.objectionDays * 86400_000).toISOString().slice(0, 10) : s.objectionUntil;
    const [n] = await tx.update(assessmentSchemes).set({ status: to, rev: s.rev + 1, objectionUntil: objectionUntil as string | null,
      ...(to === 'objection' ? { resultsAt: new Date() } : {}), ...(to === 'final' ? { finalAt: new Date() } : {}) })
      .where(and(eq(assessmentSchemes.id, id), eq(assessmentSchemes.rev, rev))).returning();
    if (!n) throw errors.conflict();
    if (to === 'objection' || to === 'final') await snapshot(tx, s, to);
    await audit(tx, actor, { action: 'advance', entity: 'assessment_scheme', entityId: id, orgId: s.ownerOrgId, before: { status: s.status }, after: { status: to } });
    return n;
  });
}

async function snapshot(tx: Db, s: Scheme, stage: 'objection' | 'final') {
  const r = await computeResults(tx, s);
  await tx.delete(assessmentResults).where(and(eq(assessmentResults.schemeId, s.id), eq(assessmentResults.stage, stage)));
  for (let k = 0; k < r.length; k += 1000) {
    await tx.insert(assessmentResults).values(r.slice(k, k + 1000).map((x) => ({ schemeId: s.id, stage, orgId: x.orgId, groupKey: x.groupKey, total: x.total.toFixed(2), rank: x.rank, grade: x.grade, vetoed: x.vetoed })));
  }
}

export async function fileObjection(db: Db, actor: Actor, schemeId: number, input: { entryId: number; reason: string }) {
  const s = await getScheme(db, actor, schemeId, P.assessmentSubmit);
  if (s.status !== 'objection') throw errors.conflict('只能在结果公示的异议期内提出异议');
  if (s.objectionUntil && today() > String(s.objectionUntil)) throw errors.conflict(`异议期已于 ${s.objectionUntil} 结束`);
  const [e] = await rows<{ org_id: number }>(db, sql`select e.org_id from score_entries e join orgs o on o.id = e.org_id where e.id = ${input.entryId} and e.scheme_id = ${schemeId} and ${scopeAt(actor, P.assessmentSubmit)}`);
  if (!e) throw errors.field('entryId', '得分记录不存在或不是本单位的');
  return inTx(db, async (tx) => {
    const [o] = await tx.insert(scoreObjections).values({ countyId: s.countyId, schemeId, orgId: e.org_id, entryId: input.entryId, reason: input.reason, filedBy: actor.userId, filedByName: actor.displayName }).returning();
    await audit(tx, actor, { action: 'create', entity: 'score_objection', entityId: o!.id, orgId: e.org_id, after: o });
    return o!;
  });
}

export async function findObjections(db: Db, actor: Actor, schemeId: number) {
  const s = await getScheme(db, actor, schemeId);
  return rows(db, sql`select x.id, x.org_id as "orgId", o.name as "orgName", x.entry_id::int as "entryId", e.seq, e.points::float8 as points, e.reason as "entryReason",
      i.code || ' ' || i.name as indicator, x.reason, x.filed_by_name as "filedByName", x.filed_at as "filedAt", x.status, x.decision, x.decided_by_name as "decidedByName",
      x.decided_at as "decidedAt", x.correction_entry_id::int as "correctionEntryId"
    from score_objections x join orgs o on o.id = x.org_id join score_entries e on e.id = x.entry_id join assessment_indicators i on i.id = e.indicator_id
    where x.scheme_id = ${schemeId} and (${scopeAt(actor, P.assessmentRead)} or ${await ownerSees(db, actor, s)}) order by x.filed_at desc`);
}

/** Decide an objection: upheld → the entry is reversed (and re-scored if points are given); rejected → reason kept. */
export async function decideObjection(db: Db, actor: Actor, id: number, input: { upheld: boolean; decision: string; points?: number | null }) {
  const [x] = await db.select().from(scoreObjections).where(eq(scoreObjections.id, id));
  if (!x) throw errors.notFound('异议');
  await getScheme(db, actor, x.schemeId, P.assessmentManage);
  if (x.status !== 'open') throw errors.conflict('该异议已处理');
  return inTx(db, async (tx) => {
    let correctionEntryId: number | null = null;
    if (input.upheld) {
      const r = await reverseIn(tx, actor, x.schemeId, x.entryId, `异议成立：${input.decision}`, true);
      correctionEntryId = r.id;
      if (input.points !== null && input.points !== undefined) {
        const [orig] = await tx.select().from(scoreEntries).where(eq(scoreEntries.id, x.entryId));
        await appendEntries(tx, actor, x.schemeId, [{ orgId: orig!.orgId, indicatorId: orig!.indicatorId, points: input.points, channel: 'correction', evidenceKind: 'objection', evidenceId: x.id,
          reason: `异议处理后重新计分：${input.decision}` }], { viaObjection: true });
      }
    }
    const [n] = await tx.update(scoreObjections).set({ status: input.upheld ? 'upheld' : 'rejected', decision: input.decision, decidedByName: actor.displayName, decidedAt: new Date(), correctionEntryId })
      .where(and(eq(scoreObjections.id, id), eq(scoreObjections.status, 'open'))).returning();
    if (!n) throw errors.conflict('该异议已处理');
    await audit(tx, actor, { action: 'decide', entity: 'score_objection', entityId: id, orgId: x.orgId, before: x, after: n });
    return n;
  });
}

// ───────────────────────────── accountability ─────────────────────────────

export type ActionInput = { kind: ActionKind; orgId?: number | null; title: string; docNo?: string | null; happenedOn: string; persons?: string | null; problems?: string | null;
  commitments?: string | null; followUp?: string | null; decision?: string | null; body?: string | null };

/** Circulars, interviews, honour bans and adjustments follow from published results of orgs the scheme covers. */
export async function recordAction(db: Db, actor: Actor, schemeId: number, input: ActionInput) {
  const s = await getScheme(db, actor, schemeId, P.assessmentManage);
  if (!['objection', 'final'].includes(s.status)) throw errors.conflict('结果公布后才能据以问责');
  if (input.kind !== 'circular') {
    if (!input.orgId) throw errors.field('orgId', '请选择被问责的党组织');
    const [c] = await rows(db, sql`select 1 from assessment_orgs where scheme_id = ${schemeId} and org_id = ${input.orgId}`);
    if (!c) throw errors.field('orgId', '该党组织不在本方案的考核范围内');
  }
  return inTx(db, async (tx) => {
    const [a] = await tx.insert(accountabilityActions).values({ ...input, orgId: input.orgId ?? null, countyId: s.countyId, schemeId, createdBy: actor.userId, createdByName: actor.displayName }).returning();
    await audit(tx, actor, { action: 'create', entity: 'accountability_action', entityId: a!.id, orgId: input.orgId ?? s.ownerOrgId, after: a });
    return a!;
  });
}

export async function findActions(db: Db, actor: Actor, f: { schemeId?: number; kind?: ActionKind; year?: number }) {
  require(actor, P.assessmentRead);
  return rows(db, sql`select a.id, a.scheme_id as "schemeId", s.name as "schemeName", s.year, a.kind, a.org_id as "orgId", o.name as "orgName", a.title, a.doc_no as "docNo",
      a.happened_on as "happenedOn", a.persons, a.problems, a.commitments, a.follow_up as "followUp", a.decision, a.created_by_name as "createdByName",
      r.total::float8 as total, r.rank, r.grade
    from accountability_actions a join assessment_schemes s on s.id = a.scheme_id join orgs w on w.id = s.owner_org_id left join orgs o on o.id = a.org_id
      left join lateral (select total, rank, grade from assessment_results r where r.scheme_id = a.scheme_id and r.org_id = a.org_id order by stage = 'final' desc limit 1) r on true
    where (${scopeAt(actor, P.assessmentRead, 'w')} or (o.id is not null and ${scopeAt(actor, P.assessmentRead)}))
      ${f.schemeId ? sql`and a.scheme_id = ${f.schemeId}` : sql``} ${f.kind ? sql`and a.kind = ${f.kind}` : sql``} ${f.year ? sql`and s.year = ${f.year}` : sql``}
    order by a.happened_on desc, a.id desc`);
}

export async function getAction(db: Db, actor: Actor, id: number) {
  const [a] = await db.select().from(accountabilityActions).where(eq(accountabilityActions.id, id));
  if (!a) throw errors.notFound('问责记录');
  const s = await getScheme(db, actor, a.schemeId);
  return { action: a, scheme: s };
}

/** The cascade: each committee's own scheme for the year, with its grade counts, for the level above. */
export async function cascade(db: Db, actor: Actor, year: number) {
  require(actor, P.assessmentRead);
  // schemes still being scored show their live grades (kept current from the ledger); published ones their snapshot
  const open = await rows<Pick<Scheme, 'id' | 'gradeRule' | 'bonusCap'>>(db, sql`
    select s.id, s.grade_rule as "gradeRule", s.bonus_cap as "bonusCap" from assessment_schemes s join orgs o on o.id = s.owner_org_id
    where s.year = ${year} and o.parent_id is not null and s.status in ('scoring', 'review') and ${scopeAt(actor, P.assessmentRead)}`);
  for (const x of open) await ensureLive(db, x);
  const stage = sql.raw(`case s.status when 'final' then 'final' when 'objection' then 'objection' else 'live' end`);
  return rows(db, sql`select s.id, s.name, s.status, o.id as "ownerOrgId", o.name as "ownerName", s.base_scheme_id as "baseSchemeId", s.deviation_approval as "deviationApproval",
      (select count(*)::int from assessment_orgs a where a.scheme_id = s.id) as orgs,
      (select count(*)::int from assessment_results r where r.scheme_id = s.id and r.stage = ${stage} and r.grade = 'excellent') as excellent,
      (select count(*)::int from assessment_results r where r.scheme_id = s.id and r.stage = ${stage} and r.grade = 'good') as good,
      (select count(*)::int from assessment_results r where r.scheme_id = s.id and r.stage = ${stage} and r.grade = 'fair') as fair,
      (select count(*)::int from assessment_results r where r.scheme_id = s.id and r.stage = ${stage} and r.grade = 'poor') as poor,
      (select round(avg(r.total), 1)::float8 from assessment_results r where r.scheme_id = s.id and r.stage = ${stage}) as average
    from assessment_schemes s join orgs o on o.id = s.owner_org_id
    where s.year = ${year} and o.parent_id is not null and ${scopeAt(actor, P.assessmentRead)} and s.status <> 'draft' order by o.path, s.version desc`);
}

/** A special circular from the published results: recorded as an action, its .docx made from the snapshot. */
export async function issueCircular(db: Db, actor: Actor, schemeId: number, input: { docNo: string; title: string; body: string; happenedOn: string }) {
  return recordAction(db, actor, schemeId, { kind: 'circular', title: input.title, docNo: input.docNo, happenedOn: input.happenedOn, body: input.body });
}

export async function circularFile(db: Db, actor: Actor, actionId: number) {
  const { action, scheme } = await getAction(db, actor, actionId);
  if (action.kind !== 'circular') throw errors.notFound('通报');
  const stage = scheme.status === 'final' ? 'final' : 'objection';
  const r = await rows<{ groupKey: string; rank: number; orgName: string; total: number; grade: string }>(db, sql`
    select r.group_key as "groupKey", r.rank, o.name as "orgName", r.total::float8 as total, r.grade from assessment_results r join orgs o on o.id = r.org_id
    where r.scheme_id = ${scheme.id} and r.stage = ${stage} order by r.group_key, r.rank, o.path`);
  const order = scheme.groups.map((g) => g.key);
  const label = new Map(scheme.groups.map((g) => [g.key, g.label]));
  const rowsOut = r.sort((a, b) => order.indexOf(a.groupKey) - order.indexOf(b.groupKey) || a.rank - b.rank)
    .map((x) => ({ ...x, groupLabel: label.get(x.groupKey) ?? x.groupKey }));
  const buf = await circularDocx({ issuer: `中共${scheme.ownerName.replace(/^中共/, '').replace(/委员会$/, '委')}`, docNo: action.docNo ?? '', title: action.title,
    body: action.body ?? '', date: String(action.happenedOn), rows: rowsOut });
  return { fileName: `${action.title}.docx`, buf };
}

/** Evidence on a daily record (its submitter, while it waits) or a finding (a scorer). */
export async function addEvidence(db: Db, actor: Actor, kind: 'daily' | 'finding', id: number, file: Upload) {
  const r = await evidenceOwner(db, actor, kind, id, kind === 'daily' ? P.assessmentSubmit : P.assessmentScore);
  if (kind === 'daily' && r.status !== 'submitted') throw errors.conflict('已审核的记实不能再添加附件');
  return inTx(db, async (tx) => {
    const att = [...r.attachments, ...await attach(tx, file)];
    if (kind === 'daily') await tx.update(dailyRecords).set({ attachments: att }).where(eq(dailyRecords.id, id));
    else await tx.update(assessmentFindings).set({ attachments: att }).where(eq(assessmentFindings.id, id));
    await audit(tx, actor, { action: 'attach', entity: kind === 'daily' ? 'daily_record' : 'assessment_finding', entityId: id, orgId: r.orgId, after: { name: file.name } });
    return att;
  });
}

/** The record an evidence file belongs to, checked for the actor before an upload is read. */
export async function evidenceOwner(db: Db, actor: Actor, kind: 'daily' | 'finding', id: number, perm: Permission) {
  const table = kind === 'daily' ? dailyRecords : assessmentFindings;
  const [r] = await db.select().from(table).where(eq(table.id, id));
  if (!r) throw errors.notFound(kind === 'daily' ? '日常记实' : '督查发现');
  const s = await getScheme(db, actor, r.schemeId, perm === P.assessmentScore ? P.assessmentScore : P.assessmentRead);
  if (perm === P.assessmentSubmit) await getOrgRow(db, actor, r.orgId, P.assessmentSubmit);
  else if (perm === P.assessmentRead && !(await inScope(db, actor, P.assessmentRead, s.ownerOrgId)) && !(await inScope(db, actor, P.assessmentRead, r.orgId))) throw errors.notFound('附件');
  return r as typeof r & { status?: string };
}

export async function evidenceFile(db: Db, actor: Actor, kind: 'daily' | 'finding', id: number, fileId: number) {
  const r = await evidenceOwner(db, actor, kind, id, P.assessmentRead);
  const a = r.attachments.find((x) => x.fileId === fileId);
  if (!a) throw errors.notFound('附件');
  return { ...a, ...(await readStoredFile(db, fileId)) };
}

export { computeTotals, rankAndGrade, type Ranked };

// ───────────────────────────── signals for weak-org screening ─────────────────────────────

/** Share of a choice counted as satisfied in a year-end ballot: choices scoring at least this part of the top choice (好, 较好). */
export const SATISFIED_SHARE = 0.8;

/**
 * For screening: CTEs `sat (org_id, rate, marks)` — per org, the share of year-end ballot marks in the year's
 * schemes that were satisfied — and `lastp (org_id, rank, size, group_key)` — orgs ranked last in their group
 * (of at least two) in the year's final results.
 */
export function screeningSignalsCtes(year: number, countyIds: number[]) {
  return sql`
    sat as (
      select bm.org_id, avg(case when (c.choices -> bm.choice ->> 'score')::numeric >= ${SATISFIED_SHARE} * mx.top then 1.0 else 0.0 end)::float8 as rate, count(*)::int as marks
      from ballot_campaigns c join assessment_schemes s on s.id = c.scheme_id and s.year = ${year} and s.county_id in ${countyIds}
        cross join lateral (select max((x ->> 'score')::numeric) as top from jsonb_array_elements(c.choices) x) mx
        join ballots b on b.campaign_id = c.id join ballot_marks bm on bm.ballot_id = b.id
      group by bm.org_id),
    fin as (
      select r.org_id, r.scheme_id, r.group_key, r.rank, count(*) over (partition by r.scheme_id, r.group_key)::int as size,
        max(r.rank) over (partition by r.scheme_id, r.group_key) as last_rank
      from assessment_results r join assessment_schemes s on s.id = r.scheme_id and s.year = ${year} and s.county_id in ${countyIds} and s.status = 'final'
      where r.stage = 'final'),
    lastp as (select org_id, min(rank) as rank, max(size) as size from fin where rank = last_rank and size >= 2 group by org_id)`;
}

/**
 * The cockpit's grades: of the year's published schemes (results in the objection period or final) in scope,
 * the assessed orgs per grade, in total and per child of `under`.
 */
export async function gradeRollup(db: Db, actor: Actor, f: { year: number; under?: number }) {
  require(actor, P.assessmentRead);
  const under = f.under ? await getOrgRow(db, actor, f.under, P.assessmentRead) : null;
  const key = rollupKey(scopeOf(actor, P.assessmentRead), under?.path ?? null, sql`o.path`, sql`o.id`);
  const list = await rows<{ child: number; name: string; grade: string; n: number }>(db, sql`
    with res as (select r.org_id, r.grade from assessment_results r join assessment_schemes s on s.id = r.scheme_id
      where s.year = ${f.year} and s.status in ('objection', 'final') and r.stage = case when s.status = 'final' then 'final' else 'objection' end),
    per as (select ${key} as child, res.grade, count(*)::int as n from res join orgs o on o.id = res.org_id
      where ${scopeAt(actor, P.assessmentRead)} ${under ? sql`and o.path like ${under.path + '%'}` : sql``} group by 1, 2)
    select per.child, g.name, per.grade, per.n from per join orgs g on g.id = per.child order by g.path`);
  const total: Record<string, number> = {};
  const byChild = new Map<number, { id: number; name: string; grades: Record<string, number>; total: number }>();
  for (const x of list) {
    total[x.grade] = (total[x.grade] ?? 0) + x.n;
    const c = byChild.get(x.child) ?? { id: x.child, name: x.name, grades: {}, total: 0 };
    c.grades[x.grade] = x.n; c.total += x.n;
    byChild.set(x.child, c);
  }
  return { total, assessed: Object.values(total).reduce((a, n) => a + n, 0), byChild: [...byChild.values()] };
}

// What inspections and weak-org screening need of the assessment, provided here because they are measured by it.
assessmentLink.provide({ checkScheme: (db, actor, schemeId) => getScheme(db, actor, schemeId, P.assessmentScore), deduct: recordFinding });
screeningSignals.provide(screeningSignalsCtes);

import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { require, rollupKey, scopeOf, type Actor, scopeAt } from '../../core/actor.js';
import { audit } from '../../core/audit.js';
import { inTx, rows, type Db } from '../../core/db.js';
import { errors } from '../../core/errors.js';
import { offset, today } from '../../core/paging.js';
import { P, type Permission } from '../../core/permissions.js';
import { port } from '../../core/port.js';
import { getOrgRow, ruleValuesAt, secretaryVacantSinceSql } from '../orgs/service.js';
import { lastAdmissionSql } from '../members/service.js';
import { branchComplianceCtes } from '../meetings/service.js';
import { nameIfVisible, raiseItem } from '../inspections/service.js';
import { isDone } from '../inspections/rules.js';
import type { RectificationStatus } from '../inspections/tables.js';
import type { OrgType } from '../../../shared/codes.js';
import { DEFAULT_CRITERIA, lacksOf, normalizeCriteria, ratioQuota, THREE_LACKS_DEFAULTS, TRIGGERS, validateCriteria, watchUntil } from './rules.js';
import { screeningCandidates, screeningRuns, threeLacksEntries, WEAK_CATEGORIES, weakOrgCriteria, weakOrgs, type Criterion, type TriggerHit, type TriggerKey } from './tables.js';


/**
 * Two criteria read the year's assessment: CTEs `sat (org_id, rate, marks)`, the satisfied share of year-end ballot
 * marks, and `lastp (org_id, rank, size)`, orgs ranked last in their group. The assessment module reads this
 * module's three-lacks ledger for its metrics, so it provides these instead of being imported.
 */
export const screeningSignals = port<(year: number, countyIds: number[]) => SQL>('weak-org screening → assessment signals');

/** Orgs screened: the grassroots level (村/社区党组织, 机关/企事业单位党支部, 党总支, 基层党委). */
export const SCREENED_TYPES = ['grassroots_committee', 'general_branch', 'branch'] as const;
const VILLAGE_CATEGORIES = ['village', 'community'];
/** The orgs the three-lacks ledger covers, over `o`: active village and community orgs directly under a township. */
const villageLevel = sql`o.status = 'active' and o.category in ${VILLAGE_CATEGORIES} and o.org_type in ${[...SCREENED_TYPES]}
  and exists (select 1 from orgs t where t.id = o.parent_id and t.org_type = 'township_committee')`;

export async function threeLacksRules(db: Db, on = today()) {
  const v = await ruleValuesAt(db, { threeLacksIncomeLine: THREE_LACKS_DEFAULTS.incomeLine, threeLacksMinVenueArea: THREE_LACKS_DEFAULTS.minVenueArea }, on);
  return { incomeLine: v.threeLacksIncomeLine, minVenueArea: v.threeLacksMinVenueArea };
}

const countyOf = (actor: Actor, perm: Permission) => {
  const a = actor.assignments.find((x) => x.permissions.includes(perm) && x.scope === 'all');
  if (!a) throw errors.forbidden('软弱涣散党组织的排查和认定由县委组织部进行');
  return a.countyId;
};

// ───────────────────────────── criteria ─────────────────────────────

export async function getCriteria(db: Db, actor: Actor, year: number) {
  require(actor, P.problemRead);
  const [c] = await db.select().from(weakOrgCriteria).where(and(eq(weakOrgCriteria.countyId, actor.countyId), eq(weakOrgCriteria.year, year)));
  const criteria = normalizeCriteria(c?.criteria ?? DEFAULT_CRITERIA);
  return { year, criteria, ratioTarget: c?.ratioTarget === null || !c ? null : Number(c.ratioTarget), version: c?.version ?? 0,
    catalogue: Object.entries(TRIGGERS).map(([key, d]) => ({ key, ...d })), categories: WEAK_CATEGORIES.map(([key, label]) => ({ key, label })) };
}

export async function saveCriteria(db: Db, actor: Actor, year: number, input: { criteria: Criterion[]; ratioTarget: number | null; version: number }) {
  require(actor, P.problemScreen);
  const countyId = countyOf(actor, P.problemScreen);
  const errs = validateCriteria(input.criteria, input.ratioTarget);
  if (errs.length) throw errors.badRequest(errs[0]!.message, errs);
  const criteria = normalizeCriteria(input.criteria);
  return inTx(db, async (tx) => {
    const [before] = await tx.select().from(weakOrgCriteria).where(and(eq(weakOrgCriteria.countyId, countyId), eq(weakOrgCriteria.year, year)));
    if ((before?.version ?? 0) !== input.version) throw errors.stale();
    const values = { criteria, ratioTarget: input.ratioTarget === null ? null : String(input.ratioTarget), updatedBy: actor.userId, updatedAt: new Date() };
    const [after] = before
      ? await tx.update(weakOrgCriteria).set({ ...values, version: before.version + 1 }).where(eq(weakOrgCriteria.id, before.id)).returning()
      : await tx.insert(weakOrgCriteria).values({ ...values, countyId, year }).returning();
    await audit(tx, actor, { action: before ? 'update' : 'create', entity: 'weak_org_criteria', entityId: after!.id, before, after });
    return after!;
  });
}

// ───────────────────────────── screening ─────────────────────────────

const on = (list: Criterion[], key: TriggerKey) => list.find((c) => c.key === key && c.enabled);

/**
 * The screening query: one statement over the grassroots orgs in the actor's scope, one branch per enabled
 * trigger, each reading its module's own fragment (org posts, admissions, compliance, ballots, results,
 * the three-lacks ledger). Returns each org that met at least one trigger, with the values behind it.
 */
export async function screenSql(db: Db, actor: Actor, f: { year: number; asOf: string; criteria: Criterion[]; underPath?: string | null }): Promise<SQL> {
  const list = f.criteria;
  const scope = scopeAt(actor, P.problemRead);
  const countyIds = [...new Set(actor.assignments.map((a) => a.countyId))];
  const comp = on(list, 'low_compliance') ? await branchComplianceCtes(db, actor, f.year, f.underPath ?? null) : null;
  const tl = await threeLacksRules(db, f.asOf);
  const parts: SQL[] = [];
  const c1 = on(list, 'secretary_vacant');
  if (c1) parts.push(sql`select t.id, 'secretary_vacant' as key, v.since::text as value from t cross join lateral (select ${secretaryVacantSinceSql('t')} as since) v
    where v.since <= ${f.asOf}::date - make_interval(months => ${c1.threshold}::int)`);
  const c2 = on(list, 'no_new_members');
  if (c2) parts.push(sql`select t.id, 'no_new_members', coalesce(v.last::text, '') from t cross join lateral (select ${lastAdmissionSql('t')} as last) v
    where t.org_type = 'branch' and exists (select 1 from members m where m.org_id = t.id and m.status = 'active') and (v.last is null or v.last <= ${f.asOf}::date - make_interval(years => ${c2.threshold}::int))`);
  const c3 = on(list, 'low_satisfaction');
  if (c3) parts.push(sql`select t.id, 'low_satisfaction', round((sat.rate * 100)::numeric, 1)::text from t join sat on sat.org_id = t.id where sat.rate * 100 < ${c3.threshold}`);
  if (on(list, 'last_in_assessment')) parts.push(sql`select t.id, 'last_in_assessment', lastp.rank || '/' || lastp.size from t join lastp on lastp.org_id = t.id`);
  const c5 = on(list, 'election_overdue');
  if (c5) parts.push(sql`select t.id, 'election_overdue', t.term_end::text from t where t.term_end < ${f.asOf}::date - ${c5.threshold}::int`);
  const c6 = on(list, 'low_compliance');
  if (c6 && comp) parts.push(sql`select t.id, 'low_compliance', round((comp.done * 100.0 / comp.counted)::numeric, 1)::text from t join comp on comp.org_id = t.id
    where comp.counted > 0 and comp.done * 100.0 / comp.counted < ${c6.threshold}`);
  const c7 = on(list, 'three_lacks');
  if (c7) parts.push(sql`select t.id, 'three_lacks', tl.lacks::text from t join tl on tl.org_id = t.id where tl.lacks >= ${c7.threshold}`);
  if (!parts.length) parts.push(sql`select t.id, 'none', null from t where false`);
  return sql`
    with ${comp ? sql`${comp},` : sql``}
    t as (select o.id, o.org_type, o.member_count, o.term_end, o.founded_on, o.created_at from orgs o
      where o.status = 'active' and o.org_type in ${[...SCREENED_TYPES]} and ${scope} ${f.underPath ? sql`and o.path like ${f.underPath + '%'}` : sql``}),
    ${screeningSignals.use(f.year, countyIds)},
    tl as (select distinct on (e.org_id) e.org_id,
        (case when e.has_person_in_charge then 0 else 1 end
         + case when e.collective_income < ${tl.incomeLine} and e.service_funds <= 0 then 1 else 0 end
         + case when e.has_venue and coalesce(e.venue_area, 0) >= ${tl.minVenueArea} then 0 else 1 end) as lacks
      from three_lacks_entries e where e.year <= ${f.year} and e.county_id in ${countyIds} order by e.org_id, e.year desc, e.id desc),
    hits (id, key, value) as (${sql.join(parts, sql` union all `)})
    select h.id as "orgId", jsonb_agg(jsonb_build_object('key', h.key, 'value', h.value) order by h.key) as hits, (select count(*)::int from t) as screened
    from hits h group by h.id order by h.id`;
}

const pct = (v: string) => `${v}%`;
/** The evidence line of a hit, in Chinese, from its value. */
export function evidenceOf(key: TriggerKey, value: string | null, c: Criterion | undefined): string {
  const th = c?.threshold;
  switch (key) {
    case 'secretary_vacant': return `书记空缺，自 ${value} 起（超过 ${th} 个月）`;
    case 'no_new_members': return value ? `最近一次发展党员在 ${value}（已满 ${th} 年未发展）` : '没有发展党员的记录';
    case 'low_satisfaction': return `年末测评满意度 ${pct(value ?? '')}（低于 ${th}%）`;
    case 'last_in_assessment': return `年度考核同类别排名 ${value}（末位）`;
    case 'election_overdue': return `任期已于 ${value} 届满，尚未换届`;
    case 'low_compliance': return `组织生活达标率 ${pct(value ?? '')}（低于 ${th}%）`;
    case 'three_lacks': return `“三无”台账缺 ${value} 项`;
  }
}

export async function screen(db: Db, actor: Actor, f: { year: number; asOf?: string; criteria: Criterion[]; underPath?: string | null }) {
  const asOf = f.asOf ?? today();
  const r = await rows<{ orgId: number; hits: { key: TriggerKey; value: string | null }[]; screened: number }>(db, await screenSql(db, actor, { ...f, asOf }));
  const hits = (x: (typeof r)[number]): TriggerHit[] => x.hits.map((h) => ({ key: h.key, value: h.value, evidence: evidenceOf(h.key, h.value, f.criteria.find((c) => c.key === h.key)) }));
  return { asOf, screened: r[0]?.screened ?? null, candidates: r.map((x) => ({ orgId: x.orgId, hits: hits(x) })) };
}

/** 年度排查: run the county's criteria, keep the run and its candidates with their evidence. */
export async function runScreening(db: Db, actor: Actor, year: number) {
  require(actor, P.problemScreen);
  const countyId = countyOf(actor, P.problemScreen);
  const c = await getCriteria(db, actor, year);
  const res = await screen(db, actor, { year, criteria: c.criteria });
  const [{ screened = 0 } = {}] = res.screened !== null ? [{ screened: res.screened }]
    : await rows<{ screened: number }>(db, sql`select count(*)::int as screened from orgs o where o.status = 'active' and o.org_type in ${[...SCREENED_TYPES]} and o.county_id = ${countyId}`);
  return inTx(db, async (tx) => {
    const [run] = await tx.insert(screeningRuns).values({ countyId, year, asOf: res.asOf, criteria: c.criteria, ratioTarget: c.ratioTarget === null ? null : String(c.ratioTarget),
      screened, candidates: res.candidates.length, ranBy: actor.userId, ranByName: actor.displayName }).returning();
    for (let i = 0; i < res.candidates.length; i += 1000) {
      await tx.insert(screeningCandidates).values(res.candidates.slice(i, i + 1000).map((x) => ({ runId: run!.id, orgId: x.orgId, hits: x.hits })));
    }
    await audit(tx, actor, { action: 'screen', entity: 'screening_run', entityId: run!.id, after: { year, screened, candidates: res.candidates.length } });
    return run!;
  });
}

export async function findRuns(db: Db, actor: Actor, year: number) {
  require(actor, P.problemRead);
  return db.select().from(screeningRuns).where(and(eq(screeningRuns.countyId, actor.countyId), eq(screeningRuns.year, year))).orderBy(desc(screeningRuns.id));
}

/** A candidate of a screening run: the triggers it hit, and the weak-org record if it was confirmed (null: not yet). */
export type CandidateRow = {
  orgId: number; orgName: string; category: string; orgType: OrgType; parentName: string | null; hits: TriggerHit[]; hitCount: number; weakOrgId: number | null;
};

/** A run's candidates in scope, with their triggers, whether confirmed, and the ratio target's count (if any). */
export async function runCandidates(db: Db, actor: Actor, runId: number, f: { trigger?: TriggerKey; page: number; pageSize: number }) {
  require(actor, P.problemRead);
  const [run] = await db.select().from(screeningRuns).where(and(eq(screeningRuns.id, runId), eq(screeningRuns.countyId, actor.countyId)));
  if (!run) throw errors.notFound('排查记录');
  const where = sql`c.run_id = ${runId} and ${scopeAt(actor, P.problemRead)} ${f.trigger ? sql`and c.hits @> ${JSON.stringify([{ key: f.trigger }])}::jsonb` : sql``}`;
  const [items, [{ n = 0 } = {}]] = await Promise.all([
    rows<CandidateRow>(db, sql`select c.org_id as "orgId", o.name as "orgName", o.category, o.org_type as "orgType", ${nameIfVisible(actor, 'p', '')} as "parentName", c.hits,
        jsonb_array_length(c.hits) as "hitCount", w.id as "weakOrgId"
      from screening_candidates c join orgs o on o.id = c.org_id left join orgs p on p.id = o.parent_id
        left join weak_orgs w on w.org_id = c.org_id and w.year = ${run.year} and w.county_id = ${run.countyId}
      where ${where} order by jsonb_array_length(c.hits) desc, o.path limit ${f.pageSize} offset ${offset(f)}`),
    rows<{ n: number }>(db, sql`select count(*)::int as n from screening_candidates c join orgs o on o.id = c.org_id where ${where}`),
  ]);
  const ratio = run.ratioTarget === null ? null : Number(run.ratioTarget);
  return { run: { ...run, ratioTarget: ratio, quota: ratioQuota(run.screened, ratio) }, items, total: n };
}

export type ConfirmInput = {
  runId?: number | null; orgId: number; categories: string[]; reason: string; contactLeader: string; firstSecretary?: string | null;
  responsiblePerson: string; measures: string; deadline: string;
};

/** 认定: the county confirms an org as weak and lax; its rectification plan is a rectification item the county accepts and closes. */
export async function confirm(db: Db, actor: Actor, year: number, input: ConfirmInput) {
  require(actor, P.problemScreen);
  const countyId = countyOf(actor, P.problemScreen);
  const o = await getOrgRow(db, actor, input.orgId, P.problemScreen).catch(() => { throw errors.field('orgId', '党组织不存在或不在您的管理范围内'); });
  const known = new Set<string>(WEAK_CATEGORIES.map(([k]) => k));
  const bad = input.categories.find((c) => !known.has(c));
  if (bad) throw errors.field('categories', `未知的软弱涣散类型“${bad}”`);
  if (!input.categories.length) throw errors.field('categories', '请至少选择一种软弱涣散类型');
  if (VILLAGE_CATEGORIES.includes(o.category) && !input.firstSecretary?.trim()) throw errors.field('firstSecretary', '村（社区）软弱涣散党组织须选派第一书记，请填写');
  if (input.deadline < today()) throw errors.field('deadline', '整顿期限不能早于今天');
  const [exists] = await db.select({ id: weakOrgs.id }).from(weakOrgs).where(and(eq(weakOrgs.countyId, countyId), eq(weakOrgs.year, year), eq(weakOrgs.orgId, o.id)));
  if (exists) throw errors.duplicate(`${o.name}已认定为 ${year} 年软弱涣散党组织`);
  let hits: TriggerHit[] = [];
  if (input.runId) {
    const [c] = await db.select().from(screeningCandidates).where(and(eq(screeningCandidates.runId, input.runId), eq(screeningCandidates.orgId, o.id)));
    if (!c) throw errors.field('runId', '该党组织不在这次排查的名单中');
    hits = c.hits;
  }
  const [root] = await rows<{ id: number }>(db, sql`select id from orgs where county_id = ${countyId} and parent_id is null order by id limit 1`);
  return inTx(db, async (tx) => {
    const item = await raiseItem(tx, actor, {
      orgId: o.id, countyId, responsiblePerson: input.responsiblePerson, source: 'weak_org', sourceRef: `${year} 年软弱涣散党组织整顿`,
      title: `软弱涣散整顿：${input.categories.map((c) => WEAK_CATEGORIES.find(([k]) => k === c)![1]).join('、')}`, description: input.reason,
      foundOn: today(), deadline: input.deadline, measures: input.measures, checkerOrgId: root!.id,
    });
    const [w] = await tx.insert(weakOrgs).values({ countyId, year, orgId: o.id, runId: input.runId ?? null, categories: input.categories, hits, reason: input.reason,
      contactLeader: input.contactLeader, firstSecretary: input.firstSecretary?.trim() || null, rectificationItemId: item.id,
      confirmedBy: actor.userId, confirmedByName: actor.displayName }).returning();
    await audit(tx, actor, { action: 'confirm', entity: 'weak_org', entityId: w!.id, orgId: o.id, after: w });
    return { ...w!, rectificationItemId: item.id };
  });
}

/**
 * Confirmed weak orgs of a year (or under watch from an earlier year) with their rectification's state:
 * monthly progress reported this month or not, closed, and the year of watch after closure.
 */
export async function findWeakOrgs(db: Db, actor: Actor, f: { year: number; under?: number }) {
  require(actor, P.problemRead);
  const underPath = f.under ? (await getOrgRow(db, actor, f.under, P.problemRead)).path : null;
  const t = today();
  const list = await rows<{ id: number; year: number; orgId: number; orgName: string; category: string; parentName: string | null; categories: string[]; hits: TriggerHit[];
    reason: string; contactLeader: string; firstSecretary: string | null; itemId: number; status: RectificationStatus; deadline: string; lastProgressOn: string | null;
    closedOn: string | null; confirmedAt: string; progressThisMonth: boolean }>(db, sql`
    select w.id, w.year, w.org_id as "orgId", o.name as "orgName", o.category, ${nameIfVisible(actor, 'p', '')} as "parentName", w.categories, w.hits, w.reason,
      w.contact_leader as "contactLeader", w.first_secretary as "firstSecretary", r.id as "itemId", r.status, r.deadline, r.last_progress_on as "lastProgressOn",
      r.closed_on as "closedOn", w.confirmed_at as "confirmedAt",
      coalesce(r.last_progress_on >= date_trunc('month', ${t}::date)::date, false) as "progressThisMonth"
    from weak_orgs w join orgs o on o.id = w.org_id left join orgs p on p.id = o.parent_id join rectification_items r on r.id = w.rectification_item_id
    where ${scopeAt(actor, P.problemRead)} ${underPath ? sql`and o.path like ${underPath + '%'}` : sql``}
      and (w.year = ${f.year} or (r.closed_on is not null and r.closed_on >= (${t}::date - interval '1 year')))
    order by w.year desc, o.path`);
  return list.map((w) => {
    const watch = w.closedOn ? watchUntil(w.closedOn) : null;
    return { ...w, done: isDone(w.status), watchUntil: watch, underWatch: watch !== null && watch >= t, monthlyDue: !isDone(w.status) && !w.progressThisMonth };
  });
}

/** For the dashboard: confirmed weak orgs of the year by state. */
export async function weakOrgSummary(db: Db, actor: Actor, year: number) {
  const list = await findWeakOrgs(db, actor, { year });
  const thisYear = list.filter((w) => w.year === year);
  return {
    confirmed: thisYear.length, closed: thisYear.filter((w) => w.status === 'closed').length,
    rectifying: thisYear.filter((w) => !isDone(w.status)).length, monthlyDue: thisYear.filter((w) => w.monthlyDue).length,
    underWatch: list.filter((w) => w.underWatch).length,
  };
}

// ───────────────────────────── three lacks ─────────────────────────────

export type ThreeLacksInput = {
  orgId: number; year: number; hasPersonInCharge: boolean; personInCharge?: string | null; collectiveIncome: number; serviceFunds: number;
  hasVenue: boolean; venueArea?: number | null; actions?: string | null;
};

/** A new entry for an org and year; the latest one is current; earlier ones stay as history. */
export async function recordThreeLacks(db: Db, actor: Actor, input: ThreeLacksInput) {
  require(actor, P.problemRegister);
  const o = await getOrgRow(db, actor, input.orgId, P.problemRegister).catch(() => { throw errors.field('orgId', '党组织不存在或不在您的管理范围内'); });
  const [parent] = o.parentId ? await rows<{ orgType: string }>(db, sql`select org_type as "orgType" from orgs where id = ${o.parentId}`) : [];
  if (!VILLAGE_CATEGORIES.includes(o.category) || parent?.orgType !== 'township_committee') throw errors.field('orgId', '“三无”台账只登记村、社区党组织（乡镇党委下的村、社区一级）');
  if (input.year > Number(today().slice(0, 4))) throw errors.field('year', '年度不能晚于今年');
  if (input.hasPersonInCharge && !input.personInCharge?.trim()) throw errors.field('personInCharge', '请填写管事的人（姓名、职务）');
  if (input.hasVenue && !input.venueArea) throw errors.field('venueArea', '有活动场所的，请填写面积');
  return inTx(db, async (tx) => {
    const [e] = await tx.insert(threeLacksEntries).values({
      countyId: o.countyId, orgId: o.id, year: input.year, hasPersonInCharge: input.hasPersonInCharge, personInCharge: input.personInCharge?.trim() || null,
      collectiveIncome: String(input.collectiveIncome), serviceFunds: String(input.serviceFunds), hasVenue: input.hasVenue,
      venueArea: input.venueArea === null || input.venueArea === undefined ? null : String(input.venueArea), actions: input.actions ?? null,
      recordedBy: actor.userId, recordedByName: actor.displayName,
    }).returning();
    await audit(tx, actor, { action: 'create', entity: 'three_lacks', entityId: e!.id, orgId: o.id, after: e });
    return e!;
  });
}

type LacksRow = { orgId: number; orgName: string; category: string; parentName: string | null; entryId: number | null; hasPersonInCharge: boolean | null;
  personInCharge: string | null; collectiveIncome: number | null; serviceFunds: number | null; hasVenue: boolean | null; venueArea: number | null; actions: string | null;
  recordedByName: string | null; recordedAt: string | null; entries: number };

/** The ledger of a year: every village and community in scope with its current entry (or none yet) and its lacks. */
export async function findThreeLacks(db: Db, actor: Actor, f: { year: number; under?: number; lacking?: boolean; page: number; pageSize: number }) {
  require(actor, P.problemRead);
  const underPath = f.under ? (await getOrgRow(db, actor, f.under, P.problemRead)).path : null;
  const rules = await threeLacksRules(db);
  const list = await rows<LacksRow>(db, sql`
    select o.id as "orgId", o.name as "orgName", o.category, ${nameIfVisible(actor, 'p', '')} as "parentName", e.id as "entryId", e.has_person_in_charge as "hasPersonInCharge",
      e.person_in_charge as "personInCharge", e.collective_income::float8 as "collectiveIncome", e.service_funds::float8 as "serviceFunds",
      e.has_venue as "hasVenue", e.venue_area::float8 as "venueArea", e.actions, e.recorded_by_name as "recordedByName", e.recorded_at as "recordedAt",
      (select count(*)::int from three_lacks_entries x where x.org_id = o.id and x.year = ${f.year}) as entries
    from orgs o left join orgs p on p.id = o.parent_id
      left join lateral (select * from three_lacks_entries x where x.org_id = o.id and x.year = ${f.year} order by x.id desc limit 1) e on true
    where ${villageLevel}
      and ${scopeAt(actor, P.problemRead)} ${underPath ? sql`and o.path like ${underPath + '%'}` : sql``}
    order by o.path`);
  const withLacks = list.map((x) => ({ ...x, lacks: x.entryId === null ? null : lacksOf({ hasPersonInCharge: !!x.hasPersonInCharge, collectiveIncome: x.collectiveIncome ?? 0,
    serviceFunds: x.serviceFunds ?? 0, hasVenue: !!x.hasVenue, venueArea: x.venueArea }, rules) }));
  const shown = f.lacking ? withLacks.filter((x) => x.lacks && x.lacks.count > 0) : withLacks;
  const summary = {
    orgs: withLacks.length, reported: withLacks.filter((x) => x.lacks).length, lacking: withLacks.filter((x) => x.lacks && x.lacks.count > 0).length,
    person: withLacks.filter((x) => x.lacks?.person).length, funds: withLacks.filter((x) => x.lacks?.funds).length, venue: withLacks.filter((x) => x.lacks?.venue).length,
  };
  return { rules, summary, items: shown.slice(offset(f), offset(f) + f.pageSize), total: shown.length };
}

export async function threeLacksHistory(db: Db, actor: Actor, orgId: number) {
  const o = await getOrgRow(db, actor, orgId, P.problemRead);
  return db.select().from(threeLacksEntries).where(eq(threeLacksEntries.orgId, o.id)).orderBy(desc(threeLacksEntries.year), desc(threeLacksEntries.id));
}

/** Weak orgs confirmed per child of `under`, for drill-down. */
export async function weakOrgRollup(db: Db, actor: Actor, f: { year: number; under?: number }) {
  require(actor, P.problemRead);
  const under = f.under ? await getOrgRow(db, actor, f.under, P.problemRead) : null;
  const key = rollupKey(scopeOf(actor, P.problemRead), under?.path ?? null, sql`o.path`, sql`o.id`);
  return rows<{ id: number; name: string; confirmed: number; closed: number }>(db, sql`
    with per as (select ${key} as child, count(*)::int as confirmed, count(*) filter (where r.status = 'closed')::int as closed
      from weak_orgs w join orgs o on o.id = w.org_id join rectification_items r on r.id = w.rectification_item_id
      where w.year = ${f.year} and ${scopeAt(actor, P.problemRead)} ${under ? sql`and o.path like ${under.path + '%'}` : sql``} group by 1)
    select g.id, g.name, per.confirmed, per.closed from per join orgs g on g.id = per.child order by per.confirmed desc, g.path`);
}

/** 村集体经济收入 that counts as 5 万元以上 in the plan target (万元). */
export const VILLAGE_INCOME_THRESHOLD = 5;

/**
 * Villages and communities (village level) under each child of `under` by their three-lacks entry of the year (the
 * latest): how many were surveyed, how many not (unknown, never counted as failing), and how many of those surveyed
 * meet `meets` (a condition on the entry `e`).
 */
async function surveyedVillages(db: Db, actor: Actor, f: { under?: number; year: number }, meets: SQL) {
  require(actor, P.problemRead);
  const under = f.under ? await getOrgRow(db, actor, f.under, P.problemRead) : null;
  const key = rollupKey(scopeOf(actor, P.problemRead), under?.path ?? null, sql`o.path`, sql`o.id`);
  return rows<{ id: number; villages: number; unsurveyed: number; meeting: number }>(db, sql`
    select ${key} as id, count(e.id)::int as villages, (count(*) - count(e.id))::int as unsurveyed,
      count(*) filter (where ${meets})::int as meeting
    from orgs o left join lateral (select x.* from three_lacks_entries x where x.org_id = o.id and x.year = ${f.year} order by x.id desc limit 1) e on true
    where ${villageLevel}
      and ${scopeAt(actor, P.problemRead)} ${under ? sql`and o.path like ${under.path + '%'}` : sql``}
    group by 1`);
}

/** Figure villages.venueRate: of the villages surveyed this year, the share with a venue of at least the rule's area. */
export async function venueRollup(db: Db, actor: Actor, f: { under?: number; year: number }) {
  const { minVenueArea } = await threeLacksRules(db);
  const items = await surveyedVillages(db, actor, f, sql`e.has_venue and coalesce(e.venue_area, 0) >= ${minVenueArea}`);
  return items.map(({ meeting, ...x }) => ({ ...x, venues: meeting, rate: x.villages ? meeting / x.villages : null }));
}

/**
 * Figure villages.incomeRate: of the villages surveyed this year, the share whose collective income reaches the
 * threshold (万元); read from the ledger, never typed again.
 */
export async function incomeRollup(db: Db, actor: Actor, f: { under?: number; year: number; threshold?: number }) {
  const items = await surveyedVillages(db, actor, f, sql`e.collective_income >= ${f.threshold ?? VILLAGE_INCOME_THRESHOLD}`);
  return items.map(({ meeting, ...x }) => ({ ...x, reaching: meeting, rate: x.villages ? meeting / x.villages : null }));
}

/**
 * Results: totals, ranks and grades computed from the ledger in SQL, kept live while scoring, explained per org,
 * compared for a draft (what-if), and rolled up by grade for the cockpit.
 */
import { sql, type SQL } from 'drizzle-orm';
import { require, rollupKey, scopeOf, type Actor, scopeAt } from '../../core/actor.js';
import { inTx, rows, type Db } from '../../core/db.js';
import { errors } from '../../core/errors.js';
import { P } from '../../core/permissions.js';
import { today } from '../../core/paging.js';
import { getOrgRow } from '../orgs/service.js';
import { computeTotals, indicatorScore, rankAndGrade, round2, weightProducts, type Grade, type IndicatorDef } from './rules.js';
import type { GradeRule } from './tables.js';
import { ledgerSums, sumsOf } from './ledger.js';
import { type Scheme, getScheme, inScope, indicatorsOf } from './schemes.js';

/**
 * Totals, ranks and grades from the ledger in one SQL statement (the scale path): per org and indicator the
 * sum, clamped to the indicator's bounds, weighted, bonus capped; competition rank per group; grades by
 * thresholds, quota and vetoes. The same rule in plain form is rules.computeTotals / rankAndGrade (table-tested, run by
 * the what-if); test/integration/assessment.test.ts runs both over the demo and random schemes and fails when they part.
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
      await tx.execute(sql`set local work_mem = '64MB'`);  // a heavy recompute at province scale (docs/platform.md)
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
    above: above ? { orgId: above.orgId, total: above.total, rank: above.rank, name: all ? (await rows<{ name: string }>(db, sql`select name from orgs where id = ${above.orgId}`))[0]!.name : '（上一名）' } : null,
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
  if (d.status !== 'draft' || !d.copiedFromId) throw errors.invalidState('模拟测算需在“复制为新版本”得到的草稿上进行');
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

/**
 * The cockpit's grades: of the year's published schemes (results in the objection period or final) in scope,
 * the assessed orgs per grade, in total and per child of `under`.
 */
export async function gradeRollup(db: Db, actor: Actor, f: { year: number; under?: number }) {
  require(actor, P.assessmentRead);
  const under = f.under ? await getOrgRow(db, actor, f.under, P.assessmentRead) : null;
  const key = rollupKey(scopeOf(actor, P.assessmentRead), under?.path ?? null, sql`o.path`, sql`o.id`);
  const list = await rows<{ child: number; name: string; grade: string; n: number }>(db, sql`
    with res as (${publishedResults(f.year)}),
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

/** The results of a year's published schemes, as counted by the 考核“好”等次 figure: the final snapshot, or the one shown for objection. */
function publishedResults(year: number) {
  return sql`select r.org_id, r.grade, r.total, r.rank, r.vetoed, r.group_key, s.id as scheme_id, s.name as scheme_name, s.status,
      count(*) over (partition by r.scheme_id, r.group_key)::int as group_size
    from assessment_results r join assessment_schemes s on s.id = r.scheme_id
    where s.year = ${year} and s.status in ('objection', 'final') and r.stage = case when s.status = 'final' then 'final' else 'objection' end`;
}

/** An org as graded in a published scheme of the year: the list the grade figure counts. */
export type GradedRow = { orgId: number; orgName: string; category: string; schemeId: number; schemeName: string; final: boolean; group: string;
  total: number; rank: number; groupSize: number; grade: Grade; vetoed: boolean };

/** The orgs a grade count counts (one row per org and scheme), in scope, optionally of one grade and under one org. */
export async function gradedOrgs(db: Db, actor: Actor, f: { year?: number; grade?: Grade; under?: number }) {
  require(actor, P.assessmentRead);
  const year = f.year ?? Number(today().slice(0, 4));
  const under = f.under ? await getOrgRow(db, actor, f.under, P.assessmentRead) : null;
  const items = await rows<GradedRow>(db, sql`
    with res as (${publishedResults(year)})
    select res.org_id as "orgId", o.name as "orgName", o.category, res.scheme_id as "schemeId", res.scheme_name as "schemeName", res.status = 'final' as final,
      coalesce((select g->>'label' from assessment_schemes s, jsonb_array_elements(s.groups) g where s.id = res.scheme_id and g->>'key' = res.group_key), res.group_key) as "group",
      res.total::float8 as total, res.rank, res.group_size as "groupSize", res.grade, res.vetoed
    from res join orgs o on o.id = res.org_id
    where ${scopeAt(actor, P.assessmentRead)} ${under ? sql`and o.path like ${under.path + '%'}` : sql``} ${f.grade ? sql`and res.grade = ${f.grade}` : sql``}
    order by res.scheme_id, res.group_key, res.rank, o.path`);
  return { items, total: items.length };
}

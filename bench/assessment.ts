/**
 * Assessment measures:
 *  - recompute: totals, ranks and grades of a scheme from its ledger, through the platform's engine
 *    (`computeResults(…, 'ledger')`), against a hand-written GROUP BY + RANK() over the same entries;
 *  - ranking from the maintained sums (what the pages read when the ledger has moved), against the same
 *    hand-written query over `score_sums`;
 *  - the explanation page's service call for random orgs, p50/p95, beside the hand-written read of one org's entries.
 * Each pair is checked to give the same answer before it is timed.
 *
 * At province scale the data is one scheme over every assessed org of the province (≈300,000) with
 * ≈20 million ledger entries, hash-chained as the platform chains them, loaded by COPY (the engine's
 * per-entry checks are measured by the integration tests, not here).
 */
import { sql } from 'drizzle-orm';
import type { Actor } from '../src/server/core/actor.js';
import { copyRows, inTx, rows, type Db } from '../src/server/core/db.js';
import { ALL_PERMISSIONS } from '../src/server/core/permissions.js';
import { Rng } from '../src/server/demo/random.js';
import { COUNTY_GROUPS, entryHash, GENESIS, TOWNSHIP_GROUPS, type IndicatorDef } from '../src/server/modules/assessment/rules.js';
import * as svc from '../src/server/modules/assessment/service.js';

type Stat = { p50: number; p95: number };
type Timer = (fn: () => Promise<unknown>) => Promise<Stat>;
const BENCH_SCHEME = '基准测试：全省考核方案';

function benchActor(countyIds: number[], rootId: number, rootPath: string): Actor {
  return { userId: 0, username: 'bench', displayName: '基准测试', memberId: null, memberOrgId: null, countyId: countyIds[0]!, ip: null,
    assignments: countyIds.map((countyId) => ({ roleCode: 'bench', permissions: ALL_PERMISSIONS, scope: 'all' as const, countyId, orgId: rootId, orgPath: rootPath, customOrgIds: [] })) };
}

/**
 * The province scheme: the county template's indicators, every branch-level and township org of the province
 * covered and grouped by category, and `entries` ledger rows. Reused when it already exists.
 */
export async function ensureProvinceAssessment(db: Db, entries: number, log: (m: string) => void) {
  const [root] = await rows<{ id: number; path: string; county_id: number }>(db, sql`select id, path, county_id from orgs where parent_id is null order by id limit 1`);
  const countyIds = (await rows<{ id: number }>(db, sql`select id from counties order by id`)).map((c) => c.id);
  const actor = benchActor(countyIds, root!.id, root!.path);
  const [have] = await rows<{ id: number; n: number }>(db, sql`
    select s.id, (select count(*)::int from score_entries e where e.scheme_id = s.id) as n from assessment_schemes s where s.name = ${BENCH_SCHEME}`);
  if (have && have.n >= entries * 0.95) { log(`  复用已生成的考核台账（${have.n.toLocaleString()} 条）`); return { schemeId: have.id, actor }; }
  if (have) throw new Error(`基准库中已有不完整的“${BENCH_SCHEME}”（${have.n} 条）：请换一个空库`);
  const t0 = Date.now();
  const s = await svc.createScheme(db, actor, { name: BENCH_SCHEME, year: 2026, ownerOrgId: root!.id, template: 'county' });
  const groups = [...COUNTY_GROUPS, ...TOWNSHIP_GROUPS];
  const byCategory = new Map(groups.flatMap((g) => g.categories.map((c) => [c, g.key] as const)));
  const cases = sql.join([...byCategory].map(([c, g]) => sql`when ${c} then ${g}`), sql` `);
  await db.execute(sql`insert into assessment_orgs (scheme_id, org_id, county_id, group_key)
    select ${s.id}, o.id, o.county_id, case o.category ${cases} end from orgs o
    where o.status = 'active' and o.org_type in ('township_committee', 'grassroots_committee', 'general_branch', 'branch')
      and o.category in ${[...byCategory.keys()]}`);
  await db.execute(sql`update assessment_schemes set status = 'scoring', groups = ${JSON.stringify(groups)}::jsonb, published_at = now() where id = ${s.id}`);
  const orgs = (await rows<{ org_id: number; county_id: number }>(db, sql`select org_id, county_id from assessment_orgs where scheme_id = ${s.id} order by org_id`));
  const leaves = (await svc.indicatorsOf(db, s.id)).filter((i) => i.method !== 'group');
  log(`  考核方案：${orgs.length.toLocaleString()} 个考核对象，${leaves.length} 个末级指标；生成 ${entries.toLocaleString()} 条台账……`);
  const rng = new Rng(2026);
  const perOrg = entries / orgs.length;
  let seq = 0; let prev = GENESIS;
  const recordedAt = new Date('2026-11-20T02:00:00Z');
  const pointsFor = (i: IndicatorDef) => {
    switch (i.method) {
      case 'deduction': return -(i.perItem ?? 1);
      case 'bonus': return 1;
      case 'veto': return 1;
      default: return Math.round(rng.int(20, 100) * i.maxPoints) / 100;
    }
  };
  const cols: [string, string][] = [['schemeId', 'int'], ['seq', 'int'], ['countyId', 'int'], ['orgId', 'int'], ['indicatorId', 'int'], ['points', 'numeric'],
    ['channel', 'text'], ['reason', 'text'], ['schemeVersion', 'int'], ['recordedByName', 'text'], ['recordedAt', 'timestamptz'], ['prevHash', 'text'], ['hash', 'text']];
  let batch: Record<string, unknown>[] = [];
  const flush = async () => { if (batch.length) { const b = batch; batch = []; await inTx(db, (tx) => copyRows(tx, 'score_entries', cols, b)); } };
  for (const o of orgs) {
    // about `perOrg` entries per org, spread over its indicators; vetoes are rare
    const n = Math.max(1, Math.round(perOrg * (0.6 + rng.next() * 0.8)));
    for (let k = 0; k < n && seq < entries; k++) {
      let i = leaves[rng.int(0, leaves.length - 1)]!;
      if (i.method === 'veto' && !rng.chance(0.01)) i = leaves[0]!;
      seq += 1;
      const f = { schemeId: s.id, seq, orgId: o.org_id, indicatorId: i.id, points: pointsFor(i), channel: i.method === 'deduction' ? 'inspection' : 'manual',
        evidenceKind: null, evidenceId: null, reason: '基准测试', reversesId: null, schemeVersion: 1, recordedBy: null, approvedBy: null, recordedAt };
      const hash = entryHash(prev, f);
      batch.push({ ...f, countyId: o.county_id, points: f.points.toFixed(2), recordedByName: '基准测试', recordedAt: recordedAt.toISOString(), prevHash: prev, hash });
      prev = hash;
      if (batch.length >= 200_000) { await flush(); if (seq % 2_000_000 < 200_000) log(`    ${seq.toLocaleString()} 条`); }
    }
  }
  await flush();
  await db.execute(sql`select setval('score_entries_id_seq', (select max(id) from score_entries))`);
  await svc.rebuildScoreSums(db, s.id);
  await db.execute(sql`vacuum analyze score_entries`);
  await db.execute(sql`vacuum analyze score_sums`);
  await db.execute(sql`vacuum analyze assessment_orgs`);
  log(`  考核台账生成：${((Date.now() - t0) / 1000).toFixed(0)} 秒`);
  return { schemeId: s.id, actor };
}

/** The demo county's final scheme (PGlite sections). */
export async function demoScheme(db: Db) {
  const [s] = await rows<{ id: number }>(db, sql`select id from assessment_schemes where status = 'final' order by id limit 1`);
  const [root] = await rows<{ id: number; path: string; county_id: number }>(db, sql`select id, path, county_id from orgs where parent_id is null order by id limit 1`);
  return s ? { schemeId: s.id, actor: benchActor([root!.county_id], root!.id, root!.path) } : null;
}

/**
 * The hand-written answer: per org the clamped, weighted sum of each indicator (read from the scheme's own
 * indicator rows, parents' weights multiplied in), bonus capped, ranked with RANK() per group, graded.
 */
function handQuery(schemeId: number, from: 'ledger' | 'sums', s: { bonusCap: number; gradeRule: { excellent: number; good: number; fair: number; excellentQuota: number | null } }) {
  const sums = from === 'ledger'
    ? sql`select org_id, indicator_id, sum(points) as raw from score_entries where scheme_id = ${schemeId} group by 1, 2`
    : sql`select org_id, indicator_id, raw from score_sums where scheme_id = ${schemeId}`;
  const g = s.gradeRule;
  return sql`
    with recursive tree as (
      select id, method, max_points, weight as w from assessment_indicators where scheme_id = ${schemeId} and parent_id is null
      union all select i.id, i.method, i.max_points, i.weight * t.w from assessment_indicators i join tree t on i.parent_id = t.id),
    leaf as (select * from tree where method <> 'group'),
    veto as (select id, (select veto_effect from assessment_indicators x where x.id = leaf.id) as effect from leaf where method = 'veto'),
    base as (select coalesce(sum(max_points * w), 0) as b from leaf where method = 'deduction'),
    s as (${sums}),
    per as (
      select s.org_id,
        sum(case when l.method = 'deduction' then greatest(least(s.raw, 0), -l.max_points) * l.w when l.method in ('bonus', 'veto') then 0 else least(greatest(s.raw, 0), l.max_points) * l.w end) as score,
        sum(case when l.method = 'bonus' then least(greatest(s.raw, 0), l.max_points) * l.w else 0 end) as bonus,
        bool_or(v.effect = 'poor' and s.raw > 0) as vp, bool_or(v.effect = 'no_excellent' and s.raw > 0) as vn
      from s join leaf l on l.id = s.indicator_id left join veto v on v.id = s.indicator_id group by 1),
    t as (
      select a.org_id, a.group_key, round((select b from base) + coalesce(per.score, 0) + least(coalesce(per.bonus, 0), ${s.bonusCap}::numeric), 2) as total,
        coalesce(per.vp, false) as vp, coalesce(per.vn, false) as vn
      from assessment_orgs a left join per using (org_id) where a.scheme_id = ${schemeId}),
    r as (select t.*, rank() over w as rk, count(*) over (partition by group_key) as n, count(*) over (partition by group_key, total) as ties
      from t window w as (partition by group_key order by total desc))
    select org_id as "orgId", total::float8 as total, rk::int as rank,
      case when vp then 'poor'
        when total >= ${g.excellent} and not vn ${g.excellentQuota === null ? sql`` : sql`and rk + ties - 1 <= floor(n * ${g.excellentQuota}::numeric + 0.000000001)`} then 'excellent'
        when total >= ${g.good} then 'good' when total >= ${g.fair} then 'fair' else 'poor' end as grade
    from r order by group_key, rk, org_id`;
}

type Row = { orgId: number; total: number; rank: number; grade: string };
const same = (a: Row[], b: Row[]) => {
  const key = (r: Row) => `${r.orgId}:${r.total.toFixed(2)}:${r.rank}:${r.grade}`;
  const x = a.map(key).sort(); const y = b.map(key).sort();
  return x.length === y.length && x.every((v, k) => v === y[k]);
};

/** Heavy recomputes may use more sort memory (PLATFORM-NOTES.md); both sides get the same. */
const heavy = <T>(db: Db, fn: (tx: Db) => Promise<T>) => inTx(db, async (tx) => { await tx.execute(sql`set local work_mem = '64MB'`); return fn(tx); });

export async function measureAssessment(db: Db, at: { schemeId: number; actor: Actor }, slow: Timer, fast: Timer, samples: number, log: (m: string) => void = () => {}) {
  const s = await svc.getScheme(db, at.actor, at.schemeId);
  const rule = { bonusCap: Number(s.bonusCap), gradeRule: s.gradeRule };
  const [{ e = 0, o = 0 } = {}] = await rows<{ e: number; o: number }>(db, sql`
    select (select count(*)::int from score_entries where scheme_id = ${s.id}) as e, (select count(*)::int from assessment_orgs where scheme_id = ${s.id}) as o`);
  const oursLedger = () => heavy(db, (tx) => svc.computeResults(tx, s, undefined, 'ledger'));
  const handLedger = () => heavy(db, (tx) => rows<Row>(tx, handQuery(s.id, 'ledger', rule)));
  const oursSums = () => heavy(db, (tx) => svc.computeResults(tx, s, undefined, 'sums'));
  const handSums = () => heavy(db, (tx) => rows<Row>(tx, handQuery(s.id, 'sums', rule)));
  const [a, b, c, d] = [await oursLedger(), await handLedger(), await oursSums(), await handSums()];
  if (!same(a, b)) throw new Error('考核重算结果与手写 SQL 不一致（台账）');
  if (!same(c, d) || !same(a, c)) throw new Error('考核重算结果与手写 SQL 不一致（汇总表）');
  log('    从台账重算……');
  const recompute = { ours: await slow(oursLedger), hand: await slow(handLedger) };
  log('    从汇总表排名……');
  const fromSums = { ours: await slow(oursSums), hand: await slow(handSums) };
  log('    得分说明……');
  // the live results kept for pages: one refresh, then explanations of random orgs
  await db.execute(sql`update assessment_schemes set live_seq = null where id = ${s.id}`);
  const t = performance.now();
  await svc.ensureLive(db, s);
  const refresh = performance.now() - t;
  const orgIds = (await rows<{ org_id: number }>(db, sql`select org_id from assessment_orgs where scheme_id = ${s.id} order by org_id`)).map((r) => r.org_id);
  const rng = new Rng(7);
  const pick = () => orgIds[rng.int(0, orgIds.length - 1)]!;
  const explain = await fast(() => svc.explain(db, at.actor, s.id, pick()));
  const entriesOnly = await fast(() => rows(db, sql`select * from score_entries where scheme_id = ${s.id} and org_id = ${pick()} order by seq`));
  return { entries: e, orgs: o, recompute, fromSums, refresh, explain, entriesOnly, samples };
}

export function assessmentSection(r: Awaited<ReturnType<typeof measureAssessment>>, where: string) {
  const f = (n: number) => n.toFixed(n < 10 ? 2 : 1);
  const ratio = (x: { ours: Stat; hand: Stat }) => `${(x.ours.p50 / x.hand.p50).toFixed(2)} / ${(x.ours.p95 / x.hand.p95).toFixed(2)}`;
  const met = (x: { ours: Stat; hand: Stat }) => (x.ours.p50 / x.hand.p50 <= 1.3 ? '达到' : '未达到');
  return [
    `| 考核（${where}：${r.orgs.toLocaleString()} 个考核对象，${r.entries.toLocaleString()} 条台账） | 平台 p50 / p95 (ms) | 手写 SQL p50 / p95 (ms) | 比值 p50 / p95 | 目标：比值 ≤ 1.3 |`, '|---|---|---|---|---|',
    `| 从台账重算总分、分类排名、等次 | ${f(r.recompute.ours.p50)} / ${f(r.recompute.ours.p95)} | ${f(r.recompute.hand.p50)} / ${f(r.recompute.hand.p95)} | ${ratio(r.recompute)} | ${met(r.recompute)} |`,
    `| 从维护的汇总表排名（台账有新记录后页面所用） | ${f(r.fromSums.ours.p50)} / ${f(r.fromSums.ours.p95)} | ${f(r.fromSums.hand.p50)} / ${f(r.fromSums.hand.p95)} | ${ratio(r.fromSums)} | ${met(r.fromSums)} |`, '',
    `| 得分说明页（随机 ${r.samples} 个党组织） | 平台 p50 / p95 (ms) | 对照：只读该组织的台账 p50 / p95 (ms) |`, '|---|---|---|',
    `| 指标树逐级得分、每条台账、同类平均、上一名 | ${f(r.explain.p50)} / ${f(r.explain.p95)} | ${f(r.entriesOnly.p50)} / ${f(r.entriesOnly.p95)} |`,
    `| 台账变动后首次打开时刷新结果（一次） | ${f(r.refresh)} | |`, '',
  ].join('\n');
}

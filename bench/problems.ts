/**
 * Weak-org screening: the platform's one statement (each trigger from its module's fragment) against a
 * hand-written query for the same triggers (GROUP BYs instead of correlated subqueries), on the same
 * database in the same run; the answers are checked equal before timing.
 */
import { sql } from 'drizzle-orm';
import type { Actor } from '../src/server/core/actor.js';
import { rows, type Db } from '../src/server/core/db.js';
import { today } from '../src/server/core/paging.js';
import { screen, SCREENED_TYPES, threeLacksRules } from '../src/server/modules/weak-orgs/service.js';
import { DEFAULT_CRITERIA } from '../src/server/modules/weak-orgs/rules.js';
import { SATISFIED_SHARE } from '../src/server/modules/assessment/service.js';

type Stat = { p50: number; p95: number };
type Timer = (fn: () => Promise<unknown>) => Promise<Stat>;

/** The triggers measured: all but compliance, whose rollup is measured in the organisational-life section. */
const CRITERIA = DEFAULT_CRITERIA.map((c) => ({ ...c, enabled: c.key !== 'low_compliance' }));
const th = (k: string) => CRITERIA.find((c) => c.key === k)!.threshold!;

async function hand(db: Db, countyIds: number[], year: number, asOf: string) {
  const tl = await threeLacksRules(db, asOf);
  return rows<{ id: number; keys: string[] }>(db, sql`
    with t as (select id, org_type, member_count, term_end, founded_on, created_at from orgs
        where status = 'active' and org_type in ${[...SCREENED_TYPES]} and county_id in ${countyIds}),
      sec as (select p.org_id, bool_or(p.ended_on is null) as filled, max(p.ended_on) as last_end from org_posts p join t on t.id = p.org_id
        where p.post = 'secretary' group by p.org_id),
      adm as (select m.org_id, max(m.join_date) as last, count(*) filter (where m.status = 'active') as active from members m join t on t.id = m.org_id group by m.org_id),
      sat as (select bm.org_id, avg(case when (c.choices -> bm.choice ->> 'score')::numeric >= ${SATISFIED_SHARE} *
            (select max((x ->> 'score')::numeric) from jsonb_array_elements(c.choices) x) then 1.0 else 0.0 end) as rate
        from ballot_campaigns c join assessment_schemes s on s.id = c.scheme_id join ballots b on b.campaign_id = c.id join ballot_marks bm on bm.ballot_id = b.id
        where s.year = ${year} and s.county_id in ${countyIds} group by bm.org_id),
      grp as (select r.scheme_id, r.group_key, count(*) as n, max(r.rank) as last_rank from assessment_results r join assessment_schemes s on s.id = r.scheme_id
        where r.stage = 'final' and s.status = 'final' and s.year = ${year} and s.county_id in ${countyIds} group by 1, 2),
      lastp as (select distinct r.org_id from assessment_results r join grp g on g.scheme_id = r.scheme_id and g.group_key = r.group_key
        where r.stage = 'final' and r.rank = g.last_rank and g.n >= 2),
      cur as (select distinct on (org_id) * from three_lacks_entries where year <= ${year} and county_id in ${countyIds} order by org_id, year desc, id desc),
      hits as (
        select t.id, 'secretary_vacant' as key from t left join sec on sec.org_id = t.id
          where not coalesce(sec.filled, false) and coalesce(sec.last_end, t.founded_on, t.created_at::date) <= ${asOf}::date - make_interval(months => ${th('secretary_vacant')})
        union all select t.id, 'no_new_members' from t join adm on adm.org_id = t.id
          where t.org_type = 'branch' and adm.active > 0 and (adm.last is null or adm.last <= ${asOf}::date - make_interval(years => ${th('no_new_members')}))
        union all select t.id, 'low_satisfaction' from t join sat on sat.org_id = t.id where sat.rate * 100 < ${th('low_satisfaction')}
        union all select t.id, 'last_in_assessment' from t join lastp on lastp.org_id = t.id
        union all select t.id, 'election_overdue' from t where t.term_end < ${asOf}::date - ${th('election_overdue')}::int
        union all select t.id, 'three_lacks' from t join cur on cur.org_id = t.id
          where (case when cur.has_person_in_charge then 0 else 1 end + case when cur.collective_income < ${tl.incomeLine} and cur.service_funds <= 0 then 1 else 0 end
            + case when cur.has_venue and coalesce(cur.venue_area, 0) >= ${tl.minVenueArea} then 0 else 1 end) >= ${th('three_lacks')})
    select id, array_agg(key order by key) as keys from hits group by id order by id`);
}

/** Three-lacks entries for every village-level org, so that the trigger has data at any scale (idempotent). */
export async function ensureThreeLacks(db: Db, year: number) {
  const [{ n = 0 } = {}] = await rows<{ n: number }>(db, sql`select count(*)::int as n from three_lacks_entries`);
  if (n > 0) return;
  await db.execute(sql`insert into three_lacks_entries (county_id, org_id, year, has_person_in_charge, person_in_charge, collective_income, service_funds, has_venue, venue_area, recorded_by_name)
    select o.county_id, o.id, ${year}, (o.id % 13) <> 0, '村支书', ((o.id * 7) % 300) / 10.0, case when o.id % 5 = 0 then 0 else 8 end, (o.id % 11) <> 0, 40 + (o.id * 3) % 400, '基准测试'
    from orgs o join orgs p on p.id = o.parent_id and p.org_type = 'township_committee'
    where o.category in ('village', 'community') and o.status = 'active' and o.org_type in ${[...SCREENED_TYPES]}`);
  await db.execute(sql`analyze three_lacks_entries`);
}

export async function measureScreening(db: Db, actor: Actor, timer: Timer) {
  const year = Number(today().slice(0, 4));
  const asOf = today();
  await ensureThreeLacks(db, year);
  const countyIds = [...new Set(actor.assignments.map((a) => a.countyId))];
  const ours = () => screen(db, actor, { year, asOf, criteria: CRITERIA });
  const mine = await ours();
  const theirs = await hand(db, countyIds, year, asOf);
  const a = mine.candidates.map((c) => `${c.orgId}:${c.hits.map((h) => h.key).join(',')}`);
  const b = theirs.map((c) => `${c.id}:${c.keys.join(',')}`);
  if (a.length !== b.length || a.some((x, i) => x !== b[i])) throw new Error(`排查结果与手写 SQL 不一致（平台 ${a.length} 个，手写 ${b.length} 个）`);
  const [{ orgs = 0 } = {}] = await rows<{ orgs: number }>(db, sql`select count(*)::int as orgs from orgs where county_id in ${countyIds}`);
  return { orgs, screened: mine.screened ?? 0, candidates: a.length, ours: await timer(ours), hand: await timer(() => hand(db, countyIds, year, asOf)) };
}

export function screeningSection(r: Awaited<ReturnType<typeof measureScreening>>, where: string) {
  const f = (n: number) => n.toFixed(n < 10 ? 2 : 1);
  const ratio = r.ours.p50 / r.hand.p50;
  return [
    `| 软弱涣散排查（${where}：${r.orgs.toLocaleString()} 个党组织，排查 ${r.screened.toLocaleString()} 个基层党组织，列出 ${r.candidates.toLocaleString()} 个） | 平台 p50 / p95 (ms) | 手写 SQL p50 / p95 (ms) | 比值 p50 / p95 | 目标：比值 ≤ 1.5 |`,
    '|---|---|---|---|---|',
    `| 书记空缺、未发展党员、满意度、考核末位、逾期换届、“三无”（组织生活达标率见组织生活一节） | ${f(r.ours.p50)} / ${f(r.ours.p95)} | ${f(r.hand.p50)} / ${f(r.hand.p95)} | ${ratio.toFixed(2)} / ${(r.ours.p95 / r.hand.p95).toFixed(2)} | ${ratio <= 1.5 ? '达到' : '未达到'} |`, '',
  ].join('\n');
}

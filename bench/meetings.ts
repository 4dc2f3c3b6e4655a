/**
 * Organisational-life measures, at the scale the database holds (bench/run.ts calls this on the county it
 * loads into PGlite): the "who is missing what" overview against hand-written SQL for the same answer, and
 * copied-minutes detection (MinHash/LSH) against comparing every pair, with recall on planted copies.
 */
import { sql } from 'drizzle-orm';
import type { Actor } from '../src/server/core/actor.js';
import { rows, type Db } from '../src/server/core/db.js';
import { today } from '../src/server/core/paging.js';
import { complianceRollup, findMissing } from '../src/server/modules/meetings/service.js';
import { normalize, similarPairs, similarPairsBruteForce, type Doc } from '../src/server/modules/meetings/similarity.js';
import { SENTENCES, SPEECH } from '../src/server/demo/meetings.js';
import { Rng } from '../src/server/demo/random.js';

type Timer = (fn: () => Promise<unknown>) => Promise<{ p50: number; p95: number }>;

/** The branches an actor reaches, as the hand-written queries select them (by path, or by county for a province). */
function handScope(actor: Actor) {
  const a = actor.assignments;
  return a[0]!.scope === 'all' ? sql`o.county_id in ${a.map((x) => x.countyId)}` : sql`o.path like ${a[0]!.orgPath + '%'}`;
}

export async function measureMeetings(db: Db, actor: Actor, time: Timer, sampleSize: number) {
  const month = today().slice(0, 7);
  const year = Number(month.slice(0, 4));
  const q = Math.ceil(Number(month.slice(5)) / 3);
  // the same figures by hand: for every branch, which rule is unmet in the period containing this month
  const hand = async () => (await rows<{ org_id: number; meeting_type: string }>(db, sql`
    with b as (
      select o.id, o.path,
        exists (select 1 from org_posts p where p.org_id = o.id and p.ended_on is null
          and p.post in ('organization_member','publicity_member','discipline_member','committee_member','deputy_secretary')) as has_committee,
        exists (select 1 from orgs g where g.parent_id = o.id and g.org_type = 'party_group' and g.status = 'active') as has_groups
      from orgs o where o.org_type = 'branch' and o.status = 'active' and ${handScope(actor)}),
    r as (select distinct on (meeting_type) * from meeting_rules where effective_from <= ${`${month}-28`} order by meeting_type, effective_from desc),
    held as (
      select m.org_id, m.meeting_type, count(*) filter (where r.quorum is null or m.voting_present > m.voting_total * r.quorum::float8) as valid
      from meetings m join r on r.meeting_type = m.meeting_type join b on b.id = m.org_id
      where m.status = 'submitted' and case r.period
        when 'month' then to_char(m.held_on, 'YYYY-MM') = ${month}
        when 'quarter' then extract(year from m.held_on) = ${year} and extract(quarter from m.held_on) = ${q}
        else extract(year from m.held_on) = ${year} end
      group by m.org_id, m.meeting_type)
    select b.id as org_id, r.meeting_type from b cross join r
    left join held h on h.org_id = b.id and h.meeting_type = r.meeting_type
    where (r.applies_to = 'branch' or (r.applies_to = 'committee' and b.has_committee) or (r.applies_to = 'groups' and b.has_groups))
      and coalesce(h.valid, 0) < r.min_per_period
    order by b.path, r.meeting_type`)).map((x) => `${x.org_id}:${x.meeting_type}`);
  const ours = async () => (await findMissing(db, actor, { month, page: 1, pageSize: 1_000_000 })).items
    .flatMap((o) => o.missing.map((m) => `${o.id}:${m.meetingType}`));
  const [h, o] = [await hand(), await ours()];
  if (JSON.stringify([...h].sort()) !== JSON.stringify([...o].sort())) throw new Error(`组织生活缺项结果不一致：${h.length} vs ${o.length}`);
  const missing = { ours: await time(ours), hand: await time(hand), rows: h.length };

  const handRollup = () => handComplianceRollup(db, actor, year);
  const oursRollup = async () => (await complianceRollup(db, actor, { year })).items.map((x) => [x.id, x.branches, x.done, x.counted])
    .sort((x, y) => x[0]! - y[0]!);
  const [hr, or] = [await handRollup(), await oursRollup()];
  if (JSON.stringify(hr) !== JSON.stringify(or)) throw new Error(`组织生活达标率汇总不一致：${JSON.stringify(hr).slice(0, 200)} vs ${JSON.stringify(or).slice(0, 200)}`);
  const rollup = { ours: await time(oursRollup), hand: await time(handRollup), cells: hr.reduce((a, x) => a + x[3]!, 0) };

  if (!sampleSize) return { missing, rollup, copied: null };
  // copied minutes: a sample of real demo minutes, with planted copies, fast path vs all pairs
  const list = await rows<{ id: number; org_id: number; name: string; minutes: string }>(db, sql`
    select m.id, m.org_id, o.name, m.minutes from meetings m join orgs o on o.id = m.org_id
    where m.status = 'submitted' and m.minutes is not null order by m.id limit ${sampleSize}`);
  const docs: Doc[] = list.map((m) => ({ id: m.id, group: m.org_id, text: normalize(m.minutes, [m.name, m.name.replace(/^中共/, '')]) }));
  const planted: [number, number][] = [];
  for (let i = 0; i + 1 < docs.length && planted.length < 20; i += Math.max(2, Math.floor(docs.length / 20))) {
    const copy = { id: 10_000_000 + i, group: -1 - i, text: docs[i]!.text.slice(0, Math.floor(docs[i]!.text.length * 0.95)) };
    docs.push(copy);
    planted.push([docs[i]!.id, copy.id]);
  }
  let t = performance.now();
  const fast = similarPairs(docs, 0.8);
  const fastMs = performance.now() - t;
  t = performance.now();
  const slow = similarPairsBruteForce(docs, 0.8);
  const slowMs = performance.now() - t;
  const found = new Set(fast.map((p) => `${p.a}-${p.b}`));
  const recall = planted.filter(([a, b]) => found.has(`${Math.min(a, b)}-${Math.max(a, b)}`)).length / planted.length;
  const agreement = slow.filter((p) => found.has(`${p.a}-${p.b}`)).length / Math.max(1, slow.length);
  return { missing, rollup, copied: { docs: docs.length, fastMs, slowMs, recall, agreement, planted: planted.length } };
}

/** The year's compliance rolled up (done cells / counted cells per top org), by hand with generate_series: [root, branches, done, counted]. */
export async function handComplianceRollup(db: Db, actor: Actor, year: number) {
  const day = today();
  return (await rows<{ root: number; branches: number; done: number; counted: number }>(db, sql`
    with r as (select distinct on (meeting_type) meeting_type, applies_to, period, min_per_period, quorum::float8 as quorum
        from meeting_rules where effective_from <= ${`${year}-12-31`} order by meeting_type, effective_from desc),
      p as (select r.*, g::date as first_day, (g + s.step - interval '1 day')::date as last_day
        from r cross join lateral (select case r.period when 'month' then interval '1 month' when 'quarter' then interval '3 months' else interval '1 year' end as step) s
        cross join lateral generate_series(${`${year}-01-01`}::date, ${day}::date, s.step) g),
      b as (select o.id, o.path,
          exists (select 1 from org_posts x where x.org_id = o.id and x.ended_on is null
            and x.post in ('organization_member','publicity_member','discipline_member','committee_member','deputy_secretary')) as has_committee,
          exists (select 1 from orgs g where g.parent_id = o.id and g.org_type = 'party_group' and g.status = 'active') as has_groups
        from orgs o where o.org_type = 'branch' and o.status = 'active' and ${handScope(actor)}),
      h as (select m.org_id, p.meeting_type, p.first_day, count(*) as n,
          count(*) filter (where p.quorum is null or m.voting_present > m.voting_total * p.quorum) as valid
        from meetings m join b on b.id = m.org_id join p on p.meeting_type = m.meeting_type and m.held_on between p.first_day and p.last_day
        where m.status = 'submitted' group by 1, 2, 3)
    select split_part(b.path, '/', 2)::int as root, count(distinct b.id)::int as branches,
      count(*) filter (where coalesce(h.valid, 0) >= p.min_per_period and p.last_day < ${day})::int as done,
      count(*) filter (where p.last_day < ${day})::int as counted
    from b join p on p.applies_to = 'branch' or (p.applies_to = 'committee' and b.has_committee) or (p.applies_to = 'groups' and b.has_groups)
      left join h on h.org_id = b.id and h.meeting_type = p.meeting_type and h.first_day = p.first_day
    group by 1 order by 1`)).map((x) => [x.root, x.branches, x.done, x.counted]);
}

export function meetingsSection(r: Awaited<ReturnType<typeof measureMeetings>>, where = '全县') {
  const f = (n: number) => n.toFixed(n < 10 ? 2 : 1);
  const row = (name: string, x: { ours: { p50: number; p95: number }; hand: { p50: number; p95: number } }) => {
    const ratio = x.ours.p50 / x.hand.p50;
    return `| ${name} | ${f(x.ours.p50)} / ${f(x.ours.p95)} | ${f(x.hand.p50)} / ${f(x.hand.p95)} | ${ratio.toFixed(2)} / ${(x.ours.p95 / x.hand.p95).toFixed(2)} | ${ratio <= 1.5 ? '达到' : '未达到'} |`;
  };
  return [
    '| 组织生活 | 平台 p50 / p95 (ms) | 手写 SQL p50 / p95 (ms) | 比值 p50 / p95 | 目标：比值 ≤ 1.5 |', '|---|---|---|---|---|',
    row(`本期缺项（${where}党支部，${r.missing.rows.toLocaleString()} 项）`, r.missing),
    row(`全年达标率汇总（${where}，${r.rollup.cells.toLocaleString()} 个应计单元）`, r.rollup),
    '', ...(r.copied ? [`| 疑似雷同（${r.copied.docs} 份，植入 ${r.copied.planted} 对） | MinHash/LSH ${f(r.copied.fastMs)} ms | 两两比较 ${f(r.copied.slowMs)} ms | 召回 ${(r.copied.recall * 100).toFixed(0)}%，与两两比较一致 ${(r.copied.agreement * 100).toFixed(0)}% | 快 ${(r.copied.slowMs / r.copied.fastMs).toFixed(1)} 倍 |`,
      '|---|---|---|---|---|'] : []), '',
  ].join('\n');
}

/**
 * A year of organisational life for every branch of the province database, written by SQL (the demo
 * generator is per county and too slow for 200 counties): each required meeting held with a realistic
 * chance, some late, a few general meetings short of quorum, and an attendance row per member for
 * every general meeting. Deterministic (hashes, not random()), so that runs compare.
 */
export async function ensureProvinceMeetings(db: Db, log: (m: string) => void) {
  const [{ n = 0 } = {}] = await rows<{ n: number }>(db, sql`select count(*)::int as n from meetings`);
  if (n > 0) { log(`  复用已生成的组织生活记录（${n.toLocaleString()} 条）`); return; }
  const t0 = Date.now();
  const day = today();
  const year = Number(day.slice(0, 4));
  const months = Number(day.slice(5, 7));
  await db.execute(sql`
    insert into meetings (county_id, org_id, meeting_type, held_on, topic, status, submitted_at, is_late,
      expected_count, present_count, voting_present, voting_total, revision, version)
    select o.county_id, o.id, t.meeting_type, d.held_on, t.label, 'submitted', d.held_on + (case when h % 100 < 5 then 12 else 2 end),
      h % 100 < 5, o.member_count, greatest(1, (o.member_count * (70 + h % 30)) / 100),
      case when t.meeting_type = 'general_meeting' and (h / 100) % 100 < 3 then (o.member_count * 2) / 5
           else greatest(1, (o.member_count * (70 + h % 30)) / 100) end,
      o.member_count, 1, 1
    from orgs o
    cross join (values ('themed_party_day', '主题党日', 'month', 90), ('committee_meeting', '支委会', 'month', 85),
      ('group_meeting', '党小组会', 'month', 80), ('general_meeting', '支部党员大会', 'quarter', 92),
      ('party_lecture', '党课', 'quarter', 85), ('life_meeting', '组织生活会', 'year', 75), ('member_appraisal', '民主评议党员', 'year', 75))
      as t(meeting_type, label, period, pct)
    cross join lateral generate_series(1, case t.period when 'month' then ${months} when 'quarter' then ${Math.ceil(months / 3)} else 1 end) k
    cross join lateral (select abs(hashtext(o.id::text || t.meeting_type || k::text)) as h) hh
    cross join lateral (select make_date(${year}, least(${months}, case t.period when 'month' then k
        when 'quarter' then (k - 1) * 3 + 1 + (h / 7) % 3 else 1 + (h / 7) % ${Math.max(1, months - 1)} end), 1 + (h / 11) % 27) as held_on) d
    where o.org_type = 'branch' and o.status = 'active' and o.member_count > 0 and h % 100 < t.pct and d.held_on <= ${day}`);
  log(`  组织生活记录：${((Date.now() - t0) / 1000).toFixed(0)} 秒`);
  const t1 = Date.now();
  await db.execute(sql`
    insert into meeting_attendance (meeting_id, member_id, status, reason)
    select m.id, mb.id, x.status, case when x.status = 'leave' then '外出务工' end
    from meetings m join members mb on mb.org_id = m.org_id and mb.status = 'active'
    cross join lateral (select case when abs(hashtext(m.id::text || ':' || mb.id::text)) % 100 < 80 then 'present'
      when abs(hashtext(m.id::text || ':' || mb.id::text)) % 100 < 92 then 'leave' else 'absent' end as status) x
    where m.meeting_type = 'general_meeting'`);
  await db.execute(sql`vacuum analyze meetings`);
  await db.execute(sql`vacuum analyze meeting_attendance`);
  const [c] = await rows<{ m: number; a: number }>(db, sql`select (select count(*)::int from meetings) as m, (select count(*)::int from meeting_attendance) as a`);
  log(`  出席记录：${((Date.now() - t1) / 1000).toFixed(0)} 秒；共 ${c!.m.toLocaleString()} 条会议记录、${c!.a.toLocaleString()} 条出席记录`);
}

/** A province-wide actor: every county, scope all. */
export async function provinceActor(db: Db, base: Actor): Promise<Actor> {
  const counties = await rows<{ id: number }>(db, sql`select id from counties order by id`);
  return { ...base, assignments: counties.map((c) => ({ ...base.assignments[0]!, scope: 'all' as const, countyId: c.id })) };
}

/**
 * Copied-minutes detection over a province: one month of minutes for every branch (the check compares
 * records of the same month, so a year is twelve such runs), with planted copies. The fast path runs on
 * all of them; comparing every pair runs on a sample and is extrapolated (it grows with the square).
 */
export function measureProvinceCopies(branches: number, sampleSize: number) {
  const rng = new Rng(20261125);
  // each branch writes about its own matters: a shared opening, a few of the demo sentences, and details of its own
  // (people, places, works — here random words from a vocabulary of a few thousand), so that two honest records
  // share little beyond boilerplate, as real minutes from different villages do
  const chars = '村组社户田地山水河路桥渠塘林茶果菜猪牛羊鸡房院校医站场厂店车电网井泉坡坝沟湾岭坪寨营屯桥街巷楼园';
  const verbs = '修建整治清理改造维护检查走访慰问调解宣传培训帮扶排查登记统计公开核实落实推进协调';
  const word = () => chars[rng.int(0, chars.length - 1)]! + chars[rng.int(0, chars.length - 1)]!;
  const act = () => { const i = rng.int(0, verbs.length / 2 - 1) * 2; return verbs.slice(i, i + 2); };
  const detail = () => Array.from({ length: rng.int(3, 5) }, () => act() + word() + word()).join('，') + '。';
  const text = () => '会议首先传达学习了上级党委的部署要求。' + rng.pick(SENTENCES)
    + Array.from({ length: rng.int(6, 9) }, detail).join('') + `${rng.pick(['张', '王', '李', '赵', '陈', '刘'])}${word()}发言，${rng.pick(SPEECH)}。`;
  const docs: Doc[] = Array.from({ length: branches }, (_, i) => ({ id: i + 1, group: i + 1, text: normalize(text(), []) }));
  const planted: [number, number][] = [];
  for (let i = 0; planted.length < 50; i += Math.floor(branches / 50)) {
    const copy = { id: branches + planted.length + 1, group: -1 - planted.length, text: docs[i]!.text.slice(0, Math.floor(docs[i]!.text.length * 0.95)) };
    docs.push(copy);
    planted.push([docs[i]!.id, copy.id]);
  }
  let t = performance.now();
  const fast = similarPairs(docs, 0.8);
  const fastMs = performance.now() - t;
  const found = new Set(fast.map((p) => `${p.a}-${p.b}`));
  const recall = planted.filter(([a, b]) => found.has(`${a}-${b}`)).length / planted.length;
  // the sample includes the planted pairs, so that agreement is measured where there is something to find
  const chosen = new Set([...docs.slice(0, sampleSize - planted.length * 2).map((d) => d.id), ...planted.flat()]);
  const sample = docs.filter((d) => chosen.has(d.id));
  const sampleIds = new Set(sample.map((d) => d.id));
  t = performance.now();
  const slow = similarPairsBruteForce(sample, 0.8);
  const slowMs = performance.now() - t;
  const agreement = slow.filter((p) => found.has(`${p.a}-${p.b}`)).length / Math.max(1, slow.length);
  const fastInSample = fast.filter((p) => sampleIds.has(p.a) && sampleIds.has(p.b)).length;
  return { docs: docs.length, fastMs, sample: sample.length, slowMs, allPairsMs: slowMs * (docs.length / sample.length) ** 2,
    recall, agreement, planted: planted.length, pairs: fast.length, fastInSample, slowPairs: slow.length };
}

export function provinceCopiesSection(r: ReturnType<typeof measureProvinceCopies>) {
  const s = (ms: number) => (ms / 1000).toFixed(1);
  return [
    '| 疑似雷同（省级规模的同月记录） | MinHash/LSH（全部） | 两两比较（抽样，外推到全部） | 召回 / 与两两比较一致 | 比值 |', '|---|---|---|---|---|',
    `| ${r.docs.toLocaleString()} 份，植入 ${r.planted} 对；抽样 ${r.sample.toLocaleString()} 份 | ${s(r.fastMs)} s（全年约 ${s(r.fastMs * 12)} s） | 抽样 ${s(r.slowMs)} s，外推 ${(r.allPairsMs / 3_600_000).toFixed(1)} 小时 | ${(r.recall * 100).toFixed(0)}% / ${(r.agreement * 100).toFixed(0)}% | 快约 ${Math.round(r.allPairsMs / r.fastMs).toLocaleString()} 倍 |`,
    '',
  ].join('\n');
}

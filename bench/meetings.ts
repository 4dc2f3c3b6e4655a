/**
 * Organisational-life measures, at the scale the database holds (bench/run.ts calls this on the county it
 * loads into PGlite): the "who is missing what" overview against hand-written SQL for the same answer, and
 * copied-minutes detection (MinHash/LSH) against comparing every pair, with recall on planted copies.
 */
import { sql } from 'drizzle-orm';
import type { Actor } from '../src/server/core/actor.js';
import { rows, type Db } from '../src/server/core/db.js';
import { today } from '../src/server/core/paging.js';
import { findMissing } from '../src/server/modules/meetings/service.js';
import { normalize, similarPairs, similarPairsBruteForce, type Doc } from '../src/server/modules/meetings/similarity.js';

type Timer = (fn: () => Promise<unknown>) => Promise<{ p50: number; p95: number }>;

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
      from orgs o where o.org_type = 'branch' and o.status = 'active' and o.path like ${actor.assignments[0]!.orgPath + '%'}),
    r as (select distinct on (meeting_type) * from meeting_rules where effective_from <= ${`${month}-28`} order by meeting_type, effective_from desc),
    held as (
      select m.org_id, m.meeting_type, count(*) filter (where r.quorum is null or m.voting_present > m.voting_total * r.quorum::float8) as valid
      from meetings m join r on r.meeting_type = m.meeting_type
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
  return { missing, copied: { docs: docs.length, fastMs, slowMs, recall, agreement, planted: planted.length } };
}

export function meetingsSection(r: Awaited<ReturnType<typeof measureMeetings>>) {
  const f = (n: number) => n.toFixed(n < 10 ? 2 : 1);
  const ratio = r.missing.ours.p50 / r.missing.hand.p50;
  return [
    '| 组织生活 | 平台 p50 / p95 (ms) | 手写 SQL p50 / p95 (ms) | 比值 p50 / p95 | 目标：比值 ≤ 1.5 |', '|---|---|---|---|---|',
    `| 本期缺项（全县党支部，${r.missing.rows} 项） | ${f(r.missing.ours.p50)} / ${f(r.missing.ours.p95)} | ${f(r.missing.hand.p50)} / ${f(r.missing.hand.p95)} | ${ratio.toFixed(2)} / ${(r.missing.ours.p95 / r.missing.hand.p95).toFixed(2)} | ${ratio <= 1.5 ? '达到' : '未达到'} |`,
    '', `| 疑似雷同（${r.copied.docs} 份，植入 ${r.copied.planted} 对） | MinHash/LSH ${f(r.copied.fastMs)} ms | 两两比较 ${f(r.copied.slowMs)} ms | 召回 ${(r.copied.recall * 100).toFixed(0)}%，与两两比较一致 ${(r.copied.agreement * 100).toFixed(0)}% | 快 ${(r.copied.slowMs / r.copied.fastMs).toFixed(1)} 倍 |`,
    '|---|---|---|---|---|', '',
  ].join('\n');
}

/**
 * Training measures:
 *  - check-in load: N trainees, each with a real session, check in to one session over loopback HTTP through the
 *    platform's route (token check, enrollment, window, insert); the same number of requests to a minimal route
 *    doing the same single INSERT on the same database, in the same run, each warmed up first on another session
 *    of the same class. Throughput ratio (target ≥ 0.5),
 *    p50/p95 latency and errors.
 *  - coverage: the platform's coverage rollup against a hand-written query for the same figures.
 */
import crypto from 'node:crypto';
import Fastify from 'fastify';
import { sql } from 'drizzle-orm';
import type { Actor } from '../src/server/core/actor.js';
import { loadConfig } from '../src/server/core/config.js';
import { rows, type Db } from '../src/server/core/db.js';
import { buildApp } from '../src/server/app.js';
import { SESSION_COOKIE } from '../src/server/modules/auth/service.js';
import { checkinToken } from '../src/server/modules/training/rules.js';
import { coverage } from '../src/server/modules/training/service.js';
import { CLASSES_COUNTING_FOR } from '../src/shared/codes.js';

const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0; };
const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

/** Fire `n` requests with at most `concurrency` in flight; latency of each, errors, wall time. */
async function load(n: number, concurrency: number, send: (i: number) => Promise<Response>) {
  const lat: number[] = [];
  let errors = 0; let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < n) {
      const i = next++;
      const t = performance.now();
      try { const r = await send(i); await r.arrayBuffer(); if (!r.ok) errors++; } catch { errors++; }
      lat.push(performance.now() - t);
    }
  }));
  const wall = performance.now() - t0;
  return { p50: pct(lat, 0.5), p95: pct(lat, 0.95), errors, wall, perSecond: n / (wall / 1000) };
}

export async function measureCheckinLoad(db: Db, trainees: number, concurrency = 50) {
  const day = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  // a class and an all-day session of today, with `trainees` members confirmed and logged in (sessions written directly)
  const [root] = await rows<{ id: number; county_id: number }>(db, sql`select id, county_id from orgs where parent_id is null order by id limit 1`);
  const [cls] = await rows<{ id: number }>(db, sql`insert into training_classes (county_id, name, class_type, target_group, starts_on, ends_on, organiser_org_id, capacity, leave_limit)
    values (${root!.county_id}, '基准测试：签到压力', 'special_topic', 'members', ${day}, ${day}, ${root!.id}, ${trainees}, ${String(1 / 7)}) returning id`);
  const [course] = await rows<{ id: number }>(db, sql`insert into training_courses (county_id, title, teacher) values (${root!.county_id}, '基准测试', '基准') returning id`);
  const secret = crypto.randomBytes(24).toString('base64url');
  const [session] = await rows<{ id: number }>(db, sql`insert into training_sessions (class_id, course_id, held_on, starts_at, ends_at, study_hours, secret)
    values (${cls!.id}, ${course!.id}, ${day}, '00:00', '23:59', '3', ${secret}) returning id`);
  // a second session of the same day, to warm both servers up (JIT, schema compilation, caches) before measuring
  const [warm] = await rows<{ id: number }>(db, sql`insert into training_sessions (class_id, course_id, held_on, starts_at, ends_at, study_hours, secret)
    values (${cls!.id}, ${course!.id}, ${day}, '00:00', '23:59', '3', ${secret}) returning id`);
  await db.execute(sql`insert into training_enrollments (class_id, member_id, status)
    select ${cls!.id}, id, 'confirmed' from members where status = 'active' and county_id = ${root!.county_id}
      and id not in (select member_id from users where member_id is not null) order by id limit ${trainees}`);
  const enrolled = await rows<{ member_id: number }>(db, sql`select member_id from training_enrollments where class_id = ${cls!.id} order by id`);
  const tokens: string[] = [];
  for (const [i, e] of enrolled.entries()) {
    const [u] = await rows<{ id: number }>(db, sql`insert into users (county_id, username, display_name, password_hash, member_id, must_change_password)
      values (${root!.county_id}, ${`bench_trainee_${cls!.id}_${i}`}, '基准学员', 'x', ${e.member_id}, false) returning id`);
    const role = await rows<{ id: number }>(db, sql`select id from roles where code = 'member'`);
    await db.execute(sql`insert into role_assignments (user_id, role_id, county_id, scope, org_id) values (${u!.id}, ${role[0]!.id}, ${root!.county_id}, 'self', ${root!.id})`);
    const token = crypto.randomBytes(24).toString('base64url');
    await db.execute(sql`insert into sessions (id, user_id, csrf_token) values (${sha256(token)}, ${u!.id}, ${'csrf' + i})`);
    tokens.push(token);
  }
  await db.execute(sql`create table if not exists bench_checkins (like training_checkins including defaults)`);
  await db.execute(sql`truncate bench_checkins`);

  // measured as deployed: answers serialised through the contract, without the suite's extra strictness
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', STRICT_RESPONSES: 'false' });
  const app = await buildApp({ db, config });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  // the minimal route: parse a JSON body and do the same single INSERT, nothing else
  const bare = Fastify({ logger: false });
  bare.post('/insert', async (req) => {
    const b = req.body as { enrollmentId: number };
    await db.execute(sql`insert into bench_checkins (session_id, enrollment_id, is_late, method) values (${session!.id}, ${b.enrollmentId}, false, 'scan')`);
    return { ok: true };
  });
  const bareAddress = await bare.listen({ port: 0, host: '127.0.0.1' });
  try {
    const ids = await rows<{ id: number }>(db, sql`select id from training_enrollments where class_id = ${cls!.id} order by id`);
    const qr = checkinToken(secret, session!.id, Date.now()).token;
    const warmQr = checkinToken(secret, warm!.id, Date.now()).token;
    const warmN = Math.min(100, enrolled.length);
    await load(warmN, concurrency, (i) => fetch(`${address}/api/training/checkin`, {
      method: 'POST', headers: { 'content-type': 'application/json', cookie: `${SESSION_COOKIE}=${tokens[i]}`, 'x-csrf-token': `csrf${i}` },
      body: JSON.stringify({ token: warmQr }) }));
    await load(warmN, concurrency, (i) => fetch(`${bareAddress}/insert`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ enrollmentId: ids[i]!.id }) }));
    await db.execute(sql`truncate bench_checkins`);
    const ours = await load(enrolled.length, concurrency, (i) => fetch(`${address}/api/training/checkin`, {
      method: 'POST', headers: { 'content-type': 'application/json', cookie: `${SESSION_COOKIE}=${tokens[i]}`, 'x-csrf-token': `csrf${i}` },
      body: JSON.stringify({ token: qr }) }));
    const base = await load(enrolled.length, concurrency, (i) => fetch(`${bareAddress}/insert`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ enrollmentId: ids[i]!.id }) }));
    const [{ n = 0 } = {}] = await rows<{ n: number }>(db, sql`select count(*)::int as n from training_checkins where session_id = ${session!.id}`);
    return { trainees: enrolled.length, concurrency, ours, base, recorded: n, ratio: ours.perSecond / base.perSecond };
  } finally {
    await app.close();
    await bare.close();
  }
}

export function checkinSection(r: Awaited<ReturnType<typeof measureCheckinLoad>>) {
  const f = (n: number) => n.toFixed(n < 10 ? 1 : 0);
  return [
    `| 培训签到压力（${r.trainees} 名学员同时扫码，并发 ${r.concurrency}，本机回环 HTTP） | 平台签到接口 | 只做同一条 INSERT 的最小接口 | 比值（吞吐） | 目标：≥ 0.5 |`, '|---|---|---|---|---|',
    `| 吞吐（次/秒） | ${f(r.ours.perSecond)} | ${f(r.base.perSecond)} | ${r.ratio.toFixed(2)} | ${r.ratio >= 0.5 ? '达到' : '未达到'} |`,
    `| 延迟 p50 / p95 (ms) | ${f(r.ours.p50)} / ${f(r.ours.p95)} | ${f(r.base.p50)} / ${f(r.base.p95)} | | |`,
    `| 全部完成用时 / 错误 | ${(r.ours.wall / 1000).toFixed(2)} s / ${r.ours.errors} 个（记录 ${r.recorded} 条） | ${(r.base.wall / 1000).toFixed(2)} s / ${r.base.errors} 个 | | |`, '',
  ].join('\n');
}

/** Coverage of a target group in a year, rolled up by top org: the platform against a hand-written query. */
/** The people a target group counts, written out by hand. */
const POPULATION = {
  party_workers: sql`exists (select 1 from org_posts p where p.member_id = m.id and p.ended_on is null)`,
  village_secretaries: sql`exists (select 1 from org_posts p join orgs x on x.id = p.org_id where p.member_id = m.id and p.ended_on is null and p.post = 'secretary' and x.category = 'village')`,
};

/** Coverage per top org by hand: [root, target, trained, hours]. */
export async function handCoverage(db: Db, countyIds: number[], year: number, group: keyof typeof POPULATION) {
  return (await rows<{ root: number; target: number; trained: number; hours: number }>(db, sql`
    with done as (
      select e.member_id, bool_or(c.target_group in ${[...CLASSES_COUNTING_FOR[group]]}) as trained, sum(e.completed_hours) as hours
      from training_enrollments e join training_classes c on c.id = e.class_id
      where e.completed and c.starts_on between ${`${year}-01-01`} and ${`${year}-12-31`} and c.county_id in ${countyIds}
      group by e.member_id)
    select split_part(o.path, '/', 2)::int as root, count(*)::int as target, count(*) filter (where d.trained)::int as trained,
      coalesce(sum(d.hours), 0)::float8 as hours
    from members m join orgs o on o.id = m.org_id left join done d on d.member_id = m.id
    where m.status = 'active' and o.county_id in ${countyIds}
      and ${POPULATION[group]}
    group by 1 order by 1`)).map((x) => [x.root, x.target, x.trained, x.hours]);
}

export async function measureCoverage(db: Db, actor: Actor, time: (fn: () => Promise<unknown>) => Promise<{ p50: number; p95: number }>, year: number) {
  const countyIds = actor.assignments.map((a) => a.countyId);
  const hand = async () => (await handCoverage(db, countyIds, year, 'party_workers'))
    // the same effect figures the page shows: average test score, satisfaction, classes
    .concat((await rows<{ score: number | null; sat: number | null; classes: number }>(db, sql`select
      (select avg(a.score)::float8 from training_attempts a join training_enrollments e on e.id = a.enrollment_id join training_classes c on c.id = e.class_id
        where c.target_group = 'party_workers' and extract(year from c.starts_on) = ${year} and c.county_id in ${countyIds} and a.submitted_at is not null) as score,
      (select (avg(v.overall)::float8 - 1) / 4 from training_evaluations v join training_classes c on c.id = v.class_id
        where c.target_group = 'party_workers' and extract(year from c.starts_on) = ${year} and c.county_id in ${countyIds}) as sat,
      (select count(*)::int from training_classes c where c.target_group = 'party_workers' and extract(year from c.starts_on) = ${year} and c.county_id in ${countyIds}) as classes`))
      .map((x) => [x.classes]));
  const ours = async () => {
    const c = await coverage(db, actor, { year, targetGroup: 'party_workers' });
    return c.items.map((x) => [x.id, x.target, x.trained, x.hours]).sort((a, b) => a[0]! - b[0]!).concat([[c.classes]]);
  };
  const [h, o] = [await hand(), await ours()];
  if (JSON.stringify(h) !== JSON.stringify(o)) throw new Error(`培训覆盖率结果不一致：${JSON.stringify(h).slice(0, 200)} vs ${JSON.stringify(o).slice(0, 200)}`);
  const [{ m = 0, e = 0 } = {}] = await rows<{ m: number; e: number }>(db, sql`select (select count(*)::int from members) as m, (select count(*)::int from training_enrollments) as e`);
  return { ours: await time(ours), hand: await time(hand), members: m, entries: e, rows: h.length };
}

export function coverageSection(r: Awaited<ReturnType<typeof measureCoverage>>, where: string) {
  const f = (n: number) => n.toFixed(n < 10 ? 2 : 1);
  const ratio = r.ours.p50 / r.hand.p50;
  return [
    '| 培训覆盖率 | 平台 p50 / p95 (ms) | 手写 SQL p50 / p95 (ms) | 比值 p50 / p95 | 目标：比值 ≤ 1.5 |', '|---|---|---|---|---|',
    `| 党务工作者覆盖率逐级汇总（${where}：${r.members.toLocaleString()} 名党员，${r.entries.toLocaleString()} 条参训记录） | ${f(r.ours.p50)} / ${f(r.ours.p95)} | ${f(r.hand.p50)} / ${f(r.hand.p95)} | ${ratio.toFixed(2)} / ${(r.ours.p95 / r.hand.p95).toFixed(2)} | ${ratio <= 1.5 ? '达到' : '未达到'} |`, '',
  ].join('\n');
}

/**
 * Training records for a province database, by SQL: per county, classes for each target group over the year,
 * and completed enrollments for a share of the members, until there are `entries` rows.
 */
export async function ensureProvinceTraining(db: Db, entries: number, log: (m: string) => void) {
  const [{ n = 0 } = {}] = await rows<{ n: number }>(db, sql`select count(*)::int as n from training_enrollments`);
  if (n >= entries * 0.9) { log(`  复用已生成的参训记录（${n.toLocaleString()} 条）`); return; }
  const t0 = Date.now();
  const year = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4));
  await db.execute(sql`insert into training_classes (county_id, name, class_type, target_group, starts_on, ends_on, organiser_org_id, capacity, leave_limit, status)
    select k.id, g.grp || '培训班第' || s || '期', 'special_topic', g.grp, make_date(${year}, s, 10), make_date(${year}, s, 14), r.id, 100000, '0.142857', 'finished'
    from counties k join orgs r on r.county_id = k.id and r.parent_id is null
    cross join (values ('party_workers'), ('secretaries'), ('members')) g(grp) cross join generate_series(1, 10) s`);
  const [{ m = 1 } = {}] = await rows<{ m: number }>(db, sql`select count(*)::int as m from members where status = 'active'`);
  const share = Math.min(1, entries / m);
  await db.execute(sql`insert into training_enrollments (class_id, member_id, status, completed, completed_hours, confirmed_at)
    select c.id, m.id, 'confirmed', abs(hashtext(m.id::text)) % 100 < 92, 21, now()
    from members m join lateral (select id from training_classes c where c.county_id = m.county_id
        and c.target_group = (array['party_workers', 'secretaries', 'members'])[1 + abs(hashtext(m.id::text || 'g')) % 3]
        order by c.id offset abs(hashtext(m.id::text || 'c')) % 10 limit 1) c on true
    where m.status = 'active' and abs(hashtext(m.id::text || 's')) % 1000 < ${Math.round(share * 1000)}
    on conflict do nothing`);
  await db.execute(sql`vacuum analyze training_enrollments`);
  const [{ e = 0 } = {}] = await rows<{ e: number }>(db, sql`select count(*)::int as e from training_enrollments`);
  log(`  参训记录：${((Date.now() - t0) / 1000).toFixed(0)} 秒，共 ${e.toLocaleString()} 条`);
}

/**
 * The leaders' cockpit: every figure it reads through the modules' service functions, against hand-written SQL
 * for the same figures on the same database in the same run (answers checked equal first); and the page's load
 * time in Chromium, from navigation to all charts drawn.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { launchChromium } from '../scripts/chromium.js';
import type { Actor } from '../src/server/core/actor.js';
import { rows, type Db } from '../src/server/core/db.js';
import { today } from '../src/server/core/paging.js';
import { P } from '../src/server/core/permissions.js';
import { buildApp, WEB_DIST } from '../src/server/app.js';
import { loadConfig } from '../src/server/core/config.js';
import { cockpit } from '../src/server/modules/reports/service.js';
import { MIN_MEMBERS_FOR_ORG } from '../src/server/modules/nonpublic/service.js';
import { handComplianceRollup } from './meetings.js';
import { handCoverage } from './training.js';
import { addMonths } from '../src/server/modules/orgs/rules.js';

type Stat = { p50: number; p95: number };
type Timer = (fn: () => Promise<unknown>) => Promise<Stat>;
const ratio = (a: number, b: number) => (b ? a / b : null);

/** Every cockpit figure by hand: GROUP BYs per county root, as a reader of the whole scope sees them (plan progress aside, see below). */
async function hand(db: Db, countyIds: number[], year: number) {
  const t = today();
  // the definitions of docs/figures.md: ages on 31 December, away six months, 停止党籍 out, 基层党组织 only
  const young = `${year - 35}-01-01`; const old = `${year - 61}-12-31`;
  const away = addMonths(t, -6);
  const effect = (g: string) => sql`select
    (select avg(a.score)::float8 from training_attempts a join training_enrollments e on e.id = a.enrollment_id join training_classes c on c.id = e.class_id
      where c.target_group = ${g} and extract(year from c.starts_on) = ${year} and c.county_id in ${countyIds} and a.submitted_at is not null) as score,
    (select (avg(v.overall)::float8 - 1) / 4 from training_evaluations v join training_classes c on c.id = v.class_id
      where c.target_group = ${g} and extract(year from c.starts_on) = ${year} and c.county_id in ${countyIds}) as sat`;
  const [orgsByType, orgsByCat, orgsByRoot, members, compliance, workers, secretaries, w1, w2, grades, items, status, source, weak, np, trend] = await Promise.all([
    rows<{ org_type: string; n: number }>(db, sql`select org_type, count(*)::int as n from orgs where status = 'active' and county_id in ${countyIds}
      and org_type in ('township_committee', 'grassroots_committee', 'general_branch', 'branch') group by 1`),
    rows<{ category: string; n: number }>(db, sql`select category, count(*)::int as n from orgs where status = 'active' and county_id in ${countyIds}
      and org_type in ('grassroots_committee','general_branch','branch') group by 1`),
    rows(db, sql`select split_part(path, '/', 2)::int as root, count(*)::int as n, count(*) filter (where org_type = 'branch')::int as b from orgs
      where status = 'active' and county_id in ${countyIds} group by 1`),
    rows<{ root: number; total: number }>(db, sql`select split_part(o.path, '/', 2)::int as root, count(*)::int as total, count(*) filter (where m.member_category = 'probationary')::int as p,
        count(*) filter (where m.gender = '2')::int as w, count(*) filter (where m.birth_date >= ${young})::int as y, count(*) filter (where m.birth_date <= ${old})::int as o,
        count(*) filter (where m.is_floating and coalesce(m.floating_since, '1900-01-01') <= ${away})::int as f,
        count(*) filter (where m.is_lost_contact and not exists (select 1 from member_contacts k where k.member_id = m.id and k.reached
          and k.contacted_on > coalesce(m.lost_contact_since, '1900-01-01')))::int as l
      from members m join orgs o on o.id = m.org_id where m.status = 'active' and m.membership_status = 'normal' and o.county_id in ${countyIds} group by 1 order by 1`),
    handComplianceRollup(db, { assignments: countyIds.map((c) => ({ scope: 'all', countyId: c })) } as unknown as Actor, year),
    handCoverage(db, countyIds, year, 'party_workers'),
    handCoverage(db, countyIds, year, 'village_secretaries'),
    rows(db, effect('party_workers')), rows(db, effect('village_secretaries')),
    rows<{ grade: string; n: number }>(db, sql`select r.grade, count(*)::int as n from assessment_results r join assessment_schemes s on s.id = r.scheme_id join orgs o on o.id = r.org_id
      where s.year = ${year} and s.status in ('objection','final') and r.stage = case when s.status = 'final' then 'final' else 'objection' end and o.county_id in ${countyIds} group by 1`),
    rows<{ open: number; overdue: number; closed: number }>(db, sql`select split_part(o.path, '/', 2)::int as root, count(*)::int as total,
        count(*) filter (where r.status not in ('accepted','closed'))::int as open, count(*) filter (where r.status not in ('accepted','closed') and r.deadline < ${t})::int as overdue,
        count(*) filter (where r.status = 'closed')::int as closed from rectification_items r join orgs o on o.id = r.org_id where o.county_id in ${countyIds} group by 1`),
    rows(db, sql`select r.status, count(*)::int from rectification_items r join orgs o on o.id = r.org_id where o.county_id in ${countyIds} group by 1`),
    rows(db, sql`select r.source, count(*)::int from rectification_items r join orgs o on o.id = r.org_id where o.county_id in ${countyIds} group by 1`),
    rows<{ confirmed: number; closed: number }>(db, sql`select split_part(o.path, '/', 2)::int as root, count(*)::int as confirmed, count(*) filter (where r.status = 'closed')::int as closed
      from weak_orgs w join orgs o on o.id = w.org_id join rectification_items r on r.id = w.rectification_item_id where w.year = ${year} and o.county_id in ${countyIds} group by 1`),
    rows<{ entities: number; covered: number; eligible: number; eligibleCovered: number }>(db, sql`select count(*)::int as entities, count(*) filter (where cover_kind <> 'none')::int as covered,
        count(*) filter (where party_members >= ${MIN_MEMBERS_FOR_ORG})::int as eligible, count(*) filter (where party_members >= ${MIN_MEMBERS_FOR_ORG} and cover_kind <> 'none')::int as "eligibleCovered"
      from nonpublic_entities where active and county_id in ${countyIds}`),
    rows(db, sql`select month, sum(entities)::int, sum(covered)::int, sum(eligible)::int, sum(eligible_covered)::int from nonpublic_snapshots where county_id in ${countyIds} group by 1 order by 1`),
  ]);
  void orgsByCat; void orgsByRoot; void status; void source; void trend; void w1; void w2;
  const sum = <T>(l: T[], f: (x: T) => number) => l.reduce((a, x) => a + f(x), 0);
  return {
    orgs: sum(orgsByType, (x) => x.n), members: sum(members, (x) => x.total),
    compliance: ratio(sum(compliance, (x) => x[2]!), sum(compliance, (x) => x[3]!)),
    workers: [sum(workers, (x) => x[1]!), sum(workers, (x) => x[2]!)], secretaries: [sum(secretaries, (x) => x[1]!), sum(secretaries, (x) => x[2]!)],
    grades: sum(grades, (x) => x.n), open: sum(items, (x) => x.open), overdue: sum(items, (x) => x.overdue), closed: sum(items, (x) => x.closed),
    weak: sum(weak, (x) => x.confirmed), nonpublic: np[0]!,
  };
}

/** The figures of a cockpit answer, shaped as `hand` returns them, to check both agree. */
function figuresOf(c: Awaited<ReturnType<typeof cockpit>>) {
  return {
    orgs: c.orgs!.total, members: c.members!.total.total, compliance: c.compliance!.rate,
    workers: [c.training!.partyWorkers.target, c.training!.partyWorkers.trained], secretaries: [c.training!.secretaries.target, c.training!.secretaries.trained],
    grades: c.grades!.assessed, open: c.problems!.open, overdue: c.problems!.overdue, closed: c.problems!.closed,
    weak: c.weakOrgs!.confirmed, nonpublic: { entities: c.nonpublic!.total.entities, covered: c.nonpublic!.total.covered, eligible: c.nonpublic!.total.eligible, eligibleCovered: c.nonpublic!.total.eligibleCovered },
  };
}

/**
 * The cockpit for a reader of every county given, without plan progress: a plan's targets are metric reads, each
 * measured in its own module's section, so here the reader holds no plan permission and both sides leave it out.
 */
export async function measureCockpit(db: Db, actor: Actor, timer: Timer) {
  const year = Number(today().slice(0, 4));
  const reader: Actor = { ...actor, assignments: actor.assignments.map((a) => ({ ...a, scope: 'all' as const, permissions: a.permissions.filter((p) => p !== P.planRead) })) };
  const countyIds = [...new Set(reader.assignments.map((a) => a.countyId))];
  const ours = () => cockpit(db, reader, { year });
  const a = figuresOf(await ours());
  const b = await hand(db, countyIds, year);
  if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`驾驶舱数据与手写 SQL 不一致：${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
  return { counties: countyIds.length, orgs: a.orgs, members: a.members, ours: await timer(ours), hand: await timer(() => hand(db, countyIds, year)) };
}

export function cockpitSection(r: Awaited<ReturnType<typeof measureCockpit>>, where: string) {
  const f = (n: number) => n.toFixed(n < 10 ? 2 : 1);
  const x = r.ours.p50 / r.hand.p50;
  return [
    `| 领导驾驶舱（${where}：${r.counties} 个县，${r.orgs.toLocaleString()} 个党组织，${r.members.toLocaleString()} 名党员） | 平台 p50 / p95 (ms) | 手写 SQL p50 / p95 (ms) | 比值 p50 / p95 | 目标：比值 ≤ 1.5 |`,
    '|---|---|---|---|---|',
    `| 党组织与党员、组织生活达标率、培训覆盖、考核等次、问题整改、软弱涣散、两新覆盖（规划进度为各模块指标，另见各节） | ${f(r.ours.p50)} / ${f(r.ours.p95)} | ${f(r.hand.p50)} / ${f(r.hand.p95)} | ${x.toFixed(2)} / ${(r.ours.p95 / r.hand.p95).toFixed(2)} | ${x <= 1.5 ? '达到' : '未达到'} |`, '',
  ].join('\n');
}

/**
 * The cockpit page in Chromium at county scale, as the county admin: from navigation to every chart drawn
 * (`data-test=cockpit-ready`), a full page load each time. The platform serves the built web app.
 */
export async function measureCockpitPage(db: Db, runs: number) {
  if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) {
    execFileSync(process.execPath, [path.resolve('node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  }
  const app = await buildApp({ db, config: loadConfig({ ...process.env, DATABASE_URL: '', LOG_LEVEL: 'silent', STRICT_RESPONSES: 'false' }) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    await page.goto(`${base}/login`);
    await page.fill('input[name=username]', 'county_admin');
    await page.fill('input[name=password]', 'Jiceng@2026');
    await page.click('button[type=submit]');
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    const once = async () => {
      const t = performance.now();
      await page.goto(`${base}/cockpit`);
      await page.waitForSelector('[data-test=cockpit-ready]', { state: 'attached', timeout: 120_000 });
      return performance.now() - t;
    };
    await once(); // warm: the server's first queries and the browser's cache of the scripts
    const xs: number[] = [];
    for (let i = 0; i < runs; i++) xs.push(await once());
    xs.sort((a, b) => a - b);
    return { runs, p50: xs[Math.floor(0.5 * xs.length)]!, p95: xs[Math.min(xs.length - 1, Math.floor(0.95 * xs.length))]! };
  } finally {
    await browser.close();
    await app.close();
  }
}

export function cockpitPageSection(r: Awaited<ReturnType<typeof measureCockpitPage>>) {
  return [
    `| 驾驶舱页面在 Chromium 中的加载（全县，县委组织部账号，${r.runs} 次整页加载） | p50 (ms) | p95 (ms) |`, '|---|---|---|',
    `| 从打开页面到全部图表绘制完成 | ${r.p50.toFixed(0)} | ${r.p95.toFixed(0)} |`, '',
  ].join('\n');
}

/**
 * Benchmarks (not part of the pass/fail suite except at --tiny scale, which only proves they still run
 * and that the platform's answers equal the hand-written SQL's).
 *
 *   npm run bench                    PGlite at county scale, and PostgreSQL at province scale when
 *                                    BENCH_DATABASE_URL is set (300,000 orgs, ~4 million members)
 *   npm run bench -- --tiny          a small county on PGlite; writes .tmp/bench-tiny.md
 *   npm run bench -- --orgs 30000    another province size
 *   npm run bench -- --only-problems     the province weak-org screening alone (PostgreSQL)
 *   npm run bench -- --only-cockpit      the province cockpit figures alone (PostgreSQL)
 *   npm run bench -- --only-checkin      the check-in load alone (PostgreSQL)
 *   npm run bench -- --only-import       the 100,000-row member import alone (PGlite, and PostgreSQL when BENCH_DATABASE_URL is set)
 *   npm run bench -- --only-assessment   the province assessment section alone (PostgreSQL; --ledger N entries)
 *   npx tsx bench/startup.ts             start-up of `npm start`, first and later (its own sections, kept here)
 *
 * Each measure is reported as p50/p95 and as a ratio to the best hand-written SQL for the same
 * answer, on the same database, in the same run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { ExcelJS } from '../src/server/core/xlsx.js';
import type { Actor } from '../src/server/core/actor.js';
import { migrate, openPglite, openPostgres, rows, type Database, type Db } from '../src/server/core/db.js';
import { withIdCheckDigit } from '../src/server/core/idcard.js';
import { today } from '../src/server/core/paging.js';
import { ALL_PERMISSIONS } from '../src/server/core/permissions.js';
import { loadDemo, seedReference } from '../src/server/demo/load.js';
import { openWorkbook } from '../src/server/modules/imports/readers.js';
import { importMemberSheet } from '../src/server/modules/imports/service.js';
import { findMembers } from '../src/server/modules/members/service.js';
import { findChildren, refreshOrgCounts } from '../src/server/modules/orgs/service.js';
import { checkinSection, coverageSection, ensureProvinceTraining, measureCheckinLoad, measureCoverage } from './training.js';
import { measureScreening, screeningSection } from './problems.js';
import { cockpitPageSection, cockpitSection, measureCockpit, measureCockpitPage } from './cockpit.js';
import { assessmentSection, demoScheme, ensureProvinceAssessment, measureAssessment } from './assessment.js';
import { ensureProvinceMeetings, measureMeetings, measureProvinceCopies, meetingsSection, provinceActor, provinceCopiesSection } from './meetings.js';

const args = process.argv.slice(2);
const tiny = args.includes('--tiny');
const arg = (name: string, dflt: number) => { const i = args.indexOf(name); return i >= 0 ? Number(args[i + 1]) : dflt; };
const ITER = tiny ? 5 : 200;
const WARM = tiny ? 1 : 20;
const IMPORT_ROWS = tiny ? 300 : arg('--import-rows', 100_000);
const ORGS_PER_COUNTY = 1500;
const IMPORT_HEAD = '### 导入党员表（与 exceljs 单纯读取同一文件相比）';

type Stat = { p50: number; p95: number };
const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]!; };
async function timeN(fn: () => Promise<unknown>, warm: number, iter: number): Promise<Stat> {
  for (let i = 0; i < warm; i++) await fn();
  const xs: number[] = [];
  for (let i = 0; i < iter; i++) { const t = performance.now(); await fn(); xs.push(performance.now() - t); }
  return { p50: pct(xs, 0.5), p95: pct(xs, 0.95) };
}
const time = (fn: () => Promise<unknown>) => timeN(fn, WARM, ITER);
/** Province-wide measures take seconds each: one warm-up and five runs. */
const slow = (fn: () => Promise<unknown>) => timeN(fn, 1, 5);

function actorFor(countyId: number, path: string, orgId: number): Actor {
  return { userId: 0, username: 'bench', displayName: '基准测试', memberId: null, memberOrgId: null, countyId, ip: null,
    assignments: [{ roleCode: 'bench', permissions: ALL_PERMISSIONS, scope: 'org_and_below', countyId, orgId, orgPath: path, customOrgIds: [] }] };
}

async function prepare(d: Database, counties: number, scale: number, log: (m: string) => void) {
  await migrate(d);
  await seedReference(d.db);
  const [{ n = 0 } = {}] = await rows<{ n: number }>(d.db, sql`select count(*)::int as n from counties`);
  if (n >= counties) { log(`  复用已生成的数据（${n} 个县）`); await d.db.execute(sql`vacuum analyze`); return; }
  const t = Date.now();
  await loadDemo(d.db, { today: today(), counties, scale, accounts: n === 0, meetings: counties === 1, log: counties > 3 ? () => {} : log });
  // a freshly bulk-loaded table has no visibility map yet: vacuum, as autovacuum would in production
  await d.db.execute(sql`vacuum analyze`);
  log(`  生成 ${counties} 个县：${((Date.now() - t) / 1000).toFixed(0)} 秒`);
}

/**
 * (c) Importing a member sheet of IMPORT_ROWS rows, against exceljs alone reading the same file: the import reads,
 * checks, compares with the register and writes every row, in one transaction. The rows are removed after.
 */
async function measureImport(db: Db, actor: Actor, countyId: number): Promise<string[]> {
  const branches = await rows<{ name: string }>(db, sql`select name from orgs where county_id = ${countyId} and org_type = 'branch' and status = 'active' order by id limit 200`);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('党员');
  ws.addRow(['姓名', '性别', '民族', '公民身份号码', '学历', '人员类别', '所在党支部', '入党日期', '转正日期', '手机号码']);
  for (let i = 0; i < IMPORT_ROWS; i++) {
    const day = new Date(Date.UTC(1960, 0, 1) + (i % 10000) * 86400_000).toISOString().slice(0, 10).replace(/-/g, '');
    const seq = String(Math.floor(i / 10000) * 2 + 1).padStart(3, '0');
    ws.addRow([`导入${i}`, '男', '汉族', withIdCheckDigit(`810101${day}${seq}`), '大学', '正式党员', branches[i % branches.length]!.name, '2010-07-01', '2011-07-01', '13900000000']);
  }
  const buf = Buffer.from(await wb.xlsx.writeBuffer());
  const tRead = performance.now();
  const book = await openWorkbook(buf, 'bench.xlsx');
  let readRows = 0;
  for await (const _row of book.rows(0)) readRows++;
  const readOnly = performance.now() - tRead;
  if (readRows !== IMPORT_ROWS + 1) throw new Error(`(c) 读取行数不一致：${readRows}`);
  const streamRead = async () => {
    const { Readable } = await import('node:stream');
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(buf), { sharedStrings: 'cache', styles: 'ignore', hyperlinks: 'ignore', worksheets: 'emit' } as never);
    let n = 0;
    for await (const sheet of reader) for await (const _row of sheet as AsyncIterable<unknown>) n++;
    return n;
  };
  // three rounds, each exceljs's read then the import, and the median of each: one run on a shared machine is noise
  let rssAdded = 0;
  const exTimes: number[] = []; const impTimes: number[] = [];
  for (let round = 0; round < (tiny ? 1 : 3); round++) {
    const tEx = performance.now();
    await streamRead();
    exTimes.push(performance.now() - tEx);
    // the resident memory the import adds, sampled while it runs (from just before it: exceljs's garbage is not ours)
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => { rssPeak = Math.max(rssPeak, process.memoryUsage().rss); }, 20);
    const tImp = performance.now();
    const imp = await importMemberSheet(db, actor, { fileName: 'bench.xlsx', content: buf, dryRun: false, onExisting: 'skip' }).catch(async (e) => {
      // name the first problems, so that a generator change that breaks the sheet is easy to see
      const found = (e as { extra?: { errors?: { row: number; messages: string[] }[] } }).extra?.errors ?? [];
      console.error(found.slice(0, 5).map((x) => `第 ${x.row} 行：${x.messages.join('；')}`).join('\n'));
      throw e;
    });
    impTimes.push(performance.now() - tImp);
    clearInterval(sampler);
    rssAdded = Math.max(rssAdded, rssPeak - rssBefore);
    if (imp.imported !== IMPORT_ROWS) throw new Error('(c) 导入行数不一致');
    // leave the database as it was, for the next round and the next run
    await db.execute(sql`delete from members where id_number like '810101%'`);
    await refreshOrgCounts(db);
  }
  const exceljsAlone = pct(exTimes, 0.5); const importMs = pct(impTimes, 0.5);

  const fmt = (n: number) => n.toFixed(n < 10 ? 2 : 1);
  return [
    '| 测量 | 平台 | 对照 | 比值 | 目标：比值 ≤ 2 |', '|---|---|---|---|---|',
    `| (c) 导入 ${IMPORT_ROWS.toLocaleString()} 行党员表（${impTimes.length} 轮取中位数） | ${fmt(importMs / 1000)} s | exceljs 流式读取 ${fmt(exceljsAlone / 1000)} s | ${(importMs / exceljsAlone).toFixed(2)} | ${importMs / exceljsAlone <= 2 ? '达到' : '未达到'} |`,
    `| 其中平台读取（导入读取器，不含检查和写入） | ${fmt(readOnly / 1000)} s | | | |`,
    `| 导入时常驻内存增加（峰值） | ${Math.round(rssAdded / 1024 / 1024)} MB（文件 ${(buf.length / 1024 / 1024).toFixed(1)} MB） | | | |`, '',
  ];
}

/** The import on the embedded database (a county, file-backed as users run it) and, given a URL, on PostgreSQL. */
async function importSection(url: string | undefined, log: (m: string) => void): Promise<string> {
  const out: string[] = [`- 测于 ${new Date().toISOString().slice(0, 10)}，${os.cpus().length} 核 ${os.cpus()[0]?.model ?? ''}，Node ${process.version}`, ''];
  const county = async (db: Db) => {
    const [root] = await rows<{ id: number; path: string; county_id: number }>(db, sql`select id, path, county_id from orgs where parent_id is null order by id limit 1`);
    return measureImport(db, actorFor(root!.county_id, root!.path, root!.id), root!.county_id);
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiceng-bench-'));
  const p = await openPglite({ dataDir: dir });
  try {
    await prepare(p, 1, tiny ? 0.2 : 1, log);
    out.push('内置 PGlite（一个县）：', '', ...await county(p.db));
  } finally { await p.close(); fs.rmSync(dir, { recursive: true, force: true }); }
  if (url) {
    const d = await openPostgres(url, 4);
    try {
      await prepare(d, 1, 1, log);
      out.push('PostgreSQL（同一个县）：', '', ...await county(d.db));
    } finally { await d.close(); }
  }
  const text = out.join('\n');
  console.log(text);
  return text;
}

async function measure(db: Db, label: string) {
  const [sizes] = await rows<{ orgs: number; members: number }>(db, sql`
    select (select count(*)::int from orgs) as orgs, (select count(*)::int from members) as members`);
  const { orgs: orgCount, members: memberCount } = sizes!;
  // a county root: the subtree a county organisation department lists
  const [root] = await rows<{ id: number; path: string; county_id: number }>(db, sql`select id, path, county_id from orgs where parent_id is null order by id limit 1`);
  const [town] = await rows<{ id: number; path: string }>(db, sql`select id, path from orgs where org_type = 'township_committee' and county_id = ${root!.county_id} order by id limit 1`);
  const actor = actorFor(root!.county_id, root!.path, root!.id);
  const results: { name: string; ours: Stat; hand: Stat }[] = [];

  // (a) one page of a subtree-scoped member list, with its total
  const handList = async () => {
    const [items, total] = await Promise.all([
      rows<{ id: number }>(db, sql`select m.id, m.name, m.gender, m.id_number, m.birth_date, m.member_category, m.join_date, o.name as org_name
        from members m join orgs o on o.id = m.org_id where o.path like ${root!.path + '%'} and m.status = 'active'
        order by o.path, m.id limit 20`),
      rows<{ n: number }>(db, sql`select count(*)::int as n from members m join orgs o on o.id = m.org_id where o.path like ${root!.path + '%'} and m.status = 'active'`),
    ]);
    return { ids: items.map((i) => i.id), total: total[0]!.n };
  };
  const oursList = async () => {
    const r = await findMembers(db, actor, { page: 1, pageSize: 20, order: 'asc', sort: 'org' });
    return { ids: r.items.map((i) => i.id), total: r.total };
  };
  const [h, o] = [await handList(), await oursList()];
  if (JSON.stringify(h) !== JSON.stringify(o)) throw new Error(`(a) 结果不一致：${JSON.stringify(h).slice(0, 200)} vs ${JSON.stringify(o).slice(0, 200)}`);
  results.push({ name: `(a) 党员列表一页 + 总数（县级子树，${h.total} 人）`, ours: await time(oursList), hand: await time(handList) });

  // (b) tree children with counts
  const handKids = async () => (await rows<{ id: number; child_count: number; subtree_member_count: number }>(db, sql`
    select o.id, o.name, o.org_type, o.subtree_member_count,
      (select count(*)::int from orgs c where c.parent_id = o.id and c.status = 'active') as child_count
    from orgs o where o.parent_id = ${town!.id} and o.status = 'active' order by o.sort, o.id`)).map((r) => [r.id, r.child_count, r.subtree_member_count]);
  const oursKids = async () => (await findChildren(db, actor, town!.id)).map((r) => [r.id, r.childCount, r.subtreeMemberCount]);
  if (JSON.stringify(await handKids()) !== JSON.stringify(await oursKids())) throw new Error('(b) 结果不一致');
  results.push({ name: '(b) 组织树下级（含下级数、党员数）', ours: await time(oursKids), hand: await time(handKids) });

  const fmt = (n: number) => n.toFixed(n < 10 ? 2 : 1);
  const lines = [
    `### ${label}`, '', `规模：${orgCount.toLocaleString()} 个党组织，${memberCount.toLocaleString()} 名党员；每项 ${ITER} 次（预热 ${WARM} 次）。`, '',
    '| 测量 | 平台 p50 / p95 (ms) | 手写 SQL p50 / p95 (ms) | 比值 p50 / p95 | 目标：比值 ≤ 1.5 且 p95 < 50 ms |', '|---|---|---|---|---|',
    ...results.map((r) => {
      const ok = r.ours.p50 / r.hand.p50 <= 1.5 && r.ours.p95 / r.hand.p95 <= 1.5 && r.ours.p95 < 50;
      return `| ${r.name} | ${fmt(r.ours.p50)} / ${fmt(r.ours.p95)} | ${fmt(r.hand.p50)} / ${fmt(r.hand.p95)} | ${(r.ours.p50 / r.hand.p50).toFixed(2)} / ${(r.ours.p95 / r.hand.p95).toFixed(2)} | ${ok ? '达到' : '未达到'} |`;
    }),
    '',
  ];
  console.log(lines.join('\n'));
  return lines.join('\n');
}

/** Organisational life over the province only, replacing its section in bench/results.md (the rest stays). */
async function provinceLifeOnly(url: string) {
  const d = await openPostgres(url, 4);
  try {
    const text = await provinceLife(d.db, console.log);
    const file = 'bench/results.md';
    const head = '### PostgreSQL 组织生活（全省）';
    const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# 基准测试结果\n';
    const kept = old.includes(head) ? old.slice(0, old.indexOf(head)) : old + '\n';
    fs.writeFileSync(file, `${kept}${head}\n\n- 测于 ${new Date().toISOString().slice(0, 10)}，${os.cpus().length} 核 ${os.cpus()[0]?.model ?? ''}\n\n${text}\n`);
    console.log(`已写入 ${file}`);
  } finally { await d.close(); }
}

async function provinceLife(db: Db, log: (m: string) => void) {
  await ensureProvinceMeetings(db, log);
  const [root] = await rows<{ id: number; path: string; county_id: number }>(db, sql`select id, path, county_id from orgs where parent_id is null order by id limit 1`);
  const province = await provinceActor(db, actorFor(root!.county_id, root!.path, root!.id));
  const [{ m = 0, a = 0, c = 0 } = {}] = await rows<{ m: number; a: number; c: number }>(db, sql`
    select (select count(*)::int from meetings) as m, (select count(*)::int from meeting_attendance) as a, (select count(*)::int from counties) as c`);
  log('  组织生活：缺项与达标率……');
  const life = meetingsSection(await measureMeetings(db, province, slow, 0), '全省');
  // one month of a province's minutes: one record per branch
  log('  疑似雷同……');
  const [{ b = 0 } = {}] = await rows<{ b: number }>(db, sql`select count(*)::int as b from orgs where org_type = 'branch' and status = 'active'`);
  const copies = provinceCopiesSection(measureProvinceCopies(arg('--copies-docs', b), 3000));
  return [`组织生活（全省 ${c} 个县，一年的记录：${m.toLocaleString()} 条会议记录、${a.toLocaleString()} 条出席记录；每项 5 次，预热 1 次）：`, '', life, copies].join('\n');
}

/** Assessment over the province only (one scheme, ≈20 million ledger entries), replacing its section in bench/results.md. */
async function provinceAssessmentOnly(url: string) {
  const d = await openPostgres(url, 4);
  try {
    await prepare(d, Math.ceil(arg('--orgs', 300_000) / ORGS_PER_COUNTY), 1, console.log);
    const text = await provinceAssessment(d.db, console.log);
    replaceSection('### PostgreSQL 考核（全省）', `- 测于 ${new Date().toISOString().slice(0, 10)}，${os.cpus().length} 核 ${os.cpus()[0]?.model ?? ''}；重算每项 5 次（预热 1 次），得分说明 ${ITER} 次\n\n${text}`);
  } finally { await d.close(); }
}

async function provinceAssessment(db: Db, log: (m: string) => void) {
  const at = await ensureProvinceAssessment(db, arg('--ledger', 20_000_000), log);
  log('  考核：重算、排名、得分说明……');
  const text = assessmentSection(await measureAssessment(db, at, slow, time, ITER, log), '全省');
  console.log(text);
  return text;
}

/** Training coverage over the province only, replacing its section in bench/results.md. */
async function provinceTrainingOnly(url: string) {
  const d = await openPostgres(url, 4);
  try {
    await ensureProvinceTraining(d.db, arg('--entries', 5_000_000), console.log);
    const [root] = await rows<{ id: number; path: string; county_id: number }>(d.db, sql`select id, path, county_id from orgs where parent_id is null order by id limit 1`);
    const province = await provinceActor(d.db, actorFor(root!.county_id, root!.path, root!.id));
    const cov = coverageSection(await measureCoverage(d.db, province, slow, Number(today().slice(0, 4))), '全省');
    console.log(cov);
    // the check-in load on PostgreSQL too (a pool of connections, unlike the embedded database)
    const load = checkinSection(await measureCheckinLoad(d.db, 1000));
    console.log(load);
    const text = `${cov}\n${load}`;
    replaceSection('### PostgreSQL 培训（全省）', `- 测于 ${new Date().toISOString().slice(0, 10)}；每项 5 次，预热 1 次\n\n${text}`);
  } finally { await d.close(); }
}

/** One province-wide section alone (a prepared province, a reader of all of it), replacing its section in bench/results.md. */
async function provinceSectionOnly(url: string, head: string, measureIt: (db: Db, province: Actor) => Promise<string>) {
  const d = await openPostgres(url, 4);
  try {
    await prepare(d, Math.ceil(arg('--orgs', 300_000) / ORGS_PER_COUNTY), 1, console.log);
    const [root] = await rows<{ id: number; path: string; county_id: number }>(d.db, sql`select id, path, county_id from orgs where parent_id is null order by id limit 1`);
    const text = await measureIt(d.db, await provinceActor(d.db, actorFor(root!.county_id, root!.path, root!.id)));
    console.log(text);
    replaceSection(head, `- 测于 ${new Date().toISOString().slice(0, 10)}，${os.cpus().length} 核 ${os.cpus()[0]?.model ?? ''}；每项 5 次，预热 1 次\n\n${text}`);
  } finally { await d.close(); }
}
/** The check-in load alone on PostgreSQL (the province's first county), in its own section. */
const checkinOnly = (url: string) => provinceSectionOnly(url, '### PostgreSQL 培训签到压力',
  async (db) => checkinSection(await measureCheckinLoad(db, 1000)));
const provinceCockpitOnly = (url: string) => provinceSectionOnly(url, '### PostgreSQL 领导驾驶舱（全省）',
  async (db, province) => cockpitSection(await measureCockpit(db, province, slow), '全省'));
const provinceProblemsOnly = (url: string) => provinceSectionOnly(url, '### PostgreSQL 软弱涣散排查（全省）',
  async (db, province) => screeningSection(await measureScreening(db, province, slow), '全省'));

/** The start-up sections (measured by bench/startup.ts, not by this run), carried over when the whole file is written again. */
function keptStartup() {
  const file = 'bench/results.md';
  if (!fs.existsSync(file)) return '';
  const old = fs.readFileSync(file, 'utf8');
  return old.split(/\n(?=### )/).filter((s) => s.startsWith('### 启动时间')).map((s) => `\n${s.trimEnd()}\n`).join('');
}

function replaceSection(head: string, body: string) {
  const file = 'bench/results.md';
  const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# 基准测试结果\n';
  const start = old.indexOf(head);
  const rest = start >= 0 ? old.slice(start + head.length) : '';
  const next = rest.indexOf('\n### ');
  const merged = start >= 0 ? old.slice(0, start) + head + '\n\n' + body + '\n' + (next >= 0 ? rest.slice(next + 1) : '') : `${old}\n${head}\n\n${body}\n`;
  fs.writeFileSync(file, merged);
  console.log(`已写入 ${file}`);
}

async function main() {
  const started = new Date();
  if (args.includes('--only-training')) {
    const url = process.env.BENCH_DATABASE_URL;
    if (!url) throw new Error('--only-training 需要 BENCH_DATABASE_URL');
    return provinceTrainingOnly(url);
  }
  if (args.includes('--only-assessment')) {
    const url = process.env.BENCH_DATABASE_URL;
    if (!url) throw new Error('--only-assessment 需要 BENCH_DATABASE_URL');
    return provinceAssessmentOnly(url);
  }
  if (args.includes('--only-problems')) {
    const url = process.env.BENCH_DATABASE_URL;
    if (!url) throw new Error('--only-problems 需要 BENCH_DATABASE_URL');
    return provinceProblemsOnly(url);
  }
  if (args.includes('--only-checkin')) {
    const url = process.env.BENCH_DATABASE_URL;
    if (!url) throw new Error('--only-checkin 需要 BENCH_DATABASE_URL');
    return checkinOnly(url);
  }
  if (args.includes('--only-cockpit')) {
    const url = process.env.BENCH_DATABASE_URL;
    if (!url) throw new Error('--only-cockpit 需要 BENCH_DATABASE_URL');
    return provinceCockpitOnly(url);
  }
  if (args.includes('--only-import')) {
    const url = process.env.BENCH_DATABASE_URL;
    return replaceSection(IMPORT_HEAD, await importSection(url, console.log));
  }
  if (args.includes('--only-life')) {
    const url = process.env.BENCH_DATABASE_URL;
    if (!url) throw new Error('--only-life 需要 BENCH_DATABASE_URL');
    return provinceLifeOnly(url);
  }
  const sections: string[] = [];
  const log = (m: string) => console.log(m);
  // PGlite, one county
  {
    log(`PGlite：${tiny ? '小型测试县' : '一个县'}`);
    // file-backed, as the platform runs it (an in-memory PGlite grows its buffers by copying, which is not what users get)
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiceng-bench-'));
    const d = await openPglite({ dataDir: dir });
    try {
      await prepare(d, 1, tiny ? 0.2 : 1, log);
      sections.push(await measure(d.db, `内置 PGlite（${tiny ? '小型测试县' : '一个县'}）`));
      const [root] = await rows<{ id: number; path: string; county_id: number }>(d.db, sql`select id, path, county_id from orgs where parent_id is null order by id limit 1`);
      const m = await measureMeetings(d.db, actorFor(root!.county_id, root!.path, root!.id), time, tiny ? 300 : 3000);
      const text = meetingsSection(m);
      console.log(text);
      sections.push(text);
      const county = actorFor(root!.county_id, root!.path, root!.id);
      const training = [checkinSection(await measureCheckinLoad(d.db, tiny ? 40 : 1000)),
        coverageSection(await measureCoverage(d.db, { ...county, assignments: county.assignments.map((x) => ({ ...x, scope: 'all' as const })) }, time,
          Number(today().slice(0, 4))), '全县')].join('\n');
      console.log(training);
      sections.push(training);
      const scheme = await demoScheme(d.db);
      if (scheme) {
        const text = assessmentSection(await measureAssessment(d.db, scheme, time, time, ITER), '全县');
        console.log(text);
        sections.push(text);
      }
      const countyWide = { ...county, assignments: county.assignments.map((x) => ({ ...x, scope: 'all' as const })) };
      const screening = screeningSection(await measureScreening(d.db, countyWide, tiny ? time : slow), '全县');
      console.log(screening);
      sections.push(screening);
      const cockpitText = [cockpitSection(await measureCockpit(d.db, countyWide, tiny ? time : slow), '全县'),
        cockpitPageSection(await measureCockpitPage(d.db, tiny ? 2 : 30))].join('\n');
      console.log(cockpitText);
      sections.push(cockpitText);
    } finally { await d.close(); fs.rmSync(dir, { recursive: true, force: true }); }
  }
  // the import has its own section (npm run bench -- --only-import measures it alone)
  if (!args.includes('--pglite-only')) sections.push(`${IMPORT_HEAD}\n\n${await importSection(tiny ? undefined : process.env.BENCH_DATABASE_URL, log)}`);
  if (args.includes('--pglite-only')) {
    // replace the county section of bench/results.md, keeping the PostgreSQL sections measured separately
    const [first, ...rest] = sections;
    replaceSection(first!.split('\n')[0]!, [`- 测于 ${started.toISOString().slice(0, 10)}，${os.cpus().length} 核 ${os.cpus()[0]?.model ?? ''}，Node ${process.version}`, '',
      first!.split('\n').slice(1).join('\n').trim(), '', ...rest].join('\n'));
    return;
  }
  const url = process.env.BENCH_DATABASE_URL;
  if (url && !tiny) {
    const orgs = arg('--orgs', 300_000);
    const counties = Math.ceil(orgs / ORGS_PER_COUNTY);
    log(`PostgreSQL：${counties} 个县（约 ${orgs.toLocaleString()} 个党组织）`);
    const d = await openPostgres(url, 4);
    try {
      await prepare(d, counties, 1, log);
      sections.push(await measure(d.db, `PostgreSQL（省级规模，${counties} 个县）`));
      // organisational life over the whole province: a year of records, every branch
      const text = await provinceLife(d.db, log);
      console.log(text);
      sections.push(text);
      sections.push(await provinceAssessment(d.db, log));
      const [root] = await rows<{ id: number; path: string; county_id: number }>(d.db, sql`select id, path, county_id from orgs where parent_id is null order by id limit 1`);
      const province = await provinceActor(d.db, actorFor(root!.county_id, root!.path, root!.id));
      sections.push(`### PostgreSQL 领导驾驶舱（全省）\n\n${cockpitSection(await measureCockpit(d.db, province, slow), '全省')}`);
    } finally { await d.close(); }
  } else if (!tiny) {
    log('未设置 BENCH_DATABASE_URL：只测 PGlite。');
  }
  const cpu = os.cpus()[0]?.model ?? 'unknown';
  const doc = [
    '# 基准测试结果', '',
    `- 日期：${started.toISOString().slice(0, 10)}`,
    `- 机器：${os.cpus().length} 核 ${cpu}，内存 ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB，Node ${process.version}`,
    '- 方法：同一数据库、同一次运行中，平台的服务函数与手写 SQL 求同一答案（先核对两者结果相同），各计时；比值 = 平台 / 手写。',
    '- 重新生成：`npm run bench`（PostgreSQL 部分需设置 `BENCH_DATABASE_URL`）。', '',
    ...sections,
  ].join('\n');
  const out = tiny ? '.tmp/bench-tiny.md' : 'bench/results.md';
  fs.mkdirSync('.tmp', { recursive: true });
  fs.writeFileSync(out, doc + '\n' + (tiny ? '' : keptStartup()));
  log(`已写入 ${out}`);
}

main().catch((e) => { console.error(e); process.exit(1); });

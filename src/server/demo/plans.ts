/**
 * The demo county's plans, made through the services: the three-year plan for grassroots org building (last
 * year to next year) at its mid-term review with realistic gaps, this year's work points with tasks handed down
 * to the townships and broken down to branches, a campaign piloted last year and being rolled out this year with
 * highlights, and notices from the county with their read receipts. Accounts for the townships' organisation
 * committee members and the demo township's branch secretaries receive the notices.
 */
import zlib from 'node:zlib';
import { sql } from 'drizzle-orm';
import { inTx, rows, type Db } from '../core/db.js';
import { roleAssignments, roles, users } from '../modules/auth/tables.js';
import * as plans from '../modules/plans/service.js';
import * as review from '../modules/plans/review.js';
import * as camp from '../modules/plans/campaigns.js';
import * as notices from '../modules/notices/service.js';
import { noticeReads } from '../modules/notices/tables.js';
import type { Aspect } from '../modules/plans/tables.js';
import { Rng } from './random.js';
import { actor } from './problems.js';

const addDays = (iso: string, d: number) => new Date(Date.parse(iso) + d * 86400_000).toISOString().slice(0, 10);
type O = { id: number; path: string; name: string; category: string; org_type: string; parent_id: number | null };
const short = (n: string) => n.replace(/^中共/, '').replace(/(总支部|支部|党)?委员会$/, '');

/** A small photo-like PNG (a soft gradient in the party red or a landscape green), so that the showcase has pictures. */
export function demoPhoto(seed: number, w = 240, h = 160): Buffer {
  const [r0, g0, b0] = seed % 2 ? [200, 30, 30] : [40, 120, 70];
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) {
    raw[y * (w * 3 + 1)] = 0;
    for (let x = 0; x < w; x++) {
      const k = y * (w * 3 + 1) + 1 + x * 3; const f = 0.55 + 0.45 * ((x + y + seed * 17) % w) / w;
      raw[k] = Math.min(255, r0 * f + 40); raw[k + 1] = Math.min(255, g0 * f + 40); raw[k + 2] = Math.min(255, b0 * f + 40);
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4); crc.writeUInt32BE(zlib.crc32(body) >>> 0);
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13); ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4); ihdr[8] = 8; ihdr[9] = 2;
  return Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

type T = [Aspect, string, string | null, number, number, string?, number?];
/** aspect, title, metric (null: manual), baseline, target, unit of a manual target, its reported value */
const TARGETS: T[] = [
  ['organisation', '基层党组织“三会一课”等组织生活达标率', 'meeting_compliance_rate', 82, 98],
  ['organisation', '两新组织应建已建率（党员 3 名以上的单位）', 'nonpublic_coverage_rate', 70, 95],
  ['leadership', '村党组织书记、村委会主任“一肩挑”比例', null, 68, 95, '%', 76],
  ['leadership', '村（社区）“两委”班子按期换届率', null, 90, 100, '%'],
  ['workforce', '党组织书记年度集中培训覆盖率', 'secretary_training_coverage', 60, 100],
  ['workforce', '党务工作者年度培训覆盖率', 'party_worker_training_coverage', 40, 90],
  ['institutions', '督查发现问题按期整改完成率', 'rectification_closure_rate', 70, 95],
  ['institutions', '流动党员年度联系率', 'floating_contact_rate', 80, 95],
  ['platforms', '村级活动场所达标率（面积 50 平方米以上）', 'village_venue_rate', 72, 95],
  ['platforms', '建成党群服务中心的乡镇（个）', null, 4, 12, '个', 9],
  ['mechanisms', '村集体经济年收入 5 万元以上村占比', 'village_income_rate', 45, 80],
  ['mechanisms', '村级组织运转经费按标准落实的乡镇（个）', null, 6, 12, '个', 11],
];

const GOALS: [Aspect, string][] = [
  ['organisation', '健全组织体系，实现党的组织和工作全覆盖'], ['leadership', '建强村（社区）“两委”班子'],
  ['workforce', '建设高素质专业化基层干部和党务工作者队伍'], ['institutions', '落实组织生活和问题整改制度'],
  ['platforms', '推进活动场所和党群服务阵地标准化'], ['mechanisms', '完善经费保障和集体经济发展机制'],
];

export async function loadPlans(db: Db, o: { countyId: number; today: string; seed: number }) {
  const rng = new Rng(o.seed);
  const t = o.today;
  const year = Number(t.slice(0, 4));
  const all = await rows<O>(db, sql`select id, path, name, category, org_type, parent_id from orgs where county_id = ${o.countyId} and status = 'active' order by path`);
  const root = all.find((x) => x.parent_id === null)!;
  const towns = all.filter((x) => x.org_type === 'township_committee');
  const [admin] = await rows<{ id: number }>(db, sql`select id from users where county_id = ${o.countyId} and username = 'county_admin'`);
  const county = actor(o.countyId, '县委组织部', 'all', root, admin?.id ?? 0);
  const townActor = (x: O) => actor(o.countyId, `${short(x.name)}党委组织委员`, 'org_and_below', x, -4);
  const [demo] = await rows<{ town: number | null; branch: number | null }>(db, sql`select
    (select a.org_id from role_assignments a join users u on u.id = a.user_id where u.username = 'township_admin' and u.county_id = ${o.countyId} limit 1) as town,
    (select a.org_id from role_assignments a join users u on u.id = a.user_id where u.username = 'branch_secretary' and u.county_id = ${o.countyId} limit 1) as branch`);
  const demoTown = towns.find((x) => x.id === demo?.town) ?? towns[0]!;
  const branchesOf = (town: O) => all.filter((x) => x.org_type === 'branch' && x.path.startsWith(town.path));

  // ── the three-year plan, at its mid-term review ──
  const plan = await plans.createPlan(db, county, { ownerOrgId: root.id, kind: 'three_year', title: `${short(root.name)}${year - 1}—${year + 1}年基层党组织建设三年规划`,
    startYear: year - 1, endYear: year + 1, goals: GOALS.map(([aspect, title]) => ({ aspect, title })) });
  const goals = await rows<{ id: number; aspect: Aspect }>(db, sql`select id, aspect from plan_goals where plan_id = ${plan.id} order by sort`);
  const targetIds: number[] = [];
  for (const [aspect, title, metricKey, baseline, target, unit, reported] of TARGETS) {
    const g = await plans.addTarget(db, county, plan.id, { goalId: goals.find((x) => x.aspect === aspect)!.id, title, metricKey, comparator: 'gte', targetValue: target, baseline, unit: unit ?? null });
    targetIds.push(g.id);
    if (reported !== undefined) await plans.reportTargetValue(db, county, g.id, { value: reported, note: `据各乡镇报送汇总（截至 ${year} 年 11 月底）` });
  }
  // one target adjusted during the plan, with its reason (the non-public coverage target: 应建尽建)
  await plans.reviseTarget(db, county, targetIds[1]!, { targetValue: 100, reason: `按照省委组织部关于两新组织党的建设“应建尽建”的要求，${year} 年起目标值由 95% 调整为 100%`, version: 1 });
  // tasks handed to every township, some broken down to branches; a few overdue, some done and closed
  const venueTarget = targetIds[8]!; const secTarget = targetIds[2]!; const econTarget = targetIds[10]!;
  for (const [i, town] of towns.entries()) {
    const ta = townActor(town);
    const venue = await plans.assignTask(db, county, plan.id, { targetId: venueTarget, orgId: town.id, title: `${short(town.name)}村级活动场所提档升级`,
      deliverable: '场所改造清单、验收照片', deadline: `${year}-10-31` });
    const stage = demoTown.id === town.id ? 1 : rng.weighted([[0, 2], [1, 3], [2, 2], [3, 3]]);
    if (stage >= 1) await plans.reportTask(db, ta, venue.id, { percent: 60, note: '已完成 6 个村活动场所改造，其余正在施工' });
    if (stage >= 2) await plans.reportTask(db, ta, venue.id, { percent: 100, note: '全部完成改造并通过乡镇验收', complete: true });
    if (stage >= 3) await plans.decideTask(db, county, venue.id, { accept: true, note: '经抽查，改造到位' });
    const sec = await plans.assignTask(db, county, plan.id, { targetId: secTarget, orgId: town.id, title: `${short(town.name)}推进村党组织书记、村委会主任“一肩挑”`,
      deliverable: '“一肩挑”情况统计表', deadline: `${year + 1}-06-30` });
    if (i % 3 === 0) await plans.reportTask(db, ta, sec.id, { percent: 40, note: '已有 5 个村实现“一肩挑”，结合换届继续推进' });
    if (i % 2 === 0 || town.id === demoTown.id) {
      const econ = await plans.assignTask(db, county, plan.id, { targetId: econTarget, orgId: town.id, title: `${short(town.name)}消除集体经济薄弱村`,
        deliverable: '薄弱村转化方案和年度收入台账', deadline: `${year}-11-30` });
      if (i % 4 === 0) await plans.reportTask(db, ta, econ.id, { percent: 30, note: '已制定转化方案，2 个村引进合作社项目' });
      const villages = branchesOf(town).filter((x) => x.category === 'village').sort((x, y) => Number(y.id === demo?.branch) - Number(x.id === demo?.branch));
      for (const b of villages.slice(0, town.id === demoTown.id ? 3 : 1)) {
        const sub = await plans.assignTask(db, ta, plan.id, { parentId: econ.id, orgId: b.id, title: `${short(b.name)}发展村集体经济项目`,
          deliverable: '项目实施方案和收入台账', deadline: `${year}-11-30` });
        if (b.id !== demo?.branch && rng.chance(0.5)) await plans.reportTask(db, actor(o.countyId, `${short(b.name)}书记`, 'own_org', b), sub.id, { percent: 50, note: '合作社已注册，首批收益待结算' });
      }
    }
  }
  const rv = await review.createReview(db, county, plan.id, { title: `${year - 1}—${year + 1}年三年规划中期评估`, asOf: `${year}-12-31`, selfDueOn: `${year}-12-20` });
  for (const town of towns.filter((_, i) => i % 3 !== 2)) {
    await review.submitSelfAssessment(db, townActor(town), rv.id, { orgId: town.id, rating: rng.pick(['good', 'fair', 'fair']),
      achievements: '党组织书记队伍结构优化，村级活动场所改造按计划推进，组织生活规范化水平提升。', shortfalls: '集体经济薄弱村转化进度偏慢，部分村“一肩挑”受换届时间影响。',
      nextSteps: '明年上半年完成薄弱村转化，结合换届全面推行“一肩挑”。' });
  }

  // ── this year's work points ──
  const wp = await plans.createPlan(db, county, { ownerOrgId: root.id, kind: 'work_points', title: `${year}年全县基层党建工作要点`, startYear: year, endYear: year,
    goals: [['organisation', '抓党建促乡村振兴'], ['institutions', '深化党支部标准化规范化建设'], ['workforce', '加强党员教育管理']].map(([aspect, title]) => ({ aspect: aspect as Aspect, title: title! })) });
  for (const [k, [title, deliverable, deadline]] of ([
    ['开展党支部标准化规范化建设“回头看”', '“回头看”工作报告', `${year}-09-30`],
    ['完成年度发展党员计划', '发展党员工作台账', `${year}-12-31`],
    ['开展流动党员集中排查', '流动党员排查台账', `${year}-08-31`],
  ] as const).entries()) {
    for (const town of towns.slice(0, 8)) {
      const task = await plans.assignTask(db, county, wp.id, { orgId: town.id, title: `${short(town.name)}${title}`, deliverable, deadline });
      if ((k + town.id) % 3 !== 0) await plans.reportTask(db, townActor(town), task.id, { percent: 100, note: '已按要求完成', complete: true });
    }
  }

  // ── the campaign: piloted last year, rolled out this year ──
  const villageBranches = all.filter((x) => x.org_type === 'branch' && x.category === 'village');
  const pilots = towns.slice(0, 3).flatMap((x) => branchesOf(x).filter((b) => b.category === 'village').slice(0, 2));
  const c = await camp.createCampaign(db, county, { ownerOrgId: root.id, title: '“五星支部”创建', description: '以政治功能强、支部班子强、党员队伍强、作用发挥强、制度落实强为标准，开展星级评定，分类推进党支部建设。',
    criteria: ['支部班子健全，书记履职尽责', '“三会一课”等组织生活按规则开展', '党员教育管理到位，流动党员联系率 95% 以上', '服务群众有载体、有成效', '党建工作台账规范完整'],
    startedOn: `${year - 1}-04-01`, pilotOrgIds: pilots.map((p) => p.id), rolloutOrgId: root.id, rolloutCategories: ['village'] });
  const summarised = await camp.advanceCampaign(db, county, c.id, { to: 'summary', summary: '6 个试点村党支部完成创建，形成“星级评定、动态管理、晾晒比拼”的做法，经县委组织部部务会研究，总结推广。', version: c.version, happenedOn: `${year - 1}-12-20` });
  await camp.advanceCampaign(db, county, c.id, { to: 'rollout', summary: `${year} 年在全县村党支部全面推广，乡镇党委组织申报，县委组织部年底认定。`, version: summarised.version, happenedOn: `${year}-03-01` });
  const joined = villageBranches.filter((b) => !pilots.includes(b) && rng.chance(0.55));
  const byTown = new Map<number, number[]>();
  for (const b of joined) { const town = Number(b.path.split('/').filter(Boolean)[1]); byTown.set(town, [...(byTown.get(town) ?? []), b.id]); }
  for (const [townId, ids] of byTown) await camp.joinCampaign(db, townActor(all.find((x) => x.id === townId)!), c.id, { orgIds: ids });
  for (const b of [...pilots, ...joined.filter(() => rng.chance(0.35))]) await camp.markMet(db, county, c.id, b.id, { met: true, note: '经乡镇初审、县级复核，达到“五星”标准' });
  for (const [i, b] of pilots.entries()) {
    const ba = actor(o.countyId, `${short(b.name)}书记`, 'own_org', b);
    const f = await camp.uploadCampaignFile(db, ba, c.id, b.id, { name: `${short(b.name)}活动照片.png`, content: demoPhoto(i) });
    await camp.reportCampaign(db, ba, c.id, { orgId: b.id, title: `${short(b.name)}：${['“党员中心户”联系群众', '“积分超市”激发党员活力', '“院坝会”议事协商', '“红色代办”服务群众', '“田间课堂”助农增收', '“支部+合作社”壮大集体经济'][i % 6]}`,
      body: '支部创新工作方法，党员亮身份、作表率，群众满意度明显提升，相关做法被县委组织部总结推广。', highlight: true, fileIds: [f.id] });
  }

  // ── notices: accounts for those who receive them, then the county's notices and who has read them ──
  const receivers = await createReceivers(db, o.countyId, towns, branchesOf(demoTown));
  const notes: [string, string, number, number, string?][] = [
    [`关于做好${year - 1}—${year + 1}年三年规划中期评估工作的通知`, `各乡镇党委、县直各党（工）委：\n按照县委部署，现就三年规划中期评估有关事项通知如下。一是对照规划目标开展自评，于 ${year} 年 12 月 20 日前在平台提交；二是对照迎检清单逐项整改；三是佐证材料在平台上传，不再另行报送纸质材料。`, 20, 0.8],
    [`关于开展${year}年度基层党组织书记述职评议考核的通知`, '各乡镇党委：\n年度述职评议考核工作即将开展，请按照考核方案组织党组织书记述职，评议结果在平台录入。', 12, 0.95],
    ['关于印发“五星支部”创建工作方案的通知', '各乡镇党委：\n现将“五星支部”创建工作方案印发给你们，请结合实际认真抓好落实。', 200, 1],
    ['关于召开全县基层党建工作推进会的通知', '各乡镇党委、县直各党（工）委：\n定于下周三上午在县委党校召开全县基层党建工作推进会，请各单位党组织书记参加。', 6, 0.5, '会议时间调整，另行通知'],
    ['关于做好冬春季流动党员集中排查工作的通知', '各乡镇党委：\n请于春节前后组织开展流动党员集中排查，排查结果在平台流动党员台账中更新，不再另行报表。', 3, 0.35],
  ];
  for (const [title, body, daysAgo, readShare, withdrawn] of notes) {
    const n = await notices.publishNotice(db, county, { senderOrgId: root.id, issuer: `中共${short(root.name)}委组织部`, title, body, orgIds: [root.id], roles: ['org_admin', 'branch_admin'] });
    await db.execute(sql`update notices set published_at = ${new Date(Date.parse(t) - daysAgo * 86400_000).toISOString()}, published_on = ${addDays(t, -daysAgo)} where id = ${n.id}`);
    const got = await rows<{ user_id: number; username: string }>(db, sql`select r.user_id, u.username from notice_recipients r join users u on u.id = r.user_id where r.notice_id = ${n.id}`);
    const readers = got.filter((r) => r.username !== 'township_admin' && r.username !== 'branch_secretary' && rng.chance(readShare));
    if (readers.length) await db.insert(noticeReads).values(readers.map((r) => ({ noticeId: n.id, userId: r.user_id, readAt: new Date(Date.parse(t) - rng.int(withdrawn ? 5 : 0, daysAgo) * 86400_000) })));
    // withdrawn by the county four days ago (history, as the publishing dates above; the service stamps the present)
    if (withdrawn) {
      await db.execute(sql`update notices set withdrawn_at = ${new Date(Date.parse(t) - 4 * 86400_000 + 1.5 * 3600_000).toISOString()}, withdrawn_by_name = ${county.displayName},
        withdraw_reason = ${withdrawn} where id = ${n.id}`);
    }
  }
  return { targets: targetIds.length, campaignOrgs: pilots.length + joined.length, receivers };
}

/** One organisation committee member per township and the demo township's branch secretaries, so that notices have readers. */
async function createReceivers(db: Db, countyId: number, towns: O[], demoBranches: O[]) {
  const [hashRow] = await rows<{ h: string }>(db, sql`select password_hash as h from users where county_id = ${countyId} and username = 'township_admin'`);
  if (!hashRow) return 0;
  const allRoles = await db.select().from(roles);
  const roleId = (code: string) => allRoles.find((r) => r.code === code)!.id;
  const [taken] = await rows<{ ids: number[] }>(db, sql`select coalesce(array_agg(a.org_id), '{}') as ids from role_assignments a join users u on u.id = a.user_id where u.county_id = ${countyId}`);
  let n = 0;
  await inTx(db, async (tx) => {
    for (const [list, prefix, role, label] of [[towns, 'town', 'org_admin', '组织委员'], [demoBranches, 'sec', 'branch_admin', '书记']] as const) {
      for (const [i, x] of list.entries()) {
        if (taken?.ids.includes(x.id)) continue;
        const [u] = await tx.insert(users).values({ countyId, username: `${prefix}${String(i + 1).padStart(2, '0')}`, displayName: `${short(x.name)}${label}`,
          passwordHash: hashRow.h, mustChangePassword: true }).returning();
        await tx.insert(roleAssignments).values({ userId: u!.id, roleId: roleId(role), countyId, scope: 'org_and_below', orgId: x.id });
        n++;
      }
    }
  });
  return n;
}

import { hash } from '@node-rs/argon2';
import { sql } from 'drizzle-orm';
import { CATEGORY_SEED } from '../../shared/codes.js';
import { bulkInsert, copyIntoEmpty, inTx, rows, type Db } from '../core/db.js';
import { asOfDay } from '../core/paging.js';
import { ADMIN_DUTY_PERMISSIONS, P, type Permission } from '../core/permissions.js';
import type { Scope } from '../core/actor.js';
import { roleAssignments, roles, users } from '../modules/auth/tables.js';
import { MEMBER_SQL_TYPES } from '../modules/members/tables.js';
import { dutyPosts, meetingRules } from '../modules/meetings/tables.js';
import { DEFAULT_DUTY_POSTS } from '../modules/meetings/duty.js';
import { DEFAULT_MEETING_RULES } from '../modules/meetings/rules.js';
import { counties, orgCategories, ruleValues } from '../modules/orgs/tables.js';
import { DEFAULT_STRUCTURE_RULES, STRUCTURE_RULE_SOURCES } from '../modules/orgs/rules.js';
import { generateCounty, type GenOrg } from './generate.js';
import { generateMeetings } from './meetings.js';
import { loadTraining } from './training.js';
import { loadProblems } from './problems.js';
import { loadAssessment } from './assessment.js';
import { loadPlans } from './plans.js';
import { Rng } from './random.js';

export const DEMO_PASSWORD = 'Jiceng@2026';

export const BUILTIN_ROLES: { code: string; name: string; permissions: Permission[]; adminDuty?: 'system' | 'security' | 'audit' }[] = [
  { code: 'county_admin', name: '组织部管理员', permissions: [P.orgRead, P.orgWrite, P.memberRead, P.memberWrite, P.memberReadIdNumber, P.memberImport, P.meetingRead, P.meetingWrite, P.trainingRead, P.trainingManage, P.trainingNominate, P.assessmentRead, P.assessmentManage, P.assessmentScore, P.assessmentSubmit, P.problemRead, P.problemInspect, P.problemRectify, P.problemAccept, P.problemScreen, P.problemRegister, P.planRead, P.planManage, P.planReport, P.noticePublish, P.ruleManage] },
  { code: 'org_admin', name: '党（工）委管理员', permissions: [P.orgRead, P.orgWrite, P.memberRead, P.memberWrite, P.memberImport, P.meetingRead, P.meetingWrite, P.trainingRead, P.trainingNominate, P.assessmentRead, P.assessmentManage, P.assessmentScore, P.assessmentSubmit, P.problemRead, P.problemInspect, P.problemRectify, P.problemAccept, P.problemRegister, P.planRead, P.planManage, P.planReport, P.noticePublish] },
  { code: 'branch_admin', name: '支部书记/党务工作者', permissions: [P.orgRead, P.orgWrite, P.memberRead, P.memberWrite, P.meetingRead, P.meetingWrite, P.assessmentRead, P.assessmentSubmit, P.problemRead, P.problemRectify, P.problemRegister, P.planRead, P.planReport] },
  { code: 'inspector', name: '督查考核组成员', permissions: [P.orgRead, P.assessmentRead, P.assessmentScore, P.problemRead, P.problemInspect, P.planRead] },
  { code: 'leader', name: '领导查阅', permissions: [P.orgRead, P.memberRead, P.meetingRead, P.trainingRead, P.assessmentRead, P.problemRead, P.planRead] },
  { code: 'member', name: '党员', permissions: [P.orgRead, P.memberRead, P.meetingRead] },
  { code: 'system_admin', name: '系统管理员', permissions: [...ADMIN_DUTY_PERMISSIONS.system], adminDuty: 'system' },
  { code: 'security_admin', name: '安全管理员', permissions: [...ADMIN_DUTY_PERMISSIONS.security], adminDuty: 'security' },
  { code: 'auditor', name: '审计员', permissions: [...ADMIN_DUTY_PERMISSIONS.audit], adminDuty: 'audit' },
];

/** Dictionaries, built-in roles and rule values: idempotent, run after every migration (one statement per table). */
export async function seedReference(db: Db) {
  await inTx(db, async (tx) => {
    await tx.insert(orgCategories).values(CATEGORY_SEED)
      .onConflictDoUpdate({ target: orgCategories.code, set: { label: sql`excluded.label`, sort: sql`excluded.sort` } });
    // built-in roles are defined here: a new version of the platform brings their new permissions
    await tx.insert(roles).values(BUILTIN_ROLES.map((r) => ({ ...r, adminDuty: r.adminDuty ?? null, builtin: true })))
      .onConflictDoUpdate({ target: roles.code, set: { permissions: sql`excluded.permissions`, name: sql`excluded.name` }, where: sql`${roles.builtin}` });
    await tx.insert(meetingRules).values(DEFAULT_MEETING_RULES.map((r) => ({ ...r, quorum: r.quorum === null ? null : String(r.quorum) }))).onConflictDoNothing();
    const [{ n: dutyCount = 0 } = {}] = await rows<{ n: number }>(tx, sql`select count(*)::int as n from duty_posts where org_id is null`);
    if (!dutyCount) await tx.insert(dutyPosts).values(DEFAULT_DUTY_POSTS.map(([name, description]) => ({ name, description })));
    await tx.insert(ruleValues).values([
      { key: 'minutesSimilarityThreshold', value: 0.8, effectiveFrom: '2018-10-28',
        source: '本平台设置：同月不同党支部会议记录的相似度（字符片段 Jaccard）达到该值即列为疑似雷同，县里可调整' },
      ...([
        ['trainingLeaveLimit', 1 / 7, '《干部教育培训工作条例》（2023）：请假超过总学时七分之一的，不予结业'],
        ['studyHoursMember', 32, '《中国共产党党员教育管理工作条例》（2019）第二十条：党员每年集中学习培训时间一般不少于 32 学时'],
        ['studyHoursSecretary', 56, '全国党员教育培训工作规划：基层党组织书记和班子成员每年集中学习培训不少于 56 学时'],
        ['threeLacksIncomeLine', 5, '本平台默认（县里可调整）：村集体经济年收入低于 5 万元且无服务群众专项经费的，计为“无钱办事”'],
        ['threeLacksMinVenueArea', 50, '本平台默认（县里可调整）：没有活动场所或面积不足 50 平方米的，计为“无处议事”'],
        ['planAtRiskShare', 0.2, '本平台默认（县里可调整）：规划指标低于按进度应达值、但差距不超过计划提升幅度的 20% 的，列为“有风险”，超过的列为“滞后”'],
        ['studyHoursCadre', 90, '《干部教育培训工作条例》（2023）：乡科级及以下干部每年参加集中培训不少于 90 学时（12 天）'],
      ] as const).map(([key, value, source]) => ({ key, value, source, effectiveFrom: '2019-01-01' })),
      ...Object.entries(DEFAULT_STRUCTURE_RULES).map(([key, value]) => ({ key, value,
        source: STRUCTURE_RULE_SOURCES[key as keyof typeof STRUCTURE_RULE_SOURCES], effectiveFrom: '2018-10-28' })),
    ]).onConflictDoNothing();
  });
}

const colsOf = (sample: Record<string, unknown>, types: Record<string, string>): [string, string][] =>
  Object.keys(sample).filter((k) => k in types).map((k) => [k, types[k]!]);

const ORG_TYPES_SQL: Record<string, string> = {
  id: 'int', countyId: 'int', parentId: 'int', path: 'text', depth: 'smallint', name: 'text', orgType: 'text', category: 'text',
  foundedOn: 'date', termStart: 'date', termEnd: 'date', unitName: 'text', sort: 'int',
};
const MEETING_SQL_TYPES: Record<string, string> = {
  id: 'int', countyId: 'int', orgId: 'int', meetingType: 'text', heldOn: 'date', place: 'text', host: 'text', recorder: 'text', topic: 'text',
  minutes: 'text', status: 'text', submittedAt: 'timestamptz', isLate: 'boolean', expectedCount: 'int', presentCount: 'int',
  votingPresent: 'int', votingTotal: 'int', revision: 'int',
};
const POST_TYPES_SQL: Record<string, string> = {
  countyId: 'int', orgId: 'int', memberId: 'int', personName: 'text', post: 'text', startedOn: 'date', endedOn: 'date', endReason: 'text',
};

/** Tables the demo fills only in bulk, before its first ANALYZE. */
const BULK_ONLY = ['members', 'org_posts', 'meetings', 'meeting_attendance', 'member_appraisals', 'floating_register', 'member_contacts'];

export type DemoOptions = { seed?: number; scale?: number; counties?: number; today: string; accounts?: boolean; meetings?: boolean; log?: (m: string) => void };

/** Load one or more generated counties; the first gets the demo accounts. Returns what it made. Every service sees opts.today as today. */
export function loadDemo(db: Db, opts: DemoOptions) {
  return asOfDay(opts.today, () => load(db, opts));
}

async function load(db: Db, opts: DemoOptions) {
  const log = opts.log ?? (() => {});
  let last = Date.now();
  /** A progress line, with how long the step took: the first start shows where it is. */
  const done = (m: string) => { const now = Date.now(); log(`${m}（${((now - last) / 1000).toFixed(1)} 秒）`); last = now; };
  const made: { countyId: number; orgs: number; members: number }[] = [];
  const [{ o = 0, m = 0 } = {}] = await rows<{ o: number; m: number }>(db, sql`select coalesce(max(id),0)::int as o, (select coalesce(max(id),0)::int from members) as m from orgs`);
  let firstOrgId = o + 1; let firstMemberId = m + 1;
  let bulkAnalyzed = false;
  for (let k = 0; k < (opts.counties ?? 1); k++) {
    bulkAnalyzed = false;
    const name = k === 0 ? '云岭县' : `云岭${k + 1}县`;
    const [county] = await db.insert(counties).values({ name, regionCode: k === 0 ? '530121' : String(530200 + k).slice(0, 6) }).returning();
    const g = generateCounty({ seed: (opts.seed ?? 20261125) + k, countyId: county!.id, countyName: name, regionCode: county!.regionCode,
      firstOrgId, firstMemberId, scale: opts.scale ?? 1, today: opts.today });
    await inTx(db, async (tx) => {
      await copyIntoEmpty(tx, 'orgs', colsOf(g.orgs[0]!, ORG_TYPES_SQL), g.orgs as never);
      await copyIntoEmpty(tx, 'members', colsOf(g.members[0]!, MEMBER_SQL_TYPES), g.members as never);
      await copyIntoEmpty(tx, 'org_posts', colsOf(g.posts[0]!, POST_TYPES_SQL), g.posts as never);
    });
    firstOrgId += g.orgs.length; firstMemberId += g.members.length;
    made.push({ countyId: county!.id, orgs: g.orgs.length, members: g.members.length });
    done(`  ${name}: ${g.orgs.length} 个党组织，${g.members.length} 名党员`);
    const demoVillage = k === 0 && opts.accounts !== false ? pickDemoVillage(g) : null;
    if (opts.meetings !== false) {
      const [{ n: lastMeeting = 0 } = {}] = await rows<{ n: number }>(db, sql`select coalesce(max(id), 0)::int as n from meetings`);
      const mt = generateMeetings({ seed: (opts.seed ?? 20261125) + 1000 + k, today: opts.today, firstMeetingId: lastMeeting + 1,
        orgs: g.orgs, members: g.members, posts: g.posts, keepOpen: demoVillage?.id ?? null });
      await inTx(db, async (tx) => {
        await copyIntoEmpty(tx, 'meetings', Object.keys(mt.meetings[0]!).map((c): [string, string] => [c, MEETING_SQL_TYPES[c]!]), mt.meetings as never);
        await copyIntoEmpty(tx, 'meeting_attendance', [['meetingId', 'int'], ['memberId', 'int'], ['status', 'text'], ['reason', 'text']], mt.attendance as never);
        await copyIntoEmpty(tx, 'member_appraisals', [['countyId', 'int'], ['orgId', 'int'], ['memberId', 'int'], ['year', 'int'], ['grade', 'text'], ['followUp', 'text']], mt.appraisals);
      });
      await db.execute(sql`select setval('meetings_id_seq', (select max(id) from meetings))`);
      done(`  组织生活记录 ${mt.meetings.length} 条，出席登记 ${mt.attendance.length} 条`);
    }
    await loadFloating(db, g, opts.today, (opts.seed ?? 20261125) + 2000 + k);
    if (demoVillage) await createDemoAccounts(db, county!.id, g, demoVillage);
    if (opts.meetings !== false) {
      // statistics before the steps that go through the services: without them PGlite's planner loops over whole
      // tables (the weak-org screening alone took over half a minute)
      await db.execute(sql`analyze`);
      bulkAnalyzed = true;
      done(`  流动党员台账 ${g.members.filter((m) => m.isFloating).length} 人${demoVillage ? `，演示账号 ${DEMO_ACCOUNTS.length} 个` : ''}`);
      const t = await loadTraining(db, { countyId: county!.id, today: opts.today, seed: (opts.seed ?? 20261125) + 3000 + k, orgs: g.orgs, members: g.members,
        posts: g.posts, trainee: demoVillage ? traineeOf(g).id : null });
      done(`  培训班 ${t.c} 个，学员 ${t.e} 人次`);
      if (demoVillage) {
        const x = await loadAssessment(db, { countyId: county!.id, today: opts.today, seed: (opts.seed ?? 20261125) + 4000 + k });
        done(`  考核方案 1 套，考核对象 ${x.orgs} 个，已定稿`);
        const pr = await loadProblems(db, { countyId: county!.id, today: opts.today, seed: (opts.seed ?? 20261125) + 5000 + k });
        done(`  督查问题 ${pr.findings} 个（提级督办 ${pr.escalated} 个），软弱涣散候选 ${pr.candidates} 个、认定 ${pr.confirmed} 个，两新组织 ${pr.entities} 个`);
        const pl = await loadPlans(db, { countyId: county!.id, today: opts.today, seed: (opts.seed ?? 20261125) + 6000 + k });
        done(`  三年规划指标 ${pl.targets} 个（中期评估中），载体活动参加单位 ${pl.campaignOrgs} 个，通知接收账号 ${pl.receivers} 个`);
      }
    }
  }
  await db.execute(sql`select setval('orgs_id_seq', (select max(id) from orgs))`);
  await db.execute(sql`select setval('members_id_seq', (select max(id) from members))`);
  const { refreshOrgCounts } = await import('../modules/orgs/service.js');
  await refreshOrgCounts(db);
  // fresh statistics for the planner: PGlite has no autovacuum, and a bulk load outruns it on PostgreSQL. The tables
  // filled in bulk and analyzed before the service-driven steps, which do not write them, keep those statistics.
  const tables = (await rows<{ t: string }>(db, sql`select tablename as t from pg_tables where schemaname = 'public' order by 1`))
    .map((r) => r.t).filter((t) => !bulkAnalyzed || !BULK_ONLY.includes(t));
  await db.execute(sql.raw(`analyze ${tables.join(', ')}`));
  done('  党员人数汇总与查询统计');
  return made;
}

export const DEMO_ACCOUNTS = [
  { username: 'county_admin', displayName: '县委组织部 管理员', role: 'county_admin', note: '组织部，全县' },
  { username: 'township_admin', displayName: '乡镇党委 组织委员', role: 'org_admin', note: '一个乡镇党委及以下' },
  { username: 'branch_secretary', displayName: '村党支部书记', role: 'branch_admin', note: '一个村党支部及其党小组' },
  { username: 'member', displayName: '普通党员', role: 'member', note: '本人' },
  { username: 'trainee', displayName: '党务工作者（学员）', role: 'member', note: '本人；正在参加本周的党务工作者培训班' },
  { username: 'inspector', displayName: '县委督查考核组', role: 'inspector', note: '考核评分：督查发现、日常记实审核、述职评议' },
  { username: 'leader', displayName: '县委分管领导', role: 'leader', note: '全县：领导驾驶舱与各类统计（只读）' },
  { username: 'township_leader', displayName: '乡镇党委书记', role: 'leader', note: '一个乡镇：本乡镇的驾驶舱与统计（只读）' },
  { username: 'sys_admin', displayName: '系统管理员', role: 'system_admin', note: '用户管理（三员之一）' },
  { username: 'security_admin', displayName: '安全管理员', role: 'security_admin', note: '角色与授权（三员之一）' },
  { username: 'auditor', displayName: '审计员', role: 'auditor', note: '审计与登录日志（三员之一）' },
] as const;

/** The outflow register behind the generated floating members, and a history of contacts (some never reached). */
async function loadFloating(db: Db, g: ReturnType<typeof generateCounty>, today: string, seed: number) {
  const rng = new Rng(seed);
  const floating = g.members.filter((m) => m.isFloating);
  if (!floating.length) return;
  await bulkInsert(db, 'floating_register', [['countyId', 'int'], ['orgId', 'int'], ['memberId', 'int'], ['direction', 'text'], ['region', 'text'],
    ['employer', 'text'], ['contactPhone', 'text'], ['since', 'date']], floating.map((m) => ({ countyId: m.countyId, orgId: m.orgId, memberId: m.id,
    direction: 'outflow', region: m.outflowRegion ?? '外省', employer: rng.pick(['电子厂', '建筑工地', '物流公司', '餐馆', '服装厂']), contactPhone: m.mobile, since: m.floatingSince ?? today })));
  const contacts: Record<string, unknown>[] = [];
  for (const m of floating) {
    const lost = rng.chance(0.12);
    for (let i = 0; i < rng.int(1, 4); i++) {
      const daysAgo = rng.int(5, 400);
      const on = new Date(Date.parse(today) - daysAgo * 86400_000).toISOString().slice(0, 10);
      if (m.floatingSince && on < m.floatingSince) continue;
      const reached = !lost && rng.chance(0.85);
      contacts.push({ countyId: m.countyId, orgId: m.orgId, memberId: m.id, contactedOn: on, method: rng.pick(['phone', 'wechat', 'visit']), reached,
        note: reached ? rng.pick(['近况良好，按时交纳党费', '在外务工，参加当地流动党员活动', '春节回乡时当面交流']) : rng.pick(['电话停机', '微信未回复', '家属称联系不上']) });
    }
  }
  if (contacts.length) {
    await bulkInsert(db, 'member_contacts', [['countyId', 'int'], ['orgId', 'int'], ['memberId', 'int'], ['contactedOn', 'date'], ['method', 'text'], ['reached', 'boolean'], ['note', 'text']], contacts);
  }
}

/** The village branch the demo secretary runs: the first in the first township that has a secretary in post. */
function pickDemoVillage(g: ReturnType<typeof generateCounty>) {
  const town = g.orgs.find((o) => o.orgType === 'township_committee')!;
  return g.orgs.find((o) => o.orgType === 'branch' && o.category === 'village' && o.path.startsWith(town.path)
    && g.posts.some((p) => p.orgId === o.id && p.post === 'secretary' && !p.endedOn))!;
}

/** The demo trainee: a party-affairs worker (organisation committee member) in the second township. */
export function traineeOf(g: ReturnType<typeof generateCounty>) {
  const towns = g.orgs.filter((o) => o.orgType === 'township_committee');
  const town = towns[1] ?? towns[0]!;
  const inTown = new Set(g.orgs.filter((o) => o.path.startsWith(town.path)).map((o) => o.id));
  const post = g.posts.find((p) => !p.endedOn && p.memberId && inTown.has(p.orgId) && p.post === 'organization_member')
    ?? g.posts.find((p) => !p.endedOn && p.memberId && inTown.has(p.orgId))!;
  return g.members.find((m) => m.id === post.memberId)!;
}

async function createDemoAccounts(db: Db, countyId: number, g: ReturnType<typeof generateCounty>, village: GenOrg) {
  const passwordHash = await hash(DEMO_PASSWORD, { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 });
  const root = g.orgs[0]!;
  const town = g.orgs.find((o) => o.orgType === 'township_committee')!;
  const secretary = g.posts.find((p) => p.orgId === village.id && p.post === 'secretary' && !p.endedOn)!;
  const plain = g.members.find((m) => m.orgId === village.id && m.id !== secretary.memberId)!;
  const anchor: Record<string, { scope: Scope; orgId: number; memberId?: number; displayName?: string }> = {
    county_admin: { scope: 'all', orgId: root.id },
    township_admin: { scope: 'org_and_below', orgId: town.id },
    branch_secretary: { scope: 'org_and_below', orgId: village.id, memberId: secretary.memberId!, displayName: `${secretary.personName}（${village.name.replace(/^中共|支部委员会$/g, '')}书记）` },
    member: { scope: 'self', orgId: village.id, memberId: plain.id, displayName: plain.name },
    trainee: { scope: 'self', orgId: traineeOf(g).orgId, memberId: traineeOf(g).id, displayName: `${traineeOf(g).name}（学员）` },
    inspector: { scope: 'all', orgId: root.id },
    leader: { scope: 'all', orgId: root.id }, township_leader: { scope: 'org_and_below', orgId: town.id },
    sys_admin: { scope: 'all', orgId: root.id }, security_admin: { scope: 'all', orgId: root.id }, auditor: { scope: 'all', orgId: root.id },
  };
  const allRoles = await db.select().from(roles);
  await inTx(db, async (tx) => {
    for (const a of DEMO_ACCOUNTS) {
      const x = anchor[a.username]!;
      const [u] = await tx.insert(users).values({ countyId, username: a.username, displayName: x.displayName ?? a.displayName, passwordHash,
        memberId: x.memberId ?? null, mustChangePassword: false }).returning();
      const role = allRoles.find((r) => r.code === a.role)!;
      await tx.insert(roleAssignments).values({ userId: u!.id, roleId: role.id, countyId, scope: x.scope, orgId: x.orgId });
    }
  });
}

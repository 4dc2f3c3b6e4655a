/**
 * The demo county's problems, made through the services themselves: an inspection round with findings across
 * the county and their rectifications in every state (some overdue and escalated), problems from other sources,
 * a township round that deducts assessment points, the three-lacks ledger of villages and communities, a
 * screening run with confirmed weak orgs (one closed last year, now under watch), and the register of
 * non-public enterprises and social organisations with a year of coverage snapshots.
 */
import { sql } from 'drizzle-orm';
import type { Actor, Assignment } from '../core/actor.js';
import { auditMany } from '../core/audit.js';
import { bulkInsert, inTx, rows, type Db } from '../core/db.js';
import { checkUscc, withUsccCheck } from '../core/idcard.js';
import { today } from '../core/paging.js';
import { ALL_PERMISSIONS } from '../core/permissions.js';
import * as insp from '../modules/inspections/service.js';
import { DEFAULT_CHECKLIST } from '../modules/inspections/rules.js';
import * as weak from '../modules/weak-orgs/service.js';
import { DEFAULT_CRITERIA } from '../modules/weak-orgs/rules.js';
import * as np from '../modules/nonpublic/service.js';
import { nonpublicEntities } from '../modules/nonpublic/tables.js';
import { threeLacksEntries } from '../modules/weak-orgs/tables.js';
import { Rng } from './random.js';

const addDays = (iso: string, d: number) => new Date(Date.parse(iso) + d * 86400_000).toISOString().slice(0, 10);
type O = { id: number; path: string; name: string; category: string; org_type: string; parent_id: number | null };

/** A demo actor holding every permission over one org (as the office that did the work would). */
export function actor(countyId: number, name: string, scope: Assignment['scope'], org: { id: number; path: string }, userId = 0): Actor {
  return { userId, username: 'demo', displayName: name, memberId: null, memberOrgId: null, countyId, ip: null,
    assignments: [{ roleCode: 'demo', permissions: ALL_PERMISSIONS, scope, countyId, orgId: org.id, orgPath: org.path, customOrgIds: [] }] };
}
const short = (n: string) => n.replace(/^中共/, '').replace(/(总支部|支部|党)?委员会$/, '');

const FINDINGS: [string, 'minor' | 'general' | 'serious', string][] = [
  ['A1', 'general', '第三季度未召开党员大会，支委会记录仅 1 次'], ['A1', 'minor', '“三会一课”记录缺少出席人数和缺席原因'],
  ['A2', 'minor', '主题党日活动记录与照片日期不一致'], ['A3', 'general', '组织生活会查摆问题笼统，相互批评“以表扬代批评”'],
  ['B1', 'serious', '支部委员会任期已满，未按期换届'], ['B1', 'general', '组织委员调离后 5 个月未补选'], ['B2', 'minor', '支委分工未公示'],
  ['C1', 'general', '3 名流动党员半年以上未联系'], ['C2', 'serious', '发展党员档案缺少政审材料，培养考察记录不全'],
  ['C3', 'general', '党费收缴台账与银行流水不一致，差额未说明'], ['D1', 'minor', '党务公开栏内容半年未更新'],
  ['E1', 'minor', '活动场所标识不规范，门牌缺失'], ['E2', 'general', '服务群众专项经费使用无会议研究记录'], ['F1', 'minor', '为民服务台账记录不全，办理结果未回访'],
];
const PROGRESS = ['已召开支委会研究整改措施，明确责任人和时限', '已补齐相关记录和材料，正在整理归档', '已按要求完成整改，附整改前后照片和会议记录'];

export async function loadProblems(db: Db, o: { countyId: number; today: string; seed: number }) {
  const rng = new Rng(o.seed);
  const t = o.today;
  const year = Number(t.slice(0, 4));
  const all = await rows<O>(db, sql`select id, path, name, category, org_type, parent_id from orgs where county_id = ${o.countyId} and status = 'active' order by path`);
  const root = all.find((x) => x.parent_id === null)!;
  const [admin] = await rows<{ id: number }>(db, sql`select id from users where county_id = ${o.countyId} and username = 'county_admin'`);
  const county = actor(o.countyId, '县委组织部', 'all', root, admin?.id ?? 0);
  const team = actor(o.countyId, '县委第一督查组', 'all', root);
  const branchActor = (b: O) => actor(o.countyId, `${short(b.name)}党务工作者`, 'own_org', b, -3);
  const branches = all.filter((x) => x.org_type === 'branch');
  const byTown = new Map<number, O[]>();
  for (const b of branches) {
    const town = Number(b.path.split('/').filter(Boolean)[1]);
    byTown.set(town, [...(byTown.get(town) ?? []), b]);
  }
  // the demo branch secretary's and township admin's orgs, so that a visitor has items to act on
  const [demo] = await rows<{ branch: number | null; town: number | null }>(db, sql`select
    (select a.org_id from role_assignments a join users u on u.id = a.user_id where u.username = 'branch_secretary' and u.county_id = ${o.countyId} limit 1) as branch,
    (select a.org_id from role_assignments a join users u on u.id = a.user_id where u.username = 'township_admin' and u.county_id = ${o.countyId} limit 1) as town`);

  // ── the county's inspection round ──
  const plan = await insp.createPlan(db, county, { ownerOrgId: root.id, title: `${year}年第四季度基层党建工作督查`, periodStart: addDays(t, -75), periodEnd: addDays(t, 20),
    scopeOrgId: root.id, team: '县委第一督查组', teamMembers: '李建华（组长）、王敏、赵立新', checklist: DEFAULT_CHECKLIST, rectifyDays: 30 });
  const visited: O[] = [];
  for (const list of byTown.values()) for (const b of list.filter(() => rng.chance(0.12)).slice(0, 4)) visited.push(b);
  const demoBranch = branches.find((b) => b.id === demo?.branch);
  if (demoBranch && !visited.includes(demoBranch)) visited.unshift(demoBranch);
  let k = 0;
  for (const b of visited.slice(0, 36)) {
    const visitedOn = b === demoBranch ? addDays(t, -12) : addDays(t, -rng.int(8, 70));
    const v = await insp.recordVisit(db, team, plan.id, { orgId: b.id, visitedOn, inspectors: '李建华、王敏', summary: '查阅“三会一课”记录、党员档案和党费台账，座谈党员 4 名' });
    for (let n = 0; n < (b === demoBranch ? 2 : rng.int(1, 2)); n++) {
      const [code, severity, description] = FINDINGS[k++ % FINDINGS.length]!;
      const item = DEFAULT_CHECKLIST.find((c) => c.code === code)!;
      const f = await insp.recordFinding(db, team, plan.id, { orgId: b.id, visitId: v.id, foundOn: visitedOn, checklistCode: code, category: item.category as never, severity,
        description, responsiblePerson: `${short(b.name)}书记`, measures: null });
      await advance(db, f.rectificationItemId, b === demoBranch ? (n === 0 ? 0 : 1) : rng.weighted([[0, 2], [1, 3], [2, 2], [3, 1], [4, 1], [5, 3]]), visitedOn);
    }
  }

  // progress by the branch, and the county's acceptance: stage 0 open … 5 closed
  async function advance(d: Db, itemId: number, stage: number, from: string) {
    const item = await insp.getItem(d, county, itemId);
    const b = all.find((x) => x.id === item.orgId)!;
    const by = branchActor(b);
    const day = (n: number) => { const x = addDays(from, n); return x > t ? t : x; };
    if (stage >= 1) await insp.act(d, by, itemId, 'progress', { note: PROGRESS[0], happenedOn: day(3) });
    if (stage === 3) {
      await insp.act(d, by, itemId, 'request_acceptance', { note: PROGRESS[2], happenedOn: day(9) });
      await insp.act(d, county, itemId, 'return', { note: '整改材料不完整：缺少支委会研究整改的会议记录，请补充后再申请', happenedOn: day(11) });
      await insp.act(d, by, itemId, 'progress', { note: '已补充支委会会议记录', happenedOn: day(13) });
      return;
    }
    if (stage >= 2) await insp.act(d, by, itemId, 'request_acceptance', { note: PROGRESS[2], happenedOn: day(9) });
    if (stage >= 4) await insp.act(d, county, itemId, 'accept', { note: '经现场核查，整改到位', happenedOn: day(14) });
    if (stage >= 5) await insp.act(d, county, itemId, 'close', { note: '同意销号', happenedOn: day(15) });
  }

  // problems from other sources
  const someBranch = (i: number) => branches[(i * 37) % branches.length]!;
  for (const [i, source, title, description] of [
    [1, 'complaint', '群众反映村务公开不及时', '12345 热线转办：群众反映村务公开栏长期未更新，集体资金使用情况不清楚'],
    [2, 'interview', '考核排名靠后约谈整改', '年度考核排名靠后，县委组织部约谈支部书记，要求制定整改方案'],
    [3, 'complaint', '党员反映组织生活流于形式', '党员来信反映主题党日多为读文件，缺少讨论'],
  ] as const) {
    const b = someBranch(i);
    const r = await insp.createItem(db, county, { orgId: b.id, checkerOrgId: root.id, responsiblePerson: `${short(b.name)}书记`, source, sourceRef: null, title, description,
      foundOn: addDays(t, -20 * i), deadline: addDays(t, 30 - 15 * i), measures: null });
    if (i === 1) await advance(db, r.id, 1, addDays(t, -20));
  }

  // a township's own round, deducting points in its assessment scheme (being scored)
  const [scheme] = await rows<{ id: number; owner: number }>(db, sql`select s.id, s.owner_org_id as owner from assessment_schemes s
    where s.county_id = ${o.countyId} and s.status = 'scoring' and s.owner_org_id <> ${root.id} order by s.id limit 1`);
  if (scheme) {
    const town = all.find((x) => x.id === scheme.owner)!;
    const [ded] = await rows<{ id: number }>(db, sql`select id from assessment_indicators where scheme_id = ${scheme.id} and method = 'deduction' order by sort, id limit 1`);
    const townActor = actor(o.countyId, `${short(town.name)}党委`, 'org_and_below', town);
    const tp = await insp.createPlan(db, townActor, { ownerOrgId: town.id, title: `${short(town.name)}${year}年党支部规范化建设督查`, periodStart: addDays(t, -40), periodEnd: addDays(t, -10),
      scopeOrgId: town.id, team: `${short(town.name)}党委督查组`, schemeId: scheme.id, rectifyDays: 20 });
    const [b1, b2] = (byTown.get(town.id) ?? []).filter((b) => b.id !== demo?.branch);
    for (const [b, code, text] of [[b1, 'A1', '第二季度党课未开展'], [b2, 'C3', '党费收缴台账未按月登记']] as const) {
      if (!b || !ded) continue;
      const f = await insp.recordFinding(db, townActor, tp.id, { orgId: b.id, foundOn: addDays(t, -30), checklistCode: code, category: code === 'A1' ? 'org_life' : 'members', severity: 'general',
        description: text, indicatorId: ded.id, responsiblePerson: `${short(b.name)}书记` });
      await advance(db, f.rectificationItemId, 1, addDays(t, -30));
    }
  }

  // ── three lacks: villages and communities report this year's state ──
  const townIds = new Set(all.filter((x) => x.org_type === 'township_committee').map((x) => x.id));
  const villages = all.filter((x) => (x.category === 'village' || x.category === 'community') && x.parent_id !== null && townIds.has(x.parent_id));
  let lacking = 0;
  const lacks: weak.ThreeLacksInput[] = [];
  for (const v of villages) {
    if (!rng.chance(0.85)) continue;
    const poor = rng.chance(0.12);
    const e = {
      orgId: v.id, year, hasPersonInCharge: !poor || rng.chance(0.5), personInCharge: `${short(v.name)}党支部书记、村委会主任`,
      collectiveIncome: poor ? rng.int(0, 40) / 10 : rng.int(50, 800) / 10, serviceFunds: poor && rng.chance(0.6) ? 0 : rng.int(5, 20),
      hasVenue: !poor || rng.chance(0.6), venueArea: poor ? rng.int(20, 60) : rng.int(80, 600), actions: poor ? '争取县级扶持资金，盘活闲置校舍作为活动场所' : null,
    };
    if (!e.hasPersonInCharge) e.personInCharge = '';
    if (poor) lacking++;
    lacks.push({ ...e, personInCharge: e.personInCharge || null, venueArea: e.hasVenue ? e.venueArea : null });
    if (poor && rng.chance(0.3)) lacks.push({ ...e, personInCharge: e.personInCharge || null, venueArea: e.hasVenue ? e.venueArea : null, actions: '更正：经核实，补报本年度服务群众专项经费' , serviceFunds: e.serviceFunds });
  }
  await recordThreeLacksAll(db, county, all, lacks);

  // ── weak-org screening and confirmation ──
  const c = await weak.getCriteria(db, county, year);
  await weak.saveCriteria(db, county, year, { criteria: DEFAULT_CRITERIA, ratioTarget: null, version: c.version });
  // last year's confirmed org, closed this year: one year of watch
  const lastYear = branches.filter((b) => b.category === 'village' && b.id !== demo?.branch)[3];
  if (lastYear) {
    const w = await weak.confirm(db, county, year - 1, { orgId: lastYear.id, categories: ['org_life'], reason: '上年度排查：组织生活不正常，党员大会全年仅召开 1 次',
      contactLeader: '县委常委、组织部部长 张红', firstSecretary: '县农业农村局 刘洋', responsiblePerson: `${short(lastYear.name)}书记`, measures: '建立组织生活月计划，县乡两级每月督导', deadline: addDays(t, 30) });
    await advance(db, w.rectificationItemId, 5, t);
  }
  const run = await weak.runScreening(db, county, year);
  const cands = await weak.runCandidates(db, county, run.id, { page: 1, pageSize: 200 });
  const chosen = (cands.items as { orgId: number; hitCount: number; hits: { key: string; evidence: string }[]; category: string }[])
    .filter((x) => x.orgId !== demo?.branch).slice(0, 3);
  for (const [i, x] of chosen.entries()) {
    const cats = x.hits.map((h) => ({ secretary_vacant: 'secretary_vacant', low_compliance: 'org_life', three_lacks: 'three_lacks', election_overdue: 'weak_leadership',
      no_new_members: 'weak_leadership', low_satisfaction: 'poor_service', last_in_assessment: 'weak_leadership' })[h.key] ?? 'other');
    const w = await weak.confirm(db, county, year, { runId: run.id, orgId: x.orgId, categories: [...new Set(cats)], reason: x.hits.map((h) => h.evidence).join('；'),
      contactLeader: ['县委副书记 王志强', '县委常委、组织部部长 张红', '副县长 陈立'][i]!, firstSecretary: x.category === 'village' || x.category === 'community' ? ['县财政局 赵明', '县教育局 孙丽', '县水利局 周杰'][i]! : null,
      responsiblePerson: '党组织书记', measures: '一是配齐配强班子；二是每月召开整顿推进会；三是包联领导每季度到村（社区）督导一次', deadline: `${year + 1}-06-30` });
    if (i < 2) await advance(db, w.rectificationItemId, 1, t);
  }

  // ── non-public enterprises and social organisations ──
  const owners = all.filter((x) => x.org_type === 'township_committee' || x.org_type === 'sector_committee');
  const npBranches = branches.filter((b) => b.category === 'non_public_enterprise' || b.category === 'social_organization');
  const [region] = await rows<{ code: string }>(db, sql`select region_code as code from counties where id = ${o.countyId}`);
  let seq = 1;
  const code = (kind: 'enterprise' | 'social_org') => {
    const body = `${kind === 'enterprise' ? '91' : '52'}${region!.code}${String(o.seed % 97).padStart(2, '0')}${String(seq++).padStart(7, '0')}`;
    return withUsccCheck(body.slice(0, 17));
  };
  const made: { owner: number; covered: boolean }[] = [];
  const entities: np.EntityInput[] = [];
  for (const b of npBranches) {
    const owner = all.find((x) => x.id === b.parent_id && (x.org_type === 'township_committee' || x.org_type === 'sector_committee')) ?? owners[0]!;
    const kind = b.category === 'social_organization' ? 'social_org' : 'enterprise';
    const partyMembers = rng.int(3, 15);
    entities.push({ ownerOrgId: owner.id, name: short(b.name).replace(/^云岭\d?县/, '云岭县'), uscc: code(kind), kind, size: rng.pick(['medium', 'small', 'small', 'micro']),
      industry: kind === 'enterprise' ? rng.pick(['制造业', '批发零售', '农业', '建筑业', '信息技术', '住宿餐饮']) : '社会服务', employees: partyMembers + rng.int(10, 300), partyMembers,
      coverKind: 'own', partyOrgId: b.id, liaison: null, address: null });
    made.push({ owner: owner.id, covered: true });
  }
  const towns = owners.filter((x) => x.org_type === 'township_committee');
  const WORDS = ['兴农', '宏达', '鑫源', '绿野', '金穗', '华盛', '恒通', '瑞丰', '永安', '新禾', '众诚', '佳美', '汇丰', '云岭', '青山', '益民'];
  for (let i = 0; i < 220; i++) {
    const owner = rng.chance(0.2) ? owners.find((x) => x.org_type === 'sector_committee' && x.category === 'non_public_enterprise') ?? towns[i % towns.length]! : towns[i % towns.length]!;
    const kind = rng.chance(0.8) ? 'enterprise' : 'social_org';
    const partyMembers = rng.weighted([[0, 5], [1, 3], [2, 2], [3, 1], [rng.int(4, 7), 1]]);
    const joint = partyMembers > 0 && partyMembers < 3 && rng.chance(0.45) && npBranches.length > 0;
    const name = kind === 'enterprise' ? `云岭县${rng.pick(WORDS)}${rng.pick(WORDS)}${rng.pick(['种养殖专业合作社', '商贸有限公司', '建材厂', '农产品加工有限公司', '餐饮店', '运输有限公司'])}`
      : `云岭县${rng.pick(WORDS)}${rng.pick(['志愿服务协会', '养殖协会', '商会', '文化艺术团', '社会工作服务站'])}`;
    entities.push({ ownerOrgId: owner.id, name: `${name}${i > 0 && i % 17 === 0 ? '（分店）' : ''}`, uscc: code(kind), kind, size: rng.pick(['small', 'micro', 'micro']),
      industry: null, employees: partyMembers + rng.int(3, 60), partyMembers, coverKind: joint ? 'joint' : 'none', partyOrgId: joint ? npBranches[i % npBranches.length]!.id : null,
      liaison: rng.chance(0.5) ? `${['张', '李', '王', '刘', '陈'][i % 5]}${['伟', '芳', '军', '静', '强'][(i * 3) % 5]}（党建指导员）` : null, address: null });
    made.push({ owner: owner.id, covered: joint });
  }
  await registerEntities(db, county, all, entities);
  // a year of month-end snapshots: coverage rose as organisations were set up
  await np.snapshotCoverage(db, t);
  const snap = await rows<{ owner: number; entities: number; covered: number; eligible: number; ec: number }>(db, sql`select owner_org_id as owner, entities, covered, eligible, eligible_covered as ec
    from nonpublic_snapshots s join orgs o on o.id = s.owner_org_id where o.county_id = ${o.countyId} and s.month = ${`${t.slice(0, 7)}-01`}::date`);
  const history: Record<string, unknown>[] = [];
  for (let m = 1; m <= 11; m++) {
    const d = new Date(Date.UTC(Number(t.slice(0, 4)), Number(t.slice(5, 7)) - 1 - m, 1)).toISOString().slice(0, 10);
    for (const s of snap) {
      const less = Math.round(s.covered * 0.012 * m);
      history.push({ month: d, ownerOrgId: s.owner, countyId: o.countyId, entities: Math.max(s.entities - Math.round(m / 3), s.covered), covered: s.covered - less,
        eligible: s.eligible, eligibleCovered: Math.max(0, s.ec - Math.min(less, s.ec)) });
    }
  }
  if (history.length) await bulkInsert(db, 'nonpublic_snapshots', [['month', 'date'], ['ownerOrgId', 'int'], ['countyId', 'int'], ['entities', 'int'], ['covered', 'int'], ['eligible', 'int'], ['eligibleCovered', 'int']], history);

  const duties = await insp.runDailyDuties(db, t);
  return { findings: k, escalated: duties.escalated, lacking, candidates: run.candidates, confirmed: chosen.length, entities: made.length };
}

/**
 * The villages' three-lacks reports in one transaction: the rows and audit that recordThreeLacks writes for each,
 * after its checks (a village or community right under a township, this year or before, a person in charge named
 * when there is one, an area when there is a venue).
 */
async function recordThreeLacksAll(db: Db, actor: Actor, all: O[], list: weak.ThreeLacksInput[]) {
  const byId = new Map(all.map((x) => [x.id, x]));
  for (const e of list) {
    const o = byId.get(e.orgId); const parent = o?.parent_id ? byId.get(o.parent_id) : undefined;
    if (!o || !['village', 'community'].includes(o.category) || parent?.org_type !== 'township_committee') throw new Error(`演示：“三无”台账只登记村、社区党组织（${e.orgId}）`);
    if (e.year > Number(today().slice(0, 4)) || (e.hasPersonInCharge && !e.personInCharge?.trim()) || (e.hasVenue && !e.venueArea)) throw new Error(`演示：“三无”台账不完整（${e.orgId}）`);
  }
  await inTx(db, async (tx) => {
    const made = await tx.insert(threeLacksEntries).values(list.map((e) => ({ countyId: actor.countyId, orgId: e.orgId, year: e.year, hasPersonInCharge: e.hasPersonInCharge,
      personInCharge: e.personInCharge?.trim() || null, collectiveIncome: String(e.collectiveIncome), serviceFunds: String(e.serviceFunds), hasVenue: e.hasVenue,
      venueArea: e.venueArea === null || e.venueArea === undefined ? null : String(e.venueArea), actions: e.actions ?? null,
      recordedBy: actor.userId, recordedByName: actor.displayName }))).returning();
    await auditMany(tx, actor, made.map((e) => ({ action: 'create', entity: 'three_lacks', entityId: e.id, orgId: e.orgId, after: e })));
  });
}

/**
 * The register of non-public enterprises and social organisations in one transaction: the rows and audit that
 * createEntity writes for each, after its checks (an owner that is a township, sector or county committee, a valid
 * and unique credit code, no more party members than employees, a covering party org when covered).
 */
async function registerEntities(db: Db, actor: Actor, all: O[], list: np.EntityInput[]) {
  const byId = new Map(all.map((x) => [x.id, x]));
  const codes = new Set<string>();
  const values = list.map((e) => {
    const owner = byId.get(e.ownerOrgId);
    const uscc = e.uscc?.trim().toUpperCase() || null;
    if (!owner || !['county_committee', 'sector_committee', 'township_committee'].includes(owner.org_type)) throw new Error(`演示：两新组织的所属单位不是党（工）委（${e.name}）`);
    if (uscc && (checkUscc(uscc) || codes.has(uscc))) throw new Error(`演示：统一社会信用代码有误或重复（${e.name}）`);
    if (uscc) codes.add(uscc);
    if (e.partyMembers > e.employees || (e.coverKind !== 'none' && !(e.partyOrgId && byId.has(e.partyOrgId)))) throw new Error(`演示：两新组织登记不完整（${e.name}）`);
    return { ownerOrgId: e.ownerOrgId, name: e.name, uscc, usccWarning: null, kind: e.kind, size: e.size, industry: e.industry ?? null, employees: e.employees,
      partyMembers: e.partyMembers, coverKind: e.coverKind, partyOrgId: e.coverKind === 'none' ? null : e.partyOrgId ?? null, liaison: e.liaison ?? null,
      address: e.address ?? null, countyId: actor.countyId };
  });
  await inTx(db, async (tx) => {
    const made = await tx.insert(nonpublicEntities).values(values).returning();
    await auditMany(tx, actor, made.map((e) => ({ action: 'create', entity: 'nonpublic_entity', entityId: e.id, orgId: e.ownerOrgId, after: e })));
  });
}

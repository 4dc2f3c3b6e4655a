/**
 * The demo county's assessment year, made through the assessment service itself: the county scheme from the
 * template (six aspects, bonus and veto items), platform metrics, manual scores, daily records (approved,
 * rejected, waiting), inspection findings, a duty report review, a closed year-end ballot, an objection,
 * final rankings per category with a circular, interviews, an honour ban and an adjustment proposal;
 * a township's own scheme for its branches (the cascade) and a draft copy to try "what if" on.
 */
import { inArray, sql } from 'drizzle-orm';
import type { Actor } from '../core/actor.js';
import { auditMany, type AuditEntry } from '../core/audit.js';
import { copyRows, inTx, rows, type Db } from '../core/db.js';
import { today } from '../core/paging.js';
import { P, type Permission } from '../core/permissions.js';
import * as svc from '../modules/assessment/service.js';
import { ballots, dailyRecords, dutyScores } from '../modules/assessment/tables.js';
import { POST_BASED_METRICS, round2 } from '../modules/assessment/rules.js';
import { Rng } from './random.js';

const addDays = (iso: string, d: number) => new Date(Date.parse(iso) + d * 86400_000).toISOString().slice(0, 10);

function systemActor(countyId: number, org: { id: number; path: string }, userId: number, displayName: string): Actor {
  const permissions: Permission[] = [P.orgRead, P.meetingRead, P.trainingRead, P.assessmentRead, P.assessmentManage, P.assessmentScore, P.assessmentSubmit];
  return { userId, username: 'demo', displayName, memberId: null, memberOrgId: null, countyId, ip: null,
    assignments: [{ roleCode: 'county_admin', permissions, scope: 'org_and_below', countyId, orgId: org.id, orgPath: org.path, customOrgIds: [] }] };
}

const DAILY = [
  ['召开党建工作专题会议研究部署全年任务', '党委（党组）专题研究党建工作，印发年度党建工作要点和责任清单，明确书记第一责任人职责。'],
  ['规范发展党员工作', '对照发展党员 25 个步骤逐项检查档案，补齐政审材料，新发展党员公示无异议。'],
  ['开展“党员联户”主题党日', '组织党员走访联系户，收集群众意见 26 条，已办结 21 条，其余明确责任人和时限。'],
  ['党员冬训集中学习', '分 3 期组织党员冬训，参训率 96%，缺训党员已安排补学。'],
  ['创建“红色先锋”服务品牌', '设立党员先锋岗 8 个，开展便民服务 40 余次，形成典型案例 1 篇。'],
];
const FINDINGS: [string, string][] = [
  ['1.1', '支部委员会届期已满 4 个月，未按期换届'], ['2.2', '组织生活会查摆问题笼统，批评意见“以表扬代批评”'], ['4.2', '“三会一课”记录有事后补记痕迹，两份会议记录内容雷同'],
  ['4.2', '党费收缴台账与银行流水不一致，差额 320 元未说明'], ['4.2', '发展党员档案缺少政审材料'], ['1.1', '党小组设置与党员分布不符，1 个党小组仅 2 名党员'],
  ['2.2', '班子成员对照检查材料由他人代写，内容雷同'],
];

export async function loadAssessment(db: Db, o: { countyId: number; today: string; seed: number }) {
  const rng = new Rng(o.seed);
  const year = Number(o.today.slice(0, 4));
  const [root] = await rows<{ id: number; path: string }>(db, sql`select id, path from orgs where county_id = ${o.countyId} and parent_id is null`);
  const [admin] = await rows<{ id: number }>(db, sql`select id from users where county_id = ${o.countyId} and username = 'county_admin'`);
  const county = systemActor(o.countyId, root!, admin?.id ?? 0, '县委组织部');

  // the scheme, from the template, published
  const made = await svc.createScheme(db, county, { name: `${year}年度基层党建工作责任制考核方案`, year, ownerOrgId: root!.id, template: 'county',
    gradeRule: { excellent: 85, good: 75, fair: 60, excellentQuota: 0.3 } });
  await svc.publishScheme(db, county, made.id, made.rev);
  const schemeId = made.id;
  const inds = await svc.indicatorsOf(db, schemeId);
  const ind = (code: string) => inds.find((i) => i.code === code)!;
  const orgsList = await rows<{ id: number; name: string; group_key: string }>(db, sql`
    select a.org_id as id, o.name, a.group_key from assessment_orgs a join orgs o on o.id = a.org_id where a.scheme_id = ${schemeId} order by o.path`);
  const quality = new Map(orgsList.map((x) => [x.id, 0.55 + rng.next() * 0.45]));

  await svc.computeMetrics(db, county, schemeId);
  // The year was scored by the earlier rule, which gave full points to an org with nobody in post to train (书记空缺);
  // the department corrects that after the results are final (计算口径更正, below), as a county moving to this version does.
  const vacancies = await rows<{ org_id: number; indicator_id: number; max: number; label: string }>(db, sql`
    select e.org_id, e.indicator_id, i.max_points::float8 as max, split_part(e.reason, '：', 1) as label
    from score_entries e join assessment_indicators i on i.id = e.indicator_id
    where e.scheme_id = ${schemeId} and e.channel = 'metric' and i.metric_key in ${[...POST_BASED_METRICS]} and e.points = 0 and e.reason like '%按 0 分计'`);
  await inTx(db, (tx) => svc.appendEntries(tx, county, schemeId, vacancies.map((v) => ({ orgId: v.org_id, indicatorId: v.indicator_id, points: v.max,
    channel: 'metric' as const, evidenceKind: 'metric', reason: `${v.label}：无适用对象，无未完成事项，按满分计` }))));

  // manual scores by the assessment team
  const manual = ['3.3', '4.3', '5.1', '5.3'].map(ind);
  await inTx(db, (tx) => svc.appendEntries(tx, county, schemeId, orgsList.flatMap((x) => manual.map((i) => ({
    orgId: x.id, indicatorId: i.id, channel: 'manual' as const, points: round2(Math.min(i.maxPoints, Math.round(i.maxPoints * (quality.get(x.id)! + rng.next() * 0.2) * 2) / 2)),
    reason: '县委考核组实地查看、查阅资料评定' })))));

  // daily records: submitted by the orgs, most approved, a few returned, some waiting
  const daily = ['1.3', '4.1', '5.2'].map(ind);
  await dailyRecordsOf(db, county, schemeId, orgsList.map((x) => x.id), daily, (orgId) => {
    const n = Math.round(quality.get(orgId)! * rng.int(4, 14));
    return Array.from({ length: n }, () => {
      const [title, content] = rng.pick(DAILY);
      const i = rng.pick(daily);
      const doneOn = addDays(o.today, -rng.int(10, 300));
      const fate = rng.next();
      return { indicatorId: i.id, title: title!, content: content!, doneOn, fate: fate < 0.12 ? 'wait' as const : fate < 0.2 ? 'reject' as const : 'approve' as const };
    });
  });

  // inspection findings
  for (let k = 0; k < Math.max(6, Math.round(orgsList.length / 5)); k++) {
    const x = rng.pick(orgsList.filter((y) => quality.get(y.id)! < 0.8));
    const [code, description] = rng.pick(FINDINGS);
    await svc.recordFinding(db, county, schemeId, { orgId: x.id, indicatorId: ind(code).id, team: rng.pick(['县委第一督查组', '县委第二督查组', '县委第三督查组']),
      foundOn: addDays(o.today, -rng.int(20, 200)), description, occurrences: rng.chance(0.2) ? 2 : 1 });
  }

  // bonus items and vetoes
  for (const x of orgsList.filter((y) => quality.get(y.id)! > 0.92).slice(0, 4)) {
    await svc.recordScore(db, county, schemeId, { orgId: x.id, indicatorId: ind('7.1').id, points: 1, reason: '获评市级“五星级基层党组织”' });
  }
  const lowest = [...orgsList].sort((a, b) => quality.get(a.id)! - quality.get(b.id)!);
  await svc.recordScore(db, county, schemeId, { orgId: lowest[0]!.id, indicatorId: ind('8.2').id, points: 1, reason: '单位微信公众号转发错误言论，造成不良影响（县委宣传部通报）' });

  // duty report review: a panel of five scores each org's secretary (entered by the organisation department from the panel's sheets)
  const duty = ind('2.1');
  await db.insert(dutyScores).values(orgsList.flatMap((x) => [1, 2, 3, 4, 5].map((k) => ({ countyId: o.countyId, schemeId, indicatorId: duty.id, orgId: x.id,
    reviewerId: -k, reviewerName: `述职评议组成员${'一二三四五'[k - 1]}`, score: String(round2(Math.min(10, 10 * quality.get(x.id)! + rng.next() * 1.5))) }))));
  await svc.finalizeDuty(db, county, schemeId, duty.id);

  // year-end ballot: leaders 40%, peers 30%, members 30%; most tokens used; then closed and counted
  const opens = new Date(Date.parse(o.today) - 12 * 86400_000);
  const { campaign, tokens } = await svc.createCampaign(db, county, schemeId, { name: `${year}年度基层党建工作年末测评`, indicatorId: ind('6.1').id,
    opensAt: opens.toISOString(), closesAt: new Date(Date.now() + 3600_000).toISOString(),
    groups: [{ name: '县领导', weight: 0.4, count: 9 }, { name: '县直部门和乡镇负责人', weight: 0.3, count: 30 }, { name: '党员群众代表', weight: 0.3, count: 40 }] });
  const cast: Parameters<typeof castBallots>[2] = [];
  for (const t of tokens) {
    if (rng.chance(0.12)) continue;
    cast.push({ ...t, marks: orgsList.map((x) => {
      const q = quality.get(x.id)! + (rng.next() - 0.5) * 0.3;
      return { orgId: x.id, choice: q > 0.85 ? 0 : q > 0.7 ? 1 : q > 0.5 ? 2 : 3 };
    }) });
  }
  await castBallots(db, campaign.id, cast);
  await db.execute(sql`update ballot_campaigns set closes_at = ${new Date(Date.parse(o.today) - 5 * 86400_000)} where id = ${campaign.id}`);
  await svc.countCampaign(db, county, campaign.id);

  // review, results published with an objection; one upheld and corrected; final
  let s = await svc.advance(db, county, schemeId, 'review', (await svc.getScheme(db, county, schemeId)).rev);
  s = await svc.advance(db, county, schemeId, 'objection', s.rev);
  const [finding] = await rows<{ entry_id: number; org_id: number }>(db, sql`select entry_id, org_id from assessment_findings where scheme_id = ${schemeId} order by id limit 1`);
  if (finding) {
    // the assessed org files it; the department decides
    const [org] = await rows<{ id: number; path: string; name: string }>(db, sql`select id, path, name from orgs where id = ${finding.org_id}`);
    const filer = systemActor(o.countyId, org!, -2, `${org!.name.replace(/^中共/, '')}`);
    const x = await svc.fileObjection(db, filer, schemeId, { entryId: finding.entry_id, reason: '该问题已于督查前整改完毕，附整改报告和会议记录' });
    await svc.decideObjection(db, county, x.id, { upheld: false, decision: '经核实，整改发生在督查之后，维持扣分' });
  }
  await db.execute(sql`update assessment_schemes set objection_until = ${addDays(o.today, -1)} where id = ${schemeId}`);
  s = await svc.advance(db, county, schemeId, 'final', s.rev);

  // accountability from the final results
  const final = await svc.computeResults(db, s);
  await svc.issueCircular(db, county, schemeId, { docNo: `云组通〔${year}〕18号`, title: `关于${year}年度基层党建工作责任制考核结果的通报`, happenedOn: o.today,
    body: `根据《${year}年度基层党建工作责任制考核方案》，县委组织部会同有关部门通过督查检查、日常记实、述职评议和年末测评，对各乡镇党委、县直机关、事业单位和国有企业党组织${year}年度党建工作进行了考核。现将结果通报如下。\n` +
      '考核等次为“一般”和“差”的单位，党组织书记要向县委组织部作出书面说明，针对存在问题制定整改措施，于 30 日内报送整改情况。' });
  const poor = final.filter((r) => r.grade === 'poor' || r.grade === 'fair').sort((a, b) => a.total - b.total).slice(0, 3);
  for (const r of poor) {
    const name = orgsList.find((x) => x.id === r.orgId)!.name;
    await svc.recordAction(db, county, schemeId, { kind: 'interview', orgId: r.orgId, title: `${name}党建工作考核排名靠后整改约谈`, happenedOn: addDays(o.today, -1),
      persons: '县委组织部副部长；被约谈单位党组织书记', problems: '组织生活不规范、督查发现问题整改不到位、年末测评满意度偏低',
      commitments: '一个月内完成问题整改，每月向县委组织部报告进展', followUp: '县委组织部组织科跟踪督办' });
  }
  const vetoed = final.find((r) => r.vetoed);
  if (vetoed) await svc.recordAction(db, county, schemeId, { kind: 'honour_ban', orgId: vetoed.orgId, title: `${year}年度取消评优评先资格`, happenedOn: o.today,
    decision: '因意识形态工作出现问题，取消该单位及其党组织书记本年度评优评先资格' });
  const worst = final.filter((r) => r.grade === 'poor' && !r.vetoed)[0];
  if (worst) await svc.recordAction(db, county, schemeId, { kind: 'adjustment', orgId: worst.orgId, title: '党组织班子调整建议', happenedOn: o.today,
    problems: '连续两年考核排名末位，班子战斗力不强', decision: '建议调整党组织书记，列入软弱涣散党组织排查对象（待县委研究）' });

  // the correction of the computation rule, after the results and the circular: new entries, ranks and grades recomputed,
  // the actions issued on the old grades listed for review
  if (vacancies.length) await svc.correctFinal(db, county, schemeId, { reason: '书记空缺、无人在任的单位不再按满分计' });

  // a draft copy for next year, to try weights and grade lines on ("what if")
  await svc.copyScheme(db, county, schemeId, { year: year + 1, name: `${year + 1}年度基层党建工作责任制考核方案（征求意见稿）` });

  // the cascade: the first township runs its own scheme for its branches, following the county's, with one approved difference
  // the demo township admin's township, so that a visitor sees it from both sides
  const [town] = await rows<{ id: number; path: string; name: string }>(db, sql`select o.id, o.path, o.name from orgs o
    where o.county_id = ${o.countyId} and o.org_type = 'township_committee'
    order by exists (select 1 from role_assignments a join users u on u.id = a.user_id where u.username = 'township_admin' and a.org_id = o.id) desc, o.id limit 1`);
  if (town) {
    const townActor = systemActor(o.countyId, town, 0, `${town.name.replace(/^中共|委员会$/g, '')}组织委员`);
    const t = await svc.createScheme(db, townActor, { name: `${town.name.replace(/^中共|委员会$/g, '')}${year}年度党支部考核方案`, year, ownerOrgId: town.id, baseSchemeId: schemeId });
    const tInds = await svc.indicatorsOf(db, t.id);
    const keys = new Map(tInds.map((i) => [i.id, i.id]));
    await svc.saveIndicators(db, townActor, t.id, tInds.map((i) => ({ key: keys.get(i.id)!, parentKey: i.parentId, code: i.code, name: i.name, method: i.method,
      maxPoints: i.code === '1.2' ? 10 : i.code === '1' ? 22 : i.code === '6.1' ? 18 : i.code === '6' ? 18 : i.maxPoints, weight: i.weight, perItem: i.perItem, metricKey: i.metricKey,
      metricTarget: i.metricTarget, vetoEffect: i.vetoEffect, criteria: i.criteria, copiedFromId: i.copiedFromId })), t.rev);
    const cur = await svc.getScheme(db, townActor, t.id);
    const u = await svc.updateScheme(db, townActor, t.id, { rev: cur.rev, deviationApproval: `县委组织部同意（${addDays(o.today, -200)}）：组织生活达标提高到 10 分、年末测评相应减为 18 分，总分不变` });
    await svc.publishScheme(db, townActor, t.id, u.rev);
    await svc.computeMetrics(db, townActor, t.id);
    // branches report their work (entered here by the township on their behalf); another officer reviews — nobody approves their own entry
    const townReviewer = systemActor(o.countyId, town, -1, `${town.name.replace(/^中共|委员会$/g, '')}党建工作考核组`);
    const branches = await rows<{ id: number }>(db, sql`select org_id as id from assessment_orgs where scheme_id = ${t.id} order by org_id`);
    const tDaily = (await svc.indicatorsOf(db, t.id)).filter((i) => i.method === 'daily');
    for (const [k, b] of branches.slice(0, 9).entries()) {
      const [title, content] = DAILY[k % DAILY.length]!;
      const r = await svc.submitDailyRecord(db, townActor, { schemeId: t.id, orgId: b.id, indicatorId: tDaily[k % tDaily.length]!.id, title: title!, content: content!, doneOn: addDays(o.today, -rng.int(5, 120)) });
      if (k % 3 === 0) await svc.reviewDailyRecord(db, townReviewer, r.id, { approve: true });
    }
  }
  return { schemeId, orgs: orgsList.length };
}

type DailyPlan = { indicatorId: number; title: string; content: string; doneOn: string; fate: 'wait' | 'reject' | 'approve' };
type Indicator = Awaited<ReturnType<typeof svc.indicatorsOf>>[number];
const RETURNED = '佐证材料不足，请补充会议记录或照片后重新报送';

/**
 * The orgs' daily records and their review, in a few statements: the same rows, ledger entries and audit as
 * submitting each one (submitDailyRecord) and reviewing it in turn (reviewDailyRecord), whose rules are kept —
 * an approval earns the indicator's points per item, at most what is left of its maximum; an approval that
 * would earn nothing is left waiting. appendEntries checks every entry against its indicator and chains it.
 */
async function dailyRecordsOf(db: Db, actor: Actor, schemeId: number, orgIds: number[], indicators: Indicator[], plan: (orgId: number) => DailyPlan[]) {
  const s = await svc.getScheme(db, actor, schemeId, P.assessmentSubmit);
  if (s.status !== 'scoring') throw new Error('演示：考核方案不在评分阶段');
  const byId = new Map(indicators.map((i) => [i.id, i]));
  if (indicators.some((i) => i.method !== 'daily')) throw new Error('演示：日常记实指标的计分方式不是日常记实');
  const list = orgIds.flatMap((orgId) => plan(orgId).map((p) => ({ orgId, ...p })));
  if (list.some((x) => x.doneOn > today())) throw new Error('演示：工作日期晚于今天');
  const sums = new Map((await rows<{ org_id: number; indicator_id: number; raw: number }>(db, sql`
    select org_id, indicator_id, raw::float8 as raw from score_sums where scheme_id = ${schemeId} and indicator_id in ${indicators.map((i) => i.id)}`))
    .map((r) => [`${r.org_id}:${r.indicator_id}`, r.raw]));
  await inTx(db, async (tx) => {
    const submitted: (typeof dailyRecords.$inferSelect)[] = [];
    for (let k = 0; k < list.length; k += 500) {
      submitted.push(...await tx.insert(dailyRecords).values(list.slice(k, k + 500).map((x) => ({ schemeId, orgId: x.orgId, indicatorId: x.indicatorId, title: x.title,
        content: x.content, doneOn: x.doneOn, countyId: s.countyId, attachments: [], submittedBy: actor.userId, submittedByName: actor.displayName }))).returning());
    }
    // the review, record by record as a reviewer works down the list
    const reviews: { id: number; status: 'approved' | 'rejected'; note: string | null; points: number | null }[] = [];
    const entries: Parameters<typeof svc.appendEntries>[3] = [];
    for (const [k, r] of submitted.entries()) {
      const fate = list[k]!.fate;
      if (fate === 'wait') continue;
      if (fate === 'reject') { reviews.push({ id: r.id, status: 'rejected', note: RETURNED, points: null }); continue; }
      const i = byId.get(r.indicatorId)!;
      const key = `${r.orgId}:${i.id}`;
      const points = Math.min(i.perItem ?? 1, round2(i.maxPoints - (sums.get(key) ?? 0)));
      if (points <= 0) continue; // an indicator already full is left as it is
      sums.set(key, round2((sums.get(key) ?? 0) + points));
      reviews.push({ id: r.id, status: 'approved', note: null, points });
      entries.push({ orgId: r.orgId, indicatorId: i.id, points, channel: 'daily_record', evidenceKind: 'daily_record', evidenceId: r.id,
        reason: `日常记实：${r.title}`, approvedBy: actor.userId, approvedByName: actor.displayName });
    }
    const made = await svc.appendEntries(tx, actor, schemeId, entries);
    const entryOf = new Map(made.map((e) => [e.evidenceId, e.id]));
    await tx.execute(sql`update daily_records d set status = x.status, reviewed_by = ${actor.userId}, reviewed_by_name = ${actor.displayName}, reviewed_at = now(),
        review_note = x.note, points = x.points, entry_id = x."entryId"
      from jsonb_to_recordset(${JSON.stringify(reviews.map((v) => ({ ...v, entryId: entryOf.get(v.id) ?? null })))}::jsonb)
        as x(id int, status text, note text, points numeric, "entryId" bigint)
      where d.id = x.id`);
    const after = new Map<number, typeof dailyRecords.$inferSelect>();
    for (let k = 0; k < reviews.length; k += 1000) {
      for (const n of await tx.select().from(dailyRecords).where(inArray(dailyRecords.id, reviews.slice(k, k + 1000).map((v) => v.id)))) after.set(n.id, n);
    }
    const reviewed = new Map(reviews.map((v) => [v.id, v]));
    await auditMany(tx, actor, submitted.flatMap((r): AuditEntry[] => {
      const v = reviewed.get(r.id);
      const created: AuditEntry = { action: 'create', entity: 'daily_record', entityId: r.id, orgId: r.orgId, after: r };
      return v ? [created, { action: v.status === 'approved' ? 'approve' : 'reject', entity: 'daily_record', entityId: r.id, orgId: r.orgId, before: r, after: after.get(r.id) }] : [created];
    }));
  });
}

/**
 * The ballots cast on the year-end evaluation, in one transaction: what castBallot does for each token — the
 * token spent while the campaign is open, the ballot stored with nothing that links it to the token, a mark for
 * every org on the ballot with a valid choice — for all of them at once.
 */
async function castBallots(db: Db, campaignId: number, cast: { group: string; seq: number; token: string; marks: { orgId: number; choice: number }[] }[]) {
  if (!cast.length) return;
  const b = await svc.ballotByToken(db, cast[0]!.token);
  if (b.state !== 'open') throw new Error('演示：测评不在进行中');
  const onBallot = new Set(b.orgs.map((x) => x.id));
  for (const c of cast) {
    if (c.marks.length !== onBallot.size || c.marks.some((m) => !onBallot.has(m.orgId) || !Number.isInteger(m.choice) || m.choice < 0 || m.choice >= b.choices.length)) {
      throw new Error('演示：测评票不完整');
    }
  }
  const tokenRows = await rows<{ id: number; group_id: number; name: string; seq: number }>(db, sql`
    select t.id, t.group_id, g.name, t.seq from ballot_tokens t join ballot_groups g on g.id = t.group_id where t.campaign_id = ${campaignId}`);
  const tokenOf = new Map(tokenRows.map((t) => [`${t.name}:${t.seq}`, t]));
  const spend = cast.map((c) => tokenOf.get(`${c.group}:${c.seq}`)!);
  await inTx(db, async (tx) => {
    const spent = await rows(tx, sql`update ballot_tokens t set used_at = now() from ballot_campaigns c
      where t.id in ${spend.map((t) => t.id)} and t.used_at is null and c.id = t.campaign_id and now() between c.opens_at and c.closes_at returning t.id`);
    if (spent.length !== cast.length) throw new Error('演示：测评票已投过或测评已结束');
    const made = await tx.insert(ballots).values(spend.map((t) => ({ campaignId, groupId: t.group_id }))).returning();
    await copyRows(tx, 'ballot_marks', [['ballotId', 'uuid'], ['orgId', 'int'], ['choice', 'int']],
      made.flatMap((x, k) => cast[k]!.marks.map((m) => ({ ballotId: x.id, orgId: m.orgId, choice: m.choice }))));
  });
}

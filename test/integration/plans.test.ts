import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import JSZip from 'jszip';
import ExcelJS from '../../src/server/core/exceljs.js';
import { rows } from '../../src/server/core/db.js';
import { anchors } from '../builders.js';
import { count, login, loginAll, one, problem, refusal, useApp, type Client } from '../helpers.js';
import { DEMO_PASSWORD } from '../../src/server/demo/load.js';

const day = (n: number) => new Date(Date.now() + 8 * 3600_000 + n * 86400_000).toISOString().slice(0, 10);
const year = Number(day(0).slice(0, 4));
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

describe('plans and reviews: targets from live data, tasks handed down, the mid-term review, campaigns, notices, the cockpit, reports', () => {
  const ctx = useApp();
  let a: Awaited<ReturnType<typeof anchors>>;
  let county: Client; let town: Client; let branch: Client; let member: Client; let leader: Client; let townLeader: Client;
  let planId: number; let reviewId: number;
  /** The demo's account for another township (made with a first-login password), after its first password change. */
  const colleagueIn = async (orgId: number) => {
    const u = await one<{ username: string }>(ctx.db, sql`select u.username from users u join role_assignments r on r.user_id = u.id where r.org_id = ${orgId} and u.must_change_password limit 1`);
    const c = await login(ctx.app, u.username);
    expect((await c.post('/api/auth/password', { oldPassword: DEMO_PASSWORD, newPassword: 'Another#Town2026' })).statusCode).toBe(200);
    return login(ctx.app, u.username, 'Another#Town2026');
  };
  beforeAll(async () => {
    a = await anchors(ctx.db);
    [county, town, branch, member, leader, townLeader] = await loginAll(ctx.app, 'county_admin', 'township_admin', 'branch_secretary', 'member', 'leader', 'township_leader');
    planId = (await one<{ id: number }>(ctx.db, sql`select id from plans where kind = 'three_year' order by id limit 1`)).id;
    reviewId = (await one<{ id: number }>(ctx.db, sql`select id from plan_reviews where plan_id = ${planId}`)).id;
  });

  it('a target bound to a metric shows its live value and status; an unknown metric or a manual one without baseline is refused', async () => {
    const plan = (await county.get(`/api/plans/${planId}`)).json();
    const goal = plan.goals.find((g: { aspect: string }) => g.aspect === 'organisation');
    const before = await count(ctx.db, 'plan_targets');
    const bad = await county.post(`/api/plans/${planId}/targets`, { goalId: goal.id, title: '登录率', metricKey: 'login_rate', comparator: 'gte', targetValue: 90 });
    expect(bad.statusCode).toBe(400);
    expect(problem(bad).errors[0]).toMatchObject({ field: 'metricKey' });
    expect(problem(bad).detail).toContain('不在指标库中');
    const manual = await county.post(`/api/plans/${planId}/targets`, { goalId: goal.id, title: '示范党支部（个）', comparator: 'gte', targetValue: 30, unit: '个' });
    expect(problem(manual).errors[0]!.field).toBe('baseline');
    expect(problem(await county.post(`/api/plans/${planId}/targets`, { goalId: goal.id, title: '过高', metricKey: 'meeting_compliance_rate', comparator: 'gte', targetValue: 120 })).errors[0]!.field).toBe('targetValue');
    expect(await count(ctx.db, 'plan_targets')).toBe(before);

    const r = await county.post(`/api/plans/${planId}/targets`, { goalId: goal.id, title: '流动党员联系率（新增）', metricKey: 'floating_contact_rate', comparator: 'gte', targetValue: 99 });
    expect(r.statusCode).toBe(201);
    expect(typeof r.json().baseline).toBe('number'); // taken from the metric today
    const after = (await county.get(`/api/plans/${planId}`)).json();
    const t = after.targets.find((x: { id: number }) => x.id === r.json().id);
    // the live value is the module's own figure over the county
    const { metricTotal } = await import('../../src/server/modules/metrics/catalogue.js');
    const { loadActor } = await import('../../src/server/modules/auth/service.js');
    const u = await one<{ id: number }>(ctx.db, sql`select id from users where username = 'county_admin'`);
    const live = await metricTotal(ctx.db, (await loadActor(ctx.db, u.id, null))!, 'floating_contact_rate', plan.ownerOrgId, year);
    expect(t.value).toBeCloseTo(Math.round(live! * 1000) / 10, 5);
    expect(['met', 'on_track', 'at_risk', 'behind']).toContain(t.status);
    expect(t.metricLabel).toBe('流动党员联系率');
    // a branch secretary cannot change the county's plan
    expect((await branch.post(`/api/plans/${planId}/targets`, { goalId: goal.id, title: '越权', metricKey: 'floating_contact_rate', comparator: 'gte', targetValue: 99 })).statusCode).toBe(403);
    expect((await member.post('/api/plans', { ownerOrgId: a.root, kind: 'work_points', title: '越权要点', startYear: year, endYear: year })).statusCode).toBe(403);
    expect(problem(await county.post('/api/plans', { ownerOrgId: a.root, kind: 'three_year', title: '年度不对', startYear: year, endYear: year })).errors[0]!.field).toBe('endYear');
  });

  it('the plan owner adjusts a target with a reason; the old terms stay in its history; others and bad input are refused with nothing changed', async () => {
    const plan = (await county.get(`/api/plans/${planId}`)).json();
    const t = plan.targets.find((x: { metricKey: string | null; unit: string }) => x.metricKey && x.unit === '%');
    const url = `/api/plans/targets/${t.id}`;
    const before = await count(ctx.db, 'plan_target_revisions');
    expect((await town.put(url, { targetValue: 80, reason: '越级调整', version: t.version })).statusCode).toBe(403); // the county's plan, seen from a township
    expect((await branch.put(url, { targetValue: 80, reason: '越权', version: t.version })).statusCode).toBe(403);
    expect((await county.put('/api/plans/targets/999999', { targetValue: 80, reason: '不存在', version: 1 })).statusCode).toBe(404);
    expect(problem(await county.put(url, { targetValue: 80, reason: ' ', version: t.version })).errors[0]!.field).toBe('reason');
    expect(problem(await county.put(url, { targetValue: 120, reason: '过高', version: t.version })).errors[0]!.field).toBe('targetValue');
    expect(problem(await county.put(url, { baseline: -5, reason: '负数', version: t.version })).errors[0]!.field).toBe('baseline');
    expect(problem(await county.put(url, { targetValue: t.targetValue, reason: '没改', version: t.version })).detail).toContain('没有修改');
    expect(refusal(await county.put(url, { targetValue: 80, reason: '旧表单', version: t.version - 1 }))).toEqual({ status: 409, code: 'STALE_VERSION' });
    expect(await count(ctx.db, 'plan_target_revisions')).toBe(before);

    const newValue = t.targetValue === 60 ? 61 : 60;
    const ok = await county.put(url, { targetValue: newValue, reason: '中期评估后，按省委组织部新要求调整目标值', version: t.version });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().version).toBe(t.version + 1);
    const now = (await county.get(`/api/plans/${planId}`)).json().targets.find((x: { id: number }) => x.id === t.id);
    expect(now).toMatchObject({ targetValue: newValue, baseline: t.baseline, title: t.title, revisions: t.revisions + 1 });
    const history = (await county.get(`${url}/revisions`)).json();
    expect(history[0]).toMatchObject({ before: { targetValue: t.targetValue }, after: { targetValue: newValue }, reason: '中期评估后，按省委组织部新要求调整目标值' });
    expect(history).toHaveLength(t.revisions + 1);
    expect((await townLeader.get(`${url}/revisions`)).json()).toHaveLength(t.responsibleOrgId === a.root ? 0 : t.revisions + 1); // the township leader sees only targets of the township
    expect(refusal(await county.put(url, { targetValue: newValue + 1, reason: '同一表单再交一次', version: t.version }))).toEqual({ status: 409, code: 'STALE_VERSION' });
    expect((await one<{ n: number }>(ctx.db, sql`select count(*)::int as n from audit_log where entity = 'plan_target' and entity_id = ${String(t.id)} and action = 'revise'`)).n).toBe(1);
    await expect(ctx.db.execute(sql`delete from plan_target_revisions where target_id = ${t.id}`)).rejects.toThrow();
  });

  it('tasks go down level by level, only within scope; a closed task takes no more reports', async () => {
    const parent = await county.post(`/api/plans/${planId}/tasks`, { orgId: a.town, title: '建设村级党群服务站', deliverable: '建设清单', deadline: `${year}-12-25` });
    expect(parent.statusCode).toBe(201);
    const tasks = await count(ctx.db, 'plan_tasks');
    // the township breaks it down, but not for another township's branch, nor upwards, nor beyond the parent's deadline
    const outside = await town.post(`/api/plans/${planId}/tasks`, { parentId: parent.json().id, orgId: a.otherBranch, title: '越权分解', deliverable: '无', deadline: `${year}-12-20` });
    expect(outside.statusCode).toBe(400);
    expect(problem(outside).errors[0]).toMatchObject({ field: 'orgId' });
    expect(problem(outside).detail).toContain('不在您的管理范围内');
    expect(problem(await town.post(`/api/plans/${planId}/tasks`, { parentId: parent.json().id, orgId: a.town, title: '给自己', deliverable: '无', deadline: `${year}-12-20` })).detail).toContain('下级党组织');
    expect(problem(await town.post(`/api/plans/${planId}/tasks`, { parentId: parent.json().id, orgId: a.branch, title: '太晚', deliverable: '无', deadline: `${year}-12-31` })).errors[0]!.field).toBe('deadline');
    expect(problem(await town.post(`/api/plans/${planId}/tasks`, { orgId: a.branch, title: '不经上级任务', deliverable: '无', deadline: `${year}-12-20` })).errors[0]!.field).toBe('parentId');
    expect(await count(ctx.db, 'plan_tasks')).toBe(tasks);
    const sub = await town.post(`/api/plans/${planId}/tasks`, { parentId: parent.json().id, orgId: a.branch, title: '本村党群服务站', deliverable: '验收照片', deadline: `${year}-12-20` });
    expect(sub.statusCode).toBe(201);
    const id = sub.json().id;
    // the branch reports with a photo, then completes; the township (assigner) closes it
    const up = await branch.upload(`/api/plans/${planId}/files?orgId=${a.branch}`, PNG, '服务站.png');
    expect(up.statusCode).toBe(201);
    expect((await branch.post(`/api/plans/tasks/${id}/reports`, { percent: 50, note: '主体完工', fileIds: [up.json().id] })).statusCode).toBe(201);
    expect(problem(await branch.post(`/api/plans/tasks/${id}/reports`, { percent: 30, note: '倒退' })).errors[0]!.field).toBe('percent');
    expect((await branch.post(`/api/plans/tasks/${id}/decision`, { accept: true, note: '自己办结' })).statusCode).toBe(403);
    expect(refusal(await town.post(`/api/plans/tasks/${id}/decision`, { accept: true, note: '尚未完成' }))).toEqual({ status: 409, code: 'INVALID_STATE' });
    expect((await branch.post(`/api/plans/tasks/${id}/reports`, { percent: 100, note: '已投入使用', complete: true })).statusCode).toBe(201);
    expect((await town.post(`/api/plans/tasks/${id}/decision`, { accept: true, note: '验收合格' })).json().status).toBe('closed');
    const reports = await count(ctx.db, 'plan_task_reports');
    const late = await branch.post(`/api/plans/tasks/${id}/reports`, { percent: 100, note: '补充材料' });
    expect(refusal(late)).toEqual({ status: 409, code: 'INVALID_STATE' });
    expect(problem(late).detail).toContain('已于');
    expect(await count(ctx.db, 'plan_task_reports')).toBe(reports);
    const detail = (await branch.get(`/api/plans/tasks/${id}`)).json();
    expect(detail.reports.map((r: { percent: number }) => r.percent)).toEqual([50, 100, 100]);
    expect(detail.reports[0].attachments[0].name).toBe('服务站.png');
    expect(detail.canReport).toBe(false);
    // another township's user does not reach it
    const other = await colleagueIn(a.otherTown);
    expect((await other.get(`/api/plans/tasks/${id}`)).statusCode).toBe(404);
    // the ledger and its Excel
    const xlsx = await county.get(`/api/plans/tasks/export?planId=${planId}`);
    const wb = new ExcelJS.Workbook(); await wb.xlsx.load(xlsx.rawPayload as never);
    const titles: string[] = []; wb.worksheets[0]!.eachRow((r) => titles.push(String(r.getCell(2).value)));
    expect(titles).toContain('本村党群服务站');
  });

  it('the mid-term review lists the demo gaps by kind; a gap becomes a rectification item once', async () => {
    const c = (await county.get(`/api/plans/reviews/${reviewId}/checklist`)).json();
    expect(c.summary.rectify + c.summary.improve + c.summary.do).toBeGreaterThan(3);
    const lines = c.lines as { key: string; category: string | null; title: string; gap: string; status: string; kind: string; orgId: number }[];
    // the manual target with no report is to do, the reported 一肩挑 share (76% against a line above 80%) to rectify
    expect(lines.find((l) => l.title.startsWith('村（社区）“两委”班子按期换届率'))).toMatchObject({ category: 'do', status: 'no_data' });
    expect(lines.find((l) => l.title.startsWith('村党组织书记、村委会主任'))).toMatchObject({ category: 'rectify', status: 'behind' });
    expect(lines.find((l) => l.title.startsWith('村党组织书记、村委会主任'))!.gap).toContain('距目标差 19个百分点');
    // the collective-economy share is read from the 三无 ledger, not typed: it has a live reading
    expect(lines.find((l) => l.title.startsWith('村集体经济年收入'))!.status).not.toBe('no_data');
    expect(lines.some((l) => l.kind === 'task' && l.category === 'do' && l.gap.includes('已逾期'))).toBe(true);
    // categories come in order: to rectify, to improve, to do, then the ready ones
    const order = lines.map((l) => ['rectify', 'improve', 'do', null].indexOf(l.category));
    expect(order).toEqual([...order].sort((x, y) => x - y));

    const gap = lines.find((l) => l.title.startsWith('村党组织书记、村委会主任'))!;
    const items = await count(ctx.db, 'rectification_items');
    expect(problem(await county.post(`/api/plans/reviews/${reviewId}/gaps`, { lineKey: gap.key, as: 'rectification', deadline: day(-1) })).errors[0]!.field).toBe('deadline');
    const ready = lines.find((l) => !l.category);
    if (ready) expect((await county.post(`/api/plans/reviews/${reviewId}/gaps`, { lineKey: ready.key, as: 'rectification', deadline: day(60) })).statusCode).toBe(400);
    expect((await town.post(`/api/plans/reviews/${reviewId}/gaps`, { lineKey: gap.key, as: 'rectification', deadline: day(60) })).statusCode).toBe(403);
    expect(await count(ctx.db, 'rectification_items')).toBe(items);
    const r = await county.post(`/api/plans/reviews/${reviewId}/gaps`, { lineKey: gap.key, as: 'rectification', deadline: day(90), measures: '每个薄弱村落实一名县级领导包联' });
    expect(r.statusCode).toBe(201);
    const item = (await county.get(`/api/rectifications/${r.json().rectificationItemId}`)).json();
    expect(item).toMatchObject({ source: 'midterm_review', status: 'open', deadline: day(90) });
    expect(item.title).toContain('村党组织书记、村委会主任');
    expect(item.description).toContain('【待整改】');
    expect(refusal(await county.post(`/api/plans/reviews/${reviewId}/gaps`, { lineKey: gap.key, as: 'task', deadline: day(90), orgId: a.town }))).toEqual({ status: 409, code: 'ALREADY_DONE' });
    const again = (await county.get(`/api/plans/reviews/${reviewId}/checklist`)).json();
    expect(again.lines.find((l: { key: string }) => l.key === gap.key).action.rectificationItemId).toBe(item.id);
    expect(await one(ctx.db, sql`select count(*)::int as n from audit_log where entity = 'plan_review' and action = 'act' and entity_id = ${String(reviewId)}`)).toEqual({ n: 1 });
  });

  it('self-assessments come from responsible orgs only; the evidence pack opens and lists the targets', async () => {
    const s = await town.post(`/api/plans/reviews/${reviewId}/self`, { orgId: a.town, rating: 'fair', achievements: '场所改造完成过半', shortfalls: '集体经济薄弱', nextSteps: '明年上半年完成' });
    expect(s.statusCode).toBe(201);
    expect((await town.post(`/api/plans/reviews/${reviewId}/self`, { orgId: a.otherTown, rating: 'good', achievements: '越权', shortfalls: '越权', nextSteps: '越权' })).statusCode).toBe(400);
    const selves = (await county.get(`/api/plans/reviews/${reviewId}/self`)).json();
    expect(selves.find((x: { orgId: number }) => x.orgId === a.town).latest.achievements).toBe('场所改造完成过半');

    const pack = await county.get(`/api/plans/reviews/${reviewId}/pack`);
    expect(pack.statusCode).toBe(200);
    expect(pack.headers['content-type']).toBe('application/zip');
    const zip = await JSZip.loadAsync(pack.rawPayload);
    const names = Object.keys(zip.files);
    expect(names).toContain('评估报告.docx');
    expect(names).toContain('指标与任务.xlsx');
    expect(names.some((n) => n.startsWith('佐证材料/') && n.endsWith('服务站.png'))).toBe(true);
    const docx = await JSZip.loadAsync(await zip.file('评估报告.docx')!.async('nodebuffer'));
    const text = (await docx.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
    expect(text).toContain('村级活动场所达标率');
    expect(text).toContain('党组织书记年度集中培训覆盖率');
    expect(text).toContain('场所改造完成过半');
    // the target adjusted in the test above: what it was and why, in the report and its own sheet
    expect(text).toContain('指标调整情况');
    expect(text).toContain('按省委组织部新要求调整目标值');
    expect(text).toMatch(/目标值由 [\d.]+% 调整为 6[01]%/);
    const wb = new ExcelJS.Workbook(); await wb.xlsx.load(await zip.file('指标与任务.xlsx')!.async('nodebuffer') as never);
    expect(String(wb.worksheets[0]!.getRow(4).getCell(3).value)).not.toBe('');
    const adjusted = wb.getWorksheet('指标调整')!.getColumn(4).values.map(String);
    expect(adjusted.some((v) => v.includes('按省委组织部新要求'))).toBe(true);
    expect(adjusted.some((v) => v.includes('应建尽建'))).toBe(true); // the demo's own adjustment
  });

  it('a campaign moves pilot → summary → rollout in order; orgs join within its range and report highlights', async () => {
    const list = (await town.get('/api/campaigns')).json();
    const c = list[0];
    expect(c).toMatchObject({ stage: 'rollout' });
    const detail = (await county.get(`/api/campaigns/${c.id}`)).json();
    expect(detail.stages.map((s: { stage: string }) => s.stage)).toEqual(['pilot', 'summary', 'rollout']);
    expect(detail.tracking.total.population).toBeGreaterThan(detail.tracking.total.joined);
    expect(detail.tracking.total.met).toBeGreaterThan(0);
    expect(problem(await county.post(`/api/campaigns/${c.id}/stage`, { to: 'pilot', summary: '退回试点阶段重新开始', version: detail.version })).errors[0]!.field).toBe('to');
    // joining: the demo branch (a village) within the township's scope; another township's branch is refused
    const rollout = (await town.get(`/api/campaigns/${c.id}`)).json();
    expect(rollout.tracking.items.every((x: { id: number }) => x.id !== a.otherTown)).toBe(true);
    expect((await town.post(`/api/campaigns/${c.id}/join`, { orgIds: [a.otherBranch] })).statusCode).toBe(400);
    const joined = detail.participants.some((p: { orgId: number }) => p.orgId === a.branch);
    const j = await town.post(`/api/campaigns/${c.id}/join`, { orgIds: [a.branch] });
    expect(j.statusCode).toBe(201);
    expect(j.json().joined).toBe(joined ? 0 : 1);
    const up = await branch.upload(`/api/campaigns/${c.id}/files?orgId=${a.branch}`, PNG, '院坝会.png');
    const rep = await branch.post(`/api/campaigns/${c.id}/reports`, { orgId: a.branch, title: '院坝会议事', body: '每月召开院坝会，群众议事有了固定平台', highlight: true, fileIds: [up.json().id] });
    expect(rep.statusCode).toBe(201);
    const show = (await county.get(`/api/campaigns/showcase?campaignId=${c.id}`)).json();
    expect(show[0]).toMatchObject({ title: '院坝会议事', orgId: a.branch });
    expect((await county.get(`/api/campaigns/${c.id}/files/${show[0].attachments[0].fileId}`)).headers['content-type']).toBe('image/png');
    expect((await county.post(`/api/campaigns/${c.id}/orgs/${a.branch}/met`, { met: true, note: '达到标准' })).json().metOn).toBe(day(0));
    expect((await town.post(`/api/campaigns/${c.id}/orgs/${a.branch}/met`, { met: true, note: '自己认定' })).statusCode).toBe(403);
  });

  it('a notice reaches the users of its scope; the unread list shrinks as they read; an empty scope is refused', async () => {
    const partyGroup = await one<{ id: number }>(ctx.db, sql`select o.id from orgs o where o.org_type = 'party_group' and o.path like ${a.townPath + '%'}
      and not exists (select 1 from role_assignments r where r.org_id = o.id) limit 1`);
    const before = await count(ctx.db, 'notices');
    const empty = await county.post('/api/notices', { senderOrgId: a.root, title: '空范围', body: '无人接收', orgIds: [partyGroup.id] });
    expect(empty.statusCode).toBe(400);
    expect(problem(empty).detail).toContain('没有可接收通知的用户');
    expect((await county.post('/api/notices', { senderOrgId: a.root, title: '无范围', body: '无', orgIds: [] })).statusCode).toBe(400);
    expect((await member.post('/api/notices', { senderOrgId: a.branch, title: '越权', body: '越权', orgIds: [a.branch] })).statusCode).toBe(403);
    expect((await town.post('/api/notices', { senderOrgId: a.town, title: '越权', body: '越权', orgIds: [a.otherTown] })).statusCode).toBe(400);
    expect(await count(ctx.db, 'notices')).toBe(before);
    // before sending: how many at each level, and which units nobody would receive it for (the county's whole tree)
    const rootPath = (await one<{ path: string }>(ctx.db, sql`select path from orgs where id = ${a.root}`)).path;
    const pre = (await county.get(`/api/notices/preview?orgIds=${a.root}`)).json() as { recipients: number; byType: { orgType: string; recipients: number }[];
      unreached: { id: number }[]; unreachedTotal: number };
    const reach = (under: ReturnType<typeof sql>) => sql`select 1 from users u join role_assignments ra on ra.user_id = u.id join roles r on r.id = ra.role_id
      left join members m on m.id = u.member_id join orgs o on o.id = case when ra.scope = 'self' then m.org_id else ra.org_id end
      where u.is_active and r.admin_duty is null and u.username <> 'county_admin' and o.path like ${under}`;
    const users = await one<{ n: number }>(ctx.db, sql`select count(distinct u.id)::int as n from users u join role_assignments ra on ra.user_id = u.id join roles r on r.id = ra.role_id
      left join members m on m.id = u.member_id join orgs o on o.id = case when ra.scope = 'self' then m.org_id else ra.org_id end
      where u.is_active and r.admin_duty is null and u.username <> 'county_admin' and o.path like ${rootPath + '%'}`);
    expect(pre.recipients).toBe(users.n);
    expect(pre.byType.reduce((t, x) => t + x.recipients, 0)).toBe(pre.recipients);
    const silent = await one<{ n: number }>(ctx.db, sql`select count(*)::int as n from orgs g where g.status = 'active'
      and g.org_type in ('township_committee','grassroots_committee','general_branch','branch') and g.path like ${rootPath + '%'}
      and not exists (${reach(sql`g.path || '%'`)})`);
    expect(pre.unreachedTotal).toBe(silent.n);
    expect(pre.unreachedTotal).toBeGreaterThan(0);
    expect(pre.unreached.some((o) => o.id === a.branch)).toBe(false); // the demo branch has its secretary's account
    expect((await town.get(`/api/notices/preview?orgIds=${a.otherTown}`)).statusCode).toBe(400);
    expect((await member.get(`/api/notices/preview?orgIds=${a.branch}`)).statusCode).toBe(403);

    const bad = await town.upload('/api/notices/files', Buffer.from('not a document'), '假文档.docx');
    expect(bad.statusCode).toBe(400);
    expect(problem(bad).errors[0]!.field).toBe('file');
    const xlsx = await town.get('/api/plans/tasks/export');
    expect((await town.upload('/api/notices/files', xlsx.rawPayload, '任务台账.xlsx')).statusCode).toBe(201);
    const file = await town.upload('/api/notices/files', PNG, '安排表.png');
    const n = await town.post('/api/notices', { senderOrgId: a.town, title: '关于召开村党组织书记例会的通知', body: '请于周五上午到镇党委会议室参加例会。', orgIds: [a.branch], fileIds: [file.json().id] });
    expect(n.statusCode).toBe(201);
    const id = n.json().id;
    expect(n.json().recipients).toBe(2); // the branch secretary and the member of that branch
    expect((await town.get(`/api/notices/${id}/receipts?unread=true`)).json().items).toHaveLength(2);
    const inbox = (await member.get('/api/notices?unread=true')).json();
    expect(inbox.items.some((x: { id: number }) => x.id === id)).toBe(true);
    const read = (await member.get(`/api/notices/${id}`)).json();
    expect(read.files[0].name).toBe('安排表.png');
    await member.get(`/api/notices/${id}`); // a second open records nothing more
    const unread = (await town.get(`/api/notices/${id}/receipts?unread=true`)).json();
    expect(unread.items.map((x: { displayName: string }) => x.displayName)).not.toContain((await one<{ n: string }>(ctx.db, sql`select display_name as n from users where username = 'member'`)).n);
    expect(unread.notice).toMatchObject({ recipients: 2, reads: 1, unread: 1 });
    expect((await member.get(`/api/notices/${id}/receipts`)).statusCode).toBe(403);
    expect((await leader.get(`/api/notices/${id}`)).statusCode).toBe(404);
    // reminders: once a day
    expect((await town.post(`/api/notices/${id}/remind`)).statusCode).toBe(201);
    expect(refusal(await town.post(`/api/notices/${id}/remind`))).toEqual({ status: 409, code: 'ALREADY_DONE' });
    expect((await branch.get('/api/notices?unread=true')).json().items.find((x: { id: number }) => x.id === id).reminded).toBe(true);
    await expect(ctx.db.execute(sql`delete from notice_reads where notice_id = ${id}`)).rejects.toThrow();
    // the county committee's notices go out in the name of its organisation department unless another issuer is given
    const dept = await county.post('/api/notices', { senderOrgId: a.root, title: '关于报送年度党建工作总结的通知', body: '请于月底前报送。', orgIds: [a.branch] });
    expect(dept.json().issuer).toBe((await one<{ name: string }>(ctx.db, sql`select name from orgs where id = ${a.root}`)).name.replace(/委员会$/, '委组织部'));
  });

  it('a notice withdrawn by its sender: recipients see why and no longer its text; it leaves the unread count; no receipt, no reminder', async () => {
    const file = await town.upload('/api/notices/files', PNG, '议程.png');
    const n = await town.post('/api/notices', { senderOrgId: a.town, title: '关于调整例会时间的通知', body: '例会改为周四下午。', orgIds: [a.branch], fileIds: [file.json().id] });
    const id = n.json().id;
    const fileId = (await town.get(`/api/notices/${id}`)).json().files[0].id;
    const unreadBefore = (await branch.get('/api/notices')).json().unread;
    expect((await member.post(`/api/notices/${id}/withdraw`, { reason: '发错了' })).statusCode).toBe(403); // a recipient
    expect((await leader.post(`/api/notices/${id}/withdraw`, { reason: '发错了' })).statusCode).toBe(404); // neither recipient nor sender
    const blank = await town.post(`/api/notices/${id}/withdraw`, { reason: '  ' });
    expect(blank.statusCode).toBe(400);
    expect(problem(blank).errors[0]!.field).toBe('reason');
    expect((await one<{ w: string | null }>(ctx.db, sql`select withdrawn_at as w from notices where id = ${id}`)).w).toBeNull();

    const w = await town.post(`/api/notices/${id}/withdraw`, { reason: '时间另行通知' });
    expect(w.statusCode).toBe(200);
    expect(refusal(await town.post(`/api/notices/${id}/withdraw`, { reason: '再撤一次' }))).toEqual({ status: 409, code: 'ALREADY_DONE' });
    const inbox = (await branch.get('/api/notices')).json();
    expect(inbox.unread).toBe(unreadBefore - 1);
    expect(inbox.items.find((x: { id: number }) => x.id === id).withdrawnAt).toBeTruthy();
    expect((await branch.get('/api/notices?unread=true')).json().items.some((x: { id: number }) => x.id === id)).toBe(false);
    const seen = (await branch.get(`/api/notices/${id}`)).json();
    expect(seen).toMatchObject({ body: '', files: [], withdrawReason: '时间另行通知' });
    expect(refusal(await branch.get(`/api/notices/${id}/files/${fileId}`))).toEqual({ status: 409, code: 'INVALID_STATE' });
    expect((await town.get(`/api/notices/${id}/receipts`)).json().notice.reads).toBe(0); // opening a withdrawn notice is no receipt
    expect((await town.get(`/api/notices/${id}`)).json().body).toBe('例会改为周四下午。'); // the sender keeps the record
    expect(refusal(await town.post(`/api/notices/${id}/remind`))).toEqual({ status: 409, code: 'INVALID_STATE' });
    expect((await town.get('/api/notices/sent')).json().items.find((x: { id: number }) => x.id === id).withdrawnAt).toBeTruthy();
    expect((await one<{ n: number }>(ctx.db, sql`select count(*)::int as n from audit_log where entity = 'notice' and entity_id = ${String(id)} and action = 'withdraw'`)).n).toBe(1);
    await expect(ctx.db.execute(sql`update notices set withdrawn_at = null where id = ${id}`)).rejects.toThrow();
    await expect(ctx.db.execute(sql`delete from notices where id = ${id}`)).rejects.toThrow();
  });

  it('the cockpit: a township leader sees only the township; figures agree with the modules', async () => {
    const full = (await leader.get('/api/cockpit')).json();
    expect(full.orgs.total).toBeGreaterThan(100);
    expect(full.members.total.total).toBe((await one<{ n: number }>(ctx.db, sql`select count(*)::int as n from members where status = 'active'`)).n);
    expect(full.problems.open).toBeGreaterThan(0);
    expect(full.plans.length).toBeGreaterThan(0);
    expect(full.nonpublic.total.entities).toBeGreaterThan(0);
    const rate = (await leader.get(`/api/meeting-compliance/rollup?year=${year}`)).json().rate;
    expect(full.compliance.rate).toBe(rate);

    const mine = (await townLeader.get('/api/cockpit')).json();
    const townPath = a.townPath;
    const inTown = new Set((await rows<{ id: number }>(ctx.db, sql`select id from orgs where path like ${townPath + '%'}`)).map((r) => r.id));
    for (const list of [mine.orgs.byChild, mine.members.byChild, mine.compliance.items, mine.problems.byOrg]) {
      for (const x of list as { id: number }[]) expect(inTown.has(x.id), `org ${x.id}`).toBe(true);
    }
    expect(mine.members.total.total).toBe((await one<{ n: number }>(ctx.db, sql`select count(*)::int as n from members m join orgs o on o.id = m.org_id where m.status = 'active' and o.path like ${townPath + '%'}`)).n);
    expect((await townLeader.get(`/api/cockpit?under=${a.otherTown}`)).statusCode).toBe(404);
    // drill-down: the county leader opens a township
    const drill = (await leader.get(`/api/cockpit?under=${a.town}`)).json();
    expect(drill.under.id).toBe(a.town);
    expect(drill.members.total.total).toBe(mine.members.total.total);
  });

  it('standard reports are generated from records, headed with scope and date', async () => {
    const list = (await townLeader.get('/api/reports')).json();
    expect(list.map((r: { key: string }) => r.key)).toContain('org-members');
    const x = await townLeader.get('/api/reports/org-members/export');
    expect(x.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook(); await wb.xlsx.load(x.rawPayload as never);
    const ws = wb.worksheets[0]!;
    expect(String(ws.getRow(1).getCell(1).value)).toBe('党组织和党员基本情况统计表');
    const townName = (await one<{ name: string }>(ctx.db, sql`select name from orgs where id = ${a.town}`)).name;
    expect(String(ws.getRow(2).getCell(1).value)).toContain(`统计范围：${townName}`);
    expect(String(ws.getRow(2).getCell(1).value)).toContain(`数据截至：${day(0)}`);
    const preview = (await townLeader.get('/api/reports/org-members')).json();
    const total = preview.rows[preview.rows.length - 1];
    expect(total[0]).toBe('合计');
    expect(total[3]).toBe((await townLeader.get('/api/cockpit')).json().members.total.total);
    expect((await townLeader.get('/api/reports/no-such-report')).statusCode).toBe(404);
  });
});

/**
 * Separation of duties across every approval route: nobody decides on what they submitted or entered themselves, or on
 * a request about themselves, whatever permissions the account holds — the county administrator holds both sides of
 * each here. The refusal names why and changes nothing; another person with the right may then decide.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { contract } from '../../src/shared/api/index.js';
import { anchors } from '../builders.js';
import { loginAll, one, problem, useApp, type Client } from '../helpers.js';

/** Every route that approves or decides on someone's submission, and the case each is tried on below. */
const APPROVALS = [
  'POST /api/assessment/daily-records/:id/review',
  'POST /api/assessment/objections/:id/decide',
  'POST /api/leave-decisions/:id/decide',
  'POST /api/plans/tasks/:id/decision',
  'POST /api/rectifications/:id/accept',
  'POST /api/rectifications/:id/return',
  'POST /api/training/study-entries/:id/decide',
  'POST /api/training/leaves/:id/decide',
  'POST /api/training/reflections/:id/review',
] as const;
/** Routes whose names read like a decision but decide on nobody's submission. */
const NOT_APPROVALS = ['POST /api/training/classes/:id/confirm'];

describe('nobody approves their own work', () => {
  const ctx = useApp();
  let a: Awaited<ReturnType<typeof anchors>>;
  let county: Client; let town: Client;
  const tried = new Set<string>();
  const refused = (r: { statusCode: number; json(): unknown }, route: (typeof APPROVALS)[number], what: string) => {
    tried.add(route);
    expect(r.statusCode, route).toBe(403);
    expect(problem(r as never).detail).toBe(`不能审核本人${what}，请由其他有审核权限的人员办理`);
  };
  beforeAll(async () => {
    a = await anchors(ctx.db);
    [county, town] = await loginAll(ctx.app, 'county_admin', 'township_admin');
  });

  it('a daily record: the one who submitted it cannot review it; the township can', async () => {
    const list = (await town.get('/api/assessment/schemes')).json() as { id: number; ownerOrgId: number; status: string }[];
    const scheme = list.find((s) => s.ownerOrgId === a.town && s.status === 'scoring')!;
    const daily = ((await town.get(`/api/assessment/schemes/${scheme.id}`)).json().indicators as { id: number; method: string }[]).find((i) => i.method === 'daily')!;
    const r = await county.post('/api/assessment/daily-records', { schemeId: scheme.id, orgId: a.branch, indicatorId: daily.id, title: '代报：主题党日', content: '组织党员走访', doneOn: '2026-03-01' });
    expect(r.statusCode, r.body).toBe(201);
    refused(await county.post(`/api/assessment/daily-records/${r.json().id}/review`, { approve: true }), 'POST /api/assessment/daily-records/:id/review', '报送的日常记实');
    expect((await one<{ status: string }>(ctx.db, sql`select status from daily_records where id = ${r.json().id}`)).status).toBe('submitted');
    expect((await town.post(`/api/assessment/daily-records/${r.json().id}/review`, { approve: true })).statusCode).toBe(200);
  });

  it('a rectification: whoever asked for acceptance cannot accept or return it', async () => {
    const item = await county.post('/api/rectifications', { orgId: a.branch, checkerOrgId: a.root, responsiblePerson: '书记', source: 'complaint', title: '群众反映',
      description: '反映村务公开不及时', foundOn: '2026-03-01', deadline: '2026-12-31' });
    expect(item.statusCode, item.body).toBe(201);
    const id = item.json().id as number;
    expect((await county.post(`/api/rectifications/${id}/request-acceptance`, { note: '已整改' })).statusCode).toBe(200);
    refused(await county.post(`/api/rectifications/${id}/accept`, {}), 'POST /api/rectifications/:id/accept', '申请验收的整改事项');
    refused(await county.post(`/api/rectifications/${id}/return`, { note: '不行' }), 'POST /api/rectifications/:id/return', '申请验收的整改事项');
    expect((await one<{ status: string }>(ctx.db, sql`select status from rectification_items where id = ${id}`)).status).toBe('pending_acceptance');
  });

  it('training: a study entry entered by the organiser, and a leave of the organiser himself', async () => {
    const me = await one<{ id: number }>(ctx.db, sql`select id from users where username = 'county_admin'`);
    const member = await one<{ id: number }>(ctx.db, sql`select id from members where org_id = ${a.branch} and status = 'active' order by id limit 1`);
    const entry = await one<{ id: number }>(ctx.db, sql`insert into training_study_entries (member_id, studied_on, title, hours, created_by)
      values (${member.id}, '2026-03-01', '代为登记：网络学院专题', 4, ${me.id}) returning id`);
    refused(await county.post(`/api/training/study-entries/${entry.id}/decide`, { approve: true }), 'POST /api/training/study-entries/:id/decide', '的学习登记');
    // the organiser enrolled in a class he runs asks for leave: another organiser decides
    const enrollment = await one<{ id: number; memberId: number; sessionId: number }>(ctx.db, sql`select e.id, e.member_id as "memberId", s.id as "sessionId"
      from training_enrollments e join training_sessions s on s.class_id = e.class_id order by e.id, s.id limit 1`);
    const leave = { ...(await one<{ id: number }>(ctx.db, sql`insert into training_leaves (enrollment_id, session_ids, reason)
      values (${enrollment.id}, ${JSON.stringify([enrollment.sessionId])}::jsonb, '家中有事') returning id`)), memberId: enrollment.memberId };
    const reflection = await one<{ id: number }>(ctx.db, sql`insert into training_reflections (enrollment_id, text) values (${enrollment.id}, '学习心得：做好基层党建') returning id`);
    await ctx.db.execute(sql`update users set member_id = ${leave.memberId} where id = ${me.id}`);
    try {
      const [again] = await loginAll(ctx.app, 'county_admin');
      refused(await again.post(`/api/training/leaves/${leave.id}/decide`, { approve: true }), 'POST /api/training/leaves/:id/decide', '的请假申请');
      refused(await again.post(`/api/training/reflections/${reflection.id}/review`, { accept: true }), 'POST /api/training/reflections/:id/review', '的学习心得');
    } finally {
      await ctx.db.execute(sql`update users set member_id = null where id = ${me.id}`);
    }
    expect((await one<{ status: string }>(ctx.db, sql`select status from training_leaves where id = ${leave.id}`)).status).toBe('pending');
  });

  it('an objection, a proposal to treat a member as having left, a task reported done: not decided by who raised them', async () => {
    const me = await one<{ id: number }>(ctx.db, sql`select id from users where username = 'county_admin'`);
    const entry = await one<{ id: number; schemeId: number; orgId: number; countyId: number }>(ctx.db, sql`select e.id::int as id, e.scheme_id as "schemeId",
      e.org_id as "orgId", e.county_id as "countyId" from score_entries e join assessment_schemes s on s.id = e.scheme_id where s.status = 'final' order by e.id limit 1`);
    const objection = await one<{ id: number }>(ctx.db, sql`insert into score_objections (county_id, scheme_id, org_id, entry_id, reason, filed_by, filed_by_name)
      values (${entry.countyId}, ${entry.schemeId}, ${entry.orgId}, ${entry.id}, '代单位提出', ${me.id}, '县委组织部 管理员') returning id`);
    refused(await county.post(`/api/assessment/objections/${objection.id}/decide`, { upheld: false, decision: '维持原分' }), 'POST /api/assessment/objections/:id/decide', '提出的异议');
    const member = await one<{ id: number; countyId: number }>(ctx.db, sql`select id, county_id as "countyId" from members where org_id = ${a.branch} and status = 'active' order by id desc limit 1`);
    const proposal = await one<{ id: number }>(ctx.db, sql`insert into leave_decisions (county_id, org_id, member_id, reason, proposed_by)
      values (${member.countyId}, ${a.branch}, ${member.id}, '失去联系超过 6 个月', ${me.id}) returning id`);
    refused(await county.post(`/api/leave-decisions/${proposal.id}/decide`, { approve: true, note: '同意' }), 'POST /api/leave-decisions/:id/decide', '提出的处理意见');
    const task = await one<{ id: number }>(ctx.db, sql`select min(id) as id from plan_tasks`);
    await ctx.db.execute(sql`update plan_tasks set status = 'done' where id = ${task.id}`);
    await ctx.db.execute(sql`insert into plan_task_reports (task_id, reported_on, percent, note, complete, reported_by, reported_by_name)
      values (${task.id}, current_date, 100, '已完成', true, ${me.id}, '县委组织部 管理员')`);
    refused(await county.post(`/api/plans/tasks/${task.id}/decision`, { accept: true, note: '办结' }), 'POST /api/plans/tasks/:id/decision', '报送完成的任务');
  });

  it('covers every approval route of the contract', () => {
    const decisions = Object.keys(contract).filter((k) => /^POST .*\/(review|decide|decision|accept|return|approve|confirm)$/.test(k) && !NOT_APPROVALS.includes(k));
    expect([...APPROVALS].sort()).toEqual(decisions.sort());
    expect([...tried].sort()).toEqual([...APPROVALS].sort());
  });
});

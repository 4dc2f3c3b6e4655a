import crypto from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../src/server/core/db.js';
import { ExcelJS } from '../../src/server/core/xlsx.js';
import { anchors } from '../builders.js';
import { Client, count, login, loginAll, one, problem, useApp } from '../helpers.js';
import { SESSION_COOKIE, sessionIdOf } from '../../src/server/modules/auth/service.js';
import * as svc from '../../src/server/modules/training/service.js';

const localDay = (offset = 0) => new Date(Date.now() + 8 * 3600_000 + offset * 86400_000).toISOString().slice(0, 10);

describe('training', () => {
  const ctx = useApp();
  let a: Awaited<ReturnType<typeof anchors>>;
  let county: Client; let town: Client; let trainee: Client; let member: Client; let branch: Client;
  let traineeMember: number;
  let classId: number; let sessionId: number; let enrollmentId: number;
  beforeAll(async () => {
    a = await anchors(ctx.db);
    [county, town, trainee, member, branch] = await loginAll(ctx.app, 'county_admin', 'township_admin', 'trainee', 'member', 'branch_secretary');
    traineeMember = (await one<{ member_id: number }>(ctx.db, sql`select member_id from users where username = 'trainee'`)).member_id;
    // a class from this year's plan, running from yesterday to tomorrow, with a session open all day today
    const plan = (await county.get('/api/training/plan')).json();
    const item = plan.items.find((i: { held: number }) => i.held === 0);
    const made = await county.post('/api/training/classes', { planItemId: item.id, name: '测试：发展党员工作专题培训班', classType: 'special_topic', targetGroup: 'party_workers',
      startsOn: localDay(-1), endsOn: localDay(1), organiserOrgId: a.root, capacity: 10, venue: '县委党校' });
    expect(made.statusCode).toBe(201);
    classId = made.json().id;
    const s = await county.post(`/api/training/classes/${classId}/sessions`, { title: '发展党员工作流程', teacher: '县委组织部 陈国庆', heldOn: localDay(0), startsAt: '00:00', endsAt: '23:59', studyHours: 3.5 });
    expect(s.statusCode).toBe(201);
    expect(s.json().secret).toBeUndefined();
    sessionId = s.json().id;
    enrollmentId = (await county.post(`/api/training/classes/${classId}/enrollments`, { memberId: traineeMember })).json().id;
  });

  it('shows plan progress: a plan item counts as held once a class is opened from it', async () => {
    const plan = (await county.get('/api/training/plan')).json();
    expect(plan.items.find((i: { name: string; classes: number }) => i.classes > 0 && i.name.includes('发展党员'))).toBeTruthy();
    expect(plan.held).toBeGreaterThan(0);
    const x = await county.get('/api/training/plan/export');
    expect(x.headers['content-type']).toContain('spreadsheetml');
    expect((await county.post('/api/training/plan/copy', { fromYear: plan.year - 1, toYear: plan.year })).statusCode).toBe(400); // this year already has a plan
    const copied = await county.post('/api/training/plan/copy', { fromYear: plan.year, toYear: plan.year + 1 });
    expect(copied.json().copied).toBe(plan.items.length);
  });

  it('gives the last place of a class to one of two nominations made at the same moment', async () => {
    const made = await county.post('/api/training/classes', { planItemId: null, name: '测试：容量已近满的培训班', classType: 'special_topic', targetGroup: 'party_workers',
      startsOn: localDay(10), endsOn: localDay(12), organiserOrgId: a.root, capacity: 2, venue: '县委党校' });
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json().id as number;
    const q = await county.put(`/api/training/classes/${id}/quotas`, { quotas: [{ orgId: a.town, quota: 2 }] });
    expect(q.statusCode, q.body).toBe(200);
    // the organiser fills one place directly; one is left
    expect((await county.post(`/api/training/classes/${id}/enrollments`, { memberId: traineeMember })).statusCode).toBe(201);
    const two = await rows<{ id: number }>(ctx.db, sql`select m.id from members m join orgs o on o.id = m.org_id
      where o.path like ${a.townPath + '%'} and m.status = 'active' and m.id <> ${traineeMember} order by m.id limit 2`);
    const [x, y] = await Promise.all(two.map((m) => town.post(`/api/training/classes/${id}/nominations`, { memberId: m.id, quotaOrgId: a.town })));
    expect([x!.statusCode, y!.statusCode].sort()).toEqual([201, 400]);
    const lost = [x!, y!].find((r) => r.statusCode === 400)!;
    expect(problem(lost).errors[0]!.message).toBe('培训班已满（容量 2 人），不能再推荐学员');
    expect((await one<{ n: number }>(ctx.db, sql`select count(*)::int as n from training_enrollments where class_id = ${id} and status <> 'withdrawn'`)).n).toBe(2);
  });

  it('lets a township nominate within its quota and scope only', async () => {
    await county.put(`/api/training/classes/${classId}/quotas`, { quotas: [{ orgId: a.town, quota: 1 }, { orgId: a.otherTown, quota: 2 }] });
    const inTown = await one<{ id: number }>(ctx.db, sql`select m.id from members m join orgs o on o.id = m.org_id
      where o.path like ${a.townPath + '%'} and m.status = 'active' and m.id <> ${traineeMember} order by m.id limit 1`);
    const mine = (await town.get(`/api/training/classes/${classId}/my-quotas`)).json();
    expect(mine.map((q: { orgId: number }) => q.orgId)).toEqual([a.town]);
    const before = await count(ctx.db, 'training_enrollments');
    const outside = await town.post(`/api/training/classes/${classId}/nominations`, { memberId: a.otherMember, quotaOrgId: a.town });
    expect(problem(outside).errors[0]!.field).toBe('memberId');
    const otherQuota = await town.post(`/api/training/classes/${classId}/nominations`, { memberId: inTown.id, quotaOrgId: a.otherTown });
    expect(problem(otherQuota).errors[0]).toMatchObject({ field: 'quotaOrgId', message: '该单位不在您的管理范围内' });
    expect(await count(ctx.db, 'training_enrollments')).toBe(before);
    const ok = await town.post(`/api/training/classes/${classId}/nominations`, { memberId: inTown.id, quotaOrgId: a.town });
    expect(ok.statusCode).toBe(201);
    const second = await one<{ id: number }>(ctx.db, sql`select m.id from members m join orgs o on o.id = m.org_id
      where o.path like ${a.townPath + '%'} and m.status = 'active' and m.id not in (${traineeMember}, ${inTown.id}) order by m.id limit 1`);
    const over = await town.post(`/api/training/classes/${classId}/nominations`, { memberId: second.id, quotaOrgId: a.town });
    expect(problem(over).errors[0]!.message).toContain('名额（1 人）已用完');
    // a substitution frees the place in the same step, with a reason
    const sub = await town.post(`/api/training/classes/${classId}/nominations`, { memberId: second.id, quotaOrgId: a.town, substituteFor: ok.json().id, reason: '原推荐人员外出学习' });
    expect(sub.statusCode).toBe(201);
    const roster = (await town.get(`/api/training/classes/${classId}/roster`)).json().items;
    expect(roster.map((r: { status: string }) => r.status).sort()).toEqual(['nominated', 'withdrawn']);
    expect((await member.post(`/api/training/classes/${classId}/nominations`, { memberId: second.id, quotaOrgId: a.town })).statusCode).toBe(403);
    expect((await county.post(`/api/training/classes/${classId}/confirm`, { enrollmentIds: [sub.json().id] })).json().confirmed).toBe(1);
  });

  it('checks a trainee in by the rotating token, once; refuses forged, expired and other-class tokens', async () => {
    const tok = (await county.get(`/api/training/sessions/${sessionId}/token`)).json();
    expect(tok.window.open).toBe(true);
    // the session is proven inside the check-in statement: a wrong CSRF token, an idle or ended login record nothing
    const checkins = () => one(ctx.db, sql`select count(*)::int as n from training_checkins where session_id = ${sessionId}`);
    expect((await trainee.post('/api/training/checkin', { token: tok.token }, { 'x-csrf-token': 'forged' })).statusCode).toBe(403);
    const idle = await login(ctx.app, 'trainee');
    const cookieOf = (c: Client) => decodeURIComponent(c.session!.cookie.split('=').slice(1).join('='));
    await ctx.db.execute(sql`update sessions set last_seen_at = now() - interval '3 hours' where id = ${sessionIdOf(cookieOf(idle))}`);
    expect(problem(await idle.post('/api/training/checkin', { token: tok.token })).detail).toContain('登录已超时');
    const ended = await login(ctx.app, 'trainee');
    expect((await ended.post('/api/auth/logout')).statusCode).toBeLessThan(300);
    expect((await ended.post('/api/training/checkin', { token: tok.token })).statusCode).toBe(401);
    expect(await checkins()).toEqual({ n: 0 });
    // the one-statement path itself: nothing for a wrong CSRF token, the check-in for the right one
    const auth = { sessionId: sessionIdOf(cookieOf(trainee)), csrf: trainee.session!.csrf, idleMinutes: 30 };
    expect(await svc.checkInFast(ctx.db, { ...auth, csrf: 'forged' }, { token: tok.token })).toBeNull();
    expect(await svc.checkInFast(ctx.db, auth, { token: tok.token })).toMatchObject({ repeated: false });
    expect(await checkins()).toEqual({ n: 1 });
    // a login last seen five minutes ago (not idle) goes the ordinary path, which also marks it seen
    await ctx.db.execute(sql`update sessions set last_seen_at = now() - interval '5 minutes' where id = ${auth.sessionId}`);
    const first = await trainee.post('/api/training/checkin', { token: tok.token });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ repeated: true });
    expect(await one(ctx.db, sql`select (last_seen_at > now() - interval '1 minute') as fresh from sessions where id = ${auth.sessionId}`)).toEqual({ fresh: true });
    expect(first.json()).toMatchObject({ className: '测试：发展党员工作专题培训班' });
    const again = await trainee.post('/api/training/checkin', { token: tok.token });
    expect(again.json()).toMatchObject({ repeated: true, id: first.json().id });
    expect(await one(ctx.db, sql`select count(*)::int as n from training_checkins where session_id = ${sessionId}`)).toEqual({ n: 1 });
    const [sid, w, mac] = tok.token.split('.');
    const forged = await trainee.post('/api/training/checkin', { token: `${sid}.${w}.${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}` });
    expect(problem(forged).errors[0]!.message).toContain('签到码无效');
    // a photo of the screen from two minutes ago, forwarded to someone absent
    const { checkinToken } = await import('../../src/server/modules/training/rules.js');
    const { secret } = (await rows<{ secret: string }>(ctx.db, sql`select secret from training_sessions where id = ${sessionId}`))[0]!;
    const old = checkinToken(secret!, sessionId, Date.now() - 120_000).token;
    expect(problem(await trainee.post('/api/training/checkin', { token: old })).errors[0]!.message).toContain('已过期');
    // a member who is not on this class
    expect(problem(await member.post('/api/training/checkin', { token: tok.token })).errors[0]!.message).toContain('不是');
    // a session of the demo class on another day: outside its window
    const other = await one<{ id: number; secret: string }>(ctx.db, sql`select s.id, s.secret from training_sessions s join training_enrollments e on e.class_id = s.class_id
      where e.member_id = ${traineeMember} and s.class_id <> ${classId} and s.held_on <> ${localDay(0)} order by s.held_on desc limit 1`);
    const outside = await trainee.post('/api/training/checkin', { token: checkinToken(other.secret, other.id, Date.now()).token });
    expect(problem(outside).errors[0]!.message).toContain('不在签到时间内');
    // the organiser checks someone in by hand, with a reason, audited
    const nominee = await one<{ id: number }>(ctx.db, sql`select id from training_enrollments where class_id = ${classId} and status = 'confirmed' and member_id <> ${traineeMember}`);
    expect((await county.post(`/api/training/sessions/${sessionId}/manual-checkin`, { enrollmentId: nominee.id, reason: '手机没电' })).statusCode).toBe(201);
    expect(await one(ctx.db, sql`select action from audit_log where entity = 'training_enrollment' and entity_id = ${String(nominee.id)} order by id desc limit 1`)).toEqual({ action: 'manual_checkin' });
  });

  it('the check-in function (migration 0021) and the ordinary session checks agree on every session state', async () => {
    // checkin_scan repeats in SQL what resolveSession and the request gate decide; it may record a scan only where
    // the ordinary path would accept the session without a write (a live, recent session needs no last-seen touch)
    const idle = ctx.app.config.sessionIdleMinutes;
    const userId = (await one<{ id: number }>(ctx.db, sql`select id from users where username = 'trainee'`)).id;
    const probe = await one<{ id: number; classId: number }>(ctx.db, sql`select s.id, s.class_id as "classId" from training_sessions s
      join training_enrollments e on e.class_id = s.class_id and e.member_id = ${traineeMember} and e.status = 'confirmed'
      where not exists (select 1 from training_checkins k where k.session_id = s.id and k.enrollment_id = e.id) order by s.id limit 1`);
    const ROLLBACK = new Error('rollback');
    const fastRecords = async (sid: string, csrf: string) => {
      let n = 0;
      await ctx.db.transaction(async (tx) => {
        n = (await rows<{ n: number }>(tx as never, sql`select count(*)::int as n from checkin_scan(${probe.id}::int, ${probe.classId}::int, false, ${sid}, ${csrf}, ${idle}::int)`))[0]!.n;
        throw ROLLBACK; // the scan is only probed: nothing is kept
      }).catch((e) => { if (e !== ROLLBACK) throw e; });
      return n === 1;
    };
    const states: { name: string; seenAgo?: string; ended?: boolean; csrf?: string; user?: 'inactive' | 'must_change'; unknown?: boolean }[] = [
      { name: '刚刚活动', seenAgo: '0 seconds' }, { name: '40 秒前活动', seenAgo: '40 seconds' }, { name: '5 分钟前活动', seenAgo: '5 minutes' },
      { name: '超时未操作', seenAgo: `${idle + 1} minutes` }, { name: '已退出', ended: true }, { name: 'CSRF 不符', csrf: 'forged' },
      { name: '缺少 CSRF', csrf: '' }, { name: '账号已停用', user: 'inactive' }, { name: '须修改初始密码', user: 'must_change' }, { name: '无此会话', unknown: true },
    ];
    for (const st of states) {
      const token = crypto.randomBytes(32).toString('base64url');
      const csrf = crypto.randomBytes(24).toString('base64url');
      if (!st.unknown) {
        await ctx.db.execute(sql`insert into sessions (id, user_id, csrf_token, last_seen_at, ended_at)
          values (${sessionIdOf(token)}, ${userId}, ${csrf}, now() - ${st.seenAgo ?? '0 seconds'}::interval, ${st.ended ? sql`now()` : sql`null`})`);
      }
      if (st.user) await ctx.db.execute(st.user === 'inactive' ? sql`update users set is_active = false where id = ${userId}` : sql`update users set must_change_password = true where id = ${userId}`);
      try {
        const sent = st.csrf ?? csrf;
        const fast = await fastRecords(sessionIdOf(token), sent);
        const seen = async () => (await rows<{ at: string }>(ctx.db, sql`select last_seen_at::text as at from sessions where id = ${sessionIdOf(token)}`))[0]?.at;
        const before = await seen();
        // the ordinary path: the same gate as for POST /api/training/checkin (neither URL is public or allowed before a password change),
        // then a body the route refuses, so that nothing is written
        const r = await new Client(ctx.app, { cookie: `${SESSION_COOKIE}=${token}`, csrf: sent, username: 'trainee' }).post(`/api/training/me/classes/${probe.classId}/leaves`, {});
        const ordinary = !['UNAUTHENTICATED', 'CSRF', 'PASSWORD_CHANGE_REQUIRED'].includes(problem(r).code);
        const touched = before !== undefined && (await seen()) !== before;
        expect({ state: st.name, fast }).toEqual({ state: st.name, fast: ordinary && !touched });
      } finally {
        await ctx.db.execute(sql`update users set is_active = true, must_change_password = false where id = ${userId}`);
      }
    }
  });

  it('takes leave requests and decisions; a rejected leave needs a reason', async () => {
    const s2 = (await county.post(`/api/training/classes/${classId}/sessions`, { title: '党费收缴', teacher: '县委组织部 周丽', heldOn: localDay(1), startsAt: '08:30', endsAt: '12:00', studyHours: 3.5 })).json();
    const bad = await trainee.post(`/api/training/me/classes/${classId}/leaves`, { sessionIds: [sessionId], reason: '家中有事' });
    expect(problem(bad).errors[0]!.message).toBe('已签到的课程不能请假');
    const l = await trainee.post(`/api/training/me/classes/${classId}/leaves`, { sessionIds: [s2.id], reason: '家中老人住院' });
    expect(l.statusCode).toBe(201);
    expect(problem(await county.post(`/api/training/leaves/${l.json().id}/decide`, { approve: false })).errors[0]!.field).toBe('note');
    expect((await county.post(`/api/training/leaves/${l.json().id}/decide`, { approve: true, note: '同意' })).json().status).toBe('approved');
    const mine = (await trainee.get(`/api/training/me/classes/${classId}`)).json();
    // the decision comes back with the organiser's note
    expect(mine.sessions.find((s: { id: number }) => s.id === s2.id)).toMatchObject({ leave: 'approved', leaveNote: '同意' });
    expect(mine.sessions.find((s: { id: number }) => s.id === sessionId)).toMatchObject({ leave: null, leaveNote: null });
  });

  it('keeps evaluations anonymous: one per trainee, and no stored link between a trainee and an answer', async () => {
    const courseId = (await one<{ course_id: number }>(ctx.db, sql`select course_id from training_sessions where id = ${sessionId}`)).course_id;
    // a course whose sessions are all still ahead cannot be rated yet
    const ahead = await one<{ course_id: number; title: string }>(ctx.db, sql`select s.course_id, k.title from training_sessions s join training_courses k on k.id = s.course_id
      where s.class_id = ${classId} group by s.course_id, k.title having min(s.held_on) > ${localDay(0)}::date limit 1`);
    const early = await trainee.post(`/api/training/me/classes/${classId}/evaluation`, { overall: 4, courseScores: [{ courseId, score: 5 }, { courseId: ahead.course_id, score: 3 }] });
    expect(problem(early).errors[0]).toEqual({ field: 'courseScores', message: `“${ahead.title}”尚未开讲，不能评价` });
    const r = await trainee.post(`/api/training/me/classes/${classId}/evaluation`, { overall: 4, courseScores: [{ courseId, score: 5 }], comment: '讲得透彻' });
    expect(r.statusCode).toBe(201);
    const twice = await trainee.post(`/api/training/me/classes/${classId}/evaluation`, { overall: 1, courseScores: [] });
    expect(problem(twice).detail).toContain('只能提交一次');
    expect(await one(ctx.db, sql`select count(*)::int as n from training_evaluations where class_id = ${classId}`)).toEqual({ n: 1 });
    // the answer row: a random id, the day, the scores — no member, user, enrollment or time of day
    const cols = await rows<{ column_name: string }>(ctx.db, sql`select column_name from information_schema.columns where table_name = 'training_evaluations' order by 1`);
    expect(cols.map((c) => c.column_name)).toEqual(['class_id', 'comment', 'course_scores', 'id', 'overall', 'submitted_on']);
    const answer = await one<Record<string, unknown>>(ctx.db, sql`select * from training_evaluations where class_id = ${classId}`);
    // the id is a random UUID (which may contain any digits by chance); nothing else may name the trainee
    const { id: answerId, ...rest } = answer;
    expect(String(answerId)).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(rest)).not.toMatch(new RegExp(`\\b${traineeMember}\\b`));
    // and nothing in the audit log ties the trainee to it
    expect(await one(ctx.db, sql`select count(*)::int as n from audit_log where after::text like '%讲得透彻%'`)).toEqual({ n: 0 });
    const agg = (await county.get(`/api/training/classes/${classId}/evaluation`)).json();
    expect(agg).toMatchObject({ answers: 1, overall: 4, courses: [{ courseId, score: 5 }] });
  });

  it('imports a question bank all-or-nothing, gives a paper, grades it, and refuses a paper handed in after the limit', async () => {
    const sheet = async (rowsIn: (string | null)[][]) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('题库');
      ws.addRow(['题型', '题干', '选项A', '选项B', '选项C', '选项D', '答案', '知识点']);
      for (const r of rowsIn) ws.addRow(r);
      return Buffer.from(await wb.xlsx.writeBuffer());
    };
    const before = await count(ctx.db, 'training_questions');
    const bad = await county.upload('/api/training/questions/import', await sheet([
      ['单选', '支部委员会每届任期一般为几年？', '2 年', '3 年或 5 年', '4 年', null, 'B', '组织设置'],
      ['单选', '题干写得太短了吗这一题是好的', '甲', '乙', null, null, 'E', null],
      ['填空', '党的最高领导机关是____', null, null, null, null, '全国代表大会', null],
    ]), '题库.xlsx');
    expect(bad.statusCode).toBe(422);
    expect(bad.json().detail).toContain('其中 2 行有错误');
    expect(bad.json().firstErrors).toEqual(['第 3 行：答案不在选项之中', '第 4 行：题型须为“单选”“多选”或“判断”']);
    expect(await count(ctx.db, 'training_questions')).toBe(before);
    const good = await county.upload('/api/training/questions/import', await sheet([
      ['单选', '支部委员会每届任期一般为几年？', '2 年', '3 年或 5 年', '4 年', null, 'B', '组织设置'],
      ['多选', '“三会一课”中的“三会”包括：', '支部党员大会', '支部委员会', '党小组会', '职工大会', 'ABC', '三会一课'],
      ['判断', '预备党员有表决权。', null, null, null, null, '错', '党员权利'],
    ]), '题库.xlsx');
    expect(good.json()).toEqual({ imported: 3 });
    const ids = (await rows<{ id: number }>(ctx.db, sql`select id from training_questions order by id desc limit 3`)).map((r) => r.id).reverse();
    expect((await county.put(`/api/training/classes/${classId}/paper`, { questionIds: ids, pointsEach: 40 })).json()).toMatchObject({ questions: 3, fullMarks: 120 });
    const t = (await trainee.post(`/api/training/me/classes/${classId}/test`)).json();
    expect(t.questions).toHaveLength(3);
    expect(JSON.stringify(t.questions)).not.toContain('answer');
    const done = await trainee.post(`/api/training/attempts/${t.attemptId}/submit`, { answers: { [ids[0]!]: [1], [ids[1]!]: [2, 0, 1], [ids[2]!]: [0] } });
    expect(done.json()).toMatchObject({ score: 80, passed: true, fullMarks: 120 });
    // a retake started by another trainee whose time ran out
    const nominee = await one<{ member_id: number; id: number }>(ctx.db, sql`select member_id, id from training_enrollments where class_id = ${classId} and status = 'confirmed' and member_id <> ${traineeMember}`);
    await ctx.db.execute(sql`insert into training_attempts (enrollment_id, paper_id, started_at, deadline)
      select ${nominee.id}, id, now() - interval '40 minutes', now() - interval '10 minutes' from training_papers where class_id = ${classId}`);
    const late = await one<{ id: number }>(ctx.db, sql`select id from training_attempts where enrollment_id = ${nominee.id}`);
    const { submitAttempt } = await import('../../src/server/modules/training/service.js');
    const actor = { userId: 0, username: 'x', displayName: 'x', memberId: nominee.member_id, memberOrgId: null, countyId: 1, ip: null, assignments: [] };
    await expect(submitAttempt(ctx.db, actor, late.id, { answers: {} })).rejects.toThrow('已超过答题时限');
    expect(await one(ctx.db, sql`select submitted_at from training_attempts where id = ${late.id}`)).toEqual({ submitted_at: null });
    const results = (await county.get(`/api/training/classes/${classId}/test-results`)).json();
    expect(results.items.find((i: { id: number }) => i.id === ids[2]).rightRate).toBe(0);
  });

  it('confirms completion by the rules after the class, issues a certificate PDF that the public link verifies', async () => {
    // before the end: refused
    expect(problem(await county.post(`/api/training/classes/${classId}/completion`, { enrollmentIds: [enrollmentId] })).detail).toContain('结束后才能确认结业');
    // the demo trainee's finished class from earlier in the year: confirmed already, with a certificate
    const cls = (await county.get('/api/training/classes?pageSize=50')).json().items.filter((c: { phase: string }) => c.phase === 'finished');
    const withCert = await one<{ id: number; certificate_code: string; member_id: number }>(ctx.db, sql`select id, certificate_code, member_id from training_enrollments
      where certificate_code is not null and class_id in ${cls.map((c: { id: number }) => c.id)} order by id limit 1`);
    const pdf = await county.get(`/api/training/enrollments/${withCert.id}/certificate`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const { PDFDocument } = await import('pdf-lib');
    const doc = await PDFDocument.load(pdf.rawPayload);
    expect(doc.getPageCount()).toBe(1);
    const serial = (await one<{ certificate_serial: string }>(ctx.db, sql`select certificate_serial from training_enrollments where id = ${withCert.id}`)).certificate_serial;
    expect(doc.getTitle()).toBe(`结业证书 ${serial}`);
    const page = await ctx.app.inject({ method: 'GET', url: `/verify/${withCert.certificate_code}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('证书真实有效');
    const fake = await ctx.app.inject({ method: 'GET', url: `/verify/${withCert.certificate_code.slice(0, -2)}xx` });
    expect(fake.statusCode).toBe(404);
    expect(fake.body).toContain('未找到该证书');
    // someone else's certificate is not the member's to fetch
    expect((await member.get(`/api/training/enrollments/${withCert.id}/certificate`)).statusCode).toBe(403);
    // the completion review names the reasons of those who did not complete
    const review = (await county.get(`/api/training/classes/${cls[0].id}/completion`)).json();
    const failed = review.items.filter((i: { proposed: boolean }) => !i.proposed);
    expect(failed.every((i: { reasons: string[] }) => i.reasons.length > 0)).toBe(true);
  });

  it('keeps a personal record of hours against the yearly requirement, and counts coverage', async () => {
    const rec = (await trainee.get(`/api/training/records/${traineeMember}`)).json();
    expect(rec.required).toBe(56); // a committee member of an org
    const e = await trainee.post('/api/training/study-entries', { studiedOn: localDay(0), title: '网络学院：基层党建实务', hours: 4 });
    expect(e.statusCode).toBe(201);
    expect((await trainee.get(`/api/training/records/${traineeMember}`)).json().entryHours).toBe(rec.entryHours);
    await county.post(`/api/training/study-entries/${e.json().id}/decide`, { approve: true });
    expect((await trainee.get(`/api/training/records/${traineeMember}`)).json().entryHours).toBe(rec.entryHours + 4);
    expect(problem(await trainee.post('/api/training/study-entries', { studiedOn: '2099-01-01', title: '未来的学习', hours: 2 })).errors[0]!.field).toBe('studiedOn');
    // a refusal reaches the member with its reason
    const refused = await trainee.post('/api/training/study-entries', { studiedOn: localDay(0), title: '自学党章', hours: 2 });
    await county.post(`/api/training/study-entries/${refused.json().id}/decide`, { approve: false, note: '请附学习笔记或平台截图' });
    const entry = (await trainee.get(`/api/training/records/${traineeMember}`)).json().entries.find((x: { id: number }) => x.id === refused.json().id);
    expect(entry).toMatchObject({ status: 'rejected', decisionNote: '请附学习笔记或平台截图' });
    expect((await member.get(`/api/training/records/${traineeMember}`)).statusCode).toBe(404);
    expect((await member.get(`/api/training/records/${traineeMember}/pdf`)).statusCode).toBe(404);
    const pdf = await trainee.get(`/api/training/records/${traineeMember}/pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const { PDFDocument } = await import('pdf-lib');
    expect((await PDFDocument.load(pdf.rawPayload)).getTitle()).toContain(rec.name);
    const cov = (await county.get('/api/training/coverage?targetGroup=village_secretaries')).json();
    const done = await one<{ n: number }>(ctx.db, sql`select count(distinct e.member_id)::int as n from training_enrollments e join training_classes c on c.id = e.class_id
      where e.completed and c.target_group in ('village_secretaries', 'secretaries') and extract(year from c.starts_on) = ${Number(localDay(0).slice(0, 4))}
        and exists (select 1 from org_posts p join orgs x on x.id = p.org_id where p.member_id = e.member_id and p.ended_on is null and p.post = 'secretary' and x.category = 'village')`);
    expect(cov.trained).toBe(done.n);
    expect(cov.trained).toBeGreaterThan(0);
    const down = (await county.get(`/api/training/coverage?targetGroup=village_secretaries&under=${a.root}`)).json();
    expect(down.items.reduce((s: number, i: { trained: number }) => s + i.trained, 0)).toBe(cov.trained);
    expect((await branch.get('/api/training/coverage')).statusCode).toBe(403);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../src/server/core/db.js';
import { readXlsx } from '../../src/server/core/xlsx.js';
import { anchors, buildMember, buildOrg } from '../builders.js';
import { login, useApp, type Client } from '../helpers.js';

/**
 * Walks every route in /api/openapi.json as a branch-level user (own org only) and proves that
 * nothing outside the scope appears in any response and that every write outside it is refused.
 */
describe.each([
  ['branch_secretary', 'a village branch and its party groups'], ['member', 'self'],
])('data scope across every route as %s (%s)', (username) => {
  const ctx = useApp();
  let a: Awaited<ReturnType<typeof anchors>>;
  let user: Client;
  let outsideNames: string[];
  let inOrgIds: Set<number>;
  let inMemberIds: Set<number>;
  let spec: { paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>> };
  const ids: Record<string, string | number> = {};

  beforeAll(async () => {
    a = await anchors(ctx.db);
    user = await login(ctx.app, username);
    const county = await login(ctx.app, 'county_admin');
    spec = (await county.get('/api/openapi.json')).json();
    const [branch] = await rows<{ path: string }>(ctx.db, sql`select path from orgs where id = ${a.branch}`);
    const inside = username === 'member' ? sql`id = ${a.branch}` : sql`path like ${branch!.path + '%'}`;
    outsideNames = (await rows<{ name: string }>(ctx.db, sql`select name from orgs where not (${inside})`)).map((r) => r.name);
    inOrgIds = new Set((await rows<{ id: number }>(ctx.db, sql`select id from orgs where ${inside}`)).map((r) => r.id));
    inMemberIds = username === 'member' ? new Set([a.plainMember])
      : new Set((await rows<{ id: number }>(ctx.db, sql`select m.id from members m join orgs o on o.id = m.org_id where o.path like ${branch!.path + '%'}`)).map((r) => r.id));
    const [post] = await rows<{ id: number }>(ctx.db, sql`select id from org_posts where org_id = ${a.otherBranch} limit 1`);
    const [asg] = await rows<{ id: number }>(ctx.db, sql`select id from role_assignments order by id limit 1`);
    const [role] = await rows<{ id: number }>(ctx.db, sql`select id from roles order by id limit 1`);
    const [usr] = await rows<{ id: number }>(ctx.db, sql`select id from users where username = 'county_admin'`);
    const [meeting] = await rows<{ id: number }>(ctx.db, sql`select id from meetings where org_id = ${a.otherBranch} limit 1`);
    const [otherTownPath] = await rows<{ path: string }>(ctx.db, sql`select path from orgs where id = ${a.otherTown}`);
    const [plan] = await rows<{ id: number }>(ctx.db, sql`select id from inspection_plans order by id limit 1`);
    const [item] = await rows<{ id: number }>(ctx.db, sql`select r.id from rectification_items r join orgs o on o.id = r.org_id where o.path like ${otherTownPath!.path + '%'} limit 1`);
    const [entity] = await rows<{ id: number }>(ctx.db, sql`select e.id from nonpublic_entities e join orgs o on o.id = e.owner_org_id where o.path like ${otherTownPath!.path + '%'} limit 1`);
    const [floating] = await rows<{ id: number }>(ctx.db, sql`select r.id from floating_register r join orgs o on o.id = r.org_id where o.path like ${otherTownPath!.path + '%'} limit 1`);
    // a scheme of another township: nothing of it may be reached
    const other = await county.post('/api/assessment/schemes', { name: '越权目标方案', year: 2026, ownerOrgId: a.otherTown });
    expect(other.statusCode).toBe(201);
    const [plan3] = await rows<{ id: number }>(ctx.db, sql`select id from plans where kind = 'three_year' order by id limit 1`);
    const [camp] = await rows<{ id: number }>(ctx.db, sql`select id from campaigns order by id limit 1`);
    const [notice] = await rows<{ id: number }>(ctx.db, sql`select id from notices order by id limit 1`);
    Object.assign(ids, { plans: plan3!.id, campaigns: camp!.id, notices: notice!.id, reports: 'org-members', inspections: plan!.id, rectifications: item?.id ?? 999999, 'weak-orgs': 2026, 'three-lacks': a.otherBranch, nonpublic: entity?.id ?? 999999, assessment: other.json().id, 'leave-decisions': 999999, floating: floating?.id ?? 999999, 'meeting-attachments': 999999, meetings: meeting!.id, orgs: a.otherBranch, members: a.otherMember, 'org-posts': post!.id, 'role-assignments': asg!.id, roles: role!.id, users: usr!.id, files: 'x'.repeat(24),
      // another user's import job, and a column profile of another county
      '/api/imports/progress/{jobId}': 'job-of-another-user',
      '/api/imports/profiles/{id}': (await rows<{ id: number }>(ctx.db, sql`insert into import_profiles (county_id, kind, name, mapping)
        values (999, 'members', '他县方案', '[]'::jsonb) returning id`))[0]!.id });
  });

  /** The out-of-scope record a path's {id} points at, chosen by the path's first segment. */
  const fill = (path: string) => path.replace(/\{(\w+)\}/g, () => String(ids[path] ?? ids[path.split('/')[2]!] ?? 999999));

  /** A valid body for every write, aimed outside the scope: a refusal must be about scope, not shape. */
  const BODIES: Record<string, () => unknown> = {
    'POST /api/orgs': () => buildOrg(a.otherTown),
    'PUT /api/orgs/{id}': () => ({ version: 1, contactName: '越权' }),
    'POST /api/orgs/{id}/move': () => ({ newParentId: a.branch, version: 1 }),
    'POST /api/orgs/{id}/dissolve': () => ({ reason: '越权撤销', dissolvedOn: '2026-01-01', version: 1 }),
    'POST /api/orgs/{id}/posts': () => ({ post: 'secretary', personName: '越权', startedOn: '2026-01-01' }),
    'POST /api/org-posts/{id}/end': () => ({ endedOn: '2026-01-01', reason: '越权' }),
    'POST /api/members': () => buildMember(a.otherBranch),
    'PUT /api/members/{id}': () => ({ ...buildMember(a.otherBranch), version: 1 }),
    'POST /api/members/{id}/transfer': () => ({ toOrgId: a.branch, transferredOn: '2026-01-01', version: 1 }),
    'POST /api/users': () => ({ username: 'intruder', displayName: '越权', password: 'Intrude#2026' }),
    'PUT /api/users/{id}': () => ({ version: 1, isActive: false }),
    'POST /api/roles': () => ({ code: 'intruder', name: '越权', permissions: ['org:read'] }),
    'PUT /api/roles/{id}': () => ({ version: 1, name: '越权', permissions: ['org:read'] }),
    'POST /api/role-assignments': () => ({ userId: 1, roleId: 1, scope: 'all' }),
    'DELETE /api/role-assignments/{id}': () => undefined,
    'POST /api/meetings': () => ({ orgId: a.otherBranch, meetingType: 'themed_party_day', heldOn: '2026-01-05', topic: '越权记录', attendance: [] }),
    'PUT /api/meetings/{id}': () => ({ meetingType: 'themed_party_day', heldOn: '2026-01-05', topic: '越权更正', attendance: [], version: 1 }),
    'POST /api/meetings/{id}/submit': () => ({ version: 1 }),
    'POST /api/meetings/{id}/attachments': () => ({}),
    'POST /api/orgs/{id}/appraisals': () => ({ year: 2026, items: [{ memberId: a.otherMember, grade: 'qualified' }] }),
    'POST /api/floating': () => ({ memberId: a.otherMember, direction: 'outflow', region: '广东省深圳市', since: '2026-01-05' }),
    'POST /api/floating/{id}/end': () => ({ endedOn: '2026-02-01', reason: '越权结束' }),
    'POST /api/members/{id}/contacts': () => ({ contactedOn: '2026-01-05', method: 'phone', reached: false }),
    'POST /api/members/{id}/lost-contact': () => ({ since: '2026-01-05' }),
    'POST /api/members/{id}/leave-proposal': () => ({ reason: '越权提出的处理意见，共十个字以上' }),
    'POST /api/leave-decisions/{id}/decide': () => ({ approve: true, note: '越权审批' }),
    'POST /api/orgs/{id}/duties': () => ({ memberId: a.otherMember, postId: 1, year: 2026 }),
    'POST /api/training/plan': () => ({ year: 2026, name: '越权计划', classType: 'special_topic', targetGroup: 'members', plannedMonth: 1, days: 1, quota: 10, organiser: '越权' }),
    'PUT /api/training/plan/{id}': () => ({ year: 2026, name: '越权计划', classType: 'special_topic', targetGroup: 'members', plannedMonth: 1, days: 1, quota: 10, organiser: '越权', version: 1 }),
    'POST /api/training/plan/copy': () => ({ fromYear: 2025, toYear: 2027 }),
    'POST /api/training/classes': () => ({ name: '越权班', classType: 'special_topic', targetGroup: 'members', startsOn: '2026-12-01', endsOn: '2026-12-02', organiserOrgId: a.otherTown, capacity: 10 }),
    'PUT /api/training/classes/{id}': () => ({ name: '越权改名', version: 1 }),
    'PUT /api/training/classes/{id}/quotas': () => ({ quotas: [{ orgId: a.otherTown, quota: 5 }] }),
    'POST /api/training/classes/{id}/nominations': () => ({ memberId: a.otherMember, quotaOrgId: a.otherTown }),
    'POST /api/training/classes/{id}/enrollments': () => ({ memberId: a.otherMember }),
    'POST /api/training/classes/{id}/confirm': () => ({ enrollmentIds: [1] }),
    'POST /api/training/enrollments/{id}/withdraw': () => ({ reason: '越权撤回' }),
    'POST /api/training/classes/{id}/sessions': () => ({ title: '越权课', teacher: '越权', heldOn: '2026-12-01', startsAt: '08:30', endsAt: '12:00', studyHours: 3.5 }),
    'POST /api/training/checkin': () => ({ token: '1.1.AAAAAAAAAAAAAAAA' }),
    'POST /api/training/sessions/{id}/manual-checkin': () => ({ enrollmentId: 1, reason: '越权补签' }),
    'POST /api/training/leaves/{id}/decide': () => ({ approve: true }),
    'POST /api/training/reflections/{id}/review': () => ({ accept: true }),
    'POST /api/training/questions/import': () => ({}),
    'PUT /api/training/classes/{id}/paper': () => ({ questionIds: [1], pointsEach: 10 }),
    'POST /api/training/classes/{id}/completion': () => ({ enrollmentIds: [1] }),
    'POST /api/training/me/classes/{id}/leaves': () => ({ sessionIds: [1], reason: '越权请假' }),
    'POST /api/training/me/classes/{id}/evaluation': () => ({ overall: 5, courseScores: [] }),
    'POST /api/training/me/classes/{id}/reflection': () => ({ text: '越权提交的学习心得，超过二十个字的长度要求。' }),
    'POST /api/training/me/classes/{id}/test': () => ({}),
    'POST /api/training/attempts/{id}/submit': () => ({ answers: {} }),
    'POST /api/training/study-entries/{id}/decide': () => ({ approve: true }),
    'POST /api/assessment/schemes': () => ({ name: '越权方案', year: 2026, ownerOrgId: a.otherTown }),
    'PUT /api/assessment/schemes/{id}': () => ({ rev: 1, name: '越权改名' }),
    'PUT /api/assessment/schemes/{id}/indicators': () => ({ rev: 1, indicators: [{ key: 1, parentKey: null, code: '1', name: '越权', method: 'manual', maxPoints: 10 }] }),
    'POST /api/assessment/schemes/{id}/publish': () => ({ rev: 1 }),
    'POST /api/assessment/schemes/{id}/copy': () => ({}),
    'POST /api/assessment/schemes/{id}/advance': () => ({ rev: 1, to: 'review' }),
    'POST /api/assessment/schemes/{id}/entries/{entryId}/reverse': () => ({ reason: '越权更正' }),
    'POST /api/assessment/schemes/{id}/scores': () => ({ orgId: a.otherBranch, indicatorId: 1, points: 1, reason: '越权' }),
    'POST /api/assessment/schemes/{id}/metrics': () => ({}),
    'POST /api/assessment/schemes/{id}/findings': () => ({ orgId: a.otherBranch, indicatorId: 1, team: '越权', foundOn: '2026-01-05', description: '越权' }),
    'POST /api/assessment/daily-records': () => ({ schemeId: ids.assessment, orgId: a.otherBranch, indicatorId: 1, title: '越权', content: '越权', doneOn: '2026-01-05' }),
    'POST /api/assessment/daily-records/{id}/review': () => ({ approve: true }),
    'POST /api/assessment/daily-records/{id}/attachments': () => ({}),
    'POST /api/assessment/findings/{id}/attachments': () => ({}),
    'POST /api/assessment/schemes/{id}/duty-scores': () => ({ orgId: a.otherBranch, indicatorId: 1, score: 5 }),
    'POST /api/assessment/schemes/{id}/duty/{indicatorId}/finalize': () => ({}),
    'POST /api/assessment/schemes/{id}/campaigns': () => ({ name: '越权测评', indicatorId: 1, opensAt: '2026-01-01T00:00:00+08:00', closesAt: '2026-01-02T00:00:00+08:00', groups: [{ name: '越权', weight: 1, count: 1 }] }),
    'POST /api/assessment/campaigns/{id}/count': () => ({}),
    'POST /api/assessment/schemes/{id}/what-if': () => ({}),
    'POST /api/assessment/schemes/{id}/objections': () => ({ entryId: 1, reason: '越权异议' }),
    'POST /api/assessment/schemes/{id}/corrections': () => ({ reason: '越权更正' }),
    'POST /api/meeting-rules': () => ({ meetingType: 'committee_meeting', appliesTo: 'committee', period: 'quarter', minPerPeriod: 1, source: '越权规则', effectiveFrom: '2099-01-01', reason: '越权修改' }),
    'POST /api/structure-rules': () => ({ key: 'branchMaxMembers', value: 40, source: '越权规则', effectiveFrom: '2099-01-01', reason: '越权修改' }),
    'POST /api/assessment/objections/{id}/decide': () => ({ upheld: true, decision: '越权处理' }),
    'POST /api/assessment/schemes/{id}/actions': () => ({ kind: 'interview', orgId: a.otherBranch, title: '越权约谈', happenedOn: '2026-01-05' }),
    'POST /api/assessment/schemes/{id}/circulars': () => ({ docNo: '越权〔2026〕1号', title: '越权通报', body: '越权', happenedOn: '2026-01-05' }),
    'POST /api/inspections/plans': () => ({ ownerOrgId: a.otherTown, title: '越权督查', periodStart: '2026-01-01', periodEnd: '2026-02-01', scopeOrgId: a.otherTown, team: '越权' }),
    'POST /api/inspections/plans/{id}/visits': () => ({ orgId: a.otherBranch, visitedOn: '2026-01-05', inspectors: '越权' }),
    'POST /api/inspections/plans/{id}/findings': () => ({ orgId: a.otherBranch, foundOn: '2026-01-05', category: 'org_life', severity: 'minor', description: '越权', responsiblePerson: '越权' }),
    'POST /api/inspections/findings/{id}/attachments': () => ({}),
    'POST /api/rectifications': () => ({ orgId: a.otherBranch, checkerOrgId: a.otherTown, responsiblePerson: '越权', source: 'complaint', title: '越权', description: '越权', foundOn: '2026-01-05', deadline: '2026-02-05' }),
    'POST /api/rectifications/{id}/progress': () => ({ note: '越权进展' }),
    'POST /api/rectifications/{id}/request-acceptance': () => ({ note: '越权申请' }),
    'POST /api/rectifications/{id}/return': () => ({ note: '越权退回' }),
    'POST /api/rectifications/{id}/accept': () => ({}),
    'POST /api/rectifications/{id}/close': () => ({}),
    'POST /api/rectifications/{id}/deadline': () => ({ deadline: '2027-01-01', reason: '越权延期' }),
    'POST /api/rectifications/{id}/files': () => ({}),
    'PUT /api/weak-orgs/criteria/{year}': () => ({ criteria: [{ key: 'secretary_vacant', enabled: true, threshold: 3 }], ratioTarget: null, version: 0 }),
    'POST /api/weak-orgs/runs': () => ({ year: 2026 }),
    'POST /api/weak-orgs': () => ({ year: 2026, orgId: a.otherBranch, categories: ['org_life'], reason: '越权认定', contactLeader: '越权', responsiblePerson: '越权', measures: '越权', deadline: '2027-06-30', firstSecretary: '越权' }),
    'POST /api/three-lacks': () => ({ orgId: a.otherBranch, year: 2026, hasPersonInCharge: true, personInCharge: '越权', collectiveIncome: 1, serviceFunds: 1, hasVenue: true, venueArea: 100 }),
    'POST /api/nonpublic': () => ({ ownerOrgId: a.otherTown, name: '越权企业', kind: 'enterprise', size: 'small', employees: 10, partyMembers: 1, coverKind: 'none' }),
    'PUT /api/nonpublic/{id}': () => ({ ownerOrgId: a.otherTown, name: '越权企业', kind: 'enterprise', size: 'small', employees: 10, partyMembers: 1, coverKind: 'none', version: 1 }),
    'POST /api/plans': () => ({ ownerOrgId: a.otherTown, kind: 'work_points', title: '越权要点', startYear: 2026, endYear: 2026 }),
    'POST /api/plans/{id}/goals': () => ({ aspect: 'organisation', title: '越权目标' }),
    'POST /api/plans/{id}/targets': () => ({ goalId: 1, title: '越权指标', metricKey: 'meeting_compliance_rate', comparator: 'gte', targetValue: 90 }),
    'POST /api/plans/targets/{id}/reports': () => ({ value: 1, note: '越权报送' }),
    'PUT /api/plans/targets/{id}': () => ({ targetValue: 1, reason: '越权调整', version: 1 }),
    'POST /api/plans/{id}/files': () => ({}),
    'POST /api/plans/{id}/tasks': () => ({ orgId: a.otherBranch, title: '越权任务', deliverable: '越权', deadline: '2026-12-30' }),
    'POST /api/plans/tasks/{id}/reports': () => ({ percent: 10, note: '越权进展' }),
    'POST /api/plans/tasks/{id}/decision': () => ({ accept: true, note: '越权办结' }),
    'POST /api/plans/{id}/reviews': () => ({ title: '越权评估', asOf: '2026-12-31', selfDueOn: '2026-12-20' }),
    'POST /api/plans/reviews/{id}/gaps': () => ({ lineKey: 'target:1', as: 'rectification', deadline: '2027-06-30' }),
    'POST /api/plans/reviews/{id}/self': () => ({ orgId: a.otherTown, rating: 'good', achievements: '越权', shortfalls: '越权', nextSteps: '越权' }),
    'POST /api/campaigns': () => ({ ownerOrgId: a.otherTown, title: '越权活动', description: '越权', criteria: ['越权'], startedOn: '2026-01-01', pilotOrgIds: [a.otherBranch], rolloutOrgId: a.otherTown }),
    'POST /api/campaigns/{id}/stage': () => ({ to: 'closed', summary: '越权结束活动的说明文字', version: 1 }),
    'POST /api/campaigns/{id}/join': () => ({ orgIds: [a.otherBranch] }),
    'POST /api/campaigns/{id}/orgs/{orgId}/met': () => ({ met: true, note: '越权认定' }),
    'POST /api/campaigns/{id}/files': () => ({}),
    'POST /api/campaigns/{id}/reports': () => ({ orgId: a.otherBranch, title: '越权报送', body: '越权' }),
    'POST /api/notices/files': () => ({}),
    'POST /api/notices': () => ({ senderOrgId: a.otherTown, title: '越权通知', body: '越权', orgIds: [a.otherTown] }),
    'POST /api/notices/{id}/remind': () => undefined,
    'POST /api/notices/{id}/withdraw': () => ({ reason: '越权撤回' }),
    'POST /api/orgs/{id}/heart-talks': () => ({ memberId: a.otherMember, talkerName: '越权', talkedOn: '2026-01-05', summary: '越权记录' }),
    'DELETE /api/imports/profiles/{id}': () => undefined,
  };
  /** Writes that are the user's own business, not org-owned data. */
  const OWN = new Set(['POST /api/auth/login', 'POST /api/auth/logout', 'POST /api/auth/password', 'POST /api/imports/members', 'POST /api/imports/orgs', 'POST /api/imports/profiles', 'POST /api/training/study-entries',
    'POST /api/ballot/{token}']); // a ballot: its one-time token is the credential, not a session's scope

  function checkPayload(route: string, text: string, json: unknown) {
    for (const n of outsideNames) if (text.includes(n)) throw new Error(`${route} 泄露了范围外组织「${n}」`);
    const walk = (v: unknown) => {
      if (Array.isArray(v)) return v.forEach(walk);
      if (!v || typeof v !== 'object') return;
      const o = v as Record<string, unknown>;
      if ('idNumber' in o && typeof o.id === 'number') expect(inMemberIds.has(o.id), `${route} member ${o.id}`).toBe(true);
      if ('orgType' in o && typeof o.id === 'number') expect(inOrgIds.has(o.id), `${route} org ${o.id}`).toBe(true);
      if (typeof o.orgId === 'number') expect(inOrgIds.has(o.orgId), `${route} orgId ${o.orgId}`).toBe(true);
      Object.values(o).forEach(walk);
    };
    walk(json);
  }

  const snapshot = async () => rows(ctx.db, sql`select
    (select count(*)::int from orgs) o, (select coalesce(sum(version),0)::int from orgs) ov, (select count(*)::int from members) m,
    (select coalesce(sum(version),0)::int from members) mv, (select count(*)::int from org_posts where ended_on is null) p,
    (select count(*)::int from users) u, (select count(*)::int from roles) r, (select count(*)::int from role_assignments) ra,
    (select count(*)::int from audit_log) al, (select count(*)::int from member_transfers) t,
    (select count(*)::int from meetings) mt, (select coalesce(sum(version),0)::int from meetings) mtv,
    (select count(*)::int from member_appraisals) ap, (select count(*)::int from heart_talks) ht, (select count(*)::int from duty_assignments) du,
    (select count(*)::int from floating_register) fr, (select count(*)::int from member_contacts) mc,
    (select count(*)::int from leave_decisions) ld, (select count(*)::int from training_plan_items) tp, (select count(*)::int from training_classes) tc,
    (select coalesce(sum(version),0)::int from training_classes) tcv, (select count(*)::int from training_enrollments where status <> 'withdrawn') te,
    (select count(*)::int from training_checkins) tk, (select count(*)::int from training_leaves where status = 'pending') tl,
    (select count(*)::int from training_evaluations) tv, (select count(*)::int from training_reflections) tr, (select count(*)::int from training_attempts) ta,
    (select count(*)::int from training_quotas) tq, (select count(*)::int from training_sessions) ts,
    (select count(*)::int from assessment_schemes) asc_, (select coalesce(sum(rev),0)::int from assessment_schemes) asr, (select count(*)::int from score_entries) se,
    (select count(*)::int from daily_records) dr, (select count(*)::int from assessment_findings) af, (select count(*)::int from duty_scores) ds,
    (select count(*)::int from ballot_campaigns) bc, (select count(*)::int from score_objections) so, (select count(*)::int from accountability_actions) aa,
    (select count(*)::int from inspection_plans) ip, (select count(*)::int from inspection_visits) iv, (select count(*)::int from inspection_findings) inf,
    (select count(*)::int from rectification_items) ri, (select coalesce(sum(version),0)::int from rectification_items) riv, (select count(*)::int from rectification_events) re,
    (select count(*)::int from rectification_files) rf, (select count(*)::int from weak_org_criteria) wc, (select count(*)::int from screening_runs) sr,
    (select count(*)::int from weak_orgs) wo, (select count(*)::int from three_lacks_entries) tle, (select count(*)::int from nonpublic_entities) ne,
    (select coalesce(sum(version),0)::int from nonpublic_entities) nev,
    (select count(*)::int from plans) pl, (select count(*)::int from plan_goals) pg, (select count(*)::int from plan_targets) pt, (select count(*)::int from plan_target_reports) ptr,
    (select count(*)::int from plan_tasks) pk, (select coalesce(sum(version),0)::int from plan_tasks) pkv, (select count(*)::int from plan_task_reports) pkr,
    (select count(*)::int from plan_files) pf, (select count(*)::int from plan_reviews) pr, (select count(*)::int from review_self_assessments) rsa, (select count(*)::int from review_gaps) rg,
    (select count(*)::int from campaigns) ca, (select coalesce(sum(version),0)::int from campaigns) cav, (select count(*)::int from campaign_orgs) co,
    (select count(*)::int from campaign_orgs where met_on is not null) com, (select count(*)::int from campaign_reports) cr, (select count(*)::int from campaign_files) cf,
    (select count(*)::int from campaign_stage_events) cse, (select count(*)::int from notices) nt, (select count(*)::int from notice_recipients) nr,
    (select count(*)::int from notice_files) nf, (select count(*)::int from notice_reminders) nm,
    (select count(*)::int from notices where withdrawn_at is not null) ntw, (select count(*)::int from plan_target_revisions) ptv,
    (select coalesce(sum(version),0)::int from plan_targets) ptvv`);

  it('reads: nothing outside the scope appears, with or without filters aimed outside it', async () => {
    let walked = 0;
    for (const [path, ops] of Object.entries(spec.paths)) {
      if (!ops.get || path === '/api/openapi.json') continue;
      const url = fill(path);
      const params = new Set((ops.get.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name));
      const probes = [url];
      for (const k of ['orgId', 'under', 'parentId']) if (params.has(k)) probes.push(`${url}?${k}=${a.otherTown}`, `${url}?${k}=${a.otherBranch}`);
      if (params.has('keyword')) probes.push(`${url}?keyword=${encodeURIComponent('中共')}`);
      for (const u of probes) {
        const r = await user.get(u);
        walked++;
        expect([200, 403, 404], `${u} → ${r.statusCode}`).toContain(r.statusCode);
        if (r.statusCode !== 200) continue;
        const type = String(r.headers['content-type']);
        if (type.includes('spreadsheetml')) {
          const s = await readXlsx(r.rawPayload, 100_000);
          checkPayload(u, JSON.stringify(s.rows), null);
        } else if (type.includes('json')) {
          checkPayload(u, r.body, r.json());
        }
      }
    }
    expect(walked).toBeGreaterThan(25);
  });

  it('writes: every write aimed outside the scope is refused and nothing changes', async () => {
    const before = await snapshot();
    const missing: string[] = [];
    for (const [path, ops] of Object.entries(spec.paths)) {
      for (const method of ['post', 'put', 'delete'] as const) {
        if (!ops[method]) continue;
        const key = `${method.toUpperCase()} ${path}`;
        if (OWN.has(key)) continue;
        const body = BODIES[key];
        if (!body) { missing.push(key); continue; }
        const url = fill(path);
        const r = method === 'post' ? await user.post(url, body()) : method === 'put' ? await user.put(url, body()) : await user.delete(url);
        expect([400, 403, 404], `${key} → ${r.statusCode} ${r.body}`).toContain(r.statusCode);
      }
    }
    expect(missing, '每个写接口都须在 BODIES 中给出越权样例').toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  it('reaches another township member by URL only as 404', async () => {
    const r = await user.get(`/api/members/${a.otherMember}`);
    expect(r.statusCode).toBe(404);
    expect(r.json().detail).toBe('党员不存在或不在您的管理范围内');
  });
});

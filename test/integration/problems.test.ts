import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../src/server/core/db.js';
import { withUsccCheck } from '../../src/server/core/idcard.js';
import { readXlsx } from '../../src/server/core/xlsx.js';
import { lacksOf } from '../../src/server/modules/weak-orgs/rules.js';
import { runDailyDuties } from '../../src/server/modules/inspections/service.js';
import { anchors } from '../builders.js';
import { count, loginAll, one, problem, refusal, useApp, type Client } from '../helpers.js';

const day = (n: number) => new Date(Date.now() + 8 * 3600_000 + n * 86400_000).toISOString().slice(0, 10);
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

describe('problems to closure: inspections, rectification, weak orgs, three lacks, non-public coverage', () => {
  const ctx = useApp();
  let a: Awaited<ReturnType<typeof anchors>>;
  let county: Client; let inspector: Client; let branch: Client; let town: Client; let member: Client;
  let planId: number;
  beforeAll(async () => {
    a = await anchors(ctx.db);
    [county, inspector, branch, town, member] = await loginAll(ctx.app, 'county_admin', 'inspector', 'branch_secretary', 'township_admin', 'member');
    planId = (await one<{ id: number }>(ctx.db, sql`select id from inspection_plans where owner_org_id = ${a.root} order by id limit 1`)).id;
  });

  const itemOf = async (c: Client, id: number) => (await c.get(`/api/rectifications/${id}`)).json();

  it('a finding becomes a rectification item that ends only when the checker accepts it and closes it', async () => {
    const f = await inspector.post(`/api/inspections/plans/${planId}/findings`, { orgId: a.branch, foundOn: day(-3), checklistCode: 'A1', category: 'org_life', severity: 'general',
      description: '第三季度未召开党员大会', responsiblePerson: '支部书记', deadline: day(27) });
    expect(f.statusCode).toBe(201);
    const id = f.json().rectificationItemId;
    expect((await itemOf(branch, id))).toMatchObject({ status: 'open', orgId: a.branch, can: { responsible: true, checker: false } });
    // closure without acceptance, acceptance asked by someone outside the responsible org: refused, nothing changes
    const events = await count(ctx.db, 'rectification_events');
    expect(problem(await county.post(`/api/rectifications/${id}/close`, {})).detail).toContain('未经验收');
    for (const outsider of [inspector, member]) {
      const r = await outsider.post(`/api/rectifications/${id}/request-acceptance`, { note: '越俎代庖' });
      expect([403, 404]).toContain(r.statusCode);
    }
    expect(problem(await inspector.post(`/api/rectifications/${id}/request-acceptance`, { note: '越俎代庖' })).detail).toContain('只有责任单位');
    expect(refusal(await county.post(`/api/rectifications/${id}/accept`, {}))).toEqual({ status: 409, code: 'INVALID_STATE' });
    expect(await count(ctx.db, 'rectification_events')).toBe(events);
    // the branch reports with a photo and asks for acceptance
    const up = await branch.upload(`/api/rectifications/${id}/files`, PNG, '整改后.png');
    expect(up.statusCode).toBe(201);
    expect((await branch.post(`/api/rectifications/${id}/progress`, { note: '已召开党员大会补课', fileIds: [up.json().id] })).statusCode).toBe(200);
    expect((await branch.post(`/api/rectifications/${id}/request-acceptance`, { note: '已完成整改' })).json().status).toBe('pending_acceptance');
    expect((await branch.post(`/api/rectifications/${id}/accept`, {})).statusCode).toBe(403);
    // returned once (a reason is required), then accepted and closed
    expect(problem(await county.post(`/api/rectifications/${id}/return`, {})).errors[0]!.field).toBe('note');
    expect((await county.post(`/api/rectifications/${id}/return`, { note: '缺少会议记录' })).json()).toMatchObject({ status: 'in_progress', returnedTimes: 1 });
    await branch.post(`/api/rectifications/${id}/request-acceptance`, { note: '已补充会议记录' });
    expect((await county.post(`/api/rectifications/${id}/accept`, { note: '整改到位' })).json().status).toBe('accepted');
    expect((await county.post(`/api/rectifications/${id}/close`, { note: '销号' })).json()).toMatchObject({ status: 'closed', closedOn: day(0) });
    const item = await itemOf(branch, id);
    expect(item.events.map((e: { kind: string }) => e.kind)).toEqual(['created', 'progress', 'request_acceptance', 'returned', 'request_acceptance', 'accepted', 'closed']);
    expect(item.events[1].attachments[0].name).toBe('整改后.png');
    const file = await branch.get(`/api/rectifications/${id}/files/${up.json().id}`);
    expect(file.headers['content-type']).toBe('image/png');
    expect([403, 404]).toContain((await member.get(`/api/rectifications/${id}/files/${up.json().id}`)).statusCode);
    // the ledger shows it closed, and the Excel export has it
    const ledger = (await county.get(`/api/rectifications?status=closed&under=${a.branch}&pageSize=200`)).json();
    expect(ledger.items.map((x: { id: number }) => x.id)).toContain(id);
    const x = await readXlsx((await county.get(`/api/rectifications/export?under=${a.branch}`)).rawPayload, 1000);
    expect(x.rows.find((r) => r.cells['编号'] === String(id))?.cells['状态']).toBe('已销号');
    // the events are facts
    await expect(ctx.db.execute(sql`update rectification_events set note = 'x' where item_id = ${id}`)).rejects.toThrow();
  });

  it('refuses a deadline before the finding, a finding outside the plan, and a bad indicator link, changing nothing', async () => {
    const before = [await count(ctx.db, 'inspection_findings'), await count(ctx.db, 'rectification_items')];
    const early = await inspector.post(`/api/inspections/plans/${planId}/findings`, { orgId: a.branch, foundOn: day(-3), category: 'team', severity: 'minor',
      description: '支委分工未公示', responsiblePerson: '支部书记', deadline: day(-5) });
    expect(problem(early).errors[0]).toMatchObject({ field: 'deadline' });
    expect(problem(early).detail).toContain('不能早于发现问题的日期');
    const noScheme = await inspector.post(`/api/inspections/plans/${planId}/findings`, { orgId: a.branch, foundOn: day(-3), category: 'team', severity: 'minor',
      description: '支委分工未公示', responsiblePerson: '支部书记', indicatorId: 1 });
    expect(problem(noScheme).errors[0]!.field).toBe('indicatorId');
    expect((await branch.post(`/api/inspections/plans/${planId}/findings`, { orgId: a.branch, foundOn: day(-3), category: 'team', severity: 'minor', description: 'x', responsiblePerson: 'x' })).statusCode).toBe(403);
    const other = await county.post('/api/rectifications', { orgId: a.branch, checkerOrgId: a.root, responsiblePerson: '书记', source: 'complaint', title: '群众反映', description: '反映问题',
      foundOn: day(-1), deadline: day(-2) });
    expect(problem(other).errors[0]!.field).toBe('deadline');
    expect([await count(ctx.db, 'inspection_findings'), await count(ctx.db, 'rectification_items')]).toEqual(before);
  });

  it('a finding linked to an indicator deducts in the assessment ledger of the plan’s scheme', async () => {
    const p = await one<{ id: number; scheme_id: number; scope_org_id: number }>(ctx.db, sql`select id, scheme_id, scope_org_id from inspection_plans where scheme_id is not null limit 1`);
    const ind = await one<{ id: number; per_item: number }>(ctx.db, sql`select id, per_item::float8 as per_item from assessment_indicators where scheme_id = ${p.scheme_id} and method = 'deduction' order by sort limit 1`);
    const org = await one<{ id: number }>(ctx.db, sql`select a.org_id as id from assessment_orgs a where a.scheme_id = ${p.scheme_id} order by a.org_id desc limit 1`);
    const entries = await count(ctx.db, 'score_entries');
    const r = await town.post(`/api/inspections/plans/${p.id}/findings`, { orgId: org.id, foundOn: day(-1), category: 'members', severity: 'general', description: '党费台账未按月登记',
      responsiblePerson: '支部书记', indicatorId: ind.id, occurrences: 2 });
    expect(r.statusCode).toBe(201);
    expect(r.json().deduction.points).toBe(-2 * ind.per_item);
    expect(await count(ctx.db, 'score_entries')).toBe(entries + 1);
  });

  it('escalates an overdue item to the level above once, and reminds before a deadline once', async () => {
    const mk = async (deadline: string, foundOn: string) => (await county.post('/api/rectifications', { orgId: a.branch, checkerOrgId: a.root, responsiblePerson: '书记', source: 'complaint',
      title: '群众反映', description: '反映问题', foundOn, deadline })).json().id;
    const late = await mk(day(-1), day(-20));
    const soon = await mk(day(3), day(-5));
    await runDailyDuties(ctx.db);
    await runDailyDuties(ctx.db);
    const l = await itemOf(county, late);
    expect(l.escalatedToOrgId).toBe(a.town);
    expect(l.events.filter((e: { kind: string }) => e.kind === 'escalated')).toHaveLength(1);
    expect((await itemOf(county, soon)).events.filter((e: { kind: string }) => e.kind === 'reminded')).toHaveLength(1);
    const mine = (await town.get('/api/rectifications/mine')).json();
    expect(mine.escalated).toBeGreaterThan(0);
    expect((await town.get('/api/rectifications?escalated=true&pageSize=200')).json().items.map((x: { id: number }) => x.id)).toContain(late);
    // the dashboard rolls the overdue item up to the township
    const ov = (await county.get(`/api/problems/overview?under=${a.root}`)).json();
    expect(ov.items.byOrg.find((x: { id: number }) => x.id === a.town).overdue).toBeGreaterThan(0);
  });

  it('screening lists orgs with the evidence for each trigger, equal to a hand-written check; the county confirms one', async () => {
    // a vacant secretary post: ends the secretary of another branch four months ago
    const post = await one<{ id: number; org_id: number }>(ctx.db, sql`select p.id, p.org_id from org_posts p join orgs o on o.id = p.org_id
      where p.post = 'secretary' and p.ended_on is null and o.org_type = 'branch' and o.id <> ${a.branch} and o.path like ${a.townPath + '%'} limit 1`);
    expect((await county.post(`/api/org-posts/${post.id}/end`, { endedOn: day(-125), reason: '调离' })).statusCode).toBe(200);
    const run = await county.post('/api/weak-orgs/runs', { year: Number(day(0).slice(0, 4)) });
    expect(run.statusCode).toBe(201);
    const list = (await county.get(`/api/weak-orgs/runs/${run.json().id}?pageSize=200&trigger=secretary_vacant`)).json();
    const hit = list.items.find((x: { orgId: number }) => x.orgId === post.org_id);
    expect(hit.hits.find((h: { key: string }) => h.key === 'secretary_vacant').evidence).toContain(day(-125));
    // the same orgs as a hand-written query for that trigger
    const vacant = await rows<{ id: number }>(ctx.db, sql`select o.id from orgs o where o.status = 'active' and o.org_type in ('grassroots_committee','general_branch','branch')
      and not exists (select 1 from org_posts p where p.org_id = o.id and p.post = 'secretary' and p.ended_on is null)
      and coalesce((select max(ended_on) from org_posts p where p.org_id = o.id and p.post = 'secretary'), o.founded_on, o.created_at::date) <= ${day(0)}::date - interval '3 months'`);
    const all = (await county.get(`/api/weak-orgs/runs/${run.json().id}?pageSize=200&trigger=secretary_vacant`)).json();
    expect(all.items.map((x: { orgId: number }) => x.orgId).sort()).toEqual(vacant.map((x) => x.id).sort());
    // three lacks in the run agree with the pure rule on the ledger entries
    const lacks = (await county.get(`/api/three-lacks?pageSize=200`)).json();
    const flagged = new Set((await county.get(`/api/weak-orgs/runs/${run.json().id}?pageSize=200&trigger=three_lacks`)).json().items.map((x: { orgId: number }) => x.orgId));
    for (const x of lacks.items.filter((y: { entryId: number | null }) => y.entryId)) {
      expect(flagged.has(x.orgId), x.orgName).toBe(lacksOf(x, lacks.rules).count >= 1);
    }
    // confirm: a village needs a first secretary; then the org gets a rectification the county accepts
    const village = await one<{ category: string }>(ctx.db, sql`select category from orgs where id = ${post.org_id}`);
    const body = { year: Number(day(0).slice(0, 4)), runId: run.json().id, orgId: post.org_id, categories: ['secretary_vacant'], reason: hit.hits.map((h: { evidence: string }) => h.evidence).join('；'),
      contactLeader: '县委常委 张红', responsiblePerson: '乡镇党委书记', measures: '一个月内选配书记', deadline: day(90) };
    if (village.category === 'village') expect(problem(await county.post('/api/weak-orgs', body)).errors[0]!.field).toBe('firstSecretary');
    const w = await county.post('/api/weak-orgs', { ...body, firstSecretary: '县财政局 赵明' });
    expect(w.statusCode).toBe(201);
    expect(refusal(await county.post('/api/weak-orgs', { ...body, firstSecretary: '县财政局 赵明' }))).toEqual({ status: 409, code: 'DUPLICATE' });
    const weak = (await county.get('/api/weak-orgs')).json();
    expect(weak.find((x: { orgId: number }) => x.orgId === post.org_id)).toMatchObject({ status: 'open', monthlyDue: true });
    expect((await itemOf(county, w.json().rectificationItemId)).source).toBe('weak_org');
    expect((await branch.post('/api/weak-orgs', body)).statusCode).toBe(403);
  });

  it('refuses screening criteria with an invalid threshold or ratio, changing nothing', async () => {
    const year = Number(day(0).slice(0, 4));
    const cur = (await county.get(`/api/weak-orgs/criteria/${year}`)).json();
    const bad = await county.put(`/api/weak-orgs/criteria/${year}`, { criteria: cur.criteria.map((c: { key: string }) => (c.key === 'low_satisfaction' ? { ...c, threshold: 160 } : c)), ratioTarget: null, version: cur.version });
    expect(problem(bad).errors[0]).toMatchObject({ field: expect.stringMatching(/^criteria\.\d+\.threshold$/), message: expect.stringContaining('群众满意度低') });
    const frac = await county.put(`/api/weak-orgs/criteria/${year}`, { criteria: cur.criteria.map((c: { key: string }) => (c.key === 'secretary_vacant' ? { ...c, threshold: 2.5 } : c)), ratioTarget: null, version: cur.version });
    expect(problem(frac).detail).toContain('整数');
    expect(problem(await county.put(`/api/weak-orgs/criteria/${year}`, { criteria: cur.criteria, ratioTarget: 0.8, version: cur.version })).errors[0]!.field).toBe('ratioTarget');
    expect((await county.get(`/api/weak-orgs/criteria/${year}`)).json().version).toBe(cur.version);
    const ok = await county.put(`/api/weak-orgs/criteria/${year}`, { criteria: cur.criteria, ratioTarget: 0.05, version: cur.version });
    expect(ok.statusCode).toBe(200);
    expect((await town.put(`/api/weak-orgs/criteria/${year}`, { criteria: cur.criteria, ratioTarget: null, version: cur.version + 1 })).statusCode).toBe(403);
  });

  it('three-lacks entries: only villages and communities; a correction is a new entry and the latest counts', async () => {
    const v = await one<{ id: number }>(ctx.db, sql`select id from orgs where id = ${a.branch}`);
    const year = Number(day(0).slice(0, 4));
    const e = { orgId: v.id, year, hasPersonInCharge: false, collectiveIncome: 1.2, serviceFunds: 0, hasVenue: false };
    expect((await branch.post('/api/three-lacks', e)).statusCode).toBe(201);
    let row = (await branch.get(`/api/three-lacks?under=${a.branch}`)).json().items.find((x: { orgId: number }) => x.orgId === v.id);
    expect(row.lacks).toMatchObject({ person: true, funds: true, venue: true, count: 3 });
    expect((await branch.post('/api/three-lacks', { ...e, hasPersonInCharge: true, personInCharge: '村支书 王强', hasVenue: true, venueArea: 120 })).statusCode).toBe(201);
    row = (await branch.get(`/api/three-lacks?under=${a.branch}`)).json().items.find((x: { orgId: number }) => x.orgId === v.id);
    expect(row.lacks).toMatchObject({ person: false, funds: true, venue: false, count: 1 });
    expect((await branch.get(`/api/three-lacks/orgs/${v.id}`)).json().length).toBeGreaterThanOrEqual(2);
    const school = await one<{ id: number }>(ctx.db, sql`select id from orgs where category = 'school' and org_type = 'branch' limit 1`);
    expect(problem(await county.post('/api/three-lacks', { ...e, orgId: school.id })).detail).toContain('村、社区');
    expect(problem(await branch.post('/api/three-lacks', { ...e, hasVenue: true })).errors[0]!.field).toBe('venueArea');
  });

  it('non-public register: a credit code with a bad checksum is refused unless kept as a pilot code; coverage and the worklist follow', async () => {
    const good = withUsccCheck('91530121MA6T0001X');
    const bad = good.slice(0, 17) + (good[17] === 'Y' ? 'X' : 'Y');
    const n = await count(ctx.db, 'nonpublic_entities');
    const base = { ownerOrgId: a.town, name: '云岭县测试农产品有限公司', kind: 'enterprise', size: 'small', employees: 30, partyMembers: 4, coverKind: 'none' };
    const r = await town.post('/api/nonpublic', { ...base, uscc: bad });
    expect(problem(r).errors[0]).toMatchObject({ field: 'uscc', message: expect.stringContaining('校验位不正确') });
    expect(problem(await town.post('/api/nonpublic', { ...base, uscc: 'ABC' })).errors[0]!.field).toBe('uscc');
    expect(problem(await town.post('/api/nonpublic', { ...base, uscc: good, partyMembers: 40 })).errors[0]!.field).toBe('partyMembers');
    expect(problem(await town.post('/api/nonpublic', { ...base, uscc: good, coverKind: 'own' })).errors[0]!.field).toBe('partyOrgId');
    expect(await count(ctx.db, 'nonpublic_entities')).toBe(n);
    const pilot = await town.post('/api/nonpublic', { ...base, name: '早期试点企业', uscc: bad, acceptBadUscc: true });
    expect(pilot.json().usccWarning).toContain('校验位');
    const before = (await town.get(`/api/nonpublic/coverage?under=${a.town}`)).json().total;
    const e = await town.post('/api/nonpublic', { ...base, uscc: good });
    expect(e.statusCode).toBe(201);
    const work = (await town.get('/api/nonpublic?worklist=true&pageSize=200')).json();
    expect(work.items.map((x: { id: number }) => x.id)).toContain(e.json().id);
    // it sets up its own org: off the worklist, coverage up by one
    const upd = await town.put(`/api/nonpublic/${e.json().id}`, { ...base, uscc: good, coverKind: 'own', partyOrgId: a.townBranch, version: e.json().version });
    expect(upd.statusCode).toBe(200);
    const after = (await town.get(`/api/nonpublic/coverage?under=${a.town}`)).json().total;
    expect(after.covered).toBe(before.covered + 1);
    expect(after.entities).toBe(before.entities + 1);
    expect((await town.get('/api/nonpublic?worklist=true&pageSize=200')).json().items.map((x: { id: number }) => x.id)).not.toContain(e.json().id);
    expect((await member.post('/api/nonpublic', { ...base, uscc: withUsccCheck('91530121MA6T0002X') })).statusCode).toBe(403);
    const x = await readXlsx((await town.get('/api/nonpublic/export')).rawPayload, 10_000);
    expect(x.rows.some((row) => row.cells['统一社会信用代码'] === good)).toBe(true);
  });
});

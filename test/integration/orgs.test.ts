import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { refreshOrgCounts } from '../../src/server/modules/orgs/service.js';
import { anchors, buildMember, buildOrg } from '../builders.js';
import { count, loginAll, one, problem, refusal, useApp, type Client } from '../helpers.js';
import { rows } from '../../src/server/core/db.js';

describe('org tree', () => {
  const ctx = useApp();
  let a: Awaited<ReturnType<typeof anchors>>;
  let county: Client; let town: Client; let branch: Client; let member: Client;
  beforeAll(async () => {
    a = await anchors(ctx.db);
    [county, town, branch, member] = await loginAll(ctx.app, 'county_admin', 'township_admin', 'branch_secretary', 'member');
  });

  it('shows each user the top of their own scope with child and member counts', async () => {
    const roots = (await county.get('/api/orgs/tree')).json();
    expect(roots).toHaveLength(1);
    expect(roots[0].id).toBe(a.root);
    expect(roots[0].childCount).toBeGreaterThan(3);
    const total = await one<{ n: number }>(ctx.db, sql`select count(*)::int as n from members where status = 'active'`);
    expect(roots[0].subtreeMemberCount).toBe(total.n);
    expect((await town.get('/api/orgs/tree')).json().map((o: { id: number }) => o.id)).toEqual([a.town]);
    expect((await branch.get('/api/orgs/tree')).json().map((o: { id: number }) => o.id)).toEqual([a.branch]);
    const kids = (await county.get(`/api/orgs/${a.town}/children`)).json();
    expect(kids.length).toBeGreaterThan(0);
    expect(kids.every((k: { parentId: number }) => k.parentId === a.town)).toBe(true);
  });

  it('searches by name within a subtree, pages and sorts', async () => {
    const r = (await county.get(`/api/orgs?keyword=${encodeURIComponent('村')}&under=${a.town}&pageSize=5&sort=name&order=desc`)).json();
    expect(r.total).toBeGreaterThan(0);
    expect(r.items.length).toBeLessThanOrEqual(5);
    expect(r.items.every((o: { name: string }) => o.name.includes('村'))).toBe(true);
    const names = r.items.map((o: { name: string }) => o.name);
    expect([...names].sort().reverse()).toEqual(names);
    expect((await town.get(`/api/orgs?keyword=${encodeURIComponent('村')}`)).json().items.every((o: { path: string }) => o.path.startsWith(a.townPath))).toBe(true);
    // a typed % is a percent sign, not "anything"
    expect((await county.get(`/api/orgs?keyword=${encodeURIComponent('%')}`)).json().total).toBe(0);
  });

  it('creates an org under a parent in scope, with its path, and audits it', async () => {
    const r = await town.post('/api/orgs', buildOrg(a.town, { name: '中共测试新建支部委员会' }));
    expect(r.statusCode).toBe(201);
    const o = r.json();
    expect(o.path).toBe(`${a.townPath}${o.id}/`);
    expect(await one(ctx.db, sql`select action, actor_name from audit_log where entity = 'org' and entity_id = ${String(o.id)}`)).toEqual({ action: 'create', actor_name: '乡镇党委 组织委员' });
  });

  it('refuses: no permission (403), out of scope (404), bad input (400 naming the field) — and writes nothing', async () => {
    const before = await count(ctx.db, 'orgs');
    expect((await member.post('/api/orgs', buildOrg(a.branch, { orgType: 'party_group' }))).statusCode).toBe(403);
    const out = await town.post('/api/orgs', buildOrg(a.otherTown));
    expect(out.statusCode).toBe(404);
    expect(problem(out).detail).toContain('不在您的管理范围内');
    const bad = await town.post('/api/orgs', { parentId: a.town, name: 'x', orgType: 'nonsense', category: '' });
    expect(bad.statusCode).toBe(400);
    expect(problem(bad).errors.map((e) => e.field).sort()).toEqual(['category', 'name', 'orgType']);
    expect(problem(bad).detail).toContain('党组织名称至少 2 个字');
    const wrongType = await town.post('/api/orgs', buildOrg(a.branch, { orgType: 'branch' }));
    expect(wrongType.statusCode).toBe(400);
    expect(problem(wrongType).errors[0]!.field).toBe('orgType');
    const badTerm = await town.post('/api/orgs', buildOrg(a.town, { termStart: '2026-01-01', termEnd: '2025-01-01' }));
    expect(problem(badTerm).errors[0]!.field).toBe('termEnd');
    expect(await count(ctx.db, 'orgs')).toBe(before);
  });

  it('edits with optimistic locking: a stale version is a conflict', async () => {
    const o = (await county.get(`/api/orgs/${a.townBranch}`)).json();
    const first = await county.put(`/api/orgs/${o.id}`, { version: o.version, contactName: '王联络' });
    expect(first.statusCode).toBe(200);
    const stale = await town.put(`/api/orgs/${o.id}`, { version: o.version, contactName: '李联络' });
    expect(refusal(stale)).toEqual({ status: 409, code: 'STALE_VERSION' });
    expect(problem(stale).detail).toContain('已被他人修改');
    expect((await county.get(`/api/orgs/${o.id}`)).json().contactName).toBe('王联络');
    const hist = (await county.get(`/api/orgs/${o.id}/history`)).json();
    expect(hist[0].after.contactName).toBe('王联络');
  });

  it('moves a subtree: paths rewritten, member totals follow; never under its own descendant', async () => {
    const gbOrg = (await county.post('/api/orgs', buildOrg(a.town, { orgType: 'general_branch', name: '中共测试村总支部委员会', category: 'village' }))).json();
    const childOrg = (await county.post('/api/orgs', buildOrg(gbOrg.id, { category: 'village' }))).json();
    for (let i = 0; i < 2; i++) expect((await county.post('/api/members', buildMember(childOrg.id))).statusCode).toBe(201);
    const g = (await rows<{ id: number; path: string; version: number; subtree_member_count: number }>(ctx.db, sql`
      select id, path, version, subtree_member_count from orgs where id = ${gbOrg.id}`))[0]!;
    expect(g.subtree_member_count).toBe(2);
    const child = { id: childOrg.id as number };
    const into = await county.post(`/api/orgs/${g.id}/move`, { newParentId: child.id, version: g.version });
    expect(into.statusCode).toBe(400);
    expect(problem(into).detail).toContain('自己或它的下级');
    const beforeTown = (await county.get(`/api/orgs/${a.town}`)).json().subtreeMemberCount;
    const beforeOther = (await county.get(`/api/orgs/${a.otherTown}`)).json().subtreeMemberCount;
    const moved = await county.post(`/api/orgs/${g.id}/move`, { newParentId: a.otherTown, version: g.version });
    expect(moved.statusCode).toBe(200);
    const otherPath = (await county.get(`/api/orgs/${a.otherTown}`)).json().path;
    const sub = await rows<{ path: string }>(ctx.db, sql`select path from orgs where path like ${otherPath + g.id + '/%'}`);
    expect(sub.length).toBeGreaterThan(1);
    expect((await county.get(`/api/orgs/${a.town}`)).json().subtreeMemberCount).toBe(beforeTown - g.subtree_member_count);
    expect((await county.get(`/api/orgs/${a.otherTown}`)).json().subtreeMemberCount).toBe(beforeOther + g.subtree_member_count);
    // the township admin no longer reaches it
    expect((await town.get(`/api/orgs/${child.id}`)).statusCode).toBe(404);
    // maintained totals equal a rebuild from the facts
    const snapshot = await rows(ctx.db, sql`select id, member_count, subtree_member_count from orgs order by id`);
    await refreshOrgCounts(ctx.db);
    expect(await rows(ctx.db, sql`select id, member_count, subtree_member_count from orgs order by id`)).toEqual(snapshot);
  });

  it('dissolves only an empty org, keeping it with its history', async () => {
    const withMembers = (await county.get(`/api/orgs/${a.townBranch}`)).json();
    const refused = await county.post(`/api/orgs/${a.townBranch}/dissolve`, { reason: '撤并', dissolvedOn: '2026-01-01', version: withMembers.version });
    expect(refused.statusCode).toBe(400);
    expect(problem(refused).detail).toContain('名党员');
    const made = (await county.post('/api/orgs', buildOrg(a.town))).json();
    const r = await county.post(`/api/orgs/${made.id}/dissolve`, { reason: '企业注销', dissolvedOn: '2026-01-01', version: made.version });
    expect(r.statusCode).toBe(200);
    const after = (await county.get(`/api/orgs/${made.id}`)).json();
    expect(after.status).toBe('dissolved');
    expect((await county.get(`/api/orgs/${a.town}/children`)).json().some((o: { id: number }) => o.id === made.id)).toBe(false);
    expect((await county.get(`/api/orgs?status=dissolved&under=${a.town}`)).json().items.some((o: { id: number }) => o.id === made.id)).toBe(true);
  });

  it('shows structure warnings that change as members are added, and a county-wide list', async () => {
    const o = (await county.post('/api/orgs', buildOrg(a.town))).json();
    const w1 = (await county.get(`/api/orgs/${o.id}`)).json().warnings.map((w: { code: string }) => w.code);
    expect(w1).toContain('too_few_full_members');
    const list = (await county.get(`/api/structure-warnings?code=too_few_full_members&pageSize=200`)).json();
    expect(list.items.some((x: { id: number }) => x.id === o.id)).toBe(true);
    for (let i = 0; i < 3; i++) expect((await county.post('/api/members', buildMember(o.id))).statusCode).toBe(201);
    const w2 = (await county.get(`/api/orgs/${o.id}`)).json();
    expect(w2.warnings.map((w: { code: string }) => w.code)).not.toContain('too_few_full_members');
    expect(w2.memberCount).toBe(3);
  });

  it('lists a general branch by the members under it: below 50 it is looked at, with its size named', async () => {
    const gb = (await county.post('/api/orgs', { ...buildOrg(a.town), orgType: 'general_branch' })).json();
    const br = (await county.post('/api/orgs', buildOrg(gb.id))).json();
    for (let i = 0; i < 3; i++) expect((await county.post('/api/members', buildMember(br.id))).statusCode).toBe(201);
    const w = (await county.get(`/api/orgs/${gb.id}`)).json().warnings as { code: string; message: string }[];
    expect(w.find((x) => x.code === 'general_branch_small')?.message).toBe('党员 3 名，不足 50 名，一般设党支部（因工作需要经上级党组织批准的除外）');
    const list = (await county.get(`/api/structure-warnings?code=general_branch_small&pageSize=200`)).json();
    expect(list.items.some((x: { id: number }) => x.id === gb.id)).toBe(true);
    expect(refusal(await county.get(`/api/structure-warnings?code=size`)).status).toBe(400);
  });

  it('records committee posts; a second secretary is refused until the first leaves', async () => {
    const o = (await county.post('/api/orgs', buildOrg(a.town))).json();
    const m = (await county.post('/api/members', buildMember(o.id))).json();
    const p = await county.post(`/api/orgs/${o.id}/posts`, { post: 'secretary', memberId: m.id, startedOn: '2026-01-01' });
    expect(p.statusCode).toBe(201);
    const dup = await county.post(`/api/orgs/${o.id}/posts`, { post: 'secretary', personName: '另一人', startedOn: '2026-02-01' });
    expect(dup.statusCode).toBe(400);
    expect(problem(dup).errors[0]!.field).toBe('post');
    expect((await county.post(`/api/org-posts/${p.json().id}/end`, { endedOn: '2026-03-01', reason: '调离' })).statusCode).toBe(200);
    const workers = (await county.get(`/api/workers?under=${o.id}`)).json();
    expect(workers.total).toBe(0);
    // posts are ended, never deleted
    expect((await county.get(`/api/orgs/${o.id}`)).json().posts[0].endedOn).toBe('2026-03-01');
  });

  it('lists elections due within six months and overdue, by term end', async () => {
    const due = (await county.get('/api/orgs?termState=due_soon&pageSize=200')).json();
    const overdue = (await county.get('/api/orgs?termState=overdue&pageSize=200')).json();
    expect(overdue.total).toBeGreaterThan(0);
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    expect(overdue.items.every((o: { termEnd: string; termState: string }) => o.termEnd < today && o.termState === 'overdue')).toBe(true);
    expect(due.items.every((o: { termState: string }) => o.termState === 'due_soon')).toBe(true);
  });

  it('exports the org list as a real .xlsx with the filters applied', async () => {
    const r = await county.get(`/api/orgs/export?under=${a.town}&orgType=branch`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('spreadsheetml');
    const { readXlsx } = await import('../../src/server/core/xlsx.js');
    const sheet = await readXlsx(r.rawPayload, 10_000);
    const listed = (await county.get(`/api/orgs?under=${a.town}&orgType=branch&pageSize=1`)).json().total;
    expect(sheet.rows).toHaveLength(listed);
    expect(sheet.headers).toContain('党组织名称');
    const w = await county.get(`/api/structure-warnings/export?under=${a.town}`);
    const ws = await readXlsx(w.rawPayload, 10_000);
    expect(ws.rows).toHaveLength((await county.get(`/api/structure-warnings?under=${a.town}&pageSize=1`)).json().total);
    expect(ws.headers).toEqual(['党组织', '党员数', '正式党员数', '下属党员总数', '问题']);
  });
  it('lets the county set a structure rule in its range, with source, date and reason; the warnings follow it and the history shows both', async () => {
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const body = { key: 'branchMaxMembers', value: 40, source: '县委组织部关于调整党支部设置的意见', effectiveFrom: today, reason: '村党支部规模过大，便于开展组织生活' };
    const warned = async () => (await county.get('/api/structure-warnings?code=too_many_members&pageSize=1')).json().total as number;
    const before = await warned();
    const rows0 = await count(ctx.db, 'rule_values');
    expect(problem(await county.post('/api/structure-rules', { ...body, value: 5 })).errors[0]).toMatchObject({ field: 'value', message: '“党支部党员一般不超过”须为 10–200 之间的整数（名）' });
    expect(problem(await county.post('/api/structure-rules', { ...body, value: 50 })).errors[0]).toMatchObject({ field: 'value', message: '与现行规则相同，无需修改' });
    expect(problem(await county.post('/api/structure-rules', { ...body, reason: '' })).errors[0]).toMatchObject({ field: 'reason' });
    expect(problem(await county.post('/api/structure-rules', { ...body, key: 'nonsense' })).errors[0]).toMatchObject({ field: 'key' });
    expect((await town.post('/api/structure-rules', body)).statusCode).toBe(403);
    expect(await count(ctx.db, 'rule_values')).toBe(rows0);
    expect((await county.post('/api/structure-rules', body)).statusCode).toBe(201);
    expect(await warned()).toBeGreaterThan(before);
    const r = ((await county.get('/api/structure-rules')).json() as { key: string; current: number; versions: { value: number; inForce: boolean; reason: string | null }[] }[])
      .find((x) => x.key === 'branchMaxMembers')!;
    expect(r.current).toBe(40);
    expect(r.versions.map((v) => [v.value, v.inForce])).toEqual([[40, true], [50, false]]);
    expect(r.versions[0]!.reason).toBe(body.reason);
  });
});

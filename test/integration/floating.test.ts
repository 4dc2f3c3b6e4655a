import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { anchors, buildMember } from '../builders.js';
import { count, loginAll, one, problem, useApp, type Client } from '../helpers.js';

const daysAgo = (n: number) => new Date(Date.now() + 8 * 3600_000 - n * 86400_000).toISOString().slice(0, 10);

describe('floating and lost-contact members', () => {
  const ctx = useApp();
  let a: Awaited<ReturnType<typeof anchors>>;
  let branch: Client; let county: Client; let member: Client;
  beforeAll(async () => {
    a = await anchors(ctx.db);
    [branch, county, member] = await loginAll(ctx.app, 'branch_secretary', 'county_admin', 'member');
  });

  it('registers an outflow, which sets the member floating, and ends it on return', async () => {
    const m = (await branch.post('/api/members', buildMember(a.branch, { name: '外出务工甲' }))).json();
    const r = await branch.post('/api/floating', { memberId: m.id, direction: 'outflow', region: '浙江省宁波市', employer: '某电子厂', contactPhone: '13900001111', since: daysAgo(30) });
    expect(r.statusCode).toBe(201);
    const after = (await branch.get(`/api/members/${m.id}`)).json();
    expect(after).toMatchObject({ isFloating: true, floatingSince: daysAgo(30), outflowRegion: '浙江省宁波市' });
    const again = await branch.post('/api/floating', { memberId: m.id, direction: 'outflow', region: '上海市', since: daysAgo(10) });
    expect(problem(again).errors[0]!.field).toBe('memberId');
    const list = (await branch.get('/api/floating?pageSize=200')).json();
    expect(list.items.some((x: { memberId: number }) => x.memberId === m.id)).toBe(true);
    expect((await branch.post(`/api/floating/${r.json().id}/end`, { endedOn: daysAgo(1), reason: '返乡' })).statusCode).toBe(200);
    expect((await branch.get(`/api/members/${m.id}`)).json().isFloating).toBe(false);
  });

  it('lists floating members not reached for six months, and marks lost contact only after recorded search efforts', async () => {
    const m = (await branch.post('/api/members', buildMember(a.branch, { name: '久未联系乙' }))).json();
    await branch.post('/api/floating', { memberId: m.id, direction: 'outflow', region: '广东省东莞市', since: daysAgo(300) });
    const unreachable = async () => (await county.get(`/api/floating/unreachable?under=${a.branch}&pageSize=200`)).json().items.map((x: { id: number }) => x.id);
    expect(await unreachable()).toContain(m.id);
    const early = await branch.post(`/api/members/${m.id}/lost-contact`, { since: daysAgo(200) });
    expect(early.statusCode).toBe(400);
    expect(problem(early).detail).toContain('至少 2 次');
    for (const d of [60, 20]) expect((await branch.post(`/api/members/${m.id}/contacts`, { contactedOn: daysAgo(d), method: 'phone', reached: false, note: '电话停机' })).statusCode).toBe(201);
    const marked = await branch.post(`/api/members/${m.id}/lost-contact`, { since: daysAgo(200) });
    expect(marked.statusCode).toBe(200);
    expect((await branch.get(`/api/members/${m.id}`)).json()).toMatchObject({ isLostContact: true, status: 'active' });
    // reaching them takes them off the list; nothing was deleted
    await branch.post(`/api/members/${m.id}/contacts`, { contactedOn: daysAgo(0), method: 'visit', reached: true, note: '春节回乡见面' });
    expect(await unreachable()).not.toContain(m.id);
    const contacts = (await branch.get(`/api/members/${m.id}/contacts`)).json();
    expect(contacts).toHaveLength(3);
    await expect(ctx.db.execute(sql`delete from member_contacts`)).rejects.toThrow();
  });

  it('refuses bad input and outsiders, changing nothing', async () => {
    const before = await count(ctx.db, 'floating_register');
    expect((await member.post('/api/floating', { memberId: a.plainMember, direction: 'outflow', region: '上海市', since: daysAgo(3) })).statusCode).toBe(403);
    expect((await branch.post('/api/floating', { memberId: a.otherMember, direction: 'outflow', region: '上海市', since: daysAgo(3) })).statusCode).toBe(404);
    const future = await branch.post('/api/floating', { memberId: a.plainMember, direction: 'outflow', region: '上海市', since: '2099-01-01' });
    expect(problem(future).errors[0]!.field).toBe('since');
    const noRegion = await branch.post('/api/floating', { memberId: a.plainMember, direction: 'outflow', region: '', since: daysAgo(3) });
    expect(problem(noRegion).detail).toContain('外出流向');
    expect(await count(ctx.db, 'floating_register')).toBe(before);
    const demo = await one<{ n: number }>(ctx.db, sql`select count(*)::int as n from floating_register`);
    expect(demo.n).toBeGreaterThan(0);
  });

  it('treats a long-lost member as having left only when a higher level approves the branch proposal', async () => {
    const town = (await loginAll(ctx.app, 'township_admin'))[0]!;
    const m = (await branch.post('/api/members', buildMember(a.branch, { name: '失联多年丙' }))).json();
    const notLost = await branch.post(`/api/members/${m.id}/leave-proposal`, { reason: '多年未参加组织生活，多方查找未果，建议处理' });
    expect(notLost.statusCode).toBe(400);
    await branch.post('/api/floating', { memberId: m.id, direction: 'outflow', region: '云南省昆明市', since: daysAgo(500) });
    for (const d of [90, 30]) await branch.post(`/api/members/${m.id}/contacts`, { contactedOn: daysAgo(d), method: 'visit', reached: false, note: '家属称无音讯' });
    await branch.post(`/api/members/${m.id}/lost-contact`, { since: daysAgo(400) });
    const before = (await county.get(`/api/orgs/${a.branch}`)).json().memberCount;
    const p = await branch.post(`/api/members/${m.id}/leave-proposal`, { reason: '失联一年以上，电话、走访、家属多方查找未果' });
    expect(p.statusCode).toBe(201);
    const own = await branch.post(`/api/leave-decisions/${p.json().id}/decide`, { approve: true, note: '同意' });
    expect(own.statusCode).toBe(403);
    expect(problem(own).detail).toContain('上级');
    const pending = (await town.get('/api/leave-decisions')).json();
    expect(pending.map((x: { id: number }) => x.id)).toContain(p.json().id);
    const ok = await town.post(`/api/leave-decisions/${p.json().id}/decide`, { approve: true, note: '经乡镇党委研究，同意按自行脱党处理' });
    expect(ok.statusCode).toBe(200);
    const after = (await county.get(`/api/members/${m.id}`)).json();
    expect(after.status).toBe('left');
    expect((await county.get(`/api/orgs/${a.branch}`)).json().memberCount).toBe(before - 1);
    expect((await town.post(`/api/leave-decisions/${p.json().id}/decide`, { approve: false, note: '再审' })).statusCode).toBe(400);
    // the record stays, and the whole path is in the audit log
    const trail = await one<{ n: number }>(ctx.db, sql`select count(*)::int as n from audit_log where entity = 'member' and entity_id = ${String(m.id)}
      and action in ('register_floating','contact','mark_lost_contact','propose_leave','approve_leave')`);
    expect(trail.n).toBe(6);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { anchors, buildMember } from '../builders.js';
import { count, loginAll, one, problem, refusal, useApp, type Client } from '../helpers.js';
import { readXlsx } from '../../src/server/core/xlsx.js';

describe('members', () => {
  const ctx = useApp();
  let a: Awaited<ReturnType<typeof anchors>>;
  let county: Client; let town: Client; let branch: Client; let member: Client;
  beforeAll(async () => {
    a = await anchors(ctx.db);
    [county, town, branch, member] = await loginAll(ctx.app, 'county_admin', 'township_admin', 'branch_secretary', 'member');
  });

  it('lists members in scope with filters, paging and sort', async () => {
    const all = (await county.get('/api/members?pageSize=5')).json();
    expect(all.total).toBe(await one<{ n: number }>(ctx.db, sql`select count(*)::int as n from members where status = 'active'`).then((r) => r.n));
    const mine = (await town.get('/api/members?pageSize=200')).json();
    expect(mine.total).toBeLessThan(all.total);
    const full = (await county.get(`/api/members?orgId=${a.town}&memberCategory=full&gender=2&sort=joinDate&order=desc&pageSize=50`)).json();
    expect(full.items.every((m: { memberCategory: string; gender: string }) => m.memberCategory === 'full' && m.gender === '2')).toBe(true);
    const dates = full.items.map((m: { joinDate: string }) => m.joinDate);
    expect([...dates].sort().reverse()).toEqual(dates);
    const floating = (await county.get('/api/members?isFloating=true&pageSize=200')).json();
    expect(floating.items.every((m: { isFloating: boolean }) => m.isFloating)).toBe(true);
    const p2 = (await county.get('/api/members?page=2&pageSize=5&sort=name')).json();
    expect(p2.items).toHaveLength(5);
    expect(p2.items[0].id).not.toBe(all.items[0].id);
  });

  it('masks ID numbers for roles without the permission, everywhere they appear', async () => {
    const m = (await county.get(`/api/members/${a.secretaryMember}`)).json();
    expect(m.idNumber).toMatch(/^\d{17}[\dX]$/);
    const t = (await town.get(`/api/members/${a.secretaryMember}`)).json();
    expect(t.idNumber).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
    const list = (await branch.get('/api/members?pageSize=200')).json();
    expect(list.items.every((x: { idNumber: string }) => x.idNumber.includes('*'))).toBe(true);
    const exp = await town.get(`/api/members/export?orgId=${a.branch}`);
    const sheet = await readXlsx(exp.rawPayload, 10_000);
    expect(sheet.rows.every((r) => r.cells['公民身份号码（已脱敏，不能用于导入）']!.includes('*'))).toBe(true);
    // searching by a full ID number still works for them (they typed it; it is not revealed)
    const full = m.idNumber as string;
    const found = (await town.get(`/api/members?keyword=${full}`)).json();
    expect(found.total).toBe(1);
  });

  it('lets an ordinary member see their own record only', async () => {
    const list = (await member.get('/api/members?pageSize=200')).json();
    expect(list.items.map((m: { id: number }) => m.id)).toEqual([a.plainMember]);
    expect((await member.get(`/api/members/${a.secretaryMember}`)).statusCode).toBe(404);
    expect((await member.post('/api/members', buildMember(a.branch))).statusCode).toBe(403);
  });

  it('adds a member with audit and updates the org totals', async () => {
    const before = (await county.get(`/api/orgs/${a.branch}`)).json();
    const r = await branch.post('/api/members', buildMember(a.branch, { name: '新党员甲' }));
    expect(r.statusCode).toBe(201);
    const after = (await county.get(`/api/orgs/${a.branch}`)).json();
    expect(after.memberCount).toBe(before.memberCount + 1);
    expect((await county.get(`/api/orgs/${a.town}`)).json().subtreeMemberCount).toBeGreaterThan(0);
    const au = await one<{ action: string; org_id: number }>(ctx.db, sql`select action, org_id from audit_log where entity = 'member' and entity_id = ${String(r.json().id)}`);
    expect(au).toEqual({ action: 'create', org_id: a.branch });
  });

  it('refuses bad input with a Chinese message naming the field, and writes nothing', async () => {
    const before = await count(ctx.db, 'members');
    const badId = await branch.post('/api/members', buildMember(a.branch, { idNumber: '110105194912310021' }));
    expect(badId.statusCode).toBe(400);
    expect(problem(badId).errors[0]).toEqual({ field: 'idNumber', message: '身份证号校验位不正确' });
    const mismatch = await branch.post('/api/members', buildMember(a.branch, { birthDate: '1990-01-01' }));
    expect(problem(mismatch).errors.map((e) => e.field)).toContain('birthDate');
    const missing = await branch.post('/api/members', { orgId: a.branch });
    expect(missing.statusCode).toBe(400);
    expect(problem(missing).errors.map((e) => e.field)).toEqual(expect.arrayContaining(['name', 'idNumber', 'joinDate']));
    expect(problem(missing).detail).toContain('姓名：必填');
    const badMobile = await branch.post('/api/members', buildMember(a.branch, { mobile: '12345' }));
    expect(problem(badMobile).errors[0]!.field).toBe('mobile');
    const dupe = (await county.get(`/api/members/${a.secretaryMember}`)).json();
    const dup = await county.post('/api/members', buildMember(a.branch, { idNumber: dupe.idNumber, birthDate: dupe.birthDate, gender: dupe.gender }));
    expect(problem(dup).detail).toContain('已在册');
    expect(await count(ctx.db, 'members')).toBe(before);
  });

  it('refuses a member put into an org out of scope or not a branch', async () => {
    const out = await branch.post('/api/members', buildMember(a.otherBranch));
    expect(out.statusCode).toBe(400);
    expect(problem(out).errors[0]!.field).toBe('orgId');
    const committee = await county.post('/api/members', buildMember(a.town));
    expect(problem(committee).detail).toContain('党支部');
  });

  it('edits with optimistic locking, keeping a masked ID number as it was', async () => {
    const m = (await town.get(`/api/members/${a.plainMember}`)).json();
    const { id, orgId, orgName, partyAgeYears, transfers, posts, status, createdAt, updatedAt, countyId, ...body } = m;
    void [id, orgId, orgName, partyAgeYears, transfers, posts, status, createdAt, updatedAt, countyId];
    const ok = await town.put(`/api/members/${a.plainMember}`, { ...body, mobile: '13711112222' });
    expect(ok.statusCode).toBe(200);
    const raw = await one<{ id_number: string; mobile: string }>(ctx.db, sql`select id_number, mobile from members where id = ${a.plainMember}`);
    expect(raw.id_number).not.toContain('*');
    expect(raw.mobile).toBe('13711112222');
    const stale = await town.put(`/api/members/${a.plainMember}`, { ...body, mobile: '13700000000' });
    expect(refusal(stale)).toEqual({ status: 409, code: 'STALE_VERSION' });
    const hist = (await town.get(`/api/members/${a.plainMember}/history`)).json();
    expect(hist[0].before.idNumber).toContain('*');
  });

  it('transfers a member between orgs as a recorded event; totals follow', async () => {
    const m = (await county.get(`/api/members/${a.plainMember}`)).json();
    const fromBefore = (await county.get(`/api/orgs/${m.orgId}`)).json().memberCount;
    const toBefore = (await county.get(`/api/orgs/${a.otherBranch}`)).json().memberCount;
    const bad = await county.post(`/api/members/${m.id}/transfer`, { toOrgId: a.otherTown, transferredOn: '2026-01-05', version: m.version });
    expect(bad.statusCode).toBe(400);
    expect(problem(bad).errors[0]!.field).toBe('toOrgId');
    const r = await county.post(`/api/members/${m.id}/transfer`, { toOrgId: a.otherBranch, transferredOn: '2026-01-05', reason: '工作调动', version: m.version });
    expect(r.statusCode).toBe(200);
    const after = (await county.get(`/api/members/${m.id}`)).json();
    expect(after.orgId).toBe(a.otherBranch);
    expect(after.transfers[0]).toMatchObject({ fromOrgId: m.orgId, toOrgId: a.otherBranch, reason: '工作调动' });
    expect((await county.get(`/api/orgs/${m.orgId}`)).json().memberCount).toBe(fromBefore - 1);
    expect((await county.get(`/api/orgs/${a.otherBranch}`)).json().memberCount).toBe(toBefore + 1);
    // the township admin of the old township no longer sees the member
    expect((await town.get(`/api/members/${m.id}`)).statusCode).toBe(404);
    await expect(ctx.db.execute(sql`delete from member_transfers`)).rejects.toThrow();
  });

  it('exports exactly the filtered list as .xlsx that the import template reads', async () => {
    const r = await county.get(`/api/members/export?orgId=${a.town}&memberCategory=full`);
    expect(r.statusCode).toBe(200);
    const sheet = await readXlsx(r.rawPayload, 100_000);
    const listed = (await county.get(`/api/members?orgId=${a.town}&memberCategory=full&pageSize=1`)).json().total;
    expect(sheet.rows).toHaveLength(listed);
    expect(sheet.headers.slice(0, 4)).toEqual(['姓名', '性别', '民族', '公民身份号码']);
    expect(sheet.rows.every((x) => x.cells['人员类别'] === '正式党员')).toBe(true);
  });
});

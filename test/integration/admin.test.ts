import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { anchors } from '../builders.js';
import { count, login, loginAll, one, problem, useApp, type Client } from '../helpers.js';
import { readXlsx } from '../../src/server/core/xlsx.js';

describe('accounts, roles and the three separated admin duties', () => {
  const ctx = useApp();
  let a: Awaited<ReturnType<typeof anchors>>;
  let sys: Client; let sec: Client; let aud: Client; let county: Client;
  const roleId = async (code: string) => (await one<{ id: number }>(ctx.db, sql`select id from roles where code = ${code}`)).id;
  beforeAll(async () => {
    a = await anchors(ctx.db);
    [sys, sec, aud, county] = await loginAll(ctx.app, 'sys_admin', 'security_admin', 'auditor', 'county_admin');
  });

  it('the system administrator manages users but cannot grant roles or read members', async () => {
    const u = await sys.post('/api/users', { username: 'zhang_clerk', displayName: '张文书', password: 'Clerk#2026a' });
    expect(u.statusCode).toBe(201);
    expect(u.json()).not.toHaveProperty('passwordHash');
    expect((await sys.post('/api/role-assignments', { userId: u.json().id, roleId: await roleId('org_admin'), scope: 'org_and_below', orgId: a.town })).statusCode).toBe(403);
    expect((await sys.get('/api/members')).statusCode).toBe(403);
    expect((await sys.get('/api/audit')).statusCode).toBe(403);
    const x = await readXlsx((await sys.get('/api/users/export')).rawPayload, 1000);
    expect(x.rows.find((r) => r.cells['用户名'] === 'county_admin')!.cells['角色与数据范围']).toContain('组织部管理员·全县');
    const dupe = await sys.post('/api/users', { username: 'zhang_clerk', displayName: '重复', password: 'Clerk#2026a' });
    expect(problem(dupe).errors[0]).toEqual({ field: 'username', message: '用户名已存在' });
  });

  it('the security administrator grants roles with a scope, but cannot create users', async () => {
    expect((await sec.post('/api/users', { username: 'x_user', displayName: 'x', password: 'Xx#2026abc' })).statusCode).toBe(403);
    const target = await one<{ id: number }>(ctx.db, sql`select id from users where username = 'zhang_clerk'`);
    const missingOrg = await sec.post('/api/role-assignments', { userId: target.id, roleId: await roleId('org_admin'), scope: 'org_and_below' });
    expect(problem(missingOrg).errors[0]!.field).toBe('orgId');
    const g = await sec.post('/api/role-assignments', { userId: target.id, roleId: await roleId('org_admin'), scope: 'org_and_below', orgId: a.town });
    expect(g.statusCode).toBe(201);
    // the new grant takes effect: the clerk (after the forced password change) sees the township only
    const clerk = await login(ctx.app, 'zhang_clerk', 'Clerk#2026a');
    await clerk.post('/api/auth/password', { oldPassword: 'Clerk#2026a', newPassword: 'Clerk#2026b' });
    expect((await clerk.get('/api/orgs/tree')).json().map((o: { id: number }) => o.id)).toEqual([a.town]);
    expect((await sec.delete(`/api/role-assignments/${g.json().id}`)).statusCode).toBe(200);
    expect((await clerk.get('/api/orgs/tree')).statusCode).toBe(403);
  });

  it('keeps the three duties apart: no user holds two of them', async () => {
    const auditor = await one<{ id: number }>(ctx.db, sql`select id from users where username = 'auditor'`);
    const r = await sec.post('/api/role-assignments', { userId: auditor.id, roleId: await roleId('system_admin'), scope: 'all', orgId: a.root });
    expect(r.statusCode).toBe(400);
    expect(problem(r).detail).toContain('三员分立');
    const self = await one<{ id: number }>(ctx.db, sql`select id from users where username = 'security_admin'`);
    expect((await sec.post('/api/role-assignments', { userId: self.id, roleId: await roleId('auditor'), scope: 'all' })).statusCode).toBe(400);
    const fixed = await sec.put(`/api/roles/${await roleId('auditor')}`, { version: 1, name: '审计员', permissions: ['audit:read', 'member:read'] });
    expect(problem(fixed).detail).toContain('三员角色');
  });

  it('refuses unknown permissions in a role', async () => {
    const r = await sec.post('/api/roles', { code: 'viewer_x', name: '查阅', permissions: ['org:read', 'everything:all'] });
    expect(r.statusCode).toBe(400);
    expect(problem(r).detail).toContain('everything:all');
    expect((await sec.post('/api/roles', { code: 'viewer_x', name: '查阅', permissions: ['org:read'] })).statusCode).toBe(201);
  });

  it('the auditor reads the audit and login logs, filtered and exported, and can change nothing', async () => {
    await county.put(`/api/orgs/${a.townBranch}`, { version: (await county.get(`/api/orgs/${a.townBranch}`)).json().version, contactPhone: '0871-1234567' });
    const list = (await aud.get('/api/audit?entity=org&pageSize=5')).json();
    expect(list.total).toBeGreaterThan(0);
    expect(list.items[0]).toMatchObject({ entity: 'org', entityId: String(a.townBranch), actorName: '县委组织部 管理员', action: 'update' });
    expect(list.items[0].after.contactPhone).toBe('0871-1234567');
    expect(list.items[0].ip).toBeTruthy();
    const logins = (await aud.get('/api/login-log?username=sys_admin')).json();
    expect(logins.items[0]).toMatchObject({ username: 'sys_admin', success: true, event: 'login' });
    const x = await aud.get('/api/audit/export?entity=org');
    expect((await readXlsx(x.rawPayload, 10_000)).rows.length).toBe((await aud.get('/api/audit?entity=org&pageSize=1')).json().total);
    expect((await aud.get('/api/orgs/tree')).statusCode).toBe(403);
    expect((await county.get('/api/audit')).statusCode).toBe(403);
    const before = await count(ctx.db, 'audit_log');
    expect((await aud.post('/api/orgs', { parentId: a.town, name: '中共审计员试建支部委员会', orgType: 'branch', category: 'enterprise' })).statusCode).toBe(403);
    expect(await count(ctx.db, 'audit_log')).toBe(before);
  });

  it('gives each role a menu of what it may use', async () => {
    const perms = async (c: Client) => (await c.get('/api/auth/me')).json().permissions;
    expect(await perms(aud)).toEqual(['audit:read', 'login_log:read']);
    expect(await perms(sys)).toEqual(['user:read', 'user:write']);
    expect(await perms(sec)).toEqual(['user:read', 'role:write', 'login_log:read']);
  });
});

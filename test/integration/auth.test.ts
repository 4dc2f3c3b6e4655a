import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { Client, count, login, one, problem, useApp } from '../helpers.js';

describe('login, lockout, sessions and CSRF', () => {
  const ctx = useApp();

  it('logs in with the demo password and reports who is signed in', async () => {
    const c = await login(ctx.app, 'county_admin');
    const me = await c.get('/api/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().permissions).toContain('member:read_id_number');
    expect(await one(ctx.db, sql`select success from login_log where username = 'county_admin' order by id desc limit 1`)).toEqual({ success: true });
  });

  it('refuses a wrong password with a Chinese message, and locks after five', async () => {
    const anon = new Client(ctx.app);
    for (let i = 1; i <= 4; i++) {
      const r = await anon.post('/api/auth/login', { username: 'auditor', password: 'wrong-Pass1' });
      expect(r.statusCode).toBe(401);
      expect(problem(r).detail).toContain('用户名或密码错误');
    }
    const fifth = await anon.post('/api/auth/login', { username: 'auditor', password: 'wrong-Pass1' });
    expect(fifth.statusCode).toBe(423);
    expect(problem(fifth).detail).toContain('锁定');
    // even the right password is refused while locked
    const right = await anon.post('/api/auth/login', { username: 'auditor', password: 'Jiceng@2026' });
    expect(right.statusCode).toBe(423);
    // unlocking is the system administrator's job, and it is audited
    const sys = await login(ctx.app, 'sys_admin');
    const list = (await sys.get('/api/users?keyword=auditor')).json();
    const u = list.items.find((x: { username: string }) => x.username === 'auditor');
    expect(u.lockedUntil).not.toBeNull();
    const unlock = await sys.put(`/api/users/${u.id}`, { version: u.version, unlock: true });
    expect(unlock.statusCode).toBe(200);
    expect((await anon.post('/api/auth/login', { username: 'auditor', password: 'Jiceng@2026' })).statusCode).toBe(200);
    const failures = await one<{ n: number }>(ctx.db, sql`select count(*)::int as n from login_log where username = 'auditor' and not success`);
    expect(failures.n).toBe(6);
  });

  it('refuses a write with an absent or forged CSRF token, and changes nothing', async () => {
    const c = await login(ctx.app, 'county_admin');
    const before = await count(ctx.db, 'orgs');
    const root = (await c.get('/api/orgs/tree')).json()[0];
    const body = { parentId: root.id, name: '中共测试CSRF支部委员会', orgType: 'branch', category: 'enterprise' };
    const noToken = await ctx.app.inject({ method: 'POST', url: '/api/orgs', payload: body, headers: { cookie: c.session!.cookie } });
    expect(noToken.statusCode).toBe(403);
    expect(problem(noToken).code).toBe('CSRF');
    const forged = await ctx.app.inject({ method: 'POST', url: '/api/orgs', payload: body, headers: { cookie: c.session!.cookie, 'x-csrf-token': 'forged' } });
    expect(forged.statusCode).toBe(403);
    expect(await count(ctx.db, 'orgs')).toBe(before);
  });

  it('rejects requests without a session, and ends the session on logout', async () => {
    expect((await new Client(ctx.app).get('/api/members')).statusCode).toBe(401);
    const c = await login(ctx.app, 'member');
    expect((await c.post('/api/auth/logout')).statusCode).toBe(200);
    const after = await c.get('/api/auth/me');
    expect(after.statusCode).toBe(401);
  });

  it('expires a session idle for more than 30 minutes', async () => {
    const c = await login(ctx.app, 'township_admin');
    await ctx.db.execute(sql`update sessions set last_seen_at = now() - interval '31 minutes' where user_id = (select id from users where username = 'township_admin')`);
    const r = await c.get('/api/auth/me');
    expect(r.statusCode).toBe(401);
    expect(problem(r).detail).toContain('超时');
  });

  it('forces a new user to change the initial password, enforcing the policy', async () => {
    const sys = await login(ctx.app, 'sys_admin');
    const weak = await sys.post('/api/users', { username: 'new_worker', displayName: '新党务干部', password: 'short' });
    expect(weak.statusCode).toBe(400);
    expect(problem(weak).errors[0]!.field).toBe('password');
    const made = await sys.post('/api/users', { username: 'new_worker', displayName: '新党务干部', password: 'Initial#2026' });
    expect(made.statusCode).toBe(201);
    const nw = await login(ctx.app, 'new_worker', 'Initial#2026');
    const blocked = await nw.get('/api/orgs/tree');
    expect(blocked.statusCode).toBe(403);
    expect(problem(blocked).code).toBe('PASSWORD_CHANGE_REQUIRED');
    const twoClasses = await nw.post('/api/auth/password', { oldPassword: 'Initial#2026', newPassword: 'abcdefghij' });
    expect(twoClasses.statusCode).toBe(400);
    expect(problem(twoClasses).detail).toContain('三类');
    expect((await nw.post('/api/auth/password', { oldPassword: 'Initial#2026', newPassword: 'Better#2027x' })).statusCode).toBe(200);
    expect((await nw.get('/api/auth/me')).json().mustChangePassword).toBe(false);
    const audit = await one<{ n: number }>(ctx.db, sql`select count(*)::int as n from audit_log where entity = 'user' and action = 'change_password'`);
    expect(audit.n).toBe(1);
  });

  it('keeps the audit and login logs append-only even for the database user', async () => {
    await expect(ctx.db.execute(sql`delete from login_log`)).rejects.toThrow();
    await expect(ctx.db.execute(sql`update audit_log set action = 'x'`)).rejects.toThrow();
  });
});

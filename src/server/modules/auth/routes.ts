import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { can, SCOPES } from '../../core/actor.js';
import { actorOf, sendXlsx } from '../../core/http.js';
import { writeXlsx } from '../../core/xlsx.js';
import { PageQuery } from '../../core/paging.js';
import { ALL_PERMISSIONS, PERMISSION_LABELS } from '../../core/permissions.js';
import { IdParam } from '../orgs/schemas.js';
import * as admin from './admin-service.js';
import * as svc from './service.js';

export default async function authRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db, config } = app;
  const tags = ['账号与权限'];
  const client = (req: { ip: string; headers: Record<string, unknown> }) => ({ ip: req.ip, userAgent: String(req.headers['user-agent'] ?? '').slice(0, 200) });

  app.post('/api/auth/login', {
    schema: { tags, summary: '登录', body: z.object({ username: z.string().trim().min(1, '请输入用户名').max(50), password: z.string().min(1, '请输入密码').max(200) }) },
  }, async (req, reply) => {
    const r = await svc.login(db, config, req.body, client(req));
    reply.setCookie(svc.SESSION_COOKIE, r.token, { path: '/', httpOnly: true, sameSite: 'lax', secure: config.secureCookies });
    return { csrfToken: r.csrfToken, mustChangePassword: r.mustChangePassword };
  });
  app.post('/api/auth/logout', { schema: { tags, summary: '退出登录' } }, async (req, reply) => {
    if (req.session) await svc.logout(db, req.session);
    reply.clearCookie(svc.SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });
  app.get('/api/auth/me', { schema: { tags, summary: '当前用户、权限和 CSRF 令牌' } }, async (req) => {
    const actor = actorOf(req);
    return {
      userId: actor.userId, username: actor.username, displayName: actor.displayName, memberId: actor.memberId,
      csrfToken: req.session!.csrfToken, mustChangePassword: req.session!.mustChangePassword,
      permissions: ALL_PERMISSIONS.filter((p) => can(actor, p)),
      assignments: actor.assignments.map((a) => ({ roleCode: a.roleCode, scope: a.scope, orgId: a.orgId })),
    };
  });
  app.post('/api/auth/password', {
    schema: { tags, summary: '修改密码', body: z.object({ oldPassword: z.string().min(1, '请输入原密码'), newPassword: z.string().min(1, '请输入新密码').max(200) }) },
  }, async (req) => { await svc.changePassword(db, actorOf(req), req.body); return { ok: true }; });

  app.get('/api/permissions', { schema: { tags, summary: '权限清单' } }, async (req) => {
    actorOf(req);
    return ALL_PERMISSIONS.map((code) => ({ code, label: PERMISSION_LABELS[code] }));
  });
  app.get('/api/users', { schema: { tags, summary: '用户列表', querystring: PageQuery.extend({ keyword: z.string().max(50).optional() }) } },
    async (req) => admin.findUsers(db, actorOf(req), req.query));
  app.get('/api/users/export', { schema: { tags, summary: '导出用户与授权', querystring: PageQuery.extend({ keyword: z.string().max(50).optional() }) } },
    async (req, reply) => {
      const { items } = await admin.findUsers(db, actorOf(req), { ...req.query, page: 1, pageSize: 100_000 });
      const SCOPE: Record<string, string> = { all: '全县', org_and_below: '本组织及下级', own_org: '本组织', self: '本人', custom: '指定组织' };
      const buf = await writeXlsx('用户', [
        { header: '用户名', value: (u: (typeof items)[number]) => u.username }, { header: '姓名', value: (u) => u.displayName },
        { header: '状态', value: (u) => (u.isActive ? '正常' : '停用') },
        { header: '角色与数据范围', width: 60, value: (u) => u.assignments.map((a) => `${a.roleName}·${SCOPE[a.scope]}${a.orgName ? `（${a.orgName}）` : ''}`).join('；') },
      ], items);
      return sendXlsx(reply, '用户与授权.xlsx', buf);
    });
  app.post('/api/users', { schema: { tags, summary: '新建用户（系统管理员）', body: z.object({
    username: z.string().trim().regex(/^[a-zA-Z0-9_.-]{3,32}$/, '用户名为 3–32 位字母、数字、下划线'),
    displayName: z.string().trim().min(1, '请填写姓名').max(30), password: z.string().min(1, '请设置初始密码'),
    memberId: z.number().int().positive().nullish() }) } },
  async (req, reply) => { reply.code(201); return admin.createUser(db, actorOf(req), req.body); });
  app.put('/api/users/:id', { schema: { tags, summary: '修改用户、重置密码、解锁、停用', params: IdParam, body: z.object({
    version: z.number().int(), displayName: z.string().trim().min(1).max(30).optional(), isActive: z.boolean().optional(),
    resetPassword: z.string().optional(), unlock: z.boolean().optional() }) } },
  async (req) => admin.updateUser(db, actorOf(req), req.params.id, req.body));
  app.get('/api/roles', { schema: { tags, summary: '角色列表' } }, async (req) => admin.findRoles(db, actorOf(req)));
  const RoleBody = z.object({ name: z.string().trim().min(1, '请填写角色名称').max(30), permissions: z.array(z.string()).max(50) });
  app.post('/api/roles', { schema: { tags, summary: '新建角色（安全管理员）', body: RoleBody.extend({
    code: z.string().regex(/^[a-z][a-z0-9_]{2,31}$/, '角色编码为小写字母开头的 3–32 位字母、数字、下划线') }) } },
  async (req, reply) => { reply.code(201); return admin.createRole(db, actorOf(req), req.body); });
  app.put('/api/roles/:id', { schema: { tags, summary: '修改角色权限', params: IdParam, body: RoleBody.extend({ version: z.number().int() }) } },
    async (req) => admin.updateRole(db, actorOf(req), req.params.id, req.body));
  app.post('/api/role-assignments', { schema: { tags, summary: '授权：给用户分配角色和数据范围（安全管理员）', body: z.object({
    userId: z.number().int().positive(), roleId: z.number().int().positive(), scope: z.enum(SCOPES, { error: '请选择数据范围' }),
    orgId: z.number().int().positive().nullish(), customOrgIds: z.array(z.number().int().positive()).max(500).optional() }) } },
  async (req, reply) => { reply.code(201); return admin.assignRole(db, actorOf(req), req.body); });
  app.delete('/api/role-assignments/:id', { schema: { tags, summary: '撤销授权', params: IdParam } },
    async (req) => { await admin.revokeAssignment(db, actorOf(req), req.params.id); return { ok: true }; });
}

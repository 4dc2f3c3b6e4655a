import type { FastifyInstance } from 'fastify';
import { authApi } from '../../../shared/api/auth.js';
import { routesOf } from '../../core/contract.js';
import { can } from '../../core/actor.js';
import { actorOf, sendXlsx } from '../../core/http.js';
import { writeXlsx } from '../../core/xlsx.js';
import { ALL_PERMISSIONS, PERMISSION_LABELS } from '../../core/permissions.js';
import * as admin from './admin-service.js';
import * as svc from './service.js';

export default async function authRoutes(fastify: FastifyInstance) {
  const app = fastify;
  const r = routesOf(app, authApi);
  const { db, config } = app;
  const client = (req: { ip: string; headers: Record<string, unknown> }) => ({ ip: req.ip, userAgent: String(req.headers['user-agent'] ?? '').slice(0, 200) });

  r('POST /api/auth/login', async (req, reply) => {
    const r = await svc.login(db, config, req.body, client(req));
    reply.setCookie(svc.SESSION_COOKIE, r.token, { path: '/', httpOnly: true, sameSite: 'lax', secure: config.secureCookies });
    return { csrfToken: r.csrfToken, mustChangePassword: r.mustChangePassword };
  });
  r('POST /api/auth/logout', async (req, reply) => {
    if (req.session) await svc.logout(db, req.session);
    reply.clearCookie(svc.SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });
  r('GET /api/auth/me', async (req) => {
    const actor = actorOf(req);
    return {
      userId: actor.userId, username: actor.username, displayName: actor.displayName, memberId: actor.memberId,
      csrfToken: req.session!.csrfToken, mustChangePassword: req.session!.mustChangePassword,
      permissions: ALL_PERMISSIONS.filter((p) => can(actor, p)),
      assignments: actor.assignments.map((a) => ({ roleCode: a.roleCode, scope: a.scope, orgId: a.orgId })),
      wide: await svc.looksAcross(db, actor),
    };
  });
  r('POST /api/auth/password', async (req) => { await svc.changePassword(db, actorOf(req), req.body); return { ok: true }; });

  r('GET /api/permissions', async (req) => {
    actorOf(req);
    return ALL_PERMISSIONS.map((code) => ({ code, label: PERMISSION_LABELS[code] }));
  });
  r('GET /api/users', async (req) => admin.findUsers(db, actorOf(req), req.query));
  r('GET /api/users/export', async (req, reply) => {
      const { items } = await admin.findUsers(db, actorOf(req), { ...req.query, page: 1, pageSize: 100_000 });
      const SCOPE: Record<string, string> = { all: '全县', org_and_below: '本组织及下级', own_org: '本组织', self: '本人', custom: '指定组织' };
      const buf = await writeXlsx('用户', [
        { header: '用户名', value: (u: (typeof items)[number]) => u.username }, { header: '姓名', value: (u) => u.displayName },
        { header: '状态', value: (u) => (u.isActive ? '正常' : '停用') },
        { header: '角色与数据范围', width: 60, value: (u) => u.assignments.map((a) => `${a.roleName}·${SCOPE[a.scope]}${a.orgName ? `（${a.orgName}）` : ''}`).join('；') },
      ], items);
      return sendXlsx(reply, '用户与授权.xlsx', buf);
    });
  r('POST /api/users', async (req) => { return admin.createUser(db, actorOf(req), req.body); });
  r('PUT /api/users/:id', async (req) => admin.updateUser(db, actorOf(req), req.params.id, req.body));
  r('GET /api/roles', async (req) => admin.findRoles(db, actorOf(req)));
  r('POST /api/roles', async (req) => { return admin.createRole(db, actorOf(req), req.body); });
  r('PUT /api/roles/:id', async (req) => admin.updateRole(db, actorOf(req), req.params.id, req.body));
  r('POST /api/role-assignments', async (req) => { return admin.assignRole(db, actorOf(req), req.body); });
  r('DELETE /api/role-assignments/:id', async (req) => { await admin.revokeAssignment(db, actorOf(req), req.params.id); return { ok: true }; });
}

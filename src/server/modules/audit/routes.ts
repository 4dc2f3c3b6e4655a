import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, sendXlsx } from '../../core/http.js';
import { PageQuery, QueryBool } from '../../core/paging.js';
import { writeXlsx } from '../../core/xlsx.js';
import { IsoDate } from '../orgs/schemas.js';
import * as svc from './service.js';

const AuditQuery = PageQuery.extend({
  actor: z.string().max(50).optional(), entity: z.string().max(40).optional(), entityId: z.string().max(40).optional(),
  action: z.string().max(40).optional(), from: IsoDate.optional(), to: IsoDate.optional(),
});
const LoginQuery = PageQuery.extend({ username: z.string().max(50).optional(), success: QueryBool.optional(), from: IsoDate.optional(), to: IsoDate.optional() });
const fmt = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19);

export default async function auditRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = app.db;
  const tags = ['审计'];
  app.get('/api/audit', { schema: { tags, summary: '审计日志（只读）', querystring: AuditQuery } }, async (req) => svc.findAuditEntries(db, actorOf(req), req.query));
  app.get('/api/audit/export', { schema: { tags, summary: '导出审计日志', querystring: AuditQuery } }, async (req, reply) => {
    const { items } = await svc.findAuditEntries(db, actorOf(req), { ...req.query, page: 1, pageSize: 100_000 });
    const buf = await writeXlsx('审计日志', [
      { header: '时间', width: 20, value: (a: (typeof items)[number]) => fmt(a.at) }, { header: '操作人', value: (a) => a.actorName },
      { header: 'IP', value: (a) => a.ip }, { header: '操作', value: (a) => a.action }, { header: '对象', value: (a) => a.entity },
      { header: '对象编号', value: (a) => a.entityId }, { header: '变更前', width: 50, value: (a) => JSON.stringify(a.before) },
      { header: '变更后', width: 50, value: (a) => JSON.stringify(a.after) },
    ], items);
    return sendXlsx(reply, '审计日志.xlsx', buf);
  });
  app.get('/api/login-log', { schema: { tags, summary: '登录日志（只读）', querystring: LoginQuery } }, async (req) => svc.findLoginLog(db, actorOf(req), req.query));
  app.get('/api/login-log/export', { schema: { tags, summary: '导出登录日志', querystring: LoginQuery } }, async (req, reply) => {
    const { items } = await svc.findLoginLog(db, actorOf(req), { ...req.query, page: 1, pageSize: 100_000 });
    const buf = await writeXlsx('登录日志', [
      { header: '时间', width: 20, value: (a: (typeof items)[number]) => fmt(a.at) }, { header: '用户名', value: (a) => a.username },
      { header: 'IP', value: (a) => a.ip }, { header: '事件', value: (a) => a.event }, { header: '成功', value: (a) => (a.success ? '是' : '否') },
      { header: '说明', width: 30, value: (a) => a.reason },
    ], items);
    return sendXlsx(reply, '登录日志.xlsx', buf);
  });
}

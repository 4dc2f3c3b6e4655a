import type { FastifyInstance } from 'fastify';
import { auditApi } from '../../../shared/api/audit.js';
import { routesOf } from '../../core/contract.js';
import { actorOf, sendXlsx } from '../../core/http.js';
import { writeXlsx } from '../../core/xlsx.js';
import * as svc from './service.js';

const fmt = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19);

export default async function auditRoutes(fastify: FastifyInstance) {
  const app = fastify;
  const r = routesOf(app, auditApi);
  const db = app.db;
  r('GET /api/audit', async (req) => svc.findAuditEntries(db, actorOf(req), req.query));
  r('GET /api/audit/export', async (req, reply) => {
    const { items } = await svc.findAuditEntries(db, actorOf(req), { ...req.query, page: 1, pageSize: 100_000 });
    const buf = await writeXlsx('审计日志', [
      { header: '时间', width: 20, value: (a: (typeof items)[number]) => fmt(a.at) }, { header: '操作人', value: (a) => a.actorName },
      { header: 'IP', value: (a) => a.ip }, { header: '操作', value: (a) => a.action }, { header: '对象', value: (a) => a.entity },
      { header: '对象编号', value: (a) => a.entityId }, { header: '变更前', width: 50, value: (a) => JSON.stringify(a.before) },
      { header: '变更后', width: 50, value: (a) => JSON.stringify(a.after) },
    ], items);
    return sendXlsx(reply, '审计日志.xlsx', buf);
  });
  r('GET /api/login-log', async (req) => svc.findLoginLog(db, actorOf(req), req.query));
  r('GET /api/login-log/export', async (req, reply) => {
    const { items } = await svc.findLoginLog(db, actorOf(req), { ...req.query, page: 1, pageSize: 100_000 });
    const buf = await writeXlsx('登录日志', [
      { header: '时间', width: 20, value: (a: (typeof items)[number]) => fmt(a.at) }, { header: '用户名', value: (a) => a.username },
      { header: 'IP', value: (a) => a.ip }, { header: '事件', value: (a) => a.event }, { header: '成功', value: (a) => (a.success ? '是' : '否') },
      { header: '说明', width: 30, value: (a) => a.reason },
    ], items);
    return sendXlsx(reply, '登录日志.xlsx', buf);
  });
}

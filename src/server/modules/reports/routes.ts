import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, sendXlsx } from '../../core/http.js';
import * as svc from './service.js';
import { buildReport, listReports } from './standard.js';

const Scope = z.object({ under: z.coerce.number().int().positive().optional(), year: z.coerce.number().int().min(2000).max(2100).optional() });

export default async function reportRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = app.db;
  const tags = ['驾驶舱与报表'];
  app.get('/api/cockpit', { schema: { tags, summary: '领导驾驶舱：全县（或所选单位）的各项数据，按数据范围', querystring: Scope } },
    async (req) => svc.cockpit(db, actorOf(req), req.query));
  app.get('/api/reports', { schema: { tags, summary: '标准报表目录（按权限）' } }, async (req) => listReports(actorOf(req)));
  app.get('/api/reports/:key', { schema: { tags, summary: '报表预览（与导出的 Excel 相同的数据）', params: z.object({ key: z.string().max(40) }), querystring: Scope } },
    async (req) => { const r = await buildReport(db, actorOf(req), req.params.key, req.query); return { title: r.title, scopeName: r.scopeName, year: r.year, ...r.table }; });
  app.get('/api/reports/:key/export', { schema: { tags, summary: '导出报表（Excel，注明统计范围和日期）', params: z.object({ key: z.string().max(40) }), querystring: Scope } },
    async (req, reply) => { const r = await buildReport(db, actorOf(req), req.params.key, req.query); return sendXlsx(reply, r.name, r.buffer); });
}

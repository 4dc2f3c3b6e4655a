import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf, sendXlsx } from '../../core/http.js';
import { writeXlsx } from '../../core/xlsx.js';
import { IdParam } from '../orgs/schemas.js';
import { MEMBER_COLUMNS } from './register.js';
import * as svc from './service.js';
import { CreateMemberBody, MemberQuery, TransferBody, UpdateMemberBody } from './schemas.js';

const EXPORT_LIMIT = 200_000;

export default async function memberRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = app.db;
  const tags = ['党员'];
  app.get('/api/members', { schema: { tags, summary: '党员列表（检索、筛选、分页、排序）', querystring: MemberQuery } },
    async (req) => svc.findMembers(db, actorOf(req), req.query));
  app.get('/api/members/export', { schema: { tags, summary: '导出党员列表（与列表相同的筛选和范围）', querystring: MemberQuery } },
    async (req, reply) => {
      const { items } = await svc.findMembers(db, actorOf(req), { ...req.query, page: 1, pageSize: EXPORT_LIMIT });
      const buf = await writeXlsx('党员信息', MEMBER_COLUMNS, items as unknown as Record<string, unknown>[]);
      return sendXlsx(reply, `党员列表-${new Date().toISOString().slice(0, 10)}.xlsx`, buf);
    });
  app.get('/api/members/:id', { schema: { tags, summary: '党员详情（含转接记录、职务）', params: IdParam } },
    async (req) => svc.getMember(db, actorOf(req), req.params.id));
  app.get('/api/members/:id/history', { schema: { tags, summary: '党员信息变更历史', params: IdParam } },
    async (req) => svc.getMemberHistory(db, actorOf(req), req.params.id));
  app.post('/api/members', { schema: { tags, summary: '新增党员', body: CreateMemberBody } },
    async (req, reply) => { reply.code(201); return svc.createMember(db, actorOf(req), req.body); });
  app.put('/api/members/:id', { schema: { tags, summary: '修改党员信息', params: IdParam, body: UpdateMemberBody } },
    async (req) => svc.updateMember(db, actorOf(req), req.params.id, req.body));
  app.post('/api/members/:id/transfer', { schema: { tags, summary: '组织关系转接（县内）', params: IdParam, body: TransferBody } },
    async (req) => svc.transferMember(db, actorOf(req), req.params.id, req.body));
}

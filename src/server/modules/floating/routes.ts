import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../core/http.js';
import { PageQuery, QueryBool } from '../../core/paging.js';
import { IdParam, IsoDate } from '../orgs/schemas.js';
import * as svc from './service.js';

export default async function floatingRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = app.db;
  const tags = ['流动党员'];
  app.get('/api/floating', { schema: { tags, summary: '流动党员登记（外出、流入）', querystring: PageQuery.extend({
    under: z.coerce.number().int().positive().optional(), direction: z.enum(['outflow', 'inflow']).optional(), active: QueryBool.optional() }) } },
  async (req) => svc.findFloating(db, actorOf(req), req.query));
  app.post('/api/floating', { schema: { tags, summary: '登记外出或流入', body: z.object({
    memberId: z.number({ error: '请选择党员' }).int().positive(), direction: z.enum(['outflow', 'inflow'], { error: '请选择外出或流入' }),
    region: z.string().trim().min(2, '请填写外出流向（省/市/县）').max(60), employer: z.string().trim().max(60).nullish(),
    contactPhone: z.string().trim().regex(/^[\d\-+ ]{0,20}$/, '联系电话只能包含数字和 -').nullish(), since: IsoDate,
    receivingOrg: z.string().trim().max(60).nullish() }) } },
  async (req, reply) => { reply.code(201); return svc.registerFloating(db, actorOf(req), req.body); });
  app.post('/api/floating/:id/end', { schema: { tags, summary: '结束流动登记（返回、转出等）', params: IdParam, body: z.object({
    endedOn: IsoDate, reason: z.string().trim().min(2, '请填写结束原因').max(100) }) } },
  async (req) => svc.endFloating(db, actorOf(req), req.params.id, req.body));
  app.get('/api/members/:id/contacts', { schema: { tags, summary: '联系记录', params: IdParam } },
    async (req) => svc.findContacts(db, actorOf(req), req.params.id));
  app.post('/api/members/:id/contacts', { schema: { tags, summary: '记录一次联系（联系上或未联系上）', params: IdParam, body: z.object({
    contactedOn: IsoDate, method: z.enum(['phone', 'wechat', 'visit', 'letter', 'other'], { error: '请选择联系方式' }), reached: z.boolean(),
    note: z.string().trim().max(300).nullish() }) } },
  async (req, reply) => { reply.code(201); return svc.recordContact(db, actorOf(req), req.params.id, req.body); });
  app.get('/api/floating/unreachable', { schema: { tags, summary: '6 个月未联系上的流动党员（疑似失联）', querystring: PageQuery.extend({
    under: z.coerce.number().int().positive().optional() }) } },
  async (req) => svc.findUnreachable(db, actorOf(req), req.query));
  app.post('/api/members/:id/leave-proposal', { schema: { tags, summary: '提出按自行脱党处理（报上级审批）', params: IdParam,
    body: z.object({ reason: z.string().trim().min(10, '请写明失联经过和查找情况（至少 10 个字）').max(1000) }) } },
  async (req, reply) => { reply.code(201); return svc.proposeLeave(db, actorOf(req), req.params.id, req.body); });
  app.get('/api/leave-decisions', { schema: { tags, summary: '按自行脱党处理的审批', querystring: z.object({ status: z.enum(['pending', 'approved', 'rejected']).optional() }) } },
    async (req) => svc.findLeaveDecisions(db, actorOf(req), req.query));
  app.post('/api/leave-decisions/:id/decide', { schema: { tags, summary: '上级审批：同意或不同意', params: IdParam,
    body: z.object({ approve: z.boolean(), note: z.string().trim().min(2, '请填写审批意见').max(500) }) } },
  async (req) => svc.decideLeave(db, actorOf(req), req.params.id, req.body));
  app.post('/api/members/:id/lost-contact', { schema: { tags, summary: '标记失联（须有查找记录；不等于出党）', params: IdParam,
    body: z.object({ since: IsoDate }) } },
  async (req) => svc.markLostContact(db, actorOf(req), req.params.id, req.body));
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, readEvidence, sendFile, sendXlsx } from '../../core/http.js';
import { PageQuery, QueryBool, today } from '../../core/paging.js';
import { require } from '../../core/actor.js';
import { P } from '../../core/permissions.js';
import { writeXlsx } from '../../core/xlsx.js';
import { IdParam, Text } from '../orgs/schemas.js';
import * as svc from './service.js';

const Query = PageQuery.extend({ keyword: z.string().trim().max(40).optional(), unread: QueryBool.optional() });

export default async function noticeRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = app.db;
  const tags = ['通知公告'];
  app.get('/api/notices', { schema: { tags, summary: '我收到的通知（unread=true：未读）', querystring: Query } }, async (req) => svc.inbox(db, actorOf(req), req.query));
  app.get('/api/notices/sent', { schema: { tags, summary: '本单位发布的通知与阅读情况', querystring: Query } }, async (req) => svc.sentNotices(db, actorOf(req), req.query));
  app.get('/api/notices/roles', { schema: { tags, summary: '可选的通知对象（角色）' } }, async (req) => { require(actorOf(req), P.noticePublish); return svc.noticeRoles(db); });
  app.post('/api/notices/files', { schema: { tags, summary: '上传通知附件（发布时引用）', consumes: ['multipart/form-data'] } }, async (req, reply) => {
    const actor = actorOf(req);
    require(actor, P.noticePublish); // permission first: an outsider's upload is never read
    const file = await readEvidence(req);
    reply.code(201);
    return svc.uploadNoticeFile(db, actor, file);
  });
  app.post('/api/notices', { schema: { tags, summary: '发布通知（范围：所选党组织及其下级的用户，可限定角色）', body: z.object({
    senderOrgId: z.number({ error: '请选择发文单位' }).int().positive(), issuer: z.string().trim().max(40).nullish(), title: Text('标题', 100), body: Text('正文', 20000),
    orgIds: z.array(z.number().int().positive()).max(200), roles: z.array(z.string().max(40)).max(20).optional(), fileIds: z.array(z.number().int().positive()).max(10).optional() }) } },
  async (req, reply) => { reply.code(201); return svc.publishNotice(db, actorOf(req), req.body); });
  app.get('/api/notices/:id', { schema: { tags, summary: '阅读通知（首次打开即记为已读）', params: IdParam } }, async (req) => svc.readNotice(db, actorOf(req), req.params.id));
  app.get('/api/notices/:id/files/:fileId', { schema: { tags, summary: '下载通知附件', params: IdParam.extend({ fileId: z.coerce.number().int().positive() }) } },
    async (req, reply) => sendFile(reply, await svc.noticeFile(db, actorOf(req), req.params.id, req.params.fileId)));
  app.get('/api/notices/:id/receipts', { schema: { tags, summary: '阅读回执（unread=true：未读名单）', params: IdParam, querystring: z.object({ unread: QueryBool.optional() }) } },
    async (req) => svc.receipts(db, actorOf(req), req.params.id, req.query));
  app.get('/api/notices/:id/receipts/export', { schema: { tags, summary: '导出阅读回执（Excel）', params: IdParam } }, async (req, reply) => {
    const r = await svc.receipts(db, actorOf(req), req.params.id);
    type R = (typeof r.items)[number];
    const buf = await writeXlsx('阅读回执', [
      { header: '单位', width: 34, value: (x: R) => x.orgName }, { header: '接收人', width: 24, value: (x) => x.displayName },
      { header: '阅读时间', width: 22, value: (x) => (x.readAt ? new Date(x.readAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }) : '未读') },
    ], r.items, { highlight: (x) => !x.readAt });
    return sendXlsx(reply, `阅读回执-${r.notice.title}-${today()}.xlsx`, buf);
  });
  app.post('/api/notices/:id/withdraw', { schema: { tags, summary: '撤回通知（须写明原因；通知与回执保留）', params: IdParam, body: z.object({ reason: Text('撤回原因', 200) }) } },
    async (req) => svc.withdrawNotice(db, actorOf(req), req.params.id, req.body));
  app.post('/api/notices/:id/remind', { schema: { tags, summary: '提醒未读人员（每天最多一次）', params: IdParam } },
    async (req, reply) => { reply.code(201); return svc.remind(db, actorOf(req), req.params.id); });
}

import type { FastifyInstance } from 'fastify';
import { noticesApi } from '../../../shared/api/notices.js';
import { routesOf } from '../../core/contract.js';
import { actorOf, readEvidence, sendFile, sendXlsx } from '../../core/http.js';
import { today } from '../../core/paging.js';
import { require } from '../../core/actor.js';
import { P } from '../../core/permissions.js';
import { writeXlsx } from '../../core/xlsx.js';
import * as svc from './service.js';


export default async function noticeRoutes(fastify: FastifyInstance) {
  const app = fastify;
  const r = routesOf(app, noticesApi);
  const db = app.db;
  r('GET /api/notices', async (req) => svc.inbox(db, actorOf(req), req.query));
  r('GET /api/notices/sent', async (req) => svc.sentNotices(db, actorOf(req), req.query));
  r('GET /api/notices/roles', async (req) => { require(actorOf(req), P.noticePublish); return svc.noticeRoles(db); });
  r('POST /api/notices/files', async (req) => {
    const actor = actorOf(req);
    require(actor, P.noticePublish); // permission first: an outsider's upload is never read
    const file = await readEvidence(req);
    return svc.uploadNoticeFile(db, actor, file);
  });
  r('GET /api/notices/preview', async (req) => svc.noticePreview(db, actorOf(req), {
    orgIds: req.query.orgIds ? req.query.orgIds.split(',').map(Number) : [], roles: req.query.roles ? req.query.roles.split(',').filter(Boolean) : [] }));
  r('POST /api/notices', async (req) => { return svc.publishNotice(db, actorOf(req), req.body); });
  r('GET /api/notices/:id', async (req) => svc.readNotice(db, actorOf(req), req.params.id));
  r('GET /api/notices/:id/files/:fileId', async (req, reply) => sendFile(reply, await svc.noticeFile(db, actorOf(req), req.params.id, req.params.fileId)));
  r('GET /api/notices/:id/receipts', async (req) => svc.receipts(db, actorOf(req), req.params.id, req.query));
  r('GET /api/notices/:id/receipts/export', async (req, reply) => {
    const r = await svc.receipts(db, actorOf(req), req.params.id);
    type R = (typeof r.items)[number];
    const buf = await writeXlsx('阅读回执', [
      { header: '单位', width: 34, value: (x: R) => x.orgName }, { header: '接收人', width: 24, value: (x) => x.displayName },
      { header: '阅读时间', width: 22, value: (x) => (x.readAt ? new Date(x.readAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }) : '未读') },
    ], r.items, { highlight: (x) => !x.readAt });
    return sendXlsx(reply, `阅读回执-${r.notice.title}-${today()}.xlsx`, buf);
  });
  r('POST /api/notices/:id/withdraw', async (req) => svc.withdrawNotice(db, actorOf(req), req.params.id, req.body));
  r('POST /api/notices/:id/remind', async (req) => { return svc.remind(db, actorOf(req), req.params.id); });
}

import type { FastifyInstance } from 'fastify';
import { orgsApi } from '../../../shared/api/orgs.js';
import { routesOf } from '../../core/contract.js';
import { actorOf, sendXlsx } from '../../core/http.js';
import { writeXlsx } from '../../core/xlsx.js';
import { ORG_COLUMNS } from './register.js';
import * as svc from './service.js';

const EXPORT_LIMIT = 100_000;

export default async function orgRoutes(fastify: FastifyInstance) {
  const app = fastify;
  const r = routesOf(app, orgsApi);
  const db = app.db;

  r('GET /api/org-categories', async (req) => {
    actorOf(req);
    return svc.findCategories(db);
  });
  r('GET /api/orgs/tree', async (req) => svc.findTreeRoots(db, actorOf(req)));
  r('GET /api/orgs', async (req) => svc.findOrgs(db, actorOf(req), req.query));
  r('GET /api/orgs/export', async (req, reply) => {
      const actor = actorOf(req);
      const items = await svc.exportOrgs(db, actor, req.query, EXPORT_LIMIT);
      const buf = await writeXlsx('党组织', [...ORG_COLUMNS, { header: '党员数', value: (o) => o.subtreeMemberCount as number }], items);
      return sendXlsx(reply, `党组织列表-${new Date().toISOString().slice(0, 10)}.xlsx`, buf);
    });
  r('GET /api/orgs/:id', async (req) => svc.getOrg(db, actorOf(req), req.params.id));
  r('GET /api/orgs/:id/history', async (req) => svc.getOrgHistory(db, actorOf(req), req.params.id));
  r('GET /api/orgs/:id/children', async (req) => svc.findChildren(db, actorOf(req), req.params.id, req.query.includeDissolved === 'true'));
  r('POST /api/orgs', async (req) => {
    const { parentId, ...input } = req.body;
    return svc.createOrg(db, actorOf(req), parentId, input);
  });
  r('PUT /api/orgs/:id', async (req) => svc.updateOrg(db, actorOf(req), req.params.id, req.body));
  r('POST /api/orgs/:id/move', async (req) => svc.moveOrg(db, actorOf(req), req.params.id, req.body));
  r('POST /api/orgs/:id/dissolve', async (req) => svc.dissolveOrg(db, actorOf(req), req.params.id, req.body));
  r('POST /api/orgs/:id/posts', async (req) => { return svc.addPost(db, actorOf(req), req.params.id, req.body); });
  r('POST /api/org-posts/:id/end', async (req) => svc.endPost(db, actorOf(req), req.params.id, req.body));
  r('GET /api/workers', async (req) => svc.findWorkers(db, actorOf(req), req.query));
  r('GET /api/workers/export', async (req, reply) => {
      const { items } = await svc.findWorkers(db, actorOf(req), { ...req.query, page: 1, pageSize: EXPORT_LIMIT });
      const { POST_LABELS } = await import('../../../shared/codes.js');
      const buf = await writeXlsx('党务工作者', [
        { header: '姓名', value: (w: (typeof items)[number]) => w.personName },
        { header: '职务', value: (w) => POST_LABELS[w.post] },
        { header: '所在党组织', width: 36, value: (w) => w.orgName },
        { header: '任职日期', width: 12, value: (w) => w.startedOn },
        { header: '手机号码', width: 14, value: (w) => w.mobile },
      ], items);
      return sendXlsx(reply, '党务工作者名册.xlsx', buf);
    });
  r('GET /api/structure-rules', async (req) => svc.findStructureRules(db, actorOf(req)));
  r('POST /api/structure-rules', async (req) => { return svc.addStructureRule(db, actorOf(req), req.body); });
  r('GET /api/structure-warnings', async (req) => svc.findStructureWarnings(db, actorOf(req), req.query));
  r('GET /api/structure-warnings/export', async (req, reply) => {
      const { items } = await svc.findStructureWarnings(db, actorOf(req), { ...req.query, page: 1, pageSize: EXPORT_LIMIT });
      const buf = await writeXlsx('组织设置预警', [
        { header: '党组织', width: 40, value: (w: (typeof items)[number]) => w.name },
        { header: '党员数', value: (w) => w.totalMembers },
        { header: '正式党员数', value: (w) => w.fullMembers },
        { header: '下属党员总数', value: (w) => w.subtreeMembers },
        { header: '问题', width: 60, value: (w) => w.warnings.map((x) => x.message).join('；') },
      ], items);
      return sendXlsx(reply, '组织设置预警.xlsx', buf);
    });
}

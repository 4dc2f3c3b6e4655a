import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, sendXlsx } from '../../core/http.js';
import { writeXlsx } from '../../core/xlsx.js';
import { ORG_COLUMNS } from './register.js';
import * as svc from './service.js';
import {
  AddPostBody, CreateOrgBody, DissolveOrgBody, EndPostBody, IdParam, MoveOrgBody, OrgListItem, OrgQuery, UpdateOrgBody,
  WarningQuery, WorkerQuery,
} from './schemas.js';

const EXPORT_LIMIT = 100_000;

export default async function orgRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = app.db;
  const tags = ['党组织'];

  app.get('/api/org-categories', { schema: { tags, summary: '组织类别字典' } }, async (req) => {
    actorOf(req);
    return svc.findCategories(db);
  });
  app.get('/api/orgs/tree', { schema: { tags, summary: '组织树的根（本人管理范围的最高层）', response: { 200: z.array(OrgListItem) } } },
    async (req) => svc.findTreeRoots(db, actorOf(req)));
  app.get('/api/orgs', { schema: { tags, summary: '党组织列表（检索、筛选、分页、排序）', querystring: OrgQuery } },
    async (req) => svc.findOrgs(db, actorOf(req), req.query));
  app.get('/api/orgs/export', { schema: { tags, summary: '导出党组织列表（与列表相同的筛选）', querystring: OrgQuery } },
    async (req, reply) => {
      const actor = actorOf(req);
      const { items } = await svc.findOrgs(db, actor, { ...req.query, page: 1, pageSize: EXPORT_LIMIT });
      const cats = new Map((await svc.findCategories(db)).map((c) => [c.code, c.label]));
      const buf = await writeXlsx('党组织', [...ORG_COLUMNS, { header: '党员数', value: (o) => o.subtreeMemberCount as number }],
        items.map((o) => ({ ...o, categoryLabel: cats.get(o.category) })));
      return sendXlsx(reply, `党组织列表-${new Date().toISOString().slice(0, 10)}.xlsx`, buf);
    });
  app.get('/api/orgs/:id', { schema: { tags, summary: '党组织详情（含结构预警、班子、届期）', params: IdParam } },
    async (req) => svc.getOrg(db, actorOf(req), req.params.id));
  app.get('/api/orgs/:id/history', { schema: { tags, summary: '党组织变更历史', params: IdParam } },
    async (req) => svc.getOrgHistory(db, actorOf(req), req.params.id));
  app.get('/api/orgs/:id/children', { schema: { tags, summary: '下级组织（含下级数、党员数）', params: IdParam,
    querystring: z.object({ includeDissolved: z.enum(['true', 'false']).optional() }), response: { 200: z.array(OrgListItem) } } },
  async (req) => svc.findChildren(db, actorOf(req), req.params.id, req.query.includeDissolved === 'true'));
  app.post('/api/orgs', { schema: { tags, summary: '新建党组织', body: CreateOrgBody } }, async (req, reply) => {
    const { parentId, ...input } = req.body;
    reply.code(201);
    return svc.createOrg(db, actorOf(req), parentId, input);
  });
  app.put('/api/orgs/:id', { schema: { tags, summary: '修改党组织', params: IdParam, body: UpdateOrgBody } },
    async (req) => svc.updateOrg(db, actorOf(req), req.params.id, req.body));
  app.post('/api/orgs/:id/move', { schema: { tags, summary: '调整隶属关系（整棵子树移动）', params: IdParam, body: MoveOrgBody } },
    async (req) => svc.moveOrg(db, actorOf(req), req.params.id, req.body));
  app.post('/api/orgs/:id/dissolve', { schema: { tags, summary: '撤销党组织（保留历史）', params: IdParam, body: DissolveOrgBody } },
    async (req) => svc.dissolveOrg(db, actorOf(req), req.params.id, req.body));
  app.post('/api/orgs/:id/posts', { schema: { tags, summary: '任职（班子成员、党务工作者）', params: IdParam, body: AddPostBody } },
    async (req, reply) => { reply.code(201); return svc.addPost(db, actorOf(req), req.params.id, req.body); });
  app.post('/api/org-posts/:id/end', { schema: { tags, summary: '离任', params: IdParam, body: EndPostBody } },
    async (req) => svc.endPost(db, actorOf(req), req.params.id, req.body));
  app.get('/api/workers', { schema: { tags, summary: '党务工作者名册', querystring: WorkerQuery } },
    async (req) => svc.findWorkers(db, actorOf(req), req.query));
  app.get('/api/workers/export', { schema: { tags, summary: '导出党务工作者名册', querystring: WorkerQuery } },
    async (req, reply) => {
      const { items } = await svc.findWorkers(db, actorOf(req), { ...req.query, page: 1, pageSize: EXPORT_LIMIT });
      const { POST_LABELS } = await import('../../core/codes.js');
      const buf = await writeXlsx('党务工作者', [
        { header: '姓名', value: (w: (typeof items)[number]) => w.personName },
        { header: '职务', value: (w) => POST_LABELS[w.post] },
        { header: '所在党组织', width: 36, value: (w) => w.orgName },
        { header: '任职日期', width: 12, value: (w) => w.startedOn },
        { header: '手机号码', width: 14, value: (w) => w.mobile },
      ], items);
      return sendXlsx(reply, '党务工作者名册.xlsx', buf);
    });
  app.get('/api/structure-warnings', { schema: { tags, summary: '组织设置预警（全县或某组织以下）', querystring: WarningQuery } },
    async (req) => svc.findStructureWarnings(db, actorOf(req), req.query));
  app.get('/api/structure-warnings/export', { schema: { tags, summary: '导出组织设置预警', querystring: WarningQuery } },
    async (req, reply) => {
      const { items } = await svc.findStructureWarnings(db, actorOf(req), { ...req.query, page: 1, pageSize: EXPORT_LIMIT });
      const buf = await writeXlsx('组织设置预警', [
        { header: '党组织', width: 40, value: (w: (typeof items)[number]) => w.name },
        { header: '党员数', value: (w) => w.totalMembers },
        { header: '正式党员数', value: (w) => w.fullMembers },
        { header: '问题', width: 60, value: (w) => w.warnings.map((x) => x.message).join('；') },
      ], items);
      return sendXlsx(reply, '组织设置预警.xlsx', buf);
    });
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, readEvidence, sendFile, sendXlsx } from '../../core/http.js';
import { PageQuery, QueryBool, today } from '../../core/paging.js';
import { writeXlsx } from '../../core/xlsx.js';
import { P } from '../../core/permissions.js';
import { IdParam, IsoDate, Text } from '../orgs/schemas.js';
import { ageBand, STATUS_LABELS } from './rules.js';
import * as svc from './service.js';
import { FINDING_CATEGORIES, RECTIFICATION_SOURCES, RECTIFICATION_STATUSES, SEVERITIES } from './tables.js';

export const SOURCE_LABELS: Record<string, string> = {
  inspection: '督查发现', weak_org: '软弱涣散整顿', midterm_review: '中期评估', interview: '约谈', complaint: '群众反映', other: '其他',
};

const OrgId = (label: string) => z.number({ error: `请选择${label}` }).int().positive();
const Note = z.string().trim().max(2000, '说明不超过 2000 字').nullish();
const ItemQuery = PageQuery.extend({
  under: z.coerce.number().int().positive().optional(), source: z.enum(RECTIFICATION_SOURCES).optional(),
  status: z.enum([...RECTIFICATION_STATUSES, 'open_all']).optional(), overdue: QueryBool.optional(), escalated: QueryBool.optional(),
  keyword: z.string().trim().max(40).optional(), ageMin: z.coerce.number().int().min(0).optional(), ageMax: z.coerce.number().int().min(0).optional(),
  dueWithin: z.coerce.number().int().min(0).max(365).optional(), sort: z.enum(['deadline', 'age', 'org']).optional(),
});

export default async function inspectionRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = app.db;
  const tags = ['督查与整改'];

  // plans, visits, findings
  app.get('/api/inspections/plans', { schema: { tags, summary: '督查计划', querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() }) } },
    async (req) => svc.findPlans(db, actorOf(req), req.query));
  app.get('/api/inspections/checklist-template', { schema: { tags, summary: '默认检查清单（模板）' } }, async () => (await import('./rules.js')).DEFAULT_CHECKLIST);
  app.post('/api/inspections/plans', { schema: { tags, summary: '新建督查计划（检查清单取自模板）', body: z.object({
    ownerOrgId: OrgId('组织单位'), title: Text('计划名称', 80), periodStart: IsoDate, periodEnd: IsoDate, scopeOrgId: OrgId('督查范围'),
    team: Text('督查组', 60), teamMembers: z.string().trim().max(200).nullish(), schemeId: z.number().int().positive().nullish(),
    rectifyDays: z.number().int().min(1, '整改天数至少 1 天').max(365, '整改天数不超过 365 天').nullish(),
    checklist: z.array(z.object({ code: Text('清单编号', 10), text: Text('检查内容', 200), category: z.enum(FINDING_CATEGORIES) })).max(100).nullish() }) } },
  async (req, reply) => { reply.code(201); return svc.createPlan(db, actorOf(req), req.body); });
  app.get('/api/inspections/plans/:id', { schema: { tags, summary: '督查计划（清单、走访）', params: IdParam } },
    async (req) => svc.getPlan(db, actorOf(req), req.params.id));
  app.post('/api/inspections/plans/:id/visits', { schema: { tags, summary: '记录一次走访', params: IdParam, body: z.object({
    orgId: OrgId('党组织'), visitedOn: IsoDate, inspectors: Text('检查人员', 100), summary: z.string().trim().max(2000).nullish() }) } },
  async (req, reply) => { reply.code(201); return svc.recordVisit(db, actorOf(req), req.params.id, req.body); });
  app.post('/api/inspections/plans/:id/findings', { schema: { tags, summary: '记录问题（生成整改事项；关联考核指标的按次扣分）', params: IdParam, body: z.object({
    orgId: OrgId('党组织'), visitId: z.number().int().positive().nullish(), foundOn: IsoDate, checklistCode: z.string().max(10).nullish(),
    category: z.enum(FINDING_CATEGORIES, { error: '请选择问题类别' }), severity: z.enum(SEVERITIES, { error: '请选择严重程度' }), description: Text('问题描述', 1000),
    indicatorId: z.number().int().positive().nullish(), occurrences: z.number().int().min(1).max(50).optional(),
    responsiblePerson: Text('整改责任人', 40), deadline: IsoDate.nullish(), measures: z.string().trim().max(2000).nullish() }) } },
  async (req, reply) => { reply.code(201); return svc.recordFinding(db, actorOf(req), req.params.id, req.body); });
  app.get('/api/inspections/findings', { schema: { tags, summary: '督查发现的问题', querystring: PageQuery.extend({
    planId: z.coerce.number().int().positive().optional(), orgId: z.coerce.number().int().positive().optional() }) } },
  async (req) => svc.findFindings(db, actorOf(req), req.query));
  app.post('/api/inspections/findings/:id/attachments', { schema: { tags, summary: '上传问题的照片或材料（可选）', params: IdParam, consumes: ['multipart/form-data'] } },
    async (req, reply) => {
      const actor = actorOf(req);
      await svc.findingRow(db, actor, req.params.id, P.problemInspect); // permission first: an outsider's upload is never read
      const file = await readEvidence(req);
      reply.code(201);
      return svc.addFindingEvidence(db, actor, req.params.id, file);
    });
  app.get('/api/inspections/findings/:id/files/:fileId', { schema: { tags, summary: '查看问题的材料', params: IdParam.extend({ fileId: z.coerce.number().int().positive() }) } },
    async (req, reply) => sendFile(reply, await svc.findingFile(db, actorOf(req), req.params.id, req.params.fileId)));

  // rectification items
  app.get('/api/rectifications', { schema: { tags, summary: '整改台账（按组织、来源、状态、时长筛选）', querystring: ItemQuery } },
    async (req) => svc.findItems(db, actorOf(req), req.query));
  app.get('/api/rectifications/export', { schema: { tags, summary: '导出整改台账（Excel）', querystring: ItemQuery } }, async (req, reply) => {
    const { items } = await svc.findItems(db, actorOf(req), { ...req.query, page: 1, pageSize: 100_000 });
    type I = (typeof items)[number];
    const t = today();
    const buf = await writeXlsx('整改台账', [
      { header: '编号', width: 8, value: (i: I) => Number(i.id) }, { header: '责任单位', width: 34, value: (i) => String(i.orgName) },
      { header: '责任人', width: 10, value: (i) => String(i.responsiblePerson) }, { header: '来源', width: 12, value: (i) => SOURCE_LABELS[String(i.source)] ?? String(i.source) },
      { header: '问题', width: 40, value: (i) => String(i.title) }, { header: '问题描述', width: 50, value: (i) => String(i.description) },
      { header: '发现日期', width: 12, value: (i) => i.foundOn }, { header: '整改期限', width: 12, value: (i) => i.deadline },
      { header: '状态', width: 10, value: (i) => STATUS_LABELS[i.status] }, { header: '是否超期', width: 10, value: (i) => (i.overdue ? '超期' : '') },
      { header: '时长', width: 12, value: (i) => ageBand(i.foundOn, i.closedOn ?? t) }, { header: '验收单位', width: 24, value: (i) => String(i.checkerName) },
      { header: '销号日期', width: 12, value: (i) => i.closedOn ?? '' },
    ], items);
    return sendXlsx(reply, `整改台账-${t}.xlsx`, buf);
  });
  app.post('/api/rectifications', { schema: { tags, summary: '交办整改事项（群众反映、约谈、评估等来源）', body: z.object({
    orgId: OrgId('责任单位'), checkerOrgId: OrgId('验收单位'), responsiblePerson: Text('整改责任人', 40),
    source: z.enum(RECTIFICATION_SOURCES, { error: '请选择问题来源' }), sourceRef: z.string().trim().max(100).nullish(), title: Text('问题', 80),
    description: Text('问题描述', 2000), foundOn: IsoDate, deadline: IsoDate, measures: z.string().trim().max(2000).nullish() }) } },
  async (req, reply) => { reply.code(201); return svc.createItem(db, actorOf(req), req.body); });
  app.get('/api/rectifications/mine', { schema: { tags, summary: '我的整改待办（超期、临期、待验收、提级督办）' } }, async (req) => svc.myWork(db, actorOf(req)));
  app.get('/api/rectifications/:id', { schema: { tags, summary: '整改事项（全过程记录）', params: IdParam } }, async (req) => svc.getItem(db, actorOf(req), req.params.id));
  const ActBody = z.object({ note: Note, fileIds: z.array(z.number().int().positive()).max(20).optional(), happenedOn: IsoDate.nullish(), version: z.number().int().optional() });
  for (const [path, action, summary] of [
    ['progress', 'progress', '报送整改进展（可附照片）'], ['request-acceptance', 'request_acceptance', '申请验收（责任单位）'],
    ['return', 'return', '退回重新整改（验收单位，须写原因）'], ['accept', 'accept', '验收通过（验收单位）'], ['close', 'close', '销号（验收通过后）'],
  ] as const) {
    app.post(`/api/rectifications/:id/${path}`, { schema: { tags, summary, params: IdParam, body: ActBody } },
      async (req) => svc.act(db, actorOf(req), req.params.id, action, req.body));
  }
  app.post('/api/rectifications/:id/deadline', { schema: { tags, summary: '调整整改期限（验收单位，须写原因）', params: IdParam, body: z.object({
    deadline: IsoDate, reason: Text('调整原因', 200) }) } },
  async (req) => svc.changeDeadline(db, actorOf(req), req.params.id, req.body));
  app.post('/api/rectifications/:id/files', { schema: { tags, summary: '上传整改材料（照片、扫描件），随后在进展中引用', params: IdParam, consumes: ['multipart/form-data'] } },
    async (req, reply) => {
      const actor = actorOf(req);
      await svc.getItem(db, actor, req.params.id); // the item must be visible before the upload is read
      const file = await readEvidence(req);
      reply.code(201);
      return svc.uploadItemFile(db, actor, req.params.id, file);
    });
  app.get('/api/rectifications/:id/files/:fileId', { schema: { tags, summary: '查看整改材料', params: IdParam.extend({ fileId: z.coerce.number().int().positive() }) } },
    async (req, reply) => sendFile(reply, await svc.itemFile(db, actorOf(req), req.params.id, req.params.fileId)));
  app.get('/api/rectifications/rollup', { schema: { tags, summary: '整改情况逐级汇总（未完成、超期、已销号）', querystring: z.object({
    under: z.coerce.number().int().positive().optional(), year: z.coerce.number().int().min(2000).max(2100).optional() }) } },
  async (req) => svc.itemsRollup(db, actorOf(req), req.query));
}

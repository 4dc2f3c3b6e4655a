import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, readEvidence, sendDownload, sendFile, sendXlsx } from '../../core/http.js';
import { PageQuery, QueryBool, today } from '../../core/paging.js';
import { P } from '../../core/permissions.js';
import { writeXlsx } from '../../core/xlsx.js';
import { IdParam, IsoDate, Text } from '../orgs/schemas.js';
import * as svc from './service.js';
import * as review from './review.js';
import * as camp from './campaigns.js';
import { evidencePack, reviewReport } from './documents.js';
import { ASPECTS, CAMPAIGN_STAGES, COMPARATORS, PLAN_KINDS, SELF_RATINGS, TASK_STATUSES } from './tables.js';

const OrgId = (label: string) => z.number({ error: `请选择${label}` }).int().positive();
const Year = z.number({ error: '请填写年度' }).int().min(2000, '年度不早于 2000 年').max(2100, '年度不晚于 2100 年');
const Num = (label: string) => z.number({ error: `请填写${label}` }).min(-1e9).max(1e9);
const FileIds = z.array(z.number().int().positive()).max(20).optional();
const FileParam = IdParam.extend({ fileId: z.coerce.number().int().positive() });
const TaskQuery = PageQuery.extend({
  planId: z.coerce.number().int().positive().optional(), under: z.coerce.number().int().positive().optional(), status: z.enum(TASK_STATUSES).optional(),
  overdue: QueryBool.optional(), keyword: z.string().trim().max(40).optional(),
});
const STATUS_LABEL = { open: '推进中', done: '待办结', closed: '已办结' } as const;

export default async function planRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = app.db;
  const tags = ['规划与评估'];

  app.get('/api/plans', { schema: { tags, summary: '规划与年度工作要点', querystring: z.object({ kind: z.enum(PLAN_KINDS).optional(), year: z.coerce.number().int().optional() }) } },
    async (req) => svc.findPlans(db, actorOf(req), req.query));
  app.post('/api/plans', { schema: { tags, summary: '新建规划（三年、五年）或年度工作要点', body: z.object({
    ownerOrgId: OrgId('制定单位'), kind: z.enum(PLAN_KINDS, { error: '请选择类型' }), title: Text('名称', 80), startYear: Year, endYear: Year,
    goals: z.array(z.object({ aspect: z.enum(ASPECTS, { error: '请选择方面' }), title: Text('目标', 200) })).max(60).optional() }) } },
  async (req, reply) => { reply.code(201); return svc.createPlan(db, actorOf(req), req.body); });
  app.get('/api/plans/:id', { schema: { tags, summary: '规划详情：目标、指标及其实时状态', params: IdParam, querystring: z.object({ asOf: IsoDate.optional() }) } },
    async (req) => svc.planDetail(db, actorOf(req), req.params.id, req.query.asOf ?? today()));
  app.post('/api/plans/:id/goals', { schema: { tags, summary: '增加目标', params: IdParam, body: z.object({ aspect: z.enum(ASPECTS, { error: '请选择方面' }), title: Text('目标', 200) }) } },
    async (req, reply) => { reply.code(201); return svc.addGoal(db, actorOf(req), req.params.id, req.body); });
  app.post('/api/plans/:id/targets', { schema: { tags, summary: '增加指标（平台指标实时取数，或手工指标报送佐证）', params: IdParam, body: z.object({
    goalId: z.number({ error: '请选择目标' }).int().positive(), title: Text('指标名称', 120), metricKey: z.string().trim().max(60).nullish(),
    comparator: z.enum(COMPARATORS).default('gte'), targetValue: Num('目标值'), baseline: Num('基期值').nullish(), unit: z.string().trim().max(10).nullish(),
    responsibleOrgId: z.number().int().positive().nullish() }) } },
  async (req, reply) => { reply.code(201); return svc.addTarget(db, actorOf(req), req.params.id, req.body); });
  app.put('/api/plans/targets/:id', { schema: { tags, summary: '调整指标（名称、目标值、基期值；须写明原因，调整记录保留）', params: IdParam, body: z.object({
    title: z.string().trim().max(120, '指标名称不超过 120 字').optional(), targetValue: Num('目标值').optional(), baseline: Num('基期值').optional(),
    reason: Text('调整原因', 500), version: z.number({ error: '缺少版本号，请刷新后重试' }).int() }) } },
  async (req) => svc.reviseTarget(db, actorOf(req), req.params.id, req.body));
  app.get('/api/plans/targets/:id/revisions', { schema: { tags, summary: '指标的调整记录', params: IdParam } }, async (req) => svc.targetRevisions(db, actorOf(req), req.params.id));
  app.post('/api/plans/targets/:id/reports', { schema: { tags, summary: '报送手工指标的完成值（附佐证）', params: IdParam, body: z.object({
    value: Num('完成值'), note: Text('说明', 500), fileIds: FileIds }) } },
  async (req, reply) => { reply.code(201); return svc.reportTargetValue(db, actorOf(req), req.params.id, req.body); });
  app.get('/api/plans/targets/:id/reports', { schema: { tags, summary: '手工指标的报送记录', params: IdParam } }, async (req) => svc.targetReports(db, actorOf(req), req.params.id));
  app.post('/api/plans/:id/files', { schema: { tags, summary: '上传佐证材料（之后在报送中引用）', params: IdParam, querystring: z.object({ orgId: z.coerce.number().int().positive() }), consumes: ['multipart/form-data'] } },
    async (req, reply) => {
      const actor = actorOf(req);
      await svc.planRow(db, actor, req.params.id, P.planReport); // permission first: an outsider's upload is never read
      const file = await readEvidence(req);
      reply.code(201);
      return svc.uploadPlanFile(db, actor, req.params.id, req.query.orgId, file);
    });
  app.get('/api/plans/:id/files/:fileId', { schema: { tags, summary: '查看佐证材料', params: FileParam } },
    async (req, reply) => sendFile(reply, await svc.planFile(db, actorOf(req), req.params.id, req.params.fileId)));

  // tasks
  app.get('/api/plans/tasks', { schema: { tags, summary: '任务台账（交办、分解、进展）', querystring: TaskQuery } }, async (req) => svc.findTasks(db, actorOf(req), req.query));
  app.get('/api/plans/tasks/export', { schema: { tags, summary: '导出任务台账（Excel）', querystring: TaskQuery } }, async (req, reply) => {
    const { items } = await svc.findTasks(db, actorOf(req), { ...req.query, page: 1, pageSize: 100_000 });
    type T = (typeof items)[number] & Record<string, unknown>;
    const s = (v: unknown) => (v === null || v === undefined ? '' : String(v));
    const buf = await writeXlsx('任务台账', [
      { header: '规划', width: 30, value: (t: T) => s(t.planTitle) }, { header: '任务', width: 40, value: (t) => s(t.title) },
      { header: '关联指标', width: 28, value: (t) => s(t.targetTitle) }, { header: '责任单位', width: 28, value: (t) => s(t.orgName) },
      { header: '交办单位', width: 24, value: (t) => s(t.assignedByName) }, { header: '成果形式', width: 24, value: (t) => s(t.deliverable) },
      { header: '完成时限', width: 12, value: (t) => s(t.deadline) }, { header: '进度%', width: 8, value: (t) => Number(t.percent) },
      { header: '状态', width: 10, value: (t) => STATUS_LABEL[t.status as keyof typeof STATUS_LABEL] }, { header: '最近报送', width: 12, value: (t) => s(t.lastReportOn) },
      { header: '逾期', width: 8, value: (t) => (t.overdue ? '是' : '') },
    ], items as T[], { highlight: (t) => !!t.overdue });
    return sendXlsx(reply, `任务台账-${today()}.xlsx`, buf);
  });
  app.post('/api/plans/:id/tasks', { schema: { tags, summary: '交办任务（规划制定单位交办，或分解交办给本单位的任务）', params: IdParam, body: z.object({
    targetId: z.number().int().positive().nullish(), parentId: z.number().int().positive().nullish(), orgId: OrgId('责任单位'),
    title: Text('任务', 200), deliverable: Text('成果形式', 200), deadline: IsoDate }) } },
  async (req, reply) => { reply.code(201); return svc.assignTask(db, actorOf(req), req.params.id, req.body); });
  app.get('/api/plans/tasks/:id', { schema: { tags, summary: '任务详情与进展记录', params: IdParam } }, async (req) => svc.taskDetail(db, actorOf(req), req.params.id));
  app.post('/api/plans/tasks/:id/reports', { schema: { tags, summary: '报送任务进展（可附佐证）', params: IdParam, body: z.object({
    percent: z.number({ error: '请填写进度' }).int('进度应为整数').min(0, '进度在 0–100 之间').max(100, '进度在 0–100 之间'), note: Text('进展情况', 1000),
    complete: z.boolean().optional(), fileIds: FileIds }) } },
  async (req, reply) => { reply.code(201); return svc.reportTask(db, actorOf(req), req.params.id, req.body); });
  app.post('/api/plans/tasks/:id/decision', { schema: { tags, summary: '交办单位办结或退回任务', params: IdParam, body: z.object({ accept: z.boolean(), note: Text('意见', 500) }) } },
    async (req) => svc.decideTask(db, actorOf(req), req.params.id, req.body));

  // mid-term review
  app.get('/api/plans/:id/reviews', { schema: { tags, summary: '规划的评估轮次', params: IdParam } }, async (req) => review.findReviews(db, actorOf(req), req.params.id));
  app.post('/api/plans/:id/reviews', { schema: { tags, summary: '发起中期评估', params: IdParam, body: z.object({ title: Text('名称', 80), asOf: IsoDate, selfDueOn: IsoDate }) } },
    async (req, reply) => { reply.code(201); return review.createReview(db, actorOf(req), req.params.id, req.body); });
  app.get('/api/plans/reviews/:id/checklist', { schema: { tags, summary: '迎检清单：按实时数据分为待完善、待整改、待落实', params: IdParam } },
    async (req) => review.reviewChecklist(db, actorOf(req), req.params.id));
  app.post('/api/plans/reviews/:id/gaps', { schema: { tags, summary: '把清单中的差距转为整改事项或任务', params: IdParam, body: z.object({
    lineKey: z.string().regex(/^(target|task):\d+$/, '清单项无效'), as: z.enum(['rectification', 'task']), deadline: IsoDate,
    responsiblePerson: z.string().trim().max(40).nullish(), measures: z.string().trim().max(500).nullish(), orgId: z.number().int().positive().nullish() }) } },
  async (req, reply) => { reply.code(201); return review.actOnGap(db, actorOf(req), req.params.id, req.body); });
  app.get('/api/plans/reviews/:id/self', { schema: { tags, summary: '各责任单位自评情况', params: IdParam } }, async (req) => review.selfAssessments(db, actorOf(req), req.params.id));
  app.post('/api/plans/reviews/:id/self', { schema: { tags, summary: '提交自评（再次提交覆盖前一次，均留存）', params: IdParam, body: z.object({
    orgId: OrgId('自评单位'), rating: z.enum(SELF_RATINGS, { error: '请选择自评等次' }), achievements: Text('主要成效', 3000), shortfalls: Text('存在不足', 3000), nextSteps: Text('下步打算', 3000) }) } },
  async (req, reply) => { reply.code(201); return review.submitSelfAssessment(db, actorOf(req), req.params.id, req.body); });
  app.get('/api/plans/reviews/:id/pack', { schema: { tags, summary: '下载迎检材料包（评估报告 Word、指标表 Excel、佐证材料）', params: IdParam } },
    async (req, reply) => { const p = await evidencePack(db, actorOf(req), req.params.id); return sendDownload(reply, 'application/zip', p.name, p.zip); });
  app.get('/api/plans/reviews/:id/report.docx', { schema: { tags, summary: '评估报告（Word）', params: IdParam } }, async (req, reply) => {
    const r = await reviewReport(db, actorOf(req), req.params.id);
    return sendDownload(reply, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', r.name, r.docx);
  });

  // campaigns
  app.get('/api/campaigns', { schema: { tags, summary: '载体活动（含推广进度）' } }, async (req) => camp.findCampaigns(db, actorOf(req)));
  app.post('/api/campaigns', { schema: { tags, summary: '发起载体活动（先试点）', body: z.object({
    ownerOrgId: OrgId('牵头单位'), title: Text('活动名称', 80), description: Text('活动内容', 3000), criteria: z.array(z.string().trim().max(200)).max(30),
    startedOn: IsoDate, pilotOrgIds: z.array(z.number().int().positive()).max(50), rolloutOrgId: OrgId('推广范围'), rolloutCategories: z.array(z.string().max(20)).max(10).optional() }) } },
  async (req, reply) => { reply.code(201); return camp.createCampaign(db, actorOf(req), req.body); });
  app.get('/api/campaigns/showcase', { schema: { tags, summary: '亮点展示', querystring: z.object({ campaignId: z.coerce.number().int().positive().optional() }) } },
    async (req) => camp.showcase(db, actorOf(req), req.query));
  app.get('/api/campaigns/:id', { schema: { tags, summary: '载体活动详情：阶段、参加单位、报送、推广进度', params: IdParam, querystring: z.object({ under: z.coerce.number().int().positive().optional() }) } },
    async (req) => camp.campaignDetail(db, actorOf(req), req.params.id, req.query));
  app.post('/api/campaigns/:id/stage', { schema: { tags, summary: '推进阶段（试点→总结→推广→结束）', params: IdParam, body: z.object({
    to: z.enum(CAMPAIGN_STAGES), summary: z.string().trim().max(3000), version: z.number().int() }) } },
  async (req) => camp.advanceCampaign(db, actorOf(req), req.params.id, req.body));
  app.post('/api/campaigns/:id/join', { schema: { tags, summary: '申报参加（全面推广阶段）', params: IdParam, body: z.object({ orgIds: z.array(z.number().int().positive()).min(1, '请选择申报单位').max(500) }) } },
    async (req, reply) => { reply.code(201); return camp.joinCampaign(db, actorOf(req), req.params.id, req.body); });
  app.post('/api/campaigns/:id/orgs/:orgId/met', { schema: { tags, summary: '认定达标（或撤销）', params: IdParam.extend({ orgId: z.coerce.number().int().positive() }),
    body: z.object({ met: z.boolean(), note: Text('认定意见', 500) }) } },
  async (req) => camp.markMet(db, actorOf(req), req.params.id, req.params.orgId, req.body));
  app.post('/api/campaigns/:id/files', { schema: { tags, summary: '上传活动照片（可选）', params: IdParam, querystring: z.object({ orgId: z.coerce.number().int().positive() }), consumes: ['multipart/form-data'] } },
    async (req, reply) => {
      const actor = actorOf(req);
      await camp.campaignRow(db, actor, req.params.id, P.planReport); // permission first: an outsider's upload is never read
      const file = await readEvidence(req);
      reply.code(201);
      return camp.uploadCampaignFile(db, actor, req.params.id, req.query.orgId, file);
    });
  app.get('/api/campaigns/:id/files/:fileId', { schema: { tags, summary: '查看活动照片', params: FileParam } },
    async (req, reply) => sendFile(reply, await camp.campaignFile(db, actorOf(req), req.params.id, req.params.fileId)));
  app.post('/api/campaigns/:id/reports', { schema: { tags, summary: '报送活动开展情况或亮点', params: IdParam, body: z.object({
    orgId: OrgId('报送单位'), title: Text('标题', 80), body: Text('内容', 5000), highlight: z.boolean().optional(), fileIds: FileIds }) } },
  async (req, reply) => { reply.code(201); return camp.reportCampaign(db, actorOf(req), req.params.id, req.body); });
}

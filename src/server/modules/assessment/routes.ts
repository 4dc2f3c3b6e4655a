import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { P } from '../../core/permissions.js';
import { actorOf, readEvidence, sendXlsx } from '../../core/http.js';
import { PageQuery, today } from '../../core/paging.js';
import { writeXlsx } from '../../core/xlsx.js';
import { IdParam, IsoDate, Text } from '../orgs/schemas.js';
import * as svc from './service.js';
import { CHANNEL_LABELS, GRADE_LABELS, type Grade } from './rules.js';
import { ACTION_KINDS, METHODS, SCHEME_STATUSES, type Channel } from './tables.js';

const Year = z.coerce.number().int().min(2000).max(2100);
const Points = z.number({ error: '请填写分值' }).min(-1000).max(1000);
const GradeRule = z.object({
  excellent: z.number().min(0).max(200), good: z.number().min(0).max(200), fair: z.number().min(0).max(200),
  excellentQuota: z.number().min(0, '“好”等次比例在 0–100% 之间').max(1, '“好”等次比例在 0–100% 之间').nullable(),
}).refine((g) => g.excellent >= g.good && g.good >= g.fair, { message: '等次分数线应为 好 ≥ 较好 ≥ 一般', path: ['excellent'] });
const Group = z.object({ key: z.string().trim().min(1).max(30), label: Text('分组名称', 20), categories: z.array(z.string().max(40)).min(1, '每个排名分组至少包含一个组织类别') });
const SchemeFields = z.object({
  name: Text('方案名称', 80), year: z.number().int().min(2000).max(2100), ownerOrgId: z.number({ error: '请选择考核单位' }).int().positive(),
  groups: z.array(Group).min(1, '至少设一个排名分组').max(12).optional(), orgTypes: z.array(z.string().max(40)).min(1).optional(), gradeRule: GradeRule.optional(),
  bonusCap: z.number().min(0, '加分上限不能为负').max(50).optional(), objectionDays: z.number().int().min(1, '异议期至少 1 天').max(30).optional(),
  template: z.enum(['county', 'blank']).optional(), baseSchemeId: z.number().int().positive().nullish(),
});
const Indicator = z.object({
  key: z.number().int(), parentKey: z.number().int().nullable(), code: Text('指标编号', 12), name: Text('指标名称', 80), method: z.enum(METHODS, { error: '请选择计分方式' }),
  maxPoints: z.number({ error: '请填写分值' }).min(0, '分值不能为负').max(1000), weight: z.number().positive('权重须大于 0').max(10).optional(),
  perItem: z.number().positive('每项分值须大于 0').max(100).nullish(), metricKey: z.string().max(60).nullish(), metricTarget: z.number().positive().max(1000).nullish(),
  vetoEffect: z.enum(['poor', 'no_excellent']).nullish(), criteria: z.string().trim().max(500).nullish(), copiedFromId: z.number().int().positive().nullish(),
});
const Rev = z.object({ rev: z.number().int() });
const OrgIndicator = { orgId: z.number({ error: '请选择党组织' }).int().positive(), indicatorId: z.number({ error: '请选择指标' }).int().positive() };

export default async function assessmentRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = app.db;
  const tags = ['考核'];

  // schemes
  app.get('/api/assessment/schemes', { schema: { tags, summary: '考核方案列表', querystring: z.object({ year: Year.optional() }) } },
    async (req) => svc.findSchemes(db, actorOf(req), req.query));
  app.post('/api/assessment/schemes', { schema: { tags, summary: '新建考核方案（由模板、空白或上级方案生成，为草稿）', body: SchemeFields } },
    async (req, reply) => { reply.code(201); return svc.createScheme(db, actorOf(req), req.body); });
  app.get('/api/assessment/schemes/:id', { schema: { tags, summary: '考核方案（指标树、考核对象、与上级方案的差异）', params: IdParam } },
    async (req) => svc.schemeDetail(db, actorOf(req), req.params.id));
  app.put('/api/assessment/schemes/:id', { schema: { tags, summary: '修改草稿方案的设置', params: IdParam,
    body: SchemeFields.partial().extend({ rev: z.number().int(), deviationApproval: z.string().trim().max(500).nullish() }) } },
  async (req) => svc.updateScheme(db, actorOf(req), req.params.id, req.body));
  app.put('/api/assessment/schemes/:id/indicators', { schema: { tags, summary: '保存草稿方案的指标树（整体替换）', params: IdParam,
    body: z.object({ rev: z.number().int(), indicators: z.array(Indicator).min(1, '至少一个指标').max(300) }) } },
  async (req) => svc.saveIndicators(db, actorOf(req), req.params.id, req.body.indicators, req.body.rev));
  app.post('/api/assessment/schemes/:id/publish', { schema: { tags, summary: '发布方案（锁定，开始计分）', params: IdParam, body: Rev } },
    async (req) => svc.publishScheme(db, actorOf(req), req.params.id, req.body.rev));
  app.post('/api/assessment/schemes/:id/copy', { schema: { tags, summary: '复制为新版本或下一年度方案（草稿）', params: IdParam,
    body: z.object({ year: z.number().int().min(2000).max(2100).optional(), name: z.string().trim().min(2).max(80).optional() }) } },
  async (req, reply) => { reply.code(201); return svc.copyScheme(db, actorOf(req), req.params.id, req.body); });
  app.post('/api/assessment/schemes/:id/advance', { schema: { tags, summary: '推进考核阶段：评分 → 审核 → 结果公示（异议期） → 定稿', params: IdParam,
    body: Rev.extend({ to: z.enum(SCHEME_STATUSES) }) } },
  async (req) => svc.advance(db, actorOf(req), req.params.id, req.body.to, req.body.rev));

  // ledger
  app.get('/api/assessment/schemes/:id/entries', { schema: { tags, summary: '得分台账', params: IdParam, querystring: PageQuery.extend({
    orgId: z.coerce.number().int().positive().optional(), indicatorId: z.coerce.number().int().positive().optional(), channel: z.string().max(20).optional() }) } },
  async (req) => svc.findEntries(db, actorOf(req), req.params.id, req.query));
  app.get('/api/assessment/schemes/:id/entries/export', { schema: { tags, summary: '导出得分台账', params: IdParam, querystring: z.object({
    orgId: z.coerce.number().int().positive().optional() }) } }, async (req, reply) => {
    const { items } = await svc.findEntries(db, actorOf(req), req.params.id, { ...req.query, page: 1, pageSize: 1_000_000 });
    type E = (typeof items)[number];
    const buf = await writeXlsx('得分台账', [
      { header: '序号', width: 8, value: (e: E) => Number(e.seq) }, { header: '党组织', width: 34, value: (e) => String(e.orgName) },
      { header: '指标', width: 30, value: (e) => `${e.indicatorCode} ${e.indicatorName}` }, { header: '分值', width: 8, value: (e) => Number(e.points) },
      { header: '来源', width: 12, value: (e) => CHANNEL_LABELS[e.channel as Channel] ?? String(e.channel) }, { header: '依据', width: 50, value: (e) => (e.reason as string | null) ?? '' },
      { header: '记录人', width: 14, value: (e) => String(e.recordedByName) }, { header: '审核人', width: 14, value: (e) => (e.approvedByName as string | null) ?? '' },
      { header: '时间', width: 20, value: (e) => new Date(e.recordedAt as string).toISOString().replace('T', ' ').slice(0, 19) },
      { header: '校验值', width: 16, value: (e) => String(e.hash) },
    ], items);
    return sendXlsx(reply, '得分台账.xlsx', buf);
  });
  app.get('/api/assessment/schemes/:id/verify', { schema: { tags, summary: '校验得分台账的哈希链', params: IdParam } },
    async (req) => svc.verifyLedger(db, actorOf(req), req.params.id));
  app.post('/api/assessment/schemes/:id/entries/:entryId/reverse', { schema: { tags, summary: '更正：追加一条冲销记录（须写原因）',
    params: IdParam.extend({ entryId: z.coerce.number().int().positive() }), body: z.object({ reason: Text('更正原因', 200) }) } },
  async (req, reply) => { reply.code(201); return svc.reverseEntry(db, actorOf(req), req.params.id, req.params.entryId, req.body.reason); });
  app.post('/api/assessment/schemes/:id/scores', { schema: { tags, summary: '评分、加分或记录否决事项', params: IdParam,
    body: z.object({ ...OrgIndicator, points: Points, reason: Text('评分依据', 500) }) } },
  async (req, reply) => { reply.code(201); return svc.recordScore(db, actorOf(req), req.params.id, req.body); });
  app.post('/api/assessment/schemes/:id/metrics', { schema: { tags, summary: '按平台数据计分（组织生活达标率、培训覆盖率等）', params: IdParam } },
    async (req) => svc.computeMetrics(db, actorOf(req), req.params.id));

  // findings
  app.get('/api/assessment/schemes/:id/findings', { schema: { tags, summary: '督查发现', params: IdParam } },
    async (req) => svc.findFindings(db, actorOf(req), req.params.id));
  app.post('/api/assessment/schemes/:id/findings', { schema: { tags, summary: '记录督查发现（按次扣分）', params: IdParam, body: z.object({
    ...OrgIndicator, team: Text('督查组', 60), foundOn: IsoDate, description: Text('问题描述', 1000), occurrences: z.number().int().min(1, '次数至少 1').max(50).default(1) }) } },
  async (req, reply) => { reply.code(201); return svc.recordFinding(db, actorOf(req), req.params.id, req.body); });

  // daily records
  app.get('/api/assessment/daily-records', { schema: { tags, summary: '日常记实（报送单位看本单位，审核人看全部）', querystring: PageQuery.extend({
    schemeId: z.coerce.number().int().positive().optional(), status: z.enum(['submitted', 'approved', 'rejected']).optional(), orgId: z.coerce.number().int().positive().optional() }) } },
  async (req) => svc.findDailyRecords(db, actorOf(req), req.query));
  app.post('/api/assessment/daily-records', { schema: { tags, summary: '报送日常记实', body: z.object({
    schemeId: z.number().int().positive(), ...OrgIndicator, title: Text('标题', 80), content: Text('工作内容', 4000), doneOn: IsoDate }) } },
  async (req, reply) => { reply.code(201); return svc.submitDailyRecord(db, actorOf(req), req.body); });
  app.post('/api/assessment/daily-records/:id/review', { schema: { tags, summary: '审核日常记实：通过（计分）或退回（须写原因）', params: IdParam, body: z.object({
    approve: z.boolean(), points: z.number().positive('分值须大于 0').max(100).nullish(), note: z.string().trim().max(500).nullish() }) } },
  async (req) => svc.reviewDailyRecord(db, actorOf(req), req.params.id, req.body));
  for (const [kind, base, label] of [['daily', 'daily-records', '日常记实'], ['finding', 'findings', '督查发现']] as const) {
    app.post(`/api/assessment/${base}/:id/attachments`, { schema: { tags, summary: `上传${label}的佐证材料（照片、扫描件；可选）`, params: IdParam, consumes: ['multipart/form-data'] } },
      async (req, reply) => {
        const actor = actorOf(req);
        await svc.evidenceOwner(db, actor, kind, req.params.id, kind === 'daily' ? P.assessmentSubmit : P.assessmentScore);
        const file = await readEvidence(req);
        reply.code(201);
        return svc.addEvidence(db, actor, kind, req.params.id, file);
      });
    app.get(`/api/assessment/${base}/:id/files/:fileId`, { schema: { tags, summary: `查看${label}的佐证材料`, params: IdParam.extend({ fileId: z.coerce.number().int().positive() }) } },
      async (req, reply) => {
        const f = await svc.evidenceFile(db, actorOf(req), kind, req.params.id, req.params.fileId);
        return reply.header('content-type', f.contentType).header('content-disposition', `inline; filename="file"; filename*=UTF-8''${encodeURIComponent(f.name)}`).send(f.content);
      });
  }

  // duty report review
  app.get('/api/assessment/schemes/:id/duty/:indicatorId', { schema: { tags, summary: '述职评议汇总', params: IdParam.extend({ indicatorId: z.coerce.number().int().positive() }) } },
    async (req) => svc.dutySummary(db, actorOf(req), req.params.id, req.params.indicatorId));
  app.post('/api/assessment/schemes/:id/duty-scores', { schema: { tags, summary: '述职评议打分（每位评议人每单位一次）', params: IdParam, body: z.object({
    ...OrgIndicator, score: z.number({ error: '请填写评分' }).min(0).max(1000) }) } },
  async (req, reply) => { reply.code(201); return svc.recordDutyScore(db, actorOf(req), req.params.id, req.body); });
  app.post('/api/assessment/schemes/:id/duty/:indicatorId/finalize', { schema: { tags, summary: '述职评议平均分记入台账', params: IdParam.extend({ indicatorId: z.coerce.number().int().positive() }) } },
    async (req) => svc.finalizeDuty(db, actorOf(req), req.params.id, req.params.indicatorId));

  // year-end ballots
  app.get('/api/assessment/schemes/:id/campaigns', { schema: { tags, summary: '年末测评（各组发票数、投票率）', params: IdParam } },
    async (req) => svc.findCampaigns(db, actorOf(req), req.params.id));
  app.post('/api/assessment/schemes/:id/campaigns', { schema: { tags, summary: '发起年末测评，生成一次性测评票（口令只在此时返回）', params: IdParam, body: z.object({
    name: Text('测评名称', 60), indicatorId: z.number().int().positive(), opensAt: z.string().datetime({ offset: true, error: '开始时间格式有误' }),
    closesAt: z.string().datetime({ offset: true, error: '截止时间格式有误' }),
    groups: z.array(z.object({ name: Text('测评组名称', 20), weight: z.number().positive('权重须大于 0').max(1), count: z.number().int().min(1, '票数至少 1').max(2000) })).min(1).max(8) }) } },
  async (req, reply) => { reply.code(201); return svc.createCampaign(db, actorOf(req), req.params.id, req.body); });
  app.post('/api/assessment/campaigns/:id/count', { schema: { tags, summary: '测评结束后计票，得分记入台账', params: IdParam } },
    async (req) => svc.countCampaign(db, actorOf(req), req.params.id));
  app.get('/api/ballot/:token', { schema: { tags, summary: '测评票（公开：凭一次性口令，无需登录）', params: z.object({ token: z.string().min(1).max(64) }) } },
    async (req) => { const { t: _t, ...b } = await svc.ballotByToken(db, req.params.token); return b; });
  app.post('/api/ballot/:token', { schema: { tags, summary: '投票（每票一次，匿名）', params: z.object({ token: z.string().min(1).max(64) }), body: z.object({
    marks: z.array(z.object({ orgId: z.number().int().positive(), choice: z.number().int().min(0).max(9) })).max(2000) }) } },
  async (req) => svc.castBallot(db, req.params.token, req.body.marks));

  // results
  app.get('/api/assessment/schemes/:id/results', { schema: { tags, summary: '总分、分类排名与等次（由台账即时计算）', params: IdParam, querystring: z.object({ groupKey: z.string().max(30).optional() }) } },
    async (req) => svc.results(db, actorOf(req), req.params.id, req.query));
  app.get('/api/assessment/schemes/:id/results/export', { schema: { tags, summary: '导出排名与等次', params: IdParam } }, async (req, reply) => {
    const r = await svc.results(db, actorOf(req), req.params.id);
    const label = new Map(r.scheme.groups.map((g) => [g.key, g.label]));
    type R = (typeof r.items)[number];
    const buf = await writeXlsx('考核结果', [
      { header: '分组', width: 12, value: (x: R) => label.get(x.groupKey) ?? x.groupKey }, { header: '名次', width: 8, value: (x) => x.rank },
      { header: '党组织', width: 40, value: (x) => x.orgName }, { header: '总分', width: 10, value: (x) => x.total },
      { header: '等次', width: 8, value: (x) => GRADE_LABELS[x.grade as Grade] }, { header: '否决事项', width: 10, value: (x) => (x.vetoed ? '有' : '') },
    ], r.items);
    return sendXlsx(reply, `${r.scheme.name}结果.xlsx`, buf);
  });
  app.get('/api/assessment/schemes/:id/orgs/:orgId/explain', { schema: { tags, summary: '得分说明：沿指标树到每条台账记录及其依据', params: IdParam.extend({ orgId: z.coerce.number().int().positive() }) } },
    async (req) => svc.explain(db, actorOf(req), req.params.id, req.params.orgId));
  app.post('/api/assessment/schemes/:id/what-if', { schema: { tags, summary: '模拟测算：草稿方案的权重、分值、等次线对排名的影响', params: IdParam, body: z.object({
    gradeRule: GradeRule.optional(), weights: z.record(z.string(), z.number().positive().max(10)).optional(), maxPoints: z.record(z.string(), z.number().min(0).max(1000)).optional(),
    bonusCap: z.number().min(0).max(50).optional() }) } },
  async (req) => svc.whatIf(db, actorOf(req), req.params.id, req.body as never));
  app.get('/api/assessment/cascade', { schema: { tags, summary: '下级党（工）委的考核（一级抓一级）', querystring: z.object({ year: Year.optional() }) } },
    async (req) => svc.cascade(db, actorOf(req), req.query.year ?? Number(today().slice(0, 4))));

  // objections
  app.get('/api/assessment/schemes/:id/objections', { schema: { tags, summary: '异议', params: IdParam } }, async (req) => svc.findObjections(db, actorOf(req), req.params.id));
  app.post('/api/assessment/schemes/:id/objections', { schema: { tags, summary: '对一条得分记录提出异议（异议期内）', params: IdParam, body: z.object({
    entryId: z.number().int().positive(), reason: Text('异议理由', 1000) }) } },
  async (req, reply) => { reply.code(201); return svc.fileObjection(db, actorOf(req), req.params.id, req.body); });
  app.post('/api/assessment/objections/:id/decide', { schema: { tags, summary: '处理异议（成立则冲销原记录，可重新计分）', params: IdParam, body: z.object({
    upheld: z.boolean(), decision: Text('处理意见', 500), points: z.number().min(-1000).max(1000).nullish() }) } },
  async (req) => svc.decideObjection(db, actorOf(req), req.params.id, req.body));

  // accountability
  app.get('/api/assessment/actions', { schema: { tags, summary: '问责（通报、约谈、取消评优、组织调整）', querystring: z.object({
    schemeId: z.coerce.number().int().positive().optional(), kind: z.enum(ACTION_KINDS).optional(), year: Year.optional() }) } },
  async (req) => svc.findActions(db, actorOf(req), req.query));
  app.get('/api/assessment/actions/export', { schema: { tags, summary: '导出问责台账', querystring: z.object({ schemeId: z.coerce.number().int().positive().optional(), year: Year.optional() }) } },
    async (req, reply) => {
      const items = await svc.findActions(db, actorOf(req), req.query);
      const kinds: Record<string, string> = { circular: '专项通报', interview: '整改约谈', honour_ban: '取消评优', adjustment: '组织调整' };
      type A = (typeof items)[number];
      const buf = await writeXlsx('问责台账', [
        { header: '类型', width: 10, value: (a: A) => kinds[a.kind as string] ?? '' }, { header: '党组织', width: 34, value: (a) => (a.orgName as string | null) ?? '（全县）' },
        { header: '标题/事由', width: 36, value: (a) => String(a.title) }, { header: '文号', width: 18, value: (a) => (a.docNo as string | null) ?? '' },
        { header: '日期', width: 12, value: (a) => String(a.happenedOn) }, { header: '考核得分', width: 10, value: (a) => (a.total as number | null) ?? '' },
        { header: '名次', width: 8, value: (a) => (a.rank as number | null) ?? '' }, { header: '等次', width: 8, value: (a) => (a.grade ? GRADE_LABELS[a.grade as Grade] : '') },
        { header: '参加人员', width: 20, value: (a) => (a.persons as string | null) ?? '' }, { header: '问题', width: 30, value: (a) => (a.problems as string | null) ?? '' },
        { header: '整改承诺', width: 30, value: (a) => (a.commitments as string | null) ?? '' }, { header: '跟踪情况', width: 30, value: (a) => (a.followUp as string | null) ?? '' },
        { header: '决定', width: 30, value: (a) => (a.decision as string | null) ?? '' },
      ], items);
      return sendXlsx(reply, '问责台账.xlsx', buf);
    });
  app.post('/api/assessment/schemes/:id/actions', { schema: { tags, summary: '记录约谈、取消评优或组织调整', params: IdParam, body: z.object({
    kind: z.enum(['interview', 'honour_ban', 'adjustment'], { error: '请选择类型' }), orgId: z.number({ error: '请选择党组织' }).int().positive(), title: Text('事由', 100),
    happenedOn: IsoDate, persons: z.string().trim().max(200).nullish(), problems: z.string().trim().max(2000).nullish(), commitments: z.string().trim().max(2000).nullish(),
    followUp: z.string().trim().max(2000).nullish(), decision: z.string().trim().max(1000).nullish() }) } },
  async (req, reply) => { reply.code(201); return svc.recordAction(db, actorOf(req), req.params.id, req.body); });
  app.post('/api/assessment/schemes/:id/circulars', { schema: { tags, summary: '生成专项通报（Word）', params: IdParam, body: z.object({
    docNo: Text('文号', 40), title: Text('标题', 100), body: Text('正文', 5000), happenedOn: IsoDate }) } },
  async (req, reply) => { reply.code(201); return svc.issueCircular(db, actorOf(req), req.params.id, req.body); });
  app.get('/api/assessment/actions/:id/docx', { schema: { tags, summary: '下载专项通报 .docx', params: IdParam } }, async (req, reply) => {
    const f = await svc.circularFile(db, actorOf(req), req.params.id);
    return reply.header('content-type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
      .header('content-disposition', `attachment; filename="circular.docx"; filename*=UTF-8''${encodeURIComponent(f.fileName)}`).send(f.buf);
  });
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, readEvidence, sendXlsx } from '../../core/http.js';
import { PageQuery, today } from '../../core/paging.js';
import { writeXlsx } from '../../core/xlsx.js';
import { IdParam } from '../orgs/schemas.js';
import { MEETING_LABELS } from './rules.js';
import * as svc from './service.js';
import * as appraisal from './appraisal.js';
import * as duty from './duty.js';
import { GRADES } from './tables.js';
import { IsoDate } from '../orgs/schemas.js';
import { CreateMeetingBody, MeetingQuery, Month, UpdateMeetingBody } from './schemas.js';

const STATE_LABELS: Record<string, string> = { missing: '未开展', due: '本期待开展', below_quorum: '人数不足' };

export default async function meetingRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = app.db;
  const tags = ['组织生活'];
  app.get('/api/meetings', { schema: { tags, summary: '组织生活记录列表', querystring: MeetingQuery } },
    async (req) => svc.findMeetings(db, actorOf(req), req.query));
  app.get('/api/meetings/export', { schema: { tags, summary: '导出组织生活记录', querystring: MeetingQuery } }, async (req, reply) => {
    const { items } = await svc.findMeetings(db, actorOf(req), { ...req.query, page: 1, pageSize: 100_000 });
    const buf = await writeXlsx('组织生活', [
      { header: '党组织', width: 36, value: (m: (typeof items)[number]) => m.orgName }, { header: '类型', value: (m) => MEETING_LABELS[m.meetingType] },
      { header: '日期', width: 12, value: (m) => m.heldOn }, { header: '主题', width: 30, value: (m) => m.topic },
      { header: '应到', value: (m) => m.expectedCount }, { header: '实到', value: (m) => m.presentCount },
      { header: '状态', value: (m) => (m.status === 'submitted' ? (m.isLate ? '已提交（补录）' : '已提交') : '草稿') },
    ], items);
    return sendXlsx(reply, '组织生活记录.xlsx', buf);
  });
  app.get('/api/meetings/:id', { schema: { tags, summary: '会议记录详情（出席、表决、版本）', params: IdParam } },
    async (req) => svc.getMeeting(db, actorOf(req), req.params.id));
  app.post('/api/meetings', { schema: { tags, summary: '新建会议记录（草稿）', body: CreateMeetingBody } },
    async (req, reply) => { reply.code(201); return svc.createMeeting(db, actorOf(req), req.body); });
  app.put('/api/meetings/:id', { schema: { tags, summary: '修改会议记录（已提交的生成新版本）', params: IdParam, body: UpdateMeetingBody } },
    async (req) => svc.updateMeeting(db, actorOf(req), req.params.id, req.body));
  app.post('/api/meetings/:id/submit', { schema: { tags, summary: '提交会议记录', params: IdParam, body: z.object({ version: z.number().int() }) } },
    async (req) => svc.submitMeeting(db, actorOf(req), req.params.id, req.body));
  app.post('/api/meetings/:id/attachments', { schema: { tags, summary: '上传附件（照片、签到表扫描件；可选）', params: IdParam, consumes: ['multipart/form-data'] } },
    async (req, reply) => {
      const actor = actorOf(req);
      await svc.meetingForAttachment(db, actor, req.params.id);
      const file = await readEvidence(req);
      reply.code(201);
      return svc.addAttachment(db, actor, req.params.id, file);
    });
  app.get('/api/meeting-attachments/:id', { schema: { tags, summary: '查看附件', params: IdParam } }, async (req, reply) => {
    const a = await svc.getAttachment(db, actorOf(req), req.params.id);
    return reply.header('content-type', a.contentType)
      .header('content-disposition', `inline; filename="file"; filename*=UTF-8''${encodeURIComponent(a.fileName)}`).send(a.content);
  });
  app.get('/api/orgs/:id/roster', { schema: { tags, summary: '本组织在册党员（预填出席名单）', params: IdParam } },
    async (req) => svc.rosterFor(db, actorOf(req), req.params.id));
  app.get('/api/orgs/:id/compliance', { schema: { tags, summary: '组织生活达标日历（按年）', params: IdParam,
    querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() }) } },
  async (req) => svc.getCompliance(db, actorOf(req), req.params.id, req.query.year ?? Number(today().slice(0, 4))));
  app.get('/api/meeting-compliance/copied', { schema: { tags, summary: '疑似雷同的会议记录（同月不同支部）', querystring: z.object({
    under: z.coerce.number().int().positive().optional(), month: Month.optional() }) } },
  async (req) => svc.findCopiedMinutes(db, actorOf(req), { under: req.query.under, month: req.query.month ?? today().slice(0, 7) }));
  app.get('/api/meeting-compliance/long-absent', { schema: { tags, summary: '连续 6 个月未参加组织生活的党员（待跟进，不自动处理）',
    querystring: PageQuery.extend({ under: z.coerce.number().int().positive().optional() }) } },
  async (req) => svc.findLongAbsent(db, actorOf(req), req.query));
  app.get('/api/members/:id/participation', { schema: { tags, summary: '党员参加组织生活情况（按年）', params: IdParam,
    querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() }) } },
  async (req) => svc.memberParticipation(db, actorOf(req), req.params.id, req.query.year ?? Number(today().slice(0, 4))));
  const Year = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });
  app.get('/api/orgs/:id/appraisals', { schema: { tags, summary: '民主评议党员结果（本支部、按年）', params: IdParam, querystring: Year } },
    async (req) => appraisal.getAppraisals(db, actorOf(req), req.params.id, req.query.year ?? Number(today().slice(0, 4))));
  app.post('/api/orgs/:id/appraisals', { schema: { tags, summary: '录入民主评议结果（更正为新记录）', params: IdParam, body: z.object({
    year: z.number().int().min(2000).max(2100),
    items: z.array(z.object({ memberId: z.number().int().positive(), grade: z.enum(GRADES, { error: '评议等次应为优秀、合格、基本合格或不合格' }),
      followUp: z.string().trim().max(500).nullish() })).max(2000) }) } },
  async (req, reply) => { reply.code(201); return appraisal.recordAppraisals(db, actorOf(req), req.params.id, req.body); });
  app.get('/api/orgs/:id/heart-talks', { schema: { tags, summary: '谈心谈话记录（本支部、按年）', params: IdParam, querystring: Year } },
    async (req) => appraisal.findHeartTalks(db, actorOf(req), req.params.id, req.query.year ?? Number(today().slice(0, 4))));
  app.post('/api/orgs/:id/heart-talks', { schema: { tags, summary: '记录谈心谈话', params: IdParam, body: z.object({
    memberId: z.number({ error: '请选择谈话对象' }).int().positive(), talkerName: z.string().trim().min(1, '请填写谈话人').max(20),
    talkedOn: IsoDate, summary: z.string().trim().min(2, '请填写谈话要点').max(2000) }) } },
  async (req, reply) => { reply.code(201); return appraisal.recordHeartTalk(db, actorOf(req), req.params.id, req.body); });
  app.get('/api/orgs/:id/duties', { schema: { tags, summary: '设岗定责：无职党员的岗位和年度履职情况', params: IdParam, querystring: Year } },
    async (req) => duty.getDuties(db, actorOf(req), req.params.id, req.query.year ?? Number(today().slice(0, 4))));
  app.post('/api/orgs/:id/duties', { schema: { tags, summary: '为无职党员设岗、记录年度履职情况', params: IdParam, body: z.object({
    memberId: z.number().int().positive(), postId: z.number({ error: '请选择岗位' }).int().positive(), year: z.number().int().min(2000).max(2100),
    performanceNote: z.string().trim().max(500).nullish() }) } },
  async (req, reply) => { reply.code(201); return duty.assignDuty(db, actorOf(req), req.params.id, req.body); });
  const MissingQuery = PageQuery.extend({ under: z.coerce.number().int().positive().optional(), month: Month.optional() });
  app.get('/api/meeting-compliance/missing', { schema: { tags, summary: '本期缺项：哪些支部还差哪些组织生活', querystring: MissingQuery } },
    async (req) => svc.findMissing(db, actorOf(req), { ...req.query, month: req.query.month ?? today().slice(0, 7) }));
  app.get('/api/meeting-compliance/missing/export', { schema: { tags, summary: '导出本期缺项', querystring: MissingQuery } }, async (req, reply) => {
    const { items } = await svc.findMissing(db, actorOf(req), { ...req.query, month: req.query.month ?? today().slice(0, 7), page: 1, pageSize: 100_000 });
    const buf = await writeXlsx('缺项', [
      { header: '党支部', width: 40, value: (o: (typeof items)[number]) => o.name },
      { header: '缺项', width: 80, value: (o) => o.missing.map((x) => `${MEETING_LABELS[x.meetingType]}（${x.period}，${STATE_LABELS[x.state]}）`).join('；') },
    ], items);
    return sendXlsx(reply, '组织生活缺项.xlsx', buf);
  });
  const RollupQuery = z.object({ under: z.coerce.number().int().positive().optional(), year: z.coerce.number().int().min(2000).max(2100).optional() });
  app.get('/api/meeting-compliance/rollup', { schema: { tags, summary: '组织生活达标率：逐级汇总（县 → 党委 → 支部）', querystring: RollupQuery } },
    async (req) => svc.complianceRollup(db, actorOf(req), { under: req.query.under, year: req.query.year ?? Number(today().slice(0, 4)) }));
  app.get('/api/meeting-compliance/rollup/export', { schema: { tags, summary: '导出达标率汇总', querystring: RollupQuery } }, async (req, reply) => {
    const r = await svc.complianceRollup(db, actorOf(req), { under: req.query.under, year: req.query.year ?? Number(today().slice(0, 4)) });
    const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
    const buf = await writeXlsx(`${r.year}年达标率`, [
      { header: '组织', width: 40, value: (o: (typeof r.items)[number]) => o.name },
      { header: '党支部数', width: 10, value: (o) => o.branches },
      { header: '已开展（项）', width: 12, value: (o) => o.done },
      { header: '应计（项）', width: 12, value: (o) => o.counted },
      { header: '未开展或人数不足（项）', width: 22, value: (o) => o.missing },
      { header: '达标率', width: 10, value: (o) => pct(o.rate) },
    ], r.items);
    return sendXlsx(reply, `组织生活达标率汇总-${r.year}.xlsx`, buf);
  });
}

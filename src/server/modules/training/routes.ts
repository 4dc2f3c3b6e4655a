import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { require as requirePerm } from '../../core/actor.js';
import { errors } from '../../core/errors.js';
import { actorOf, readUpload, sendXlsx } from '../../core/http.js';
import { P } from '../../core/permissions.js';
import { PageQuery, today } from '../../core/paging.js';
import { writeXlsx } from '../../core/xlsx.js';
import { IdParam, IsoDate } from '../orgs/schemas.js';
import { ATTACHMENT_LIMIT_BYTES } from '../meetings/service.js';
import * as svc from './service.js';
import { sessionIdOf } from '../auth/service.js';
import * as docs from './documents.js';
import { CLASS_TYPES, TARGET_GROUPS } from './tables.js';
import { CLASS_TYPE_LABELS, TARGET_GROUP_LABELS } from './rules.js';

const Year = z.coerce.number().int().min(2000).max(2100);
const Time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:MM');
const Hours = z.number({ error: '请填写学时' }).positive('学时须大于 0').max(200);
const PlanItem = z.object({
  year: Year, name: z.string().trim().min(2, '请填写培训班名称').max(80), classType: z.enum(CLASS_TYPES, { error: '请选择培训类型' }),
  targetGroup: z.enum(TARGET_GROUPS, { error: '请选择培训对象' }), plannedMonth: z.number().int().min(1, '计划月份为 1–12').max(12, '计划月份为 1–12'),
  days: z.number({ error: '请填写天数' }).int().min(1, '天数至少 1 天').max(90), quota: z.number({ error: '请填写人数' }).int().min(1, '计划人数至少 1 人').max(5000),
  organiser: z.string().trim().min(2, '请填写主办单位').max(60), budget: z.number().min(0, '预算不能为负').nullish(),
});
const ClassFields = z.object({
  planItemId: z.number().int().positive().nullish(), name: z.string().trim().min(2, '请填写培训班名称').max(80),
  classType: z.enum(CLASS_TYPES, { error: '请选择培训类型' }), targetGroup: z.enum(TARGET_GROUPS, { error: '请选择培训对象' }),
  startsOn: IsoDate, endsOn: IsoDate, venue: z.string().trim().max(80).nullish(), organiserOrgId: z.number({ error: '请选择主办单位' }).int().positive(),
  headTeacher: z.string().trim().max(30).nullish(), capacity: z.number({ error: '请填写容量' }).int().min(1, '容量至少 1 人').max(2000),
  lateMinutes: z.number().int().min(0).max(120).optional(), passMark: z.number().int().min(0).max(1000).optional(),
  testMinutes: z.number().int().min(5, '答题时间至少 5 分钟').max(240).optional(), testAttempts: z.number().int().min(1).max(3).optional(),
  requireReflection: z.boolean().optional(), notice: z.string().trim().max(2000).nullish(),
});

/** The public address a certificate's QR code points to. */
const verifyUrl = (req: FastifyRequest, code: string) => `${req.protocol}://${req.headers.host}/verify/${code}`;
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export default async function trainingRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = app.db;
  const tags = ['干部教育培训'];

  // annual plan
  app.get('/api/training/plan', { schema: { tags, summary: '年度培训计划（含完成进度）', querystring: z.object({ year: Year.optional() }) } },
    async (req) => svc.findPlan(db, actorOf(req), req.query.year ?? Number(today().slice(0, 4))));
  app.get('/api/training/plan/export', { schema: { tags, summary: '导出年度培训计划', querystring: z.object({ year: Year.optional() }) } }, async (req, reply) => {
    const p = await svc.findPlan(db, actorOf(req), req.query.year ?? Number(today().slice(0, 4)));
    type I = (typeof p.items)[number];
    const buf = await writeXlsx(`${p.year}年培训计划`, [
      { header: '培训班名称', width: 36, value: (i: I) => String(i.name) }, { header: '类型', width: 16, value: (i) => CLASS_TYPE_LABELS[i.classType as 'special_topic'] },
      { header: '培训对象', width: 14, value: (i) => TARGET_GROUP_LABELS[i.targetGroup as 'members'] }, { header: '计划月份', width: 10, value: (i) => Number(i.plannedMonth) },
      { header: '天数', width: 8, value: (i) => Number(i.days) }, { header: '计划人数', width: 10, value: (i) => Number(i.quota) },
      { header: '主办单位', width: 24, value: (i) => String(i.organiser) }, { header: '预算（元）', width: 12, value: (i) => (i.budget as number | null) ?? '' },
      { header: '已办班次', width: 10, value: (i) => i.held }, { header: '参训人数', width: 10, value: (i) => i.trainees },
    ], p.items);
    return sendXlsx(reply, `${p.year}年度培训计划.xlsx`, buf);
  });
  app.post('/api/training/plan', { schema: { tags, summary: '新增培训计划项目', body: PlanItem } },
    async (req, reply) => { reply.code(201); return svc.createPlanItem(db, actorOf(req), req.body); });
  app.put('/api/training/plan/:id', { schema: { tags, summary: '修改培训计划项目', params: IdParam, body: PlanItem.extend({ version: z.number().int() }) } },
    async (req) => svc.updatePlanItem(db, actorOf(req), req.params.id, req.body));
  app.post('/api/training/plan/copy', { schema: { tags, summary: '复制上年度计划为新年度计划', body: z.object({ fromYear: Year, toYear: Year }) } },
    async (req, reply) => { reply.code(201); return svc.copyPlan(db, actorOf(req), req.body); });

  // classes
  app.get('/api/training/classes', { schema: { tags, summary: '培训班列表', querystring: PageQuery.extend({
    year: Year.optional(), keyword: z.string().trim().max(40).optional(), classType: z.enum(CLASS_TYPES).optional() }) } },
  async (req) => svc.findClasses(db, actorOf(req), req.query));
  app.post('/api/training/classes', { schema: { tags, summary: '开设培训班（可由计划项目生成）', body: ClassFields } },
    async (req, reply) => { reply.code(201); return svc.createClass(db, actorOf(req), req.body); });
  app.get('/api/training/classes/:id', { schema: { tags, summary: '培训班详情（名额、课程安排、人数）', params: IdParam } },
    async (req) => svc.getClass(db, actorOf(req), req.params.id));
  app.put('/api/training/classes/:id', { schema: { tags, summary: '修改培训班', params: IdParam, body: ClassFields.partial().extend({ version: z.number().int() }) } },
    async (req) => svc.updateClass(db, actorOf(req), req.params.id, req.body));
  app.put('/api/training/classes/:id/quotas', { schema: { tags, summary: '分配调训名额', params: IdParam, body: z.object({
    quotas: z.array(z.object({ orgId: z.number().int().positive(), quota: z.number().int().min(0, '名额不能为负').max(2000) })).max(500) }) } },
  async (req) => svc.setQuotas(db, actorOf(req), req.params.id, req.body.quotas));
  app.get('/api/training/classes/:id/my-quotas', { schema: { tags, summary: '本单位可用的名额', params: IdParam } },
    async (req) => svc.myQuotas(db, actorOf(req), req.params.id));
  app.get('/api/training/classes/:id/roster', { schema: { tags, summary: '学员名单', params: IdParam, querystring: z.object({
    status: z.enum(['nominated', 'confirmed', 'withdrawn']).optional(), quotaOrgId: z.coerce.number().int().positive().optional() }) } },
  async (req) => svc.findRoster(db, actorOf(req), req.params.id, req.query));
  app.get('/api/training/classes/:id/roster/export', { schema: { tags, summary: '导出学员名单', params: IdParam } }, async (req, reply) => {
    const { items } = await svc.findRoster(db, actorOf(req), req.params.id);
    const label = { nominated: '已推荐', confirmed: '已确认', withdrawn: '已撤回' } as Record<string, string>;
    type R = (typeof items)[number];
    const buf = await writeXlsx('学员名单', [
      { header: '姓名', width: 12, value: (r: R) => String(r.name) }, { header: '所在党组织', width: 36, value: (r) => String(r.orgName) },
      { header: '推荐单位', width: 30, value: (r) => (r.quotaOrgName as string | null) ?? '主办单位直接报名' }, { header: '状态', width: 10, value: (r) => label[r.status as string] },
      { header: '说明', width: 30, value: (r) => (r.reason as string | null) ?? '' },
      { header: '结业', width: 8, value: (r) => (r.completed === null ? '' : r.completed ? '结业' : '未结业') },
      { header: '学时', width: 8, value: (r) => (r.completedHours as number | null) ?? '' }, { header: '证书编号', width: 24, value: (r) => (r.certificateSerial as string | null) ?? '' },
    ], items);
    return sendXlsx(reply, '学员名单.xlsx', buf);
  });
  app.post('/api/training/classes/:id/nominations', { schema: { tags, summary: '推荐学员（占本单位名额；可替换已推荐的人）', params: IdParam, body: z.object({
    memberId: z.number({ error: '请选择党员' }).int().positive(), quotaOrgId: z.number({ error: '请选择名额所属单位' }).int().positive(),
    substituteFor: z.number().int().positive().nullish(), reason: z.string().trim().max(200).nullish() }) } },
  async (req, reply) => { reply.code(201); return svc.nominate(db, actorOf(req), req.params.id, req.body); });
  app.post('/api/training/classes/:id/enrollments', { schema: { tags, summary: '主办单位直接报名', params: IdParam, body: z.object({
    memberId: z.number({ error: '请选择党员' }).int().positive() }) } },
  async (req, reply) => { reply.code(201); return svc.enrollDirect(db, actorOf(req), req.params.id, req.body); });
  app.post('/api/training/classes/:id/confirm', { schema: { tags, summary: '确认推荐的学员', params: IdParam, body: z.object({
    enrollmentIds: z.array(z.number().int().positive()).min(1, '请选择学员').max(2000) }) } },
  async (req) => svc.confirmEnrollments(db, actorOf(req), req.params.id, req.body.enrollmentIds));
  app.post('/api/training/enrollments/:id/withdraw', { schema: { tags, summary: '撤回学员（须填原因）', params: IdParam, body: z.object({
    reason: z.string().trim().min(2, '请填写撤回原因').max(200) }) } },
  async (req) => svc.withdraw(db, actorOf(req), req.params.id, req.body));

  // courses, sessions, check-in
  app.get('/api/training/courses', { schema: { tags, summary: '课程库' } }, async (req) => svc.findCourses(db, actorOf(req)));
  app.post('/api/training/classes/:id/sessions', { schema: { tags, summary: '安排一节课程', params: IdParam, body: z.object({
    courseId: z.number().int().positive().nullish(), title: z.string().trim().max(80).nullish(), teacher: z.string().trim().max(30).nullish(),
    heldOn: IsoDate, startsAt: Time, endsAt: Time, studyHours: Hours }) } },
  async (req, reply) => { reply.code(201); return svc.addSession(db, actorOf(req), req.params.id, req.body); });
  app.get('/api/training/sessions/:id/token', { schema: { tags, summary: '签到二维码的当前口令（每 30 秒更换）', params: IdParam } },
    async (req) => svc.currentToken(db, actorOf(req), req.params.id));
  app.get('/api/training/sessions/:id/qr', { schema: { tags, summary: '签到二维码图片（当前口令）', params: IdParam } }, async (req, reply) => {
    const t = await svc.currentToken(db, actorOf(req), req.params.id);
    const png = await docs.qrPng(`${req.protocol}://${req.headers.host}/t/checkin?token=${encodeURIComponent(t.token)}`);
    return reply.type('image/png').header('cache-control', 'no-store').send(png);
  });
  app.get('/api/training/sessions/:id/attendance', { schema: { tags, summary: '本节课签到情况', params: IdParam } },
    async (req) => svc.sessionAttendance(db, actorOf(req), req.params.id));
  app.post('/api/training/checkin', { schema: { tags, summary: '学员扫码签到', body: z.object({ token: z.string({ error: '缺少签到码' }).max(100) }) } },
    async (req) => {
      if (req.deferredAuth) {
        const fast = await svc.checkInFast(db, { sessionId: sessionIdOf(req.deferredAuth.token), csrf: String(req.headers['x-csrf-token'] ?? ''), idleMinutes: app.config.sessionIdleMinutes }, req.body);
        if (fast) return fast;
        await req.deferredAuth.gate(); // anything but a first, valid scan: the usual checks and their precise messages
      }
      return svc.checkIn(db, actorOf(req), req.body);
    });
  app.post('/api/training/sessions/:id/manual-checkin', { schema: { tags, summary: '补签（须填原因，留痕）', params: IdParam, body: z.object({
    enrollmentId: z.number().int().positive(), reason: z.string().trim().min(2, '请填写补签原因').max(200), late: z.boolean().optional() }) } },
  async (req, reply) => { reply.code(201); return svc.manualCheckIn(db, actorOf(req), req.params.id, req.body); });

  // leave, reflections, evaluation (organiser side)
  app.get('/api/training/classes/:id/leaves', { schema: { tags, summary: '请假申请', params: IdParam } },
    async (req) => svc.findLeaves(db, actorOf(req), req.params.id));
  app.post('/api/training/leaves/:id/decide', { schema: { tags, summary: '审批请假', params: IdParam, body: z.object({
    approve: z.boolean(), note: z.string().trim().max(200).nullish() }) } },
  async (req) => svc.decideLeave(db, actorOf(req), req.params.id, req.body));
  app.get('/api/training/classes/:id/reflections', { schema: { tags, summary: '学习心得', params: IdParam } },
    async (req) => svc.findReflections(db, actorOf(req), req.params.id));
  app.get('/api/training/reflections/:id/file', { schema: { tags, summary: '学习心得附件', params: IdParam } }, async (req, reply) => {
    const f = await svc.reflectionFile(db, actorOf(req), req.params.id);
    return reply.type(f.contentType).header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(f.fileName)}`).send(Buffer.from(f.content));
  });
  app.post('/api/training/reflections/:id/review', { schema: { tags, summary: '审阅学习心得', params: IdParam, body: z.object({
    accept: z.boolean(), note: z.string().trim().max(300).nullish() }) } },
  async (req) => svc.reviewReflection(db, actorOf(req), req.params.id, req.body));
  app.get('/api/training/classes/:id/evaluation', { schema: { tags, summary: '评估结果（匿名汇总，按课程和教师）', params: IdParam } },
    async (req) => svc.evaluationResults(db, actorOf(req), req.params.id));

  // question bank and test
  app.get('/api/training/questions', { schema: { tags, summary: '题库', querystring: PageQuery.extend({
    kind: z.enum(['single', 'multiple', 'judge']).optional(), keyword: z.string().trim().max(40).optional() }) } },
  async (req) => svc.findQuestions(db, actorOf(req), req.query));
  app.get('/api/training/questions/template', { schema: { tags, summary: '题库导入模板' } },
    async (_req, reply) => sendXlsx(reply, '题库导入模板.xlsx', await docs.questionTemplate()));
  app.post('/api/training/questions/import', { schema: { tags, summary: '导入题库（全部正确才导入）', consumes: ['multipart/form-data'] } }, async (req, reply) => {
    const actor = actorOf(req);
    requirePerm(actor, P.trainingManage);
    const file = await readUpload(req, 20 * 1024 * 1024, { missing: '请选择题库文件', tooLarge: '文件不能超过 20 MB' });
    reply.code(201);
    return docs.importQuestions(db, actor, file.content, file.name);
  });
  app.put('/api/training/classes/:id/paper', { schema: { tags, summary: '设置结业试卷（指定试题或按题型随机抽取）', params: IdParam, body: z.object({
    questionIds: z.array(z.number().int().positive()).max(200).nullish(),
    draw: z.object({ single: z.number().int().min(0).max(100), multiple: z.number().int().min(0).max(100), judge: z.number().int().min(0).max(100) }).nullish(),
    pointsEach: z.number().int().min(1).max(100) }) } },
  async (req) => svc.setPaper(db, actorOf(req), req.params.id, req.body));
  app.get('/api/training/classes/:id/test-results', { schema: { tags, summary: '测试成绩与试题分析', params: IdParam } },
    async (req) => svc.testResults(db, actorOf(req), req.params.id));

  // completion and certificates
  app.get('/api/training/classes/:id/completion', { schema: { tags, summary: '结业审核（按规则计算）', params: IdParam } },
    async (req) => svc.completionOf(db, actorOf(req), req.params.id));
  app.post('/api/training/classes/:id/completion', { schema: { tags, summary: '确认结业并生成证书', params: IdParam, body: z.object({
    enrollmentIds: z.array(z.number().int().positive()).min(1, '请选择学员').max(2000) }) } },
  async (req) => svc.confirmCompletion(db, actorOf(req), req.params.id, req.body));
  app.get('/api/training/enrollments/:id/certificate', { schema: { tags, summary: '结业证书（PDF）', params: IdParam } }, async (req, reply) => {
    const { code, cert } = await svc.certificateFor(db, actorOf(req), req.params.id);
    const pdf = await docs.certificatePdf(cert, verifyUrl(req, code));
    return reply.type('application/pdf')
      .header('content-disposition', `inline; filename="certificate.pdf"; filename*=UTF-8''${encodeURIComponent(`结业证书-${cert.serial}.pdf`)}`).send(pdf);
  });
  // public: anyone holding a certificate's link may check it, without logging in
  app.get('/verify/:code', { schema: { hide: true, params: z.object({ code: z.string().max(40) }) } }, async (req, reply) => {
    const c = /^[\w-]{8,40}$/.test(req.params.code) ? await svc.certificateByCode(db, req.params.code) : null;
    const body = c
      ? `<h1 class="ok">证书真实有效</h1><table><tr><th>证书编号</th><td>${esc(c.serial)}</td></tr><tr><th>姓名</th><td>${esc(c.name)}</td></tr>
         <tr><th>培训班</th><td>${esc(c.className)}</td></tr><tr><th>培训时间</th><td>${c.startsOn} 至 ${c.endsOn}</td></tr>
         <tr><th>学时</th><td>${Math.round(c.hours * 10) / 10}</td></tr><tr><th>主办单位</th><td>${esc(c.organiser)}（${esc(c.county)}）</td></tr></table>`
      : '<h1 class="bad">未找到该证书</h1><p>请核对链接或证书上的二维码。证书可能是伪造的，或链接不完整。</p>';
    return reply.code(c ? 200 : 404).type('text/html; charset=utf-8').send(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1"><title>结业证书核验</title>
      <style>body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;max-width:560px;margin:24px auto;padding:0 16px;color:#222}
      .ok{color:#1a7f37}.bad{color:#b42318}th{text-align:left;color:#666;padding:6px 12px 6px 0;white-space:nowrap}td{padding:6px 0}
      footer{margin-top:32px;color:#888;font-size:13px}</style></head><body>${body}<footer>基层党建工作平台 · 结业证书核验</footer></body></html>`);
  });

  // the trainee
  app.get('/api/training/me', { schema: { tags, summary: '我的培训班' } }, async (req) => svc.myClasses(db, actorOf(req)));
  app.get('/api/training/me/classes/:id', { schema: { tags, summary: '我的培训班详情（课表、签到、请假、测试、评估、心得）', params: IdParam } },
    async (req) => svc.myClass(db, actorOf(req), req.params.id));
  app.post('/api/training/me/classes/:id/leaves', { schema: { tags, summary: '请假', params: IdParam, body: z.object({
    sessionIds: z.array(z.number().int().positive()).min(1, '请选择请假的课程').max(50), reason: z.string().trim().min(2, '请填写请假事由').max(200) }) } },
  async (req, reply) => { reply.code(201); return svc.requestLeave(db, actorOf(req), req.params.id, req.body); });
  app.post('/api/training/me/classes/:id/evaluation', { schema: { tags, summary: '提交匿名评估（每人一次）', params: IdParam, body: z.object({
    overall: z.number({ error: '请为总体满意度打分' }).int().min(1, '评分为 1–5 分').max(5, '评分为 1–5 分'),
    courseScores: z.array(z.object({ courseId: z.number().int().positive(), score: z.number().int().min(1, '评分为 1–5 分').max(5, '评分为 1–5 分') })).max(100),
    comment: z.string().trim().max(1000).nullish() }) } },
  async (req, reply) => { reply.code(201); return svc.submitEvaluation(db, actorOf(req), req.params.id, req.body); });
  app.post('/api/training/me/classes/:id/reflection', { schema: { tags, summary: '提交学习心得（可附文件）', params: IdParam } }, async (req, reply) => {
    const actor = actorOf(req);
    await svc.traineeOf(db, actor, req.params.id); // an outsider's upload is never read
    let text = '';
    let file: { name: string; content: Buffer } | null = null;
    if (req.isMultipart()) {
      for await (const part of req.parts({ limits: { fileSize: ATTACHMENT_LIMIT_BYTES + 1, files: 1 } })) {
        if (part.type === 'file') file = { name: part.filename, content: await part.toBuffer() };
        else if (part.fieldname === 'text') text = String(part.value);
      }
    } else text = String((req.body as { text?: string } | null)?.text ?? '');
    if (text.trim().length < 20) throw errors.field('text', '学习心得至少 20 个字');
    reply.code(201);
    return svc.submitReflection(db, actor, req.params.id, { text: text.trim().slice(0, 20_000), file });
  });
  app.post('/api/training/me/classes/:id/test', { schema: { tags, summary: '开始（或继续）结业测试', params: IdParam } },
    async (req) => svc.startAttempt(db, actorOf(req), req.params.id));
  app.post('/api/training/attempts/:id/submit', { schema: { tags, summary: '交卷', params: IdParam, body: z.object({
    answers: z.record(z.string(), z.array(z.number().int().min(0).max(5)).max(6)) }) } },
  async (req) => svc.submitAttempt(db, actorOf(req), req.params.id, req.body));
  app.get('/api/training/records/:id', { schema: { tags, summary: '个人培训档案（按年）', params: IdParam, querystring: z.object({ year: Year.optional() }) } },
    async (req) => svc.trainingRecord(db, actorOf(req), req.params.id, req.query.year ?? Number(today().slice(0, 4))));
  app.get('/api/training/records/:id/pdf', { schema: { tags, summary: '个人培训档案（PDF）', params: IdParam, querystring: z.object({ year: Year.optional() }) } }, async (req, reply) => {
    const r = await svc.trainingRecord(db, actorOf(req), req.params.id, req.query.year ?? Number(today().slice(0, 4)));
    const pdf = await docs.recordPdf(r);
    return reply.type('application/pdf')
      .header('content-disposition', `inline; filename="record.pdf"; filename*=UTF-8''${encodeURIComponent(`个人培训档案-${r.name}-${r.year}.pdf`)}`).send(pdf);
  });
  app.post('/api/training/study-entries', { schema: { tags, summary: '登记班外学习（网络学习、外出培训等，报审核）', body: z.object({
    studiedOn: IsoDate, title: z.string().trim().min(2, '请填写学习内容').max(100), provider: z.string().trim().max(60).nullish(), hours: Hours }) } },
  async (req, reply) => { reply.code(201); return svc.addStudyEntry(db, actorOf(req), req.body); });
  app.get('/api/training/study-entries', { schema: { tags, summary: '班外学习登记（待审核在前）', querystring: PageQuery.extend({
    status: z.enum(['pending', 'approved', 'rejected']).optional() }) } },
  async (req) => svc.findStudyEntries(db, actorOf(req), req.query));
  app.post('/api/training/study-entries/:id/decide', { schema: { tags, summary: '认定班外学习学时', params: IdParam, body: z.object({
    approve: z.boolean(), note: z.string().trim().max(200).nullish() }) } },
  async (req) => svc.decideStudyEntry(db, actorOf(req), req.params.id, req.body));

  // coverage
  const CoverageQuery = z.object({ year: Year.optional(), targetGroup: z.enum(TARGET_GROUPS).optional(), under: z.coerce.number().int().positive().optional() });
  const coverageOf = (req: FastifyRequest) => {
    const q = req.query as z.infer<typeof CoverageQuery>;
    return svc.coverage(db, actorOf(req), { year: q.year ?? Number(today().slice(0, 4)), targetGroup: q.targetGroup ?? 'party_workers', under: q.under });
  };
  app.get('/api/training/coverage', { schema: { tags, summary: '培训覆盖率与成效（逐级）', querystring: CoverageQuery } }, async (req) => coverageOf(req));
  app.get('/api/training/coverage/export', { schema: { tags, summary: '导出培训覆盖率', querystring: CoverageQuery } }, async (req, reply) => {
    const c = await coverageOf(req);
    type I = (typeof c.items)[number];
    const buf = await writeXlsx(`${c.year}年覆盖率`, [
      { header: '组织', width: 40, value: (i: I) => i.name }, { header: `${TARGET_GROUP_LABELS[c.targetGroup]}人数`, width: 14, value: (i) => i.target },
      { header: '已参训结业', width: 12, value: (i) => i.trained }, { header: '覆盖率', width: 10, value: (i) => (i.rate === null ? '—' : `${(i.rate * 100).toFixed(1)}%`) },
      { header: '结业学时合计', width: 14, value: (i) => Math.round(i.hours * 10) / 10 },
    ], c.items);
    return sendXlsx(reply, `培训覆盖率-${TARGET_GROUP_LABELS[c.targetGroup]}-${c.year}.xlsx`, buf);
  });
}

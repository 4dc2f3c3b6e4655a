import type { FastifyInstance, FastifyRequest } from 'fastify';
import { trainingApi } from '../../../shared/api/training.js';
import { routesOf, type RouteRequest } from '../../core/contract.js';
import { require as requirePerm } from '../../core/actor.js';
import { errors } from '../../core/errors.js';
import { actorOf, readUpload, sendXlsx } from '../../core/http.js';
import { P } from '../../core/permissions.js';
import { today } from '../../core/paging.js';
import { writeXlsx } from '../../core/xlsx.js';
import { ATTACHMENT_LIMIT_BYTES } from '../meetings/service.js';
import * as svc from './service.js';
import { sessionIdOf } from '../auth/service.js';
import * as docs from './documents.js';
import { CLASS_TYPE_LABELS, TARGET_GROUP_LABELS } from './rules.js';


/** The public address a certificate's QR code points to. */
const verifyUrl = (req: FastifyRequest, code: string) => `${req.protocol}://${req.headers.host}/verify/${code}`;
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export default async function trainingRoutes(fastify: FastifyInstance) {
  const app = fastify;
  const r = routesOf(app, trainingApi);
  const db = app.db;

  // annual plan
  r('GET /api/training/plan', async (req) => svc.findPlan(db, actorOf(req), req.query.year ?? Number(today().slice(0, 4))));
  r('GET /api/training/plan/export', async (req, reply) => {
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
  r('POST /api/training/plan', async (req) => { return svc.createPlanItem(db, actorOf(req), req.body); });
  r('PUT /api/training/plan/:id', async (req) => svc.updatePlanItem(db, actorOf(req), req.params.id, req.body));
  r('POST /api/training/plan/copy', async (req) => { return svc.copyPlan(db, actorOf(req), req.body); });

  // classes
  r('GET /api/training/classes', async (req) => svc.findClasses(db, actorOf(req), req.query));
  r('POST /api/training/classes', async (req) => { return svc.createClass(db, actorOf(req), req.body); });
  r('GET /api/training/classes/:id', async (req) => svc.getClass(db, actorOf(req), req.params.id));
  r('PUT /api/training/classes/:id', async (req) => svc.updateClass(db, actorOf(req), req.params.id, req.body));
  r('PUT /api/training/classes/:id/quotas', async (req) => svc.setQuotas(db, actorOf(req), req.params.id, req.body.quotas));
  r('GET /api/training/classes/:id/my-quotas', async (req) => svc.myQuotas(db, actorOf(req), req.params.id));
  r('GET /api/training/classes/:id/roster', async (req) => svc.findRoster(db, actorOf(req), req.params.id, req.query));
  r('GET /api/training/classes/:id/roster/export', async (req, reply) => {
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
  r('POST /api/training/classes/:id/nominations', async (req) => { return svc.nominate(db, actorOf(req), req.params.id, req.body); });
  r('POST /api/training/classes/:id/enrollments', async (req) => { return svc.enrollDirect(db, actorOf(req), req.params.id, req.body); });
  r('POST /api/training/classes/:id/confirm', async (req) => svc.confirmEnrollments(db, actorOf(req), req.params.id, req.body.enrollmentIds));
  r('POST /api/training/enrollments/:id/withdraw', async (req) => svc.withdraw(db, actorOf(req), req.params.id, req.body));

  // courses, sessions, check-in
  r('GET /api/training/courses', async (req) => svc.findCourses(db, actorOf(req)));
  r('POST /api/training/classes/:id/sessions', async (req) => { return svc.addSession(db, actorOf(req), req.params.id, req.body); });
  r('GET /api/training/sessions/:id/token', async (req) => svc.currentToken(db, actorOf(req), req.params.id));
  r('GET /api/training/sessions/:id/qr', async (req, reply) => {
    const t = await svc.currentToken(db, actorOf(req), req.params.id);
    const png = await docs.qrPng(`${req.protocol}://${req.headers.host}/t/checkin?token=${encodeURIComponent(t.token)}`);
    return reply.type('image/png').header('cache-control', 'no-store').send(png);
  });
  r('GET /api/training/sessions/:id/attendance', async (req) => svc.sessionAttendance(db, actorOf(req), req.params.id));
  r('POST /api/training/checkin', async (req) => {
      if (req.deferredAuth) {
        const fast = await svc.checkInFast(db, { sessionId: sessionIdOf(req.deferredAuth.token), csrf: String(req.headers['x-csrf-token'] ?? ''), idleMinutes: app.config.sessionIdleMinutes }, req.body);
        if (fast) return fast;
        await req.deferredAuth.gate(); // anything but a first, valid scan: the usual checks and their precise messages
      }
      return svc.checkIn(db, actorOf(req), req.body);
    });
  r('POST /api/training/sessions/:id/manual-checkin', async (req) => { return svc.manualCheckIn(db, actorOf(req), req.params.id, req.body); });

  // leave, reflections, evaluation (organiser side)
  r('GET /api/training/classes/:id/leaves', async (req) => svc.findLeaves(db, actorOf(req), req.params.id));
  r('POST /api/training/leaves/:id/decide', async (req) => svc.decideLeave(db, actorOf(req), req.params.id, req.body));
  r('GET /api/training/classes/:id/reflections', async (req) => svc.findReflections(db, actorOf(req), req.params.id));
  r('GET /api/training/reflections/:id/file', async (req, reply) => {
    const f = await svc.reflectionFile(db, actorOf(req), req.params.id);
    return reply.type(f.contentType).header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(f.fileName)}`).send(Buffer.from(f.content));
  });
  r('POST /api/training/reflections/:id/review', async (req) => svc.reviewReflection(db, actorOf(req), req.params.id, req.body));
  r('GET /api/training/classes/:id/evaluation', async (req) => svc.evaluationResults(db, actorOf(req), req.params.id));

  // question bank and test
  r('GET /api/training/questions', async (req) => svc.findQuestions(db, actorOf(req), req.query));
  r('GET /api/training/questions/template', async (_req, reply) => sendXlsx(reply, '题库导入模板.xlsx', await docs.questionTemplate()));
  r('POST /api/training/questions/import', async (req) => {
    const actor = actorOf(req);
    requirePerm(actor, P.trainingManage);
    const file = await readUpload(req, 20 * 1024 * 1024, { missing: '请选择题库文件', tooLarge: '文件不能超过 20 MB' });
    return docs.importQuestions(db, actor, file.content, file.name);
  });
  r('PUT /api/training/classes/:id/paper', async (req) => svc.setPaper(db, actorOf(req), req.params.id, req.body));
  r('GET /api/training/classes/:id/test-results', async (req) => svc.testResults(db, actorOf(req), req.params.id));

  // completion and certificates
  r('GET /api/training/classes/:id/completion', async (req) => svc.completionOf(db, actorOf(req), req.params.id));
  r('POST /api/training/classes/:id/completion', async (req) => svc.confirmCompletion(db, actorOf(req), req.params.id, req.body));
  r('GET /api/training/enrollments/:id/certificate', async (req, reply) => {
    const { code, cert } = await svc.certificateFor(db, actorOf(req), req.params.id);
    const pdf = await docs.certificatePdf(cert, verifyUrl(req, code));
    return reply.type('application/pdf')
      .header('content-disposition', `inline; filename="certificate.pdf"; filename*=UTF-8''${encodeURIComponent(`结业证书-${cert.serial}.pdf`)}`).send(pdf);
  });
  // public: anyone holding a certificate's link may check it, without logging in
  r('GET /verify/:code', async (req, reply) => {
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
  r('GET /api/training/me', async (req) => svc.myClasses(db, actorOf(req)));
  r('GET /api/training/me/classes/:id', async (req) => svc.myClass(db, actorOf(req), req.params.id));
  r('POST /api/training/me/classes/:id/leaves', async (req) => { return svc.requestLeave(db, actorOf(req), req.params.id, req.body); });
  r('POST /api/training/me/classes/:id/evaluation', async (req) => { return svc.submitEvaluation(db, actorOf(req), req.params.id, req.body); });
  r('POST /api/training/me/classes/:id/reflection', async (req) => {
    const actor = actorOf(req);
    await svc.traineeOf(db, actor, req.params.id); // an outsider's upload is never read
    let text = '';
    let file: { name: string; content: Buffer } | null = null;
    if (req.isMultipart()) {
      for await (const part of req.parts({ limits: { fileSize: ATTACHMENT_LIMIT_BYTES + 1, files: 1 } })) {
        if (part.type === 'file') file = { name: part.filename, content: await part.toBuffer() };
        else if (part.fieldname === 'text') text = String(part.value);
      }
    } else text = String((req.body as unknown as { text?: string } | null)?.text ?? '');
    if (text.trim().length < 20) throw errors.field('text', '学习心得至少 20 个字');
    return svc.submitReflection(db, actor, req.params.id, { text: text.trim().slice(0, 20_000), file });
  });
  r('POST /api/training/me/classes/:id/test', async (req) => svc.startAttempt(db, actorOf(req), req.params.id));
  r('POST /api/training/attempts/:id/submit', async (req) => svc.submitAttempt(db, actorOf(req), req.params.id, req.body));
  r('GET /api/training/records/:id', async (req) => svc.trainingRecord(db, actorOf(req), req.params.id, req.query.year ?? Number(today().slice(0, 4))));
  r('GET /api/training/records/:id/pdf', async (req, reply) => {
    const r = await svc.trainingRecord(db, actorOf(req), req.params.id, req.query.year ?? Number(today().slice(0, 4)));
    const pdf = await docs.recordPdf(r);
    return reply.type('application/pdf')
      .header('content-disposition', `inline; filename="record.pdf"; filename*=UTF-8''${encodeURIComponent(`个人培训档案-${r.name}-${r.year}.pdf`)}`).send(pdf);
  });
  r('POST /api/training/study-entries', async (req) => { return svc.addStudyEntry(db, actorOf(req), req.body); });
  r('GET /api/training/study-entries', async (req) => svc.findStudyEntries(db, actorOf(req), req.query));
  r('POST /api/training/study-entries/:id/decide', async (req) => svc.decideStudyEntry(db, actorOf(req), req.params.id, req.body));

  // coverage
  const coverageOf = (req: RouteRequest<typeof trainingApi['GET /api/training/coverage']>) => {
    const q = req.query;
    return svc.coverage(db, actorOf(req), { year: q.year ?? Number(today().slice(0, 4)), targetGroup: q.targetGroup ?? 'party_workers', under: q.under });
  };
  r('GET /api/training/coverage', async (req) => coverageOf(req));
  r('GET /api/training/coverage/untrained', async (req) => {
    const q = req.query;
    return svc.untrained(db, actorOf(req), { year: q.year ?? Number(today().slice(0, 4)), targetGroup: q.targetGroup ?? 'party_workers', under: q.under,
      page: q.page, pageSize: q.pageSize });
  });
  r('GET /api/training/coverage/untrained/export', async (req, reply) => {
    const q = req.query;
    const year = q.year ?? Number(today().slice(0, 4)); const group = q.targetGroup ?? 'party_workers';
    const { items } = await svc.untrained(db, actorOf(req), { year, targetGroup: group, under: q.under, page: 1, pageSize: 200_000 });
    type I = (typeof items)[number];
    const buf = await writeXlsx(`${year}年未参训`, [
      { header: '姓名', width: 12, value: (i: I) => i.name }, { header: '所在党组织', width: 40, value: (i) => i.orgName },
      { header: '现任职务', width: 24, value: (i) => i.posts }, { header: '在训班次', width: 30, value: (i) => i.inTraining ?? '' },
    ], items);
    return sendXlsx(reply, `未参训名单-${TARGET_GROUP_LABELS[group]}-${year}.xlsx`, buf);
  });
  r('GET /api/training/coverage/export', async (req, reply) => {
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

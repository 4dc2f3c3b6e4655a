import type { FastifyInstance } from 'fastify';
import { assessmentApi } from '../../../shared/api/assessment.js';
import { routesOf } from '../../core/contract.js';
import { P } from '../../core/permissions.js';
import { actorOf, readEvidence, sendXlsx } from '../../core/http.js';
import { today } from '../../core/paging.js';
import { writeXlsx } from '../../core/xlsx.js';
import * as svc from './service.js';
import { CHANNEL_LABELS, GRADE_LABELS, type Grade } from './rules.js';


export default async function assessmentRoutes(fastify: FastifyInstance) {
  const app = fastify;
  const r = routesOf(app, assessmentApi);
  const db = app.db;

  // schemes
  r('GET /api/assessment/schemes', async (req) => svc.findSchemes(db, actorOf(req), req.query));
  r('POST /api/assessment/schemes', async (req) => { return svc.createScheme(db, actorOf(req), req.body); });
  r('GET /api/assessment/schemes/:id', async (req) => svc.schemeDetail(db, actorOf(req), req.params.id));
  r('PUT /api/assessment/schemes/:id', async (req) => svc.updateScheme(db, actorOf(req), req.params.id, req.body));
  r('PUT /api/assessment/schemes/:id/indicators', async (req) => svc.saveIndicators(db, actorOf(req), req.params.id, req.body.indicators, req.body.rev));
  r('POST /api/assessment/schemes/:id/publish', async (req) => svc.publishScheme(db, actorOf(req), req.params.id, req.body.rev));
  r('POST /api/assessment/schemes/:id/copy', async (req) => { return svc.copyScheme(db, actorOf(req), req.params.id, req.body); });
  r('POST /api/assessment/schemes/:id/advance', async (req) => svc.advance(db, actorOf(req), req.params.id, req.body.to, req.body.rev));

  // ledger
  r('GET /api/assessment/schemes/:id/entries', async (req) => svc.findEntries(db, actorOf(req), req.params.id, req.query));
  r('GET /api/assessment/schemes/:id/entries/export', async (req, reply) => {
    const { items } = await svc.findEntries(db, actorOf(req), req.params.id, { ...req.query, page: 1, pageSize: 1_000_000 });
    type E = (typeof items)[number];
    const buf = await writeXlsx('得分台账', [
      { header: '序号', width: 8, value: (e: E) => e.seq }, { header: '党组织', width: 34, value: (e) => e.orgName },
      { header: '指标', width: 30, value: (e) => `${e.indicatorCode} ${e.indicatorName}` }, { header: '分值', width: 8, value: (e) => e.points },
      { header: '来源', width: 12, value: (e) => CHANNEL_LABELS[e.channel] ?? e.channel }, { header: '依据', width: 50, value: (e) => e.reason ?? '' },
      { header: '记录人', width: 14, value: (e) => e.recordedByName }, { header: '审核人', width: 14, value: (e) => e.approvedByName ?? '' },
      { header: '时间', width: 20, value: (e) => new Date(e.recordedAt).toISOString().replace('T', ' ').slice(0, 19) },
      { header: '校验值', width: 16, value: (e) => e.hash },
    ], items);
    return sendXlsx(reply, '得分台账.xlsx', buf);
  });
  r('GET /api/assessment/schemes/:id/verify', async (req) => svc.verifyLedger(db, actorOf(req), req.params.id));
  r('POST /api/assessment/schemes/:id/entries/:entryId/reverse', async (req) => { return svc.reverseEntry(db, actorOf(req), req.params.id, req.params.entryId, req.body.reason); });
  r('POST /api/assessment/schemes/:id/scores', async (req) => { return svc.recordScore(db, actorOf(req), req.params.id, req.body); });
  r('POST /api/assessment/schemes/:id/metrics', async (req) => svc.computeMetrics(db, actorOf(req), req.params.id));

  // findings
  r('GET /api/assessment/schemes/:id/findings', async (req) => svc.findFindings(db, actorOf(req), req.params.id));
  r('POST /api/assessment/schemes/:id/findings', async (req) => { return svc.recordFinding(db, actorOf(req), req.params.id, req.body); });

  // daily records
  r('GET /api/assessment/daily-records', async (req) => svc.findDailyRecords(db, actorOf(req), req.query));
  r('POST /api/assessment/daily-records', async (req) => { return svc.submitDailyRecord(db, actorOf(req), req.body); });
  r('POST /api/assessment/daily-records/:id/review', async (req) => svc.reviewDailyRecord(db, actorOf(req), req.params.id, req.body));
  for (const [kind, base] of [['daily', 'daily-records'], ['finding', 'findings']] as const) {
    r(`POST /api/assessment/${base}/:id/attachments`, async (req) => {
        const actor = actorOf(req);
        await svc.evidenceOwner(db, actor, kind, req.params.id, kind === 'daily' ? P.assessmentSubmit : P.assessmentScore);
        const file = await readEvidence(req);
        return svc.addEvidence(db, actor, kind, req.params.id, file);
      });
    r(`GET /api/assessment/${base}/:id/files/:fileId`, async (req, reply) => {
        const f = await svc.evidenceFile(db, actorOf(req), kind, req.params.id, req.params.fileId);
        return reply.header('content-type', f.contentType).header('content-disposition', `inline; filename="file"; filename*=UTF-8''${encodeURIComponent(f.name)}`).send(f.content);
      });
  }

  // duty report review
  r('GET /api/assessment/schemes/:id/duty/:indicatorId', async (req) => svc.dutySummary(db, actorOf(req), req.params.id, req.params.indicatorId));
  r('POST /api/assessment/schemes/:id/duty-scores', async (req) => { return svc.recordDutyScore(db, actorOf(req), req.params.id, req.body); });
  r('POST /api/assessment/schemes/:id/duty/:indicatorId/finalize', async (req) => svc.finalizeDuty(db, actorOf(req), req.params.id, req.params.indicatorId));

  // year-end ballots
  r('GET /api/assessment/schemes/:id/campaigns', async (req) => svc.findCampaigns(db, actorOf(req), req.params.id));
  r('POST /api/assessment/schemes/:id/campaigns', async (req) => { return svc.createCampaign(db, actorOf(req), req.params.id, req.body); });
  r('POST /api/assessment/campaigns/:id/count', async (req) => svc.countCampaign(db, actorOf(req), req.params.id));
  r('GET /api/ballot/:token', async (req) => { const { t: _t, ...b } = await svc.ballotByToken(db, req.params.token); return b; });
  r('POST /api/ballot/:token', async (req) => svc.castBallot(db, req.params.token, req.body.marks));

  // results
  r('GET /api/assessment/schemes/:id/results', async (req) => svc.results(db, actorOf(req), req.params.id, req.query));
  r('GET /api/assessment/schemes/:id/results/export', async (req, reply) => {
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
  r('GET /api/assessment/schemes/:id/orgs/:orgId/explain', async (req) => svc.explain(db, actorOf(req), req.params.id, req.params.orgId));
  r('POST /api/assessment/schemes/:id/what-if', async (req) => svc.whatIf(db, actorOf(req), req.params.id, req.body as never));
  r('GET /api/assessment/cascade', async (req) => svc.cascade(db, actorOf(req), req.query.year ?? Number(today().slice(0, 4))));

  // objections
  r('GET /api/assessment/schemes/:id/objections', async (req) => svc.findObjections(db, actorOf(req), req.params.id));
  r('POST /api/assessment/schemes/:id/objections', async (req) => { return svc.fileObjection(db, actorOf(req), req.params.id, req.body); });
  r('POST /api/assessment/objections/:id/decide', async (req) => svc.decideObjection(db, actorOf(req), req.params.id, req.body));

  // the orgs a grade count counts
  r('GET /api/assessment/graded', async (req) => svc.gradedOrgs(db, actorOf(req), req.query));
  r('GET /api/assessment/graded/export', async (req, reply) => {
    const { items } = await svc.gradedOrgs(db, actorOf(req), req.query);
    type G = (typeof items)[number];
    const buf = await writeXlsx('考核等次', [
      { header: '方案', width: 36, value: (x: G) => x.schemeName }, { header: '分组', width: 12, value: (x) => x.group },
      { header: '名次', width: 8, value: (x) => `${x.rank}/${x.groupSize}` }, { header: '党组织', width: 40, value: (x) => x.orgName },
      { header: '总分', width: 10, value: (x) => x.total }, { header: '等次', width: 8, value: (x) => GRADE_LABELS[x.grade] },
      { header: '否决事项', width: 10, value: (x) => (x.vetoed ? '有' : '') }, { header: '结果状态', width: 10, value: (x) => (x.final ? '已定稿' : '公示中') },
    ], items);
    return sendXlsx(reply, `${req.query.year ?? today().slice(0, 4)}年度考核${req.query.grade ? GRADE_LABELS[req.query.grade] : ''}等次名单.xlsx`, buf);
  });

  // corrections of a final scheme
  r('GET /api/assessment/schemes/:id/corrections', async (req) => svc.findCorrections(db, actorOf(req), req.params.id));
  r('POST /api/assessment/schemes/:id/corrections', async (req) => { return svc.correctFinal(db, actorOf(req), req.params.id, req.body); });

  // accountability
  r('GET /api/assessment/actions', async (req) => svc.findActions(db, actorOf(req), req.query));
  r('GET /api/assessment/actions/export', async (req, reply) => {
      const items = await svc.findActions(db, actorOf(req), req.query);
      const kinds: Record<string, string> = { circular: '专项通报', interview: '整改约谈', honour_ban: '取消评优', adjustment: '组织调整' };
      type A = (typeof items)[number];
      const buf = await writeXlsx('问责台账', [
        { header: '类型', width: 10, value: (a: A) => kinds[a.kind] ?? '' }, { header: '党组织', width: 34, value: (a) => a.orgName ?? '（全县）' },
        { header: '标题/事由', width: 36, value: (a) => a.title }, { header: '文号', width: 18, value: (a) => a.docNo ?? '' },
        { header: '日期', width: 12, value: (a) => a.happenedOn }, { header: '考核得分', width: 10, value: (a) => a.total ?? '' },
        { header: '名次', width: 8, value: (a) => a.rank ?? '' }, { header: '等次', width: 8, value: (a) => (a.grade ? GRADE_LABELS[a.grade] : '') },
        { header: '参加人员', width: 20, value: (a) => a.persons ?? '' }, { header: '问题', width: 30, value: (a) => a.problems ?? '' },
        { header: '整改承诺', width: 30, value: (a) => a.commitments ?? '' }, { header: '跟踪情况', width: 30, value: (a) => a.followUp ?? '' },
        { header: '决定', width: 30, value: (a) => a.decision ?? '' },
      ], items);
      return sendXlsx(reply, '问责台账.xlsx', buf);
    });
  r('POST /api/assessment/schemes/:id/actions', async (req) => { return svc.recordAction(db, actorOf(req), req.params.id, req.body); });
  r('POST /api/assessment/schemes/:id/circulars', async (req) => { return svc.issueCircular(db, actorOf(req), req.params.id, req.body); });
  r('GET /api/assessment/actions/:id/docx', async (req, reply) => {
    const f = await svc.circularFile(db, actorOf(req), req.params.id);
    return reply.header('content-type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
      .header('content-disposition', `attachment; filename="circular.docx"; filename*=UTF-8''${encodeURIComponent(f.fileName)}`).send(f.buf);
  });
}

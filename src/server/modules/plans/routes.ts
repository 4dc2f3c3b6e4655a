import type { FastifyInstance } from 'fastify';
import { plansApi } from '../../../shared/api/plans.js';
import { routesOf } from '../../core/contract.js';
import { actorOf, readEvidence, sendDownload, sendFile, sendXlsx } from '../../core/http.js';
import { today } from '../../core/paging.js';
import { P } from '../../core/permissions.js';
import { writeXlsx } from '../../core/xlsx.js';
import * as svc from './service.js';
import * as review from './review.js';
import * as camp from './campaigns.js';
import { evidencePack, reviewReport } from './documents.js';

const STATUS_LABEL = { open: '推进中', done: '待办结', closed: '已办结' } as const;

export default async function planRoutes(fastify: FastifyInstance) {
  const app = fastify;
  const r = routesOf(app, plansApi);
  const db = app.db;

  r('GET /api/plans', async (req) => svc.findPlans(db, actorOf(req), req.query));
  r('POST /api/plans', async (req) => { return svc.createPlan(db, actorOf(req), req.body); });
  r('GET /api/plans/:id', async (req) => svc.planDetail(db, actorOf(req), req.params.id, req.query.asOf ?? today()));
  r('POST /api/plans/:id/goals', async (req) => { return svc.addGoal(db, actorOf(req), req.params.id, req.body); });
  r('POST /api/plans/:id/targets', async (req) => { return svc.addTarget(db, actorOf(req), req.params.id, req.body); });
  r('PUT /api/plans/targets/:id', async (req) => svc.reviseTarget(db, actorOf(req), req.params.id, req.body));
  r('GET /api/plans/targets/:id/revisions', async (req) => svc.targetRevisions(db, actorOf(req), req.params.id));
  r('POST /api/plans/targets/:id/reports', async (req) => { return svc.reportTargetValue(db, actorOf(req), req.params.id, req.body); });
  r('GET /api/plans/targets/:id/reports', async (req) => svc.targetReports(db, actorOf(req), req.params.id));
  r('POST /api/plans/:id/files', async (req) => {
      const actor = actorOf(req);
      await svc.planRow(db, actor, req.params.id, P.planReport); // permission first: an outsider's upload is never read
      const file = await readEvidence(req);
      return svc.uploadPlanFile(db, actor, req.params.id, req.query.orgId, file);
    });
  r('GET /api/plans/:id/files/:fileId', async (req, reply) => sendFile(reply, await svc.planFile(db, actorOf(req), req.params.id, req.params.fileId)));

  // tasks
  r('GET /api/plans/tasks', async (req) => svc.findTasks(db, actorOf(req), req.query));
  r('GET /api/plans/tasks/export', async (req, reply) => {
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
  r('POST /api/plans/:id/tasks', async (req) => { return svc.assignTask(db, actorOf(req), req.params.id, req.body); });
  r('GET /api/plans/tasks/:id', async (req) => svc.taskDetail(db, actorOf(req), req.params.id));
  r('POST /api/plans/tasks/:id/reports', async (req) => { return svc.reportTask(db, actorOf(req), req.params.id, req.body); });
  r('POST /api/plans/tasks/:id/decision', async (req) => svc.decideTask(db, actorOf(req), req.params.id, req.body));

  // mid-term review
  r('GET /api/plans/:id/reviews', async (req) => review.findReviews(db, actorOf(req), req.params.id));
  r('POST /api/plans/:id/reviews', async (req) => { return review.createReview(db, actorOf(req), req.params.id, req.body); });
  r('GET /api/plans/reviews/:id/checklist', async (req) => review.reviewChecklist(db, actorOf(req), req.params.id));
  r('POST /api/plans/reviews/:id/gaps', async (req) => { return review.actOnGap(db, actorOf(req), req.params.id, req.body); });
  r('GET /api/plans/reviews/:id/self', async (req) => review.selfAssessments(db, actorOf(req), req.params.id));
  r('POST /api/plans/reviews/:id/self', async (req) => { return review.submitSelfAssessment(db, actorOf(req), req.params.id, req.body); });
  r('GET /api/plans/reviews/:id/pack', async (req, reply) => { const p = await evidencePack(db, actorOf(req), req.params.id); return sendDownload(reply, 'application/zip', p.name, p.zip); });
  r('GET /api/plans/reviews/:id/report.docx', async (req, reply) => {
    const r = await reviewReport(db, actorOf(req), req.params.id);
    return sendDownload(reply, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', r.name, r.docx);
  });

  // campaigns
  r('GET /api/campaigns', async (req) => camp.findCampaigns(db, actorOf(req)));
  r('POST /api/campaigns', async (req) => { return camp.createCampaign(db, actorOf(req), req.body); });
  r('GET /api/campaigns/showcase', async (req) => camp.showcase(db, actorOf(req), req.query));
  r('GET /api/campaigns/:id', async (req) => camp.campaignDetail(db, actorOf(req), req.params.id, req.query));
  r('POST /api/campaigns/:id/stage', async (req) => camp.advanceCampaign(db, actorOf(req), req.params.id, req.body));
  r('POST /api/campaigns/:id/join', async (req) => { return camp.joinCampaign(db, actorOf(req), req.params.id, req.body); });
  r('POST /api/campaigns/:id/orgs/:orgId/met', async (req) => camp.markMet(db, actorOf(req), req.params.id, req.params.orgId, req.body));
  r('POST /api/campaigns/:id/files', async (req) => {
      const actor = actorOf(req);
      await camp.campaignRow(db, actor, req.params.id, P.planReport); // permission first: an outsider's upload is never read
      const file = await readEvidence(req);
      return camp.uploadCampaignFile(db, actor, req.params.id, req.query.orgId, file);
    });
  r('GET /api/campaigns/:id/files/:fileId', async (req, reply) => sendFile(reply, await camp.campaignFile(db, actorOf(req), req.params.id, req.params.fileId)));
  r('POST /api/campaigns/:id/reports', async (req) => { return camp.reportCampaign(db, actorOf(req), req.params.id, req.body); });
}

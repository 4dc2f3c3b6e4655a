import type { FastifyInstance } from 'fastify';
import { inspectionsApi } from '../../../shared/api/inspections.js';
import { routesOf } from '../../core/contract.js';
import { actorOf, readEvidence, sendFile, sendXlsx } from '../../core/http.js';
import { today } from '../../core/paging.js';
import { writeXlsx } from '../../core/xlsx.js';
import { P } from '../../core/permissions.js';
import { ageBand, STATUS_LABELS } from './rules.js';
import * as svc from './service.js';

export const SOURCE_LABELS: Record<string, string> = {
  inspection: '督查发现', weak_org: '软弱涣散整顿', midterm_review: '中期评估', interview: '约谈', complaint: '群众反映', other: '其他',
};


export default async function inspectionRoutes(fastify: FastifyInstance) {
  const app = fastify;
  const r = routesOf(app, inspectionsApi);
  const db = app.db;

  // plans, visits, findings
  r('GET /api/inspections/plans', async (req) => svc.findPlans(db, actorOf(req), req.query));
  r('GET /api/inspections/checklist-template', async () => (await import('./rules.js')).DEFAULT_CHECKLIST);
  r('POST /api/inspections/plans', async (req) => { return svc.createPlan(db, actorOf(req), req.body); });
  r('GET /api/inspections/plans/:id', async (req) => svc.getPlan(db, actorOf(req), req.params.id));
  r('POST /api/inspections/plans/:id/visits', async (req) => { return svc.recordVisit(db, actorOf(req), req.params.id, req.body); });
  r('POST /api/inspections/plans/:id/findings', async (req) => { return svc.recordFinding(db, actorOf(req), req.params.id, req.body); });
  r('GET /api/inspections/findings', async (req) => svc.findFindings(db, actorOf(req), req.query));
  r('POST /api/inspections/findings/:id/attachments', async (req) => {
      const actor = actorOf(req);
      await svc.findingRow(db, actor, req.params.id, P.problemInspect); // permission first: an outsider's upload is never read
      const file = await readEvidence(req);
      return svc.addFindingEvidence(db, actor, req.params.id, file);
    });
  r('GET /api/inspections/findings/:id/files/:fileId', async (req, reply) => sendFile(reply, await svc.findingFile(db, actorOf(req), req.params.id, req.params.fileId)));

  // rectification items
  r('GET /api/rectifications', async (req) => svc.findItems(db, actorOf(req), req.query));
  r('GET /api/rectifications/export', async (req, reply) => {
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
  r('POST /api/rectifications', async (req) => { return svc.createItem(db, actorOf(req), req.body); });
  r('GET /api/rectifications/mine', async (req) => svc.myWork(db, actorOf(req)));
  r('GET /api/rectifications/:id', async (req) => svc.getItem(db, actorOf(req), req.params.id));
  for (const [path, action] of [
    ['progress', 'progress'], ['request-acceptance', 'request_acceptance'], ['return', 'return'], ['accept', 'accept'], ['close', 'close'],
  ] as const) {
    r(`POST /api/rectifications/:id/${path}`, async (req) => svc.act(db, actorOf(req), req.params.id, action, req.body));
  }
  r('POST /api/rectifications/:id/deadline', async (req) => svc.changeDeadline(db, actorOf(req), req.params.id, req.body));
  r('POST /api/rectifications/:id/files', async (req) => {
      const actor = actorOf(req);
      await svc.getItem(db, actor, req.params.id); // the item must be visible before the upload is read
      const file = await readEvidence(req);
      return svc.uploadItemFile(db, actor, req.params.id, file);
    });
  r('GET /api/rectifications/:id/files/:fileId', async (req, reply) => sendFile(reply, await svc.itemFile(db, actorOf(req), req.params.id, req.params.fileId)));
  r('GET /api/rectifications/rollup', async (req) => svc.itemsRollup(db, actorOf(req), req.query));
}

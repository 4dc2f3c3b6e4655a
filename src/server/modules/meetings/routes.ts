import type { FastifyInstance } from 'fastify';
import { meetingsApi } from '../../../shared/api/meetings.js';
import { routesOf } from '../../core/contract.js';
import { actorOf, readEvidence, sendXlsx } from '../../core/http.js';
import { today } from '../../core/paging.js';
import { writeXlsx } from '../../core/xlsx.js';
import { MEETING_LABELS } from './rules.js';
import * as svc from './service.js';
import * as appraisal from './appraisal.js';
import * as duty from './duty.js';

const STATE_LABELS: Record<string, string> = { missing: '未开展', due: '本期待开展', below_quorum: '人数不足' };

export default async function meetingRoutes(fastify: FastifyInstance) {
  const app = fastify;
  const r = routesOf(app, meetingsApi);
  const db = app.db;
  r('GET /api/meeting-rules', async (req) => svc.findMeetingRules(db, actorOf(req)));
  r('POST /api/meeting-rules', async (req) => { return svc.addMeetingRule(db, actorOf(req), req.body); });
  r('GET /api/meetings', async (req) => svc.findMeetings(db, actorOf(req), req.query));
  r('GET /api/meetings/export', async (req, reply) => {
    const { items } = await svc.findMeetings(db, actorOf(req), { ...req.query, page: 1, pageSize: 100_000 });
    const buf = await writeXlsx('组织生活', [
      { header: '党组织', width: 36, value: (m: (typeof items)[number]) => m.orgName }, { header: '类型', value: (m) => MEETING_LABELS[m.meetingType] },
      { header: '日期', width: 12, value: (m) => m.heldOn }, { header: '主题', width: 30, value: (m) => m.topic },
      { header: '应到', value: (m) => m.expectedCount }, { header: '实到', value: (m) => m.presentCount },
      { header: '状态', value: (m) => (m.status === 'submitted' ? (m.isLate ? '已提交（补录）' : '已提交') : '草稿') },
    ], items);
    return sendXlsx(reply, '组织生活记录.xlsx', buf);
  });
  r('GET /api/meetings/:id', async (req) => svc.getMeeting(db, actorOf(req), req.params.id));
  r('POST /api/meetings', async (req) => { return svc.createMeeting(db, actorOf(req), req.body); });
  r('PUT /api/meetings/:id', async (req) => svc.updateMeeting(db, actorOf(req), req.params.id, req.body));
  r('POST /api/meetings/:id/submit', async (req) => svc.submitMeeting(db, actorOf(req), req.params.id, req.body));
  r('POST /api/meetings/:id/attachments', async (req) => {
      const actor = actorOf(req);
      await svc.meetingForAttachment(db, actor, req.params.id);
      const file = await readEvidence(req);
      return svc.addAttachment(db, actor, req.params.id, file);
    });
  r('GET /api/meeting-attachments/:id', async (req, reply) => {
    const a = await svc.getAttachment(db, actorOf(req), req.params.id);
    return reply.header('content-type', a.contentType)
      .header('content-disposition', `inline; filename="file"; filename*=UTF-8''${encodeURIComponent(a.fileName)}`).send(a.content);
  });
  r('GET /api/orgs/:id/roster', async (req) => svc.rosterFor(db, actorOf(req), req.params.id, req.query.meetingType));
  r('GET /api/orgs/:id/compliance', async (req) => svc.getCompliance(db, actorOf(req), req.params.id, req.query.year ?? Number(today().slice(0, 4))));
  r('GET /api/meeting-compliance/copied', async (req) => svc.findCopiedMinutes(db, actorOf(req), { under: req.query.under, month: req.query.month ?? today().slice(0, 7) }));
  r('GET /api/meeting-compliance/long-absent', async (req) => svc.findLongAbsent(db, actorOf(req), req.query));
  r('GET /api/members/:id/participation', async (req) => svc.memberParticipation(db, actorOf(req), req.params.id, req.query.year ?? Number(today().slice(0, 4))));
  r('GET /api/orgs/:id/appraisals', async (req) => appraisal.getAppraisals(db, actorOf(req), req.params.id, req.query.year ?? Number(today().slice(0, 4))));
  r('POST /api/orgs/:id/appraisals', async (req) => { return appraisal.recordAppraisals(db, actorOf(req), req.params.id, req.body); });
  r('GET /api/orgs/:id/heart-talks', async (req) => appraisal.findHeartTalks(db, actorOf(req), req.params.id, req.query.year ?? Number(today().slice(0, 4))));
  r('POST /api/orgs/:id/heart-talks', async (req) => { return appraisal.recordHeartTalk(db, actorOf(req), req.params.id, req.body); });
  r('GET /api/orgs/:id/duties', async (req) => duty.getDuties(db, actorOf(req), req.params.id, req.query.year ?? Number(today().slice(0, 4))));
  r('POST /api/orgs/:id/duties', async (req) => { return duty.assignDuty(db, actorOf(req), req.params.id, req.body); });
  r('GET /api/meeting-compliance/missing', async (req) => svc.findMissing(db, actorOf(req), { ...req.query, month: req.query.month ?? today().slice(0, 7) }));
  r('GET /api/meeting-compliance/missing/export', async (req, reply) => {
    const { items } = await svc.findMissing(db, actorOf(req), { ...req.query, month: req.query.month ?? today().slice(0, 7), page: 1, pageSize: 100_000 });
    const buf = await writeXlsx('缺项', [
      { header: '党支部', width: 40, value: (o: (typeof items)[number]) => o.name },
      { header: '缺项', width: 80, value: (o) => o.missing.map((x) => `${MEETING_LABELS[x.meetingType]}（${x.period}，${STATE_LABELS[x.state]}）`).join('；') },
    ], items);
    return sendXlsx(reply, '组织生活缺项.xlsx', buf);
  });
  r('GET /api/meeting-compliance/rollup', async (req) => svc.complianceRollup(db, actorOf(req), { under: req.query.under, year: req.query.year ?? Number(today().slice(0, 4)) }));
  r('GET /api/meeting-compliance/rollup/export', async (req, reply) => {
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

import type { FastifyInstance } from 'fastify';
import { weakOrgsApi } from '../../../shared/api/weak-orgs.js';
import { routesOf } from '../../core/contract.js';
import { actorOf, sendXlsx } from '../../core/http.js';
import { today } from '../../core/paging.js';
import { writeXlsx } from '../../core/xlsx.js';
import { itemsRollup } from '../inspections/service.js';
import { coverageRollup } from '../nonpublic/service.js';
import * as svc from './service.js';

const thisYear = () => Number(today().slice(0, 4));
/** The year of a list: this year unless asked. */

export default async function weakOrgRoutes(fastify: FastifyInstance) {
  const app = fastify;
  const r = routesOf(app, weakOrgsApi);
  const db = app.db;

  r('GET /api/weak-orgs/criteria/:year', async (req) => svc.getCriteria(db, actorOf(req), req.params.year));
  r('PUT /api/weak-orgs/criteria/:year', async (req) => svc.saveCriteria(db, actorOf(req), req.params.year, req.body));
  r('POST /api/weak-orgs/runs', async (req) => { return svc.runScreening(db, actorOf(req), req.body.year); });
  r('GET /api/weak-orgs/runs', async (req) => svc.findRuns(db, actorOf(req), req.query.year ?? thisYear()));
  r('GET /api/weak-orgs/runs/:id', async (req) => svc.runCandidates(db, actorOf(req), req.params.id, req.query));
  r('POST /api/weak-orgs', async (req) => { const { year, ...input } = req.body; return svc.confirm(db, actorOf(req), year, input); });
  r('GET /api/weak-orgs', async (req) => svc.findWeakOrgs(db, actorOf(req), { ...req.query, year: req.query.year ?? thisYear() }));
  r('GET /api/weak-orgs/export', async (req, reply) => {
    const year = req.query.year ?? thisYear();
    const list = await svc.findWeakOrgs(db, actorOf(req), { year });
    type W = (typeof list)[number];
    const buf = await writeXlsx('软弱涣散整顿', [
      { header: '年度', width: 8, value: (w: W) => w.year }, { header: '党组织', width: 34, value: (w) => w.orgName }, { header: '上级', width: 20, value: (w) => w.parentName ?? '' },
      { header: '认定理由', width: 40, value: (w) => w.reason }, { header: '触发条件', width: 50, value: (w) => w.hits.map((h) => h.evidence).join('；') },
      { header: '包联领导', width: 12, value: (w) => w.contactLeader }, { header: '第一书记', width: 12, value: (w) => w.firstSecretary ?? '' },
      { header: '整顿期限', width: 12, value: (w) => w.deadline }, { header: '最近进展', width: 12, value: (w) => w.lastProgressOn ?? '' },
      { header: '销号日期', width: 12, value: (w) => w.closedOn ?? '' }, { header: '观察期至', width: 12, value: (w) => w.watchUntil ?? '' },
    ], list);
    return sendXlsx(reply, `软弱涣散整顿台账-${year}.xlsx`, buf);
  });

  r('GET /api/three-lacks', async (req) => svc.findThreeLacks(db, actorOf(req), { ...req.query, year: req.query.year ?? thisYear() }));
  r('POST /api/three-lacks', async (req) => { return svc.recordThreeLacks(db, actorOf(req), req.body); });
  r('GET /api/three-lacks/orgs/:id', async (req) => svc.threeLacksHistory(db, actorOf(req), req.params.id));
  r('GET /api/three-lacks/export', async (req, reply) => {
    const year = req.query.year ?? thisYear();
    const { items } = await svc.findThreeLacks(db, actorOf(req), { year, page: 1, pageSize: 100_000 });
    type L = (typeof items)[number];
    const yes = (b: boolean | undefined) => (b ? '缺' : '');
    const buf = await writeXlsx('“三无”台账', [
      { header: '党组织', width: 34, value: (x: L) => x.orgName }, { header: '所属', width: 20, value: (x) => x.parentName ?? '' },
      { header: '管事的人', width: 20, value: (x) => x.personInCharge ?? '' }, { header: '集体经济收入（万元）', width: 14, value: (x) => x.collectiveIncome },
      { header: '服务群众经费（万元）', width: 14, value: (x) => x.serviceFunds }, { header: '场所面积（㎡）', width: 12, value: (x) => x.venueArea },
      { header: '无人管事', width: 10, value: (x) => yes(x.lacks?.person) }, { header: '无钱办事', width: 10, value: (x) => yes(x.lacks?.funds) },
      { header: '无处议事', width: 10, value: (x) => yes(x.lacks?.venue) }, { header: '改进措施', width: 40, value: (x) => x.actions ?? (x.entryId ? '' : '未填报') },
    ], items);
    return sendXlsx(reply, `三无台账-${year}.xlsx`, buf);
  });

  // the problems dashboard: one call for the page, each figure from its module's service
  r('GET /api/problems/overview', async (req) => {
    const actor = actorOf(req);
    const year = req.query.year ?? thisYear();
    const [items, weak, weakByOrg, lacks, coverage] = await Promise.all([
      itemsRollup(db, actor, { under: req.query.under }), svc.weakOrgSummary(db, actor, year), svc.weakOrgRollup(db, actor, { year, under: req.query.under }),
      svc.findThreeLacks(db, actor, { year, under: req.query.under, page: 1, pageSize: 1 }), coverageRollup(db, actor, { under: req.query.under }),
    ]);
    return { year, items, weak, weakByOrg, threeLacks: lacks.summary, coverage };
  });
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, sendXlsx } from '../../core/http.js';
import { PageQuery, QueryBool, today } from '../../core/paging.js';
import { writeXlsx } from '../../core/xlsx.js';
import { IdParam, IsoDate, Text } from '../orgs/schemas.js';
import { itemsRollup } from '../inspections/service.js';
import { coverageRollup } from '../nonpublic/service.js';
import * as svc from './service.js';
import { TRIGGER_KEYS } from './tables.js';

const Year = z.coerce.number().int().min(2000).max(2100);
const thisYear = () => Number(today().slice(0, 4));
/** The year of a list: this year unless asked. */
const YearQuery = z.object({ year: Year.optional() });
const Money = (label: string) => z.number({ error: `请填写${label}（万元）` }).min(0, `${label}不能为负`).max(1e6);

export default async function weakOrgRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = app.db;
  const tags = ['软弱涣散与“三无”'];

  app.get('/api/weak-orgs/criteria/:year', { schema: { tags, summary: '排查条件（阈值、比例目标）', params: z.object({ year: Year }) } },
    async (req) => svc.getCriteria(db, actorOf(req), req.params.year));
  app.put('/api/weak-orgs/criteria/:year', { schema: { tags, summary: '保存排查条件（比例目标可为空：应整尽整）', params: z.object({ year: Year }), body: z.object({
    criteria: z.array(z.object({ key: z.enum(TRIGGER_KEYS, { error: '未知的筛查条件' }), enabled: z.boolean(), threshold: z.number({ error: '阈值应为数字' }).nullable() })).min(1).max(20),
    ratioTarget: z.number({ error: '比例目标应为数字' }).nullable(), version: z.number().int() }) } },
  async (req) => svc.saveCriteria(db, actorOf(req), req.params.year, req.body));
  app.post('/api/weak-orgs/runs', { schema: { tags, summary: '运行年度排查（按当前条件，列出候选党组织及依据）', body: z.object({ year: z.number().int().min(2000).max(2100) }) } },
    async (req, reply) => { reply.code(201); return svc.runScreening(db, actorOf(req), req.body.year); });
  app.get('/api/weak-orgs/runs', { schema: { tags, summary: '排查记录', querystring: YearQuery } },
    async (req) => svc.findRuns(db, actorOf(req), req.query.year ?? thisYear()));
  app.get('/api/weak-orgs/runs/:id', { schema: { tags, summary: '排查候选名单（每条触发条件及依据）', params: IdParam,
    querystring: PageQuery.extend({ trigger: z.enum(TRIGGER_KEYS).optional() }) } },
  async (req) => svc.runCandidates(db, actorOf(req), req.params.id, req.query));
  app.post('/api/weak-orgs', { schema: { tags, summary: '认定软弱涣散党组织（生成整顿事项，县委组织部验收销号）', body: z.object({
    year: z.number().int().min(2000).max(2100), runId: z.number().int().positive().nullish(), orgId: z.number({ error: '请选择党组织' }).int().positive(),
    categories: z.array(z.string().max(40)).max(10), reason: Text('认定理由', 1000), contactLeader: Text('包联县级领导', 40),
    firstSecretary: z.string().trim().max(40).nullish(), responsiblePerson: Text('整顿责任人', 40), measures: Text('整顿措施', 2000), deadline: IsoDate }) } },
  async (req, reply) => { reply.code(201); const { year, ...input } = req.body; return svc.confirm(db, actorOf(req), year, input); });
  app.get('/api/weak-orgs', { schema: { tags, summary: '软弱涣散党组织（本年度及销号后观察期内）', querystring: YearQuery.extend({ under: z.coerce.number().int().positive().optional() }) } },
    async (req) => svc.findWeakOrgs(db, actorOf(req), { ...req.query, year: req.query.year ?? thisYear() }));
  app.get('/api/weak-orgs/export', { schema: { tags, summary: '导出软弱涣散党组织整顿台账（Excel）', querystring: YearQuery } }, async (req, reply) => {
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

  app.get('/api/three-lacks', { schema: { tags, summary: '“三无”台账（村、社区，本年度当前填报）', querystring: PageQuery.extend({
    year: Year.optional(), under: z.coerce.number().int().positive().optional(), lacking: QueryBool.optional() }) } },
  async (req) => svc.findThreeLacks(db, actorOf(req), { ...req.query, year: req.query.year ?? thisYear() }));
  app.post('/api/three-lacks', { schema: { tags, summary: '填报“三无”情况（更正即新填一条，历史保留）', body: z.object({
    orgId: z.number({ error: '请选择党组织' }).int().positive(), year: z.number().int().min(2000).max(2100), hasPersonInCharge: z.boolean(),
    personInCharge: z.string().trim().max(60).nullish(), collectiveIncome: Money('村集体经济收入'), serviceFunds: Money('服务群众专项经费'),
    hasVenue: z.boolean(), venueArea: z.number().min(0, '面积不能为负').max(100000).nullish(), actions: z.string().trim().max(2000).nullish() }) } },
  async (req, reply) => { reply.code(201); return svc.recordThreeLacks(db, actorOf(req), req.body); });
  app.get('/api/three-lacks/orgs/:id', { schema: { tags, summary: '某村（社区）的“三无”填报历史', params: IdParam } },
    async (req) => svc.threeLacksHistory(db, actorOf(req), req.params.id));
  app.get('/api/three-lacks/export', { schema: { tags, summary: '导出“三无”台账（Excel）', querystring: YearQuery } }, async (req, reply) => {
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
  app.get('/api/problems/overview', { schema: { tags: ['督查与整改'], summary: '问题整改总览（整改、软弱涣散、“三无”、两新覆盖）', querystring: z.object({
    year: Year.optional(), under: z.coerce.number().int().positive().optional() }) } },
  async (req) => {
    const actor = actorOf(req);
    const year = req.query.year ?? thisYear();
    const [items, weak, weakByOrg, lacks, coverage] = await Promise.all([
      itemsRollup(db, actor, { under: req.query.under }), svc.weakOrgSummary(db, actor, year), svc.weakOrgRollup(db, actor, { year, under: req.query.under }),
      svc.findThreeLacks(db, actor, { year, under: req.query.under, page: 1, pageSize: 1 }), coverageRollup(db, actor, { under: req.query.under }),
    ]);
    return { year, items, weak, weakByOrg, threeLacks: lacks.summary, coverage };
  });
}

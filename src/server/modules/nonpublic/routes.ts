import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, sendXlsx } from '../../core/http.js';
import { PageQuery, QueryBool, today } from '../../core/paging.js';
import { writeXlsx } from '../../core/xlsx.js';
import { IdParam, Text } from '../orgs/schemas.js';
import * as svc from './service.js';
import { COVER_KINDS, ENTITY_KINDS, ENTITY_SIZES } from './tables.js';

export const KIND_LABELS = { enterprise: '非公有制企业', social_org: '社会组织' } as const;
export const SIZE_LABELS = { large: '大型', medium: '中型', small: '小型', micro: '微型' } as const;
export const COVER_LABELS = { own: '单独组建', joint: '联合组建', none: '未建' } as const;

const Entity = z.object({
  ownerOrgId: z.number({ error: '请选择所属党（工）委' }).int().positive(), name: Text('名称', 100),
  uscc: z.string().trim().max(18, '统一社会信用代码应为 18 位').nullish(), acceptBadUscc: z.boolean().optional(),
  kind: z.enum(ENTITY_KINDS, { error: '请选择类型' }), size: z.enum(ENTITY_SIZES, { error: '请选择规模' }), industry: z.string().trim().max(40).nullish(),
  employees: z.number({ error: '请填写从业人员数' }).int('从业人员数应为整数').min(0).max(1_000_000),
  partyMembers: z.number({ error: '请填写党员人数' }).int('党员人数应为整数').min(0).max(1_000_000),
  coverKind: z.enum(COVER_KINDS, { error: '请选择党组织建立情况' }), partyOrgId: z.number().int().positive().nullish(),
  liaison: z.string().trim().max(60).nullish(), address: z.string().trim().max(200).nullish(),
});
const Query = PageQuery.extend({
  under: z.coerce.number().int().positive().optional(), kind: z.enum(ENTITY_KINDS).optional(), coverKind: z.enum(COVER_KINDS).optional(),
  worklist: QueryBool.optional(), keyword: z.string().trim().max(40).optional(),
});

export default async function nonpublicRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = app.db;
  const tags = ['两新组织'];
  app.get('/api/nonpublic', { schema: { tags, summary: '两新组织名录（worklist=true：党员 3 名以上未建党组织）', querystring: Query } },
    async (req) => svc.findEntities(db, actorOf(req), req.query));
  app.get('/api/nonpublic/export', { schema: { tags, summary: '导出两新组织名录（Excel）', querystring: Query } }, async (req, reply) => {
    const { items } = await svc.findEntities(db, actorOf(req), { ...req.query, page: 1, pageSize: 100_000 });
    type E = (typeof items)[number];
    const s = (v: unknown) => (v === null || v === undefined ? '' : String(v));
    const buf = await writeXlsx('两新组织', [
      { header: '名称', width: 34, value: (e: E) => s(e.name) }, { header: '统一社会信用代码', width: 22, value: (e) => s(e.uscc) },
      { header: '类型', width: 14, value: (e) => KIND_LABELS[e.kind as keyof typeof KIND_LABELS] }, { header: '规模', width: 8, value: (e) => SIZE_LABELS[e.size as keyof typeof SIZE_LABELS] },
      { header: '行业', width: 14, value: (e) => s(e.industry) }, { header: '从业人员', width: 10, value: (e) => Number(e.employees) },
      { header: '党员', width: 8, value: (e) => Number(e.partyMembers) }, { header: '党组织', width: 10, value: (e) => COVER_LABELS[e.coverKind as keyof typeof COVER_LABELS] },
      { header: '所在党组织', width: 30, value: (e) => s(e.partyOrgName) }, { header: '党建指导员', width: 14, value: (e) => s(e.liaison) },
      { header: '所属党（工）委', width: 24, value: (e) => s(e.ownerName) }, { header: '地址', width: 30, value: (e) => s(e.address) },
    ], items);
    return sendXlsx(reply, `两新组织名录-${today()}.xlsx`, buf);
  });
  app.post('/api/nonpublic', { schema: { tags, summary: '登记两新组织（统一社会信用代码按 GB 32100 校验）', body: Entity } },
    async (req, reply) => { reply.code(201); return svc.createEntity(db, actorOf(req), req.body); });
  app.put('/api/nonpublic/:id', { schema: { tags, summary: '修改两新组织（含建立党组织、注销）', params: IdParam, body: Entity.extend({ version: z.number().int(), active: z.boolean().optional() }) } },
    async (req) => svc.updateEntity(db, actorOf(req), req.params.id, req.body));
  app.get('/api/nonpublic/coverage', { schema: { tags, summary: '党组织覆盖率（按乡镇、行业党委，及按月趋势）', querystring: z.object({
    under: z.coerce.number().int().positive().optional(), kind: z.enum(ENTITY_KINDS).optional() }) } },
  async (req) => svc.coverageRollup(db, actorOf(req), req.query));
}

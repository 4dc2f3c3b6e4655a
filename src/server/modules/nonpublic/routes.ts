import type { FastifyInstance } from 'fastify';
import { nonpublicApi } from '../../../shared/api/nonpublic.js';
import { routesOf } from '../../core/contract.js';
import { actorOf, sendXlsx } from '../../core/http.js';
import { today } from '../../core/paging.js';
import { writeXlsx } from '../../core/xlsx.js';
import * as svc from './service.js';

export const KIND_LABELS = { enterprise: '非公有制企业', social_org: '社会组织' } as const;
export const SIZE_LABELS = { large: '大型', medium: '中型', small: '小型', micro: '微型' } as const;
export const COVER_LABELS = { own: '单独组建', joint: '联合组建', none: '未建' } as const;


export default async function nonpublicRoutes(fastify: FastifyInstance) {
  const app = fastify;
  const r = routesOf(app, nonpublicApi);
  const db = app.db;
  r('GET /api/nonpublic', async (req) => svc.findEntities(db, actorOf(req), req.query));
  r('GET /api/nonpublic/export', async (req, reply) => {
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
  r('POST /api/nonpublic', async (req) => { return svc.createEntity(db, actorOf(req), req.body); });
  r('PUT /api/nonpublic/:id', async (req) => svc.updateEntity(db, actorOf(req), req.params.id, req.body));
  r('GET /api/nonpublic/coverage', async (req) => svc.coverageRollup(db, actorOf(req), req.query));
}

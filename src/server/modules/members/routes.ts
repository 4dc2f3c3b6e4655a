import type { FastifyInstance } from 'fastify';
import { membersApi } from '../../../shared/api/members.js';
import { routesOf } from '../../core/contract.js';
import { actorOf, sendXlsx } from '../../core/http.js';
import { writeXlsx } from '../../core/xlsx.js';
import { MASKED_MEMBER_COLUMNS, MEMBER_COLUMNS } from './register.js';
import * as svc from './service.js';

const EXPORT_LIMIT = 200_000;

export default async function memberRoutes(fastify: FastifyInstance) {
  const app = fastify;
  const r = routesOf(app, membersApi);
  const db = app.db;
  r('GET /api/members', async (req) => svc.findMembers(db, actorOf(req), req.query));
  r('GET /api/members/export', async (req, reply) => {
      const { rows, masked } = await svc.exportMembers(db, actorOf(req), req.query, EXPORT_LIMIT);
      const buf = await writeXlsx(masked ? '党员信息（身份证号已脱敏）' : '党员信息', masked ? MASKED_MEMBER_COLUMNS : MEMBER_COLUMNS,
        rows as unknown as Record<string, unknown>[]);
      return sendXlsx(reply, `党员列表-${new Date().toISOString().slice(0, 10)}.xlsx`, buf);
    });
  r('GET /api/members/:id', async (req) => svc.getMember(db, actorOf(req), req.params.id));
  r('GET /api/members/:id/history', async (req) => svc.getMemberHistory(db, actorOf(req), req.params.id));
  r('POST /api/members', async (req) => { return svc.createMember(db, actorOf(req), req.body); });
  r('PUT /api/members/:id', async (req) => svc.updateMember(db, actorOf(req), req.params.id, req.body));
  r('POST /api/members/:id/transfer', async (req) => svc.transferMember(db, actorOf(req), req.params.id, req.body));
}

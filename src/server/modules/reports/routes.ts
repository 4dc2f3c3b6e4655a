import type { FastifyInstance } from 'fastify';
import { reportsApi } from '../../../shared/api/reports.js';
import { routesOf } from '../../core/contract.js';
import { actorOf, sendXlsx } from '../../core/http.js';
import * as svc from './service.js';
import { buildReport, listReports } from './standard.js';


export default async function reportRoutes(fastify: FastifyInstance) {
  const app = fastify;
  const r = routesOf(app, reportsApi);
  const db = app.db;
  r('GET /api/cockpit', async (req) => svc.cockpit(db, actorOf(req), req.query));
  r('GET /api/reports', async (req) => listReports(actorOf(req)));
  r('GET /api/reports/:key', async (req) => { const r = await buildReport(db, actorOf(req), req.params.key, req.query); return { title: r.title, scopeName: r.scopeName, year: r.year, ...r.table }; });
  r('GET /api/reports/:key/export', async (req, reply) => { const r = await buildReport(db, actorOf(req), req.params.key, req.query); return sendXlsx(reply, r.name, r.buffer); });
}

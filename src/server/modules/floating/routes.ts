import type { FastifyInstance } from 'fastify';
import { floatingApi } from '../../../shared/api/floating.js';
import { routesOf } from '../../core/contract.js';
import { actorOf } from '../../core/http.js';
import * as svc from './service.js';

export default async function floatingRoutes(fastify: FastifyInstance) {
  const app = fastify;
  const r = routesOf(app, floatingApi);
  const db = app.db;
  r('GET /api/floating', async (req) => svc.findFloating(db, actorOf(req), req.query));
  r('POST /api/floating', async (req) => { return svc.registerFloating(db, actorOf(req), req.body); });
  r('POST /api/floating/:id/end', async (req) => svc.endFloating(db, actorOf(req), req.params.id, req.body));
  r('GET /api/members/:id/contacts', async (req) => svc.findContacts(db, actorOf(req), req.params.id));
  r('POST /api/members/:id/contacts', async (req) => { return svc.recordContact(db, actorOf(req), req.params.id, req.body); });
  r('GET /api/floating/unreachable', async (req) => svc.findUnreachable(db, actorOf(req), req.query));
  r('POST /api/members/:id/leave-proposal', async (req) => { return svc.proposeLeave(db, actorOf(req), req.params.id, req.body); });
  r('GET /api/leave-decisions', async (req) => svc.findLeaveDecisions(db, actorOf(req), req.query));
  r('POST /api/leave-decisions/:id/decide', async (req) => svc.decideLeave(db, actorOf(req), req.params.id, req.body));
  r('POST /api/members/:id/lost-contact', async (req) => svc.markLostContact(db, actorOf(req), req.params.id, req.body));
}

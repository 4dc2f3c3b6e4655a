import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from './actor.js';
import type { Config } from './config.js';
import type { Db } from './db.js';
import { errors } from './errors.js';
import type { SessionInfo } from '../modules/auth/service.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    config: Config;
  }
  interface FastifyRequest {
    session: SessionInfo | null;
  }
}

/** The acting user of a request; 401 when there is none. */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.session) throw errors.unauthenticated();
  return req.session.actor;
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function sendXlsx(reply: FastifyReply, fileName: string, body: Buffer) {
  return reply
    .header('content-type', XLSX_TYPE)
    .header('content-disposition', `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent(fileName)}`)
    .send(body);
}

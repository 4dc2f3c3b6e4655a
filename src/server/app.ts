import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import { z } from 'zod';
import { hasZodFastifySchemaValidationErrors, jsonSchemaTransform, validatorCompiler } from 'fastify-type-provider-zod';
import { systemApi } from '../shared/api/system.js';
import { responseSerializer, routesOf } from './core/contract.js';
import type { Config } from './core/config.js';
import type { Db } from './core/db.js';
import { AppError, errors } from './core/errors.js';
import { fieldLabel } from '../shared/labels.js';
import './core/http.js';
import { resolveSession, SESSION_COOKIE } from './modules/auth/service.js';
import authRoutes from './modules/auth/routes.js';
import orgRoutes from './modules/orgs/routes.js';
import memberRoutes from './modules/members/routes.js';
import auditRoutes from './modules/audit/routes.js';
import importRoutes from './modules/imports/routes.js';
import meetingRoutes from './modules/meetings/routes.js';
import trainingRoutes from './modules/training/routes.js';
import assessmentRoutes from './modules/assessment/routes.js';
import floatingRoutes from './modules/floating/routes.js';
import inspectionRoutes from './modules/inspections/routes.js';
import weakOrgRoutes from './modules/weak-orgs/routes.js';
import nonpublicRoutes from './modules/nonpublic/routes.js';
import planRoutes from './modules/plans/routes.js';
import noticeRoutes from './modules/notices/routes.js';
import reportRoutes from './modules/reports/routes.js';

// Chinese messages everywhere; a missing required value says so plainly
z.config({ ...z.locales.zhCN(), customError: (iss) => (iss.input === undefined && iss.code === 'invalid_type' ? '必填' : undefined) });

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/web');

/** Routes a signed-in user may call before changing a first-login password. */
const PASSWORD_CHANGE_ALLOWED = new Set(['/api/auth/me', '/api/auth/password', '/api/auth/logout']);
const CHECKIN_URL = '/api/training/checkin';
const PUBLIC = new Set(['/api/health', '/api/auth/login', '/api/auth/logout']);

export async function buildApp(opts: { db: Db; config: Config; logger?: boolean | object }): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? false,
    // one line per request only at debug: at info the log holds start-up, errors and what the platform did
    disableRequestLogging: true,
    trustProxy: false,
    bodyLimit: 2 * 1024 * 1024,
  });
  app.addHook('onResponse', async (req, reply) => {
    const line = { method: req.method, url: req.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) };
    if (reply.statusCode >= 500) req.log.error(line, 'request failed');
    else req.log.debug(line, 'request');
  });
  app.decorate('db', opts.db);
  app.decorate('config', opts.config);
  app.decorateRequest('session', null);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(responseSerializer({ strict: opts.config.strictResponses, log: (m) => app.log.error(m) }));

  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: opts.config.uploadLimitBytes, files: 1 } });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Jiceng 基层党建工作平台 API', version: '0.1.0' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  app.setErrorHandler((err, req, reply) => {
    let status = 500; let code = 'INTERNAL'; let message = '服务器内部错误，请稍后重试';
    let fieldErrors: { field: string; message: string }[] = []; let extra: Record<string, unknown> = {};
    if (err instanceof AppError) {
      ({ status, code, message } = err); fieldErrors = err.errors; extra = err.extra;
    } else if (hasZodFastifySchemaValidationErrors(err)) {
      status = 400; code = 'VALIDATION';
      fieldErrors = err.validation.map((v) => {
        const field = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
        return { field, message: `${fieldLabel(field, req.url)}：${v.message}` };
      });
      message = fieldErrors.map((f) => f.message).join('；');
    } else if ((err as { statusCode?: number }).statusCode === 413 || (err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      status = 413; code = 'TOO_LARGE'; message = '上传的内容过大';
    } else if ((err as { statusCode?: number }).statusCode && (err as { statusCode: number }).statusCode < 500) {
      status = (err as { statusCode: number }).statusCode; code = 'BAD_REQUEST';
      message = status === 415 ? '不支持的内容类型' : status === 404 ? '资源不存在' : '请求格式有误';
    } else {
      req.log.error(err);
      if (process.env.NODE_ENV !== 'production' && !opts.logger) console.error(err);
    }
    reply.code(status).type('application/problem+json').send({
      type: `about:blank#${code}`, title: message, status, code, detail: message, errors: fieldErrors, ...extra,
    });
  });
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/') || !fs.existsSync(path.join(WEB_DIST, 'index.html'))) {
      return reply.code(404).type('application/problem+json').send({ type: 'about:blank#NOT_FOUND', title: '资源不存在', status: 404, code: 'NOT_FOUND', detail: '资源不存在', errors: [] });
    }
    return reply.type('text/html').sendFile('index.html');
  });

  // session, CSRF and first-login gate, once for every API call
  const gate = async (req: FastifyRequest, url: string, token: string | undefined) => {
    if (token) req.session = await resolveSession(opts.db, opts.config, token, req.ip);
    if (PUBLIC.has(url) || url.startsWith('/api/ballot/')) return; // a ballot's one-time token is its own credential
    if (!req.session) throw errors.unauthenticated(token ? '登录已超时，请重新登录' : '请先登录');
    if (req.method !== 'GET' && req.method !== 'HEAD' && req.headers['x-csrf-token'] !== req.session.csrfToken) throw errors.csrf();
    if (req.session.mustChangePassword && !PASSWORD_CHANGE_ALLOWED.has(url)) throw errors.passwordChangeRequired();
  };
  app.addHook('onRequest', async (req) => {
    const url = req.url.split('?')[0]!;
    if (!url.startsWith('/api/') || url.startsWith('/api/docs') || url === '/api/openapi.json') return;
    const token = req.cookies[SESSION_COOKIE];
    // a whole class scans at once: the check-in proves the session in its own statement (docs/decisions/0007)
    if (token && req.method === 'POST' && url === CHECKIN_URL) { req.deferredAuth = { token, gate: () => gate(req, url, token) }; return; }
    await gate(req, url, token);
  });
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'same-origin');
    return payload;
  });

  routesOf(app, systemApi)('GET /api/health', async () => {
    await opts.db.execute('select 1' as never);
    return { status: 'ok' as const };
  });
  await app.register(authRoutes);
  await app.register(orgRoutes);
  await app.register(memberRoutes);
  await app.register(auditRoutes);
  await app.register(importRoutes);
  await app.register(meetingRoutes);
  await app.register(floatingRoutes);
  await app.register(trainingRoutes);
  await app.register(assessmentRoutes);
  await app.register(inspectionRoutes);
  await app.register(weakOrgRoutes);
  await app.register(nonpublicRoutes);
  await app.register(planRoutes);
  await app.register(noticeRoutes);
  await app.register(reportRoutes);
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  if (fs.existsSync(WEB_DIST)) {
    // hashed assets never change under their name: cached for good; index.html is asked for again each time
    await app.register(fastifyStatic, { root: WEB_DIST, prefix: '/', wildcard: false, index: ['index.html'], preCompressed: true, cacheControl: false,
      setHeaders: (res, file) => res.header('cache-control', /[\\/]assets[\\/]/.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache') });
  }
  return app;
}

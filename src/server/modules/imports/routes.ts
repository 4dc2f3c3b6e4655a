import type { FastifyInstance, FastifyRequest } from 'fastify';
import { importsApi } from '../../../shared/api/imports.js';
import { routesOf } from '../../core/contract.js';
import { actorOf, readUpload, sendXlsx } from '../../core/http.js';
import * as svc from './service.js';

export default async function importRoutes(fastify: FastifyInstance) {
  const app = fastify;
  const r = routesOf(app, importsApi);
  const { db, config } = app;

  const upload = async (req: FastifyRequest) => {
    const { name, content } = await readUpload(req, config.uploadLimitBytes,
      { missing: '请选择要上传的 .xlsx 文件', tooLarge: `文件超过 ${config.uploadLimitBytes / 1024 / 1024} MB，请拆分后上传` });
    return { buf: content, name };
  };

  r('GET /api/imports/members/template', async (req, reply) => {
    actorOf(req);
    return sendXlsx(reply, '党员信息导入模板.xlsx', await svc.memberTemplate());
  });
  r('GET /api/imports/orgs/template', async (req, reply) => {
    actorOf(req);
    return sendXlsx(reply, '党组织信息导入模板.xlsx', await svc.orgTemplate());
  });
  r('POST /api/imports/members', async (req) => {
    const actor = actorOf(req);
    const { buf, name } = await upload(req);
    return svc.importMembers(db, actor, buf, name);
  });
  r('POST /api/imports/orgs', async (req) => {
    const actor = actorOf(req);
    const { buf, name } = await upload(req);
    return svc.importOrgs(db, actor, buf, name);
  });
  r('GET /api/files/:token', async (req, reply) => {
      const f = await svc.getGeneratedFile(db, actorOf(req), req.params.token);
      return reply.header('content-type', f.contentType)
        .header('content-disposition', `attachment; filename="file.xlsx"; filename*=UTF-8''${encodeURIComponent(f.fileName)}`)
        .send(f.content);
    });
}

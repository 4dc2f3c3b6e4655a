import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, readUpload, sendXlsx } from '../../core/http.js';
import * as svc from './service.js';

export default async function importRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db, config } = app;
  const tags = ['导入导出'];

  const upload = async (req: FastifyRequest) => {
    const { name, content } = await readUpload(req, config.uploadLimitBytes,
      { missing: '请选择要上传的 .xlsx 文件', tooLarge: `文件超过 ${config.uploadLimitBytes / 1024 / 1024} MB，请拆分后上传` });
    return { buf: content, name };
  };

  app.get('/api/imports/members/template', { schema: { tags, summary: '党员导入模板 (.xlsx)' } }, async (req, reply) => {
    actorOf(req);
    return sendXlsx(reply, '党员信息导入模板.xlsx', await svc.memberTemplate());
  });
  app.get('/api/imports/orgs/template', { schema: { tags, summary: '党组织导入模板 (.xlsx)' } }, async (req, reply) => {
    actorOf(req);
    return sendXlsx(reply, '党组织信息导入模板.xlsx', await svc.orgTemplate());
  });
  app.post('/api/imports/members', { schema: { tags, summary: '导入党员（全部成功或全部不导入）', consumes: ['multipart/form-data'] } }, async (req) => {
    const actor = actorOf(req);
    const { buf, name } = await upload(req);
    return svc.importMembers(db, actor, buf, name);
  });
  app.post('/api/imports/orgs', { schema: { tags, summary: '导入党组织（全部成功或全部不导入）', consumes: ['multipart/form-data'] } }, async (req) => {
    const actor = actorOf(req);
    const { buf, name } = await upload(req);
    return svc.importOrgs(db, actor, buf, name);
  });
  app.get('/api/files/:token', { schema: { tags, summary: '下载生成的文件（如导入错误报告）', params: z.object({ token: z.string().max(64) }) } },
    async (req, reply) => {
      const f = await svc.getGeneratedFile(db, actorOf(req), req.params.token);
      return reply.header('content-type', f.contentType)
        .header('content-disposition', `attachment; filename="file.xlsx"; filename*=UTF-8''${encodeURIComponent(f.fileName)}`)
        .send(f.content);
    });
}

import type { FastifyInstance } from 'fastify';
import { ImportForm, importsApi, MappingOverride } from '../../../shared/api/imports.js';
import { routesOf } from '../../core/contract.js';
import { errors } from '../../core/errors.js';
import { actorOf, readUploadForm, sendXlsx } from '../../core/http.js';
import type { FastifyRequest } from 'fastify';
import * as svc from './service.js';

export default async function importRoutes(fastify: FastifyInstance) {
  const app = fastify;
  const r = routesOf(app, importsApi);
  const { db, config } = app;

  /** The file and the choices that come with it (sheet, header row, mapping, preview …). */
  const upload = async (req: FastifyRequest) => {
    const { name, content, fields: f } = await readUploadForm(req, config.uploadLimitBytes, ImportForm,
      { missing: '请选择要上传的表格文件（.xlsx、.xls、.ods 或 .csv）', tooLarge: `文件超过 ${config.uploadLimitBytes / 1024 / 1024} MB，请拆分后上传` });
    let mapping;
    if (f.mapping) {
      let json: unknown;
      try { json = JSON.parse(f.mapping); } catch { throw errors.field('mapping', '列的对应格式有误'); }
      const m = MappingOverride.safeParse(json);
      if (!m.success) throw errors.field('mapping', '列的对应格式有误');
      mapping = m.data;
    }
    return {
      fileName: name, content, orgId: f.orgId, sheet: f.sheet, headerRow: f.headerRow, profileId: f.profile, mapping,
      dryRun: f.dryRun === 'true', onExisting: f.onExisting ?? 'skip' as const, jobId: f.jobId,
    };
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
    return svc.importMemberSheet(db, actor, await upload(req));
  });
  r('POST /api/imports/orgs', async (req) => {
    const actor = actorOf(req);
    return svc.importOrgSheet(db, actor, await upload(req));
  });
  r('GET /api/imports/progress/:jobId', async (req) => svc.progressOf(req.params.jobId, actorOf(req).userId));
  r('GET /api/imports/profiles', async (req) => svc.findProfiles(db, actorOf(req), req.query.kind));
  r('POST /api/imports/profiles', async (req) => svc.saveProfile(db, actorOf(req), req.body));
  r('DELETE /api/imports/profiles/:id', async (req) => svc.deleteProfile(db, actorOf(req), req.params.id));
  r('GET /api/files/:token', async (req, reply) => {
    const f = await svc.getGeneratedFile(db, actorOf(req), req.params.token);
    return reply.header('content-type', f.contentType)
      .header('content-disposition', `attachment; filename="file.xlsx"; filename*=UTF-8''${encodeURIComponent(f.fileName)}`)
      .send(f.content);
  });
}

import { z } from 'zod';
import { file, group } from './common.js';



const route = group(['导入导出']);

export const ImportMembersResult = z.object({ imported: z.number(), errorCount: z.number().optional(), errorReport: z.string().optional(), warnings: z.array(z.string()).optional() });

export const importsApi = {
  'GET /api/imports/members/template': route({ summary: '党员导入模板 (.xlsx)', response: file('xlsx') }),
  'GET /api/imports/orgs/template': route({ summary: '党组织导入模板 (.xlsx)', response: file('xlsx') }),
  'POST /api/imports/members': route({ summary: '导入党员（全部成功或全部不导入）', multipart: true, response: ImportMembersResult }),
  'POST /api/imports/orgs': route({ summary: '导入党组织（全部成功或全部不导入）', multipart: true, response: ImportMembersResult }),
  'GET /api/files/:token': route({ summary: '下载生成的文件（如导入错误报告）', params: z.object({ token: z.string().max(64) }), response: file('stored') }),
} as const;

import { z } from 'zod';
import { FIELD_KEYS } from '../imports.js';
import { file, group, IdParam, Ok, Timestamp } from './common.js';

const route = group(['导入导出']);

/** The fields of an import upload besides the file (multipart form fields, as text). */
export const ImportForm = z.object({
  orgId: z.coerce.number().int().positive().optional().describe('表中没有“所在党支部”列时，所有行导入的党支部'),
  sheet: z.coerce.number().int().min(0).max(200).optional().describe('工作表序号（从 0 起）；不填时自动选择'),
  headerRow: z.coerce.number().int().min(1).max(1000).optional().describe('表头所在的行；不填时自动识别'),
  profile: z.coerce.number().int().positive().optional().describe('按已保存的导入方案对应各列'),
  mapping: z.string().max(20_000).optional().describe('各列对应的项，JSON：[{"index":0,"field":"name"}]；field 为 null 表示不导入该列'),
  dryRun: z.enum(['true', 'false']).optional().describe('true：只预览、检查，不写入'),
  onExisting: z.enum(['skip', 'update']).optional().describe('已在册（身份证号相同，或同一上级下同名）时：跳过（默认）或更新有变化的项'),
  jobId: z.string().regex(/^[\w-]{8,64}$/).optional().describe('页面用来查询进度的编号'),
});
export const MappingOverride = z.array(z.object({ index: z.number().int().min(0).max(500), field: z.enum(FIELD_KEYS).nullable() })).max(300);

const Column = z.object({ index: z.number(), label: z.string(), field: z.string().nullable() });
const Difference = z.object({ field: z.string(), label: z.string(), from: z.string(), to: z.string() });

/** What an import found (a preview) or did: the sheet read, how its columns were understood, every problem, who is already on the register. */
export const ImportOutcome = z.object({
  kind: z.enum(['members', 'orgs']),
  format: z.enum(['xlsx', 'xls', 'ods', 'csv']),
  encoding: z.string().nullable(),
  sheets: z.array(z.object({ index: z.number(), name: z.string() })),
  sheet: z.number(),
  header: z.object({ row: z.number(), depth: z.number() }),
  columns: z.array(Column),
  fields: z.array(z.object({ key: z.string(), label: z.string(), required: z.boolean(), hint: z.string().nullable() })),
  /** required items no column fills */
  missing: z.array(z.string()),
  profileName: z.string().nullable(),
  rows: z.number(),
  errorCount: z.number(),
  errors: z.array(z.object({ row: z.number(), messages: z.array(z.string()) })),
  /** the user's own file with an 错误说明 column, to download at /api/files/:token */
  errorReport: z.string().nullable(),
  warnings: z.array(z.string()).optional(),
  sample: z.array(z.object({ row: z.number(), values: z.record(z.string(), z.string()) })),
  existing: z.object({
    total: z.number(), unchanged: z.number(), elsewhere: z.number(),
    changed: z.array(z.object({ row: z.number(), name: z.string(), idNumber: z.string().nullable(), orgName: z.string(), differences: z.array(Difference) })),
  }),
  toCreate: z.number(),
  toUpdate: z.number(),
  done: z.boolean(),
  imported: z.number(),
  updated: z.number(),
  skipped: z.number(),
  /** posts entered with a name only, now linked to the member of that name (member imports) */
  postsLinked: z.number().optional(),
});

export const ImportProfile = z.object({
  id: z.number(), kind: z.enum(['members', 'orgs']), name: z.string(), mapping: z.array(z.object({ label: z.string(), field: z.string().nullable() })),
  createdByName: z.string().nullable(), createdAt: Timestamp,
});
const Kind = z.object({ kind: z.enum(['members', 'orgs']) });

export const importsApi = {
  'GET /api/imports/members/template': route({ summary: '党员导入模板 (.xlsx)', response: file('xlsx') }),
  'GET /api/imports/orgs/template': route({ summary: '党组织导入模板 (.xlsx)', response: file('xlsx') }),
  'POST /api/imports/members': route({ summary: '导入党员：上传 .xlsx、.xls、.ods 或 .csv（另可带 ImportForm 各项）；dryRun=true 只预览；有错误时不导入任何行，答复 422 及错误说明文件',
    multipart: true, form: ImportForm, response: ImportOutcome }),
  'POST /api/imports/orgs': route({ summary: '导入党组织：同上', multipart: true, form: ImportForm, response: ImportOutcome }),
  'GET /api/imports/progress/:jobId': route({ summary: '导入进度（本人发起的导入）', params: z.object({ jobId: z.string().regex(/^[\w-]{8,64}$/) }),
    response: z.object({ phase: z.enum(['reading', 'checking', 'writing', 'done']), rows: z.number() }).nullable() }),
  'GET /api/imports/profiles': route({ summary: '已保存的导入方案（本县；不填 kind 时两类都列出）', query: Kind.partial(), response: z.array(ImportProfile) }),
  'POST /api/imports/profiles': route({ summary: '保存导入方案（列与项的对应）', status: 201, body: Kind.extend({
    name: z.string().trim().min(1, '请填写方案名称').max(40, '方案名称不超过 40 字'),
    mapping: z.array(z.object({ label: z.string().max(200), field: z.enum(FIELD_KEYS).nullable() })).min(1).max(300) }), response: ImportProfile }),
  'DELETE /api/imports/profiles/:id': route({ summary: '删除导入方案', params: IdParam, response: Ok }),
  'GET /api/files/:token': route({ summary: '下载生成的文件（如导入错误说明）', params: z.object({ token: z.string().max(64) }), response: file('stored') }),
} as const;

import { z } from 'zod';
import { EVENT_KINDS, FINDING_CATEGORIES, RECTIFICATION_SOURCES, RECTIFICATION_STATUSES, SEVERITIES } from '../codes.js';
import { IdParam, IsoDate, Page, PageQuery, QueryBool, Text, Timestamp, file, group } from './common.js';

const OrgId = (label: string) => z.number({ error: `请选择${label}` }).int().positive();
const Note = z.string().trim().max(2000, '说明不超过 2000 字').nullish();
const ItemQuery = PageQuery.extend({
  under: z.coerce.number().int().positive().optional(), source: z.enum(RECTIFICATION_SOURCES).optional(),
  status: z.enum([...RECTIFICATION_STATUSES, 'open_all']).optional(), overdue: QueryBool.optional(), escalated: QueryBool.optional(),
  keyword: z.string().trim().max(40).optional(), ageMin: z.coerce.number().int().min(0).optional(), ageMax: z.coerce.number().int().min(0).optional(),
  dueWithin: z.coerce.number().int().min(0).max(365).optional(), sort: z.enum(['deadline', 'age', 'org']).optional(),
});
const ActBody = z.object({ note: Note, fileIds: z.array(z.number().int().positive()).max(20).optional(), happenedOn: IsoDate.nullish(), version: z.number().int().optional() });

const route = group(['督查与整改']);

/** A line of an inspection checklist. */
export const ChecklistItem = z.object({ code: z.string(), text: z.string(), category: z.string() });
/** A file attached to a finding or an event. */
export const Attachment = z.object({ fileId: z.number(), name: z.string(), contentType: z.string() });
export const PlanListItem = z.object({ id: z.number(), title: z.string(), periodStart: z.string(), periodEnd: z.string(), team: z.string(), schemeId: z.number().nullable(),
  ownerName: z.string(), scopeName: z.string(), scopeOrgId: z.number(), visits: z.number(), findings: z.number(), closed: z.number() });
export const Visit = z.object({ id: z.number(), orgId: z.number(), orgName: z.string(), visitedOn: z.string(), inspectors: z.string(), summary: z.string().nullable(), findings: z.number() });
export const FindingListItem = z.object({ id: z.number(), planId: z.number(), planTitle: z.string(), orgId: z.number(), orgName: z.string(), foundOn: z.string(),
  checklistCode: z.string().nullable(), category: z.enum(FINDING_CATEGORIES), severity: z.enum(SEVERITIES), description: z.string(), attachments: z.array(Attachment),
  indicatorId: z.number().nullable(), assessmentFindingId: z.number().nullable(), recordedByName: z.string(), itemId: z.number().nullable(),
  status: z.enum(RECTIFICATION_STATUSES).nullable(), deadline: z.string().nullable() });
export const ItemFinding = z.object({ id: z.number(), category: z.enum(FINDING_CATEGORIES), severity: z.enum(SEVERITIES), checklistCode: z.string().nullable(),
  attachments: z.array(Attachment), recordedByName: z.string(), assessmentFindingId: z.number().nullable(), planTitle: z.string(), planId: z.number() });
export const CreatePlanResult = z.object({ id: z.number(), countyId: z.number(), createdAt: Timestamp, title: z.string(), createdBy: z.number().nullable(), ownerOrgId: z.number(), schemeId: z.number().nullable(), team: z.string(), periodStart: z.string(), periodEnd: z.string(), scopeOrgId: z.number(), teamMembers: z.string().nullable(), rectifyDays: z.number(), checklist: z.array(ChecklistItem) });
export const Plan = z.object({ visits: z.array(Visit), id: z.number(), countyId: z.number(), title: z.string(), ownerOrgId: z.number(), schemeId: z.number().nullable(), team: z.string(), periodStart: z.string(), periodEnd: z.string(), scopeOrgId: z.number(), teamMembers: z.string().nullable(), rectifyDays: z.number(), checklist: z.array(ChecklistItem), scopePath: z.string(), ownerName: z.string(), scopeName: z.string() });
export const RecordVisitResult = z.object({ summary: z.string().nullable(), id: z.number(), countyId: z.number(), createdAt: Timestamp, orgId: z.number(), createdBy: z.number().nullable(), visitedOn: z.string(), inspectors: z.string(), planId: z.number() });
export const RecordFindingResult = z.object({ rectificationItemId: z.number(), deduction: z.object({ id: z.number(), points: z.number() }).nullable(), id: z.number(), countyId: z.number(), createdAt: Timestamp, description: z.string(), orgId: z.number(), category: z.enum(FINDING_CATEGORIES), recordedBy: z.number().nullable(), indicatorId: z.number().nullable(), recordedByName: z.string(), foundOn: z.string(), attachments: z.array(Attachment), planId: z.number(), visitId: z.number().nullable(), checklistCode: z.string().nullable(), severity: z.enum(SEVERITIES), assessmentFindingId: z.number().nullable() });
export const RectificationListItem = z.object({ overdue: z.boolean(), id: z.number(), orgId: z.number(), orgName: z.string(), orgPath: z.string(), responsiblePerson: z.string(), source: z.enum(RECTIFICATION_SOURCES), findingId: z.number().nullable(), sourceRef: z.string().nullable(), title: z.string(), description: z.string(), foundOn: z.string(), deadline: z.string(), measures: z.string().nullable(), checkerOrgId: z.number(), checkerName: z.string(), status: z.enum(RECTIFICATION_STATUSES), lastProgressOn: z.string().nullable(), escalatedToOrgId: z.number().nullable(), escalatedToName: z.string().nullable(), returnedTimes: z.number(), acceptedOn: z.string().nullable(), closedOn: z.string().nullable(), createdByName: z.string(), createdAt: z.string(), version: z.number(), age: z.number() });
export const CreateItemResult = z.object({ id: z.number(), countyId: z.number(), version: z.number(), createdAt: Timestamp, description: z.string(), title: z.string(), orgId: z.number(), status: z.enum(RECTIFICATION_STATUSES), createdBy: z.number().nullable(), deadline: z.string(), foundOn: z.string(), createdByName: z.string(), responsiblePerson: z.string(), measures: z.string().nullable(), source: z.enum(RECTIFICATION_SOURCES), findingId: z.number().nullable(), sourceRef: z.string().nullable(), checkerOrgId: z.number(), lastProgressOn: z.string().nullable(), escalatedToOrgId: z.number().nullable(), returnedTimes: z.number(), acceptedOn: z.string().nullable(), closedOn: z.string().nullable() });
export const MyWork = z.object({ overdue: z.number(), dueSoon: z.number(), toAccept: z.number(), escalated: z.number() }).nullable();
/** A file uploaded for a rectification item, cited by its progress reports. */
export const ItemFile = z.object({ id: z.number(), name: z.string(), contentType: z.string() });
export const Item = z.object({ overdue: z.boolean(), escalatedToName: z.string().nullable(), events: z.array(z.object({ id: z.number(), itemId: z.number(), kind: z.enum(EVENT_KINDS), note: z.string().nullable(), attachments: z.array(Attachment), happenedOn: z.string(), actorId: z.number().nullable(), actorName: z.string(), createdAt: Timestamp })), files: z.array(ItemFile), finding: ItemFinding.nullable(), can: z.object({ responsible: z.boolean(), checker: z.boolean() }), id: z.number(), version: z.number(), createdAt: Timestamp, description: z.string(), title: z.string(), orgId: z.number(), status: z.enum(RECTIFICATION_STATUSES), deadline: z.string(), foundOn: z.string(), createdByName: z.string(), responsiblePerson: z.string(), measures: z.string().nullable(), source: z.enum(RECTIFICATION_SOURCES), findingId: z.number().nullable(), sourceRef: z.string().nullable(), checkerOrgId: z.number(), lastProgressOn: z.string().nullable(), escalatedToOrgId: z.number().nullable(), returnedTimes: z.number(), acceptedOn: z.string().nullable(), closedOn: z.string().nullable(), orgName: z.string(), orgPath: z.string(), checkerName: z.string() });
export const ActResult = z.object({ id: z.number(), countyId: z.number(), orgId: z.number(), responsiblePerson: z.string(), source: z.enum(RECTIFICATION_SOURCES), findingId: z.number().nullable(), sourceRef: z.string().nullable(), title: z.string(), description: z.string(), foundOn: z.string(), deadline: z.string(), measures: z.string().nullable(), checkerOrgId: z.number(), status: z.enum(RECTIFICATION_STATUSES), lastProgressOn: z.string().nullable(), escalatedToOrgId: z.number().nullable(), returnedTimes: z.number(), acceptedOn: z.string().nullable(), closedOn: z.string().nullable(), createdBy: z.number().nullable(), createdByName: z.string(), createdAt: Timestamp, version: z.number() });
export const ItemsRollup = z.object({ under: z.object({ id: z.number(), name: z.string() }).nullable(), byOrg: z.array(z.object({ id: z.number(), name: z.string(), total: z.number(), open: z.number(), overdue: z.number(), closed: z.number() })), byStatus: z.array(z.object({ status: z.enum(RECTIFICATION_STATUSES), n: z.number(), overdue: z.number() })), bySource: z.array(z.object({ source: z.enum(RECTIFICATION_SOURCES), n: z.number(), open: z.number() })) });

export const inspectionsApi = {
  'GET /api/inspections/plans': route({ summary: '督查计划', query: z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() }), response: z.array(PlanListItem) }),
  'GET /api/inspections/checklist-template': route({ summary: '默认检查清单（模板）', response: z.array(ChecklistItem) }),
  'POST /api/inspections/plans': route({ summary: '新建督查计划（检查清单取自模板）', body: z.object({
    ownerOrgId: OrgId('组织单位'), title: Text('计划名称', 80), periodStart: IsoDate, periodEnd: IsoDate, scopeOrgId: OrgId('督查范围'),
    team: Text('督查组', 60), teamMembers: z.string().trim().max(200).nullish(), schemeId: z.number().int().positive().nullish(),
    rectifyDays: z.number().int().min(1, '整改天数至少 1 天').max(365, '整改天数不超过 365 天').nullish(),
    checklist: z.array(z.object({ code: Text('清单编号', 10), text: Text('检查内容', 200), category: z.enum(FINDING_CATEGORIES) })).max(100).nullish() }), status: 201, response: CreatePlanResult }),
  'GET /api/inspections/plans/:id': route({ summary: '督查计划（清单、走访）', params: IdParam, response: Plan }),
  'POST /api/inspections/plans/:id/visits': route({ summary: '记录一次走访', params: IdParam, body: z.object({
    orgId: OrgId('党组织'), visitedOn: IsoDate, inspectors: Text('检查人员', 100), summary: z.string().trim().max(2000).nullish() }), status: 201, response: RecordVisitResult }),
  'POST /api/inspections/plans/:id/findings': route({ summary: '记录问题（生成整改事项；关联考核指标的按次扣分）', params: IdParam, body: z.object({
    orgId: OrgId('党组织'), visitId: z.number().int().positive().nullish(), foundOn: IsoDate, checklistCode: z.string().max(10).nullish(),
    category: z.enum(FINDING_CATEGORIES, { error: '请选择问题类别' }), severity: z.enum(SEVERITIES, { error: '请选择严重程度' }), description: Text('问题描述', 1000),
    indicatorId: z.number().int().positive().nullish(), occurrences: z.number().int().min(1).max(50).optional(),
    responsiblePerson: Text('整改责任人', 40), deadline: IsoDate.nullish(), measures: z.string().trim().max(2000).nullish() }), status: 201, response: RecordFindingResult }),
  'GET /api/inspections/findings': route({ summary: '督查发现的问题', query: PageQuery.extend({
    planId: z.coerce.number().int().positive().optional(), orgId: z.coerce.number().int().positive().optional() }), response: Page(FindingListItem) }),
  'POST /api/inspections/findings/:id/attachments': route({ summary: '上传问题的照片或材料（可选）', params: IdParam, multipart: true, status: 201, response: z.array(Attachment) }),
  'GET /api/inspections/findings/:id/files/:fileId': route({ summary: '查看问题的材料', params: IdParam.extend({ fileId: z.coerce.number().int().positive() }), response: file('stored') }),
  'GET /api/rectifications': route({ summary: '整改台账（按组织、来源、状态、时长筛选）', query: ItemQuery, response: Page(RectificationListItem) }),
  'GET /api/rectifications/export': route({ summary: '导出整改台账（Excel）', query: ItemQuery, response: file('xlsx') }),
  'POST /api/rectifications': route({ summary: '交办整改事项（群众反映、约谈、评估等来源）', body: z.object({
    orgId: OrgId('责任单位'), checkerOrgId: OrgId('验收单位'), responsiblePerson: Text('整改责任人', 40),
    source: z.enum(RECTIFICATION_SOURCES, { error: '请选择问题来源' }), sourceRef: z.string().trim().max(100).nullish(), title: Text('问题', 80),
    description: Text('问题描述', 2000), foundOn: IsoDate, deadline: IsoDate, measures: z.string().trim().max(2000).nullish() }), status: 201, response: CreateItemResult }),
  'GET /api/rectifications/mine': route({ summary: '我的整改待办（超期、临期、待验收、提级督办）', response: MyWork }),
  'GET /api/rectifications/:id': route({ summary: '整改事项（全过程记录）', params: IdParam, response: Item }),
  'POST /api/rectifications/:id/progress': route({ summary: '报送整改进展（可附照片）', params: IdParam, body: ActBody, response: ActResult }),
  'POST /api/rectifications/:id/request-acceptance': route({ summary: '申请验收（责任单位）', params: IdParam, body: ActBody, response: ActResult }),
  'POST /api/rectifications/:id/return': route({ summary: '退回重新整改（验收单位，须写原因）', params: IdParam, body: ActBody, response: ActResult }),
  'POST /api/rectifications/:id/accept': route({ summary: '验收通过（验收单位）', params: IdParam, body: ActBody, response: ActResult }),
  'POST /api/rectifications/:id/close': route({ summary: '销号（验收通过后）', params: IdParam, body: ActBody, response: ActResult }),
  'POST /api/rectifications/:id/deadline': route({ summary: '调整整改期限（验收单位，须写原因）', params: IdParam, body: z.object({
    deadline: IsoDate, reason: Text('调整原因', 200) }), response: ActResult }),
  'POST /api/rectifications/:id/files': route({ summary: '上传整改材料（照片、扫描件），随后在进展中引用', params: IdParam, multipart: true, status: 201, response: ItemFile }),
  'GET /api/rectifications/:id/files/:fileId': route({ summary: '查看整改材料', params: IdParam.extend({ fileId: z.coerce.number().int().positive() }), response: file('stored') }),
  'GET /api/rectifications/rollup': route({ summary: '整改情况逐级汇总（未完成、超期、已销号）', query: z.object({
    under: z.coerce.number().int().positive().optional(), year: z.coerce.number().int().min(2000).max(2100).optional() }), response: ItemsRollup }),
} as const;

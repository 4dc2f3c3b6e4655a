import { ORG_FIGURES } from '../figures.js';
import { z } from 'zod';
import { ORG_STATUSES, ORG_TYPES, POSTS, STRUCTURE_WARNINGS, TERM_STATES } from '../codes.js';
import { file, group, HistoryEntry, IdParam, IsoDate, Page, PageQuery, RuleChange, Timestamp } from './common.js';

const route = group(['党组织']);
const text = (max: number, label: string) => z.string().trim().max(max, `${label}不能超过 ${max} 个字`);

// ---- requests
export const OrgInputSchema = z.object({
  name: z.string().trim().min(2, '党组织名称至少 2 个字').max(100, '党组织名称不能超过 100 个字'),
  shortName: text(40, '简称').nullish(),
  orgType: z.enum(ORG_TYPES, { error: '请选择组织类型' }),
  category: z.string().min(1, '请选择组织类别'),
  isTemporary: z.boolean().optional(),
  unitName: text(100, '单位名称').nullish(),
  unitUscc: z.string().trim().toUpperCase().max(18).nullish(),
  contactName: text(20, '联系人').nullish(),
  contactPhone: z.string().trim().regex(/^[\d\-+ ]{0,20}$/, '联系电话只能包含数字和 -').nullish(),
  foundedOn: IsoDate.nullish(),
  termStart: IsoDate.nullish(),
  termEnd: IsoDate.nullish(),
  sort: z.number().int().optional(),
});
export const CreateOrgBody = OrgInputSchema.extend({ parentId: z.number().int().positive('请选择上级党组织') });
export const UpdateOrgBody = OrgInputSchema.partial().extend({ version: z.number().int() });
export const MoveOrgBody = z.object({ newParentId: z.number().int().positive('请选择新的上级党组织'), version: z.number().int() });
export const DissolveOrgBody = z.object({
  reason: z.string().trim().min(2, '请填写撤销原因').max(200),
  dissolvedOn: IsoDate,
  version: z.number().int(),
});
export const OrgQuery = PageQuery.extend({
  keyword: z.string().trim().max(50).optional(),
  under: z.coerce.number().int().positive().optional(),
  parentId: z.coerce.number().int().positive().optional(),
  orgType: z.enum(ORG_TYPES).optional(),
  category: z.string().max(40).optional(),
  status: z.enum(ORG_STATUSES).optional(),
  termState: z.enum(['due_soon', 'overdue']).optional(),
  figure: z.enum(ORG_FIGURES).optional().describe('只列某个统计数字所数的党组织（口径见 docs/figures.md），如 orgs.grassroots'),
  sort: z.enum(['name', 'path', 'memberCount', 'termEnd']).optional(),
});
export const AddPostBody = z.object({
  post: z.enum(POSTS, { error: '请选择职务' }),
  memberId: z.number().int().positive().nullish(),
  personName: z.string().trim().max(20).nullish(),
  startedOn: IsoDate,
});
export const EndPostBody = z.object({ endedOn: IsoDate, reason: z.string().trim().max(100).nullish() });
export const WorkerQuery = PageQuery.extend({
  keyword: z.string().trim().max(50).optional(),
  post: z.enum(POSTS).optional(),
  under: z.coerce.number().int().positive().optional(),
});
export const WarningQuery = PageQuery.extend({
  under: z.coerce.number().int().positive().optional(),
  code: z.enum(STRUCTURE_WARNINGS).optional(),
});

const STRUCTURE_RULE_KEYS = ['branchMinFullMembers', 'branchMaxMembers', 'committeeThreshold', 'secretaryVacancyMonths', 'electionWarningMonths',
  'generalBranchMinMembers', 'generalBranchMaxMembers', 'committeeMinMembers'] as const;
export const StructureRuleBody = z.object({
  key: z.enum(STRUCTURE_RULE_KEYS, { error: '请选择规则' }), value: z.number({ error: '请填写规则值' }).int('规则值须为整数'),
  ...RuleChange,
});
export const StructureRuleItem = z.object({ key: z.enum(STRUCTURE_RULE_KEYS), label: z.string(), unit: z.string(), min: z.number(), max: z.number(), current: z.number(),
  versions: z.array(z.object({ id: z.number().nullable(), value: z.number(), source: z.string(), effectiveFrom: z.string().nullable(), reason: z.string().nullable(),
    createdByName: z.string().nullable(), inForce: z.boolean() })) });

// ---- responses
export const OrgCategory = z.object({ code: z.string(), label: z.string(), sort: z.number(), isNewEconomicSocial: z.boolean() });
/** An org as the tree shows it. */
export const OrgListItem = z.object({
  id: z.number(), parentId: z.number().nullable(), path: z.string(), name: z.string(), orgType: z.enum(ORG_TYPES), category: z.string(),
  status: z.enum(ORG_STATUSES), termEnd: z.string().nullable(), memberCount: z.number(), subtreeMemberCount: z.number(),
  childCount: z.number(), depth: z.number(), version: z.number(),
});
export const OrgSearchItem = OrgListItem.extend({ termState: z.enum(TERM_STATES), parentName: z.string().nullable() });
/** The org record as stored. */
export const OrgRecord = z.object({
  id: z.number(), countyId: z.number(), parentId: z.number().nullable(), path: z.string(), depth: z.number(), name: z.string(),
  shortName: z.string().nullable(), orgType: z.enum(ORG_TYPES), category: z.string(), isTemporary: z.boolean(), unitName: z.string().nullable(),
  unitUscc: z.string().nullable(), contactName: z.string().nullable(), contactPhone: z.string().nullable(), foundedOn: z.string().nullable(),
  termStart: z.string().nullable(), termEnd: z.string().nullable(), status: z.enum(ORG_STATUSES), dissolvedOn: z.string().nullable(),
  dissolvedReason: z.string().nullable(), sort: z.number(), memberCount: z.number(), subtreeMemberCount: z.number(), version: z.number(),
  createdAt: Timestamp, updatedAt: Timestamp,
});
export const PostRecord = z.object({
  id: z.number(), countyId: z.number(), orgId: z.number(), memberId: z.number().nullable(), personName: z.string(), post: z.enum(POSTS),
  startedOn: z.string(), endedOn: z.string().nullable(), endReason: z.string().nullable(), createdAt: Timestamp,
});
export const Warning = z.object({ code: z.string(), message: z.string() });
export const OrgDetail = OrgRecord.extend({
  parentName: z.string().nullable(), ancestors: z.array(z.object({ id: z.number(), name: z.string() })), childCount: z.number(),
  fullMembers: z.number(), termState: z.enum(TERM_STATES), warnings: z.array(Warning), posts: z.array(PostRecord),
});
export const Worker = z.object({
  id: z.number(), personName: z.string(), memberId: z.number().nullable(), post: z.enum(POSTS), startedOn: z.string(), orgId: z.number(),
  orgName: z.string(), mobile: z.string().nullable(),
});
export const StructureWarningItem = z.object({
  id: z.number(), name: z.string(), orgType: z.enum(ORG_TYPES), category: z.string(), fullMembers: z.number(), totalMembers: z.number(), subtreeMembers: z.number(),
  warnings: z.array(Warning),
});

export const orgsApi = {
  'GET /api/org-categories': route({ summary: '组织类别字典', response: z.array(OrgCategory) }),
  'GET /api/orgs/tree': route({ summary: '组织树的根（本人管理范围的最高层）', response: z.array(OrgListItem) }),
  'GET /api/orgs': route({ summary: '党组织列表（检索、筛选、分页、排序）', query: OrgQuery, response: Page(OrgSearchItem) }),
  'GET /api/orgs/export': route({ summary: '导出党组织列表（与列表相同的筛选）', query: OrgQuery, response: file('xlsx') }),
  'GET /api/orgs/:id': route({ summary: '党组织详情（含结构预警、班子、届期）', params: IdParam, response: OrgDetail }),
  'GET /api/orgs/:id/history': route({ summary: '党组织变更历史', params: IdParam, response: z.array(HistoryEntry) }),
  'GET /api/orgs/:id/children': route({ summary: '下级组织（含下级数、党员数）', params: IdParam,
    query: z.object({ includeDissolved: z.enum(['true', 'false']).optional() }), response: z.array(OrgListItem) }),
  'POST /api/orgs': route({ summary: '新建党组织', body: CreateOrgBody, status: 201, response: OrgRecord }),
  'PUT /api/orgs/:id': route({ summary: '修改党组织', params: IdParam, body: UpdateOrgBody, response: OrgRecord }),
  'POST /api/orgs/:id/move': route({ summary: '调整隶属关系（整棵子树移动）', params: IdParam, body: MoveOrgBody, response: OrgRecord }),
  'POST /api/orgs/:id/dissolve': route({ summary: '撤销党组织（保留历史）', params: IdParam, body: DissolveOrgBody, response: OrgRecord }),
  'POST /api/orgs/:id/posts': route({ summary: '任职（班子成员、党务工作者）', params: IdParam, body: AddPostBody, status: 201, response: PostRecord }),
  'POST /api/org-posts/:id/end': route({ summary: '离任', params: IdParam, body: EndPostBody, response: PostRecord }),
  'GET /api/workers': route({ summary: '党务工作者名册', query: WorkerQuery, response: Page(Worker) }),
  'GET /api/workers/export': route({ summary: '导出党务工作者名册', query: WorkerQuery, response: file('xlsx') }),
  'GET /api/structure-rules': route({ summary: '组织设置规则（党支部、党总支、基层党委的规模，书记空缺和换届提醒），含历次修改', response: z.array(StructureRuleItem) }),
  'POST /api/structure-rules': route({ summary: '设定组织设置规则的新值（注明依据、生效日期和理由）', body: StructureRuleBody, status: 201,
    response: z.object({ id: z.number(), key: z.string(), value: z.number(), effectiveFrom: z.string() }) }),
  'GET /api/structure-warnings': route({ summary: '组织设置预警（全县或某组织以下）', query: WarningQuery, response: Page(StructureWarningItem) }),
  'GET /api/structure-warnings/export': route({ summary: '导出组织设置预警', query: WarningQuery, response: file('xlsx') }),
} as const;

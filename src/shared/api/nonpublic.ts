import { z } from 'zod';
import { COVER_KINDS, ENTITY_KINDS, ENTITY_SIZES } from '../codes.js';
import { IdParam, Page, PageQuery, QueryBool, Text, Timestamp, file, group } from './common.js';

const Entity = z.object({
  ownerOrgId: z.number({ error: '请选择所属党（工）委' }).int().positive(), name: Text('名称', 100),
  uscc: z.string().trim().max(18, '统一社会信用代码应为 18 位').nullish(), acceptBadUscc: z.boolean().optional(),
  kind: z.enum(ENTITY_KINDS, { error: '请选择类型' }), size: z.enum(ENTITY_SIZES, { error: '请选择规模' }), industry: z.string().trim().max(40).nullish(),
  employees: z.number({ error: '请填写从业人员数' }).int('从业人员数应为整数').min(0).max(1_000_000),
  partyMembers: z.number({ error: '请填写党员人数' }).int('党员人数应为整数').min(0).max(1_000_000),
  coverKind: z.enum(COVER_KINDS, { error: '请选择党组织建立情况' }), partyOrgId: z.number().int().positive().nullish(),
  liaison: z.string().trim().max(60).nullish(), address: z.string().trim().max(200).nullish(),
});
const Query = PageQuery.extend({
  under: z.coerce.number().int().positive().optional(), kind: z.enum(ENTITY_KINDS).optional(), coverKind: z.enum(COVER_KINDS).optional(),
  worklist: QueryBool.optional(), keyword: z.string().trim().max(40).optional(),
});

const route = group(['两新组织']);

export const EntityListItem = z.object({ id: z.number(), ownerOrgId: z.number(), ownerName: z.string(), name: z.string(), uscc: z.string().nullable(),
  usccWarning: z.string().nullable(), kind: z.enum(ENTITY_KINDS), size: z.enum(ENTITY_SIZES), industry: z.string().nullable(), employees: z.number(),
  partyMembers: z.number(), coverKind: z.enum(COVER_KINDS), partyOrgId: z.number().nullable(), partyOrgName: z.string().nullable(), liaison: z.string().nullable(),
  address: z.string().nullable(), version: z.number(), updatedAt: Timestamp });

export const CreateEntityResult = z.object({ id: z.number(), countyId: z.number(), name: z.string(), version: z.number(), createdAt: Timestamp, updatedAt: Timestamp, size: z.enum(ENTITY_SIZES), active: z.boolean(), kind: z.enum(ENTITY_KINDS), ownerOrgId: z.number(), coverKind: z.enum(COVER_KINDS), uscc: z.string().nullable(), industry: z.string().nullable(), employees: z.number(), partyMembers: z.number(), liaison: z.string().nullable(), address: z.string().nullable(), partyOrgId: z.number().nullable(), usccWarning: z.string().nullable() });
export const UpdateEntityResult = z.object({ id: z.number(), countyId: z.number(), ownerOrgId: z.number(), name: z.string(), uscc: z.string().nullable(), usccWarning: z.string().nullable(), kind: z.enum(ENTITY_KINDS), size: z.enum(ENTITY_SIZES), industry: z.string().nullable(), employees: z.number(), partyMembers: z.number(), coverKind: z.enum(COVER_KINDS), partyOrgId: z.number().nullable(), liaison: z.string().nullable(), address: z.string().nullable(), active: z.boolean(), createdAt: Timestamp, updatedAt: Timestamp, version: z.number() });
export const CoverageRollup = z.object({ under: z.object({ id: z.number(), name: z.string() }).nullable(), total: z.object({ entities: z.number(), covered: z.number(), eligible: z.number(), eligibleCovered: z.number(), rate: z.number().nullable(), eligibleRate: z.number().nullable() }), items: z.array(z.object({ entities: z.number(), covered: z.number(), eligible: z.number(), eligibleCovered: z.number(), id: z.number(), name: z.string(), rate: z.number().nullable(), eligibleRate: z.number().nullable() })), trend: z.array(z.object({ entities: z.number(), covered: z.number(), eligible: z.number(), eligibleCovered: z.number(), month: z.string(), rate: z.number().nullable(), eligibleRate: z.number().nullable() })) });

export const nonpublicApi = {
  'GET /api/nonpublic': route({ summary: '两新组织名录（worklist=true：党员 3 名以上未建党组织）', query: Query, response: Page(EntityListItem) }),
  'GET /api/nonpublic/export': route({ summary: '导出两新组织名录（Excel）', query: Query, response: file('xlsx') }),
  'POST /api/nonpublic': route({ summary: '登记两新组织（统一社会信用代码按 GB 32100 校验）', body: Entity, status: 201, response: CreateEntityResult }),
  'PUT /api/nonpublic/:id': route({ summary: '修改两新组织（含建立党组织、注销）', params: IdParam, body: Entity.extend({ version: z.number().int(), active: z.boolean().optional() }), response: UpdateEntityResult }),
  'GET /api/nonpublic/coverage': route({ summary: '党组织覆盖率（按乡镇、行业党委，及按月趋势）', query: z.object({
    under: z.coerce.number().int().positive().optional(), kind: z.enum(ENTITY_KINDS).optional() }), response: CoverageRollup }),
} as const;

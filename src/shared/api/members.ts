import { MEMBER_FIGURES } from '../figures.js';
import { z } from 'zod';
import { GENDERS, MEMBER_CATEGORY_CODES, MEMBER_STATUSES, MEMBERSHIP_STATUSES, POSTS } from '../codes.js';
import { file, group, HistoryEntry, IdParam, IsoDate, Page, PageQuery, QueryBool, Timestamp } from './common.js';

const route = group(['党员']);
const opt = (max: number, label: string) => z.string().trim().max(max, `${label}不能超过 ${max} 个字`).nullish();
const GENDER_CODES = GENDERS.map((g) => g.code) as [string, ...string[]];

// ---- requests
export const MemberFields = z.object({
  name: z.string().trim().min(1, '请填写姓名').max(30, '姓名不能超过 30 个字'),
  gender: z.enum(GENDER_CODES, { error: '请选择性别' }),
  ethnicity: z.string().regex(/^\d{2}$/, '请选择民族'),
  idNumber: z.string().trim().min(1, '请填写公民身份号码').max(18, '公民身份号码应为 18 位'),
  birthDate: IsoDate,
  education: z.string().max(4).nullish(),
  memberCategory: z.enum(MEMBER_CATEGORY_CODES, { error: '请选择人员类别' }),
  joinDate: IsoDate,
  fullMemberDate: IsoDate.nullish(),
  jobPosition: opt(40, '工作岗位'),
  mobile: z.string().trim().regex(/^(1\d{10})?$/, '手机号码应为 11 位数字').nullish(),
  homeAddress: opt(100, '家庭住址'),
  employerAndPost: opt(60, '工作单位及职务'),
  membershipStatus: z.enum(MEMBERSHIP_STATUSES).optional(),
  isFloating: z.boolean().optional(),
  floatingSince: IsoDate.nullish(),
  outflowRegion: opt(40, '外出流向'),
  isLostContact: z.boolean().optional(),
  lostContactSince: IsoDate.nullish(),
  isWithoutPost: z.boolean().optional(),
  dutyPost: opt(40, '设岗定责岗位'),
});
export const CreateMemberBody = MemberFields.extend({ orgId: z.number({ error: '请选择所在党支部' }).int().positive() });
export const UpdateMemberBody = MemberFields.extend({ version: z.number().int() });
export const TransferBody = z.object({
  toOrgId: z.number({ error: '请选择转入党组织' }).int().positive(),
  transferredOn: IsoDate,
  reason: z.string().trim().max(200).nullish(),
  version: z.number().int(),
});
export const MemberQuery = PageQuery.extend({
  keyword: z.string().trim().max(50).optional(),
  orgId: z.coerce.number().int().positive().optional(),
  includeSub: QueryBool.optional(),
  memberCategory: z.enum(MEMBER_CATEGORY_CODES).optional(),
  gender: z.enum(GENDER_CODES).optional(),
  education: z.string().max(4).optional(),
  isFloating: QueryBool.optional(),
  isLostContact: QueryBool.optional(),
  figure: z.enum(MEMBER_FIGURES).optional().describe('只列某个统计数字所数的党员（口径见 docs/figures.md），如 members.floating'),
  isWithoutPost: QueryBool.optional(),
  status: z.enum(MEMBER_STATUSES).optional(),
  sort: z.enum(['name', 'joinDate', 'birthDate', 'org']).optional(),
});

// ---- responses
export const MemberListItem = z.object({
  id: z.number(), orgId: z.number(), orgName: z.string(), name: z.string(), gender: z.string(), ethnicity: z.string(), idNumber: z.string(),
  birthDate: z.string(), education: z.string().nullable(), memberCategory: z.enum(MEMBER_CATEGORY_CODES), joinDate: z.string(),
  fullMemberDate: z.string().nullable(), mobile: z.string().nullable(), jobPosition: z.string().nullable(), isFloating: z.boolean(),
  isLostContact: z.boolean(), isWithoutPost: z.boolean(), status: z.enum(MEMBER_STATUSES), version: z.number(),
});
/** The member record as stored (the ID number masked for those not entitled to read it). */
export const MemberRecord = z.object({
  id: z.number(), countyId: z.number(), orgId: z.number(), name: z.string(), gender: z.string(), ethnicity: z.string(), idNumber: z.string(),
  birthDate: z.string(), education: z.string().nullable(), memberCategory: z.enum(MEMBER_CATEGORY_CODES), joinDate: z.string(),
  fullMemberDate: z.string().nullable(), jobPosition: z.string().nullable(), mobile: z.string().nullable(), homeAddress: z.string().nullable(),
  employerAndPost: z.string().nullable(), membershipStatus: z.enum(MEMBERSHIP_STATUSES), isFloating: z.boolean(), floatingSince: z.string().nullable(),
  outflowRegion: z.string().nullable(), isLostContact: z.boolean(), lostContactSince: z.string().nullable(), isWithoutPost: z.boolean(),
  dutyPost: z.string().nullable(), status: z.enum(MEMBER_STATUSES), version: z.number(), createdAt: Timestamp, updatedAt: Timestamp,
});
export const MemberWritten = MemberRecord.extend({ importedRaw: z.unknown() });
export const MemberDetail = MemberRecord.extend({
  orgName: z.string(), partyAgeYears: z.number().nullable(),
  transfers: z.array(z.object({ id: z.number(), fromOrgId: z.number(), toOrgId: z.number(), transferredOn: z.string(), reason: z.string().nullable(), fromOrgName: z.string(), toOrgName: z.string() })),
  posts: z.array(z.object({ id: z.number(), post: z.enum(POSTS), orgId: z.number(), startedOn: z.string(), endedOn: z.string().nullable(), orgName: z.string() })),
});

export const membersApi = {
  'GET /api/members': route({ summary: '党员列表（检索、筛选、分页、排序）', query: MemberQuery, response: Page(MemberListItem) }),
  'GET /api/members/export': route({ summary: '导出党员列表（与列表相同的筛选和范围）', query: MemberQuery, response: file('xlsx') }),
  'GET /api/members/:id': route({ summary: '党员详情（含转接记录、职务）', params: IdParam, response: MemberDetail }),
  'GET /api/members/:id/history': route({ summary: '党员信息变更历史', params: IdParam, response: z.array(HistoryEntry) }),
  'POST /api/members': route({ summary: '新增党员', body: CreateMemberBody, status: 201, response: MemberWritten }),
  'PUT /api/members/:id': route({ summary: '修改党员信息', params: IdParam, body: UpdateMemberBody, response: MemberWritten }),
  'POST /api/members/:id/transfer': route({ summary: '组织关系转接（县内）', params: IdParam, body: TransferBody, response: MemberWritten }),
} as const;

import { z } from 'zod';
import { PageQuery, QueryBool } from '../../core/paging.js';
import { IsoDate } from '../orgs/schemas.js';

const opt = (max: number, label: string) => z.string().trim().max(max, `${label}不能超过 ${max} 个字`).nullish();

export const MemberFields = z.object({
  name: z.string().trim().min(1, '请填写姓名').max(30, '姓名不能超过 30 个字'),
  gender: z.enum(['0', '1', '2', '9'], { error: '请选择性别' }),
  ethnicity: z.string().regex(/^\d{2}$/, '请选择民族'),
  idNumber: z.string().trim().min(1, '请填写公民身份号码').max(18, '公民身份号码应为 18 位'),
  birthDate: IsoDate,
  education: z.string().max(4).nullish(),
  memberCategory: z.enum(['full', 'probationary'], { error: '请选择人员类别' }),
  joinDate: IsoDate,
  fullMemberDate: IsoDate.nullish(),
  jobPosition: opt(40, '工作岗位'),
  mobile: z.string().trim().regex(/^(1\d{10})?$/, '手机号码应为 11 位数字').nullish(),
  homeAddress: opt(100, '家庭住址'),
  employerAndPost: opt(60, '工作单位及职务'),
  membershipStatus: z.enum(['normal', 'suspended']).optional(),
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
  memberCategory: z.enum(['full', 'probationary']).optional(),
  gender: z.enum(['0', '1', '2', '9']).optional(),
  education: z.string().max(4).optional(),
  isFloating: QueryBool.optional(),
  isLostContact: QueryBool.optional(),
  isWithoutPost: QueryBool.optional(),
  status: z.enum(['active', 'left']).optional(),
  sort: z.enum(['name', 'joinDate', 'birthDate', 'org']).optional(),
});

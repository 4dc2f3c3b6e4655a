import { z } from 'zod';
import { PageQuery } from '../../core/paging.js';
import { ORG_TYPES, POSTS } from './tables.js';

export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
/** A required text field with its label in the messages. */
export const Text = (label: string, max = 2000) => z.string({ error: `请填写${label}` }).trim().min(1, `请填写${label}`).max(max, `${label}不超过 ${max} 字`);
export const IdParam = z.object({ id: z.coerce.number().int().positive() });

const text = (max: number, label: string) => z.string().trim().max(max, `${label}不能超过 ${max} 个字`);

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
  status: z.enum(['active', 'dissolved']).optional(),
  termState: z.enum(['due_soon', 'overdue']).optional(),
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
  code: z.enum(['too_few_full_members', 'too_many_members', 'committee_missing', 'secretary_vacant']).optional(),
});

export const OrgListItem = z.object({
  id: z.number(), parentId: z.number().nullable(), name: z.string(), orgType: z.string(), category: z.string(),
  status: z.string(), termEnd: z.string().nullable(), memberCount: z.number(), subtreeMemberCount: z.number(),
  childCount: z.number(), depth: z.number(), version: z.number(),
});

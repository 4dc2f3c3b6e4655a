import { z } from 'zod';
import { PageQuery } from '../../core/paging.js';
import { IsoDate } from '../orgs/schemas.js';
import { MEETING_TYPES } from './tables.js';

const opt = (max: number, label: string) => z.string().trim().max(max, `${label}不能超过 ${max} 个字`).nullish();

export const AttendanceItem = z.object({
  memberId: z.number().int().positive(),
  status: z.enum(['present', 'leave', 'absent'], { error: '出席情况应为出席、请假或缺席' }),
  reason: z.string().trim().max(100).nullish(),
});

const Vote = z.number().int().min(0, '票数不能为负').max(100_000);
export const MeetingFields = z.object({
  meetingType: z.enum(MEETING_TYPES, { error: '请选择会议类型' }),
  heldOn: IsoDate,
  place: opt(60, '地点'), host: opt(20, '主持人'), recorder: opt(20, '记录人'),
  topic: z.string().trim().min(2, '请填写会议主题').max(100, '会议主题不能超过 100 个字'),
  minutes: z.string().trim().max(20_000, '会议记录不能超过 20000 字').nullish(),
  resolutions: z.array(z.object({ text: z.string().trim().min(1).max(500), yes: Vote, no: Vote, abstain: Vote })).max(50).nullish(),
  attendance: z.array(AttendanceItem).max(2000),
});
export const CreateMeetingBody = MeetingFields.extend({ orgId: z.number({ error: '请选择党组织' }).int().positive() });
export const UpdateMeetingBody = MeetingFields.extend({ version: z.number().int() });

export const MeetingQuery = PageQuery.extend({
  orgId: z.coerce.number().int().positive().optional(),
  meetingType: z.enum(MEETING_TYPES).optional(),
  status: z.enum(['draft', 'submitted']).optional(),
  from: IsoDate.optional(), to: IsoDate.optional(),
});
export const Month = z.string().regex(/^\d{4}-\d{2}$/, '月份格式应为 YYYY-MM');

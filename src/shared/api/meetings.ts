import { z } from 'zod';
import { APPRAISAL_GRADES, ATTENDANCE_STATUSES, CELL_STATES, MEETING_TYPES, MEMBER_CATEGORY_CODES, PERIODS } from '../codes.js';
import { IdParam, IsoDate, Month, Page, PageQuery, RuleChange, Timestamp, Under, YearQuery, file, group } from './common.js';

const opt = (max: number, label: string) => z.string().trim().max(max, `${label}不能超过 ${max} 个字`).nullish();

// ---- requests
export const AttendanceItem = z.object({
  memberId: z.number().int().positive(),
  status: z.enum(ATTENDANCE_STATUSES, { error: '出席情况应为出席、请假或缺席' }),
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
const Year = z.object({ year: YearQuery.optional() });
const MissingQuery = PageQuery.extend({ under: Under.optional(), month: Month.optional() });
const RollupQuery = z.object({ under: Under.optional(), year: YearQuery.optional() });

export const MeetingRuleBody = z.object({
  meetingType: z.enum(MEETING_TYPES, { error: '请选择会议类型' }), appliesTo: z.enum(['branch', 'committee', 'groups'], { error: '请选择适用范围' }),
  period: z.enum(PERIODS, { error: '请选择频次' }), minPerPeriod: z.number({ error: '请填写每期至少次数' }).int('每期至少次数须为整数').min(1, '至少 1 次').max(10, '至多 10 次'),
  quorum: z.number().min(0.5, '应到会比例在 50%–90% 之间').max(0.9, '应到会比例在 50%–90% 之间').nullish(),
  ...RuleChange,
});
export const MeetingRuleItem = z.object({ id: z.number(), meetingType: z.enum(MEETING_TYPES), appliesTo: z.enum(['branch', 'committee', 'groups']), period: z.enum(PERIODS),
  minPerPeriod: z.number(), quorum: z.number().nullable(), source: z.string(), effectiveFrom: z.string(), reason: z.string().nullable(), createdByName: z.string().nullable(),
  createdAt: z.string(), inForce: z.boolean() });
export const MeetingRuleSaved = z.object({ id: z.number(), meetingType: z.enum(MEETING_TYPES), period: z.enum(PERIODS), minPerPeriod: z.number(), quorum: z.number().nullable(), effectiveFrom: z.string() });

const route = group(['组织生活']);

export const MeetingsItem = z.object({ id: z.number(), orgId: z.number(), orgName: z.string(), meetingType: z.enum(MEETING_TYPES), heldOn: z.string(), topic: z.string(), status: z.enum(["draft", "submitted"]), isLate: z.boolean(), expectedCount: z.number(), presentCount: z.number(), votingPresent: z.number(), votingTotal: z.number() });
export const Meeting = z.object({ orgName: z.string(), attendance: z.array(z.object({ memberId: z.number(), status: z.enum(ATTENDANCE_STATUSES), reason: z.string().nullable(), name: z.string(), memberCategory: z.enum(MEMBER_CATEGORY_CODES) })), revisions: z.array(z.object({ revision: z.number(), createdAt: Timestamp })), validity: z.object({ quorate: z.boolean(), resolutions: z.array(z.object({ text: z.string(), passed: z.boolean() })) }).nullable(), attachments: z.array(z.object({ id: z.number(), fileName: z.string(), contentType: z.string(), size: z.number() })), id: z.number(), countyId: z.number(), orgId: z.number(), meetingType: z.enum(MEETING_TYPES), heldOn: z.string(), place: z.string().nullable(), host: z.string().nullable(), recorder: z.string().nullable(), topic: z.string(), minutes: z.string().nullable(), resolutions: z.array(z.object({ text: z.string(), yes: z.number(), no: z.number(), abstain: z.number() })).nullable(), status: z.enum(["draft", "submitted"]), submittedAt: Timestamp.nullable(), isLate: z.boolean(), expectedCount: z.number(), presentCount: z.number(), votingPresent: z.number(), votingTotal: z.number(), revision: z.number(), version: z.number(), createdBy: z.number().nullable(), createdAt: Timestamp, updatedAt: Timestamp });
export const CreateMeetingResult = z.object({ id: z.number(), countyId: z.number(), version: z.number(), createdAt: Timestamp, updatedAt: Timestamp, host: z.string().nullable(), orgId: z.number(), status: z.enum(["draft", "submitted"]), meetingType: z.enum(MEETING_TYPES), heldOn: z.string(), place: z.string().nullable(), recorder: z.string().nullable(), topic: z.string(), minutes: z.string().nullable(), resolutions: z.array(z.object({ text: z.string(), yes: z.number(), no: z.number(), abstain: z.number() })).nullable(), submittedAt: Timestamp.nullable(), isLate: z.boolean(), expectedCount: z.number(), presentCount: z.number(), votingPresent: z.number(), votingTotal: z.number(), revision: z.number(), createdBy: z.number().nullable() });
export const UpdateMeetingResult = z.object({ id: z.number(), countyId: z.number(), orgId: z.number(), meetingType: z.enum(MEETING_TYPES), heldOn: z.string(), place: z.string().nullable(), host: z.string().nullable(), recorder: z.string().nullable(), topic: z.string(), minutes: z.string().nullable(), resolutions: z.array(z.object({ text: z.string(), yes: z.number(), no: z.number(), abstain: z.number() })).nullable(), status: z.enum(["draft", "submitted"]), submittedAt: Timestamp.nullable(), isLate: z.boolean(), expectedCount: z.number(), presentCount: z.number(), votingPresent: z.number(), votingTotal: z.number(), revision: z.number(), version: z.number(), createdBy: z.number().nullable(), createdAt: Timestamp, updatedAt: Timestamp });
export const MeetingAttachment = z.object({ id: z.number(), fileName: z.string(), size: z.number(), contentType: z.string() });
export const RosterMember = z.object({ memberId: z.number(), name: z.string(), memberCategory: z.enum(MEMBER_CATEGORY_CODES), away: z.string().nullable() });
export const Compliance = z.object({ orgId: z.number(), orgName: z.string(), year: z.number(), rate: z.number().nullable(), rows: z.array(z.object({ meetingType: z.enum(MEETING_TYPES), period: z.enum(PERIODS), source: z.string(), cells: z.array(z.object({ key: z.string(), state: z.enum(CELL_STATES), count: z.number() })) })) });
export const CopiedMinutes = z.object({ threshold: z.number(), compared: z.number(), pairs: z.array(z.object({ similarity: z.number(), a: z.object({ id: z.number(), orgId: z.number(), orgName: z.string(), meetingType: z.enum(MEETING_TYPES), heldOn: z.string(), topic: z.string(), minutes: z.string().nullable() }), b: z.object({ id: z.number(), orgId: z.number(), orgName: z.string(), meetingType: z.enum(MEETING_TYPES), heldOn: z.string(), topic: z.string(), minutes: z.string().nullable() }) })) });
export const LongAbsent = z.object({ since: z.string(), items: z.array(z.object({ id: z.number(), name: z.string(), orgId: z.number(), orgName: z.string(), isFloating: z.boolean(), isLostContact: z.boolean(), lastPresent: z.string().nullable(), held: z.number() })), total: z.number() });
export const MemberParticipation = z.object({ rate: z.number().nullable(), listed: z.number(), present: z.number(), leave: z.number(), memberId: z.number(), year: z.number() });
export const AppraisalsItem = z.object({ memberId: z.number(), name: z.string(), memberCategory: z.string(), grade: z.enum(APPRAISAL_GRADES).nullable(), followUp: z.string().nullable(), recordedAt: z.string().nullable() });
export const HeartTalksItem = z.object({ id: z.number(), memberId: z.number(), name: z.string(), talkerName: z.string(), talkedOn: z.string(), summary: z.string() });
export const RecordHeartTalkResult = z.object({ summary: z.string(), id: z.number(), countyId: z.number(), memberId: z.number(), createdAt: Timestamp, orgId: z.number(), createdBy: z.number().nullable(), talkerName: z.string(), talkedOn: z.string() });
export const Duties = z.object({ posts: z.array(z.object({ id: z.number(), name: z.string(), description: z.string().nullable() })), people: z.array(z.object({ memberId: z.number(), name: z.string(), postId: z.number().nullable(), postName: z.string().nullable(), performanceNote: z.string().nullable() })) });
export const AssignDutyResult = z.object({ id: z.number(), countyId: z.number(), memberId: z.number(), createdAt: Timestamp, orgId: z.number(), createdBy: z.number().nullable(), year: z.number(), postId: z.number(), performanceNote: z.string().nullable() });
export const Missing = z.object({ items: z.array(z.object({ id: z.number(), name: z.string(), missing: z.array(z.object({ meetingType: z.enum(MEETING_TYPES), period: z.string(), state: z.enum(CELL_STATES) })) })), total: z.number(), branches: z.number(), complete: z.number() });
export const ComplianceRollup = z.object({ under: z.object({ id: z.number(), name: z.string() }).nullable(), year: z.number(), rate: z.number().nullable(), items: z.array(z.object({ rate: z.number().nullable(), id: z.number(), name: z.string(), orgType: z.string(), branches: z.number(), done: z.number(), counted: z.number(), missing: z.number() })) });

export const meetingsApi = {
  'GET /api/meeting-rules': route({ summary: '组织生活规则（各类会议的频次、适用范围、依据和生效日期，含历次修改）', response: z.array(MeetingRuleItem) }),
  'POST /api/meeting-rules': route({ summary: '设定组织生活规则的新版本（自生效日期起的期次按新规则计算）', body: MeetingRuleBody, status: 201, response: MeetingRuleSaved }),
  'GET /api/meetings': route({ summary: '组织生活记录列表', query: MeetingQuery, response: Page(MeetingsItem) }),
  'GET /api/meetings/export': route({ summary: '导出组织生活记录', query: MeetingQuery, response: file('xlsx') }),
  'GET /api/meetings/:id': route({ summary: '会议记录详情（出席、表决、版本）', params: IdParam, response: Meeting }),
  'POST /api/meetings': route({ summary: '新建会议记录（草稿）', body: CreateMeetingBody, status: 201, response: CreateMeetingResult }),
  'PUT /api/meetings/:id': route({ summary: '修改会议记录（已提交的生成新版本）', params: IdParam, body: UpdateMeetingBody, response: UpdateMeetingResult }),
  'POST /api/meetings/:id/submit': route({ summary: '提交会议记录', params: IdParam, body: z.object({ version: z.number().int() }), response: UpdateMeetingResult }),
  'POST /api/meetings/:id/attachments': route({ summary: '上传附件（照片、签到表扫描件；可选）', params: IdParam, multipart: true, status: 201, response: MeetingAttachment }),
  'GET /api/meeting-attachments/:id': route({ summary: '查看附件', params: IdParam, response: file('stored') }),
  'GET /api/orgs/:id/roster': route({ summary: '应到人员（预填出席名单）：支委会为在任支部委员，谈心谈话为空，其余为本组织在册党员', params: IdParam,
    query: z.object({ meetingType: z.enum(MEETING_TYPES).optional() }), response: z.array(RosterMember) }),
  'GET /api/orgs/:id/compliance': route({ summary: '组织生活达标日历（按年）', params: IdParam, query: z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() }), response: Compliance }),
  'GET /api/meeting-compliance/copied': route({ summary: '疑似雷同的会议记录（同月不同支部）', query: z.object({
    under: z.coerce.number().int().positive().optional(), month: Month.optional() }), response: CopiedMinutes }),
  'GET /api/meeting-compliance/long-absent': route({ summary: '连续 6 个月未参加组织生活的党员（待跟进，不自动处理）', query: PageQuery.extend({ under: z.coerce.number().int().positive().optional() }), response: LongAbsent }),
  'GET /api/members/:id/participation': route({ summary: '党员参加组织生活情况（按年）', params: IdParam, query: z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() }), response: MemberParticipation }),
  'GET /api/orgs/:id/appraisals': route({ summary: '民主评议党员结果（本支部、按年）', params: IdParam, query: Year, response: z.array(AppraisalsItem) }),
  'POST /api/orgs/:id/appraisals': route({ summary: '录入民主评议结果（更正为新记录）', params: IdParam, body: z.object({
    year: z.number().int().min(2000).max(2100),
    items: z.array(z.object({ memberId: z.number().int().positive(), grade: z.enum(APPRAISAL_GRADES, { error: '评议等次应为优秀、合格、基本合格或不合格' }),
      followUp: z.string().trim().max(500).nullish() })).max(2000) }), status: 201, response: z.object({ recorded: z.number() }) }),
  'GET /api/orgs/:id/heart-talks': route({ summary: '谈心谈话记录（本支部、按年）', params: IdParam, query: Year, response: z.array(HeartTalksItem) }),
  'POST /api/orgs/:id/heart-talks': route({ summary: '记录谈心谈话', params: IdParam, body: z.object({
    memberId: z.number({ error: '请选择谈话对象' }).int().positive(), talkerName: z.string().trim().min(1, '请填写谈话人').max(20),
    talkedOn: IsoDate, summary: z.string().trim().min(2, '请填写谈话要点').max(2000) }), status: 201, response: RecordHeartTalkResult }),
  'GET /api/orgs/:id/duties': route({ summary: '设岗定责：无职党员的岗位和年度履职情况', params: IdParam, query: Year, response: Duties }),
  'POST /api/orgs/:id/duties': route({ summary: '为无职党员设岗、记录年度履职情况', params: IdParam, body: z.object({
    memberId: z.number().int().positive(), postId: z.number({ error: '请选择岗位' }).int().positive(), year: z.number().int().min(2000).max(2100),
    performanceNote: z.string().trim().max(500).nullish() }), status: 201, response: AssignDutyResult }),
  'GET /api/meeting-compliance/missing': route({ summary: '本期缺项：哪些支部还差哪些组织生活', query: MissingQuery, response: Missing }),
  'GET /api/meeting-compliance/missing/export': route({ summary: '导出本期缺项', query: MissingQuery, response: file('xlsx') }),
  'GET /api/meeting-compliance/rollup': route({ summary: '组织生活达标率：逐级汇总（县 → 党委 → 支部）', query: RollupQuery, response: ComplianceRollup }),
  'GET /api/meeting-compliance/rollup/export': route({ summary: '导出达标率汇总', query: RollupQuery, response: file('xlsx') }),
} as const;

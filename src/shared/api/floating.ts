import { z } from 'zod';
import { CONTACT_METHODS, LEAVE_STATUSES } from '../codes.js';
import { IdParam, IsoDate, Page, PageQuery, QueryBool, Timestamp, group } from './common.js';

const route = group(['流动党员']);

const Direction = z.enum(['outflow', 'inflow']);
export const FloatingListItem = z.object({ id: z.number(), memberId: z.number(), name: z.string(), orgName: z.string(), direction: Direction, region: z.string(),
  employer: z.string().nullable(), contactPhone: z.string().nullable(), since: z.string(), receivingOrg: z.string().nullable(), endedOn: z.string().nullable(),
  endReason: z.string().nullable(), lastReached: z.string().nullable() });
export const UnreachableMember = z.object({ id: z.number(), name: z.string(), orgName: z.string(), floatingSince: z.string().nullable(), outflowRegion: z.string().nullable(),
  isLostContact: z.boolean(), lastReached: z.string().nullable(), efforts: z.number() });
export const LeaveDecision = z.object({ id: z.number(), memberId: z.number(), name: z.string(), orgName: z.string(), reason: z.string(), status: z.enum(LEAVE_STATUSES),
  proposedAt: Timestamp, decidedAt: Timestamp.nullable(), decisionNote: z.string().nullable(), lostContactSince: z.string().nullable() });

export const RegisterFloatingResult = z.object({ id: z.number(), countyId: z.number(), memberId: z.number(), createdAt: Timestamp, orgId: z.number(), contactPhone: z.string().nullable(), createdBy: z.number().nullable(), direction: Direction, since: z.string(), region: z.string(), employer: z.string().nullable(), receivingOrg: z.string().nullable(), endedOn: z.string().nullable(), endReason: z.string().nullable() });
export const EndFloatingResult = z.object({ id: z.number(), countyId: z.number(), orgId: z.number(), memberId: z.number(), direction: Direction, region: z.string(), employer: z.string().nullable(), contactPhone: z.string().nullable(), since: z.string(), receivingOrg: z.string().nullable(), endedOn: z.string().nullable(), endReason: z.string().nullable(), createdBy: z.number().nullable(), createdAt: Timestamp });
export const Contact = z.object({ id: z.number(), countyId: z.number(), orgId: z.number(), memberId: z.number(), contactedOn: z.string(), method: z.enum(CONTACT_METHODS), reached: z.boolean(), note: z.string().nullable(), createdBy: z.number().nullable(), createdAt: Timestamp });
export const RecordContactResult = z.object({ id: z.number(), countyId: z.number(), memberId: z.number(), createdAt: Timestamp, method: z.enum(CONTACT_METHODS), orgId: z.number(), createdBy: z.number().nullable(), note: z.string().nullable(), contactedOn: z.string(), reached: z.boolean() });
export const Unreachable = z.object({ since: z.string(), items: z.array(UnreachableMember), total: z.number() });
export const ProposeLeaveResult = z.object({ id: z.number(), countyId: z.number(), memberId: z.number(), orgId: z.number(), status: z.enum(LEAVE_STATUSES), reason: z.string(), decidedBy: z.number().nullable(), decidedAt: Timestamp.nullable(), decisionNote: z.string().nullable(), proposedBy: z.number(), proposedAt: Timestamp });
export const DecideLeaveResult = z.object({ id: z.number(), countyId: z.number(), orgId: z.number(), memberId: z.number(), reason: z.string(), proposedBy: z.number(), proposedAt: Timestamp, status: z.enum(LEAVE_STATUSES), decidedBy: z.number().nullable(), decidedAt: Timestamp.nullable(), decisionNote: z.string().nullable() });
export const MarkLostContactResult = z.object({ id: z.number(), isLostContact: z.boolean(), lostContactSince: z.string().nullable() });

export const floatingApi = {
  'GET /api/floating': route({ summary: '流动党员登记（外出、流入）', query: PageQuery.extend({
    under: z.coerce.number().int().positive().optional(), direction: z.enum(['outflow', 'inflow']).optional(), active: QueryBool.optional() }), response: Page(FloatingListItem) }),
  'POST /api/floating': route({ summary: '登记外出或流入', body: z.object({
    memberId: z.number({ error: '请选择党员' }).int().positive(), direction: z.enum(['outflow', 'inflow'], { error: '请选择外出或流入' }),
    region: z.string().trim().min(2, '请填写外出流向（省/市/县）').max(60), employer: z.string().trim().max(60).nullish(),
    contactPhone: z.string().trim().regex(/^[\d\-+ ]{0,20}$/, '联系电话只能包含数字和 -').nullish(), since: IsoDate,
    receivingOrg: z.string().trim().max(60).nullish() }), status: 201, response: RegisterFloatingResult }),
  'POST /api/floating/:id/end': route({ summary: '结束流动登记（返回、转出等）', params: IdParam, body: z.object({
    endedOn: IsoDate, reason: z.string().trim().min(2, '请填写结束原因').max(100) }), response: EndFloatingResult }),
  'GET /api/members/:id/contacts': route({ summary: '联系记录', params: IdParam, response: z.array(Contact) }),
  'POST /api/members/:id/contacts': route({ summary: '记录一次联系（联系上或未联系上）', params: IdParam, body: z.object({
    contactedOn: IsoDate, method: z.enum(['phone', 'wechat', 'visit', 'letter', 'other'], { error: '请选择联系方式' }), reached: z.boolean(),
    note: z.string().trim().max(300).nullish() }), status: 201, response: RecordContactResult }),
  'GET /api/floating/unreachable': route({ summary: '6 个月未联系上的流动党员（疑似失联）', query: PageQuery.extend({
    under: z.coerce.number().int().positive().optional() }), response: Unreachable }),
  'POST /api/members/:id/leave-proposal': route({ summary: '提出按自行脱党处理（报上级审批）', params: IdParam, body: z.object({ reason: z.string().trim().min(10, '请写明失联经过和查找情况（至少 10 个字）').max(1000) }), status: 201, response: ProposeLeaveResult }),
  'GET /api/leave-decisions': route({ summary: '按自行脱党处理的审批', query: z.object({ status: z.enum(['pending', 'approved', 'rejected']).optional() }), response: z.array(LeaveDecision) }),
  'POST /api/leave-decisions/:id/decide': route({ summary: '上级审批：同意或不同意', params: IdParam, body: z.object({ approve: z.boolean(), note: z.string().trim().min(2, '请填写审批意见').max(500) }), response: DecideLeaveResult }),
  'POST /api/members/:id/lost-contact': route({ summary: '标记失联（须有查找记录；不等于出党）', params: IdParam, body: z.object({ since: IsoDate }), response: MarkLostContactResult }),
} as const;

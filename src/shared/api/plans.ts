import { z } from 'zod';
import { ASPECTS, CAMPAIGN_STAGES, COMPARATORS, GAP_CATEGORIES, PLAN_KINDS, SELF_RATINGS, TARGET_STATUSES, TASK_STATUSES } from '../codes.js';
import { IdParam, IsoDate, Page, PageQuery, QueryBool, Text, Timestamp, file, group } from './common.js';

const OrgId = (label: string) => z.number({ error: `请选择${label}` }).int().positive();
const Year = z.number({ error: '请填写年度' }).int().min(2000, '年度不早于 2000 年').max(2100, '年度不晚于 2100 年');
const Num = (label: string) => z.number({ error: `请填写${label}` }).min(-1e9).max(1e9);
const FileIds = z.array(z.number().int().positive()).max(20).optional();
const FileParam = IdParam.extend({ fileId: z.coerce.number().int().positive() });
const TaskQuery = PageQuery.extend({
  planId: z.coerce.number().int().positive().optional(), under: z.coerce.number().int().positive().optional(), status: z.enum(TASK_STATUSES).optional(),
  overdue: QueryBool.optional(), keyword: z.string().trim().max(40).optional(),
});

const route = group(['规划与评估']);

/** A file cited as evidence by a report. */
export const Attachment = z.object({ fileId: z.number(), name: z.string(), contentType: z.string() });
const TargetTerms = z.object({ title: z.string(), targetValue: z.number(), baseline: z.number() });
export const PlanListItem = z.object({ id: z.number(), kind: z.enum(PLAN_KINDS), title: z.string(), startYear: z.number(), endYear: z.number(), ownerOrgId: z.number(),
  ownerName: z.string(), targets: z.number(), tasks: z.number(), overdue: z.number(), reviews: z.number() });
export const TargetRevision = z.object({ id: z.number(), before: TargetTerms, after: TargetTerms, reason: z.string(), actorName: z.string(), createdAt: Timestamp });
export const TargetReport = z.object({ id: z.number(), value: z.number(), reportedOn: z.string(), note: z.string(), attachments: z.array(Attachment), reportedByName: z.string(),
  createdAt: Timestamp });
export const TaskListItem = z.object({ id: z.number(), planId: z.number(), planTitle: z.string(), targetId: z.number().nullable(), targetTitle: z.string().nullable(),
  parentId: z.number().nullable(), orgId: z.number(), orgName: z.string(), assignedByOrgId: z.number(), assignedByName: z.string(), title: z.string(), deliverable: z.string(),
  deadline: z.string(), status: z.enum(TASK_STATUSES), percent: z.number(), closedOn: z.string().nullable(), overdue: z.boolean(), lastReportOn: z.string().nullable(),
  children: z.number(), version: z.number() });
export const CampaignParticipant = z.object({ orgId: z.number(), orgName: z.string(), role: z.enum(['pilot', 'rollout']), joinedOn: z.string(), metOn: z.string().nullable(),
  metNote: z.string().nullable(), reports: z.number() });
export const CampaignReport = z.object({ id: z.number(), orgId: z.number(), orgName: z.string(), title: z.string(), body: z.string(), highlight: z.boolean(),
  attachments: z.array(Attachment), reportedOn: z.string(), reportedByName: z.string() });
export const ShowcaseItem = z.object({ id: z.number(), campaignId: z.number(), campaignTitle: z.string(), orgId: z.number(), orgName: z.string(), title: z.string(),
  body: z.string(), attachments: z.array(Attachment), reportedOn: z.string() });

export const CreatePlanResult = z.object({ id: z.number(), countyId: z.number(), version: z.number(), createdAt: Timestamp, title: z.string(), createdBy: z.number().nullable(), kind: z.enum(PLAN_KINDS), ownerOrgId: z.number(), startYear: z.number(), endYear: z.number() });
export const PlanDetail = z.object({ asOf: z.string(), goals: z.array(z.object({ id: z.number(), planId: z.number(), aspect: z.enum(ASPECTS), title: z.string(), sort: z.number() })), targets: z.array(z.object({ id: z.number(), countyId: z.number(), version: z.number(), createdAt: Timestamp, title: z.string(), createdBy: z.number().nullable(), metricKey: z.string().nullable(), planId: z.number(), goalId: z.number(), comparator: z.enum(COMPARATORS), targetValue: z.number(), baseline: z.number(), unit: z.string(), responsibleOrgId: z.number(), revisions: z.number(), responsibleName: z.string(), aspect: z.enum(ASPECTS), goalTitle: z.string(), reportedValue: z.number().nullable(), reportedOn: z.string().nullable(), value: z.number().nullable(), status: z.enum(TARGET_STATUSES), expected: z.number(), gap: z.number().nullable(), metricLabel: z.string().nullable(), valueError: z.string().nullable() })), byStatus: z.record(z.string(), z.number()), tasks: z.object({ total: z.number(), closed: z.number(), overdue: z.number(), byTarget: z.array(z.object({ targetId: z.number().nullable(), total: z.number(), closed: z.number(), overdue: z.number() })) }), metrics: z.array(z.object({ key: z.string(), label: z.string(), module: z.string(), describe: z.string() })), id: z.number(), countyId: z.number(), version: z.number(), createdAt: Timestamp, title: z.string(), kind: z.enum(PLAN_KINDS), ownerOrgId: z.number(), startYear: z.number(), endYear: z.number(), ownerPath: z.string(), ownerName: z.string(), ownerVisible: z.boolean() });
export const AddGoalResult = z.object({ id: z.number(), title: z.string(), sort: z.number(), planId: z.number(), aspect: z.enum(ASPECTS) });
export const AddTargetResult = z.object({ id: z.number(), countyId: z.number(), version: z.number(), createdAt: Timestamp, title: z.string(), createdBy: z.number().nullable(), metricKey: z.string().nullable(), planId: z.number(), goalId: z.number(), comparator: z.enum(COMPARATORS), targetValue: z.number(), baseline: z.number(), unit: z.string(), responsibleOrgId: z.number() });
export const ReviseTargetResult = z.object({ id: z.number(), planId: z.number(), goalId: z.number(), countyId: z.number(), title: z.string(), metricKey: z.string().nullable(), comparator: z.enum(COMPARATORS), targetValue: z.number(), baseline: z.number(), unit: z.string(), responsibleOrgId: z.number(), createdBy: z.number().nullable(), createdAt: Timestamp, version: z.number() });
export const ReportTargetValueResult = z.object({ id: z.number(), createdAt: Timestamp, value: z.number(), note: z.string(), attachments: z.array(Attachment), targetId: z.number(), reportedOn: z.string(), reportedBy: z.number().nullable(), reportedByName: z.string() });
export const PlanFile = z.object({ id: z.number(), name: z.string(), contentType: z.string() });
export const AssignTaskResult = z.object({ id: z.number(), countyId: z.number(), version: z.number(), createdAt: Timestamp, title: z.string(), orgId: z.number(), parentId: z.number().nullable(), status: z.enum(TASK_STATUSES), createdBy: z.number().nullable(), deadline: z.string(), planId: z.number(), closedOn: z.string().nullable(), targetId: z.number().nullable(), deliverable: z.string(), percent: z.number(), assignedByOrgId: z.number(), reviewGapId: z.number().nullable() });
export const TaskDetail = z.object({ assignedByName: z.string(), canDecide: z.boolean(), canReport: z.boolean(), reports: z.array(z.object({ id: z.number(), taskId: z.number(), reportedOn: z.string(), percent: z.number(), note: z.string(), complete: z.boolean(), attachments: z.array(Attachment), reportedBy: z.number().nullable(), reportedByName: z.string(), createdAt: Timestamp })), children: z.array(z.object({ id: z.number(), title: z.string(), orgId: z.number(), orgName: z.string(), deadline: z.string(), status: z.enum(TASK_STATUSES), percent: z.number() })), id: z.number(), countyId: z.number(), version: z.number(), title: z.string(), orgId: z.number(), parentId: z.number().nullable(), status: z.enum(TASK_STATUSES), deadline: z.string(), planId: z.number(), closedOn: z.string().nullable(), targetId: z.number().nullable(), deliverable: z.string(), percent: z.number(), assignedByOrgId: z.number(), orgPath: z.string(), orgName: z.string() });
export const ReportTaskResult = z.object({ id: z.number(), createdAt: Timestamp, note: z.string(), attachments: z.array(Attachment), reportedOn: z.string(), reportedBy: z.number().nullable(), reportedByName: z.string(), percent: z.number(), taskId: z.number(), complete: z.boolean() });
export const Review = z.object({ id: z.number(), planId: z.number(), countyId: z.number(), title: z.string(), asOf: z.string(), selfDueOn: z.string(), createdBy: z.number().nullable(), createdAt: Timestamp });
export const CreateReviewResult = z.object({ id: z.number(), countyId: z.number(), createdAt: Timestamp, title: z.string(), createdBy: z.number().nullable(), planId: z.number(), asOf: z.string(), selfDueOn: z.string() });
export const ReviewChecklist = z.object({ review: z.object({ id: z.number(), title: z.string(), asOf: z.string(), selfDueOn: z.string(), planId: z.number(), planTitle: z.string(), ownerName: z.string() }), canManage: z.boolean(), summary: z.object({ improve: z.number(), rectify: z.number(), do: z.number(), ready: z.number(), acted: z.number() }), lines: z.array(z.object({ key: z.string(), kind: z.enum(["target", "task"]), category: z.enum(GAP_CATEGORIES).nullable(), aspect: z.enum(ASPECTS).nullable(), title: z.string(), orgId: z.number(), orgName: z.string(), value: z.number().nullable(), target: z.number().nullable(), unit: z.string(), expected: z.number().nullable(), status: z.string(), statusLabel: z.string(), gap: z.string(), deadline: z.string().nullable(), action: z.object({ gapId: z.number(), rectificationItemId: z.number().nullable(), taskId: z.number().nullable() }).nullable() })) });
export const ActOnGapResult = z.object({ gapId: z.number(), rectificationItemId: z.number().nullable(), taskId: z.number().nullable() });
export const SelfAssessmentOfOrg = z.object({ orgId: z.number(), orgName: z.string(), latest: z.object({ id: z.number(), createdAt: Timestamp, orgId: z.number(), submittedByName: z.string(), rating: z.enum(SELF_RATINGS), achievements: z.string(), shortfalls: z.string(), nextSteps: z.string() }).nullable() });
export const SubmitSelfAssessmentResult = z.object({ id: z.number(), createdAt: Timestamp, orgId: z.number(), submittedBy: z.number().nullable(), submittedByName: z.string(), reviewId: z.number(), rating: z.enum(SELF_RATINGS), achievements: z.string(), shortfalls: z.string(), nextSteps: z.string() });
export const CampaignListItem = z.object({ population: z.number(), joined: z.number(), met: z.number(), joinedShare: z.number().nullable(), metShare: z.number().nullable(), id: z.number(), title: z.string(), criteria: z.array(z.string()), stage: z.enum(CAMPAIGN_STAGES), startedOn: z.string(), rolloutCategories: z.array(z.string()), ownerName: z.string() });
export const CreateCampaignResult = z.object({ id: z.number(), countyId: z.number(), version: z.number(), createdAt: Timestamp, description: z.string(), title: z.string(), createdBy: z.number().nullable(), ownerOrgId: z.number(), criteria: z.array(z.string()), stage: z.enum(CAMPAIGN_STAGES), startedOn: z.string(), rolloutOrgId: z.number(), rolloutCategories: z.array(z.string()) });
export const CampaignDetail = z.object({ ownerPath: z.undefined(), rangePath: z.undefined(), ownerName: z.string(), canManage: z.boolean(), stages: z.array(z.object({ id: z.number(), campaignId: z.number(), stage: z.enum(CAMPAIGN_STAGES), happenedOn: z.string(), summary: z.string(), actorId: z.number().nullable(), actorName: z.string(), createdAt: Timestamp })), participants: z.array(CampaignParticipant), reports: z.array(CampaignReport), tracking: z.object({ items: z.array(z.object({ id: z.number(), name: z.string(), population: z.number(), joined: z.number(), met: z.number(), joinedShare: z.number().nullable(), metShare: z.number().nullable() })), total: z.object({ population: z.number(), joined: z.number(), met: z.number(), joinedShare: z.number().nullable(), metShare: z.number().nullable() }) }), id: z.number(), countyId: z.number(), version: z.number(), description: z.string(), title: z.string(), ownerOrgId: z.number(), criteria: z.array(z.string()), stage: z.enum(CAMPAIGN_STAGES), startedOn: z.string(), rolloutOrgId: z.number(), rolloutCategories: z.array(z.string()), ownerVisible: z.boolean() });
export const AdvanceCampaignResult = z.object({ id: z.number(), countyId: z.number(), ownerOrgId: z.number(), title: z.string(), description: z.string(), criteria: z.array(z.string()), stage: z.enum(CAMPAIGN_STAGES), startedOn: z.string(), rolloutOrgId: z.number(), rolloutCategories: z.array(z.string()), createdBy: z.number().nullable(), createdAt: Timestamp, version: z.number() });
export const MarkMetResult = z.object({ campaignId: z.number(), orgId: z.number(), countyId: z.number(), role: z.enum(['pilot', 'rollout']), joinedOn: z.string(), metOn: z.string().nullable(), metNote: z.string().nullable() });
export const ReportCampaignResult = z.object({ id: z.number(), createdAt: Timestamp, body: z.string(), title: z.string(), orgId: z.number(), attachments: z.array(Attachment), reportedOn: z.string(), reportedBy: z.number().nullable(), reportedByName: z.string(), campaignId: z.number(), highlight: z.boolean() });

export const plansApi = {
  'GET /api/plans': route({ summary: '规划与年度工作要点', query: z.object({ kind: z.enum(PLAN_KINDS).optional(), year: z.coerce.number().int().optional() }), response: z.array(PlanListItem) }),
  'POST /api/plans': route({ summary: '新建规划（三年、五年）或年度工作要点', body: z.object({
    ownerOrgId: OrgId('制定单位'), kind: z.enum(PLAN_KINDS, { error: '请选择类型' }), title: Text('名称', 80), startYear: Year, endYear: Year,
    goals: z.array(z.object({ aspect: z.enum(ASPECTS, { error: '请选择方面' }), title: Text('目标', 200) })).max(60).optional() }), status: 201, response: CreatePlanResult }),
  'GET /api/plans/:id': route({ summary: '规划详情：目标、指标及其实时状态', params: IdParam, query: z.object({ asOf: IsoDate.optional() }), response: PlanDetail }),
  'POST /api/plans/:id/goals': route({ summary: '增加目标', params: IdParam, body: z.object({ aspect: z.enum(ASPECTS, { error: '请选择方面' }), title: Text('目标', 200) }), status: 201, response: AddGoalResult }),
  'POST /api/plans/:id/targets': route({ summary: '增加指标（平台指标实时取数，或手工指标报送佐证）', params: IdParam, body: z.object({
    goalId: z.number({ error: '请选择目标' }).int().positive(), title: Text('指标名称', 120), metricKey: z.string().trim().max(60).nullish(),
    comparator: z.enum(COMPARATORS).default('gte'), targetValue: Num('目标值'), baseline: Num('基期值').nullish(), unit: z.string().trim().max(10).nullish(),
    responsibleOrgId: z.number().int().positive().nullish() }), status: 201, response: AddTargetResult }),
  'PUT /api/plans/targets/:id': route({ summary: '调整指标（名称、目标值、基期值；须写明原因，调整记录保留）', params: IdParam, body: z.object({
    title: z.string().trim().max(120, '指标名称不超过 120 字').optional(), targetValue: Num('目标值').optional(), baseline: Num('基期值').optional(),
    reason: Text('调整原因', 500), version: z.number({ error: '缺少版本号，请刷新后重试' }).int() }), response: ReviseTargetResult }),
  'GET /api/plans/targets/:id/revisions': route({ summary: '指标的调整记录', params: IdParam, response: z.array(TargetRevision) }),
  'POST /api/plans/targets/:id/reports': route({ summary: '报送手工指标的完成值（附佐证）', params: IdParam, body: z.object({
    value: Num('完成值'), note: Text('说明', 500), fileIds: FileIds }), status: 201, response: ReportTargetValueResult }),
  'GET /api/plans/targets/:id/reports': route({ summary: '手工指标的报送记录', params: IdParam, response: z.array(TargetReport) }),
  'POST /api/plans/:id/files': route({ summary: '上传佐证材料（之后在报送中引用）', params: IdParam, query: z.object({ orgId: z.coerce.number().int().positive() }), multipart: true, status: 201, response: PlanFile }),
  'GET /api/plans/:id/files/:fileId': route({ summary: '查看佐证材料', params: FileParam, response: file('stored') }),
  'GET /api/plans/tasks': route({ summary: '任务台账（交办、分解、进展）', query: TaskQuery, response: Page(TaskListItem) }),
  'GET /api/plans/tasks/export': route({ summary: '导出任务台账（Excel）', query: TaskQuery, response: file('xlsx') }),
  'POST /api/plans/:id/tasks': route({ summary: '交办任务（规划制定单位交办，或分解交办给本单位的任务）', params: IdParam, body: z.object({
    targetId: z.number().int().positive().nullish(), parentId: z.number().int().positive().nullish(), orgId: OrgId('责任单位'),
    title: Text('任务', 200), deliverable: Text('成果形式', 200), deadline: IsoDate }), status: 201, response: AssignTaskResult }),
  'GET /api/plans/tasks/:id': route({ summary: '任务详情与进展记录', params: IdParam, response: TaskDetail }),
  'POST /api/plans/tasks/:id/reports': route({ summary: '报送任务进展（可附佐证）', params: IdParam, body: z.object({
    percent: z.number({ error: '请填写进度' }).int('进度应为整数').min(0, '进度在 0–100 之间').max(100, '进度在 0–100 之间'), note: Text('进展情况', 1000),
    complete: z.boolean().optional(), fileIds: FileIds }), status: 201, response: ReportTaskResult }),
  'POST /api/plans/tasks/:id/decision': route({ summary: '交办单位办结或退回任务', params: IdParam, body: z.object({ accept: z.boolean(), note: Text('意见', 500) }), response: z.object({ status: z.enum(["closed", "open"]) }) }),
  'GET /api/plans/:id/reviews': route({ summary: '规划的评估轮次', params: IdParam, response: z.array(Review) }),
  'POST /api/plans/:id/reviews': route({ summary: '发起中期评估', params: IdParam, body: z.object({ title: Text('名称', 80), asOf: IsoDate, selfDueOn: IsoDate }), status: 201, response: CreateReviewResult }),
  'GET /api/plans/reviews/:id/checklist': route({ summary: '迎检清单：按实时数据分为待完善、待整改、待落实', params: IdParam, response: ReviewChecklist }),
  'POST /api/plans/reviews/:id/gaps': route({ summary: '把清单中的差距转为整改事项或任务', params: IdParam, body: z.object({
    lineKey: z.string().regex(/^(target|task):\d+$/, '清单项无效'), as: z.enum(['rectification', 'task']), deadline: IsoDate,
    responsiblePerson: z.string().trim().max(40).nullish(), measures: z.string().trim().max(500).nullish(), orgId: z.number().int().positive().nullish() }), status: 201, response: ActOnGapResult }),
  'GET /api/plans/reviews/:id/self': route({ summary: '各责任单位自评情况', params: IdParam, response: z.array(SelfAssessmentOfOrg) }),
  'POST /api/plans/reviews/:id/self': route({ summary: '提交自评（再次提交覆盖前一次，均留存）', params: IdParam, body: z.object({
    orgId: OrgId('自评单位'), rating: z.enum(SELF_RATINGS, { error: '请选择自评等次' }), achievements: Text('主要成效', 3000), shortfalls: Text('存在不足', 3000), nextSteps: Text('下步打算', 3000) }), status: 201, response: SubmitSelfAssessmentResult }),
  'GET /api/plans/reviews/:id/pack': route({ summary: '下载迎检材料包（评估报告 Word、指标表 Excel、佐证材料）', params: IdParam, response: file('zip') }),
  'GET /api/plans/reviews/:id/report.docx': route({ summary: '评估报告（Word）', params: IdParam, response: file('docx') }),
  'GET /api/campaigns': route({ summary: '载体活动（含推广进度）', response: z.array(CampaignListItem) }),
  'POST /api/campaigns': route({ summary: '发起载体活动（先试点）', body: z.object({
    ownerOrgId: OrgId('牵头单位'), title: Text('活动名称', 80), description: Text('活动内容', 3000), criteria: z.array(z.string().trim().max(200)).max(30),
    startedOn: IsoDate, pilotOrgIds: z.array(z.number().int().positive()).max(50), rolloutOrgId: OrgId('推广范围'), rolloutCategories: z.array(z.string().max(20)).max(10).optional() }), status: 201, response: CreateCampaignResult }),
  'GET /api/campaigns/showcase': route({ summary: '亮点展示', query: z.object({ campaignId: z.coerce.number().int().positive().optional() }), response: z.array(ShowcaseItem) }),
  'GET /api/campaigns/:id': route({ summary: '载体活动详情：阶段、参加单位、报送、推广进度', params: IdParam, query: z.object({ under: z.coerce.number().int().positive().optional() }), response: CampaignDetail }),
  'POST /api/campaigns/:id/stage': route({ summary: '推进阶段（试点→总结→推广→结束）', params: IdParam, body: z.object({
    to: z.enum(CAMPAIGN_STAGES), summary: z.string().trim().max(3000), version: z.number().int() }), response: AdvanceCampaignResult }),
  'POST /api/campaigns/:id/join': route({ summary: '申报参加（全面推广阶段）', params: IdParam, body: z.object({ orgIds: z.array(z.number().int().positive()).min(1, '请选择申报单位').max(500) }), status: 201, response: z.object({ joined: z.number() }) }),
  'POST /api/campaigns/:id/orgs/:orgId/met': route({ summary: '认定达标（或撤销）', params: IdParam.extend({ orgId: z.coerce.number().int().positive() }), body: z.object({ met: z.boolean(), note: Text('认定意见', 500) }), response: MarkMetResult }),
  'POST /api/campaigns/:id/files': route({ summary: '上传活动照片（可选）', params: IdParam, query: z.object({ orgId: z.coerce.number().int().positive() }), multipart: true, status: 201, response: PlanFile }),
  'GET /api/campaigns/:id/files/:fileId': route({ summary: '查看活动照片', params: FileParam, response: file('stored') }),
  'POST /api/campaigns/:id/reports': route({ summary: '报送活动开展情况或亮点', params: IdParam, body: z.object({
    orgId: OrgId('报送单位'), title: Text('标题', 80), body: Text('内容', 5000), highlight: z.boolean().optional(), fileIds: FileIds }), status: 201, response: ReportCampaignResult }),
} as const;

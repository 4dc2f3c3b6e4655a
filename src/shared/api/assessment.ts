import { z } from 'zod';
import { ACTION_KINDS, ASSESSMENT_GRADES, CHANNELS, DAILY_RECORD_STATUSES, METHODS, ORG_TYPES, SCHEME_STATUSES } from '../codes.js';
import { FileParam, IdParam, IsoDate, Num, Ok, Page, PageQuery, Text, Timestamp, file, group } from './common.js';

const Year = z.coerce.number().int().min(2000).max(2100);
const Points = z.number({ error: '请填写分值' }).min(-1000).max(1000);
const GradeRule = z.object({
  excellent: z.number().min(0).max(200), good: z.number().min(0).max(200), fair: z.number().min(0).max(200),
  excellentQuota: z.number().min(0, '“好”等次比例在 0–100% 之间').max(1, '“好”等次比例在 0–100% 之间').nullable(),
}).refine((g) => g.excellent >= g.good && g.good >= g.fair, { message: '等次分数线应为 好 ≥ 较好 ≥ 一般', path: ['excellent'] });
const Group = z.object({ key: z.string().trim().min(1).max(30), label: Text('分组名称', 20), categories: z.array(z.string().max(40)).min(1, '每个排名分组至少包含一个组织类别') });
const SchemeFields = z.object({
  name: Text('方案名称', 80), year: z.number().int().min(2000).max(2100), ownerOrgId: z.number({ error: '请选择考核单位' }).int().positive(),
  groups: z.array(Group).min(1, '至少设一个排名分组').max(12).optional(), orgTypes: z.array(z.string().max(40)).min(1).optional(), gradeRule: GradeRule.optional(),
  bonusCap: z.number().min(0, '加分上限不能为负').max(50).optional(), objectionDays: z.number().int().min(1, '异议期至少 1 天').max(30).optional(),
  notApplicableShare: z.number().min(0, '无适用对象时的得分比例在 0–100% 之间').max(1, '无适用对象时的得分比例在 0–100% 之间').optional(),
  template: z.enum(['county', 'blank']).optional(), baseSchemeId: z.number().int().positive().nullish(),
});
const Indicator = z.object({
  key: z.number().int(), parentKey: z.number().int().nullable(), code: Text('指标编号', 12), name: Text('指标名称', 80), method: z.enum(METHODS, { error: '请选择计分方式' }),
  maxPoints: z.number({ error: '请填写分值' }).min(0, '分值不能为负').max(1000), weight: z.number().positive('权重须大于 0').max(10).optional(),
  perItem: z.number().positive('每项分值须大于 0').max(100).nullish(), metricKey: z.string().max(60).nullish(), metricTarget: z.number().positive().max(1000).nullish(),
  vetoEffect: z.enum(['poor', 'no_excellent']).nullish(), criteria: z.string().trim().max(500).nullish(), copiedFromId: z.number().int().positive().nullish(),
});
const Rev = z.object({ rev: z.number().int() });
const OrgIndicator = { orgId: z.number({ error: '请选择党组织' }).int().positive(), indicatorId: z.number({ error: '请选择指标' }).int().positive() };

const route = group(['考核']);

const Grade = z.enum(ASSESSMENT_GRADES);
const GradedQuery = z.object({ year: Year.optional(), grade: Grade.optional(), under: z.coerce.number().int().positive().optional() });
export const GradedItem = z.object({ orgId: z.number(), orgName: z.string(), category: z.string(), schemeId: z.number(), schemeName: z.string(), final: z.boolean(),
  group: z.string(), total: z.number(), rank: z.number(), groupSize: z.number(), grade: Grade, vetoed: z.boolean() });
export const Correction = z.object({
  id: z.number(), reason: z.string(), firstSeq: z.number(), lastSeq: z.number(), createdByName: z.string(), createdAt: Timestamp, entries: z.number(),
  changes: z.array(z.object({ orgId: z.number(), orgName: z.string(), oldTotal: z.number(), newTotal: z.number(), oldRank: z.number(), newRank: z.number(), oldGrade: Grade, newGrade: Grade })),
  review: z.array(z.object({ id: z.number(), kind: z.enum(ACTION_KINDS), title: z.string(), docNo: z.string().nullable(), happenedOn: z.string(), orgId: z.number().nullable(),
    orgName: z.string().nullable(), oldGrade: Grade.nullable(), newGrade: Grade.nullable(), why: z.string() })),
});



/** A file attached as evidence (daily records, findings). */
export const Attachment = z.object({ fileId: z.number(), name: z.string(), contentType: z.string() });
export const ObjectionStatus = z.enum(['open', 'upheld', 'rejected']);

export const SchemeListItem = z.object({ id: z.number(), year: z.number(), name: z.string(), version: z.number(), status: z.enum(SCHEME_STATUSES), ownerOrgId: z.number(),
  ownerName: z.string().nullable(), ownerType: z.enum(ORG_TYPES), copiedFromId: z.number().nullable(), baseSchemeId: z.number().nullable(), objectionUntil: z.string().nullable(),
  indicators: z.number(), orgs: z.number(), manageable: z.boolean() });
export const LedgerEntry = z.object({ id: z.number(), seq: z.number(), orgId: z.number(), orgName: z.string(), indicatorId: z.number(), indicatorCode: z.string(),
  indicatorName: z.string(), points: z.number(), channel: z.enum(CHANNELS), evidenceKind: z.string().nullable(), evidenceId: z.number().nullable(), reason: z.string().nullable(),
  reversesId: z.number().nullable(), recordedByName: z.string(), approvedByName: z.string().nullable(), recordedAt: Timestamp, schemeVersion: z.number(), reversed: z.boolean(),
  hash: z.string() });
export const AssessmentFinding = z.object({ id: z.number(), orgId: z.number(), orgName: z.string(), indicator: z.string(), team: z.string(), foundOn: z.string(),
  description: z.string(), occurrences: z.number(), attachments: z.array(Attachment), recordedByName: z.string(), entryId: z.number().nullable(), points: z.number().nullable() });
export const DailyRecordListItem = z.object({ id: z.number(), orgId: z.number(), orgName: z.string(), indicatorId: z.number(), indicator: z.string(), perItem: z.number().nullable(),
  maxPoints: z.number(), title: z.string(), content: z.string(), doneOn: z.string(), attachments: z.array(Attachment), status: z.enum(DAILY_RECORD_STATUSES),
  submittedByName: z.string(), submittedAt: Timestamp, reviewedByName: z.string().nullable(), reviewedAt: Timestamp.nullable(), reviewNote: z.string().nullable(),
  points: z.number().nullable() });
export const DutySummaryItem = z.object({ orgId: z.number(), orgName: z.string(), reviewers: z.number(), average: z.number().nullable(), mine: z.boolean().nullable(), recorded: z.number() });
export const CascadeScheme = z.object({ id: z.number(), name: z.string(), status: z.enum(SCHEME_STATUSES), ownerOrgId: z.number(), ownerName: z.string(),
  baseSchemeId: z.number().nullable(), deviationApproval: z.string().nullable(), orgs: z.number(), excellent: z.number(), good: z.number(), fair: z.number(), poor: z.number(),
  average: z.number().nullable() });
export const ObjectionListItem = z.object({ id: z.number(), orgId: z.number(), orgName: z.string(), entryId: z.number(), seq: z.number(), points: z.number(),
  entryReason: z.string().nullable(), indicator: z.string(), reason: z.string(), filedByName: z.string(), filedAt: Timestamp, status: ObjectionStatus,
  decision: z.string().nullable(), decidedByName: z.string().nullable(), decidedAt: Timestamp.nullable(), correctionEntryId: z.number().nullable() });
export const ActionListItem = z.object({ id: z.number(), schemeId: z.number(), schemeName: z.string(), year: z.number(), kind: z.enum(ACTION_KINDS), orgId: z.number().nullable(),
  orgName: z.string().nullable(), title: z.string(), docNo: z.string().nullable(), happenedOn: z.string(), persons: z.string().nullable(), problems: z.string().nullable(),
  commitments: z.string().nullable(), followUp: z.string().nullable(), decision: z.string().nullable(), createdByName: z.string(), total: z.number().nullable(), rank: z.number().nullable(),
  grade: z.enum(ASSESSMENT_GRADES).nullable() });

export const CreateSchemeResult = z.object({ id: z.number(), countyId: z.number(), name: z.string(), version: z.number(), createdAt: Timestamp, status: z.enum(SCHEME_STATUSES), createdBy: z.number().nullable(), year: z.number(), groups: z.array(z.object({ key: z.string(), label: z.string(), categories: z.array(z.string()) })), ownerOrgId: z.number(), orgTypes: z.array(z.string()), gradeRule: z.object({ excellent: z.number(), good: z.number(), fair: z.number(), excellentQuota: z.number().nullable() }), bonusCap: Num, objectionDays: z.number(), notApplicableShare: Num, baseSchemeId: z.number().nullable(), copiedFromId: z.number().nullable(), deviationApproval: z.string().nullable(), objectionUntil: z.string().nullable(), publishedAt: Timestamp.nullable(), resultsAt: Timestamp.nullable(), finalAt: Timestamp.nullable(), rev: z.number(), liveSeq: z.number().nullable() });
export const SchemeDetail = z.object({ ownerName: z.string().nullable(), ownerPath: z.null(), bonusCap: z.number(), indicators: z.array(z.object({ id: z.number(), parentId: z.number().nullable(), code: z.string(), name: z.string(), method: z.enum(METHODS), maxPoints: z.number(), weight: z.number(), perItem: z.number().nullable().optional(), metricKey: z.string().nullable().optional(), metricTarget: z.number().nullable().optional(), vetoEffect: z.enum(["poor", "no_excellent"]).nullable().optional(), sort: z.number(), criteria: z.string().nullable(), copiedFromId: z.number().nullable() })), orgs: z.array(z.object({ id: z.number(), name: z.string(), category: z.string(), groupKey: z.string() })), deviations: z.array(z.string()), canManage: z.boolean(), canScore: z.boolean(), metrics: z.array(z.object({ key: z.string(), label: z.string(), module: z.string(), describe: z.string() })), id: z.number(), countyId: z.number(), name: z.string(), version: z.number(), createdAt: Timestamp, status: z.enum(SCHEME_STATUSES), createdBy: z.number().nullable(), year: z.number(), groups: z.array(z.object({ key: z.string(), label: z.string(), categories: z.array(z.string()) })), ownerOrgId: z.number(), orgTypes: z.array(z.string()), gradeRule: z.object({ excellent: z.number(), good: z.number(), fair: z.number(), excellentQuota: z.number().nullable() }), objectionDays: z.number(), notApplicableShare: Num, baseSchemeId: z.number().nullable(), copiedFromId: z.number().nullable(), deviationApproval: z.string().nullable(), objectionUntil: z.string().nullable(), publishedAt: Timestamp.nullable(), resultsAt: Timestamp.nullable(), finalAt: Timestamp.nullable(), rev: z.number(), liveSeq: z.number().nullable() });
export const UpdateSchemeResult = z.object({ id: z.number(), countyId: z.number(), ownerOrgId: z.number(), year: z.number(), name: z.string(), version: z.number(), copiedFromId: z.number().nullable(), baseSchemeId: z.number().nullable(), deviationApproval: z.string().nullable(), status: z.enum(SCHEME_STATUSES), groups: z.array(z.object({ key: z.string(), label: z.string(), categories: z.array(z.string()) })), orgTypes: z.array(z.string()), gradeRule: z.object({ excellent: z.number(), good: z.number(), fair: z.number(), excellentQuota: z.number().nullable() }), bonusCap: Num, objectionDays: z.number(), notApplicableShare: Num, objectionUntil: z.string().nullable(), publishedAt: Timestamp.nullable(), resultsAt: Timestamp.nullable(), finalAt: Timestamp.nullable(), rev: z.number(), liveSeq: z.number().nullable(), createdBy: z.number().nullable(), createdAt: Timestamp });
export const ReverseEntryResult = z.object({ id: z.number(), countyId: z.number(), orgId: z.number(), hash: z.string(), reason: z.string().nullable(), recordedBy: z.number().nullable(), indicatorId: z.number(), channel: z.enum(CHANNELS), seq: z.number(), points: Num, recordedByName: z.string(), approvedByName: z.string().nullable(), recordedAt: Timestamp, schemeId: z.number(), evidenceKind: z.string().nullable(), evidenceId: z.number().nullable(), reversesId: z.number().nullable(), schemeVersion: z.number(), approvedBy: z.number().nullable(), prevHash: z.string() });
export const RecordFindingResult = z.object({ entryId: z.number(), points: z.number(), id: z.number(), countyId: z.number(), createdAt: Timestamp, description: z.string(), orgId: z.number(), recordedBy: z.number().nullable(), indicatorId: z.number(), recordedByName: z.string(), schemeId: z.number(), foundOn: z.string(), team: z.string(), occurrences: z.number(), attachments: z.array(Attachment) });
export const SubmitDailyRecordResult = z.object({ id: z.number(), countyId: z.number(), content: z.string(), title: z.string(), orgId: z.number(), status: z.enum(DAILY_RECORD_STATUSES), submittedAt: Timestamp, reviewNote: z.string().nullable(), reviewedBy: z.number().nullable(), indicatorId: z.number(), points: Num.nullable(), schemeId: z.number(), attachments: z.array(Attachment), entryId: z.number().nullable(), doneOn: z.string(), submittedBy: z.number().nullable(), submittedByName: z.string(), reviewedByName: z.string().nullable(), reviewedAt: Timestamp.nullable() });
export const ReviewDailyRecordResult = z.object({ id: z.number(), countyId: z.number(), schemeId: z.number(), orgId: z.number(), indicatorId: z.number(), title: z.string(), content: z.string(), doneOn: z.string(), attachments: z.array(Attachment), status: z.enum(DAILY_RECORD_STATUSES), submittedBy: z.number().nullable(), submittedByName: z.string(), submittedAt: Timestamp, reviewedBy: z.number().nullable(), reviewedByName: z.string().nullable(), reviewedAt: Timestamp.nullable(), reviewNote: z.string().nullable(), points: Num.nullable(), entryId: z.number().nullable() });
export const RecordDutyScoreResult = z.object({ id: z.number(), countyId: z.number(), createdAt: Timestamp, orgId: z.number(), score: Num, indicatorId: z.number(), schemeId: z.number(), reviewerId: z.number(), reviewerName: z.string() });
export const CampaignsItem = z.object({ groups: z.array(z.object({ campaignId: z.number(), id: z.number(), name: z.string(), weight: z.number(), issued: z.number(), used: z.number() })), id: z.number(), name: z.string(), indicatorId: z.number(), opensAt: z.string(), closesAt: z.string(), countedAt: z.string().nullable() });
export const CreateCampaignResult = z.object({ campaign: z.object({ id: z.number(), countyId: z.number(), name: z.string(), createdAt: Timestamp, createdBy: z.number().nullable(), indicatorId: z.number(), schemeId: z.number(), opensAt: Timestamp, closesAt: Timestamp, choices: z.array(z.object({ label: z.string(), score: z.number() })), countedAt: Timestamp.nullable() }), tokens: z.array(z.object({ group: z.string(), seq: z.number(), token: z.string() })) });
export const BallotByToken = z.object({ campaign: z.string(), group: z.string(), opensAt: Timestamp, closesAt: Timestamp, state: z.string(), choices: z.array(z.object({ value: z.number(), label: z.string() })), orgs: z.array(z.object({ id: z.number(), name: z.string() })) });
export const Results = z.object({ scheme: z.object({ id: z.number(), countyId: z.number(), name: z.string(), version: z.number(), createdAt: Timestamp, status: z.enum(SCHEME_STATUSES), createdBy: z.number().nullable(), year: z.number(), groups: z.array(z.object({ key: z.string(), label: z.string(), categories: z.array(z.string()) })), ownerOrgId: z.number(), orgTypes: z.array(z.string()), gradeRule: z.object({ excellent: z.number(), good: z.number(), fair: z.number(), excellentQuota: z.number().nullable() }), bonusCap: Num, objectionDays: z.number(), notApplicableShare: Num, baseSchemeId: z.number().nullable(), copiedFromId: z.number().nullable(), deviationApproval: z.string().nullable(), objectionUntil: z.string().nullable(), publishedAt: Timestamp.nullable(), resultsAt: Timestamp.nullable(), finalAt: Timestamp.nullable(), rev: z.number(), liveSeq: z.number().nullable(), ownerPath: z.string(), ownerName: z.string() }), items: z.array(z.object({ orgName: z.string(), category: z.string(), orgId: z.number(), groupKey: z.string(), total: z.number(), rank: z.number(), groupSize: z.number(), grade: z.string(), vetoed: z.boolean() })), published: z.boolean() });
export const Explain = z.object({ scheme: z.object({ id: z.number(), name: z.string(), year: z.number(), status: z.enum(SCHEME_STATUSES), bonusCap: z.number(), groups: z.array(z.object({ key: z.string(), label: z.string(), categories: z.array(z.string()) })) }), org: z.object({ id: z.number(), name: z.string() }), result: z.object({ orgId: z.number(), groupKey: z.string(), total: z.number(), rank: z.number(), groupSize: z.number(), grade: z.string(), vetoed: z.boolean() }), groupAverage: z.number(), groupSize: z.number(), above: z.object({ orgId: z.number(), total: z.number(), rank: z.number(), name: z.string() }).nullable(), tree: z.array(z.object({ weightProduct: z.number(), raw: z.number(), score: z.number(), groupAverage: z.number(), above: z.number().nullable(), capped: z.boolean(), entries: z.array(z.object({ id: z.number(), seq: z.number(), indicatorId: z.number(), points: z.number(), channel: z.string(), reason: z.string(), evidenceKind: z.string().nullable(), evidenceId: z.number().nullable(), recordedByName: z.string(), approvedByName: z.string().nullable(), recordedAt: z.string(), reversesId: z.number().nullable(), schemeVersion: z.number() })), id: z.number(), parentId: z.number().nullable(), code: z.string(), name: z.string(), method: z.enum(METHODS), maxPoints: z.number(), weight: z.number(), perItem: z.number().nullable().optional(), metricKey: z.string().nullable().optional(), metricTarget: z.number().nullable().optional(), vetoEffect: z.enum(["poor", "no_excellent"]).nullable().optional(), sort: z.number(), criteria: z.string().nullable(), copiedFromId: z.number().nullable() })) });
export const WhatIfResult = z.object({ source: z.object({ id: z.number(), name: z.string() }), draft: z.object({ id: z.number(), name: z.string() }), items: z.array(z.object({ orgId: z.number(), orgName: z.string(), groupKey: z.string(), before: z.object({ total: z.number(), rank: z.number(), grade: z.enum(ASSESSMENT_GRADES) }), after: z.object({ total: z.number(), rank: z.number(), grade: z.enum(ASSESSMENT_GRADES) }), moved: z.number(), delta: z.number() })), moved: z.number() });
export const FileObjectionResult = z.object({ id: z.number(), countyId: z.number(), orgId: z.number(), status: ObjectionStatus, reason: z.string(), decidedAt: Timestamp.nullable(), schemeId: z.number(), entryId: z.number(), filedBy: z.number().nullable(), filedByName: z.string(), filedAt: Timestamp, decision: z.string().nullable(), decidedByName: z.string().nullable(), correctionEntryId: z.number().nullable() });
export const DecideObjectionResult = z.object({ id: z.number(), countyId: z.number(), schemeId: z.number(), orgId: z.number(), entryId: z.number(), reason: z.string(), filedBy: z.number().nullable(), filedByName: z.string(), filedAt: Timestamp, status: ObjectionStatus, decision: z.string().nullable(), decidedByName: z.string().nullable(), decidedAt: Timestamp.nullable(), correctionEntryId: z.number().nullable() });
export const RecordActionResult = z.object({ id: z.number(), countyId: z.number(), createdAt: Timestamp, body: z.string().nullable(), title: z.string(), orgId: z.number().nullable(), createdBy: z.number().nullable(), followUp: z.string().nullable(), kind: z.enum(ACTION_KINDS), schemeId: z.number(), decision: z.string().nullable(), docNo: z.string().nullable(), happenedOn: z.string(), persons: z.string().nullable(), problems: z.string().nullable(), commitments: z.string().nullable(), createdByName: z.string() });

export const assessmentApi = {
  'GET /api/assessment/schemes': route({ summary: '考核方案列表', query: z.object({ year: Year.optional() }), response: z.array(SchemeListItem) }),
  'POST /api/assessment/schemes': route({ summary: '新建考核方案（由模板、空白或上级方案生成，为草稿）', body: SchemeFields, status: 201, response: CreateSchemeResult }),
  'GET /api/assessment/schemes/:id': route({ summary: '考核方案（指标树、考核对象、与上级方案的差异）', params: IdParam, response: SchemeDetail }),
  'PUT /api/assessment/schemes/:id': route({ summary: '修改草稿方案的设置', params: IdParam, body: SchemeFields.partial().extend({ rev: z.number().int(), deviationApproval: z.string().trim().max(500).nullish() }), response: UpdateSchemeResult }),
  'PUT /api/assessment/schemes/:id/indicators': route({ summary: '保存草稿方案的指标树（整体替换）', params: IdParam, body: z.object({ rev: z.number().int(), indicators: z.array(Indicator).min(1, '至少一个指标').max(300) }), response: z.object({ rev: z.number() }) }),
  'POST /api/assessment/schemes/:id/publish': route({ summary: '发布方案（锁定，开始计分）', params: IdParam, body: Rev, response: UpdateSchemeResult }),
  'POST /api/assessment/schemes/:id/copy': route({ summary: '复制为新版本或下一年度方案（草稿）', params: IdParam, body: z.object({ year: z.number().int().min(2000).max(2100).optional(), name: z.string().trim().min(2).max(80).optional() }), status: 201, response: CreateSchemeResult }),
  'POST /api/assessment/schemes/:id/advance': route({ summary: '推进考核阶段：评分 → 审核 → 结果公示（异议期） → 定稿', params: IdParam, body: Rev.extend({ to: z.enum(SCHEME_STATUSES) }), response: UpdateSchemeResult }),
  'GET /api/assessment/schemes/:id/entries': route({ summary: '得分台账', params: IdParam, query: PageQuery.extend({
    orgId: z.coerce.number().int().positive().optional(), indicatorId: z.coerce.number().int().positive().optional(), channel: z.string().max(20).optional() }), response: Page(LedgerEntry) }),
  'GET /api/assessment/schemes/:id/entries/export': route({ summary: '导出得分台账', params: IdParam, query: z.object({
    orgId: z.coerce.number().int().positive().optional() }), response: file('xlsx') }),
  'GET /api/assessment/schemes/:id/verify': route({ summary: '校验得分台账的哈希链', params: IdParam, response: z.union([z.object({ ok: z.boolean(), count: z.number() }), z.object({ ok: z.boolean(), entryId: z.number(), seq: z.number(), message: z.string() })]) }),
  'POST /api/assessment/schemes/:id/entries/:entryId/reverse': route({ summary: '更正：追加一条冲销记录（须写原因）', params: IdParam.extend({ entryId: z.coerce.number().int().positive() }), body: z.object({ reason: Text('更正原因', 200) }), status: 201, response: ReverseEntryResult }),
  'POST /api/assessment/schemes/:id/scores': route({ summary: '评分、加分或记录否决事项', params: IdParam, body: z.object({ ...OrgIndicator, points: Points, reason: Text('评分依据', 500) }), status: 201, response: ReverseEntryResult }),
  'POST /api/assessment/schemes/:id/metrics': route({ summary: '按平台数据计分（组织生活达标率、培训覆盖率等）', params: IdParam, response: z.object({ entries: z.number() }) }),
  'GET /api/assessment/schemes/:id/findings': route({ summary: '督查发现', params: IdParam, response: z.array(AssessmentFinding) }),
  'POST /api/assessment/schemes/:id/findings': route({ summary: '记录督查发现（按次扣分）', params: IdParam, body: z.object({
    ...OrgIndicator, team: Text('督查组', 60), foundOn: IsoDate, description: Text('问题描述', 1000), occurrences: z.number().int().min(1, '次数至少 1').max(50).default(1) }), status: 201, response: RecordFindingResult }),
  'GET /api/assessment/daily-records': route({ summary: '日常记实（报送单位看本单位，审核人看全部）', query: PageQuery.extend({
    schemeId: z.coerce.number().int().positive().optional(), status: z.enum(['submitted', 'approved', 'rejected']).optional(), orgId: z.coerce.number().int().positive().optional() }), response: Page(DailyRecordListItem) }),
  'POST /api/assessment/daily-records': route({ summary: '报送日常记实', body: z.object({
    schemeId: z.number().int().positive(), ...OrgIndicator, title: Text('标题', 80), content: Text('工作内容', 4000), doneOn: IsoDate }), status: 201, response: SubmitDailyRecordResult }),
  'POST /api/assessment/daily-records/:id/review': route({ summary: '审核日常记实：通过（计分）或退回（须写原因）', params: IdParam, body: z.object({
    approve: z.boolean(), points: z.number().positive('分值须大于 0').max(100).nullish(), note: z.string().trim().max(500).nullish() }), response: ReviewDailyRecordResult }),
  'POST /api/assessment/daily-records/:id/attachments': route({ summary: '上传日常记实的佐证材料（照片、扫描件；可选）', params: IdParam, multipart: true, status: 201, response: z.array(Attachment) }),
  'GET /api/assessment/daily-records/:id/files/:fileId': route({ summary: '查看日常记实的佐证材料', params: FileParam, response: file('stored') }),
  'POST /api/assessment/findings/:id/attachments': route({ summary: '上传督查发现的佐证材料（照片、扫描件；可选）', params: IdParam, multipart: true, status: 201, response: z.array(Attachment) }),
  'GET /api/assessment/findings/:id/files/:fileId': route({ summary: '查看督查发现的佐证材料', params: FileParam, response: file('stored') }),
  'GET /api/assessment/schemes/:id/duty/:indicatorId': route({ summary: '述职评议汇总', params: IdParam.extend({ indicatorId: z.coerce.number().int().positive() }), response: z.array(DutySummaryItem) }),
  'POST /api/assessment/schemes/:id/duty-scores': route({ summary: '述职评议打分（每位评议人每单位一次）', params: IdParam, body: z.object({
    ...OrgIndicator, score: z.number({ error: '请填写评分' }).min(0).max(1000) }), status: 201, response: RecordDutyScoreResult }),
  'POST /api/assessment/schemes/:id/duty/:indicatorId/finalize': route({ summary: '述职评议平均分记入台账', params: IdParam.extend({ indicatorId: z.coerce.number().int().positive() }), response: z.object({ entries: z.number() }) }),
  'GET /api/assessment/schemes/:id/campaigns': route({ summary: '年末测评（各组发票数、投票率）', params: IdParam, response: z.array(CampaignsItem) }),
  'POST /api/assessment/schemes/:id/campaigns': route({ summary: '发起年末测评，生成一次性测评票（口令只在此时返回）', params: IdParam, body: z.object({
    name: Text('测评名称', 60), indicatorId: z.number().int().positive(), opensAt: z.string().datetime({ offset: true, error: '开始时间格式有误' }),
    closesAt: z.string().datetime({ offset: true, error: '截止时间格式有误' }),
    groups: z.array(z.object({ name: Text('测评组名称', 20), weight: z.number().positive('权重须大于 0').max(1), count: z.number().int().min(1, '票数至少 1').max(2000) })).min(1).max(8) }), status: 201, response: CreateCampaignResult }),
  'POST /api/assessment/campaigns/:id/count': route({ summary: '测评结束后计票，得分记入台账', params: IdParam, response: z.object({ entries: z.number() }) }),
  'GET /api/ballot/:token': route({ summary: '测评票（公开：凭一次性口令，无需登录）', params: z.object({ token: z.string().min(1).max(64) }), response: BallotByToken }),
  'POST /api/ballot/:token': route({ summary: '投票（每票一次，匿名）', params: z.object({ token: z.string().min(1).max(64) }), body: z.object({
    marks: z.array(z.object({ orgId: z.number().int().positive(), choice: z.number().int().min(0).max(9) })).max(2000) }), response: Ok }),
  'GET /api/assessment/schemes/:id/results': route({ summary: '总分、分类排名与等次（由台账即时计算）', params: IdParam, query: z.object({ groupKey: z.string().max(30).optional() }), response: Results }),
  'GET /api/assessment/schemes/:id/results/export': route({ summary: '导出排名与等次', params: IdParam, response: file('xlsx') }),
  'GET /api/assessment/schemes/:id/orgs/:orgId/explain': route({ summary: '得分说明：沿指标树到每条台账记录及其依据', params: IdParam.extend({ orgId: z.coerce.number().int().positive() }), response: Explain }),
  'POST /api/assessment/schemes/:id/what-if': route({ summary: '模拟测算：草稿方案的权重、分值、等次线对排名的影响', params: IdParam, body: z.object({
    gradeRule: GradeRule.optional(), weights: z.record(z.string(), z.number().positive().max(10)).optional(), maxPoints: z.record(z.string(), z.number().min(0).max(1000)).optional(),
    bonusCap: z.number().min(0).max(50).optional() }), response: WhatIfResult }),
  'GET /api/assessment/cascade': route({ summary: '下级党（工）委的考核（一级抓一级）', query: z.object({ year: Year.optional() }), response: z.array(CascadeScheme) }),
  'GET /api/assessment/schemes/:id/objections': route({ summary: '异议', params: IdParam, response: z.array(ObjectionListItem) }),
  'POST /api/assessment/schemes/:id/objections': route({ summary: '对一条得分记录提出异议（异议期内）', params: IdParam, body: z.object({
    entryId: z.number().int().positive(), reason: Text('异议理由', 1000) }), status: 201, response: FileObjectionResult }),
  'POST /api/assessment/objections/:id/decide': route({ summary: '处理异议（成立则冲销原记录，可重新计分）', params: IdParam, body: z.object({
    upheld: z.boolean(), decision: Text('处理意见', 500), points: z.number().min(-1000).max(1000).nullish() }), response: DecideObjectionResult }),
  'GET /api/assessment/graded': route({ summary: '考核“好”等次等：所选年度已公布方案中各等次的单位（驾驶舱数字对应的名单）', query: GradedQuery, response: z.object({ items: z.array(GradedItem), total: z.number() }) }),
  'GET /api/assessment/graded/export': route({ summary: '导出考核等次名单', query: GradedQuery, response: file('xlsx') }),
  'GET /api/assessment/schemes/:id/corrections': route({ summary: '计算口径更正记录：各次更正变动的单位，以及据原等次作出、需复核的问责', params: IdParam, response: z.array(Correction) }),
  'POST /api/assessment/schemes/:id/corrections': route({ summary: '对已定稿方案按现行口径更正平台数据得分（写入更正记录，重排名次和等次）', params: IdParam,
    body: z.object({ reason: Text('更正理由', 200) }), status: 201, response: z.object({ id: z.number(), entries: z.number(), changed: z.number(), gradesChanged: z.number() }) }),
  'GET /api/assessment/actions': route({ summary: '问责（通报、约谈、取消评优、组织调整）', query: z.object({
    schemeId: z.coerce.number().int().positive().optional(), kind: z.enum(ACTION_KINDS).optional(), year: Year.optional() }), response: z.array(ActionListItem) }),
  'GET /api/assessment/actions/export': route({ summary: '导出问责台账', query: z.object({ schemeId: z.coerce.number().int().positive().optional(), year: Year.optional() }), response: file('xlsx') }),
  'POST /api/assessment/schemes/:id/actions': route({ summary: '记录约谈、取消评优或组织调整', params: IdParam, body: z.object({
    kind: z.enum(['interview', 'honour_ban', 'adjustment'], { error: '请选择类型' }), orgId: z.number({ error: '请选择党组织' }).int().positive(), title: Text('事由', 100),
    happenedOn: IsoDate, persons: z.string().trim().max(200).nullish(), problems: z.string().trim().max(2000).nullish(), commitments: z.string().trim().max(2000).nullish(),
    followUp: z.string().trim().max(2000).nullish(), decision: z.string().trim().max(1000).nullish() }), status: 201, response: RecordActionResult }),
  'POST /api/assessment/schemes/:id/circulars': route({ summary: '生成专项通报（Word）', params: IdParam, body: z.object({
    docNo: Text('文号', 40), title: Text('标题', 100), body: Text('正文', 5000), happenedOn: IsoDate }), status: 201, response: RecordActionResult }),
  'GET /api/assessment/actions/:id/docx': route({ summary: '下载专项通报 .docx', params: IdParam, response: file('docx') }),
} as const;

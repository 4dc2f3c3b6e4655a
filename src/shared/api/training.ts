import { z } from 'zod';
import { CLASS_PHASES, CLASS_TYPES, ENROLLMENT_STATUSES, LEAVE_STATUSES, QUESTION_KINDS, TARGET_GROUPS } from '../codes.js';
import { IdParam, IsoDate, Num, Page, PageQuery, Timestamp, file, group } from './common.js';

const Year = z.coerce.number().int().min(2000).max(2100);
const Time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:MM');
const Hours = z.number({ error: '请填写学时' }).positive('学时须大于 0').max(200);
const PlanItem = z.object({
  year: Year, name: z.string().trim().min(2, '请填写培训班名称').max(80), classType: z.enum(CLASS_TYPES, { error: '请选择培训类型' }),
  targetGroup: z.enum(TARGET_GROUPS, { error: '请选择培训对象' }), plannedMonth: z.number().int().min(1, '计划月份为 1–12').max(12, '计划月份为 1–12'),
  days: z.number({ error: '请填写天数' }).int().min(1, '天数至少 1 天').max(90), quota: z.number({ error: '请填写人数' }).int().min(1, '计划人数至少 1 人').max(5000),
  organiser: z.string().trim().min(2, '请填写主办单位').max(60), budget: z.number().min(0, '预算不能为负').nullish(),
});
const ClassFields = z.object({
  planItemId: z.number().int().positive().nullish(), name: z.string().trim().min(2, '请填写培训班名称').max(80),
  classType: z.enum(CLASS_TYPES, { error: '请选择培训类型' }), targetGroup: z.enum(TARGET_GROUPS, { error: '请选择培训对象' }),
  startsOn: IsoDate, endsOn: IsoDate, venue: z.string().trim().max(80).nullish(), organiserOrgId: z.number({ error: '请选择主办单位' }).int().positive(),
  headTeacher: z.string().trim().max(30).nullish(), capacity: z.number({ error: '请填写容量' }).int().min(1, '容量至少 1 人').max(2000),
  lateMinutes: z.number().int().min(0).max(120).optional(), passMark: z.number().int().min(0).max(1000).optional(),
  testMinutes: z.number().int().min(5, '答题时间至少 5 分钟').max(240).optional(), testAttempts: z.number().int().min(1).max(3).optional(),
  requireReflection: z.boolean().optional(), notice: z.string().trim().max(2000).nullish(),
});
const CoverageQuery = z.object({ year: Year.optional(), targetGroup: z.enum(TARGET_GROUPS).optional(), under: z.coerce.number().int().positive().optional() });

const route = group(['干部教育培训']);

export const Plan = z.object({ year: z.number(), items: z.array(z.object({ id: z.number(), year: z.number(), name: z.string(), classType: z.enum(CLASS_TYPES), targetGroup: z.enum(TARGET_GROUPS), plannedMonth: z.number(), days: z.number(), quota: z.number(), organiser: z.string(), budget: z.number().nullable(), version: z.number(), classes: z.number(), held: z.number(), trainees: z.number() })), planned: z.number(), held: z.number(), rate: z.number().nullable() });
export const CreatePlanItemResult = z.object({ id: z.number(), countyId: z.number(), name: z.string(), version: z.number(), createdAt: Timestamp, createdBy: z.number().nullable(), year: z.number(), classType: z.enum(CLASS_TYPES), targetGroup: z.enum(TARGET_GROUPS), plannedMonth: z.number(), days: z.number(), quota: z.number(), organiser: z.string(), budget: Num.nullable() });
export const UpdatePlanItemResult = z.object({ id: z.number(), countyId: z.number(), year: z.number(), name: z.string(), classType: z.enum(CLASS_TYPES), targetGroup: z.enum(TARGET_GROUPS), plannedMonth: z.number(), days: z.number(), quota: z.number(), organiser: z.string(), budget: Num.nullable(), version: z.number(), createdBy: z.number().nullable(), createdAt: Timestamp });
export const ClassListItem = z.object({ id: z.number(), name: z.string(), classType: z.enum(CLASS_TYPES), targetGroup: z.enum(TARGET_GROUPS), startsOn: z.string(),
  endsOn: z.string(), venue: z.string().nullable(), capacity: z.number(), organiser: z.string(), enrolled: z.number(), completed: z.number(), phase: z.enum(CLASS_PHASES) });
export const CreateClassResult = z.object({ id: z.number(), countyId: z.number(), name: z.string(), version: z.number(), createdAt: Timestamp, status: z.enum(["finished", "running", "enrolling"]), createdBy: z.number().nullable(), classType: z.enum(CLASS_TYPES), targetGroup: z.enum(TARGET_GROUPS), startsOn: z.string(), endsOn: z.string(), planItemId: z.number().nullable(), venue: z.string().nullable(), organiserOrgId: z.number(), headTeacher: z.string().nullable(), capacity: z.number(), lateMinutes: z.number(), passMark: z.number(), testMinutes: z.number(), testAttempts: z.number(), requireReflection: z.boolean(), notice: z.string().nullable(), leaveLimit: Num });
export const Class = z.object({ canManage: z.boolean(), canNominate: z.boolean(), enrolled: z.number(), confirmed: z.number(), completed: z.number(), leaveLimit: z.number(), organiserName: z.string(), phase: z.enum(CLASS_PHASES), quotas: z.array(z.object({ id: z.number(), orgId: z.number(), orgName: z.string(), quota: z.number(), used: z.number() })), sessions: z.array(z.object({ id: z.number(), heldOn: z.string(), startsAt: z.string(), endsAt: z.string(), studyHours: z.number(), courseId: z.number(), title: z.string(), teacher: z.string(), checkedIn: z.number() })), totalHours: z.number(), paper: z.object({ id: z.number(), questions: z.number(), pointsEach: z.number() }).nullable(), id: z.number(), countyId: z.number(), planItemId: z.number().nullable(), name: z.string(), classType: z.enum(CLASS_TYPES), targetGroup: z.enum(TARGET_GROUPS), startsOn: z.string(), endsOn: z.string(), venue: z.string().nullable(), organiserOrgId: z.number(), headTeacher: z.string().nullable(), capacity: z.number(), lateMinutes: z.number(), passMark: z.number(), testMinutes: z.number(), testAttempts: z.number(), requireReflection: z.boolean(), notice: z.string().nullable(), status: z.enum(["finished", "running", "enrolling"]), version: z.number(), createdBy: z.number().nullable(), createdAt: Timestamp });
export const UpdateClassResult = z.object({ id: z.number(), countyId: z.number(), planItemId: z.number().nullable(), name: z.string(), classType: z.enum(CLASS_TYPES), targetGroup: z.enum(TARGET_GROUPS), startsOn: z.string(), endsOn: z.string(), venue: z.string().nullable(), organiserOrgId: z.number(), headTeacher: z.string().nullable(), capacity: z.number(), leaveLimit: Num, lateMinutes: z.number(), passMark: z.number(), testMinutes: z.number(), testAttempts: z.number(), requireReflection: z.boolean(), notice: z.string().nullable(), status: z.enum(["finished", "running", "enrolling"]), version: z.number(), createdBy: z.number().nullable(), createdAt: Timestamp });
export const MyQuotasItem = z.object({ orgId: z.number(), orgName: z.string(), quota: z.number(), used: z.number() });
export const RosterEntry = z.object({ id: z.number(), memberId: z.number(), name: z.string(), gender: z.string(), orgName: z.string(), quotaOrgName: z.string().nullable(),
  status: z.enum(ENROLLMENT_STATUSES), reason: z.string().nullable(), completed: z.boolean().nullable(), completionNote: z.string().nullable(), completedHours: z.number().nullable(),
  certificateSerial: z.string().nullable(), confirmedAt: Timestamp.nullable(), certificateCode: z.string().nullable() });
export const Roster = z.object({ items: z.array(RosterEntry), organiser: z.boolean() });
export const CheckinMethod = z.enum(['scan', 'manual']);
export const AttendanceEntry = z.object({ enrollmentId: z.number(), name: z.string(), orgName: z.string(), checkedAt: Timestamp.nullable(), isLate: z.boolean().nullable(),
  method: CheckinMethod.nullable(), reason: z.string().nullable(), onLeave: z.boolean() });
export const LeaveRequest = z.object({ id: z.number(), enrollmentId: z.number(), name: z.string(), sessionIds: z.array(z.number()), reason: z.string(), status: z.enum(LEAVE_STATUSES),
  decisionNote: z.string().nullable(), createdAt: Timestamp, hours: z.number() });
export const ReflectionStatus = z.enum(['submitted', 'accepted', 'returned']);
export const Reflection = z.object({ id: z.number(), enrollmentId: z.number(), name: z.string(), text: z.string(), fileId: z.number().nullable(), fileName: z.string().nullable(),
  status: ReflectionStatus, reviewNote: z.string().nullable(), submittedAt: Timestamp });
export const NominateResult = z.object({ id: z.number(), classId: z.number(), memberId: z.number(), quotaOrgId: z.number().nullable(), status: z.enum(ENROLLMENT_STATUSES), reason: z.string().nullable(), substituteFor: z.number().nullable(), nominatedBy: z.number().nullable(), createdAt: Timestamp, completed: z.boolean().nullable(), completionNote: z.string().nullable(), completedHours: Num.nullable(), confirmedBy: z.number().nullable(), confirmedAt: Timestamp.nullable(), certificateSerial: z.string().nullable(), certificateCode: z.string().nullable() });
export const CoursesItem = z.object({ id: z.number(), countyId: z.number(), title: z.string(), teacher: z.string(), materials: z.string().nullable(), createdAt: Timestamp });
export const AddSessionResult = z.object({ secret: z.undefined(), id: z.number(), heldOn: z.string(), classId: z.number(), startsAt: z.string(), endsAt: z.string(), studyHours: Num, courseId: z.number() });
export const CurrentToken = z.object({ sessionId: z.number(), checkedIn: z.number(), expected: z.number(), window: z.object({ open: z.boolean(), late: z.boolean() }), token: z.string(), expiresAt: z.number() });
export const CheckInFastResult = z.object({ id: z.number(), checkedAt: z.union([z.string(), Timestamp]), isLate: z.boolean(), repeated: z.boolean(), className: z.string(), sessionId: z.number() });
export const ManualCheckInResult = z.object({ id: z.number(), method: CheckinMethod, reason: z.string().nullable(), isLate: z.boolean(), enrollmentId: z.number(), sessionId: z.number(), checkedAt: Timestamp, recordedBy: z.number().nullable() });
export const DecideLeaveResult = z.object({ id: z.number(), enrollmentId: z.number(), sessionIds: z.array(z.number()), reason: z.string(), status: z.enum(LEAVE_STATUSES), decidedBy: z.number().nullable(), decidedAt: Timestamp.nullable(), decisionNote: z.string().nullable(), createdAt: Timestamp });
export const ReviewReflectionResult = z.object({ id: z.number(), status: ReflectionStatus });
export const EvaluationResults = z.object({ answers: z.number(), expected: z.number(), overall: z.number().nullable(), satisfaction: z.number().nullable(), courses: z.array(z.object({ courseId: z.number(), title: z.string(), teacher: z.string(), answers: z.number(), score: z.number() })), teachers: z.array(z.object({ teacher: z.string(), score: z.number(), answers: z.number() })), comments: z.array(z.string()) });
export const QuestionsItem = z.object({ id: z.number(), countyId: z.number(), kind: z.enum(QUESTION_KINDS), stem: z.string(), options: z.array(z.string()), answer: z.array(z.number()), topic: z.string().nullable(), createdAt: Timestamp });
export const SetPaperResult = z.object({ id: z.number(), questions: z.number(), fullMarks: z.number() });
export const Completion = z.object({ classId: z.number(), totalHours: z.number(), sessionsHeld: z.number(), sessionsTotal: z.number(), finished: z.boolean(), items: z.array(z.object({ attendedHours: z.number(), leaveHours: z.number(), absentHours: z.number(), proposed: z.boolean(), reasons: z.array(z.string()), enrollmentId: z.number(), name: z.string(), orgName: z.string(), checked: z.array(z.number()), leaveSessions: z.array(z.number()), passed: z.boolean(), reflection: z.boolean(), completed: z.boolean().nullable(), confirmedAt: z.string().nullable(), certificateSerial: z.string().nullable() })) });
export const MyClassesItem = z.object({ phase: z.enum(CLASS_PHASES), classId: z.number(), enrollmentId: z.number(), name: z.string(), startsOn: z.string(), endsOn: z.string(), venue: z.string().nullable(), completed: z.boolean().nullable(), certificateCode: z.string().nullable(), notice: z.string().nullable() });
export const MySession = z.object({ id: z.number(), heldOn: z.string(), startsAt: z.string(), endsAt: z.string(), studyHours: z.number(), courseId: z.number(), title: z.string(),
  teacher: z.string(), checkedAt: Timestamp.nullable(), isLate: z.boolean().nullable(), leave: z.enum(LEAVE_STATUSES).nullable(), leaveNote: z.string().nullable() });
export const MyClass = z.object({ classId: z.number(), enrollmentId: z.number(), name: z.string(), startsOn: z.string(), endsOn: z.string(), venue: z.string().nullable(), notice: z.string().nullable(), phase: z.enum(CLASS_PHASES), sessions: z.array(MySession), evaluated: z.boolean(), reflection: z.object({ id: z.number(), status: ReflectionStatus, reviewNote: z.string().nullable(), submittedAt: Timestamp }).nullable(), attempts: z.array(z.object({ id: z.number(), score: z.number().nullable(), passed: z.boolean().nullable(), submittedAt: Timestamp.nullable(), deadline: Timestamp })), hasTest: z.boolean(), testAttempts: z.number(), testMinutes: z.number(), passMark: z.number(), completed: z.boolean().nullable(), completionNote: z.string().nullable(), completedHours: z.number().nullable(), certificateCode: z.string().nullable() });
export const RequestLeaveResult = z.object({ id: z.number(), createdAt: Timestamp, status: z.enum(LEAVE_STATUSES), reason: z.string(), enrollmentId: z.number(), sessionIds: z.array(z.number()), decidedBy: z.number().nullable(), decidedAt: Timestamp.nullable(), decisionNote: z.string().nullable() });
export const StartAttemptResult = z.object({ attemptId: z.number(), deadline: Timestamp, pointsEach: z.number(), passMark: z.number(), questions: z.array(z.object({ id: z.number(), kind: z.enum(QUESTION_KINDS), stem: z.string(), options: z.array(z.string()) })) });
export const SubmitAttemptResult = z.object({ score: z.number(), passed: z.boolean(), passMark: z.number(), fullMarks: z.number() });
export const TrainingRecord = z.object({ memberId: z.number(), name: z.string(), orgName: z.string(), year: z.number(), required: z.number(), classHours: z.number(), entryHours: z.number(), total: z.number(), met: z.boolean(), classes: z.array(z.object({ classId: z.number(), name: z.string(), startsOn: z.string(), endsOn: z.string(), completed: z.boolean().nullable(), hours: z.number().nullable(), attendedHours: z.number(), certificateCode: z.string().nullable(), enrollmentId: z.number() })), entries: z.array(z.object({ hours: z.number(), id: z.number(), memberId: z.number(), studiedOn: z.string(), title: z.string(), provider: z.string().nullable(), fileId: z.number().nullable(), status: z.enum(LEAVE_STATUSES), decidedBy: z.number().nullable(), decisionNote: z.string().nullable(), createdBy: z.number().nullable(), createdAt: Timestamp })) });
export const AddStudyEntryResult = z.object({ id: z.number(), memberId: z.number(), createdAt: Timestamp, title: z.string(), status: z.enum(LEAVE_STATUSES), createdBy: z.number().nullable(), fileId: z.number().nullable(), decidedBy: z.number().nullable(), decisionNote: z.string().nullable(), hours: Num, studiedOn: z.string(), provider: z.string().nullable() });
export const StudyEntryListItem = z.object({ id: z.number(), name: z.string(), orgName: z.string(), studiedOn: z.string(), title: z.string(), provider: z.string().nullable(),
  hours: z.number(), status: z.enum(LEAVE_STATUSES), fileId: z.number().nullable() });
export const StudyEntries = z.object({ items: z.array(StudyEntryListItem) });
export const DecideStudyEntryResult = z.object({ id: z.number(), memberId: z.number(), studiedOn: z.string(), title: z.string(), provider: z.string().nullable(), hours: Num, fileId: z.number().nullable(), status: z.enum(LEAVE_STATUSES), decidedBy: z.number().nullable(), decisionNote: z.string().nullable(), createdBy: z.number().nullable(), createdAt: Timestamp });
export const Coverage = z.object({ items: z.array(z.object({ rate: z.number().nullable(), id: z.number(), name: z.string(), orgType: z.string(), target: z.number(), trained: z.number(), hours: z.number() })), score: z.number().nullable(), satisfaction: z.number().nullable(), classes: z.number(), year: z.number(), targetGroup: z.enum(TARGET_GROUPS), under: z.object({ id: z.number(), name: z.string() }).nullable(), target: z.number(), trained: z.number(), rate: z.number().nullable() });

export const Untrained = z.object({ memberId: z.number(), name: z.string(), orgName: z.string(), posts: z.string(), inTraining: z.string().nullable() });

export const trainingApi = {
  'GET /api/training/plan': route({ summary: '年度培训计划（含完成进度）', query: z.object({ year: Year.optional() }), response: Plan }),
  'GET /api/training/plan/export': route({ summary: '导出年度培训计划', query: z.object({ year: Year.optional() }), response: file('xlsx') }),
  'POST /api/training/plan': route({ summary: '新增培训计划项目', body: PlanItem, status: 201, response: CreatePlanItemResult }),
  'PUT /api/training/plan/:id': route({ summary: '修改培训计划项目', params: IdParam, body: PlanItem.extend({ version: z.number().int() }), response: UpdatePlanItemResult }),
  'POST /api/training/plan/copy': route({ summary: '复制上年度计划为新年度计划', body: z.object({ fromYear: Year, toYear: Year }), status: 201, response: z.object({ copied: z.number() }) }),
  'GET /api/training/classes': route({ summary: '培训班列表', query: PageQuery.extend({
    year: Year.optional(), keyword: z.string().trim().max(40).optional(), classType: z.enum(CLASS_TYPES).optional() }), response: Page(ClassListItem) }),
  'POST /api/training/classes': route({ summary: '开设培训班（可由计划项目生成）', body: ClassFields, status: 201, response: CreateClassResult }),
  'GET /api/training/classes/:id': route({ summary: '培训班详情（名额、课程安排、人数）', params: IdParam, response: Class }),
  'PUT /api/training/classes/:id': route({ summary: '修改培训班', params: IdParam, body: ClassFields.partial().extend({ version: z.number().int() }), response: UpdateClassResult }),
  'PUT /api/training/classes/:id/quotas': route({ summary: '分配调训名额', params: IdParam, body: z.object({
    quotas: z.array(z.object({ orgId: z.number().int().positive(), quota: z.number().int().min(0, '名额不能为负').max(2000) })).max(500) }), response: z.object({ quotas: z.number(), total: z.number() }) }),
  'GET /api/training/classes/:id/my-quotas': route({ summary: '本单位可用的名额', params: IdParam, response: z.array(MyQuotasItem) }),
  'GET /api/training/classes/:id/roster': route({ summary: '学员名单', params: IdParam, query: z.object({
    status: z.enum(['nominated', 'confirmed', 'withdrawn']).optional(), quotaOrgId: z.coerce.number().int().positive().optional() }), response: Roster }),
  'GET /api/training/classes/:id/roster/export': route({ summary: '导出学员名单', params: IdParam, response: file('xlsx') }),
  'POST /api/training/classes/:id/nominations': route({ summary: '推荐学员（占本单位名额；可替换已推荐的人）', params: IdParam, body: z.object({
    memberId: z.number({ error: '请选择党员' }).int().positive(), quotaOrgId: z.number({ error: '请选择名额所属单位' }).int().positive(),
    substituteFor: z.number().int().positive().nullish(), reason: z.string().trim().max(200).nullish() }), status: 201, response: NominateResult }),
  'POST /api/training/classes/:id/enrollments': route({ summary: '主办单位直接报名', params: IdParam, body: z.object({
    memberId: z.number({ error: '请选择党员' }).int().positive() }), status: 201, response: NominateResult }),
  'POST /api/training/classes/:id/confirm': route({ summary: '确认推荐的学员', params: IdParam, body: z.object({
    enrollmentIds: z.array(z.number().int().positive()).min(1, '请选择学员').max(2000) }), response: z.object({ confirmed: z.number() }) }),
  'POST /api/training/enrollments/:id/withdraw': route({ summary: '撤回学员（须填原因）', params: IdParam, body: z.object({
    reason: z.string().trim().min(2, '请填写撤回原因').max(200) }), response: z.object({ id: z.number(), status: z.string() }) }),
  'GET /api/training/courses': route({ summary: '课程库', response: z.array(CoursesItem) }),
  'POST /api/training/classes/:id/sessions': route({ summary: '安排一节课程', params: IdParam, body: z.object({
    courseId: z.number().int().positive().nullish(), title: z.string().trim().max(80).nullish(), teacher: z.string().trim().max(30).nullish(),
    heldOn: IsoDate, startsAt: Time, endsAt: Time, studyHours: Hours }), status: 201, response: AddSessionResult }),
  'GET /api/training/sessions/:id/token': route({ summary: '签到二维码的当前口令（每 30 秒更换）', params: IdParam, response: CurrentToken }),
  'GET /api/training/sessions/:id/qr': route({ summary: '签到二维码图片（当前口令）', params: IdParam,
    query: z.object({ t: z.string().max(200).optional().describe('当前口令，只为让浏览器在口令更换时重新取图') }), response: file('stored') }),
  'GET /api/training/sessions/:id/attendance': route({ summary: '本节课签到情况', params: IdParam, response: z.array(AttendanceEntry) }),
  'POST /api/training/checkin': route({ summary: '学员扫码签到', body: z.object({ token: z.string({ error: '缺少签到码' }).max(100) }), response: CheckInFastResult }),
  'POST /api/training/sessions/:id/manual-checkin': route({ summary: '补签（须填原因，留痕）', params: IdParam, body: z.object({
    enrollmentId: z.number().int().positive(), reason: z.string().trim().min(2, '请填写补签原因').max(200), late: z.boolean().optional() }), status: 201, response: ManualCheckInResult }),
  'GET /api/training/classes/:id/leaves': route({ summary: '请假申请', params: IdParam, response: z.array(LeaveRequest) }),
  'POST /api/training/leaves/:id/decide': route({ summary: '审批请假', params: IdParam, body: z.object({
    approve: z.boolean(), note: z.string().trim().max(200).nullish() }), response: DecideLeaveResult }),
  'GET /api/training/classes/:id/reflections': route({ summary: '学习心得', params: IdParam, response: z.array(Reflection) }),
  'GET /api/training/reflections/:id/file': route({ summary: '学习心得附件', params: IdParam, response: file('stored') }),
  'POST /api/training/reflections/:id/review': route({ summary: '审阅学习心得', params: IdParam, body: z.object({
    accept: z.boolean(), note: z.string().trim().max(300).nullish() }), response: ReviewReflectionResult }),
  'GET /api/training/classes/:id/evaluation': route({ summary: '评估结果（匿名汇总，按课程和教师）', params: IdParam, response: EvaluationResults }),
  'GET /api/training/questions': route({ summary: '题库', query: PageQuery.extend({
    kind: z.enum(['single', 'multiple', 'judge']).optional(), keyword: z.string().trim().max(40).optional() }), response: Page(QuestionsItem) }),
  'GET /api/training/questions/template': route({ summary: '题库导入模板', response: file('xlsx') }),
  'POST /api/training/questions/import': route({ summary: '导入题库（全部正确才导入）', multipart: true, status: 201, response: z.object({ imported: z.number() }) }),
  'PUT /api/training/classes/:id/paper': route({ summary: '设置结业试卷（指定试题或按题型随机抽取）', params: IdParam, body: z.object({
    questionIds: z.array(z.number().int().positive()).max(200).nullish(),
    draw: z.object({ single: z.number().int().min(0).max(100), multiple: z.number().int().min(0).max(100), judge: z.number().int().min(0).max(100) }).nullish(),
    pointsEach: z.number().int().min(1).max(100) }), response: SetPaperResult }),
  'GET /api/training/classes/:id/test-results': route({ summary: '测试成绩与试题分析', params: IdParam, response: z.union([z.object({ paper: z.null(), trainees: z.array(z.never()), items: z.array(z.never()), average: z.undefined().optional(), passRate: z.undefined().optional() }), z.object({ paper: z.object({ questions: z.number(), fullMarks: z.number() }), trainees: z.array(z.object({ enrollmentId: z.number(), name: z.string(), score: z.number().nullable(), passed: z.boolean().nullable(), tries: z.number() })), average: z.number().nullable(), passRate: z.number().nullable(), items: z.array(z.object({ id: z.number(), kind: z.enum(QUESTION_KINDS), stem: z.string(), answered: z.number(), rightRate: z.number().nullable() })) })]) }),
  'GET /api/training/classes/:id/completion': route({ summary: '结业审核（按规则计算）', params: IdParam, response: Completion }),
  'POST /api/training/classes/:id/completion': route({ summary: '确认结业并生成证书', params: IdParam, body: z.object({
    enrollmentIds: z.array(z.number().int().positive()).min(1, '请选择学员').max(2000) }), response: z.object({ confirmed: z.number(), completed: z.number() }) }),
  'GET /api/training/enrollments/:id/certificate': route({ summary: '结业证书（PDF）', params: IdParam, response: file('pdf') }),
  'GET /verify/:code': route({ summary: "", params: z.object({ code: z.string().max(40) }), hide: true, response: file('stored') }),
  'GET /api/training/me': route({ summary: '我的培训班', response: z.array(MyClassesItem) }),
  'GET /api/training/me/classes/:id': route({ summary: '我的培训班详情（课表、签到、请假、测试、评估、心得）', params: IdParam, response: MyClass }),
  'POST /api/training/me/classes/:id/leaves': route({ summary: '请假', params: IdParam, body: z.object({
    sessionIds: z.array(z.number().int().positive()).min(1, '请选择请假的课程').max(50), reason: z.string().trim().min(2, '请填写请假事由').max(200) }), status: 201, response: RequestLeaveResult }),
  'POST /api/training/me/classes/:id/evaluation': route({ summary: '提交匿名评估（每人一次）', params: IdParam, body: z.object({
    overall: z.number({ error: '请为总体满意度打分' }).int().min(1, '评分为 1–5 分').max(5, '评分为 1–5 分'),
    courseScores: z.array(z.object({ courseId: z.number().int().positive(), score: z.number().int().min(1, '评分为 1–5 分').max(5, '评分为 1–5 分') })).max(100),
    comment: z.string().trim().max(1000).nullish() }), status: 201, response: z.object({ submitted: z.boolean() }) }),
  'POST /api/training/me/classes/:id/reflection': route({ summary: '提交学习心得（可附文件）', params: IdParam, multipart: true, status: 201, response: ReviewReflectionResult }),
  'POST /api/training/me/classes/:id/test': route({ summary: '开始（或继续）结业测试', params: IdParam, response: StartAttemptResult }),
  'POST /api/training/attempts/:id/submit': route({ summary: '交卷', params: IdParam, body: z.object({
    answers: z.record(z.string(), z.array(z.number().int().min(0).max(5)).max(6)) }), response: SubmitAttemptResult }),
  'GET /api/training/records/:id': route({ summary: '个人培训档案（按年）', params: IdParam, query: z.object({ year: Year.optional() }), response: TrainingRecord }),
  'GET /api/training/records/:id/pdf': route({ summary: '个人培训档案（PDF）', params: IdParam, query: z.object({ year: Year.optional() }), response: file('pdf') }),
  'POST /api/training/study-entries': route({ summary: '登记班外学习（网络学习、外出培训等，报审核）', body: z.object({
    studiedOn: IsoDate, title: z.string().trim().min(2, '请填写学习内容').max(100), provider: z.string().trim().max(60).nullish(), hours: Hours }), status: 201, response: AddStudyEntryResult }),
  'GET /api/training/study-entries': route({ summary: '班外学习登记（待审核在前）', query: PageQuery.extend({
    status: z.enum(['pending', 'approved', 'rejected']).optional() }), response: StudyEntries }),
  'POST /api/training/study-entries/:id/decide': route({ summary: '认定班外学习学时', params: IdParam, body: z.object({
    approve: z.boolean(), note: z.string().trim().max(200).nullish() }), response: DecideStudyEntryResult }),
  'GET /api/training/coverage': route({ summary: '培训覆盖率与成效（逐级）', query: CoverageQuery, response: Coverage }),
  'GET /api/training/coverage/export': route({ summary: '导出培训覆盖率', query: CoverageQuery, response: file('xlsx') }),
  'GET /api/training/coverage/untrained': route({ summary: '尚未参训结业的人员名单（覆盖率的分母中未计入分子的人；在训的注明所在班次）',
    query: CoverageQuery.merge(PageQuery), response: Page(Untrained) }),
  'GET /api/training/coverage/untrained/export': route({ summary: '导出尚未参训结业的人员名单', query: CoverageQuery, response: file('xlsx') }),
} as const;

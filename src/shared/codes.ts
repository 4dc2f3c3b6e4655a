/**
 * Every code table of the platform and its Chinese labels, once: the server stores and checks the codes, the web
 * shows the labels, imports match on either (docs/registers.md). A code means one thing within its table; the same
 * word in two tables (plans' self-rating `fair` = 较好, assessment grade `fair` = 一般) is two tables, each named
 * for what it rates. Plain data: no server or UI dependency.
 */

export type CodeTable = { code: string; label: string }[];
const table = <C extends string>(labels: Record<C, string>): { code: C; label: string }[] =>
  (Object.keys(labels) as C[]).map((code) => ({ code, label: labels[code] }));

// ---------------------------------------------------------------- org tree
export const ORG_TYPES = [
  'county_committee', 'sector_committee', 'township_committee', 'grassroots_committee',
  'general_branch', 'branch', 'party_group',
] as const;
export type OrgType = (typeof ORG_TYPES)[number];
export const ORG_TYPE_LABELS: Record<OrgType, string> = {
  county_committee: '县委', sector_committee: '工委', township_committee: '乡镇党委',
  grassroots_committee: '基层党委', general_branch: '党总支', branch: '党支部', party_group: '党小组',
};
/** The parent's type decides which child types make sense. */
export const ALLOWED_CHILDREN: Record<string, readonly string[]> = {
  county_committee: ['sector_committee', 'township_committee', 'grassroots_committee', 'general_branch', 'branch'],
  sector_committee: ['grassroots_committee', 'general_branch', 'branch'],
  township_committee: ['grassroots_committee', 'general_branch', 'branch'],
  grassroots_committee: ['grassroots_committee', 'general_branch', 'branch'],
  general_branch: ['branch'],
  branch: ['party_group'],
  party_group: [],
};
export const ORG_STATUSES = ['active', 'dissolved'] as const;
export type OrgStatus = (typeof ORG_STATUSES)[number];

/** 组织类别 as first seeded; a county may add its own (the org_categories table is the list in force). */
export const CATEGORY_SEED = [
  { code: 'county', label: '县级', sort: 0, isNewEconomicSocial: false },
  { code: 'township', label: '乡镇', sort: 1, isNewEconomicSocial: false },
  { code: 'government_agency', label: '机关', sort: 2, isNewEconomicSocial: false },
  { code: 'public_institution', label: '事业单位', sort: 3, isNewEconomicSocial: false },
  { code: 'enterprise', label: '国有企业', sort: 4, isNewEconomicSocial: false },
  { code: 'village', label: '村', sort: 5, isNewEconomicSocial: false },
  { code: 'community', label: '社区', sort: 6, isNewEconomicSocial: false },
  { code: 'non_public_enterprise', label: '非公企业', sort: 7, isNewEconomicSocial: true },
  { code: 'social_organization', label: '社会组织', sort: 8, isNewEconomicSocial: true },
  { code: 'school', label: '学校', sort: 9, isNewEconomicSocial: false },
  { code: 'hospital', label: '医院', sort: 10, isNewEconomicSocial: false },
];

export const TERM_STATES = ['none', 'ok', 'due_soon', 'overdue'] as const;
export type TermState = (typeof TERM_STATES)[number];
export const TERM_STATE_LABELS: Record<TermState, string> = { none: '未设届期', ok: '届内', due_soon: '即将届满', overdue: '已超期' };

export const STRUCTURE_WARNINGS = ['too_few_full_members', 'too_many_members', 'committee_missing', 'general_branch_small', 'general_branch_large', 'committee_small', 'secretary_vacant'] as const;
export type StructureWarning = (typeof STRUCTURE_WARNINGS)[number];
export const STRUCTURE_WARNING_LABELS: Record<StructureWarning, string> = {
  too_few_full_members: '党支部正式党员不足 3 名', too_many_members: '党支部党员超过 50 名', committee_missing: '应设支委会未设',
  general_branch_small: '党总支党员不足 50 名', general_branch_large: '党总支党员超过 100 名', committee_small: '基层党委党员不足 100 名',
  secretary_vacant: '书记空缺超 3 个月',
};

export const POSTS = [
  'secretary', 'deputy_secretary', 'organization_member', 'publicity_member', 'discipline_member',
  'committee_member', 'full_time_staff', 'group_leader', 'first_secretary',
] as const;
export type Post = (typeof POSTS)[number];
export const POST_LABELS: Record<Post, string> = {
  secretary: '书记', deputy_secretary: '副书记', organization_member: '组织委员', publicity_member: '宣传委员',
  discipline_member: '纪检委员', committee_member: '委员', full_time_staff: '专职党务工作者',
  group_leader: '党小组组长', first_secretary: '第一书记',
};

// ---------------------------------------------------------------- accounts
export const SCOPES = ['all', 'org_and_below', 'own_org', 'self', 'custom'] as const;
export type Scope = (typeof SCOPES)[number];
export const SCOPE_LABELS: Record<Scope, string> = { all: '全县', org_and_below: '本组织及下级', own_org: '本组织', self: '本人', custom: '指定组织' };
export const LOGIN_EVENT_LABELS: Record<string, string> = { login: '登录', logout: '退出', expired: '超时' };

// ---------------------------------------------------------------- members (national code tables, docs/registers.md)
export const GENDERS: CodeTable = [
  { code: '1', label: '男' }, { code: '2', label: '女' }, { code: '0', label: '未知的性别' }, { code: '9', label: '未说明的性别' },
];
const ETHNIC_NAMES = '汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺'.split(' ');
export const ETHNICITIES: CodeTable = [
  ...ETHNIC_NAMES.map((n, i) => ({ code: String(i + 1).padStart(2, '0'), label: `${n}族` })),
  { code: '97', label: '其他' },
  { code: '98', label: '外国血统中国籍人士' },
];
/** Several dumps use 57/58 for 其他/外国血统. */
const ETHNIC_ALIASES: Record<string, string> = { '57': '97', '58': '98', '穿青人': '97' };
export const EDUCATIONS: CodeTable = [
  { code: '11', label: '博士研究生' }, { code: '12', label: '硕士研究生' }, { code: '13', label: '硕士生班' },
  { code: '1A', label: '中央党校研究生' }, { code: '1B', label: '省(区、市)委党校研究生' },
  { code: '21', label: '大学' }, { code: '22', label: '大专' }, { code: '23', label: '大学普通班' },
  { code: '24', label: '第二学士学位班' }, { code: '2A', label: '中央党校大学' }, { code: '2B', label: '省委党校大学' },
  { code: '2C', label: '中央党校大专' }, { code: '2D', label: '省委党校大专' }, { code: '41', label: '中等专科' },
  { code: '44', label: '职业高中' }, { code: '47', label: '技工学校' }, { code: '61', label: '普通高中' },
  { code: '71', label: '初中' }, { code: '81', label: '小学' }, { code: '9', label: '其他' },
];
const EDUCATION_ALIASES: Record<string, string> = {
  '大学本科': '21', '本科': '21', '大学专科': '22', '专科': '22', '研究生': '12', '博士': '11', '硕士': '12',
  '中专': '41', '高中': '61', '中技': '47',
};
export const MEMBER_CATEGORY_CODES = ['full', 'probationary'] as const;
export type MemberCategory = (typeof MEMBER_CATEGORY_CODES)[number];
export const MEMBER_CATEGORY_LABELS: Record<MemberCategory, string> = { full: '正式党员', probationary: '预备党员' };
export const MEMBER_CATEGORIES = table(MEMBER_CATEGORY_LABELS);
export const MEMBER_STATUSES = ['active', 'left'] as const;
/** 停止党籍 is `suspended`; such a member is kept on record but is not a member in any count. */
export const MEMBERSHIP_STATUSES = ['normal', 'suspended'] as const;
export const CONTACT_METHODS = ['phone', 'wechat', 'visit', 'letter', 'other'] as const;
export type ContactMethod = (typeof CONTACT_METHODS)[number];
export const CONTACT_METHOD_LABELS: Record<ContactMethod, string> = { phone: '电话', wechat: '微信', visit: '走访', letter: '信函', other: '其他' };

/** Find a code by code or label; null when nothing matches. */
export function matchCode(codes: CodeTable, raw: string, aliases: Record<string, string> = {}): string | null {
  const v = raw.trim();
  if (!v) return null;
  if (aliases[v]) return aliases[v]!;
  const byCode = codes.find((t) => t.code === v)
    ?? (/^\d+$/.test(v) ? codes.find((t) => /^\d+$/.test(t.code) && Number(t.code) === Number(v)) : undefined);
  if (byCode) return byCode.code;
  const byLabel = codes.find((t) => t.label === v || t.label === `${v}族` || t.label.replace(/族$/, '') === v);
  return byLabel?.code ?? null;
}
/** A matcher that remembers its answers: a roster writes the same few values on every row (汉族, 男, 大学 …). */
function remembered(match: (raw: string) => string | null): (raw: string) => string | null {
  const seen = new Map<string, string | null>();
  return (raw) => {
    let v = seen.get(raw);
    if (v === undefined) {
      v = match(raw);
      if (seen.size >= 2000) seen.clear();
      seen.set(raw, v);
    }
    return v;
  };
}
export const matchEthnicity = remembered((raw: string) => {
  const v = raw.trim();
  const alias = ETHNIC_ALIASES[v];
  if (alias) return alias;
  if (/^\d{1,2}$/.test(v)) {
    const code = v.padStart(2, '0');
    return ETHNICITIES.some((e) => e.code === code) ? code : null;
  }
  return matchCode(ETHNICITIES, v);
});
export const matchGender = remembered((raw) => matchCode(GENDERS, raw));
export const matchEducation = remembered((raw) => matchCode(EDUCATIONS, raw, EDUCATION_ALIASES));
export const matchMemberCategory = remembered((raw: string) =>
  matchCode(MEMBER_CATEGORIES, raw, {
    '正式': 'full', '预备': 'probationary', '1': 'full', '2': 'probationary',
    // 政治面貌 columns say it the way the household register does
    '中共党员': 'full', '中国共产党党员': 'full', '中共预备党员': 'probationary', '中国共产党预备党员': 'probationary',
  }));
export const labelOf = (codes: CodeTable, code: string | null | undefined) =>
  codes.find((t) => t.code === code)?.label ?? code ?? '';

// ---------------------------------------------------------------- organisational life
export const MEETING_TYPES = [
  'general_meeting', 'committee_meeting', 'group_meeting', 'party_lecture', 'themed_party_day', 'life_meeting',
  'member_appraisal', 'heart_talk',
] as const;
export type MeetingType = (typeof MEETING_TYPES)[number];
export const MEETING_LABELS: Record<MeetingType, string> = {
  general_meeting: '支部党员大会', committee_meeting: '支委会', group_meeting: '党小组会', party_lecture: '党课',
  themed_party_day: '主题党日', life_meeting: '组织生活会', member_appraisal: '民主评议党员', heart_talk: '谈心谈话',
};
export const PERIODS = ['month', 'quarter', 'year'] as const;
export type Period = (typeof PERIODS)[number];
export const PERIOD_LABELS: Record<Period, string> = { month: '每月', quarter: '每季度', year: '每年' };
export const ATTENDANCE_STATUSES = ['present', 'leave', 'absent'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];
export const ATTENDANCE_LABELS: Record<AttendanceStatus, string> = { present: '出席', leave: '请假', absent: '缺席' };
/** A cell of the compliance calendar. */
export const CELL_STATES = ['held', 'late', 'below_quorum', 'missing', 'due', 'future', 'not_required'] as const;
export type CellState = (typeof CELL_STATES)[number];
export const CELL_LABELS: Record<CellState, string> = {
  held: '已开展', late: '已开展（补录）', below_quorum: '人数不足', missing: '未开展', due: '待开展', future: '', not_required: '不适用',
};
/** What is still owed for a period, in the missing-meetings list. */
export const MISSING_STATE_LABELS: Record<'missing' | 'due' | 'below_quorum', string> = { missing: '未开展', due: '本期待开展', below_quorum: '人数不足' };
/** 民主评议党员: the four grades of a member's appraisal. */
export const APPRAISAL_GRADES = ['excellent', 'qualified', 'basically_qualified', 'unqualified'] as const;
export type AppraisalGrade = (typeof APPRAISAL_GRADES)[number];
export const APPRAISAL_GRADE_LABELS: Record<AppraisalGrade, string> = { excellent: '优秀', qualified: '合格', basically_qualified: '基本合格', unqualified: '不合格' };

// ---------------------------------------------------------------- training
export const CLASS_TYPES = ['cadre_rotation', 'civil_servant', 'village_secretary', 'party_worker', 'special_topic'] as const;
export type ClassType = (typeof CLASS_TYPES)[number];
export const CLASS_TYPE_LABELS: Record<ClassType, string> = {
  cadre_rotation: '科级干部轮训', civil_servant: '公务员轮训', village_secretary: '村党组织书记培训', party_worker: '党务工作者培训', special_topic: '专题培训',
};
export const TARGET_GROUPS = ['party_workers', 'secretaries', 'cadres', 'civil_servants', 'village_secretaries', 'members'] as const;
export type TargetGroup = (typeof TARGET_GROUPS)[number];
export const TARGET_GROUP_LABELS: Record<TargetGroup, string> = {
  party_workers: '党务工作者', secretaries: '党组织书记', cadres: '科级及以下干部', civil_servants: '公务员', village_secretaries: '村党组织书记', members: '党员',
};
/**
 * Which finished classes count for a population's coverage (rule data): a class for a narrower group also trains the
 * wider one it belongs to — a village secretaries' class trains 党组织书记 and 党务工作者, a secretaries' class trains
 * 党务工作者 (secretaries are party-affairs workers), any class trains a member. A class never counts for a narrower group
 * than its own, except that a general 书记 class serves a village secretary.
 */
export const CLASSES_COUNTING_FOR: Record<TargetGroup, readonly TargetGroup[]> = {
  party_workers: ['party_workers', 'secretaries', 'village_secretaries'],
  secretaries: ['secretaries', 'village_secretaries'],
  village_secretaries: ['village_secretaries', 'secretaries'],
  cadres: ['cadres'],
  civil_servants: ['civil_servants'],
  members: TARGET_GROUPS,
};
export const CLASS_PHASES = ['upcoming', 'running', 'finished'] as const;
export type ClassPhase = (typeof CLASS_PHASES)[number];
export const CLASS_PHASE_LABELS: Record<ClassPhase, string> = { upcoming: '未开班', running: '进行中', finished: '已结束' };
export const ENROLLMENT_STATUSES = ['nominated', 'confirmed', 'withdrawn'] as const;
export type EnrollmentStatus = (typeof ENROLLMENT_STATUSES)[number];
export const ENROLLMENT_STATUS_LABELS: Record<EnrollmentStatus, string> = { nominated: '已推荐', confirmed: '已确认', withdrawn: '已撤回' };
export const LEAVE_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type LeaveStatus = (typeof LEAVE_STATUSES)[number];
export const LEAVE_STATUS_LABELS: Record<LeaveStatus, string> = { pending: '待审批', approved: '已批准', rejected: '未批准' };
export const REFLECTION_STATUSES = ['submitted', 'accepted', 'returned'] as const;
export type ReflectionStatus = (typeof REFLECTION_STATUSES)[number];
export const REFLECTION_STATUS_LABELS: Record<ReflectionStatus, string> = { submitted: '待审阅', accepted: '已通过', returned: '已退回' };
/** Study hours a member reports from outside the platform, and whether the county recognises them. */
export const STUDY_ENTRY_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type StudyEntryStatus = (typeof STUDY_ENTRY_STATUSES)[number];
export const STUDY_ENTRY_STATUS_LABELS: Record<StudyEntryStatus, string> = { pending: '待认定', approved: '已认定', rejected: '不予认定' };
export const QUESTION_KINDS = ['single', 'multiple', 'judge'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];
export const QUESTION_KIND_LABELS: Record<QuestionKind, string> = { single: '单选', multiple: '多选', judge: '判断' };

// ---------------------------------------------------------------- assessment
export const SCHEME_STATUSES = ['draft', 'scoring', 'review', 'objection', 'final'] as const;
export type SchemeStatus = (typeof SCHEME_STATUSES)[number];
export const SCHEME_STATUS_LABELS: Record<SchemeStatus, string> = { draft: '草稿', scoring: '已发布·评分中', review: '审核中', objection: '结果公示（异议期）', final: '已定稿' };
export const METHODS = ['group', 'manual', 'metric', 'deduction', 'bonus', 'veto', 'daily', 'ballot', 'duty'] as const;
export type Method = (typeof METHODS)[number];
export const METHOD_LABELS: Record<Method, string> = {
  group: '分组', manual: '评分', metric: '平台数据', deduction: '扣分（督查发现）', bonus: '加分', veto: '一票否决',
  daily: '日常记实', ballot: '年末测评', duty: '述职评议',
};
export const CHANNELS = ['manual', 'metric', 'inspection', 'daily_record', 'ballot', 'duty_report', 'veto', 'bonus', 'correction'] as const;
export type Channel = (typeof CHANNELS)[number];
export const CHANNEL_LABELS: Record<Channel, string> = {
  manual: '评分', metric: '平台数据', inspection: '督查发现', daily_record: '日常记实', ballot: '年末测评', duty_report: '述职评议',
  veto: '否决事项', bonus: '加分', correction: '更正',
};
/** The four grades of an org's assessment (好 / 较好 / 一般 / 差). */
export const ASSESSMENT_GRADES = ['excellent', 'good', 'fair', 'poor'] as const;
export type AssessmentGrade = (typeof ASSESSMENT_GRADES)[number];
export const ASSESSMENT_GRADE_LABELS: Record<AssessmentGrade, string> = { excellent: '好', good: '较好', fair: '一般', poor: '差' };
export const ACTION_KINDS = ['circular', 'interview', 'honour_ban', 'adjustment'] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];
export const ACTION_KIND_LABELS: Record<ActionKind, string> = { circular: '专项通报', interview: '整改约谈', honour_ban: '取消评优', adjustment: '组织调整' };
export const DAILY_RECORD_STATUSES = ['submitted', 'approved', 'rejected'] as const;
export type DailyRecordStatus = (typeof DAILY_RECORD_STATUSES)[number];
export const DAILY_RECORD_STATUS_LABELS: Record<DailyRecordStatus, string> = { submitted: '待审核', approved: '已通过', rejected: '已退回' };

// ---------------------------------------------------------------- inspections and rectification
export const FINDING_CATEGORIES = ['organization', 'team', 'org_life', 'members', 'institutions', 'venue_funds', 'service', 'other'] as const;
export type FindingCategory = (typeof FINDING_CATEGORIES)[number];
export const FINDING_CATEGORY_LABELS: Record<FindingCategory, string> = {
  organization: '组织设置', team: '班子队伍', org_life: '组织生活', members: '党员管理', institutions: '制度落实',
  venue_funds: '阵地经费', service: '服务群众', other: '其他',
};
export const SEVERITIES = ['minor', 'general', 'serious'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const SEVERITY_LABELS: Record<Severity, string> = { minor: '轻微', general: '一般', serious: '严重' };
export const RECTIFICATION_SOURCES = ['inspection', 'weak_org', 'midterm_review', 'interview', 'complaint', 'other'] as const;
export type RectificationSource = (typeof RECTIFICATION_SOURCES)[number];
export const RECTIFICATION_SOURCE_LABELS: Record<RectificationSource, string> = {
  inspection: '督查发现', weak_org: '软弱涣散整顿', midterm_review: '中期评估', interview: '约谈', complaint: '群众反映', other: '其他',
};
export const RECTIFICATION_STATUSES = ['open', 'in_progress', 'pending_acceptance', 'accepted', 'closed'] as const;
export type RectificationStatus = (typeof RECTIFICATION_STATUSES)[number];
export const RECTIFICATION_STATUS_LABELS: Record<RectificationStatus, string> = {
  open: '待整改', in_progress: '整改中', pending_acceptance: '待验收', accepted: '已验收', closed: '已销号',
};
export const EVENT_KINDS = ['created', 'progress', 'request_acceptance', 'returned', 'accepted', 'closed', 'escalated', 'reminded', 'deadline_changed'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
export const EVENT_KIND_LABELS: Record<EventKind, string> = {
  created: '立项', progress: '报送进展', request_acceptance: '申请验收', returned: '退回', accepted: '验收通过', closed: '销号',
  escalated: '提级督办', reminded: '到期提醒', deadline_changed: '调整期限',
};
/** What a person does to a rectification item (each makes one event). */
export const RECTIFICATION_ACTIONS = ['progress', 'request_acceptance', 'return', 'accept', 'close'] as const;
export type RectificationAction = (typeof RECTIFICATION_ACTIONS)[number];
export const RECTIFICATION_ACTION_LABELS: Record<RectificationAction, string> = {
  progress: '报送整改进展', request_acceptance: '申请验收', return: '退回', accept: '验收通过', close: '销号',
};

// ---------------------------------------------------------------- weak orgs and non-public coverage
export const TRIGGER_KEYS = ['secretary_vacant', 'no_new_members', 'low_satisfaction', 'last_in_assessment', 'election_overdue', 'low_compliance', 'three_lacks'] as const;
export type TriggerKey = (typeof TRIGGER_KEYS)[number];
/** The standard categories of 软弱涣散; a county may add its own. */
export const WEAK_CATEGORIES = [
  ['weak_leadership', '班子软弱、书记不胜任'], ['secretary_vacant', '书记长期空缺'], ['not_united', '班子不团结'],
  ['org_life', '组织生活不经常、不正常'], ['poor_governance', '村务管理混乱、矛盾纠纷突出'], ['interference', '选举或宗族干扰严重'],
  ['petitions', '信访问题突出'], ['poor_service', '服务群众意识差、效果不明显'], ['three_lacks', '集体经济薄弱（“三无”）'], ['other', '其他突出问题'],
] as const;
export const ENTITY_KINDS = ['enterprise', 'social_org'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];
export const ENTITY_KIND_LABELS: Record<EntityKind, string> = { enterprise: '非公有制企业', social_org: '社会组织' };
export const ENTITY_SIZES = ['large', 'medium', 'small', 'micro'] as const;
export type EntitySize = (typeof ENTITY_SIZES)[number];
export const ENTITY_SIZE_LABELS: Record<EntitySize, string> = { large: '大型', medium: '中型', small: '小型', micro: '微型' };
export const COVER_KINDS = ['own', 'joint', 'none'] as const;
export type CoverKind = (typeof COVER_KINDS)[number];
export const COVER_KIND_LABELS: Record<CoverKind, string> = { own: '单独组建', joint: '联合组建', none: '未建' };

// ---------------------------------------------------------------- plans, campaigns
export const PLAN_KINDS = ['three_year', 'five_year', 'work_points'] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];
export const PLAN_KIND_LABELS: Record<PlanKind, string> = { three_year: '三年规划', five_year: '五年规划', work_points: '年度工作要点' };
/** Years a plan of each kind spans. */
export const PLAN_KIND_YEARS: Record<PlanKind, number> = { three_year: 3, five_year: 5, work_points: 1 };
export const ASPECTS = ['organisation', 'leadership', 'workforce', 'institutions', 'platforms', 'mechanisms'] as const;
export type Aspect = (typeof ASPECTS)[number];
export const ASPECT_LABELS: Record<Aspect, string> = {
  organisation: '组织体系建设', leadership: '领导班子建设', workforce: '干部队伍建设', institutions: '制度机制建设', platforms: '阵地载体建设', mechanisms: '保障机制建设',
};
export const COMPARATORS = ['gte', 'lte'] as const;
export type Comparator = (typeof COMPARATORS)[number];
export const TARGET_STATUSES = ['met', 'on_track', 'at_risk', 'behind', 'no_data'] as const;
export type TargetStatus = (typeof TARGET_STATUSES)[number];
export const TARGET_STATUS_LABELS: Record<TargetStatus, string> = { met: '已达标', on_track: '进度正常', at_risk: '有风险', behind: '滞后', no_data: '尚无数据' };
export const TASK_STATUSES = ['open', 'done', 'closed'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const TASK_STATUS_LABELS: Record<TaskStatus, string> = { open: '推进中', done: '待办结', closed: '已办结' };
/** A responsible org's rating of its own progress in a mid-term review (好 / 较好 / 一般). */
export const SELF_RATINGS = ['good', 'fair', 'poor'] as const;
export type SelfRating = (typeof SELF_RATINGS)[number];
export const SELF_RATING_LABELS: Record<SelfRating, string> = { good: '好', fair: '较好', poor: '一般' };
export const GAP_CATEGORIES = ['improve', 'rectify', 'do'] as const;
export type GapCategory = (typeof GAP_CATEGORIES)[number];
export const GAP_LABELS: Record<GapCategory, string> = { improve: '待完善', rectify: '待整改', do: '待落实' };
export const CAMPAIGN_STAGES = ['pilot', 'summary', 'rollout', 'closed'] as const;
export type CampaignStage = (typeof CAMPAIGN_STAGES)[number];
export const STAGE_LABELS: Record<CampaignStage, string> = { pilot: '试点', summary: '总结提炼', rollout: '全面推广', closed: '已结束' };

// ---------------------------------------------------------------- audit
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  create: '新建', update: '修改', move: '调整隶属', dissolve: '撤销', add_post: '任职', end_post: '离任', transfer: '关系转接',
  import: '导入', change_password: '修改密码', reset_password: '重置密码', assign_role: '授权', revoke_role: '撤销授权',
};
export const AUDIT_ENTITY_LABELS: Record<string, string> = { org: '党组织', member: '党员', user: '用户', role: '角色' };

/** Labels shown in the UI; the same code tables as the server's core/codes.ts. */
export const ORG_TYPE_LABELS: Record<string, string> = {
  county_committee: '县委', sector_committee: '工委', township_committee: '乡镇党委', grassroots_committee: '基层党委',
  general_branch: '党总支', branch: '党支部', party_group: '党小组',
};
export const POST_LABELS: Record<string, string> = {
  secretary: '书记', deputy_secretary: '副书记', organization_member: '组织委员', publicity_member: '宣传委员',
  discipline_member: '纪检委员', committee_member: '委员', full_time_staff: '专职党务工作者', group_leader: '党小组组长', first_secretary: '第一书记',
};
export const GENDER_LABELS: Record<string, string> = { '1': '男', '2': '女', '0': '未知', '9': '未说明' };
export const CATEGORY_LABELS: Record<string, string> = { full: '正式党员', probationary: '预备党员' };
export const TERM_LABELS: Record<string, string> = { none: '未设届期', ok: '届内', due_soon: '即将届满', overdue: '已超期' };
const ETHNIC = '汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺'.split(' ');
export const ETHNICITIES = [...ETHNIC.map((n, i) => ({ code: String(i + 1).padStart(2, '0'), label: `${n}族` })), { code: '97', label: '其他' }, { code: '98', label: '外国血统中国籍人士' }];
export const EDUCATIONS = [
  ['11', '博士研究生'], ['12', '硕士研究生'], ['13', '硕士生班'], ['1A', '中央党校研究生'], ['1B', '省(区、市)委党校研究生'], ['21', '大学'], ['22', '大专'],
  ['23', '大学普通班'], ['24', '第二学士学位班'], ['2A', '中央党校大学'], ['2B', '省委党校大学'], ['2C', '中央党校大专'], ['2D', '省委党校大专'],
  ['41', '中等专科'], ['44', '职业高中'], ['47', '技工学校'], ['61', '普通高中'], ['71', '初中'], ['81', '小学'], ['9', '其他'],
].map(([code, label]) => ({ code: code!, label: label! }));
export const labelOf = (list: { code: string; label: string }[], code?: string | null) => list.find((x) => x.code === code)?.label ?? code ?? '';
export const ALLOWED_CHILDREN: Record<string, string[]> = {
  county_committee: ['sector_committee', 'township_committee', 'grassroots_committee', 'general_branch', 'branch'],
  sector_committee: ['grassroots_committee', 'general_branch', 'branch'], township_committee: ['grassroots_committee', 'general_branch', 'branch'],
  grassroots_committee: ['grassroots_committee', 'general_branch', 'branch'], general_branch: ['branch'], branch: ['party_group'], party_group: [],
};
export const FIELD_LABELS: Record<string, string> = {
  title: '名称', targetValue: '目标值', baseline: '基期值',
  name: '名称/姓名', orgType: '组织类型', category: '组织类别', parentId: '上级党组织', path: '路径', termStart: '本届开始', termEnd: '届满日期',
  foundedOn: '成立日期', unitName: '所在单位', unitUscc: '信用代码', contactName: '联系人', contactPhone: '联系电话', status: '状态',
  dissolvedOn: '撤销日期', dissolvedReason: '撤销原因', post: '职务', personName: '姓名', startedOn: '任职日期', endedOn: '离任日期',
  endReason: '离任原因', orgId: '所在党组织', gender: '性别', ethnicity: '民族', idNumber: '身份证号', birthDate: '出生日期', education: '学历',
  memberCategory: '人员类别', joinDate: '入党日期', fullMemberDate: '转正日期', jobPosition: '工作岗位', mobile: '手机号码', homeAddress: '家庭住址',
  employerAndPost: '工作单位及职务', isFloating: '流动党员', floatingSince: '外出日期', outflowRegion: '外出流向', isLostContact: '失联党员',
  lostContactSince: '失联日期', isWithoutPost: '无职党员', dutyPost: '设岗定责', transferredOn: '转接日期', reason: '原因', fileName: '文件', rows: '行数',
  memberCount: '直属党员数', subtreeMemberCount: '党员总数', isTemporary: '临时党支部', shortName: '简称', sort: '排序',
};
export const MEETING_LABELS: Record<string, string> = {
  general_meeting: '支部党员大会', committee_meeting: '支委会', group_meeting: '党小组会', party_lecture: '党课',
  themed_party_day: '主题党日', life_meeting: '组织生活会', member_appraisal: '民主评议党员', heart_talk: '谈心谈话',
};
export const ATTENDANCE_LABELS: Record<string, string> = { present: '出席', leave: '请假', absent: '缺席' };
export const CELL_LABELS: Record<string, string> = {
  held: '已开展', late: '已开展（补录）', below_quorum: '人数不足', missing: '未开展', due: '待开展', future: '', not_required: '不适用',
};
export const CLASS_TYPE_LABELS: Record<string, string> = {
  cadre_rotation: '科级干部轮训', civil_servant: '公务员轮训', village_secretary: '村党组织书记培训', party_worker: '党务工作者培训', special_topic: '专题培训',
};
export const TARGET_GROUP_LABELS: Record<string, string> = {
  party_workers: '党务工作者', secretaries: '党组织书记', cadres: '科级及以下干部', civil_servants: '公务员', village_secretaries: '村党组织书记', members: '党员',
};

/**
 * Code tables users already know (REGISTERS.md §2), kept as data. Imports match on
 * labels as well as codes: `01` and `1`, 汉 and 汉族 are the same value.
 */
export type CodeTable = { code: string; label: string }[];

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

export const MEMBER_CATEGORIES: CodeTable = [{ code: 'full', label: '正式党员' }, { code: 'probationary', label: '预备党员' }];

export const ORG_TYPE_LABELS: Record<string, string> = {
  county_committee: '县委', sector_committee: '工委', township_committee: '乡镇党委',
  grassroots_committee: '基层党委', general_branch: '党总支', branch: '党支部', party_group: '党小组',
};

export const POST_LABELS: Record<string, string> = {
  secretary: '书记', deputy_secretary: '副书记', organization_member: '组织委员', publicity_member: '宣传委员',
  discipline_member: '纪检委员', committee_member: '委员', full_time_staff: '专职党务工作者',
  group_leader: '党小组组长', first_secretary: '第一书记',
};

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

/** Find a code by code or label; null when nothing matches. */
export function matchCode(table: CodeTable, raw: string, aliases: Record<string, string> = {}): string | null {
  const v = raw.trim();
  if (!v) return null;
  if (aliases[v]) return aliases[v]!;
  const byCode = table.find((t) => t.code === v)
    ?? (/^\d+$/.test(v) ? table.find((t) => /^\d+$/.test(t.code) && Number(t.code) === Number(v)) : undefined);
  if (byCode) return byCode.code;
  const byLabel = table.find((t) => t.label === v || t.label === `${v}族` || t.label.replace(/族$/, '') === v);
  return byLabel?.code ?? null;
}

export const matchEthnicity = (raw: string) => {
  const v = raw.trim();
  const alias = ETHNIC_ALIASES[v];
  if (alias) return alias;
  if (/^\d{1,2}$/.test(v)) {
    const code = v.padStart(2, '0');
    return ETHNICITIES.some((e) => e.code === code) ? code : null;
  }
  return matchCode(ETHNICITIES, v);
};
export const matchGender = (raw: string) => matchCode(GENDERS, raw);
export const matchEducation = (raw: string) => matchCode(EDUCATIONS, raw, EDUCATION_ALIASES);
export const matchMemberCategory = (raw: string) =>
  matchCode(MEMBER_CATEGORIES, raw, { '正式': 'full', '预备': 'probationary', '1': 'full', '2': 'probationary' });

export const labelOf = (table: CodeTable, code: string | null | undefined) =>
  table.find((t) => t.code === code)?.label ?? code ?? '';

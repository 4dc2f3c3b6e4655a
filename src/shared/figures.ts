/**
 * Every headline figure the platform shows, defined once: what it means, whom it counts, as of when, by which rule
 * and from which records, and where it is shown. The cockpit's tiles and the standard reports read their labels and
 * explanations from here; docs/figures.md is written from it (`npm run figures:doc`; a test keeps the two equal);
 * test/integration/recount.test.ts recounts each from the raw tables with its own SQL, written from this text.
 * One label names one measure: where two measures are needed, they have two labels.
 */

export type FigureDef = {
  label: string;
  /** what the figure says, in a sentence a leader reads in a tooltip */
  meaning: string;
  /** who or what is counted (the denominator of a rate) */
  population: string;
  /** the date the figure is taken at */
  asOf: string;
  /** the rule, with its threshold and source */
  rule: string;
  /** the records it is computed from */
  source: string;
  /** the pages and tables that show it */
  shownOn: string[];
};

/** Org types that are 基层党组织 (乡镇党委 are 基层党委 in the party statistics; 县委, 工委 and 党小组 are not). */
export const GRASSROOTS_ORG_TYPES = ['township_committee', 'grassroots_committee', 'general_branch', 'branch'] as const;
/** A member counts as 流动党员 once away from the home org this long: 6 months or more (docs/figures.md, 流动党员). */
export const FLOATING_MIN_MONTHS = 6;
/** Age bands of the party statistics are taken on 31 December of the year: 35 岁及以下, 61 岁及以上. */
export const YOUNG_MAX_AGE = 35;
export const OLD_MIN_AGE = 61;

const COCKPIT = '领导驾驶舱';
const HOME = '首页';
const ORG_REPORT = '标准报表：党组织和党员基本情况统计表';
const AS_OF_TODAY = '数据截至当天（驾驶舱和报表标题行所示日期）';
const AS_OF_YEAR_END = '所选年度的 12 月 31 日；当年为截至当天';

export const FIGURES = {
  'orgs.grassroots': {
    label: '基层党组织', meaning: '所选范围内基层党组织的个数。',
    population: '状态为“正常”的乡镇（街道）党委、基层党委、党总支、党支部；不含县委、工委、党小组', asOf: AS_OF_TODAY,
    rule: '按党内统计口径，基层党组织为基层党委（含乡镇党委）、党总支、党支部；所选单位本身属于这几类时计入（报表中为“本级”一行）',
    source: '党组织名册（orgs）', shownOn: [COCKPIT, ORG_REPORT],
  },
  'orgs.branches': {
    label: '党支部', meaning: '所选范围内党支部的个数。', population: '状态为“正常”的党支部（不含党总支和党小组）', asOf: AS_OF_TODAY,
    rule: '组织类型为党支部', source: '党组织名册（orgs）', shownOn: [COCKPIT, ORG_REPORT],
  },
  'members.total': {
    label: '党员', meaning: '所选范围内在册党员人数。', population: '在册（未转出、未出党、未去世）且党籍正常的党员；停止党籍的不计入', asOf: AS_OF_TODAY,
    rule: '正式党员与预备党员合计', source: '党员名册（members）', shownOn: [HOME, COCKPIT, ORG_REPORT],
  },
  'members.probationary': {
    label: '预备党员', meaning: '在册党员中的预备党员人数。', population: '同“党员”', asOf: AS_OF_TODAY,
    rule: '人员类别为预备党员', source: '党员名册（members）', shownOn: [COCKPIT, ORG_REPORT],
  },
  'members.women': {
    label: '女党员', meaning: '在册党员中的女性人数。', population: '同“党员”', asOf: AS_OF_TODAY,
    rule: '性别为女', source: '党员名册（members）', shownOn: [COCKPIT, ORG_REPORT],
  },
  'members.young': {
    label: '35 岁及以下', meaning: '在册党员中 35 岁及以下的人数。', population: '同“党员”', asOf: '所在年度的 12 月 31 日（党内统计的口径）',
    rule: `年龄按 12 月 31 日计算，即出生年份 ≥ 年度 − ${YOUNG_MAX_AGE}`, source: '党员名册（members）的出生日期', shownOn: [ORG_REPORT],
  },
  'members.old': {
    label: '61 岁及以上', meaning: '在册党员中 61 岁及以上的人数。', population: '同“党员”', asOf: '所在年度的 12 月 31 日（党内统计的口径）',
    rule: `年龄按 12 月 31 日计算，即出生年份 ≤ 年度 − ${OLD_MIN_AGE}`, source: '党员名册（members）的出生日期', shownOn: [ORG_REPORT],
  },
  'members.floating': {
    label: '流动党员', meaning: `离开户籍所在地或组织关系所在地满 ${FLOATING_MIN_MONTHS} 个月的在册党员人数。`, population: '同“党员”', asOf: AS_OF_TODAY,
    rule: `标记为外出，且外出日期早于或等于 ${FLOATING_MIN_MONTHS} 个月前（外出日期不详的按已满计入）；外出不满 ${FLOATING_MIN_MONTHS} 个月的不计入`,
    source: '党员名册（members）的外出标记和外出日期，与流动党员台账一致', shownOn: [HOME, ORG_REPORT, '流动党员'],
  },
  'members.lostContact': {
    label: '失联党员', meaning: '与党组织失去联系的在册党员人数。', population: '同“党员”', asOf: AS_OF_TODAY,
    rule: '标记为失联，且失联日期之后没有“已联系上”的联系记录（联系上即不再是失联）', source: '党员名册（members）与联系记录（member_contacts）',
    shownOn: [HOME, ORG_REPORT, '流动党员'],
  },
  'meetings.compliance': {
    label: '组织生活达标率', meaning: '已到期的各项组织生活中，按规则开展了的比例。', population: '所选范围内各党支部在所选年度已结束的各期次（三会一课、主题党日等）',
    asOf: AS_OF_YEAR_END, rule: '达标期次 ÷ 应开展期次；尚未结束的当期不计入分子也不计入分母', source: '组织生活记录（meetings）',
    shownOn: [COCKPIT, '标准报表：组织生活开展情况统计表', '组织生活达标'],
  },
  'training.partyWorkers': {
    label: '党务工作者培训覆盖率', meaning: '党务工作者中年内参加并完成至少一期相应培训的比例。', population: '所选范围内的在任党务工作者',
    asOf: AS_OF_YEAR_END, rule: '完成培训的人数 ÷ 在任人数；党务工作者班、党组织书记班、村党组织书记班结业都计入', source: '班子成员（org_posts）、培训班结业记录',
    shownOn: [COCKPIT, '标准报表：党员干部教育培训情况统计表'],
  },
  'training.secretaries': {
    label: '村党组织书记培训覆盖率', meaning: '村（社区）党组织书记中年内完成至少一期相应培训的比例。', population: '所选范围内在任的村（社区）党组织书记',
    asOf: AS_OF_YEAR_END, rule: '完成培训的人数 ÷ 在任人数；党组织书记班、村党组织书记班结业都计入', source: '班子成员（org_posts）、培训班结业记录',
    shownOn: [COCKPIT, '标准报表：党员干部教育培训情况统计表'],
  },
  'assessment.excellent': {
    label: '考核“好”等次', meaning: '所选年度已公布结果（公示中或已定稿）的考核方案中评为“好”的单位个数。',
    population: '所选年度已公布结果的各方案（县级方案和乡镇、行业党委的方案）的考核对象', asOf: '方案定稿时；公示中的按公示结果', rule: '按方案设定的等次阈值或名额评定', source: '考核台账（每一分可追溯到规则和依据）', shownOn: [COCKPIT],
  },
  'problems.open': {
    label: '未完成整改', meaning: '尚未通过验收的整改问题个数。', population: '所选范围内各来源（督查、巡察、考核等）登记的整改问题',
    asOf: AS_OF_TODAY, rule: '状态不是“已验收”或“已销号”', source: '整改台账（rectification_items）', shownOn: [COCKPIT, '标准报表：问题整改情况统计表'],
  },
  'problems.overdue': {
    label: '其中超期', meaning: '未完成整改中已过整改时限的个数。', population: '同“未完成整改”', asOf: AS_OF_TODAY,
    rule: '未完成且整改时限早于今天', source: '整改台账（rectification_items）', shownOn: [COCKPIT, '标准报表：问题整改情况统计表'],
  },
  'problems.closedRate': {
    label: '销号率', meaning: '登记的整改问题中已销号的比例。', population: '所选范围内登记的全部整改问题', asOf: AS_OF_TODAY,
    rule: '已销号 ÷ 问题总数', source: '整改台账（rectification_items）', shownOn: ['标准报表：问题整改情况统计表'],
  },
  'problems.onTimeRate': {
    label: '整改按期完成率', meaning: '已到整改时限的问题中，在时限内通过验收的比例。', population: '整改时限在所选年度内、且已到期（不晚于截至日）的问题；未到期的不计入',
    asOf: AS_OF_YEAR_END, rule: '时限内验收的个数 ÷ 已到期的个数', source: '整改台账（rectification_items）', shownOn: ['考核指标“整改按期完成率”'],
  },
  'weakOrgs.confirmed': {
    label: '软弱涣散党组织', meaning: '所选年度认定为软弱涣散的基层党组织个数。', population: '所选年度经县委组织部认定的党组织',
    asOf: AS_OF_YEAR_END, rule: '认定记录（含已整顿销号的）', source: '软弱涣散认定台账', shownOn: [COCKPIT, '标准报表：软弱涣散基层党组织整顿情况表'],
  },
  'nonpublic.coverage': {
    label: '两新组织党组织覆盖率', meaning: '登记的非公企业和社会组织中，已有党组织覆盖（单独、联合建立或派驻指导员）的比例。',
    population: '在册的全部两新组织', asOf: AS_OF_TODAY, rule: '已覆盖 ÷ 登记总数', source: '两新组织台账（nonpublic_entities）',
    shownOn: [COCKPIT, '标准报表：非公有制企业和社会组织党建工作覆盖情况统计表'],
  },
  'nonpublic.eligibleRate': {
    label: '两新组织应建已建率', meaning: '有 3 名以上正式党员、应当单独建立党组织的两新组织中，已经建立的比例。',
    population: '在册两新组织中党员 3 名以上的', asOf: AS_OF_TODAY, rule: '党章：有正式党员三人以上的，都应当成立党的基层组织；已建 ÷ 应建',
    source: '两新组织台账（nonpublic_entities）', shownOn: [COCKPIT, '标准报表：非公有制企业和社会组织党建工作覆盖情况统计表'],
  },
  'villages.venueRate': {
    label: '村级活动场所达标率', meaning: '当年已摸排的村（社区）中，有活动场所且面积达到规定的比例。',
    population: '当年“三无”台账中有记录的村（社区）党组织；没有摸排记录的列为“不详”，不计入分子也不计入分母', asOf: AS_OF_YEAR_END,
    rule: '有场所且面积 ≥ 规定面积（“三无”规则值）的个数 ÷ 已摸排的个数', source: '“三无”台账（three_lacks_entries）每村当年最新一条',
    shownOn: ['规划指标（实时读数）', '考核指标'],
  },
  'villages.incomeRate': {
    label: '村集体经济年收入 5 万元以上村占比', meaning: '当年已摸排的村（社区）中，村集体经济年收入达到 5 万元的比例。',
    population: '当年“三无”台账中有记录的村（社区）党组织；没有摸排记录的列为“不详”，不计入', asOf: AS_OF_YEAR_END,
    rule: '集体经济收入 ≥ 5 万元的个数 ÷ 已摸排的个数；收入取自台账，不再另行填报', source: '“三无”台账（three_lacks_entries）每村当年最新一条',
    shownOn: ['规划指标（实时读数）'],
  },
  'plans.behind': {
    label: '规划指标滞后或有风险', meaning: '当前规划中进度滞后或有风险的指标个数。', population: '当前规划的全部指标', asOf: AS_OF_TODAY,
    rule: '按指标的时间进度判定状态（滞后、有风险、正常、已完成）', source: '规划指标及其读数', shownOn: [COCKPIT],
  },
} as const satisfies Record<string, FigureDef>;

export type FigureKey = keyof typeof FIGURES;

/** The member figures whose people a list can show (the drill-down of a count). */
export const MEMBER_FIGURES = ['members.total', 'members.probationary', 'members.women', 'members.young', 'members.old',
  'members.floating', 'members.lostContact'] as const satisfies readonly FigureKey[];
export type MemberFigure = (typeof MEMBER_FIGURES)[number];
/** The org figures whose organisations a list can show. */
export const ORG_FIGURES = ['orgs.grassroots', 'orgs.branches'] as const satisfies readonly FigureKey[];
export type OrgFigure = (typeof ORG_FIGURES)[number];

/** The tooltip of a figure: its meaning, population, date and rule, one per line. */
export function figureHelp(key: FigureKey): string {
  const f: FigureDef = FIGURES[key];
  return `${f.meaning}\n统计对象：${f.population}\n统计时点：${f.asOf}\n口径：${f.rule}\n来源：${f.source}`;
}

/** docs/figures.md, written from the definitions. */
export function figuresMarkdown(): string {
  const parts = ['# 数据口径：平台显示的每个数字', '',
    '本文由 `src/shared/figures.ts` 生成（`npm run figures:doc`），页面上数字的提示说明也取自同一处。每个数字都有一个独立的复核测试',
    '（`test/integration/recount.test.ts`），按下面的口径直接从原始记录重新计算并比对。', ''];
  for (const [key, f] of Object.entries(FIGURES) as [string, FigureDef][]) {
    parts.push(`## ${f.label}`, '', `- 标识：\`${key}\``, `- 含义：${f.meaning}`, `- 统计对象：${f.population}`, `- 统计时点：${f.asOf}`,
      `- 口径：${f.rule}`, `- 来源：${f.source}`, `- 显示在：${f.shownOn.join('；')}`, '');
  }
  return parts.join('\n');
}

/**
 * Assessment rules as pure functions: indicator scores from ledger sums, weighted totals, competition
 * ranking per group, grades by thresholds and quota, vetoes; the ledger's hash chain; the templates.
 * The SQL engine in service.ts computes the same figures at scale; the tests hold the two together.
 */
import crypto from 'node:crypto';
import type { GradeRule, Method, RankGroup } from './tables.js';

export type Grade = 'excellent' | 'good' | 'fair' | 'poor';
export { ASSESSMENT_GRADE_LABELS as GRADE_LABELS } from '../../../shared/codes.js';
export { METHOD_LABELS } from '../../../shared/codes.js';
export { CHANNEL_LABELS } from '../../../shared/codes.js';
export { SCHEME_STATUS_LABELS as STATUS_LABELS } from '../../../shared/codes.js';

export type IndicatorDef = {
  id: number; parentId: number | null; code: string; name: string; method: Method; maxPoints: number; weight: number;
  perItem?: number | null; metricKey?: string | null; metricTarget?: number | null; vetoEffect?: 'poor' | 'no_excellent' | null;
};

const round2 = (x: number) => Math.round(x * 100) / 100;
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** The product of weights from the top of the tree down to each indicator. */
export function weightProducts(inds: IndicatorDef[]): Map<number, number> {
  const byId = new Map(inds.map((i) => [i.id, i]));
  const out = new Map<number, number>();
  const of = (i: IndicatorDef): number => {
    const hit = out.get(i.id); if (hit !== undefined) return hit;
    const p = i.parentId === null ? undefined : byId.get(i.parentId);
    const w = i.weight * (p ? of(p) : 1);
    out.set(i.id, w); return w;
  };
  inds.forEach(of);
  return out;
}

/** Bounds an indicator's ledger sum may take: what an entry that would leave them is refused for. */
export function bounds(i: Pick<IndicatorDef, 'method' | 'maxPoints'>): { lo: number; hi: number } {
  if (i.method === 'deduction') return { lo: -Infinity, hi: 0 }; // every finding is recorded; the score stops at the cap
  if (i.method === 'veto') return { lo: 0, hi: Infinity };
  if (i.method === 'bonus') return { lo: 0, hi: Infinity };
  return { lo: 0, hi: i.maxPoints };
}

/** Is a single new entry acceptable for this indicator, given the org's current sum? Chinese reason when not. */
export function checkEntry(i: Pick<IndicatorDef, 'method' | 'maxPoints' | 'name' | 'code'>, current: number, points: number, isCorrection = false): string | null {
  if (!Number.isFinite(points)) return '分值无效';
  if (Math.abs(points * 100 - Math.round(points * 100)) > 1e-6) return '分值最多保留两位小数';
  const label = `「${i.code} ${i.name}」`;
  if (isCorrection) return null; // a reversal brings the sum back to where it was
  if (i.method === 'group') return `${label}是分组，不能直接计分`;
  if (i.method === 'deduction' && (points >= 0 || -points > i.maxPoints)) return `${label}每次扣分须在 0 到 ${i.maxPoints} 分之间`;
  if (i.method === 'bonus' && (points <= 0 || points > i.maxPoints)) return `${label}每次加分须在 0 到 ${i.maxPoints} 分之间`;
  if (i.method === 'veto' && points !== 1) return `${label}为否决事项，只记是否发生`;
  const { lo, hi } = bounds(i);
  const after = round2(current + points);
  if (after < lo - 1e-9 || after > hi + 1e-9) return `${label}得分须在 ${lo} 到 ${hi} 分之间（现有 ${round2(current)} 分，本次 ${points} 分）`;
  return null;
}

/** The score an indicator earns from the sum of its ledger entries. Deductions start from full points. */
export function indicatorScore(i: Pick<IndicatorDef, 'method' | 'maxPoints'>, raw: number): number {
  switch (i.method) {
    case 'group': case 'veto': return 0;
    case 'deduction': return i.maxPoints + clamp(raw, -i.maxPoints, 0);
    default: return clamp(raw, 0, i.maxPoints);
  }
}

/** Metric value → points: full at the target, proportional below, none without data. */
export function metricPoints(i: Pick<IndicatorDef, 'maxPoints' | 'metricTarget'>, value: number | null): number {
  if (value === null || !Number.isFinite(value)) return 0;
  const target = i.metricTarget && i.metricTarget > 0 ? i.metricTarget : 1;
  return round2(i.maxPoints * clamp(value / target, 0, 1));
}

/** Metrics whose population is the org's own post-holders: an empty population there is a vacancy, not "nothing to do". */
export const POST_BASED_METRICS: ReadonlySet<string> = new Set(['secretary_training_coverage', 'party_worker_training_coverage']);

/**
 * A metric indicator's points for one org, and the reason written on its ledger entry. A value scores in proportion
 * to the target. No value means an empty population: for post-based metrics that is a vacant post or post-holders
 * nobody can verify, which earns nothing (a vacancy is never full marks); for the others (no member away six months,
 * no rectification due) nothing has failed, and the indicator is full.
 */
export function metricOutcome(i: Pick<IndicatorDef, 'maxPoints' | 'metricTarget' | 'metricKey'>, value: number | null,
  o: { label: string; vacantSince: string | null; notApplicableShare?: number }): { points: number; reason: string } {
  if (value !== null) {
    const points = metricPoints(i, value);
    return { points, reason: `${o.label} ${(value * 100).toFixed(1)}%（满分目标 ${((i.metricTarget ?? 1) * 100).toFixed(0)}%）→ ${points} 分` };
  }
  if (i.metricKey && POST_BASED_METRICS.has(i.metricKey)) {
    return { points: 0, reason: o.vacantSince
      ? `${o.label}：书记空缺（自 ${o.vacantSince} 起），无人参训，按 0 分计`
      : `${o.label}：没有在任且已关联党员名册的对象，无法核实参训，按 0 分计` };
  }
  const share = o.notApplicableShare ?? 1;
  if (share === 1) return { points: i.maxPoints, reason: `${o.label}：无适用对象，无未完成事项，按满分计` };
  const points = round2(i.maxPoints * share);
  return { points, reason: `${o.label}：无适用对象，按方案规定计满分的 ${+(share * 100).toFixed(1)}%，${points} 分` };
}

export type OrgTotal = { orgId: number; groupKey: string; total: number; base: number; bonus: number; vetoes: ('poor' | 'no_excellent')[] };

/**
 * Totals for each org from its per-indicator ledger sums. Orgs without entries still get deduction items' full points.
 * The live engine runs the same rule as one SQL statement (results.ts); an integration test holds the two together.
 */
export function computeTotals(inds: IndicatorDef[], orgs: { orgId: number; groupKey: string }[], sums: Map<number, Map<number, number>>, bonusCap: number): OrgTotal[] {
  const w = weightProducts(inds);
  const leaves = inds.filter((i) => i.method !== 'group');
  return orgs.map(({ orgId, groupKey }) => {
    const s = sums.get(orgId);
    let base = 0; let bonus = 0; const vetoes: ('poor' | 'no_excellent')[] = [];
    for (const i of leaves) {
      const raw = s?.get(i.id) ?? 0;
      if (i.method === 'veto') { if (raw > 0) vetoes.push(i.vetoEffect ?? 'poor'); continue; }
      const v = indicatorScore(i, raw) * w.get(i.id)!;
      if (i.method === 'bonus') bonus += v; else base += v;
    }
    const b = Math.min(bonus, bonusCap);
    return { orgId, groupKey, total: round2(base + b), base: round2(base), bonus: round2(b), vetoes };
  });
}

export type Ranked = OrgTotal & { rank: number; grade: Grade; groupSize: number };

/**
 * Competition ranking (1, 2, 2, 4) within each group by total; grades by thresholds, "excellent" limited to
 * a share of the group when a quota is set (a tie that would cross the quota stays out as a whole);
 * a veto caps the grade ("poor", or "not excellent").
 */
export function rankAndGrade(totals: OrgTotal[], rule: GradeRule): Ranked[] {
  const byGroup = new Map<string, OrgTotal[]>();
  for (const t of totals) byGroup.set(t.groupKey, [...(byGroup.get(t.groupKey) ?? []), t]);
  const out: Ranked[] = [];
  for (const list of byGroup.values()) {
    const sorted = [...list].sort((a, b) => b.total - a.total || a.orgId - b.orgId);
    const n = sorted.length;
    const quota = rule.excellentQuota === null || rule.excellentQuota === undefined ? n : Math.floor(n * rule.excellentQuota + 1e-9);
    const tieCount = new Map<number, number>();
    for (const t of sorted) tieCount.set(t.total, (tieCount.get(t.total) ?? 0) + 1);
    let rank = 0;
    sorted.forEach((t, idx) => {
      if (idx === 0 || t.total !== sorted[idx - 1]!.total) rank = idx + 1;
      let grade: Grade = t.total >= rule.excellent ? 'excellent' : t.total >= rule.good ? 'good' : t.total >= rule.fair ? 'fair' : 'poor';
      if (grade === 'excellent' && rank + tieCount.get(t.total)! - 1 > quota) grade = 'good';
      if (t.vetoes.includes('poor')) grade = 'poor';
      else if (t.vetoes.includes('no_excellent') && grade === 'excellent') grade = 'good';
      out.push({ ...t, rank, grade, groupSize: n });
    });
  }
  return out;
}

/** The rank group an org falls in by its category; null when the scheme does not cover it. */
export function groupOf(groups: RankGroup[], category: string): string | null {
  return groups.find((g) => g.categories.includes(category))?.key ?? null;
}

/** Check an indicator tree before it is saved or published; Chinese messages naming the indicator. */
export function validateTree(inds: IndicatorDef[], metricKeys: Set<string>): string[] {
  const errs: string[] = [];
  const ids = new Set(inds.map((i) => i.id));
  const children = new Map<number, IndicatorDef[]>();
  for (const i of inds) if (i.parentId !== null) children.set(i.parentId, [...(children.get(i.parentId) ?? []), i]);
  for (const i of inds) {
    const label = `指标「${i.code} ${i.name}」`;
    if (i.parentId !== null && !ids.has(i.parentId)) errs.push(`${label}的上级不存在`);
    if (i.method === 'group' && !children.get(i.id)?.length) errs.push(`${label}是分组，但下面没有指标`);
    if (i.method !== 'group' && children.get(i.id)?.length) errs.push(`${label}下面有指标，计分方式应为「分组」`);
    if (i.method === 'metric' && (!i.metricKey || !metricKeys.has(i.metricKey))) {
      errs.push(`${label}的数据来源不在平台指标库中（登录次数、在线时长、学习时长等活动量不能作为考核依据）`);
    }
    if (i.method === 'group') {
      const sum = (children.get(i.id) ?? []).filter((c) => !['bonus', 'veto'].includes(c.method)).reduce((a, c) => a + c.maxPoints, 0);
      if (i.maxPoints && Math.abs(sum - i.maxPoints) > 0.001) errs.push(`${label}分值 ${i.maxPoints} 与下级指标分值之和 ${round2(sum)} 不一致`);
    }
    if (i.method !== 'veto' && i.method !== 'group' && !(i.maxPoints > 0)) errs.push(`${label}分值须大于 0`);
  }
  return errs;
}

/** The canonical text of a ledger entry that its hash covers. */
export type ChainFields = {
  schemeId: number; seq: number; orgId: number; indicatorId: number; points: number; channel: string; evidenceKind: string | null;
  evidenceId: number | null; reason: string | null; reversesId: number | null; schemeVersion: number; recordedBy: number | null;
  approvedBy: number | null; recordedAt: Date;
};
export function entryHash(prevHash: string, e: ChainFields): string {
  const text = [e.schemeId, e.seq, e.orgId, e.indicatorId, e.points.toFixed(2), e.channel, e.evidenceKind ?? '', e.evidenceId ?? '', e.reason ?? '',
    e.reversesId ?? '', e.schemeVersion, e.recordedBy ?? '', e.approvedBy ?? '', e.recordedAt.toISOString()].join('|');
  return crypto.createHash('sha256').update(prevHash).update('|').update(text).digest('hex');
}
export const GENESIS = '0'.repeat(64);

/** Walk a scheme's entries in seq order; the first entry whose hash or link does not hold. */
export function verifyChain(entries: (ChainFields & { id: number; prevHash: string; hash: string })[]): { ok: true; count: number } | { ok: false; entryId: number; seq: number; message: string } {
  let prev = GENESIS;
  for (const [k, e] of entries.entries()) {
    if (e.seq !== k + 1) return { ok: false, entryId: e.id, seq: e.seq, message: `第 ${k + 1} 条缺失或顺序被改动（此处为第 ${e.seq} 条）` };
    if (e.prevHash !== prev) return { ok: false, entryId: e.id, seq: e.seq, message: `第 ${e.seq} 条与前一条的链接不符` };
    if (entryHash(prev, e) !== e.hash) return { ok: false, entryId: e.id, seq: e.seq, message: `第 ${e.seq} 条的内容与其校验值不符（被改动过）` };
    prev = e.hash;
  }
  return { ok: true, count: entries.length };
}

export type TemplateIndicator = { code: string; name: string; method: Method; maxPoints: number; perItem?: number; metricKey?: string; metricTarget?: number;
  vetoEffect?: 'poor' | 'no_excellent'; criteria?: string; children?: TemplateIndicator[] };

/**
 * The county template: a 100-point base in six aspects plus bonus and veto items (docs/rules.md §6).
 * It is data that a scheme is copied from, not code a scheme depends on.
 */
export const COUNTY_TEMPLATE: TemplateIndicator[] = [
  { code: '1', name: '组织建设', method: 'group', maxPoints: 20, children: [
    { code: '1.1', name: '组织设置规范，按期换届', method: 'deduction', maxPoints: 5, perItem: 1, criteria: '届期届满未换届、应建未建的，每个扣 1 分' },
    { code: '1.2', name: '组织生活达标', method: 'metric', maxPoints: 8, metricKey: 'meeting_compliance_rate', metricTarget: 0.95, criteria: '所属党支部“三会一课”等组织生活达标率达到 95% 得满分，不足按比例' },
    { code: '1.3', name: '党员发展和教育管理', method: 'daily', maxPoints: 4, perItem: 1, criteria: '日常记实：发展党员程序规范、党员教育管理有记录，每条经审核计 1 分' },
    { code: '1.4', name: '流动党员管理', method: 'metric', maxPoints: 3, metricKey: 'floating_contact_rate', metricTarget: 0.9, criteria: '流动党员年内联系率达到 90% 得满分' },
  ] },
  { code: '2', name: '班子建设', method: 'group', maxPoints: 15, children: [
    { code: '2.1', name: '书记抓党建述职评议', method: 'duty', maxPoints: 10, criteria: '述职评议小组评分（满分 10 分）的平均分' },
    { code: '2.2', name: '民主生活会、组织生活会质量', method: 'deduction', maxPoints: 5, perItem: 1, criteria: '查摆问题不深、整改不实的，每处扣 1 分' },
  ] },
  { code: '3', name: '队伍建设', method: 'group', maxPoints: 15, children: [
    { code: '3.1', name: '党务工作者培训覆盖', method: 'metric', maxPoints: 6, metricKey: 'party_worker_training_coverage', metricTarget: 1, criteria: '党务工作者年内参训率 100% 得满分' },
    { code: '3.2', name: '基层党组织书记培训', method: 'metric', maxPoints: 5, metricKey: 'secretary_training_coverage', metricTarget: 1, criteria: '党组织书记年内参训率 100% 得满分' },
    { code: '3.3', name: '党务干部配备', method: 'manual', maxPoints: 4, criteria: '考核组评定：专兼职党务干部配备到位' },
  ] },
  { code: '4', name: '制度建设', method: 'group', maxPoints: 15, children: [
    { code: '4.1', name: '党建工作责任制落实', method: 'daily', maxPoints: 5, perItem: 1, criteria: '日常记实：研究部署党建工作、落实责任清单，每条经审核计 1 分' },
    { code: '4.2', name: '督查发现问题', method: 'deduction', maxPoints: 6, perItem: 2, criteria: '督查发现的问题，每个扣 2 分' },
    { code: '4.3', name: '党费收缴使用管理', method: 'manual', maxPoints: 4, criteria: '考核组评定' },
  ] },
  { code: '5', name: '阵地与载体建设', method: 'group', maxPoints: 15, children: [
    { code: '5.1', name: '党群服务阵地规范使用', method: 'manual', maxPoints: 5, criteria: '考核组评定' },
    { code: '5.2', name: '载体活动开展', method: 'daily', maxPoints: 5, perItem: 1, criteria: '日常记实：主题党日、创建活动有成效，每条经审核计 1 分' },
    { code: '5.3', name: '党建品牌与示范点', method: 'manual', maxPoints: 5, criteria: '考核组评定' },
  ] },
  { code: '6', name: '年末测评', method: 'group', maxPoints: 20, children: [
    { code: '6.1', name: '年末民主测评', method: 'ballot', maxPoints: 20, criteria: '领导 40%、同级 30%、党员群众 30% 加权，折算为 20 分' },
  ] },
  { code: '7', name: '加分项目', method: 'group', maxPoints: 0, children: [
    { code: '7.1', name: '党建工作获上级表彰', method: 'bonus', maxPoints: 3, perItem: 1, criteria: '每项加 1 分' },
    { code: '7.2', name: '经验做法被上级推广', method: 'bonus', maxPoints: 2, perItem: 1, criteria: '每项加 1 分' },
  ] },
  { code: '8', name: '一票否决', method: 'group', maxPoints: 0, children: [
    { code: '8.1', name: '发生严重违纪违法问题', method: 'veto', maxPoints: 0, vetoEffect: 'poor', criteria: '班子成员发生严重违纪违法，等次定为“差”' },
    { code: '8.2', name: '意识形态工作出现重大问题', method: 'veto', maxPoints: 0, vetoEffect: 'no_excellent', criteria: '不得评为“好”' },
  ] },
];

export const COUNTY_GROUPS: RankGroup[] = [
  { key: 'township', label: '乡镇', categories: ['township'] },
  { key: 'agency', label: '机关', categories: ['government_agency'] },
  { key: 'institution', label: '事业单位', categories: ['public_institution', 'school', 'hospital'] },
  { key: 'enterprise', label: '国有企业', categories: ['enterprise'] },
];
export const TOWNSHIP_GROUPS: RankGroup[] = [
  { key: 'village', label: '村', categories: ['village'] },
  { key: 'community', label: '社区', categories: ['community'] },
  { key: 'new', label: '两新组织', categories: ['non_public_enterprise', 'social_organization'] },
];
export const DEFAULT_GRADE_RULE: GradeRule = { excellent: 90, good: 80, fair: 60, excellentQuota: 0.3 };
/** Org types that are assessed: the topmost org of these types under the owner, in the scheme's categories. */
export const ASSESSED_TYPES = ['township_committee', 'grassroots_committee', 'general_branch', 'branch'];
export const DEFAULT_BALLOT_CHOICES = [{ label: '好', score: 100 }, { label: '较好', score: 85 }, { label: '一般', score: 70 }, { label: '差', score: 50 }];

/** Flatten a template into rows with temporary ids and parents, in order. */
export function flattenTemplate(t: TemplateIndicator[]): (Omit<TemplateIndicator, 'children'> & { key: number; parentKey: number | null; sort: number })[] {
  const out: (Omit<TemplateIndicator, 'children'> & { key: number; parentKey: number | null; sort: number })[] = [];
  const walk = (list: TemplateIndicator[], parentKey: number | null) => list.forEach(({ children, ...i }, sort) => {
    const key = out.length + 1; out.push({ ...i, key, parentKey, sort });
    if (children) walk(children, key);
  });
  walk(t, null);
  return out;
}

/** Year-end ballots → points: the average score per group, weighted over the groups that voted, on the indicator's scale. */
export function ballotPoints(maxPoints: number, perGroup: { weight: number; sum: number; count: number }[]): number | null {
  const voted = perGroup.filter((g) => g.count > 0);
  const wsum = voted.reduce((a, g) => a + g.weight, 0);
  if (!voted.length || !wsum) return null;
  const avg = voted.reduce((a, g) => a + (g.sum / g.count) * g.weight, 0) / wsum;
  return round2(maxPoints * avg / 100);
}

export { round2 };

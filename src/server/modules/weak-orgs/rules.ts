/**
 * Weak and lax org screening (docs/rules.md §5): criteria as data, their validation, and the three-lacks test.
 * Pure functions; the screening query itself is in service.ts.
 */
import type { FieldError } from '../../core/errors.js';
import { TRIGGER_KEYS, type Criterion, type TriggerKey } from './tables.js';

type TriggerDef = { label: string; unit: string; threshold: number | null; min?: number; max?: number; integer?: boolean; describe: string };

export const TRIGGERS: Record<TriggerKey, TriggerDef> = {
  secretary_vacant: { label: '书记空缺', unit: '个月', threshold: 3, min: 1, max: 24, integer: true, describe: '书记职务空缺超过阈值（自上一任书记离任或建立党组织之日起）' },
  no_new_members: { label: '连续未发展党员', unit: '年', threshold: 2, min: 1, max: 10, integer: true, describe: '本组织最近一次发展党员（入党日期）距今达到阈值' },
  low_satisfaction: { label: '群众满意度低', unit: '%', threshold: 60, min: 1, max: 100, describe: '年末测评中“好”“较好”（不低于最高档 80% 的档次）所占比例低于阈值' },
  last_in_assessment: { label: '考核排名末位', unit: '', threshold: null, describe: '本年度考核结果在同类别中排名最后（同类别不少于 2 个）' },
  election_overdue: { label: '逾期未换届', unit: '天', threshold: 0, min: 0, max: 730, integer: true, describe: '任期届满超过阈值天数仍未换届' },
  low_compliance: { label: '组织生活不正常', unit: '%', threshold: 60, min: 1, max: 100, describe: '“三会一课”等组织生活年度达标率低于阈值' },
  three_lacks: { label: '“三无”', unit: '项', threshold: 1, min: 1, max: 3, integer: true, describe: '“三无”台账中缺项数达到阈值（无人管事、无钱办事、无处议事）' },
};

export const DEFAULT_CRITERIA: Criterion[] = TRIGGER_KEYS.map((key) => ({ key, enabled: true, threshold: TRIGGERS[key].threshold }));

/** Field errors for a criteria list and ratio target; empty when valid. The ratio target may be empty (应整尽整). */
export function validateCriteria(list: Criterion[], ratioTarget: number | null): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  list.forEach((c, i) => {
    const d = TRIGGERS[c.key];
    const field = `criteria.${i}.threshold`;
    if (!d) { errs.push({ field: `criteria.${i}.key`, message: `未知的筛查条件“${c.key}”` }); return; }
    if (seen.has(c.key)) errs.push({ field: `criteria.${i}.key`, message: `筛查条件“${d.label}”重复` });
    seen.add(c.key);
    if (d.threshold === null) return;
    const v = c.threshold;
    if (v === null || !Number.isFinite(v)) { errs.push({ field, message: `“${d.label}”的阈值不能为空` }); return; }
    if (d.integer && !Number.isInteger(v)) errs.push({ field, message: `“${d.label}”的阈值应为整数（${d.unit}）` });
    if ((d.min !== undefined && v < d.min) || (d.max !== undefined && v > d.max)) {
      errs.push({ field, message: `“${d.label}”的阈值应在 ${d.min}–${d.max}${d.unit} 之间` });
    }
  });
  if (!list.some((c) => c.enabled)) errs.push({ field: 'criteria', message: '至少启用一个筛查条件' });
  if (ratioTarget !== null && !(ratioTarget > 0 && ratioTarget <= 0.3)) errs.push({ field: 'ratioTarget', message: '比例目标应在 0–30% 之间，或留空（应整尽整）' });
  return errs;
}

/** The full list in catalogue order, missing keys taken as disabled with their default. */
export function normalizeCriteria(list: Criterion[]): Criterion[] {
  return TRIGGER_KEYS.map((key) => list.find((c) => c.key === key) ?? { key, enabled: false, threshold: TRIGGERS[key].threshold });
}

/** Three lacks of a village or community, from its ledger entry. Funds lack below the county's income line (万元). */
export type ThreeLacksInput = { hasPersonInCharge: boolean; collectiveIncome: number; serviceFunds: number; hasVenue: boolean; venueArea: number | null };
export const THREE_LACKS_DEFAULTS = { incomeLine: 5, minVenueArea: 50 };
export function lacksOf(e: ThreeLacksInput, rules = THREE_LACKS_DEFAULTS) {
  const person = !e.hasPersonInCharge;
  const funds = e.collectiveIncome < rules.incomeLine && e.serviceFunds <= 0;
  const venue = !e.hasVenue || (e.venueArea ?? 0) < rules.minVenueArea;
  return { person, funds, venue, count: Number(person) + Number(funds) + Number(venue) };
}

/** Orgs the ratio target asks for, if any; the list is never cut to it (应整尽整 is the default). */
export const ratioQuota = (screened: number, ratio: number | null) => (ratio === null ? null : Math.ceil(screened * ratio));

/** A year of watch after closure. */
export const watchUntil = (closedOn: string) => `${Number(closedOn.slice(0, 4)) + 1}${closedOn.slice(4)}`;

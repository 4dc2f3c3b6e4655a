import { errors } from './errors.js';

/**
 * When a county's new version of a rule may take effect: after the version it replaces (history is never rewritten),
 * and not in a year already past, whose figures were computed and used under the rule then in force.
 */
export function checkEffectiveFrom(effectiveFrom: string, latest: string | null, today: string): void {
  const yearStart = `${today.slice(0, 4)}-01-01`;
  if (effectiveFrom < yearStart) {
    throw errors.field('effectiveFrom', `生效日期不能早于 ${yearStart}：以往年度的达标情况和考核结果已按当时的规则计算`);
  }
  if (latest && effectiveFrom <= latest) throw errors.field('effectiveFrom', `生效日期须晚于现行规则的生效日期（${latest}）`);
}

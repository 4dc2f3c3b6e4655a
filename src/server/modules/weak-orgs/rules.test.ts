import { describe, expect, it } from 'vitest';
import { DEFAULT_CRITERIA, lacksOf, normalizeCriteria, ratioQuota, validateCriteria, watchUntil } from './rules.js';

describe('screening criteria', () => {
  it('accepts the defaults (docs/rules.md §5) with an empty ratio target', () => {
    expect(validateCriteria(DEFAULT_CRITERIA, null)).toEqual([]);
    expect(DEFAULT_CRITERIA.find((c) => c.key === 'secretary_vacant')!.threshold).toBe(3);
    expect(DEFAULT_CRITERIA.find((c) => c.key === 'no_new_members')!.threshold).toBe(2);
    expect(DEFAULT_CRITERIA.find((c) => c.key === 'low_satisfaction')!.threshold).toBe(60);
  });
  it('names the field and the trigger of an invalid threshold', () => {
    const bad = DEFAULT_CRITERIA.map((c) => (c.key === 'low_compliance' ? { ...c, threshold: 0 } : c));
    const [e] = validateCriteria(bad, null);
    expect(e!.field).toBe(`criteria.${DEFAULT_CRITERIA.findIndex((c) => c.key === 'low_compliance')}.threshold`);
    expect(e!.message).toContain('组织生活不正常');
    expect(validateCriteria(DEFAULT_CRITERIA.map((c) => (c.key === 'secretary_vacant' ? { ...c, threshold: 1.5 } : c)), null)[0]!.message).toContain('整数');
    expect(validateCriteria(DEFAULT_CRITERIA.map((c) => (c.key === 'secretary_vacant' ? { ...c, threshold: null } : c)), null)[0]!.message).toContain('不能为空');
    expect(validateCriteria(DEFAULT_CRITERIA.map((c) => ({ ...c, enabled: false })), null)[0]!.field).toBe('criteria');
    expect(validateCriteria(DEFAULT_CRITERIA, 0.5)[0]!.field).toBe('ratioTarget');
    expect(validateCriteria([...DEFAULT_CRITERIA, DEFAULT_CRITERIA[0]!], null)[0]!.message).toContain('重复');
  });
  it('fills in missing triggers as disabled, in catalogue order', () => {
    const n = normalizeCriteria([{ key: 'three_lacks', enabled: true, threshold: 2 }]);
    expect(n).toHaveLength(DEFAULT_CRITERIA.length);
    expect(n.filter((c) => c.enabled).map((c) => c.key)).toEqual(['three_lacks']);
  });
  it('keeps the ratio target a count to compare, never a cut', () => {
    expect(ratioQuota(1200, null)).toBeNull();
    expect(ratioQuota(1201, 0.05)).toBe(61);
  });
});

describe('three lacks', () => {
  const base = { hasPersonInCharge: true, collectiveIncome: 12, serviceFunds: 5, hasVenue: true, venueArea: 200 };
  it('counts each lack by the county line', () => {
    expect(lacksOf(base)).toEqual({ person: false, funds: false, venue: false, count: 0 });
    expect(lacksOf({ ...base, hasPersonInCharge: false }).person).toBe(true);
    expect(lacksOf({ ...base, collectiveIncome: 4.9, serviceFunds: 0 }).funds).toBe(true);
    expect(lacksOf({ ...base, collectiveIncome: 4.9, serviceFunds: 2 }).funds).toBe(false);
    expect(lacksOf({ ...base, collectiveIncome: 5, serviceFunds: 0 }).funds).toBe(false);
    expect(lacksOf({ ...base, venueArea: 49 }).venue).toBe(true);
    expect(lacksOf({ ...base, hasVenue: false }).venue).toBe(true);
    expect(lacksOf({ hasPersonInCharge: false, collectiveIncome: 0, serviceFunds: 0, hasVenue: false, venueArea: null }).count).toBe(3);
  });
  it('watches a closed org for one year', () => {
    expect(watchUntil('2026-03-15')).toBe('2027-03-15');
  });
});

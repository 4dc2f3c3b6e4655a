import { describe, expect, it } from 'vitest';
import { canAssignTo, elapsedShare, gapText, targetGapCategory, targetStatus, taskGapCategory } from './rules.js';

describe('elapsedShare', () => {
  it.each([
    [2025, 2027, '2024-12-31', 0],
    [2025, 2027, '2027-12-31', 1],
    [2025, 2027, '2030-06-01', 1],
  ])('%i–%i on %s is %f', (s, e, on, share) => expect(elapsedShare(s, e, on)).toBeCloseTo(share, 3));
  it('is two thirds at the end of the second year of three', () => expect(elapsedShare(2025, 2027, '2026-12-31')).toBeCloseTo(2 / 3, 2));
});

describe('targetStatus', () => {
  const base = { comparator: 'gte' as const, target: 95, baseline: 80, startYear: 2025, endYear: 2027, asOf: '2026-12-31' };
  // expected at two thirds: 80 + 15 × 2/3 = 90; tolerance 0.2 × 15 = 3
  it.each([
    [96, 'met'], [95, 'met'], [91, 'on_track'], [90, 'on_track'], [88, 'at_risk'], [87, 'at_risk'], [86.9, 'behind'], [70, 'behind'],
  ])('value %f is %s', (value, status) => expect(targetStatus({ ...base, value }).status).toBe(status));
  it('has no data without a value', () => expect(targetStatus({ ...base, value: null })).toMatchObject({ status: 'no_data', gap: null, expected: 90 }));
  it('gives the gap to the target', () => expect(targetStatus({ ...base, value: 88 }).gap).toBe(7));
  it('mirrors for "not above" targets', () => {
    const lte = { ...base, comparator: 'lte' as const, target: 5, baseline: 20 }; // expected 10, tolerance 3
    expect(targetStatus({ ...lte, value: 4 }).status).toBe('met');
    expect(targetStatus({ ...lte, value: 10 }).status).toBe('on_track');
    expect(targetStatus({ ...lte, value: 12.5 }).status).toBe('at_risk');
    expect(targetStatus({ ...lte, value: 14 }).status).toBe('behind');
  });
  it('keeps a tolerance when the target only holds the baseline', () => {
    const hold = { ...base, target: 100, baseline: 100 }; // tolerance 0.2 × 10 = 2
    expect(targetStatus({ ...hold, value: 98.5 }).status).toBe('at_risk');
    expect(targetStatus({ ...hold, value: 97 }).status).toBe('behind');
  });
  it('takes the county setting for the tolerance', () => expect(targetStatus({ ...base, value: 88 }, 0.1).status).toBe('behind'));
});

describe('checklist sorting', () => {
  it.each([['at_risk', 'improve'], ['behind', 'rectify'], ['no_data', 'do'], ['met', null], ['on_track', null]] as const)('%s → %s', (s, c) => expect(targetGapCategory(s)).toBe(c));
  it('lists an overdue open task to do, an unaccepted finished one to improve, a closed one never', () => {
    expect(taskGapCategory({ status: 'open', deadline: '2026-11-30' }, '2026-12-02')).toBe('do');
    expect(taskGapCategory({ status: 'open', deadline: '2026-12-30' }, '2026-12-02')).toBeNull();
    expect(taskGapCategory({ status: 'done', deadline: '2026-11-30' }, '2026-12-02')).toBe('improve');
    expect(taskGapCategory({ status: 'closed', deadline: '2026-11-30' }, '2026-12-02')).toBeNull();
  });
  it('states the gap in words', () => {
    expect(gapText({ comparator: 'gte', target: 95, value: 88, expected: 90, unit: '%', status: 'at_risk' })).toBe('目标不低于95%，当前 88%，距目标差 7个百分点；按进度应达 90%');
    expect(gapText({ comparator: 'gte', target: 20, value: null, expected: 10, unit: '个', status: 'no_data' })).toContain('尚无数据');
  });
});

describe('canAssignTo', () => {
  it('hands work down, never up, sideways or to itself', () => {
    expect(canAssignTo('/1/2/', '/1/2/30/')).toBe(true);
    expect(canAssignTo('/1/2/', '/1/2/')).toBe(false);
    expect(canAssignTo('/1/2/', '/1/3/40/')).toBe(false);
    expect(canAssignTo('/1/2/', '/1/')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { cellState, complianceRate, DEFAULT_MEETING_RULES, generalMeetingValidity, governedPeriods, isLate, periodEnd, periodKey, periodsOfYear, type MeetingRule } from './rules.js';

const monthly = DEFAULT_MEETING_RULES.find((r) => r.meetingType === 'themed_party_day')!;
const quarterly = DEFAULT_MEETING_RULES.find((r) => r.meetingType === 'general_meeting')!;

describe('periods', () => {
  it.each([['2026-11-25', 'month', '2026-11'], ['2026-11-25', 'quarter', '2026-Q4'], ['2026-02-01', 'quarter', '2026-Q1'], ['2026-11-25', 'year', '2026']] as const)(
    '%s in a %s is %s', (d, p, k) => expect(periodKey(d, p)).toBe(k));
  it('ends periods on their last day', () => {
    expect(periodEnd('2026-02')).toBe('2026-02-28');
    expect(periodEnd('2024-02')).toBe('2024-02-29');
    expect(periodEnd('2026-Q2')).toBe('2026-06-30');
    expect(periodEnd('2026')).toBe('2026-12-31');
  });
  it('lists the periods of a year', () => {
    expect(periodsOfYear(2026, 'quarter')).toEqual(['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']);
    expect(periodsOfYear(2026, 'month')).toHaveLength(12);
  });
});

describe('rule versions over a year', () => {
  const committee = DEFAULT_MEETING_RULES.find((r) => r.meetingType === 'committee_meeting')!;
  const keys = (history: MeetingRule[]) => governedPeriods(history, 2026).map((p) => `${p.key}:${p.rule.period}`);
  it('gives every period the version in force when it started: monthly until July, quarterly from its first quarter', () => {
    expect(keys([committee, { ...committee, period: 'quarter', effectiveFrom: '2026-07-01' }]))
      .toEqual(['2026-01:month', '2026-02:month', '2026-03:month', '2026-04:month', '2026-05:month', '2026-06:month', '2026-Q3:quarter', '2026-Q4:quarter']);
  });
  it('lets a period already running keep its rule: a change on 15 August takes effect with the next quarter, months run on until then', () => {
    expect(keys([committee, { ...committee, period: 'quarter', effectiveFrom: '2026-08-15' }]).slice(-3)).toEqual(['2026-08:month', '2026-09:month', '2026-Q4:quarter']);
  });
  it('asks two a month from the month after a mid-month change', () => {
    const p = governedPeriods([committee, { ...committee, minPerPeriod: 2, effectiveFrom: '2026-03-10' }], 2026);
    expect(p.map((x) => x.rule.minPerPeriod)).toEqual([1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2]);
  });
  it('asks nothing before the first version, and a version of next year changes nothing this year', () => {
    expect(keys([{ ...committee, effectiveFrom: '2026-11-01' }])).toEqual(['2026-11:month', '2026-12:month']);
    expect(keys([committee, { ...committee, period: 'year', effectiveFrom: '2027-01-01' }])).toHaveLength(12);
  });
});

describe('late entry', () => {
  it('is late after seven days', () => {
    expect(isLate('2026-11-01', '2026-11-08')).toBe(false);
    expect(isLate('2026-11-01', '2026-11-09')).toBe(true);
    expect(isLate('2026-11-01', '2026-11-04', 2)).toBe(true);
  });
});

describe('general meeting validity', () => {
  it('needs more than half of the voting members present', () => {
    expect(generalMeetingValidity({ votingTotal: 10, votingPresent: 5, resolutions: [] }).quorate).toBe(false);
    expect(generalMeetingValidity({ votingTotal: 10, votingPresent: 6, resolutions: [] }).quorate).toBe(true);
  });
  it('passes a resolution with more than half of ALL voting members, not of those present', () => {
    const v = generalMeetingValidity({ votingTotal: 10, votingPresent: 7, resolutions: [{ text: '甲', yes: 5 }, { text: '乙', yes: 6 }] });
    expect(v.resolutions.map((r) => r.passed)).toEqual([false, true]);
  });
});

describe('compliance cells', () => {
  const done = { isLate: false, quorate: true };
  it.each([
    [monthly, '2026-10', [done], 'held'],
    [monthly, '2026-10', [{ isLate: true, quorate: true }], 'late'],
    [monthly, '2026-10', [], 'missing'],
    [monthly, '2026-11', [], 'due'],
    [monthly, '2026-12', [], 'future'],
    [quarterly, '2026-Q3', [{ isLate: false, quorate: false }], 'below_quorum'],
    [quarterly, '2026-Q4', [done], 'held'],
  ] as const)('%#: %s %s → %s', (rule, key, recs, state) => {
    expect(cellState(rule, key, '2026-11-25', [...recs], true)).toBe(state);
  });
  it('leaves out what is not required, not yet due or running', () => {
    expect(cellState(monthly, '2026-10', '2026-11-25', [], false)).toBe('not_required');
    const cells = [{ state: 'held', key: '2026-09' }, { state: 'late', key: '2026-10' }, { state: 'missing', key: '2026-Q3' },
      { state: 'due', key: '2026-11' }, { state: 'future', key: '2026-12' }, { state: 'not_required', key: '2026-08' }] as const;
    expect(complianceRate([...cells], '2026-11-25')).toBeCloseTo(2 / 3);
    expect(complianceRate([{ state: 'future', key: '2026-12' }], '2026-11-25')).toBeNull();
  });
  it('leaves a running period out whether or not it is already done (figure meetings.compliance)', () => {
    // November is running on the 25th: held or not, it does not move the rate until it is over
    const over = [{ state: 'held', key: '2026-10' }, { state: 'missing', key: '2026-09' }] as const;
    expect(complianceRate([...over, { state: 'held', key: '2026-11' }], '2026-11-25')).toBe(0.5);
    expect(complianceRate([...over, { state: 'due', key: '2026-11' }], '2026-11-25')).toBe(0.5);
    expect(complianceRate([...over, { state: 'held', key: '2026-11' }], '2026-12-01')).toBeCloseTo(2 / 3);
  });
});

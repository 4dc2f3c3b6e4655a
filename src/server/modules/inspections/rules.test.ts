import { describe, expect, it } from 'vitest';
import { ageBand, closureRate, escalationTarget, isOverdue, remindDue, transition, type Action } from './rules.js';
import { RECTIFICATION_STATUSES, type RectificationStatus } from './tables.js';

describe('rectification transitions', () => {
  const ok = (s: RectificationStatus, a: Action) => { const r = transition(s, a); return 'to' in r ? r.to : null; };
  it('moves an item to closure only through acceptance', () => {
    expect(ok('open', 'progress')).toBe('in_progress');
    expect(ok('in_progress', 'request_acceptance')).toBe('pending_acceptance');
    expect(ok('pending_acceptance', 'return')).toBe('in_progress');
    expect(ok('pending_acceptance', 'accept')).toBe('accepted');
    expect(ok('accepted', 'close')).toBe('closed');
    for (const s of RECTIFICATION_STATUSES.filter((x) => x !== 'accepted')) {
      const r = transition(s, 'close');
      expect('error' in r && r.error, s).toBeTruthy();
    }
    expect(transition('in_progress', 'close')).toEqual({ error: '未经验收通过的事项不能销号' });
  });
  it('refuses acceptance steps outside the pending state and reports after closure', () => {
    for (const s of ['open', 'in_progress', 'accepted', 'closed'] as const) {
      expect(ok(s, 'accept')).toBeNull();
      expect(ok(s, 'return')).toBeNull();
    }
    expect(ok('closed', 'progress')).toBeNull();
    expect(ok('pending_acceptance', 'request_acceptance')).toBeNull();
  });
});

describe('deadlines and escalation', () => {
  it('is overdue after the deadline until accepted', () => {
    expect(isOverdue({ status: 'in_progress', deadline: '2026-11-30' }, '2026-12-01')).toBe(true);
    expect(isOverdue({ status: 'in_progress', deadline: '2026-12-01' }, '2026-12-01')).toBe(false);
    expect(isOverdue({ status: 'accepted', deadline: '2026-11-30' }, '2026-12-01')).toBe(false);
  });
  it('reminds within the window only, and never after the deadline', () => {
    expect(remindDue({ status: 'open', deadline: '2026-12-08' }, '2026-12-01', 7)).toBe(true);
    expect(remindDue({ status: 'open', deadline: '2026-12-09' }, '2026-12-01', 7)).toBe(false);
    expect(remindDue({ status: 'open', deadline: '2026-11-30' }, '2026-12-01', 7)).toBe(false);
    expect(remindDue({ status: 'closed', deadline: '2026-12-03' }, '2026-12-01', 7)).toBe(false);
  });
  it('escalates to the parent on the path, and nowhere from the county root', () => {
    expect(escalationTarget('/1/17/342/')).toBe(17);
    expect(escalationTarget('/1/')).toBeNull();
  });
  it('bands the age and computes the on-time closure rate', () => {
    expect(ageBand('2026-11-01', '2026-12-01')).toBe('30 天以内');
    expect(ageBand('2026-10-01', '2026-12-01')).toBe('31–90 天');
    expect(ageBand('2026-01-01', '2026-12-01')).toBe('180 天以上');
    expect(closureRate([])).toBeNull();
    expect(closureRate([{ deadline: '2026-06-30', acceptedOn: '2026-06-30' }, { deadline: '2026-06-30', acceptedOn: '2026-07-01' }, { deadline: '2026-06-30', acceptedOn: null }])).toBeCloseTo(1 / 3);
  });
});

import { describe, expect, it } from 'vitest';
import { annualRequirement, checkinToken, checkinWindow, completion, gradeAttempt, parseToken, TOKEN_WINDOW_MS, verifyToken } from './rules.js';

describe('training rules', () => {
  const t0 = Date.UTC(2026, 10, 25, 1, 0, 0);
  it('accepts a token in its window and the next, refuses it later as expired and a changed one as forged', () => {
    const { token } = checkinToken('s3cret', 7, t0);
    const p = parseToken(token)!;
    expect(p.sessionId).toBe(7);
    expect(verifyToken('s3cret', p, t0)).toBe('ok');
    expect(verifyToken('s3cret', p, t0 + TOKEN_WINDOW_MS)).toBe('ok');
    expect(verifyToken('s3cret', p, t0 + 3 * TOKEN_WINDOW_MS)).toBe('expired');
    expect(verifyToken('other', p, t0)).toBe('forged');
    expect(verifyToken('s3cret', { ...p, sessionId: 8 }, t0)).toBe('forged');
    expect(parseToken('not a token')).toBeNull();
  });
  it('opens check-in 30 minutes before the start, marks late after the threshold, closes at the end', () => {
    const s = { heldOn: '2026-11-25', startsAt: '08:30', endsAt: '11:30' };
    expect(checkinWindow(s, { date: '2026-11-25', minutes: 7 * 60 + 59 }, 10)).toEqual({ open: false, late: false });
    expect(checkinWindow(s, { date: '2026-11-25', minutes: 8 * 60 }, 10)).toEqual({ open: true, late: false });
    expect(checkinWindow(s, { date: '2026-11-25', minutes: 8 * 60 + 40 }, 10)).toEqual({ open: true, late: false });
    expect(checkinWindow(s, { date: '2026-11-25', minutes: 8 * 60 + 41 }, 10)).toEqual({ open: true, late: true });
    expect(checkinWindow(s, { date: '2026-11-25', minutes: 11 * 60 + 31 }, 10).open).toBe(false);
    expect(checkinWindow(s, { date: '2026-11-26', minutes: 9 * 60 }, 10).open).toBe(false);
  });
  it('does not complete a trainee on leave for more than a seventh of the hours, absent, failed or without reflection', () => {
    const base = { totalHours: 35, attendedHours: 30, leaveHours: 5, absentHours: 0, leaveLimit: 1 / 7, testRequired: true, testPassed: true, reflectionRequired: true, reflectionSubmitted: true };
    expect(completion(base)).toEqual({ completed: true, reasons: [] });
    expect(completion({ ...base, leaveHours: 5.5 }).reasons).toEqual(['请假 5.5 学时，超过总学时的七分之一']);
    expect(completion({ ...base, absentHours: 3 }).reasons).toEqual(['缺勤 3 学时']);
    expect(completion({ ...base, testPassed: false, reflectionSubmitted: false }).reasons).toEqual(['结业测试未通过', '未提交学习心得']);
    expect(completion({ ...base, testRequired: false, testPassed: false }).completed).toBe(true);
  });
  it('grades all-or-nothing per question, multiple choice needing every right option', () => {
    const qs = [{ id: 1, answer: [2] }, { id: 2, answer: [0, 3] }, { id: 3, answer: [0] }];
    expect(gradeAttempt(qs, { 1: [2], 2: [3, 0], 3: [1] }, 10).score).toBe(20);
    expect(gradeAttempt(qs, { 1: [2], 2: [0] }, 10).score).toBe(10);
  });
  it('requires 90 hours of cadres, 56 of secretaries and committee members, 32 of members', () => {
    expect(annualRequirement({ isCadre: true, isSecretaryOrCommittee: true })).toBe(90);
    expect(annualRequirement({ isCadre: false, isSecretaryOrCommittee: true })).toBe(56);
    expect(annualRequirement({ isCadre: false, isSecretaryOrCommittee: false })).toBe(32);
  });
});

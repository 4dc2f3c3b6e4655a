import { describe, expect, it } from 'vitest';
import { afterFailure, isIdleExpired, isLocked, passwordProblems } from './rules.js';

describe('password policy', () => {
  it.each([['Jiceng@2026', null], ['short1A', '至少 8 位'], ['abcdefgh1', '三类'], ['ABCDEFGH1a', null], ['abcdefgh#1', null]])(
    '%s', (pw, problem) => {
      const p = passwordProblems(pw);
      if (problem === null) expect(p).toBeNull(); else expect(p).toContain(problem);
    });
});

describe('lockout', () => {
  const now = new Date('2026-11-25T08:00:00Z');
  it('locks on the fifth failure for ten minutes and resets the count', () => {
    let s = { failedLogins: 0, lockedUntil: null as Date | null };
    for (let i = 0; i < 4; i++) { const n = afterFailure(s, now, 5, 10); expect(n.nowLocked).toBe(false); s = n; }
    const fifth = afterFailure(s, now, 5, 10);
    expect(fifth.nowLocked).toBe(true);
    expect(fifth.lockedUntil!.toISOString()).toBe('2026-11-25T08:10:00.000Z');
    expect(isLocked(fifth, new Date('2026-11-25T08:09:59Z'))).toBe(true);
    expect(isLocked(fifth, new Date('2026-11-25T08:10:01Z'))).toBe(false);
  });
  it('expires a session idle for more than 30 minutes', () => {
    expect(isIdleExpired(new Date('2026-11-25T07:30:00Z'), now, 30)).toBe(false);
    expect(isIdleExpired(new Date('2026-11-25T07:29:59Z'), now, 30)).toBe(true);
  });
});

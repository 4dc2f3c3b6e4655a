import { describe, expect, it } from 'vitest';
import { checkIdNumber } from '../core/idcard.js';
import { memberProblems } from '../modules/members/rules.js';
import { generateCounty } from './generate.js';

const opts = { seed: 7, countyId: 1, countyName: '云岭县', regionCode: '530121', firstOrgId: 1, firstMemberId: 1, scale: 1, today: '2026-11-25' };

describe('demo county generator', () => {
  const g = generateCounty(opts);
  it('is deterministic', () => {
    const again = generateCounty(opts);
    expect(again.members.slice(0, 50)).toEqual(g.members.slice(0, 50));
    expect(again.orgs.length).toBe(g.orgs.length);
  });
  it('makes a county of the size the issue describes', () => {
    expect(g.orgs.length).toBeGreaterThan(1300);
    expect(g.members.length).toBeGreaterThan(24000);
    expect(g.orgs.filter((o) => o.orgType === 'township_committee')).toHaveLength(15);
    expect(g.orgs.filter((o) => o.orgType === 'sector_committee')).toHaveLength(8);
    expect(g.orgs.filter((o) => o.category === 'village' || o.category === 'community').length).toBeGreaterThan(230);
  });
  it('makes only records that pass the register checks, with unique ID numbers', () => {
    for (const m of g.members) expect(memberProblems(m, opts.today)).toEqual([]);
    expect(new Set(g.members.map((m) => m.idNumber)).size).toBe(g.members.length);
    expect(g.members.every((m) => checkIdNumber(m.idNumber).ok)).toBe(true);
  });
  it('includes the irregular cases a real county has', () => {
    expect(g.members.some((m) => m.isFloating)).toBe(true);
    expect(g.members.some((m) => m.isLostContact)).toBe(true);
    expect(g.members.some((m) => m.memberCategory === 'probationary')).toBe(true);
    expect(g.orgs.some((o) => o.termEnd && o.termEnd < opts.today)).toBe(true);
    expect(g.posts.some((p) => p.post === 'secretary' && p.endedOn)).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { memberProblems, partyAgeYears, type MemberFacts } from './rules.js';

const ok: MemberFacts = { idNumber: '11010519491231002X', birthDate: '1949-12-31', gender: '2', memberCategory: 'full', joinDate: '1975-07-01', fullMemberDate: '1976-07-01' };
const fields = (f: Partial<MemberFacts>) => memberProblems({ ...ok, ...f }, '2026-11-25').map((e) => e.field);

describe('member record checks', () => {
  it('passes a consistent record', () => expect(fields({})).toEqual([]));
  it.each([
    [{ idNumber: '110105194912310021' }, ['idNumber']],
    [{ birthDate: '1949-12-30' }, ['birthDate']],
    [{ gender: '1' }, ['gender']],
    [{ joinDate: '1966-01-01', fullMemberDate: '1967-01-01' }, ['joinDate']],
    [{ fullMemberDate: null }, ['fullMemberDate']],
    [{ fullMemberDate: '1975-01-01' }, ['fullMemberDate']],
    [{ memberCategory: 'probationary' }, ['fullMemberDate']],
    [{ memberCategory: 'probationary', fullMemberDate: null }, []],
    [{ isFloating: true }, ['floatingSince']],
    [{ isLostContact: true, lostContactSince: '2024-01-01' }, []],
    [{ joinDate: '2027-01-01', fullMemberDate: '2028-01-01' }, ['joinDate', 'fullMemberDate']],
  ] as [Partial<MemberFacts>, string[]][])('%o → %o', (f, expected) => expect(fields(f)).toEqual(expected));
});

describe('party age', () => {
  it('counts whole years from becoming a full member', () => {
    expect(partyAgeYears('1976-07-01', '2026-06-30')).toBe(49);
    expect(partyAgeYears('1976-07-01', '2026-07-01')).toBe(50);
    expect(partyAgeYears(null, '2026-07-01')).toBeNull();
  });
});

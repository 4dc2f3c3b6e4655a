import { describe, expect, it } from 'vitest';
import { CLASSES_COUNTING_FOR, matchEducation, matchEthnicity, matchGender, matchMemberCategory, TARGET_GROUPS } from './codes.js';

describe('code tables match codes and labels alike (docs/registers.md)', () => {
  it.each([['01', '01'], ['1', '01'], ['汉', '01'], ['汉族', '01'], ['土家族', '15'], ['57', '97'], ['58', '98'], ['火星族', null]])(
    'ethnicity %s → %s', (raw, code) => expect(matchEthnicity(raw)).toBe(code));
  it.each([['1', '1'], ['男', '1'], ['女', '2'], ['2', '2'], ['x', null]])('gender %s → %s', (raw, code) => expect(matchGender(raw)).toBe(code));
  it.each([['大学', '21'], ['21', '21'], ['本科', '21'], ['大专', '22'], ['初中', '71'], ['1A', '1A']])('education %s → %s', (raw, code) => expect(matchEducation(raw)).toBe(code));
  it.each([['正式党员', 'full'], ['预备党员', 'probationary'], ['预备', 'probationary'], ['2', 'probationary']])('category %s → %s', (raw, code) => expect(matchMemberCategory(raw)).toBe(code));
});

describe('classes counting for coverage', () => {
  it('lets a village secretaries\' class train 党组织书记 and 党务工作者, but not the reverse for narrower groups', () => {
    expect(CLASSES_COUNTING_FOR.secretaries).toContain('village_secretaries');
    expect(CLASSES_COUNTING_FOR.party_workers).toEqual(expect.arrayContaining(['party_workers', 'secretaries', 'village_secretaries']));
    expect(CLASSES_COUNTING_FOR.secretaries).not.toContain('party_workers');
    expect(CLASSES_COUNTING_FOR.members).toEqual([...TARGET_GROUPS]);
  });
});

import { describe, expect, it } from 'vitest';
import { checkIdNumber, checkUscc, maskIdNumber, withIdCheckDigit, withUsccCheck } from './idcard.js';

describe('GB 11643 ID numbers', () => {
  it.each([
    ['11010519491231002X', true],
    ['11010519491231002x', true],
    ['110105194912310021', false],
    ['11010519491331002X', false],
    ['110105491231002', false],
    ['01010519491231002X', false],
    ['1101051949123100', false],
  ])('%s valid=%s', (v, ok) => {
    expect(checkIdNumber(v).ok).toBe(ok);
  });
  it('derives birth date and gender, and normalises a lower-case x', () => {
    const r = checkIdNumber('11010519491231002x');
    expect(r).toEqual({ ok: true, normalized: '11010519491231002X', birthDate: '1949-12-31', gender: '2' });
  });
  it('names the reason in Chinese', () => {
    expect(checkIdNumber('110105194912310021')).toEqual({ ok: false, reason: '校验位不正确' });
    expect(checkIdNumber('110105491231002')).toMatchObject({ ok: false, reason: expect.stringContaining('15 位') });
  });
  it('makes a valid check digit', () => {
    expect(withIdCheckDigit('11010519491231002')).toBe('11010519491231002X');
  });
  it('masks all but the region and the last four', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
  });
});

describe('GB 32100 unified social credit codes', () => {
  it('accepts a valid code and rejects a wrong check character or letter', () => {
    expect(checkUscc('91350100M000100Y43')).toBeNull();
    expect(checkUscc('91350100M000100Y44')).toBe('校验位不正确');
    expect(checkUscc('91350100M000100YI3')).toContain('不允许的字符');
    expect(checkUscc('9135')).toBe('应为 18 位');
  });
  it('computes the check character so that generated codes pass', () => {
    expect(withUsccCheck('91350100M000100Y4')).toBe('91350100M000100Y43');
    for (const body of ['91530121MA6K0000', '52530121MJ0000000'.slice(0, 17), '9153012131234567X'.slice(0, 17)]) {
      const code = withUsccCheck(body.padEnd(17, '1'));
      expect(checkUscc(code)).toBeNull();
      expect(checkUscc(code.slice(0, 17) + (code[17] === '0' ? '1' : '0'))).toBe('校验位不正确');
    }
  });
});

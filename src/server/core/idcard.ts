/** GB 11643-1999 公民身份号码 and GB 32100-2015 统一社会信用代码 checks (docs/registers.md §4). Pure. */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

export type IdCheck =
  | { ok: true; normalized: string; birthDate: string; gender: '1' | '2' }
  | { ok: false; reason: string };

export function checkIdNumber(input: string): IdCheck {
  const v = input.trim().toUpperCase();
  if (/^\d{15}$/.test(v)) return { ok: false, reason: '15 位旧身份证号，请换成 18 位号码' };
  if (!/^\d{17}[\dX]$/.test(v)) return { ok: false, reason: '应为 18 位，前 17 位为数字，末位为数字或 X' };
  if (!/^[1-9]\d{5}$/.test(v.slice(0, 6)) || !/^[1-8]/.test(v)) return { ok: false, reason: '行政区划代码不正确' };
  const y = Number(v.slice(6, 10)), m = Number(v.slice(10, 12)), d = Number(v.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return { ok: false, reason: '出生日期部分不是有效日期' };
  }
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(v[i]) * ID_WEIGHTS[i]!;
  if (ID_CHECK[s % 11] !== v[17]) return { ok: false, reason: '校验位不正确' };
  const birthDate = `${v.slice(6, 10)}-${v.slice(10, 12)}-${v.slice(12, 14)}`;
  return { ok: true, normalized: v, birthDate, gender: Number(v[16]) % 2 === 1 ? '1' : '2' };
}

/** Make a valid ID number from its first 17 digits (demo data and tests). */
export function withIdCheckDigit(first17: string): string {
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(first17[i]) * ID_WEIGHTS[i]!;
  return first17 + ID_CHECK[s % 11];
}

/** 110105********002X: the region and the last four stay visible. */
export function maskIdNumber(v: string): string {
  if (v.length < 10) return '*'.repeat(v.length);
  return v.slice(0, 6) + '*'.repeat(v.length - 10) + v.slice(-4);
}

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** Returns null when valid, else a reason. Early pilot codes fail legitimately: callers warn, not reject. */
export function checkUscc(input: string): string | null {
  const v = input.trim().toUpperCase();
  if (v.length !== 18) return '应为 18 位';
  for (const ch of v) if (!USCC_CHARS.includes(ch)) return `含有不允许的字符「${ch}」`;
  let s = 0;
  for (let i = 0; i < 17; i++) s += USCC_CHARS.indexOf(v[i]!) * USCC_WEIGHTS[i]!;
  let c = 31 - (s % 31);
  if (c === 31) c = 0;
  return USCC_CHARS[c] === v[17] ? null : '校验位不正确';
}

/** The 18-character code for 17 given characters (for generated demo data and tests). */
export function withUsccCheck(first17: string): string {
  let s = 0;
  for (let i = 0; i < 17; i++) s += USCC_CHARS.indexOf(first17[i]!) * USCC_WEIGHTS[i]!;
  const c = (31 - (s % 31)) % 31;
  return first17 + USCC_CHARS[c];
}

/**
 * Values as people type them in their own rosters. Each parser returns the value or null; the caller names the
 * error, with the column and the text the user sees (cellText).
 */
import type { Cell } from './types.js';

/** Full-width ASCII (Ｘ, ２０１９, －) to half width, the ideographic space to a space. */
export function foldWidth(s: string): string {
  return s.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

const isoDate = (d: Date) => d.toISOString().slice(0, 10);

/** A number as its decimal text, never in exponent form (1.1e17 is what a user never typed). */
function numberText(n: number): string {
  const s = String(n);
  return /e/i.test(s) ? n.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 }) : s;
}

/** What the user sees in the cell: dates as YYYY-MM-DD, numbers in plain decimals, flags as TRUE/FALSE; '' for empty. */
export function cellText(c: Cell): string {
  if (c == null) return '';
  if (c instanceof Date) return Number.isNaN(c.getTime()) ? '' : isoDate(c);
  if (typeof c === 'number') return numberText(c);
  if (typeof c === 'boolean') return c ? 'TRUE' : 'FALSE';
  return c;
}

/**
 * An ID number saved as a number: a JS number (like Excel) keeps 15 significant digits, so an 18-digit ID has
 * lost its last digits, and a CSV saved by Excel shows it as 1.10105E+17.
 */
export function isNumericId(c: Cell): boolean {
  if (typeof c === 'number') return Number.isInteger(c) && Math.abs(c) >= 1e14;
  if (typeof c !== 'string') return false;
  const m = /^\s*\d(?:\.\d+)?E\+?(\d+)\s*$/i.exec(foldWidth(c));
  return !!m && Number(m[1]) >= 14;
}

// --- dates ---------------------------------------------------------------------------------------------------

/** The last day Excel can show (9999-12-31). */
const MAX_SERIAL = 2_958_465;

/**
 * Excel serial day: 1 is 1900-01-01, and Excel counts a 1900-02-29 that never was (serial 60), so from serial 61
 * on the days are counted from 1899-12-30.
 */
export function serialDate(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial >= MAX_SERIAL + 1) return null;
  const day = Math.floor(serial);
  if (day === 60) return null;
  const base = day < 60 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
  return isoDate(new Date(base + day * 86_400_000));
}

function ymd(y: number, m: number, d: number): string | null {
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d ? isoDate(dt) : null;
}

const FULL_DATE = [
  /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?$/,
  /^(\d{4})(\d{2})(\d{2})$/,
];
const YEAR_MONTH = [
  /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?(?:份)?$/,
  /^(\d{4})(\d{2})$/,
];

/**
 * A date as 'YYYY-MM-DD' from a date cell, an Excel serial number, or text typed any common way: 2019-07-01,
 * 2019/7/1, 2019.07.01, 2019年7月1日, 20190701, full-width digits, with a time after it; a year and month (2019-7,
 * 2019.07, 201907, 2019年7月) is its first day, for every date field, since many rosters keep 入党时间 so.
 * `monthOnly` keeps only the year and month (a field the register holds as yyyy-MM). Two-digit years, impossible
 * days and a bare year are refused: a number 1900–2100 is a year someone typed, not a serial in 1905.
 */
export function parseDate(c: Cell, opts: { monthOnly?: boolean } = {}): string | null {
  const d = parseDay(c);
  return d && opts.monthOnly ? `${d.slice(0, 7)}-01` : d;
}

/** A roster repeats the same few dates thousands of times: the text forms are parsed once each. */
const dayCache = new Map<string, string | null>();

function parseDay(c: Cell): string | null {
  if (typeof c === 'string') {
    let d = dayCache.get(c);
    if (d === undefined) {
      if (dayCache.size > 50_000) dayCache.clear();
      d = parseDayUncached(c);
      dayCache.set(c, d);
    }
    return d;
  }
  return parseDayUncached(c);
}

function parseDayUncached(c: Cell): string | null {
  if (c == null || typeof c === 'boolean') return null;
  if (c instanceof Date) return Number.isNaN(c.getTime()) ? null : ymd(c.getUTCFullYear(), c.getUTCMonth() + 1, c.getUTCDate());
  if (typeof c === 'number') {
    if (Number.isInteger(c) && c >= 1900_01_01 && c <= 2100_12_31) return parseDayText(String(c));
    if (Number.isInteger(c) && c >= 1900_01 && c <= 2100_12) return parseDayText(String(c));
    if (c >= 1900 && c <= 2100) return null;
    return serialDate(c);
  }
  return parseDayText(c);
}

function parseDayText(raw: string): string | null {
  const v = foldWidth(raw).trim()
    .replace(/(?:\s+|T)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/, '')
    .replace(/(?:\s+|T)00:00:00$/, '');
  if (!v) return null;
  for (const re of FULL_DATE) {
    const m = re.exec(v);
    if (m) return ymd(Number(m[1]), Number(m[2]), Number(m[3]));
  }
  for (const re of YEAR_MONTH) {
    const m = re.exec(v);
    if (m) return ymd(Number(m[1]), Number(m[2]), 1);
  }
  // a serial typed or exported as text (a CSV of a sheet whose date format was lost)
  if (/^\d{5}(\.\d+)?$/.test(v)) return serialDate(Number(v));
  return null;
}

// --- flags, IDs, phones, names ---------------------------------------------------------------------------------

const YES = new Set(['是', '√', '✓', '✔', 'Y', 'YES', '1', 'TRUE', '是的']);
const NO = new Set(['否', '×', '✗', '✘', 'N', 'NO', '0', 'FALSE', '不是']);

/** 是/否, √/×, Y/N, yes/no, 1/0, true/false (and flag cells); empty is 否; anything else null. */
export function parseYesNo(c: Cell): boolean | null {
  if (c == null) return false;
  if (typeof c === 'boolean') return c;
  if (typeof c === 'number') return c === 1 ? true : c === 0 ? false : null;
  if (c instanceof Date) return null;
  const v = foldWidth(c).trim().toUpperCase();
  if (!v) return false;
  return YES.has(v) ? true : NO.has(v) ? false : null;
}

/**
 * An ID number: spaces (half or full width) and a leading text mark (') dropped, full-width digits folded, x as X.
 * The 18-character number or a legacy 15-digit one; null otherwise, and for a number that cannot hold the ID
 * exactly (see isNumericId). The checksum is the caller's (core/idcard).
 */
export function normaliseIdNumber(c: Cell): string | null {
  if (c == null || typeof c === 'boolean' || c instanceof Date) return null;
  if (typeof c === 'number') {
    if (!Number.isSafeInteger(c)) return null;
    const s = String(c);
    return /^\d{15}$/.test(s) ? s : null;
  }
  const v = foldWidth(c).replace(/^['‘’]/, '').replace(/\s/g, '').toUpperCase();
  return /^\d{17}[\dX]$/.test(v) || /^\d{15}$/.test(v) ? v : null;
}

/**
 * A phone number as its digits: dashes, spaces, dots and brackets dropped, a +86 / 0086 prefix dropped. A mobile
 * number (11 digits, 1[3-9]…) or a landline with its area code (0 + 2–3 digits, then 7–8 digits); null otherwise.
 */
export function normalisePhone(c: Cell): string | null {
  if (c == null || typeof c === 'boolean' || c instanceof Date) return null;
  let v = typeof c === 'number' ? (Number.isSafeInteger(c) ? String(c) : '') : foldWidth(c);
  v = v.replace(/[\s\-–—.()（）[\]【】]/g, '');
  v = v.replace(/^(?:\+|00)86/, '');
  if (/^86(1[3-9]\d{9})$/.test(v)) v = v.slice(2);
  if (!/^\d+$/.test(v)) return null;
  if (/^1[3-9]\d{9}$/.test(v)) return v;
  if (/^0\d{2,3}\d{7,8}$/.test(v) && v.length <= 12) return v;
  return null;
}

/**
 * A person's name as it should be kept: full-width letters folded, the middle dot of minority names made one
 * character (·), spaces between Chinese characters removed ("张 三" → 张三), one space between other words.
 */
const NAME_NEEDS_WORK = /[\uff01-\uff5e\u3000\s\u2022\u30fb\uff65\u2027\u00b7\u0387]/;

export function normaliseName(c: Cell): string | null {
  if (c == null || typeof c === 'boolean' || c instanceof Date || typeof c === 'number') return null;
  // most names need nothing done
  if (!NAME_NEEDS_WORK.test(c)) return c || null;
  const v = foldWidth(c)
    .replace(/[\u2022\u30fb\uff65\u2027\u00b7\u0387]/g, '·')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\s*·\s*/g, '·')
    .replace(/(\p{Script=Han}) (?=\p{Script=Han})/gu, '$1');
  return v || null;
}

/**
 * Where a user's roster begins and ends: the header row (or two) under titles and notes, the totals and signature
 * lines below the table, and which sheet of a workbook is the roster. Pure functions over the first rows.
 */
import { fieldFor, isSerialLabel } from './fields.js';
import type { Cell, FieldDef, Header, RawRow } from './types.js';

/** How far down a header is looked for. */
export const HEADER_SCAN_ROWS = 30;

const labelOf = (c: Cell | undefined) => (typeof c === 'string' ? c.trim() : '');
const isBlank = (c: Cell | undefined) => c == null || (typeof c === 'string' && !c.trim());

/** A row matches as many distinct fields (a serial column counting as one) as its cells name. */
function score(labels: string[], fields: FieldDef[]): number {
  const keys = new Set<string>();
  for (const l of labels) {
    if (!l) continue;
    if (isSerialLabel(l)) keys.add('#serial');
    else {
      const f = fieldFor(fields, l);
      if (f) keys.add(f.key);
    }
  }
  return keys.size;
}

const names = (fields: FieldDef[], label: string) => !!label && (isSerialLabel(label) || !!fieldFor(fields, label));

/** Two matches make a header; three where the list has many fields (where two could be chance). */
const minScore = (fields: FieldDef[]) => (fields.length >= 10 ? 3 : 2);

/** A cell a header could hold: text, not long, without a colon (a note says "填报单位：…"), not a number. */
const labelLike = (c: Cell | undefined) => typeof c === 'string' && c.trim().length <= 40 && !/[:：]/.test(c) && !/^\d+$/.test(c.trim());

/**
 * Whether `lower` continues the header `upper` begins: it names fields in columns where the upper row is empty or
 * holds a group label (one label over several columns, merged: the cells to its right are empty and the lower row
 * has labels under them). Both rows hold only labels; a title or a note above is not a header row.
 */
function continues(upper: RawRow, lower: RawRow, fields: FieldDef[]): boolean {
  const u = upper.cells;
  const l = lower.cells;
  if (u.filter((c) => !isBlank(c)).length < 2) return false;
  if (![...u, ...l].every((c) => isBlank(c) || labelLike(c))) return false;
  const width = Math.max(u.length, l.length);
  for (let i = 0; i < width; i++) {
    if (!names(fields, labelOf(l[i]))) continue;
    if (isBlank(u[i])) return true;
    const group = isBlank(u[i + 1]) && !isBlank(l[i + 1]);
    if (group) return true;
  }
  return false;
}

function headerOf(rows: RawRow[]): Header {
  const lower = rows[rows.length - 1]!;
  const upper = rows.length > 1 ? rows[0]! : null;
  const width = Math.max(lower.cells.length, upper?.cells.length ?? 0);
  const columns: Header['columns'] = [];
  for (let index = 0; index < width; index++) {
    const label = labelOf(lower.cells[index]) || labelOf(upper?.cells[index]);
    if (label) columns.push({ index, label });
  }
  return { row: lower.rowNumber, depth: upper ? 2 : 1, columns };
}

/**
 * The header of a sheet from its first rows: the row naming the most fields (titles, notes and blank rows above it
 * are passed over), joined with the row below or above when the two make a two-row header ("入党时间" over
 * "入党日期 | 转正日期"): each column's label is the lower one where present, else the upper one. Null when no row
 * names enough fields.
 */
export function findHeader(head: RawRow[], fields: FieldDef[]): Header | null {
  const rows = head.slice(0, HEADER_SCAN_ROWS);
  let best = -1;
  let bestScore = 0;
  rows.forEach((r, i) => {
    const s = score(r.cells.map(labelOf), fields);
    if (s > bestScore) { best = i; bestScore = s; }
  });
  const row = rows[best];
  if (!row || bestScore < minScore(fields)) return null;
  const below = rows[best + 1];
  if (below && below.rowNumber === row.rowNumber + 1 && continues(row, below, fields)) return headerOf([row, below]);
  const above = rows[best - 1];
  if (above && above.rowNumber === row.rowNumber - 1 && continues(above, row, fields)) return headerOf([above, row]);
  return headerOf([row]);
}

const TOTALS = /^(合计|总计|小计|共计)/;
const SIGNATURES = /(填表人|填报人|审核人|审批人|制表人|统计人|负责人|联系人|填报日期|填表日期|制表日期|报送日期)\s*[:：]/;
const SIGNATURE_WORDS = /^(填表人|填报人|审核人|制表人|负责人|填报日期|填表日期|制表日期|单位（盖章）|单位\(盖章\))[:：]?$/;

/**
 * A row below the table that is not a record: blank; totals (the first non-empty cells say 合计, 总计, 小计);
 * signature lines (填表人：, 审核人：, 填报日期：, 单位（盖章）…).
 */
export function isTrailerRow(row: RawRow): boolean {
  const texts = row.cells.filter((c) => !isBlank(c)).map((c) => (typeof c === 'string' ? c.replace(/[\s\u3000]/g, '') : ''));
  if (!texts.length) return true;
  if (texts.slice(0, 2).some((t) => TOTALS.test(t))) return true;
  if (SIGNATURE_WORDS.test(texts[0]!)) return true;
  return texts.some((t) => SIGNATURES.test(t) || t.includes('盖章'));
}

/** The sheet whose header names the most fields (the roster rather than a cover or a notes sheet); the first on a tie. */
export function proposeSheet(heads: { sheet: number; head: RawRow[] }[], fields: FieldDef[]): number {
  let best = heads[0]?.sheet ?? 0;
  let bestScore = 0;
  for (const { sheet, head } of heads) {
    const h = findHeader(head, fields);
    const s = h ? score(h.columns.map((c) => c.label), fields) : 0;
    if (s > bestScore) { best = sheet; bestScore = s; }
  }
  if (bestScore === 0) {
    const first = heads.find((h) => h.head.some((r) => r.cells.some((c) => !isBlank(c))));
    if (first) best = first.sheet;
  }
  return best;
}

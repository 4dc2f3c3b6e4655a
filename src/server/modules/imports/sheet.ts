/**
 * From an uploaded file to the rows of its roster: open it, choose the sheet, find (or take) the header, map its
 * columns. The same for every kind of import; what a row means is the kind's own (member-rows, org-rows).
 */
import crypto from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Actor } from '../../core/actor.js';
import type { Db } from '../../core/db.js';
import { errors } from '../../core/errors.js';
import { writeErrorCopy } from './error-copy.js';
import { autoMapping, normaliseLabel } from './fields.js';
import { findHeader, isTrailerRow, proposeSheet } from './header.js';
import { report } from './progress.js';
import { openWorkbook } from './readers.js';
import { generatedFiles, importProfiles } from './tables.js';
import type { FieldDef, Header, Mapping, RawRow, Workbook } from './types.js';
import { cellText } from './values.js';

export const MAX_IMPORT_ROWS = 200_000;
const HEAD_ROWS = 40;

export type SheetRequest = {
  fileName: string; content: Buffer; sheet?: number; headerRow?: number; profileId?: number;
  /** the user's own choices, by column index: they win over the profile and over the labels */
  mapping?: { index: number; field: string | null }[];
  jobId?: string;
};

export type OpenedSheet = {
  wb: Workbook; sheet: number; header: Header; mapping: Mapping; fields: FieldDef[];
  /** the required fields no column fills */
  missing: FieldDef[];
  profileName: string | null;
};

/** The header given as a row number: its non-empty cells are the column labels. */
function headerAt(head: RawRow[], row: number): Header | null {
  const r = head.find((x) => x.rowNumber === row);
  if (!r) return null;
  const columns = r.cells.map((c, index) => ({ index, label: cellText(c).trim() })).filter((c) => c.label);
  return columns.length ? { row, depth: 1, columns } : null;
}

export async function openSheet(db: Db, actor: Actor, req: SheetRequest, fields: FieldDef[], kind: 'members' | 'orgs'): Promise<OpenedSheet> {
  report(req.jobId, actor.userId, 'reading', 0);
  const wb = await openWorkbook(req.content, req.fileName, { maxRows: MAX_IMPORT_ROWS });
  if (!wb.sheets.length) throw errors.badRequest('表格是空的：没有任何内容');
  const heads = await Promise.all(wb.sheets.map(async (s) => ({ sheet: s.index, head: await wb.head(s.index, HEAD_ROWS) })));
  const sheet = req.sheet ?? proposeSheet(heads, fields);
  const head = heads.find((h) => h.sheet === sheet)?.head;
  if (!head) throw errors.field('sheet', `没有第 ${sheet + 1} 个工作表`);
  if (!head.some((r) => r.cells.some((c) => cellText(c).trim()))) throw errors.badRequest(`工作表「${wb.sheets[sheet]!.name}」是空的`);
  const header = req.headerRow ? headerAt(head, req.headerRow) : findHeader(head, fields);
  if (!header) {
    throw errors.badRequest(req.headerRow
      ? `第 ${req.headerRow} 行是空的，不能作为表头`
      : `在工作表「${wb.sheets[sheet]!.name}」的前 ${HEAD_ROWS} 行没有找到表头（应有“${fields.filter((f) => f.required).map((f) => f.label).join('”“')}”等列）：请在预览中指定表头所在的行`);
  }
  let mapping = autoMapping(fields, header.columns);
  let profileName: string | null = null;
  if (req.profileId) {
    const [p] = await db.select().from(importProfiles).where(and(eq(importProfiles.id, req.profileId), eq(importProfiles.countyId, actor.countyId),
      eq(importProfiles.kind, kind)));
    if (!p) throw errors.notFound('导入方案');
    profileName = p.name;
    const byLabel = new Map(p.mapping.map((m) => [normaliseLabel(m.label), m.field]));
    mapping = mapping.map((m) => (byLabel.has(normaliseLabel(m.label)) ? { ...m, field: byLabel.get(normaliseLabel(m.label))! } : m));
  }
  if (req.mapping) {
    const keys = new Set(fields.map((f) => f.key));
    for (const o of req.mapping) {
      if (o.field && !keys.has(o.field)) throw errors.field('mapping', `没有“${o.field}”这一项`);
      const col = mapping.find((m) => m.index === o.index);
      if (!col) throw errors.field('mapping', `第 ${o.index + 1} 列不在表头中`);
      col.field = o.field;
    }
  }
  // one column per field: a field chosen twice is an error the user can see and mend
  const seen = new Map<string, string>();
  for (const m of mapping) {
    if (!m.field) continue;
    const other = seen.get(m.field);
    if (other) throw errors.field('mapping', `“${m.label}”和“${other}”两列都对应「${fields.find((f) => f.key === m.field)!.label}」，请只保留一列`);
    seen.set(m.field, m.label);
  }
  const missing = fields.filter((f) => f.required && !seen.has(f.key));
  return { wb, sheet, header, mapping, fields, missing, profileName };
}

/** The data rows below the header: blank rows, totals and signature lines left out. */
export async function* dataRows(s: OpenedSheet, jobId: string | undefined, ownerId: number): AsyncIterable<RawRow> {
  let n = 0;
  for await (const r of s.wb.rows(s.sheet)) {
    if (r.rowNumber <= s.header.row || isTrailerRow(r)) continue;
    n++;
    if (n % 2000 === 0) report(jobId, ownerId, 'checking', n);
    yield r;
  }
  report(jobId, ownerId, 'checking', n);
}

/** The user's own sheet with an 错误说明 column, kept for its owner to download. */
export async function storeErrorCopy(db: Db, actor: Actor, s: OpenedSheet, errs: Map<number, string[]>, fileName: string): Promise<string> {
  const buf = await writeErrorCopy({ sheetName: s.wb.sheets[s.sheet]!.name, rows: s.wb.rows(s.sheet), headerRow: s.header.row, errors: errs });
  const token = crypto.randomBytes(18).toString('base64url');
  const base = fileName.replace(/\.(xlsx|xls|ods|csv)$/i, '');
  await db.insert(generatedFiles).values({ token, ownerId: actor.userId, fileName: `${base}-错误说明.xlsx`,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', content: buf });
  return token;
}

/** The column labels of a mapping as the user's sheet spells them, for messages. */
export const labelOf = (s: OpenedSheet, field: string) => s.mapping.find((m) => m.field === field)?.label ?? s.fields.find((f) => f.key === field)?.label ?? field;

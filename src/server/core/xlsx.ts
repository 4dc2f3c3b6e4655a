import { PassThrough, Readable } from 'node:stream';
import type * as X from 'exceljs';
import ExcelJS from './exceljs.js';
import { errors } from './errors.js';

export type Column<T> = { header: string; width?: number; value: (row: T) => string | number | null | undefined; note?: string };

/** Write rows to an .xlsx with the streaming writer (large exports stay within memory). */
export async function writeXlsx<T>(sheetName: string, columns: Column<T>[], rows: Iterable<T> | AsyncIterable<T>,
  opts: { highlight?: (row: T) => boolean } = {}): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
  const ws = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, width: c.width ?? Math.max(10, c.header.length * 2 + 2) }));
  const head = ws.getRow(1);
  head.font = { bold: true };
  head.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFDE9E7' } };
  head.commit();
  for await (const r of rows as AsyncIterable<T>) {
    const row = ws.addRow(columns.map((c) => c.value(r) ?? null));
    if (opts.highlight?.(r)) row.getCell(columns.length).font = { color: { argb: 'FFC00000' } };
    row.commit();
  }
  ws.commit();
  await wb.commit();
  return Buffer.concat(chunks);
}

export type SheetRow = { rowNumber: number; cells: Record<string, string> };

/** Excel serial day 1 is 1900-01-01 (with the 1900 leap-year bug); day 25569 is 1970-01-01. */
export function serialToDate(serial: number): string {
  return new Date(Math.round((serial - 25569) * 86400_000)).toISOString().slice(0, 10);
}

function cellText(v: X.CellValue): string {
  if (v == null) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v) return String(v.text);
    if ('result' in v) return cellText(v.result as X.CellValue);
    return '';
  }
  return String(v);
}

/**
 * Read the first sheet with the streaming reader. Headers are matched by label, ignoring
 * "*" marks and spaces. Numbers stay numbers-as-text; date columns convert serials later.
 */
export async function readXlsx(buf: Buffer, maxRows: number): Promise<{ headers: string[]; rows: SheetRow[] }> {
  if (buf.length < 4 || buf.readUInt32LE(0) !== 0x04034b50) throw errors.badRequest('文件不是有效的 Excel (.xlsx) 文件，请用模板填写后上传');
  const headers: string[] = [];
  const rows: SheetRow[] = [];
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(buf), {
      sharedStrings: 'cache', styles: 'ignore', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore',
    } as X.stream.xlsx.WorkbookStreamReaderOptions);
    // exceljs reads xl/workbook.xml into `model` when it meets it in the zip, but looks up sheet names in
    // `model` as soon as a worksheet arrives. Writers (exceljs among them) may store the worksheet first:
    // then it failed with "reading 'sheets'" — about one file in 3,000 of our own exports. Names are not needed.
    (reader as unknown as { model: object }).model = {};
    let first = true;
    for await (const ws of reader) {
      if (!first) continue; // only the first sheet; drain the rest
      for await (const row of ws as AsyncIterable<X.Row>) {
        const values = (row.values as X.CellValue[]).slice(1);
        if (!headers.length) {
          values.forEach((v, i) => { headers[i] = cellText(v).replace(/[*＊\s]/g, ''); });
          continue;
        }
        const cells: Record<string, string> = {};
        let any = false;
        headers.forEach((h, i) => {
          const t = cellText(values[i] ?? null).trim();
          if (t) any = true;
          cells[h] = t;
        });
        if (!any) continue;
        if (rows.length >= maxRows) throw errors.badRequest(`一次最多导入 ${maxRows} 行，请拆分文件`);
        rows.push({ rowNumber: row.number, cells });
      }
      first = false;
    }
  } catch (e) {
    if ((e as { status?: number }).status) throw e;
    throw errors.badRequest('文件不是有效的 Excel (.xlsx) 文件，请用模板填写后上传');
  }
  if (!headers.length) throw errors.badRequest('表格是空的：第一行应为表头');
  return { headers, rows };
}

/** Dates as users type them: 2020-01-02, 2020/1/2, 2020.1.2, 20200102, 2020年1月2日, or an Excel serial. */
export function parseDate(raw: string, opts: { monthOnly?: boolean } = {}): string | null {
  const v = raw.trim();
  if (!v) return null;
  if (/^\d{5}(\.\d+)?$/.test(v)) return serialToDate(Number(v));
  let m = v.match(/^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/) ?? v.match(/^(\d{4})(\d{2})(\d{2})$/);
  if (!m && opts.monthOnly) {
    const mm = v.match(/^(\d{4})[-/.年](\d{1,2})月?$/) ?? v.match(/^(\d{4})(\d{2})$/);
    if (mm) m = [mm[0], mm[1]!, mm[2]!, '1'] as RegExpMatchArray;
  }
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return null;
  return dt.toISOString().slice(0, 10);
}

export function parseYesNo(raw: string): boolean | null {
  const v = raw.trim();
  if (!v || ['否', '0', 'N', 'n', 'no', 'false', '不是'].includes(v)) return false;
  if (['是', '1', 'Y', 'y', 'yes', 'true', '√'].includes(v)) return true;
  return null;
}

export { ExcelJS };

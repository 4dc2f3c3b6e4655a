/**
 * The user's own sheet given back with what is wrong in it: every row where it was (title rows too), the same
 * columns in the same order, and a column 「错误说明」 after the last one. Written with exceljs's streaming writer,
 * so a copy of 50,000 rows is never held whole.
 */
import { PassThrough } from 'node:stream';
import type * as X from 'exceljs';
import ExcelJS from '../../core/exceljs.js';
import type { Cell, RawRow } from './types.js';

export const ERROR_COLUMN_LABEL = '错误说明';
const FAULT_FILL: X.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFDE2E2' } };
const FAULT_FONT: Partial<X.Font> = { color: { argb: 'FFC00000' } };

/** Excel refuses a sheet name over 31 characters or with []:*?/\ in it. */
const sheetNameFor = (name: string) => name.replace(/[[\]:*?/\\]/g, ' ').trim().slice(0, 31) || 'Sheet1';

function put(cell: X.Cell, v: Cell) {
  if (v == null) return;
  if (v instanceof Date) {
    cell.value = v;
    cell.numFmt = 'yyyy-mm-dd';
  } else {
    cell.value = v;
  }
}

const textWidth = (s: string) => [...s].reduce((w, ch) => w + (ch.charCodeAt(0) > 0xff ? 2 : 1), 0);

export type ErrorCopyOptions = {
  sheetName: string;
  rows: AsyncIterable<RawRow> | RawRow[];
  /** the (last) header row: the 错误说明 label goes there */
  headerRow: number;
  /** messages by row number */
  errors: Map<number, string[]>;
};

/**
 * The copy as an .xlsx. The 错误说明 column comes after the last column used in the header and the rows above it;
 * a cell some row has beyond that (a stray note) is kept, one column further right. Each faulty row has its
 * messages joined with "；", in red, on a light red row; the header row is bold.
 */
export async function writeErrorCopy(opts: ErrorCopyOptions): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
  const ws = wb.addWorksheet(sheetNameFor(opts.sheetName), { views: [{ state: 'frozen', ySplit: opts.headerRow }] });

  // Rows down to the header are held until the error column's place and the column widths are known.
  const pending: RawRow[] = [];
  let errorCol = 0;
  const begin = () => {
    errorCol = Math.max(1, ...pending.map((r) => r.cells.length)) + 1;
    const header = pending.find((r) => r.rowNumber === opts.headerRow);
    ws.columns = Array.from({ length: errorCol }, (_, i) => {
      if (i === errorCol - 1) return { width: 50 };
      const c = header?.cells[i];
      const w = c instanceof Date ? 12 : textWidth(c == null ? '' : String(c)) + 2;
      return { width: Math.min(40, Math.max(10, w)) };
    });
    for (const r of pending) write(r);
    pending.length = 0;
  };
  const write = (r: RawRow) => {
    const row = ws.getRow(r.rowNumber);
    r.cells.forEach((v, i) => put(row.getCell(i + 1 < errorCol ? i + 1 : i + 2), v));
    const errorCell = row.getCell(errorCol);
    if (r.rowNumber === opts.headerRow) {
      errorCell.value = ERROR_COLUMN_LABEL;
      row.font = { bold: true };
    }
    const messages = opts.errors.get(r.rowNumber);
    if (messages?.length && r.rowNumber > opts.headerRow) {
      errorCell.value = messages.join('；');
      errorCell.font = FAULT_FONT;
      for (let c = 1; c <= Math.max(errorCol, r.cells.length + 1); c++) row.getCell(c).fill = FAULT_FILL;
    }
    row.commit();
  };

  let started = false;
  for await (const r of opts.rows) {
    if (started) { write(r); continue; }
    pending.push(r);
    if (r.rowNumber >= opts.headerRow) { begin(); started = true; }
  }
  if (!started) begin();
  ws.commit();
  await wb.commit();
  return Buffer.concat(chunks);
}

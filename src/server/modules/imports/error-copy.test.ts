import type * as X from 'exceljs';
import { describe, expect, it } from 'vitest';
import ExcelJS from '../../core/exceljs.js';
import { ERROR_COLUMN_LABEL, writeErrorCopy } from './error-copy.js';
import { openWorkbook } from './readers.js';
import type { RawRow } from './types.js';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

const ROWS: RawRow[] = [
  { rowNumber: 1, cells: ['松岭村党支部党员花名册（截至2026年11月）'] },
  { rowNumber: 3, cells: ['序号', '姓名', '公民身份号码', '入党日期', '联系电话'] },
  { rowNumber: 4, cells: [1, '张三', '11010519491231001X', day('2019-07-01'), 13800001111] },
  { rowNumber: 5, cells: [2, '李四', 110105194912310000, '2019-02-30', null] },
  { rowNumber: 7, cells: [3, '王五', '110105198001011234', day('1925-05-01'), '0871-65123456', '（表外的备注）'] },
  { rowNumber: 8, cells: ['填表人：张三'] },
];
const ERRORS = new Map([
  [5, ['「公民身份号码」被存成了数字，末几位可能已丢失', '「入党日期」不是有效日期：2019-02-30']],
  [7, ['「所在党支部」必填']],
]);

async function readBack(buf: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb.worksheets[0]!;
}

describe('writeErrorCopy', () => {
  it('gives back the sheet as it was, with 错误说明 after the last column', async () => {
    const buf = await writeErrorCopy({ sheetName: '花名册', rows: ROWS, headerRow: 3, errors: ERRORS });
    const wb = await openWorkbook(buf, '花名册-错误说明.xlsx');
    expect(wb.sheets).toEqual([{ index: 0, name: '花名册' }]);
    const rows: RawRow[] = [];
    for await (const r of wb.rows(0)) rows.push(r);
    expect(rows).toEqual([
      { rowNumber: 1, cells: ['松岭村党支部党员花名册（截至2026年11月）'] },
      { rowNumber: 3, cells: ['序号', '姓名', '公民身份号码', '入党日期', '联系电话', ERROR_COLUMN_LABEL] },
      { rowNumber: 4, cells: [1, '张三', '11010519491231001X', day('2019-07-01'), 13800001111] },
      { rowNumber: 5, cells: [2, '李四', 110105194912310000, '2019-02-30', null, '「公民身份号码」被存成了数字，末几位可能已丢失；「入党日期」不是有效日期：2019-02-30'] },
      // a cell beyond the header's columns is kept, after the 错误说明 column
      { rowNumber: 7, cells: [3, '王五', '110105198001011234', day('1925-05-01'), '0871-65123456', '「所在党支部」必填', '（表外的备注）'] },
      { rowNumber: 8, cells: ['填表人：张三'] },
    ]);
  });

  it('keeps cell types, shows dates as yyyy-mm-dd, marks the header and the faulty rows', async () => {
    const ws = await readBack(await writeErrorCopy({ sheetName: '花名册', rows: ROWS, headerRow: 3, errors: ERRORS }));
    expect(ws.getCell('D4').type).toBe(ExcelJS.ValueType.Date);
    expect(ws.getCell('D4').numFmt).toBe('yyyy-mm-dd');
    expect(ws.getCell('E4').type).toBe(ExcelJS.ValueType.Number);
    expect(ws.getCell('C4').type).toBe(ExcelJS.ValueType.String);
    expect(ws.getCell('C5').value).toBe(110105194912310000);
    expect(ws.getCell('B3').font?.bold).toBe(true);
    expect(ws.getCell('F3').font?.bold).toBe(true);
    const fill = (ref: string) => ((ws.getCell(ref).fill as X.FillPattern | undefined)?.fgColor?.argb);
    expect(fill('A5')).toBe('FFFDE2E2');
    expect(fill('F5')).toBe('FFFDE2E2');
    expect(ws.getCell('F5').font?.color?.argb).toBe('FFC00000');
    expect(fill('A4')).toBeUndefined();
    expect(ws.getColumn(6).width).toBe(50);
  });

  it('streams a large sheet from an async source', async () => {
    async function* rows(): AsyncGenerator<RawRow> {
      yield { rowNumber: 1, cells: ['姓名', '公民身份号码', '入党日期'] };
      for (let i = 2; i <= 50_001; i++) yield { rowNumber: i, cells: [`党员${i}`, `1101051949123${String(i).padStart(5, '0')}`, day('2019-07-01')] };
    }
    const errors = new Map([[50_001, ['「公民身份号码」校验位不对']]]);
    const buf = await writeErrorCopy({ sheetName: '名单/2026:[1]', rows: rows(), headerRow: 1, errors });
    const wb = await openWorkbook(buf, 'copy.xlsx');
    expect(wb.sheets[0]!.name).toBe('名单 2026  1');
    let n = 0;
    let last: RawRow | undefined;
    for await (const r of wb.rows(0)) { n++; last = r; }
    expect(n).toBe(50_001);
    expect(last).toEqual({ rowNumber: 50_001, cells: ['党员50001', '110105194912350001', day('2019-07-01'), '「公民身份号码」校验位不对'] });
  });
});

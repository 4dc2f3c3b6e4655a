import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import ExcelJS from './exceljs.js';
import { parseDate, parseYesNo, readXlsx, serialToDate, writeXlsx } from './xlsx.js';

describe('dates as users type them', () => {
  it.each([
    ['2020-01-02', '2020-01-02'], ['2020/1/2', '2020-01-02'], ['2020.1.2', '2020-01-02'], ['20200102', '2020-01-02'],
    ['2020年1月2日', '2020-01-02'], ['43832', '2020-01-02'], ['2020-02-30', null], ['昨天', null], ['', null],
  ])('%s → %s', (raw, iso) => expect(parseDate(raw)).toBe(iso));
  it('accepts a year and month where only a month is asked', () => {
    expect(parseDate('2023-05', { monthOnly: true })).toBe('2023-05-01');
    expect(parseDate('2023年5月', { monthOnly: true })).toBe('2023-05-01');
    expect(parseDate('2023-05')).toBeNull();
  });
  it('converts Excel serial numbers', () => expect(serialToDate(45658)).toBe('2025-01-01'));
  it('reads yes and no', () => {
    expect(parseYesNo('是')).toBe(true); expect(parseYesNo('否')).toBe(false); expect(parseYesNo('')).toBe(false); expect(parseYesNo('也许')).toBeNull();
  });
});

describe('xlsx round trip', () => {
  it('writes a sheet that reads back with headers matched without * marks', async () => {
    const buf = await writeXlsx('表', [{ header: '姓名*', value: (r: { n: string }) => r.n }, { header: '备注', value: () => null }], [{ n: '张三' }, { n: '李四' }]);
    const { headers, rows } = await readXlsx(buf, 10);
    expect(headers).toEqual(['姓名', '备注']);
    expect(rows.map((r) => [r.rowNumber, r.cells['姓名']])).toEqual([[2, '张三'], [3, '李四']]);
  });
  it('reads a file whose zip stores the worksheet before the workbook part', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('表').addRows([['姓名*'], ['王五']]);
    const zip = await JSZip.loadAsync(Buffer.from(await wb.xlsx.writeBuffer()));
    const first = ['xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml', 'xl/worksheets/sheet1.xml'];
    const names = Object.keys(zip.files).filter((n) => !zip.files[n]!.dir && !first.includes(n));
    const reordered = new JSZip();
    for (const n of [...first, ...names.filter((x) => x !== 'xl/workbook.xml'), 'xl/workbook.xml']) {
      reordered.file(n, await zip.files[n]!.async('uint8array'));
    }
    const { rows } = await readXlsx(await reordered.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }), 10);
    expect(rows.map((r) => r.cells['姓名'])).toEqual(['王五']);
  });
  it('refuses a file that is not a spreadsheet, in Chinese', async () => {
    await expect(readXlsx(Buffer.from('hello, not a zip'), 10)).rejects.toThrow('不是有效的 Excel');
    await expect(readXlsx(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 10)).rejects.toThrow('不是有效的 Excel');
  });
  it('stops at the row limit', async () => {
    const buf = await writeXlsx('表', [{ header: 'a', value: (r: number) => r }], [1, 2, 3]);
    await expect(readXlsx(buf, 2)).rejects.toThrow('一次最多导入 2 行');
  });
});

describe('multi-byte text across stream chunks', () => {
  it('decodes a Chinese character split between two chunks', async () => {
    const { parseSax } = await import('./exceljs.js');
    const buf = Buffer.from('<root>大家好，才是真的好</root>');
    async function* halves() { yield buf.subarray(0, 20); yield buf.subarray(20); }
    const texts: string[] = [];
    for await (const events of parseSax(halves())) for (const e of events) if (e.eventType === 'text') texts.push(String(e.value));
    expect(texts.join('')).toBe('大家好，才是真的好');
  });
  it('reads back 30,000 rows of Chinese names without a replacement character', async () => {
    const names = Array.from({ length: 30_000 }, (_, i) => `中共云岭县第${i}支部委员会（测试）`);
    const buf = await writeXlsx('表', [{ header: '名称', value: (n: string) => n }], names);
    const { rows } = await readXlsx(buf, 100_000);
    expect(rows.map((r) => r.cells['名称'])).toEqual(names);
  });
});

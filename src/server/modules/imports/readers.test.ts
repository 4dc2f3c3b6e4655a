import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { flatOds, officeConvert, type FodsSheet } from '../../../../test/office.js';
import ExcelJS from '../../core/exceljs.js';
import { MEMBER_FIELDS } from './fields.js';
import { findHeader, isTrailerRow, proposeSheet } from './header.js';
import { openWorkbook, parseDelimited, READ_ERRORS, ROWS_BESIDE_DATA } from './readers.js';
import type { Cell, RawRow, Workbook } from './types.js';
import { cellText } from './values.js';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const FIXTURES = fileURLToPath(new URL('../../../../test/fixtures/imports', import.meta.url));

/** A roster as a county keeps it: a cover sheet, a title merged over the table, a note, a two-row header with a
 *  序号 column, dates as date cells and as text, an ID saved as a number, a blank row, totals and signatures. */
const ROSTER: FodsSheet[] = [
  { name: '封面', rows: [['云岭县松岭村党支部'], ['党员花名册'], ['2026年11月']] },
  {
    name: '花名册',
    rows: [
      [{ v: '松岭村党支部党员花名册（截至2026年11月）', span: 9 }],
      ['填报单位：松岭村党支部', null, null, null, null, null, null, '填报日期：2026年11月1日'],
      [],
      [{ v: '序号', down: 2 }, { v: '姓名', down: 2 }, { v: '性别', down: 2 }, { v: '公民身份号码', down: 2 }, { v: '出生日期', down: 2 },
        { v: '入党时间', span: 2 }, null, { v: '联系电话', down: 2 }, { v: '是否流动党员', down: 2 }],
      [null, null, null, null, null, '入党日期', '转正日期', null, null],
      [1, '张三', '男', '11010519491231001X', day('1949-12-31'), day('1925-05-01'), '1926.05', 13800001111, '是'],
      [2, '李 四', '女', 110105194912310000, '1949/12/31', day('2019-07-01'), day('2020-07-01'), '0871-65123456', '否'],
      // LibreOffice keeps a flag as the number 1 or 0 (shown so without a boolean format)
      [3, '王五', '男', '110105198001011234', day('1980-01-01'), '2019年7月1日', null, '+86 139 0000 2222', true],
      [],
      [4, '阿卜杜·热合曼', '男', '65010219900101123x', day('1990-01-01'), '201907', '2020-07', null, false],
      [{ v: '合计', span: 2 }, null, '4人'],
      ['填表人：张三', null, null, '审核人：李四', null, null, '填报日期：2026年11月1日'],
    ],
  },
  { name: '空表', rows: [[null]] },
];

/** Every row of the roster sheet as the text a user sees, in the order the file holds them (blank rows left out). */
const EXPECTED_TEXT = [
  [1, ['松岭村党支部党员花名册（截至2026年11月）']],
  [2, ['填报单位：松岭村党支部', '', '', '', '', '', '', '填报日期：2026年11月1日']],
  [4, ['序号', '姓名', '性别', '公民身份号码', '出生日期', '入党时间', '', '联系电话', '是否流动党员']],
  [5, ['', '', '', '', '', '入党日期', '转正日期']],
  [6, ['1', '张三', '男', '11010519491231001X', '1949-12-31', '1925-05-01', '1926.05', '13800001111', '是']],
  [7, ['2', '李 四', '女', '110105194912310000', '1949/12/31', '2019-07-01', '2020-07-01', '0871-65123456', '否']],
  [8, ['3', '王五', '男', '110105198001011234', '1980-01-01', '2019年7月1日', '', '+86 139 0000 2222', '1']],
  [10, ['4', '阿卜杜·热合曼', '男', '65010219900101123x', '1990-01-01', '201907', '2020-07', '', '0']],
  [11, ['合计', '', '4人']],
  [12, ['填表人：张三', '', '', '审核人：李四', '', '', '填报日期：2026年11月1日']],
];

const HEADER = {
  row: 5,
  depth: 2,
  columns: ['序号', '姓名', '性别', '公民身份号码', '出生日期', '入党日期', '转正日期', '联系电话', '是否流动党员'].map((label, index) => ({ index, label })),
};

async function all(wb: Workbook, sheet: number): Promise<RawRow[]> {
  const out: RawRow[] = [];
  for await (const r of wb.rows(sheet)) out.push(r);
  return out;
}
const asText = (rows: RawRow[]) => rows.map((r) => [r.rowNumber, r.cells.map(cellText)]);

async function refusal(p: Promise<unknown>): Promise<string> {
  try { await p; } catch (e) { return (e as Error).message; }
  return 'no error';
}

const files: Record<string, Buffer> = {};

beforeAll(async () => {
  const fods = { name: 'roster.fods', content: flatOds(ROSTER) };
  files.xlsx = await officeConvert(fods, 'xlsx');
  files.xls = await officeConvert(fods, 'xls');
  files.ods = await officeConvert(fods, 'ods');
  files.csv = await officeConvert(fods, 'csv', { sheet: 2 });
  files.gbkByOffice = await officeConvert(fods, 'csv', { sheet: 2, encoding: 'gb18030' });
}, 180_000);

describe('a roster saved by office software reads the same from every format', () => {
  const utf8 = () => files.csv!.subarray(files.csv![0] === 0xef ? 3 : 0);
  const cases: [string, () => Buffer, string, string?][] = [
    ['xlsx', () => files.xlsx!, '花名册.xlsx'],
    ['xls', () => files.xls!, '花名册.xls'],
    ['ods', () => files.ods!, '花名册.ods'],
    ['csv', () => utf8(), '花名册.csv', 'utf-8'],
    ['csv', () => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8()]), '花名册.csv', 'utf-8'],
    ['csv', () => iconv.encode(utf8().toString('utf8'), 'gb18030'), '花名册.csv', 'gb18030'],
    ['csv', () => files.gbkByOffice!, '花名册.csv', 'gb18030'],
    ['csv', () => iconv.encode(utf8().toString('utf8'), 'utf-16le', { addBOM: true }), '花名册.csv', 'utf-16le'],
  ];
  it.each(cases.map(([format, buf, name, enc], i) => ({ format, buf, name, enc, i })))('$format #$i: same rows, header and sheet', async ({ format, buf, name, enc }) => {
    const wb = await openWorkbook(buf(), name);
    expect(wb.format).toBe(format);
    expect(wb.encoding).toBe(enc);
    const roster = format === 'csv' ? 0 : 1;
    expect(wb.sheets.map((s) => s.name)).toEqual(format === 'csv' ? ['花名册'] : ['封面', '花名册', '空表']);
    const heads = await Promise.all(wb.sheets.map(async (s) => ({ sheet: s.index, head: await wb.head(s.index, 30) })));
    expect(proposeSheet(heads, MEMBER_FIELDS)).toBe(roster);
    const head = heads[roster]!.head;
    expect(head.map((r) => r.rowNumber)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(findHeader(head, MEMBER_FIELDS)).toEqual(HEADER);
    const rows = await all(wb, roster);
    expect(asText(rows)).toEqual(EXPECTED_TEXT);
    expect(rows.filter((r) => r.rowNumber > HEADER.row && !isTrailerRow(r)).map((r) => r.rowNumber)).toEqual([6, 7, 8, 10]);
  });

  it.each(['xlsx', 'xls', 'ods'])('%s: date cells come back as dates, an ID saved as a number as a number', async (format) => {
    const wb = await openWorkbook(files[format]!, `花名册.${format}`);
    const rows = await all(wb, 1);
    const zhang = rows.find((r) => r.rowNumber === 6)!.cells;
    expect(zhang[4]).toEqual(day('1949-12-31'));
    expect(zhang[5]).toEqual(day('1925-05-01'));
    expect(zhang[6]).toBe('1926.05');
    expect(zhang[7]).toBe(13800001111);
    const li = rows.find((r) => r.rowNumber === 7)!.cells;
    expect(li[3]).toBe(110105194912310000);
    expect(li[4]).toBe('1949/12/31');
    expect(rows.find((r) => r.rowNumber === 8)!.cells[8]).toBe(1);
    expect(rows.find((r) => r.rowNumber === 6)!.cells[0]).toBe(1);
  });

  it('csv: every cell is text', async () => {
    const rows = await all(await openWorkbook(files.csv!, '花名册.csv'), 0);
    expect(rows.flatMap((r) => r.cells).every((c) => c === null || typeof c === 'string')).toBe(true);
  });

  it.each(['xlsx', 'xls', 'ods'])('%s: an empty sheet has no head and its rows say the table is empty', async (format) => {
    const wb = await openWorkbook(files[format]!, `花名册.${format}`);
    expect(await wb.head(2, 30)).toEqual([]);
    expect(await refusal(all(wb, 2))).toBe(READ_ERRORS.empty);
  });
});

describe('.xlsx details', () => {
  async function exceljsFile(build: (ws: import('exceljs').Worksheet) => void): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    build(wb.addWorksheet('表'));
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  it('reads a date-formatted number, a formula result, rich text, an error cell and a flag', async () => {
    const buf = await exceljsFile((ws) => {
      ws.addRow(['姓名', '入党日期', '转正日期', '备注', '核对', '是否流动党员']);
      const r = ws.addRow(['张三', 43647, { formula: 'DATE(2019,7,1)', result: 43647 }, { richText: [{ text: '富' }, { text: '文本', font: { bold: true } }] }, { error: '#N/A' }, true]);
      r.getCell(2).numFmt = 'yyyy"年"m"月"d"日"';
      r.getCell(3).numFmt = 'yyyy-mm-dd';
    });
    const rows = await all(await openWorkbook(buf, 'a.xlsx'), 0);
    expect(rows[1]!.cells).toEqual(['张三', day('2019-07-01'), day('2019-07-01'), '富文本', '#N/A', true]);
  });

  it('reads a file whose zip stores the worksheet before the workbook, styles and strings', async () => {
    const src = await JSZip.loadAsync(files.xlsx!);
    const names = Object.keys(src.files).filter((n) => !src.files[n]!.dir);
    const sheets = names.filter((n) => n.startsWith('xl/worksheets/'));
    const reordered = new JSZip();
    for (const n of [...sheets, ...names.filter((n) => !sheets.includes(n)).reverse()]) reordered.file(n, await src.files[n]!.async('uint8array'));
    const wb = await openWorkbook(await reordered.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }), 'x.xlsx');
    expect(asText(await all(wb, 1))).toEqual(EXPECTED_TEXT);
  });

  it('reads a string with a phonetic guide as its text', async () => {
    const zip = await JSZip.loadAsync(await exceljsFile((ws) => ws.addRows([['姓名'], ['张三']])));
    const sst = await zip.file('xl/sharedStrings.xml')!.async('string');
    zip.file('xl/sharedStrings.xml', sst.replace('<t>张三</t>', '<r><t>张</t></r><r><t>三</t></r><rPh sb="0" eb="2"><t>ちょう</t></rPh><phoneticPr fontId="1"/>'));
    const rows = await all(await openWorkbook(await zip.generateAsync({ type: 'nodebuffer' }), 'a.xlsx'), 0);
    expect(rows.map((r) => r.cells)).toEqual([['姓名'], ['张三']]);
  });

  it('leaves hidden sheets out', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('字典', { state: 'hidden' }).addRow(['正式党员']);
    wb.addWorksheet('花名册').addRow(['姓名']);
    const opened = await openWorkbook(Buffer.from(await wb.xlsx.writeBuffer()), 'x.xlsx');
    expect(opened.sheets).toEqual([{ index: 0, name: '花名册' }]);
    expect((await opened.head(0, 5))[0]!.cells).toEqual(['姓名']);
  });

  it('reads 30,000 rows of Chinese text intact and stops past the row limit', async () => {
    const names = Array.from({ length: 30_000 }, (_, i) => `中共云岭县第${i}支部委员会（测试）`);
    const buf = await exceljsFile((ws) => { ws.addRow(['名称']); for (const n of names) ws.addRow([n]); });
    const rows = await all(await openWorkbook(buf, 'a.xlsx'), 0);
    expect(rows.slice(1).map((r) => r.cells[0])).toEqual(names);
    expect(await refusal(all(await openWorkbook(buf, 'a.xlsx', { maxRows: 1000 }), 0))).toBe(READ_ERRORS.tooManyRows(1000));
  });
});

describe('refusals, each in Chinese', () => {
  it('a password-protected .xlsx (an encrypted package in a compound file) and .xls', async () => {
    for (const f of ['password.xlsx', 'password.xls']) {
      expect(await refusal(openWorkbook(fs.readFileSync(path.join(FIXTURES, f)), f))).toBe(READ_ERRORS.password);
    }
  });

  it('a zip bomb: declared sizes over the limit, an absurd ratio, or an entry inflating past its declared size', async () => {
    // 60 MB of zeros deflate to about 60 kB
    const zeros = Buffer.alloc(60 * 1024 * 1024);
    const bomb = new JSZip();
    bomb.file('[Content_Types].xml', '<Types/>');
    bomb.file('xl/worksheets/sheet1.xml', zeros);
    const bombBuf = await bomb.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 1 } });
    expect(await refusal(openWorkbook(bombBuf, 'bomb.xlsx'))).toBe(READ_ERRORS.zipBomb);
    expect(await refusal(openWorkbook(files.xlsx!, 'a.xlsx', { maxUnzippedBytes: 10_000 }))).toBe(READ_ERRORS.zipBomb);

    // the roster with its sheet's directory entry claiming 100 bytes: the stream stops at 100
    const lying = Buffer.from(files.xlsx!);
    const name = Buffer.from('xl/worksheets/sheet2.xml');
    for (let at = lying.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); at >= 0; at = lying.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at + 4)) {
      if (lying.subarray(at + 46, at + 46 + name.length).equals(name)) lying.writeUInt32LE(100, at + 24);
    }
    const wb = await openWorkbook(lying, 'a.xlsx');
    expect(await refusal(all(wb, 1))).toBe(READ_ERRORS.zipBomb);
  });

  it('a PDF, an image, a Word document and a file of random bytes', async () => {
    const docx = new JSZip();
    docx.file('_rels/.rels', '<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>');
    docx.file('word/document.xml', '<w:document/>');
    const random = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256));
    for (const [buf, name] of [
      [Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF'), '花名册.pdf'],
      [Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), Buffer.alloc(64)]), '花名册.png'],
      [await docx.generateAsync({ type: 'nodebuffer' }), '花名册.docx'],
      [random, '花名册.xlsx'],
    ] as const) {
      expect(await refusal(openWorkbook(buf, name))).toBe(READ_ERRORS.notSpreadsheet);
    }
  });

  it('a text file named .xlsx, and a web page saved as .xls', async () => {
    expect(await refusal(openWorkbook(Buffer.from('这是一份说明，不是表格。\n请查收。'), '花名册.xlsx'))).toBe(READ_ERRORS.renamedText('xlsx'));
    expect(await refusal(openWorkbook(Buffer.from('<html><body><table><tr><td>姓名</td></tr></table></body></html>'), '花名册.xls')))
      .toBe(READ_ERRORS.webPage);
  });

  it('tab-separated text named .xls (what some systems export) is read as text', async () => {
    const wb = await openWorkbook(Buffer.from('姓名\t身份证号\n张三\t11010519491231001X\n'), '导出.xls');
    expect(wb.format).toBe('csv');
    expect((await all(wb, 0)).map((r) => r.cells)).toEqual([['姓名', '身份证号'], ['张三', '11010519491231001X']]);
  });

  it('an empty file, a CSV of blank lines, a broken .xlsx, a too large .xls', async () => {
    expect(await refusal(openWorkbook(Buffer.alloc(0), 'a.csv'))).toBe(READ_ERRORS.empty);
    expect(await refusal(openWorkbook(Buffer.from('\r\n\r\n  \r\n'), 'a.csv'))).toBe(READ_ERRORS.empty);
    expect(await refusal(openWorkbook(files.xlsx!.subarray(0, 2000), 'a.xlsx'))).toBe(READ_ERRORS.damaged('Excel (.xlsx)'));
    const big = Buffer.concat([files.xls!, Buffer.alloc(31 * 1024 * 1024)]);
    expect(await refusal(openWorkbook(big, 'a.xls'))).toBe(READ_ERRORS.tooLargeForFormat('.xls'));
  });

  it('more rows than the limit: counted without blank rows, with room for titles and signatures', async () => {
    const csv = ['姓名,身份证号', ...Array.from({ length: 30 }, (_, i) => `人${i},${i}`)].join('\n');
    expect(await refusal(all(await openWorkbook(Buffer.from(csv), 'a.csv', { maxRows: 5 }), 0))).toBe('一次最多导入 5 行，请拆分文件后分批导入');
    expect(await all(await openWorkbook(Buffer.from(csv), 'a.csv', { maxRows: 31 - ROWS_BESIDE_DATA }), 0)).toHaveLength(31);
  });
});

describe('CSV text', () => {
  const cells = (text: string) => parseDelimited(text).map((r) => r.cells);
  it.each<[string, string, Cell[][]]>([
    ['quoted commas, quotes and line breaks; CRLF', 'a,"b,c","say ""hi""","line1\r\nline2"\r\nd,e\r\n', [['a', 'b,c', 'say "hi"', 'line1\r\nline2'], ['d', 'e']]],
    ['empty fields and a last line without a break', ',x,,\n1,,2', [[null, 'x'], ['1', null, '2']]],
    ['tabs when the first line has tabs and no commas', '姓名\t住址\n张三\t1号,2栋', [['姓名', '住址'], ['张三', '1号,2栋']]],
    ['="…" keeps digits as text', 'a,="0012"', [['a', '0012']]],
    ['a trailing comma', 'a,b,\n', [['a', 'b']]],
    ['blank lines kept as blank rows', 'a\n\nb', [['a'], [], ['b']]],
  ])('%s', (_, text, expected) => expect(cells(text)).toEqual(expected));
  it('numbers rows as records, a quoted line break inside one', () => {
    expect(parseDelimited('a\n"b\nc"\nd').map((r) => r.rowNumber)).toEqual([1, 2, 3]);
  });
  it('a short GBK file chardet would call Big5 is read as GB18030', async () => {
    const wb = await openWorkbook(iconv.encode('姓名,身份证号\n张三,11010519491231001X\n', 'gb18030'), 'a.csv');
    expect(wb.encoding).toBe('gb18030');
    expect((await all(wb, 0))[1]!.cells).toEqual(['张三', '11010519491231001X']);
  });
});

import { describe, expect, it } from 'vitest';
import { MEMBER_FIELDS, ORG_FIELDS } from './fields.js';
import { findHeader, isTrailerRow, proposeSheet } from './header.js';
import type { Cell, RawRow } from './types.js';

/** Rows as a reader gives them: numbered from 1, blank rows included. */
const sheet = (...rows: Cell[][]): RawRow[] => rows.map((cells, i) => ({ rowNumber: i + 1, cells }));
const cols = (...labels: (string | null)[]) => labels.flatMap((label, index) => (label ? [{ index, label }] : []));
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe('findHeader', () => {
  it.each<[string, RawRow[], ReturnType<typeof findHeader>]>([
    ['the first row of our own template', sheet(
      ['姓名', '性别', '公民身份号码', '人员类别', '所在党支部', '入党日期'],
      ['张三', '男', '11010519491231001X', '正式党员', '松岭村党支部', day('2019-07-01')],
    ), { row: 1, depth: 1, columns: cols('姓名', '性别', '公民身份号码', '人员类别', '所在党支部', '入党日期') }],

    ['under a title merged across the table, a note and a blank row', sheet(
      ['××村党支部党员花名册（截至2026年11月）'],
      ['填报单位：××村党支部', null, null, '填报日期：2026年11月1日'],
      [],
      ['序号', '姓名', '性别', '身份证号码', '入党时间', '联系电话'],
      [1, '张三', '男', '11010519491231001X', '2019.07', '13800001111'],
    ), { row: 4, depth: 1, columns: cols('序号', '姓名', '性别', '身份证号码', '入党时间', '联系电话') }],

    ['two rows: 入党时间 over 入党日期 | 转正日期, the other labels merged down', sheet(
      ['党员花名册'],
      ['序号', '姓名', '公民身份号码', '入党时间', null, '备注'],
      [null, null, null, '入党日期', '转正日期', null],
      [1, '张三', '11010519491231001X', day('2019-07-01'), day('2020-07-01')],
    ), { row: 3, depth: 2, columns: cols('序号', '姓名', '公民身份号码', '入党日期', '转正日期', '备注') }],

    ['two rows: group labels over a full header, 序号 merged down', sheet(
      ['序号', '基本信息', null, null, '党籍信息', null],
      [null, '姓名', '性别', '身份证号', '入党日期', '人员类别'],
      ['1', '张三', '男', '11010519491231001X', '2019-07-01', '正式党员'],
    ), { row: 2, depth: 2, columns: cols('序号', '姓名', '性别', '身份证号', '入党日期', '人员类别') }],

    ['labels with marks, notes in brackets and line breaks', sheet(
      ['*姓名', '公民身份\n号码', '入党日期（年月日）', '所在党支部（全称）'],
    ), { row: 1, depth: 1, columns: cols('*姓名', '公民身份\n号码', '入党日期（年月日）', '所在党支部（全称）') }],

    ['a row of column numbers under the header is not a second header row', sheet(
      ['序号', '姓名', '身份证号', '入党日期'],
      [1, 2, 3, 4],
      [1, '张三', '11010519491231001X', '2019-07-01'],
    ), { row: 1, depth: 1, columns: cols('序号', '姓名', '身份证号', '入党日期') }],

    ['a header that starts in the second column', sheet(
      [null, '花名册'],
      [null, '姓名', '身份证号', '入党日期'],
    ), { row: 2, depth: 1, columns: [{ index: 1, label: '姓名' }, { index: 2, label: '身份证号' }, { index: 3, label: '入党日期' }] }],

    ['no recognisable header: a notice', sheet(['关于做好2026年党员统计工作的通知'], ['各党支部：'], ['请于11月30日前报送。']), null],
    ['no recognisable header: two labels are chance where there are many fields', sheet(['姓名', '备注'], ['张三', '']), null],
    ['nothing at all', sheet([], []), null],
  ])('%s', (_, rows, expected) => expect(findHeader(rows, MEMBER_FIELDS)).toEqual(expected));

  it('looks at the first 30 rows only', () => {
    const rows = sheet(...Array.from({ length: 30 }, () => ['说明']), ['姓名', '身份证号', '入党日期']);
    expect(findHeader(rows, MEMBER_FIELDS)).toBeNull();
    expect(findHeader(rows.slice(1), MEMBER_FIELDS)?.row).toBe(31);
  });

  it('finds an org list header with the org fields', () => {
    expect(findHeader(sheet(['党组织名称', '上级党组织', '组织类型', '组织类别']), ORG_FIELDS)?.columns).toHaveLength(4);
  });
});

describe('isTrailerRow', () => {
  const row = (...cells: Cell[]): RawRow => ({ rowNumber: 20, cells });
  it.each<[string, RawRow, boolean]>([
    ['blank', row(), true],
    ['only empty or spaces', row(null, '  ', '\u3000'), true],
    ['合计', row('合计', null, '25人'), true],
    ['合  计 with spaces', row('合  计', null, 25), true],
    ['总计 after an empty 序号 cell', row(null, '总计：25人'), true],
    ['小计', row('小计', 3), true],
    ['signatures', row('填表人：张三', null, '审核人：李四', null, '填报日期：2026年11月1日'), true],
    ['signature words in their own cells', row('填表人', '张三', '审核人', '李四'), true],
    ['a stamp', row(null, null, '单位（盖章）'), true],
    ['制表人 with a space before the colon', row('制表人 ：王五'), true],
    ['a member', row(1, '张三', '男', '11010519491231001X'), false],
    ['a member whose post is 负责人', row(2, '李四', '女', '村委会负责人'), false],
    ['a member named 合计 is not in the first cells', row(3, '王五', '合计村'), false],
  ])('%s → %s', (_, r, v) => expect(isTrailerRow(r)).toBe(v));
});

describe('proposeSheet', () => {
  it('picks the roster over a cover sheet and a notes sheet', () => {
    const heads = [
      { sheet: 0, head: sheet(['党员花名册'], ['填报单位：松岭村党支部'], ['2026年11月']) },
      { sheet: 1, head: sheet(['填表说明'], ['1. 姓名须与身份证一致'], ['2. 入党日期填到日']) },
      { sheet: 2, head: sheet(['松岭村党员花名册'], ['序号', '姓名', '性别', '身份证号', '入党日期']) },
    ];
    expect(proposeSheet(heads, MEMBER_FIELDS)).toBe(2);
  });
  it('picks the sheet naming more fields, the first on a tie', () => {
    const a = sheet(['姓名', '身份证号', '入党日期']);
    const b = sheet(['姓名', '身份证号', '入党日期', '人员类别']);
    expect(proposeSheet([{ sheet: 0, head: a }, { sheet: 1, head: b }], MEMBER_FIELDS)).toBe(1);
    expect(proposeSheet([{ sheet: 0, head: a }, { sheet: 1, head: a }], MEMBER_FIELDS)).toBe(0);
  });
  it('without a header anywhere, the first sheet with content', () => {
    expect(proposeSheet([{ sheet: 0, head: [] }, { sheet: 1, head: sheet(['说明']) }], MEMBER_FIELDS)).toBe(1);
  });
});

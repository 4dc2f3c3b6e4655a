/**
 * Writes test/fixtures/*.xlsx: rosters laid out the way counties keep them in Excel (codes or labels,
 * dates typed in several styles, real date cells), so that the import tests read real files.
 * Run again only when the fixtures must change: `tsx scripts/make-fixtures.ts`.
 */
import { ExcelJS } from '../src/server/core/xlsx.js';

const wb = new ExcelJS.Workbook();
const ws = wb.addWorksheet('党员花名册');
ws.addRow(['姓名', '性别', '民族', '公民身份号码', '出生日期', '学历', '人员类别', '所在党支部', '入党日期', '转正日期', '手机号码', '是否流动党员', '外出日期', '外出流向', '是否失联党员', '失去联系日期']);
// {BRANCH} is replaced by the test with the name of a branch in the importing user's scope
ws.addRow(['赵红梅', '女', '汉', '530121198703120429', '1987/3/12', '大学本科', '正式党员', '{BRANCH}', '2010/7/1', '2011年7月1日', '13900001111', '否', '', '', '否', '']);
ws.addRow(['钱建国', '1', '03', '53012119791105031X', new Date(Date.UTC(1979, 10, 5)), '22', '正式', '{BRANCH}', '20000601', '2001.6.1', '', '是', '2024-03-01', '广东省深圳市', '否', '']);
ws.addRow(['孙立新', '男', '01', '530121199508230010', '', '高中', '预备党员', '{BRANCH}', '2026-06-30', '', '13700002222', '否', '', '', '是', '2026-02']);
await wb.xlsx.writeFile('test/fixtures/roster-members.xlsx');
console.log('test/fixtures/roster-members.xlsx');

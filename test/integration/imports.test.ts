import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ExcelJS } from '../../src/server/core/xlsx.js';
import { sql } from 'drizzle-orm';
import { withIdCheckDigit } from '../../src/server/core/idcard.js';
import { readXlsx } from '../../src/server/core/xlsx.js';
import { anchors } from '../builders.js';
import { count, loginAll, one, problem, useApp, type Client } from '../helpers.js';

async function sheet(rows: (string | number | Date | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('党员');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The roster fixture with its placeholder replaced by a real branch name. */
async function roster(branchName: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(fs.readFileSync('test/fixtures/roster-members.xlsx') as unknown as ArrayBuffer);
  wb.worksheets[0]!.eachRow((row) => row.eachCell((c) => { if (c.value === '{BRANCH}') c.value = branchName; }));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const HEAD = ['姓名*', '性别*', '民族*', '公民身份号码*', '出生日期', '学历', '人员类别*', '所在党支部*', '入党日期*', '转正日期'];
const person = (i: number, org: string) => {
  const first17 = `530121199001${String(1 + (i % 28)).padStart(2, '0')}${String(100 + ((i * 2) % 800) + 1).padStart(3, '0')}`;
  return [`导入${i}`, '男', '汉族', withIdCheckDigit(first17), '', '大学', '正式党员', org, '2015-07-01', '2016-07-01'];
};

describe('import and export', () => {
  const ctx = useApp();
  let a: Awaited<ReturnType<typeof anchors>>;
  let town: Client; let county: Client; let branch: Client;
  let branchName: string;
  beforeAll(async () => {
    a = await anchors(ctx.db);
    [town, county, branch] = await loginAll(ctx.app, 'township_admin', 'county_admin', 'branch_secretary');
    branchName = (await one<{ name: string }>(ctx.db, sql`select name from orgs where id = ${a.branch}`)).name;
  });

  it('serves the templates as real spreadsheets', async () => {
    const r = await town.get('/api/imports/members/template');
    expect(r.headers['content-type']).toContain('spreadsheetml');
    const s = await readXlsx(r.rawPayload, 10);
    expect(s.headers.slice(0, 4)).toEqual(['姓名', '性别', '民族', '公民身份号码']);
    expect((await readXlsx((await town.get('/api/imports/orgs/template')).rawPayload, 10)).headers[0]).toBe('党组织名称');
  });

  it('imports a roster as users keep it: labels or codes, dates in several styles', async () => {
    const before = (await county.get(`/api/orgs/${a.branch}`)).json().memberCount;
    const r = await town.upload('/api/imports/members', await roster(branchName), '花名册.xlsx');
    expect(r.statusCode).toBe(200);
    expect(r.json().imported).toBe(3);
    const m = await one<Record<string, unknown>>(ctx.db, sql`select gender, ethnicity, education, birth_date, full_member_date, is_floating, outflow_region from members where id_number = '53012119791105031X'`);
    expect(m).toEqual({ gender: '1', ethnicity: '03', education: '22', birth_date: '1979-11-05', full_member_date: '2001-06-01', is_floating: true, outflow_region: '广东省深圳市' });
    const p = await one<Record<string, unknown>>(ctx.db, sql`select member_category, birth_date, lost_contact_since, imported_raw->>'学历' as raw from members where id_number = '530121199508230010'`);
    expect(p).toEqual({ member_category: 'probationary', birth_date: '1995-08-23', lost_contact_since: '2026-02-01', raw: '高中' });
    const first = await one<{ r: Record<string, string> }>(ctx.db, sql`select imported_raw as r from members where id_number = '530121198703120429'`);
    expect(first.r).toEqual({ 性别: '女', 民族: '汉', 学历: '大学本科', 人员类别: '正式党员' });
    // what was typed differently from what is stored is kept; what was stored as typed is not repeated
    const raw = await one<{ r: Record<string, string> }>(ctx.db, sql`select imported_raw as r from members where id_number = '53012119791105031X'`);
    expect(raw.r).toEqual({ 人员类别: '正式' });
    expect((await county.get(`/api/orgs/${a.branch}`)).json().memberCount).toBe(before + 3);
    expect(await one(ctx.db, sql`select action, after->>'rows' as rows from audit_log where entity = 'member' and action = 'import' order by id desc limit 1`)).toEqual({ action: 'import', rows: '3' });
  });

  it('writes nothing when one row is bad, and returns the same sheet with an error column', async () => {
    const before = await count(ctx.db, 'members');
    const rows = [HEAD, person(1, branchName), person(2, branchName), ['坏行', '男', '汉族', '530121199001010011', '', '大学', '正式党员', branchName, '2015-07-01', ''], person(3, branchName)];
    const r = await town.upload('/api/imports/members', await sheet(rows));
    expect(r.statusCode).toBe(422);
    const body = r.json();
    expect(body.errorCount).toBe(1);
    expect(body.detail).toContain('未导入任何数据');
    expect(await count(ctx.db, 'members')).toBe(before);
    const report = await town.get(`/api/files/${body.errorReport}`);
    expect(report.statusCode).toBe(200);
    const back = await readXlsx(report.rawPayload, 100);
    expect(back.headers.at(-1)).toBe('错误说明');
    expect(back.rows).toHaveLength(4);
    const bad = back.rows.find((x) => x.cells['姓名'] === '坏行')!;
    expect(bad.rowNumber).toBe(4);
    expect(bad.cells['错误说明']).toContain('校验位不正确');
    expect(bad.cells['错误说明']).toContain('转正日期');
    expect(back.rows.filter((x) => x.cells['错误说明']).length).toBe(1);
    // only the uploader can fetch their report
    expect((await county.get(`/api/files/${body.errorReport}`)).statusCode).toBe(404);
  });

  it('names duplicates, unknown codes, out-of-scope branches and impossible dates by row', async () => {
    const dup = person(9, branchName);
    const rows = [HEAD, dup, dup, [...person(10, '不存在的支部')], [...person(11, branchName).slice(0, 2), '火星族', ...person(11, branchName).slice(3)],
      [...person(12, branchName).slice(0, 8), '2015-02-30', '2016-07-01']];
    const r = await town.upload('/api/imports/members', await sheet(rows));
    expect(r.statusCode).toBe(422);
    const back = await readXlsx((await town.get(`/api/files/${r.json().errorReport}`)).rawPayload, 100);
    const msg = (n: number) => back.rows.find((x) => x.rowNumber === n)!.cells['错误说明'];
    expect(msg(3)).toContain('与第 2 行重复');
    expect(msg(4)).toContain('「所在党支部」不存在或不在您的管理范围内');
    expect(msg(5)).toContain('「民族」无法识别');
    expect(msg(6)).toContain('「入党日期」不是有效日期');
    // a branch of another township is outside the township admin's scope
    const other = await one<{ name: string }>(ctx.db, sql`select name from orgs where id = ${a.otherBranch}`);
    const out = await town.upload('/api/imports/members', await sheet([HEAD, person(13, other.name)]));
    expect(out.statusCode).toBe(422);
  });

  it('refuses a person already on the register, naming the row, and writes none of the file', async () => {
    const before = await count(ctx.db, 'members');
    const known = await one<{ name: string; id_number: string }>(ctx.db, sql`select name, id_number from members where org_id = ${a.branch} and gender = '1' limit 1`);
    const rows = [HEAD, person(30, branchName), [known.name, '男', '汉族', known.id_number, '', '大学', '正式党员', branchName, '2015-07-01', '2016-07-01'], person(31, branchName)];
    const r = await town.upload('/api/imports/members', await sheet(rows));
    expect(r.statusCode).toBe(422);
    expect(r.json().errorCount).toBe(1);
    const back = await readXlsx((await town.get(`/api/files/${r.json().errorReport}`)).rawPayload, 100);
    expect(back.rows.find((x) => x.rowNumber === 3)!.cells['错误说明']).toContain('该党员已在册');
    expect(await count(ctx.db, 'members')).toBe(before);
  });

  it('reports 10,000 bad rows in one error sheet and writes none', async () => {
    const before = await count(ctx.db, 'members');
    const rows: (string | null)[][] = [HEAD];
    for (let i = 0; i < 10_000; i++) rows.push([`坏${i}`, '男', '汉族', '123', '', '', '正式党员', branchName, 'x', '']);
    const r = await town.upload('/api/imports/members', await sheet(rows));
    expect(r.statusCode).toBe(422);
    expect(r.json().errorCount).toBe(10_000);
    const back = await readXlsx((await town.get(`/api/files/${r.json().errorReport}`)).rawPayload, 20_000);
    expect(back.rows).toHaveLength(10_000);
    expect(await count(ctx.db, 'members')).toBe(before);
  });

  it('refuses a file that is not a spreadsheet, or is too large, with a clear message', async () => {
    const notXlsx = await town.upload('/api/imports/members', Buffer.from('姓名,性别\n张三,男\n'), 'roster.csv');
    expect(notXlsx.statusCode).toBe(400);
    expect(problem(notXlsx).detail).toContain('不是有效的 Excel');
    const big = await town.upload('/api/imports/members', Buffer.alloc(21 * 1024 * 1024, 1), 'big.xlsx');
    expect(big.statusCode).toBe(413);
    expect(problem(big).detail).toContain('MB');
    const noHead = await town.upload('/api/imports/members', await sheet([['甲', '乙'], ['1', '2']]));
    expect(problem(noHead).detail).toContain('表头缺少列');
  });

  it('refuses imports to users without the import permission', async () => {
    const r = await branch.upload('/api/imports/members', await sheet([HEAD, person(20, branchName)]));
    expect(r.statusCode).toBe(403);
  });

  it('imports orgs whose parents are in scope or earlier in the sheet, warning on a bad credit code', async () => {
    const town_ = await one<{ name: string }>(ctx.db, sql`select name from orgs where id = ${a.town}`);
    const rows = [['党组织名称*', '上级党组织*', '组织类型*', '组织类别*', '统一社会信用代码', '届满日期'],
      ['中共测试导入总支部委员会', town_.name, '党总支', '非公企业', '91350100M000100Y43', '2028-01-01'],
      ['中共测试导入第一支部委员会', '中共测试导入总支部委员会', '党支部', 'non_public_enterprise', '91350100M000100Y44', '']];
    const r = await town.upload('/api/imports/orgs', await sheet(rows));
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().imported).toBe(2);
    expect(r.json().warnings[0]).toContain('第 3 行');
    const child = await one<{ path: string; parent: string }>(ctx.db, sql`
      select c.path, p.name as parent from orgs c join orgs p on p.id = c.parent_id where c.name = '中共测试导入第一支部委员会'`);
    expect(child.parent).toBe('中共测试导入总支部委员会');
    const again = await town.upload('/api/imports/orgs', await sheet(rows));
    expect(again.statusCode).toBe(422);
  });
});

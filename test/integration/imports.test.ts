/**
 * Imports as a county moves in: rosters as people keep them (saved by LibreOffice here, as another office suite would),
 * checked row by row and given back with an 错误说明 column, written all-or-nothing; re-imports compared with the
 * register; exports that import back; profiles of column mappings; permissions and scope.
 */
import fs from 'node:fs';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { ExcelJS, readXlsx } from '../../src/server/core/xlsx.js';
import { rows } from '../../src/server/core/db.js';
import { withIdCheckDigit } from '../../src/server/core/idcard.js';
import { anchors } from '../builders.js';
import { count, loginAll, one, problem, useApp, type Client } from '../helpers.js';
import { flatOds, officeConvert, type FodsCell } from '../office.js';

async function sheet(rows: (string | number | Date | null)[][], name = '党员'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(name);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The 错误说明 of each row of an error copy, by the row number in the user's sheet; and its cells. */
async function errorCopy(buf: Buffer): Promise<{ notes: Map<number, string>; cells: Map<number, unknown[]>; noteColumn: number }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  let noteColumn = 0;
  ws.eachRow((row) => row.eachCell((c, col) => { if (c.value === '错误说明') noteColumn = col; }));
  const notes = new Map<number, string>();
  const cells = new Map<number, unknown[]>();
  ws.eachRow((row, n) => {
    cells.set(n, (row.values as unknown[]).slice(1));
    const v = row.getCell(noteColumn).value;
    if (typeof v === 'string' && v !== '错误说明') notes.set(n, v);
  });
  return { notes, cells, noteColumn };
}

/** An ID number with a valid check digit: born on `birth`, the 17th digit odd for men, even for women. */
function idOf(birth: string, seq: number, female = false): string {
  let s = seq;
  if ((s % 2 === 0) !== female) s++;
  return withIdCheckDigit(`530121${birth}${String(s).padStart(3, '0')}`);
}
/** An ID number whose check digit is X, written with a lower-case x as people type it. */
function idEndingX(): string {
  for (let s = 301; ; s += 2) {
    const id = withIdCheckDigit(`53012119850612${String(s).padStart(3, '0')}`);
    if (id.endsWith('X')) return id.slice(0, 17) + 'x';
  }
}

type Person = { name: string; gender: string; ethnicity: string; id: FodsCell; education: string; category: string; branch: string;
  join: FodsCell; full: FodsCell; phone: FodsCell; native: string };

/**
 * A branch roster on the national form (党员信息采集表) as a branch keeps it: a merged title, the reporting unit, a
 * two-row header (入党时间 over 入党日期 | 转正日期), dates in every style, a totals row and the signature line.
 */
function nationalForm(people: Person[], branchName: string): string {
  const title: FodsCell[] = [{ v: `${branchName}党员花名册（截至2026年11月）`, span: 12 }, ...Array(11).fill(null)];
  const unit: FodsCell[] = [`填报单位：${branchName}`, ...Array(11).fill(null)];
  const head1: FodsCell[] = ['序号', '姓名', '性别', '民族', '公民身份号码', '学历', '人员类别', '所在党支部', { v: '入党时间', span: 2 }, null, '联系电话', '籍贯']
    .map((v, i) => (v === null || (typeof v === 'object') || i === 8 ? v : { v, down: 2 })) as FodsCell[];
  const head2: FodsCell[] = [null, null, null, null, null, null, null, null, '入党日期', '转正日期', null, null];
  const data = people.map((p, i): FodsCell[] => [i + 1, p.name, p.gender, p.ethnicity, p.id, p.education, p.category, p.branch, p.join, p.full, p.phone, p.native]);
  return flatOds([{ name: '党员花名册', rows: [title, unit, head1, head2, ...data,
    ['合计', `${people.length}人`, ...Array(10).fill(null)], ['填表人：王芳　　审核人：李明　　填表日期：2026年11月30日', ...Array(11).fill(null)]] }]);
}
const FIRST_DATA_ROW = 5;

describe('imports: a county moves in with the files it keeps', () => {
  const ctx = useApp();
  let a: Awaited<ReturnType<typeof anchors>>;
  let town: Client; let county: Client; let branch: Client;
  let branchName: string;
  let good: Person[];
  beforeAll(async () => {
    a = await anchors(ctx.db);
    [town, county, branch] = await loginAll(ctx.app, 'township_admin', 'county_admin', 'branch_secretary');
    branchName = (await one<{ name: string }>(ctx.db, sql`select name from orgs where id = ${a.branch}`)).name;
    good = [
      { name: '张建国', gender: '男', ethnicity: '汉族', id: idOf('19700302', 111), education: '大学本科', category: '中共党员', branch: branchName,
        join: '1998.07.01', full: '1999.07.01', phone: '139 8712 3401', native: '云南昆明' },
      { name: '李 秀英', gender: '女', ethnicity: '彝族', id: idOf('19820915', 122, true), education: '高中', category: '正式党员', branch: branchName,
        join: '2005/7/1', full: '2006/7/1', phone: '+86 138-7123-4402', native: '云南楚雄' },
      { name: '王海', gender: '男', ethnicity: '汉', id: idEndingX(), education: '大专', category: '中共党员', branch: branchName,
        join: '2010年6月28日', full: '2011年6月28日', phone: '13687123403', native: '四川宜宾' },
      { name: '赵丽', gender: '女', ethnicity: '白族', id: idOf('19950403', 144, true), education: '研究生', category: '中共预备党员', branch: branchName,
        join: new Date('2026-03-01T00:00:00Z'), full: null, phone: '13787123404', native: '云南大理' },
      { name: '陈志强', gender: '男', ethnicity: '汉族', id: idOf('19661120', 155), education: '初中', category: '正式党员', branch: branchName,
        join: 33786, full: 34151, phone: '0871-6512345', native: '云南曲靖' },
    ];
  });

  it('serves the templates as real spreadsheets', async () => {
    const r = await town.get('/api/imports/members/template');
    expect(r.headers['content-type']).toContain('spreadsheetml');
    expect((await readXlsx(r.rawPayload, 10)).headers.slice(0, 4)).toEqual(['姓名', '性别', '民族', '公民身份号码']);
    expect((await readXlsx((await town.get('/api/imports/orgs/template')).rawPayload, 10)).headers[0]).toBe('党组织名称');
  });

  it('previews the national form saved by another office suite: header found under the title, every fault named by row and column, nothing written', async () => {
    const other = await one<{ id_number: string }>(ctx.db, sql`select id_number from members where id = ${a.otherMember}`);
    const bad: Person[] = [
      { ...good[0]!, name: '错校验', id: String(good[0]!.id).slice(0, 17) + (String(good[0]!.id).endsWith('1') ? '2' : '1') },
      { ...good[1]!, name: '脱敏', id: '530121********1222' },
      { ...good[2]!, name: '数字号', id: 530121198506123000 },
      { ...good[3]!, name: '火星', ethnicity: '火星族' },
      { ...good[4]!, name: '无此支部', branch: '不存在的支部' },
      { ...good[0]!, name: '外乡人', gender: '', id: other.id_number },
    ];
    const file = await officeConvert({ name: 'roster.fods', content: nationalForm([...good, ...bad], branchName) }, 'xlsx');
    const before = await count(ctx.db, 'members');
    const r = await town.upload('/api/imports/members', file, '花名册.xlsx', { dryRun: 'true' });
    expect(r.statusCode, r.body).toBe(200);
    const o = r.json();
    expect(o.format).toBe('xlsx');
    expect(o.header).toEqual({ row: 4, depth: 2 }); // rows 3–4
    expect(o.columns.filter((c: { field: string | null }) => c.field).map((c: { label: string }) => c.label))
      .toEqual(['姓名', '性别', '民族', '公民身份号码', '学历', '人员类别', '所在党支部', '入党日期', '转正日期', '联系电话']);
    expect(o.missing).toEqual([]);
    expect(o.rows).toBe(11); // the totals and signature lines are not rows
    expect(o.errorCount).toBe(6);
    const msg = (n: number) => o.errors.find((e: { row: number }) => e.row === n)?.messages.join('；') ?? '';
    const at = (i: number) => FIRST_DATA_ROW + good.length + i;
    expect(msg(at(0))).toContain('「公民身份号码」校验位不正确');
    expect(msg(at(1))).toContain('「公民身份号码」已脱敏');
    expect(msg(at(2))).toContain('「公民身份号码」被存成了数字');
    expect(msg(at(3))).toContain('「民族」无法识别：火星族');
    expect(msg(at(4))).toContain('「所在党支部」“不存在的支部”不存在或不在您的管理范围内');
    expect(msg(at(5))).toContain('不在您的管理范围：如需转入，请办理组织关系转接');
    for (let i = 0; i < good.length; i++) expect(msg(FIRST_DATA_ROW + i)).toBe('');
    expect(o.toCreate).toBe(5);
    expect(await count(ctx.db, 'members')).toBe(before);

    // the error copy is the user's own sheet, title and all, with the note after the last column
    const copy = await errorCopy((await town.get(`/api/files/${o.errorReport}`)).rawPayload);
    expect(copy.noteColumn).toBe(13);
    expect(String(copy.cells.get(1)![0])).toContain('党员花名册');
    expect([...copy.notes.keys()]).toEqual([0, 1, 2, 3, 4, 5].map(at));
    expect(copy.notes.get(at(3))).toContain('火星族');
    expect(copy.cells.get(at(3))![1]).toBe('火星');
    // only the uploader can fetch it
    expect((await county.get(`/api/files/${o.errorReport}`)).statusCode).toBe(404);

    // committing the same file refuses it whole
    const c = await town.upload('/api/imports/members', file, '花名册.xlsx');
    expect(c.statusCode).toBe(422);
    expect(c.json().detail).toBe('共 11 行，其中 6 行有错误，未导入任何数据。请下载错误说明，修改后重新上传');
    expect(await count(ctx.db, 'members')).toBe(before);
  });

  it('imports the corrected roster as typed, and the same roster saved as .xls, GBK .csv or .ods finds everyone already in', async () => {
    const fods = { name: 'roster.fods', content: nationalForm(good, branchName) };
    const beforeCount = (await county.get(`/api/orgs/${a.branch}`)).json().memberCount;
    const r = await town.upload('/api/imports/members', await officeConvert(fods, 'xlsx'), '花名册.xlsx');
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ done: true, imported: 5, updated: 0, skipped: 0, errorCount: 0 });
    const got = await rows<Record<string, unknown>>(ctx.db, sql`select name, gender, ethnicity, id_number, education, member_category, join_date, full_member_date, mobile, org_id
      from members where id_number in (${sql.join(good.map((p) => sql`${String(p.id).toUpperCase()}`), sql`, `)}) order by join_date`);
    expect(got.map((m) => [m.name, m.gender, m.ethnicity, m.member_category, m.join_date, m.full_member_date, m.mobile, m.org_id])).toEqual([
      ['陈志强', '1', '01', 'full', '1992-07-01', '1993-07-01', '08716512345', a.branch],
      ['张建国', '1', '01', 'full', '1998-07-01', '1999-07-01', '13987123401', a.branch],
      ['李秀英', '2', '07', 'full', '2005-07-01', '2006-07-01', '13871234402', a.branch],
      ['王海', '1', '01', 'full', '2010-06-28', '2011-06-28', '13687123403', a.branch],
      ['赵丽', '2', '14', 'probationary', '2026-03-01', null, '13787123404', a.branch],
    ]);
    expect(got.find((m) => m.name === '王海')!.id_number).toMatch(/X$/);
    expect((await county.get(`/api/orgs/${a.branch}`)).json().memberCount).toBe(beforeCount + 5);
    expect(await one(ctx.db, sql`select after->>'created' as created, after->>'fileName' as file from audit_log
      where entity = 'member' and action = 'import' order by id desc limit 1`)).toEqual({ created: '5', file: '花名册.xlsx' });

    // the same roster from other suites and encodings: everyone found, nothing written twice
    const csvUtf8 = await officeConvert(fods, 'csv');
    const variants: [string, Buffer][] = [
      ['花名册.xls', await officeConvert(fods, 'xls')],
      ['花名册.ods', await officeConvert(fods, 'ods')],
      ['花名册.csv', iconv.encode(csvUtf8.toString('utf8'), 'gbk')],
    ];
    for (const [name, file] of variants) {
      const again = await town.upload('/api/imports/members', file, name);
      expect(again.statusCode, `${name}: ${again.body}`).toBe(200);
      expect(again.json(), name).toMatchObject({ imported: 0, updated: 0, skipped: 5, existing: { total: 5, unchanged: 5, changed: [] } });
    }
    expect((await county.get(`/api/orgs/${a.branch}`)).json().memberCount).toBe(beforeCount + 5);
  });

  it('shows what changed for people already in, and updates them only when asked, with an audit entry each', async () => {
    const changed = good.map((p, i) => (i === 1 ? { ...p, phone: '13900001111', education: '大学本科' } : p));
    const file = await officeConvert({ name: 'roster.fods', content: nationalForm(changed, branchName) }, 'xlsx');
    const preview = (await town.upload('/api/imports/members', file, '花名册.xlsx', { dryRun: 'true' })).json();
    expect(preview.existing.unchanged).toBe(4);
    expect(preview.existing.changed).toHaveLength(1);
    expect(preview.existing.changed[0]).toMatchObject({ row: FIRST_DATA_ROW + 1, name: '李秀英' });
    expect(preview.existing.changed[0].differences).toEqual(expect.arrayContaining([
      { field: 'mobile', label: '联系电话', from: '13871234402', to: '13900001111' },
      { field: 'education', label: '学历', from: '普通高中', to: '大学' },
    ]));
    // skip is the default: nothing changes
    expect((await town.upload('/api/imports/members', file, '花名册.xlsx')).json()).toMatchObject({ imported: 0, updated: 0, skipped: 5 });
    expect(await one(ctx.db, sql`select mobile from members where name = '李秀英' and org_id = ${a.branch}`)).toEqual({ mobile: '13871234402' });
    const u = await town.upload('/api/imports/members', file, '花名册.xlsx', { onExisting: 'update' });
    expect(u.json()).toMatchObject({ imported: 0, updated: 1, skipped: 4 });
    const m = await one<{ id: number; mobile: string }>(ctx.db, sql`select id, mobile from members where name = '李秀英' and org_id = ${a.branch}`);
    expect(m.mobile).toBe('13900001111');
    expect(await one(ctx.db, sql`select before->>'mobile' as was, after->>'mobile' as now from audit_log
      where entity = 'member' and action = 'update' and entity_id = ${m.id} order by id desc limit 1`)).toEqual({ was: '13871234402', now: '13900001111' });
  });

  it('takes back what it exports: the full export re-imports unchanged, a masked one is refused for its IDs', async () => {
    const full = await county.get(`/api/members/export?orgId=${a.branch}`);
    expect(full.statusCode).toBe(200);
    const n = await one<{ n: number }>(ctx.db, sql`select count(*)::int as n from members where org_id = ${a.branch} and status = 'active'`);
    const back = await county.upload('/api/imports/members', full.rawPayload, '导出.xlsx');
    expect(back.statusCode, back.body.slice(0, 2000)).toBe(200);
    expect(back.json()).toMatchObject({ imported: 0, updated: 0, skipped: n.n, existing: { unchanged: n.n } });

    const masked = await town.get(`/api/members/export?orgId=${a.branch}`);
    const refused = await town.upload('/api/imports/members', masked.rawPayload, '导出.xlsx', { dryRun: 'true' });
    expect(refused.json().errorCount).toBe(n.n);
    expect(refused.json().errors[0].messages.join('')).toContain('已脱敏');
  });

  it('reads a sheet whose columns it cannot name when the user maps them, and remembers the mapping as a profile', async () => {
    const cols = [['成员', '族', '证件', '身份', '单位', '入', '转', '备注'],
      ['映射甲', '汉族', idOf('19900101', 201), '正式党员', branchName, '2015-07-01', '2016-07-01', '无'],
      ['映射乙', '傣族', idOf('19900102', 212, true), '正式党员', branchName, '2016-07-01', '2017-07-01', '']];
    const file = await sheet(cols);
    const first = await town.upload('/api/imports/members', file, '自制.xlsx', { dryRun: 'true' });
    expect(first.statusCode).toBe(400);
    expect(problem(first).detail).toContain('前 40 行没有找到表头');

    const mapping = [{ index: 0, field: 'name' }, { index: 1, field: 'ethnicity' }, { index: 2, field: 'idNumber' }, { index: 3, field: 'memberCategory' },
      { index: 4, field: 'org' }, { index: 5, field: 'joinDate' }, { index: 6, field: 'fullMemberDate' }, { index: 7, field: null }];
    const mapped = await town.upload('/api/imports/members', file, '自制.xlsx', { dryRun: 'true', headerRow: 1, mapping: JSON.stringify(mapping) });
    expect(mapped.statusCode, mapped.body).toBe(200);
    expect(mapped.json()).toMatchObject({ missing: [], errorCount: 0, toCreate: 2 });
    expect(mapped.json().sample[0].values).toMatchObject({ 姓名: '映射甲', 民族: '汉族' });
    // without 民族 the sheet is not read as if everyone were 汉族
    const noEthnicity = await town.upload('/api/imports/members', file, '自制.xlsx', { headerRow: 1,
      mapping: JSON.stringify(mapping.map((m) => (m.field === 'ethnicity' ? { ...m, field: null } : m))) });
    expect(noEthnicity.statusCode).toBe(400);
    expect(problem(noEthnicity).detail).toContain('没有对应“民族”的列');

    const dup = await town.upload('/api/imports/members', file, '自制.xlsx', { headerRow: 1,
      mapping: JSON.stringify([{ index: 0, field: 'name' }, { index: 1, field: 'name' }]) });
    expect(dup.statusCode).toBe(400);
    expect(problem(dup).detail).toContain('两列都对应「姓名」');

    const saved = await town.post('/api/imports/profiles', { kind: 'members', name: '村里的旧表', mapping: cols[0]!.map((label, i) => ({ label, field: mapping[i]!.field })) });
    expect(saved.statusCode, saved.body).toBe(201);
    const list = (await town.get('/api/imports/profiles?kind=members')).json();
    expect(list.map((p: { name: string }) => p.name)).toContain('村里的旧表');
    expect((await town.post('/api/imports/profiles', { kind: 'members', name: ' ', mapping: [] })).statusCode).toBe(400);

    const byProfile = await town.upload('/api/imports/members', file, '自制.xlsx', { headerRow: 1, profile: saved.json().id });
    expect(byProfile.statusCode, byProfile.body).toBe(200);
    expect(byProfile.json()).toMatchObject({ profileName: '村里的旧表' });

    expect((await branch.delete(`/api/imports/profiles/${saved.json().id}`)).statusCode).toBe(403);
    expect((await town.delete(`/api/imports/profiles/${saved.json().id}`)).statusCode).toBe(200);
    expect((await town.get('/api/imports/profiles?kind=members')).json().map((p: { name: string }) => p.name)).not.toContain('村里的旧表');
  });

  it('reports 10,000 bad rows in one error copy, writes none, and tells its progress to the uploader alone', async () => {
    const before = await count(ctx.db, 'members');
    const big: (string | null)[][] = [['姓名', '性别', '民族', '公民身份号码', '人员类别', '所在党支部', '入党日期']];
    for (let i = 0; i < 10_000; i++) big.push([`坏${i}`, '男', '汉族', '123', '正式党员', branchName, 'x']);
    const r = await town.upload('/api/imports/members', await sheet(big), 'big.xlsx', { jobId: 'job-10000-bad' });
    expect(r.statusCode).toBe(422);
    expect(r.json().errorCount).toBe(10_000);
    const copy = await errorCopy((await town.get(`/api/files/${r.json().errorReport}`)).rawPayload);
    expect(copy.notes.size).toBe(10_000);
    expect(await count(ctx.db, 'members')).toBe(before);
    expect((await town.get('/api/imports/progress/job-10000-bad')).json()).toMatchObject({ rows: 10_000 });
    expect((await county.get('/api/imports/progress/job-10000-bad')).json()).toBeNull();
  });

  it('writes a large roster as it reads it, yet one faulty row at its end leaves nothing written, counts and keys as they were', async () => {
    const before = await count(ctx.db, 'members');
    const org = async () => one<{ m: number; s: number }>(ctx.db, sql`select member_count as m, subtree_member_count as s from orgs where id = ${a.branch}`);
    const orgBefore = await org();
    const keys = async () => (await rows<{ n: string }>(ctx.db, sql`select conname as n from pg_constraint where conrelid = 'members'::regclass and contype = 'f'`)).map((k) => k.n).sort();
    const keysBefore = await keys();
    const big: (string | null)[][] = [['姓名', '性别', '民族', '公民身份号码', '人员类别', '所在党支部', '入党日期', '转正日期']];
    // 12,000 good rows: the first batches are copied in before the last row is read
    for (let i = 0; i < 12_000; i++) {
      const born = new Date(Date.UTC(1950, 0, 1) + (i % 10_000) * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
      big.push([`批量${i}`, '男', '汉族', withIdCheckDigit(`810102${born}${String(Math.floor(i / 10_000) * 2 + 501)}`), '正式党员', branchName, '2001-07-01', '2002-07-01']);
    }
    big.push(['最后一行', '男', '汉族', '530121197501010000', '正式党员', branchName, '2001-07-01', '2002-07-01']);
    const r = await town.upload('/api/imports/members', await sheet(big), 'large.xlsx');
    expect(r.statusCode).toBe(422);
    expect(r.json()).toMatchObject({ errorCount: 1, errors: [{ row: 12_002 }] });
    expect(r.json().errors[0].messages.join('')).toContain('校验位不正确');
    expect(await count(ctx.db, 'members')).toBe(before);
    expect(await org()).toEqual(orgBefore);
    expect(await keys()).toEqual(keysBefore);
    expect(keysBefore.length).toBeGreaterThan(0);
  });

  it('refuses what is not a roster with a clear message, before reading a row', async () => {
    const cases: [string, Buffer, string, number, string][] = [
      ['PDF', Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\n'), '花名册.pdf', 400, '文件不是电子表格'],
      ['empty', Buffer.alloc(0), '花名册.xlsx', 400, '表格是空的'],
      ['password', fs.readFileSync('test/fixtures/imports/password.xlsx'), '花名册.xlsx', 400, '设有打开密码'],
      ['too large', Buffer.alloc(21 * 1024 * 1024, 1), 'big.xlsx', 413, '20 MB'],
      ['no header', await sheet([['甲', '乙'], ['1', '2']]), 'x.xlsx', 400, '没有找到表头'],
    ];
    for (const [what, file, name, status, text] of cases) {
      const r = await town.upload('/api/imports/members', file, name);
      expect(r.statusCode, what).toBe(status);
      expect(problem(r).detail, what).toContain(text);
    }
  });

  it('keeps imports to those allowed, and inside their scope', async () => {
    const head = ['姓名', '民族', '公民身份号码', '人员类别', '所在党支部', '入党日期', '转正日期'];
    const file = await sheet([head, ['越权', '汉族', idOf('19900103', 221), '正式党员', branchName, '2015-07-01', '2016-07-01']]);
    expect((await branch.upload('/api/imports/members', file)).statusCode).toBe(403);
    expect((await branch.upload('/api/imports/orgs', file)).statusCode).toBe(403);
    const out = await town.upload('/api/imports/members', file, 'x.xlsx', { orgId: a.otherBranch });
    expect(out.statusCode).toBe(400);
    expect(problem(out).detail).toContain('不在您的管理范围');
    // a branch of another township named in the sheet is a row error
    const other = await one<{ name: string }>(ctx.db, sql`select name from orgs where id = ${a.otherBranch}`);
    const named = await town.upload('/api/imports/members', await sheet([head,
      ['越权', '汉族', idOf('19900103', 221), '正式党员', other.name, '2015-07-01', '2016-07-01']]), 'x.xlsx', { dryRun: 'true' });
    expect(named.statusCode, named.body).toBe(200);
    expect(named.json().errors[0].messages.join('')).toContain('不存在或不在您的管理范围内');
  });

  it('imports orgs whose parents come later in the sheet, groups of the same name under two branches, and finds them on re-import', async () => {
    const townName = (await one<{ name: string }>(ctx.db, sql`select name from orgs where id = ${a.town}`)).name;
    const orgRows = [['党组织名称*', '上级党组织*', '组织类型*', '组织类别*', '统一社会信用代码', '届满日期'],
      ['第一党小组', '中共测试导入第一支部委员会', '党小组', '非公企业', '', ''],
      ['第一党小组', '中共测试导入第二支部委员会', '党小组', '非公企业', '', ''],
      ['中共测试导入第一支部委员会', '中共测试导入总支部委员会', '党支部', 'non_public_enterprise', '91350100M000100Y44', ''],
      ['中共测试导入第二支部委员会', '中共测试导入总支部委员会', '党支部', '非公企业', '', ''],
      ['中共测试导入总支部委员会', townName, '党总支', '非公企业', '', '2028-01-01']];
    const file = await officeConvert({ name: 'orgs.fods', content: flatOds([{ name: '党组织', rows: orgRows }]) }, 'xlsx');
    const r = await town.upload('/api/imports/orgs', file, '党组织.xlsx');
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ imported: 5 });
    expect(r.json().warnings[0]).toContain('第 4 行');
    const list = await rows<{ parent: string }>(ctx.db, sql`select p.name as parent from orgs g join orgs p on p.id = g.parent_id where g.name = '第一党小组' and p.name like '中共测试导入%' order by p.name`);
    expect(list.map((g) => g.parent)).toEqual(['中共测试导入第一支部委员会', '中共测试导入第二支部委员会']);
    const again = await town.upload('/api/imports/orgs', file, '党组织.xlsx');
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ imported: 0, skipped: 5 });
  });

  it('links a post entered by name in the org register to the member of that name once the members are imported, and only one of a name', async () => {
    const townName = (await one<{ name: string }>(ctx.db, sql`select name from orgs where id = ${a.town}`)).name;
    const orgRows = [['党组织名称', '上级党组织', '组织类型', '组织类别', '书记'],
      ['中共书记关联总支部委员会', townName, '党总支', '机关', '柳承志'],
      ['中共书记关联第一支部委员会', '中共书记关联总支部委员会', '党支部', '机关', '韩同'],
      ['中共书记关联第二支部委员会', '中共书记关联总支部委员会', '党支部', '机关', '']];
    expect((await town.upload('/api/imports/orgs', await sheet(orgRows, '党组织'), '党组织.xlsx')).json()).toMatchObject({ imported: 3 });
    const posts = async () => rows<{ org: string; name: string; member: string | null }>(ctx.db, sql`select o.name as org, p.person_name as name, m.name as member
      from org_posts p join orgs o on o.id = p.org_id left join members m on m.id = p.member_id where o.name like '中共书记关联%' order by o.name`);
    expect((await posts()).map((p) => p.member)).toEqual([null, null]);
    const people = [['姓名', '性别', '民族', '公民身份号码', '人员类别', '所在党支部', '入党日期', '转正日期'],
      ['柳承志', '男', '汉族', idOf('19700305', 111), '正式党员', '中共书记关联第二支部委员会', '1995-07-01', '1996-07-01'],
      ['韩同', '男', '汉族', idOf('19720305', 113), '正式党员', '中共书记关联第一支部委员会', '1996-07-01', '1997-07-01'],
      ['韩同', '男', '汉族', idOf('19740305', 115), '正式党员', '中共书记关联第一支部委员会', '1998-07-01', '1999-07-01']];
    const r = await town.upload('/api/imports/members', await sheet(people), '党员.xlsx');
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ imported: 3, postsLinked: 1 });
    // the general branch's secretary is the member of its second branch; two of the name in the first branch: left to the user
    expect(await posts()).toEqual([
      { org: '中共书记关联总支部委员会', name: '柳承志', member: '柳承志' },
      { org: '中共书记关联第一支部委员会', name: '韩同', member: null },
    ]);
    expect((await one<{ n: number }>(ctx.db, sql`select count(*)::int as n from audit_log where entity = 'org_post' and action = 'link'`)).n).toBe(1);
  });
});

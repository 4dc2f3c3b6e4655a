import crypto from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { orgScopeSql, require, scopeOf, type Actor } from '../../core/actor.js';
import { audit } from '../../core/audit.js';
import {
  ORG_TYPE_LABELS, matchEducation, matchEthnicity,
  matchGender, matchMemberCategory, type OrgType,
} from '../../../shared/codes.js';
import { copyRows, inTx, isUniqueViolation, rows, type Db } from '../../core/db.js';
import { errors } from '../../core/errors.js';
import { checkIdNumber, checkUscc } from '../../core/idcard.js';
import { today } from '../../core/paging.js';
import { P } from '../../core/permissions.js';
import { parseDate, parseYesNo, readXlsx, writeXlsx, type Column, type SheetRow } from '../../core/xlsx.js';
import { MEMBER_SQL_TYPES, members } from '../members/tables.js';
import { MEMBER_ORG_TYPES, memberProblems } from '../members/rules.js';
import { MEMBER_COLUMNS } from '../members/register.js';
import { adjustMemberCounts } from '../orgs/service.js';
import { ORG_COLUMNS } from '../orgs/register.js';
import { ALLOWED_CHILDREN } from '../orgs/rules.js';
import { orgCategories, orgs, ORG_TYPES } from '../orgs/tables.js';
import { generatedFiles } from './tables.js';

export const MAX_IMPORT_ROWS = 200_000;

type MemberRow = typeof members.$inferInsert;

/** Template column → the member field it fills (所在党支部 fills orgId, matched by name). */
const HEADER_FIELD: Record<string, string> = {
  姓名: 'name', 性别: 'gender', 民族: 'ethnicity', 公民身份号码: 'idNumber', 出生日期: 'birthDate', 学历: 'education',
  人员类别: 'memberCategory', 所在党支部: 'orgId', 入党日期: 'joinDate', 转正日期: 'fullMemberDate', 工作岗位: 'jobPosition',
  手机号码: 'mobile', 家庭住址: 'homeAddress', 工作单位及职务: 'employerAndPost', 是否流动党员: 'isFloating', 外出日期: 'floatingSince',
  外出流向: 'outflowRegion', 是否失联党员: 'isLostContact', 失去联系日期: 'lostContactSince', 是否无职党员: 'isWithoutPost',
};

/**
 * What the user typed that the parsed record does not show as typed: coded values (汉 → 01) and whole
 * columns the template does not have. Kept beside the record, so nothing entered is lost; cells stored
 * exactly as typed, yes/no flags and dates (the same day in another spelling) are not repeated.
 */
const DATE_FIELDS = new Set(['birthDate', 'joinDate', 'fullMemberDate', 'floatingSince', 'lostContactSince']);

function rawKept(cells: Record<string, string>, row: Record<string, unknown>): Record<string, string> | null {
  const kept: Record<string, string> = {};
  for (const [h, v] of Object.entries(cells)) {
    if (!v) continue;
    const field = HEADER_FIELD[h];
    if (field === 'orgId' || DATE_FIELDS.has(field ?? '') || (typeof row[field ?? ''] === 'boolean' && (v === '是' || v === '否'))) continue;
    if (!field || String(row[field] ?? '') !== v) kept[h] = v;
  }
  return Object.keys(kept).length ? kept : null;
}
const REQUIRED_MEMBER_HEADERS = ['姓名', '公民身份号码', '人员类别', '所在党支部', '入党日期'];

export async function memberTemplate(): Promise<Buffer> {
  const example = {
    name: '张三', gender: '1', ethnicity: '01', idNumber: '11010519491231002X', birthDate: '1949-12-31', education: '21',
    memberCategory: 'full', orgName: '（填写党支部全称）', joinDate: '1975-07-01', fullMemberDate: '1976-07-01', mobile: '13800000000',
    isFloating: false, isLostContact: false, isWithoutPost: false,
  };
  return writeXlsx('党员信息', MEMBER_COLUMNS, [example]);
}

type RowError = { rowNumber: number; cells: Record<string, string>; message: string };

export async function storeErrorReport(db: Db, actor: Actor, headers: string[], sheet: SheetRow[], errs: Map<number, string[]>, name: string) {
  const cols: Column<RowError>[] = [
    ...headers.map((h) => ({ header: h, value: (r: RowError) => r.cells[h] })),
    { header: '错误说明', width: 60, value: (r: RowError) => r.message },
  ];
  const all = sheet.map((r) => ({ rowNumber: r.rowNumber, cells: r.cells, message: (errs.get(r.rowNumber) ?? []).join('；') }));
  const buf = await writeXlsx('错误报告', cols, all, { highlight: (r) => !!r.message });
  const token = crypto.randomBytes(18).toString('base64url');
  await db.insert(generatedFiles).values({ token, ownerId: actor.userId, fileName: `${name}-错误报告.xlsx`,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', content: buf });
  return token;
}

export async function getGeneratedFile(db: Db, actor: Actor, token: string) {
  const [f] = await db.select().from(generatedFiles).where(and(eq(generatedFiles.token, token), eq(generatedFiles.ownerId, actor.userId)));
  if (!f) throw errors.notFound('文件');
  return f;
}

/** Orgs in scope that can hold members, by full name and by id, for matching the 所在党支部 column. */
async function memberOrgIndex(db: Db, actor: Actor) {
  const list = await db.select({ id: orgs.id, name: orgs.name, countyId: orgs.countyId }).from(orgs)
    .where(and(orgScopeSql(scopeOf(actor, P.memberWrite), orgs), eq(orgs.status, 'active'), inArray(orgs.orgType, MEMBER_ORG_TYPES)));
  const byName = new Map<string, typeof list>();
  for (const o of list) byName.set(o.name, [...(byName.get(o.name) ?? []), o]);
  return { byName, byId: new Map(list.map((o) => [String(o.id), o])) };
}

export type ImportResult = { imported: number; errorCount?: number; errorReport?: string; warnings?: string[] };

/** All-or-nothing: every row is checked; on any error nothing is written and an error sheet is stored. */
export async function importMembers(db: Db, actor: Actor, buf: Buffer, fileName: string): Promise<ImportResult> {
  require(actor, P.memberImport);
  require(actor, P.memberWrite);
  const { headers, rows: sheet } = await readXlsx(buf, MAX_IMPORT_ROWS);
  const missing = REQUIRED_MEMBER_HEADERS.filter((h) => !headers.includes(h));
  if (missing.length) throw errors.badRequest(`表头缺少列：${missing.join('、')}。请下载模板填写`);
  if (!sheet.length) throw errors.badRequest('表格中没有数据行');
  const idx = await memberOrgIndex(db, actor);
  const t = today();
  const errs = new Map<number, string[]>();
  const add = (r: number, msg: string) => errs.set(r, [...(errs.get(r) ?? []), msg]);
  const seenIds = new Map<string, number>();
  const parsed: MemberRow[] = [];

  for (const { rowNumber: rn, cells } of sheet) {
    const c = (h: string) => cells[h] ?? '';
    const need = (h: string) => { if (!c(h)) add(rn, `「${h}」必填`); return c(h); };
    const name = need('姓名');
    const idRaw = need('公民身份号码').toUpperCase();
    const id = idRaw ? checkIdNumber(idRaw) : null;
    if (id && !id.ok) add(rn, `「公民身份号码」${id.reason}`);
    const gender = c('性别') ? matchGender(c('性别')) : id?.ok ? id.gender : null;
    if (!gender) add(rn, c('性别') ? `「性别」无法识别：${c('性别')}` : '「性别」必填');
    const ethnicity = c('民族') ? matchEthnicity(c('民族')) : '01';
    if (!ethnicity) add(rn, `「民族」无法识别：${c('民族')}`);
    const education = c('学历') ? matchEducation(c('学历')) : null;
    if (c('学历') && !education) add(rn, `「学历」无法识别：${c('学历')}`);
    const category = c('人员类别') ? matchMemberCategory(c('人员类别')) : null;
    if (c('人员类别') && !category) add(rn, `「人员类别」应为正式党员或预备党员：${c('人员类别')}`);
    const date = (h: string, monthOnly = false) => {
      const v = c(h);
      if (!v) return null;
      const d = parseDate(v, { monthOnly });
      if (!d) add(rn, `「${h}」不是有效日期：${v}`);
      return d;
    };
    const birthDate = date('出生日期') ?? (id?.ok ? id.birthDate : null);
    const joinDate = date('入党日期');
    if (!c('入党日期')) add(rn, '「入党日期」必填');
    const fullMemberDate = date('转正日期');
    const floatingSince = date('外出日期');
    const lostContactSince = date('失去联系日期', true);
    const yn = (h: string) => {
      const v = parseYesNo(c(h));
      if (v === null) add(rn, `「${h}」应填“是”或“否”：${c(h)}`);
      return !!v;
    };
    const isFloating = yn('是否流动党员');
    const isLostContact = yn('是否失联党员');
    const isWithoutPost = yn('是否无职党员');
    const orgRaw = need('所在党支部');
    let orgId: number | null = null; let countyId = actor.countyId;
    if (orgRaw) {
      const hit = idx.byId.get(orgRaw) ? [idx.byId.get(orgRaw)!] : idx.byName.get(orgRaw) ?? [];
      if (!hit.length) add(rn, `「所在党支部」不存在或不在您的管理范围内：${orgRaw}`);
      else if (hit.length > 1) add(rn, `「所在党支部」名称不唯一，请填写党组织编号：${orgRaw}`);
      else { orgId = hit[0]!.id; countyId = hit[0]!.countyId; }
    }
    if (id?.ok) {
      const prev = seenIds.get(id.normalized);
      if (prev) add(rn, `「公民身份号码」与第 ${prev} 行重复`);
      else seenIds.set(id.normalized, rn);
    }
    if (joinDate && category) {
      // every problem of the row at once; the ID number's own error is already named above
      for (const p of memberProblems({ idNumber: idRaw, birthDate, gender: gender ?? '', memberCategory: category as 'full' | 'probationary',
        joinDate, fullMemberDate, isFloating, floatingSince, isLostContact, lostContactSince }, t)) {
        if (p.field !== 'idNumber') add(rn, p.message);
      }
    }
    if (!errs.has(rn)) {
      parsed.push({
        countyId, orgId: orgId!, name, gender: gender!, ethnicity: ethnicity!, idNumber: (id as { normalized: string }).normalized,
        birthDate: birthDate!, education, memberCategory: category as 'full' | 'probationary', joinDate: joinDate!, fullMemberDate,
        jobPosition: c('工作岗位') || null, mobile: c('手机号码') || null, homeAddress: c('家庭住址') || null,
        employerAndPost: c('工作单位及职务') || null, isFloating, floatingSince, outflowRegion: c('外出流向') || null,
        isLostContact, lostContactSince, isWithoutPost,
      });
      const last = parsed[parsed.length - 1]!;
      last.importedRaw = rawKept(cells, last);
    }
  }
  // already on the register?
  const reject = async () => {
    const token = await storeErrorReport(db, actor, headers, sheet, errs, '党员导入');
    return errors.unprocessable(`共 ${sheet.length} 行，其中 ${errs.size} 行有错误，未导入任何数据。请下载错误报告，修改后重新上传`,
      { errorCount: errs.size, errorReport: token, rows: sheet.length });
  };
  if (errs.size) throw await reject();
  try {
    return await inTx(db, async (tx) => {
      const perOrg = new Map<number, number>();
      const columns = Object.keys(parsed[0]!).map((k): [string, string] => [k, MEMBER_SQL_TYPES[k]!]);
      await copyRows(tx, 'members', columns, parsed as Record<string, unknown>[]);
      for (const p of parsed) perOrg.set(p.orgId, (perOrg.get(p.orgId) ?? 0) + 1);
      for (const [orgId, n] of perOrg) await adjustMemberCounts(tx, orgId, n);
      await audit(tx, actor, { action: 'import', entity: 'member', after: { fileName, rows: parsed.length, orgs: perOrg.size } });
      return { imported: parsed.length };
    });
  } catch (e) {
    // the unique index refused someone already on the register: name every such row (slow path, failures only)
    if (!isUniqueViolation(e)) throw e;
    const found = await rows<{ id_number: string }>(db, sql`select id_number from members
      where status = 'active' and id_number in (select jsonb_array_elements_text(${JSON.stringify([...seenIds.keys()])}::jsonb))`);
    for (const f of found) add(seenIds.get(f.id_number)!, '「公民身份号码」该党员已在册');
    if (!errs.size) throw e;
    throw await reject();
  }
}

export async function orgTemplate(): Promise<Buffer> {
  return writeXlsx('党组织信息', ORG_COLUMNS, [{ name: '中共XX公司支部委员会', parentName: '（填写上级党组织全称）', orgType: 'branch',
    categoryLabel: '非公企业', foundedOn: '2020-07-01', termStart: '2023-07-01', termEnd: '2026-06-30' }]);
}

/** Orgs import: parents by full name, already in scope or earlier in the same sheet; all-or-nothing. */
export async function importOrgs(db: Db, actor: Actor, buf: Buffer, fileName: string): Promise<ImportResult> {
  require(actor, P.memberImport);
  require(actor, P.orgWrite);
  const { headers, rows: sheet } = await readXlsx(buf, 20_000);
  const missing = ['党组织名称', '上级党组织', '组织类型', '组织类别'].filter((h) => !headers.includes(h));
  if (missing.length) throw errors.badRequest(`表头缺少列：${missing.join('、')}。请下载模板填写`);
  if (!sheet.length) throw errors.badRequest('表格中没有数据行');
  const inScope = await db.select({ id: orgs.id, name: orgs.name, orgType: orgs.orgType, countyId: orgs.countyId, path: orgs.path, depth: orgs.depth })
    .from(orgs).where(and(orgScopeSql(scopeOf(actor, P.orgWrite), orgs), eq(orgs.status, 'active')));
  const existing = new Set((await db.select({ name: orgs.name }).from(orgs).where(eq(orgs.status, 'active'))).map((o) => o.name));
  const cats = await db.select().from(orgCategories);
  const typeByLabel = new Map(Object.entries(ORG_TYPE_LABELS).map(([k, v]) => [v, k]));
  const byName = new Map(inScope.map((o) => [o.name, o]));
  const fresh = new Map<string, { orgType: string }>();
  const errs = new Map<number, string[]>();
  const warnings: string[] = [];
  const add = (r: number, m: string) => errs.set(r, [...(errs.get(r) ?? []), m]);
  const planned: { rn: number; parentName: string; values: Record<string, unknown> }[] = [];
  for (const { rowNumber: rn, cells } of sheet) {
    const c = (h: string) => cells[h] ?? '';
    const name = c('党组织名称');
    if (!name) add(rn, '「党组织名称」必填');
    else if (existing.has(name) || fresh.has(name)) add(rn, `「党组织名称」已存在：${name}`);
    const rawType = c('组织类型');
    const orgType = (ORG_TYPES as readonly string[]).includes(rawType) ? rawType : typeByLabel.get(rawType);
    if (!orgType) add(rn, `「组织类型」无法识别：${rawType || '（空）'}`);
    const cat = cats.find((x) => x.code === c('组织类别') || x.label === c('组织类别'));
    if (!cat) add(rn, `「组织类别」无法识别：${c('组织类别') || '（空）'}`);
    const parentName = c('上级党组织');
    const parentType = byName.get(parentName)?.orgType ?? fresh.get(parentName)?.orgType;
    if (!parentName) add(rn, '「上级党组织」必填');
    else if (!parentType) add(rn, `「上级党组织」不存在或不在您的管理范围内（须已在系统中或在本表前面的行）：${parentName}`);
    else if (orgType && !ALLOWED_CHILDREN[parentType]?.includes(orgType)) add(rn, `「组织类型」${rawType}不能设在${ORG_TYPE_LABELS[parentType as OrgType]}之下`);
    const date = (h: string) => { const v = c(h); if (!v) return null; const d = parseDate(v); if (!d) add(rn, `「${h}」不是有效日期：${v}`); return d; };
    const foundedOn = date('成立日期'); const termStart = date('本届开始日期'); const termEnd = date('届满日期');
    if (termStart && termEnd && termEnd <= termStart) add(rn, '「届满日期」须晚于本届开始日期');
    const uscc = c('统一社会信用代码').toUpperCase();
    if (uscc) { const p = checkUscc(uscc); if (p) warnings.push(`第 ${rn} 行 统一社会信用代码${p}（已保留，请核实）`); }
    if (name && orgType) fresh.set(name, { orgType });
    planned.push({ rn, parentName, values: { name, orgType, category: cat?.code, unitName: c('单位名称') || null, unitUscc: uscc || null,
      foundedOn, termStart, termEnd, contactName: c('联系人') || null, contactPhone: c('联系电话') || null } });
  }
  if (errs.size) {
    const token = await storeErrorReport(db, actor, headers, sheet, errs, '党组织导入');
    throw errors.unprocessable(`共 ${sheet.length} 行，其中 ${errs.size} 行有错误，未导入任何数据。请下载错误报告，修改后重新上传`,
      { errorCount: errs.size, errorReport: token, rows: sheet.length });
  }
  return inTx(db, async (tx) => {
    const made = new Map(inScope.map((o) => [o.name, o]));
    for (const p of planned) {
      const parent = made.get(p.parentName)!;
      const [o] = await tx.insert(orgs).values({ ...(p.values as typeof orgs.$inferInsert), countyId: parent.countyId, parentId: parent.id,
        path: 'pending', depth: parent.depth + 1 }).returning();
      const path = `${parent.path}${o!.id}/`;
      await tx.update(orgs).set({ path }).where(eq(orgs.id, o!.id));
      made.set(o!.name, { ...o!, path });
    }
    await audit(tx, actor, { action: 'import', entity: 'org', after: { fileName, rows: planned.length } });
    return { imported: planned.length, warnings };
  });
}

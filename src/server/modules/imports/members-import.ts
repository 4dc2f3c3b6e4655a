/**
 * Importing a member roster as the county keeps it. One pass reads, checks and compares every row, and copies the new
 * members in as they pass, in one transaction that any faulty row rolls back: nothing is kept unless the whole file is
 * clean. A dry run is the same pass without the write: the page's preview.
 */
import { getTableColumns, sql } from 'drizzle-orm';
import {
  EDUCATIONS, ETHNICITIES, GENDERS, MEMBER_CATEGORY_LABELS, POST_LABELS, labelOf as codeLabel,
} from '../../../shared/codes.js';
import { nameIn, require, scopeAt, type Actor } from '../../core/actor.js';
import { audit, auditMany } from '../../core/audit.js';
import { copyRows, inTx, rows, withForeignKeysAfter, type Db } from '../../core/db.js';
import { errors } from '../../core/errors.js';
import { today } from '../../core/paging.js';
import { P } from '../../core/permissions.js';
import { MEMBER_SQL_TYPES, members } from '../members/tables.js';
import { MEMBER_ORG_TYPES } from '../members/rules.js';
import { adjustMemberCountsMany } from '../orgs/service.js';
import { MEMBER_FIELDS } from './fields.js';
import { parseRows, type ParseJob, type ParsedRow } from './member-parse.js';
import type { MemberRecord } from './member-rows.js';
import type { OrgRef } from './org-match.js';
import { report } from './progress.js';
import { dataRows, labelOf, openSheet, storeErrorCopy, type OpenedSheet, type SheetRequest } from './sheet.js';

export type MemberImportRequest = SheetRequest & { orgId?: number; dryRun: boolean; onExisting: 'skip' | 'update' };

/** Fields compared with the register for someone already on it, and how each is shown. */
const COMPARED: { key: keyof MemberRecord; show?: (v: unknown) => string }[] = [
  { key: 'name' }, { key: 'gender', show: (v) => codeLabel(GENDERS, v as string) }, { key: 'ethnicity', show: (v) => codeLabel(ETHNICITIES, v as string) },
  { key: 'birthDate' }, { key: 'education', show: (v) => codeLabel(EDUCATIONS, v as string) },
  { key: 'memberCategory', show: (v) => MEMBER_CATEGORY_LABELS[v as 'full'] ?? String(v) }, { key: 'joinDate' }, { key: 'fullMemberDate' },
  { key: 'jobPosition' }, { key: 'mobile' }, { key: 'homeAddress' }, { key: 'employerAndPost' },
  { key: 'membershipStatus', show: (v) => (v === 'suspended' ? '停止党籍' : '正常') },
  { key: 'isFloating', show: (v) => (v ? '是' : '否') }, { key: 'floatingSince' }, { key: 'outflowRegion' },
  { key: 'isLostContact', show: (v) => (v ? '是' : '否') }, { key: 'lostContactSince' }, { key: 'isWithoutPost', show: (v) => (v ? '是' : '否') },
];
const SNAKE: Record<string, string> = Object.fromEntries(Object.keys(MEMBER_SQL_TYPES).map((k) => [k, k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)]));
const LIST_LIMIT = 200;
/** The columns an import may leave to the table's default (nullable, or with a default), and that default. */
const COLUMN_DEFAULTS: Record<string, unknown> = Object.fromEntries(Object.entries(getTableColumns(members))
  .filter(([, c]) => !c.notNull || c.hasDefault).map(([k, c]) => [k, c.hasDefault ? c.default : null]));

type Existing = { id: number; idNumber: string; orgId: number; orgName: string; inScope: boolean; version: number } & Record<string, unknown>;
export type Difference = { field: string; label: string; from: string; to: string };

/** Orgs the actor may import members into, with their parents' names (to tell two 三合村党支部 apart). */
async function scopeOrgs(db: Db, actor: Actor): Promise<(OrgRef & { countyId: number })[]> {
  return rows<OrgRef & { countyId: number }>(db, sql`select o.id, o.name, o.short_name as "shortName", o.org_type as "orgType",
    p.name as "parentName", o.county_id as "countyId"
    from orgs o left join orgs p on p.id = o.parent_id where o.status = 'active' and ${scopeAt(actor, P.memberWrite)}`);
}

async function existingByIdNumber(db: Db, actor: Actor, idNumbers: string[]): Promise<Map<string, Existing>> {
  const found = new Map<string, Existing>();
  for (let i = 0; i < idNumbers.length; i += 10_000) {
    const part = idNumbers.slice(i, i + 10_000);
    for (const m of await rows<Existing>(db, sql`select m.*, m.id_number as "idNumber", m.org_id as "orgId",
        ${nameIn(actor, P.memberRead, 'o', '其他党组织')} as "orgName", ${scopeAt(actor, P.memberWrite)} as "inScope"
      from members m join orgs o on o.id = m.org_id where m.status = 'active' and m.id_number = any(string_to_array(${part.join(',')}, ','))`)) {
      found.set(m.idNumber, m);
    }
  }
  return found;
}

const show = (c: (typeof COMPARED)[number], v: unknown) => (v === null || v === undefined || v === '' ? '（空）' : c.show ? c.show(v) : String(v));
const camel = (row: Record<string, unknown>, key: string) => row[key] ?? row[SNAKE[key] ?? key];

/** What the sheet says differently from the register, for the fields the sheet has. */
function differences(s: OpenedSheet, rec: MemberRecord, reg: Existing): Difference[] {
  const mapped = new Set(s.mapping.filter((m) => m.field).map((m) => m.field!));
  const out: Difference[] = [];
  for (const c of COMPARED) {
    // a field the sheet does not carry is not a difference (birth date and gender come from the ID number)
    if (!mapped.has(c.key) && !(c.key === 'birthDate' || c.key === 'gender')) continue;
    const a = camel(reg, c.key); const b = rec[c.key];
    if ((a ?? null) === (b ?? null) || (a === '' && b === null)) continue;
    out.push({ field: c.key, label: labelOf(s, c.key), from: show(c, a), to: show(c, b) });
  }
  return out;
}

export async function importMemberSheet(db: Db, actor: Actor, req: MemberImportRequest) {
  require(actor, P.memberImport);
  require(actor, P.memberWrite);
  const orgs = await scopeOrgs(db, actor);
  let fixedOrg: OrgRef | null = null;
  if (req.orgId) {
    fixedOrg = orgs.find((o) => o.id === req.orgId) ?? null;
    if (!fixedOrg) throw errors.field('orgId', '党组织不存在或不在您的管理范围内');
    if (!MEMBER_ORG_TYPES.includes(fixedOrg.orgType)) throw errors.field('orgId', `“${fixedOrg.name}”不直接管理党员：请选择党支部或党总支`);
  }
  const s = await openSheet(db, actor, req, MEMBER_FIELDS, 'members');
  // a sheet aimed at one branch may leave the branch column out
  const missing = s.missing.filter((f) => !(f.key === 'org' && fixedOrg));
  const base = {
    kind: 'members' as const, format: s.wb.format, encoding: s.wb.encoding ?? null, sheets: s.wb.sheets, sheet: s.sheet,
    header: { row: s.header.row, depth: s.header.depth }, columns: s.mapping, profileName: s.profileName,
    fields: MEMBER_FIELDS.map((f) => ({ key: f.key, label: f.label, required: !!f.required && !(f.key === 'org' && fixedOrg), hint: f.hint ?? null })),
    missing: missing.map((f) => f.label),
  };
  if (missing.length) {
    if (!req.dryRun) throw errors.badRequest(`没有对应“${missing.map((f) => f.label).join('”“')}”的列：请在预览中为这些项选择表中的列，或在表中补上`);
    return { ...base, rows: 0, errorCount: 0, errors: [], errorReport: null, sample: [], existing: { total: 0, unchanged: 0, elsewhere: 0, changed: [] }, toCreate: 0, toUpdate: 0, done: false,
      imported: 0, updated: 0, skipped: 0 };
  }

  const job: ParseJob = { mapping: s.mapping, orgs, fixedOrg, today: today(), orgLabel: labelOf(s, 'org') };
  const batches = parseRows(dataRows(s, req.jobId, actor.userId), job);
  const countyOf = new Map(orgs.map((o) => [o.id, o.countyId]));

  const errs = new Map<number, string[]>();
  const add = (r: number, m: string) => errs.set(r, [...(errs.get(r) ?? []), m]);
  const firstRowOf = new Map<string, number>();
  const sample: { row: number; values: Record<string, string> }[] = [];
  const changed: { row: number; rec: MemberRecord; reg: Existing; diffs: Difference[] }[] = [];
  const withPost: { rec: MemberRecord }[] = [];
  const perOrg = new Map<number, number>();
  let count = 0; let created = 0; let unchanged = 0; let elsewhere = 0;

  // the COPY of one batch runs on the database while the next batch is read and checked; it is awaited before the
  // connection is used again
  let writing: Promise<void> = Promise.resolve();
  /**
   * One batch: its row errors and duplicates, its rows already on the register compared, and (writing, while the file
   * is clean so far) its new members copied in. The rest of the file is still being read meanwhile.
   */
  const take = async (q: Db, batch: ParsedRow[], write: boolean) => {
    count += batch.length;
    const ok: { row: number; rec: MemberRecord }[] = [];
    for (const p of batch) {
      if (!p.record) { p.errors.forEach((m) => add(p.row, m)); continue; }
      const first = firstRowOf.get(p.record.idNumber);
      if (first) { add(p.row, `「${labelOf(s, 'idNumber')}」与第 ${first} 行重复`); continue; }
      firstRowOf.set(p.record.idNumber, p.row);
      if (sample.length < 5) sample.push({ row: p.row, values: display(p.record, orgs) });
      ok.push({ row: p.row, rec: p.record });
    }
    // already on the register: in scope, compared and updated or skipped by the user's choice; elsewhere, a row error
    await writing;
    const existing = await existingByIdNumber(q, actor, ok.map((p) => p.rec.idNumber));
    const fresh: MemberRecord[] = [];
    for (const p of ok) {
      const reg = existing.get(p.rec.idNumber);
      if (!reg) { fresh.push(p.rec); continue; }
      if (!reg.inScope) {
        elsewhere++;
        add(p.row, `「${labelOf(s, 'idNumber')}」该党员已在${reg.orgName}登记，不在您的管理范围：如需转入，请办理组织关系转接`);
        continue;
      }
      if (reg.orgId !== p.rec.orgId) {
        add(p.row, `该党员已在册，所在党支部为“${reg.orgName}”，与表中不同：党员转到其他党支部请办理组织关系转接`);
        continue;
      }
      const diffs = differences(s, p.rec, reg);
      if (!diffs.length) unchanged++;
      else {
        changed.push({ ...p, reg, diffs });
        if (req.onExisting === 'update' && p.rec.partyPost) withPost.push(p);
      }
    }
    created += fresh.length;
    for (const f of fresh) {
      perOrg.set(f.orgId, (perOrg.get(f.orgId) ?? 0) + 1);
      if (f.partyPost) withPost.push({ rec: f });
    }
    if (write && !errs.size) {
      writing = copyMembers(q, fresh, countyOf);
      writing.catch(() => {}); // a failure is thrown where it is awaited
    }
  };

  const outcome = () => ({
    ...base, rows: count, errorCount: errs.size,
    errors: [...errs].sort((a, b) => a[0] - b[0]).slice(0, LIST_LIMIT).map(([row, messages]) => ({ row, messages })),
    errorReport: null as string | null, sample,
    existing: { total: unchanged + changed.length + elsewhere, unchanged, elsewhere, changed: changed.slice(0, LIST_LIMIT).map((c) => ({
      row: c.row, name: c.rec.name, idNumber: c.rec.idNumber, orgName: c.reg.orgName, differences: c.diffs })) },
    toCreate: created, toUpdate: req.onExisting === 'update' ? changed.length : 0, done: false,
    imported: 0, updated: 0, skipped: 0,
  });
  const noRows = () => errors.badRequest(`表头（第 ${s.header.row} 行）下面没有数据行`);
  const withErrors = async () => {
    const o = outcome();
    o.errorReport = await storeErrorCopy(db, actor, s, errs, req.fileName);
    return o;
  };

  if (req.dryRun) {
    for await (const b of batches) await take(db, b, false);
    if (!count) throw noRows();
    return errs.size ? withErrors() : outcome();
  }

  // all or nothing: the rows are written as they pass, in one transaction that a single faulty row rolls back
  const faulty = new Error('rows with errors');
  let written: { updated: number; linked: number };
  try {
    written = await inTx(db, (tx) => withForeignKeysAfter(tx, 'members', async () => {
      for await (const b of batches) await take(tx, b, true);
      await writing;
      if (!count) throw noRows();
      if (errs.size) throw faulty;
      report(req.jobId, actor.userId, 'writing', count);
      await adjustMemberCountsMany(tx, perOrg);
      const updates = req.onExisting === 'update' ? changed : [];
      for (const c of updates) {
        const set = Object.fromEntries(c.diffs.map((d) => [d.field, c.rec[d.field as keyof MemberRecord]]));
        await tx.execute(sql`update members set ${sql.join(Object.entries(set).map(([k, v]) => sql`${sql.raw(SNAKE[k] ?? k)} = ${v}`), sql`, `)},
          version = version + 1, updated_at = now() where id = ${c.reg.id}`);
      }
      if (updates.length) {
        await auditMany(tx, actor, updates.map((c) => ({ action: 'update', entity: 'member', entityId: c.reg.id, orgId: c.reg.orgId,
          before: Object.fromEntries(c.diffs.map((d) => [d.field, camel(c.reg, d.field)])),
          after: Object.fromEntries(c.diffs.map((d) => [d.field, c.rec[d.field as keyof MemberRecord]])) })));
      }
      const posts = await partyPosts(tx, withPost);
      const linked = await linkPostsByName(tx, actor, [...perOrg.keys()]);
      await audit(tx, actor, { action: 'import', entity: 'member', after: { fileName: req.fileName, rows: count, created,
        updated: updates.length, skipped: changed.length - updates.length + unchanged, posts, postsLinked: linked, orgs: perOrg.size } });
      return { updated: updates.length, linked };
    }));
  } catch (e) {
    if (e !== faulty) throw e;
    const o = await withErrors();
    throw errors.unprocessable(`共 ${count} 行，其中 ${errs.size} 行有错误，未导入任何数据。请下载错误说明，修改后重新上传`, o);
  }
  report(req.jobId, actor.userId, 'done', count);
  return { ...outcome(), done: true, imported: created, updated: written.updated, skipped: count - created - written.updated, postsLinked: written.linked };
}

/** New members by COPY; a column at the table's default in every row is left to it (COPY parses every field it is given). */
async function copyMembers(tx: Db, fresh: MemberRecord[], countyOf: Map<number, number>) {
  if (!fresh.length) return;
  // the county of the org, not the actor's, when a county-wide account imports for another county's org
  const data = fresh.map(({ partyPost: _p, ...m }) => ({ ...m, countyId: countyOf.get(m.orgId)! }));
  const columns = Object.keys(data[0]!).filter((k) => !(k in COLUMN_DEFAULTS) || data.some((d) => d[k as keyof typeof d] !== COLUMN_DEFAULTS[k]))
    .map((k): [string, string] => [k, MEMBER_SQL_TYPES[k]!]);
  await copyRows(tx, 'members', columns, data);
}

/** 党内职务 from the sheet: a post held in the member's own org from today, unless the member already holds it there. */
async function partyPosts(tx: Db, list: { rec: MemberRecord }[]): Promise<number> {
  const wanted = list.filter((x) => x.rec.partyPost);
  if (!wanted.length) return 0;
  const r = await rows<{ n: number }>(tx, sql`with w as (
      select * from jsonb_to_recordset(${JSON.stringify(wanted.map((x) => ({ id_number: x.rec.idNumber, post: x.rec.partyPost })))}::jsonb)
        as w(id_number text, post text))
    , ins as (insert into org_posts (county_id, org_id, member_id, person_name, post, started_on)
      select m.county_id, m.org_id, m.id, m.name, w.post, ${today()}::date from w join members m on m.id_number = w.id_number and m.status = 'active'
      where not exists (select 1 from org_posts p where p.member_id = m.id and p.org_id = m.org_id and p.post = w.post and p.ended_on is null)
      returning 1)
    select count(*)::int as n from ins`);
  return r[0]?.n ?? 0;
}

/**
 * Posts entered with a name only (a committee's secretary typed in the org register before its members were imported)
 * are linked to the member record once exactly one active member of that name sits in the org or under it, so the
 * holder counts in every population of post-holders. Two members of the name: left for the user to pick. Audited.
 */
async function linkPostsByName(tx: Db, actor: Actor, orgIds: number[]): Promise<number> {
  if (!orgIds.length) return 0;
  const linked = await rows<{ id: number; org_id: number; member_id: number; person_name: string }>(tx, sql`
    with touched as (select path from orgs where id in ${orgIds}),
    c as (
      select p.id, min(m.id) as member_id, count(*) as n
      from org_posts p join orgs o on o.id = p.org_id
        join orgs mo on mo.path like o.path || '%' and mo.county_id = o.county_id
        join members m on m.org_id = mo.id and m.status = 'active' and m.name = p.person_name
      where p.member_id is null and p.ended_on is null and exists (select 1 from touched t where t.path like o.path || '%')
      group by p.id)
    update org_posts p set member_id = c.member_id from c where c.id = p.id and c.n = 1
    returning p.id, p.org_id, p.member_id, p.person_name`);
  if (linked.length) {
    await auditMany(tx, actor, linked.map((p) => ({ action: 'link', entity: 'org_post', entityId: p.id, orgId: p.org_id,
      before: { memberId: null }, after: { memberId: p.member_id, personName: p.person_name } })));
  }
  return linked.length;
}

/** A parsed record as the preview shows it: by the register's labels, coded values in words. */
function display(rec: MemberRecord, orgs: OrgRef[]): Record<string, string> {
  const org = orgs.find((o) => o.id === rec.orgId);
  return {
    姓名: rec.name, 性别: codeLabel(GENDERS, rec.gender), 民族: codeLabel(ETHNICITIES, rec.ethnicity), 公民身份号码: rec.idNumber,
    出生日期: rec.birthDate, 学历: rec.education ? codeLabel(EDUCATIONS, rec.education) : '', 人员类别: MEMBER_CATEGORY_LABELS[rec.memberCategory],
    所在党支部: org?.name ?? '', 入党日期: rec.joinDate, 转正日期: rec.fullMemberDate ?? '', 手机号码: rec.mobile ?? '',
    ...(rec.partyPost ? { 党内职务: POST_LABELS[rec.partyPost] } : {}),
    ...(rec.isFloating ? { 流动党员: `是（${rec.outflowRegion ?? ''}）` } : {}), ...(rec.isLostContact ? { 失联党员: '是' } : {}),
    ...(rec.importedRaw ? { 保留原文: Object.entries(rec.importedRaw).map(([k, v]) => `${k}：${v}`).join('；') } : {}),
  };
}

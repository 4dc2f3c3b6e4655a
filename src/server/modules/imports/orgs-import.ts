/**
 * Importing an org list: each org under a parent already in scope or named by another row of the same sheet (in any
 * order), a name unique among its siblings only (every branch has its 第一党小组), all-or-nothing; an org already on
 * the register (same name under the same parent) is compared and updated or skipped as the user chooses.
 */
import { sql } from 'drizzle-orm';
import { ALLOWED_CHILDREN, ORG_TYPE_LABELS, type OrgType } from '../../../shared/codes.js';
import { require, scopeAt, type Actor } from '../../core/actor.js';
import { audit, auditMany } from '../../core/audit.js';
import { inTx, rows, type Db } from '../../core/db.js';
import { errors } from '../../core/errors.js';
import { P } from '../../core/permissions.js';
import { ORG_FIELDS } from './fields.js';
import { orgIndex, type OrgRef } from './org-match.js';
import { parseOrgRow, type OrgRecord } from './org-rows.js';
import { report } from './progress.js';
import { dataRows, labelOf, openSheet, storeErrorCopy, type OpenedSheet, type SheetRequest } from './sheet.js';
import type { Difference } from './members-import.js';

export type OrgImportRequest = SheetRequest & { dryRun: boolean; onExisting: 'skip' | 'update' };

type ScopeOrg = OrgRef & { countyId: number; path: string; depth: number; parentId: number | null; category: string };
type Planned = { row: number; rec: OrgRecord; ref: OrgRef; parent?: OrgRef };
const LIST_LIMIT = 200;
/** The fields compared with the register, by their column in the sheet. */
const COMPARED: (keyof OrgRecord)[] = ['shortName', 'orgType', 'category', 'unitName', 'unitUscc', 'foundedOn', 'termStart', 'termEnd', 'contactName', 'contactPhone'];
const COLUMN: Record<string, string> = { shortName: 'short_name', orgType: 'org_type', unitName: 'unit_name', unitUscc: 'unit_uscc', foundedOn: 'founded_on',
  termStart: 'term_start', termEnd: 'term_end', contactName: 'contact_name', contactPhone: 'contact_phone', category: 'category' };

export async function importOrgSheet(db: Db, actor: Actor, req: OrgImportRequest) {
  require(actor, P.memberImport);
  require(actor, P.orgWrite);
  const inScope = await rows<ScopeOrg>(db, sql`select o.id, o.name, o.short_name as "shortName", o.org_type as "orgType", p.name as "parentName",
      o.county_id as "countyId", o.path, o.depth, o.parent_id as "parentId", o.category
    from orgs o left join orgs p on p.id = o.parent_id where o.status = 'active' and ${scopeAt(actor, P.orgWrite)}`);
  const categories = await rows<{ code: string; label: string }>(db, sql`select code, label from org_categories order by sort`);
  const s = await openSheet(db, actor, req, ORG_FIELDS, 'orgs');
  const base = {
    kind: 'orgs' as const, format: s.wb.format, encoding: s.wb.encoding ?? null, sheets: s.wb.sheets, sheet: s.sheet,
    header: { row: s.header.row, depth: s.header.depth }, columns: s.mapping, profileName: s.profileName,
    fields: ORG_FIELDS.map((f) => ({ key: f.key, label: f.label, required: !!f.required, hint: f.hint ?? null })), missing: s.missing.map((f) => f.label),
  };
  if (s.missing.length) {
    if (!req.dryRun) throw errors.badRequest(`没有对应“${s.missing.map((f) => f.label).join('”“')}”的列：请在预览中为这些项选择表中的列，或在表中补上`);
    return { ...base, rows: 0, errorCount: 0, errors: [], errorReport: null, warnings: [], sample: [], existing: { total: 0, unchanged: 0, elsewhere: 0, changed: [] },
      toCreate: 0, toUpdate: 0, done: false, imported: 0, updated: 0, skipped: 0 };
  }

  const errs = new Map<number, string[]>();
  const add = (r: number, m: string) => errs.set(r, [...(errs.get(r) ?? []), m]);
  const warnings: string[] = [];
  const planned: Planned[] = [];
  let count = 0;
  for await (const r of dataRows(s, req.jobId, actor.userId)) {
    count++;
    const res = parseOrgRow(r.cells, s.mapping, categories);
    res.warnings.forEach((w) => warnings.push(`第 ${r.rowNumber} 行${w}`));
    if (!res.record) { res.errors.forEach((m) => add(r.rowNumber, m)); continue; }
    planned.push({ row: r.rowNumber, rec: res.record, ref: { id: -planned.length - 1, name: res.record.name, shortName: res.record.shortName, orgType: res.record.orgType } });
  }
  if (!count) throw errors.badRequest(`表头（第 ${s.header.row} 行）下面没有数据行`);

  // parents: an org in scope, or another row of the sheet
  const parentTypes = (Object.keys(ORG_TYPE_LABELS) as OrgType[]).filter((t) => t !== 'party_group');
  const matchOpts = { accepts: parentTypes, label: labelOf(s, 'parent'), acceptsLabel: '上级党组织' };
  // a row for an org already on the register (same name under the same parent, as on a re-import) is that org when
  // other rows name it as their parent, not a second candidate beside it
  const registered = orgIndex(inScope, matchOpts);
  const sameAs = new Set<number>();
  for (const p of planned) {
    const same = inScope.filter((o) => o.name === p.rec.name);
    if (!same.length) continue;
    if (!p.rec.parentName) { if (same.length === 1) sameAs.add(p.ref.id); continue; }
    const m = registered(p.rec.parentName);
    if (m.ok && same.some((o) => o.parentId === m.org.id)) sameAs.add(p.ref.id);
  }
  const matchParent = orgIndex([...inScope, ...planned.filter((p) => !sameAs.has(p.ref.id)).map((p) => p.ref)], matchOpts);
  const byId = new Map<number, OrgRef>([...inScope.map((o) => [o.id, o] as const), ...planned.map((p) => [p.ref.id, p.ref] as const)]);
  const siblings = new Map<string, number>();
  for (const p of planned) {
    if (!p.rec.parentName) {
      // the top row of an export: its parent lies outside the scope, but the org itself is on the register
      const self = inScope.filter((o) => o.name === p.rec.name);
      const up = self.length === 1 && self[0]!.parentId ? byId.get(self[0]!.parentId) ?? { id: self[0]!.parentId, name: '', shortName: null, orgType: 'county_committee' as const } : null;
      if (!up) { add(p.row, `「${labelOf(s, 'parent')}」必填`); continue; }
      p.parent = up;
      continue;
    }
    const m = matchParent(p.rec.parentName);
    if (!m.ok) { add(p.row, m.message); continue; }
    if (m.org.id === p.ref.id) { add(p.row, `「${labelOf(s, 'parent')}」不能是它自己`); continue; }
    p.parent = m.org;
    const parentType = byId.get(m.org.id)!.orgType;
    if (!ALLOWED_CHILDREN[parentType]?.includes(p.rec.orgType)) {
      add(p.row, `「${labelOf(s, 'orgType')}」${ORG_TYPE_LABELS[p.rec.orgType]}不能设在${ORG_TYPE_LABELS[parentType]}之下（${m.org.name}）`);
    }
    const key = `${m.org.id}/${p.rec.name}`;
    const first = siblings.get(key);
    if (first) add(p.row, `「${labelOf(s, 'name')}」与第 ${first} 行同名，且上级相同`);
    else siblings.set(key, p.row);
  }
  // a parent named only by rows of the sheet must not go round in a circle
  const plannedById = new Map(planned.map((p) => [p.ref.id, p]));
  for (const p of planned) {
    const seen = new Set<number>([p.ref.id]);
    for (let q = p.parent && plannedById.get(p.parent.id); q; q = q.parent && plannedById.get(q.parent.id)) {
      if (seen.has(q.ref.id)) { add(p.row, `「${labelOf(s, 'parent')}」与其他行互为上级，无法确定隶属关系`); break; }
      seen.add(q.ref.id);
    }
  }

  // already on the register: the same name under the same parent
  const existingRows = await rows<ScopeOrg & Record<string, unknown> & { version: number }>(db, sql`select o.*, o.parent_id as "parentId", o.org_type as "orgType"
    from orgs o where o.status = 'active' and o.parent_id = any(string_to_array(${[...new Set(planned.filter((p) => p.parent && p.parent.id > 0).map((p) => p.parent!.id))].join(',')}, ',')::int[])`);
  const existing = new Map(existingRows.map((o) => [`${o.parentId}/${o.name}`, o]));
  const mapped = new Set(s.mapping.filter((m) => m.field).map((m) => m.field!));
  const fresh: Planned[] = [];
  const changed: { p: Planned; reg: (typeof existingRows)[number]; diffs: Difference[] }[] = [];
  let unchanged = 0;
  // a row naming an org already on the register stands for it as a parent of later rows
  const standsFor = new Map<number, { id: number; path: string; depth: number; countyId: number }>();
  for (const p of planned) {
    if (errs.has(p.row) || !p.parent) continue;
    const reg = existing.get(`${p.parent.id}/${p.rec.name}`);
    if (!reg) { fresh.push(p); continue; }
    standsFor.set(p.ref.id, reg);
    const diffs: Difference[] = [];
    for (const k of COMPARED) {
      if (!mapped.has(k) && k !== 'orgType') continue;
      const a = reg[COLUMN[k]!] ?? reg[k] ?? null; const b = p.rec[k] ?? null;
      if ((a ?? null) === b || (a === '' && b === null)) continue;
      const showV = (v: unknown) => (v === null || v === '' ? '（空）' : k === 'orgType' ? ORG_TYPE_LABELS[v as OrgType] : k === 'category' ? categories.find((c) => c.code === v)?.label ?? String(v) : String(v));
      diffs.push({ field: k, label: labelOf(s, k), from: showV(a), to: showV(b) });
    }
    if (diffs.some((d) => d.field === 'orgType')) { add(p.row, `该党组织已在册，组织类型为${ORG_TYPE_LABELS[reg.orgType as OrgType]}，与表中不同：请在党组织页面调整`); continue; }
    if (!diffs.length) unchanged++; else changed.push({ p, reg, diffs });
  }

  const outcome = {
    ...base, rows: count, errorCount: errs.size, errors: [...errs].sort((a, b) => a[0] - b[0]).slice(0, LIST_LIMIT).map(([row, messages]) => ({ row, messages })),
    errorReport: null as string | null, warnings: warnings.slice(0, LIST_LIMIT),
    sample: planned.slice(0, 5).map(({ row, rec }) => ({ row, values: display(rec, categories) })),
    existing: { total: unchanged + changed.length, unchanged, elsewhere: 0, changed: changed.slice(0, LIST_LIMIT).map((c) => ({
      row: c.p.row, name: c.p.rec.name, idNumber: null, orgName: c.p.parent!.name, differences: c.diffs })) },
    toCreate: fresh.length, toUpdate: req.onExisting === 'update' ? changed.length : 0, done: false, imported: 0, updated: 0, skipped: 0,
  };
  if (errs.size) {
    outcome.errorReport = await storeErrorCopy(db, actor, s, errs, req.fileName);
    if (!req.dryRun) throw errors.unprocessable(`共 ${count} 行，其中 ${errs.size} 行有错误，未导入任何数据。请下载错误说明，修改后重新上传`, outcome);
    return outcome;
  }
  if (req.dryRun) return outcome;

  report(req.jobId, actor.userId, 'writing', count);
  const done = await inTx(db, async (tx) => {
    const made = new Map<number, { id: number; path: string; depth: number; countyId: number }>([...inScope.map((o) => [o.id, o] as const), ...standsFor]);
    const pending = [...fresh];
    while (pending.length) {
      // parents before children: a row whose parent is still to be made waits for it
      const i = pending.findIndex((p) => made.has(p.parent!.id));
      if (i < 0) throw errors.badRequest(`第 ${pending[0]!.row} 行的上级党组织未能建立，未导入任何数据`);
      const p = pending.splice(i, 1)[0]!;
      const parent = made.get(p.parent!.id)!;
      const [o] = await rows<{ id: number }>(tx, sql`insert into orgs (county_id, parent_id, path, depth, name, short_name, org_type, category, is_temporary,
          unit_name, unit_uscc, founded_on, term_start, term_end, contact_name, contact_phone)
        values (${parent.countyId}, ${parent.id}, 'pending', ${parent.depth + 1}, ${p.rec.name}, ${p.rec.shortName}, ${p.rec.orgType}, ${p.rec.category},
          ${p.rec.isTemporary}, ${p.rec.unitName}, ${p.rec.unitUscc}, ${p.rec.foundedOn}, ${p.rec.termStart}, ${p.rec.termEnd}, ${p.rec.contactName},
          ${p.rec.contactPhone}) returning id`);
      const path = `${parent.path}${o!.id}/`;
      await tx.execute(sql`update orgs set path = ${path} where id = ${o!.id}`);
      made.set(p.ref.id, { id: o!.id, path, depth: parent.depth + 1, countyId: parent.countyId });
      if (p.rec.secretary) {
        await tx.execute(sql`insert into org_posts (county_id, org_id, person_name, post, started_on)
          values (${parent.countyId}, ${o!.id}, ${p.rec.secretary}, 'secretary', ${p.rec.termStart ?? p.rec.foundedOn ?? sql`current_date`})`);
      }
    }
    const updates = req.onExisting === 'update' ? changed : [];
    for (const c of updates) {
      await tx.execute(sql`update orgs set ${sql.join(c.diffs.map((d) => sql`${sql.raw(COLUMN[d.field]!)} = ${c.p.rec[d.field as keyof OrgRecord]}`), sql`, `)},
        version = version + 1, updated_at = now() where id = ${c.reg.id}`);
    }
    if (updates.length) {
      await auditMany(tx, actor, updates.map((c) => ({ action: 'update', entity: 'org', entityId: c.reg.id, orgId: c.reg.id,
        before: Object.fromEntries(c.diffs.map((d) => [d.field, c.reg[COLUMN[d.field]!] ?? null])),
        after: Object.fromEntries(c.diffs.map((d) => [d.field, c.p.rec[d.field as keyof OrgRecord]])) })));
    }
    await audit(tx, actor, { action: 'import', entity: 'org', after: { fileName: req.fileName, rows: count, created: fresh.length, updated: updates.length } });
    return { created: fresh.length, updated: updates.length };
  });
  report(req.jobId, actor.userId, 'done', count);
  return { ...outcome, done: true, imported: done.created, updated: done.updated, skipped: count - done.created - done.updated };
}

function display(rec: OrgRecord, categories: { code: string; label: string }[]): Record<string, string> {
  return {
    党组织名称: rec.name, 上级党组织: rec.parentName, 组织类型: `${ORG_TYPE_LABELS[rec.orgType]}${rec.isTemporary ? '（临时）' : ''}`,
    组织类别: categories.find((c) => c.code === rec.category)?.label ?? rec.category, 单位名称: rec.unitName ?? '',
    成立日期: rec.foundedOn ?? '', 本届开始日期: rec.termStart ?? '', 届满日期: rec.termEnd ?? '', ...(rec.secretary ? { 书记: rec.secretary } : {}),
  };
}

export type { OpenedSheet };

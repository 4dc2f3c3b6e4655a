/**
 * Imports: the county's rosters and org lists as they are (members-import, orgs-import), the templates, the files an
 * import leaves for its user (error copies), and saved column mappings (import profiles).
 */
import { and, desc, eq } from 'drizzle-orm';
import { require, type Actor } from '../../core/actor.js';
import { audit } from '../../core/audit.js';
import { inTx, type Db } from '../../core/db.js';
import { errors } from '../../core/errors.js';
import { P } from '../../core/permissions.js';
import crypto from 'node:crypto';
import { writeXlsx, type Column, type SheetRow } from '../../core/xlsx.js';
import { MEMBER_COLUMNS } from '../members/register.js';
import { ORG_COLUMNS } from '../orgs/register.js';
import { generatedFiles, importProfiles } from './tables.js';

export { importMemberSheet, type MemberImportRequest } from './members-import.js';
export { importOrgSheet, type OrgImportRequest } from './orgs-import.js';
export { progressOf } from './progress.js';
export { MAX_IMPORT_ROWS } from './sheet.js';

export async function memberTemplate(): Promise<Buffer> {
  const example = {
    name: '张三', gender: '1', ethnicity: '01', idNumber: '11010519491231002X', birthDate: '1949-12-31', education: '21',
    memberCategory: 'full', orgName: '（填写党支部全称）', joinDate: '1975-07-01', fullMemberDate: '1976-07-01', mobile: '13800000000',
    membershipStatus: 'normal', isFloating: false, isLostContact: false, isWithoutPost: false,
  };
  return writeXlsx('党员信息', MEMBER_COLUMNS, [example]);
}

export async function orgTemplate(): Promise<Buffer> {
  return writeXlsx('党组织信息', ORG_COLUMNS, [{ name: '中共XX公司支部委员会', parentName: '（填写上级党组织全称）', orgType: 'branch',
    categoryLabel: '非公企业', foundedOn: '2020-07-01', termStart: '2023-07-01', termEnd: '2026-06-30' }]);
}

type RowError = { rowNumber: number; cells: Record<string, string>; message: string };

/** An error sheet for a template-shaped upload (the question bank): its rows with an 错误说明 column, kept for its owner. */
export async function storeErrorReport(db: Db, actor: Actor, headers: string[], sheet: SheetRow[], errs: Map<number, string[]>, name: string) {
  const cols: Column<RowError>[] = [
    ...headers.map((h) => ({ header: h, value: (r: RowError) => r.cells[h] })),
    { header: '错误说明', width: 60, value: (r: RowError) => r.message },
  ];
  const all = sheet.map((r) => ({ rowNumber: r.rowNumber, cells: r.cells, message: (errs.get(r.rowNumber) ?? []).join('；') }));
  const buf = await writeXlsx('错误说明', cols, all, { highlight: (r) => !!r.message });
  const token = crypto.randomBytes(18).toString('base64url');
  await db.insert(generatedFiles).values({ token, ownerId: actor.userId, fileName: `${name}-错误说明.xlsx`,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', content: buf });
  return token;
}

export async function getGeneratedFile(db: Db, actor: Actor, token: string) {
  const [f] = await db.select().from(generatedFiles).where(and(eq(generatedFiles.token, token), eq(generatedFiles.ownerId, actor.userId)));
  if (!f) throw errors.notFound('文件');
  return f;
}

export async function findProfiles(db: Db, actor: Actor, kind?: 'members' | 'orgs') {
  require(actor, P.memberImport);
  return db.select({ id: importProfiles.id, kind: importProfiles.kind, name: importProfiles.name, mapping: importProfiles.mapping,
    createdByName: importProfiles.createdByName, createdAt: importProfiles.createdAt })
    .from(importProfiles).where(and(eq(importProfiles.countyId, actor.countyId), kind ? eq(importProfiles.kind, kind) : undefined)).orderBy(desc(importProfiles.id));
}

export async function saveProfile(db: Db, actor: Actor, input: { kind: 'members' | 'orgs'; name: string; mapping: { label: string; field: string | null }[] }) {
  require(actor, P.memberImport);
  return inTx(db, async (tx) => {
    const [p] = await tx.insert(importProfiles).values({ countyId: actor.countyId, kind: input.kind, name: input.name, mapping: input.mapping,
      createdBy: actor.userId, createdByName: actor.displayName }).returning();
    await audit(tx, actor, { action: 'create', entity: 'import_profile', entityId: p!.id, after: p });
    return { id: p!.id, kind: p!.kind, name: p!.name, mapping: p!.mapping, createdByName: p!.createdByName, createdAt: p!.createdAt };
  });
}

export async function deleteProfile(db: Db, actor: Actor, id: number) {
  require(actor, P.memberImport);
  return inTx(db, async (tx) => {
    const [p] = await tx.delete(importProfiles).where(and(eq(importProfiles.id, id), eq(importProfiles.countyId, actor.countyId))).returning();
    if (!p) throw errors.notFound('导入方案');
    await audit(tx, actor, { action: 'delete', entity: 'import_profile', entityId: id, before: p });
    return { ok: true };
  });
}

import { and, asc, getTableColumns, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { can, memberScopeSql, require, rollupKey, scopeOf, type Actor } from '../../core/actor.js';
import { audit, entityHistory } from '../../core/audit.js';
import { inTx, isUniqueViolation, rows, type Db } from '../../core/db.js';
import { errors } from '../../core/errors.js';
import { maskIdNumber } from '../../core/idcard.js';
import { contains, offset, today } from '../../core/paging.js';
import { P, type Permission } from '../../core/permissions.js';
import { orgPosts, orgs } from '../orgs/tables.js';
import { adjustMemberCounts, getOrgRow } from '../orgs/service.js';
import { addMonths } from '../orgs/rules.js';
import { FLOATING_MIN_MONTHS, OLD_MIN_AGE, YOUNG_MAX_AGE, type MemberFigure } from '../../../shared/figures.js';
import { memberTransfers, members } from './tables.js';
import { MEMBER_ORG_TYPES, memberProblems, partyAgeYears } from './rules.js';

const scopeWhere = (actor: Actor, perm: Permission = P.memberRead) => memberScopeSql(scopeOf(actor, perm), orgs, members.id);

export type MemberFilter = {
  keyword?: string; orgId?: number; includeSub?: boolean; memberCategory?: 'full' | 'probationary'; gender?: string;
  isFloating?: boolean; isLostContact?: boolean; isWithoutPost?: boolean; education?: string; status?: 'active' | 'left';
  /** the people a member figure counts (the drill-down of a cockpit or report figure) */
  figure?: MemberFigure;
  page: number; pageSize: number; sort?: 'name' | 'joinDate' | 'birthDate' | 'org'; order: 'asc' | 'desc';
};

const listColumns = {
  id: members.id, orgId: members.orgId, orgName: orgs.name, name: members.name, gender: members.gender, ethnicity: members.ethnicity,
  idNumber: members.idNumber, birthDate: members.birthDate, education: members.education, memberCategory: members.memberCategory,
  joinDate: members.joinDate, fullMemberDate: members.fullMemberDate, mobile: members.mobile, jobPosition: members.jobPosition,
  isFloating: members.isFloating, isLostContact: members.isLostContact, isWithoutPost: members.isWithoutPost,
  status: members.status, version: members.version,
};

/** Shape a member for output: the ID number masked unless the actor holds the permission to see it. */
export function present<T extends { idNumber: string; mobile?: string | null }>(actor: Actor, m: T): T {
  if (can(actor, P.memberReadIdNumber)) return m;
  return { ...m, idNumber: maskIdNumber(m.idNumber) };
}

export async function memberFilterWhere(db: Db, actor: Actor, f: Omit<MemberFilter, 'page' | 'pageSize' | 'order'>): Promise<SQL | undefined> {
  let orgPart: SQL | undefined;
  if (f.orgId) {
    const o = await getOrgRow(db, actor, f.orgId, P.orgRead);
    orgPart = f.includeSub === false ? eq(members.orgId, o.id) : sql`${orgs.path} like ${o.path + '%'}`;
  }
  const kw = f.keyword?.trim();
  return and(
    scopeWhere(actor),
    orgPart,
    kw ? (/^\d{6,}[\dXx]?$/.test(kw) ? eq(members.idNumber, kw.toUpperCase()) : or(ilike(members.name, contains(kw)), eq(members.mobile, kw))) : undefined,
    f.memberCategory ? eq(members.memberCategory, f.memberCategory) : undefined,
    f.gender ? eq(members.gender, f.gender) : undefined,
    f.education ? eq(members.education, f.education) : undefined,
    f.isFloating !== undefined ? eq(members.isFloating, f.isFloating) : undefined,
    f.isLostContact !== undefined ? eq(members.isLostContact, f.isLostContact) : undefined,
    f.isWithoutPost !== undefined ? eq(members.isWithoutPost, f.isWithoutPost) : undefined,
    f.figure ? sql`exists (select 1 from members m where m.id = ${members.id} and ${memberFigureSql(f.figure)})` : undefined,
    eq(members.status, f.status ?? 'active'),
  );
}

export async function findMembers(db: Db, actor: Actor, f: MemberFilter) {
  require(actor, P.memberRead);
  const where = await memberFilterWhere(db, actor, f);
  const sortCol = { name: members.name, joinDate: members.joinDate, birthDate: members.birthDate, org: orgs.path }[f.sort ?? 'org'];
  const dir = f.order === 'desc' ? desc : asc;
  const [items, [total]] = await Promise.all([
    db.select(listColumns).from(members).innerJoin(orgs, eq(orgs.id, members.orgId)).where(where)
      .orderBy(dir(sortCol), asc(members.id)).limit(f.pageSize).offset(offset(f)),
    db.select({ n: sql<number>`count(*)::int` }).from(members).innerJoin(orgs, eq(orgs.id, members.orgId)).where(where),
  ]);
  return { items: items.map((m) => present(actor, m)), total: total?.n ?? 0 };
}

/**
 * The register rows of a list's filter, every column of the register (an export re-imports unchanged), and the posts
 * each holds in its own org. Whether the ID numbers are masked is said, so the sheet can say it cannot be imported.
 */
export async function exportMembers(db: Db, actor: Actor, f: Omit<MemberFilter, 'page' | 'pageSize'>, limit: number) {
  require(actor, P.memberRead);
  const where = await memberFilterWhere(db, actor, f);
  const list = await db.select({ ...getTableColumns(members), orgName: orgs.name,
    partyPost: sql<string | null>`(select string_agg(p.post, ',' order by p.started_on) from org_posts p
      where p.member_id = ${members.id} and p.org_id = ${members.orgId} and p.ended_on is null)` })
    .from(members).innerJoin(orgs, eq(orgs.id, members.orgId)).where(where).orderBy(asc(orgs.path), asc(members.id)).limit(limit);
  return { rows: list.map((m) => present(actor, m)), masked: !can(actor, P.memberReadIdNumber) };
}

/** A member the actor may reach with the permission, with their org; 404 otherwise. */
export async function getMemberRow(db: Db, actor: Actor, id: number, perm: Permission = P.memberRead) {
  require(actor, perm);
  const [m] = await db.select({ m: members, orgPath: orgs.path, orgName: orgs.name }).from(members)
    .innerJoin(orgs, eq(orgs.id, members.orgId)).where(and(eq(members.id, id), scopeWhere(actor, perm)));
  if (!m) throw errors.notFound('党员');
  return m;
}

export async function getMember(db: Db, actor: Actor, id: number) {
  const { m, orgName } = await getMemberRow(db, actor, id);
  const transfers = await db.select({ id: memberTransfers.id, fromOrgId: memberTransfers.fromOrgId, toOrgId: memberTransfers.toOrgId,
    transferredOn: memberTransfers.transferredOn, reason: memberTransfers.reason,
    fromOrgName: sql<string>`(select o.name from orgs o where o.id = "member_transfers"."from_org_id")`,
    toOrgName: sql<string>`(select o.name from orgs o where o.id = "member_transfers"."to_org_id")` })
    .from(memberTransfers).where(eq(memberTransfers.memberId, id)).orderBy(desc(memberTransfers.transferredOn), desc(memberTransfers.id));
  const posts = await db.select({ id: orgPosts.id, post: orgPosts.post, orgId: orgPosts.orgId, startedOn: orgPosts.startedOn, endedOn: orgPosts.endedOn,
    orgName: orgs.name }).from(orgPosts).innerJoin(orgs, eq(orgs.id, orgPosts.orgId)).where(eq(orgPosts.memberId, id)).orderBy(desc(orgPosts.startedOn));
  const { importedRaw: _, ...rest } = m;
  return { ...present(actor, rest), orgName, partyAgeYears: partyAgeYears(m.fullMemberDate, today()), transfers, posts };
}

export type MemberInput = {
  orgId: number; name: string; gender: string; ethnicity: string; idNumber: string; birthDate: string; education?: string | null;
  memberCategory: 'full' | 'probationary'; joinDate: string; fullMemberDate?: string | null; jobPosition?: string | null;
  mobile?: string | null; homeAddress?: string | null; employerAndPost?: string | null; membershipStatus?: 'normal' | 'suspended';
  isFloating?: boolean; floatingSince?: string | null; outflowRegion?: string | null; isLostContact?: boolean;
  lostContactSince?: string | null; isWithoutPost?: boolean; dutyPost?: string | null;
};

export async function checkMemberOrg(db: Db, actor: Actor, orgId: number) {
  let o;
  try { o = await getOrgRow(db, actor, orgId, P.memberWrite); } catch { throw errors.field('orgId', '所在党组织不存在或不在您的管理范围内'); }
  if (o.status !== 'active') throw errors.field('orgId', '所在党组织已撤销');
  if (!MEMBER_ORG_TYPES.includes(o.orgType)) throw errors.field('orgId', '党员应编入党支部（或党总支、基层党委直属）');
  return o;
}

export function normalizeMember<T extends MemberInput>(input: T): T {
  return { ...input, idNumber: input.idNumber.trim().toUpperCase(), name: input.name.trim() };
}

export async function createMember(db: Db, actor: Actor, raw: MemberInput) {
  require(actor, P.memberWrite);
  const input = normalizeMember(raw);
  const problems = memberProblems(input, today());
  if (problems.length) throw errors.badRequest(problems.map((p) => p.message).join('；'), problems);
  const o = await checkMemberOrg(db, actor, input.orgId);
  const [dupe] = await db.select({ id: members.id }).from(members).where(and(eq(members.idNumber, input.idNumber), eq(members.status, 'active')));
  if (dupe) throw errors.field('idNumber', '该身份证号的党员已在册');
  return inTx(db, async (tx) => {
    const [m] = await tx.insert(members).values({ ...input, countyId: o.countyId }).returning();
    await adjustMemberCounts(tx, o.id, 1);
    await audit(tx, actor, { action: 'create', entity: 'member', entityId: m!.id, orgId: o.id, after: m });
    return present(actor, m!);
  }).catch((e) => {
    // someone else added the same person a moment ago
    if (isUniqueViolation(e)) throw errors.field('idNumber', '该身份证号的党员已在册');
    throw e;
  });
}

export async function updateMember(db: Db, actor: Actor, id: number, raw: Omit<MemberInput, 'orgId'> & { version: number }) {
  const { m: before } = await getMemberRow(db, actor, id, P.memberWrite);
  if (before.version !== raw.version) throw errors.stale();
  const { version, ...rest } = raw;
  // a masked ID number coming back from the form means "unchanged"
  const idNumber = rest.idNumber.includes('*') ? before.idNumber : rest.idNumber;
  const input = normalizeMember({ ...rest, idNumber, orgId: before.orgId });
  const problems = memberProblems(input, today());
  if (problems.length) throw errors.badRequest(problems.map((p) => p.message).join('；'), problems);
  if (input.idNumber !== before.idNumber) {
    const [dupe] = await db.select({ id: members.id }).from(members)
      .where(and(eq(members.idNumber, input.idNumber), eq(members.status, 'active'), sql`${members.id} <> ${id}`));
    if (dupe) throw errors.field('idNumber', '该身份证号的党员已在册');
  }
  const { orgId: _, ...patch } = input;
  return inTx(db, async (tx) => {
    const [m] = await tx.update(members).set({ ...patch, updatedAt: new Date(), version: sql`${members.version} + 1` })
      .where(and(eq(members.id, id), eq(members.version, version))).returning();
    if (!m) throw errors.stale();
    await audit(tx, actor, { action: 'update', entity: 'member', entityId: id, orgId: m.orgId, before, after: m });
    return present(actor, m);
  });
}

/** 组织关系转接 within the platform: a recorded event, and the totals follow the member. */
export async function transferMember(db: Db, actor: Actor, id: number, input: { toOrgId: number; transferredOn: string; reason?: string | null; version: number }) {
  const { m } = await getMemberRow(db, actor, id, P.memberWrite);
  if (m.version !== input.version) throw errors.stale();
  if (m.status !== 'active') throw errors.badRequest('该党员不在册，不能转接');
  if (m.orgId === input.toOrgId) throw errors.field('toOrgId', '转入组织与当前组织相同');
  if (input.transferredOn > today()) throw errors.field('transferredOn', '转接日期不能晚于今天');
  let to;
  try { to = await checkMemberOrg(db, actor, input.toOrgId); } catch (e) {
    throw errors.field('toOrgId', (e as Error).message.replace('所在党组织', '转入党组织'));
  }
  return inTx(db, async (tx) => {
    const [u] = await tx.update(members).set({ orgId: to.id, updatedAt: new Date(), version: sql`${members.version} + 1` })
      .where(and(eq(members.id, id), eq(members.version, input.version))).returning();
    if (!u) throw errors.stale();
    await tx.insert(memberTransfers).values({ countyId: m.countyId, memberId: id, fromOrgId: m.orgId, toOrgId: to.id,
      transferredOn: input.transferredOn, reason: input.reason ?? null, actorId: actor.userId });
    await adjustMemberCounts(tx, m.orgId, -1);
    await adjustMemberCounts(tx, to.id, 1);
    await audit(tx, actor, { action: 'transfer', entity: 'member', entityId: id, orgId: to.id,
      before: { orgId: m.orgId }, after: { orgId: to.id, transferredOn: input.transferredOn, reason: input.reason } });
    return present(actor, u);
  });
}

/** A member's change history; ID numbers in it are masked like everywhere else. */
export async function getMemberHistory(db: Db, actor: Actor, id: number) {
  await getMemberRow(db, actor, id);
  const h = await entityHistory(db, 'member', id);
  const mask = (v: unknown) => (v && typeof v === 'object' && 'idNumber' in v ? present(actor, v as { idNumber: string }) : v);
  return h.map((e) => ({ ...e, before: mask(e.before), after: mask(e.after) }));
}

/** For screening: the join date of the org's most recently admitted member (any status), or null if none is recorded. */
export const lastAdmissionSql = (orgAlias: string) => sql.raw(`(select max(m.join_date) from members m where m.org_id = ${orgAlias}.id)`);

/** The cockpit's member figures: active members in scope (below `under`), their make-up, and per child for the drill-down. */
/**
 * Who a member figure counts (src/shared/figures.ts), over `members m`: one condition for the count and for the list the
 * count opens. Ages on 31 December of the current year, away six months, lost until reached again; 停止党籍 out.
 */
export function memberFigureSql(key: MemberFigure, t = today()): SQL {
  const year = Number(t.slice(0, 4));
  const registered = sql`m.status = 'active' and m.membership_status = 'normal'`;
  switch (key) {
    case 'members.total': return registered;
    case 'members.probationary': return sql`${registered} and m.member_category = 'probationary'`;
    case 'members.women': return sql`${registered} and m.gender = '2'`;
    case 'members.young': return sql`${registered} and m.birth_date >= ${`${year - YOUNG_MAX_AGE}-01-01`}`;
    case 'members.old': return sql`${registered} and m.birth_date <= ${`${year - OLD_MIN_AGE}-12-31`}`;
    case 'members.floating': return sql`${registered} and m.is_floating and coalesce(m.floating_since, '1900-01-01') <= ${addMonths(t, -FLOATING_MIN_MONTHS)}`;
    case 'members.lostContact': return sql`${registered} and m.is_lost_contact and not exists (select 1 from member_contacts c
      where c.member_id = m.id and c.reached and c.contacted_on > coalesce(m.lost_contact_since, '1900-01-01'))`;
  }
}

export async function memberFigures(db: Db, actor: Actor, f: { under?: number }) {
  require(actor, P.memberRead);
  const scope = scopeOf(actor, P.memberRead);
  const under = f.under ? await getOrgRow(db, actor, f.under, P.memberRead) : null;
  const where = sql`${memberFigureSql('members.total')}
    and ${memberScopeSql(scope, { countyId: sql`o.county_id`, path: sql`o.path`, id: sql`o.id` }, sql`m.id`)}
    ${under ? sql`and o.path like ${under.path + '%'}` : sql``}`;
  const n = (k: MemberFigure) => sql`count(*) filter (where ${memberFigureSql(k)})::int`;
  const sums = sql`count(*)::int as total, ${n('members.probationary')} as probationary, ${n('members.women')} as women,
    ${n('members.young')} as "under35", ${n('members.old')} as "over60", ${n('members.floating')} as floating, ${n('members.lostContact')} as "lostContact"`;
  const key = rollupKey({ ...scope, selfOrgId: null }, under?.path ?? null, sql`o.path`, sql`o.id`);
  type Sums = { total: number; probationary: number; women: number; under35: number; over60: number; floating: number; lostContact: number };
  const [[total], byChild] = await Promise.all([
    rows<Sums>(db, sql`select ${sums} from members m join orgs o on o.id = m.org_id where ${where}`),
    rows<Sums & { id: number; name: string }>(db, sql`with per as (select ${key} as child, ${sums} from members m join orgs o on o.id = m.org_id where ${where} group by 1)
      select g.id, g.name, per.* from per join orgs g on g.id = per.child order by g.path`),
  ]);
  return { total: total!, byChild: byChild.map(({ child: _, ...x }: Sums & { id: number; name: string; child?: number }) => x) };
}

import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { memberScopeSql, require, scopeOf, type Actor } from '../../core/actor.js';
import { audit } from '../../core/audit.js';
import { notOwnWork } from '../../core/duties.js';
import { inTx, rows, type Db } from '../../core/db.js';
import { errors, STALE_MESSAGE } from '../../core/errors.js';
import { offset, today } from '../../core/paging.js';
import { P } from '../../core/permissions.js';
import { adjustMemberCounts, getOrgRow } from '../orgs/service.js';
import { getMemberRow } from '../members/service.js';
import { addMonths } from '../orgs/rules.js';
import { orgs } from '../orgs/tables.js';
import { members } from '../members/tables.js';
import { floatingRegister, leaveDecisions, memberContacts } from './tables.js';

/** Months without reaching a floating member before they are listed as possibly lost (docs/rules.md §3). */
export const LOST_CONTACT_MONTHS = 6;
/** Recorded attempts needed before a member may be marked lost-contact: the search must be on record. */
export const MIN_SEARCH_EFFORTS = 2;

const memberScope = (actor: Actor, perm: typeof P.memberRead | typeof P.memberWrite) =>
  memberScopeSql(scopeOf(actor, perm), { countyId: sql`o.county_id`, path: sql`o.path`, id: sql`o.id` }, sql`m.id`);

/** The member record through the members module; a member who has left counts only where asked for. */
async function memberInScope(db: Db, actor: Actor, memberId: number, perm: typeof P.memberRead | typeof P.memberWrite, includeLeft = false) {
  const { m } = await getMemberRow(db, actor, memberId, perm);
  if (!includeLeft && m.status !== 'active') throw errors.notFound('党员');
  return m;
}

const sixMonthsAgo = () => addMonths(today(), -LOST_CONTACT_MONTHS);

type Direction = (typeof floatingRegister.$inferSelect)['direction'];
type DecisionStatus = (typeof leaveDecisions.$inferSelect)['status'];

/** A move in the floating register, with the last day the member was reached (null: never). */
export type FloatingRow = {
  id: number; memberId: number; name: string; orgName: string; direction: Direction; region: string; employer: string | null; contactPhone: string | null;
  since: string; receivingOrg: string | null; endedOn: string | null; endReason: string | null; lastReached: string | null;
};

export async function findFloating(db: Db, actor: Actor, f: { under?: number; direction?: 'outflow' | 'inflow'; active?: boolean; page: number; pageSize: number }) {
  require(actor, P.memberRead);
  const underPath = f.under ? (await getOrgRow(db, actor, f.under)).path : null;
  const where = sql`${memberScope(actor, P.memberRead)} ${underPath ? sql`and o.path like ${underPath + '%'}` : sql``}
    ${f.direction ? sql`and r.direction = ${f.direction}` : sql``} ${f.active === false ? sql`and r.ended_on is not null` : sql`and r.ended_on is null`}`;
  const items = await rows<FloatingRow>(db, sql`
    select r.id, r.member_id as "memberId", m.name, o.name as "orgName", r.direction, r.region, r.employer, r.contact_phone as "contactPhone",
      r.since, r.receiving_org as "receivingOrg", r.ended_on as "endedOn", r.end_reason as "endReason",
      (select max(c.contacted_on) from member_contacts c where c.member_id = m.id and c.reached) as "lastReached"
    from floating_register r join members m on m.id = r.member_id join orgs o on o.id = m.org_id
    where ${where} order by r.since desc, r.id desc limit ${f.pageSize} offset ${offset(f)}`);
  const [{ n = 0 } = {}] = await rows<{ n: number }>(db, sql`select count(*)::int as n from floating_register r join members m on m.id = r.member_id
    join orgs o on o.id = m.org_id where ${where}`);
  return { items, total: n };
}

export type FloatingInput = { memberId: number; direction: 'outflow' | 'inflow'; region: string; employer?: string | null; contactPhone?: string | null; since: string; receivingOrg?: string | null };

/** Register a move; the member's floating flag and destination follow from it, in the same transaction. */
export async function registerFloating(db: Db, actor: Actor, input: FloatingInput) {
  const m = await memberInScope(db, actor, input.memberId, P.memberWrite);
  if (input.since > today()) throw errors.field('since', '外出（流入）日期不能晚于今天');
  const [open] = await db.select({ id: floatingRegister.id }).from(floatingRegister)
    .where(and(eq(floatingRegister.memberId, m.id), eq(floatingRegister.direction, input.direction), isNull(floatingRegister.endedOn)));
  if (open) throw errors.field('memberId', `${m.name}已有未结束的${input.direction === 'outflow' ? '外出' : '流入'}登记`);
  return inTx(db, async (tx) => {
    const [r] = await tx.insert(floatingRegister).values({ ...input, countyId: m.countyId, orgId: m.orgId, createdBy: actor.userId }).returning();
    if (input.direction === 'outflow') {
      await tx.update(members).set({ isFloating: true, floatingSince: input.since, outflowRegion: input.region, updatedAt: new Date(), version: sql`${members.version} + 1` })
        .where(eq(members.id, m.id));
    }
    await audit(tx, actor, { action: 'register_floating', entity: 'member', entityId: m.id, orgId: m.orgId, after: r });
    return r!;
  });
}

export async function endFloating(db: Db, actor: Actor, id: number, input: { endedOn: string; reason: string }) {
  const [r] = await db.select().from(floatingRegister).where(eq(floatingRegister.id, id));
  if (!r) throw errors.notFound('流动登记');
  const m = await memberInScope(db, actor, r.memberId, P.memberWrite);
  if (r.endedOn) throw errors.badRequest('该登记已结束');
  if (input.endedOn < r.since) throw errors.field('endedOn', '结束日期不能早于开始日期');
  return inTx(db, async (tx) => {
    const [e] = await tx.update(floatingRegister).set({ endedOn: input.endedOn, endReason: input.reason }).where(eq(floatingRegister.id, id)).returning();
    if (r.direction === 'outflow') {
      await tx.update(members).set({ isFloating: false, updatedAt: new Date(), version: sql`${members.version} + 1` }).where(eq(members.id, m.id));
    }
    await audit(tx, actor, { action: 'end_floating', entity: 'member', entityId: m.id, orgId: m.orgId, before: r, after: e });
    return e!;
  });
}

export async function findContacts(db: Db, actor: Actor, memberId: number) {
  await memberInScope(db, actor, memberId, P.memberRead);
  return db.select().from(memberContacts).where(eq(memberContacts.memberId, memberId)).orderBy(desc(memberContacts.contactedOn), desc(memberContacts.id));
}

export async function recordContact(db: Db, actor: Actor, memberId: number, input: { contactedOn: string; method: 'phone' | 'wechat' | 'visit' | 'letter' | 'other'; reached: boolean; note?: string | null }) {
  const m = await memberInScope(db, actor, memberId, P.memberWrite);
  if (input.contactedOn > today()) throw errors.field('contactedOn', '联系日期不能晚于今天');
  return inTx(db, async (tx) => {
    const [c] = await tx.insert(memberContacts).values({ ...input, note: input.note ?? null, countyId: m.countyId, orgId: m.orgId, memberId, createdBy: actor.userId }).returning();
    await audit(tx, actor, { action: 'contact', entity: 'member', entityId: memberId, orgId: m.orgId, after: c });
    // reached after being marked lost: no longer lost contact (the mark and its date stay in the change history)
    const [cleared] = await tx.update(members).set({ isLostContact: false, updatedAt: new Date(), version: sql`${members.version} + 1` })
      .where(and(eq(members.id, memberId), eq(members.isLostContact, true), input.reached ? sql`coalesce(${members.lostContactSince}, '1900-01-01') < ${input.contactedOn}` : sql`false`))
      .returning({ id: members.id });
    if (cleared) await audit(tx, actor, { action: 'update', entity: 'member', entityId: memberId, orgId: m.orgId,
      before: { isLostContact: true }, after: { isLostContact: false, reason: `${input.contactedOn} 已联系上` } });
    return c!;
  });
}

/** A floating member not reached lately, with the unanswered attempts since the cut-off. */
export type UnreachableRow = {
  id: number; name: string; orgName: string; floatingSince: string | null; outflowRegion: string | null; isLostContact: boolean; lastReached: string | null; efforts: number;
};

/** Floating members not reached for six months: to look for, with the efforts so far. Nobody is removed. */
export async function findUnreachable(db: Db, actor: Actor, f: { under?: number; page: number; pageSize: number }) {
  require(actor, P.memberRead);
  const underPath = f.under ? (await getOrgRow(db, actor, f.under)).path : null;
  const since = sixMonthsAgo();
  const list = await rows<UnreachableRow>(db, sql`
    select m.id, m.name, o.name as "orgName", m.floating_since as "floatingSince", m.outflow_region as "outflowRegion", m.is_lost_contact as "isLostContact",
      (select max(c.contacted_on) from member_contacts c where c.member_id = m.id and c.reached) as "lastReached",
      (select count(*)::int from member_contacts c where c.member_id = m.id and not c.reached and c.contacted_on >= ${since}) as "efforts"
    from members m join orgs o on o.id = m.org_id
    where m.status = 'active' and m.is_floating and ${memberScope(actor, P.memberRead)} ${underPath ? sql`and o.path like ${underPath + '%'}` : sql``}
      and coalesce(m.floating_since, '1900-01-01') <= ${since}
      and not exists (select 1 from member_contacts c where c.member_id = m.id and c.reached and c.contacted_on >= ${since})
    order by o.path, m.id`);
  return { since, items: list.slice(offset(f), offset(f) + f.pageSize), total: list.length };
}

/** Mark a member lost-contact, only once the search is on record. Leaving the party is a separate decision. */
export async function markLostContact(db: Db, actor: Actor, memberId: number, input: { since: string }) {
  const m = await memberInScope(db, actor, memberId, P.memberWrite);
  const [{ efforts = 0 } = {}] = await rows<{ efforts: number }>(db, sql`select count(*)::int as efforts from member_contacts
    where member_id = ${memberId} and not reached and contacted_on >= ${sixMonthsAgo()}`);
  if (efforts < MIN_SEARCH_EFFORTS) throw errors.badRequest(`请先记录至少 ${MIN_SEARCH_EFFORTS} 次查找联系（近 6 个月内），再标记失联`);
  if (input.since > today()) throw errors.field('since', '失去联系日期不能晚于今天');
  return inTx(db, async (tx) => {
    const [u] = await tx.update(members).set({ isLostContact: true, lostContactSince: input.since, updatedAt: new Date(), version: sql`${members.version} + 1` })
      .where(eq(members.id, m.id)).returning({ id: members.id, isLostContact: members.isLostContact, lostContactSince: members.lostContactSince });
    await audit(tx, actor, { action: 'mark_lost_contact', entity: 'member', entityId: m.id, orgId: m.orgId, after: { ...u, efforts } });
    return u!;
  });
}


/** A branch proposes treating a long-lost member as having left; only a lost-contact member of 6+ months qualifies. */
export async function proposeLeave(db: Db, actor: Actor, memberId: number, input: { reason: string }) {
  const m = await memberInScope(db, actor, memberId, P.memberWrite);
  if (!m.isLostContact || !m.lostContactSince || m.lostContactSince > sixMonthsAgo()) {
    throw errors.badRequest(`只有失去联系满 ${LOST_CONTACT_MONTHS} 个月的党员才能提出按自行脱党处理`);
  }
  const [open] = await db.select({ id: leaveDecisions.id }).from(leaveDecisions).where(and(eq(leaveDecisions.memberId, memberId), eq(leaveDecisions.status, 'pending')));
  if (open) throw errors.badRequest('该党员已有待审批的处理意见');
  return inTx(db, async (tx) => {
    const [d] = await tx.insert(leaveDecisions).values({ countyId: m.countyId, orgId: m.orgId, memberId, reason: input.reason, proposedBy: actor.userId }).returning();
    await audit(tx, actor, { action: 'propose_leave', entity: 'member', entityId: memberId, orgId: m.orgId, after: d });
    return d!;
  });
}

/** A proposal to treat a member as having left, with the member's lost-contact date. */
export type LeaveDecisionRow = {
  id: number; memberId: number; name: string; orgName: string; reason: string; status: DecisionStatus; proposedAt: string; decidedAt: string | null;
  decisionNote: string | null; lostContactSince: string | null;
};

/** Pending proposals the actor may decide: in scope of a higher org than the member's branch, and not their own. */
export async function findLeaveDecisions(db: Db, actor: Actor, f: { status?: 'pending' | 'approved' | 'rejected' }) {
  require(actor, P.memberRead);
  return rows<LeaveDecisionRow>(db, sql`
    select d.id, d.member_id as "memberId", m.name, o.name as "orgName", d.reason, d.status, d.proposed_at as "proposedAt",
      d.decided_at as "decidedAt", d.decision_note as "decisionNote", m.lost_contact_since as "lostContactSince"
    from leave_decisions d join members m on m.id = d.member_id join orgs o on o.id = d.org_id
    where ${memberScope(actor, P.memberRead)} and d.status = ${f.status ?? 'pending'} order by d.id desc limit 500`);
}

export async function decideLeave(db: Db, actor: Actor, id: number, input: { approve: boolean; note: string }) {
  require(actor, P.memberWrite);
  const [d] = await db.select().from(leaveDecisions).where(eq(leaveDecisions.id, id));
  if (!d) throw errors.notFound('处理意见');
  await memberInScope(db, actor, d.memberId, P.memberWrite, true);
  const [branch] = await db.select({ parentId: orgs.parentId }).from(orgs).where(eq(orgs.id, d.orgId));
  // the decision belongs to the level above the branch: the approver must reach the branch's parent
  try { await getOrgRow(db, actor, branch!.parentId!, P.memberWrite); } catch { throw errors.forbidden('按自行脱党处理须由上级党组织审批'); }
  notOwnWork(actor, { userId: d.proposedBy }, '提出的处理意见');
  if (d.status !== 'pending') throw errors.badRequest('该处理意见已审批');
  return inTx(db, async (tx) => {
    const [u] = await tx.update(leaveDecisions).set({ status: input.approve ? 'approved' : 'rejected', decidedBy: actor.userId, decidedAt: new Date(), decisionNote: input.note })
      .where(and(eq(leaveDecisions.id, id), eq(leaveDecisions.status, 'pending'))).returning();
    if (!u) throw errors.alreadyDone(STALE_MESSAGE); // someone else decided it first
    if (input.approve) {
      await tx.update(members).set({ status: 'left', updatedAt: new Date(), version: sql`${members.version} + 1` }).where(eq(members.id, d.memberId));
      await adjustMemberCounts(tx, d.orgId, -1);
    }
    await audit(tx, actor, { action: input.approve ? 'approve_leave' : 'reject_leave', entity: 'member', entityId: d.memberId, orgId: d.orgId, after: u });
    return u;
  });
}

import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { memberScopeAt, require, type Actor } from '../../core/actor.js';
import { audit } from '../../core/audit.js';
import { inTx, rows, type Db } from '../../core/db.js';
import { errors } from '../../core/errors.js';
import { today } from '../../core/paging.js';
import { P } from '../../core/permissions.js';
import { getBranch } from './service.js';
import { members } from '../members/tables.js';
import { heartTalks, memberAppraisals, type Grade } from './tables.js';

import { APPRAISAL_GRADE_LABELS as GRADE_LABELS } from '../../../shared/codes.js';
export { GRADE_LABELS };
/** The two lower grades need a follow-up (帮教、限期改正、组织处置) written down. */
export const NEEDS_FOLLOW_UP: Grade[] = ['basically_qualified', 'unqualified'];

const branchFor = (db: Db, actor: Actor, orgId: number, perm: typeof P.meetingRead | typeof P.meetingWrite) =>
  getBranch(db, actor, orgId, perm, '民主评议和谈心谈话按党支部记录');

/** The branch's members with the latest grade recorded for the year. */
export async function getAppraisals(db: Db, actor: Actor, orgId: number, year: number) {
  require(actor, P.meetingRead);
  const o = await branchFor(db, actor, orgId, P.meetingRead);
  // per person: a member sees his own appraisal, not his neighbours' grades and measures
  return rows<{ memberId: number; name: string; memberCategory: string; grade: Grade | null; followUp: string | null; recordedAt: string | null }>(db, sql`
    select m.id as "memberId", m.name, m.member_category as "memberCategory", a.grade, a.follow_up as "followUp", a.created_at as "recordedAt"
    from members m left join lateral (
      select grade, follow_up, created_at from member_appraisals x where x.member_id = m.id and x.year = ${year} order by x.id desc limit 1) a on true
    join orgs o on o.id = m.org_id
    where m.org_id = ${o.id} and m.status = 'active'
      and ${memberScopeAt(actor, P.memberRead)}
    order by m.id`);
}

export async function recordAppraisals(db: Db, actor: Actor, orgId: number, input: { year: number; items: { memberId: number; grade: Grade; followUp?: string | null }[] }) {
  require(actor, P.meetingWrite);
  const o = await branchFor(db, actor, orgId, P.meetingWrite);
  if (input.year > Number(today().slice(0, 4))) throw errors.field('year', '评议年度不能晚于今年');
  const ids = input.items.map((i) => i.memberId);
  if (new Set(ids).size !== ids.length) throw errors.field('items', '同一党员不能重复评定');
  const known = ids.length ? await db.select({ id: members.id }).from(members).where(and(eq(members.orgId, o.id), eq(members.status, 'active'), inArray(members.id, ids))) : [];
  const outsider = ids.find((id) => !known.some((k) => k.id === id));
  if (outsider) throw errors.field('items', `党员（编号 ${outsider}）不是本支部在册党员`);
  const noFollowUp = input.items.find((i) => NEEDS_FOLLOW_UP.includes(i.grade) && !i.followUp?.trim());
  if (noFollowUp) throw errors.field('followUp', `评为${GRADE_LABELS[noFollowUp.grade]}的党员须填写帮教或处置措施`);
  return inTx(db, async (tx) => {
    if (input.items.length) {
      await tx.insert(memberAppraisals).values(input.items.map((i) => ({ countyId: o.countyId, orgId: o.id, memberId: i.memberId, year: input.year,
        grade: i.grade, followUp: i.followUp?.trim() || null, createdBy: actor.userId })));
    }
    await audit(tx, actor, { action: 'appraise', entity: 'org', entityId: o.id, orgId: o.id, after: { year: input.year, items: input.items } });
    return { recorded: input.items.length };
  });
}

export async function findHeartTalks(db: Db, actor: Actor, orgId: number, year: number) {
  require(actor, P.meetingRead);
  const o = await branchFor(db, actor, orgId, P.meetingRead);
  return db.select({ id: heartTalks.id, memberId: heartTalks.memberId, name: members.name, talkerName: heartTalks.talkerName,
    talkedOn: heartTalks.talkedOn, summary: heartTalks.summary })
    .from(heartTalks).innerJoin(members, eq(members.id, heartTalks.memberId))
    .where(and(eq(heartTalks.orgId, o.id), sql`extract(year from ${heartTalks.talkedOn}) = ${year}`))
    .orderBy(desc(heartTalks.talkedOn), asc(heartTalks.id));
}

export async function recordHeartTalk(db: Db, actor: Actor, orgId: number, input: { memberId: number; talkerName: string; talkedOn: string; summary: string }) {
  require(actor, P.meetingWrite);
  const o = await branchFor(db, actor, orgId, P.meetingWrite);
  if (input.talkedOn > today()) throw errors.field('talkedOn', '谈话日期不能晚于今天');
  const [m] = await db.select({ id: members.id }).from(members).where(and(eq(members.id, input.memberId), eq(members.orgId, o.id), eq(members.status, 'active')));
  if (!m) throw errors.field('memberId', '谈话对象不是本支部在册党员');
  return inTx(db, async (tx) => {
    const [t] = await tx.insert(heartTalks).values({ ...input, countyId: o.countyId, orgId: o.id, createdBy: actor.userId }).returning();
    await audit(tx, actor, { action: 'heart_talk', entity: 'org', entityId: o.id, orgId: o.id, after: t });
    return t!;
  });
}

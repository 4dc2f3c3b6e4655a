/** Enrollment: nominations against quotas, direct enrollment, confirmation, withdrawal and the roster. */
import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import { can, orgScopeSql, scopeOf, type Actor } from '../../core/actor.js';
import { audit } from '../../core/audit.js';
import { inTx, rows, type Db } from '../../core/db.js';
import { errors } from '../../core/errors.js';
import { today } from '../../core/paging.js';
import { P } from '../../core/permissions.js';
import { getOrgRow } from '../orgs/service.js';
import { getMemberRow } from '../members/service.js';
import { trainingEnrollments, trainingQuotas } from './tables.js';
import { classRow } from './classes.js';
import type { EnrollmentStatus } from '../../../shared/codes.js';

async function memberFor(db: Db, actor: Actor, memberId: number, perm: typeof P.trainingNominate | typeof P.trainingManage) {
  const r = await getMemberRow(db, actor, memberId, perm).catch(() => null);
  if (!r || r.m.status !== 'active') throw errors.field('memberId', '党员不存在或不在您的管理范围内');
  return { id: r.m.id, name: r.m.name, path: r.orgPath, countyId: r.m.countyId };
}

/** An org admin nominates a member within the quota of an org in its scope; the member must be in that org's subtree. */
export async function nominate(db: Db, actor: Actor, classId: number, input: { memberId: number; quotaOrgId: number; substituteFor?: number | null; reason?: string | null }) {
  const c = await classRow(db, actor, classId, P.trainingNominate);
  if (today() > c.endsOn) throw errors.badRequest('培训班已结束，不能再推荐学员');
  const quotaOrg = await getOrgRow(db, actor, input.quotaOrgId, P.trainingNominate).catch(() => { throw errors.field('quotaOrgId', '该单位不在您的管理范围内'); });
  const [q] = await db.select().from(trainingQuotas).where(and(eq(trainingQuotas.classId, classId), eq(trainingQuotas.orgId, quotaOrg.id)));
  if (!q) throw errors.field('quotaOrgId', `${quotaOrg.name}没有本培训班的名额`);
  const m = await memberFor(db, actor, input.memberId, P.trainingNominate);
  if (!m.path.startsWith(quotaOrg.path)) throw errors.field('memberId', `${m.name}不属于${quotaOrg.name}，不能占用其名额`);
  return inTx(db, async (tx) => {
    // one nomination to a class at a time: the class row is locked until this one is counted and written, so two
    // township officers taking the last place at once cannot both have it
    await tx.execute(sql`select id from training_classes where id = ${classId} for update`);
    // substitution: the person replaced is withdrawn in the same transaction, freeing the place
    if (input.substituteFor) {
      const [old] = await tx.select().from(trainingEnrollments).where(and(eq(trainingEnrollments.id, input.substituteFor), eq(trainingEnrollments.classId, classId), eq(trainingEnrollments.quotaOrgId, quotaOrg.id), ne(trainingEnrollments.status, 'withdrawn')));
      if (!old) throw errors.field('substituteFor', '被替换的学员不存在');
      if (!input.reason?.trim()) throw errors.field('reason', '替换学员须填写原因');
      await tx.update(trainingEnrollments).set({ status: 'withdrawn', reason: `由他人替换：${input.reason}` }).where(eq(trainingEnrollments.id, old.id));
    }
    const [{ used = 0, all = 0 } = {}] = await rows<{ used: number; all: number }>(tx, sql`select count(*) filter (where quota_org_id = ${quotaOrg.id})::int as used,
      count(*)::int as all from training_enrollments where class_id = ${classId} and status <> 'withdrawn'`);
    if (used >= q.quota) throw errors.field('quotaOrgId', `${quotaOrg.name}的名额（${q.quota} 人）已用完`);
    if (all >= c.capacity) throw errors.field('quotaOrgId', `培训班已满（容量 ${c.capacity} 人），不能再推荐学员`);
    const [prev] = await tx.select().from(trainingEnrollments).where(and(eq(trainingEnrollments.classId, classId), eq(trainingEnrollments.memberId, m.id)));
    if (prev && prev.status !== 'withdrawn') throw errors.field('memberId', `${m.name}已在本培训班名单中`);
    const values = { status: 'nominated' as const, quotaOrgId: quotaOrg.id, substituteFor: input.substituteFor ?? null, nominatedBy: actor.userId, reason: input.reason ?? null };
    const [e] = prev
      ? await tx.update(trainingEnrollments).set(values).where(eq(trainingEnrollments.id, prev.id)).returning()
      : await tx.insert(trainingEnrollments).values({ classId, memberId: m.id, ...values }).returning();
    await audit(tx, actor, { action: 'nominate', entity: 'training_enrollment', entityId: e!.id, orgId: quotaOrg.id, after: { classId, memberId: m.id, name: m.name } });
    return e!;
  });
}

/** The organiser enrols a member directly (outside the quotas), confirmed at once. */
export async function enrollDirect(db: Db, actor: Actor, classId: number, input: { memberId: number }) {
  const c = await classRow(db, actor, classId, P.trainingManage);
  const m = await memberFor(db, actor, input.memberId, P.trainingManage);
  return inTx(db, async (tx) => {
    await tx.execute(sql`select id from training_classes where id = ${classId} for update`);
    const [n] = await rows<{ n: number }>(tx, sql`select count(*)::int as n from training_enrollments where class_id = ${classId} and status <> 'withdrawn'`);
    if (n!.n >= c.capacity) throw errors.badRequest(`培训班已满（容量 ${c.capacity} 人）`);
    const [prev] = await tx.select().from(trainingEnrollments).where(and(eq(trainingEnrollments.classId, classId), eq(trainingEnrollments.memberId, m.id)));
    if (prev && prev.status !== 'withdrawn') throw errors.field('memberId', `${m.name}已在本培训班名单中`);
    const [e] = prev
      ? await tx.update(trainingEnrollments).set({ status: 'confirmed', quotaOrgId: null, nominatedBy: actor.userId, reason: null }).where(eq(trainingEnrollments.id, prev.id)).returning()
      : await tx.insert(trainingEnrollments).values({ classId, memberId: m.id, status: 'confirmed', nominatedBy: actor.userId }).returning();
    await audit(tx, actor, { action: 'enroll', entity: 'training_enrollment', entityId: e!.id, orgId: c.organiserOrgId, after: { classId, memberId: m.id, name: m.name } });
    return e!;
  });
}

export async function enrollmentRow(db: Db, id: number) {
  const [e] = await db.select().from(trainingEnrollments).where(eq(trainingEnrollments.id, id));
  if (!e) throw errors.notFound('学员');
  return e;
}

/** Confirm nominations (organiser). */
export async function confirmEnrollments(db: Db, actor: Actor, classId: number, ids: number[]) {
  const c = await classRow(db, actor, classId, P.trainingManage);
  return inTx(db, async (tx) => {
    const done = await tx.update(trainingEnrollments).set({ status: 'confirmed' })
      .where(and(eq(trainingEnrollments.classId, classId), inArray(trainingEnrollments.id, ids.concat(-1)), eq(trainingEnrollments.status, 'nominated'))).returning({ id: trainingEnrollments.id });
    await audit(tx, actor, { action: 'confirm', entity: 'training_class', entityId: classId, orgId: c.organiserOrgId, after: { enrollments: done.map((d) => d.id) } });
    return { confirmed: done.length };
  });
}

/** Withdraw a trainee with a reason: the organiser, or the admin whose quota the trainee used. The row stays. */
export async function withdraw(db: Db, actor: Actor, enrollmentId: number, input: { reason: string }) {
  const e = await enrollmentRow(db, enrollmentId);
  const c = await classRow(db, actor, e.classId, can(actor, P.trainingManage) ? P.trainingRead : P.trainingNominate);
  const organiser = await getOrgRow(db, actor, c.organiserOrgId, P.trainingManage).then(() => true, () => false);
  const nominator = !organiser && e.quotaOrgId !== null && await getOrgRow(db, actor, e.quotaOrgId, P.trainingNominate).then(() => true, () => false);
  if (!organiser && !nominator) throw errors.forbidden('只有主办单位或推荐单位可以撤回学员');
  if (e.status === 'withdrawn') throw errors.badRequest('该学员已撤回');
  if (e.confirmedAt) throw errors.badRequest('已确认结业的学员不能撤回');
  return inTx(db, async (tx) => {
    await tx.update(trainingEnrollments).set({ status: 'withdrawn', reason: input.reason }).where(eq(trainingEnrollments.id, e.id));
    await audit(tx, actor, { action: 'withdraw', entity: 'training_enrollment', entityId: e.id, orgId: e.quotaOrgId ?? c.organiserOrgId, before: { status: e.status }, after: { status: 'withdrawn', reason: input.reason } });
    return { id: e.id, status: 'withdrawn' };
  });
}

/** A trainee on a class's roster; the certificate's check code is shown to the organiser only. */
export type RosterRow = {
  id: number; memberId: number; name: string; gender: string; orgName: string; quotaOrgName: string | null; status: EnrollmentStatus; reason: string | null;
  completed: boolean | null; completionNote: string | null; completedHours: number | null; certificateSerial: string | null; confirmedAt: string | null;
  certificateCode: string | null;
};

export async function findRoster(db: Db, actor: Actor, classId: number, f: { status?: string; quotaOrgId?: number } = {}) {
  const c = await classRow(db, actor, classId);
  const organiser = await getOrgRow(db, actor, c.organiserOrgId, P.trainingManage).then(() => true, () => false);
  // a nominating admin sees the trainees of the quotas in its scope; the organiser sees all
  const scope = organiser ? sql`true` : sql`e.quota_org_id in (select o.id from orgs o where ${orgScopeSql(scopeOf(actor, P.trainingNominate), { countyId: sql`o.county_id`, path: sql`o.path`, id: sql`o.id` })})`;
  const list = await rows<RosterRow>(db, sql`
    select e.id, e.member_id as "memberId", m.name, m.gender, o.name as "orgName", q.name as "quotaOrgName", e.status, e.reason,
      e.completed, e.completion_note as "completionNote", e.completed_hours::float8 as "completedHours", e.certificate_serial as "certificateSerial",
      e.confirmed_at as "confirmedAt", case when ${organiser} then e.certificate_code end as "certificateCode"
    from training_enrollments e join members m on m.id = e.member_id join orgs o on o.id = m.org_id left join orgs q on q.id = e.quota_org_id
    where e.class_id = ${classId} and ${scope} ${f.status ? sql`and e.status = ${f.status}` : sql``}
      ${f.quotaOrgId ? sql`and e.quota_org_id = ${f.quotaOrgId}` : sql``}
    order by e.status = 'withdrawn', q.path nulls first, e.id`);
  return { items: list, organiser };
}

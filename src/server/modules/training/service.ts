/**
 * Training (干部教育培训): annual plan, classes, quotas and nominations, sessions, rotating-token check-in,
 * leave, anonymous evaluation, reflections, final test, completion and certificates, personal records, coverage.
 */
import crypto from 'node:crypto';
import { and, asc, desc, eq, inArray, ne, sql, type SQL } from 'drizzle-orm';
import { can, memberScopeSql, orgScopeSql, require, rollupKey, scopeOf, type Actor } from '../../core/actor.js';
import { audit } from '../../core/audit.js';
import { inTx, rows, type Db } from '../../core/db.js';
import { errors } from '../../core/errors.js';
import { contains, offset, today } from '../../core/paging.js';
import { P } from '../../core/permissions.js';
import { getOrgRow, ruleValuesAt } from '../orgs/service.js';
import { orgs, counties } from '../orgs/tables.js';
import { getMemberRow } from '../members/service.js';
import { checkEvidence, storeFile } from '../meetings/service.js';
import {
  trainingAttempts, trainingCheckins, trainingClasses, trainingCourses, trainingEnrollments, trainingEvaluationReceipts, trainingEvaluations,
  trainingLeaves, trainingPapers, trainingPlanItems, trainingQuestions, trainingQuotas, trainingReflections, trainingSessions, trainingStudyEntries,
  type ClassType, type TargetGroup,
} from './tables.js';
import {
  annualRequirement, certificateSerial, checkinToken, checkinWindow, completion, DEFAULT_ANNUAL_HOURS, DEFAULT_LEAVE_LIMIT, gradeAttempt,
  parseToken, verifyToken,
} from './rules.js';

const num = (x: string | number | null | undefined) => (x === null || x === undefined ? 0 : Number(x));

/** Local (Asia/Shanghai) date and minutes of day, the clock sessions are planned in. */
export function localNow(nowMs = Date.now()) {
  const d = new Date(nowMs + 8 * 3600_000);
  return { date: d.toISOString().slice(0, 10), minutes: d.getUTCHours() * 60 + d.getUTCMinutes() };
}

/** Counties in which the actor holds a permission: training is run county-wide by the organisation department. */
const countiesOf = (actor: Actor, perm: typeof P.trainingRead | typeof P.trainingManage | typeof P.trainingNominate) =>
  [...new Set(actor.assignments.filter((a) => a.permissions.includes(perm)).map((a) => a.countyId))];

async function rulesOf(db: Db, on = today()) {
  const v = await ruleValuesAt(db, { trainingLeaveLimit: DEFAULT_LEAVE_LIMIT, studyHoursMember: DEFAULT_ANNUAL_HOURS.member,
    studyHoursSecretary: DEFAULT_ANNUAL_HOURS.secretary, studyHoursCadre: DEFAULT_ANNUAL_HOURS.cadre }, on);
  return { leaveLimit: v.trainingLeaveLimit, hours: { member: v.studyHoursMember, secretary: v.studyHoursSecretary, cadre: v.studyHoursCadre } };
}

// ---------------------------------------------------------------- annual plan

export type PlanItemInput = { year: number; name: string; classType: ClassType; targetGroup: TargetGroup; plannedMonth: number; days: number; quota: number; organiser: string; budget?: number | null };

export async function findPlan(db: Db, actor: Actor, year: number) {
  require(actor, P.trainingRead);
  const items = await rows<{ id: number; year: number; name: string; classType: ClassType; targetGroup: TargetGroup; plannedMonth: number; days: number;
    quota: number; organiser: string; budget: number | null; version: number; classes: number; held: number; trainees: number }>(db, sql`
    select p.id, p.year, p.name, p.class_type as "classType", p.target_group as "targetGroup", p.planned_month as "plannedMonth", p.days, p.quota,
      p.organiser, p.budget::float8 as budget, p.version,
      (select count(*)::int from training_classes c where c.plan_item_id = p.id) as classes,
      (select count(*)::int from training_classes c where c.plan_item_id = p.id and c.starts_on <= ${today()}) as held,
      (select count(*)::int from training_enrollments e join training_classes c on c.id = e.class_id where c.plan_item_id = p.id and e.status <> 'withdrawn') as trainees
    from training_plan_items p where p.county_id in ${countiesOf(actor, P.trainingRead).concat(-1)} and p.year = ${year}
    order by p.planned_month, p.id`);
  const held = items.filter((i) => i.held > 0).length;
  return { year, items, planned: items.length, held, rate: items.length ? held / items.length : null };
}

export async function createPlanItem(db: Db, actor: Actor, input: PlanItemInput) {
  require(actor, P.trainingManage);
  return inTx(db, async (tx) => {
    const [row] = await tx.insert(trainingPlanItems).values({ ...input, countyId: actor.countyId, budget: input.budget == null ? null : String(input.budget), createdBy: actor.userId }).returning();
    await audit(tx, actor, { action: 'create', entity: 'training_plan_item', entityId: row!.id, after: row });
    return row!;
  });
}

export async function updatePlanItem(db: Db, actor: Actor, id: number, input: PlanItemInput & { version: number }) {
  require(actor, P.trainingManage);
  const [before] = await db.select().from(trainingPlanItems).where(and(eq(trainingPlanItems.id, id), inArray(trainingPlanItems.countyId, countiesOf(actor, P.trainingManage).concat(-1))));
  if (!before) throw errors.notFound('培训计划项目');
  return inTx(db, async (tx) => {
    const { version, ...rest } = input;
    const [row] = await tx.update(trainingPlanItems).set({ ...rest, budget: rest.budget == null ? null : String(rest.budget), version: version + 1 })
      .where(and(eq(trainingPlanItems.id, id), eq(trainingPlanItems.version, version))).returning();
    if (!row) throw errors.conflict();
    await audit(tx, actor, { action: 'update', entity: 'training_plan_item', entityId: id, before, after: row });
    return row;
  });
}

/** Start a year's plan as a copy of another year's: same classes, months and quotas, to edit. */
export async function copyPlan(db: Db, actor: Actor, input: { fromYear: number; toYear: number }) {
  require(actor, P.trainingManage);
  if (input.fromYear === input.toYear) throw errors.field('toYear', '复制的目标年度不能与来源年度相同');
  const src = await db.select().from(trainingPlanItems).where(and(eq(trainingPlanItems.countyId, actor.countyId), eq(trainingPlanItems.year, input.fromYear))).orderBy(asc(trainingPlanItems.id));
  if (!src.length) throw errors.field('fromYear', `${input.fromYear} 年没有培训计划可复制`);
  const [exists] = await db.select({ id: trainingPlanItems.id }).from(trainingPlanItems).where(and(eq(trainingPlanItems.countyId, actor.countyId), eq(trainingPlanItems.year, input.toYear))).limit(1);
  if (exists) throw errors.field('toYear', `${input.toYear} 年已有培训计划，不能覆盖`);
  return inTx(db, async (tx) => {
    const made = await tx.insert(trainingPlanItems).values(src.map(({ id: _id, createdAt: _c, version: _v, ...r }) => ({ ...r, year: input.toYear, createdBy: actor.userId }))).returning({ id: trainingPlanItems.id });
    await audit(tx, actor, { action: 'copy', entity: 'training_plan', entityId: input.toYear, after: { fromYear: input.fromYear, items: made.length } });
    return { copied: made.length };
  });
}

// ---------------------------------------------------------------- classes

export type ClassInput = {
  planItemId?: number | null; name: string; classType: ClassType; targetGroup: TargetGroup; startsOn: string; endsOn: string; venue?: string | null;
  organiserOrgId: number; headTeacher?: string | null; capacity: number; lateMinutes?: number; passMark?: number; testMinutes?: number;
  testAttempts?: number; requireReflection?: boolean; notice?: string | null;
};

async function classRow(db: Db, actor: Actor, id: number, perm: typeof P.trainingRead | typeof P.trainingManage | typeof P.trainingNominate = P.trainingRead) {
  require(actor, perm);
  const [c] = await db.select().from(trainingClasses).where(and(eq(trainingClasses.id, id), inArray(trainingClasses.countyId, countiesOf(actor, perm).concat(-1))));
  if (!c) throw errors.notFound('培训班');
  if (perm === P.trainingManage) await getOrgRow(db, actor, c.organiserOrgId, P.trainingManage).catch(() => { throw errors.forbidden('只有主办单位可以管理本培训班'); });
  return c;
}

export async function findClasses(db: Db, actor: Actor, f: { year?: number; keyword?: string; classType?: ClassType; page: number; pageSize: number }) {
  require(actor, P.trainingRead);
  const where = sql`c.county_id in ${countiesOf(actor, P.trainingRead).concat(-1)}
    ${f.year ? sql`and extract(year from c.starts_on) = ${f.year}` : sql``}
    ${f.classType ? sql`and c.class_type = ${f.classType}` : sql``}
    ${f.keyword ? sql`and c.name like ${contains(f.keyword)}` : sql``}`;
  const [items, [t]] = await Promise.all([
    rows<Record<string, unknown>>(db, sql`select c.id, c.name, c.class_type as "classType", c.target_group as "targetGroup", c.starts_on as "startsOn",
        c.ends_on as "endsOn", c.venue, c.capacity, o.name as "organiser",
        (select count(*)::int from training_enrollments e where e.class_id = c.id and e.status <> 'withdrawn') as enrolled,
        (select count(*)::int from training_enrollments e where e.class_id = c.id and e.completed) as completed
      from training_classes c join orgs o on o.id = c.organiser_org_id where ${where}
      order by c.starts_on desc, c.id desc limit ${f.pageSize} offset ${offset(f)}`),
    rows<{ n: number }>(db, sql`select count(*)::int as n from training_classes c where ${where}`),
  ]);
  const t0 = today();
  return { items: items.map((c) => ({ ...c, phase: phaseOf(c as { startsOn: string; endsOn: string }, t0) })), total: t!.n };
}

const phaseOf = (c: { startsOn: string; endsOn: string }, t: string) => (t < c.startsOn ? 'upcoming' : t > c.endsOn ? 'finished' : 'running');

function checkClassInput(i: Partial<ClassInput>) {
  if (i.startsOn && i.endsOn && i.endsOn < i.startsOn) throw errors.field('endsOn', '结束日期不能早于开始日期');
}

export async function createClass(db: Db, actor: Actor, input: ClassInput) {
  require(actor, P.trainingManage);
  checkClassInput(input);
  const org = await getOrgRow(db, actor, input.organiserOrgId, P.trainingManage).catch(() => { throw errors.field('organiserOrgId', '主办单位不存在或不在您的管理范围内'); });
  if (input.planItemId) {
    const [p] = await db.select().from(trainingPlanItems).where(and(eq(trainingPlanItems.id, input.planItemId), eq(trainingPlanItems.countyId, org.countyId)));
    if (!p) throw errors.field('planItemId', '培训计划项目不存在');
  }
  const { leaveLimit } = await rulesOf(db, input.startsOn);
  return inTx(db, async (tx) => {
    const [c] = await tx.insert(trainingClasses).values({ ...input, countyId: org.countyId, leaveLimit: String(leaveLimit), createdBy: actor.userId }).returning();
    await audit(tx, actor, { action: 'create', entity: 'training_class', entityId: c!.id, orgId: org.id, after: c });
    return c!;
  });
}

export async function updateClass(db: Db, actor: Actor, id: number, input: Partial<ClassInput> & { version: number }) {
  const before = await classRow(db, actor, id, P.trainingManage);
  checkClassInput({ startsOn: before.startsOn, endsOn: before.endsOn, ...input });
  return inTx(db, async (tx) => {
    const { version, ...rest } = input;
    const [c] = await tx.update(trainingClasses).set({ ...rest, version: version + 1 }).where(and(eq(trainingClasses.id, id), eq(trainingClasses.version, version))).returning();
    if (!c) throw errors.conflict();
    await audit(tx, actor, { action: 'update', entity: 'training_class', entityId: id, orgId: c.organiserOrgId, before, after: c });
    return c;
  });
}

export async function getClass(db: Db, actor: Actor, id: number) {
  const c = await classRow(db, actor, id);
  const [quotas, sessions, [stats]] = await Promise.all([
    rows<{ id: number; orgId: number; orgName: string; quota: number; used: number }>(db, sql`
      select q.id, q.org_id as "orgId", o.name as "orgName", q.quota,
        (select count(*)::int from training_enrollments e where e.class_id = q.class_id and e.quota_org_id = q.org_id and e.status <> 'withdrawn') as used
      from training_quotas q join orgs o on o.id = q.org_id where q.class_id = ${id} order by o.path`),
    sessionsOf(db, id),
    rows<{ enrolled: number; confirmed: number; completed: number }>(db, sql`select count(*) filter (where status <> 'withdrawn')::int as enrolled,
      count(*) filter (where status = 'confirmed')::int as confirmed, count(*) filter (where completed)::int as completed
      from training_enrollments where class_id = ${id}`),
  ]);
  const [paper] = await db.select({ id: trainingPapers.id, questions: sql<number>`jsonb_array_length(${trainingPapers.questionIds})::int`, pointsEach: trainingPapers.pointsEach })
    .from(trainingPapers).where(eq(trainingPapers.classId, id));
  const [org] = await db.select({ name: orgs.name }).from(orgs).where(eq(orgs.id, c.organiserOrgId));
  const totalHours = sessions.reduce((a, s) => a + s.studyHours, 0);
  return {
    ...c, leaveLimit: Number(c.leaveLimit), organiserName: org?.name, phase: phaseOf(c, today()), quotas, sessions, totalHours, paper: paper ?? null, ...stats!,
    canManage: await getOrgRow(db, actor, c.organiserOrgId, P.trainingManage).then(() => true, () => false),
    canNominate: can(actor, P.trainingNominate),
  };
}

export async function setQuotas(db: Db, actor: Actor, id: number, list: { orgId: number; quota: number }[]) {
  const c = await classRow(db, actor, id, P.trainingManage);
  const ids = list.map((q) => q.orgId);
  if (new Set(ids).size !== ids.length) throw errors.field('quotas', '同一单位不能重复分配名额');
  const found = ids.length ? await db.select({ id: orgs.id }).from(orgs).where(and(inArray(orgs.id, ids), eq(orgs.countyId, c.countyId), eq(orgs.status, 'active'))) : [];
  const missing = ids.find((x) => !found.some((f) => f.id === x));
  if (missing) throw errors.field('quotas', `单位（编号 ${missing}）不存在`);
  const total = list.reduce((a, q) => a + q.quota, 0);
  if (total > c.capacity) throw errors.field('quotas', `名额合计 ${total} 人，超过培训班容量 ${c.capacity} 人`);
  const used = await rows<{ org: number; n: number }>(db, sql`select quota_org_id as org, count(*)::int as n from training_enrollments
    where class_id = ${id} and status <> 'withdrawn' and quota_org_id is not null group by 1`);
  for (const u of used) {
    const q = list.find((x) => x.orgId === u.org);
    if (!q || q.quota < u.n) throw errors.field('quotas', `有单位已推荐 ${u.n} 人，名额不能少于已推荐人数`);
  }
  return inTx(db, async (tx) => {
    const before = await tx.select().from(trainingQuotas).where(eq(trainingQuotas.classId, id));
    await tx.delete(trainingQuotas).where(eq(trainingQuotas.classId, id));
    if (list.length) await tx.insert(trainingQuotas).values(list.map((q) => ({ classId: id, orgId: q.orgId, quota: q.quota })));
    await audit(tx, actor, { action: 'set_quotas', entity: 'training_class', entityId: id, orgId: c.organiserOrgId, before, after: list });
    return { quotas: list.length, total };
  });
}

/** Quota rows the actor may nominate against: those of orgs in the actor's scope. */
export async function myQuotas(db: Db, actor: Actor, classId: number) {
  const c = await classRow(db, actor, classId, P.trainingNominate);
  const scope = orgScopeSql(scopeOf(actor, P.trainingNominate), { countyId: sql`o.county_id`, path: sql`o.path`, id: sql`o.id` });
  return rows<{ orgId: number; orgName: string; quota: number; used: number }>(db, sql`
    select q.org_id as "orgId", o.name as "orgName", q.quota,
      (select count(*)::int from training_enrollments e where e.class_id = q.class_id and e.quota_org_id = q.org_id and e.status <> 'withdrawn') as used
    from training_quotas q join orgs o on o.id = q.org_id where q.class_id = ${c.id} and ${scope} order by o.path`);
}

// ---------------------------------------------------------------- enrollment

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
    // substitution: the person replaced is withdrawn in the same transaction, freeing the place
    if (input.substituteFor) {
      const [old] = await tx.select().from(trainingEnrollments).where(and(eq(trainingEnrollments.id, input.substituteFor), eq(trainingEnrollments.classId, classId), eq(trainingEnrollments.quotaOrgId, quotaOrg.id), ne(trainingEnrollments.status, 'withdrawn')));
      if (!old) throw errors.field('substituteFor', '被替换的学员不存在');
      if (!input.reason?.trim()) throw errors.field('reason', '替换学员须填写原因');
      await tx.update(trainingEnrollments).set({ status: 'withdrawn', reason: `由他人替换：${input.reason}` }).where(eq(trainingEnrollments.id, old.id));
    }
    // the count and the insert in one statement, so that two admins nominating at once cannot exceed the quota
    const [{ used = 0 } = {}] = await rows<{ used: number }>(tx, sql`select count(*)::int as used from training_enrollments
      where class_id = ${classId} and quota_org_id = ${quotaOrg.id} and status <> 'withdrawn'`);
    if (used >= q.quota) throw errors.field('quotaOrgId', `${quotaOrg.name}的名额（${q.quota} 人）已用完`);
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

async function enrollmentRow(db: Db, id: number) {
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

export async function findRoster(db: Db, actor: Actor, classId: number, f: { status?: string; quotaOrgId?: number } = {}) {
  const c = await classRow(db, actor, classId);
  const organiser = await getOrgRow(db, actor, c.organiserOrgId, P.trainingManage).then(() => true, () => false);
  // a nominating admin sees the trainees of the quotas in its scope; the organiser sees all
  const scope = organiser ? sql`true` : sql`e.quota_org_id in (select o.id from orgs o where ${orgScopeSql(scopeOf(actor, P.trainingNominate), { countyId: sql`o.county_id`, path: sql`o.path`, id: sql`o.id` })})`;
  const list = await rows<Record<string, unknown>>(db, sql`
    select e.id, e.member_id as "memberId", m.name, m.gender, o.name as "orgName", q.name as "quotaOrgName", e.status, e.reason,
      e.completed, e.completion_note as "completionNote", e.completed_hours::float8 as "completedHours", e.certificate_serial as "certificateSerial",
      e.confirmed_at as "confirmedAt", case when ${organiser} then e.certificate_code end as "certificateCode"
    from training_enrollments e join members m on m.id = e.member_id join orgs o on o.id = m.org_id left join orgs q on q.id = e.quota_org_id
    where e.class_id = ${classId} and ${scope} ${f.status ? sql`and e.status = ${f.status}` : sql``}
      ${f.quotaOrgId ? sql`and e.quota_org_id = ${f.quotaOrgId}` : sql``}
    order by e.status = 'withdrawn', q.path nulls first, e.id`);
  return { items: list, organiser };
}

// ---------------------------------------------------------------- courses and sessions

export async function findCourses(db: Db, actor: Actor) {
  require(actor, P.trainingRead);
  return db.select().from(trainingCourses).where(inArray(trainingCourses.countyId, countiesOf(actor, P.trainingRead).concat(-1))).orderBy(asc(trainingCourses.title));
}

async function sessionsOf(db: Db, classId: number) {
  const list = await rows<{ id: number; heldOn: string; startsAt: string; endsAt: string; studyHours: number; courseId: number; title: string; teacher: string; checkedIn: number }>(db, sql`
    select s.id, s.held_on as "heldOn", s.starts_at as "startsAt", s.ends_at as "endsAt", s.study_hours::float8 as "studyHours",
      s.course_id as "courseId", c.title, c.teacher, (select count(*)::int from training_checkins k where k.session_id = s.id) as "checkedIn"
    from training_sessions s join training_courses c on c.id = s.course_id where s.class_id = ${classId} order by s.held_on, s.starts_at`);
  return list;
}

export async function addSession(db: Db, actor: Actor, classId: number, input: {
  courseId?: number | null; title?: string | null; teacher?: string | null; heldOn: string; startsAt: string; endsAt: string; studyHours: number;
}) {
  const c = await classRow(db, actor, classId, P.trainingManage);
  if (input.heldOn < c.startsOn || input.heldOn > c.endsOn) throw errors.field('heldOn', `课程日期须在培训班日期（${c.startsOn} 至 ${c.endsOn}）之内`);
  if (input.endsAt <= input.startsAt) throw errors.field('endsAt', '结束时间须晚于开始时间');
  return inTx(db, async (tx) => {
    let courseId = input.courseId ?? null;
    if (courseId) {
      const [k] = await tx.select().from(trainingCourses).where(and(eq(trainingCourses.id, courseId), eq(trainingCourses.countyId, c.countyId)));
      if (!k) throw errors.field('courseId', '课程不存在');
    } else {
      if (!input.title?.trim()) throw errors.field('title', '请选择课程或填写课程名称');
      if (!input.teacher?.trim()) throw errors.field('teacher', '请填写授课教师');
      const [k] = await tx.insert(trainingCourses).values({ countyId: c.countyId, title: input.title.trim(), teacher: input.teacher.trim() }).returning();
      courseId = k!.id;
    }
    const [s] = await tx.insert(trainingSessions).values({ classId, courseId, heldOn: input.heldOn, startsAt: input.startsAt, endsAt: input.endsAt,
      studyHours: String(input.studyHours), secret: crypto.randomBytes(24).toString('base64url') }).returning();
    await audit(tx, actor, { action: 'add_session', entity: 'training_class', entityId: classId, orgId: c.organiserOrgId, after: { ...s, secret: undefined } });
    return { ...s!, secret: undefined };
  });
}

// ---------------------------------------------------------------- check-in

async function sessionWithClass(db: Db, sessionId: number) {
  const [r] = await db.select({ s: trainingSessions, c: trainingClasses }).from(trainingSessions)
    .innerJoin(trainingClasses, eq(trainingClasses.id, trainingSessions.classId)).where(eq(trainingSessions.id, sessionId));
  return r;
}

/** The token the organiser's screen shows now (it changes every 30 seconds). */
export async function currentToken(db: Db, actor: Actor, sessionId: number) {
  const r = await sessionWithClass(db, sessionId);
  if (!r) throw errors.notFound('课程');
  await classRow(db, actor, r.c.id, P.trainingManage);
  const t = checkinToken(r.s.secret, r.s.id, Date.now());
  const [{ n = 0 } = {}] = await rows<{ n: number }>(db, sql`select count(*)::int as n from training_checkins where session_id = ${sessionId}`);
  const [{ e = 0 } = {}] = await rows<{ e: number }>(db, sql`select count(*)::int as e from training_enrollments where class_id = ${r.c.id} and status = 'confirmed'`);
  return { ...t, sessionId, checkedIn: n, expected: e, window: checkinWindow(r.s, localNow(), r.c.lateMinutes) };
}

/** The trainee, logged in on a phone, checks in with the scanned token. Checking in twice returns the first check-in. */
export async function checkIn(db: Db, actor: Actor, input: { token: string }, nowMs = Date.now()) {
  if (!actor.memberId) throw errors.forbidden('只有学员本人可以扫码签到');
  const scan = await readScan(db, input.token, nowMs);
  if ('refused' in scan) throw errors.field('token', scan.refused);
  const { r, w } = scan;
  if (w.open) {
    const k = await insertScan(db, r, w.late, sql`select ${actor.userId}::int as id, ${actor.memberId}::int as member_id`);
    if (k) return scanned(r, k, false);
  }
  // not inserted: checked in already (a second scan or a double tap), not on the class, or outside the window
  const [e] = await rows<{ status: string; id: number | null; checkedAt: string | null; isLate: boolean | null }>(db, sql`
    select e.status, k.id, k.checked_at as "checkedAt", k.is_late as "isLate" from training_enrollments e
      left join training_checkins k on k.session_id = ${r.id} and k.enrollment_id = e.id
    where e.class_id = ${r.classId} and e.member_id = ${actor.memberId}`);
  if (!e || e.status !== 'confirmed') throw errors.field('token', `您不是「${r.className}」的学员，不能签到`);
  if (e.id) return scanned(r, { id: e.id, checkedAt: e.checkedAt!, isLate: !!e.isLate }, true);
  throw errors.field('token', `不在签到时间内（${r.heldOn} ${r.startsAt}–${r.endsAt}，开课前 30 分钟开始签到）`);
}

/**
 * The first valid scan of a logged-in trainee as one statement: the login session (live, not idle, seen within the
 * minute so no touch is due, CSRF token matching, user active and not due a password change), the enrollment and the
 * check-in together. Null whenever that does not record a check-in; the caller then takes the ordinary path
 * (`checkIn` after the usual session checks), which gives the precise answer.
 */
export async function checkInFast(db: Db, auth: { sessionId: string; csrf: string; idleMinutes: number }, input: { token: string }, nowMs = Date.now()) {
  if (!auth.csrf) return null;
  const scan = await readScan(db, input.token, nowMs);
  if ('refused' in scan || !scan.w.open) return null;
  // the same INSERT … SELECT as insertScan, with the login proven inside it, as a function whose plan is kept (migration 0021)
  const [k] = await rows<{ id: number; checkedAt: string; isLate: boolean }>(db, sql`select out_id as id, out_checked_at as "checkedAt", out_is_late as "isLate"
    from checkin_scan(${scan.r.id}::int, ${scan.r.classId}::int, ${scan.w.late}, ${auth.sessionId}, ${auth.csrf}, ${auth.idleMinutes}::int)`);
  return k ? scanned(scan.r, k, false) : null;
}

/**
 * A scanned token read and checked: the session's check-in facts and whether its window is open, or why it is refused.
 * A whole class scans within a minute: the session (immutable: no route edits it) comes from a short-lived cache.
 */
async function readScan(db: Db, token: string, nowMs: number) {
  const invalid = { refused: '签到码无效，请重新扫描屏幕上的二维码' };
  const t = parseToken(token);
  if (!t) return invalid;
  const r = await sessionForCheckin(db, t.sessionId);
  if (!r) return invalid;
  const v = verifyToken(r.secret, t, nowMs);
  if (v === 'forged') return invalid;
  if (v === 'expired') return { refused: '签到码已过期（每 30 秒更新），请扫描屏幕上的最新二维码' };
  return { r, w: checkinWindow(r, localNow(nowMs), r.lateMinutes) };
}

/** The scan's one INSERT … SELECT: a check-in when `me` (one row: user id, member id) is a confirmed trainee of the class. */
async function insertScan(db: Db, r: CheckinSession, late: boolean, me: SQL) {
  const [k] = await rows<{ id: number; checkedAt: string; isLate: boolean }>(db, sql`
    with me as (${me})
    insert into training_checkins (session_id, enrollment_id, is_late, method, recorded_by)
    select ${r.id}, e.id, ${late}, 'scan', me.id from me join training_enrollments e on e.member_id = me.member_id
    where e.class_id = ${r.classId} and e.status = 'confirmed'
    on conflict do nothing returning id, checked_at as "checkedAt", is_late as "isLate"`);
  return k;
}

const scanned = (r: CheckinSession, k: { id: number; checkedAt: string | Date; isLate: boolean }, repeated: boolean) =>
  ({ id: k.id, checkedAt: k.checkedAt, isLate: k.isLate, repeated, className: r.className, sessionId: r.id });

type CheckinSession = { id: number; classId: number; secret: string; heldOn: string; startsAt: string; endsAt: string; className: string; lateMinutes: number };
const sessionCache = new Map<number, { at: number; s: CheckinSession }>();
/** How long a session's check-in facts are reused: the class's late threshold or name may be edited meanwhile. */
const SESSION_CACHE_MS = 30_000;

async function sessionForCheckin(db: Db, id: number): Promise<CheckinSession | null> {
  const hit = sessionCache.get(id);
  if (hit && Date.now() - hit.at < SESSION_CACHE_MS) return hit.s;
  const [s] = await rows<CheckinSession>(db, sql`
    select s.id, s.class_id as "classId", s.secret, s.held_on as "heldOn", s.starts_at as "startsAt", s.ends_at as "endsAt",
      c.name as "className", c.late_minutes as "lateMinutes"
    from training_sessions s join training_classes c on c.id = s.class_id where s.id = ${id}`);
  if (!s) return null;
  if (sessionCache.size > 10_000) sessionCache.clear();
  sessionCache.set(id, { at: Date.now(), s });
  return s;
}

/** The organiser checks a trainee in by hand (e.g. a phone without battery), with a reason; audited. */
export async function manualCheckIn(db: Db, actor: Actor, sessionId: number, input: { enrollmentId: number; reason: string; late?: boolean }) {
  const r = await sessionWithClass(db, sessionId);
  if (!r) throw errors.notFound('课程');
  await classRow(db, actor, r.c.id, P.trainingManage);
  const e = await enrollmentRow(db, input.enrollmentId);
  if (e.classId !== r.c.id || e.status !== 'confirmed') throw errors.field('enrollmentId', '该学员不在本培训班名单中');
  if (r.s.heldOn > today()) throw errors.badRequest('课程尚未开始，不能补签');
  return inTx(db, async (tx) => {
    const [k] = await tx.insert(trainingCheckins).values({ sessionId, enrollmentId: e.id, isLate: input.late ?? false, method: 'manual', reason: input.reason, recordedBy: actor.userId })
      .onConflictDoNothing().returning();
    if (!k) throw errors.badRequest('该学员本节课已签到');
    await audit(tx, actor, { action: 'manual_checkin', entity: 'training_enrollment', entityId: e.id, orgId: r.c.organiserOrgId, after: { sessionId, reason: input.reason } });
    return k;
  });
}

/** Attendance of one session: every confirmed trainee with check-in, leave or absence. */
export async function sessionAttendance(db: Db, actor: Actor, sessionId: number) {
  const r = await sessionWithClass(db, sessionId);
  if (!r) throw errors.notFound('课程');
  await classRow(db, actor, r.c.id, P.trainingManage);
  return rows<Record<string, unknown>>(db, sql`
    select e.id as "enrollmentId", m.name, o.name as "orgName", k.checked_at as "checkedAt", k.is_late as "isLate", k.method, k.reason,
      exists (select 1 from training_leaves l where l.enrollment_id = e.id and l.status = 'approved' and l.session_ids @> ${JSON.stringify([sessionId])}::jsonb) as "onLeave"
    from training_enrollments e join members m on m.id = e.member_id join orgs o on o.id = m.org_id
      left join training_checkins k on k.enrollment_id = e.id and k.session_id = ${sessionId}
    where e.class_id = ${r.c.id} and e.status = 'confirmed' order by k.checked_at nulls last, e.id`);
}

// ---------------------------------------------------------------- the trainee's own actions

export async function traineeOf(db: Db, actor: Actor, classId: number) {
  if (!actor.memberId) throw errors.forbidden('只有学员本人可以办理');
  const [r] = await db.select({ e: trainingEnrollments, c: trainingClasses }).from(trainingEnrollments)
    .innerJoin(trainingClasses, eq(trainingClasses.id, trainingEnrollments.classId))
    .where(and(eq(trainingEnrollments.classId, classId), eq(trainingEnrollments.memberId, actor.memberId), eq(trainingEnrollments.status, 'confirmed')));
  if (!r) throw errors.notFound('您的培训班');
  return r;
}

/** The trainee's classes, with this class's schedule and their own state for each session. */
export async function myClasses(db: Db, actor: Actor) {
  if (!actor.memberId) return [];
  const list = await rows<{ classId: number; enrollmentId: number; name: string; startsOn: string; endsOn: string; venue: string | null; completed: boolean | null; certificateCode: string | null; notice: string | null }>(db, sql`
    select c.id as "classId", e.id as "enrollmentId", c.name, c.starts_on as "startsOn", c.ends_on as "endsOn", c.venue, e.completed,
      e.certificate_code as "certificateCode", c.notice
    from training_enrollments e join training_classes c on c.id = e.class_id
    where e.member_id = ${actor.memberId} and e.status = 'confirmed' order by c.starts_on desc`);
  const t = today();
  return list.map((c) => ({ ...c, phase: phaseOf(c, t) }));
}

export async function myClass(db: Db, actor: Actor, classId: number) {
  const { e, c } = await traineeOf(db, actor, classId);
  const sessions = await rows<Record<string, unknown>>(db, sql`
    select s.id, s.held_on as "heldOn", s.starts_at as "startsAt", s.ends_at as "endsAt", s.study_hours::float8 as "studyHours", s.course_id as "courseId",
      k.title, k.teacher, ck.checked_at as "checkedAt", ck.is_late as "isLate",
      (select l.status from training_leaves l where l.enrollment_id = ${e.id} and l.session_ids @> jsonb_build_array(s.id) order by l.id desc limit 1) as "leave"
    from training_sessions s join training_courses k on k.id = s.course_id
      left join training_checkins ck on ck.session_id = s.id and ck.enrollment_id = ${e.id}
    where s.class_id = ${classId} order by s.held_on, s.starts_at`);
  const [evaluated] = await db.select().from(trainingEvaluationReceipts).where(and(eq(trainingEvaluationReceipts.classId, classId), eq(trainingEvaluationReceipts.memberId, actor.memberId!)));
  const [reflection] = await db.select({ id: trainingReflections.id, status: trainingReflections.status, reviewNote: trainingReflections.reviewNote, submittedAt: trainingReflections.submittedAt })
    .from(trainingReflections).where(eq(trainingReflections.enrollmentId, e.id)).orderBy(desc(trainingReflections.id)).limit(1);
  const attempts = await db.select({ id: trainingAttempts.id, score: trainingAttempts.score, passed: trainingAttempts.passed, submittedAt: trainingAttempts.submittedAt, deadline: trainingAttempts.deadline })
    .from(trainingAttempts).where(eq(trainingAttempts.enrollmentId, e.id)).orderBy(asc(trainingAttempts.id));
  const [paper] = await db.select({ id: trainingPapers.id }).from(trainingPapers).where(eq(trainingPapers.classId, classId));
  return {
    classId, enrollmentId: e.id, name: c.name, startsOn: c.startsOn, endsOn: c.endsOn, venue: c.venue, notice: c.notice, phase: phaseOf(c, today()),
    sessions, evaluated: !!evaluated, reflection: reflection ?? null, attempts, hasTest: !!paper, testAttempts: c.testAttempts, testMinutes: c.testMinutes,
    passMark: c.passMark, completed: e.completed, completionNote: e.completionNote, completedHours: e.completedHours === null ? null : Number(e.completedHours),
    certificateCode: e.certificateCode,
  };
}

export async function requestLeave(db: Db, actor: Actor, classId: number, input: { sessionIds: number[]; reason: string }) {
  const { e, c } = await traineeOf(db, actor, classId);
  const own = await db.select({ id: trainingSessions.id, heldOn: trainingSessions.heldOn }).from(trainingSessions)
    .where(and(eq(trainingSessions.classId, classId), inArray(trainingSessions.id, input.sessionIds.concat(-1))));
  if (own.length !== new Set(input.sessionIds).size) throw errors.field('sessionIds', '请假的课程不属于本培训班');
  const checked = await db.select({ s: trainingCheckins.sessionId }).from(trainingCheckins)
    .where(and(eq(trainingCheckins.enrollmentId, e.id), inArray(trainingCheckins.sessionId, input.sessionIds)));
  if (checked.length) throw errors.field('sessionIds', '已签到的课程不能请假');
  return inTx(db, async (tx) => {
    const [l] = await tx.insert(trainingLeaves).values({ enrollmentId: e.id, sessionIds: [...new Set(input.sessionIds)], reason: input.reason }).returning();
    await audit(tx, actor, { action: 'request_leave', entity: 'training_enrollment', entityId: e.id, orgId: c.organiserOrgId, after: l });
    return l!;
  });
}

export async function findLeaves(db: Db, actor: Actor, classId: number) {
  await classRow(db, actor, classId, P.trainingManage);
  return rows<Record<string, unknown>>(db, sql`
    select l.id, l.enrollment_id as "enrollmentId", m.name, l.session_ids as "sessionIds", l.reason, l.status, l.decision_note as "decisionNote",
      l.created_at as "createdAt",
      (select coalesce(sum(s.study_hours), 0)::float8 from training_sessions s where l.session_ids @> jsonb_build_array(s.id)) as hours
    from training_leaves l join training_enrollments e on e.id = l.enrollment_id join members m on m.id = e.member_id
    where e.class_id = ${classId} order by l.status <> 'pending', l.id desc`);
}

export async function decideLeave(db: Db, actor: Actor, leaveId: number, input: { approve: boolean; note?: string | null }) {
  const [l] = await db.select({ l: trainingLeaves, classId: trainingEnrollments.classId }).from(trainingLeaves)
    .innerJoin(trainingEnrollments, eq(trainingEnrollments.id, trainingLeaves.enrollmentId)).where(eq(trainingLeaves.id, leaveId));
  if (!l) throw errors.notFound('请假申请');
  const c = await classRow(db, actor, l.classId, P.trainingManage);
  if (l.l.status !== 'pending') throw errors.badRequest('该请假申请已审批');
  if (!input.approve && !input.note?.trim()) throw errors.field('note', '不批准时须填写理由');
  return inTx(db, async (tx) => {
    const [d] = await tx.update(trainingLeaves).set({ status: input.approve ? 'approved' : 'rejected', decidedBy: actor.userId, decidedAt: new Date(), decisionNote: input.note ?? null })
      .where(and(eq(trainingLeaves.id, leaveId), eq(trainingLeaves.status, 'pending'))).returning();
    if (!d) throw errors.conflict('该请假申请已被他人审批');
    await audit(tx, actor, { action: input.approve ? 'approve_leave' : 'reject_leave', entity: 'training_enrollment', entityId: l.l.enrollmentId, orgId: c.organiserOrgId, after: d });
    return d;
  });
}

/**
 * Anonymous evaluation: the receipt (who has answered) and the answer (what was answered) are written in one
 * transaction, but nothing joins them — the answer has a random id and the day only.
 */
export async function submitEvaluation(db: Db, actor: Actor, classId: number, input: { overall: number; courseScores: { courseId: number; score: number }[]; comment?: string | null }) {
  const { c } = await traineeOf(db, actor, classId);
  if (today() < c.startsOn) throw errors.badRequest('培训班开班后才能评估');
  const courseIds = (await db.select({ id: trainingSessions.courseId }).from(trainingSessions).where(eq(trainingSessions.classId, classId))).map((x) => x.id);
  const bad = input.courseScores.find((s) => !courseIds.includes(s.courseId));
  if (bad) throw errors.field('courseScores', `课程（编号 ${bad.courseId}）不属于本培训班`);
  return inTx(db, async (tx) => {
    const [receipt] = await tx.insert(trainingEvaluationReceipts).values({ classId, memberId: actor.memberId! }).onConflictDoNothing().returning();
    if (!receipt) throw errors.badRequest('您已提交过本培训班的评估，每人只能提交一次');
    await tx.insert(trainingEvaluations).values({ classId, overall: input.overall, courseScores: input.courseScores, comment: input.comment?.trim() || null, submittedOn: today() });
    return { submitted: true };
  });
}

export async function evaluationResults(db: Db, actor: Actor, classId: number) {
  await classRow(db, actor, classId, P.trainingRead);
  const [[o], courses, comments, [{ n: expected = 0 } = { n: 0 }]] = await Promise.all([
    rows<{ answers: number; overall: number | null }>(db, sql`select count(*)::int as answers, avg(overall)::float8 as overall from training_evaluations where class_id = ${classId}`),
    rows<{ courseId: number; title: string; teacher: string; answers: number; score: number }>(db, sql`
      select k.id as "courseId", k.title, k.teacher, count(*)::int as answers, avg((x->>'score')::int)::float8 as score
      from training_evaluations v cross join jsonb_array_elements(v.course_scores) x join training_courses k on k.id = (x->>'courseId')::int
      where v.class_id = ${classId} group by k.id order by score desc`),
    rows<{ comment: string }>(db, sql`select comment from training_evaluations where class_id = ${classId} and comment is not null order by md5(id::text) limit 200`),
    rows<{ n: number }>(db, sql`select count(*)::int as n from training_enrollments where class_id = ${classId} and status = 'confirmed'`),
  ]);
  // by teacher, across the class's courses
  const byTeacher = new Map<string, { teacher: string; sum: number; answers: number }>();
  for (const k of courses) {
    const t = byTeacher.get(k.teacher) ?? { teacher: k.teacher, sum: 0, answers: 0 };
    t.sum += k.score * k.answers; t.answers += k.answers;
    byTeacher.set(k.teacher, t);
  }
  return {
    answers: o!.answers, expected, overall: o!.overall, satisfaction: o!.overall === null ? null : (o!.overall - 1) / 4, courses,
    teachers: [...byTeacher.values()].map((t) => ({ teacher: t.teacher, score: t.sum / t.answers, answers: t.answers })),
    comments: comments.map((c) => c.comment),
  };
}

export async function submitReflection(db: Db, actor: Actor, classId: number, input: { text: string; file?: { name: string; content: Buffer } | null }) {
  const { e, c } = await traineeOf(db, actor, classId);
  const kind = input.file ? checkEvidence(input.file.content) : null;
  return inTx(db, async (tx) => {
    const stored = input.file && kind ? await storeFile(tx, input.file.content, kind.type) : null;
    const [r] = await tx.insert(trainingReflections).values({ enrollmentId: e.id, text: input.text, fileId: stored?.fileId ?? null, fileName: input.file?.name.slice(0, 200) ?? null }).returning();
    await audit(tx, actor, { action: 'submit_reflection', entity: 'training_enrollment', entityId: e.id, orgId: c.organiserOrgId, after: { id: r!.id, length: input.text.length, file: input.file?.name } });
    return { id: r!.id, status: r!.status };
  });
}

export async function findReflections(db: Db, actor: Actor, classId: number) {
  await classRow(db, actor, classId, P.trainingManage);
  return rows<Record<string, unknown>>(db, sql`
    select distinct on (r.enrollment_id) r.id, r.enrollment_id as "enrollmentId", m.name, r.text, r.file_id as "fileId", r.file_name as "fileName", r.status,
      r.review_note as "reviewNote", r.submitted_at as "submittedAt"
    from training_reflections r join training_enrollments e on e.id = r.enrollment_id join members m on m.id = e.member_id
    where e.class_id = ${classId} order by r.enrollment_id, r.id desc`);
}

/** A reflection's attachment, for the organiser. */
export async function reflectionFile(db: Db, actor: Actor, id: number) {
  const [r] = await rows<{ classId: number; fileId: number | null; fileName: string | null }>(db, sql`select e.class_id as "classId", r.file_id as "fileId", r.file_name as "fileName"
    from training_reflections r join training_enrollments e on e.id = r.enrollment_id where r.id = ${id}`);
  if (!r?.fileId) throw errors.notFound('附件');
  await classRow(db, actor, r.classId, P.trainingManage);
  const [f] = await rows<{ content: Buffer; contentType: string }>(db, sql`select content, content_type as "contentType" from stored_files where id = ${r.fileId}`);
  return { ...f!, fileName: r.fileName ?? 'file' };
}

export async function reviewReflection(db: Db, actor: Actor, id: number, input: { accept: boolean; note?: string | null }) {
  const [r] = await db.select({ r: trainingReflections, classId: trainingEnrollments.classId }).from(trainingReflections)
    .innerJoin(trainingEnrollments, eq(trainingEnrollments.id, trainingReflections.enrollmentId)).where(eq(trainingReflections.id, id));
  if (!r) throw errors.notFound('学习心得');
  const c = await classRow(db, actor, r.classId, P.trainingManage);
  if (!input.accept && !input.note?.trim()) throw errors.field('note', '退回时须写明意见');
  return inTx(db, async (tx) => {
    const [d] = await tx.update(trainingReflections).set({ status: input.accept ? 'accepted' : 'returned', reviewNote: input.note ?? null, reviewedBy: actor.userId }).where(eq(trainingReflections.id, id)).returning();
    await audit(tx, actor, { action: input.accept ? 'accept_reflection' : 'return_reflection', entity: 'training_enrollment', entityId: r.r.enrollmentId, orgId: c.organiserOrgId, after: { status: d!.status, note: input.note } });
    return { id, status: d!.status };
  });
}

// ---------------------------------------------------------------- question bank and test

export type QuestionInput = { kind: 'single' | 'multiple' | 'judge'; stem: string; options: string[]; answer: number[]; topic?: string | null };

/** A question's options and answer must agree with its kind; the message names what is wrong. */
export function checkQuestion(q: QuestionInput): string | null {
  if (q.stem.trim().length < 4) return '题干至少 4 个字';
  if (q.kind === 'judge') return q.answer.length === 1 && (q.answer[0] === 0 || q.answer[0] === 1) ? null : '判断题答案须为“对”或“错”';
  if (q.options.length < 2) return '选择题至少两个选项';
  if (q.answer.some((a) => a < 0 || a >= q.options.length)) return '答案不在选项之中';
  if (q.kind === 'single' && q.answer.length !== 1) return '单选题只能有一个答案';
  if (q.kind === 'multiple' && q.answer.length < 2) return '多选题至少两个答案';
  return null;
}

export async function insertQuestions(db: Db, actor: Actor, list: QuestionInput[]) {
  require(actor, P.trainingManage);
  return inTx(db, async (tx) => {
    const made = await tx.insert(trainingQuestions).values(list.map((q) => ({ ...q, options: q.kind === 'judge' ? ['对', '错'] : q.options, countyId: actor.countyId }))).returning({ id: trainingQuestions.id });
    await audit(tx, actor, { action: 'import', entity: 'training_question', after: { count: made.length } });
    return { imported: made.length };
  });
}

export async function findQuestions(db: Db, actor: Actor, f: { kind?: string; keyword?: string; page: number; pageSize: number }) {
  require(actor, P.trainingManage);
  const where = and(inArray(trainingQuestions.countyId, countiesOf(actor, P.trainingManage).concat(-1)),
    f.kind ? eq(trainingQuestions.kind, f.kind as 'single') : undefined,
    f.keyword ? sql`${trainingQuestions.stem} like ${contains(f.keyword)}` : undefined);
  const [items, [t]] = await Promise.all([
    db.select().from(trainingQuestions).where(where).orderBy(desc(trainingQuestions.id)).limit(f.pageSize).offset(offset(f)),
    db.select({ n: sql<number>`count(*)::int` }).from(trainingQuestions).where(where),
  ]);
  return { items, total: t!.n };
}

/** A class's paper: given question ids, or drawn at random by kind. Replacing it is refused once someone has started. */
export async function setPaper(db: Db, actor: Actor, classId: number, input: { questionIds?: number[] | null; draw?: { single: number; multiple: number; judge: number } | null; pointsEach: number }) {
  const c = await classRow(db, actor, classId, P.trainingManage);
  let ids = input.questionIds ?? [];
  if (!ids.length && input.draw) {
    for (const kind of ['single', 'multiple', 'judge'] as const) {
      const n = input.draw[kind];
      if (!n) continue;
      const got = await rows<{ id: number }>(db, sql`select id from training_questions where county_id = ${c.countyId} and kind = ${kind} order by random() limit ${n}`);
      if (got.length < n) throw errors.field('draw', `题库中${({ single: '单选', multiple: '多选', judge: '判断' })[kind]}题只有 ${got.length} 道，不够抽取 ${n} 道`);
      ids.push(...got.map((g) => g.id));
    }
  }
  ids = [...new Set(ids)];
  if (!ids.length) throw errors.field('questionIds', '试卷至少一道题');
  const found = await db.select({ id: trainingQuestions.id }).from(trainingQuestions).where(and(inArray(trainingQuestions.id, ids), eq(trainingQuestions.countyId, c.countyId)));
  if (found.length !== ids.length) throw errors.field('questionIds', '试题不存在');
  const [started] = await rows<{ n: number }>(db, sql`select count(*)::int as n from training_attempts a join training_papers p on p.id = a.paper_id where p.class_id = ${classId}`);
  if (started!.n > 0) throw errors.badRequest('已有学员开始答题，不能更换试卷');
  return inTx(db, async (tx) => {
    await tx.delete(trainingPapers).where(eq(trainingPapers.classId, classId));
    const [p] = await tx.insert(trainingPapers).values({ classId, questionIds: ids, pointsEach: input.pointsEach }).returning();
    await audit(tx, actor, { action: 'set_paper', entity: 'training_class', entityId: classId, orgId: c.organiserOrgId, after: { questions: ids.length, pointsEach: input.pointsEach } });
    return { id: p!.id, questions: ids.length, fullMarks: ids.length * input.pointsEach };
  });
}

/** Start (or resume) an attempt: the questions without their answers, and the deadline. */
export async function startAttempt(db: Db, actor: Actor, classId: number) {
  const { e, c } = await traineeOf(db, actor, classId);
  const [p] = await db.select().from(trainingPapers).where(eq(trainingPapers.classId, classId));
  if (!p) throw errors.badRequest('本培训班没有结业测试');
  const attempts = await db.select().from(trainingAttempts).where(eq(trainingAttempts.enrollmentId, e.id)).orderBy(asc(trainingAttempts.id));
  let a = attempts.find((x) => !x.submittedAt && x.deadline.getTime() > Date.now());
  if (!a) {
    if (attempts.some((x) => x.passed)) throw errors.badRequest('您已通过结业测试');
    if (attempts.length >= c.testAttempts) throw errors.badRequest(`结业测试最多参加 ${c.testAttempts} 次（含补考 ${c.testAttempts - 1} 次）`);
    [a] = await db.insert(trainingAttempts).values({ enrollmentId: e.id, paperId: p.id, deadline: new Date(Date.now() + c.testMinutes * 60_000) }).returning();
  }
  const qs = await db.select({ id: trainingQuestions.id, kind: trainingQuestions.kind, stem: trainingQuestions.stem, options: trainingQuestions.options })
    .from(trainingQuestions).where(inArray(trainingQuestions.id, p.questionIds));
  const order = new Map(p.questionIds.map((id, i) => [id, i]));
  return { attemptId: a!.id, deadline: a!.deadline, pointsEach: p.pointsEach, passMark: c.passMark, questions: qs.sort((x, y) => order.get(x.id)! - order.get(y.id)!) };
}

/** Grace for the network after the time limit; later submissions are refused and the attempt scores nothing. */
const SUBMIT_GRACE_MS = 30_000;

export async function submitAttempt(db: Db, actor: Actor, attemptId: number, input: { answers: Record<string, number[]> }, nowMs = Date.now()) {
  if (!actor.memberId) throw errors.forbidden();
  const [r] = await db.select({ a: trainingAttempts, e: trainingEnrollments, p: trainingPapers, c: trainingClasses }).from(trainingAttempts)
    .innerJoin(trainingEnrollments, eq(trainingEnrollments.id, trainingAttempts.enrollmentId))
    .innerJoin(trainingPapers, eq(trainingPapers.id, trainingAttempts.paperId))
    .innerJoin(trainingClasses, eq(trainingClasses.id, trainingEnrollments.classId)).where(eq(trainingAttempts.id, attemptId));
  if (!r || r.e.memberId !== actor.memberId) throw errors.notFound('答卷');
  if (r.a.submittedAt) throw errors.badRequest('本次答卷已提交');
  if (nowMs > r.a.deadline.getTime() + SUBMIT_GRACE_MS) throw errors.badRequest('已超过答题时限，答卷未被接受；如有补考机会可重新开始');
  const qs = await db.select({ id: trainingQuestions.id, answer: trainingQuestions.answer }).from(trainingQuestions).where(inArray(trainingQuestions.id, r.p.questionIds));
  const unknown = Object.keys(input.answers).find((k) => !r.p.questionIds.includes(Number(k)));
  if (unknown) throw errors.field('answers', `第 ${unknown} 号题不在本试卷中`);
  const g = gradeAttempt(qs, input.answers, r.p.pointsEach);
  const passed = g.score >= r.c.passMark;
  const [done] = await db.update(trainingAttempts).set({ submittedAt: new Date(nowMs), answers: input.answers, score: g.score, passed })
    .where(and(eq(trainingAttempts.id, attemptId), sql`${trainingAttempts.submittedAt} is null`)).returning();
  if (!done) throw errors.badRequest('本次答卷已提交');
  return { score: g.score, passed, passMark: r.c.passMark, fullMarks: r.p.questionIds.length * r.p.pointsEach };
}

/** Results per trainee (best attempt) and item analysis: share of right answers per question. */
export async function testResults(db: Db, actor: Actor, classId: number) {
  await classRow(db, actor, classId, P.trainingManage);
  const [p] = await db.select().from(trainingPapers).where(eq(trainingPapers.classId, classId));
  if (!p) return { paper: null, trainees: [], items: [] };
  const attempts = await rows<{ enrollmentId: number; name: string; score: number | null; passed: boolean | null; answers: Record<string, number[]> | null; tries: number }>(db, sql`
    select distinct on (e.id) e.id as "enrollmentId", m.name, a.score, a.passed, a.answers,
      (select count(*)::int from training_attempts x where x.enrollment_id = e.id) as tries
    from training_enrollments e join members m on m.id = e.member_id join training_attempts a on a.enrollment_id = e.id and a.submitted_at is not null
    where e.class_id = ${classId} order by e.id, a.score desc nulls last`);
  const qs = await db.select().from(trainingQuestions).where(inArray(trainingQuestions.id, p.questionIds));
  const items = qs.map((q) => {
    const answered = attempts.filter((a) => a.answers && a.answers[String(q.id)]);
    const right = attempts.filter((a) => gradeAttempt([q], a.answers ?? {}, 1).score === 1).length;
    return { id: q.id, kind: q.kind, stem: q.stem, answered: answered.length, rightRate: attempts.length ? right / attempts.length : null };
  }).sort((a, b) => (a.rightRate ?? 1) - (b.rightRate ?? 1));
  const scores = attempts.map((a) => a.score ?? 0);
  return {
    paper: { questions: p.questionIds.length, fullMarks: p.questionIds.length * p.pointsEach },
    trainees: attempts.map(({ answers: _a, ...x }) => x),
    average: scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null,
    passRate: attempts.length ? attempts.filter((a) => a.passed).length / attempts.length : null,
    items,
  };
}

// ---------------------------------------------------------------- completion and certificates

/** Each confirmed trainee's hours, leave, absence, test and reflection, with the completion the rules give. */
export async function completionOf(db: Db, actor: Actor, classId: number) {
  const c = await classRow(db, actor, classId, P.trainingManage);
  const sessions = await db.select({ id: trainingSessions.id, heldOn: trainingSessions.heldOn, hours: trainingSessions.studyHours }).from(trainingSessions).where(eq(trainingSessions.classId, classId));
  const t = today();
  const past = sessions.filter((s) => s.heldOn <= t);
  const totalHours = sessions.reduce((a, s) => a + num(s.hours), 0);
  const list = await rows<{ enrollmentId: number; name: string; orgName: string; checked: number[]; leaveSessions: number[]; passed: boolean; reflection: boolean; completed: boolean | null; confirmedAt: string | null; certificateSerial: string | null }>(db, sql`
    select e.id as "enrollmentId", m.name, o.name as "orgName",
      coalesce((select jsonb_agg(k.session_id) from training_checkins k where k.enrollment_id = e.id), '[]') as checked,
      coalesce((select jsonb_agg(distinct x::int) from training_leaves l cross join jsonb_array_elements(l.session_ids) x where l.enrollment_id = e.id and l.status = 'approved'), '[]') as "leaveSessions",
      exists (select 1 from training_attempts a where a.enrollment_id = e.id and a.passed) as passed,
      exists (select 1 from training_reflections r where r.enrollment_id = e.id and r.status <> 'returned') as reflection,
      e.completed, e.confirmed_at as "confirmedAt", e.certificate_serial as "certificateSerial"
    from training_enrollments e join members m on m.id = e.member_id join orgs o on o.id = m.org_id
    where e.class_id = ${classId} and e.status = 'confirmed' order by e.id`);
  const [paper] = await db.select({ id: trainingPapers.id }).from(trainingPapers).where(eq(trainingPapers.classId, classId));
  const hoursOf = (ids: number[]) => past.filter((s) => ids.includes(s.id)).reduce((a, s) => a + num(s.hours), 0);
  return {
    classId, totalHours, sessionsHeld: past.length, sessionsTotal: sessions.length, finished: t >= c.endsOn,
    items: list.map((x) => {
      const attended = hoursOf(x.checked);
      const leave = hoursOf(x.leaveSessions.filter((s) => !x.checked.includes(s)));
      const absent = past.filter((s) => !x.checked.includes(s.id) && !x.leaveSessions.includes(s.id)).reduce((a, s) => a + num(s.hours), 0);
      const r = completion({ totalHours, attendedHours: attended, leaveHours: leave, absentHours: absent, leaveLimit: Number(c.leaveLimit),
        testRequired: !!paper, testPassed: x.passed, reflectionRequired: c.requireReflection, reflectionSubmitted: x.reflection });
      return { ...x, attendedHours: attended, leaveHours: leave, absentHours: absent, proposed: r.completed, reasons: r.reasons };
    }),
  };
}

/** The organiser confirms completion after the class: the rules' result is recorded with hours and a certificate for those who completed. */
export async function confirmCompletion(db: Db, actor: Actor, classId: number, input: { enrollmentIds: number[] }) {
  const c = await classRow(db, actor, classId, P.trainingManage);
  const state = await completionOf(db, actor, classId);
  if (!state.finished) throw errors.badRequest(`培训班 ${c.endsOn} 结束后才能确认结业`);
  const chosen = state.items.filter((x) => input.enrollmentIds.includes(x.enrollmentId) && !x.confirmedAt);
  if (!chosen.length) throw errors.field('enrollmentIds', '请选择尚未确认的学员');
  const [county] = await db.select({ code: counties.regionCode }).from(counties).where(eq(counties.id, c.countyId));
  return inTx(db, async (tx) => {
    const [{ n = 0 } = {}] = await rows<{ n: number }>(tx, sql`select count(*)::int as n from training_enrollments where class_id = ${classId} and certificate_serial is not null`);
    let seq = n;
    for (const x of chosen) {
      const serial = x.proposed ? certificateSerial(county?.code ?? '000000', Number(c.endsOn.slice(0, 4)), classId, ++seq) : null;
      await tx.update(trainingEnrollments).set({
        completed: x.proposed, completionNote: x.reasons.join('；') || null, completedHours: String(x.attendedHours),
        confirmedBy: actor.userId, confirmedAt: new Date(), certificateSerial: serial, certificateCode: serial ? crypto.randomBytes(12).toString('base64url') : null,
      }).where(eq(trainingEnrollments.id, x.enrollmentId));
    }
    await audit(tx, actor, { action: 'confirm_completion', entity: 'training_class', entityId: classId, orgId: c.organiserOrgId,
      after: chosen.map((x) => ({ enrollmentId: x.enrollmentId, completed: x.proposed, reasons: x.reasons })) });
    return { confirmed: chosen.length, completed: chosen.filter((x) => x.proposed).length };
  });
}

/** What a certificate says, for the PDF and for the public check. */
export async function certificateByCode(db: Db, code: string) {
  const [r] = await rows<{ serial: string; name: string; className: string; startsOn: string; endsOn: string; hours: number; organiser: string; county: string; confirmedAt: string }>(db, sql`
    select e.certificate_serial as serial, m.name, c.name as "className", c.starts_on as "startsOn", c.ends_on as "endsOn",
      e.completed_hours::float8 as hours, o.name as organiser, k.name as county, e.confirmed_at as "confirmedAt"
    from training_enrollments e join members m on m.id = e.member_id join training_classes c on c.id = e.class_id
      join orgs o on o.id = c.organiser_org_id join counties k on k.id = c.county_id
    where e.certificate_code = ${code} and e.completed`);
  return r ?? null;
}

/** The certificate of an enrollment: its trainee, or someone who manages the class. */
export async function certificateFor(db: Db, actor: Actor, enrollmentId: number) {
  const e = await enrollmentRow(db, enrollmentId);
  if (e.memberId !== actor.memberId) await classRow(db, actor, e.classId, P.trainingManage);
  if (!e.certificateCode) throw errors.notFound('结业证书');
  return { code: e.certificateCode, cert: (await certificateByCode(db, e.certificateCode))! };
}

// ---------------------------------------------------------------- personal record and coverage

/** A person's training record for a year: classes completed with hours, approved outside study, and the requirement. */
export async function trainingRecord(db: Db, actor: Actor, memberId: number, year: number) {
  const own = actor.memberId === memberId;
  if (!own) await getMemberRow(db, actor, memberId, P.memberRead);
  const [m] = await rows<{ name: string; orgName: string; isSecretaryOrCommittee: boolean; isCadre: boolean }>(db, sql`
    select m.name, o.name as "orgName",
      exists (select 1 from org_posts p where p.member_id = m.id and p.ended_on is null) as "isSecretaryOrCommittee",
      exists (select 1 from org_posts p join orgs x on x.id = p.org_id where p.member_id = m.id and p.ended_on is null and x.category in ('township', 'government_agency')
        and p.post in ('secretary', 'deputy_secretary')) as "isCadre"
    from members m join orgs o on o.id = m.org_id where m.id = ${memberId}`);
  if (!m) throw errors.notFound('党员');
  const { hours } = await rulesOf(db, `${year}-12-31`);
  const classes = await rows<{ classId: number; name: string; startsOn: string; endsOn: string; completed: boolean | null; hours: number | null; attendedHours: number; certificateCode: string | null; enrollmentId: number }>(db, sql`
    select c.id as "classId", e.id as "enrollmentId", c.name, c.starts_on as "startsOn", c.ends_on as "endsOn", e.completed,
      e.completed_hours::float8 as hours, e.certificate_code as "certificateCode",
      coalesce((select sum(s.study_hours) from training_checkins k join training_sessions s on s.id = k.session_id where k.enrollment_id = e.id), 0)::float8 as "attendedHours"
    from training_enrollments e join training_classes c on c.id = e.class_id
    where e.member_id = ${memberId} and e.status = 'confirmed' and extract(year from c.starts_on) = ${year} order by c.starts_on`);
  const entries = await db.select().from(trainingStudyEntries)
    .where(and(eq(trainingStudyEntries.memberId, memberId), sql`extract(year from ${trainingStudyEntries.studiedOn}) = ${year}`)).orderBy(asc(trainingStudyEntries.studiedOn));
  const classHours = classes.reduce((a, c) => a + (c.completed ? c.hours ?? 0 : 0), 0);
  const entryHours = entries.filter((e) => e.status === 'approved').reduce((a, e) => a + num(e.hours), 0);
  const required = annualRequirement(m, hours);
  const total = classHours + entryHours;
  return { memberId, name: m.name, orgName: m.orgName, year, required, classHours, entryHours, total, met: total >= required, classes, entries: entries.map((e) => ({ ...e, hours: num(e.hours) })) };
}

export async function addStudyEntry(db: Db, actor: Actor, input: { studiedOn: string; title: string; provider?: string | null; hours: number; file?: { name: string; content: Buffer } | null }) {
  if (!actor.memberId) throw errors.forbidden('只有党员本人可以登记学习');
  if (input.studiedOn > today()) throw errors.field('studiedOn', '学习日期不能晚于今天');
  const kind = input.file ? checkEvidence(input.file.content) : null;
  return inTx(db, async (tx) => {
    const stored = input.file && kind ? await storeFile(tx, input.file.content, kind.type) : null;
    const [e] = await tx.insert(trainingStudyEntries).values({ memberId: actor.memberId!, studiedOn: input.studiedOn, title: input.title, provider: input.provider ?? null,
      hours: String(input.hours), fileId: stored?.fileId ?? null, createdBy: actor.userId }).returning();
    await audit(tx, actor, { action: 'create', entity: 'training_study_entry', entityId: e!.id, orgId: actor.memberOrgId, after: e });
    return e!;
  });
}

export async function findStudyEntries(db: Db, actor: Actor, f: { status?: string; page: number; pageSize: number }) {
  require(actor, P.trainingManage);
  const scope = memberScopeSql(scopeOf(actor, P.trainingManage), { countyId: sql`o.county_id`, path: sql`o.path`, id: sql`o.id` }, sql`m.id`);
  const list = await rows<Record<string, unknown>>(db, sql`
    select s.id, m.name, o.name as "orgName", s.studied_on as "studiedOn", s.title, s.provider, s.hours::float8 as hours, s.status, s.file_id as "fileId"
    from training_study_entries s join members m on m.id = s.member_id join orgs o on o.id = m.org_id
    where ${scope} ${f.status ? sql`and s.status = ${f.status}` : sql``} order by s.status <> 'pending', s.id desc limit ${f.pageSize} offset ${offset(f)}`);
  return { items: list };
}

export async function decideStudyEntry(db: Db, actor: Actor, id: number, input: { approve: boolean; note?: string | null }) {
  require(actor, P.trainingManage);
  const scope = memberScopeSql(scopeOf(actor, P.trainingManage), { countyId: sql`o.county_id`, path: sql`o.path`, id: sql`o.id` }, sql`m.id`);
  const [r] = await rows<{ id: number; status: string; orgId: number }>(db, sql`select s.id, s.status, o.id as "orgId" from training_study_entries s
    join members m on m.id = s.member_id join orgs o on o.id = m.org_id where s.id = ${id} and ${scope}`);
  if (!r) throw errors.notFound('学习登记');
  if (r.status !== 'pending') throw errors.badRequest('该登记已审核');
  if (!input.approve && !input.note?.trim()) throw errors.field('note', '不予认定时须写明理由');
  return inTx(db, async (tx) => {
    const [d] = await tx.update(trainingStudyEntries).set({ status: input.approve ? 'approved' : 'rejected', decidedBy: actor.userId, decisionNote: input.note ?? null })
      .where(eq(trainingStudyEntries.id, id)).returning();
    await audit(tx, actor, { action: input.approve ? 'approve' : 'reject', entity: 'training_study_entry', entityId: id, orgId: r.orgId, after: d });
    return d!;
  });
}

/** The population a target group counts: the members who must be trained (RULES.md §4 coverage). */
function targetSql(group: TargetGroup) {
  switch (group) {
    case 'secretaries': return sql`exists (select 1 from org_posts p where p.member_id = m.id and p.ended_on is null and p.post = 'secretary')`;
    case 'village_secretaries': return sql`exists (select 1 from org_posts p join orgs x on x.id = p.org_id where p.member_id = m.id and p.ended_on is null and p.post = 'secretary' and x.category = 'village')`;
    case 'party_workers': return sql`exists (select 1 from org_posts p where p.member_id = m.id and p.ended_on is null)`;
    case 'cadres': case 'civil_servants': return sql`o.category in ('township', 'government_agency')`;
    default: return sql`true`;
  }
}

/**
 * Coverage for a year and target group, one level below an org (or by county root): the target population,
 * those who completed at least one class of that group in the year, hours, average test score and satisfaction.
 */
export async function coverage(db: Db, actor: Actor, f: { year: number; targetGroup: TargetGroup; under?: number }) {
  require(actor, P.trainingRead);
  const under = f.under ? await getOrgRow(db, actor, f.under, P.trainingRead) : null;
  const scope = orgScopeSql(scopeOf(actor, P.trainingRead), { countyId: sql`o.county_id`, path: sql`o.path`, id: sql`o.id` });
  const key = rollupKey(scopeOf(actor, P.trainingRead), under?.path ?? null, sql`o.path`, sql`o.id`);
  // the year's completed classes per member, once; then the target population joined to it and rolled up
  const items = await rows<{ id: number; name: string; orgType: string; target: number; trained: number; hours: number }>(db, sql`
    with done as (
      select e.member_id, bool_or(c.target_group = ${f.targetGroup}) as trained, sum(e.completed_hours) as hours
      from training_enrollments e join training_classes c on c.id = e.class_id
      where e.completed and c.starts_on between ${`${f.year}-01-01`} and ${`${f.year}-12-31`}
        and c.county_id in ${countiesOf(actor, P.trainingRead).concat(-1)}
      group by e.member_id),
    per as (
      select ${key} as child, count(*)::int as target, count(*) filter (where d.trained)::int as trained, coalesce(sum(d.hours), 0)::float8 as hours
      from members m join orgs o on o.id = m.org_id left join done d on d.member_id = m.id
      where m.status = 'active' and ${scope} ${under ? sql`and o.path like ${under.path + '%'}` : sql``} and ${targetSql(f.targetGroup)}
      group by 1)
    select x.id, x.name, x.org_type as "orgType", per.target, per.trained, per.hours from per join orgs x on x.id = per.child order by x.path`);
  const [effect] = await rows<{ score: number | null; satisfaction: number | null; classes: number }>(db, sql`
    select (select avg(a.score)::float8 from training_attempts a join training_enrollments e on e.id = a.enrollment_id join training_classes c on c.id = e.class_id
        where c.target_group = ${f.targetGroup} and extract(year from c.starts_on) = ${f.year} and c.county_id in ${countiesOf(actor, P.trainingRead).concat(-1)} and a.submitted_at is not null) as score,
      (select (avg(v.overall)::float8 - 1) / 4 from training_evaluations v join training_classes c on c.id = v.class_id
        where c.target_group = ${f.targetGroup} and extract(year from c.starts_on) = ${f.year} and c.county_id in ${countiesOf(actor, P.trainingRead).concat(-1)}) as satisfaction,
      (select count(*)::int from training_classes c where c.target_group = ${f.targetGroup} and extract(year from c.starts_on) = ${f.year}
        and c.county_id in ${countiesOf(actor, P.trainingRead).concat(-1)}) as classes`);
  const target = items.reduce((a, x) => a + x.target, 0);
  const trained = items.reduce((a, x) => a + x.trained, 0);
  return {
    year: f.year, targetGroup: f.targetGroup, under: under && { id: under.id, name: under.name }, target, trained, rate: target ? trained / target : null,
    ...effect!, items: items.map((x) => ({ ...x, rate: x.target ? x.trained / x.target : null })),
  };
}

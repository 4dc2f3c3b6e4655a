/** Classes: creating and editing them, quotas per org, courses and the sessions of a class. */
import crypto from 'node:crypto';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { can, orgScopeSql, require, scopeOf, type Actor } from '../../core/actor.js';
import { audit } from '../../core/audit.js';
import { inTx, rows, type Db } from '../../core/db.js';
import { errors } from '../../core/errors.js';
import { contains, offset, today } from '../../core/paging.js';
import { P } from '../../core/permissions.js';
import { getOrgRow } from '../orgs/service.js';
import { orgs } from '../orgs/tables.js';
import { trainingClasses, trainingCourses, trainingPapers, trainingPlanItems, trainingQuotas, trainingSessions, type ClassType, type TargetGroup } from './tables.js';
import { countiesOf, rulesOf } from './context.js';
import type { ClassPhase } from '../../../shared/codes.js';

export type ClassInput = {
  planItemId?: number | null; name: string; classType: ClassType; targetGroup: TargetGroup; startsOn: string; endsOn: string; venue?: string | null;
  organiserOrgId: number; headTeacher?: string | null; capacity: number; lateMinutes?: number; passMark?: number; testMinutes?: number;
  testAttempts?: number; requireReflection?: boolean; notice?: string | null;
};

export async function classRow(db: Db, actor: Actor, id: number, perm: typeof P.trainingRead | typeof P.trainingManage | typeof P.trainingNominate = P.trainingRead) {
  require(actor, perm);
  const [c] = await db.select().from(trainingClasses).where(and(eq(trainingClasses.id, id), inArray(trainingClasses.countyId, countiesOf(actor, perm).concat(-1))));
  if (!c) throw errors.notFound('培训班');
  if (perm === P.trainingManage) await getOrgRow(db, actor, c.organiserOrgId, P.trainingManage).catch(() => { throw errors.forbidden('只有主办单位可以管理本培训班'); });
  return c;
}

/** A class as listed, with its organiser's name and how many are enrolled and have completed. */
export type ClassListRow = {
  id: number; name: string; classType: ClassType; targetGroup: TargetGroup; startsOn: string; endsOn: string; venue: string | null; capacity: number;
  organiser: string; enrolled: number; completed: number;
};

export async function findClasses(db: Db, actor: Actor, f: { year?: number; keyword?: string; classType?: ClassType; page: number; pageSize: number }) {
  require(actor, P.trainingRead);
  const where = sql`c.county_id in ${countiesOf(actor, P.trainingRead).concat(-1)}
    ${f.year ? sql`and extract(year from c.starts_on) = ${f.year}` : sql``}
    ${f.classType ? sql`and c.class_type = ${f.classType}` : sql``}
    ${f.keyword ? sql`and c.name like ${contains(f.keyword)}` : sql``}`;
  const [items, [t]] = await Promise.all([
    rows<ClassListRow>(db, sql`select c.id, c.name, c.class_type as "classType", c.target_group as "targetGroup", c.starts_on as "startsOn",
        c.ends_on as "endsOn", c.venue, c.capacity, o.name as "organiser",
        (select count(*)::int from training_enrollments e where e.class_id = c.id and e.status <> 'withdrawn') as enrolled,
        (select count(*)::int from training_enrollments e where e.class_id = c.id and e.completed) as completed
      from training_classes c join orgs o on o.id = c.organiser_org_id where ${where}
      order by c.starts_on desc, c.id desc limit ${f.pageSize} offset ${offset(f)}`),
    rows<{ n: number }>(db, sql`select count(*)::int as n from training_classes c where ${where}`),
  ]);
  const t0 = today();
  return { items: items.map((c) => ({ ...c, phase: phaseOf(c, t0) })), total: t!.n };
}

export const phaseOf = (c: { startsOn: string; endsOn: string }, t: string): ClassPhase => (t < c.startsOn ? 'upcoming' : t > c.endsOn ? 'finished' : 'running');

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
    if (!c) throw errors.stale();
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
    ...c, leaveLimit: Number(c.leaveLimit), organiserName: org?.name ?? '', phase: phaseOf(c, today()), quotas, sessions, totalHours, paper: paper ?? null, ...stats!,
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

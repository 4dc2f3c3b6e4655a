/** A person's training record for a year, their own study entries, and training coverage per org for the cockpit and metrics. */
import { and, asc, eq, sql } from 'drizzle-orm';
import { memberScopeSql, orgScopeSql, require, rollupKey, scopeOf, type Actor } from '../../core/actor.js';
import { audit } from '../../core/audit.js';
import { notOwnWork } from '../../core/duties.js';
import { inTx, rows, type Db } from '../../core/db.js';
import { errors } from '../../core/errors.js';
import { offset, today } from '../../core/paging.js';
import { P } from '../../core/permissions.js';
import { getOrgRow } from '../orgs/service.js';
import { getMemberRow } from '../members/service.js';
import { checkEvidence, storeFile } from '../meetings/service.js';
import { trainingStudyEntries, type TargetGroup } from './tables.js';
import { annualRequirement } from './rules.js';
import { countiesOf, num, rulesOf } from './context.js';
import { CLASSES_COUNTING_FOR, POST_LABELS, type LeaveStatus, type Post } from '../../../shared/codes.js';

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

/** An outside study entry as the manager reviews it. */
export type StudyEntryRow = {
  id: number; name: string; orgName: string; studiedOn: string; title: string; provider: string | null; hours: number; status: LeaveStatus; fileId: number | null;
};

export async function findStudyEntries(db: Db, actor: Actor, f: { status?: string; page: number; pageSize: number }) {
  require(actor, P.trainingManage);
  const scope = memberScopeSql(scopeOf(actor, P.trainingManage), { countyId: sql`o.county_id`, path: sql`o.path`, id: sql`o.id` }, sql`m.id`);
  const list = await rows<StudyEntryRow>(db, sql`
    select s.id, m.name, o.name as "orgName", s.studied_on as "studiedOn", s.title, s.provider, s.hours::float8 as hours, s.status, s.file_id as "fileId"
    from training_study_entries s join members m on m.id = s.member_id join orgs o on o.id = m.org_id
    where ${scope} ${f.status ? sql`and s.status = ${f.status}` : sql``} order by s.status <> 'pending', s.id desc limit ${f.pageSize} offset ${offset(f)}`);
  return { items: list };
}

export async function decideStudyEntry(db: Db, actor: Actor, id: number, input: { approve: boolean; note?: string | null }) {
  require(actor, P.trainingManage);
  const scope = memberScopeSql(scopeOf(actor, P.trainingManage), { countyId: sql`o.county_id`, path: sql`o.path`, id: sql`o.id` }, sql`m.id`);
  const [r] = await rows<{ id: number; status: string; orgId: number; memberId: number; createdBy: number | null }>(db, sql`select s.id, s.status, o.id as "orgId",
      s.member_id as "memberId", s.created_by as "createdBy" from training_study_entries s
    join members m on m.id = s.member_id join orgs o on o.id = m.org_id where s.id = ${id} and ${scope}`);
  if (!r) throw errors.notFound('学习登记');
  if (r.status !== 'pending') throw errors.badRequest('该登记已审核');
  notOwnWork(actor, { userId: r.createdBy, memberId: r.memberId }, '的学习登记');
  if (!input.approve && !input.note?.trim()) throw errors.field('note', '不予认定时须写明理由');
  return inTx(db, async (tx) => {
    const [d] = await tx.update(trainingStudyEntries).set({ status: input.approve ? 'approved' : 'rejected', decidedBy: actor.userId, decisionNote: input.note ?? null })
      .where(eq(trainingStudyEntries.id, id)).returning();
    await audit(tx, actor, { action: input.approve ? 'approve' : 'reject', entity: 'training_study_entry', entityId: id, orgId: r.orgId, after: d });
    return d!;
  });
}

/** The population a target group counts: the members who must be trained (docs/rules.md §4 coverage). */
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
      select e.member_id, bool_or(c.target_group in ${[...CLASSES_COUNTING_FOR[f.targetGroup]]}) as trained, sum(e.completed_hours) as hours
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

/**
 * The people a coverage figure has not yet counted as trained: the target population of the year and area without a
 * finished class that counts for them, each with their posts and whether they are in a class now (在训, not untrained
 * yet). The list the coverage rate opens, for the township to act on; exported as it is.
 */
export async function untrained(db: Db, actor: Actor, f: { year: number; targetGroup: TargetGroup; under?: number; page: number; pageSize: number }) {
  require(actor, P.trainingRead);
  const under = f.under ? await getOrgRow(db, actor, f.under, P.trainingRead) : null;
  const scope = orgScopeSql(scopeOf(actor, P.trainingRead), { countyId: sql`o.county_id`, path: sql`o.path`, id: sql`o.id` });
  const counties = countiesOf(actor, P.trainingRead).concat(-1);
  const groups = [...CLASSES_COUNTING_FOR[f.targetGroup]];
  const where = sql`m.status = 'active' and ${scope} ${under ? sql`and o.path like ${under.path + '%'}` : sql``} and ${targetSql(f.targetGroup)}
    and not exists (select 1 from training_enrollments e join training_classes c on c.id = e.class_id where e.member_id = m.id and e.completed
      and c.starts_on between ${`${f.year}-01-01`} and ${`${f.year}-12-31`} and c.county_id in ${counties} and c.target_group in ${groups})`;
  const [items, [total]] = await Promise.all([
    rows<{ memberId: number; name: string; orgName: string; posts: string | null; inTraining: string | null }>(db, sql`
      select m.id as "memberId", m.name, o.name as "orgName",
        (select string_agg(p.post, ',' order by p.post) from org_posts p where p.member_id = m.id and p.ended_on is null) as posts,
        (select string_agg(c.name, '、' order by c.starts_on) from training_enrollments e join training_classes c on c.id = e.class_id
          where e.member_id = m.id and not e.completed and e.status = 'confirmed' and c.ends_on >= ${today()}
            and c.starts_on between ${`${f.year}-01-01`} and ${`${f.year}-12-31`} and c.target_group in ${groups}) as "inTraining"
      from members m join orgs o on o.id = m.org_id where ${where}
      order by o.path, m.name, m.id limit ${f.pageSize} offset ${offset(f)}`),
    rows<{ n: number }>(db, sql`select count(*)::int as n from members m join orgs o on o.id = m.org_id where ${where}`),
  ]);
  return {
    items: items.map((x) => ({ ...x, posts: (x.posts ?? '').split(',').filter(Boolean).map((p) => POST_LABELS[p as Post] ?? p).join('、') })),
    total: total?.n ?? 0,
  };
}

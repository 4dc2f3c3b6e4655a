/** What a trainee does in a class — leave, the anonymous evaluation, the reflection — and the managers' answers to it. */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Actor } from '../../core/actor.js';
import { audit } from '../../core/audit.js';
import { notOwnWork } from '../../core/duties.js';
import { inTx, rows, type Db } from '../../core/db.js';
import { errors } from '../../core/errors.js';
import { today } from '../../core/paging.js';
import { P } from '../../core/permissions.js';
import { checkEvidence, storeFile } from '../meetings/service.js';
import { trainingAttempts, trainingCheckins, trainingClasses, trainingEnrollments, trainingEvaluationReceipts, trainingEvaluations, trainingLeaves, trainingPapers, trainingReflections, trainingSessions } from './tables.js';
import { classRow, phaseOf } from './classes.js';
import type { LeaveStatus } from '../../../shared/codes.js';

type ReflectionStatus = (typeof trainingReflections.$inferSelect)['status'];

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

/** A session of the trainee's class, with their own check-in and the latest leave asked for it (null: none). */
export type MySessionRow = {
  id: number; heldOn: string; startsAt: string; endsAt: string; studyHours: number; courseId: number; title: string; teacher: string;
  checkedAt: string | null; isLate: boolean | null; leave: LeaveStatus | null;
  /** the organiser's note on that leave, shown to the trainee with the decision */
  leaveNote: string | null;
};

export async function myClass(db: Db, actor: Actor, classId: number) {
  const { e, c } = await traineeOf(db, actor, classId);
  const sessions = await rows<MySessionRow>(db, sql`
    select s.id, s.held_on as "heldOn", s.starts_at as "startsAt", s.ends_at as "endsAt", s.study_hours::float8 as "studyHours", s.course_id as "courseId",
      k.title, k.teacher, ck.checked_at as "checkedAt", ck.is_late as "isLate",
      l.status as "leave", l.decision_note as "leaveNote"
    from training_sessions s join training_courses k on k.id = s.course_id
      left join lateral (select l.status, l.decision_note from training_leaves l
        where l.enrollment_id = ${e.id} and l.session_ids @> jsonb_build_array(s.id) order by l.id desc limit 1) l on true
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

/** A trainee's leave request, with the study hours of the sessions it covers. */
export type LeaveRow = {
  id: number; enrollmentId: number; name: string; sessionIds: number[]; reason: string; status: LeaveStatus; decisionNote: string | null; createdAt: string; hours: number;
};

export async function findLeaves(db: Db, actor: Actor, classId: number) {
  await classRow(db, actor, classId, P.trainingManage);
  return rows<LeaveRow>(db, sql`
    select l.id, l.enrollment_id as "enrollmentId", m.name, l.session_ids as "sessionIds", l.reason, l.status, l.decision_note as "decisionNote",
      l.created_at as "createdAt",
      (select coalesce(sum(s.study_hours), 0)::float8 from training_sessions s where l.session_ids @> jsonb_build_array(s.id)) as hours
    from training_leaves l join training_enrollments e on e.id = l.enrollment_id join members m on m.id = e.member_id
    where e.class_id = ${classId} order by l.status <> 'pending', l.id desc`);
}

export async function decideLeave(db: Db, actor: Actor, leaveId: number, input: { approve: boolean; note?: string | null }) {
  const [l] = await db.select({ l: trainingLeaves, classId: trainingEnrollments.classId, memberId: trainingEnrollments.memberId }).from(trainingLeaves)
    .innerJoin(trainingEnrollments, eq(trainingEnrollments.id, trainingLeaves.enrollmentId)).where(eq(trainingLeaves.id, leaveId));
  if (!l) throw errors.notFound('请假申请');
  const c = await classRow(db, actor, l.classId, P.trainingManage);
  if (l.l.status !== 'pending') throw errors.badRequest('该请假申请已审批');
  notOwnWork(actor, { memberId: l.memberId }, '的请假申请');
  if (!input.approve && !input.note?.trim()) throw errors.field('note', '不批准时须填写理由');
  return inTx(db, async (tx) => {
    const [d] = await tx.update(trainingLeaves).set({ status: input.approve ? 'approved' : 'rejected', decidedBy: actor.userId, decidedAt: new Date(), decisionNote: input.note ?? null })
      .where(and(eq(trainingLeaves.id, leaveId), eq(trainingLeaves.status, 'pending'))).returning();
    if (!d) throw errors.alreadyDone('该请假申请已被他人审批');
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
  const courses = await rows<{ id: number; title: string; held: boolean }>(db, sql`select s.course_id as id, min(k.title) as title,
      bool_or(s.held_on <= ${today()}::date) as held
    from training_sessions s join training_courses k on k.id = s.course_id where s.class_id = ${classId} group by s.course_id`);
  for (const score of input.courseScores) {
    const k = courses.find((x) => x.id === score.courseId);
    if (!k) throw errors.field('courseScores', `课程（编号 ${score.courseId}）不属于本培训班`);
    // a course is rated after it is given, not before
    if (!k.held) throw errors.field('courseScores', `“${k.title}”尚未开讲，不能评价`);
  }
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

/** A trainee's latest reflection. */
export type ReflectionRow = {
  id: number; enrollmentId: number; name: string; text: string; fileId: number | null; fileName: string | null; status: ReflectionStatus; reviewNote: string | null;
  submittedAt: string;
};

export async function findReflections(db: Db, actor: Actor, classId: number) {
  await classRow(db, actor, classId, P.trainingManage);
  return rows<ReflectionRow>(db, sql`
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
  const [r] = await db.select({ r: trainingReflections, classId: trainingEnrollments.classId, memberId: trainingEnrollments.memberId }).from(trainingReflections)
    .innerJoin(trainingEnrollments, eq(trainingEnrollments.id, trainingReflections.enrollmentId)).where(eq(trainingReflections.id, id));
  if (!r) throw errors.notFound('学习心得');
  const c = await classRow(db, actor, r.classId, P.trainingManage);
  notOwnWork(actor, { memberId: r.memberId }, '的学习心得');
  if (!input.accept && !input.note?.trim()) throw errors.field('note', '退回时须写明意见');
  return inTx(db, async (tx) => {
    const [d] = await tx.update(trainingReflections).set({ status: input.accept ? 'accepted' : 'returned', reviewNote: input.note ?? null, reviewedBy: actor.userId }).where(eq(trainingReflections.id, id)).returning();
    await audit(tx, actor, { action: input.accept ? 'accept_reflection' : 'return_reflection', entity: 'training_enrollment', entityId: r.r.enrollmentId, orgId: c.organiserOrgId, after: { status: d!.status, note: input.note } });
    return { id, status: d!.status };
  });
}

/** The question bank, a class's test paper, attempts and their grading, and the test results. */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { require, type Actor } from '../../core/actor.js';
import { audit } from '../../core/audit.js';
import { inTx, rows, type Db } from '../../core/db.js';
import { errors } from '../../core/errors.js';
import { contains, offset } from '../../core/paging.js';
import { P } from '../../core/permissions.js';
import { trainingAttempts, trainingClasses, trainingEnrollments, trainingPapers, trainingQuestions } from './tables.js';
import { gradeAttempt } from './rules.js';
import { classRow } from './classes.js';
import { countiesOf } from './context.js';
import { traineeOf } from './trainee.js';

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

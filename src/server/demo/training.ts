/**
 * The demo county's training year: an annual plan, three finished classes (section-level cadres, civil
 * servants, village secretaries) with attendance, leave, tests, evaluations, reflections and certificates,
 * and the one-week party-affairs workers' class running "today", so that a visitor can check in as a trainee.
 */
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { inTx, rows, type Db } from '../core/db.js';
import {
  trainingAttempts, trainingCheckins, trainingClasses, trainingCourses, trainingEnrollments, trainingEvaluationReceipts, trainingEvaluations,
  trainingLeaves, trainingPapers, trainingPlanItems, trainingQuestions, trainingQuotas, trainingReflections, trainingSessions,
  type ClassType, type TargetGroup,
} from '../modules/training/tables.js';
import { certificateSerial, completion, DEFAULT_LEAVE_LIMIT, gradeAttempt, minutesOf } from '../modules/training/rules.js';
import type { GenMember, GenOrg, GenPost } from './generate.js';
import { Rng } from './random.js';

const addDays = (iso: string, d: number) => new Date(Date.parse(iso) + d * 86400_000).toISOString().slice(0, 10);

const COURSES: [string, string][] = [
  ['学习贯彻党的二十大精神', '县委党校 李明华'], ['《中国共产党支部工作条例（试行）》解读', '县委组织部 王建新'], ['“三会一课”规范化实务', '县委组织部 赵晓燕'],
  ['发展党员工作流程与文书', '县委组织部 陈国庆'], ['党费收缴、使用和管理', '县委组织部 周丽'], ['基层党建工作台账与信息系统应用', '县委组织部 刘洋'],
  ['农村集体经济发展案例', '县农业农村局 孙海'], ['廉洁自律与警示教育', '县纪委监委 吴敏'], ['乡村治理与矛盾纠纷化解', '县司法局 郑强'],
  ['公文写作与信息报送', '县委办 何静'], ['新时代领导干部能力提升', '市委党校 高远'], ['党史专题：红色云岭', '县委党校 杨帆'],
];

const QUESTIONS: { kind: 'single' | 'multiple' | 'judge'; stem: string; options: string[]; answer: number[]; topic: string }[] = [
  { kind: 'single', stem: '党支部党员大会一般每季度召开几次？', options: ['1 次', '2 次', '3 次', '每月 1 次'], answer: [0], topic: '三会一课' },
  { kind: 'single', stem: '党支部委员会一般多长时间召开一次？', options: ['每周', '每月', '每季度', '每半年'], answer: [1], topic: '三会一课' },
  { kind: 'single', stem: '党员人数多少人以上的党支部应设立支部委员会？', options: ['3 人', '5 人', '7 人', '10 人'], answer: [2], topic: '组织设置' },
  { kind: 'single', stem: '党支部委员会每届任期一般为几年？', options: ['2 年', '3 年', '3 年或 5 年', '4 年'], answer: [2], topic: '组织设置' },
  { kind: 'single', stem: '预备党员的预备期为多长时间？', options: ['半年', '一年', '两年', '三年'], answer: [1], topic: '发展党员' },
  { kind: 'single', stem: '党员领导干部每年讲党课不少于几次？', options: ['1 次', '2 次', '3 次', '4 次'], answer: [0], topic: '三会一课' },
  { kind: 'single', stem: '主题党日一般多长时间开展一次？', options: ['每周', '每月', '每季度', '每年'], answer: [1], topic: '组织生活' },
  { kind: 'single', stem: '月工资收入（税后）3000 元以下（含）的党员，每月按多少交纳党费？', options: ['0.5%', '1%', '1.5%', '2%'], answer: [0], topic: '党费' },
  { kind: 'multiple', stem: '“三会一课”中的“三会”包括：', options: ['支部党员大会', '支部委员会', '党小组会', '职工代表大会'], answer: [0, 1, 2], topic: '三会一课' },
  { kind: 'multiple', stem: '民主评议党员的评定等次包括：', options: ['优秀', '合格', '基本合格', '不合格'], answer: [0, 1, 2, 3], topic: '组织生活' },
  { kind: 'multiple', stem: '发展党员的程序包括：', options: ['确定入党积极分子', '确定发展对象', '接收预备党员', '预备党员转正'], answer: [0, 1, 2, 3], topic: '发展党员' },
  { kind: 'multiple', stem: '组织生活会一般包括哪些环节？', options: ['学习', '查摆问题', '开展批评和自我批评', '制定整改措施'], answer: [0, 1, 2, 3], topic: '组织生活' },
  { kind: 'multiple', stem: '下列属于软弱涣散基层党组织情形的有：', options: ['班子不团结', '组织生活不正常', '党员人数较多', '工作处于停滞状态'], answer: [0, 1, 3], topic: '基层组织建设' },
  { kind: 'judge', stem: '预备党员有表决权。', options: ['对', '错'], answer: [1], topic: '党员权利' },
  { kind: 'judge', stem: '支部党员大会须有半数以上有表决权的党员到会方可召开。', options: ['对', '错'], answer: [0], topic: '三会一课' },
  { kind: 'judge', stem: '流动党员外出期间可以不参加组织生活。', options: ['对', '错'], answer: [1], topic: '流动党员' },
  { kind: 'judge', stem: '党员连续 6 个月不参加党的组织生活、不交纳党费、不做党所分配的工作，又无正当理由的，按自行脱党处理。', options: ['对', '错'], answer: [0], topic: '党员管理' },
  { kind: 'judge', stem: '学员请假超过培训总学时的七分之一，不予结业。', options: ['对', '错'], answer: [0], topic: '干部教育培训' },
];

const REFLECTIONS = [
  '通过这次培训，我对支部工作条例有了系统的理解，特别是“三会一课”的规范要求。回去后要把会议记录做实，不再事后补记。',
  '几位老师结合案例讲解，很接地气。发展党员的流程和文书是我的薄弱环节，这次逐项对照，回去后要把本支部的档案重新梳理一遍。',
  '培训让我认识到基层党建不是填表，而是把党员组织起来为群众办事。我打算在村里推行党员联户，把学到的方法用起来。',
  '廉洁教育一课印象深刻，身边的案例警醒我们：惠农资金的每一笔都要公开透明，经得起群众监督。',
];
const COMMENTS = ['案例很实用，希望多安排现场教学。', '课程安排紧凑，建议增加分组讨论时间。', '老师讲得很透彻，对实际工作帮助很大。', '希望提供课件电子版，方便回去传达。', null, null];

type ClassPlan = { name: string; classType: ClassType; targetGroup: TargetGroup; startsOn: string; days: number; trainees: GenMember[]; withTest: boolean; planMonth: number; quota: number };

export async function loadTraining(db: Db, o: { countyId: number; today: string; seed: number; orgs: GenOrg[]; members: GenMember[]; posts: GenPost[]; trainee: number | null }) {
  const rng = new Rng(o.seed);
  const year = Number(o.today.slice(0, 4));
  const root = o.orgs[0]!;
  const byId = new Map(o.members.map((m) => [m.id, m]));
  const postHolders = (pred: (p: GenPost, org: GenOrg) => boolean) => {
    const orgById = new Map(o.orgs.map((g) => [g.id, g]));
    const ids = new Set(o.posts.filter((p) => !p.endedOn && p.memberId && pred(p, orgById.get(p.orgId)!)).map((p) => p.memberId!));
    return [...ids].map((id) => byId.get(id)!).filter(Boolean);
  };
  const shuffle = <T>(a: T[]) => { const b = [...a]; for (let i = b.length - 1; i > 0; i--) { const j = rng.int(0, i); [b[i], b[j]] = [b[j]!, b[i]!]; } return b; };
  const cadres = shuffle(postHolders((p, g) => (g.category === 'township' || g.category === 'government_agency' || g.category === 'county') && ['secretary', 'deputy_secretary'].includes(p.post)));
  const civil = shuffle(o.members.filter((m) => { const g = o.orgs.find((x) => x.id === m.orgId); return g?.category === 'government_agency'; })).slice(0, 45);
  const villageSecs = shuffle(postHolders((p, g) => p.post === 'secretary' && g.category === 'village'));
  // party-affairs workers of township and sector committees: committee members and full-time staff of the orgs under them
  const workers = shuffle(postHolders((p) => ['organization_member', 'full_time_staff', 'publicity_member', 'deputy_secretary'].includes(p.post)))
    .filter((m) => m.id !== o.trainee).slice(0, 59);
  const traineeMember = o.trainee ? byId.get(o.trainee) : undefined;
  if (traineeMember) workers.unshift(traineeMember);

  const plans: ClassPlan[] = [
    { name: `${year}年全县科级干部轮训班`, classType: 'cadre_rotation', targetGroup: 'cadres', startsOn: `${year}-03-16`, days: 5, trainees: cadres.slice(0, 40), withTest: true, planMonth: 3, quota: 40 },
    { name: `${year}年公务员政治素质提升轮训班`, classType: 'civil_servant', targetGroup: 'civil_servants', startsOn: `${year}-05-11`, days: 3, trainees: civil, withTest: true, planMonth: 5, quota: 45 },
    { name: `${year}年村党组织书记示范培训班`, classType: 'village_secretary', targetGroup: 'village_secretaries', startsOn: `${year}-07-06`, days: 4, trainees: villageSecs.slice(0, 50), withTest: false, planMonth: 7, quota: 50 },
    { name: `${year}年党务工作者能力提升培训班（一周）`, classType: 'party_worker', targetGroup: 'party_workers', startsOn: addDays(o.today, -2), days: 5, trainees: workers, withTest: true, planMonth: Number(o.today.slice(5, 7)), quota: 60 },
  ];

  await inTx(db, async (tx) => {
    const courseRows = await tx.insert(trainingCourses).values(COURSES.map(([title, teacher]) => ({ countyId: o.countyId, title, teacher }))).returning();
    const questionRows = await tx.insert(trainingQuestions).values(QUESTIONS.map((q) => ({ ...q, countyId: o.countyId }))).returning();
    // the year's plan, including items not yet held
    const planRows = await tx.insert(trainingPlanItems).values([
      ...plans.map((p) => ({ countyId: o.countyId, year, name: p.name, classType: p.classType, targetGroup: p.targetGroup, plannedMonth: p.planMonth, days: p.days,
        quota: p.quota, organiser: '中共云岭县委组织部', budget: String(p.days * p.quota * 180) })),
      { countyId: o.countyId, year, name: `${year}年发展党员工作专题培训班`, classType: 'special_topic' as const, targetGroup: 'party_workers' as const, plannedMonth: 12, days: 2, quota: 80, organiser: '中共云岭县委组织部', budget: '20000' },
      { countyId: o.countyId, year, name: `${year}年非公企业和社会组织党组织书记培训班`, classType: 'special_topic' as const, targetGroup: 'secretaries' as const, plannedMonth: 12, days: 3, quota: 60, organiser: '中共云岭县委组织部', budget: '26000' },
    ]).returning();
    // last year's plan, so that "copy from last year" has something to copy
    await tx.insert(trainingPlanItems).values(plans.map((p) => ({ countyId: o.countyId, year: year - 1, name: p.name.replace(String(year), String(year - 1)), classType: p.classType,
      targetGroup: p.targetGroup, plannedMonth: p.planMonth, days: p.days, quota: p.quota, organiser: '中共云岭县委组织部' })));

    let classNo = 0;
    for (const p of plans) {
      if (!p.trainees.length) { classNo++; continue; }
      const running = p.classType === 'party_worker';
      const endsOn = addDays(p.startsOn, p.days - 1);
      const [c] = await tx.insert(trainingClasses).values({
        countyId: o.countyId, planItemId: planRows[classNo]!.id, name: p.name, classType: p.classType, targetGroup: p.targetGroup, startsOn: p.startsOn, endsOn,
        venue: running ? '县委党校第一教室' : rng.pick(['县委党校报告厅', '县委党校第二教室', '县干部教育培训基地']), organiserOrgId: root.id, headTeacher: '县委组织部 赵晓燕',
        capacity: p.quota, leaveLimit: String(DEFAULT_LEAVE_LIMIT), passMark: 60, testMinutes: 30, testAttempts: 2, requireReflection: true,
        notice: running ? '请学员于开班当日 8:00 前到县委党校报到，携带笔记本；每节课开课前扫描屏幕二维码签到。' : null, status: running ? 'running' : 'finished',
      }).returning();
      classNo++;
      // quotas per township and sector committee, for the running class; nominations against them
      const committees = o.orgs.filter((g) => g.orgType === 'township_committee' || g.orgType === 'sector_committee');
      const quotaOf = new Map<number, number>();
      const committeeOf = (m: GenMember) => committees.find((k) => o.orgs.find((g) => g.id === m.orgId)?.path.startsWith(k.path))?.id ?? null;
      if (running) {
        for (const m of p.trainees) { const k = committeeOf(m); if (k) quotaOf.set(k, (quotaOf.get(k) ?? 0) + 1); }
        const qs = committees.map((k) => ({ classId: c!.id, orgId: k.id, quota: Math.max(2, quotaOf.get(k.id) ?? 0) }));
        await tx.insert(trainingQuotas).values(qs);
      }
      const enrollments = await tx.insert(trainingEnrollments).values(p.trainees.map((m) => ({
        classId: c!.id, memberId: m.id, quotaOrgId: running ? committeeOf(m) : null, status: 'confirmed' as const,
      }))).returning();
      // two sessions a day, 3.5 hours each
      const planned: (typeof trainingSessions.$inferInsert)[] = [];
      for (let d = 0; d < p.days; d++) {
        for (const [startsAt, endsAt] of [['08:30', '12:00'], ['14:30', '18:00']] as const) {
          const course = courseRows[(d * 2 + (startsAt === '08:30' ? 0 : 1) + classNo) % courseRows.length]!;
          planned.push({ classId: c!.id, courseId: course.id, heldOn: addDays(p.startsOn, d), startsAt, endsAt, studyHours: '3.5', secret: crypto.randomBytes(24).toString('base64url') });
        }
      }
      const sessions = (await tx.insert(trainingSessions).values(planned).returning())
        .map((s, k) => ({ id: s.id, heldOn: s.heldOn, startsAt: planned[k]!.startsAt, courseId: planned[k]!.courseId }));
      const past = sessions.filter((s) => s.heldOn < o.today);
      const total = sessions.length * 3.5;
      const paper = p.withTest
        ? (await tx.insert(trainingPapers).values({ classId: c!.id, questionIds: questionRows.slice(0, 10).map((q) => q.id), pointsEach: 10 }).returning())[0]!
        : null;
      const checkins: (typeof trainingCheckins.$inferInsert)[] = [];
      const leaves: (typeof trainingLeaves.$inferInsert)[] = [];
      const attempts: (typeof trainingAttempts.$inferInsert)[] = [];
      const reflections: (typeof trainingReflections.$inferInsert)[] = [];
      const receipts: (typeof trainingEvaluationReceipts.$inferInsert)[] = [];
      const evaluations: (typeof trainingEvaluations.$inferInsert)[] = [];
      const outcomes: { id: number; completed: boolean; completionNote: string | null; completedHours: string; confirmedAt: string; certificateSerial: string | null; certificateCode: string | null }[] = [];
      let seq = 0;
      for (const e of enrollments) {
        const isDemoTrainee = e.memberId === o.trainee;
        // most attend everything; some take leave for a session; a few miss a lot or skip one
        const profile = isDemoTrainee ? 'good' : rng.weighted([['good', 80], ['leave', 12], ['absent', 5], ['heavyLeave', 3]] as const);
        const leaveSessions = profile === 'leave' ? [rng.pick(past.length ? past : sessions).id] : profile === 'heavyLeave' ? past.slice(0, 3).map((s) => s.id) : [];
        const absentSession = profile === 'absent' && past.length ? rng.pick(past).id : null;
        if (leaveSessions.length) {
          leaves.push({ enrollmentId: e.id, sessionIds: leaveSessions, reason: rng.pick(['村里防汛值班', '家中老人住院', '参加县里专项检查']),
            status: 'approved', decidedAt: new Date(`${p.startsOn}T02:00:00Z`), decisionNote: '同意，请自学补课' });
        }
        for (const s of past) {
          if (leaveSessions.includes(s.id) || s.id === absentSession) continue;
          const late = rng.chance(0.04);
          const mins = late ? rng.int(12, 40) : rng.int(-25, 8);
          const start = minutesOf(s.startsAt);
          const at = new Date(Date.parse(`${s.heldOn}T00:00:00+08:00`) + (start + mins) * 60_000);
          checkins.push({ sessionId: s.id, enrollmentId: e.id, checkedAt: at, isLate: late, method: 'scan' });
        }
        if (running) continue;
        // finished classes: test, reflection, anonymous evaluation, completion and certificate
        let passed = true;
        if (paper) {
          const qs = questionRows.slice(0, 10);
          const answers: Record<string, number[]> = {};
          for (const q of qs) answers[String(q.id)] = rng.chance(profile === 'absent' ? 0.55 : 0.82) ? q.answer : [(q.answer[0]! + 1) % q.options.length];
          const g = gradeAttempt(qs, answers, 10);
          passed = g.score >= 60;
          const startedAt = new Date(`${addDays(p.startsOn, p.days - 1)}T07:00:00Z`);
          attempts.push({ enrollmentId: e.id, paperId: paper.id, startedAt, deadline: new Date(startedAt.getTime() + 30 * 60_000),
            submittedAt: new Date(startedAt.getTime() + rng.int(10, 28) * 60_000), answers, score: g.score, passed: g.score >= 60 });
        }
        const reflected = rng.chance(0.96);
        if (reflected) reflections.push({ enrollmentId: e.id, text: rng.pick(REFLECTIONS), status: 'accepted', reviewNote: '已阅' });
        if (rng.chance(0.9)) {
          receipts.push({ classId: c!.id, memberId: e.memberId });
          const courseIds = [...new Set(sessions.map((s) => s.courseId))];
          evaluations.push({ classId: c!.id, overall: rng.weighted([[5, 60], [4, 30], [3, 8], [2, 2]] as const),
            courseScores: courseIds.map((id) => ({ courseId: id, score: rng.weighted([[5, 55], [4, 35], [3, 10]] as const) })), comment: rng.pick(COMMENTS), submittedOn: endsOn });
        }
        const attended = past.filter((s) => !leaveSessions.includes(s.id) && s.id !== absentSession).length * 3.5;
        const r = completion({ totalHours: total, attendedHours: attended, leaveHours: leaveSessions.length * 3.5, absentHours: absentSession ? 3.5 : 0,
          leaveLimit: DEFAULT_LEAVE_LIMIT, testRequired: !!paper, testPassed: passed, reflectionRequired: true, reflectionSubmitted: reflected });
        const serial = r.completed ? certificateSerial('530121', year, c!.id, ++seq) : null;
        outcomes.push({ id: e.id, completed: r.completed, completionNote: r.reasons.join('；') || null, completedHours: String(attended),
          confirmedAt: `${endsOn}T10:00:00Z`, certificateSerial: serial, certificateCode: serial ? crypto.randomBytes(12).toString('base64url') : null });
      }
      // the class's records, table by table in the order they were made
      if (leaves.length) await tx.insert(trainingLeaves).values(leaves);
      if (attempts.length) await tx.insert(trainingAttempts).values(attempts);
      if (reflections.length) await tx.insert(trainingReflections).values(reflections);
      if (receipts.length) await tx.insert(trainingEvaluationReceipts).values(receipts);
      if (evaluations.length) await tx.insert(trainingEvaluations).values(evaluations);
      if (outcomes.length) {
        await tx.execute(sql`update training_enrollments e set completed = x.completed, completion_note = x."completionNote", completed_hours = x."completedHours",
            confirmed_at = x."confirmedAt", certificate_serial = x."certificateSerial", certificate_code = x."certificateCode"
          from jsonb_to_recordset(${JSON.stringify(outcomes)}::jsonb) as x(id int, completed boolean, "completionNote" text, "completedHours" numeric,
            "confirmedAt" timestamptz, "certificateSerial" text, "certificateCode" text)
          where e.id = x.id`);
      }
      for (let i = 0; i < checkins.length; i += 2000) await tx.insert(trainingCheckins).values(checkins.slice(i, i + 2000));
    }
  });
  const [n] = await rows<{ c: number; e: number }>(db, sql`select (select count(*)::int from training_classes where county_id = ${o.countyId}) as c,
    (select count(*)::int from training_enrollments e join training_classes k on k.id = e.class_id where k.county_id = ${o.countyId}) as e`);
  return n!;
}

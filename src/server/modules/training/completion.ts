/** Completion of a class (hours, leave, absence, test, reflection) and the certificates it earns. */
import crypto from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Actor } from '../../core/actor.js';
import { audit } from '../../core/audit.js';
import { inTx, rows, type Db } from '../../core/db.js';
import { errors } from '../../core/errors.js';
import { today } from '../../core/paging.js';
import { P } from '../../core/permissions.js';
import { counties } from '../orgs/tables.js';
import { trainingEnrollments, trainingPapers, trainingSessions } from './tables.js';
import { certificateSerial, completion } from './rules.js';
import { classRow } from './classes.js';
import { num } from './context.js';
import { enrollmentRow } from './enrollment.js';

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

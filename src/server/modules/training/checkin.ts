/**
 * Check-in: the session's rotating token on screen, the trainee's scan (with its one-statement fast path,
 * docs/decisions/0007), manual check-in with a reason, and a session's attendance.
 */
import { eq, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../core/actor.js';
import { audit } from '../../core/audit.js';
import { inTx, rows, type Db } from '../../core/db.js';
import { errors } from '../../core/errors.js';
import { today } from '../../core/paging.js';
import { P } from '../../core/permissions.js';
import { trainingCheckins, trainingClasses, trainingSessions } from './tables.js';
import { checkinToken, checkinWindow, parseToken, verifyToken } from './rules.js';
import { classRow } from './classes.js';
import { localNow } from './context.js';
import { enrollmentRow } from './enrollment.js';

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
 * (`checkIn` after the usual session checks), which gives the precise answer. The session checks inside it repeat those
 * of auth resolveSession and the request gate; a test runs both over every session state and fails when they part.
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

/** A confirmed trainee's attendance at one session: the check-in (null: none) and whether an approved leave covers it. */
export type AttendanceRow = {
  enrollmentId: number; name: string; orgName: string; checkedAt: string | null; isLate: boolean | null; method: 'scan' | 'manual' | null; reason: string | null; onLeave: boolean;
};

/** Attendance of one session: every confirmed trainee with check-in, leave or absence. */
export async function sessionAttendance(db: Db, actor: Actor, sessionId: number) {
  const r = await sessionWithClass(db, sessionId);
  if (!r) throw errors.notFound('课程');
  await classRow(db, actor, r.c.id, P.trainingManage);
  return rows<AttendanceRow>(db, sql`
    select e.id as "enrollmentId", m.name, o.name as "orgName", k.checked_at as "checkedAt", k.is_late as "isLate", k.method, k.reason,
      exists (select 1 from training_leaves l where l.enrollment_id = e.id and l.status = 'approved' and l.session_ids @> ${JSON.stringify([sessionId])}::jsonb) as "onLeave"
    from training_enrollments e join members m on m.id = e.member_id join orgs o on o.id = m.org_id
      left join training_checkins k on k.enrollment_id = e.id and k.session_id = ${sessionId}
    where e.class_id = ${r.c.id} and e.status = 'confirmed' order by k.checked_at nulls last, e.id`);
}

/** Training rules of docs/rules.md §3–4 as pure functions: check-in tokens and windows, completion, grading, yearly hours. */
import crypto from 'node:crypto';

export { CLASS_TYPE_LABELS } from '../../../shared/codes.js';
export { TARGET_GROUP_LABELS } from '../../../shared/codes.js';

/** A check-in token lives for one 30-second window; the previous window is still accepted (a scan takes a moment). */
export const TOKEN_WINDOW_MS = 30_000;
/** Check-in opens this many minutes before a session starts. */
export const CHECKIN_OPENS_MINUTES = 30;
/** Defaults, seeded as rule values with their source; a county edits the rows. */
export const DEFAULT_LEAVE_LIMIT = 1 / 7;
export const DEFAULT_ANNUAL_HOURS = { member: 32, secretary: 56, cadre: 90 } as const;

export const tokenWindow = (nowMs: number) => Math.floor(nowMs / TOKEN_WINDOW_MS);

function mac(secret: string, sessionId: number, window: number) {
  return crypto.createHmac('sha256', secret).update(`${sessionId}.${window}`).digest('base64url').slice(0, 16);
}

export function checkinToken(secret: string, sessionId: number, nowMs: number) {
  const w = tokenWindow(nowMs);
  return { token: `${sessionId}.${w}.${mac(secret, sessionId, w)}`, expiresAt: (w + 1) * TOKEN_WINDOW_MS };
}

export function parseToken(token: string): { sessionId: number; window: number; mac: string } | null {
  const m = /^(\d{1,10})\.(\d{1,12})\.([\w-]{16})$/.exec(token.trim());
  return m ? { sessionId: Number(m[1]), window: Number(m[2]), mac: m[3]! } : null;
}

/** 'ok', or why the token is refused: forged (wrong signature) or expired (an old window, e.g. a forwarded photo). */
export function verifyToken(secret: string, t: { sessionId: number; window: number; mac: string }, nowMs: number): 'ok' | 'forged' | 'expired' {
  const expected = mac(secret, t.sessionId, t.window);
  if (!crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(t.mac.padEnd(16).slice(0, 16)))) return 'forged';
  const w = tokenWindow(nowMs);
  return t.window === w || t.window === w - 1 ? 'ok' : 'expired';
}

/** Minutes since midnight of "HH:MM". */
export const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Whether a check-in at local date/time `now` falls in the session's window, and whether it is late:
 * open from 30 minutes before the start to the end, late after start + lateMinutes.
 */
export function checkinWindow(s: { heldOn: string; startsAt: string; endsAt: string }, now: { date: string; minutes: number }, lateMinutes: number) {
  if (now.date !== s.heldOn) return { open: false as const, late: false };
  const start = minutesOf(s.startsAt);
  const open = now.minutes >= start - CHECKIN_OPENS_MINUTES && now.minutes <= minutesOf(s.endsAt);
  return { open, late: open && now.minutes > start + lateMinutes };
}

export type CompletionInput = {
  totalHours: number; attendedHours: number; leaveHours: number; absentHours: number; leaveLimit: number;
  testRequired: boolean; testPassed: boolean; reflectionRequired: boolean; reflectionSubmitted: boolean;
};

/**
 * Completion of a class (docs/rules.md §4): leave beyond the limit (1/7 of class hours) or any absence without
 * leave means not completing; so do a failed test and a missing reflection where the class asks for them.
 * The reasons are listed, so the organiser sees why.
 */
export function completion(c: CompletionInput): { completed: boolean; reasons: string[] } {
  const reasons: string[] = [];
  if (c.leaveHours > c.totalHours * c.leaveLimit + 1e-9) reasons.push(`请假 ${fmtHours(c.leaveHours)} 学时，超过总学时的${fmtShare(c.leaveLimit)}`);
  if (c.absentHours > 0) reasons.push(`缺勤 ${fmtHours(c.absentHours)} 学时`);
  if (c.testRequired && !c.testPassed) reasons.push('结业测试未通过');
  if (c.reflectionRequired && !c.reflectionSubmitted) reasons.push('未提交学习心得');
  return { completed: reasons.length === 0, reasons };
}

const fmtHours = (h: number) => String(Math.round(h * 10) / 10);
const fmtShare = (x: number) => (Math.abs(x - 1 / 7) < 1e-6 ? '七分之一' : `${Math.round(x * 100)}%`);

/** Score a submitted paper: all-or-nothing per question. */
export function gradeAttempt(questions: { id: number; answer: number[] }[], answers: Record<string, number[]>, pointsEach: number) {
  let score = 0;
  const perQuestion = questions.map((q) => {
    const given = [...new Set(answers[String(q.id)] ?? [])].sort();
    const right = given.length === q.answer.length && [...q.answer].sort().every((x, i) => x === given[i]);
    if (right) score += pointsEach;
    return { id: q.id, right };
  });
  return { score, perQuestion };
}

/** The yearly study-hour requirement of a person (docs/rules.md §3–4): cadres 90, secretaries and committee members 56, members 32. */
export function annualRequirement(p: { isCadre: boolean; isSecretaryOrCommittee: boolean }, h: { member: number; secretary: number; cadre: number } = DEFAULT_ANNUAL_HOURS) {
  if (p.isCadre) return h.cadre;
  return p.isSecretaryOrCommittee ? h.secretary : h.member;
}

/** Certificate serial: county code, year, class, sequence — e.g. 530101-2026-0007-012. */
export const certificateSerial = (countyCode: string, year: number, classId: number, seq: number) =>
  `${countyCode}-${year}-${String(classId).padStart(4, '0')}-${String(seq).padStart(3, '0')}`;

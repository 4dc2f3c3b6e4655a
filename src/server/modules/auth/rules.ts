/** Password policy and lockout: pure rules. */
export const PASSWORD_MIN_LENGTH = 8;

export function passwordProblems(pw: string): string | null {
  if (pw.length < PASSWORD_MIN_LENGTH) return `密码至少 ${PASSWORD_MIN_LENGTH} 位`;
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^a-zA-Z\d]/].filter((r) => r.test(pw)).length;
  if (classes < 3) return '密码须包含大写字母、小写字母、数字、符号中的至少三类';
  return null;
}

export type LockState = { failedLogins: number; lockedUntil: Date | null };

/** After a failed attempt: count it, and lock once the limit is reached. */
export function afterFailure(s: LockState, now: Date, limit: number, minutes: number): LockState & { nowLocked: boolean } {
  const failed = s.failedLogins + 1;
  if (failed >= limit) return { failedLogins: 0, lockedUntil: new Date(now.getTime() + minutes * 60_000), nowLocked: true };
  return { failedLogins: failed, lockedUntil: null, nowLocked: false };
}

export function isLocked(s: LockState, now: Date): boolean {
  return !!s.lockedUntil && s.lockedUntil.getTime() > now.getTime();
}

export function minutesLeft(s: LockState, now: Date): number {
  return s.lockedUntil ? Math.max(1, Math.ceil((s.lockedUntil.getTime() - now.getTime()) / 60_000)) : 0;
}

export function isIdleExpired(lastSeenAt: Date, now: Date, idleMinutes: number): boolean {
  return now.getTime() - lastSeenAt.getTime() > idleMinutes * 60_000;
}

/** Organisational-life rules of docs/rules.md §2 as pure functions: periods, lateness, quorum, compliance. */
import type { MeetingType, Period } from './tables.js';

export { MEETING_LABELS } from '../../../shared/codes.js';

export type MeetingRule = {
  meetingType: MeetingType; appliesTo: 'branch' | 'committee' | 'groups'; period: Period; minPerPeriod: number;
  quorum: number | null; source: string; effectiveFrom: string;
};

/** Defaults, seeded as rule rows; a county edits the rows, not this code. */
export const DEFAULT_MEETING_RULES: MeetingRule[] = [
  { meetingType: 'general_meeting', appliesTo: 'branch', period: 'quarter', minPerPeriod: 1, quorum: 0.5, source: '《中国共产党支部工作条例（试行）》第十五条', effectiveFrom: '2018-10-28' },
  { meetingType: 'committee_meeting', appliesTo: 'committee', period: 'month', minPerPeriod: 1, quorum: null, source: '《中国共产党支部工作条例（试行）》第十五条', effectiveFrom: '2018-10-28' },
  { meetingType: 'group_meeting', appliesTo: 'groups', period: 'month', minPerPeriod: 1, quorum: null, source: '《中国共产党支部工作条例（试行）》第十五条', effectiveFrom: '2018-10-28' },
  { meetingType: 'party_lecture', appliesTo: 'branch', period: 'quarter', minPerPeriod: 1, quorum: null, source: '《中国共产党支部工作条例（试行）》第十五条', effectiveFrom: '2018-10-28' },
  { meetingType: 'themed_party_day', appliesTo: 'branch', period: 'month', minPerPeriod: 1, quorum: null, source: '《中国共产党支部工作条例（试行）》第十六条', effectiveFrom: '2018-10-28' },
  { meetingType: 'life_meeting', appliesTo: 'branch', period: 'year', minPerPeriod: 1, quorum: null, source: '《中国共产党支部工作条例（试行）》第十七条', effectiveFrom: '2018-10-28' },
  { meetingType: 'member_appraisal', appliesTo: 'branch', period: 'year', minPerPeriod: 1, quorum: null, source: '《中国共产党支部工作条例（试行）》第十七条', effectiveFrom: '2018-10-28' },
];

/** Days after the meeting within which its record must be entered (docs/rules.md §2, default 7). */
export const DEFAULT_LATE_DAYS = 7;

/** The period a date falls in: 2026-11, 2026-Q4, 2026. */
export function periodKey(isoDate: string, period: Period): string {
  const y = isoDate.slice(0, 4);
  const m = Number(isoDate.slice(5, 7));
  if (period === 'year') return y;
  if (period === 'quarter') return `${y}-Q${Math.ceil(m / 3)}`;
  return `${y}-${String(m).padStart(2, '0')}`;
}

export function periodsOfYear(year: number, period: Period): string[] {
  if (period === 'year') return [String(year)];
  if (period === 'quarter') return [1, 2, 3, 4].map((q) => `${year}-Q${q}`);
  return Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
}

/** The first day of a period key. */
export function periodStart(key: string): string {
  if (/-Q\d$/.test(key)) return `${key.slice(0, 4)}-${String(Number(key.slice(-1)) * 3 - 2).padStart(2, '0')}-01`;
  return /-\d{2}$/.test(key) ? `${key}-01` : `${key}-01-01`;
}

/** The last day of a period key. */
export function periodEnd(key: string): string {
  const y = Number(key.slice(0, 4));
  let endMonth = 12;
  if (/-Q\d$/.test(key)) endMonth = Number(key.slice(-1)) * 3;
  else if (/-\d{2}$/.test(key)) endMonth = Number(key.slice(5, 7));
  return new Date(Date.UTC(y, endMonth, 0)).toISOString().slice(0, 10);
}

/**
 * The periods of a year, each with the rule version that governs it (figure meetings.compliance). A version governs
 * from the first period of its own kind that starts on or after its effective date — a period already running keeps
 * the rule it started under — until the next version of the type takes over; before the first version, nothing is due.
 */
export function governedPeriods(history: MeetingRule[], year: number): { rule: MeetingRule; key: string }[] {
  const byType = new Map<string, MeetingRule[]>();
  for (const r of [...history].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom))) {
    byType.set(r.meetingType, [...(byType.get(r.meetingType) ?? []), r]);
  }
  const out: { rule: MeetingRule; key: string }[] = [];
  for (const versions of byType.values()) {
    const from = versions.map((v) => {
      const k = periodKey(v.effectiveFrom, v.period);
      return periodStart(k) === v.effectiveFrom ? v.effectiveFrom : dayAfter(periodEnd(k));
    });
    versions.forEach((v, i) => {
      const until = from[i + 1] ?? '9999-12-31';
      for (const key of periodsOfYear(year, v.period)) {
        const start = periodStart(key);
        if (start >= from[i]! && start < until) out.push({ rule: v, key });
      }
    });
  }
  return out;
}
const dayAfter = (iso: string) => new Date(Date.parse(iso) + 86400_000).toISOString().slice(0, 10);

export function isLate(heldOn: string, enteredOn: string, lateDays = DEFAULT_LATE_DAYS): boolean {
  const days = (Date.parse(enteredOn) - Date.parse(heldOn)) / 86400_000;
  return days > lateDays;
}

/** Quorum is more than half of the voting members present; a resolution passes with more than half of ALL voting members. */
export function generalMeetingValidity(m: { votingTotal: number; votingPresent: number; resolutions: { text: string; yes: number }[] }, quorum = 0.5) {
  const quorate = m.votingTotal > 0 && m.votingPresent > m.votingTotal * quorum;
  return {
    quorate,
    resolutions: m.resolutions.map((r) => ({ text: r.text, passed: quorate && r.yes > m.votingTotal / 2 })),
  };
}

export type CellState = 'held' | 'late' | 'below_quorum' | 'missing' | 'due' | 'future' | 'not_required';

/**
 * The state of one rule in one period for one org, from the submitted records in that period.
 * held: enough records; late: enough, but one was entered late; below_quorum: a general meeting without quorum;
 * missing: the period is over without enough; due: the period is running and not yet done; future.
 */
export function cellState(rule: MeetingRule, key: string, today: string,
  records: { isLate: boolean; quorate: boolean }[], required: boolean): CellState {
  if (!required) return 'not_required';
  if (periodStart(key) > today) return 'future';
  const valid = records.filter((r) => r.quorate);
  if (valid.length >= rule.minPerPeriod) return valid.some((r) => r.isLate) ? 'late' : 'held';
  if (records.length >= rule.minPerPeriod) return 'below_quorum';
  return periodEnd(key) < today ? 'missing' : 'due';
}

/**
 * Compliance rate of a set of cells (figure meetings.compliance): of the periods that are over, the share held (on
 * time or late). A period still running is left out whether or not it is already done, so that it cannot count
 * once met but never while unmet; future and not-required periods are left out too.
 */
export function complianceRate(cells: { state: CellState; key: string }[], today: string): number | null {
  const counted = cells.filter((c) => periodEnd(c.key) < today && c.state !== 'future' && c.state !== 'not_required');
  if (!counted.length) return null;
  return counted.filter((c) => c.state === 'held' || c.state === 'late').length / counted.length;
}

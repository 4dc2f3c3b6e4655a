/** Pure rules of plans and reviews: a target's status from its live value, the review checklist's sorting. No I/O. */
import type { Comparator, GapCategory } from './tables.js';

export type TargetStatus = 'met' | 'on_track' | 'at_risk' | 'behind' | 'no_data';
export { TARGET_STATUS_LABELS } from '../../../shared/codes.js';
export { GAP_LABELS } from '../../../shared/codes.js';

/**
 * The default share of the planned improvement a target may fall short of the expected line and still be
 * "at risk" rather than "behind" (rule value `planAtRiskShare`, a county may change it).
 */
export const DEFAULT_AT_RISK_SHARE = 0.2;

/** The share of the plan's time elapsed on a date: 0 before 1 January of the first year, 1 after 31 December of the last. */
export function elapsedShare(startYear: number, endYear: number, asOf: string): number {
  const start = Date.UTC(startYear, 0, 1);
  const end = Date.UTC(endYear + 1, 0, 1);
  const t = Date.parse(asOf) + 86400_000; // the whole day counts
  return Math.min(1, Math.max(0, (t - start) / (end - start)));
}

export type TargetLine = { comparator: Comparator; target: number; baseline: number; value: number | null; startYear: number; endYear: number; asOf: string };

/**
 * Expected value on the date: the straight line from the baseline at the plan's start to the target at its end.
 * On track at or past the line; at risk within `atRiskShare` of the planned improvement below it (at least a
 * tenth of the target's size when the target only keeps the baseline); behind beyond that.
 */
export function targetStatus(t: TargetLine, atRiskShare = DEFAULT_AT_RISK_SHARE): { status: TargetStatus; expected: number; gap: number | null } {
  const sign = t.comparator === 'gte' ? 1 : -1;
  const expected = round(t.baseline + (t.target - t.baseline) * elapsedShare(t.startYear, t.endYear, t.asOf));
  if (t.value === null || Number.isNaN(t.value)) return { status: 'no_data', expected, gap: null };
  const gap = round(Math.max(0, sign * (t.target - t.value)));
  if (sign * (t.value - t.target) >= 0) return { status: 'met', expected, gap: 0 };
  const short = sign * (expected - t.value);
  if (short <= 1e-9) return { status: 'on_track', expected, gap };
  const tolerance = atRiskShare * Math.max(Math.abs(t.target - t.baseline), Math.abs(t.target) * 0.1);
  return { status: short <= tolerance + 1e-9 ? 'at_risk' : 'behind', expected, gap };
}

const round = (x: number) => Math.round(x * 100) / 100;

/** A readiness-checklist line from a target: at risk → to improve, behind → to rectify, no figure yet → to do; others are ready. */
export function targetGapCategory(s: TargetStatus): GapCategory | null {
  switch (s) {
    case 'at_risk': return 'improve';
    case 'behind': return 'rectify';
    case 'no_data': return 'do';
    default: return null;
  }
}

/** A task is a gap when its deadline has passed unfinished (to do) — or, if finished but not yet accepted, to improve. */
export function taskGapCategory(task: { status: 'open' | 'done' | 'closed'; deadline: string }, asOf: string): GapCategory | null {
  if (task.status === 'closed') return null;
  if (task.status === 'done') return task.deadline < asOf ? 'improve' : null;
  return task.deadline < asOf ? 'do' : null;
}

export function formatValue(v: number | null, unit: string): string {
  if (v === null) return '—';
  return `${Number.isInteger(v) ? v : v.toFixed(1)}${unit}`;
}

/** The gap as a sentence for the checklist and the evidence pack. */
export function gapText(line: { comparator: Comparator; target: number; value: number | null; expected: number; unit: string; status: TargetStatus }): string {
  const dir = line.comparator === 'gte' ? '不低于' : '不高于';
  if (line.value === null) return `目标${dir}${formatValue(line.target, line.unit)}，尚无数据或进展报送`;
  const short = Math.abs(line.target - line.value);
  const unitWord = line.unit === '%' ? '个百分点' : line.unit;
  return `目标${dir}${formatValue(line.target, line.unit)}，当前 ${formatValue(line.value, line.unit)}，距目标差 ${formatValue(short, '')}${unitWord}；按进度应达 ${formatValue(line.expected, line.unit)}`;
}

/** The org a new task may go to: below the assigning org (a level down or further), never itself or outside it. */
export function canAssignTo(assignerPath: string, targetPath: string): boolean {
  return targetPath.startsWith(assignerPath) && targetPath !== assignerPath;
}

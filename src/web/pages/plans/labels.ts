import * as C from '../../../shared/codes';
import { TARGET_STATUS_LABELS, TASK_STATUS_LABELS, GAP_LABELS as GAPS, type GapCategory, type TargetStatus, type TaskStatus } from '../../../shared/codes';

type Labels = Record<string, string>;
export const ASPECT_LABELS: Labels = C.ASPECT_LABELS;
export const KIND_LABELS: Labels = C.PLAN_KIND_LABELS;
export const RATING_LABELS: Labels = C.SELF_RATING_LABELS;
export const STAGE_LABELS: Labels = C.STAGE_LABELS;
type Tag = 'success' | 'warning' | 'danger' | 'primary' | 'info';
const TARGET_TAGS: Record<TargetStatus, Tag> = { met: 'success', on_track: 'success', at_risk: 'warning', behind: 'danger', no_data: 'info' };
export const TARGET_STATUS: Record<string, { label: string; tag: Tag }> = Object.fromEntries(
  (Object.keys(TARGET_TAGS) as TargetStatus[]).map((k) => [k, { label: TARGET_STATUS_LABELS[k], tag: TARGET_TAGS[k] }]));
const TASK_TAGS: Record<TaskStatus, Tag> = { open: 'warning', done: 'primary', closed: 'success' };
export const TASK_STATUS: Record<string, { label: string; tag: Tag }> = Object.fromEntries(
  (Object.keys(TASK_TAGS) as TaskStatus[]).map((k) => [k, { label: TASK_STATUS_LABELS[k], tag: TASK_TAGS[k] }]));
const GAP_TAGS: Record<GapCategory, Tag> = { rectify: 'danger', improve: 'warning', do: 'primary' };
export const GAP_LABELS: Record<string, { label: string; tag: Tag }> = Object.fromEntries(
  (['rectify', 'improve', 'do'] as GapCategory[]).map((k) => [k, { label: GAPS[k], tag: GAP_TAGS[k] }]));
export const value = (v: number | null | undefined, unit: string) => (v === null || v === undefined ? '—' : `${Number.isInteger(v) ? v : v.toFixed(1)}${unit}`);

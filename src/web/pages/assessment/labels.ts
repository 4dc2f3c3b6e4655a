import { ASSESSMENT_GRADE_LABELS, DAILY_RECORD_STATUS_LABELS, SCHEME_STATUSES, type AssessmentGrade, type DailyRecordStatus } from '../../../shared/codes';

import * as C from '../../../shared/codes';

type Labels = Record<string, string>;
export const ACTION: Labels = C.ACTION_KIND_LABELS;
export const CHANNEL: Labels = C.CHANNEL_LABELS;
export const METHOD: Labels = C.METHOD_LABELS;
export const STATUS: Labels = C.SCHEME_STATUS_LABELS;
type Tag = 'success' | 'info' | 'warning' | 'danger';
const GRADE_TAGS: Record<AssessmentGrade, Tag> = { excellent: 'success', good: 'info', fair: 'warning', poor: 'danger' };
export const GRADE: Record<string, { label: string; type: Tag }> = Object.fromEntries(
  (Object.keys(GRADE_TAGS) as AssessmentGrade[]).map((k) => [k, { label: ASSESSMENT_GRADE_LABELS[k], type: GRADE_TAGS[k] }]));
export const STEPS = [...SCHEME_STATUSES];
const RECORD_TAGS: Record<DailyRecordStatus, 'info' | 'success' | 'danger'> = { submitted: 'info', approved: 'success', rejected: 'danger' };
export const RECORD_STATUS: Record<string, { label: string; type: 'info' | 'success' | 'danger' }> = Object.fromEntries(
  (Object.keys(RECORD_TAGS) as DailyRecordStatus[]).map((k) => [k, { label: DAILY_RECORD_STATUS_LABELS[k], type: RECORD_TAGS[k] }]));
export const fmt = (x: number | null | undefined, d = 2) => (x === null || x === undefined ? '—' : Number(x).toFixed(d).replace(/\.?0+$/, ''));

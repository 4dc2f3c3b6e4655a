import * as C from '../../../shared/codes';

type Labels = Record<string, string>;
export const COVER_LABELS: Labels = C.COVER_KIND_LABELS;
export const KIND_LABELS: Labels = C.ENTITY_KIND_LABELS;
export const SIZE_LABELS: Labels = C.ENTITY_SIZE_LABELS;
export const EVENT_LABELS: Labels = C.EVENT_KIND_LABELS;
export const CATEGORY_LABELS: Labels = C.FINDING_CATEGORY_LABELS;
export const SOURCE_LABELS: Labels = C.RECTIFICATION_SOURCE_LABELS;
export const STATUS_LABELS: Labels = C.RECTIFICATION_STATUS_LABELS;
export const SEVERITY_LABELS: Labels = C.SEVERITY_LABELS;
export const STATUS_TAGS: Labels = { open: 'danger', in_progress: 'warning', pending_acceptance: 'primary', accepted: 'success', closed: 'info' };
export const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`);

/**
 * The code tables the pages show, from src/shared/codes (one list for server and web). Pages look labels up by
 * whatever code a row carries, so the maps are read here as plain string records (the same objects, not copies).
 */
import * as C from '../../shared/codes';

type Labels = Record<string, string>;
export { ALLOWED_CHILDREN, EDUCATIONS, ETHNICITIES, labelOf } from '../../shared/codes';
export { FIELD_LABELS } from '../../shared/labels';
export const GENDER_LABELS: Labels = Object.fromEntries(C.GENDERS.map((g) => [g.code, g.label]));
export const CATEGORY_LABELS: Labels = C.MEMBER_CATEGORY_LABELS;
export const ORG_TYPE_LABELS: Labels = C.ORG_TYPE_LABELS;
export const POST_LABELS: Labels = C.POST_LABELS;
export const TERM_LABELS: Labels = C.TERM_STATE_LABELS;
export const MEETING_LABELS: Labels = C.MEETING_LABELS;
export const ATTENDANCE_LABELS: Labels = C.ATTENDANCE_LABELS;
export const CELL_LABELS: Labels = C.CELL_LABELS;
export const PERIOD_LABELS: Labels = C.PERIOD_LABELS;
export const CLASS_TYPE_LABELS: Labels = C.CLASS_TYPE_LABELS;
export const TARGET_GROUP_LABELS: Labels = C.TARGET_GROUP_LABELS;
export const APPRAISAL_GRADE_LABELS: Labels = C.APPRAISAL_GRADE_LABELS;
export const SCOPE_LABELS: Labels = C.SCOPE_LABELS;
export const CONTACT_METHOD_LABELS: Labels = C.CONTACT_METHOD_LABELS;
export const ENROLLMENT_STATUS_LABELS: Labels = C.ENROLLMENT_STATUS_LABELS;
export const LEAVE_STATUS_LABELS: Labels = C.LEAVE_STATUS_LABELS;
export const CLASS_PHASE_LABELS: Labels = C.CLASS_PHASE_LABELS;
export const QUESTION_KIND_LABELS: Labels = C.QUESTION_KIND_LABELS;
export const LOGIN_EVENT_LABELS: Labels = C.LOGIN_EVENT_LABELS;
export const ASSESSMENT_GRADE_LABELS: Labels = C.ASSESSMENT_GRADE_LABELS;
export const REFLECTION_STATUS_LABELS: Labels = C.REFLECTION_STATUS_LABELS;
export const STUDY_ENTRY_STATUS_LABELS: Labels = C.STUDY_ENTRY_STATUS_LABELS;
/** Element Plus tag colours by a row's state. */
export type TagType = 'primary' | 'success' | 'info' | 'warning' | 'danger';

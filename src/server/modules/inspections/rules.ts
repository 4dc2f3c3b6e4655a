/**
 * Rectification rules (docs/rules.md §5 and the county's 销号 practice): pure functions, no I/O.
 * An item moves open → in_progress → pending_acceptance → accepted → closed; the checker may return it
 * from pending_acceptance to in_progress. Nothing is closed without acceptance.
 */
import type { ChecklistItem, EventKind, RectificationStatus, Severity } from './tables.js';

import { RECTIFICATION_STATUS_LABELS as STATUS_LABELS } from '../../../shared/codes.js';
export { STATUS_LABELS };

export type Action = 'progress' | 'request_acceptance' | 'return' | 'accept' | 'close';

/** Which status an action leads to from a status, or the reason it is refused (in Chinese, for the user). */
export function transition(status: RectificationStatus, action: Action): { to: RectificationStatus } | { error: string } {
  switch (action) {
    case 'progress':
      if (status === 'open' || status === 'in_progress') return { to: 'in_progress' };
      return { error: status === 'pending_acceptance' ? '已申请验收，等待验收结果；如需补充请待退回后再报' : `事项${STATUS_LABELS[status]}，不能再报进展` };
    case 'request_acceptance':
      if (status === 'open' || status === 'in_progress') return { to: 'pending_acceptance' };
      return { error: status === 'pending_acceptance' ? '已申请验收，请勿重复提交' : `事项${STATUS_LABELS[status]}，不能申请验收` };
    case 'return':
    case 'accept':
      if (status === 'pending_acceptance') return { to: action === 'accept' ? 'accepted' : 'in_progress' };
      return { error: `事项${STATUS_LABELS[status]}，只有“待验收”的事项可以${action === 'accept' ? '验收' : '退回'}` };
    case 'close':
      if (status === 'accepted') return { to: 'closed' };
      return { error: status === 'closed' ? '事项已销号' : '未经验收通过的事项不能销号' };
  }
}

export const EVENT_OF: Record<Action, EventKind> = {
  progress: 'progress', request_acceptance: 'request_acceptance', return: 'returned', accept: 'accepted', close: 'closed',
};

export const isDone = (s: RectificationStatus) => s === 'accepted' || s === 'closed';

/** Overdue: past the deadline and not yet accepted. */
export const isOverdue = (i: { status: RectificationStatus; deadline: string }, today: string) => !isDone(i.status) && i.deadline < today;

const dayMs = 86_400_000;
export const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / dayMs);

/** Age bands of the ledger: how long an item has been open (to its closure, or to today). */
export const AGE_BANDS = [[30, '30 天以内'], [90, '31–90 天'], [180, '91–180 天'], [Infinity, '180 天以上']] as const;
export function ageBand(foundOn: string, until: string): string {
  const d = daysBetween(foundOn, until);
  return AGE_BANDS.find(([max]) => d <= max)![1];
}

/** Default days to rectify by severity when a plan gives none. */
export const DEFAULT_RECTIFY_DAYS: Record<Severity, number> = { minor: 30, general: 60, serious: 90 };

export const addDays = (d: string, n: number) => new Date(Date.parse(d) + n * dayMs).toISOString().slice(0, 10);

/** A reminder is due once when the deadline is within `days` and the item is not done. */
export const remindDue = (i: { status: RectificationStatus; deadline: string }, today: string, days: number) =>
  !isDone(i.status) && i.deadline >= today && daysBetween(today, i.deadline) <= days;

/** The org an overdue item escalates to: the parent of the responsible org on its path (/county/…/parent/org/). */
export function escalationTarget(path: string): number | null {
  const ids = path.split('/').filter(Boolean).map(Number);
  return ids.length >= 2 ? ids[ids.length - 2]! : null;
}

/** Share of items due in a period that were accepted by their deadline; null when none was due. */
export function closureRate(items: { deadline: string; acceptedOn: string | null }[]): number | null {
  if (!items.length) return null;
  return items.filter((i) => i.acceptedOn !== null && i.acceptedOn <= i.deadline).length / items.length;
}

/** The county's default inspection checklist (组织生活、班子、党员、制度、阵地、服务): a template copied into a plan. */
export const DEFAULT_CHECKLIST: ChecklistItem[] = [
  { code: 'A1', category: 'org_life', text: '“三会一课”按规定频次召开，记录完整、及时' },
  { code: 'A2', category: 'org_life', text: '主题党日每月开展，内容与会议记录一致' },
  { code: 'A3', category: 'org_life', text: '组织生活会、民主评议党员按年度开展' },
  { code: 'B1', category: 'team', text: '书记、委员配备齐全，按期换届' },
  { code: 'B2', category: 'team', text: '班子团结，分工明确，履职到位' },
  { code: 'C1', category: 'members', text: '党员教育管理：年度学习学时达标，流动党员有联系' },
  { code: 'C2', category: 'members', text: '发展党员程序规范，材料齐全' },
  { code: 'C3', category: 'members', text: '党费按月足额收缴，台账清楚' },
  { code: 'D1', category: 'institutions', text: '党务公开、“四议两公开”等制度落实' },
  { code: 'E1', category: 'venue_funds', text: '活动场所标识规范，能正常使用' },
  { code: 'E2', category: 'venue_funds', text: '服务群众专项经费使用规范' },
  { code: 'F1', category: 'service', text: '为民服务事项有台账、有回应' },
];

export { FINDING_CATEGORY_LABELS as CATEGORY_LABELS } from '../../../shared/codes.js';
export { SEVERITY_LABELS } from '../../../shared/codes.js';

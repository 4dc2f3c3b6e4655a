import { AUDIT_ACTION_LABELS, AUDIT_ENTITY_LABELS, GENDERS, MEMBER_CATEGORY_LABELS, ORG_TYPE_LABELS, POST_LABELS } from '../../shared/codes';
import { fieldLabel } from '../../shared/labels';

/** Times are stored in UTC and shown in Asia/Shanghai. */
export const fmtTime = (s: string) => new Date(new Date(s).getTime() + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19);
export const todayLocal = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

export const ACTION_LABELS = AUDIT_ACTION_LABELS;
export const ENTITY_LABELS = AUDIT_ENTITY_LABELS;

const SKIP = new Set(['version', 'updatedAt', 'createdAt', 'importedRaw', 'id', 'countyId', 'depth', 'memberCount', 'subtreeMemberCount']);
const VALUE_LABELS: Record<string, Record<string, string>> = {
  post: POST_LABELS, orgType: ORG_TYPE_LABELS, memberCategory: MEMBER_CATEGORY_LABELS, gender: Object.fromEntries(GENDERS.map((g) => [g.code, g.label])),
};
const value = (k: string, v: unknown) => (v === null || v === undefined || v === '' ? '空' : VALUE_LABELS[k]?.[String(v)] ?? (typeof v === 'boolean' ? (v ? '是' : '否') : String(v)));

/** What a change did, in words: the fields that differ, or the values of a new record; fields named as the resource at `url` names them. */
export function describeChange(b: Record<string, unknown> | null, a: Record<string, unknown> | null, url = ''): string {
  const label = (k: string) => fieldLabel(k, url);
  if (!b) return a ? Object.entries(a).filter(([k, v]) => !SKIP.has(k) && v !== null && v !== '').slice(0, 8).map(([k, v]) => `${label(k)}：${value(k, v)}`).join('；') : '';
  if (!a) return '';
  return Object.keys(a).filter((k) => !SKIP.has(k) && JSON.stringify(a[k]) !== JSON.stringify(b[k])).map((k) => `${label(k)}：${value(k, b[k])} → ${value(k, a[k])}`).join('；');
}

/** Times are stored in UTC and shown in Asia/Shanghai. */
export const fmtTime = (s: string) => new Date(new Date(s).getTime() + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19);
export const todayLocal = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

import { CATEGORY_LABELS, FIELD_LABELS, GENDER_LABELS, ORG_TYPE_LABELS, POST_LABELS } from './codes';

export const ACTION_LABELS: Record<string, string> = {
  create: '新建', update: '修改', move: '调整隶属', dissolve: '撤销', add_post: '任职', end_post: '离任', transfer: '关系转接',
  import: '导入', change_password: '修改密码', reset_password: '重置密码', assign_role: '授权', revoke_role: '撤销授权',
};
export const ENTITY_LABELS: Record<string, string> = { org: '党组织', member: '党员', user: '用户', role: '角色' };

const SKIP = new Set(['version', 'updatedAt', 'createdAt', 'importedRaw', 'id', 'countyId', 'depth', 'memberCount', 'subtreeMemberCount']);
const label = (k: string) => FIELD_LABELS[k] ?? k;
const VALUE_LABELS: Record<string, Record<string, string>> = { post: POST_LABELS, orgType: ORG_TYPE_LABELS, memberCategory: CATEGORY_LABELS, gender: GENDER_LABELS };
const value = (k: string, v: unknown) => (v === null || v === undefined || v === '' ? '空' : VALUE_LABELS[k]?.[String(v)] ?? (typeof v === 'boolean' ? (v ? '是' : '否') : String(v)));

/** What a change did, in words: the fields that differ, or the values of a new record. */
export function describeChange(b: Record<string, unknown> | null, a: Record<string, unknown> | null): string {
  if (!b) return a ? Object.entries(a).filter(([k, v]) => !SKIP.has(k) && v !== null && v !== '').slice(0, 8).map(([k, v]) => `${label(k)}：${value(k, v)}`).join('；') : '';
  if (!a) return '';
  return Object.keys(a).filter((k) => !SKIP.has(k) && JSON.stringify(a[k]) !== JSON.stringify(b[k])).map((k) => `${label(k)}：${value(k, b[k])} → ${value(k, a[k])}`).join('；');
}

export const STATUS_LABELS: Record<string, string> = { open: '待整改', in_progress: '整改中', pending_acceptance: '待验收', accepted: '已验收', closed: '已销号' };
export const STATUS_TAGS: Record<string, string> = { open: 'danger', in_progress: 'warning', pending_acceptance: 'primary', accepted: 'success', closed: 'info' };
export const SOURCE_LABELS: Record<string, string> = { inspection: '督查发现', weak_org: '软弱涣散整顿', midterm_review: '中期评估', interview: '约谈', complaint: '群众反映', other: '其他' };
export const EVENT_LABELS: Record<string, string> = {
  created: '立项', progress: '报送进展', request_acceptance: '申请验收', returned: '退回', accepted: '验收通过', closed: '销号', escalated: '提级督办', reminded: '到期提醒', deadline_changed: '调整期限',
};
export const CATEGORY_LABELS: Record<string, string> = {
  organization: '组织设置', team: '班子队伍', org_life: '组织生活', members: '党员管理', institutions: '制度落实', venue_funds: '阵地经费', service: '服务群众', other: '其他',
};
export const SEVERITY_LABELS: Record<string, string> = { minor: '轻微', general: '一般', serious: '严重' };
export const KIND_LABELS: Record<string, string> = { enterprise: '非公有制企业', social_org: '社会组织' };
export const SIZE_LABELS: Record<string, string> = { large: '大型', medium: '中型', small: '小型', micro: '微型' };
export const COVER_LABELS: Record<string, string> = { own: '单独组建', joint: '联合组建', none: '未建' };
export const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`);

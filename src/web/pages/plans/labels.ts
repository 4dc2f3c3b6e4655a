export const KIND_LABELS: Record<string, string> = { three_year: '三年规划', five_year: '五年规划', work_points: '年度工作要点' };
export const ASPECT_LABELS: Record<string, string> = {
  organisation: '组织体系建设', leadership: '领导班子建设', workforce: '干部队伍建设', institutions: '制度机制建设', platforms: '阵地载体建设', mechanisms: '保障机制建设',
};
export const TARGET_STATUS: Record<string, { label: string; tag: string }> = {
  met: { label: '已达标', tag: 'success' }, on_track: { label: '进度正常', tag: 'success' }, at_risk: { label: '有风险', tag: 'warning' },
  behind: { label: '滞后', tag: 'danger' }, no_data: { label: '尚无数据', tag: 'info' },
};
export const TASK_STATUS: Record<string, { label: string; tag: string }> = { open: { label: '推进中', tag: 'warning' }, done: { label: '待办结', tag: 'primary' }, closed: { label: '已办结', tag: 'success' } };
export const GAP_LABELS: Record<string, { label: string; tag: string }> = { rectify: { label: '待整改', tag: 'danger' }, improve: { label: '待完善', tag: 'warning' }, do: { label: '待落实', tag: 'primary' } };
export const STAGE_LABELS: Record<string, string> = { pilot: '试点', summary: '总结提炼', rollout: '全面推广', closed: '已结束' };
export const RATING_LABELS: Record<string, string> = { good: '好', fair: '较好', poor: '一般' };
export const value = (v: number | null | undefined, unit: string) => (v === null || v === undefined ? '—' : `${Number.isInteger(v) ? v : v.toFixed(1)}${unit}`);

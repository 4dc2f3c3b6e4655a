export const GRADE: Record<string, { label: string; type: 'success' | 'info' | 'warning' | 'danger' }> = {
  excellent: { label: '好', type: 'success' }, good: { label: '较好', type: 'info' }, fair: { label: '一般', type: 'warning' }, poor: { label: '差', type: 'danger' },
};
export const STATUS: Record<string, string> = { draft: '草稿', scoring: '已发布·评分中', review: '审核中', objection: '结果公示（异议期）', final: '已定稿' };
export const STEPS = ['draft', 'scoring', 'review', 'objection', 'final'];
export const METHOD: Record<string, string> = {
  group: '分组', manual: '评分', metric: '平台数据', deduction: '扣分（督查发现）', bonus: '加分', veto: '一票否决', daily: '日常记实', ballot: '年末测评', duty: '述职评议',
};
export const CHANNEL: Record<string, string> = {
  manual: '评分', metric: '平台数据', inspection: '督查发现', daily_record: '日常记实', ballot: '年末测评', duty_report: '述职评议', veto: '否决事项', bonus: '加分', correction: '更正',
};
export const ACTION: Record<string, string> = { circular: '专项通报', interview: '整改约谈', honour_ban: '取消评优', adjustment: '组织调整' };
export const RECORD_STATUS: Record<string, { label: string; type: 'info' | 'success' | 'danger' }> = {
  submitted: { label: '待审核', type: 'info' }, approved: { label: '已通过', type: 'success' }, rejected: { label: '已退回', type: 'danger' },
};
export const fmt = (x: number | null | undefined, d = 2) => (x === null || x === undefined ? '—' : Number(x).toFixed(d).replace(/\.?0+$/, ''));

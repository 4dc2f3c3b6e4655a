/**
 * Chinese names of fields: validation messages name the field by them, and change histories describe a change
 * with them. One list for the server and the web.
 */
export const FIELD_LABELS: Record<string, string> = {
  name: '名称', username: '用户名', password: '密码', displayName: '姓名', oldPassword: '原密码', newPassword: '新密码',
  orgType: '组织类型', category: '组织类别', parentId: '上级党组织', newParentId: '新的上级党组织', termStart: '本届开始日期',
  termEnd: '届满日期', foundedOn: '成立日期', unitName: '单位名称', unitUscc: '统一社会信用代码', contactName: '联系人',
  contactPhone: '联系电话', reason: '原因', dissolvedOn: '撤销日期', dissolvedReason: '撤销原因', version: '版本号', post: '职务',
  startedOn: '任职日期', endedOn: '离任日期', endReason: '离任原因', memberId: '党员', personName: '姓名', orgId: '所在党组织',
  gender: '性别', ethnicity: '民族', idNumber: '公民身份号码', birthDate: '出生日期', education: '学历', memberCategory: '人员类别',
  joinDate: '入党日期', fullMemberDate: '转正日期', jobPosition: '工作岗位', mobile: '手机号码', homeAddress: '家庭住址',
  employerAndPost: '工作单位及职务', isFloating: '流动党员', floatingSince: '外出日期', outflowRegion: '外出流向',
  isLostContact: '失联党员', lostContactSince: '失去联系日期', isWithoutPost: '无职党员', dutyPost: '设岗定责', toOrgId: '转入党组织',
  transferredOn: '转接日期', page: '页码', pageSize: '每页条数', scope: '数据范围', roleId: '角色', userId: '用户',
  permissions: '权限', code: '编码', keyword: '关键词', sort: '排序', order: '排序方向', id: '编号', status: '状态', path: '路径',
  title: '名称', targetValue: '目标值', baseline: '基期值', fileName: '文件', rows: '行数', memberCount: '直属党员数',
  subtreeMemberCount: '党员总数', isTemporary: '临时党支部', shortName: '简称', sheet: '工作表', headerRow: '表头所在行',
  profile: '导入方案', mapping: '列的对应', dryRun: '预览', onExisting: '已在册时的处理', jobId: '进度编号',
};

/** A field whose name means different things on different resources. */
const BY_RESOURCE: Record<string, Record<string, string>> = {
  '/api/members': { name: '姓名' },
  '/api/orgs': { name: '党组织名称' },
  '/api/roles': { name: '角色名称' },
};

/** The Chinese name of a field (`items.3.memberId` → 党员), as the resource at `url` calls it. */
export function fieldLabel(path: string, url = ''): string {
  const key = path.split('.').filter((p) => !/^\d+$/.test(p)).pop() ?? '';
  const resource = Object.keys(BY_RESOURCE).find((r) => url.startsWith(r));
  return (resource && BY_RESOURCE[resource]![key]) || FIELD_LABELS[key] || key || '请求';
}

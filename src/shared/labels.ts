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
  // accounts and roles
  isActive: '启用', resetPassword: '重置密码', unlock: '解除锁定', customOrgIds: '指定的党组织', actor: '操作人', entity: '对象类型',
  entityId: '对象编号', action: '操作', success: '是否成功', roles: '角色',
  // lists, filters, exports
  under: '所属党组织', termState: '换届状态', figure: '统计口径', includeDissolved: '包含已撤销的', includeSub: '包含下级', from: '开始日期',
  to: '截止日期', year: '年度', month: '月份', kind: '类型', label: '名称', key: '编号', field: '字段', token: '链接口令', worklist: '只看待办',
  overdue: '已逾期', escalated: '已提级督办', ageMin: '最短已过天数', ageMax: '最长已过天数', dueWithin: '剩余天数以内', trigger: '触发条件',
  lacking: '缺项', unread: '未读', t: '口令时间', items: '条目', count: '数量', size: '规模', value: '数值', text: '内容',
  // organisational life
  effectiveFrom: '生效日期', appliesTo: '适用范围', period: '频次', minPerPeriod: '每期至少次数', quorum: '应到会比例',
  meetingType: '会议类型', place: '地点', host: '主持人', recorder: '记录人', topic: '议题', minutes: '会议记录', resolutions: '决议事项',
  yes: '赞成票', no: '反对票', abstain: '弃权票', attendance: '出席情况', grade: '评议等次', followUp: '后续措施', talkerName: '谈话人',
  talkedOn: '谈话日期', postId: '岗位', performanceNote: '履职情况', direction: '流动方向', active: '是否在册', region: '流向地区',
  employer: '务工单位', since: '开始日期', receivingOrg: '接收党组织', contactedOn: '联系日期', reached: '是否联系上', method: '方式',
  note: '说明', summary: '小结', approve: '是否通过',
  // training
  heldOn: '举办日期', classType: '班次类型', targetGroup: '培训对象', plannedMonth: '计划月份', days: '天数', quota: '名额', quotas: '名额分配',
  organiser: '承办单位', budget: '预算', fromYear: '来源年度', toYear: '目标年度', planItemId: '计划项目', startsOn: '开班日期', endsOn: '结业日期',
  venue: '培训地点', organiserOrgId: '承办党组织', headTeacher: '班主任', capacity: '容量', lateMinutes: '迟到判定分钟数', passMark: '及格分',
  testMinutes: '考试时长', testAttempts: '考试次数', requireReflection: '须交学习心得', notice: '开班通知', quotaOrgId: '名额单位',
  enrollmentIds: '学员', enrollmentId: '学员', courseId: '课程', teacher: '授课人', startsAt: '开始时间', endsAt: '结束时间', studyHours: '学时',
  late: '迟到', questionIds: '试题', draw: '随机抽题', single: '单选题数', multiple: '多选题数', judge: '判断题数', pointsEach: '每题分值',
  sessionIds: '请假的课程', overall: '总体评价', courseScores: '课程评分', comment: '意见建议', answers: '答案', studiedOn: '学习日期',
  provider: '学习平台或单位', hours: '学时',
  // assessment
  score: '得分', groups: '测评组', categories: '组织类别', orgTypes: '参评组织类型', gradeRule: '等次规则', excellent: '好等次分数线',
  good: '较好等次分数线', fair: '一般等次分数线', excellentQuota: '好等次比例上限', bonusCap: '加分上限', objectionDays: '异议期天数', notApplicableShare: '无适用对象时的得分比例',
  template: '模板', baseSchemeId: '参照方案', rev: '修订号', deviationApproval: '偏离县级方案的批准文号', indicators: '指标', parentKey: '上级指标',
  maxPoints: '分值', weight: '权重', weights: '权重', perItem: '每项分值', metricKey: '计算指标', metricTarget: '达标值', vetoEffect: '否决后果',
  criteria: '评分标准', copiedFromId: '复制自', indicatorId: '考核指标', channel: '计分来源', entryId: '得分记录', points: '分数',
  marks: '投票', choice: '评价', groupKey: '排名分组', upheld: '是否成立', decision: '处理决定', persons: '涉及人员', problems: '存在问题',
  commitments: '整改承诺', docNo: '文号', content: '工作内容', doneOn: '完成日期', opensAt: '开始时间', closesAt: '截止时间',
  // inspections, rectifications, weak orgs
  team: '检查组', foundOn: '发现日期', description: '问题描述', occurrences: '出现次数', schemeId: '考核方案', periodStart: '检查期起',
  periodEnd: '检查期止', scopeOrgId: '检查范围', teamMembers: '检查组成员', rectifyDays: '整改期限天数', checklist: '检查清单',
  visitedOn: '检查日期', inspectors: '检查人员', visitId: '检查记录', checklistCode: '清单编号', severity: '严重程度',
  responsiblePerson: '责任人', deadline: '整改期限', measures: '整改措施', source: '问题来源', sourceRef: '来源依据', checkerOrgId: '验收党组织',
  happenedOn: '日期', fileIds: '附件', fileId: '附件', enabled: '是否启用', threshold: '阈值', ratioTarget: '目标比例', runId: '排查批次',
  contactLeader: '联系领导', firstSecretary: '第一书记', hasPersonInCharge: '有无负责人', personInCharge: '负责人',
  collectiveIncome: '村集体经济收入', serviceFunds: '服务群众经费', hasVenue: '有无活动场所', venueArea: '活动场所面积', actions: '整顿措施',
  coverKind: '党组织建立情况', uscc: '统一社会信用代码', acceptBadUscc: '确认信用代码无误', industry: '行业', employees: '从业人员数',
  partyMembers: '党员人数', partyOrgId: '所属党组织', liaison: '党建指导员', address: '地址',
  // plans, campaigns, notices
  startYear: '起始年度', endYear: '截止年度', goals: '目标', aspect: '方面', asOf: '截至日期', goalId: '目标', comparator: '比较方式',
  unit: '单位', responsibleOrgId: '责任党组织', targetId: '指标', deliverable: '交付成果', percent: '完成百分比', complete: '是否完成',
  selfDueOn: '自评截止日期', lineKey: '清单项', as: '转为', rating: '自评等次', achievements: '主要成效', shortfalls: '存在不足',
  nextSteps: '下一步打算', planId: '规划', accept: '是否验收通过', ownerOrgId: '牵头党组织', pilotOrgIds: '试点党组织',
  rolloutOrgId: '推广范围', rolloutCategories: '推广的组织类别', campaignId: '活动', orgIds: '党组织', met: '是否达标', highlight: '推荐为典型',
  senderOrgId: '发文党组织', issuer: '签发人', body: '正文', membershipStatus: '党籍状态', substituteFor: '替换的学员',
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

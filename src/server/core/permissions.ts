/** Permissions are typed constants `module:action`, checked once per service function. */
export const P = {
  orgRead: 'org:read',
  orgWrite: 'org:write',
  memberRead: 'member:read',
  memberWrite: 'member:write',
  memberReadIdNumber: 'member:read_id_number',
  memberImport: 'member:import',
  userRead: 'user:read',
  userWrite: 'user:write',
  roleWrite: 'role:write',
  auditRead: 'audit:read',
  loginLogRead: 'login_log:read',
  meetingRead: 'meeting:read',
  meetingWrite: 'meeting:write',
  trainingRead: 'training:read',
  trainingManage: 'training:manage',
  trainingNominate: 'training:nominate',
  assessmentRead: 'assessment:read',
  assessmentManage: 'assessment:manage',
  assessmentScore: 'assessment:score',
  assessmentSubmit: 'assessment:submit',
} as const;
export type Permission = (typeof P)[keyof typeof P];
export const ALL_PERMISSIONS: Permission[] = Object.values(P);

export const PERMISSION_LABELS: Record<Permission, string> = {
  'org:read': '查看党组织',
  'org:write': '维护党组织',
  'member:read': '查看党员',
  'member:write': '维护党员',
  'member:read_id_number': '查看完整身份证号',
  'member:import': '导入党员/党组织',
  'user:read': '查看用户',
  'user:write': '管理用户（系统管理员）',
  'role:write': '管理角色与授权（安全管理员）',
  'audit:read': '查看审计日志（审计员）',
  'login_log:read': '查看登录日志',
  'meeting:read': '查看组织生活记录',
  'meeting:write': '填写组织生活记录',
  'training:read': '查看培训',
  'training:manage': '举办培训班（计划、课程、签到、结业）',
  'training:nominate': '推荐参训学员（本单位名额内）',
  'assessment:read': '查看考核方案与结果',
  'assessment:manage': '制定考核方案、发布结果、问责',
  'assessment:score': '考核评分（督查发现、日常记实审核、述职评议）',
  'assessment:submit': '报送日常记实、提出异议',
};

/** Three-admin separation: a user may hold at most one of these duties. */
export const ADMIN_DUTY_PERMISSIONS = {
  system: [P.userRead, P.userWrite],
  security: [P.userRead, P.roleWrite, P.loginLogRead],
  audit: [P.auditRead, P.loginLogRead],
} as const;

import { createRouter, createWebHistory } from 'vue-router';
import { useSession } from './stores/session';

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/login', name: 'login', component: () => import('./pages/Login.vue'), meta: { public: true } },
    { path: '/password', name: 'password', component: () => import('./pages/ChangePassword.vue') },
    {
      path: '/', component: () => import('./components/Layout.vue'), children: [
        { path: '', name: 'home', component: () => import('./pages/home/Home.vue'), meta: { title: '首页' } },
        { path: 'orgs', name: 'orgs', component: () => import('./pages/orgs/OrgTree.vue'), meta: { title: '组织架构', perm: 'org:read' } },
        { path: 'orgs/:id', name: 'org', component: () => import('./pages/orgs/OrgDetail.vue'), meta: { title: '党组织详情', perm: 'org:read' } },
        { path: 'rules', name: 'rules', component: () => import('./pages/orgs/Rules.vue'), meta: { title: '规则设置', perm: 'meeting:read' } },
        { path: 'warnings', name: 'warnings', component: () => import('./pages/orgs/Warnings.vue'), meta: { title: '组织设置预警', perm: 'org:read' } },
        { path: 'workers', name: 'workers', component: () => import('./pages/orgs/Workers.vue'), meta: { title: '党务工作者', perm: 'org:read' } },
        { path: 'members', name: 'members', component: () => import('./pages/members/MemberList.vue'), meta: { title: '党员管理', perm: 'member:read' } },
        { path: 'members/new', name: 'member-new', component: () => import('./pages/members/MemberForm.vue'), meta: { title: '新增党员', perm: 'member:write' } },
        { path: 'members/:id', name: 'member', component: () => import('./pages/members/MemberDetail.vue'), meta: { title: '党员信息', perm: 'member:read' } },
        { path: 'members/:id/edit', name: 'member-edit', component: () => import('./pages/members/MemberForm.vue'), meta: { title: '修改党员信息', perm: 'member:write' } },
        { path: 'meetings', name: 'meetings', component: () => import('./pages/meetings/MeetingList.vue'), meta: { title: '组织生活', perm: 'meeting:read' } },
        { path: 'meetings/new', name: 'meeting-new', component: () => import('./pages/meetings/MeetingForm.vue'), meta: { title: '记录组织生活', perm: 'meeting:write' } },
        { path: 'meetings/:id', name: 'meeting', component: () => import('./pages/meetings/MeetingDetail.vue'), meta: { title: '会议记录', perm: 'meeting:read' } },
        { path: 'meetings/:id/edit', name: 'meeting-edit', component: () => import('./pages/meetings/MeetingForm.vue'), meta: { title: '修改会议记录', perm: 'meeting:write' } },
        { path: 'meeting-overview', name: 'meeting-overview', component: () => import('./pages/meetings/Overview.vue'), meta: { title: '组织生活达标', perm: 'meeting:read' } },
        { path: 'meeting-copied', name: 'meeting-copied', component: () => import('./pages/meetings/Copied.vue'), meta: { title: '疑似雷同记录', perm: 'meeting:read' } },
        { path: 'training', name: 'training', component: () => import('./pages/training/TrainingHome.vue'), meta: { title: '干部教育培训', perm: 'training:read' } },
        { path: 'training/classes/:id', name: 'training-class', component: () => import('./pages/training/ClassDetail.vue'), meta: { title: '培训班', perm: 'training:read' } },
        { path: 'my-training', name: 'my-training', component: () => import('./pages/training/MyTraining.vue'), meta: { title: '我的培训' } },
        { path: 'my-training/:id', name: 'my-class', component: () => import('./pages/training/MyClass.vue'), meta: { title: '我的培训班' } },
        { path: 't/checkin', name: 'checkin', component: () => import('./pages/training/CheckIn.vue'), meta: { title: '扫码签到' } },
        { path: 'assessment', name: 'assessment', component: () => import('./pages/assessment/AssessmentHome.vue'), meta: { title: '考核', perm: 'assessment:read' } },
        { path: 'assessment/schemes/:id', name: 'assessment-scheme', component: () => import('./pages/assessment/SchemeDetail.vue'), meta: { title: '考核方案', perm: 'assessment:read' } },
        { path: 'assessment/schemes/:id/orgs/:orgId', name: 'assessment-explain', component: () => import('./pages/assessment/Explain.vue'), meta: { title: '得分说明', perm: 'assessment:read' } },
        { path: 'assessment/records', name: 'assessment-records', component: () => import('./pages/assessment/MyRecords.vue'), meta: { title: '报送日常记实', perm: 'assessment:submit' } },
        { path: 'problems', name: 'problems', component: () => import('./pages/problems/ProblemsOverview.vue'), meta: { title: '问题整改总览', perm: 'problem:read' } },
        { path: 'inspections', name: 'inspections', component: () => import('./pages/problems/Inspections.vue'), meta: { title: '督查', perm: 'problem:read' } },
        { path: 'rectifications', name: 'rectifications', component: () => import('./pages/problems/Rectifications.vue'), meta: { title: '整改台账', perm: 'problem:read' } },
        { path: 'rectifications/:id', name: 'rectification', component: () => import('./pages/problems/RectificationItem.vue'), meta: { title: '整改事项', perm: 'problem:read' } },
        { path: 'weak-orgs', name: 'weak-orgs', component: () => import('./pages/problems/WeakOrgs.vue'), meta: { title: '软弱涣散与“三无”', perm: 'problem:read' } },
        { path: 'nonpublic', name: 'nonpublic', component: () => import('./pages/problems/NonPublic.vue'), meta: { title: '两新组织覆盖', perm: 'problem:read' } },
        { path: 'cockpit', name: 'cockpit', component: () => import('./pages/reports/Cockpit.vue'), meta: { title: '领导驾驶舱', perm: 'org:read' } },
        { path: 'reports', name: 'reports', component: () => import('./pages/reports/Reports.vue'), meta: { title: '统计报表', perm: 'org:read' } },
        { path: 'plans', name: 'plans', component: () => import('./pages/plans/Plans.vue'), meta: { title: '规划与工作要点', perm: 'plan:read' } },
        { path: 'plans/reviews/:id', name: 'plan-review', component: () => import('./pages/plans/Review.vue'), meta: { title: '中期评估', perm: 'plan:read' } },
        { path: 'plans/:id', name: 'plan', component: () => import('./pages/plans/PlanDetail.vue'), meta: { title: '规划', perm: 'plan:read' } },
        { path: 'tasks', name: 'tasks', component: () => import('./pages/plans/Tasks.vue'), meta: { title: '任务台账', perm: 'plan:read' } },
        { path: 'tasks/:id', name: 'task', component: () => import('./pages/plans/TaskItem.vue'), meta: { title: '任务', perm: 'plan:read' } },
        { path: 'campaigns', name: 'campaigns', component: () => import('./pages/plans/Campaigns.vue'), meta: { title: '载体活动', perm: 'plan:read' } },
        { path: 'campaigns/:id', name: 'campaign', component: () => import('./pages/plans/CampaignDetail.vue'), meta: { title: '载体活动', perm: 'plan:read' } },
        { path: 'notices', name: 'notices', component: () => import('./pages/notices/Notices.vue'), meta: { title: '通知公告' } },
        { path: 'notices/:id', name: 'notice', component: () => import('./pages/notices/NoticeDetail.vue'), meta: { title: '通知' } },
        { path: 'floating', name: 'floating', component: () => import('./pages/floating/Floating.vue'), meta: { title: '流动党员', perm: 'member:read' } },
        { path: 'imports', name: 'imports', component: () => import('./pages/imports/ImportPage.vue'), meta: { title: '数据导入', perm: 'member:import' } },
        { path: 'admin/users', name: 'users', component: () => import('./pages/admin/Users.vue'), meta: { title: '用户与授权', perm: 'user:read' } },
        { path: 'admin/roles', name: 'roles', component: () => import('./pages/admin/Roles.vue'), meta: { title: '角色权限', perm: 'role:write' } },
        { path: 'audit', name: 'audit', component: () => import('./pages/audit/AuditLog.vue'), meta: { title: '审计日志', perm: 'audit:read' } },
        { path: 'login-log', name: 'login-log', component: () => import('./pages/audit/LoginLog.vue'), meta: { title: '登录日志', perm: 'login_log:read' } },
      ],
    },
    { path: '/b/:token', name: 'ballot', component: () => import('./pages/assessment/Ballot.vue'), meta: { public: true, title: '年末测评' } },
    { path: '/training/sessions/:id/screen', name: 'checkin-screen', component: () => import('./pages/training/CheckinScreen.vue'), meta: { title: '签到二维码', perm: 'training:manage' } },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
});

router.beforeEach(async (to) => {
  if (to.meta.public) return true;
  const s = useSession();
  if (!s.me) await s.load();
  if (!s.me) return { name: 'login', query: { redirect: to.fullPath } };
  if (s.me.mustChangePassword && to.name !== 'password') return { name: 'password' };
  if (to.meta.perm && !s.can(to.meta.perm as string)) return { name: 'home' };
  document.title = `${(to.meta.title as string) ?? ''} - 基层党建工作平台`;
  return true;
});

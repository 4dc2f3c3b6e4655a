/**
 * Screenshots of the main pages for the user guide: `tsx scripts/screenshots.ts http://127.0.0.1:3000 docs/images`.
 * Needs a running platform with the demo county and /usr/bin/chromium.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from './chromium.js';

const [base = 'http://127.0.0.1:3000', out = 'docs/images', only = ''] = process.argv.slice(2);
fs.mkdirSync(out, { recursive: true });

async function login(page: Page, username: string) {
  await page.goto(`${base}/login`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', 'Jiceng@2026');
  await page.click('button[type=submit]');
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

async function shot(page: Page, name: string, url: string, wait = 'main', scrollTo = false) {
  if (only && !name.includes(only)) return;
  await page.goto(`${base}${url}`);
  await page.waitForSelector(wait);
  await page.waitForLoadState('networkidle');
  if (scrollTo) await page.locator(wait).first().scrollIntoViewIfNeeded();
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(out, `${name}.png`), fullPage: false });
  console.log(`  ${name}.png`);
}

const browser = await launchChromium();
try {
  const desk = await browser.newPage({ viewport: { width: 1366, height: 820 } });
  if (!only || 'login'.includes(only)) { await desk.goto(`${base}/login`); await desk.waitForSelector('form'); await desk.screenshot({ path: path.join(out, 'login.png') }); }
  await login(desk, 'county_admin');
  // a few ordinary edits, so that the audit pages have something to show
  await desk.evaluate(async () => {
    const { csrfToken } = await (await fetch('/api/auth/me')).json();
    const h = { 'content-type': 'application/json', 'x-csrf-token': csrfToken };
    const org = await (await fetch('/api/orgs/2')).json();
    await fetch('/api/orgs/2', { method: 'PUT', headers: h, body: JSON.stringify({ version: org.version, contactName: '李明', contactPhone: '0871-6612345' }) });
    await fetch('/api/orgs/2/posts', { method: 'POST', headers: h, body: JSON.stringify({ post: 'publicity_member', personName: '赵宣', startedOn: '2025-06-09' }) });
  });
  await shot(desk, 'home', '/', '.stat');
  await shot(desk, 'org-tree', '/orgs', '.el-tree-node');
  await shot(desk, 'org-detail', '/orgs/2', '[data-test=org-name]');
  await shot(desk, 'members', '/members', '.el-table__row');
  const firstMember = await desk.evaluate(async () => (await (await fetch('/api/members?pageSize=1')).json()).items[0].id);
  await shot(desk, 'member-detail', `/members/${firstMember}`, '[data-test=member-name]');
  await shot(desk, 'member-new', '/members/new', '[data-test=member-form]');
  await shot(desk, 'warnings', '/warnings', '.el-table__row');
  await shot(desk, 'workers', '/workers', '.el-table__row');
  await shot(desk, 'meetings', '/meetings', '[data-test=meeting-table] .el-table__row');
  await shot(desk, 'floating', '/floating', '[data-test=floating-table] .el-table__row');
  await desk.goto(`${base}/floating`); await desk.waitForSelector('.el-tabs__item');
  await shot(desk, 'meeting-copied', '/meeting-copied', '[data-test=copied-summary]');
  await shot(desk, 'meeting-overview', '/meeting-overview', '[data-test=rollup-table] .el-table__row');
  const firstMeeting = await desk.evaluate(async () => (await (await fetch('/api/meetings?pageSize=1&meetingType=general_meeting&status=submitted')).json()).items[0].id);
  await shot(desk, 'meeting-detail', `/meetings/${firstMeeting}`, '[data-test=meeting-topic]');
  await shot(desk, 'training', '/training', '[data-test=class-table] .el-table__row');
  await shot(desk, 'training-plan', '/training?tab=plan', '[data-test=plan-table] .el-table__row');
  const rootId = await desk.evaluate(async () => (await (await fetch('/api/orgs/tree')).json())[0].id as number);
  await shot(desk, 'training-coverage', `/training?tab=coverage&target=village_secretaries&under=${rootId}`, '[data-test=coverage-table] .el-table__row');
  const classes = await desk.evaluate(async () => (await (await fetch('/api/training/classes?pageSize=10')).json()).items as { id: number; phase: string }[]);
  const running = classes.find((c) => c.phase === 'running')!.id;
  const finished = classes.find((c) => c.phase === 'finished')!.id;
  await shot(desk, 'training-class', `/training/classes/${running}`, '[data-test=session-table] .el-table__row');
  await shot(desk, 'training-completion', `/training/classes/${finished}?tab=completion`, '[data-test=completion-table] .el-table__row');
  await shot(desk, 'training-evaluation', `/training/classes/${finished}?tab=evaluation`, '[data-test=evaluation-summary]');
  const sessionId = await desk.evaluate(async (id) => {
    const c = await (await fetch(`/api/training/classes/${id}`)).json();
    const day = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const today = c.sessions.filter((s: { heldOn: string }) => s.heldOn === day);
    return (today.at(-1) ?? c.sessions[0]).id as number; // the afternoon session: open for check-in in the working day's second half
  }, running);
  await shot(desk, 'training-screen', `/training/sessions/${sessionId}/screen?class=${running}`, '[data-test=checkin-qr]');
  const token = await desk.evaluate(async (id) => (await (await fetch(`/api/training/sessions/${id}/token`)).json()).token as string, sessionId);
  const trainee = await browser.newPage({ viewport: { width: 375, height: 740 }, isMobile: true, deviceScaleFactor: 2 });
  await login(trainee, 'trainee');
  await shot(trainee, 'phone-my-training', '/my-training', '[data-test=my-class]');
  await shot(trainee, 'phone-my-class', `/my-training/${running}`, '[data-test=my-session]');
  await shot(trainee, 'phone-checkin', `/t/checkin?token=${encodeURIComponent(token)}`, '[data-test=checkin-result] h2');
  const phone = await browser.newPage({ viewport: { width: 375, height: 740 }, isMobile: true, deviceScaleFactor: 2 });
  await login(phone, 'branch_secretary');
  await shot(phone, 'phone-home', '/', '.stat');
  await shot(phone, 'phone-members', '/members', '.el-table__row');
  await shot(phone, 'phone-org', '/orgs', '.el-tree-node');
  const own = await phone.evaluate(async () => (await (await fetch('/api/orgs/tree')).json())[0].id);
  await shot(phone, 'phone-calendar', `/orgs/${own}?tab=life`, '[data-test=compliance-grid]', true);
  await shot(phone, 'phone-meeting-new', '/meetings/new', '[data-test=attendance-row]');
  const branchPage = await browser.newPage({ viewport: { width: 1366, height: 820 } });
  await login(branchPage, 'branch_secretary');
  await shot(branchPage, 'home-reminders', '/', '[data-test=reminders]');
  await shot(branchPage, 'appraisal', `/orgs/${own}?tab=appraisal`, '[data-test=appraisal-table]', true);
  // assessment: the county's final year, the explanation, the ledger, what-if; the township's scheme; phone pages
  const schemes = await desk.evaluate(async () => (await (await fetch('/api/assessment/schemes')).json()) as { id: number; status: string; copiedFromId: number | null; ownerName: string | null; ownerType: string }[]);
  const county = schemes.find((x) => x.status === 'final')!.id;
  const draft = schemes.find((x) => x.copiedFromId === county)!.id;
  await shot(desk, 'assessment', '/assessment', '[data-test=scheme-table] .el-table__row');
  await shot(desk, 'assessment-indicators', `/assessment/schemes/${county}`, '[data-test=indicator-table] .el-table__row');
  await shot(desk, 'assessment-results', `/assessment/schemes/${county}?tab=results`, '[data-test=result-table] .el-table__row');
  const firstOrg = await desk.evaluate(async (id) => (await (await fetch(`/api/assessment/schemes/${id}/results`)).json()).items.at(-1).orgId as number, county);
  await shot(desk, 'assessment-explain', `/assessment/schemes/${county}/orgs/${firstOrg}`, '[data-test=explain-table] .el-table__row');
  await shot(desk, 'assessment-ledger', `/assessment/schemes/${county}?tab=entries`, '[data-test=entry-table] .el-table__row');
  await shot(desk, 'assessment-actions', `/assessment/schemes/${county}?tab=actions`, '[data-test=scheme-action-table] .el-table__row');
  await shot(desk, 'assessment-cascade', '/assessment?tab=cascade', '[data-test=cascade-table] .el-table__row');
  if (!only || 'assessment-whatif'.includes(only)) {
    await desk.goto(`${base}/assessment/schemes/${draft}?tab=whatif`);
    await desk.waitForSelector('[data-test=whatif-run]');
    await desk.locator('[data-test=wf-excellent] input').fill('80');
    await desk.click('[data-test=whatif-run]');
    await desk.waitForSelector('[data-test=whatif-table] .el-table__row');
    await desk.waitForTimeout(300);
    await desk.screenshot({ path: path.join(out, 'assessment-whatif.png') });
    console.log('  assessment-whatif.png');
  }
  const townPage = await browser.newPage({ viewport: { width: 1366, height: 820 } });
  await login(townPage, 'township_admin');
  const townScheme = schemes.find((x) => x.status === 'scoring' && x.ownerType === 'township_committee')!.id;
  await shot(townPage, 'assessment-daily', `/assessment/schemes/${townScheme}?tab=daily`, '[data-test=daily-table]');
  await shot(townPage, 'assessment-ballots', `/assessment/schemes/${county}?tab=ballots`, '[data-test^=campaign-]');
  await shot(phone, 'phone-daily-record', '/assessment/records', '[data-test=daily-form]');
  const ballotToken = await townPage.evaluate(async (id) => {
    const { csrfToken } = await (await fetch('/api/auth/me')).json();
    const s = await (await fetch(`/api/assessment/schemes/${id}`)).json();
    const ind = s.indicators.find((i: { method: string }) => i.method === 'ballot');
    const r = await (await fetch(`/api/assessment/schemes/${id}/campaigns`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken },
      body: JSON.stringify({ name: '镇年末测评（截图）', indicatorId: ind.id, opensAt: new Date(Date.now() - 60_000).toISOString(), closesAt: new Date(Date.now() + 86400_000).toISOString(),
        groups: [{ name: '党员代表', weight: 1, count: 1 }] }) })).json();
    return r.tokens[0].token as string;
  }, townScheme);
  const voter = await browser.newPage({ viewport: { width: 375, height: 740 }, isMobile: true, deviceScaleFactor: 2 });
  await shot(voter, 'phone-ballot', `/b/${ballotToken}`, '[data-test^=ballot-org-]');
  // problems to closure
  await shot(desk, 'problems-overview', '/problems', '[data-test=overview-org-chart] canvas');
  await shot(desk, 'problems-inspections', '/inspections', '[data-test=findings-table] .el-table__row');
  await shot(desk, 'problems-ledger', '/rectifications', '[data-test=items-table] .el-table__row');
  const itemId = await desk.evaluate(async () => (await (await fetch('/api/rectifications?status=pending_acceptance&pageSize=1')).json()).items[0]?.id);
  await shot(desk, 'problems-item', `/rectifications/${itemId}`, '[data-test=timeline]');
  await shot(desk, 'problems-screening', '/weak-orgs', '[data-test=candidates-table] .el-table__row');
  await shot(desk, 'problems-weak', '/weak-orgs?tab=weak', '[data-test=weak-table] .el-table__row');
  await shot(desk, 'problems-lacks', '/weak-orgs?tab=lacks', '[data-test=lacks-table] .el-table__row');
  await shot(desk, 'problems-criteria', '/weak-orgs?tab=criteria', '[data-test=criteria-table] .el-table__row');
  await shot(desk, 'problems-nonpublic', '/nonpublic', '[data-test=entities-table] .el-table__row');
  await shot(desk, 'problems-coverage', '/nonpublic?tab=coverage', '[data-test=coverage-chart] canvas');
  const mine = await phone.evaluate(async () => (await (await fetch('/api/rectifications?status=open_all&pageSize=1')).json()).items[0]?.id);
  await shot(phone, 'phone-rectification', `/rectifications/${mine}`, '[data-test=progress-form]');
  // plans and reviews, campaigns, notices, the cockpit and reports
  const get = (p: Page, url: string) => p.evaluate(async (u) => (await fetch(u)).json(), url);
  const plan3 = (await get(desk, '/api/plans?kind=three_year'))[0]?.id;
  await shot(desk, 'plans-list', '/plans', '[data-test=plan-list] .el-table__row');
  await shot(desk, 'plans-detail', `/plans/${plan3}`, '[data-test=targets] .el-table__row');
  if (!only || 'plans-target-history'.includes(only)) {
    await desk.goto(`${base}/plans/${plan3}`);
    await desk.locator('[data-test=target-revisions]').first().click();
    await desk.waitForSelector('[data-test=revision-list] .el-table__row');
    await desk.waitForTimeout(400);
    await desk.screenshot({ path: path.join(out, 'plans-target-history.png') });
    console.log('  plans-target-history.png');
  }
  const review = (await get(desk, `/api/plans/${plan3}/reviews`))[0]?.id;
  await shot(desk, 'plans-review', `/plans/reviews/${review}`, '[data-test=lines-rectify] .el-table__row');
  await shot(desk, 'plans-tasks', '/tasks?overdue=true', '[data-test=tasks] .el-table__row');
  const campaign = (await get(desk, '/api/campaigns'))[0]?.id;
  await shot(desk, 'campaign-detail', `/campaigns/${campaign}`, '[data-test=rollout-chart] canvas');
  await shot(desk, 'campaign-showcase', '/campaigns?tab=showcase', '[data-test=showcase] img');
  await shot(desk, 'notices-sent', '/notices?tab=sent', '[data-test=sent] .el-table__row');
  const notice = (await get(desk, '/api/notices/sent')).items[0]?.id;
  await shot(desk, 'notice-receipts', `/notices/${notice}`, '[data-test=receipts] .el-table__row');
  const withdrawn = (await get(desk, '/api/notices/sent')).items.find((x: { withdrawnAt: string | null }) => x.withdrawnAt)?.id;
  await shot(desk, 'notice-withdrawn', `/notices/${withdrawn}`, '[data-test=withdrawn]');
  await shot(desk, 'cockpit', '/cockpit', '[data-test=chart-members] canvas');
  await shot(desk, 'cockpit-big', '/cockpit?screen=big', '[data-test=chart-members] canvas');
  await shot(desk, 'reports', '/reports', '.el-table__row');
  const task = (await get(phone, '/api/plans/tasks?status=open')).items[0]?.id;
  await shot(phone, 'phone-task', `/tasks/${task}`, '[data-test=task-report]');
  await shot(phone, 'phone-notices', '/notices', '[data-test=inbox]');
  const gone = (await get(phone, '/api/notices')).items.find((x: { withdrawnAt: string | null }) => x.withdrawnAt)?.id;
  await shot(phone, 'phone-notice-withdrawn', `/notices/${gone}`, '[data-test=withdrawn]');
  const townLeader = await browser.newPage({ viewport: { width: 1366, height: 820 } });
  await login(townLeader, 'township_leader');
  await shot(townLeader, 'cockpit-township', '/cockpit', '[data-test=chart-members] canvas');
  const leaderPhone = await browser.newPage({ viewport: { width: 375, height: 740 }, isMobile: true, deviceScaleFactor: 2 });
  await login(leaderPhone, 'leader');
  await shot(leaderPhone, 'phone-cockpit', '/cockpit', '[data-test=chart-members] canvas');
  const admin = await browser.newPage({ viewport: { width: 1366, height: 820 } });
  await login(admin, 'security_admin');
  await shot(admin, 'users', '/admin/users', '.el-table__row');
  await shot(admin, 'roles', '/admin/roles', '.el-table__row');
  const aud = await browser.newPage({ viewport: { width: 1366, height: 820 } });
  await login(aud, 'auditor');
  await shot(aud, 'audit', '/audit', '[data-test=audit-table]');
  await shot(aud, 'login-log', '/login-log', '.el-table__row');
} finally {
  await browser.close();
}

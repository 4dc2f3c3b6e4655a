import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExcelJS } from '../../src/server/core/xlsx.js';
import type { Browser, Page } from 'playwright-core';
import { withIdCheckDigit } from '../../src/server/core/idcard.js';
import { readXlsx } from '../../src/server/core/xlsx.js';
import { launchChromium } from '../../scripts/chromium.js';
import { base, loginAs, shotDir, typeDate } from './browser.js';

const api = (page: Page, url: string) => page.evaluate(async (u) => {
  const r = await fetch(u);
  return { status: r.status, body: await r.json() };
}, url);

describe('main journeys in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => { browser = await launchChromium(); });
  afterAll(async () => { await browser?.close(); });

  it('a wrong password is refused with a Chinese message', async () => {
    const page = await browser.newPage();
    await page.goto(`${base()}/login`);
    await page.fill('input[name=username]', 'township_admin');
    await page.fill('input[name=password]', 'not-the-password');
    await page.click('button[type=submit]');
    await expect.poll(() => page.textContent('[data-test=login-error]')).toContain('用户名或密码错误');
    // the page came compressed; its hashed scripts are cached for good, the page itself is asked for again
    const script = await page.evaluate(() => (document.querySelector('script[type=module]') as HTMLScriptElement).src);
    const asset = await page.request.get(script, { headers: { 'accept-encoding': 'br, gzip' } });
    expect(asset.headers()['content-encoding']).toBe('br');
    expect(asset.headers()['cache-control']).toContain('immutable');
    expect((await page.request.get(`${base()}/login`)).headers()['cache-control']).toBe('no-cache');
    await page.close();
  });

  it('county admin: browse the tree, create a branch, add members, watch the warning clear, export the list', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
    await loginAs(page, 'county_admin');
    await page.click('text=组织架构');
    await page.waitForSelector('.el-tree-node');
    await page.locator('.el-tree-node__expand-icon').first().click();
    const township = page.locator('.el-tree-node__children .el-tree-node__label, .el-tree-node__children .node span:first-child').filter({ hasText: /镇|乡/ }).first();
    await township.click();
    await page.waitForSelector('[data-test=org-table] .el-table__row');
    await page.click('[data-test=org-create]');
    const name = `中共云岭县浏览器测试科技有限公司支部委员会`;
    await page.fill('.el-dialog .el-form-item:has(label:text-is("党组织全称")) input', name);
    await page.click('.el-dialog .el-form-item:has(label:text-is("组织类别")) .el-select');
    await page.click('.el-select-dropdown__item:visible:has-text("非公企业")');
    await page.click('[data-test=org-save]');
    await page.waitForURL(/\/orgs\/\d+$/);
    const orgUrl = page.url();
    await expect.poll(() => page.textContent('[data-test=org-name]')).toBe(name);
    await expect.poll(() => page.textContent('[data-test=org-warnings]')).toContain('少于 3 名');
    await page.screenshot({ path: path.join(shotDir, 'e2e-org-warning.png') });

    for (let i = 0; i < 3; i++) {
      await page.goto(orgUrl);
      await page.click('#tab-members');
      await page.click('[data-test=org-add-member]');
      await page.waitForSelector('[data-test=member-form]');
      await page.fill('input[name=name]', `浏览器党员${i + 1}`);
      await page.fill('input[name=idNumber]', withIdCheckDigit(`53012119880${i + 1}1500${i * 2 + 1}`));
      await page.locator('input[name=idNumber]').blur();
      await typeDate(page, '入党日期', '2012-07-01');
      await typeDate(page, '转正日期', '2013-07-01');
      await page.click('[data-test=member-save]');
      await page.waitForURL(/\/members\/\d+$/);
      await expect.poll(() => page.textContent('[data-test=member-name]')).toBe(`浏览器党员${i + 1}`);
    }
    await page.goto(orgUrl);
    await expect.poll(() => page.textContent('[data-test=org-member-count]')).toContain('3 / 3');
    expect(await page.textContent('[data-test=org-warnings]')).not.toContain('少于 3 名');

    await page.click('#tab-members');
    await page.click('[data-test=org-members-link]');
    await page.waitForSelector('[data-test=member-table] .el-table__row');
    expect(await page.locator('[data-test=member-table] .el-table__row').count()).toBe(3);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-test=member-export]')]);
    const file = path.join(shotDir, 'export.xlsx');
    await download.saveAs(file);
    const sheet = await readXlsx(fs.readFileSync(file), 100);
    expect(sheet.rows.map((r) => r.cells['姓名']).sort()).toEqual(['浏览器党员1', '浏览器党员2', '浏览器党员3']);
    await page.close();
  });

  it('township admin: a roster with a title and one bad row is previewed, refused whole with the error copy, then imported once fixed', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
    await loginAs(page, 'township_admin');
    const branches = await api(page, '/api/orgs?orgType=branch&pageSize=1');
    const branch = branches.body.items[0] as { id: number; name: string };
    const before = (await api(page, '/api/members?pageSize=1')).body.total;
    const countBefore = (await api(page, `/api/orgs/${branch.id}`)).body.memberCount as number;
    const roster = async (secondId: string, name: string) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('花名册');
      ws.addRow([`${branch.name}党员花名册（截至2026年11月）`]);
      ws.mergeCells('A1:I1');
      ws.addRow(['序号', '姓名', '性别', '民族', '公民身份号码', '人员类别', '所在党支部', '入党时间', '转正时间']);
      ws.addRow([1, '导入甲', '男', '汉族', withIdCheckDigit('53012119900101551'), '中共党员', branch.name, '2015.07.01', '2016.07.01']);
      ws.addRow([2, '导入乙', '女', '彝族', secondId, '正式党员', branch.name, '2015年7月1日', '2016年7月1日']);
      ws.addRow([3, '导入丙', '男', '汉', withIdCheckDigit('53012119900103553'), '正式党员', branch.name, '2015/7/1', '2016/7/1']);
      ws.addRow(['合计', '3人']);
      const file = path.join(shotDir, name);
      await wb.xlsx.writeFile(file);
      return file;
    };
    const choose = async (file: string) => {
      const chooser = page.waitForEvent('filechooser');
      await page.click('[data-test=upload-members]');
      await (await chooser).setFiles(file);
    };
    await page.click('text=数据导入');
    await choose(await roster('530121199001025520', '花名册-有错.xlsx'));
    await expect.poll(() => page.textContent('[data-test=import-errors-summary]'), { timeout: 20_000 }).toContain('共 3 行，其中 1 行有错误');
    expect(await page.textContent('[data-test=import-preview]')).toContain('表头在第');
    expect(await page.inputValue('[data-test=import-header-row] input')).toBe('2');
    expect(await page.textContent('[data-test=import-error-list]')).toContain('校验位不正确');
    expect(await page.isDisabled('[data-test=import-commit]')).toBe(true);
    await page.screenshot({ path: path.join(shotDir, 'e2e-import-error.png') });
    expect((await api(page, '/api/members?pageSize=1')).body.total).toBe(before);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-test=error-report]')]);
    const report = path.join(shotDir, 'report.xlsx');
    await download.saveAs(report);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(fs.readFileSync(report) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(String(ws.getCell('A1').value)).toContain('党员花名册');
    expect(ws.getRow(2).getCell(10).value).toBe('错误说明');
    expect(ws.getRow(4).getCell(2).value).toBe('导入乙');
    expect(String(ws.getRow(4).getCell(10).value)).toContain('校验位不正确');
    expect([3, 5].map((r) => ws.getRow(r).getCell(10).value ?? null)).toEqual([null, null]);

    await choose(await roster(withIdCheckDigit('53012119900102552'), '花名册.xlsx'));
    await expect.poll(() => page.textContent('[data-test=import-clean]'), { timeout: 20_000 }).toContain('全部通过检查：新增 3 人');
    await page.screenshot({ path: path.join(shotDir, 'e2e-import-preview.png') });
    await page.click('[data-test=import-commit]');
    await expect.poll(() => page.textContent('[data-test=import-ok]'), { timeout: 20_000 }).toContain('导入完成：新增 3 人');
    await page.screenshot({ path: path.join(shotDir, 'e2e-import-done.png') });
    expect((await api(page, '/api/members?pageSize=1')).body.total).toBe(before + 3);
    expect((await api(page, `/api/orgs/${branch.id}`)).body.memberCount).toBe(countBefore + 3);
    await page.close();
  });

  it('branch secretary: another township member by URL shows nothing but a refusal; the phone layout works', async () => {
    const admin = await browser.newPage();
    await loginAs(admin, 'county_admin');
    const mine = await browser.newPage({ viewport: { width: 375, height: 740 }, isMobile: true });
    await loginAs(mine, 'branch_secretary');
    const own = (await api(mine, '/api/orgs/tree')).body[0];
    const outside = (await api(admin, `/api/members?pageSize=200`)).body.items.find((m: { orgId: number }) => m.orgId !== own.id);
    await admin.close();
    await mine.goto(`${base()}/members/${outside.id}`);
    await expect.poll(() => mine.textContent('.el-message')).toContain('党员不存在或不在您的管理范围内');
    expect(await mine.locator('[data-test=member-name]').count()).toBe(0);
    expect(await mine.content()).not.toContain(outside.name);
    await mine.goto(`${base()}/members`);
    await mine.waitForSelector('[data-test=member-table] .el-table__row');
    const width = await mine.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(375);
    await mine.click('[data-test=menu-toggle]');
    await expect.poll(() => mine.isVisible('.el-drawer')).toBe(true);
    await mine.waitForTimeout(500);
    // a branch's menu: its own work in areas, without the county's tools for looking across organisations
    const menu = await mine.locator('.el-drawer .el-menu-item').allTextContents();
    expect(menu).toEqual(expect.arrayContaining(['首页', '组织生活', '党员管理', '整改台账']));
    for (const county of ['领导驾驶舱', '督查', '两新组织覆盖', '统计报表', '疑似雷同记录']) expect(menu).not.toContain(county);
    expect(await mine.locator('.el-drawer .el-menu-item-group__title').allTextContents()).toContain('组织生活');
    await mine.screenshot({ path: path.join(shotDir, 'e2e-phone-menu.png') });
    await mine.close();
  });

  it('the three admins each reach their own pages, and the audit log shows what happened', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await loginAs(page, 'auditor');
    expect(await page.locator('.el-menu-item').allTextContents()).toEqual(['首页', '审计日志', '登录日志']);
    await page.click('text=审计日志');
    await page.waitForSelector('[data-test=audit-table] .el-table__row');
    expect(await page.textContent('[data-test=audit-table]')).toContain('县委组织部 管理员');
    await page.click('text=登录日志');
    await page.waitForSelector('[data-test=login-log-table] .el-table__row');
    expect(await page.textContent('[data-test=login-log-table]')).toContain('township_admin');
    await page.goto(`${base()}/members`);
    await page.waitForURL((u) => u.pathname === '/');
    await page.close();
    const sec = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await loginAs(sec, 'security_admin');
    await sec.click('text=用户与授权');
    await sec.waitForSelector('[data-test=user-table] .el-table__row');
    expect(await sec.textContent('[data-test=user-table]')).toContain('branch_secretary');
    expect(await sec.locator('text=新建用户').count()).toBe(0);
    await sec.close();
  });

  it('branch secretary records a themed party day on a phone; the month turns green; the county sees who is still missing it', async () => {
    const phone = await browser.newPage({ viewport: { width: 375, height: 740 }, isMobile: true });
    await loginAs(phone, 'branch_secretary');
    const own = (await api(phone, '/api/orgs/tree')).body[0];
    const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
    const cell = `[data-test="cell-themed_party_day-${month}"]`;
    await phone.goto(`${base()}/orgs/${own.id}?tab=life`);
    await phone.waitForSelector(cell);
    expect(await phone.getAttribute(cell, 'class')).toContain('due');
    await phone.click('[data-test=calendar-record]');
    await phone.waitForSelector('[data-test=attendance-row]');
    await phone.fill('input[name=topic]', '主题党日：重温入党誓词');
    await phone.fill('textarea[name=minutes]', '全体党员面向党旗重温入党誓词，交流体会。');
    await phone.locator('[data-test=attendance-row]').first().locator('text=请假').click();
    await phone.click('[data-test=meeting-submit]');
    await phone.waitForURL(/\/meetings\/\d+$/);
    await expect.poll(() => phone.textContent('[data-test=meeting-topic]')).toBe('主题党日：重温入党誓词');
    expect(await phone.textContent('body')).toContain('已提交');
    // a photo, optional evidence, taken on the phone
    const photo = path.join(shotDir, 'photo.png');
    fs.writeFileSync(photo, Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64'));
    await phone.click('#tab-files');
    const chooser = phone.waitForEvent('filechooser');
    await phone.click('[data-test=attach]');
    await (await chooser).setFiles(photo);
    await phone.waitForSelector('[data-test=attachment]');
    await phone.goto(`${base()}/orgs/${own.id}?tab=life`);
    await phone.waitForSelector(cell);
    expect(await phone.getAttribute(cell, 'class')).toContain('held');
    await phone.screenshot({ path: path.join(shotDir, 'e2e-calendar.png'), fullPage: true });
    await phone.close();

    const desk = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await loginAs(desk, 'county_admin');
    await desk.click('text=组织生活达标');
    // the year rolled up: county, then one level down by clicking the county's name
    await desk.waitForSelector('[data-test=rollup-table] .el-table__row');
    await desk.click('[data-test=rollup-table] .el-table__row a');
    await desk.waitForFunction(() => document.querySelectorAll('[data-test=rollup-table] .el-table__row').length > 1);
    expect(await desk.textContent('[data-test=rollup-trail]')).toContain('云岭县');
    expect(await desk.textContent('[data-test=rollup-table]')).toMatch(/\d+(\.\d)?%/);
    // a second level down; Reload keeps the place (names in the trail and the scope box, never ids), Back goes up one level
    const township = (await desk.textContent('[data-test=rollup-table] .el-table__row a'))!.trim();
    await desk.click('[data-test=rollup-table] .el-table__row a');
    await desk.waitForFunction((t) => document.querySelector('[data-test=rollup-trail]')?.textContent?.includes(t.replace(/^中共|委员会$/g, '')), township);
    const rowsThere = await desk.textContent('[data-test=rollup-table]');
    await desk.reload();
    await desk.waitForFunction((t) => { const x = document.querySelector('[data-test=rollup-trail]')?.textContent ?? '';
      return x.includes('云岭县委员会') && x.includes(t); }, township);
    await desk.waitForFunction((r) => document.querySelector('[data-test=rollup-table]')?.textContent === r, rowsThere);
    expect(await desk.textContent('[data-test=rollup-trail]')).toContain('云岭县');
    expect(await desk.textContent('.toolbar .el-select')).toContain(township);
    await desk.goBack();
    await desk.waitForFunction((t) => { const x = document.querySelector('[data-test=rollup-trail]')?.textContent ?? '';
      return x.includes('云岭县委员会') && !x.includes(t); }, township);
    expect(new URL(desk.url()).searchParams.get('trail')?.split(',')).toHaveLength(1);
    await desk.click('#tab-missing');
    await desk.waitForSelector('[data-test=missing-table] .el-table__row');
    expect(await desk.textContent('[data-test=overview-summary]')).toMatch(/共 \d+ 个党支部/);
    expect(await desk.textContent('[data-test=missing-table]')).toContain('主题党日');
    // the demo year holds a general meeting without quorum: its record says so
    const short = await desk.evaluate(async () => {
      for (let page = 1; page < 100; page++) {
        const r = await (await fetch(`/api/meetings?meetingType=general_meeting&status=submitted&pageSize=100&page=${page}`)).json();
        const hit = (r.items as { id: number; votingPresent: number; votingTotal: number }[]).find((m) => m.votingTotal > 0 && m.votingPresent * 2 <= m.votingTotal);
        if (hit || !r.items.length) return hit!;
      }
      return undefined!;
    });
    await desk.goto(`${base()}/meetings/${short.id}`);
    await desk.waitForSelector('[data-test=quorum-warning]');
    expect(await desk.textContent('[data-test=quorum-warning]')).toMatch(/不足|未达到|半数/);
    await desk.goto(`${base()}/meeting-overview`);
    // last month's demo records include one branch that copied another's minutes
    await desk.click('text=疑似雷同记录');
    await desk.waitForSelector('[data-test=copied-pair]');
    expect(await desk.textContent('[data-test=copied-pair]')).toContain('相似度');
    await desk.close();
  });

  it('training end to end: a class from the plan, a township nominates, a trainee checks in on a phone, asks for leave, takes the test, rates, reflects; completion, certificate, record and coverage', async () => {
    const day = (d: number) => new Date(Date.now() + 8 * 3600_000 + d * 86400_000).toISOString().slice(0, 10);
    const call = (page: Page, method: string, url: string, body?: unknown) => page.evaluate(async ({ method, url, body }) => {
      const { csrfToken } = await (await fetch('/api/auth/me')).json();
      const r = await fetch(url, { method, headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken }, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: r.status, body: await r.json().catch(() => null) };
    }, { method, url, body });
    const desk = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await loginAs(desk, 'county_admin');
    // 1. the organiser opens a class from this year's plan (yesterday to today)
    await desk.goto(`${base()}/training?tab=plan`);
    await desk.waitForSelector('[data-test=plan-table] .el-table__row');
    await desk.locator('[data-test=plan-table] .el-table__row:has-text("未开班") >> text=按计划开班').first().click();
    await desk.waitForSelector('[data-test=class-name]');
    for (const [ph, v] of [['开始', day(-1)], ['结束', day(0)]] as const) {
      const input = desk.locator(`.el-dialog input[placeholder="${ph}"]`).first();
      await input.fill(v); await input.press('Enter'); await desk.locator('.el-dialog__title').click();
    }
    await desk.locator('.el-dialog .el-form-item:has(label:text-is("主办单位")) input').first().click();
    await desk.keyboard.type('云岭县委员会');
    await desk.locator('.el-select-dropdown__item:visible').first().click();
    await desk.click('[data-test=class-save]');
    await desk.waitForURL(/\/training\/classes\/\d+/);
    const classId = Number(desk.url().match(/classes\/(\d+)/)![1]);
    // sessions open all day today, a quota for the demo township, a paper from the bank, the demo trainee enrolled
    const s1 = (await call(desk, 'POST', `/api/training/classes/${classId}/sessions`, { title: '党务工作实务', teacher: '县委组织部 赵晓燕', heldOn: day(0), startsAt: '00:00', endsAt: '23:59', studyHours: 6 })).body;
    const s2 = (await call(desk, 'POST', `/api/training/classes/${classId}/sessions`, { title: '答疑', teacher: '县委组织部 刘洋', heldOn: day(0), startsAt: '00:00', endsAt: '23:59', studyHours: 0.5 })).body;
    const twn = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await loginAs(twn, 'township_admin');
    const townId = (await api(twn, '/api/orgs/tree')).body[0].id as number;
    expect((await call(desk, 'PUT', `/api/training/classes/${classId}/quotas`, { quotas: [{ orgId: townId, quota: 2 }] })).status).toBe(200);
    expect((await call(desk, 'PUT', `/api/training/classes/${classId}/paper`, { draw: { single: 2, multiple: 1, judge: 1 }, pointsEach: 25 })).status).toBe(200);
    const cls = (await call(desk, 'GET', `/api/training/classes/${classId}`)).body;
    expect((await call(desk, 'PUT', `/api/training/classes/${classId}`, { passMark: 0, version: cls.version })).status).toBe(200);
    const trainee = await browser.newPage({ viewport: { width: 375, height: 740 }, isMobile: true });
    await loginAs(trainee, 'trainee');
    const traineeMember = (await api(trainee, '/api/auth/me')).body.memberId as number;
    expect((await call(desk, 'POST', `/api/training/classes/${classId}/enrollments`, { memberId: traineeMember })).status).toBe(201);

    // 2. the township nominates one of its members within its quota
    const nominee = (await api(twn, '/api/members?pageSize=1')).body.items[0] as { id: number; name: string };
    await twn.goto(`${base()}/training/classes/${classId}?tab=roster`);
    await twn.click('[data-test=nominate]');
    await twn.locator('.el-dialog .el-form-item:has(label:text-is("名额单位")) .el-select').click();
    await twn.locator('.el-select-dropdown__item:visible').first().click();
    await twn.locator('.el-dialog .el-form-item:has(label:text-is("党员")) input').click();
    await twn.keyboard.type(nominee.name);
    await twn.locator(`.el-select-dropdown__item:visible:has-text("${nominee.name}")`).first().click();
    await twn.click('[data-test=nominate-save]');
    await twn.waitForSelector(`[data-test=roster-table] .el-table__row:has-text("${nominee.name}")`);
    expect(await twn.textContent('[data-test=roster-table]')).toContain('已推荐');
    // the organiser confirms the nomination
    await desk.goto(`${base()}/training/classes/${classId}?tab=roster`);
    await desk.waitForSelector(`[data-test=roster-table] .el-table__row:has-text("${nominee.name}")`);
    await desk.locator(`[data-test=roster-table] .el-table__row:has-text("${nominee.name}") .el-checkbox`).click();
    await desk.click('[data-test=confirm-selected]');
    await desk.waitForSelector(`[data-test=roster-table] .el-table__row:has-text("${nominee.name}"):has-text("已确认")`);

    // 3. the trainee checks in by the token on the screen
    await desk.goto(`${base()}/training/sessions/${s1.id}/screen?class=${classId}`);
    await desk.waitForSelector('[data-test=checkin-qr]');
    const token = (await desk.textContent('[data-test=checkin-token]'))!.trim();
    await trainee.goto(`${base()}/t/checkin?token=${encodeURIComponent(token)}`);
    await trainee.waitForSelector('[data-test=checkin-result] h2');
    expect(await trainee.textContent('[data-test=checkin-result] h2')).toBe('签到成功');
    await trainee.goto(`${base()}/t/checkin?token=${encodeURIComponent(token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'))}`);
    await trainee.waitForSelector('[data-test=checkin-error]');
    expect(await trainee.textContent('[data-test=checkin-error]')).toContain('签到码无效');
    await desk.waitForFunction(() => document.querySelector('[data-test=checked-count]')?.textContent === '1', undefined, { timeout: 10_000 });

    // 4. leave for the second session, approved by the organiser
    await trainee.goto(`${base()}/my-training/${classId}?tab=leave`);
    await trainee.locator('[data-test=leave-sessions] .el-checkbox').first().click();
    await trainee.fill('[data-test=leave-reason] textarea, textarea[data-test=leave-reason]', '村里防汛值班');
    await trainee.click('[data-test=leave-submit]');
    await trainee.waitForSelector('text=请假已提交');
    const leave = (await call(desk, 'GET', `/api/training/classes/${classId}/leaves`)).body[0];
    expect(leave.sessionIds).toEqual([s2.id]);
    expect((await call(desk, 'POST', `/api/training/leaves/${leave.id}/decide`, { approve: true, note: '同意' })).status).toBe(200);

    // 5. the test, the rating and the reflection on the phone
    await trainee.goto(`${base()}/my-training/${classId}?tab=test`);
    await trainee.click('[data-test=test-start]');
    await trainee.waitForSelector('[data-test=test-question]');
    for (const q of await trainee.locator('[data-test=test-question]').all()) {
      const opt = q.locator('.el-radio, .el-checkbox').first();
      await opt.click();
    }
    await trainee.click('[data-test=test-submit]');
    // handing in asks first: 继续答题 keeps the paper open, 确定交卷 hands it in
    await trainee.waitForSelector('.el-message-box');
    expect(await trainee.textContent('.el-message-box')).toContain('交卷后不能再修改答案');
    await trainee.click('.el-message-box .el-button--primary');
    await trainee.waitForSelector('[data-test=test-result]');
    expect(await trainee.textContent('[data-test=test-result]')).toContain('通过');
    await trainee.goto(`${base()}/my-training/${classId}?tab=evaluation`);
    await trainee.locator('[data-test=overall-rate] .el-rate__item').nth(4).click();
    await trainee.click('[data-test=evaluation-submit]');
    await trainee.waitForSelector('[data-test=evaluated]');
    await trainee.goto(`${base()}/my-training/${classId}?tab=reflection`);
    await trainee.fill('[data-test=reflection-text] textarea, textarea[data-test=reflection-text]', '通过培训系统学习了党务工作流程，回去后要把组织生活记录做实，按时规范开展三会一课。');
    await trainee.click('[data-test=reflection-submit]');
    await trainee.waitForSelector('text=心得已提交');
    await trainee.screenshot({ path: path.join(shotDir, 'e2e-training-phone.png') });

    // 6. the organiser confirms completion in the page; the certificate opens and its public link says genuine
    await desk.goto(`${base()}/training/classes/${classId}?tab=completion`);
    const row = `[data-test=completion-table] .el-table__row:has-text("${(await api(trainee, '/api/auth/me')).body.displayName.replace(/（学员）$/, '')}")`;
    await desk.waitForSelector(row);
    expect(await desk.textContent(row)).toContain('结业');
    await desk.locator(`${row} .el-checkbox`).click();
    await desk.click('[data-test=confirm-completion]');
    await desk.locator('.el-message-box__btns button:has-text("确认")').click();
    await desk.waitForSelector(`${row} a:has-text("证书")`);
    const roster = (await call(desk, 'GET', `/api/training/classes/${classId}/roster`)).body.items as { memberId: number; id: number; certificateCode: string | null }[];
    const mine = roster.find((r) => r.memberId === traineeMember)!;
    const pdf = await desk.request.get(`${base()}/api/training/enrollments/${mine.id}/certificate`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    const anon = await browser.newPage();
    await anon.goto(`${base()}/verify/${mine.certificateCode}`);
    expect(await anon.textContent('h1')).toBe('证书真实有效');
    await anon.close();

    // 7. the trainee's record shows the hours; the coverage page counts them
    await trainee.goto(`${base()}/my-training`);
    await trainee.waitForSelector('[data-test=my-record]');
    expect(await trainee.textContent('[data-test=my-record]')).toMatch(/培训班 [1-9]/);
    await desk.goto(`${base()}/training?tab=coverage`);
    await desk.waitForSelector('[data-test=coverage-summary]');
    const trained = Number((await desk.locator('[data-test=coverage-summary] div:nth-child(2) b').textContent())!.trim());
    expect(trained).toBeGreaterThan(0);
    await twn.close(); await trainee.close(); await desk.close();
  });
  it('assessment: a scheme from the template is published; a branch reports on a phone and the township approves; an inspector records a finding; raters vote with tokens on phones; ranking, explanation, what-if and the circular', async () => {
    const desk = await browser.newPage({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
    await loginAs(desk, 'county_admin');
    // 1. build a scheme from the template and publish it
    await desk.goto(`${base()}/assessment`);
    await desk.waitForSelector('[data-test=scheme-table] .el-table__row');
    await desk.click('[data-test=scheme-new]');
    await desk.fill('[data-test=scheme-name]', '浏览器测试考核方案');
    await desk.click('[data-test=scheme-create]');
    await desk.waitForURL(/\/assessment\/schemes\/\d+$/);
    await desk.waitForSelector('[data-test=indicator-table] .el-table__row');
    expect(await desk.textContent('[data-test=indicator-table]')).toContain('组织生活达标');
    await desk.click('[data-test=publish]');
    await desk.locator('.el-message-box__btns .el-button--primary').click();
    await expect.poll(() => desk.textContent('.el-steps')).toContain('已发布');
    await desk.waitForSelector('#tab-results');

    // 2. a branch secretary reports a daily record on a phone, to the township's scheme
    const phone = await browser.newPage({ viewport: { width: 375, height: 740 }, isMobile: true });
    await loginAs(phone, 'branch_secretary');
    await phone.goto(`${base()}/assessment/records`);
    await phone.waitForSelector('[data-test=daily-org] .el-select__selected-item:not(.is-transparent)');
    await phone.click('[data-test=daily-indicator]');
    await phone.locator('.el-select-dropdown__item:visible').first().click();
    await phone.fill('[data-test=daily-title]', '浏览器测试：召开党员大会');
    await phone.fill('[data-test=daily-content]', '学习传达上级会议精神，研究本村发展党员计划。');
    await phone.click('[data-test=daily-submit]');
    await phone.waitForSelector('.rec:has-text("浏览器测试：召开党员大会")');
    expect(await phone.textContent('.rec:has-text("浏览器测试：召开党员大会")')).toContain('待审核');
    const townScheme = (await api(phone, '/api/assessment/schemes')).body.find((x: { status: string; ownerType: string }) => x.status === 'scoring' && x.ownerType === 'township_committee').id as number;

    // 3. the township approves it; points by rule
    const twn = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await loginAs(twn, 'township_admin');
    await twn.goto(`${base()}/assessment/schemes/${townScheme}?tab=daily`);
    const rec = '[data-test=daily-table] .el-table__row:has-text("浏览器测试：召开党员大会")';
    await twn.waitForSelector(rec);
    await twn.locator(`${rec} button:has-text("通过")`).click();
    await expect.poll(() => twn.locator('[data-test=daily-table] .el-table__row:has-text("浏览器测试：召开党员大会")').count()).toBe(0);
    await phone.reload();
    await phone.waitForSelector('.rec:has-text("浏览器测试：召开党员大会")');
    expect(await phone.textContent('.rec:has-text("浏览器测试：召开党员大会")')).toContain('已通过');

    // 4. an inspector records a finding with its deduction
    const insp = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await loginAs(insp, 'inspector');
    await insp.goto(`${base()}/assessment/schemes/${townScheme}?tab=findings`);
    await insp.click('[data-test=finding-new]');
    await insp.click('[data-test=finding-org]');
    await insp.locator('.dd-finding-org .el-select-dropdown__item').first().click();
    await insp.click('[data-test=finding-indicator]');
    await insp.locator('.dd-finding-indicator .el-select-dropdown__item').first().click();
    await insp.fill('[data-test=finding-desc]', '浏览器测试：会议记录事后补记');
    await insp.click('[data-test=finding-save]');
    await insp.waitForSelector('[data-test=finding-table] .el-table__row:has-text("浏览器测试：会议记录事后补记")');

    // 5. the township starts a year-end ballot; raters vote on phones with single-use tokens
    await twn.goto(`${base()}/assessment/schemes/${townScheme}?tab=ballots`);
    await twn.click('[data-test=campaign-new]');
    await twn.click('[data-test=campaign-save]');
    await twn.waitForSelector('[data-test=token-grid] .token');
    const links = await twn.locator('[data-test=token-link]').allTextContents();
    expect(links.length).toBe(79);
    const voter = await browser.newPage({ viewport: { width: 375, height: 740 }, isMobile: true });
    await voter.goto(links[0]!);
    await voter.waitForSelector('[data-test^=ballot-org-]');
    await voter.locator('.quick button:has-text("较好")').click();
    await voter.click('[data-test=ballot-submit]');
    await voter.waitForSelector('[data-test=ballot-done]');
    await voter.goto(links[0]!);
    await expect.poll(() => voter.textContent('[data-test=ballot-state]')).toContain('只能投一次');
    await voter.close();

    // 6. the county's final results: ranked per category, explained down to entries
    const schemes = (await api(desk, '/api/assessment/schemes')).body as { id: number; status: string; copiedFromId: number | null }[];
    const county = schemes.find((x) => x.status === 'final')!.id;
    await desk.goto(`${base()}/assessment/schemes/${county}?tab=results`);
    await desk.waitForSelector('[data-test=result-table] .el-table__row');
    expect(await desk.textContent('[data-test=result-table]')).toMatch(/乡镇|机关/);
    await desk.locator('[data-test=result-table] .el-table__row a').first().click();
    await desk.waitForSelector('[data-test=explain-table] .el-table__row');
    expect(await desk.textContent('[data-test=explain-table]')).toMatch(/第 \d+ 条/);
    expect(await desk.textContent('[data-test=explain-summary]')).toContain('总分');

    // 7. what-if on the draft copy: lower the line for "good" and see ranks or grades move
    const draft = schemes.find((x) => x.copiedFromId === county)!.id;
    await desk.goto(`${base()}/assessment/schemes/${draft}?tab=whatif`);
    await desk.waitForSelector('[data-test=whatif-run]');
    await desk.locator('[data-test=wf-excellent] input').fill('75');
    await desk.click('[data-test=whatif-run]');
    await desk.waitForSelector('[data-test=whatif-summary]');
    expect(Number((await desk.textContent('[data-test=whatif-summary] b'))!.trim())).toBeGreaterThan(0);

    // 8. the special circular: a Word file whose text carries the ranking
    await desk.goto(`${base()}/assessment/schemes/${county}?tab=actions`);
    await desk.click('[data-test=circular-new]');
    const [download] = await Promise.all([desk.waitForEvent('download'), desk.click('[data-test=circular-save]')]);
    const file = path.join(shotDir, 'circular.docx');
    await download.saveAs(file);
    const JSZip = (await import('jszip')).default;
    const xml = await (await JSZip.loadAsync(fs.readFileSync(file))).file('word/document.xml')!.async('string');
    const top = (await api(desk, `/api/assessment/schemes/${county}/results`)).body.items[0] as { orgName: string };
    expect(xml).toContain('名次');
    expect(xml).toContain(top.orgName);
    await phone.close(); await twn.close(); await insp.close(); await desk.close();
  });
  it('problems to closure: an inspector records a finding; the branch updates it on a phone with a photo and asks for acceptance; the county returns it once, accepts and closes it; screening lists an org with its triggers and the county confirms it', async () => {
    const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');
    const phone = await browser.newPage({ viewport: { width: 375, height: 740 }, isMobile: true });
    await loginAs(phone, 'branch_secretary');
    const village = (await api(phone, '/api/orgs/tree')).body[0].name as string;
    // 1. the inspector records a finding from the visit to the village
    const insp = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await loginAs(insp, 'inspector');
    await insp.goto(`${base()}/inspections`);
    await insp.waitForSelector('[data-test=findings-table] .el-table__row');
    await insp.click('[data-test=plan-select]');
    await insp.locator('.pick-plan .el-select-dropdown__item:has-text("第四季度基层党建工作督查")').click();
    await insp.waitForSelector('[data-test=findings-table] .el-table__row');
    await insp.click('#tab-visits');
    await insp.locator(`.el-table__row:has-text("${village}") button:has-text("记录问题")`).first().click();
    await insp.fill('[data-test=finding-description]', '浏览器测试：第四季度党员大会未按期召开');
    await insp.fill('[data-test=finding-person]', '村党支部书记');
    await insp.click('[data-test=finding-save]');
    await insp.waitForSelector('.el-message--success');
    await insp.click('#tab-findings');
    await insp.waitForSelector('[data-test=findings-table] .el-table__row:has-text("浏览器测试：第四季度党员大会未按期召开")');
    // 2. the branch updates it on a phone with a photo and asks for acceptance
    await phone.goto(`${base()}/rectifications?keyword=${encodeURIComponent('浏览器测试')}`);
    await phone.locator('[data-test=items-table] a').first().click();
    await phone.waitForSelector('[data-test=progress-form]');
    const itemUrl = phone.url();
    expect(await phone.textContent('main')).toContain('浏览器测试：第四季度党员大会未按期召开');
    await phone.fill('[data-test=progress-note]', '已召开党员大会，补学第四季度内容');
    await phone.setInputFiles('[data-test=progress-file]', { name: '党员大会.png', mimeType: 'image/png', buffer: PNG });
    await phone.waitForSelector('.files .el-tag:has-text("党员大会.png")');
    await phone.click('[data-test=progress-submit]');
    await phone.waitForSelector('[data-test=timeline] img');
    await phone.fill('[data-test=progress-note]', '整改完成');
    await phone.click('[data-test=request-acceptance]');
    await expect.poll(() => phone.textContent('[data-test=item-status]')).toBe('待验收');
    expect(await phone.locator('[data-test=check-form]').count()).toBe(0);
    // 3. the county returns it once, with a reason
    const desk = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await loginAs(desk, 'county_admin');
    await desk.goto(itemUrl);
    await desk.waitForSelector('[data-test=check-form]');
    await desk.fill('[data-test=check-note]', '缺少党员大会会议记录，请补充');
    await desk.click('[data-test=return]');
    await expect.poll(() => desk.textContent('[data-test=item-status]')).toBe('整改中');
    await phone.reload();
    await phone.waitForSelector('[data-test=progress-form]');
    expect(await phone.textContent('[data-test=timeline]')).toContain('缺少党员大会会议记录');
    await phone.click('[data-test=request-acceptance]');
    await expect.poll(() => phone.textContent('[data-test=item-status]')).toBe('待验收');
    // 4. then accepts and closes it; the ledger shows it closed
    await desk.reload();
    await desk.click('[data-test=accept]');
    await expect.poll(() => desk.textContent('[data-test=item-status]')).toBe('已验收');
    await desk.click('[data-test=close]');
    await desk.locator('.el-message-box__btns .el-button--primary').click();
    await expect.poll(() => desk.textContent('[data-test=item-status]')).toBe('已销号');
    await desk.goto(`${base()}/rectifications?status=closed`);
    await desk.fill('.toolbar input[placeholder="问题、单位"]', '浏览器测试');
    await desk.press('.toolbar input[placeholder="问题、单位"]', 'Enter');
    await desk.waitForSelector(`[data-test=items-table] .el-table__row:has-text("${village}")`);
    expect(await desk.textContent('[data-test=items-table]')).toContain('已销号');
    // 5. the screening run lists orgs with their triggers; the county confirms one
    await desk.goto(`${base()}/weak-orgs`);
    // the page opens on the orgs confirmed and under rectification; the screening list is one tab away
    await desk.waitForSelector('#tab-weak.is-active');
    await desk.click('#tab-screen');
    await desk.click('[data-test=run-screening]');
    await desk.locator('.el-message-box__btns .el-button--primary').click();
    await desk.waitForSelector('.el-message--success');
    const row = desk.locator('[data-test=candidates-table] .el-table__row:has([data-test=confirm-open])').first();
    const name = (await row.locator('td').first().textContent())!;
    expect(await row.textContent()).toMatch(/（|届满|空缺|满意度/);
    await row.locator('[data-test=confirm-open]').click();
    await desk.fill('[data-test=confirm-leader]', '县委常委 张红');
    await desk.fill('[data-test=confirm-first-secretary]', '县财政局 赵明');
    await desk.fill('[data-test=confirm-measures]', '三个月内配齐班子，每月召开整顿推进会');
    await desk.click('[data-test=confirm-save]');
    await desk.waitForSelector('.el-message--success');
    await desk.click('#tab-weak');
    await desk.waitForSelector(`[data-test=weak-table] .el-table__row:has-text("${name.trim().slice(0, 12)}")`);
    await desk.screenshot({ path: path.join(shotDir, 'problems-weak.png') });
  });

  it('plans and reviews: a target from a metric shows its live status and is adjusted with a reason; the mid-term checklist lists the demo gaps and one becomes a rectification item; the evidence pack opens; a township leader sees only the township; a notice\'s unread list shrinks as a member reads it, and once withdrawn shows its reason instead of its text', async () => {
    const desk = await browser.newPage({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
    await loginAs(desk, 'county_admin');
    const plan = (await api(desk, '/api/plans?kind=three_year')).body[0];
    // 1. a target from the metric catalogue, with its live value and status
    await desk.goto(`${base()}/plans/${plan.id}`);
    await desk.waitForSelector('[data-test=targets] .el-table__row');
    await desk.click('[data-test=new-target]');
    await desk.click('[data-test=metric-select]');
    await desk.locator('.metric-pop .el-select-dropdown__item:has-text("整改按期完成率")').click();
    await desk.fill('[data-test=target-title]', '浏览器测试：整改按期完成率');
    await desk.fill('[data-test=target-value] input', '90');
    await desk.click('[data-test=target-save]');
    await desk.waitForSelector('.el-message--success');
    const row = desk.locator('[data-test=targets] .el-table__row:has-text("浏览器测试：整改按期完成率")');
    await row.waitFor();
    const live = (await api(desk, `/api/plans/${plan.id}`)).body.targets.find((t: { title: string }) => t.title === '浏览器测试：整改按期完成率');
    expect(live.value).not.toBeNull();
    expect(await row.textContent()).toContain(`${Number.isInteger(live.value) ? live.value : live.value.toFixed(1)}%`);
    expect(await row.locator('[data-test=target-status]').textContent()).toMatch(/已达标|进度正常|有风险|滞后/);
    // the target is adjusted with a reason: the new value shows, the old one stays in its history
    await row.locator('[data-test=target-revise]').click();
    await desk.locator('[data-test=revise-value] input').fill('95');
    await desk.fill('[data-test=revise-reason]', '浏览器测试：按新要求提高目标');
    await desk.click('[data-test=revise-save]');
    await desk.waitForSelector('.el-message--success:has-text("已调整指标")');
    await expect.poll(() => row.textContent()).toContain('≥ 95%');
    await row.locator('[data-test=target-revisions]').click();
    const revision = desk.locator('[data-test=revision-list] .el-table__row').first();
    await revision.waitFor();
    expect(await revision.textContent()).toContain('目标值：90 → 95');
    expect(await revision.textContent()).toContain('浏览器测试：按新要求提高目标');
    await desk.keyboard.press('Escape');
    // 2. the mid-term review's checklist lists the demo gaps; one becomes a rectification item
    const review = (await api(desk, `/api/plans/${plan.id}/reviews`)).body[0];
    await desk.goto(`${base()}/plans/reviews/${review.id}`);
    const gapRow = desk.locator('[data-test=lines-rectify] .el-table__row:has-text("村党组织书记、村委会主任")');
    await gapRow.waitFor();
    expect(await gapRow.textContent()).toContain('距目标差');
    expect(await desk.textContent('[data-test=review-summary]')).toMatch(/待整改/);
    await gapRow.locator('[data-test=to-rectification]').click();
    await desk.click('[data-test=act-save]');
    await desk.waitForSelector('.el-message--success:has-text("已生成整改事项")');
    await gapRow.locator('a:has-text("整改事项")').click();
    await desk.waitForSelector('[data-test=timeline]');
    expect(await desk.textContent('main')).toContain('中期评估：村党组织书记、村委会主任');
    expect(await desk.textContent('main')).toContain('中期评估');
    // 3. the evidence pack downloads; its Word report lists the targets
    await desk.goto(`${base()}/plans/reviews/${review.id}`);
    await desk.waitForSelector('[data-test=lines-rectify] .el-table__row');
    const [dl] = await Promise.all([desk.waitForEvent('download'), desk.click('[data-test=pack]')]);
    const zipPath = path.join(shotDir, 'pack.zip');
    await dl.saveAs(zipPath);
    const { default: JSZip } = await import('jszip');
    const zip = await JSZip.loadAsync(fs.readFileSync(zipPath));
    const docx = await JSZip.loadAsync(await zip.file('评估报告.docx')!.async('nodebuffer'));
    const text = (await docx.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
    expect(text).toContain('村级活动场所达标率');
    expect(text).toContain('浏览器测试：整改按期完成率');
    expect(text).toContain('已转为整改事项');
    // 4. the township leader's cockpit holds the township only
    const town = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await loginAs(town, 'township_leader');
    await town.goto(`${base()}/cockpit`);
    await town.waitForSelector('[data-test=cockpit-tiles] .tile');
    const mine = (await api(town, '/api/cockpit')).body;
    const townName = (await api(town, '/api/orgs/tree')).body[0].name as string;
    expect(await town.textContent('.bar')).toContain(townName.replace(/^中共/, '').replace(/委员会$/, ''));
    expect(await town.textContent('[data-test=cockpit-tiles]')).toContain(String(mine.members.total.total));
    const county = (await api(desk, `/api/cockpit?under=${(await api(town, '/api/orgs/tree')).body[0].id}`)).body;
    expect(mine.members.total.total).toBe(county.members.total.total);
    const towns = (await api(desk, '/api/cockpit')).body.members.byChild as { id: number; name: string }[];
    const other = towns.find((t) => t.name !== townName)!;
    expect((await api(town, `/api/cockpit?under=${other.id}`)).status).toBe(404);
    expect(await town.textContent('main')).not.toContain(other.name);
    // 5. a notice to the demo village; the unread list shrinks when its member reads it
    const phone = await browser.newPage({ viewport: { width: 375, height: 740 }, isMobile: true });
    await loginAs(phone, 'branch_secretary');
    const village = (await api(phone, '/api/orgs/tree')).body[0].name as string;
    const admin = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await loginAs(admin, 'township_admin');
    await admin.goto(`${base()}/notices?tab=sent`);
    await admin.click('[data-test=new-notice]');
    await admin.fill('[data-test=notice-title]', '浏览器测试：关于召开支部书记例会的通知');
    await admin.fill('[data-test=notice-body]', '请于本周五上午九时到镇党委会议室参加例会。');
    await admin.locator('[data-test=notice-scope] input').fill(village.slice(2, 8));
    await admin.locator(`.notice-scope-pop .el-select-dropdown__item:has-text("${village}")`).first().click();
    await admin.click('[data-test=notice-publish]');
    await admin.locator('.el-message-box__btns .el-button--primary').click();
    await admin.waitForSelector('.el-message--success:has-text("已发布")');
    await admin.locator('[data-test=sent] a:has-text("浏览器测试：关于召开支部书记例会的通知")').click();
    await admin.waitForSelector('[data-test=receipt-summary]');
    expect(await admin.textContent('[data-test=receipt-summary]')).toBe('已读 0 / 2，未读 2');
    const member = await browser.newPage({ viewport: { width: 375, height: 740 }, isMobile: true });
    await loginAs(member, 'member');
    const memberName = (await api(member, '/api/auth/me')).body.displayName as string;
    expect(await admin.textContent('[data-test=receipts]')).toContain(memberName);
    await member.goto(`${base()}/notices`);
    await member.locator('[data-test=inbox] a:has-text("浏览器测试：关于召开支部书记例会的通知")').click();
    await member.waitForSelector('[data-test=notice-heading]');
    expect(await member.textContent('main')).toContain('请于本周五上午九时');
    await admin.reload();
    await expect.poll(() => admin.textContent('[data-test=receipt-summary]')).toBe('已读 1 / 2，未读 1');
    expect(await admin.textContent('[data-test=receipts]')).not.toContain(memberName);
    await admin.screenshot({ path: path.join(shotDir, 'notice-receipts.png') });
    // 6. the sender withdraws it with a reason; the branch secretary, who has not read it, sees why and not the text
    await admin.click('[data-test=notice-withdraw]');
    await admin.locator('.el-message-box__input input').fill('例会时间调整，另行通知');
    await admin.locator('.el-message-box__btns .el-button--primary').click();
    await admin.waitForSelector('[data-test=withdrawn]');
    await phone.goto(`${base()}/notices`);
    const inboxRow = phone.locator('[data-test=inbox] a:has-text("浏览器测试：关于召开支部书记例会的通知")');
    expect(await inboxRow.textContent()).toContain('已撤回');
    await inboxRow.click();
    await phone.waitForSelector('[data-test=withdrawn]');
    expect(await phone.textContent('[data-test=withdrawn]')).toContain('例会时间调整，另行通知');
    expect(await phone.textContent('main')).not.toContain('请于本周五上午九时');
    await phone.screenshot({ path: path.join(shotDir, 'notice-withdrawn-phone.png') });
    await admin.reload();
    await expect.poll(() => admin.textContent('[data-test=receipt-summary]')).toBe('已读 1 / 2，未读 1'); // the withdrawn notice's opening is no receipt
  });
});

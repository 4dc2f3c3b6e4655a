import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../scripts/chromium.js';
import { base, loginAs } from './browser.js';

/**
 * Every page of the app opens for each kind of user without a server error (the server refuses, outside production,
 * an answer that breaks the API contract, so this also checks every answer a page reads) and without a script error.
 * The county administrator also opens every tab of every page.
 */
const PAGES = [
  '/', '/orgs', '/orgs/:org', '/warnings', '/workers', '/members', '/members/new', '/members/:member', '/members/:member/edit',
  '/meetings', '/meetings/new', '/meetings/:meeting', '/meeting-overview', '/meeting-copied', '/training', '/training/classes/:class',
  '/my-training', '/assessment', '/assessment/schemes/:scheme', '/assessment/schemes/:scheme/orgs/:assessed', '/assessment/records',
  '/problems', '/inspections', '/rectifications', '/rectifications/:item', '/weak-orgs', '/nonpublic', '/cockpit', '/reports',
  '/plans', '/plans/:plan', '/plans/reviews/:review', '/tasks', '/tasks/:task', '/campaigns', '/campaigns/:campaign',
  '/notices', '/notices/:notice', '/floating', '/imports', '/admin/users', '/admin/roles', '/audit', '/login-log',
];

/** Ids of records the signed-in user may see, read through the API as that user. */
async function idsFor(page: Page): Promise<Record<string, number | null>> {
  return page.evaluate(async () => {
    const get = async (u: string) => { const r = await fetch(u); return r.ok ? r.json() : null; };
    const first = (x: unknown): number | null => {
      const list = Array.isArray(x) ? x : (x as { items?: unknown[] } | null)?.items;
      return (list?.[0] as { id?: number } | undefined)?.id ?? null;
    };
    const plan = first(await get('/api/plans'));
    const scheme = first(await get('/api/assessment/schemes'));
    const assessed = scheme ? ((await get(`/api/assessment/schemes/${scheme}/results`))?.items?.[0]?.orgId ?? null) : null;
    return {
      org: first(await get('/api/orgs?pageSize=1&sort=path&orgType=branch')) ?? first(await get('/api/orgs/tree')),
      member: first(await get('/api/members?pageSize=1')),
      meeting: first(await get('/api/meetings?pageSize=1&status=submitted')),
      class: first(await get('/api/training/classes?pageSize=1')),
      scheme,
      assessed,
      item: first(await get('/api/rectifications?pageSize=1')),
      plan,
      review: plan ? first(await get(`/api/plans/${plan}/reviews`)) : null,
      task: first(await get('/api/plans/tasks?pageSize=1')),
      campaign: first(await get('/api/campaigns')),
      notice: first(await get('/api/notices?pageSize=1')) ?? first(await get('/api/notices/sent?pageSize=1')),
    };
  });
}

describe('every page opens without an error', () => {
  let browser: Browser;
  beforeAll(async () => { browser = await launchChromium(); });
  afterAll(async () => { await browser?.close(); });

  it.each([
    ['county_admin', true], ['branch_secretary', false], ['member', false], ['leader', false],
  ] as const)('as %s', async (username, everyTab) => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 820 } });
    const faults: string[] = [];
    let where = '';
    page.on('response', (r) => { if (r.status() >= 500) faults.push(`${where}：${r.request().method()} ${new URL(r.url()).pathname} → ${r.status()}`); });
    page.on('pageerror', (e) => faults.push(`${where}：脚本错误 ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error' && !/Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())) faults.push(`${where}：${m.text()}`); });
    await loginAs(page, username);
    const ids = await idsFor(page);
    let opened = 0;
    for (const p of PAGES) {
      if ([...p.matchAll(/:(\w+)/g)].some(([, k]) => !ids[k!])) continue;
      where = p.replace(/:(\w+)/g, (_, k: string) => String(ids[k]));
      await page.goto(`${base()}${where}`);
      await page.waitForLoadState('networkidle');
      opened++;
      if (!everyTab) continue;
      const tabs = page.locator('.el-tabs__item:not(.is-disabled)');
      for (let i = 0; i < await tabs.count(); i++) {
        await tabs.nth(i).click();
        await page.waitForLoadState('networkidle');
      }
    }
    await page.close();
    expect(faults).toEqual([]);
    expect(opened).toBeGreaterThan(username === 'county_admin' ? 35 : 5);
  });
});

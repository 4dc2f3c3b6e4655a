import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { inject } from 'vitest';

export const base = () => inject('baseUrl');

export async function loginAs(page: Page, username: string, password = 'Jiceng@2026') {
  await page.goto(`${base()}/login`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/** Element Plus date pickers accept typed dates. */
export async function typeDate(page: Page, label: string, value: string) {
  const input = page.locator(`.el-form-item:has(label:text-is("${label}")) input`).first();
  await input.click();
  await input.fill(value);
  await input.press('Enter');
  await page.keyboard.press('Escape');
}

export const shotDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiceng-shots-'));

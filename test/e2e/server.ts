import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext { baseUrl: string }
}

/** Starts the platform the way a user does (`npm start`), on a fresh embedded database, for the browser tests. */
let child: ChildProcess | null = null;
let dataDir = '';

export default async function setup(project: TestProject) {
  if (!fs.existsSync('/usr/bin/chromium')) throw new Error('浏览器测试需要 /usr/bin/chromium（apt-get install chromium fonts-noto-cjk）');
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiceng-e2e-'));
  const port = 3900 + Math.floor(Math.random() * 90);
  // as `npm start` runs it: what is stale is rebuilt, then the compiled server runs
  child = spawn(process.execPath, ['scripts/start.mjs', 'start'], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn', DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { out += d; });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 150_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`平台启动失败：\n${out}`);
    try { if ((await fetch(`${base}/api/health`)).ok) break; } catch { /* not yet */ }
    if (Date.now() > deadline) throw new Error(`平台启动超时：\n${out}`);
    await new Promise((r) => setTimeout(r, 300));
  }
  project.provide('baseUrl', base);
  return async () => {
    child?.kill('SIGTERM');
    await new Promise((r) => child?.once('exit', r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}

/**
 * Start-up of the platform as a user starts it (`npm start`), timed from the command to:
 *   - `/api/health` answering, and
 *   - the login page loaded (index.html and every script and stylesheet it names).
 * Two cases: a fresh clone after `npm ci` (dist/ as `npm ci` leaves it — built by the `prepare` script — and
 * an empty data directory: the database and the demo county are made) and a restart (a database already
 * holding the demo). Each run's console lines are stamped with the seconds since the command, so that the
 * slow steps show.
 *
 *   npx tsx bench/startup.ts [--runs 3] [--fresh-only | --restart-only] [--write]
 *
 * --write replaces the start-up section of bench/results.md with the medians.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const args = process.argv.slice(2);
const arg = (name: string, dflt: number) => { const i = args.indexOf(name); return i >= 0 ? Number(args[i + 1]) : dflt; };
const RUNS = arg('--runs', 3);
const HEAD = '### 启动时间（npm start）';

type Run = { health: number; page: number; lines: string[] };

async function fetchOk(url: string): Promise<string | null> {
  try {
    const r = await fetch(url);
    return r.ok ? await r.text() : null;
  } catch { return null; }
}

/** One `npm start` in its own process group; resolves when the login page has loaded, then stops it. */
export async function startOnce(dataDir: string, port: number): Promise<Run> {
  const t0 = performance.now();
  const sec = () => (performance.now() - t0) / 1000;
  const child = spawn('npm', ['start', '--silent'], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn', DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'], detached: true,
  });
  const lines: string[] = [];
  const take = (d: Buffer) => { for (const l of String(d).split('\n')) if (l.trim()) lines.push(`${sec().toFixed(1).padStart(6)} s  ${l}`); };
  child.stdout!.on('data', take);
  child.stderr!.on('data', take);
  const exited = new Promise((r) => child.once('exit', r));
  const base = `http://127.0.0.1:${port}`;
  try {
    let health = 0;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`平台启动失败：\n${lines.join('\n')}`);
      if (await fetchOk(`${base}/api/health`) !== null) { health = sec(); break; }
      if (sec() > 600) throw new Error(`平台启动超时：\n${lines.join('\n')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const html = await fetchOk(`${base}/login`) ?? await fetchOk(`${base}/`);
    if (!html) throw new Error('首页未返回');
    const assets = [...html.matchAll(/(?:src|href)="(\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
    for (const a of assets) if (await fetchOk(base + a) === null) throw new Error(`资源未返回：${a}`);
    return { health, page: sec(), lines };
  } finally {
    try { process.kill(-child.pid!, 'SIGTERM'); } catch { /* gone */ }
    await exited;
  }
}

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2; };

async function main() {
  const load0 = os.loadavg()[0]!;
  const port = 3950 + Math.floor(Math.random() * 40);
  const root = path.resolve('.tmp/startup');
  const fresh: Run[] = []; const restart: Run[] = []; const built: number[] = [];
  if (!args.includes('--restart-only')) {
    for (let i = 0; i < RUNS; i++) {
      // a fresh clone: nothing built but what `npm ci` builds, no database
      fs.rmSync('dist', { recursive: true, force: true });
      fs.rmSync(root, { recursive: true, force: true });
      if (fs.existsSync('scripts/build.mjs')) {
        const t = performance.now();
        execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' });
        built.push((performance.now() - t) / 1000);
      }
      const r = await startOnce(root, port);
      console.log(`首次启动 ${i + 1}：接口就绪 ${r.health.toFixed(1)} s，登录页 ${r.page.toFixed(1)} s\n${r.lines.join('\n')}`);
      fresh.push(r);
    }
  }
  if (!args.includes('--fresh-only')) {
    if (!fs.existsSync(path.join(root, 'pglite'))) {
      const r = await startOnce(root, port);
      console.log(`准备：首次启动 ${r.page.toFixed(1)} s`);
    }
    for (let i = 0; i < RUNS; i++) {
      const r = await startOnce(root, port);
      console.log(`再次启动 ${i + 1}：接口就绪 ${r.health.toFixed(1)} s，登录页 ${r.page.toFixed(1)} s\n${r.lines.join('\n')}`);
      restart.push(r);
    }
  }
  const fmt = (rs: Run[], k: 'health' | 'page') => rs.length ? `${median(rs.map((r) => r[k])).toFixed(1)} s（${rs.map((r) => r[k].toFixed(1)).join('、')}）` : '—';
  const text = [
    `| 启动（${RUNS} 次的中位数，括号内为每次） | 到 /api/health 应答 | 到登录页加载完成 |`, '|---|---|---|',
    `| 首次启动（刚克隆、npm ci 之后：建库、生成演示县） | ${fmt(fresh, 'health')} | ${fmt(fresh, 'page')} |`,
    `| 再次启动（已构建，已有演示数据） | ${fmt(restart, 'health')} | ${fmt(restart, 'page')} |`,
    ...(built.length ? ['', `首次启动前 \`npm ci\` 的构建（prepare：服务端、空数据库模板、网页端）：中位数 ${median(built).toFixed(1)} s（${built.map((x) => x.toFixed(1)).join('、')}），不计入上表。`] : []),
  ].join('\n');
  console.log(`\n${text}`);
  fs.rmSync(root, { recursive: true, force: true });
  if (args.includes('--write')) {
    const file = 'bench/results.md';
    const old = fs.readFileSync(file, 'utf8');
    const load = `机器 1 分钟平均负载：开始 ${load0.toFixed(1)}，结束 ${os.loadavg()[0]!.toFixed(1)}（与其他测试共用时，数字随之浮动）`;
    const body = `- 测于 ${new Date().toISOString().slice(0, 10)}，${os.cpus().length} 核 ${os.cpus()[0]?.model ?? ''}，Node ${process.version}；一个县（演示县）；\`npx tsx bench/startup.ts --write\`\n- ${load}\n\n${text}\n`;
    const start = old.indexOf(HEAD);
    const rest = start >= 0 ? old.slice(start + HEAD.length) : '';
    const next = rest.indexOf('\n### ');
    fs.writeFileSync(file, start >= 0 ? `${old.slice(0, start)}${HEAD}\n\n${body}${next >= 0 ? rest.slice(next) : ''}` : `${old.trimEnd()}\n\n${HEAD}\n\n${body}`);
    console.log(`已写入 ${file}`);
  }
}

main().catch((e) => { console.error(e); process.exit(1); });

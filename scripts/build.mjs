#!/usr/bin/env node
/**
 * The production build, made once and again only when its sources change:
 *   dist/server/, dist/shared/  the server compiled to JavaScript (esbuild, file by file, no bundling: the
 *                               layout of src/ is kept, so paths taken from import.meta.url hold in both)
 *   dist/pglite-template/       an empty embedded database with the migrations applied: a new data directory
 *                               starts as a copy of it instead of running initdb (5–6 s on a laptop)
 *   dist/web/                   the web app (Vite)
 * Each part carries a stamp of its sources' content under dist/.stamps/; a part whose stamp matches is kept.
 *
 *   node scripts/build.mjs            build what is stale (npm ci runs this as `prepare`)
 *   node scripts/build.mjs --force    rebuild everything
 *
 * Plain JavaScript, so that it runs before anything is compiled.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import zlib from 'node:zlib';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(ROOT, 'dist');
const STAMPS = path.join(DIST, '.stamps');
export const TEMPLATE = path.join(DIST, 'pglite-template');

/** Every file under the given paths (relative to the root), sorted; directories that do not exist are skipped. */
function files(paths, keep = () => true) {
  const out = [];
  const walk = (rel) => {
    const abs = path.join(ROOT, rel);
    if (!fs.existsSync(abs)) return;
    if (fs.statSync(abs).isDirectory()) {
      for (const e of fs.readdirSync(abs).sort()) walk(path.join(rel, e));
    } else if (keep(rel)) out.push(rel);
  };
  for (const p of paths) walk(p);
  return out;
}

function digest(list) {
  const h = crypto.createHash('sha256');
  for (const f of list) h.update(f).update('\0').update(fs.readFileSync(path.join(ROOT, f))).update('\0');
  return h.digest('hex');
}

const isSource = (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts');
const serverSources = () => files(['src/server', 'src/shared'], isSource);

/** What each part is made from: its sources, and the build settings that shape it. */
const PARTS = {
  server: () => digest([...serverSources(), 'scripts/build.mjs', 'package-lock.json']),
  template: () => digest([...files(['migrations']), 'src/server/core/db.ts', 'node_modules/@electric-sql/pglite/package.json', 'scripts/build.mjs']),
  web: () => digest([...files(['src/web', 'src/shared']), 'vite.config.ts', 'package-lock.json', 'scripts/build.mjs']),
};

/** What a built part leaves behind: a stamp without it (a hand-deleted directory) is stale too. */
const OUTPUT = { server: path.join(DIST, 'server/main.js'), template: path.join(TEMPLATE, 'PG_VERSION'), web: path.join(DIST, 'web/index.html') };

const stampFile = (part) => path.join(STAMPS, part);
const stale = (part, sum) => !fs.existsSync(OUTPUT[part]) || !fs.existsSync(stampFile(part)) || fs.readFileSync(stampFile(part), 'utf8') !== sum;
function stamp(part, sum) {
  fs.mkdirSync(STAMPS, { recursive: true });
  fs.writeFileSync(stampFile(part), sum);
}

async function buildServer() {
  const { build } = await import('esbuild');
  for (const d of ['server', 'shared']) fs.rmSync(path.join(DIST, d), { recursive: true, force: true });
  await build({
    entryPoints: serverSources().map((f) => path.join(ROOT, f)),
    outdir: DIST, outbase: path.join(ROOT, 'src'), absWorkingDir: ROOT,
    format: 'esm', platform: 'node', target: 'node20', bundle: false, sourcemap: 'linked', logLevel: 'warning',
  });
}

async function buildTemplate() {
  // from the server just compiled: the same migrator the platform runs at start
  const { openPglite, migrate } = await import(pathToFileURL(path.join(DIST, 'server/core/db.js')).href);
  // initdb in memory is twice as fast as on disk; the result is then written out as a data directory
  const d = await openPglite();
  let blob;
  try {
    await migrate(d);
    blob = await d.client.dumpDataDir('none');
  } finally { await d.close(); }
  const tmp = `${TEMPLATE}.tmp`;
  fs.rmSync(tmp, { recursive: true, force: true });
  const t = await openPglite({ dataDir: tmp, loadDataDir: blob });
  await t.close();
  fs.renameSync(tmp, TEMPLATE);
}

function buildWeb() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`网页端构建失败（退出码 ${code}）`))));
  }).then(compressWeb);
}

/** Brotli and gzip copies of the web app's text files beside them, served as they are to browsers that accept them. */
function compressWeb() {
  const web = path.join(DIST, 'web');
  const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
  for (const f of walk(web).filter((f) => /\.(js|css|html|svg|json)$/.test(f))) {
    const buf = fs.readFileSync(f);
    if (buf.length < 1024) continue;
    fs.writeFileSync(`${f}.br`, zlib.brotliCompressSync(buf, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 9 } }));
    fs.writeFileSync(`${f}.gz`, zlib.gzipSync(buf, { level: 9 }));
  }
}

/**
 * Build the stale parts: the web app in its own process alongside the server and the database template (which
 * needs the compiled server). `web: false` leaves the web app alone (commands that serve no pages).
 */
export async function ensureBuilt({ web = true, force = false, log = console.log } = {}) {
  const t = Date.now();
  const sums = Object.fromEntries(Object.entries(PARTS).map(([k, f]) => [k, f()]));
  const todo = Object.keys(PARTS).filter((k) => (k !== 'web' || web) && (force || stale(k, sums[k])));
  if (!todo.length) return false;
  log(`正在构建：${todo.map((k) => ({ server: '服务端', template: '空数据库模板', web: '网页端' })[k]).join('、')}……`);
  const webDone = todo.includes('web') ? buildWeb().then(() => stamp('web', sums.web)) : Promise.resolve();
  const serverDone = (async () => {
    if (todo.includes('server')) { await buildServer(); stamp('server', sums.server); }
    if (todo.includes('template')) {
      // a template made by an older server is made again with the new one
      fs.rmSync(TEMPLATE, { recursive: true, force: true });
      await buildTemplate(); stamp('template', sums.template);
    }
  })();
  // both settle before either failure is reported, so that no build is left running
  const [a, b] = await Promise.allSettled([serverDone, webDone]);
  for (const r of [a, b]) if (r.status === 'rejected') throw r.reason;
  log(`构建完成（${((Date.now() - t) / 1000).toFixed(1)} 秒）`);
  return true;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  ensureBuilt({ force: process.argv.includes('--force') }).catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}

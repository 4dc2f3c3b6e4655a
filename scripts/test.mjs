#!/usr/bin/env node
/**
 * The whole suite, as the README's second command runs it:
 *   0. the TypeScript type check, the module graph (dependency-cruiser, .dependency-cruiser.cjs) and the lint (eslint);
 *   1. unit and integration tests on embedded PGlite;
 *   2. the integration tests again on PostgreSQL when TEST_DATABASE_URL is set (CI sets it);
 *   3. the browser journeys in Chromium against `npm start`;
 *   4. the benchmarks at a tiny scale, so that they cannot rot.
 * Ends with one line "N passed, N failed".
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const tmp = path.resolve('.tmp');
fs.mkdirSync(tmp, { recursive: true });
let passed = 0, failed = 0, skipped = 0;
const problems = [];

function vitest(label, args, env = {}) {
  const out = path.join(tmp, `vitest-${label}.json`);
  fs.rmSync(out, { force: true });
  console.log(`\n=== ${label} ===`);
  const r = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`],
    { stdio: 'inherit', env: { ...process.env, ...env } });
  if (!fs.existsSync(out)) { failed += 1; problems.push(`${label}: 未能运行（退出码 ${r.status}）`); return; }
  const j = JSON.parse(fs.readFileSync(out, 'utf8'));
  passed += j.numPassedTests; failed += j.numFailedTests; skipped += j.numPendingTests + (j.numTodoTests ?? 0);
  if (r.status !== 0 || j.numFailedTests > 0 || j.numTotalTests === 0) {
    if (j.numFailedTests === 0) failed += 1;
    problems.push(`${label}: ${j.numFailedTests} 个失败（退出码 ${r.status}）`);
  }
}

console.log('\n=== type check (tsc, vue-tsc) ===');
const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', 'tsconfig.json'], { stdio: 'inherit' });
if (tsc.status === 0) passed += 1; else { failed += 1; problems.push('tsc: 类型错误'); }
const vueTsc = spawnSync(process.execPath, ['node_modules/vue-tsc/bin/vue-tsc.js', '--noEmit', '-p', 'tsconfig.web.json'], { stdio: 'inherit' });
if (vueTsc.status === 0) passed += 1; else { failed += 1; problems.push('vue-tsc: 网页端类型错误'); }
console.log('\n=== module graph (dependency-cruiser) ===');
const graph = spawnSync(process.execPath, ['node_modules/dependency-cruiser/bin/dependency-cruise.mjs', 'src', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'], { stdio: 'inherit' });
if (graph.status === 0) passed += 1; else { failed += 1; problems.push('depcruise: 模块依赖违反约定'); }

console.log('\n=== lint (eslint) ===');
const lint = spawnSync(process.execPath, ['node_modules/eslint/bin/eslint.js', '--cache', '--cache-location', '.tmp/eslintcache', '.'], { stdio: 'inherit' });
if (lint.status === 0) passed += 1; else { failed += 1; problems.push('eslint: 代码检查未通过'); }

vitest('unit+integration (PGlite)', ['--config', 'vitest.config.ts']);
if (process.env.TEST_DATABASE_URL) {
  vitest('integration (PostgreSQL)', ['--config', 'vitest.config.ts', 'test/integration'], { TEST_DB: 'pg' });
} else {
  console.log('\n未设置 TEST_DATABASE_URL：跳过 PostgreSQL 上的集成测试（CI 会运行）。');
}
if (process.env.SKIP_E2E !== '1') vitest('browser journeys (Chromium)', ['--config', 'vitest.e2e.config.ts']);

console.log('\n=== benchmarks at tiny scale ===');
const b = spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--tiny'], { stdio: 'inherit' });
if (b.status === 0) passed += 1; else { failed += 1; problems.push(`bench --tiny: 退出码 ${b.status}`); }

if (problems.length) console.log(`\n问题：\n  ${problems.join('\n  ')}`);
console.log(`\nsuite: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed ? 1 : 0);

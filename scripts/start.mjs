#!/usr/bin/env node
/**
 * `npm start` and the other platform commands: rebuild what is stale (scripts/build.mjs; nothing, usually, as
 * `npm ci` built it), then run the compiled server in this process.
 *
 *   node scripts/start.mjs [start | migrate | demo | verify-ledger [schemeId]]
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureBuilt } from './build.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cmd = process.argv[2] ?? 'start';
try {
  // only `start` serves pages: the other commands need no web build
  await ensureBuilt({ web: cmd === 'start' });
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}
// dist/server/main.js reads its command from process.argv, as when run directly
await import(pathToFileURL(path.join(root, 'dist/server/main.js')).href);

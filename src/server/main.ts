import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { buildApp, WEB_DIST } from './app.js';
import { loadConfig, type Config } from './core/config.js';
import { migrate, openPglite, openPostgres, PGLITE_TEMPLATE, rows, takeDataDirLock, type Database } from './core/db.js';
import { today } from './core/paging.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, loadDemo, seedReference } from './demo/load.js';

async function open(config: Config): Promise<{ database: Database; release: () => void }> {
  if (config.databaseUrl) return { database: await openPostgres(config.databaseUrl), release: () => {} };
  const release = takeDataDirLock(config.dataDir);
  try {
    return { database: await openEmbedded(path.join(config.dataDir, 'pglite')), release };
  } catch (e) { release(); throw e; }
}

/**
 * The embedded database; a new one starts as a copy of the build's empty database (migrations applied) when
 * there is one, instead of initdb. Migrations newer than the copy are applied at start as always.
 */
async function openEmbedded(dataDir: string): Promise<Database> {
  const isNew = !fs.existsSync(dataDir) || !fs.readdirSync(dataDir).length;
  if (!isNew) return openPglite({ dataDir });
  if (fs.existsSync(path.join(PGLITE_TEMPLATE, 'PG_VERSION'))) {
    console.log('正在创建内置数据库（复制构建好的空库）……');
    try {
      // a copy-on-write clone where the file system offers one
      fs.cpSync(PGLITE_TEMPLATE, dataDir, { recursive: true, mode: fs.constants.COPYFILE_FICLONE });
      return await openPglite({ dataDir });
    } catch (e) {
      // a copy the installed PGlite cannot open: start over the ordinary way
      console.log(`构建好的空库不可用（${e instanceof Error ? e.message : e}），改为新建`);
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  } else {
    console.log('正在创建内置数据库（首次启动）……');
  }
  return openPglite({ dataDir });
}

async function prepare(database: Database, demo: boolean) {
  await migrate(database);
  await seedReference(database.db);
  const [{ n = 0 } = {}] = await rows<{ n: number }>(database.db, sql`select count(*)::int as n from counties`);
  if (n === 0 && demo) {
    console.log('首次启动：正在生成演示县数据（只在第一次启动时）……');
    const t = Date.now();
    await loadDemo(database.db, { today: today(), log: console.log });
    console.log(`演示数据已生成（${((Date.now() - t) / 1000).toFixed(1)} 秒）`);
    return; // the load ends with ANALYZE
  }
  // embedded PGlite runs no autovacuum: without statistics the planner loops over whole tables (decision 0010)
  if (database.kind === 'pglite') await database.db.execute(sql`analyze`);
}

function ensureWebBuilt() {
  if (fs.existsSync(path.join(WEB_DIST, 'index.html'))) return;
  console.log('正在构建网页端（首次启动）……');
  execFileSync(process.execPath, [path.resolve('node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
}

async function main() {
  const [cmd = 'start'] = process.argv.slice(2);
  const config = loadConfig();
  if (cmd === 'migrate') {
    const { database, release } = await open(config);
    await prepare(database, false);
    await database.close(); release();
    console.log('数据库迁移完成');
    return;
  }
  if (cmd === 'demo') {
    const { database, release } = await open(config);
    await prepare(database, true);
    await database.close(); release();
    return;
  }
  if (cmd === 'verify-ledger') {
    // every scheme's score ledger: the hash chain, and the maintained sums against the entries
    const { database, release } = await open(config);
    let bad = 0;
    try {
      await migrate(database);
      const only = process.argv[3] ? Number(process.argv[3]) : null;
      const { checkLedger } = await import('./modules/assessment/service.js');
      for (const s of await rows<{ id: number; name: string }>(database.db, sql`select id, name from assessment_schemes ${only ? sql`where id = ${only}` : sql``} order by id`)) {
        const r = await checkLedger(database.db, s.id);
        if (r.ok) console.log(`方案 ${s.id}「${s.name}」：台账完整，${r.count} 条`);
        else { bad += 1; console.log(`方案 ${s.id}「${s.name}」：${r.message}`); }
      }
    } finally { await database.close(); release(); }
    process.exit(bad ? 1 : 0);
  }
  if (cmd !== 'start') {
    console.error(`未知命令：${cmd}。可用：start | migrate | demo | verify-ledger [方案编号]`);
    process.exit(2);
  }
  ensureWebBuilt();
  const { database, release } = await open(config);
  await prepare(database, true);
  const app = await buildApp({ db: database.db, config, logger: config.logLevel === 'silent' ? false : { level: config.logLevel } });
  const stop = async () => {
    await app.close();
    await database.close();
    release();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // the daily duties: overdue rectification items escalate, near deadlines are reminded, coverage is snapshotted
  const duties = async () => {
    const { runDailyDuties } = await import('./modules/inspections/service.js');
    const { snapshotCoverage } = await import('./modules/nonpublic/service.js');
    await runDailyDuties(database.db).catch((e) => app.log.error(e));
    await snapshotCoverage(database.db).catch((e) => app.log.error(e));
    if (database.kind === 'pglite' && new Date().getHours() === 3) await database.db.execute(sql`analyze`).catch((e) => app.log.error(e));
  };
  await duties();
  setInterval(duties, 3600_000).unref();
  await app.listen({ port: config.port, host: config.host });
  const url = `http://${config.host}:${config.port}`;
  console.log(`\n基层党建工作平台已启动：${url}\n数据库：${database.kind === 'pglite' ? `内置 PGlite（${config.dataDir}）` : 'PostgreSQL'}`);
  console.log(`API 文档：${url}/api/docs\n\n演示账号（密码均为 ${DEMO_PASSWORD}）：`);
  for (const a of DEMO_ACCOUNTS) console.log(`  ${a.username.padEnd(18)}${a.displayName}（${a.note}）`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});

import fs from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { migrate, openPglite, openPostgres } from '../src/server/core/db.js';
import { today } from '../src/server/core/paging.js';
import { loadDemo, seedReference } from '../src/server/demo/load.js';

/** Tests run on PGlite unless TEST_DB=pg, then on the server at TEST_DATABASE_URL. */
export const TEST_SCALE = 0.2;
/** Named after the test database, so that two checkouts can test against one server at once. */
export const TEMPLATE_DB = `${(process.env.TEST_DATABASE_URL ? new URL(process.env.TEST_DATABASE_URL).pathname.slice(1) : 'jiceng_test') || 'jiceng_test'}_template`;

declare module 'vitest' {
  export interface ProvidedContext { dbKind: 'pglite' | 'postgres'; pgliteDump: string; pgAdminUrl: string }
}

export default async function setup(project: TestProject) {
  const kind = process.env.TEST_DB === 'pg' ? 'postgres' : 'pglite';
  project.provide('dbKind', kind);
  if (kind === 'pglite') {
    const dump = path.resolve('.tmp/test-pglite.tar');
    fs.mkdirSync(path.dirname(dump), { recursive: true });
    const d = await openPglite();
    await migrate(d);
    await seedReference(d.db);
    await loadDemo(d.db, { today: today(), scale: TEST_SCALE });
    const blob = await (d as unknown as { client: { dumpDataDir(c: 'none'): Promise<Blob> } }).client.dumpDataDir('none');
    fs.writeFileSync(dump, Buffer.from(await blob.arrayBuffer()));
    await d.close();
    project.provide('pgliteDump', dump);
    project.provide('pgAdminUrl', '');
    return;
  }
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DB=pg 需要 TEST_DATABASE_URL');
  const admin = await openPostgres(url, 1);
  await admin.db.execute(`drop database if exists ${TEMPLATE_DB}` as never);
  await admin.db.execute(`create database ${TEMPLATE_DB}` as never);
  const tplUrl = withDb(url, TEMPLATE_DB);
  const tpl = await openPostgres(tplUrl, 2);
  await migrate(tpl);
  await seedReference(tpl.db);
  await loadDemo(tpl.db, { today: today(), scale: TEST_SCALE });
  await tpl.close();
  await admin.close();
  project.provide('pgliteDump', '');
  project.provide('pgAdminUrl', url);
}

export function withDb(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

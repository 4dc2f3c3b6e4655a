import crypto from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, inject } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'drizzle-orm';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/core/config.js';
import { openPglite, openPostgres, rows, type Database, type Db } from '../src/server/core/db.js';
import { DEMO_PASSWORD } from '../src/server/demo/load.js';
import { TEMPLATE_DB, withDb } from './global-setup.js';

/** A fresh copy of the migrated test county for one test file, on PGlite or PostgreSQL. */
export async function freshDatabase(): Promise<Database> {
  if (inject('dbKind') === 'pglite') {
    const blob = new Blob([fs.readFileSync(inject('pgliteDump'))]);
    return openPglite({ loadDataDir: blob });
  }
  const adminUrl = inject('pgAdminUrl');
  const name = `jiceng_t_${crypto.randomBytes(5).toString('hex')}`;
  const admin = await openPostgres(adminUrl, 1);
  await admin.db.execute(`create database ${name} template ${TEMPLATE_DB}` as never);
  await admin.close();
  const d = await openPostgres(withDb(adminUrl, name), 4);
  return {
    ...d,
    close: async () => {
      await d.close();
      const a = await openPostgres(adminUrl, 1);
      await a.db.execute(`drop database if exists ${name}` as never);
      await a.close();
    },
  };
}

export type Session = { cookie: string; csrf: string; username: string };

export class Client {
  constructor(readonly app: FastifyInstance, readonly session: Session | null = null) {}
  private headers(extra: Record<string, string> = {}) {
    return { ...(this.session ? { cookie: this.session.cookie, 'x-csrf-token': this.session.csrf } : {}), ...extra };
  }
  get(url: string) { return this.app.inject({ method: 'GET', url, headers: this.headers() }); }
  post(url: string, payload?: unknown, headers: Record<string, string> = {}) {
    return this.app.inject({ method: 'POST', url, payload: payload as never, headers: this.headers(headers) });
  }
  put(url: string, payload?: unknown) { return this.app.inject({ method: 'PUT', url, payload: payload as never, headers: this.headers() }); }
  delete(url: string) { return this.app.inject({ method: 'DELETE', url, headers: this.headers() }); }
  /** A multipart upload: the file, and form fields before it (as a browser's FormData sends them). */
  upload(url: string, file: Buffer, name = 'upload.xlsx', fields: Record<string, string | number | boolean | undefined> = {}) {
    const boundary = '----jiceng' + crypto.randomBytes(6).toString('hex');
    const parts = Object.entries(fields).filter(([, v]) => v !== undefined)
      .map(([k, v]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${String(v)}\r\n`));
    const body = Buffer.concat([
      ...parts,
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`),
      file, Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return this.app.inject({ method: 'POST', url, payload: body, headers: this.headers({ 'content-type': `multipart/form-data; boundary=${boundary}` }) });
  }
}

export async function login(app: FastifyInstance, username: string, password = DEMO_PASSWORD): Promise<Client> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
  const cookie = String(res.headers['set-cookie']).split(';')[0]!;
  return new Client(app, { cookie, csrf: res.json().csrfToken, username });
}

/** Boot the app on a fresh database for one test file. */
export function useApp() {
  const ctx = {} as { app: FastifyInstance; db: Db; database: Database };
  beforeAll(async () => {
    ctx.database = await freshDatabase();
    ctx.db = ctx.database.db;
    ctx.app = await buildApp({ db: ctx.db, config: loadConfig({ ...process.env, DATABASE_URL: '' }) });
  });
  afterAll(async () => {
    await ctx.app?.close();
    await ctx.database?.close();
  });
  return ctx;
}

export const one = async <T = Record<string, unknown>>(db: Db, q: ReturnType<typeof sql>) => (await rows<T>(db, q))[0]!;
export const count = async (db: Db, table: string) => (await one<{ n: number }>(db, sql`select count(*)::int as n from ${sql.raw(table)}`)).n;
export const problem = (r: LightMyRequestResponse) => r.json() as { code: string; detail: string; errors: { field: string; message: string }[] };
/** The status and problem code of a refused request, to assert both at once. */
export const refusal = (r: LightMyRequestResponse) => ({ status: r.statusCode, code: r.statusCode >= 400 ? problem(r).code : null });

/** Signed-in clients for several demo accounts at once, in the order given. */
/** Sign several demo users in at once; one client per name, in order. */
export const loginAll = <const N extends readonly string[]>(app: FastifyInstance, ...usernames: N) =>
  Promise.all(usernames.map((u) => login(app, u))) as Promise<{ [K in keyof N]: Client }>;

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { sql, type SQL } from 'drizzle-orm';
/**
 * Queries name their tables directly (no relational query API), so the handle carries no schema: core knows
 * no module's tables. The aggregate of all tables is src/server/schema.ts, read by drizzle-kit.
 */
export type Db = PgDatabase<PgQueryResultHKT>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

// resolved from this file, which sits at the same depth in src/ and in the compiled dist/
export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../migrations');
/** An empty embedded database with the migrations applied, made by the build (scripts/build.mjs). */
export const PGLITE_TEMPLATE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../dist/pglite-template');

/** Type parsers shared by both drivers, so that raw queries give the same JS values on each. */
const INT8 = 20;
const DATE = 1082;
const NUMERIC = 1700;

export async function openPglite(opts: { dataDir?: string; loadDataDir?: Blob } = {}): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  if (opts.dataDir) fs.mkdirSync(opts.dataDir, { recursive: true });
  const client = await PGlite.create(opts.dataDir, {
    loadDataDir: opts.loadDataDir,
    parsers: { [INT8]: (v: string) => Number(v), [DATE]: (v: string) => v, [NUMERIC]: (v: string) => Number(v) },
  });
  const db = drizzle(client) as unknown as Db;
  return { db, kind: 'pglite', close: () => client.close(), ...{ client } };
}

export async function openPostgres(url: string, max = 10): Promise<Database> {
  const pg = await import('pg');
  // the ORM's node-postgres session asks pg's global parsers, not the pool's: set them too, so that a raw count or
  // decimal is a number on PostgreSQL as on PGlite
  pg.default.types.setTypeParser(INT8, (v: string) => Number(v));
  pg.default.types.setTypeParser(NUMERIC, (v: string) => Number(v));
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const pool = new pg.default.Pool({
    connectionString: url,
    max,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === INT8 || oid === NUMERIC) return (v: string) => Number(v);
        if (oid === DATE) return (v: string) => v;
        return pg.default.types.getTypeParser(oid, format);
      }) as typeof pg.default.types.getTypeParser,
    },
  });
  const db = drizzle(pool) as unknown as Db;
  return { db, kind: 'postgres', close: () => pool.end() };
}

export async function migrate(database: Database): Promise<void> {
  if (database.kind === 'pglite') {
    const { migrate: m } = await import('drizzle-orm/pglite/migrator');
    await m(database.db as never, { migrationsFolder: MIGRATIONS_DIR });
  } else {
    const { migrate: m } = await import('drizzle-orm/node-postgres/migrator');
    await m(database.db as never, { migrationsFolder: MIGRATIONS_DIR });
  }
}

/** Rows of a raw query, the same shape on both drivers. */
export async function rows<T = Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  const res = (await db.execute(query)) as unknown as { rows: T[] };
  return res.rows;
}

export { sql };

/**
 * PGlite has no lock of its own: a second process would open the same directory and its
 * writes would be lost. The server holds this file; a stale one (dead PID) is taken over.
 */
export function takeDataDirLock(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, 'jiceng.lock');
  try {
    fs.writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
  } catch {
    const pid = Number(fs.readFileSync(lockPath, 'utf8'));
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new Error(`数据目录 ${dataDir} 正被进程 ${pid} 使用（平台已在运行）。请先停止它，或通过运行中的平台操作。`);
    }
    fs.writeFileSync(lockPath, String(process.pid));
  }
  return () => {
    try {
      if (Number(fs.readFileSync(lockPath, 'utf8')) === process.pid) fs.unlinkSync(lockPath);
    } catch { /* already gone */ }
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Run fn in one transaction; the audit rows it writes commit or roll back with it. */
export function inTx<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction((tx) => fn(tx as unknown as Db));
}

const snake = (s: string) => s.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`);

/**
 * Insert many rows with one statement per batch through jsonb_to_recordset: a single bound
 * parameter per batch, the same on PGlite and node-postgres, and far faster than multi-row VALUES.
 * columns: [camelCase key of the row objects, SQL type]; identifiers come from code, never from input.
 */
export async function bulkInsert(db: Db, table: string, columns: [string, string][], data: Record<string, unknown>[], batch = 5000) {
  const cols = sql.raw(columns.map(([k]) => snake(k)).join(', '));
  const keys = sql.raw(columns.map(([k]) => `"${k}"`).join(', '));
  const defs = sql.raw(columns.map(([k, t]) => `"${k}" ${t}`).join(', '));
  for (let i = 0; i < data.length; i += batch) {
    const json = JSON.stringify(data.slice(i, i + batch));
    await db.execute(sql`insert into ${sql.raw(table)} (${cols}) select ${keys} from jsonb_to_recordset(${json}::jsonb) as x(${defs})`);
  }
}

function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'number') return String(v);
  const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  // quoted only when it must be: an empty text (unquoted it would be NULL), a quote, a separator, a line break, a
  // backslash (\. alone on a line ends the data)
  return s === '' || /[",\n\r\\]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

type RawClient = {
  query: (...args: unknown[]) => unknown;
  release?: unknown;
};

/**
 * COPY rows into a table inside a transaction: PGlite reads them from a blob, node-postgres from a
 * COPY stream. Several times faster than INSERT for imports (bench/results.md). `tx` must be the
 * transaction handle given by inTx, whose session holds one connection.
 */
export async function copyRows(tx: Db, table: string, columns: [string, string][], data: Record<string, unknown>[]) {
  if (!data.length) return;
  const client = (tx as unknown as { session?: { client?: RawClient } }).session?.client;
  if (!client) throw new Error('copyRows must run inside inTx');
  const keys = columns.map(([k]) => k);
  const csv = data.map((r) => keys.map((k) => csvField(r[k])).join(',')).join('\n') + '\n';
  const cols = columns.map(([k]) => snake(k)).join(', ');
  if (typeof client.release === 'function') {
    const { from: copyFrom } = await import('pg-copy-streams');
    const { pipeline } = await import('node:stream/promises');
    const { Readable } = await import('node:stream');
    const stream = (client.query as (q: unknown) => NodeJS.WritableStream)(copyFrom(`COPY ${table} (${cols}) FROM STDIN WITH (FORMAT csv)`));
    await pipeline(Readable.from([Buffer.from(csv)]), stream);
  } else {
    await (client.query as (q: string, p: unknown[], o: { blob: Blob }) => Promise<unknown>)(
      `COPY ${table} (${cols}) FROM '/dev/blob' WITH (FORMAT csv)`, [], { blob: new Blob([csv]) });
  }
}

const foreignKeys = (tx: Db, table: string) => rows<{ name: string; def: string }>(tx, sql`
  select conname as name, pg_get_constraintdef(oid) as def from pg_constraint where conrelid = ${table}::regclass and contype = 'f' order by conname`);

/**
 * Many rows written into a table that already holds rows (an import): on the embedded database its foreign keys are
 * set aside while `fn` writes and checked once for the whole table after, in the caller's transaction (`tx` from
 * inTx; a failure leaves them as they were). The embedded database is one connection, so nobody waits on the lock
 * this takes, and one check of the table costs a fraction of a check per row (a third of a large COPY). On
 * PostgreSQL, where other sessions read the table meanwhile, the keys stay and are checked row by row.
 */
export async function withForeignKeysAfter<T>(tx: Db, table: string, fn: () => Promise<T>): Promise<T> {
  const client = (tx as unknown as { session?: { client?: RawClient } }).session?.client;
  if (!client) throw new Error('withForeignKeysAfter must run inside inTx');
  if (typeof client.release === 'function') return fn();
  const foreign = await foreignKeys(tx, table);
  for (const k of foreign) await tx.execute(sql.raw(`alter table ${table} drop constraint "${k.name}"`));
  const out = await fn();
  for (const k of foreign) await tx.execute(sql.raw(`alter table ${table} add constraint "${k.name}" ${k.def}`));
  return out;
}

/**
 * COPY into a table that is still empty, its indexes, keys and foreign keys set aside and rebuilt after, as
 * PostgreSQL advises for populating a database: one sort per index and one check per key instead of one per row
 * (half a million attendance rows: about six times faster on PGlite). The definitions are read from the catalog, so
 * they come back exactly as the migrations made them; a key another table's foreign key points at stays. All in
 * the caller's transaction (`tx` from inTx): a failure leaves the table as it was. A table that already holds rows
 * gets a plain COPY.
 */
export async function copyIntoEmpty(tx: Db, table: string, columns: [string, string][], data: Record<string, unknown>[]) {
  const [{ empty = false } = {}] = await rows<{ empty: boolean }>(tx, sql`select not exists (select 1 from ${sql.raw(table)}) as empty`);
  if (!empty || !data.length) return copyRows(tx, table, columns, data);
  const foreign = await foreignKeys(tx, table);
  const keys = await rows<{ name: string; def: string }>(tx, sql`
    select c.conname as name, pg_get_constraintdef(c.oid) as def from pg_constraint c
    where c.conrelid = ${table}::regclass and c.contype in ('p', 'u')
      and not exists (select 1 from pg_constraint f where f.contype = 'f' and f.conindid = c.conindid and f.conrelid <> c.conrelid)
    order by c.conname`);
  const indexes = await rows<{ name: string; def: string }>(tx, sql`
    select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def from pg_index i
    where i.indrelid = ${table}::regclass and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid) order by 1`);
  for (const k of foreign) await tx.execute(sql.raw(`alter table ${table} drop constraint "${k.name}"`));
  for (const k of keys) await tx.execute(sql.raw(`alter table ${table} drop constraint "${k.name}"`));
  for (const i of indexes) await tx.execute(sql.raw(`drop index ${i.name}`));
  await copyRows(tx, table, columns, data);
  for (const k of keys) await tx.execute(sql.raw(`alter table ${table} add constraint "${k.name}" ${k.def}`));
  for (const i of indexes) await tx.execute(sql.raw(i.def));
  for (const k of foreign) await tx.execute(sql.raw(`alter table ${table} add constraint "${k.name}" ${k.def}`));
}

/** A unique index refused the write (SQLSTATE 23505), on either driver, however wrapped. */
export function isUniqueViolation(e: unknown): boolean {
  for (let x = e as { code?: string; cause?: unknown } | undefined, i = 0; x && i < 5; x = x.cause as typeof x, i++) {
    if (x.code === '23505') return true;
  }
  return false;
}

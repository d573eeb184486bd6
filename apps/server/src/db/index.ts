import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { acquireFolderLock, type FolderLock } from './lock.ts';

/**
 * The database layer. One SQL dialect (PostgreSQL 15) for both back ends:
 * - PGlite (real Postgres compiled to WASM) in a folder: the embedded default;
 * - a PostgreSQL server through `pg` when DATABASE_URL is set.
 */
export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

export interface Db {
  readonly kind: 'pglite' | 'postgres';
  /**
   * `prepare`: on a PostgreSQL server, a named prepared statement (parsed and planned once per connection, then
   * reused). For hot statements whose result columns never change (no `SELECT *`); PGlite ignores it.
   */
  query<T = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
    opts?: { prepare?: boolean },
  ): Promise<QueryResult<T>>;
  /** Runs `fn` in one transaction; nested calls join the outer transaction. */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /** Runs several statements separated by `;` (migrations only; no parameters). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

export interface OpenOptions {
  url?: string | undefined;
  dataDir?: string | undefined;
  /** Pool size for a PostgreSQL server. */
  max?: number;
  /**
   * The embedded folder's lock, already taken by the caller (`openRuntime` takes it before it looks at the
   * folder); released when the database is closed. Without it, `openDatabase` takes the lock itself.
   */
  lock?: FolderLock | undefined;
}

export const DEFAULT_DATA_DIR = './.data';

/** Where the embedded database and its key live, from ENLACE_DATA_DIR or ./.data. */
export function dataDirFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.ENLACE_DATA_DIR || DEFAULT_DATA_DIR);
}

export async function openDatabase(opts: OpenOptions = {}): Promise<Db> {
  const url = opts.url ?? process.env.DATABASE_URL;
  if (url) return openPostgres(url, opts.max ?? 20);
  const dir = opts.dataDir ?? dataDirFromEnv();
  const lock = opts.lock ?? acquireFolderLock(dir);
  try {
    return await openPglite(join(dir, 'pgdata'), lock);
  } catch (err) {
    lock.release();
    throw err;
  }
}

// Dates stay ISO strings ('YYYY-MM-DD'); bigint counts become numbers; numeric stays an exact string.
const OID_INT8 = 20;
const OID_DATE = 1082;

/** The name of a prepared statement: the same text gets the same name in every connection. */
const statementNames = new Map<string, string>();
function statementName(sql: string): string {
  let name = statementNames.get(sql);
  if (!name) {
    name = `enlace_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`;
    statementNames.set(sql, name);
  }
  return name;
}

async function openPostgres(url: string, max: number): Promise<Db> {
  const pg = (await import('pg')).default;
  const types = {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === OID_DATE) return (v: string) => v;
      if (oid === OID_INT8) return (v: string) => Number(v);
      return pg.types.getTypeParser(oid, format);
    },
  };
  const pool = new pg.Pool({ connectionString: url, max, types });
  pool.on('error', () => {
    /* idle client errors are surfaced on the next query */
  });
  const wrap = (runner: { query: typeof pool.query }, inTx: boolean): Db => ({
    kind: 'postgres',
    async query<T>(sql: string, params?: readonly unknown[], opts?: { prepare?: boolean }) {
      const values = params as unknown[] | undefined;
      const r = opts?.prepare
        ? await runner.query({ name: statementName(sql), text: sql, values: values ?? [] })
        : await runner.query(sql, values);
      return { rows: r.rows as T[], rowCount: r.rowCount ?? 0 };
    },
    async exec(sql: string) {
      await runner.query(sql);
    },
    async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
      if (inTx) return fn(this);
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client as unknown as { query: typeof pool.query }, true));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    async close() {
      if (!inTx) await pool.end();
    },
  });
  return wrap(pool, false);
}

async function openPglite(dir: string | undefined, lock?: FolderLock): Promise<Db> {
  const { PGlite } = await import('@electric-sql/pglite');
  const parsers = { [OID_DATE]: (v: string) => v, [OID_INT8]: (v: string) => Number(v) };
  // PGlite creates only the last folder: a new ENLACE_DATA_DIR (with the master key from the environment, so
  // no key file made it first) needs its parents too. Owner-only, like the key file's folder.
  if (dir) await mkdir(dir, { recursive: true, mode: 0o700 });
  const pglite = dir ? await PGlite.create(dir, { parsers }) : await PGlite.create({ parsers });
  type Runner = {
    query: (sql: string, params?: unknown[]) => Promise<{ rows: unknown[]; affectedRows?: number }>;
    exec: (sql: string) => Promise<unknown>;
  };
  const wrap = (runner: Runner, inTx: boolean): Db => ({
    kind: 'pglite',
    async query<T>(sql: string, params?: readonly unknown[]) {
      const r = await runner.query(sql, params as unknown[] | undefined);
      return { rows: r.rows as T[], rowCount: r.affectedRows ?? r.rows.length };
    },
    async exec(sql: string) {
      await runner.exec(sql);
    },
    async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
      if (inTx) return fn(this);
      return pglite.transaction((tx) => fn(wrap(tx as unknown as Runner, true)));
    },
    async close() {
      if (inTx) return;
      try {
        if (!pglite.closed) await pglite.close();
      } finally {
        lock?.release();
      }
    },
  });
  return wrap(pglite as unknown as Runner, false);
}

/** In-memory PGlite (tests and throwaway work). */
export function openMemoryDatabase(): Promise<Db> {
  return openPglite(undefined);
}

export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../migrations');

export interface Migration {
  version: string;
  sql: string;
  checksum: string;
}

export async function loadMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f)).sort();
  return Promise.all(
    files.map(async (f) => {
      const sql = await readFile(join(dir, f), 'utf8');
      return {
        version: f.replace(/\.sql$/, ''),
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      };
    }),
  );
}

/**
 * Applies pending migrations in order, each in its own transaction, under an advisory lock so
 * two processes starting at once do not race. A changed, already-applied migration is an error.
 */
export async function migrate(db: Db, opts: { log?: (line: string) => void } = {}): Promise<string[]> {
  const migrations = await loadMigrations();
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  const applied: string[] = [];
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(4242001)');
    const { rows } = await tx.query<{ version: string; checksum: string }>(
      'SELECT version, checksum FROM schema_migrations',
    );
    const done = new Map(rows.map((r) => [r.version, r.checksum]));
    for (const m of migrations) {
      const sum = done.get(m.version);
      if (sum !== undefined) {
        if (sum !== m.checksum) {
          const { AppError } = await import('../errors.ts');
          throw new AppError('migration_changed', `Migration ${m.version} was changed after it was applied`);
        }
        continue;
      }
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (version, checksum) VALUES ($1, $2)', [
        m.version,
        m.checksum,
      ]);
      applied.push(m.version);
      opts.log?.(`applied ${m.version}`);
    }
  });
  return applied;
}

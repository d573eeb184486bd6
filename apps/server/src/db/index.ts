import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../errors.ts';
import { fits, type HostUrl, isConnectionError, type ParsedUrl, parseMultiHostUrl } from './hosts.ts';
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
  /** A PostgreSQL server's connection URL (a worker thread opens its own connections: report/bundle-thread.ts). */
  readonly url?: string;
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
  /**
   * Bulk load inside a transaction: `copySql` is `COPY <table> (<columns>)`, `data` COPY's text format (through
   * pg-copy-streams on a server; PGlite reads it as a blob from '/dev/blob'). Absent outside a transaction.
   */
  copyFrom?: (copySql: string, data: string) => Promise<void>;
  /** Runs several statements separated by `;` (migrations only; no parameters). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

export interface OpenOptions {
  url?: string | undefined;
  dataDir?: string | undefined;
  /** Pool size for a PostgreSQL server. */
  max?: number;
  /** How long a query waits for a reachable host (failover) before a 503; default 45 s. */
  failoverWaitMs?: number;
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
  if (url) return openPostgres(url, opts.max ?? 20, opts.failoverWaitMs);
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

/**
 * The database is unreachable (every host tried until `failoverWaitMs`), or the connection broke at a moment
 * when the outcome is unknown (during COMMIT, or an auto-committed statement). Answered with 503: a client
 * retries a write with the same `Idempotency-Key` (see http/idempotency.ts), never blindly.
 */
export class DatabaseUnavailableError extends AppError {
  constructor(readonly outcomeUnknown: boolean) {
    super(
      outcomeUnknown ? 'database_outcome_unknown' : 'database_unavailable',
      outcomeUnknown
        ? 'The database connection broke while the change was being saved: it may or may not have been saved. Send the same request again with the same Idempotency-Key.'
        : 'The database is not reachable right now (failover in progress?); nothing was changed. Try again in a few seconds.',
      { status: 503, exitCode: 6 },
    );
  }
}

/** A text that opens a transaction of its own (a script of several statements). */
const OPENS_TRANSACTION = /\b(BEGIN|START\s+TRANSACTION)\b/i;

/** How long a request waits for a reachable database (a failover takes 5–30 s) before it gets a 503. */
const DEFAULT_FAILOVER_WAIT_MS = 45_000;
/** How long an idle connection of the pool stays open (HostPools.newPool). */
export const IDLE_CONNECTION_MS = 5 * 60_000;
/** How many idle connections the pool keeps past IDLE_CONNECTION_MS (reportConnections' most). */
const KEPT_CONNECTIONS = 4;

type PgPool = import('pg').Pool;
type PgClient = import('pg').PoolClient;

/**
 * One pool on the host that fits `target_session_attrs`. On a connection error the pool is dropped and the
 * hosts are tried again in order (each checked with `SHOW transaction_read_only`), so a failover needs no
 * restart: the next request finds the promoted standby.
 */
class HostPools {
  private pool: PgPool | undefined;
  private selecting: Promise<PgPool> | undefined;
  private closed = false;
  /** Which host the current pool is on (for tests and `enlace` messages). */
  current: HostUrl | undefined;

  constructor(
    private readonly pg: typeof import('pg').default,
    private readonly parsed: ParsedUrl,
    private readonly poolOpts: { max: number; types: unknown },
    private readonly waitMs: number,
  ) {}

  private newPool(h: HostUrl, probe = false): PgPool {
    const pool = new this.pg.Pool({
      connectionString: h.url,
      max: probe ? 1 : this.poolOpts.max,
      types: this.poolOpts.types as never,
      keepAlive: true,
      // An idle connection is kept 5 minutes (pg-pool's default: 10 s): a new connection is a new PostgreSQL backend,
      // whose first large queries fault in the shared buffers they touch (a cold national computation at 1,000,000
      // persons on fresh backends 1.4-1.9 s, on warm ones 0.8-1.2 s: docs/report.md "Measured: the report's queries
      // without parallel workers"). Idle connections do not keep the process alive (a command ends when its work does).
      idleTimeoutMillis: IDLE_CONNECTION_MS,
      // and a few are kept however long the server stays idle (as many as the report's queries use at once)
      min: probe ? 0 : Math.min(this.poolOpts.max, KEPT_CONNECTIONS),
      allowExitOnIdle: true,
      // A host that does not answer (a machine gone, packets dropped) is passed over quickly when selecting;
      // the working pool has no such limit (requests queue for a free connection under load).
      ...(probe ? { connectionTimeoutMillis: 3000 } : {}),
    });
    pool.on('error', () => {
      /* idle client errors are surfaced on the next query */
    });
    // A checked-out client whose server dies between two queries emits 'error' too: the next query fails
    // with it and is handled there, so it must not become an uncaught exception.
    pool.on('connect', (client) => {
      client.on('error', () => undefined);
    });
    return pool;
  }

  /** Whether the host answers, and whether it is read-only (a standby, or a primary being demoted). */
  private async probe(h: HostUrl): Promise<{ pool: PgPool; readOnly: boolean } | undefined> {
    const probe = this.newPool(h, true);
    try {
      let readOnly = false;
      if (this.parsed.attrs !== 'any') {
        const r = await probe.query<{ transaction_read_only: string }>('SHOW transaction_read_only');
        readOnly = r.rows[0]?.transaction_read_only === 'on';
      } else {
        (await probe.connect()).release();
      }
      return { pool: this.newPool(h), readOnly };
    } catch {
      return undefined;
    } finally {
      await probe.end().catch(() => undefined);
    }
  }

  private async select(): Promise<PgPool> {
    const deadline = Date.now() + this.waitMs;
    for (let attempt = 0; ; attempt++) {
      if (this.closed) throw new DatabaseUnavailableError(false);
      let fallback: { pool: PgPool; host: HostUrl } | undefined;
      for (const h of this.parsed.hosts) {
        const found = await this.probe(h);
        if (!found) continue;
        if (fits(this.parsed.attrs, found.readOnly)) {
          if (fallback) await fallback.pool.end().catch(() => undefined);
          this.current = h;
          return found.pool;
        }
        if (this.parsed.attrs === 'prefer-standby' && !fallback) fallback = { pool: found.pool, host: h };
        else await found.pool.end().catch(() => undefined);
      }
      if (fallback) {
        this.current = fallback.host;
        return fallback.pool;
      }
      if (Date.now() >= deadline) throw new DatabaseUnavailableError(false);
      await new Promise((r) => setTimeout(r, Math.min(1000, 100 * 2 ** Math.min(attempt, 4))));
    }
  }

  async get(): Promise<PgPool> {
    if (this.pool) return this.pool;
    if (!this.selecting) {
      this.selecting = this.select().then(
        (p) => {
          this.pool = p;
          this.selecting = undefined;
          return p;
        },
        (err) => {
          this.selecting = undefined;
          throw err;
        },
      );
    }
    return this.selecting;
  }

  /** Drops a pool that gave a connection error; the next `get` selects a host again. */
  drop(pool: PgPool): void {
    if (this.pool !== pool) return;
    this.pool = undefined;
    this.current = undefined;
    // Not ended at once: pg-pool never answers the requests still queued on a pool being ended. They get their
    // connection errors from the dead host (or 25006 from a demoted one) and move to the new pool; the old
    // one's idle connections close by themselves, and it is ended a minute later.
    setTimeout(() => pool.end().catch(() => undefined), 60_000).unref();
  }

  /** A client from a fitting host; connection errors here are always safe to retry (nothing was sent). */
  async connect(): Promise<{ client: PgClient; pool: PgPool }> {
    const deadline = Date.now() + this.waitMs;
    for (;;) {
      const pool = await this.get();
      try {
        return { client: await pool.connect(), pool };
      } catch (err) {
        // Another request dropped this pool meanwhile (its queued connects are refused): take the next one.
        const dropped = this.pool !== pool;
        this.drop(pool);
        if (dropped && !this.closed && Date.now() < deadline) continue;
        if (!isConnectionError(err) || Date.now() >= deadline) {
          if (isConnectionError(err)) throw new DatabaseUnavailableError(false);
          throw err;
        }
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const p = this.pool;
    this.pool = undefined;
    if (p) await p.end();
  }
}

async function openPostgres(url: string, max: number, waitMs = DEFAULT_FAILOVER_WAIT_MS): Promise<Db> {
  const pg = (await import('pg')).default;
  const types = {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === OID_DATE) return (v: string) => v;
      if (oid === OID_INT8) return (v: string) => Number(v);
      return pg.types.getTypeParser(oid, format);
    },
  };
  const pools = new HostPools(pg, parseMultiHostUrl(url), { max, types }, waitMs);
  type Runner = { query: PgClient['query'] };
  const run = (runner: Runner, sql: string, params?: readonly unknown[], opts?: { prepare?: boolean }) => {
    const values = params as unknown[] | undefined;
    return opts?.prepare
      ? runner.query({ name: statementName(sql), text: sql, values: values ?? [] })
      : runner.query(sql, values);
  };
  const txDb = (client: PgClient): Db => ({
    kind: 'postgres',
    async copyFrom(copySql: string, data: string) {
      const { from } = await import('pg-copy-streams');
      const { pipeline } = await import('node:stream/promises');
      const { Readable } = await import('node:stream');
      await pipeline(Readable.from([data]), client.query(from(`${copySql} FROM STDIN`)));
    },
    async query<T>(sql: string, params?: readonly unknown[], opts?: { prepare?: boolean }) {
      const r = await run(client, sql, params, opts);
      return { rows: r.rows as T[], rowCount: r.rowCount ?? 0 };
    },
    async exec(sql: string) {
      await client.query(sql);
    },
    transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
      return fn(this);
    },
    async close() {},
  });
  const db: Db & { currentHost(): HostUrl | undefined } = {
    kind: 'postgres',
    url,
    currentHost: () => pools.current,
    async query<T>(sql: string, params?: readonly unknown[], opts?: { prepare?: boolean }) {
      const { client, pool } = await pools.connect();
      try {
        const r = await run(client, sql, params, opts);
        client.release();
        return { rows: r.rows as T[], rowCount: r.rowCount ?? 0 };
      } catch (err) {
        if (!isConnectionError(err)) {
          // A text of several statements that opened a transaction (pg-boss's install script, which aborts on
          // purpose when another process installed it first) leaves the connection inside the failed
          // transaction: every later query on it would fail with 25P02. Roll it back before it returns to the
          // pool; a connection that cannot be rolled back is closed instead.
          // (pg rejects at the error, before the server says the transaction state: decided by the text)
          if (!params?.length && OPENS_TRANSACTION.test(sql)) {
            try {
              await client.query('ROLLBACK');
              client.release();
            } catch (e) {
              client.release(e as Error);
            }
          } else client.release();
          throw err;
        }
        client.release(err as Error);
        pools.drop(pool);
        // An auto-committed statement may have been applied before the connection broke.
        throw new DatabaseUnavailableError((err as { code?: string }).code !== '25006');
      }
    },
    async exec(sql: string) {
      await this.query(sql);
    },
    async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
      const deadline = Date.now() + waitMs;
      for (;;) {
        const { client, pool } = await pools.connect();
        let committing = false;
        try {
          await client.query('BEGIN');
          const result = await fn(txDb(client));
          committing = true;
          await client.query('COMMIT');
          client.release();
          return result;
        } catch (err) {
          if (!isConnectionError(err)) {
            await client.query('ROLLBACK').catch(() => undefined);
            client.release();
            throw err;
          }
          client.release(err as Error);
          pools.drop(pool);
          // Broken before COMMIT was sent: the server rolled the whole transaction back, so running it again on
          // the new primary is safe. Broken during COMMIT: it may have committed; only the client can retry,
          // with its idempotency key.
          if (committing && (err as { code?: string }).code !== '25006')
            throw new DatabaseUnavailableError(true);
          if (Date.now() >= deadline) throw new DatabaseUnavailableError(false);
        }
      }
    },
    async close() {
      await pools.close();
    },
  };
  return db;
}

async function openPglite(dir: string | undefined, lock?: FolderLock, loadDataDir?: Blob): Promise<Db> {
  const { PGlite } = await import('@electric-sql/pglite');
  const parsers = { [OID_DATE]: (v: string) => v, [OID_INT8]: (v: string) => Number(v) };
  // PGlite creates only the last folder: a new ENLACE_DATA_DIR (with the master key from the environment, so
  // no key file made it first) needs its parents too. Owner-only, like the key file's folder.
  if (dir) await mkdir(dir, { recursive: true, mode: 0o700 });
  const pglite = dir
    ? await PGlite.create(dir, { parsers })
    : await PGlite.create({ parsers, ...(loadDataDir ? { loadDataDir } : {}) });
  type Runner = {
    query: (
      sql: string,
      params?: unknown[],
      opts?: { blob?: Blob },
    ) => Promise<{ rows: unknown[]; affectedRows?: number }>;
    exec: (sql: string) => Promise<unknown>;
  };
  const wrap = (runner: Runner, inTx: boolean): Db => ({
    kind: 'pglite',
    ...(inTx
      ? {
          async copyFrom(copySql: string, data: string) {
            await runner.query(`${copySql} FROM '/dev/blob'`, [], { blob: new Blob([data]) });
          },
        }
      : {}),
    async query<T>(sql: string, params?: readonly unknown[]) {
      const r = await runner.query(sql, params as unknown[] | undefined);
      return { rows: r.rows as T[], rowCount: r.affectedRows ?? r.rows.length };
    },
    async exec(sql: string) {
      try {
        await runner.exec(sql);
      } catch (err) {
        // as on the server: a failed script that opened a transaction must not leave the database inside it
        if (!inTx && OPENS_TRANSACTION.test(sql)) await runner.exec('ROLLBACK').catch(() => undefined);
        throw err;
      }
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
  const db = wrap(pglite as unknown as Runner, false);
  memoryDumps.set(db, async () => {
    await pglite.exec('CHECKPOINT');
    return pglite.dumpDataDir('none');
  });
  return db;
}

/** How to dump each open PGlite database's data folder (see `dumpMemoryDatabase`). */
const memoryDumps = new WeakMap<object, () => Promise<Blob>>();

/**
 * In-memory PGlite (tests and throwaway work). `loadDataDir`: start from a data folder made by
 * `dumpMemoryDatabase` (e.g. an already migrated one) instead of an empty cluster: no initdb, which is most of
 * the cost of a fresh PGlite.
 */
export function openMemoryDatabase(opts: { loadDataDir?: Blob } = {}): Promise<Db> {
  return openPglite(undefined, undefined, opts.loadDataDir);
}

/** The data folder of a PGlite database as an uncompressed tar, for `openMemoryDatabase({ loadDataDir })`. */
export function dumpMemoryDatabase(db: Db): Promise<Blob> {
  const dump = memoryDumps.get(db);
  if (!dump)
    throw new Error('dumpMemoryDatabase: not a PGlite database opened by openDatabase/openMemoryDatabase');
  return dump();
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

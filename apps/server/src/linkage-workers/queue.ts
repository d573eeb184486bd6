/**
 * The job queue of the linkage workers: pg-boss (a PostgreSQL-backed queue: jobs taken with
 * `FOR UPDATE SKIP LOCKED`, retries, expiry of jobs whose worker died), in its own schema `pgboss`, which the
 * library creates and migrates itself at start. It runs over the process's own `Db`, so a multi-host
 * DATABASE_URL follows a failover here too. It also runs on PGlite (tested), but the embedded database belongs
 * to one process, so workers on other machines need a PostgreSQL server (docs/deployment.md).
 */
import PgBoss from 'pg-boss';
import type { Db } from '../db/index.ts';

/** The queue of comparing jobs: one job per part of a linkage run, data `{ runId, part }`. */
export const LINKAGE_QUEUE = 'enlace-linkage-compare';

export interface QueueOptions {
  /** Expiry and retry maintenance in this process (default true; tests turn it off). */
  supervise?: boolean;
}

/** pg-boss over a `Db`: statements with parameters as queries; PGlite runs the library's scripts with `exec`. */
function adapter(db: Db) {
  return {
    async executeSql(text: string, values?: unknown[]) {
      if (db.kind === 'pglite' && (!values || values.length === 0)) {
        try {
          return await db.query(text);
        } catch (e) {
          if (!/multiple commands/i.test(String((e as Error).message))) throw e;
          await db.exec(text);
          return { rows: [], rowCount: 0 };
        }
      }
      return db.query(text, values ?? []);
    },
  };
}

/** The advisory lock that lets one process at a time install or migrate the queue's schema (any constant). */
const INSTALL_LOCK = 0x656e_6c61; // "enla"

/**
 * Two processes starting at once (two `enlace worker`s, a worker and `enlace link --distributed`) would both run
 * pg-boss's install: its script aborts on purpose in the second ("already exists"), and its statements and the
 * other process's can deadlock (40P01). Such a start is tried again; the lock below makes it rare.
 */
function isInstallRace(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  if (code === '40P01' || code === '42P07' || code === '42710' || code === '23505') return true;
  return /deadlock|already exists|division by zero/i.test(String((e as Error)?.message ?? e));
}

/**
 * Runs `fn` while this process holds the install lock: on a server, in a transaction of its own (one connection
 * of the pool; pg-boss's statements run on the others) that is released when `fn` ends. PGlite belongs to one
 * process and has one connection: nothing to serialise there.
 */
function whileInstalling<T>(db: Db, fn: () => Promise<T>): Promise<T> {
  if (db.kind === 'pglite') return fn();
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [INSTALL_LOCK]);
    return fn();
  });
}

/** Starts pg-boss on `db` (creating or migrating its schema) and makes sure the queue exists. */
export async function startQueue(db: Db, opts: QueueOptions = {}): Promise<PgBoss> {
  const supervise = opts.supervise ?? true;
  for (let attempt = 1; ; attempt++) {
    const boss = new PgBoss({
      db: adapter(db),
      schema: 'pgboss',
      supervise,
      schedule: false,
      migrate: true,
    } as unknown as PgBoss.ConstructorOptions);
    // errors of the library's own maintenance (a lost connection): reported, never fatal
    boss.on('error', (e: Error) => process.stderr.write(`enlace: job queue: ${e.message}\n`));
    try {
      await whileInstalling(db, async () => {
        await boss.start();
        if (!(await boss.getQueue(LINKAGE_QUEUE)))
          await boss.createQueue(LINKAGE_QUEUE, { name: LINKAGE_QUEUE, policy: 'standard' });
      });
      return boss;
    } catch (e) {
      // a half-started queue keeps timers (maintenance, polling): stopped, so that a failed start can end
      await boss.stop({ graceful: false, wait: true, close: false }).catch(() => undefined);
      if (attempt >= 5 || !isInstallRace(e)) throw e;
    }
  }
}

export type { PgBoss };

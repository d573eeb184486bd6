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

/** Starts pg-boss on `db` (creating or migrating its schema) and makes sure the queue exists. */
export async function startQueue(db: Db, opts: QueueOptions = {}): Promise<PgBoss> {
  const supervise = opts.supervise ?? true;
  const boss = new PgBoss({
    db: adapter(db),
    schema: 'pgboss',
    supervise,
    schedule: false,
    migrate: true,
  } as unknown as PgBoss.ConstructorOptions);
  // errors of the library's own maintenance (a lost connection): reported, never fatal
  boss.on('error', (e: Error) => process.stderr.write(`enlace: job queue: ${e.message}\n`));
  await boss.start();
  if (!(await boss.getQueue(LINKAGE_QUEUE))) {
    try {
      await boss.createQueue(LINKAGE_QUEUE, { name: LINKAGE_QUEUE, policy: 'standard' });
    } catch (e) {
      // another process created it meanwhile
      if (!(await boss.getQueue(LINKAGE_QUEUE))) throw e;
    }
  }
  return boss;
}

export type { PgBoss };

/**
 * A view of a database that runs at most `n` of its queries and transactions at once; the others wait their turn in
 * the order they were asked. The report's computation asks for all its queries at once (figures-store.ts): on a pool
 * of 20 connections they ran on as many PostgreSQL backends, and on a machine of two cores each backend's first
 * touch of the shared buffers and of its own memory (page faults: ~46,000 for one cold bundle on one backend, about
 * 0.8 s of the server's CPU) and their competition for the cores and the buffers cost more than they overlapped.
 * Measured at 1,000,000 persons (docs/report.md, "Measured: the report's queries on as many connections as cores"):
 * the cold bundle with the review counts on 20 connections 3.2-3.8 s and 4.5-5.3 s of the server's CPU, on 2
 * connections 2.3-3.0 s and 3.2-4.0 s.
 *
 * A transaction holds its turn until it ends; the queries inside it run on its own connection (`tx`), not through
 * this view, so they never wait for a turn.
 */
import { availableParallelism } from 'node:os';
import type { Db } from './index.ts';

/**
 * How many of the report's queries run at once: ENLACE_REPORT_CONNECTIONS, else this machine's cores (at least 2,
 * at most 4): the database's cores are not known from here, and on a machine of its own it has at least as many.
 */
export function reportConnections(env: NodeJS.ProcessEnv = process.env): number {
  const set = Number(env.ENLACE_REPORT_CONNECTIONS);
  if (Number.isInteger(set) && set >= 1 && set <= 64) return set;
  return Math.max(2, Math.min(4, availableParallelism()));
}

export function limitConcurrency(db: Db, n: number): Db {
  let active = 0;
  const waiting: Array<() => void> = [];
  const turn = async <T>(fn: () => Promise<T>): Promise<T> => {
    if (active < n) active += 1;
    // the turn is handed over by the one that ends (active stays the same)
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await fn();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active -= 1;
    }
  };
  const limited: Db = {
    kind: db.kind,
    ...(db.url === undefined ? {} : { url: db.url }),
    query: (sql, params, opts) => turn(() => db.query(sql, params, opts)),
    transaction: (fn) => turn(() => db.transaction(fn)),
    exec: (sql) => turn(() => db.exec(sql)),
    // the view closes nothing: the database is its owner's
    close: async () => {},
  };
  return limited;
}

/**
 * What the report's queries run with on a PostgreSQL server: no parallel workers and no JIT. Each parallel worker is
 * a new backend process that faults in the shared buffers it touches (as a new connection does, above) and its
 * partial results are gathered again; with the queries already as many at once as the cores they only competed with
 * them. JIT compiled plans that ran in less time than the compilation. Measured at 1,000,000 persons (docs/report.md,
 * "Measured: the report's queries without parallel workers").
 */
export const REPORT_QUERY_SETTINGS: Readonly<Record<string, string>> = {
  max_parallel_workers_per_gather: '0',
  jit: 'off',
};

/**
 * `db` whose every query and transaction runs with `settings` (SET LOCAL: each query in a transaction of its own,
 * a transaction's settings from its start; its own SET LOCAL may change them later).
 */
export function withQuerySettings(db: Db, settings: Readonly<Record<string, string>>): Db {
  const names = Object.keys(settings);
  const set = `SELECT ${names.map((_, i) => `set_config($${2 * i + 1}, $${2 * i + 2}, true)`).join(', ')}`;
  const values = names.flatMap((n) => [n, settings[n]!]);
  const inTx = <T>(fn: (tx: Db) => Promise<T>) =>
    db.transaction(async (tx) => {
      await tx.query(set, values);
      return fn(tx);
    });
  return {
    kind: db.kind,
    ...(db.url === undefined ? {} : { url: db.url }),
    query: (sql, params, opts) => inTx((tx) => tx.query(sql, params, opts)),
    transaction: (fn) => inTx(fn),
    exec: (sql) => inTx((tx) => tx.exec(sql)),
    close: async () => {},
  };
}

const limitedViews = new WeakMap<Db, Db>();
/**
 * The view of `db` every report computation of this process shares (the parts of one request, and requests at once):
 * at most reportConnections() queries at once between them all, on a PostgreSQL server with REPORT_QUERY_SETTINGS.
 */
export function reportDb(db: Db): Db {
  let view = limitedViews.get(db);
  if (!view) {
    const settled = db.kind === 'postgres' ? withQuerySettings(db, REPORT_QUERY_SETTINGS) : db;
    view = limitConcurrency(settled, reportConnections());
    limitedViews.set(db, view);
  }
  return view;
}

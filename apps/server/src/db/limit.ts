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

const limitedViews = new WeakMap<Db, Db>();
/**
 * The view of `db` every report computation of this process shares (the parts of one request, and requests at once):
 * at most reportConnections() queries at once between them all.
 */
export function reportDb(db: Db): Db {
  let view = limitedViews.get(db);
  if (!view) {
    view = limitConcurrency(db, reportConnections());
    limitedViews.set(db, view);
  }
  return view;
}

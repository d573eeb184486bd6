/**
 * The filtered views' pure computation (reportBundle per filter) on a worker thread, so a server computing its
 * 46 views ahead (figures-refresh.ts, filtered-store.ts) keeps answering requests: a national-size view
 * (`level=state` at 1,000,000 persons) held the event loop ~10 s when computed in the server's own thread.
 *
 * On a PostgreSQL server the thread loads the records itself, through its own connections (the load's parsing
 * held this thread's event loop up to 5 s at 1,000,000 persons), and computes the views. Elsewhere (PGlite, whose
 * database lives in this thread; a thread that failed to load) this thread loads them as before and hands them
 * over in slices of SLICE rows (one structured clone each, the event loop free between two slices), with each
 * person record's linked-person key written out (the key function is a closure over the links' sets and cannot
 * be sent). The thread runs the same `reportBundle` per filter and sends each bundle back: the same figures
 * (bundle-thread.test.ts). A thread that cannot start or fails (no worker_threads, no TypeScript loader) is not an
 * error: the views left are then computed in this thread, one at a time, as before. Used from THREAD_MIN_PERSONS
 * person records up (below, starting a thread costs more than it saves); ENLACE_REPORT_THREAD=on|off forces it.
 * See docs/report.md "Benchmark".
 */
import { MessageChannel, Worker } from 'node:worker_threads';
import type { ReportFilter } from '@enlace/core/report/breakdown';
import type { ReportData } from '@enlace/core/report/types';
import type { Db } from '../db/index.ts';
import { siblingModule, tsxLoader, WORKER_BOOT } from '../threads.ts';
import type { ReportBundle } from './render-html.ts';
import { commonPrefilter, type LoadPrefilter } from './repository.ts';
import { type LoadedData, loadData, reportBundle } from './service.ts';

/** From this many person records on, the views are computed on a thread by default. */
export const THREAD_MIN_PERSONS = 20_000;
/** Rows per message to the thread. */
const SLICE = 20_000;

/** Whether views over this load go to a thread: ENLACE_REPORT_THREAD=on|off, else from THREAD_MIN_PERSONS. */
export function useThread(loaded: LoadedData): boolean {
  const env = process.env.ENLACE_REPORT_THREAD;
  if (env === 'on') return true;
  if (env === 'off') return false;
  return loaded.data.persons.length >= THREAD_MIN_PERSONS;
}

const workerEntry = (): string => siblingModule(import.meta.url, 'bundle-worker');

/** Messages from the calling thread to the worker. */
export type ToWorker =
  | { type: 'rows'; table: keyof ReportData; rows: unknown[] }
  | { type: 'keys'; ids: string[]; roots: string[] }
  | {
      type: 'run';
      year: number;
      filters: [string, ReportFilter][];
      load?: { url: string; prefilter?: LoadPrefilter };
    };
/** Messages from the worker. */
export type FromWorker =
  | { type: 'bundle'; key: string; bundle: ReportBundle }
  | { type: 'done' }
  | { type: 'error'; message: string }
  | { failed: string; type?: undefined };

const free = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Every person id the counting rules key (compute.ts: identifications, services, referrals, payments). */
function personIds(data: ReportData): Set<string> {
  const ids = new Set<string>();
  for (const p of data.persons) ids.add(p.person_id);
  for (const r of data.identifications) ids.add(r.person_id);
  for (const r of data.services) ids.add(r.person_id);
  for (const r of data.referrals) ids.add(r.person_id);
  for (const r of data.payments) if (r.victim_person_id) ids.add(r.victim_person_id);
  return ids;
}

/** Statistics of the last run on a thread (tests, benchmark). */
export const lastThreadRun = { used: false, sendMs: 0, longestSliceMs: 0, views: 0 };

/**
 * The report bundle of each filter over `loaded`, computed on a worker thread; those the thread did not send
 * (it could not start, or failed) computed in this thread, one at a time, the event loop free between them.
 */
export async function bundlesOnThread(
  loaded: LoadedData,
  year: number,
  filters: ReadonlyArray<readonly [string, ReportFilter]>,
  opts: { entry?: string } = {},
): Promise<Map<string, ReportBundle>> {
  const out = new Map<string, ReportBundle>();
  Object.assign(lastThreadRun, { used: false, sendMs: 0, longestSliceMs: 0, views: 0 });
  try {
    await onThread(loaded, year, filters, out, opts.entry ?? workerEntry());
  } catch {
    // no thread, or it failed: the views left are computed here
  }
  for (const [key, f] of filters) {
    if (out.has(key)) continue;
    // one view at a time, the event loop free between them
    await free();
    out.set(key, reportBundle(loaded, year, f));
  }
  return out;
}

async function onThread(
  loaded: LoadedData | { url: string },
  year: number,
  filters: ReadonlyArray<readonly [string, ReportFilter]>,
  out: Map<string, ReportBundle>,
  entry: string,
): Promise<void> {
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER_BOOT, {
    eval: true,
    workerData: { tsx: tsxLoader(), entry, port: port2 },
    transferList: [port2],
    stdout: false,
    stderr: false,
  });
  try {
    const finished = new Promise<void>((resolve, reject) => {
      worker.on('error', reject);
      worker.on('exit', () => reject(new Error('the report thread stopped')));
      port1.on('message', (m: FromWorker) => {
        if (m.type === 'bundle') {
          out.set(m.key, m.bundle);
          lastThreadRun.views++;
        } else if (m.type === 'done') resolve();
        else reject(new Error(m.type === 'error' ? m.message : m.failed));
      });
    });
    finished.catch(() => undefined);
    const send = async (m: ToWorker) => {
      const t = performance.now();
      port1.postMessage(m);
      const ms = performance.now() - t;
      lastThreadRun.sendMs += ms;
      lastThreadRun.longestSliceMs = Math.max(lastThreadRun.longestSliceMs, ms);
      await free();
    };
    if ('url' in loaded) {
      // the thread loads the records itself, through its own connections
      const prefilter = commonPrefilter(filters.map(([, f]) => f));
      await send({
        type: 'run',
        year,
        filters: filters.map(([k, f]) => [k, f]),
        load: { url: loaded.url, ...(prefilter ? { prefilter } : {}) },
      });
    } else {
      const { data, personKey } = loaded;
      for (const table of Object.keys(data) as (keyof ReportData)[]) {
        const rows = data[table] as readonly unknown[];
        for (let i = 0; i < rows.length; i += SLICE)
          await send({ type: 'rows', table, rows: rows.slice(i, i + SLICE) });
        if (rows.length === 0) await send({ type: 'rows', table, rows: [] });
      }
      let ids: string[] = [];
      for (const id of personIds(data)) {
        ids.push(id);
        if (ids.length === SLICE) {
          await send({ type: 'keys', ids, roots: ids.map(personKey) });
          ids = [];
        }
      }
      if (ids.length) await send({ type: 'keys', ids, roots: ids.map(personKey) });
      await send({ type: 'run', year, filters: filters.map(([k, f]) => [k, f]) });
    }
    await finished;
    lastThreadRun.used = true;
  } finally {
    port1.close();
    await worker.terminate();
  }
}

/** A PostgreSQL database's persons, estimated from its statistics (instant): whether a thread is worth it. */
async function largeDatabase(db: Db): Promise<boolean> {
  const env = process.env.ENLACE_REPORT_THREAD;
  if (env === 'on' || env === 'off') return env === 'on';
  const { rows } = await db.query<{ n: number | null }>(
    "SELECT reltuples::float8 AS n FROM pg_class WHERE oid = to_regclass('persons')",
  );
  return Number(rows[0]?.n ?? 0) >= THREAD_MIN_PERSONS;
}

/**
 * The report bundle of each filter of `year` over the three years' records of the database. On a large
 * PostgreSQL database, the worker thread loads the records itself (its own connections: the load's parsing,
 * seconds at 1,000,000 persons, held this thread's event loop too) and computes the views; elsewhere (PGlite,
 * a small database, a thread that failed) the records are loaded here and handed over or computed here.
 */
export async function filteredBundles(
  db: Db,
  year: number,
  filters: ReadonlyArray<readonly [string, ReportFilter]>,
  opts: { entry?: string } = {},
): Promise<Map<string, ReportBundle>> {
  const out = new Map<string, ReportBundle>();
  Object.assign(lastThreadRun, { used: false, sendMs: 0, longestSliceMs: 0, views: 0 });
  if (db.kind === 'postgres' && db.url && (await largeDatabase(db))) {
    try {
      await onThread({ url: db.url }, year, filters, out, opts.entry ?? workerEntry());
      return out;
    } catch {
      // no thread, or it failed: loaded here, the views left computed here
    }
  }
  const loaded = await loadData(
    { kind: 'db', db },
    year - 2,
    year,
    commonPrefilter(filters.map(([, f]) => f)),
  );
  const left = filters.filter(([k]) => !out.has(k));
  const rest = useThread(loaded)
    ? await bundlesOnThread(loaded, year, left, opts)
    : await bundlesHere(loaded, year, left);
  for (const [k, b] of rest) out.set(k, b);
  return out;
}

async function bundlesHere(
  loaded: LoadedData,
  year: number,
  filters: ReadonlyArray<readonly [string, ReportFilter]>,
): Promise<Map<string, ReportBundle>> {
  const out = new Map<string, ReportBundle>();
  for (const [key, f] of filters) {
    // one view at a time, the event loop free between them
    await free();
    out.set(key, reportBundle(loaded, year, f));
  }
  return out;
}

/**
 * The filtered views' thread (bundle-thread.ts starts it): receives the loaded records in slices and each
 * person record's linked-person key, or loads them itself from a PostgreSQL server's URL (its own
 * connections), then computes `reportBundle` for each filter and sends each bundle back.
 */
import { type MessagePort, workerData } from 'node:worker_threads';
import type { ReportData } from '@enlace/core/report/types';
import { openDatabase } from '../db/index.ts';
import type { FromWorker, ToWorker } from './bundle-thread.ts';
import { type LoadedData, loadData, reportBundle } from './service.ts';

const { port } = workerData as { port: MessagePort };
const data: Record<string, unknown[]> = {};
const keys = new Map<string, string>();
const post = (m: FromWorker) => port.postMessage(m);
const failed = (e: unknown) => post({ type: 'error', message: String((e as Error)?.stack ?? e) });

async function run(m: Extract<ToWorker, { type: 'run' }>): Promise<void> {
  let loaded: LoadedData = {
    data: data as unknown as ReportData,
    personKey: (id: string) => keys.get(id) ?? `p:${id}`,
  };
  if (m.load) {
    // the records loaded here, through this thread's own connections, as the calling thread would
    const db = await openDatabase({ url: m.load.url, max: 4 });
    try {
      loaded = await loadData({ kind: 'db', db }, m.year - 2, m.year, m.load.prefilter);
    } finally {
      await db.close();
    }
  }
  for (const [key, f] of m.filters) post({ type: 'bundle', key, bundle: reportBundle(loaded, m.year, f) });
  post({ type: 'done' });
}

port.on('message', (m: ToWorker) => {
  try {
    if (m.type === 'rows') {
      const rows = data[m.table] ?? [];
      data[m.table] = rows;
      for (const r of m.rows) rows.push(r);
    } else if (m.type === 'keys') {
      for (let i = 0; i < m.ids.length; i++) keys.set(m.ids[i]!, m.roots[i]!);
    } else run(m).catch(failed);
  } catch (e) {
    failed(e);
  }
});

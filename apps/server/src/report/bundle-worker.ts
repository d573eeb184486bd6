/**
 * The filtered views' thread (bundle-thread.ts starts it): receives the loaded records in slices and each
 * person record's linked-person key, then computes `reportBundle` for each filter and sends each bundle back.
 */
import { type MessagePort, workerData } from 'node:worker_threads';
import type { ReportData } from '@enlace/core/report/types';
import type { FromWorker, ToWorker } from './bundle-thread.ts';
import { reportBundle } from './service.ts';

const { port } = workerData as { port: MessagePort };
const data: Record<string, unknown[]> = {};
const keys = new Map<string, string>();
const post = (m: FromWorker) => port.postMessage(m);

port.on('message', (m: ToWorker) => {
  try {
    if (m.type === 'rows') {
      const rows = data[m.table] ?? [];
      data[m.table] = rows;
      for (const r of m.rows) rows.push(r);
    } else if (m.type === 'keys') {
      for (let i = 0; i < m.ids.length; i++) keys.set(m.ids[i]!, m.roots[i]!);
    } else {
      const loaded = {
        data: data as unknown as ReportData,
        personKey: (id: string) => keys.get(id) ?? `p:${id}`,
      };
      for (const [key, f] of m.filters)
        post({ type: 'bundle', key, bundle: reportBundle(loaded, m.year, f) });
      post({ type: 'done' });
    }
  } catch (e) {
    post({ type: 'error', message: String((e as Error)?.stack ?? e) });
  }
});

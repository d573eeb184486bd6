/**
 * A helper thread of the linker (see parallel.ts): receives the prepared sets once, then takes tasks of each
 * blocking or comparing job from the shared counters and answers on its port when it is done with the job.
 */
import { type MessagePort, workerData } from 'node:worker_threads';
import { type BlockJob, type CompareJob, runBlockJob, runCompareJob } from './parallel.ts';
import type { PreparedSet } from './prepare.ts';

const { port, claim } = workerData as { port: MessagePort; claim: number };
let a: PreparedSet | undefined;
let b: PreparedSet | undefined;

port.postMessage({ type: 'ready', id: 0 });
port.on('message', (m: { type: 'sets'; a: PreparedSet; b?: PreparedSet } | BlockJob | CompareJob) => {
  if (m.type === 'sets') {
    a = m.a;
    b = m.b;
    return;
  }
  try {
    if (!a) throw new Error('no records received');
    if (m.type === 'block') {
      const result = runBlockJob(m, a, b, claim);
      const transfer = [
        ...result.rules.flatMap(([, l, r]) => [l.buffer, r.buffer]),
        ...result.passes.map(([, f]) => f.buffer),
      ];
      port.postMessage({ type: 'done', id: m.id, result }, transfer as ArrayBuffer[]);
    } else {
      runCompareJob(m, a, b, claim);
      port.postMessage({ type: 'done', id: m.id, result: null });
    }
  } catch (e) {
    port.postMessage({ type: 'error', id: m.id, message: String((e as Error)?.stack ?? e) });
  }
});

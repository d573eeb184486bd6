/**
 * The import's encoding thread (encode-pool.ts starts it): loads the importing thread's keys, then encodes each
 * batch it is sent (encodeBatch: encryption, blind index, row hash) and sends the columns back.
 */
import { type MessagePort, workerData } from 'node:worker_threads';
import type { CellValue, RecordKind } from '@enlace/core';
import { type KeyringCopy, useKeyringCopy } from '../security/crypto.ts';
import { encodeBatch } from './encode.ts';

const { port, keyring } = workerData as { port: MessagePort; keyring: KeyringCopy };
useKeyringCopy(keyring);
port.on('message', (m: { id: number; kind: RecordKind; rows: CellValue[][] }) => {
  try {
    const t0 = performance.now();
    const cols = encodeBatch(m.kind, m.rows);
    port.postMessage({ id: m.id, cols, ms: performance.now() - t0 });
  } catch (e) {
    port.postMessage({ id: m.id, error: String((e as Error)?.stack ?? e) });
  }
});
port.postMessage({ ready: true });

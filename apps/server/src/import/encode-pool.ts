/**
 * A second thread for the import's encoding (encryption of personal fields, blind indexes, row hashes: about half
 * of the importing process's CPU). While it encodes batch k, the importing thread parses and validates batch k+1
 * and the database writes batch k-1. The thread runs the same `encodeBatch` with a copy of this process's keys, so
 * the stored values are what the importing thread would have written (the equality test: encode-pool.test.ts).
 * A thread that cannot start (no worker_threads, no TypeScript loader) is not an error: the batches are then
 * encoded on the importing thread. Opt-in (ENLACE_IMPORT_THREAD=on, `ImportOptions.encodeThread`): on the 2-core
 * machine, the database server on the same cores, it measured no faster (docs/exchange.md, benchmark).
 */
import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';
import type { CellValue, RecordKind } from '@enlace/core';
import { keyringCopy } from '../security/crypto.ts';
import { siblingModule, tsxLoader, WORKER_BOOT } from '../threads.ts';
import { encodeBatch } from './encode.ts';

const workerEntry = (): string => siblingModule(import.meta.url, 'encode-worker');

type Pending = { resolve: (cols: unknown[][], ms: number) => void; reject: (e: Error) => void };

export class EncodePool {
  private worker: Worker | null = null;
  private port: MessagePort | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  /** False once the thread failed to start: every batch is then encoded here. */
  private usable = true;
  /** Batches the thread encoded (tests check the thread was used). */
  encodedByThread = 0;

  constructor(entry = workerEntry()) {
    try {
      const { port1, port2 } = new MessageChannel();
      this.worker = new Worker(WORKER_BOOT, {
        eval: true,
        workerData: { tsx: tsxLoader(), entry, port: port2, keyring: keyringCopy() },
        transferList: [port2],
        stdout: false,
        stderr: false,
      });
      this.worker.on('error', (e) => this.fail(e));
      this.worker.on('exit', () => this.fail(new Error('the encoding thread stopped')));
      this.port = port1;
      port1.on(
        'message',
        (m: { id?: number; cols?: unknown[][]; ms?: number; error?: string; failed?: string }) => {
          if (m.failed) return this.fail(new Error(m.failed));
          if (m.id === undefined) return;
          const p = this.pending.get(m.id);
          if (!p) return;
          this.pending.delete(m.id);
          if (m.cols) {
            this.encodedByThread++;
            p.resolve(m.cols, m.ms ?? 0);
          } else p.reject(new Error(`encoding failed: ${m.error}`));
        },
      );
    } catch {
      this.usable = false;
    }
  }

  /** A thread that fails: what it was encoding is encoded here instead (the same function). */
  private fail(_e: unknown): void {
    if (!this.usable) return;
    this.usable = false;
    for (const [, p] of this.pending) p.reject(new RetryHere());
    this.pending.clear();
  }

  /** The batch's columns (hashes last), encoded on the thread while this one goes on. */
  encode(
    kind: RecordKind,
    rows: readonly (readonly CellValue[])[],
    stats?: { encryptCpuSeconds: number; encodeThreadSeconds?: number },
  ): Promise<unknown[][]> {
    const here = () => {
      const c0 = process.cpuUsage();
      const cols = encodeBatch(kind, rows);
      if (stats) {
        const u = process.cpuUsage(c0);
        stats.encryptCpuSeconds += (u.user + u.system) / 1e6;
      }
      return cols;
    };
    if (!this.usable || !this.port) return Promise.resolve(here());
    const id = this.nextId++;
    const p = new Promise<unknown[][]>((resolve, reject) =>
      this.pending.set(id, {
        resolve: (cols, ms) => {
          if (stats) stats.encodeThreadSeconds = (stats.encodeThreadSeconds ?? 0) + ms / 1000;
          resolve(cols);
        },
        reject,
      }),
    );
    this.port.postMessage({ id, kind, rows });
    return p.catch((e) => {
      if (e instanceof RetryHere) return here();
      throw e;
    });
  }

  async close(): Promise<void> {
    this.usable = false;
    this.port?.close();
    await this.worker?.terminate();
  }
}

class RetryHere extends Error {}

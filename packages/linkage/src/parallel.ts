/**
 * Blocking and comparing on several threads (`LinkOptions.workers`). The calling thread and `workers - 1` helper
 * threads (node:worker_threads) take tasks from shared counters: the two steps of each blocking rule, the sorted-
 * neighbourhood passes, slices of the candidate pairs. Keys, members, pairs and comparison vectors live in
 * SharedArrayBuffers; every task writes only its own part, and the parts are put together in one fixed order,
 * so the result is the same as on one thread, whichever thread did which task. The calling thread waits with
 * Atomics (the linker stays synchronous). Helpers that cannot start (no worker_threads, no TypeScript loader)
 * simply take no task: the calling thread does them all. See docs/linkage.md "Speed".
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import {
  ALL_RULES,
  type BlockingOptions,
  type BlockingRule,
  type BlockingRun,
  blockingRun,
  type CandidatePairs,
  mergeNeighbourhoods,
  NEIGHBOURHOOD_KEYS,
  neighbourhoodPass,
  PairBuffer,
  ruleBlocks,
  rulePairs,
} from './blocking.ts';
import { ALL_COMPARISONS, type Comparison, type PairComparer, type TfColumn } from './comparisons.ts';
import { compareRange, type PatternData, TermFrequencies } from './model.ts';
import type { PreparedSet } from './prepare.ts';

/** Inputs from this many records up use two threads by default (below it, starting a helper costs more). */
export const PARALLEL_MIN_RECORDS = 50_000;
/** Candidate pairs per comparing task. */
const CHUNK = 1 << 16;
/** A wait gives up (and the run goes on single-threaded) after this long without any task finishing. */
const STALL_MS = 300_000;

/** Threads used by default for an input of `records` records: ENLACE_LINK_WORKERS, else 2 from 50,000 on. */
export function defaultWorkers(records: number): number {
  const env = Number(process.env.ENLACE_LINK_WORKERS);
  if (Number.isInteger(env) && env >= 1) return env;
  return records >= PARALLEL_MIN_RECORDS ? Math.min(2, availableParallelism()) : 1;
}

const RULES = new Map<string, BlockingRule>(ALL_RULES.map((r) => [r.name, r]));
const COMPARISONS = new Map<string, Comparison>(ALL_COMPARISONS.map((c) => [c.name, c]));

/** Rules and comparisons reach a helper by name: only the shipped ones can. */
export const shippedRules = (rules: readonly BlockingRule[]): boolean =>
  rules.every((r) => RULES.get(r.name) === r);
export const shippedComparisons = (comps: readonly Comparison[]): boolean =>
  comps.every((c) => COMPARISONS.get(c.name) === c);

class ParallelFailure extends Error {}

/** Control cells of one job: [next task, tasks done, failed, next task of step 2, done of step 2, claims...]. */
const NEXT = 0;
const DONE = 1;
const FAILED = 2;
const NEXT2 = 3;
const DONE2 = 4;
const CLAIMS = 5;

function waitFor(ctl: Int32Array, cell: number, target: number): void {
  let last = Atomics.load(ctl, cell);
  let since = Date.now();
  for (;;) {
    if (Atomics.load(ctl, FAILED) !== 0) throw new ParallelFailure('a helper thread failed');
    const v = Atomics.load(ctl, cell);
    if (v >= target) return;
    if (v !== last) {
      last = v;
      since = Date.now();
    } else if (Date.now() - since > STALL_MS) {
      throw new ParallelFailure('helper threads stalled');
    }
    Atomics.wait(ctl, cell, v, 200);
  }
}

const finish = (ctl: Int32Array, cell: number) => {
  Atomics.add(ctl, cell, 1);
  Atomics.notify(ctl, cell);
};

const shared = <T>(make: (buf: SharedArrayBuffer, n: number) => T, bytes: number, n: number): T =>
  make(new SharedArrayBuffer(Math.max(1, n) * bytes), n);

// ---------- the tasks, run alike by the calling thread and the helpers ----------

export interface BlockJob {
  readonly type: 'block';
  readonly id: number;
  readonly rules: readonly string[];
  readonly run: BlockingRun;
  readonly neighbourhoods: boolean;
  readonly keys: readonly Uint32Array[];
  readonly members: readonly Uint32Array[];
  /** Per rule: members written, records skipped. */
  readonly counts: Int32Array;
  readonly ctl: Int32Array;
}

export interface BlockResult {
  readonly rules: [number, Uint32Array, Uint32Array][];
  readonly passes: [number, Float64Array][];
}

export function runBlockJob(
  job: BlockJob,
  a: PreparedSet,
  b: PreparedSet | undefined,
  claim: number,
): BlockResult {
  const { run, keys, members, counts, ctl } = job;
  const rules = job.rules.map((name) => RULES.get(name)!);
  const R = rules.length;
  const res: BlockResult = { rules: [], passes: [] };
  let sortBuf: Float64Array | undefined;
  try {
    Atomics.add(ctl, CLAIMS + claim, 1);
    for (let r = Atomics.add(ctl, NEXT, 1); r < R; r = Atomics.add(ctl, NEXT, 1)) {
      sortBuf ??= new Float64Array(run.n);
      const out = ruleBlocks(run, rules[r]!, r, a, b, keys[r]!, members[r]!, sortBuf);
      counts[2 * r] = out.members;
      counts[2 * r + 1] = out.skipped;
      finish(ctl, DONE);
    }
    sortBuf = undefined;
    waitFor(ctl, DONE, R);
    // the neighbourhood passes first: they are the longest tasks
    const P = job.neighbourhoods ? NEIGHBOURHOOD_KEYS.length : 0;
    for (let t = Atomics.add(ctl, NEXT2, 1); t < P + R; t = Atomics.add(ctl, NEXT2, 1)) {
      if (t < P) {
        res.passes.push([t, neighbourhoodPass(run, t, a, b, keys)]);
      } else {
        const r = t - P;
        const out = new PairBuffer();
        rulePairs(run, r, keys, members[r]!, counts[2 * r]!, out);
        res.rules.push([r, out.left.slice(0, out.count), out.right.slice(0, out.count)]);
      }
      finish(ctl, DONE2);
    }
  } catch (e) {
    Atomics.store(ctl, FAILED, 1);
    Atomics.notify(ctl, DONE);
    Atomics.notify(ctl, DONE2);
    throw e;
  }
  return res;
}

export interface CompareJob {
  readonly type: 'compare';
  readonly id: number;
  readonly comps: readonly string[];
  readonly termFrequencies: boolean;
  readonly left: Uint32Array;
  readonly right: Uint32Array;
  readonly count: number;
  readonly patterns: Uint32Array;
  readonly tfTop: Float32Array;
  readonly curp: Int8Array;
  readonly ctl: Int32Array;
}

export interface CompareSide {
  readonly bound: readonly PairComparer[];
  readonly tfA: readonly (Float32Array | null)[];
  readonly tfB: readonly (Float32Array | null)[];
}

/** What a thread needs to compare pairs: bound comparers and term-frequency columns. */
export function compareSide(
  comps: readonly Comparison[],
  a: PreparedSet,
  b: PreparedSet | undefined,
  tf: TermFrequencies | null,
  bound?: readonly PairComparer[],
): CompareSide {
  const right = b ?? a;
  return {
    bound: bound ?? comps.map((c) => c.bind(a, right)),
    tfA: comps.map((c) => (tf && c.tfColumn ? tf.column(c.tfColumn, a) : null)),
    tfB: comps.map((c) => (tf && c.tfColumn ? tf.column(c.tfColumn, right) : null)),
  };
}

export const termFrequencies = (
  comps: readonly Comparison[],
  a: PreparedSet,
  b: PreparedSet | undefined,
): TermFrequencies =>
  new TermFrequencies(
    b ? [a, b] : [a],
    comps.map((c) => c.tfColumn).filter((c): c is TfColumn => c !== undefined),
  );

export function runCompareJob(
  job: CompareJob,
  a: PreparedSet,
  b: PreparedSet | undefined,
  claim: number,
  side?: CompareSide,
): void {
  const { ctl, count } = job;
  const comps = job.comps.map((name) => COMPARISONS.get(name)!);
  const chunks = Math.ceil(count / CHUNK);
  try {
    Atomics.add(ctl, CLAIMS + claim, 1);
    // a helper prepares its comparers only when there is still work left
    if (Atomics.load(ctl, NEXT) >= chunks) return;
    const s = side ?? compareSide(comps, a, b, job.termFrequencies ? termFrequencies(comps, a, b) : null);
    const out = { patterns: job.patterns, tfTop: job.tfTop, curp: job.curp };
    for (let c = Atomics.add(ctl, NEXT, 1); c < chunks; c = Atomics.add(ctl, NEXT, 1)) {
      const from = c * CHUNK;
      compareRange(comps, a, b ?? a, job, s.bound, s.tfA, s.tfB, out, from, Math.min(count, from + CHUNK));
      finish(ctl, DONE);
    }
  } catch (e) {
    Atomics.store(ctl, FAILED, 1);
    Atomics.notify(ctl, DONE);
    throw e;
  }
}

// ---------- the helper threads, seen from the calling thread ----------

interface Helper {
  readonly worker: Worker;
  readonly port: MessagePort;
}

/** The TypeScript loader a helper needs when this module runs from its .ts source (tests, benches, the server). */
function tsxLoader(): string | undefined {
  if (!import.meta.url.endsWith('.ts')) return undefined;
  try {
    const req = createRequire(import.meta.url);
    return pathToFileURL(join(dirname(req.resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
  } catch {
    return undefined;
  }
}

const BOOT = `
const { workerData } = require('node:worker_threads');
(async () => {
  try {
    if (workerData.tsx) (await import(workerData.tsx)).register();
    await import(workerData.entry);
  } catch (e) {
    workerData.port.postMessage({ type: 'error', id: -1, message: String((e && e.stack) || e) });
    workerData.port.close();
  }
})();
`;

let jobIds = 0;

const workerEntry = (): string =>
  pathToFileURL(
    join(dirname(fileURLToPath(import.meta.url)), `worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`),
  ).href;

/** Helper threads for one linkage run; `close()` when done. */
export class Helpers {
  private readonly helpers: Helper[] = [];
  /** Threads that may take tasks: the calling one and the helpers. */
  readonly threads: number;
  /** Helpers that took part in at least one job. */
  used = 0;

  /** `entry`: the helpers' module (default worker.ts beside this file; tests give one that cannot load). */
  constructor(count: number, entry = workerEntry()) {
    const tsx = tsxLoader();
    for (let h = 0; h < count; h++) {
      try {
        const { port1, port2 } = new MessageChannel();
        const worker = new Worker(BOOT, {
          eval: true,
          workerData: { tsx, entry, port: port2, claim: h + 1 },
          transferList: [port2],
          stdout: false,
          stderr: false,
        });
        worker.unref();
        worker.on('error', () => {});
        this.helpers.push({ worker, port: port1 });
      } catch {
        // no worker threads here: fewer helpers
      }
    }
    this.threads = this.helpers.length + 1;
  }

  /** Waits until every helper has loaded its code (at most `ms`); returns how many did. Optional: helpers that
   * start late join the tasks still left. */
  ready(ms: number): number {
    const until = Date.now() + ms;
    const flag = new Int32Array(new SharedArrayBuffer(4));
    let ready = 0;
    for (const h of this.helpers) {
      for (;;) {
        const m = receiveMessageOnPort(h.port)?.message as { type: string } | undefined;
        if (m?.type === 'ready') {
          ready++;
          break;
        }
        if (m?.type === 'error' || Date.now() > until) break;
        if (!m) Atomics.wait(flag, 0, 0, 5);
      }
    }
    return ready;
  }

  /** Hands the prepared sets to the helpers (a copy each, without the record ids). */
  sets(a: PreparedSet, b: PreparedSet | undefined): void {
    const strip = (p: PreparedSet) => ({ ...p, ids: [] });
    try {
      for (const h of this.helpers)
        h.port.postMessage({ type: 'sets', a: strip(a), b: b ? strip(b) : undefined });
    } catch {
      // the sets cannot be copied: this thread alone
      this.close();
      this.helpers.length = 0;
    }
  }

  private post(job: BlockJob | CompareJob): void {
    for (const h of this.helpers) h.port.postMessage(job);
  }

  /** The answer of each helper that claimed part of the job (others may answer later: ignored then). */
  private collect<T>(id: number, ctl: Int32Array): T[] {
    const out: T[] = [];
    this.helpers.forEach((h, i) => {
      if (Atomics.load(ctl, CLAIMS + i + 1) === 0) return;
      const since = Date.now();
      for (;;) {
        const m = receiveMessageOnPort(h.port)?.message as
          | { type: string; id: number; message?: string; result?: T }
          | undefined;
        if (m) {
          if (m.type === 'error' && (m.id === id || m.id === -1)) throw new ParallelFailure(m.message);
          if (m.id === id) {
            out.push(m.result as T);
            return;
          }
          continue;
        }
        if (Date.now() - since > STALL_MS) throw new ParallelFailure('a helper thread did not answer');
        Atomics.wait(ctl, FAILED, 0, 5);
      }
    });
    this.used = Math.max(
      this.used,
      this.helpers.filter((_, i) => Atomics.load(ctl, CLAIMS + i + 1) > 0).length,
    );
    return out;
  }

  private control(): Int32Array {
    return shared((buf) => new Int32Array(buf), 4, CLAIMS + this.helpers.length + 1);
  }

  /** candidatePairs on every thread; the same pairs in the same order. */
  candidatePairs(
    a: PreparedSet,
    b: PreparedSet | undefined,
    rules: readonly BlockingRule[],
    opts: BlockingOptions,
  ): CandidatePairs {
    const run = blockingRun(a, b, rules, opts);
    const R = rules.length;
    const job: BlockJob = {
      type: 'block',
      id: ++jobIds,
      rules: rules.map((r) => r.name),
      run,
      neighbourhoods: opts.neighbourhoods !== false,
      keys: rules.map(() => shared((buf, n) => new Uint32Array(buf, 0, n), 4, run.n)),
      members: rules.map(() => shared((buf, n) => new Uint32Array(buf, 0, n), 4, run.n)),
      counts: shared((buf) => new Int32Array(buf), 4, 2 * R),
      ctl: this.control(),
    };
    this.post(job);
    const mine = runBlockJob(job, a, b, 0);
    const P = job.neighbourhoods ? NEIGHBOURHOOD_KEYS.length : 0;
    waitFor(job.ctl, DONE2, P + R);
    const all = [mine, ...this.collect<BlockResult>(job.id, job.ctl)];
    const byRule = new Map(all.flatMap((x) => x.rules.map((e) => [e[0], e] as const)));
    const passes = new Map(all.flatMap((x) => x.passes));
    let total = 0;
    for (const [, l] of byRule.values()) total += l.length;
    const out = new PairBuffer();
    out.left = new Uint32Array(Math.max(1, total));
    out.right = new Uint32Array(Math.max(1, total));
    const perRule: Record<string, number> = {};
    const oversize: Record<string, number> = {};
    for (let r = 0; r < R; r++) {
      const [, l, rr] = byRule.get(r)!;
      out.left.set(l, out.count);
      out.right.set(rr, out.count);
      out.count += l.length;
      perRule[rules[r]!.name] = l.length;
      if (job.counts[2 * r + 1]! > 0) oversize[rules[r]!.name] = job.counts[2 * r + 1]!;
    }
    if (P > 0) {
      perRule['sorted neighbourhoods'] = mergeNeighbourhoods(
        Array.from({ length: P }, (_, p) => passes.get(p)!),
        out,
      );
    }
    // shared, for the comparing step
    const left = shared((buf, n) => new Uint32Array(buf, 0, n), 4, out.count);
    const right = shared((buf, n) => new Uint32Array(buf, 0, n), 4, out.count);
    left.set(out.left.subarray(0, out.count));
    right.set(out.right.subarray(0, out.count));
    return { left, right, count: out.count, perRule, oversize };
  }

  /** comparePairs on every thread; the same vectors. */
  comparePairs(
    comps: readonly Comparison[],
    a: PreparedSet,
    b: PreparedSet | undefined,
    pairs: CandidatePairs,
    termFrequencies: boolean,
    /** This thread's comparers, made after the job is out (the helpers make theirs meanwhile). */
    prepare: () => { tf: TermFrequencies | null; bound: readonly PairComparer[] },
  ): PatternData {
    const count = pairs.count;
    const onShared = (x: Uint32Array) =>
      x.buffer instanceof SharedArrayBuffer
        ? x
        : (() => {
            const s = shared((buf, n) => new Uint32Array(buf, 0, n), 4, count);
            s.set(x.subarray(0, count));
            return s;
          })();
    const job: CompareJob = {
      type: 'compare',
      id: ++jobIds,
      comps: comps.map((c) => c.name),
      termFrequencies,
      left: onShared(pairs.left),
      right: onShared(pairs.right),
      count,
      patterns: shared((buf, n) => new Uint32Array(buf, 0, n), 4, count),
      tfTop: shared((buf, n) => new Float32Array(buf, 0, n), 4, count),
      curp: shared((buf, n) => new Int8Array(buf, 0, n), 1, count),
      ctl: this.control(),
    };
    this.post(job);
    const mine = prepare();
    if ((mine.tf !== null) !== termFrequencies) throw new Error('term frequencies: not as announced');
    runCompareJob(job, a, b, 0, compareSide(comps, a, b, mine.tf, mine.bound));
    waitFor(job.ctl, DONE, Math.ceil(count / CHUNK));
    this.collect<null>(job.id, job.ctl);
    return {
      patterns: job.patterns,
      tfTop: job.tfTop,
      curp: job.curp,
      radix: comps.map((c) => c.levels + 1),
      tfApplied: termFrequencies,
    };
  }

  close(): void {
    for (const h of this.helpers) {
      h.port.close();
      void h.worker.terminate();
    }
  }
}

export { ParallelFailure };

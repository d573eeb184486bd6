/**
 * Linkage of every person spread over machines: `enlace link --distributed` coordinates (blocks and finishes),
 * `enlace worker` processes (on any machine that reaches the database) read the persons shard by shard into
 * encrypted snapshots, write their blocking keys and compare the parts' pairs. The result is the one `relinkAll`
 * computes in one process — same model, same pair probabilities, same links, clusters and keys — whatever the
 * number of parts, shards or workers (packages/linkage distributed.ts says why). See docs/deployment.md "Linkage over several machines".
 */
import { hostname } from 'node:os';
import {
  comparePart,
  decodePartPairs,
  decodePartResult,
  encodePartPairs,
  encodePartResult,
  finishDedup,
  type LinkRecord,
  planDedup,
  prepareRecords,
  RunComparer,
} from '@enlace/linkage';
import * as linkRepo from '../api/linkage/repository.ts';
import {
  keyIndexes,
  MIN_PERSONS_FOR_MODEL,
  recordContextsOf,
  referralPriors,
  storeRelink,
  toRecord,
} from '../api/linkage/service.ts';
import { COUNT_LINK, REVIEW_LOW } from '../api/linkage/thresholds.ts';
import { type AuditContext, audit } from '../audit/service.ts';
import { AppError } from '../errors.ts';
import { columnAad, decryptField, encryptField } from '../security/crypto.ts';
import { linkageCodeDigest } from './code.ts';
import { LINKAGE_QUEUE, type PgBoss } from './queue.ts';
import * as repo from './repository.ts';

const RECORDS_AAD = columnAad('linkage_run_parts', 'records_enc');
const SNAPSHOT_AAD = columnAad('linkage_run_shards', 'records_enc');

/** The identifying fields a worker reads (for its audit entry). */
const COMPARED = ['given_names', 'surname_1', 'surname_2', 'birth_date', 'curp', 'phone', 'email'] as const;

/** Parts of a run by default: about 100,000 candidate pairs each (a few seconds of comparing), 4 to 1,024. */
export function defaultParts(pairs: number): number {
  return Math.max(4, Math.min(1024, Math.ceil(pairs / 100_000)));
}

/** Persons per shard of blocking keys by default: 5,000 (about 80,000 keys, a few seconds of a worker). */
export const DEFAULT_SHARD_SIZE = 5000;

/** The order in which workers take a run's jobs (higher first): shards to read, parts to compare, shards' keys. */
const PRIORITY = { read: 2, part: 1, keys: 0 } as const;

/** Parts written and queued together while the coordinator writes the next ones. */
const QUEUE_BATCH = 4;

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** CPU milliseconds (user + system) of this process so far: a worker does one job at a time. */
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

export interface RunProgress {
  /** reading: the workers read, key and snapshot the shards; planning: the coordinator blocks and writes parts. */
  stage: 'reading' | 'planning' | 'comparing' | 'finishing';
  partsDone: number;
  parts: number;
  pairsDone: number;
  pairs: number;
  /** Shards of persons whose blocking keys are written (by the workers, from the start of the run; the reading
   * stage ends when every shard's snapshot is written, before its keys). */
  shardsDone: number;
  /** Shards whose persons are read into their snapshot (the reading stage ends when all are). */
  shardsRead: number;
  shards: number;
}

export interface DistributedOptions {
  boss: PgBoss;
  /** Parts to split the candidate pairs into (default `defaultParts`). */
  parts?: number;
  /** Persons per shard of blocking keys (default DEFAULT_SHARD_SIZE). */
  shardSize?: number;
  /** This process takes jobs too while it waits (the coordinator's machine also compares). */
  work?: boolean;
  onProgress?: (p: RunProgress) => void;
  /** Between two looks at the parts (default 1 s). */
  pollMs?: number;
  /** The wait between looks (tests inject theirs). */
  sleep?: (ms: number) => Promise<void>;
  /** The coordinator gives up after this many looks without a part finishing (default: never). */
  stallPolls?: number;
}

export interface DistributedResult {
  runId: number;
  modelId: number;
  links: number;
  persons: number;
  pairs: number;
  parts: number;
  /** Shards of persons whose blocking keys the workers wrote. */
  shards: number;
  /** Blocking keys written and deleted (the difference with those stored before the run). */
  keysAdded: number;
  keysRemoved: number;
  /** Parts compared by this process (with `work`). */
  partsHere: number;
}

/**
 * Estimates the model on every person and links everyone, as `relinkAll`, spread over workers. First the persons
 * are split into shards queued at once: the workers read and decrypt each shard's persons, write their blocking keys
 * (blind indexes) and store the shard's linkage records as one encrypted snapshot ("reading"). Then the coordinator
 * reads the snapshots (one decryption per shard), prepares and blocks, and splits the candidate pairs into parts of
 * pairs only (indices into the run's records), queued as they are written ("planning"); the workers, each holding
 * the run's records (read once from the snapshots), compare them ("comparing"). Last the coordinator scores,
 * clusters and stores the model and the links in one transaction ("finishing"). The same model, links, clusters and
 * keys as `relinkAll`. Null when there are too few persons for a model (as relinkAll).
 */
export async function relinkDistributed(
  ctx: AuditContext,
  opts: DistributedOptions,
): Promise<DistributedResult | null> {
  const db = ctx.db;
  const sleep = opts.sleep ?? realSleep;
  const ids = await linkRepo.allPersonIds(db);
  if (ids.length < MIN_PERSONS_FOR_MODEL) return null;
  const shardSize = Math.max(1, Math.floor(opts.shardSize ?? DEFAULT_SHARD_SIZE));
  const shards: string[][] = [];
  for (let i = 0; i < ids.length; i += shardSize) shards.push(ids.slice(i, i + shardSize));
  let parts = 0;
  let pairs = 0;
  const progress = (
    stage: RunProgress['stage'],
    p: { partsDone?: number; pairsDone?: number; shardsDone?: number; shardsRead?: number } = {},
  ) =>
    opts.onProgress?.({
      stage,
      partsDone: p.partsDone ?? 0,
      parts,
      pairsDone: p.pairsDone ?? 0,
      pairs,
      shardsDone: p.shardsDone ?? 0,
      shardsRead: p.shardsRead ?? (stage === 'reading' ? 0 : shards.length),
      shards: shards.length,
    });
  progress('reading');
  // one linkage of everyone at a time: an earlier coordinator that stopped half-way leaves its run; it ends here
  await db.query(
    `UPDATE linkage_runs SET status = 'failed', error = 'superseded by a later run', finished_at = now()
      WHERE status = 'running'`,
  );
  await db.query(
    `DELETE FROM linkage_run_parts p USING linkage_runs r WHERE r.id = p.run_id AND r.status <> 'running'`,
  );
  await db.query(
    `DELETE FROM linkage_run_shards s USING linkage_runs r WHERE r.id = s.run_id AND r.status <> 'running'`,
  );
  const runId = await repo.insertRun(db, {
    persons: ids.length,
    pairs: 0,
    parts: 0,
    comparisons: [],
    termFrequencies: false,
    code: linkageCodeDigest(),
    shards: shards.length,
  });
  let partsHere = 0;
  const stop = new AbortController();
  let here: Promise<{ parts: number }> = Promise.resolve({ parts: 0 });
  try {
    await repo.insertShards(db, runId, shards);
    // two jobs per shard: its reading first (the coordinator waits for every shard's snapshot), its keys last (they
    // fill the workers' time while the coordinator plans; the parts, once queued, go before them)
    await opts.boss.insert([
      ...shards.map((_, shard) => ({
        name: LINKAGE_QUEUE,
        data: { runId, shard, step: 'read' },
        priority: PRIORITY.read,
        retryLimit: 3,
        expireInSeconds: 30 * 60,
      })),
      ...shards.map((_, shard) => ({
        name: LINKAGE_QUEUE,
        data: { runId, shard },
        priority: PRIORITY.keys,
        retryLimit: 3,
        expireInSeconds: 30 * 60,
      })),
    ]);
    // with `work`, this process takes jobs too from now on (alone, it does every shard and part)
    if (opts.work)
      here = runWorker(ctx, {
        boss: opts.boss,
        signal: stop.signal,
        pollMs: opts.pollMs,
        sleep,
        name: 'coordinator',
      });
    // reading: the workers read and decrypt every shard and store its snapshot (then they write its keys)
    let keysDone = 0;
    await waitFor(db, runId, opts, sleep, 'shards', (_p, k) => {
      keysDone = k.done;
      progress('reading', { shardsDone: k.done, shardsRead: k.read });
      return k.read === k.shards;
    });
    progress('planning', { shardsDone: keysDone });
    const { agencies, records } = await readSnapshots(db, runId);
    const rows = records.map((r, i) => ({ person_id: r.id, agency_id: agencies[i]! }));
    // the number of parts depends on the number of candidate pairs (one blocking)
    const plan = planDedup(records, { parts: opts.parts ?? defaultParts, localRecords: false });
    parts = plan.parts.length;
    pairs = plan.pairs.count;
    await repo.setPlan(db, runId, {
      pairs,
      parts,
      comparisons: plan.comps.map((c) => c.name),
      termFrequencies: plan.termFrequencies,
    });
    await audit(ctx, {
      action: 'linkage_distribute',
      resource: 'persons',
      resourceId: `linkage run ${runId}`,
      fields: [...COMPARED],
    });
    // each batch of parts is queued as soon as it is written: the workers compare while the next are written
    for (let i = 0; i < plan.parts.length; i += QUEUE_BATCH) {
      const batch = plan.parts.slice(i, i + QUEUE_BATCH);
      await repo.insertParts(
        db,
        runId,
        batch.map((p) => ({ part: p.part, pairs: encodePartPairs(p), pairCount: p.index.length })),
      );
      await opts.boss.insert(
        batch.map((p) => ({
          name: LINKAGE_QUEUE,
          data: { runId, part: p.part },
          priority: PRIORITY.part,
          retryLimit: 3,
          expireInSeconds: 30 * 60,
        })),
      );
    }
    // comparing: until every part is compared and every shard's keys written
    await waitFor(db, runId, opts, sleep, 'parts', (p, k) => {
      progress('comparing', { partsDone: p.done, pairsDone: p.pairsDone, shardsDone: k.done });
      return p.done === p.parts && k.done === k.shards;
    });
    stop.abort();
    partsHere = (await here).parts;
    progress('finishing', { partsDone: parts, pairsDone: pairs, shardsDone: shards.length });
    const stored = await repo.partResults(db, runId);
    const results = new Array(plan.parts.length);
    for (const r of stored) results[r.part] = decodePartResult(r.result);
    const res = finishDedup(plan, results, {
      threshold: REVIEW_LOW,
      clusterThreshold: COUNT_LINK,
      pairPrior: await referralPriors(db, rows),
      context: await recordContextsOf(db, rows),
    });
    // the keys are the workers' (written shard by shard): the model and the links here
    const { modelId, links } = await storeRelink(ctx, records, res, { keys: false });
    await repo.endRun(db, runId, { status: 'done', modelId, links });
    const run = await repo.getRun(db, runId);
    return {
      runId,
      modelId,
      links,
      persons: records.length,
      pairs,
      parts,
      shards: shards.length,
      keysAdded: run?.keys_added ?? 0,
      keysRemoved: run?.keys_removed ?? 0,
      partsHere,
    };
  } catch (e) {
    await repo.endRun(db, runId, { status: 'failed', error: (e as Error).message }).catch(() => {});
    throw e;
  } finally {
    stop.abort();
    await here.catch(() => {});
  }
}

/**
 * Looks at a run's shards or parts until `done` says so; fails the run when one failed on every try, or after
 * `stallPolls` looks in a row without progress.
 */
async function waitFor(
  db: AuditContext['db'],
  runId: number,
  opts: DistributedOptions,
  sleep: (ms: number) => Promise<void>,
  what: 'shards' | 'parts',
  done: (
    parts: Awaited<ReturnType<typeof repo.progress>>,
    shards: Awaited<ReturnType<typeof repo.shardProgress>>,
  ) => boolean,
): Promise<void> {
  let last = '';
  let still = 0;
  for (;;) {
    const p = await repo.progress(db, runId);
    const k = await repo.shardProgress(db, runId);
    const failed = p.failed[0]
      ? `part ${p.failed[0].part}`
      : k.failed[0]
        ? `shard ${k.failed[0].shard}`
        : null;
    if (failed)
      throw new AppError(
        'linkage_failed',
        `${failed} of linkage run ${runId} failed on every try: ${p.failed[0]?.error ?? k.failed[0]!.error}`,
        { exitCode: 1 },
      );
    const now = `${p.done}/${k.done}/${k.read}`;
    if (now !== last) {
      if (done(p, k)) return;
      last = now;
      still = 0;
    } else if (opts.stallPolls !== undefined && ++still >= opts.stallPolls) {
      throw new AppError(
        'linkage_stalled',
        `no ${what === 'shards' ? 'shard' : 'part'} of linkage run ${runId} finished for ${still} looks (${p.done} of ${p.parts} parts, ${k.done} of ${k.shards} shards done): is an \`enlace worker\` running?`,
        { exitCode: 1 },
      );
    }
    await sleep(opts.pollMs ?? 1000);
  }
}

/** One person of a shard's snapshot: id, agency, compared fields. */
type SnapshotEntry = [string, string, Record<string, string>];

/** A run's records from its shards' snapshots, in shard order (the persons' id order, as `personsByIds`). */
async function readSnapshots(
  db: AuditContext['db'],
  runId: number,
): Promise<{ records: LinkRecord[]; agencies: string[] }> {
  const records: LinkRecord[] = [];
  const agencies: string[] = [];
  for (const s of await repo.shardSnapshots(db, runId)) {
    if (s.records_enc === null) throw new Error(`shard ${s.shard} of linkage run ${runId} has no snapshot`);
    for (const [id, agency, fields] of JSON.parse(
      decryptField(s.records_enc, SNAPSHOT_AAD)!,
    ) as SnapshotEntry[]) {
      records.push({ id, fields });
      agencies.push(agency);
    }
  }
  return { records, agencies };
}

/** The run whose records this worker process holds (one at a time: a new run replaces it). */
let heldRun: { runId: number; code: string; comparer: Promise<RunComparer> } | null = null;

/** The comparer of a run's records, read from its snapshots once per run and process. */
function runComparer(
  db: AuditContext['db'],
  runId: number,
  row: { code: string; comparisons: string[]; term_frequencies: boolean },
  onRead?: (r: { runId: number; persons: number; ms: number; cpuMs: number }) => void,
): Promise<RunComparer> {
  if (heldRun?.runId !== runId || heldRun.code !== row.code) {
    const started = performance.now();
    const cpu0 = cpuMs();
    const comparer = readSnapshots(db, runId).then(({ records }) => {
      const c = new RunComparer(row.comparisons, records, row.term_frequencies);
      onRead?.({ runId, persons: c.size, ms: performance.now() - started, cpuMs: cpuMs() - cpu0 });
      return c;
    });
    heldRun = { runId, code: row.code, comparer };
    // a failed read is not kept: the next part of the run tries again
    comparer.catch(() => {
      if (heldRun?.comparer === comparer) heldRun = null;
    });
  }
  return heldRun.comparer;
}

export interface WorkerOptions {
  boss: PgBoss;
  /** How this worker signs its parts (default host:pid). */
  name?: string;
  /** Stops when aborted (after the part in hand). */
  signal?: AbortSignal;
  /** Stops after this many looks in a row found no job (default: runs until aborted). */
  idlePolls?: number;
  /** Between two looks at an empty queue (default 1 s). */
  pollMs?: number | undefined;
  sleep?: (ms: number) => Promise<void>;
  /** A part compared: its pairs, wall and CPU milliseconds (the CPU of reading the run's records not counted). */
  onPart?: (p: { runId: number; part: number; pairs: number; ms: number; cpuMs: number }) => void;
  /** A run's records read from its shards' snapshots (once per run, before its first part here). */
  onRunRecords?: (r: { runId: number; persons: number; ms: number; cpuMs: number }) => void;
  /** A shard's persons read and stored as its snapshot. */
  onShardRead?: (s: { runId: number; shard: number; persons: number; ms: number; cpuMs: number }) => void;
  /** A shard of blocking keys written: its persons, keys added and removed. */
  onShard?: (s: {
    runId: number;
    shard: number;
    persons: number;
    added: number;
    removed: number;
    ms: number;
    cpuMs: number;
  }) => void;
}

/**
 * A job: a part to compare (`part`), a shard of persons to read into its snapshot (`shard`, step `read`) or a
 * shard whose blocking keys to write (`shard`).
 */
type JobData =
  | { runId: number; part: number; shard?: undefined; step?: undefined }
  | { runId: number; shard: number; part?: undefined; step?: 'read' };

/** Takes the jobs of linkage runs from the queue until stopped (shards and parts): the loop of `enlace worker`. */
export async function runWorker(
  ctx: AuditContext,
  opts: WorkerOptions,
): Promise<{ parts: number; pairs: number; shards: number }> {
  const sleep = opts.sleep ?? realSleep;
  const name = opts.name ?? `${hostname()}:${process.pid}`;
  let idle = 0;
  let parts = 0;
  let pairs = 0;
  let shards = 0;
  while (!opts.signal?.aborted) {
    const jobs =
      (await opts.boss.fetch<JobData>(LINKAGE_QUEUE, { batchSize: 1, includeMetadata: true })) ?? [];
    const job = jobs[0];
    if (!job) {
      if (opts.idlePolls !== undefined && ++idle >= opts.idlePolls) break;
      await sleep(opts.pollMs ?? 1000);
      continue;
    }
    idle = 0;
    const started = performance.now();
    const cpu0 = cpuMs();
    const data = job.data;
    try {
      if (data.shard !== undefined && data.step === 'read') {
        const persons = await readShardJob(ctx, { runId: data.runId, shard: data.shard });
        await opts.boss.complete(LINKAGE_QUEUE, job.id);
        if (persons !== null)
          opts.onShardRead?.({
            runId: data.runId,
            shard: data.shard,
            persons,
            ms: performance.now() - started,
            cpuMs: cpuMs() - cpu0,
          });
      } else if (data.shard !== undefined) {
        const w = await indexShardJob(ctx, { runId: data.runId, shard: data.shard }, name);
        await opts.boss.complete(LINKAGE_QUEUE, job.id);
        if (w !== null) {
          shards++;
          opts.onShard?.({
            runId: data.runId,
            shard: data.shard,
            ...w,
            ms: performance.now() - started,
            cpuMs: cpuMs() - cpu0,
          });
        }
      } else {
        let readCpu = 0;
        const n = await comparePartJob(ctx, { runId: data.runId, part: data.part }, name, (r) => {
          readCpu = r.cpuMs;
          opts.onRunRecords?.(r);
        });
        await opts.boss.complete(LINKAGE_QUEUE, job.id);
        if (n !== null) {
          parts++;
          pairs += n;
          opts.onPart?.({
            runId: data.runId,
            part: data.part,
            pairs: n,
            ms: performance.now() - started,
            cpuMs: cpuMs() - cpu0 - readCpu,
          });
        }
      }
    } catch (e) {
      const message = (e as Error).message;
      // the last try: the coordinator learns why (otherwise pg-boss retries the job)
      if (job.retryCount >= job.retryLimit)
        await (data.shard !== undefined
          ? repo.saveShardError(ctx.db, data.runId, data.shard, message)
          : repo.savePartError(ctx.db, data.runId, data.part, message)
        ).catch(() => {});
      await opts.boss.fail(LINKAGE_QUEUE, job.id, { message });
    }
  }
  return { parts, pairs, shards };
}

const sameCode = (runId: number, code: string) => {
  if (code !== linkageCodeDigest())
    throw new Error(
      `this worker runs other linkage code (${linkageCodeDigest()}) than the coordinator of run ${runId} (${code}): run the same Enlace version on every machine`,
    );
};

/** Reads and decrypts a shard's persons (those still stored), audited; the entries of its snapshot. */
async function readShard(
  ctx: AuditContext,
  runId: number,
  shard: number,
  personIds: readonly string[],
): Promise<SnapshotEntry[]> {
  // persons deleted since the run began are left out (their keys went with them)
  const persons = await linkRepo.personsByIds(ctx.db, personIds);
  await audit(ctx, {
    action: 'linkage_read',
    resource: 'persons',
    resourceId: `linkage run ${runId} shard ${shard}`,
    fields: [...COMPARED],
  });
  return persons.map((p) => {
    const r = toRecord(p);
    return [r.id, p.agency_id, r.fields];
  });
}

/**
 * Reads one shard of persons into its snapshot (one encrypted value: what the coordinator blocks and the workers
 * compare). The first snapshot written stays: a retried job does not replace what the coordinator may have read.
 * Null when there is nothing to do (run ended, snapshot written).
 */
export async function readShardJob(
  ctx: AuditContext,
  data: { runId: number; shard: number },
): Promise<number | null> {
  const { runId, shard } = data;
  if (!Number.isInteger(runId) || !Number.isInteger(shard))
    throw new Error('a linkage job without run or shard');
  const row = await repo.shardToRead(ctx.db, runId, shard);
  if (!row) return null;
  sameCode(runId, row.code);
  const entries = await readShard(ctx, runId, shard, row.person_ids);
  await repo.writeShardSnapshot(ctx.db, runId, shard, encryptField(JSON.stringify(entries), SNAPSHOT_AAD)!);
  return entries.length;
}

/**
 * Writes the blocking keys of one shard of persons: its records from its snapshot (or, when the shard has none yet,
 * read from the persons and stored as its snapshot), their keys (blind indexes, as `relinkAll` derives them) and the
 * difference with the stored ones written. Null when there is nothing to do.
 */
export async function indexShardJob(
  ctx: AuditContext,
  data: { runId: number; shard: number },
  worker: string,
): Promise<{ persons: number; added: number; removed: number } | null> {
  const { runId, shard } = data;
  if (!Number.isInteger(runId) || !Number.isInteger(shard))
    throw new Error('a linkage job without run or shard');
  const row = await repo.shardToIndex(ctx.db, runId, shard);
  if (!row) return null;
  sameCode(runId, row.code);
  let entries: SnapshotEntry[];
  if (row.records_enc !== null) {
    entries = JSON.parse(decryptField(row.records_enc, SNAPSHOT_AAD)!) as SnapshotEntry[];
    await audit(ctx, {
      action: 'linkage_index',
      resource: 'persons',
      resourceId: `linkage run ${runId} shard ${shard}`,
      fields: [...COMPARED],
    });
  } else {
    entries = await readShard(ctx, runId, shard, row.person_ids);
    await repo.writeShardSnapshot(ctx.db, runId, shard, encryptField(JSON.stringify(entries), SNAPSHOT_AAD)!);
  }
  const records = entries.map(([id, , fields]) => ({ id, fields }));
  const prepared = prepareRecords(records);
  const want = new Map<string, Set<string>>();
  records.forEach((r, i) => {
    want.set(r.id, new Set(keyIndexes(prepared, i)));
  });
  const remove: [string, string][] = [];
  for (const k of await repo.storedKeys(ctx.db, row.person_ids)) {
    const keys = want.get(k.person_id);
    // a key still derived stays (and is not written again); one no longer derived goes
    if (keys?.delete(k.key_bidx)) continue;
    remove.push([k.person_id, k.key_bidx]);
  }
  const add: [string, string][] = [];
  for (const [id, keys] of want) for (const k of keys) add.push([id, k]);
  await repo.writeShardKeys(ctx.db, runId, shard, worker, remove, add);
  return { persons: records.length, added: add.length, removed: remove.length };
}

/** Compares one part and stores its vectors; null when there is nothing to do (run ended, part done). */
export async function comparePartJob(
  ctx: AuditContext,
  data: { runId: number; part: number },
  worker: string,
  /** The run's records read (once per run and process, before its first part). */
  onRead?: (r: { runId: number; persons: number; ms: number; cpuMs: number }) => void,
): Promise<number | null> {
  const { runId, part } = data;
  if (!Number.isInteger(runId) || !Number.isInteger(part))
    throw new Error('a linkage job without run or part');
  const row = await repo.partToCompare(ctx.db, runId, part);
  if (!row) return null;
  sameCode(runId, row.code);
  const { left, right, tf } = decodePartPairs(row.pairs);
  let result: ReturnType<typeof comparePart>;
  if (row.records_enc === null) {
    // a part of pairs only: indices into the run's records, which this process reads once per run
    result = (await runComparer(ctx.db, runId, row, onRead)).compare(left, right);
  } else {
    const fields = JSON.parse(decryptField(row.records_enc, RECORDS_AAD) ?? '[]') as Record<string, string>[];
    const records = fields.map((f, i) => ({ id: String(i), fields: f }));
    result = comparePart(row.comparisons, records, left, right, tf, row.term_frequencies);
  }
  await repo.savePartResult(ctx.db, runId, part, encodePartResult(result), worker);
  await audit(ctx, {
    action: 'linkage_compare',
    resource: 'persons',
    resourceId: `linkage run ${runId} part ${part}`,
    fields: [...COMPARED],
  });
  return left.length;
}

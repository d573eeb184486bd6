/**
 * Linkage of every person spread over machines: `enlace link --distributed` coordinates, `enlace worker`
 * processes (on any machine that reaches the database) compare. The result is the one `relinkAll` computes in one
 * process — same model, same pair probabilities, same links and clusters — whatever the number of parts or workers
 * (packages/linkage distributed.ts says why). See docs/deployment.md "Linkage over several machines".
 */
import { hostname } from 'node:os';
import {
  comparePart,
  decodePartPairs,
  decodePartResult,
  encodePartPairs,
  encodePartResult,
  finishDedup,
  planDedup,
} from '@enlace/linkage';
import * as linkRepo from '../api/linkage/repository.ts';
import { MIN_PERSONS_FOR_MODEL, referralPriors, storeRelink, toRecord } from '../api/linkage/service.ts';
import { REVIEW_LOW } from '../api/linkage/thresholds.ts';
import { type AuditContext, audit } from '../audit/service.ts';
import { AppError } from '../errors.ts';
import { columnAad, decryptField, encryptField } from '../security/crypto.ts';
import { linkageCodeDigest } from './code.ts';
import { LINKAGE_QUEUE, type PgBoss } from './queue.ts';
import * as repo from './repository.ts';

const RECORDS_AAD = columnAad('linkage_run_parts', 'records_enc');

/** The identifying fields a worker reads (for its audit entry). */
const COMPARED = ['given_names', 'surname_1', 'surname_2', 'birth_date', 'curp', 'phone', 'email'] as const;

/** Parts of a run by default: about 100,000 candidate pairs each (a few seconds of comparing), 4 to 1,024. */
export function defaultParts(pairs: number): number {
  return Math.max(4, Math.min(1024, Math.ceil(pairs / 100_000)));
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface RunProgress {
  stage: 'planning' | 'comparing' | 'finishing';
  partsDone: number;
  parts: number;
  pairsDone: number;
  pairs: number;
}

export interface DistributedOptions {
  boss: PgBoss;
  /** Parts to split the candidate pairs into (default `defaultParts`). */
  parts?: number;
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
  /** Parts compared by this process (with `work`). */
  partsHere: number;
}

/**
 * Estimates the model on every person and links everyone, as `relinkAll`, with the comparing done by workers:
 * plans the parts, queues one job per part, waits for the workers (with progress), then scores, clusters and stores
 * the links in one transaction. Null when there are too few persons for a model (as relinkAll).
 */
export async function relinkDistributed(
  ctx: AuditContext,
  opts: DistributedOptions,
): Promise<DistributedResult | null> {
  const db = ctx.db;
  const sleep = opts.sleep ?? realSleep;
  const ids = await linkRepo.allPersonIds(db);
  if (ids.length < MIN_PERSONS_FOR_MODEL) return null;
  opts.onProgress?.({ stage: 'planning', partsDone: 0, parts: 0, pairsDone: 0, pairs: 0 });
  const rows = await linkRepo.personsByIds(db, ids);
  const records = rows.map(toRecord);
  // the number of parts depends on the number of candidate pairs (one blocking)
  const plan = planDedup(records, { parts: opts.parts ?? defaultParts });
  // one linkage of everyone at a time: an earlier coordinator that stopped half-way leaves its run; it ends here
  await db.query(
    `UPDATE linkage_runs SET status = 'failed', error = 'superseded by a later run', finished_at = now()
      WHERE status = 'running'`,
  );
  await db.query(
    `DELETE FROM linkage_run_parts p USING linkage_runs r WHERE r.id = p.run_id AND r.status <> 'running'`,
  );
  const runId = await repo.insertRun(db, {
    persons: records.length,
    pairs: plan.pairs.count,
    parts: plan.parts.length,
    comparisons: plan.comps.map((c) => c.name),
    termFrequencies: plan.termFrequencies,
    code: linkageCodeDigest(),
  });
  const progress = (stage: RunProgress['stage'], partsDone: number, pairsDone: number) =>
    opts.onProgress?.({ stage, partsDone, parts: plan.parts.length, pairsDone, pairs: plan.pairs.count });
  let partsHere = 0;
  try {
    await db.transaction(async (tx) => {
      for (let i = 0; i < plan.parts.length; i += 16) {
        await repo.insertParts(
          tx,
          runId,
          plan.parts.slice(i, i + 16).map((p) => ({
            part: p.part,
            recordsEnc: encryptField(
              JSON.stringify(Array.from(p.records, (x) => records[x]!.fields)),
              RECORDS_AAD,
            )!,
            pairs: encodePartPairs(p),
            pairCount: p.index.length,
          })),
        );
      }
    });
    await opts.boss.insert(
      plan.parts.map((p) => ({
        name: LINKAGE_QUEUE,
        data: { runId, part: p.part },
        retryLimit: 3,
        expireInSeconds: 30 * 60,
      })),
    );
    await audit(ctx, {
      action: 'linkage_distribute',
      resource: 'persons',
      resourceId: `linkage run ${runId}`,
      fields: [...COMPARED],
    });
    progress('comparing', 0, 0);
    const stop = new AbortController();
    const here = opts.work
      ? runWorker(ctx, {
          boss: opts.boss,
          signal: stop.signal,
          pollMs: opts.pollMs,
          sleep,
          name: 'coordinator',
        })
      : Promise.resolve({ parts: 0, pairs: 0 });
    try {
      let last = -1;
      let still = 0;
      for (;;) {
        const p = await repo.progress(db, runId);
        if (p.failed.length > 0)
          throw new AppError(
            'linkage_failed',
            `part ${p.failed[0]!.part} of linkage run ${runId} failed on every try: ${p.failed[0]!.error}`,
            { exitCode: 1 },
          );
        if (p.done !== last) {
          progress('comparing', p.done, p.pairsDone);
          last = p.done;
          still = 0;
        } else if (opts.stallPolls !== undefined && ++still >= opts.stallPolls) {
          throw new AppError(
            'linkage_stalled',
            `no part of linkage run ${runId} finished for ${still} looks (${p.done} of ${p.parts} done): is an \`enlace worker\` running?`,
            { exitCode: 1 },
          );
        }
        if (p.done === p.parts) break;
        await sleep(opts.pollMs ?? 1000);
      }
    } finally {
      stop.abort();
      partsHere = (await here).parts;
    }
    progress('finishing', plan.parts.length, plan.pairs.count);
    const stored = await repo.partResults(db, runId);
    const results = new Array(plan.parts.length);
    for (const r of stored) results[r.part] = decodePartResult(r.result);
    const res = finishDedup(plan, results, {
      threshold: REVIEW_LOW,
      pairPrior: await referralPriors(db, rows),
    });
    const { modelId, links } = await storeRelink(ctx, records, res);
    await repo.endRun(db, runId, { status: 'done', modelId, links });
    return {
      runId,
      modelId,
      links,
      persons: records.length,
      pairs: plan.pairs.count,
      parts: plan.parts.length,
      partsHere,
    };
  } catch (e) {
    await repo.endRun(db, runId, { status: 'failed', error: (e as Error).message }).catch(() => {});
    throw e;
  }
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
  onPart?: (p: { runId: number; part: number; pairs: number; ms: number }) => void;
}

interface JobData {
  runId: number;
  part: number;
}

/** Takes comparing jobs from the queue until stopped: the loop of `enlace worker`. */
export async function runWorker(
  ctx: AuditContext,
  opts: WorkerOptions,
): Promise<{ parts: number; pairs: number }> {
  const sleep = opts.sleep ?? realSleep;
  const name = opts.name ?? `${hostname()}:${process.pid}`;
  let idle = 0;
  let parts = 0;
  let pairs = 0;
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
    try {
      const n = await comparePartJob(ctx, job.data, name);
      await opts.boss.complete(LINKAGE_QUEUE, job.id);
      if (n !== null) {
        parts++;
        pairs += n;
        opts.onPart?.({ ...job.data, pairs: n, ms: performance.now() - started });
      }
    } catch (e) {
      const message = (e as Error).message;
      // the last try: the coordinator learns why (otherwise pg-boss retries the job)
      if (job.retryCount >= job.retryLimit)
        await repo.savePartError(ctx.db, job.data.runId, job.data.part, message).catch(() => {});
      await opts.boss.fail(LINKAGE_QUEUE, job.id, { message });
    }
  }
  return { parts, pairs };
}

/** Compares one part and stores its vectors; null when there is nothing to do (run ended, part done). */
export async function comparePartJob(
  ctx: AuditContext,
  data: JobData,
  worker: string,
): Promise<number | null> {
  const { runId, part } = data;
  if (!Number.isInteger(runId) || !Number.isInteger(part))
    throw new Error('a linkage job without run or part');
  const row = await repo.partToCompare(ctx.db, runId, part);
  if (!row) return null;
  if (row.code !== linkageCodeDigest())
    throw new Error(
      `this worker runs other linkage code (${linkageCodeDigest()}) than the coordinator of run ${runId} (${row.code}): run the same Enlace version on every machine`,
    );
  const fields = JSON.parse(decryptField(row.records_enc, RECORDS_AAD) ?? '[]') as Record<string, string>[];
  const records = fields.map((f, i) => ({ id: String(i), fields: f }));
  const { left, right, tf } = decodePartPairs(row.pairs);
  const result = comparePart(row.comparisons, records, left, right, tf, row.term_frequencies);
  await repo.savePartResult(ctx.db, runId, part, encodePartResult(result), worker);
  await audit(ctx, {
    action: 'linkage_compare',
    resource: 'persons',
    resourceId: `linkage run ${runId} part ${part}`,
    fields: [...COMPARED],
  });
  return left.length;
}

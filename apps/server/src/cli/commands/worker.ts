import type { Command } from 'commander';
import { AppError, badInput } from '../../errors.ts';
import { startQueue } from '../../linkage-workers/queue.ts';
import { relinkDistributed, runWorker } from '../../linkage-workers/service.ts';
import { openRuntime, runtimeMode } from '../../runtime.ts';

const positiveInt = (raw: string | undefined, name: string): number | undefined => {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw badInput(`${name} must be a whole number of 1 or more, got ${raw}`);
  return n;
};

/**
 * Workers on other machines need a database they can reach: a PostgreSQL server. Checked before the database is
 * opened: a refused command neither creates nor migrates an embedded database (nor waits for its folder's lock).
 */
function needServer(what: string): void {
  if (runtimeMode() === 'server') return;
  throw new AppError(
    'needs_database_server',
    `${what} needs a PostgreSQL server (DATABASE_URL): the embedded database belongs to one process, so no worker on another machine (or in another process) can reach it. Without a server, run the linkage in this process (\`enlace link --distributed --work\`, or an import).`,
    { exitCode: 2 },
  );
}

export function register(program: Command) {
  program
    .command('worker')
    .description(
      'Take linkage jobs from the database queue (started by `enlace link --distributed`) until stopped; run one per core on any machine that reaches the database',
    )
    .option(
      '--until-idle <seconds>',
      'stop after the queue has been empty this long (default: run until stopped)',
    )
    .option('--poll <seconds>', 'look at an empty queue this often (default 1)')
    .action(async (opts: { untilIdle?: string; poll?: string }) => {
      const idle = positiveInt(opts.untilIdle, '--until-idle');
      const pollS = opts.poll === undefined ? 1 : Number(opts.poll);
      if (!Number.isFinite(pollS) || pollS < 0.05)
        throw badInput(`--poll must be 0.05 seconds or more, got ${opts.poll}`);
      needServer('`enlace worker`');
      const rt = await openRuntime();
      const stop = new AbortController();
      const onSignal = () => {
        process.stderr.write('enlace worker: stopping after the part in hand\n');
        stop.abort();
      };
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        const boss = await startQueue(rt.db);
        try {
          process.stderr.write(`enlace worker: waiting for linkage jobs (pid ${process.pid})\n`);
          const done = await runWorker(
            { db: rt.db, actor: { userId: null, agencyId: null } },
            {
              boss,
              signal: stop.signal,
              pollMs: pollS * 1000,
              ...(idle !== undefined ? { idlePolls: Math.max(1, Math.ceil(idle / pollS)) } : {}),
              onPart: (p) =>
                process.stderr.write(
                  `enlace worker: run ${p.runId} part ${p.part}: ${p.pairs} pairs compared in ${(p.ms / 1000).toFixed(1)} s (CPU ${(p.cpuMs / 1000).toFixed(2)} s)\n`,
                ),
              onRunRecords: (r) =>
                process.stderr.write(
                  `enlace worker: run ${r.runId}: the records of ${r.persons} persons read and prepared in ${(r.ms / 1000).toFixed(1)} s (CPU ${(r.cpuMs / 1000).toFixed(2)} s)\n`,
                ),
              onShardRead: (s) =>
                process.stderr.write(
                  `enlace worker: run ${s.runId} shard ${s.shard}: ${s.persons} persons read in ${(s.ms / 1000).toFixed(1)} s (CPU ${(s.cpuMs / 1000).toFixed(2)} s)\n`,
                ),
              onShard: (s) =>
                process.stderr.write(
                  `enlace worker: run ${s.runId} shard ${s.shard}: blocking keys of ${s.persons} persons (${s.added} written, ${s.removed} removed) in ${(s.ms / 1000).toFixed(1)} s (CPU ${(s.cpuMs / 1000).toFixed(2)} s)\n`,
                ),
            },
          );
          process.stdout.write(
            `compared ${done.parts} part(s), ${done.pairs} pair(s); indexed ${done.shards} shard(s)\n`,
          );
        } finally {
          await boss.stop({ graceful: false, wait: true, close: false });
        }
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        await rt.db.close();
      }
    });
}

/** `enlace link --distributed`: the linkage of every person in the database, compared by workers. */
export async function linkDistributedCli(opts: {
  parts?: string;
  shardSize?: string;
  work?: boolean;
  json?: boolean;
}): Promise<void> {
  const parts = positiveInt(opts.parts, '--parts');
  const shardSize = positiveInt(opts.shardSize, '--shard-size');
  if (!opts.work) needServer('`enlace link --distributed` without --work');
  const rt = await openRuntime();
  try {
    const boss = await startQueue(rt.db);
    try {
      const tty = process.stderr.isTTY;
      let lastLine = '';
      const started = performance.now();
      const res = await relinkDistributed(
        { db: rt.db, actor: { userId: null, agencyId: null } },
        {
          boss,
          ...(parts !== undefined ? { parts } : {}),
          ...(shardSize !== undefined ? { shardSize } : {}),
          work: !!opts.work,
          onProgress: (p) => {
            const line =
              p.stage === 'reading'
                ? `reading: the workers read every person: ${p.shardsRead}/${p.shards} shards${p.shardsRead === 0 ? ' (waiting for `enlace worker` processes)' : ''}`
                : p.stage === 'planning'
                  ? `planning: preparing and blocking every person, writing the parts; keys: ${p.shardsDone}/${p.shards} shards`
                  : p.stage === 'comparing'
                    ? `comparing: ${p.partsDone}/${p.parts} parts, ${p.pairsDone}/${p.pairs} pairs; keys: ${p.shardsDone}/${p.shards} shards`
                    : 'finishing: model, scores, clusters, links';
            if (line === lastLine) return;
            lastLine = line;
            process.stderr.write(tty ? `\r\x1b[K${line}` : `${line}\n`);
          },
        },
      );
      if (tty) process.stderr.write('\n');
      if (!res) {
        process.stdout.write('too few persons to estimate a model yet: nothing linked\n');
        return;
      }
      const seconds = (performance.now() - started) / 1000;
      if (opts.json) process.stdout.write(`${JSON.stringify({ ...res, seconds }, null, 2)}\n`);
      else
        process.stdout.write(
          `linkage run ${res.runId}: ${res.persons} persons, ${res.pairs} candidate pairs in ${res.parts} parts` +
            `${res.partsHere ? ` (${res.partsHere} compared here)` : ''}, blocking keys in ${res.shards} shards (${res.keysAdded} written, ${res.keysRemoved} removed), ${res.links} links stored (model ${res.modelId}) in ${seconds.toFixed(1)} s\n`,
        );
    } finally {
      await boss.stop({ graceful: false, wait: true, close: false });
    }
  } finally {
    await rt.db.close();
  }
}

/**
 * Linkage over several workers: the linkage of every person (`enlace link --distributed`: the coordinator blocks
 * and finishes, `enlace worker` processes read the persons and write their blocking keys shard by shard, then
 * compare parts of pairs) with 1, 2 and 4 worker
 * processes on this machine, against the same linkage in one process (`relinkAll`, what the first import runs), on a
 * throwaway PostgreSQL server with fsync on; then once more with the keys already stored (a later relink), and a
 * projection for 10,000,000 persons on N machines from the CPU seconds measured per phase (coordinator and workers).
 *
 *   npm run bench:linkage-workers                       (200,000 persons; several minutes)
 *   npm run bench:linkage-workers -- --persons 50000    (another size)
 *   npm run bench:linkage-workers -- --workers 1,2      (other worker counts)
 *   DATABASE_URL=postgres://... npm run bench:linkage-workers   (an existing, empty server database)
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { syntheticMexican } from '@enlace/linkage/synthetic';
import { relinkAll } from '../apps/server/src/api/linkage/service.ts';
import { type Db, migrate, openDatabase } from '../apps/server/src/db/index.ts';
import { startQueue } from '../apps/server/src/linkage-workers/queue.ts';
import { relinkDistributed } from '../apps/server/src/linkage-workers/service.ts';
import { blindIndex, encryptField, initCrypto, parseMasterKey } from '../apps/server/src/security/crypto.ts';
import { startPostgresServer } from '../apps/server/test/pg-server.ts';
import { machineLine } from './machine.ts';

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const PERSONS = Number(arg('--persons') ?? 200_000);
const WORKERS = (arg('--workers') ?? '1,2,4').split(',').map(Number);
const KEY = 'c'.repeat(64);
const BIN = resolve(import.meta.dirname, '../apps/server/bin/enlace.mjs');
const ctxOf = (db: Db) => ({ db, actor: { userId: null, agencyId: null } });
/** CPU seconds (user + system) of this process so far, every thread. */
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
/** CPU seconds of another process (Linux /proc; clock ticks of 1/100 s), NaN elsewhere. */
function cpuOf(pid: number | undefined): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return Number.NaN;
  }
}
const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');

async function seed(db: Db): Promise<number> {
  await db.query(
    `INSERT INTO agencies (id, name, level, kind) VALUES ('fgr', 'Fiscalía', 'federal', 'prosecutor'),
       ('inm', 'Migración', 'federal', 'immigration'), ('refugio', 'Refugio', 'ngo', 'service_provider')`,
  );
  const { records } = syntheticMexican({
    entities: Math.round(PERSONS / 1.4),
    seed: 2026,
    duplicateRate: 0.4,
  });
  const agencies = ['fgr', 'inm', 'refugio'];
  const enc = (col: string, v: string | undefined) => encryptField(v ?? null, `persons.${col}`);
  for (let i = 0; i < records.length; i += 5000) {
    const cols: (string | null)[][] = Array.from({ length: 11 }, () => []);
    records.slice(i, i + 5000).forEach((r, k) => {
      const f = r.fields;
      [
        r.id,
        agencies[(i + k) % 3]!,
        enc('given_names', f.given_names),
        enc('surname_1', f.surname_1),
        enc('surname_2', f.surname_2),
        enc('birth_date', f.birth_date),
        f.sex === 'Hombre' ? 'male' : 'female',
        enc('curp', f.curp),
        blindIndex('curp', f.curp),
        enc('phone', f.phone),
        enc('email', f.email),
      ].forEach((v, c) => {
        cols[c]!.push(v);
      });
    });
    await db.query(
      `INSERT INTO persons (person_id, agency_id, given_names_enc, surname_1_enc, surname_2_enc, birth_date_enc, sex,
         curp_enc, curp_bidx, phone_enc, email_enc, row_hash)
       SELECT *, 'h' FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
         $8::text[], $9::text[], $10::text[], $11::text[])`,
      cols,
    );
  }
  return records.length;
}

/** A digest of the stored links (to show that every run stored the same). */
async function linksDigest(db: Db): Promise<string> {
  const { rows } = await db.query<{ a: string; b: string; p: number }>(
    'SELECT person_a AS a, person_b AS b, probability AS p FROM person_links ORDER BY person_a COLLATE "C", person_b COLLATE "C"',
  );
  const h = createHash('sha256');
  for (const r of rows) h.update(`${r.a}|${r.b}|${r.p}\n`);
  return `${rows.length} links, sha256 ${h.digest('hex').slice(0, 16)}`;
}

async function forget(db: Db): Promise<void> {
  await db.query('DELETE FROM person_links');
  await db.query('DELETE FROM person_link_keys');
}

interface WorkerProc {
  child: ChildProcess;
  ready: Promise<void>;
  exited: Promise<void>;
  /** This worker's CPU seconds per kind of job, from its own lines (each job measures its process's CPU). */
  busy: () => { shardRead: number; keys: number; read: number; compare: number; reads: number };
}

function startWorker(url: string): WorkerProc {
  const child = spawn(process.execPath, [BIN, 'worker', '--poll', '0.2'], {
    env: { ...process.env, DATABASE_URL: url, ENLACE_MASTER_KEY: KEY, ENLACE_LINK_WORKERS: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  const ready = new Promise<void>((ok, fail) => {
    child.stderr!.on('data', (d) => {
      err += String(d);
      if (err.includes('waiting for linkage jobs')) ok();
    });
    child.on('exit', () => fail(new Error(`a worker stopped: ${err}`)));
  });
  const exited = new Promise<void>((r) => child.on('exit', () => r()));
  const busy = () => {
    const sum = (re: RegExp) => [...err.matchAll(re)].reduce((t, m) => t + Number(m[1]), 0);
    return {
      shardRead: sum(/shard \d+: \d+ persons read in [\d.]+ s \(CPU ([\d.]+) s\)/g),
      keys: sum(/shard \d+: blocking keys .* \(CPU ([\d.]+) s\)/g),
      read: sum(/the records of \d+ persons read and prepared in [\d.]+ s \(CPU ([\d.]+) s\)/g),
      compare: sum(/part \d+: \d+ pairs compared in [\d.]+ s \(CPU ([\d.]+) s\)/g),
      reads: [...err.matchAll(/the records of \d+ persons read/g)].length,
    };
  };
  return { child, ready, exited, busy };
}

const STAGES = ['reading', 'planning', 'comparing', 'finishing'] as const;
type StageName = (typeof STAGES)[number];

interface Measured {
  workers: number;
  total: number;
  /** Wall seconds of each stage. */
  wall: Record<StageName, number>;
  /** The coordinator's CPU seconds in each stage (reading and comparing: it only looks at the progress). */
  coord: Record<StageName, number>;
  pairs: number;
  parts: number;
  shards: number;
  keysAdded: number;
  keysRemoved: number;
  /** The workers' CPU seconds, summed over them: reading shards (snapshots), their keys, reading the run, comparing. */
  shardReadCpu: number;
  keysCpu: number;
  readCpu: number;
  compareCpu: number;
  /** Workers that read the run's records (each once). */
  readers: number;
  /** The workers' processes' CPU seconds in all (/proc), including start-up and polling. */
  workersCpu: number;
  digest: string;
  keysDigest: string;
}

/** A digest of the stored blocking keys (to show that every run stored the same). */
async function keysDigest(db: Db): Promise<string> {
  const { rows } = await db.query<{ n: number; d: string }>(
    `SELECT count(*)::int AS n, md5(string_agg(person_id || '|' || key_bidx, ',' ORDER BY person_id COLLATE "C", key_bidx COLLATE "C")) AS d
       FROM person_link_keys`,
  );
  return `${rows[0]!.n} keys, md5 ${rows[0]!.d?.slice(0, 16)}`;
}

async function distributed(db: Db, url: string, workers: number, keep = false): Promise<Measured> {
  if (!keep) await forget(db);
  const procs = Array.from({ length: workers }, () => startWorker(url));
  try {
    await Promise.all(procs.map((p) => p.ready));
    const boss = await startQueue(db, { supervise: false });
    const marks: Partial<Record<StageName, number>> = {};
    const cpuMarks: Partial<Record<StageName, number>> = {};
    const t0 = performance.now();
    const c0 = cpu();
    const res = await relinkDistributed(ctxOf(db), {
      boss,
      pollMs: 200,
      onProgress: (p) => {
        marks[p.stage] ??= performance.now();
        cpuMarks[p.stage] ??= cpu();
      },
    });
    const t1 = performance.now();
    const c1 = cpu();
    const workersCpu = procs.reduce((t, p) => t + cpuOf(p.child.pid), 0);
    await boss.stop({ graceful: false, wait: true, close: false });
    if (!res) throw new Error('too few persons');
    const wall = {} as Record<StageName, number>;
    const coord = {} as Record<StageName, number>;
    STAGES.forEach((st, i) => {
      const next = STAGES[i + 1];
      wall[st] = ((next ? marks[next]! : t1) - (i === 0 ? t0 : marks[st]!)) / 1000;
      coord[st] = (next ? cpuMarks[next]! : c1) - (i === 0 ? c0 : cpuMarks[st]!);
    });
    const busy = procs.map((p) => p.busy());
    return {
      workers,
      total: (t1 - t0) / 1000,
      wall,
      coord,
      pairs: res.pairs,
      parts: res.parts,
      shards: res.shards,
      keysAdded: res.keysAdded,
      keysRemoved: res.keysRemoved,
      shardReadCpu: busy.reduce((t, b) => t + b.shardRead, 0),
      keysCpu: busy.reduce((t, b) => t + b.keys, 0),
      readCpu: busy.reduce((t, b) => t + b.read, 0),
      compareCpu: busy.reduce((t, b) => t + b.compare, 0),
      readers: busy.reduce((t, b) => t + b.reads, 0),
      workersCpu,
      digest: await linksDigest(db),
      keysDigest: await keysDigest(db),
    };
  } finally {
    for (const p of procs) p.child.kill('SIGTERM');
    await Promise.all(procs.map((p) => p.exited));
  }
}

async function main(): Promise<void> {
  console.log(machineLine());
  console.log(`load average at start: ${load()}; ${availableParallelism()} cores available to this process`);
  let url = process.env.DATABASE_URL;
  let stop: (() => Promise<void>) | undefined;
  if (!url) {
    const server = await startPostgresServer({ fast: false });
    url = server.url;
    stop = server.stop;
  }
  process.env.ENLACE_MASTER_KEY = KEY;
  const db = await openDatabase({ url, max: 4 });
  try {
    await migrate(db);
    await initCrypto(db, parseMasterKey(KEY));
    const t = performance.now();
    const n = await seed(db);
    console.log(
      `data: ${n} synthetic persons (${PERSONS} asked; originals and corrupted duplicates, 3 agencies), stored encrypted in ${((performance.now() - t) / 1000).toFixed(1)} s (not counted)`,
    );
    console.log(
      'settings: PostgreSQL 15 server (fsync, synchronous_commit and full_page_writes on), linkDedup defaults (all rules, sorted neighbourhoods, 200,000 u samples), links stored from 0.4 (REVIEW_LOW); parts of about 100,000 candidate pairs, shards of 5,000 persons; each worker one process and one thread (ENLACE_LINK_WORKERS=1); the coordinator is this process',
    );
    console.log(
      `measured: from the run's start to the links stored. Distributed stages: "reading" (the workers read and decrypt each shard of persons and store its records as one encrypted snapshot), "planning" (the coordinator reads the snapshots, prepares, blocks and writes the parts, pairs only, while the workers write each shard's blocking keys), "comparing" (each worker reads the run's records once, then compares parts, then any keys left), "finishing" (the coordinator: model, scores, clusters, links stored). CPU seconds: the coordinator's per stage (this process); the workers' per kind of job, as each job measured its own process. Before each run the links and keys are forgotten (the keys written from nothing), unless said otherwise`,
    );
    const s0 = performance.now();
    const sc0 = cpu();
    await relinkAll(ctxOf(db));
    const single = (performance.now() - s0) / 1000;
    const singleCpu = cpu() - sc0;
    const singleDigest = await linksDigest(db);
    const singleKeys = await keysDigest(db);
    console.log(
      `\none process (relinkAll, blocking and comparing on ${process.env.ENLACE_LINK_WORKERS ?? 'its default'} thread(s); keys written in its one transaction): ${single.toFixed(1)} s (CPU ${singleCpu.toFixed(1)} s), ${(n / single).toFixed(0)} persons/s; ${singleDigest}; ${singleKeys}`,
    );

    const runs: Measured[] = [];
    const f = (x: number) => x.toFixed(1);
    const line = (label: string, m: Measured, before: string) =>
      console.log(
        `${label}: ${f(m.total)} s (${(single / m.total).toFixed(2)}x one process), ${(n / m.total).toFixed(0)} persons/s end to end | wall: ${STAGES.map((st) => `${st} ${f(m.wall[st])} s`).join(', ')} (${m.shards} shards, ${m.parts} parts of ${m.pairs} pairs) | CPU, coordinator: ${STAGES.map((st) => `${st} ${f(m.coord[st])} s`).join(', ')} | CPU, workers: reading shards ${f(m.shardReadCpu)} s, keys ${f(m.keysCpu)} s (${m.keysAdded} written, ${m.keysRemoved} removed), reading the run ${f(m.readCpu)} s (${m.readers} worker(s), once each), comparing ${f(m.compareCpu)} s; their processes in all ${f(m.workersCpu)} s | ${m.digest}${m.digest === singleDigest ? ' (same as one process)' : ' (DIFFERENT from one process)'}; ${m.keysDigest === singleKeys ? 'keys the same' : `keys DIFFERENT: ${m.keysDigest}`} | load ${before} -> ${load()}`,
      );
    for (const w of WORKERS) {
      const before = load();
      const m = await distributed(db, url, w);
      runs.push(m);
      line(`${w} worker(s)`, m, before);
    }
    // the usual case of a later full relink: every key already stored, only the difference written
    const again = Math.max(...WORKERS.filter((w) => w <= availableParallelism()), 1);
    const beforeAgain = load();
    const kept = await distributed(db, url, again, true);
    line(`${again} worker(s), keys already stored`, kept, beforeAgain);

    // projection from CPU seconds, not wall time: on this shared machine every process waits for a core (load
    // average above 2), which a machine of one's own does not do
    const one = runs.find((r) => r.workers === 1) ?? runs[0]!;
    const scale = 10_000_000 / n;
    const nlogn = (scale * Math.log2(10_000_000)) / Math.log2(n);
    const shardRead10M = one.shardReadCpu * scale;
    const keys10M = one.keysCpu * scale;
    const planning10M = (one.coord.reading + one.coord.planning) * nlogn;
    const read10M = (one.readCpu / Math.max(1, one.readers)) * scale;
    const compare10M = one.compareCpu * scale;
    const finishing10M = (one.coord.comparing + one.coord.finishing) * nlogn;
    const m = (x: number) => (x / 60).toFixed(1);
    console.log(
      `\nCPU per phase (1-worker run, ${n} persons): workers ${f(one.shardReadCpu)} s reading shards + ${f(one.keysCpu)} s keys + ${f(one.readCpu / Math.max(1, one.readers))} s reading the run (per worker) + ${f(one.compareCpu)} s comparing; coordinator ${f(one.coord.reading + one.coord.planning)} s planning (and looking at the progress while the shards are read) + ${f(one.coord.comparing + one.coord.finishing)} s finishing (and looking while the parts are compared)`,
    );
    console.log(
      `projection for 10,000,000 persons (~${((one.pairs * scale) / 1e6).toFixed(0)} M candidate pairs, ${(one.pairs / n).toFixed(1)} per person) on M machines of 2 cores, W = 2M worker processes:\n` +
        `  T = S / W + max(P, K / W) + R + C / W + F: the shards read first; the keys written while the coordinator plans; then the parts\n` +
        `  S = reading shards ${m(shardRead10M)} min, K = keys ${m(keys10M)} min, C = comparing ${m(compare10M)} min (worker CPU, linear in persons: pairs per person constant; divided over the workers)\n` +
        `  R = reading the run's records ${m(read10M)} min (per worker, linear; every worker reads all of them, at the same time: not divided)\n` +
        `  P = coordinator's planning ${m(planning10M)} min, F = finishing ${m(finishing10M)} min (coordinator CPU, scaled by n log n: sorting; one process)\n` +
        `  not counted: the database server's CPU (writing ~${((one.keysAdded * scale) / 1e6).toFixed(0)} M keys on a first relink), the network, waits for a core`,
    );
    for (const machines of [1, 2, 4, 8, 16, 32]) {
      const W = machines * 2;
      const total =
        shardRead10M / W + Math.max(planning10M, keys10M / W) + read10M + compare10M / W + finishing10M;
      console.log(
        `  ${String(machines).padStart(2)} machine(s), ${String(W).padStart(2)} workers: reading ${m(shardRead10M / W)} + max(planning ${m(planning10M)}, keys ${m(keys10M / W)}) + reading the run ${m(read10M)} + comparing ${m(compare10M / W)} + finishing ${m(finishing10M)} = ${m(total)} min`,
      );
    }
    console.log(
      `  caveats: one run takes up to 2^26 - 1 persons (packages/linkage blocking.ts); the coordinator and every worker hold the run's records (prepared); the coordinator also 9 bytes per candidate pair (~${((one.pairs * scale * 9) / 2 ** 30).toFixed(1)} GiB at 10 M); this machine's 2 cores are shared, so 2 and 4 workers here measure contention, not machines`,
    );
  } finally {
    await db.close();
    await stop?.();
  }
}

await main();

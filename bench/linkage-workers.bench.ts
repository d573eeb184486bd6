/**
 * Linkage over several workers: the linkage of every person (`enlace link --distributed`: the coordinator blocks
 * and finishes, `enlace worker` processes write the blocking keys shard by shard and compare) with 1, 2 and 4 worker
 * processes on this machine, against the same linkage in one process (`relinkAll`, what the first import runs), on a
 * throwaway PostgreSQL server with fsync on; then once more with the keys already stored (a later relink), and a
 * projection for 10,000,000 persons on N machines from the measured parts.
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
  /** Seconds this worker spent on shards (blocking keys) and on parts (comparing), from its own lines. */
  busy: () => { keys: number; compare: number };
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
      keys: sum(/shard \d+: blocking keys .* in ([\d.]+) s/g),
      compare: sum(/part \d+: \d+ pairs compared in ([\d.]+) s/g),
    };
  };
  return { child, ready, exited, busy };
}

interface Measured {
  workers: number;
  total: number;
  planning: number;
  comparing: number;
  finishing: number;
  pairs: number;
  parts: number;
  shards: number;
  keysAdded: number;
  keysRemoved: number;
  /** Worker-seconds on blocking keys and on comparing, summed over the workers. */
  keysBusy: number;
  compareBusy: number;
  /** CPU seconds: the coordinator's while planning and finishing; the workers' (all their processes) in all. */
  planningCpu: number;
  finishingCpu: number;
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
    const marks: Record<string, number> = {};
    const cpuMarks: Record<string, number> = {};
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
    return {
      workers,
      total: (t1 - t0) / 1000,
      planning: (marks.comparing! - t0) / 1000,
      comparing: (marks.finishing! - marks.comparing!) / 1000,
      finishing: (t1 - marks.finishing!) / 1000,
      pairs: res.pairs,
      parts: res.parts,
      shards: res.shards,
      keysAdded: res.keysAdded,
      keysRemoved: res.keysRemoved,
      planningCpu: cpuMarks.comparing! - c0,
      finishingCpu: c1 - cpuMarks.finishing!,
      workersCpu,
      keysBusy: procs.reduce((t, p) => t + p.busy().keys, 0),
      compareBusy: procs.reduce((t, p) => t + p.busy().compare, 0),
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
      'measured: from reading the persons to the links stored. Distributed: the workers write the blocking keys (shards) while the coordinator reads, decrypts, prepares and blocks ("planning", until the last part is queued); then they compare ("comparing": until every part and shard is done); the coordinator scores, clusters and stores the model and links ("finishing"). Before each run the links and keys are forgotten (the keys written from nothing), unless said otherwise',
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
    const line = (label: string, m: Measured, before: string) =>
      console.log(
        `${label}: ${m.total.toFixed(1)} s (${(single / m.total).toFixed(2)}x one process), ${(n / m.total).toFixed(0)} persons/s end to end | planning ${m.planning.toFixed(1)} s, comparing ${m.comparing.toFixed(1)} s (${m.parts} parts of ${m.pairs} pairs), finishing ${m.finishing.toFixed(1)} s | coordinator CPU: planning ${m.planningCpu.toFixed(1)} s, finishing ${m.finishingCpu.toFixed(1)} s | workers CPU ${m.workersCpu.toFixed(1)} s, busy: keys ${m.keysBusy.toFixed(1)} s (${m.shards} shards, ${m.keysAdded} written, ${m.keysRemoved} removed), comparing ${m.compareBusy.toFixed(1)} s | ${m.digest}${m.digest === singleDigest ? ' (same as one process)' : ' (DIFFERENT from one process)'}; ${m.keysDigest === singleKeys ? 'keys the same' : `keys DIFFERENT: ${m.keysDigest}`} | load ${before} -> ${load()}`,
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

    // projection: the coordinator's own work grows with the persons (blocking a little faster than linearly:
    // sorting), the candidate pairs and keys linearly; the keys overlap the coordinator's planning; the keys and the
    // comparing divide over the worker processes (one per core). From CPU seconds, not wall time: on this shared
    // machine every process waits for a core (load average far above 2), which a machine of its own does not do.
    const one = runs.find((r) => r.workers === 1) ?? runs[0]!;
    const scale = 10_000_000 / n;
    const nlogn = (scale * Math.log2(10_000_000)) / Math.log2(n);
    const planning10M = one.planningCpu * nlogn;
    const finishing10M = one.finishingCpu * nlogn;
    const keysShare = one.keysBusy / (one.keysBusy + one.compareBusy);
    const keys10M = one.workersCpu * keysShare * scale;
    const compare10M = one.workersCpu * (1 - keysShare) * scale;
    console.log(
      `\nprojection for 10,000,000 persons, from the CPU seconds of the 1-worker run: ~${((one.pairs * scale) / 1e6).toFixed(0)} M candidate pairs (${(one.pairs / n).toFixed(1)} per person); worker CPU ${(keys10M / 60).toFixed(0)} min of keys + ${(compare10M / 60).toFixed(0)} min of comparing (split as their busy times); coordinator CPU ${(planning10M / 60).toFixed(0)} min planning + ${(finishing10M / 60).toFixed(0)} min finishing (scaled by n log n); one run: max(planning, keys / W) + comparing / W + finishing; the database server's own time (writing ~${((one.keysAdded * scale) / 1e6).toFixed(0)} M keys) not counted`,
    );
    for (const machines of [1, 2, 4, 8, 16, 32]) {
      const cores = 2;
      const W = machines * cores;
      const total = Math.max(planning10M, keys10M / W) + compare10M / W + finishing10M;
      console.log(
        `  ${String(machines).padStart(2)} machine(s) of ${cores} cores (${W} workers): keys ${(keys10M / W / 60).toFixed(1)} min (beside planning ${(planning10M / 60).toFixed(1)} min) + comparing ${(compare10M / W / 60).toFixed(1)} min + finishing ${(finishing10M / 60).toFixed(1)} min = ${(total / 60).toFixed(1)} min`,
      );
    }
    console.log(
      `  caveats: one run takes up to 2^26 - 1 persons (packages/linkage blocking.ts); the coordinator holds every prepared person and 9 bytes per candidate pair (~${((one.pairs * scale * 9) / 2 ** 30).toFixed(1)} GiB at 10 M); the database server writes every key (here on the same 2 shared cores); this machine's 2 cores are shared, so 2 and 4 workers here measure contention, not machines`,
    );
  } finally {
    await db.close();
    await stop?.();
  }
}

await main();

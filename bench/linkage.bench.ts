/**
 * Linkage benchmark: quality (unsupervised) on FEBRL 1-4, Splink fake_1000 and a synthetic Mexican set;
 * speed of deduplicating 1,000,000 synthetic persons (wall time, peak RSS, in a child process);
 * Dice comparisons per second per core, WebAssembly and TypeScript against a C loop compiled here.
 *
 *   npm run bench:linkage            (everything)
 *   npm run bench:linkage -- --quick (skips the 1M run)
 *   npm run bench:linkage -- --only dice   (one section: quality, dice or million)
 *   npm run bench:linkage -- --only dice --rounds 9   (Dice kernels measured in 9 rounds; default 5)
 *   npm run bench:linkage -- --only million --workers 2     (the 1M run with 2 threads only; default: 1 then 2)
 *
 * Ground truth (rec_id entity numbers, Splink `cluster`, synthetic entity numbers) is used only to score.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BloomEncoder,
  DiceMatrix,
  diceJs,
  FILTER_WORDS,
  FieldEncoder,
  type FieldType,
  type LinkRecord,
  linkDedup,
  linkEncodedTwo,
  linkEncodings,
  linkTwo,
  prepareRecords,
} from '@enlace/linkage';
import { syntheticMexican } from '@enlace/linkage/synthetic';
import { type ColumnMap, loadRecords } from '../apps/server/src/cli/commands/link.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DATA = resolve(ROOT, '../shared/data/linkage');
const args = process.argv.slice(2);

interface Score {
  tp: number;
  predicted: number;
  truth: number;
  precision: number;
  recall: number;
  f1: number;
}
const score = (tp: number, predicted: number, truth: number): Score => {
  const precision = predicted ? tp / predicted : 0;
  const recall = truth ? tp / truth : 0;
  return {
    tp,
    predicted,
    truth,
    precision,
    recall,
    f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
  };
};
const fmt = (s: Score) =>
  `precision ${s.precision.toFixed(4)}  recall ${s.recall.toFixed(4)}  F1 ${s.f1.toFixed(4)}  (${s.tp} true of ${s.predicted} predicted, ${s.truth} true pairs)`;
const truePairs = (entity: ArrayLike<number | string>): number => {
  const sizes = new Map<number | string, number>();
  for (let i = 0; i < entity.length; i++) sizes.set(entity[i]!, (sizes.get(entity[i]!) ?? 0) + 1);
  let t = 0;
  for (const c of sizes.values()) t += (c * (c - 1)) / 2;
  return t;
};
const secs = (t0: number) => ((performance.now() - t0) / 1000).toFixed(2);

const febrlMap: ColumnMap = {
  id: 'rec_id',
  delimiter: ',',
  trim: true,
  dateFormat: 'YYYYMMDD',
  columns: new Map<FieldType, string[]>([
    ['given_names', ['given_name']],
    ['surname_1', ['surname']],
    ['birth_date', ['date_of_birth']],
    ['street', ['street_number', 'address_1']],
    ['locality', ['suburb']],
    ['postcode', ['postcode']],
    ['region', ['state']],
    ['id_number', ['soc_sec_id']],
  ]),
};
const febrlEntity = (id: string) => id.split('-')[1]!;

function machine(): void {
  const c = cpus();
  console.log('# Enlace linkage benchmark');
  console.log(
    `machine: ${c.length} cores, ${c[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}`,
  );
  console.log(
    `load average (1, 5, 15 min): ${load()} (the machine is shared: compare ratios within one run)`,
  );
  console.log(`data: ${DATA}\n`);
}

function febrlQuality(): void {
  console.log('## Quality (unsupervised; labels used only for scoring)');
  const a = loadRecords(join(DATA, 'febrl/dataset4a.csv'), febrlMap);
  const b = loadRecords(join(DATA, 'febrl/dataset4b.csv'), febrlMap);
  let t0 = performance.now();
  const res = linkTwo(a, b, { dateFormat: 'YYYYMMDD' });
  const linkS = secs(t0);
  const tp = res.pairs.filter((p) => febrlEntity(a[p.left]!.id) === febrlEntity(b[p.right]!.id)).length;
  const truth = a.filter((r) => b.some((x) => febrlEntity(x.id) === febrlEntity(r.id))).length;
  console.log(
    `FEBRL4 plain     ${a.length} x ${b.length} records, ${res.candidates} candidates, ${linkS} s: ${fmt(score(tp, res.pairs.length, truth))}`,
  );
  t0 = performance.now();
  const enc = new BloomEncoder(randomBytes(32));
  const fa = enc.encode(prepareRecords(a, { dateFormat: 'YYYYMMDD' }));
  const fb = enc.encode(prepareRecords(b, { dateFormat: 'YYYYMMDD' }));
  const encodeS = secs(t0);
  t0 = performance.now();
  const pr = linkEncodings(fa, fb);
  const plinkS = secs(t0);
  const ptp = pr.pairs.filter((p) => febrlEntity(a[p.left]!.id) === febrlEntity(b[p.right]!.id)).length;
  console.log(
    `FEBRL4 privacy   ${a.length} x ${b.length} encodings (1024-bit CLK), encode ${encodeS} s, link ${plinkS} s (all ${a.length * b.length} pairs by Dice): ${fmt(score(ptp, pr.pairs.length, truth))}`,
  );
  // field-level encodings: LSH blocking and the learned model over per-field Dice levels (`enlace link --encoded`)
  t0 = performance.now();
  const fenc = new FieldEncoder(randomBytes(32));
  const ffa = fenc.encode(prepareRecords(a, { dateFormat: 'YYYYMMDD' }), a, 'YYYYMMDD');
  const ffb = fenc.encode(prepareRecords(b, { dateFormat: 'YYYYMMDD' }), b, 'YYYYMMDD');
  const fencodeS = secs(t0);
  t0 = performance.now();
  const fr = linkEncodedTwo(ffa, ffb);
  const flinkS = secs(t0);
  const ftp = fr.pairs.filter((p) => febrlEntity(a[p.left]!.id) === febrlEntity(b[p.right]!.id)).length;
  let fblocked = 0;
  for (let k = 0; k < fr.candidatePairs.count; k++)
    if (febrlEntity(a[fr.candidatePairs.left[k]!]!.id) === febrlEntity(b[fr.candidatePairs.right[k]!]!.id))
      fblocked++;
  console.log(
    `FEBRL4 privacy   ${a.length} x ${b.length} field-level encodings, encode ${fencodeS} s, link ${flinkS} s (${fr.candidates} LSH candidates, ${((100 * fr.candidates) / fr.allPairs).toFixed(1)} % of pairs, blocking recall ${(fblocked / truth).toFixed(4)}): ${fmt(score(ftp, fr.pairs.length, truth))}`,
  );
  for (const f of ['dataset1.csv', 'dataset2.csv', 'dataset3.csv']) {
    const recs = loadRecords(join(DATA, 'febrl', f), febrlMap);
    t0 = performance.now();
    const r = linkDedup(recs, { dateFormat: 'YYYYMMDD' });
    const ent = recs.map((x) => febrlEntity(x.id));
    const rtp = r.pairs.filter((p) => ent[p.left] === ent[p.right]).length;
    console.log(
      `FEBRL ${f.replace('.csv', '')} dedup ${recs.length} records, ${secs(t0)} s: ${fmt(score(rtp, r.pairs.length, truePairs(ent)))}`,
    );
  }
}

function splinkQuality(): void {
  const path = join(DATA, 'splink/fake_1000.csv');
  const map: ColumnMap = {
    id: 'unique_id',
    delimiter: ',',
    trim: true,
    dateFormat: 'YYYY-MM-DD',
    columns: new Map<FieldType, string[]>([
      ['given_names', ['first_name']],
      ['surname_1', ['surname']],
      ['birth_date', ['dob']],
      ['locality', ['city']],
      ['email', ['email']],
    ]),
  };
  const recs = loadRecords(path, map);
  const lines = readFileSync(path, 'utf8').trim().split('\n');
  const header = lines[0]!.split(',');
  const ci = header.indexOf('cluster');
  const ii = header.indexOf('unique_id');
  const cluster = new Map(
    lines
      .slice(1)
      .map((l) => l.split(','))
      .map((c) => [c[ii]!, c[ci]!]),
  );
  const t0 = performance.now();
  const r = linkDedup(recs);
  const ent = recs.map((x) => cluster.get(x.id)!);
  const tp = r.pairs.filter((p) => ent[p.left] === ent[p.right]).length;
  console.log(
    `Splink fake_1000 dedup ${recs.length} records, ${secs(t0)} s: ${fmt(score(tp, r.pairs.length, truePairs(ent)))}`,
  );
}

function mexicanQuality(): void {
  const { records, entity } = syntheticMexican({ entities: 20_000, seed: 2026 });
  let t0 = performance.now();
  const r = linkDedup(records);
  const tp = r.pairs.filter((p) => entity[p.left] === entity[p.right]).length;
  console.log(
    `Mexican synthetic dedup ${records.length} records (${20_000} persons; nicknames, dropped compound names, missing/swapped surnames, accents, typos, day/month swaps, partial dates, phone formats, 40% with CURP), ${secs(t0)} s: ${fmt(score(tp, r.pairs.length, truePairs(entity)))}`,
  );
  // two files, privacy-preserving
  const first = new Map<number, number>();
  const left: LinkRecord[] = [];
  const right: LinkRecord[] = [];
  const le: number[] = [];
  const re: number[] = [];
  records.forEach((rec, i) => {
    const e = entity[i]!;
    if (!first.has(e)) {
      first.set(e, i);
      left.push(rec);
      le.push(e);
    } else if (re.length === 0 || re[re.length - 1] !== e) {
      right.push(rec);
      re.push(e);
    }
  });
  t0 = performance.now();
  const two = linkTwo(left, right);
  const ttp = two.pairs.filter((p) => le[p.left] === re[p.right]).length;
  console.log(
    `Mexican synthetic two files ${left.length} x ${right.length}, plain, ${secs(t0)} s: ${fmt(score(ttp, two.pairs.length, right.length))}`,
  );
  t0 = performance.now();
  const enc = new BloomEncoder(randomBytes(32));
  const pr = linkEncodings(enc.encode(prepareRecords(left)), enc.encode(prepareRecords(right)));
  const ptp = pr.pairs.filter((p) => le[p.left] === re[p.right]).length;
  console.log(
    `Mexican synthetic two files ${left.length} x ${right.length}, privacy-preserving, ${secs(t0)} s: ${fmt(score(ptp, pr.pairs.length, right.length))}`,
  );
}

/** Runs in a child process so that its peak RSS is its own. */
function millionChild(n: number, workers: number): void {
  const t0 = performance.now();
  const entities = Math.round(n / 1.45);
  const gen = syntheticMexican({ entities, seed: 99, duplicateRate: 0.5 });
  const records = gen.records.slice(0, n);
  const entity = gen.entity.subarray(0, n);
  const genS = (performance.now() - t0) / 1000;
  const stages: Record<string, number> = {};
  const stageCpu: Record<string, number> = {};
  const cpu0 = process.cpuUsage();
  let lastCpu = cpu0;
  const t1 = performance.now();
  let last = t1;
  let lastName = '';
  const res = linkDedup(records, {
    workers,
    onStage: (s) => {
      const now = performance.now();
      const c = process.cpuUsage();
      if (lastName) {
        stages[lastName] = (now - last) / 1000;
        stageCpu[lastName] = (c.user - lastCpu.user + c.system - lastCpu.system) / 1e6;
      }
      last = now;
      lastCpu = c;
      lastName = s;
    },
  });
  const wall = (performance.now() - t1) / 1000;
  // CPU seconds of the whole process (every thread): on a shared machine the wall time depends on the others' load,
  // this much less
  const used = process.cpuUsage(cpu0);
  const cpu = (used.user + used.system) / 1e6;
  stages[lastName] = (performance.now() - last) / 1000;
  const endCpu = process.cpuUsage();
  stageCpu[lastName] = (endCpu.user - lastCpu.user + endCpu.system - lastCpu.system) / 1e6;
  const tp = res.pairs.filter((p) => entity[p.left] === entity[p.right]).length;
  const s = score(tp, res.pairs.length, truePairs(entity));
  const rss = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(
    `${JSON.stringify({ records: records.length, entities, genS, wall, cpu, stages, stageCpu, candidates: res.candidates, rss, score: s, workers: res.workers })}\n`,
  );
}

const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');

function millionSpeed(): void {
  const at = args.indexOf('--workers');
  const list = (at >= 0 ? (args[at + 1] ?? '') : '1,2')
    .split(',')
    .map(Number)
    .filter((x) => Number.isInteger(x) && x >= 1);
  console.log(
    '\n## Speed: deduplicate 1,000,000 synthetic persons (one process; blocking and comparing on N threads)',
  );
  console.log(
    `settings: linkDedup defaults (all rules, sorted neighbourhoods, threshold 0.5, 200,000 u samples), workers ${list.join(' then ')}; ${availableParallelism()} cores available`,
  );
  console.log(
    'excluded from the wall time: generating the records (syntheticMexican, shown below) and scoring against the labels; included: prepare, blocking, comparing, sampling, EM, scoring, clustering, starting the helper threads and copying the prepared records to them',
  );
  const walls: number[] = [];
  for (const workers of list) {
    const before = load();
    const r = spawnSync(
      process.execPath,
      [
        join(ROOT, 'apps/server/bin/run-ts.mjs'),
        fileURLToPath(import.meta.url),
        '--child-1m',
        '1000000',
        String(workers),
      ],
      { encoding: 'utf8', maxBuffer: 1 << 24 },
    );
    if (r.status !== 0) {
      console.log(`1M run failed: ${r.stderr.slice(-2000)}`);
      return;
    }
    const j = JSON.parse(r.stdout.trim().split('\n').pop()!);
    walls.push(j.wall);
    console.log(
      `\n### workers: ${workers} asked, ${j.workers} used (load average before ${before}, after ${load()})`,
    );
    console.log(
      `${j.records} records (persons and their duplicates), generated in ${j.genS.toFixed(1)} s (not counted)`,
    );
    console.log(
      `wall time ${j.wall.toFixed(1)} s (target <= 60 s), peak RSS ${(j.rss / 2 ** 30).toFixed(2)} GiB (target <= 4 GiB, whole process incl. input and helper threads), ${j.candidates} candidate pairs`,
    );
    console.log(
      `CPU time ${j.cpu.toFixed(1)} s (all threads; ${(j.cpu / j.wall).toFixed(2)} cores busy on average during the wall time)`,
    );
    console.log(
      `stages: ${Object.entries(j.stages as Record<string, number>)
        .map(([k, v]) => `${k} ${v.toFixed(1)} s`)
        .join(', ')}`,
    );
    if (j.stageCpu)
      console.log(
        `CPU per stage: ${Object.entries(j.stageCpu as Record<string, number>)
          .map(([k, v]) => `${k} ${v.toFixed(1)} s`)
          .join(', ')}`,
      );
    console.log(`quality at 1M: ${fmt(j.score)}`);
  }
  if (walls.length === 2)
    console.log(`\nwall time ratio ${list[0]} / ${list[1]} workers: ${(walls[0]! / walls[1]!).toFixed(2)}`);
}

const C_SOURCE = `
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
/* Plain C loop: Dice of 1024-bit filters with hardware popcount (compiled -O3 -march=native). */
int main(int argc, char **argv) {
  int n = atoi(argv[1]), Q = atoi(argv[2]);
  uint64_t *f = malloc((size_t)n * 16 * 8);
  FILE *in = fopen(argv[3], "rb");
  if (!in || fread(f, 8, (size_t)n * 16, in) != (size_t)n * 16) return 1;
  fclose(in);
  int *pops = malloc(n * 4);
  for (int i = 0; i < n; i++) { int c = 0; for (int w = 0; w < 16; w++) c += __builtin_popcountll(f[(size_t)i * 16 + w]); pops[i] = c; }
  float *out = malloc(n * 4);
  /* timed in batches of B queries; the fastest batch is the rate (the machine is shared) */
  int B = argc > 4 ? atoi(argv[4]) : Q;
  struct timespec a, b;
  double check = 0, best = 0, total = 0;
  for (int q0 = 0; q0 < Q; q0 += B) {
    clock_gettime(CLOCK_MONOTONIC, &a);
    int q1 = q0 + B < Q ? q0 + B : Q;
    for (int q = q0; q < q1; q++) {
      const uint64_t *qq = f + (size_t)q * 16;
      int pq = pops[q];
      for (int r = 0; r < n; r++) {
        const uint64_t *y = f + (size_t)r * 16;
        int c = 0;
        for (int w = 0; w < 16; w++) c += __builtin_popcountll(qq[w] & y[w]);
        out[r] = 2.0f * c / (float)(pq + pops[r]);
      }
      check += out[(q * 7) % n];
    }
    clock_gettime(CLOCK_MONOTONIC, &b);
    double dt = (b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
    total += dt;
    if ((double)n * (q1 - q0) / dt > best) best = (double)n * (q1 - q0) / dt;
  }
  (void)total;
  double dt = (double)n * Q / best;
  printf("%f %f\\n", (double)n * Q / dt, check);
  return 0;
}
`;

function diceSpeed(): void {
  console.log('\n## Dice comparisons per second per core (1024-bit filters, single thread)');
  const n = 20_000;
  const Q = 2_000;
  // each kernel and the C loop are timed in batches of 50 queries and rated by their fastest batch: on a shared
  // machine a burst of other work slows some batches, never speeds one up
  const BATCH = 50;
  const roundsAt = args.indexOf('--rounds');
  const rounds = roundsAt >= 0 ? Math.max(1, Number(args[roundsAt + 1]) || 1) : 5;
  const filters = new Uint32Array(n * FILTER_WORDS);
  const bytes = randomBytes(filters.byteLength);
  filters.set(new Uint32Array(bytes.buffer, bytes.byteOffset, filters.length));
  const dir = mkdtempSync(join(tmpdir(), 'enlace-dice-'));
  writeFileSync(join(dir, 'f.bin'), bytes);
  // The C program and the kernels do the same work on the same bytes: Q queries (filters 0..Q-1) against all
  // n filters, 128-byte filters stored contiguously, popcounts precomputed, one f32 Dice per pair written to
  // an output array, and the checksum sum(out[(q*7) % n]) over the queries, which must agree exactly.
  const compile = (name: string, flags: string[]): string => {
    const exe = join(dir, name);
    execFileSync('gcc', [...flags, '-o', exe, join(dir, 'dice.c')]);
    return exe;
  };
  const runC = (exe: string): { rate: number; check: number } => {
    const out = execFileSync(exe, [String(n), String(Q), join(dir, 'f.bin'), String(BATCH)], {
      encoding: 'utf8',
    }).split(' ');
    return { rate: Number(out[0]), check: Number(out[1]) };
  };
  let cNative = '';
  let cNoAvx512 = '';
  try {
    writeFileSync(join(dir, 'dice.c'), C_SOURCE);
    cNative = compile('dice-native', ['-O3', '-march=native']);
    // context only: the same loop without AVX-512 (scalar popcnt per 64-bit word)
    cNoAvx512 = compile('dice-noavx512', ['-O3', '-march=native', '-mno-avx512f']);
  } catch (e) {
    console.log(`C reference unavailable: ${(e as Error).message.split('\n')[0]}`);
  }
  const measure = (
    kernel: 'sliced' | 'scalar' | 'simd' | 'js',
    queries: number,
  ): { rate: number; check: number } => {
    const m = new DiceMatrix(filters, kernel);
    let check = 0;
    m.row(filters, 0);
    let best = 0;
    for (let q0 = 0; q0 < queries; q0 += BATCH) {
      const q1 = Math.min(queries, q0 + BATCH);
      const t0 = performance.now();
      for (let q = q0; q < q1; q++) check += m.row(filters, q)[(q * 7) % n]!;
      best = Math.max(best, (n * (q1 - q0)) / ((performance.now() - t0) / 1000));
    }
    const dt = (n * queries) / best;
    return { rate: (n * queries) / dt, check };
  };
  // correctness of the fast kernels against the reference, on a sample
  for (const kernel of ['sliced', 'scalar', 'simd'] as const) {
    const row = Array.from(new DiceMatrix(filters, kernel).row(filters, 3).subarray(0, 1000));
    row.forEach((d, r) => {
      if (d !== Math.fround(diceJs(filters, 3, filters, r))) throw new Error(`${kernel} kernel mismatch`);
    });
  }
  const kernels: [string, () => { rate: number; check: number } | null][] = [
    ['C (gcc -O3 -march=native, __builtin_popcountll)', () => (cNative ? runC(cNative) : null)],
    ['C, same loop, -mno-avx512f (context only)', () => (cNoAvx512 ? runC(cNoAvx512) : null)],
    ['WebAssembly bit-sliced (128 rows per group)', () => measure('sliced', Q)],
    ['WebAssembly i64.popcnt (16 rows per iteration)', () => measure('scalar', Q)],
    ['WebAssembly SIMD i8x16.popcnt (context only)', () => measure('simd', Q)],
    ['TypeScript Uint32Array bit tricks', () => measure('js', 100)],
  ];
  // The kernels run one after the other, `rounds` times (--rounds N, default 5), so that a burst of load from
  // other processes on the shared machine hits one round rather than one kernel; each ratio is taken within
  // its round, and the medians are printed.
  const rates = new Map<string, number[]>();
  const ratios = new Map<string, number[]>();
  for (let round = 0; round < rounds; round++) {
    let cRate = 0;
    let cCheck = Number.NaN;
    for (const [name, run] of kernels) {
      const r = run();
      if (!r) continue;
      if (name.startsWith('C (')) {
        cRate = r.rate;
        cCheck = r.check;
      } else if (
        name.startsWith('WebAssembly') &&
        Number.isFinite(cCheck) &&
        Math.abs(r.check - cCheck) > 1e-3
      ) {
        throw new Error(`${name}: checksum ${r.check} differs from the C loop's ${cCheck}`);
      }
      rates.set(name, [...(rates.get(name) ?? []), r.rate]);
      if (cRate) ratios.set(name, [...(ratios.get(name) ?? []), r.rate / cRate]);
    }
  }
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  };
  console.log(
    `data: ${n} filters x ${Q} queries = ${((n * Q) / 1e6).toFixed(0)} M comparisons per kernel (TypeScript: 100 queries); rate = fastest batch of ${BATCH} queries; ${rounds} rounds, medians; checksums of the WebAssembly kernels equal the C loop's`,
  );
  for (const [name] of kernels) {
    const r = rates.get(name);
    if (!r) continue;
    const x = ratios.get(name);
    const each =
      x && x.length > 1 && !name.startsWith('C (')
        ? `  (rounds: ${x.map((v) => v.toFixed(2)).join(', ')})`
        : '';
    console.log(
      `${name.padEnd(48)} ${(median(r) / 1e6).toFixed(1).padStart(6)} M/s  ${x ? median(x).toFixed(2) : '?'} x C${each}`,
    );
  }
}

if (args[0] === '--child-1m') {
  millionChild(Number(args[1] ?? 1_000_000), Number(args[2] ?? 1));
} else {
  const onlyAt = args.indexOf('--only');
  const only = onlyAt >= 0 ? (args[onlyAt + 1] ?? '') : undefined;
  if (only !== undefined && !['quality', 'dice', 'million'].includes(only)) {
    console.error(`--only takes quality, dice or million (got '${only}')`);
    process.exit(2);
  }
  const wanted = (section: string) => only === undefined || only === section;
  if (wanted('quality') && !existsSync(DATA)) {
    console.error(
      `benchmark data not found at ${DATA} (expected ../shared/data/linkage from the repository root)`,
    );
    process.exit(1);
  }
  machine();
  if (wanted('quality')) {
    febrlQuality();
    splinkQuality();
    mexicanQuality();
  }
  if (wanted('dice')) diceSpeed();
  if (wanted('million') && (only === 'million' || !args.includes('--quick'))) millionSpeed();
}

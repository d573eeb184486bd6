/**
 * Equality check for speed work on the linker: runs linkDedup on fixed inputs and records a digest of everything
 * the linker decides (candidate count, every written pair with its probability's exact bits, every cluster
 * number, the model's m/u/lambda), so that an optimisation can be shown to leave the results exactly identical.
 *
 *   node apps/server/bin/run-ts.mjs bench/linkage-equality.ts --out before.json [--lib DIR] [--sizes 20000,200000]
 *     [--workers 1,2] [--generators synthetic,evaldata]
 *   node apps/server/bin/run-ts.mjs bench/linkage-equality.ts --compare before.json after.json
 *   node apps/server/bin/run-ts.mjs bench/linkage-equality.ts --lib DIR --against packages/linkage/src (both at once)
 *
 * --lib: a copy of packages/linkage/src to run instead of the checkout's (e.g. the code before a change; keep
 * the copy inside the repository, e.g. under node_modules/.linkbase, so that its helper threads find tsx).
 * Inputs: syntheticMexican (the bench's generator, seed 99, duplicate rate 0.5, like bench:linkage's 1M run) and
 * packages/evaldata's dedupeSet (seed 1, duplicate rate 0.25), each with 1 and 2 threads.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { dedupeSet } from '@enlace/evaldata';
import type { LinkRecord, LinkResult } from '@enlace/linkage';
import { syntheticMexican } from '@enlace/linkage/synthetic';
import { evalLinkRecords } from './evaldata-records.ts';

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};

interface Digest {
  name: string;
  records: number;
  candidates: number;
  links: number;
  digest: string;
  seconds: number;
}

if (args[0] === '--compare') {
  const a = JSON.parse(readFileSync(args[1]!, 'utf8')) as Digest[];
  const b = JSON.parse(readFileSync(args[2]!, 'utf8')) as Digest[];
  let bad = 0;
  for (const x of a) {
    const y = b.find((z) => z.name === x.name);
    const same = y && y.digest === x.digest && y.candidates === x.candidates && y.links === x.links;
    if (!same) bad++;
    console.log(
      `${same ? 'SAME' : 'DIFF'}  ${x.name.padEnd(34)} candidates ${x.candidates}/${y?.candidates} links ${x.links}/${y?.links}  ${x.seconds.toFixed(1)} s -> ${y?.seconds.toFixed(1)} s`,
    );
  }
  process.exit(bad ? 1 : 0);
}

const lib = arg('lib');
const load = async (dir: string | undefined) =>
  (await import(
    dir ? pathToFileURL(resolve(dir, 'index.ts')).href : '@enlace/linkage'
  )) as typeof import('@enlace/linkage');
const mod = await load(lib);
// --against DIR: the same inputs through a second copy of the sources, loaded at the same moment (so that edits made
// to the checkout meanwhile cannot slip in between the two runs); prints SAME or DIFF per input
const against = arg('against');
const other = against ? await load(against) : undefined;
const sizes = (arg('sizes') ?? '20000,200000').split(',').map(Number);
const threads = (arg('workers') ?? '1,2').split(',').map(Number);
const generators = (arg('generators') ?? 'synthetic,evaldata').split(',');

function digestOf(r: LinkResult): string {
  const h = createHash('sha256');
  const f = new Float64Array(1);
  const u = new Uint32Array(f.buffer);
  for (const p of r.pairs) {
    f[0] = p.probability;
    h.update(`${p.left},${p.right},${u[0]},${u[1]};`);
  }
  h.update(Buffer.from(r.clusters.buffer, r.clusters.byteOffset, r.clusters.byteLength));
  h.update(JSON.stringify(r.model));
  h.update(JSON.stringify(r.comparisons));
  return h.digest('hex');
}

const inputs: [string, () => LinkRecord[]][] = [];
for (const n of sizes) {
  if (generators.includes('synthetic'))
    inputs.push([
      `synthetic ${n}`,
      () =>
        syntheticMexican({ entities: Math.round(n / 1.45), seed: 99, duplicateRate: 0.5 }).records.slice(
          0,
          n,
        ),
    ]);
  if (generators.includes('evaldata'))
    inputs.push([
      `evaldata ${n}`,
      () => evalLinkRecords(dedupeSet({ size: n, duplicateRate: 0.25, seed: 1 }).records),
    ]);
}

const cpuSince = (c: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(c);
  return (u.user + u.system) / 1e6;
};

const out: Digest[] = [];
for (const [name, make] of inputs) {
  const records = make();
  for (const workers of threads) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const r = mod.linkDedup(records, { workers });
    const seconds = (performance.now() - t0) / 1000;
    const cpu = cpuSince(c0);
    const d = {
      name: `${name} w${workers}`,
      records: records.length,
      candidates: r.candidates,
      links: r.pairs.length,
      digest: digestOf(r),
      seconds,
    };
    console.log(JSON.stringify(d));
    out.push(d);
    if (other) {
      const t1 = performance.now();
      const c1 = process.cpuUsage();
      const o = other.linkDedup(records, { workers });
      const cpu1 = cpuSince(c1);
      const same = digestOf(o) === d.digest && o.candidates === d.candidates;
      if (!same) process.exitCode = 1;
      console.log(
        `${same ? 'SAME' : 'DIFF'}  ${d.name}: ${d.links} / ${o.pairs.length} links, ${seconds.toFixed(1)} s / ${((performance.now() - t1) / 1000).toFixed(1)} s wall, ${cpu.toFixed(1)} s / ${cpu1.toFixed(1)} s CPU (--lib / --against)`,
      );
    }
  }
}
const file = arg('out');
if (file) writeFileSync(file, JSON.stringify(out, null, 1));

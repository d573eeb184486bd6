#!/usr/bin/env node
/**
 * Self time of a CPU profile of `enlace import` (BENCH_PROFILE=FILE npm run bench:import …), split into the import
 * and the linkage after it (the boundary: the first sample inside linkPendingPersons, api/linkage/pending.ts or the blocking), by category and, with a
 * count, by function. Sampled time includes time the process waited for a core on a busy machine.
 *
 *   node bench/cpuprofile-summary.mjs /tmp/import.cpuprofile [top functions]
 */
import { readFileSync } from 'node:fs';

const p = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
// the linkage starts at the first sample inside linkPendingPersons, its pending list or its blocking
const inLinkage = (id) => {
  for (let x = id; x !== undefined; x = parent.get(x)) {
    const cf = byId.get(x).callFrame;
    if (cf.functionName === 'linkPendingPersons' || /linkage\/(pending\.ts|src\/blocking\.ts)/.test(cf.url))
      return true;
  }
  return false;
};
let t = 0;
let boundary = Infinity;
const times = [];
for (let i = 0; i < p.samples.length; i++) {
  t += p.timeDeltas[i] ?? 0;
  times.push(t);
  if (boundary === Infinity && inLinkage(p.samples[i])) boundary = t;
}
const cat = (n) => {
  const { url, functionName: f } = n.callFrame;
  if (f === '(idle)') return 'idle (waiting on the database)';
  if (f === '(garbage collector)') return 'garbage collector';
  if (/linkage\//.test(url)) return 'linkage (blocking, model, comparisons)';
  if (/csv-parse/.test(url)) return 'csv parsing';
  if (/exchange\/(read|cells)/.test(url)) return 'validation (read.ts, cells.ts)';
  if (
    /crypto|security/.test(url) ||
    /^(init|initiv|CipherBase|final|digest|Hmac|update|getAuthTag|setAAD)$/.test(f)
  )
    return 'crypto (AES-GCM, HMAC)';
  if (/node_modules\/pg/.test(url)) return 'pg driver (encoding, protocol)';
  if (/import\//.test(url)) return 'import engine';
  return 'other';
};
const acc = [new Map(), new Map()];
const tot = [0, 0];
for (let i = 0; i < p.samples.length; i++) {
  const ph = times[i] < boundary ? 0 : 1;
  const d = p.timeDeltas[i] ?? 0;
  tot[ph] += d;
  const c = cat(byId.get(p.samples[i]));
  acc[ph].set(c, (acc[ph].get(c) ?? 0) + d);
}
['import', 'link'].forEach((name, ph) => {
  console.log(`${name}: ${(tot[ph] / 1e6).toFixed(2)} s sampled`);
  [...acc[ph]]
    .sort((a, b) => b[1] - a[1])
    .forEach(([k, v]) => {
      console.log(
        `  ${(v / 1e6).toFixed(2).padStart(6)} s ${((100 * v) / tot[ph]).toFixed(0).padStart(3)}%  ${k}`,
      );
    });
});
if (process.argv[3]) {
  const fns = [new Map(), new Map()];
  for (let i = 0; i < p.samples.length; i++) {
    const ph = times[i] < boundary ? 0 : 1;
    const n = byId.get(p.samples[i]);
    const cf = n.callFrame;
    const k = `${cf.functionName || '(anon)'} ${cf.url.replace(/.*\/(main|node_modules)\//, '')}`;
    fns[ph].set(k, (fns[ph].get(k) ?? 0) + (p.timeDeltas[i] ?? 0));
  }
  ['import', 'link'].forEach((name, ph) => {
    console.log(`--- ${name}: top functions (self)`);
    [...fns[ph]]
      .sort((a, b) => b[1] - a[1])
      .slice(0, Number(process.argv[3]))
      .forEach(([k, v]) => {
        console.log(`  ${(v / 1e6).toFixed(2).padStart(6)} s  ${k}`);
      });
  });
}

/**
 * Network analysis benchmark: a synthetic graph of 1,000,000 nodes and 5,000,000 edges (planted
 * communities: 10,000 groups of 100 nodes, 80 % of edges inside a group) built and its communities found
 * with the engine the investigators' network uses for communities (apps/server/src/api/network/louvain.ts:
 * CSR over typed arrays, Louvain with queue-based local moving; graph.ts `analyse` calls the same `louvain`).
 * Target: build + communities ≤ 60 s.
 *
 *   npm run bench:network                        (1M nodes, 5M edges)
 *   npm run bench:network -- --nodes 100000 --edges 500000
 *   npm run bench:network -- --nodes 100000 --edges 500000 --graphology   (also the graphology figures)
 *
 * Edges are unique undirected pairs (a repeated pair is drawn again), no self-loops. The node keys are
 * strings like the service's (`p:123`), interned by the builder. Peak RSS is the process's.
 */
import { loadavg } from 'node:os';
import { UndirectedGraph } from 'graphology';
import graphologyLouvain from 'graphology-communities-louvain';
import { seededRng } from '../apps/server/src/api/network/graph.ts';
import { CsrBuilder, louvain } from '../apps/server/src/api/network/louvain.ts';
import { machineLine, peakRssMiB } from './machine.ts';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const N = arg('nodes', 1_000_000);
const M = arg('edges', 5_000_000);
const GROUP = arg('group', 100);
const INSIDE = 0.8;
const WITH_GRAPHOLOGY = process.argv.includes('--graphology');

console.log(machineLine());
console.log(
  `load average before: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
console.log(
  `size: ${N.toLocaleString('en-US')} nodes, ${M.toLocaleString('en-US')} edges; planted groups of ${GROUP}, ${INSIDE * 100} % of edges inside a group`,
);
console.log(
  'settings: CSR (Int32Array rows, Float64Array weights), string node keys interned, duplicate pairs rejected by a hash set; Louvain resolution 1, seeded rng, queue-based local moving, levels until no move',
);
console.log(
  'excluded: reading and decrypting records, normalising identifiers, centrality (PageRank, betweenness), the graphology graph of the investigator views',
);

/** The same edges every time: a seeded draw of unique pairs. */
function drawEdges(add: (u: number, v: number) => boolean, size: () => number) {
  const rng = seededRng(20261204);
  let attempts = 0;
  while (size() < M) {
    attempts++;
    const u = Math.floor(rng() * N);
    let v: number;
    if (rng() < INSIDE) {
      const base = u - (u % GROUP);
      v = base + Math.floor(rng() * Math.min(GROUP, N - base));
    } else v = Math.floor(rng() * N);
    if (u === v) continue;
    add(u, v);
  }
  return attempts;
}

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const t0 = performance.now();
const c0 = cpu();
const b = new CsrBuilder();
const ids = new Int32Array(N);
for (let i = 0; i < N; i++) ids[i] = b.node(`p:${i}`);
const attempts = drawEdges(
  (u, v) => b.addEdge(ids[u]!, ids[v]!),
  () => b.size,
);
const g = b.build();
const tBuild = (performance.now() - t0) / 1000;
const cBuild = cpu() - c0;
console.log(
  `build: ${tBuild.toFixed(1)} s wall, ${cBuild.toFixed(1)} s CPU (${attempts.toLocaleString('en-US')} pairs drawn, ${g.targets.length / 2} edges in CSR)`,
);

const t1 = performance.now();
const c1 = cpu();
const d = louvain(g, { rng: seededRng(14) });
const tLouvain = (performance.now() - t1) / 1000;
const cLouvain = cpu() - c1;
console.log(
  `louvain: ${tLouvain.toFixed(1)} s wall, ${cLouvain.toFixed(1)} s CPU, ${d.levels} levels, ${d.count.toLocaleString('en-US')} communities, modularity ${d.modularity.toFixed(3)}`,
);
const total = tBuild + tLouvain;
console.log(
  `total: ${total.toFixed(1)} s wall (${(cBuild + cLouvain).toFixed(1)} s CPU); load average after: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}; peak RSS ${peakRssMiB().toFixed(0)} MiB`,
);
console.log(`target build + communities ≤ 60 s → ${total <= 60 ? 'MET' : 'NOT MET'}`);

if (WITH_GRAPHOLOGY) {
  const t2 = performance.now();
  const gg = new UndirectedGraph({ allowSelfLoops: false });
  for (let i = 0; i < N; i++) gg.addNode(`p:${i}`);
  drawEdges(
    (u, v) => {
      if (gg.hasEdge(`p:${u}`, `p:${v}`)) return false;
      gg.addEdge(`p:${u}`, `p:${v}`);
      return true;
    },
    () => gg.size,
  );
  const tgBuild = (performance.now() - t2) / 1000;
  const t3 = performance.now();
  const gd = graphologyLouvain.detailed(gg, {
    rng: seededRng(14),
    getEdgeWeight: null,
    fastLocalMoves: true,
  });
  const tgLouvain = (performance.now() - t3) / 1000;
  console.log(
    `graphology (same edges): build ${tgBuild.toFixed(1)} s, graphology-communities-louvain ${tgLouvain.toFixed(1)} s, ${gd.count.toLocaleString('en-US')} communities, modularity ${gd.modularity.toFixed(3)}; peak RSS ${peakRssMiB().toFixed(0)} MiB`,
  );
}

/**
 * Network analysis benchmark: a synthetic graph of 1,000,000 nodes and 5,000,000 edges (planted
 * communities: 10,000 groups of 100 nodes, 80 % of edges inside a group) built with graphology, the
 * library the investigators' network uses (apps/server/src/api/network/graph.ts), and its communities found
 * with the same Louvain call (`analyse` minus centrality). Target: build + Louvain ≤ 60 s.
 *
 *   npm run bench:network                        (1M nodes, 5M edges)
 *   npm run bench:network -- --nodes 100000 --edges 500000
 *
 * Edges are unique undirected pairs (a repeated pair is drawn again), no self-loops. The node keys are
 * strings like the service's (`p:123`). Peak RSS is the process's.
 */
import louvain from 'graphology-communities-louvain';
import { newGraph, seededRng } from '../apps/server/src/api/network/graph.ts';
import { machineLine, peakRssMiB } from './machine.ts';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const N = arg('nodes', 1_000_000);
const M = arg('edges', 5_000_000);
const GROUP = arg('group', 100);
const INSIDE = 0.8;

console.log(machineLine());
console.log(
  `size: ${N.toLocaleString('en-US')} nodes, ${M.toLocaleString('en-US')} edges; planted groups of ${GROUP}, ${INSIDE * 100} % of edges inside a group`,
);
console.log(
  'settings: graphology UndirectedGraph (no attributes), Louvain resolution 1, seeded rng, fastLocalMoves',
);

const rng = seededRng(20261204);
const t0 = performance.now();
const g = newGraph();
const keys = new Array<string>(N);
for (let i = 0; i < N; i++) {
  keys[i] = `p:${i}`;
  g.addNode(keys[i]!);
}
let attempts = 0;
while (g.size < M) {
  attempts++;
  const u = Math.floor(rng() * N);
  let v: number;
  if (rng() < INSIDE) {
    const base = u - (u % GROUP);
    v = base + Math.floor(rng() * Math.min(GROUP, N - base));
  } else v = Math.floor(rng() * N);
  if (u === v) continue;
  const a = keys[u]!;
  const b = keys[v]!;
  if (g.hasEdge(a, b)) continue;
  g.addEdge(a, b);
}
const tBuild = (performance.now() - t0) / 1000;
console.log(`build: ${tBuild.toFixed(1)} s (${attempts.toLocaleString('en-US')} pairs drawn)`);

const t1 = performance.now();
const d = louvain.detailed(g, { rng: seededRng(14), getEdgeWeight: null, fastLocalMoves: true });
const tLouvain = (performance.now() - t1) / 1000;
console.log(
  `louvain: ${tLouvain.toFixed(1)} s, ${d.count.toLocaleString('en-US')} communities, modularity ${d.modularity.toFixed(3)}`,
);
const total = tBuild + tLouvain;
console.log(`total: ${total.toFixed(1)} s; peak RSS ${peakRssMiB().toFixed(0)} MiB`);
console.log(`target build + communities ≤ 60 s → ${total <= 60 ? 'MET' : 'NOT MET'}`);

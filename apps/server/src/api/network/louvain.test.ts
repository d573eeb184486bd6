import fc from 'fast-check';
import { UndirectedGraph } from 'graphology';
import graphologyLouvain from 'graphology-communities-louvain';
import graphologyModularity from 'graphology-metrics/graph/modularity';
import { describe, expect, it } from 'vitest';
import { analyse, seededRng } from './graph.ts';
import { CsrBuilder, csrFromEdges, louvain, modularity } from './louvain.ts';

/** A random graph: planted groups (most edges inside) plus noise, or uniform; as pairs of node indexes. */
const graphArb = fc
  .record({
    n: fc.integer({ min: 2, max: 160 }),
    group: fc.integer({ min: 2, max: 20 }),
    inside: fc.double({ min: 0, max: 1, noNaN: true }),
    m: fc.integer({ min: 1, max: 600 }),
    seed: fc.integer({ min: 1, max: 2 ** 30 }),
  })
  .map(({ n, group, inside, m, seed }) => {
    const rng = seededRng(seed);
    const pairs: [number, number][] = [];
    for (let e = 0; e < m; e++) {
      const u = Math.floor(rng() * n);
      const base = u - (u % group);
      const v = rng() < inside ? Math.min(n - 1, base + Math.floor(rng() * group)) : Math.floor(rng() * n);
      pairs.push([u, v]);
    }
    return { n, pairs, seed };
  });

function both(n: number, pairs: [number, number][]) {
  const b = new CsrBuilder();
  const gg = new UndirectedGraph({ allowSelfLoops: false });
  for (let i = 0; i < n; i++) {
    b.node(`n${i}`);
    gg.addNode(`n${i}`);
  }
  for (const [u, v] of pairs) {
    const added = b.addEdge(u, v);
    const fresh = u !== v && !gg.hasEdge(`n${u}`, `n${v}`);
    expect(added).toBe(fresh);
    if (fresh) gg.addEdge(`n${u}`, `n${v}`);
  }
  return { csr: b.build(), gg };
}

describe('CSR graph', () => {
  it('holds each unique pair once in both rows, drops self-loops, like graphology (property)', () => {
    fc.assert(
      fc.property(graphArb, ({ n, pairs }) => {
        const { csr, gg } = both(n, pairs);
        expect(csr.targets.length).toBe(2 * gg.size);
        for (let i = 0; i < n; i++) {
          const row = [...csr.targets.subarray(csr.offsets[i]!, csr.offsets[i + 1]!)].map((j) => `n${j}`);
          expect(row.sort()).toEqual(gg.neighbors(`n${i}`).sort());
        }
      }),
      { numRuns: 150 },
    );
  });

  it('merges repeated pairs into one weighted edge and keeps self-loops apart', () => {
    const g = csrFromEdges(3, Int32Array.from([0, 1, 0, 2, 2]), Int32Array.from([1, 0, 2, 2, 0]), 5);
    expect([...g.offsets]).toEqual([0, 2, 3, 4]);
    expect([...g.targets]).toEqual([1, 2, 0, 0]);
    expect([...g.weights]).toEqual([2, 2, 2, 2]);
    expect([...g.loops]).toEqual([0, 0, 1]);
  });

  it('rejects repeated pairs across table growth (thousands of edges)', () => {
    const b = new CsrBuilder();
    b.addAnonymousNodes(5000);
    const rng = seededRng(7);
    const seen = new Set<string>();
    for (let e = 0; e < 40000; e++) {
      const u = Math.floor(rng() * 5000);
      const v = Math.floor(rng() * 300);
      const key = u < v ? `${u}-${v}` : `${v}-${u}`;
      const fresh = u !== v && !seen.has(key);
      if (fresh) seen.add(key);
      expect(b.addEdge(u, v)).toBe(fresh);
    }
    expect(b.size).toBe(seen.size);
  });
});

describe('Louvain over the CSR graph', () => {
  it('computes modularity like graphology-metrics (property)', () => {
    fc.assert(
      fc.property(graphArb, fc.integer({ min: 1, max: 8 }), ({ n, pairs }, parts) => {
        const { csr, gg } = both(n, pairs);
        if (gg.size === 0) return;
        const community = new Int32Array(n);
        const communities: Record<string, number> = {};
        for (let i = 0; i < n; i++) {
          community[i] = i % parts;
          communities[`n${i}`] = i % parts;
        }
        expect(modularity(csr, community)).toBeCloseTo(
          graphologyModularity(gg, { getNodeCommunity: (x) => communities[x]!, getEdgeWeight: null }),
          9,
        );
      }),
      { numRuns: 150 },
    );
  });

  it('finds communities as good as graphology-communities-louvain (property, 300 random graphs)', () => {
    // Both are heuristics (random visiting order): on one small graph either may land on the better local
    // optimum. Over 20,000 such graphs the difference was symmetric (mean +0.0001, ours better on 6,946,
    // worse on 6,933, never more than 0.07 below). graphology's own `modularity` figure is not the partition's
    // (0.94 for a single community, which has 0), so both partitions are scored by graphology-metrics.
    const diffs: number[] = [];
    fc.assert(
      fc.property(graphArb, ({ n, pairs, seed }) => {
        const { csr, gg } = both(n, pairs);
        if (gg.size === 0) return;
        const ours = louvain(csr, { rng: seededRng(seed) });
        const theirs = graphologyLouvain.detailed(gg, { rng: seededRng(seed), getEdgeWeight: null });
        const theirQ = graphologyModularity(gg, {
          getNodeCommunity: (x) => theirs.communities[x]!,
          getEdgeWeight: null,
        });
        // a partition of the nodes into communities 0..count-1, and the modularity it claims is its own
        expect(ours.community.length).toBe(n);
        expect(new Set(ours.community).size).toBe(ours.count);
        expect(Math.max(...ours.community)).toBe(ours.count - 1);
        const ourQ = graphologyModularity(gg, {
          getNodeCommunity: (x) => ours.community[Number(x.slice(1))]!,
          getEdgeWeight: null,
        });
        expect(ours.modularity).toBeCloseTo(ourQ, 9);
        expect(ourQ).toBeGreaterThanOrEqual(theirQ - 0.1);
        diffs.push(ourQ - theirQ);
      }),
      { numRuns: 300 },
    );
    const mean = diffs.reduce((a, b) => a + b, 0) / diffs.length;
    expect(mean).toBeGreaterThan(-0.005);
  });

  it('recovers planted groups: 40 cliques of 10 joined by a ring of single edges', () => {
    const b = new CsrBuilder();
    b.addAnonymousNodes(400);
    for (let c = 0; c < 40; c++) {
      for (let i = 0; i < 10; i++) for (let j = i + 1; j < 10; j++) b.addEdge(c * 10 + i, c * 10 + j);
      b.addEdge(c * 10, ((c + 1) % 40) * 10 + 5);
    }
    const r = louvain(b.build(), { rng: seededRng(3) });
    expect(r.count).toBe(40);
    for (let c = 0; c < 40; c++)
      for (let i = 1; i < 10; i++) expect(r.community[c * 10 + i]).toBe(r.community[c * 10]);
    expect(r.modularity).toBeGreaterThan(0.9);
  });

  it('is deterministic for a seed, and analyse() gives every node of the service graph a community', () => {
    const g = new UndirectedGraph<
      { kind: 'person'; label: string; roles: string[] },
      { relations: string[]; provenance: [] }
    >();
    const rng = seededRng(5);
    for (let i = 0; i < 60; i++) g.addNode(`person:${i}`, { kind: 'person', label: `#${i}`, roles: [] });
    for (let e = 0; e < 150; e++) {
      const u = Math.floor(rng() * 60);
      const v = (u - (u % 6) + Math.floor(rng() * 6)) % 60;
      if (u !== v && !g.hasEdge(`person:${u}`, `person:${v}`))
        g.addEdge(`person:${u}`, `person:${v}`, { relations: [], provenance: [] });
    }
    const a = analyse(g as any);
    const b = analyse(g as any);
    expect([...a.community.entries()]).toEqual([...b.community.entries()]);
    expect(a.community.size).toBe(60);
    expect(new Set(a.community.values()).size).toBe(a.communityCount);
    expect(a.modularity).toBeGreaterThan(0.3);
  });
});

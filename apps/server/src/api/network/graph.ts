/**
 * The network engine: builds an undirected graph from edge facts (graphology), finds its communities
 * (Louvain), central actors (degree, betweenness, PageRank), the shortest path between two nodes and the
 * neighbourhood of a node by hops. Pure: no database, no decryption (the service and the benchmark share it).
 */

import { UndirectedGraph } from 'graphology';
import betweenness from 'graphology-metrics/centrality/betweenness';
import pagerank from 'graphology-metrics/centrality/pagerank';
import { bidirectional } from 'graphology-shortest-path/unweighted';
import { csrFromEdges, louvain } from './louvain.ts';
import type { IdentifierKind } from './normalise.ts';

export type NodeKind = 'person' | IdentifierKind | 'investigation' | 'financial_report';

/** Where an edge comes from: the record (table, id) and the agency that owns it. */
export interface Provenance {
  source: string;
  table: string;
  recordId: string;
  agencyId: string;
}
export interface NodeAttrs {
  kind: NodeKind;
  /** Shown to the caller (already cut to what the caller may see). */
  label: string;
  /** person nodes: e.g. victim / perpetrator / defendant */
  roles: string[];
}
export interface EdgeAttrs {
  relations: string[];
  provenance: Provenance[];
}
export type NetGraph = UndirectedGraph<NodeAttrs, EdgeAttrs>;

export interface NodeFact {
  id: string;
  kind: NodeKind;
  label: string;
  role?: string;
}
export interface EdgeFact {
  a: NodeFact;
  b: NodeFact;
  relation: string;
  provenance: Provenance;
}

export function newGraph(): NetGraph {
  return new UndirectedGraph<NodeAttrs, EdgeAttrs>({ allowSelfLoops: false });
}

function addNode(g: NetGraph, n: NodeFact) {
  const cur = g.hasNode(n.id) ? g.getNodeAttributes(n.id) : null;
  if (!cur) {
    g.addNode(n.id, { kind: n.kind, label: n.label, roles: n.role ? [n.role] : [] });
    return;
  }
  if (n.role && !cur.roles.includes(n.role)) cur.roles.push(n.role);
  // a person known by name in one record and only by id in another keeps the name
  if (cur.label.startsWith('#') && !n.label.startsWith('#')) cur.label = n.label;
}

/** Adds edge facts; the same pair met twice is one edge with both relations and both records. */
export function addFacts(g: NetGraph, facts: Iterable<EdgeFact>): NetGraph {
  for (const f of facts) {
    if (f.a.id === f.b.id) continue;
    addNode(g, f.a);
    addNode(g, f.b);
    const e = g.edge(f.a.id, f.b.id);
    if (e === undefined) {
      g.addEdge(f.a.id, f.b.id, { relations: [f.relation], provenance: [f.provenance] });
    } else {
      const at = g.getEdgeAttributes(e);
      if (!at.relations.includes(f.relation)) at.relations.push(f.relation);
      at.provenance.push(f.provenance);
    }
  }
  return g;
}

/** A seeded generator (mulberry32) so that communities are the same on every request for the same data. */
export function seededRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Analysis {
  community: Map<string, number>;
  communityCount: number;
  modularity: number;
  degree: Map<string, number>;
  betweenness: Map<string, number>;
  pagerank: Map<string, number>;
}

/** Connected components (iterative BFS), largest first. */
export function components(g: NetGraph): string[][] {
  const seen = new Set<string>();
  const out: string[][] = [];
  g.forEachNode((start) => {
    if (seen.has(start)) return;
    const comp = [start];
    seen.add(start);
    for (let i = 0; i < comp.length; i++) {
      g.forEachNeighbor(comp[i]!, (nb) => {
        if (!seen.has(nb)) {
          seen.add(nb);
          comp.push(nb);
        }
      });
    }
    out.push(comp);
  });
  return out.sort((x, y) => y.length - x.length);
}

/**
 * Communities and centrality. Louvain (louvain.ts, over typed arrays) runs on the whole graph (seeded); betweenness (Brandes, O(V·E)) only
 * on components of three nodes or more (a pair has none) and, beyond `maxBetweenness` nodes, not at all
 * (the figure is then left at 0 and `degree`/`pagerank` rank the actors).
 */
export function analyse(g: NetGraph, opts: { seed?: number; maxBetweenness?: number } = {}): Analysis {
  const community = new Map<string, number>();
  let communityCount = 0;
  let modularity = 0;
  if (g.size > 0) {
    // the typed-array engine of louvain.ts (the same one the 1M-node benchmark measures)
    const keys = g.nodes();
    const index = new Map<string, number>();
    for (let i = 0; i < keys.length; i++) index.set(keys[i]!, i);
    const src = new Int32Array(g.size);
    const dst = new Int32Array(g.size);
    let e = 0;
    g.forEachEdge((_e, _at, s, t) => {
      src[e] = index.get(s)!;
      dst[e] = index.get(t)!;
      e++;
    });
    const d = louvain(csrFromEdges(keys.length, src, dst, e), { rng: seededRng(opts.seed ?? 14) });
    for (let i = 0; i < keys.length; i++) community.set(keys[i]!, d.community[i]!);
    communityCount = d.count;
    modularity = d.modularity;
  } else {
    let i = 0;
    g.forEachNode((n) => community.set(n, i++));
    communityCount = i;
  }
  const degree = new Map<string, number>();
  g.forEachNode((n) => degree.set(n, g.degree(n)));
  const pr = new Map<string, number>();
  if (g.order > 0) {
    const r = pagerank(g, { getEdgeWeight: null });
    for (const [n, v] of Object.entries(r)) pr.set(n, v);
  }
  const bt = new Map<string, number>();
  const limit = opts.maxBetweenness ?? 20000;
  const big = components(g).filter((c) => c.length >= 3);
  if (big.reduce((s, c) => s + c.length, 0) <= limit) {
    for (const comp of big) {
      const sub = newGraph();
      for (const n of comp) sub.addNode(n, g.getNodeAttributes(n));
      for (const n of comp)
        g.forEachEdge(n, (_e, at, s, t) => {
          if (!sub.hasEdge(s, t)) sub.addEdge(s, t, at);
        });
      const r = betweenness(sub, { getEdgeWeight: null, normalized: true });
      for (const [n, v] of Object.entries(r)) bt.set(n, v);
    }
  }
  return { community, communityCount, modularity, degree, betweenness: bt, pagerank: pr };
}

/** The nodes within `hops` of `start` (breadth first), at most `maxNodes` of them (nearest first). */
export function neighbourhood(g: NetGraph, start: string, hops: number, maxNodes = 400): Set<string> {
  const out = new Set<string>([start]);
  let frontier = [start];
  for (let h = 0; h < hops && frontier.length > 0; h++) {
    const next: string[] = [];
    for (const n of frontier) {
      for (const nb of g.neighbors(n)) {
        if (out.has(nb)) continue;
        if (out.size >= maxNodes) return out;
        out.add(nb);
        next.push(nb);
      }
    }
    frontier = next;
  }
  return out;
}

/** The shortest path (fewest links) between two nodes, or null when they are not connected. */
export function shortestPath(g: NetGraph, from: string, to: string): string[] | null {
  if (!g.hasNode(from) || !g.hasNode(to)) return null;
  if (from === to) return [from];
  return bidirectional(g, from, to);
}

/**
 * Communities on large graphs: an undirected graph in compressed sparse rows (CSR, typed arrays) and the
 * Louvain method over it (Blondel et al. 2008) with the queue-based local moving of Leiden (Traag et al. 2019:
 * after a move only the neighbours outside the new community are visited again). No library handles a graph of
 * millions of edges in JavaScript within seconds (graphology's object graph spends most of the time building
 * itself: string keys, a Map per node); this one builds 5,000,000 edges in a few seconds and runs Louvain on
 * them in a few more (bench/network.bench.ts). The investigator's views keep graphology (graph.ts), which calls
 * `louvain()` here for the communities; `louvain.test.ts` checks its modularity against
 * graphology-communities-louvain on random graphs.
 *
 * Modularity (resolution γ): Q = Σ_c [ Σin_c / 2m − γ (Σtot_c / 2m)² ], A symmetric, a self-loop of weight w
 * counted 2w in a node's degree (the aggregated levels have self-loops; the input graph has none).
 */

/** An undirected weighted graph: row i holds the neighbours of node i (self-loops apart, in `loops`). */
export interface Csr {
  n: number;
  /** n + 1 entries: row i is targets[offsets[i] .. offsets[i+1]) */
  offsets: Int32Array;
  targets: Int32Array;
  weights: Float64Array;
  /** the weight of each node's self-loop (0 where none) */
  loops: Float64Array;
}

/**
 * Builds a CSR graph from node keys and edges, dropping repeated edges as they come (like graphology's
 * `hasEdge`/`addEdge`, so a caller can count unique edges) with an open-addressing set of node pairs.
 */
export class CsrBuilder {
  private readonly ids = new Map<string, number>();
  readonly keys: string[] = [];
  private src = new Int32Array(1024);
  private dst = new Int32Array(1024);
  private m = 0;
  private table = new Float64Array(1 << 12);
  private mask = (1 << 12) - 1;

  /** Nodes added so far. */
  get order(): number {
    return this.keys.length;
  }
  /** Unique edges added so far. */
  get size(): number {
    return this.m;
  }

  /** The index of a node, added if new. */
  node(key: string): number {
    let i = this.ids.get(key);
    if (i === undefined) {
      i = this.keys.length;
      this.ids.set(key, i);
      this.keys.push(key);
    }
    return i;
  }

  /** Adds nodes 0..n-1 without keys (their key is their index as text), for graphs built from numbers. */
  addAnonymousNodes(n: number): void {
    for (let i = this.keys.length; i < n; i++) {
      this.keys.push(String(i));
    }
  }

  /** Adds the undirected edge a–b; false if it was already there or a === b. Nodes are indexes from `node()`. */
  addEdge(a: number, b: number): boolean {
    if (a === b) return false;
    const lo = a < b ? a : b;
    const hi = a < b ? b : a;
    if (hi >= 2 ** 26) throw new RangeError('more than 67 million nodes');
    // key ≥ 1 because hi ≥ 1, so 0 marks an empty slot
    const key = lo * 2 ** 26 + hi;
    let h = (Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi, 0x85ebca77)) >>> 0;
    h = (h ^ (h >>> 15)) >>> 0;
    h = Math.imul(h, 0x2c1b3c6d) >>> 0;
    h ^= h >>> 12;
    let slot = h & this.mask;
    const t = this.table;
    while (t[slot] !== 0) {
      if (t[slot] === key) return false;
      slot = (slot + 1) & this.mask;
    }
    t[slot] = key;
    if (this.m === this.src.length) {
      const s = new Int32Array(this.m * 2);
      s.set(this.src);
      this.src = s;
      const d = new Int32Array(this.m * 2);
      d.set(this.dst);
      this.dst = d;
    }
    this.src[this.m] = lo;
    this.dst[this.m] = hi;
    this.m++;
    if (this.m * 2 > this.mask) this.grow();
    return true;
  }

  private grow() {
    const old = this.table;
    this.table = new Float64Array(old.length * 2);
    this.mask = this.table.length - 1;
    const t = this.table;
    for (let e = 0; e < this.m; e++) {
      const lo = this.src[e]!;
      const hi = this.dst[e]!;
      let h = (Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi, 0x85ebca77)) >>> 0;
      h = (h ^ (h >>> 15)) >>> 0;
      h = Math.imul(h, 0x2c1b3c6d) >>> 0;
      h ^= h >>> 12;
      let slot = h & this.mask;
      while (t[slot] !== 0) slot = (slot + 1) & this.mask;
      t[slot] = lo * 2 ** 26 + hi;
    }
  }

  /** The CSR graph (every edge weight 1). The builder's pair set is released. */
  build(): Csr {
    this.table = new Float64Array(0);
    return csrFromEdges(this.keys.length, this.src, this.dst, this.m);
  }
}

/**
 * CSR from an edge list (edge e joins src[e] and dst[e], weight 1 or weights[e]). Repeated pairs are merged
 * (weights summed); a self-loop goes to `loops`.
 */
export function csrFromEdges(
  n: number,
  src: Int32Array,
  dst: Int32Array,
  m: number,
  weights?: Float64Array,
): Csr {
  const loops = new Float64Array(n);
  const offsets = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) {
    const a = src[e]!;
    const b = dst[e]!;
    if (a === b) continue;
    offsets[a + 1]!++;
    offsets[b + 1]!++;
  }
  for (let i = 0; i < n; i++) offsets[i + 1]! += offsets[i]!;
  const nnz = offsets[n]!;
  const targets = new Int32Array(nnz);
  const w = new Float64Array(nnz);
  const cursor = offsets.slice(0, n);
  for (let e = 0; e < m; e++) {
    const a = src[e]!;
    const b = dst[e]!;
    const x = weights ? weights[e]! : 1;
    if (a === b) {
      loops[a]! += x;
      continue;
    }
    let p = cursor[a]!++;
    targets[p] = b;
    w[p] = x;
    p = cursor[b]!++;
    targets[p] = a;
    w[p] = x;
  }
  // merge repeated neighbours in place (a row only shrinks, and rows are compacted to the left)
  const at = new Int32Array(n).fill(-1);
  let out = 0;
  let start = 0;
  for (let i = 0; i < n; i++) {
    const end = offsets[i + 1]!;
    const rowStart = out;
    for (let p = start; p < end; p++) {
      const j = targets[p]!;
      const q = at[j]!;
      if (q >= rowStart) {
        w[q]! += w[p]!;
      } else {
        at[j] = out;
        targets[out] = j;
        w[out] = w[p]!;
        out++;
      }
    }
    start = end;
    offsets[i] = rowStart;
  }
  offsets[n] = out;
  return {
    n,
    offsets,
    targets: out === nnz ? targets : targets.slice(0, out),
    weights: out === nnz ? w : w.slice(0, out),
    loops,
  };
}

/** Weighted degrees (a self-loop counts twice). */
function degrees(g: Csr): Float64Array {
  const k = new Float64Array(g.n);
  for (let i = 0; i < g.n; i++) {
    let s = 2 * g.loops[i]!;
    for (let p = g.offsets[i]!; p < g.offsets[i + 1]!; p++) s += g.weights[p]!;
    k[i] = s;
  }
  return k;
}

/** The modularity of a partition (community index per node). */
export function modularity(g: Csr, community: Int32Array, resolution = 1): number {
  const k = degrees(g);
  let m2 = 0;
  for (let i = 0; i < g.n; i++) m2 += k[i]!;
  if (m2 === 0) return 0;
  let count = 0;
  for (let i = 0; i < g.n; i++) if (community[i]! + 1 > count) count = community[i]! + 1;
  const tot = new Float64Array(count);
  let inside = 0;
  for (let i = 0; i < g.n; i++) {
    const c = community[i]!;
    tot[c]! += k[i]!;
    inside += 2 * g.loops[i]!;
    for (let p = g.offsets[i]!; p < g.offsets[i + 1]!; p++)
      if (community[g.targets[p]!] === c) inside += g.weights[p]!;
  }
  let q = inside / m2;
  for (let c = 0; c < count; c++) q -= resolution * (tot[c]! / m2) ** 2;
  return q;
}

/**
 * One level's local moving: each node goes to the neighbouring community with the largest modularity gain,
 * visiting nodes from a queue (random order first, then the neighbours of moved nodes). Returns the community
 * of each node (indexes of nodes) and whether any node moved.
 */
function localMoves(g: Csr, m2: number, resolution: number, rng: () => number) {
  const n = g.n;
  const { offsets, targets, weights } = g;
  const k = degrees(g);
  const comm = new Int32Array(n);
  const tot = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    comm[i] = i;
    tot[i] = k[i]!;
  }
  const neighW = new Float64Array(n).fill(-1);
  const neighList = new Int32Array(n);
  // circular queue of nodes to visit; every node once, in random order
  const queue = new Int32Array(n);
  const queued = new Uint8Array(n).fill(1);
  for (let i = 0; i < n; i++) queue[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = queue[i]!;
    queue[i] = queue[j]!;
    queue[j] = t;
  }
  let head = 0;
  let length = n;
  let moved = false;
  const scale = resolution / m2;
  while (length > 0) {
    const i = queue[head]!;
    head = head + 1 === n ? 0 : head + 1;
    length--;
    queued[i] = 0;
    const ci = comm[i]!;
    const ki = k[i]!;
    let cnt = 0;
    neighW[ci] = 0;
    neighList[cnt++] = ci;
    const end = offsets[i + 1]!;
    for (let p = offsets[i]!; p < end; p++) {
      const c = comm[targets[p]!]!;
      if (neighW[c]! < 0) {
        neighW[c] = 0;
        neighList[cnt++] = c;
      }
      neighW[c]! += weights[p]!;
    }
    tot[ci]! -= ki;
    let best = ci;
    let bestGain = neighW[ci]! - tot[ci]! * ki * scale;
    for (let t = 1; t < cnt; t++) {
      const c = neighList[t]!;
      const gain = neighW[c]! - tot[c]! * ki * scale;
      if (gain > bestGain + 1e-10) {
        bestGain = gain;
        best = c;
      }
    }
    tot[best]! += ki;
    for (let t = 0; t < cnt; t++) neighW[neighList[t]!] = -1;
    if (best !== ci) {
      comm[i] = best;
      moved = true;
      for (let p = offsets[i]!; p < end; p++) {
        const j = targets[p]!;
        if (queued[j] === 0 && comm[j] !== best) {
          queued[j] = 1;
          let tail = head + length;
          if (tail >= n) tail -= n;
          queue[tail] = j;
          length++;
        }
      }
    }
  }
  return { comm, moved };
}

/** Renumbers community labels to 0..count-1 in order of first appearance; returns count. */
function renumber(comm: Int32Array): number {
  const map = new Int32Array(comm.length).fill(-1);
  let count = 0;
  for (let i = 0; i < comm.length; i++) {
    const c = comm[i]!;
    if (map[c]! < 0) map[c] = count++;
    comm[i] = map[c]!;
  }
  return count;
}

/** The graph of communities: one node per community, edge weights summed, inside weights as self-loops. */
function aggregate(g: Csr, comm: Int32Array, count: number): Csr {
  const n = g.n;
  const start = new Int32Array(count + 1);
  for (let i = 0; i < n; i++) start[comm[i]! + 1]!++;
  for (let c = 0; c < count; c++) start[c + 1]! += start[c]!;
  const members = new Int32Array(n);
  const cursor = start.slice(0, count);
  for (let i = 0; i < n; i++) members[cursor[comm[i]!]!++] = i;
  const offsets = new Int32Array(count + 1);
  const targets = new Int32Array(g.targets.length);
  const weights = new Float64Array(g.targets.length);
  const loops = new Float64Array(count);
  const acc = new Float64Array(count).fill(-1);
  const list = new Int32Array(count);
  let out = 0;
  for (let c = 0; c < count; c++) {
    offsets[c] = out;
    let cnt = 0;
    let inside = 0;
    let loop = 0;
    for (let x = start[c]!; x < start[c + 1]!; x++) {
      const i = members[x]!;
      loop += g.loops[i]!;
      for (let p = g.offsets[i]!; p < g.offsets[i + 1]!; p++) {
        const d = comm[g.targets[p]!]!;
        if (d === c) inside += g.weights[p]!;
        else {
          if (acc[d]! < 0) {
            acc[d] = 0;
            list[cnt++] = d;
          }
          acc[d]! += g.weights[p]!;
        }
      }
    }
    loops[c] = inside / 2 + loop;
    for (let t = 0; t < cnt; t++) {
      const d = list[t]!;
      targets[out] = d;
      weights[out] = acc[d]!;
      acc[d] = -1;
      out++;
    }
  }
  offsets[count] = out;
  return { n: count, offsets, targets: targets.slice(0, out), weights: weights.slice(0, out), loops };
}

export interface LouvainOptions {
  /** Random order of the visits (seeded: the same graph gives the same communities). */
  rng: () => number;
  resolution?: number;
  /** Stop after this many levels (default: until no node moves). */
  maxLevels?: number;
}
export interface LouvainResult {
  /** community index (0..count-1, in order of first appearance) of each node */
  community: Int32Array;
  count: number;
  /** at resolution 1, like graphology-communities-louvain's `modularity` */
  modularity: number;
  levels: number;
}

/** Louvain communities of a CSR graph. */
export function louvain(g: Csr, opts: LouvainOptions): LouvainResult {
  const resolution = opts.resolution ?? 1;
  const membership = new Int32Array(g.n);
  for (let i = 0; i < g.n; i++) membership[i] = i;
  const k = degrees(g);
  let m2 = 0;
  for (let i = 0; i < g.n; i++) m2 += k[i]!;
  let cur = g;
  let levels = 0;
  if (m2 > 0) {
    while (levels < (opts.maxLevels ?? 100)) {
      const { comm, moved } = localMoves(cur, m2, resolution, opts.rng);
      if (!moved) break;
      levels++;
      const count = renumber(comm);
      for (let i = 0; i < g.n; i++) membership[i] = comm[membership[i]!]!;
      if (count === cur.n) break;
      cur = aggregate(cur, comm, count);
    }
  }
  const count = renumber(membership);
  return { community: membership, count, modularity: modularity(g, membership), levels };
}

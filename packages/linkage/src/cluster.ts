/** Turning scored pairs into clusters of records that are the same person. */

/** Union-find over record indices. */
export class DisjointSets {
  readonly parent: Int32Array;
  readonly size: Int32Array;
  constructor(n: number) {
    this.parent = Int32Array.from({ length: n }, (_, i) => i);
    this.size = new Int32Array(n).fill(1);
  }
  find(x: number): number {
    let r = x;
    while (this.parent[r] !== r) r = this.parent[r]!;
    let c = x;
    while (this.parent[c] !== r) {
      const next = this.parent[c]!;
      this.parent[c] = r;
      c = next;
    }
    return r;
  }
  union(a: number, b: number): number {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return ra;
    if (this.size[ra]! < this.size[rb]!) [ra, rb] = [rb, ra];
    this.parent[rb] = ra;
    this.size[ra]! += this.size[rb]!;
    return ra;
  }
}

/**
 * Union-find over string keys (person ids, CURP blind indexes): the same DisjointSets underneath, grown as keys
 * come. A set's representative is its smallest key, so the result does not depend on the order of unions.
 * `find` of a key never seen is the key itself.
 */
export class KeyedSets {
  private ds = new DisjointSets(16);
  private readonly index = new Map<string, number>();
  private readonly names: string[] = [];
  /** The smallest key of the set whose root is at this index. */
  private readonly least: string[] = [];

  /** Adds a key (a set of its own) unless known; returns its index. */
  add(key: string): number {
    const known = this.index.get(key);
    if (known !== undefined) return known;
    const i = this.names.length;
    if (i === this.ds.parent.length) {
      const bigger = new DisjointSets(i * 2);
      bigger.parent.set(this.ds.parent);
      bigger.size.set(this.ds.size);
      this.ds = bigger;
    }
    this.index.set(key, i);
    this.names.push(key);
    this.least.push(key);
    return i;
  }

  find(key: string): string {
    const i = this.index.get(key);
    return i === undefined ? key : this.least[this.ds.find(i)]!;
  }

  union(a: string, b: string): void {
    // indices first: add() may replace this.ds, and `this.ds.find(this.add(a))` would read the old one
    const ia = this.add(a);
    const ib = this.add(b);
    const ra = this.ds.find(ia);
    const rb = this.ds.find(ib);
    if (ra === rb) return;
    const la = this.least[ra]!;
    const lb = this.least[rb]!;
    this.least[this.ds.union(ra, rb)] = la < lb ? la : lb;
  }

  /** Every key added (directly or by a union), in the order they came. */
  keys(): readonly string[] {
    return this.names;
  }
}

export interface Edges {
  readonly a: Uint32Array;
  readonly b: Uint32Array;
  readonly p: Float32Array;
  readonly count: number;
}

export interface ClusterOptions {
  /** Edges at or above this probability may join records. */
  readonly threshold: number;
  /** Two groups merge only if the mean probability of their scored pairs reaches this (default: threshold). */
  readonly groupThreshold?: number;
  /** True when two records can never be the same person (e.g. different valid CURPs). */
  readonly conflict?: (x: number, y: number) => boolean;
  /**
   * Scores pairs that blocking never compared (match probabilities, one per pair). When given, every pair inside a
   * component of strong edges (up to UNSCORED_COMPONENT_MAX records) that was not scored is scored before groups are
   * judged: a pair no blocking rule met is not evidence against (a misspelt surname and a missing date can keep two
   * records of one person out of every block), and its own score, not a 0, says whether the groups are one person.
   */
  readonly scoreUnscored?: (left: Uint32Array, right: Uint32Array) => ArrayLike<number>;
}

/** Components of strong edges larger than this keep their unscored pairs at 0 (their pairs grow as the square). */
export const UNSCORED_COMPONENT_MAX = 60;

/**
 * Clusters for deduplication. Strong edges are joined in descending order, but two groups merge only if
 * (1) no pair across them conflicts and (2) the mean probability over all pairs across them (a pair never
 * scored, i.e. sharing no blocking key, counts as 0) reaches the group threshold (average linkage). So one weak link cannot chain unrelated people together.
 * Returns a cluster number per record (the smallest record index in the cluster).
 */
export function clusterRecords(n: number, edges: Edges, opts: ClusterOptions): Int32Array {
  const { threshold } = opts;
  const groupThreshold = opts.groupThreshold ?? threshold;
  const order: number[] = [];
  for (let e = 0; e < edges.count; e++) if (edges.p[e]! >= threshold) order.push(e);
  order.sort((x, y) => edges.p[y]! - edges.p[x]!);
  // components of strong edges; only inside components of 3+ records can a weak link chain people
  const comp = new DisjointSets(n);
  for (const e of order) comp.union(edges.a[e]!, edges.b[e]!);
  // every scored pair inside such a component, to judge group merges (pairs never scored are no evidence)
  const scored = new Map<number, number>();
  const key = (x: number, y: number) => (x < y ? x * n + y : y * n + x);
  for (let e = 0; e < edges.count; e++) {
    const x = edges.a[e]!;
    const y = edges.b[e]!;
    const r = comp.find(x);
    if (r === comp.find(y) && comp.size[r]! > 2) scored.set(key(x, y), edges.p[e]!);
  }
  if (opts.scoreUnscored) scoreMissingPairs(n, comp, scored, key, opts.scoreUnscored);
  const ds = new DisjointSets(n);
  const members = new Map<number, number[]>();
  const membersOf = (r: number): number[] => members.get(r) ?? [r];
  for (const e of order) {
    const x = edges.a[e]!;
    const y = edges.b[e]!;
    const rx = ds.find(x);
    const ry = ds.find(y);
    if (rx === ry) continue;
    const mx = membersOf(rx);
    const my = membersOf(ry);
    if (mx.length * my.length > 250_000) continue;
    let ok = true;
    let sum = 0;
    outer: for (const s of mx) {
      for (const t of my) {
        if (opts.conflict?.(s, t)) {
          ok = false;
          break outer;
        }
        const p = scored.get(key(s, t));
        if (p !== undefined) sum += p;
      }
    }
    if (!ok || (mx.length * my.length > 1 && sum / (mx.length * my.length) < groupThreshold)) continue;
    const r = ds.union(rx, ry);
    const merged = mx.concat(my);
    members.delete(rx);
    members.delete(ry);
    members.set(r, merged);
  }
  const out = new Int32Array(n);
  const smallest = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const r = ds.find(i);
    if (!smallest.has(r)) smallest.set(r, i);
    out[i] = smallest.get(r)!;
  }
  return out;
}

/** Scores the pairs never compared inside components of 3 to UNSCORED_COMPONENT_MAX records (see ClusterOptions). */
function scoreMissingPairs(
  n: number,
  comp: DisjointSets,
  scored: Map<number, number>,
  key: (x: number, y: number) => number,
  score: (left: Uint32Array, right: Uint32Array) => ArrayLike<number>,
): void {
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const r = comp.find(i);
    const size = comp.size[r]!;
    if (size <= 2 || size > UNSCORED_COMPONENT_MAX) continue;
    const g = groups.get(r);
    if (g) g.push(i);
    else groups.set(r, [i]);
  }
  const left: number[] = [];
  const right: number[] = [];
  for (const g of groups.values())
    for (let x = 0; x < g.length; x++)
      for (let y = x + 1; y < g.length; y++)
        if (!scored.has(key(g[x]!, g[y]!))) {
          left.push(g[x]!);
          right.push(g[y]!);
        }
  if (left.length === 0) return;
  const probs = score(Uint32Array.from(left), Uint32Array.from(right));
  for (let k = 0; k < left.length; k++) scored.set(key(left[k]!, right[k]!), probs[k]!);
}

/**
 * One-to-one assignment for two files (each record is linked at most once): greedy best link first.
 * Returns the chosen edge indices.
 */
export function oneToOne(nLeft: number, nRight: number, edges: Edges, threshold: number): number[] {
  const order: number[] = [];
  for (let e = 0; e < edges.count; e++) if (edges.p[e]! >= threshold) order.push(e);
  order.sort((x, y) => edges.p[y]! - edges.p[x]! || x - y);
  const usedL = new Uint8Array(nLeft);
  const usedR = new Uint8Array(nRight);
  const chosen: number[] = [];
  for (const e of order) {
    const l = edges.a[e]!;
    const r = edges.b[e]!;
    if (usedL[l] || usedR[r]) continue;
    usedL[l] = 1;
    usedR[r] = 1;
    chosen.push(e);
  }
  return chosen;
}

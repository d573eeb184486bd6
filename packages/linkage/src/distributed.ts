/**
 * Deduplication spread over several processes or machines, with the same result as `linkDedup` in one process.
 *
 * The coordinator prepares every record and finds the candidate pairs (blocking: the same pairs in the same order
 * as `linkDedup`), then splits the pairs into parts by blocking key: every pair of one block of one rule goes to
 * the same part (hash of the rule's key), the sorted-neighbourhood pairs by their left record. A part carries only
 * the records its pairs need (their fields), the pairs as indices into them, and each record's term-frequency
 * weights computed on the whole input. A worker compares the pairs of a part (`comparePart`: the library's own
 * `compareRange`, the same comparison vectors as in one process) and hands them back. The coordinator puts the
 * vectors back in the pairs' order (`finishDedup`), then runs what `linkDedup` runs after comparing: the model
 * estimated once on all the candidates (EM on the pattern counts, u from random pairs of the whole input), the
 * scores, the pair priors and the clustering. Pair scores, links and clusters are therefore exactly those of one
 * process, whatever the number of parts or workers and whichever worker took which part.
 *
 * No I/O here: how the parts travel (apps/server: a PostgreSQL queue) is the caller's business.
 */
import { ALL_RULES, type BlockingRule, type CandidatePairs, candidatePairs, hash32 } from './blocking.ts';
import { ALL_COMPARISONS, activeComparisons, type Comparison } from './comparisons.ts';
import { dedupResult, type LinkOptions, type LinkResult, scoreCompared } from './link.ts';
import { compareRange, type PatternData, TermFrequencies } from './model.ts';
import { type PreparedSet, type PrepareOptions, prepareRecords } from './prepare.ts';
import type { LinkRecord } from './types.ts';

/** One part of a distributed deduplication: what a worker needs to compare its pairs. */
export interface PlanPart {
  readonly part: number;
  /** The records the part's pairs touch, as indices into the whole input (ascending). */
  readonly records: Uint32Array;
  /** Each pair's records, as indices into `records`. */
  readonly left: Uint32Array;
  readonly right: Uint32Array;
  /** Each pair's place in the whole input's candidate pairs (ascending). */
  readonly index: Uint32Array;
  /**
   * Term-frequency weights of the part's records (log2 frequency on the whole input), one block of
   * `records.length` values per comparison with a term-frequency column, in the comparisons' order.
   */
  readonly tf: Float32Array;
}

export interface DedupPlan {
  readonly a: PreparedSet;
  readonly comps: readonly Comparison[];
  readonly pairs: CandidatePairs;
  readonly termFrequencies: boolean;
  readonly parts: readonly PlanPart[];
}

export interface PlanOptions extends PrepareOptions, Pick<LinkOptions, 'rules' | 'maxBlockSize' | 'model'> {
  /** Parts to split the candidate pairs into (at least 1), or how many for a number of candidate pairs. */
  readonly parts: number | ((pairs: number) => number);
  /** Term-frequency adjustment (default true, as in linkDedup). */
  readonly termFrequencies?: boolean;
  /**
   * Parts carry their own records (default true): `records` lists them, `left`/`right` index into them and `tf`
   * holds their weights, for a worker that sees only the part (`comparePart`). False: the workers hold every record
   * of the run (`RunComparer`), so a part is only its pairs — `left`/`right` are indices into the whole input,
   * `records` and `tf` are empty — and planning does no work per part and record (the coordinator's time).
   */
  readonly localRecords?: boolean;
}

/** Prepares, blocks and splits the candidate pairs by blocking key (the coordinator's first step). */
export function planDedup(records: readonly LinkRecord[] | PreparedSet, opts: PlanOptions): DedupPlan {
  const a = Array.isArray(records) ? prepareRecords(records as readonly LinkRecord[], opts) : records;
  const prepared = a as PreparedSet;
  const comps = activeComparisons(prepared, prepared).filter(
    (c) => !opts.model || opts.model.comparisons.includes(c.name),
  );
  if (comps.length === 0) throw new Error('no field can be compared: map at least one column on both sides');
  const rules = opts.rules ?? ALL_RULES;
  const pairs = candidatePairs(prepared, undefined, { rules, maxBlockSize: opts.maxBlockSize });
  const J = Math.max(1, Math.floor(typeof opts.parts === 'number' ? opts.parts : opts.parts(pairs.count)));
  const partOf = partitionByKey(prepared, pairs, rules, J);
  const useTf = opts.termFrequencies !== false;
  if (opts.localRecords === false) {
    const counts = new Int32Array(J);
    for (let e = 0; e < pairs.count; e++) counts[partOf[e]!]!++;
    const parts = Array.from({ length: J }, (_, j) => ({
      part: j,
      records: new Uint32Array(0),
      left: new Uint32Array(counts[j]!),
      right: new Uint32Array(counts[j]!),
      index: new Uint32Array(counts[j]!),
      tf: new Float32Array(0),
    }));
    const fill = new Int32Array(J);
    for (let e = 0; e < pairs.count; e++) {
      const j = partOf[e]!;
      const p = parts[j]!;
      const at = fill[j]!++;
      p.index[at] = e;
      p.left[at] = pairs.left[e]!;
      p.right[at] = pairs.right[e]!;
    }
    return { a: prepared, comps, pairs, termFrequencies: useTf, parts };
  }
  const tfComps = comps.filter((c) => c.tfColumn !== undefined);
  const tf = useTf
    ? new TermFrequencies(
        [prepared],
        tfComps.map((c) => c.tfColumn!),
      )
    : null;
  const tfCols = tf ? tfComps.map((c) => tf.column(c.tfColumn!, prepared)) : [];
  // pairs per part, then each part's records
  const counts = new Int32Array(J);
  for (let e = 0; e < pairs.count; e++) counts[partOf[e]!]!++;
  const index = Array.from({ length: J }, (_, j) => new Uint32Array(counts[j]!));
  const fill = new Int32Array(J);
  for (let e = 0; e < pairs.count; e++) {
    const j = partOf[e]!;
    index[j]![fill[j]!++] = e;
  }
  const localOf = new Int32Array(prepared.size).fill(-1);
  const parts: PlanPart[] = [];
  for (let j = 0; j < J; j++) {
    const idx = index[j]!;
    const seen = new Uint8Array(prepared.size);
    let n = 0;
    for (const e of idx) {
      for (const x of [pairs.left[e]!, pairs.right[e]!]) {
        if (!seen[x]) {
          seen[x] = 1;
          n++;
        }
      }
    }
    const recs = new Uint32Array(n);
    let k = 0;
    for (let x = 0; x < prepared.size; x++) if (seen[x]) recs[k++] = x;
    recs.forEach((x, i) => {
      localOf[x] = i;
    });
    const left = new Uint32Array(idx.length);
    const right = new Uint32Array(idx.length);
    idx.forEach((e, p) => {
      left[p] = localOf[pairs.left[e]!]!;
      right[p] = localOf[pairs.right[e]!]!;
    });
    const tfOut = new Float32Array(tfCols.length * n);
    tfCols.forEach((col, c) => {
      for (let i = 0; i < n; i++) tfOut[c * n + i] = col[recs[i]!]!;
    });
    parts.push({ part: j, records: recs, left, right, index: idx, tf: tfOut });
  }
  return { a: prepared, comps, pairs, termFrequencies: useTf, parts };
}

/**
 * The part of each candidate pair: a pair found by a blocking rule goes where that rule's key sends it (so a block
 * is never split), a sorted-neighbourhood pair where its left record sends it. The pairs of `candidatePairs` come
 * rule by rule (`perRule` counts them in the same order); if the counts do not add up, pairs are split by position.
 */
function partitionByKey(
  a: PreparedSet,
  pairs: CandidatePairs,
  rules: readonly BlockingRule[],
  parts: number,
): Uint32Array {
  const out = new Uint32Array(pairs.count);
  if (parts === 1) return out;
  const spans = rules.map((r) => pairs.perRule[r.name] ?? 0);
  const rest = pairs.count - spans.reduce((x, y) => x + y, 0);
  if (rest < 0 || new Set(rules.map((r) => r.name)).size !== rules.length) {
    for (let e = 0; e < pairs.count; e++) out[e] = Math.floor((e * parts) / pairs.count);
    return out;
  }
  let e = 0;
  // a record's key hash once per rule (a record is the left one of many pairs): the same hash32(rule.key(a, left))
  const hashes = new Uint32Array(a.size);
  const known = new Uint8Array(a.size);
  rules.forEach((rule, r) => {
    const end = e + spans[r]!;
    known.fill(0);
    for (; e < end; e++) {
      const x = pairs.left[e]!;
      if (!known[x]) {
        hashes[x] = hash32(rule.key(a, x));
        known[x] = 1;
      }
      out[e] = hashes[x]! % parts;
    }
  });
  for (; e < pairs.count; e++) out[e] = hash32(`snm:${pairs.left[e]!}`) % parts;
  return out;
}

/** What a worker hands back for one part: the comparison vectors of its pairs, in the part's order. */
export interface PartResult {
  readonly patterns: Uint32Array;
  readonly tfTop: Float32Array;
  readonly curp: Int8Array;
}

const COMPARISONS = new Map<string, Comparison>(ALL_COMPARISONS.map((c) => [c.name, c]));

/**
 * A worker's job: compares the pairs of one part. `records` are the part's records (in the part's order),
 * `comparisons` the plan's comparison names, `tf` and `termFrequencies` as in the plan.
 */
export function comparePart(
  comparisons: readonly string[],
  records: readonly LinkRecord[],
  left: Uint32Array,
  right: Uint32Array,
  tf: Float32Array,
  termFrequencies: boolean,
  opts: PrepareOptions = {},
): PartResult {
  const comps = comparisons.map((name) => {
    const c = COMPARISONS.get(name);
    if (!c) throw new Error(`unknown comparison ${name}`);
    return c;
  });
  const p = prepareRecords(records, opts);
  const n = p.size;
  let t = 0;
  const tfCols = comps.map((c) => {
    if (c.tfColumn === undefined) return null;
    const col = tf.subarray(t * n, (t + 1) * n);
    t++;
    return termFrequencies ? col : null;
  });
  if (termFrequencies && tf.length !== t * n) throw new Error('term frequencies do not fit the part');
  const count = left.length;
  const out = {
    patterns: new Uint32Array(count),
    tfTop: new Float32Array(count),
    curp: new Int8Array(count),
  };
  const bound = comps.map((c) => c.bind(p, p));
  compareRange(comps, p, p, { left, right }, bound, tfCols, tfCols, out, 0, count);
  return out;
}

/**
 * A worker's view of one run when it holds every record of the run (parts planned with `localRecords: false`):
 * the records prepared once, the term-frequency weights computed on all of them (as the coordinator computes them)
 * and the comparers bound once; then each part is only its pairs, indices into the run's records. The same
 * comparison vectors as `comparePart` on a part that carries its records (a comparison reads only its two records
 * and their weights).
 */
export class RunComparer {
  private readonly comps: readonly Comparison[];
  private readonly p: PreparedSet;
  private readonly bound: ReturnType<Comparison['bind']>[];
  private readonly tfCols: (Float32Array | null)[];
  constructor(
    comparisons: readonly string[],
    records: readonly LinkRecord[],
    termFrequencies: boolean,
    opts: PrepareOptions = {},
  ) {
    this.comps = comparisons.map((name) => {
      const c = COMPARISONS.get(name);
      if (!c) throw new Error(`unknown comparison ${name}`);
      return c;
    });
    this.p = prepareRecords(records, opts);
    const tfComps = this.comps.filter((c) => c.tfColumn !== undefined);
    const tf = termFrequencies
      ? new TermFrequencies(
          [this.p],
          tfComps.map((c) => c.tfColumn!),
        )
      : null;
    this.tfCols = this.comps.map((c) =>
      tf && c.tfColumn !== undefined ? tf.column(c.tfColumn, this.p) : null,
    );
    this.bound = this.comps.map((c) => c.bind(this.p, this.p));
  }
  get size(): number {
    return this.p.size;
  }
  compare(left: Uint32Array, right: Uint32Array): PartResult {
    const count = left.length;
    if (right.length !== count) throw new Error('a part has a wrong size');
    for (let e = 0; e < count; e++)
      if (left[e]! >= this.p.size || right[e]! >= this.p.size)
        throw new Error('a part names a record the run does not have');
    const out = {
      patterns: new Uint32Array(count),
      tfTop: new Float32Array(count),
      curp: new Int8Array(count),
    };
    compareRange(
      this.comps,
      this.p,
      this.p,
      { left, right },
      this.bound,
      this.tfCols,
      this.tfCols,
      out,
      0,
      count,
    );
    return out;
  }
}

/**
 * The coordinator's last step: puts the parts' comparison vectors back in order and scores, estimates the model
 * (unless `opts.model`), applies the pair priors and clusters, as `linkDedup` does. `results[j]` is part j's.
 */
export function finishDedup(
  plan: DedupPlan,
  results: readonly PartResult[],
  opts: Omit<LinkOptions, 'workers'> = {},
): LinkResult {
  const { a, comps, pairs } = plan;
  const n = pairs.count;
  const patterns = new Uint32Array(n);
  const tfTop = new Float32Array(n);
  const curp = new Int8Array(n);
  plan.parts.forEach((part, j) => {
    const r = results[j];
    if (!r || r.patterns.length !== part.index.length)
      throw new Error(`part ${j}: no result or a wrong size`);
    part.index.forEach((e, p) => {
      patterns[e] = r.patterns[p]!;
      tfTop[e] = r.tfTop[p]!;
      curp[e] = r.curp[p]!;
    });
  });
  const data: PatternData = {
    patterns,
    tfTop,
    curp,
    radix: comps.map((c) => c.levels + 1),
    tfApplied: plan.termFrequencies,
  };
  const bound = comps.map((c) => c.bind(a, a));
  const { probs, model } = scoreCompared(a, undefined, comps, pairs, data, bound, {
    ...opts,
    termFrequencies: plan.termFrequencies,
  });
  return dedupResult(a, comps, pairs, probs, model, 1, opts.threshold ?? 0.5, opts);
}

/** Serialises a part's result (patterns, tfTop, curp) into bytes, and back. */
export function encodePartResult(r: PartResult): Uint8Array {
  const n = r.patterns.length;
  const out = new Uint8Array(9 * n);
  out.set(new Uint8Array(r.patterns.buffer, r.patterns.byteOffset, 4 * n), 0);
  out.set(new Uint8Array(r.tfTop.buffer, r.tfTop.byteOffset, 4 * n), 4 * n);
  out.set(new Uint8Array(r.curp.buffer, r.curp.byteOffset, n), 8 * n);
  return out;
}

export function decodePartResult(bytes: Uint8Array): PartResult {
  if (bytes.length % 9 !== 0) throw new Error('a part result has a wrong size');
  const n = bytes.length / 9;
  const copy = new Uint8Array(bytes); // aligned
  return {
    patterns: new Uint32Array(copy.buffer, 0, n),
    tfTop: new Float32Array(copy.buffer, 4 * n, n),
    curp: new Int8Array(copy.buffer, 8 * n, n),
  };
}

/** Serialises a part's pairs and term-frequency weights (left, right, tf) into bytes, and back. */
export function encodePartPairs(p: Pick<PlanPart, 'left' | 'right' | 'tf'>): Uint8Array {
  const n = p.left.length;
  const out = new Uint8Array(4 + 8 * n + 4 * p.tf.length);
  new DataView(out.buffer).setUint32(0, n, true);
  out.set(new Uint8Array(p.left.buffer, p.left.byteOffset, 4 * n), 4);
  out.set(new Uint8Array(p.right.buffer, p.right.byteOffset, 4 * n), 4 + 4 * n);
  out.set(new Uint8Array(p.tf.buffer, p.tf.byteOffset, 4 * p.tf.length), 4 + 8 * n);
  return out;
}

export function decodePartPairs(bytes: Uint8Array): {
  left: Uint32Array;
  right: Uint32Array;
  tf: Float32Array;
} {
  const copy = new Uint8Array(bytes);
  const n = new DataView(copy.buffer).getUint32(0, true);
  const rest = copy.length - 4 - 8 * n;
  if (rest < 0 || rest % 4 !== 0) throw new Error('a part has a wrong size');
  // offsets 4, 4 + 4n, 4 + 8n are multiples of 4
  return {
    left: new Uint32Array(copy.buffer, 4, n),
    right: new Uint32Array(copy.buffer, 4 + 4 * n, n),
    tf: new Float32Array(copy.buffer, 4 + 8 * n, rest / 4),
  };
}

import { ALL_RULES, type BlockingRule, type CandidatePairs, candidatePairs } from './blocking.ts';
import { clusterRecords, type Edges, oneToOne } from './cluster.ts';
import {
  activeComparisons,
  type Comparison,
  curpConflict,
  type PairComparer,
  type TfColumn,
} from './comparisons.ts';
import {
  type ContextModel,
  type ContextOf,
  contextLevels,
  contextWeight,
  estimateContext,
  type PairPrior,
} from './context.ts';
import {
  comparePairs,
  estimateModel,
  estimateU,
  type FsModel,
  type PatternData,
  priorsFor,
  scorePairs,
  TermFrequencies,
} from './model.ts';
import { defaultWorkers, Helpers, ParallelFailure, shippedComparisons, shippedRules } from './parallel.ts';
import { type PreparedSet, type PrepareOptions, prepareRecords } from './prepare.ts';
import type { LinkRecord } from './types.ts';

export type Stage = 'prepare' | 'blocking' | 'sampling' | 'comparing' | 'em' | 'scoring' | 'clustering';

export interface LinkOptions extends PrepareOptions {
  /** Pairs at or above this match probability are links (default 0.5). */
  readonly threshold?: number;
  /**
   * Deduplicating: the probability at which records are grouped into persons (default `threshold`). With a lower
   * `threshold` (a review band), the result also holds the pairs from `threshold` up to this one, whatever their
   * groups, and above it only the pairs inside a group: so links at or above it join exactly the groups.
   */
  readonly clusterThreshold?: number;
  readonly rules?: readonly BlockingRule[];
  readonly maxBlockSize?: number;
  /** Random pairs drawn to estimate u (default 200,000). */
  readonly uSamples?: number;
  /** Two files: each record linked at most once (default true). Ignored when deduplicating. */
  readonly oneToOne?: boolean;
  /** A model estimated earlier; when given, EM is skipped. */
  readonly model?: FsModel;
  readonly onStage?: (stage: Stage, info?: Readonly<Record<string, number>>) => void;
  /** Term-frequency adjustment (default true); off for small candidate sets whose frequencies mislead. */
  readonly termFrequencies?: boolean;
  /**
   * What the caller knows about a pair beyond its fields, as the prior chance that the two records are one person
   * (replacing the model's prior for every pair of the input, `model.lambda`); undefined: nothing known. Inside
   * Enlace: agency A referred its person x to agency S, and y is one of S's own records, so the prior that y is x
   * is about one in the number of S's records rather than one in every pair of the nation. Never applied where
   * the records themselves say two persons (different given names, or two birth dates beyond a typo).
   */
  readonly pairPrior?: PairPrior;
  /**
   * Where and when each record was written (`RecordContext`: agency, date, state, form), when the caller knows:
   * compared between records of two agencies, its m and u learned from the input (or taken from `model.context`),
   * added to the fields' evidence. Never where the records themselves say two persons (different given names, two
   * birth dates beyond a typo): twins or sisters found in one operation share all of it.
   */
  readonly context?: ContextOf;
  /**
   * Threads for blocking and comparing, the calling one included (default: ENLACE_LINK_WORKERS, else 2 when
   * the machine has 2 cores or more and the input has PARALLEL_MIN_RECORDS records or more, else 1). The result
   * is the same with any number; with custom rules everything runs on the calling thread.
   */
  readonly workers?: number;
}

export interface LinkResult {
  /** Linked pairs (index into left, index into right; same set when deduplicating), best first. */
  readonly pairs: readonly { left: number; right: number; probability: number }[];
  /** Cluster number per record: left records first, then right records. */
  readonly clusters: Int32Array;
  readonly model: FsModel;
  readonly candidates: number;
  readonly comparisons: readonly string[];
  readonly left: PreparedSet;
  readonly right: PreparedSet | undefined;
  /** Threads that blocked and compared (1: the calling thread alone). */
  readonly workers: number;
}

interface Scored {
  comps: Comparison[];
  pairs: CandidatePairs;
  probs: Float32Array;
  model: FsModel;
  workers: number;
  /** The comparers and term frequencies the candidates were compared with (to score more pairs alike). */
  compared: Compared | undefined;
}

/** Bound comparers and term frequencies of one deduplication, reused to score pairs clustering asks about. */
interface Compared {
  readonly bound: readonly PairComparer[];
  readonly tf: TermFrequencies | null;
}

function scoreAll(a: PreparedSet, b: PreparedSet | undefined, opts: LinkOptions): Scored {
  const right = b ?? a;
  const comps = activeComparisons(a, right).filter(
    (c) => !opts.model || opts.model.comparisons.includes(c.name),
  );
  if (comps.length === 0) throw new Error('no field can be compared: map at least one column on both sides');
  const rules = opts.rules ?? ALL_RULES;
  const wanted = Math.max(1, Math.floor(opts.workers ?? defaultWorkers(a.size + (b?.size ?? 0))));
  const parallel = wanted > 1 && shippedRules(rules) && shippedComparisons(comps);
  const helpers = parallel ? new Helpers(wanted - 1) : undefined;
  try {
    helpers?.sets(a, b);
    return scoreWith(a, b, comps, rules, opts, helpers);
  } catch (e) {
    if (!(e instanceof ParallelFailure)) throw e;
    // a helper thread failed: the same run on this thread alone
    helpers?.close();
    return scoreWith(a, b, comps, rules, opts, undefined);
  } finally {
    helpers?.close();
  }
}

function scoreWith(
  a: PreparedSet,
  b: PreparedSet | undefined,
  comps: Comparison[],
  rules: readonly BlockingRule[],
  opts: LinkOptions,
  helpers: Helpers | undefined,
): Scored {
  const right = b ?? a;
  opts.onStage?.('blocking');
  const blocking = { rules, maxBlockSize: opts.maxBlockSize };
  const blocked = helpers ? helpers.candidatePairs(a, b, rules, blocking) : candidatePairs(a, b, blocking);
  const pairs = withContextPairs(a, b, blocked, opts.pairPrior);
  const tfCols = comps.map((c) => c.tfColumn).filter((c): c is TfColumn => c !== undefined);
  const useTf = opts.termFrequencies !== false;
  const makeTf = () => (useTf ? new TermFrequencies(b ? [a, b] : [a], tfCols) : null);
  opts.onStage?.('comparing', { pairs: pairs.count });
  let bound: PairComparer[] = [];
  let tf: TermFrequencies | null = null;
  const prepare = () => {
    bound = comps.map((c) => c.bind(a, right));
    tf = makeTf();
    return { tf, bound };
  };
  let data: PatternData;
  if (helpers) {
    data = helpers.comparePairs(comps, a, b, pairs, useTf, prepare);
  } else {
    prepare();
    data = comparePairs(comps, a, right, pairs, tf, undefined, bound);
  }
  const { probs, model } = scoreCompared(a, b, comps, pairs, data, bound, opts);
  const compared = bound.length > 0 ? { bound, tf } : undefined;
  return { comps, pairs, probs, model, workers: 1 + (helpers?.used ?? 0), compared };
}

/**
 * What follows the comparing step: the model (estimated here unless `opts.model` is given), the pairs' match
 * probabilities and the pair priors. Exported for the linkage spread over machines (distributed.ts), whose
 * workers compare and whose coordinator then runs exactly these steps.
 */
export function scoreCompared(
  a: PreparedSet,
  b: PreparedSet | undefined,
  comps: readonly Comparison[],
  pairs: CandidatePairs,
  data: PatternData,
  bound: readonly PairComparer[],
  opts: LinkOptions,
): { probs: Float32Array; model: FsModel } {
  const right = b ?? a;
  let model = opts.model;
  if (!model) {
    opts.onStage?.('sampling');
    const u = estimateU(comps, a, b, opts.uSamples ?? 200_000, 1, bound);
    opts.onStage?.('em');
    // the birth date's prior m conditioned on how many of the input's dates are partial (years from ages)
    const fitted = estimateModel(comps, data, u, { mPrior: priorsFor(a, b) });
    // Scored against every possible pair, not only the candidates: blocking already chose pairs that share names, so
    // the prior becomes the chance that two records of the whole input match, and u the random-pair estimate (the
    // term-frequency weights of names are relative to the whole population too). Otherwise the names' evidence
    // would count twice and same-name, same-year namesakes in a large input would score as certain matches.
    const all = b ? a.size * b.size : (a.size * (a.size - 1)) / 2;
    const lambda = Math.min(0.5, Math.max(1e-12, (fitted.lambda * pairs.count) / Math.max(1, all)));
    model = { ...fitted, u, lambda };
  }
  opts.onStage?.('scoring');
  const probs = scorePairs(model, comps, data, right.size, b ? givenUnknownPairs(a, b, pairs) : undefined);
  if (opts.pairPrior) applyPairPriors(a, right, comps, bound, pairs, probs, model, opts.pairPrior);
  if (opts.context) {
    const ctx = model.context ?? estimateContext(a.ids, right.ids, opts.context, pairs, probs);
    if (ctx) {
      applyContext(a, right, comps, bound, pairs, probs, ctx, opts.context);
      if (!model.context) model = { ...model, context: ctx };
    }
  }
  return { probs, model };
}

/**
 * Two files: the candidate pairs where one of the two given names is not known to be a name, so that the twins' and
 * siblings' cap (different given names with the same full birth date, a close year or none) does not hold and the
 * learned weights decide. That cap weighs two names people carry; a spelling written with a digit ("eva17", "j0rdan":
 * text recognition, typing) or written nowhere else in either file ("jemrna" for "jemma") is one name garbled as
 * likely as another name. A name that two or more records of the input carry is a name, and keeps the cap.
 */
export function givenUnknownPairs(a: PreparedSet, b: PreparedSet, pairs: CandidatePairs): Uint8Array {
  const counts = new Map<string, number>();
  for (const s of [a, b]) for (const g of s.given) if (g) counts.set(g, (counts.get(g) ?? 0) + 1);
  const unknown = (s: PreparedSet) =>
    Uint8Array.from(s.given, (g, i) => (g && (counts.get(g) === 1 || /[0-9]/.test(s.givenRaw[i]!)) ? 1 : 0));
  const ua = unknown(a);
  const ub = unknown(b);
  const out = new Uint8Array(pairs.count);
  for (let e = 0; e < pairs.count; e++) out[e] = ua[pairs.left[e]!]! | ub[pairs.right[e]!]!;
  return out;
}

/** Adds the records' context to the pairs' evidence (see `LinkOptions.context`). */
function applyContext(
  a: PreparedSet,
  b: PreparedSet,
  comps: readonly Comparison[],
  bound: readonly PairComparer[],
  pairs: CandidatePairs,
  probs: Float32Array,
  ctx: ContextModel,
  contextOf: ContextOf,
): void {
  const given = bound[comps.findIndex((c) => c.name === 'given_names')];
  const date = bound[comps.findIndex((c) => c.name === 'birth_date')];
  const surname1 = bound[comps.findIndex((c) => c.name === 'surname_1')];
  const surname2 = bound[comps.findIndex((c) => c.name === 'surname_2')];
  for (let e = 0; e < pairs.count; e++) {
    const l = pairs.left[e]!;
    const r = pairs.right[e]!;
    const lv = contextLevels(contextOf(a.ids[l]!), contextOf(b.ids[r]!));
    if (!lv) continue;
    let w = contextWeight(ctx, lv);
    // the records say two persons: sisters or twins found in one operation share their context
    if (w > 0 && ((given && given(l, r) === 0) || (date && date(l, r) === 0))) w = 0;
    // no date to compare: the context adds to a name match, it does not make one (no surname agrees)
    if (
      w > 0 &&
      (!date || date(l, r) < 0) &&
      !(surname1 && surname1(l, r) > 0) &&
      !(surname2 && surname2(l, r) > 0)
    )
      w = 0;
    if (w === 0) continue;
    const p = Math.min(1 - 1e-7, Math.max(1e-7, probs[e]!));
    probs[e] = 1 / (1 + 2 ** -(logit2(p) + w));
  }
}

const logit2 = (p: number) => Math.log2(p / (1 - p));

/**
 * The candidate pairs with those the caller's context names (`PairPrior.candidates`: a referred record and the
 * receiving agency's records) that blocking did not find; counted as the rule `context`.
 */
function withContextPairs(
  a: PreparedSet,
  b: PreparedSet | undefined,
  pairs: CandidatePairs,
  pairPrior: PairPrior | undefined,
): CandidatePairs {
  const right = b ?? a;
  const named = pairPrior?.candidates?.(a.ids, right.ids);
  if (!named || named.length === 0) return pairs;
  const wanted = new Set<number>();
  for (const [l, r] of named) wanted.add(l * right.size + r);
  for (let e = 0; e < pairs.count; e++) wanted.delete(pairs.left[e]! * right.size + pairs.right[e]!);
  if (wanted.size === 0) return pairs;
  const left = new Uint32Array(pairs.count + wanted.size);
  const rightIdx = new Uint32Array(pairs.count + wanted.size);
  left.set(pairs.left.subarray(0, pairs.count));
  rightIdx.set(pairs.right.subarray(0, pairs.count));
  let k = pairs.count;
  for (const [l, r] of named) {
    if (!wanted.delete(l * right.size + r)) continue;
    left[k] = l;
    rightIdx[k] = r;
    k++;
  }
  return {
    ...pairs,
    left,
    right: rightIdx,
    count: k,
    perRule: { ...pairs.perRule, context: k - pairs.count },
  };
}

/** Replaces the input-wide prior of the pairs the caller knows more about (see `LinkOptions.pairPrior`). */
function applyPairPriors(
  a: PreparedSet,
  b: PreparedSet,
  comps: readonly Comparison[],
  bound: readonly ((i: number, j: number) => number)[],
  pairs: CandidatePairs,
  probs: Float32Array,
  model: FsModel,
  pairPrior: (leftId: string, rightId: string) => number | undefined,
): void {
  const given = bound[comps.findIndex((c) => c.name === 'given_names')];
  const date = bound[comps.findIndex((c) => c.name === 'birth_date')];
  const base = logit2(Math.min(0.5, Math.max(1e-12, model.lambda)));
  for (let e = 0; e < pairs.count; e++) {
    const l = pairs.left[e]!;
    const r = pairs.right[e]!;
    const prior = pairPrior(a.ids[l]!, b.ids[r]!);
    if (prior === undefined || !(prior > 0 && prior < 1)) continue;
    // the records say two persons: a referral of one does not make a sibling or a parent the same person
    if ((given && given(l, r) === 0) || (date && date(l, r) === 0)) continue;
    const p = Math.min(1 - 1e-7, Math.max(1e-7, probs[e]!));
    probs[e] = 1 / (1 + 2 ** -(logit2(p) - base + logit2(prior)));
  }
}

function edgesOf(pairs: CandidatePairs, probs: Float32Array, offset: number): Edges {
  const b = offset === 0 ? pairs.right : pairs.right.map((x) => x + offset);
  return { a: pairs.left, b, p: probs, count: pairs.count };
}

/** Deduplicates one set of records. */
export function linkDedup(records: readonly LinkRecord[] | PreparedSet, opts: LinkOptions = {}): LinkResult {
  const threshold = opts.threshold ?? 0.5;
  opts.onStage?.('prepare');
  const a = isPrepared(records) ? records : prepareRecords(records, opts);
  const { comps, pairs, probs, model, workers, compared } = scoreAll(a, undefined, opts);
  return dedupResult(a, comps, pairs, probs, model, workers, threshold, opts, compared);
}

/** The clusters and links of a deduplication from its scored candidate pairs (linkDedup's last step). */
export function dedupResult(
  a: PreparedSet,
  comps: readonly Comparison[],
  pairs: CandidatePairs,
  probs: Float32Array,
  model: FsModel,
  workers: number,
  threshold: number,
  opts: Pick<LinkOptions, 'onStage' | 'termFrequencies' | 'clusterThreshold' | 'pairPrior' | 'context'> = {},
  compared?: Compared,
): LinkResult {
  opts.onStage?.('clustering');
  const grouping = Math.max(threshold, opts.clusterThreshold ?? threshold);
  const clusters = clusterRecords(a.size, edgesOf(pairs, probs, 0), {
    threshold: grouping,
    conflict: (x, y) => curpConflict(a, x, a, y),
    scoreUnscored: (left, right) => scoreMorePairs(a, comps, model, left, right, opts, compared),
  });
  const out: { left: number; right: number; probability: number }[] = [];
  for (let e = 0; e < pairs.count; e++) {
    const p = probs[e]!;
    const l = pairs.left[e]!;
    const r = pairs.right[e]!;
    if (p >= grouping ? clusters[l] === clusters[r] : p >= threshold)
      out.push({ left: l, right: r, probability: p });
  }
  out.sort((x, y) => y.probability - x.probability);
  return {
    pairs: out,
    clusters,
    model,
    candidates: pairs.count,
    comparisons: comps.map((c) => c.name),
    left: a,
    right: undefined,
    workers,
  };
}

/**
 * Match probabilities of pairs that blocking did not propose, with the same model, comparisons, term frequencies,
 * caps, pair priors and context as the candidates (clustering asks for them; see ClusterOptions.scoreUnscored).
 */
function scoreMorePairs(
  a: PreparedSet,
  comps: readonly Comparison[],
  model: FsModel,
  left: Uint32Array,
  right: Uint32Array,
  opts: Pick<LinkOptions, 'termFrequencies' | 'pairPrior' | 'context'>,
  compared?: Compared,
): Float32Array {
  const tfCols = comps.map((c) => c.tfColumn).filter((c): c is TfColumn => c !== undefined);
  const tf = compared
    ? compared.tf
    : opts.termFrequencies !== false
      ? new TermFrequencies([a], tfCols)
      : null;
  const some = { left, right, count: left.length } as CandidatePairs;
  const bound = compared?.bound ?? comps.map((c) => c.bind(a, a));
  const data = comparePairs(comps, a, a, some, tf, undefined, bound);
  const probs = scorePairs(model, comps, data, a.size);
  if (opts.pairPrior) applyPairPriors(a, a, comps, bound, some, probs, model, opts.pairPrior);
  if (opts.context && model.context)
    applyContext(a, a, comps, bound, some, probs, model.context, opts.context);
  return probs;
}

/** Links two sets of records (each usually free of duplicates, so one-to-one by default). */
export function linkTwo(
  left: readonly LinkRecord[] | PreparedSet,
  right: readonly LinkRecord[] | PreparedSet,
  opts: LinkOptions = {},
): LinkResult {
  const threshold = opts.threshold ?? 0.5;
  opts.onStage?.('prepare');
  const a = isPrepared(left) ? left : prepareRecords(left, opts);
  const b = isPrepared(right) ? right : prepareRecords(right, opts);
  const { comps, pairs, probs, model, workers } = scoreAll(a, b, opts);
  opts.onStage?.('clustering');
  const out: { left: number; right: number; probability: number }[] = [];
  const n = a.size + b.size;
  let clusters: Int32Array;
  if (opts.oneToOne ?? true) {
    const chosen = oneToOne(a.size, b.size, edgesOf(pairs, probs, 0), threshold);
    clusters = Int32Array.from({ length: n }, (_, i) => i);
    for (const e of chosen) {
      const l = pairs.left[e]!;
      const r = pairs.right[e]!;
      clusters[a.size + r] = l;
      out.push({ left: l, right: r, probability: probs[e]! });
    }
  } else {
    clusters = clusterRecords(n, edgesOf(pairs, probs, a.size), {
      threshold,
      conflict: (x, y) => {
        const [sx, ix] = x < a.size ? [a, x] : [b, x - a.size];
        const [sy, iy] = y < a.size ? [a, y] : [b, y - a.size];
        return curpConflict(sx, ix, sy, iy);
      },
    });
    for (let e = 0; e < pairs.count; e++) {
      const p = probs[e]!;
      const l = pairs.left[e]!;
      const r = pairs.right[e]!;
      if (p >= threshold && clusters[l] === clusters[a.size + r])
        out.push({ left: l, right: r, probability: p });
    }
  }
  out.sort((x, y) => y.probability - x.probability);
  return {
    pairs: out,
    clusters,
    model,
    candidates: pairs.count,
    comparisons: comps.map((c) => c.name),
    left: a,
    right: b,
    workers,
  };
}

function isPrepared(x: readonly LinkRecord[] | PreparedSet): x is PreparedSet {
  return !Array.isArray(x);
}

/**
 * Incremental linkage: compares only the new records with their blocking candidates among the existing
 * records (and among themselves), with a model estimated earlier. Returns pairs by id.
 */
export function linkIncremental(
  existing: readonly LinkRecord[],
  newRecords: readonly LinkRecord[],
  model: FsModel,
  opts: Omit<LinkOptions, 'model'> = {},
): { leftId: string; rightId: string; probability: number }[] {
  const threshold = opts.threshold ?? 0.5;
  const res: { leftId: string; rightId: string; probability: number }[] = [];
  if (newRecords.length === 0) return res;
  const b = prepareRecords(newRecords, opts);
  if (existing.length > 0) {
    const a = prepareRecords(existing, opts);
    const { pairs, probs } = scoreAll(a, b, { ...opts, model, termFrequencies: false });
    for (let e = 0; e < pairs.count; e++) {
      if (probs[e]! >= threshold)
        res.push({
          leftId: a.ids[pairs.left[e]!]!,
          rightId: b.ids[pairs.right[e]!]!,
          probability: probs[e]!,
        });
    }
  }
  if (b.size > 1) {
    const { pairs, probs } = scoreAll(b, undefined, { ...opts, model, termFrequencies: false });
    for (let e = 0; e < pairs.count; e++) {
      if (probs[e]! >= threshold)
        res.push({
          leftId: b.ids[pairs.left[e]!]!,
          rightId: b.ids[pairs.right[e]!]!,
          probability: probs[e]!,
        });
    }
  }
  return res.sort((x, y) => y.probability - x.probability);
}

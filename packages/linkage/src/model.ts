import type { CandidatePairs } from './blocking.ts';
import {
  activeComparisons,
  type Comparison,
  curpWeight,
  type PairComparer,
  type TfColumn,
} from './comparisons.ts';
import type { ContextModel } from './context.ts';
import { CodeSlots } from './pair-cache.ts';
import type { PreparedSet } from './prepare.ts';
import { M_PRIORS } from './priors.ts';

/** Fellegi-Sunter parameters: m and u per comparison level, and the prior match rate among candidates. */
export interface FsModel {
  readonly comparisons: readonly string[];
  readonly m: Readonly<Record<string, readonly number[]>>;
  readonly u: Readonly<Record<string, readonly number[]>>;
  /** Prior probability that a candidate pair is a match. */
  readonly lambda: number;
  readonly emIterations: number;
  /** Where and when the records were written (`LinkOptions.context`), learned with the model; absent without it. */
  readonly context?: ContextModel;
}

/** A simple seeded PRNG (mulberry32), so that sampling is reproducible. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** u probabilities from random pairs (almost all non-matches), with add-one smoothing. */
export function estimateU(
  comps: readonly Comparison[],
  a: PreparedSet,
  b: PreparedSet | undefined,
  samples = 200_000,
  seed = 1,
  boundComparers?: readonly PairComparer[],
): Record<string, number[]> {
  const right = b ?? a;
  const rand = rng(seed);
  const counts = comps.map((c) => new Float64Array(c.levels));
  const bound = boundComparers ?? comps.map((c) => c.bind(a, right));
  const n = Math.min(samples, a.size * right.size);
  for (let s = 0; s < n; s++) {
    const i = Math.floor(rand() * a.size);
    let j = Math.floor(rand() * right.size);
    if (!b && j === i) j = (j + 1) % right.size;
    for (let c = 0; c < comps.length; c++) {
      const l = bound[c]!(i, j);
      if (l >= 0) counts[c]![l]!++;
    }
  }
  const out: Record<string, number[]> = {};
  comps.forEach((c, ci) => {
    const cnt = counts[ci]!;
    const total = cnt.reduce((x, y) => x + y, 0);
    out[c.name] = Array.from(cnt, (v) => (v + 1) / (total + c.levels));
  });
  return out;
}

/** Comparison vectors of candidate pairs, coded as one integer per pair (mixed radix, 0 = missing). */
export interface PatternData {
  readonly patterns: Uint32Array;
  /** Extra log2 weight per pair from the term-frequency adjustment and CURP evidence (before the model). */
  readonly tfTop: Float32Array;
  readonly curp: Int8Array;
  readonly radix: readonly number[];
  /** False when no term-frequency adjustment was computed (then scoring uses plain level weights). */
  readonly tfApplied: boolean;
}

export function comparePairs(
  comps: readonly Comparison[],
  a: PreparedSet,
  b: PreparedSet,
  pairs: CandidatePairs,
  tf: TermFrequencies | null,
  onProgress?: (done: number) => void,
  boundComparers?: readonly PairComparer[],
): PatternData {
  const n = pairs.count;
  const out = {
    patterns: new Uint32Array(n),
    tfTop: new Float32Array(n),
    curp: new Int8Array(n),
  };
  const bound = boundComparers ?? comps.map((c) => c.bind(a, b));
  const tfA = comps.map((c) => (tf && c.tfColumn ? tf.column(c.tfColumn, a) : null));
  const tfB = comps.map((c) => (tf && c.tfColumn ? tf.column(c.tfColumn, b) : null));
  const step = onProgress ? 0x100000 : n;
  for (let from = 0; from < n; from += step) {
    onProgress?.(from);
    compareRange(comps, a, b, pairs, bound, tfA, tfB, out, from, Math.min(n, from + step));
  }
  return { ...out, radix: comps.map((c) => c.levels + 1), tfApplied: tf !== null };
}

/**
 * The comparison vectors of pairs [from, to) into `out` (see comparePairs; parallel.ts runs slices of the pairs
 * on several threads): tfA / tfB are each comparison's term-frequency column of either set, or null.
 */
export function compareRange(
  comps: readonly Comparison[],
  a: PreparedSet,
  b: PreparedSet,
  pairs: Pick<CandidatePairs, 'left' | 'right'>,
  bound: readonly PairComparer[],
  tfA: readonly (Float32Array | null)[],
  tfB: readonly (Float32Array | null)[],
  out: { patterns: Uint32Array; tfTop: Float32Array; curp: Int8Array },
  from: number,
  to: number,
): void {
  const radix = Int32Array.from(comps, (c) => c.levels + 1);
  const tops = Int32Array.from(comps, (c) => c.levels - 1);
  const { patterns, tfTop, curp } = out;
  for (let p = from; p < to; p++) {
    const i = pairs.left[p]!;
    const j = pairs.right[p]!;
    let code = 0;
    let adj = 0;
    for (let c = 0; c < comps.length; c++) {
      const l = bound[c]!(i, j);
      code = code * radix[c]! + (l + 1);
      if (l === tops[c]) {
        const t = tfA[c];
        if (t) adj += Math.max(t[i]!, tfB[c]![j]!);
      }
    }
    patterns[p] = code;
    tfTop[p] = adj;
    curp[p] = curpWeight(a, i, b, j);
  }
}

/** Value frequencies of name columns, for the term-frequency adjustment. */
export class TermFrequencies {
  private readonly tables = new Map<TfColumn, { counts: Map<string, number>; total: number }>();
  constructor(sets: readonly PreparedSet[], columns: readonly TfColumn[]) {
    for (const col of columns) {
      const counts = new Map<string, number>();
      let total = 0;
      for (const s of sets) {
        const arr = s[col];
        for (let i = 0; i < arr.length; i++) {
          const v = arr[i]!;
          if (!v) continue;
          counts.set(v, (counts.get(v) ?? 0) + 1);
          total++;
        }
      }
      this.tables.set(col, { counts, total });
    }
  }
  /** log2 frequency of each record's value in a column (0 for a missing value). */
  column(col: TfColumn, set: PreparedSet): Float32Array {
    const arr = set[col];
    const out = new Float32Array(arr.length);
    for (let i = 0; i < arr.length; i++) out[i] = arr[i] ? this.log2Freq(col, arr[i]!) : 0;
    return out;
  }
  /** log2 of the relative frequency of a value (a value never seen counts once). */
  log2Freq(col: TfColumn, value: string): number {
    const t = this.tables.get(col);
    if (!t || t.total === 0) return 0;
    return Math.log2(Math.max(1, t.counts.get(value) ?? 1) / t.total);
  }
}

const decode = (code: number, radix: readonly number[], out: Int32Array): void => {
  let c = code;
  for (let k = radix.length - 1; k >= 0; k--) {
    const r = radix[k]!;
    out[k] = (c % r) - 1;
    c = Math.floor(c / r);
  }
};

/**
 * Weight, in pairs, of the prior m-probabilities. An input with few true matches (a small file, 1-3 % duplicates)
 * keeps close to the priors; a large one moves them as far as its evidence allows.
 */
export const M_PRIOR_PAIRS = 500;
/**
 * The prior's weight as a share of the evidence's: a large input moves m at most 1 / (1 + PRIOR_SHARE) of the way
 * from its prior, so no latent class of look-alikes (relatives, namesakes with year-only dates) can redefine what a
 * match looks like.
 */
export const PRIOR_SHARE = 1;

/**
 * Birth-date levels (compareDates) among one person's two records when one of the dates is partial: a year alone, or a
 * 1 January placeholder. Such a year is mostly worked out from an age, and an age told exactly gives the birth year or
 * the year before with about even odds (whether the birthday has passed that year); an age estimated by sight or
 * rounded spreads further (level 1 is "within AGE_ESTIMATE_YEARS", level 0 beyond). Level 2 needs two months, level 4
 * two full dates. The shipped priors (M_PRIORS) come from corpora whose dates are full (FEBRL, the matcher's own
 * synthetic set: no year from an age there), where level 1 is at its floor: on an input where agencies write ages
 * as years, that floor turned "a year within three" into evidence against one person (issue 10).
 */
export const PARTIAL_DATE_M: readonly number[] = [0.05, 0.45, 0.02, 0.48, 0];

/** Whether a record's birth date says less than a day: a year alone, a year and month, or 1 January. */
const partialDate = (s: PreparedSet, i: number) =>
  s.year[i]! !== 0 && (s.month[i]! === 0 || s.day[i]! === 0 || (s.month[i]! === 1 && s.day[i]! === 1));

/**
 * The prior m of every comparison for this input: M_PRIORS, with the birth date's conditioned on what dates the input
 * holds: among pairs whose two records have a year, the share with a partial date on one side (from the records'
 * shares, as for random pairs) takes PARTIAL_DATE_M, the rest the shipped prior. An input of full dates keeps
 * M_PRIORS as they are.
 */
export function priorsFor(a: PreparedSet, b?: PreparedSet): Readonly<Record<string, readonly number[]>> {
  const share = (s: PreparedSet) => {
    let dated = 0;
    let partial = 0;
    for (let i = 0; i < s.size; i++) {
      if (s.year[i]! === 0) continue;
      dated++;
      if (partialDate(s, i)) partial++;
    }
    return dated > 0 ? partial / dated : 0;
  };
  const pa = share(a);
  const pb = b ? share(b) : pa;
  const mix = 1 - (1 - pa) * (1 - pb);
  const full = M_PRIORS.birth_date;
  if (!(mix > 0) || !full) return M_PRIORS;
  return {
    ...M_PRIORS,
    birth_date: full.map((v, l) => (1 - mix) * v + mix * PARTIAL_DATE_M[l]!),
  };
}

/** Posterior at or above which a pair teaches EM what a match looks like. */
export const CONFIDENT = 0.2;

/** CURP weights (see CURP_WEIGHTS) at or beyond which a pair is a label for EM. */
export const CURP_LABEL = { match: 40, nonMatch: -20 } as const;

/** Weight, in pairs, of the random-sampling u estimate when EM re-estimates u on the candidates. */
export const U_PRIOR_PAIRS = 2000;

/**
 * EM for m and the prior on the candidate pairs' comparison vectors (u stays at its random-sampling
 * estimate). Runs on pattern counts, so its cost does not depend on the number of pairs.
 */
export function estimateModel(
  comps: readonly Comparison[],
  data: PatternData,
  u: Readonly<Record<string, readonly number[]>>,
  opts: {
    maxIterations?: number;
    tolerance?: number;
    fixU?: boolean;
    uPriorPairs?: number;
    /** Prior m per comparison (default: the shipped M_PRIORS); `null`: none (plain EM). */
    mPrior?: Readonly<Record<string, readonly number[]>> | null;
    mPriorPairs?: number;
  } = {},
): FsModel {
  // Pairs whose CURPs settle the question are labels, not guesses: the same valid CURP is a match, two different
  // valid CURPs are not. They anchor EM (semi-supervised), so that a latent class of relatives or namesakes cannot
  // take the place of the matches in an input with few duplicates.
  const counts = new Map<number, number>();
  const sure = new Map<number, number>();
  const never = new Map<number, number>();
  for (let p = 0; p < data.patterns.length; p++) {
    const code = data.patterns[p]!;
    const c = data.curp[p]!;
    const into = c >= CURP_LABEL.match ? sure : c <= CURP_LABEL.nonMatch ? never : counts;
    into.set(code, (into.get(code) ?? 0) + 1);
  }
  const pats = [...new Set([...counts.keys(), ...sure.keys(), ...never.keys()])];
  const levels = new Int32Array(pats.length * comps.length);
  const tmp = new Int32Array(comps.length);
  pats.forEach((code, k) => {
    decode(code, data.radix, tmp);
    levels.set(tmp, k * comps.length);
  });
  const weights = Float64Array.from(pats, (c) => counts.get(c) ?? 0);
  const sureW = Float64Array.from(pats, (c) => sure.get(c) ?? 0);
  const neverW = Float64Array.from(pats, (c) => never.get(c) ?? 0);
  const total = data.patterns.length;
  const u0 = comps.map((c) => [...u[c.name]!]);
  let uArr = u0.map((row) => [...row]);
  // u is re-estimated on the candidates, with the random-sampling estimate as a prior worth U_PRIOR_PAIRS pairs
  const uPrior = opts.uPriorPairs ?? U_PRIOR_PAIRS;
  const generic = (c: Comparison) =>
    Array.from({ length: c.levels }, (_, l) => (l === c.levels - 1 ? 0.9 : 0.1 / (c.levels - 1)));
  const priorTable = opts.mPrior === undefined ? M_PRIORS : opts.mPrior;
  // m starts at its prior and is pulled back towards it by mPriorPairs pseudo-pairs at every step (MAP EM)
  const mPrior = comps.map((c) => {
    const p = priorTable?.[c.name];
    return p && p.length === c.levels ? [...p] : generic(c);
  });
  const mPriorPairs = priorTable ? (opts.mPriorPairs ?? M_PRIOR_PAIRS) : 0;
  let m = mPrior.map((row) => [...row]);
  let lambda = 0.01;
  const maxIt = opts.maxIterations ?? 100;
  const tol = opts.tolerance ?? 1e-6;
  let it = 0;
  for (; it < maxIt; it++) {
    const mNum = mPrior.map((row) => new Float64Array(row.length));
    let mMass = 0;
    const uNum = u0.map((row) => Float64Array.from(row, (v) => 1e-6 + uPrior * v));
    let lamNum = 0;
    for (let k = 0; k < pats.length; k++) {
      let lm = Math.log(lambda);
      let lu = Math.log(1 - lambda);
      for (let c = 0; c < comps.length; c++) {
        const l = levels[k * comps.length + c]!;
        if (l < 0) continue;
        lm += Math.log(m[c]![l]!);
        lu += Math.log(uArr[c]![l]!);
      }
      const g = 1 / (1 + Math.exp(lu - lm));
      const w = weights[k]! * g + sureW[k]!;
      lamNum += w;
      const wu = weights[k]! * (1 - g) + neverW[k]!;
      for (let c = 0; c < comps.length; c++) {
        const l = levels[k * comps.length + c]!;
        if (l < 0) continue;
        // m learns only from pairs the current model is confident about (and the CURP labels): a vague latent class
        // (relatives, namesakes) never gets to redefine what a match looks like
        const wm = (g >= CONFIDENT ? weights[k]! * g : 0) + sureW[k]!;
        mNum[c]![l]! += wm;
        mMass += wm;
        uNum[c]![l]! += wu;
      }
    }
    // the prior keeps a share of the evidence's weight (PRIOR_SHARE), and at least M_PRIOR_PAIRS
    const priorWeight = mPriorPairs > 0 ? Math.max(mPriorPairs, (PRIOR_SHARE * mMass) / comps.length) : 0;
    const next = mNum.map((row, c) => {
      const withPrior = Array.from(row, (v, l) => 1e-6 + v + priorWeight * mPrior[c]![l]!);
      const s = withPrior.reduce((x, y) => x + y, 0);
      return withPrior.map((v) => v / s);
    });
    const nextLambda = Math.min(1 - 1e-9, Math.max(1e-9, lamNum / total));
    let delta = Math.abs(nextLambda - lambda);
    for (let c = 0; c < comps.length; c++)
      for (let l = 0; l < next[c]!.length; l++) delta = Math.max(delta, Math.abs(next[c]![l]! - m[c]![l]!));
    m = next;
    lambda = nextLambda;
    if (!opts.fixU) {
      const nextU = uNum.map((row) => {
        const s = row.reduce((x, y) => x + y, 0);
        return Array.from(row, (v) => v / s);
      });
      for (let c = 0; c < comps.length; c++)
        for (let l = 0; l < nextU[c]!.length; l++)
          delta = Math.max(delta, Math.abs(nextU[c]![l]! - uArr[c]![l]!));
      uArr = nextU;
    }
    if (delta < tol) {
      it++;
      break;
    }
  }
  const mOut: Record<string, number[]> = {};
  const uOut: Record<string, number[]> = {};
  comps.forEach((c, ci) => {
    mOut[c.name] = m[ci]!;
    uOut[c.name] = [...uArr[ci]!];
  });
  return { comparisons: comps.map((c) => c.name), m: mOut, u: uOut, lambda, emIterations: it };
}

/** m and u below this are treated as this, so that no single field can veto a pair on its own. */
export const PROB_FLOOR = 1e-5;

/** log2 Bayes factor of each level of each comparison. */
export function levelWeights(model: FsModel, comps: readonly Comparison[]): number[][] {
  return comps.map((c) => {
    const m = model.m[c.name];
    const u = model.u[c.name];
    if (!m || !u) throw new Error(`model has no parameters for ${c.name}`);
    return m.map((mv, l) => Math.log2(Math.max(mv, PROB_FLOOR) / Math.max(u[l]!, PROB_FLOOR)));
  });
}

/**
 * Match probabilities of the candidate pairs: prior odds times the Bayes factors of the levels, with the
 * top level of name fields re-weighted by how common the value is, plus CURP evidence.
 */
/**
 * Hard evidence that no learned weight overrides (log2 odds caps):
 * - two birth dates that differ beyond a typo, a day/month swap or a year slip, or a year alone more than
 *   AGE_ESTIMATE_YEARS from the other (date level 0): at most 1 %, even with the same phone or address (a parent
 *   and a child);
 * - no birth date to compare on one side and nothing but names (and sex, nationality, region) in favour: names
 *   alone are not enough to link, at most 45 % (below the linking threshold, inside the review band); the whole
 *   name written alike (given name and both surnames; a given name only close when in the same state), at most
 *   85 % (linked for the figures, never automatically: it waits in review) — but only when the name is rare: with
 *   two or more namesakes expected from the names' frequencies in the input ("Juana González González"), names
 *   alone again. A given name and one surname (the other missing) stay names alone.
 * - given names that differ outright (not a nickname, short form, spelling variant or one of two names) with the
 *   same full birth date (twins, who share surnames, birth date, address and often a phone), with a year alone a
 *   few years from the other (sisters whose ages were estimated) or with no date to compare (siblings sharing the
 *   household phone): at most 30 %.
 * A personal identifier lifts every cap. The no-date cap is also lifted by what one household shares: the same CURP, id number, phone, e-mail or postcode, or the
 * same street in the same locality.
 */
export const EVIDENCE_CAPS = {
  datesDiffer: Math.log2(0.01 / 0.99),
  noDate: Math.log2(0.45 / 0.55),
  fullNameNoDate: Math.log2(0.85 / 0.15),
  givenDiffer: Math.log2(0.3 / 0.7),
} as const;

/** Expected namesakes (the whole name's frequency times the population) from which a whole name is common. */
const EXPECTED_NAMESAKES = 2;
const FULL_NAME_CAP: number = EVIDENCE_CAPS.fullNameNoDate;

const CORROBORATING = new Set(['id_number', 'phone', 'email']);
/**
 * Date levels that do not tell siblings apart: the same full date (twins), a year alone that is close but not the
 * same (the year of an estimated age: sisters a year or two apart), and no date. The same year alone (level 3) is
 * left out: it is what one person's two records most often share when the given name is misspelt beyond recognition
 * (measured on historical_50k: capping it cost 0.016 of F1 there).
 */
const SIBLING_DATE_LEVELS = new Set([-1, 1, 4]);
/** Fields that cannot support a name match on their own: the names themselves and what many people share. */
const NAME_OR_WEAK = new Set([
  'given_names',
  'surname_1',
  'surname_2',
  'birth_date',
  'sex',
  'nationality',
  'region',
  'country',
]);

/**
 * `population`: records each record could have a namesake among (the input when deduplicating, the other file when
 * linking two); with it, the whole name counts only when it is rare enough that fewer than two namesakes are expected
 * (the names' frequencies in the input, multiplied). `givenUnknown` (per pair, 1 where one of the two given names is
 * not known to be a name: link.ts, givenUnknownPairs): the twins' and siblings' cap does not hold for that pair.
 */
export function scorePairs(
  model: FsModel,
  comps: readonly Comparison[],
  data: PatternData,
  population = 0,
  givenUnknown?: Uint8Array,
): Float32Array {
  const w = levelWeights(model, comps);
  const dateIdx = comps.findIndex((c) => c.name === 'birth_date');
  const streetIdx = comps.findIndex((c) => c.name === 'street');
  const postcodeIdx = comps.findIndex((c) => c.name === 'postcode');
  const localityIdx = comps.findIndex((c) => c.name === 'locality');
  const top = (levels: Int32Array, k: number) => k >= 0 && levels[k] === comps[k]!.levels - 1;
  const givenIdx = comps.findIndex((c) => c.name === 'given_names');
  const surname1Idx = comps.findIndex((c) => c.name === 'surname_1');
  const surname2Idx = comps.findIndex((c) => c.name === 'surname_2');
  const regionIdx = comps.findIndex((c) => c.name === 'region');
  /** The cap of a comparison pattern (Infinity: none), before CURP evidence. */
  const capOf = (levels: Int32Array, siblings = true): number => {
    // different given names (not a nickname, short form, variant or one of two names): twins and siblings share
    // everything else, a family phone included; only a personal identifier says otherwise
    const personal = comps.some(
      (c, k) => (c.name === 'id_number' && levels[k]! >= 1) || (c.name === 'email' && top(levels, k)),
    );
    if (personal) return Number.POSITIVE_INFINITY;
    // twins (everything the same but the given name, down to the full birth date) and siblings without a date to
    // tell them apart (same surnames, same household phone)
    const date = dateIdx >= 0 ? levels[dateIdx]! : -1;
    if (siblings && givenIdx >= 0 && levels[givenIdx] === 0 && SIBLING_DATE_LEVELS.has(date))
      return EVIDENCE_CAPS.givenDiffer;
    // two birth dates beyond a typo: a parent and a child share surnames and the family phone; only the same
    // street address (street with its postcode or locality) says the date is the error
    const sameAddress = top(levels, streetIdx) && (top(levels, postcodeIdx) || top(levels, localityIdx));
    if (dateIdx >= 0 && levels[dateIdx] === 0 && !sameAddress) return EVIDENCE_CAPS.datesDiffer;
    return dateAndNameCap(levels);
  };
  const dateAndNameCap = (levels: Int32Array): number => {
    const corroborated =
      comps.some((c, k) => CORROBORATING.has(c.name) && top(levels, k)) ||
      top(levels, postcodeIdx) ||
      (top(levels, streetIdx) && top(levels, localityIdx));
    if (corroborated) return Number.POSITIVE_INFINITY;
    const d = dateIdx >= 0 ? levels[dateIdx]! : -1;
    if (d === 0) return EVIDENCE_CAPS.datesDiffer;
    if (d < 0) {
      // without a date, names need support from some other field that speaks for the match (a near phone, the
      // same locality…); names alone are not enough
      const supported = comps.some(
        (c, k) => !NAME_OR_WEAK.has(c.name) && levels[k]! >= 0 && w[k]![levels[k]!]! > 0,
      );
      if (supported) return Number.POSITIVE_INFINITY;
      // the whole name the same, written alike (given name and both surnames), in the same state: what namesakes
      // share too, but rarely (measured on the independent generator: 86 % of such pairs are one person)
      const g = givenIdx >= 0 ? levels[givenIdx]! : -1;
      const s2 = surname2Idx >= 0 ? levels[surname2Idx]! : -1;
      const sameState = regionIdx < 0 || levels[regionIdx]! < 0 || top(levels, regionIdx);
      const bothSurnames = s2 >= 0 && top(levels, surname2Idx);
      const fullName = top(levels, surname1Idx) && bothSurnames && (g === 4 || (g >= 1 && sameState));
      return fullName ? EVIDENCE_CAPS.fullNameNoDate : EVIDENCE_CAPS.noDate;
    }
    return Number.POSITIVE_INFINITY;
  };
  const prior = Math.log2(model.lambda / (1 - model.lambda));
  // per distinct pattern (slot): its base weight, its term-frequency base and its cap
  const slots = new CodeSlots();
  let bases = new Float64Array(1024);
  let tfBases = new Float64Array(1024);
  let caps = new Float64Array(1024);
  let capsNoTwins = new Float64Array(1024);
  const tmp = new Int32Array(comps.length);
  const uTop = comps.map((c) =>
    c.tfColumn ? Math.log2(Math.max(PROB_FLOOR, model.u[c.name]![c.levels - 1]!)) : 0,
  );
  const n = data.patterns.length;
  const out = new Float32Array(n);
  for (let p = 0; p < n; p++) {
    const code = data.patterns[p]!;
    let slot = slots.get(code);
    if (slot < 0) {
      decode(code, data.radix, tmp);
      let base = prior;
      let tfBase = 0;
      for (let c = 0; c < comps.length; c++) {
        const l = tmp[c]!;
        if (l >= 0) base += w[c]![l]!;
        if (l === comps[c]!.levels - 1) tfBase += uTop[c]!;
      }
      slot = slots.add(code);
      if (slot === bases.length) {
        const grow = (x: Float64Array) => {
          const y = new Float64Array(x.length * 2);
          y.set(x);
          return y;
        };
        bases = grow(bases);
        tfBases = grow(tfBases);
        caps = grow(caps);
        capsNoTwins = grow(capsNoTwins);
      }
      bases[slot] = base;
      tfBases[slot] = tfBase;
      caps[slot] = capOf(tmp);
      capsNoTwins[slot] = givenUnknown ? capOf(tmp, false) : caps[slot]!;
    }
    const tfAdj = data.tfApplied ? tfBases[slot]! - data.tfTop[p]! : 0;
    let logit = bases[slot]! + tfAdj;
    const c = data.curp[p]!;
    // a matching CURP corroborates; otherwise the pattern's cap holds (a differing CURP only lowers further)
    if (c <= 0) {
      let cap = givenUnknown?.[p] ? capsNoTwins[slot]! : caps[slot]!;
      // a common whole name ("Juana González González") is what namesakes share: names alone again
      if (cap === FULL_NAME_CAP && data.tfApplied && population * 2 ** data.tfTop[p]! >= EXPECTED_NAMESAKES)
        cap = EVIDENCE_CAPS.noDate;
      logit = Math.min(logit, cap);
    }
    logit += c;
    out[p] = 1 / (1 + 2 ** -logit);
  }
  return out;
}

export { activeComparisons };

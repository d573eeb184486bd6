/**
 * What the data says about a pair beyond its fields. A referral: agency A referred its person x to agency S, and a
 * receiving agency opens its own record of a referred person most of the time, so one of S's own records is
 * probably x. The prior that a given record y of S is x is then REFERRAL_PRIOR_SHARE / (S's records) rather than
 * one in every pair of the input; the records' own evidence still decides (see `LinkOptions.pairPrior`).
 */

/** Share of referred persons taken to have a record of their own at the receiving agency (the cautious half). */
export const REFERRAL_PRIOR_SHARE = 0.5;

export interface ReferralContext {
  /** Agency of each person record that may be compared. */
  readonly agencyOf: ReadonlyMap<string, string>;
  /** (person referred, agency it was referred to) */
  readonly referrals: Iterable<readonly [string, string]>;
  /** Person records held by each agency (default: counted from `agencyOf`). */
  readonly recordsOf?: ReadonlyMap<string, number>;
}

/** Receiving agencies holding more person records than this are not paired whole with a referred record. */
export const REFERRAL_BLOCK_MAX = 100;

/**
 * What the caller knows about a pair beyond its fields (`LinkOptions.pairPrior`), and, optionally, the pairs it names as
 * candidates whatever their fields: `candidates(left, right)` gives index pairs into the two id lists (the same list
 * when deduplicating).
 */
export type PairPrior = ((x: string, y: string) => number | undefined) & {
  readonly candidates?: (left: readonly string[], right: readonly string[]) => [number, number][];
};

/**
 * A `pairPrior` for the linker from referrals; undefined when there are none. Its `candidates` pair every referred
 * record with each record of the agency it was referred to (agencies of at most REFERRAL_BLOCK_MAX records): the
 * receiving agency's record of the person is often written too differently to share a blocking key (a nickname, a
 * misspelt or swapped surname, a year from an age), and the referral is what names the pair.
 */
export function referralPairPrior(ctx: ReferralContext): PairPrior | undefined {
  const referred = new Set<string>();
  for (const [person, agency] of ctx.referrals) {
    if (ctx.agencyOf.get(person) !== agency) referred.add(`${person}\u0000${agency}`);
  }
  if (referred.size === 0) return undefined;
  let records = ctx.recordsOf;
  if (!records) {
    const counted = new Map<string, number>();
    for (const a of ctx.agencyOf.values()) counted.set(a, (counted.get(a) ?? 0) + 1);
    records = counted;
  }
  const held = records;
  const prior = (x: string, y: string): number | undefined => {
    const ay = ctx.agencyOf.get(y);
    if (!ay || ay === ctx.agencyOf.get(x) || !referred.has(`${x}\u0000${ay}`)) return undefined;
    return Math.min(0.5, REFERRAL_PRIOR_SHARE / Math.max(1, held.get(ay) ?? 1));
  };
  const candidates = (left: readonly string[], right: readonly string[]): [number, number][] => {
    const same = left === right;
    const byAgency = new Map<string, number[]>();
    right.forEach((id, j) => {
      const ag = ctx.agencyOf.get(id);
      if (ag === undefined) return;
      const list = byAgency.get(ag);
      if (list) list.push(j);
      else byAgency.set(ag, [j]);
    });
    const leftByAgency = new Map<string, number[]>();
    if (!same)
      left.forEach((id, i) => {
        const ag = ctx.agencyOf.get(id);
        if (ag === undefined) return;
        const list = leftByAgency.get(ag);
        if (list) list.push(i);
        else leftByAgency.set(ag, [i]);
      });
    const referredTo = new Map<string, string[]>();
    for (const key of referred) {
      const [person, agency] = key.split('\u0000') as [string, string];
      const list = referredTo.get(person);
      if (list) list.push(agency);
      else referredTo.set(person, [agency]);
    }
    const out: [number, number][] = [];
    const seen = new Set<number>();
    const emit = (i: number, j: number) => {
      if (same && i === j) return;
      const [l, r] = same && j < i ? [j, i] : [i, j];
      const key = l * right.length + r;
      if (seen.has(key)) return;
      seen.add(key);
      out.push([l, r]);
    };
    const small = (list: number[] | undefined) => list && list.length <= REFERRAL_BLOCK_MAX;
    left.forEach((id, i) => {
      for (const ag of referredTo.get(id) ?? []) {
        const recs = byAgency.get(ag);
        if (small(recs)) for (const j of recs!) emit(i, j);
      }
    });
    if (!same)
      right.forEach((id, j) => {
        for (const ag of referredTo.get(id) ?? []) {
          const recs = leftByAgency.get(ag);
          if (small(recs)) for (const i of recs!) emit(i, j);
        }
      });
    return out;
  };
  return Object.assign((x: string, y: string) => prior(x, y) ?? prior(y, x), { candidates });
}

/**
 * Where and when a record's person came to the agency that wrote it: what the exchange files say beside the person's
 * fields (the first identification's date, state and form of exploitation, or the first service's date). A person
 * found by a state prosecutor and referred is recorded by the state's victims' commission, DIF or a shelter within
 * weeks, in the same state, for the same exploitation; two strangers with alike names are not, mostly.
 */
export interface RecordContext {
  /** The agency that wrote the record: context is compared only between records of two agencies. */
  readonly source: string;
  /** YYYY-MM-DD */
  readonly date?: string;
  /** A state (or region) code. */
  readonly region?: string;
  /** What happened (the form of exploitation). */
  readonly kind?: string;
}

export type ContextOf = (id: string) => RecordContext | undefined;

/** Levels per context feature: region (0 other, 1 same), date (0 beyond DATE_NEAR_DAYS, 1 within, 2 within DATE_CLOSE_DAYS), kind. */
export const CONTEXT_LEVELS = [2, 3, 2] as const;
export const CONTEXT_FEATURES = ['region', 'date', 'kind'] as const;
export const DATE_CLOSE_DAYS = 45;
export const DATE_NEAR_DAYS = 150;

/** m and u per context feature, learned from the input (see estimateContext). */
export interface ContextModel {
  readonly m: readonly (readonly number[])[];
  readonly u: readonly (readonly number[])[];
  /** Confident pairs m was learned from. */
  readonly pairs: number;
}

/** Pairs at or above this probability teach the context's m (one person's records across two agencies). */
export const CONTEXT_CONFIDENT = 0.99;
/** Fewer confident cross-agency pairs than this: too little to learn from, the context is left out. */
export const CONTEXT_MIN_PAIRS = 30;
/** Bounds of a pair's whole context weight, in bits: context adds to the fields' evidence, never replaces it. */
export const CONTEXT_MAX_BITS = 8;
export const CONTEXT_MIN_BITS = -8;

const dayNumber = (d: string | undefined): number => {
  if (!d || d.length < 10) return Number.NaN;
  return Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) / 864e5;
};

/** Context levels of a pair (-1: not comparable), or undefined when the pair has no context to compare. */
export function contextLevels(
  x: RecordContext | undefined,
  y: RecordContext | undefined,
): number[] | undefined {
  if (!x || !y || x.source === y.source) return undefined;
  const region = x.region && y.region ? (x.region === y.region ? 1 : 0) : -1;
  const dx = dayNumber(x.date);
  const dy = dayNumber(y.date);
  const gap = Math.abs(dx - dy);
  const date = Number.isNaN(gap) ? -1 : gap <= DATE_CLOSE_DAYS ? 2 : gap <= DATE_NEAR_DAYS ? 1 : 0;
  const kind = x.kind && y.kind ? (x.kind === y.kind ? 1 : 0) : -1;
  if (region < 0 && date < 0 && kind < 0) return undefined;
  return [region, date, kind];
}

/**
 * Learns the context's m and u from the input itself, like the fields' (no labels): u from random pairs of records of
 * two agencies, m from the scored pairs of two agencies at CONTEXT_CONFIDENT or more (add-one-half smoothing).
 * Undefined when fewer than CONTEXT_MIN_PAIRS confident pairs have context.
 */
export function estimateContext(
  leftIds: readonly string[],
  rightIds: readonly string[],
  contextOf: ContextOf,
  pairs: { readonly left: ArrayLike<number>; readonly right: ArrayLike<number>; readonly count: number },
  probs: ArrayLike<number>,
  samples = 200_000,
  seed = 7,
): ContextModel | undefined {
  const counts = () => CONTEXT_LEVELS.map((n) => new Array<number>(n).fill(0.5));
  const m = counts();
  let confident = 0;
  for (let e = 0; e < pairs.count; e++) {
    if (!(probs[e]! >= CONTEXT_CONFIDENT)) continue;
    const lv = contextLevels(contextOf(leftIds[pairs.left[e]!]!), contextOf(rightIds[pairs.right[e]!]!));
    if (!lv) continue;
    confident++;
    lv.forEach((l, k) => {
      if (l >= 0) m[k]![l]!++;
    });
  }
  if (confident < CONTEXT_MIN_PAIRS) return undefined;
  const u = counts();
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const nl = leftIds.length;
  const nr = rightIds.length;
  for (let t = 0; t < samples && nl > 0 && nr > 0; t++) {
    const i = Math.floor(next() * nl);
    const j = Math.floor(next() * nr);
    if (leftIds === rightIds && i === j) continue;
    const lv = contextLevels(contextOf(leftIds[i]!), contextOf(rightIds[j]!));
    if (!lv) continue;
    lv.forEach((l, k) => {
      if (l >= 0) u[k]![l]!++;
    });
  }
  const norm = (rows: number[][]) => rows.map((r) => r.map((x) => x / r.reduce((a, b) => a + b, 0)));
  return { m: norm(m), u: norm(u), pairs: confident };
}

/** The context's evidence for a pair, in bits (log2 of m/u summed over the comparable features, bounded). */
export function contextWeight(model: ContextModel, levels: readonly number[]): number {
  let w = 0;
  levels.forEach((l, k) => {
    if (l >= 0) w += Math.log2(model.m[k]![l]! / model.u[k]![l]!);
  });
  return Math.max(CONTEXT_MIN_BITS, Math.min(CONTEXT_MAX_BITS, w));
}

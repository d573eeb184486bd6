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

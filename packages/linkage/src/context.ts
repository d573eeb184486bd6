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

/** A `pairPrior` for the linker from referrals; undefined when there are none. */
export function referralPairPrior(
  ctx: ReferralContext,
): ((x: string, y: string) => number | undefined) | undefined {
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
  return (x, y) => prior(x, y) ?? prior(y, x);
}

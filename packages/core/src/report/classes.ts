/**
 * Colour classes of the state map, shared by the dashboard (apps/web StateMap) and the HTML/PDF report, so
 * both colour a state alike and print the same legend. Quantile classes: zero (or no value) is class 0; the
 * positive values are split into up to `k` classes holding about as many states each (the lower bound of
 * class i is the value at the i/k quantile of the sorted positive values), so a few large states do not push
 * every other state into one colour. Tied values stay in one class (fewer classes when the data has fewer
 * distinct values). Pure, no I/O.
 */

export interface MapClass {
  /** 1..k */
  index: number;
  /** smallest and largest value of the class (inclusive; integers for counts) */
  lo: number;
  hi: number;
}

export interface MapClasses {
  /** the positive classes, in increasing order; empty when every value is 0 */
  classes: MapClass[];
  /** 0 for zero, negative or missing; else the index of the class holding the value */
  classOf(value: number | null | undefined): number;
}

/** Default number of positive classes (CSS `map-c1`..`map-c5`, `map-c0` for zero). */
export const MAP_CLASS_COUNT = 5;

export function quantileClasses(
  values: Iterable<number | null | undefined>,
  k = MAP_CLASS_COUNT,
): MapClasses {
  const pos = [...values].filter((v): v is number => typeof v === 'number' && v > 0).sort((a, b) => a - b);
  const lows: number[] = [];
  for (let i = 0; i < k && pos.length; i++) {
    const lo = pos[Math.floor((i * pos.length) / k)]!;
    if (lows.at(-1) !== lo) lows.push(lo);
  }
  const max = pos.at(-1) ?? 0;
  const classes: MapClass[] = lows.map((lo, i) => {
    const next = lows[i + 1];
    // the largest value below the next class's lower bound
    const hi = next === undefined ? max : (pos.filter((v) => v < next).at(-1) ?? lo);
    return { index: i + 1, lo, hi };
  });
  return {
    classes,
    classOf(value) {
      if (typeof value !== 'number' || !(value > 0)) return 0;
      let c = 0;
      for (const cl of classes) if (value >= cl.lo) c = cl.index;
      // a value below the smallest positive value seen (not one of the inputs) still gets a colour
      return Math.max(c, classes.length ? 1 : 0);
    },
  };
}

/** Fill colours of classes 0..5 (a sequential blue ramp, ColorBrewer "Blues"; class 0 a light grey). */
export const MAP_COLORS = ['#eef2f5', '#c6dbef', '#9ecae1', '#6baed6', '#3182bd', '#08519c'] as const;

/** Sex-and-age categories of annual-report.md from a (possibly partial) birth date. */
import type { Sex } from '../taxonomy.ts';

export const SEX_AGE = ['girls', 'women', 'boys', 'men', 'unknown'] as const;
export type SexAge = (typeof SEX_AGE)[number];

const PARTIAL_RE = /^\d{4}(?:-\d{2}(?:-\d{2})?)?$/;
const FULL_RE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The smallest and largest age (completed years) a person born on `birthDate` can have on `onDate`.
 * A full date gives one age; `YYYY-MM` or `YYYY` give a range. Null when unknown or after `onDate`.
 */
export function ageRange(birthDate: string | null, onDate: string): { min: number; max: number } | null {
  if (!birthDate || !PARTIAL_RE.test(birthDate) || !FULL_RE.test(onDate)) return null;
  const by = Number(birthDate.slice(0, 4));
  const oy = Number(onDate.slice(0, 4));
  const om = Number(onDate.slice(5, 7));
  const od = Number(onDate.slice(8, 10));
  let min: number;
  let max: number;
  if (birthDate.length === 4) {
    min = ageFor(by, 12, 31, oy, om, od);
    max = ageFor(by, 1, 1, oy, om, od);
  } else if (birthDate.length === 7) {
    const bm = Number(birthDate.slice(5, 7));
    min = ageFor(by, bm, 31, oy, om, od);
    max = ageFor(by, bm, 1, oy, om, od);
  } else {
    min = max = ageFor(by, Number(birthDate.slice(5, 7)), Number(birthDate.slice(8, 10)), oy, om, od);
  }
  if (max < 0) return null; // born after the date: not a usable age
  return { min: Math.max(0, min), max };
}

/** Completed years on (oy, om, od) for a birth on (by, bm, bd). */
function ageFor(by: number, bm: number, bd: number, oy: number, om: number, od: number): number {
  return oy - by - (om < bm || (om === bm && od < bd) ? 1 : 0);
}

/** true = under 18, false = 18 or over, null = unknown or ambiguous on that date. */
export function isMinor(birthDate: string | null, onDate: string): boolean | null {
  const r = ageRange(birthDate, onDate);
  if (!r) return null;
  if (r.max < 18) return true;
  if (r.min >= 18) return false;
  return null;
}

export function sexAge(sex: Sex | null, birthDate: string | null, onDate: string): SexAge {
  if (sex !== 'female' && sex !== 'male') return 'unknown';
  const minor = isMinor(birthDate, onDate);
  if (minor === null) return 'unknown';
  if (sex === 'female') return minor ? 'girls' : 'women';
  return minor ? 'boys' : 'men';
}

/** Sex-and-age categories of annual-report.md from a (possibly partial) birth date. */
import type { Sex } from '../taxonomy.ts';

export const SEX_AGE = ['girls', 'women', 'boys', 'men', 'unknown'] as const;
export type SexAge = (typeof SEX_AGE)[number];

const PARTIAL_RE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/**
 * The smallest and largest age (completed years) a person born on `birthDate` can have on `onDate`.
 * A full date gives one age; `YYYY-MM` or `YYYY` give a range. Null when unknown or after `onDate`.
 */
export function ageRange(birthDate: string | null, onDate: string): { min: number; max: number } | null {
  if (!birthDate) return null;
  const m = PARTIAL_RE.exec(birthDate);
  const d = PARTIAL_RE.exec(onDate);
  if (!m || !d || d[2] === undefined || d[3] === undefined) return null;
  const by = Number(m[1]);
  const oy = Number(d[1]);
  const om = Number(d[2]);
  const od = Number(d[3]);
  // age for a concrete birth (month, day)
  const ageFor = (bm: number, bd: number) => oy - by - (om < bm || (om === bm && od < bd) ? 1 : 0);
  let min: number;
  let max: number;
  if (m[2] === undefined) {
    min = ageFor(12, 31);
    max = ageFor(1, 1);
  } else if (m[3] === undefined) {
    const bm = Number(m[2]);
    min = ageFor(bm, 31);
    max = ageFor(bm, 1);
  } else {
    min = max = ageFor(Number(m[2]), Number(m[3]));
  }
  if (max < 0) return null; // born after the date: not a usable age
  return { min: Math.max(0, min), max };
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

import { compareDates } from './dates.ts';
import { givenNamesEquivalent } from './nicknames.ts';
import { hasValues, type PreparedSet } from './prepare.ts';
import { damerauLevenshtein, jaroWinkler } from './similarity.ts';

/**
 * A field comparison maps a pair of records to a level in 0..levels-1 (higher = more alike)
 * or -1 when either side is missing (no evidence either way).
 */
export interface Comparison {
  readonly name: string;
  readonly levels: number;
  /** Column whose value frequencies adjust the weight of the top level (term-frequency adjustment). */
  readonly tfColumn?: TfColumn;
  readonly applies: (a: PreparedSet, b: PreparedSet) => boolean;
  readonly compare: (a: PreparedSet, i: number, b: PreparedSet, j: number) => number;
}

export type TfColumn = 'given' | 'surname1' | 'surname2' | 'locality';
type StrCol = {
  [K in keyof PreparedSet]: PreparedSet[K] extends readonly string[] ? K : never;
}[keyof PreparedSet];

const both = (col: StrCol) => (a: PreparedSet, b: PreparedSet) => hasValues(a[col]) && hasValues(b[col]);

/** 3 exact, 2 JW >= 0.92, 1 JW >= 0.8, 0 otherwise. */
export function textLevel4(x: string, y: string): number {
  if (x === y) return 3;
  const s = jaroWinkler(x, y);
  return s >= 0.92 ? 2 : s >= 0.8 ? 1 : 0;
}

/** Given-name level: 4 same, 3 one is part of the other or nickname-equivalent, 2 close, 1 similar, 0 different. */
export function givenNameLevel(x: string, y: string, rawX = x, rawY = y): number {
  if (x === y) return 4;
  const tx = x.split(' ');
  const ty = y.split(' ');
  const [short, long] = tx.length <= ty.length ? [tx, ty] : [ty, tx];
  if (short.every((t) => long.includes(t))) return 3;
  if (tx.length === 1 && ty.length === 1 && givenNamesEquivalent(rawX, rawY)) return 3;
  const s = jaroWinkler(x, y);
  if (s >= 0.92) return 2;
  const f = jaroWinkler(tx[0]!, ty[0]!);
  if (f >= 0.92) return 2;
  return s >= 0.8 || f >= 0.85 ? 1 : 0;
}

/** Surname level with swapped or missing second surnames: 3 exact, 2 close or swapped, 1 similar, 0 different. */
function surname1Level(a: PreparedSet, i: number, b: PreparedSet, j: number): number {
  const x = a.surname1[i]!;
  const y = b.surname1[j]!;
  if (!x || !y) return -1;
  const direct = x === y ? 3 : 0;
  if (direct === 3) return 3;
  if (x === b.surname2[j] || a.surname2[i] === y || a.surname1Ph[i] === b.surname1Ph[j]) return 2;
  return textLevel4(x, y);
}

function surname2Level(a: PreparedSet, i: number, b: PreparedSet, j: number): number {
  const x = a.surname2[i]!;
  const y = b.surname2[j]!;
  if (!x || !y) return -1;
  if (x === y) return 3;
  if (x === b.surname1[j] || a.surname1[i] === y || a.surname2Ph[i] === b.surname2Ph[j]) return 2;
  return textLevel4(x, y);
}

const exactOr = (col: StrCol, near: (x: string, y: string) => boolean): Comparison['compare'] => {
  return (a, i, b, j) => {
    const x = a[col][i]!;
    const y = b[col][j]!;
    if (!x || !y) return -1;
    if (x === y) return 2;
    return near(x, y) ? 1 : 0;
  };
};

const fuzzy4 = (col: StrCol): Comparison['compare'] => {
  return (a, i, b, j) => {
    const x = a[col][i]!;
    const y = b[col][j]!;
    if (!x || !y) return -1;
    return textLevel4(x, y);
  };
};

const exact2 = (col: StrCol): Comparison['compare'] => {
  return (a, i, b, j) => {
    const x = a[col][i]!;
    const y = b[col][j]!;
    if (!x || !y) return -1;
    return x === y ? 1 : 0;
  };
};

/** Every comparison Enlace knows; those whose fields are absent on either side are dropped. */
export const ALL_COMPARISONS: readonly Comparison[] = [
  {
    name: 'given_names',
    levels: 5,
    tfColumn: 'given',
    applies: both('given'),
    compare: (a, i, b, j) => {
      const x = a.given[i]!;
      const y = b.given[j]!;
      if (!x || !y) return -1;
      return givenNameLevel(x, y, a.givenRaw[i], b.givenRaw[j]);
    },
  },
  { name: 'surname_1', levels: 4, tfColumn: 'surname1', applies: both('surname1'), compare: surname1Level },
  { name: 'surname_2', levels: 4, tfColumn: 'surname2', applies: both('surname2'), compare: surname2Level },
  {
    name: 'birth_date',
    levels: 5,
    applies: (a, b) => hasValues(a.year) && hasValues(b.year),
    compare: (a, i, b, j) =>
      compareDates(a.year[i]!, a.month[i]!, a.day[i]!, b.year[j]!, b.month[j]!, b.day[j]!),
  },
  { name: 'sex', levels: 2, applies: both('sex'), compare: exact2('sex') },
  {
    name: 'id_number',
    levels: 3,
    applies: both('idNumber'),
    compare: exactOr('idNumber', (x, y) => damerauLevenshtein(x, y) <= 1),
  },
  {
    name: 'phone',
    levels: 3,
    applies: both('phone'),
    compare: exactOr('phone', (x, y) => x.length >= 7 && y.length >= 7 && x.slice(-7) === y.slice(-7)),
  },
  {
    name: 'email',
    levels: 3,
    applies: both('email'),
    compare: exactOr('email', (x, y) => jaroWinkler(x, y) >= 0.88),
  },
  { name: 'street', levels: 4, applies: both('street'), compare: fuzzy4('street') },
  {
    name: 'locality',
    levels: 4,
    tfColumn: 'locality',
    applies: both('locality'),
    compare: fuzzy4('locality'),
  },
  {
    name: 'postcode',
    levels: 3,
    applies: both('postcode'),
    compare: exactOr('postcode', (x, y) => damerauLevenshtein(x, y) <= 1),
  },
  { name: 'region', levels: 2, applies: both('region'), compare: exact2('region') },
  { name: 'country', levels: 2, applies: both('country'), compare: exact2('country') },
  { name: 'nationality', levels: 2, applies: both('nationality'), compare: exact2('nationality') },
];

/** Fixed evidence of CURPs (log2 odds), not learned: a matching valid CURP is decisive. */
export const CURP_WEIGHTS = { sameValid: 40, differentValid: -20, same: 12, near: 3, different: -3 } as const;

/** The CURP weight of a pair (0 when either CURP is missing). */
export function curpWeight(a: PreparedSet, i: number, b: PreparedSet, j: number): number {
  const x = a.curp[i]!;
  const y = b.curp[j]!;
  if (!x || !y) return 0;
  const valid = a.curpValid[i] === 1 && b.curpValid[j] === 1;
  if (x === y) return valid ? CURP_WEIGHTS.sameValid : CURP_WEIGHTS.same;
  if (valid) return CURP_WEIGHTS.differentValid;
  return damerauLevenshtein(x, y) <= 2 ? CURP_WEIGHTS.near : CURP_WEIGHTS.different;
}

/** True when two records carry different valid CURPs: they can never be the same person. */
export const curpConflict = (a: PreparedSet, i: number, b: PreparedSet, j: number): boolean =>
  a.curpValid[i] === 1 && b.curpValid[j] === 1 && a.curp[i] !== b.curp[j];

/** The comparisons that apply to a pair of record sets. */
export const activeComparisons = (a: PreparedSet, b: PreparedSet): Comparison[] =>
  ALL_COMPARISONS.filter((c) => c.applies(a, b));

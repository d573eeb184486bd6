import { compareDates, twoSlips, writtenDateLevel, writtenOf } from './dates.ts';
import { givenNamesEquivalent } from './nicknames.ts';
import { PairCache } from './pair-cache.ts';
import { spanishPhonetic } from './phonetic.ts';
import { hasValues, type PreparedSet } from './prepare.ts';
import {
  damerauLevenshtein,
  damerauLevenshteinWithin,
  jaroWinkler,
  jaroWinklerAtLeast,
  jaroWinklerBound,
} from './similarity.ts';

/**
 * A field comparison maps a pair of records to a level in 0..levels-1 (higher = more alike)
 * or -1 when either side is missing (no evidence either way). `bind` prepares a fast comparer for two
 * record sets (string values interned as integers, levels of repeated value pairs cached).
 */
export interface Comparison {
  readonly name: string;
  readonly levels: number;
  /** Column whose value frequencies adjust the weight of the top level (term-frequency adjustment). */
  readonly tfColumn?: TfColumn;
  readonly applies: (a: PreparedSet, b: PreparedSet) => boolean;
  readonly bind: (a: PreparedSet, b: PreparedSet) => PairComparer;
}

export type PairComparer = (i: number, j: number) => number;
export type TfColumn = 'given' | 'surname1' | 'surname2' | 'locality';
type StrCol = {
  [K in keyof PreparedSet]: PreparedSet[K] extends readonly string[] ? K : never;
}[keyof PreparedSet];

const both = (col: StrCol) => (a: PreparedSet, b: PreparedSet) => hasValues(a[col]) && hasValues(b[col]);

/** Interned values of some columns of two sets: code 0 is "missing", equal strings share a code. */
class Interner {
  readonly values: string[] = [''];
  private readonly dict = new Map<string, number>([['', 0]]);
  codes(col: readonly string[]): Int32Array {
    const out = new Int32Array(col.length);
    for (let i = 0; i < col.length; i++) {
      const v = col[i]!;
      let c = this.dict.get(v);
      if (c === undefined) {
        c = this.values.length;
        this.values.push(v);
        this.dict.set(v, c);
      }
      out[i] = c;
    }
    return out;
  }
}

/** Caches a symmetric level function of two value codes. */
function levelCache(
  fn: (x: number, y: number) => number,
  vocabulary: number,
): (x: number, y: number) => number {
  const cache = new PairCache(4_000_000, Math.min(1 << 16, 1 << Math.ceil(Math.log2(vocabulary + 2))));
  return (x, y) => {
    const lo = x < y ? x : y;
    const hi = x < y ? y : x;
    let v = cache.get(lo, hi);
    if (v < 0) {
      v = fn(x, y);
      cache.set(lo, hi, v);
    }
    return v;
  };
}

/** Generic first given names (María, José and their abbreviations after normalisation). */
const GENERIC_GIVEN = new Set(['maria', 'ma', 'jose', 'j', 'm']);

/** 3 exact, 2 JW >= 0.92, 1 JW >= 0.8, 0 otherwise. */
export function textLevel4(x: string, y: string): number {
  if (x === y) return 3;
  if (jaroWinklerBound(x, y) < 0.8) return 0;
  const s = jaroWinkler(x, y);
  return s >= 0.92 ? 2 : s >= 0.8 ? 1 : 0;
}

/** Given-name level: 4 same, 3 one is part of the other or nickname-equivalent, 2 close, 1 similar, 0 different. */
export function givenNameLevel(x: string, y: string, rawX = x, rawY = y): number {
  if (x === y) return 4;
  const tx = x.split(' ');
  const ty = y.split(' ');
  // "María Guadalupe" / "María Erika": the shared generic first name says nothing (RENAPO skips it too); the names
  // that tell the two apart are compared
  if (tx.length > 1 && ty.length > 1 && tx[0] === ty[0] && GENERIC_GIVEN.has(tx[0]!))
    return givenNameLevel(tx.slice(1).join(' '), ty.slice(1).join(' '));
  const [short, long] = tx.length <= ty.length ? [tx, ty] : [ty, tx];
  if (
    short.every((t) => long.includes(t)) &&
    (tx.length !== ty.length || long.every((t) => short.includes(t)))
  )
    return 3;
  if (tx.length === 1 && ty.length === 1 && givenNamesEquivalent(rawX, rawY)) return 3;
  const s = jaroWinkler(x, y);
  if (s >= 0.92) return 2;
  // every name of the shorter written like one of the longer's, by sound or by a slip ("Kevyn" / "Juan Kebin",
  // "Ximena" / "Jimena Guadalupe")
  // (both ways when the two have as many names, so the level does not depend on the order of the pair)
  const alike = (p: string[], q: string[]) => p.every((t) => q.some((u) => tokensAlike(t, u)));
  if (tx.length === ty.length ? alike(tx, ty) && alike(ty, tx) : alike(short, long)) return 2;
  // a short form written as the start of the name ("Ad." / "Adrian", "Guille" / "Guillermo")
  if (tx.length === 1 && ty.length === 1 && isShortForm(tx[0]!, ty[0]!)) return 2;
  // two names contracted into one from their starts: "Majo" / "María José", "Mafer" / "María Fernanda", "Juanma" /
  // "Juan Manuel"
  if (contraction(tx, ty) || contraction(ty, tx)) return 2;
  // initials for names ("J." / "John", "J. F." / "Jack Fred"): what they show agrees; close, not "different" (which
  // would take two records of one person for twins)
  if (initialsAgree(tx, ty)) return 2;
  const f = jaroWinkler(tx[0]!, ty[0]!);
  if (f >= 0.92) return 2;
  if (s >= 0.8 || f >= 0.85) return 1;
  // two slips in a short name ("jack" / "sakk", "garth" / "karth") leave little for Jaro-Winkler but are still
  // typing, not another name
  if (Math.min(x.length, y.length) >= 4 && damerauLevenshteinWithin(x, y, 2)) return 1;
  // a nickname's canonical form hides the typing in what was written ("jack" is read as "john", "sakk" is not):
  // the names as written are compared too
  if ((rawX !== x || rawY !== y) && rawX !== rawY && !rawX.includes(' ') && !rawY.includes(' ')) {
    if (jaroWinkler(rawX, rawY) >= 0.85) return 1;
    const d = damerauLevenshtein(rawX, rawY);
    if (d <= 1 || (Math.min(rawX.length, rawY.length) >= 4 && d <= 2)) return 1;
  }
  return 0;
}

/**
 * One side writes initials for names (at least one single letter) and every position agrees with the other: an initial
 * with the first letter of the name in its place, a written name with its counterpart ("j f" / "jack fred", "j" /
 * "james valentine", "r a" / "r arthur"). Nothing to compare when neither side has an initial.
 */
export function initialsAgree(tx: readonly string[], ty: readonly string[]): boolean {
  if (!tx.some((t) => t.length === 1) && !ty.some((t) => t.length === 1)) return false;
  const n = Math.min(tx.length, ty.length);
  for (let k = 0; k < n; k++) {
    const a = tx[k]!;
    const b = ty[k]!;
    if (a.length === 1 || b.length === 1) {
      if (a.charAt(0) !== b.charAt(0)) return false;
    } else if (!tokensAlike(a, b)) return false;
  }
  return true;
}

/**
 * Two given-name tokens that are one name written differently: same sound in Spanish, or a slip (Jaro-Winkler ≥ 0.92,
 * or one letter dropped, added, changed or two swapped in a name of five letters or more: "Rfael" / "José Rafael",
 * where an early slip leaves Jaro-Winkler at 0.89).
 */
const tokensAlike = (t: string, u: string): boolean =>
  t === u ||
  (t.length >= 3 &&
    u.length >= 3 &&
    (spanishPhonetic(t) === spanishPhonetic(u) ||
      jaroWinkler(t, u) >= 0.92 ||
      (Math.min(t.length, u.length) >= 5 && damerauLevenshteinWithin(t, u, 1)) ||
      ocrKey(t) === ocrKey(u)));

/**
 * What a scanned form's text recognition confuses, read back: "cl" for "d" ("Guaclalupe"), "rn" for "m", "vv" for
 * "w", digits for the letters they look like ("J0sé", "Rob1es"). Two tokens with the same key are one name read twice.
 */
export function ocrKey(t: string): string {
  if (!/cl|rn|vv|[0-9]/.test(t)) return t;
  return t
    .replace(/cl/g, 'd')
    .replace(/rn/g, 'm')
    .replace(/vv/g, 'w')
    .replace(/0/g, 'o')
    .replace(/1/g, 'l')
    .replace(/5/g, 's')
    .replace(/8/g, 'b');
}

const isShortForm = (x: string, y: string): boolean => {
  const [a, b] = x.length <= y.length ? [x, y] : [y, x];
  if (a.length >= 2 && b.length > a.length && b.startsWith(a)) return true;
  // the end of the name, as Spanish short forms drop its start: "Nardo" / "Bernardo", "Tina" / "Cristina", "Nando"
  if (a.length >= 4 && b.length > a.length && b.endsWith(a)) return true;
  // Spanish diminutives: Luisito / Luis, Juanita / Juana, Carmencita / Carmen
  const dx = diminutiveStems(x);
  const dy = diminutiveStems(y);
  return dx.includes(y) || dy.includes(x) || dx.some((v) => dy.includes(v));
};

/** `one` (a single name) is the start of each of the two names of `two`, joined: "majo" for "maria jose". */
function contraction(one: readonly string[], two: readonly string[]): boolean {
  if (one.length !== 1 || two.length !== 2) return false;
  const t = one[0]!;
  const [n1, n2] = two as [string, string];
  if (t.length < 4 || n1.length < 2 || n2.length < 2) return false;
  for (let k1 = 2; k1 <= Math.min(n1.length, t.length - 2); k1++) {
    if (t.charCodeAt(k1 - 1) !== n1.charCodeAt(k1 - 1)) return false;
    const rest = t.slice(k1);
    if (rest.length >= 2 && rest.length <= 4 && rest.length < n2.length && n2.startsWith(rest)) return true;
  }
  return false;
}

/** The names a Spanish diminutive may be made from ("luisito" -> luis, luiso; "juanita" -> juan, juana). */
function diminutiveStems(n: string): string[] {
  const m = /^(.{3,}?)(c?it[oa])$/.exec(n);
  if (!m) return [];
  const stem = m[1]!;
  return [stem, `${stem}${m[2]!.endsWith('a') ? 'a' : 'o'}`];
}

/** A comparer on one string column with a cached level function for differing values. */
function columnComparer(col: StrCol, top: number, fn: (x: string, y: string) => number, cache = true) {
  return (a: PreparedSet, b: PreparedSet): PairComparer => {
    const dict = new Interner();
    const ca = dict.codes(a[col]);
    const cb = a === b ? ca : dict.codes(b[col]);
    const v = dict.values;
    const level = cache
      ? levelCache((x, y) => fn(v[x]!, v[y]!), v.length)
      : (x: number, y: number) => fn(v[x]!, v[y]!);
    return (i, j) => {
      const x = ca[i]!;
      const y = cb[j]!;
      if (x === 0 || y === 0) return -1;
      return x === y ? top : level(x, y);
    };
  };
}

const textLevelDiff = (x: string, y: string): number => {
  if (jaroWinklerBound(x, y) < 0.8) return 0;
  const s = jaroWinkler(x, y);
  return s >= 0.92 ? 2 : s >= 0.8 ? 1 : 0;
};

/**
 * Two different surnames: 2 close (Jaro-Winkler ≥ 0.92), 1 similar (≥ 0.8, or two slips in names of four letters or
 * more, read through what text recognition confuses: "wynne" / "ywnbe", "gold4r" / "golder", as for given names),
 * 0 different.
 */
export const surnameLevelDiff = (x: string, y: string): number => {
  const l = textLevelDiff(x, y);
  if (l > 0 || Math.min(x.length, y.length) < 4) return l;
  return damerauLevenshteinWithin(ocrKey(x), ocrKey(y), 2) ? 1 : 0;
};

/** Surnames with swapped or missing second surnames: 3 exact, 2 close or swapped, 1 similar, 0 different. */
function surnameComparer(first: boolean) {
  return (a: PreparedSet, b: PreparedSet): PairComparer => {
    const dict = new Interner();
    const a1 = dict.codes(a.surname1);
    const a2 = dict.codes(a.surname2);
    const b1 = a === b ? a1 : dict.codes(b.surname1);
    const b2 = a === b ? a2 : dict.codes(b.surname2);
    // one interner for the phonetic keys of both surnames, so a surname can be compared with the other's other one
    const ph = new Interner();
    const ap1 = ph.codes(a.surname1Ph);
    const ap2 = ph.codes(a.surname2Ph);
    const bp1 = a === b ? ap1 : ph.codes(b.surname1Ph);
    const bp2 = a === b ? ap2 : ph.codes(b.surname2Ph);
    const v = dict.values;
    const level = levelCache((x, y) => surnameLevelDiff(v[x]!, v[y]!), v.length);
    const [ax, ao, bx, bo] = first ? [a1, a2, b1, b2] : [a2, a1, b2, b1];
    const [ap, apo, bp, bpo] = first ? [ap1, ap2, bp1, bp2] : [ap2, ap1, bp2, bp1];
    // a surname in the other record's other place, written alike: the same, the same sound ("Cuenka" / "Cuenca"), or
    // one slip (Jaro-Winkler ≥ 0.92)
    const crossAlike = (p: number, q: number, pp: number, qp: number): boolean =>
      p !== 0 && q !== 0 && (p === q || (pp !== 0 && pp === qp) || level(p, q) === 2);
    return (i, j) => {
      const x = ax[i]!;
      const y = bx[j]!;
      if (x === 0 || y === 0) return -1;
      if (x === y) return 3;
      if (ap[i] === bp[j]) return 2;
      const cross1 = crossAlike(x, bo[j]!, ap[i]!, bpo[j]!);
      const cross2 = crossAlike(ao[i]!, y, apo[i]!, bp[j]!);
      // a surname in the other place: a dropped first surname ("López" / "Chávez López") or the two swapped; with
      // both surnames on both sides and only one of them shared ("Chávez López" / "López Valencia") it is another
      // family's child, not a shift, and must not count twice
      if ((cross1 || cross2) && ((cross1 && cross2) || ao[i] === 0 || bo[j] === 0)) return 2;
      const l = level(x, y);
      return l === 0 && first && swapped(a, i, b, j) ? 2 : l;
    };
  };
}

function givenComparer(a: PreparedSet, b: PreparedSet): PairComparer {
  const raw = new Interner();
  const ra = raw.codes(a.givenRaw);
  const rb = a === b ? ra : raw.codes(b.givenRaw);
  const canon = new Interner();
  const ca = canon.codes(a.given);
  const cb = a === b ? ca : canon.codes(b.given);
  const canonOfRaw = new Int32Array(raw.values.length);
  for (let i = 0; i < ra.length; i++) canonOfRaw[ra[i]!] = ca[i]!;
  for (let j = 0; j < rb.length; j++) canonOfRaw[rb[j]!] = cb[j]!;
  const rv = raw.values;
  const cv = canon.values;
  const level = levelCache(
    (x, y) => givenNameLevel(cv[canonOfRaw[x]!]!, cv[canonOfRaw[y]!]!, rv[x], rv[y]),
    rv.length,
  );
  return (i, j) => {
    const x = ca[i]!;
    const y = cb[j]!;
    if (x === 0 || y === 0) return -1;
    if (x === y) return 4;
    const l = level(ra[i]!, rb[j]!);
    // given name and surname written the other way round ("Pérez Juan" / "Juan Pérez"): close, not different
    if (l === 0 && swapped(a, i, b, j)) return 2;
    return l;
  };
}

/**
 * Birth dates (compareDates); where one of two full dates has a part that could not be read or cannot be true
 * ("29/1q/1983", "22/12/2972": PreparedSet.dateWritten), the two are compared as written: one character changed is a
 * one-character slip (level 2) rather than no date at all, as a one-digit slip between readable dates is.
 * Between two files (`a !== b`), two slips are level 1 rather than two dates (one digit changed in each of two parts of
 * two readable dates, twoSlips; two characters of a date written with an unreadable one): the one-to-one assignment
 * gives a person's record to the closest of its candidates, so a sister whose date is two digits off loses to the
 * person's own record when the other file holds it. Deduplicating, nothing assigns records one to
 * one and a sister would join the group (measured on the independent generator: 2 to 3 more false links between
 * look-alikes in each 2,000-record cell), so such dates stay different there.
 */
function dateComparer(a: PreparedSet, b: PreparedSet): PairComparer {
  const twoFiles = a !== b;
  const parts = (i: number, j: number) => {
    const l = compareDates(a.year[i]!, a.month[i]!, a.day[i]!, b.year[j]!, b.month[j]!, b.day[j]!);
    return l === 0 &&
      twoFiles &&
      twoSlips(a.year[i]!, a.month[i]!, a.day[i]!, b.year[j]!, b.month[j]!, b.day[j]!)
      ? 1
      : l;
  };
  if (!hasValues(a.dateWritten) && !hasValues(b.dateWritten)) return parts;
  return (i, j) => {
    const wa = a.dateWritten[i]!;
    const wb = b.dateWritten[j]!;
    if (wa === '' && wb === '') return parts(i, j);
    const written = writtenDateLevel(
      wa || writtenOf(a.year[i]!, a.month[i]!, a.day[i]!),
      wb || writtenOf(b.year[j]!, b.month[j]!, b.day[j]!),
    );
    return written >= 2 || (written === 1 && twoFiles) ? written : parts(i, j);
  };
}

/** One record's given name is the other's first surname, and the reverse. */
const swapped = (a: PreparedSet, i: number, b: PreparedSet, j: number): boolean => {
  const g1 = a.givenRaw[i]!;
  const g2 = b.givenRaw[j]!;
  const s1 = a.surname1[i]!;
  const s2 = b.surname1[j]!;
  return g1 !== '' && s1 !== '' && textLevel4(g1, s2) >= 2 && textLevel4(s1, g2) >= 2;
};

const exactOr = (col: StrCol, near: (x: string, y: string) => boolean, cache = false) =>
  columnComparer(col, 2, (x, y) => (near(x, y) ? 1 : 0), cache);

const exact2 = (col: StrCol) => columnComparer(col, 1, () => 0, false);

/** The last 7 characters are the same (x.slice(-7) === y.slice(-7) for strings of 7 or more, without the copies). */
const sameLast7 = (x: string, y: string): boolean => {
  const lx = x.length;
  const ly = y.length;
  if (lx < 7 || ly < 7) return false;
  for (let k = 1; k <= 7; k++) if (x.charCodeAt(lx - k) !== y.charCodeAt(ly - k)) return false;
  return true;
};

/**
 * Phones that are one number: the last 7 digits the same (a prefix or area code written or not), or up to two digits
 * mistyped, left out or doubled (or neighbours swapped) in numbers of 8 digits or more — two random numbers of one
 * area share that few differences about once in 10^5 pairs; the model learns the level's weight from the input.
 */
export const phoneNear = (x: string, y: string): boolean =>
  sameLast7(x, y) || (x.length >= 8 && y.length >= 8 && damerauLevenshteinWithin(x, y, 2));

/** Every comparison Enlace knows; those whose fields are absent on either side are dropped. */
export const ALL_COMPARISONS: readonly Comparison[] = [
  { name: 'given_names', levels: 5, tfColumn: 'given', applies: both('given'), bind: givenComparer },
  {
    name: 'surname_1',
    levels: 4,
    tfColumn: 'surname1',
    applies: both('surname1'),
    bind: surnameComparer(true),
  },
  {
    name: 'surname_2',
    levels: 4,
    tfColumn: 'surname2',
    applies: both('surname2'),
    bind: surnameComparer(false),
  },
  {
    name: 'birth_date',
    levels: 5,
    applies: (a, b) =>
      (hasValues(a.year) || hasValues(a.dateWritten)) && (hasValues(b.year) || hasValues(b.dateWritten)),
    bind: dateComparer,
  },
  { name: 'sex', levels: 2, applies: both('sex'), bind: exact2('sex') },
  {
    name: 'id_number',
    levels: 3,
    applies: both('idNumber'),
    bind: exactOr('idNumber', (x, y) => damerauLevenshteinWithin(x, y, 1)),
  },
  {
    name: 'phone',
    levels: 3,
    applies: both('phone'),
    bind: exactOr('phone', phoneNear),
  },
  {
    name: 'email',
    levels: 3,
    applies: both('email'),
    bind: exactOr('email', (x, y) => jaroWinklerAtLeast(x, y, 0.88)),
  },
  { name: 'street', levels: 4, applies: both('street'), bind: columnComparer('street', 3, textLevelDiff) },
  {
    name: 'locality',
    levels: 4,
    tfColumn: 'locality',
    applies: both('locality'),
    bind: columnComparer('locality', 3, textLevelDiff),
  },
  {
    name: 'postcode',
    levels: 3,
    applies: both('postcode'),
    bind: exactOr('postcode', (x, y) => damerauLevenshteinWithin(x, y, 1), true),
  },
  { name: 'region', levels: 2, applies: both('region'), bind: exact2('region') },
  { name: 'country', levels: 2, applies: both('country'), bind: exact2('country') },
  { name: 'nationality', levels: 2, applies: both('nationality'), bind: exact2('nationality') },
];

/** Compares one pair on one named comparison (convenience for tests and single look-ups). */
export function compareOne(name: string, a: PreparedSet, i: number, b: PreparedSet, j: number): number {
  const c = ALL_COMPARISONS.find((x) => x.name === name);
  if (!c) throw new Error(`unknown comparison ${name}`);
  return c.bind(a, b)(i, j);
}

/** Fixed evidence of CURPs (log2 odds), not learned: a matching valid CURP is decisive. */
export const CURP_WEIGHTS = { sameValid: 40, differentValid: -20, same: 12, near: 3, different: -3 } as const;

/** The CURP weight of a pair (0 when either CURP is missing). */
export function curpWeight(a: PreparedSet, i: number, b: PreparedSet, j: number): number {
  const x = a.curp[i]!;
  const y = b.curp[j]!;
  if (!x || !y) return 0;
  const valid = a.curpValid[i] === 1 && b.curpValid[j] === 1;
  if (x === y) return valid ? CURP_WEIGHTS.sameValid : CURP_WEIGHTS.same;
  if (valid) {
    if (curpTypo(a, i, b, j)) return CURP_WEIGHTS.near;
    return curpExplained(a, i, b, j) ? 0 : CURP_WEIGHTS.differentValid;
  }
  return damerauLevenshteinWithin(x, y, 2) ? CURP_WEIGHTS.near : CURP_WEIGHTS.different;
}

/** The one position where two 18-character CURPs differ, or -1 (equal, or more than one difference). */
function oneDifference(x: string, y: string): number {
  if (x.length !== 18 || y.length !== 18) return -1;
  let diff = -1;
  for (let k = 0; k < 18; k++) {
    if (x[k] === y[k]) continue;
    if (diff >= 0) return -1;
    diff = k;
  }
  return diff;
}

/**
 * Two valid CURPs one character apart, where the records themselves say the difference is a typo that happened to
 * keep the check digit (1 in 10 do): in the state of birth, inner consonants, homoclave or check digit (positions
 * 12-18); in the birth date (5-10) when both records have the same full birth date; in the sex (11) when both
 * records have the same sex; in the initials (1-4) when both records have the same given names and surnames. Any
 * other difference is another person: twins' CURPs differ only in the given name's initial.
 */
export function curpTypo(a: PreparedSet, i: number, b: PreparedSet, j: number): boolean {
  const k = oneDifference(a.curp[i]!, b.curp[j]!);
  if (k < 0) return false;
  if (k >= 11) return true;
  if (k >= 4 && k <= 9)
    return a.day[i]! > 0 && a.year[i] === b.year[j] && a.month[i] === b.month[j] && a.day[i] === b.day[j];
  if (k === 10) return a.sex[i] !== '' && a.sex[i] === b.sex[j];
  return (
    a.given[i] !== '' &&
    a.given[i] === b.given[j] &&
    a.surname1[i] === b.surname1[j] &&
    a.surname2[i] === b.surname2[j]
  );
}

/** Homoclaves a CURP calculator gives when it does not know RENAPO's (born before 2000 / from 2000). */
const DEFAULT_HOMOCLAVE = new Set(['0', 'A']);

/**
 * Two valid CURPs whose differences are all explained by differences between the two records themselves: an agency
 * that computes a CURP from what it wrote down (a misspelt surname, a day typed wrong) gets a valid CURP that
 * differs from RENAPO's exactly where the record differs. Such a difference repeats the fields' evidence and adds
 * none of its own, so it is neutral rather than proof of two persons. Explained: the surname letters (positions 1,
 * 2, 14) when the first surnames are alike or swapped, the second surname's (3, 15) when the second surnames are
 * alike, missing on one side or swapped, the given name's (4, 16) when the given names are close (a typo, a
 * nickname, one of two names; never twins' different names), the date (5-10) when both records hold full dates that
 * are near (a typo or a swap, not two dates), the homoclave (17) when one side has a calculator's default and the
 * records differ elsewhere too (with the first 16 characters the same, a B beside an A is RENAPO's homonym). The state
 * of birth (12-13) and the sex (11) are never explained: records do not carry the state of birth, and a different
 * sex is a different person.
 */
export function curpExplained(a: PreparedSet, i: number, b: PreparedSet, j: number): boolean {
  const x = a.curp[i]!;
  const y = b.curp[j]!;
  if (x.length !== 18 || y.length !== 18 || x === y) return false;
  // the sex (11) and the state of birth (12-13) are never explained: settled before any name is compared
  for (let k = 10; k <= 12; k++) if (x.charCodeAt(k) !== y.charCodeAt(k)) return false;
  let s1: boolean | undefined;
  let s2: boolean | undefined;
  let given: boolean | undefined;
  let date: boolean | undefined;
  // the two surnames in each other's place, written alike (a slip allowed, as the surname comparison does)
  let crossed: boolean | undefined;
  const cross = () =>
    (crossed ??=
      a.surname1[i] !== '' &&
      a.surname2[i] !== '' &&
      b.surname1[j] !== '' &&
      b.surname2[j] !== '' &&
      textLevelDiff(a.surname1[i]!, b.surname2[j]!) >= 1 &&
      textLevelDiff(a.surname2[i]!, b.surname1[j]!) >= 1);
  const sur1 = () =>
    (s1 ??=
      a.surname1[i] !== '' &&
      b.surname1[j] !== '' &&
      (textLevelDiff(a.surname1[i]!, b.surname1[j]!) >= 1 || cross()));
  const sur2 = () =>
    (s2 ??=
      a.surname2[i] === '' ||
      b.surname2[j] === '' ||
      textLevelDiff(a.surname2[i]!, b.surname2[j]!) >= 1 ||
      cross());
  const giv = () =>
    (given ??=
      a.givenRaw[i] !== '' &&
      b.givenRaw[j] !== '' &&
      givenNameLevel(a.given[i]!, b.given[j]!, a.givenRaw[i], b.givenRaw[j]) >= 2);
  // (a date read from the record's own CURP is that CURP again: it cannot explain the CURP's difference)
  const dat = () =>
    (date ??=
      a.day[i]! > 0 &&
      b.day[j]! > 0 &&
      a.dateFromCurp[i] === 0 &&
      b.dateFromCurp[j] === 0 &&
      compareDates(a.year[i]!, a.month[i]!, a.day[i]!, b.year[j]!, b.month[j]!, b.day[j]!) >= 2);
  for (let k = 0; k < 17; k++) {
    if (x[k] === y[k]) continue;
    const ok =
      k === 0 || k === 1 || k === 13
        ? sur1()
        : k === 2 || k === 14
          ? sur2()
          : k === 3 || k === 15
            ? giv()
            : k >= 4 && k <= 9
              ? dat()
              : k === 16
                ? // a calculator's default on one side, for the same name: RENAPO gives homonyms (twins with the
                  // same initials) homoclaves of their own, so with different given names it is two persons
                  // with the first 16 characters the same, it is what RENAPO does for two persons of one name and
                  // one birth date (B for the second), far more often than a calculator's A for a person whose own is B
                  (DEFAULT_HOMOCLAVE.has(x[k]!) || DEFAULT_HOMOCLAVE.has(y[k]!)) &&
                  giv() &&
                  x.slice(0, 16) !== y.slice(0, 16)
                : false;
    if (!ok) return false;
  }
  return true;
}

/** True when two records carry different valid CURPs (not a typo): they can never be the same person. */
export const curpConflict = (a: PreparedSet, i: number, b: PreparedSet, j: number): boolean =>
  a.curpValid[i] === 1 &&
  b.curpValid[j] === 1 &&
  a.curp[i] !== b.curp[j] &&
  !curpTypo(a, i, b, j) &&
  !curpExplained(a, i, b, j);

/** The comparisons that apply to a pair of record sets. */
export const activeComparisons = (a: PreparedSet, b: PreparedSet): Comparison[] =>
  ALL_COMPARISONS.filter((c) => c.applies(a, b));

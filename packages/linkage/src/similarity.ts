/** String similarity measures on already-normalised strings. Symmetric, allocation-light. */

let flagsA = new Uint8Array(64);
let flagsB = new Uint8Array(64);

/** Jaro similarity in [0, 1]. */
export function jaro(a: string, b: string): number {
  if (a === b) return a.length === 0 ? 1 : 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  if (la > flagsA.length) flagsA = new Uint8Array(la * 2);
  if (lb > flagsB.length) flagsB = new Uint8Array(lb * 2);
  flagsA.fill(0, 0, la);
  flagsB.fill(0, 0, lb);
  const range = Math.max(0, (Math.max(la, lb) >> 1) - 1);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const lo = Math.max(0, i - range);
    const hi = Math.min(lb - 1, i + range);
    const c = a.charCodeAt(i);
    for (let j = lo; j <= hi; j++) {
      if (flagsB[j] === 0 && b.charCodeAt(j) === c) {
        flagsA[i] = 1;
        flagsB[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let t = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (flagsA[i] === 0) continue;
    while (flagsB[k] === 0) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) t++;
    k++;
  }
  const m = matches;
  return (m / la + m / lb + (m - t / 2) / m) / 3;
}

/** Jaro-Winkler similarity in [0, 1] (prefix scale 0.1, prefix up to 4 characters). */
export function jaroWinkler(a: string, b: string): number {
  const j = jaro(a, b);
  if (j <= 0.7) return j;
  let l = 0;
  const max = Math.min(4, a.length, b.length);
  while (l < max && a.charCodeAt(l) === b.charCodeAt(l)) l++;
  return j + l * 0.1 * (1 - j);
}

let row0 = new Int32Array(64);
let row1 = new Int32Array(64);
let row2 = new Int32Array(64);

/**
 * Damerau-Levenshtein distance (optimal string alignment: insertions, deletions, substitutions
 * and transpositions of adjacent characters, each costing 1).
 */
export function damerauLevenshtein(a: string, b: string): number {
  if (a === b) return 0;
  const la = a.length;
  const lb = b.length;
  if (la === 0) return lb;
  if (lb === 0) return la;
  if (lb + 1 > row0.length) {
    row0 = new Int32Array(lb * 2 + 2);
    row1 = new Int32Array(lb * 2 + 2);
    row2 = new Int32Array(lb * 2 + 2);
  }
  let prev2 = row0;
  let prev = row1;
  let cur = row2;
  for (let j = 0; j <= lb; j++) prev[j] = j;
  for (let i = 1; i <= la; i++) {
    cur[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= lb; j++) {
      const cb = b.charCodeAt(j - 1);
      const cost = ca === cb ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) {
        v = Math.min(v, prev2[j - 2]! + 1);
      }
      cur[j] = v;
    }
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return prev[lb]!;
}

const bag = new Int32Array(128);

/**
 * Characters two strings have in common, counted with multiplicity (-1 when either has a character beyond ASCII).
 * Jaro's matches can be no more, and each edit of Damerau-Levenshtein changes it by at most one: cheap bounds
 * that let the exact measures below skip most pairs of unrelated values.
 */
function commonChars(a: string, b: string): number {
  const la = a.length;
  const lb = b.length;
  let i = 0;
  for (; i < la; i++) {
    const c = a.charCodeAt(i);
    if (c >= 128) break;
    bag[c]!++;
  }
  let common = -1;
  if (i === la) {
    common = 0;
    for (let j = 0; j < lb; j++) {
      const c = b.charCodeAt(j);
      if (c >= 128) {
        common = -1;
        break;
      }
      if (bag[c]! > 0) {
        bag[c]!--;
        common++;
      }
    }
  }
  for (let k = 0; k < i; k++) bag[a.charCodeAt(k)] = 0;
  return common;
}

/**
 * An upper bound of `jaroWinkler(a, b)` that costs one pass over each string: with m matches at most the
 * characters in common, Jaro is at most (c/|a| + c/|b| + 1) / 3, and the Winkler prefix of l characters adds
 * l / 10 of what Jaro leaves (nothing up to 0.7). A hair above the bound, so that rounding never puts the exact value over it.
 */
export function jaroWinklerBound(a: string, b: string): number {
  const la = a.length;
  const lb = b.length;
  if (a === b || la === 0 || lb === 0) return 1;
  const c = commonChars(a, b);
  if (c < 0) return 1;
  const j = c === 0 ? 0 : (c / la + c / lb + 1) / 3;
  if (j <= 0.7) return j + 1e-9;
  let l = 0;
  const max = Math.min(4, la, lb);
  while (l < max && a.charCodeAt(l) === b.charCodeAt(l)) l++;
  return j + l * 0.1 * (1 - j) + 1e-9;
}

/** `jaroWinkler(a, b) >= threshold`, exactly, without computing Jaro-Winkler for most pairs far below it. */
export function jaroWinklerAtLeast(a: string, b: string, threshold: number): boolean {
  return jaroWinklerBound(a, b) >= threshold && jaroWinkler(a, b) >= threshold;
}

/**
 * `damerauLevenshtein(a, b) <= k`, exactly, and fast for strings far apart: a length difference or too few
 * characters in common settle it at once; otherwise the rows stop as soon as two in a row exceed k everywhere.
 */
export function damerauLevenshteinWithin(a: string, b: string, k: number): boolean {
  if (a === b) return 0 <= k;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > k) return false;
  if (la === 0 || lb === 0) return Math.max(la, lb) <= k;
  const c = commonChars(a, b);
  if (c >= 0 && Math.max(la, lb) - c > k) return false;
  if (lb + 1 > row0.length) {
    row0 = new Int32Array(lb * 2 + 2);
    row1 = new Int32Array(lb * 2 + 2);
    row2 = new Int32Array(lb * 2 + 2);
  }
  let prev2 = row0;
  let prev = row1;
  let cur = row2;
  for (let j = 0; j <= lb; j++) prev[j] = j;
  let prevMin = 0;
  for (let i = 1; i <= la; i++) {
    cur[0] = i;
    let min = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= lb; j++) {
      const cb = b.charCodeAt(j - 1);
      const cost = ca === cb ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) {
        v = Math.min(v, prev2[j - 2]! + 1);
      }
      cur[j] = v;
      if (v < min) min = v;
    }
    // every later row is at least min(this row's minimum, the previous row's minimum + 1)
    if (min > k && prevMin > k) return false;
    prevMin = min;
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return prev[lb]! <= k;
}

/**
 * Disclosure control for the public release: k-threshold primary suppression, complementary suppression
 * so that no suppressed cell can be recovered from the published totals, and optional differentially
 * private counts (two-sided geometric noise) with totals kept consistent.
 *
 * A release is a set of named integer cells and linear equations `total = part1 + part2 + ...` that hold
 * between them (row, column and grand totals). Both sides may be published.
 */

import lpSolver from 'javascript-lp-solver';

/** What a reader knows a relation from (release.ts lists them all, with where each comes from). */
export type RelationKind =
  | 'forms'
  | 'levels'
  | 'states'
  | 'sex_age'
  | 'status'
  | 'records'
  | 'hotline'
  | 'subset';

/**
 * `total = Σ parts`, or with `inequality` `total ≥ Σ parts` (the parts are a subset of what the total
 * counts). Both sides may be published.
 */
export interface Equation {
  total: string;
  parts: readonly string[];
  kind?: RelationKind;
  inequality?: boolean;
}

export interface SuppressionResult {
  /** every cell, null where suppressed */
  published: Record<string, number | null>;
  primary: string[];
  complementary: string[];
  /** every suppressed cell: why */
  reasons: Record<string, SuppressionReason>;
}

const EPS = 1e-9;

/**
 * Cells of `unknown` whose value is determined by the equations given every published value:
 * x_i is determined iff e_i lies in the row space of the equations restricted to the unknowns, i.e. iff the
 * reduced row echelon form has a row whose only non-zero entry is column i.
 */
export function determinedCells(unknown: readonly string[], equations: readonly Equation[]): string[] {
  const col = new Map(unknown.map((k, i) => [k, i]));
  const rows: number[][] = [];
  for (const eq of equations) {
    if (eq.inequality) continue;
    const row = new Array<number>(unknown.length).fill(0);
    let any = false;
    const add = (k: string, c: number) => {
      const i = col.get(k);
      if (i !== undefined) {
        row[i] = (row[i] ?? 0) + c;
        any = true;
      }
    };
    add(eq.total, 1);
    for (const p of eq.parts) add(p, -1);
    if (any) rows.push(row);
  }
  // reduced row echelon form
  let r = 0;
  const n = unknown.length;
  for (let c = 0; c < n && r < rows.length; c++) {
    let pivot = -1;
    let best = EPS;
    for (let i = r; i < rows.length; i++) {
      const v = Math.abs(rows[i]![c]!);
      if (v > best) {
        best = v;
        pivot = i;
      }
    }
    if (pivot < 0) continue;
    [rows[r], rows[pivot]] = [rows[pivot]!, rows[r]!];
    const pr = rows[r]!;
    const pv = pr[c]!;
    for (let j = 0; j < n; j++) pr[j] = pr[j]! / pv;
    for (let i = 0; i < rows.length; i++) {
      if (i === r) continue;
      const row = rows[i]!;
      const f = row[c]!;
      if (Math.abs(f) < EPS) continue;
      for (let j = 0; j < n; j++) row[j] = row[j]! - f * pr[j]!;
    }
    r++;
  }
  const out: string[] = [];
  for (let i = 0; i < r; i++) {
    const row = rows[i]!;
    const nz = row.flatMap((v, j) => (Math.abs(v) > EPS ? [j] : []));
    if (nz.length === 1) out.push(unknown[nz[0]!]!);
  }
  return out.sort();
}

/** Why a cell is suppressed: its own value is below k, or it hides `protects` (and the relation used). */
export type SuppressionReason =
  | { kind: 'primary' }
  | { kind: 'complementary'; protects: string; relation: RelationKind | 'other' };

/** The interval [lo, hi] of whole numbers that a suppressed cell can take given everything published. */
export interface Interval {
  lo: number;
  hi: number;
}

interface Row {
  /** coefficient per unknown cell */
  coef: Map<string, number>;
  rhs: number;
  inequality: boolean;
}

/** The relations restricted to the unknown (suppressed) cells: Σ coef·x = rhs (or ≥ rhs). */
function unknownRows(
  published: Readonly<Record<string, number | null>>,
  equations: readonly Equation[],
): Row[] {
  const rows: Row[] = [];
  for (const eq of equations) {
    const coef = new Map<string, number>();
    let rhs = 0;
    const add = (key: string, c: number) => {
      const v = published[key];
      if (v === null || v === undefined) coef.set(key, (coef.get(key) ?? 0) + c);
      else rhs -= c * v;
    };
    add(eq.total, 1);
    for (const p of eq.parts) add(p, -1);
    for (const [k, c] of coef) if (c === 0) coef.delete(k);
    if (coef.size > 0) rows.push({ coef, rhs, inequality: eq.inequality === true });
  }
  return rows;
}

/** Connected groups of unknown cells (two cells are connected when some relation holds both). */
function components(unknown: readonly string[], rows: readonly Row[]): string[][] {
  const parent = new Map(unknown.map((u) => [u, u]));
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  for (const row of rows) {
    const keys = [...row.coef.keys()];
    for (let i = 1; i < keys.length; i++) {
      const a = find(keys[0]!);
      const b = find(keys[i]!);
      if (a !== b) parent.set(a < b ? b : a, a < b ? a : b);
    }
  }
  const groups = new Map<string, string[]>();
  for (const u of unknown) {
    const r = find(u);
    const g = groups.get(r);
    if (g) g.push(u);
    else groups.set(r, [u]);
  }
  return [...groups.values()].map((g) => g.sort());
}

/** Min and max of each cell of one component under its rows, every cell ≥ 0 (linear programming). */
function componentIntervals(cellsOf: readonly string[], rows: readonly Row[]): Record<string, Interval> {
  const inComp = new Set(cellsOf);
  const mine = rows.filter((r) => [...r.coef.keys()].some((k) => inComp.has(k)));
  const constraints: Record<string, { equal?: number; min?: number }> = {};
  const variables: Record<string, Record<string, number>> = {};
  for (const c of cellsOf) variables[`v_${c}`] = {};
  mine.forEach((row, i) => {
    const name = `r${i}`;
    constraints[name] = row.inequality ? { min: row.rhs } : { equal: row.rhs };
    for (const [k, c] of row.coef) variables[`v_${k}`]![name] = c;
  });
  const out: Record<string, Interval> = {};
  for (const c of cellsOf) {
    const solve = (opType: 'min' | 'max'): number => {
      const vars: Record<string, Record<string, number>> = {};
      for (const [name, attrs] of Object.entries(variables))
        vars[name] = name === `v_${c}` ? { ...attrs, __obj: 1 } : attrs;
      const res = lpSolver.Solve({ optimize: '__obj', opType, constraints, variables: vars }) as {
        feasible: boolean;
        bounded: boolean;
        result: number;
      };
      if (!res.feasible) throw new Error('the published figures contradict their relations');
      if (!res.bounded || !Number.isFinite(res.result)) return opType === 'max' ? Infinity : 0;
      return res.result;
    };
    const lo = Math.max(0, Math.ceil(solve('min') - 1e-6));
    const hiRaw = solve('max');
    const hi = hiRaw === Infinity ? Infinity : Math.floor(hiRaw + 1e-6);
    out[c] = { lo, hi };
  }
  return out;
}

/**
 * The attacker: for every suppressed (null) cell, the interval of values it can take given every published
 * cell, every relation and that counts are ≥ 0 — the bounds of a linear program over all the relations at
 * once, which is what any chain of subtractions, and any other combination of the relations, can reach.
 * A cell with `lo === hi` is disclosed. Infinity when nothing bounds it.
 */
export function feasibleIntervals(
  published: Readonly<Record<string, number | null>>,
  equations: readonly Equation[],
): Record<string, Interval> {
  const unknown = Object.keys(published)
    .filter((k) => published[k] === null)
    .sort();
  const rows = unknownRows(published, equations);
  const out: Record<string, Interval> = {};
  for (const comp of components(unknown, rows)) Object.assign(out, componentIntervals(comp, rows));
  return out;
}

/** How wide the attacker's interval of a suppressed cell must be: 3 values for a count below k, 2 for a complement. */
export const requiredWidth = (isPrimary: boolean) => (isPrimary ? 2 : 1);

/**
 * Primary suppression of every count in 1..k-1, then complementary suppression until the attacker
 * (`feasibleIntervals`) can narrow no count below k to fewer than three values and no complement to one.
 *
 * 1. Every equality with exactly one suppressed cell gets a complement (the cheap, common case).
 * 2. Then the suppressed cells are audited by linear programming, one connected group of relations at a
 *    time; for the first cell (by name) still too narrow, the complement is the first candidate that widens
 *    it enough, candidates being the published cells of its own relations ranked: positive before zero (a
 *    published 0 in a relation is information, and suppressing one gives little cover), parts before
 *    totals, smallest value, name. If none of its own relations has a candidate, the relations of its group.
 * 3. Last, complements that turn out unnecessary (largest first) are published again if the audit allows.
 * Everything is ordered, so the result is deterministic.
 */
export function suppressCells(
  cells: Readonly<Record<string, number>>,
  equations: readonly Equation[],
  k: number,
): SuppressionResult {
  if (!Number.isInteger(k) || k < 1) throw new Error('k must be a positive integer');
  const suppressed = new Set<string>();
  const primarySet = new Set<string>();
  const reasons: Record<string, SuppressionReason> = {};
  for (const key of Object.keys(cells).sort()) {
    const v = cells[key]!;
    if (v >= 1 && v <= k - 1) {
      suppressed.add(key);
      primarySet.add(key);
      reasons[key] = { kind: 'primary' };
    }
  }
  const value = (key: string) => cells[key] ?? 0;
  const equalities = equations.filter((e) => !e.inequality);
  const byCell = new Map<string, Equation[]>();
  for (const eq of equalities) {
    for (const m of [eq.total, ...eq.parts]) {
      const list = byCell.get(m);
      if (list) list.push(eq);
      else byCell.set(m, [eq]);
    }
  }
  const rank = (c: string, eq: Equation | null) => [
    value(c) > 0 ? 0 : 1,
    eq && c === eq.total ? 1 : 0,
    value(c),
  ];
  const byRank = (eq: Equation | null) => (a: string, b: string) => {
    const ra = rank(a, eq);
    const rb = rank(b, eq);
    for (let i = 0; i < ra.length; i++) if (ra[i]! !== rb[i]!) return ra[i]! - rb[i]!;
    return a < b ? -1 : a > b ? 1 : 0;
  };
  const candidatesIn = (eq: Equation) =>
    [...eq.parts, eq.total].filter((c) => !suppressed.has(c) && c in cells).sort(byRank(eq));
  const suppress = (key: string, protects: string, relation: RelationKind | 'other') => {
    suppressed.add(key);
    reasons[key] = { kind: 'complementary', protects, relation };
  };
  const publishedNow = (): Record<string, number | null> => {
    const out: Record<string, number | null> = {};
    for (const key of Object.keys(cells)) out[key] = suppressed.has(key) ? null : cells[key]!;
    return out;
  };
  const tooNarrow = (key: string, iv: Interval | undefined) =>
    !!iv && iv.hi - iv.lo < requiredWidth(primarySet.has(key));

  // audit one group at a time, remembering groups already audited
  const cache = new Map<string, Record<string, Interval>>();
  const audit = (): { target: string; group: string[] } | null => {
    const published = publishedNow();
    const rows = unknownRows(published, equations);
    const unknown = [...suppressed].sort();
    for (const comp of components(unknown, rows)) {
      const sig = comp.join('|');
      let ivs = cache.get(sig);
      if (!ivs) {
        ivs = componentIntervals(comp, rows);
        cache.set(sig, ivs);
      }
      for (const c of comp) if (tooNarrow(c, ivs[c])) return { target: c, group: comp };
    }
    return null;
  };
  const widensEnough = (target: string, candidate: string): boolean => {
    suppressed.add(candidate);
    try {
      const published = publishedNow();
      const rows = unknownRows(published, equations);
      const comp = components([...suppressed].sort(), rows).find((g) => g.includes(target))!;
      const ivs = componentIntervals(comp, rows);
      return comp.every((c) => !tooNarrow(c, ivs[c]));
    } finally {
      suppressed.delete(candidate);
    }
  };

  for (let guard = 0; guard < 100_000; guard++) {
    let changed = false;
    for (const eq of equalities) {
      const members = [eq.total, ...eq.parts];
      const inEq = members.filter((m) => suppressed.has(m));
      if (inEq.length === 1) {
        const c = candidatesIn(eq)[0];
        if (c) {
          suppress(c, inEq[0]!, eq.kind ?? 'other');
          changed = true;
        }
      }
    }
    if (changed) continue;
    const bad = audit();
    if (!bad) break;
    const own = (byCell.get(bad.target) ?? []).flatMap((eq) => candidatesIn(eq).map((c) => ({ c, eq })));
    const groupCells = new Set(bad.group);
    const wider = equalities
      .filter((eq) => [eq.total, ...eq.parts].some((m) => groupCells.has(m)))
      .flatMap((eq) => candidatesIn(eq).map((c) => ({ c, eq })));
    const dedupe = (list: Array<{ c: string; eq: Equation }>, seen: Set<string>) =>
      list
        .filter(({ c }) => {
          if (seen.has(c)) return false;
          seen.add(c);
          return true;
        })
        .sort((x, y) => byRank(null)(x.c, y.c));
    const seen = new Set<string>();
    const ownSorted = dedupe(own, seen);
    const rest = dedupe(wider, seen);
    const candidates = [...ownSorted, ...rest];
    if (candidates.length === 0) throw new Error(`cannot protect cell ${bad.target}`);
    const pick = candidates.slice(0, 12).find(({ c }) => widensEnough(bad.target, c)) ?? candidates[0]!;
    suppress(pick.c, bad.target, pick.eq.kind ?? 'other');
  }

  // publish again the complements that are not needed, the largest first
  const complements = [...suppressed].filter((c) => !primarySet.has(c));
  complements.sort((a, b) => value(b) - value(a) || (a < b ? -1 : a > b ? 1 : 0));
  for (const c of complements) {
    suppressed.delete(c);
    const published = publishedNow();
    const rows = unknownRows(published, equations);
    const ok = components([...suppressed].sort(), rows).every((comp) => {
      const sig = comp.join('|');
      let ivs = cache.get(sig);
      if (!ivs) {
        ivs = componentIntervals(comp, rows);
        cache.set(sig, ivs);
      }
      return comp.every((x) => !tooNarrow(x, ivs[x]));
    });
    if (!ok) suppressed.add(c);
    else delete reasons[c];
  }
  // a complement whose protected cell went back to published protects the cells it still shares a relation with
  for (const c of suppressed) {
    const r = reasons[c];
    if (r?.kind === 'complementary' && !suppressed.has(r.protects)) {
      const other = (byCell.get(c) ?? [])
        .flatMap((eq) => [eq.total, ...eq.parts])
        .find((m) => m !== c && primarySet.has(m));
      if (other) reasons[c] = { ...r, protects: other };
    }
  }
  const published = publishedNow();
  return {
    published,
    primary: [...primarySet].sort(),
    complementary: [...suppressed].filter((c) => !primarySet.has(c)).sort(),
    reasons,
  };
}

/** Two-sided geometric (discrete Laplace) noise with P(x) ∝ exp(-epsilon·|x|): ε-DP for a count of sensitivity 1. */
export function geometricNoise(epsilon: number, rng: () => number): number {
  if (!(epsilon > 0)) throw new Error('epsilon must be > 0');
  const alpha = Math.exp(-epsilon);
  const geo = () => {
    // number of failures before the first success, success probability 1 - alpha
    const u = 1 - rng();
    return Math.floor(Math.log(u) / Math.log(alpha));
  };
  return geo() - geo();
}

/** The cells that are not the total of any equation: the ones noise is added to. */
export function leafCells(cells: Readonly<Record<string, number>>, equations: readonly Equation[]): string[] {
  const totals = new Set(equations.filter((e) => !e.inequality).map((e) => e.total));
  return Object.keys(cells)
    .filter((k) => !totals.has(k))
    .sort();
}

/**
 * Differentially private counts, unbiased and additive.
 *
 * 1. Noise once per cell of the finest level: every leaf cell (a cell that is not the total of an equation)
 *    gets independent two-sided geometric noise, NOT clamped, and every total is the sum of these raw noisy
 *    parts along the first relation that defines it. These raw values are unbiased (the noise is centred),
 *    totals included.
 * 2. Post-processing to non-negative integers, top down: a top total (one that is no part of a defining
 *    relation) is clamped at 0, and each total's value is shared among its parts by the Euclidean projection
 *    of their raw noisy values onto { x ≥ 0, Σ x = total } (every part moves by the same amount τ, parts that
 *    would go below 0 are 0), rounded to integers by largest remainder so the sum is exact. When the raw
 *    parts are all ≥ 0 and add up to the total, nothing moves; otherwise only the parts near 0 absorb the
 *    difference. Taller hierarchies are shared first (victims.total → forms → sex/age cells), so a cell
 *    that is a part of two relations (the sex/age table's rows and columns) gets its value from one of them.
 * 3. Every total is recomputed as the sum of its final parts, so the defining relations hold exactly.
 *
 * Clamping each leaf at 0 and summing (the earlier method) pushed every total up by the expected positive
 * part of the noise on each cell near 0 (about 0.4 per empty cell at ε = 1, so +12 on a total of 29 in the
 * demo); here a total is biased only when its own raw noisy value falls below 0, i.e. when it is itself
 * within the noise of 0. Post-processing does not touch privacy (ε-DP is kept under any function of the
 * noisy values). Suppression of noisy counts below k runs afterwards, on these values (release.ts).
 */
export function noisyCells(
  cells: Readonly<Record<string, number>>,
  equations: readonly Equation[],
  epsilon: number,
  rng: () => number,
): Record<string, number> {
  const leaves = leafCells(cells, equations);
  const raw: Record<string, number> = {};
  for (const k of leaves) raw[k] = (cells[k] ?? 0) + geometricNoise(epsilon, rng);
  const defining = new Map<string, Equation>();
  for (const e of equations) if (!e.inequality && !defining.has(e.total)) defining.set(e.total, e);
  const resolve = (out: Record<string, number>, k: string, depth: number): number => {
    const have = out[k];
    if (have !== undefined) return have;
    const e = defining.get(k);
    if (!e || depth > 64) return 0;
    const v = e.parts.reduce((s, p) => s + resolve(out, p, depth + 1), 0);
    out[k] = v;
    return v;
  };
  for (const k of Object.keys(cells)) resolve(raw, k, 0);

  // top down: tallest hierarchies first, each cell shared out by the first total that reaches it
  const isPart = new Set([...defining.values()].flatMap((e) => e.parts));
  const heights = new Map<string, number>();
  const height = (k: string, depth: number): number => {
    const have = heights.get(k);
    if (have !== undefined) return have;
    const e = defining.get(k);
    const h = !e || depth > 64 ? 0 : 1 + Math.max(0, ...e.parts.map((p) => height(p, depth + 1)));
    heights.set(k, h);
    return h;
  };
  const tops = Object.keys(raw)
    .filter((k) => !isPart.has(k))
    .sort((a, b) => height(b, 0) - height(a, 0) || (a < b ? -1 : a > b ? 1 : 0));
  const fixed: Record<string, number> = {};
  const share = (k: string, depth: number) => {
    const e = defining.get(k);
    if (!e || depth > 64) return;
    const free = e.parts.filter((p) => fixed[p] === undefined);
    if (free.length === 0) return;
    const taken = e.parts.reduce((s, p) => s + (fixed[p] ?? 0), 0);
    const values = projectOntoSum(
      free.map((p) => raw[p] ?? 0),
      Math.max(0, (fixed[k] ?? 0) - taken),
    );
    free.forEach((p, i) => {
      fixed[p] = values[i] ?? 0;
    });
    for (const p of free) share(p, depth + 1);
  };
  for (const t of tops) {
    if (fixed[t] !== undefined) continue;
    fixed[t] = Math.max(0, raw[t] ?? 0);
    share(t, 0);
  }
  const out: Record<string, number> = {};
  for (const k of leaves) out[k] = Math.max(0, fixed[k] ?? raw[k] ?? 0);
  for (const k of Object.keys(cells)) resolve(out, k, 0);
  return out;
}

/**
 * The non-negative integers closest to `values` (Euclidean projection onto the simplex { x ≥ 0, Σ x = sum })
 * that add up to `sum` exactly: x_i = max(0, values_i − τ), then rounded by largest remainder (ties to the
 * earlier index). `sum` must be a non-negative integer.
 */
export function projectOntoSum(values: readonly number[], sum: number): number[] {
  const n = values.length;
  if (n === 0) return [];
  const sorted = [...values].sort((a, b) => b - a);
  let acc = 0;
  let tau = 0;
  for (let j = 0; j < n; j++) {
    acc += sorted[j] ?? 0;
    const t = (acc - sum) / (j + 1);
    if ((sorted[j] ?? 0) - t > 0 || j === 0) tau = t;
  }
  const real = values.map((v) => Math.max(0, v - tau));
  const ints = real.map((v) => Math.floor(v + 1e-9));
  let left = sum - ints.reduce((s, v) => s + v, 0);
  const order = real
    .map((v, i) => ({ i, frac: v - (ints[i] ?? 0) }))
    .sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (let j = 0; left > 0; j = (j + 1) % n, left--) {
    const i = order[j]?.i ?? 0;
    ints[i] = (ints[i] ?? 0) + 1;
  }
  for (let j = n - 1; left < 0; j = (j + n - 1) % n) {
    const i = order[j]?.i ?? 0;
    if ((ints[i] ?? 0) > 0) {
      ints[i] = (ints[i] ?? 0) - 1;
      left++;
    }
  }
  return ints;
}

/** A seeded generator (mulberry32) for reproducible tests; the CLI uses crypto randomness. */
export function seededRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Disclosure control for the public release: k-threshold primary suppression, complementary suppression
 * so that no suppressed cell can be recovered from the published totals, and optional differentially
 * private counts (two-sided geometric noise) with totals kept consistent.
 *
 * A release is a set of named integer cells and linear equations `total = part1 + part2 + ...` that hold
 * between them (row, column and grand totals). Both sides may be published.
 */

export interface Equation {
  total: string;
  parts: readonly string[];
}

export interface SuppressionResult {
  /** every cell, null where suppressed */
  published: Record<string, number | null>;
  primary: string[];
  complementary: string[];
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

/**
 * Primary suppression of every count in 1..k-1, then complementary suppression until no equation has
 * exactly one suppressed cell and no suppressed cell is determined by any combination of equations.
 * Complements are the smallest positive published cells of the equation (parts before totals, then by
 * name), so the result is deterministic.
 */
export function suppressCells(
  cells: Readonly<Record<string, number>>,
  equations: readonly Equation[],
  k: number,
): SuppressionResult {
  if (!Number.isInteger(k) || k < 1) throw new Error('k must be a positive integer');
  const suppressed = new Set<string>();
  const primary: string[] = [];
  for (const [key, v] of Object.entries(cells)) {
    if (v >= 1 && v <= k - 1) {
      suppressed.add(key);
      primary.push(key);
    }
  }
  const complementary: string[] = [];
  const value = (key: string) => cells[key] ?? 0;
  const pickComplement = (eq: Equation): string | undefined => {
    const candidates = [...eq.parts, eq.total].filter((c) => !suppressed.has(c) && c in cells);
    const rank = (c: string) => [value(c) > 0 ? 0 : 1, c === eq.total ? 1 : 0, value(c)] as const;
    candidates.sort((a, b) => {
      const ra = rank(a);
      const rb = rank(b);
      for (let i = 0; i < 3; i++) if (ra[i]! !== rb[i]!) return ra[i]! - rb[i]!;
      return a < b ? -1 : a > b ? 1 : 0;
    });
    return candidates[0];
  };
  const suppress = (key: string) => {
    suppressed.add(key);
    complementary.push(key);
  };
  for (let guard = 0; guard < 100_000; guard++) {
    let changed = false;
    for (const eq of equations) {
      const members = [eq.total, ...eq.parts];
      const n = members.filter((m) => suppressed.has(m)).length;
      if (n === 1) {
        const c = pickComplement(eq);
        if (c) {
          suppress(c);
          changed = true;
        }
      }
    }
    if (changed) continue;
    const determined = determinedCells([...suppressed].sort(), equations);
    if (determined.length === 0) break;
    const target = determined[0]!;
    const eq = equations.find(
      (e) => (e.total === target || e.parts.includes(target)) && pickComplement(e) !== undefined,
    );
    const c = eq ? pickComplement(eq) : undefined;
    if (!c) throw new Error(`cannot protect cell ${target}`);
    suppress(c);
  }
  const published: Record<string, number | null> = {};
  for (const [key, v] of Object.entries(cells)) published[key] = suppressed.has(key) ? null : v;
  return { published, primary: primary.sort(), complementary: complementary.sort() };
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
  const totals = new Set(equations.map((e) => e.total));
  return Object.keys(cells)
    .filter((k) => !totals.has(k))
    .sort();
}

/**
 * Differentially private counts: every leaf cell gets independent geometric noise (clamped at 0), and every
 * total is recomputed from its noisy parts, so the published equations hold exactly.
 */
export function noisyCells(
  cells: Readonly<Record<string, number>>,
  equations: readonly Equation[],
  epsilon: number,
  rng: () => number,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of leafCells(cells, equations))
    out[k] = Math.max(0, (cells[k] ?? 0) + geometricNoise(epsilon, rng));
  const defining = new Map<string, Equation>();
  for (const e of equations) if (!defining.has(e.total)) defining.set(e.total, e);
  const resolve = (k: string, depth: number): number => {
    const have = out[k];
    if (have !== undefined) return have;
    const e = defining.get(k);
    if (!e || depth > 64) return 0;
    const v = e.parts.reduce((s, p) => s + resolve(p, depth + 1), 0);
    out[k] = v;
    return v;
  };
  for (const k of Object.keys(cells)) resolve(k, 0);
  return out;
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

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeAnnualReport } from './compute.ts';
import { type Equation, noisyCells, seededRng, suppressCells } from './disclosure.ts';
import { FIXTURE, fixtureKey } from './fixture.test-data.ts';
import { buildRelease, releaseCells } from './release.ts';

/**
 * The attacker: knows every published cell and every equation; repeatedly solves any equation with exactly
 * one unknown by subtraction, feeding recovered cells back in, until nothing changes. Returns what it recovered.
 */
function attackBySubtraction(published: Record<string, number | null>, equations: readonly Equation[]) {
  const known = new Map<string, number>();
  for (const [k, v] of Object.entries(published)) if (v !== null) known.set(k, v);
  const recovered: Record<string, number> = {};
  for (let changed = true; changed; ) {
    changed = false;
    for (const eq of equations) {
      const members = [eq.total, ...eq.parts];
      const unknown = members.filter((m) => !known.has(m));
      if (unknown.length !== 1) continue;
      const u = unknown[0]!;
      const sumParts = eq.parts.reduce((s, p) => s + (p === u ? 0 : known.get(p)!), 0);
      const v = u === eq.total ? sumParts : known.get(eq.total)! - sumParts;
      known.set(u, v);
      recovered[u] = v;
      changed = true;
    }
  }
  return recovered;
}

/** A rows×cols table with row, column and grand totals. */
function table(values: number[][]): { cells: Record<string, number>; equations: Equation[] } {
  const cells: Record<string, number> = {};
  const equations: Equation[] = [];
  const R = values.length;
  const C = values[0]?.length ?? 0;
  let grand = 0;
  for (let i = 0; i < R; i++) {
    let row = 0;
    for (let j = 0; j < C; j++) {
      cells[`c${i}_${j}`] = values[i]![j]!;
      row += values[i]![j]!;
    }
    cells[`r${i}`] = row;
    grand += row;
    equations.push({ total: `r${i}`, parts: Array.from({ length: C }, (_, j) => `c${i}_${j}`) });
  }
  for (let j = 0; j < C; j++) {
    cells[`k${j}`] = values.reduce((s, r) => s + r[j]!, 0);
    equations.push({ total: `k${j}`, parts: Array.from({ length: R }, (_, i) => `c${i}_${j}`) });
  }
  cells.g = grand;
  equations.push({ total: 'g', parts: Array.from({ length: R }, (_, i) => `r${i}`) });
  equations.push({ total: 'g', parts: Array.from({ length: C }, (_, j) => `k${j}`) });
  return { cells, equations };
}

describe('k-threshold and complementary suppression', () => {
  it('suppresses 1..k-1, keeps 0 and >= k, and a lone small cell gets complements', () => {
    const { cells, equations } = table([
      [3, 40, 50],
      [20, 30, 0],
      [15, 25, 35],
    ]);
    const res = suppressCells(cells, equations, 11);
    expect(res.primary).toEqual(['c0_0']);
    expect(res.published.c1_2).toBe(0);
    expect(res.complementary.length).toBeGreaterThanOrEqual(3); // one in its row, one in its column, one to close
    for (const v of Object.values(res.published)) if (v !== null) expect(v === 0 || v >= 11).toBe(true);
    expect(attackBySubtraction(res.published, equations)).toEqual({});
  });

  it('no suppressed cell is recovered by subtraction from any random table', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((R) =>
          fc.integer({ min: 1, max: 5 }).chain((C) =>
            fc.array(
              fc.array(fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 200 })), {
                minLength: C,
                maxLength: C,
              }),
              {
                minLength: R,
                maxLength: R,
              },
            ),
          ),
        ),
        fc.integer({ min: 2, max: 15 }),
        (values, k) => {
          const { cells, equations } = table(values);
          const res = suppressCells(cells, equations, k);
          for (const v of Object.values(res.published)) if (v !== null) expect(v === 0 || v >= k).toBe(true);
          const recovered = attackBySubtraction(res.published, equations);
          // only cells that were never sensitive may be re-derived (none should be)
          expect(Object.keys(recovered)).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the fixture report release leaks nothing (k = 11)', () => {
    const report = computeAnnualReport(2023, FIXTURE, fixtureKey);
    const rel = buildRelease({ report, countryCounts: { GTM: 1, HND: 1, USA: 1 } });
    for (const v of Object.values(rel.cells)) if (v !== null) expect(v === 0 || v >= 11).toBe(true);
    expect(attackBySubtraction(rel.cells, rel.equations)).toEqual({});
    expect(rel.countries).toEqual([]);
    expect(rel.disclosure.countries_withheld).toBe(3);
    expect(rel.amounts['restitution.paid_mxn']).toBeNull();
    expect(rel.cells['victims.total']).toBeNull(); // 8 victims
  });
});

describe('differentially private counts', () => {
  it('totals stay consistent and counts non-negative', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e9 }),
        fc.double({ min: 0.05, max: 5, noNaN: true }),
        (seed, eps) => {
          const report = computeAnnualReport(2023, FIXTURE, fixtureKey);
          const { cells, equations } = releaseCells({ report });
          const noisy = noisyCells(cells, equations, eps, seededRng(seed));
          for (const eq of equations) {
            expect(noisy[eq.total]).toBe(eq.parts.reduce((s, p) => s + noisy[p]!, 0));
          }
          for (const v of Object.values(noisy)) expect(Number.isInteger(v) && v >= 0).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('noise is centred and shrinks with epsilon', () => {
    const cells = { a: 1000 };
    const spread = (eps: number) => {
      const rng = seededRng(7);
      let sum = 0;
      let abs = 0;
      for (let i = 0; i < 4000; i++) {
        const d = noisyCells(cells, [], eps, rng).a! - 1000;
        sum += d;
        abs += Math.abs(d);
      }
      return { mean: sum / 4000, mad: abs / 4000 };
    };
    const wide = spread(0.1);
    const narrow = spread(2);
    expect(Math.abs(wide.mean)).toBeLessThan(1.5);
    expect(wide.mad).toBeGreaterThan(5);
    expect(narrow.mad).toBeLessThan(0.5);
  });

  it('the release states epsilon and still suppresses small noisy counts', () => {
    const report = computeAnnualReport(2023, FIXTURE, fixtureKey);
    const rel = buildRelease({ report }, { k: 11, epsilon: 1, rng: seededRng(1) });
    expect(rel.disclosure.differential_privacy?.epsilon).toBe(1);
    for (const v of Object.values(rel.cells)) if (v !== null) expect(v === 0 || v >= 11).toBe(true);
    expect(attackBySubtraction(rel.cells, rel.equations)).toEqual({});
  });
});

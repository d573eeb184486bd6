import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeAnnualReport } from './compute.ts';
import {
  type Equation,
  feasibleIntervals,
  noisyCells,
  projectOntoSum,
  seededRng,
  suppressCells,
} from './disclosure.ts';
import { FIXTURE, fixtureKey } from './fixture.test-data.ts';
import { buildRelease, relationHolds, releaseCells } from './release.ts';

// fixed seed: the same cases on every run (CI included); the statistical properties draw hundreds of releases
fc.configureGlobal({ seed: 20261205 });

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
      if (eq.inequality) continue;
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

/** Every suppressed cell is too wide to pin: ≥ 2 wide for a count in 1..k-1, ≥ 1 for a complement. */
function lpLeaks(
  cells: Record<string, number>,
  published: Record<string, number | null>,
  equations: readonly Equation[],
  k: number,
) {
  const iv = feasibleIntervals(published, equations);
  const out: string[] = [];
  for (const [key, v] of Object.entries(published)) {
    if (v !== null) {
      if (v > 0 && v < k) out.push(`${key} published`);
      continue;
    }
    const t = cells[key]!;
    const i = iv[key]!;
    if (t < i.lo || t > i.hi) out.push(`${key} outside`);
    if (i.hi - i.lo < (t >= 1 && t < k ? 2 : 1)) out.push(`${key}=${t} in [${i.lo},${i.hi}]`);
  }
  return out;
}

describe('the linear-programming attacker', () => {
  it('pins a cell that subtraction along one relation cannot (levels within a total, zeros beside)', () => {
    // convictions: total 116 = federal 5 + state 111; federal 5 = sex 5 + 0 + 0 + 0
    const cells = {
      total: 116,
      fed: 5,
      state: 111,
      'fed.sex': 5,
      'fed.labor': 0,
      'fed.other': 0,
      'state.sex': 100,
      'state.labor': 11,
    };
    const equations: Equation[] = [
      { total: 'total', parts: ['fed', 'state'] },
      { total: 'fed', parts: ['fed.sex', 'fed.labor', 'fed.other'] },
      { total: 'state', parts: ['state.sex', 'state.labor'] },
    ];
    const old = { ...cells, fed: null, 'fed.sex': null } as Record<string, number | null>;
    expect(feasibleIntervals(old, equations)).toEqual({ fed: { lo: 5, hi: 5 }, 'fed.sex': { lo: 5, hi: 5 } });
    const res = suppressCells(cells, equations, 11);
    expect(lpLeaks(cells, res.published, equations, 11)).toEqual([]);
    expect(res.reasons.fed).toEqual({ kind: 'primary' });
    expect(res.complementary.length).toBeGreaterThan(0);
    for (const c of res.complementary) expect(res.reasons[c]?.kind).toBe('complementary');
    // deterministic
    expect(suppressCells(cells, equations, 11)).toEqual(res);
  });

  it('random hierarchies (levels × forms × sex/age, states) leave nothing narrower than protects', () => {
    const small = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 150 }));
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.array(small, { minLength: 3, maxLength: 3 }), { minLength: 2, maxLength: 4 }), {
          minLength: 2,
          maxLength: 3,
        }),
        fc.array(small, { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 3, max: 15 }),
        (levels, states, k) => {
          // level l, form f, sex/age s: leaf cells; form totals, level totals, national total; and the national
          // total again as the sum of state cells plus a "no state" remainder
          const cells: Record<string, number> = {};
          const equations: Equation[] = [];
          const levelTotals: string[] = [];
          levels.forEach((forms, l) => {
            const formTotals: string[] = [];
            forms.forEach((sa, f) => {
              const parts = sa.map((v, s) => {
                cells[`l${l}.f${f}.s${s}`] = v;
                return `l${l}.f${f}.s${s}`;
              });
              cells[`l${l}.f${f}`] = sa.reduce((a, b) => a + b, 0);
              equations.push({ total: `l${l}.f${f}`, parts });
              formTotals.push(`l${l}.f${f}`);
            });
            cells[`l${l}`] = formTotals.reduce((a, t) => a + cells[t]!, 0);
            equations.push({ total: `l${l}`, parts: formTotals });
            levelTotals.push(`l${l}`);
          });
          cells.national = levelTotals.reduce((a, t) => a + cells[t]!, 0);
          equations.push({ total: 'national', parts: levelTotals });
          let assigned = 0;
          const stateKeys = states.map((v, i) => {
            const take = Math.min(v, cells.national! - assigned);
            assigned += take;
            cells[`st${i}`] = take;
            return `st${i}`;
          });
          cells.no_state = cells.national! - assigned;
          equations.push({ total: 'national', parts: [...stateKeys, 'no_state'] });
          const res = suppressCells(cells, equations, k);
          expect(lpLeaks(cells, res.published, equations, k)).toEqual([]);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('random 2-D tables with totals leave nothing narrower than protects', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.array(fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 200 })), {
            minLength: 4,
            maxLength: 4,
          }),
          {
            minLength: 1,
            maxLength: 5,
          },
        ),
        fc.integer({ min: 2, max: 15 }),
        (values, k) => {
          const { cells, equations } = table(values);
          const res = suppressCells(cells, equations, k);
          expect(lpLeaks(cells, res.published, equations, k)).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
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
          // the relations that define totals (forms, status, sex/age, levels, records, hotline) hold exactly
          for (const eq of equations) {
            if (eq.inequality || eq.kind === 'states' || eq.kind === 'levels') continue;
            expect(relationHolds(eq, noisy), `${eq.total} = ${eq.parts.join(' + ')}`).toBe(true);
          }
          // the release states every relation that still holds on its noisy values (levels and states
          // through their remainder cells), at least all the ones above
          const rel = buildRelease({ report }, { k: 11, epsilon: eps, rng: seededRng(seed) });
          const stated = new Set(rel.equations.map((e) => `${e.total}=${e.parts.join('+')}`));
          for (const eq of equations) {
            if (eq.inequality || eq.kind === 'states' || eq.kind === 'levels') continue;
            expect(stated.has(`${eq.total}=${eq.parts.join('+')}`)).toBe(true);
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

  it('shares a total among its parts as non-negative integers that add up exactly', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -20, max: 60 }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 0, max: 300 }),
        (values, sum) => {
          const x = projectOntoSum(values, sum);
          expect(x).toHaveLength(values.length);
          for (const v of x) expect(Number.isInteger(v) && v >= 0).toBe(true);
          expect(x.reduce((s, v) => s + v, 0)).toBe(sum);
          // parts already non-negative that add up to the total are left as they are
          const nonNeg = values.map((v) => Math.max(0, v));
          expect(
            projectOntoSum(
              nonNeg,
              nonNeg.reduce((s, v) => s + v, 0),
            ),
          ).toEqual(nonNeg);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('published noisy totals are unbiased on sparse tables, and nothing between 1 and k-1 is published', () => {
    // demo-like tables: most sex/age cells empty, a few small ones (clamping each cell at 0 and summing
    // pushed such totals up by ~0.4 per empty cell at epsilon 1)
    const sparse = fc
      .array(
        fc.array(fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 12 })), {
          minLength: 5,
          maxLength: 5,
        }),
        { minLength: 4, maxLength: 6 },
      )
      .filter((rows) => rows.flat().reduce((s, v) => s + v, 0) >= 40);
    fc.assert(
      fc.property(sparse, fc.integer({ min: 1, max: 1e9 }), fc.constantFrom(0.5, 1, 2), (rows, seed, eps) => {
        const { cells, equations } = table(rows);
        const k = 11;
        const draws = 400;
        const rng = seededRng(seed);
        const sums: Record<string, number> = {};
        for (let d = 0; d < draws; d++) {
          const noisy = noisyCells(cells, equations, eps, rng);
          for (const key of Object.keys(cells)) sums[key] = (sums[key] ?? 0) + (noisy[key] ?? 0);
          if (d >= 12) continue;
          // what is published of these values (suppression is the slow part: a few draws per table)
          const stated = equations.filter((eq) => relationHolds(eq, noisy));
          const { published } = suppressCells(noisy, stated, k);
          for (const v of Object.values(published)) if (v !== null) expect(v === 0 || v >= k).toBe(true);
          // the grand total (well above k) is published as it was drawn, so its mean is the mean above
          if (noisy.g! >= 2 * k) expect(published.g).toBe(noisy.g);
        }
        // variance of two-sided geometric noise per cell: 2a/(1-a)^2; the grand total carries one per cell
        const a = Math.exp(-eps);
        const sd = Math.sqrt((rows.flat().length * 2 * a) / (1 - a) ** 2);
        const tolerance = (4 * sd) / Math.sqrt(draws) + 0.25;
        expect(Math.abs(sums.g! / draws - cells.g!)).toBeLessThan(tolerance);
        // row totals are not pushed up either (an empty row, published >= 0, takes its share from its
        // siblings, so a full row may sit a little below its count: that is the price of an unbiased total)
        for (let i = 0; i < rows.length; i++) {
          if (cells[`r${i}`]! < 12) continue;
          const rowSd = Math.sqrt((rows[0]!.length * 2 * a) / (1 - a) ** 2);
          expect(sums[`r${i}`]! / draws - cells[`r${i}`]!).toBeLessThan(
            (4 * rowSd) / Math.sqrt(draws) + 0.25,
          );
        }
      }),
      { numRuns: 25 },
    );
  });

  it('every seeded release publishes only 0 or at least k, and nothing suppressed comes back by subtraction', () => {
    const report = computeAnnualReport(2023, FIXTURE, fixtureKey);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), fc.constantFrom(0.25, 1, 3), (seed, eps) => {
        const rel = buildRelease({ report }, { k: 11, epsilon: eps, rng: seededRng(seed) });
        for (const v of Object.values(rel.cells)) if (v !== null) expect(v === 0 || v >= 11).toBe(true);
        expect(attackBySubtraction(rel.cells, rel.equations)).toEqual({});
        // the same seed gives the same release
        expect(buildRelease({ report }, { k: 11, epsilon: eps, rng: seededRng(seed) }).cells).toEqual(
          rel.cells,
        );
      }),
      { numRuns: 60 },
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BloomEncoder, filtersFromBase64, filterToBase64, linkEncodings } from './bloom.ts';
import { DiceMatrix, diceJs, diceWasm, FILTER_WORDS, filterPopcount, popcount32 } from './dice.ts';
import { prepareRecords } from './prepare.ts';
import { syntheticMexican } from './synthetic.ts';

const SECRET = Buffer.from('test secret, 32 bytes long......');

describe('Bloom-filter encodings', () => {
  const { records, entity } = syntheticMexican({ entities: 400, seed: 4, duplicateRate: 1 });
  const prepared = prepareRecords(records);
  it('are deterministic for a secret and differ across secrets', () => {
    const a = new BloomEncoder(SECRET).encode(prepared);
    const b = new BloomEncoder(Buffer.from(SECRET)).encode(prepared);
    const c = new BloomEncoder(Buffer.from('another secret of 32 bytes......')).encode(prepared);
    expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
    let same = 0;
    for (let i = 0; i < prepared.size; i++) if (filterToBase64(a, i) === filterToBase64(c, i)) same++;
    expect(same).toBe(0);
  });
  it('set about half of the 1024 bits', () => {
    const f = new BloomEncoder(SECRET).encode(prepared);
    let total = 0;
    for (let i = 0; i < prepared.size; i++) total += filterPopcount(f, i);
    const fill = total / prepared.size / 1024;
    expect(fill).toBeGreaterThan(0.35);
    expect(fill).toBeLessThan(0.65);
  });
  it('round-trip through base64', () => {
    const f = new BloomEncoder(SECRET).encode(prepared);
    const back = filtersFromBase64(Array.from({ length: prepared.size }, (_, i) => filterToBase64(f, i)));
    expect(Buffer.from(back.buffer).equals(Buffer.from(f.buffer))).toBe(true);
    expect(() => filtersFromBase64(['AAAA'])).toThrow(/1024-bit/);
  });
  it('link the same people by Dice similarity alone', () => {
    const enc = new BloomEncoder(SECRET);
    const firstOf = new Map<number, number>();
    const left: number[] = [];
    const right: number[] = [];
    entity.forEach((e, i) => {
      if (!firstOf.has(e)) {
        firstOf.set(e, i);
        left.push(i);
      } else if (right.length < left.length && !right.some((r) => entity[r] === e)) right.push(i);
    });
    const pick = (idx: number[]) => prepareRecords(idx.map((i) => records[i]!));
    const res = linkEncodings(enc.encode(pick(left)), enc.encode(pick(right)));
    const tp = res.pairs.filter((p) => entity[left[p.left]!] === entity[right[p.right]!]).length;
    expect(tp / res.pairs.length).toBeGreaterThan(0.95);
    expect(tp / right.length).toBeGreaterThan(0.9);
  });
});

describe('Dice', () => {
  const filters = fc.uint32Array({ minLength: FILTER_WORDS * 4, maxLength: FILTER_WORDS * 4 });
  it('popcount32 counts bits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (x) => {
        expect(popcount32(x)).toBe(x.toString(2).replace(/0/g, '').length);
      }),
    );
  });
  it('is 1 for identical filters, symmetric, and in [0, 1]', () => {
    fc.assert(
      fc.property(filters, (f) => {
        if (filterPopcount(f, 0) > 0) expect(diceJs(f, 0, f, 0)).toBe(1);
        expect(diceJs(f, 0, f, 1)).toBe(diceJs(f, 1, f, 0));
        expect(diceJs(f, 2, f, 3)).toBeGreaterThanOrEqual(0);
        expect(diceJs(f, 2, f, 3)).toBeLessThanOrEqual(1);
      }),
    );
  });
  it('the WebAssembly kernels agree with the TypeScript reference', () => {
    expect(diceWasm()).not.toBeNull();
    fc.assert(
      fc.property(filters, (f) => {
        for (const kernel of ['sliced', 'scalar', 'simd'] as const) {
          const m = new DiceMatrix(f, kernel);
          for (let q = 0; q < 4; q++) {
            const row = Array.from(m.row(f, q));
            row.forEach((d, r) => {
              expect(d).toBeCloseTo(diceJs(f, q, f, r), 6);
            });
          }
        }
      }),
      { numRuns: 50 },
    );
  });

  // A reference written independently of the kernels: bit by bit, then the quotient rounded to f32 once
  // (the kernels divide in f32; rounding the double quotient to f32 gives the same value).
  const referenceDice = (a: Uint32Array, i: number, b: Uint32Array, j: number): number => {
    let both = 0;
    let na = 0;
    let nb = 0;
    for (let w = 0; w < FILTER_WORDS; w++) {
      const x = a[i * FILTER_WORDS + w]!;
      const y = b[j * FILTER_WORDS + w]!;
      for (let k = 0; k < 32; k++) {
        const bx = (x >>> k) & 1;
        const by = (y >>> k) & 1;
        na += bx;
        nb += by;
        both += bx & by;
      }
    }
    return na + nb === 0 ? 0 : Math.fround((2 * both) / (na + nb));
  };
  const word = fc.oneof(
    fc.constant(0),
    fc.constant(0xffffffff),
    fc.integer({ min: 0, max: 0xffffffff }),
    fc.integer({ min: 0, max: 31 }).map((k) => (1 << k) >>> 0),
  );
  const filter = fc.oneof(
    fc.constant(new Array<number>(FILTER_WORDS).fill(0)), // all-zero filter
    fc.constant(new Array<number>(FILTER_WORDS).fill(0xffffffff)),
    fc.array(word, { minLength: FILTER_WORDS, maxLength: FILTER_WORDS }),
    fc.array(fc.integer({ min: 0, max: 0xffffffff }), { minLength: FILTER_WORDS, maxLength: FILTER_WORDS }),
  );
  // up to 70 rows: the scalar kernel's 16-row main loop, the SIMD kernel's 8-row one, and both remainders
  const matrixAndQueries = fc.record({
    rows: fc.array(filter, { minLength: 1, maxLength: 70 }),
    queries: fc.array(filter, { minLength: 1, maxLength: 3 }),
    cut: fc.tuple(fc.nat(), fc.nat()),
  });
  it('the WebAssembly kernels equal a simple reference Dice, on any rows and range', () => {
    expect(diceWasm()).not.toBeNull();
    fc.assert(
      fc.property(matrixAndQueries, ({ rows, queries, cut }) => {
        const f = Uint32Array.from(rows.flat());
        const qs = Uint32Array.from(queries.flat());
        const n = rows.length;
        const from = cut[0] % (n + 1);
        const to = from + (cut[1] % (n - from + 1));
        for (const kernel of ['sliced', 'scalar', 'simd', 'js'] as const) {
          const m = new DiceMatrix(f, kernel);
          for (let q = 0; q < queries.length; q++) {
            const all = Array.from(m.row(qs, q));
            expect(all).toEqual(rows.map((_, r) => referenceDice(qs, q, f, r)));
            const part = Array.from(m.row(qs, q, from, to));
            expect(part).toEqual(all.slice(from, to));
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  // the bit-sliced kernel counts 128 rows at a time: more rows, ranges across groups, sparse and dense queries
  it('the bit-sliced kernel equals the reference across groups of 128 rows', () => {
    const many = fc.record({
      rows: fc.array(filter, { minLength: 100, maxLength: 300 }),
      queries: fc.array(filter, { minLength: 1, maxLength: 3 }),
      cut: fc.tuple(fc.nat(), fc.nat()),
    });
    fc.assert(
      fc.property(many, ({ rows, queries, cut }) => {
        const f = Uint32Array.from(rows.flat());
        const qs = Uint32Array.from(queries.flat());
        const n = rows.length;
        const from = cut[0] % (n + 1);
        const to = from + (cut[1] % (n - from + 1));
        const m = new DiceMatrix(f, 'sliced');
        for (let q = 0; q < queries.length; q++) {
          const all = Array.from(m.row(qs, q));
          expect(all).toEqual(rows.map((_, r) => referenceDice(qs, q, f, r)));
          expect(Array.from(m.row(qs, q, from, to))).toEqual(all.slice(from, to));
        }
      }),
      { numRuns: 40 },
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CodeSlots, PairCache } from './pair-cache.ts';
import {
  damerauLevenshtein,
  damerauLevenshteinWithin,
  jaroWinkler,
  jaroWinklerAtLeast,
  jaroWinklerBound,
} from './similarity.ts';

// short alphabets make near pairs common; accents and ñ take the path beyond ASCII
const text = fc.string({ unit: fc.constantFrom(...'abcdeñé.@1'), maxLength: 20 });
const curpLike = fc.string({
  unit: fc.constantFrom(...'ABCDEFGHXZ0123456789'),
  minLength: 16,
  maxLength: 18,
});

describe('fast exact similarity tests', () => {
  it('jaroWinklerBound is never below Jaro-Winkler; jaroWinklerAtLeast equals the plain comparison', () => {
    fc.assert(
      fc.property(text, text, fc.constantFrom(0.8, 0.85, 0.88, 0.92), (a, b, t) => {
        expect(jaroWinklerBound(a, b)).toBeGreaterThanOrEqual(jaroWinkler(a, b));
        expect(jaroWinklerAtLeast(a, b, t)).toBe(jaroWinkler(a, b) >= t);
      }),
      { numRuns: 5000 },
    );
  });
  it('damerauLevenshteinWithin equals damerauLevenshtein(a, b) <= k', () => {
    fc.assert(
      fc.property(
        fc.oneof(text, curpLike),
        fc.oneof(text, curpLike),
        fc.integer({ min: 0, max: 3 }),
        (a, b, k) => {
          expect(damerauLevenshteinWithin(a, b, k)).toBe(damerauLevenshtein(a, b) <= k);
        },
      ),
      { numRuns: 5000 },
    );
    // near CURPs: one or two edits apart
    fc.assert(
      fc.property(curpLike, fc.integer({ min: 0, max: 15 }), fc.integer({ min: 0, max: 15 }), (a, i, j) => {
        const b = `${a.slice(0, i)}${a[i + 1] ?? ''}${a[i] ?? ''}${a.slice(i + 2)}`;
        const c = `${b.slice(0, j)}X${b.slice(j + 1)}`;
        for (const k of [1, 2]) {
          expect(damerauLevenshteinWithin(a, b, k)).toBe(damerauLevenshtein(a, b) <= k);
          expect(damerauLevenshteinWithin(a, c, k)).toBe(damerauLevenshtein(a, c) <= k);
        }
      }),
    );
  });
});

describe('PairCache', () => {
  it('returns what was stored, -1 for the rest, and stops storing at its limit', () => {
    const cache = new PairCache(5000, 4);
    const ref = new Map<string, number>();
    for (let n = 0; n < 20_000; n++) {
      const x = (n * 7919) % 3001;
      const y = (n * 104_729) % 2999;
      const key = `${x},${y}`;
      const got = cache.get(x, y);
      if (ref.has(key) && ref.size <= 5000) expect(got).toBe(ref.get(key));
      if (got < 0) {
        const v = (x + y) % 5;
        cache.set(x, y, v);
        if (!ref.has(key) && cache.size > ref.size) ref.set(key, v);
      } else {
        expect(got).toBe((x + y) % 5);
      }
    }
    expect(cache.size).toBe(5000);
    expect(cache.get(0, 0)).toBe(0);
    expect(cache.get(5000, 5000)).toBe(-1);
  });
});

describe('CodeSlots', () => {
  it('numbers distinct codes 0, 1, 2… in order of arrival and finds them again, up to 2^32 - 1', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 2 ** 32 - 1 })), {
          maxLength: 3000,
        }),
        (codes) => {
          const slots = new CodeSlots();
          const ref = new Map<number, number>();
          for (const c of codes) {
            const got = slots.get(c);
            expect(got).toBe(ref.get(c) ?? -1);
            if (got < 0) {
              expect(slots.add(c)).toBe(ref.size);
              ref.set(c, ref.size);
            }
          }
          expect(slots.size).toBe(ref.size);
        },
      ),
      { numRuns: 200 },
    );
  });
});

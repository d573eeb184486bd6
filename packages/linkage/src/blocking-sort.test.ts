import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sortedByKey } from './blocking.ts';

const reference = (keys: string[]): number[] =>
  keys
    .map((k, x) => ({ k, x }))
    .filter((e) => e.k)
    .sort((p, q) => (p.k < q.k ? -1 : p.k > q.k ? 1 : p.x - q.x))
    .map((e) => e.x);

describe('sortedByKey (sorted-neighbourhood order)', () => {
  it('orders records by (key, record) like the comparator sort, prefixes and NULs included', () => {
    const key = fc.string({ unit: fc.constantFrom('a', 'b', 'ñ', '|', '~', ' ', '\0'), maxLength: 6 });
    fc.assert(
      fc.property(fc.array(key, { maxLength: 300 }), (keys) => {
        expect(Array.from(sortedByKey(keys.length, (x) => keys[x]!))).toEqual(reference(keys));
      }),
      { numRuns: 300 },
    );
    const plain = fc.string({ unit: fc.constantFrom('a', 'b', 'ñ', '|', '~', ' '), maxLength: 6 });
    fc.assert(
      fc.property(fc.array(plain, { maxLength: 300 }), (keys) => {
        expect(Array.from(sortedByKey(keys.length, (x) => keys[x]!))).toEqual(reference(keys));
      }),
      { numRuns: 300 },
    );
  });
  it('keeps record numbers above 65,535 intact', () => {
    const keys = Array.from({ length: 70_000 }, (_, x) => (x % 7 === 0 ? '' : `k${x % 13}`));
    expect(Array.from(sortedByKey(keys.length, (x) => keys[x]!))).toEqual(reference(keys));
  });
});

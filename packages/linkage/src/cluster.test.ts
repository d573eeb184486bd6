import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DisjointSets, KeyedSets } from './cluster.ts';

/** Connected components the slow way: a set's name is its smallest key. */
function components(
  keys: readonly string[],
  pairs: readonly (readonly [string, string])[],
): Map<string, string> {
  const of = new Map(keys.map((k) => [k, new Set([k])]));
  for (const [a, b] of pairs) {
    const sa = of.get(a)!;
    const sb = of.get(b)!;
    if (sa === sb) continue;
    for (const k of sb) {
      sa.add(k);
      of.set(k, sa);
    }
  }
  return new Map(keys.map((k) => [k, [...of.get(k)!].sort()[0]!]));
}

describe('union-find', () => {
  it('KeyedSets: every key finds the smallest key of its connected component, whatever the order of unions', () => {
    const key = fc.constantFrom(...Array.from({ length: 40 }, (_, i) => `p:${String(i).padStart(2, '0')}`));
    fc.assert(
      fc.property(fc.array(fc.tuple(key, key), { maxLength: 120 }), (pairs) => {
        const sets = new KeyedSets();
        for (const [a, b] of pairs) sets.union(a, b);
        const keys = [...new Set(pairs.flat())];
        const expected = components(keys, pairs);
        for (const k of keys) expect(sets.find(k)).toBe(expected.get(k));
        expect([...sets.keys()].sort()).toEqual([...keys].sort());
        expect(sets.find('never-seen')).toBe('never-seen');
      }),
    );
  });

  it('KeyedSets grows past its first capacity (a chain of 10,000 keys is one set)', () => {
    const sets = new KeyedSets();
    for (let i = 1; i < 10_000; i++) sets.union(`k${i}`, `k${i - 1}`);
    expect(sets.find('k9999')).toBe('k0');
    expect(sets.keys().length).toBe(10_000);
  });

  it('DisjointSets: union by size, the root returned is the one find gives', () => {
    const ds = new DisjointSets(5);
    const r = ds.union(0, 1);
    expect(ds.find(0)).toBe(r);
    expect(ds.union(2, 1)).toBe(r);
    expect(ds.size[r]).toBe(3);
    expect(ds.find(3)).toBe(3);
  });
});

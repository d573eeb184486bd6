/**
 * Runs of 2^21 records or more: their blocks are grouped by a radix sort instead of packed doubles, and their
 * neighbourhood pairs pack in 52 bits. The same blocks, members and pairs as the packed path, checked on a run
 * that takes the large path without needing millions of records.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ALL_RULES,
  blockingRun,
  mergeNeighbourhoods,
  PAIR_BITS,
  PairBuffer,
  ruleBlocks,
} from './blocking.ts';
import { prepareRecords } from './prepare.ts';
import { syntheticMexican } from './synthetic.ts';

fc.configureGlobal({ seed: 20261205 });

describe('blocking beyond 2^21 records', () => {
  it('the radix grouping gives every rule the same keys, members and skipped records as the packed sort', () => {
    const { records } = syntheticMexican({ entities: 3000, seed: 11, duplicateRate: 0.5 });
    const a = prepareRecords(records);
    const small = blockingRun(a, undefined, ALL_RULES, {});
    // the same records, with the scale a run of 2^22 records would have: ruleBlocks takes the large path
    const large = { ...small, scale: 2 ** 22 };
    const sortBuf = new Float64Array(small.n);
    ALL_RULES.forEach((rule, r) => {
      const k1 = new Uint32Array(small.n);
      const m1 = new Uint32Array(small.n);
      const k2 = new Uint32Array(small.n);
      const m2 = new Uint32Array(small.n);
      const x = ruleBlocks(small, rule, r, a, undefined, k1, m1, sortBuf);
      const y = ruleBlocks(large, rule, r, a, undefined, k2, m2, sortBuf);
      expect(y).toEqual(x);
      expect(k2).toEqual(k1);
      expect(m2.subarray(0, y.members)).toEqual(m1.subarray(0, x.members));
    });
  });

  it('two sets: the second set numbered after the first, the same order on both paths', () => {
    const { records } = syntheticMexican({ entities: 1500, seed: 12, duplicateRate: 0.5 });
    const a = prepareRecords(records.slice(0, 1200));
    const b = prepareRecords(records.slice(1200));
    const small = blockingRun(a, b, ALL_RULES, {});
    const large = { ...small, scale: 2 ** 23 };
    const sortBuf = new Float64Array(small.n);
    ALL_RULES.forEach((rule, r) => {
      const k1 = new Uint32Array(small.n);
      const m1 = new Uint32Array(small.n);
      const k2 = new Uint32Array(small.n);
      const m2 = new Uint32Array(small.n);
      const x = ruleBlocks(small, rule, r, a, b, k1, m1, sortBuf);
      const y = ruleBlocks(large, rule, r, a, b, k2, m2, sortBuf);
      expect(y).toEqual(x);
      expect(m2.subarray(0, y.members)).toEqual(m1.subarray(0, x.members));
    });
  });

  it('neighbourhood pairs of records numbered up to 2^26 - 1 come back whole, each once, in (left, right) order', () => {
    const max = 2 ** PAIR_BITS - 1;
    const idx = fc.integer({ min: 0, max });
    fc.assert(
      fc.property(fc.array(fc.tuple(idx, idx), { minLength: 1, maxLength: 60 }), (raw) => {
        const pairs = raw.map(([x, y]) => [Math.min(x, y), Math.max(x, y)] as const);
        const packed = Float64Array.from(pairs, ([l, r]) => l * 2 ** PAIR_BITS + r);
        const out = new PairBuffer();
        mergeNeighbourhoods([packed, packed.slice(0, 3)], out);
        const want = [...new Set(pairs.map(([l, r]) => `${l},${r}`))]
          .map((s) => s.split(',').map(Number) as [number, number])
          .sort((p, q) => p[0] - q[0] || p[1] - q[1]);
        const got = Array.from({ length: out.count }, (_, i) => [out.left[i]!, out.right[i]!]);
        expect(got).toEqual(want);
      }),
    );
  });

  it('a run names its limit', () => {
    const fake = { size: 2 ** PAIR_BITS } as Parameters<typeof blockingRun>[0];
    expect(() => blockingRun(fake, undefined, ALL_RULES, {})).toThrow(/2\^26 - 1 records/);
    const ok = { size: 2 ** 21 + 5 } as Parameters<typeof blockingRun>[0];
    expect(blockingRun(ok, undefined, ALL_RULES, {}).scale).toBe(2 ** 22);
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { ALL_RULES, candidatePairs } from './blocking.ts';
import { activeComparisons, type TfColumn } from './comparisons.ts';
import { linkDedup, linkTwo } from './link.ts';
import { comparePairs, TermFrequencies } from './model.ts';
import { Helpers } from './parallel.ts';
import { prepareRecords } from './prepare.ts';
import { syntheticMexican } from './synthetic.ts';

// 20,000 records: persons and their corrupted duplicates (nicknames, typos, swapped surnames, partial dates, ...)
const { records } = syntheticMexican({ entities: 14_000, seed: 31 });
const set = prepareRecords(records.slice(0, 20_000));

const helpers = new Helpers(1);
afterAll(() => helpers.close());

describe('linkage on two threads', () => {
  it('a helper thread loads the TypeScript sources and takes part; blocking and comparing give the same arrays', () => {
    expect(set.size).toBe(20_000);
    expect(helpers.ready(120_000)).toBe(1);
    helpers.sets(set, undefined);
    const one = candidatePairs(set, undefined);
    const pairs = helpers.candidatePairs(set, undefined, ALL_RULES, {});
    expect(helpers.used).toBe(1);
    expect(pairs.count).toBe(one.count);
    expect(Buffer.compare(bytes(pairs.left), bytes(one.left))).toBe(0);
    expect(Buffer.compare(bytes(pairs.right), bytes(one.right))).toBe(0);
    expect(pairs.perRule).toEqual(one.perRule);
    expect(pairs.oversize).toEqual(one.oversize);
    const comps = activeComparisons(set, set);
    const tf = new TermFrequencies(
      [set],
      comps.map((c) => c.tfColumn).filter((c): c is TfColumn => c !== undefined),
    );
    const bound = comps.map((c) => c.bind(set, set));
    const single = comparePairs(comps, set, set, one, tf, undefined, bound);
    const shared = helpers.comparePairs(comps, set, undefined, pairs, true, () => ({ tf, bound }));
    expect(Buffer.compare(bytes(shared.patterns), bytes(single.patterns))).toBe(0);
    expect(Buffer.compare(bytes(shared.tfTop), bytes(single.tfTop))).toBe(0);
    expect(Buffer.compare(bytes(shared.curp), bytes(single.curp))).toBe(0);
  });

  it('deduplicating 20,000 records with workers 1 and 2 gives the same pairs, probabilities and clusters', () => {
    const x = linkDedup(set, { workers: 1 });
    const y = linkDedup(set, { workers: 2 });
    expect(x.workers).toBe(1);
    expect(y.workers).toBeGreaterThanOrEqual(1);
    expect(y.candidates).toBe(x.candidates);
    expect(y.pairs).toEqual(x.pairs);
    expect(Buffer.compare(bytes(y.clusters), bytes(x.clusters))).toBe(0);
    expect(y.model).toEqual(x.model);
    // Two whole linkages of 20,000 records: ~15 s on a quiet machine, over 60 s at load 20 on 2 cores.
  }, 240_000);

  it('linking two files with workers 1 and 3 gives the same links', () => {
    const left = prepareRecords(records.slice(0, 8_000));
    const right = prepareRecords(records.slice(8_000, 16_000));
    const x = linkTwo(left, right, { workers: 1 });
    const y = linkTwo(left, right, { workers: 3 });
    expect(y.candidates).toBe(x.candidates);
    expect(y.pairs).toEqual(x.pairs);
    expect(y.model).toEqual(x.model);
  });

  it('when a helper cannot start, the calling thread does every task (same pairs)', () => {
    const broken = new Helpers(1, 'file:///nonexistent/enlace-worker.ts');
    try {
      const small = prepareRecords(records.slice(0, 3_000));
      broken.sets(small, undefined);
      const pairs = broken.candidatePairs(small, undefined, ALL_RULES, {});
      const one = candidatePairs(small, undefined);
      expect(broken.used).toBe(0);
      expect(pairs.count).toBe(one.count);
      expect(Buffer.compare(bytes(pairs.left), bytes(one.left))).toBe(0);
      expect(Buffer.compare(bytes(pairs.right), bytes(one.right))).toBe(0);
    } finally {
      broken.close();
    }
  });

  it('custom blocking rules run on the calling thread', () => {
    const res = linkDedup(prepareRecords(records.slice(0, 2_000)), {
      workers: 2,
      rules: [{ name: 'year', key: (p, i) => (p.year[i] ? String(p.year[i]) : '') }],
      maxBlockSize: 50,
    });
    expect(res.workers).toBe(1);
  });
});

function bytes(x: ArrayBufferView): Buffer {
  return Buffer.from(x.buffer, x.byteOffset, x.byteLength);
}

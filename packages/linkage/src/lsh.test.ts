import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type BandSpec,
  bandKeys,
  bandRecall,
  lshCandidates,
  MINHASH_BINS,
  minhash,
  minhashSimilarity,
} from './lsh.ts';

const positions = fc.uniqueArray(fc.integer({ min: 0, max: 511 }), { minLength: 1, maxLength: 120 });

const jaccard = (a: readonly number[], b: readonly number[]) => {
  const sa = new Set(a);
  const inter = b.filter((x) => sa.has(x)).length;
  return inter / (sa.size + new Set(b).size - inter);
};

describe('MinHash', () => {
  it('is null for an empty set, deterministic, and independent of order', () => {
    expect(minhash([], 1)).toBeNull();
    fc.assert(
      fc.property(positions, fc.integer({ min: 1, max: 100 }), (p, seed) => {
        const a = minhash(p, seed)!;
        const b = minhash([...p].reverse(), seed)!;
        expect(a).toHaveLength(MINHASH_BINS);
        expect(Array.from(a)).toEqual(Array.from(b));
        expect(minhashSimilarity(a, b)).toBe(1);
      }),
    );
  });
  it('rejects bin counts that are not a power of two', () => {
    expect(() => minhash([1], 1, 12)).toThrow(/power of two/);
  });
  it('disjoint sets agree on no bin', () => {
    fc.assert(
      fc.property(positions, (p) => {
        const a = p.filter((x) => x % 2 === 0);
        const b = p.filter((x) => x % 2 === 1);
        if (a.length === 0 || b.length === 0) return;
        // a bin may only agree when both borrowed a value from the same non-empty bin: impossible with disjoint sets
        expect(minhashSimilarity(minhash(a, 3)!, minhash(b, 3)!)).toBe(0);
      }),
    );
  });
  it('estimates Jaccard similarity (mean error over many pairs below 0.08)', () => {
    let err = 0;
    let n = 0;
    fc.assert(
      fc.property(positions, positions, (a, b) => {
        const j = jaccard(a, b);
        let est = 0;
        for (let seed = 1; seed <= 8; seed++) est += minhashSimilarity(minhash(a, seed)!, minhash(b, seed)!);
        err += Math.abs(est / 8 - j);
        n++;
      }),
      { numRuns: 200 },
    );
    expect(err / n).toBeLessThan(0.08);
  });
});

describe('LSH bands and candidates', () => {
  const spec: BandSpec[] = [{ name: 'x', bins: { x: 2 }, bands: 12 }];
  const sigsOf = (sets: number[][]) => new Map([['x', sets.map((s, i) => minhash(s, 7 + 0 * i))]]);

  it('band keys: one per band whose groups the record has; none when a group is missing', () => {
    const sigs = new Map([
      ['x', [minhash([1, 2, 3], 1), null]],
      ['y', [minhash([4, 5], 2), minhash([4, 5], 2)]],
    ]);
    const two: BandSpec[] = [
      { name: 'xy', bins: { x: 1, y: 1 }, bands: 5 },
      { name: 'y', bins: { y: 2 }, bands: 3 },
    ];
    expect(bandKeys(sigs, 0, two).map((k) => k.band)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(bandKeys(sigs, 1, two).map((k) => k.band)).toEqual([5, 6, 7]);
    // keys are the same for the same values in the same band, different across bands
    const k0 = bandKeys(sigs, 0, two);
    const k1 = bandKeys(sigs, 1, two);
    expect(k0.slice(5).map((k) => k.key)).toEqual(k1.map((k) => k.key));
    expect(new Set(k0.map((k) => k.key)).size).toBe(8);
  });

  it('two files: every pair of equal sets is a candidate; pairs are unique and sorted', () => {
    fc.assert(
      fc.property(fc.array(positions, { minLength: 1, maxLength: 25 }), (sets) => {
        const right = [...sets].reverse();
        const c = lshCandidates(spec, sigsOf(sets), sets.length, sigsOf(right), right.length, {
          maxBucket: 1000,
        });
        const keys = Array.from({ length: c.count }, (_, e) => c.left[e]! * right.length + c.right[e]!);
        expect(keys).toEqual([...new Set(keys)].sort((x, y) => x - y));
        for (let i = 0; i < sets.length; i++)
          expect(keys).toContain(i * right.length + (sets.length - 1 - i));
      }),
      { numRuns: 60 },
    );
  });

  it('dedupe: pairs i < j only, each once, duplicates always found', () => {
    fc.assert(
      fc.property(fc.array(positions, { minLength: 1, maxLength: 20 }), (sets) => {
        const all = [...sets, ...sets];
        const c = lshCandidates(spec, sigsOf(all), all.length, undefined, 0, { maxBucket: 1000 });
        const seen = new Set<string>();
        for (let e = 0; e < c.count; e++) {
          expect(c.left[e]!).toBeLessThan(c.right[e]!);
          const k = `${c.left[e]},${c.right[e]}`;
          expect(seen.has(k)).toBe(false);
          seen.add(k);
        }
        for (let i = 0; i < sets.length; i++) expect(seen.has(`${i},${i + sets.length}`)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('skips buckets larger than maxBucket', () => {
    const same = Array.from({ length: 30 }, () => [1, 2, 3, 4, 5]);
    const c = lshCandidates(spec, sigsOf(same), same.length, undefined, 0, { maxBucket: 10 });
    expect(c.count).toBe(0);
    expect(c.skippedBuckets).toBeGreaterThan(0);
    const d = lshCandidates(spec, sigsOf(same), same.length, undefined, 0, { maxBucket: 30 });
    expect(d.count).toBe((30 * 29) / 2);
  });

  it('bandRecall is a probability, rising with the similarity and with the bands', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 64 }),
        (s, t, b) => {
          const r = bandRecall(s, b);
          expect(r).toBeGreaterThanOrEqual(0);
          expect(r).toBeLessThanOrEqual(1);
          if (s <= t) expect(bandRecall(s, b)).toBeLessThanOrEqual(bandRecall(t, b) + 1e-12);
          expect(bandRecall(s, b)).toBeLessThanOrEqual(bandRecall(s, b + 1) + 1e-12);
        },
      ),
    );
  });
});

import { describe, expect, it } from 'vitest';
import {
  comparePart,
  decodePartPairs,
  decodePartResult,
  encodePartPairs,
  encodePartResult,
  finishDedup,
  planDedup,
  RunComparer,
} from './distributed.ts';
import { linkDedup } from './link.ts';
import { syntheticMexican } from './synthetic.ts';
import type { LinkRecord } from './types.ts';

// persons and their corrupted duplicates (nicknames, typos, swapped surnames, partial dates, ...)
const { records } = syntheticMexican({ entities: 4_000, seed: 77 });

/** What the workers do, part by part, through the bytes that travel (records by their fields only). */
function runParts(recs: readonly LinkRecord[], parts: number, order: 'forward' | 'reverse') {
  const plan = planDedup(recs, { parts });
  const names = plan.comps.map((c) => c.name);
  const results = new Array(plan.parts.length);
  const todo = order === 'forward' ? plan.parts : [...plan.parts].reverse();
  for (const part of todo) {
    const { left, right, tf } = decodePartPairs(encodePartPairs(part));
    const mine = Array.from(part.records, (i) => ({ id: `r${i}`, fields: recs[i]!.fields }));
    const r = comparePart(names, mine, left, right, tf, plan.termFrequencies);
    results[part.part] = decodePartResult(encodePartResult(r));
  }
  return { plan, results };
}

describe('deduplication over several workers', () => {
  const single = linkDedup(records, { workers: 1 });

  it.each([1, 3, 16])(
    '%i part(s): the same model, pair scores, links and clusters as one process',
    (parts) => {
      const { plan, results } = runParts(records, parts, parts === 3 ? 'reverse' : 'forward');
      expect(plan.parts.length).toBe(parts);
      expect(plan.parts.reduce((s, p) => s + p.index.length, 0)).toBe(single.candidates);
      const res = finishDedup(plan, results);
      expect(res.model).toEqual(single.model);
      expect(res.candidates).toBe(single.candidates);
      expect(res.pairs).toEqual(single.pairs);
      expect(Array.from(res.clusters)).toEqual(Array.from(single.clusters));
      expect(single.pairs.length).toBeGreaterThan(1000);
    },
  );

  it('a block of one rule is never split over two parts', () => {
    const plan = planDedup(records, { parts: 8 });
    // every record pair sharing a CURP (the first rule) lands in the part its CURP sends it to
    const curpParts = new Map<string, Set<number>>();
    for (const part of plan.parts) {
      for (const e of part.index) {
        if (e >= (plan.pairs.perRule.curp ?? 0)) break;
        const key = plan.a.curp[plan.pairs.left[e]!]!;
        const set = curpParts.get(key) ?? new Set<number>();
        set.add(part.part);
        curpParts.set(key, set);
      }
    }
    expect(curpParts.size).toBeGreaterThan(10);
    for (const s of curpParts.values()) expect(s.size).toBe(1);
    // every part needs only some of the records
    for (const part of plan.parts) expect(part.records.length).toBeLessThan(records.length);
  });

  it('with a pair prior and a given model, still the same as one process', () => {
    const model = single.model;
    const prior = (x: string, y: string) => (x.endsWith('-0') && y.endsWith('-1') ? 0.3 : undefined);
    const one = linkDedup(records, { workers: 1, model, pairPrior: prior, threshold: 0.3 });
    const plan = planDedup(records, { parts: 5, model });
    const results = plan.parts.map((part) =>
      comparePart(
        plan.comps.map((c) => c.name),
        Array.from(part.records, (i) => records[i]!),
        part.left,
        part.right,
        part.tf,
        plan.termFrequencies,
      ),
    );
    const res = finishDedup(plan, results, { model, pairPrior: prior, threshold: 0.3 });
    expect(res.pairs).toEqual(one.pairs);
    expect(Array.from(res.clusters)).toEqual(Array.from(one.clusters));
  });

  it.each([1, 7])(
    'parts of pairs only (the workers hold every record of the run), %i part(s): the same as one process',
    (parts) => {
      const plan = planDedup(records, { parts, localRecords: false });
      const whole = planDedup(records, { parts });
      // the same split of the pairs; no records or weights travel with a part
      expect(plan.parts.map((p) => Array.from(p.index))).toEqual(whole.parts.map((p) => Array.from(p.index)));
      for (const p of plan.parts) expect(p.records.length + p.tf.length).toBe(0);
      // each worker: the run's records by their fields only (as the shards' snapshots hold them), in reverse order
      const comparer = new RunComparer(
        plan.comps.map((c) => c.name),
        records.map((r, i) => ({ id: `r${i}`, fields: r.fields })),
        plan.termFrequencies,
      );
      const results = new Array(plan.parts.length);
      for (const part of [...plan.parts].reverse()) {
        const { left, right, tf } = decodePartPairs(encodePartPairs(part));
        expect(tf.length).toBe(0);
        results[part.part] = decodePartResult(encodePartResult(comparer.compare(left, right)));
      }
      const res = finishDedup(plan, results);
      expect(res.model).toEqual(single.model);
      expect(res.pairs).toEqual(single.pairs);
      expect(Array.from(res.clusters)).toEqual(Array.from(single.clusters));
      expect(() => comparer.compare(Uint32Array.of(records.length), Uint32Array.of(0))).toThrow(
        /does not have/,
      );
    },
  );
});

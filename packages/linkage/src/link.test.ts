import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { candidateKeys, candidatePairs } from './blocking.ts';
import { clusterRecords, oneToOne } from './cluster.ts';
import { curpConflict } from './comparisons.ts';
import { linkDedup, linkIncremental, linkTwo } from './link.ts';
import { prepareRecords } from './prepare.ts';
import { makeCurp, syntheticMexican } from './synthetic.ts';
import type { LinkRecord } from './types.ts';

const f1 = (
  pairs: readonly { left: number; right: number }[],
  same: (l: number, r: number) => boolean,
  truth: number,
) => {
  const tp = pairs.filter((p) => same(p.left, p.right)).length;
  const precision = tp / pairs.length;
  const recall = tp / truth;
  return (2 * precision * recall) / (precision + recall);
};

describe('deduplication of synthetic Mexican records (unsupervised)', () => {
  const { records, entity } = syntheticMexican({ entities: 1500, seed: 11 });
  const res = linkDedup(records);
  it('finds the duplicates with high precision and recall', () => {
    const sizes = new Map<number, number>();
    for (const e of entity) sizes.set(e, (sizes.get(e) ?? 0) + 1);
    let truth = 0;
    for (const c of sizes.values()) truth += (c * (c - 1)) / 2;
    expect(truth).toBeGreaterThan(300);
    expect(f1(res.pairs, (l, r) => entity[l] === entity[r], truth)).toBeGreaterThan(0.97);
  });
  it('reports each pair once, left before right, at or above the threshold', () => {
    const seen = new Set<string>();
    for (const p of res.pairs) {
      expect(p.left).toBeLessThan(p.right);
      expect(p.probability).toBeGreaterThanOrEqual(0.5);
      const k = `${p.left}-${p.right}`;
      expect(seen.has(k)).toBe(false);
      seen.add(k);
    }
  });
  it('estimates a sensible model without labels', () => {
    expect(res.model.lambda).toBeGreaterThan(0);
    expect(res.model.lambda).toBeLessThan(1);
    const m = res.model.m.given_names!;
    const u = res.model.u.given_names!;
    expect(m[m.length - 1]!).toBeGreaterThan(u[u.length - 1]!);
  });
});

describe('linking two files', () => {
  it('links one-to-one and recognises the same people', () => {
    const { records, entity } = syntheticMexican({ entities: 800, seed: 5, duplicateRate: 1 });
    const left: LinkRecord[] = [];
    const right: LinkRecord[] = [];
    const le: number[] = [];
    const re: number[] = [];
    const seen = new Set<number>();
    records.forEach((r, i) => {
      const e = entity[i]!;
      if (!seen.has(e)) {
        seen.add(e);
        left.push(r);
        le.push(e);
      } else if (!re.includes(e)) {
        right.push(r);
        re.push(e);
      }
    });
    const res = linkTwo(left, right);
    const usedL = new Set(res.pairs.map((p) => p.left));
    const usedR = new Set(res.pairs.map((p) => p.right));
    expect(usedL.size).toBe(res.pairs.length);
    expect(usedR.size).toBe(res.pairs.length);
    expect(f1(res.pairs, (l, r) => le[l] === re[r], right.length)).toBeGreaterThan(0.97);
  });
});

describe('clustering', () => {
  it('does not chain two people through one weak link', () => {
    // 0-1 strong, 1-2 strong, but 0-2 scored and clearly different
    const edges = {
      a: Uint32Array.from([0, 1, 0]),
      b: Uint32Array.from([1, 2, 2]),
      p: Float32Array.from([0.99, 0.6, 0.01]),
      count: 3,
    };
    const c = clusterRecords(3, edges, { threshold: 0.5 });
    expect(c[0]).toBe(c[1]);
    expect(c[2]).not.toBe(c[0]);
  });
  it('never merges two records with different valid CURPs', () => {
    const curps = [0, 1, 2, 3].map((k) => makeCurp('Juan', 'Pérez', 'López', 1990, 1, 2, 'H', 'JC', k));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(11), fc.nat(11), fc.double({ min: 0.5, max: 1, noNaN: true })), {
          maxLength: 40,
        }),
        fc.array(fc.nat(4), { minLength: 12, maxLength: 12 }),
        (raw, curpOf) => {
          const recs = curpOf.map((k, i) => ({ id: String(i), fields: { curp: k < 4 ? curps[k] : '' } }));
          const p = prepareRecords(recs);
          const es = raw.filter(([x, y]) => x !== y);
          const edges = {
            a: Uint32Array.from(es, (e) => e[0]),
            b: Uint32Array.from(es, (e) => e[1]),
            p: Float32Array.from(es, (e) => e[2]),
            count: es.length,
          };
          const c = clusterRecords(12, edges, {
            threshold: 0.5,
            conflict: (x, y) => curpConflict(p, x, p, y),
          });
          for (let x = 0; x < 12; x++)
            for (let y = x + 1; y < 12; y++) if (c[x] === c[y]) expect(curpConflict(p, x, p, y)).toBe(false);
        },
      ),
    );
  });
  it('assigns one-to-one, best first', () => {
    const edges = {
      a: Uint32Array.from([0, 0, 1]),
      b: Uint32Array.from([0, 1, 0]),
      p: Float32Array.from([0.9, 0.95, 0.8]),
      count: 3,
    };
    expect(oneToOne(2, 2, edges, 0.5)).toEqual([1, 2]);
  });
  it('the end-to-end linker keeps people with different valid CURPs apart', () => {
    const twin = (k: number, given: string): LinkRecord => ({
      id: `t${k}`,
      fields: {
        given_names: given,
        surname_1: 'Hernández',
        surname_2: 'López',
        birth_date: '1990-01-02',
        curp: makeCurp(given, 'Hernández', 'López', 1990, 1, 2, 'H', 'JC', k),
      },
    });
    const { records } = syntheticMexican({ entities: 300, seed: 3 });
    const res = linkDedup([...records, twin(1, 'Juan'), twin(2, 'Juan')]);
    const n = records.length;
    expect(res.clusters[n]).not.toBe(res.clusters[n + 1]);
  });
});

describe('blocking', () => {
  it('emits each candidate pair once across rules', () => {
    const { records } = syntheticMexican({ entities: 500, seed: 9 });
    const p = prepareRecords(records);
    const c = candidatePairs(p, undefined);
    const keys = new Set<number>();
    for (let k = 0; k < c.count; k++) {
      expect(c.left[k]!).toBeLessThan(c.right[k]!);
      keys.add(c.left[k]! * 100000 + c.right[k]!);
    }
    expect(keys.size).toBe(c.count);
  });
  it('gives records that share a rule key the same candidate key', () => {
    const p = prepareRecords([
      { id: 'a', fields: { given_names: 'José', surname_1: 'Hernández', birth_date: '1990-01-02' } },
      { id: 'b', fields: { given_names: 'Pepe', surname_1: 'Ernandes', birth_date: '1990-01-02' } },
    ]);
    const ka = candidateKeys(p, 0);
    const kb = candidateKeys(p, 1);
    expect(ka.some((k) => kb.includes(k))).toBe(true);
  });
});

describe('incremental linkage', () => {
  it('links new records to existing ones with a stored model', () => {
    const { records, entity } = syntheticMexican({ entities: 600, seed: 21 });
    const first = linkDedup(records);
    const existing = records.filter((_, i) => i % 3 !== 0);
    const fresh = records.filter((_, i) => i % 3 === 0);
    const pairs = linkIncremental(existing, fresh, first.model);
    const ent = new Map(records.map((r, i) => [r.id, entity[i]!]));
    const correct = pairs.filter((p) => ent.get(p.leftId) === ent.get(p.rightId)).length;
    expect(pairs.length).toBeGreaterThan(20);
    expect(correct / pairs.length).toBeGreaterThan(0.95);
  });
});

describe('full names', () => {
  it('are split into given names and surnames before comparison', () => {
    const p = prepareRecords([
      { id: 'a', fields: { full_name: 'María Guadalupe Hernández de la Cruz' } },
      { id: 'b', fields: { given_names: 'Lupe', surname_1: 'Hernandez', surname_2: 'Cruz' } },
    ]);
    expect(p.given[0]).toBe('maria guadalupe');
    expect(p.surname1[0]).toBe('hernandez');
    expect(p.surname2[0]).toBe('cruz');
    expect(candidateKeys(p, 0).filter((k) => candidateKeys(p, 1).includes(k)).length).toBeGreaterThan(0);
  });

  it('a referral is prior evidence for a pair, never for twins or two birth dates', () => {
    const { records } = syntheticMexican({ entities: 1500, duplicateRate: 0.05, seed: 7 });
    const extra: LinkRecord[] = [
      // the prosecutor's record and the shelter's own record (a name only) of the woman referred there
      {
        id: 'fge/1',
        fields: {
          given_names: 'Andrea',
          surname_1: 'Reyes',
          surname_2: 'Ávila',
          birth_date: '1992-08-31',
          sex: 'F',
        },
      },
      {
        id: 'refugio/1',
        fields: { given_names: 'Andrea', surname_1: 'Reyes', sex: 'F' },
      },
      // her twin sister in the shelter, and a woman with her name born 20 years later
      {
        id: 'refugio/2',
        fields: {
          given_names: 'Beatriz',
          surname_1: 'Reyes',
          surname_2: 'Ávila',
          birth_date: '1992-08-31',
          sex: 'F',
        },
      },
      {
        id: 'refugio/3',
        fields: {
          given_names: 'Andrea',
          surname_1: 'Reyes',
          surname_2: 'Ávila',
          birth_date: '2012-03-02',
          sex: 'F',
        },
      },
    ];
    const all = [...records, ...extra];
    const prob = (res: ReturnType<typeof linkDedup>, a: string, b: string) => {
      const i = all.findIndex((r) => r.id === a);
      const j = all.findIndex((r) => r.id === b);
      return (
        res.pairs.find((p) => (p.left === i && p.right === j) || (p.left === j && p.right === i))
          ?.probability ?? 0
      );
    };
    const pairPrior = (x: string, y: string) =>
      x === 'fge/1' && y.startsWith('refugio/')
        ? 0.5 / 3
        : y === 'fge/1' && x.startsWith('refugio/')
          ? 0.5 / 3
          : undefined;
    const without = linkDedup(all, { threshold: 0 });
    const withRef = linkDedup(all, { threshold: 0, pairPrior, model: without.model });
    expect(prob(without, 'fge/1', 'refugio/1')).toBeLessThan(0.95);
    expect(prob(withRef, 'fge/1', 'refugio/1')).toBeGreaterThan(0.95);
    expect(prob(withRef, 'fge/1', 'refugio/2')).toBe(prob(without, 'fge/1', 'refugio/2'));
    expect(prob(withRef, 'fge/1', 'refugio/3')).toBe(prob(without, 'fge/1', 'refugio/3'));
    expect(prob(withRef, 'fge/1', 'refugio/2')).toBeLessThan(0.5);
    expect(prob(withRef, 'fge/1', 'refugio/3')).toBeLessThan(0.5);
  });
});

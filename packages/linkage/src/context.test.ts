import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CONTEXT_MAX_BITS,
  CONTEXT_MIN_BITS,
  CONTEXT_MIN_PAIRS,
  contextLevels,
  contextWeight,
  estimateContext,
  REFERRAL_BLOCK_MAX,
  type RecordContext,
  referralPairPrior,
} from './context.ts';
import { linkDedup } from './link.ts';
import type { LinkRecord } from './types.ts';

// fixed seed: the same cases on every run (CI included)
fc.configureGlobal({ seed: 20261205 });

describe('referral context: candidate pairs', () => {
  it('pairs each referred record with every record of the agency it was referred to, once, never with itself', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 2, maxLength: 40 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 4 })), { maxLength: 20 }),
        (agencyIdx, refs) => {
          const ids = agencyIdx.map((_, i) => `r${i}`);
          const agencyOf = new Map(ids.map((id, i) => [id, `ag${agencyIdx[i]}`]));
          const referrals = refs.map(([p, ag]) => [ids[p % ids.length]!, `ag${ag}`] as const);
          const prior = referralPairPrior({ agencyOf, referrals });
          const real = referrals.filter(([p, ag]) => agencyOf.get(p) !== ag);
          if (!prior) {
            expect(real).toHaveLength(0);
            return;
          }
          const pairs = prior.candidates!(ids, ids);
          const keys = pairs.map(([l, r]) => `${l}|${r}`);
          expect(new Set(keys).size).toBe(keys.length);
          for (const [l, r] of pairs) {
            expect(l).toBeLessThan(r);
            // one of the two was referred to the other's agency
            const named = real.some(
              ([p, ag]) =>
                (p === ids[l] && agencyOf.get(ids[r]!) === ag) ||
                (p === ids[r] && agencyOf.get(ids[l]!) === ag),
            );
            expect(named).toBe(true);
            // and the prior speaks for exactly these pairs
            expect(prior(ids[l]!, ids[r]!)).toBeGreaterThan(0);
          }
          // every such pair is named
          for (const [p, ag] of real)
            ids.forEach((y) => {
              if (agencyOf.get(y) === ag && y !== p) {
                const [l, r] = [ids.indexOf(p), ids.indexOf(y)].sort((x, z) => x - z);
                expect(keys).toContain(`${l}|${r}`);
              }
            });
        },
      ),
    );
  });

  it('leaves out receiving agencies with more than REFERRAL_BLOCK_MAX records', () => {
    const ids = Array.from({ length: REFERRAL_BLOCK_MAX + 2 }, (_, i) => `r${i}`);
    const agencyOf = new Map(ids.map((id, i) => [id, i === 0 ? 'fge' : 'big']));
    const prior = referralPairPrior({ agencyOf, referrals: [['r0', 'big']] })!;
    expect(prior.candidates!(ids, ids)).toHaveLength(0);
  });

  it('two files: pairs across the files in both directions', () => {
    const left = ['a1', 'a2'];
    const right = ['s1', 's2', 's3'];
    const agencyOf = new Map([
      ['a1', 'fge'],
      ['a2', 'fge'],
      ['s1', 'shelter'],
      ['s2', 'shelter'],
      ['s3', 'dif'],
    ]);
    const prior = referralPairPrior({
      agencyOf,
      referrals: [
        ['a1', 'shelter'],
        ['s3', 'fge'],
      ],
    })!;
    const got = prior.candidates!(left, right)
      .map(([l, r]) => `${left[l]}-${right[r]}`)
      .sort();
    expect(got).toEqual(['a1-s1', 'a1-s2', 'a1-s3', 'a2-s3']);
  });

  it('a shelter record that shares no blocking key with its referral is compared and linked', () => {
    // the prosecutor's full record, the shelter's sparse one (misspelt given name, the surnames the other way round,
    // the second missing, a year from an age): no blocking rule puts them together; the referral does
    const records: LinkRecord[] = [
      {
        id: 'fge/1',
        fields: {
          given_names: 'Liliana',
          surname_1: 'Díaz',
          surname_2: 'Santana',
          birth_date: '1983-03-30',
          sex: 'F',
        },
      },
      {
        id: 'refugio/1',
        fields: { given_names: 'Lilianna', surname_1: 'Santana', birth_date: '1982', sex: 'F' },
      },
    ];
    const names = ['Ana', 'Rosa', 'Elena', 'Julia', 'Sofía', 'Paula', 'Irene', 'Noemí', 'Olga', 'Berta'];
    const surnames = [
      'Soto',
      'Vera',
      'Ruiz',
      'Mora',
      'Ríos',
      'Leal',
      'Peña',
      'Luna',
      'Sosa',
      'Haro',
      'Gil',
      'Paz',
    ];
    for (let i = 0; i < 200; i++)
      records.push({
        id: `fge/${i + 2}`,
        fields: {
          given_names: names[i % 10]!,
          surname_1: surnames[i % 12]!,
          surname_2: surnames[(i * 7 + 3) % 12]!,
          birth_date: `${1960 + (i % 40)}-0${1 + (i % 9)}-1${i % 10}`,
          sex: 'F',
        },
      });
    // namesakes of the given name whose surnames sort between the two: the sorted neighbourhoods keep them apart
    const between = [
      'Escobar',
      'Fuentes',
      'Galindo',
      'Herrera',
      'Ibarra',
      'Jaramillo',
      'Lozano',
      'Medina',
      'Navarro',
    ];
    for (let i = 0; i < 27; i++)
      records.push({
        id: `fge/n${i}`,
        fields: {
          given_names: i % 2 ? 'Liliana' : 'Lilianna',
          surname_1: between[i % 9]!,
          surname_2: `${between[(i + 4) % 9]!}${'ao'[i % 2]}`,
          birth_date: `${1980 + (i % 5)}-0${1 + (i % 9)}-2${i % 10}`,
          sex: 'F',
        },
      });
    const agencyOf = new Map(records.map((r) => [r.id, r.id.split('/')[0]!]));
    const pairPrior = referralPairPrior({ agencyOf, referrals: [['fge/1', 'refugio']] });
    // blocking that never meets the two (no rule at all): only the referral names the pair
    const without = linkDedup(records, { workers: 1, rules: [] });
    const withRef = linkDedup(records, { workers: 1, rules: [], pairPrior });
    const i = records.findIndex((r) => r.id === 'refugio/1');
    expect(without.clusters[0]).not.toBe(without.clusters[i]);
    expect(withRef.clusters[0]).toBe(withRef.clusters[i]);
  });
});

describe('where and when a record was written (context)', () => {
  const day = fc
    .date({
      min: new Date('2015-01-01T00:00:00Z'),
      max: new Date('2025-12-31T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString().slice(0, 10));
  const ctx = fc.record(
    {
      source: fc.constantFrom('fge-mex', 'dif-mex', 'refugio'),
      date: day,
      region: fc.constantFrom('09', '15', '30'),
      kind: fc.constantFrom('sexual', 'forced_labor'),
    },
    { requiredKeys: ['source'] },
  );

  it('is compared only between two agencies, the same both ways, each level in range', () => {
    fc.assert(
      fc.property(ctx, ctx, (x: RecordContext, y: RecordContext) => {
        const lv = contextLevels(x, y);
        expect(lv).toEqual(contextLevels(y, x));
        if (x.source === y.source) expect(lv).toBeUndefined();
        if (!lv) return;
        expect(lv[0]).toBeGreaterThanOrEqual(-1);
        expect(lv[0]).toBeLessThanOrEqual(1);
        expect(lv[1]).toBeLessThanOrEqual(2);
        expect(lv[2]).toBeLessThanOrEqual(1);
        if (x.region && y.region) expect(lv[0]).toBe(x.region === y.region ? 1 : 0);
      }),
    );
  });

  it('learns nothing from too few confident pairs, and its weight stays within bounds', () => {
    const ids = Array.from({ length: 200 }, (_, i) => `r${i}`);
    const of = (id: string): RecordContext => ({
      source: Number(id.slice(1)) % 2 ? 'a' : 'b',
      date: `2021-0${(Number(id.slice(1)) % 9) + 1}-10`,
      region: String(Number(id.slice(1)) % 32).padStart(2, '0'),
    });
    const pairsOf = (n: number) => ({
      left: Uint32Array.from({ length: n }, (_, e) => 2 * e),
      right: Uint32Array.from({ length: n }, (_, e) => 2 * e + 1),
      count: n,
    });
    const few = CONTEXT_MIN_PAIRS - 1;
    expect(estimateContext(ids, ids, of, pairsOf(few), new Float32Array(few).fill(1))).toBeUndefined();
    const model = estimateContext(ids, ids, of, pairsOf(60), new Float32Array(60).fill(1))!;
    expect(model.pairs).toBe(60);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1, max: 1 }), { minLength: 3, maxLength: 3 }), (lv) => {
        const w = contextWeight(model, [lv[0]!, Math.max(-1, lv[1]! * 2), lv[2]!]);
        expect(w).toBeGreaterThanOrEqual(CONTEXT_MIN_BITS);
        expect(w).toBeLessThanOrEqual(CONTEXT_MAX_BITS);
      }),
    );
  });

  it('links a shelter’s sparse record to the prosecutor’s when they were written weeks apart in one state; never sisters', () => {
    // 80 persons each recorded by a state prosecutor and a shelter a few days later (the model's confident pairs)
    const given = ['Ana', 'Rosa', 'Luz', 'Sara', 'Elena', 'Irma', 'Olga', 'Nora'];
    const sur = ['Pérez', 'Ramos', 'Lugo', 'Ochoa', 'Vela', 'Tapia', 'Zárate', 'Ibarra', 'Cano', 'Mora'];
    const records: LinkRecord[] = [];
    const where = new Map<string, RecordContext>();
    for (let k = 0; k < 80; k++) {
      const g = given[k % 8]!;
      const s1 = sur[k % 10]!;
      const s2 = sur[(k * 3 + 1) % 10]!;
      const birth = `${1980 + (k % 25)}-0${(k % 9) + 1}-1${k % 10}`;
      const month = String((k % 12) + 1).padStart(2, '0');
      const state = String((k % 30) + 1).padStart(2, '0');
      for (const [src, d] of [
        ['fge', `2021-${month}-02`],
        ['refugio', `2021-${month}-09`],
      ] as const) {
        const id = `${src}-${k}`;
        records.push({
          id,
          fields: { given_names: g, surname_1: s1, surname_2: s2, birth_date: birth, sex: 'F' },
        });
        where.set(id, { source: src, date: d, region: state, kind: 'sexual' });
      }
    }
    // the pair to decide: the shelter wrote a short given name, the first surname only and a year from an age
    records.push({
      id: 'fge-x',
      fields: {
        given_names: 'María Guadalupe',
        surname_1: 'Solís',
        surname_2: 'Nava',
        birth_date: '2000-12-24',
        sex: 'F',
      },
    });
    records.push({
      id: 'refugio-x',
      fields: { given_names: 'Guadalupe', surname_1: 'Solís', birth_date: '2002', sex: 'F' },
    });
    where.set('fge-x', { source: 'fge', date: '2022-03-01', region: '07', kind: 'sexual' });
    where.set('refugio-x', { source: 'refugio', date: '2022-03-08', region: '07', kind: 'sexual' });
    // sisters found in the same operation: other given names, the same context
    records.push({
      id: 'fge-s',
      fields: { given_names: 'Yesenia', surname_1: 'Solís', surname_2: 'Nava', birth_date: '2001', sex: 'F' },
    });
    where.set('fge-s', { source: 'fge', date: '2022-03-01', region: '07', kind: 'sexual' });
    // no date on one side and the surnames differ: the context does not make a name match out of a given name
    records.push({
      id: 'fge-m',
      fields: { given_names: 'Marco Antonio', surname_1: 'Casas', birth_date: '1992-07-24', sex: 'M' },
    });
    records.push({
      id: 'linea-m',
      fields: { given_names: 'Marco Antonio', surname_1: 'Martínez', sex: 'M' },
    });
    where.set('fge-m', { source: 'fge', date: '2022-05-01', region: '15', kind: 'sexual' });
    where.set('linea-m', { source: 'linea', date: '2022-05-09', region: '15', kind: 'sexual' });
    const prob = (res: ReturnType<typeof linkDedup>, x: string, y: string) => {
      const i = records.findIndex((r) => r.id === x);
      const j = records.findIndex((r) => r.id === y);
      const p = res.pairs.find((q) => (q.left === i && q.right === j) || (q.left === j && q.right === i));
      return p?.probability ?? 0;
    };
    const scored = (res: ReturnType<typeof linkDedup>, x: string, y: string) => {
      const i = records.findIndex((r) => r.id === x);
      const j = records.findIndex((r) => r.id === y);
      return res.pairs.some((q) => (q.left === i && q.right === j) || (q.left === j && q.right === i));
    };
    const without = linkDedup(records, { threshold: 0 });
    const withContext = linkDedup(records, { threshold: 0, context: (id) => where.get(id) });
    expect(withContext.model.context?.pairs).toBeGreaterThanOrEqual(CONTEXT_MIN_PAIRS);
    expect(prob(withContext, 'fge-x', 'refugio-x')).toBeGreaterThan(prob(without, 'fge-x', 'refugio-x'));
    expect(prob(withContext, 'fge-x', 'refugio-x')).toBeGreaterThanOrEqual(0.5);
    // the sister: her given name differs, so the shared context adds nothing
    expect(prob(withContext, 'fge-s', 'refugio-x')).toBeCloseTo(prob(without, 'fge-s', 'refugio-x'), 5);
    expect(scored(withContext, 'fge-m', 'linea-m')).toBe(true);
    expect(prob(withContext, 'fge-m', 'linea-m')).toBeCloseTo(prob(without, 'fge-m', 'linea-m'), 5);
    expect(prob(withContext, 'fge-m', 'linea-m')).toBeLessThan(0.5);
  });
});

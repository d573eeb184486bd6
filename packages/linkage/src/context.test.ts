import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REFERRAL_BLOCK_MAX, referralPairPrior } from './context.ts';
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

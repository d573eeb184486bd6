/**
 * Issue 10, fifth session: the birth date's prior m follows what dates the input holds (years worked out from ages are
 * one off about half the time), and one slip in one of two given names is still that name.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { givenNameLevel } from './comparisons.ts';
import { linkDedup } from './link.ts';
import { PARTIAL_DATE_M, priorsFor } from './model.ts';
import { prepareRecords } from './prepare.ts';
import { M_PRIORS } from './priors.ts';
import type { LinkRecord } from './types.ts';

// fixed seed: the same cases on every run (CI included)
fc.configureGlobal({ seed: 20261205 });

const fullDate = fc
  .record({
    y: fc.integer({ min: 1930, max: 2020 }),
    m: fc.integer({ min: 1, max: 12 }),
    d: fc.integer({ min: 2, max: 28 }),
  })
  .map(({ y, m, d }) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
const yearOnly = fc.integer({ min: 1930, max: 2020 }).map(String);
const records = (dates: readonly string[]): LinkRecord[] =>
  dates.map((birth_date, i) => ({ id: String(i), fields: { given_names: 'ana', birth_date } }));

describe('birth-date prior conditioned on the input (properties)', () => {
  it('an input of full dates keeps the shipped priors as they are', () => {
    fc.assert(
      fc.property(fc.array(fullDate, { minLength: 1, maxLength: 40 }), (dates) => {
        expect(priorsFor(prepareRecords(records(dates)))).toBe(M_PRIORS);
      }),
    );
  });

  it('with partial dates the prior is a distribution whose "year within three" level grows with their share', () => {
    fc.assert(
      fc.property(
        fc.array(fullDate, { minLength: 1, maxLength: 30 }),
        fc.array(yearOnly, { minLength: 1, maxLength: 30 }),
        (full, partial) => {
          const m = priorsFor(prepareRecords(records([...full, ...partial]))).birth_date!;
          expect(m.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);
          for (const v of m) expect(v).toBeGreaterThanOrEqual(0);
          expect(m[1]!).toBeGreaterThan(M_PRIORS.birth_date![1]!);
          // one more year alone: level 1 weighs at least as much
          const more = priorsFor(prepareRecords(records([...full, ...partial, '1990']))).birth_date!;
          expect(more[1]!).toBeGreaterThanOrEqual(m[1]! - 1e-12);
          // the other priors are untouched
          expect(priorsFor(prepareRecords(records([...full, ...partial]))).given_names).toBe(
            M_PRIORS.given_names,
          );
        },
      ),
    );
  });

  it('only partial dates (years alone, 1 January placeholders): the partial-date distribution itself', () => {
    const m = priorsFor(prepareRecords(records(['1990', '1991-01-01', '1975', '2001-05']))).birth_date!;
    m.forEach((v, l) => {
      expect(v).toBeCloseTo(PARTIAL_DATE_M[l]!, 9);
    });
    // two files: the share of pairs with a partial date on one side
    const full = prepareRecords(records(['1990-03-04', '1991-07-08']));
    const half = prepareRecords(records(['1990-03-04', '1991']));
    const two = priorsFor(full, half).birth_date!;
    expect(two[1]!).toBeCloseTo(0.5 * M_PRIORS.birth_date![1]! + 0.5 * PARTIAL_DATE_M[1]!, 9);
  });

  it('a year one off from an age weighs for the match when agencies write ages as years', () => {
    // 300 persons, each recorded by a prosecutor (full date) and by a shelter (the year from an age: the birth year or
    // the one before), plus 600 others: EM starts from a prior where "year within three" is not evidence against
    const first = ['ana', 'rosa', 'luz', 'eva', 'ines', 'olga', 'sara', 'irma', 'alma', 'nora'];
    const last = [
      'soto',
      'vera',
      'ruiz',
      'mora',
      'rios',
      'leal',
      'pena',
      'luna',
      'sosa',
      'haro',
      'gil',
      'paz',
    ];
    const recs: LinkRecord[] = [];
    for (let i = 0; i < 900; i++) {
      const g = `${first[i % 10]} ${first[(i * 7 + 3) % 10]}`;
      const s1 = `${last[i % 12]}${String.fromCharCode(97 + (i % 23))}`;
      const s2 = last[(i * 5 + 1) % 12]!;
      const y = 1950 + (i % 60);
      const full = `${y}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 27) + 1).padStart(2, '0')}`;
      recs.push({ id: `p${i}`, fields: { given_names: g, surname_1: s1, surname_2: s2, birth_date: full } });
      if (i < 300)
        recs.push({
          id: `s${i}`,
          fields: { given_names: g, surname_1: s1, birth_date: String(y - (i % 2)) },
        });
    }
    const res = linkDedup(recs, { workers: 1 });
    const m = res.model.m.birth_date!;
    const u = res.model.u.birth_date!;
    expect(Math.log2(m[1]! / u[1]!)).toBeGreaterThan(0);
    // the year one off links like the same year
    const byId = new Map(res.left.ids.map((id, i) => [id, res.clusters[i]!]));
    let linked = 0;
    for (let i = 1; i < 300; i += 2) if (byId.get(`p${i}`) === byId.get(`s${i}`)) linked++;
    expect(linked).toBeGreaterThan(140);
  });
});

describe('one slip in one of two given names (properties)', () => {
  it('a letter dropped from a name of six letters or more, the other record with two names: close, not different', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z]{6,10}$/),
        fc.nat(),
        fc.constantFrom('jose', 'maria', 'juan', 'ana'),
        (n, at, other) => {
          const k = at % n.length;
          const slipped = n.slice(0, k) + n.slice(k + 1);
          fc.pre(slipped !== other && n !== other);
          expect(givenNameLevel(slipped, `${other} ${n}`)).toBeGreaterThanOrEqual(2);
          expect(givenNameLevel(`${other} ${n}`, slipped)).toBeGreaterThanOrEqual(2);
        },
      ),
    );
  });

  it('examples from the national folders', () => {
    expect(givenNameLevel('rfael', 'jose rafael')).toBe(2);
    // different names stay different
    expect(givenNameLevel('rafael', 'jose manuel')).toBe(0);
    expect(givenNameLevel('carmen', 'maria dolores')).toBe(0);
  });
});

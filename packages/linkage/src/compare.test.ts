import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareOne, curpWeight } from './comparisons.ts';
import { isValidCurp } from './curp.ts';
import { compareDates, parseDate } from './dates.ts';
import { prepareRecords } from './prepare.ts';
import { damerauLevenshtein, jaro, jaroWinkler } from './similarity.ts';
import { makeCurp } from './synthetic.ts';

const word = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnñopqrstuvwxyz'), maxLength: 14 });

describe('string similarity', () => {
  it('gives the textbook values', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.9611, 3);
    expect(jaro('dixon', 'dicksonx')).toBeCloseTo(0.7667, 3);
    expect(damerauLevenshtein('ca', 'ac')).toBe(1);
    expect(damerauLevenshtein('kitten', 'sitting')).toBe(3);
    expect(damerauLevenshtein('', 'abc')).toBe(3);
  });
  it('is symmetric, bounded, and 1/0 for identical strings', () => {
    fc.assert(
      fc.property(word, word, (a, b) => {
        expect(jaroWinkler(a, b)).toBeCloseTo(jaroWinkler(b, a), 12);
        expect(damerauLevenshtein(a, b)).toBe(damerauLevenshtein(b, a));
        const s = jaroWinkler(a, b);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1 + 1e-12);
        expect(damerauLevenshtein(a, b)).toBeLessThanOrEqual(Math.max(a.length, b.length));
        expect(jaroWinkler(a, a)).toBe(1);
        expect(damerauLevenshtein(a, a)).toBe(0);
      }),
    );
  });
});

describe('CURP', () => {
  const curp = makeCurp('María Guadalupe', 'Hernández', 'López', 1985, 3, 14, 'M', 'OC', 3);
  it('builds and validates check digits', () => {
    expect(curp).toMatch(/^HELG850314MOCRPD3\d$/);
    expect(isValidCurp(curp)).toBe(true);
    expect(isValidCurp(curp.toLowerCase())).toBe(true);
    expect(isValidCurp(`${curp.slice(0, 17)}${(Number(curp[17]) + 1) % 10}`)).toBe(false);
    expect(isValidCurp('HELG851314MOCRPD03')).toBe(false);
  });
  it('accepts generated CURPs and rejects every wrong check digit', () => {
    const sur = fc.constantFrom('Hernández', 'Peña', 'de la Cruz', 'Ávila', 'Ochoa', 'Xolalpa');
    const giv = fc.constantFrom('José Luis', 'María', 'Ximena', 'Ángel', 'Ñuño');
    fc.assert(
      fc.property(
        giv,
        sur,
        sur,
        fc.integer({ min: 1930, max: 2020 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
        fc.integer({ min: 0, max: 9 }),
        (g, s1, s2, y, m, d, wrong) => {
          const c = makeCurp(g, s1, s2, y, m, d, 'H', 'JC', 1);
          expect(isValidCurp(c)).toBe(true);
          const bad = c.slice(0, 17) + String(wrong);
          expect(isValidCurp(bad)).toBe(wrong === Number(c[17]));
        },
      ),
    );
  });
  it('is decisive when equal and valid, a strong non-match when both valid and different', () => {
    const other = makeCurp('María Guadalupe', 'Hernández', 'López', 1985, 3, 14, 'M', 'OC', 4);
    const p = prepareRecords([
      { id: 'a', fields: { curp } },
      { id: 'b', fields: { curp } },
      { id: 'c', fields: { curp: other } },
      { id: 'd', fields: { curp: 'HELG850314MOCRPD0X' } },
    ]);
    expect(curpWeight(p, 0, p, 1)).toBeGreaterThanOrEqual(30);
    expect(curpWeight(p, 0, p, 2)).toBeLessThanOrEqual(-15);
    expect(Math.abs(curpWeight(p, 0, p, 3))).toBeLessThan(15);
  });
});

describe('dates', () => {
  it('parses the three layouts and partial dates', () => {
    expect(parseDate('1985-03-14')).toEqual({ year: 1985, month: 3, day: 14 });
    expect(parseDate('19850314', 'YYYYMMDD')).toEqual({ year: 1985, month: 3, day: 14 });
    expect(parseDate('14/03/1985', 'DD/MM/YYYY')).toEqual({ year: 1985, month: 3, day: 14 });
    expect(parseDate('1985')).toEqual({ year: 1985, month: 0, day: 0 });
    expect(parseDate('14/03/1985')).toBeNull();
    expect(parseDate('')).toBeNull();
  });
  it('tolerates day/month swaps and partial dates', () => {
    expect(compareDates(1985, 3, 14, 1985, 3, 14)).toBe(4);
    expect(compareDates(1985, 3, 4, 1985, 4, 3)).toBe(3);
    expect(compareDates(1985, 0, 0, 1985, 3, 14)).toBe(3);
    expect(compareDates(1985, 3, 14, 1985, 3, 15)).toBe(2);
    expect(compareDates(1958, 3, 14, 1985, 3, 14)).toBe(2);
    expect(compareDates(1985, 3, 14, 1990, 7, 1)).toBe(0);
    expect(compareDates(0, 3, 14, 1990, 7, 1)).toBe(-1);
  });
  it('a day or a month of the same year is a slip only when typed so: one off, a digit changed or two swapped', () => {
    expect(compareDates(1998, 9, 25, 1998, 9, 23)).toBe(2);
    expect(compareDates(1998, 9, 12, 1998, 9, 21)).toBe(2);
    expect(compareDates(1998, 9, 3, 1998, 9, 8)).toBe(2);
    expect(compareDates(1998, 9, 14, 1998, 8, 14)).toBe(2);
    // namesakes born weeks apart in one month
    expect(compareDates(2007, 9, 25, 2007, 9, 3)).toBe(0);
    expect(compareDates(1998, 2, 14, 1998, 11, 14)).toBe(0);
    // the 1 January placeholder says the year only
    expect(compareDates(2007, 1, 1, 2007, 1, 27)).toBe(2);
    fc.assert(
      fc.property(
        fc.integer({ min: 1900, max: 2030 }),
        fc.integer({ min: 2, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
        fc.integer({ min: 1, max: 28 }),
        (y, m, d1, d2) => {
          const l = compareDates(y, m, d1, y, m, d2);
          const a = String(d1).padStart(2, '0');
          const b = String(d2).padStart(2, '0');
          const digits = (a[0] !== b[0] ? 1 : 0) + (a[1] !== b[1] ? 1 : 0);
          const slip = Math.abs(d1 - d2) === 1 || digits === 1 || (a[0] === b[1] && a[1] === b[0]);
          expect(l).toBe(d1 === d2 ? 4 : slip ? 2 : 0);
        },
      ),
    );
  });
  it('is symmetric', () => {
    const d = fc.tuple(
      fc.integer({ min: 0, max: 2030 }),
      fc.integer({ min: 0, max: 12 }),
      fc.integer({ min: 0, max: 31 }),
    );
    fc.assert(
      fc.property(d, d, ([y1, m1, d1], [y2, m2, d2]) => {
        expect(compareDates(y1, m1, d1, y2, m2, d2)).toBe(compareDates(y2, m2, d2, y1, m1, d1));
      }),
    );
  });
});

describe('field comparisons', () => {
  const p = prepareRecords([
    { id: '1', fields: { given_names: 'María Guadalupe', surname_1: 'Hernández', surname_2: 'López' } },
    { id: '2', fields: { given_names: 'Lupe', surname_1: 'Lopez', surname_2: 'HERNANDEZ' } },
    { id: '3', fields: { given_names: 'Guadalupe', surname_1: 'Hernandez' } },
    { id: '4', fields: { given_names: 'Josefina', surname_1: 'Ruiz', surname_2: 'Soto' } },
  ]);
  it('recognises nicknames and dropped compound names', () => {
    expect(compareOne('given_names', p, 0, p, 1)).toBe(3);
    expect(compareOne('given_names', p, 0, p, 2)).toBe(3);
    expect(compareOne('given_names', p, 1, p, 2)).toBe(4);
    expect(compareOne('given_names', p, 0, p, 3)).toBeLessThanOrEqual(1);
  });
  it('handles swapped and missing second surnames', () => {
    expect(compareOne('surname_1', p, 0, p, 1)).toBe(2);
    expect(compareOne('surname_1', p, 0, p, 2)).toBe(3);
    expect(compareOne('surname_2', p, 0, p, 2)).toBe(-1);
    expect(compareOne('surname_1', p, 0, p, 3)).toBe(0);
  });
  it('is symmetric on random names', () => {
    const name = fc.constantFrom(
      'José',
      'Pepe',
      'María José',
      'Jose Maria',
      'Chema',
      'Guadalupe',
      'Lupita',
      'Juan',
      'Juana',
    );
    const sur = fc.constantFrom('Hernández', 'Hernandes', 'López', 'de la Cruz', 'Cruz', '');
    fc.assert(
      fc.property(name, sur, sur, name, sur, sur, (g1, a1, b1, g2, a2, b2) => {
        const q = prepareRecords([
          { id: 'x', fields: { given_names: g1, surname_1: a1, surname_2: b1 } },
          { id: 'y', fields: { given_names: g2, surname_1: a2, surname_2: b2 } },
        ]);
        for (const c of ['given_names', 'surname_1', 'surname_2']) {
          expect(compareOne(c, q, 0, q, 1)).toBe(compareOne(c, q, 1, q, 0));
        }
      }),
    );
  });
});

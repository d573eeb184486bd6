/**
 * Issue 10, seventh session (anonlink, plain two-file linkage): a birth date with an unreadable or impossible
 * character is compared as written, two slips in a date are weak evidence rather than "two dates", phones with one or
 * two digits mistyped are near, blocking survives a slip in a date or a phone, and in two files the twins' and
 * siblings' cap needs two names the input knows.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { candidatePairs } from './blocking.ts';
import { compareOne, phoneNear } from './comparisons.ts';
import { compareDates, twoSlips, writtenDate, writtenDateLevel } from './dates.ts';
import { givenUnknownPairs, linkTwo } from './link.ts';
import { EVIDENCE_CAPS } from './model.ts';
import { prepareRecords } from './prepare.ts';
import type { LinkRecord } from './types.ts';

// fixed seed: the same cases on every run (CI included)
fc.configureGlobal({ seed: 20261205 });

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const fullDate = fc.record({
  y: fc.integer({ min: 1900, max: 2020 }),
  m: fc.integer({ min: 1, max: 12 }),
  d: fc.integer({ min: 1, max: 28 }),
});
const ddmmyyyy = ({ y, m, d }: { y: number; m: number; d: number }) => `${pad(d, 2)}/${pad(m, 2)}/${y}`;
/** The date's written characters (day, month, year as written) with the one at `at` replaced by `by`. */
const slip = (s: string, at: number, by: string) => {
  const pos = [0, 1, 3, 4, 6, 7, 8, 9][at]!;
  return `${s.slice(0, pos)}${by}${s.slice(pos + 1)}`;
};
const dateLevel = (x: string, y: string) => {
  const a = prepareRecords([{ id: 'a', fields: { birth_date: x } }], { dateFormat: 'DD/MM/YYYY' });
  const b = prepareRecords([{ id: 'b', fields: { birth_date: y } }], { dateFormat: 'DD/MM/YYYY' });
  return compareOne('birth_date', a, 0, b, 0);
};

describe('birth dates as written', () => {
  it('reads the three parts of each layout, whatever their characters', () => {
    expect(writtenDate('29/1q/1983', 'DD/MM/YYYY')).toBe('19831q29');
    expect(writtenDate('2/3/2972', 'DD/MM/YYYY')).toBe('29720302');
    expect(writtenDate('1983-1q-29', 'YYYY-MM-DD')).toBe('19831q29');
    expect(writtenDate('19p51229', 'YYYYMMDD')).toBe('19p51229');
    expect(writtenDate('1983', 'DD/MM/YYYY')).toBeNull();
    expect(writtenDate('', 'DD/MM/YYYY')).toBeNull();
  });

  it('written levels are symmetric: 4 the same, 2 one character or two neighbours swapped, 1 two characters, else -1', () => {
    const chars = fc.stringMatching(/^[0-9a-z]{8}$/);
    fc.assert(
      fc.property(chars, chars, (x, y) => {
        const l = writtenDateLevel(x, y);
        expect(writtenDateLevel(y, x)).toBe(l);
        const diff = [...x].filter((c, k) => c !== y[k]).length;
        if (diff === 0) expect(l).toBe(4);
        else if (diff === 1) expect(l).toBe(2);
        else if (diff === 2) expect([1, 2]).toContain(l);
        else expect(l).toBe(-1);
      }),
    );
  });

  it('one unreadable or impossible character in a full date is a one-character slip (2), not a missing date', () => {
    fc.assert(
      fc.property(
        fullDate,
        fc.integer({ min: 0, max: 7 }),
        fc.constantFrom('q', 'o', 'p', 'i', 'y'),
        (date, at, letter) => {
          const s = ddmmyyyy(date);
          expect(dateLevel(s, slip(s, at, letter))).toBe(2);
          // a year after next year cannot be true: "2972" for "1972"
          const future = `${s.slice(0, 6)}2${s.slice(7)}`;
          expect(dateLevel(s, future)).toBe(s.charAt(6) === '2' ? 4 : 2);
        },
      ),
    );
    expect(dateLevel('29/1q/1983', '29/12/1983')).toBe(2);
    expect(dateLevel('22/12/2972', '22/12/1972')).toBe(2);
    expect(dateLevel('22/12/2972', '22/12/2972')).toBe(4);
    // far from the other date as written: what the readable parts say (here nothing: no year)
    expect(dateLevel('22/12/2972', '03/04/1950')).toBe(-1);
  });

  it('between two files, one digit changed in each of two parts of a date is two slips (level 1, siblings still capped)', () => {
    fc.assert(
      fc.property(fullDate, fullDate, (a, b) => {
        const l = dateLevel(ddmmyyyy(a), ddmmyyyy(b));
        const parts = compareDates(a.y, a.m, a.d, b.y, b.m, b.d);
        const two = twoSlips(a.y, a.m, a.d, b.y, b.m, b.d);
        expect(l).toBe(parts === 0 && two ? 1 : parts);
        const placeholder = (a.m === 1 && a.d === 1) || (b.m === 1 && b.d === 1);
        const changed = (x: number, y: number, w: number) =>
          [...pad(x, w)].filter((c, k) => c !== pad(y, w)[k]).length;
        const perPart = [changed(a.y, b.y, 4), changed(a.m, b.m, 2), changed(a.d, b.d, 2)];
        // one digit changed in each of two parts; two in one part (another day, a year far off) is another date
        expect(two).toBe(
          !placeholder && perPart.every((c) => c <= 1) && perPart.filter((c) => c === 1).length === 2,
        );
      }),
    );
    expect(dateLevel('09/07/1984', '09/06/1974')).toBe(1);
    expect(dateLevel('13/02/1986', '13/02/1975')).toBe(0);
    expect(dateLevel('12/05/1980', '28/05/1980')).toBe(0);
    // deduplicating one file, nothing assigns records one to one: two digits apart stay two dates
    const one = prepareRecords(
      [
        { id: 'a', fields: { birth_date: '09/07/1984' } },
        { id: 'b', fields: { birth_date: '09/06/1974' } },
        { id: 'c', fields: { birth_date: '09/06/2974' } },
      ],
      { dateFormat: 'DD/MM/YYYY' },
    );
    expect(compareOne('birth_date', one, 0, one, 1)).toBe(0);
    expect(compareOne('birth_date', one, 2, one, 1)).toBe(2);
    expect(compareOne('birth_date', one, 2, one, 0)).toBe(-1);
    // a parent and a child: another day, decades apart
    expect(dateLevel('13/02/1956', '21/07/1984')).toBe(0);
  });
});

describe('phones and blocking with slips', () => {
  const phone = fc.stringMatching(/^[0-9]{10}$/);
  const mistype = (p: string, at: number) => `${p.slice(0, at)}${(Number(p[at]) + 1) % 10}${p.slice(at + 1)}`;

  it('a phone with one or two digits mistyped is near (level 1); a different number is not', () => {
    fc.assert(
      fc.property(phone, fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 }), (p, i, j) => {
        expect(phoneNear(p, mistype(p, i))).toBe(true);
        expect(phoneNear(p, mistype(mistype(p, i), j))).toBe(true);
      }),
    );
    expect(phoneNear('5512345678', '5587654321')).toBe(false);
  });

  it('two files: records with garbled names meet through a date or a phone with a slip', () => {
    fc.assert(
      fc.property(
        fullDate,
        phone,
        fc.integer({ min: 0, max: 7 }),
        fc.integer({ min: 0, max: 9 }),
        fc.integer({ min: 0, max: 9 }),
        (date, p, at, i, j) => {
          const s = ddmmyyyy(date);
          const byDate = candidatePairs(
            prepareRecords(
              [{ id: 'a', fields: { given_names: 'qhoneix', surname_1: 'ried', birth_date: s } }],
              {
                dateFormat: 'DD/MM/YYYY',
              },
            ),
            prepareRecords(
              [
                {
                  id: 'b',
                  fields: { given_names: 'phoeni', surname_1: 'reit', birth_date: slip(s, at, 'q') },
                },
              ],
              { dateFormat: 'DD/MM/YYYY' },
            ),
          );
          expect(byDate.count).toBe(1);
          const byPhone = candidatePairs(
            prepareRecords([{ id: 'a', fields: { given_names: 'qhoneix', surname_1: 'ried', phone: p } }]),
            prepareRecords([
              {
                id: 'b',
                fields: { given_names: 'phoeni', surname_1: 'reit', phone: mistype(mistype(p, i), j) },
              },
            ]),
          );
          expect(byPhone.count).toBe(1);
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe("two files: the twins' cap weighs names the input knows", () => {
  // a town's records: the same surnames and phones recur, many given names carried twice or more
  const town = (side: string, n: number): LinkRecord[] =>
    Array.from({ length: n }, (_, k) => ({
      id: `${side}${k}`,
      fields: {
        given_names: ['Sofia', 'Mateo', 'Valentina', 'Santiago', 'Regina', 'Emiliano'][k % 6]!,
        surname_1: ['Ortega', 'Salas', 'Rivas', 'Mendoza', 'Fuentes'][k % 5]!,
        birth_date: `${1950 + (k % 50)}-${pad(1 + (k % 12), 2)}-${pad(1 + (k % 27), 2)}`,
        sex: k % 2 ? 'male' : 'female',
        phone: `55${pad(10_000_000 + k * 7919, 8)}`,
      },
    }));
  const family = { surname_1: 'Zepeda', birth_date: '1994-05-23', sex: 'female', phone: '5531415926' };

  it('twins with two names carried elsewhere in the input stay below the link threshold', () => {
    const left = [...town('l', 60), { id: 'twin1', fields: { ...family, given_names: 'Regina' } }];
    const right = [...town('r', 60), { id: 'twin2', fields: { ...family, given_names: 'Valentina' } }];
    const res = linkTwo(left, right, { threshold: 0, oneToOne: false });
    const p = res.pairs.find((x) => left[x.left]!.id === 'twin1' && right[x.right]!.id === 'twin2');
    expect(p?.probability).toBeCloseTo(1 / (1 + 2 ** -EVIDENCE_CAPS.givenDiffer), 5);
  });

  it('a spelling written nowhere else (or with a digit) is not known to be a name: the learned weights decide', () => {
    const left = [...town('l', 60), { id: 'x1', fields: { ...family, given_names: 'Jemrna' } }];
    const right = [...town('r', 60), { id: 'x2', fields: { ...family, given_names: 'Jemma' } }];
    const res = linkTwo(left, right);
    expect(res.pairs.some((x) => left[x.left]!.id === 'x1' && right[x.right]!.id === 'x2')).toBe(true);
    const a = prepareRecords([
      { id: 'a', fields: { given_names: 'Eva17' } },
      { id: 'b', fields: { given_names: 'Ana' } },
    ]);
    const b = prepareRecords([{ id: 'c', fields: { given_names: 'Ana' } }]);
    const unknown = givenUnknownPairs(a, b, {
      left: Uint32Array.of(0, 1),
      right: Uint32Array.of(0, 0),
      count: 2,
      perRule: {},
      oversize: {},
    });
    // "Eva17" has a digit; "Ana" is carried twice
    expect([...unknown]).toEqual([1, 0]);
  });
});

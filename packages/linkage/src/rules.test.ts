import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { curpConflict, curpExplained, curpTypo, curpWeight, givenNameLevel } from './comparisons.ts';
import { curpCheckDigit } from './curp.ts';
import { AGE_ESTIMATE_YEARS, compareDates } from './dates.ts';
import { linkDedup } from './link.ts';
import { EVIDENCE_CAPS } from './model.ts';
import { normalizeGivenNames } from './names.ts';
import { prepareRecords } from './prepare.ts';
import { syntheticMexican } from './synthetic.ts';

const year = fc.integer({ min: 1930, max: 2020 });
const month = fc.integer({ min: 1, max: 12 });
const day = fc.integer({ min: 1, max: 28 });
const name = fc.stringMatching(/^[a-z]{3,10}$/);

// fixed seed: the same cases on every run (CI included)
fc.configureGlobal({ seed: 20261204 });

describe('linkage rules (properties)', () => {
  it('date levels are symmetric, 4 only for the same full date, and two full dates with day and month both different are 0', () => {
    fc.assert(
      fc.property(year, month, day, year, month, day, (ay, am, ad, by, bm, bd) => {
        const l = compareDates(ay, am, ad, by, bm, bd);
        expect(compareDates(by, bm, bd, ay, am, ad)).toBe(l);
        // the same 1 January twice is a year twice (registries' placeholder), not the same day
        expect(l === 4).toBe(ay === by && am === bm && ad === bd && !(am === 1 && ad === 1));
        const swapped = ay === by && am === bd && ad === bm;
        // 1 January stands for "year only" (a registry's placeholder): compared by the year
        const placeholder = (am === 1 && ad === 1) !== (bm === 1 && bd === 1);
        if (am !== bm && ad !== bd && !swapped && !placeholder) expect(l).toBe(0);
        if (placeholder && !(am === bm && ad === bd))
          expect(l).toBe(ay === by ? 3 : Math.abs(ay - by) <= AGE_ESTIMATE_YEARS ? 1 : 0);
      }),
    );
  });

  it('a year far off is a different date, whatever the day and month', () => {
    fc.assert(
      fc.property(year, month, day, fc.integer({ min: 12, max: 60 }), (y, m, d, gap) => {
        // a gap that is not a one-digit slip (e.g. 1960 -> 1975)
        const other = y + gap;
        const digits = [...String(y)].filter((c, k) => c !== String(other)[k]).length;
        const transposed = [...String(y)].sort().join('') === [...String(other)].sort().join('');
        // two swapped digits (1968 / 1986) are a slip
        fc.pre(digits >= 2 && !transposed);
        expect(compareDates(y, m, d, other, m, d)).toBe(0);
      }),
    );
  });

  it('given-name levels are symmetric; a Spanish diminutive is close to its name', () => {
    fc.assert(
      fc.property(name, name, (x, y) => {
        expect(givenNameLevel(x, y)).toBe(givenNameLevel(y, x));
      }),
    );
    // compound names too ("maria marisela" / "rosa maria"): each thread of a run meets a pair in its own order
    const given = fc.oneof(name, fc.constantFrom('maria', 'jose', 'juan', 'rosa', 'marisela', 'luis'));
    fc.assert(
      fc.property(given, given, given, fc.option(given), (a, b, c, d) => {
        const x = `${a} ${b}`;
        const y = d === null ? c : `${c} ${d}`;
        expect(givenNameLevel(x, y)).toBe(givenNameLevel(y, x));
      }),
    );
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{2,8}[bcdfglmnrstz]$/), (n) => {
        expect(givenNameLevel(`${n}ito`, n)).toBeGreaterThanOrEqual(2);
      }),
    );
  });

  it('titles never change a given name', () => {
    fc.assert(
      fc.property(name, fc.constantFrom('Lic.', 'Dra.', 'Sra.', 'Don', 'Ing.', 'Sir', 'Mrs'), (n, t) => {
        fc.pre(!['don', 'sir', 'mrs', 'lic', 'dra', 'sra', 'ing'].includes(n));
        expect(normalizeGivenNames(`${t} ${n}`)).toBe(normalizeGivenNames(n));
      }),
    );
  });

  it('a one-character CURP difference is a typo only where the records agree', () => {
    const base = 'HEGL000107HTLRLSA8';
    const rec = (id: string, curp: string, birth: string, given = 'Jose Luis') => ({
      id,
      fields: {
        given_names: given,
        surname_1: 'Hernandez',
        surname_2: 'Galindo',
        birth_date: birth,
        curp,
        sex: 'H',
      },
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 17 }),
        fc.constantFrom(...'ABCDEFGHJKLMNPRSTUVWXYZ0123456789'),
        (k, ch) => {
          fc.pre(base[k] !== ch);
          const other = base.slice(0, k) + ch + base.slice(k + 1);
          const p = prepareRecords([rec('a', base, '2000-01-07'), rec('b', other, '2000-01-07')]);
          // symmetric, and decided by the position and the records
          expect(curpTypo(p, 0, p, 1)).toBe(curpTypo(p, 1, p, 0));
          if (k >= 11) expect(curpTypo(p, 0, p, 1)).toBe(true);
          const twins = prepareRecords([
            rec('a', base, '2000-01-07'),
            rec('b', other, '2000-01-07', 'Ana Sofia'),
          ]);
          if (k < 4) expect(curpTypo(twins, 0, twins, 1)).toBe(false);
        },
      ),
    );
  });

  it('twins (same surnames and full birth date, other given names) are never linked by themselves', () => {
    fc.assert(
      fc.property(name, name, year, month, day, (g1, g2, y, m, d) => {
        fc.pre(g1.slice(0, 3) !== g2.slice(0, 3));
        const dob = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        const people = [
          {
            id: 't1',
            fields: {
              given_names: g1,
              surname_1: 'Quintana',
              surname_2: 'Barrera',
              birth_date: dob,
              sex: 'M',
            },
          },
          {
            id: 't2',
            fields: {
              given_names: g2,
              surname_1: 'Quintana',
              surname_2: 'Barrera',
              birth_date: dob,
              sex: 'M',
            },
          },
        ];
        const res = linkDedup(people, { threshold: 0.0 });
        for (const p of res.pairs)
          expect(p.probability).toBeLessThanOrEqual(1 / (1 + 2 ** -EVIDENCE_CAPS.givenDiffer) + 1e-6);
      }),
      { numRuns: 30 },
    );
  });

  it('sisters whose birth years were estimated (a year alone, a few years apart) are never linked by names alone', () => {
    fc.assert(
      fc.property(name, name, year, fc.integer({ min: 1, max: AGE_ESTIMATE_YEARS }), (g1, g2, y, gap) => {
        fc.pre(g1.slice(0, 3) !== g2.slice(0, 3));
        const sister = (id: string, given: string, born: string) => ({
          id,
          fields: {
            given_names: given,
            surname_1: 'Quintana',
            surname_2: 'Barrera',
            birth_date: born,
            sex: 'F',
          },
        });
        const res = linkDedup([sister('s1', g1, String(y)), sister('s2', g2, `${y + gap}-05-17`)], {
          threshold: 0,
        });
        for (const p of res.pairs)
          expect(p.probability).toBeLessThanOrEqual(1 / (1 + 2 ** -EVIDENCE_CAPS.givenDiffer) + 1e-6);
      }),
      { numRuns: 30 },
    );
  });

  it('a year alone a few years from a full date is an estimate, not another date; further off it is', () => {
    for (let gap = 1; gap <= AGE_ESTIMATE_YEARS; gap++) {
      expect(compareDates(1990, 0, 0, 1990 + gap, 6, 14)).toBe(1);
      expect(compareDates(1990, 1, 1, 1990 - gap, 6, 14)).toBe(1);
    }
    expect(compareDates(1990, 0, 0, 1990 + AGE_ESTIMATE_YEARS + 1, 6, 14)).toBe(0);
    // two full dates two years apart are two dates
    expect(compareDates(1990, 3, 2, 1992, 7, 9)).toBe(0);
  });

  it('blocking pairs both surnames with a birth year up to two years off, and a given name with its nickname', () => {
    const rec = (id: string, given: string, born: string) => ({
      id,
      fields: { given_names: given, surname_1: 'Ajú', surname_2: 'Gutiérrez', birth_date: born, sex: 'F' },
    });
    for (const [a, b] of [
      ['2003', '2005-03-09'],
      ['2004', '2006'],
      ['2005', '2003-11-30'],
    ] as const) {
      const res = linkDedup([rec('a', 'Rosario', a), rec('b', 'Chayo', b)], { threshold: 0 });
      expect(res.candidates).toBe(1);
    }
  });

  it('blocking pairs a phone with one digit mistyped, whatever else is garbled', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{10}$/), fc.integer({ min: 0, max: 9 }), (phone, at) => {
        const typo = `${phone.slice(0, at)}${(Number(phone[at]) + 1) % 10}${phone.slice(at + 1)}`;
        const res = linkDedup(
          [
            { id: 'a', fields: { given_names: 'qhoneix', surname_1: 'ried', phone } },
            { id: 'b', fields: { given_names: 'phoeni', surname_1: 'reit', phone: typo } },
          ],
          { threshold: 0 },
        );
        expect(res.candidates).toBe(1);
      }),
      { numRuns: 25 },
    );
  });

  it('common Mexican nicknames are the names they stand for', () => {
    for (const [nick, full] of [
      ['Soco', 'Socorro'],
      ['Ceci', 'Cecilia'],
      ['Tefi', 'Estefanía'],
      ['Wicho', 'Luis'],
      ['Yese', 'Yesenia'],
      ['Chabe', 'Isabel'],
      ['Lupita', 'Guadalupe'],
      ['Chayo', 'Rosario'],
      ['Chuyito', 'Jesús'],
      ['Jn.', 'Juan'],
      ['Fco.', 'Francisco'],
      ['Gpe.', 'Guadalupe'],
    ])
      expect(givenNameLevel(normalizeGivenNames(nick!), normalizeGivenNames(full!), nick, full)).toBe(4);
  });

  it('a nickname read as its name does not hide the typing in what was written', () => {
    // "jack" is read as "john"; "sakk" is "jack" typed badly, not another name
    expect(givenNameLevel(normalizeGivenNames('Jack'), normalizeGivenNames('Sakk'), 'jack', 'sakk')).toBe(1);
    expect(givenNameLevel(normalizeGivenNames('Meg'), normalizeGivenNames('Meq'), 'meg', 'meq')).toBe(1);
    expect(givenNameLevel(normalizeGivenNames('Lupe'), normalizeGivenNames('Karla'), 'lupe', 'karla')).toBe(
      0,
    );
  });

  it('a CURP computed from a misspelt record is not proof of another person; twins and another state are', () => {
    const curp = (first17: string) => `${first17}${curpCheckDigit(first17)}`;
    // the same woman: RENAPO's CURP, and one an agency computed from "Gonzales" and a day typed wrong
    const p = prepareRecords([
      {
        id: 'a',
        fields: {
          given_names: 'Rosa',
          surname_1: 'González',
          surname_2: 'Pérez',
          birth_date: '1990-05-12',
          sex: 'F',
          curp: curp('GOPR900512MDFNRS0'),
        },
      },
      {
        id: 'b',
        fields: {
          given_names: 'Rosa',
          surname_1: 'Gonzales',
          surname_2: 'Pérez',
          birth_date: '1990-05-13',
          sex: 'F',
          curp: curp('GOPR900513MDFNRS0'),
        },
      },
      // her twin sister: other given name, same everything else
      {
        id: 'c',
        fields: {
          given_names: 'Karla',
          surname_1: 'González',
          surname_2: 'Pérez',
          birth_date: '1990-05-12',
          sex: 'F',
          curp: curp('GOPK900512MDFNRR0'),
        },
      },
      // the same record with a CURP of another state of birth
      {
        id: 'd',
        fields: {
          given_names: 'Rosa',
          surname_1: 'Gonzales',
          surname_2: 'Pérez',
          birth_date: '1990-05-13',
          sex: 'F',
          curp: curp('GOPR900513MJCNRS0'),
        },
      },
    ]);
    expect(curpExplained(p, 0, p, 1)).toBe(true);
    expect(curpConflict(p, 0, p, 1)).toBe(false);
    expect(curpWeight(p, 0, p, 1)).toBe(0);
    expect(curpExplained(p, 0, p, 2)).toBe(false);
    expect(curpConflict(p, 0, p, 2)).toBe(true);
    expect(curpExplained(p, 0, p, 3)).toBe(false);
  });

  it('a CURP computed from the surnames in each other’s place, one with a slip, is explained; other surnames are not', () => {
    const curp = (first17: string) => `${first17}${curpCheckDigit(first17)}`;
    const girl = (id: string, s1: string, s2: string, first17: string) => ({
      id,
      fields: {
        given_names: 'María Guadalupe',
        surname_1: s1,
        surname_2: s2,
        birth_date: '2016-09-25',
        sex: 'F',
        curp: curp(first17),
      },
    });
    const p = prepareRecords([
      // the prosecutor wrote "Cuenka Luna" (a slip) and its CURP; DIF wrote the surnames the other way round and
      // computed the CURP from what it wrote
      girl('a', 'Cuenka', 'Luna', 'CULG160925MCSNNDA'),
      girl('b', 'Luna', 'Cuenca', 'LUCG160925MCSNNDA'),
      // another girl of the same given name and birth date: her own surnames, her own CURP
      girl('c', 'Luna', 'Pérez', 'LUPG160925MCSNRDA'),
    ]);
    expect(curpExplained(p, 0, p, 1)).toBe(true);
    expect(curpConflict(p, 0, p, 1)).toBe(false);
    expect(curpConflict(p, 0, p, 2)).toBe(true);
  });

  it('twins with the same initials: homoclaves of their own are two persons, and so are namesakes born the same day; a calculator’s default beside a record that differs is not', () => {
    const curp = (first17: string) => `${first17}${curpCheckDigit(first17)}`;
    const twin = (id: string, given: string, homoclave: string) => ({
      id,
      fields: {
        given_names: given,
        surname_1: 'Castillo',
        surname_2: 'Chalé',
        birth_date: '2006-08-31',
        sex: 'F',
        phone: '9995826017',
        curp: curp(`CACM060831MYNSHR${homoclave}`),
      },
    });
    // an agency that wrote "Cartillo" and computed the CURP from it (its internal consonant R, the default A)
    const computed = {
      id: 'd',
      fields: { ...twin('d', 'Marcela', 'A').fields, surname_1: 'Cartillo', curp: curp('CACM060831MYNRHRA') },
    };
    const p = prepareRecords([
      twin('a', 'Marcela', 'B'),
      twin('b', 'Marlene', 'A'),
      twin('c', 'Marcela', 'A'),
      computed,
    ]);
    expect(curpConflict(p, 0, p, 1)).toBe(true);
    // the same 16 characters, A and B: RENAPO's two namesakes born the same day
    expect(curpConflict(p, 0, p, 2)).toBe(true);
    expect(curpConflict(p, 0, p, 3)).toBe(false);
    const res = linkDedup([twin('a', 'Marcela', 'B'), twin('b', 'Marlene', 'A')], { threshold: 0 });
    for (const pair of res.pairs) expect(pair.probability).toBeLessThan(0.5);
  });

  it('one surname shared in another place by two full names is another family, not a dropped surname', () => {
    const person = (id: string, s1: string, s2: string, birth: string) => ({
      id,
      fields: {
        given_names: 'María Paula',
        surname_1: s1,
        surname_2: s2,
        birth_date: birth,
        sex: 'F',
        region: '30',
      },
    });
    const other = scoreInContext(
      person('x', 'Chávez', 'López', '2012-01-01'),
      person('y', 'López', 'Valencia', '2009-01-14'),
    );
    expect(other).toBeLessThan(0.5);
    // the first surname dropped, the second written first: one person
    const same = scoreInContext(
      person('x', 'Chávez', 'López', '2012-03-05'),
      person('y', 'López', '', '2012-03-05'),
    );
    expect(same).toBeGreaterThan(0.5);
  });

  it('a given name written by its sound or with a slip is close, also as one of two names', () => {
    expect(givenNameLevel('kevyn', 'juan kebin')).toBeGreaterThanOrEqual(2);
    expect(givenNameLevel('ximena', 'jimena guadalupe')).toBeGreaterThanOrEqual(2);
    expect(givenNameLevel('karla', 'carla')).toBeGreaterThanOrEqual(2);
    expect(givenNameLevel('pedro', 'juan carlos')).toBe(0);
  });

  it('a whole name without a date links only when it is rare in the input; a common one is names alone', () => {
    const pair = (given: string, s1: string, s2: string) =>
      [
        { id: 'x', fields: { given_names: given, surname_1: s1, surname_2: s2, sex: 'F', region: '04' } },
        {
          id: 'y',
          fields: {
            given_names: given,
            surname_1: s1,
            surname_2: s2,
            birth_date: '1992-07-30',
            sex: 'F',
            region: '04',
          },
        },
      ] as const;
    // Juana and González common in the input: more than two namesakes of "Juana González González" expected
    const GIVEN = ['Rosa', 'Ana', 'Luz', 'Carmen', 'Elena', 'Irma', 'Silvia', 'Norma'];
    const common = Array.from({ length: 500 }, (_, k) => ({
      id: `c${k}`,
      fields: {
        given_names: k < 120 ? 'Juana' : GIVEN[k % GIVEN.length]!,
        surname_1: k % 2 === 0 ? 'González' : `Uc${k}`,
        surname_2: k % 2 === 1 ? 'González' : `Pech${k}`,
        birth_date: `${1940 + (k % 60)}-0${1 + (k % 9)}-1${k % 9}`,
        sex: 'F',
        region: '04',
      },
    }));
    expect(scoreInContext(...pair('Juana', 'González', 'González'), common)).toBeLessThan(0.5);
    expect(scoreInContext(...pair('Yatziri', 'Canché', 'Ek'))).toBeGreaterThan(0.5);
  });

  it('two slips in a name of four letters or more are similar, not different; another name is different', () => {
    expect(givenNameLevel('jack', 'sakk')).toBe(1);
    expect(givenNameLevel('juan', 'pedro')).toBe(0);
    expect(givenNameLevel('ana', 'eva')).toBe(0);
  });

  it('a valid CURP gives a record without a birth date (or with a 1 January placeholder) its date and sex', () => {
    const curp = (first17: string) => `${first17}${curpCheckDigit(first17)}`;
    const p = prepareRecords([
      {
        id: 'a',
        fields: { given_names: 'Rosalba', surname_1: 'Villaseñor', curp: curp('VISR870601MJCLLS0') },
      },
      {
        id: 'b',
        fields: {
          given_names: 'Rosalba',
          surname_1: 'Villaseñor',
          birth_date: '1987-01-01',
          curp: curp('VISR870601MJCLLS0'),
        },
      },
      {
        id: 'c',
        fields: {
          given_names: 'Rosalba',
          surname_1: 'Villaseñor',
          birth_date: '1985-03-02',
          sex: 'F',
          curp: curp('VISR870601MJCLLS0'),
        },
      },
      {
        id: 'd',
        fields: { given_names: 'Ana', surname_1: 'Paz', birth_date: '2003', curp: curp('PAXA030915MDFZXNA') },
      },
    ]);
    expect([p.year[0], p.month[0], p.day[0], p.sex[0]]).toEqual([1987, 6, 1, 'f']);
    expect([p.year[1], p.month[1], p.day[1]]).toEqual([1987, 6, 1]);
    // a recorded date is kept, even when the CURP disagrees
    expect([p.year[2], p.month[2], p.day[2]]).toEqual([1985, 3, 2]);
    // from 2000 the homoclave is a letter
    expect([p.year[3], p.month[3], p.day[3]]).toEqual([2003, 9, 15]);
  });

  it('the generic María or José says nothing: the names after it are compared', () => {
    expect(givenNameLevel('maria guadalupe', 'maria erika')).toBe(0);
    expect(givenNameLevel('jose luis', 'jose antonio')).toBe(0);
    expect(givenNameLevel('maria guadalupe', 'guadalupe')).toBe(3);
    expect(givenNameLevel('maria guadalupe', 'maria guadalupe del carmen')).toBeGreaterThanOrEqual(3);
  });

  it('a date part that cannot be true is unknown, not another date', () => {
    const p = prepareRecords(
      [
        { id: 'a', fields: { birth_date: '31/13/1947' } },
        { id: 'b', fields: { birth_date: '06/02/2954' } },
        { id: 'c', fields: { birth_date: '40/05/1960' } },
      ],
      { dateFormat: 'DD/MM/YYYY' },
    );
    expect([p.year[0], p.month[0], p.day[0]]).toEqual([1947, 0, 0]);
    expect(p.year[1]).toBe(0);
    expect([p.year[2], p.month[2], p.day[2]]).toEqual([1960, 5, 0]);
  });
});

/** The probability of the pair x, y deduplicated among 1,500 synthetic persons (and `extra` records). */
function scoreInContext(
  x: { id: string; fields: Record<string, string> },
  y: { id: string; fields: Record<string, string> },
  extra: readonly { id: string; fields: Record<string, string> }[] = [],
): number {
  const keep = ['given_names', 'surname_1', 'surname_2', 'birth_date', 'sex', 'region'];
  const context = syntheticMexican({ entities: 1500, seed: 7, duplicateRate: 0.3 }).records.map((r) => ({
    id: r.id,
    fields: Object.fromEntries(Object.entries(r.fields).filter(([k]) => keep.includes(k))) as Record<
      string,
      string
    >,
  }));
  const records = [...context, ...extra, x, y];
  const res = linkDedup(records, { threshold: 0 });
  const i = records.length - 2;
  const j = records.length - 1;
  return (
    res.pairs.find((q) => (q.left === i && q.right === j) || (q.left === j && q.right === i))?.probability ??
    0
  );
}

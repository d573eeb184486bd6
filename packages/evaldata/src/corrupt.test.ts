import { isValidCurp } from '@enlace/core/curp';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  abbreviateFirstGiven,
  addAccent,
  addTitle,
  changeCase,
  doubleLetter,
  dropAccents,
  dropLetter,
  dropOneGivenName,
  initialOfSecondGiven,
  KEYBOARD_NEIGHBOURS,
  keyboardTypo,
  MAX_NAME_LENGTH,
  nickname,
  ocrSlip,
  particleVariant,
  phoneticRespell,
  strayWhitespace,
  transposeLetters,
  typo,
  variantSpelling,
} from './corrupt.ts';
import { MEX_FEMALE, MEX_MALE } from './data/given-names.ts';
import { nicknamesOf } from './data/nicknames.ts';
import { MEX_SURNAMES } from './data/surnames.ts';
import { curpOneWrongChar, slipBirthDate } from './observe.ts';
import { PersonGenerator } from './person.ts';
import { Rng } from './rng.ts';
import { givenParts, hasAccent } from './text.ts';

const allNames = [...MEX_FEMALE.map((n) => n.name), ...MEX_MALE.map((n) => n.name), ...MEX_SURNAMES];
/** Names from the lists, and arbitrary strings of letters, spaces and punctuation up to the length limit. */
const nameArb = fc.oneof(
  fc.constantFrom(...allNames),
  fc.constantFrom(...allNames).map((s) => s.toUpperCase()),
  fc
    .string({
      unit: fc.constantFrom(..."abcdeñáéíóúüxyzABCÑÁ -.'"),
      minLength: 1,
      maxLength: MAX_NAME_LENGTH,
    })
    .filter((s) => s.trim().length > 0),
);
const seedArb = fc.integer({ min: 0, max: 2 ** 31 - 1 });

const stringCorruptions: Record<string, (s: string, rng: Rng) => string> = {
  keyboardTypo,
  phoneticRespell,
  ocrSlip,
  doubleLetter,
  dropLetter,
  transposeLetters,
  addAccent,
  strayWhitespace,
  dropAccents: (s) => dropAccents(s),
  dropAccentsAndEnye: (s) => dropAccents(s, true),
  upper: (s) => changeCase(s, 'upper'),
  title: (s) => changeCase(s, 'title'),
  nickname: (s, rng) => nickname(s, rng) ?? s,
  dropOneGivenName,
  abbreviateFirstGiven,
  initialOfSecondGiven: (s) => initialOfSecondGiven(s),
  addTitle: (s, rng) => addTitle(s, 'female', rng),
  variantGiven: (s, rng) => variantSpelling(s, rng, 'given'),
  variantSurname: (s, rng) => variantSpelling(s, rng, 'surname'),
  particleVariant,
};

/** Levenshtein distance (small strings). */
function lev(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++)
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[y.length]!;
}

describe('string corruptions', () => {
  it('never return an empty string nor one over the length limit, and are deterministic by seed', () => {
    fc.assert(
      fc.property(nameArb, seedArb, fc.constantFrom(...Object.keys(stringCorruptions)), (s, seed, name) => {
        const f = stringCorruptions[name]!;
        const out = f(s, new Rng(seed));
        expect(out.trim().length).toBeGreaterThan(0);
        expect(out.length).toBeLessThanOrEqual(MAX_NAME_LENGTH);
        expect(f(s, new Rng(seed))).toBe(out);
      }),
      { numRuns: 3000 },
    );
  });

  it('typing slips change one place only', () => {
    fc.assert(
      fc.property(nameArb, seedArb, (s, seed) => {
        const rng = new Rng(seed);
        expect(lev(keyboardTypo(s, rng), s)).toBeLessThanOrEqual(1);
        expect(lev(dropLetter(s, rng), s)).toBeLessThanOrEqual(1);
        const d = doubleLetter(s, rng);
        expect([...d].length - [...s].length).toBeLessThanOrEqual(1);
        const t = transposeLetters(s, rng);
        expect([...t].map((c) => c.toLowerCase()).sort()).toEqual([...s].map((c) => c.toLowerCase()).sort());
        expect(lev(t, s)).toBeLessThanOrEqual(2);
      }),
      { numRuns: 1000 },
    );
  });

  it('keyboard neighbours are symmetric and on the Spanish layout', () => {
    for (const [k, ns] of Object.entries(KEYBOARD_NEIGHBOURS))
      for (const n of ns) expect(KEYBOARD_NEIGHBOURS[n]).toContain(k);
    expect(KEYBOARD_NEIGHBOURS.l).toContain('ñ');
  });

  it('respell by sound as Mexican Spanish does', () => {
    const seen = new Set<string>();
    for (let seed = 0; seed < 400; seed++) {
      seen.add(phoneticRespell('Valverde', new Rng(seed)));
      seen.add(phoneticRespell('Yolanda', new Rng(seed)));
      seen.add(phoneticRespell('Hernández', new Rng(seed)));
      seen.add(phoneticRespell('Xóchitl', new Rng(seed)));
      seen.add(phoneticRespell('Guadalupe', new Rng(seed)));
      seen.add(phoneticRespell('Quetzalli', new Rng(seed)));
    }
    for (const v of ['Balverde', 'Llolanda', 'Ernández', 'Jóchitl', 'Sóchitl', 'Wadalupe', 'Ketzalli'])
      expect(seen, v).toContain(v);
  });

  it('accents: dropped leaves none, added leaves one more', () => {
    fc.assert(
      fc.property(nameArb, seedArb, (s, seed) => {
        expect(hasAccent(dropAccents(s))).toBe(false);
        const a = addAccent(dropAccents(s), new Rng(seed));
        expect(lev(a, dropAccents(s))).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('given-name changes: nicknames from the list, one name dropped, abbreviations', () => {
    fc.assert(
      fc.property(fc.constantFrom(...allNames.slice(0, 400)), seedArb, (g, seed) => {
        const rng = new Rng(seed);
        const n = nickname(g, rng);
        if (n !== null) {
          const known = [...nicknamesOf(g), ...givenParts(g).flatMap((p) => nicknamesOf(p))];
          expect(known.some((k) => n === k || n.includes(k))).toBe(true);
        }
        const parts = givenParts(g).length;
        const d = dropOneGivenName(g, rng);
        expect(givenParts(d).length).toBe(parts > 1 ? parts - 1 : 1);
      }),
    );
    expect(abbreviateFirstGiven('María Guadalupe', new Rng(3))).toMatch(/^(Ma\.|Ma|Mª|M\.) Guadalupe$/);
    expect(initialOfSecondGiven('Juan Carlos')).toBe('Juan C.');
    expect(dropOneGivenName('María de Jesús', new Rng(1))).toMatch(/^(María|Jesús)$/);
  });

  it('compound surnames are written another way; simple ones stay', () => {
    const seen = new Set<string>();
    for (let seed = 0; seed < 200; seed++) seen.add(particleVariant('de la Cruz', new Rng(seed)));
    for (const v of ['Cruz', 'De La Cruz', 'Delacruz']) expect(seen).toContain(v);
    expect(seen).not.toContain('de la Cruz');
    expect(particleVariant('Hernández', new Rng(1))).toBe('Hernández');
  });

  it('generic typo dispatch keeps the limits', () => {
    fc.assert(
      fc.property(
        nameArb,
        seedArb,
        fc.constantFrom('keyboard', 'phonetic', 'ocr', 'double', 'drop', 'transpose' as const),
        (s, seed, k) => {
          const out = typo(k, s, new Rng(seed));
          expect(out.trim().length).toBeGreaterThan(0);
          expect(out.length).toBeLessThanOrEqual(MAX_NAME_LENGTH);
        },
      ),
    );
  });
});

describe('CURP and date slips', () => {
  const gen = new PersonGenerator(new Rng(7));
  const curps = Array.from({ length: 200 }, () => gen.person().curp).filter((c): c is string => !!c);

  it('a CURP with one wrong character is still a valid CURP, one character off', () => {
    fc.assert(
      fc.property(fc.constantFrom(...curps), seedArb, (curp, seed) => {
        const c = curpOneWrongChar(curp, new Rng(seed));
        expect(isValidCurp(c)).toBe(true);
        expect(c).not.toBe(curp);
        expect([...c].filter((ch, i) => ch !== curp[i]).length).toBe(1);
      }),
      { numRuns: 300 },
    );
  });

  it('a slipped birth date is a real date, not after the record, one slip away', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1940-01-01'), max: new Date('2020-12-31'), noInvalidDate: true }),
        seedArb,
        (d, seed) => {
          const date = d.toISOString().slice(0, 10);
          const [out, tag] = slipBirthDate(date, '2021-06-30', new Rng(seed), 20);
          expect(out <= '2021-06-30').toBe(true);
          expect(Number.isNaN(Date.parse(`${out}T00:00:00Z`))).toBe(false);
          expect(new Date(`${out}T00:00:00Z`).toISOString().slice(0, 10)).toBe(out);
          if (tag === null) expect(out).toBe(date);
          else expect(out).not.toBe(date);
        },
      ),
      { numRuns: 500 },
    );
    expect(slipBirthDate('1990-03-07', '2020-01-01', new Rng(1), 0)).toEqual(['1990-03-07', null]);
  });
});

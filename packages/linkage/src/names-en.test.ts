import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clusterRecords } from './cluster.ts';
import { givenNameLevel, initialsAgree } from './comparisons.ts';
import { normalizeGivenNames, normalizeSurname, splitFullName } from './names.ts';
import { canonicalGivenName, givenNamesEquivalent, NICKNAMES_EN } from './nicknames.ts';
import { NICKNAMES_EN_CSV, NICKNAMES_EN_SOURCE } from './nicknames-en.ts';
import { prepareRecords } from './prepare.ts';
import { isTitle, normalizeName, normalizePostcode, normalizeText } from './text.ts';

const TITLE_WORDS = [
  'Sir',
  'Dame',
  'Lady',
  'Rt.',
  'Hon.',
  'Lieutenant',
  'Bt.',
  '1st',
  '2nd',
  '13th',
  '21st',
  'KCB',
  'Lic.',
  'Dra.',
];
const nameWord: fc.Arbitrary<string> = fc.constantFrom(
  'thomas',
  'clifford',
  'chudleigh',
  'edward',
  'maria',
  'guadalupe',
  'lopez',
  'baker',
);

describe('titles, honorifics and ordinals in name fields', () => {
  it('drops them wherever they stand', () => {
    expect(normalizeName('Sir Frederick Milner, 7th Baronet')).toBe('frederick milner');
    expect(normalizeName('Thomas Clifford, 1st Baron Clifford of Chudleigh')).toBe(
      'thomas clifford clifford of chudleigh',
    );
    expect(normalizeName('Rt. Hon. Henry Mackenzie KCB')).toBe('henry mackenzie');
    expect(normalizeName('Lieutenant Alfred Douglas-Hamilton, 13th Duke')).toBe('alfred douglas hamilton');
    expect(normalizeGivenNames('2nd Bt.')).toBe('');
    expect(splitFullName('Sir William Jones 2nd Bt.')).toEqual({
      given: 'william',
      surname1: 'jones',
      surname2: '',
    });
  });
  it('reads any ordinal as a title, and only ordinals', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999 }), (k) => {
        const suffix =
          k % 10 === 1 && k % 100 !== 11
            ? 'st'
            : k % 10 === 2 && k % 100 !== 12
              ? 'nd'
              : k % 10 === 3 && k % 100 !== 13
                ? 'rd'
                : 'th';
        expect(isTitle(`${k}${suffix}`)).toBe(true);
        expect(isTitle(String(k))).toBe(false);
      }),
    );
    expect(isTitle('thomas')).toBe(false);
  });
  it('a title added anywhere never changes a name (unless it is all there is)', () => {
    fc.assert(
      fc.property(
        fc.array(nameWord, { minLength: 1, maxLength: 4 }),
        fc.constantFrom(...TITLE_WORDS),
        fc.nat(),
        (words, title, at) => {
          const withTitle = [...words];
          withTitle.splice(at % (words.length + 1), 0, title);
          expect(normalizeName(withTitle.join(' '))).toBe(normalizeName(words.join(' ')));
          expect(normalizeGivenNames(withTitle.join(' '))).toBe(normalizeGivenNames(words.join(' ')));
        },
      ),
    );
  });
  it('normalisation stays idempotent with titles and ordinals', () => {
    const text = fc.array(fc.oneof(nameWord, fc.constantFrom(...TITLE_WORDS), fc.string()), { maxLength: 6 });
    fc.assert(
      fc.property(text, (parts) => {
        const s = parts.join(' ');
        expect(normalizeName(normalizeName(s))).toBe(normalizeName(s));
        expect(normalizeGivenNames(normalizeGivenNames(s))).toBe(normalizeGivenNames(s));
        expect(normalizeSurname(normalizeSurname(s))).toBe(normalizeSurname(s));
      }),
    );
  });
});

describe('initials for given names', () => {
  it('an initial agrees with the name it stands for, not with another', () => {
    expect(givenNameLevel('j', 'john')).toBe(2);
    expect(givenNameLevel('john', 'j')).toBe(2);
    expect(givenNameLevel('j f', 'jack fred')).toBe(2);
    expect(givenNameLevel('j', 'james valentine')).toBe(2);
    expect(givenNameLevel('w', 'john')).toBe(0);
    expect(givenNameLevel('j f', 'jack william')).toBe(0);
    expect(initialsAgree(['thomas'], ['thomas'])).toBe(false);
  });
  it('is symmetric and agrees with the first letters', () => {
    const word = fc.stringMatching(/^[a-z]{3,8}$/);
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 1, maxLength: 3 }),
        fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
        (names, cut) => {
          const initials = names.map((n, k) => (cut[k] ? n.charAt(0) : n));
          if (initials.every((t, k) => t === names[k])) return;
          expect(initialsAgree(initials, names)).toBe(true);
          expect(initialsAgree(names, initials)).toBe(true);
          expect(givenNameLevel(initials.join(' '), names.join(' '))).toBeGreaterThanOrEqual(2);
          expect(givenNameLevel(names.join(' '), initials.join(' '))).toBe(
            givenNameLevel(initials.join(' '), names.join(' ')),
          );
        },
      ),
    );
  });
});

describe('English nicknames from a public list', () => {
  it('states its source and licence, and holds the list as published', () => {
    expect(NICKNAMES_EN_SOURCE.licence).toBe('Apache-2.0');
    expect(NICKNAMES_EN_SOURCE.commit).toMatch(/^[0-9a-f]{40}$/);
    const lines = NICKNAMES_EN_CSV.trim().split('\n');
    expect(lines.length).toBeGreaterThan(1000);
    expect(lines).toContain('thomas,thom,tommy,tom');
    expect(lines).toContain('edward,teddy,ed,ned,ted,eddy,eddie');
  });
  it('every nickname on a line is equivalent to the line’s name, both ways', () => {
    for (const line of NICKNAMES_EN_CSV.trim().split('\n')) {
      const [name, ...nicks] = line.split(',').map(normalizeText);
      for (const nick of nicks) {
        if (!nick || nick === name) continue;
        expect(givenNamesEquivalent(nick, name!), `${nick} / ${name}`).toBe(true);
        expect(givenNamesEquivalent(name!, nick), `${name} / ${nick}`).toBe(true);
      }
    }
    expect(NICKNAMES_EN.tom).toContain('thomas');
  });
  it('looks up common pairs, and not unrelated names', () => {
    expect(givenNamesEquivalent('Tom', 'Thomas')).toBe(true);
    expect(givenNamesEquivalent('Eddie', 'Edward')).toBe(true);
    expect(givenNamesEquivalent('Peggy', 'Margaret')).toBe(true);
    expect(givenNamesEquivalent('Bill', 'William')).toBe(true);
    expect(givenNamesEquivalent('Thomas', 'Edward')).toBe(false);
    expect(givenNamesEquivalent('John', 'Mary')).toBe(false);
    expect(givenNameLevel('tom', 'thomas')).toBe(3);
  });
  it('never rewrites a name by the English list (names in their own right stay), Spanish canonical forms stay', () => {
    expect(canonicalGivenName('John')).toBe('john');
    expect(canonicalGivenName('Peter')).toBe('peter');
    expect(canonicalGivenName('Jean')).toBe('jean');
    expect(canonicalGivenName('Ana')).toBe('ana');
    expect(canonicalGivenName('Jorge')).toBe('jorge');
    expect(canonicalGivenName('Lupe')).toBe('guadalupe');
    expect(normalizeGivenNames('Tom')).toBe('tom');
  });
});

describe('postcodes', () => {
  it('keeps letters where the code has them, digits where it has only digits', () => {
    expect(normalizePostcode('C.P. 06600')).toBe('06600');
    expect(normalizePostcode('CP06600')).toBe('06600');
    expect(normalizePostcode('78520-1234')).toBe('785201234');
    expect(normalizePostcode('TQ13 8DF')).toBe('tq138df');
    expect(normalizePostcode('TS1 3DF')).not.toBe(normalizePostcode('TQ13 8DF'));
    expect(normalizePostcode('')).toBe('');
  });
  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(normalizePostcode(normalizePostcode(s))).toBe(normalizePostcode(s));
      }),
    );
  });
});

describe('a lone name in the given-name field', () => {
  const rec = (id: string, given: string, surname = '') => ({
    id,
    fields: { given_names: given, surname_1: surname },
  });
  it('is the surname when the input uses it as a surname more than as a given name', () => {
    const p = prepareRecords([
      rec('1', 'Frank', 'Sugg'),
      rec('2', 'Francis', 'Sugg'),
      rec('3', 'Sugg'),
      rec('4', 'Juan'),
    ]);
    expect(p.surname1[2]).toBe('sugg');
    expect(p.given[2]).toBe('');
    // a given name stays one
    expect(p.given[3]).toBe('juan');
    expect(p.surname1[3]).toBe('');
  });
  it('stays a given name when the file has no surnames at all', () => {
    const p = prepareRecords([{ id: '1', fields: { given_names: 'Sugg' } }]);
    expect(p.given[0]).toBe('sugg');
  });
});

describe('clustering scores the pairs blocking never compared', () => {
  // 0-1 and 1-2 strong, 0-2 never compared
  const edges = {
    a: Uint32Array.from([0, 1]),
    b: Uint32Array.from([1, 2]),
    p: Float32Array.from([0.99, 0.98]),
    count: 2,
  };
  it('counts an unscored pair as 0 without a scorer (the group may not merge)', () => {
    const c = clusterRecords(3, edges, { threshold: 0.5 });
    expect(c[0]).toBe(c[1]);
    expect(c[2]).not.toBe(c[0]);
  });
  it('merges when the pair, scored, is one person, and not when it is two', () => {
    const same = clusterRecords(3, edges, {
      threshold: 0.5,
      scoreUnscored: (l) => new Float32Array(l.length).fill(0.9),
    });
    expect(new Set(same).size).toBe(1);
    const other = clusterRecords(3, edges, {
      threshold: 0.5,
      scoreUnscored: (l) => new Float32Array(l.length).fill(0.01),
    });
    expect(other[2]).not.toBe(other[0]);
  });
});

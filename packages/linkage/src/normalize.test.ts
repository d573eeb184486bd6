import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeEmail, normalizePhone } from './contact.ts';
import { normalizeGivenNames, normalizeSurname, splitFullName } from './names.ts';
import { canonicalGivenName, givenNamesEquivalent, NICKNAMES } from './nicknames.ts';
import { spanishPhonetic } from './phonetic.ts';
import { normalizeName, normalizeText } from './text.ts';

describe('text normalisation', () => {
  it('removes case, accents and punctuation (José = Jose)', () => {
    expect(normalizeText('José')).toBe(normalizeText('jose'));
    expect(normalizeText('  PEÑA-Núñez, ')).toBe('pena nunez');
    expect(normalizeText('')).toBe('');
  });
  it('drops particles in names', () => {
    expect(normalizeSurname('De la Cruz')).toBe('cruz');
    expect(normalizeSurname('de los Santos')).toBe('santos');
    expect(normalizeGivenNames('María de la Luz')).toBe('maria luz');
  });
  it('reads "de la", "de los", "de las" written as one word with the surname or apart from it', () => {
    for (const s of ['Delacruz', 'Dela Cruz', 'DELACRUZ', 'de la Cruz'])
      expect(normalizeSurname(s)).toBe('cruz');
    expect(normalizeSurname('Delapeña')).toBe('pena');
    expect(normalizeSurname('Delos Reyes')).toBe('reyes');
    expect(normalizeSurname('Delossantos')).toBe('santos');
    // "Del Ángel" written together, and surnames that only begin like a particle, keep their letters
    expect(normalizeSurname('Delángel')).toBe('delangel');
    expect(normalizeSurname('Delgado')).toBe('delgado');
    expect(normalizeSurname('Delgadillo')).toBe('delgadillo');
  });
  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(normalizeText(normalizeText(s))).toBe(normalizeText(s));
        expect(normalizeName(normalizeName(s))).toBe(normalizeName(s));
        expect(normalizeGivenNames(normalizeGivenNames(s))).toBe(normalizeGivenNames(s));
      }),
    );
  });
  it('accents never change the normalised form', () => {
    const accented = fc.constantFrom('á', 'é', 'í', 'ó', 'ú', 'ü', 'ñ', 'a', 'e', 'n', 'x');
    fc.assert(
      fc.property(fc.array(accented, { minLength: 1, maxLength: 12 }), (chars) => {
        const s = chars.join('');
        const stripped = s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
        expect(normalizeText(s)).toBe(normalizeText(stripped.toUpperCase()));
      }),
    );
  });
});

describe('nicknames', () => {
  it('maps common Mexican nicknames to given names', () => {
    expect(canonicalGivenName('Lupe')).toBe('guadalupe');
    expect(canonicalGivenName('Pepe')).toBe('jose');
    expect(canonicalGivenName('Paco')).toBe('francisco');
    expect(canonicalGivenName('Chuy')).toBe('jesus');
    expect(canonicalGivenName('Nacho')).toBe('ignacio');
    expect(canonicalGivenName('Conchita')).toBe('concepcion');
    expect(canonicalGivenName('Memo')).toBe('guillermo');
    expect(canonicalGivenName('Lalo')).toBe('eduardo');
    expect(canonicalGivenName('Toño')).toBe('antonio');
    expect(canonicalGivenName('Juan')).toBe('juan');
  });
  it('treats every nickname as equivalent to each name it stands for, both ways', () => {
    for (const [nick, names] of Object.entries(NICKNAMES)) {
      for (const n of names) {
        if (n.includes(' ')) continue;
        expect(givenNamesEquivalent(nick, n)).toBe(true);
        expect(givenNamesEquivalent(n, nick)).toBe(true);
      }
    }
    expect(givenNamesEquivalent('Beto', 'Roberto')).toBe(true);
    expect(givenNamesEquivalent('Beto', 'Juan')).toBe(false);
  });
  it('normalises nicknames inside given names', () => {
    expect(normalizeGivenNames('Ma. Lupe')).toBe('ma guadalupe');
    expect(normalizeGivenNames('Chema')).toBe('jose maria');
  });
});

describe('full names', () => {
  it('splits given names, paternal and maternal surnames, keeping particles with surnames', () => {
    expect(splitFullName('María Guadalupe Hernández López')).toEqual({
      given: 'maria guadalupe',
      surname1: 'hernandez',
      surname2: 'lopez',
    });
    expect(splitFullName('Juan de la Cruz López')).toEqual({
      given: 'juan',
      surname1: 'de la cruz',
      surname2: 'lopez',
    });
    expect(splitFullName('Pedro Páramo')).toEqual({ given: 'pedro', surname1: 'paramo', surname2: '' });
  });
});

describe('Spanish phonetic key', () => {
  it('merges letters that sound alike in Mexican Spanish', () => {
    expect(spanishPhonetic('Hernández')).toBe(spanishPhonetic('Ernandes'));
    expect(spanishPhonetic('Ximena')).toBe(spanishPhonetic('Jimena'));
    expect(spanishPhonetic('Velázquez')).toBe(spanishPhonetic('Belasques'));
    expect(spanishPhonetic('Yolanda')).toBe(spanishPhonetic('Llolanda'));
    expect(spanishPhonetic('Guillermo')).toBe(spanishPhonetic('Guiyermo'));
    expect(spanishPhonetic('Gerardo')).toBe(spanishPhonetic('Jerardo'));
    expect(spanishPhonetic('García')).not.toBe(spanishPhonetic('Garza'));
  });
  it('is accent- and case-insensitive', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 15 }), (s) => {
        expect(spanishPhonetic(s.toUpperCase())).toBe(spanishPhonetic(s.toLowerCase()));
      }),
    );
  });
});

describe('contacts', () => {
  it('normalises Mexican phone numbers', () => {
    expect(normalizePhone('+52 1 55 1234 5678')).toBe('5512345678');
    expect(normalizePhone('(55) 1234-5678')).toBe('5512345678');
    expect(normalizePhone('0052 55 1234 5678')).toBe('5512345678');
  });
  it('normalises emails', () => {
    expect(normalizeEmail(' Ana.Lopez+trabajo@GMail.com ')).toBe('analopez@gmail.com');
    expect(normalizeEmail('ana.lopez@hotmail.com')).toBe('ana.lopez@hotmail.com');
  });
});

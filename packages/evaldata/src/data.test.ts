import { isIso6393 } from '@enlace/core/codes';
import { describe, expect, it } from 'vitest';
import {
  CAM_FEMALE,
  CAM_MALE,
  HTI_FEMALE,
  HTI_MALE,
  MEX_FEMALE,
  MEX_MALE,
  SAM_FEMALE,
  SAM_MALE,
} from './data/given-names.ts';
import { NICKNAMES_EN, NICKNAMES_ES, nicknameCount } from './data/nicknames.ts';
import { FOREIGN_LANGUAGES, INDIGENOUS_LANGUAGES } from './data/places.ts';
import { CAM_SURNAMES, HTI_SURNAMES, MAYA, MEX_SURNAMES, NAHUA, zipfWeights } from './data/surnames.ts';
import { GIVEN_VARIANTS, SURNAME_VARIANTS } from './data/variants.ts';

describe('name lists', () => {
  it('have several hundred Mexican given names per sex, unique, with compound and Indigenous-origin names', () => {
    for (const list of [MEX_FEMALE, MEX_MALE]) {
      expect(list.length).toBeGreaterThanOrEqual(200);
      expect(new Set(list.map((n) => n.name)).size).toBe(list.length);
    }
    const f = MEX_FEMALE.map((n) => n.name);
    const m = MEX_MALE.map((n) => n.name);
    for (const n of ['María Guadalupe', 'María de Jesús', 'Xóchitl', 'Citlali', 'Yaretzi', 'Itzel'])
      expect(f).toContain(n);
    for (const n of ['José Luis', 'Juan Carlos', 'Miguel Ángel', 'Tonatiuh', 'Cuauhtémoc'])
      expect(m).toContain(n);
    expect(f.filter((n) => n.includes(' ')).length).toBeGreaterThan(30);
  });

  it('have migrant names of their own', () => {
    for (const list of [CAM_FEMALE, CAM_MALE, SAM_FEMALE, SAM_MALE, HTI_FEMALE, HTI_MALE])
      expect(list.length).toBeGreaterThan(10);
    expect(CAM_SURNAMES).toContain('Xol');
    expect(HTI_SURNAMES).toContain('Jean-Baptiste');
  });

  it('have several hundred surnames, unique, with particles and Maya/Nahua surnames, Zipf-weighted', () => {
    expect(MEX_SURNAMES.length).toBeGreaterThanOrEqual(400);
    expect(new Set(MEX_SURNAMES).size).toBe(MEX_SURNAMES.length);
    for (const s of [
      'de la Cruz',
      'de León',
      'Del Ángel',
      'Canul',
      'Pech',
      'Chan',
      'Ek',
      'Uc',
      'Xool',
      'Cuautle',
    ])
      expect(MEX_SURNAMES).toContain(s);
    for (const s of [...MAYA, ...NAHUA]) expect(MEX_SURNAMES).toContain(s);
    const w = zipfWeights(MEX_SURNAMES.length);
    const total = w.reduce((a, b) => a + b, 0);
    expect(w[0]! / total).toBeGreaterThan(0.025);
    expect(w[0]! / total).toBeLessThan(0.05);
    expect(w[0]! / w[9]!).toBeCloseTo(16 / 7, 5);
  });

  it('has nicknames in Spanish and English, each different from its name', () => {
    const c = nicknameCount();
    expect(c.es).toBeGreaterThan(250);
    expect(c.en).toBeGreaterThan(60);
    for (const [name, nicks] of [...Object.entries(NICKNAMES_ES), ...Object.entries(NICKNAMES_EN)]) {
      expect(nicks.length).toBeGreaterThan(0);
      for (const n of nicks) expect(n).not.toBe(name);
    }
    expect(NICKNAMES_ES.Guadalupe).toContain('Lupe');
    expect(NICKNAMES_ES.Rosario).toContain('Chayo');
    expect(NICKNAMES_ES.Lorenza).toContain('Lencha');
    expect(NICKNAMES_EN.Margaret).toContain('Peggy');
  });

  it('has variant-spelling groups of distinct spellings', () => {
    for (const g of [...GIVEN_VARIANTS, ...SURNAME_VARIANTS]) {
      expect(g.length).toBeGreaterThanOrEqual(2);
      expect(new Set(g).size).toBe(g.length);
    }
  });

  it('uses valid ISO 639-3 language codes only', () => {
    for (const codes of [...Object.values(INDIGENOUS_LANGUAGES), ...Object.values(FOREIGN_LANGUAGES)])
      for (const c of codes) expect(isIso6393(c), c).toBe(true);
  });
});

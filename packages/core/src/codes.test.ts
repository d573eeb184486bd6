import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { INEGI_STATES, isInegiState, isIso3166Alpha3, isIso6393 } from './codes.ts';

describe('code validators', () => {
  it('ISO 3166-1 alpha-3', () => {
    for (const c of ['MEX', 'USA', 'GTM', 'HND', 'VEN']) expect(isIso3166Alpha3(c)).toBe(true);
    for (const c of ['MX', 'mex', 'XXX', 'MEXX', '']) expect(isIso3166Alpha3(c)).toBe(false);
  });
  it('ISO 639-3 (and nah, the spec example)', () => {
    for (const c of ['spa', 'eng', 'tzo', 'yua', 'nhe', 'nah']) expect(isIso6393(c)).toBe(true);
    for (const c of ['es', 'SPA', 'xxq', '']) expect(isIso6393(c)).toBe(false);
  });
  it('INEGI states match the INEGI table shipped in packages/core/data', () => {
    const csv = readFileSync(new URL('../data/mx_estados_inegi_iso3166.csv', import.meta.url), 'utf8')
      .trim()
      .split('\n')
      .slice(1);
    expect(INEGI_STATES.map((s) => `${s.code},${s.name},${s.iso}`)).toEqual(
      csv.map((l) => l.split(',').slice(0, 3).join(',')),
    );
    expect(isInegiState('01')).toBe(true);
    expect(isInegiState('32')).toBe(true);
    for (const c of ['00', '33', '1', '9', '']) expect(isInegiState(c)).toBe(false);
  });
});

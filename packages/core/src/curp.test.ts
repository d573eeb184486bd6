import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INEGI_STATES } from './codes.ts';
import { curpCheckDigit, curpParts, curpProblem, isValidCurp, makeCurp } from './curp.ts';

const person = fc.record({
  givenNames: fc.constantFrom(
    'María Guadalupe',
    'José Luis',
    'Xóchitl',
    'Ñeli',
    'Ma. Fernanda',
    'Juan de Dios',
    'Itzel',
  ),
  surname1: fc.constantFrom('Hernández', 'de la Cruz', 'Núñez', 'Ávila', 'Ibarra', 'Mc Gregor', 'Ugalde'),
  surname2: fc.constantFrom('', 'López', 'del Río', 'Peña', 'Oñate'),
  day: fc.integer({ min: 0, max: 365 * 120 }),
  sex: fc.constantFrom('female', 'male', 'intersex') as fc.Arbitrary<'female' | 'male' | 'intersex'>,
  birthState: fc.option(fc.constantFrom(...INEGI_STATES.map((s) => s.code)), { nil: undefined }),
  differentiator: fc.nat({ max: 9 }),
});
const toDate = (d: number) => new Date(Date.UTC(1905, 0, 1) + d * 86400000).toISOString().slice(0, 10);

describe('CURP', () => {
  it('accepts the RENAPO example and rejects a wrong check digit', () => {
    expect(isValidCurp('HEGG560427MVZRRL04')).toBe(true);
    expect(curpProblem('HEGG560427MVZRRL05')).toBe('check_digit');
    expect(curpProblem('HEGG560427MVZRRL0')).toBe('length');
    expect(curpProblem('HEGG560230MVZRRL04')).toBe('date');
    expect(curpProblem('HEGG560427MZZRRL04')).toBe('state');
    expect(curpProblem('hegg560427mvzrrl04')).toBe('form');
  });

  it('generates valid CURPs that encode birth date and sex', () => {
    fc.assert(
      fc.property(person, (p) => {
        const birthDate = toDate(p.day);
        const curp = makeCurp({ ...p, birthDate });
        expect(curpProblem(curp)).toBeNull();
        const parts = curpParts(curp)!;
        expect(parts.birthDate).toBe(birthDate);
        expect(parts.sex).toBe(p.sex);
      }),
      { numRuns: 500 },
    );
  });

  it('detects every change of the check digit and every non-multiple-of-10 weight change', () => {
    fc.assert(
      fc.property(person, fc.integer({ min: 1, max: 9 }), (p, delta) => {
        const curp = makeCurp({ ...p, birthDate: toDate(p.day) });
        const bad = curp.slice(0, 17) + String((Number(curp[17]) + delta) % 10);
        expect(isValidCurp(bad)).toBe(false);
        expect(curpCheckDigit(curp.slice(0, 17))).toBe(curp[17]);
      }),
    );
  });

  it('uses X for Ñ and for a missing second surname', () => {
    const c = makeCurp({
      givenNames: 'Ana',
      surname1: 'Ñuñez',
      birthDate: '2001-05-06',
      sex: 'female',
      birthState: '20',
    });
    expect(c.slice(0, 4)).toBe('XUXA');
    expect(c.slice(11, 13)).toBe('OC');
    expect(c[16]).toBe('A');
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fold, probabilityPercent, sameValue } from './compare.ts';

describe('sameValue (differences shown on the review page)', () => {
  it('ignores case, accents and surrounding spaces', () => {
    expect(sameValue('Ruíz', 'ruiz')).toBe(true);
    expect(sameValue(' JOSÉ ', 'José')).toBe(true);
    expect(sameValue('Ma. Guadalupe', 'María Guadalupe')).toBe(false);
    expect(sameValue('2007-03-14', '2007-04-13')).toBe(false);
  });
  it('does not compare missing values', () => {
    expect(sameValue(undefined, 'x')).toBeNull();
    expect(sameValue('x', '')).toBeNull();
    expect(sameValue('  ', 'x')).toBeNull();
  });
  it('is symmetric and reflexive for present values', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (a, b) => {
        expect(sameValue(a, b)).toBe(sameValue(b, a));
        if (a.trim()) expect(sameValue(a, a)).toBe(true);
        expect(fold(fold(a))).toBe(fold(a));
      }),
    );
  });
});

describe('probabilityPercent', () => {
  it('rounds down to a whole percent: below a threshold never reads as the threshold', () => {
    expect(probabilityPercent(0.949, 'es-MX')).toBe('94%');
    expect(probabilityPercent(0.29, 'en-US')).toBe('29%');
    expect(probabilityPercent(0.95, 'en-US')).toBe('95%');
    expect(probabilityPercent(0.4999, 'en-US')).toBe('49%');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 9 }), (whole, tenth) => {
        const p = Math.min(1, (whole + tenth / 10) / 100);
        expect(probabilityPercent(p, 'en-US')).toBe(`${Math.min(100, whole)}%`);
      }),
    );
  });
});

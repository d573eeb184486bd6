import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fold, sameValue } from './compare.ts';

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

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computedAtText, pollDelay } from './freshness.ts';

describe('stale figures on the dashboard', () => {
  it('asks again with a growing delay, at most every 30 s', () => {
    expect([0, 1, 2, 3, 4, 5, 50].map(pollDelay)).toEqual([2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    fc.assert(
      fc.property(fc.nat(1000), (n) => {
        expect(pollDelay(n + 1)).toBeGreaterThanOrEqual(pollDelay(n));
        expect(pollDelay(n)).toBeLessThanOrEqual(30_000);
      }),
    );
  });
  it('says when the figures were computed in the language of the page', () => {
    expect(computedAtText('2026-12-05T03:27:00.000Z', 'es-MX')).toMatch(/diciembre de 2026/);
    expect(computedAtText('2026-12-05T03:27:00.000Z', 'en-US')).toMatch(/December \d+, 2026/);
    expect(computedAtText('not a date', 'es-MX')).toBe('not a date');
  });
});

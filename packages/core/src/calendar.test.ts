import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mexicoDay } from './calendar.ts';

describe("Mexico's calendar day", () => {
  it('an evening in Mexico is still that day, though UTC has moved on', () => {
    expect(mexicoDay(new Date('2025-01-01T01:00:00Z'))).toBe('2024-12-31');
    expect(mexicoDay('2026-12-05T00:03:00Z')).toBe('2026-12-04');
    expect(mexicoDay(new Date('2026-12-05T06:00:00Z'))).toBe('2026-12-05');
  });

  it('is UTC six hours back, all year (no daylight saving time since 2022)', () => {
    const instant = fc.date({
      min: new Date('2023-01-01T00:00:00Z'),
      max: new Date('2035-12-31T23:59:59Z'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(instant, (at) => {
        expect(mexicoDay(at)).toBe(new Date(at.getTime() - 6 * 3_600_000).toISOString().slice(0, 10));
      }),
    );
  });
});

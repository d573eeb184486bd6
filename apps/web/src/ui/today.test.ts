import { describe, expect, it } from 'vitest';
import { localToday } from './today.ts';

describe('localToday', () => {
  it("is the local calendar day, whatever UTC's is", () => {
    // a local evening: the Date's own fields, not its UTC ones
    const evening = new Date(2024, 11, 31, 21, 30);
    expect(localToday(evening)).toBe('2024-12-31');
    expect(localToday(new Date(2025, 0, 1, 0, 5))).toBe('2025-01-01');
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { personAge } from './age.ts';

const day = (d: Date) => d.toISOString().slice(0, 10);

describe('personAge', () => {
  it('counts whole years from a full birth date', () => {
    const now = new Date('2026-12-04T12:00:00Z');
    expect(personAge({ birthDate: '2001-12-04' }, now)).toBe(25);
    expect(personAge({ birthDate: '2001-12-05' }, now)).toBe(24);
    expect(personAge({ birthDate: '2001' }, now)).toBe(25);
  });

  it('adds the years since the age was given', () => {
    const now = new Date('2028-03-01T00:00:00Z');
    expect(personAge({ approximateAge: 17, approximateAgeOn: '2026-12-04' }, now)).toBe(18);
    expect(personAge({ approximateAge: 17 }, now)).toBe(17);
    expect(personAge({}, now)).toBeNull();
  });

  it('a birth date wins over a stated age', () => {
    const now = new Date('2026-12-04T00:00:00Z');
    expect(
      personAge({ birthDate: '1990-01-01', approximateAge: 5, approximateAgeOn: '2026-01-01' }, now),
    ).toBe(36);
  });

  it('property: an age given today is the age today, and never shrinks as time passes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 120 }),
        fc.date({ min: new Date('1990-01-01'), max: new Date('2090-01-01'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 40 * 365 }),
        (age, given, laterDays) => {
          const on = day(given);
          const at = new Date(`${on}T12:00:00Z`);
          expect(personAge({ approximateAge: age, approximateAgeOn: on }, at)).toBe(age);
          const later = new Date(at.getTime() + laterDays * 86_400_000);
          const a = personAge({ approximateAge: age, approximateAgeOn: on }, later)!;
          expect(a).toBeGreaterThanOrEqual(age);
          expect(a - age).toBeLessThanOrEqual(Math.floor(laterDays / 365) + 1);
        },
      ),
      { seed: 11 },
    );
  });

  it('property: the age from a full birth date is the whole years lived', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1920-01-01'), max: new Date('2020-12-31'), noInvalidDate: true }),
        fc.date({ min: new Date('2021-01-01'), max: new Date('2060-12-31'), noInvalidDate: true }),
        (birth, now) => {
          const b = day(birth);
          const age = personAge({ birthDate: b }, now)!;
          const bd = new Date(`${b}T00:00:00Z`);
          const anniversary = new Date(bd);
          anniversary.setUTCFullYear(bd.getUTCFullYear() + age);
          const next = new Date(bd);
          next.setUTCFullYear(bd.getUTCFullYear() + age + 1);
          const today = new Date(`${day(now)}T00:00:00Z`);
          expect(anniversary <= today || b.endsWith('-02-29')).toBe(true);
          expect(today < next || b.endsWith('-02-29')).toBe(true);
        },
      ),
      { seed: 11 },
    );
  });
});

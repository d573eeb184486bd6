/**
 * The report's sex-and-age category computed in SQL (report_sex_age, migration 203: kept with each base key's
 * decisive identification so the victims are counted by group in the database) against the core's `sexAge`
 * (report/age.ts), on random sexes, full and partial birth dates (also after
 * the identification, on its day, the day before an 18th birthday, the 29th of February) and identification dates.
 */
import { sexAge } from '@enlace/core/report/age';
import type { Sex } from '@enlace/core/taxonomy';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/databases.ts';
import { pgTextArray } from './repository.ts';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const dateArb = fc
  .record({
    y: fc.integer({ min: 1990, max: 2026 }),
    m: fc.integer({ min: 1, max: 12 }),
    d: fc.integer({ min: 1, max: 31 }),
  })
  .map(({ y, m, d }) => `${y}-${pad(m)}-${pad(Math.min(d, new Date(Date.UTC(y, m, 0)).getUTCDate()))}`);

/** a birth date near the identification (18 years before, give or take a few days or months), or anywhere */
const caseArb = fc
  .record({
    sex: fc.constantFrom<Sex | null>('female', 'male', 'intersex', null),
    on: dateArb,
    yearsBefore: fc.oneof(fc.constant(18), fc.constant(17), fc.integer({ min: -2, max: 40 })),
    monthShift: fc.integer({ min: -2, max: 2 }),
    dayShift: fc.integer({ min: -2, max: 2 }),
    precision: fc.constantFrom(4, 7, 10, 10),
  })
  .map(({ sex, on, yearsBefore, monthShift, dayShift, precision }) => {
    const [y, m, d] = on.split('-').map(Number) as [number, number, number];
    const t = new Date(Date.UTC(y - yearsBefore, m - 1 + monthShift, d + dayShift));
    const full = t.toISOString().slice(0, 10);
    return { sex, on, birth: full.slice(0, precision) };
  });

describe.each(testDatabases())('sex and age in SQL on $name', ({ open }) => {
  it('equals the core sexAge on random dates', async () => {
    const db = await open();
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(caseArb, { minLength: 1, maxLength: 300 }), async (cases) => {
          const { rows } = await db.query<{ i: number; sexage: string }>(
            `SELECT report_sex_age(f.sex, f.birth, f.d) AS sexage
               FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS f(sex, birth, d, i) ORDER BY f.i`,
            [cases.map((c) => c.sex), cases.map((c) => c.birth), cases.map((c) => c.on)],
          );
          expect(rows.map((r) => r.sexage)).toEqual(cases.map((c) => sexAge(c.sex, c.birth, c.on)));
        }),
        { numRuns: 30 },
      );
      // no birth date, one the identification precedes, or one that does not read as a date (a negative year as
      // report_birth_text writes it): unknown, as in the core
      const { rows } = await db.query<{ sexage: string }>(
        `SELECT report_sex_age(f.sex, f.birth, f.d) AS sexage
           FROM (VALUES ('female', NULL::text, '2020-01-01'), ('male', '2021', '2020-06-01'),
                        ('female', '2020-01-02', '2020-01-01'), ('male', '00-5', '2020-01-01')) AS f(sex, birth, d)`,
      );
      expect(rows.map((r) => r.sexage)).toEqual(['unknown', 'unknown', 'unknown', 'unknown']);
    } finally {
      await db.close();
    }
  });
});

describe.each(testDatabases())('the linked keys as one array literal on $name', ({ open }) => {
  it('pgTextArray reads back as the same texts, whatever characters the keys hold', async () => {
    const db = await open();
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.oneof(
              // (no NUL: PostgreSQL's text cannot hold it, so no key has one)
              fc.string({ unit: 'grapheme' }).filter((k) => !k.includes('\u0000')),
              fc.string({ unit: fc.constantFrom('"', '\\', ',', '{', '}', ' ', 'a', "'", 'NULL') }),
            ),
            { maxLength: 50 },
          ),
          async (keys) => {
            const { rows } = await db.query<{ a: string[] }>('SELECT $1::text[] AS a', [pgTextArray(keys)]);
            expect(rows[0]!.a).toEqual(keys);
          },
        ),
        { numRuns: 100 },
      );
    } finally {
      await db.close();
    }
  });
});
